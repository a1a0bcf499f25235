using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;
using QuoteBot.Core.Model;
using QuoteBot.Core.Storage;
using QuoteBot.Core.Text;

namespace QuoteBot.Storage.Sqlite;

/// <summary>Settings of the SQLite store.</summary>
public sealed record SqliteStoreOptions
{
    /// <summary>How long a statement waits for another writer's lock before giving up.</summary>
    public TimeSpan BusyTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Quotes per transaction in <see cref="SqliteQuoteStore.AddManyAsync"/>.</summary>
    public int ImportBatchSize { get; init; } = 2000;

    /// <summary>At most this many full-text matches (newest first) are ranked per search; see docs/benchmarks.md.</summary>
    public int RankCandidates { get; init; } = 300;

    /// <summary>SQLite page cache of each reader connection, in MiB (the writer has 64 MiB).</summary>
    public int ReaderCacheMegabytes { get; init; } = 16;
}

/// <summary>
/// Quotes, full-text search and small state in one SQLite file (WAL). Thread-safe: one writer connection behind a
/// lock, a pool of reader connections. Create, call <see cref="InitializeAsync"/>, share one instance.
/// </summary>
public sealed partial class SqliteQuoteStore : IQuoteStore, IQuoteSearch, IStateStore, IArticleStore, IDisposable
{
    private const string QuoteColumns =
        "id, text, speaker, speaker_key, source_outlet, source_title, source_url, source_published, ctx_paragraph, " +
        "ctx_before, ctx_after, ctx_audience, scope, added_by, added_at, status, dedupe_key";

    private readonly string _path;
    private readonly string _connectionString;
    private readonly SqliteStoreOptions _options;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly ConcurrentBag<SqliteSession> _readers = [];
    private readonly Lock _initLock = new();
    private readonly ConcurrentDictionary<string, long> _speakerIds = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _pendingSpeakerIds = new(StringComparer.Ordinal); // under the write lock
    private SqliteSession? _writer;
    private volatile bool _initialized;
    private bool _disposed;

    public SqliteQuoteStore(string path, SqliteStoreOptions? options = null, TimeProvider? time = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        _path = path;
        _options = options ?? new SqliteStoreOptions();
        _time = time ?? TimeProvider.System;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
            DefaultTimeout = Math.Max(1, (int)_options.BusyTimeout.TotalSeconds),
        }.ToString();
    }

    /// <summary>The database file.</summary>
    public string Path => _path;

    /// <summary>The SQLite library version in use.</summary>
    public string SqliteVersion => Read(s => (string)s.Scalar("SELECT sqlite_version()")!);

    /// <summary>The highest schema version this build knows.</summary>
    public static int SchemaVersion => SqliteSchema.Migrations[^1].Version;

    public Task InitializeAsync(CancellationToken ct = default)
    {
        EnsureInitialized();
        return Task.CompletedTask;
    }

    private void EnsureInitialized()
    {
        if (_initialized)
        {
            return;
        }

        lock (_initLock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_initialized)
            {
                return;
            }

            try
            {
                var dir = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(_path));
                if (!string.IsNullOrEmpty(dir) && !Directory.Exists(dir))
                {
                    throw new SqliteStoreException(_path, $"Cannot use the quote database '{_path}': the folder '{dir}' does not exist.", null);
                }

                var writer = Open();
                try
                {
                    writer.Run("PRAGMA journal_mode=WAL; PRAGMA cache_size=-65536");
                    Migrate(writer);
                }
                catch
                {
                    writer.Dispose();
                    throw;
                }

                _writer = writer;
                _initialized = true;
            }
            catch (SqliteStoreException)
            {
                throw;
            }
            catch (Exception ex) when (ex is SqliteException or IOException or UnauthorizedAccessException)
            {
                throw SqliteStoreException.From(_path, ex);
            }
        }
    }

    private SqliteSession Open()
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            connection.Open();
            var session = new SqliteSession(connection);
            session.Run(string.Create(CultureInfo.InvariantCulture,
                $"PRAGMA busy_timeout={(int)_options.BusyTimeout.TotalMilliseconds}; PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL; PRAGMA cache_size={-1024 * Math.Max(1, _options.ReaderCacheMegabytes)}; PRAGMA temp_store=MEMORY"));
            // Touch the file so a junk file fails here, at open, with a clear message.
            session.Run("SELECT count(*) FROM sqlite_schema");
            if (!Fts5Rank.Register(connection))
            {
                throw new SqliteStoreException(_path, $"Cannot use the quote database '{_path}': this SQLite build lacks FTS5.", null);
            }

            return session;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private static void Migrate(SqliteSession s)
    {
        s.Run("CREATE TABLE IF NOT EXISTS schema_version(version INTEGER NOT NULL PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)");
        foreach (var m in SqliteSchema.Migrations)
        {
            s.Run("BEGIN IMMEDIATE");
            try
            {
                var done = Convert.ToInt64(s.Scalar("SELECT count(*) FROM schema_version WHERE version = @v", ("@v", m.Version)), CultureInfo.InvariantCulture);
                if (done == 0)
                {
                    s.Run(m.Sql);
                    s.Execute("INSERT INTO schema_version(version, name, applied_at) VALUES (@v, @n, @t)",
                        ("@v", m.Version), ("@n", m.Name), ("@t", DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture)));
                }

                s.Run("COMMIT");
            }
            catch
            {
                TryRollback(s);
                throw;
            }
        }

        var newest = Convert.ToInt64(s.Scalar("SELECT coalesce(max(version), 0) FROM schema_version"), CultureInfo.InvariantCulture);
        if (newest > SqliteSchema.Migrations[^1].Version)
        {
            throw new SqliteStoreException($"The quote database was written by a newer quotebot (schema {newest}); update quotebot.");
        }
    }

    private static void TryRollback(SqliteSession s)
    {
        try
        {
            s.Run("ROLLBACK");
        }
        catch (SqliteException)
        {
            // no transaction left to roll back
        }
    }

    // ---- connection plumbing -------------------------------------------------------------------------------------

    private T Read<T>(Func<SqliteSession, T> work)
    {
        EnsureInitialized();
        if (!_readers.TryTake(out var session))
        {
            try
            {
                session = Open();
            }
            catch (SqliteException ex)
            {
                throw SqliteStoreException.From(_path, ex);
            }
        }

        try
        {
            var result = work(session);
            _readers.Add(session);
            return result;
        }
        catch (SqliteException ex)
        {
            session.Dispose();
            throw SqliteStoreException.From(_path, ex);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    private async Task<T> WriteAsync<T>(Func<SqliteSession, T> work, bool transaction, CancellationToken ct)
    {
        EnsureInitialized();
        await _writeLock.WaitAsync(ct);
        try
        {
            var s = _writer!;
            if (!transaction)
            {
                return work(s);
            }

            _pendingSpeakerIds.Clear();
            s.Run("BEGIN IMMEDIATE");
            try
            {
                var result = work(s);
                s.Run("COMMIT");
                foreach (var (key, id) in _pendingSpeakerIds)
                {
                    _speakerIds[key] = id; // only ids whose rows are now committed are cached
                }

                return result;
            }
            catch
            {
                TryRollback(s);
                throw;
            }
            finally
            {
                _pendingSpeakerIds.Clear();
            }
        }
        catch (SqliteException ex)
        {
            throw SqliteStoreException.From(_path, ex);
        }
        finally
        {
            _writeLock.Release();
        }
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

        var json = "[" + string.Join(',', ids.Select(i => i.ToString(CultureInfo.InvariantCulture))) + "]";
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
        EnsureInitialized();
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

    // ---- state -----------------------------------------------------------------------------------------------------

    public Task<string?> GetAsync(string key, CancellationToken ct = default) =>
        Task.FromResult(Read(s => s.Scalar("SELECT value FROM state WHERE key = @k", ("@k", key)) as string));

    public Task SetAsync(string key, string value, CancellationToken ct = default) =>
        WriteAsync(s => s.Execute(
            "INSERT INTO state(key, value) VALUES (@k, @v) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            ("@k", key), ("@v", value)), transaction: false, ct);

    // Claims live in the state table under "claim:<key>" with their expiry (unix ms) as the value, so no schema change
    // was needed. The upsert only overwrites an expired claim; one statement, so two processes cannot both win.
    public Task<bool> TryClaimAsync(string key, DateTimeOffset now, TimeSpan ttl, CancellationToken ct = default) =>
        WriteAsync(
            s =>
            {
                var nowMs = now.ToUnixTimeMilliseconds();
                s.Execute(
                    "DELETE FROM state WHERE key IN (SELECT key FROM state WHERE key >= 'claim:' AND key < 'claim;' AND CAST(value AS INTEGER) <= @now LIMIT 16)",
                    ("@now", nowMs));
                return s.Execute(
                    "INSERT INTO state(key, value) VALUES (@k, @until) ON CONFLICT(key) DO UPDATE SET value = excluded.value WHERE CAST(state.value AS INTEGER) <= @now",
                    ("@k", "claim:" + key), ("@until", (now + ttl).ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)), ("@now", nowMs)) == 1;
            },
            transaction: true,
            ct);

    public Task ReleaseClaimAsync(string key, CancellationToken ct = default) =>
        WriteAsync(s => s.Execute("DELETE FROM state WHERE key = @k", ("@k", "claim:" + key)), transaction: false, ct);

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
        var batch = new List<NewQuote>(_options.ImportBatchSize);
        foreach (var q in quotes)
        {
            Validate(q);
            batch.Add(q);
            if (batch.Count >= _options.ImportBatchSize)
            {
                total = total.Plus(await AddBatchAsync(batch, actor, ct));
                batch.Clear();
            }
        }

        if (batch.Count > 0)
        {
            total = total.Plus(await AddBatchAsync(batch, actor, ct));
        }

        return total;
    }

    /// <summary>A quote ready to insert: keys folded and hashed off the write lock, in parallel for a batch.</summary>
    private readonly record struct PreparedQuote(Quote Quote, long DedupeHash);

    private static PreparedQuote Prepare(NewQuote nq)
    {
        var q = nq.ToQuote(0);
        return new PreparedQuote(q, DedupeHash(q.DedupeKey));
    }

    private Task<ImportSummary> AddBatchAsync(List<NewQuote> batch, Actor actor, CancellationToken ct)
    {
        var prepared = new PreparedQuote[batch.Count];
        Parallel.For(0, batch.Count, i => prepared[i] = Prepare(batch[i]));
        return WriteAsync(s => AddBatch(s, prepared, actor), transaction: true, ct);
    }

    private ImportSummary AddBatch(SqliteSession s, PreparedQuote[] batch, Actor actor)
    {
        int added = 0, dupes = 0;
        foreach (var q in batch)
        {
            if (AddOne(s, q, actor).Added)
            {
                added++;
            }
            else
            {
                dupes++;
            }
        }

        return new ImportSummary(added, dupes);
    }

    private static void Validate(NewQuote q)
    {
        NewQuoteRules.Check(q);
        if (string.IsNullOrWhiteSpace(q.Text))
        {
            throw new ArgumentException("A quote needs some text.", nameof(q));
        }
    }

    private AddResult AddOne(SqliteSession s, PreparedQuote p, Actor actor)
    {
        var q = p.Quote;
        var speakerId = SpeakerId(s, q.Speaker, q.SpeakerKey);

        // One statement: insert unless an equal quote (same scope and dedupe key) exists.
        var v = s.Scalar(
            "INSERT INTO quotes(text, speaker, speaker_key, speaker_id, source_outlet, source_title, source_url, source_published, " +
            "ctx_paragraph, ctx_before, ctx_after, ctx_audience, scope, added_by, added_at, status, dedupe_key, dedupe_hash) " +
            "SELECT @text, @speaker, @skey, @sid, @outlet, @title, @url, @pub, @para, @before, @after, @aud, @scope, @by, @at, @st, @dk, @dh " +
            "WHERE NOT EXISTS (SELECT 1 FROM quotes WHERE scope = @scope AND dedupe_hash = @dh AND dedupe_key = @dk) RETURNING id",
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
        Audit(s, id, "add", actor.Id, actor.DisplayName, q.AddedAt, null, null);
        return new AddResult(q with { Id = id }, Added: true);
    }

    private static long FindDuplicate(SqliteSession s, string scope, string dedupeKey, long exceptId)
    {
        var v = s.Scalar("SELECT id FROM quotes WHERE scope = @s AND dedupe_hash = @h AND dedupe_key = @k AND id <> @x LIMIT 1",
            ("@s", scope), ("@h", DedupeHash(dedupeKey)), ("@k", dedupeKey), ("@x", exceptId));
        return v is null ? 0 : Convert.ToInt64(v, CultureInfo.InvariantCulture);
    }

    private long Insert(SqliteSession s, Quote q, bool explicitId)
    {
        var speakerId = SpeakerId(s, q.Speaker, q.SpeakerKey);
        var v = s.Scalar(
            "INSERT INTO quotes(id, text, speaker, speaker_key, speaker_id, source_outlet, source_title, source_url, source_published, " +
            "ctx_paragraph, ctx_before, ctx_after, ctx_audience, scope, added_by, added_at, status, dedupe_key, dedupe_hash) " +
            "VALUES (@id, @text, @speaker, @skey, @sid, @outlet, @title, @url, @pub, @para, @before, @after, @aud, @scope, @by, @at, @status, @dk, @dh) RETURNING id",
            ("@id", explicitId ? q.Id : null), ("@text", q.Text), ("@speaker", q.Speaker), ("@skey", q.SpeakerKey), ("@sid", speakerId),
            ("@outlet", q.Source.Outlet), ("@title", q.Source.Title), ("@url", q.Source.Url), ("@pub", FormatDate(q.Source.Published)),
            ("@para", q.Context?.Paragraph), ("@before", q.Context?.Before), ("@after", q.Context?.After), ("@aud", q.Context?.Audience),
            ("@scope", q.Scope.Key), ("@by", q.AddedBy), ("@at", FormatTime(q.AddedAt)), ("@status", (int)q.Status),
            ("@dk", q.DedupeKey), ("@dh", DedupeHash(q.DedupeKey)));
        return Convert.ToInt64(v, CultureInfo.InvariantCulture);
    }

    private void Update(SqliteSession s, Quote q)
    {
        var speakerId = SpeakerId(s, q.Speaker, q.SpeakerKey);
        s.Execute(
            "UPDATE quotes SET text = @text, speaker = @speaker, speaker_key = @skey, speaker_id = @sid, source_outlet = @outlet, " +
            "source_title = @title, source_url = @url, source_published = @pub, ctx_paragraph = @para, ctx_before = @before, " +
            "ctx_after = @after, ctx_audience = @aud, scope = @scope, added_by = @by, added_at = @at, status = @status, " +
            "dedupe_key = @dk, dedupe_hash = @dh WHERE id = @id",
            ("@text", q.Text), ("@speaker", q.Speaker), ("@skey", q.SpeakerKey), ("@sid", speakerId),
            ("@outlet", q.Source.Outlet), ("@title", q.Source.Title), ("@url", q.Source.Url), ("@pub", FormatDate(q.Source.Published)),
            ("@para", q.Context?.Paragraph), ("@before", q.Context?.Before), ("@after", q.Context?.After), ("@aud", q.Context?.Audience),
            ("@scope", q.Scope.Key), ("@by", q.AddedBy), ("@at", FormatTime(q.AddedAt)), ("@status", (int)q.Status),
            ("@dk", q.DedupeKey), ("@dh", DedupeHash(q.DedupeKey)), ("@id", q.Id));
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
        if (edit.Text is not null && string.IsNullOrWhiteSpace(edit.Text))
        {
            throw new ArgumentException("A quote needs some text.", nameof(edit));
        }

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

    public Task<Quote?> SetStatusAsync(long id, QuoteStatus status, Actor actor, CancellationToken ct = default) =>
        WriteAsync(s =>
        {
            var before = GetQuote(s, id);
            if (before is null || before.Status == status)
            {
                return before;
            }

            var after = before with { Status = status };
            s.Execute("UPDATE quotes SET status = @st WHERE id = @id", ("@st", (int)status), ("@id", id));
            Audit(s, id, StatusAudit.Action(before.Status, status), actor.Id, actor.DisplayName, _time.GetUtcNow(), before, after);
            return after;
        }, transaction: true, ct);

    public async Task<ImportSummary> RestoreAsync(IEnumerable<Quote> quotes, Actor actor, CancellationToken ct = default)
    {
        var total = ImportSummary.Zero;
        var batch = new List<Quote>(_options.ImportBatchSize);
        foreach (var q in quotes)
        {
            ArgumentNullException.ThrowIfNull(q);
            if (q.Id <= 0 || string.IsNullOrWhiteSpace(q.Text))
            {
                throw new ArgumentException($"Quote #{q.Id} cannot be restored: it needs a positive id and some text.", nameof(quotes));
            }

            batch.Add(q);
            if (batch.Count >= _options.ImportBatchSize)
            {
                total = total.Plus(await WriteAsync(s => RestoreBatch(s, batch, actor), transaction: true, ct));
                batch.Clear();
            }
        }

        if (batch.Count > 0)
        {
            total = total.Plus(await WriteAsync(s => RestoreBatch(s, batch, actor), transaction: true, ct));
        }

        return total;
    }

    private ImportSummary RestoreBatch(SqliteSession s, List<Quote> batch, Actor actor)
    {
        int added = 0, updated = 0, same = 0;
        var now = _time.GetUtcNow();
        foreach (var raw in batch)
        {
            // Keys are recomputed: they are ours to define, not the file's.
            var q = raw with { SpeakerKey = TextFolding.SpeakerKey(raw.Speaker), DedupeKey = TextFolding.DedupeKey(raw.Text, raw.Speaker) };
            var before = GetQuote(s, q.Id);
            if (before == q)
            {
                same++;
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

        return new ImportSummary(added, same, updated);
    }

    private static void Audit(SqliteSession s, long quoteId, string action, string actorId, string actorName, DateTimeOffset at, Quote? before, Quote? after) =>
        s.Execute(
            "INSERT INTO audit(quote_id, action, actor_id, actor_name, at, before_json, after_json) VALUES (@q, @a, @ai, @an, @t, @b, @af)",
            ("@q", quoteId), ("@a", action), ("@ai", actorId), ("@an", actorName), ("@t", FormatTime(at)),
            ("@b", QuoteSnapshotJson.Write(before, QuoteSnapshotStyle.Pascal)), ("@af", QuoteSnapshotJson.Write(after, QuoteSnapshotStyle.Pascal)));

    // ---- mapping ---------------------------------------------------------------------------------------------------

    private static Quote ReadQuote(SqliteDataReader r)
    {
        string? Str(int i) => r.IsDBNull(i) ? null : r.GetString(i);
        var published = Str(7);
        var paragraph = Str(8);
        return new Quote
        {
            Id = r.GetInt64(0),
            Text = r.GetString(1),
            Speaker = Str(2),
            SpeakerKey = r.GetString(3),
            Source = new QuoteSource(Str(4), Str(5), Str(6),
                published is null ? null : DateOnly.ParseExact(published, "yyyy-MM-dd", CultureInfo.InvariantCulture)),
            Context = paragraph is null ? null : new QuoteContext(paragraph, Str(9), Str(10), Str(11)),
            Scope = new Scope(r.GetString(12)),
            AddedBy = r.GetString(13),
            AddedAt = DateTimeOffset.Parse(r.GetString(14), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
            Status = (QuoteStatus)r.GetInt32(15),
            DedupeKey = r.GetString(16),
        };
    }

    private static string FormatTime(DateTimeOffset t) => t.ToString("O", CultureInfo.InvariantCulture);

    private static string? FormatDate(DateOnly? d) => d?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    internal static long DedupeHash(string key)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(key), hash);
        return BitConverter.ToInt64(hash[..8]);
    }

    public void Dispose()
    {
        lock (_initLock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _initialized = false;
        }

        _writeLock.Wait();
        try
        {
            _writer?.Dispose();
            _writer = null;
            while (_readers.TryTake(out var r))
            {
                r.Dispose();
            }
        }
        finally
        {
            _writeLock.Release();
        }
    }
}
