using System.Security.Cryptography;
using System.Text;
using QuoteBot.Core.Model;
using QuoteBot.Core.Storage;
using QuoteBot.Extraction;
using QuoteBot.Ingest.Fetching;

namespace QuoteBot.Ingest.Articles;

/// <summary>What happened to one link.</summary>
public enum IngestOutcome
{
    /// <summary>Fetched, read and stored; its quotes are pending (or approved).</summary>
    Added,

    /// <summary>The community already has this article (same canonical URL or same text): nothing was stored.</summary>
    Duplicate,

    Failed,
}

/// <summary>The outcome of ingesting one article link, with a one-line <see cref="Message"/> for failures.</summary>
public sealed record ArticleIngestResult
{
    public required IngestOutcome Outcome { get; init; }

    public required string Url { get; init; }

    public string? CanonicalUrl { get; init; }

    public string? Title { get; init; }

    /// <summary>Attributed quotes found in the article.</summary>
    public int QuotesFound { get; init; }

    /// <summary>Quotes stored (pending, or active when approved at once).</summary>
    public int QuotesAdded { get; init; }

    /// <summary>Quotes the community already had.</summary>
    public int QuoteDuplicates { get; init; }

    public bool Approved { get; init; }

    /// <summary>Why the fetch failed, or <see cref="FetchFailure.None"/> (also for a page without article text).</summary>
    public FetchFailure Failure { get; init; }

    /// <summary>A short reason for grouping failures: the fetch failure's name, "not-an-article" or "feed".</summary>
    public string? FailureKind { get; init; }

    public string Message { get; init; } = string.Empty;

    /// <summary>The body was a feed, not an article page: <see cref="Feed"/> holds the fetch.</summary>
    public bool IsFeed => Feed is not null;

    public FetchResult? Feed { get; init; }
}

/// <summary>
/// One article link to stored quotes: fetch (with every limit and the address check), read the main text and
/// metadata, extract attributed quotes, and store the article and its quotes in one transaction, keyed by canonical URL
/// and content hash so a re-posted link or a repeating feed adds nothing. Quotes enter as pending unless approved.
/// </summary>
public sealed class ArticleIngestor(PageFetcher fetcher, IArticleStore articles, TimeProvider time)
{
    public async Task<ArticleIngestResult> IngestAsync(string url, Scope scope, Actor actor, bool approve, string? feedUrl = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!PageFetcher.TryParseUrl(url, out var parsed, out var error))
        {
            return Failed(url, FetchFailure.InvalidUrl, error);
        }

        var posted = UrlCanon.Normalize(parsed);
        if (await articles.HasArticleAsync(scope, posted, ct))
        {
            return new ArticleIngestResult { Outcome = IngestOutcome.Duplicate, Url = url, CanonicalUrl = posted, Message = "already added" };
        }

        var fetched = await fetcher.FetchAsync(posted, null, ct);
        if (!fetched.Ok)
        {
            return Failed(url, fetched.Failure, fetched.Message);
        }

        if (fetched.IsXml)
        {
            return new ArticleIngestResult
            {
                Outcome = IngestOutcome.Failed, Url = url, Feed = fetched, FailureKind = "feed",
                Message = "this is a feed, not an article: follow it instead",
            };
        }

        var article = ArticleLoader.ReadHtml(fetched.FinalUrl!.AbsoluteUri, fetched.Text!, ArticleMeta.Empty, out var reason);
        if (article is null || article.Paragraphs.Count == 0)
        {
            return new ArticleIngestResult
            {
                Outcome = IngestOutcome.Failed, Url = url, FailureKind = "not-an-article",
                Message = "no article text on that page" + (string.IsNullOrEmpty(reason) ? string.Empty : " (" + reason + ")"),
            };
        }

        var canonical = UrlCanon.Canonical(fetched.FinalUrl, article.Meta.Url);
        var now = time.GetUtcNow();
        var extracted = QuoteExtractor.Extract(article);
        var status = approve ? QuoteStatus.Active : QuoteStatus.Pending;
        var quotes = ArticleImporter.ToNewQuotes(article, extracted, actor, now)
            .Select(q => q with { Scope = scope, Status = status, Source = q.Source with { Url = canonical } })
            .ToArray();
        var stored = await articles.AddArticleAsync(
            new NewArticle
            {
                Scope = scope,
                CanonicalUrl = canonical,
                ContentHash = ContentHash(article.Text),
                Title = article.Meta.Title,
                FeedUrl = feedUrl,
                AddedBy = actor.Id,
                FetchedAt = now,
            },
            quotes,
            actor,
            ct);
        return new ArticleIngestResult
        {
            Outcome = stored.Added ? IngestOutcome.Added : IngestOutcome.Duplicate,
            Url = url,
            CanonicalUrl = canonical,
            Title = article.Meta.Title,
            QuotesFound = quotes.Length,
            QuotesAdded = stored.Quotes.Added,
            QuoteDuplicates = stored.Quotes.Duplicates,
            Approved = approve,
            Message = stored.Added ? string.Empty : "already added",
        };
    }

    /// <summary>SHA-256 of the article text with case and white space folded: the same story at another URL matches.</summary>
    public static string ContentHash(string text)
    {
        var folded = ArticleImporter.Clean(text).ToLowerInvariant();
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(folded)));
    }

    private static ArticleIngestResult Failed(string url, FetchFailure failure, string message) => new()
    {
        Outcome = IngestOutcome.Failed,
        Url = url,
        Failure = failure,
        FailureKind = Kind(failure),
        Message = message,
    };

    /// <summary>"too-large", "timeout", "blocked", ...: stable names for summaries.</summary>
    public static string Kind(FetchFailure failure) => failure switch
    {
        FetchFailure.InvalidUrl => "invalid-link",
        FetchFailure.Blocked => "blocked",
        FetchFailure.TooManyRedirects => "redirects",
        FetchFailure.TooLarge => "too-large",
        FetchFailure.Timeout => "timeout",
        FetchFailure.WrongContentType => "not-html",
        FetchFailure.HttpStatus => "http-error",
        FetchFailure.Network => "network",
        FetchFailure.HostFailing => "host-failing",
        _ => "other",
    };
}
