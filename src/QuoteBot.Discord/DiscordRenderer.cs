using System.Globalization;
using System.Text;
using QuoteBot.Core.Commands;
using QuoteBot.Core.Model;
using QuoteBot.Core.Text;
using QuoteBot.Discord.Api.Models;

namespace QuoteBot.Discord;

/// <summary>
/// Everything about how a <see cref="Reply"/> looks on Discord: embeds within every length limit (cut with "…"),
/// Markdown in user text escaped, buttons with stateless custom ids, and which answers are ephemeral.
/// </summary>
public sealed class DiscordRenderer
{
    public const int CardColor = 0x5865F2;
    public const int ListLineChars = 300;
    public const int MaxLinkUrl = 512;
    public const string Ellipsis = "…";

    /// <summary>Characters that Discord Markdown gives a meaning; each is prefixed with a backslash.</summary>
    private const string MarkdownChars = "\\*_~`|>#-[]()";

    public DiscordMessage Render(Reply reply) => reply switch
    {
        QuoteCardReply card => Card(card),
        QuoteListReply list => List(list),
        ContextReply context => Context(context),
        HelpReply help => Help(help),
        MessageReply message => Message(message.Text, message.Kind),
        DeferredReply deferred => Message(deferred.Now.Text, deferred.Now.Kind),
        ReviewReply review => Review(review),
        _ => Message("Something went wrong.", MessageKind.Usage),
    };

    /// <summary>A one-line answer. Errors, refusals and notes for the asker alone are ephemeral; successes are public.</summary>
    public DiscordMessage Message(string text, MessageKind kind) =>
        DiscordMessage.Text(EscapeFit(text, DiscordLimits.MessageContent), IsEphemeral(kind));

    public static bool IsEphemeral(MessageKind kind) => kind != MessageKind.Success;

    private DiscordMessage Card(QuoteCardReply card)
    {
        var q = card.Quote;
        var embed = new Embed
        {
            Title = Fit($"Quote #{Id(q.Id)}", DiscordLimits.EmbedTitle),
            Url = ReplyButtons.IsHttpUrl(q.Source.Url) ? q.Source.Url : null,
            Description = Quoted(q.Text, DiscordLimits.EmbedDescription),
            Author = Author(q),
            Footer = Footer(q),
            Color = CardColor,
            // The card travels as an upload in the same message and shows as the embed's image.
            Image = card.Image is { } image ? new EmbedImage { Url = "attachment://" + image.FileName } : null,
        };
        var content = string.IsNullOrWhiteSpace(card.Note) ? null : EscapeFit(card.Note, DiscordLimits.MessageContent);
        return new DiscordMessage(content, [FitTotal(embed)], Buttons(card), false)
        {
            Files = card.Image is { } png ? [new FileUpload(png.FileName, png.Png)] : [],
        };
    }

    /// <summary>
    /// A quote waiting for review, for the moderator alone (ephemeral: pending quotes are not public): the quote, its
    /// speaker, the paragraph and the source, how many more wait, and the review buttons.
    /// </summary>
    private DiscordMessage Review(ReviewReply review)
    {
        var q = review.Quote;
        var fields = new List<EmbedField>();
        AddField(fields, "Paragraph", q.Context?.Paragraph);
        var source = SourceLine(q.Source);
        AddField(fields, "Source", source.Length == 0 ? null : source);
        var embed = new Embed
        {
            Title = Fit($"Waiting for review: quote #{Id(q.Id)}", DiscordLimits.EmbedTitle),
            Url = ReplyButtons.IsHttpUrl(q.Source.Url) ? q.Source.Url : null,
            Description = Quoted(q.Text, DiscordLimits.EmbedDescription),
            Author = new EmbedAuthor { Name = Fit(string.IsNullOrWhiteSpace(q.Speaker) ? "Unknown speaker" : q.Speaker.Trim(), DiscordLimits.EmbedAuthorName) },
            Fields = fields,
            Footer = new EmbedFooter { Text = Fit(review.MoreText, DiscordLimits.EmbedFooterText) },
            Color = CardColor,
        };
        var content = string.IsNullOrWhiteSpace(review.Note) ? null : EscapeFit(review.Note, DiscordLimits.MessageContent);
        return new DiscordMessage(content, [FitTotal(embed)], Buttons(review), Ephemeral: true);
    }

    private DiscordMessage List(QuoteListReply list)
    {
        var sb = new StringBuilder();
        foreach (var q in list.Items)
        {
            var line = new StringBuilder();
            line.Append("**#").Append(Id(q.Id)).Append("** ").Append(QuotedAtWord(q.Text, ListLineChars));
            if (!string.IsNullOrWhiteSpace(q.Speaker))
            {
                line.Append(" — *").Append(EscapeFit(q.Speaker, DiscordLimits.EmbedAuthorName)).Append('*');
            }

            if (sb.Length + line.Length + 2 > DiscordLimits.EmbedDescription)
            {
                break;
            }

            sb.Append(line).Append("\n\n");
        }

        var first = list.Offset + 1;
        var last = list.Offset + list.Items.Count;
        var footer = first == last ? $"Result {Id(first)}" : $"Results {Id(first)}–{Id(last)}";
        if (list.HasMore)
        {
            footer += " · more with Next";
        }

        var embed = new Embed
        {
            Title = EscapeFit($"Results for “{list.Query}”", DiscordLimits.EmbedTitle),
            Description = sb.ToString().TrimEnd(),
            Footer = new EmbedFooter { Text = footer + " · /context <id> for more" },
            Color = CardColor,
        };
        return new DiscordMessage(null, [FitTotal(embed)], Buttons(list), false);
    }

    private DiscordMessage Context(ContextReply reply)
    {
        var q = reply.Quote;
        var fields = new List<EmbedField>();
        if (q.Context is { } c)
        {
            AddField(fields, "Said to", c.Audience);
            AddField(fields, "Before", c.Before);
            AddField(fields, "Paragraph", c.Paragraph);
            AddField(fields, "After", c.After);
        }

        var source = SourceLine(q.Source);
        AddField(fields, "Source", source.Length == 0 ? null : source);
        if (fields.Count == 0)
        {
            AddField(fields, "Context", "No context was stored with this quote.");
        }

        var embed = new Embed
        {
            Title = Fit($"Context of quote #{Id(q.Id)}", DiscordLimits.EmbedTitle),
            Url = ReplyButtons.IsHttpUrl(q.Source.Url) ? q.Source.Url : null,
            Description = Quoted(q.Text, DiscordLimits.EmbedDescription),
            Author = Author(q),
            Fields = fields,
            Footer = new EmbedFooter { Text = Fit($"Added {q.AddedAt.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}", DiscordLimits.EmbedFooterText) },
            Color = CardColor,
        };
        return new DiscordMessage(null, [FitTotal(embed)], Buttons(reply), false);
    }

    private static DiscordMessage Help(HelpReply help)
    {
        var sb = new StringBuilder();
        foreach (var c in help.Commands)
        {
            sb.Append("**/").Append(Escape(c.Name)).Append("**");
            if (!string.IsNullOrWhiteSpace(c.Arguments))
            {
                sb.Append(' ').Append(Escape(c.Arguments));
            }

            sb.Append(" — ").Append(Escape(c.Description));
            if (c.ModeratorOnly)
            {
                sb.Append(" *(moderators)*");
            }

            sb.Append('\n');
        }

        sb.Append("**Save as quote** (message menu → Apps) — Store a message as a quote *(moderators)*");
        var embed = new Embed
        {
            Title = "QuoteBot commands",
            Description = Fit(sb.ToString(), DiscordLimits.EmbedDescription),
            Fields = [new EmbedField { Name = "Searching", Value = EscapeFit(help.QuerySyntax, DiscordLimits.EmbedFieldValue) }],
            Color = CardColor,
        };
        return new DiscordMessage(null, [FitTotal(embed)], [], true);
    }

    /// <summary>The buttons of a reply as action rows (at most 5 per row): custom ids via <see cref="ActionCodec"/>, links as link buttons.</summary>
    public static IReadOnlyList<Component> Buttons(Reply reply)
    {
        var buttons = new List<Component>();
        foreach (var b in ReplyButtons.For(reply))
        {
            var label = Fit(b.Label, DiscordLimits.ButtonLabel);
            if (b.Action is { } action)
            {
                var style = action switch
                {
                    PageAction => ButtonStyle.Secondary,
                    ReviewAction { Verb: ReviewVerb.Approve or ReviewVerb.ApproveArticle } => ButtonStyle.Success,
                    ReviewAction { Verb: ReviewVerb.Reject } => ButtonStyle.Danger,
                    ReviewAction => ButtonStyle.Secondary,
                    _ => ButtonStyle.Primary,
                };
                buttons.Add(Component.Button(style, label, ActionCodec.Encode(action, ActionCodec.DiscordMaxChars)));
            }
            else if (ReplyButtons.IsHttpUrl(b.Url) && b.Url!.Length <= MaxLinkUrl)
            {
                buttons.Add(Component.LinkButton(label, b.Url));
            }
        }

        return buttons.Chunk(DiscordLimits.ComponentsPerActionRow)
            .Take(DiscordLimits.ActionRowsPerMessage)
            .Select(row => Component.ActionRow(row))
            .ToArray();
    }

    /// <summary>Prefixes every Markdown character (<c>\ * _ ~ ` | &gt; # - [ ] ( )</c>) with a backslash, so text shows as typed.</summary>
    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var sb = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            if (MarkdownChars.Contains(c, StringComparison.Ordinal))
            {
                sb.Append('\\');
            }

            sb.Append(c);
        }

        return sb.ToString();
    }

    /// <summary>Escapes, then cuts to at most <paramref name="max"/> characters with "…", never splitting an escape or a surrogate pair.</summary>
    public static string EscapeFit(string? text, int max)
    {
        var escaped = Escape(text);
        if (escaped.Length <= max)
        {
            return escaped;
        }

        var sb = new StringBuilder(max);
        var budget = max - Ellipsis.Length;
        var s = text!;
        for (var i = 0; i < s.Length; i++)
        {
            var piece = char.IsHighSurrogate(s[i]) && i + 1 < s.Length ? s.Substring(i, 2) : (MarkdownChars.Contains(s[i], StringComparison.Ordinal) ? "\\" + s[i] : s[i].ToString());
            if (sb.Length + piece.Length > budget)
            {
                break;
            }

            sb.Append(piece);
            i += piece.Length == 2 && char.IsHighSurrogate(piece[0]) ? 1 : 0;
        }

        return sb.Append('…').ToString();
    }

    /// <summary>Cuts plain text (no Markdown is rendered there) to at most <paramref name="max"/> characters with "…".</summary>
    public static string Fit(string? text, int max)
    {
        if (string.IsNullOrEmpty(text) || text.Length <= max)
        {
            return text ?? string.Empty;
        }

        var cut = max - Ellipsis.Length;
        if (cut > 0 && char.IsHighSurrogate(text[cut - 1]))
        {
            cut--;
        }

        return text[..Math.Max(0, cut)] + Ellipsis;
    }

    /// <summary>Keeps an embed within Discord's 6000-character total by shortening its fields, then its description.</summary>
    public static Embed FitTotal(Embed embed)
    {
        var over = embed.TotalLength - DiscordLimits.EmbedTotal;
        if (over <= 0)
        {
            return embed;
        }

        if (embed.Fields is { Count: > 0 } fields)
        {
            var shortened = fields.ToList();
            for (var i = shortened.Count - 1; i >= 0 && over > 0; i--)
            {
                var f = shortened[i];
                var keep = Math.Max(1 + Ellipsis.Length, f.Value.Length - over);
                var value = TrimEscaped(f.Value, keep);
                over -= f.Value.Length - value.Length;
                shortened[i] = f with { Value = value };
            }

            embed = embed with { Fields = shortened };
        }

        if (over > 0 && embed.Description is { } d)
        {
            embed = embed with { Description = TrimEscaped(d, Math.Max(1 + Ellipsis.Length, d.Length - over)) };
        }

        return embed;
    }

    private static string TrimEscaped(string escaped, int max)
    {
        if (escaped.Length <= max)
        {
            return escaped;
        }

        var cut = max - Ellipsis.Length;
        // Do not leave a lone backslash (it would escape the ellipsis) or half a surrogate pair.
        while (cut > 0 && (char.IsHighSurrogate(escaped[cut - 1]) || TrailingBackslashes(escaped, cut) % 2 == 1))
        {
            cut--;
        }

        return escaped[..cut] + Ellipsis;
    }

    private static int TrailingBackslashes(string s, int end)
    {
        var n = 0;
        while (end - 1 - n >= 0 && s[end - 1 - n] == '\\')
        {
            n++;
        }

        return n;
    }

    private static string Quoted(string text, int max) => "“" + EscapeFit(text.Trim(), max - 2) + "”";

    /// <summary>Like <see cref="Quoted"/>, but a long text is cut at a word boundary (list entries).</summary>
    private static string QuotedAtWord(string text, int max)
    {
        var room = max - 2;
        var plain = text.Trim();
        var cut = TextCut.AtWord(plain, room);
        // Escaping adds backslashes: cut shorter until the escaped text fits.
        for (var budget = room; Escape(cut).Length > room && budget > 1;)
        {
            budget -= Escape(cut).Length - room;
            cut = TextCut.AtWord(plain, Math.Max(1, budget));
        }

        return "“" + EscapeFit(cut, room) + "”";
    }

    private static EmbedAuthor? Author(Quote q) =>
        string.IsNullOrWhiteSpace(q.Speaker) ? null : new EmbedAuthor { Name = Fit(q.Speaker.Trim(), DiscordLimits.EmbedAuthorName) };

    private static EmbedFooter Footer(Quote q)
    {
        var source = SourceLine(q.Source);
        var text = source.Length == 0 ? $"#{Id(q.Id)}" : $"{source} · #{Id(q.Id)}";
        return new EmbedFooter { Text = Fit(text, DiscordLimits.EmbedFooterText) };
    }

    /// <summary>"Title · Outlet · 2024-05-01", whatever of it is known.</summary>
    private static string SourceLine(QuoteSource s)
    {
        var parts = new List<string>();
        if (!string.IsNullOrWhiteSpace(s.Title))
        {
            parts.Add(s.Title.Trim());
        }

        if (!string.IsNullOrWhiteSpace(s.Outlet))
        {
            parts.Add(s.Outlet.Trim());
        }

        if (s.Published is { } date)
        {
            parts.Add(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        }

        return string.Join(" · ", parts);
    }

    private static void AddField(List<EmbedField> fields, string name, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            fields.Add(new EmbedField { Name = name, Value = EscapeFit(value.Trim(), DiscordLimits.EmbedFieldValue) });
        }
    }

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);
}
