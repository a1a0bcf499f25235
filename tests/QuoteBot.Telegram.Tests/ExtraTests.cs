using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using QuoteBot.Core.Commands;
using QuoteBot.Telegram.Tests.Fakes;

namespace QuoteBot.Telegram.Tests;

public sealed class ExtraTests : IAsyncLifetime
{
    private const long Group = -100999;
    private FakeBotApi _api = null!;
    private TestBot? _bot;

    public async Task InitializeAsync() => _api = await FakeBotApi.StartAsync();

    public async Task DisposeAsync()
    {
        if (_bot is not null)
        {
            await _bot.DisposeAsync();
        }

        await _api.DisposeAsync();
    }

    [Fact]
    public async Task ExtraChatCommand_IsInMenuAndAnsweredInGroups()
    {
        _bot = await TestBot.StartAsync(_api, configureServices: s => s.AddSingleton<IChatCommand, DailyStub>());
        var menu = await _api.WaitForAsync("setMyCommands");
        Assert.Contains(menu.Body["commands"]!.AsArray(), c => c!["command"]!.GetValue<string>() == "daily");
        _api.SendText(Group, 5, "/daily@QuoteTestBot on");
        var sent = await _api.WaitForAsync("sendMessage", c => c.ChatId == Group);
        Assert.Equal($"daily on in tg:{Group}", sent.VisibleText);
    }

    [Fact]
    public async Task SendFailing400_IsLoggedWithChatIdAndPollingContinues()
    {
        _bot = await TestBot.StartAsync(_api);
        _api.FailNext("sendMessage", 400, "Bad Request: chat not found");
        _api.SendText(Group, 5, "/help");
        await _api.WaitForAsync("sendMessage", c => c.Status == 400, anyStatus: true);
        _api.SendText(Group, 5, "/help");
        await _api.WaitForAsync("sendMessage", c => c.ChatId == Group);
        Assert.Single(_bot.Logs.Messages(LogLevel.Warning), m => m.Contains(Group.ToString(System.Globalization.CultureInfo.InvariantCulture)) && m.Contains("chat not found"));
    }

    [Fact]
    public async Task SendRateLimited_IsRetriedOnceAfterRetryAfter()
    {
        _bot = await TestBot.StartAsync(_api);
        _api.FailNext("sendMessage", 429, "Too Many Requests: retry after 1", retryAfter: 1);
        _api.SendText(Group, 5, "/help");
        var sent = await _api.WaitForAsync("sendMessage", c => c.ChatId == Group);
        var limited = _api.CallsTo("sendMessage").Single(c => c.Status == 429);
        Assert.True(sent.At - limited.At >= TimeSpan.FromMilliseconds(900));
    }

    [Fact]
    public async Task InlineQuery_ById_FindsOnlyGlobalQuote()
    {
        _bot = await TestBot.StartAsync(_api);
        var global = await _bot.AddAsync("Global one", "G");
        var local = await _bot.AddAsync("Local one", "L", Core.Model.Scope.Telegram(Group));
        _api.InlineQuery(5, "#" + global.Id);
        _api.InlineQuery(6, "#" + local.Id);
        var first = await _api.WaitForAsync("answerInlineQuery", c => c.Body["results"]!.AsArray().Count == 1);
        Assert.Equal(global.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), first.Body["results"]![0]!["id"]!.GetValue<string>());
        await _api.WaitForAsync("answerInlineQuery", c => c.Body["results"]!.AsArray().Count == 0);
    }

    private sealed class DailyStub : IChatCommand
    {
        public CommandInfo Info { get; } = new("daily", "on|off", "Post a quote every day", true);

        public Task<Reply> HandleAsync(CommandRequest request, CommandContext context, CancellationToken ct) =>
            Task.FromResult<Reply>(new MessageReply($"daily {request.Arguments} in {context.Scope.Key}"));
    }
}
