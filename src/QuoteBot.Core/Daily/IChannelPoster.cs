using QuoteBot.Core.Commands;

namespace QuoteBot.Core.Daily;

/// <summary>How a post to a channel went, as far as the scheduler needs to know.</summary>
public enum PostOutcome
{
    Sent,

    /// <summary>Network trouble, 5xx, rate limits: try again later.</summary>
    TransientFailure,

    /// <summary>Blocked, kicked, chat not found, missing permissions: counts towards pausing the subscription.</summary>
    PermanentFailure,
}

/// <summary>
/// Sends a reply to a conversation without a user message to answer (daily posts). Each chat adapter registers one.
/// Conversation keys are "&lt;platform&gt;:&lt;channel id&gt;" ("tg:-100123", "dc:81234"); <see cref="Platform"/> is that prefix.
/// </summary>
public interface IChannelPoster
{
    string Platform { get; }

    Task<PostOutcome> PostAsync(string conversationKey, Reply reply, CancellationToken ct);
}
