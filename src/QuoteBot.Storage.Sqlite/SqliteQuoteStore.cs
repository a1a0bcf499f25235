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

    /// <summary>Quotes per transaction in <see cref="SqliteQuoteStore.AddManyAsync"/> and <see cref="SqliteQuoteStore.RestoreAsync"/>.</summary>
    public int ImportBatchSize { get; init; } = 2_500;

    /// <summary>SQLite page cache of each reader connection, in MiB (the writer has 64 MiB).</summary>
    public int ReaderCacheMegabytes { get; init; } = 16;
}

/// <summary>
/// Quotes, full-text search and small state in one SQLite file (WAL), through a <see cref="SqliteDatabase"/> (one writer
/// connection behind a lock, a pool of reader connections). Create, call <see cref="InitializeAsync"/>, share one
/// instance.
/// </summary>
public sealed partial class SqliteQuoteStore : IQuoteStore, IQuoteSearch, IStateStore, IArticleStore, IFollowStore, IDisposable
{
    private const string QuoteColumns =
        "id, text, speaker, speaker_key, source_outlet, source_title, source_url, source_published, ctx_paragraph, " +
        "ctx_before, ctx_after, ctx_audience, scope, added_by, added_at, status";

    private readonly SqliteDatabase _db;
    private readonly bool _ownsDatabase;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, long> _speakerIds = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _pendingSpeakerIds = new(StringComparer.Ordinal); // under the write lock

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

    public Task InitializeAsync(CancellationToken ct = default)
    {
        _db.EnsureInitialized();
        return Task.CompletedTask;
    }

    // ---- connection plumbing (SqliteDatabase) ----------------------------------------------------------------------

    private T Read<T>(Func<SqliteSession, T> work) => _db.Read(work);

    private Task<T> WriteAsync<T>(Func<SqliteSession, T> work, bool transaction, CancellationToken ct) =>
        _db.WriteAsync(
            work,
            transaction,
            ct,
            committed: () =>
            {
                foreach (var (key, id) in _pendingSpeakerIds)
                {
                    _speakerIds[key] = id; // only ids whose rows are now committed are cached
                }
            },
            finished: _pendingSpeakerIds.Clear);

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
                "SELECT quote_id, action, actor_id, actor_name, at, before_json, after_json FROM audit WHERE quote_id = @q ORDER BY id",
                ("@q", quoteId)).ExecuteReader();
            var list = new List<AuditEntry>();
            while (r.Read())
            {
                list.Add(new AuditEntry(
                    r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3),
                    DateTimeOffset.Parse(r.GetString(4), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
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
        return WriteAsync(s => AddOne(s, prepared, actor), transaction: true, ct);
    }

    public async Task<ImportSummary> AddManyAsync(IEnumerable<NewQuote> quotes, Actor actor, CancellationToken ct = default)
    {
        var total = ImportSummary.Zero;
        var batch = new List<NewQuote>(_db.Options.ImportBatchSize);
        foreach (var q in quotes)
        {
            Validate(q);
            batch.Add(q);
            if (batch.Count >= _db.Options.ImportBatchSize)
            {
                total = total.Plus(await AddBatchAsync(batch, actor, ct));
                batch.Clear();
            }
        }

        if (batch.Count > 0)
        {
            total = total.Plus(await AddBatchAsync(batch, actor, ct));
        }

        if (total.Added > 0)
        {
            await AfterBulkLoadAsync(total.Added, ct);
        }

        return total;
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

        await WriteAsync(s =>
        {
            s.Run("PRAGMA wal_checkpoint(TRUNCATE)"); // best effort: a reader still on an old snapshot makes it stop early
            return 0;
        }, transaction: false, ct);
    }

    /// <summary>A quote ready to insert: keys folded and hashed off the write lock, in parallel for a batch.</summary>
    private readonly record struct PreparedQuote(Quote Quote, long DedupeHash, Dictionary<string, int>? Terms = null, int Length = 0);

    private static PreparedQuote Prepare(NewQuote nq)
    {
        var q = nq.ToQuote(0);
        return new PreparedQuote(q, DedupeHash(q.DedupeKey));
    }

    private Task<ImportSummary> AddBatchAsync(List<NewQuote> batch, Actor actor, CancellationToken ct)
    {
        var prepared = new PreparedQuote[batch.Count];
        Parallel.ForEach(System.Collections.Concurrent.Partitioner.Create(0, batch.Count, 256), range => _db.WithTokenizer(terms =>
        {
            for (var i = range.Item1; i < range.Item2; i++)
            {
                var p = Prepare(batch[i]);
                if (terms is not null && p.Quote.Status == QuoteStatus.Active)
                {
                    // The row as the index will see it, tokenized here in parallel instead of under the write lock.
                    var (t, length) = terms.Row(p.Quote.Text, p.Quote.Speaker, p.Quote.SpeakerKey, p.Quote.Source.Title);
                    p = p with { Terms = t, Length = length };
                }

                prepared[i] = p;
            }

            return 0;
        }));
        return WriteAsync(s => AddBatch(s, prepared, actor), transaction: true, ct);
    }

    /// <summary>
    /// One batch of a bulk load, in the caller's transaction: every row inserted (deduplicated and audited one by one,
    /// as <see cref="AddAsync"/> does) with the per-row full-text indexing switched off, then the added active rows
    /// indexed by one INSERT … SELECT into FTS5 and their term statistics added up in memory and written once per
    /// (term, frequency) pair. The result is the same index and statistics the triggers would have made.
    /// </summary>
    private ImportSummary AddBatch(SqliteSession s, PreparedQuote[] batch, Actor actor)
    {
        int added = 0, dupes = 0;
        var first = long.MaxValue;
        var active = new List<(Quote Quote, PreparedQuote Prepared)>(batch.Length);
        s.Bulk = true;
        try
        {
            foreach (var q in batch)
            {
                var result = AddOne(s, q, actor, audit: false);
                if (result.Added)
                {
                    added++;
                    first = Math.Min(first, result.Quote.Id);
                    if (result.Quote.Status == QuoteStatus.Active)
                    {
                        active.Add((result.Quote, q));
                    }
                }
                else
                {
                    dupes++;
                }
            }
        }
        finally
        {
            s.Bulk = false;
        }

        if (added > 0)
        {
            // The "add" audit rows of the batch in one statement: the same rows AddOne writes, in id order.
            s.Execute("INSERT INTO audit(quote_id, action, actor_id, actor_name, at) SELECT id, 'add', @ai, @an, added_at FROM quotes WHERE id >= @first ORDER BY id",
                ("@ai", actor.Id), ("@an", actor.DisplayName), ("@first", first));
        }

        if (active.Count > 0)
        {
            s.Execute(
                "INSERT INTO quotes_fts(rowid, text, speaker, speaker_key, source_title) " +
                "SELECT id, replace(replace(text, char(39), ''), char(8217), ''), replace(replace(speaker, char(39), ''), char(8217), ''), speaker_key, " +
                "replace(replace(source_title, char(39), ''), char(8217), '') FROM quotes WHERE id >= @first AND status = 0",
                ("@first", first));
            AddTermStatistics(s, active);
        }

        return new ImportSummary(added, dupes);
    }

    /// <summary>What the quotes_terms_ai trigger adds for each of <paramref name="quotes"/>, summed first and written in key order.</summary>
    private static void AddTermStatistics(SqliteSession s, List<(Quote Quote, PreparedQuote Prepared)> quotes)
    {
        var counts = new Dictionary<(string Term, int Wtf), int>();
        var lengths = new Dictionary<int, int>();
        var heavy = new List<(string Term, int Wtf, int Length, long Doc)>();
        foreach (var (q, p) in quotes)
        {
            var (terms, length) = p.Terms is { } t ? (t, p.Length) : s.Terms!.Row(q.Text, q.Speaker, q.SpeakerKey, q.Source.Title);
            lengths[length] = lengths.GetValueOrDefault(length) + 1;
            foreach (var (term, wtf) in terms)
            {
                counts[(term, wtf)] = counts.GetValueOrDefault((term, wtf)) + 1;
                if (wtf >= SqliteSchema.HeavyFrequency)
                {
                    heavy.Add((term, wtf, length, q.Id));
                }
            }
        }

        // One statement per table over a JSON array, in key order: each B-tree page is visited once, in sequence.
        var json = new StringBuilder(counts.Count * 20);
        json.Append('[');
        foreach (var ((term, wtf), n) in counts.OrderBy(x => x.Key.Term, StringComparer.Ordinal).ThenBy(x => x.Key.Wtf))
        {
            AppendJsonRow(json, term, wtf, n);
        }

        json.Length -= json.Length > 1 ? 1 : 0;
        json.Append(']');
        s.Execute("INSERT INTO term_tf(term, wtf, n) SELECT value ->> 0, value ->> 1, value ->> 2 FROM json_each(@j) WHERE true " +
                  "ON CONFLICT(term, wtf) DO UPDATE SET n = n + excluded.n", ("@j", json.ToString()));

        json.Clear().Append('[');
        foreach (var (term, wtf, length, doc) in heavy.OrderBy(x => x.Term, StringComparer.Ordinal).ThenBy(x => x.Wtf).ThenBy(x => x.Length))
        {
            AppendJsonRow(json, term, wtf, length, doc);
        }

        json.Length -= json.Length > 1 ? 1 : 0;
        json.Append(']');
        s.Execute("INSERT INTO heavy_postings(term, wtf, dl, doc) SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3 FROM json_each(@j)",
            ("@j", json.ToString()));

        foreach (var (dl, n) in lengths)
        {
            s.Execute("INSERT INTO doc_lengths(dl, n) VALUES (@dl, @n) ON CONFLICT(dl) DO UPDATE SET n = n + excluded.n", ("@dl", dl), ("@n", n));
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

    private static void Validate(NewQuote q)
    {
        ArgumentNullException.ThrowIfNull(q);
        NewQuoteRules.Check(q);
        QuoteRules.Ensure(q);
    }

    private AddResult AddOne(SqliteSession s, PreparedQuote p, Actor actor, bool audit = true)
    {
        var q = p.Quote;
        var speakerId = SpeakerId(s, q.Speaker, q.SpeakerKey);

        // One statement: insert unless an equal quote (same scope and dedupe key) exists.
        var v = s.Scalar(
            "INSERT INTO quotes(text, speaker, speaker_key, speaker_id, source_outlet, source_title, source_url, source_published, " +
            "ctx_paragraph, ctx_before, ctx_after, ctx_audience, scope, added_by, added_at, status, dedupe_hash) " +
            "SELECT @text, @speaker, @skey, @sid, @outlet, @title, @url, @pub, @para, @before, @after, @aud, @scope, @by, @at, @st, @dh " +
            $"WHERE NOT EXISTS (SELECT 1 FROM quotes WHERE scope = @scope AND dedupe_hash = @dh AND {DedupeKeyFunction}(text, speaker) = @dk) RETURNING id",
            ("@text", q.Text), ("@speaker", q.Speaker), ("@skey", q.SpeakerKey), ("@sid", speakerId),
            ("@outlet", q.Source.Outlet), ("@title", q.Source.Title), ("@url", q.Source.Url), ("@pub", FormatDate(q.Source.Published)),
            ("@para", q.Context?.Paragraph), ("@before", q.Context?.Before), ("@after", q.Context?.After), ("@aud", q.Context?.Audience),
            ("@scope", q.Scope.Key), ("@by", q.AddedBy), ("@at", FormatTime(q.AddedAt)), ("@st", (int)q.Status), ("@dk", q.DedupeKey), ("@dh", p.DedupeHash));
        if (v is null)
        {
            var existing = FindDuplicate(s, q.Scope.Key, q.DedupeKey, exceptId: 0);
            return new AddResult(GetQuote(s, existing)!, Added: false);
        }

        var id = Convert.ToInt64(v, CultureInfo.InvariantCulture);

        // The "add" row stores no copy of the quote: the state it added is the next row's "before", or the quote now.
        if (audit)
        {
            Audit(s, id, "add", actor.Id, actor.DisplayName, q.AddedAt, null, null);
        }

        return new AddResult(q with { Id = id }, Added: true);
    }

    private static long FindDuplicate(SqliteSession s, string scope, string dedupeKey, long exceptId)
    {
        var v = s.Scalar($"SELECT id FROM quotes WHERE scope = @s AND dedupe_hash = @h AND {DedupeKeyFunction}(text, speaker) = @k AND id <> @x LIMIT 1",
            ("@s", scope), ("@h", DedupeHash(dedupeKey)), ("@k", dedupeKey), ("@x", exceptId));
        return v is null ? 0 : Convert.ToInt64(v, CultureInfo.InvariantCulture);
    }

    private long Insert(SqliteSession s, Quote q, bool explicitId)
    {
        var speakerId = SpeakerId(s, q.Speaker, q.SpeakerKey);
        var v = s.Scalar(
            "INSERT INTO quotes(id, text, speaker, speaker_key, speaker_id, source_outlet, source_title, source_url, source_published, " +
            "ctx_paragraph, ctx_before, ctx_after, ctx_audience, scope, added_by, added_at, status, dedupe_hash) " +
            "VALUES (@id, @text, @speaker, @skey, @sid, @outlet, @title, @url, @pub, @para, @before, @after, @aud, @scope, @by, @at, @status, @dh) RETURNING id",
            ("@id", explicitId ? q.Id : null), ("@text", q.Text), ("@speaker", q.Speaker), ("@skey", q.SpeakerKey), ("@sid", speakerId),
            ("@outlet", q.Source.Outlet), ("@title", q.Source.Title), ("@url", q.Source.Url), ("@pub", FormatDate(q.Source.Published)),
            ("@para", q.Context?.Paragraph), ("@before", q.Context?.Before), ("@after", q.Context?.After), ("@aud", q.Context?.Audience),
            ("@scope", q.Scope.Key), ("@by", q.AddedBy), ("@at", FormatTime(q.AddedAt)), ("@status", (int)q.Status),
            ("@dh", DedupeHash(q.DedupeKey)));
        return Convert.ToInt64(v, CultureInfo.InvariantCulture);
    }

    private void Update(SqliteSession s, Quote q)
    {
        var speakerId = SpeakerId(s, q.Speaker, q.SpeakerKey);
        s.Execute(
            "UPDATE quotes SET text = @text, speaker = @speaker, speaker_key = @skey, speaker_id = @sid, source_outlet = @outlet, " +
            "source_title = @title, source_url = @url, source_published = @pub, ctx_paragraph = @para, ctx_before = @before, " +
            "ctx_after = @after, ctx_audience = @aud, scope = @scope, added_by = @by, added_at = @at, status = @status, " +
            "dedupe_hash = @dh WHERE id = @id",
            ("@text", q.Text), ("@speaker", q.Speaker), ("@skey", q.SpeakerKey), ("@sid", speakerId),
            ("@outlet", q.Source.Outlet), ("@title", q.Source.Title), ("@url", q.Source.Url), ("@pub", FormatDate(q.Source.Published)),
            ("@para", q.Context?.Paragraph), ("@before", q.Context?.Before), ("@after", q.Context?.After), ("@aud", q.Context?.Audience),
            ("@scope", q.Scope.Key), ("@by", q.AddedBy), ("@at", FormatTime(q.AddedAt)), ("@status", (int)q.Status),
            ("@dh", DedupeHash(q.DedupeKey)), ("@id", q.Id));
    }

    /// <summary>The speaker row for a key, created with its autocomplete tokens on first use; null without a speaker.</summary>
    private long? SpeakerId(SqliteSession s, string? speaker, string speakerKey)
    {
        if (speakerKey.Length == 0 || string.IsNullOrWhiteSpace(speaker))
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

            Audit(s, q.Id, "import", actor.Id, actor.DisplayName, now, before, q);
        }

        return new ImportSummary(added, same, updated) { Conflicts = conflicts };
    }

    private static void Audit(SqliteSession s, long quoteId, string action, string actorId, string actorName, DateTimeOffset at, Quote? before, Quote? after) =>
        s.Execute(
            "INSERT INTO audit(quote_id, action, actor_id, actor_name, at, before_json, after_json) VALUES (@q, @a, @ai, @an, @t, @b, @af)",
            ("@q", quoteId), ("@a", action), ("@ai", actorId), ("@an", actorName), ("@t", FormatTime(at)),
            ("@b", QuoteSnapshotJson.Write(before, QuoteSnapshotStyle.Pascal)), ("@af", QuoteSnapshotJson.Write(after, QuoteSnapshotStyle.Pascal)));

    public void Dispose()
    {
        if (_ownsDatabase)
        {
            _db.Dispose();
        }
    }

    /// <summary>Ids as a JSON array for <c>json_each(@ids)</c>: numbers only, so nothing a user typed reaches the SQL.</summary>
    private static string JsonIds(IEnumerable<long> ids) =>
        "[" + string.Join(',', ids.Select(i => i.ToString(CultureInfo.InvariantCulture))) + "]";
}
