using Npgsql;
using QuoteBot.Core.Follows;
using QuoteBot.Core.Model;

namespace QuoteBot.Storage.Postgres;

/// <summary>Followed feeds, their poll claims (leases taken with FOR UPDATE SKIP LOCKED) and their audit (schema migration 6).</summary>
public sealed partial class PostgresQuoteStore
{
    private const string FollowColumns =
        "id, scope, feed_url, title, auto_approve, added_by, added_by_name, added_at, conversation_key, next_due_at, " +
        "failures, paused, pause_notified, etag, last_modified, last_error, last_success_at, last_polled_at";

    public Task<FollowAddResult> AddFollowAsync(NewFollow follow, Actor actor, CancellationToken ct = default)
    {
        FollowRules.Ensure(follow, actor);
        var at = FollowTime.Normalize(follow.At);
        return _db.WriteAsync(async (conn, tx) =>
        {
            var old = await FollowWhereAsync(conn, tx, "scope = @s AND feed_url = @u FOR UPDATE", ct, ("s", follow.Scope.Key), ("u", follow.FeedUrl));
            if (old is null)
            {
                long id;
                await using (var cmd = new NpgsqlCommand(
                    "INSERT INTO follows(scope, feed_url, title, auto_approve, added_by, added_by_name, added_at, conversation_key, next_due_at) " +
                    "VALUES (@s, @u, @t, @a, @by, @name, @at, @c, @at) RETURNING id", conn, tx))
                {
                    Add(cmd, ("s", follow.Scope.Key), ("u", follow.FeedUrl), ("t", follow.Title), ("a", follow.AutoApprove),
                        ("by", actor.Id), ("name", actor.DisplayName), ("at", at), ("c", follow.ConversationKey));
                    id = (long)(await cmd.ExecuteScalarAsync(ct))!;
                }

                var created = (await FollowWhereAsync(conn, tx, "id = @id", ct, ("id", id)))!;
                await AuditFollowAsync(conn, tx, created, FollowActions.Follow, actor, at, ct);
                return new FollowAddResult(created, FollowAddOutcome.Added);
            }

            var outcome = old.Paused ? FollowAddOutcome.Resumed
                : old.AutoApprove != follow.AutoApprove ? FollowAddOutcome.Updated
                : FollowAddOutcome.Unchanged;
            if (outcome == FollowAddOutcome.Unchanged)
            {
                return new FollowAddResult(old, outcome);
            }

            var resumed = outcome == FollowAddOutcome.Resumed;
            await using (var cmd = new NpgsqlCommand(
                "UPDATE follows SET auto_approve = @a, conversation_key = coalesce(@c, conversation_key), paused = false, pause_notified = false, " +
                "failures = CASE WHEN @r THEN 0 ELSE failures END, next_due_at = CASE WHEN @r THEN @at ELSE next_due_at END WHERE id = @id", conn, tx))
            {
                Add(cmd, ("a", follow.AutoApprove), ("c", follow.ConversationKey), ("r", resumed), ("at", at), ("id", old.Id));
                await cmd.ExecuteNonQueryAsync(ct);
            }

            var changed = (await FollowWhereAsync(conn, tx, "id = @id", ct, ("id", old.Id)))!;
            await AuditFollowAsync(conn, tx, changed, resumed ? FollowActions.Resume : FollowActions.Update, actor, at, ct);
            return new FollowAddResult(changed, outcome);
        }, ct, retryUniqueViolation: true);
    }

    public Task<Follow?> GetFollowAsync(Scope scope, string feedUrl, CancellationToken ct = default)
    {
        FollowRules.EnsureKey(scope, feedUrl);
        return _db.ReadAsync(conn => FollowWhereAsync(conn, null, "scope = @s AND feed_url = @u", ct, ("s", scope.Key), ("u", feedUrl)), ct);
    }

    public Task<IReadOnlyList<Follow>> ListFollowsAsync(Scope? scope, CancellationToken ct = default) =>
        _db.ReadAsync<IReadOnlyList<Follow>>(async conn =>
        {
            await using var cmd = new NpgsqlCommand(
                scope is null ? $"SELECT {FollowColumns} FROM follows ORDER BY id" : $"SELECT {FollowColumns} FROM follows WHERE scope = @s ORDER BY id", conn);
            if (scope is not null)
            {
                Add(cmd, ("s", scope.Value.Key));
            }

            return await ReadFollowsAsync(cmd, ct);
        }, ct);

    public Task<Follow?> RemoveFollowAsync(Scope scope, string feedUrl, Actor actor, DateTimeOffset at, CancellationToken ct = default)
    {
        FollowRules.EnsureKey(scope, feedUrl);
        ArgumentNullException.ThrowIfNull(actor);
        return _db.WriteAsync(async (conn, tx) =>
        {
            Follow? removed;
            await using (var cmd = new NpgsqlCommand($"DELETE FROM follows WHERE scope = @s AND feed_url = @u RETURNING {FollowColumns}", conn, tx))
            {
                Add(cmd, ("s", scope.Key), ("u", feedUrl));
                removed = (await ReadFollowsAsync(cmd, ct)).FirstOrDefault();
            }

            if (removed is not null)
            {
                await AuditFollowAsync(conn, tx, removed, FollowActions.Unfollow, actor, FollowTime.Normalize(at), ct);
            }

            return removed;
        }, ct);
    }

    public Task<IReadOnlyList<Follow>> ClaimDueFollowsAsync(DateTimeOffset now, string instanceId, TimeSpan lease, int limit, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(instanceId);
        var at = FollowTime.Normalize(now);
        return _db.WriteAsync<IReadOnlyList<Follow>>(async (conn, tx) =>
        {
            // Rows another instance is claiming right now are skipped, not waited for; the outer WHERE is checked again
            // on the locked row, so a row claimed and committed meanwhile is not taken twice.
            const string Due = "NOT paused AND next_due_at <= @now AND (claimed_until IS NULL OR claimed_until < @now)";
            await using var cmd = new NpgsqlCommand(
                $"UPDATE follows SET claimed_by = @i, claimed_until = @until WHERE {Due} AND id IN (" +
                $"SELECT id FROM follows WHERE {Due} ORDER BY next_due_at, id LIMIT @n FOR UPDATE SKIP LOCKED) RETURNING {FollowColumns}",
                conn, tx);
            Add(cmd, ("i", instanceId), ("until", at + lease), ("now", at), ("n", Math.Max(0, limit)));
            var claimed = await ReadFollowsAsync(cmd, ct);
            return claimed.OrderBy(f => f.NextDueAt).ThenBy(f => f.Id).ToArray();
        }, ct);
    }

    public Task<Follow?> RecordFollowPollAsync(long followId, string instanceId, FollowPollResult result, int pauseAfter, CancellationToken ct = default)
    {
        FollowRules.Ensure(result);
        return _db.WriteAsync(async (conn, tx) =>
        {
            var before = await FollowWhereAsync(conn, tx, "id = @id AND claimed_by = @i FOR UPDATE", ct, ("id", followId), ("i", instanceId));
            if (before is null)
            {
                return null;
            }

            await using (var cmd = result.Ok
                ? new NpgsqlCommand(
                    "UPDATE follows SET failures = 0, last_error = NULL, last_success_at = @at, last_polled_at = @at, etag = @etag, " +
                    "last_modified = @lm, next_due_at = @next, claimed_by = NULL, claimed_until = NULL WHERE id = @id", conn, tx)
                : new NpgsqlCommand(
                    "UPDATE follows SET failures = failures + 1, last_error = @e, last_polled_at = @at, next_due_at = @next, " +
                    "paused = paused OR failures + 1 >= @pause, claimed_by = NULL, claimed_until = NULL WHERE id = @id", conn, tx))
            {
                if (result.Ok)
                {
                    Add(cmd, ("at", FollowTime.Normalize(result.At)), ("etag", result.ETag), ("lm", FollowTime.Normalize(result.LastModified)),
                        ("next", FollowTime.Normalize(result.NextDueAt)), ("id", followId));
                }
                else
                {
                    Add(cmd, ("e", result.Error), ("at", FollowTime.Normalize(result.At)), ("next", FollowTime.Normalize(result.NextDueAt)),
                        ("pause", pauseAfter), ("id", followId));
                }

                await cmd.ExecuteNonQueryAsync(ct);
            }

            var after = (await FollowWhereAsync(conn, tx, "id = @id", ct, ("id", followId)))!;
            if (after.Paused && !before.Paused)
            {
                await AuditFollowAsync(conn, tx, after, FollowActions.Pause, Actor.System, FollowTime.Normalize(result.At), ct);
            }

            return after;
        }, ct);
    }

    public Task<bool> SetFollowPauseNotifiedAsync(long followId, bool notified, CancellationToken ct = default) =>
        _db.WriteAsync(async (conn, tx) =>
        {
            await using var cmd = new NpgsqlCommand(
                "UPDATE follows SET pause_notified = @n WHERE id = @id AND pause_notified <> @n AND (NOT @n OR paused)", conn, tx);
            Add(cmd, ("n", notified), ("id", followId));
            return await cmd.ExecuteNonQueryAsync(ct) == 1;
        }, ct);

    public Task<IReadOnlyList<FollowAuditEntry>> GetFollowAuditAsync(Scope? scope, CancellationToken ct = default) =>
        _db.ReadAsync<IReadOnlyList<FollowAuditEntry>>(async conn =>
        {
            const string Cols = "follow_id, scope, feed_url, action, actor_id, actor_name, at, auto_approve";
            await using var cmd = new NpgsqlCommand(
                scope is null ? $"SELECT {Cols} FROM follow_audit ORDER BY id" : $"SELECT {Cols} FROM follow_audit WHERE scope = @s ORDER BY id", conn);
            if (scope is not null)
            {
                Add(cmd, ("s", scope.Value.Key));
            }

            await using var r = await cmd.ExecuteReaderAsync(ct);
            var list = new List<FollowAuditEntry>();
            while (await r.ReadAsync(ct))
            {
                list.Add(new FollowAuditEntry(r.GetInt64(0), new Scope(r.GetString(1)), r.GetString(2), r.GetString(3), r.GetString(4),
                    r.GetString(5), r.GetFieldValue<DateTimeOffset>(6), r.GetBoolean(7)));
            }

            return list;
        }, ct);

    private static async Task AuditFollowAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Follow f, string action, Actor actor, DateTimeOffset at, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(
            "INSERT INTO follow_audit(follow_id, scope, feed_url, action, actor_id, actor_name, at, auto_approve) VALUES (@f, @s, @u, @a, @ai, @an, @at, @aa)", conn, tx);
        Add(cmd, ("f", f.Id), ("s", f.Scope.Key), ("u", f.FeedUrl), ("a", action), ("ai", actor.Id), ("an", actor.DisplayName), ("at", at), ("aa", f.AutoApprove));
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private static async Task<Follow?> FollowWhereAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, string where, CancellationToken ct, params (string Name, object? Value)[] args)
    {
        await using var cmd = new NpgsqlCommand($"SELECT {FollowColumns} FROM follows WHERE {where}", conn, tx);
        Add(cmd, args);
        return (await ReadFollowsAsync(cmd, ct)).FirstOrDefault();
    }

    /// <summary>Binds parameters; text is cleaned of NUL (PostgreSQL refuses it), times go as UTC.</summary>
    private static void Add(NpgsqlCommand cmd, params (string Name, object? Value)[] args)
    {
        foreach (var (name, value) in args)
        {
            cmd.Parameters.AddWithValue(name, value switch
            {
                null => DBNull.Value,
                string s => Clean(s),
                DateTimeOffset t => t.ToUniversalTime(),
                _ => value,
            });
        }
    }

    private static async Task<List<Follow>> ReadFollowsAsync(NpgsqlCommand cmd, CancellationToken ct)
    {
        await using var r = await cmd.ExecuteReaderAsync(ct);
        var list = new List<Follow>();
        while (await r.ReadAsync(ct))
        {
            list.Add(new Follow
            {
                Id = r.GetInt64(0),
                Scope = new Scope(r.GetString(1)),
                FeedUrl = r.GetString(2),
                Title = r.IsDBNull(3) ? null : r.GetString(3),
                AutoApprove = r.GetBoolean(4),
                AddedBy = r.GetString(5),
                AddedByName = r.GetString(6),
                AddedAt = r.GetFieldValue<DateTimeOffset>(7),
                ConversationKey = r.IsDBNull(8) ? null : r.GetString(8),
                NextDueAt = r.GetFieldValue<DateTimeOffset>(9),
                ConsecutiveFailures = r.GetInt32(10),
                Paused = r.GetBoolean(11),
                PauseNotified = r.GetBoolean(12),
                ETag = r.IsDBNull(13) ? null : r.GetString(13),
                LastModified = r.IsDBNull(14) ? null : r.GetFieldValue<DateTimeOffset>(14),
                LastError = r.IsDBNull(15) ? null : r.GetString(15),
                LastSuccessAt = r.IsDBNull(16) ? null : r.GetFieldValue<DateTimeOffset>(16),
                LastPolledAt = r.IsDBNull(17) ? null : r.GetFieldValue<DateTimeOffset>(17),
            });
        }

        return list;
    }
}
