using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using QuoteBot.Core.Follows;
using QuoteBot.Core.Model;
using QuoteBot.Core.Storage;
using QuoteBot.Ingest.Feeds;
using QuoteBot.Telegram.Tests.Fakes;

namespace QuoteBot.Host.Tests.Postgres;

/// <summary>
/// Issue #13: two whole bot processes on one PostgreSQL database follow the same feed; each check of the feed is made
/// by one of them only (lease claims in the follows table), and its article is stored once.
/// </summary>
[RequiresPostgres]
public sealed class FeedScaleOutTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Noon = new(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);
    private static readonly Scope Chat = Scope.Telegram(-100777);

    private readonly FakeTimeProvider _time = new(Noon);
    private readonly ConcurrentDictionary<string, int> _hits = new(StringComparer.Ordinal);
    private readonly List<PostgresBotHost> _hosts = [];
    private TestSchema _schema = null!;
    private FakeBotApi _api = null!;
    private WebApplication _site = null!;
    private string _base = null!;

    public async Task InitializeAsync()
    {
        _schema = await PostgresServer.CreateSchemaAsync();
        _api = await FakeBotApi.StartAsync();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        _site = builder.Build();
        _site.Run(async ctx =>
        {
            var path = ctx.Request.Path.Value ?? "/";
            _hits.AddOrUpdate(path, 1, (_, n) => n + 1);
            if (path == "/feed.xml")
            {
                // Slow enough that two pollers asking at once would both be inside it.
                await Task.Delay(200);
                ctx.Response.ContentType = "application/rss+xml";
                await ctx.Response.WriteAsync($"<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Gazette</title><link>{_base}/</link><description>d</description><item><title>Pier</title><link>{_base}/pier</link><guid>urn:pier</guid></item></channel></rss>");
            }
            else if (path == "/pier")
            {
                ctx.Response.ContentType = "text/html; charset=utf-8";
                await ctx.Response.WriteAsync("""
                    <html><head><title>Pier vote | Gazette</title></head><body><article><h1>Pier vote</h1>
                    <p>The council voted on Tuesday to rebuild the old wooden pier.</p>
                    <p>"This pier is where half of this town learned to fish," said Mayor Ilse Varnaby after the vote.</p>
                    <p>Work is due to start in the spring.</p></article></body></html>
                    """);
            }
            else
            {
                ctx.Response.StatusCode = 404;
            }
        });
        await _site.StartAsync();
        _base = _site.Urls.Single().Replace("[::1]", "127.0.0.1", StringComparison.Ordinal);
    }

    public async Task DisposeAsync()
    {
        foreach (var host in _hosts)
        {
            await host.DisposeAsync();
        }

        await _site.DisposeAsync();
        await _api.DisposeAsync();
        await _schema.DisposeAsync();
    }

    private PostgresBotHost NewHost(string instanceId)
    {
        var host = PostgresBotHost.Build(_schema.ConnectionString, _api, _time, instanceId, new Dictionary<string, string?>
        {
            ["Ingest:AllowPrivateNetworks"] = "true",
            ["Ingest:PerHostInterval"] = "00:00:00",
            ["Ingest:Retries"] = "0",
            // The hosts' own loops are off: the test runs both pollers' passes at the same moments.
            ["Feeds:Enabled"] = "false",
            ["Feeds:Jitter"] = "00:00:00",
            ["Feeds:InstanceId"] = instanceId,
        });
        _hosts.Add(host);
        return host;
    }

    [Fact]
    public async Task TwoHostsPollingTogether_EachCheckIsMadeOnce_TheArticleIsStoredOnce()
    {
        var a = NewHost("feeds-a");
        var b = NewHost("feeds-b");
        await Task.WhenAll(a.StartAsync(), b.StartAsync());
        var pollerA = a.Services.GetRequiredService<FeedPoller>();
        var pollerB = b.Services.GetRequiredService<FeedPoller>();
        Assert.NotSame(pollerA, pollerB);
        await a.Services.GetRequiredService<IFollowStore>().AddFollowAsync(
            new NewFollow { Scope = Chat, FeedUrl = _base + "/feed.xml", At = Noon }, new Actor("tg:1", "mod"));

        var byInstance = new Dictionary<string, int>(StringComparer.Ordinal) { ["feeds-a"] = 0, ["feeds-b"] = 0 };
        for (var round = 1; round <= 4; round++)
        {
            var now = _time.GetUtcNow();
            var reports = await Task.WhenAll(
                Task.Run(() => pollerA.RunDueAsync(now)),
                Task.Run(() => pollerB.RunDueAsync(now)));

            Assert.Equal(1, reports[0].Count + reports[1].Count);
            Assert.True(reports.SelectMany(r => r).Single().Ok);
            byInstance[reports[0].Count == 1 ? "feeds-a" : "feeds-b"]++;
            Assert.Equal(round, _hits.GetValueOrDefault("/feed.xml"));
            _time.Advance(TimeSpan.FromMinutes(30));
        }

        Assert.Equal(1, _hits.GetValueOrDefault("/pier"));
        var store = b.Services.GetRequiredService<IArticleStore>();
        var pending = await store.ListPendingAsync(Chat, 0, 10);
        Assert.Equal("Ilse Varnaby", Assert.Single(pending).Speaker);
        var follow = Assert.Single(await b.Services.GetRequiredService<IFollowStore>().ListFollowsAsync(Chat));
        Assert.Equal(FollowState.Ok, follow.State);
        Assert.Equal(Noon.AddMinutes(90), follow.LastSuccessAt);
    }
}
