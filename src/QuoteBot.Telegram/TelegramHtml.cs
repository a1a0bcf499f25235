using System.Text;

namespace QuoteBot.Telegram;

/// <summary>
/// Builds Telegram HTML (parse_mode HTML) from plain pieces. Every piece of text is escaped here and nowhere else, and
/// the visible length (what Telegram counts after parsing entities, in UTF-16 units) is kept under a limit: pieces
/// marked cuttable give up room, in priority order, and end with "…"; fixed pieces (links, ids) always stay.
/// </summary>
internal sealed class TelegramHtml
{
    private readonly List<Piece> _pieces = [];

    private sealed record Piece(string Text, string Open, string Close, int? CutPriority, bool CutFromStart);

    /// <summary>Escapes the three characters Telegram's HTML parser treats specially in text.</summary>
    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var sb = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            sb.Append(c switch
            {
                '<' => "&lt;",
                '>' => "&gt;",
                '&' => "&amp;",
                _ => c.ToString(),
            });
        }

        return sb.ToString();
    }

    /// <summary>Escapes an attribute value (double-quoted).</summary>
    public static string EscapeAttribute(string value) => Escape(value).Replace("\"", "&quot;", StringComparison.Ordinal);

    /// <summary>Plain text that is never cut.</summary>
    public TelegramHtml Text(string? text) => Add(text, string.Empty, string.Empty);

    public TelegramHtml Bold(string? text) => Add(text, "<b>", "</b>");

    public TelegramHtml Italic(string? text) => Add(text, "<i>", "</i>");

    public TelegramHtml Code(string? text) => Add(text, "<code>", "</code>");

    /// <summary>A link; dropped to plain text unless <paramref name="url"/> is http(s).</summary>
    public TelegramHtml Link(string? text, string? url, int? cutPriority = null)
    {
        if (!QuoteBot.Core.Commands.ReplyButtons.IsHttpUrl(url))
        {
            return Add(text, string.Empty, string.Empty, cutPriority);
        }

        return Add(text, "<a href=\"" + EscapeAttribute(url!) + "\">", "</a>", cutPriority);
    }

    /// <summary>
    /// Text that may be shortened to fit: pieces with a lower <paramref name="priority"/> keep their room first.
    /// <paramref name="fromStart"/> keeps the end of the text instead of its beginning.
    /// </summary>
    public TelegramHtml Cuttable(string? text, int priority, string tag = "", bool fromStart = false)
    {
        var (open, close) = tag.Length == 0 ? (string.Empty, string.Empty) : ("<" + tag + ">", "</" + tag + ">");
        return Add(text, open, close, priority, fromStart);
    }

    private TelegramHtml Add(string? text, string open, string close, int? cutPriority = null, bool fromStart = false)
    {
        if (!string.IsNullOrEmpty(text))
        {
            _pieces.Add(new Piece(text, open, close, cutPriority, fromStart));
        }

        return this;
    }

    /// <summary>The HTML, with cuttable pieces shortened so the visible text has at most <paramref name="maxLength"/> UTF-16 units.</summary>
    public string Build(int maxLength = TelegramRenderer.MaxMessageLength)
    {
        var fixedLength = _pieces.Where(p => p.CutPriority is null).Sum(p => p.Text.Length);
        var room = Math.Max(0, maxLength - fixedLength);
        var allotted = new int[_pieces.Count];
        foreach (var (piece, index) in _pieces.Select((p, i) => (p, i)).Where(x => x.p.CutPriority is not null).OrderBy(x => x.p.CutPriority).ThenBy(x => x.i))
        {
            var take = Math.Min(piece.Text.Length, room);
            allotted[index] = take;
            room -= take;
        }

        var sb = new StringBuilder();
        for (var i = 0; i < _pieces.Count; i++)
        {
            var piece = _pieces[i];
            var text = piece.CutPriority is null ? piece.Text : Shorten(piece.Text, allotted[i], piece.CutFromStart);
            if (text.Length == 0)
            {
                continue;
            }

            sb.Append(piece.Open).Append(Escape(text)).Append(piece.Close);
        }

        return sb.ToString();
    }

    /// <summary>The visible length Telegram will count for <see cref="Build"/>'s result, before cutting.</summary>
    public int UncutLength => _pieces.Sum(p => p.Text.Length);

    /// <summary>Cuts <paramref name="text"/> to at most <paramref name="max"/> UTF-16 units, marking the cut with "…"; never splits a surrogate pair.</summary>
    public static string Shorten(string text, int max, bool fromStart = false)
    {
        if (text.Length <= max)
        {
            return text;
        }

        if (max <= 1)
        {
            return max == 1 ? "…" : string.Empty;
        }

        var keep = max - 1;
        if (fromStart)
        {
            var start = text.Length - keep;
            if (char.IsLowSurrogate(text[start]))
            {
                start++;
            }

            return "…" + text[start..].TrimStart();
        }

        var end = keep;
        if (char.IsHighSurrogate(text[end - 1]))
        {
            end--;
        }

        return text[..end].TrimEnd() + "…";
    }
}
