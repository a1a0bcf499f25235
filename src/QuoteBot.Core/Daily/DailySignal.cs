namespace QuoteBot.Core.Daily;

/// <summary>Wakes the scheduler when a schedule changed in this process, so it need not wait for its next poll.</summary>
public sealed class DailySignal : IDisposable
{
    private readonly SemaphoreSlim _wake = new(0, 1);

    public void Wake()
    {
        try
        {
            _wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // already signalled
        }
    }

    /// <summary>Waits for <paramref name="delay"/> on <paramref name="time"/>, or less when woken. Throws on cancellation.</summary>
    public async Task WaitAsync(TimeSpan delay, TimeProvider time, CancellationToken ct)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var sleep = Task.Delay(delay, time, cts.Token);
        var woken = _wake.WaitAsync(cts.Token);
        var first = await Task.WhenAny(sleep, woken);
        await cts.CancelAsync();
        ct.ThrowIfCancellationRequested();
        if (first != woken)
        {
            try
            {
                await woken;
                _wake.Release(); // a wake that raced the timeout is kept for the next wait
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    public void Dispose() => _wake.Dispose();
}
