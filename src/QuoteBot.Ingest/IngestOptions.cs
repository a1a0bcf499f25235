using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace QuoteBot.Ingest;

/// <summary>Settings of the "Ingest" configuration section: fetching articles and feeds.</summary>
public sealed class IngestOptions
{
    public const string Section = "Ingest";

    /// <summary>Lets links reach loopback, private, link-local and other local addresses (intranets, tests). Off by default.</summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>The largest body read from one response (after decompression); a larger one is refused.</summary>
    public long MaxBodyBytes { get; set; } = 5 * 1024 * 1024;

    /// <summary>The longest one fetch may take, redirects, retries and body included.</summary>
    public TimeSpan TimeLimit { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Redirects followed (each hop is checked like the first request); at most 5.</summary>
    public int MaxRedirects { get; set; } = 5;

    /// <summary>Retries of a transient failure (network error, 5xx, 408, 429), with exponential backoff.</summary>
    public int Retries { get; set; } = 2;

    /// <summary>First wait before a retry; doubles each time (with jitter).</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Least time between two requests to one host (politeness).</summary>
    public TimeSpan PerHostInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The User-Agent sent with every request.</summary>
    public string UserAgent { get; set; } = "QuoteBot/1.0 (news quote bot; fetches links its moderators post)";

    /// <summary>Values in configuration that could not be read; reported by <see cref="IngestOptionsValidator"/>.</summary>
    internal List<string> ConfigErrors { get; } = [];

    /// <summary>Reads the section into <paramref name="o"/>; unreadable values become one-line errors at start.</summary>
    public static void Bind(IConfiguration section, IngestOptions o)
    {
        ArgumentNullException.ThrowIfNull(section);
        ArgumentNullException.ThrowIfNull(o);
        var read = new SettingReader(section, "Ingest", o.ConfigErrors);
        o.AllowPrivateNetworks = read.Bool(nameof(AllowPrivateNetworks), o.AllowPrivateNetworks);
        o.MaxBodyBytes = read.Read(nameof(MaxBodyBytes), o.MaxBodyBytes, (string s, out long v) => long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out v), "a whole number of bytes");
        o.TimeLimit = read.Span(nameof(TimeLimit), o.TimeLimit, "00:00:15");
        o.MaxRedirects = read.Int(nameof(MaxRedirects), o.MaxRedirects);
        o.Retries = read.Int(nameof(Retries), o.Retries);
        o.RetryDelay = read.Span(nameof(RetryDelay), o.RetryDelay, "00:00:01");
        o.PerHostInterval = read.Span(nameof(PerHostInterval), o.PerHostInterval, "00:00:01");
        if (section[nameof(UserAgent)] is { Length: > 0 } ua)
        {
            o.UserAgent = ua;
        }
    }
}

/// <summary>Checks <see cref="IngestOptions"/> at start, with one line per problem.</summary>
public sealed class IngestOptionsValidator : IValidateOptions<IngestOptions>
{
    public ValidateOptionsResult Validate(string? name, IngestOptions options)
    {
        var errors = new List<string>(options.ConfigErrors);
        if (options.MaxBodyBytes < 1024 || options.MaxBodyBytes > 100L * 1024 * 1024)
        {
            errors.Add("Ingest:MaxBodyBytes must be between 1024 and 104857600 (100 MB).");
        }

        if (options.TimeLimit < TimeSpan.FromMilliseconds(100) || options.TimeLimit > TimeSpan.FromMinutes(5))
        {
            errors.Add("Ingest:TimeLimit must be between 00:00:00.1 and 00:05:00.");
        }

        if (options.MaxRedirects is < 0 or > 5)
        {
            errors.Add("Ingest:MaxRedirects must be between 0 and 5.");
        }

        if (options.Retries is < 0 or > 5)
        {
            errors.Add("Ingest:Retries must be between 0 and 5.");
        }

        if (options.RetryDelay < TimeSpan.FromMilliseconds(1) || options.RetryDelay > TimeSpan.FromMinutes(1))
        {
            errors.Add("Ingest:RetryDelay must be between 00:00:00.001 and 00:01:00.");
        }

        if (options.PerHostInterval < TimeSpan.Zero || options.PerHostInterval > TimeSpan.FromMinutes(1))
        {
            errors.Add("Ingest:PerHostInterval must be between 00:00:00 and 00:01:00.");
        }

        if (string.IsNullOrWhiteSpace(options.UserAgent) || options.UserAgent.Any(char.IsControl) || !options.UserAgent.Contains("QuoteBot", StringComparison.OrdinalIgnoreCase))
        {
            errors.Add("Ingest:UserAgent must be one line that names QuoteBot.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
