using System.Globalization;
using Microsoft.Data.Sqlite;
using QuoteBot.Core.Search;
using QuoteBot.Storage.Sqlite.Postings;

namespace QuoteBot.Storage.Sqlite.Tests;

/// <summary>
/// Merges and bulk spills stream each term's postings into the new segment chunk by chunk. Checked against the same
/// live quotes written as one segment from whole in-memory lists: every stored row equal byte for byte (segment ids
/// aside), searches equal, with tiny blocks and chunks so lists cross many chunk boundaries and pulsed/chunked edges;
/// and the merge's held postings bounded by a chunk per input however long the longest list.
/// </summary>
public sealed class PostingsStreamingTests : IDisposable
{
    private static readonly string[] Words = ["tu", "moutel", "bou", "gea", "fa", "chezu", "lai", "stou", "brea", "pli", "zou", "vai"];
    private static readonly string[] Speakers = ["Ada Moutel", "Bea Tu", "Cid Lai"];

    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private SqliteConnection Connect(string name) => RawDb.Raw(_dir.File(name));

    private static IndexedQuote Quote(Random rng)
    {
        // "tu" in every quote (the long list), the rest skewed so some terms are pulsed and some span many chunks.
        var words = new List<string> { "tu" };
        words.AddRange(Enumerable.Range(0, rng.Next(1, 8)).Select(_ => Words[(int)(Words.Length * Math.Pow(rng.NextDouble(), 2))]));
        return new IndexedQuote(string.Join(' ', words.OrderBy(_ => rng.Next())) + ".", rng.Next(4) == 0 ? null : Speakers[rng.Next(Speakers.Length)],
            rng.Next(2) == 0 ? null : Words[rng.Next(Words.Length)]);
    }

    private static PostingsIndex Create(SqliteConnection c, int block, int chunk) =>
        PostingsTestIndex.Create(c, block, chunk, ["tu", "bou"], Speakers);

    private static long Scalar(SqliteConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        return Convert.ToInt64(cmd.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 1)]
    [InlineData(3, 2)]
    [InlineData(4, 3)]
    [InlineData(128, 8)]
    public void AMergeStreamsTheSameRowsAsOneSegmentWrittenWholeWithinAChunkPerInput(int block, int chunk)
    {
        var rng = new Random(block * 31 + chunk);
        var quotes = new Dictionary<int, IndexedQuote>();
        using var hc = Connect("history.db");
        using var history = Create(hc, block, chunk);
        // Three bulk segments, then edits, removals and restores: one-quote segments over the same ids, so the merge
        // interleaves its inputs' postings and drops deleted ones.
        for (var s = 0; s < 3; s++)
        {
            using var w = history.BeginWrite();
            var batch = new List<(int, Analysis)>();
            for (var i = 1; i <= 100; i++)
            {
                var id = s * 100 + i;
                quotes[id] = Quote(rng);
                batch.Add((id, history.Analyze(quotes[id])));
            }

            w.AddAnalyzed(batch);
            w.Commit();
        }

        var removed = new Dictionary<int, IndexedQuote>();
        for (var step = 0; step < 12; step++)
        {
            using var w = history.BeginWrite();
            var id = rng.Next(1, 301);
            if (quotes.TryGetValue(id, out var old))
            {
                if (step % 3 == 0)
                {
                    w.Remove(id, old);
                    removed[id] = old;
                    quotes.Remove(id);
                }
                else
                {
                    w.Edit(id, old, quotes[id] = Quote(rng));
                }
            }
            else
            {
                w.Restore(id, quotes[id] = removed[id]);
            }

            w.Commit();
        }

        var inputs = history.Segments().Count;
        Assert.True(inputs > 5, $"{inputs} segments");
        history.Merge(history.Segments().Select(s => s.Id).ToList());
        Assert.Single(history.Segments());

        using var oc = Connect("whole.db");
        using var whole = Create(oc, block, chunk);
        using (var w = whole.BeginWrite())
        {
            w.AddAnalyzed(quotes.OrderBy(x => x.Key).Select(x => (x.Key, whole.Analyze(x.Value))).ToList());
            w.Commit();
        }

        Assert.Equal(PostingsRows.Of(oc), PostingsRows.Of(hc));
        var longest = Scalar(hc, "SELECT max(count) FROM px_terms");
        Assert.True(longest >= quotes.Count, $"longest list {longest}");
        if (block * chunk * 4 < longest)
        {
            // Many chunks in the longest list: the merge held one chunk per input and the one being written, not the list.
            Assert.True(Scalar(hc, "SELECT count(*) FROM px_chunks") > 0);
            Assert.InRange(history.LastMergeHeldPostings, 1, (inputs + 1) * block * chunk);
        }

        using var tokenizer = new PostingsTokenizer();
        foreach (var text in new[] { "tu", "moutel", "\"tu bou\"", "gea fa", "speaker:lai tu", "\"moutel tu\" zou" })
        {
            var q = PostingsQuery.From(QueryParser.Parse(text).Query!, tokenizer);
            Assert.Equal(whole.Search(q, 30), history.Search(q, 30));
        }
    }

    [Theory]
    [InlineData(2, 1)]
    [InlineData(3, 2)]
    public void ABulkSpillStreamsTheSameRowsAsOneSegmentWrittenWhole(int block, int chunk)
    {
        var rng = new Random(7 + block);
        var quotes = Enumerable.Range(1, 250).ToDictionary(i => i, _ => Quote(rng));
        using var bc = Connect("bulk.db");
        using var bulk = Create(bc, block, chunk);
        var load = bulk.BeginBulkLoad(1L << 30);
        for (var first = 1; first <= 250; first += 50)
        {
            load.Add(Enumerable.Range(first, 50).Select(i => (i, bulk.Analyze(quotes[i]))).ToList());
        }

        Assert.NotEqual(0, load.Complete());

        using var oc = Connect("whole.db");
        using var whole = Create(oc, block, chunk);
        using (var w = whole.BeginWrite())
        {
            w.AddAnalyzed(quotes.Select(x => (x.Key, whole.Analyze(x.Value))).ToList());
            w.Commit();
        }

        Assert.Equal(PostingsRows.Of(oc), PostingsRows.Of(bc));
    }

    [Fact]
    public void TheTermWriterRefusesPostingsOutOfOrder()
    {
        using var c = Connect("order.db");
        using var index = Create(c, 2, 1);
        using var w = index.BeginWrite();
        var message = Assert.Throws<InvalidOperationException>(() => index.WriteSegment([1, 2, 3], [1, 1, 1], writer =>
        {
            writer.Begin("tu", false);
            writer.Add(1, 1, []);
            writer.Add(1, 1, []);
        })).Message;
        Assert.Contains("ordinal 1 after 1", message, StringComparison.Ordinal);
        Assert.Contains("increasing code point order", Assert.Throws<InvalidOperationException>(() => index.WriteSegment([1], [1], writer =>
        {
            writer.Begin("tu", false);
            writer.Add(0, 1, []);
            writer.End();
            writer.Begin("bou", false);
        })).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnalysesFromTheTokenizersCachesEqualFreshOnes()
    {
        // One tokenizer analyses many quotes (speakers, titles and pairs met again come from its caches); each must
        // equal the analysis a fresh tokenizer makes of the same quote.
        var rng = new Random(11);
        var pairWords = new HashSet<string>(["tu", "bou", "moutel"], StringComparer.Ordinal);
        using var shared = new PostingsTokenizer();
        var scratch = new List<string>();
        for (var i = 0; i < 60; i++)
        {
            var q = Quote(rng);
            var cached = Analysis.Of(shared, q, scratch, pairWords, i % 2 == 0);
            using var fresh = new PostingsTokenizer();
            var expected = Analysis.Of(fresh, q, [], pairWords, i % 2 == 0);
            Assert.Equal(expected.Length, cached.Length);
            Assert.Equal(expected.Terms.Keys.Order(StringComparer.Ordinal), cached.Terms.Keys.Order(StringComparer.Ordinal));
            foreach (var (term, o) in expected.Terms)
            {
                Assert.Equal(o.Wtf, cached.Terms[term].Wtf);
                Assert.Equal(o.Positions.ToArray(), cached.Terms[term].Positions.ToArray());
            }

            Assert.Equal(expected.Pairs!.OrderBy(x => x.Key, StringComparer.Ordinal), cached.Pairs!.OrderBy(x => x.Key, StringComparer.Ordinal));
        }
    }
}
