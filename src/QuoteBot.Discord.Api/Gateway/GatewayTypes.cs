using System.Text.Json;
using QuoteBot.Discord.Api.Json;
using QuoteBot.Discord.Api.Models;

namespace QuoteBot.Discord.Api.Gateway;

/// <summary>Gateway intents. Interactions arrive without any intent; GUILDS is the usual minimum.</summary>
[Flags]
public enum GatewayIntents
{
    None = 0,
    Guilds = 1 << 0,
    /// <summary>Privileged.</summary>
    GuildMembers = 1 << 1,
    GuildModeration = 1 << 2,
    GuildExpressions = 1 << 3,
    GuildIntegrations = 1 << 4,
    GuildWebhooks = 1 << 5,
    GuildInvites = 1 << 6,
    GuildVoiceStates = 1 << 7,
    /// <summary>Privileged.</summary>
    GuildPresences = 1 << 8,
    GuildMessages = 1 << 9,
    GuildMessageReactions = 1 << 10,
    GuildMessageTyping = 1 << 11,
    DirectMessages = 1 << 12,
    DirectMessageReactions = 1 << 13,
    DirectMessageTyping = 1 << 14,
    /// <summary>Privileged.</summary>
    MessageContent = 1 << 15,
    GuildScheduledEvents = 1 << 16,
    AutoModerationConfiguration = 1 << 20,
    AutoModerationExecution = 1 << 21,
    GuildMessagePolls = 1 << 24,
    DirectMessagePolls = 1 << 25,
}

/// <summary>Gateway opcodes.</summary>
public enum GatewayOpCode
{
    Dispatch = 0,
    Heartbeat = 1,
    Identify = 2,
    PresenceUpdate = 3,
    VoiceStateUpdate = 4,
    Resume = 6,
    Reconnect = 7,
    RequestGuildMembers = 8,
    InvalidSession = 9,
    Hello = 10,
    HeartbeatAck = 11,
}

/// <summary>Where the gateway connection is.</summary>
public enum GatewayState
{
    Stopped,
    Connecting,
    Identifying,
    Resuming,
    Connected,
    Reconnecting,
}

/// <summary>
/// One dispatch (op 0) event as received: its name (<c>t</c>), sequence (<c>s</c>) and raw data (<c>d</c>).
/// Use <see cref="AsInteraction"/> / <see cref="AsReady"/> for the typed payloads.
/// </summary>
public sealed record GatewayDispatch(string Name, int Sequence, JsonElement Data)
{
    public const string InteractionCreate = "INTERACTION_CREATE";
    public const string Ready = "READY";
    public const string Resumed = "RESUMED";
    public const string GuildCreate = "GUILD_CREATE";

    /// <summary>
    /// When this process had read the event off the gateway, as a <see cref="TimeProvider.GetTimestamp"/> of the
    /// <see cref="DiscordGatewayClient"/>'s clock (<see cref="TimeProvider.System"/> for an event made elsewhere):
    /// Discord's 3-second answer window runs from about here, so time spent queued in the process counts from it.
    /// Measure it on the same clock (<see cref="InteractionPump"/> is given the clients' <see cref="TimeProvider"/>).
    /// </summary>
    public long ReceivedTimestamp { get; init; } = TimeProvider.System.GetTimestamp();

    /// <summary>The interaction, when this is INTERACTION_CREATE; otherwise null.</summary>
    public Interaction? AsInteraction() => Name == InteractionCreate ? DiscordJson.Deserialize<Interaction>(Data) : null;

    /// <summary>The READY payload, when this is READY; otherwise null.</summary>
    public ReadyEvent? AsReady() => Name == Ready ? DiscordJson.Deserialize<ReadyEvent>(Data) : null;
}

/// <summary>The READY payload (partial).</summary>
public sealed record ReadyEvent
{
    public int V { get; init; }
    public User User { get; init; } = new();
    public IReadOnlyList<UnavailableGuild> Guilds { get; init; } = [];
    public string SessionId { get; init; } = "";
    public string ResumeGatewayUrl { get; init; } = "";
    public IReadOnlyList<int>? Shard { get; init; }
    public PartialApplication? Application { get; init; }
}

public sealed record UnavailableGuild
{
    public ulong Id { get; init; }
    public bool? Unavailable { get; init; }
}

public sealed record PartialApplication
{
    public ulong Id { get; init; }
    public int? Flags { get; init; }
}

/// <summary>The gateway stopped for good (e.g. rejected token 4004, disallowed intents 4014); retrying will not help.</summary>
public sealed class DiscordGatewayException : Exception
{
    public DiscordGatewayException()
    {
    }

    public DiscordGatewayException(string message)
        : base(message)
    {
    }

    public DiscordGatewayException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public DiscordGatewayException(string message, int? closeCode)
        : base(message) => CloseCode = closeCode;

    /// <summary>The gateway close code that caused the stop, when there was one.</summary>
    public int? CloseCode { get; }
}

/// <summary>
/// Spaces IDENTIFYs: at most one per <c>interval</c> in each max_concurrency bucket (<c>shard_id % max_concurrency</c>).
/// Register one instance per process so every shard in it shares the gate.
/// </summary>
public sealed class IdentifyGate
{
    private readonly TimeProvider _time;
    private readonly Dictionary<int, DateTimeOffset> _next = [];
    private readonly object _lock = new();

    public IdentifyGate(TimeProvider? time = null) => _time = time ?? TimeProvider.System;

    /// <summary>Waits for this shard's turn, then reserves the slot.</summary>
    public Task WaitAsync(int shardId, int maxConcurrency, TimeSpan interval, CancellationToken ct)
    {
        int bucket = shardId % Math.Max(1, maxConcurrency);
        TimeSpan wait;
        lock (_lock)
        {
            DateTimeOffset now = _time.GetUtcNow();
            DateTimeOffset start = _next.TryGetValue(bucket, out DateTimeOffset next) && next > now ? next : now;
            _next[bucket] = start + interval;
            wait = start - now;
        }

        return wait > TimeSpan.Zero ? Task.Delay(wait, _time, ct) : Task.CompletedTask;
    }
}

/// <summary>One shard of a resolved gateway: where to connect, which <c>[ShardId, ShardCount]</c> to identify as, and the bot's max_concurrency.</summary>
public sealed record GatewayShardInfo(string GatewayUrl, int ShardId, int ShardCount, int MaxConcurrency);
