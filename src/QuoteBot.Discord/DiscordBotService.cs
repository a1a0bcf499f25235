using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using QuoteBot.Core.Commands;
using QuoteBot.Discord.Api.Gateway;
using QuoteBot.Discord.Api.Models;
using QuoteBot.Discord.Api.Rest;

namespace QuoteBot.Discord;

/// <summary>
/// Runs this instance's shards (Discord__ShardIds of Discord__ShardCount, one gateway connection each), registers the
/// commands with one bulk overwrite per process after the first READY (only when this instance owns shard 0, unless
/// Discord__RegisterCommands says otherwise), and hands every interaction, from whichever shard, to a
/// <see cref="DiscordInteractionHandler"/> in its own DI scope through <see cref="InteractionPump"/>: at most
/// Discord__MaxConcurrency at once, on the thread pool, so a slow handler never holds up a gateway.
/// </summary>
public sealed class DiscordBotService(
    DiscordShardManager shards,
    DiscordRestClient rest,
    QuoteCommands commands,
    IServiceScopeFactory scopes,
    IOptions<DiscordOptions> options,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    ILogger<DiscordBotService> logger) : BackgroundService
{
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(5);
    private readonly ConcurrentDictionary<Task, byte> _inFlight = new();
    private readonly TaskCompletionSource<IReadOnlyList<ApplicationCommand>> _registered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _registering;

    /// <summary>Completes with the registered commands after the bulk overwrite (for diagnostics and tests).</summary>
    public Task<IReadOnlyList<ApplicationCommand>> Registered => _registered.Task;

    /// <summary>Whether this instance registers the commands (known after the shards are resolved; null before).</summary>
    public bool? RegistersCommands { get; private set; }

    /// <summary>Why Discord refused the bot for good (bad token, disallowed intents), or null while all is well.</summary>
    public string? FailureReason { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        var pump = PumpAsync(stoppingToken);
        try
        {
            await shards.RunAsync(stoppingToken);
        }
        catch (DiscordGatewayException ex)
        {
            // Bad token, disallowed intents and the like: nothing to retry. One line, no token.
            FailureReason = ex.Message;
            logger.LogCritical("Discord bot stopped: {Reason}", ex.Message);
            Environment.ExitCode = 1;
            lifetime.StopApplication();
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        await pump;
        var pending = _inFlight.Keys.ToArray();
        if (pending.Length > 0)
        {
            await Task.WhenAny(Task.WhenAll(pending), Task.Delay(DrainTimeout, CancellationToken.None));
        }
    }

    private async Task PumpAsync(CancellationToken ct)
    {
        try
        {
            // At most Discord__MaxConcurrency interactions run at once across all shards; READY is handled in order.
            // An interaction's wait is measured on the clock its shard stamped it with (the same TimeProvider).
            await InteractionPump.RunAsync(
                shards.Events,
                HandleAsync,
                e => OnDispatch(e, ct),
                options.Value.MaxConcurrency,
                logger,
                ct,
                time);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        catch (DiscordGatewayException)
        {
            // reported by ExecuteAsync
        }
    }

    private void OnDispatch(ShardDispatch e, CancellationToken ct)
    {
        if (e.Dispatch.Name == GatewayDispatch.Ready)
        {
            OnReady(e.ShardId, e.ShardCount, e.Dispatch, ct);
        }
    }

    private void OnReady(int shardId, int shardCount, GatewayDispatch dispatch, CancellationToken ct)
    {
        var ready = dispatch.AsReady();
        logger.LogInformation("Discord shard {Shard}/{Count} READY: {Guilds} guild(s)", shardId, shardCount, ready?.Guilds.Count ?? 0);
        bool register = options.Value.RegisterCommands ?? shards.OwnsShardZero;
        if (RegistersCommands is null)
        {
            RegistersCommands = register;
            if (!register)
            {
                logger.LogInformation("Discord commands are left to the instance that runs shard 0 (this one runs {Shards}; set Discord__RegisterCommands=true to register here)", string.Join(",", shards.ShardIds));
            }
        }

        var appId = ready?.Application?.Id ?? ready?.User.Id;
        if (register && appId is { } id && Interlocked.Exchange(ref _registering, 1) == 0)
        {
            Track(Task.Run(() => RegisterCommandsAsync(id, ct), CancellationToken.None));
        }
    }

    /// <summary>One interaction, in its own DI scope; a failure is logged in one line and never reaches the pump.</summary>
    private async Task HandleAsync(Interaction interaction, TimeSpan waited, CancellationToken ct)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var handler = scope.ServiceProvider.GetRequiredService<DiscordInteractionHandler>();
            await handler.HandleAsync(interaction, ct, waited);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // Never let one interaction take anything else down; the message names no token.
            logger.LogError("Discord interaction {Id} failed: {Error}", interaction.Id, ex.Message);
        }
    }

    /// <summary>ONE bulk overwrite: to Discord__GuildId when set (instant), else global.</summary>
    private async Task RegisterCommandsAsync(ulong applicationId, CancellationToken ct)
    {
        var guild = options.Value.ParsedGuildId;
        var definitions = DiscordCommands.Build(commands.AllCommands, global: guild is null);
        try
        {
            var registered = guild is { } g
                ? await rest.BulkOverwriteGuildCommandsAsync(applicationId, g, definitions, ct)
                : await rest.BulkOverwriteGlobalCommandsAsync(applicationId, definitions, ct);
            logger.LogInformation("Registered {Count} Discord commands {Target}", registered.Count, guild is null ? "globally" : "in guild " + guild);
            _registered.TrySetResult(registered);
        }
        catch (Exception ex) when (ex is DiscordApiException or HttpRequestException or ArgumentException)
        {
            logger.LogError("Could not register the Discord commands: {Error}", ex.Message);
            _registered.TrySetException(ex);
            Interlocked.Exchange(ref _registering, 0);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            _registered.TrySetCanceled(ct);
        }
    }

    private void Track(Task task)
    {
        _inFlight.TryAdd(task, 0);
        _ = task.ContinueWith(t => _inFlight.TryRemove(t, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }
}
