using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using QuoteBot.Core.Commands;
using QuoteBot.Core.Daily;
using QuoteBot.Core.Model;
using QuoteBot.Core.Storage;
using QuoteBot.Discord.Api.Tests.Fakes;

namespace QuoteBot.Discord.Tests;

/// <summary>The adapter in a real generic host, talking to the in-process fake Discord over HTTP and WebSocket.</summary>
public sealed class Harness : IAsyncDisposable
{
    public const string Token = "FAKE.BOT.TOKEN-not-real-42";
    public const ulong Guild = 100;
    public const ulong OtherGuild = 101;
    public const ulong Channel = 200;
    public const ulong ModRole = 66;
    public const string ManageMessages = "8192";
    public const string NoPermissions = "2147483648"; // Use Application Commands only

    private static long _nextId = 10_000;

    private readonly bool _ownsFake = true;

    private Harness(FakeDiscord fake, IHost host, InMemoryQuoteStore store, GatedCommand slow, LogSink logs, FakeTimeProvider answerClock, WaitClock waitClock, bool ownsFake = true)
    {
        _ownsFake = ownsFake;
        Fake = fake;
        Host = host;
        Store = store;
        Slow = slow;
        Logs = logs;
        AnswerClock = answerClock;
        WaitClock = waitClock;
    }

    public FakeDiscord Fake { get; }

    public IHost Host { get; }

    public InMemoryQuoteStore Store { get; }

    public GatedCommand Slow { get; }

    public LogSink Logs { get; }

    /// <summary>
    /// The clock of the interaction handlers' answer window (Discord:AnswerWithin): it moves only when a test moves it
    /// (<see cref="SendPastAnswerWindowAsync"/>), so an answer is never deferred because a busy machine ran the handler
    /// slowly. (The time an interaction waited before its handler started is on <see cref="WaitClock"/>.)
    /// </summary>
    public FakeTimeProvider AnswerClock { get; }

    /// <summary>
    /// The host's <see cref="TimeProvider"/>: the gateway stamps each event on it and the interaction pump measures the
    /// event's wait before its handler starts on it. Its timestamps stand still unless a test moves them, so a busy
    /// machine never makes an interaction look queued (and deferred); its timers and wall time are real.
    /// </summary>
    public WaitClock WaitClock { get; }

    public DiscordBotService Service => Host.Services.GetRequiredService<DiscordBotService>();

    public static async Task<Harness> StartAsync(ulong? guildId = Guild, Action<InMemoryQuoteStore>? seed = null, string answerWithinMs = "2500", Action<FakeDiscord>? fakeSetup = null, bool waitForRegistration = true, bool gateSearch = false, bool daily = false, FakeDiscord? sharedFake = null, IReadOnlyDictionary<string, string?>? extraConfig = null, global::QuoteBot.Tests.Shared.Faults.FaultyStore? faults = null, Action<IServiceCollection>? services = null, InMemoryQuoteStore? store = null)
    {
        var fake = sharedFake ?? await FakeDiscord.StartAsync();
        fakeSetup?.Invoke(fake);
        // A given store outlives the host: a second harness on it is the bot after a restart.
        store ??= faults?.Inner ?? new InMemoryQuoteStore();
        seed?.Invoke(store);
        var slow = new GatedCommand();
        var logs = new LogSink();
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Discord:Token"] = Token,
            ["Discord:ApiBaseUrl"] = fake.ApiBaseUrl,
            ["Discord:GuildId"] = guildId?.ToString(CultureInfo.InvariantCulture),
            ["Discord:ModeratorRoleIds"] = ModRole.ToString(CultureInfo.InvariantCulture),
            ["Discord:AnswerWithin"] = TimeSpan.FromMilliseconds(int.Parse(answerWithinMs, CultureInfo.InvariantCulture)).ToString(),
            ["Discord:RestMaxServerErrorRetries"] = "0",
            ["Discord:RestMaxRateLimitRetries"] = "0",
        });
        if (extraConfig is not null)
        {
            builder.Configuration.AddInMemoryCollection(extraConfig);
        }

        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Trace);
        builder.Logging.AddProvider(logs);
        builder.Services.AddSingleton<IQuoteStore>(faults is null ? store : faults);
        builder.Services.AddSingleton<IQuoteSearch>(new GatedSearch(faults is null ? store : faults, gateSearch ? slow : null));
        builder.Services.AddSingleton<IStateStore>(store);
        builder.Services.AddSingleton<IChatCommand>(slow);
        var answerClock = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var waitClock = new WaitClock();
        builder.Services.AddSingleton<TimeProvider>(waitClock); // before the adapter's TryAdd of the system clock
        builder.Services.AddScoped(sp => ActivatorUtilities.CreateInstance<DiscordInteractionHandler>(sp, (TimeProvider)answerClock)); // before the adapter's own
        builder.Services.AddDiscordAdapter(builder.Configuration);
        if (daily)
        {
            builder.Services.AddDailyPosts(builder.Configuration);
        }

        services?.Invoke(builder.Services);
        var host = builder.Build();
        await host.StartAsync();
        var harness = new Harness(fake, host, store, slow, logs, answerClock, waitClock, ownsFake: sharedFake is null);
        if (waitForRegistration)
        {
            await harness.Service.Registered.WaitAsync(TimeSpan.FromMinutes(2));
        }

        return harness;
    }

    public async ValueTask DisposeAsync()
    {
        Slow.Release();
        await Host.StopAsync(TimeSpan.FromSeconds(5));
        Host.Dispose();
        if (_ownsFake)
        {
            await Fake.DisposeAsync();
        }
    }

    public static Quote Add(InMemoryQuoteStore store, string text, string speaker, Scope? scope = null, string? url = null) =>
        store.AddAsync(
            new NewQuote
            {
                Text = text,
                Speaker = speaker,
                Scope = scope ?? Scope.Global,
                Source = new QuoteSource("Daily Example", "An invented article", url, new DateOnly(2024, 5, 1)),
                AddedAt = DateTimeOffset.UnixEpoch,
            },
            Actor.System).Result.Quote;

    // ---------------------------------------------------------------- interactions

    /// <summary>A member of <paramref name="guild"/> (null: a DM user).</summary>
    public static JsonObject Interaction(int type, JsonObject data, ulong? guild = Guild, string permissions = NoPermissions, ulong[]? roles = null, JsonObject? message = null)
    {
        var id = Interlocked.Increment(ref _nextId).ToString(CultureInfo.InvariantCulture);
        var user = new JsonObject { ["id"] = "300", ["username"] = "alice", ["global_name"] = "Alice" };
        var i = new JsonObject
        {
            ["id"] = id,
            ["application_id"] = "777",
            ["type"] = type,
            ["token"] = "itoken-" + id,
            ["version"] = 1,
            ["channel_id"] = Channel.ToString(CultureInfo.InvariantCulture),
            ["data"] = data,
        };
        if (guild is { } g)
        {
            i["guild_id"] = g.ToString(CultureInfo.InvariantCulture);
            var roleArray = new JsonArray();
            foreach (var r in roles ?? [])
            {
                roleArray.Add(r.ToString(CultureInfo.InvariantCulture));
            }

            i["member"] = new JsonObject { ["user"] = user, ["roles"] = roleArray, ["permissions"] = permissions, ["nick"] = "Ally" };
        }
        else
        {
            i["user"] = user;
        }

        if (message is not null)
        {
            i["message"] = message;
        }

        return i;
    }

    public static JsonObject Slash(string name, params (string Name, JsonNode Value)[] options)
    {
        var array = new JsonArray();
        foreach (var (n, v) in options)
        {
            array.Add(new JsonObject { ["name"] = n, ["type"] = v.GetValueKind() == System.Text.Json.JsonValueKind.Number ? 4 : 3, ["value"] = v });
        }

        return new JsonObject { ["id"] = "400", ["name"] = name, ["type"] = 1, ["options"] = array };
    }

    public static JsonObject Button(string customId) => new() { ["custom_id"] = customId, ["component_type"] = 2 };

    /// <summary>Sends INTERACTION_CREATE through the gateway and waits for the interaction's callback.</summary>
    public async Task<JsonNode> SendAsync(JsonObject interaction)
    {
        await Fake.Gateway.DispatchAsync("INTERACTION_CREATE", interaction);
        return await CallbackOf(interaction);
    }

    /// <summary>
    /// Sends INTERACTION_CREATE and moves <see cref="AnswerClock"/> on until the interaction's callback comes: for a
    /// handler held back (<see cref="Slow"/>, a gated search) that must be deferred.
    /// </summary>
    public async Task<JsonNode> SendPastAnswerWindowAsync(JsonObject interaction)
    {
        await Fake.Gateway.DispatchAsync("INTERACTION_CREATE", interaction);
        var path = $"/interactions/{interaction["id"]}/{interaction["token"]}/callback";
        await WaitUntilAsync(
            () =>
            {
                AnswerClock.Advance(TimeSpan.FromMilliseconds(100));
                return Fake.Rest.RequestsTo("POST", path).Count > 0;
            },
            "deferred callback " + path);
        return Fake.Rest.RequestsTo("POST", path)[0].Json!;
    }

    public async Task<JsonNode> CallbackOf(JsonObject interaction)
    {
        var path = $"/interactions/{interaction["id"]}/{interaction["token"]}/callback";
        await WaitUntilAsync(() => Fake.Rest.RequestsTo("POST", path).Count > 0, "callback " + path);
        return Fake.Rest.RequestsTo("POST", path)[0].Json!;
    }

    public async Task<JsonNode> EditOf(JsonObject interaction)
    {
        var path = $"/webhooks/777/{interaction["token"]}/messages/@original";
        await WaitUntilAsync(() => Fake.Rest.RequestsTo("PATCH", path).Count > 0, "edit " + path);
        return Fake.Rest.RequestsTo("PATCH", path)[0].Json!;
    }

    public static async Task WaitUntilAsync(Func<bool> condition, string what, int timeoutMs = 120_000)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail("Timed out waiting for: " + what);
            }

            await Task.Delay(10);
        }
    }

    /// <summary>Every request body that sends a message (callbacks with message data, edits, follow-ups, channel posts).</summary>
    public IReadOnlyList<JsonNode> MessageBodies() =>
        Fake.Rest.Requests
            .Where(r => r.Json is JsonObject && (r.Path.StartsWith("/webhooks/", StringComparison.Ordinal) || r.Path.EndsWith("/messages", StringComparison.Ordinal) || r.Path.EndsWith("/callback", StringComparison.Ordinal)))
            .Select(r => r.Path.EndsWith("/callback", StringComparison.Ordinal) ? r.Json!["data"] : r.Json)
            .Where(j => j is JsonObject o && (o.ContainsKey("content") || o.ContainsKey("embeds")))
            .Select(j => j!)
            .ToList();
}

/// <summary>
/// A clock with real timers and wall time (heartbeats, reconnect backoff, rate limits, daily posts) whose timestamps
/// move only when a test moves them (<see cref="Advance"/>): elapsed time measured on it (an interaction's wait in the
/// process) is decided by the test, not by how busy the machine is.
/// </summary>
public sealed class WaitClock : TimeProvider
{
    private long _ticks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => Interlocked.Read(ref _ticks);

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
}

/// <summary>An extra command that waits until the test lets it finish: a slow handler on demand.</summary>
public sealed class GatedCommand(string name = "slow") : IChatCommand
{
    private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public CommandInfo Info { get; } = new(name, "[text]", "A deliberately slow test command", false);

    /// <summary>Completes when the command is first run (its handler has started and holds its slot).</summary>
    public Task Entered => _entered.Task;

    public void Release() => _gate.TrySetResult();

    public Task WaitAsync(CancellationToken ct) => _gate.Task.WaitAsync(ct);

    public async Task<Reply> HandleAsync(CommandRequest request, CommandContext context, CancellationToken ct)
    {
        _entered.TrySetResult();
        await _gate.Task.WaitAsync(ct);
        return new MessageReply(Info.Name + " done: " + request.Arguments, MessageKind.Success);
    }
}

/// <summary>The store's search, optionally held back by the same gate as <see cref="GatedCommand"/> (slow paging).</summary>
public sealed class GatedSearch(IQuoteSearch inner, GatedCommand? gate) : IQuoteSearch
{
    public async Task<SearchPage> SearchAsync(Core.Search.QuoteQuery query, Visibility visibility, int offset, int limit, CancellationToken ct = default)
    {
        if (gate is not null)
        {
            await gate.WaitAsync(ct);
        }

        return await inner.SearchAsync(query, visibility, offset, limit, ct);
    }

    public Task<IReadOnlyList<string>> SuggestSpeakersAsync(string prefix, Visibility visibility, int limit, CancellationToken ct = default) =>
        inner.SuggestSpeakersAsync(prefix, visibility, limit, ct);

    public Task<SpeakerSlot> SpeakerQuoteAtAsync(string speaker, Visibility visibility, long position, CancellationToken ct = default) =>
        inner.SpeakerQuoteAtAsync(speaker, visibility, position, ct);
}

/// <summary>Collects every log line of the host.</summary>
public sealed class LogSink : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyList<string> Lines => _lines.ToArray();

    public ILogger CreateLogger(string categoryName) => new Sink(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Sink(LogSink owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner._lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception}");
    }
}
