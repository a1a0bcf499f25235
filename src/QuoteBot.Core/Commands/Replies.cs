using QuoteBot.Core.Model;

namespace QuoteBot.Core.Commands;

/// <summary>What the command layer answers. Each adapter renders these its own way; none of them carries markup.</summary>
public abstract record Reply;

/// <summary>One quote as a card, with the query that found it (for "Another").</summary>
public sealed record QuoteCardReply(Quote Quote, string? Query = null, string? Note = null) : Reply
{
    /// <summary>The quote drawn as an image, sent with the text as its caption (the Card button, /quote … card).</summary>
    public ReplyImage? Image { get; init; }

    /// <summary>The quote's web page, when pages have a public address and this quote is published there.</summary>
    public string? PageUrl { get; init; }

    /// <summary>Whether a Card button is offered (cards can be drawn and this reply is not one already).</summary>
    public bool OffersCard { get; init; }
}

/// <summary>A picture that goes with a reply: a PNG with its file name and size in pixels.</summary>
public sealed record ReplyImage(byte[] Png, string FileName, int Width, int Height);

/// <summary>A page of search results.</summary>
public sealed record QuoteListReply(string Query, IReadOnlyList<Quote> Items, int Offset, bool HasMore) : Reply
{
    public bool HasPrevious => Offset > 0;
}

/// <summary>A quote with its full context: source and surrounding paragraphs.</summary>
public sealed record ContextReply(Quote Quote) : Reply
{
    /// <summary>The quote's web page, when it is published there.</summary>
    public string? PageUrl { get; init; }
}

/// <summary>A one-line answer.</summary>
public sealed record MessageReply(string Text, MessageKind Kind = MessageKind.Info) : Reply;

/// <summary>
/// An answer now and another when slow work is done (the fetch of /addarticle): adapters show <see cref="Now"/> at once
/// and <see cref="Later"/> when it completes, without holding up other chat work. <see cref="Later"/> never faults.
/// </summary>
public sealed record DeferredReply(MessageReply Now, Task<Reply> Later) : Reply;

/// <summary>
/// The next quote waiting for review, for a moderator: the quote with its speaker, paragraph and source, how many more
/// of the scope wait (<see cref="More"/>, at most <see cref="MoreCap"/>), and the review buttons.
/// </summary>
public sealed record ReviewReply(Quote Quote, int More, string? Note = null) : Reply
{
    /// <summary>Counting stops here: the reply says "100+ more".</summary>
    public const int MoreCap = 100;

    /// <summary>"3 more wait for review", "nothing else waits", "100+ more wait".</summary>
    public string MoreText => More switch
    {
        0 => "Nothing else waits for review.",
        1 => "1 more waits for review.",
        >= MoreCap => $"{MoreCap}+ more wait for review.",
        _ => $"{More} more wait for review.",
    };
}

/// <summary>Asks a moderator for the right speaker of a pending quote (a form on Discord, a reply prompt on Telegram).</summary>
public sealed record FixSpeakerPrompt(Quote Quote) : Reply;

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

/// <summary>One quote drawn as a card image.</summary>
public sealed record CardAction(long QuoteId) : ReplyAction;

/// <summary>What a review button does with a pending quote.</summary>
public enum ReviewVerb
{
    Approve,
    Reject,
    FixSpeaker,
    /// <summary>Approve every pending quote of the same article (same source link) in the quote's scope.</summary>
    ApproveArticle,
}

/// <summary>A review button: the verb and the quote it was shown for (the article is that quote's source).</summary>
public sealed record ReviewAction(ReviewVerb Verb, long QuoteId) : ReplyAction;

/// <summary>The buttons every platform shows for a reply, in order.</summary>
public static class ReplyButtons
{
    public static IReadOnlyList<ReplyButton> For(Reply reply) => reply switch
    {
        QuoteCardReply card => CardButtons(card.Quote, card.Query ?? string.Empty, includeContext: true, card.OffersCard, card.PageUrl),
        ContextReply ctx => CardButtons(ctx.Quote, string.Empty, includeContext: false, offersCard: false, ctx.PageUrl),
        QuoteListReply list => ListButtons(list),
        ReviewReply review => ReviewButtons(review.Quote),
        _ => [],
    };

    private static List<ReplyButton> CardButtons(Quote quote, string query, bool includeContext, bool offersCard, string? pageUrl)
    {
        var buttons = new List<ReplyButton> { new("Another", new AnotherAction(query)) };
        if (includeContext)
        {
            buttons.Add(new ReplyButton("Context", new ContextAction(quote.Id)));
        }

        if (offersCard)
        {
            buttons.Add(new ReplyButton("Card", new CardAction(quote.Id)));
        }

        if (IsHttpUrl(quote.Source.Url))
        {
            buttons.Add(new ReplyButton("Source", Url: quote.Source.Url));
        }

        if (IsHttpUrl(pageUrl))
        {
            buttons.Add(new ReplyButton("Page", Url: pageUrl));
        }

        return buttons;
    }

    private static List<ReplyButton> ReviewButtons(Quote quote)
    {
        var buttons = new List<ReplyButton>
        {
            new("Approve", new ReviewAction(ReviewVerb.Approve, quote.Id)),
            new("Reject", new ReviewAction(ReviewVerb.Reject, quote.Id)),
            new("Fix speaker", new ReviewAction(ReviewVerb.FixSpeaker, quote.Id)),
        };
        if (IsHttpUrl(quote.Source.Url))
        {
            buttons.Add(new ReplyButton("Approve all from this article", new ReviewAction(ReviewVerb.ApproveArticle, quote.Id)));
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
