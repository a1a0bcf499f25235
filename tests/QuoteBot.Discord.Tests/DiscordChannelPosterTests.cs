using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using QuoteBot.Core.Commands;
using QuoteBot.Core.Daily;
using QuoteBot.Core.Model;
using QuoteBot.Discord.Api;
using QuoteBot.Discord.Api.Rest;
using QuoteBot.Discord.Api.Tests.Fakes;

namespace QuoteBot.Discord.Tests;

public sealed class DiscordChannelPosterTests : IAsyncLifetime
{
    private FakeDiscord _fake = null!;
    private DiscordChannelPoster _poster = null!;

    private static readonly Reply Card = new QuoteCardReply(
        new NewQuote { Text = "@everyone the ferry runs at nine <@123>", Speaker = "Ivo Brandt", AddedAt = DateTimeOffset.UnixEpoch }.ToQuote(7));

    public async Task InitializeAsync()
    {
        _fake = await FakeDiscord.StartAsync();
        var options = new DiscordClientOptions
        {
            Token = "FAKE.TOKEN",
            ApiBaseUrl = _fake.ApiBaseUrl,
            RestMaxServerErrorRetries = 0,
            RestMaxRateLimitRetries = 0,
        };
        var rest = new DiscordRestClient(new HttpClient(), Options.Create(options));
        _poster = new DiscordChannelPoster(rest, new DiscordRenderer(), NullLogger<DiscordChannelPoster>.Instance);
    }

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    [Fact]
    public async Task PostAsync_Ok_SendsRenderedCardWithoutPings()
    {
        Assert.Equal(PostOutcome.Sent, await _poster.PostAsync("dc:200", Card, CancellationToken.None));

        var sent = Assert.Single(_fake.Rest.RequestsTo("POST", "/channels/200/messages")).Json!;
        Assert.Contains("the ferry runs at nine", sent["embeds"]![0]!["description"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(sent["allowed_mentions"]!["parse"]!.AsArray());
        Assert.Null(sent["flags"]);
        Assert.Equal("dc", _poster.Platform);
    }

    [Theory]
    [InlineData(403, 50013, PostOutcome.PermanentFailure)]
    [InlineData(403, 50001, PostOutcome.PermanentFailure)]
    [InlineData(404, 10003, PostOutcome.PermanentFailure)]
    [InlineData(400, 50013, PostOutcome.PermanentFailure)]
    [InlineData(404, 0, PostOutcome.PermanentFailure)]
    [InlineData(500, 0, PostOutcome.TransientFailure)]
    [InlineData(502, 0, PostOutcome.TransientFailure)]
    [InlineData(429, 0, PostOutcome.TransientFailure)]
    public async Task PostAsync_DiscordError_MapsToOutcome(int status, int code, PostOutcome expected)
    {
        var body = status == 429 ? FakeRest.RateLimitBody(0.01) : $$"""{"message":"nope","code":{{code}}}""";
        _fake.Rest.Enqueue("POST", "/channels/200/messages", status, body);

        Assert.Equal(expected, await _poster.PostAsync("dc:200", Card, CancellationToken.None));
    }

    [Theory]
    [InlineData("tg:200")]
    [InlineData("dc:")]
    [InlineData("dc:abc")]
    [InlineData("dc:-5")]
    public async Task PostAsync_NotADiscordChannelKey_IsPermanentAndSendsNothing(string key)
    {
        Assert.Equal(PostOutcome.PermanentFailure, await _poster.PostAsync(key, Card, CancellationToken.None));
        Assert.Empty(_fake.Rest.Requests);
    }

    [Fact]
    public void ConversationKey_RoundTrips()
    {
        Assert.True(DiscordChannelPoster.TryParseKey(DiscordChannelPoster.ConversationKey(81234), out var id));
        Assert.Equal(81234UL, id);
    }
}
