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
    public static async Task RunAsync(
        ChannelReader<GatewayDispatch> events,
        Func<Interaction, CancellationToken, Task> handler,
        int maxConcurrency = 16,
        ILogger? logger = null,
        CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConcurrency, 1);
        logger ??= NullLogger.Instance;
        using var slots = new SemaphoreSlim(maxConcurrency, maxConcurrency);
        var running = new HashSet<Task>();
        try
        {
            await foreach (GatewayDispatch dispatch in events.ReadAllAsync(ct).ConfigureAwait(false))
            {
                if (dispatch.Name != GatewayDispatch.InteractionCreate)
                {
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

                await slots.WaitAsync(ct).ConfigureAwait(false);
                Task task = RunOneAsync(interaction, handler, slots, logger, ct);
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

    private static async Task RunOneAsync(Interaction interaction, Func<Interaction, CancellationToken, Task> handler, SemaphoreSlim slots, ILogger logger, CancellationToken ct)
    {
        try
        {
            await Task.Yield();
            await handler(interaction, ct).ConfigureAwait(false);
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
