using Microsoft.Data.Sqlite;
using QuoteBot.Core.Search;
using QuoteBot.Storage.Sqlite.Postings;

namespace QuoteBot.Storage.Sqlite.Tests;

/// <summary>
/// A quote's own bound in a conjunction (session 13): every list's frequency bounded at the quote's own length from
/// its block's front (<see cref="PostingCursor.LengthBound"/>), so ANDs and phrases of common words skip quotes before
/// the other lists move. Checked per posting against the stored frequencies, and searches against brute-force BM25
/// over segments, the tail, removals, filters and a speaker lead.
/// </summary>
public sealed class PostingsLengthBoundTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly PostingsTokenizer _tokenizer = new();

    public void Dispose()
    {
        _tokenizer.Dispose();
        _dir.Dispose();
    }

    /// <summary>
    /// Quotes of 2–70 words, "tor" in about half (1–4 times), "bek" in about a third (1–3 times), "lum" in one in ten;
    /// a few short quotes hold both dense words once, so every block's best quote is short and its bound high.
    /// </summary>
    private static Dictionary<int, IndexedQuote> Corpus(int seed, int count)
    {
        var rng = new Random(seed);
        string[] filler = ["ba", "ki", "mo", "ru", "sa", "te", "vo", "zi", "pa", "ne"];
        var quotes = new Dictionary<int, IndexedQuote>();
        for (var id = 1; id <= count; id++)
        {
            var words = new List<string>();
            var length = rng.Next(7) == 0 ? rng.Next(2, 5) : rng.Next(5, 71);
            while (words.Count < length)
            {
                words.Add(filler[rng.Next(filler.Length)]);
            }

            void Put(string word, int times)
            {
                for (var t = 0; t < times; t++)
                {
                    words.Insert(rng.Next(words.Count + 1), word);
                }
            }

            if (length < 5)
            {
                Put("tor", 1);
                Put("bek", 1);
            }
            else
            {
                Put("tor", rng.Next(2) == 0 ? rng.Next(1, 5) : 0);
                Put("bek", rng.Next(3) == 0 ? rng.Next(1, 4) : 0);
                Put("lum", rng.Next(10) == 0 ? 1 : 0);
            }

            quotes[id * 3 + rng.Next(3)] = new IndexedQuote(string.Join(' ', words) + ".", rng.Next(6) == 0 ? "Ada Lum" : "Bea Tor", null);
        }

        return quotes;
    }

    private (SqliteConnection Connection, PostingsIndex Index) Build(string name, Dictionary<int, IndexedQuote> quotes, int segments, int tail, int blockSize, int chunkBlocks) =>
        PostingsTestIndex.Build(_dir.File(name), quotes, segments, tail, blockSize, chunkBlocks, pairWords: ["tor", "bek"]);

    private PostingsQuery Query(string text) => PostingsQuery.From(QueryParser.Parse(text).Query!, _tokenizer);

    [Theory]
    [InlineData(4)]
    [InlineData(16)]
    [InlineData(128)]
    public void LengthBound_IsAtLeastEveryPostingsPart_AndBelowTheBlockBoundForSomeLongQuote(int blockSize)
    {
        var quotes = Corpus(1, 1200);
        var (c, index) = Build($"bound{blockSize}.db", quotes, segments: 1, tail: 0, blockSize, chunkBlocks: 3);
        using (c)
        using (index)
        {
            var segment = index.Segments()[0].Id;
            var view = index.View(index.Segments()[0]);
            const double Average = 30.0;
            var tighter = 0;
            foreach (var term in new[] { "tor", "bek", "lum", "\u0002tor bek" })
            {
                var info = index.Term(segment, term)!;
                var walker = new PostingCursor(index, info);
                var bounder = new PostingCursor(index, info);
                for (var d = walker.Advance(0); d != DocCursor.End; d = walker.Next())
                {
                    var length = view.Lengths[d];
                    var norm = Bm25.Norm(length, Average);
                    var block = bounder.ShallowBound(d, Average, out _);
                    var bound = bounder.LengthBound(length, norm);
                    Assert.True(bound >= Bm25.Part(walker.Wtf, norm), $"{term} at {d}: bound {bound} below its part {Bm25.Part(walker.Wtf, norm)}");
                    Assert.True(bound <= block, $"{term} at {d}: bound {bound} above the block's {block}");
                    tighter += bound < block ? 1 : 0;
                }
            }

            Assert.True(tighter > 100, $"only {tighter} postings had a bound below their block's");
        }
    }

    [Theory]
    [InlineData(1, 4, 2, 3, 7)]
    [InlineData(2, 8, 3, 2, 0)]
    [InlineData(3, 128, 8, 1, 11)]
    public void AndsAndPhrasesOfDenseWordsMatchBruteForce(int seed, int blockSize, int chunkBlocks, int segments, int tail)
    {
        var quotes = Corpus(seed, 1800);
        var (c, index) = Build($"and{seed}.db", quotes, segments, tail, blockSize, chunkBlocks);
        using (c)
        using (index)
        {
            string[] texts = ["tor bek", "bek tor lum", "tor lum", "\"tor bek\"", "\"bek tor\" lum", "speaker:lum tor bek", "speaker:tor bek", "tor ba ki", "\"tor tor\" bek"];
            Func<int, bool>?[] filters = [null, id => id % 4 != 1, id => id > 2500];
            foreach (var text in texts)
            {
                var q = Query(text);
                foreach (var accept in filters)
                {
                    foreach (var k in new[] { 1, 5, 20 })
                    {
                        Assert.Equal(PostingsBruteForce.Search(_tokenizer, quotes, q, k, out _, accept), index.Search(q, k, accept));
                    }
                }
            }

            // Removals (the best hits of the ANDs among them), then the same again.
            var live = new Dictionary<int, IndexedQuote>(quotes);
            foreach (var text in new[] { "tor bek", "\"tor bek\"" })
            {
                foreach (var hit in index.Search(Query(text), 6))
                {
                    using var w = index.BeginWrite();
                    w.Remove(hit.Id, quotes[hit.Id]);
                    w.Commit();
                    live.Remove(hit.Id);
                }
            }

            foreach (var text in texts)
            {
                var q = Query(text);
                foreach (var k in new[] { 1, 5, 20 })
                {
                    Assert.Equal(PostingsBruteForce.Search(_tokenizer, live, q, k, out _), index.Search(q, k));
                }
            }
        }
    }
}
