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
    TimeProvider? time = null) : IDisposable
{
    /// <summary>How long a handled update id is remembered in the shared store (Telegram gives up redelivering well before).</summary>
    public static readonly TimeSpan SharedClaimLifetime = TimeSpan.FromDays(1);

    private readonly string _botId = (options.Value.Token ?? string.Empty).Split(':')[0];
    private const int RememberedIds = 10_000;
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
        catch (Exception e)
        {
            logger.LogError("Handling Telegram update {UpdateId} failed: {Error}", update.Id, TelegramErrors.Redact(e.ToString()));
        }
        finally
        {
            UpdateDeliveries.Current = null;
            _slots.Release();
        }

        try
        {
            await deliveries.WhenAllAsync().WaitAsync(options.Value.ConfirmWithin, time ?? TimeProvider.System, CancellationToken.None);
        }
        catch (TimeoutException)
        {
            // Its chat is being held back (a flood limit): confirm the update so that Telegram sends the next ones, and
            // let its replies go on waiting in the outbox. They are dropped (and logged) if the bot stops first.
            logger.LogDebug("Telegram update {UpdateId} confirmed while its replies still wait.", update.Id);
        }
        finally
        {
            deliveries.Detach();
        }
    }

    public void Dispose() => _slots.Dispose();
}
