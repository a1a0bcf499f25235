using System.Globalization;
using Npgsql;

namespace QuoteBot.Storage.Postgres;

/// <summary>Settings of the PostgreSQL stores.</summary>
public sealed record PostgresStoreOptions
{
    /// <summary>Quotes per transaction in AddManyAsync and RestoreAsync.</summary>
    public int ImportBatchSize { get; init; } = 1000;

    /// <summary>Rank searches of words (no phrase) by exact BM25 over every match, from the store's postings; false
    /// ranks them as phrases are ranked (<see cref="RankCandidates"/>), for the bench's comparison.</summary>
    public bool ExactRanking { get; init; } = true;

    /// <summary>Postings per new BM25 block (at least 1; blocks written before keep theirs): smaller blocks let a search
    /// skip more of a common word's postings by their bounds, in more rows. For tests and the bench.</summary>
    public int Bm25BlockCapacity { get; init; } = Bm25Postings.BlockCapacity;

    /// <summary>At most this many candidates of a search with a phrase not covered by pair postings (see
    /// <see cref="Bm25Pairs"/>) have their phrase hits counted (each one's search vector read) for the exact ranking;
    /// past that the search ranks the newest matches (<see cref="RankCandidates"/>) instead; zero ranks every such
    /// phrase search that way. The default has no limit: every phrase search is ranked exactly.</summary>
    public int PhraseCheckBudget { get; init; } = int.MaxValue;

    /// <summary>A search of words with a speaker: filter whose speakers have at most this many active quotes (and at
    /// most the words' postings over <see cref="SpeakerScanPostingsPerQuote"/>) scores those quotes from their search
    /// vectors instead of reading postings; 0 (the default) never does: at 300,000 quotes on a loaded machine the
    /// speaker's quote rows were mostly outside shared buffers and the scan was slower (docs/benchmarks.md, session 19).</summary>
    public int SpeakerScanLimit { get; init; }

    /// <summary>What one speaker's quote read with its search vector costs, in postings of the query words read and
    /// decoded otherwise (see <see cref="SpeakerScanLimit"/>; 0: scan whenever under the limit, for tests).</summary>
    internal int SpeakerScanPostingsPerQuote { get; init; } = 16;

    /// <summary>A search of words with a speaker: filter whose speakers have more than this many active quotes does not
    /// list their ids (a statement reading and sorting tens of thousands of rows): the quotes it ranks must hold the
    /// lexemes of the filter's words (every quote of those speakers holds them in its speaker part), and the quotes read
    /// for the page are checked for the speaker (for tests).</summary>
    internal int SpeakerIdsLimit { get; init; } = 2_000;

    /// <summary>The store chooses its pair words (<see cref="Bm25Pairs"/>) when it first holds this many active quotes
    /// (for tests).</summary>
    internal int PairWordsMinimumQuotes { get; init; } = 1_000;

    /// <summary>Two pair words get pair postings when their levels add up to at most this (for tests).</summary>
    internal int PairLevelSum { get; init; } = Bm25Pairs.DefaultLevelSum;

    /// <summary>At most this many full-text matches (newest first) are ranked per search of a phrase; see docs/scale-out.md.</summary>
    public int RankCandidates { get; init; } = 200;

    /// <summary>How text searches find their matches: Auto picks per query; the others are for tests and benchmarks.</summary>
    public SearchPlan SearchPlan { get; init; } = SearchPlan.Auto;

    /// <summary>At most this many of the newest rows are walked for the matches of a common word before the index is asked.</summary>
    public int WalkRows { get; init; } = 20_000;

    /// <summary>How often a transaction that lost a deadlock or a unique race is tried again.</summary>
    public int Retries { get; init; } = 3;
}

/// <summary>
/// One PostgreSQL database shared by the quote store and the schedule store: the connection pool, the migrations
/// (run under an advisory lock, so instances starting together never race), and the mapping of connection errors
/// to one-line <see cref="PostgresStoreException"/>s.
/// </summary>
public sealed class PostgresDatabase : IAsyncDisposable, IDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly SemaphoreSlim _initLock = new(1, 1);
    private volatile bool _initialized;

    public PostgresDatabase(string connectionString, PostgresStoreOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        Options = options ?? new PostgresStoreOptions();
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException ex)
        {
            // The message names the bad keyword, never a value.
            throw new PostgresStoreException("Storage__ConnectionString is not a valid PostgreSQL connection string: " + ex.Message.ReplaceLineEndings(" "), ex);
        }

        Where = string.Create(CultureInfo.InvariantCulture,
            $"{(string.IsNullOrEmpty(builder.Host) ? "localhost" : builder.Host)}:{builder.Port}/{(string.IsNullOrEmpty(builder.Database) ? builder.Username : builder.Database)}");
        if (string.IsNullOrEmpty(builder.ApplicationName))
        {
            builder.ApplicationName = "quotebot";
        }

        _dataSource = NpgsqlDataSource.Create(builder.ConnectionString);
        // A session of its own for session-level locks: a pooled connection would keep them after it is returned.
        builder.Pooling = false;
        builder.KeepAlive = 10;
        _dedicatedConnectionString = builder.ConnectionString;
    }

    private readonly string _dedicatedConnectionString;

    /// <summary>
    /// <paramref name="connectionString"/> with its Password set to <paramref name="password"/> through
    /// <see cref="NpgsqlConnectionStringBuilder"/>, which quotes it, so ';', '=' and quotes in it are safe. Unchanged
    /// when there is no password, or when the string cannot be read (the constructor then reports it in one line).
    /// </summary>
    public static string? WithPassword(string? connectionString, string? password)
    {
        if (string.IsNullOrEmpty(password) || string.IsNullOrWhiteSpace(connectionString))
        {
            return connectionString;
        }

        try
        {
            return new NpgsqlConnectionStringBuilder(connectionString) { Password = password }.ConnectionString;
        }
        catch (ArgumentException)
        {
            return connectionString;
        }
    }

    /// <summary>A new connection outside the pool (not opened), for <see cref="PostgresInstanceLock"/>.</summary>
    internal NpgsqlConnection CreateDedicatedConnection() => new(_dedicatedConnectionString);

    public PostgresStoreOptions Options { get; }

    /// <summary>"host:port/database", for messages (never the password).</summary>
    public string Where { get; }

    /// <summary>The highest schema version this build knows.</summary>
    public static int SchemaVersion => PostgresSchema.Migrations[^1].Version;

    /// <summary>Creates or upgrades the schema; idempotent and safe to call from several processes at once.</summary>
    public async Task InitializeAsync(CancellationToken ct = default)
    {
        if (_initialized)
        {
            return;
        }

        await _initLock.WaitAsync(ct);
        try
        {
            if (_initialized)
            {
                return;
            }

            await RunAsync(async () =>
            {
                await using var conn = await _dataSource.OpenConnectionAsync(ct);
                await MigrateAsync(conn, Options, ct);
                return 0;
            });
            _initialized = true;
        }
        finally
        {
            _initLock.Release();
        }
    }

    private static async Task MigrateAsync(NpgsqlConnection conn, PostgresStoreOptions options, CancellationToken ct)
    {
        await using var tx = await conn.BeginTransactionAsync(ct);
        // One lock per schema: a second instance waits here until the first has committed its migrations.
        await Exec(conn, tx, "SELECT pg_advisory_xact_lock(hashtextextended('quotebot:migrate:' || coalesce(current_schema(), ''), 0))", ct);
        await Exec(conn, tx, "CREATE TABLE IF NOT EXISTS schema_version(version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())", ct);
        var applied = new HashSet<int>();
        await using (var cmd = new NpgsqlCommand("SELECT version FROM schema_version", conn, tx))
        await using (var r = await cmd.ExecuteReaderAsync(ct))
        {
            while (await r.ReadAsync(ct))
            {
                applied.Add(r.GetInt32(0));
            }
        }

        if (applied.Count > 0 && applied.Max() > SchemaVersion)
        {
            throw new PostgresStoreException(string.Create(CultureInfo.InvariantCulture,
                $"The PostgreSQL quote database was written by a newer quotebot (schema {applied.Max()}, this build knows {SchemaVersion}); update quotebot."));
        }

        foreach (var m in PostgresSchema.Migrations.Where(m => !applied.Contains(m.Version)))
        {
            await Exec(conn, tx, m.Sql, ct);
            if (m.Fill is { } fill)
            {
                await fill(conn, tx, options, ct);
            }

            await using var ins = new NpgsqlCommand("INSERT INTO schema_version(version, name) VALUES (@v, @n)", conn, tx);
            ins.Parameters.AddWithValue("v", m.Version);
            ins.Parameters.AddWithValue("n", m.Name);
            await ins.ExecuteNonQueryAsync(ct);
        }

        await tx.CommitAsync(ct);
    }

    private static async Task Exec(NpgsqlConnection conn, NpgsqlTransaction tx, string sql, CancellationToken ct)
    {
        // No time limit: building an index over a large table, or waiting for another instance doing it, takes minutes.
        await using var cmd = new NpgsqlCommand(sql, conn, tx) { CommandTimeout = 0 };
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Runs <paramref name="work"/> on a pooled connection (no transaction).</summary>
    internal async Task<T> ReadAsync<T>(Func<NpgsqlConnection, Task<T>> work, CancellationToken ct)
    {
        await InitializeAsync(ct);
        return await RunAsync(async () =>
        {
            await using var conn = await _dataSource.OpenConnectionAsync(ct);
            return await work(conn);
        });
    }

    /// <summary>
    /// Runs <paramref name="work"/> in one transaction, committed at its end. A deadlock, a serialization failure or
    /// (with <paramref name="retryUniqueViolation"/>) a lost insert race rolls back and runs the whole unit again.
    /// </summary>
    internal async Task<T> WriteAsync<T>(Func<NpgsqlConnection, NpgsqlTransaction, Task<T>> work, CancellationToken ct, bool retryUniqueViolation = false)
    {
        await InitializeAsync(ct);
        return await RunAsync(async () =>
        {
            for (var attempt = 0; ; attempt++)
            {
                await using var conn = await _dataSource.OpenConnectionAsync(ct);
                await using var tx = await conn.BeginTransactionAsync(ct);
                try
                {
                    var result = await work(conn, tx);
                    await tx.CommitAsync(ct);
                    return result;
                }
                catch (PostgresException ex) when (attempt < Options.Retries
                                                   && (ex.SqlState is PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure
                                                       || (retryUniqueViolation && ex.SqlState == PostgresErrorCodes.UniqueViolation)))
                {
                    await tx.RollbackAsync(CancellationToken.None);
                    await Task.Delay(Random.Shared.Next(5, 50), ct);
                }
            }
        });
    }

    private async Task<T> RunAsync<T>(Func<Task<T>> work)
    {
        try
        {
            return await work();
        }
        catch (NpgsqlException ex) when (ex.InnerException is not OperationCanceledException)
        {
            throw PostgresStoreException.From(Where, ex);
        }
        catch (TimeoutException ex)
        {
            throw PostgresStoreException.From(Where, ex);
        }
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    public void Dispose() => _dataSource.Dispose();
}

/// <summary>
/// An instant as PostgreSQL keeps it (timestamptz, microseconds, UTC) plus what that drops: the last 100 ns tick and
/// the offset in minutes. Together they give back the exact <see cref="DateTimeOffset"/>, so restoring an export
/// twice compares equal.
/// </summary>
internal readonly record struct TimeParts(DateTime Utc, short Ticks, short OffsetMinutes)
{
    public static TimeParts Split(DateTimeOffset t)
    {
        var utc = t.UtcDateTime;
        var extra = utc.Ticks % 10;
        return new TimeParts(new DateTime(utc.Ticks - extra, DateTimeKind.Utc), (short)extra, (short)t.Offset.TotalMinutes);
    }

    public static DateTimeOffset Join(DateTime utc, short ticks, short offsetMinutes)
    {
        var exact = new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc).AddTicks(ticks));
        return exact.ToOffset(TimeSpan.FromMinutes(offsetMinutes));
    }
}
