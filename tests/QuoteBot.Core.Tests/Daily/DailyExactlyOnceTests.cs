using QuoteBot.Core.Daily;

namespace QuoteBot.Core.Tests.Daily;

public class DailyExactlyOnceTests
{
    private const string Kyiv = "Europe/Kyiv";
    private static readonly DateTimeOffset Eight = DailyTestKit.At(Kyiv, 2026, 6, 10, 8, 0);

    [Fact]
    public async Task RunDue_RestartAfterThePost_DoesNotPostAgain()
    {
        var kit = new DailyTestKit(Eight.AddHours(-1));
        await kit.SubscribeAsync("tg:1", "08:00", Kyiv);
        await kit.RunUntilAsync(kit.NewScheduler(), Eight.AddSeconds(1));
        Assert.Single(kit.Poster.Sent);

        // A new process starts at 08:00:01 with the same store.
        var restarted = kit.NewScheduler();
        Assert.Equal(0, await restarted.RunDueAsync(Eight.AddSeconds(1)));
        await kit.RunUntilAsync(restarted, Eight.AddHours(3));

        Assert.Single(kit.Poster.Sent);
    }

    [Fact]
    public async Task RunDue_RestartJustBeforeTheTime_PostsOnceAtTheTime()
    {
        var kit = new DailyTestKit(Eight.AddDays(-1).AddHours(-1));
        await kit.SubscribeAsync("tg:1", "08:00", Kyiv);
        await kit.RunUntilAsync(kit.NewScheduler(), Eight.AddSeconds(-1)); // yesterday's post, then the process stops
        Assert.Single(kit.Poster.Sent);

        var restarted = kit.NewScheduler();
        Assert.Equal(0, await restarted.RunDueAsync(Eight.AddSeconds(-1)));
        Assert.Equal(Eight, await restarted.NextDueAsync(Eight.AddSeconds(-1)));
        await kit.RunUntilAsync(restarted, Eight.AddHours(3));

        Assert.Equal(2, kit.Poster.Sent.Count);
        Assert.Equal(Eight, kit.Poster.Sent.Last().At);
    }

    [Fact]
    public async Task RunDue_CrashRightAfterSending_NewProcessDoesNotPostAgain()
    {
        var store = new InMemoryScheduleStore();
        var kit = new DailyTestKit(Eight, schedules: store);
        var sub = await kit.SubscribeAsync("tg:1", "08:00", Kyiv);

        // The send succeeds, then recording it fails (the process dies before it can write).
        var crashing = kit.NewScheduler(new FailingMarkSentStore(store));
        Assert.Equal(1, await crashing.RunDueAsync(Eight));
        Assert.Null(store.GetClaim(sub.Id, new DateOnly(2026, 6, 10))!.SentAt);

        var restarted = kit.NewScheduler();
        Assert.Equal(0, await restarted.RunDueAsync(Eight.AddSeconds(1)));
        Assert.Single(kit.Poster.Sent);
    }

    [Fact]
    public async Task RunDue_TwoSchedulersOnOneStore_PostOnce()
    {
        var kit = new DailyTestKit(Eight);
        kit.Poster.RealDelay = TimeSpan.FromMilliseconds(20);
        for (var i = 1; i <= 5; i++)
        {
            await kit.SubscribeAsync("tg:" + i, "08:00", Kyiv);
        }

        var a = kit.NewScheduler();
        var b = kit.NewScheduler();
        var counts = await Task.WhenAll(Task.Run(() => a.RunDueAsync(Eight)), Task.Run(() => b.RunDueAsync(Eight)));

        Assert.Equal(5, counts.Sum());
        Assert.Equal(5, kit.Poster.Sent.Count);
        Assert.Equal(5, kit.Poster.Sent.Select(s => s.Key).Distinct().Count());
    }

    [Fact]
    public async Task RunDue_StartWithinGracePeriod_PostsOnceOnStart()
    {
        var kit = new DailyTestKit(Eight.AddMinutes(90)); // down from before 08:00 until 09:30; grace is 2 h
        await kit.SubscribeAsync("tg:1", "08:00", Kyiv);
        var scheduler = kit.NewScheduler();

        Assert.Equal(1, await scheduler.RunDueAsync(Eight.AddMinutes(90)));
        Assert.Equal(0, await scheduler.RunDueAsync(Eight.AddMinutes(91)));
        Assert.Equal(Eight.AddDays(1), await scheduler.NextDueAsync(Eight.AddMinutes(91)));
    }

    [Fact]
    public async Task RunDue_StartAfterGracePeriod_SkipsThatDayAndPostsTheNext()
    {
        var kit = new DailyTestKit(Eight.AddHours(2).AddMinutes(30));
        await kit.SubscribeAsync("tg:1", "08:00", Kyiv);
        var scheduler = kit.NewScheduler();

        Assert.Equal(0, await scheduler.RunDueAsync(kit.Time.GetUtcNow()));
        await kit.RunUntilAsync(scheduler, Eight.AddDays(1).AddMinutes(1));

        Assert.Equal([Eight.AddDays(1)], kit.Poster.Sent.Select(s => s.At).ToArray());
    }

    [Fact]
    public async Task RunDue_LateEveningTimeMissedOverMidnight_PostsForYesterdayWithinGrace()
    {
        var lateYesterday = DailyTestKit.At(Kyiv, 2026, 6, 9, 23, 30);
        var kit = new DailyTestKit(lateYesterday.AddHours(1)); // 00:30 the next day
        var sub = await kit.SubscribeAsync("tg:1", "23:30", Kyiv, setAt: lateYesterday.AddDays(-2));
        var store = (InMemoryScheduleStore)kit.Schedules;

        Assert.Equal(1, await kit.NewScheduler().RunDueAsync(kit.Time.GetUtcNow()));
        Assert.NotNull(store.GetClaim(sub.Id, new DateOnly(2026, 6, 9))?.SentAt);
    }

    [Fact]
    public async Task RunDue_SetAfterTodaysTime_WaitsForTomorrow()
    {
        var kit = new DailyTestKit(Eight.AddMinutes(5));
        await kit.SubscribeAsync("tg:1", "08:00", Kyiv, setAt: Eight.AddMinutes(5));
        var scheduler = kit.NewScheduler();

        Assert.Equal(0, await scheduler.RunDueAsync(Eight.AddMinutes(5)));
        await kit.RunUntilAsync(scheduler, Eight.AddDays(1).AddMinutes(1));

        Assert.Equal([Eight.AddDays(1)], kit.Poster.Sent.Select(s => s.At).ToArray());
    }

    [Fact]
    public async Task RunDue_TransientFailure_ReleasesTheClaimAndRetries()
    {
        var kit = new DailyTestKit(Eight);
        var sub = await kit.SubscribeAsync("tg:1", "08:00", Kyiv);
        var store = (InMemoryScheduleStore)kit.Schedules;
        kit.Poster.Script(PostOutcome.TransientFailure, PostOutcome.TransientFailure);
        var scheduler = kit.NewScheduler();

        Assert.Equal(0, await scheduler.RunDueAsync(Eight));
        Assert.Null(store.GetClaim(sub.Id, new DateOnly(2026, 6, 10)));
        Assert.Equal(Eight.AddMinutes(1), await scheduler.NextDueAsync(Eight));

        await kit.RunUntilAsync(scheduler, Eight.AddHours(2));

        // Retries after 1 then 2 more minutes (doubling), then it went out once.
        Assert.Equal(3, kit.Poster.Attempts);
        Assert.Equal([Eight.AddMinutes(3)], kit.Poster.Sent.Select(s => s.At).ToArray());
        Assert.NotNull(store.GetClaim(sub.Id, new DateOnly(2026, 6, 10))?.SentAt);
    }

    [Fact]
    public async Task RunDue_TransientFailuresPastGrace_GiveUpThatDayAndPostTheNext()
    {
        var kit = new DailyTestKit(Eight);
        await kit.SubscribeAsync("tg:1", "08:00", Kyiv);
        kit.Poster.Default = PostOutcome.TransientFailure;
        var scheduler = kit.NewScheduler();

        await kit.RunUntilAsync(scheduler, Eight.AddHours(12));
        var attemptsOnDayOne = kit.Poster.Attempts;
        kit.Poster.Default = PostOutcome.Sent;
        await kit.RunUntilAsync(scheduler, Eight.AddDays(1).AddMinutes(1));

        // 0, 1, 3, 7, 15, 31, 61, 91 minutes (doubling, at most 30 min apart), nothing after 10:00.
        Assert.Equal(8, attemptsOnDayOne);
        Assert.Equal([Eight.AddDays(1)], kit.Poster.Sent.Select(s => s.At).ToArray());
    }

    [Fact]
    public async Task RunDue_PlatformWithoutPoster_IsLeftForAnotherProcess()
    {
        var kit = new DailyTestKit(Eight);
        var sub = await kit.SubscribeAsync("dc:77", "08:00", Kyiv);
        var store = (InMemoryScheduleStore)kit.Schedules;

        Assert.Equal(0, await kit.NewScheduler().RunDueAsync(Eight));
        Assert.Null(store.GetClaim(sub.Id, new DateOnly(2026, 6, 10)));
    }

    /// <summary>A store whose MarkSent fails: the process "dies" between sending and recording.</summary>
    private sealed class FailingMarkSentStore(IScheduleStore inner) : IScheduleStore
    {
        public Task InitializeAsync(CancellationToken ct = default) => inner.InitializeAsync(ct);

        public Task<DailySubscription> UpsertAsync(DailySubscriptionSpec spec, CancellationToken ct = default) => inner.UpsertAsync(spec, ct);

        public Task<DailySubscription?> GetAsync(string conversationKey, CancellationToken ct = default) => inner.GetAsync(conversationKey, ct);

        public Task<IReadOnlyList<DailySubscription>> ListAsync(CancellationToken ct = default) => inner.ListAsync(ct);

        public Task<bool> RemoveAsync(string conversationKey, CancellationToken ct = default) => inner.RemoveAsync(conversationKey, ct);

        public Task<bool> MoveConversationAsync(string oldKey, string newKey, CancellationToken ct = default) => inner.MoveConversationAsync(oldKey, newKey, ct);

        public Task<bool> TryClaimAsync(long subscriptionId, DateOnly localDate, string instanceId, DateTimeOffset now, CancellationToken ct = default) =>
            inner.TryClaimAsync(subscriptionId, localDate, instanceId, now, ct);

        public Task MarkSentAsync(long subscriptionId, DateOnly localDate, long? quoteId, DateTimeOffset now, CancellationToken ct = default) =>
            throw new IOException("disk gone");

        public Task ReleaseAsync(long subscriptionId, DateOnly localDate, string instanceId, CancellationToken ct = default) =>
            inner.ReleaseAsync(subscriptionId, localDate, instanceId, ct);

        public Task<int> RecordFailureAsync(long subscriptionId, string reason, int pauseAfter, CancellationToken ct = default) =>
            inner.RecordFailureAsync(subscriptionId, reason, pauseAfter, ct);

        public Task ResumeAsync(long subscriptionId, CancellationToken ct = default) => inner.ResumeAsync(subscriptionId, ct);

        public Task<bool> MarkPauseNotifiedAsync(long subscriptionId, CancellationToken ct = default) => inner.MarkPauseNotifiedAsync(subscriptionId, ct);
    }
}
