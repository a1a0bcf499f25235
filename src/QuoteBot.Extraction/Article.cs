namespace QuoteBot.Extraction;

/// <summary>Where one paragraph sits in <see cref="Article.Text"/> (UTF-16 offsets).</summary>
public readonly record struct TextSpan(int Start, int End)
{
    public int Length => End - Start;
}

/// <summary>What is known about an article besides its text.</summary>
public sealed record ArticleMeta(string? Title = null, string? Outlet = null, string? Url = null, DateOnly? Published = null, string? Author = null)
{
    public static readonly ArticleMeta Empty = new();
}

/// <summary>
/// One article ready for extraction: its text exactly as read (plain text keeps CRLF and everything else) and the
/// paragraphs found in it. Quote offsets refer to <see cref="Text"/>.
/// </summary>
public sealed class Article
{
    public Article(string source, string text, IReadOnlyList<TextSpan> paragraphs, ArticleMeta meta, int headlineParagraphs = 0)
    {
        Source = source;
        Text = text;
        Paragraphs = paragraphs;
        Meta = meta;
        HeadlineParagraphs = headlineParagraphs;
    }

    /// <summary>File name (and line, for JSON Lines) the article came from.</summary>
    public string Source { get; }

    public string Text { get; }

    public IReadOnlyList<TextSpan> Paragraphs { get; }

    public ArticleMeta Meta { get; }

    /// <summary>How many leading paragraphs are the headline (0 or 1).</summary>
    public int HeadlineParagraphs { get; }

    public string Paragraph(int index) => Text[Paragraphs[index].Start..Paragraphs[index].End];

    /// <summary>The same article with other metadata (for example outlet, URL and date given on the command line).</summary>
    public Article WithMeta(ArticleMeta meta) => new(Source, Text, Paragraphs, meta, HeadlineParagraphs);

    /// <summary>Plain text whose title is known: the first paragraph is the headline only when it repeats the title.</summary>
    public static Article FromPlainTextWithTitle(string source, string text, ArticleMeta meta)
    {
        if (meta.Title is null)
        {
            return FromPlainText(source, text, meta);
        }

        var paragraphs = PlainTextParagraphs.Split(text);
        var headline = paragraphs.Count > 1
            && text.AsSpan(paragraphs[0].Start, paragraphs[0].Length).Trim().Equals(meta.Title.AsSpan().Trim(), StringComparison.OrdinalIgnoreCase)
            ? 1 : 0;
        return new Article(source, text, paragraphs, meta, headline);
    }

    /// <summary>Builds an article from plain text: the paragraphs are split and a headline detected.</summary>
    public static Article FromPlainText(string source, string text, ArticleMeta? meta = null)
    {
        var paragraphs = PlainTextParagraphs.Split(text);
        meta ??= ArticleMeta.Empty;
        var headline = 0;
        if (paragraphs.Count > 1 && PlainTextParagraphs.LooksLikeHeadline(text.AsSpan(paragraphs[0].Start, paragraphs[0].Length)))
        {
            headline = 1;
            if (meta.Title is null)
            {
                meta = meta with { Title = text[paragraphs[0].Start..paragraphs[0].End] };
            }
        }

        if (meta.Outlet is null && Boilerplate.FooterOutlet(text, paragraphs) is { } outlet)
        {
            meta = meta with { Outlet = outlet };
        }

        if (meta.Author is null)
        {
            // "By Grace Whitfield" (or "By Grace Whitfield, Staff Writer") under the headline: the author, who is "I".
            for (var i = headline; i < paragraphs.Count && i < headline + 3; i++)
            {
                if (BylineName(text.AsSpan(paragraphs[i].Start, paragraphs[i].Length).Trim()) is { } author)
                {
                    meta = meta with { Author = author };
                    break;
                }
            }
        }

        return new Article(source, text, paragraphs, meta, headline);
    }

    /// <summary>"By Grace Whitfield" / "By Grace Whitfield, Staff Writer": two to four capitalized words after "By ".</summary>
    internal static string? BylineName(ReadOnlySpan<char> line)
    {
        if (line.Length > 80 || !line.StartsWith("By ", StringComparison.Ordinal))
        {
            return null;
        }

        var rest = line[3..];
        var cut = rest.IndexOfAny(',', '|');
        if (cut >= 0)
        {
            rest = rest[..cut];
        }

        var name = rest.Trim().ToString();
        var words = name.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length is < 2 or > 4)
        {
            return null;
        }

        foreach (var w in words)
        {
            if (!char.IsUpper(w[0]) || w.Any(c => !(char.IsLetter(c) || c is '.' or '-' or '\'' or '\u2019')))
            {
                return null;
            }
        }

        return string.Join(' ', words);
    }
}
