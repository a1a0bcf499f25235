using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using SkiaSharp;
using SkiaSharp.HarfBuzz;

namespace QuoteBot.Cards;

/// <summary>Writing direction of a piece of text: strong left-to-right, strong right-to-left, or neither (digits, marks).</summary>
internal enum Direction
{
    Neutral,
    Ltr,
    Rtl,
}

/// <summary>A shaped run in one typeface: glyph ids with x positions at the reference size, in visual order.</summary>
internal sealed record ShapedRun(SKTypeface Face, ushort[] Glyphs, SKPoint[] Positions, float Width);

/// <summary>A word (or one CJK character) that is never split across lines unless it alone is wider than a line.</summary>
internal sealed record Token(IReadOnlyList<ShapedRun> Runs, float Width, Direction Direction, bool SpaceBefore, string Text);

/// <summary>A positioned run ready to draw: x and baseline y in card pixels.</summary>
internal sealed record PlacedRun(ShapedRun Run, float X, float Y, float Scale);

/// <summary>The outcome of fitting text into a box: its font size, lines, and whether it was cut with "…".</summary>
internal sealed record TextBlock(float FontSize, int LineCount, IReadOnlyList<PlacedRun> Runs, bool Truncated, int MissingCharacters)
{
    /// <summary>The typefaces used, for tests and diagnostics.</summary>
    public IEnumerable<string> Families => Runs.Select(r => r.Run.Face.FamilyName).Distinct();
}

/// <summary>
/// Turns text into shaped, wrapped, bidi-ordered lines. Text is cut into grapheme clusters, each given a typeface by
/// <see cref="FontFallback"/>; words (and single CJK characters, which break anywhere) are shaped with HarfBuzz once at
/// a reference size, so trying several font sizes only rescales widths. Lines are ordered for display at word
/// granularity: right-to-left words of Arabic and Hebrew run right to left, and a paragraph that starts right-to-left is
/// right-aligned.
/// </summary>
internal sealed class TextLayout
{
    public const float ReferenceSize = 100f;

    private readonly ConcurrentDictionary<SKTypeface, SKShaper> _shapers = new();

    /// <summary>Shapes <paramref name="text"/> into tokens. Whitespace runs (newlines too) collapse to one space.</summary>
    public IReadOnlyList<Token> Tokenize(string text, FontFallback fonts, out int missing)
    {
        missing = 0;
        var tokens = new List<Token>();
        var word = new List<(string Text, SKTypeface Face)>();
        var spaceBefore = false;
        var pendingSpace = false;

        void Flush()
        {
            if (word.Count > 0)
            {
                tokens.Add(MakeToken(word, spaceBefore));
                word.Clear();
                spaceBefore = false;
            }
        }

        var e = StringInfo.GetTextElementEnumerator(text);
        while (e.MoveNext())
        {
            var cluster = (string)e.Current;
            var cp = CharExtensions.ConvertToUtf32IfValid(cluster);
            if (IsSpace(cp))
            {
                Flush();
                pendingSpace = tokens.Count > 0;
                continue;
            }

            if (IsControl(cp))
            {
                continue;
            }

            var face = fonts.For(cluster, cp);
            if (face is null)
            {
                missing++;
                continue;
            }

            if (pendingSpace)
            {
                Flush();
                spaceBefore = true;
                pendingSpace = false;
            }

            if (BreaksAround(cp))
            {
                Flush();
                word.Add((cluster, face));
                var hadSpace = spaceBefore;
                tokens.Add(MakeToken(word, hadSpace));
                word.Clear();
                spaceBefore = false;
                continue;
            }

            word.Add((cluster, face));
        }

        Flush();
        return tokens;
    }

    /// <summary>Splits a token wider than <paramref name="maxWidth"/> (reference units) into pieces that fit, by cluster.</summary>
    public IEnumerable<Token> SplitWide(Token token, FontFallback fonts, float maxWidth)
    {
        if (token.Width <= maxWidth)
        {
            yield return token;
            yield break;
        }

        var piece = new StringBuilder();
        var first = true;
        var e = StringInfo.GetTextElementEnumerator(token.Text);
        while (e.MoveNext())
        {
            var next = piece + (string)e.Current;
            if (piece.Length > 0 && Measure(next, fonts) > maxWidth)
            {
                yield return Shape(piece.ToString(), fonts, first && token.SpaceBefore);
                first = false;
                piece.Clear();
            }

            piece.Append((string)e.Current);
        }

        if (piece.Length > 0)
        {
            yield return Shape(piece.ToString(), fonts, first && token.SpaceBefore);
        }
    }

    public Token Shape(string text, FontFallback fonts, bool spaceBefore = false)
    {
        var parts = new List<(string, SKTypeface)>();
        var e = StringInfo.GetTextElementEnumerator(text);
        while (e.MoveNext())
        {
            var cluster = (string)e.Current;
            var face = fonts.For(cluster, CharExtensions.ConvertToUtf32IfValid(cluster));
            if (face is not null)
            {
                parts.Add((cluster, face));
            }
        }

        return MakeToken(parts, spaceBefore);
    }

    private float Measure(string text, FontFallback fonts) => Shape(text, fonts).Width;

    private Token MakeToken(List<(string Text, SKTypeface Face)> clusters, bool spaceBefore)
    {
        var runs = new List<ShapedRun>();
        var text = new StringBuilder();
        var i = 0;
        while (i < clusters.Count)
        {
            var face = clusters[i].Face;
            var run = new StringBuilder();
            while (i < clusters.Count && clusters[i].Face == face)
            {
                run.Append(clusters[i].Text);
                i++;
            }

            text.Append(run);
            runs.Add(ShapeRun(run.ToString(), face));
        }

        var s = text.ToString();
        var direction = DirectionOf(s);
        if (direction == Direction.Rtl)
        {
            runs.Reverse(); // runs of one word in visual order
        }

        return new Token(runs, runs.Sum(r => r.Width), direction, spaceBefore, s);
    }

    private ShapedRun ShapeRun(string text, SKTypeface face)
    {
        var shaper = _shapers.GetOrAdd(face, f => new SKShaper(f));
        using var font = NewFont(face, ReferenceSize);
        SKShaper.Result result;
        lock (shaper)
        {
            result = shaper.Shape(text, font);
        }

        var glyphs = new ushort[result.Codepoints.Length];
        for (var g = 0; g < glyphs.Length; g++)
        {
            glyphs[g] = (ushort)result.Codepoints[g];
        }

        return new ShapedRun(face, glyphs, result.Points, result.Width);
    }

    public static SKFont NewFont(SKTypeface face, float size) => new(face, size)
    {
        Hinting = SKFontHinting.None,
        Subpixel = true,
        LinearMetrics = true,
        Edging = SKFontEdging.Antialias,
    };

    /// <summary>
    /// Fits tokens into <paramref name="maxLines"/> lines of <paramref name="width"/> pixels at the largest size between
    /// <paramref name="maxSize"/> and <paramref name="minSize"/> that holds them all; at the minimum size what does not
    /// fit is cut and the last line ends in <paramref name="ellipsis"/>.
    /// </summary>
    public TextBlock Fit(IReadOnlyList<Token> tokens, Token ellipsis, float x, float top, float width, float height,
        float maxSize, float minSize, float lineSpacing, int missing, int maxLines = int.MaxValue)
    {
        var size = maxSize;
        List<List<Token>> lines;
        while (true)
        {
            var lineHeight = size * lineSpacing;
            var fitLines = Math.Min(maxLines, Math.Max(1, (int)(height / lineHeight)));
            lines = Wrap(tokens, width * ReferenceSize / size, fitLines + 1);
            if (lines.Count <= fitLines || size <= minSize)
            {
                var truncated = false;
                if (lines.Count > fitLines)
                {
                    lines = lines.Take(fitLines).ToList();
                    Ellipsize(lines[^1], ellipsis, width * ReferenceSize / size);
                    truncated = true;
                }

                return Place(lines, x, top, width, size, lineHeight, truncated, missing);
            }

            size = Math.Max(minSize, size - 2);
        }
    }

    /// <summary>Greedy line breaking in reference units; stops after <paramref name="limit"/> lines.</summary>
    private static List<List<Token>> Wrap(IReadOnlyList<Token> tokens, float width, int limit)
    {
        var space = SpaceWidth;
        var lines = new List<List<Token>>();
        var line = new List<Token>();
        var used = 0f;
        foreach (var t in tokens)
        {
            var add = (line.Count > 0 && t.SpaceBefore ? space : 0) + t.Width;
            if (line.Count > 0 && used + add > width)
            {
                lines.Add(line);
                if (lines.Count >= limit)
                {
                    return lines;
                }

                line = [];
                used = 0;
                add = t.Width;
            }

            line.Add(t);
            used += add;
        }

        if (line.Count > 0)
        {
            lines.Add(line);
        }

        return lines;
    }

    private static void Ellipsize(List<Token> line, Token ellipsis, float width)
    {
        while (line.Count > 1 && LineWidth(line) + ellipsis.Width > width)
        {
            line.RemoveAt(line.Count - 1);
        }

        line.Add(ellipsis);
    }

    private static float LineWidth(List<Token> line) =>
        line.Sum(t => t.Width) + line.Skip(1).Count(t => t.SpaceBefore) * SpaceWidth;

    /// <summary>A space at the reference size (the word gap; fonts differ little, and one value keeps wrapping simple).</summary>
    private const float SpaceWidth = ReferenceSize * 0.26f;

    private static TextBlock Place(List<List<Token>> lines, float x, float top, float width, float size, float lineHeight, bool truncated, int missing)
    {
        var scale = size / ReferenceSize;
        var placed = new List<PlacedRun>();
        var paragraph = lines.SelectMany(l => l).Select(t => t.Direction).FirstOrDefault(d => d != Direction.Neutral, Direction.Ltr);
        var baseline = top + size;
        foreach (var line in lines)
        {
            var visual = VisualOrder(line, paragraph);
            var lineWidth = LineWidth(line) * scale;
            var pen = paragraph == Direction.Rtl ? x + width - lineWidth : x;
            for (var i = 0; i < visual.Count; i++)
            {
                if (i > 0 && Gap(line, visual[i - 1], visual[i]))
                {
                    pen += SpaceWidth * scale;
                }

                foreach (var run in visual[i].Runs)
                {
                    placed.Add(new PlacedRun(run, pen, baseline, scale));
                    pen += run.Width * scale;
                }
            }

            baseline += lineHeight;
        }

        return new TextBlock(size, lines.Count, placed, truncated, missing);
    }

    private static bool Gap(List<Token> line, Token a, Token b)
    {
        var ia = line.IndexOf(a);
        var ib = line.IndexOf(b);
        return ib == ia + 1 ? b.SpaceBefore : ia == ib + 1 ? a.SpaceBefore : true;
    }

    /// <summary>Word-level bidi: neutral words between two words of one direction take it, else the paragraph's.</summary>
    private static List<Token> VisualOrder(List<Token> line, Direction paragraph)
    {
        var resolved = new Direction[line.Count];
        for (var i = 0; i < line.Count; i++)
        {
            if (line[i].Direction != Direction.Neutral)
            {
                resolved[i] = line[i].Direction;
                continue;
            }

            var before = Enumerable.Range(0, i).Reverse().Select(j => line[j].Direction).FirstOrDefault(d => d != Direction.Neutral, paragraph);
            var after = Enumerable.Range(i + 1, line.Count - i - 1).Select(j => line[j].Direction).FirstOrDefault(d => d != Direction.Neutral, paragraph);
            resolved[i] = before == after ? before : paragraph;
        }

        var runs = new List<List<Token>>();
        for (var i = 0; i < line.Count; i++)
        {
            if (i == 0 || resolved[i] != resolved[i - 1])
            {
                runs.Add([]);
            }

            runs[^1].Add(line[i]);
        }

        var ordered = new List<Token>();
        var runOrder = paragraph == Direction.Rtl ? Enumerable.Reverse(runs) : runs;
        foreach (var run in runOrder)
        {
            var rtl = resolved[line.IndexOf(run[0])] == Direction.Rtl;
            ordered.AddRange(rtl ? Enumerable.Reverse(run) : run);
        }

        return ordered;
    }

    public static Direction DirectionOf(string text)
    {
        foreach (var rune in text.EnumerateRunes())
        {
            var d = DirectionOf(rune.Value);
            if (d != Direction.Neutral)
            {
                return d;
            }
        }

        return Direction.Neutral;
    }

    private static Direction DirectionOf(int cp)
    {
        if (cp is (>= 0x0590 and <= 0x08FF) or (>= 0xFB1D and <= 0xFDFF) or (>= 0xFE70 and <= 0xFEFF) or (>= 0x10800 and <= 0x10FFF) or (>= 0x1E800 and <= 0x1EFFF))
        {
            return Direction.Rtl;
        }

        return Rune.IsValid(cp) && Rune.IsLetter(new Rune(cp)) ? Direction.Ltr : Direction.Neutral;
    }

    /// <summary>CJK ideographs, kana, Hangul and their punctuation: a line may break before and after each.</summary>
    private static bool BreaksAround(int cp) =>
        cp is (>= 0x2E80 and <= 0x9FFF) or (>= 0xAC00 and <= 0xD7AF) or (>= 0xF900 and <= 0xFAFF) or (>= 0xFF00 and <= 0xFFEF) or (>= 0x20000 and <= 0x3FFFF);

    private static bool IsSpace(int cp) => Rune.IsValid(cp) && Rune.IsWhiteSpace(new Rune(cp));

    private static bool IsControl(int cp) =>
        !Rune.IsValid(cp) || Rune.GetUnicodeCategory(new Rune(cp)) is UnicodeCategory.Control or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse
        || cp is 0x200E or 0x200F or (>= 0x202A and <= 0x202E) or (>= 0x2066 and <= 0x2069) or 0xFEFF;
}

internal static class CharExtensions
{
    /// <summary>The first code point of a cluster; a lone surrogate gives 0xFFFD.</summary>
    public static int ConvertToUtf32IfValid(string cluster) =>
        Rune.DecodeFromUtf16(cluster, out var rune, out _) == System.Buffers.OperationStatus.Done ? rune.Value : 0xFFFD;
}
