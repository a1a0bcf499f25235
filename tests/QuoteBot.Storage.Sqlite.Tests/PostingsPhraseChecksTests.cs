using Microsoft.Data.Sqlite;
using QuoteBot.Core.Search;
using QuoteBot.Storage.Sqlite.Postings;

namespace QuoteBot.Storage.Sqlite.Tests;

/// <summary>
/// A phrase of a rare and a very common word (session 20): the counters the bench reports for its slowest queries
/// (candidates looked up in every list, positions read, candidates whose bound reaches the final k-th score), and
/// results against brute-force BM25 over segments, the tail, filters, removals, edits and restores.
/// </summary>
public sealed class PostingsPhraseChecksTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly PostingsTokenizer _tokenizer = new();

    public void Dispose()
    {
        _tokenizer.Dispose();
        _dir.Dispose();
    }

    /// <summary>
    /// "vo" in nearly every quote, "zen" in about one in twelve (the "vo" list is over eight times longer: not walked); "vo zen" next to each other in about one in twenty of
    /// the quotes with "zen". Lengths spread from 4 to 60 words, so the candidates' bounds differ.
    /// </summary>
    private static Dictionary<int, IndexedQuote> Corpus(int seed, int count)
    {
        var rng = new Random(seed);
        string[] filler = ["ga", "hu", "jo", "li", "me", "no", "pu", "ri", "so", "ta", "ke", "du"];
        var quotes = new Dictionary<int, IndexedQuote>();
        for (var id = 1; id <= count; id++)
        {
            var words = new List<string>();
            var length = rng.Next(4, 61);
            while (words.Count < length)
            {
                words.Add(filler[rng.Next(filler.Length)]);
            }

            if (rng.Next(12) == 0)
            {
                if (rng.Next(20) == 0)
                {
                    words.Insert(rng.Next(words.Count + 1), "vo zen");
                }
                else
                {
                    // "zen" first or after a word that is not "vo".
                    words.Insert(rng.Next(words.Count + 1), "zen");
                }
            }

            if (rng.Next(20) != 0)
            {
                words.Insert(words.FindIndex(w => w.StartsWith("zen", StringComparison.Ordinal)) is var z && z >= 0 ? z + 1 : rng.Next(words.Count + 1), "vo");
            }

            quotes[id] = new IndexedQuote(string.Join(' ', words) + ".", rng.Next(4) == 0 ? "Ana Bel" : "Cas Dun", null);
        }

        return quotes;
    }

    private (SqliteConnection Connection, PostingsIndex Index) Build(string name, Dictionary<int, IndexedQuote> quotes, int segments, int tail, int blockSize, int chunkBlocks) =>
        PostingsTestIndex.Build(_dir.File(name), quotes, segments, tail, blockSize, chunkBlocks);

    private PostingsQuery Query(string text) => PostingsQuery.From(QueryParser.Parse(text).Query!, _tokenizer);

    [Theory]
    [InlineData(3, 16)]
    [InlineData(4, 128)]
    public void ARareAndCommonPhrase_ReportsItsChecks(int seed, int blockSize)
    {
        var quotes = Corpus(seed, 12000);
        var (c, index) = Build($"order{seed}.db", quotes, segments: 1, tail: 0, blockSize, chunkBlocks: 4);
        using (c)
        using (index)
        {
            var q = Query("\"vo zen\"");
            var stats = new SearchStats();
            Assert.Equal(PostingsBruteForce.Search(_tokenizer, quotes, q, 5, out _), index.Search(q, 5, stats));

            // Every candidate holds "zen" and is bounded by it; only some are looked up in "vo" (the rest cannot reach
            // the k-th score), fewer have their positions read, fewer still hold the phrase. Checks in batches by
            // ordinal look up more than the candidates whose bound reaches the final k-th score (the bench's report).
            Assert.True(stats.PhraseNeeded > 0, "no candidate needed");
            Assert.InRange(stats.PhraseChecks, stats.PhraseNeeded, stats.Candidates - 1);
            Assert.InRange(stats.PhrasePositionReads, stats.Scored, stats.PhraseChecks);
            Assert.Contains($"phrase checked {stats.PhraseChecks:N0} (positions {stats.PhrasePositionReads:N0}, needed {stats.PhraseNeeded:N0})", stats.ToString());
        }
    }

    [Theory]
    [InlineData(1, 8, 2, 1, 0)]
    [InlineData(2, 16, 3, 3, 7)]
    [InlineData(5, 128, 4, 2, 3)]
    public void PhrasesMatchBruteForce_ThroughRemovalsEditsAndRestores(int seed, int blockSize, int chunkBlocks, int segments, int tail)
    {
        var original = Corpus(seed, 4000);
        var live = new Dictionary<int, IndexedQuote>(original);
        var (c, index) = Build($"phrase{seed}.db", original, segments, tail, blockSize, chunkBlocks);
        using (c)
        using (index)
        {
            string[] texts = ["\"vo zen\"", "\"zen vo\"", "\"vo zen\" ga", "speaker:bel \"vo zen\"", "\"vo zen\" \"ga hu\""];
            Func<int, bool>?[] filters = [null, id => id % 3 != 1];
            void CheckAll(string when)
            {
                foreach (var text in texts)
                {
                    foreach (var filter in filters)
                    {
                        foreach (var k in new[] { 1, 5, 30 })
                        {
                            var q = Query(text);
                            var expected = PostingsBruteForce.Search(_tokenizer, live, q, k, out _, filter);
                            Assert.True(expected.SequenceEqual(index.Search(q, k, filter)), $"{when}: {text} k={k}");
                        }
                    }
                }
            }

            CheckAll("first");

            // The best phrase quotes removed (the k-th score falls, so more candidates have to be checked), one edited
            // into a long quote without the phrase; then the removed ones restored.
            var removed = new List<int>();
            foreach (var hit in index.Search(Query("\"vo zen\""), 3))
            {
                using var w = index.BeginWrite();
                w.Remove(hit.Id, live[hit.Id]);
                w.Commit();
                live.Remove(hit.Id);
                removed.Add(hit.Id);
            }

            var edited = index.Search(Query("\"vo zen\""), 1)[0].Id;
            var longer = new IndexedQuote(string.Join(' ', Enumerable.Repeat("zen ga vo", 20)) + ".", "Ana Bel", null);
            using (var w = index.BeginWrite())
            {
                w.Edit(edited, live[edited], longer);
                w.Commit();
            }

            live[edited] = longer;
            CheckAll("after removals and an edit");

            foreach (var id in removed)
            {
                using var w = index.BeginWrite();
                w.Restore(id, original[id]);
                w.Commit();
                live[id] = original[id];
            }

            CheckAll("after restores");
        }
    }
}
