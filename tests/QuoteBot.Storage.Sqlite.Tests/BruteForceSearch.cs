using QuoteBot.Core.Model;
using QuoteBot.Core.Search;
using QuoteBot.Core.Storage;
using QuoteBot.Core.Text;
using QuoteBot.Storage.Sqlite.Postings;

namespace QuoteBot.Storage.Sqlite.Tests;

/// <summary>
/// The reference the store's searches are checked against since FTS5 is gone (migration 12): every quote the store
/// exports, the active ones analysed afresh (the index's own analysis, Postings/Analysis.cs), the statistics counted
/// here, and the whole BM25 formula written out over every match; then the reader's scope, the offset and the limit.
/// A speaker filter without words lists the speaker's quotes newest first (minus any -excluded ones).
/// </summary>
internal static class BruteForceSearch
{
    /// <summary>The active quotes' statistics as the index must hold them: quotes, tokens, document frequency per token.</summary>
    public static async Task<(long Docs, long Tokens, SortedDictionary<string, long> Df)> StatisticsAsync(SqliteQuoteStore store)
    {
        var (active, analyses) = await AnalyseAsync(store);
        var df = new SortedDictionary<string, long>(StringComparer.Ordinal);
        long tokens = 0;
        foreach (var a in analyses.Values)
        {
            tokens += a.Length;
            foreach (var t in a.Terms.Keys)
            {
                df[t] = df.GetValueOrDefault(t) + 1;
            }
        }

        return (active.Count, tokens, df);
    }

    /// <summary>The page a search must return: ids in order, and whether more follow.</summary>
    public static async Task<(List<long> Ids, bool More)> PageAsync(SqliteQuoteStore store, QuoteQuery query, Visibility visibility, int offset, int limit)
    {
        var (active, analyses) = await AnalyseAsync(store);
        using var tokenizer = new PostingsTokenizer();
        var clauses = query.Terms.Select(t => (IReadOnlyList<string>)tokenizer.Query(t))
            .Concat(query.Phrases.Select(p => (IReadOnlyList<string>)p.SelectMany(tokenizer.Query).ToList()))
            .Where(c => c.Count > 0)
            .ToList();
        var excluded = query.Excluded.Select(e => (IReadOnlyList<string>)[e]).Concat(query.ExcludedPhrases)
            .Select(words => (IReadOnlyList<string>)words.SelectMany(tokenizer.Query).ToList())
            .Where(tokens => tokens.Count > 0)
            .ToList();
        bool Speaks(Quote q) => query.Speaker is not { } sp || TextFolding.SpeakerMatches(q.SpeakerKey, sp);
        bool Excluded(long id) => excluded.Any(e => analyses[id].PhraseFrequency(e) > 0);

        List<long> ranked;
        if (clauses.Count == 0)
        {
            ranked = query.Speaker is null ? [] : active.Where(q => Speaks(q) && !Excluded(q.Id)).OrderByDescending(q => q.Id).Select(q => q.Id).ToList();
        }
        else
        {
            var docs = (long)active.Count;
            long tokens = analyses.Values.Sum(a => (long)a.Length);
            var df = new Dictionary<string, long>(StringComparer.Ordinal);
            foreach (var t in analyses.Values.SelectMany(a => a.Terms.Keys))
            {
                df[t] = df.GetValueOrDefault(t) + 1;
            }

            var averageLength = docs > 0 ? Math.Max(1.0, (double)tokens / docs) : 1.0;
            var idfs = clauses.Select(c => c.Sum(t => Bm25Formula.Idf(docs, df.GetValueOrDefault(t)))).ToArray();
            var hits = new List<(long Id, double Score)>();
            foreach (var q in active)
            {
                var a = analyses[q.Id];
                if (!Speaks(q) || Excluded(q.Id))
                {
                    continue;
                }

                var score = 0.0;
                var match = true;
                for (var c = 0; c < clauses.Count && match; c++)
                {
                    var f = a.PhraseFrequency(clauses[c]);
                    match = f > 0;
                    score += match ? Bm25Formula.Term(idfs[c], f, Bm25Formula.Norm(a.Length, averageLength)) : 0;
                }

                if (match)
                {
                    hits.Add((q.Id, score));
                }
            }

            ranked = hits.OrderByDescending(h => h.Score).ThenByDescending(h => h.Id).Select(h => h.Id).ToList();
        }

        var byId = active.ToDictionary(q => q.Id);
        var visible = ranked.Where(id => visibility.CanSee(byId[id].Scope)).ToList();
        var page = visible.Skip(offset).Take(limit).ToList();
        return (page, visible.Count > offset + limit);
    }

    /// <summary>Asserts that every query, for each reader and a few pages, returns exactly the brute-force page.</summary>
    public static async Task AssertSamePagesAsync(SqliteQuoteStore store, IEnumerable<string> queries, IEnumerable<Visibility> readers, int minimumHits = 50)
    {
        var searched = 0;
        foreach (var text in queries)
        {
            var query = QueryParser.Parse(text).Query!;
            foreach (var visibility in readers)
            {
                foreach (var (offset, limit) in new[] { (0, 5), (2, 3) })
                {
                    var (want, more) = await PageAsync(store, query, visibility, offset, limit);
                    var got = await store.SearchAsync(query, visibility, offset, limit);
                    Assert.True(want.SequenceEqual(got.Items.Select(q => q.Id)) && more == got.HasMore,
                        $"'{text}' ({visibility.Scope?.Key ?? "all"}, offset {offset}): store [{string.Join(", ", got.Items.Select(q => q.Id))}]{(got.HasMore ? " more" : "")}, brute force [{string.Join(", ", want)}]{(more ? " more" : "")}");
                    searched += got.Items.Count;
                }
            }
        }

        Assert.True(searched >= minimumHits, $"only {searched} hits: the corpus does not exercise the queries");
    }

    private static async Task<(List<Quote> Active, Dictionary<long, Analysis> Analyses)> AnalyseAsync(SqliteQuoteStore store)
    {
        var active = new List<Quote>();
        await foreach (var q in store.ExportAsync())
        {
            if (q.Status == QuoteStatus.Active)
            {
                active.Add(q);
            }
        }

        using var tokenizer = new PostingsTokenizer();
        var scratch = new List<string>();
        return (active, active.ToDictionary(q => q.Id, q => Analysis.Of(tokenizer, new IndexedQuote(q.Text, q.Speaker, q.Source.Title), scratch)));
    }
}
