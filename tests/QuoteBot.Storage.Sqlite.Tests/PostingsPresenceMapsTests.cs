using Microsoft.Data.Sqlite;
using QuoteBot.Core.Model;
using QuoteBot.Core.Search;
using QuoteBot.Core.Storage;
using QuoteBot.Storage.Sqlite.Postings;

namespace QuoteBot.Storage.Sqlite.Tests;

/// <summary>
/// Presence maps of common words (session 21): a phrase's candidates are tested against a common word's map instead of
/// its postings rows, and a present one's positions are found by counting the map's bits in its block. Results against
/// brute-force BM25 over segments, the tail, merges, removals, edits and restores; the rows and checks saved.
/// </summary>
public sealed class PostingsPresenceMapsTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly PostingsTokenizer _tokenizer = new();

    public void Dispose()
    {
        _tokenizer.Dispose();
        _dir.Dispose();
    }

    /// <summary>
    /// "ga" in nearly every quote, "vo" in about three in seven (up to three times), "zen" in about one in sixty: both
    /// common lists are over eight times longer than "zen"'s (looked up, not walked) and long enough for maps. The phrases
    /// "vo zen" and "zen ga" here and there. Lengths spread from 3 to 40 words.
    /// </summary>
    private static Dictionary<int, IndexedQuote> Corpus(int seed, int count)
    {
        var rng = new Random(seed);
        string[] filler = ["hu", "jo", "li", "me", "no", "pu", "ri", "so", "ta", "ke", "du"];
        var quotes = new Dictionary<int, IndexedQuote>();
        for (var id = 1; id <= count; id++)
        {
            var words = new List<string>();
            var length = rng.Next(3, 41);
            while (words.Count < length)
            {
                words.Add(rng.Next(30) == 0 ? "ga" : filler[rng.Next(filler.Length)]);
            }

            if (rng.Next(10) != 0)
            {
                words.Insert(rng.Next(words.Count + 1), "ga");
            }

            for (var n = rng.Next(-3, 4); n > 0; n--)
            {
                words.Insert(rng.Next(words.Count + 1), "vo");
            }

            if (rng.Next(60) == 0)
            {
                words.Insert(rng.Next(words.Count + 1), rng.Next(3) switch { 0 => "vo zen", 1 => "zen ga", _ => "zen" });
            }

            quotes[id] = new IndexedQuote(string.Join(' ', words) + ".", rng.Next(4) == 0 ? "Ana Bel" : "Cas Dun", null);
        }

        return quotes;
    }

    private PostingsQuery Query(string text) => PostingsQuery.From(QueryParser.Parse(text).Query!, _tokenizer);

    [Fact]
    public void Count_CountsTheBitsOfAnyRange_AcrossPages_AndLoadReadsTheStoredForm()
    {
        // Three pages (the last one short), bits set at random and at the pages' edges.
        var docs = PresenceMap.PageWords * 64 * 2 + 1000;
        var rng = new Random(7);
        var map = new PresenceMap(docs);
        var bits = new bool[docs];
        var stored = new byte[map.Bytes];
        foreach (var ord in Enumerable.Range(0, docs / 3).Select(_ => rng.Next(docs)).Concat([0, docs - 1, PresenceMap.PageWords * 64 - 1, PresenceMap.PageWords * 64]))
        {
            map.Set(ord);
            bits[ord] = true;
            stored[ord >> 3] |= (byte)(1 << (ord & 7));
        }

        var before = new int[docs + 1];
        for (var i = 0; i < docs; i++)
        {
            before[i + 1] = before[i] + (bits[i] ? 1 : 0);
        }

        var loaded = new PresenceMap(docs);
        loaded.Load(stored);
        for (var n = 0; n < 3000; n++)
        {
            var from = rng.Next(docs + 1);
            var to = n % 3 == 0 ? Math.Min(docs, from + rng.Next(130)) : rng.Next(from, docs + 1);
            Assert.Equal(before[to] - before[from], map.Count(from, to));
            Assert.Equal(before[to] - before[from], loaded.Count(from, to));
            Assert.Equal(bits[from % docs], loaded.Has(from % docs));
        }
    }

    [Theory]
    [InlineData(3, 16, 2)]
    [InlineData(4, 128, 15)]
    public void APhraseWithACommonWord_ReadsItsMapNotItsPostingsRows(int seed, int blockSize, int chunkBlocks)
    {
        var quotes = Corpus(seed, 12000);
        var (c, index) = PostingsTestIndex.Build(_dir.File($"rows{seed}.db"), quotes, segments: 1, tail: 0, blockSize, chunkBlocks);
        using (c)
        using (index)
        {
            var q = Query("\"zen ga\"");
            var expected = PostingsBruteForce.Search(_tokenizer, quotes, q, 5, out _);

            // Without maps (share 0: none is used) as before: "ga" is looked up in its postings rows.
            index.PresenceShare = 0;
            var before = new SearchStats();
            Assert.Equal(expected, index.Search(q, 5, before));
            Assert.Equal(0, before.PresenceMapsBuilt);
            Assert.Equal(0, before.PhraseAbsent);

            // The segment stored the maps of its common words ("ga", "vo", "hu" …, not "zen"). With them: the first
            // search reads "ga"'s, the next one finds it kept, drops the candidates without "ga" before any check, and
            // reads fewer rows than the search without maps.
            Assert.Equal(StoredMaps(c), CommonTerms(c));
            Assert.Contains("1:ga", StoredMaps(c));
            Assert.DoesNotContain("1:zen", StoredMaps(c));
            index.PresenceShare = PresenceMaps.UsedShare;
            var first = new SearchStats();
            Assert.Equal(expected, index.Search(q, 5, first));
            Assert.Equal((1, 0), (first.PresenceMapsRead, first.PresenceMapsBuilt));
            var second = new SearchStats();
            Assert.Equal(expected, index.Search(q, 5, second));
            Assert.Equal((0, 0), (second.PresenceMapsRead, second.PresenceMapsBuilt));
            Assert.True(second.PhraseAbsent > 0, "no candidate dropped by the map");
            Assert.True(second.ChunksRead + second.PositionChunksRead < before.ChunksRead + before.PositionChunksRead,
                $"rows {second.ChunksRead} + {second.PositionChunksRead} against {before.ChunksRead} + {before.PositionChunksRead}");
            Assert.Contains($"absent by presence maps {second.PhraseAbsent:N0}", second.ToString());
            Assert.Equal(1, index.Tiers.Presence.Kept);

            // A segment written before maps were stored (its rows gone): the map is built from the postings rows, the same.
            index.Tiers = new TierCache();
            var stored = index.Tiers.Presence.Kept;
            Exec(c, "DELETE FROM px_presence");
            var built = new SearchStats();
            Assert.Equal(expected, index.Search(q, 5, built));
            Assert.Equal((0, 1), (built.PresenceMapsRead, built.PresenceMapsBuilt));
            Assert.Equal(second.PhraseAbsent, built.PhraseAbsent);
            Assert.Equal(second.PhraseChecks, built.PhraseChecks);

            // In a write transaction maps are neither built nor used (they are shared, built from committed segments only).
            index.Tiers = new TierCache();
            using (var w = index.BeginWrite())
            {
                var inWrite = new SearchStats();
                Assert.Equal(expected, index.Search(q, 5, inWrite));
                Assert.Equal(0, inWrite.PresenceMapsBuilt + inWrite.PhraseAbsent);
            }

            Assert.Equal(0, index.Tiers.Presence.Kept);
        }
    }

    [Theory]
    [InlineData(1, 8, 2, 1, 0)]
    [InlineData(2, 16, 3, 3, 7)]
    [InlineData(5, 128, 4, 2, 3)]
    public void PhrasesWithMapsMatchBruteForce_ThroughRemovalsEditsRestoresAndMerges(int seed, int blockSize, int chunkBlocks, int segments, int tail)
    {
        var original = Corpus(seed, 5000);
        var live = new Dictionary<int, IndexedQuote>(original);
        var (c, index) = PostingsTestIndex.Build(_dir.File($"phrase{seed}.db"), original, segments, tail, blockSize, chunkBlocks);
        using (c)
        using (index)
        {
            string[] texts = ["\"vo zen\"", "\"zen ga\"", "\"ga zen\"", "\"zen ga\" vo", "\"vo zen\" ga", "speaker:bel \"zen ga\"", "\"zen ga\" \"vo vo\"", "\"ga vo\"", "\"hu ga\""];
            Func<int, bool>?[] filters = [null, id => id % 3 != 1];
            var built = 0;
            void CheckAll(string when)
            {
                foreach (var text in texts)
                {
                    foreach (var filter in filters)
                    {
                        foreach (var k in new[] { 1, 5, 30 })
                        {
                            var q = Query(text);
                            var stats = new SearchStats();
                            var expected = PostingsBruteForce.Search(_tokenizer, live, q, k, out _, filter);
                            Assert.True(expected.SequenceEqual(index.Search(q, k, filter, stats)), $"{when}: {text} k={k}");
                            built += stats.PresenceMapsRead + stats.PresenceMapsBuilt;
                        }
                    }
                }
            }

            CheckAll("first");
            Assert.True(built > 0, "no presence map built");

            // The best "zen ga" quotes removed, one edited into a long quote with "ga" many times and no phrase; a
            // quote added with the phrase; then the removed ones restored, and every segment merged into one.
            var removed = new List<int>();
            foreach (var hit in index.Search(Query("\"zen ga\""), 3))
            {
                using var w = index.BeginWrite();
                w.Remove(hit.Id, live[hit.Id]);
                w.Commit();
                live.Remove(hit.Id);
                removed.Add(hit.Id);
            }

            var edited = index.Search(Query("\"vo zen\""), 1)[0].Id;
            var longer = new IndexedQuote(string.Join(' ', Enumerable.Repeat("zen vo ga", 15)) + ".", "Ana Bel", null);
            using (var w = index.BeginWrite())
            {
                w.Edit(edited, live[edited], longer);
                w.Add(original.Count + 1, new IndexedQuote("zen ga zen ga vo zen.", "Cas Dun", null));
                w.Commit();
            }

            live[edited] = longer;
            live[original.Count + 1] = new IndexedQuote("zen ga zen ga vo zen.", "Cas Dun", null);
            CheckAll("after removals, an edit and an add");

            foreach (var id in removed)
            {
                using var w = index.BeginWrite();
                w.Restore(id, original[id]);
                w.Commit();
                live[id] = original[id];
            }

            CheckAll("after restores");
            var before = index.Tiers.Presence.Kept;
            var all = index.Segments().Select(s => s.Id).ToList();
            index.Merge(all);
            CheckAll("after a merge");
            Assert.True(before > 0);
            Assert.All(index.Segments(), s => Assert.DoesNotContain(s.Id, all));

            // The merged segment stored its own maps; the merged-away segments' rows are gone.
            Assert.Equal(CommonTerms(c), StoredMaps(c));
            Assert.NotEmpty(StoredMaps(c));
        }
    }

    [Fact]
    public async Task Upgrade_Version18File_PhrasesStayExactOnReaders_AndNewSegmentsStoreMaps()
    {
        var path = _dir.File();
        var mod = new Actor("tg:1", "Mod");
        var t0 = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var corpus = Corpus(11, 6000);
        NewQuote Q(int id) => new()
        {
            Text = corpus[id].Text, Speaker = corpus[id].Speaker, Scope = id % 3 == 1 ? Scope.Telegram(-100) : Scope.Global,
            AddedBy = "tg:1", AddedAt = t0.AddMinutes(id), Source = new QuoteSource("Gazette", null, null, null),
        };

        // No pair words (too few quotes to choose them): the phrases are checked on positions.
        using (var old = new SqliteQuoteStore(path, new SqliteStoreOptions { SchemaLimit = 18, PairIndexMinimumQuotes = 1_000_000 }))
        {
            await old.InitializeAsync();
            await old.AddManyAsync(Enumerable.Range(1, 4000).Select(Q).ToList(), mod);
            await old.MaintainPostingsAsync();
        }

        // As a session-20 build left it: no presence maps anywhere.
        RawDb.Run(path, "DROP TABLE px_presence");
        string[] queries = ["\"zen ga\"", "\"vo zen\"", "\"ga zen\" vo", "speaker:ana \"zen ga\"", "zen", "ga vo", "\"hu ga\""];
        Visibility[] readers = [Visibility.All, Visibility.For(Scope.Telegram(-100))];
        using var store = new SqliteQuoteStore(path, new SqliteStoreOptions { PairIndexMinimumQuotes = 1_000_000 });
        await store.InitializeAsync();
        Assert.Equal(["19"], RawDb.Query(path, "SELECT max(version) FROM schema_version"));
        Assert.Equal(["0"], RawDb.Query(path, "SELECT count(*) FROM px_presence"));
        await BruteForceSearch.AssertSamePagesAsync(store, queries, readers, minimumHits: 20);

        // A reader's search drops candidates by a map built from the old segment's postings rows.
        await store.SearchAsync(QueryParser.Parse("\"zen ga\"").Query!, Visibility.All, 0, 5);
        Assert.True(SearchStats.LastOnThisThread is { PhraseAbsent: > 0 }, SearchStats.LastOnThisThread?.ToString());

        // New quotes, removals and a merge: the segments written store their maps, and searches stay exact.
        await store.AddManyAsync(Enumerable.Range(4001, 2000).Select(Q).ToList(), mod);
        await store.SetStatusAsync(5, QuoteStatus.Removed, mod);
        await store.MaintainPostingsAsync();
        Assert.NotEqual(["0"], RawDb.Query(path, "SELECT count(*) FROM px_presence"));
        await BruteForceSearch.AssertSamePagesAsync(store, queries, readers, minimumHits: 20);
    }

    private static void Exec(SqliteConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    private static List<string> Strings(SqliteConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        using var r = cmd.ExecuteReader();
        var list = new List<string>();
        while (r.Read())
        {
            list.Add(r.GetString(0));
        }

        return list;
    }

    /// <summary>The terms (segment:term) with a stored presence map.</summary>
    private static List<string> StoredMaps(SqliteConnection c) => Strings(c,
        $"SELECT t.segment || ':' || t.term FROM px_presence p JOIN px_terms t ON t.segment = p.key >> {PostingsIndex.SegmentShift} " +
        $"AND t.id = (p.key >> {PostingsIndex.TermShift}) & {PostingsIndex.MaxTermId} ORDER BY 1");

    /// <summary>The words (segment:term) of more than one block held by at least one quote in <see cref="PresenceMaps.StoredShare"/> of their segment.</summary>
    private static List<string> CommonTerms(SqliteConnection c) => Strings(c,
        $"SELECT t.segment || ':' || t.term FROM px_terms t JOIN px_segments s ON s.id = t.segment WHERE t.pulsed IS NULL " +
        $"AND t.count * {PresenceMaps.StoredShare} >= s.docs AND unicode(t.term) > 2 ORDER BY 1");
}
