using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using QuoteBot.Discord.Api.Gateway;
using QuoteBot.Discord.Api.Models;
using QuoteBot.Discord.Api.Tests.Fakes;
using static QuoteBot.Discord.Api.Tests.TestSupport;

namespace QuoteBot.Discord.Api.Tests;

public sealed class GatewayClientTests : IAsyncLifetime
{
    private FakeDiscord _fake = null!;
    private readonly CancellationTokenSource _cts = new();
    private readonly List<GatewayDispatch> _received = [];
    private Task _consumer = Task.CompletedTask;

    public async Task InitializeAsync() => _fake = await FakeDiscord.StartAsync();

    public async Task DisposeAsync()
    {
        await _cts.CancelAsync();
        await _fake.DisposeAsync();
        _cts.Dispose();
    }

    private (DiscordGatewayClient Client, Task Run) Start(Action<DiscordClientOptions>? configure = null, Func<double>? random = null, ListLogger? logger = null, TimeProvider? time = null)
    {
        DiscordGatewayClient client = CreateGateway(Options(_fake, configure), logger, random, time);
        Task run = client.RunAsync(_cts.Token);
        _consumer = Task.Run(async () =>
        {
            try
            {
                await foreach (GatewayDispatch e in client.Events.ReadAllAsync())
                {
                    lock (_received)
                    {
                        _received.Add(e);
                    }
                }
            }
            catch (DiscordGatewayException)
            {
                // surfaced through RunAsync as well
            }
        });
        return (client, run);
    }

    private List<GatewayDispatch> Received(string name)
    {
        lock (_received)
        {
            return _received.Where(e => e.Name == name).ToList();
        }
    }

    private static int Op(JsonNode payload) => payload["op"]!.GetValue<int>();

    [Fact]
    public async Task RunAsync_Connect_IdentifiesWithDefaultsAndReceivesReady()
    {
        _fake.Rest.RecommendedShards = 3;
        (DiscordGatewayClient client, _) = Start();

        ReadyEvent ready = await client.Ready.WithTimeout();

        Assert.Equal("session-1", ready.SessionId);
        Assert.Equal(_fake.ResumeGatewayUrl, ready.ResumeGatewayUrl);
        Assert.Equal(777UL, client.ApplicationId);
        Assert.Equal(999UL, client.CurrentUser!.Id);
        Assert.Equal(2, client.GuildCount);
        Assert.Equal(GatewayState.Connected, client.State);

        FakeGatewayConnection conn = _fake.Gateway[0];
        Assert.Equal("/gateway", conn.Path);
        Assert.Equal("?v=10&encoding=json", conn.Query);
        JsonNode identify = conn.ReceivedOp(2).Single();
        Assert.Equal(BotToken, identify["d"]!["token"]!.GetValue<string>());
        Assert.Equal(1, identify["d"]!["intents"]!.GetValue<int>()); // GUILDS only, no privileged intents
        Assert.Equal("[0,3]", identify["d"]!["shard"]!.ToJsonString()); // shard count from GET /gateway/bot
        Assert.NotNull(identify["d"]!["properties"]!["os"]);
        Assert.Single(_fake.Rest.RequestsTo("GET", "/gateway/bot"));
        await WaitUntilAsync(() => Received(GatewayDispatch.Ready).Count == 1, "READY delivered to the consumer");
    }

    [Fact]
    public async Task RunAsync_ExplicitShardAndIntents_SentInIdentify()
    {
        (DiscordGatewayClient client, _) = Start(o =>
        {
            o.ShardId = 1;
            o.ShardCount = 2;
            o.Intents = GatewayIntents.Guilds | GatewayIntents.GuildMessages;
        });

        await client.Ready.WithTimeout();

        JsonNode identify = _fake.Gateway[0].ReceivedOp(2).Single();
        Assert.Equal("[1,2]", identify["d"]!["shard"]!.ToJsonString());
        Assert.Equal(1 | 512, identify["d"]!["intents"]!.GetValue<int>());
    }

    [Fact]
    public async Task RunAsync_GatewayUrlOverride_SkipsGatewayBotLookup()
    {
        (DiscordGatewayClient client, _) = Start(o => o.GatewayUrlOverride = _fake.GatewayUrl);

        await client.Ready.WithTimeout();

        Assert.Empty(_fake.Rest.RequestsTo("GET", "/gateway/bot"));
        Assert.Equal("[0,1]", _fake.Gateway[0].ReceivedOp(2).Single()["d"]!["shard"]!.ToJsonString());
    }

    [Fact]
    public async Task Heartbeat_EveryInterval_CarriesLastSequenceAndGetsAcked()
    {
        _fake.Gateway.HeartbeatIntervalMs = 400;
        (DiscordGatewayClient client, _) = Start();
        await client.Ready.WithTimeout();

        await WaitUntilAsync(() => _fake.Gateway[0].ReceivedOp(1).Count >= 3, "three heartbeats");

        IReadOnlyList<JsonNode> beats = _fake.Gateway[0].ReceivedOp(1);
        // a heartbeat sent before READY carries null; every later one carries READY's sequence 1
        Assert.Equal(1, beats[^1]["d"]!.GetValue<int>());
        Assert.All(beats, b => Assert.True(b["d"] is null || b["d"]!.GetValue<int>() == 1));
        Assert.NotNull(client.Latency);
        Assert.Single(_fake.Gateway.Connections); // ACKed heartbeats keep the connection
    }

    [Fact]
    public async Task Heartbeat_FirstOneJittered_WaitsIntervalTimesRandom()
    {
        _fake.Gateway.HeartbeatIntervalMs = 60_000;
        (DiscordGatewayClient client, _) = Start(random: () => 0.0);
        await client.Ready.WithTimeout();

        // jitter 0 → the first heartbeat goes out at once, long before the 60 s interval
        await WaitUntilAsync(() => _fake.Gateway[0].ReceivedOp(1).Count == 1, "first heartbeat");
    }

    [Fact]
    public async Task ServerHeartbeatRequest_Op1_ClientHeartbeatsImmediately()
    {
        _fake.Gateway.HeartbeatIntervalMs = 60_000;
        (DiscordGatewayClient client, _) = Start(random: () => 0.99); // first scheduled beat ~59 s away
        await client.Ready.WithTimeout();
        Assert.Empty(_fake.Gateway[0].ReceivedOp(1));

        await _fake.Gateway[0].RequestHeartbeatAsync();

        await WaitUntilAsync(() => _fake.Gateway[0].ReceivedOp(1).Count == 1, "requested heartbeat");
    }

    [Fact]
    public async Task MissedHeartbeatAck_ZombieConnection_ClosesNon1000AndResumesOnResumeUrl()
    {
        _fake.Gateway.HeartbeatIntervalMs = 200;
        (DiscordGatewayClient client, _) = Start();
        await client.Ready.WithTimeout();
        _fake.Gateway.AckHeartbeats = false;

        await WaitUntilAsync(() => _fake.Gateway.Connections.Count == 2 && _fake.Gateway[1].ReceivedOp(6).Count == 1, "resume on a new connection");

        FakeGatewayConnection first = _fake.Gateway[0];
        await first.Closed.WithTimeout();
        Assert.NotNull(first.ClientCloseCode);
        Assert.NotEqual(1000, first.ClientCloseCode);
        Assert.NotEqual(1001, first.ClientCloseCode);

        FakeGatewayConnection second = _fake.Gateway[1];
        Assert.Equal("/resume", second.Path);
        JsonNode resume = second.ReceivedOp(6).Single();
        Assert.Equal("session-1", resume["d"]!["session_id"]!.GetValue<string>());
        Assert.Equal(BotToken, resume["d"]!["token"]!.GetValue<string>());
        Assert.Equal(1, resume["d"]!["seq"]!.GetValue<int>());
        Assert.Empty(second.ReceivedOp(2)); // no fresh identify
        await WaitUntilAsync(() => Received(GatewayDispatch.Resumed).Count >= 1, "RESUMED delivered");
    }

    [Fact]
    public async Task Reconnect_Op7WithInteractionsAround_ResumesAndDeliversEachInteractionOnce()
    {
        (DiscordGatewayClient client, _) = Start();
        await client.Ready.WithTimeout();

        await _fake.Gateway.DispatchAsync("INTERACTION_CREATE", FakeGateway.InteractionJson("5001", "tok-a"));
        await WaitUntilAsync(() => Received(GatewayDispatch.InteractionCreate).Count == 1, "first interaction");

        await _fake.Gateway[0].SendReconnectAsync();
        // sent while the client is between connections: only the replay on RESUME can deliver it
        await _fake.Gateway.DispatchAsync("INTERACTION_CREATE", FakeGateway.InteractionJson("5002", "tok-b"));

        await WaitUntilAsync(() => Received(GatewayDispatch.Resumed).Count == 1, "RESUMED");
        await WaitUntilAsync(() => Received(GatewayDispatch.InteractionCreate).Count == 2, "replayed interaction");
        await _fake.Gateway.DispatchAsync("INTERACTION_CREATE", FakeGateway.InteractionJson("5003", "tok-c"));
        await WaitUntilAsync(() => Received(GatewayDispatch.InteractionCreate).Count == 3, "live interaction after resume");
        await Task.Delay(100);

        List<ulong> ids = Received(GatewayDispatch.InteractionCreate).Select(e => e.AsInteraction()!.Id).ToList();
        Assert.Equal([5001UL, 5002UL, 5003UL], ids);
        Assert.Equal("/resume", _fake.Gateway[1].Path);
        Assert.Equal(2, _fake.Gateway[1].ReceivedOp(6).Single()["d"]!["seq"]!.GetValue<int>());
        Assert.NotEqual(1000, _fake.Gateway[0].ClientCloseCode);
        Assert.Equal(2, _fake.Gateway.Connections.Count);
    }

    [Fact]
    public async Task Dispatch_IsStampedOnTheClientsClock()
    {
        // The read stamp is a timestamp of the client's TimeProvider, so the wait measured from it (InteractionPump, on
        // the same clock) is that clock's time, not the machine's.
        var time = new FakeTimeProvider();
        (DiscordGatewayClient client, _) = Start(time: time);
        await client.Ready.WithTimeout();
        await _fake.Gateway.DispatchAsync("INTERACTION_CREATE", FakeGateway.InteractionJson("7001", "tok"));
        await WaitUntilAsync(() => Received(GatewayDispatch.InteractionCreate).Count == 1, "interaction");
        await Task.Delay(100);

        GatewayDispatch dispatch = Received(GatewayDispatch.InteractionCreate).Single();
        Assert.Equal(time.GetTimestamp(), dispatch.ReceivedTimestamp);
        Assert.Equal(TimeSpan.Zero, time.GetElapsedTime(dispatch.ReceivedTimestamp));
    }

    [Fact]
    public async Task Resume_ServerReplaysOverlap_DuplicateIsDropped()
    {
        _fake.Gateway.ReplayInclusive = true; // replays the event at the client's own sequence as well
        (DiscordGatewayClient client, _) = Start();
        await client.Ready.WithTimeout();
        await _fake.Gateway.DispatchAsync("INTERACTION_CREATE", FakeGateway.InteractionJson("6001", "tok"));
        await WaitUntilAsync(() => Received(GatewayDispatch.InteractionCreate).Count == 1, "interaction");

        await _fake.Gateway[0].SendReconnectAsync();
        await WaitUntilAsync(() => Received(GatewayDispatch.Resumed).Count == 1, "RESUMED");
        await Task.Delay(100);

        Assert.Single(Received(GatewayDispatch.InteractionCreate));
    }

    [Fact]
    public async Task InvalidSession_NotResumable_ReconnectsWithFreshIdentify()
    {
        (DiscordGatewayClient client, _) = Start();
        await client.Ready.WithTimeout();

        await _fake.Gateway[0].SendInvalidSessionAsync(resumable: false);

        await WaitUntilAsync(() => Received(GatewayDispatch.Ready).Count == 2, "second READY");
        FakeGatewayConnection second = _fake.Gateway[1];
        Assert.Equal("/gateway", second.Path);
        Assert.Single(second.ReceivedOp(2));
        Assert.Empty(second.ReceivedOp(6));
        await WaitUntilAsync(() => client.SessionId == "session-2", "new session id");
        Assert.Equal(1, client.LastSequence); // sequence restarted with the new session
    }

    [Fact]
    public async Task InvalidSession_Resumable_ReconnectsAndResumes()
    {
        (DiscordGatewayClient client, _) = Start();
        await client.Ready.WithTimeout();

        await _fake.Gateway[0].SendInvalidSessionAsync(resumable: true);

        await WaitUntilAsync(() => Received(GatewayDispatch.Resumed).Count == 1, "RESUMED");
        Assert.Equal("/resume", _fake.Gateway[1].Path);
        Assert.Single(_fake.Gateway[1].ReceivedOp(6));
    }

    [Fact]
    public async Task Close4004_AuthenticationFailed_StopsWithClearErrorAndNoRetry()
    {
        _fake.Gateway.CloseOnIdentifyCode = 4004;
        (DiscordGatewayClient client, Task run) = Start();

        var error = await Assert.ThrowsAsync<DiscordGatewayException>(() => run.WithTimeout());

        Assert.Contains("Discord rejected the bot token (4004)", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(BotToken, error.Message, StringComparison.Ordinal);
        Assert.Equal(4004, error.CloseCode);
        await Task.Delay(300); // ten times the reconnect base delay
        Assert.Single(_fake.Gateway.Connections);
        await Assert.ThrowsAsync<DiscordGatewayException>(() => client.Ready);
        await Assert.ThrowsAsync<DiscordGatewayException>(async () => await client.Events.Completion);
        Assert.Equal(GatewayState.Stopped, client.State);
    }

    [Theory]
    [InlineData(4014, "disallowed intents")]
    [InlineData(4013, "invalid intents")]
    [InlineData(4010, "invalid shard")]
    [InlineData(4011, "sharding required")]
    [InlineData(4012, "invalid API version")]
    public async Task CloseFatalCode_Stops_WithExplanation(int code, string explanation)
    {
        _fake.Gateway.CloseOnIdentifyCode = code;
        (_, Task run) = Start();

        var error = await Assert.ThrowsAsync<DiscordGatewayException>(() => run.WithTimeout());

        Assert.Contains(explanation, error.Message, StringComparison.Ordinal);
        Assert.Equal(code, error.CloseCode);
        await Task.Delay(200);
        Assert.Single(_fake.Gateway.Connections);
    }

    [Theory]
    [InlineData(4007)]
    [InlineData(4009)]
    public async Task CloseInvalidSeqOrTimeout_ReconnectsWithFreshIdentify(int code)
    {
        (DiscordGatewayClient client, _) = Start();
        await client.Ready.WithTimeout();

        await _fake.Gateway[0].CloseAsync(code, "session gone");

        await WaitUntilAsync(() => Received(GatewayDispatch.Ready).Count == 2, "second READY");
        Assert.Single(_fake.Gateway[1].ReceivedOp(2));
        Assert.Empty(_fake.Gateway[1].ReceivedOp(6));
        Assert.Equal("/gateway", _fake.Gateway[1].Path);
    }

    [Theory]
    [InlineData(4000)]
    [InlineData(4008)]
    [InlineData(1001)]
    public async Task CloseRecoverableCode_ReconnectsAndResumes(int code)
    {
        (DiscordGatewayClient client, _) = Start();
        await client.Ready.WithTimeout();

        await _fake.Gateway[0].CloseAsync(code, "try again");

        await WaitUntilAsync(() => Received(GatewayDispatch.Resumed).Count == 1, "RESUMED");
        Assert.Equal("/resume", _fake.Gateway[1].Path);
    }

    [Fact]
    public async Task ConnectionDropped_WithoutCloseFrame_ResumesAndKeepsSequence()
    {
        (DiscordGatewayClient client, _) = Start();
        await client.Ready.WithTimeout();
        await _fake.Gateway.DispatchAsync("GUILD_CREATE", new JsonObject { ["id"] = "100" });
        await WaitUntilAsync(() => client.LastSequence == 2, "sequence 2");

        _fake.Gateway[0].Abort();

        await WaitUntilAsync(() => Received(GatewayDispatch.Resumed).Count == 1, "RESUMED");
        Assert.Equal(2, _fake.Gateway[1].ReceivedOp(6).Single()["d"]!["seq"]!.GetValue<int>());
    }

    [Fact]
    public async Task Outage_GatewayRefusesConnections_KeepsRetryingWithBackoffThenConnects()
    {
        _fake.Gateway.RejectConnections = 4;
        (DiscordGatewayClient client, _) = Start();

        await client.Ready.WithTimeout();

        Assert.Equal(4, _fake.Gateway.RejectedConnections);
        Assert.Single(_fake.Gateway.Connections);
    }

    [Fact]
    public async Task ResumeUrlDead_AfterRepeatedFailures_IdentifiesAfreshOnMainGateway()
    {
        (DiscordGatewayClient client, _) = Start();
        await client.Ready.WithTimeout();
        _fake.Gateway.RejectResumeUrl = true;

        _fake.Gateway[0].Abort();

        await WaitUntilAsync(() => Received(GatewayDispatch.Ready).Count == 2, "second READY via a fresh identify");
        Assert.Equal(3, _fake.Gateway.RejectedConnections);
        Assert.Equal("/gateway", _fake.Gateway[1].Path);
        Assert.Single(_fake.Gateway[1].ReceivedOp(2));
    }

    [Fact]
    public async Task Resume_SessionExpiredOnServer_Op9ThenFreshIdentify()
    {
        (DiscordGatewayClient client, _) = Start();
        await client.Ready.WithTimeout();
        _fake.Gateway.CurrentSession!.Invalidated = true;

        _fake.Gateway[0].Abort();

        await WaitUntilAsync(() => Received(GatewayDispatch.Ready).Count == 2, "second READY");
        Assert.Single(_fake.Gateway[1].ReceivedOp(6)); // tried to resume, got op 9 false
        Assert.Equal("/gateway", _fake.Gateway[2].Path);
        Assert.Single(_fake.Gateway[2].ReceivedOp(2));
    }

    [Fact]
    public async Task NoHello_SilentGateway_TimesOutAndReconnects()
    {
        // The client's clock is moved on only until it gives up on the silent connection and connects again; then it
        // stands still, so the second connection's HELLO is never late however busy the machine is.
        var time = new FakeTimeProvider();
        _fake.Gateway.SilentConnections = 1;
        (DiscordGatewayClient client, _) = Start(o => o.HelloTimeout = TimeSpan.FromSeconds(1), time: time);
        await WaitUntilAsync(
            () =>
            {
                if (_fake.Gateway.Connections.Count < 2)
                {
                    time.Advance(TimeSpan.FromMilliseconds(100));
                }

                return _fake.Gateway.Connections.Count >= 2;
            },
            "a second connection");

        await client.Ready.WithTimeout();

        Assert.Equal(2, _fake.Gateway.Connections.Count);
        Assert.Empty(_fake.Gateway[0].Received); // nothing sent before HELLO
        Assert.Single(_fake.Gateway[1].ReceivedOp(2));
    }

    [Fact]
    public async Task Shutdown_Cancelled_ClosesWith1000AndCompletesEvents()
    {
        (DiscordGatewayClient client, Task run) = Start();
        await client.Ready.WithTimeout();

        await _cts.CancelAsync();

        await run.WithTimeout();
        await _fake.Gateway[0].Closed.WithTimeout();
        Assert.Equal(1000, _fake.Gateway[0].ClientCloseCode);
        await client.Events.Completion.WithTimeout();
        Assert.Equal(GatewayState.Stopped, client.State);
    }

    [Fact]
    public async Task InteractionCreate_Dispatched_ArrivesAsTypedInteraction()
    {
        (DiscordGatewayClient client, _) = Start();
        await client.Ready.WithTimeout();

        await _fake.Gateway.DispatchAsync("INTERACTION_CREATE", FakeGateway.InteractionJson("7001", "interaction-token", "quote"));

        await WaitUntilAsync(() => Received(GatewayDispatch.InteractionCreate).Count == 1, "interaction");
        Interaction interaction = Received(GatewayDispatch.InteractionCreate)[0].AsInteraction()!;
        Assert.Equal(7001UL, interaction.Id);
        Assert.Equal("interaction-token", interaction.Token);
        Assert.Equal(InteractionType.ApplicationCommand, interaction.Type);
        Assert.Equal("quote", interaction.Data!.Name);
        Assert.Equal(300UL, interaction.Invoker!.Id);
        Assert.Null(Received(GatewayDispatch.InteractionCreate)[0].AsReady());
    }

    [Fact]
    public async Task SlowConsumer_EventsNotRead_HeartbeatsContinue()
    {
        _fake.Gateway.HeartbeatIntervalMs = 300;
        DiscordGatewayClient client = CreateGateway(Options(_fake));
        _ = client.RunAsync(_cts.Token);
        await client.Ready.WithTimeout();

        for (int i = 0; i < 500; i++)
        {
            await _fake.Gateway.DispatchAsync("GUILD_CREATE", new JsonObject { ["id"] = i.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        }

        // nobody reads Events, yet the receive loop keeps going: all events arrive and heartbeats keep flowing
        await WaitUntilAsync(() => client.LastSequence >= 501, "all events received");
        int beatsBefore = _fake.Gateway.Connections.Sum(c => c.ReceivedOp(1).Count);
        await WaitUntilAsync(() => _fake.Gateway.Connections.Sum(c => c.ReceivedOp(1).Count) >= beatsBefore + 2, "heartbeats while nobody reads events");
        int guildCreates = 0;
        while (client.Events.TryRead(out GatewayDispatch? e))
        {
            guildCreates += e.Name == GatewayDispatch.GuildCreate ? 1 : 0;
        }

        Assert.Equal(500, guildCreates);
    }

    [Fact]
    public async Task GatewayBot401_BadToken_StopsWithClearError()
    {
        _fake.Rest.Enqueue("GET", "/gateway/bot", 401, """{"message": "401: Unauthorized", "code": 0}""");
        (_, Task run) = Start();

        var error = await Assert.ThrowsAsync<DiscordGatewayException>(() => run.WithTimeout());

        Assert.Contains("Discord rejected the bot token", error.Message, StringComparison.Ordinal);
        Assert.Empty(_fake.Gateway.Connections);
    }

    [Fact]
    public async Task Logs_FullLifecycle_NeverContainBotToken()
    {
        var logger = new ListLogger();
        (DiscordGatewayClient client, Task run) = Start(logger: logger);
        await client.Ready.WithTimeout();
        await _fake.Gateway[0].SendReconnectAsync();
        await WaitUntilAsync(() => Received(GatewayDispatch.Resumed).Count == 1, "RESUMED");
        await _cts.CancelAsync();
        await run.WithTimeout();

        Assert.NotEmpty(logger.Lines);
        Assert.DoesNotContain(logger.Lines, l => l.Contains(BotToken, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(0, 0.0, 800)]
    [InlineData(0, 1.0, 1000)]
    [InlineData(1, 1.0, 2000)]
    [InlineData(3, 1.0, 8000)]
    [InlineData(6, 1.0, 60000)] // 64 s capped at 60 s
    [InlineData(50, 0.5, 54000)] // huge failure counts stay capped
    public void ComputeBackoff_Failures_DoublesUpToCap(int failures, double random, int expectedMs)
    {
        TimeSpan delay = DiscordGatewayClient.ComputeBackoff(failures, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60), random);

        Assert.Equal(expectedMs, delay.TotalMilliseconds, 3);
    }

    [Fact]
    public async Task RunAsync_CalledTwice_Throws()
    {
        (DiscordGatewayClient client, _) = Start();
        await client.Ready.WithTimeout();

        await Assert.ThrowsAsync<InvalidOperationException>(() => client.RunAsync(CancellationToken.None));
    }
}
