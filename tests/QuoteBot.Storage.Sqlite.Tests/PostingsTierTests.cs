using Microsoft.Data.Sqlite;
using QuoteBot.Core.Search;
using QuoteBot.Storage.Sqlite.Postings;

namespace QuoteBot.Storage.Sqlite.Tests;

/// <summary>
/// Conjunctions of long lists through their top tiers (session 14): a tier's rest front bounds every posting left
/// out of it, and ANDs and phrases of dense words give brute-force BM25's hits whether they end in the tiers or walk the
/// lists after them, over segments, the tail, removals, edits, restores, merges and filters.
/// </summary>
public sealed class PostingsTierTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly PostingsTokenizer _tokenizer = new();

    public void Dispose()
    {
        _tokenizer.Dispose();
        _dir.Dispose();
    }

    /// <summary>Quotes of 2–60 words; "tor" in about half (1–4 times), "bek" in about a third, "sil" in a quarter, "lum" in one in ten.</summary>
    private static Dictionary<int, IndexedQuote> Corpus(int seed, int count)
    {
        var rng = new Random(seed);
        string[] filler = ["ba", "ki", "mo", "ru", "sa", "te", "vo", "zi", "pa", "ne"];
        var quotes = new Dictionary<int, IndexedQuote>();
        for (var id = 1; id <= count; id++)
        {
            var words = new List<string>();
            var length = rng.Next(8) == 0 ? rng.Next(2, 5) : rng.Next(5, 61);
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

            Put("tor", rng.Next(2) == 0 ? rng.Next(1, 5) : 0);
            Put("bek", rng.Next(3) == 0 ? rng.Next(1, 4) : 0);
            Put("sil", rng.Next(4) == 0 ? 1 : 0);
            Put("lum", rng.Next(10) == 0 ? 1 : 0);
            quotes[id * 3 + rng.Next(3)] = new IndexedQuote(string.Join(' ', words) + ".", rng.Next(6) == 0 ? "Ada Lum" : "Bea Tor", null);
        }

        return quotes;
    }

    private (SqliteConnection Connection, PostingsIndex Index) Build(string name, Dictionary<int, IndexedQuote> quotes, int segments, int tail, int blockSize) =>
        PostingsTestIndex.Build(_dir.File(name), quotes, segments, tail, blockSize, chunkBlocks: 3, pairWords: ["tor", "bek"]);

    private PostingsQuery Query(string text) => PostingsQuery.From(QueryParser.Parse(text).Query!, _tokenizer);

    private static readonly string[] Texts =
        ["tor bek", "bek tor sil", "tor sil", "tor lum", "\"tor bek\" sil", "\"bek tor\" sil", "tor ba ki", "\"sil tor\" bek", "speaker:tor bek sil"];

    private void AssertAllMatch(PostingsIndex index, Dictionary<int, IndexedQuote> live, Func<int, bool>?[] filters)
    {
        foreach (var text in Texts)
        {
            var q = Query(text);
            foreach (var accept in filters)
            {
                foreach (var k in new[] { 1, 5, 20 })
                {
                    Assert.Equal(PostingsBruteForce.Search(_tokenizer, live, q, k, out _, accept), index.Search(q, k, accept));
                }
            }
        }
    }

    [Theory]
    [InlineData(1, 4, 2, 3, 2, 2)]
    [InlineData(2, 8, 1, 0, 16, 3)]
    [InlineData(3, 128, 3, 9, 4, 2)]
    [InlineData(4, 16, 2, 5, 1000, 3)]
    [InlineData(6, 8, 1, 2, 8, 3)]
    public void AndsAndPhrasesThroughTiersMatchBruteForce(int seed, int blockSize, int segments, int tail, int divisor, int lists)
    {
        var quotes = Corpus(seed, 1600);
        var (c, index) = Build($"tier{seed}.db", quotes, segments, tail, blockSize);
        using (c)
        using (index)
        {
            index.TierMinimumPostings = 40;
            index.TierDivisor = divisor;
            index.TierMaximumLists = lists;
            index.TierPhrases = lists > 2; // the default (two lists, no phrases) and everything through tiers
            AssertAllMatch(index, quotes, [null, id => id % 4 != 1, id => id > 2500]);
            Assert.True(index.TierSearches + index.TierFallbacks > 0, "no conjunction went through tiers");

            // Removals of the ANDs' best hits, an edit and a restore, then a merge of everything: the same again.
            var live = new Dictionary<int, IndexedQuote>(quotes);
            foreach (var text in new[] { "tor bek", "\"tor bek\" sil" })
            {
                foreach (var hit in index.Search(Query(text), 4))
                {
                    using var w = index.BeginWrite();
                    w.Remove(hit.Id, live[hit.Id]);
                    w.Commit();
                    live.Remove(hit.Id);
                }
            }

            AssertAllMatch(index, live, [null]);
            var (edited, old) = live.First(p => p.Value.Text.Contains("tor", StringComparison.Ordinal));
            var updated = old with { Text = "tor bek sil." };
            using (var w = index.BeginWrite())
            {
                w.Edit(edited, old, updated);
                w.Commit();
            }

            live[edited] = updated;
            var removed = quotes.Keys.First(id => !live.ContainsKey(id));
            using (var w = index.BeginWrite())
            {
                w.Restore(removed, quotes[removed]);
                w.Commit();
            }

            live[removed] = quotes[removed];
            AssertAllMatch(index, live, [null, id => id % 2 == 0]);
            index.Merge(index.Segments().Select(s => s.Id).ToList());
            AssertAllMatch(index, live, [null]);
        }
    }

    [Fact]
    public void ShallowTiersWalkTheListsAfterThem_DeepTiersEndInThem()
    {
        var quotes = Corpus(5, 2000);
        var (c, index) = Build("paths.db", quotes, segments: 1, tail: 0, blockSize: 16);
        using (c)
        using (index)
        {
            index.TierMinimumPostings = 40;
            var q = Query("tor bek");
            var expected = PostingsBruteForce.Search(_tokenizer, quotes, q, 5, out _);

            index.TierDivisor = 1000; // about one posting per tier: the rest can still beat the top 5
            Assert.Equal(expected, index.Search(q, 5));
            Assert.Equal((0, 1), (index.TierSearches, index.TierFallbacks));

            using var c2 = new SqliteConnection(c.ConnectionString);
            c2.Open();
            using var deep = PostingsIndex.Open(c2);
            deep.TierMinimumPostings = 40;
            deep.TierDivisor = 4;
            var stats = new SearchStats();
            Assert.Equal(expected, deep.Search(q, 5, stats));
            Assert.Equal((1, 0), (deep.TierSearches, deep.TierFallbacks));

            // Through the tiers far fewer quotes are scored than hold both words.
            var both = quotes.Values.Count(v => v.Text.Contains("tor", StringComparison.Ordinal) && v.Text.Contains("bek", StringComparison.Ordinal));
            Assert.True(stats.Scored * 4 < both, $"{stats.Scored} scored of {both}");

            deep.TierMinimumPostings = int.MaxValue; // short lists: the plain walk
            Assert.Equal(expected, deep.Search(q, 5));
            Assert.Equal((1, 0), (deep.TierSearches, deep.TierFallbacks));
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(50)]
    public void TheRestFrontBoundsEveryPostingLeftOutOfTheTier(int seed)
    {
        var rng = new Random(seed);
        var lengths = Enumerable.Range(0, 3000).Select(_ => (ushort)rng.Next(1, 90)).ToArray();
        var docs = Enumerable.Range(0, 3000).Where(_ => rng.Next(3) == 0).ToArray();
        var wtf = docs.Select(_ => rng.Next(8) == 0 ? rng.Next(2, 30) : rng.Next(1, 3)).ToArray();
        var tier = TermTier.Choose(docs, wtf, lengths, averageLength: 25, size: docs.Length / seed);
        Assert.InRange(tier.Count, 1, docs.Length);
        Assert.Equal(tier.Docs.Order(), tier.Docs);
        var inTier = tier.Docs.Zip(tier.Wtf).ToDictionary(p => p.First, p => p.Second);
        var rest = new HashSet<(int Length, int Wtf)>();
        for (var i = 0; i < docs.Length; i++)
        {
            if (inTier.TryGetValue(docs[i], out var w))
            {
                Assert.Equal(wtf[i], w);
                continue;
            }

            var front = tier.RestWtfAt(lengths[docs[i]]);
            Assert.True(front >= wtf[i], $"posting {docs[i]} (length {lengths[docs[i]]}, wtf {wtf[i]}) above the rest's front {front}");
            rest.Add((lengths[docs[i]], wtf[i]));
        }

        // The front is made of postings left out: each of its entries is one of them.
        Assert.All(tier.RestLength.Zip(tier.RestWtf), e => Assert.Contains((e.First, e.Second), rest));
        Assert.Equal(0, tier.RestWtfAt(0));

        // Every posting of the tier scores at least as much as every posting left out, at the average it was chosen with.
        var lowestIn = tier.Docs.Zip(tier.Wtf).Min(p => Bm25.Part(p.Second, Bm25.Norm(lengths[p.First], 25)));
        var highestOut = docs.Select((d, i) => (d, i)).Where(p => !inTier.ContainsKey(p.d)).Select(p => Bm25.Part(wtf[p.i], Bm25.Norm(lengths[p.d], 25))).DefaultIfEmpty(0).Max();
        Assert.True(lowestIn >= highestOut, $"tier's lowest {lowestIn} below the rest's highest {highestOut}");
    }

    [Fact]
    public void ASegmentWrittenInATransactionThatRollsBack_LeavesNoTierForTheNextWithItsId()
    {
        var c = new SqliteConnection($"Data Source={_dir.File("rollback.db")};Pooling=False");
        c.Open();
        using (c)
        {
            PostingsIndex.Create(c, new PostingsOptions { BlockSize = 8, ChunkBlocks = 2, TailLimit = 1, SegmentMinimum = 1000, MergeFactor = 50 });
            using var index = PostingsIndex.Open(c);
            index.TierMinimumPostings = 20;
            index.TierDivisor = 4;
            void Run(string sql)
            {
                using var cmd = c.CreateCommand();
                cmd.CommandText = sql;
                cmd.ExecuteNonQuery();
            }

            var q = Query("tor bek");
            var rolledBack = Enumerable.Range(1, 60).ToDictionary(i => i, i => new IndexedQuote(i % 2 == 0 ? "tor bek." : "tor bek ki mo ru sa te vo.", null, null));
            Run("BEGIN IMMEDIATE");
            using (var w = index.BeginWriteInOpenTransaction())
            {
                w.AddAnalyzed(rolledBack.Select(p => (p.Key, index.Analyze(p.Value))).ToList());
                w.Commit();
            }

            Assert.Equal(PostingsBruteForce.Search(_tokenizer, rolledBack, q, 5, out _), index.Search(q, 5));
            Run("ROLLBACK");
            index.Forget();

            // The same segment id, other quotes (the short ones now at other ordinals).
            var kept = Enumerable.Range(1, 60).ToDictionary(i => i, i => new IndexedQuote(i % 3 == 0 ? "bek tor." : "tor ba bek ki mo ru sa te vo zi.", null, null));
            using (var w = index.BeginWrite())
            {
                w.AddAnalyzed(kept.Select(p => (p.Key, index.Analyze(p.Value))).ToList());
                w.Commit();
            }

            Assert.Equal(PostingsBruteForce.Search(_tokenizer, kept, q, 5, out _), index.Search(q, 5));
            Assert.Equal(1, index.TierSearches + index.TierFallbacks);
        }
    }
}
