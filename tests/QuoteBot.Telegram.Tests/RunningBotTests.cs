using QuoteBot.Telegram.Tests.Fakes;

namespace QuoteBot.Telegram.Tests;

/// <summary>Test classes that run one bot against a fresh fake Bot API for each test.</summary>
public abstract class RunningBotTests : IAsyncLifetime
{
    protected FakeBotApi Api { get; private set; } = null!;

    protected TestBot Bot { get; set; } = null!;

    public async Task InitializeAsync()
    {
        Api = await FakeBotApi.StartAsync();
        ConfigureFake(Api);
        Bot = await TestBot.StartAsync(Api);
    }

    public async Task DisposeAsync()
    {
        await Bot.DisposeAsync();
        await Api.DisposeAsync();
    }

    /// <summary>Set up the fake before the bot starts (group admins, say).</summary>
    protected virtual void ConfigureFake(FakeBotApi api)
    {
    }
}
