using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using QuoteBot.Discord.Api.Json;
using QuoteBot.Discord.Api.Models;

namespace QuoteBot.Discord.Api.Rest;

/// <summary>
/// Discord REST API v10 client: bot authorisation, per-route and global rate limits, 429 and 5xx retries, typed errors.
/// Every message-sending method forces <c>allowed_mentions = {"parse": []}</c> when the caller left it null.
/// Thread-safe; use one instance per bot.
/// </summary>
public sealed class DiscordRestClient
{
    private static readonly HttpMethod Patch = HttpMethod.Patch;
    private readonly HttpClient _http;
    private readonly DiscordClientOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly RateLimiter _limiter;
    private readonly string _baseUrl;
    private readonly string _userAgent;

    public DiscordRestClient(HttpClient http, IOptions<DiscordClientOptions> options, ILogger<DiscordRestClient>? logger = null, TimeProvider? time = null)
    {
        _http = http;
        _options = options.Value;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _time = time ?? TimeProvider.System;
        _limiter = new RateLimiter(_time);
        _baseUrl = (_options.ApiBaseUrl ?? "").TrimEnd('/');
        if (!Uri.TryCreate(_baseUrl, UriKind.Absolute, out Uri? parsed) || (parsed.Scheme != Uri.UriSchemeHttps && parsed.Scheme != Uri.UriSchemeHttp))
        {
            throw new ArgumentException($"Discord:ApiBaseUrl '{_options.ApiBaseUrl}' is not an absolute http(s) URL.", nameof(options));
        }

        _userAgent = $"DiscordBot ({_options.UserAgentUrl}, {_options.UserAgentVersion})";
    }

    internal RateLimiter Limiter => _limiter;

    // ------------------------------------------------------------------ gateway / application

    /// <summary>GET /gateway/bot: the gateway URL, recommended shard count and session start limits.</summary>
    public Task<GatewayBotInfo> GetGatewayBotAsync(CancellationToken ct = default)
        => SendAsync<GatewayBotInfo>(HttpMethod.Get, new Route("GET /gateway/bot", "/gateway/bot", ""), null, ct)!;

    /// <summary>GET /applications/@me: the bot's application (its id is needed for commands and follow-ups).</summary>
    public Task<Application> GetCurrentApplicationAsync(CancellationToken ct = default)
        => SendAsync<Application>(HttpMethod.Get, new Route("GET /applications/@me", "/applications/@me", ""), null, ct)!;

    // ------------------------------------------------------------------ commands

    /// <summary>PUT /applications/{app}/commands: replaces every global command with <paramref name="commands"/>.</summary>
    public Task<IReadOnlyList<ApplicationCommand>> BulkOverwriteGlobalCommandsAsync(ulong applicationId, IEnumerable<ApplicationCommand> commands, CancellationToken ct = default)
    {
        List<ApplicationCommand> list = ValidateCommands(commands);
        return SendListAsync<ApplicationCommand>(
            HttpMethod.Put,
            new Route("PUT /applications/{application_id}/commands", $"/applications/{Id(applicationId)}/commands", ""),
            list,
            ct);
    }

    /// <summary>PUT /applications/{app}/guilds/{guild}/commands: replaces a guild's commands (updates instantly; good for testing).</summary>
    public Task<IReadOnlyList<ApplicationCommand>> BulkOverwriteGuildCommandsAsync(ulong applicationId, ulong guildId, IEnumerable<ApplicationCommand> commands, CancellationToken ct = default)
    {
        List<ApplicationCommand> list = ValidateCommands(commands);
        return SendListAsync<ApplicationCommand>(
            HttpMethod.Put,
            new Route("PUT /applications/{application_id}/guilds/{guild_id}/commands", $"/applications/{Id(applicationId)}/guilds/{Id(guildId)}/commands", "g" + Id(guildId)),
            list,
            ct);
    }

    // ------------------------------------------------------------------ interactions

    /// <summary>
    /// POST /interactions/{id}/{token}/callback. Must happen within 3 seconds of receiving the interaction; use
    /// <see cref="InteractionResponse.Deferred"/> when the answer takes longer, then
    /// <see cref="EditOriginalInteractionResponseAsync(ulong, string, MessageEdit, CancellationToken, IReadOnlyList{FileUpload})"/>.
    /// </summary>
    public async Task CreateInteractionResponseAsync(ulong interactionId, string interactionToken, InteractionResponse response, CancellationToken ct = default, IReadOnlyList<FileUpload>? files = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(interactionToken);
        InteractionResponse prepared = PrepareResponse(response);
        DiscordLimits.Validate(prepared);
        await SendAsync<JsonElement?>(
            HttpMethod.Post,
            new Route("POST /interactions/{interaction_id}/{interaction_token}/callback", $"/interactions/{Id(interactionId)}/{Uri.EscapeDataString(interactionToken)}/callback", "i" + Id(interactionId), RequiresBotToken: false),
            prepared,
            ct,
            files).ConfigureAwait(false);
    }

    /// <summary>Responds to <paramref name="interaction"/> (uses its id and token).</summary>
    public Task CreateInteractionResponseAsync(Interaction interaction, InteractionResponse response, CancellationToken ct = default)
        => CreateInteractionResponseAsync(interaction.Id, interaction.Token, response, ct);

    /// <summary>Edits the original response of <paramref name="interaction"/> (uses its application id and token).</summary>
    public Task<Message> EditOriginalInteractionResponseAsync(Interaction interaction, MessageEdit edit, CancellationToken ct = default)
        => EditOriginalInteractionResponseAsync(interaction.ApplicationId, interaction.Token, edit, ct);

    /// <summary>Sends a follow-up message for <paramref name="interaction"/>.</summary>
    public Task<Message> CreateFollowupMessageAsync(Interaction interaction, MessageCreate message, CancellationToken ct = default)
        => CreateFollowupMessageAsync(interaction.ApplicationId, interaction.Token, message, ct);

    /// <summary>DELETE /webhooks/{app}/{token}/messages/@original.</summary>
    public async Task DeleteOriginalInteractionResponseAsync(ulong applicationId, string interactionToken, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(interactionToken);
        await SendAsync<JsonElement?>(
            HttpMethod.Delete,
            new Route("DELETE /webhooks/{application_id}/{interaction_token}/messages/@original", $"/webhooks/{Id(applicationId)}/{Uri.EscapeDataString(interactionToken)}/messages/@original", WebhookKey(applicationId, interactionToken), RequiresBotToken: false),
            null,
            ct).ConfigureAwait(false);
    }

    /// <summary>PATCH /webhooks/{app}/{token}/messages/@original: sets or edits the (possibly deferred) response.</summary>
    public Task<Message> EditOriginalInteractionResponseAsync(ulong applicationId, string interactionToken, MessageEdit edit, CancellationToken ct = default, IReadOnlyList<FileUpload>? files = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(interactionToken);
        MessageEdit prepared = edit with { AllowedMentions = edit.AllowedMentions ?? AllowedMentions.None };
        DiscordLimits.Validate(prepared);
        return SendAsync<Message>(
            Patch,
            new Route("PATCH /webhooks/{application_id}/{interaction_token}/messages/@original", $"/webhooks/{Id(applicationId)}/{Uri.EscapeDataString(interactionToken)}/messages/@original", WebhookKey(applicationId, interactionToken), RequiresBotToken: false),
            prepared,
            ct,
            files)!;
    }

    /// <summary>POST /webhooks/{app}/{token}: an extra message after the initial response (set Flags = Ephemeral for private ones).</summary>
    public Task<Message> CreateFollowupMessageAsync(ulong applicationId, string interactionToken, MessageCreate message, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(interactionToken);
        MessageCreate prepared = Prepare(message);
        return SendAsync<Message>(
            HttpMethod.Post,
            new Route("POST /webhooks/{application_id}/{interaction_token}", $"/webhooks/{Id(applicationId)}/{Uri.EscapeDataString(interactionToken)}", WebhookKey(applicationId, interactionToken), RequiresBotToken: false),
            prepared,
            ct)!;
    }

    // ------------------------------------------------------------------ channels / guilds

    /// <summary>POST /channels/{id}/messages.</summary>
    public Task<Message> CreateMessageAsync(ulong channelId, MessageCreate message, CancellationToken ct = default)
    {
        MessageCreate prepared = Prepare(message);
        return SendAsync<Message>(
            HttpMethod.Post,
            new Route("POST /channels/{channel_id}/messages", $"/channels/{Id(channelId)}/messages", "c" + Id(channelId)),
            prepared,
            ct)!;
    }

    /// <summary>GET /guilds/{guild}/members/{user}.</summary>
    public Task<GuildMember> GetGuildMemberAsync(ulong guildId, ulong userId, CancellationToken ct = default)
        => SendAsync<GuildMember>(
            HttpMethod.Get,
            new Route("GET /guilds/{guild_id}/members/{user_id}", $"/guilds/{Id(guildId)}/members/{Id(userId)}", "g" + Id(guildId)),
            null,
            ct)!;

    /// <summary>GET /guilds/{guild}/roles.</summary>
    public Task<IReadOnlyList<Role>> GetGuildRolesAsync(ulong guildId, CancellationToken ct = default)
        => SendListAsync<Role>(
            HttpMethod.Get,
            new Route("GET /guilds/{guild_id}/roles", $"/guilds/{Id(guildId)}/roles", "g" + Id(guildId)),
            null,
            ct);

    // ------------------------------------------------------------------ allowed_mentions, centrally

    /// <summary>Fills allowed_mentions for message-bearing callbacks (types 4, 5 and 7).</summary>
    internal static InteractionResponse PrepareResponse(InteractionResponse response)
    {
        if (!response.CarriesMessage)
        {
            return response;
        }

        InteractionCallbackData data = response.Data ?? new InteractionCallbackData();
        return response with { Data = data with { AllowedMentions = data.AllowedMentions ?? AllowedMentions.None } };
    }

    private static MessageCreate Prepare(MessageCreate message)
    {
        MessageCreate prepared = message with { AllowedMentions = message.AllowedMentions ?? AllowedMentions.None };
        DiscordLimits.Validate(prepared);
        return prepared;
    }

    private static List<ApplicationCommand> ValidateCommands(IEnumerable<ApplicationCommand> commands)
    {
        List<ApplicationCommand> list = commands.ToList();
        foreach (ApplicationCommand c in list)
        {
            DiscordLimits.Validate(c);
        }

        return list;
    }

    // ------------------------------------------------------------------ transport

    private static string Id(ulong id) => id.ToString(CultureInfo.InvariantCulture);

    // Webhook routes are limited per webhook id + token; the key stays in memory only.
    private static string WebhookKey(ulong applicationId, string token) => "w" + Id(applicationId) + "/" + token;

    private async Task<IReadOnlyList<T>> SendListAsync<T>(HttpMethod method, Route route, object? body, CancellationToken ct)
        => await SendAsync<List<T>>(method, route, body, ct).ConfigureAwait(false) ?? [];

    private async Task<T?> SendAsync<T>(HttpMethod method, Route route, object? body, CancellationToken ct, IReadOnlyList<FileUpload>? files = null)
    {
        string? token = _options.Token;
        if (route.RequiresBotToken && string.IsNullOrWhiteSpace(token))
        {
            throw new InvalidOperationException("The Discord bot token is not configured (set Discord:Token from the environment or user secrets).");
        }

        string? json = body is null ? null : DiscordJson.SerializeObject(body);
        var uri = new Uri(_baseUrl + route.Path, UriKind.Absolute);
        int serverErrors = 0;
        int rateLimits = 0;

        while (true)
        {
            RateLimiter.Bucket bucket = _limiter.GetBucket(route.Template, route.MajorKey);
            await bucket.Gate.WaitAsync(ct).ConfigureAwait(false);
            try
            {
                // Interaction (webhook-token) routes are not bound by the global limit.
                await _limiter.WaitAsync(bucket, respectGlobal: route.RequiresBotToken, ct).ConfigureAwait(false);

                HttpResponseMessage response;
                try
                {
                    using HttpRequestMessage request = BuildRequest(method, uri, json, token, files);
                    response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, ct).ConfigureAwait(false);
                }
                catch (HttpRequestException ex) when (IsIdempotent(method) && serverErrors < _options.RestMaxServerErrorRetries)
                {
                    serverErrors++;
                    TimeSpan delay = Backoff(serverErrors);
                    _logger.LogWarning("Discord {Route} network error ({Error}); retry {Attempt} in {Delay}", route.Template, ex.Message, serverErrors, delay);
                    await Task.Delay(delay, _time, ct).ConfigureAwait(false);
                    continue;
                }

                using (response)
                {
                    _limiter.Update(route.Template, route.MajorKey, bucket, response.Headers);
                    string text = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);

                    if (response.StatusCode == HttpStatusCode.TooManyRequests)
                    {
                        (TimeSpan retryAfter, bool global) = ParseRateLimit(response, text);
                        _limiter.OnRateLimited(bucket, retryAfter, global && route.RequiresBotToken);
                        rateLimits++;
                        if (rateLimits > _options.RestMaxRateLimitRetries)
                        {
                            throw CreateError(response.StatusCode, text, route);
                        }

                        _logger.LogWarning("Discord {Route} rate limited ({Scope}); retrying after {RetryAfter}", route.Template, global ? "global" : "route", retryAfter);
                        continue; // the wait happens in WaitAsync on the next turn
                    }

                    if ((int)response.StatusCode >= 500 && serverErrors < _options.RestMaxServerErrorRetries)
                    {
                        serverErrors++;
                        TimeSpan delay = Backoff(serverErrors);
                        _logger.LogWarning("Discord {Route} returned {Status}; retry {Attempt} in {Delay}", route.Template, (int)response.StatusCode, serverErrors, delay);
                        await Task.Delay(delay, _time, ct).ConfigureAwait(false);
                        continue;
                    }

                    if (!response.IsSuccessStatusCode)
                    {
                        throw CreateError(response.StatusCode, text, route);
                    }

                    if (string.IsNullOrWhiteSpace(text) || response.StatusCode == HttpStatusCode.NoContent)
                    {
                        return default;
                    }

                    try
                    {
                        return DiscordJson.Deserialize<T>(text);
                    }
                    catch (JsonException ex)
                    {
                        throw new DiscordApiException($"Discord API {route.Template} returned a body this client could not read: {ex.Message}", ex);
                    }
                }
            }
            finally
            {
                bucket.Gate.Release();
            }
        }
    }

    private HttpRequestMessage BuildRequest(HttpMethod method, Uri uri, string? json, string? token, IReadOnlyList<FileUpload>? files = null)
    {
        var request = new HttpRequestMessage(method, uri);
        if (!string.IsNullOrWhiteSpace(token))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bot", token);
        }

        request.Headers.TryAddWithoutValidation("User-Agent", _userAgent);
        if (files is { Count: > 0 })
        {
            // Uploads: the JSON goes in "payload_json", each file in "files[n]" (Discord's multipart form).
            var form = new MultipartFormDataContent();
            form.Add(new StringContent(json ?? "{}", Encoding.UTF8, "application/json"), "payload_json");
            for (int i = 0; i < files.Count; i++)
            {
                var part = new ByteArrayContent(files[i].Content);
                part.Headers.ContentType = new MediaTypeHeaderValue(files[i].ContentType);
                form.Add(part, $"files[{i.ToString(System.Globalization.CultureInfo.InvariantCulture)}]", files[i].FileName);
            }

            request.Content = form;
        }
        else if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        return request;
    }

    private static bool IsIdempotent(HttpMethod method) =>
        method == HttpMethod.Get || method == HttpMethod.Put || method == HttpMethod.Delete || method == HttpMethod.Patch;

    private TimeSpan Backoff(int attempt)
    {
        double ms = _options.RestRetryBaseDelay.TotalMilliseconds * Math.Pow(2, attempt - 1);
        return TimeSpan.FromMilliseconds(Math.Min(ms, _options.RestRetryMaxDelay.TotalMilliseconds));
    }

    private static (TimeSpan RetryAfter, bool Global) ParseRateLimit(HttpResponseMessage response, string body)
    {
        double? seconds = null;
        bool global = response.Headers.TryGetValues("X-RateLimit-Global", out IEnumerable<string>? g)
            && g.Any(v => v.Equals("true", StringComparison.OrdinalIgnoreCase));
        try
        {
            using JsonDocument doc = JsonDocument.Parse(body);
            if (doc.RootElement.ValueKind == JsonValueKind.Object)
            {
                if (doc.RootElement.TryGetProperty("retry_after", out JsonElement ra) && ra.ValueKind == JsonValueKind.Number)
                {
                    seconds = ra.GetDouble();
                }

                if (doc.RootElement.TryGetProperty("global", out JsonElement gl) && gl.ValueKind == JsonValueKind.True)
                {
                    global = true;
                }
            }
        }
        catch (JsonException)
        {
            // Cloudflare-level 429s may be HTML; fall back to headers.
        }

        seconds ??= response.Headers.RetryAfter?.Delta?.TotalSeconds
            ?? RateLimiter.ParseSeconds(response.Headers.TryGetValues("X-RateLimit-Reset-After", out IEnumerable<string>? r) ? r.FirstOrDefault() : null)
            ?? 1;
        return (TimeSpan.FromSeconds(Math.Clamp(seconds.Value, 0, 3600)), global);
    }

    private static DiscordApiException CreateError(HttpStatusCode status, string body, Route route)
    {
        int? code = null;
        string message = status.ToString();
        string? errors = null;
        try
        {
            using JsonDocument doc = JsonDocument.Parse(body);
            JsonElement root = doc.RootElement;
            if (root.ValueKind == JsonValueKind.Object)
            {
                if (root.TryGetProperty("code", out JsonElement c) && c.ValueKind == JsonValueKind.Number && c.TryGetInt32(out int n))
                {
                    code = n;
                }

                if (root.TryGetProperty("message", out JsonElement m) && m.ValueKind == JsonValueKind.String)
                {
                    message = m.GetString() ?? message;
                }

                if (root.TryGetProperty("errors", out JsonElement e))
                {
                    errors = e.GetRawText();
                }
            }
        }
        catch (JsonException)
        {
            if (!string.IsNullOrWhiteSpace(body))
            {
                message = body.Length > 200 ? body[..200] : body;
            }
        }

        return new DiscordApiException(status, code, message, route.Template, errors);
    }

    private readonly record struct Route(string Template, string Path, string MajorKey, bool RequiresBotToken = true);
}
