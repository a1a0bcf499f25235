using System.Globalization;
using QuoteBot.Core.Model;

namespace QuoteBot.Core.Follows;

/// <summary>How a followed feed is doing, as moderators see it.</summary>
public enum FollowState
{
    /// <summary>The last poll worked (or none failed yet).</summary>
    Ok,

    /// <summary>The last polls failed; the poller is backing off.</summary>
    Failing,

    /// <summary>Paused after too many failures in a row; following it again resumes it.</summary>
    Paused,
}

/// <summary>
/// A community's subscription to a news feed (RSS or Atom): which feed, whether its quotes go public at once, who added
/// it and where, and the poller's state (next due time, failures, pause, conditional-GET validators, last outcome).
/// At most one per (scope, canonical feed URL).
/// </summary>
public sealed record Follow
{
    public required long Id { get; init; }

    /// <summary>The community whose quotes the feed's articles become.</summary>
    public required Scope Scope { get; init; }

    /// <summary>The feed's canonical URL (see docs/ingest.md): the key within the scope.</summary>
    public required string FeedUrl { get; init; }

    /// <summary>The feed's own title when it was followed, for lists.</summary>
    public string? Title { get; init; }

    /// <summary>Quotes from this feed are stored approved (searchable at once) instead of pending review.</summary>
    public bool AutoApprove { get; init; }

    public required string AddedBy { get; init; }

    public string AddedByName { get; init; } = string.Empty;

    public required DateTimeOffset AddedAt { get; init; }

    /// <summary>The conversation where it was followed ("tg:-100123", "dc:81234"): where a pause is announced. Null from the CLI.</summary>
    public string? ConversationKey { get; init; }

    /// <summary>When the poller should look at it next.</summary>
    public required DateTimeOffset NextDueAt { get; init; }

    /// <summary>Failed polls in a row (reset by a poll that worked).</summary>
    public int ConsecutiveFailures { get; init; }

    public bool Paused { get; init; }

    /// <summary>Whether the community's moderators were told about the pause.</summary>
    public bool PauseNotified { get; init; }

    /// <summary>The feed's last ETag, sent back as If-None-Match.</summary>
    public string? ETag { get; init; }

    /// <summary>The feed's last Last-Modified, sent back as If-Modified-Since.</summary>
    public DateTimeOffset? LastModified { get; init; }

    /// <summary>Why the last failed poll failed (one line).</summary>
    public string? LastError { get; init; }

    public DateTimeOffset? LastSuccessAt { get; init; }

    public DateTimeOffset? LastPolledAt { get; init; }

    public FollowState State => Paused ? FollowState.Paused : ConsecutiveFailures > 0 ? FollowState.Failing : FollowState.Ok;

    /// <summary>"ok", "failing 2", "paused": the state in a few words.</summary>
    public string StateText => State switch
    {
        FollowState.Paused => "paused",
        FollowState.Failing => string.Create(CultureInfo.InvariantCulture, $"failing {ConsecutiveFailures}"),
        _ => "ok",
    };
}

/// <summary>What a moderator or operator asks to follow. The URL must already be canonical (the feed check makes it so).</summary>
public sealed record NewFollow
{
    public required Scope Scope { get; init; }

    public required string FeedUrl { get; init; }

    public string? Title { get; init; }

    public bool AutoApprove { get; init; }

    public string? ConversationKey { get; init; }

    /// <summary>When it is followed: the first poll is due then.</summary>
    public required DateTimeOffset At { get; init; }
}

/// <summary>How following went: a new follow, a paused one resumed, a setting changed, or nothing to do.</summary>
public enum FollowAddOutcome
{
    Added,
    Resumed,
    Updated,
    Unchanged,
}

public sealed record FollowAddResult(Follow Follow, FollowAddOutcome Outcome);

/// <summary>
/// The outcome of one poll, booked by <see cref="IFollowStore.RecordFollowPollAsync"/>: <see cref="Error"/> null for a
/// poll that worked (validators stored, failures cleared), else the one-line reason (failures counted).
/// </summary>
public sealed record FollowPollResult
{
    public required DateTimeOffset At { get; init; }

    public required DateTimeOffset NextDueAt { get; init; }

    public string? Error { get; init; }

    public string? ETag { get; init; }

    public DateTimeOffset? LastModified { get; init; }

    public bool Ok => Error is null;
}

/// <summary>One audited change to a follow: followed, unfollowed, resumed, changed, or paused by the poller.</summary>
public sealed record FollowAuditEntry(long FollowId, Scope Scope, string FeedUrl, string Action, string ActorId, string ActorName, DateTimeOffset At, bool AutoApprove);

/// <summary>The audit actions of follows, the same in every store.</summary>
public static class FollowActions
{
    public const string Follow = "follow";
    public const string Unfollow = "unfollow";
    public const string Resume = "resume";
    public const string Update = "update";
    public const string Pause = "pause";
}

/// <summary>
/// Feed subscriptions per community, and the claims that let one poller at a time poll a feed however many processes
/// share the store. Implementations: the in-memory, SQLite and PostgreSQL quote stores. Every write checks
/// <see cref="FollowRules"/> first (throwing <see cref="InvalidFollowException"/>, changing nothing); follow, unfollow,
/// resume and pause write an audit row in the same transaction.
/// </summary>
public interface IFollowStore
{
    /// <summary>
    /// Follows a feed, or, when the scope already follows it, sets its auto-approve flag and conversation and resumes
    /// it if it was paused (failures cleared, due at once).
    /// </summary>
    Task<FollowAddResult> AddFollowAsync(NewFollow follow, Actor actor, CancellationToken ct = default);

    Task<Follow?> GetFollowAsync(Scope scope, string feedUrl, CancellationToken ct = default);

    /// <summary>The follows of <paramref name="scope"/> (of every scope when null), oldest first.</summary>
    Task<IReadOnlyList<Follow>> ListFollowsAsync(Scope? scope, CancellationToken ct = default);

    /// <summary>Stops following; the removed follow, or null when the scope did not follow that feed.</summary>
    Task<Follow?> RemoveFollowAsync(Scope scope, string feedUrl, Actor actor, DateTimeOffset at, CancellationToken ct = default);

    /// <summary>
    /// Claims up to <paramref name="limit"/> follows that are due (not paused, next due at or before <paramref name="now"/>)
    /// and not claimed by anyone whose lease is still running: each is held by <paramref name="instanceId"/> until
    /// <paramref name="now"/> + <paramref name="lease"/>. A follow is handed to one caller only, across processes.
    /// </summary>
    Task<IReadOnlyList<Follow>> ClaimDueFollowsAsync(DateTimeOffset now, string instanceId, TimeSpan lease, int limit, CancellationToken ct = default);

    /// <summary>
    /// Books a poll of a follow claimed by <paramref name="instanceId"/> and releases the claim. A failure counts, and
    /// pauses the follow when the count reaches <paramref name="pauseAfter"/> (audited as "pause"). Null when the
    /// follow is gone or the claim was lost (nothing changed).
    /// </summary>
    Task<Follow?> RecordFollowPollAsync(long followId, string instanceId, FollowPollResult result, int pauseAfter, CancellationToken ct = default);

    /// <summary>Marks a pause as told (or not) to moderators; true only for the call that changed it.</summary>
    Task<bool> SetFollowPauseNotifiedAsync(long followId, bool notified, CancellationToken ct = default);

    /// <summary>The audit rows of <paramref name="scope"/>'s follows (every scope when null), oldest first.</summary>
    Task<IReadOnlyList<FollowAuditEntry>> GetFollowAuditAsync(Scope? scope, CancellationToken ct = default);
}

/// <summary>
/// The one validation of a follow, whichever way it comes in (chat, CLI): a valid scope, an absolute http(s) feed URL
/// without user name, password or fragment, one line of at most 2,048 characters, and sane conversation, title and
/// actor values. Callers check first to answer with the reason; every store checks again.
/// </summary>
public static class FollowRules
{
    public const int MaxConversationKeyLength = 200;
    public const int MaxErrorLength = 500;
    public const int MaxETagLength = 500;

    /// <summary>A feed URL as stored: null when fine, else what is wrong.</summary>
    public static string? CheckFeedUrl(string? url)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            return "no feed link given";
        }

        var problem = QuoteRules.CheckChars("feed link", url, multiline: false) ?? QuoteRules.CheckLength("feed link", url, QuoteRules.MaxUrlLength);
        if (problem is not null)
        {
            return problem;
        }

        if (!QuoteRules.IsHttpUrl(url) || !Uri.TryCreate(url, UriKind.Absolute, out var u))
        {
            return "the feed link must be a http(s) link, like https://news.example/rss.xml";
        }

        if (u.UserInfo.Length > 0)
        {
            return "the feed link may not carry a user name or password";
        }

        return u.Fragment.Length > 0 ? "the feed link may not have a #fragment" : null;
    }

    public static string? Check(NewFollow follow, Actor actor)
    {
        ArgumentNullException.ThrowIfNull(follow);
        ArgumentNullException.ThrowIfNull(actor);
        return QuoteRules.CheckScope(follow.Scope.Key)
            ?? CheckFeedUrl(follow.FeedUrl)
            ?? QuoteRules.CheckOptionalLine("feed title", follow.Title, QuoteRules.MaxTitleLength)
            ?? QuoteRules.CheckOptionalLine("conversation", follow.ConversationKey, MaxConversationKeyLength)
            ?? QuoteRules.CheckActor(actor.Id)
            ?? QuoteRules.CheckOptionalLine("actor name", actor.DisplayName, QuoteRules.MaxActorLength);
    }

    public static string? Check(FollowPollResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return QuoteRules.CheckOptionalLine("poll error", result.Error, MaxErrorLength)
            ?? QuoteRules.CheckOptionalLine("ETag", result.ETag, MaxETagLength)
            ?? (result.Error is { Length: 0 } ? "the poll error is empty" : null);
    }

    /// <summary>Throws <see cref="InvalidFollowException"/> when <paramref name="follow"/> breaks a rule.</summary>
    public static void Ensure(NewFollow follow, Actor actor)
    {
        if (Check(follow, actor) is { } problem)
        {
            throw new InvalidFollowException(problem);
        }
    }

    public static void Ensure(FollowPollResult result)
    {
        if (Check(result) is { } problem)
        {
            throw new InvalidFollowException(problem);
        }
    }

    /// <summary>Checks a scope and feed URL used as a key (get, remove).</summary>
    public static void EnsureKey(Scope scope, string feedUrl)
    {
        if ((QuoteRules.CheckScope(scope.Key) ?? CheckFeedUrl(feedUrl)) is { } problem)
        {
            throw new InvalidFollowException(problem);
        }
    }

    /// <summary>One line cut to <paramref name="max"/> characters, control characters replaced by spaces (poll errors).</summary>
    public static string OneLine(string text, int max = MaxErrorLength)
    {
        ArgumentNullException.ThrowIfNull(text);
        var chars = text.Select(c => char.IsControl(c) || c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069' ? ' ' : c).ToArray();
        var line = new string(chars).Trim();
        if (line.Length == 0)
        {
            line = "unknown error";
        }

        if (line.Length > max)
        {
            line = line[..(max - 1)];
            if (char.IsHighSurrogate(line[^1]))
            {
                line = line[..^1];
            }

            line += "…";
        }

        return line;
    }
}

/// <summary>A follow breaks one of the <see cref="FollowRules"/>; every store throws this and changes nothing.</summary>
public sealed class InvalidFollowException : ArgumentException
{
    public InvalidFollowException()
    {
        Reason = string.Empty;
    }

    public InvalidFollowException(string reason)
        : base(QuoteRules.Sentence(reason))
    {
        Reason = reason;
    }

    public InvalidFollowException(string reason, Exception innerException)
        : base(QuoteRules.Sentence(reason), innerException)
    {
        Reason = reason;
    }

    public string Reason { get; }
}

/// <summary>Times of follows as every store keeps them: UTC, whole milliseconds.</summary>
public static class FollowTime
{
    public static DateTimeOffset Normalize(DateTimeOffset t) =>
        new(t.UtcTicks - (t.UtcTicks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);

    public static DateTimeOffset? Normalize(DateTimeOffset? t) => t is { } v ? Normalize(v) : null;
}
