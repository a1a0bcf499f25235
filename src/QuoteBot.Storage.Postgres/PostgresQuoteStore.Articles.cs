using Npgsql;
using QuoteBot.Core.Model;
using QuoteBot.Core.Storage;

namespace QuoteBot.Storage.Postgres;

/// <summary>Fetched articles and the review queue (schema migration 5).</summary>
public sealed partial class PostgresQuoteStore
{
    public Task<bool> HasArticleAsync(Scope scope, string canonicalUrl, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(canonicalUrl);
        return _db.ReadAsync(async conn =>
        {
            await using var cmd = new NpgsqlCommand("SELECT 1 FROM articles WHERE scope = @s AND canonical_url = @u", conn);
            cmd.Parameters.AddWithValue("s", scope.Key);
            cmd.Parameters.AddWithValue("u", Clean(canonicalUrl));
            return await cmd.ExecuteScalarAsync(ct) is not null;
        }, ct);
    }

    public async Task<ArticleAddResult> AddArticleAsync(NewArticle article, IReadOnlyList<NewQuote> quotes, Actor actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(article);
        ArgumentNullException.ThrowIfNull(quotes);
        ArgumentNullException.ThrowIfNull(actor);
        var rows = quotes.Select(Row.FromNew).ToList();
        return await _db.WriteAsync(async (conn, tx) =>
        {
            await using (var cmd = new NpgsqlCommand(
                "INSERT INTO articles(scope, canonical_url, content_hash, title, feed_url, added_by, fetched_at) " +
                "VALUES (@s, @u, @h, @t, @f, @by, @at) ON CONFLICT DO NOTHING RETURNING id", conn, tx))
            {
                cmd.Parameters.AddWithValue("s", article.Scope.Key);
                cmd.Parameters.AddWithValue("u", Clean(article.CanonicalUrl));
                cmd.Parameters.AddWithValue("h", Clean(article.ContentHash));
                cmd.Parameters.AddWithValue("t", (object?)CleanOrNull(article.Title) ?? DBNull.Value);
                cmd.Parameters.AddWithValue("f", (object?)CleanOrNull(article.FeedUrl) ?? DBNull.Value);
                cmd.Parameters.AddWithValue("by", Clean(article.AddedBy));
                cmd.Parameters.AddWithValue("at", article.FetchedAt.ToUniversalTime());
                if (await cmd.ExecuteScalarAsync(ct) is null)
                {
                    return new ArticleAddResult(false, ImportSummary.Zero);
                }
            }

            if (rows.Count == 0)
            {
                return new ArticleAddResult(true, ImportSummary.Zero);
            }

            var outcome = await AddBatchAsync(conn, tx, rows, actor, ct);
            return new ArticleAddResult(true, new ImportSummary(outcome.Added.Count, outcome.Duplicates.Count));
        }, ct, retryUniqueViolation: true);
    }

    public Task<IReadOnlyList<Quote>> ListPendingAsync(Scope? scope, long afterId, int limit, CancellationToken ct = default) =>
        _db.ReadAsync<IReadOnlyList<Quote>>(async conn =>
        {
            await using var cmd = new NpgsqlCommand(
                scope is null
                    ? $"SELECT {Columns} FROM quotes WHERE status = 2 AND id > @after ORDER BY id LIMIT @n"
                    : $"SELECT {Columns} FROM quotes WHERE status = 2 AND scope = @scope AND id > @after ORDER BY id LIMIT @n",
                conn);
            cmd.Parameters.AddWithValue("after", afterId);
            cmd.Parameters.AddWithValue("n", Math.Max(0, limit));
            if (scope is not null)
            {
                cmd.Parameters.AddWithValue("scope", scope.Value.Key);
            }

            return await ReadQuotesAsync(cmd, ct);
        }, ct);
}
