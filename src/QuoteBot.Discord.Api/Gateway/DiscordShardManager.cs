using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using QuoteBot.Discord.Api.Models;
using QuoteBot.Discord.Api.Rest;

namespace QuoteBot.Discord.Api.Gateway;

/// <summary>A dispatch event and the shard it arrived on.</summary>
public readonly record struct ShardDispatch(int ShardId, int ShardCount, GatewayDispatch Dispatch);

/// <summary>
/// Runs this process's shards: asks GET /gateway/bot once (URL, recommended count, max_concurrency), then runs one
/// <see cref="DiscordGatewayClient"/> per id in <see cref="DiscordClientOptions.ShardIds"/>, all sharing one
/// <see cref="IdentifyGate"/> so IDENTIFYs respect max_concurrency. Each shard reconnects on its own; a fatal close on
/// any shard stops them all and <see cref="RunAsync"/> throws its <see cref="DiscordGatewayException"/>.
/// Events of every shard arrive, tagged with the shard id, on <see cref="Events"/>.
/// </summary>
public sealed class DiscordShardManager
{
    private readonly DiscordRestClient _rest;
    private readonly DiscordClientOptions _options;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly IdentifyGate _identifyGate;
    private readonly Channel<ShardDispatch> _events = Channel.CreateUnbounded<ShardDispatch>(new UnboundedChannelOptions { SingleWriter = false });
    private readonly TaskCompletionSource<IReadOnlyList<DiscordGatewayClient>> _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _running;

    public DiscordShardManager(
        DiscordRestClient rest,
        IOptions<DiscordClientOptions> options,
        ILoggerFactory? loggers = null,
        TimeProvider? time = null,
        IdentifyGate? identifyGate = null)
    {
        _rest = rest;
        _options = options.Value;
        _loggers = loggers ?? NullLoggerFactory.Instance;
        _logger = _loggers.CreateLogger<DiscordShardManager>();
        _time = time ?? TimeProvider.System;
        _identifyGate = identifyGate ?? new IdentifyGate(_time);
    }

    /// <summary>Dispatches of all shards. Completes when <see cref="RunAsync"/> ends (with the fatal error, if any).</summary>
    public ChannelReader<ShardDispatch> Events => _events.Reader;

    /// <summary>Completes with the shard clients once the gateway is resolved and they are created.</summary>
    public Task<IReadOnlyList<DiscordGatewayClient>> Started => _started.Task;

    /// <summary>The ids this process runs (known after <see cref="Started"/>).</summary>
    public IReadOnlyList<int> ShardIds { get; private set; } = [];

    /// <summary>Total shard count (known after <see cref="Started"/>).</summary>
    public int ShardCount { get; private set; }

    /// <summary>max_concurrency from GET /gateway/bot (1 with a gateway URL override).</summary>
    public int MaxConcurrency { get; private set; } = 1;

    /// <summary>Whether this process runs shard 0 (known after <see cref="Started"/>).</summary>
    public bool OwnsShardZero => ShardIds.Contains(0);

    /// <summary>Completes when every shard of this process has had its first READY.</summary>
    public async Task AllReadyAsync(CancellationToken ct = default)
    {
        IReadOnlyList<DiscordGatewayClient> shards = await Started.WaitAsync(ct).ConfigureAwait(false);
        await Task.WhenAll(shards.Select(s => s.Ready)).WaitAsync(ct).ConfigureAwait(false);
    }

    /// <summary>Resolves the plan, runs every shard until <paramref name="ct"/> is cancelled or a shard stops for good. Call once.</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        if (Interlocked.Exchange(ref _running, 1) == 1)
        {
            throw new InvalidOperationException("The shard manager is already running.");
        }

        using var stopAll = CancellationTokenSource.CreateLinkedTokenSource(ct);
        List<DiscordGatewayClient> clients = [];
        try
        {
            if (string.IsNullOrWhiteSpace(_options.Token))
            {
                throw new DiscordGatewayException("The Discord bot token is not configured (set Discord__Token from the environment or user secrets).");
            }

            (string url, int count, int maxConcurrency) = await GatewayResolver.ResolveAsync(_rest, _options, _logger, _time, Random.Shared.NextDouble, ct).ConfigureAwait(false);
            IReadOnlyList<int> ids = PlanShardIds(_options, count);
            ShardIds = ids;
            ShardCount = count;
            MaxConcurrency = maxConcurrency;
            foreach (int id in ids)
            {
                clients.Add(new DiscordGatewayClient(
                    _rest,
                    _options,
                    new GatewayShardInfo(url, id, count, maxConcurrency),
                    _loggers.CreateLogger<DiscordGatewayClient>(),
                    _time,
                    _identifyGate));
            }

            _logger.LogInformation(
                "Discord: running shard(s) {Shards} of {Count} (max_concurrency {MaxConcurrency})",
                string.Join(",", ids),
                count,
                maxConcurrency);
            _started.TrySetResult(clients);

            Task[] runs = clients.Select(c => RunShardAsync(c, stopAll)).ToArray();
            Task[] pumps = clients.Select(c => ForwardAsync(c)).ToArray();
            await Task.WhenAll(runs).ConfigureAwait(false);
            await Task.WhenAll(pumps).ConfigureAwait(false);
            _events.Writer.TryComplete();
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            _events.Writer.TryComplete();
        }
        catch (Exception ex)
        {
            _started.TrySetException(ex);
            _events.Writer.TryComplete(ex);
            throw;
        }
        finally
        {
            _started.TrySetCanceled(CancellationToken.None);
        }
    }

    /// <summary>The ids a process with these options runs, given the (resolved) shard count; throws a one-line <see cref="DiscordGatewayException"/> when they don't fit.</summary>
    public static IReadOnlyList<int> PlanShardIds(DiscordClientOptions options, int shardCount)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!ShardIdList.TryParse(options.ShardIds, out IReadOnlyList<int> ids, out string? error))
        {
            throw new DiscordGatewayException($"Discord__ShardIds is invalid: {error}.");
        }

        if (ids.Count == 0)
        {
            ids = options.ShardId is { } single ? [single] : Enumerable.Range(0, shardCount).ToArray();
        }

        if (ShardIdList.CheckAgainstCount(ids, shardCount) is { } problem)
        {
            throw new DiscordGatewayException($"Discord__ShardIds does not fit Discord__ShardCount: {problem}.");
        }

        return ids;
    }

    private async Task RunShardAsync(DiscordGatewayClient client, CancellationTokenSource stopAll)
    {
        using IDisposable? scope = _logger.BeginScope("Discord shard {ShardId}/{ShardCount}", client.ShardId, client.ShardCount);
        try
        {
            await client.RunAsync(stopAll.Token).ConfigureAwait(false);
        }
        catch (DiscordGatewayException)
        {
            // A fatal close (bad token, invalid shard...): the whole bot stops; the other shards close cleanly.
            await stopAll.CancelAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task ForwardAsync(DiscordGatewayClient client)
    {
        try
        {
            await foreach (GatewayDispatch dispatch in client.Events.ReadAllAsync(CancellationToken.None).ConfigureAwait(false))
            {
                _events.Writer.TryWrite(new ShardDispatch(client.ShardId, client.ShardCount, dispatch));
            }
        }
        catch (DiscordGatewayException)
        {
            // reported by RunShardAsync
        }
    }
}
