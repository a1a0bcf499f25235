using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using QuoteBot.Discord.Api.Models;

namespace QuoteBot.Discord.Api.Gateway;

/// <summary>
/// Reads INTERACTION_CREATE events and runs a handler for each, several at once, so one slow interaction never delays
/// another past Discord's 3-second answer window. Handler exceptions are logged and do not stop the pump.
/// </summary>
public static class InteractionPump
{
    /// <summary>
    /// Runs until <paramref name="events"/> completes (the gateway stopped; a fatal gateway error is rethrown) or
    /// <paramref name="ct"/> is cancelled. Waits for in-flight handlers before returning.
    /// </summary>
    public static Task RunAsync(
        ChannelReader<GatewayDispatch> events,
        Func<Interaction, CancellationToken, Task> handler,
        int maxConcurrency = 16,
        ILogger? logger = null,
        CancellationToken ct = default) =>
        RunCoreAsync(events, d => d, (i, _, c) => handler(i, c), null, maxConcurrency, logger, TimeProvider.System, ct);

    /// <summary>
    /// The same for every shard of a process (<see cref="DiscordShardManager.Events"/>): interactions go to
    /// <paramref name="handler"/>, at most <paramref name="maxConcurrency"/> at once across all shards; every other
    /// dispatch (READY, ...) to <paramref name="other"/>, in order, on the reading loop (keep it short). The handler
    /// is told how long the interaction waited since the gateway read it (queue and free slot), which counts against
    /// Discord's 3-second window. That wait is measured on <paramref name="time"/> (default <see cref="TimeProvider.System"/>):
    /// give the <see cref="TimeProvider"/> of the shards, whose clients stamp <see cref="GatewayDispatch.ReceivedTimestamp"/> with it.
    /// </summary>
    public static Task RunAsync(
        ChannelReader<ShardDispatch> events,
        Func<Interaction, TimeSpan, CancellationToken, Task> handler,
        Action<ShardDispatch>? other,
        int maxConcurrency = 16,
        ILogger? logger = null,
        CancellationToken ct = default,
        TimeProvider? time = null) =>
        RunCoreAsync(events, d => d.Dispatch, handler, other, maxConcurrency, logger, time ?? TimeProvider.System, ct);

    private static async Task RunCoreAsync<T>(
        ChannelReader<T> events,
        Func<T, GatewayDispatch> dispatchOf,
        Func<Interaction, TimeSpan, CancellationToken, Task> handler,
        Action<T>? other,
        int maxConcurrency,
        ILogger? logger,
        TimeProvider time,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(handler);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConcurrency, 1);
        logger ??= NullLogger.Instance;
        using var slots = new SemaphoreSlim(maxConcurrency, maxConcurrency);
        var running = new HashSet<Task>();
        try
        {
            await foreach (T item in events.ReadAllAsync(ct).ConfigureAwait(false))
            {
                GatewayDispatch dispatch = dispatchOf(item);
                if (dispatch.Name != GatewayDispatch.InteractionCreate)
                {
                    other?.Invoke(item);
                    continue;
                }

                Interaction? interaction;
                try
                {
                    interaction = dispatch.AsInteraction();
                }
                catch (System.Text.Json.JsonException ex)
                {
                    logger.LogWarning("Ignored an INTERACTION_CREATE this client could not read: {Error}", ex.Message);
                    continue;
                }

                if (interaction is null)
                {
                    continue;
                }

                // The handler's waited time runs from when the gateway read the event (its 3-second window), not
                // from when this loop got to it: a backlog in the channel counts too.
                long readAt = dispatch.ReceivedTimestamp;
                await slots.WaitAsync(ct).ConfigureAwait(false);
                Task task = RunOneAsync(interaction, readAt, time, handler, slots, logger, ct);
                lock (running)
                {
                    running.Add(task);
                }

                _ = task.ContinueWith(
                    t =>
                    {
                        lock (running)
                        {
                            running.Remove(t);
                        }
                    },
                    CancellationToken.None,
                    TaskContinuationOptions.ExecuteSynchronously,
                    TaskScheduler.Default);
            }
        }
        finally
        {
            Task[] pending;
            lock (running)
            {
                pending = running.ToArray();
            }

            await Task.WhenAll(pending).ConfigureAwait(false);
        }
    }

    private static async Task RunOneAsync(Interaction interaction, long readAt, TimeProvider time, Func<Interaction, TimeSpan, CancellationToken, Task> handler, SemaphoreSlim slots, ILogger logger, CancellationToken ct)
    {
        try
        {
            await Task.Yield();
            await handler(interaction, time.GetElapsedTime(readAt), ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // shutting down
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Interaction handler failed for interaction {InteractionId} ({Type})", interaction.Id, interaction.Type);
        }
        finally
        {
            slots.Release();
        }
    }
}
