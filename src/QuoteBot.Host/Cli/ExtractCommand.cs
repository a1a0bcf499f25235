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
                SkipCollections();

                return Run(parse.GetValue(paths) ?? [], asJson, cfg.Output, cfg.Error, Console.In, raw);
            }

            return Run(parse.GetValue(paths) ?? [], asJson, cfg.Output, cfg.Error, Console.In);
        });
        return command;
    }

    /// <summary>
    /// How many bytes a one-shot <c>quotebot extract</c> may allocate before its first collection: a 3 MB article
    /// allocates about 40 MB in all (its bytes and text, the extractor's arrays, the quotes) and the process exits soon
    /// after, so collections on the way only cost time (docs/extraction.md, "Session 18: end-to-end extraction speed").
    /// </summary>
    internal const long OneShotNoCollectionBytes = 64L << 20;

    /// <summary>
    /// No garbage collection for the first <see cref="OneShotNoCollectionBytes"/> of a process's extract run (of its
    /// small heap and of large objects each): the process exits soon after. A longer run collects as usual from then on.
    /// </summary>
    private static void SkipCollections()
    {
        try
        {
            GC.TryStartNoGCRegion(OneShotNoCollectionBytes);
        }
        catch (InvalidOperationException)
        {
            // Already in such a region (a host that runs the command twice): nothing to do.
        }
        catch (ArgumentOutOfRangeException)
        {
            // More than this GC can promise (a small heap limit, e.g. a container's memory limit): collect as usual.
        }
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
        private readonly ByteBuffer _buffer = new(Chunk + 4096);
        private readonly Utf8JsonWriter _writer = new(Stream.Null, WriterOptions);
        private char[] _chars = [];

        // Property names encoded once; the article's own fields once per article (the same for each of its quotes).
        private static readonly JsonEncodedText TextName = JsonEncodedText.Encode("text");
        private static readonly JsonEncodedText SpeakerName = JsonEncodedText.Encode("speaker");
        private static readonly JsonEncodedText SpeakerKindName = JsonEncodedText.Encode("speakerKind");
        private static readonly JsonEncodedText StartName = JsonEncodedText.Encode("start");
        private static readonly JsonEncodedText EndName = JsonEncodedText.Encode("end");
        private static readonly JsonEncodedText CueName = JsonEncodedText.Encode("cue");
        private static readonly JsonEncodedText ParagraphName = JsonEncodedText.Encode("paragraph");
        private static readonly JsonEncodedText AudienceName = JsonEncodedText.Encode("audience");
        private static readonly JsonEncodedText GroupName = JsonEncodedText.Encode("group");
        private static readonly JsonEncodedText SourceName = JsonEncodedText.Encode("source");
        private static readonly JsonEncodedText UrlName = JsonEncodedText.Encode("url");
        private static readonly JsonEncodedText TitleName = JsonEncodedText.Encode("title");
        private static readonly JsonEncodedText OutletName = JsonEncodedText.Encode("outlet");
        private static readonly JsonEncodedText PublishedName = JsonEncodedText.Encode("published");
        private static readonly JsonEncodedText[] KindValues =
            [JsonEncodedText.Encode(KindName(SpeakerKind.Person)!), JsonEncodedText.Encode(KindName(SpeakerKind.Organisation)!), JsonEncodedText.Encode(KindName(SpeakerKind.Group)!)];

        public void Write(Article article, IReadOnlyList<ExtractedQuote> quotes)
        {
            if (quotes.Count == 0)
            {
                return;
            }

            var w = _writer;
            var tail = ArticleTail(article);
            w.Reset(_buffer);
            foreach (var q in quotes)
            {
                w.WriteStartObject();
                w.WriteString(TextName, q.Text);
                w.WriteString(SpeakerName, q.Speaker);
                WriteOrNull(w, SpeakerKindName, KindValue(q.SpeakerKind));
                w.WriteNumber(StartName, q.Start);
                w.WriteNumber(EndName, q.End);
                w.WriteString(CueName, q.Cue);
                w.WriteNumber(ParagraphName, q.Paragraph);
                w.WriteString(AudienceName, q.Audience);
                w.WriteNumber(GroupName, q.Group);
                w.Flush();

                // The article's own fields, the closing brace and the line break: the same bytes for each of its quotes.
                _buffer.Write(tail);

                // The writer is reset after each object (its open object is closed by the tail's bytes) so that the next
                // one starts a new top-level value (one per line).
                w.Reset(_buffer);
                if (_buffer.WrittenCount >= Chunk)
                {
                    Flush();
                    w.Reset(_buffer);
                }
            }
        }

        /// <summary>
        /// The end of each of the article's quote lines: <c>,"source":…,"url":…,"title":…,"outlet":…,"published":…}</c>
        /// and the line break, as the writer writes those properties after others in an object (same escaping).
        /// </summary>
        internal static byte[] ArticleTail(Article article)
        {
            var published = article.Meta.Published?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            var buffer = new ByteBuffer(256);
            using (var w = new Utf8JsonWriter(buffer, WriterOptions))
            {
                // A first property, so that the ones after it are written with their separating commas; cut off below.
                w.WriteStartObject();
                w.WriteNull(GroupName);
                WriteOrNull(w, SourceName, Encode(article.Source));
                WriteOrNull(w, UrlName, Encode(article.Meta.Url));
                WriteOrNull(w, TitleName, Encode(article.Meta.Title));
                WriteOrNull(w, OutletName, Encode(article.Meta.Outlet));
                WriteOrNull(w, PublishedName, Encode(published));
                w.WriteEndObject();
            }

            buffer.Write(NewLine);
            var skip = "{\"group\":null".Length;
            return buffer.WrittenSpan[skip..].ToArray();
        }

        private static JsonEncodedText? Encode(string? value) => value is null ? null : JsonEncodedText.Encode(value, WriterOptions.Encoder);

        private static JsonEncodedText? KindValue(SpeakerKind kind) => kind switch
        {
            SpeakerKind.Person => KindValues[0],
            SpeakerKind.Organisation => KindValues[1],
            SpeakerKind.Group => KindValues[2],
            _ => null,
        };

        private static void WriteOrNull(Utf8JsonWriter w, JsonEncodedText name, JsonEncodedText? value)
        {
            if (value is { } v)
            {
                w.WriteString(name, v);
            }
            else
            {
                w.WriteNull(name);
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

                _buffer.Clear();
            }

            stream?.Flush();
        }

        public void Dispose() => _writer.Dispose();
    }

    /// <summary>
    /// The JSON writer's growable byte buffer. <see cref="ArrayBufferWriter{T}"/> does the same, but a framework generic
    /// is compiled by the JIT in every run of a ReadyToRun quotebot, where this type's code is precompiled (start-up of a
    /// one-shot <c>quotebot extract</c>; docs/extraction.md, Speed).
    /// </summary>
    internal sealed class ByteBuffer(int capacity) : IBufferWriter<byte>
    {
        private byte[] _bytes = new byte[Math.Max(capacity, 1)];
        private int _count;

        public int WrittenCount => _count;

        public ReadOnlySpan<byte> WrittenSpan => new(_bytes, 0, _count);

        /// <summary>Empties the buffer; its capacity is kept.</summary>
        public void Clear() => _count = 0;

        public void Advance(int count)
        {
            if (count < 0 || count > _bytes.Length - _count)
            {
                throw new ArgumentOutOfRangeException(nameof(count), "cannot advance past the end of the buffer");
            }

            _count += count;
        }

        public Memory<byte> GetMemory(int sizeHint = 0)
        {
            Reserve(sizeHint);
            return new Memory<byte>(_bytes, _count, _bytes.Length - _count);
        }

        public Span<byte> GetSpan(int sizeHint = 0)
        {
            Reserve(sizeHint);
            return new Span<byte>(_bytes, _count, _bytes.Length - _count);
        }

        public void Write(ReadOnlySpan<byte> bytes)
        {
            bytes.CopyTo(GetSpan(bytes.Length));
            _count += bytes.Length;
        }

        // At least sizeHint free bytes (at least one when the hint is 0), as IBufferWriter asks.
        private void Reserve(int sizeHint)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(sizeHint);
            var need = Math.Max(sizeHint, 1);
            if (_bytes.Length - _count >= need)
            {
                return;
            }

            var bigger = new byte[Math.Max(_bytes.Length * 2, _count + need)];
            Buffer.BlockCopy(_bytes, 0, bigger, 0, _count);
            _bytes = bigger;
        }
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
