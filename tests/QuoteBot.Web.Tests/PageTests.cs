using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using QuoteBot.Core.Model;
using QuoteBot.Core.Search;
using QuoteBot.Core.Storage;

namespace QuoteBot.Web.Tests;

public sealed class PageTests : IAsyncLifetime
{
    private Corpus _corpus = null!;
    private PagesFactory _factory = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _corpus = await Corpus.CreateAsync();
        _factory = new PagesFactory(_corpus);
        _http = _factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _factory.DisposeAsync();
    }

    [Fact]
    public async Task A_quote_page_shows_quote_speaker_source_date_and_context_with_card_meta_tags()
    {
        var response = await _http.GetAsync($"/q/{_corpus.Plain}");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("We will keep the northern harbour open through the winter.", html, StringComparison.Ordinal);
        Assert.Contains("— Mara Velin", html, StringComparison.Ordinal);
        Assert.Contains("<time datetime=\"2026-03-14\">14 March 2026</time>", html, StringComparison.Ordinal);
        Assert.Contains("Ice came early this year.", html, StringComparison.Ordinal);
        Assert.Contains("Said to reporters", html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"https://news.example.org/harbour?x=1&amp;y=2\" rel=\"noopener nofollow ugc\">Harbour stays open</a>", html, StringComparison.Ordinal);
        Assert.Contains($"<meta property=\"og:image\" content=\"https://quotes.example.org/q/{_corpus.Plain}.png\">", html, StringComparison.Ordinal);
        Assert.Contains($"<meta property=\"og:url\" content=\"https://quotes.example.org/q/{_corpus.Plain}\">", html, StringComparison.Ordinal);
        Assert.Contains("<meta name=\"twitter:card\" content=\"summary_large_image\">", html, StringComparison.Ordinal);
        Assert.Contains("<meta property=\"og:image:width\" content=\"1200\">", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Every_page_carries_a_strict_content_security_policy()
    {
        foreach (var path in new[] { "/", $"/q/{_corpus.Plain}", "/?q=harbour", "/missing-page" })
        {
            var response = await _http.GetAsync(path);
            var csp = response.Headers.GetValues("Content-Security-Policy").Single();
            Assert.Contains("default-src 'none'", csp, StringComparison.Ordinal);
            Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
            Assert.DoesNotContain("script-src", csp, StringComparison.Ordinal); // no script source at all
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        }
    }

    [Fact]
    public async Task Hostile_quote_text_is_encoded_and_a_hostile_link_stays_an_escaped_https_link()
    {
        var html = await _http.GetStringAsync($"/q/{_corpus.Hostile}");

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img src=x", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<iframe", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<b>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("javascript:", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &quot;&gt;&lt;img src=x onerror=alert(2)&gt; &amp; more", html, StringComparison.Ordinal);
        Assert.Contains("&lt;b&gt;Mallory&lt;/b&gt;", html, StringComparison.Ordinal);
        Assert.Contains("href=\"https://example.org/%22%3E%3Cscript%3Ealert(4)%3C/script%3E\" rel=\"noopener nofollow ugc\"", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("javascript:alert(4)")]
    [InlineData("JaVaScRiPt:alert(4)")]
    [InlineData("data:text/html,<script>alert(1)</script>")]
    [InlineData("ftp://example.org/x")]
    [InlineData("//example.org/x")]
    public void A_link_that_is_not_http_or_https_is_never_a_link(string url) => Assert.Null(PageHtml.SafeLink(url, "click me"));

    [Fact]
    public async Task The_card_is_a_png_with_an_etag_and_answers_304_when_unchanged()
    {
        var response = await _http.GetAsync($"/q/{_corpus.Plain}.png");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("max-age=300", response.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
        var etag = response.Headers.ETag;
        Assert.NotNull(etag);
        var png = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png.Take(4));

        using var again = new HttpRequestMessage(HttpMethod.Get, $"/q/{_corpus.Plain}.png");
        again.Headers.IfNoneMatch.Add(etag);
        var cached = await _http.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, cached.StatusCode);
        Assert.Empty(await cached.Content.ReadAsByteArrayAsync());

        await _corpus.Store.EditAsync(_corpus.Plain, new QuoteEdit(Text: "We will keep the harbour open all year."), Actor.System);
        using var afterEdit = new HttpRequestMessage(HttpMethod.Get, $"/q/{_corpus.Plain}.png");
        afterEdit.Headers.IfNoneMatch.Add(etag);
        var changed = await _http.SendAsync(afterEdit);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.NotEqual(etag, changed.Headers.ETag);
    }

    [Fact]
    public async Task A_removed_quote_answers_410_everywhere_even_after_its_card_was_cached()
    {
        var card = await _http.GetAsync($"/q/{_corpus.Plain}.png");
        Assert.Equal(HttpStatusCode.OK, card.StatusCode);
        await _corpus.Store.SetStatusAsync(_corpus.Plain, QuoteStatus.Removed, Actor.System);

        var page = await _http.GetAsync($"/q/{_corpus.Plain}");
        var png = await _http.GetAsync($"/q/{_corpus.Plain}.png");
        Assert.Equal(HttpStatusCode.Gone, page.StatusCode);
        Assert.Equal(HttpStatusCode.Gone, png.StatusCode);
        Assert.Equal("no-store", png.Headers.CacheControl?.ToString());
        Assert.DoesNotContain("northern harbour", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, _factory.Services.GetRequiredService<QuoteBot.Cards.CardCache>().Count);

        var search = await _http.GetStringAsync("/?q=northern+harbour");
        Assert.DoesNotContain("northern harbour open", search, StringComparison.Ordinal);
        var byId = await _http.GetStringAsync($"/?q=%23{_corpus.Plain}");
        Assert.DoesNotContain("northern harbour open", byId, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Gone, (await _http.GetAsync($"/q/{_corpus.Removed}")).StatusCode);
    }

    [Fact]
    public async Task A_community_quote_is_not_public_until_its_moderator_turns_pages_on_and_gone_again_after_off()
    {
        var id = _corpus.Private;
        Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync($"/q/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync($"/q/{id}.png")).StatusCode);
        Assert.DoesNotContain("harbour secrets", await _http.GetStringAsync("/?q=secrets"), StringComparison.Ordinal);

        var pages = _factory.Services.GetRequiredService<CommunityPages>();
        var token = await pages.EnableAsync(new Scope(Corpus.Community));
        Assert.Equal(22, token.Length);

        var page = await _http.GetAsync($"/c/{token}/q/{id}");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("harbour secrets", html, StringComparison.Ordinal);
        Assert.Contains($"https://quotes.example.org/c/{token}/q/{id}.png", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync($"/c/{token}/q/{id}.png")).StatusCode);
        var search = await _http.GetStringAsync($"/c/{token}/?q=secrets");
        Assert.Contains($"href=\"/c/{token}/q/{id}\"", search, StringComparison.Ordinal);
        // Still not on the public pages.
        Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync($"/q/{id}")).StatusCode);

        await pages.DisableAsync(new Scope(Corpus.Community));
        Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync($"/c/{token}/q/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync($"/c/{token}/q/{id}.png")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync($"/c/{token}/?q=secrets")).StatusCode);

        var again = await pages.EnableAsync(new Scope(Corpus.Community));
        Assert.NotEqual(token, again);
        Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync($"/c/{token}/q/{id}")).StatusCode);
    }

    [Theory]
    [InlineData("/c/not-a-token/q/1")]
    [InlineData("/c/AAAAAAAAAAAAAAAAAAAAAA/q/1")]
    [InlineData("/q/abc")]
    [InlineData("/q/99999999999999999999999")]
    [InlineData("/q/0")]
    [InlineData("/nothing/here")]
    public async Task Unknown_addresses_answer_404_as_a_page(string path)
    {
        var response = await _http.GetAsync(path);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_search_page_finds_quotes_and_pages_through_them_without_javascript()
    {
        var first = await _http.GetStringAsync("/?q=lighthouse");
        Assert.Contains("<form method=\"get\" action=\"/\"", first, StringComparison.Ordinal);
        Assert.Contains("value=\"lighthouse\"", first, StringComparison.Ordinal);
        Assert.Equal(QuotePages.PageSize, CountOf(first, "<li>"));
        Assert.Contains("href=\"/?q=lighthouse&amp;page=2\"", first, StringComparison.Ordinal);

        var second = await _http.GetStringAsync("/?q=lighthouse&page=2");
        Assert.Equal(2, CountOf(second, "<li>"));
        Assert.Contains("href=\"/?q=lighthouse\"", second, StringComparison.Ordinal); // back to page 1

        var speaker = await _http.GetStringAsync("/?q=" + Uri.EscapeDataString("speaker:\"mara velin\""));
        Assert.Contains($"href=\"/q/{_corpus.Plain}\"", speaker, StringComparison.Ordinal);

        var excluded = await _http.GetStringAsync("/?q=" + Uri.EscapeDataString("harbour -northern"));
        Assert.DoesNotContain($"href=\"/q/{_corpus.Plain}\"", excluded, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_hostile_search_is_shown_as_text()
    {
        var html = await _http.GetStringAsync("/?q=" + Uri.EscapeDataString("\"><script>alert(1)</script>"));
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&quot;&gt;&lt;script&gt;", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Searches_are_rate_limited_per_client()
    {
        await using var factory = new PagesFactory(_corpus, new Dictionary<string, string?> { ["Web:SearchPerMinute"] = "3" });
        using var http = factory.CreateClient();
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/?q=harbour")).StatusCode);
        }

        var limited = await http.GetAsync("/?q=harbour");
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal("60", limited.Headers.GetValues("Retry-After").Single());
        // A quote page is not a search: still served.
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"/q/{_corpus.Plain}")).StatusCode);
    }

    [Fact]
    public async Task Cards_are_rate_limited_per_client()
    {
        await using var factory = new PagesFactory(_corpus, new Dictionary<string, string?> { ["Web:CardsPerMinute"] = "2" });
        using var http = factory.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"/q/{_corpus.Plain}.png")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"/q/{_corpus.Plain}.png")).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await http.GetAsync($"/q/{_corpus.Plain}.png")).StatusCode);
    }

    [Fact]
    public async Task A_failing_store_gives_an_error_page_without_a_stack_trace()
    {
        await using var factory = new PagesFactory(_corpus, overrideServices: s => s.AddSingleton<IQuoteSearch, FailingSearch>());
        using var http = factory.CreateClient();
        var response = await http.GetAsync("/?q=harbour");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Contains("Something went wrong", html, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", html, StringComparison.Ordinal);
        Assert.DoesNotContain(FailingSearch.Secret, html, StringComparison.Ordinal);
        Assert.DoesNotContain("InvalidOperationException", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_public_url_links_use_the_address_the_page_was_asked_on()
    {
        await using var factory = new PagesFactory(_corpus, new Dictionary<string, string?>());
        using var http = factory.CreateClient();
        var html = await http.GetStringAsync($"/q/{_corpus.Plain}");
        Assert.Contains($"<meta property=\"og:image\" content=\"http://localhost/q/{_corpus.Plain}.png\">", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ftp://quotes.example.org")]
    [InlineData("quotes.example.org")]
    [InlineData("https://quotes.example.org/?a=1")]
    public void A_bad_public_url_is_refused_with_one_line_naming_the_setting(string url)
    {
        var result = new WebOptionsValidator().Validate(null, new WebOptions { PublicUrl = url });
        Assert.True(result.Failed);
        Assert.Contains("Web__PublicUrl", result.FailureMessage, StringComparison.Ordinal);
        Assert.True(new WebOptionsValidator().Validate(null, new WebOptions { PublicUrl = "https://quotes.example.org/" }).Succeeded);
    }

    private static int CountOf(string text, string part) => (text.Length - text.Replace(part, string.Empty, StringComparison.Ordinal).Length) / part.Length;

    private sealed class FailingSearch : IQuoteSearch
    {
        public const string Secret = "connection to /var/secret/db refused";

        public Task<SearchPage> SearchAsync(QuoteQuery query, Visibility visibility, int offset, int limit, CancellationToken ct = default) =>
            throw new InvalidOperationException(Secret);

        public Task<IReadOnlyList<string>> SuggestSpeakersAsync(string prefix, Visibility visibility, int limit, CancellationToken ct = default) =>
            throw new InvalidOperationException(Secret);

        public Task<SpeakerSlot> SpeakerQuoteAtAsync(string speaker, Visibility visibility, long position, CancellationToken ct = default) =>
            throw new InvalidOperationException(Secret);
    }
}
