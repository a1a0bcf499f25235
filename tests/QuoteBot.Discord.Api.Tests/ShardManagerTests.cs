using System.Text.Json.Nodes;
using QuoteBot.Discord.Api.Gateway;
using QuoteBot.Discord.Api.Tests.Fakes;
using static QuoteBot.Discord.Api.Tests.TestSupport;

namespace QuoteBot.Discord.Api.Tests;

public sealed class ShardManagerTests : IAsyncLifetime
{
    private FakeDiscord _fake = null!;
    private readonly CancellationTokenSource _cts = new();
    private readonly List<ShardDispatch> _received = [];

    public async Task InitializeAsync() => _fake = await FakeDiscord.StartAsync();

    public async Task DisposeAsync()
    {
        await _cts.CancelAsync();
        await _fake.DisposeAsync();
        _cts.Dispose();
    }

    private (DiscordShardManager Manager, Task Run) Start(Action<DiscordClientOptions>? configure = null)
    {
        DiscordClientOptions options = Options(_fake, configure);
        var manager = new DiscordShardManager(CreateRest(options), Microsoft.Extensions.Options.Options.Create(options));
        Task run = manager.RunAsync(_cts.Token);
        _ = Task.Run(async () =>
        {
            try
            {
                await foreach (ShardDispatch e in manager.Events.ReadAllAsync())
                {
                    lock (_received)
                    {
                        _received.Add(e);
                    }
                }
            }
            catch (DiscordGatewayException)
            {
                // surfaced through RunAsync
            }
        });
        return (manager, run);
    }

    private List<ShardDispatch> Received(string name)
    {
        lock (_received)
        {
            return _received.Where(e => e.Dispatch.Name == name).ToList();
        }
    }

    [Fact]
    public async Task RunAsync_ShardIds1And3Of4_IdentifiesExactlyThoseShards()
    {
        (DiscordShardManager manager, _) = Start(o =>
        {
            o.ShardIds = "1,3";
            o.ShardCount = 4;
        });

        await manager.AllReadyAsync().WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Equal(2, _fake.Gateway.Connections.Count);
        Assert.Equal(
            new[] { (1, 4), (3, 4) },
            _fake.Gateway.Identifies.Select(i => (i.ShardId, i.ShardCount)).OrderBy(p => p.ShardId).ToArray());
        Assert.Equal([1, 3], manager.ShardIds);
        Assert.False(manager.OwnsShardZero);
        Assert.Single(_fake.Rest.RequestsTo("GET", "/gateway/bot")); // resolved once for all shards
        await WaitUntilAsync(() => Received("READY").Count == 2, "READY of both shards");
        Assert.Equal([1, 3], Received("READY").Select(r => r.ShardId).Order().ToArray());
    }

    [Fact]
    public async Task RunAsync_EmptyShardIdsAndCount_RunsEveryRecommendedShard()
    {
        _fake.Rest.RecommendedShards = 3;
        _fake.Rest.MaxConcurrency = 16;

        (DiscordShardManager manager, _) = Start();
        await manager.AllReadyAsync().WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Equal(3, manager.ShardCount);
        Assert.Equal(16, manager.MaxConcurrency);
        Assert.Equal(new[] { (0, 3), (1, 3), (2, 3) }, _fake.Gateway.Identifies.Select(i => (i.ShardId, i.ShardCount)).Order().ToArray());
    }

    [Fact]
    public async Task RunAsync_InteractionOnShard3_ArrivesTaggedWithShard3()
    {
        (DiscordShardManager manager, _) = Start(o =>
        {
            o.ShardIds = "1,3";
            o.ShardCount = 4;
        });
        await manager.AllReadyAsync().WaitAsync(TimeSpan.FromMinutes(2));

        await _fake.Gateway.DispatchToShardAsync(3, "INTERACTION_CREATE", FakeGateway.InteractionJson("5001", "tok-5001"));

        await WaitUntilAsync(() => Received("INTERACTION_CREATE").Count == 1, "interaction");
        ShardDispatch d = Received("INTERACTION_CREATE")[0];
        Assert.Equal(3, d.ShardId);
        Assert.Equal(4, d.ShardCount);
        Assert.Equal(5001UL, d.Dispatch.AsInteraction()!.Id);
    }

    [Fact]
    public async Task RunAsync_MaxConcurrency1_SpacesIdentifiesByInterval()
    {
        _fake.Rest.MaxConcurrency = 1;
        TimeSpan interval = TimeSpan.FromMilliseconds(400);

        (DiscordShardManager manager, _) = Start(o =>
        {
            o.ShardIds = "1,3";
            o.ShardCount = 4;
            o.IdentifyInterval = interval;
        });
        await manager.AllReadyAsync().WaitAsync(TimeSpan.FromMinutes(2));

        FakeIdentify[] ids = _fake.Gateway.Identifies.OrderBy(i => i.At).ToArray();
        Assert.Equal(2, ids.Length);
        Assert.True(ids[1].At - ids[0].At >= interval - TimeSpan.FromMilliseconds(30), $"identifies {ids[1].At - ids[0].At} apart");
    }

    [Fact]
    public async Task RunAsync_MaxConcurrency2DifferentBuckets_IdentifyWithoutWaiting()
    {
        _fake.Rest.MaxConcurrency = 2;

        // Shards 0 and 1 fall in buckets 0 and 1: they may identify together even with a long interval.
        (DiscordShardManager manager, _) = Start(o =>
        {
            o.ShardIds = "0-1";
            o.ShardCount = 2;
            o.IdentifyInterval = TimeSpan.FromSeconds(30);
        });

        await manager.AllReadyAsync().WaitAsync(TimeSpan.FromMinutes(2));
        Assert.Equal(2, _fake.Gateway.Identifies.Count);
    }

    [Fact]
    public async Task RunAsync_ShardIdNotBelowRecommendedCount_ThrowsLineNamingSetting()
    {
        _fake.Rest.RecommendedShards = 2;

        (_, Task run) = Start(o => o.ShardIds = "2");

        var ex = await Assert.ThrowsAsync<DiscordGatewayException>(() => run.WaitAsync(TimeSpan.FromMinutes(2)));
        Assert.Contains("Discord__ShardIds", ex.Message, StringComparison.Ordinal);
        Assert.Empty(_fake.Gateway.Connections);
    }

    [Fact]
    public async Task RunAsync_FatalCloseOnOneShard_StopsEveryShard()
    {
        (DiscordShardManager manager, Task run) = Start(o =>
        {
            o.ShardIds = "0,1";
            o.ShardCount = 2;
            o.IdentifyInterval = TimeSpan.FromMilliseconds(300);
            o.GatewayUrlOverride = _fake.GatewayUrl; // max_concurrency 1: shard 1 identifies 300 ms after shard 0
        });
        await WaitUntilAsync(() => _fake.Gateway.Identifies.Count == 1, "first identify");
        _fake.Gateway.CloseOnIdentifyCode = 4004;
        await _fake.Gateway.Connections[0].CloseAsync(4004, "Authentication failed");

        var ex = await Assert.ThrowsAsync<DiscordGatewayException>(() => run.WaitAsync(TimeSpan.FromMinutes(2)));
        Assert.Contains("4004", ex.Message, StringComparison.Ordinal);
        await Task.WhenAll(_fake.Gateway.Connections.Select(c => c.Closed)).WaitAsync(TimeSpan.FromMinutes(2));
        Assert.All(await manager.Started, c => Assert.Equal(GatewayState.Stopped, c.State));
    }

    [Fact]
    public async Task RunAsync_OneShardDropped_OnlyThatShardReconnects()
    {
        (DiscordShardManager manager, _) = Start(o =>
        {
            o.ShardIds = "1,3";
            o.ShardCount = 4;
        });
        await manager.AllReadyAsync().WaitAsync(TimeSpan.FromMinutes(2));
        FakeGatewayConnection shard1 = _fake.Gateway.Connections.Single(c => c.Session?.ShardId == 1);
        FakeGatewayConnection shard3 = _fake.Gateway.Connections.Single(c => c.Session?.ShardId == 3);

        await shard1.CloseAsync(4000, "unknown error");

        await WaitUntilAsync(() => _fake.Gateway.Connections.Count == 3 && _fake.Gateway.Connections[2].ReceivedOp(6).Count == 1, "shard 1 resumes");
        Assert.True(shard3.IsOpen);
        Assert.Equal(2, _fake.Gateway.Identifies.Count); // no fresh IDENTIFY for either shard
        await _fake.Gateway.DispatchToShardAsync(1, "INTERACTION_CREATE", FakeGateway.InteractionJson("5002", "tok-5002"));
        await WaitUntilAsync(() => Received("INTERACTION_CREATE").Any(d => d.ShardId == 1), "interaction on resumed shard 1");
    }
}
