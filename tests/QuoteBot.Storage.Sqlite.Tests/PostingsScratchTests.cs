using System.Globalization;
using Microsoft.Data.Sqlite;
using QuoteBot.Core.Model;
using QuoteBot.Core.Search;
using QuoteBot.Core.Storage;
using QuoteBot.Storage.Sqlite.Postings;

namespace QuoteBot.Storage.Sqlite.Tests;

/// <summary>
/// Issue 16 (session 16): a bulk load inside the caller's open transaction spills to a scratch file
/// (<see cref="ScratchRuns"/>) and its flush writes everything pending as one segment, each posting encoded once. The
/// segment must store exactly the rows of the same quotes written whole (every row byte for byte, statistics included),
/// whatever the number of runs, the term order quirks (UTF-8 against UTF-16), postings longer than a run reader's
/// buffer, and term numbers forgotten between runs; nothing is written to SQLite by a spill, and no file is left behind.
/// </summary>
public sealed class PostingsScratchTests : IDisposable
{
    private static readonly string[] Words =
    [
        "tu", "moutel", "bou", "gea", "fa", "chézu", "lai", "stou", "東京", "ｆｕｌｌ", "\uE000pu", "𝒜da", "𝔟ou", "zou", "vai",
        "ｚｅｎ", "\uE001ka", "𐐀lo", "don't", "Ünïcödé",
    ];

    private static readonly string[] Speakers = ["Ada Moutel", "Bea Tu", "Cid 東京"];

    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private SqliteConnection Connect(string name) => RawDb.Raw(_dir.File(name));

    private static PostingsIndex Create(SqliteConnection c, int block, int chunk) =>
        PostingsTestIndex.Create(c, block, chunk, ["tu", "bou", "東京"], Speakers);

    private static IndexedQuote Quote(Random rng, int id)
    {
        var words = new List<string> { "tu", "w" + (id / 37).ToString(CultureInfo.InvariantCulture) };
        words.AddRange(Enumerable.Range(0, rng.Next(1, 12)).Select(_ => Words[(int)(Words.Length * Math.Pow(rng.NextDouble(), 1.5))]));
        if (id % 97 == 0)
        {
            // One posting of 20,000 positions (about 20 KB): longer than a run reader's first buffer.
            words.AddRange(Enumerable.Repeat("tu", 20_000));
        }

        return new IndexedQuote(string.Join(' ', words) + ".", rng.Next(4) == 0 ? null : Speakers[rng.Next(Speakers.Length)],
            rng.Next(2) == 0 ? null : Words[rng.Next(Words.Length)]);
    }

    [Theory]
    [InlineData(2, 1, 1, 1 << 20)] // one transaction, a run at every call
    [InlineData(3, 2, 1, 40)] // term numbers forgotten after every run
    [InlineData(128, 15, 3, 1 << 20)] // three transactions: a segment each, merged at the end
    public void ALoadSpilledToScratchWritesTheRowsOfTheQuotesWrittenWhole(int block, int chunk, int transactions, int termNumberLimit)
    {
        var rng = new Random(block * 31 + transactions);
        var quotes = Enumerable.Range(1, 1200).ToDictionary(i => i * 2, i => Quote(rng, i)); // ids with gaps
        using var bc = Connect("bulk.db");
        using var bulk = Create(bc, block, chunk);
        var tokenizers = new System.Collections.Concurrent.ConcurrentBag<PostingsTokenizer>();
        var load = new PostingsBulkLoad(bulk, 1) { SpillToScratch = true, TermNumberLimit = termNumberLimit }; // a spill at every call
        var perTransaction = quotes.Count / transactions;
        foreach (var part in quotes.Chunk(perTransaction))
        {
            using var w = bulk.BeginWrite();
            var before = bulk.Segments().Count;
            foreach (var batch in part.Chunk(60))
            {
                load.Add(w, batch.Select(x => (x.Key, x.Value)).ToList(), () => tokenizers.TryTake(out var t) ? t : new PostingsTokenizer(), tokenizers.Add);
                Assert.Empty(Directory.GetFiles(_dir.Path, ".quotebot-bulk-*")); // unlinked while open
            }

            Assert.True(load.ScratchRunCount >= part.Length / 60, $"{load.ScratchRunCount} runs");
            Assert.Equal(before, bulk.Segments().Count); // spills wrote nothing to the index
            Assert.Equal(part.Length, load.Pending);
            load.Flush(w);
            Assert.Equal(before + 1, bulk.Segments().Count);
            Assert.Equal(0, load.ScratchRunCount);
            Assert.Equal(0, load.Pending);
            w.Commit();
        }

        Assert.Equal(transactions, load.Segments.Count);
        var segment = load.Complete();
        Assert.Equal(segment, Assert.Single(bulk.Segments()).Id);
        foreach (var t in tokenizers)
        {
            t.Dispose();
        }

        using var oc = Connect("whole.db");
        using var whole = Create(oc, block, chunk);
        using (var w = whole.BeginWrite())
        {
            w.AddAnalyzed(quotes.Select(x => (x.Key, whole.Analyze(x.Value))).ToList());
            w.Commit();
        }

        var expected = PostingsRows.Of(oc, withTotals: true);
        Assert.Contains(expected, r => r.StartsWith("terms|\u0002", StringComparison.Ordinal)); // pair terms
        Assert.Contains(expected, r => r.StartsWith("terms|\u0001", StringComparison.Ordinal)); // speaker terms
        Assert.Equal(expected, PostingsRows.Of(bc, withTotals: true));

        using var tokenizer = new PostingsTokenizer();
        foreach (var text in new[] { "tu", "東京", "ｆｕｌｌ", "𝒜da", "\"tu bou\"", "speaker:moutel zou", "w3 tu" })
        {
            var q = PostingsQuery.From(QueryParser.Parse(text).Query!, tokenizer);
            Assert.Equal(whole.Search(q, 30), bulk.Search(q, 30));
        }

        Assert.Empty(Directory.GetFiles(_dir.Path, ".quotebot-bulk-*"));
    }

    /// <summary>
    /// Session 19: a spill hands its term buffers to the terms met after it (pairs, speakers and tokens taking each
    /// other's), so a load that meets the same terms again makes no new buffer objects, and stores the same rows as
    /// the quotes written whole.
    /// </summary>
    [Fact]
    public void ALoadReusesItsTermBuffersFromSpillToSpill_AndWritesTheRowsOfTheQuotesWrittenWhole()
    {
        var rng = new Random(19);
        var first = Enumerable.Range(1, 300).Select(i => (Id: i, Quote: Quote(rng, 1 + (i % 37)))).ToList(); // ids 1-300, the terms of 37 quotes
        var again = Enumerable.Range(301, 300).Select(i => (Id: i, Quote: first[(i - 301) % 37].Quote)).ToList(); // the same terms again
        using var bc = Connect("bulk.db");
        using var bulk = Create(bc, 16, 4);
        using var tokenizer = new PostingsTokenizer();
        var load = new PostingsBulkLoad(bulk, 1) { SpillToScratch = true }; // a spill at every call
        using (var w = bulk.BeginWrite())
        {
            foreach (var batch in first.Chunk(50))
            {
                load.Add(w, batch, () => tokenizer, _ => { });
            }

            var made = load.TermBuffersMade;
            Assert.True(made > 0);
            foreach (var batch in again.Chunk(50))
            {
                load.Add(w, batch, () => tokenizer, _ => { });
            }

            Assert.Equal(made, load.TermBuffersMade); // every buffer of the second half was one written out before
            Assert.True(load.ScratchRunsWritten >= 12, $"{load.ScratchRunsWritten} runs");
            load.Flush(w);
            w.Commit();
        }

        load.Complete();
        using var oc = Connect("whole.db");
        using var whole = Create(oc, 16, 4);
        using (var w = whole.BeginWrite())
        {
            w.AddAnalyzed([.. first.Concat(again).Select(x => (x.Id, whole.Analyze(x.Quote)))]);
            w.Commit();
        }

        var expected = PostingsRows.Of(oc, withTotals: true);
        Assert.Contains(expected, r => r.StartsWith("terms|\u0002", StringComparison.Ordinal)); // pair terms
        Assert.Contains(expected, r => r.StartsWith("terms|\u0001", StringComparison.Ordinal)); // speaker terms
        Assert.Equal(expected, PostingsRows.Of(bc, withTotals: true));
    }

    /// <summary>
    /// Session 18: the store's bulk path analyses and buffers a batch on another thread while it inserts the batch's rows
    /// on the connection (<see cref="PostingsBulkLoad.AddOffConnection"/>). Everything read from the database (speaker
    /// terms, new speakers registered; the scratch file's folder) is read first on the connection; the load written
    /// that way stores the same rows as the quotes written whole, while the connection wrote rows of its own meanwhile.
    /// </summary>
    [Fact]
    public async Task ALoadAddedOffTheConnectionWritesTheRowsOfTheQuotesWrittenWhole_WhileTheConnectionWrites()
    {
        var rng = new Random(18);
        var quotes = Enumerable.Range(1, 900).ToDictionary(i => i * 3, i => i % 5 == 0 ? Quote(rng, i) with { Speaker = "Dee Nouveau " + (i % 4) } : Quote(rng, i));
        using var bc = Connect("beside.db");
        using var bulk = Create(bc, 4, 3);
        using (var create = bc.CreateCommand())
        {
            create.CommandText = "CREATE TABLE other(n INTEGER PRIMARY KEY, v TEXT)";
            create.ExecuteNonQuery();
        }

        var tokenizers = new System.Collections.Concurrent.ConcurrentBag<PostingsTokenizer>();
        var load = new PostingsBulkLoad(bulk, 1) { SpillToScratch = true }; // a spill at every call
        using (var w = bulk.BeginWrite())
        {
            var batch = quotes.Take(60).Select(x => (x.Key, x.Value)).ToList();
            Assert.Throws<InvalidOperationException>(() => load.AddOffConnection(batch, new Dictionary<string, string>(), () => new PostingsTokenizer(), t => t.Dispose()));
            var n = 0;
            foreach (var part in quotes.Chunk(60))
            {
                batch = part.Select(x => (x.Key, x.Value)).ToList();
                var speakerTerms = load.PrepareOffConnection(w, batch);
                Assert.Equal(batch.Where(q => q.Value.Speaker is not null).Select(q => q.Value.Speaker).Distinct().Order(), speakerTerms.Keys.Order());
                var beside = Task.Run(() => load.AddOffConnection(batch, speakerTerms, () => tokenizers.TryTake(out var t) ? t : new PostingsTokenizer(), tokenizers.Add));
                using (var insert = bc.CreateCommand())
                {
                    insert.CommandText = "INSERT INTO other(v) VALUES ($v)";
                    var v = insert.Parameters.Add("$v", SqliteType.Text);
                    for (var i = 0; i < 200; i++)
                    {
                        v.Value = "row " + n++;
                        insert.ExecuteNonQuery();
                    }
                }

                await beside;
            }

            Assert.True(load.ScratchRunCount >= quotes.Count / 60, $"{load.ScratchRunCount} runs");
            load.Flush(w);
            w.Commit();
        }

        load.Complete();
        foreach (var t in tokenizers)
        {
            t.Dispose();
        }

        using (var count = bc.CreateCommand())
        {
            count.CommandText = "SELECT count(*) FROM other";
            Assert.Equal(quotes.Count / 60 * 200L, (long)count.ExecuteScalar()!);
        }

        using var oc = Connect("whole-beside.db");
        using var whole = Create(oc, 4, 3);
        using (var w = whole.BeginWrite())
        {
            w.AddAnalyzed(quotes.Select(x => (x.Key, whole.Analyze(x.Value))).ToList());
            w.Commit();
        }

        var expected = PostingsRows.Of(oc, withTotals: true);
        Assert.Contains(expected, r => r.StartsWith("terms|\u0001", StringComparison.Ordinal)); // speaker terms
        Assert.Equal(expected, PostingsRows.Of(bc, withTotals: true));
        using var tokenizer = new PostingsTokenizer();
        var byNewSpeaker = PostingsQuery.From(QueryParser.Parse("speaker:nouveau tu").Query!, tokenizer);
        Assert.NotEmpty(bulk.Search(byNewSpeaker, 30));
        Assert.Equal(whole.Search(byNewSpeaker, 30), bulk.Search(byNewSpeaker, 30));
        Assert.Empty(Directory.GetFiles(_dir.Path, ".quotebot-bulk-*"));
    }

    [Fact]
    public void ALoadRolledBackLeavesTheIndexAsItWas_AndItsScratchFileGoesWithIt()
    {
        using var c = Connect("rollback.db");
        using var index = Create(c, 4, 2);
        var rng = new Random(3);
        using var tokenizer = new PostingsTokenizer();
        var load = new PostingsBulkLoad(index, 1) { SpillToScratch = true };
        using (var w = index.BeginWrite())
        {
            load.Add(w, Enumerable.Range(1, 50).Select(i => (i, Quote(rng, i))).ToList(), () => tokenizer, _ => { });
            load.Add(w, Enumerable.Range(51, 50).Select(i => (i, Quote(rng, i))).ToList(), () => tokenizer, _ => { });
            Assert.Equal(2, load.ScratchRunCount);
            load.Flush(w);
            // not committed: disposed, rolled back
        }

        load.Dispose();
        Assert.Empty(index.Segments());
        Assert.Empty(Directory.GetFiles(_dir.Path, ".quotebot-bulk-*"));
    }

    [Fact]
    public async Task AStoreLoadInOneTransactionEndsAsOneSegmentWithNoMergeOrFreePages()
    {
        // A spill after every batch (budget 0): the spills are runs of the scratch file, and the load's one commit
        // writes them as one segment. Before, each spill was a segment, merged again after the load, its pages freed.
        // (Pair words are not chosen here: choosing them rebuilds the index in the middle of the load. A batch more than
        // a second late commits the group early, a second segment, as a loaded CI machine once did: the wait is a minute.)
        var path = _dir.File("store.db");
        using (var store = new SqliteQuoteStore(path, new SqliteStoreOptions { ImportBatchSize = 100, PostingsBulkMegabytes = 0, ImportEmptyStoreInOneTransaction = true, PairIndexMinimumQuotes = 1_000_000,
            ImportLateBatchWait = TimeSpan.FromMinutes(1) }))
        {
            await store.InitializeAsync();
            var t0 = new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
            var quotes = Enumerable.Range(0, 1_500).Select(i => new NewQuote
            {
                Text = $"Line {i} about harbour{i % 97} and river{i % 89} with words{i % 61}",
                Speaker = $"Speaker {i % 40}",
                AddedAt = t0,
            });
            Assert.Equal(1_500, (await store.AddManyAsync(quotes, new Actor("tg:1", "Alice"))).Added);
            Assert.Equal(16, (await store.SearchAsync(QueryParser.Parse("harbour5").Query!, Visibility.All, 0, 20)).Items.Count);
        }

        using var c = new SqliteConnection($"Data Source={path};Pooling=False");
        c.Open();
        Assert.Equal(["1|1500"], PostingsRows.Query(c, "SELECT id, docs FROM px_segments")); // the file's first segment: no spill was one
        Assert.Equal(["2"], PostingsRows.Query(c, "SELECT value FROM px_meta WHERE key = 'next_segment'"));
        Assert.Equal(["0"], PostingsRows.Query(c, "PRAGMA freelist_count"));
        Assert.Equal(["ok"], PostingsRows.Query(c, "PRAGMA integrity_check"));
        Assert.Empty(Directory.GetFiles(_dir.Path, ".quotebot-bulk-*"));
    }
}
