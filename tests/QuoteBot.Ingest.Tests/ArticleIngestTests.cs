using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using QuoteBot.Core.Model;
using QuoteBot.Core.Search;
using QuoteBot.Core.Storage;
using QuoteBot.Ingest.Articles;
using QuoteBot.Ingest.Fetching;

namespace QuoteBot.Ingest.Tests;

public sealed class ArticleIngestTests : IAsyncLifetime
{
    private static readonly Scope Chat = Scope.Telegram(-1001);
    private static readonly Actor Mod = new("tg:7", "Mod");
    private TestSite _site = null!;

    public async Task InitializeAsync() => _site = await TestSite.StartAsync();

    public async Task DisposeAsync() => await _site.DisposeAsync();

    private static async Task<List<Quote>> All(InMemoryQuoteStore store)
    {
        var list = new List<Quote>();
        await foreach (var q in store.ExportAsync())
        {
            list.Add(q);
        }

        return list;
    }

    [Fact]
    public async Task An_article_link_stores_its_attributed_quotes_as_pending_in_the_scope()
    {
        _site.Page("/pier", Samples.Article());
        using var sp = FetchKit.Services(FetchKit.Settings());
        var result = await sp.GetRequiredService<ArticleIngestor>().IngestAsync(_site.Url("/pier?utm_source=chat#top"), Chat, Mod, approve: false);

        Assert.Equal(IngestOutcome.Added, result.Outcome);
        Assert.Equal(_site.Url("/pier"), result.CanonicalUrl);
        Assert.Equal(2, result.QuotesFound);
        Assert.Equal(2, result.QuotesAdded);
        var store = sp.GetRequiredService<InMemoryQuoteStore>();
        var quotes = await All(store);
        Assert.Equal(2, quotes.Count);
        Assert.All(quotes, q =>
        {
            Assert.Equal(QuoteStatus.Pending, q.Status);
            Assert.Equal(Chat, q.Scope);
            Assert.Equal(_site.Url("/pier"), q.Source.Url);
            Assert.Equal("The Brackwater Gazette", q.Source.Outlet);
            Assert.NotNull(q.Context);
        });
        Assert.Contains(quotes, q => q.Speaker == "Ilse Varnaby" && q.Text.Contains("learned to fish", StringComparison.Ordinal));
        Assert.Contains(quotes, q => q.Speaker == "Tobias Fenn");

        // Pending quotes are not searchable until approved.
        var page = await store.SearchAsync(QueryParser.Parse("fish").Query!, Visibility.For(Chat), 0, 10);
        Assert.Empty(page.Items);
    }

    [Fact]
    public async Task Approve_at_once_stores_active_quotes()
    {
        _site.Page("/pier", Samples.Article());
        using var sp = FetchKit.Services(FetchKit.Settings());
        var result = await sp.GetRequiredService<ArticleIngestor>().IngestAsync(_site.Url("/pier"), Chat, Mod, approve: true);
        Assert.True(result.Approved);
        var store = sp.GetRequiredService<InMemoryQuoteStore>();
        Assert.All(await All(store), q => Assert.Equal(QuoteStatus.Active, q.Status));
        var page = await store.SearchAsync(QueryParser.Parse("fish").Query!, Visibility.For(Chat), 0, 10);
        Assert.Single(page.Items);
    }

    [Fact]
    public async Task A_reposted_link_adds_nothing_and_is_not_fetched_again()
    {
        _site.Page("/pier", Samples.Article());
        using var sp = FetchKit.Services(FetchKit.Settings());
        var ingestor = sp.GetRequiredService<ArticleIngestor>();
        await ingestor.IngestAsync(_site.Url("/pier"), Chat, Mod, approve: false);
        var again = await ingestor.IngestAsync(_site.Url("/pier#comments"), Chat, Mod, approve: false);
        Assert.Equal(IngestOutcome.Duplicate, again.Outcome);
        Assert.Equal(1, _site.HitsOf("/pier"));
        Assert.Equal(2, (await All(sp.GetRequiredService<InMemoryQuoteStore>())).Count);

        // Another community gets its own copy.
        var other = await ingestor.IngestAsync(_site.Url("/pier"), Scope.Discord(5), Mod, approve: false);
        Assert.Equal(IngestOutcome.Added, other.Outcome);
        Assert.Equal(4, (await All(sp.GetRequiredService<InMemoryQuoteStore>())).Count);
    }

    [Fact]
    public async Task The_same_story_under_another_url_is_a_duplicate_by_content()
    {
        _site.Page("/pier", Samples.Article());
        _site.Page("/mirror/pier", Samples.Article());
        using var sp = FetchKit.Services(FetchKit.Settings());
        var ingestor = sp.GetRequiredService<ArticleIngestor>();
        Assert.Equal(IngestOutcome.Added, (await ingestor.IngestAsync(_site.Url("/pier"), Chat, Mod, false)).Outcome);
        var mirror = await ingestor.IngestAsync(_site.Url("/mirror/pier"), Chat, Mod, false);
        Assert.Equal(IngestOutcome.Duplicate, mirror.Outcome);
        Assert.Equal(1, _site.HitsOf("/mirror/pier"));
        Assert.Equal(2, (await All(sp.GetRequiredService<InMemoryQuoteStore>())).Count);
    }

    [Fact]
    public async Task The_declared_canonical_link_is_the_key()
    {
        _site.Page("/amp/pier", Samples.Article(canonical: _site.Url("/news/pier?utm_medium=social&id=7")));
        using var sp = FetchKit.Services(FetchKit.Settings());
        var result = await sp.GetRequiredService<ArticleIngestor>().IngestAsync(_site.Url("/amp/pier"), Chat, Mod, false);
        Assert.Equal(_site.Url("/news/pier?id=7"), result.CanonicalUrl);
        Assert.True(await sp.GetRequiredService<IArticleStore>().HasArticleAsync(Chat, _site.Url("/news/pier?id=7")));
    }

    [Fact]
    public async Task A_windows_1251_article_is_read_in_its_own_alphabet()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        _site.Bytes("/ru", Encoding.GetEncoding(1251).GetBytes(Samples.CyrillicArticle), "text/html");
        using var sp = FetchKit.Services(FetchKit.Settings());
        var result = await sp.GetRequiredService<ArticleIngestor>().IngestAsync(_site.Url("/ru"), Chat, Mod, false);
        Assert.Equal(IngestOutcome.Added, result.Outcome);
        Assert.Equal("Мост через Лесную реку откроют весной", result.Title);
    }

    [Fact]
    public async Task Failures_store_nothing_and_say_why_in_one_line()
    {
        _site.Bytes("/doc.pdf", Encoding.ASCII.GetBytes("%PDF"), "application/pdf");
        _site.Page("/empty", "<html><body><nav>Home</nav></body></html>");
        using var sp = FetchKit.Services(FetchKit.Settings());
        var ingestor = sp.GetRequiredService<ArticleIngestor>();
        var pdf = await ingestor.IngestAsync(_site.Url("/doc.pdf"), Chat, Mod, false);
        var empty = await ingestor.IngestAsync(_site.Url("/empty"), Chat, Mod, false);
        var bad = await ingestor.IngestAsync("ftp://example.com/x", Chat, Mod, false);
        Assert.Equal(("not-html", "not-an-article", "invalid-link"), (pdf.FailureKind, empty.FailureKind, bad.FailureKind));
        Assert.All([pdf, empty, bad], r =>
        {
            Assert.Equal(IngestOutcome.Failed, r.Outcome);
            Assert.DoesNotContain('\n', r.Message);
        });
        Assert.Empty(await All(sp.GetRequiredService<InMemoryQuoteStore>()));
        Assert.False(await sp.GetRequiredService<IArticleStore>().HasArticleAsync(Chat, _site.Url("/empty")));
    }

    [Fact]
    public async Task A_feed_brings_its_items_in_and_a_repeating_feed_adds_nothing()
    {
        _site.Page("/a1", Samples.Article("Harbour town votes to rebuild its old pier"));
        _site.Page("/a2", Samples.Article("Ferry timetable to change in March", extra: " More later."));
        _site.Page("/feed", Samples.Rss(("Pier", _site.Url("/a1"), "g1"), ("Ferry", _site.Url("/a2"), "g2"), ("Pier again", _site.Url("/a1"), "g1b")), "application/rss+xml");
        using var sp = FetchKit.Services(FetchKit.Settings());
        var runner = sp.GetRequiredService<IngestRunner>();

        var first = await runner.RunAsync([_site.Url("/feed")], Chat, Mod, approve: false);
        Assert.Equal(2, first.ArticlesFetched);
        Assert.Equal(1, first.Duplicates); // the third item repeats the first link
        Assert.Equal(2, first.QuotesPending); // the ferry story repeats the pier quotes: stored once
        Assert.Equal(0, first.FailureCount);

        var second = await runner.RunAsync([_site.Url("/feed")], Chat, Mod, approve: false);
        Assert.Equal(0, second.ArticlesFetched);
        Assert.Equal(3, second.Duplicates);
        Assert.Equal(2, (await All(sp.GetRequiredService<InMemoryQuoteStore>())).Count);
        Assert.Equal(1, _site.HitsOf("/a1"));
    }

    [Fact]
    public async Task An_atom_feed_is_read_too()
    {
        _site.Page("/a1", Samples.Article());
        _site.Page("/atom", Samples.Atom(("Pier", _site.Url("/a1"), "urn:a1")), "application/atom+xml");
        using var sp = FetchKit.Services(FetchKit.Settings());
        var summary = await sp.GetRequiredService<IngestRunner>().RunAsync([_site.Url("/atom")], Chat, Mod, approve: true);
        Assert.Equal(1, summary.ArticlesFetched);
        Assert.Equal(2, summary.QuotesApproved);
    }

    [Fact]
    public async Task A_broken_feed_is_one_failure_and_the_other_links_still_run()
    {
        _site.Page("/broken", "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><item><title>cut off", "application/rss+xml");
        _site.Page("/dtd", "<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY x \"boom\">]><rss version=\"2.0\"><channel><title>&x;</title></channel></rss>", "application/rss+xml");
        _site.Page("/a1", Samples.Article());
        using var sp = FetchKit.Services(FetchKit.Settings());
        var summary = await sp.GetRequiredService<IngestRunner>().RunAsync(
            [_site.Url("/broken"), _site.Url("/dtd"), _site.Url("/missing"), _site.Url("/a1")], Chat, Mod, approve: false);
        Assert.Equal(1, summary.ArticlesFetched);
        Assert.Equal(3, summary.FailureCount);
        Assert.Equal(2, summary.FailuresByReason["bad-feed"]);
        Assert.Equal(1, summary.FailuresByReason["http-error"]);
        Assert.All(summary.Failures, f => Assert.DoesNotContain('\n', f));
    }
}
