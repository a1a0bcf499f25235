using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using QuoteBot.Core;
using QuoteBot.Core.Storage;
using QuoteBot.Telegram.Tests.Fakes;

namespace QuoteBot.Telegram.Tests;

public sealed class OptionsAndCursorTests
{
    private static string[] Validate(TelegramOptions o) =>
        [.. new TelegramOptionsValidator().Validate(null, o).Failures ?? []];

    [Fact]
    public void Validate_GoodOptions_Succeeds()
    {
        Assert.Empty(Validate(new TelegramOptions { Token = FakeBotApi.Token }));
        Assert.Empty(Validate(new TelegramOptions { Token = FakeBotApi.Token, WebhookUrl = "https://x.example/hook", WebhookSecret = "abc_DEF-1" }));
    }

    [Fact]
    public void Validate_MissingToken_NamesTheSetting()
    {
        var failure = Assert.Single(Validate(new TelegramOptions()));
        Assert.StartsWith("Telegram:Token is missing", failure);
        Assert.DoesNotContain('\n', failure);
    }

    [Fact]
    public void Validate_MalformedToken_DoesNotEchoIt()
    {
        var failure = Assert.Single(Validate(new TelegramOptions { Token = "\"123:secretsecretsecret\"" }));
        Assert.StartsWith("Telegram:Token", failure);
        Assert.DoesNotContain("secretsecret", failure);
    }

    [Theory]
    [InlineData("ApiBaseUrl", "Telegram:ApiBaseUrl")]
    [InlineData("WebhookSecret", "Telegram:WebhookSecret")]
    [InlineData("WebhookUrl", "Telegram:WebhookUrl")]
    [InlineData("PollingTimeoutSeconds", "Telegram:PollingTimeoutSeconds")]
    [InlineData("InlinePageSize", "Telegram:InlinePageSize")]
    [InlineData("Moderators", "Telegram:Moderators")]
    [InlineData("MaxConcurrency", "Telegram:MaxConcurrency")]
    public void Validate_BadSetting_NamesIt(string setting, string expected)
    {
        var o = new TelegramOptions { Token = FakeBotApi.Token };
        switch (setting)
        {
            case "ApiBaseUrl": o.ApiBaseUrl = "localhost:8081"; break;
            case "WebhookSecret": o.WebhookUrl = "https://x.example/h"; o.WebhookSecret = "has spaces"; break;
            case "WebhookUrl": o.WebhookUrl = "not a url"; o.WebhookSecret = "ok"; break;
            case "PollingTimeoutSeconds": o.PollingTimeoutSeconds = 99; break;
            case "InlinePageSize": o.InlinePageSize = 51; break;
            case "Moderators": o.Moderators = [-5]; break;
            case "MaxConcurrency": o.MaxConcurrency = 0; break;
        }

        Assert.Contains(Validate(o), f => f.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AddTelegramAdapter_WithoutToken_FailsAtStartWithOneLine()
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Configuration.Sources.Clear();
        builder.Logging.ClearProviders();
        var store = new InMemoryQuoteStore();
        builder.Services.AddSingleton<IQuoteStore>(store).AddSingleton<IQuoteSearch>(store).AddSingleton<IStateStore>(store).AddQuoteCore();
        builder.Services.AddTelegramAdapter(builder.Configuration);
        using var host = builder.Build();
        var e = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.StartsWith("Telegram:Token is missing", e.Message);
    }

    [Fact]
    public void AddTelegramAdapter_HttpHandler_RenewsPooledConnections()
    {
        var services = new ServiceCollection();
        services.AddTelegramAdapter(new ConfigurationBuilder().Build());
        using var sp = services.BuildServiceProvider();

        HttpMessageHandler? handler = sp.GetRequiredService<IHttpMessageHandlerFactory>().CreateHandler(TelegramServiceCollectionExtensions.HttpClientName);
        while (handler is DelegatingHandler d)
        {
            handler = d.InnerHandler;
        }

        var sockets = Assert.IsType<SocketsHttpHandler>(handler);
        Assert.Equal(TimeSpan.FromMinutes(5), sockets.PooledConnectionLifetime);
    }

    [Fact]
    public void WebhookPath_DefaultsToPathOfWebhookUrl()
    {
        Assert.Equal("/tg/hook", new TelegramOptions { WebhookUrl = "https://x.example/tg/hook" }.EffectiveWebhookPath);
        Assert.Equal("/telegram/webhook", new TelegramOptions { WebhookUrl = "https://x.example" }.EffectiveWebhookPath);
        Assert.Equal("/own", new TelegramOptions { WebhookUrl = "https://x.example/a", WebhookPath = "/own" }.EffectiveWebhookPath);
    }

    [Fact]
    public async Task Cursor_OffsetStaysAtLowestUnfinishedAndSurvivesReload()
    {
        var state = new InMemoryQuoteStore();
        var cursor = await PollingCursor.LoadAsync(state, "k", default);
        Assert.Equal(0, cursor.Offset);
        cursor.Started(10);
        cursor.Started(11);
        cursor.Started(12);
        cursor.Finished(11);
        cursor.Finished(12);
        Assert.Equal(10, cursor.Offset);
        Assert.True(cursor.IsKnown(12));
        await state.SetAsync("k", cursor.Serialize());

        var reloaded = await PollingCursor.LoadAsync(state, "k", default);
        Assert.Equal(10, reloaded.Offset);
        Assert.False(reloaded.IsKnown(10));
        Assert.True(reloaded.IsKnown(11));
        Assert.True(reloaded.IsKnown(12));
        reloaded.Started(10);
        reloaded.Finished(10);
        Assert.Equal(13, reloaded.Offset);
        Assert.True(reloaded.IsKnown(9));
        Assert.False(reloaded.IsKnown(13));
    }

    [Fact]
    public async Task Cursor_CorruptState_StartsFromZero()
    {
        var state = new InMemoryQuoteStore();
        await state.SetAsync("k", "garbage|x,y");
        var cursor = await PollingCursor.LoadAsync(state, "k", default);
        Assert.Equal(0, cursor.Offset);
    }

    [Fact]
    public void BotCommands_ComeFromAllCommandsWithinTelegramLimits()
    {
        var commands = TelegramBotService.BotCommands([new("daily", "on|off", "Daily quote", true), new("x", string.Empty, "ab", false)]);
        Assert.Equal(["daily", "x"], commands.Select(c => c.Command));
        Assert.All(commands, c => Assert.InRange(c.Description.Length, 3, 256));
    }
}

public sealed class DispatcherTests
{
    [Fact]
    public async Task HandleOnce_CancelledBeforeHandling_LetsRedeliveryThrough()
    {
        var services = new Microsoft.Extensions.DependencyInjection.ServiceCollection().BuildServiceProvider();
        var options = Options.Create(new TelegramOptions { Token = FakeBotApi.Token, MaxConcurrency = 1 });
        var dispatcher = new UpdateDispatcher(services.GetRequiredService<IServiceScopeFactory>(), options, Microsoft.Extensions.Logging.Abstractions.NullLogger<UpdateDispatcher>.Instance);
        var update = new global::Telegram.Bot.Types.Update { Id = 5 };
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => dispatcher.HandleOnceAsync(update, cancelled.Token));
        Assert.True(dispatcher.TryClaim(5));
        Assert.False(dispatcher.TryClaim(5));
    }
}
