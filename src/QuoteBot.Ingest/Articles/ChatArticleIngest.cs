using QuoteBot.Core.Model;
using QuoteBot.Core.Review;

namespace QuoteBot.Ingest.Articles;

/// <summary>
/// The chat's way in (<c>/addarticle</c>): one article link through the same <see cref="ArticleIngestor"/> as the CLI,
/// every limit and the address guard included; its quotes enter as pending. A feed link is refused with a pointer to
/// following it.
/// </summary>
public sealed class ChatArticleIngest(ArticleIngestor ingestor) : IArticleIngest
{
    public async Task<ArticleIngestReport> IngestAsync(string url, Scope scope, Actor actor, CancellationToken ct = default)
    {
        var result = await ingestor.IngestAsync(url, scope, actor, approve: false, feedUrl: null, ct);
        return result.Outcome switch
        {
            IngestOutcome.Added => new ArticleIngestReport(ArticleIngestStatus.Added, result.Title, result.QuotesFound, result.QuotesAdded, result.QuoteDuplicates),
            IngestOutcome.Duplicate => new ArticleIngestReport(ArticleIngestStatus.AlreadyAdded, result.Title),
            _ => new ArticleIngestReport(ArticleIngestStatus.Failed, Reason: result.Message),
        };
    }
}
