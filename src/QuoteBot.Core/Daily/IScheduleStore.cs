namespace QuoteBot.Core.Daily;

/// <summary>
/// Durable daily-post schedules and the claims that make each day's post happen exactly once. A claim row is unique
/// per (subscription, local date): whoever inserts it first sends that day's post, even across processes sharing
/// one database. Implementations: <see cref="InMemoryScheduleStore"/>, the SQLite and PostgreSQL stores.
/// </summary>
public interface IScheduleStore
{
    /// <summary>Creates or upgrades the schema. Idempotent.</summary>
    Task InitializeAsync(CancellationToken ct = default);

    /// <summary>
    /// Creates the conversation's subscription or changes it (same id). Clears the failure count and any pause.
    /// </summary>
    Task<DailySubscription> UpsertAsync(DailySubscriptionSpec spec, CancellationToken ct = default);

    Task<DailySubscription?> GetAsync(string conversationKey, CancellationToken ct = default);

    /// <summary>Every subscription, paused ones too.</summary>
    Task<IReadOnlyList<DailySubscription>> ListAsync(CancellationToken ct = default);

    /// <summary>Deletes the conversation's subscription and its claims; false when there was none.</summary>
    Task<bool> RemoveAsync(string conversationKey, CancellationToken ct = default);

    /// <summary>
    /// A chat got a new id (a Telegram group became a supergroup): the subscription and its history move to
    /// <paramref name="newKey"/>; a scope equal to the old key follows. False when there was nothing to move or the
    /// new key already has its own subscription (then the old one is removed).
    /// </summary>
    Task<bool> MoveConversationAsync(string oldKey, string newKey, CancellationToken ct = default);

    /// <summary>Claims the post of <paramref name="localDate"/>; true only for the one caller that inserted the claim.</summary>
    Task<bool> TryClaimAsync(long subscriptionId, DateOnly localDate, string instanceId, DateTimeOffset now, CancellationToken ct = default);

    /// <summary>Records that the claimed post went out; clears the failure count.</summary>
    Task MarkSentAsync(long subscriptionId, DateOnly localDate, long? quoteId, DateTimeOffset now, CancellationToken ct = default);

    /// <summary>Drops an unsent claim held by <paramref name="instanceId"/> so the day can be tried again.</summary>
    Task ReleaseAsync(long subscriptionId, DateOnly localDate, string instanceId, CancellationToken ct = default);

    /// <summary>
    /// Counts a permanent failure (the day's claim stays: that day is over). Pauses the subscription when the count
    /// reaches <paramref name="pauseAfter"/>. Returns the count.
    /// </summary>
    Task<int> RecordFailureAsync(long subscriptionId, string reason, int pauseAfter, CancellationToken ct = default);

    /// <summary>Clears a pause and the failure count.</summary>
    Task ResumeAsync(long subscriptionId, CancellationToken ct = default);

    /// <summary>Marks a pause as told to a moderator; true only for the call that changed it.</summary>
    Task<bool> MarkPauseNotifiedAsync(long subscriptionId, CancellationToken ct = default);
}
