using Microsoft.Extensions.Logging;
using QuoteBot.Discord.Api.Models;
using QuoteBot.Discord.Api.Rest;

namespace QuoteBot.Discord.Api.Gateway;

/// <summary>
/// Where to connect: GET /gateway/bot (retried with backoff through outages; 401/403 stop the bot with one line; waits
/// out an exhausted session start limit), or <see cref="DiscordClientOptions.GatewayUrlOverride"/> without asking.
/// The one resolve path of both the shard manager and a single <see cref="DiscordGatewayClient"/>.
/// </summary>
internal static class GatewayResolver
{
    /// <summary>The gateway URL, the shard count (the configured one, else Discord's recommendation) and max_concurrency.</summary>
    public static async Task<(string Url, int Count, int MaxConcurrency)> ResolveAsync(
        DiscordRestClient rest,
        DiscordClientOptions options,
        ILogger logger,
        TimeProvider time,
        Func<double> random,
        CancellationToken ct)
    {
        if (options.GatewayUrlOverride is { Length: > 0 } overrideUrl)
        {
            return (overrideUrl, options.ShardCount ?? 1, 1);
        }

        int failures = 0;
        while (true)
        {
            try
            {
                GatewayBotInfo info = await rest.GetGatewayBotAsync(ct).ConfigureAwait(false);
                if (info.SessionStartLimit is { Total: > 0, Remaining: <= 0 } limit)
                {
                    TimeSpan wait = TimeSpan.FromMilliseconds(limit.ResetAfter);
                    logger.LogWarning("Discord session start limit reached; waiting {Wait} before identifying", wait);
                    await Task.Delay(wait, time, ct).ConfigureAwait(false);
                }

                return (info.Url, options.ShardCount ?? Math.Max(1, info.Shards), Math.Max(1, info.SessionStartLimit.MaxConcurrency));
            }
            catch (DiscordApiException ex) when (ex.StatusCode is System.Net.HttpStatusCode.Unauthorized or System.Net.HttpStatusCode.Forbidden)
            {
                throw new DiscordGatewayException($"Discord rejected the bot token (HTTP {(int)ex.StatusCode} from GET /gateway/bot). Check Discord:Token (Developer Portal, Bot, Reset Token); not retrying.", ex);
            }
            catch (Exception ex) when (ex is DiscordApiException or HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
            {
                TimeSpan delay = DiscordGatewayClient.ComputeBackoff(failures++, options.ReconnectBaseDelay, options.ReconnectMaxDelay, random());
                logger.LogWarning("GET /gateway/bot failed ({Error}); retrying in {Delay}", ex.Message, delay);
                await Task.Delay(delay, time, ct).ConfigureAwait(false);
            }
        }
    }
}
