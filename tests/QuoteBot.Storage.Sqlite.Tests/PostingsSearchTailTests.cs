using Microsoft.Data.Sqlite;
using QuoteBot.Core.Search;
using QuoteBot.Core.Text;
using QuoteBot.Storage.Sqlite.Postings;

namespace QuoteBot.Storage.Sqlite.Tests;

/// <summary>
/// The postings search's tail paths (session 12) against a brute-force BM25: phrases whose candidates are checked
/// best bound first with a dense list looked up instead of walked (across block and chunk boundaries), ANDs where the
/// rare word comes last, equal scores newest first across segments and the tail, and filters (scopes) on hits; plus
/// the cursor's backward seeks and its positions skipping.
/// </summary>
public sealed class PostingsSearchTailTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly PostingsTokenizer _tokenizer = new();

    public void Dispose()
    {
        _tokenizer.Dispose();
        _dir.Dispose();
    }

    private (SqliteConnection Connection, PostingsIndex Index) Build(string name, Dictionary<int, IndexedQuote> quotes, int segments, int tail, int blockSize = 4, int chunkBlocks = 2)
    {
        var (c, index) = PostingsTestIndex.Build(_dir.File(name), quotes, segments, tail, blockSize, chunkBlocks);
        Assert.Equal(segments, index.Segments().Count);
        Assert.Equal(tail, index.TailCount());
        return (c, index);
    }

    private List<Hit> BruteForce(Dictionary<int, IndexedQuote> live, PostingsQuery query, int k, Func<int, bool>? accept = null) =>
        PostingsBruteForce.Search(_tokenizer, live, query, k, out _, accept);

    private PostingsQuery Query(string text) => PostingsQuery.From(QueryParser.Parse(text).Query!, _tokenizer);

    private static long Scalar(SqliteConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        return Convert.ToInt64(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// "moutel" in every quote (several times), "kuda" in about one in twelve, "gea" in about one in three: the phrase
    /// candidates are kuda's quotes and moutel's list (far longer than kuda's) is looked up for them, block by block.
    /// </summary>
    private static Dictionary<int, IndexedQuote> DenseCorpus(int seed, int count)
    {
        var rng = new Random(seed);
        string[] filler = ["bou", "fa", "lai", "stou", "brea", "pli", "zou", "vai", "trin", "shab", "nea", "dim"];
        var quotes = new Dictionary<int, IndexedQuote>();
        for (var id = 1; id <= count; id++)
        {
            var words = new List<string>();
            for (var n = rng.Next(3, 16); n > 0; n--)
            {
                words.Add(rng.Next(3) == 0 ? "moutel" : filler[rng.Next(filler.Length)]);
            }

            words.Insert(rng.Next(words.Count + 1), "moutel");
            if (rng.Next(12) == 0)
            {
                // kuda right before moutel (a phrase hit), right after it, or on its own.
                var at = words.IndexOf("moutel");
                words.Insert(rng.Next(3) switch { 0 => at, 1 => at + 1, _ => rng.Next(words.Count + 1) }, "kuda");
            }

            if (rng.Next(3) == 0)
            {
                words.Insert(rng.Next(words.Count + 1), "gea");
            }

            var title = rng.Next(4) == 0 ? (rng.Next(2) == 0 ? "kuda moutel" : "moutel gea") : null;
            quotes[id * 2 + rng.Next(2)] = new IndexedQuote(string.Join(' ', words) + ".", rng.Next(5) == 0 ? "Ada Moutel" : "Bea Tu", title);
        }

        return quotes;
    }

    [Theory]
    [InlineData(1, 4, 2)]
    [InlineData(2, 4, 1)]
    [InlineData(3, 3, 3)]
    [InlineData(4, 128, 8)]
    public void PhrasesWithADenseWordMatchBruteForceAcrossBlocksAndChunks(int seed, int blockSize, int chunkBlocks)
    {
        var quotes = DenseCorpus(seed, 1500);
        var (c, index) = Build($"dense{seed}.db", quotes, segments: 3, tail: 12, blockSize, chunkBlocks);
        using (c)
        using (index)
        {
            foreach (var text in new[] { "\"kuda moutel\"", "\"moutel kuda\"", "\"kuda moutel\" gea", "gea \"moutel kuda\"", "\"kuda moutel\" \"moutel gea\"", "speaker:moutel \"kuda moutel\"", "\"moutel moutel\"", "\"kuda gea\"" })
            {
                var q = Query(text);
                foreach (var k in new[] { 1, 5, 6, 20, 400 })
                {
                    Assert.Equal(BruteForce(quotes, q, k), index.Search(q, k));
                }
            }

            // The dense list was not walked: for top 5 the search decodes fewer blocks (kuda's and moutel's together)
            // than moutel's lists hold.
            var moutelBlocks = Scalar(c, $"SELECT sum((count + {blockSize} - 1) / {blockSize}) FROM px_terms WHERE term = 'moutel'");
            var stats = new SearchStats();
            Assert.NotEmpty(index.Search(Query("\"kuda moutel\""), 5, stats));
            Assert.True(blockSize > 8 || stats.BlocksDecoded < moutelBlocks * 3 / 4, $"{stats.BlocksDecoded} blocks decoded, moutel has {moutelBlocks}");
        }
    }

    [Fact]
    public void PhrasesAfterRemovalsSkipDeletedQuotesAndStayExact()
    {
        var quotes = DenseCorpus(7, 1200);
        var (c, index) = Build("removed.db", quotes, segments: 2, tail: 5);
        using (c)
        using (index)
        {
            // Remove the best phrase hits and a share of the rest: the checks must never return a deleted quote.
            var rng = new Random(7);
            var q = Query("\"kuda moutel\"");
            var doomed = BruteForce(quotes, q, 8).Select(h => h.Id).Concat(quotes.Keys.Where(_ => rng.Next(4) == 0)).Distinct().ToList();
            using (var w = index.BeginWrite())
            {
                foreach (var id in doomed)
                {
                    w.Remove(id, quotes[id]);
                    quotes.Remove(id);
                }

                w.Commit();
            }

            foreach (var k in new[] { 1, 5, 50 })
            {
                Assert.Equal(BruteForce(quotes, q, k), index.Search(q, k));
                Assert.Equal(BruteForce(quotes, Query("gea \"moutel kuda\""), k), index.Search(Query("gea \"moutel kuda\""), k));
            }
        }
    }

    [Fact]
    public void AndsWhereTheRareWordComesLastMatchBruteForce()
    {
        var quotes = DenseCorpus(5, 1500);
        var (c, index) = Build("and.db", quotes, segments: 3, tail: 9);
        using (c)
        using (index)
        {
            foreach (var text in new[] { "moutel bou kuda", "moutel gea kuda", "bou fa kuda", "moutel kuda", "speaker:tu moutel kuda", "moutel gea" })
            {
                var q = Query(text);
                foreach (var k in new[] { 1, 5, 30 })
                {
                    Assert.Equal(BruteForce(quotes, q, k), index.Search(q, k));
                }
            }
        }
    }

    [Fact]
    public void EqualScoresComeNewestFirstAcrossSegmentsAndTheTail()
    {
        // Forty identical quotes (same score for every query) among others, spread over three segments and the tail.
        var rng = new Random(3);
        var quotes = DenseCorpus(3, 600);
        var twins = new List<int>();
        foreach (var id in quotes.Keys.Where(_ => rng.Next(15) == 0).Take(40).ToList())
        {
            quotes[id] = new IndexedQuote("Kuda moutel gea moutel.", "Cid Lai", null);
            twins.Add(id);
        }

        var (c, index) = Build("ties.db", quotes, segments: 3, tail: 10);
        using (c)
        using (index)
        {
            foreach (var text in new[] { "\"kuda moutel\" gea", "kuda moutel gea", "speaker:lai \"gea moutel\"" })
            {
                var q = Query(text);
                foreach (var k in new[] { 1, 5, 17 })
                {
                    var expected = BruteForce(quotes, q, k);
                    Assert.Equal(expected, index.Search(q, k));
                }
            }

            var hits = index.Search(Query("speaker:lai \"gea moutel\""), 12);
            Assert.Equal(twins.OrderDescending().Take(12), hits.Select(h => h.Id));
        }
    }

    [Fact]
    public void FiltersOnHitsKeepPhrasesAndAndsExact()
    {
        var quotes = DenseCorpus(9, 1400);
        var (c, index) = Build("scope.db", quotes, segments: 2, tail: 6);
        using (c)
        using (index)
        {
            // A scope that rejects most of the best hits (so the k-th score comes from further down), as the store's
            // scopes and -exclusions do.
            Func<int, bool>[] scopes = [id => id % 3 == 0, id => id % 7 != 1 && id > 900, _ => true];
            foreach (var accept in scopes)
            {
                foreach (var text in new[] { "\"kuda moutel\"", "\"moutel kuda\" gea", "moutel gea kuda", "gea" })
                {
                    var q = Query(text);
                    foreach (var k in new[] { 1, 5, 25 })
                    {
                        Assert.Equal(BruteForce(quotes, q, k, accept), index.Search(q, k, accept));
                    }
                }
            }
        }
    }

    [Fact]
    public void ACursorSeeksBackwardsAndForwardsToEveryPosting()
    {
        var quotes = DenseCorpus(13, 700);
        var (c, index) = Build("seek.db", quotes, segments: 1, tail: 0, blockSize: 5, chunkBlocks: 3);
        using (c)
        using (index)
        {
            var segment = index.Segments()[0].Id;
            var info = index.Term(segment, "kuda")!;
            var forward = new PostingCursor(index, info);
            var expected = new List<(int Doc, int Wtf, List<int> Positions)>();
            for (var d = forward.Advance(0); d != DocCursor.End; d = forward.Next())
            {
                var positions = new List<int>();
                forward.Positions(positions);
                expected.Add((d, forward.Wtf, positions));
            }

            Assert.True(info.Blocks > 6, $"kuda has {info.Blocks} blocks");
            var seeker = new PostingCursor(index, info);
            var rng = new Random(13);
            foreach (var (doc, wtf, positions) in expected.OrderBy(_ => rng.Next()).Concat(expected.AsEnumerable().Reverse()))
            {
                Assert.Equal(doc, seeker.Seek(doc));
                Assert.Equal(wtf, seeker.Wtf);
                var read = new List<int>();
                seeker.Positions(read);
                Assert.Equal(positions, read);
            }

            // Between postings a seek lands on the next one; past the last on End.
            Assert.Equal(expected[1].Doc, seeker.Seek(expected[0].Doc + 1));
            Assert.Equal(DocCursor.End, seeker.Seek(expected[^1].Doc + 1));
        }
    }

    [Fact]
    public void SkippingVarintsLandsWhereReadingThemDoes()
    {
        var rng = new Random(21);
        var buffer = new ByteBuffer(64);
        var values = new List<int>();
        for (var i = 0; i < 5000; i++)
        {
            var v = rng.Next(4) switch { 0 => rng.Next(128), 1 => rng.Next(16384), 2 => rng.Next(1 << 21), _ => rng.Next() };
            values.Add(v);
            Varint.Write(buffer, v);
        }

        var data = buffer.ToArray();
        var starts = new int[values.Count + 1];
        var at = 0;
        for (var i = 0; i < values.Count; i++)
        {
            starts[i] = at;
            Assert.Equal(values[i], Varint.Read(data, ref at));
        }

        starts[values.Count] = at;
        for (var trial = 0; trial < 3000; trial++)
        {
            var from = rng.Next(values.Count);
            var n = rng.Next(4) == 0 ? rng.Next(values.Count - from + 1) : rng.Next(Math.Min(40, values.Count - from + 1));
            Assert.Equal(starts[from + n], PostingCursor.SkipVarints(data, starts[from], n));
        }
    }
}
