using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using QuoteBot.Extraction;

namespace QuoteBot.Host.Cli;

/// <summary><c>quotebot extract [--json] &lt;file|dir|-&gt;...</c>: prints the quotes found in articles.</summary>
internal static class ExtractCommand
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Command Create()
    {
        var paths = new Argument<string[]>("paths")
        {
            Description = "Article files (.txt, .html, .jsonl), directories of them, or - for standard input",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var json = new Option<bool>("--json") { Description = "One JSON object per quote per line on stdout" };
        var command = new Command("extract", "Extract attributed quotes from news articles");
        command.Arguments.Add(paths);
        command.Options.Add(json);
        command.SetAction(parse =>
        {
            var cfg = parse.InvocationConfiguration;
            return Run(parse.GetValue(paths) ?? [], parse.GetValue(json), cfg.Output, cfg.Error, Console.In);
        });
        return command;
    }

    /// <summary>Runs the extraction; returns the exit code (0, or 1 when nothing could be read).</summary>
    internal static int Run(IReadOnlyList<string> paths, bool json, TextWriter output, TextWriter error, TextReader stdin)
    {
        if (paths.Count == 0)
        {
            error.WriteLine("error: give at least one file, directory, or - for standard input");
            return 1;
        }

        var (files, expandErrors) = ArticleLoader.ExpandPaths(paths);
        foreach (var e in expandErrors)
        {
            error.WriteLine("error: " + OneLine(e.ToString()));
        }

        var articles = 0;
        foreach (var file in files)
        {
            var loaded = ArticleLoader.LoadFile(file, ArticleFormat.Auto, stdin);
            foreach (var e in loaded.Errors)
            {
                error.WriteLine("skipped: " + OneLine(e.ToString()));
            }

            foreach (var article in loaded.Articles)
            {
                articles++;
                IReadOnlyList<ExtractedQuote> quotes;
                try
                {
                    quotes = QuoteExtractor.Extract(article);
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    error.WriteLine($"skipped: {OneLine(article.Source)}: extraction failed: {OneLine(ex.Message)}");
                    continue;
                }

                if (json)
                {
                    WriteJson(output, article, quotes);
                }
                else
                {
                    WriteText(output, article, quotes);
                }
            }
        }

        output.Flush();
        if (articles == 0)
        {
            if (files.Count == 0 && expandErrors.Count > 0)
            {
                return 1; // each path was named above; a second line would say the same
            }

            error.WriteLine("error: no article could be read");
            return 1;
        }

        return 0;
    }

    private static void WriteJson(TextWriter output, Article article, IReadOnlyList<ExtractedQuote> quotes)
    {
        using var buffer = new MemoryStream();
        foreach (var q in quotes)
        {
            buffer.SetLength(0);
            using (var w = new Utf8JsonWriter(buffer, WriterOptions))
            {
                w.WriteStartObject();
                w.WriteString("text", q.Text);
                w.WriteString("speaker", q.Speaker);
                w.WriteNumber("start", q.Start);
                w.WriteNumber("end", q.End);
                w.WriteString("cue", q.Cue);
                w.WriteNumber("paragraph", q.Paragraph);
                w.WriteString("audience", q.Audience);
                w.WriteNumber("group", q.Group);
                w.WriteString("source", article.Source);
                w.WriteString("url", article.Meta.Url);
                w.WriteString("title", article.Meta.Title);
                w.WriteString("outlet", article.Meta.Outlet);
                w.WriteString("published", article.Meta.Published?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
                w.WriteEndObject();
            }

            output.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
        }
    }

    private static void WriteText(TextWriter output, Article article, IReadOnlyList<ExtractedQuote> quotes)
    {
        output.WriteLine($"{article.Source}{(article.Meta.Title is null ? string.Empty : " \u2014 " + OneLine(article.Meta.Title))}: {quotes.Count} quote(s)");
        foreach (var q in quotes)
        {
            var who = q.Speaker ?? "(unknown speaker)";
            var cue = q.Cue is null ? string.Empty : $" ({q.Cue}{(q.Audience is null ? string.Empty : " \u2192 " + q.Audience)})";
            output.WriteLine($"  [{q.Paragraph}] {who}{cue}: \u201C{OneLine(q.Text)}\u201D");
        }
    }

    private static string OneLine(string s) => s.ReplaceLineEndings(" ");
}
