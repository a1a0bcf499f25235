using QuoteBot.Core.Daily;
using QuoteBot.Core.Model;

namespace QuoteBot.Core.Tests.Daily;

/// <summary>
/// What every <see cref="IScheduleStore"/> must do, run against each implementation. <see cref="OpenAsync"/> gives a
/// store instance over shared backing storage: two calls give two instances that see the same data, as two processes
/// sharing one database would.
/// </summary>
public abstract class ScheduleStoreContractTests
{
    protected static readonly DateTimeOffset T0 = new(2026, 6, 10, 5, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Day = new(2026, 6, 10);

    /// <summary>A store over this test's storage, initialized.</summary>
    protected abstract Task<IScheduleStore> OpenAsync();

    private static DailySubscriptionSpec Spec(string key = "tg:1", string time = "08:00", string? query = null) =>
        new("tg", key, new Scope(key), TimeOnly.ParseExact(time, "HH:mm", System.Globalization.CultureInfo.InvariantCulture), "Europe/Kyiv", query, "tg:42", T0);

    [Fact]
    public async Task Upsert_New_RoundTripsEveryField()
    {
        var store = await OpenAsync();

        var sub = await store.UpsertAsync(Spec(query: "speaker:zelenskyy \"freedom\""));
        var read = await (await OpenAsync()).GetAsync("tg:1");

        Assert.Equal(sub, read);
        Assert.True(read!.Id > 0);
        Assert.Equal("tg", read.Platform);
        Assert.Equal("tg:1", read.Scope.Key);
        Assert.Equal(new TimeOnly(8, 0), read.LocalTime);
        Assert.Equal("Europe/Kyiv", read.ZoneId);
        Assert.Equal("speaker:zelenskyy \"freedom\"", read.Query);
        Assert.Equal("tg:42", read.SetBy);
        Assert.Equal(T0, read.ActiveSince);
        Assert.False(read.Paused);
        Assert.Equal(0, read.ConsecutiveFailures);
    }

    [Fact]
    public async Task Upsert_Existing_KeepsIdAndClearsPause()
    {
        var store = await OpenAsync();
        var first = await store.UpsertAsync(Spec());
        await store.RecordFailureAsync(first.Id, "blocked", 1);

        var second = await store.UpsertAsync(Spec(time: "09:30") with { Query = null, SetAt = T0.AddHours(1) });

        Assert.Equal(first.Id, second.Id);
        Assert.Equal(new TimeOnly(9, 30), second.LocalTime);
        Assert.Equal(T0.AddHours(1), second.ActiveSince);
        Assert.False(second.Paused);
        Assert.Equal(0, second.ConsecutiveFailures);
        Assert.Null(second.LastFailure);
        Assert.Single(await store.ListAsync());
    }

    [Fact]
    public async Task List_SeveralConversations_ReturnsAllInIdOrder()
    {
        var store = await OpenAsync();
        var a = await store.UpsertAsync(Spec("tg:1"));
        var b = await store.UpsertAsync(Spec("dc:2") with { Platform = "dc" });

        var all = await store.ListAsync();

        Assert.Equal([a.Id, b.Id], all.Select(s => s.Id).ToArray());
        Assert.Null(await store.GetAsync("tg:404"));
    }

    [Fact]
    public async Task TryClaim_SameDayTwice_OnlyTheFirstWinsAcrossInstances()
    {
        var one = await OpenAsync();
        var two = await OpenAsync();
        var sub = await one.UpsertAsync(Spec());

        Assert.False(await two.IsClaimedAsync(sub.Id, Day));
        Assert.True(await one.TryClaimAsync(sub.Id, Day, "a", T0));
        Assert.True(await two.IsClaimedAsync(sub.Id, Day));
        Assert.False(await two.TryClaimAsync(sub.Id, Day, "b", T0));
        Assert.False(await one.TryClaimAsync(sub.Id, Day, "a", T0));
        Assert.True(await two.TryClaimAsync(sub.Id, Day.AddDays(1), "b", T0));
    }

    [Fact]
    public async Task TryClaim_ManyConcurrentCallersOnTwoInstances_ExactlyOneWins()
    {
        var one = await OpenAsync();
        var two = await OpenAsync();
        var sub = await one.UpsertAsync(Spec());

        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => Task.Run(() =>
            (i % 2 == 0 ? one : two).TryClaimAsync(sub.Id, Day, "i" + i, T0))));

        Assert.Single(results, r => r);
    }

    [Fact]
    public async Task Release_ByTheOwnerBeforeSending_LetsTheDayBeClaimedAgain()
    {
        var store = await OpenAsync();
        var sub = await store.UpsertAsync(Spec());
        await store.TryClaimAsync(sub.Id, Day, "a", T0);

        await store.ReleaseAsync(sub.Id, Day, "someone else");
        Assert.False(await store.TryClaimAsync(sub.Id, Day, "b", T0));

        await store.ReleaseAsync(sub.Id, Day, "a");
        Assert.False(await store.IsClaimedAsync(sub.Id, Day));
        Assert.True(await store.TryClaimAsync(sub.Id, Day, "b", T0));
    }

    [Fact]
    public async Task Release_AfterSent_KeepsTheClaim()
    {
        var store = await OpenAsync();
        var sub = await store.UpsertAsync(Spec());
        await store.TryClaimAsync(sub.Id, Day, "a", T0);
        await store.MarkSentAsync(sub.Id, Day, 7, T0);

        await store.ReleaseAsync(sub.Id, Day, "a");

        Assert.False(await store.TryClaimAsync(sub.Id, Day, "b", T0));
    }

    [Fact]
    public async Task RecordFailure_ReachingTheLimit_Pauses()
    {
        var store = await OpenAsync();
        var sub = await store.UpsertAsync(Spec());

        Assert.Equal(1, await store.RecordFailureAsync(sub.Id, "blocked", 3));
        Assert.Equal(2, await store.RecordFailureAsync(sub.Id, "blocked", 3));
        Assert.False((await store.GetAsync("tg:1"))!.Paused);
        Assert.Equal(3, await store.RecordFailureAsync(sub.Id, "kicked", 3));

        var paused = (await store.GetAsync("tg:1"))!;
        Assert.True(paused.Paused);
        Assert.False(paused.PauseNotified);
        Assert.Equal("kicked", paused.LastFailure);
        Assert.Equal(3, paused.ConsecutiveFailures);
    }

    [Fact]
    public async Task MarkSent_AfterFailures_ResetsTheCount()
    {
        var store = await OpenAsync();
        var sub = await store.UpsertAsync(Spec());
        await store.RecordFailureAsync(sub.Id, "blocked", 3);
        await store.RecordFailureAsync(sub.Id, "blocked", 3);
        await store.TryClaimAsync(sub.Id, Day, "a", T0);

        await store.MarkSentAsync(sub.Id, Day, 7, T0);

        Assert.Equal(0, (await store.GetAsync("tg:1"))!.ConsecutiveFailures);
        Assert.Equal(1, await store.RecordFailureAsync(sub.Id, "blocked", 3));
    }

    [Fact]
    public async Task MarkPauseNotified_Paused_TrueOnlyOnceAndResumeClears()
    {
        var store = await OpenAsync();
        var sub = await store.UpsertAsync(Spec());
        Assert.False(await store.MarkPauseNotifiedAsync(sub.Id)); // not paused
        await store.RecordFailureAsync(sub.Id, "blocked", 1);

        Assert.True(await store.MarkPauseNotifiedAsync(sub.Id));
        Assert.False(await store.MarkPauseNotifiedAsync(sub.Id));
        await store.ResumeAsync(sub.Id);

        var resumed = (await store.GetAsync("tg:1"))!;
        Assert.False(resumed.Paused);
        Assert.False(resumed.PauseNotified);
        Assert.Equal(0, resumed.ConsecutiveFailures);
    }

    [Fact]
    public async Task Remove_DeletesTheSubscriptionAndItsClaims()
    {
        var store = await OpenAsync();
        var sub = await store.UpsertAsync(Spec());
        await store.TryClaimAsync(sub.Id, Day, "a", T0);

        Assert.True(await store.RemoveAsync("tg:1"));
        Assert.False(await store.RemoveAsync("tg:1"));
        Assert.Null(await store.GetAsync("tg:1"));
        Assert.False(await store.TryClaimAsync(sub.Id, Day.AddDays(1), "a", T0)); // nothing to claim for

        var again = await store.UpsertAsync(Spec());
        Assert.NotEqual(sub.Id, again.Id);
        Assert.True(await store.TryClaimAsync(again.Id, Day, "a", T0));
    }

    [Fact]
    public async Task MoveConversation_ToAFreeKey_MovesScheduleScopeAndClaims()
    {
        var store = await OpenAsync();
        var sub = await store.UpsertAsync(Spec("tg:-123"));
        await store.TryClaimAsync(sub.Id, Day, "a", T0);

        Assert.True(await store.MoveConversationAsync("tg:-123", "tg:-100123"));

        var moved = (await store.GetAsync("tg:-100123"))!;
        Assert.Null(await store.GetAsync("tg:-123"));
        Assert.Equal(sub.Id, moved.Id);
        Assert.Equal("tg:-100123", moved.Scope.Key);
        Assert.Equal(sub.LocalTime, moved.LocalTime);
        Assert.False(await store.TryClaimAsync(moved.Id, Day, "b", T0));
    }

    [Fact]
    public async Task MoveConversation_ToATakenKey_KeepsTheNewOneAndDropsTheOld()
    {
        var store = await OpenAsync();
        await store.UpsertAsync(Spec("tg:-123", "07:00"));
        await store.UpsertAsync(Spec("tg:-100123", "09:00"));

        Assert.False(await store.MoveConversationAsync("tg:-123", "tg:-100123"));

        Assert.Null(await store.GetAsync("tg:-123"));
        Assert.Equal(new TimeOnly(9, 0), (await store.GetAsync("tg:-100123"))!.LocalTime);
        Assert.False(await store.MoveConversationAsync("tg:-404", "tg:-405"));
    }

    [Fact]
    public async Task RunDue_TwoSchedulersOnTwoStoreInstances_PostOnce()
    {
        var eight = DailyTestKit.At("Europe/Kyiv", 2026, 6, 10, 8, 0);
        var kit = new DailyTestKit(eight, schedules: await OpenAsync());
        kit.Poster.RealDelay = TimeSpan.FromMilliseconds(10);
        for (var i = 1; i <= 4; i++)
        {
            await kit.SubscribeAsync("tg:" + i, "08:00", "Europe/Kyiv");
        }

        var a = kit.NewScheduler(await OpenAsync());
        var b = kit.NewScheduler(await OpenAsync());
        var counts = await Task.WhenAll(Task.Run(() => a.RunDueAsync(eight)), Task.Run(() => b.RunDueAsync(eight.AddSeconds(1))));

        Assert.Equal(4, counts.Sum());
        Assert.Equal(4, kit.Poster.Sent.Select(s => s.Key).Distinct().Count());
        Assert.Equal(4, kit.Poster.Sent.Count);
    }

    [Fact]
    public async Task RunDue_RestartsAroundTheTime_OnePostPerDayOverAMonthAcrossDst()
    {
        // New York springs forward on 8 March 2026; a 02:30 schedule falls in the gap that day.
        var start = DailyTestKit.At("America/New_York", 2026, 2, 25, 0, 0);
        var kit = new DailyTestKit(start, quotes: 40, schedules: await OpenAsync());
        await kit.SubscribeAsync("tg:1", "02:30", "America/New_York");

        // A fresh process (new store instance, new scheduler) every day, starting one second
        // before or after the day's time.
        var now = start;
        for (var day = 0; day < 28; day++)
        {
            var scheduler = kit.NewScheduler(await OpenAsync());
            var next = (await scheduler.NextDueAsync(now))!.Value;
            var restartAt = next.AddSeconds(day % 2 == 0 ? -1 : 1);
            kit.Time.SetUtcNow(restartAt);
            await scheduler.RunDueAsync(restartAt);
            now = restartAt;
            await kit.RunUntilAsync(scheduler, next.AddMinutes(1));

            // And yet another process a minute later finds the day taken.
            Assert.Equal(0, await kit.NewScheduler(await OpenAsync()).RunDueAsync(next.AddMinutes(1)));
            now = kit.Time.GetUtcNow();
        }

        var zone = DailyTestKit.Zone("America/New_York");
        var dates = kit.Poster.Sent.Select(s => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(s.At, zone).DateTime)).ToArray();
        Assert.Equal(28, dates.Length);
        Assert.Equal(28, dates.Distinct().Count());
        var gapDay = kit.Poster.Sent.Single(s => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(s.At, zone).DateTime) == new DateOnly(2026, 3, 8));
        var jump = new DateTimeOffset(2026, 3, 8, 7, 0, 0, TimeSpan.Zero); // 03:00 EDT, when the clocks jump
        Assert.InRange(gapDay.At, jump, jump.AddSeconds(1)); // at the time, or on the restart one second later
        Assert.Equal(28, kit.Poster.Sent.Select(s => s.Reply.Quote.Id).Distinct().Count());
    }
}
