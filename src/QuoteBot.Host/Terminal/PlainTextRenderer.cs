using System.Globalization;
using System.Text;
using QuoteBot.Core.Commands;
using QuoteBot.Core.Model;

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
        var hints = new List<string> { card.Query is { Length: > 0 } q ? $"/quote {q}" : "/quote", $"/context {card.Quote.Id}" };
        sb.Append("  (more: ").Append(Safe(string.Join(" · ", hints))).Append(')');
        return sb.ToString();
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
            var text = q.Text.Length > 120 ? q.Text[..120] + "…" : q.Text;
            sb.Append(CultureInfo.InvariantCulture, $"{n,3}. #{q.Id} “").Append(Safe(text)).Append("” — ").AppendLine(Safe(q.Speaker ?? "unknown"));
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

    private static string Help(HelpReply help)
    {
        var sb = new StringBuilder("Commands:").AppendLine();
        foreach (var c in help.Commands)
        {
            var usage = c.Arguments.Length > 0 ? $"/{c.Name} {c.Arguments}" : $"/{c.Name}";
            sb.Append(CultureInfo.InvariantCulture, $"  {usage,-52} {c.Description}");
            if (c.ModeratorOnly)
            {
                sb.Append(" (moderators)");
            }

            sb.AppendLine();
        }

        sb.Append("Search: ").Append(help.QuerySyntax);
        return sb.ToString();
    }

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
