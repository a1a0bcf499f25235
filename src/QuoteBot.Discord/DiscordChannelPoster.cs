using System.Globalization;
using System.Net;
using Microsoft.Extensions.Logging;
using QuoteBot.Core.Commands;
using QuoteBot.Core.Daily;
using QuoteBot.Discord.Api.Rest;

namespace QuoteBot.Discord;

/// <summary>Posts a rendered reply to a Discord channel without a user message to answer (daily posts). Keys are "dc:&lt;channel id&gt;".</summary>
public sealed class DiscordChannelPoster(DiscordRestClient rest, DiscordRenderer renderer, ILogger<DiscordChannelPoster> logger) : IChannelPoster
{
    public const string PlatformKey = "dc";

    /// <summary>Discord error codes that will not heal by retrying: Missing Access, Missing Permissions, Unknown Channel.</summary>
    private static readonly HashSet<int> PermanentCodes = [50001, 50013, 10003];

    public string Platform => PlatformKey;

    /// <summary>"dc:&lt;channel id&gt;" for a channel.</summary>
    public static string ConversationKey(ulong channelId) => PlatformKey + ":" + channelId.ToString(CultureInfo.InvariantCulture);

    public async Task<PostOutcome> PostAsync(string conversationKey, Reply reply, CancellationToken ct)
    {
        if (!TryParseKey(conversationKey, out var channelId))
        {
            logger.LogWarning("Not a Discord channel key: {Key}", conversationKey);
            return PostOutcome.PermanentFailure;
        }

        try
        {
            await rest.CreateMessageAsync(channelId, renderer.Render(reply).ToMessageCreate(), ct);
            return PostOutcome.Sent;
        }
        catch (DiscordApiException ex)
        {
            var outcome = Classify(ex);
            logger.LogWarning("Posting to Discord channel {Channel} failed ({Outcome}): {Error}", channelId, outcome, ex.Message);
            return outcome;
        }
        catch (HttpRequestException ex)
        {
            logger.LogWarning("Posting to Discord channel {Channel} failed: {Error}", channelId, ex.Message);
            return PostOutcome.TransientFailure;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return PostOutcome.TransientFailure; // HTTP timeout
        }
    }

    /// <summary>403/404 and Missing Access/Permissions/Unknown Channel are permanent; 429 and 5xx are transient.</summary>
    public static PostOutcome Classify(DiscordApiException ex)
    {
        var status = (int)ex.StatusCode;
        if (ex.Code is { } code && PermanentCodes.Contains(code))
        {
            return PostOutcome.PermanentFailure;
        }

        if (ex.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound)
        {
            return PostOutcome.PermanentFailure;
        }

        if (ex.StatusCode == HttpStatusCode.TooManyRequests || status >= 500 || status == 0)
        {
            return PostOutcome.TransientFailure;
        }

        // 401 means the bot's own token is wrong, which is no fault of this channel.
        return ex.StatusCode == HttpStatusCode.Unauthorized ? PostOutcome.TransientFailure : PostOutcome.PermanentFailure;
    }

    public static bool TryParseKey(string? key, out ulong channelId)
    {
        channelId = 0;
        return key is not null
            && key.StartsWith(PlatformKey + ":", StringComparison.Ordinal)
            && ulong.TryParse(key.AsSpan(PlatformKey.Length + 1), NumberStyles.None, CultureInfo.InvariantCulture, out channelId)
            && channelId > 0;
    }
}
