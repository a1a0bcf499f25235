using QuoteBot.Core.Model;

namespace QuoteBot.Core.Commands;

/// <summary>What the command layer answers. Each adapter renders these its own way; none of them carries markup.</summary>
public abstract record Reply;

/// <summary>One quote as a card, with the query that found it (for "Another").</summary>
public sealed record QuoteCardReply(Quote Quote, string? Query = null, string? Note = null) : Reply;

/// <summary>A page of search results.</summary>
public sealed record QuoteListReply(string Query, IReadOnlyList<Quote> Items, int Offset, bool HasMore) : Reply
{
    public bool HasPrevious => Offset > 0;
}

/// <summary>A quote with its full context: source and surrounding paragraphs.</summary>
public sealed record ContextReply(Quote Quote) : Reply;

/// <summary>A one-line answer.</summary>
public sealed record MessageReply(string Text, MessageKind Kind = MessageKind.Info) : Reply;

/// <summary>The command list.</summary>
public sealed record HelpReply(IReadOnlyList<CommandInfo> Commands, string QuerySyntax) : Reply;

public enum MessageKind
{
    Info,
    Success,
    /// <summary>The user typed something wrong; the text says how to do it right.</summary>
    Usage,
    /// <summary>Nothing matched, no such quote.</summary>
    NotFound,
    /// <summary>The user may not do this here.</summary>
    Refused,
    /// <summary>The store failed (read-only, corrupt, unreachable); nothing was changed. Not the user's fault.</summary>
    Unavailable,
}

/// <summary>A command as shown in help and registered with platforms.</summary>
public sealed record CommandInfo(string Name, string Arguments, string Description, bool ModeratorOnly);

/// <summary>A button under a reply: either an action the bot handles, or a link.</summary>
public sealed record ReplyButton(string Label, ReplyAction? Action = null, string? Url = null);

/// <summary>What a button asks for. Encoded statelessly by <see cref="ActionCodec"/>, so buttons work after a restart.</summary>
public abstract record ReplyAction;

/// <summary>Another quote for the same query (random when the query is empty).</summary>
public sealed record AnotherAction(string Query) : ReplyAction;

/// <summary>The context of one quote.</summary>
public sealed record ContextAction(long QuoteId) : ReplyAction;

/// <summary>A page of a search.</summary>
public sealed record PageAction(string Query, int Offset) : ReplyAction;

/// <summary>The buttons every platform shows for a reply, in order.</summary>
public static class ReplyButtons
{
    public static IReadOnlyList<ReplyButton> For(Reply reply) => reply switch
    {
        QuoteCardReply card => CardButtons(card.Quote, card.Query ?? string.Empty, includeContext: true),
        ContextReply ctx => CardButtons(ctx.Quote, string.Empty, includeContext: false),
        QuoteListReply list => ListButtons(list),
        _ => [],
    };

    private static List<ReplyButton> CardButtons(Quote quote, string query, bool includeContext)
    {
        var buttons = new List<ReplyButton> { new("Another", new AnotherAction(query)) };
        if (includeContext)
        {
            buttons.Add(new ReplyButton("Context", new ContextAction(quote.Id)));
        }

        if (IsHttpUrl(quote.Source.Url))
        {
            buttons.Add(new ReplyButton("Source", Url: quote.Source.Url));
        }

        return buttons;
    }

    private static List<ReplyButton> ListButtons(QuoteListReply list)
    {
        var buttons = new List<ReplyButton>();
        if (list.HasPrevious)
        {
            buttons.Add(new ReplyButton("Previous", new PageAction(list.Query, Math.Max(0, list.Offset - QuoteCommands.PageSize))));
        }

        if (list.HasMore)
        {
            buttons.Add(new ReplyButton("Next", new PageAction(list.Query, list.Offset + QuoteCommands.PageSize)));
        }

        return buttons;
    }

    /// <summary>Only absolute http(s) links become buttons or links.</summary>
    public static bool IsHttpUrl(string? url) => QuoteRules.IsHttpUrl(url);
}
