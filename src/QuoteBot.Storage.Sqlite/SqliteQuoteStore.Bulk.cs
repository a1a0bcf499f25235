using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using QuoteBot.Core.Model;
using QuoteBot.Core.Storage;
using QuoteBot.Core.Text;

namespace QuoteBot.Storage.Sqlite;

/// <summary>
/// The bulk path (<see cref="AddManyAsync"/>: <c>quotebot import</c>, <c>migrate</c>, the bench). Everything that needs
/// no lock is done before the write lock, in parallel, while the previous batch is being written: keys folded and
/// hashed, duplicates found (within the batch, and against the store on a reader). Under the lock a batch re-checks its
/// duplicates, inserts its rows with the row triggers on insert taken out for the statement
/// (<see cref="InsertTriggers"/>; each row holds its "add" audit event), keeps the counts and speaker slots set-wise
/// through prepared statements bound by SQLite's own API (<see cref="BulkStatement"/>), and analyses its active rows
/// in parallel chunks into the load's postings buffer on another thread while the rows are inserted
/// (<see cref="BeginBatchPostings"/>). The writer keeps one
/// transaction open over several batches (<see cref="SqliteStoreOptions.ImportTransactionQuotes"/>,
/// <see cref="GroupWriter"/>; a load into an empty store is one transaction), and the postings buffered are written as
/// a segment before every commit. Set <c>QUOTEBOT_BULK_PROFILE=1</c> to see the CPU time of each phase
/// (<see cref="BulkProfile"/>).
/// </summary>
public sealed partial class SqliteQuoteStore
{
    public async Task<ImportSummary> AddManyAsync(IEnumerable<NewQuote> quotes, Actor actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(quotes);
        using var writer = new GroupWriter(this, actor, ct); // writes each batch while the next one is read and prepared
        using var loading = BeginBulkPostings(writer.Postings);
        var batch = new List<NewQuote>(_db.Options.ImportBatchSize);
        var t = BulkProfile.Start();
        try
        {
            foreach (var q in quotes)
            {
                Validate(q);
                batch.Add(q);
                if (batch.Count >= _db.Options.ImportBatchSize)
                {
                    t = BulkProfile.Stop("source + validate", t);
                    var prepared = PrepareBatch(batch, writer.EmptyStoreGroupOpen);
                    t = BulkProfile.Stop("prepare (total)", t);
                    batch = new List<NewQuote>(_db.Options.ImportBatchSize);
                    await writer.HandAsync(prepared);
                    t = BulkProfile.Start();
                }
            }

            if (batch.Count > 0)
            {
                await writer.HandAsync(PrepareBatch(batch));
            }
        }
        catch (Exception) when (!writer.Failed)
        {
            // A bad quote or a failing source: the batches handed over are still written and committed (or fail)
            // before this returns, so the store holds whole batches only and nothing writes after the caller sees the error.
            await writer.FinishAsync();
            throw;
        }

        var total = await writer.FinishAsync();
        if (total.Added > 0)
        {
            await CompleteBulkPostingsAsync(writer.Postings, ct); // the load's segments merged into one
            loading.Dispose(); // tiered merges may run again
            await AfterBulkLoadAsync(ct);
        }

        BulkProfile.Report();
        return total;
    }

    /// <summary>
    /// The writer side of a bulk load: a task that takes prepared batches one at a time and writes them, keeping one
    /// transaction open until it has written <see cref="SqliteStoreOptions.ImportTransactionQuotes"/> quotes, the load
    /// ends, or the next batch is a second late (a slow source does not hold the write lock). A batch is handed over
    /// only once the writer has finished the one before, so at most two prepared batches are in memory, as when every
    /// batch had its own transaction.
    /// </summary>
    private sealed class GroupWriter(SqliteQuoteStore store, Actor actor, CancellationToken ct) : IDisposable
    {
        private readonly SemaphoreSlim _idle = new(1); // the writer can take a batch
        private readonly SemaphoreSlim _ready = new(0); // a batch (or the end) was handed over
        private BulkBatch? _next;
        private volatile bool _stopped; // the writer failed (its task holds the error)
        private volatile bool _emptyStoreGroup; // the open transaction began on an empty store (nothing else is committed)
        private Task<ImportSummary>? _running;

        public bool Failed => _stopped;

        /// <summary>This load's postings bulk load (under the write lock; see <see cref="BulkPostings"/>).</summary>
        public BulkPostings Postings { get; } = new();

        /// <summary>
        /// The writer's open transaction began on an empty store: it is the only writer, so nothing is committed that a
        /// batch could duplicate (the writer still re-checks against its own earlier batches).
        /// </summary>
        public bool EmptyStoreGroupOpen => _emptyStoreGroup;

        public void Dispose()
        {
            if (_running is null or { IsCompleted: true })
            {
                _idle.Dispose();
                _ready.Dispose();
            }
        }

        /// <summary>Waits until the writer has taken the batch before, then hands <paramref name="batch"/> over.</summary>
        public async Task HandAsync(BulkBatch batch)
        {
            await _idle.WaitAsync(ct);
            if (_stopped)
            {
                await _running!; // the writer's error, not this batch
            }

            _next = batch;
            _ready.Release();
            _running ??= Task.Run(RunAsync); // not cancelled before it starts: RunAsync watches ct and releases what FinishAsync waits for
        }

        /// <summary>Ends the load: the writer commits what it holds; returns what was written, or the writer's error.</summary>
        public async Task<ImportSummary> FinishAsync()
        {
            if (_running is null)
            {
                return ImportSummary.Zero;
            }

            await _idle.WaitAsync(CancellationToken.None);
            if (!_stopped)
            {
                _next = null; // the end
                _ready.Release();
            }

            return await _running;
        }

        private async Task<ImportSummary> RunAsync()
        {
            var total = ImportSummary.Zero;
            try
            {
                while (true)
                {
                    await _ready.WaitAsync(ct); // outside the write lock
                    if (_next is null)
                    {
                        return total;
                    }

                    ImportSummary written;
                    bool end;
                    try
                    {
                        (written, end) = await store.WriteAsync(WriteGroup, transaction: true, ct);
                    }
                    finally
                    {
                        _emptyStoreGroup = false;
                    }

                    total = total.Plus(written);
                    if (end)
                    {
                        return total;
                    }
                }
            }
            catch
            {
                _stopped = true;
                _idle.Release(); // a loader waiting to hand over a batch sees the error
                throw;
            }
        }

        /// <summary>
        /// In one transaction: the batch handed over, then the next ones until enough quotes are written (on an empty
        /// store, with <see cref="SqliteStoreOptions.ImportEmptyStoreInOneTransaction"/>, until the load ends). The
        /// batches' speaker counts are summed and written at the end, with the postings buffered so far.
        /// </summary>
        private (ImportSummary Written, bool End) WriteGroup(SqliteSession s)
        {
            var result = ImportSummary.Zero;
            var quotes = 0;
            var end = false;
            var whole = store._db.Options.ImportEmptyStoreInOneTransaction && s.Scalar("SELECT 1 FROM quotes LIMIT 1") is null;
            _emptyStoreGroup = whole; // cleared by RunAsync when the transaction ends
            var stage = new GroupStage(s, whole);
            while (true)
            {
                var batch = _next!;
                _next = null;
                result = result.Plus(store.WriteBatch(s, batch, actor, stage, Postings));
                quotes += batch.Rows.Length;
                _idle.Release(); // the next batch may be handed over

                if (!whole && quotes >= store._db.Options.ImportTransactionQuotes)
                {
                    break;
                }

                if (!_ready.Wait(store._db.Options.ImportLateBatchWait, ct))
                {
                    // Late: commit; the batch is taken by the next transaction. The release the loader makes then is
                    // consumed there (RunAsync waits for it).
                    break;
                }

                if (_next is null)
                {
                    end = true;
                    break;
                }
            }

            var t = BulkProfile.Start();
            store.FlushBulkPostings(s, Postings); // nothing buffered is committed without its postings
            t = BulkProfile.Stop("group: postings flush", t);
            stage.WriteSpeakerCounts();
            BulkProfile.Stop("group: speaker counts", t);
            return (result, end);
        }
    }

    /// <summary>
    /// A transaction group's speaker counts, summed over its batches and written once at its end, and each speaker's
    /// next slot, read once per group: nothing else writes either table while the group's transaction is open.
    /// </summary>
    private const string SpeakerCountUpsert = "INSERT INTO speaker_counts(speaker_id, scope, active) VALUES (?1, ?2, ?3) " +
                                              "ON CONFLICT(speaker_id, scope) DO UPDATE SET active = active + excluded.active";

    private sealed class GroupStage(SqliteSession s, bool emptyStore = false)
    {
        /// <summary>
        /// In a group that began on an empty store: the pairs it has inserted, so that the duplicate re-check of each
        /// batch looks up only the rows that may equal one of them (<see cref="DedupeFilter"/>). Null otherwise: a quote
        /// committed by another writer before the group began is found only by the look-up.
        /// </summary>
        public DedupeFilter? Inserted { get; } = emptyStore ? new DedupeFilter() : null;

        private readonly Dictionary<(long Speaker, string Scope), long> _nextSlot = [];
        private readonly Dictionary<(long Speaker, string Scope), long> _speakerCounts = [];

        /// <summary>The group's next slot of a speaker in a scope, once the group has written one (else read it from the table).</summary>
        public bool TryGetNextSlot(long speaker, string scope, out long next) => _nextSlot.TryGetValue((speaker, scope), out next);

        public void SetNextSlot(long speaker, string scope, long next) => _nextSlot[(speaker, scope)] = next;

        /// <summary>Adds active quotes of a speaker in a scope, written by <see cref="WriteSpeakerCounts"/>.</summary>
        public void SpeakerCount(long speaker, string scope, long n) =>
            CollectionsMarshal.GetValueRefOrAddDefault(_speakerCounts, (speaker, scope), out _) += n;

        /// <summary>Adds the group's summed speaker counts to speaker_counts, in key order.</summary>
        public void WriteSpeakerCounts()
        {
            if (_speakerCounts.Count == 0)
            {
                return;
            }

            using var count = new BulkStatement(s, SpeakerCountUpsert);
            foreach (var ((speaker, scope), n) in _speakerCounts.OrderBy(x => x.Key.Speaker).ThenBy(x => x.Key.Scope, StringComparer.Ordinal))
            {
                count.Bind(1, speaker).Bind(2, scope).Bind(3, n).Run();
            }

            _speakerCounts.Clear();
        }
    }

    /// <summary>
    /// After a bulk load: the index's segments merged by tiers (each merge its own transaction), then the write-ahead
    /// log copied back and truncated.
    /// </summary>
    private async Task AfterBulkLoadAsync(CancellationToken ct)
    {
        await MergePostingsAsync(ct);
        await WriteAsync(s =>
        {
            var t = BulkProfile.Start(); // (each step on this thread: the profile counts this thread's CPU)
            VacuumFreePages(s);
            t = BulkProfile.Stop("after load: incremental vacuum", t);
            s.Run("PRAGMA wal_checkpoint(TRUNCATE)"); // best effort: a reader still on an old snapshot makes it stop early
            t = BulkProfile.Stop("after load: checkpoint", t);
            s.Run("PRAGMA shrink_memory"); // the writer's page cache, full after a load, is read again as needed
            BulkProfile.Stop("after load: shrink memory", t);
            return 0;
        }, transaction: false, ct);
    }

    /// <summary>
    /// The merged segments' pages leave the file (a no-op in a file without incremental auto-vacuum), a step of
    /// <see cref="SqliteStoreOptions.VacuumStepPages"/> pages per statement (each its own transaction), through a
    /// writer cache of <see cref="VacuumCacheKib"/> (set back after): with the full cache, moving the pages of a 1M-quote
    /// load (a few hundred MiB) raised the process's resident memory by about 32 MB, more than the cache itself.
    /// </summary>
    private void VacuumFreePages(SqliteSession s)
    {
        var free = FreePages(s);
        if (free == 0)
        {
            return;
        }

        var cache = Convert.ToInt64(s.Scalar("PRAGMA cache_size"), CultureInfo.InvariantCulture);
        s.Run(string.Create(CultureInfo.InvariantCulture, $"PRAGMA cache_size=-{VacuumCacheKib}"));
        try
        {
            var step = Math.Max(1, _db.Options.VacuumStepPages);
            while (free > 0)
            {
                s.Run(string.Create(CultureInfo.InvariantCulture, $"PRAGMA incremental_vacuum({step})"));
                _db.Options.VacuumStepSeen?.Invoke(Convert.ToInt64(s.Scalar("PRAGMA cache_size"), CultureInfo.InvariantCulture));
                var left = FreePages(s);
                if (left >= free)
                {
                    return; // (not an incremental auto-vacuum file: its free pages stay for reuse)
                }

                free = left;
            }
        }
        finally
        {
            s.Run(string.Create(CultureInfo.InvariantCulture, $"PRAGMA cache_size={cache}"));
        }

        static long FreePages(SqliteSession s) => Convert.ToInt64(s.Scalar("PRAGMA freelist_count"), CultureInfo.InvariantCulture);
    }

    /// <summary>Tests: one value read on the writer connection, under the write lock.</summary>
    internal Task<object?> WriterScalarForTestsAsync(string sql) => WriteAsync(s => s.Scalar(sql), transaction: false, CancellationToken.None);

    /// <summary>The writer's page cache while free pages are given back after a bulk load, in KiB.</summary>
    internal const int VacuumCacheKib = 2048;

    /// <summary>One batch of a bulk load, prepared off the write lock.</summary>
    private sealed class BulkBatch(PreparedQuote[] rows)
    {
        public PreparedQuote[] Rows { get; } = rows;

        /// <summary>Rows not to insert: equal to an earlier row of the batch or to a stored quote.</summary>
        public bool[] Duplicate { get; } = new bool[rows.Length];
    }

    /// <summary>Folds, hashes and deduplicates a batch, off the write lock.</summary>
    private BulkBatch PrepareBatch(List<NewQuote> quotes, bool emptyStoreGroupOpen = false)
    {
        var t = BulkProfile.Start();
        var rows = new PreparedQuote[quotes.Count];
        var workers = Math.Max(1, Math.Min(Environment.ProcessorCount, quotes.Count / 64));
        Parallel.For(0, workers, w =>
        {
            for (var i = quotes.Count * w / workers; i < quotes.Count * (w + 1) / workers; i++)
            {
                rows[i] = Prepare(quotes[i]);
                rows[i] = rows[i] with { Texts = StoreTexts(rows[i].Quote) }; // packed here, in parallel (migration 16)
            }
        });

        t = BulkProfile.Stop("prepare: fold + hash + pack", t);
        var batch = NewBatch(rows);
        if (!emptyStoreGroupOpen)
        {
            Read(s => MarkStoredDuplicates(s, batch)); // (a load into an empty store has only its own batches, re-checked by the writer)
        }

        BulkProfile.Stop("prepare: duplicates", t);
        // (The postings index's analysis is not done here: the writer analyses the rows in small chunks straight into
        // its bulk load's buffer, so a batch's analyses never live long enough to reach the old generation.)
        return batch;
    }

    /// <summary>A batch with its duplicates within itself marked, as one-by-one adds see them: the first of equal quotes is added.</summary>
    private static BulkBatch NewBatch(PreparedQuote[] rows)
    {
        var batch = new BulkBatch(rows);
        var seen = new HashSet<(string Scope, string Key)>(rows.Length);
        for (var i = 0; i < rows.Length; i++)
        {
            batch.Duplicate[i] = !seen.Add((rows[i].Quote.Scope.Key, rows[i].Quote.DedupeKey));
        }

        return batch;
    }

    /// <summary>
    /// Marks the rows of <paramref name="batch"/> equal to a stored quote (same scope and dedupe key, any status): one
    /// statement over the batch's (scope, hash) pairs, then the keys of the few stored rows found compared here.
    /// With <paramref name="onlyMaybe"/> (a group that began on an empty store) only the rows whose pair it may hold
    /// are looked up: no other row can have a stored duplicate. Returns how many rows it newly marked.
    /// </summary>
    private static int MarkStoredDuplicates(SqliteSession s, BulkBatch batch, DedupeFilter? onlyMaybe = null)
    {
        var byHash = new Dictionary<(string Scope, long Hash), List<int>>();
        for (var i = 0; i < batch.Rows.Length; i++)
        {
            if (!batch.Duplicate[i] && (onlyMaybe is null || onlyMaybe.MayContain(batch.Rows[i].Quote.Scope.Key, batch.Rows[i].DedupeHash)))
            {
                var key = (batch.Rows[i].Quote.Scope.Key, batch.Rows[i].DedupeHash);
                if (!byHash.TryGetValue(key, out var list))
                {
                    byHash[key] = list = [];
                }

                list.Add(i);
            }
        }

        if (byHash.Count == 0)
        {
            return 0;
        }

        var json = new StringBuilder(byHash.Count * 40).Append('[');
        foreach (var (scope, hash) in byHash.Keys)
        {
            AppendJsonRow(json, scope, hash);
        }

        var marked = 0;
        using var r = s.Command(
            "SELECT q.scope, q.dedupe_hash, q.text, " + SpeakerOf("q.") + " FROM json_each(@j) j CROSS JOIN quotes q " +
            "ON " + DedupeSeek("j.value ->> 1", "q.") + " AND q.scope = j.value ->> 0",
            ("@j", CloseJsonArray(json))).ExecuteReader();
        while (r.Read())
        {
            var key = TextFolding.DedupeKey(ReadText(r, 2)!, r.IsDBNull(3) ? null : r.GetString(3));
            foreach (var i in byHash[(r.GetString(0), r.GetInt64(1))])
            {
                if (!batch.Duplicate[i] && batch.Rows[i].Quote.DedupeKey == key)
                {
                    batch.Duplicate[i] = true;
                    marked++;
                }
            }
        }

        return marked;
    }

    /// <summary>
    /// The triggers on inserting into quotes whose per-row work a bulk batch does set-wise (counts, speaker slots). Any
    /// other insert trigger a later migration adds still fires for bulk rows.
    /// </summary>
    private static readonly string[] InsertTriggers = ["quotes_ai", "quotes_slots_ai"];

    /// <summary>Drops <see cref="InsertTriggers"/> in the current transaction and returns their CREATE statements, as stored.</summary>
    private static List<string> DropInsertTriggers(SqliteSession s)
    {
        var sql = new List<string>(InsertTriggers.Length);
        foreach (var name in InsertTriggers)
        {
            if (s.Scalar("SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND name = @n", ("@n", name)) is string create)
            {
                s.Run("DROP TRIGGER " + name);
                sql.Add(create);
            }
        }

        return sql;
    }

    // ?4: the speaker key until migration 13; the link's host id since migration 18. Outlet, publication day, adder and
    // add time in the stored forms of migration 15 (SqliteQuoteStore.Rows.cs), or a test's file's older columns.
    private string BulkInsertSql =>
        $"INSERT INTO quotes(id, text, speaker, speaker_id, {OutletColumn}, source_title, {UrlHostColumn}source_url, {PublishedColumn}, " +
        $"ctx_paragraph, ctx_before, ctx_after, ctx_audience, scope, {AddedByColumn}, added_at, status, dedupe_hash, add_actor) " +
        $"VALUES (?1, ?2, ?3, ?5, ?6, ?7, {(RowsSplitUrl ? "?4, " : "")}?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)";

    /// <summary>
    /// One batch of a bulk load, in the caller's transaction under the write lock. The rows that are not duplicates
    /// (re-checked here against what is committed now) get the next ids in batch order and are inserted one by one
    /// through one prepared statement while the insert triggers are out of the schema (dropped and recreated inside
    /// this transaction, so a failed or killed batch rolls back to them; the rows hold their "add" audit event); then
    /// they are counted per scope and speaker, numbered in their speaker slots per group, and put into the postings
    /// index. The result is the same rows, index, counts, slots and audit rows that one-by-one adds make.
    /// </summary>
    private ImportSummary WriteBatch(SqliteSession s, BulkBatch batch, Actor actor, GroupStage? stage = null, BulkPostings? bulk = null)
    {
        var t = BulkProfile.Start();
        var rows = batch.Rows;
        MarkStoredDuplicates(s, batch, stage?.Inserted); // a quote committed since the check (or, in a group on an empty store, by the group)
        var first = NextQuoteId(s);
        var ids = new long[rows.Length];
        var next = first;
        for (var i = 0; i < rows.Length; i++)
        {
            ids[i] = batch.Duplicate[i] ? 0 : next++;
        }

        var triggers = DropInsertTriggers(s);
        t = BulkProfile.Stop("write: recheck + triggers", t);
        var postings = BeginBatchPostings(s, batch, ids, bulk); // analysed and buffered beside the inserts
        try
        {
            return WriteRows(s, batch, ids, first, next, actor, stage, bulk, triggers, postings);
        }
        finally
        {
            postings.Abandon(); // (after a failure: the work beside the rows is over before the transaction rolls back)
        }
    }

    /// <summary>
    /// <see cref="WriteBatch"/>'s rows (ids given: <paramref name="first"/> up to <paramref name="next"/>), counts and
    /// slots, then the batch's postings (<paramref name="postings"/>, running beside them) finished (in the load's
    /// pipeline they may still run: FlushBulkPostings waits for them before the commit), and the pair words.
    /// </summary>
    private ImportSummary WriteRows(SqliteSession s, BulkBatch batch, long[] ids, long first, long next, Actor actor, GroupStage? stage, BulkPostings? bulk,
        List<string> triggers, BatchPostings postings)
    {
        var t = BulkProfile.Start();
        var rows = batch.Rows;
        var anyActive = false;
        var scopes = new Dictionary<string, int>(StringComparer.Ordinal);
        var groups = new Dictionary<(long Speaker, string Scope), List<long>>(Math.Min(rows.Length, 1024));
        var actorRow = ActorRow(s, actor); // the rows' "add" audit event (migration 10)
        try
        {
            using var insert = new BulkStatement(s, BulkInsertSql); // prepared with the triggers out of the schema
            for (var i = 0; i < rows.Length; i++)
            {
                if (batch.Duplicate[i])
                {
                    continue;
                }

                var q = rows[i].Quote;
                stage?.Inserted?.Add(q.Scope.Key, rows[i].DedupeHash);
                var speakerId = SpeakerId(s, q.Speaker, q.SpeakerKey);
                if (q.Status == QuoteStatus.Active)
                {
                    anyActive = true;
                    CollectionsMarshal.GetValueRefOrAddDefault(scopes, q.Scope.Key, out _)++;
                    if (speakerId is { } sid)
                    {
                        ref var group = ref CollectionsMarshal.GetValueRefOrAddDefault(groups, (sid, q.Scope.Key), out _);
                        (group ??= []).Add(ids[i]);
                    }
                }

                var texts = rows[i].Texts ?? StoreTexts(q);
                insert.Bind(1, ids[i]).BindStored(2, texts.Text).Bind(3, StoredSpeaker(s, q.Speaker, speakerId)).Bind(5, speakerId)
                    .BindStored(7, texts.Title).BindStored(10, texts.Paragraph).BindStored(11, texts.Before).BindStored(12, texts.After)
                    .Bind(13, q.Context?.Audience).Bind(14, q.Scope.Key).Bind(17, (long)q.Status).Bind(18, rows[i].DedupeHash).Bind(19, actorRow);
                BindUrl(s, insert, 4, 8, q.Source.Url);
                if (RowsCompact && q.AddedAt.Offset == TimeSpan.Zero)
                {
                    // Migration 15's forms bound as integers (as OutletValue, PublishedValue, AddedByValue, AddedAtValue give them, unboxed).
                    insert.Bind(6, NameId(s, q.Source.Outlet)).Bind(9, q.Source.Published?.DayNumber).Bind(15, NameId(s, q.AddedBy)).Bind(16, q.AddedAt.UtcTicks);
                }
                else
                {
                    insert.BindStored(6, OutletValue(s, q)).BindStored(9, PublishedValue(q)).BindStored(15, AddedByValue(s, q)).BindStored(16, AddedAtValue(q.AddedAt));
                }

                insert.Run();
            }
        }
        finally
        {
            t = BulkProfile.Stop("write: insert rows", t);
            // SQLite itself rolls the whole transaction back after some errors (disk full, I/O, out of memory): the
            // triggers are then back already, and recreating them would fail and hide the real error.
            if (SQLitePCL.raw.sqlite3_get_autocommit(s.Connection.Handle) == 0)
            {
                foreach (var sql in triggers)
                {
                    s.Run(sql);
                }
            }

            t = BulkProfile.Stop("write: recreate triggers", t);
        }

        var added = (int)(next - first);
        if (added == 0)
        {
            postings.Finish();
            return new ImportSummary(0, rows.Length);
        }

        if (!anyActive)
        {
            postings.Finish();
            return new ImportSummary(added, rows.Length - added);
        }

        foreach (var (scope, n) in scopes)
        {
            s.Execute("INSERT INTO scope_counts(scope, active) VALUES (@s, @n) ON CONFLICT(scope) DO UPDATE SET active = active + excluded.active",
                ("@s", scope), ("@n", n));
        }

        // Per speaker and scope: the active count, and the new quotes numbered after the group's current last slot in
        // id order, as the slot trigger numbers one-by-one adds.
        // In a transaction group the counts are summed and written at its end, and each speaker's next slot is read
        // once per group and then kept here: nothing else writes either table while the group's transaction is open.
        using (var count = stage is null ? new BulkStatement(s, SpeakerCountUpsert) : null)
        using (var lastSlot = new BulkStatement(s, "SELECT max(slot) FROM speaker_slots WHERE speaker_id = ?1 AND scope = ?2"))
        using (var slot = new BulkStatement(s, "INSERT INTO speaker_slots(speaker_id, scope, slot, quote_id) VALUES (?1, ?2, ?3, ?4)"))
        {
            foreach (var ((speaker, scope), quoteIds) in groups)
            {
                long slotNo;
                if (stage is null)
                {
                    count!.Bind(1, speaker).Bind(2, scope).Bind(3, quoteIds.Count).Run();
                    slotNo = (lastSlot.Bind(1, speaker).Bind(2, scope).Long() ?? -1) + 1;
                }
                else
                {
                    stage.SpeakerCount(speaker, scope, quoteIds.Count);
                    if (!stage.TryGetNextSlot(speaker, scope, out slotNo))
                    {
                        slotNo = (lastSlot.Bind(1, speaker).Bind(2, scope).Long() ?? -1) + 1;
                    }
                }

                foreach (var id in quoteIds)
                {
                    slot.Bind(1, speaker).Bind(2, scope).Bind(3, slotNo++).Bind(4, id).Run();
                }

                stage?.SetNextSlot(speaker, scope, slotNo);
            }
        }
        t = BulkProfile.Stop("write: counts + slots", t);

        postings.Finish();
        t = BulkProfile.Stop("write: wait for postings", t);
        EnsurePairWords(s, bulk);
        BulkProfile.Stop("write: pair words", t);
        return new ImportSummary(added, rows.Length - added);
    }

    /// <summary>The id the next inserted quote gets (AUTOINCREMENT: after every id ever used).</summary>
    private static long NextQuoteId(SqliteSession s) => Convert.ToInt64(s.Scalar(
        "SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'quotes'), 0), coalesce((SELECT max(id) FROM quotes), 0)) + 1"),
        CultureInfo.InvariantCulture);

    /// <summary>Appends <c>["term",a,b,...],</c> to a JSON array under construction (term escaped as a JSON string).</summary>
    private static void AppendJsonRow(StringBuilder json, string term, params ReadOnlySpan<long> numbers)
    {
        json.Append("[\"");
        foreach (var ch in term)
        {
            if (ch is '"' or '\\')
            {
                json.Append('\\').Append(ch);
            }
            else if (ch < ' ')
            {
                json.Append("\\u").Append(((int)ch).ToString("x4", CultureInfo.InvariantCulture));
            }
            else
            {
                json.Append(ch);
            }
        }

        json.Append('"');
        foreach (var n in numbers)
        {
            json.Append(',').Append(n.ToString(CultureInfo.InvariantCulture));
        }

        json.Append("],");
    }

    private static string CloseJsonArray(StringBuilder json)
    {
        json.Length -= json.Length > 1 ? 1 : 0; // the last row's comma
        return json.Append(']').ToString();
    }
}
