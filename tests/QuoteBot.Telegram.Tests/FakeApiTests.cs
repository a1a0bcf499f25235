using QuoteBot.Telegram.Tests.Fakes;

namespace QuoteBot.Telegram.Tests;

/// <summary>Test classes that get a fresh fake Bot API for each test and start their bot themselves, each its own way.</summary>
public abstract class FakeApiTests : IAsyncLifetime
{
    protected FakeBotApi Api { get; private set; } = null!;

    /// <summary>The bot the test started, disposed after it; a test that disposes of it itself sets it back to null.</summary>
    protected TestBot? Bot { get; set; }

    public async Task InitializeAsync() => Api = await FakeBotApi.StartAsync();

    public async Task DisposeAsync()
    {
        if (Bot is not null)
        {
            await Bot.DisposeAsync();
        }

        await Api.DisposeAsync();
    }
}
