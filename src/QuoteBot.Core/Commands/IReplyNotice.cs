namespace QuoteBot.Core.Commands;

/// <summary>
/// A feature's one-line notice for the people in a conversation (daily posts paused), added by
/// <see cref="QuoteCommands"/> to the next reply that can carry it. Register in DI as IReplyNotice.
/// </summary>
public interface IReplyNotice
{
    /// <summary>The notice, or null. Returning it marks it as delivered.</summary>
    Task<string?> TakeAsync(CommandContext context, CancellationToken ct);
}
