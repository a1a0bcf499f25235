using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace QuoteBot.Host.Tests.Cli;

/// <summary>quotebot follow list|add|remove against a feed served on 127.0.0.1.</summary>
[Collection("console")]
public sealed class FollowCliTests : IAsyncLifetime
{
    private WebApplication _site = null!;
    private string _base = null!;
    private int _feedHits;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        _site = builder.Build();
        _site.MapGet("/rss.xml", (HttpContext ctx) =>
        {
            Interlocked.Increment(ref _feedHits);
            ctx.Response.ContentType = "application/rss+xml";
            return ctx.Response.WriteAsync("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Brackwater Gazette</title><link>http://example.invalid/</link><description>Local news</description></channel></rss>");
        });
        _site.MapGet("/page", (HttpContext ctx) =>
        {
            ctx.Response.ContentType = "text/html";
            return ctx.Response.WriteAsync("<html><body><p>Not a feed.</p></body></html>");
        });
        await _site.StartAsync();
        _base = _site.Urls.First().TrimEnd('/');
    }

    public async Task DisposeAsync()
    {
        await _site.StopAsync();
        await _site.DisposeAsync();
    }

    private static TempEnv Env(bool allowPrivate) => new(
        ("Ingest__AllowPrivateNetworks", allowPrivate ? "true" : "false"),
        ("Ingest__PerHostInterval", "00:00:00"),
        ("Ingest__Retries", "0"));

    [Fact]
    public async Task Follow_AddListRemove_WithScopeAndApprove()
    {
        using var env = Env(allowPrivate: true);
        var feed = _base + "/rss.xml";
        var (code, output, err) = await CliAppTests.Run("follow", "add", feed + "?utm_source=cli", "--scope", "tg:-100", "--approve");
        Assert.True(code == 0, err);
        Assert.Equal($"Following in tg:-100: {feed} (Brackwater Gazette) · ok · auto-approve · last success never", output.Trim());
        Assert.Equal(1, _feedHits);

        var again = await CliAppTests.Run("follow", "add", feed, "--scope", "tg:-100");
        Assert.Equal(0, again.Code);
        Assert.StartsWith("Changed in tg:-100:", again.Out, StringComparison.Ordinal);
        Assert.Contains("quotes wait for review", again.Out, StringComparison.Ordinal);
        Assert.Equal(1, _feedHits); // already followed: not fetched again

        var list = await CliAppTests.Run("follow", "list");
        Assert.Equal(0, list.Code);
        Assert.StartsWith($"[tg:-100] {feed} (Brackwater Gazette) · ok · quotes wait for review · last success never · next check ", list.Out, StringComparison.Ordinal);
        Assert.Contains("No feeds are followed in dc:5.", (await CliAppTests.Run("follow", "list", "--scope", "dc:5")).Out, StringComparison.Ordinal);

        var wrongScope = await CliAppTests.Run("follow", "remove", feed);
        Assert.Equal(1, wrongScope.Code);
        Assert.Equal($"global does not follow {feed} (see `quotebot follow list`).", wrongScope.Err.Trim());

        var removed = await CliAppTests.Run("follow", "remove", feed, "--scope", "tg:-100");
        Assert.Equal(0, removed.Code);
        Assert.Equal($"Stopped following {feed} in tg:-100.", removed.Out.Trim());
        Assert.Contains("No feeds are followed.", (await CliAppTests.Run("follow", "list")).Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Follow_BadInput_OneLineOnStderr_ExitOne_NothingStored()
    {
        using var env = Env(allowPrivate: false);
        var cases = new[]
        {
            (new[] { "follow", "add", _base + "/rss.xml" }, "Ingest__AllowPrivateNetworks=true"),
            (new[] { "follow", "add", "ftp://news.example/rss" }, "Not followed: Only http and https links can be fetched, not ftp:."),
            (new[] { "follow", "add", _base + "/rss.xml", "--scope", "chat 5" }, "--scope must be global, tg:<chat id> or dc:<guild id>."),
            (new[] { "follow", "remove", "not a link" }, "Not removed: Not a web link"),
            (new[] { "follow" }, "follow"),
        };
        foreach (var (args, expected) in cases)
        {
            var (code, _, err) = await CliAppTests.Run(args);
            Assert.Equal(1, code);
            Assert.Single(err.Trim().Split('\n'));
            Assert.Contains(expected, err, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", err, StringComparison.Ordinal);
        }

        using var open = Env(allowPrivate: true);
        var page = await CliAppTests.Run("follow", "add", _base + "/page");
        Assert.Equal(1, page.Code);
        Assert.Contains("Not followed: That link is a web page, not a feed (RSS or Atom)", page.Err, StringComparison.Ordinal);
        Assert.Contains("No feeds are followed.", (await CliAppTests.Run("follow", "list")).Out, StringComparison.Ordinal);
    }
}
