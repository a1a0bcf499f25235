using System.Globalization;
using Microsoft.Extensions.Logging;
using QuoteBot.Telegram.Tests.Fakes;

namespace QuoteBot.Telegram.Tests;

/// <summary>The running bot against the fake Bot API when Telegram says "too many requests".</summary>
public sealed class FloodTests : FakeApiTests
{
    private const long ChatA = 101;
    private const long ChatB = 102;

    [Fact]
    public async Task ReplyRateLimitedTwice_IsStillSent_Once()
    {
        Bot = await TestBot.StartAsync(Api);
        Api.FailNext("sendMessage", 429, "Too Many Requests: retry after 1", retryAfter: 1, times: 2);
        var update = Api.SendText(ChatA, ChatA, "/help");

        var sent = await Api.WaitForAsync("sendMessage", c => c.ChatId == ChatA);
        Assert.Contains("Commands", sent.VisibleText);
        await Api.WaitForAsync("getUpdates", c => c.Offset == update + 1);
        Assert.Equal(2, Api.CallsTo("sendMessage").Count(c => c.Status == 429));
        Assert.Single(Api.CallsTo("sendMessage"), c => c.Status == 200);
        Assert.True(sent.At - Api.CallsTo("sendMessage")[0].At >= TimeSpan.FromSeconds(1.9), "waited retry_after twice");
    }

    [Fact]
    public async Task WaitingOutRetryAfter_HoldsNoHandlerSlot()
    {
        // One handler slot: before the outbox, chat A's handler slept out retry_after in it and chat B waited behind.
        // A long retry_after (10 s) so that chat B's answer, well inside it, has seconds to spare on a busy machine.
        Bot = await TestBot.StartAsync(Api, configure: s => s["Telegram:MaxConcurrency"] = "1");
        Api.FailNext("sendMessage", 429, "Too Many Requests: retry after 10", retryAfter: 10);
        Api.SendText(ChatA, ChatA, "/help");
        var limited = await Api.WaitForAsync("sendMessage", c => c.Status == 429, anyStatus: true);
        Api.SendText(ChatB, ChatB, "/help");

        var b = await Api.WaitForAsync("sendMessage", c => c.ChatId == ChatB);
        var a = await Api.WaitForAsync("sendMessage", c => c.ChatId == ChatA);
        Assert.True(b.At - limited.At < TimeSpan.FromSeconds(8), $"chat B answered {(b.At - limited.At).TotalMilliseconds} ms after chat A's 429");
        Assert.True(a.At - limited.At >= TimeSpan.FromSeconds(9.9), "chat A waited its retry_after");
        Assert.True(b.At < a.At);
    }

    [Fact]
    public async Task BurstInOneChat_IsPacedWithoutA429_AndAnotherChatIsNotSlowed()
    {
        Api.Flood = FloodLimits.Telegram;
        Bot = await TestBot.StartAsync(Api);
        var burst = Enumerable.Range(0, 4).Select(_ => Api.SendText(ChatA, ChatA, "/help")).ToArray();
        await Api.WaitForAsync("sendMessage", c => c.ChatId == ChatA);
        Api.SendText(ChatB, ChatB, "/help");
        var b = await Api.WaitForAsync("sendMessage", c => c.ChatId == ChatB);
        var last = await Api.WaitForAsync("sendMessage", c => c.ChatId == ChatA, skip: 3);

        Assert.Equal(0, Api.FloodRejections);
        Assert.Equal(4, Api.CallsTo("sendMessage").Count(c => c.ChatId == ChatA && c.Status == 200));
        Assert.True(b.At < last.At, "chat B did not wait for chat A's burst");
        var times = Api.CallsTo("sendMessage").Where(c => c.ChatId == ChatA).Select(c => c.At).ToArray();
        for (var i = 1; i < times.Length; i++)
        {
            Assert.True(times[i] - times[i - 1] >= TimeSpan.FromSeconds(1), "one message a second in a chat");
        }

        await Api.WaitForAsync("getUpdates", c => c.Offset > burst[^1]);
    }

    [Fact]
    public async Task ReplyStillLimitedAtReplyMaxAge_IsDroppedAndLoggedOnce_AndTheUpdateIsConfirmed()
    {
        Bot = await TestBot.StartAsync(Api, configure: s => s["Telegram:ReplyMaxAge"] = "00:00:01");
        Api.FailNext("sendMessage", 429, "Too Many Requests: retry after 5", retryAfter: 5);
        var update = Api.SendText(ChatA, ChatA, "/help");

        await Api.WaitForAsync("getUpdates", c => c.Offset == update + 1);
        var chat = ChatA.ToString(CultureInfo.InvariantCulture);
        var dropped = Bot.Logs.Messages(LogLevel.Warning).Where(m => m.StartsWith("Dropped sendMessage to chat " + chat, StringComparison.Ordinal)).ToArray();
        var line = Assert.Single(dropped);
        Assert.Contains("rate-limited (429)", line);
        Assert.Single(Api.CallsTo("sendMessage"));

        // The chat works again once Telegram lets it.
        Api.SendText(ChatB, ChatB, "/help");
        await Api.WaitForAsync("sendMessage", c => c.ChatId == ChatB);
    }

    [Fact]
    public async Task ButtonPress_IsAnsweredBeforeTheMessagesQueuedAheadOfIt()
    {
        // All in the first getUpdates batch: five commands, then a button press.
        Api.Flood = FloodLimits.Telegram;
        for (var i = 0; i < 5; i++)
        {
            Api.SendText(ChatA + i, ChatA + i, "/help");
        }

        Api.Press(ChatB, ChatB, 7, "x");
        Bot = await TestBot.StartAsync(Api, configure: s => s["Telegram:MessagesPerSecond"] = "1");

        var answer = await Api.WaitForAsync("answerCallbackQuery");
        var third = await Api.WaitForAsync("sendMessage", skip: 2);
        Assert.True(answer.At < third.At, "the answer went before messages that were waiting: " + string.Join(", ", Api.Calls.Where(c => c.Method != "getUpdates").Select(c => c.Method + "@" + c.At.ToString("ss.fff", CultureInfo.InvariantCulture))));
        await Api.WaitForAsync("sendMessage", skip: 4);
    }

    [Fact]
    public async Task UpdateWhoseChatIsHeldBack_IsConfirmedAfterConfirmWithin_AndItsReplyStillSent()
    {
        // A long retry_after (10 s): the confirmation, after ConfirmWithin (1 s), has seconds to spare on a busy machine.
        Bot = await TestBot.StartAsync(Api, configure: s => s["Telegram:ConfirmWithin"] = "00:00:01");
        Api.FailNext("sendMessage", 429, "Too Many Requests: retry after 10", retryAfter: 10);
        var update = Api.SendText(ChatA, ChatA, "/help");
        var limited = await Api.WaitForAsync("sendMessage", c => c.Status == 429, anyStatus: true);

        // Confirmed while the reply still waits, so Telegram can send what comes next.
        var confirmed = await Api.WaitForAsync("getUpdates", c => c.Offset > update);
        Assert.DoesNotContain(Api.CallsTo("sendMessage"), c => c.Status == 200);
        Assert.True(confirmed.At - limited.At < TimeSpan.FromSeconds(8), "confirmed before the reply went out");

        var sent = await Api.WaitForAsync("sendMessage", c => c.ChatId == ChatA);
        Assert.True(sent.At - limited.At >= TimeSpan.FromSeconds(9.9));
        Assert.Single(Api.CallsTo("sendMessage"), c => c.Status == 200);
    }

    [Fact]
    public async Task ManyUpdatesWaitingForOneHeldBackChat_AreConfirmedLowestIdFirst_SoOthersKeepArriving()
    {
        const long Group = -100500;
        Bot = await TestBot.StartAsync(Api, configure: s => s["Telegram:ConfirmWithin"] = "00:05:00");
        Api.FailNext("sendMessage", 429, "Too Many Requests: retry after 30", retryAfter: 30);
        var first = Api.SendText(Group, 1, "/help");
        await Api.WaitForAsync("sendMessage", c => c.Status == 429, anyStatus: true);
        for (var i = 0; i < UpdateDispatcher.MaxHeld + 5; i++)
        {
            Api.SendText(Group, 2 + i, "/help");
        }

        // Every reply in that group waits 30 s; the oldest updates are confirmed anyway once too many wait.
        await Api.WaitForAsync("getUpdates", c => c.Offset > first + 2);
        Assert.DoesNotContain(Api.CallsTo("sendMessage"), c => c.Status == 200);
        Api.SendText(ChatB, ChatB, "/help");
        await Api.WaitForAsync("sendMessage", c => c.ChatId == ChatB);
    }
}
