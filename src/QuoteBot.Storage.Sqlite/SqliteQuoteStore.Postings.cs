using System.Collections.Concurrent;
using System.Globalization;
using QuoteBot.Core.Model;
using QuoteBot.Core.Search;
using QuoteBot.Core.Storage;
using QuoteBot.Storage.Sqlite.Postings;

namespace QuoteBot.Storage.Sqlite;

/// <summary>
/// The store's own postings index (Postings/PostingsIndex, tables px_*, migration 11) wired into the store: every
/// write that makes a quote active, changes an active quote's indexed columns or takes it out changes the index in the
/// same transaction as the quote row (one <see cref="PostingsWrite"/> per write transaction, in the writer's open
/// transaction); bulk loads buffer their batches in a PostingsBulkLoad (a segment per budget or commit, merged into one at the end); merges run after writes
/// in their own short transactions, each taking the write lock; every pooled reader connection keeps its own index
/// instance and searches in the read transaction of its search. The index holds exactly the active quotes with an id
/// up to <c>postings_state.ready_upto</c>; it is built (or rebuilt, when the store chooses its pair words or a row was
/// deleted from outside) in batches of its own transactions, and a search waits until it is complete. It is the only
/// search index of the file since migration 12 (FTS5 and the term statistics beside it are gone).
/// </summary>
public sealed partial class SqliteQuoteStore
{
    /// <summary><c>ready_upto</c> of a complete index.</summary>
    private const long PostingsComplete = long.MaxValue;

    /// <summary>When the pair words are chosen in a write and at most this many quotes are active, the index is rebuilt in that write.</summary>
    internal const int PostingsInlineRebuild = 20_000;

    private readonly ConcurrentBag<PostingsTokenizer> _postingsTokenizers = [];
    private PostingsWrite? _postingsWrite; // under the write lock: the open write transaction's changes to the index
    private bool _writeCommitted; // under the write lock
    private int _maintenanceScheduled;
    private int _maintenanceRequested;
    private Task _maintenance = Task.CompletedTask;
    private readonly CancellationTokenSource _closing = new();
    private int _postingsDisposed;

    /// <summary>Whether this file has the postings index (a file held at an older schema by a test has not).</summary>
    private bool PostingsAvailable => _db.Options.SchemaLimit is null or >= 11;

    /// <summary>Whether the pair words are chosen (for good) in this file; cached once a committed read or write saw it.</summary>
    private volatile bool _pairWordsChosen;

    private bool _pendingPairWordsChosen; // under the write lock: seen or chosen in the open write transaction

    /// <summary>
    /// The rule the pair words are chosen by, kept as <c>postings_state('pair_words_chosen')</c>: 1 = the (at most 32)
    /// tokens in at least one quote in ten, every two of them paired (sessions 8–12); 2 = words with levels
    /// (<see cref="PairWordSet"/>), chosen with <see cref="PairLevelSum"/>. A file chosen under an older rule chooses
    /// again when it opens (and its index is built again, searches waiting for it).
    /// </summary>
    internal const int PairRuleVersion = 2;

    /// <summary>Two pair words next to each other get pair postings when their levels add up to at most this (≈ quotes / 2^8 candidates).</summary>
    internal const int PairLevelSum = 8;

    /// <summary>At most this many pair words (the commonest first).</summary>
    internal const int PairWordCap = 512;

    private static bool PairWordsChosen(SqliteSession s) =>
        s.Scalar("SELECT 1 FROM postings_state WHERE key = 'pair_words_chosen' AND value >= @v", ("@v", PairRuleVersion)) is not null;

    private static long PostingsReadyUpto(SqliteSession s) =>
        Convert.ToInt64(s.Scalar("SELECT value FROM postings_state WHERE key = 'ready_upto'"), CultureInfo.InvariantCulture);

    private static long PostingsEpoch(SqliteSession s) =>
        Convert.ToInt64(s.Scalar("SELECT value FROM postings_state WHERE key = 'epoch'"), CultureInfo.InvariantCulture);

    /// <summary>The top tiers of long lists, shared by every connection of this store while the index keeps its epoch.</summary>
    private (long Epoch, TierCache Cache) _tiers = (-1, new TierCache());

    private TierCache TiersOf(long epoch)
    {
        lock (_tierLock)
        {
            if (_tiers.Epoch != epoch)
            {
                _tiers = (epoch, new TierCache());
            }

            return _tiers.Cache;
        }
    }

    private readonly Lock _tierLock = new();

    /// <summary>The postings index of this connection, opened again when the index was emptied since.</summary>
    private PostingsIndex SessionIndex(SqliteSession s, long epoch)
    {
        if (s.Postings is null || s.PostingsEpoch != epoch)
        {
            s.Postings?.Dispose();
            s.Postings = null;
            s.Postings = PostingsIndex.Open(s.Connection);
            s.Postings.Tiers = TiersOf(epoch);
            s.Postings.OnReaderConnection = s.IsReader;
            s.PostingsEpoch = epoch;
        }

        return s.Postings;
    }

    private PostingsIndex WriterIndex(SqliteSession s) => SessionIndex(s, PostingsEpoch(s));

    /// <summary>Under the write lock, in a transaction: the index write of this transaction (begun on first use).</summary>
    private PostingsWrite PostingsWriteOf(SqliteSession s) => _postingsWrite ??= WriterIndex(s).BeginWriteInOpenTransaction();

    /// <summary>Before the commit: the statistics of the transaction's index changes are written.</summary>
    private void FinishPostingsWrite()
    {
        if (_postingsWrite is { } w)
        {
            _postingsWrite = null;
            w.Commit();
            ScheduleMaintenanceAfterCommit = true;
        }
    }

    /// <summary>Set when a write changed the index: merges may be due once it commits.</summary>
    private bool ScheduleMaintenanceAfterCommit { get; set; }

    /// <summary>After any write transaction (under the lock): a rollback leaves the writer's index instance stale.</summary>
    private void EndPostingsTransaction(SqliteSession? writer, bool committed)
    {
        if (_postingsWrite is { } open)
        {
            _postingsWrite = null;
            open.Dispose();
        }

        if (!committed)
        {
            _build = null; // it may have buffered rows of the rolled-back transaction
        }

        if (!committed && writer?.Postings is { } index)
        {
            index.Dispose();
            writer.Postings = null;
        }

        if (committed && ScheduleMaintenanceAfterCommit)
        {
            ScheduleMaintenance();
        }

        ScheduleMaintenanceAfterCommit = false;
    }

    private PostingsTokenizer RentTokenizer() => _postingsTokenizers.TryTake(out var t) ? t : new PostingsTokenizer();

    private void ReturnTokenizer(PostingsTokenizer t)
    {
        if (_postingsTokenizers.Count < 2 * Environment.ProcessorCount)
        {
            _postingsTokenizers.Add(t);
        }
        else
        {
            t.Dispose();
        }
    }

    private static IndexedQuote Indexed(Quote q) => new(q.Text, q.Speaker, q.Source.Title);

    /// <summary>
    /// In a write transaction: the index change for a quote going from <paramref name="before"/> to
    /// <paramref name="after"/> (null: no row). Only active quotes are indexed; quotes above the built range are left
    /// to the build.
    /// </summary>
    private void PostingsChange(SqliteSession s, long id, Quote? before, Quote? after)
    {
        var was = before?.Status == QuoteStatus.Active;
        var now = after?.Status == QuoteStatus.Active;
        if (!PostingsAvailable || (!was && !now))
        {
            return;
        }

        if (id > PostingsReadyUpto(s))
        {
            if (_build is { } build && id <= build.Cursor)
            {
                _build = null; // the build buffered this quote as it was: it reads it again
            }

            return;
        }

        var old = was ? Indexed(before!) : null;
        var updated = now ? Indexed(after!) : null;
        if (was && now && old == updated)
        {
            return; // the indexed columns did not change
        }

        var w = PostingsWriteOf(s);
        if (was && now)
        {
            w.Edit(checked((int)id), old!, updated!);
        }
        else if (was)
        {
            w.Remove(checked((int)id), old!);
        }
        else
        {
            w.Add(checked((int)id), updated!);
        }
    }

    /// <summary>
    /// One <see cref="AddManyAsync"/>'s postings bulk load (<see cref="PostingsBulkLoad"/>), used under the write lock:
    /// the batches' postings are buffered across batches, spilled as one segment when the buffer reaches
    /// <see cref="SqliteStoreOptions.PostingsBulkMegabytes"/> and at the end of every write transaction (so what is
    /// committed is always fully indexed: the index stays complete, and a crash loses nothing committed), and the
    /// load's segments are merged into one at its end. Null until the first batch the index takes.
    /// </summary>
    private sealed class BulkPostings
    {
        public PostingsBulkLoad? Load { get; set; }

        /// <summary>Lets the load go (its scratch file closed: what it spilled and did not write is not needed).</summary>
        public void Drop()
        {
            Load?.Dispose();
            Load = null;
        }
    }

    private int _bulkLoadsRunning; // tiered merges wait while a load runs: its own final merge takes its segments together

    /// <summary>Marks a bulk load as running (tiered merges wait) until disposed.</summary>
    private IDisposable BeginBulkPostings(BulkPostings bulk)
    {
        Interlocked.Increment(ref _bulkLoadsRunning);
        return new BulkPostingsScope(this, bulk);
    }

    private sealed class BulkPostingsScope(SqliteQuoteStore store, BulkPostings bulk) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                bulk.Drop();
                if (Interlocked.Decrement(ref store._bulkLoadsRunning) == 0 && store.PostingsAvailable)
                {
                    store.ScheduleMaintenance(); // merges held back by the load (or left by a failed one)
                }
            }
        }
    }

    /// <summary>
    /// Under the lock: a bulk batch's added active rows into the index: through the load's buffer when given (analysed
    /// there in parallel, straight into the load's term numbers: <see cref="BulkAnalyzer"/>), else as one
    /// <see cref="PostingsWrite.AddAnalyzed"/>. Begun before the batch's rows are inserted (its ids given): what the load
    /// needs from the database is read here, and its analysis, buffering and spills then run on another thread while
    /// the caller inserts the rows on the connection; <see cref="BatchPostings.Finish"/> waits for them (the path
    /// without a load does all its work there, after the rows).
    /// </summary>
    private BatchPostings BeginBatchPostings(SqliteSession s, BulkBatch batch, long[] ids, BulkPostings? bulk)
    {
        if (!PostingsAvailable)
        {
            return BatchPostings.None;
        }

        var ready = PostingsReadyUpto(s);
        var index = WriterIndex(s);
        var rows = new List<(int Id, Quote Quote)>(batch.Rows.Length);
        for (var i = 0; i < batch.Rows.Length; i++)
        {
            var q = batch.Rows[i].Quote;
            if (!batch.Duplicate[i] && q.Status == QuoteStatus.Active && ids[i] <= ready)
            {
                rows.Add((checked((int)ids[i]), q));
            }
        }

        if (bulk is null || ready != PostingsComplete)
        {
            return new BatchPostings(null, () => PostingsWriteOf(s).AddAnalyzed(rows.Select(r => (r.Id, index.Analyze(Indexed(r.Quote)))).ToList()));
        }

        if (bulk.Load is { } load && !ReferenceEquals(load.Index, index))
        {
            // The writer's index instance was replaced (emptied and built again, or dropped after a rollback): what the
            // load buffered is in the new index already or was rolled back; its committed segments are merged by tiers.
            bulk.Drop();
        }

        if (rows.Count == 0)
        {
            return BatchPostings.None;
        }

        // Spills go to a scratch file: every transaction of the load ends with FlushBulkPostings, which writes them all
        // as one segment (a load into an empty store, one transaction, is then one segment with no merge after it).
        load = bulk.Load ??= new PostingsBulkLoad(index, Math.Max(1L, (long)Math.Min(_db.Options.PostingsBulkMegabytes, _db.Options.PostingsImportMegabytes) << 20)) { SpillToScratch = true, Buffered = _db.Options.ImportPostingsBuffered };
        var quotes = rows.ConvertAll(r => (r.Id, Indexed(r.Quote)));
        var speakerTerms = load.PrepareOffConnection(PostingsWriteOf(s), quotes);
        if (_db.Options.ImportPostingsPipeline)
        {
            // Analysed once the batch before is, buffered once the batch before is buffered: the writer goes on to the
            // next batch's rows meanwhile, and waits for the postings only before a commit (FlushBulkPostings).
            load.Enqueue(quotes, speakerTerms, RentTokenizer, ReturnTokenizer);
            return new BatchPostings(null, null, load);
        }

        var running = Task.Run(() =>
        {
            var t = BulkProfile.Start();
            load.AddOffConnection(quotes, speakerTerms, RentTokenizer, ReturnTokenizer);
            BulkProfile.Stop("write: postings index (beside the rows)", t);
        });
        return new BatchPostings(running, null);
    }

    /// <summary>
    /// A batch's postings work begun by <see cref="BeginBatchPostings"/>: running beside the rows' inserts, or left for
    /// after them, or in the load's pipeline (<paramref name="queued"/>: waited for before the commit).
    /// </summary>
    private sealed class BatchPostings(Task? running, Action? after, PostingsBulkLoad? queued = null)
    {
        public static readonly BatchPostings None = new(null, null);

        private bool _done;

        /// <summary>After the batch's rows are written: waits for the work running beside them (its error thrown here), or does it.</summary>
        public void Finish()
        {
            _done = true;
            running?.GetAwaiter().GetResult();
            after?.Invoke();
        }

        /// <summary>
        /// When the batch failed before <see cref="Finish"/>: waits for the work running beside it, its own error
        /// dropped (the transaction rolls back and the load with it; the batch's error is the one reported).
        /// </summary>
        public void Abandon()
        {
            if (!_done && queued is not null)
            {
                _done = true;
                queued.DrainQuietly();
            }

            if (!_done && running is not null)
            {
                _done = true;
                try
                {
                    running.Wait();
                }
                catch (AggregateException)
                {
                }
            }
        }
    }

    /// <summary>Before a bulk load's transaction commits: what its postings load buffered is written as a segment.</summary>
    private void FlushBulkPostings(SqliteSession s, BulkPostings bulk)
    {
        if (bulk.Load is not { } load)
        {
            return;
        }

        if (!ReferenceEquals(load.Index, s.Postings))
        {
            // The index was emptied in this transaction (the pair words were chosen): it was built again from the
            // quotes table, this transaction's rows included, or is left to the build; the buffer is not needed.
            bulk.Drop();
            return;
        }

        load.Drain(); // every batch enqueued is buffered (or the pipeline's error is thrown: the transaction rolls back)
        if (load.Pending > 0)
        {
            load.Flush(PostingsWriteOf(s));
        }
    }

    /// <summary>After a bulk load: its segments merged into one (<see cref="PostingsBulkLoad.Complete"/>), in their own transaction.</summary>
    private async Task CompleteBulkPostingsAsync(BulkPostings bulk, CancellationToken ct)
    {
        await WriteAsync(s =>
        {
            if (bulk.Load is { } load && ReferenceEquals(load.Index, s.Postings) && PostingsAvailable)
            {
                var t = BulkProfile.Start(); // (on this thread: the profile counts this thread's CPU)
                load.Complete();
                BulkProfile.Stop("after load: final merge", t);
            }

            if (bulk.Load is not null)
            {
                s.Run("PRAGMA shrink_memory"); // the writer's cache, full of the merge's pages, is not carried into what follows
            }

            bulk.Drop();
            return 0;
        }, transaction: false, ct);
    }

    /// <summary>
    /// In a write transaction: once the store holds <see cref="SqliteStoreOptions.PairIndexMinimumQuotes"/> active
    /// quotes and the index holds them all, chooses the pair words and their levels for good
    /// (<see cref="ChoosePairWords"/>, from the index's exact document frequencies) and builds the index again with
    /// them: a two-word phrase of two pair words whose levels add up to at most <see cref="PairLevelSum"/> is then one
    /// posting list of its own. Chosen once, even when no word qualifies (postings_state 'pair_words_chosen' =
    /// <see cref="PairRuleVersion"/>); a file chosen under an older rule chooses again (and is built again).
    /// </summary>
    private void EnsurePairWords(SqliteSession s, BulkPostings? bulk = null)
    {
        if (!PostingsAvailable || _pairWordsChosen || _pendingPairWordsChosen)
        {
            return;
        }

        if (PairWordsChosen(s))
        {
            _pendingPairWordsChosen = true; // cached when the transaction commits
            return;
        }

        var active = Convert.ToInt64(s.Scalar("SELECT coalesce(sum(active), 0) FROM scope_counts"), CultureInfo.InvariantCulture);
        if (active < Math.Max(1, _db.Options.PairIndexMinimumQuotes) || PostingsReadyUpto(s) != PostingsComplete)
        {
            return; // (an index being built is complete at a later write)
        }

        // The counts of this transaction's index changes, buffered so far, are written first.
        if (bulk is not null)
        {
            FlushBulkPostings(s, bulk);
        }

        FinishPostingsWrite();
        var docs = Convert.ToInt64(s.Scalar("SELECT value FROM px_meta WHERE key = 'docs'"), CultureInfo.InvariantCulture);
        var levels = ChoosePairWords(s, docs);
        var hadWords = s.Scalar("SELECT 1 FROM px_pair_words LIMIT 1") is not null; // (chosen under the old rule)
        s.Execute("INSERT OR REPLACE INTO postings_state(key, value) VALUES ('pair_words_chosen', @v)", ("@v", PairRuleVersion));
        _pendingPairWordsChosen = true;
        if (levels.Count == 0 && !hadWords)
        {
            return;
        }

        RestartPostings(s, levels); // (a file chosen under the old rule: its pairs go, even when no word qualifies now)
    }

    /// <summary>
    /// The pair words and their levels (<see cref="PairWordSet.LevelOf"/>) from the index's exact document
    /// frequencies: the commonest tokens (at most <see cref="PairWordCap"/>) that can pair with the commonest one,
    /// i.e. whose level plus its level is at most <see cref="PairLevelSum"/>.
    /// </summary>
    internal static Dictionary<string, int> ChoosePairWords(SqliteSession s, long docs)
    {
        var levels = new Dictionary<string, int>(StringComparer.Ordinal);
        if (docs <= 0)
        {
            return levels;
        }

        var lowest = -1;
        using var r = s.Command("SELECT term, df FROM px_df WHERE unicode(term) > 2 AND df > 0 ORDER BY df DESC, term LIMIT @lim", ("@lim", PairWordCap)).ExecuteReader();
        while (r.Read())
        {
            // (speaker and pair postings have terms starting with \u0001 and \u0002)
            var level = PairWordSet.LevelOf(Math.Min(r.GetInt64(1), docs), docs);
            if (lowest < 0)
            {
                lowest = level;
            }

            if (lowest + level > PairLevelSum)
            {
                break; // (by decreasing frequency: no later word qualifies either)
            }

            levels[r.GetString(0)] = level;
        }

        return levels;
    }

    /// <summary>
    /// In a write transaction: empties the index (giving it the pair words and levels <paramref name="pairLevels"/>) and builds it again from the
    /// quotes table; in this transaction when few quotes are active, else in the background (searches wait for it).
    /// </summary>
    private void RestartPostings(SqliteSession s, IReadOnlyDictionary<string, int> pairLevels)
    {
        if (!PostingsAvailable)
        {
            return;
        }

        if (_postingsWrite is { } open)
        {
            _postingsWrite = null;
            open.Dispose(); // its changes are emptied below
        }

        s.Execute("UPDATE postings_state SET value = 0 WHERE key = 'ready_upto'");
        s.Execute("DELETE FROM px_pair_words");
        foreach (var w in pairLevels.Keys)
        {
            s.Execute("INSERT INTO px_pair_words(token) VALUES (@t)", ("@t", w)); // taken by the build's first step
        }

        PostingsIndex.WritePairLevels(s.Connection, null, pairLevels, PairLevelSum); // (kept in px_meta when the build empties the index)

        var active = Convert.ToInt64(s.Scalar("SELECT coalesce(sum(active), 0) FROM scope_counts"), CultureInfo.InvariantCulture);
        if (active <= PostingsInlineRebuild)
        {
            while (!BuildPostingsStep(s))
            {
            }

            _build = null; // what it wrote is merged by tiers
        }
        else
        {
            ScheduleMaintenanceAfterCommit = true;
        }
    }

    /// <summary>
    /// In a write transaction: one step of building the index from the quotes table (emptied first when
    /// <c>ready_upto</c> is 0); true once the index is complete.
    /// </summary>
    private bool BuildPostingsStep(SqliteSession s)
    {
        var ready = PostingsReadyUpto(s);
        if (ready == PostingsComplete)
        {
            return true;
        }

        if (ready == 0)
        {
            if (_postingsWrite is { } open)
            {
                _postingsWrite = null;
                open.Dispose();
            }

            _build = null;
            var words = new List<string>(); // the index keeps its pair words when it is emptied to be built again
            using (var r = s.Command("SELECT token FROM px_pair_words ORDER BY token").ExecuteReader())
            {
                while (r.Read())
                {
                    words.Add(r.GetString(0));
                }
            }

            PostingsIndex.Clear(s.Connection, words);
            s.Execute("UPDATE postings_state SET value = value + 1 WHERE key = 'epoch'");
        }

        var index = WriterIndex(s);
        if (_build is { } stale && (!ReferenceEquals(stale.Load.Index, index) || stale.Cursor < ready))
        {
            _build = null;
        }

        var from = _build?.Cursor ?? ready;
        var rows = new List<(long Id, Quote Quote)>(_db.Options.PostingsBuildBatch);
        using (var r = s.Command($"SELECT {QuoteColumns} FROM quotes WHERE id > @after ORDER BY id LIMIT @n", ("@after", from), ("@n", _db.Options.PostingsBuildBatch)).ExecuteReader())
        {
            while (r.Read())
            {
                var q = ReadQuote(r);
                rows.Add((q.Id, q));
            }
        }

        var active = rows.Where(x => x.Quote.Status == QuoteStatus.Active).Select(x => (checked((int)x.Id), Indexed(x.Quote))).ToList();

        // Through a bulk load: buffered across steps, written as a segment when over budget and at the end; ready_upto
        // moves only when nothing is left in the buffer (each step commits, and what ready_upto covers is indexed).
        var build = _build ??= new PostingsBuild(index.BeginBulkLoad(Math.Max(1L, (long)_db.Options.PostingsBulkMegabytes << 20)));
        var write = PostingsWriteOf(s);
        build.Load.Add(write, active, RentTokenizer, ReturnTokenizer);
        var done = rows.Count < _db.Options.PostingsBuildBatch;
        build.Cursor = rows.Count > 0 ? rows[^1].Id : from;
        if (done || ready == 0)
        {
            // (The first step writes its rows at once: ready_upto 0 would have the next step empty the index again.)
            build.Load.Flush(write);
        }

        if (build.Load.Pending == 0)
        {
            s.Execute("UPDATE postings_state SET value = @v WHERE key = 'ready_upto'", ("@v", done ? PostingsComplete : build.Cursor));
        }

        return done;
    }

    /// <summary>A build of the index from the quotes table (under the write lock): its bulk load and the last quote id read.</summary>
    private sealed class PostingsBuild(PostingsBulkLoad load)
    {
        public PostingsBulkLoad Load { get; } = load;

        /// <summary>The last quote id read: the rows up to it are in the index or in the load's buffer.</summary>
        public long Cursor { get; set; }
    }

    private PostingsBuild? _build; // under the write lock

    /// <summary>Tests: one step of the build, in its own transaction, without starting the background build.</summary>
    internal Task<bool> BuildPostingsStepForTestsAsync() => WriteAsync(s =>
    {
        var done = BuildPostingsStep(s);
        FinishPostingsWrite();
        ScheduleMaintenanceAfterCommit = false;
        return done;
    }, transaction: true, CancellationToken.None);

    /// <summary>After a build: its segments merged into one (<see cref="PostingsBulkLoad.Complete"/>).</summary>
    private bool CompleteBuild(SqliteSession s)
    {
        if (_build is { } build && ReferenceEquals(build.Load.Index, s.Postings) && PostingsReadyUpto(s) == PostingsComplete)
        {
            build.Load.Complete();
        }

        _build = null;
        return false;
    }

    /// <summary>Builds the index if it is not complete, then merges its segments; each step its own write transaction.</summary>
    internal async Task MaintainPostingsAsync(CancellationToken ct = default)
    {
        if (!PostingsAvailable)
        {
            return;
        }

        await BuildPostingsAsync(ct);
        await MergePostingsAsync(ct);
    }

    /// <summary>Builds the index from the quotes table until it is complete (each step its own write transaction).</summary>
    private async Task BuildPostingsAsync(CancellationToken ct)
    {
        while (Read(PostingsReadyUpto) != PostingsComplete && !await WriteAsync(BuildPostingsStep, transaction: true, ct))
        {
        }

        if (_build is not null)
        {
            await WriteAsync(CompleteBuild, transaction: false, ct);
        }
    }

    /// <summary>Merges the index's segments while a merge is due, each merge its own transaction under the write lock.</summary>
    private async Task MergePostingsAsync(CancellationToken ct)
    {
        while (PostingsAvailable && !ct.IsCancellationRequested && Volatile.Read(ref _bulkLoadsRunning) == 0 && await WriteAsync(s => MergeOnce(s), transaction: false, ct))
        {
        }
    }

    /// <summary>
    /// One tiered merge, if one is due (the index's own rule: a size tier of live quotes, by powers of the merge
    /// factor, holding that many segments; or a segment more deleted than live): in its own transaction.
    /// </summary>
    private bool MergeOnce(SqliteSession s)
    {
        var index = SessionIndex(s, PostingsEpoch(s));
        var factor = index.Options.MergeFactor;
        var segments = index.Segments();
        var pick = segments.Where(x => x.Live > 0)
            .GroupBy(x => (int)Math.Floor(Math.Log(x.Live, factor)))
            .Where(g => g.Count() >= factor)
            .OrderBy(g => g.Key)
            .Select(g => g.OrderBy(x => x.Live).Take(factor).Select(x => x.Id).ToList())
            .FirstOrDefault();
        if (pick is null && segments.FirstOrDefault(x => x.Deleted * 2 > x.Docs) is { Docs: > 0 } sparse)
        {
            pick = [sparse.Id];
        }

        if (pick is null)
        {
            return false;
        }

        index.Merge(pick);
        return true;
    }

    /// <summary>Starts the background build and merges, or asks the running task for one more round.</summary>
    private void ScheduleMaintenance()
    {
        Volatile.Write(ref _maintenanceRequested, 1);
        if (_postingsDisposed == 1 || Interlocked.CompareExchange(ref _maintenanceScheduled, 1, 0) != 0)
        {
            return;
        }

        _maintenance = Task.Run(async () =>
        {
            try
            {
                while (Interlocked.Exchange(ref _maintenanceRequested, 0) == 1)
                {
                    await MaintainPostingsAsync(_closing.Token);
                }
            }
            catch (Exception ex) when (ex is ObjectDisposedException or SqliteStoreException or Microsoft.Data.Sqlite.SqliteException or OperationCanceledException)
            {
                // The store was closed, or the file is busy: the next write asks again.
            }
            finally
            {
                Volatile.Write(ref _maintenanceScheduled, 0);
            }

            if (Volatile.Read(ref _maintenanceRequested) == 1 && !_closing.IsCancellationRequested)
            {
                ScheduleMaintenance(); // asked for after the last round began
            }
        });
    }

    /// <summary>Tests: waits until no background build or merge is running.</summary>
    internal async Task PostingsIdleAsync()
    {
        while (true)
        {
            var current = _maintenance;
            await current;
            if (current == _maintenance && Volatile.Read(ref _maintenanceScheduled) == 0)
            {
                return;
            }

            await Task.Delay(5); // a new round is starting
        }
    }

    /// <summary>
    /// In the search's read transaction: the page from the postings index, or null while the index does not hold every
    /// active quote (being built: the caller waits for the build and asks again).
    /// </summary>
    private SearchPage? SearchPostings(SqliteSession s, QuoteQuery query, Visibility visibility, int offset, int limit)
    {
        if (!PostingsAvailable)
        {
            throw new InvalidOperationException("This file is held below migration 11 (a test's SchemaLimit): it has no search index.");
        }

        if (PostingsReadyUpto(s) != PostingsComplete)
        {
            return null;
        }

        var clauses = new List<IReadOnlyList<string>>();
        foreach (var t in query.Terms)
        {
            if (s.Terms!.QueryTokens(t) is { Count: > 0 } tokens)
            {
                clauses.Add(tokens);
            }
        }

        foreach (var p in query.Phrases)
        {
            if (p.SelectMany(w => s.Terms!.QueryTokens(w)).ToList() is { Count: > 0 } tokens)
            {
                clauses.Add(tokens);
            }
        }

        var excluded = query.Excluded.Select(e => (IReadOnlyList<string>)[e]).Concat(query.ExcludedPhrases)
            .Select(words => words.SelectMany(w => s.Terms!.QueryTokens(w)).ToList())
            .Where(tokens => tokens.Count > 0)
            .ToList();
        if (clauses.Count == 0)
        {
            // Nothing to rank by: a speaker filter (with -exclusions) lists the speaker's quotes newest first.
            return query.Speaker is { } speaker ? SpeakerNewestExcept(s, speaker, excluded, visibility, offset, limit) : new SearchPage([], false);
        }

        var scope = visibility.Scope is { } sc && HiddenQuotesExist(s, sc) ? sc.Key : null;
        var index = SessionIndex(s, PostingsEpoch(s));
        if (++s.PostingsSearches % 256 == 0)
        {
            index.ForgetDroppedSegments(); // merges replace segments: their cached ids and lengths go
        }

        PostingsTokenizer? tokenizer = null;
        try
        {
            Func<int, bool>? accept = null;
            if (scope is not null || excluded.Count > 0)
            {
                var scratch = new List<string>();
                accept = id =>
                {
                    // Scopes and -exclusions filter: asked only about a hit that would enter the page.
                    using var r = s.Command($"SELECT scope, text, {SpeakerColumn}, source_title FROM quotes WHERE id = @id", ("@id", (long)id)).ExecuteReader();
                    if (!r.Read())
                    {
                        return false;
                    }

                    if (scope is not null && r.GetString(0) is var sk && sk != "global" && sk != scope)
                    {
                        return false;
                    }

                    if (excluded.Count == 0)
                    {
                        return true;
                    }

                    tokenizer ??= RentTokenizer();
                    var a = Analysis.Of(tokenizer, new IndexedQuote(ReadText(r, 1)!, r.IsDBNull(2) ? null : r.GetString(2), ReadText(r, 3)), scratch);
                    return excluded.All(tokens => a.PhraseFrequency(tokens) == 0);
                };
            }

            var hits = index.Search(new PostingsQuery(clauses, query.Speaker), offset + limit + 1, accept);
            var ids = hits.Skip(offset).Select(h => (long)h.Id).ToList();
            var more = ids.Count > limit;
            if (more)
            {
                ids.RemoveAt(ids.Count - 1);
            }

            var byId = GetQuotes(s, ids).ToDictionary(q => q.Id);
            var items = ids.Select(i => byId.GetValueOrDefault(i))
                .Where(q => q is not null && q.Status == QuoteStatus.Active && visibility.CanSee(q.Scope))
                .Select(q => q!)
                .ToList();
            return new SearchPage(items, more);
        }
        finally
        {
            if (tokenizer is not null)
            {
                ReturnTokenizer(tokenizer);
            }
        }
    }

    /// <summary>
    /// speaker:name with -exclusions only: the speaker's visible active quotes, newest first, without those holding an
    /// excluded word or phrase in any indexed column (as FTS5's NOT "…" leaves them out).
    /// </summary>
    private SearchPage SpeakerNewestExcept(SqliteSession s, string speakerQuery, List<List<string>> excluded, Visibility visibility, int offset, int limit)
    {
        var speakerIds = MatchingSpeakers(s, speakerQuery);
        if (speakerIds.Count == 0)
        {
            return new SearchPage([], false);
        }

        var tokenizer = RentTokenizer();
        try
        {
            var scratch = new List<string>();
            var list = new List<Quote>(limit + 1);
            var skip = offset;
            using var r = s.Command($"SELECT {QuoteColumns} FROM quotes WHERE speaker_id IN (SELECT value FROM json_each(@ids)) AND status = 0 " +
                                    "AND (@all OR scope IN ('global', @scope)) ORDER BY id DESC",
                ("@ids", JsonIds(speakerIds)), ("@all", visibility.Scope is null), ("@scope", visibility.Scope?.Key ?? "")).ExecuteReader();
            while (list.Count <= limit && r.Read())
            {
                var q = ReadQuote(r);
                var a = Analysis.Of(tokenizer, Indexed(q), scratch);
                if (excluded.Any(tokens => a.PhraseFrequency(tokens) > 0))
                {
                    continue;
                }

                if (skip > 0)
                {
                    skip--;
                    continue;
                }

                list.Add(q);
            }

            var more = list.Count > limit;
            return new SearchPage(more ? list[..limit] : list, more);
        }
        finally
        {
            ReturnTokenizer(tokenizer);
        }
    }

    private void DisposePostings()
    {
        if (Interlocked.Exchange(ref _postingsDisposed, 1) == 1)
        {
            return;
        }

        _closing.Cancel();
        try
        {
            _maintenance.Wait(TimeSpan.FromMinutes(5)); // a merge in progress finishes (it cannot be cut short)
        }
        catch (AggregateException)
        {
            // the next write schedules the work again
        }

        _closing.Dispose();

        while (_postingsTokenizers.TryTake(out var t))
        {
            t.Dispose();
        }
    }
}
