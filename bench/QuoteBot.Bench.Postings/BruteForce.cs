using QuoteBot.Core.Model;
using QuoteBot.Core.Text;
using QuoteBot.Storage.Sqlite.Postings;

namespace QuoteBot.Bench.Postings;

/// <summary>
/// The reference: every quote tokenized afresh and every query scored on it with the formula written out (no
/// postings, no blocks, no pruning). One pass over the quotes, given the corpus statistics; it also counts those
/// statistics itself (quotes, tokens, and the document frequency of every query token) so a caller can check that
/// the statistics it was given are the true ones.
/// </summary>
internal static class BruteForce
{
    public sealed record Result(List<Hit>[] Tops, long Docs, long Tokens, Dictionary<string, long> Df);

    public static Result Run(IEnumerable<NewQuote> quotes, PostingsTokenizer tokenizer, IReadOnlyList<PostingsQuery> plans, int k,
        Func<string, long> df, long docs, double averageLength)
    {
        var tops = plans.Select(_ => new TopK(k)).ToArray();
        var idfs = plans.Select(p => p.Clauses.Select(c => c.Sum(t => Bm25.Idf(docs, df(t)))).ToArray()).ToArray();
        var counted = plans.SelectMany(p => p.Clauses).SelectMany(c => c).Distinct().ToDictionary(t => t, _ => 0L, StringComparer.Ordinal);
        var scratch = new List<string>();
        long n = 0, tokens = 0;
        var id = 0;
        foreach (var q in quotes)
        {
            id++;
            var a = Analysis.Of(tokenizer, IndexedQuote.From(q), scratch);
            n++;
            tokens += a.Length;
            foreach (var t in a.Terms.Keys)
            {
                if (counted.TryGetValue(t, out var c))
                {
                    counted[t] = c + 1;
                }
            }

            var key = TextFolding.SpeakerKey(q.Speaker);
            var norm = Bm25.Norm(a.Length, averageLength);
            for (var p = 0; p < plans.Count; p++)
            {
                var plan = plans[p];
                if (plan.Clauses.Count == 0 || (plan.Speaker is { } s && !TextFolding.SpeakerMatches(key, s)))
                {
                    continue;
                }

                var score = 0.0;
                var match = true;
                for (var c = 0; c < plan.Clauses.Count && match; c++)
                {
                    var f = a.PhraseFrequency(plan.Clauses[c]);
                    match = f > 0;
                    score += match ? Bm25.Term(idfs[p][c], f, norm) : 0;
                }

                if (match)
                {
                    tops[p].Offer(new Hit(id, score));
                }
            }
        }

        return new Result(tops.Select(t => t.ToList()).ToArray(), n, tokens, counted);
    }
}
