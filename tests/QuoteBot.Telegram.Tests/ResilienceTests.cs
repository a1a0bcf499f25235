using Microsoft.Extensions.Logging;
using QuoteBot.Telegram.Tests.Fakes;

namespace QuoteBot.Telegram.Tests;

public sealed class ResilienceTests : IAsyncLifetime
{
    private const long ChatA = 101;
    private const long ChatB = 102;
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
    public async Task Polling_After429_WaitsRetryAfterThenContinues()
    {
        _bot = await TestBot.StartAsync(_api);
        await _api.WaitForAsync("getUpdates");
        _api.FailNext("getUpdates", 429, "Too Many Requests: retry after 1", retryAfter: 1);
        var limited = await _api.WaitForAsync("getUpdates", c => c.Status == 429, anyStatus: true);
        _api.SendText(ChatA, ChatA, "/help");
        await _api.WaitForAsync("sendMessage");
        var next = _api.Calls.First(c => c.Method == "getUpdates" && c.At > limited.At);
        Assert.True(next.At - limited.At >= TimeSpan.FromMilliseconds(900), $"polled again after {(next.At - limited.At).TotalMilliseconds} ms");
        Assert.Contains(_bot.Logs.Messages(LogLevel.Warning), m => m.Contains("429"));
    }

    [Fact]
    public async Task Polling_After5xxAndDroppedConnections_BacksOffAndContinues()
    {
        _bot = await TestBot.StartAsync(_api);
        await _api.WaitForAsync("getUpdates");
        _api.FailNext("getUpdates", 502, "Bad Gateway", times: 3);
        await _api.WaitForAsync("getUpdates", c => c.Status == 502, anyStatus: true, skip: 2);
        _api.AbortNextCalls = 1;
        await _api.WaitForAsync("getUpdates", c => c.Status == 0, anyStatus: true);
        _api.SendText(ChatA, ChatA, "/help");
        var sent = await _api.WaitForAsync("sendMessage");
        Assert.Contains("Commands", sent.VisibleText);
        Assert.Equal(3, _api.CallsTo("getUpdates").Count(c => c.Status == 502));
        Assert.Contains(_bot.Logs.Messages(LogLevel.Warning), m => m.Contains("502"));
        Assert.Contains(_bot.Logs.Messages(LogLevel.Warning), m => m.StartsWith("Could not reach Telegram", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Polling_On409Conflict_LogsPlainWordsAndRecovers()
    {
        _bot = await TestBot.StartAsync(_api);
        await _api.WaitForAsync("getUpdates");
        _api.FailNext("getUpdates", 409, "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running", times: 2);
        await _api.WaitForAsync("getUpdates", c => c.Status == 409, anyStatus: true, skip: 1);
        _api.SendText(ChatA, ChatA, "/help");
        await _api.WaitForAsync("sendMessage");
        Assert.Contains(_bot.Logs.Messages(LogLevel.Warning), m => m.Contains("another instance is polling this bot token, or a webhook is set"));
    }

    [Fact]
    public async Task Polling_SlowHandler_DoesNotBlockOthersAndOffsetWaitsForIt()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _api.BeforeCall = async (method, body, ct) =>
        {
            if (method == "sendMessage" && body["chat_id"]!.ToString() == ChatA.ToString(System.Globalization.CultureInfo.InvariantCulture))
            {
                await release.Task.WaitAsync(ct);
            }
        };
        _bot = await TestBot.StartAsync(_api);
        var slow = _api.SendText(ChatA, ChatA, "/help");
        var fast = _api.SendText(ChatB, ChatB, "/help");

        var answered = await _api.WaitForAsync("sendMessage", c => c.ChatId == ChatB);
        Assert.NotNull(answered);
        await Task.Delay(300);
        Assert.All(_api.CallsTo("getUpdates"), c => Assert.True((c.Offset ?? 0) <= slow, $"offset {c.Offset} passed the unhandled update {slow}"));
        Assert.DoesNotContain(_api.CallsTo("sendMessage"), c => c.ChatId == ChatA);

        release.SetResult();
        await _api.WaitForAsync("sendMessage", c => c.ChatId == ChatA);
        await _api.WaitForAsync("getUpdates", c => c.Offset == fast + 1);
        Assert.Single(_api.CallsTo("sendMessage"), c => c.ChatId == ChatB);
    }

    [Fact]
    public async Task Restart_AfterHandlingWithoutConfirmation_DoesNotHandleAgain()
    {
        _api.IgnoreConfirmations = true; // as if the process died before its next getUpdates confirmed the update
        _bot = await TestBot.StartAsync(_api);
        var update = _api.SendText(ChatA, ChatA, "/help");
        await _api.WaitForAsync("sendMessage");
        await _bot.DisposeAsync();
        var store = _bot.Store;
        _bot = null;
        var before = _api.CallsTo("getUpdates").Count;

        _bot = await TestBot.StartAsync(_api, store);
        await _api.WaitForAsync("getUpdates", skip: before + 1);
        Assert.True(_api.CallsTo("getUpdates").Skip(before).All(c => c.Offset > update));
        _api.SendText(ChatB, ChatB, "/help");
        await _api.WaitForAsync("sendMessage", c => c.ChatId == ChatB);
        Assert.Single(_api.CallsTo("sendMessage"), c => c.ChatId == ChatA);
    }

    [Fact]
    public async Task Restart_WhileHandlerUnfinished_HandlesItAfterRestart()
    {
        var hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _api.BeforeCall = async (method, body, ct) =>
        {
            if (method == "sendMessage")
            {
                await hold.Task.WaitAsync(ct);
            }
        };
        _bot = await TestBot.StartAsync(_api);
        var update = _api.SendText(ChatA, ChatA, "/help");
        await _api.WaitForAsync("getUpdates", c => c.Offset == update);
        await Task.Delay(200);
        await _bot.DisposeAsync(); // the grace period ends, the send is cancelled: not confirmed
        var store = _bot.Store;
        _bot = null;
        Assert.Empty(_api.CallsTo("sendMessage"));

        hold.SetResult();
        _bot = await TestBot.StartAsync(_api, store);
        var sent = await _api.WaitForAsync("sendMessage", c => c.ChatId == ChatA);
        Assert.Contains("Commands", sent.VisibleText);
    }

    [Fact]
    public async Task BlockedChat_IsLoggedOnceAndOtherChatsStillServed()
    {
        _api.BlockedChats.Add(ChatA);
        _bot = await TestBot.StartAsync(_api);
        _api.SendText(ChatA, ChatA, "/help");
        _api.SendText(ChatA, ChatA, "/help");
        await _api.WaitForAsync("sendMessage", anyStatus: true, skip: 1);
        _api.SendText(ChatB, ChatB, "/help");
        await _api.WaitForAsync("sendMessage", c => c.ChatId == ChatB);
        var warnings = _bot.Logs.Messages(LogLevel.Warning).Where(m => m.Contains(ChatA.ToString(System.Globalization.CultureInfo.InvariantCulture)) && m.Contains("403")).ToArray();
        Assert.Single(warnings);
        Assert.Equal(2, _api.CallsTo("sendMessage").Count(c => c.Status == 403));
    }

    [Fact]
    public async Task Logs_NeverContainTheToken()
    {
        _bot = await TestBot.StartAsync(_api);
        await _api.WaitForAsync("getUpdates");
        _api.FailNext("getUpdates", 500, "Internal Server Error");
        await _api.WaitForAsync("getUpdates", c => c.Status == 500, anyStatus: true);
        _api.AbortNextCalls = 1;
        await _api.WaitForAsync("getUpdates", c => c.Status == 0, anyStatus: true);
        _api.SendText(ChatA, ChatA, "/help");
        await _api.WaitForAsync("sendMessage");
        await _bot.DisposeAsync();
        var secret = FakeBotApi.Token.Split(':')[1];
        Assert.NotEmpty(_bot.Logs.Entries);
        Assert.DoesNotContain(_bot.Logs.Entries, e => e.Message.Contains(secret, StringComparison.Ordinal));
        Assert.DoesNotContain(_bot.Logs.Entries, e => e.Category.StartsWith("System.Net.Http", StringComparison.Ordinal));
        _bot = null;
    }
}
