using QuoteBot.Bench.Postings;
using QuoteBot.Core.Model;
using QuoteBot.Core.Search;
using QuoteBot.Storage.Sqlite.Postings;

namespace QuoteBot.Bench.Postings.Tests;

/// <summary>
/// The bench's import through the store's postings index, and its exact top k, against a brute-force BM25 written
/// from the formula (every quote re-tokenized, no postings), on small random corpora imported in small batches (many
/// segments, tiered merges, sometimes a final merge into one) with tiny blocks and chunks (so queries cross many block
/// and chunk borders).
/// </summary>
public sealed class SegmentTests : IDisposable
{
    private static readonly string[] Vocabulary =
    [
        "moutel", "tu", "bou", "gea", "fa", "chezu", "lai", "stou", "brea", "pli", "zou", "vai", "trin", "shab",
        "kolo", "nea", "dim", "ras", "sev", "gou", "running", "runs", "runner", "café", "cafe", "naïve", "don't",
    ];

    private static readonly string[] Speakers = ["Ada Moutel", "Bea Tu", "Cid Lai", "Dora Lai", "Eli Stou", "Dr. Fay Brea"];

    private readonly string _dir = Directory.CreateTempSubdirectory("s9p-test").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static List<NewQuote> Corpus(int seed, int count)
    {
        var rng = new System.Random(seed);
        string Word()
        {
            // Skewed like natural text: a few words are very common.
            var r = (int)(Vocabulary.Length * Math.Pow(rng.NextDouble(), 2.5));
            return Vocabulary[r];
        }

        var at = new DateTimeOffset(2024, 5, 1, 0, 0, 0, TimeSpan.Zero);
        return Enumerable.Range(0, count).Select(i =>
        {
            var words = Enumerable.Range(0, rng.Next(1, 14)).Select(_ => Word()).ToList();
            var text = string.Join(rng.Next(5) == 0 ? ", " : " ", words) + (rng.Next(3) == 0 ? "!" : ".");
            return new NewQuote
            {
                Text = char.ToUpperInvariant(text[0]) + text[1..],
                Speaker = rng.Next(10) == 0 ? null : Speakers[rng.Next(Speakers.Length)],
                Source = new QuoteSource(rng.Next(2) == 0 ? "Outlet" : null, rng.Next(3) == 0 ? null : Word() + " " + Word(),
                    "https://example.org/" + i, rng.Next(4) == 0 ? null : DateOnly.FromDateTime(at.AddDays(i).UtcDateTime)),
                AddedAt = at.AddMinutes(i),
            };
        }).ToList();
    }

    private static List<string> Queries(int seed, List<NewQuote> corpus)
    {
        var rng = new System.Random(seed + 1000);
        var list = new List<string>();
        for (var i = 0; i < 60; i++)
        {
            var words = corpus[rng.Next(corpus.Count)].Text.TrimEnd('.', '!').Replace(",", "", StringComparison.Ordinal).ToLowerInvariant().Split(' ');
            var start = rng.Next(words.Length);
            string W() => Vocabulary[rng.Next(Vocabulary.Length)];
            list.Add((i % 6) switch
            {
                0 => W(),
                1 => W() + " " + W(),
                2 => W() + " " + W() + " " + W(),
                3 => "\"" + string.Join(' ', words.Skip(start).Take(2 + rng.Next(2))) + "\"",
                4 => "speaker:" + Speakers[rng.Next(Speakers.Length)].Split(' ')[^1].ToLowerInvariant() + " " + W(),
                _ => "\"" + W() + " " + W() + "\" " + W(),
            });
        }

        list.Add("\"moutel moutel\"");
        list.Add("speaker:lai tu");
        list.Add("run");
        list.Add("cafe");
        list.Add("nosuchword");
        return list;
    }

    [Theory]
    [InlineData(1, 4, 2, BodyFormat.Words, true, false, 100, false, 0)]
    [InlineData(2, 4, 1, BodyFormat.Deflate, false, false, 60, false, 0)]
    [InlineData(3, 8, 3, BodyFormat.Plain, true, true, 150, true, 0)]
    [InlineData(4, 128, 8, BodyFormat.Words, true, false, 700, false, 0)]
    [InlineData(5, 128, 8, BodyFormat.Words, false, false, 33, true, 0)]
    [InlineData(6, 4, 2, BodyFormat.Words, true, true, 45, false, 0)]
    [InlineData(7, 4, 2, BodyFormat.Words, true, false, 50, false, 6000)]
    [InlineData(8, 128, 8, BodyFormat.Words, false, false, 64, false, 20000)]
    [InlineData(9, 3, 2, BodyFormat.Words, true, true, 100, false, 1 << 30)]
    public void TopKEqualsBruteForce(int seed, int blockSize, int chunkBlocks, BodyFormat bodies, bool pairWords, bool pairsWithAnyWord, int batch, bool finalMerge, int bulkBudget)
    {
        var corpus = Corpus(seed, 700);
        var path = Path.Combine(_dir, $"seg{seed}.db");
        var summary = Indexer.Build(corpus, path, new BuildOptions
        {
            BlockSize = blockSize, ChunkBlocks = chunkBlocks, Bodies = bodies, PairWordsMinQuotes = pairWords ? 30 : int.MaxValue,
            PairsWithAnyWord = pairsWithAnyWord, BatchSize = batch, MergeFactor = 3, FinalMerge = finalMerge,
            Bulk = bulkBudget > 0, BulkBudget = bulkBudget,
        });
        Assert.Equal(corpus.Count, summary.Quotes);
        if (bulkBudget > 0)
        {
            // The bulk path: spills of the budget's size, merged into one segment at the end (one merge when it spilled).
            Assert.Equal(1, summary.Segments);
            Assert.Equal(bulkBudget < 1 << 30, summary.Merges == 1);
        }
        else
        {
            Assert.Equal(corpus.Count / batch >= 3, summary.Merges > 0);
            Assert.Equal(finalMerge || batch >= 700 ? 1 : summary.Segments, summary.Segments);
        }

        using var tokenizer = new PostingsTokenizer();
        using var file = new BenchFile(path);
        var index = file.Index;
        Assert.Equal(summary.Segments, index.Segments().Count);
        Assert.Equal(pairWords, index.PairWords.Count > 0);
        var plans = Queries(seed, corpus).Select(q => PostingsQuery.From(QueryParser.Parse(q).Query!, tokenizer)).ToList();

        // Brute force, two passes: the true statistics first, then every quote scored with them.
        var stats = BruteForce.Run(corpus, tokenizer, plans, 0, _ => 0, 1, 1);
        Assert.Equal((stats.Docs, stats.Tokens), index.Totals());
        foreach (var (token, df) in stats.Df)
        {
            Assert.Equal(df, index.DocumentFrequency(token));
        }

        var averageLength = Bm25.AverageLength(stats.Docs, stats.Tokens);
        foreach (var k in new[] { 1, 5, 20 })
        {
            var expected = BruteForce.Run(corpus, tokenizer, plans, k, t => stats.Df[t], stats.Docs, averageLength);
            var nonEmpty = 0;
            for (var i = 0; i < plans.Count; i++)
            {
                var actual = index.Search(plans[i], k);
                Assert.Equal(expected.Tops[i], actual);
                nonEmpty += actual.Count > 0 ? 1 : 0;
            }

            Assert.True(nonEmpty > plans.Count / 2, "most random queries should match something");
        }
    }

    [Theory]
    [InlineData(BodyFormat.Plain)]
    [InlineData(BodyFormat.Deflate)]
    [InlineData(BodyFormat.Words)]
    public void StoredQuotesReadBackUnchanged(BodyFormat bodies)
    {
        var corpus = Corpus(7, 300);
        corpus.Add(new NewQuote { Text = "Émigré — “quoted” 😀 text,  two  spaces ", Speaker = "Zoë", Source = new QuoteSource(null, "", null, null), AddedAt = DateTimeOffset.UnixEpoch });
        var path = Path.Combine(_dir, $"rows-{bodies}.db");
        Indexer.Build(corpus, path, new BuildOptions { Bodies = bodies, BatchSize = 64 });
        using var file = new BenchFile(path);
        for (var i = 0; i < corpus.Count; i++)
        {
            var q = file.Quote(i + 1)!;
            Assert.Equal(corpus[i].Text, q.Text);
            Assert.Equal(corpus[i].Speaker, q.Speaker);
            Assert.Equal(string.IsNullOrEmpty(corpus[i].Source.Title) ? null : corpus[i].Source.Title, q.Title);
            Assert.Equal(corpus[i].Source.Url, q.Url);
            Assert.Equal(corpus[i].AddedAt, q.AddedAt);
        }

        Assert.Null(file.Quote(corpus.Count + 1));
    }

    [Fact]
    public void OpeningAMissingFileSaysSo()
    {
        var ex = Assert.Throws<FileNotFoundException>(() => new BenchFile(Path.Combine(_dir, "none.db")));
        Assert.Contains("No bench file", ex.Message, StringComparison.Ordinal);
    }
}
