using Microsoft.Data.Sqlite;
using QuoteBot.Core.Model;
using QuoteBot.Core.Search;
using QuoteBot.Core.Storage;
using QuoteBot.Storage.Sqlite.Postings;

namespace QuoteBot.Storage.Sqlite.Tests;

/// <summary>
/// Phrases of a rare and a very common word (session 19): a candidate that would read a chunk of the common word's
/// postings and positions for itself alone is scored from its quote's own analysis instead
/// (<see cref="PostingsIndex.QuoteColumns"/>). The results stay brute-force BM25's, through edits, removals, merges,
/// the tail and a speaker filter, and far fewer positions rows are read.
/// </summary>
public sealed class PostingsPhraseQuoteReadTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly PostingsTokenizer _tokenizer = new();

    public void Dispose()
    {
        _tokenizer.Dispose();
        _dir.Dispose();
    }

    /// <summary>Quotes of 4–30 words: "vo" in nine of ten, "ka" in a quarter, "mo" in one in twelve, "zen" in one in sixty, and fillers.</summary>
    private static Dictionary<int, IndexedQuote> Corpus(int seed, int count, int firstId = 1)
    {
        var rng = new Random(seed);
        string[] filler = ["ga", "hu", "jo", "li", "me", "no", "pu", "ri", "so", "ta", "ud", "ek"];
        var quotes = new Dictionary<int, IndexedQuote>();
        for (var id = firstId; id < firstId + count; id++)
        {
            var words = new List<string>();
            var length = rng.Next(4, 31);
            while (words.Count < length)
            {
                words.Add(filler[rng.Next(filler.Length)]);
            }

            foreach (var (word, share) in new[] { ("ka", 4), ("mo", 12), ("zen", 60) })
            {
                if (rng.Next(share) == 0)
                {
                    words.Insert(rng.Next(words.Count + 1), word);
                }
            }

            // The common word mostly next to the rarer ones, so that their phrases match often enough to rank.
            for (var i = 0; i < 1 + rng.Next(3) && rng.Next(10) != 0; i++)
            {
                words.Insert(rng.Next(words.Count + 1), "vo");
            }

            var at = words.IndexOf("zen");
            if (at >= 0 && rng.Next(2) == 0)
            {
                words.Insert(at + rng.Next(2), "vo");
            }

            quotes[id] = new IndexedQuote(string.Join(' ', words) + ".", rng.Next(4) == 0 ? "Ama Vo" : "Bel Ka", rng.Next(100) == 0 ? "zen vo daily" : null);
        }

        return quotes;
    }

    private static readonly string[] Queries =
    [
        "\"zen vo\"", "\"vo zen\"", "\"zen vo\" ka", "\"mo vo\"", "\"vo mo\" zen", "speaker:ka \"zen vo\"", "\"zen vo ga\"",
        "\"ga zen vo\"", "\"vo zen\" \"mo vo\"", "zen \"vo ka\"", "\"vo ga\"",
    ];

    private PostingsQuery Parse(string text) => PostingsQuery.From(QueryParser.Parse(text).Query!, _tokenizer);

    [Theory]
    [InlineData(1, 8, 2, 1, 0)]
    [InlineData(2, 8, 3, 3, 6)]
    [InlineData(3, 16, 1, 2, 0)]
    public void PhrasesOfARareAndACommonWord_ReadQuotesNotChunks_AndMatchBruteForce_ThroughEditsRemovalsAndMerges(int seed, int blockSize, int chunkBlocks, int segments, int tail)
    {
        var quotes = Corpus(seed, 4000);
        using var c = new SqliteConnection($"Data Source={_dir.File($"quotes{seed}.db")};Pooling=False");
        c.Open();
        PostingsIndex.Create(c, new PostingsOptions { BlockSize = blockSize, ChunkBlocks = chunkBlocks, TailLimit = tail + 1, SegmentMinimum = 16, MergeFactor = 50 });
        using var index = PostingsIndex.Open(c);
        PostingsTestIndex.Write(index, quotes, segments, tail);
        var live = new Dictionary<int, IndexedQuote>(quotes);
        var asked = new List<int>();
        index.QuoteColumns = id =>
        {
            asked.Add(id);
            return live.GetValueOrDefault(id);
        };

        void CheckAll()
        {
            foreach (var text in Queries)
            {
                var q = Parse(text);
                var want = PostingsBruteForce.Search(_tokenizer, live, q, 30, out _); // (best first: the top k is its start)
                foreach (var k in new[] { 1, 5, 30 })
                {
                    asked.Clear();
                    Assert.Equal(want.Take(k), index.Search(q, k));
                    Assert.All(asked, id => Assert.True(live.ContainsKey(id), $"asked for quote {id}, which is not live ({text}, k {k})"));
                }
            }
        }

        CheckAll();

        // The rare-and-common phrase reads its candidates' quotes, and far fewer positions rows than the lists alone.
        var phrase = Parse("\"zen vo\"");
        var withQuotes = new SearchStats();
        var found = index.Search(phrase, 5, withQuotes);
        var columns = index.QuoteColumns;
        index.QuoteColumns = null;
        var listsOnly = new SearchStats();
        Assert.Equal(index.Search(phrase, 5, listsOnly), found);
        index.QuoteColumns = columns;
        Assert.True(withQuotes.QuotesRead > 0, withQuotes.ToString());
        Assert.Equal(0, listsOnly.QuotesRead);
        Assert.True(2 * withQuotes.PositionChunksRead < listsOnly.PositionChunksRead, $"with quotes: {withQuotes}; lists only: {listsOnly}");

        // Edits (the new text in a new segment or the tail, the old ordinal dead) and removals of the quotes it finds.
        var rng = new Random(seed);
        foreach (var hit in index.Search(Parse("\"zen vo\""), 30).Concat(index.Search(Parse("\"mo vo\""), 30)).DistinctBy(h => h.Id))
        {
            using var w = index.BeginWrite();
            if (rng.Next(2) == 0)
            {
                var old = live[hit.Id];
                var edited = old with { Text = rng.Next(2) == 0 ? "zen ga vo mo." : old.Text.Replace("vo", "li", StringComparison.Ordinal) };
                w.Edit(hit.Id, old, edited);
                live[hit.Id] = edited;
            }
            else
            {
                w.Remove(hit.Id, live[hit.Id]);
                live.Remove(hit.Id);
            }

            w.Commit();
        }

        CheckAll();

        // Restored quotes and new ones, then one merged segment.
        var more = Corpus(seed + 10, 600, firstId: 20_000);
        using (var w = index.BeginWrite())
        {
            w.AddAnalyzed(more.Select(x => (x.Key, index.Analyze(x.Value))).ToList());
            foreach (var id in quotes.Keys.Where(id => !live.ContainsKey(id)).Take(10))
            {
                w.Add(id, quotes[id]);
                live[id] = quotes[id];
            }

            w.Commit();
        }

        foreach (var x in more)
        {
            live[x.Key] = x.Value;
        }

        CheckAll();
        index.Merge(index.Segments().Select(s => s.Id).ToList());
        CheckAll();
    }

    [Fact]
    public void AQuoteThatCannotBeRead_IsCheckedOnTheLists()
    {
        var quotes = Corpus(7, 3000);
        using var c = new SqliteConnection($"Data Source={_dir.File("unread.db")};Pooling=False");
        c.Open();
        PostingsIndex.Create(c, new PostingsOptions { BlockSize = 8, ChunkBlocks = 2, TailLimit = 1, SegmentMinimum = 16, MergeFactor = 50 });
        using var index = PostingsIndex.Open(c);
        PostingsTestIndex.Write(index, quotes, 2, 0);
        var asked = 0;
        index.QuoteColumns = id => ++asked % 2 == 0 ? quotes[id] : null; // every other quote "missing"
        foreach (var text in Queries)
        {
            var q = Parse(text);
            var want = PostingsBruteForce.Search(_tokenizer, quotes, q, 30, out _);
            foreach (var k in new[] { 1, 5, 30 })
            {
                Assert.Equal(want.Take(k), index.Search(q, k));
            }
        }

        Assert.True(asked > 0);
    }

    /// <summary>
    /// Through the store: its quote rows are what the candidates are scored from (text, speaker through the speakers
    /// row, packed title), in its read snapshot, for every reader (a scoped reader's filter too), before and after
    /// edits, removals and restores. 16,000 quotes: "vo" then spans enough chunks of 1,920 postings that a phrase's
    /// first candidates do not share them.
    /// </summary>
    [Fact]
    public async Task TheStore_ScoresPhraseCandidatesFromItsQuoteRows_AsBruteForceRanksThem_ThroughEditsRemovalsAndRestores()
    {
        var scopes = new[] { Scope.Global, Scope.Telegram(-100), Scope.Telegram(-200) };
        var corpus = Corpus(11, 16_000);
        using var store = new SqliteQuoteStore(_dir.File("store.db"));
        await store.InitializeAsync();
        var actor = new Actor("tg:1", "Mod");
        await store.AddManyAsync(corpus.Select(x => new NewQuote
        {
            Text = x.Value.Text,
            Speaker = x.Value.Speaker,
            Source = new QuoteSource(null, x.Value.Title, null, null),
            Scope = scopes[x.Key % 5 == 1 ? 1 : x.Key % 7 == 2 ? 2 : 0],
            AddedAt = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(x.Key),
        }), actor);

        string[] queries = ["\"zen vo\"", "\"vo zen\" ka", "speaker:ka \"zen vo\""];
        Visibility[] readers = [Visibility.All, Visibility.For(scopes[1])];
        await BruteForceSearch.AssertSamePagesAsync(store, queries, readers, minimumHits: 40);

        // The store answers on the caller's thread: the index's counters of its last search are this thread's.
        SearchStats.LastOnThisThread = null;
        await store.SearchAsync(QueryParser.Parse("\"zen vo\"").Query!, Visibility.All, 0, 5);
        Assert.True(SearchStats.LastOnThisThread is { QuotesRead: > 0 }, SearchStats.LastOnThisThread?.ToString());

        var found = (await store.SearchAsync(QueryParser.Parse("\"zen vo\"").Query!, Visibility.All, 0, 30)).Items.Select(q => q.Id).ToList();
        for (var i = 0; i < found.Count; i++)
        {
            if (i % 3 == 0)
            {
                await store.EditAsync(found[i], new QuoteEdit(Text: "ga zen li vo ud."), actor);
            }
            else if (i % 3 == 1)
            {
                await store.EditAsync(found[i], new QuoteEdit(Speaker: "Cal Mo"), actor);
            }
            else
            {
                await store.SetStatusAsync(found[i], QuoteStatus.Removed, actor);
            }
        }

        await BruteForceSearch.AssertSamePagesAsync(store, queries, readers, minimumHits: 40);
        foreach (var id in found.Where((_, i) => i % 3 == 2).Take(5))
        {
            await store.SetStatusAsync(id, QuoteStatus.Active, actor); // restored
        }

        await BruteForceSearch.AssertSamePagesAsync(store, queries, readers, minimumHits: 40);
    }
}
