using System.Diagnostics;
using System.Globalization;
using QuoteBot.Bench.Postings;
using QuoteBot.Core.Search;
using QuoteBot.Host.Bench;
using QuoteBot.Storage.Sqlite.Postings;

// The store's own postings index (src/QuoteBot.Storage.Sqlite/Postings) next to `quotebot bench`: the same synthetic
// corpus, imported in batches of --batch quotes (each a write transaction making a segment, tiered merges after each),
// the same query list (the same 100 warm-up queries, then the measured ones; speaker-only queries skipped), the
// store's BM25 with its column weights and tokenizer, top 5 with each hit's quote row read back. Checks the first
// --check text queries against a brute-force scorer that re-tokenizes every quote.
// Imports go through the index's bulk path (postings buffered across batches in --bulk-mb MiB, spilled as large
// segments, merged into one at the end) unless --per-batch (a segment per batch, tiered merges, as single writes).
// Usage: QuoteBot.Bench.Postings [quotes] [queries] [file] [--check N] [--bodies plain|deflate|words] [--block N] [--chunk N] [--cache-mb N] [--page-size N] [--reuse] [--pairs-any-word] [--batch N] [--merge-factor N] [--final-merge] [--per-batch] [--bulk-mb N] [--trace]
var inv = CultureInfo.InvariantCulture;
var positional = new List<string>();
int check = 200, block = 128, chunk = 8, cacheMb = 8, pageSize = 4096, batch = 2048, mergeFactor = 10;
var finalMerge = false;
var perBatch = false;
var trace = false;
var bulkMb = 64;
var bodies = BodyFormat.Words;
var reuse = false;
var pairsAny = false;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--check": check = int.Parse(args[++i], inv); break;
        case "--block": block = int.Parse(args[++i], inv); break;
        case "--chunk": chunk = int.Parse(args[++i], inv); break;
        case "--cache-mb": cacheMb = int.Parse(args[++i], inv); break;
        case "--reuse": reuse = true; break;
        case "--page-size": pageSize = int.Parse(args[++i], inv); break;
        case "--pairs-any-word": pairsAny = true; break;
        case "--batch": batch = int.Parse(args[++i], inv); break;
        case "--merge-factor": mergeFactor = int.Parse(args[++i], inv); break;
        case "--final-merge": finalMerge = true; break;
        case "--per-batch": perBatch = true; break;
        case "--trace": trace = true; break;
        case "--bulk-mb": bulkMb = int.Parse(args[++i], inv); break;
        case "--bodies": bodies = Enum.Parse<BodyFormat>(args[++i], ignoreCase: true); break;
        case "--profile": return Profile(int.Parse(args[++i], inv));
        default:
            if (args[i].StartsWith("--", StringComparison.Ordinal))
            {
                Console.Error.WriteLine($"Unknown option {args[i]}.");
                return 2;
            }

            positional.Add(args[i]);
            break;
    }
}

var count = positional.Count > 0 ? int.Parse(positional[0], inv) : 1_000_000;
var queryCount = positional.Count > 1 ? int.Parse(positional[1], inv) : 2_000;
var path = positional.Count > 2 ? positional[2] : Path.Combine(Path.GetTempPath(), "quotebot-bench-postings.db");
if (count < 1 || queryCount < 1 || block < 1 || chunk < 1 || batch < 1 || mergeFactor < 2 || bulkMb < 1)
{
    Console.Error.WriteLine("quotes, queries, --block, --chunk, --batch and --bulk-mb must be positive, --merge-factor at least 2.");
    return 2;
}

var corpus = new SyntheticCorpus();
var options = new BuildOptions { BlockSize = block, ChunkBlocks = chunk, Bodies = bodies, PairsWithAnyWord = pairsAny, PageSize = pageSize, BatchSize = batch, MergeFactor = mergeFactor, FinalMerge = finalMerge, Bulk = !perBatch, BulkBudget = (long)bulkMb << 20, Trace = trace };
double importSeconds = 0, importCpu = 0, importRss = 0;
var loadAfterImport = "";
var summary = new Indexer.Summary(0, 0, 0, 0, 0);
var built = !(reuse && File.Exists(path));
if (built)
{
    Console.WriteLine($"Importing {count:N0} quotes in batches of {batch:N0} into {path} ({(perBatch ? "a segment per batch, tiered merges" : $"bulk path, {bulkMb} MiB buffer")}) ...");
    var sw = Stopwatch.StartNew();
    var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
    summary = Indexer.Build(corpus.Quotes(count), path, options);
    importSeconds = sw.Elapsed.TotalSeconds;
    importCpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds;
    importRss = Math.Max(summary.LoadPeakMb, Rss("VmHWM:"));
    loadAfterImport = BenchCommand.LoadAverage();
    Console.WriteLine(string.Create(inv, $"Imported in {importSeconds:F1} s ({importCpu:F1} CPU-s); {summary.Merges} merges ({summary.MergeSeconds:F1} s, final {summary.FinalMergeSeconds:F1} s), {summary.Segments} segments left; peak RSS {importRss:N0} MB."));
    Console.WriteLine(string.Create(inv, $"CPU by phase: {string.Join("; ", summary.CpuMs.Select(x => $"{x.Key} {x.Value / 1000:F1} s"))}."));
    Console.WriteLine(string.Create(inv, $"Peak RSS before the final merge {summary.LoadPeakMb:N0} MB; final merge from {summary.FinalMergeStartMb:N0} MB (after a full collection) to a peak of {summary.FinalMergePeakMb:N0} MB; the final merge allocated {summary.FinalMergeAllocated / 1048576.0:N0} MB."));
    Console.WriteLine(string.Create(inv, $"Memory: managed heap now {GC.GetTotalMemory(false) / 1048576.0:N0} MB, allocated in all {GC.GetTotalAllocatedBytes() / 1048576.0:N0} MB, {GC.CollectionCount(2)} gen-2 collections; SQLite now {SQLitePCL.raw.sqlite3_memory_used() / 1048576.0:N1} MB, at most {SQLitePCL.raw.sqlite3_memory_highwater(0) / 1048576.0:N1} MB."));
}

// Search in a fresh memory peak: what a bot serving from the file holds, not what the build held.
GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
File.WriteAllText("/proc/self/clear_refs", "5");
using var file = new BenchFile(path, cacheMb);
var index = file.Index;
var (liveDocs, liveTokens) = index.Totals();
if (liveDocs != count)
{
    Console.Error.WriteLine($"{path} holds {liveDocs:N0} quotes, not {count:N0}; run without --reuse.");
    return 2;
}

var segmentCount = index.Segments().Count;
using var tokenizer = new PostingsTokenizer();

// The bench's kinds: rare / common is a single word in under / at least 1 % of quotes.
string Kind(QuoteQuery q, PostingsQuery p) =>
    q.Speaker is not null ? "speaker and words"
    : q.Phrases.Count > 0 ? "phrase"
    : q.Terms.Count > 1 ? "several words"
    : p.Clauses is [[var token]] && index.DocumentFrequency(token) >= 0.01 * liveDocs ? "common word" : "rare word";

var parsed = BenchCommand.MakeQueries(corpus, queryCount + 100).Select(s => QueryParser.Parse(s).Query!).ToList();
foreach (var q in parsed.Take(100).Where(q => q.HasText))
{
    Run(PostingsQuery.From(q, tokenizer), new SearchStats());
}

var measured = parsed.Skip(100).Take(queryCount).Where(q => q.HasText).ToList();
var skipped = Math.Min(queryCount, parsed.Count - 100) - measured.Count;
var times = new List<double>();
var cpu = new List<double>();
var kinds = new List<string>();
var results = new List<List<Hit>>();
var plans = new List<PostingsQuery>();
long blocks = 0, candidates = 0;
var slow = new List<(double Ms, string Query, SearchStats Stats)>();
foreach (var q in measured)
{
    var c = BenchCommand.ThreadCpuMs();
    var t = Stopwatch.GetTimestamp();
    var plan = PostingsQuery.From(q, tokenizer);
    var stats = new SearchStats();
    var hits = Run(plan, stats);
    var ms = Stopwatch.GetElapsedTime(t).TotalMilliseconds;
    times.Add(ms);
    cpu.Add(BenchCommand.ThreadCpuMs() - c);
    plans.Add(plan);
    results.Add(hits);
    kinds.Add(Kind(q, plan));
    blocks += stats.BlocksDecoded;
    candidates += stats.Candidates;
    slow.Add((ms, q.ToCanonicalString(), stats));
}

var searchRss = Rss("VmHWM:");
var loadAfterSearch = BenchCommand.LoadAverage();
foreach (var (ms, text, st) in slow.OrderByDescending(x => x.Ms).Take(8))
{
    Console.WriteLine(string.Create(inv, $"  slow query {ms,8:F2} ms  {text}  (candidates {st.Candidates:N0}, scored {st.Scored:N0}, blocks {st.BlocksDecoded:N0})"));
}

// Agreement with the brute-force scorer on the first --check measured queries (one pass over the corpus).
var checkN = Math.Min(check, plans.Count);
var checkedPlans = plans.Take(checkN).ToList();
var bsw = Stopwatch.StartNew();
var brute = BruteForce.Run(corpus.Quotes(count), tokenizer, checkedPlans, 5,
    index.DocumentFrequency, liveDocs, Bm25.AverageLength(liveDocs, liveTokens));
var bruteSeconds = bsw.Elapsed.TotalSeconds;
var statsExact = brute.Docs == liveDocs && brute.Tokens == liveTokens
    && brute.Df.All(x => x.Value == index.DocumentFrequency(x.Key));
var agreement = new Dictionary<string, (int N, double Overlap, int Same)>();
for (var i = 0; i < checkN; i++)
{
    var ours = results[i].Select(h => h.Id).ToList();
    var exact = brute.Tops[i].Select(h => h.Id).ToList();
    var a = agreement.GetValueOrDefault(kinds[i]);
    agreement[kinds[i]] = (a.N + 1, a.Overlap + (exact.Count == 0 ? (ours.Count == 0 ? 1 : 0) : (double)ours.Count(exact.Contains) / exact.Count),
        a.Same + (ours.SequenceEqual(exact) ? 1 : 0));
}

var fileMib = new FileInfo(path).Length / 1048576.0;
string[] kindOrder = ["rare word", "common word", "several words", "phrase", "speaker and words"];
Console.WriteLine();
Console.WriteLine(string.Create(inv, $"## Own postings index at {count:N0} quotes ({segmentCount} segments), {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC"));
Console.WriteLine();
Console.WriteLine(string.Create(inv, $"Command: `QuoteBot.Bench.Postings {count} {queryCount} {path} --check {check} --block {block} --chunk {chunk} --cache-mb {cacheMb} --page-size {pageSize} --bodies {bodies.ToString().ToLowerInvariant()}{(pairsAny ? " --pairs-any-word" : "")} --batch {batch} --merge-factor {mergeFactor}{(finalMerge ? " --final-merge" : "")}{(perBatch ? " --per-batch" : $" --bulk-mb {bulkMb}")}{(built ? "" : " --reuse")}`; {Environment.ProcessorCount} cores; load average after the build {loadAfterImport}, after the searches {loadAfterSearch}."));
Console.WriteLine();
Console.WriteLine("| Measure | Wall clock | CPU time |");
Console.WriteLine("|---|---|---|");
Console.WriteLine(built
    ? string.Create(inv, $"| Import (tokenize, segments, rows, merges) | {count / importSeconds:N0} quotes/s ({importSeconds:F1} s; merges {summary.MergeSeconds:F1} s) | {count / importCpu:N0} quotes per CPU-second ({importCpu:F1} CPU-s, all threads) |")
    : "| Import | (segment reused, not measured in this run) | |");
Console.WriteLine(string.Create(inv, $"| Search p50 ({times.Count:N0} queries, top 5, rows read; {skipped} speaker-only skipped) | {BenchCommand.Pct(times, 50):F3} ms | {BenchCommand.Pct(cpu, 50):F3} ms |"));
Console.WriteLine(string.Create(inv, $"| Search p99 | {BenchCommand.Pct(times, 99):F3} ms | {BenchCommand.Pct(cpu, 99):F3} ms |"));
Console.WriteLine(string.Create(inv, $"| Search max | {times.Max():F2} ms | {cpu.Max():F2} ms |"));
Console.WriteLine(string.Create(inv, $"| Queries with at least one hit | {100.0 * results.Count(r => r.Count > 0) / results.Count:F0} % | |"));
Console.WriteLine(string.Create(inv, $"| Blocks decoded / candidates per query (mean) | {(double)blocks / times.Count:F1} / {(double)candidates / times.Count:F0} | |"));
if (built)
{
    Console.WriteLine(string.Create(inv, $"| Peak RSS (VmHWM) during the import | {importRss:N0} MB ({summary.Merges} merges, {summary.Segments} segments left) | |"));
}

Console.WriteLine(string.Create(inv, $"| Peak RSS from opening the file to the last search{(built ? " (after the build, in the same process)" : " (a process that only searched)")} | {searchRss:N0} MB | |"));
Console.WriteLine(string.Create(inv, $"| File | {fileMib:N1} MiB | |"));
Console.WriteLine();
Console.WriteLine("| Kind | Queries | p50 | p99 | max | CPU p50 | CPU p99 |");
Console.WriteLine("|---|---|---|---|---|---|---|");
foreach (var kind in kindOrder.Where(kinds.Contains))
{
    var w = times.Where((_, i) => kinds[i] == kind).ToList();
    var c = cpu.Where((_, i) => kinds[i] == kind).ToList();
    Console.WriteLine(string.Create(inv, $"| {kind} | {w.Count:N0} | {BenchCommand.Pct(w, 50):F3} ms | {BenchCommand.Pct(w, 99):F3} ms | {w.Max():F2} ms | {BenchCommand.Pct(c, 50):F3} ms | {BenchCommand.Pct(c, 99):F3} ms |"));
}

Console.WriteLine();
Console.WriteLine(string.Create(inv, $"Brute force on the first {checkN:N0} measured queries ({bruteSeconds:F0} s, one pass re-tokenizing every quote); corpus statistics (quotes, tokens, df of every query token) {(statsExact ? "equal to the segment's" : "DIFFERENT from the segment's")}:"));
Console.WriteLine();
Console.WriteLine("| Kind | Queries | Top-5 overlap | Same 5 in the same order |");
Console.WriteLine("|---|---|---|---|");
foreach (var kind in kindOrder.Where(agreement.ContainsKey))
{
    var a = agreement[kind];
    Console.WriteLine(string.Create(inv, $"| {kind} | {a.N:N0} | {100 * a.Overlap / a.N:F1} % | {100.0 * a.Same / a.N:F1} % |"));
}

// Per-table sizes: this SQLite build has no dbstat; use `sqlite3 FILE "SELECT name, sum(pgsize) FROM dbstat GROUP BY name"`.
return statsExact && agreement.Values.All(a => a.Same == a.N) ? 0 : 1;

List<Hit> Run(PostingsQuery plan, SearchStats stats)
{
    var hits = index.Search(plan, 5, stats);
    foreach (var h in hits)
    {
        _ = file.Quote(h.Id) ?? throw new InvalidDataException($"Quote {h.Id} is missing.");
    }

    return hits;
}

// Single-threaded CPU cost of each step of the build on the first n quotes, to see where the import goes.
static int Profile(int n)
{
    var corpus = new SyntheticCorpus();
    var quotes = corpus.Quotes(n).ToList();
    double Time(Action a)
    {
        var c = BenchCommand.ThreadCpuMs();
        a();
        return (BenchCommand.ThreadCpuMs() - c) / n * 1000;
    }

    using var tok = new PostingsTokenizer();
    var scratch = new List<string>();
    Console.WriteLine($"per quote, µs CPU: generate {Time(() => _ = corpus.Quotes(n).Count()):F1}");
    Console.WriteLine($"  speaker key {Time(() => quotes.ForEach(q => QuoteBot.Core.Text.TextFolding.SpeakerKey(q.Speaker))):F1}");
    Console.WriteLine($"  tokenize 4 columns {Time(() => quotes.ForEach(q => { foreach (var c in PostingsTokenizer.Columns(q.Text, q.Speaker, q.Speaker, q.Source.Title)) { tok.Document(c, scratch); } })):F1}");
    Console.WriteLine($"  analysis (tokens, positions) {Time(() => quotes.ForEach(q => Analysis.Of(tok, IndexedQuote.From(q), scratch))):F1}");
    foreach (var format in Enum.GetValues<BodyFormat>())
    {
        var codec = new BodyCodec(format);
        long bytes = 0;
        Console.WriteLine($"  body {format} {Time(() => quotes.ForEach(q => bytes += codec.Encode(q).Length)):F1} ({(double)bytes / n:F0} bytes a quote)");
    }
    return 0;
}

static double Rss(string field)
{
    var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith(field, StringComparison.Ordinal));
    return long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024.0;
}
