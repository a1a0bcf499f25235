using QuoteBot.Core.Diagnostics;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using QuoteBot.Core.Model;
using QuoteBot.Core.Random;
using QuoteBot.Core.Search;
using QuoteBot.Core.Storage;
using QuoteBot.Storage.Sqlite;
using QuoteBot.Storage.Sqlite.Postings;

namespace QuoteBot.Host.Bench;

/// <summary><c>quotebot bench</c>: import, search and random-pick figures of the SQLite store on a synthetic corpus.</summary>
internal static class BenchCommand
{
    private const string SectionStart = "<!-- bench:sqlite:start -->";
    private const string SectionEnd = "<!-- bench:sqlite:end -->";

    public static Command Create()
    {
        var quotes = new Option<int>("--quotes") { Description = "Quotes in the synthetic corpus.", DefaultValueFactory = _ => 1_000_000 };
        var queries = new Option<int>("--queries") { Description = "Measured search queries (at least 2,000 for the record).", DefaultValueFactory = _ => 2_000 };
        var db = new Option<string>("--db") { Description = "Database file to create (deleted first).", DefaultValueFactory = _ => Path.Combine(Path.GetTempPath(), "quotebot-bench.db") };
        var output = new Option<string?>("--out") { Description = "Markdown file whose benchmark section is replaced (e.g. docs/benchmarks.md)." };
        var reuse = new Option<bool>("--reuse") { Description = "Keep an existing database of the right size instead of importing again." };
        var cacheMb = new Option<int>("--reader-cache-mb") { Description = "SQLite page cache per reader connection.", DefaultValueFactory = _ => new SqliteStoreOptions().ReaderCacheMegabytes };
        var batchSize = new Option<int>("--import-batch") { Description = "Quotes per bulk-load batch (prepared together, in parallel, while the one before is written).", DefaultValueFactory = _ => new SqliteStoreOptions().ImportBatchSize };
        var transactionQuotes = new Option<int>("--import-transaction") { Description = "Quotes per bulk-load transaction (whole batches; the writer keeps it open over several batches).", DefaultValueFactory = _ => new SqliteStoreOptions().ImportTransactionQuotes };
        var splitEmpty = new Option<bool>("--import-split-empty") { Description = "Write the load into the empty bench file in transactions of --import-transaction too (by default a load into an empty store is one transaction)." };
        var writerMb = new Option<int>("--writer-cache-mb") { Description = "SQLite page cache of the writer connection.", DefaultValueFactory = _ => new SqliteStoreOptions().WriterCacheMegabytes };
        var trace = new Option<bool>("--memory-trace") { Description = "While importing, print the process's memory (resident, managed heap, SQLite) and GC counts to standard error every half second." };
        var naive = new Option<int>("--check-queries") { Description = "How many of the text queries are also ranked exhaustively (every active quote analysed afresh and scored, without the index), for agreement.", DefaultValueFactory = _ => 400 };

        var command = new Command("bench", "Benchmark the SQLite store: import rate, search p50/p99, random pick, peak memory.")
        {
            quotes, queries, db, output, reuse, naive, cacheMb, batchSize, transactionQuotes, splitEmpty, writerMb, trace,
        };
        command.SetAction(async (parse, ct) =>
        {
            var n = parse.GetValue(quotes);
            var q = parse.GetValue(queries);
            if (n < 1 || q < 1)
            {
                await Console.Error.WriteLineAsync("--quotes and --queries must be positive.");
                return 2;
            }

            try
            {
                var report = await RunAsync(n, q, parse.GetValue(naive), parse.GetValue(db)!, parse.GetValue(reuse), parse.GetValue(cacheMb), parse.GetValue(batchSize), parse.GetValue(transactionQuotes), parse.GetValue(splitEmpty), parse.GetValue(writerMb), parse.GetValue(trace), ct);
                Console.WriteLine(report);
                if (parse.GetValue(output) is { Length: > 0 } outPath)
                {
                    WriteSection(outPath, report);
                    Console.WriteLine($"Wrote {outPath}.");
                }

                return 0;
            }
            catch (SqliteStoreException ex)
            {
                await Console.Error.WriteLineAsync(ex.Message);
                return 1;
            }
        });
        return command;
    }

    private static async Task<string> RunAsync(int count, int queryCount, int naiveCount, string dbPath, bool reuse, int cacheMb, int batchSize, int transactionQuotes, bool splitEmpty, int writerMb, bool memoryTrace, CancellationToken ct)
    {
        var corpus = new SyntheticCorpus();
        var imported = false;
        double importSeconds = 0, importCpuSeconds = 0, importRssMb = 0, importSqliteMb = 0;
        if (!reuse || !File.Exists(dbPath))
        {
            foreach (var f in new[] { dbPath, dbPath + "-wal", dbPath + "-shm" })
            {
                File.Delete(f);
            }
        }

        using var store = new SqliteQuoteStore(dbPath, new SqliteStoreOptions { ReaderCacheMegabytes = cacheMb, ImportBatchSize = Math.Max(1, batchSize), ImportTransactionQuotes = transactionQuotes, ImportEmptyStoreInOneTransaction = !splitEmpty, WriterCacheMegabytes = writerMb });
        await store.InitializeAsync(ct);
        if (await store.MaxIdAsync(ct) != count)
        {
            if (await store.MaxIdAsync(ct) != 0)
            {
                throw new SqliteStoreException($"{dbPath} holds a different corpus; run without --reuse.");
            }

            Console.WriteLine($"Importing {count:N0} synthetic quotes into {dbPath} ...");
            var sw = Stopwatch.StartNew();
            var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
            ImportSummary summary;
            using (var sampler = Environment.GetEnvironmentVariable("QUOTEBOT_ALLOCATIONS") == "1" ? new AllocationSampler() : null)
            {
                using (memoryTrace ? new MemoryTrace(Console.Error, TimeSpan.FromMilliseconds(500)) : null)
                {
                    summary = await store.AddManyAsync(corpus.Quotes(count), Actor.System, ct);
                }

                if (sampler is not null)
                {
                    await Console.Error.WriteAsync(sampler.Report(40));
                }
            }

            importSeconds = sw.Elapsed.TotalSeconds;
            importCpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds;
            imported = true;
            Console.WriteLine($"Imported {summary.Added:N0} ({summary.Duplicates:N0} duplicates) in {importSeconds:F1} s.");
            importRssMb = PeakRssMb();
            importSqliteMb = SQLitePCL.raw.sqlite3_memory_highwater(0) / 1e6;
        }

        var visibility = Visibility.For(Scope.Telegram(-1001));
        var queries = MakeQueries(corpus, Math.Max(queryCount, naiveCount) + 100);
        var parsed = queries.Select(s => QueryParser.Parse(s).Query!).ToList();

        // Warm-up: JIT and the first page reads, not measured.
        foreach (var query in parsed.Take(100))
        {
            await store.SearchAsync(query, visibility, 0, 5, ct);
        }

        var measured = parsed.Skip(100).Take(queryCount).ToList();
        var kinds = measured.Select(x => Kind(store, x)).ToList();
        var times = new List<double>(measured.Count);
        var cpuTimes = new List<double>(measured.Count);
        var slow = new List<(double Ms, double CpuMs, string Query, string Kind, string? Stats)>();
        long hits = 0;
        for (var i = 0; i < measured.Count; i++)
        {
            var query = measured[i];
            SearchStats.LastOnThisThread = null;
            var c = ThreadCpuMs();
            var t = Stopwatch.GetTimestamp();
            var page = await store.SearchAsync(query, visibility, 0, 5, ct);
            var ms = Stopwatch.GetElapsedTime(t).TotalMilliseconds;
            times.Add(ms);
            cpuTimes.Add(ThreadCpuMs() - c); // the store answers synchronously, so this thread did all the work
            slow.Add((ms, cpuTimes[^1], query.ToCanonicalString(), kinds[i], SearchStats.LastOnThisThread?.ToString()));
            hits += page.Items.Count > 0 ? 1 : 0;
        }

        foreach (var x in slow.OrderByDescending(x => x.Ms).Take(8))
        {
            Console.WriteLine($"  slow query {x.Ms,8:F2} ms  {x.Query}");
        }

        // The slowest 2 % by CPU time, with what the postings index did for each (candidates, blocks and chunks read).
        Console.WriteLine("  slowest by CPU time:");
        foreach (var x in slow.OrderByDescending(x => x.CpuMs).Take(Math.Max(1, measured.Count / 50)))
        {
            Console.WriteLine($"  {x.CpuMs,8:F2} ms CPU  {x.Kind,-17}  {x.Query,-32}  {x.Stats ?? "(no postings search)"}");
        }

        // Random picks through the shuffle-bag picker, persisted per pick.
        var picker = new RandomQuotePicker(store, store);
        for (var i = 0; i < 200; i++)
        {
            await picker.NextAsync("bench-warm", visibility, ct: ct);
        }

        var pickTimes = new List<double>(2000);
        var pickCpu = new List<double>(2000);
        for (var i = 0; i < 2000; i++)
        {
            var c = ThreadCpuMs();
            var t = Stopwatch.GetTimestamp();
            await picker.NextAsync("bench", visibility, ct: ct);
            pickTimes.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
            pickCpu.Add(ThreadCpuMs() - c);
        }

        var suggestTimes = new List<double>();
        var rng = new System.Random(5);
        for (var i = 0; i < 500; i++)
        {
            var name = corpus.Speakers[rng.Next(corpus.Speakers.Count)];
            var t = Stopwatch.GetTimestamp();
            await store.SuggestSpeakersAsync(name[..Math.Min(name.Length, 1 + rng.Next(4))], visibility, 25, ct);
            suggestTimes.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
        }

        // The store's own peak (import, searches, picks, autocomplete), read before the agreement check: that check is
        // an instrument of this bench (it reads and analyses every quote in parallel, without the index), not work the bot does.
        var rssMb = PeakRssMb();

        // Agreement: the store's top 5 against the same BM25 computed without the index (every active quote read and
        // analysed afresh, every match scored: SqliteQuoteStore.ExhaustiveSearchIds), all checked queries in two passes.
        var checkedQueries = measured.Select((x, i) => (Query: x, Kind: kinds[i])).Where(x => x.Query.HasText).Take(naiveCount).ToList();
        var agreement = new Dictionary<string, (int N, double Exact, int Same)>();
        var oracleWatch = Stopwatch.StartNew();
        // (No checked query: the exhaustive pass, which reads and analyses every quote, is not run at all.)
        var oracle = checkedQueries.Count == 0 ? [] : store.ExhaustiveSearchIds(checkedQueries.Select(x => x.Query).ToList(), 5);
        var oracleSeconds = oracleWatch.Elapsed.TotalSeconds;
        for (var i = 0; i < checkedQueries.Count; i++)
        {
            var (query, kind) = checkedQueries[i];
            var exhaustive = oracle[i];
            var ours = (await store.SearchAsync(query, Visibility.All, 0, 5, ct)).Items.Select(x => x.Id).ToList();
            var a = agreement.GetValueOrDefault(kind);
            agreement[kind] = (a.N + 1,
                a.Exact + (exhaustive.Count == 0 ? (ours.Count == 0 ? 1 : 0) : (double)ours.Count(exhaustive.Contains) / exhaustive.Count),
                a.Same + (ours.SequenceEqual(exhaustive) ? 1 : 0));
        }

        var checkRssMb = PeakRssMb();
        // The write-ahead log holds pages not yet copied back: count both files.
        var dbMb = new[] { dbPath, dbPath + "-wal" }.Where(File.Exists).Sum(f => new FileInfo(f).Length) / 1048576.0;
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.AppendLine(inv, $"## SQLite store at {count:N0} quotes");
        sb.AppendLine();
        sb.AppendLine(inv, $"Measured {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC on {Environment.ProcessorCount} cores, {CpuModel()}, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}, SQLite {store.SqliteVersion}.");
        sb.AppendLine(inv, $"Command: `quotebot bench --quotes {count} --queries {queryCount} --check-queries {naiveCount} --reader-cache-mb {cacheMb} --import-batch {batchSize} --import-transaction {transactionQuotes}{(splitEmpty ? " --import-split-empty" : "")} --writer-cache-mb {writerMb}` (synthetic corpus: {SyntheticCorpus.VocabularySize:N0}-word Zipf vocabulary, 10–60 words a quote, {SyntheticCorpus.SpeakerCount:N0} speakers).");
        sb.AppendLine();
        sb.AppendLine(inv, $"Load average when the run ended: {LoadAverage()} (2 cores shared with other developers' builds; the CPU-time column counts only this thread's own work).");
        sb.AppendLine();
        sb.AppendLine("| Measure | Wall clock | CPU time | Target |");
        sb.AppendLine("|---|---|---|---|");
        sb.AppendLine(imported
            ? string.Create(inv, $"| Import (AddManyAsync, audited, deduplicated) | {count / importSeconds:N0} quotes/s ({importSeconds:F0} s) | {count / importCpuSeconds:N0} quotes per CPU-second ({importCpuSeconds:F0} s, all threads) | ≥ 35,000 quotes/s |")
            : "| Import | (database reused, not measured in this run) | | ≥ 35,000 quotes/s |");
        sb.AppendLine(inv, $"| Search p50 ({measured.Count:N0} mixed queries, top 5) | {Pct(times, 50):F3} ms | {Pct(cpuTimes, 50):F3} ms | ≤ 0.5 ms |");
        sb.AppendLine(inv, $"| Search p99 | {Pct(times, 99):F3} ms | {Pct(cpuTimes, 99):F3} ms | ≤ 2.5 ms |");
        sb.AppendLine(inv, $"| Search max | {times.Max():F1} ms | {cpuTimes.Max():F1} ms | |");
        sb.AppendLine(inv, $"| Queries with at least one hit | {100.0 * hits / measured.Count:F0} % | | |");
        sb.AppendLine(inv, $"| Random pick p50 (RandomQuotePicker, bag saved per pick) | {Pct(pickTimes, 50):F4} ms | {Pct(pickCpu, 50):F4} ms | |");
        sb.AppendLine(inv, $"| Random pick p99 | {Pct(pickTimes, 99):F4} ms | {Pct(pickCpu, 99):F4} ms | |");
        sb.AppendLine(inv, $"| Speaker autocomplete p50 / p99 | {Pct(suggestTimes, 50):F3} / {Pct(suggestTimes, 99):F3} ms | | |");
        sb.AppendLine(inv, $"| Peak RSS (VmHWM): import, searches, picks, autocomplete | {rssMb:N0} MB{(imported ? string.Create(inv, $" ({importRssMb:N0} MB when the import ended)") : "")} | | ≤ 200 MB |");
        if (checkedQueries.Count > 0)
        {
            sb.AppendLine(inv, $"| Peak RSS after the agreement check (bench only: every quote read and analysed without the index) | {checkRssMb:N0} MB | | |");
        }

        // SQLite's own allocations (page caches, statement journals), at their highest.
        sb.AppendLine(inv, $"| Peak memory allocated by SQLite | {SQLitePCL.raw.sqlite3_memory_highwater(0) / 1e6:N0} MB{(imported ? string.Create(inv, $" ({importSqliteMb:N0} MB when the import ended)") : "")} | | |");
        sb.AppendLine(inv, $"| GC generation-0 budget cap (System.GC.Gen0MaxBudget) | {Gen0MaxBudgetMb()} | | |");
        sb.AppendLine(inv, $"| Managed heap at the end (GC.GetGCMemoryInfo) | {GC.GetGCMemoryInfo().HeapSizeBytes / 1e6:N0} MB, committed {GC.GetGCMemoryInfo().TotalCommittedBytes / 1e6:N0} MB | | |");
        sb.AppendLine(inv, $"| Database file and its WAL | {dbMb:N0} MiB | | |");
        sb.AppendLine();
        sb.AppendLine("Search by query kind (rare / common: a single word in under / at least 1 % of quotes):");
        sb.AppendLine();
        sb.AppendLine("| Kind | Queries | p50 | p99 | max | CPU p50 | CPU p99 |");
        sb.AppendLine("|---|---|---|---|---|---|---|");
        foreach (var kind in KindOrder.Where(kinds.Contains))
        {
            var w = times.Where((_, i) => kinds[i] == kind).ToList();
            var c = cpuTimes.Where((_, i) => kinds[i] == kind).ToList();
            sb.AppendLine(inv, $"| {kind} | {w.Count:N0} | {Pct(w, 50):F3} ms | {Pct(w, 99):F3} ms | {w.Max():F2} ms | {Pct(c, 50):F3} ms | {Pct(c, 99):F3} ms |");
        }

        sb.AppendLine();
        sb.AppendLine(inv, $"Top-5 agreement on the first {checkedQueries.Count:N0} text queries, against the same BM25 computed without the index (every active quote read and analysed afresh, every match scored; {oracleSeconds:F0} s for all of them):");
        sb.AppendLine();
        sb.AppendLine("| Kind | Queries | Top-5 overlap with exhaustive BM25 | Same 5 in the same order |");
        sb.AppendLine("|---|---|---|---|");
        foreach (var kind in KindOrder.Where(agreement.ContainsKey))
        {
            var a = agreement[kind];
            sb.AppendLine(inv, $"| {kind} | {a.N:N0} | {100 * a.Exact / a.N:F1} % | {100.0 * a.Same / a.N:F1} % |");
        }

        var sizes = store.StorageSizes();
        if (sizes.Count > 0)
        {
            static bool Index(string n) => n.StartsWith("px_", StringComparison.Ordinal) || n.StartsWith("sqlite_autoindex_px_", StringComparison.Ordinal);
            static bool QuoteRows(string n) => n is "quotes" or "quotes_dedupe" or "quotes_dedupe_hi" or "quotes_speaker" or "quotes_pending" || n.StartsWith("sqlite_autoindex_quotes", StringComparison.Ordinal);
            double Mib(Func<string, bool> f) => sizes.Where(x => f(x.Name)).Sum(x => x.Bytes) / 1048576.0;
            sb.AppendLine();
            sb.AppendLine(inv, $"On disk (dbstat): postings index (px_*) {Mib(Index):N0} MiB (chunks {Mib(n => n == "px_chunks"):N0}, positions {Mib(n => n == "px_positions"):N0}, terms {Mib(n => n == "px_terms"):N0}); quote rows and their indexes {Mib(QuoteRows):N0} MiB; audit {Mib(n => n.StartsWith("audit", StringComparison.Ordinal)):N0} MiB; everything else {Mib(n => !Index(n) && !QuoteRows(n) && !n.StartsWith("audit", StringComparison.Ordinal)):N0} MiB.");
        }

        return sb.ToString();
    }

    /// <summary>The young-generation budget cap the GC runs with, in MiB ("?" when the runtime does not say).</summary>
    internal static string Gen0MaxBudgetMb() =>
        GC.GetConfigurationVariables().TryGetValue("GCGen0MaxBudget", out var v) && v is IConvertible c
            ? (c.ToInt64(CultureInfo.InvariantCulture) / 1048576.0).ToString("0.#", CultureInfo.InvariantCulture) + " MiB"
            : "?";

    /// <summary>CPU time of the calling thread, in milliseconds (<see cref="ThreadCpuTime"/>); 0 where it cannot be read.</summary>
    internal static double ThreadCpuMs() => ThreadCpuTime.TryRead(out var cpu) ? cpu.TotalMilliseconds : 0;

    internal static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    private static readonly string[] KindOrder = ["rare word", "common word", "several words", "phrase", "speaker and words", "speaker only"];

    private static string Kind(SqliteQuoteStore store, QuoteQuery q) =>
        !q.HasText ? "speaker only"
        : q.Speaker is not null ? "speaker and words"
        : q.Phrases.Count > 0 ? "phrase"
        : q.Terms.Count > 1 ? "several words"
        : store.WordShare(q.Terms[0]) >= 0.01 ? "common word" : "rare word";

    /// <summary>Deterministic mixed queries: 1–3 words, phrases from real quotes, speaker filters (both benches).</summary>
    internal static List<string> MakeQueries(SyntheticCorpus corpus, int count)
    {
        var rng = new System.Random(99);
        var sample = corpus.Quotes(2000).Select(q => q.Text.TrimEnd('.').Replace(",", "", StringComparison.Ordinal).Split(' ')).ToArray();

        // The ten most frequent words behave like "the" and "of": people do not search for them alone.
        string Word()
        {
            int r;
            do
            {
                r = corpus.SampleRank(rng);
            }
            while (r < 10);
            return corpus.Word(r);
        }

        string LastName() => corpus.SampleSpeaker(rng).Split(' ')[1].ToLowerInvariant();

        var list = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            var kind = rng.Next(100);
            list.Add(kind switch
            {
                < 35 => Word(),
                < 60 => Word() + " " + Word(),
                < 70 => Word() + " " + Word() + " " + Word(),
                < 85 => Phrase(sample[rng.Next(sample.Length)], rng),
                < 95 => "speaker:" + LastName() + " " + Word(),
                _ => "speaker:" + LastName(),
            });
        }

        return list;
    }

    private static string Phrase(string[] words, System.Random rng)
    {
        var start = rng.Next(words.Length - 1);
        return "\"" + words[start].ToLowerInvariant() + " " + words[start + 1] + "\"";
    }

    internal static double Pct(List<double> values, int p)
    {
        if (values.Count == 0)
        {
            return 0;
        }

        var sorted = values.Order().ToArray();
        var rank = (int)Math.Ceiling(p / 100.0 * sorted.Length) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Length - 1)];
    }

    private static double PeakRssMb()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    var kb = long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
                    return kb / 1024.0;
                }
            }
        }
        catch (IOException)
        {
        }

        return Environment.WorkingSet / 1048576.0;
    }

    private static string CpuModel()
    {
        try
        {
            var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            return line is null ? RuntimeInformation.ProcessArchitecture.ToString() : line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
        }
        catch (IOException)
        {
            return RuntimeInformation.ProcessArchitecture.ToString();
        }
    }

    /// <summary>Replaces this benchmark's section of a markdown file, leaving other sections alone.</summary>
    internal static void WriteSection(string path, string body)
    {
        var section = SectionStart + "\n" + body.TrimEnd() + "\n" + SectionEnd;
        var text = File.Exists(path) ? File.ReadAllText(path) : "# Benchmarks\n";
        var start = text.IndexOf(SectionStart, StringComparison.Ordinal);
        var end = text.IndexOf(SectionEnd, StringComparison.Ordinal);
        text = start >= 0 && end > start
            ? text[..start] + section + text[(end + SectionEnd.Length)..]
            : text.TrimEnd() + "\n\n" + section + "\n";
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(dir))
        {
            Directory.CreateDirectory(dir);
        }

        File.WriteAllText(path, text);
    }
}
