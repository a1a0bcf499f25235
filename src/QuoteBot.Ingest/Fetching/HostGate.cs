using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace QuoteBot.Ingest.Fetching;

/// <summary>
/// Politeness: at most one request to a host per <see cref="IngestOptions.PerHostInterval"/>, across every caller in
/// the process (chat, CLI, feed poller). Requests to one host queue; other hosts are not held up.
/// </summary>
public sealed class HostGate
{
    private readonly ConcurrentDictionary<string, Slot> _slots = new(StringComparer.OrdinalIgnoreCase);
    private readonly TimeSpan _interval;
    private readonly TimeProvider _time;

    public HostGate(IOptions<IngestOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _interval = options.Value.PerHostInterval;
        _time = time;
    }

    /// <summary>Waits until a request to <paramref name="host"/> may be sent, and books that moment.</summary>
    public async Task WaitAsync(string host, CancellationToken ct)
    {
        if (_interval <= TimeSpan.Zero)
        {
            return;
        }

        if (_slots.Count > 4096)
        {
            Prune();
        }

        var slot = _slots.GetOrAdd(host, _ => new Slot());
        await slot.Lock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var wait = slot.Next - _time.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, _time, ct).ConfigureAwait(false);
            }

            slot.Next = _time.GetUtcNow() + _interval;
        }
        finally
        {
            slot.Lock.Release();
        }
    }

    private void Prune()
    {
        var now = _time.GetUtcNow();
        foreach (var (host, slot) in _slots)
        {
            if (slot.Next < now && slot.Lock.CurrentCount == 1)
            {
                _slots.TryRemove(host, out _);
            }
        }
    }

    private sealed class Slot
    {
        public SemaphoreSlim Lock { get; } = new(1, 1);

        public DateTimeOffset Next { get; set; }
    }
}

/// <summary>Sends each request (every attempt and every redirect hop) through the <see cref="HostGate"/>.</summary>
public sealed class PolitenessHandler(HostGate gate) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.RequestUri is { } uri)
        {
            await gate.WaitAsync(uri.IdnHost, cancellationToken).ConfigureAwait(false);
        }

        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }
}
