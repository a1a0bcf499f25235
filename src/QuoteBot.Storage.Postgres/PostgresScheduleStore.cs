using Npgsql;
using QuoteBot.Core.Daily;
using QuoteBot.Core.Model;

namespace QuoteBot.Storage.Postgres;

/// <summary>
/// Daily-post schedules in PostgreSQL. A day's post is claimed with INSERT ... ON CONFLICT DO NOTHING on the primary
/// key (subscription, local date), so however many instances share the database, exactly one sends it.
/// </summary>
public sealed class PostgresScheduleStore : IScheduleStore
{
    private const string Columns =
        "id, platform, conversation_key, scope, local_time, zone_id, query, set_by, active_since, active_since_ticks, " +
        "active_since_offset, consecutive_failures, last_failure, paused, pause_notified";

    private readonly PostgresDatabase _db;

    public PostgresScheduleStore(PostgresDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        _db = database;
    }

    public Task InitializeAsync(CancellationToken ct = default) => _db.InitializeAsync(ct);

    public Task<DailySubscription> UpsertAsync(DailySubscriptionSpec spec, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var t = TimeParts.Split(spec.SetAt);
        return _db.WriteAsync(async (conn, tx) =>
        {
            await using var cmd = new NpgsqlCommand(
                "INSERT INTO daily_subscriptions(platform, conversation_key, scope, local_time, zone_id, query, set_by, active_since, " +
                "active_since_ticks, active_since_offset) VALUES (@p, @k, @s, @lt, @z, @q, @by, @at, @tk, @off) " +
                "ON CONFLICT (conversation_key) DO UPDATE SET platform = excluded.platform, scope = excluded.scope, " +
                "local_time = excluded.local_time, zone_id = excluded.zone_id, query = excluded.query, set_by = excluded.set_by, " +
                "active_since = excluded.active_since, active_since_ticks = excluded.active_since_ticks, " +
                "active_since_offset = excluded.active_since_offset, consecutive_failures = 0, last_failure = NULL, " +
                $"paused = false, pause_notified = false RETURNING {Columns}", conn, tx);
            cmd.Parameters.AddWithValue("p", PostgresQuoteStore.Clean(spec.Platform));
            cmd.Parameters.AddWithValue("k", PostgresQuoteStore.Clean(spec.ConversationKey));
            cmd.Parameters.AddWithValue("s", spec.Scope.Key);
            cmd.Parameters.AddWithValue("lt", spec.LocalTime);
            cmd.Parameters.AddWithValue("z", PostgresQuoteStore.Clean(spec.ZoneId));
            cmd.Parameters.AddWithValue("q", spec.Query is null ? DBNull.Value : PostgresQuoteStore.Clean(spec.Query));
            cmd.Parameters.AddWithValue("by", PostgresQuoteStore.Clean(spec.SetBy));
            cmd.Parameters.AddWithValue("at", t.Utc);
            cmd.Parameters.AddWithValue("tk", t.Ticks);
            cmd.Parameters.AddWithValue("off", t.OffsetMinutes);
            return (await ReadAllAsync(cmd, ct))[0];
        }, ct, retryUniqueViolation: true);
    }

    public Task<DailySubscription?> GetAsync(string conversationKey, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(conversationKey);
        return _db.ReadAsync(async conn =>
        {
            await using var cmd = new NpgsqlCommand($"SELECT {Columns} FROM daily_subscriptions WHERE conversation_key = @k", conn);
            cmd.Parameters.AddWithValue("k", PostgresQuoteStore.Clean(conversationKey));
            return (await ReadAllAsync(cmd, ct)).FirstOrDefault();
        }, ct);
    }

    public Task<IReadOnlyList<DailySubscription>> ListAsync(CancellationToken ct = default) =>
        _db.ReadAsync<IReadOnlyList<DailySubscription>>(async conn =>
        {
            await using var cmd = new NpgsqlCommand($"SELECT {Columns} FROM daily_subscriptions ORDER BY id", conn);
            return await ReadAllAsync(cmd, ct);
        }, ct);

    public Task<bool> RemoveAsync(string conversationKey, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(conversationKey);
        return _db.WriteAsync(async (conn, tx) =>
        {
            // Claims go with it (ON DELETE CASCADE).
            await using var cmd = new NpgsqlCommand("DELETE FROM daily_subscriptions WHERE conversation_key = @k", conn, tx);
            cmd.Parameters.AddWithValue("k", PostgresQuoteStore.Clean(conversationKey));
            return await cmd.ExecuteNonQueryAsync(ct) > 0;
        }, ct);
    }

    public Task<bool> MoveConversationAsync(string oldKey, string newKey, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(oldKey);
        ArgumentNullException.ThrowIfNull(newKey);
        if (oldKey == newKey)
        {
            return Task.FromResult(false);
        }

        return _db.WriteAsync(async (conn, tx) =>
        {
            var keys = new[] { PostgresQuoteStore.Clean(oldKey), PostgresQuoteStore.Clean(newKey) };
            var present = new HashSet<string>(StringComparer.Ordinal);
            await using (var cmd = new NpgsqlCommand(
                             "SELECT conversation_key FROM daily_subscriptions WHERE conversation_key = ANY(@k) ORDER BY id FOR UPDATE", conn, tx))
            {
                cmd.Parameters.AddWithValue("k", keys);
                await using var r = await cmd.ExecuteReaderAsync(ct);
                while (await r.ReadAsync(ct))
                {
                    present.Add(r.GetString(0));
                }
            }

            if (!present.Contains(keys[0]))
            {
                return false;
            }

            if (present.Contains(keys[1]))
            {
                await using var del = new NpgsqlCommand("DELETE FROM daily_subscriptions WHERE conversation_key = @k", conn, tx);
                del.Parameters.AddWithValue("k", keys[0]);
                await del.ExecuteNonQueryAsync(ct);
                return false;
            }

            await using var move = new NpgsqlCommand(
                "UPDATE daily_subscriptions SET conversation_key = @new, scope = CASE WHEN scope = @old THEN @new ELSE scope END " +
                "WHERE conversation_key = @old", conn, tx);
            move.Parameters.AddWithValue("old", keys[0]);
            move.Parameters.AddWithValue("new", keys[1]);
            await move.ExecuteNonQueryAsync(ct);
            return true;
        }, ct, retryUniqueViolation: true);
    }

    public Task<bool> TryClaimAsync(long subscriptionId, DateOnly localDate, string instanceId, DateTimeOffset now, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(instanceId);
        return _db.WriteAsync(async (conn, tx) =>
        {
            await using var cmd = new NpgsqlCommand(
                "INSERT INTO daily_claims(subscription_id, local_date, instance_id, claimed_at) " +
                "SELECT @id, @d, @i, @t WHERE EXISTS (SELECT 1 FROM daily_subscriptions WHERE id = @id) " +
                "ON CONFLICT (subscription_id, local_date) DO NOTHING", conn, tx);
            cmd.Parameters.AddWithValue("id", subscriptionId);
            cmd.Parameters.AddWithValue("d", localDate);
            cmd.Parameters.AddWithValue("i", PostgresQuoteStore.Clean(instanceId));
            cmd.Parameters.AddWithValue("t", now.UtcDateTime);
            return await cmd.ExecuteNonQueryAsync(ct) == 1;
        }, ct);
    }

    public Task MarkSentAsync(long subscriptionId, DateOnly localDate, long? quoteId, DateTimeOffset now, CancellationToken ct = default) =>
        _db.WriteAsync(async (conn, tx) =>
        {
            await using var batch = new NpgsqlBatch(conn, tx)
            {
                BatchCommands =
                {
                    new NpgsqlBatchCommand("UPDATE daily_claims SET sent_at = $1, quote_id = $2 WHERE subscription_id = $3 AND local_date = $4")
                    {
                        Parameters =
                        {
                            new() { Value = now.UtcDateTime },
                            new() { Value = quoteId is { } q ? q : DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Bigint },
                            new() { Value = subscriptionId },
                            new() { Value = localDate },
                        },
                    },
                    new NpgsqlBatchCommand("UPDATE daily_subscriptions SET consecutive_failures = 0 WHERE id = $1")
                    {
                        Parameters = { new() { Value = subscriptionId } },
                    },
                },
            };
            return await batch.ExecuteNonQueryAsync(ct);
        }, ct);

    public Task ReleaseAsync(long subscriptionId, DateOnly localDate, string instanceId, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(instanceId);
        return _db.WriteAsync(async (conn, tx) =>
        {
            await using var cmd = new NpgsqlCommand(
                "DELETE FROM daily_claims WHERE subscription_id = @id AND local_date = @d AND instance_id = @i AND sent_at IS NULL", conn, tx);
            cmd.Parameters.AddWithValue("id", subscriptionId);
            cmd.Parameters.AddWithValue("d", localDate);
            cmd.Parameters.AddWithValue("i", PostgresQuoteStore.Clean(instanceId));
            return await cmd.ExecuteNonQueryAsync(ct);
        }, ct);
    }

    public Task<int> RecordFailureAsync(long subscriptionId, string reason, int pauseAfter, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(reason);
        return _db.WriteAsync(async (conn, tx) =>
        {
            // On the right of SET every column still has its old value.
            await using var cmd = new NpgsqlCommand(
                "UPDATE daily_subscriptions SET consecutive_failures = consecutive_failures + 1, last_failure = @r, " +
                "paused = paused OR consecutive_failures + 1 >= @p, pause_notified = paused AND pause_notified " +
                "WHERE id = @id RETURNING consecutive_failures", conn, tx);
            cmd.Parameters.AddWithValue("id", subscriptionId);
            cmd.Parameters.AddWithValue("r", PostgresQuoteStore.Clean(reason));
            cmd.Parameters.AddWithValue("p", pauseAfter);
            return await cmd.ExecuteScalarAsync(ct) is int n ? n : 0;
        }, ct);
    }

    public Task ResumeAsync(long subscriptionId, CancellationToken ct = default) =>
        _db.WriteAsync(async (conn, tx) =>
        {
            await using var cmd = new NpgsqlCommand(
                "UPDATE daily_subscriptions SET paused = false, pause_notified = false, consecutive_failures = 0 WHERE id = @id", conn, tx);
            cmd.Parameters.AddWithValue("id", subscriptionId);
            return await cmd.ExecuteNonQueryAsync(ct);
        }, ct);

    public Task<bool> MarkPauseNotifiedAsync(long subscriptionId, CancellationToken ct = default) =>
        _db.WriteAsync(async (conn, tx) =>
        {
            await using var cmd = new NpgsqlCommand(
                "UPDATE daily_subscriptions SET pause_notified = true WHERE id = @id AND paused AND NOT pause_notified", conn, tx);
            cmd.Parameters.AddWithValue("id", subscriptionId);
            return await cmd.ExecuteNonQueryAsync(ct) == 1;
        }, ct);

    /// <summary>A day's claim as stored: who holds it, and whether (and with which quote) it was sent. For tests and operators.</summary>
    public sealed record Claim(string InstanceId, DateTimeOffset ClaimedAt, DateTimeOffset? SentAt, long? QuoteId);

    public async Task<bool> IsClaimedAsync(long subscriptionId, DateOnly localDate, CancellationToken ct = default) =>
        await GetClaimAsync(subscriptionId, localDate, ct) is not null;

    public Task<Claim?> GetClaimAsync(long subscriptionId, DateOnly localDate, CancellationToken ct = default) =>
        _db.ReadAsync(async conn =>
        {
            await using var cmd = new NpgsqlCommand(
                "SELECT instance_id, claimed_at, sent_at, quote_id FROM daily_claims WHERE subscription_id = @id AND local_date = @d", conn);
            cmd.Parameters.AddWithValue("id", subscriptionId);
            cmd.Parameters.AddWithValue("d", localDate);
            await using var r = await cmd.ExecuteReaderAsync(ct);
            if (!await r.ReadAsync(ct))
            {
                return null;
            }

            return new Claim(r.GetString(0), new DateTimeOffset(r.GetFieldValue<DateTime>(1)),
                r.IsDBNull(2) ? null : new DateTimeOffset(r.GetFieldValue<DateTime>(2)), r.IsDBNull(3) ? null : r.GetInt64(3));
        }, ct);

    private static async Task<List<DailySubscription>> ReadAllAsync(NpgsqlCommand cmd, CancellationToken ct)
    {
        var list = new List<DailySubscription>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            list.Add(new DailySubscription
            {
                Id = r.GetInt64(0),
                Platform = r.GetString(1),
                ConversationKey = r.GetString(2),
                Scope = new Scope(r.GetString(3)),
                LocalTime = r.GetFieldValue<TimeOnly>(4),
                ZoneId = r.GetString(5),
                Query = r.IsDBNull(6) ? null : r.GetString(6),
                SetBy = r.GetString(7),
                ActiveSince = TimeParts.Join(r.GetFieldValue<DateTime>(8), r.GetInt16(9), r.GetInt16(10)),
                ConsecutiveFailures = r.GetInt32(11),
                LastFailure = r.IsDBNull(12) ? null : r.GetString(12),
                Paused = r.GetBoolean(13),
                PauseNotified = r.GetBoolean(14),
            });
        }

        return list;
    }
}
