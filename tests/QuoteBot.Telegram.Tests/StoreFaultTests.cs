using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using QuoteBot.Core.Storage;
using QuoteBot.Storage.Sqlite;
using QuoteBot.Telegram.Tests.Fakes;
using QuoteBot.Tests.Shared.Faults;

namespace QuoteBot.Telegram.Tests;

/// <summary>Issue 11.3: a storage fault is one calm line to the user and one log line, and the bot keeps running.</summary>
public sealed class StoreFaultTests : FakeApiTests
{
    private const long Chat = 101;

    private static SqliteStoreException ReadOnly() =>
        new("/data/quotebot.db", "Cannot use the quote database '/data/quotebot.db': it is read-only (check the file and folder permissions).", null);

    private async Task<FaultyStore> StartAsync()
    {
        var faulty = new FaultyStore(new InMemoryQuoteStore());
        Bot = await TestBot.StartAsync(Api, faulty.Inner, s => s["Telegram:Moderators:1"] = Chat.ToString(System.Globalization.CultureInfo.InvariantCulture), configureServices: services =>
        {
            services.AddSingleton<IQuoteStore>(faulty);
            services.AddSingleton<IQuoteSearch>(faulty);
        });
        await Bot.AddAsync("The harbour will reopen in spring.", "Mara Holt");
        return faulty;
    }

    [Theory]
    [InlineData("/quote")]
    [InlineData("/quote harbour")]
    [InlineData("/addquote \"We stay open.\" - Ann Lee")]
    [InlineData("/removequote 1")]
    public async Task Command_StoreThrowsItsOwnException_AnswersOneCalmLineLogsOneLineAndKeepsRunning(string command)
    {
        var store = await StartAsync();
        store.Fault = ReadOnly;

        Api.SendText(Chat, Chat, command, chatType: "private");
        var answer = await Api.WaitForAsync("sendMessage");

        Assert.Equal(QuoteStoreException.UserMessage, answer.VisibleText);
        Assert.True(store.Failures > 0);
        var errors = Bot!.Logs.Messages(LogLevel.Error).ToList();
        var line = Assert.Single(errors);
        Assert.Contains("it is read-only", line, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", line, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", line, StringComparison.Ordinal);

        // Still running: once the store is back, the next command is answered normally.
        store.Fault = null;
        Api.SendText(Chat, Chat, "/quote harbour", chatType: "private");
        var next = await Api.WaitForAsync("sendMessage", skip: 1);
        Assert.Contains("The harbour will reopen in spring.", next.VisibleText, StringComparison.Ordinal);
        Assert.Equal(1, await store.Inner.MaxIdAsync());
    }

    [Fact]
    public async Task InlineQuery_StoreThrows_AnswersNoResultsAndLogsOneLine()
    {
        var store = await StartAsync();
        store.Fault = ReadOnly;

        Api.InlineQuery(Chat, "harbour");
        var answer = await Api.WaitForAsync("answerInlineQuery");

        Assert.Empty(answer.Body["results"]!.AsArray());
        var line = Assert.Single(Bot!.Logs.Messages(LogLevel.Error));
        Assert.Contains("it is read-only", line, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", line, StringComparison.Ordinal);
    }
}
