using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using QuoteBot.Core.Commands;
using QuoteBot.Core.Daily;
using QuoteBot.Core.Follows;
using QuoteBot.Core.Model;
using QuoteBot.Core.Search;
using QuoteBot.Core.Storage;
using QuoteBot.Ingest.Feeds;

namespace QuoteBot.Ingest.Tests;

/// <summary>Keeps the notices the poller posts.</summary>
internal sealed class NoticePoster : IChannelPoster
{
    public ConcurrentQueue<(string Conversation, string Text)> Posts { get; } = new();

    public string Platform => "tg";

    public Task<PostOutcome> PostAsync(string conversationKey, Reply reply, CancellationToken ct)
    {
        Posts.Enqueue((conversationKey, ((MessageReply)reply).Text));
        return Task.FromResult(PostOutcome.Sent);
    }
}

/// <summary>The poller as the host builds it (AddIngest + AddFeedFollowing) over an in-memory store, with test settings.</summary>
/// <summary>The in-memory store as the poller's follow store, noting how many follows each claim asked for.</summary>
internal sealed class ClaimCounter(InMemoryQuoteStore store) : IFollowStore
{
    public ConcurrentQueue<int> Limits { get; } = new();

    public Task<FollowAddResult> AddFollowAsync(NewFollow follow, Actor actor, CancellationToken ct = default) => store.AddFollowAsync(follow, actor, ct);

    public Task<Follow?> GetFollowAsync(Scope scope, string feedUrl, CancellationToken ct = default) => store.GetFollowAsync(scope, feedUrl, ct);

    public Task<IReadOnlyList<Follow>> ListFollowsAsync(Scope? scope, CancellationToken ct = default) => store.ListFollowsAsync(scope, ct);

    public Task<Follow?> RemoveFollowAsync(Scope scope, string feedUrl, Actor actor, DateTimeOffset at, CancellationToken ct = default) =>
        store.RemoveFollowAsync(scope, feedUrl, actor, at, ct);

    public Task<IReadOnlyList<Follow>> ClaimDueFollowsAsync(DateTimeOffset now, string instanceId, TimeSpan lease, int limit, CancellationToken ct = default)
    {
        Limits.Enqueue(limit);
        return store.ClaimDueFollowsAsync(now, instanceId, lease, limit, ct);
    }

    public Task<Follow?> RecordFollowPollAsync(long followId, string instanceId, FollowPollResult result, int pauseAfter, CancellationToken ct = default) =>
        store.RecordFollowPollAsync(followId, instanceId, result, pauseAfter, ct);

    public Task<bool> SetFollowPauseNotifiedAsync(long followId, bool notified, CancellationToken ct = default) => store.SetFollowPauseNotifiedAsync(followId, notified, ct);

    public Task<IReadOnlyList<FollowAuditEntry>> GetFollowAuditAsync(Scope? scope, CancellationToken ct = default) => store.GetFollowAuditAsync(scope, ct);
}

internal sealed class PollKit : IDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);

    private PollKit(ServiceProvider services, FakeTimeProvider? time)
    {
        Services = services;
        Time = time;
    }

    public ServiceProvider Services { get; }

    public FakeTimeProvider? Time { get; }

    public InMemoryQuoteStore Store => Services.GetRequiredService<InMemoryQuoteStore>();

    public FeedPoller Poller => Services.GetRequiredService<FeedPoller>();

    public NoticePoster Notices => Services.GetRequiredService<NoticePoster>();

    public ClaimCounter Claims => Services.GetRequiredService<ClaimCounter>();

    /// <summary>With <paramref name="fakeTime"/> the clock is a FakeTimeProvider at <see cref="Start"/>; else the real one.
    /// A key starting "Ingest:" sets a fetch option; any other key is a "Feeds:" option.</summary>
    public static PollKit Create(bool fakeTime = true, params (string Key, string? Value)[] feeds)
    {
        var ingest = FetchKit.Settings(("Retries", "0"));
        foreach (var (key, value) in feeds.Where(f => f.Key.StartsWith("Ingest:", StringComparison.Ordinal)))
        {
            ingest[key] = value;
        }

        var settings = new Dictionary<string, string?>(ingest)
        {
            ["Feeds:Jitter"] = "00:00:00",
            ["Feeds:PollInterval"] = "00:30:00",
            ["Feeds:RetryDelay"] = "00:05:00",
        };
        foreach (var (key, value) in feeds.Where(f => !f.Key.StartsWith("Ingest:", StringComparison.Ordinal)))
        {
            settings["Feeds:" + key] = value;
        }

        var time = fakeTime ? new FakeTimeProvider(Start) : null;
        var config = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var sp = FetchKit.Services(ingest, more: services =>
        {
            if (time is not null)
            {
                services.AddSingleton<TimeProvider>(time);
            }

            services.AddSingleton<ClaimCounter>();
            services.AddSingleton<IFollowStore>(p => p.GetRequiredService<ClaimCounter>());
            services.AddSingleton<NoticePoster>();
            services.AddSingleton<IChannelPoster>(p => p.GetRequiredService<NoticePoster>());
            services.AddFeedFollowing(config);
        });
        _ = sp.GetRequiredService<IOptions<FeedPollerOptions>>().Value;
        return new PollKit(sp, time);
    }

    public DateTimeOffset Now => Time?.GetUtcNow() ?? DateTimeOffset.UtcNow;

    public async Task<Follow> FollowAsync(string url, Scope scope, bool approve = false) =>
        (await Store.AddFollowAsync(new NewFollow { Scope = scope, FeedUrl = url, AutoApprove = approve, ConversationKey = scope.Key, At = Now }, new Actor("tg:1", "mod"))).Follow;

    public async Task<List<Quote>> QuotesAsync()
    {
        var list = new List<Quote>();
        await foreach (var q in Store.ExportAsync())
        {
            list.Add(q);
        }

        return list;
    }

    public void Dispose() => Services.Dispose();
}

public sealed class FeedPollerTests : IAsyncLifetime
{
    private static readonly Scope Chat = Scope.Telegram(-1001);
    private TestSite _site = null!;

    public async Task InitializeAsync() => _site = await TestSite.StartAsync();

    public async Task DisposeAsync() => await _site.DisposeAsync();

    private const string FerryArticle = """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>Ferry to Gullholm runs again | The Brackwater Gazette</title></head>
        <body><article>
        <h1>Ferry to Gullholm runs again</h1>
        <p>The old ferry to Gullholm island sailed again on Monday after a winter in the repair dock.</p>
        <p>"Three months without a boat felt like three years," said islander Marta Quell as she stepped ashore.</p>
        <p>The harbour office said the crossing would run twice a day until the summer timetable starts.</p>
        <p>"We replaced the engine and every rope on board," said harbour master Oskar Lind.</p>
        </article></body></html>
        """;

    private void Feed(string path, params string[] articles) =>
        _site.Page(path, Samples.Rss(articles.Select((a, i) => ($"Story {i}", _site.Url(a), "urn:" + a)).ToArray()), "application/rss+xml; charset=utf-8");

    private static async Task WaitForAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting for " + what);
            await Task.Delay(10);
        }
    }

    private static async Task<DateTimeOffset> WaitForSleepAsync(FeedPoller poller, int passesAfter)
    {
        DateTimeOffset? until = null;
        await WaitForAsync(() => Task.FromResult(poller.Passes > passesAfter && (until = poller.WaitingUntil) is not null), "the poller to sleep");
        return until!.Value;
    }

    [Fact]
    public async Task Running_OnAFakeClock_BringsNewItemsInOnItsOwn_RepeatedItemsAddNothing()
    {
        _site.Page("/a1", Samples.Article("Harbour town votes to rebuild its old pier"));
        _site.Page("/a2", FerryArticle);
        Feed("/feed.xml", "/a1");
        using var kit = PollKit.Create(true, ("CheckInterval", "01:00:00"));
        await kit.FollowAsync(_site.Url("/feed.xml"), Chat);
        await kit.Poller.StartAsync(default);
        try
        {
            // The first pass runs at once: the one item comes in, pending.
            var until = await WaitForSleepAsync(kit.Poller, 0);
            Assert.Equal(2, (await kit.QuotesAsync()).Count);
            Assert.All(await kit.QuotesAsync(), q => Assert.Equal(QuoteStatus.Pending, q.Status));
            Assert.Equal(PollKit.Start.AddMinutes(30), until); // the next check of the feed

            // Half an hour later the feed repeats a1 and adds a2: only a2 is fetched and stored.
            Feed("/feed.xml", "/a2", "/a1");
            var passes = kit.Poller.Passes;
            kit.Time!.SetUtcNow(until);
            await WaitForSleepAsync(kit.Poller, passes);
            var quotes = await kit.QuotesAsync();
            Assert.Equal(4, quotes.Count);
            Assert.Equal(2, quotes.Count(q => q.Source.Url == _site.Url("/a2")));
            Assert.Equal(1, _site.HitsOf("/a1"));
            Assert.Equal(1, _site.HitsOf("/a2"));
            Assert.Equal(2, _site.HitsOf("/feed.xml"));

            // Nothing new: a third check adds nothing.
            passes = kit.Poller.Passes;
            kit.Time.SetUtcNow(kit.Poller.WaitingUntil ?? until.AddMinutes(30));
            await WaitForAsync(() => Task.FromResult(_site.HitsOf("/feed.xml") == 3 && kit.Poller.Passes > passes), "the third check");
            Assert.Equal(4, (await kit.QuotesAsync()).Count);
            var f = (await kit.Store.ListFollowsAsync(Chat)).Single();
            Assert.Equal(FollowState.Ok, f.State);
            Assert.NotNull(f.LastSuccessAt);
        }
        finally
        {
            await kit.Poller.StopAsync(default);
        }
    }

    [Fact]
    public async Task NotModified_304_IsASuccessThatAddsNothing_AndTheValidatorsAreSentBack()
    {
        _site.Page("/a1", Samples.Article());
        var body = Samples.Rss(("Pier", _site.Url("/a1"), "urn:a1"));
        var conditional = MapETagFeed("/etag.xml", body);
        using var kit = PollKit.Create();
        var follow = await kit.FollowAsync(_site.Url("/etag.xml"), Chat);

        var first = Assert.Single(await kit.Poller.RunDueAsync(kit.Now));
        Assert.True(first.Ok);
        Assert.Equal(1, first.ArticlesAdded);
        Assert.Equal("\"v1\"", first.After!.ETag);

        kit.Time!.Advance(TimeSpan.FromMinutes(30));
        var second = Assert.Single(await kit.Poller.RunDueAsync(kit.Now));
        Assert.True(second.Ok);
        Assert.True(second.NotModified);
        Assert.Equal(0, second.ArticlesAdded);
        Assert.Equal(["", "\"v1\""], conditional.ToArray());
        var after = (await kit.Store.GetFollowAsync(Chat, follow.FeedUrl))!;
        Assert.Equal("\"v1\"", after.ETag);
        Assert.Equal(kit.Now, after.LastSuccessAt);
        Assert.Equal(kit.Now.AddMinutes(30), after.NextDueAt);
        Assert.Equal(2, (await kit.QuotesAsync()).Count);
        Assert.Equal(1, _site.HitsOf("/a1"));
    }

    [Fact]
    public async Task DeadFeed_BacksOffExponentially_ThenPausesWithExactlyOneNotice_WhileTheGoodFeedKeepsBeingPolled()
    {
        _site.Page("/a1", Samples.Article());
        Feed("/good.xml", "/a1");
        _site.Map("/dead.xml", ctx =>
        {
            ctx.Response.StatusCode = 503;
            return Task.CompletedTask;
        });
        using var kit = PollKit.Create();
        var good = await kit.FollowAsync(_site.Url("/good.xml"), Chat);
        var dead = await kit.FollowAsync(_site.Url("/dead.xml"), Chat);

        var deadChecks = new List<DateTimeOffset>();
        var goodChecks = new List<DateTimeOffset>();
        for (var minute = 0; minute <= 12 * 60; minute++)
        {
            kit.Time!.SetUtcNow(PollKit.Start.AddMinutes(minute));
            foreach (var r in await kit.Poller.RunDueAsync(kit.Now))
            {
                (r.FollowId == dead.Id ? deadChecks : goodChecks).Add(kit.Now);
                Assert.Equal(r.FollowId == good.Id, r.Ok);
            }
        }

        // 5, 10, 20 and 40 minutes between the five failed checks, then no more.
        Assert.Equal([0, 5, 15, 35, 75], deadChecks.Select(t => (int)(t - PollKit.Start).TotalMinutes));
        var paused = (await kit.Store.GetFollowAsync(Chat, dead.FeedUrl))!;
        Assert.True(paused.Paused);
        Assert.Equal(5, paused.ConsecutiveFailures);
        Assert.Contains("503", paused.LastError, StringComparison.Ordinal);
        Assert.Equal(5, _site.HitsOf("/dead.xml"));

        // The good feed every 30 minutes all along.
        Assert.Equal(25, goodChecks.Count);
        Assert.Equal(FollowState.Ok, (await kit.Store.GetFollowAsync(Chat, good.FeedUrl))!.State);

        var (conversation, text) = Assert.Single(kit.Notices.Posts);
        Assert.Equal(Chat.Key, conversation);
        Assert.StartsWith($"Feed paused: {dead.FeedUrl} failed 5 checks in a row (last: ", text, StringComparison.Ordinal);
        Assert.True(paused.PauseNotified);
        Assert.Null(await new FollowPauseNotice(kit.Store).TakeAsync(new CommandContext(Chat, Chat.Key, new Actor("tg:1", "mod"), (_, _) => ValueTask.FromResult(true)), default));
    }

    [Fact]
    public async Task SlowHugeMalformedAndLoopingFeeds_EachFailAlone_TheGoodFeedStillComesIn()
    {
        _site.Page("/a1", Samples.Article());
        Feed("/good.xml", "/a1");
        _site.Map("/slow.xml", async ctx =>
        {
            ctx.Response.ContentType = "application/rss+xml";
            await ctx.Response.WriteAsync("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel>");
            await ctx.Response.Body.FlushAsync();
            await Task.Delay(TimeSpan.FromSeconds(30), ctx.RequestAborted);
        });
        _site.Bytes("/huge.xml", new byte[2 * 1024 * 1024], "application/rss+xml");
        _site.Page("/broken.xml", "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><item><title>unclosed", "application/rss+xml");
        _site.Redirect("/loop.xml", "/loop.xml");
        _site.Page("/page.html", Samples.Article());
        // A 1 MB body limit (the default is 5 MB) so that the huge feed fails on its size well inside the feed time
        // limit even on a loaded machine; the time limit cuts the slow feed (30 s) at 10 s and leaves each of the others,
        // checked at the same time, 10 s on a busy machine.
        using var kit = PollKit.Create(fakeTime: false, ("FeedTimeout", "00:00:10"), ("Ingest:MaxBodyBytes", "1048576"));
        foreach (var path in new[] { "/slow.xml", "/huge.xml", "/broken.xml", "/loop.xml", "/page.html", "/good.xml" })
        {
            await kit.FollowAsync(_site.Url(path), Chat);
        }

        var started = DateTime.UtcNow;
        var reports = (await kit.Poller.RunDueAsync(kit.Now)).ToDictionary(r => new Uri(r.FeedUrl).AbsolutePath);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(25), "the slow feed (30 s) was cut at its time limit"); // margin for a busy machine

        Assert.True(reports["/good.xml"].Ok);
        Assert.Equal(2, reports["/good.xml"].QuotesAdded);
        Assert.Contains("took longer than", reports["/slow.xml"].Error, StringComparison.Ordinal);
        Assert.Contains("MB", reports["/huge.xml"].Error, StringComparison.Ordinal);
        Assert.Contains("not a readable RSS or Atom feed", reports["/broken.xml"].Error, StringComparison.Ordinal);
        Assert.Contains("redirects", reports["/loop.xml"].Error, StringComparison.Ordinal);
        Assert.Contains("not a feed", reports["/page.html"].Error, StringComparison.Ordinal);
        foreach (var f in await kit.Store.ListFollowsAsync(Chat))
        {
            Assert.Equal(f.FeedUrl.EndsWith("/good.xml", StringComparison.Ordinal) ? 0 : 1, f.ConsecutiveFailures);
            Assert.DoesNotContain('\n', f.LastError ?? string.Empty);
        }
    }

    [Fact]
    public async Task AutoApprove_QuotesAreSearchableAtOnce()
    {
        _site.Page("/a1", Samples.Article());
        Feed("/feed.xml", "/a1");
        using var kit = PollKit.Create();
        await kit.FollowAsync(_site.Url("/feed.xml"), Chat, approve: true);

        var report = Assert.Single(await kit.Poller.RunDueAsync(kit.Now));
        Assert.Equal(2, report.QuotesAdded);
        var page = await kit.Store.SearchAsync(QueryParser.Parse("fish").Query!, Visibility.For(Chat), 0, 10);
        var quote = Assert.Single(page.Items);
        Assert.Equal(QuoteStatus.Active, quote.Status);
        Assert.Equal("Ilse Varnaby", quote.Speaker);
        Assert.Empty(await kit.Store.ListPendingAsync(Chat, 0, 10));
    }

    [Fact]
    public async Task Follow_ThroughTheFeedCheck_RefusesAPrivateAddressUnlessAllowed_AndPagesThatAreNoFeed()
    {
        Feed("/feed.xml");
        _site.Page("/page.html", Samples.Article());
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>()).Build();
        using var strict = FetchKit.Services(FetchKit.Settings(("AllowPrivateNetworks", "false")), more: s =>
        {
            s.AddSingleton<IFollowStore>(p => p.GetRequiredService<InMemoryQuoteStore>());
            s.AddFeedFollowing(config);
        });
        var refused = await strict.GetRequiredService<FollowService>().FollowAsync(Chat, _site.Url("/feed.xml"), false, Actor.Local, null);
        Assert.False(refused.Ok);
        Assert.Contains("Ingest__AllowPrivateNetworks=true", refused.Error, StringComparison.Ordinal);
        Assert.Empty(await strict.GetRequiredService<InMemoryQuoteStore>().ListFollowsAsync(null));
        Assert.Equal(0, _site.HitsOf("/feed.xml"));

        using var open = FetchKit.Services(FetchKit.Settings(), more: s =>
        {
            s.AddSingleton<IFollowStore>(p => p.GetRequiredService<InMemoryQuoteStore>());
            s.AddFeedFollowing(config);
        });
        var follows = open.GetRequiredService<FollowService>();
        var page = await follows.FollowAsync(Chat, _site.Url("/page.html"), false, Actor.Local, null);
        Assert.Contains("not a feed", page.Error, StringComparison.Ordinal);
        var ok = await follows.FollowAsync(Chat, _site.Url("/feed.xml?utm_source=x#top"), true, Actor.Local, null);
        Assert.True(ok.Ok);
        Assert.Equal(_site.Url("/feed.xml"), ok.Result!.Follow.FeedUrl);
        Assert.Equal("Brackwater Gazette", ok.Result.Follow.Title);
    }

    [Fact]
    public void Options_DefaultsAreValid_BadValuesGiveOneLineEach()
    {
        var validator = new FeedPollerOptionsValidator();
        var defaults = new FeedPollerOptions();
        Assert.True(validator.Validate(null, defaults).Succeeded);
        Assert.Equal(TimeSpan.FromMinutes(30), defaults.PollInterval);
        Assert.Equal(5, defaults.PauseAfterFailures);

        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["PollInterval"] = "soon",
            ["PauseAfterFailures"] = "0",
            ["Jitter"] = "01:00:00",
            ["FeedTimeout"] = "00:20:00",
        }).Build();
        var bad = new FeedPollerOptions();
        FeedPollerOptions.Bind(config, bad);
        var result = validator.Validate(null, bad);
        Assert.False(result.Succeeded);
        Assert.Equal(
            [
                "Feeds:PollInterval must be a time span like 00:30:00.",
                "Feeds:Jitter must be between 00:00:00 and half of Feeds:PollInterval.",
                "Feeds:ClaimLease must be longer than Feeds:FeedTimeout and at most 02:00:00.",
                "Feeds:PauseAfterFailures must be between 1 and 100.",
            ],
            result.Failures);
    }

    [Fact]
    public async Task AnItemFails_TheFeedKeepsItsOldValidators_SoTheNextCheckRetriesTheItem()
    {
        var body = Samples.Rss(("Gone", _site.Url("/not-there"), "urn:gone"));
        var conditional = MapETagFeed("/etag-gone.xml", body);
        using var kit = PollKit.Create();
        await kit.FollowAsync(_site.Url("/etag-gone.xml"), Chat);

        var first = Assert.Single(await kit.Poller.RunDueAsync(kit.Now));
        Assert.Equal(1, first.ItemsFailed);
        Assert.Null(first.After!.ETag);

        kit.Time!.Advance(TimeSpan.FromMinutes(30));
        var second = Assert.Single(await kit.Poller.RunDueAsync(kit.Now));
        Assert.False(second.NotModified);
        Assert.Equal(["", ""], conditional.ToArray());
    }

    [Fact]
    public async Task ManyDueFeeds_AreClaimedOnlyAsManyAsAreCheckedAtOnce_SoNoClaimWaitsInLine()
    {
        _site.Page("/a1", Samples.Article());
        using var kit = PollKit.Create(true, ("MaxConcurrentFeeds", "2"));
        for (var i = 0; i < 5; i++)
        {
            var path = "/many" + i.ToString(System.Globalization.CultureInfo.InvariantCulture) + ".xml";
            _site.Page(path, Samples.Rss(("Pier", _site.Url("/a1"), "urn:a1")), "application/rss+xml");
            await kit.FollowAsync(_site.Url(path), Chat);
        }

        var reports = await kit.Poller.RunDueAsync(kit.Now);

        Assert.Equal(5, reports.Count);
        Assert.All(reports, r => Assert.True(r.Ok, r.Error));
        Assert.Equal([2, 2, 2], kit.Claims.Limits.ToArray());
    }

    [Fact]
    public void NextDelay_ManyFailuresWithALongRetryDelay_StaysAtTheCap()
    {
        using var kit = PollKit.Create(true, ("RetryDelay", "12:00:00"), ("MaxBackoff", "1.00:00:00"), ("PauseAfterFailures", "100"));
        Assert.All(Enumerable.Range(2, 99), n => Assert.Equal(TimeSpan.FromDays(1), kit.Poller.NextDelay(n)));
    }

    [Fact]
    public void NextDelay_DoublesPerFailureUpToTheCap_AndJitterStaysWithinItsRange()
    {
        using var kit = PollKit.Create(true, ("MaxBackoff", "00:30:00"));
        Assert.Equal(TimeSpan.FromMinutes(30), kit.Poller.NextDelay(0));
        Assert.Equal(
            [5, 10, 20, 30, 30],
            Enumerable.Range(1, 5).Select(n => (int)kit.Poller.NextDelay(n).TotalMinutes));

        using var jittered = PollKit.Create(true, ("Jitter", "00:03:00"));
        var delays = Enumerable.Range(0, 200).Select(_ => jittered.Poller.NextDelay(0)).ToArray();
        Assert.All(delays, d => Assert.InRange(d, TimeSpan.FromMinutes(27), TimeSpan.FromMinutes(33)));
        Assert.True(delays.Distinct().Count() > 100);
    }

    /// <summary>A feed with ETag "v1" that answers 304 to that validator; the queue holds each request's If-None-Match.</summary>
    private ConcurrentQueue<string> MapETagFeed(string path, string body)
    {
        var conditional = new ConcurrentQueue<string>();
        _site.Map(path, ctx =>
        {
            var inm = ctx.Request.Headers.IfNoneMatch.ToString();
            conditional.Enqueue(inm);
            if (inm == "\"v1\"")
            {
                ctx.Response.StatusCode = StatusCodes.Status304NotModified;
                return Task.CompletedTask;
            }

            ctx.Response.Headers.ETag = "\"v1\"";
            ctx.Response.ContentType = "application/rss+xml";
            return ctx.Response.WriteAsync(body);
        });
        return conditional;
    }
}
