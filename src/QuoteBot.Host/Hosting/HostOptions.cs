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

    public string FullPath => System.IO.Path.GetFullPath(Path);
}

/// <summary>The bundled sample corpus ("Corpus" section).</summary>
public sealed class CorpusOptions
{
    public const string Section = "Corpus";

    /// <summary>Import the sample articles when the store has no quotes at all.</summary>
    public bool LoadSampleWhenEmpty { get; set; } = true;

    /// <summary>Folder of sample articles, relative to the program's folder.</summary>
    public string SamplePath { get; set; } = "SampleCorpus";

    public string FullSamplePath => System.IO.Path.IsPathRooted(SamplePath) ? SamplePath : System.IO.Path.Combine(AppContext.BaseDirectory, SamplePath);
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
