using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using QuoteBot.Core.Storage;
using Telegram.Bot.Types;

namespace QuoteBot.Telegram;

/// <summary>
/// Runs updates: each in its own DI scope, at most Telegram:MaxConcurrency handlers at once (replies wait in the
/// <see cref="TelegramOutbox"/>, not in a slot), and never the same update_id
/// twice (a redelivered update is dropped). A failing handler is logged and counts as handled.
/// </summary>
public sealed class UpdateDispatcher(
    IServiceScopeFactory scopes,
    IOptions<TelegramOptions> options,
    ILogger<UpdateDispatcher> logger,
    IStateStore? sharedClaims = null,
    TimeProvider? time = null,
    TelegramOutbox? outbox = null) : IDisposable
{
    /// <summary>How long a handled update id is remembered in the shared store (Telegram gives up redelivering well before).</summary>
    public static readonly TimeSpan SharedClaimLifetime = TimeSpan.FromDays(1);

    private readonly string _botId = (options.Value.Token ?? string.Empty).Split(':')[0];
    private const int RememberedIds = 10_000;

    /// <summary>
    /// At most this many handled updates wait for their replies before they count as handled: well under the 100
    /// unconfirmed updates getUpdates returns and the 100 webhook connections the bot asks for, and above the
    /// backlog at which polling stops taking updates (<see cref="TelegramOutbox.Backlogged"/>).
    /// </summary>
    internal const int MaxHeld = 64;

    private readonly SortedDictionary<int, TaskCompletionSource> _held = [];
    private readonly SemaphoreSlim _slots = new(options.Value.MaxConcurrency, options.Value.MaxConcurrency);
    private readonly Lock _gate = new();
    private readonly HashSet<int> _seen = [];
    private readonly Queue<int> _seenOrder = new();

    /// <summary>Claims an update id; false when it was claimed before (a redelivery).</summary>
    public bool TryClaim(int updateId)
    {
        lock (_gate)
        {
            if (!_seen.Add(updateId))
            {
                return false;
            }

            _seenOrder.Enqueue(updateId);
            while (_seenOrder.Count > RememberedIds)
            {
                _seen.Remove(_seenOrder.Dequeue());
            }

            return true;
        }
    }

    /// <summary>Waits for a free slot, then starts the handler; the returned task completes when it is done.</summary>
    public async Task<Task> StartAsync(Update update, CancellationToken waitToken, CancellationToken handlerToken)
    {
        var receivedAt = Now;
        await _slots.WaitAsync(waitToken);
        return Task.Run(() => RunAsync(update, receivedAt, handlerToken), CancellationToken.None);
    }

    /// <summary>
    /// Handles an update now (webhook): false when it was a redelivery and was skipped. Behind a load balancer several
    /// instances share the store, so the update id is also claimed there: whichever instance gets a redelivery, the
    /// update is answered once.
    /// </summary>
    public async Task<bool> HandleOnceAsync(Update update, CancellationToken ct)
    {
        if (!TryClaim(update.Id))
        {
            return false;
        }

        var sharedKey = $"tg:update:{_botId}:{update.Id}";
        var receivedAt = Now;
        try
        {
            if (sharedClaims is not null && !await sharedClaims.TryClaimAsync(sharedKey, receivedAt, SharedClaimLifetime, ct))
            {
                return false;
            }

            await _slots.WaitAsync(ct);
            await RunAsync(update, receivedAt, ct);
            return true;
        }
        catch (OperationCanceledException)
        {
            // The request was dropped before the update was handled: Telegram will deliver it again, so let it in.
            Unclaim(update.Id);
            if (sharedClaims is not null)
            {
                await sharedClaims.ReleaseClaimAsync(sharedKey, CancellationToken.None);
            }

            throw;
        }
    }

    private void Unclaim(int updateId)
    {
        lock (_gate)
        {
            _seen.Remove(updateId);
        }
    }

    private DateTimeOffset Now => (time ?? TimeProvider.System).GetUtcNow();

    /// <summary>
    /// Runs the handler in a slot, gives the slot back, then waits (holding no slot) until the replies it queued are
    /// sent or dropped, at most Telegram:ConfirmWithin: only then does the update count as handled.
    /// </summary>
    private async Task RunAsync(Update update, DateTimeOffset receivedAt, CancellationToken ct)
    {
        var deliveries = new UpdateDeliveries(receivedAt);
        deliveries.LinkTo(ct);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var handler = scope.ServiceProvider.GetRequiredService<TelegramUpdateHandler>();
            UpdateDeliveries.Current = deliveries;
            await handler.HandleAsync(update, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (QuoteStoreException e)
        {
            // A known storage fault: one line, no stack trace (the command layer already told the user).
            logger.LogError("Handling Telegram update {UpdateId} failed: {Error}", update.Id, e.Message.ReplaceLineEndings(" "));
        }
        catch (Exception e)
        {
            logger.LogError("Handling Telegram update {UpdateId} failed: {Error}", update.Id, TelegramErrors.Redact(e.ToString()));
        }
        finally
        {
            UpdateDeliveries.Current = null;
            _slots.Release();
        }

        var all = deliveries.WhenAllAsync();
        _ = all.ContinueWith(static (_, d) => ((UpdateDeliveries)d!).Dispose(), deliveries, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        if (all.IsCompleted)
        {
            await all;
            return;
        }

        // Wait for the replies, but not too long and not with too many others: Telegram sends nothing past the first
        // 100 unconfirmed updates (or its webhook connections), so a chat held back by a flood limit must not keep
        // the others from arriving. A released update is confirmed while its replies go on waiting in the outbox;
        // they are dropped (and logged) only if the bot stops first.
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            _held[update.Id] = release;
            // Not while the outbox is backlogged over all chats: then nobody is held back unfairly, and waiting here is
            // the backpressure that leaves further updates with Telegram (safe across a restart).
            while (_held.Count > MaxHeld && outbox?.Backlogged != true)
            {
                // The lowest update id first: that is the one that keeps Telegram's window of unconfirmed updates shut.
                var (oldest, waiting) = _held.First();
                _held.Remove(oldest);
                waiting.TrySetResult();
            }
        }

        try
        {
            await Task.WhenAny(all, release.Task).WaitAsync(options.Value.ConfirmWithin, time ?? TimeProvider.System, CancellationToken.None);
            if (all.IsCompleted)
            {
                await all; // a cancelled reply leaves the update unconfirmed
            }
            else
            {
                logger.LogDebug("Telegram update {UpdateId} confirmed while its replies still wait ({Count} others wait too).", update.Id, MaxHeld);
            }
        }
        catch (TimeoutException)
        {
            logger.LogDebug("Telegram update {UpdateId} confirmed while its replies still wait (Telegram:ConfirmWithin).", update.Id);
        }
        finally
        {
            deliveries.Detach();
            lock (_gate)
            {
                _held.Remove(update.Id);
            }
        }
    }

    public void Dispose() => _slots.Dispose();
}
