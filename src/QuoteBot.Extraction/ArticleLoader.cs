using System.Globalization;
using System.Text;
using System.Text.Json;

namespace QuoteBot.Extraction;

/// <summary>A file, or one line of a file (<see cref="Line"/>), that could not be read as an article.</summary>
public sealed record LoadError(string Source, string Reason, int? Line = null)
{
    /// <summary>"notes.txt: empty file", "feed.jsonl line 3: "text" must be a string".</summary>
    public override string ToString() => Line is { } n
        ? string.Create(CultureInfo.InvariantCulture, $"{Source} line {n}: {Reason}")
        : $"{Source}: {Reason}";
}

/// <summary>Articles read from one or more inputs, and what was skipped.</summary>
public sealed record LoadResult(IReadOnlyList<Article> Articles, IReadOnlyList<LoadError> Errors);

/// <summary>The input formats understood by <see cref="ArticleLoader"/>.</summary>
public enum ArticleFormat
{
    Auto,
    PlainText,
    Html,
    JsonLines,
}

/// <summary>
/// Reads articles from plain text, HTML and JSON Lines files (UTF-8, with or without BOM, CRLF or LF). Never throws
/// for bad content: a bad file or line becomes a <see cref="LoadError"/>.
/// </summary>
public static class ArticleLoader
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>File name endings read from a directory.</summary>
    public static readonly IReadOnlyList<string> Extensions = [".txt", ".text", ".html", ".htm", ".jsonl", ".ndjson"];

    /// <summary>
    /// Expands directories into the article files directly inside them (sorted), keeps files and "-" as they are.
    /// Missing paths become errors.
    /// </summary>
    public static (IReadOnlyList<string> Files, IReadOnlyList<LoadError> Errors) ExpandPaths(IEnumerable<string> paths)
    {
        var files = new List<string>();
        var errors = new List<LoadError>();
        foreach (var path in paths)
        {
            if (path == "-")
            {
                files.Add(path);
            }
            else if (Directory.Exists(path))
            {
                try
                {
                    var found = Directory.EnumerateFiles(path)
                        .Where(IsArticleFile)
                        .Order(StringComparer.Ordinal)
                        .ToList();
                    if (found.Count == 0)
                    {
                        errors.Add(new LoadError(path, "no .txt, .html or .jsonl files in this directory"));
                    }

                    files.AddRange(found);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    errors.Add(new LoadError(path, "cannot list directory: " + ex.Message));
                }
            }
            else if (File.Exists(path))
            {
                files.Add(path);
            }
            else
            {
                errors.Add(new LoadError(path, "no such file or directory"));
            }
        }

        return (files, errors);
    }

    public static bool IsArticleFile(string path)
    {
        var name = Path.GetFileName(path);
        if (name.StartsWith('.'))
        {
            return false;
        }

        return Extensions.Any(e => name.EndsWith(e, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Reads one file (or standard input for "-").</summary>
    public static LoadResult LoadFile(string path, ArticleFormat format = ArticleFormat.Auto, TextReader? stdin = null)
    {
        string name = path == "-" ? "<stdin>" : path;
        string content;
        try
        {
            if (path == "-")
            {
                content = (stdin ?? Console.In).ReadToEnd();
            }
            else
            {
                var bytes = File.ReadAllBytes(path);
                if (!TryDecode(bytes, out content, out var reason))
                {
                    return Fail(name, reason);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Fail(name, "cannot read: " + ex.Message);
        }

        if (format == ArticleFormat.Auto)
        {
            format = DetectFormat(path, content);
        }

        return LoadContent(name, content, format);
    }

    /// <summary>Decodes UTF-8 strictly and drops a BOM; binary content (NUL bytes, invalid UTF-8) is refused.</summary>
    public static bool TryDecode(byte[] bytes, out string content, out string reason)
    {
        content = string.Empty;
        reason = string.Empty;
        var span = bytes.AsSpan();
        if (span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            span = span[3..];
        }

        if (span.IndexOf((byte)0) >= 0)
        {
            reason = "binary file (contains NUL bytes)";
            return false;
        }

        try
        {
            content = StrictUtf8.GetString(span);
        }
        catch (DecoderFallbackException)
        {
            reason = "not UTF-8 text";
            return false;
        }

        if (content.Length > 0 && content[0] == '\uFEFF')
        {
            content = content[1..];
        }

        return true;
    }

    public static ArticleFormat DetectFormat(string path, string content)
    {
        var lower = path.ToLowerInvariant();
        if (lower.EndsWith(".html", StringComparison.Ordinal) || lower.EndsWith(".htm", StringComparison.Ordinal))
        {
            return ArticleFormat.Html;
        }

        if (lower.EndsWith(".jsonl", StringComparison.Ordinal) || lower.EndsWith(".ndjson", StringComparison.Ordinal) || lower.EndsWith(".json", StringComparison.Ordinal))
        {
            return ArticleFormat.JsonLines;
        }

        if (lower.EndsWith(".txt", StringComparison.Ordinal) || lower.EndsWith(".text", StringComparison.Ordinal))
        {
            return ArticleFormat.PlainText;
        }

        var t = content.AsSpan().TrimStart();
        if (t.StartsWith("{", StringComparison.Ordinal))
        {
            return ArticleFormat.JsonLines;
        }

        if (t.StartsWith("<", StringComparison.Ordinal))
        {
            return ArticleFormat.Html;
        }

        return ArticleFormat.PlainText;
    }

    /// <summary>Reads one HTML page (a fetched article): its main text and metadata; null with a reason when there is no article text.</summary>
    public static Article? ReadHtml(string source, string html, ArticleMeta meta, out string reason)
    {
        ArgumentNullException.ThrowIfNull(html);
        if (string.IsNullOrWhiteSpace(html))
        {
            reason = "empty page";
            return null;
        }

        return HtmlArticleReader.Read(source, html, meta ?? ArticleMeta.Empty, out reason);
    }

    /// <summary>Reads decoded content of a known format.</summary>
    public static LoadResult LoadContent(string name, string content, ArticleFormat format)
    {
        if (string.IsNullOrWhiteSpace(content))
        {
            return Fail(name, "empty file");
        }

        switch (format)
        {
            case ArticleFormat.Html:
                {
                    var article = HtmlArticleReader.Read(name, content, ArticleMeta.Empty, out var reason);
                    return article is null ? Fail(name, reason) : new LoadResult([article], []);
                }

            case ArticleFormat.JsonLines:
                return LoadJsonLines(name, content);
            default:
                if (LooksBinary(content))
                {
                    return Fail(name, "binary file (control characters)");
                }

                return new LoadResult([Article.FromPlainText(name, content)], []);
        }
    }

    private static bool LooksBinary(string content)
    {
        var control = 0;
        var n = Math.Min(content.Length, 4096);
        for (var i = 0; i < n; i++)
        {
            var c = content[i];
            if (c < ' ' && c is not '\n' and not '\r' and not '\t' and not '\f')
            {
                control++;
            }
        }

        return control > n / 100 + 2;
    }

    private static LoadResult LoadJsonLines(string name, string content)
    {
        var articles = new List<Article>();
        var errors = new List<LoadError>();
        var lineNo = 0;
        var pos = 0;
        while (pos < content.Length)
        {
            var nl = content.IndexOf('\n', pos);
            var end = nl < 0 ? content.Length : nl;
            var line = content.AsSpan(pos, end - pos).Trim();
            lineNo++;
            pos = end + 1;
            if (line.IsEmpty)
            {
                continue;
            }

            var where = name + ":" + lineNo.ToString(CultureInfo.InvariantCulture);
            var article = ReadJsonLine(where, line.ToString(), out var reason);
            if (article is null)
            {
                errors.Add(new LoadError(name, reason, lineNo));
            }
            else
            {
                articles.Add(article);
            }
        }

        if (articles.Count == 0 && errors.Count == 0)
        {
            errors.Add(new LoadError(name, "empty file"));
        }

        return new LoadResult(articles, errors);
    }

    /// <summary>The fields a JSON line may have; each, when present, must be a string (or null).</summary>
    private static readonly string[] StringFields = ["text", "html", "title", "outlet", "source", "url", "published", "date", "author"];

    private static Article? ReadJsonLine(string where, string line, out string reason)
    {
        reason = string.Empty;
        try
        {
            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                reason = $"not a JSON object (it is {Describe(root.ValueKind)})";
                return null;
            }

            foreach (var field in StringFields)
            {
                if (root.TryGetProperty(field, out var v) && v.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
                {
                    reason = $"\"{field}\" must be a string, not {Describe(v.ValueKind)}";
                    return null;
                }
            }

            var meta = new ArticleMeta(
                Str(root, "title"),
                Str(root, "outlet") ?? Str(root, "source"),
                Str(root, "url"),
                ParseDate(Str(root, "published") ?? Str(root, "date")),
                Str(root, "author"));
            var text = Str(root, "text");
            if (!string.IsNullOrWhiteSpace(text))
            {
                return Article.FromPlainTextWithTitle(where, text, meta);
            }

            var html = Str(root, "html");
            if (!string.IsNullOrWhiteSpace(html))
            {
                return HtmlArticleReader.Read(where, html, meta, out reason);
            }

            reason = text is not null || html is not null ? "the article's \"text\" is empty" : "it has no \"text\" or \"html\" field";
            return null;
        }
        catch (JsonException ex)
        {
            reason = ex.BytePositionInLine is { } at
                ? string.Create(CultureInfo.InvariantCulture, $"not valid JSON (a mistake near character {at + 1})")
                : "not valid JSON";
            return null;
        }
        catch (InvalidOperationException)
        {
            reason = "a string in it is not valid Unicode (a broken \\u escape)";
            return null;
        }
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "true or false",
        JsonValueKind.Array => "a list",
        JsonValueKind.Object => "an object",
        JsonValueKind.String => "a string",
        _ => "null",
    };

    private static string? Str(JsonElement root, string name) =>
        root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    /// <summary>Parses an ISO date or date-time; null when absent or unreadable.</summary>
    public static DateOnly? ParseDate(string? s)
    {
        if (string.IsNullOrWhiteSpace(s))
        {
            return null;
        }

        if (DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var dto))
        {
            return DateOnly.FromDateTime(dto.UtcDateTime);
        }

        return DateOnly.TryParse(s, CultureInfo.InvariantCulture, out var d) ? d : null;
    }

    private static LoadResult Fail(string name, string reason) => new([], [new LoadError(name, reason)]);
}
