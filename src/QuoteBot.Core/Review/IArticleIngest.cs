using QuoteBot.Core.Model;

namespace QuoteBot.Core.Review;

/// <summary>
/// The port through which chat commands bring in an article from a link (implemented by QuoteBot.Ingest, wired by the
/// host). Fetches the page with every limit and the address guard, extracts its quotes and stores them as pending in
/// the given scope, audited as the given actor. Never throws for a bad link or page: the report says why.
/// </summary>
public interface IArticleIngest
{
    Task<ArticleIngestReport> IngestAsync(string url, Scope scope, Actor actor, CancellationToken ct = default);
}

public enum ArticleIngestStatus
{
    /// <summary>The article was stored; its quotes wait for review.</summary>
    Added,

    /// <summary>This community already has the article (same link or same text): nothing was stored.</summary>
    AlreadyAdded,

    /// <summary>Not fetched or not read: <see cref="ArticleIngestReport.Reason"/> says why in one line.</summary>
    Failed,
}

/// <summary>What one article link gave.</summary>
public sealed record ArticleIngestReport(ArticleIngestStatus Status, string? Title = null, int QuotesFound = 0, int QuotesPending = 0, int QuotesAlreadyStored = 0, string? Reason = null);
