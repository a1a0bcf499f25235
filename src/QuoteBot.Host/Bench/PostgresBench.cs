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
/// store on the same synthetic corpus as the SQLite bench, plus the naive "ts_rank over every match" query for
/// comparison. The corpus goes into its own schema (bench_&lt;count&gt;), kept for --reuse.
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
        var naive = new Option<int>("--naive-queries") { Description = "How many text queries also run the naive ts_rank query.", DefaultValueFactory = _ => 300 };
        var reuse = new Option<bool>("--reuse") { Description = "Keep the schema of an earlier run of the same size instead of importing again." };
        var candidates = new Option<int>("--candidates") { Description = "Matches ranked per search (PostgresStoreOptions.RankCandidates).", DefaultValueFactory = _ => new PostgresStoreOptions().RankCandidates };
        var warm = new Option<bool>("--warm") { Description = "Run the measured queries once before measuring them, so their pages are in PostgreSQL's shared buffers (a long-running server's steady state)." };
        var check = new Option<int>("--check-queries") { Description = "How many of the measured text queries are also ranked by exhaustive BM25 over every quote's search vector (without the store's postings), for agreement.", DefaultValueFactory = _ => 400 };
        var newest = new Option<bool>("--newest-ranked") { Description = "Rank word searches as phrases are (the newest matches by ts_rank) instead of by exact BM25 from the postings, to compare on the same database." };
        var capacity = new Option<int>("--block-capacity") { Description = "Postings per new BM25 block written by the import (PostgresStoreOptions.Bm25BlockCapacity).", DefaultValueFactory = _ => new PostgresStoreOptions().Bm25BlockCapacity };
        var phraseBudget = new Option<int>("--phrase-check-budget") { Description = "Quotes a search with a phrase outside the pair postings may score from their search vectors before it ranks the newest matches instead (PostgresStoreOptions.PhraseCheckBudget; 0: never; default: no limit).", DefaultValueFactory = _ => new PostgresStoreOptions().PhraseCheckBudget };
        var speakerScan = new Option<int>("--speaker-scan-limit") { Description = "Searches of words with a speaker: whose speakers have at most this many quotes score them from their search vectors instead of the postings (PostgresStoreOptions.SpeakerScanLimit; 0: never).", DefaultValueFactory = _ => new PostgresStoreOptions().SpeakerScanLimit };
        var plan = new Option<SearchPlan>("--plan") { Description = "How searches find matches: Auto (the product's choice per query), or Planner / Walk / Index forced, to compare.", DefaultValueFactory = _ => SearchPlan.Auto };
        var command = new Command("postgres", "Benchmark the PostgreSQL store: import rate, search p50/p99, random pick, autocomplete.")
        {
            connection, quotes, queries, naive, reuse, candidates, plan, warm, check, newest, capacity, phraseBudget, speakerScan,
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
            if (n < 1 || q < 1 || parse.GetValue(capacity) < 1)
            {
                await Console.Error.WriteLineAsync("--quotes, --queries and --block-capacity must be positive.");
                return 1;
            }

            try
            {
                Console.WriteLine(await RunAsync(cs, n, q, parse.GetValue(naive), parse.GetValue(reuse), Math.Max(1, parse.GetValue(candidates)), parse.GetValue(plan), parse.GetValue(warm), parse.GetValue(check), !parse.GetValue(newest), parse.GetValue(capacity), Math.Max(0, parse.GetValue(phraseBudget)), Math.Max(0, parse.GetValue(speakerScan)), ct));
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

    private static async Task<string> RunAsync(string connectionString, int count, int queryCount, int naiveCount, bool reuse, int candidates, SearchPlan plan, bool warm, int checkCount, bool exact, int blockCapacity, int phraseBudget, int speakerScanLimit, CancellationToken ct)
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

        var cs = new NpgsqlConnectionStringBuilder(connectionString) { SearchPath = schema }.ConnectionString;
        var corpus = new SyntheticCorpus();
        await using var store = new PostgresQuoteStore(cs, new PostgresStoreOptions { ImportBatchSize = 2000, RankCandidates = candidates, SearchPlan = plan, ExactRanking = exact, Bm25BlockCapacity = blockCapacity, PhraseCheckBudget = phraseBudget, SpeakerScanLimit = speakerScanLimit });
        var opening = Stopwatch.StartNew();
        await store.InitializeAsync(ct);
        var openSeconds = opening.Elapsed.TotalSeconds; // the migrations a reused schema of an older build still needs
        double importSeconds = 0;
        var imported = false;
        if (await store.MaxIdAsync(ct) != count)
        {
            if (await store.MaxIdAsync(ct) != 0)
            {
                throw new PostgresStoreException($"Schema {schema} holds a different corpus; run without --reuse.");
            }

            Console.WriteLine($"Importing {count:N0} synthetic quotes into schema {schema} ...");
            var sw = Stopwatch.StartNew();
            var summary = await store.AddManyAsync(Progress(corpus.Quotes(count), count), Actor.System, ct);
            importSeconds = sw.Elapsed.TotalSeconds;
            imported = true;
            Console.WriteLine($"Imported {summary.Added:N0} ({summary.Duplicates:N0} duplicates) in {importSeconds:F1} s.");
        }

        await using (var conn = new NpgsqlConnection(cs))
        {
            await conn.OpenAsync(ct);
            await Exec(conn, "VACUUM ANALYZE quotes", ct); // what autovacuum does after a bulk load
        }

        store.RefreshSearchStatistics();

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

        var shapesBefore = store.SearchShapeCounts;
        var times = new List<double>(measured.Count);
        var kinds = measured.Select(Kind).ToList();
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

        var shapesAfter = store.SearchShapeCounts;
        foreach (var (ms, text) in slow.OrderByDescending(x => x.Ms).Take(8))
        {
            Console.WriteLine($"  slow query {ms,8:F2} ms  {text}");
        }

        // Agreement: the store's top 5 against exhaustive BM25 over every active quote's search vector (Bm25Oracle).
        var checkedQueries = measured.Select((x, i) => (Query: x, Kind: kinds[i])).Where(x => x.Query.HasText).Take(checkCount).ToList();
        var agreement = new Dictionary<string, (int N, double Overlap, int Same)>();
        var oracleWatch = Stopwatch.StartNew();
        if (checkedQueries.Count > 0)
        {
            await using var conn = new NpgsqlConnection(cs);
            await conn.OpenAsync(ct);
            var oracleQueries = new List<Bm25Oracle.Query>();
            foreach (var (query, _) in checkedQueries)
            {
                var speakers = query.Speaker is { } sp ? (await PostgresQuoteStore.MatchingSpeakersAsync(conn, sp, ct)).Ids : null;
                oracleQueries.Add(await Bm25Oracle.ResolveAsync(conn, query, speakers, ct));
            }

            var oracle = await Bm25Oracle.TopAsync(conn, oracleQueries, null, 5, ct);
            for (var i = 0; i < checkedQueries.Count; i++)
            {
                var (query, kind) = checkedQueries[i];
                var ours = (await store.SearchAsync(query, Visibility.All, 0, 5, ct)).Items.Select(x => x.Id).ToList();
                var want = oracle[i];
                var a = agreement.GetValueOrDefault(kind);
                agreement[kind] = (a.N + 1,
                    a.Overlap + (want.Count == 0 ? (ours.Count == 0 ? 1 : 0) : (double)ours.Count(want.Contains) / want.Count),
                    a.Same + (ours.SequenceEqual(want) ? 1 : 0));
            }
        }

        var oracleSeconds = oracleWatch.Elapsed.TotalSeconds;

        // The naive query: every match ranked by ts_rank, top 5.
        var naiveQueries = parsed.Skip(100).Where(x => x.HasText && x.Speaker is null).Take(naiveCount).ToList();
        var naiveTimes = new List<double>();
        var oursTimes = new List<double>();
        var overlap = 0.0;
        await using (var conn = new NpgsqlConnection(cs))
        {
            await conn.OpenAsync(ct);
            foreach (var query in naiveQueries)
            {
                var tsq = PostgresQuoteStore.BuildPositive(query)!;
                if (PostgresQuoteStore.BuildExcluded(query) is { } ex)
                {
                    tsq += " & !(" + ex + ")";
                }

                var t = Stopwatch.GetTimestamp();
                var naiveIds = new HashSet<long>();
                await using (var cmd = new NpgsqlCommand(
                                 "SELECT id FROM quotes WHERE status = 0 AND search @@ to_tsquery('quotebot_english', @q) " +
                                 "ORDER BY ts_rank(search, to_tsquery('quotebot_english', @q), 1) DESC, id DESC LIMIT 5", conn))
                {
                    cmd.Parameters.AddWithValue("q", tsq);
                    await using var r = await cmd.ExecuteReaderAsync(ct);
                    while (await r.ReadAsync(ct))
                    {
                        naiveIds.Add(r.GetInt64(0));
                    }
                }

                naiveTimes.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
                t = Stopwatch.GetTimestamp();
                var ours = await store.SearchAsync(query, Visibility.All, 0, 5, ct);
                oursTimes.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
                overlap += naiveIds.Count == 0 ? 1 : (double)ours.Items.Count(i => naiveIds.Contains(i.Id)) / naiveIds.Count;
            }
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

        string version, size, blocks;
        await using (var conn = new NpgsqlConnection(cs))
        {
            await conn.OpenAsync(ct);
            version = conn.PostgreSqlVersion.ToString();
            await using var cmd = new NpgsqlCommand("SELECT pg_size_pretty(pg_total_relation_size('quotes'))", conn);
            size = (string)(await cmd.ExecuteScalarAsync(ct))!;
            await using var b = new NpgsqlCommand("SELECT pg_size_pretty(pg_total_relation_size('bm25_blocks')) || ' (' || (SELECT count(*) FROM bm25_blocks) || ' blocks)'", conn);
            blocks = (string)(await b.ExecuteScalarAsync(ct))!;
        }

        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.AppendLine(inv, $"## PostgreSQL store at {count:N0} quotes");
        sb.AppendLine();
        sb.AppendLine(inv, $"Measured {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC on {Environment.ProcessorCount} cores, PostgreSQL {version} on the same machine (.ci/postgres.sh settings), {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}. Load average at the end: {BenchCommand.LoadAverage()}.");
        sb.AppendLine(inv, $"Command: `quotebot bench postgres --quotes {count} --queries {queryCount} --candidates {candidates} --plan {plan}{(warm ? " --warm" : "")}` (the SQLite bench's synthetic corpus and query mix; wall clock including the round trip).");
        sb.AppendLine();
        sb.AppendLine("| Measure | Value |");
        sb.AppendLine("|---|---|");
        sb.AppendLine(imported
            ? string.Create(inv, $"| Import (AddManyAsync, batches of 2,000, audited, deduplicated) | {count / importSeconds:N0} quotes/s ({importSeconds:F0} s) |")
            : "| Import | (schema reused, not measured) |");
        sb.AppendLine(inv, $"| Search p50 ({measured.Count:N0} mixed queries, top 5, one chat's visibility) | {BenchCommand.Pct(times, 50):F2} ms |");
        sb.AppendLine(inv, $"| Search p99 | {BenchCommand.Pct(times, 99):F2} ms |");
        sb.AppendLine(inv, $"| Search max | {times.Max():F1} ms |");
        sb.AppendLine(inv, $"| Queries with at least one hit | {100.0 * hits / measured.Count:F0} % |");
        sb.AppendLine(inv, $"| How the text searches ran | walk {shapesAfter.Walk - shapesBefore.Walk}, walk then index {shapesAfter.WalkFallback - shapesBefore.WalkFallback}, index {shapesAfter.Index - shapesBefore.Index - (shapesAfter.WalkFallback - shapesBefore.WalkFallback)}, speaker walk {shapesAfter.Speaker - shapesBefore.Speaker}, planner {shapesAfter.Planner - shapesBefore.Planner} |");
        sb.AppendLine(inv, $"| Random pick p50 / p99 (bag saved per pick) | {BenchCommand.Pct(pickTimes, 50):F2} / {BenchCommand.Pct(pickTimes, 99):F2} ms |");
        sb.AppendLine(inv, $"| Speaker autocomplete p50 / p99 | {BenchCommand.Pct(suggestTimes, 50):F2} / {BenchCommand.Pct(suggestTimes, 99):F2} ms |");
        sb.AppendLine(inv, $"| quotes table with indexes | {size} |");
        sb.AppendLine(inv, $"| BM25 postings (bm25_blocks with its key and out-of-line data) | {blocks} |");
        sb.AppendLine(inv, $"| Store opened (migrations, if any) | {openSeconds:F1} s |");
        var (listed, read) = store.Bm25BlockCounts;
        sb.AppendLine(inv, $"| BM25 blocks (segments, schema 11) of the query words listed / read by exact searches (the rest skipped by their bounds); postings decoded | {listed:N0} / {read:N0}; {store.Bm25PostingsRead:N0} |");
        sb.AppendLine(inv, $"| Quotes scored from their search vectors for phrases; phrase searches past the budget (newest matches ranked) | {store.PhraseChecks:N0}; {store.PhraseFallbacks:N0} |");
        sb.AppendLine(inv, $"| Searches of words with a speaker scored from the speaker's search vectors (no postings read) | {store.SpeakerScans:N0} |");
        sb.AppendLine(inv, $"| Ranking of word searches | {(exact ? "exact BM25 from the postings" : $"newest {candidates:N0} matches by ts_rank")} ({store.ExactSearches:N0} exact searches in the run) |");
        sb.AppendLine();
        sb.AppendLine("| Kind | Queries | p50 | p99 | max |");
        sb.AppendLine("|---|---|---|---|---|");
        foreach (var kind in KindOrder.Where(kinds.Contains))
        {
            var w = times.Where((_, i) => kinds[i] == kind).ToList();
            sb.AppendLine(inv, $"| {kind} | {w.Count:N0} | {BenchCommand.Pct(w, 50):F2} ms | {BenchCommand.Pct(w, 99):F2} ms | {w.Max():F1} ms |");
        }

        sb.AppendLine();
        sb.AppendLine(inv, $"Top-5 agreement on the first {checkedQueries.Count:N0} measured text queries (every chat's quotes) with exhaustive BM25 over every active quote's search vector, without the postings ({oracleSeconds:F0} s):");
        sb.AppendLine();
        sb.AppendLine("| Kind | Queries | Top-5 overlap | Same 5 in the same order |");
        sb.AppendLine("|---|---|---|---|");
        foreach (var kind in KindOrder.Where(agreement.ContainsKey))
        {
            var a = agreement[kind];
            sb.AppendLine(inv, $"| {kind} | {a.N:N0} | {100 * a.Overlap / a.N:F1} % | {100.0 * a.Same / a.N:F1} % |");
        }
        if (naiveQueries.Count == 0)
        {
            return sb.ToString(); // --naive-queries 0: no comparison was run, so no empty table.
        }

        sb.AppendLine();
        sb.AppendLine(inv, $"Naive ranking (`ORDER BY ts_rank(...) LIMIT 5` over every match) against ours on the same {naiveQueries.Count} text queries:");
        sb.AppendLine();
        sb.AppendLine("| | p50 | p99 | max |");
        sb.AppendLine("|---|---|---|---|");
        sb.AppendLine(inv, $"| Naive ts_rank | {BenchCommand.Pct(naiveTimes, 50):F2} ms | {BenchCommand.Pct(naiveTimes, 99):F2} ms | {naiveTimes.DefaultIfEmpty(0).Max():F1} ms |");
        sb.AppendLine(inv, $"| Ours (newest {candidates:N0} matches ranked) | {BenchCommand.Pct(oursTimes, 50):F2} ms | {BenchCommand.Pct(oursTimes, 99):F2} ms | {oursTimes.DefaultIfEmpty(0).Max():F1} ms |");
        sb.AppendLine();
        sb.AppendLine(inv, $"Top-5 overlap with the naive ranking: {100 * overlap / Math.Max(1, naiveQueries.Count):F0} %.");
        return sb.ToString();
    }

    private static readonly string[] KindOrder = ["one word", "several words", "phrase", "speaker and words", "speaker only"];

    private static string Kind(QuoteQuery q) =>
        !q.HasText ? "speaker only"
        : q.Speaker is not null ? "speaker and words"
        : q.Phrases.Any(p => p.Count > 1) ? "phrase"
        : q.Terms.Count + q.Phrases.Count > 1 ? "several words"
        : "one word";

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
