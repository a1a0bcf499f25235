using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using QuoteBot.Ingest.Fetching;

namespace QuoteBot.Ingest.Tests;

public sealed class FetcherTests : IAsyncLifetime
{
    private TestSite _site = null!;

    public async Task InitializeAsync() => _site = await TestSite.StartAsync();

    public async Task DisposeAsync() => await _site.DisposeAsync();

    [Fact]
    public async Task Good_page_is_fetched_and_decoded()
    {
        _site.Page("/pier", Samples.Article());
        using var sp = FetchKit.Services(FetchKit.Settings());
        var result = await FetchKit.Fetcher(sp).FetchAsync(_site.Url("/pier"));
        Assert.True(result.Ok, result.Message);
        Assert.Equal("text/html", result.MediaType);
        Assert.False(result.IsXml);
        Assert.Contains("Mayor Ilse Varnaby", result.Text);
        Assert.Equal(_site.Url("/pier"), result.FinalUrl!.AbsoluteUri);
    }

    [Fact]
    public async Task Requests_name_the_bot_in_the_user_agent()
    {
        string? agent = null;
        _site.Map("/ua", ctx =>
        {
            agent = ctx.Request.Headers.UserAgent;
            ctx.Response.ContentType = "text/html";
            return ctx.Response.WriteAsync("<p>hi</p>");
        });
        using var sp = FetchKit.Services(FetchKit.Settings());
        var result = await FetchKit.Fetcher(sp).FetchAsync(_site.Url("/ua"));
        Assert.True(result.Ok, result.Message);
        Assert.Contains("QuoteBot", agent);
    }

    [Fact]
    public async Task A_50_MB_body_is_cut_off_at_the_limit_while_streaming()
    {
        _site.Map("/huge", async ctx =>
        {
            // 50 MB in 64 KB chunks, no Content-Length: only the limit applied while reading can stop it.
            ctx.Response.ContentType = "text/html";
            var chunk = Encoding.ASCII.GetBytes(new string('x', 64 * 1024));
            try
            {
                for (var i = 0; i < 800 && !ctx.RequestAborted.IsCancellationRequested; i++)
                {
                    await ctx.Response.BodyWriter.WriteAsync(chunk, ctx.RequestAborted);
                }
            }
            catch (OperationCanceledException)
            {
            }
            catch (IOException)
            {
            }
        });
        using var sp = FetchKit.Services(FetchKit.Settings());
        var result = await FetchKit.Fetcher(sp).FetchAsync(_site.Url("/huge"));
        Assert.Equal(FetchFailure.TooLarge, result.Failure);
        Assert.Contains("5 MB", result.Message);
        Assert.Equal(1, _site.HitsOf("/huge"));
    }

    [Fact]
    public async Task A_declared_length_over_the_limit_is_refused_before_reading()
    {
        _site.Map("/declared", async ctx =>
        {
            ctx.Response.ContentType = "text/html";
            ctx.Response.ContentLength = 50L * 1024 * 1024;
            await ctx.Response.Body.WriteAsync(new byte[1024]);
        });
        using var sp = FetchKit.Services(FetchKit.Settings());
        var result = await FetchKit.Fetcher(sp).FetchAsync(_site.Url("/declared"));
        Assert.Equal(FetchFailure.TooLarge, result.Failure);
    }

    [Fact]
    public async Task A_server_that_stalls_mid_body_hits_the_time_limit()
    {
        _site.Map("/stall", async ctx =>
        {
            ctx.Response.ContentType = "text/html";
            await ctx.Response.WriteAsync("<html><body><p>Start of a page that never ends");
            await ctx.Response.Body.FlushAsync();
            await Task.Delay(Timeout.Infinite, ctx.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
        });
        using var sp = FetchKit.Services(FetchKit.Settings(("TimeLimit", "00:00:01")));
        var result = await FetchKit.Fetcher(sp).FetchAsync(_site.Url("/stall"));
        Assert.Equal(FetchFailure.Timeout, result.Failure);
        Assert.Contains("1 s", result.Message);
    }

    [Fact]
    public async Task A_server_that_never_answers_hits_the_time_limit()
    {
        _site.Map("/silent", ctx => Task.Delay(Timeout.Infinite, ctx.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default));
        using var sp = FetchKit.Services(FetchKit.Settings(("TimeLimit", "00:00:01")));
        var result = await FetchKit.Fetcher(sp).FetchAsync(_site.Url("/silent"));
        Assert.Equal(FetchFailure.Timeout, result.Failure);
    }

    [Fact]
    public async Task A_redirect_loop_stops_after_five_redirects()
    {
        _site.Redirect("/a", "/b");
        _site.Redirect("/b", "/a");
        using var sp = FetchKit.Services(FetchKit.Settings());
        var result = await FetchKit.Fetcher(sp).FetchAsync(_site.Url("/a"));
        Assert.Equal(FetchFailure.TooManyRedirects, result.Failure);
        Assert.Equal(6, _site.HitsOf("/a") + _site.HitsOf("/b"));
    }

    [Fact]
    public async Task Five_redirects_are_followed()
    {
        for (var i = 0; i < 5; i++)
        {
            _site.Redirect($"/r{i}", $"/r{i + 1}", i % 2 == 0 ? 301 : 307);
        }

        _site.Page("/r5", Samples.Article());
        using var sp = FetchKit.Services(FetchKit.Settings());
        var result = await FetchKit.Fetcher(sp).FetchAsync(_site.Url("/r0"));
        Assert.True(result.Ok, result.Message);
        Assert.Equal(_site.Url("/r5"), result.FinalUrl!.AbsoluteUri);
    }

    [Fact]
    public async Task By_default_127_0_0_1_is_refused_and_the_message_names_the_setting()
    {
        _site.Page("/pier", Samples.Article());
        using var sp = FetchKit.Services(FetchKit.Settings(("AllowPrivateNetworks", null)));
        Assert.False(sp.GetRequiredService<IOptions<IngestOptions>>().Value.AllowPrivateNetworks);
        var result = await FetchKit.Fetcher(sp).FetchAsync(_site.Url("/pier"));
        Assert.Equal(FetchFailure.Blocked, result.Failure);
        Assert.Contains("Ingest__AllowPrivateNetworks=true", result.Message);
        Assert.Contains("loopback", result.Message);
        Assert.Equal(0, _site.HitsOf("/pier"));
    }

    [Fact]
    public async Task By_default_a_host_name_that_resolves_to_loopback_is_refused()
    {
        _site.Page("/pier", Samples.Article());
        using var sp = FetchKit.Services(FetchKit.Settings(("AllowPrivateNetworks", "false")));
        var result = await FetchKit.Fetcher(sp).FetchAsync($"http://localhost:{_site.Port}/pier");
        Assert.Equal(FetchFailure.Blocked, result.Failure);
        Assert.Equal(0, _site.HitsOf("/pier"));
    }

    [Fact]
    public async Task A_redirect_to_127_0_0_1_is_refused_at_connect_unless_allowed()
    {
        _site.Page("/inside", "<p>operator's dashboard</p>");
        _site.Redirect("/out", _site.Url("/inside"));
        using (var sp = FetchKit.Services(FetchKit.Settings(("AllowPrivateNetworks", "false")), FetchKit.AltIsPublic))
        {
            var result = await FetchKit.Fetcher(sp).FetchAsync(_site.AltUrl("/out"));
            Assert.Equal(FetchFailure.Blocked, result.Failure);
            Assert.Contains("127.0.0.1", result.Message);
            Assert.Equal(1, _site.HitsOf("/out"));
            Assert.Equal(0, _site.HitsOf("/inside"));
        }

        using (var sp = FetchKit.Services(FetchKit.Settings(("AllowPrivateNetworks", "true")), FetchKit.AltIsPublic))
        {
            var result = await FetchKit.Fetcher(sp).FetchAsync(_site.AltUrl("/out"));
            Assert.True(result.Ok, result.Message);
            Assert.Equal(1, _site.HitsOf("/inside"));
        }
    }

    [Fact]
    public async Task A_redirect_to_the_cloud_metadata_address_is_refused()
    {
        _site.Redirect("/meta", "http://169.254.169.254/latest/meta-data/");
        using var sp = FetchKit.Services(FetchKit.Settings(("AllowPrivateNetworks", "false")), FetchKit.AltIsPublic);
        var result = await FetchKit.Fetcher(sp).FetchAsync(_site.AltUrl("/meta"));
        Assert.Equal(FetchFailure.Blocked, result.Failure);
        Assert.Contains("169.254.169.254", result.Message);
        Assert.Contains("link-local", result.Message);
    }

    [Fact]
    public async Task A_refused_address_is_not_retried()
    {
        _site.Page("/pier", Samples.Article());
        // A retry would first wait a minute (the longest RetryDelay): far beyond the 30 s a busy machine may take.
        using var sp = FetchKit.Services(FetchKit.Settings(("AllowPrivateNetworks", "false"), ("Retries", "3"), ("RetryDelay", "00:01:00")));
        var started = DateTime.UtcNow;
        var result = await FetchKit.Fetcher(sp).FetchAsync(_site.Url("/pier"));
        Assert.Equal(FetchFailure.Blocked, result.Failure);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(30), "no retry wait happened");
    }

    [Theory]
    [InlineData("application/pdf")]
    [InlineData("image/png")]
    [InlineData("application/json")]
    public async Task A_wrong_content_type_is_refused(string type)
    {
        _site.Bytes("/file", Encoding.ASCII.GetBytes("%PDF-1.7 not a page"), type);
        using var sp = FetchKit.Services(FetchKit.Settings());
        var result = await FetchKit.Fetcher(sp).FetchAsync(_site.Url("/file"));
        Assert.Equal(FetchFailure.WrongContentType, result.Failure);
        Assert.Contains(type, result.Message);
    }

    [Theory]
    [InlineData("text/html; charset=windows-1251")]
    [InlineData("text/html")]
    public async Task A_windows_1251_page_decodes_from_the_header_or_the_meta_tag(string contentType)
    {
        System.Text.Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        _site.Bytes("/ru", Encoding.GetEncoding(1251).GetBytes(Samples.CyrillicArticle), contentType);
        using var sp = FetchKit.Services(FetchKit.Settings());
        var result = await FetchKit.Fetcher(sp).FetchAsync(_site.Url("/ru"));
        Assert.True(result.Ok, result.Message);
        Assert.Contains("главный инженер Пётр Захарьин", result.Text);
    }

    [Fact]
    public async Task Conditional_get_sends_the_validators_and_reports_not_modified()
    {
        string? sentTag = null;
        _site.Map("/feed", ctx =>
        {
            sentTag = ctx.Request.Headers.IfNoneMatch;
            if (sentTag == "\"v1\"")
            {
                ctx.Response.StatusCode = 304;
                return Task.CompletedTask;
            }

            ctx.Response.ContentType = "application/rss+xml";
            ctx.Response.Headers.ETag = "\"v1\"";
            ctx.Response.Headers.LastModified = "Mon, 30 Nov 2026 08:00:00 GMT";
            return ctx.Response.WriteAsync(Samples.Rss(("Pier", "http://example.invalid/pier", "1")));
        });
        using var sp = FetchKit.Services(FetchKit.Settings());
        var fetcher = FetchKit.Fetcher(sp);
        var first = await fetcher.FetchAsync(_site.Url("/feed"));
        Assert.True(first.Ok, first.Message);
        Assert.True(first.IsXml);
        Assert.Equal("\"v1\"", first.Validators.ETag);
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 8, 0, 0, TimeSpan.Zero), first.Validators.LastModified);

        var second = await fetcher.FetchAsync(_site.Url("/feed"), first.Validators);
        Assert.True(second.Ok, second.Message);
        Assert.True(second.NotModified);
        Assert.Null(second.Text);
        Assert.Equal("\"v1\"", sentTag);
        Assert.Equal("\"v1\"", second.Validators.ETag);
    }

    [Fact]
    public async Task A_transient_server_error_is_retried()
    {
        var calls = 0;
        _site.Map("/flaky", ctx =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                ctx.Response.StatusCode = 503;
                return Task.CompletedTask;
            }

            ctx.Response.ContentType = "text/html";
            return ctx.Response.WriteAsync(Samples.Article());
        });
        using var sp = FetchKit.Services(FetchKit.Settings(("Retries", "2")));
        var result = await FetchKit.Fetcher(sp).FetchAsync(_site.Url("/flaky"));
        Assert.True(result.Ok, result.Message);
        Assert.Equal(2, calls);
    }

    [Fact]
    public async Task A_not_found_page_is_a_one_line_failure_and_not_retried()
    {
        using var sp = FetchKit.Services(FetchKit.Settings(("Retries", "3")));
        var result = await FetchKit.Fetcher(sp).FetchAsync(_site.Url("/missing"));
        Assert.Equal(FetchFailure.HttpStatus, result.Failure);
        Assert.Contains("404", result.Message);
        Assert.Equal(1, _site.HitsOf("/missing"));
    }

    [Theory]
    [InlineData("ftp://example.com/file")]
    [InlineData("file:///etc/passwd")]
    [InlineData("javascript:alert(1)")]
    [InlineData("not a link")]
    [InlineData("http://user:secret@example.com/")]
    [InlineData("")]
    public async Task Links_that_are_not_http_or_https_are_refused_without_a_request(string link)
    {
        using var sp = FetchKit.Services(FetchKit.Settings());
        var result = await FetchKit.Fetcher(sp).FetchAsync(link);
        Assert.Equal(FetchFailure.InvalidUrl, result.Failure);
        Assert.DoesNotContain('\n', result.Message);
    }

    [Fact]
    public async Task A_redirect_to_another_scheme_is_refused()
    {
        _site.Redirect("/to-file", "file:///etc/passwd");
        using var sp = FetchKit.Services(FetchKit.Settings());
        var result = await FetchKit.Fetcher(sp).FetchAsync(_site.Url("/to-file"));
        Assert.Equal(FetchFailure.InvalidUrl, result.Failure);
        Assert.Contains("redirected", result.Message);
    }
}
