namespace QuoteBot.Core.Daily;

/// <summary>A thread-safe <see cref="IScheduleStore"/> in memory: for tests and for running without a database.</summary>
public sealed class InMemoryScheduleStore : IScheduleStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, DailySubscription> _subs = new(StringComparer.Ordinal);
    private readonly Dictionary<(long Id, DateOnly Date), Claim> _claims = [];
    private long _nextId;

    /// <summary>A day's claim as stored (exposed for tests).</summary>
    public sealed record Claim(string InstanceId, DateTimeOffset ClaimedAt, DateTimeOffset? SentAt, long? QuoteId);

    public Task InitializeAsync(CancellationToken ct = default) => Task.CompletedTask;

    public Task<DailySubscription> UpsertAsync(DailySubscriptionSpec spec, CancellationToken ct = default)
    {
        lock (_gate)
        {
            var id = _subs.TryGetValue(spec.ConversationKey, out var old) ? old.Id : ++_nextId;
            var sub = new DailySubscription
            {
                Id = id,
                Platform = spec.Platform,
                ConversationKey = spec.ConversationKey,
                Scope = spec.Scope,
                LocalTime = spec.LocalTime,
                ZoneId = spec.ZoneId,
                Query = spec.Query,
                SetBy = spec.SetBy,
                ActiveSince = spec.SetAt,
            };
            _subs[spec.ConversationKey] = sub;
            return Task.FromResult(sub);
        }
    }

    public Task<DailySubscription?> GetAsync(string conversationKey, CancellationToken ct = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_subs.GetValueOrDefault(conversationKey));
        }
    }

    public Task<IReadOnlyList<DailySubscription>> ListAsync(CancellationToken ct = default)
    {
        lock (_gate)
        {
            IReadOnlyList<DailySubscription> all = _subs.Values.OrderBy(s => s.Id).ToArray();
            return Task.FromResult(all);
        }
    }

    public Task<bool> RemoveAsync(string conversationKey, CancellationToken ct = default)
    {
        lock (_gate)
        {
            if (!_subs.Remove(conversationKey, out var sub))
            {
                return Task.FromResult(false);
            }

            foreach (var key in _claims.Keys.Where(k => k.Id == sub.Id).ToArray())
            {
                _claims.Remove(key);
            }

            return Task.FromResult(true);
        }
    }

    public async Task<bool> MoveConversationAsync(string oldKey, string newKey, CancellationToken ct = default)
    {
        if (oldKey == newKey)
        {
            return false;
        }

        lock (_gate)
        {
            if (!_subs.TryGetValue(oldKey, out var sub))
            {
                return false;
            }

            if (!_subs.ContainsKey(newKey))
            {
                _subs.Remove(oldKey);
                _subs[newKey] = sub with
                {
                    ConversationKey = newKey,
                    Scope = sub.Scope.Key == oldKey ? new Model.Scope(newKey) : sub.Scope,
                };
                return true;
            }
        }

        await RemoveAsync(oldKey, ct);
        return false;
    }

    public Task<bool> TryClaimAsync(long subscriptionId, DateOnly localDate, string instanceId, DateTimeOffset now, CancellationToken ct = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_subs.Values.Any(s => s.Id == subscriptionId) && _claims.TryAdd((subscriptionId, localDate), new Claim(instanceId, now, null, null)));
        }
    }

    public Task MarkSentAsync(long subscriptionId, DateOnly localDate, long? quoteId, DateTimeOffset now, CancellationToken ct = default)
    {
        lock (_gate)
        {
            if (_claims.TryGetValue((subscriptionId, localDate), out var claim))
            {
                _claims[(subscriptionId, localDate)] = claim with { SentAt = now, QuoteId = quoteId };
            }

            Update(subscriptionId, s => s with { ConsecutiveFailures = 0 });
        }

        return Task.CompletedTask;
    }

    public Task ReleaseAsync(long subscriptionId, DateOnly localDate, string instanceId, CancellationToken ct = default)
    {
        lock (_gate)
        {
            if (_claims.TryGetValue((subscriptionId, localDate), out var claim) && claim.InstanceId == instanceId && claim.SentAt is null)
            {
                _claims.Remove((subscriptionId, localDate));
            }
        }

        return Task.CompletedTask;
    }

    public Task<int> RecordFailureAsync(long subscriptionId, string reason, int pauseAfter, CancellationToken ct = default)
    {
        lock (_gate)
        {
            var count = 0;
            Update(subscriptionId, s =>
            {
                count = s.ConsecutiveFailures + 1;
                var pause = s.Paused || count >= pauseAfter;
                return s with
                {
                    ConsecutiveFailures = count,
                    LastFailure = reason,
                    Paused = pause,
                    PauseNotified = pause && s.Paused && s.PauseNotified,
                };
            });
            return Task.FromResult(count);
        }
    }

    public Task ResumeAsync(long subscriptionId, CancellationToken ct = default)
    {
        lock (_gate)
        {
            Update(subscriptionId, s => s with { Paused = false, PauseNotified = false, ConsecutiveFailures = 0 });
        }

        return Task.CompletedTask;
    }

    public Task<bool> MarkPauseNotifiedAsync(long subscriptionId, CancellationToken ct = default)
    {
        lock (_gate)
        {
            var changed = false;
            Update(subscriptionId, s =>
            {
                changed = s.Paused && !s.PauseNotified;
                return changed ? s with { PauseNotified = true } : s;
            });
            return Task.FromResult(changed);
        }
    }

    /// <summary>The claim of one day, if any (for tests).</summary>
    public Claim? GetClaim(long subscriptionId, DateOnly localDate)
    {
        lock (_gate)
        {
            return _claims.GetValueOrDefault((subscriptionId, localDate));
        }
    }

    private void Update(long id, Func<DailySubscription, DailySubscription> change)
    {
        var sub = _subs.Values.FirstOrDefault(s => s.Id == id);
        if (sub is not null)
        {
            _subs[sub.ConversationKey] = change(sub);
        }
    }
}
