using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Npgsql;
using QuoteBot.Core.Model;
using QuoteBot.Core.Random;
using QuoteBot.Core.Search;
using QuoteBot.Storage.Postgres;

namespace QuoteBot.Host.Bench;

/// <summary>
/// <c>quotebot bench postgres</c>: import rate and search, random-pick and autocomplete latency of the PostgreSQL
/// store on the same synthetic corpus and queries as the SQLite bench, with the top 5 checked against the same BM25
/// scoring every match. The corpus goes into its own schema (bench_&lt;count&gt;), kept for --reuse.
/// </summary>
internal static class PostgresBench
{
    public static Command Create()
    {
        var connection = new Option<string?>("--connection")
        {
            Description = "Npgsql connection string (default: the QUOTEBOT_BENCH_POSTGRES or QUOTEBOT_TEST_POSTGRES environment variable).",
        };
        var quotes = new Option<int>("--quotes") { Description = "Quotes in the synthetic corpus.", DefaultValueFactory = _ => 100_000 };
        var queries = new Option<int>("--queries") { Description = "Measured search queries.", DefaultValueFactory = _ => 2_000 };
        var check = new Option<int>("--check-queries") { Description = "How many text queries are also answered with every match scored, to check the top 5 agree.", DefaultValueFactory = _ => 400 };
        var reuse = new Option<bool>("--reuse") { Description = "Keep the schema of an earlier run of the same size instead of importing again." };
        var warm = new Option<bool>("--warm") { Description = "Run the measured queries once before measuring them, so their pages are in PostgreSQL's shared buffers (a long-running server's steady state)." };
        var walkFrom = new Option<long?>("--walk-from")
        {
            Description = "Expected matches from which a word search walks the quotes shortest first instead of scoring every match (default: the store's).",
        };
        var command = new Command("postgres", "Benchmark the PostgreSQL store: import rate, search p50/p99, random pick, autocomplete.")
        {
            connection, quotes, queries, check, reuse, warm, walkFrom,
        };
        command.SetAction(async (parse, ct) =>
        {
            var cs = parse.GetValue(connection)
                     ?? Environment.GetEnvironmentVariable("QUOTEBOT_BENCH_POSTGRES")
                     ?? Environment.GetEnvironmentVariable("QUOTEBOT_TEST_POSTGRES");
            if (string.IsNullOrWhiteSpace(cs))
            {
                await Console.Error.WriteLineAsync("Give --connection or set QUOTEBOT_BENCH_POSTGRES (see .ci/postgres.sh).");
                return 1;
            }

            var n = parse.GetValue(quotes);
            var q = parse.GetValue(queries);
            if (n < 1 || q < 1)
            {
                await Console.Error.WriteLineAsync("--quotes and --queries must be positive.");
                return 1;
            }

            try
            {
                Console.WriteLine(await RunAsync(cs, n, q, parse.GetValue(check), parse.GetValue(reuse), parse.GetValue(warm), parse.GetValue(walkFrom), ct));
                return 0;
            }
            catch (PostgresStoreException ex)
            {
                await Console.Error.WriteLineAsync(ex.Message);
                return 1;
            }
        });
        return command;
    }

    private static async Task<string> RunAsync(string connectionString, int count, int queryCount, int naiveCount, bool reuse, bool warm, long? walkFrom, CancellationToken ct)
    {
        var schema = "bench_" + count.ToString(CultureInfo.InvariantCulture);
        await using (var admin = new NpgsqlConnection(connectionString))
        {
            await admin.OpenAsync(ct);
            if (!reuse)
            {
                await Exec(admin, $"DROP SCHEMA IF EXISTS {schema} CASCADE", ct);
            }

            await Exec(admin, $"CREATE SCHEMA IF NOT EXISTS {schema}", ct);
        }

        var cs = new NpgsqlConnectionStringBuilder(connectionString) { SearchPath = schema, ApplicationName = BenchApplication }.ConnectionString;
        var corpus = new SyntheticCorpus();
        await using var store = new PostgresQuoteStore(cs, new PostgresStoreOptions { ImportBatchSize = 2000 });
        if (walkFrom is { } from)
        {
            store.WalkFromMatches = Math.Max(0, from);
        }
        await store.InitializeAsync(ct);
        double importSeconds = 0, importCpuSeconds = 0, importCpu0;
        var imported = false;
        if (await store.MaxIdAsync(ct) != count)
        {
            if (await store.MaxIdAsync(ct) != 0)
            {
                throw new PostgresStoreException($"Schema {schema} holds a different corpus; run without --reuse.");
            }

            Console.WriteLine($"Importing {count:N0} synthetic quotes into schema {schema} ...");
            var sw = Stopwatch.StartNew();
            importCpu0 = await CpuAsync(cs, ct);
            var summary = await store.AddManyAsync(Progress(corpus.Quotes(count), count), Actor.System, ct);
            importSeconds = sw.Elapsed.TotalSeconds;
            importCpuSeconds = (await CpuAsync(cs, ct) - importCpu0) / 1000;
            imported = true;
            Console.WriteLine($"Imported {summary.Added:N0} ({summary.Duplicates:N0} duplicates) in {importSeconds:F1} s.");
        }

        await using (var conn = new NpgsqlConnection(cs))
        {
            await conn.OpenAsync(ct);
            await Exec(conn, "VACUUM ANALYZE quotes", ct); // what autovacuum does after a bulk load
        }


        var visibility = Visibility.For(Scope.Telegram(-1001));
        var parsed = BenchCommand.MakeQueries(corpus, Math.Max(queryCount, naiveCount) + 100).Select(s => QueryParser.Parse(s).Query!).ToList();
        foreach (var query in parsed.Take(100))
        {
            await store.SearchAsync(query, visibility, 0, 5, ct);
        }

        var measured = parsed.Skip(100).Take(queryCount).ToList();
        if (warm)
        {
            foreach (var query in measured)
            {
                await store.SearchAsync(query, visibility, 0, 5, ct);
            }
        }

        var pathsBefore = store.SearchPathCounts;
        var kinds = new List<string>(measured.Count);
        foreach (var query in measured)
        {
            kinds.Add(await KindAsync(store, query, ct));
        }

        var searchCpu0 = await CpuAsync(cs, ct);
        var times = new List<double>(measured.Count);
        var slow = new List<(double Ms, string Query)>();
        long hits = 0;
        foreach (var query in measured)
        {
            var t = Stopwatch.GetTimestamp();
            var page = await store.SearchAsync(query, visibility, 0, 5, ct);
            var ms = Stopwatch.GetElapsedTime(t).TotalMilliseconds;
            times.Add(ms);
            slow.Add((ms, query.ToCanonicalString()));
            hits += page.Items.Count > 0 ? 1 : 0;
        }

        var searchCpuMs = await CpuAsync(cs, ct) - searchCpu0;
        var pathsAfter = store.SearchPathCounts;
        foreach (var (ms, text) in slow.OrderByDescending(x => x.Ms).Take(8))
        {
            Console.WriteLine($"  slow query {ms,8:F2} ms  {text}");
        }

        // Agreement: the store's top 5 against the same BM25 with every match scored (no heavy postings).
        var checkedQueries = measured.Select((x, i) => (Query: x, Kind: kinds[i])).Where(x => x.Query.HasText).Take(naiveCount).ToList();
        var agreement = new Dictionary<string, (int N, double Exact, int Same)>();
        var exhaustiveTimes = new List<double>();
        foreach (var (query, kind) in checkedQueries)
        {
            var t = Stopwatch.GetTimestamp();
            var exhaustive = await store.ExhaustiveSearchIdsAsync(query, visibility, 5, ct);
            exhaustiveTimes.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
            var ours = (await store.SearchAsync(query, visibility, 0, 5, ct)).Items.Select(i => i.Id).ToList();
            var a = agreement.GetValueOrDefault(kind);
            agreement[kind] = (a.N + 1,
                a.Exact + (exhaustive.Count == 0 ? (ours.Count == 0 ? 1 : 0) : (double)ours.Count(exhaustive.Contains) / exhaustive.Count),
                a.Same + (ours.SequenceEqual(exhaustive) ? 1 : 0));
        }

        var picker = new RandomQuotePicker(store, store);
        for (var i = 0; i < 100; i++)
        {
            await picker.NextAsync("bench-warm", visibility, ct: ct);
        }

        var pickTimes = new List<double>(1000);
        for (var i = 0; i < 1000; i++)
        {
            var t = Stopwatch.GetTimestamp();
            await picker.NextAsync("bench", visibility, ct: ct);
            pickTimes.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
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

        string version, size;
        await using (var conn = new NpgsqlConnection(cs))
        {
            await conn.OpenAsync(ct);
            version = conn.PostgreSqlVersion.ToString();
            await using var cmd = new NpgsqlCommand(
                "SELECT pg_size_pretty(pg_total_relation_size('quotes')) || '; ' || pg_size_pretty(pg_total_relation_size('bm25_terms') + " +
                "pg_total_relation_size('bm25_lengths') + pg_total_relation_size('bm25_heavy')) || ' (bm25_heavy ' || pg_size_pretty(pg_total_relation_size('bm25_heavy')) || ')'", conn);
            size = (string)(await cmd.ExecuteScalarAsync(ct))!;
        }

        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.AppendLine(inv, $"## PostgreSQL store at {count:N0} quotes");
        sb.AppendLine();
        sb.AppendLine(inv, $"Measured {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC on {Environment.ProcessorCount} cores, PostgreSQL {version} on the same machine (.ci/postgres.sh settings), {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}. Load average at the end: {BenchCommand.LoadAverage()}.");
        sb.AppendLine(inv, $"Command: `quotebot bench postgres --quotes {count} --queries {queryCount} --check-queries {naiveCount}{(warm ? " --warm" : "")}{(walkFrom is { } wf ? " --walk-from " + wf.ToString(CultureInfo.InvariantCulture) : "")}` (the SQLite bench's synthetic corpus and query mix; wall clock including the round trip). CPU: this process plus the PostgreSQL backends serving it (/proc, 10 ms ticks), summed over the phase.");
        sb.AppendLine();
        sb.AppendLine("| Measure | Value |");
        sb.AppendLine("|---|---|");
        sb.AppendLine(imported
            ? string.Create(inv, $"| Import (AddManyAsync, batches of 2,000, audited, deduplicated) | {count / importSeconds:N0} quotes/s ({importSeconds:F0} s); CPU {importCpuSeconds:F0} s ({count / Math.Max(0.001, importCpuSeconds):N0} quotes per CPU-second) |")
            : "| Import | (schema reused, not measured) |");
        sb.AppendLine(inv, $"| Search p50 ({measured.Count:N0} mixed queries, top 5, one chat's visibility) | {BenchCommand.Pct(times, 50):F2} ms |");
        sb.AppendLine(inv, $"| Search p99 | {BenchCommand.Pct(times, 99):F2} ms |");
        sb.AppendLine(inv, $"| Search max | {times.Max():F1} ms |");
        sb.AppendLine(inv, $"| Search CPU (client and server), mean per query | {searchCpuMs / Math.Max(1, measured.Count):F2} ms |");
        sb.AppendLine(inv, $"| Queries with at least one hit | {100.0 * hits / measured.Count:F0} % |");
        sb.AppendLine(inv, $"| How the ranked searches ran | heavy postings {pathsAfter.Heavy - pathsBefore.Heavy}, shortest-first walk {pathsAfter.Walked - pathsBefore.Walked}, every match scored {pathsAfter.Scored - pathsBefore.Scored} |");
        sb.AppendLine(inv, $"| Random pick p50 / p99 (bag saved per pick) | {BenchCommand.Pct(pickTimes, 50):F2} / {BenchCommand.Pct(pickTimes, 99):F2} ms |");
        sb.AppendLine(inv, $"| Speaker autocomplete p50 / p99 | {BenchCommand.Pct(suggestTimes, 50):F2} / {BenchCommand.Pct(suggestTimes, 99):F2} ms |");
        sb.AppendLine(inv, $"| quotes table with indexes; BM25 statistics | {size} |");
        sb.AppendLine();
        sb.AppendLine("| Kind | Queries | p50 | p99 | max |");
        sb.AppendLine("|---|---|---|---|---|");
        foreach (var kind in KindOrder.Where(kinds.Contains))
        {
            var w = times.Where((_, i) => kinds[i] == kind).ToList();
            sb.AppendLine(inv, $"| {kind} | {w.Count:N0} | {BenchCommand.Pct(w, 50):F2} ms | {BenchCommand.Pct(w, 99):F2} ms | {w.Max():F2} ms |");
        }

        sb.AppendLine();
        sb.AppendLine(inv, $"Top-5 agreement on the first {checkedQueries.Count:N0} text queries with the same BM25 scoring every match (exhaustive: p50 {BenchCommand.Pct(exhaustiveTimes, 50):F1} ms, p99 {BenchCommand.Pct(exhaustiveTimes, 99):F1} ms):");
        sb.AppendLine();
        sb.AppendLine("| Kind | Queries | Top-5 overlap | Same 5 in the same order |");
        sb.AppendLine("|---|---|---|---|");
        foreach (var kind in KindOrder.Where(agreement.ContainsKey))
        {
            var a = agreement[kind];
            sb.AppendLine(inv, $"| {kind} | {a.N:N0} | {100 * a.Exact / a.N:F1} % | {100.0 * a.Same / a.N:F1} % |");
        }

        return sb.ToString();
    }

    private const string BenchApplication = "quotebot-bench";

    private static readonly string[] KindOrder = ["rare word", "common word", "several words", "phrase", "speaker and words", "speaker only"];

    private static async Task<string> KindAsync(PostgresQuoteStore store, QuoteQuery q, CancellationToken ct) =>
        !q.HasText ? "speaker only"
        : q.Speaker is not null ? "speaker and words"
        : q.Phrases.Count > 0 ? "phrase"
        : q.Terms.Count > 1 ? "several words"
        : await store.WordShareAsync(q.Terms[0], ct) >= 0.01 ? "common word" : "rare word";

    /// <summary>CPU milliseconds so far of this process and of the PostgreSQL backends serving the bench's connections.</summary>
    private static async Task<double> CpuAsync(string cs, CancellationToken ct)
    {
        var total = Process.GetCurrentProcess().TotalProcessorTime.TotalMilliseconds;
        await using var conn = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(cs) { ApplicationName = "quotebot-bench-cpu", Pooling = false }.ConnectionString);
        await conn.OpenAsync(ct);
        await using var cmd = new NpgsqlCommand("SELECT pid FROM pg_stat_activity WHERE application_name = @a", conn);
        cmd.Parameters.AddWithValue("a", BenchApplication);
        var pids = new List<int>();
        await using (var r = await cmd.ExecuteReaderAsync(ct))
        {
            while (await r.ReadAsync(ct))
            {
                pids.Add(r.GetInt32(0));
            }
        }

        foreach (var pid in pids)
        {
            try
            {
                // utime and stime are fields 14 and 15, after the command name in parentheses.
                var stat = await File.ReadAllTextAsync($"/proc/{pid}/stat", ct);
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                total += (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) * 10.0;
            }
            catch (IOException)
            {
                // the backend ended meanwhile (or another machine serves it)
            }
        }

        return total;
    }

    private static IEnumerable<NewQuote> Progress(IEnumerable<NewQuote> quotes, int count)
    {
        var i = 0;
        var sw = Stopwatch.StartNew();
        foreach (var q in quotes)
        {
            yield return q;
            if (++i % 100_000 == 0)
            {
                Console.WriteLine($"  {i:N0} / {count:N0} ({i / sw.Elapsed.TotalSeconds:N0} quotes/s)");
            }
        }
    }

    private static async Task Exec(NpgsqlConnection conn, string sql, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(sql, conn) { CommandTimeout = 0 };
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
