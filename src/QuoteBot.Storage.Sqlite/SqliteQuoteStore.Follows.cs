using Microsoft.Data.Sqlite;
using QuoteBot.Core.Follows;
using QuoteBot.Core.Model;

namespace QuoteBot.Storage.Sqlite;

/// <summary>Followed feeds, their poll claims and their audit (schema migration 4).</summary>
public sealed partial class SqliteQuoteStore
{
    private const string FollowColumns =
        "id, scope, feed_url, title, auto_approve, added_by, added_by_name, added_at_ms, conversation_key, next_due_ms, " +
        "failures, paused, pause_notified, etag, last_modified_ms, last_error, last_success_ms, last_polled_ms";

    public Task<FollowAddResult> AddFollowAsync(NewFollow follow, Actor actor, CancellationToken ct = default)
    {
        FollowRules.Ensure(follow, actor);
        var at = Ms(follow.At);
        return WriteAsync(s =>
        {
            var old = FollowWhere(s, "scope = @s AND feed_url = @u", ("@s", follow.Scope.Key), ("@u", follow.FeedUrl));
            if (old is null)
            {
                var id = (long)s.Scalar(
                    "INSERT INTO follows(scope, feed_url, title, auto_approve, added_by, added_by_name, added_at_ms, conversation_key, next_due_ms) " +
                    "VALUES (@s, @u, @t, @a, @by, @name, @at, @c, @at) RETURNING id",
                    ("@s", follow.Scope.Key), ("@u", follow.FeedUrl), ("@t", follow.Title), ("@a", follow.AutoApprove ? 1 : 0),
                    ("@by", actor.Id), ("@name", actor.DisplayName), ("@at", at), ("@c", follow.ConversationKey))!;
                var created = FollowById(s, id)!;
                AuditFollow(s, created, FollowActions.Follow, actor, at);
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
            s.Execute(
                "UPDATE follows SET auto_approve = @a, conversation_key = coalesce(@c, conversation_key), paused = 0, pause_notified = 0, " +
                "failures = CASE WHEN @r = 1 THEN 0 ELSE failures END, next_due_ms = CASE WHEN @r = 1 THEN @at ELSE next_due_ms END WHERE id = @id",
                ("@a", follow.AutoApprove ? 1 : 0), ("@c", follow.ConversationKey), ("@r", resumed ? 1 : 0), ("@at", at), ("@id", old.Id));
            var changed = FollowById(s, old.Id)!;
            AuditFollow(s, changed, resumed ? FollowActions.Resume : FollowActions.Update, actor, at);
            return new FollowAddResult(changed, outcome);
        }, transaction: true, ct);
    }

    public Task<Follow?> GetFollowAsync(Scope scope, string feedUrl, CancellationToken ct = default)
    {
        FollowRules.EnsureKey(scope, feedUrl);
        return Task.FromResult(Read(s => FollowWhere(s, "scope = @s AND feed_url = @u", ("@s", scope.Key), ("@u", feedUrl))));
    }

    public Task<IReadOnlyList<Follow>> ListFollowsAsync(Scope? scope, CancellationToken ct = default) =>
        Task.FromResult(Read<IReadOnlyList<Follow>>(s =>
        {
            var cmd = scope is null
                ? s.Command($"SELECT {FollowColumns} FROM follows ORDER BY id")
                : s.Command($"SELECT {FollowColumns} FROM follows WHERE scope = @s ORDER BY id", ("@s", scope.Value.Key));
            return ReadFollows(cmd);
        }));

    public Task<Follow?> RemoveFollowAsync(Scope scope, string feedUrl, Actor actor, DateTimeOffset at, CancellationToken ct = default)
    {
        FollowRules.EnsureKey(scope, feedUrl);
        ArgumentNullException.ThrowIfNull(actor);
        return WriteAsync(s =>
        {
            var old = FollowWhere(s, "scope = @s AND feed_url = @u", ("@s", scope.Key), ("@u", feedUrl));
            if (old is null)
            {
                return null;
            }

            s.Execute("DELETE FROM follows WHERE id = @id", ("@id", old.Id));
            AuditFollow(s, old, FollowActions.Unfollow, actor, Ms(at));
            return old;
        }, transaction: true, ct);
    }

    public Task<IReadOnlyList<Follow>> ClaimDueFollowsAsync(DateTimeOffset now, string instanceId, TimeSpan lease, int limit, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(instanceId);
        var at = Ms(now);
        return WriteAsync<IReadOnlyList<Follow>>(s =>
        {
            var claimed = ReadFollows(s.Command(
                "UPDATE follows SET claimed_by = @i, claimed_until_ms = @until WHERE id IN (" +
                "SELECT id FROM follows WHERE paused = 0 AND next_due_ms <= @now AND (claimed_until_ms IS NULL OR claimed_until_ms < @now) " +
                $"ORDER BY next_due_ms, id LIMIT @n) RETURNING {FollowColumns}",
                ("@i", instanceId), ("@until", at + (long)lease.TotalMilliseconds), ("@now", at), ("@n", Math.Max(0, limit))));
            return claimed.OrderBy(f => f.NextDueAt).ThenBy(f => f.Id).ToArray();
        }, transaction: true, ct);
    }

    public Task<Follow?> RecordFollowPollAsync(long followId, string instanceId, FollowPollResult result, int pauseAfter, CancellationToken ct = default)
    {
        FollowRules.Ensure(result);
        return WriteAsync(s =>
        {
            var before = FollowWhere(s, "id = @id AND claimed_by = @i", ("@id", followId), ("@i", instanceId));
            if (before is null)
            {
                return null;
            }

            if (result.Ok)
            {
                s.Execute(
                    "UPDATE follows SET failures = 0, last_error = NULL, last_success_ms = @at, last_polled_ms = @at, etag = @etag, " +
                    "last_modified_ms = @lm, next_due_ms = @next, claimed_by = NULL, claimed_until_ms = NULL WHERE id = @id",
                    ("@at", Ms(result.At)), ("@etag", result.ETag), ("@lm", result.LastModified is { } lm ? Ms(lm) : null),
                    ("@next", Ms(result.NextDueAt)), ("@id", followId));
            }
            else
            {
                s.Execute(
                    "UPDATE follows SET failures = failures + 1, last_error = @e, last_polled_ms = @at, next_due_ms = @next, " +
                    "paused = CASE WHEN paused = 1 OR failures + 1 >= @pause THEN 1 ELSE 0 END, claimed_by = NULL, claimed_until_ms = NULL WHERE id = @id",
                    ("@e", result.Error), ("@at", Ms(result.At)), ("@next", Ms(result.NextDueAt)), ("@pause", pauseAfter), ("@id", followId));
            }

            var after = FollowById(s, followId)!;
            if (after.Paused && !before.Paused)
            {
                AuditFollow(s, after, FollowActions.Pause, Actor.System, Ms(result.At));
            }

            return after;
        }, transaction: true, ct);
    }

    public Task<bool> SetFollowPauseNotifiedAsync(long followId, bool notified, CancellationToken ct = default) =>
        WriteAsync(s => s.Execute(
            "UPDATE follows SET pause_notified = @n WHERE id = @id AND pause_notified <> @n AND (@n = 0 OR paused = 1)",
            ("@n", notified ? 1 : 0), ("@id", followId)) == 1, transaction: false, ct);

    public Task<IReadOnlyList<FollowAuditEntry>> GetFollowAuditAsync(Scope? scope, CancellationToken ct = default) =>
        Task.FromResult(Read<IReadOnlyList<FollowAuditEntry>>(s =>
        {
            const string Cols = "follow_id, scope, feed_url, action, actor_id, actor_name, at_ms, auto_approve";
            var cmd = scope is null
                ? s.Command($"SELECT {Cols} FROM follow_audit ORDER BY id")
                : s.Command($"SELECT {Cols} FROM follow_audit WHERE scope = @s ORDER BY id", ("@s", scope.Value.Key));
            using var r = cmd.ExecuteReader();
            var list = new List<FollowAuditEntry>();
            while (r.Read())
            {
                list.Add(new FollowAuditEntry(r.GetInt64(0), new Scope(r.GetString(1)), r.GetString(2), r.GetString(3), r.GetString(4),
                    r.GetString(5), FromMs(r.GetInt64(6)), r.GetInt64(7) != 0));
            }

            return list;
        }));

    private static void AuditFollow(SqliteSession s, Follow f, string action, Actor actor, long atMs) =>
        s.Execute(
            "INSERT INTO follow_audit(follow_id, scope, feed_url, action, actor_id, actor_name, at_ms, auto_approve) VALUES (@f, @s, @u, @a, @ai, @an, @at, @aa)",
            ("@f", f.Id), ("@s", f.Scope.Key), ("@u", f.FeedUrl), ("@a", action), ("@ai", actor.Id), ("@an", actor.DisplayName), ("@at", atMs), ("@aa", f.AutoApprove ? 1 : 0));

    private static Follow? FollowById(SqliteSession s, long id) => FollowWhere(s, "id = @id", ("@id", id));

    private static Follow? FollowWhere(SqliteSession s, string where, params ReadOnlySpan<(string Name, object? Value)> args) =>
        ReadFollows(s.Command($"SELECT {FollowColumns} FROM follows WHERE {where}", args)).FirstOrDefault();

    private static List<Follow> ReadFollows(SqliteCommand cmd)
    {
        using var r = cmd.ExecuteReader();
        var list = new List<Follow>();
        while (r.Read())
        {
            list.Add(new Follow
            {
                Id = r.GetInt64(0),
                Scope = new Scope(r.GetString(1)),
                FeedUrl = r.GetString(2),
                Title = r.IsDBNull(3) ? null : r.GetString(3),
                AutoApprove = r.GetInt64(4) != 0,
                AddedBy = r.GetString(5),
                AddedByName = r.GetString(6),
                AddedAt = FromMs(r.GetInt64(7)),
                ConversationKey = r.IsDBNull(8) ? null : r.GetString(8),
                NextDueAt = FromMs(r.GetInt64(9)),
                ConsecutiveFailures = (int)r.GetInt64(10),
                Paused = r.GetInt64(11) != 0,
                PauseNotified = r.GetInt64(12) != 0,
                ETag = r.IsDBNull(13) ? null : r.GetString(13),
                LastModified = r.IsDBNull(14) ? null : FromMs(r.GetInt64(14)),
                LastError = r.IsDBNull(15) ? null : r.GetString(15),
                LastSuccessAt = r.IsDBNull(16) ? null : FromMs(r.GetInt64(16)),
                LastPolledAt = r.IsDBNull(17) ? null : FromMs(r.GetInt64(17)),
            });
        }

        return list;
    }

    private static long Ms(DateTimeOffset t) => t.ToUnixTimeMilliseconds();

    private static DateTimeOffset FromMs(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);
}
