using QuoteBot.Core.Model;
using QuoteBot.Ingest.Articles;
using QuoteBot.Ingest.Feeds;

namespace QuoteBot.Ingest;

/// <summary>Progress of a run: reported after each article.</summary>
public sealed record IngestProgress(int Done, int Total, string Url, IngestOutcome Outcome);

/// <summary>What a run did: the CLI prints it as one summary line.</summary>
public sealed record IngestSummary(
    int ArticlesFetched,
    int QuotesPending,
    int QuotesApproved,
    int Duplicates,
    IReadOnlyDictionary<string, int> FailuresByReason,
    IReadOnlyList<string> Failures)
{
    public int FailureCount => Failures.Count;
}

/// <summary>
/// Ingests links given by an operator: each is an article page or a feed (RSS or Atom); a feed's items are ingested as
/// articles of that feed. Articles the scope already has are counted as duplicates and not fetched again.
/// </summary>
public sealed class IngestRunner(ArticleIngestor ingestor)
{
    public async Task<IngestSummary> RunAsync(
        IReadOnlyList<string> urls,
        Scope scope,
        Actor actor,
        bool approve,
        IProgress<IngestProgress>? progress = null,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(urls);
        int fetched = 0, pending = 0, approved = 0, duplicates = 0, done = 0, total = urls.Count;
        var reasons = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var failures = new List<string>();

        void Count(ArticleIngestResult r)
        {
            switch (r.Outcome)
            {
                case IngestOutcome.Added:
                    fetched++;
                    if (r.Approved)
                    {
                        approved += r.QuotesAdded;
                    }
                    else
                    {
                        pending += r.QuotesAdded;
                    }

                    break;
                case IngestOutcome.Duplicate:
                    duplicates++;
                    break;
                default:
                    var kind = r.FailureKind ?? "other";
                    reasons[kind] = reasons.GetValueOrDefault(kind) + 1;
                    failures.Add($"{r.Url}: {r.Message}");
                    break;
            }
        }

        foreach (var url in urls)
        {
            ct.ThrowIfCancellationRequested();
            var result = await ingestor.IngestAsync(url, scope, actor, approve, feedUrl: null, ct);
            if (result.Feed is { } feed)
            {
                var parsed = FeedReader.Parse(feed.Text!, feed.FinalUrl!);
                if (!parsed.Ok)
                {
                    Count(result with { Feed = null, FailureKind = "bad-feed", Message = parsed.Error! });
                }
                else
                {
                    total += parsed.Items.Count;
                    foreach (var item in parsed.Items)
                    {
                        ct.ThrowIfCancellationRequested();
                        var one = await ingestor.IngestAsync(item.Link, scope, actor, approve, feed.FinalUrl!.AbsoluteUri, ct);
                        if (one.IsFeed)
                        {
                            one = one with { Feed = null, FailureKind = "not-an-article", Message = "a feed item links to another feed" };
                        }

                        Count(one);
                        progress?.Report(new IngestProgress(++done, total, item.Link, one.Outcome));
                    }
                }
            }
            else
            {
                Count(result);
            }

            progress?.Report(new IngestProgress(++done, total, url, result.Outcome));
        }

        return new IngestSummary(fetched, pending, approved, duplicates, reasons, failures);
    }
}
