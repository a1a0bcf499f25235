using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;
using QuoteBot.Core.Follows;
using QuoteBot.Core.Model;
using QuoteBot.Core.Storage;
using QuoteBot.Core.Text;

namespace QuoteBot.Storage.Sqlite;

/// <summary>Settings of the SQLite store.</summary>
public sealed record SqliteStoreOptions
{
    /// <summary>How long a statement waits for another writer's lock before giving up.</summary>
    public TimeSpan BusyTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Quotes per batch in <see cref="SqliteQuoteStore.AddManyAsync"/> (prepared together while the batch before is
    /// written; see <see cref="ImportTransactionQuotes"/>) and per transaction in <see cref="SqliteQuoteStore.RestoreAsync"/>.
    /// An import holds up to four batches at once (one read and prepared, one written, two in the postings pipeline),
    /// and their objects survive into the older generations: at 1M quotes, batches of 2,500 took the import's peak RSS
    /// to 199–201 MB, batches of 1,250 to 173 MB, for the same CPU time (docs/benchmarks.md, session 21).
    /// </summary>
    public int ImportBatchSize { get; init; } = 1_250;

    /// <summary>
    /// In <see cref="SqliteQuoteStore.AddManyAsync"/>: the writer keeps one transaction open over prepared batches until
    /// it has written at least this many quotes (whole batches; at least one batch per transaction). Fewer commits touch
    /// each page of the counts tables and indexes fewer times; the batches in memory stay those of
    /// <see cref="ImportBatchSize"/>. A failure rolls back the open transaction's batches.
    /// </summary>
    public int ImportTransactionQuotes { get; init; } = 20_000;

    /// <summary>
    /// In <see cref="SqliteQuoteStore.AddManyAsync"/>: a load that starts on a store holding no quote at all is written
    /// in one transaction (ending early only when the source is a second late with its next batch), whatever
    /// <see cref="ImportTransactionQuotes"/> says, so its postings are buffered and written as few segments.
    /// Interrupted, it leaves the store empty; run it again. A later load into the non-empty store goes by
    /// <see cref="ImportTransactionQuotes"/>. Off by default: the transaction holds the write lock for the whole load,
    /// so a bot using the same file could not write meanwhile (`quotebot import --one-transaction` and the bench turn
    /// it on).
    /// </summary>
    public bool ImportEmptyStoreInOneTransaction { get; init; }

    /// <summary>SQLite page cache of each reader connection, in MiB.</summary>
    public int ReaderCacheMegabytes { get; init; } = 16;

    /// <summary>SQLite page cache of the writer connection, in MiB (filled by large writes such as bulk loads).</summary>
    public int WriterCacheMegabytes { get; init; } = 32;

    /// <summary>
    /// How long the bulk writer waits for the next prepared batch before it commits what it holds, so that a slow source
    /// does not keep the write lock; long in tests that check where transactions end (a loaded machine prepares late).
    /// </summary>
    internal TimeSpan ImportLateBatchWait { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// In <see cref="SqliteQuoteStore.AddManyAsync"/>'s postings load: a batch's postings are buffered while the next
    /// batch is analysed and its rows written (<see cref="Postings.PostingsBulkLoad.Enqueue"/>); off in tests comparing
    /// with one batch at a time, which gives the same index.
    /// </summary>
    internal bool ImportPostingsPipeline { get; init; } = true;

    /// <summary>Tests: called by an import's postings load with each batch's last id once it is buffered (a failure thrown there fails the load).</summary>
    internal Action<int>? ImportPostingsBuffered { get; init; }

    /// <summary>Active quotes from which the postings index's pair words are chosen; small in tests.</summary>
    internal int PairIndexMinimumQuotes { get; init; } = 1_000;

    /// <summary>
    /// Memory budget, in MiB, of the postings buffer of a bulk load (<see cref="SqliteQuoteStore.AddManyAsync"/>, the
    /// index build): when reached, the buffered postings are written as one segment. Small in tests (0: a spill after
    /// every batch). 12 since session 14 (24 before): the buffer and its pool of blocks are most of a load's live heap,
    /// and the process's peak is about twice that heap.
    /// </summary>
    internal int PostingsBulkMegabytes { get; init; } = 12;

    /// <summary>
    /// Memory budget, in MiB, of an import's postings buffer (<see cref="SqliteQuoteStore.AddManyAsync"/>; the smaller
    /// of this and <see cref="PostingsBulkMegabytes"/>). An import spills to its scratch file, not to a segment (session
    /// 17: only the transaction's end writes one), so a smaller buffer adds no merge work there, and it holds fewer
    /// term buffers and blocks at the import's peak.
    /// </summary>
    internal int PostingsImportMegabytes { get; init; } = 8;

    /// <summary>After a bulk load, free pages given back to the file system per statement (<c>PRAGMA incremental_vacuum(n)</c>); small in tests.</summary>
    internal int VacuumStepPages { get; init; } = 4096;

    /// <summary>Tests: called after each step of giving free pages back, with the writer's <c>cache_size</c> then.</summary>
    internal Action<long>? VacuumStepSeen { get; init; }

    /// <summary>Quotes read per transaction while the postings index is built from the quotes table; small in tests.</summary>
    internal int PostingsBuildBatch { get; init; } = 5_000;

    /// <summary>Tests only: migrations above this version are not applied (a file as an older build left it).</summary>
    internal int? SchemaLimit { get; init; }
}

/// <summary>
/// Quotes, full-text search (its own postings index, Postings/) and small state in one SQLite file (WAL), through a <see cref="SqliteDatabase"/> (one writer
/// connection behind a lock, a pool of reader connections). Create, call <see cref="InitializeAsync"/>, share one
/// instance.
/// </summary>
public sealed partial class SqliteQuoteStore : IQuoteStore, IQuoteSearch, IStateStore, IArticleStore, IFollowStore, IDisposable
{
    /// <summary>
    /// The columns <see cref="ReadQuote"/> reads, from <c>FROM quotes</c>: the outlet and the adder are names rows
    /// (migration 15), each one seek in that small table; a speaker left NULL beside its speakers row is that row's
    /// name (migration 16, <see cref="SpeakerColumn"/>).
    /// </summary>
    internal const string QuoteColumns =
        "id, text, " + SpeakerColumn + ", (SELECT name FROM names WHERE names.id = quotes.outlet_id), source_title, " + UrlColumn + ", published_day, ctx_paragraph, " +
        "ctx_before, ctx_after, ctx_audience, scope, (SELECT name FROM names WHERE names.id = quotes.added_by_id), added_at, status";

    /// <summary>
    /// The source link: its scheme and host are a names row (url_host_id, migration 18) followed by the rest in
    /// source_url; a link kept whole has no host id (NULL: the empty prefix), no link is NULL.
    /// </summary>
    internal const string UrlColumn = "coalesce((SELECT name FROM names WHERE names.id = quotes.url_host_id), '') || source_url";

    /// <summary>The same columns in a file between migrations 15 and 18 (tests holding a file there; see SqliteSession.ColumnMap).</summary>
    internal const string QuoteColumns17 =
        "id, text, " + SpeakerColumn + ", (SELECT name FROM names WHERE names.id = quotes.outlet_id), source_title, source_url, published_day, ctx_paragraph, " +
        "ctx_before, ctx_after, ctx_audience, scope, (SELECT name FROM names WHERE names.id = quotes.added_by_id), added_at, status";

    /// <summary>The same columns in a file before migration 15 (tests holding a file there; see SqliteSession.ColumnMap).</summary>
    internal const string QuoteColumns14 =
        "id, text, speaker, source_outlet, source_title, source_url, source_published, ctx_paragraph, " +
        "ctx_before, ctx_after, ctx_audience, scope, added_by, added_at, status";

    private readonly SqliteDatabase _db;
    private readonly bool _ownsDatabase;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, long> _speakerIds = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _pendingSpeakerIds = new(StringComparer.Ordinal); // under the write lock
    private readonly ConcurrentDictionary<string, long> _nameIds = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _pendingNameIds = new(StringComparer.Ordinal); // under the write lock
    private readonly ConcurrentDictionary<long, string> _speakerNames = new();
    private readonly Dictionary<long, string> _pendingSpeakerNames = []; // under the write lock

    /// <summary>A store over its own <see cref="SqliteDatabase"/> on <paramref name="path"/> (disposed with the store).</summary>
    public SqliteQuoteStore(string path, SqliteStoreOptions? options = null, TimeProvider? time = null)
        : this(new SqliteDatabase(path, options), time, ownsDatabase: true)
    {
    }

    /// <summary>A store over a shared <paramref name="database"/> (the schedule store uses the same one).</summary>
    public SqliteQuoteStore(SqliteDatabase database, TimeProvider? time = null)
        : this(database, time, ownsDatabase: false)
    {
    }

    private SqliteQuoteStore(SqliteDatabase database, TimeProvider? time, bool ownsDatabase)
    {
        ArgumentNullException.ThrowIfNull(database);
        _db = database;
        _ownsDatabase = ownsDatabase;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>The database file.</summary>
    public string Path => _db.Path;

    /// <summary>The SQLite library version in use.</summary>
    public string SqliteVersion => Read(s => (string)s.Scalar("SELECT sqlite_version()")!);

    /// <summary>The highest schema version this build knows.</summary>
    public static int SchemaVersion => SqliteDatabase.SchemaVersion;

    public async Task InitializeAsync(CancellationToken ct = default)
    {
        _db.EnsureInitialized();
        if (!PostingsAvailable)
        {
            return; // a test's file held below migration 11
        }

        if (Read(PostingsReadyUpto) != PostingsComplete)
        {
            await MaintainPostingsAsync(ct); // an upgraded file (or one changed from outside): the index is built now
        }

        if (Read(s => Convert.ToInt64(s.Scalar("PRAGMA freelist_count"), CultureInfo.InvariantCulture)) > 0)
        {
            // Free pages (the tables migration 12 dropped, say) leave a file made with auto_vacuum=INCREMENTAL now;
            // in an older file this does nothing and they are reused by later writes.
            await WriteAsync(s =>
            {
                s.Run("PRAGMA incremental_vacuum");
                return 0;
            }, transaction: false, ct);
        }

        if (Read(PairWordsChosen))
        {
            _pairWordsChosen = true; // a reader sees only committed rows
        }
        else
        {
            // A store grown by writes that do not choose them (restores) gets its pair words here.
            await WriteAsync(s =>
            {
                EnsurePairWords(s);
                return 0;
            }, transaction: true, ct);
        }
    }

    // ---- connection plumbing (SqliteDatabase) ----------------------------------------------------------------------

    private T Read<T>(Func<SqliteSession, T> work) => _db.Read(work);

    private Task<T> WriteAsync<T>(Func<SqliteSession, T> work, bool transaction, CancellationToken ct)
    {
        SqliteSession? writer = null;
        return _db.WriteAsync(
            s =>
            {
                writer = s;
                _writeCommitted = false;
                var result = work(s);
                FinishPostingsWrite(); // the index's statistics, in the same transaction
                return result;
            },
            transaction,
            ct,
            committed: () =>
            {
                _writeCommitted = true;
                foreach (var (key, id) in _pendingSpeakerIds)
                {
                    _speakerIds[key] = id; // only ids whose rows are now committed are cached
                }

                foreach (var (name, id) in _pendingNameIds)
                {
                    _nameIds[name] = id; // likewise the names rows (migration 15)
                }

                foreach (var (id, name) in _pendingSpeakerNames)
                {
                    _speakerNames[id] = name; // and the speakers rows' names (migration 16)
                }

                _pairWordsChosen |= _pendingPairWordsChosen; // likewise the pair words chosen or seen in this transaction
            },
            finished: () =>
            {
                _pendingSpeakerIds.Clear();
                _pendingNameIds.Clear();
                _pendingSpeakerNames.Clear();
                _pendingPairWordsChosen = false;
                EndPostingsTransaction(writer, committed: _writeCommitted || !transaction);
            });
    }

    // ---- reads -----------------------------------------------------------------------------------------------------

    public Task<Quote?> GetAsync(long id, CancellationToken ct = default) =>
        Task.FromResult(Read(s => GetQuote(s, id)));

    private static Quote? GetQuote(SqliteSession s, long id)
    {
        using var r = s.Command($"SELECT {QuoteColumns} FROM quotes WHERE id = @id", ("@id", id)).ExecuteReader();
        return r.Read() ? ReadQuote(r) : null;
    }

    public Task<IReadOnlyList<Quote>> GetManyAsync(IReadOnlyCollection<long> ids, CancellationToken ct = default)
    {
        if (ids.Count == 0)
        {
            return Task.FromResult<IReadOnlyList<Quote>>([]);
        }

        return Task.FromResult(Read(s => GetQuotes(s, ids)));
    }

    private static readonly string[] SmallInLists = Enumerable.Range(0, 9)
        .Select(n => $"SELECT {QuoteColumns} FROM quotes WHERE id IN (" + string.Join(", ", Enumerable.Range(0, n).Select(i => "@p" + i)) + ")")
        .ToArray();

    private static IReadOnlyList<Quote> GetQuotes(SqliteSession s, IReadOnlyCollection<long> ids)
    {
        if (ids.Count is > 0 and < 9)
        {
            // A few ids (random picks, a page of results): one prepared statement per count.
            Span<(string, object?)> args = new (string, object?)[ids.Count];
            var i = 0;
            foreach (var id in ids)
            {
                args[i] = ("@p" + i.ToString(CultureInfo.InvariantCulture), id);
                i++;
            }

            using var small = s.Command(SmallInLists[ids.Count], args).ExecuteReader();
            var found = new List<Quote>(ids.Count);
            while (small.Read())
            {
                found.Add(ReadQuote(small));
            }

            return found;
        }

        var json = JsonIds(ids);
        using var r = s.Command($"SELECT {QuoteColumns} FROM quotes WHERE id IN (SELECT value FROM json_each(@ids))", ("@ids", json)).ExecuteReader();
        var list = new List<Quote>();
        while (r.Read())
        {
            list.Add(ReadQuote(r));
        }

        return list;
    }

    public Task<long> CountAsync(Visibility visibility, CancellationToken ct = default) =>
        Task.FromResult(Read(s =>
        {
            var v = visibility.Scope is { } scope
                ? s.Scalar("SELECT coalesce(sum(active), 0) FROM scope_counts WHERE scope IN ('global', @s)", ("@s", scope.Key))
                : s.Scalar("SELECT coalesce(sum(active), 0) FROM scope_counts");
            return Convert.ToInt64(v, CultureInfo.InvariantCulture);
        }));

    public Task<long> MaxIdAsync(CancellationToken ct = default) =>
        Task.FromResult(Read(s => Convert.ToInt64(
            s.Scalar("SELECT coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'quotes'), 0)"), CultureInfo.InvariantCulture)));

    public async IAsyncEnumerable<Quote> ExportAsync([EnumeratorCancellation] CancellationToken ct = default)
    {
        _db.EnsureInitialized();
        const int Page = 1000;
        var after = 0L;
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            var page = Read(s =>
            {
                using var r = s.Command($"SELECT {QuoteColumns} FROM quotes WHERE id > @after ORDER BY id LIMIT {Page}", ("@after", after)).ExecuteReader();
                var list = new List<Quote>(Page);
                while (r.Read())
                {
                    list.Add(ReadQuote(r));
                }

                return list;
            });
            foreach (var q in page)
            {
                yield return q;
            }

            if (page.Count < Page)
            {
                yield break;
            }

            after = page[^1].Id;
            await Task.Yield();
        }
    }

    public Task<IReadOnlyList<AuditEntry>> GetAuditAsync(long quoteId, CancellationToken ct = default) =>
        Task.FromResult<IReadOnlyList<AuditEntry>>(Read(s =>
        {
            using var r = s.Command(
                // The audit view (migration 10): the add event kept in the quote row first, then audit_log's rows.
                "SELECT quote_id, action, actor_id, actor_name, at, before_json, after_json FROM audit WHERE quote_id = @q ORDER BY id",
                ("@q", quoteId)).ExecuteReader();
            var list = new List<AuditEntry>();
            while (r.Read())
            {
                list.Add(new AuditEntry(
                    r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3),
                    ParseTime(r.GetString(4)),
                    QuoteSnapshotJson.Read(r.IsDBNull(5) ? null : r.GetString(5), QuoteSnapshotStyle.Pascal),
                    QuoteSnapshotJson.Read(r.IsDBNull(6) ? null : r.GetString(6), QuoteSnapshotStyle.Pascal)));
            }

            r.Close();
            for (var i = 0; i < list.Count; i++)
            {
                if (list[i] is { Action: "add", After: null })
                {
                    // Every later change is audited, so what was added is the next entry's "before", or the quote now.
                    var after = i + 1 < list.Count ? list[i + 1].Before : GetQuote(s, quoteId);
                    list[i] = list[i] with { After = after };
                }
            }

            return list;
        }));

    // ---- writes ----------------------------------------------------------------------------------------------------

    public Task<AddResult> AddAsync(NewQuote quote, Actor actor, CancellationToken ct = default)
    {
        Validate(quote);
        var prepared = Prepare(quote);
        return WriteAsync(s =>
        {
            var result = AddOne(s, prepared, actor);
            EnsurePairWords(s);
            return result;
        }, transaction: true, ct);
    }

    /// <summary>
    /// A quote ready to insert: keys folded and hashed off the write lock (in parallel for a bulk batch), and there its
    /// long texts packed too (<see cref="Texts"/>; null: packed when written).
    /// </summary>
    private readonly record struct PreparedQuote(Quote Quote, long DedupeHash)
    {
        public StoredTexts? Texts { get; init; }
    }

    /// <summary>A quote's long texts as its row stores them (<see cref="StoredText"/>: packed or plain).</summary>
    private readonly record struct StoredTexts(object Text, object? Title, object? Paragraph, object? Before, object? After);

    private StoredTexts StoreTexts(Quote q) =>
        new(StoredText(q.Text)!, StoredText(q.Source.Title), StoredText(q.Context?.Paragraph), StoredText(q.Context?.Before), StoredText(q.Context?.After));

    private static PreparedQuote Prepare(NewQuote nq)
    {
        var q = nq.ToQuote(0);
        return new PreparedQuote(q, DedupeHash(q.DedupeKey));
    }

    private static void Validate(NewQuote q)
    {
        ArgumentNullException.ThrowIfNull(q);
        NewQuoteRules.Check(q);
        QuoteRules.Ensure(q);
    }

    private AddResult AddOne(SqliteSession s, PreparedQuote p, Actor actor)
    {
        var q = p.Quote;
        var speakerId = SpeakerId(s, q.Speaker, q.SpeakerKey);
        var url = StoredUrl(s, q.Source.Url);

        // One statement: insert unless an equal quote (same scope and dedupe key) exists. The row holds its "add" audit
        // event: who (add_actor) and when (added_at); the audit view shows it (migration 10).
        var v = s.Scalar(
            $"INSERT INTO quotes(text, speaker, {SpeakerKeyColumn}speaker_id, {OutletColumn}, source_title, {UrlHostColumn}source_url, {PublishedColumn}, " +
            $"ctx_paragraph, ctx_before, ctx_after, ctx_audience, scope, {AddedByColumn}, added_at, status, dedupe_hash, add_actor) " +
            $"SELECT @text, @speaker, {SpeakerKeyValue}@sid, @outlet, @title, {UrlHostValue}@url, @pub, @para, @before, @after, @aud, @scope, @by, @at, @st, @dh, @act " +
            $"WHERE NOT EXISTS (SELECT 1 FROM quotes WHERE {DedupeSeek("@dh")} AND scope = @scope AND {DedupeKeyFunction}(text, {SpeakerColumn}) = @dk) RETURNING id",
            ("@text", StoredText(q.Text)), ("@speaker", StoredSpeaker(s, q.Speaker, speakerId)), ("@skey", q.SpeakerKey), ("@sid", speakerId),
            ("@outlet", OutletValue(s, q)), ("@title", StoredText(q.Source.Title)), ("@host", url.Host), ("@url", url.Path), ("@pub", PublishedValue(q)),
            ("@para", StoredText(q.Context?.Paragraph)), ("@before", StoredText(q.Context?.Before)), ("@after", StoredText(q.Context?.After)), ("@aud", q.Context?.Audience),
            ("@scope", q.Scope.Key), ("@by", AddedByValue(s, q)), ("@at", AddedAtValue(q.AddedAt)), ("@st", (int)q.Status), ("@dk", q.DedupeKey), ("@dh", p.DedupeHash),
            ("@act", ActorRow(s, actor)));
        if (v is null)
        {
            var existing = FindDuplicate(s, q.Scope.Key, q.DedupeKey, exceptId: 0);
            return new AddResult(GetQuote(s, existing)!, Added: false);
        }

        var id = Convert.ToInt64(v, CultureInfo.InvariantCulture);
        var added = q with { Id = id };
        PostingsChange(s, id, null, added);
        return new AddResult(added, Added: true);
    }

    private static long FindDuplicate(SqliteSession s, string scope, string dedupeKey, long exceptId)
    {
        var v = s.Scalar($"SELECT id FROM quotes WHERE {DedupeSeek("@h")} AND scope = @s AND {DedupeKeyFunction}(text, {SpeakerColumn}) = @k AND id <> @x LIMIT 1",
            ("@s", scope), ("@h", DedupeHash(dedupeKey)), ("@k", dedupeKey), ("@x", exceptId));
        return v is null ? 0 : Convert.ToInt64(v, CultureInfo.InvariantCulture);
    }

    private long Insert(SqliteSession s, Quote q, bool explicitId)
    {
        var speakerId = SpeakerId(s, q.Speaker, q.SpeakerKey);
        var url = StoredUrl(s, q.Source.Url);
        var v = s.Scalar(
            $"INSERT INTO quotes(id, text, speaker, {SpeakerKeyColumn}speaker_id, {OutletColumn}, source_title, {UrlHostColumn}source_url, {PublishedColumn}, " +
            $"ctx_paragraph, ctx_before, ctx_after, ctx_audience, scope, {AddedByColumn}, added_at, status, dedupe_hash) " +
            $"VALUES (@id, @text, @speaker, {SpeakerKeyValue}@sid, @outlet, @title, {UrlHostValue}@url, @pub, @para, @before, @after, @aud, @scope, @by, @at, @status, @dh) RETURNING id",
            ("@id", explicitId ? q.Id : null), ("@text", StoredText(q.Text)), ("@speaker", StoredSpeaker(s, q.Speaker, speakerId)), ("@skey", q.SpeakerKey), ("@sid", speakerId),
            ("@outlet", OutletValue(s, q)), ("@title", StoredText(q.Source.Title)), ("@host", url.Host), ("@url", url.Path), ("@pub", PublishedValue(q)),
            ("@para", StoredText(q.Context?.Paragraph)), ("@before", StoredText(q.Context?.Before)), ("@after", StoredText(q.Context?.After)), ("@aud", q.Context?.Audience),
            ("@scope", q.Scope.Key), ("@by", AddedByValue(s, q)), ("@at", AddedAtValue(q.AddedAt)), ("@status", (int)q.Status),
            ("@dh", DedupeHash(q.DedupeKey)));
        return Convert.ToInt64(v, CultureInfo.InvariantCulture);
    }

    private void Update(SqliteSession s, Quote q)
    {
        var speakerId = SpeakerId(s, q.Speaker, q.SpeakerKey);
        var url = StoredUrl(s, q.Source.Url);
        // The add event's time is the row's added_at: a new added_at (a restore over the quote) first moves the event
        // to audit_adds with the time it had, so its audit history stays as it was.
        // The stored forms compare: UTC ticks with ticks, text with text (migration 15).
        var addedAt = AddedAtValue(q.AddedAt);
        s.Execute($"INSERT INTO audit_adds(quote_id, actor, at) SELECT id, add_actor, {SqliteSchema.TimeText("added_at")} FROM quotes " +
            "WHERE id = @id AND add_actor IS NOT NULL AND added_at IS NOT @at",
            ("@id", q.Id), ("@at", addedAt));
        s.Execute(
            $"UPDATE quotes SET text = @text, speaker = @speaker, {(RowsHoldSpeakerKey ? "speaker_key = @skey, " : "")}speaker_id = @sid, {OutletColumn} = @outlet, " +
            $"source_title = @title, {(RowsSplitUrl ? "url_host_id = @host, " : "")}source_url = @url, {PublishedColumn} = @pub, ctx_paragraph = @para, ctx_before = @before, " +
            $"ctx_after = @after, ctx_audience = @aud, scope = @scope, {AddedByColumn} = @by, added_at = @at, status = @status, " +
            "dedupe_hash = @dh, add_actor = CASE WHEN added_at IS @at THEN add_actor END WHERE id = @id",
            ("@text", StoredText(q.Text)), ("@speaker", StoredSpeaker(s, q.Speaker, speakerId)), ("@skey", q.SpeakerKey), ("@sid", speakerId),
            ("@outlet", OutletValue(s, q)), ("@title", StoredText(q.Source.Title)), ("@host", url.Host), ("@url", url.Path), ("@pub", PublishedValue(q)),
            ("@para", StoredText(q.Context?.Paragraph)), ("@before", StoredText(q.Context?.Before)), ("@after", StoredText(q.Context?.After)), ("@aud", q.Context?.Audience),
            ("@scope", q.Scope.Key), ("@by", AddedByValue(s, q)), ("@at", addedAt), ("@status", (int)q.Status),
            ("@dh", DedupeHash(q.DedupeKey)), ("@id", q.Id));
    }

    /// <summary>Whether a quote with this speaker points at a speakers row (<see cref="SpeakerId"/> is not null).</summary>
    private static bool HasSpeakerRow([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] string? speaker, string speakerKey) => speakerKey.Length > 0 && !string.IsNullOrWhiteSpace(speaker);

    /// <summary>The speaker row for a key, created with its autocomplete tokens on first use; null without a speaker.</summary>
    private long? SpeakerId(SqliteSession s, string? speaker, string speakerKey)
    {
        if (!HasSpeakerRow(speaker, speakerKey))
        {
            return null;
        }

        if (_speakerIds.TryGetValue(speakerKey, out var known) || _pendingSpeakerIds.TryGetValue(speakerKey, out known))
        {
            return known;
        }

        var v = s.Scalar("SELECT id FROM speakers WHERE speaker_key = @k", ("@k", speakerKey));
        if (v is not null)
        {
            var found = Convert.ToInt64(v, CultureInfo.InvariantCulture);
            _pendingSpeakerIds[speakerKey] = found;
            return found;
        }

        var id = Convert.ToInt64(s.Scalar("INSERT INTO speakers(speaker_key, name) VALUES (@k, @n) RETURNING id",
            ("@k", speakerKey), ("@n", speaker.Trim())), CultureInfo.InvariantCulture);
        foreach (var token in TextFolding.SpeakerSearchTokens(speaker, speakerKey))
        {
            s.Execute("INSERT OR IGNORE INTO speaker_tokens(token, speaker_id) VALUES (@t, @id)", ("@t", token), ("@id", id));
        }

        _pendingSpeakerIds[speakerKey] = id;
        _pendingSpeakerNames[id] = speaker.Trim();
        return id;
    }

    public Task<Quote?> EditAsync(long id, QuoteEdit edit, Actor actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(edit);
        QuoteRules.Ensure(edit);

        return WriteAsync(s =>
        {
            var before = GetQuote(s, id);
            if (before is null)
            {
                return null;
            }

            if (edit.IsEmpty)
            {
                return before;
            }

            var text = edit.Text ?? before.Text;
            var speaker = edit.Speaker is null ? before.Speaker : (string.IsNullOrWhiteSpace(edit.Speaker) ? null : edit.Speaker);
            var url = edit.SourceUrl is null ? before.Source.Url : (string.IsNullOrWhiteSpace(edit.SourceUrl) ? null : edit.SourceUrl);
            var after = before with
            {
                Text = text,
                Speaker = speaker,
                SpeakerKey = TextFolding.SpeakerKey(speaker),
                Source = before.Source with { Url = url },
                DedupeKey = TextFolding.DedupeKey(text, speaker),
            };
            var clash = FindDuplicate(s, after.Scope.Key, after.DedupeKey, exceptId: id);
            if (clash != 0)
            {
                throw new DuplicateQuoteException(id, clash);
            }

            Update(s, after);
            PostingsChange(s, id, before, after);
            Audit(s, id, "edit", actor.Id, actor.DisplayName, _time.GetUtcNow(), before, after);
            return after;
        }, transaction: true, ct);
    }

    public async Task<Quote?> SetStatusAsync(long id, QuoteStatus status, Actor actor, CancellationToken ct = default) =>
        (await ChangeStatusAsync(id, from: null, status, actor, ct))?.Quote;

    public Task<StatusChange?> ChangeStatusAsync(long id, QuoteStatus from, QuoteStatus to, Actor actor, CancellationToken ct = default) =>
        ChangeStatusAsync(id, (QuoteStatus?)from, to, actor, ct);

    private Task<StatusChange?> ChangeStatusAsync(long id, QuoteStatus? from, QuoteStatus to, Actor actor, CancellationToken ct) =>
        WriteAsync<StatusChange?>(s =>
        {
            var before = GetQuote(s, id);
            if (before is null)
            {
                return null;
            }

            if (before.Status == to || (from is { } expected && before.Status != expected))
            {
                return new StatusChange(before, Changed: false);
            }

            var after = before with { Status = to };
            s.Execute("UPDATE quotes SET status = @st WHERE id = @id", ("@st", (int)to), ("@id", id));
            PostingsChange(s, id, before, after);
            Audit(s, id, StatusAudit.Action(before.Status, to), actor.Id, actor.DisplayName, _time.GetUtcNow(), before, after);
            return new StatusChange(after, Changed: true);
        }, transaction: true, ct);

    public async Task<ImportSummary> RestoreAsync(IEnumerable<Quote> quotes, Actor actor, RestoreMode mode, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(quotes);
        var total = ImportSummary.Zero;
        var batch = new List<Quote>(_db.Options.ImportBatchSize);
        foreach (var q in quotes)
        {
            ArgumentNullException.ThrowIfNull(q);
            QuoteRules.Ensure(q);
            batch.Add(q);
            if (batch.Count >= _db.Options.ImportBatchSize)
            {
                total = total.Plus(await WriteAsync(s => RestoreBatch(s, batch, actor, mode), transaction: true, ct));
                batch.Clear();
            }
        }

        if (batch.Count > 0)
        {
            total = total.Plus(await WriteAsync(s => RestoreBatch(s, batch, actor, mode), transaction: true, ct));
        }

        return total;
    }

    private ImportSummary RestoreBatch(SqliteSession s, List<Quote> batch, Actor actor, RestoreMode mode)
    {
        int added = 0, updated = 0, same = 0;
        var conflicts = new List<long>();
        var now = _time.GetUtcNow();
        foreach (var raw in batch)
        {
            // Keys are recomputed: they are ours to define, not the file's.
            var q = raw with { SpeakerKey = TextFolding.SpeakerKey(raw.Speaker), DedupeKey = TextFolding.DedupeKey(raw.Text, raw.Speaker) };
            var before = GetQuote(s, q.Id);
            if (before == q || (mode == RestoreMode.KeepExisting && before?.DedupeKey == q.DedupeKey))
            {
                same++; // already there
                continue;
            }

            if (mode == RestoreMode.KeepExisting && before is not null)
            {
                conflicts.Add(q.Id); // a different quote has this id: never replaced silently
                continue;
            }

            if (FindDuplicate(s, q.Scope.Key, q.DedupeKey, exceptId: q.Id) != 0)
            {
                same++; // an equal quote already lives under another id: keep that one
                continue;
            }

            if (before is null)
            {
                Insert(s, q, explicitId: true);
                added++;
            }
            else
            {
                Update(s, q);
                updated++;
            }

            PostingsChange(s, q.Id, before, q);

            Audit(s, q.Id, "import", actor.Id, actor.DisplayName, now, before, q);
        }

        return new ImportSummary(added, same, updated) { Conflicts = conflicts };
    }

    /// <summary>The actors row of <paramref name="actor"/> (who added a quote, migration 10), created on first use.</summary>
    private static long ActorRow(SqliteSession s, Actor actor)
    {
        var v = s.Scalar("SELECT id FROM actors WHERE actor_id = @a AND name = @n", ("@a", actor.Id), ("@n", actor.DisplayName))
                ?? s.Scalar("INSERT INTO actors(actor_id, name) VALUES (@a, @n) RETURNING id", ("@a", actor.Id), ("@n", actor.DisplayName));
        return Convert.ToInt64(v, CultureInfo.InvariantCulture);
    }

    private static void Audit(SqliteSession s, long quoteId, string action, string actorId, string actorName, DateTimeOffset at, Quote? before, Quote? after) =>
        s.Execute(
            "INSERT INTO audit_log(quote_id, action, actor_id, actor_name, at, before_json, after_json) VALUES (@q, @a, @ai, @an, @t, @b, @af)",
            ("@q", quoteId), ("@a", action), ("@ai", actorId), ("@an", actorName), ("@t", FormatTime(at)),
            ("@b", QuoteSnapshotJson.Write(before, QuoteSnapshotStyle.Pascal)), ("@af", QuoteSnapshotJson.Write(after, QuoteSnapshotStyle.Pascal)));

    public void Dispose()
    {
        DisposePostings();
        if (_ownsDatabase)
        {
            _db.Dispose();
        }
    }

    /// <summary>Ids as a JSON array for <c>json_each(@ids)</c>: numbers only, so nothing a user typed reaches the SQL.</summary>
    private static string JsonIds(IEnumerable<long> ids) =>
        "[" + string.Join(',', ids.Select(i => i.ToString(CultureInfo.InvariantCulture))) + "]";
}
