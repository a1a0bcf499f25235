using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using QuoteBot.Discord.Api.Models;
using QuoteBot.Discord.Api.Tests.Fakes;
using QuoteBot.Discord.Api.Gateway;
using QuoteBot.Discord.Api.Rest;

namespace QuoteBot.Discord.Api.Tests;

public sealed class ServiceCollectionTests
{
    [Fact]
    public void AddDiscordApiClient_Configuration_BindsOptionsAndResolvesSingletons()
    {
        IConfiguration config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Discord:Token"] = "from-config",
            ["Discord:ApiBaseUrl"] = "http://127.0.0.1:1/api/v10",
            ["Discord:Intents"] = "Guilds, GuildMessages",
            ["Discord:ShardId"] = "2",
            ["Discord:ShardCount"] = "4",
            ["Discord:ReconnectMaxDelay"] = "00:00:30",
        }).Build();
        var services = new ServiceCollection();

        services.AddDiscordApiClient(config.GetSection(DiscordClientOptions.SectionName));
        using ServiceProvider provider = services.BuildServiceProvider();

        DiscordClientOptions options = provider.GetRequiredService<IOptions<DiscordClientOptions>>().Value;
        Assert.Equal("from-config", options.Token);
        Assert.Equal(GatewayIntents.Guilds | GatewayIntents.GuildMessages, options.Intents);
        Assert.Equal(2, options.ShardId);
        Assert.Equal(4, options.ShardCount);
        Assert.Equal(TimeSpan.FromSeconds(30), options.ReconnectMaxDelay);
        Assert.Same(provider.GetRequiredService<DiscordRestClient>(), provider.GetRequiredService<DiscordRestClient>());
        Assert.Same(provider.GetRequiredService<DiscordGatewayClient>(), provider.GetRequiredService<DiscordGatewayClient>());
    }

    [Fact]
    public void AddDiscordApiClient_Action_DefaultsAreSafe()
    {
        var services = new ServiceCollection();

        services.AddDiscordApiClient(o => o.Token = "x");
        using ServiceProvider provider = services.BuildServiceProvider();

        DiscordClientOptions options = provider.GetRequiredService<IOptions<DiscordClientOptions>>().Value;
        Assert.Equal(GatewayIntents.Guilds, options.Intents);
        Assert.Equal("https://discord.com/api/v10", options.ApiBaseUrl);
        Assert.Null(options.GatewayUrlOverride);
        Assert.NotNull(provider.GetRequiredService<DiscordGatewayClient>());
    }

    [Fact]
    public async Task AddDiscordApiClient_HttpTraffic_LogsNoTokensOrTokenUrls()
    {
        await using FakeDiscord fake = await FakeDiscord.StartAsync();
        var capture = new CapturingLoggerProvider();
        var services = new ServiceCollection();
        services.AddLogging(b => b.AddProvider(capture).SetMinimumLevel(LogLevel.Trace));
        services.AddDiscordApiClient(o =>
        {
            o.Token = TestSupport.BotToken;
            o.ApiBaseUrl = fake.ApiBaseUrl;
            o.RestRetryBaseDelay = TimeSpan.FromMilliseconds(5);
        });
        await using ServiceProvider provider = services.BuildServiceProvider();
        DiscordRestClient rest = provider.GetRequiredService<DiscordRestClient>();
        const string interactionToken = "interaction-token-never-logged";
        fake.Rest.Enqueue("POST", $"/webhooks/777/{interactionToken}", 502, "bad gateway");

        await rest.CreateFollowupMessageAsync(777, interactionToken, new MessageCreate { Content = "x" });
        await rest.GetGatewayBotAsync();

        Assert.Equal(3, fake.Rest.Requests.Count);
        Assert.NotEmpty(capture.Lines); // the retry was logged
        Assert.DoesNotContain(capture.Lines, l => l.Contains(interactionToken, StringComparison.Ordinal) || l.Contains(TestSupport.BotToken, StringComparison.Ordinal));
    }
}
