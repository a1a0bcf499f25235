using System.Globalization;
using Microsoft.Data.Sqlite;
using QuoteBot.Core.Daily;
using QuoteBot.Core.Model;

namespace QuoteBot.Storage.Sqlite.Daily;

/// <summary>
/// Daily-post schedules and claims in the quote database file (schema migration 2). A claim is a row unique per
/// (subscription, local date), inserted with INSERT ... ON CONFLICT DO NOTHING inside an IMMEDIATE transaction, so
/// exactly one caller wins it, also across processes sharing the file. Thread-safe: it writes through the file's
/// <see cref="SqliteDatabase"/> (the quote store's writer connection and write lock; schedule traffic is a few
/// statements a minute).
/// </summary>
public sealed class SqliteScheduleStore : IScheduleStore, IDisposable
{
    internal const string SchemaV2 = """
        CREATE TABLE daily_subscriptions(
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            platform TEXT NOT NULL,
            conversation_key TEXT NOT NULL UNIQUE,
            scope TEXT NOT NULL,
            local_time TEXT NOT NULL,          -- HH:mm, wall clock in zone_id
            zone_id TEXT NOT NULL,             -- IANA id
            query TEXT,                        -- filter as typed, or NULL
            set_by TEXT NOT NULL,
            active_since TEXT NOT NULL,        -- ISO 8601 UTC: earlier occurrences never post
            failures INTEGER NOT NULL DEFAULT 0,
            last_failure TEXT,
            paused INTEGER NOT NULL DEFAULT 0,
            pause_notified INTEGER NOT NULL DEFAULT 0);

        -- One row per subscription and local date: inserting it is the claim of that day's post.
        CREATE TABLE daily_posts(
            subscription_id INTEGER NOT NULL REFERENCES daily_subscriptions(id) ON DELETE CASCADE,
            local_date TEXT NOT NULL,          -- yyyy-MM-dd in the subscription's zone
            instance_id TEXT NOT NULL,
            claimed_at TEXT NOT NULL,
            sent_at TEXT,
            quote_id INTEGER,
            PRIMARY KEY(subscription_id, local_date)) WITHOUT ROWID;
        """;

    private const string Columns =
        "id, platform, conversation_key, scope, local_time, zone_id, query, set_by, active_since, failures, last_failure, paused, pause_notified";

    private readonly SqliteDatabase _db;
    private readonly bool _ownsDatabase;
    private bool _disposed;

    /// <param name="path">The quote database file (shared with <see cref="SqliteQuoteStore"/>).</param>
    /// <param name="busyTimeout">How long to wait for another writer (another process) before failing.</param>
    public SqliteScheduleStore(string path, TimeSpan? busyTimeout = null)
        : this(new SqliteDatabase(path, new SqliteStoreOptions { BusyTimeout = busyTimeout ?? TimeSpan.FromSeconds(5) }), ownsDatabase: true)
    {
    }

    /// <summary>A schedule store over the <paramref name="database"/> the quote store uses (its writer and write lock).</summary>
    public SqliteScheduleStore(SqliteDatabase database)
        : this(database, ownsDatabase: false)
    {
    }

    private SqliteScheduleStore(SqliteDatabase database, bool ownsDatabase)
    {
        ArgumentNullException.ThrowIfNull(database);
        _db = database;
        _ownsDatabase = ownsDatabase;
    }

    /// <summary>Applies the schema migrations (<see cref="SqliteDatabase"/>: one set for the whole file).</summary>
    public Task InitializeAsync(CancellationToken ct = default)
    {
        _db.EnsureInitialized();
        return Task.CompletedTask;
    }

    public Task<DailySubscription> UpsertAsync(DailySubscriptionSpec spec, CancellationToken ct = default) =>
        RunAsync(
            c =>
            {
                using var cmd = Command(
                    c,
                    """
                    INSERT INTO daily_subscriptions(platform, conversation_key, scope, local_time, zone_id, query, set_by, active_since)
                    VALUES (@platform, @key, @scope, @time, @zone, @query, @by, @since)
                    ON CONFLICT(conversation_key) DO UPDATE SET
                        platform = excluded.platform, scope = excluded.scope, local_time = excluded.local_time,
                        zone_id = excluded.zone_id, query = excluded.query, set_by = excluded.set_by,
                        active_since = excluded.active_since, failures = 0, last_failure = NULL, paused = 0, pause_notified = 0
                    """,
                    ("@platform", spec.Platform),
                    ("@key", spec.ConversationKey),
                    ("@scope", spec.Scope.Key),
                    ("@time", spec.LocalTime.ToString("HH:mm", CultureInfo.InvariantCulture)),
                    ("@zone", spec.ZoneId),
                    ("@query", spec.Query),
                    ("@by", spec.SetBy),
                    ("@since", Instant(spec.SetAt)));
                cmd.ExecuteNonQuery();
                return Get(c, spec.ConversationKey)!;
            },
            transaction: true,
            ct);

    public Task<DailySubscription?> GetAsync(string conversationKey, CancellationToken ct = default) =>
        RunAsync(c => Get(c, conversationKey), transaction: false, ct);

    public Task<IReadOnlyList<DailySubscription>> ListAsync(CancellationToken ct = default) =>
        RunAsync<IReadOnlyList<DailySubscription>>(
            c =>
            {
                using var cmd = Command(c, $"SELECT {Columns} FROM daily_subscriptions ORDER BY id");
                using var r = cmd.ExecuteReader();
                var list = new List<DailySubscription>();
                while (r.Read())
                {
                    list.Add(ReadSubscription(r));
                }

                return list;
            },
            transaction: false,
            ct);

    public Task<bool> RemoveAsync(string conversationKey, CancellationToken ct = default) =>
        RunAsync(c => Execute(c, "DELETE FROM daily_subscriptions WHERE conversation_key = @key", ("@key", conversationKey)) == 1, transaction: true, ct);

    public Task<bool> MoveConversationAsync(string oldKey, string newKey, CancellationToken ct = default) =>
        RunAsync(
            c =>
            {
                if (oldKey == newKey || Get(c, oldKey) is null)
                {
                    return false;
                }

                if (Get(c, newKey) is not null)
                {
                    Execute(c, "DELETE FROM daily_subscriptions WHERE conversation_key = @key", ("@key", oldKey));
                    return false;
                }

                return Execute(
                    c,
                    "UPDATE daily_subscriptions SET conversation_key = @new, scope = CASE WHEN scope = @old THEN @new ELSE scope END WHERE conversation_key = @old",
                    ("@new", newKey),
                    ("@old", oldKey)) == 1;
            },
            transaction: true,
            ct);

    public Task<bool> TryClaimAsync(long subscriptionId, DateOnly localDate, string instanceId, DateTimeOffset now, CancellationToken ct = default) =>
        RunAsync(
            c => Execute(
                c,
                """
                INSERT INTO daily_posts(subscription_id, local_date, instance_id, claimed_at)
                SELECT @id, @date, @instance, @now WHERE EXISTS (SELECT 1 FROM daily_subscriptions WHERE id = @id)
                ON CONFLICT(subscription_id, local_date) DO NOTHING
                """,
                ("@id", subscriptionId),
                ("@date", Date(localDate)),
                ("@instance", instanceId),
                ("@now", Instant(now))) == 1,
            transaction: true,
            ct);

    public Task<bool> IsClaimedAsync(long subscriptionId, DateOnly localDate, CancellationToken ct = default) =>
        RunAsync(
            c =>
            {
                using var cmd = Command(c, "SELECT count(*) FROM daily_posts WHERE subscription_id = @id AND local_date = @date", ("@id", subscriptionId), ("@date", Date(localDate)));
                return Convert.ToInt64(cmd.ExecuteScalar(), CultureInfo.InvariantCulture) > 0;
            },
            transaction: false,
            ct);

    public Task MarkSentAsync(long subscriptionId, DateOnly localDate, long? quoteId, DateTimeOffset now, CancellationToken ct = default) =>
        RunAsync(
            c =>
            {
                Execute(
                    c,
                    "UPDATE daily_posts SET sent_at = @now, quote_id = @quote WHERE subscription_id = @id AND local_date = @date",
                    ("@now", Instant(now)),
                    ("@quote", quoteId),
                    ("@id", subscriptionId),
                    ("@date", Date(localDate)));
                return Execute(c, "UPDATE daily_subscriptions SET failures = 0 WHERE id = @id", ("@id", subscriptionId));
            },
            transaction: true,
            ct);

    public Task ReleaseAsync(long subscriptionId, DateOnly localDate, string instanceId, CancellationToken ct = default) =>
        RunAsync(
            c => Execute(
                c,
                "DELETE FROM daily_posts WHERE subscription_id = @id AND local_date = @date AND instance_id = @instance AND sent_at IS NULL",
                ("@id", subscriptionId),
                ("@date", Date(localDate)),
                ("@instance", instanceId)),
            transaction: true,
            ct);

    public Task<int> RecordFailureAsync(long subscriptionId, string reason, int pauseAfter, CancellationToken ct = default) =>
        RunAsync(
            c =>
            {
                using var cmd = Command(
                    c,
                    """
                    UPDATE daily_subscriptions SET
                        failures = failures + 1,
                        last_failure = @reason,
                        pause_notified = CASE WHEN paused = 1 THEN pause_notified ELSE 0 END,
                        paused = CASE WHEN paused = 1 OR failures + 1 >= @limit THEN 1 ELSE 0 END
                    WHERE id = @id
                    RETURNING failures
                    """,
                    ("@reason", reason),
                    ("@limit", pauseAfter),
                    ("@id", subscriptionId));
                return cmd.ExecuteScalar() is { } v and not DBNull ? Convert.ToInt32(v, CultureInfo.InvariantCulture) : 0;
            },
            transaction: true,
            ct);

    public Task ResumeAsync(long subscriptionId, CancellationToken ct = default) =>
        RunAsync(c => Execute(c, "UPDATE daily_subscriptions SET paused = 0, pause_notified = 0, failures = 0 WHERE id = @id", ("@id", subscriptionId)), transaction: true, ct);

    public Task<bool> MarkPauseNotifiedAsync(long subscriptionId, CancellationToken ct = default) =>
        RunAsync(
            c => Execute(c, "UPDATE daily_subscriptions SET pause_notified = 1 WHERE id = @id AND paused = 1 AND pause_notified = 0", ("@id", subscriptionId)) == 1,
            transaction: true,
            ct);

    /// <summary>A day's claim as stored: (instance, claimed at, sent at, quote id), or null. For tests and diagnostics.</summary>
    public Task<(string InstanceId, DateTimeOffset ClaimedAt, DateTimeOffset? SentAt, long? QuoteId)?> GetClaimAsync(long subscriptionId, DateOnly localDate, CancellationToken ct = default) =>
        RunAsync<(string, DateTimeOffset, DateTimeOffset?, long?)?>(
            c =>
            {
                using var cmd = Command(
                    c,
                    "SELECT instance_id, claimed_at, sent_at, quote_id FROM daily_posts WHERE subscription_id = @id AND local_date = @date",
                    ("@id", subscriptionId),
                    ("@date", Date(localDate)));
                using var r = cmd.ExecuteReader();
                if (!r.Read())
                {
                    return null;
                }

                return (r.GetString(0), ParseInstant(r.GetString(1)), r.IsDBNull(2) ? null : ParseInstant(r.GetString(2)), r.IsDBNull(3) ? null : r.GetInt64(3));
            },
            transaction: false,
            ct);

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (_ownsDatabase)
        {
            _db.Dispose();
        }
    }

    private Task<T> RunAsync<T>(Func<SqliteConnection, T> work, bool transaction, CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _db.WriteAsync(session => work(session.Connection), transaction, ct);
    }

    private static DailySubscription? Get(SqliteConnection c, string conversationKey)
    {
        using var cmd = Command(c, $"SELECT {Columns} FROM daily_subscriptions WHERE conversation_key = @key", ("@key", conversationKey));
        using var r = cmd.ExecuteReader();
        return r.Read() ? ReadSubscription(r) : null;
    }

    private static DailySubscription ReadSubscription(SqliteDataReader r) => new()
    {
        Id = r.GetInt64(0),
        Platform = r.GetString(1),
        ConversationKey = r.GetString(2),
        Scope = new Scope(r.GetString(3)),
        LocalTime = TimeOnly.ParseExact(r.GetString(4), "HH:mm", CultureInfo.InvariantCulture),
        ZoneId = r.GetString(5),
        Query = r.IsDBNull(6) ? null : r.GetString(6),
        SetBy = r.GetString(7),
        ActiveSince = ParseInstant(r.GetString(8)),
        ConsecutiveFailures = r.GetInt32(9),
        LastFailure = r.IsDBNull(10) ? null : r.GetString(10),
        Paused = r.GetInt64(11) != 0,
        PauseNotified = r.GetInt64(12) != 0,
    };

    private static SqliteCommand Command(SqliteConnection c, string sql, params ReadOnlySpan<(string Name, object? Value)> args)
    {
        var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        foreach (var (name, value) in args)
        {
            cmd.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return cmd;
    }

    private static int Execute(SqliteConnection c, string sql, params ReadOnlySpan<(string Name, object? Value)> args)
    {
        using var cmd = Command(c, sql, args);
        return cmd.ExecuteNonQuery();
    }

    private static void Run(SqliteConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    private static string Instant(DateTimeOffset at) => at.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

    private static DateTimeOffset ParseInstant(string s) => DateTimeOffset.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);

    private static string Date(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
