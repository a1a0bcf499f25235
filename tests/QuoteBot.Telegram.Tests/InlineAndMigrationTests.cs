using QuoteBot.Core.Commands;
using QuoteBot.Core.Daily;
using QuoteBot.Core.Model;
using QuoteBot.Telegram.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;

namespace QuoteBot.Telegram.Tests;

public sealed class InlineAndMigrationTests : RunningBotTests
{
    private const long User = 42;

    [Fact]
    public async Task InlineQuery_PagesWithNextOffsetOverGlobalCorpusOnly()
    {
        for (var i = 1; i <= 5; i++)
        {
            await Bot.AddAsync($"Lemon quote {i} <tart>", "Speaker " + i, url: "https://news.example/" + i);
        }

        await Bot.AddAsync("Lemon secret of a group", "Hidden", Scope.Telegram(-100321));

        Api.InlineQuery(User, "lemon");
        var first = await Api.WaitForAsync("answerInlineQuery");
        var results = first.Body["results"]!.AsArray();
        Assert.Equal(3, results.Count);
        Assert.Equal("3", first.Body["next_offset"]!.GetValue<string>());
        var r0 = results[0]!;
        Assert.Equal("article", r0["type"]!.GetValue<string>());
        Assert.StartsWith("Speaker ", r0["title"]!.GetValue<string>());
        Assert.StartsWith("Lemon quote", r0["description"]!.GetValue<string>());
        Assert.Equal("HTML", r0["input_message_content"]!["parse_mode"]!.GetValue<string>(), ignoreCase: true);
        Assert.Contains("&lt;tart&gt;", r0["input_message_content"]!["message_text"]!.GetValue<string>());

        Api.InlineQuery(User, "lemon", "3");
        var second = await Api.WaitForAsync("answerInlineQuery", skip: 1);
        var more = second.Body["results"]!.AsArray();
        Assert.Equal(2, more.Count);
        Assert.True(second.Body["next_offset"] is null || second.Body["next_offset"]!.GetValue<string>() == string.Empty);
        var allTitles = results.Concat(more).Select(r => r!["title"]!.GetValue<string>()).ToArray();
        Assert.DoesNotContain("Hidden", allTitles);
        Assert.Equal(5, allTitles.Distinct().Count());
    }

    [Fact]
    public async Task InlineQuery_Empty_ShowsRandomSelection()
    {
        await Bot.AddAsync("One", "A");
        await Bot.AddAsync("Two", "B");
        await Bot.AddAsync("Group only", "C", Scope.Telegram(-100321));
        Api.InlineQuery(User, string.Empty);
        var answer = await Api.WaitForAsync("answerInlineQuery");
        var titles = answer.Body["results"]!.AsArray().Select(r => r!["title"]!.GetValue<string>()).Order().ToArray();
        Assert.Equal(["A", "B"], titles);
        Assert.True(answer.Body["is_personal"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Migration_MovesGroupQuotesToSupergroupKeepingIds()
    {
        const long oldChat = -4001;
        const long newChat = -1004001;
        var q = await Bot.AddAsync("We moved", "Mover", Scope.Telegram(oldChat));
        var other = await Bot.AddAsync("Stay put", "Other", Scope.Telegram(-4002));
        Api.Migrate(oldChat, newChat);
        var until = DateTime.UtcNow.AddSeconds(120);
        while ((await Bot.Store.GetAsync(q.Id))!.Scope != Scope.Telegram(newChat) && DateTime.UtcNow < until)
        {
            await Task.Delay(20);
        }

        Assert.Equal(Scope.Telegram(newChat), (await Bot.Store.GetAsync(q.Id))!.Scope);
        Assert.Equal(Scope.Telegram(-4002), (await Bot.Store.GetAsync(other.Id))!.Scope);

        Api.SendText(newChat, 5, "/quote moved");
        var sent = await Api.WaitForAsync("sendMessage", c => c.ChatId == newChat);
        Assert.Contains("We moved", sent.VisibleText);
        Assert.Contains("#" + q.Id, sent.VisibleText);
    }

    [Fact]
    public async Task Migration_CallsRegisteredHooksWithBothIds()
    {
        await Bot.DisposeAsync();
        var hook = new RecordingMigration();
        var store = Bot.Store;
        Bot = await TestBot.StartAsync(Api, store, start: false, configureServices: s => s.AddSingleton<ITelegramChatMigration>(hook));
        await Task.Run(() => Bot.Host.StartAsync());
        Api.Migrate(-5001, -1005001);
        var until = DateTime.UtcNow.AddSeconds(120);
        while (hook.Calls.IsEmpty && DateTime.UtcNow < until)
        {
            await Task.Delay(20);
        }

        Assert.Equal((-5001L, -1005001L), Assert.Single(hook.Calls));
    }

    [Fact]
    public async Task ChannelPoster_PostsRenderedCardAndReportsBlockedChat()
    {
        var q = await Bot.AddAsync("Daily words", "Sage");
        var poster = Bot.Host.Services.GetServices<IChannelPoster>().Single(p => p.Platform == "tg");
        Assert.Equal(PostOutcome.Sent, await poster.PostAsync("tg:-100200", new QuoteCardReply(q), default));
        var sent = await Api.WaitForAsync("sendMessage", c => c.ChatId == -100200);
        Assert.Contains("Daily words", sent.VisibleText);

        Api.BlockedChats.Add(-100201);
        Assert.Equal(PostOutcome.PermanentFailure, await poster.PostAsync("tg:-100201", new QuoteCardReply(q), default));
        Assert.Equal(PostOutcome.PermanentFailure, await poster.PostAsync("dc:1", new QuoteCardReply(q), default));
    }

    private sealed class RecordingMigration : ITelegramChatMigration
    {
        public System.Collections.Concurrent.ConcurrentQueue<(long, long)> Calls { get; } = new();

        public Task MigrateAsync(long fromChatId, long toChatId, CancellationToken ct)
        {
            Calls.Enqueue((fromChatId, toChatId));
            return Task.CompletedTask;
        }
    }
}
