using QuoteBot.Discord.Api.Gateway;

namespace QuoteBot.Discord.Api;

/// <summary>Settings for the Discord REST and gateway clients. Bind from the "Discord" configuration section.</summary>
public sealed class DiscordClientOptions
{
    /// <summary>Configuration section name used by <see cref="ServiceCollectionExtensions.AddDiscordApiClient(Microsoft.Extensions.DependencyInjection.IServiceCollection, Microsoft.Extensions.Configuration.IConfiguration)"/>.</summary>
    public const string SectionName = "Discord";

    /// <summary>The bot token. Comes from the environment or user secrets; never logged.</summary>
    public string? Token { get; set; }

    /// <summary>REST base address, without a trailing slash.</summary>
    public string ApiBaseUrl { get; set; } = "https://discord.com/api/v10";

    /// <summary>When set, the gateway connects here instead of the URL returned by GET /gateway/bot (which is then not called).</summary>
    public string? GatewayUrlOverride { get; set; }

    /// <summary>Gateway intents. Default: GUILDS only (interactions need no intents; no privileged intents).</summary>
    public GatewayIntents Intents { get; set; } = GatewayIntents.Guilds;

    /// <summary>This process's shard id; default 0.</summary>
    public int? ShardId { get; set; }

    /// <summary>
    /// The shards this process runs with <see cref="DiscordShardManager"/>: "0,1", "2-3", "0-3,8"; empty = all shards
    /// (0 … ShardCount-1; or just <see cref="ShardId"/> when that is set). Parsed by <see cref="ShardIdList"/>.
    /// </summary>
    public string? ShardIds { get; set; }

    /// <summary>Total shard count; default: the count recommended by GET /gateway/bot (1 with <see cref="GatewayUrlOverride"/>).</summary>
    public int? ShardCount { get; set; }

    /// <summary>Used in the User-Agent header: <c>DiscordBot (url, version)</c>.</summary>
    public string UserAgentUrl { get; set; } = "https://github.com/quotebot/quotebot";

    /// <summary>Used in the User-Agent header: <c>DiscordBot (url, version)</c>.</summary>
    public string UserAgentVersion { get; set; } = "1.0";

    // ---- REST retry tuning ----

    /// <summary>How many times a 5xx response (or a network error on an idempotent request) is retried.</summary>
    public int RestMaxServerErrorRetries { get; set; } = 3;

    /// <summary>How many 429 responses in a row one call accepts (waiting retry_after each time) before giving up.</summary>
    public int RestMaxRateLimitRetries { get; set; } = 5;

    /// <summary>First backoff after a 5xx; doubles per attempt.</summary>
    public TimeSpan RestRetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Upper bound of the 5xx backoff.</summary>
    public TimeSpan RestRetryMaxDelay { get; set; } = TimeSpan.FromSeconds(10);

    // ---- gateway tuning ----

    /// <summary>First reconnect backoff after a dropped connection; doubles per failed attempt.</summary>
    public TimeSpan ReconnectBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Upper bound of the reconnect backoff (the client keeps trying forever at this pace).</summary>
    public TimeSpan ReconnectMaxDelay { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Lower bound of the random wait after op 9 INVALID_SESSION (Discord: 1–5 s).</summary>
    public TimeSpan InvalidSessionMinDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Upper bound of the random wait after op 9 INVALID_SESSION.</summary>
    public TimeSpan InvalidSessionMaxDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Minimum time between two IDENTIFYs in the same max_concurrency bucket (Discord: 5 s).</summary>
    public TimeSpan IdentifyInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long to wait for HELLO after the socket opens before treating the connection as failed.</summary>
    public TimeSpan HelloTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
