using Microsoft.Extensions.Logging;
using QuoteBot.Telegram.Tests.Fakes;

namespace QuoteBot.Telegram.Tests;

public sealed class ResilienceTests : FakeApiTests
{
    private const long ChatA = 101;
    private const long ChatB = 102;

    [Fact]
    public async Task Polling_After429_WaitsRetryAfterThenContinues()
    {
        Bot = await TestBot.StartAsync(Api);
        await Api.WaitForAsync("getUpdates");
        Api.FailNext("getUpdates", 429, "Too Many Requests: retry after 1", retryAfter: 1);
        var limited = await Api.WaitForAsync("getUpdates", c => c.Status == 429, anyStatus: true);
        Api.SendText(ChatA, ChatA, "/help");
        await Api.WaitForAsync("sendMessage");
        var next = Api.Calls.First(c => c.Method == "getUpdates" && c.At > limited.At);
        Assert.True(next.At - limited.At >= TimeSpan.FromMilliseconds(900), $"polled again after {(next.At - limited.At).TotalMilliseconds} ms");
        Assert.Contains(Bot.Logs.Messages(LogLevel.Warning), m => m.Contains("429"));
    }

    [Fact]
    public async Task Polling_After5xxAndDroppedConnections_BacksOffAndContinues()
    {
        Bot = await TestBot.StartAsync(Api);
        await Api.WaitForAsync("getUpdates");
        Api.FailNext("getUpdates", 502, "Bad Gateway", times: 3);
        await Api.WaitForAsync("getUpdates", c => c.Status == 502, anyStatus: true, skip: 2);
        Api.AbortNextCalls = 1;
        await Api.WaitForAsync("getUpdates", c => c.Status == 0, anyStatus: true);
        Api.SendText(ChatA, ChatA, "/help");
        var sent = await Api.WaitForAsync("sendMessage");
        Assert.Contains("Commands", sent.VisibleText);
        Assert.Equal(3, Api.CallsTo("getUpdates").Count(c => c.Status == 502));
        Assert.Contains(Bot.Logs.Messages(LogLevel.Warning), m => m.Contains("502"));
        Assert.Contains(Bot.Logs.Messages(LogLevel.Warning), m => m.StartsWith("Could not reach Telegram", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Polling_On409Conflict_LogsPlainWordsAndRecovers()
    {
        Bot = await TestBot.StartAsync(Api);
        await Api.WaitForAsync("getUpdates");
        Api.FailNext("getUpdates", 409, "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running", times: 2);
        await Api.WaitForAsync("getUpdates", c => c.Status == 409, anyStatus: true, skip: 1);
        Api.SendText(ChatA, ChatA, "/help");
        await Api.WaitForAsync("sendMessage");
        Assert.Contains(Bot.Logs.Messages(LogLevel.Warning), m => m.Contains("another instance is polling this bot token, or a webhook is set"));
    }

    [Fact]
    public async Task Polling_SlowHandler_DoesNotBlockOthersAndOffsetWaitsForIt()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Api.BeforeCall = async (method, body, ct) =>
        {
            if (method == "sendMessage" && body["chat_id"]!.ToString() == ChatA.ToString(System.Globalization.CultureInfo.InvariantCulture))
            {
                await release.Task.WaitAsync(ct);
            }
        };
        Bot = await TestBot.StartAsync(Api);
        var slow = Api.SendText(ChatA, ChatA, "/help");
        var fast = Api.SendText(ChatB, ChatB, "/help");

        var answered = await Api.WaitForAsync("sendMessage", c => c.ChatId == ChatB);
        Assert.NotNull(answered);
        await Task.Delay(300);
        Assert.All(Api.CallsTo("getUpdates"), c => Assert.True((c.Offset ?? 0) <= slow, $"offset {c.Offset} passed the unhandled update {slow}"));
        Assert.DoesNotContain(Api.CallsTo("sendMessage"), c => c.ChatId == ChatA);

        release.SetResult();
        await Api.WaitForAsync("sendMessage", c => c.ChatId == ChatA);
        await Api.WaitForAsync("getUpdates", c => c.Offset == fast + 1);
        Assert.Single(Api.CallsTo("sendMessage"), c => c.ChatId == ChatB);
    }

    [Fact]
    public async Task Restart_AfterHandlingWithoutConfirmation_DoesNotHandleAgain()
    {
        Api.IgnoreConfirmations = true; // as if the process died before its next getUpdates confirmed the update
        Bot = await TestBot.StartAsync(Api);
        var update = Api.SendText(ChatA, ChatA, "/help");
        await Api.WaitForAsync("sendMessage");
        await Bot.DisposeAsync();
        var store = Bot.Store;
        Bot = null;
        var before = Api.CallsTo("getUpdates").Count;

        Bot = await TestBot.StartAsync(Api, store);
        await Api.WaitForAsync("getUpdates", skip: before + 1);
        Assert.True(Api.CallsTo("getUpdates").Skip(before).All(c => c.Offset > update));
        Api.SendText(ChatB, ChatB, "/help");
        await Api.WaitForAsync("sendMessage", c => c.ChatId == ChatB);
        Assert.Single(Api.CallsTo("sendMessage"), c => c.ChatId == ChatA);
    }

    [Fact]
    public async Task Restart_WhileHandlerUnfinished_HandlesItAfterRestart()
    {
        var hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Api.BeforeCall = async (method, body, ct) =>
        {
            if (method == "sendMessage")
            {
                await hold.Task.WaitAsync(ct);
            }
        };
        Bot = await TestBot.StartAsync(Api);
        var update = Api.SendText(ChatA, ChatA, "/help");
        await Api.WaitForAsync("getUpdates", c => c.Offset == update);
        await Task.Delay(200);
        await Bot.DisposeAsync(); // the grace period ends, the send is cancelled: not confirmed
        var store = Bot.Store;
        Bot = null;
        Assert.Empty(Api.CallsTo("sendMessage"));

        hold.SetResult();
        Bot = await TestBot.StartAsync(Api, store);
        var sent = await Api.WaitForAsync("sendMessage", c => c.ChatId == ChatA);
        Assert.Contains("Commands", sent.VisibleText);
    }

    [Fact]
    public async Task BlockedChat_IsLoggedOnceAndOtherChatsStillServed()
    {
        Api.BlockedChats.Add(ChatA);
        Bot = await TestBot.StartAsync(Api);
        Api.SendText(ChatA, ChatA, "/help");
        Api.SendText(ChatA, ChatA, "/help");
        await Api.WaitForAsync("sendMessage", anyStatus: true, skip: 1);
        Api.SendText(ChatB, ChatB, "/help");
        await Api.WaitForAsync("sendMessage", c => c.ChatId == ChatB);
        var warnings = Bot.Logs.Messages(LogLevel.Warning).Where(m => m.Contains(ChatA.ToString(System.Globalization.CultureInfo.InvariantCulture)) && m.Contains("403")).ToArray();
        Assert.Single(warnings);
        Assert.Equal(2, Api.CallsTo("sendMessage").Count(c => c.Status == 403));
    }

    [Fact]
    public async Task Logs_NeverContainTheToken()
    {
        Bot = await TestBot.StartAsync(Api);
        await Api.WaitForAsync("getUpdates");
        Api.FailNext("getUpdates", 500, "Internal Server Error");
        await Api.WaitForAsync("getUpdates", c => c.Status == 500, anyStatus: true);
        Api.AbortNextCalls = 1;
        await Api.WaitForAsync("getUpdates", c => c.Status == 0, anyStatus: true);
        Api.SendText(ChatA, ChatA, "/help");
        await Api.WaitForAsync("sendMessage");
        await Bot.DisposeAsync();
        var secret = FakeBotApi.Token.Split(':')[1];
        Assert.NotEmpty(Bot.Logs.Entries);
        Assert.DoesNotContain(Bot.Logs.Entries, e => e.Message.Contains(secret, StringComparison.Ordinal));
        Assert.DoesNotContain(Bot.Logs.Entries, e => e.Category.StartsWith("System.Net.Http", StringComparison.Ordinal));
        Bot = null;
    }
}
