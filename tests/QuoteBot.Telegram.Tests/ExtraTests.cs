using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using QuoteBot.Core.Commands;
using QuoteBot.Telegram.Tests.Fakes;

namespace QuoteBot.Telegram.Tests;

public sealed class ExtraTests : FakeApiTests
{
    private const long Group = -100999;

    [Fact]
    public async Task ExtraChatCommand_IsInMenuAndAnsweredInGroups()
    {
        Bot = await TestBot.StartAsync(Api, configureServices: s => s.AddSingleton<IChatCommand, DailyStub>());
        var menu = await Api.WaitForAsync("setMyCommands");
        Assert.Contains(menu.Body["commands"]!.AsArray(), c => c!["command"]!.GetValue<string>() == "daily");
        Api.SendText(Group, 5, "/daily@QuoteTestBot on");
        var sent = await Api.WaitForAsync("sendMessage", c => c.ChatId == Group);
        Assert.Equal($"daily on in tg:{Group}", sent.VisibleText);
    }

    [Fact]
    public async Task SendFailing400_IsLoggedWithChatIdAndPollingContinues()
    {
        Bot = await TestBot.StartAsync(Api);
        Api.FailNext("sendMessage", 400, "Bad Request: chat not found");
        Api.SendText(Group, 5, "/help");
        await Api.WaitForAsync("sendMessage", c => c.Status == 400, anyStatus: true);
        Api.SendText(Group, 5, "/help");
        await Api.WaitForAsync("sendMessage", c => c.ChatId == Group);
        Assert.Single(Bot.Logs.Messages(LogLevel.Warning), m => m.Contains(Group.ToString(System.Globalization.CultureInfo.InvariantCulture)) && m.Contains("chat not found"));
    }

    [Fact]
    public async Task SendRateLimited_IsRetriedOnceAfterRetryAfter()
    {
        Bot = await TestBot.StartAsync(Api);
        Api.FailNext("sendMessage", 429, "Too Many Requests: retry after 1", retryAfter: 1);
        Api.SendText(Group, 5, "/help");
        var sent = await Api.WaitForAsync("sendMessage", c => c.ChatId == Group);
        var limited = Api.CallsTo("sendMessage").Single(c => c.Status == 429);
        Assert.True(sent.At - limited.At >= TimeSpan.FromMilliseconds(900));
    }

    [Fact]
    public async Task InlineQuery_ById_FindsOnlyGlobalQuote()
    {
        Bot = await TestBot.StartAsync(Api);
        var global = await Bot.AddAsync("Global one", "G");
        var local = await Bot.AddAsync("Local one", "L", Core.Model.Scope.Telegram(Group));
        Api.InlineQuery(5, "#" + global.Id);
        Api.InlineQuery(6, "#" + local.Id);
        var first = await Api.WaitForAsync("answerInlineQuery", c => c.Body["results"]!.AsArray().Count == 1);
        Assert.Equal(global.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), first.Body["results"]![0]!["id"]!.GetValue<string>());
        await Api.WaitForAsync("answerInlineQuery", c => c.Body["results"]!.AsArray().Count == 0);
    }

    private sealed class DailyStub : IChatCommand
    {
        public CommandInfo Info { get; } = new("daily", "on|off", "Post a quote every day", true);

        public Task<Reply> HandleAsync(CommandRequest request, CommandContext context, CancellationToken ct) =>
            Task.FromResult<Reply>(new MessageReply($"daily {request.Arguments} in {context.Scope.Key}"));
    }
}
