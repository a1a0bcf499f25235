namespace QuoteBot.Core.Text;

/// <summary>Shortening for display: cut at a word boundary and mark the cut with "…".</summary>
public static class TextCut
{
    public const string Ellipsis = "…";

    /// <summary>
    /// <paramref name="text"/> if it has at most <paramref name="max"/> characters (UTF-16 units); otherwise its
    /// longest start that ends at a word boundary, without the punctuation before the cut, plus "…", at most
    /// <paramref name="max"/> in all. A single word longer than half the room is cut inside (never inside a surrogate
    /// pair) rather than dropping most of the text.
    /// </summary>
    public static string AtWord(string? text, int max)
    {
        if (string.IsNullOrEmpty(text) || text.Length <= max)
        {
            return text ?? string.Empty;
        }

        if (max <= Ellipsis.Length)
        {
            return max == Ellipsis.Length ? Ellipsis : string.Empty;
        }

        var room = max - Ellipsis.Length;

        // The last space at or before the cut: the word after it would be cut.
        var cut = -1;
        for (var i = room; i > room / 2; i--)
        {
            if (char.IsWhiteSpace(text[i]))
            {
                cut = i;
                break;
            }
        }

        if (cut < 0)
        {
            cut = char.IsHighSurrogate(text[room - 1]) ? room - 1 : room;
        }

        var kept = text[..cut].TrimEnd();
        var end = kept.Length;
        while (end > 0 && (char.IsWhiteSpace(kept[end - 1]) || kept[end - 1] is ',' or ';' or ':' or '-' or '—' or '–' or '(' or '“' or '"' or '‘' or '\''))
        {
            end--;
        }

        return (end > 0 ? kept[..end] : kept) + Ellipsis;
    }
}
