using QuoteBot.Core.Model;

namespace QuoteBot.Core.Daily;

/// <summary>
/// One channel's daily quote: when (a local time of day in an IANA zone, never a stored UTC time), where, and which
/// quotes. There is at most one per conversation key.
/// </summary>
public sealed record DailySubscription
{
    /// <summary>Assigned by the store; stays the same when the schedule is changed, so a day's claim still counts.</summary>
    public required long Id { get; init; }

    /// <summary>The conversation key's prefix ("tg", "dc"); picks the <see cref="IChannelPoster"/>.</summary>
    public required string Platform { get; init; }

    public required string ConversationKey { get; init; }

    /// <summary>Whose quotes may be posted: the global corpus plus this scope's own.</summary>
    public required Scope Scope { get; init; }

    public required TimeOnly LocalTime { get; init; }

    public required string ZoneId { get; init; }

    /// <summary>The filter in query syntax ("speaker:zelenskyy"), or null for any quote.</summary>
    public string? Query { get; init; }

    /// <summary>The user who last set it.</summary>
    public string SetBy { get; init; } = Actor.System.Id;

    /// <summary>When it was last set: occurrences before this instant are never posted.</summary>
    public required DateTimeOffset ActiveSince { get; init; }

    /// <summary>Permanent failures in a row (reset by a post that went out).</summary>
    public int ConsecutiveFailures { get; init; }

    public string? LastFailure { get; init; }

    /// <summary>Paused after too many permanent failures; /daily set or /daily now resumes.</summary>
    public bool Paused { get; init; }

    /// <summary>Whether a moderator was already told about the pause.</summary>
    public bool PauseNotified { get; init; }
}

/// <summary>What <c>/daily set</c> asks for; the store keeps the id of an existing subscription for the same key.</summary>
public sealed record DailySubscriptionSpec(
    string Platform,
    string ConversationKey,
    Scope Scope,
    TimeOnly LocalTime,
    string ZoneId,
    string? Query,
    string SetBy,
    DateTimeOffset SetAt);

/// <summary>Helpers for conversation keys ("tg:-100123").</summary>
public static class ConversationKeys
{
    /// <summary>The part before the first ':' ("tg"), or the whole key when it has none ("local").</summary>
    public static string PlatformOf(string conversationKey)
    {
        var colon = conversationKey.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? conversationKey : conversationKey[..colon];
    }
}
