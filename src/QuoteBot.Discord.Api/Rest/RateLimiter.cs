using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Headers;

namespace QuoteBot.Discord.Api.Rest;

/// <summary>
/// Tracks Discord's per-route buckets (X-RateLimit-Bucket + the route's major parameter) and the global limit.
/// One instance is shared by every request of a <see cref="DiscordRestClient"/>.
/// </summary>
internal sealed class RateLimiter
{
    private const int SweepThreshold = 2000;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, string> _routeToBucket = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Bucket> _buckets = new(StringComparer.Ordinal);
    private readonly object _globalLock = new();
    private DateTimeOffset _globalResetAt = DateTimeOffset.MinValue;

    public RateLimiter(TimeProvider time) => _time = time;

    public int BucketCount => _buckets.Count;

    public Bucket GetBucket(string routeTemplate, string majorKey)
    {
        if (_buckets.Count > SweepThreshold)
        {
            Sweep();
        }

        string id = _routeToBucket.TryGetValue(routeTemplate, out string? hash) ? hash : routeTemplate;
        return _buckets.GetOrAdd(id + "|" + majorKey, static _ => new Bucket());
    }

    /// <summary>Waits until the global limit (if hit) and then this bucket's limit (if exhausted) have reset.</summary>
    public async Task WaitAsync(Bucket bucket, bool respectGlobal, CancellationToken ct)
    {
        TimeSpan globalWait = TimeSpan.Zero;
        if (respectGlobal)
        {
            lock (_globalLock)
            {
                globalWait = _globalResetAt - _time.GetUtcNow();
            }
        }

        if (globalWait > TimeSpan.Zero)
        {
            await Task.Delay(globalWait, _time, ct).ConfigureAwait(false);
        }

        TimeSpan bucketWait = bucket.WaitNeeded(_time.GetUtcNow());
        if (bucketWait > TimeSpan.Zero)
        {
            await Task.Delay(bucketWait, _time, ct).ConfigureAwait(false);
        }
    }

    /// <summary>Learns from a response's X-RateLimit-* headers.</summary>
    public void Update(string routeTemplate, string majorKey, Bucket bucket, HttpResponseHeaders headers)
    {
        if (TryGet(headers, "X-RateLimit-Bucket") is { Length: > 0 } hash)
        {
            if (!_routeToBucket.TryGetValue(routeTemplate, out string? known) || known != hash)
            {
                _routeToBucket[routeTemplate] = hash;
                // Requests that arrive from now on share the state learned here.
                _buckets.TryAdd(hash + "|" + majorKey, bucket);
            }
        }

        int? remaining = int.TryParse(TryGet(headers, "X-RateLimit-Remaining"), NumberStyles.Integer, CultureInfo.InvariantCulture, out int r) ? r : null;
        double? resetAfter = ParseSeconds(TryGet(headers, "X-RateLimit-Reset-After"));
        if (remaining is { } rem && resetAfter is { } after)
        {
            bucket.Set(rem, _time.GetUtcNow() + TimeSpan.FromSeconds(after));
        }
    }

    /// <summary>Records a 429: global ones block every request, others block the bucket.</summary>
    public void OnRateLimited(Bucket bucket, TimeSpan retryAfter, bool global)
    {
        DateTimeOffset until = _time.GetUtcNow() + retryAfter;
        if (global)
        {
            lock (_globalLock)
            {
                if (until > _globalResetAt)
                {
                    _globalResetAt = until;
                }
            }
        }
        else
        {
            bucket.Set(0, until);
        }
    }

    internal static double? ParseSeconds(string? value)
        => double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double s) && s >= 0 ? s : null;

    private static string? TryGet(HttpResponseHeaders headers, string name)
        => headers.TryGetValues(name, out IEnumerable<string>? values) ? values.FirstOrDefault() : null;

    private void Sweep()
    {
        DateTimeOffset now = _time.GetUtcNow();
        foreach (KeyValuePair<string, Bucket> pair in _buckets)
        {
            if (pair.Value.IsIdle(now))
            {
                _buckets.TryRemove(pair);
            }
        }
    }

    internal sealed class Bucket
    {
        private readonly object _lock = new();
        private int? _remaining;
        private DateTimeOffset _resetAt = DateTimeOffset.MinValue;

        /// <summary>Serialises requests in one bucket so the remaining count is never raced.</summary>
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public void Set(int remaining, DateTimeOffset resetAt)
        {
            lock (_lock)
            {
                _remaining = remaining;
                _resetAt = resetAt;
            }
        }

        public TimeSpan WaitNeeded(DateTimeOffset now)
        {
            lock (_lock)
            {
                if (_remaining is 0 && _resetAt > now)
                {
                    return _resetAt - now;
                }

                if (_resetAt <= now)
                {
                    _remaining = null;
                }

                return TimeSpan.Zero;
            }
        }

        public bool IsIdle(DateTimeOffset now)
        {
            lock (_lock)
            {
                return _resetAt <= now && Gate.CurrentCount == 1;
            }
        }
    }
}
