using QuoteBot.Core.Follows;
using QuoteBot.Ingest.Articles;
using QuoteBot.Ingest.Fetching;

namespace QuoteBot.Ingest.Feeds;

/// <summary>
/// The feed check of <c>/follow</c> and <c>quotebot follow add</c>: the link's canonical form, and one fetch through the
/// one fetcher (limits, address guard) that must give a readable RSS or Atom feed.
/// </summary>
public sealed class FeedCheck(PageFetcher fetcher) : IFeedCheck
{
    public bool TryCanonical(string? text, out string canonical, out string error)
    {
        canonical = string.Empty;
        if (!PageFetcher.TryParseUrl(text, out var url, out error))
        {
            return false;
        }

        canonical = UrlCanon.Normalize(url);
        return true;
    }

    public async Task<FeedCheckResult> CheckAsync(string canonicalUrl, CancellationToken ct = default)
    {
        var fetched = await fetcher.FetchAsync(canonicalUrl, null, ct);
        if (!fetched.Ok)
        {
            return FeedCheckResult.Fail(fetched.Message);
        }

        if (!fetched.IsXml)
        {
            return FeedCheckResult.Fail("that link is a web page, not a feed (RSS or Atom); use the page's feed link");
        }

        var parsed = FeedReader.Parse(fetched.Text!, fetched.FinalUrl!);
        return parsed.Ok ? FeedCheckResult.Feed(parsed.Title) : FeedCheckResult.Fail(parsed.Error!);
    }
}
