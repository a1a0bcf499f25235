using Microsoft.Data.Sqlite;
using QuoteBot.Core.Search;
using QuoteBot.Core.Text;
using QuoteBot.Storage.Sqlite.Postings;

namespace QuoteBot.Storage.Sqlite.Tests;

/// <summary>
/// The segmented postings index against a brute-force BM25 over the live quotes of a model: random histories of bulk
/// loads, single adds, edits, removals, restores, tail flushes and merges, with tiny blocks, chunks, tail and merge
/// factor so every path runs; after every few steps, top 1, 5 and 20 of words, ANDs, phrases and speaker filters
/// must equal the brute force (ids, order, scores to the bit), and the stored statistics its counts.
/// </summary>
public sealed class PostingsIndexTests : IDisposable
{
    private static readonly string[] Vocabulary =
    [
        "moutel", "tu", "bou", "gea", "fa", "chezu", "lai", "stou", "brea", "pli", "zou", "vai", "trin", "shab",
        "kolo", "nea", "dim", "ras", "sev", "gou", "running", "runs", "runner", "café", "cafe", "naïve", "don't",
    ];

    private static readonly string[] Speakers = ["Ada Moutel", "Bea Tu", "Cid Lai", "Dora Lai", "Eli Stou", "Dr. Fay Brea"];

    private readonly TempDir _dir = new();
    private readonly PostingsTokenizer _tokenizer = new();

    public void Dispose()
    {
        _tokenizer.Dispose();
        _dir.Dispose();
    }

    private static IndexedQuote RandomQuote(Random rng)
    {
        string Word() => Vocabulary[(int)(Vocabulary.Length * Math.Pow(rng.NextDouble(), 2.5))];
        var words = Enumerable.Range(0, rng.Next(1, 14)).Select(_ => Word()).ToList();
        var text = string.Join(rng.Next(5) == 0 ? ", " : " ", words) + (rng.Next(3) == 0 ? "!" : ".");
        return new IndexedQuote(char.ToUpperInvariant(text[0]) + text[1..],
            rng.Next(10) == 0 ? null : Speakers[rng.Next(Speakers.Length)],
            rng.Next(3) == 0 ? null : Word() + " " + Word());
    }

    private static List<string> Queries(Random rng, IReadOnlyList<IndexedQuote> some)
    {
        var list = new List<string>();
        string W() => Vocabulary[rng.Next(Vocabulary.Length)];
        for (var i = 0; i < 36; i++)
        {
            var words = some[rng.Next(some.Count)].Text.TrimEnd('.', '!').Replace(",", "", StringComparison.Ordinal).ToLowerInvariant().Split(' ');
            var start = rng.Next(words.Length);
            list.Add((i % 6) switch
            {
                0 => W(),
                1 => W() + " " + W(),
                2 => W() + " " + W() + " " + W(),
                3 => "\"" + string.Join(' ', words.Skip(start).Take(2 + rng.Next(2))) + "\"",
                4 => "speaker:" + Speakers[rng.Next(Speakers.Length)].Split(' ')[^1].ToLowerInvariant() + " " + W(),
                _ => "\"" + W() + " " + W() + "\" " + W(),
            });
        }

        list.AddRange(["\"moutel moutel\"", "\"moutel tu\"", "speaker:lai tu", "run", "cafe", "moutel", "nosuchword"]);
        return list;
    }

    private PostingsIndex Create(SqliteConnection c, PostingsOptions options)
    {
        PostingsIndex.Create(c, options);
        return PostingsIndex.Open(c);
    }

    private static long Count(SqliteConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        return Convert.ToInt64(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private SqliteConnection Connect(string name) => RawDb.Raw(_dir.File(name));

    private List<Hit> BruteForce(Dictionary<int, IndexedQuote> live, PostingsQuery query, int k, out (long Docs, long Tokens, Dictionary<string, long> Df) stats) =>
        PostingsBruteForce.Search(_tokenizer, live, query, k, out stats);

    private void CheckAgainstBruteForce(PostingsIndex index, Dictionary<int, IndexedQuote> live, List<PostingsQuery> queries)
    {
        var nonEmpty = 0;
        foreach (var k in new[] { 1, 5, 20 })
        {
            foreach (var q in queries)
            {
                var expected = BruteForce(live, q, k, out _);
                var actual = index.Search(q, k);
                Assert.Equal(expected, actual);
                nonEmpty += actual.Count > 0 ? 1 : 0;
            }
        }

        Assert.True(nonEmpty > queries.Count, "most random queries should match something");
        BruteForce(live, new PostingsQuery([], null), 1, out var stats);
        Assert.Equal((stats.Docs, stats.Tokens), index.Totals());
        var stored = index.AllDocumentFrequencies();
        Assert.Equal(stats.Df.OrderBy(x => x.Key, StringComparer.Ordinal), stored.OrderBy(x => x.Key, StringComparer.Ordinal));
    }

    [Theory]
    [InlineData(1, 4, 2, false, false)]
    [InlineData(2, 4, 1, true, false)]
    [InlineData(3, 8, 3, true, true)]
    [InlineData(4, 128, 8, false, false)]
    [InlineData(5, 3, 2, true, false)]
    [InlineData(6, 16, 2, false, false)]
    public void RandomHistoriesMatchBruteForce(int seed, int blockSize, int chunkBlocks, bool pairWords, bool anyWord)
    {
        var rng = new Random(seed);
        using var c = Connect($"h{seed}.db");
        using var index = Create(c, new PostingsOptions
        {
            BlockSize = blockSize, ChunkBlocks = chunkBlocks, TailLimit = 8, SegmentMinimum = 40, MergeFactor = 3,
            PairWords = pairWords ? ["moutel", "tu", "bou", "gea"] : [], PairsWithAnyWord = anyWord,
        });
        var live = new Dictionary<int, IndexedQuote>();
        var removed = new Dictionary<int, IndexedQuote>();
        var nextId = 1;
        var seen = new List<IndexedQuote>();
        List<PostingsQuery>? queries = null;
        int merges = 0, edits = 0, removals = 0, restores = 0, flushes = 0, checks = 0, bulkSpills = 0;
        bool sawTail = false, sawDeleted = false, sawSeveral = false, pulsedSeen = false, chunkedSeen = false;
        for (var step = 0; step < 70; step++)
        {
            var op = step < 2 ? 0 : rng.Next(10);
            if (op is 0 or 1)
            {
                // A bulk load of new ids (sometimes with gaps): one segment written by AddAnalyzed, or the bulk path
                // in a few calls with a small buffer (spills of a few dozen quotes, merged into one or left apart).
                var batch = new List<(int, Analysis)>();
                for (var i = rng.Next(40, 160); i > 0; i--)
                {
                    var q = RandomQuote(rng);
                    live[nextId] = q;
                    seen.Add(q);
                    batch.Add((nextId, index.Analyze(q)));
                    nextId += rng.Next(4) == 0 ? 2 : 1;
                }

                if (rng.Next(2) == 0)
                {
                    var load = index.BeginBulkLoad(rng.Next(1500, 12000));
                    foreach (var part in batch.Chunk(rng.Next(10, 60)))
                    {
                        load.Add(part);
                    }

                    bulkSpills += load.Segments.Count + (load.Pending > 0 ? 1 : 0);
                    load.Complete(mergeSegments: rng.Next(3) > 0);
                }
                else
                {
                    using var w = index.BeginWrite();
                    w.AddAnalyzed(batch);
                    w.Commit();
                }
            }
            else if (op is 2 or 3 or 4)
            {
                // A few single adds, edits, removals and restores in one transaction.
                using var w = index.BeginWrite();
                for (var n = rng.Next(1, 6); n > 0; n--)
                {
                    var kind = rng.Next(4);
                    if (kind == 0 || live.Count < 10)
                    {
                        var q = RandomQuote(rng);
                        w.Add(nextId, q);
                        live[nextId++] = q;
                        seen.Add(q);
                    }
                    else if (kind == 1)
                    {
                        var id = live.Keys.ElementAt(rng.Next(live.Count));
                        var q = RandomQuote(rng);
                        w.Edit(id, live[id], q);
                        live[id] = q;
                        edits++;
                    }
                    else if (kind == 2)
                    {
                        var id = live.Keys.ElementAt(rng.Next(live.Count));
                        w.Remove(id, live[id]);
                        removed[id] = live[id];
                        live.Remove(id);
                        removals++;
                    }
                    else if (removed.Count > 0)
                    {
                        var id = removed.Keys.ElementAt(rng.Next(removed.Count));
                        w.Restore(id, removed[id]);
                        live[id] = removed[id];
                        removed.Remove(id);
                        restores++;
                    }
                }

                var tailBefore = index.TailCount();
                w.Commit();
                flushes += tailBefore > 8 && index.TailCount() == 0 ? 1 : 0;
            }
            else if (op is 5 or 6)
            {
                // Many removals at once (so some segments fill with deleted quotes).
                using var w = index.BeginWrite();
                foreach (var id in live.Keys.Where(_ => rng.Next(8) == 0).ToList())
                {
                    w.Remove(id, live[id]);
                    removed[id] = live[id];
                    live.Remove(id);
                    removals++;
                }

                w.Commit();
            }
            else if (op == 7)
            {
                var segments = index.Segments();
                if (segments.Count >= 2)
                {
                    index.Merge(segments.OrderBy(_ => rng.Next()).Take(rng.Next(2, Math.Min(4, segments.Count) + 1)).Select(s => s.Id).ToList());
                    merges++;
                }
            }
            else
            {
                merges += index.MergeAsNeeded();
            }

            var now = index.Segments();
            pulsedSeen |= Count(c, "SELECT count(*) FROM px_terms WHERE pulsed IS NOT NULL") > 0;
            chunkedSeen |= Count(c, "SELECT count(*) FROM px_terms WHERE pulsed IS NULL") > 0;
            sawTail |= index.TailCount() > 0;
            sawDeleted |= now.Any(s => s.Deleted > 0);
            sawSeveral |= now.Count >= 3;
            if (step % 7 == 6 || step == 69)
            {
                queries ??= Queries(new Random(seed + 1000), seen).Select(q => PostingsQuery.From(QueryParser.Parse(q).Query!, _tokenizer)).ToList();
                CheckAgainstBruteForce(index, live, queries);
                checks++;
            }
        }

        Assert.True(merges > 0 && edits > 0 && removals > 0 && restores > 0 && checks >= 10, $"merges {merges}, edits {edits}, removals {removals}, restores {restores}");
        Assert.True(sawTail && sawDeleted && sawSeveral && flushes > 0, $"tail {sawTail}, deleted {sawDeleted}, several segments {sawSeveral}, flushes {flushes}");
        Assert.True(bulkSpills >= 4, $"bulk spills {bulkSpills}");
        // Both layouts ran: terms pulsed into their dictionary row (one block) and terms in chunk rows.
        Assert.True(pulsedSeen && chunkedSeen, $"pulsed {pulsedSeen}, chunked {chunkedSeen}");
    }

    [Fact]
    public void ASecondConnectionSeesEveryCommittedWriteAndNothingRolledBack()
    {
        using var c1 = Connect("two.db");
        using var writer = Create(c1, new PostingsOptions { BlockSize = 4, ChunkBlocks = 2, TailLimit = 3, SegmentMinimum = 5 });
        using var c2 = Connect("two.db");
        using var reader = PostingsIndex.Open(c2);
        var query = PostingsQuery.From(QueryParser.Parse("moutel").Query!, _tokenizer);
        var quote = new IndexedQuote("Moutel tu bou.", "Ada Moutel", null);

        using (var w = writer.BeginWrite())
        {
            for (var id = 1; id <= 8; id++)
            {
                w.Add(id, quote);
            }

            w.Commit();
        }

        Assert.Equal(8, reader.Search(query, 20).Count);
        Assert.Equal((8L, 8L * quote.Length()), reader.Totals());

        using (var w = writer.BeginWrite())
        {
            w.Remove(3, quote);
            w.Remove(7, quote);
            Assert.Equal(6, writer.Search(query, 20).Count);
            // Disposed without Commit: rolled back.
        }

        Assert.Equal(8, reader.Search(query, 20).Count);
        Assert.Equal(8, writer.Search(query, 20).Count);

        using (var w = writer.BeginWrite())
        {
            w.Remove(3, quote);
            w.Commit();
        }

        Assert.Equal([8, 7, 6, 5, 4, 2, 1], reader.Search(query, 20).Select(h => h.Id));
        Assert.Equal(7, reader.DocumentFrequency("moutel"));
    }

    [Fact]
    public void BadWritesSayWhatIsWrong()
    {
        using var c = Connect("bad.db");
        using var index = Create(c, new PostingsOptions());
        var quote = new IndexedQuote("Moutel tu bou.", null, null);
        using (var w = index.BeginWrite())
        {
            w.Add(1, quote);
            Assert.Contains("already live", Assert.Throws<InvalidOperationException>(() => w.Add(1, quote)).Message, StringComparison.Ordinal);
            Assert.Contains("not live", Assert.Throws<InvalidOperationException>(() => w.Remove(2, quote)).Message, StringComparison.Ordinal);
            Assert.Contains("indexed with 3 tokens", Assert.Throws<InvalidOperationException>(() => w.Remove(1, new IndexedQuote("Moutel.", null, null))).Message, StringComparison.Ordinal);
            Assert.Contains("positive", Assert.Throws<ArgumentException>(() => w.Add(0, quote)).Message, StringComparison.Ordinal);
            Assert.Contains("already in progress", Assert.Throws<InvalidOperationException>(() => index.BeginWrite()).Message, StringComparison.Ordinal);
            w.Commit();
        }

        Assert.Contains("no segment 99", Assert.Throws<ArgumentException>(() => index.Merge([99])).Message, StringComparison.Ordinal);
        Assert.Contains("already holds", Assert.Throws<InvalidOperationException>(() => PostingsIndex.Create(c, new PostingsOptions())).Message, StringComparison.Ordinal);
        using var empty = Connect("empty.db");
        Assert.Contains("no postings index", Assert.Throws<InvalidOperationException>(() => PostingsIndex.Open(empty)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PhrasesReadPositionChunksLargerThanTheFirstBuffer()
    {
        // 1,200 quotes holding a phrase many times: a positions chunk (8 blocks of 128) is well over the cursor's first 4 KB buffer.
        using var c = Connect("big.db");
        using var index = Create(c, new PostingsOptions { BlockSize = 128, ChunkBlocks = 8 });
        var rng = new Random(11);
        var quotes = new Dictionary<int, IndexedQuote>();
        for (var id = 1; id <= 1200; id++)
        {
            var repeats = Enumerable.Range(0, rng.Next(3, 9)).Select(_ => rng.Next(3) == 0 ? "tu moutel" : "moutel tu gea");
            quotes[id] = new IndexedQuote(string.Join(' ', repeats) + ".", Speakers[id % Speakers.Length], null);
        }

        using (var w = index.BeginWrite())
        {
            w.AddAnalyzed(quotes.Select(x => (x.Key, index.Analyze(x.Value))).ToList());
            w.Commit();
        }

        var chunkBytes = new SqliteCommand("SELECT max(length(pos)) FROM px_positions", c).ExecuteScalar();
        Assert.True(Convert.ToInt64(chunkBytes, System.Globalization.CultureInfo.InvariantCulture) > 6000, $"positions chunks of {chunkBytes} bytes");
        foreach (var text in new[] { "\"moutel tu\"", "\"tu moutel tu\" gea", "\"gea tu\"" })
        {
            var q = PostingsQuery.From(QueryParser.Parse(text).Query!, _tokenizer);
            Assert.Equal(BruteForce(quotes, q, 2000, out _), index.Search(q, 2000));
        }
    }

    [Fact]
    public void AMergeDropsDeletedQuotesAndKeepsTheLiveOnes()
    {
        using var c = Connect("merge.db");
        using var index = Create(c, new PostingsOptions { BlockSize = 4, ChunkBlocks = 2, SegmentMinimum = 10 });
        var rng = new Random(9);
        var quotes = Enumerable.Range(1, 60).ToDictionary(i => i, _ => RandomQuote(rng));
        foreach (var range in new[] { (1, 30), (31, 30) })
        {
            using var w = index.BeginWrite();
            w.AddAnalyzed(Enumerable.Range(range.Item1, range.Item2).Select(i => (i, index.Analyze(quotes[i]))).ToList());
            w.Commit();
        }

        using (var w = index.BeginWrite())
        {
            for (var i = 2; i <= 60; i += 3)
            {
                w.Remove(i, quotes[i]);
                quotes.Remove(i);
            }

            w.Commit();
        }

        var merged = index.Merge(index.Segments().Select(s => s.Id).ToList());
        var only = Assert.Single(index.Segments());
        Assert.Equal(merged, only.Id);
        Assert.Equal((quotes.Count, 0), (only.Docs, only.Deleted));
        Assert.Equal(0L, Convert.ToInt64(new SqliteCommand("SELECT count(*) FROM px_terms WHERE segment <> " + merged, c).ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture));
        var q = PostingsQuery.From(QueryParser.Parse("moutel").Query!, _tokenizer);
        Assert.Equal(BruteForce(quotes, q, 50, out _), index.Search(q, 50));
    }

    [Fact]
    public void PulsedTermsTakeOneRowAndSurviveMergesEditsRemovalsAndRestores()
    {
        // Block size 4: "tu" (in every quote) has many blocks in chunks; "moutel" starts pulsed in each segment (at most
        // 4 quotes) and grows past one block when the segments merge; "gea" is chunked in its segment and becomes pulsed
        // when removals leave it one block.
        using var c = Connect("pulse.db");
        using var index = Create(c, new PostingsOptions { BlockSize = 4, ChunkBlocks = 2, TailLimit = 0, SegmentMinimum = 2 });
        var quotes = new Dictionary<int, IndexedQuote>();
        var removed = new Dictionary<int, IndexedQuote>();
        for (var s = 0; s < 3; s++)
        {
            using var w = index.BeginWrite();
            var batch = new List<(int, Analysis)>();
            for (var i = 1; i <= 10; i++)
            {
                var id = s * 10 + i;
                quotes[id] = new IndexedQuote(
                    (i <= 3 ? "Moutel tu moutel. " : "Tu. ") + (s == 0 ? "Gea bou gea." : "Bou.") + (i == 1 ? " Chezu fa." : ""), "Ada Lai", null);
                batch.Add((id, index.Analyze(quotes[id])));
            }

            w.AddAnalyzed(batch);
            w.Commit();
        }

        long Pulsed(string term) => Count(c, $"SELECT count(*) FROM px_terms WHERE term = '{term}' AND pulsed IS NOT NULL");
        long Chunked(string term) => Count(c, $"SELECT count(*) FROM px_terms WHERE term = '{term}' AND pulsed IS NULL");
        Assert.Equal((3L, 0L), (Pulsed("moutel"), Chunked("moutel")));
        Assert.Equal((0L, 3L), (Pulsed("tu"), Chunked("tu")));
        Assert.Equal((0L, 1L), (Pulsed("gea"), Chunked("gea")));
        // Only chunked terms have chunk rows: one per 2 blocks, with positions beside them.
        var expectedChunks = Count(c, "SELECT count(*) FROM px_terms WHERE pulsed IS NULL AND term NOT LIKE char(1) || '%'");
        Assert.True(Count(c, "SELECT count(*) FROM px_positions") >= expectedChunks);
        Assert.Equal(Count(c, "SELECT count(*) FROM px_terms WHERE pulsed IS NULL"), Count(c, "SELECT count(*) FROM px_terms t WHERE pulsed IS NULL AND EXISTS (SELECT 1 FROM px_chunks WHERE key = (t.segment << 44) | (t.id << 20))"));
        Assert.Equal(0L, Count(c, "SELECT count(*) FROM px_terms t WHERE pulsed IS NOT NULL AND EXISTS (SELECT 1 FROM px_chunks WHERE key >= (t.segment << 44) | (t.id << 20) AND key < (t.segment << 44) | ((t.id + 1) << 20))"));

        var queries = new[] { "moutel", "\"moutel tu\"", "\"tu moutel\" gea", "gea", "\"gea bou gea\"", "chezu fa", "speaker:lai bou", "tu" }
            .Select(q => PostingsQuery.From(QueryParser.Parse(q).Query!, _tokenizer)).ToList();
        void Check()
        {
            foreach (var q in queries)
            {
                Assert.Equal(BruteForce(quotes, q, 40, out _), index.Search(q, 40));
            }

            BruteForce(quotes, queries[0], 1, out var stats);
            Assert.Equal((stats.Docs, stats.Tokens), index.Totals());
        }

        Check();
        using (var w = index.BeginWrite())
        {
            // Edit a pulsed quote, remove most "gea" quotes, restore one.
            w.Edit(2, quotes[2], quotes[2] = new IndexedQuote("Moutel moutel fa.", "Bea Tu", null));
            for (var id = 3; id <= 9; id++)
            {
                w.Remove(id, quotes[id]);
                removed[id] = quotes[id];
                quotes.Remove(id);
            }

            w.Restore(5, quotes[5] = removed[5]);
            w.Commit();
        }

        Check();
        index.Merge(index.Segments().Select(s => s.Id).ToList());
        Check();
        Assert.Equal((0L, 1L), (Pulsed("moutel"), Chunked("moutel")));
        Assert.Equal((1L, 0L), (Pulsed("gea"), Chunked("gea")));
        using (var w = index.BeginWrite())
        {
            w.Remove(1, quotes[1]);
            quotes.Remove(1);
            w.Commit();
        }

        Check();
    }

    [Fact]
    public void TermsOutsideTheBasicPlaneMergeInCodePointOrder()
    {
        // U+20000 is a surrogate pair in UTF-16, so ordinal order puts it before U+F900; SQLite (UTF-8) puts it after.
        string[] units = ["a", "z", "\u00E9", "\uD840\uDC00", "\uD83D\uDE00", "\uF900", "\uFFFD"];
        var rng = new Random(5);
        string Random() => string.Concat(Enumerable.Range(0, rng.Next(0, 4)).Select(_ => units[rng.Next(units.Length)]));
        for (var i = 0; i < 3000; i++)
        {
            var (x, y) = (Random(), Random());
            var utf8 = System.Text.Encoding.UTF8.GetBytes(x).AsSpan().SequenceCompareTo(System.Text.Encoding.UTF8.GetBytes(y));
            Assert.Equal(Math.Sign(utf8), Math.Sign(CodePointOrder.Instance.Compare(x, y)));
        }

        using var c = Connect("planes.db");
        using var index = Create(c, new PostingsOptions { BlockSize = 2, ChunkBlocks = 1, TailLimit = 0, SegmentMinimum = 2 });
        var quotes = new Dictionary<int, IndexedQuote>();
        for (var s = 0; s < 2; s++)
        {
            using var w = index.BeginWrite();
            var batch = new List<(int, Analysis)>();
            for (var i = 1; i <= 5; i++)
            {
                var id = s * 5 + i;
                quotes[id] = new IndexedQuote((i % 2 == 0 ? "\uD840\uDC00 moutel" : "\uF900 moutel \uF900") + " tu.", null, null);
                batch.Add((id, index.Analyze(quotes[id])));
            }

            w.AddAnalyzed(batch);
            w.Commit();
        }

        index.Merge(index.Segments().Select(s => s.Id).ToList());
        Assert.Equal(2, Count(c, "SELECT count(*) FROM px_df WHERE term IN ('\uD840\uDC00', '\uF900')"));
        foreach (var words in new[] { "\uD840\uDC00", "\uF900", "moutel", "\uF900 moutel" })
        {
            var q = new PostingsQuery([words.Split(' ').SelectMany(_tokenizer.Query).ToList()], null);
            var expected = BruteForce(quotes, q, 20, out _);
            Assert.NotEmpty(expected);
            Assert.Equal(expected, index.Search(q, 20));
        }
    }

    [Fact]
    public void ABulkLoadSpillsWithinItsBudgetAndCountsQuotesWhenWritten()
    {
        using var c = Connect("bulk.db");
        using var index = Create(c, new PostingsOptions { BlockSize = 8, ChunkBlocks = 2 });
        var rng = new Random(21);
        var quotes = Enumerable.Range(1, 402).ToDictionary(i => i, _ => RandomQuote(rng));
        using (var w = index.BeginWrite())
        {
            w.Add(1, quotes[1]);
            w.Commit();
        }

        var load = index.BeginBulkLoad(4000);
        Assert.Contains("increasing order", Assert.Throws<ArgumentException>(() => load.Add([(1, index.Analyze(quotes[1]))])).Message, StringComparison.Ordinal);
        Assert.Contains("increasing order", Assert.Throws<ArgumentException>(() => load.Add([(3, index.Analyze(quotes[3])), (2, index.Analyze(quotes[2]))])).Message, StringComparison.Ordinal);
        load.Add([(2, index.Analyze(quotes[2]))], () => index.Exec("CREATE TABLE mine(x)"));
        Assert.Equal(1, load.Pending);
        Assert.Equal((1L, 1L * quotes[1].Length()), index.Totals());
        var spills = 0;
        for (var first = 3; first <= 378; first += 25)
        {
            var before = load.Segments.Count;
            load.Add(Enumerable.Range(first, 25).Select(i => (i, index.Analyze(quotes[i]))).ToList());
            spills += load.Segments.Count - before;
            Assert.True(load.BufferedBytes < 4000, $"{load.BufferedBytes} bytes buffered after a spill check");
        }

        Assert.True(spills >= 3, $"{spills} spills");
        // What has been spilled is searchable and counted; what is buffered is not yet.
        var (docs, _) = index.Totals();
        Assert.Equal(402 - load.Pending, docs);
        Assert.Equal(load.Segments.Count, index.Segments().Count);
        var merged = load.Complete();
        Assert.Equal([merged], load.Segments);
        Assert.Equal(merged, Assert.Single(index.Segments()).Id);
        Assert.Equal(1, index.TailCount());
        Assert.Throws<ObjectDisposedException>(() => load.Add([(403, index.Analyze(quotes[1]))]));
        Assert.Equal(0L, Count(c, "SELECT count(*) FROM mine"));
        CheckAgainstBruteForce(index, quotes, Queries(new Random(3), [.. quotes.Values]).Select(q => PostingsQuery.From(QueryParser.Parse(q).Query!, _tokenizer)).ToList());
        Assert.Contains("positive", Assert.Throws<ArgumentOutOfRangeException>(() => index.BeginBulkLoad(0)).Message, StringComparison.Ordinal);

        // A failure inside a call (here the caller's own rows) rolls its transaction back and ends the load: the
        // buffered quotes would otherwise be spilled later without the caller's rows.
        var broken = index.BeginBulkLoad(1 << 20);
        Assert.Throws<SqliteException>(() => broken.Add([(500, index.Analyze(quotes[5]))], () => index.Exec("INSERT INTO nosuchtable VALUES (1)")));
        Assert.Contains("earlier call", Assert.Throws<InvalidOperationException>(() => broken.Add([(501, index.Analyze(quotes[6]))])).Message, StringComparison.Ordinal);
        Assert.Contains("earlier call", Assert.Throws<InvalidOperationException>(() => broken.Complete()).Message, StringComparison.Ordinal);
        Assert.Equal(402L, index.Totals().Docs);
    }
}

internal static class IndexedQuoteLength
{
    /// <summary>Tokens of a quote as the index counts them (for the test's totals).</summary>
    public static long Length(this IndexedQuote q)
    {
        using var t = new PostingsTokenizer();
        return Analysis.Of(t, q, []).Length;
    }
}
