using System.Text;
using QuoteBot.Core.Model;
using QuoteBot.Core.Storage;
using QuoteBot.Extraction;

namespace QuoteBot.Extraction.Tests;

public sealed class LoaderAndImporterTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "qb-extract-" + Guid.NewGuid().ToString("N"));

    public LoaderAndImporterTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string content, bool bom = false)
    {
        var path = Path.Combine(_dir, name);
        var bytes = Encoding.UTF8.GetBytes(content);
        File.WriteAllBytes(path, bom ? [0xEF, 0xBB, 0xBF, .. bytes] : bytes);
        return path;
    }

    private const string Story = "Council approves new bridge\n\n\"We have waited twenty years for this bridge,\" Mayor Hedda Lund said on Monday.\n\nThe vote was 7-2.";

    [Fact]
    public void LoadFile_BomAndCrLf_OffsetsMatchDecodedText()
    {
        var path = Write("a.txt", Story.Replace("\n", "\r\n", StringComparison.Ordinal), bom: true);
        var result = ArticleLoader.LoadFile(path);
        var article = Assert.Single(result.Articles);
        Assert.NotEqual('\uFEFF', article.Text[0]);
        Assert.Equal("Council approves new bridge", article.Meta.Title);
        var q = Assert.Single(QuoteExtractor.Extract(article));
        Assert.Equal(q.Text, article.Text[q.Start..q.End]);
        Assert.Equal("Hedda Lund", q.Speaker);
    }

    [Fact]
    public void LoadFile_BinaryFile_ReportedNotThrown()
    {
        var path = Path.Combine(_dir, "b.txt");
        File.WriteAllBytes(path, [0x50, 0x4B, 0x03, 0x04, 0x00, 0x00, 0xFF, 0xFE]);
        var result = ArticleLoader.LoadFile(path);
        Assert.Empty(result.Articles);
        Assert.Contains("binary", Assert.Single(result.Errors).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadFile_EmptyFile_ReportedAsEmpty()
    {
        var result = ArticleLoader.LoadFile(Write("e.txt", "  \n\n"));
        Assert.Equal("empty file", Assert.Single(result.Errors).Reason);
    }

    [Fact]
    public void LoadFile_JsonLinesWithBadLine_ReportsLineAndKeepsOthers()
    {
        var good = "{\"url\":\"https://example.test/a\",\"title\":\"Bridge\",\"outlet\":\"Ledger\",\"published\":\"2026-05-08T10:00:00Z\",\"text\":\"\\\"We have waited twenty years,\\\" Mayor Hedda Lund said.\"}";
        var path = Write("f.jsonl", good + "\n{not json\n{\"title\":\"no body\"}\n");
        var result = ArticleLoader.LoadFile(path);
        var article = Assert.Single(result.Articles);
        Assert.Equal("https://example.test/a", article.Meta.Url);
        Assert.Equal(new DateOnly(2026, 5, 8), article.Meta.Published);
        Assert.Equal(2, result.Errors.Count);
        Assert.Equal((path, 2), (result.Errors[0].Source, result.Errors[0].Line));
        Assert.Equal("not valid JSON (a mistake near character 2)", result.Errors[0].Reason);
        Assert.Equal((path, 3), (result.Errors[1].Source, result.Errors[1].Line));
        Assert.Equal("it has no \"text\" or \"html\" field", result.Errors[1].Reason);
        Assert.Equal(path + " line 3: it has no \"text\" or \"html\" field", result.Errors[1].ToString());
    }

    [Theory]
    [InlineData("{\"text\": 42}", "\"text\" must be a string, not a number")]
    [InlineData("{\"html\": [\"<p>x</p>\"]}", "\"html\" must be a string, not a list")]
    [InlineData("{\"text\": \"x\", \"url\": {\"href\": \"y\"}}", "\"url\" must be a string, not an object")]
    [InlineData("{\"text\": \"\"}", "the article's \"text\" is empty")]
    [InlineData("\"just a string\"", "not a JSON object (it is a string)")]
    [InlineData("{\"text\": \"\\ud800\"}", "a string in it is not valid Unicode (a broken \\u escape)")]
    [InlineData("{\"text\": \"a\", }", "not valid JSON (a mistake near character 15)")]
    public void LoadFile_JsonLineOfTheWrongShape_PlainSentenceNoParserText(string line, string reason)
    {
        var result = ArticleLoader.LoadFile(Write("g.jsonl", line + "\n"));

        var error = Assert.Single(result.Errors);
        Assert.Equal(1, error.Line);
        Assert.Equal(reason, error.Reason);
        Assert.DoesNotContain("LineNumber", error.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("Path:", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadFile_Html_KeepsBodyDropsNavCaptionsScriptsAndRelated()
    {
        var html = """
            <html><head><title>Bridge vote</title><meta property="og:site_name" content="The Ledger"></head><body>
            <nav><a href="/">"Home page," said the menu</a></nav>
            <header><h1>Site header</h1></header>
            <article>
              <h1>Council approves new bridge</h1>
              <p>&ldquo;We have waited twenty years for this bridge,&rdquo; Mayor Hedda Lund said on Monday.</p>
              <figure><img src="x.jpg"><figcaption>"A caption quote here," said Someone Else.</figcaption></figure>
              <div class="share-bar">"Share this now," says the widget.</div>
              <script>var x = "We are code, not quotes";</script>
              <p>The vote was <em>seven</em> to two.</p>
              <aside class="related"><p>"A related story quote," said Nobody Real.</p></aside>
            </article>
            <footer>"Copyright notice," the footer said.</footer>
            </body></html>
            """;
        var result = ArticleLoader.LoadFile(Write("g.html", html));
        var article = Assert.Single(result.Articles);
        Assert.Equal("The Ledger", article.Meta.Outlet);
        Assert.DoesNotContain("caption", article.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Share this", article.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("code, not quotes", article.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("related story", article.Text, StringComparison.Ordinal);
        Assert.Contains("The vote was seven to two.", article.Text, StringComparison.Ordinal);
        var q = Assert.Single(QuoteExtractor.Extract(article));
        Assert.Equal("We have waited twenty years for this bridge", q.Text);
        Assert.Equal("Hedda Lund", q.Speaker);
    }

    [Fact]
    public void LoadContent_Html_ReadsJsonLdTitleSuffixAndByline()
    {
        const string Html = """
            <html><head><title>Harbor tolls to double next year - Continental Press</title>
            <script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"WebSite","name":"x"},
              {"@type":"NewsArticle","headline":"Harbor tolls to double","datePublished":"2026-04-02T08:00:00Z"}]}</script></head>
            <body><article><p class="byline">By Ines Calder, Harbor Correspondent</p>
            <p>&ldquo;We have no choice but to raise them,&rdquo; port director Anton Keel said on Thursday.</p></article></body></html>
            """;
        var article = Assert.Single(ArticleLoader.LoadContent("t.html", Html, ArticleFormat.Html).Articles);
        Assert.Equal("Continental Press", article.Meta.Outlet);
        Assert.Equal("Harbor tolls to double", article.Meta.Title);
        Assert.Equal(new DateOnly(2026, 4, 2), article.Meta.Published);
        Assert.Equal("Ines Calder", article.Meta.Author);
        Assert.DoesNotContain("Correspondent", article.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadContent_Html_TitleSuffixWithoutOtherMeta_GivesOutletAndTitle()
    {
        const string Html = "<html><head><title>Port strike ends | The Harbor Ledger</title></head><body><p>&ldquo;It is over,&rdquo; said union leader Pavel Brask, who led the strike.</p></body></html>";
        var article = Assert.Single(ArticleLoader.LoadContent("t.html", Html, ArticleFormat.Html).Articles);
        Assert.Equal("The Harbor Ledger", article.Meta.Outlet);
        Assert.Equal("Port strike ends", article.Meta.Title);
    }

    [Fact]
    public void FromPlainText_AboutFooter_NamesTheOutlet()
    {
        var article = Article.FromPlainText("t.txt", Story + "\n\nAbout Harbor Daily:\n\nHarbor Daily is an independent newspaper.");
        Assert.Equal("Harbor Daily", article.Meta.Outlet);
        Assert.Single(QuoteExtractor.Extract(article));
    }

    [Fact]
    public async Task ImportAsync_SourceGiven_OverridesOutletUrlAndDate()
    {
        Write("1.txt", Story);
        var store = new FakeStore();
        var given = new ArticleMeta(Outlet: "Continental Press", Url: "https://news.example/bridge", Published: new DateOnly(2026, 3, 2));
        await ArticleImporter.ImportAsync([_dir], store, Actor.System, DateTimeOffset.UnixEpoch, source: given);
        var q = Assert.Single(store.Quotes);
        Assert.Equal(new QuoteSource("Continental Press", "Council approves new bridge", "https://news.example/bridge", new DateOnly(2026, 3, 2)), q.Source);
        Assert.Equal("We have waited twenty years for this bridge", q.Text);
    }

    [Fact]
    public void ExpandPaths_Directory_ListsArticleFilesAndReportsMissing()
    {
        Write("1.txt", Story);
        Write("2.html", "<p>x</p>");
        Write("3.gold.json", "{}");
        var (files, errors) = ArticleLoader.ExpandPaths([_dir, Path.Combine(_dir, "missing.txt")]);
        Assert.Equal(2, files.Count);
        Assert.Equal("no such file or directory", Assert.Single(errors).Reason);
    }

    [Fact]
    public async Task ImportAsync_TwiceSameFiles_SecondRunAddsNothing()
    {
        Write("1.txt", Story);
        Write("2.txt", "Strike ends\n\n\"We got what we asked for,\" union leader Pavel Brask said, \"and not a cent more.\"\n\n\"Nobody is happy,\" a banner read.");
        Write("bad.txt", "");
        var store = new FakeStore();
        var now = new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
        var first = await ArticleImporter.ImportAsync([_dir], store, Actor.System, now);
        Assert.Equal(2, first.Articles);
        Assert.Equal(2, first.QuotesAdded);
        Assert.Equal("empty file", Assert.Single(first.Skipped).Reason);
        Assert.Equal(2, store.Calls);

        var split = store.Quotes.Single(q => q.Speaker == "Pavel Brask");
        Assert.Equal("We got what we asked for and not a cent more.", split.Text);
        Assert.Equal(now, split.AddedAt);
        Assert.Equal(Scope.Global, split.Scope);
        Assert.NotNull(split.Context);
        Assert.Contains("Pavel Brask", split.Context!.Paragraph, StringComparison.Ordinal);

        var second = await ArticleImporter.ImportAsync([_dir], store, Actor.System, now);
        Assert.Equal(0, second.QuotesAdded);
        Assert.Equal(2, second.Duplicates);
        Assert.Equal(2, store.Quotes.Count);
    }

    [Fact]
    public void ToNewQuotes_QuoteWithoutSpeaker_IsLeftOut()
    {
        var article = Article.FromPlainText("x.txt", "Protest\n\nA sign on the door read \"Closed until further notice, by order.\"");
        var quotes = QuoteExtractor.Extract(article);
        Assert.Single(quotes);
        Assert.Empty(ArticleImporter.ToNewQuotes(article, quotes, Actor.System, DateTimeOffset.UnixEpoch));
    }

    [Fact]
    public void JoinParts_SplitQuote_DropsCommaBeforeLowercase()
    {
        Assert.Equal("We're not ready to accept it.", ArticleImporter.JoinParts(["We're not ready,", "to accept it."]));
        Assert.Equal("First point. Second point.", ArticleImporter.JoinParts(["First point,", "Second point."]));
    }

    private sealed class FakeStore : IQuoteStore
    {
        public List<Quote> Quotes { get; } = [];

        public int Calls { get; private set; }

        public Task<ImportSummary> AddManyAsync(IEnumerable<NewQuote> quotes, Actor actor, CancellationToken ct = default)
        {
            Calls++;
            int added = 0, dup = 0;
            foreach (var nq in quotes)
            {
                var q = nq.ToQuote(Quotes.Count + 1);
                if (Quotes.Any(x => x.DedupeKey == q.DedupeKey && x.Scope == q.Scope))
                {
                    dup++;
                    continue;
                }

                Quotes.Add(q);
                added++;
            }

            return Task.FromResult(new ImportSummary(added, dup));
        }

        public Task InitializeAsync(CancellationToken ct = default) => Task.CompletedTask;

        public Task<Quote?> GetAsync(long id, CancellationToken ct = default) => Task.FromResult(Quotes.FirstOrDefault(q => q.Id == id));

        public Task<IReadOnlyList<Quote>> GetManyAsync(IReadOnlyCollection<long> ids, CancellationToken ct = default) =>
            Task.FromResult<IReadOnlyList<Quote>>(Quotes.Where(q => ids.Contains(q.Id)).ToList());

        public Task<AddResult> AddAsync(NewQuote quote, Actor actor, CancellationToken ct = default) => throw new NotSupportedException();

        public Task<Quote?> EditAsync(long id, QuoteEdit edit, Actor actor, CancellationToken ct = default) => throw new NotSupportedException();

        public Task<Quote?> SetStatusAsync(long id, QuoteStatus status, Actor actor, CancellationToken ct = default) => throw new NotSupportedException();

        public Task<StatusChange?> ChangeStatusAsync(long id, QuoteStatus from, QuoteStatus to, Actor actor, CancellationToken ct = default) => throw new NotSupportedException();

        public Task<ImportSummary> RestoreAsync(IEnumerable<Quote> quotes, Actor actor, RestoreMode mode, CancellationToken ct = default) => throw new NotSupportedException();

        public async IAsyncEnumerable<Quote> ExportAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct = default)
        {
            foreach (var q in Quotes)
            {
                yield return q;
            }

            await Task.CompletedTask;
        }

        public Task<IReadOnlyList<AuditEntry>> GetAuditAsync(long quoteId, CancellationToken ct = default) => Task.FromResult<IReadOnlyList<AuditEntry>>([]);

        public Task<long> CountAsync(Visibility visibility, CancellationToken ct = default) => Task.FromResult((long)Quotes.Count);

        public Task<long> MaxIdAsync(CancellationToken ct = default) => Task.FromResult((long)Quotes.Count);
    }
}
