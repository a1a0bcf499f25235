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
/// hashed, duplicates found (within the batch, and against the store on a reader), rows tokenized with FTS5's own
/// tokenizer and their term statistics summed. Under the lock a batch re-checks its duplicates, inserts its rows with
/// the row triggers on insert taken out for the statement (<see cref="InsertTriggers"/>), then keeps the full-text
/// index with one INSERT … SELECT over the batch, or over <see cref="FullTextQuotes"/> quotes of a transaction group
/// (each row holds its "add" audit event), and the counts, speaker slots, term statistics
/// and postings row by row in key order through prepared statements bound by SQLite's own API
/// (<see cref="BulkStatement"/>). The writer keeps one transaction open over several batches
/// (<see cref="SqliteStoreOptions.ImportTransactionQuotes"/>, <see cref="GroupWriter"/>; a load into an empty store is
/// one transaction), so the pages those tables share between batches are written once per transaction; the heavy and
/// pair postings of a transaction are staged and moved into their tables in key order at its end
/// (<see cref="PostingStage"/>). Set <c>QUOTEBOT_BULK_PROFILE=1</c> to see the CPU time of each phase
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
            t = BulkProfile.Start();
            await CompleteBulkPostingsAsync(writer.Postings, ct); // the load's segments merged into one
            loading.Dispose(); // tiered merges may run again
            await AfterBulkLoadAsync(total.Added, ct);
            BulkProfile.Stop("after load (merge, checkpoint)", t);
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
        /// batches' heavy and pair postings are staged and moved into their tables in key order at the end, then the
        /// summed term counts are written.
        /// </summary>
        private (ImportSummary Written, bool End) WriteGroup(SqliteSession s)
        {
            var result = ImportSummary.Zero;
            var quotes = 0;
            var pending = new BatchTermStats(); // term_tf and doc_lengths counts of the batches, written once at the end
            var end = false;
            var whole = store._db.Options.ImportEmptyStoreInOneTransaction && s.Scalar("SELECT 1 FROM quotes LIMIT 1") is null;
            _emptyStoreGroup = whole; // cleared by RunAsync when the transaction ends
            using var stage = new PostingStage(s);
            var unindexed = NextQuoteId(s); // the first row of the group not yet in the full-text index
            var unindexedQuotes = 0;
            while (true)
            {
                var batch = _next!;
                _next = null;
                result = result.Plus(store.WriteBatch(s, batch, actor, pending, stage, Postings));
                store.ReturnStats(batch.Stats);
                quotes += batch.Rows.Length;
                unindexedQuotes += batch.Rows.Length;
                _idle.Release(); // the next batch may be handed over
                if (unindexedQuotes >= FullTextQuotes)
                {
                    unindexed = IndexGroupRows(s, unindexed);
                    unindexedQuotes = 0;
                }

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

            IndexGroupRows(s, unindexed);
            var t = BulkProfile.Start();
            store.FlushBulkPostings(s, Postings); // nothing buffered is committed without its postings
            t = BulkProfile.Stop("group: postings flush", t);
            stage.WriteSpeakerCounts();
            t = BulkProfile.Stop("group: speaker counts", t);
            stage.MoveIntoTables();
            t = BulkProfile.Stop("group: move staged postings", t);
            WriteCounts(s, pending.SortedCounts(), pending.Lengths);
            BulkProfile.Stop("group: term counts", t);
            return (result, end);
        }
    }

    /// <summary>
    /// A transaction group puts its rows into the full-text index this many quotes at a time (whole batches), not batch
    /// by batch: FTS5 writes what one statement indexed as a new segment and merges segments as they pile up, so fewer,
    /// larger statements merge less (at 1M quotes, 50 statements instead of 400 cost a third less CPU in the sqlite3
    /// shell). Its pending terms for that many quotes stay in memory until the statement ends (6–8 MB more at the peak).
    /// </summary>
    internal const int FullTextQuotes = 20_000;

    /// <summary>Indexes the group's rows from id <paramref name="from"/> on; returns the id of the next row to index.</summary>
    private static long IndexGroupRows(SqliteSession s, long from)
    {
        var t = BulkProfile.Start();
        IndexRows(s, from);
        BulkProfile.Stop("group: fts5 index", t);
        return NextQuoteId(s);
    }

    /// <summary>
    /// A transaction group's heavy and pair postings, appended to unindexed temporary tables (the writer's temp store
    /// is a file, so they do not stay in memory) as the batches are written, then moved into heavy_postings and
    /// pair_postings by one INSERT … SELECT … ORDER BY key each: SQLite's sorter orders them, and each B-tree page is
    /// visited once per group in key order (for a load into an empty store, the tables are built by appending).
    /// In the group's transaction: a rollback takes the staged rows back with everything else.
    /// </summary>
    /// <summary>Tests: the writer's cache while staged postings are moved (<see cref="PostingStage.MoveCacheMegabytes"/>).</summary>
    internal const int MoveCacheMegabytesForTests = PostingStage.MoveCacheMegabytes;

    private const string SpeakerCountUpsert = "INSERT INTO speaker_counts(speaker_id, scope, active) VALUES (?1, ?2, ?3) " +
                                              "ON CONFLICT(speaker_id, scope) DO UPDATE SET active = active + excluded.active";

    private sealed class PostingStage(SqliteSession s) : IDisposable
    {
        private BulkStatement? _heavy;
        private BulkStatement? _pairs;
        private bool _anyHeavy;
        private bool _anyPairs;
        private readonly Dictionary<(long Speaker, string Scope), long> _nextSlot = [];
        private readonly Dictionary<(long Speaker, string Scope), long> _speakerCounts = [];

        /// <summary>The group's next slot of a speaker in a scope (read from the table the first time).</summary>
        public long NextSlot(long speaker, string scope, Func<long> read) =>
            _nextSlot.TryGetValue((speaker, scope), out var next) ? next : read();

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

        public void Heavy(string term, long wtf, long dl, long doc)
        {
            _heavy ??= Open("bulk_heavy(term TEXT NOT NULL, wtf INTEGER NOT NULL, dl INTEGER NOT NULL, doc INTEGER NOT NULL)",
                "INSERT INTO temp.bulk_heavy(term, wtf, dl, doc) VALUES (?1, ?2, ?3, ?4)");
            _heavy.Bind(1, term).Bind(2, wtf).Bind(3, dl).Bind(4, doc).Run();
            _anyHeavy = true;
        }

        public void Pair(long pair, long f, long dl, long doc)
        {
            _pairs ??= Open("bulk_pairs(pair INTEGER NOT NULL, f INTEGER NOT NULL, dl INTEGER NOT NULL, doc INTEGER NOT NULL)",
                "INSERT INTO temp.bulk_pairs(pair, f, dl, doc) VALUES (?1, ?2, ?3, ?4)");
            _pairs.Bind(1, pair).Bind(2, f).Bind(3, dl).Bind(4, doc).Run();
            _anyPairs = true;
        }

        /// <summary>
        /// Moves the staged postings into their tables, in their keys' order, and empties the stage. SQLite's sorter
        /// keeps as much in memory as the page cache may hold before it writes a sorted run to a temporary file, and
        /// the page cache is full of the transaction's pages by then: so the writer's cache is cut to
        /// <see cref="MoveCacheMegabytes"/> for the two statements (the sorter then holds that much; the moves append
        /// in key order and need few pages) and set back after, whatever happens.
        /// </summary>
        public void MoveIntoTables()
        {
            if (!_anyHeavy && !_anyPairs)
            {
                return;
            }

            var full = s.Scalar("PRAGMA cache_size");
            s.Run(string.Create(CultureInfo.InvariantCulture, $"PRAGMA cache_size={-1024 * MoveCacheMegabytes}"));
            try
            {
                if (_anyHeavy)
                {
                    s.Run("INSERT INTO heavy_postings(term, wtf, dl, doc) SELECT term, wtf, dl, doc FROM temp.bulk_heavy ORDER BY term, wtf, dl, doc DESC");
                    s.Run("DELETE FROM temp.bulk_heavy");
                    _anyHeavy = false;
                }

                if (_anyPairs)
                {
                    s.Run("INSERT INTO pair_postings(pair, f, dl, doc) SELECT pair, f, dl, doc FROM temp.bulk_pairs ORDER BY pair, f, dl, doc DESC");
                    s.Run("DELETE FROM temp.bulk_pairs");
                    _anyPairs = false;
                }
            }
            finally
            {
                s.Run(string.Create(CultureInfo.InvariantCulture, $"PRAGMA cache_size={Convert.ToInt64(full, CultureInfo.InvariantCulture)}"));
            }
        }

        /// <summary>The writer's page cache, and so the sorter's memory, while staged postings are moved (MiB).</summary>
        public const int MoveCacheMegabytes = 8;

        public void Dispose()
        {
            _heavy?.Dispose();
            _pairs?.Dispose();
        }

        private BulkStatement Open(string table, string insert)
        {
            // Created in the group's transaction (a rollback drops it again); emptied at the end of every group.
            s.Run("CREATE TEMP TABLE IF NOT EXISTS " + table);
            return new BulkStatement(s, insert);
        }
    }

    /// <summary>
    /// After a bulk load: when it added at least a quarter of the active quotes, FTS5's segments are merged into one
    /// (each batch left its own; a search looks a word up in every segment), in short steps of its own transactions so
    /// other writers get the lock in between. Then the write-ahead log is copied back and truncated.
    /// </summary>
    private async Task AfterBulkLoadAsync(long added, CancellationToken ct)
    {
        var active = Read(s => Convert.ToInt64(s.Scalar("SELECT coalesce(sum(active), 0) FROM scope_counts"), CultureInfo.InvariantCulture));
        if (added * 4 >= active)
        {
            while (true)
            {
                // A 'merge' with a negative page count merges segments of any level; it changes nothing but its own
                // row once one segment is left.
                var changes = await WriteAsync(s =>
                {
                    var before = Convert.ToInt64(s.Scalar("SELECT total_changes()"), CultureInfo.InvariantCulture);
                    s.Execute("INSERT INTO quotes_fts(quotes_fts, rank) VALUES ('merge', -2000)");
                    return Convert.ToInt64(s.Scalar("SELECT total_changes()"), CultureInfo.InvariantCulture) - before;
                }, transaction: true, ct);
                if (changes <= 1)
                {
                    break;
                }
            }
        }

        await MergePostingsAsync(ct); // the batches' segments, merged by tiers (each merge its own transaction)
        await WriteAsync(s =>
        {
            s.Run("PRAGMA incremental_vacuum"); // the merged segments' pages leave the file (a no-op in an older file)
            s.Run("PRAGMA wal_checkpoint(TRUNCATE)"); // best effort: a reader still on an old snapshot makes it stop early
            s.Run("PRAGMA shrink_memory"); // the writer's page cache, full after a load, is read again as needed
            return 0;
        }, transaction: false, ct);
    }

    /// <summary>One batch of a bulk load, prepared off the write lock.</summary>
    private sealed class BulkBatch(PreparedQuote[] rows)
    {
        public PreparedQuote[] Rows { get; } = rows;

        /// <summary>Rows not to insert: equal to an earlier row of the batch or to a stored quote.</summary>
        public bool[] Duplicate { get; } = new bool[rows.Length];

        /// <summary>
        /// Term statistics of the active rows that are not duplicates (as decided before the lock), one part per
        /// preparing worker (each its own rows; the writer adds them up). Null: not prepared.
        /// </summary>
        public BatchTermStats[]? Stats { get; set; }

        /// <summary>The pair words the rows' pairs were counted with (null: not chosen then).</summary>
        public Dictionary<string, int>? PairWords { get; set; }

        /// <summary>
        /// The active rows' pair postings counted while tokenizing, one list per preparing worker: each item a pair key
        /// (high 32 bits) and its weighted frequency in the row (low 32 bits); row i's are <see cref="PairCount"/>[i]
        /// items from <see cref="PairFrom"/>[i] in list <see cref="PairPart"/>[i]. Flat lists instead of a dictionary
        /// per row: a batch of 2,500 quotes allocates two lists instead of 2,500 dictionaries.
        /// </summary>
        public List<long>?[] PairParts { get; set; } = [];

        public int[] PairPart { get; } = new int[rows.Length];

        public int[] PairFrom { get; } = new int[rows.Length];

        /// <summary>How many pairs row i has; -1: not counted (not active, a duplicate, or no pair words then).</summary>
        public int[] PairCount { get; } = Filled(rows.Length, -1);

        /// <summary>Each active row's length as the index counts it.</summary>
        public int[] Lengths { get; } = new int[rows.Length];

        private static int[] Filled(int n, int value)
        {
            var a = new int[n];
            Array.Fill(a, value);
            return a;
        }
    }

    /// <summary>What the quotes_terms_ai trigger adds for a set of rows, summed: heavy postings by row index in the batch.</summary>
    private sealed class BatchTermStats
    {
        public Dictionary<(string Term, int Wtf), int> Counts { get; } = [];

        public Dictionary<int, int> Lengths { get; } = [];

        public List<(string Term, int Wtf, int Length, int Row)> Heavy { get; } = [];

        public void Add(Dictionary<string, int> terms, int length, int row)
        {
            CollectionsMarshal.GetValueRefOrAddDefault(Lengths, length, out _)++;
            foreach (var (term, wtf) in terms)
            {
                CollectionsMarshal.GetValueRefOrAddDefault(Counts, (term, wtf), out _)++;
                if (wtf >= SqliteSchema.HeavyFrequency)
                {
                    Heavy.Add((term, wtf, length, row));
                }
            }
        }

        /// <summary>Adds <paramref name="other"/>'s term counts and lengths (not its heavy postings).</summary>
        public void AddCounts(BatchTermStats other)
        {
            foreach (var (key, n) in other.Counts)
            {
                CollectionsMarshal.GetValueRefOrAddDefault(Counts, key, out _) += n;
            }

            foreach (var (dl, n) in other.Lengths)
            {
                CollectionsMarshal.GetValueRefOrAddDefault(Lengths, dl, out _) += n;
            }
        }

        /// <summary>Forgets everything and keeps the capacity (for <see cref="RentStats"/>).</summary>
        public void Clear()
        {
            Counts.Clear();
            Lengths.Clear();
            Heavy.Clear();
        }

        /// <summary>One part, or the parts summed into a new instance.</summary>
        public static BatchTermStats Sum(BatchTermStats[] parts)
        {
            if (parts.Length == 1)
            {
                return parts[0];
            }

            var sum = new BatchTermStats();
            foreach (var part in parts)
            {
                sum.Merge(part);
            }

            return sum;
        }

        public void Merge(BatchTermStats other)
        {
            foreach (var (key, n) in other.Counts)
            {
                CollectionsMarshal.GetValueRefOrAddDefault(Counts, key, out _) += n;
            }

            foreach (var (dl, n) in other.Lengths)
            {
                CollectionsMarshal.GetValueRefOrAddDefault(Lengths, dl, out _) += n;
            }

            Heavy.AddRange(other.Heavy);
        }

        /// <summary>The term counts ordered by term and frequency (B-tree order).</summary>
        public KeyValuePair<(string Term, int Wtf), int>[] SortedCounts()
        {
            var rows = Counts.ToArray();
            Array.Sort(rows, static (a, b) =>
            {
                var c = string.CompareOrdinal(a.Key.Term, b.Key.Term);
                return c != 0 ? c : a.Key.Wtf.CompareTo(b.Key.Wtf);
            });
            return rows;
        }
    }

    /// <summary>Folds, hashes and deduplicates a batch and sums its term statistics, all off the write lock.</summary>
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
            }
        });

        t = BulkProfile.Stop("prepare: fold + hash", t);
        var batch = NewBatch(rows);
        if (!emptyStoreGroupOpen)
        {
            Read(s => MarkStoredDuplicates(s, batch)); // (a load into an empty store has only its own batches, re-checked by the writer)
        }

        t = BulkProfile.Stop("prepare: duplicates", t);
        // Chosen once: the committed words, or those the writer's open transaction chose (a batch of a load into an
        // empty store is written in that transaction). The writer counts again if the words it sees are other ones.
        var words = batch.PairWords = _pairWords ?? _pendingPairWords;

        var parts = new BatchTermStats[workers];
        batch.PairParts = new List<long>?[workers];
        Parallel.For(0, workers, w => _db.WithTokenizer(terms =>
        {
            if (terms is null)
            {
                return 0; // no spare tokenizer: the writer sums the statistics itself
            }

            var part = parts[w] = RentStats();
            var from = rows.Length * w / workers;
            var to = rows.Length * (w + 1) / workers;
            var pairs = words is null ? null : new PairCounter(words); // one per worker, cleared for each row
            var pairList = words is null ? null : batch.PairParts[w] = new List<long>((to - from) * 8);
            for (var i = from; i < to; i++)
            {
                var q = rows[i].Quote;
                if (!batch.Duplicate[i] && q.Status == QuoteStatus.Active)
                {
                    // The row as the index will see it (FTS5's own tokenizer), here in parallel instead of under the lock.
                    pairs?.Clear();
                    var (t, length) = terms.Row(q.Text, q.Speaker, q.SpeakerKey, q.Source.Title, pairs);
                    part.Add(t, length, i);
                    batch.Lengths[i] = length;
                    if (pairs is not null)
                    {
                        batch.PairPart[i] = w;
                        batch.PairFrom[i] = pairList!.Count;
                        batch.PairCount[i] = pairs.Keyed!.Count;
                        foreach (var (pair, f) in pairs.Keyed)
                        {
                            pairList.Add(((long)pair << 32) | (uint)f);
                        }
                    }
                }
            }

            return 0;
        }));

        t = BulkProfile.Stop("prepare: tokenize", t);
        // (The postings index's analysis is not done here: the writer analyses the rows in small chunks straight into
        // its bulk load's buffer, so a batch's analyses never live long enough to reach the old generation.)
        t = BulkProfile.Stop("prepare: postings analysis", t);
        if (parts.All(p => p is not null))
        {
            batch.Stats = parts; // the writer stages the heavy postings and sums the counts over its transaction: no merge or sort here
        }
        else
        {
            ReturnStats(parts);
        }

        return batch;
    }

    /// <summary>
    /// Statistics instances of finished batches, cleared, for the next batches: their dictionaries and lists keep
    /// their capacity, so a load does not allocate (and the GC does not sweep) arrays of tens of thousands of entries
    /// for every batch.
    /// </summary>
    private readonly System.Collections.Concurrent.ConcurrentBag<BatchTermStats> _statsPool = [];

    private BatchTermStats RentStats() => _statsPool.TryTake(out var stats) ? stats : new BatchTermStats();

    /// <summary>Gives a written batch's statistics back to the pool (at most a few instances per core are kept).</summary>
    private void ReturnStats(BatchTermStats?[]? parts)
    {
        foreach (var part in parts ?? [])
        {
            if (part is not null && _statsPool.Count < 4 * Environment.ProcessorCount)
            {
                part.Clear();
                _statsPool.Add(part);
            }
        }
    }

    /// <summary>A batch with its duplicates within itself marked, as one-by-one adds see them: the first of equal quotes is added.</summary>
    private static BulkBatch NewBatch(PreparedQuote[] rows)
    {
        var batch = new BulkBatch(rows);
        var seen = new HashSet<(string Scope, string Key)>();
        for (var i = 0; i < rows.Length; i++)
        {
            batch.Duplicate[i] = !seen.Add((rows[i].Quote.Scope.Key, rows[i].Quote.DedupeKey));
        }

        return batch;
    }

    private static void SortHeavy(BatchTermStats stats) =>
        stats.Heavy.Sort((a, b) =>
        {
            var c = string.CompareOrdinal(a.Term, b.Term);
            c = c != 0 ? c : a.Wtf.CompareTo(b.Wtf);
            c = c != 0 ? c : a.Length.CompareTo(b.Length);
            return c != 0 ? c : a.Row.CompareTo(b.Row);
        });

    /// <summary>
    /// Marks the rows of <paramref name="batch"/> equal to a stored quote (same scope and dedupe key, any status): one
    /// statement over the batch's (scope, hash) pairs, then the keys of the few stored rows found compared here.
    /// Returns how many rows it newly marked.
    /// </summary>
    private static int MarkStoredDuplicates(SqliteSession s, BulkBatch batch)
    {
        var byHash = new Dictionary<(string Scope, long Hash), List<int>>();
        for (var i = 0; i < batch.Rows.Length; i++)
        {
            if (!batch.Duplicate[i])
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
            "SELECT q.scope, q.dedupe_hash, q.text, q.speaker FROM json_each(@j) j CROSS JOIN quotes q " +
            "ON " + DedupeSeek("j.value ->> 1", "q.") + " AND q.scope = j.value ->> 0",
            ("@j", CloseJsonArray(json))).ExecuteReader();
        while (r.Read())
        {
            var key = TextFolding.DedupeKey(r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3));
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
    /// The triggers on inserting into quotes whose per-row work a bulk batch does set-wise (full-text index and counts,
    /// term statistics, speaker slots, pair postings). Any other insert trigger a later migration adds still fires for
    /// bulk rows.
    /// </summary>
    private static readonly string[] InsertTriggers = ["quotes_ai", "quotes_terms_ai", "quotes_slots_ai", "quotes_pairs_ai"];

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

    private const string BulkInsertSql =
        "INSERT INTO quotes(id, text, speaker, speaker_key, speaker_id, source_outlet, source_title, source_url, source_published, " +
        "ctx_paragraph, ctx_before, ctx_after, ctx_audience, scope, added_by, added_at, status, dedupe_hash, add_actor) " +
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)";

    /// <summary>
    /// One batch of a bulk load, in the caller's transaction under the write lock. The rows that are not duplicates
    /// (re-checked here against what is committed now) get the next ids in batch order and are inserted one by one
    /// through one prepared statement while the insert triggers are out of the schema (dropped and recreated inside
    /// this transaction, so a failed or killed batch rolls back to them); then the batch's rows are indexed into FTS5
    /// by one INSERT … SELECT (the rows hold their "add" audit event), counted per scope and speaker and numbered in their speaker slots per
    /// group, and the summed term statistics are written once per (term, frequency) pair. The result is the same rows, index,
    /// statistics, counts, slots and audit rows that one-by-one adds through the triggers make.
    /// </summary>
    private ImportSummary WriteBatch(SqliteSession s, BulkBatch batch, Actor actor, BatchTermStats? pending = null, PostingStage? stage = null, BulkPostings? bulk = null)
    {
        var t = BulkProfile.Start();
        var rows = batch.Rows;
        var stale = MarkStoredDuplicates(s, batch) > 0 || batch.Stats is null; // a quote committed since the check
        var first = NextQuoteId(s);
        var ids = new long[rows.Length];
        var next = first;
        var anyActive = false;
        var scopes = new Dictionary<string, int>(StringComparer.Ordinal);
        var groups = new Dictionary<(long Speaker, string Scope), List<long>>();
        var actorRow = ActorRow(s, actor); // the rows' "add" audit event (migration 10)
        var triggers = DropInsertTriggers(s);
        t = BulkProfile.Stop("write: recheck + triggers", t);
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
                ids[i] = next++;
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

                insert.Bind(1, ids[i]).Bind(2, q.Text).Bind(3, q.Speaker).Bind(4, q.SpeakerKey).Bind(5, speakerId)
                    .Bind(6, q.Source.Outlet).Bind(7, q.Source.Title).Bind(8, q.Source.Url).Bind(9, FormatDate(q.Source.Published))
                    .Bind(10, q.Context?.Paragraph).Bind(11, q.Context?.Before).Bind(12, q.Context?.After).Bind(13, q.Context?.Audience)
                    .Bind(14, q.Scope.Key).Bind(15, q.AddedBy).Bind(16, FormatTime(q.AddedAt)).Bind(17, (long)q.Status).Bind(18, rows[i].DedupeHash)
                    .Bind(19, actorRow).Run();
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
            return new ImportSummary(0, rows.Length);
        }

        if (!anyActive)
        {
            return new ImportSummary(added, rows.Length - added);
        }

        if (stage is null)
        {
            IndexRows(s, first); // (a transaction group indexes several batches' rows at once: GroupWriter)
        }

        t = BulkProfile.Stop("write: fts5 index", t);
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
                    slotNo = stage.NextSlot(speaker, scope, () => (lastSlot.Bind(1, speaker).Bind(2, scope).Long() ?? -1) + 1);
                }

                foreach (var id in quoteIds)
                {
                    slot.Bind(1, speaker).Bind(2, scope).Bind(3, slotNo++).Bind(4, id).Run();
                }

                stage?.SetNextSlot(speaker, scope, slotNo);
            }
        }
        t = BulkProfile.Stop("write: counts + slots", t);

        var parts = batch.Stats!;
        if (stale)
        {
            // Rare: a duplicate appeared after the batch was prepared (an earlier batch of this load, or another
            // writer), or no tokenizer was free: the statistics are summed again here over the rows really added.
            var stats = new BatchTermStats();
            parts = [stats];
            for (var i = 0; i < rows.Length; i++)
            {
                var q = rows[i].Quote;
                if (!batch.Duplicate[i] && q.Status == QuoteStatus.Active)
                {
                    var (rowTerms, length) = s.Terms!.Row(q.Text, q.Speaker, q.SpeakerKey, q.Source.Title);
                    stats.Add(rowTerms, length, i);
                }
            }

        }

        t = BulkProfile.Stop("write: stale stats", t);
        if (pending is not null && PairWords(s) is not null)
        {
            // The counts wait for the end of the transaction (summed over its batches). Not while the pair words are
            // still to be chosen: EnsurePairWords below chooses them from term_tf as it stands after this batch.
            foreach (var part in parts)
            {
                pending.AddCounts(part);
            }
        }
        else
        {
            var sum = BatchTermStats.Sum(parts);
            WriteCounts(s, sum.SortedCounts(), sum.Lengths);
        }

        if (stage is null)
        {
            WriteHeavyPostings(s, BatchTermStats.Sum(parts), ids);
        }
        else
        {
            foreach (var part in parts)
            {
                foreach (var (term, wtf, length, row) in part.Heavy)
                {
                    stage.Heavy(term, wtf, length, ids[row]);
                }
            }
        }

        t = BulkProfile.Stop("write: term statistics", t);
        AddBatchToPostings(s, batch, ids, bulk);
        t = BulkProfile.Stop("write: postings index", t);
        AddPairPostings(s, batch, ids, stage);
        EnsurePairWords(s);
        BulkProfile.Stop("write: pairs", t);
        return new ImportSummary(added, rows.Length - added);
    }

    /// <summary>The id the next inserted quote gets (AUTOINCREMENT: after every id ever used).</summary>
    private static long NextQuoteId(SqliteSession s) => Convert.ToInt64(s.Scalar(
        "SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'quotes'), 0), coalesce((SELECT max(id) FROM quotes), 0)) + 1"),
        CultureInfo.InvariantCulture);

    /// <summary>
    /// Puts the active quotes from id <paramref name="first"/> on into the full-text index with one INSERT … SELECT, as
    /// the insert trigger would one by one (apostrophes dropped).
    /// </summary>
    private static void IndexRows(SqliteSession s, long first) =>
        s.Execute(
            "INSERT INTO quotes_fts(rowid, text, speaker, speaker_key, source_title) " +
            "SELECT id, replace(replace(text, char(39), ''), char(8217), ''), replace(replace(speaker, char(39), ''), char(8217), ''), speaker_key, " +
            "replace(replace(source_title, char(39), ''), char(8217), '') FROM quotes NOT INDEXED WHERE id >= @first AND status = 0",
            ("@first", first));

    /// <summary>Adds summed term counts (in key order: each B-tree page visited once) and document lengths.</summary>
    private static void WriteCounts(SqliteSession s, KeyValuePair<(string Term, int Wtf), int>[] termRows, Dictionary<int, int> lengths)
    {
        using (var upsert = new BulkStatement(s, "INSERT INTO term_tf(term, wtf, n) VALUES (?1, ?2, ?3) ON CONFLICT(term, wtf) DO UPDATE SET n = n + excluded.n"))
        {
            foreach (var ((term, wtf), n) in termRows)
            {
                upsert.Bind(1, term).Bind(2, wtf).Bind(3, n).Run();
            }
        }

        foreach (var (dl, n) in lengths)
        {
            s.Execute("INSERT INTO doc_lengths(dl, n) VALUES (@dl, @n) ON CONFLICT(dl) DO UPDATE SET n = n + excluded.n", ("@dl", dl), ("@n", n));
        }
    }

    /// <summary>A batch's heavy postings, in key order.</summary>
    private static void WriteHeavyPostings(SqliteSession s, BatchTermStats stats, long[] ids)
    {
        if (stats.Heavy.Count > 0)
        {
            SortHeavy(stats);
            using var heavy = new BulkStatement(s, "INSERT INTO heavy_postings(term, wtf, dl, doc) VALUES (?1, ?2, ?3, ?4)");
            foreach (var (term, wtf, length, row) in stats.Heavy)
            {
                heavy.Bind(1, term).Bind(2, wtf).Bind(3, length).Bind(4, ids[row]).Run();
            }
        }
    }

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
