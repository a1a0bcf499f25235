using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace QuoteBot.Core.Daily;

/// <summary>
/// Sends each subscription's daily post. Every pass recomputes the next instant of every schedule from its local time
/// and zone (<see cref="DailyTime"/>), sleeps on the <see cref="TimeProvider"/> until then (or the poll interval, or a
/// <see cref="DailySignal"/>), and posts what is due through <see cref="DailyPostRunner"/>, whose claims make each
/// local day's post happen once however many schedulers share the store. A post missed while the bot was down is
/// sent on start within <see cref="DailyOptions.GracePeriod"/>, otherwise that day is skipped.
/// </summary>
public sealed class DailyPostScheduler : BackgroundService
{
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromMinutes(30);

    /// <summary>How often a day claimed by someone else is looked at again, in case they released it.</summary>
    private static readonly TimeSpan RecheckClaim = TimeSpan.FromMinutes(5);

    private readonly IScheduleStore _schedules;
    private readonly DailyPostRunner _runner;
    private readonly DailySignal _signal;
    private readonly TimeProvider _time;
    private readonly DailyOptions _options;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _pass = new(1, 1);
    private readonly HashSet<(long Id, DateOnly Date)> _done = [];
    private readonly Dictionary<(long Id, DateOnly Date), (int Attempts, DateTimeOffset NotBefore)> _retries = [];
    private readonly Dictionary<(long Id, DateOnly Date), DateTimeOffset> _claimedElsewhere = [];
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> _badZones = new(StringComparer.Ordinal);

    public DailyPostScheduler(
        IScheduleStore schedules,
        DailyPostRunner runner,
        DailySignal signal,
        TimeProvider time,
        IOptions<DailyOptions> options,
        ILogger<DailyPostScheduler>? logger = null)
    {
        _schedules = schedules;
        _runner = runner;
        _signal = signal;
        _time = time;
        _options = options.Value;
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>When the running loop will next wake (null while it works): lets tests drive a fake clock.</summary>
    public DateTimeOffset? WaitingUntil { get; private set; }

    /// <summary>Posts everything due at <paramref name="now"/>. Returns how many posts were sent.</summary>
    public async Task<int> RunDueAsync(DateTimeOffset now, CancellationToken ct = default)
    {
        await _pass.WaitAsync(ct);
        try
        {
            Prune(now);
            var due = new List<(DailySubscription Sub, DateOnly Date, DateTimeOffset At)>();
            foreach (var sub in await _schedules.ListAsync(ct))
            {
                if (sub.Paused || !TryZone(sub, out var zone))
                {
                    continue;
                }

                if (DueDate(sub, zone, now, _options.GracePeriod) is not var (date, at)
                    || _done.Contains((sub.Id, date))
                    || (_retries.TryGetValue((sub.Id, date), out var retry) && retry.NotBefore > now)
                    || (_claimedElsewhere.TryGetValue((sub.Id, date), out var recheck) && recheck > now))
                {
                    continue;
                }

                due.Add((sub, date, at));
            }

            // Posts start SendInterval apart and up to MaxConcurrentPosts run at once, so a channel that has to wait
            // (a rate limit, a slow chat) does not hold up the others; the results are booked afterwards, in order.
            var runs = new List<(DailySubscription Sub, DateOnly Date, Task<DailyRunResult> Result)>(due.Count);
            using (var slots = new SemaphoreSlim(_options.MaxConcurrentPosts, _options.MaxConcurrentPosts))
            {
                var started = 0;
                try
                {
                    foreach (var (sub, date, _) in due.OrderBy(d => d.At).ThenBy(d => d.Sub.Id))
                    {
                        var paced = _runner.PosterFor(sub.Platform) is not null;
                        if (paced && started > 0 && _options.SendInterval > TimeSpan.Zero)
                        {
                            await Task.Delay(_options.SendInterval, _time, ct);
                        }

                        await slots.WaitAsync(ct);
                        if (paced)
                        {
                            started++;
                        }

                        runs.Add((sub, date, PostOneAsync(sub, date, now, slots, ct)));
                    }
                }
                finally
                {
                    // Never leave a post running unbooked (its claim and retry state matter), even when cancelled.
                    try
                    {
                        await Task.WhenAll(runs.Select(r => r.Result));
                    }
                    catch (OperationCanceledException)
                    {
                        // seen again below
                    }
                }
            }

            var sent = 0;
            foreach (var (sub, date, task) in runs)
            {
                var result = await task;
                if (result == DailyRunResult.TransientFailure)
                {
                    var attempts = _retries.TryGetValue((sub.Id, date), out var r) ? r.Attempts + 1 : 1;
                    var wait = TimeSpan.FromTicks(Math.Min(MaxRetryDelay.Ticks, _options.RetryDelay.Ticks * (1L << Math.Min(attempts - 1, 20))));
                    _retries[(sub.Id, date)] = (attempts, now + wait);
                    _logger.LogWarning("Daily post {Subscription} for {Date} failed for now; retry {Attempt} after {Wait}", sub.Id, date, attempts, wait);
                    continue;
                }

                if (result == DailyRunResult.AlreadyClaimed)
                {
                    _claimedElsewhere[(sub.Id, date)] = now + RecheckClaim;
                    continue;
                }

                _claimedElsewhere.Remove((sub.Id, date));
                if (result == DailyRunResult.NoPoster)
                {
                    _logger.LogDebug("Daily post {Subscription}: no poster for platform {Platform} here", sub.Id, sub.Platform);
                }

                _retries.Remove((sub.Id, date));
                _done.Add((sub.Id, date));
                if (result == DailyRunResult.Sent)
                {
                    sent++;
                }
            }

            return sent;
        }
        finally
        {
            _pass.Release();
        }
    }

    /// <summary>One post of a pass; never throws except for cancellation. Gives its slot back when done.</summary>
    private async Task<DailyRunResult> PostOneAsync(DailySubscription sub, DateOnly date, DateTimeOffset now, SemaphoreSlim slots, CancellationToken ct)
    {
        try
        {
            // Someone else held this day: only once they let go (a failed send) is it tried here.
            return _claimedElsewhere.ContainsKey((sub.Id, date)) && await _schedules.IsClaimedAsync(sub.Id, date, ct)
                ? DailyRunResult.AlreadyClaimed
                : await _runner.PostDayAsync(sub, date, now, countFailures: true, ct);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            // The store is unreachable or busy: try this one again later, carry on with the others.
            _logger.LogWarning(ex, "Daily post {Subscription} for {Date} failed", sub.Id, date);
            return DailyRunResult.TransientFailure;
        }
        finally
        {
            slots.Release();
        }
    }

    /// <summary>The next instant after <paramref name="now"/> at which something may be due (a post or a retry).</summary>
    public async Task<DateTimeOffset?> NextDueAsync(DateTimeOffset now, CancellationToken ct = default)
    {
        DateTimeOffset? next = null;
        foreach (var sub in await _schedules.ListAsync(ct))
        {
            if (sub.Paused || !TryZone(sub, out var zone))
            {
                continue;
            }

            var at = DailyTime.NextAfter(now, sub.LocalTime, zone);
            if (next is null || at < next)
            {
                next = at;
            }
        }

        await _pass.WaitAsync(ct);
        try
        {
            foreach (var (_, notBefore) in _retries.Values)
            {
                if (notBefore > now && (next is null || notBefore < next))
                {
                    next = notBefore;
                }
            }
        }
        finally
        {
            _pass.Release();
        }

        return next;
    }

    /// <summary>
    /// The local date whose post is due at <paramref name="now"/>: its time has come, not longer ago than
    /// <paramref name="grace"/>, and not before the schedule was set. Null when nothing is due.
    /// </summary>
    public static (DateOnly Date, DateTimeOffset At)? DueDate(DailySubscription sub, TimeZoneInfo zone, DateTimeOffset now, TimeSpan grace)
    {
        var today = DailyTime.LocalDate(now, zone);
        for (var d = today; d >= today.AddDays(-1); d = d.AddDays(-1))
        {
            var at = DailyTime.OccurrenceOn(d, sub.LocalTime, zone);
            if (at <= now && now - at <= grace && at >= sub.ActiveSince)
            {
                return (d, at);
            }
        }

        return null;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.Enabled)
        {
            _logger.LogInformation("Daily posts are disabled in this process (Daily:Enabled=false)");
            return;
        }

        await Task.Yield();
        var initialized = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            var delay = _options.PollInterval;
            var now = _time.GetUtcNow();
            try
            {
                if (!initialized)
                {
                    await _schedules.InitializeAsync(stoppingToken);
                    initialized = true;
                }

                var started = now;
                await RunDueAsync(started, stoppingToken);
                now = _time.GetUtcNow();

                // Measured from the start of the pass, so a time that came while sending is not passed over.
                if (await NextDueAsync(started, stoppingToken) is { } next && next - now < delay)
                {
                    delay = next - now;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                _logger.LogError(ex, "Daily post pass failed; trying again in {Delay}", delay);
            }

            WaitingUntil = now + (delay < TimeSpan.Zero ? TimeSpan.Zero : delay);
            try
            {
                await _signal.WaitAsync(delay < TimeSpan.Zero ? TimeSpan.Zero : delay, _time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            finally
            {
                WaitingUntil = null;
            }
        }
    }

    public override void Dispose()
    {
        _pass.Dispose();
        base.Dispose();
    }

    private bool TryZone(DailySubscription sub, out TimeZoneInfo zone)
    {
        if (TimeZoneCatalog.TryFind(sub.ZoneId, out zone))
        {
            return true;
        }

        if (_badZones.TryAdd(sub.ZoneId, true))
        {
            _logger.LogWarning("Daily post {Subscription}: time zone {Zone} is unknown on this machine; skipped", sub.Id, sub.ZoneId);
        }

        return false;
    }

    private void Prune(DateTimeOffset now)
    {
        // Entries for dates long past can no longer be due (the grace period is under a day).
        var cutoff = DateOnly.FromDateTime(now.UtcDateTime).AddDays(-3);
        _done.RemoveWhere(k => k.Date < cutoff);
        foreach (var key in _retries.Keys.Where(k => k.Date < cutoff).ToArray())
        {
            _retries.Remove(key);
        }

        foreach (var key in _claimedElsewhere.Keys.Where(k => k.Date < cutoff).ToArray())
        {
            _claimedElsewhere.Remove(key);
        }
    }
}
