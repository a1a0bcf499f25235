using System.Diagnostics;
using System.Globalization;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.En;
using Lucene.Net.Analysis.Miscellaneous;
using Lucene.Net.Analysis.Standard;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;
using Lucene.Net.Util;
using QuoteBot.Core.Search;
using QuoteBot.Core.Text;
using QuoteBot.Host.Bench;

// The Lucene.Net anchor of `quotebot bench`: the same synthetic corpus, the same query list (the same 100 warm-up
// queries, then the measured ones), BM25 (k1 1.2, b 0.75) with the same field weights as boosts, top 5, the stored id of
// each hit read as the store reads its rows. Lucene scores each field on its own (per-field length norms), so its
// ranking is not the store's formula: only speed, memory, import rate and index size are compared.
// Usage: dotnet run -c Release --project bench/QuoteBot.Bench.Lucene -- [quotes] [queries] [index folder]
var inv = CultureInfo.InvariantCulture;
var count = args.Length > 0 ? int.Parse(args[0], inv) : 1_000_000;
var queryCount = args.Length > 1 ? int.Parse(args[1], inv) : 2_000;
var dir = args.Length > 2 ? args[2] : Path.Combine(Path.GetTempPath(), "quotebot-bench-lucene");
const LuceneVersion V = LuceneVersion.LUCENE_48;
string[] fields = ["text", "speaker", "speakerkey", "title"];
float[] boosts = [10, 3, 3, 1];

var analyzer = Analyzer.NewAnonymous((_, reader) =>
{
    var source = new StandardTokenizer(V, reader);
    TokenStream ts = new LowerCaseFilter(V, source);
    ts = new ASCIIFoldingFilter(ts);
    ts = new PorterStemFilter(ts);
    return new TokenStreamComponents(source, ts);
});

if (System.IO.Directory.Exists(dir))
{
    System.IO.Directory.Delete(dir, recursive: true);
}

var corpus = new SyntheticCorpus();
var sw = Stopwatch.StartNew();
var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
using (var store = new MMapDirectory(new DirectoryInfo(dir)))
using (var writer = new IndexWriter(store, new IndexWriterConfig(V, analyzer)
       {
           Similarity = new BM25Similarity(1.2f, 0.75f),
           RAMBufferSizeMB = 64,
           OpenMode = OpenMode.CREATE,
       }))
{
    var id = 0;
    foreach (var q in corpus.Quotes(count))
    {
        id++;
        var doc = new Document
        {
            new StoredField("id", id),
            new TextField("text", q.Text, Field.Store.NO),
            new TextField("speaker", q.Speaker ?? "", Field.Store.NO),
            new TextField("speakerkey", TextFolding.SpeakerKey(q.Speaker), Field.Store.NO),
            new TextField("title", q.Source.Title ?? "", Field.Store.NO),
        };
        writer.AddDocument(doc);
    }

    writer.Commit();
}

var importSeconds = sw.Elapsed.TotalSeconds;
var importCpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds;
var indexMib = new DirectoryInfo(dir).EnumerateFiles().Sum(f => f.Length) / 1048576.0;

using var readerDir = new MMapDirectory(new DirectoryInfo(dir));
using var index = DirectoryReader.Open(readerDir);
var searcher = new IndexSearcher(index) { Similarity = new BM25Similarity(1.2f, 0.75f) };

List<string> Tokens(string field, string text)
{
    var list = new List<string>();
    using var ts = analyzer.GetTokenStream(field, text);
    var term = ts.AddAttribute<ICharTermAttribute>();
    ts.Reset();
    while (ts.IncrementToken())
    {
        list.Add(term.ToString());
    }

    ts.End();
    return list;
}

// One clause (a word or a phrase) over every field, each field with its weight.
Query Clause(IReadOnlyList<string> words)
{
    var any = new BooleanQuery();
    for (var f = 0; f < fields.Length; f++)
    {
        var tokens = words.SelectMany(w => Tokens(fields[f], w)).ToList();
        if (tokens.Count == 1)
        {
            any.Add(new TermQuery(new Term(fields[f], tokens[0])) { Boost = boosts[f] }, Occur.SHOULD);
        }
        else if (tokens.Count > 1)
        {
            var phrase = new PhraseQuery { Boost = boosts[f] };
            foreach (var t in tokens)
            {
                phrase.Add(new Term(fields[f], t));
            }

            any.Add(phrase, Occur.SHOULD);
        }
    }

    return any;
}

Query ToLucene(QuoteQuery q)
{
    var all = new BooleanQuery();
    foreach (var t in q.Terms)
    {
        all.Add(Clause([t]), Occur.MUST);
    }

    foreach (var p in q.Phrases)
    {
        all.Add(Clause(p), Occur.MUST);
    }

    foreach (var token in (q.Speaker ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries))
    {
        all.Add(new TermQuery(new Term("speakerkey", token)) { Boost = 0 }, Occur.MUST); // a filter, as in the store
    }

    foreach (var e in q.Excluded.Select(e => (IReadOnlyList<string>)[e]).Concat(q.ExcludedPhrases))
    {
        all.Add(Clause(e), Occur.MUST_NOT);
    }

    return all;
}

var parsed = BenchCommand.MakeQueries(corpus, queryCount + 100).Select(s => QueryParser.Parse(s).Query!).ToList();
foreach (var q in parsed.Take(100))
{
    searcher.Search(ToLucene(q), 5);
}

var times = new List<double>();
var cpu = new List<double>();
var hits = 0;
foreach (var q in parsed.Skip(100).Take(queryCount))
{
    var c = BenchCommand.ThreadCpuMs();
    var t = Stopwatch.GetTimestamp();
    var top = searcher.Search(ToLucene(q), 5);
    foreach (var sd in top.ScoreDocs)
    {
        _ = searcher.Doc(sd.Doc).GetField("id").GetInt32Value();
    }

    times.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
    cpu.Add(BenchCommand.ThreadCpuMs() - c);
    hits += top.TotalHits > 0 ? 1 : 0;
}

var rss = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
Console.WriteLine(string.Create(inv, $"## Lucene.Net 4.8 (MMapDirectory) at {count:N0} quotes, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC"));
Console.WriteLine();
Console.WriteLine(string.Create(inv, $"Command: `QuoteBot.Bench.Lucene {count} {queryCount} {dir}`; load average when it ended: {BenchCommand.LoadAverage()}."));
Console.WriteLine();
Console.WriteLine("| Measure | Wall clock | CPU time |");
Console.WriteLine("|---|---|---|");
Console.WriteLine(string.Create(inv, $"| Import (one writer, 64 MB buffer) | {count / importSeconds:N0} quotes/s ({importSeconds:F0} s) | {count / importCpu:N0} quotes per CPU-second |"));
Console.WriteLine(string.Create(inv, $"| Search p50 ({times.Count:N0} queries, top 5) | {BenchCommand.Pct(times, 50):F3} ms | {BenchCommand.Pct(cpu, 50):F3} ms |"));
Console.WriteLine(string.Create(inv, $"| Search p99 | {BenchCommand.Pct(times, 99):F3} ms | {BenchCommand.Pct(cpu, 99):F3} ms |"));
Console.WriteLine(string.Create(inv, $"| Search max | {times.Max():F1} ms | {cpu.Max():F1} ms |"));
Console.WriteLine(string.Create(inv, $"| Queries with at least one hit | {100.0 * hits / times.Count:F0} % | |"));
Console.WriteLine(string.Create(inv, $"| Peak RSS | {rss["VmHWM:".Length..].Trim()} | |"));
Console.WriteLine(string.Create(inv, $"| Index on disk | {indexMib:N0} MiB | |"));
