using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace QuoteBot.Ingest.Feeds;

/// <summary>Settings of the "Feeds" configuration section: the poller of followed feeds.</summary>
public sealed class FeedPollerOptions
{
    public const string Section = "Feeds";

    /// <summary>Whether this process polls followed feeds (/follow and the CLI work either way).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often each feed is checked for new items.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Each next check moves by a random amount up to this much either way, so feeds do not all fall due together.</summary>
    public TimeSpan Jitter { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>Wait after the first failed check; doubles with each failure in a row, up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMinutes(5);

    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromHours(6);

    /// <summary>Failed checks in a row that pause a feed (and tell the community's moderators once).</summary>
    public int PauseAfterFailures { get; set; } = 5;

    /// <summary>The longest one feed's check may take, its new articles included; a slower feed counts as failed.</summary>
    public TimeSpan FeedTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>At most this many items of a feed are looked at per check (the newest).</summary>
    public int MaxItemsPerCheck { get; set; } = 30;

    /// <summary>How many feeds are checked at once.</summary>
    public int MaxConcurrentFeeds { get; set; } = 4;

    /// <summary>How often the poller looks for due feeds (follows added by another process are seen within this).</summary>
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long a claimed feed stays with this process; after that another instance may take it (a crash).</summary>
    public TimeSpan ClaimLease { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The claim owner id of this process; a random one when empty.</summary>
    public string? InstanceId { get; set; }

    internal List<string> ConfigErrors { get; } = [];

    /// <summary>Reads the section into <paramref name="o"/>; unreadable values become one-line errors at start.</summary>
    public static void Bind(IConfiguration section, FeedPollerOptions o)
    {
        ArgumentNullException.ThrowIfNull(section);
        ArgumentNullException.ThrowIfNull(o);
        var read = new SettingReader(section, "Feeds", o.ConfigErrors);
        o.Enabled = read.Bool(nameof(Enabled), o.Enabled);
        o.PollInterval = read.Span(nameof(PollInterval), o.PollInterval, "00:30:00");
        o.Jitter = read.Span(nameof(Jitter), o.Jitter, "00:03:00");
        o.RetryDelay = read.Span(nameof(RetryDelay), o.RetryDelay, "00:05:00");
        o.MaxBackoff = read.Span(nameof(MaxBackoff), o.MaxBackoff, "06:00:00");
        o.PauseAfterFailures = read.Int(nameof(PauseAfterFailures), o.PauseAfterFailures);
        o.FeedTimeout = read.Span(nameof(FeedTimeout), o.FeedTimeout, "00:02:00");
        o.MaxItemsPerCheck = read.Int(nameof(MaxItemsPerCheck), o.MaxItemsPerCheck);
        o.MaxConcurrentFeeds = read.Int(nameof(MaxConcurrentFeeds), o.MaxConcurrentFeeds);
        o.CheckInterval = read.Span(nameof(CheckInterval), o.CheckInterval, "00:01:00");
        o.ClaimLease = read.Span(nameof(ClaimLease), o.ClaimLease, "00:10:00");
        if (section[nameof(InstanceId)] is { Length: > 0 } id)
        {
            o.InstanceId = id;
        }
    }
}

/// <summary>Checks <see cref="FeedPollerOptions"/> at start, with one line per problem.</summary>
public sealed class FeedPollerOptionsValidator : IValidateOptions<FeedPollerOptions>
{
    public ValidateOptionsResult Validate(string? name, FeedPollerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>(options.ConfigErrors);
        void Span(string key, TimeSpan value, TimeSpan min, TimeSpan max, string range)
        {
            if (value < min || value > max)
            {
                errors.Add($"Feeds:{key} must be between {range}.");
            }
        }

        Span(nameof(options.PollInterval), options.PollInterval, TimeSpan.FromSeconds(1), TimeSpan.FromDays(7), "00:00:01 and 7.00:00:00");
        Span(nameof(options.RetryDelay), options.RetryDelay, TimeSpan.FromSeconds(1), TimeSpan.FromDays(1), "00:00:01 and 1.00:00:00");
        Span(nameof(options.MaxBackoff), options.MaxBackoff, TimeSpan.FromSeconds(1), TimeSpan.FromDays(7), "00:00:01 and 7.00:00:00");
        Span(nameof(options.FeedTimeout), options.FeedTimeout, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(30), "00:00:01 and 00:30:00");
        Span(nameof(options.CheckInterval), options.CheckInterval, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1), "00:00:01 and 01:00:00");
        if (options.Jitter < TimeSpan.Zero || options.Jitter > options.PollInterval / 2)
        {
            errors.Add("Feeds:Jitter must be between 00:00:00 and half of Feeds:PollInterval.");
        }

        if (options.MaxBackoff < options.RetryDelay)
        {
            errors.Add("Feeds:MaxBackoff must not be shorter than Feeds:RetryDelay.");
        }

        if (options.ClaimLease <= options.FeedTimeout || options.ClaimLease > TimeSpan.FromHours(2))
        {
            errors.Add("Feeds:ClaimLease must be longer than Feeds:FeedTimeout and at most 02:00:00.");
        }

        if (options.PauseAfterFailures is < 1 or > 100)
        {
            errors.Add("Feeds:PauseAfterFailures must be between 1 and 100.");
        }

        if (options.MaxItemsPerCheck is < 1 or > FeedReader.MaxItems)
        {
            errors.Add($"Feeds:MaxItemsPerCheck must be between 1 and {FeedReader.MaxItems}.");
        }

        if (options.MaxConcurrentFeeds is < 1 or > 32)
        {
            errors.Add("Feeds:MaxConcurrentFeeds must be between 1 and 32.");
        }

        if (options.InstanceId is { Length: > 100 } || (options.InstanceId?.Any(char.IsControl) ?? false))
        {
            errors.Add("Feeds:InstanceId must be one line of at most 100 characters.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
