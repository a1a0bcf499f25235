using System.Globalization;
using Microsoft.Data.Sqlite;
using QuoteBot.Core.Model;
using QuoteBot.Core.Search;
using QuoteBot.Core.Storage;
using QuoteBot.Storage.Sqlite.Postings;

namespace QuoteBot.Storage.Sqlite.Tests;

/// <summary>
/// Issue 16 (session 21): an import's postings load is a two-stage pipeline (<see cref="PostingsBulkLoad.Enqueue"/>):
/// batch N is buffered, spilled and compacted while batch N+1 is analysed, and the writer goes on to the next batch's
/// rows meanwhile. Its output must not depend on the threading (the same index rows as the quotes written whole, and
/// the same database as one batch at a time), at most two batches may be in it, and a failure in it must fail the load
/// with the store left as it was.
/// </summary>
public sealed class PostingsPipelineTests : IDisposable
{
    private static readonly string[] Words = ["tu", "moutel", "bou", "gea", "fa", "chézu", "lai", "stou", "東京", "zou", "vai", "don't", "Ünïcödé"];
    private static readonly string[] Speakers = ["Ada Moutel", "Bea Tu", "Cid 東京"];
    private static readonly Actor Mod = new("tg:1", "Mod");
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private SqliteConnection Connect(string name) => RawDb.Raw(_dir.File(name));

    private static PostingsIndex Create(SqliteConnection c) => PostingsTestIndex.Create(c, 4, 3, ["tu", "bou", "東京"], Speakers);

    private static IndexedQuote Quote(Random rng, int id)
    {
        // A word of its own every few quotes: the load numbers many terms, so a small limit forgets them often.
        var words = new List<string> { "tu", "w" + (id / 5).ToString(CultureInfo.InvariantCulture) };
        words.AddRange(Enumerable.Range(0, rng.Next(1, 12)).Select(_ => Words[(int)(Words.Length * Math.Pow(rng.NextDouble(), 1.5))]));
        return new IndexedQuote(string.Join(' ', words) + ".", rng.Next(4) == 0 ? null : Speakers[rng.Next(Speakers.Length)],
            rng.Next(2) == 0 ? null : Words[rng.Next(Words.Length)]);
    }

    [Theory]
    [InlineData(1, 1 << 20)] // a run at every batch
    [InlineData(1, 30)] // and the term numbers forgotten at nearly every run, while the next batch is being analysed
    [InlineData(1 << 24, 30)] // no run: one buffer, written by the flush
    public async Task ALoadFedThroughItsPipelineWritesTheRowsOfTheQuotesWrittenWhole_WhileTheConnectionWrites(long budget, int termNumberLimit)
    {
        var rng = new Random(21 + termNumberLimit);
        var quotes = Enumerable.Range(1, 1500).ToDictionary(i => i * 3, i => Quote(rng, i));
        using var bc = Connect("pipeline.db");
        using var bulk = Create(bc);
        using (var create = bc.CreateCommand())
        {
            create.CommandText = "CREATE TABLE other(n INTEGER PRIMARY KEY, v TEXT)";
            create.ExecuteNonQuery();
        }

        var tokenizers = new System.Collections.Concurrent.ConcurrentBag<PostingsTokenizer>();
        var buffered = new List<int>();
        var load = new PostingsBulkLoad(bulk, budget) { SpillToScratch = true, TermNumberLimit = termNumberLimit, Buffered = buffered.Add };
        var batches = quotes.Chunk(50).Select(part => part.Select(x => (x.Key, x.Value)).ToList()).ToList();
        using (var w = bulk.BeginWrite())
        {
            Assert.Throws<InvalidOperationException>(() => load.Enqueue(batches[0], new Dictionary<string, string>(), () => new PostingsTokenizer(), t => t.Dispose()));
            var n = 0;
            foreach (var batch in batches)
            {
                var speakerTerms = load.PrepareOffConnection(w, batch);
                load.Enqueue(batch, speakerTerms, () => tokenizers.TryTake(out var t) ? t : new PostingsTokenizer(), tokenizers.Add);
                using var insert = bc.CreateCommand(); // the caller's rows, on the connection, while the pipeline works
                insert.CommandText = "INSERT INTO other(v) VALUES ($v)";
                var v = insert.Parameters.Add("$v", SqliteType.Text);
                for (var i = 0; i < 100; i++)
                {
                    v.Value = "row " + n++;
                    insert.ExecuteNonQuery();
                }
            }

            await Task.Yield();
            load.Drain();
            Assert.Equal(batches.Select(b => b[^1].Key), buffered); // every batch buffered once, in order
            Assert.InRange(load.InFlightPeak, 1, 2); // never a third batch in the load
            Assert.Equal(quotes.Count, load.Pending);
            load.Flush(w);
            w.Commit();
        }

        load.Complete();
        foreach (var t in tokenizers)
        {
            t.Dispose();
        }

        using var oc = Connect("whole.db");
        using var whole = Create(oc);
        using (var w = whole.BeginWrite())
        {
            w.AddAnalyzed(quotes.Select(x => (x.Key, whole.Analyze(x.Value))).ToList());
            w.Commit();
        }

        Assert.Equal(PostingsRows.Of(oc, withTotals: true), PostingsRows.Of(bc, withTotals: true));
        using var tokenizer = new PostingsTokenizer();
        foreach (var query in new[] { "tu", "\"tu bou\"", "moutel gea", "speaker:moutel zou", "w17" })
        {
            var q = PostingsQuery.From(QueryParser.Parse(query).Query!, tokenizer);
            Assert.Equal(whole.Search(q, 30), bulk.Search(q, 30));
        }

        Assert.Empty(Directory.GetFiles(_dir.Path, ".quotebot-bulk-*"));
    }

    [Fact]
    public void AFailureInThePipelineFailsEveryBatchAfterIt_IsThrownToTheCaller_AndLeavesNoScratchFile()
    {
        var rng = new Random(5);
        var quotes = Enumerable.Range(1, 600).ToDictionary(i => i, i => Quote(rng, i));
        using var c = Connect("fail.db");
        using var index = Create(c);
        var buffered = new List<int>();
        var load = new PostingsBulkLoad(index, 1)
        {
            SpillToScratch = true,
            Buffered = last =>
            {
                buffered.Add(last);
                if (last == 150)
                {
                    throw new InvalidDataException("the third batch fails");
                }
            },
        };
        using (var w = index.BeginWrite())
        {
            var error = Assert.Throws<InvalidDataException>(() =>
            {
                foreach (var batch in quotes.Chunk(50).Select(part => part.Select(x => (x.Key, x.Value)).ToList()))
                {
                    load.Enqueue(batch, load.PrepareOffConnection(w, batch), () => new PostingsTokenizer(), t => t.Dispose());
                }

                load.Drain();
            });
            Assert.Equal("the third batch fails", error.Message);
            Assert.Equal([50, 100, 150], buffered); // nothing after the failing batch was buffered
            Assert.Throws<InvalidDataException>(load.Drain); // and it stays failed
        }

        load.Dispose();
        Assert.Empty(Directory.GetFiles(_dir.Path, ".quotebot-bulk-*"));
        Assert.Empty(PostingsRows.Query(c, "SELECT id FROM px_segments"));
    }

    private static NewQuote Q(int i) => new()
    {
        Text = string.Join(' ', Enumerable.Range(0, 3 + i % 9).Select(k => Words[(i * 7 + k * k) % Words.Length])) + " n" + i.ToString(CultureInfo.InvariantCulture) + ".",
        Speaker = i % 5 == 0 ? null : Speakers[i % 3],
        Source = new QuoteSource(null, i % 3 == 0 ? "gea fa" : null, null, null),
        Scope = i % 4 == 1 ? Scope.Telegram(-100) : Scope.Global,
        AddedAt = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(i),
        Status = i % 11 == 10 ? QuoteStatus.Pending : QuoteStatus.Active,
    };

    private static readonly string[] Tables =
    [
        "SELECT * FROM quotes ORDER BY id", "SELECT * FROM speakers ORDER BY id", "SELECT * FROM scope_counts ORDER BY 1",
        "SELECT * FROM speaker_counts ORDER BY 1, 2", "SELECT * FROM speaker_slots ORDER BY 1, 2, 3", "SELECT * FROM postings_state ORDER BY 1",
        "SELECT token FROM px_pair_words ORDER BY 1",
    ];

    private static List<string> Dump(string path)
    {
        using var c = RawDb.Raw(path);
        var rows = PostingsRows.Of(c, withTotals: true);
        foreach (var sql in Tables)
        {
            rows.Add(sql);
            rows.AddRange(PostingsRows.Query(c, sql));
        }

        return rows;
    }

    [Theory]
    [InlineData(false, 100_000)] // into an empty store: one transaction
    [InlineData(true, 400)] // after quotes stored: transactions of 400, each flushing the pipeline before its commit
    public async Task AnImportThroughThePipelineLeavesTheSameDatabaseAsOneBatchAtATime(bool storedFirst, int transactionQuotes)
    {
        var files = new List<List<string>>();
        foreach (var pipeline in new[] { true, false })
        {
            var path = _dir.File($"store-{pipeline}.db");
            var buffered = new List<int>();
            using (var store = new SqliteQuoteStore(path, new SqliteStoreOptions
            {
                ImportBatchSize = 60, ImportTransactionQuotes = transactionQuotes, ImportLateBatchWait = TimeSpan.FromSeconds(30),
                PairIndexMinimumQuotes = 100, ImportPostingsPipeline = pipeline, ImportPostingsBuffered = buffered.Add,
            }))
            {
                await store.InitializeAsync();
                if (storedFirst)
                {
                    foreach (var i in Enumerable.Range(0, 120))
                    {
                        await store.AddAsync(Q(i), Mod);
                    }
                }

                var summary = await store.AddManyAsync(Enumerable.Range(0, 2_000).Select(i => Q(i % 1_900)), Mod);
                Assert.Equal(storedFirst ? 1_780 : 1_900, summary.Added);
                Assert.Equal(buffered.Order(), buffered); // batches buffered in id order
                Assert.NotEmpty(buffered);
            }

            files.Add(Dump(path));
        }

        Assert.Equal(files[1], files[0]);
    }

    [Theory]
    [InlineData(false)] // into an empty store, one transaction: nothing is left
    [InlineData(true)] // transactions of 300 after quotes stored: the ones committed stay, fully indexed
    public async Task AFailureInTheImportsPostingsPipelineRollsBackItsTransaction_AndTheStoreStaysAsItWas(bool storedFirst)
    {
        var path = _dir.File("failing.db");
        var fail = true;
        var options = new SqliteStoreOptions
        {
            ImportBatchSize = 50, ImportTransactionQuotes = 300, ImportLateBatchWait = TimeSpan.FromSeconds(30), PairIndexMinimumQuotes = 40,
            ImportEmptyStoreInOneTransaction = !storedFirst,
            ImportPostingsBuffered = last =>
            {
                if (fail && last > (storedFirst ? 100 + 450 : 450))
                {
                    throw new InvalidDataException("the postings stage fails");
                }
            },
        };
        using var store = new SqliteQuoteStore(path, options);
        await store.InitializeAsync();
        if (storedFirst)
        {
            await store.AddManyAsync(Enumerable.Range(0, 100).Select(Q), Mod);
        }

        var error = await Assert.ThrowsAnyAsync<Exception>(() => store.AddManyAsync(Enumerable.Range(100, 1_000).Select(Q), Mod));
        Assert.Contains("the postings stage fails", error.ToString(), StringComparison.Ordinal);
        var kept = storedFirst ? 100 + 300 : 0; // (a store with quotes: its first transaction of 300 had committed)
        using (var c = RawDb.Raw(path))
        {
            Assert.Equal([kept.ToString(CultureInfo.InvariantCulture)], PostingsRows.Query(c, "SELECT count(*) FROM quotes"));
        }

        Assert.Empty(Directory.GetFiles(_dir.Path, ".quotebot-bulk-*"));
        await store.PostingsIdleAsync();
        await AssertIndexHoldsTheActiveQuotes(path);
        fail = false;
        await store.AddManyAsync(Enumerable.Range(100, 1_000).Select(Q), Mod); // the load again: what was not kept is added
        await store.PostingsIdleAsync();
        using (var c = RawDb.Raw(path))
        {
            Assert.Equal([storedFirst ? "1100" : "1000"], PostingsRows.Query(c, "SELECT count(*) FROM quotes"));
        }

        await AssertIndexHoldsTheActiveQuotes(path);
    }

    /// <summary>The index is complete and holds each token's document frequency and the totals of the active quotes, counted afresh.</summary>
    private static async Task AssertIndexHoldsTheActiveQuotes(string path)
    {
        using var store = new SqliteQuoteStore(path);
        var (docs, tokens, df) = await BruteForceSearch.StatisticsAsync(store);
        using var c = RawDb.Raw(path);
        Assert.Equal([long.MaxValue.ToString(CultureInfo.InvariantCulture)], PostingsRows.Query(c, "SELECT value FROM postings_state WHERE key = 'ready_upto'"));
        Assert.Equal(df.Select(x => x.Key + "|" + x.Value.ToString(CultureInfo.InvariantCulture)), PostingsRows.Query(c, "SELECT term, df FROM px_df ORDER BY term"));
        Assert.Equal(
            [docs.ToString(CultureInfo.InvariantCulture) + "|" + tokens.ToString(CultureInfo.InvariantCulture)],
            PostingsRows.Query(c, "SELECT (SELECT value FROM px_meta WHERE key = 'docs'), (SELECT value FROM px_meta WHERE key = 'tokens')"));
    }
}
