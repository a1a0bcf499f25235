using QuoteBot.Core.Model;

namespace QuoteBot.Core.Storage;

/// <summary>A fetched article about to be recorded: who fetched it for which community, and what identifies it.</summary>
public sealed record NewArticle
{
    public required Scope Scope { get; init; }

    /// <summary>The page's canonical URL, normalized (see the ingest docs): one row per scope.</summary>
    public required string CanonicalUrl { get; init; }

    /// <summary>A hash of the article's folded main text: the same story under another URL is one row per scope too.</summary>
    public required string ContentHash { get; init; }

    public string? Title { get; init; }

    /// <summary>The followed feed the article came from, if any.</summary>
    public string? FeedUrl { get; init; }

    public required string AddedBy { get; init; }

    public required DateTimeOffset FetchedAt { get; init; }
}

/// <summary>
/// The outcome of recording an article: <see cref="Added"/> is false when the scope already has an article with the
/// same canonical URL or content hash, and then nothing was stored.
/// </summary>
public sealed record ArticleAddResult(bool Added, ImportSummary Quotes);

/// <summary>Articles fetched from links and feeds, and the review queue of the quotes found in them.</summary>
public interface IArticleStore
{
    /// <summary>Whether <paramref name="scope"/> already has the article at <paramref name="canonicalUrl"/>.</summary>
    Task<bool> HasArticleAsync(Scope scope, string canonicalUrl, CancellationToken ct = default);

    /// <summary>
    /// Records an article and adds its quotes (deduplicated like any add, audited) in one transaction, unless the scope
    /// already has an article with the same canonical URL or content hash.
    /// </summary>
    Task<ArticleAddResult> AddArticleAsync(NewArticle article, IReadOnlyList<NewQuote> quotes, Actor actor, CancellationToken ct = default);

    /// <summary>Pending quotes of <paramref name="scope"/> (of every scope when null) with ids above <paramref name="afterId"/>, oldest first.</summary>
    Task<IReadOnlyList<Quote>> ListPendingAsync(Scope? scope, long afterId, int limit, CancellationToken ct = default);
}

/// <summary>The audit action of a status change, the same in every store.</summary>
public static class StatusAudit
{
    public static string Action(QuoteStatus before, QuoteStatus after) => (before, after) switch
    {
        (QuoteStatus.Pending, QuoteStatus.Active) => "approve",
        (QuoteStatus.Pending, QuoteStatus.Removed) => "reject",
        (_, QuoteStatus.Removed) => "remove",
        (_, QuoteStatus.Pending) => "unapprove",
        _ => "restore",
    };
}

/// <summary>What every store checks of a quote it is asked to add.</summary>
public static class NewQuoteRules
{
    /// <summary>A new quote has text and is active or pending (a removed one is never added, only restored).</summary>
    public static void Check(NewQuote quote)
    {
        ArgumentNullException.ThrowIfNull(quote);
        if (quote.Status is not (QuoteStatus.Active or QuoteStatus.Pending))
        {
            throw new ArgumentException("A new quote is active or pending.", nameof(quote));
        }
    }
}
