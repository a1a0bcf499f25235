using QuoteBot.Core.Follows;
using QuoteBot.Core.Model;

namespace QuoteBot.Tests.Shared;

/// <summary>Followed feeds: the same behaviour on every engine (validation, audit, re-follow, lease claims, backoff, pause).</summary>
public abstract partial class StoreContractTests
{
    private const string FeedA = "https://news.example/rss.xml";
    private const string FeedB = "https://other.example/atom";
    private static readonly Actor Mod = new("tg:7", "Mod Erator");

    private static IFollowStore Follows(StoreUnderTest t) =>
        t.Store as IFollowStore ?? throw new InvalidOperationException("every quote store keeps follows too");

    private static NewFollow NewFollowOf(Scope scope, string url, bool approve = false, int minutes = 0, string? conversation = "tg:-100") => new()
    {
        Scope = scope,
        FeedUrl = url,
        Title = "Brackwater Gazette",
        AutoApprove = approve,
        ConversationKey = conversation,
        At = T0.AddMinutes(minutes),
    };

    private static FollowPollResult Failed(int minutes, string error = "timeout") => new() { At = T0.AddMinutes(minutes), NextDueAt = T0.AddMinutes(minutes + 5), Error = error };

    [Fact]
    public async Task Follow_AddStoresEveryFieldDueAtOnce_ListPerScope_Audited()
    {
        await using var t = await CreateStoreAsync();
        var f = Follows(t);
        var a = await f.AddFollowAsync(NewFollowOf(ChatA, FeedA, approve: true), Mod);
        var b = await f.AddFollowAsync(NewFollowOf(ChatB, FeedA, minutes: 1, conversation: null), Alice);
        await f.AddFollowAsync(NewFollowOf(ChatA, FeedB, minutes: 2), Mod);

        Assert.Equal(FollowAddOutcome.Added, a.Outcome);
        Assert.Equal(FollowAddOutcome.Added, b.Outcome);
        Assert.NotEqual(a.Follow.Id, b.Follow.Id);
        var got = await f.GetFollowAsync(ChatA, FeedA);
        Assert.NotNull(got);
        Assert.Equal(a.Follow, got);
        Assert.Equal(ChatA, got.Scope);
        Assert.Equal(FeedA, got.FeedUrl);
        Assert.Equal("Brackwater Gazette", got.Title);
        Assert.True(got.AutoApprove);
        Assert.Equal(Mod.Id, got.AddedBy);
        Assert.Equal(Mod.DisplayName, got.AddedByName);
        Assert.Equal(T0, got.AddedAt);
        Assert.Equal(T0, got.NextDueAt);
        Assert.Equal("tg:-100", got.ConversationKey);
        Assert.Equal(FollowState.Ok, got.State);
        Assert.Null(got.LastSuccessAt);
        Assert.Null((await f.GetFollowAsync(ChatB, FeedA))!.ConversationKey);
        Assert.Null(await f.GetFollowAsync(ChatB, FeedB));

        Assert.Equal([FeedA, FeedB], (await f.ListFollowsAsync(ChatA)).Select(x => x.FeedUrl));
        Assert.Single(await f.ListFollowsAsync(ChatB));
        Assert.Equal(3, (await f.ListFollowsAsync(null)).Count);

        var audit = await f.GetFollowAuditAsync(ChatA);
        Assert.Equal(2, audit.Count);
        Assert.Equal(new FollowAuditEntry(a.Follow.Id, ChatA, FeedA, FollowActions.Follow, Mod.Id, Mod.DisplayName, T0, true), audit[0]);
        Assert.Equal(3, (await f.GetFollowAuditAsync(null)).Count);
    }

    [Fact]
    public async Task Follow_InvalidValues_AreRefusedAndNothingChanges()
    {
        await using var t = await CreateStoreAsync();
        var f = Follows(t);
        foreach (var bad in new[]
        {
            NewFollowOf(ChatA, "ftp://news.example/rss"),
            NewFollowOf(ChatA, "javascript:alert(1)"),
            NewFollowOf(ChatA, "https://user:pw@news.example/rss"),
            NewFollowOf(ChatA, "https://news.example/rss#top"),
            NewFollowOf(ChatA, "https://news.example/r ss"),
            NewFollowOf(ChatA, "https://news.example/" + new string('a', 2100)),
            NewFollowOf(ChatA, ""),
            NewFollowOf(new Scope("tg:abc"), FeedA),
            NewFollowOf(ChatA, FeedA) with { Title = "bad\u202Etitle" },
            NewFollowOf(ChatA, FeedA) with { ConversationKey = "tg:1\n2" },
        })
        {
            await Assert.ThrowsAsync<InvalidFollowException>(() => f.AddFollowAsync(bad, Mod));
        }

        await Assert.ThrowsAsync<InvalidFollowException>(() => f.AddFollowAsync(NewFollowOf(ChatA, FeedA), new Actor("", "nobody")));
        Assert.Empty(await f.ListFollowsAsync(null));
        Assert.Empty(await f.GetFollowAuditAsync(null));
    }

    [Fact]
    public async Task Follow_AgainChangesAutoApprove_ResumesAPausedFeed_UnchangedAddsNoAudit()
    {
        await using var t = await CreateStoreAsync();
        var f = Follows(t);
        var first = (await f.AddFollowAsync(NewFollowOf(ChatA, FeedA), Mod)).Follow;

        var same = await f.AddFollowAsync(NewFollowOf(ChatA, FeedA, minutes: 1), Mod);
        Assert.Equal(FollowAddOutcome.Unchanged, same.Outcome);
        Assert.Equal(first, same.Follow);

        var updated = await f.AddFollowAsync(NewFollowOf(ChatA, FeedA, approve: true, minutes: 2), Mod);
        Assert.Equal(FollowAddOutcome.Updated, updated.Outcome);
        Assert.True(updated.Follow.AutoApprove);
        Assert.Equal(first.Id, updated.Follow.Id);

        // Five failed polls pause it; following it again resumes it, due at once, failures cleared.
        for (var i = 0; i < 5; i++)
        {
            var claimed = await f.ClaimDueFollowsAsync(T0.AddHours(i + 1), "me", TimeSpan.FromMinutes(10), 10);
            Assert.Single(claimed);
            await f.RecordFollowPollAsync(first.Id, "me", Failed(60 * (i + 1)), pauseAfter: 5);
        }

        Assert.Equal(FollowState.Paused, (await f.GetFollowAsync(ChatA, FeedA))!.State);
        var resumed = await f.AddFollowAsync(NewFollowOf(ChatA, FeedA, approve: true, minutes: 600), Mod);
        Assert.Equal(FollowAddOutcome.Resumed, resumed.Outcome);
        Assert.False(resumed.Follow.Paused);
        Assert.False(resumed.Follow.PauseNotified);
        Assert.Equal(0, resumed.Follow.ConsecutiveFailures);
        Assert.Equal(T0.AddMinutes(600), resumed.Follow.NextDueAt);
        Assert.Single(await f.ClaimDueFollowsAsync(T0.AddMinutes(600), "me", TimeSpan.FromMinutes(10), 10));

        Assert.Equal(
            [FollowActions.Follow, FollowActions.Update, FollowActions.Pause, FollowActions.Resume],
            (await f.GetFollowAuditAsync(ChatA)).Select(a => a.Action));
    }

    [Fact]
    public async Task Unfollow_RemovesOnlyThatScopesFollow_Audited()
    {
        await using var t = await CreateStoreAsync();
        var f = Follows(t);
        await f.AddFollowAsync(NewFollowOf(ChatA, FeedA), Mod);
        await f.AddFollowAsync(NewFollowOf(ChatB, FeedA), Alice);

        var removed = await f.RemoveFollowAsync(ChatA, FeedA, Mod, T0.AddMinutes(5));
        Assert.NotNull(removed);
        Assert.Equal(FeedA, removed.FeedUrl);
        Assert.Null(await f.RemoveFollowAsync(ChatA, FeedA, Mod, T0.AddMinutes(6)));
        Assert.Null(await f.GetFollowAsync(ChatA, FeedA));
        Assert.NotNull(await f.GetFollowAsync(ChatB, FeedA));
        var audit = await f.GetFollowAuditAsync(ChatA);
        Assert.Equal([FollowActions.Follow, FollowActions.Unfollow], audit.Select(a => a.Action));
        Assert.Equal(T0.AddMinutes(5), audit[1].At);
        Assert.Equal(Mod.Id, audit[1].ActorId);
    }

    [Fact]
    public async Task Claim_TakesDueFollowsOnce_UntilTheLeaseRunsOutOrThePollIsBooked()
    {
        await using var t = await CreateStoreAsync();
        var f = Follows(t);
        var a = (await f.AddFollowAsync(NewFollowOf(ChatA, FeedA), Mod)).Follow;
        var b = (await f.AddFollowAsync(NewFollowOf(ChatA, FeedB, minutes: 30), Mod)).Follow;
        var lease = TimeSpan.FromMinutes(10);

        Assert.Empty(await f.ClaimDueFollowsAsync(T0.AddSeconds(-1), "one", lease, 10));
        var first = await f.ClaimDueFollowsAsync(T0.AddMinutes(1), "one", lease, 10);
        Assert.Equal([a.Id], first.Select(x => x.Id));
        Assert.Empty(await f.ClaimDueFollowsAsync(T0.AddMinutes(2), "two", lease, 10)); // held by "one"

        // Someone else may not book it; the lease running out frees it.
        Assert.Null(await f.RecordFollowPollAsync(a.Id, "two", new FollowPollResult { At = T0.AddMinutes(2), NextDueAt = T0.AddMinutes(32) }, 5));
        Assert.Equal([a.Id], (await f.ClaimDueFollowsAsync(T0.AddMinutes(12), "two", lease, 10)).Select(x => x.Id));
        Assert.Null(await f.RecordFollowPollAsync(a.Id, "one", new FollowPollResult { At = T0.AddMinutes(12), NextDueAt = T0.AddMinutes(42) }, 5));

        var ok = await f.RecordFollowPollAsync(a.Id, "two", new FollowPollResult { At = T0.AddMinutes(13), NextDueAt = T0.AddMinutes(43), ETag = "\"v1\"", LastModified = T0 }, 5);
        Assert.NotNull(ok);
        Assert.Equal(T0.AddMinutes(13), ok.LastSuccessAt);
        Assert.Equal(T0.AddMinutes(13), ok.LastPolledAt);
        Assert.Equal(T0.AddMinutes(43), ok.NextDueAt);
        Assert.Equal("\"v1\"", ok.ETag);
        Assert.Equal(T0, ok.LastModified);
        Assert.Equal(ok, await f.GetFollowAsync(ChatA, FeedA));

        // At 30 min only b is due (a is due at 43); the limit takes the earliest first.
        Assert.Equal([b.Id], (await f.ClaimDueFollowsAsync(T0.AddMinutes(30), "one", lease, 10)).Select(x => x.Id));
        await f.RecordFollowPollAsync(b.Id, "one", new FollowPollResult { At = T0.AddMinutes(30), NextDueAt = T0.AddMinutes(50) }, 5);
        Assert.Equal([a.Id], (await f.ClaimDueFollowsAsync(T0.AddMinutes(60), "one", lease, 1)).Select(x => x.Id));
    }

    [Fact]
    public async Task Claim_ConcurrentClaimers_EachFollowGoesToOneOnly()
    {
        await using var t = await CreateStoreAsync();
        var f = Follows(t);
        for (var i = 0; i < 12; i++)
        {
            await f.AddFollowAsync(NewFollowOf(ChatA, $"https://news.example/feed{i}.xml"), Mod);
        }

        var claims = await Task.WhenAll(Enumerable.Range(0, 4).Select(n => Task.Run(() =>
            f.ClaimDueFollowsAsync(T0.AddMinutes(1), "claimer" + n, TimeSpan.FromMinutes(10), 5))));
        var ids = claims.SelectMany(c => c.Select(x => x.Id)).ToList();
        Assert.Equal(12, ids.Count);
        Assert.Equal(12, ids.Distinct().Count());
    }

    [Fact]
    public async Task Poll_FailuresCountAndPauseAtTheLimit_SuccessClearsThem_PauseToldOnce()
    {
        await using var t = await CreateStoreAsync();
        var f = Follows(t);
        var a = (await f.AddFollowAsync(NewFollowOf(ChatA, FeedA), Mod)).Follow;
        Assert.False(await f.SetFollowPauseNotifiedAsync(a.Id, true)); // not paused: nothing to tell

        await f.ClaimDueFollowsAsync(T0, "me", TimeSpan.FromMinutes(10), 10);
        var one = await f.RecordFollowPollAsync(a.Id, "me", Failed(0, "the feed answered 503"), pauseAfter: 3);
        Assert.Equal(1, one!.ConsecutiveFailures);
        Assert.Equal(FollowState.Failing, one.State);
        Assert.Equal("failing 1", one.StateText);
        Assert.Equal("the feed answered 503", one.LastError);
        Assert.Equal(T0.AddMinutes(5), one.NextDueAt);

        await f.ClaimDueFollowsAsync(T0.AddMinutes(5), "me", TimeSpan.FromMinutes(10), 10);
        var fine = await f.RecordFollowPollAsync(a.Id, "me", new FollowPollResult { At = T0.AddMinutes(5), NextDueAt = T0.AddMinutes(35) }, 3);
        Assert.Equal(0, fine!.ConsecutiveFailures);
        Assert.Null(fine.LastError);
        Assert.Equal(FollowState.Ok, fine.State);

        Follow? last = null;
        for (var i = 0; i < 3; i++)
        {
            var now = T0.AddHours(i + 1);
            Assert.Single(await f.ClaimDueFollowsAsync(now, "me", TimeSpan.FromMinutes(10), 10));
            last = await f.RecordFollowPollAsync(a.Id, "me", Failed(60 * (i + 1)), pauseAfter: 3);
        }

        Assert.True(last!.Paused);
        Assert.Equal(3, last.ConsecutiveFailures);
        Assert.Empty(await f.ClaimDueFollowsAsync(T0.AddDays(2), "me", TimeSpan.FromMinutes(10), 10)); // paused: never due

        Assert.True(await f.SetFollowPauseNotifiedAsync(a.Id, true));
        Assert.False(await f.SetFollowPauseNotifiedAsync(a.Id, true));
        Assert.True((await f.GetFollowAsync(ChatA, FeedA))!.PauseNotified);
        Assert.True(await f.SetFollowPauseNotifiedAsync(a.Id, false));
        Assert.Single(await f.GetFollowAuditAsync(ChatA), x => x.Action == FollowActions.Pause && x.ActorId == Actor.System.Id);
    }

    [Fact]
    public async Task Poll_BadValuesAreRefusedAndTheClaimStays()
    {
        await using var t = await CreateStoreAsync();
        var f = Follows(t);
        var a = (await f.AddFollowAsync(NewFollowOf(ChatA, FeedA), Mod)).Follow;
        await f.ClaimDueFollowsAsync(T0, "me", TimeSpan.FromMinutes(10), 10);
        await Assert.ThrowsAsync<InvalidFollowException>(() => f.RecordFollowPollAsync(a.Id, "me", Failed(1, "two\nlines"), 5));
        await Assert.ThrowsAsync<InvalidFollowException>(() => f.RecordFollowPollAsync(a.Id, "me", Failed(1, new string('x', 600)), 5));
        var kept = await f.GetFollowAsync(ChatA, FeedA);
        Assert.Equal(0, kept!.ConsecutiveFailures);
        Assert.NotNull(await f.RecordFollowPollAsync(a.Id, "me", Failed(1), 5)); // still claimed by "me"
    }
}
