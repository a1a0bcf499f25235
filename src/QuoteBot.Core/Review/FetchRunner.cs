using Microsoft.Extensions.Logging;
using QuoteBot.Core.Commands;

namespace QuoteBot.Core.Review;

/// <summary>
/// Runs article fetches in the background, off the chat's critical path: a command answers "fetching…" at once and
/// its adapter shows the result when the task completes. At most <see cref="MaxRunning"/> run at once and
/// <see cref="MaxWaiting"/> wait; past that a new one is refused (so a burst cannot pile up). Every task completes
/// with a reply, never with an exception; stopping the host cancels the ones still running.
/// </summary>
internal sealed class FetchRunner(ILogger logger) : IDisposable
{
    public const int MaxRunning = 2;
    public const int MaxWaiting = 16;

    private readonly CancellationTokenSource _stopping = new();
    private readonly SemaphoreSlim _slots = new(MaxRunning, MaxRunning);
    private int _inFlight;

    /// <summary>Starts <paramref name="work"/>; null when too many fetches are already running or waiting.</summary>
    public Task<Reply>? TryStart(Func<CancellationToken, Task<Reply>> work, Func<Exception, Reply> onError)
    {
        if (Volatile.Read(ref _disposed) == 1 || Interlocked.Increment(ref _inFlight) > MaxRunning + MaxWaiting)
        {
            Interlocked.Decrement(ref _inFlight);
            return null;
        }

        var token = _stopping.Token;
        return Task.Run(async () =>
        {
            try
            {
                await _slots.WaitAsync(token);
                try
                {
                    return await work(token);
                }
                finally
                {
                    _slots.Release();
                }
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                return new MessageReply("The bot stopped before the article was fetched; nothing was added. Try again.", MessageKind.Unavailable);
            }
            catch (Exception ex)
            {
                logger.LogError("Adding an article failed: {Error}", ex.Message.ReplaceLineEndings(" "));
                return onError(ex);
            }
            finally
            {
                Interlocked.Decrement(ref _inFlight);
            }
        }, CancellationToken.None);
    }

    private int _disposed;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _stopping.Cancel();
            _stopping.Dispose();
        }
    }
}
