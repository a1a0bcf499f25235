using Microsoft.Extensions.Options;

namespace QuoteBot.Core.Daily;

/// <summary>Settings of the "Daily" configuration section.</summary>
public sealed class DailyOptions
{
    public const string Section = "Daily";

    /// <summary>Whether the scheduler runs in this process (the /daily command works either way).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>A post missed because the bot was down is still sent when it starts within this long after the time.</summary>
    public TimeSpan GracePeriod { get; set; } = TimeSpan.FromHours(2);

    /// <summary>Pause between two scheduled sends, so many channels due in one minute stay within rate limits.</summary>
    public TimeSpan SendInterval { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>How many posts of one pass may be under way at once (one waiting for a rate limit does not stop the rest).</summary>
    public int MaxConcurrentPosts { get; set; } = 8;

    /// <summary>First wait before retrying a transient failure; doubles each time, while within the grace period.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often the scheduler looks for schedules changed by another process.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Permanent failures in a row that pause a subscription.</summary>
    public int PauseAfterFailures { get; set; } = 3;

    /// <summary>At most this many search matches form a filtered pool.</summary>
    public int FilterPoolCap { get; set; } = 5000;

    /// <summary>The claim owner id of this process; a random one when empty.</summary>
    public string? InstanceId { get; set; }

    /// <summary>Values in configuration that could not be read; reported by <see cref="DailyOptionsValidator"/>.</summary>
    internal List<string> ConfigErrors { get; } = [];
}

/// <summary>Checks <see cref="DailyOptions"/> at start, with one line per problem.</summary>
public sealed class DailyOptionsValidator : IValidateOptions<DailyOptions>
{
    public ValidateOptionsResult Validate(string? name, DailyOptions options)
    {
        var errors = new List<string>(options.ConfigErrors);
        if (options.GracePeriod < TimeSpan.Zero || options.GracePeriod > TimeSpan.FromHours(23))
        {
            errors.Add("Daily:GracePeriod must be between 00:00:00 and 23:00:00.");
        }

        if (options.MaxConcurrentPosts is < 1 or > 64)
        {
            errors.Add("Daily:MaxConcurrentPosts must be between 1 and 64.");
        }

        if (options.SendInterval < TimeSpan.Zero || options.SendInterval > TimeSpan.FromMinutes(1))
        {
            errors.Add("Daily:SendInterval must be between 00:00:00 and 00:01:00.");
        }

        if (options.RetryDelay < TimeSpan.FromSeconds(1) || options.RetryDelay > TimeSpan.FromHours(1))
        {
            errors.Add("Daily:RetryDelay must be between 00:00:01 and 01:00:00.");
        }

        if (options.PollInterval < TimeSpan.FromSeconds(1) || options.PollInterval > TimeSpan.FromHours(1))
        {
            errors.Add("Daily:PollInterval must be between 00:00:01 and 01:00:00.");
        }

        if (options.PauseAfterFailures is < 1 or > 100)
        {
            errors.Add("Daily:PauseAfterFailures must be between 1 and 100.");
        }

        if (options.FilterPoolCap is < 1 or > 100_000)
        {
            errors.Add("Daily:FilterPoolCap must be between 1 and 100000.");
        }

        if (options.InstanceId is { Length: > 100 })
        {
            errors.Add("Daily:InstanceId must be at most 100 characters.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
