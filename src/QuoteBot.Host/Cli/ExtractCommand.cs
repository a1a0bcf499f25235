using System.Buffers;
using System.CommandLine;
using System.Runtime;
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
            var asJson = parse.GetValue(json);

            // A batch run: collections on this thread, not a background GC thread racing the extractor.
            GCSettings.LatencyMode = GCLatencyMode.Batch;
            if (asJson && CliApp.ProcessStdout is { } stdout && ReferenceEquals(cfg.Output, stdout))
            {
                // The process's own standard output: JSON goes to it as UTF-8 bytes through one buffer, not through
                // the console writer (which writes to the terminal or pipe every few hundred characters).
                using var raw = Console.OpenStandardOutput();
                return Run(parse.GetValue(paths) ?? [], asJson, cfg.Output, cfg.Error, Console.In, raw);
            }

            return Run(parse.GetValue(paths) ?? [], asJson, cfg.Output, cfg.Error, Console.In);
        });
        return command;
    }

    /// <summary>Runs the extraction; returns the exit code (0, or 1 when nothing could be read).</summary>
    internal static int Run(IReadOnlyList<string> paths, bool json, TextWriter output, TextWriter error, TextReader stdin, Stream? jsonStream = null)
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
        using var lines = json ? new JsonLines(output, jsonStream) : null;
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

                if (lines is not null)
                {
                    lines.Write(article, quotes);
                }
                else
                {
                    WriteText(output, article, quotes);
                }
            }
        }

        lines?.Flush();
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

    /// <summary>
    /// One JSON object per quote per line, written by one <see cref="Utf8JsonWriter"/> into one buffer that is handed
    /// on every 64 KB: as bytes to <c>stream</c> (the process's standard output), or as text to <c>output</c>.
    /// </summary>
    private sealed class JsonLines(TextWriter output, Stream? stream) : IDisposable
    {
        private const int Chunk = 64 * 1024;
        private static readonly byte[] NewLine = System.Text.Encoding.UTF8.GetBytes(Environment.NewLine);
        private readonly ArrayBufferWriter<byte> _buffer = new(Chunk + 4096);
        private readonly Utf8JsonWriter _writer = new(Stream.Null, WriterOptions);
        private char[] _chars = [];

        public void Write(Article article, IReadOnlyList<ExtractedQuote> quotes)
        {
            var published = article.Meta.Published?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            foreach (var q in quotes)
            {
                var w = _writer;
                w.Reset(_buffer);
                w.WriteStartObject();
                w.WriteString("text", q.Text);
                w.WriteString("speaker", q.Speaker);
                w.WriteString("speakerKind", KindName(q.SpeakerKind));
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
                w.WriteString("published", published);
                w.WriteEndObject();
                w.Flush();
                _buffer.Write(NewLine);
                if (_buffer.WrittenCount >= Chunk)
                {
                    Flush();
                }
            }
        }

        public void Flush()
        {
            var bytes = _buffer.WrittenSpan;
            if (bytes.Length > 0)
            {
                if (stream is not null)
                {
                    stream.Write(bytes);
                }
                else
                {
                    var need = System.Text.Encoding.UTF8.GetMaxCharCount(bytes.Length);
                    if (_chars.Length < need)
                    {
                        _chars = new char[need];
                    }

                    var n = System.Text.Encoding.UTF8.GetChars(bytes, _chars);
                    output.Write(_chars.AsSpan(0, n));
                }

                _buffer.ResetWrittenCount();
            }

            stream?.Flush();
        }

        public void Dispose() => _writer.Dispose();
    }

    /// <summary>"person", "organisation" or "group"; null when the quote has no speaker.</summary>
    internal static string? KindName(SpeakerKind kind) => kind switch
    {
        SpeakerKind.Person => "person",
        SpeakerKind.Organisation => "organisation",
        SpeakerKind.Group => "group",
        _ => null,
    };

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
