using Microsoft.Data.Sqlite;
using QuoteBot.Core.Search;
using QuoteBot.Storage.Sqlite.Postings;

namespace QuoteBot.Storage.Sqlite.Tests;

/// <summary>
/// A conjunction's lead list passed over in one tight pass (session 16, <see cref="PostingCursor.NextPassing"/>): once
/// the top k is full, the lead's postings whose own bound cannot reach the k-th score are skipped inside the decoded
/// block without the other lists moving. Checked posting by posting against the test the conjunction makes, and
/// searches of common words against brute-force BM25 over segments, the tail, filters, removals and a speaker filter.
/// </summary>
public sealed class PostingsLeadSkipTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly PostingsTokenizer _tokenizer = new();

    public void Dispose()
    {
        _tokenizer.Dispose();
        _dir.Dispose();
    }

    /// <summary>
    /// Quotes of 3–60 words: "kel" in about a third (1–3 times), "dro" in about half, "fin" in about two thirds, and
    /// fillers; so every AND of the three is led by a long list most of whose postings cannot enter a top 5.
    /// </summary>
    private static Dictionary<int, IndexedQuote> Corpus(int seed, int count)
    {
        var rng = new Random(seed);
        string[] filler = ["ga", "hu", "jo", "li", "me", "no", "pu", "ri", "so", "ta"];
        var quotes = new Dictionary<int, IndexedQuote>();
        for (var id = 1; id <= count; id++)
        {
            var words = new List<string>();
            var length = rng.Next(3, 61);
            while (words.Count < length)
            {
                words.Add(filler[rng.Next(filler.Length)]);
            }

            void Put(string word, int share, int most)
            {
                if (rng.Next(share) == 0)
                {
                    for (var t = rng.Next(1, most + 1); t > 0; t--)
                    {
                        words.Insert(rng.Next(words.Count + 1), word);
                    }
                }
            }

            Put("kel", 3, 3);
            Put("dro", 2, 2);
            if (rng.Next(3) != 0)
            {
                words.Insert(rng.Next(words.Count + 1), "fin");
            }

            quotes[id * 2 + rng.Next(2)] = new IndexedQuote(string.Join(' ', words) + ".", rng.Next(5) == 0 ? "Oda Kel" : "Ivo Dro", null);
        }

        return quotes;
    }

    private (SqliteConnection Connection, PostingsIndex Index) Build(string name, Dictionary<int, IndexedQuote> quotes, int segments, int tail, int blockSize, int chunkBlocks) =>
        PostingsTestIndex.Build(_dir.File(name), quotes, segments, tail, blockSize, chunkBlocks);

    private PostingsQuery Query(string text) => PostingsQuery.From(QueryParser.Parse(text).Query!, _tokenizer);

    [Theory]
    [InlineData(4, 0.0)]
    [InlineData(16, 0.9)]
    [InlineData(128, 1.7)]
    public void NextPassing_StopsAtTheFirstPostingThatPassesTheLeadTest_OrAtTheRangeEnd(int blockSize, double restShare)
    {
        var quotes = Corpus(3, 1500);
        var (c, index) = Build($"pass{blockSize}.db", quotes, segments: 1, tail: 0, blockSize, chunkBlocks: 3);
        using (c)
        using (index)
        {
            var info = index.Segments()[0];
            var view = index.View(info);
            var term = index.Term(info.Id, "kel")!;
            const double Average = 31.5, Idf = 1.1;
            var walker = new PostingCursor(index, term);
            var all = new List<(int Doc, double Own)>();
            for (var d = walker.Advance(0); d != DocCursor.End; d = walker.Next())
            {
                all.Add((d, Idf * Bm25.Part(walker.Wtf, Bm25.Norm(view.Lengths[d], Average))));
            }

            var rng = new Random(blockSize);
            var stopsInside = 0;
            for (var trial = 0; trial < 300; trial++)
            {
                // Start at a random posting; the range ends at a random ordinal at or after it; the threshold sits
                // among the postings' own bounds so some pass and some do not.
                var start = rng.Next(all.Count);
                var last = all[start].Doc + rng.Next(0, 4 * blockSize);
                var cap = rng.Next(4) == 0 ? all[rng.Next(all.Count)].Own : double.MaxValue;
                var rest = restShare * Idf;
                var threshold = rest + all[rng.Next(all.Count)].Own;
                var cursor = new PostingCursor(index, term);
                Assert.Equal(all[start].Doc, cursor.Advance(all[start].Doc));
                var blockEnd = term.LastOrd.First(l => l >= all[start].Doc);

                var expected = DocCursor.End;
                for (var i = start + 1; i < all.Count && all[i].Doc <= Math.Min(last, blockEnd); i++)
                {
                    if (!((rest + Math.Min(all[i].Own, cap)) * PostingsIndex.BoundSlack < threshold))
                    {
                        expected = all[i].Doc;
                        break;
                    }
                }

                var got = cursor.NextPassing(last, view.Lengths, Average, Idf, rest, cap, threshold);
                Assert.Equal(expected, got);
                if (got != DocCursor.End)
                {
                    stopsInside++;
                    Assert.Equal(got, cursor.Doc);
                }

                // The cursor goes on from where the pass left it, as the conjunction's next step does.
                var after = got != DocCursor.End ? got + 1 : last + 1;
                var next = all.Select(p => p.Doc).FirstOrDefault(d => d >= after, DocCursor.End);
                Assert.Equal(next, cursor.Advance(after));
            }

            Assert.True(stopsInside > 20, $"only {stopsInside} passes stopped on a posting");
        }
    }

    [Theory]
    [InlineData(1, 4, 2, 1, 0)]
    [InlineData(2, 8, 3, 3, 9)]
    [InlineData(3, 128, 8, 2, 4)]
    public void AndsOfCommonWordsMatchBruteForce_AndSkipMostLeadPostings(int seed, int blockSize, int chunkBlocks, int segments, int tail)
    {
        var quotes = Corpus(seed, 2400);
        var (c, index) = Build($"and{seed}.db", quotes, segments, tail, blockSize, chunkBlocks);
        using (c)
        using (index)
        {
            string[] texts = ["kel dro", "kel dro fin", "fin dro", "kel fin ga", "\"kel dro\" fin", "speaker:dro kel fin", "speaker:kel dro"];
            Func<int, bool>?[] filters = [null, id => id % 3 != 1, id => id > 3000];
            foreach (var text in texts)
            {
                var q = Query(text);
                foreach (var accept in filters)
                {
                    foreach (var k in new[] { 1, 5, 30 })
                    {
                        Assert.Equal(PostingsBruteForce.Search(_tokenizer, quotes, q, k, out _, accept), index.Search(q, k, accept));
                    }
                }
            }

            // The tight pass is taken: lead postings are passed over in it, not one candidate at a time.
            var stats = new SearchStats();
            Assert.NotEmpty(index.Search(Query("kel dro fin"), 1, stats));
            Assert.True(stats.LeadSkipped > 0, "no lead posting skipped in the tight pass");

            // Removals of the best hits (the k-th score falls), then the same again.
            var live = new Dictionary<int, IndexedQuote>(quotes);
            foreach (var text in new[] { "kel dro", "kel dro fin" })
            {
                foreach (var hit in index.Search(Query(text), 7))
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
                foreach (var k in new[] { 1, 5, 30 })
                {
                    Assert.Equal(PostingsBruteForce.Search(_tokenizer, live, q, k, out _), index.Search(q, k));
                }
            }
        }
    }
}
