using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using QuoteBot.Core.Commands;
using QuoteBot.Core.Model;
using QuoteBot.Core.Random;
using QuoteBot.Core.Search;
using QuoteBot.Core.Storage;
using QuoteBot.Extraction;
using QuoteBot.Host.Cli;
using QuoteBot.Storage.Sqlite;

namespace QuoteBot.Host.Bench;

/// <summary>What a fuzz run did: inputs per entry path, exceptions and invariant violations (each with a first example).</summary>
public sealed record FuzzReport(
    long Inputs,
    IReadOnlyDictionary<string, long> InputsByPath,
    long Exceptions,
    long Violations,
    long Batches,
    long QuotesAtEnd,
    long AuditRowsAtEnd,
    TimeSpan Elapsed,
    IReadOnlyList<string> Examples);

/// <summary>
/// Throws random and adversarial input (control and bidi characters, lone surrogates, FTS and SQL syntax, huge numbers,
/// bad links and scopes, broken JSON and HTML) at every way into a SQLite store: chat commands, the adapters' add, the
/// CLI's add, the query parser and search, the article importers (txt, HTML, JSON Lines) and export import. After each
/// batch it checks the store: ids unique and never reused, the full-text index holding exactly the active quotes with
/// their current text, the per-scope counts in step, and one audit row per change. Same seed, same inputs.
/// </summary>
public sealed class FuzzRunner : IDisposable
{
    /// <summary>Inputs between two invariant checks.</summary>
    public int BatchSize { get; }

    private static readonly Scope[] Scopes = [Scope.Global, Scope.Telegram(-100123), Scope.Discord(42)];

    private static readonly string[] Pieces =
    [
        "harbour", "bridge", "territory", "ferry", "Ana", "Silva", "O'Brien", "Zelenskyy", "said", "Mayor Ana Lind said.",
        "\"", "\u201C", "\u201D", "\u00AB", "\u00BB", " - ", " \u2014 ", " | ", "|", "speaker:", "speaker:\"ana silva\"", "-", "#",
        "#0", "#1", "#2", "#-1", "#9223372036854775807", "99999999999999999999", "*", "NEAR(", ")", "(", "AND", "OR", "NOT", "^",
        ":", "'", "';DROP TABLE quotes;--", "\" OR 1=1 --", "%", "_", "\\", "\0", "\a", "\u001b[31m", "\u007f", "\u0085",
        "\u202E", "\u202D", "\u2066", "\u2069", "\u200F", "\uFEFF", "\uD800", "\uDC00", "\uD83D\uDE00", "\u00E9", "e\u0301",
        "\u4E2D\u6587", "\u05E2\u05D1\u05E8\u05D9\u05EA", "\n", "\r\n", "\t", " ", "  ", "https://example.com/a",
        "http://example.org/x?y=1&z=2", "javascript:alert(1)", "ftp://x", "http://", "https://", "data:text/html,<b>x</b>",
        "<p>", "</p>", "<script>alert(1)</script>", "<b>", "&amp;", "&#7;", "&#x202E;", "{", "}", "[", "]", ",", "\"text\":",
        "null", "42", "-0", "1e309", "tg:abc", "dc:-5", "global", "@everyone", "<@123>", "```", "*bold*", "_it_",
    ];

    private static readonly UTF8Encoding Lenient = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    private readonly Random _rng;
    private readonly string _dir;
    private readonly SqliteQuoteStore _sqlite;
    private readonly CountingStore _store;
    private readonly QuoteCommands _commands;
    private readonly Dictionary<string, long> _byPath = new(StringComparer.Ordinal);
    private readonly List<string> _examples = [];
    private readonly HashSet<long> _idsSeen = [];
    private readonly List<long> _idList = [];
    private readonly List<string> _exceptionExamples = [];
    private long _inputs;
    private long _exceptions;
    private long _violations;
    private long _batches;
    private long _maxSeen;

    public FuzzRunner(int seed, int batchSize = 100, string? directory = null)
    {
        BatchSize = Math.Max(1, batchSize);
        _rng = new Random(seed);
        _dir = directory ?? Path.Combine(Path.GetTempPath(), "quotebot-fuzz-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
        _sqlite = new SqliteQuoteStore(Path.Combine(_dir, "fuzz.db"));
        _store = new CountingStore(_sqlite, OnReused);
        _commands = new QuoteCommands(_store, new QuoteFinder(_store, _sqlite, new RandomQuotePicker(_store, _sqlite)), TimeProvider.System);
    }

    /// <summary>Runs <paramref name="count"/> inputs, checking the store after every <see cref="BatchSize"/>.</summary>
    public async Task<FuzzReport> RunAsync(long count, IProgress<long>? progress = null, CancellationToken ct = default)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        await _sqlite.InitializeAsync(ct);
        for (long i = 0; i < count; i++)
        {
            ct.ThrowIfCancellationRequested();
            var path = NextPath();
            _byPath[path] = _byPath.GetValueOrDefault(path) + 1;
            _inputs++;
            try
            {
                await RunOneAsync(path, ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                _exceptions++;
                if (_exceptionExamples.Count < 10)
                {
                    _exceptionExamples.Add($"exception on {path}: {ex.GetType().Name}: {ex.Message.ReplaceLineEndings(" ")}");
                }
            }

            if ((i + 1) % BatchSize == 0 || i + 1 == count)
            {
                await CheckInvariantsAsync(ct);
                progress?.Report(i + 1);
            }
        }

        var audit = Scalar("SELECT count(*) FROM audit");
        var quotes = Scalar("SELECT count(*) FROM quotes");
        return new FuzzReport(_inputs, _byPath, _exceptions, _violations, _batches, quotes, audit, started.Elapsed, [.. _exceptionExamples, .. _examples]);
    }

    private string NextPath() => _rng.Next(100) switch
    {
        < 25 => "chat command",
        < 33 => "adapter add",
        < 40 => "cli add",
        < 55 => "query",
        < 65 => "import txt",
        < 72 => "import html",
        < 82 => "import jsonl",
        _ => "import export json",
    };

    private async Task RunOneAsync(string path, CancellationToken ct)
    {
        var scope = Scopes[_rng.Next(Scopes.Length)];
        var ctx = new CommandContext(scope, "fuzz:" + scope.Key, new Actor("fuzz", "fuzz"), (_, _) => ValueTask.FromResult(true));
        switch (path)
        {
            case "chat command":
                await _commands.HandleAsync(new CommandRequest(Pick(["addquote", "editquote", "removequote", "restorequote", "quote", "quotes", "context", "help", "nonsense"]), ChatArguments()), ctx, ct);
                break;
            case "adapter add":
                await _commands.AddQuoteAsync(new QuoteInput(Maybe(Text()), Maybe(Text(8)), Maybe(Url())), ctx, ct);
                break;
            case "cli add":
                // The CLI's add: QuoteCommands.Prepare decides, then the store adds; a refused input writes nothing.
                var (quote, _) = QuoteCommands.Prepare(new QuoteInput(Text(), Text(6), Maybe(Url())), scope, Actor.Local, TimeProvider.System.GetUtcNow());
                if (quote is not null)
                {
                    await _store.AddAsync(quote, Actor.Local, ct);
                }

                break;
            case "query":
                var parsed = QueryParser.Parse(Text(30));
                if (parsed.Ok && !parsed.Query!.IsEmpty)
                {
                    await _sqlite.SearchAsync(parsed.Query, Visibility.For(scope), _rng.Next(3) * 5, 5, ct);
                }

                break;
            case "import txt":
                await ImportFileAsync(".txt", Article(html: false), ct);
                break;
            case "import html":
                await ImportFileAsync(".html", "<html><head><title>" + Text(4) + "</title><meta property=\"og:url\" content=\"" + Url() + "\"></head><body><article>" +
                    string.Concat(Article(html: false).Split("\n\n").Select(p => "<p>" + p + "</p>")) + "</article></body></html>", ct);
                break;
            case "import jsonl":
                var lines = new StringBuilder();
                for (var n = _rng.Next(1, 4); n > 0; n--)
                {
                    lines.Append(_rng.Next(5) == 0
                        ? Text(10)
                        : Json(new Dictionary<string, string> { ["url"] = Url(), ["title"] = Text(4), [_rng.Next(4) == 0 ? "html" : "text"] = Article(html: false) }, QuoteJson.Options)).Append('\n');
                }

                await ImportFileAsync(".jsonl", lines.ToString(), ct);
                break;
            default:
                await ImportExportAsync(ct);
                break;
        }
    }

    private async Task ImportFileAsync(string extension, string content, CancellationToken ct)
    {
        // A file is bytes: lone surrogates become U+FFFD as any editor would write them; sometimes a byte is mangled.
        var file = Path.Combine(_dir, "article" + extension);
        var bytes = Lenient.GetBytes(content);
        if (bytes.Length > 0 && _rng.Next(8) == 0)
        {
            bytes[_rng.Next(bytes.Length)] = (byte)_rng.Next(256);
        }

        await File.WriteAllBytesAsync(file, bytes, ct);
        await ArticleImporter.ImportAsync([file], _store, Actor.System, TimeProvider.System.GetUtcNow(), progress: null, ct);
    }

    /// <summary>An export file, often with bad entries and sometimes mangled, read and restored as <c>import</c> does.</summary>
    private async Task ImportExportAsync(CancellationToken ct)
    {
        var quotes = new List<ExportedQuote>();
        for (var n = _rng.Next(1, 5); n > 0; n--)
        {
            long id = _rng.Next(6) switch
            {
                0 => long.MaxValue,
                1 => _rng.Next(-2, 2),
                2 => QuoteRules.MaxId + _rng.Next(0, 2),
                _ => SomeId(),
            };
            quotes.Add(new ExportedQuote(
                id, Text(), Maybe(Text(6)), _rng.Next(4) == 0 ? Text(2) : Pick(["global", "tg:-100123", "dc:42"]), Pick(["active", "removed", "Removed", "gone"]),
                Maybe(Text(4)), Maybe(Text(6)), Maybe(Url()), null, Maybe(Article(html: false)), null, null, Maybe(Text(3)), Pick(["local", "tg:1", "", Text(3)]), DateTimeOffset.UnixEpoch));
        }

        var json = Json(new ExportFile(ExportFile.FormatName, 1, DateTimeOffset.UnixEpoch, quotes), QuoteJson.Options);
        if (_rng.Next(6) == 0)
        {
            var cut = _rng.Next(json.Length);
            json = json[..cut] + Text(2) + json[cut..];
        }

        ExportFile? file;
        try
        {
            file = JsonSerializer.Deserialize(Lenient.GetBytes(json), QuoteJson.Info<ExportFile>(QuoteJson.Options)); // a file is bytes
        }
        catch (JsonException)
        {
            return; // the import reports the file as not valid JSON, and writes nothing
        }

        if (file?.Quotes is null)
        {
            return;
        }

        var items = file.Quotes.Select((q, i) => ExportItem.From(q, i + 1)).Where(i => i.Quote is not null).Select(i => i.Quote!).ToList();
        await _store.RestoreAsync(items, Actor.Local, _rng.Next(3) == 0 ? RestoreMode.Replace : RestoreMode.KeepExisting, ct);
    }

    /// <summary>
    /// JSON of <paramref name="value"/>: a lone surrogate (which the serializer refuses) is written as its \\u escape,
    /// as a hand-made file could hold it, so the reader meets it.
    /// </summary>
    private static string Json<T>(T value, JsonSerializerOptions options)
    {
        var marker = "\uE000\uE001";
        var text = JsonSerializer.Serialize(value, QuoteJson.Info<T>(Sanitizing(options, marker)));
        return text.Replace("\\uE000\\uE001", "\\ud800", StringComparison.Ordinal).Replace(marker, "\\ud800", StringComparison.Ordinal);
    }

    private static JsonSerializerOptions Sanitizing(JsonSerializerOptions options, string marker)
    {
        var o = new JsonSerializerOptions(options);
        o.Converters.Add(new LoneSurrogateConverter(marker));
        return o;
    }

    private sealed class LoneSurrogateConverter(string marker) : System.Text.Json.Serialization.JsonConverter<string>
    {
        public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetString();

        // Dictionary keys ("url", "title", …) are written as they are.
        public override string ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetString()!;

        public override void WriteAsPropertyName(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WritePropertyName(value);

        public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options)
        {
            var sb = new StringBuilder(value.Length);
            for (var i = 0; i < value.Length; i++)
            {
                if (char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
                {
                    sb.Append(value, i, 2);
                    i++;
                }
                else if (char.IsSurrogate(value[i]))
                {
                    sb.Append(marker);
                }
                else
                {
                    sb.Append(value[i]);
                }
            }

            writer.WriteStringValue(sb.ToString());
        }
    }

    private string ChatArguments()
    {
        var id = _rng.Next(4) == 0 ? Text(1) : SomeId().ToString(CultureInfo.InvariantCulture);
        return _rng.Next(3) switch
        {
            0 => "\"" + Text() + "\" - " + Text(4) + (_rng.Next(2) == 0 ? " | " + Url() : string.Empty),
            1 => id + " " + (_rng.Next(2) == 0 ? "\"" + Text() + "\"" : "- " + Text(4)) + (_rng.Next(3) == 0 ? " | " + Url() : string.Empty),
            _ => _rng.Next(2) == 0 ? id : Text(),
        };
    }

    /// <summary>Mostly an id the store uses, else one just past the highest or a small one.</summary>
    private long SomeId() => _idList.Count > 0 && _rng.Next(4) != 0
        ? _idList[_rng.Next(_idList.Count)]
        : _rng.Next(2) == 0 ? _maxSeen + _rng.Next(0, 3) : _rng.Next(0, 10);

    private string Article(bool html)
    {
        var sb = new StringBuilder(Text(5)).Append("\n\n");
        for (var n = _rng.Next(1, 4); n > 0; n--)
        {
            sb.Append('"').Append(Text()).Append(",\" ").Append(Pick(["Mayor Ana Lind said.", "said Piet Dam.", "Councillor " + Text(2) + " said.", Text(6)])).Append("\n\n");
        }

        return html ? "<p>" + sb + "</p>" : sb.ToString();
    }

    private string Url() => _rng.Next(5) == 0 ? Text(3) : Pick(["https://example.com/a", "http://example.org/x", "javascript:alert(1)", "ftp://x", "https://example.com/" + new string('a', _rng.Next(2100)), "https://exa mple.com"]);

    private string? Maybe(string s) => _rng.Next(4) == 0 ? null : s;

    private string Pick(string[] options) => options[_rng.Next(options.Length)];

    /// <summary>A few pieces, sometimes random UTF-16 units, sometimes very long.</summary>
    private string Text(int maxPieces = 16)
    {
        var sb = new StringBuilder();
        var n = _rng.Next(20) == 0 ? _rng.Next(200, 700) : _rng.Next(0, maxPieces + 1);
        for (var i = 0; i < n; i++)
        {
            if (_rng.Next(12) == 0)
            {
                sb.Append((char)_rng.Next(0, 0x10000));
            }
            else
            {
                sb.Append(Pieces[_rng.Next(Pieces.Length)]);
            }

            if (_rng.Next(3) != 0)
            {
                sb.Append(' ');
            }
        }

        return sb.ToString();
    }

    // ---- invariants ------------------------------------------------------------------------------------------------

    private async Task CheckInvariantsAsync(CancellationToken ct)
    {
        _batches++;
        var ids = new List<long>();
        var active = new HashSet<long>();
        var activeText = new List<(long Id, string Text)>();
        await foreach (var q in _sqlite.ExportAsync(ct))
        {
            ids.Add(q.Id);
            if (q.Status == QuoteStatus.Active)
            {
                active.Add(q.Id);
                activeText.Add((q.Id, q.Text));
            }

            // Ids the store hands out may pass QuoteRules.MaxId (after an import of an id near it); the range is for ids
            // coming from outside. Every other rule holds for every stored quote.
            if (QuoteRules.Check(q with { Id = 1 }) is { } problem)
            {
                Violation($"quote #{q.Id} in the store breaks the rules: {problem}");
            }
        }

        if (ids.Distinct().Count() != ids.Count)
        {
            Violation("duplicate ids in the export");
        }

        var present = ids.ToHashSet();
        foreach (var gone in _idsSeen.Where(i => !present.Contains(i)))
        {
            Violation($"quote #{gone} disappeared");
        }

        _idsSeen.UnionWith(ids);
        _idList.Clear();
        _idList.AddRange(_idsSeen);
        var max = await _sqlite.MaxIdAsync(ct);
        if (max < _maxSeen || (ids.Count > 0 && max < ids[^1]))
        {
            Violation($"the highest id went back from {_maxSeen} to {max}");
        }

        _maxSeen = Math.Max(_maxSeen, max);

        // The postings index is complete and holds exactly the active quotes (its live count) ...
        var docs = Scalar("SELECT value FROM px_meta WHERE key = 'docs'");
        if (Scalar("SELECT value FROM postings_state WHERE key = 'ready_upto'") != long.MaxValue || docs != active.Count)
        {
            Violation($"the search index holds {docs} quotes, {active.Count} are active");
        }

        // ... with their current words: a sample of active quotes is found by one of its words (unless over 100 quotes hold it).
        foreach (var (id, text) in activeText.OrderBy(_ => _rng.Next()).Take(10))
        {
            var word = text.Split(' ').FirstOrDefault(w => w.Length > 2 && w.All(char.IsAsciiLetterOrDigit))?.ToLowerInvariant();
            if (word is not null && QueryParser.Parse(word).Query is { } query
                && await _sqlite.SearchAsync(query, Visibility.All, 0, 100, ct) is var page && !page.HasMore && page.Items.All(i => i.Id != id))
            {
                Violation($"quote #{id} is not found in the index by its word '{word}'");
            }
        }

        if (Scalar("SELECT coalesce(sum(active), 0) FROM scope_counts") != active.Count)
        {
            Violation("the per-scope counts are out of step with the active quotes");
        }

        // One audit row per change, and every quote has its history.
        var audit = Scalar("SELECT count(*) FROM audit");
        if (audit != _store.Changes)
        {
            Violation($"{audit} audit rows for {_store.Changes} changes");
        }

        if (Scalar("SELECT count(*) FROM quotes WHERE id NOT IN (SELECT quote_id FROM audit)") != 0)
        {
            Violation("a quote has no audit row");
        }
    }

    private void OnReused(long id) => Violation($"id {id} was given out again");

    private void Violation(string what)
    {
        _violations++;
        Note("violation: " + what);
    }

    private void Note(string what)
    {
        if (_examples.Count < 10)
        {
            _examples.Add(what.Length > 300 ? what[..300] + "…" : what);
        }
    }

    private SqliteConnection Connect()
    {
        var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _sqlite.Path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        c.Open();
        return c;
    }

    private long Scalar(string sql, params (string Name, object Value)[] args)
    {
        using var c = Connect();
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        foreach (var (name, value) in args)
        {
            cmd.Parameters.AddWithValue(name, value);
        }

        return Convert.ToInt64(cmd.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private HashSet<long> Ids(string sql)
    {
        using var c = Connect();
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        using var r = cmd.ExecuteReader();
        var set = new HashSet<long>();
        while (r.Read())
        {
            set.Add(r.GetInt64(0));
        }

        return set;
    }

    public void Dispose()
    {
        _sqlite.Dispose();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // a scratch folder under /tmp
        }
    }

    /// <summary>Counts every change a write reports (each must have one audit row) and every id handed out.</summary>
    private sealed class CountingStore(SqliteQuoteStore inner, Action<long> reused) : IQuoteStore
    {
        private readonly HashSet<long> _given = [];

        public long Changes { get; private set; }

        public Task InitializeAsync(CancellationToken ct = default) => inner.InitializeAsync(ct);

        public Task<Quote?> GetAsync(long id, CancellationToken ct = default) => inner.GetAsync(id, ct);

        public Task<IReadOnlyList<Quote>> GetManyAsync(IReadOnlyCollection<long> ids, CancellationToken ct = default) => inner.GetManyAsync(ids, ct);

        public async Task<AddResult> AddAsync(NewQuote quote, Actor actor, CancellationToken ct = default)
        {
            var max = await inner.MaxIdAsync(ct);
            var result = await inner.AddAsync(quote, actor, ct);
            if (result.Added)
            {
                Changes++;
                if (result.Quote.Id <= max || !_given.Add(result.Quote.Id))
                {
                    reused(result.Quote.Id);
                }
            }

            return result;
        }

        public async Task<Quote?> EditAsync(long id, QuoteEdit edit, Actor actor, CancellationToken ct = default)
        {
            var result = await inner.EditAsync(id, edit, actor, ct);
            if (result is not null && !edit.IsEmpty)
            {
                Changes++;
            }

            return result;
        }

        public async Task<Quote?> SetStatusAsync(long id, QuoteStatus status, Actor actor, CancellationToken ct = default)
        {
            var before = await inner.GetAsync(id, ct);
            var result = await inner.SetStatusAsync(id, status, actor, ct);
            if (before is not null && before.Status != status)
            {
                Changes++;
            }

            return result;
        }

        public async Task<StatusChange?> ChangeStatusAsync(long id, QuoteStatus from, QuoteStatus to, Actor actor, CancellationToken ct = default)
        {
            var result = await inner.ChangeStatusAsync(id, from, to, actor, ct);
            if (result is { Changed: true })
            {
                Changes++;
            }

            return result;
        }

        public async Task<ImportSummary> AddManyAsync(IEnumerable<NewQuote> quotes, Actor actor, CancellationToken ct = default)
        {
            var max = await inner.MaxIdAsync(ct);
            var result = await inner.AddManyAsync(quotes, actor, ct);
            Changes += result.Added;
            if (result.Added > 0 && await inner.MaxIdAsync(ct) != max + result.Added)
            {
                reused(max + 1);
            }

            return result;
        }

        public async Task<ImportSummary> RestoreAsync(IEnumerable<Quote> quotes, Actor actor, RestoreMode mode, CancellationToken ct = default)
        {
            var result = await inner.RestoreAsync(quotes, actor, mode, ct);
            Changes += result.Added + result.Updated;
            return result;
        }

        public IAsyncEnumerable<Quote> ExportAsync(CancellationToken ct = default) => inner.ExportAsync(ct);

        public Task<IReadOnlyList<AuditEntry>> GetAuditAsync(long quoteId, CancellationToken ct = default) => inner.GetAuditAsync(quoteId, ct);

        public Task<long> CountAsync(Visibility visibility, CancellationToken ct = default) => inner.CountAsync(visibility, ct);

        public Task<long> MaxIdAsync(CancellationToken ct = default) => inner.MaxIdAsync(ct);
    }
}

/// <summary><c>quotebot bench fuzz --count N [--seed S]</c>: the long fuzz run; its figures go in docs/benchmarks.md.</summary>
internal static class FuzzBench
{
    public static Command Create()
    {
        var count = new Option<long>("--count") { Description = "How many inputs to try.", DefaultValueFactory = _ => 100_000 };
        var seed = new Option<int>("--seed") { Description = "The random seed (same seed, same inputs).", DefaultValueFactory = _ => 11 };
        var batch = new Option<int>("--batch") { Description = "Inputs between two checks of the store's invariants.", DefaultValueFactory = _ => 500 };
        var command = new Command("fuzz", "Throw random and adversarial input at every way into a scratch SQLite store and check its invariants after each batch.")
        {
            count, seed, batch,
        };
        command.SetAction(async (parse, ct) =>
        {
            var n = parse.GetValue(count);
            if (n < 1)
            {
                await Console.Error.WriteLineAsync("--count must be positive.");
                return 1;
            }

            using var runner = new FuzzRunner(parse.GetValue(seed), parse.GetValue(batch));
            var last = DateTime.UtcNow;
            var report = await runner.RunAsync(n, new Progress<long>(done =>
            {
                if ((DateTime.UtcNow - last).TotalSeconds >= 10)
                {
                    last = DateTime.UtcNow;
                    Console.Error.WriteLine($"{done:N0} of {n:N0} inputs");
                }
            }), ct);
            var inv = CultureInfo.InvariantCulture;
            Console.Out.WriteLine(string.Create(inv, $"Inputs tried: {report.Inputs:N0} (seed {parse.GetValue(seed)}) in {report.Elapsed.TotalSeconds:F0} s"));
            foreach (var (path, k) in report.InputsByPath.OrderByDescending(kv => kv.Value))
            {
                Console.Out.WriteLine(string.Create(inv, $"  {path}: {k:N0}"));
            }

            Console.Out.WriteLine(string.Create(inv, $"Unhandled exceptions: {report.Exceptions:N0}"));
            Console.Out.WriteLine(string.Create(inv, $"Invariant checks: after each of {report.Batches:N0} batches of {runner.BatchSize}; violations: {report.Violations:N0}"));
            Console.Out.WriteLine(string.Create(inv, $"Store at the end: {report.QuotesAtEnd:N0} quotes, {report.AuditRowsAtEnd:N0} audit rows"));
            foreach (var example in report.Examples)
            {
                Console.Out.WriteLine("  " + example);
            }

            return report.Exceptions == 0 && report.Violations == 0 ? 0 : 1;
        });
        return command;
    }
}
