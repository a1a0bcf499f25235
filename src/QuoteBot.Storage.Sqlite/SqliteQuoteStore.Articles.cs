using QuoteBot.Core.Model;
using QuoteBot.Core.Storage;

namespace QuoteBot.Storage.Sqlite;

/// <summary>Fetched articles and the review queue (schema migration 3).</summary>
public sealed partial class SqliteQuoteStore
{
    public Task<bool> HasArticleAsync(Scope scope, string canonicalUrl, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(canonicalUrl);
        return Task.FromResult(Read(s => s.Scalar(
            "SELECT 1 FROM articles WHERE scope = @s AND canonical_url = @u", ("@s", scope.Key), ("@u", canonicalUrl)) is not null));
    }

    public Task<ArticleAddResult> AddArticleAsync(NewArticle article, IReadOnlyList<NewQuote> quotes, Actor actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(article);
        ArgumentNullException.ThrowIfNull(quotes);
        ArgumentNullException.ThrowIfNull(actor);
        foreach (var q in quotes)
        {
            Validate(q);
        }

        var batch = NewBatch(quotes.Select(Prepare).ToArray());
        return WriteAsync(s =>
        {
            var id = s.Scalar(
                "INSERT INTO articles(scope, canonical_url, content_hash, title, feed_url, added_by, fetched_at) " +
                "VALUES (@s, @u, @h, @t, @f, @by, @at) ON CONFLICT DO NOTHING RETURNING id",
                ("@s", article.Scope.Key), ("@u", article.CanonicalUrl), ("@h", article.ContentHash), ("@t", article.Title),
                ("@f", article.FeedUrl), ("@by", article.AddedBy), ("@at", FormatTime(article.FetchedAt)));
            return id is null
                ? new ArticleAddResult(false, ImportSummary.Zero)
                : new ArticleAddResult(true, WriteBatch(s, batch, actor));
        }, transaction: true, ct);
    }

    public Task<IReadOnlyList<Quote>> ListPendingAsync(Scope? scope, long afterId, int limit, CancellationToken ct = default) =>
        Task.FromResult(Read<IReadOnlyList<Quote>>(s =>
        {
            var sql = scope is null
                ? $"SELECT {QuoteColumns} FROM quotes WHERE status = 2 AND id > @after ORDER BY id LIMIT @n"
                : $"SELECT {QuoteColumns} FROM quotes WHERE status = 2 AND scope = @scope AND id > @after ORDER BY id LIMIT @n";
            var cmd = scope is null
                ? s.Command(sql, ("@after", afterId), ("@n", Math.Max(0, limit)))
                : s.Command(sql, ("@scope", scope.Value.Key), ("@after", afterId), ("@n", Math.Max(0, limit)));
            using var r = cmd.ExecuteReader();
            var list = new List<Quote>();
            while (r.Read())
            {
                list.Add(ReadQuote(r));
            }

            return list;
        }));
}
