using Microsoft.Extensions.Options;
using QuoteBot.Core.Commands;
using QuoteBot.Core.Daily;

namespace QuoteBot.Core.Tests.Daily;

/// <summary>The hosted loop itself, driven by a FakeTimeProvider: it sleeps on the provider's timers until a post is due.</summary>
public class DailySchedulerLoopTests
{
    private const string Kyiv = "Europe/Kyiv";
    private static readonly DateTimeOffset Seven = DailyTestKit.At(Kyiv, 2026, 6, 10, 7, 0);

    [Fact]
    public async Task ExecuteAsync_FakeClock_PostsEachDayAtTheTime()
    {
        var kit = new DailyTestKit(Seven, options: new DailyOptions { SendInterval = TimeSpan.Zero, PollInterval = TimeSpan.FromHours(1) });
        await kit.SubscribeAsync("tg:1", "08:00", Kyiv);
        using var scheduler = kit.NewScheduler();
        await scheduler.StartAsync(default);

        // Wait for a new sleep each round: re-reading the sleep just ended would spin on it without yielding.
        DateTimeOffset? last = null;
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (kit.Poster.Sent.Count < 3)
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting for three daily posts");
            var until = await WaitForSleepAsync(scheduler, notEqual: last);
            kit.Time.SetUtcNow(until);
            last = until;
        }

        await scheduler.StopAsync(default);
        var eight = DailyTestKit.At(Kyiv, 2026, 6, 10, 8, 0);
        Assert.Equal([eight, eight.AddDays(1), eight.AddDays(2)], kit.Poster.Sent.Select(s => s.At).ToArray());
    }

    [Fact]
    public async Task ExecuteAsync_ScheduleSetWhileSleeping_WakesAndSleepsUntilTheNewTime()
    {
        var kit = new DailyTestKit(Seven, options: new DailyOptions { SendInterval = TimeSpan.Zero, PollInterval = TimeSpan.FromHours(1) });
        using var scheduler = kit.NewScheduler();
        await scheduler.StartAsync(default);
        Assert.Equal(Seven.AddHours(1), await WaitForSleepAsync(scheduler)); // nothing scheduled: the poll interval

        await kit.NewCommand().HandleAsync(new CommandRequest("daily", "set 07:20 Europe/Kyiv"), DailyTestKit.Context("tg:1"), default);
        var until = await WaitForSleepAsync(scheduler, notEqual: Seven.AddHours(1));
        kit.Time.SetUtcNow(until);
        await WaitForAsync(() => !kit.Poster.Sent.IsEmpty);
        await scheduler.StopAsync(default);

        Assert.Equal(Seven.AddMinutes(20), until);
        Assert.Equal(Seven.AddMinutes(20), kit.Poster.Sent.Single().At);
    }

    [Fact]
    public async Task ExecuteAsync_TimeComesDuringASlowSend_PostsItRightAfter()
    {
        var kit = new DailyTestKit(Seven, options: new DailyOptions { SendInterval = TimeSpan.Zero, PollInterval = TimeSpan.FromHours(1) });
        await kit.SubscribeAsync("tg:1", "08:00", Kyiv);
        await kit.SubscribeAsync("tg:2", "08:01", Kyiv);
        kit.Poster.DuringPost = () => kit.Time.Advance(TimeSpan.FromSeconds(90)); // each send takes 90 s
        using var scheduler = kit.NewScheduler();
        await scheduler.StartAsync(default);

        kit.Time.SetUtcNow(await WaitForSleepAsync(scheduler)); // 08:00
        await WaitForAsync(() => kit.Poster.Sent.Count == 2);
        await scheduler.StopAsync(default);

        var eight = Seven.AddHours(1);
        Assert.Equal([eight.AddSeconds(90), eight.AddSeconds(180)], kit.Poster.Sent.Select(s => s.At).ToArray());
    }

    [Fact]
    public async Task RunDue_ManyDueAtOnce_SpreadsSendsBySendInterval()
    {
        var kit = new DailyTestKit(Seven, options: new DailyOptions { SendInterval = TimeSpan.FromSeconds(1) });
        for (var i = 1; i <= 4; i++)
        {
            await kit.SubscribeAsync("tg:" + i, "07:00", Kyiv);
        }

        var run = kit.NewScheduler().RunDueAsync(Seven);
        while (!run.IsCompleted)
        {
            await Task.Delay(5);
            kit.Time.Advance(TimeSpan.FromMilliseconds(250));
        }

        Assert.Equal(4, await run);
        var at = kit.Poster.Sent.Select(s => s.At).ToArray();
        Assert.Equal(Seven, at[0]);
        for (var i = 1; i < at.Length; i++)
        {
            Assert.True(at[i] - at[i - 1] >= TimeSpan.FromSeconds(1), $"send {i} came {at[i] - at[i - 1]} after the one before");
        }
    }

    [Fact]
    public async Task RunDue_OneChannelThatMustWait_DoesNotHoldUpTheOthers()
    {
        var kit = new DailyTestKit(Seven, options: new DailyOptions { SendInterval = TimeSpan.Zero, MaxConcurrentPosts = 2 });
        for (var i = 1; i <= 4; i++)
        {
            await kit.SubscribeAsync("tg:" + i, "07:00", Kyiv);
        }

        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        kit.Poster.Hold = key => key == "tg:1" ? release.Task : Task.CompletedTask;
        var run = kit.NewScheduler().RunDueAsync(Seven);

        await WaitForAsync(() => kit.Poster.Sent.Count == 3);
        Assert.False(run.IsCompleted);
        Assert.Empty(kit.Poster.To("tg:1"));
        release.SetResult();
        Assert.Equal(4, await run);
        Assert.Single(kit.Poster.To("tg:1"));
    }

    [Fact]
    public async Task ExecuteAsync_Disabled_DoesNothing()
    {
        var kit = new DailyTestKit(Seven, options: new DailyOptions { Enabled = false });
        await kit.SubscribeAsync("tg:1", "07:00", Kyiv);
        using var scheduler = kit.NewScheduler();

        await scheduler.StartAsync(default);
        await scheduler.ExecuteTask!;

        Assert.Empty(kit.Poster.Sent);
        Assert.Null(scheduler.WaitingUntil);
    }

    private static async Task<DateTimeOffset> WaitForSleepAsync(DailyPostScheduler scheduler, DateTimeOffset? notEqual = null)
    {
        DateTimeOffset? until = null;
        await WaitForAsync(() => (until = scheduler.WaitingUntil) is { } u && u != notEqual);
        return until!.Value;
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting for the scheduler");
            await Task.Delay(2);
        }
    }
}
