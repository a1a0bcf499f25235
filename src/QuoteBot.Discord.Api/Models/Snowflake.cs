namespace QuoteBot.Discord.Api.Models;

/// <summary>Helpers for Discord snowflake ids.</summary>
public static class Snowflake
{
    /// <summary>The Discord epoch (2015-01-01T00:00:00Z) in Unix milliseconds.</summary>
    public const long DiscordEpochMilliseconds = 1420070400000;

    /// <summary>When the object with this id was created.</summary>
    public static DateTimeOffset CreatedAt(ulong id) =>
        DateTimeOffset.FromUnixTimeMilliseconds((long)(id >> 22) + DiscordEpochMilliseconds);
}
