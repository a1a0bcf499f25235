using Microsoft.Data.Sqlite;
using QuoteBot.Core.Search;
using QuoteBot.Storage.Sqlite.Postings;

namespace QuoteBot.Storage.Sqlite.Tests;

/// <summary>
/// The conjunction's walk (session 19): its block bounds are worked out once per window (up to the first block end
/// among its lists), ranges whose bounds cannot reach the k-th score are passed over on the skip entries alone (no
/// block of any list decoded, the lead's included), and a lookup decodes a block only as far as its target. Checked
/// against brute-force BM25 over segments, the tail, filters, speaker filters, removals, edits and restores.
/// </summary>
public sealed class PostingsAndWindowTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly PostingsTokenizer _tokenizer = new();

    public void Dispose()
    {
        _tokenizer.Dispose();
        _dir.Dispose();
    }

    /// <summary>
    /// The first tenth of the ids: short quotes (3–6 words) with "tor" and "vel" each twice in about half of them; the
    /// rest: long quotes (40–60 words) with "tor" and "vel" once in about half of them. Once the strong quotes fill a
    /// small top k, no block of the long ones can reach its k-th score.
    /// </summary>
    private static Dictionary<int, IndexedQuote> Corpus(int seed, int count)
    {
        var rng = new Random(seed);
        string[] filler = ["ga", "hu", "jo", "li", "me", "no", "pu", "ri", "so", "ta"];
        var quotes = new Dictionary<int, IndexedQuote>();
        for (var id = 1; id <= count; id++)
        {
            var strong = id <= count / 10;
            var words = new List<string>();
            var length = strong ? rng.Next(3, 7) : rng.Next(40, 61);
            while (words.Count < length)
            {
                words.Add(filler[rng.Next(filler.Length)]);
            }

            foreach (var word in new[] { "tor", "vel" })
            {
                if (rng.Next(2) == 0)
                {
                    for (var t = strong ? 2 : 1; t > 0; t--)
                    {
                        words.Insert(rng.Next(words.Count + 1), word);
                    }
                }
            }

            quotes[id] = new IndexedQuote(string.Join(' ', words) + ".", rng.Next(4) == 0 ? "Ana Bel" : "Cas Dun", null);
        }

        return quotes;
    }

    private (SqliteConnection Connection, PostingsIndex Index) Build(string name, Dictionary<int, IndexedQuote> quotes, int segments, int tail, int blockSize, int chunkBlocks) =>
        PostingsTestIndex.Build(_dir.File(name), quotes, segments, tail, blockSize, chunkBlocks);

    private PostingsQuery Query(string text) => PostingsQuery.From(QueryParser.Parse(text).Query!, _tokenizer);

    [Theory]
    [InlineData(8)]
    [InlineData(16)]
    public void RangesBelowTheKthScore_ArePassedOverWithoutDecodingTheirBlocks(int blockSize)
    {
        var quotes = Corpus(7, 3000);
        var (c, index) = Build($"skip{blockSize}.db", quotes, segments: 1, tail: 0, blockSize, chunkBlocks: 4);
        using (c)
        using (index)
        {
            var info = index.Segments()[0];
            var blocks = index.Term(info.Id, "tor")!.Blocks + index.Term(info.Id, "vel")!.Blocks;
            var q = Query("tor vel");
            var stats = new SearchStats();
            Assert.Equal(PostingsBruteForce.Search(_tokenizer, quotes, q, 5, out _), index.Search(q, 5, stats));

            // Only the strong tenth's blocks (and the ones a window touches at its edge) are decoded; before, the lead's
            // block was decoded at every range its bound could not reach.
            Assert.True(stats.RangesSkipped > 0, "no range passed over on its bounds");
            Assert.True(stats.BlocksDecoded < blocks / 4, $"{stats.BlocksDecoded} blocks decoded of {blocks}");
        }
    }

    [Theory]
    [InlineData(16)]
    [InlineData(128)]
    public void ALookup_DecodesItsBlockOnlyAsFarAsItsTarget(int blockSize)
    {
        var quotes = Corpus(11, 2000);
        var (c, index) = Build($"find{blockSize}.db", quotes, segments: 1, tail: 0, blockSize, chunkBlocks: 2);
        using (c)
        using (index)
        {
            var info = index.Segments()[0];
            var term = index.Term(info.Id, "vel")!;
            var walker = new PostingCursor(index, term);
            var all = new List<int>();
            for (var d = walker.Advance(0); d != DocCursor.End; d = walker.Next())
            {
                all.Add(d);
            }

            var rng = new Random(blockSize);
            for (var trial = 0; trial < 200; trial++)
            {
                // Two lookups into one block, the second further on: each decodes up to the posting it lands on.
                var block = rng.Next(term.Blocks);
                var first = block * blockSize;
                var inBlock = Math.Min(blockSize, all.Count - first);
                var i = rng.Next(inBlock);
                var j = rng.Next(i, inBlock);
                var cursor = new PostingCursor(index, term);
                var target = i == 0 ? all[first] : all[first + i - 1] + 1;
                Assert.Equal(all[first + i], cursor.Advance(target));
                Assert.Equal(i + 1, cursor.PostingsDecoded);
                Assert.Equal(all[first + j], cursor.Advance(all[first + j]));
                Assert.Equal(j + 1, cursor.PostingsDecoded);
                Assert.Equal(first + j + 1 < all.Count ? all[first + j + 1] : DocCursor.End, cursor.Next());
            }
        }
    }

    [Theory]
    [InlineData(1, 8, 2, 1, 0)]
    [InlineData(2, 16, 3, 3, 7)]
    [InlineData(3, 128, 4, 2, 3)]
    public void AndsMatchBruteForce_ThroughRemovalsEditsAndRestores(int seed, int blockSize, int chunkBlocks, int segments, int tail)
    {
        var quotes = Corpus(seed, 2400);
        var (c, index) = Build($"and{seed}.db", quotes, segments, tail, blockSize, chunkBlocks);
        using (c)
        using (index)
        {
            string[] texts = ["tor vel", "vel tor ga", "tor ga hu", "speaker:bel tor vel", "speaker:dun vel", "\"tor vel\" ga"];
            Func<int, bool>?[] filters = [null, id => id % 3 != 1, id => id > 150];
            var live = new Dictionary<int, IndexedQuote>(quotes);
            void CheckAll()
            {
                foreach (var text in texts)
                {
                    var q = Query(text);
                    foreach (var accept in filters)
                    {
                        foreach (var k in new[] { 1, 5, 30 })
                        {
                            Assert.Equal(PostingsBruteForce.Search(_tokenizer, live, q, k, out _, accept), index.Search(q, k, accept));
                        }
                    }
                }
            }

            CheckAll();

            // The best hits removed (the k-th score falls into the long quotes' blocks), one edited into a long quote.
            var removed = new List<int>();
            foreach (var hit in index.Search(Query("tor vel"), 8))
            {
                using var w = index.BeginWrite();
                w.Remove(hit.Id, live[hit.Id]);
                w.Commit();
                live.Remove(hit.Id);
                removed.Add(hit.Id);
            }

            var edited = index.Search(Query("tor vel"), 1)[0].Id;
            var longer = new IndexedQuote(string.Join(' ', Enumerable.Repeat("ga hu jo", 15)) + " tor vel.", "Cas Dun", null);
            using (var w = index.BeginWrite())
            {
                w.Edit(edited, live[edited], longer);
                w.Commit();
            }

            live[edited] = longer;
            CheckAll();

            // Restored: the strong quotes come back into the top.
            foreach (var id in removed)
            {
                using var w = index.BeginWrite();
                w.Restore(id, quotes[id]);
                w.Commit();
                live[id] = quotes[id];
            }

            CheckAll();
        }
    }
}
