using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using QuoteBot.Discord.Api.Models;
using QuoteBot.Discord.Api.Rest;
using QuoteBot.Discord.Api.Tests.Fakes;
using static QuoteBot.Discord.Api.Tests.TestSupport;

namespace QuoteBot.Discord.Api.Tests;

public sealed class RestClientTests : IAsyncLifetime
{
    private const string InteractionToken = "aW50ZXJhY3Rpb24tdG9rZW4tc2VjcmV0";
    private FakeDiscord _fake = null!;
    private DiscordRestClient _rest = null!;
    private readonly ListLogger _logger = new();

    public async Task InitializeAsync()
    {
        _fake = await FakeDiscord.StartAsync();
        _rest = CreateRest(Options(_fake), _logger);
    }

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    private static JsonNode EmptyParse => new JsonObject { ["parse"] = new JsonArray() };

    [Fact]
    public async Task GetGatewayBot_Always_SendsBotAuthorizationAndUserAgent()
    {
        _fake.Rest.RecommendedShards = 4;
        _fake.Rest.MaxConcurrency = 16;

        GatewayBotInfo info = await _rest.GetGatewayBotAsync();

        Assert.Equal(_fake.GatewayUrl, info.Url);
        Assert.Equal(4, info.Shards);
        Assert.Equal(16, info.SessionStartLimit.MaxConcurrency);
        RecordedRequest request = Assert.Single(_fake.Rest.Requests);
        Assert.Equal("Bot " + BotToken, request.Authorization);
        Assert.StartsWith("DiscordBot (", request.UserAgent, StringComparison.Ordinal);
        Assert.EndsWith(", 1.0)", request.UserAgent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetCurrentApplication_Always_ReturnsId()
    {
        Application app = await _rest.GetCurrentApplicationAsync();

        Assert.Equal(777UL, app.Id);
        Assert.Equal("Test App", app.Name);
    }

    [Fact]
    public async Task AnyBotRoute_NoToken_ThrowsClearErrorWithoutSending()
    {
        DiscordRestClient rest = CreateRest(Options(_fake, o => o.Token = null));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => rest.GetGatewayBotAsync());

        Assert.Contains("token is not configured", error.Message, StringComparison.Ordinal);
        Assert.Empty(_fake.Rest.Requests);
    }

    // ---------------------------------------------------------------- allowed_mentions on every send path

    [Fact]
    public async Task CreateMessage_NoAllowedMentions_SendsEmptyParse()
    {
        Message sent = await _rest.CreateMessageAsync(55, new MessageCreate { Content = "hello @everyone <@123>" });

        RecordedRequest request = _fake.Rest.RequestsTo("POST", "/channels/55/messages").Single();
        Assert.True(JsonNode.DeepEquals(EmptyParse, request.Json!["allowed_mentions"]));
        Assert.Equal("hello @everyone <@123>", request.Json!["content"]!.GetValue<string>());
        Assert.Equal(55UL, sent.ChannelId);
        Assert.Equal("hello @everyone <@123>", sent.Content);
    }

    [Fact]
    public async Task CreateMessage_ExplicitAllowedMentions_SentAsGiven()
    {
        await _rest.CreateMessageAsync(55, new MessageCreate { Content = "hi <@123>", AllowedMentions = new AllowedMentions { Users = [123UL] } });

        JsonNode mentions = _fake.Rest.Requests.Single().Json!["allowed_mentions"]!;
        Assert.Equal("""{"parse":[],"users":["123"]}""", mentions.ToJsonString());
    }

    [Theory]
    [InlineData(InteractionCallbackType.ChannelMessageWithSource)]
    [InlineData(InteractionCallbackType.UpdateMessage)]
    public async Task CreateInteractionResponse_MessageTypes_ForceAllowedMentions(InteractionCallbackType type)
    {
        var response = new InteractionResponse { Type = type, Data = new InteractionCallbackData { Content = "<@&42> look" } };

        await _rest.CreateInteractionResponseAsync(900, InteractionToken, response);

        RecordedRequest request = _fake.Rest.RequestsTo("POST", $"/interactions/900/{InteractionToken}/callback").Single();
        Assert.Equal((int)type, request.Json!["type"]!.GetValue<int>());
        Assert.True(JsonNode.DeepEquals(EmptyParse, request.Json!["data"]!["allowed_mentions"]));
        Assert.Equal("<@&42> look", request.Json!["data"]!["content"]!.GetValue<string>());
    }

    [Fact]
    public async Task CreateInteractionResponse_EphemeralMessage_SendsFlags64()
    {
        await _rest.CreateInteractionResponseAsync(900, InteractionToken, InteractionResponse.Message("secret", ephemeral: true));

        JsonNode body = _fake.Rest.Requests.Single().Json!;
        Assert.Equal(4, body["type"]!.GetValue<int>());
        Assert.Equal(64, body["data"]!["flags"]!.GetValue<int>());
        Assert.True(JsonNode.DeepEquals(EmptyParse, body["data"]!["allowed_mentions"]));
    }

    [Fact]
    public async Task CreateInteractionResponse_Deferred_SendsType5WithAllowedMentions()
    {
        await _rest.CreateInteractionResponseAsync(900, InteractionToken, InteractionResponse.Deferred(ephemeral: true));

        JsonNode body = _fake.Rest.Requests.Single().Json!;
        Assert.Equal(5, body["type"]!.GetValue<int>());
        Assert.Equal(64, body["data"]!["flags"]!.GetValue<int>());
        Assert.True(JsonNode.DeepEquals(EmptyParse, body["data"]!["allowed_mentions"]));
        Assert.Null(_fake.Rest.Requests.Single().Authorization is { Length: > 0 } a && a.Contains(InteractionToken, StringComparison.Ordinal) ? a : null);
    }

    [Fact]
    public async Task CreateInteractionResponse_DeferredUpdate_SendsType6WithoutData()
    {
        await _rest.CreateInteractionResponseAsync(900, InteractionToken, InteractionResponse.DeferredUpdate());

        Assert.Equal("""{"type":6}""", _fake.Rest.Requests.Single().Body);
    }

    [Fact]
    public async Task CreateInteractionResponse_Autocomplete_SendsType8Choices()
    {
        await _rest.CreateInteractionResponseAsync(900, InteractionToken, InteractionResponse.Autocomplete(
            [new ApplicationCommandOptionChoice("Ada Lovelace", "ada"), new ApplicationCommandOptionChoice("Two", 2)]));

        JsonNode body = _fake.Rest.Requests.Single().Json!;
        Assert.Equal(8, body["type"]!.GetValue<int>());
        Assert.Equal("""[{"name":"Ada Lovelace","value":"ada"},{"name":"Two","value":2}]""", body["data"]!["choices"]!.ToJsonString());
    }

    [Fact]
    public async Task CreateInteractionResponse_Modal_SendsType9WithTextInputs()
    {
        InteractionResponse modal = InteractionResponse.Modal(
            "report:123",
            "Report a quote",
            Component.ActionRow(Component.TextInput("reason", "Why?", TextInputStyle.Paragraph, maxLength: 500)));

        await _rest.CreateInteractionResponseAsync(900, InteractionToken, modal);

        JsonNode body = _fake.Rest.Requests.Single().Json!;
        Assert.Equal(9, body["type"]!.GetValue<int>());
        Assert.Equal("report:123", body["data"]!["custom_id"]!.GetValue<string>());
        Assert.Equal("Report a quote", body["data"]!["title"]!.GetValue<string>());
        JsonNode input = body["data"]!["components"]![0]!["components"]![0]!;
        Assert.Equal(4, input["type"]!.GetValue<int>());
        Assert.Equal(2, input["style"]!.GetValue<int>());
        Assert.Equal(500, input["max_length"]!.GetValue<int>());
    }

    [Fact]
    public async Task EditOriginalInteractionResponse_NoAllowedMentions_PatchesOriginalWithEmptyParse()
    {
        var edit = new MessageEdit
        {
            Embeds = [new Embed { Title = "Quote", Description = "\"Words\" — someone", Footer = new EmbedFooter { Text = "source" } }],
            Components = [Component.ActionRow(Component.Button(ButtonStyle.Secondary, "Another", "again:1"), Component.LinkButton("Source", "https://example.org/a"))],
        };

        Message message = await _rest.EditOriginalInteractionResponseAsync(777, InteractionToken, edit);

        RecordedRequest request = _fake.Rest.RequestsTo("PATCH", $"/webhooks/777/{InteractionToken}/messages/@original").Single();
        Assert.True(JsonNode.DeepEquals(EmptyParse, request.Json!["allowed_mentions"]));
        Assert.Equal("Quote", request.Json!["embeds"]![0]!["title"]!.GetValue<string>());
        JsonNode link = request.Json!["components"]![0]!["components"]![1]!;
        Assert.Equal(5, link["style"]!.GetValue<int>());
        Assert.Equal("https://example.org/a", link["url"]!.GetValue<string>());
        Assert.Null(link["custom_id"]);
        Assert.NotEqual(0UL, message.Id);
    }

    [Fact]
    public async Task CreateFollowupMessage_NoAllowedMentions_PostsWebhookWithEmptyParse()
    {
        await _rest.CreateFollowupMessageAsync(777, InteractionToken, new MessageCreate { Content = "more", Flags = MessageFlags.Ephemeral });

        RecordedRequest request = _fake.Rest.RequestsTo("POST", $"/webhooks/777/{InteractionToken}").Single();
        Assert.True(JsonNode.DeepEquals(EmptyParse, request.Json!["allowed_mentions"]));
        Assert.Equal(64, request.Json!["flags"]!.GetValue<int>());
    }

    // ---------------------------------------------------------------- commands / guilds

    [Fact]
    public async Task BulkOverwriteGlobalCommands_SlashAndMessageCommand_PutsDefinitions()
    {
        ApplicationCommand[] commands =
        [
            new()
            {
                Name = "quote",
                Description = "Find a quote",
                Contexts = [InteractionContextType.Guild, InteractionContextType.BotDm],
                Options =
                [
                    new() { Type = ApplicationCommandOptionType.SubCommand, Name = "search", Description = "Search", Options =
                        [new() { Type = ApplicationCommandOptionType.String, Name = "text", Description = "Words", Required = true, Autocomplete = true }] },
                    new() { Type = ApplicationCommandOptionType.SubCommand, Name = "random", Description = "Any quote" },
                ],
            },
            new()
            {
                Name = "quoteadmin",
                Description = "Admin",
                DefaultMemberPermissions = PermissionSet.Format(DiscordPermissions.ManageGuild),
                DmPermission = false,
            },
            new() { Type = ApplicationCommandType.Message, Name = "Find quotes in message" },
        ];

        IReadOnlyList<ApplicationCommand> saved = await _rest.BulkOverwriteGlobalCommandsAsync(777, commands);

        RecordedRequest request = _fake.Rest.RequestsTo("PUT", "/applications/777/commands").Single();
        JsonArray sent = request.Json!.AsArray();
        Assert.Equal(3, sent.Count);
        Assert.Equal("[0,1]", sent[0]!["contexts"]!.ToJsonString());
        Assert.True(sent[0]!["options"]![0]!["options"]![0]!["autocomplete"]!.GetValue<bool>());
        Assert.Equal("32", sent[1]!["default_member_permissions"]!.GetValue<string>());
        Assert.False(sent[1]!["dm_permission"]!.GetValue<bool>());
        Assert.Equal(3, sent[2]!["type"]!.GetValue<int>());
        Assert.Null(sent[2]!["description"]);
        Assert.Null(sent[0]!["id"]);
        Assert.Equal(3, saved.Count);
        Assert.All(saved, c => Assert.NotNull(c.Id));
        Assert.Equal(777UL, saved[0].ApplicationId);
    }

    [Fact]
    public async Task BulkOverwriteGuildCommands_Always_PutsToGuildRoute()
    {
        await _rest.BulkOverwriteGuildCommandsAsync(777, 100, [new ApplicationCommand { Name = "quote", Description = "Find a quote" }]);

        Assert.Single(_fake.Rest.RequestsTo("PUT", "/applications/777/guilds/100/commands"));
    }

    [Fact]
    public async Task BulkOverwriteGlobalCommands_InvalidDefinition_ThrowsBeforeSending()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => _rest.BulkOverwriteGlobalCommandsAsync(777, [new ApplicationCommand { Name = "Quote", Description = "Upper case" }]));
        await Assert.ThrowsAsync<ArgumentException>(() => _rest.BulkOverwriteGlobalCommandsAsync(777, [new ApplicationCommand { Name = "quote" }]));
        await Assert.ThrowsAsync<ArgumentException>(() => _rest.BulkOverwriteGlobalCommandsAsync(777, [new ApplicationCommand { Type = ApplicationCommandType.Message, Name = "Find", Description = "not allowed" }]));

        Assert.Empty(_fake.Rest.Requests);
    }

    [Fact]
    public async Task GetGuildMemberAndRoles_Always_ParseSnowflakesAndPermissions()
    {
        GuildMember member = await _rest.GetGuildMemberAsync(100, 300);
        IReadOnlyList<Role> roles = await _rest.GetGuildRolesAsync(100);

        Assert.Equal(300UL, member.User!.Id);
        Assert.Equal([11UL, 12UL], member.Roles);
        Assert.Equal(2, roles.Count);
        Assert.True(PermissionSet.Has(roles[1].Permissions, DiscordPermissions.ManageGuild)); // Administrator implies all
        Assert.True(PermissionSet.Has(roles[0].Permissions, DiscordPermissions.ManageMessages));
        Assert.False(PermissionSet.Has(roles[0].Permissions, DiscordPermissions.ManageGuild));
    }

    // ---------------------------------------------------------------- limits before sending

    [Fact]
    public async Task CreateMessage_ContentOver2000_ThrowsBeforeSending()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => _rest.CreateMessageAsync(55, new MessageCreate { Content = new string('x', 2001) }));

        Assert.Contains("2000", error.Message, StringComparison.Ordinal);
        Assert.Empty(_fake.Rest.Requests);
    }

    [Fact]
    public async Task CreateInteractionResponse_CustomIdOver100_ThrowsBeforeSending()
    {
        var data = new InteractionCallbackData
        {
            Content = "x",
            Components = [Component.ActionRow(Component.Button(ButtonStyle.Primary, "Go", new string('c', 101)))],
        };

        await Assert.ThrowsAsync<ArgumentException>(() => _rest.CreateInteractionResponseAsync(1, InteractionToken, InteractionResponse.Message(data)));

        Assert.Empty(_fake.Rest.Requests);
    }

    // ---------------------------------------------------------------- rate limits and retries

    [Fact]
    public async Task Request_429WithRetryAfter_WaitsThenSucceeds()
    {
        _fake.Rest.Enqueue("POST", "/channels/55/messages", 429, FakeRest.RateLimitBody(0.3), new Dictionary<string, string>
        {
            ["X-RateLimit-Bucket"] = "abc",
            ["X-RateLimit-Remaining"] = "0",
            ["X-RateLimit-Reset-After"] = "0.3",
            ["X-RateLimit-Scope"] = "user",
        });
        var watch = Stopwatch.StartNew();

        Message message = await _rest.CreateMessageAsync(55, new MessageCreate { Content = "after the wait" });

        IReadOnlyList<RecordedRequest> requests = _fake.Rest.RequestsTo("POST", "/channels/55/messages");
        Assert.Equal(2, requests.Count);
        Assert.True(requests[1].At - requests[0].At >= TimeSpan.FromMilliseconds(250), $"retried after {(requests[1].At - requests[0].At).TotalMilliseconds} ms");
        Assert.Equal("after the wait", message.Content);
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(250));
    }

    [Fact]
    public async Task Request_Global429_OtherRoutesWaitToo()
    {
        _fake.Rest.Enqueue("POST", "/channels/1/messages", 429, FakeRest.RateLimitBody(0.4, global: true), new Dictionary<string, string> { ["X-RateLimit-Global"] = "true" });

        Task<Message> first = _rest.CreateMessageAsync(1, new MessageCreate { Content = "a" });
        // once the client has read the global 429, every route must hold back
        await WaitUntilAsync(() => _logger.Lines.Any(l => l.Contains("rate limited (global)", StringComparison.Ordinal)), "global 429 seen");
        await _rest.CreateMessageAsync(2, new MessageCreate { Content = "b" });
        await first;

        RecordedRequest limited = _fake.Rest.Requests[0];
        RecordedRequest other = _fake.Rest.RequestsTo("POST", "/channels/2/messages").Single();
        Assert.True(other.At - limited.At >= TimeSpan.FromMilliseconds(350), $"other route went after {(other.At - limited.At).TotalMilliseconds} ms");
    }

    [Fact]
    public async Task InteractionCallback_DuringGlobalLimit_IsNotDelayed()
    {
        _fake.Rest.Enqueue("POST", "/channels/1/messages", 429, FakeRest.RateLimitBody(300, global: true), new Dictionary<string, string> { ["X-RateLimit-Global"] = "true" });
        _ = _rest.CreateMessageAsync(1, new MessageCreate { Content = "a" });
        await WaitUntilAsync(() => _logger.Lines.Any(l => l.Contains("rate limited (global)", StringComparison.Ordinal)), "global 429 seen");

        // interaction endpoints are exempt from the global limit: this must not wait 300 s (2 minutes: a guard that a
        // busy machine never meets)
        await _rest.CreateInteractionResponseAsync(900, InteractionToken, InteractionResponse.Message("hi")).WithTimeout(120_000);

        Assert.Single(_fake.Rest.RequestsTo("POST", $"/interactions/900/{InteractionToken}/callback"));
    }

    [Fact]
    public async Task InteractionOverloads_UseInteractionIdsAndToken()
    {
        var interaction = new Interaction { Id = 901, ApplicationId = 778, Token = InteractionToken };

        await _rest.CreateInteractionResponseAsync(interaction, InteractionResponse.Deferred());
        await _rest.EditOriginalInteractionResponseAsync(interaction, new MessageEdit { Content = "done" });
        await _rest.CreateFollowupMessageAsync(interaction, new MessageCreate { Content = "more" });

        Assert.Single(_fake.Rest.RequestsTo("POST", $"/interactions/901/{InteractionToken}/callback"));
        Assert.Single(_fake.Rest.RequestsTo("PATCH", $"/webhooks/778/{InteractionToken}/messages/@original"));
        Assert.Single(_fake.Rest.RequestsTo("POST", $"/webhooks/778/{InteractionToken}"));
    }

    [Fact]
    public async Task DeleteOriginalInteractionResponse_Always_SendsDelete()
    {
        await _rest.DeleteOriginalInteractionResponseAsync(777, InteractionToken);

        Assert.Single(_fake.Rest.RequestsTo("DELETE", $"/webhooks/777/{InteractionToken}/messages/@original"));
    }

    [Fact]
    public void Constructor_BadApiBaseUrl_ThrowsClearError()
    {
        var error = Assert.Throws<ArgumentException>(() => CreateRest(Options(_fake, o => o.ApiBaseUrl = "discord.com/api")));

        Assert.Contains("ApiBaseUrl", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Request_BucketExhausted_NextRequestWaitsForReset()
    {
        var headers = new Dictionary<string, string>
        {
            ["X-RateLimit-Bucket"] = "bucket-1",
            ["X-RateLimit-Limit"] = "5",
            ["X-RateLimit-Remaining"] = "0",
            ["X-RateLimit-Reset-After"] = "0.4",
        };
        _fake.Rest.Enqueue("POST", "/channels/9/messages", 200, """{"id":"1","channel_id":"9","content":"a"}""", headers);

        await _rest.CreateMessageAsync(9, new MessageCreate { Content = "a" });
        await _rest.CreateMessageAsync(9, new MessageCreate { Content = "b" });

        IReadOnlyList<RecordedRequest> requests = _fake.Rest.RequestsTo("POST", "/channels/9/messages");
        Assert.Equal(2, requests.Count);
        Assert.True(requests[1].At - requests[0].At >= TimeSpan.FromMilliseconds(350), $"second went after {(requests[1].At - requests[0].At).TotalMilliseconds} ms");
    }

    [Fact]
    public async Task Request_BucketExhaustedForOneChannel_OtherChannelNotDelayed()
    {
        var headers = new Dictionary<string, string>
        {
            ["X-RateLimit-Bucket"] = "bucket-1",
            ["X-RateLimit-Remaining"] = "0",
            ["X-RateLimit-Reset-After"] = "30",
        };
        _fake.Rest.Enqueue("POST", "/channels/9/messages", 200, """{"id":"1","channel_id":"9","content":"a"}""", headers);
        await _rest.CreateMessageAsync(9, new MessageCreate { Content = "a" });

        // a different major parameter (channel) is a different bucket: this must not wait 30 s
        await _rest.CreateMessageAsync(10, new MessageCreate { Content = "b" }).WithTimeout(5000);

        Assert.Single(_fake.Rest.RequestsTo("POST", "/channels/10/messages"));
    }

    [Fact]
    public async Task InteractionAnswer_WhileAPostWaitsForItsChannelBucket_IsNotDelayed()
    {
        var headers = new Dictionary<string, string>
        {
            ["X-RateLimit-Bucket"] = "bucket-1",
            ["X-RateLimit-Remaining"] = "0",
            ["X-RateLimit-Reset-After"] = "30",
        };
        _fake.Rest.Enqueue("POST", "/channels/9/messages", 200, """{"id":"1","channel_id":"9","content":"a"}""", headers);
        await _rest.CreateMessageAsync(9, new MessageCreate { Content = "a" });

        // A daily post to the same channel now waits 30 s for the bucket; a user's interaction there goes on.
        Task<Message> waiting = _rest.CreateMessageAsync(9, new MessageCreate { Content = "daily" });
        await _rest.CreateInteractionResponseAsync(902, InteractionToken, InteractionResponse.Message("answer")).WithTimeout(5000);

        Assert.False(waiting.IsCompleted);
        Assert.Single(_fake.Rest.RequestsTo("POST", "/channels/9/messages"));
        Assert.Single(_fake.Rest.RequestsTo("POST", $"/interactions/902/{InteractionToken}/callback"));
    }

    [Fact]
    public async Task Request_5xxTwice_RetriedThenSucceeds()
    {
        _fake.Rest.Enqueue("GET", "/applications/@me", 502, "bad gateway");
        _fake.Rest.Enqueue("GET", "/applications/@me", 500, """{"message":"oops","code":0}""");

        Application app = await _rest.GetCurrentApplicationAsync();

        Assert.Equal(777UL, app.Id);
        Assert.Equal(3, _fake.Rest.RequestsTo("GET", "/applications/@me").Count);
    }

    [Fact]
    public async Task Request_5xxPersists_ThrowsAfterCappedRetries()
    {
        for (int i = 0; i < 10; i++)
        {
            _fake.Rest.Enqueue("GET", "/applications/@me", 503, """{"message":"unavailable","code":0}""");
        }

        var error = await Assert.ThrowsAsync<DiscordApiException>(() => _rest.GetCurrentApplicationAsync());

        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.StatusCode);
        Assert.Equal(4, _fake.Rest.RequestsTo("GET", "/applications/@me").Count); // 1 + 3 retries
    }

    [Fact]
    public async Task Request_ErrorJson_ThrowsDiscordApiExceptionWithCodeAndMessage()
    {
        _fake.Rest.Enqueue("POST", "/channels/55/messages", 400,
            """{"code": 50035, "message": "Invalid Form Body", "errors": {"content": {"_errors": [{"code": "BASE_TYPE_MAX_LENGTH", "message": "Too long"}]}}}""");

        var error = await Assert.ThrowsAsync<DiscordApiException>(() => _rest.CreateMessageAsync(55, new MessageCreate { Content = "x" }));

        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Equal(50035, error.Code);
        Assert.Equal("Invalid Form Body", error.DiscordMessage);
        Assert.Contains("BASE_TYPE_MAX_LENGTH", error.ErrorsJson, StringComparison.Ordinal);
        Assert.Equal("POST /channels/{channel_id}/messages", error.Route);
        Assert.Single(_fake.Rest.Requests); // 4xx is not retried
    }

    [Fact]
    public async Task InteractionCallback_UnknownInteraction_ErrorDoesNotLeakToken()
    {
        _fake.Rest.Enqueue("POST", $"/interactions/900/{InteractionToken}/callback", 404, """{"message": "Unknown interaction", "code": 10062}""");

        var error = await Assert.ThrowsAsync<DiscordApiException>(() => _rest.CreateInteractionResponseAsync(900, InteractionToken, InteractionResponse.Message("hi")));

        Assert.Equal(10062, error.Code);
        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
        Assert.DoesNotContain(InteractionToken, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Request_429Forever_GivesUpWithDiscordApiException()
    {
        for (int i = 0; i < 10; i++)
        {
            _fake.Rest.Enqueue("GET", "/applications/@me", 429, FakeRest.RateLimitBody(0.01));
        }

        var error = await Assert.ThrowsAsync<DiscordApiException>(() => _rest.GetCurrentApplicationAsync());

        Assert.Equal(HttpStatusCode.TooManyRequests, error.StatusCode);
        Assert.Equal(6, _fake.Rest.Requests.Count); // 1 + 5 accepted 429s
    }

    [Fact]
    public async Task Logs_RetriesAndErrors_NeverContainTokens()
    {
        _fake.Rest.Enqueue("PATCH", $"/webhooks/777/{InteractionToken}/messages/@original", 429, FakeRest.RateLimitBody(0.01));
        _fake.Rest.Enqueue("PATCH", $"/webhooks/777/{InteractionToken}/messages/@original", 502, "bad gateway");

        await _rest.EditOriginalInteractionResponseAsync(777, InteractionToken, new MessageEdit { Content = "done" });

        Assert.Equal(3, _fake.Rest.Requests.Count);
        Assert.NotEmpty(_logger.Lines);
        Assert.DoesNotContain(_logger.Lines, l => l.Contains(InteractionToken, StringComparison.Ordinal) || l.Contains(BotToken, StringComparison.Ordinal));
    }
}
