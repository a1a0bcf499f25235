using Microsoft.Extensions.Options;

namespace QuoteBot.Host.Hosting;

/// <summary>Storage settings ("Storage" section; env Storage__Provider, Storage__Path, Storage__ConnectionString).</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>Sqlite (default), Postgres, or Memory (nothing is kept).</summary>
    public string Provider { get; set; } = "Sqlite";

    /// <summary>The SQLite file; relative paths are resolved against the current directory.</summary>
    public string Path { get; set; } = "data/quotebot.db";

    /// <summary>For Postgres: an Npgsql connection string. A secret: never logged.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// For Postgres: the password, when it is not in <see cref="ConnectionString"/>. Set apart, any character is safe in
    /// it (a ';' or '=' inside a connection string would split it). A secret: never logged.
    /// </summary>
    public string? Password { get; set; }

    /// <summary>The PostgreSQL connection string with <see cref="Password"/> put in by the driver's own builder.</summary>
    public string? PostgresConnectionString => QuoteBot.Storage.Postgres.PostgresDatabase.WithPassword(ConnectionString, Password);

    /// <summary>
    /// SQLite: write a bulk import into an empty database in one transaction (faster; holds the write lock until the
    /// import ends, and a crash leaves the database empty). Set by <c>quotebot import --one-transaction</c>.
    /// </summary>
    public bool ImportOneTransaction { get; set; }

    /// <summary>
    /// SQLite: the writer connection's page cache in MiB (2 to 1024). Every write goes through it; a bulk import
    /// (<c>quotebot import</c>, <c>migrate</c>) fills it, so a smaller cache lowers that peak (a million-quote import
    /// peaks near 190 MB with the default 32) and costs import time (pages of the growing tables are read again).
    /// </summary>
    public int WriterCacheMb { get; set; } = new QuoteBot.Storage.Sqlite.SqliteStoreOptions().WriterCacheMegabytes;

    public string FullPath => System.IO.Path.GetFullPath(Path);
}

/// <summary>The bundled sample corpus ("Corpus" section).</summary>
public sealed class CorpusOptions
{
    public const string Section = "Corpus";

    /// <summary>
    /// Import the invented sample articles into a store that has no quotes: <c>auto</c> (the default) only when the
    /// terminal chat runs and nothing else (the demo of a fresh clone), never for a deployment or a CLI command;
    /// <c>true</c>; <c>false</c>.
    /// </summary>
    [Choices("auto", "true", "false")]
    public string LoadSampleWhenEmpty { get; set; } = "auto";

    /// <summary>Folder of sample articles, relative to the program's folder.</summary>
    public string SamplePath { get; set; } = "SampleCorpus";

    /// <summary>Set by the host from its <see cref="RunPlan"/>: the terminal chat runs and no chat adapter does.</summary>
    internal bool TerminalDemo { get; set; }

    /// <summary>Whether an empty store gets the sample quotes, from <see cref="LoadSampleWhenEmpty"/>.</summary>
    public bool LoadsSample => (LoadSampleWhenEmpty ?? "auto").Trim().ToLowerInvariant() switch
    {
        "true" => true,
        "false" => false,
        _ => TerminalDemo,
    };

    public string FullSamplePath => System.IO.Path.IsPathRooted(SamplePath) ? SamplePath : System.IO.Path.Combine(AppContext.BaseDirectory, SamplePath);
}

/// <summary>The terminal chat ("Chat" section).</summary>
public sealed class ChatOptions
{
    public const string Section = "Chat";

    /// <summary><c>auto</c>: the terminal chat runs when no chat token is set; <c>always</c>; <c>never</c>.</summary>
    [Choices("auto", "always", "never")]
    public string Terminal { get; set; } = "auto";
}

/// <summary>The HTTP listener ("Http" section): /healthz, /readyz and the Telegram webhook.</summary>
public sealed class HttpOptions
{
    public const string Section = "Http";

    /// <summary>Addresses to listen on, separated by ';', like http://0.0.0.0:8080; empty = no listener.</summary>
    public string? Urls { get; set; }

    /// <summary>What is wrong with a value of Http:Urls, or null when every address is usable.</summary>
    internal static string? Problem(string? urls)
    {
        if (string.IsNullOrWhiteSpace(urls))
        {
            return null;
        }

        foreach (var entry in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            // Kestrel reads * and + as "every address".
            var probe = entry.Replace("://*", "://localhost", StringComparison.Ordinal).Replace("://+", "://localhost", StringComparison.Ordinal);
            if (!Uri.TryCreate(probe, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
                || uri.PathAndQuery is not ("/" or "") || string.IsNullOrEmpty(uri.Host))
            {
                var shown = entry.Length > 60 ? entry[..60] + "…" : entry;
                return $"Http:Urls must be listening addresses like http://0.0.0.0:8080, separated by ';' ('{shown}' is not one).";
            }
        }

        return null;
    }
}

internal sealed class StorageOptionsValidator : IValidateOptions<StorageOptions>
{
    public ValidateOptionsResult Validate(string? name, StorageOptions o)
    {
        if (!StorageProviders.All.Contains(o.Provider, StringComparer.OrdinalIgnoreCase))
        {
            return ValidateOptionsResult.Fail($"Storage__Provider must be one of {string.Join(", ", StorageProviders.All)} (it is '{o.Provider}').");
        }

        if (o.Provider.Equals(StorageProviders.Sqlite, StringComparison.OrdinalIgnoreCase) && string.IsNullOrWhiteSpace(o.Path))
        {
            return ValidateOptionsResult.Fail("Storage__Path must name the SQLite database file, like data/quotebot.db.");
        }

        if (o.WriterCacheMb is < 2 or > 1024)
        {
            return ValidateOptionsResult.Fail($"Storage__WriterCacheMb must be between 2 and 1024 (MiB; it is {o.WriterCacheMb}).");
        }

        if (o.Provider.Equals(StorageProviders.Postgres, StringComparison.OrdinalIgnoreCase) && string.IsNullOrWhiteSpace(o.ConnectionString))
        {
            return ValidateOptionsResult.Fail("Storage__ConnectionString is required when Storage__Provider is Postgres.");
        }

        return ValidateOptionsResult.Success;
    }
}

internal static class StorageProviders
{
    public const string Sqlite = "Sqlite";
    public const string Postgres = "Postgres";
    public const string Memory = "Memory";
    public static readonly string[] All = [Sqlite, Postgres, Memory];
}
