using System.Globalization;
using QuoteBot.Core.Commands;
using QuoteBot.Core.Model;
using QuoteBot.Core.Text;
using Telegram.Bot.Types;
using Telegram.Bot.Types.InlineQueryResults;
using Telegram.Bot.Types.ReplyMarkups;

namespace QuoteBot.Telegram;

/// <summary>A reply ready for sendMessage/editMessageText: HTML text, buttons, and the link preview choice.</summary>
public sealed record TelegramMessage(string Html, InlineKeyboardMarkup? Keyboard, LinkPreviewOptions LinkPreview)
{
    /// <summary>When set, the reply goes out with sendPhoto and <see cref="Html"/> is its caption (≤ 1,024 characters).</summary>
    public ReplyImage? Photo { get; init; }

    /// <summary>Asks for an answer by reply (the fix-speaker prompt): sent with a ForceReply markup instead of buttons.</summary>
    public bool ForceReply { get; init; }
}

/// <summary>
/// Everything the Telegram adapter shows is rendered here: parse_mode HTML with all user and article text escaped,
/// at most 4,096 visible characters (long text is cut with "…", the source link is kept), link previews only for a
/// quote's source, and the buttons from <see cref="ReplyButtons"/> with callback data from <see cref="ActionCodec"/>.
/// </summary>
public sealed class TelegramRenderer
{
    /// <summary>Telegram's limit for a message's text after entity parsing.</summary>
    public const int MaxMessageLength = 4096;

    /// <summary>Telegram's limit for a photo's caption after entity parsing.</summary>
    public const int MaxCaptionLength = 1024;

    /// <summary>Telegram's limit for the text of a callback query answer.</summary>
    public const int MaxCallbackAnswerLength = 200;

    private const int ListItemLength = 220;
    private const int TitleLength = 200;
    private const int NeighbourLength = 700;

    public TelegramMessage Render(Reply reply) => reply switch
    {
        QuoteCardReply { Image: { } image } card => new(Card(card.Quote, card.Note, MaxCaptionLength), Keyboard(reply), Preview(null)) { Photo = image },
        QuoteCardReply card => new(Card(card.Quote, card.Note), Keyboard(reply), Preview(card.Quote.Source.Url)),
        ContextReply ctx => new(Context(ctx.Quote), Keyboard(reply), Preview(ctx.Quote.Source.Url)),
        QuoteListReply list => new(List(list), Keyboard(reply), Preview(null)),
        HelpReply help => new(Help(help), null, Preview(null)),
        MessageReply msg => new(new TelegramHtml().Cuttable(msg.Text, 0).Build(), null, Preview(null)),
        DeferredReply deferred => Render(deferred.Now),
        ReviewReply review => new(Review(review), Keyboard(reply), Preview(null)),
        FixSpeakerPrompt prompt => new(new TelegramHtml().Cuttable(Core.Review.ReviewDesk.PromptText(prompt.Quote), 0).Build(), null, Preview(null)) { ForceReply = true },
        _ => new(TelegramHtml.Escape("Something went wrong."), null, Preview(null)),
    };

    /// <summary>The short text shown when a callback query is answered with a message (a removed quote, a stale button).</summary>
    public static string CallbackText(MessageReply reply) => TelegramHtml.Shorten(reply.Text, MaxCallbackAnswerLength);

    /// <summary>An inline-mode result: title the speaker, description the start of the quote, message the card.</summary>
    public InlineQueryResultArticle InlineResult(Quote quote)
    {
        var content = new InputTextMessageContent(Card(quote, null))
        {
            ParseMode = global::Telegram.Bot.Types.Enums.ParseMode.Html,
            LinkPreviewOptions = Preview(quote.Source.Url),
        };
        var result = new InlineQueryResultArticle(
            quote.Id.ToString(CultureInfo.InvariantCulture),
            TelegramHtml.Shorten(SpeakerName(quote), 100),
            content)
        {
            Description = TelegramHtml.Shorten(OneLine(quote.Text), 120),
        };
        if (ReplyButtons.IsHttpUrl(quote.Source.Url))
        {
            // Inline messages have no chat to send "Another" to; the source link is what travels with them.
            result.ReplyMarkup = new InlineKeyboardMarkup(InlineKeyboardButton.WithUrl("Source", quote.Source.Url!));
        }

        return result;
    }

    /// <summary>
    /// The inline keyboard for a reply, or null when it has no buttons: one row, except the review card's (Approve and
    /// Reject side by side, each longer button on a row of its own).
    /// </summary>
    public static InlineKeyboardMarkup? Keyboard(Reply reply)
    {
        var buttons = Buttons(reply);
        if (buttons.Count == 0)
        {
            return null;
        }

        return reply is ReviewReply
            ? new InlineKeyboardMarkup([buttons.Take(2), .. buttons.Skip(2).Select(b => new[] { b })])
            : new InlineKeyboardMarkup(buttons);
    }

    private static List<InlineKeyboardButton> Buttons(Reply reply)
    {
        var buttons = new List<InlineKeyboardButton>();
        foreach (var b in ReplyButtons.For(reply))
        {
            if (b.Action is not null)
            {
                buttons.Add(InlineKeyboardButton.WithCallbackData(b.Label, ActionCodec.Encode(b.Action, ActionCodec.TelegramMaxBytes)));
            }
            else if (ReplyButtons.IsHttpUrl(b.Url))
            {
                buttons.Add(InlineKeyboardButton.WithUrl(b.Label, b.Url!));
            }
        }

        return buttons;
    }

    private static LinkPreviewOptions Preview(string? sourceUrl) =>
        ReplyButtons.IsHttpUrl(sourceUrl)
            ? new LinkPreviewOptions { Url = sourceUrl, PreferSmallMedia = true }
            : new LinkPreviewOptions { IsDisabled = true };

    private static string Card(Quote q, string? note, int maxLength = MaxMessageLength)
    {
        var h = new TelegramHtml();
        if (!string.IsNullOrWhiteSpace(note))
        {
            h.Italic(TelegramHtml.Shorten(note, 200)).Text("\n\n");
        }

        h.Text("“").Cuttable(q.Text, 0).Text("”\n");
        h.Text("— ").Bold(TelegramHtml.Shorten(SpeakerName(q), 120));
        if (!string.IsNullOrWhiteSpace(q.Context?.Audience))
        {
            h.Text(", ").Cuttable(TelegramHtml.Shorten(OneLine(q.Context!.Audience!), 200), 2, "i");
        }

        SourceLine(h, q);
        h.Text("\n#" + q.Id.ToString(CultureInfo.InvariantCulture));
        return h.Build(maxLength);
    }

    /// <summary>A quote waiting for review: the card, the paragraph it came from, and how many more wait.</summary>
    private static string Review(ReviewReply review)
    {
        var q = review.Quote;
        var h = new TelegramHtml();
        if (!string.IsNullOrWhiteSpace(review.Note))
        {
            h.Italic(TelegramHtml.Shorten(review.Note, 200)).Text("\n\n");
        }

        h.Bold("Waiting for review").Text("\n\n");
        h.Text("“").Cuttable(q.Text, 0).Text("”\n");
        h.Text("— ").Bold(TelegramHtml.Shorten(SpeakerName(q), 120));
        if (q.Context is { } ctx && !string.IsNullOrWhiteSpace(ctx.Paragraph))
        {
            h.Text("\n\n").Cuttable(TelegramHtml.Shorten(OneLine(ctx.Paragraph), NeighbourLength), 1, "i");
        }

        SourceLine(h, q);
        h.Text("\n#" + q.Id.ToString(CultureInfo.InvariantCulture) + " · " + review.MoreText);
        return h.Build();
    }

    private static string Context(Quote q)
    {
        var h = new TelegramHtml();
        h.Bold("Context of #" + q.Id.ToString(CultureInfo.InvariantCulture)).Text(" — ").Bold(TelegramHtml.Shorten(SpeakerName(q), 120));
        if (!string.IsNullOrWhiteSpace(q.Context?.Audience))
        {
            h.Text(", ").Cuttable(TelegramHtml.Shorten(OneLine(q.Context!.Audience!), 200), 4, "i");
        }

        h.Text("\n\n");
        var ctx = q.Context;
        if (ctx is null || string.IsNullOrWhiteSpace(ctx.Paragraph))
        {
            h.Text("“").Cuttable(q.Text, 0).Text("”\n\n").Italic("No surrounding text is stored for this quote.");
        }
        else
        {
            if (!string.IsNullOrWhiteSpace(ctx.Before))
            {
                h.Cuttable(TelegramHtml.Shorten(ctx.Before.Trim(), NeighbourLength, fromStart: true), 3).Text("\n\n");
            }

            // The paragraph with the quote in bold, when the quote appears in it verbatim.
            var paragraph = ctx.Paragraph.Trim();
            var at = paragraph.IndexOf(q.Text, StringComparison.Ordinal);
            if (at >= 0 && q.Text.Length > 0)
            {
                h.Cuttable(paragraph[..at], 1, fromStart: true)
                    .Cuttable(q.Text, 0, "b")
                    .Cuttable(paragraph[(at + q.Text.Length)..], 1);
            }
            else
            {
                h.Cuttable(paragraph, 0);
            }

            if (!string.IsNullOrWhiteSpace(ctx.After))
            {
                h.Text("\n\n").Cuttable(TelegramHtml.Shorten(ctx.After.Trim(), NeighbourLength), 2);
            }
        }

        SourceLine(h, q);
        return h.Build();
    }

    private static void SourceLine(TelegramHtml h, Quote q)
    {
        var s = q.Source;
        var parts = new List<Action>();
        if (!string.IsNullOrWhiteSpace(s.Outlet))
        {
            parts.Add(() => h.Text(TelegramHtml.Shorten(OneLine(s.Outlet), 100)));
        }

        var hasUrl = ReplyButtons.IsHttpUrl(s.Url);
        if (!string.IsNullOrWhiteSpace(s.Title))
        {
            var title = TelegramHtml.Shorten(OneLine(s.Title), TitleLength);
            parts.Add(hasUrl ? () => h.Link(title, s.Url) : () => h.Cuttable(title, 5, "i"));
        }
        else if (hasUrl)
        {
            parts.Add(() => h.Link("source", s.Url));
        }

        if (s.Published is { } date)
        {
            parts.Add(() => h.Text(date.ToString("d MMM yyyy", CultureInfo.InvariantCulture)));
        }

        if (parts.Count == 0)
        {
            return;
        }

        h.Text("\n");
        for (var i = 0; i < parts.Count; i++)
        {
            if (i > 0)
            {
                h.Text(" · ");
            }

            parts[i]();
        }
    }

    private static string List(QuoteListReply list)
    {
        var h = new TelegramHtml();
        var first = list.Offset + 1;
        var last = list.Offset + list.Items.Count;
        h.Bold(string.Create(CultureInfo.InvariantCulture, $"Results {first}–{last}"));
        if (!string.IsNullOrWhiteSpace(list.Query))
        {
            h.Text(" for ").Cuttable(TelegramHtml.Shorten(list.Query, 200), 9, "code");
        }

        foreach (var q in list.Items)
        {
            h.Text("\n\n").Bold("#" + q.Id.ToString(CultureInfo.InvariantCulture)).Text(" “")
                .Cuttable(TextCut.AtWord(OneLine(q.Text), ListItemLength), 0)
                .Text("” — ").Cuttable(TelegramHtml.Shorten(SpeakerName(q), 120), 1, "i");
        }

        h.Text("\n\n").Italic("/context <id> shows where a quote comes from.");
        return h.Build();
    }

    private static string Help(HelpReply help)
    {
        var h = new TelegramHtml();
        h.Bold("Commands");
        foreach (var c in help.Commands)
        {
            h.Text("\n/" + c.Name);
            if (!string.IsNullOrWhiteSpace(c.Arguments))
            {
                h.Text(" ").Code(c.Arguments);
            }

            h.Text(" — " + c.Description);
            if (c.ModeratorOnly)
            {
                h.Italic(" (moderators)");
            }
        }

        if (!string.IsNullOrWhiteSpace(help.QuerySyntax))
        {
            h.Text("\n\n").Bold("Search: ").Cuttable(help.QuerySyntax, 5);
        }

        h.Text("\n\n").Italic("In any chat, type @ and this bot's name to search quotes inline.");
        return h.Build();
    }

    private static string SpeakerName(Quote q) => string.IsNullOrWhiteSpace(q.Speaker) ? "Unknown" : OneLine(q.Speaker);

    private static string OneLine(string s) => string.Join(' ', s.Split(['\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries)).Trim();
}
