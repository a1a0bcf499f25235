using QuoteBot.Core.Text;
using QuoteBot.Storage.Sqlite.Postings;

namespace QuoteBot.Storage.Sqlite.Tests;

/// <summary>
/// The postings tests' reference: every live quote tokenized afresh, the BM25 formula written out, best first and
/// equal scores newest first; <c>accept</c> stands for a reader's filter (scopes).
/// </summary>
internal static class PostingsBruteForce
{
    public static List<Hit> Search(
        PostingsTokenizer tokenizer,
        Dictionary<int, IndexedQuote> live,
        PostingsQuery query,
        int k,
        out (long Docs, long Tokens, Dictionary<string, long> Df) stats,
        Func<int, bool>? accept = null)
    {
        var scratch = new List<string>();
        var analyses = live.ToDictionary(x => x.Key, x => Analysis.Of(tokenizer, x.Value, scratch));
        var df = new Dictionary<string, long>(StringComparer.Ordinal);
        long tokens = 0;
        foreach (var a in analyses.Values)
        {
            tokens += a.Length;
            foreach (var t in a.Terms.Keys)
            {
                df[t] = df.GetValueOrDefault(t) + 1;
            }
        }

        stats = (analyses.Count, tokens, df);
        var docs = (long)analyses.Count;
        var averageLength = docs > 0 ? Math.Max(1.0, (double)tokens / docs) : 1.0;
        var idfs = query.Clauses.Select(c => c.Sum(t => Bm25Formula.Idf(docs, df.GetValueOrDefault(t)))).ToArray();
        var hits = new List<Hit>();
        if (query.Clauses.Count == 0)
        {
            return hits;
        }

        foreach (var (id, a) in analyses)
        {
            if ((query.Speaker is { } s && !TextFolding.SpeakerMatches(TextFolding.SpeakerKey(live[id].Speaker), s)) || (accept is not null && !accept(id)))
            {
                continue;
            }

            var score = 0.0;
            var match = true;
            for (var c = 0; c < query.Clauses.Count && match; c++)
            {
                var f = a.PhraseFrequency(query.Clauses[c]);
                match = f > 0;
                score += match ? Bm25Formula.Term(idfs[c], f, Bm25Formula.Norm(a.Length, averageLength)) : 0;
            }

            if (match)
            {
                hits.Add(new Hit(id, score));
            }
        }

        return hits.OrderByDescending(h => h.Score).ThenByDescending(h => h.Id).Take(k).ToList();
    }
}
