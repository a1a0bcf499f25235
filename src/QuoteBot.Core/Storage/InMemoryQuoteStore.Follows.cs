using QuoteBot.Core.Follows;
using QuoteBot.Core.Model;

namespace QuoteBot.Core.Storage;

/// <summary>Feed follows and their claims, under the store's one lock.</summary>
public sealed partial class InMemoryQuoteStore
{
    private readonly SortedDictionary<long, FollowRow> _follows = [];
    private readonly List<FollowAuditEntry> _followAudit = [];
    private long _maxFollowId;

    private sealed record FollowRow(Follow Follow, string? ClaimedBy, DateTimeOffset? ClaimedUntil);

    public Task<FollowAddResult> AddFollowAsync(NewFollow follow, Actor actor, CancellationToken ct = default)
    {
        FollowRules.Ensure(follow, actor);
        var at = FollowTime.Normalize(follow.At);
        lock (_gate)
        {
            var existing = _follows.Values.FirstOrDefault(r => r.Follow.Scope == follow.Scope && r.Follow.FeedUrl == follow.FeedUrl);
            if (existing is null)
            {
                var created = new Follow
                {
                    Id = ++_maxFollowId,
                    Scope = follow.Scope,
                    FeedUrl = follow.FeedUrl,
                    Title = follow.Title,
                    AutoApprove = follow.AutoApprove,
                    AddedBy = actor.Id,
                    AddedByName = actor.DisplayName,
                    AddedAt = at,
                    ConversationKey = follow.ConversationKey,
                    NextDueAt = at,
                };
                _follows[created.Id] = new FollowRow(created, null, null);
                AuditFollow(created, FollowActions.Follow, actor, at);
                return Task.FromResult(new FollowAddResult(created, FollowAddOutcome.Added));
            }

            var old = existing.Follow;
            var outcome = old.Paused ? FollowAddOutcome.Resumed
                : old.AutoApprove != follow.AutoApprove ? FollowAddOutcome.Updated
                : FollowAddOutcome.Unchanged;
            if (outcome == FollowAddOutcome.Unchanged)
            {
                return Task.FromResult(new FollowAddResult(old, outcome));
            }

            var changed = old with
            {
                AutoApprove = follow.AutoApprove,
                ConversationKey = follow.ConversationKey ?? old.ConversationKey,
                Paused = false,
                PauseNotified = false,
                ConsecutiveFailures = outcome == FollowAddOutcome.Resumed ? 0 : old.ConsecutiveFailures,
                NextDueAt = outcome == FollowAddOutcome.Resumed ? at : old.NextDueAt,
            };
            _follows[old.Id] = existing with { Follow = changed };
            AuditFollow(changed, outcome == FollowAddOutcome.Resumed ? FollowActions.Resume : FollowActions.Update, actor, at);
            return Task.FromResult(new FollowAddResult(changed, outcome));
        }
    }

    public Task<Follow?> GetFollowAsync(Scope scope, string feedUrl, CancellationToken ct = default)
    {
        FollowRules.EnsureKey(scope, feedUrl);
        lock (_gate)
        {
            return Task.FromResult(_follows.Values.Select(r => r.Follow).FirstOrDefault(f => f.Scope == scope && f.FeedUrl == feedUrl));
        }
    }

    public Task<IReadOnlyList<Follow>> ListFollowsAsync(Scope? scope, CancellationToken ct = default)
    {
        lock (_gate)
        {
            IReadOnlyList<Follow> list = _follows.Values.Select(r => r.Follow).Where(f => scope is null || f.Scope == scope.Value).ToArray();
            return Task.FromResult(list);
        }
    }

    public Task<Follow?> RemoveFollowAsync(Scope scope, string feedUrl, Actor actor, DateTimeOffset at, CancellationToken ct = default)
    {
        FollowRules.EnsureKey(scope, feedUrl);
        ArgumentNullException.ThrowIfNull(actor);
        lock (_gate)
        {
            var row = _follows.Values.FirstOrDefault(r => r.Follow.Scope == scope && r.Follow.FeedUrl == feedUrl);
            if (row is null)
            {
                return Task.FromResult<Follow?>(null);
            }

            _follows.Remove(row.Follow.Id);
            AuditFollow(row.Follow, FollowActions.Unfollow, actor, FollowTime.Normalize(at));
            return Task.FromResult<Follow?>(row.Follow);
        }
    }

    public Task<IReadOnlyList<Follow>> ClaimDueFollowsAsync(DateTimeOffset now, string instanceId, TimeSpan lease, int limit, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(instanceId);
        now = FollowTime.Normalize(now);
        lock (_gate)
        {
            var due = _follows.Values
                .Where(r => !r.Follow.Paused && r.Follow.NextDueAt <= now && (r.ClaimedUntil is null || r.ClaimedUntil < now))
                .OrderBy(r => r.Follow.NextDueAt).ThenBy(r => r.Follow.Id)
                .Take(Math.Max(0, limit))
                .ToArray();
            foreach (var r in due)
            {
                _follows[r.Follow.Id] = r with { ClaimedBy = instanceId, ClaimedUntil = now + lease };
            }

            IReadOnlyList<Follow> claimed = due.Select(r => r.Follow).ToArray();
            return Task.FromResult(claimed);
        }
    }

    public Task<Follow?> RecordFollowPollAsync(long followId, string instanceId, FollowPollResult result, int pauseAfter, CancellationToken ct = default)
    {
        FollowRules.Ensure(result);
        lock (_gate)
        {
            if (!_follows.TryGetValue(followId, out var row) || row.ClaimedBy != instanceId)
            {
                return Task.FromResult<Follow?>(null);
            }

            var f = row.Follow;
            var at = FollowTime.Normalize(result.At);
            Follow next;
            if (result.Ok)
            {
                next = f with
                {
                    ConsecutiveFailures = 0,
                    LastError = null,
                    LastSuccessAt = at,
                    LastPolledAt = at,
                    ETag = result.ETag,
                    LastModified = FollowTime.Normalize(result.LastModified),
                    NextDueAt = FollowTime.Normalize(result.NextDueAt),
                };
            }
            else
            {
                var failures = f.ConsecutiveFailures + 1;
                next = f with
                {
                    ConsecutiveFailures = failures,
                    LastError = result.Error,
                    LastPolledAt = at,
                    NextDueAt = FollowTime.Normalize(result.NextDueAt),
                    Paused = f.Paused || failures >= pauseAfter,
                };
                if (next.Paused && !f.Paused)
                {
                    AuditFollow(next, FollowActions.Pause, Actor.System, at);
                }
            }

            _follows[followId] = new FollowRow(next, null, null);
            return Task.FromResult<Follow?>(next);
        }
    }

    public Task<bool> SetFollowPauseNotifiedAsync(long followId, bool notified, CancellationToken ct = default)
    {
        lock (_gate)
        {
            if (!_follows.TryGetValue(followId, out var row) || row.Follow.PauseNotified == notified || (notified && !row.Follow.Paused))
            {
                return Task.FromResult(false);
            }

            _follows[followId] = row with { Follow = row.Follow with { PauseNotified = notified } };
            return Task.FromResult(true);
        }
    }

    public Task<IReadOnlyList<FollowAuditEntry>> GetFollowAuditAsync(Scope? scope, CancellationToken ct = default)
    {
        lock (_gate)
        {
            IReadOnlyList<FollowAuditEntry> rows = _followAudit.Where(a => scope is null || a.Scope == scope.Value).ToArray();
            return Task.FromResult(rows);
        }
    }

    private void AuditFollow(Follow f, string action, Actor actor, DateTimeOffset at) =>
        _followAudit.Add(new FollowAuditEntry(f.Id, f.Scope, f.FeedUrl, action, actor.Id, actor.DisplayName, at, f.AutoApprove));
}
