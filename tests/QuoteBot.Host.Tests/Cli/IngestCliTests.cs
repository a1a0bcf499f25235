using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace QuoteBot.Host.Tests.Cli;

/// <summary>quotebot ingest and quotebot review against a news page served on 127.0.0.1.</summary>
[Collection("console")]
public sealed class IngestCliTests : IAsyncLifetime
{
    private const string Page = """
        <!doctype html><html><head><meta charset="utf-8"><title>Harbour town votes to rebuild its old pier</title>
        <meta property="og:site_name" content="The Brackwater Gazette"></head><body><article>
        <h1>Harbour town votes to rebuild its old pier</h1>
        <p>The council of Brackwater voted on Tuesday to rebuild the town's old wooden pier, closed since a storm two winters ago.</p>
        <p>"This pier is where half of this town learned to fish, and we are not going to let it rot," said Mayor Ilse Varnaby after the vote.</p>
        <p>"We asked for a cheaper repair and were told it would last five years at most," said councillor Tobias Fenn, who voted against it.</p>
        </article></body></html>
        """;

    private WebApplication _site = null!;
    private string _url = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        _site = builder.Build();
        _site.MapGet("/pier", (HttpContext ctx) =>
        {
            ctx.Response.ContentType = "text/html; charset=utf-8";
            return ctx.Response.WriteAsync(Page);
        });
        await _site.StartAsync();
        _url = _site.Urls.First().TrimEnd('/') + "/pier";
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
    public async Task Ingest_ByDefault_RefusesALocalAddress_OneLineNamingTheSetting()
    {
        using var env = Env(allowPrivate: false);
        var (code, output, err) = await CliAppTests.Run("ingest", _url);
        Assert.Equal(1, code);
        Assert.Contains("Ingest__AllowPrivateNetworks=true", err, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", err, StringComparison.Ordinal);
        Assert.Contains("1 failed (blocked 1)", output, StringComparison.Ordinal);
        var (_, list, _) = await CliAppTests.Run("review", "list");
        Assert.Contains("Nothing is waiting for review.", list, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ingest_ThenReview_QuotesGoPublicOnlyWhenApproved()
    {
        using var env = Env(allowPrivate: true);
        var (code, output, err) = await CliAppTests.Run("ingest", _url, "--scope", "tg:-100");
        Assert.True(code == 0, err);
        Assert.Contains("Fetched 1 article: 2 quotes pending review, 0 already added, 0 failed.", output, StringComparison.Ordinal);

        var (_, list, _) = await CliAppTests.Run("review", "list", "--scope", "tg:-100");
        Assert.Contains("#1 [tg:-100] Ilse Varnaby", list, StringComparison.Ordinal);
        Assert.Contains("#2 [tg:-100] Tobias Fenn", list, StringComparison.Ordinal);
        Assert.Contains("Nothing matched.", (await CliAppTests.Run("search", "fish")).Out, StringComparison.Ordinal);

        // A typo among the ids changes nothing.
        Assert.Equal(1, (await CliAppTests.Run("review", "approve", "1", "7")).Code);
        Assert.Contains("Nothing matched.", (await CliAppTests.Run("search", "fish")).Out, StringComparison.Ordinal);

        Assert.Equal(0, (await CliAppTests.Run("review", "approve", "#1")).Code);
        Assert.Equal(0, (await CliAppTests.Run("review", "reject", "2")).Code);
        Assert.Contains("Ilse Varnaby", (await CliAppTests.Run("search", "fish")).Out, StringComparison.Ordinal);
        Assert.Contains("Nothing matched.", (await CliAppTests.Run("search", "cheaper")).Out, StringComparison.Ordinal);
        Assert.Equal(1, (await CliAppTests.Run("review", "approve", "1")).Code);

        var again = await CliAppTests.Run("ingest", _url, "--scope", "tg:-100");
        Assert.Contains("Fetched 0 articles: 0 quotes pending review, 1 already added, 0 failed.", again.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ingest_Approve_StoresActiveQuotes_AndABadScopeIsOneLine()
    {
        using var env = Env(allowPrivate: true);
        var (code, output, _) = await CliAppTests.Run("ingest", _url, "--approve");
        Assert.Equal(0, code);
        Assert.Contains("2 quotes approved", output, StringComparison.Ordinal);
        Assert.Contains("Ilse Varnaby", (await CliAppTests.Run("search", "fish")).Out, StringComparison.Ordinal);

        var bad = await CliAppTests.Run("ingest", _url, "--scope", "chat 5");
        Assert.Equal(1, bad.Code);
        Assert.Single(bad.Err.Trim().Split('\n'));
    }
}
