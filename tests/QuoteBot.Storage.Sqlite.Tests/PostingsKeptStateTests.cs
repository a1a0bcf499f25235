using Microsoft.Data.Sqlite;
using QuoteBot.Core.Search;
using QuoteBot.Storage.Sqlite.Postings;

namespace QuoteBot.Storage.Sqlite.Tests;

/// <summary>
/// The cursors and dictionary rows an index keeps between searches (session 17): repeated phrases and ANDs of common
/// words give brute-force BM25's results, also after removals, after merges drop the segments they were kept for, and
/// after a rolled-back segment's id is taken again by a segment with other rows.
/// </summary>
public sealed class PostingsKeptStateTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly PostingsTokenizer _tokenizer = new();

    public void Dispose()
    {
        _tokenizer.Dispose();
        _dir.Dispose();
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
    [InlineData(1, 8, 2, 2, 0)]
    [InlineData(2, 16, 3, 3, 5)]
    [InlineData(3, 32, 2, 1, 0)]
    public void RepeatedSearchesMatchBruteForce_BeforeAndAfterRemovalsMergesAndRollbacks(int seed, int blockSize, int chunkBlocks, int segments, int tail)
    {
        var quotes = Corpus(seed, 3000);
        using var c = new SqliteConnection($"Data Source={_dir.File($"cache{seed}.db")};Pooling=False");
        c.Open();
        PostingsIndex.Create(c, new PostingsOptions { BlockSize = blockSize, ChunkBlocks = chunkBlocks, TailLimit = tail + 1, SegmentMinimum = 16, MergeFactor = 50 });
        using var index = PostingsIndex.Open(c);
        PostingsTestIndex.Write(index, quotes, segments, tail);

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

        // Again, with the cursors and dictionary rows kept from the first round.
        var phrase = PostingsQuery.From(QueryParser.Parse("\"ga vo\"").Query!, _tokenizer);
        CheckAll();

        // Removals change no segment's rows; a merge replaces the segments whose rows are kept.
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
    }
}
