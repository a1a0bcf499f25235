using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace QuoteBot.Storage.Sqlite;

/// <summary>
/// One SQLite quote database file (WAL), as <c>PostgresDatabase</c> is for PostgreSQL: its connections (one writer
/// behind a lock, a pool of readers, each with FTS5's tokenizer for the postings index's queries), its migrations (run once, for every table
/// of the file: quotes, state and daily schedules), and the one write lock every store of the file shares. Both
/// <see cref="SqliteQuoteStore"/> and <see cref="Daily.SqliteScheduleStore"/> work through it; share one instance.
/// </summary>
public sealed class SqliteDatabase : IDisposable
{
    private readonly string _connectionString;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly ConcurrentBag<SqliteSession> _readers = [];
    private readonly Lock _initLock = new();
    private SqliteSession? _writer;
    private volatile bool _initialized;
    private bool _disposed;

    public SqliteDatabase(string path, SqliteStoreOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Path = path;
        Options = options ?? new SqliteStoreOptions();
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
            DefaultTimeout = Math.Max(1, (int)Options.BusyTimeout.TotalSeconds),
        }.ToString();
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <summary>SQL function on the writer: <c>qb_pack(value)</c>, a text packed by <see cref="TextPacking"/> when that is smaller (migration 16).</summary>
    internal const string PackFunction = "qb_pack";

    /// <summary>SQL function on every connection: <c>qb_text(value)</c>, the text of a stored text column, packed or not.</summary>
    internal const string TextFunction = "qb_text";

    public SqliteStoreOptions Options { get; }

    /// <summary>The highest schema version this build knows.</summary>
    public static int SchemaVersion => SqliteSchema.Migrations[^1].Version;

    /// <summary>
    /// Opens the writer and creates or upgrades the schema. Idempotent and thread-safe; every read and write calls it
    /// first. Throws <see cref="SqliteStoreException"/> with a printable message for a file that cannot be used.
    /// </summary>
    public void EnsureInitialized()
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
                var dir = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path));
                if (!string.IsNullOrEmpty(dir) && !Directory.Exists(dir))
                {
                    throw new SqliteStoreException(Path, $"Cannot use the quote database '{Path}': the folder '{dir}' does not exist.", null);
                }

                var writer = Open();
                try
                {
                    // auto_vacuum=INCREMENTAL takes effect in a new file only (before its first table): the pages a bulk
                    // load's final postings merge frees can then be given back to the file system (SqliteQuoteStore.
                    // AfterBulkLoadAsync); an older file keeps reusing them (VACUUM gives them back). journal_size_limit: after a checkpoint, a log
                    // grown by a large transaction is cut back to 64 MiB.
                    writer.Run(string.Create(CultureInfo.InvariantCulture,
                        $"PRAGMA auto_vacuum=INCREMENTAL; PRAGMA journal_mode=WAL; PRAGMA cache_size={-1024 * Math.Max(1, Options.WriterCacheMegabytes)}; PRAGMA journal_size_limit=67108864"));
                    // The writer's temporary storage is a file with a small cache, not memory: a migration that rewrites
                    // every row keeps a statement journal of the pages it changed (517 MB for migration 10 on a 1M-quote file).
                    writer.Run("PRAGMA temp_store=FILE");
                    RegisterRetiredFunctions(writer.Connection);
                    // Migration 16 packs the long texts of existing rows: a text value packed when that is smaller, any other value as it is.
                    writer.Connection.CreateFunction<object?, object?>(PackFunction,
                        v => v is string text && TextPacking.Pack(text) is { } packed ? packed : v, isDeterministic: true);
                    Migrate(writer, Options.SchemaLimit ?? int.MaxValue);
                    if (writer.Scalar("SELECT 1 FROM sqlite_schema WHERE name = 'px_meta'") is not null && writer.Scalar("SELECT 1 FROM px_meta LIMIT 1") is null)
                    {
                        // Migration 11 made the postings index's tables; its settings are written once, here.
                        Postings.PostingsIndex.Create(writer.Connection, new Postings.PostingsOptions());
                    }
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
                throw SqliteStoreException.From(Path, ex);
            }
        }
    }

    /// <summary>Runs <paramref name="work"/> on a pooled reader connection.</summary>
    internal T Read<T>(Func<SqliteSession, T> work)
    {
        EnsureInitialized();
        if (!_readers.TryTake(out var session))
        {
            try
            {
                session = Open();
                session.IsReader = true;
            }
            catch (SqliteException ex)
            {
                throw SqliteStoreException.From(Path, ex);
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
            throw SqliteStoreException.From(Path, ex);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> on the writer under the write lock; with <paramref name="transaction"/> inside
    /// BEGIN IMMEDIATE … COMMIT (rolled back when it throws). <paramref name="committed"/> runs after a commit and
    /// <paramref name="finished"/> always, both still under the lock.
    /// </summary>
    internal async Task<T> WriteAsync<T>(Func<SqliteSession, T> work, bool transaction, CancellationToken ct, Action? committed = null, Action? finished = null)
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

            s.Run("BEGIN IMMEDIATE");
            try
            {
                var result = work(s);
                var t = BulkProfile.Start();
                s.Run("COMMIT");
                BulkProfile.Stop("commit (any write)", t);
                committed?.Invoke();
                return result;
            }
            catch
            {
                TryRollback(s);
                throw;
            }
        }
        catch (SqliteException ex)
        {
            throw SqliteStoreException.From(Path, ex);
        }
        finally
        {
            finished?.Invoke();
            _writeLock.Release();
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
                $"PRAGMA busy_timeout={(int)Options.BusyTimeout.TotalMilliseconds}; PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL; PRAGMA cache_size={-1024 * Math.Max(1, Options.ReaderCacheMegabytes)}; PRAGMA temp_store=MEMORY"));
            // Touch the file so a junk file fails here, at open, with a clear message.
            session.Run("SELECT count(*) FROM sqlite_schema");
            // The postings index analyses quotes and queries with FTS5's own tokenizer (no FTS5 table is kept).
            if (Fts5Terms.Open(connection) is not { } terms)
            {
                throw new SqliteStoreException(Path, $"Cannot use the quote database '{Path}': this SQLite build lacks FTS5.", null);
            }

            session.Terms = terms;
            // qb_text(value): the text of a stored text column, packed (BLOB, migration 16) or plain; for scripts and tests.
            connection.CreateFunction<object?, string?>(TextFunction, SqliteQuoteStore.StoredTextValue, isDeterministic: true);
            // The text a packed (BLOB) or plain (TEXT) value (migration 16).
            connection.CreateFunction<object, string?, string>(SqliteQuoteStore.DedupeKeyFunction,
                (text, speaker) => Core.Text.TextFolding.DedupeKey(SqliteQuoteStore.StoredTextValue(text)!, speaker), isDeterministic: true);
            if (Options.SchemaLimit is < 18)
            {
                // a test's file with an older row format
                session.ColumnMap = (SqliteQuoteStore.QuoteColumns, Options.SchemaLimit < 15 ? SqliteQuoteStore.QuoteColumns14 : SqliteQuoteStore.QuoteColumns17);
            }

            if (Options.SchemaLimit is < 12)
            {
                RegisterRetiredFunctions(connection); // tests: a file held below migration 12 still has the old triggers
            }

            return session;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The SQL functions the triggers and migrations 5 to 11 call (qb_terms: a row's term statistics; qb_bulk), for a
    /// file upgraded from before migration 12, which drops every table and trigger that used them. Their answers do
    /// not matter any more (what they fed is dropped), so qb_terms says "no terms": the quotes table is the source the
    /// postings index is built from.
    /// </summary>
    private static void RegisterRetiredFunctions(SqliteConnection connection)
    {
        connection.CreateFunction<string?, string?, string?, string?, string>("qb_terms", (_, _, _, _) => """{"dl":0,"t":[],"p":[]}""", isDeterministic: true);
        connection.CreateFunction("qb_bulk", () => 0, isDeterministic: false);
    }

    private static void Migrate(SqliteSession s, int limit)
    {
        s.Run("CREATE TABLE IF NOT EXISTS schema_version(version INTEGER NOT NULL PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)");
        MigrateSteps(s, limit);
    }

    private static void MigrateSteps(SqliteSession s, int limit)
    {
        foreach (var m in SqliteSchema.Migrations)
        {
            if (m.Version > limit)
            {
                break;
            }

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
        if (newest > Math.Min(limit, SqliteSchema.Migrations[^1].Version))
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
