using System.Globalization;
using System.Text;
using QuoteBot.Core.Commands;
using QuoteBot.Core.Model;
using QuoteBot.Core.Search;
using QuoteBot.Core.Text;

namespace QuoteBot.Host.Terminal;

/// <summary>Renders replies as plain text for the terminal chat and the CLI. Control characters never reach the terminal.</summary>
public static class PlainTextRenderer
{
    public static string Render(Reply reply) => reply switch
    {
        QuoteCardReply card => Card(card),
        QuoteListReply list => List(list),
        ContextReply ctx => Context(ctx.Quote),
        MessageReply msg => Safe(msg.Text),
        HelpReply help => Help(help),
        DeferredReply deferred => Safe(deferred.Now.Text),
        ReviewReply review => Review(review),
        FixSpeakerPrompt prompt => Safe($"Give quote #{prompt.Quote.Id} its right speaker with /fixspeaker {prompt.Quote.Id} <name>."),
        _ => string.Empty,
    };

    private static string Card(QuoteCardReply card)
    {
        var sb = new StringBuilder();
        if (card.Note is not null)
        {
            sb.AppendLine(Safe(card.Note));
        }

        AppendQuote(sb, card.Quote);
        var hints = new List<string>();
        if (MoreHint(card.Query) is { } more)
        {
            hints.Add(more);
        }

        hints.Add($"/context {card.Quote.Id}");
        sb.Append("  (more: ").Append(Safe(string.Join(" · ", hints))).Append(')');
        if (card.Image is { } image)
        {
            // A terminal shows no pictures: say where the card can be had.
            sb.AppendLine().Append($"  [card image, {image.Width}×{image.Height} PNG: quotebot card {card.Quote.Id} --out {image.FileName} saves it]");
        }

        if (card.PageUrl is { } page)
        {
            sb.AppendLine().Append("  page: ").Append(Safe(page));
        }

        return sb.ToString();
    }

    /// <summary>
    /// What gives more than this card: the same /quote again when it picks at random (no query, or speaker: alone),
    /// the list of every match when it searches words (asking again would give the same best match), nothing for #id.
    /// </summary>
    private static string? MoreHint(string? query)
    {
        if (string.IsNullOrWhiteSpace(query))
        {
            return "/quote";
        }

        var parsed = QueryParser.Parse(query);
        return parsed.Query switch
        {
            null or { Id: not null } => null,
            { HasText: true } => "/quotes " + query,
            _ => "/quote " + query,
        };
    }

    private static void AppendQuote(StringBuilder sb, Quote q)
    {
        sb.Append('“').Append(Safe(q.Text)).AppendLine("”");
        sb.Append("  — ").Append(Safe(q.Speaker ?? "unknown"));
        if (q.Context?.Audience is { Length: > 0 } audience)
        {
            sb.Append(", to ").Append(Safe(audience));
        }

        sb.AppendLine();
        var source = SourceLine(q.Source);
        if (source.Length > 0)
        {
            sb.Append("  ").AppendLine(source);
        }

        sb.Append("  #").Append(q.Id.ToString(CultureInfo.InvariantCulture));
        if (q.Status == QuoteStatus.Removed)
        {
            sb.Append(" (removed)");
        }
        else if (q.Status == QuoteStatus.Pending)
        {
            sb.Append(" (pending review)");
        }

        sb.AppendLine();
    }

    private static string SourceLine(QuoteSource s)
    {
        var parts = new List<string>();
        if (s.Outlet is { Length: > 0 })
        {
            parts.Add(Safe(s.Outlet));
        }

        if (s.Title is { Length: > 0 })
        {
            parts.Add("“" + Safe(s.Title) + "”");
        }

        if (s.Published is { } date)
        {
            parts.Add(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        }

        if (s.Url is { Length: > 0 })
        {
            parts.Add(Safe(s.Url));
        }

        return string.Join(" · ", parts);
    }

    private static string List(QuoteListReply list)
    {
        var sb = new StringBuilder();
        sb.Append("Results for ").Append(Safe(list.Query)).Append(':').AppendLine();
        var n = list.Offset;
        foreach (var q in list.Items)
        {
            n++;
            var text = TextCut.AtWord(OneLine(q.Text), ListItemLength);
            sb.Append(CultureInfo.InvariantCulture, $"{n,3}. #{q.Id} “").Append(Safe(text)).Append("” — ").AppendLine(Safe(OneLine(q.Speaker ?? "unknown")));
        }

        if (list.HasMore)
        {
            sb.Append("  (more: /quotes ").Append(Safe(list.Query)).Append(" — next page with 'next')").AppendLine();
        }

        return sb.ToString().TrimEnd();
    }

    private static string Context(Quote q)
    {
        var sb = new StringBuilder();
        AppendQuote(sb, q);
        if (q.Context is { } ctx)
        {
            sb.AppendLine();
            if (ctx.Before is { Length: > 0 })
            {
                sb.Append("  … ").AppendLine(Safe(ctx.Before));
            }

            sb.Append("  » ").AppendLine(Safe(ctx.Paragraph));
            if (ctx.After is { Length: > 0 })
            {
                sb.Append("  … ").AppendLine(Safe(ctx.After));
            }
        }

        return sb.ToString().TrimEnd();
    }

    /// <summary>A pending quote for review: the card, its paragraph, how many more wait, and the commands that decide.</summary>
    private static string Review(ReviewReply review)
    {
        var q = review.Quote;
        var sb = new StringBuilder();
        if (review.Note is not null)
        {
            sb.AppendLine(Safe(review.Note));
        }

        sb.Append("Waiting for review: ");
        AppendQuote(sb, q);
        if (q.Context is { Paragraph.Length: > 0 } ctx)
        {
            sb.Append("  » ").AppendLine(Safe(TextCut.AtWord(OneLine(ctx.Paragraph), ParagraphLength)));
        }

        sb.Append("  ").AppendLine(review.MoreText);
        var id = q.Id.ToString(CultureInfo.InvariantCulture);
        sb.Append("  (decide: approve · reject");
        if (ReplyButtons.IsHttpUrl(q.Source.Url))
        {
            sb.Append(" · approve all (from this article)");
        }

        sb.Append($" · /fixspeaker {id} <name>)");
        return sb.ToString();
    }

    private const int ParagraphLength = 600;

    /// <summary>Help fits a terminal this wide.</summary>
    public const int HelpWidth = 80;

    private const int UsageColumn = 34;
    private const int ListItemLength = 120;

    /// <summary>
    /// The command list, each row within <see cref="HelpWidth"/> columns: a usage too long for its column puts the
    /// description on the next line; <paramref name="extra"/> adds rows that are not commands (the terminal's next/prev).
    /// </summary>
    public static string Help(HelpReply help, IEnumerable<(string Usage, string Description)>? extra = null)
    {
        var sb = new StringBuilder("Commands:").AppendLine();
        foreach (var c in help.Commands)
        {
            var usage = c.Arguments.Length > 0 ? $"/{c.Name} {c.Arguments}" : $"/{c.Name}";
            AppendHelpRow(sb, usage, c.ModeratorOnly ? c.Description + " (moderators)" : c.Description);
        }

        foreach (var (usage, description) in extra ?? [])
        {
            AppendHelpRow(sb, usage, description);
        }

        AppendWrapped(sb, "Search: ", help.QuerySyntax, 2);
        return sb.ToString().TrimEnd();
    }

    /// <summary><paramref name="head"/> then the words of <paramref name="text"/>, wrapped at the width with a hanging indent.</summary>
    private static void AppendWrapped(StringBuilder sb, string head, string text, int indent)
    {
        sb.Append(head);
        var used = head.Length;
        var fresh = true; // nothing on this line yet after the head or the indent
        foreach (var word in Safe(text).Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!fresh && used + 1 + word.Length > HelpWidth)
            {
                sb.AppendLine().Append(' ', indent);
                used = indent;
                fresh = true;
            }

            if (!fresh)
            {
                sb.Append(' ');
                used++;
            }

            sb.Append(word);
            used += word.Length;
            fresh = false;
        }

        sb.AppendLine();
    }

    private static void AppendHelpRow(StringBuilder sb, string usage, string description)
    {
        var indent = new string(' ', 2 + UsageColumn + 1);
        sb.Append("  ").Append(Safe(usage));
        var used = 2 + usage.Length;
        if (usage.Length > UsageColumn)
        {
            sb.AppendLine();
            used = 0;
        }

        // Words of the description, wrapped at the width, under the description column.
        foreach (var word in Safe(description).Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (used == 0)
            {
                sb.Append(indent).Append(word);
                used = indent.Length + word.Length;
            }
            else if (used < indent.Length)
            {
                sb.Append(' ', indent.Length - used).Append(word);
                used = indent.Length + word.Length;
            }
            else if (used + 1 + word.Length > HelpWidth)
            {
                sb.AppendLine().Append(indent).Append(word);
                used = indent.Length + word.Length;
            }
            else
            {
                sb.Append(' ').Append(word);
                used += 1 + word.Length;
            }
        }

        sb.AppendLine();
    }

    private static string OneLine(string s) => string.Join(' ', s.Split(['\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries)).Trim();

    /// <summary>Strips control characters (terminal escape sequences included) but keeps line breaks.</summary>
    public static string Safe(string? s)
    {
        if (string.IsNullOrEmpty(s))
        {
            return string.Empty;
        }

        var sb = new StringBuilder(s.Length);
        foreach (var c in s)
        {
            if (c == '\n' || !char.IsControl(c))
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }
}
