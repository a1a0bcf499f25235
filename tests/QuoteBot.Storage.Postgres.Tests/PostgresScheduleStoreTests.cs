using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;
using QuoteBot.Core.Commands;
using QuoteBot.Core.Daily;
using QuoteBot.Core.Model;
using QuoteBot.Core.Search;

namespace QuoteBot.Storage.Postgres.Tests;

[RequiresPostgres]
public sealed class PostgresScheduleStoreTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 6, 10, 5, 0, 0, TimeSpan.Zero); // 08:00 in Kyiv (UTC+3)
    private static readonly DateOnly Day = new(2026, 6, 10);
    private readonly List<TestSchema> _rented = [];
    private readonly List<PostgresDatabase> _databases = [];

    /// <summary>A new database object over one schema: like a separate process with its own connection pool.</summary>
    private async Task<PostgresScheduleStore> StoreAsync(TestSchema? schema = null)
    {
        if (schema is null)
        {
            schema = await PostgresServer.RentMigratedSchemaAsync();
            _rented.Add(schema);
        }

        var db = new PostgresDatabase(schema.ConnectionString);
        _databases.Add(db);
        var store = new PostgresScheduleStore(db);
        await store.InitializeAsync();
        return store;
    }

    private async Task<TestSchema> SchemaAsync()
    {
        var schema = await PostgresServer.RentMigratedSchemaAsync();
        _rented.Add(schema);
        return schema;
    }

    private static DailySubscriptionSpec Spec(string key, string time = "08:00", string? query = null, DateTimeOffset? setAt = null) =>
        new(ConversationKeys.PlatformOf(key), key, new Scope(key), TimeOnly.Parse(time, System.Globalization.CultureInfo.InvariantCulture),
            "Europe/Kyiv", query, "tg:42", setAt ?? T0.AddDays(-1));

    [Fact]
    public async Task UpsertAsync_SameKeyTwice_KeepsIdAndClearsFailuresAndPause()
    {
        var store = await StoreAsync();
        var first = await store.UpsertAsync(Spec("tg:1"));
        await store.RecordFailureAsync(first.Id, "blocked", pauseAfter: 1);
        Assert.True((await store.GetAsync("tg:1"))!.Paused);

        var at = T0.AddTicks(7).ToOffset(TimeSpan.FromHours(3));
        var second = await store.UpsertAsync(Spec("tg:1", "09:30", "speaker:doe", at));

        Assert.Equal(first.Id, second.Id);
        Assert.Equal(new TimeOnly(9, 30), second.LocalTime);
        Assert.Equal("speaker:doe", second.Query);
        Assert.Equal(at, second.ActiveSince);
        Assert.Equal(at.Offset, second.ActiveSince.Offset);
        Assert.False(second.Paused);
        Assert.Equal(0, second.ConsecutiveFailures);
        Assert.Null(second.LastFailure);
        Assert.Equal(second, await store.GetAsync("tg:1"));
        Assert.Equal([second], await store.ListAsync());
    }

    [Fact]
    public async Task TryClaimAsync_ManyInstancesAtOnce_ExactlyOneWinsEachDay()
    {
        var schema = await SchemaAsync();
        var stores = new List<PostgresScheduleStore>();
        for (var i = 0; i < 4; i++)
        {
            stores.Add(await StoreAsync(schema));
        }

        var sub = await stores[0].UpsertAsync(Spec("tg:1"));
        var attempts = Enumerable.Range(0, 40).Select(i =>
            Task.Run(() => stores[i % 4].TryClaimAsync(sub.Id, Day.AddDays(i % 2), "instance-" + (i % 4), T0)));

        var wins = await Task.WhenAll(attempts);

        Assert.Equal(2, wins.Count(w => w));
        Assert.NotNull(await stores[0].GetClaimAsync(sub.Id, Day));
        Assert.False(await stores[1].TryClaimAsync(sub.Id + 1000, Day, "x", T0)); // no such subscription
    }

    [Fact]
    public async Task ReleaseAsync_OnlyTheHoldersUnsentClaim_FreesTheDay()
    {
        var store = await StoreAsync();
        var sub = await store.UpsertAsync(Spec("tg:1"));
        Assert.True(await store.TryClaimAsync(sub.Id, Day, "a", T0));

        await store.ReleaseAsync(sub.Id, Day, "b", default);
        Assert.False(await store.TryClaimAsync(sub.Id, Day, "b", T0));

        await store.ReleaseAsync(sub.Id, Day, "a", default);
        Assert.True(await store.TryClaimAsync(sub.Id, Day, "b", T0));

        await store.MarkSentAsync(sub.Id, Day, 42, T0.AddSeconds(1));
        await store.ReleaseAsync(sub.Id, Day, "b", default);
        var claim = await store.GetClaimAsync(sub.Id, Day);
        Assert.Equal(("b", 42L, T0.AddSeconds(1)), (claim!.InstanceId, claim.QuoteId!.Value, claim.SentAt!.Value));
    }

    [Fact]
    public async Task RecordFailureAsync_ReachingTheLimit_PausesAndIsNotifiedOnce()
    {
        var store = await StoreAsync();
        var sub = await store.UpsertAsync(Spec("tg:1"));

        Assert.Equal(1, await store.RecordFailureAsync(sub.Id, "kicked", 2));
        Assert.False(await store.MarkPauseNotifiedAsync(sub.Id));
        Assert.Equal(2, await store.RecordFailureAsync(sub.Id, "kicked again", 2));
        var paused = await store.GetAsync("tg:1");
        Assert.True(paused!.Paused);
        Assert.Equal("kicked again", paused.LastFailure);

        Assert.True(await store.MarkPauseNotifiedAsync(sub.Id));
        Assert.False(await store.MarkPauseNotifiedAsync(sub.Id));
        Assert.Equal(3, await store.RecordFailureAsync(sub.Id, "still", 2));
        Assert.True((await store.GetAsync("tg:1"))!.PauseNotified);

        await store.ResumeAsync(sub.Id);
        var resumed = await store.GetAsync("tg:1");
        Assert.Equal((false, false, 0), (resumed!.Paused, resumed.PauseNotified, resumed.ConsecutiveFailures));
        await store.RecordFailureAsync(sub.Id, "x", 5);
        await store.MarkSentAsync(sub.Id, Day, null, T0);
        Assert.Equal(0, (await store.GetAsync("tg:1"))!.ConsecutiveFailures);
        Assert.Equal(0, await store.RecordFailureAsync(99_999, "none", 1));
    }

    [Fact]
    public async Task MoveConversationAsync_ToAFreeKey_MovesSubscriptionScopeAndClaims()
    {
        var store = await StoreAsync();
        var sub = await store.UpsertAsync(Spec("tg:-1"));
        await store.TryClaimAsync(sub.Id, Day, "a", T0);

        Assert.True(await store.MoveConversationAsync("tg:-1", "tg:-100"));

        Assert.Null(await store.GetAsync("tg:-1"));
        var moved = await store.GetAsync("tg:-100");
        Assert.Equal((sub.Id, "tg:-100"), (moved!.Id, moved.Scope.Key));
        Assert.False(await store.TryClaimAsync(sub.Id, Day, "b", T0));
        Assert.False(await store.MoveConversationAsync("tg:-1", "tg:-200"));
    }

    [Fact]
    public async Task MoveConversationAsync_ToATakenKey_RemovesTheOldOne()
    {
        var store = await StoreAsync();
        await store.UpsertAsync(Spec("tg:-1"));
        var target = await store.UpsertAsync(Spec("tg:-100", "10:00"));

        Assert.False(await store.MoveConversationAsync("tg:-1", "tg:-100"));

        Assert.Equal([target], await store.ListAsync());
    }

    [Fact]
    public async Task RemoveAsync_Subscription_DeletesItAndItsClaims()
    {
        var store = await StoreAsync();
        var sub = await store.UpsertAsync(Spec("tg:1"));
        await store.TryClaimAsync(sub.Id, Day, "a", T0);

        Assert.True(await store.RemoveAsync("tg:1"));
        Assert.False(await store.RemoveAsync("tg:1"));

        Assert.Null(await store.GetClaimAsync(sub.Id, Day));
        Assert.Empty(await store.ListAsync());
    }

    [Fact]
    public async Task RunDueAsync_TwoSchedulersOnOneDatabase_PostOnceEach()
    {
        var schema = await SchemaAsync();
        var quotes = new PostgresQuoteStore(schema.ConnectionString);
        await using var _ = quotes;
        await quotes.AddManyAsync(Enumerable.Range(0, 20).Select(i => new NewQuote { Text = $"Daily quote {i}", Speaker = "Jane Doe", AddedAt = T0 }), Actor.System);
        var time = new FakeTimeProvider(T0);
        var poster = new RecordingPoster();
        var options = Microsoft.Extensions.Options.Options.Create(new DailyOptions { SendInterval = TimeSpan.Zero });
        var first = await StoreAsync(schema);
        for (var i = 1; i <= 6; i++)
        {
            await first.UpsertAsync(Spec("tg:" + i));
        }

        async Task<int> RunAsync()
        {
            var schedules = await StoreAsync(schema);
            var source = new DailyQuoteSource(QuoteFinder.Over(quotes), quotes, options);
            var runner = new DailyPostRunner(schedules, source, [poster], options);
            var scheduler = new DailyPostScheduler(schedules, runner, new DailySignal(), time, options);
            return await scheduler.RunDueAsync(T0);
        }

        var counts = await Task.WhenAll(Task.Run(RunAsync), Task.Run(RunAsync));

        Assert.Equal(6, counts.Sum());
        Assert.Equal(6, poster.Sent.Count);
        Assert.Equal(6, poster.Sent.Distinct().Count());
        var again = await Task.WhenAll(Task.Run(RunAsync), Task.Run(RunAsync));
        Assert.Equal(0, again.Sum());
    }

    private sealed class RecordingPoster : IChannelPoster
    {
        public string Platform => "tg";

        public ConcurrentQueue<string> Sent { get; } = new();

        public async Task<PostOutcome> PostAsync(string conversationKey, Reply reply, CancellationToken ct)
        {
            await Task.Delay(20, ct);
            Sent.Enqueue(conversationKey);
            return PostOutcome.Sent;
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var db in _databases)
        {
            await db.DisposeAsync();
        }

        foreach (var s in _rented)
        {
            PostgresServer.Release(s);
        }
    }
}
