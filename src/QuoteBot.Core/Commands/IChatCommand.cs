namespace QuoteBot.Core.Commands;

/// <summary>
/// A command contributed by a feature outside the quote commands (daily posts). Register it in DI as IChatCommand;
/// <see cref="QuoteCommands"/> dispatches to it by <see cref="CommandInfo.Name"/> and lists it in help.
/// </summary>
public interface IChatCommand
{
    CommandInfo Info { get; }

    Task<Reply> HandleAsync(CommandRequest request, CommandContext context, CancellationToken ct);

    /// <summary>Whether the command can do anything in this conversation; /help there leaves it out when not.</summary>
    bool IsAvailable(CommandContext context) => true;
}

/// <summary>
/// Handles buttons of a feature outside the quote commands (review). Register in DI as IReplyActionHandler;
/// <see cref="QuoteCommands.HandleActionAsync"/> passes it the actions it <see cref="Handles"/>.
/// </summary>
public interface IReplyActionHandler
{
    bool Handles(ReplyAction action);

    Task<Reply> HandleAsync(ReplyAction action, CommandContext context, CancellationToken ct);
}
