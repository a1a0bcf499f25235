namespace QuoteBot.Extraction;

/// <summary>Splits plain text into paragraphs without changing it: offsets point into the original string.</summary>
internal static class PlainTextParagraphs
{
    private readonly record struct Line(int Start, int End, bool Blank);

    public static TextSpanList Split(string text)
    {
        var lines = new ValueList<Line>(64);
        var pos = 0;
        while (pos <= text.Length)
        {
            var nl = text.IndexOf('\n', pos);
            var end = nl < 0 ? text.Length : nl;
            var contentEnd = end;
            if (contentEnd > pos && text[contentEnd - 1] == '\r')
            {
                contentEnd--;
            }

            var (s, e) = Trim(text, pos, contentEnd);
            lines.Add(new Line(s, e, s >= e));
            if (nl < 0)
            {
                break;
            }

            pos = nl + 1;
        }

        // Blocks of non-blank lines.
        var blocks = new List<(int First, int Last)>();
        var i = 0;
        while (i < lines.Count)
        {
            if (lines[i].Blank)
            {
                i++;
                continue;
            }

            var first = i;
            while (i < lines.Count && !lines[i].Blank)
            {
                i++;
            }

            blocks.Add((first, i - 1));
        }

        var result = new TextSpanList();
        foreach (var (first, last) in blocks)
        {
            var wrapped = blocks.Count > 1 && IsHardWrapped(text, lines, first, last);
            var start = lines[first].Start;
            var end = lines[first].End;
            for (var k = first + 1; k <= last; k++)
            {
                var prev = lines[k - 1];
                var cur = lines[k];
                if (wrapped || Continues(text, prev, cur))
                {
                    end = cur.End;
                }
                else
                {
                    result.Add(new TextSpan(start, end));
                    start = cur.Start;
                    end = cur.End;
                }
            }

            result.Add(new TextSpan(start, end));
        }

        return result;
    }

    private static (int, int) Trim(string text, int s, int e)
    {
        while (s < e && char.IsWhiteSpace(text[s]))
        {
            s++;
        }

        while (e > s && char.IsWhiteSpace(text[e - 1]))
        {
            e--;
        }

        return (s, e);
    }

    // A block of several lines that mostly fill a fixed width is one hard-wrapped paragraph.
    private static bool IsHardWrapped(string text, ValueList<Line> lines, int first, int last)
    {
        if (last == first)
        {
            return false;
        }

        var full = 0;
        for (var k = first; k < last; k++)
        {
            var len = lines[k].End - lines[k].Start;
            if (len is >= 50 and <= 100 && !EndsSentence(text, lines[k]))
            {
                full++;
            }
        }

        return full * 2 >= last - first + 1 - 1 && full > 0;
    }

    private static bool EndsSentence(string text, Line line)
    {
        var c = text[line.End - 1];
        return c is '.' or '!' or '?' or ':' or '"' or '\u201D' or '\u2019' or ')' or '\u2026' or '\u00BB';
    }

    // A line that stops mid-sentence and a next line that starts in lower case belong together.
    private static bool Continues(string text, Line prev, Line cur)
    {
        if (EndsSentence(text, prev))
        {
            return false;
        }

        var c = text[cur.Start];
        return char.IsLower(c);
    }

    public static bool LooksLikeHeadline(ReadOnlySpan<char> p)
    {
        if (p.Length == 0 || p.Length > 200)
        {
            return false;
        }

        var last = p[^1];
        if (last == ':' || (last == '.' && !p.EndsWith("...", StringComparison.Ordinal)))
        {
            return false;
        }

        // A headline has no sentence break inside.
        for (var i = 0; i + 2 < p.Length; i++)
        {
            if (p[i] == '.' && p[i + 1] == ' ' && char.IsUpper(p[i + 2]) && i > 2 && char.IsLower(p[i - 1]) && char.IsLower(p[i - 2]))
            {
                return false;
            }
        }

        return true;
    }
}
