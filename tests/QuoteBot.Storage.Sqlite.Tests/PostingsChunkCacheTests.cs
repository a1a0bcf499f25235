using Microsoft.Data.Sqlite;
using QuoteBot.Core.Search;
using QuoteBot.Storage.Sqlite.Postings;

namespace QuoteBot.Storage.Sqlite.Tests;

/// <summary>
/// The cache of hot chunks (session 17, <see cref="ChunkCache"/>) and the cursors kept between searches: the ring
/// never answers with bytes other than the last ones put under a key, and searches that take chunks from it (phrases
/// and ANDs of common words, repeated, with a ring small enough to wrap many times) give brute-force BM25's results,
/// also after removals and after merges drop the segments whose chunks it holds.
/// </summary>
public sealed class PostingsChunkCacheTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly PostingsTokenizer _tokenizer = new();

    public void Dispose()
    {
        _tokenizer.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public void Ring_AnswersOnlyWithTheLastBytesPutUnderAKey_AndKeepsTheNewest()
    {
        var cache = new ChunkCache(4096);
        var rng = new Random(7);
        var last = new Dictionary<long, byte[]>();
        var order = new List<long>();
        var buffer = new byte[16];
        var hits = 0;
        for (var step = 0; step < 5000; step++)
        {
            var key = ChunkCache.Key(rng.Next(40), positions: rng.Next(2) == 0);
            if (rng.Next(3) == 0)
            {
                var data = new byte[rng.Next(1, 1200)];
                rng.NextBytes(data);
                cache.Put(key, data);
                last[key] = data;
                order.Add(key);
                continue;
            }

            if (cache.TryCopy(key, ref buffer, out var length))
            {
                hits++;
                Assert.Equal(last[key], buffer.AsSpan(0, length).ToArray());
            }
        }

        Assert.True(hits > 100, $"only {hits} hits");

        // The last put is always kept (it is at most a quarter of the ring).
        Assert.True(cache.TryCopy(order[^1], ref buffer, out var n));
        Assert.Equal(last[order[^1]], buffer.AsSpan(0, n).ToArray());

        // A row larger than a quarter of the ring is not kept; a cleared cache answers nothing.
        cache.Put(ChunkCache.Key(99, false), new byte[1025]);
        Assert.False(cache.TryCopy(ChunkCache.Key(99, false), ref buffer, out _));
        cache.Clear();
        Assert.False(cache.TryCopy(order[^1], ref buffer, out _));

        // Postings and positions of one chunk are two keys.
        Assert.NotEqual(ChunkCache.Key(5, false), ChunkCache.Key(5, true));
    }

    /// <summary>Quotes of 4–40 words: "vo" in about half, "ka" in a quarter, "zen" in one in twenty, and fillers.</summary>
    private static Dictionary<int, IndexedQuote> Corpus(int seed, int count)
    {
        var rng = new Random(seed);
        string[] filler = ["ga", "hu", "jo", "li", "me", "no", "pu", "ri", "so", "ta", "ud", "ek"];
        var quotes = new Dictionary<int, IndexedQuote>();
        for (var id = 1; id <= count; id++)
        {
            var words = new List<string>();
            var length = rng.Next(4, 41);
            while (words.Count < length)
            {
                words.Add(filler[rng.Next(filler.Length)]);
            }

            foreach (var (word, share) in new[] { ("vo", 2), ("ka", 4), ("zen", 20) })
            {
                if (rng.Next(share) == 0)
                {
                    words.Insert(rng.Next(words.Count + 1), word);
                }
            }

            quotes[id] = new IndexedQuote(string.Join(' ', words) + ".", rng.Next(4) == 0 ? "Ama Vo" : "Bel Ka", null);
        }

        return quotes;
    }

    [Theory]
    [InlineData(1, 8, 2, 2, 0, 3000)]
    [InlineData(2, 16, 3, 3, 5, 20000)]
    [InlineData(3, 32, 2, 1, 0, 1 << 20)]
    public void SearchesThroughTheCacheMatchBruteForce_BeforeAndAfterRemovalsAndMerges(int seed, int blockSize, int chunkBlocks, int segments, int tail, int cacheBytes)
    {
        var quotes = Corpus(seed, 3000);
        using var c = new SqliteConnection($"Data Source={_dir.File($"cache{seed}.db")};Pooling=False");
        c.Open();
        PostingsIndex.Create(c, new PostingsOptions { BlockSize = blockSize, ChunkBlocks = chunkBlocks, TailLimit = tail + 1, SegmentMinimum = 16, MergeFactor = 50 });
        using var index = PostingsIndex.Open(c);
        PostingsTestIndex.Write(index, quotes, segments, tail);
        index.ChunkCacheBytes = cacheBytes;

        string[] texts = ["\"vo ka\"", "\"ga vo\"", "\"zen vo\" ka", "vo ka", "vo ka ga", "\"ka vo\" zen", "speaker:ka \"vo ga\"", "zen ga"];
        var live = new Dictionary<int, IndexedQuote>(quotes);
        void CheckAll()
        {
            foreach (var text in texts)
            {
                var q = PostingsQuery.From(QueryParser.Parse(text).Query!, _tokenizer);
                foreach (var k in new[] { 1, 5, 30 })
                {
                    Assert.Equal(PostingsBruteForce.Search(_tokenizer, live, q, k, out _), index.Search(q, k));
                }
            }
        }

        CheckAll();

        // The second time, chunks come from the cache.
        var first = new SearchStats();
        var second = new SearchStats();
        var phrase = PostingsQuery.From(QueryParser.Parse("\"ga vo\"").Query!, _tokenizer);
        index.Search(phrase, 30, first);
        index.Search(phrase, 30, second);
        Assert.True(second.ChunksCached > 0, "no chunk came from the cache");
        Assert.True(second.ChunksRead + second.PositionChunksRead < first.ChunksRead + first.PositionChunksRead + first.ChunksCached);
        CheckAll();

        // Removals change no segment's rows; a merge replaces the segments whose chunks the cache holds.
        foreach (var hit in index.Search(PostingsQuery.From(QueryParser.Parse("vo ka").Query!, _tokenizer), 40))
        {
            using var w = index.BeginWrite();
            w.Remove(hit.Id, quotes[hit.Id]);
            w.Commit();
            live.Remove(hit.Id);
        }

        CheckAll();
        if (index.Segments().Count > 1)
        {
            index.Merge(index.Segments().Select(s => s.Id).ToList());
        }

        CheckAll();

        // A segment written, searched and rolled back: its id goes to the next segment, whose rows differ.
        var more = Corpus(seed + 10, 400).ToDictionary(x => x.Key + 10000, x => x.Value);
        var other = Corpus(seed + 20, 400).ToDictionary(x => x.Key + 10000, x => x.Value);
        using (var w = index.BeginWrite())
        {
            w.AddAnalyzed(more.Select(x => (x.Key, index.Analyze(x.Value))).ToList());
            Assert.NotEmpty(index.Search(phrase, 30));
        }

        using (var w = index.BeginWrite())
        {
            w.AddAnalyzed(other.Select(x => (x.Key, index.Analyze(x.Value))).ToList());
            w.Commit();
        }

        foreach (var x in other)
        {
            live[x.Key] = x.Value;
        }

        CheckAll();

        // Off: nothing from the cache, same results.
        index.ChunkCacheBytes = 0;
        var off = new SearchStats();
        index.Search(phrase, 30, off);
        Assert.Equal(0, off.ChunksCached);
        CheckAll();
    }
}
