using QuoteBot.Core.Model;
using QuoteBot.Core.Search;
using QuoteBot.Core.Text;
using QuoteBot.Storage.Sqlite.Postings;

namespace QuoteBot.Storage.Sqlite;

public sealed partial class SqliteQuoteStore
{
    /// <summary>Active quotes read (and analysed in parallel) at a time by <see cref="ExhaustiveSearchIds"/>.</summary>
    private const int OraclePage = 4_096;

    /// <summary>
    /// For the benchmark (agreement) and tests: the exact BM25 top <paramref name="limit"/> of each query for a reader
    /// who sees every scope, computed without the postings index. Every active quote is read from the quotes table and
    /// analysed afresh (Postings/Analysis.cs, the index's own analysis): a first pass counts the active quotes, their
    /// tokens and the document frequency of every query token; a second scores every quote that holds every clause
    /// (a phrase: its tokens next to each other in one column), passes the speaker filter and holds no excluded word
    /// or phrase, with the store's formula (<see cref="Bm25Formula"/>); best first, ties newest first. All queries share
    /// the two passes. Read in one snapshot. Not used by the bot.
    /// </summary>
    internal IReadOnlyList<IReadOnlyList<long>> ExhaustiveSearchIds(IReadOnlyList<QuoteQuery> queries, int limit) => Read(s => InOneSnapshot(s, () =>
    {
        var plans = queries.Select(q => OraclePlan.Of(s.Terms!, q)).ToList();
        var wanted = plans.SelectMany(p => p.Clauses.SelectMany(c => c)).ToHashSet(StringComparer.Ordinal);
        long docs = 0, tokens = 0;
        var df = new Dictionary<string, long>(StringComparer.Ordinal);
        OracleScan(s, (a, _, _) =>
        {
            lock (df)
            {
                docs++;
                tokens += a.Length;
                foreach (var t in a.Terms.Keys)
                {
                    if (wanted.Contains(t))
                    {
                        df[t] = df.GetValueOrDefault(t) + 1;
                    }
                }
            }
        });

        var averageLength = Bm25.AverageLength(docs, tokens);
        var idfs = plans.Select(p => p.Clauses.Select(c => c.Sum(t => Bm25Formula.Idf(docs, df.GetValueOrDefault(t)))).ToArray()).ToList();
        var tops = plans.Select(_ => new TopK(limit)).ToArray();
        OracleScan(s, (a, id, speakerKey) =>
        {
            for (var p = 0; p < plans.Count; p++)
            {
                var plan = plans[p];
                if (plan.Clauses.Count == 0 || (plan.Speaker is { } sp && !TextFolding.SpeakerMatches(speakerKey, sp)))
                {
                    continue;
                }

                var score = 0.0;
                var match = true;
                for (var c = 0; c < plan.Clauses.Count && match; c++)
                {
                    var f = a.PhraseFrequency(plan.Clauses[c]);
                    match = f > 0;
                    score += match ? Bm25Formula.Term(idfs[p][c], f, Bm25Formula.Norm(a.Length, averageLength)) : 0;
                }

                if (match && plan.Excluded.All(e => a.PhraseFrequency(e) == 0))
                {
                    lock (tops[p])
                    {
                        tops[p].Offer(new Hit(checked((int)id), score));
                    }
                }
            }
        });

        return (IReadOnlyList<IReadOnlyList<long>>)tops.Select(t => (IReadOnlyList<long>)t.ToList().Select(h => (long)h.Id).ToList()).ToList();
    }));

    /// <summary>Reads every active quote in id order, analyses each page in parallel and hands each analysis to <paramref name="visit"/> (any thread).</summary>
    private void OracleScan(SqliteSession s, Action<Analysis, long, string> visit)
    {
        var after = 0L;
        while (true)
        {
            var rows = new List<(long Id, IndexedQuote Quote, string SpeakerKey)>(OraclePage);
            using (var r = s.Command($"SELECT id, text, {SpeakerColumn}, source_title FROM quotes WHERE status = 0 AND id > @after ORDER BY id LIMIT @n",
                       ("@after", after), ("@n", OraclePage)).ExecuteReader())
            {
                while (r.Read())
                {
                    rows.Add((r.GetInt64(0), new IndexedQuote(ReadText(r, 1)!, r.IsDBNull(2) ? null : r.GetString(2), ReadText(r, 3)), TextFolding.SpeakerKey(r.IsDBNull(2) ? null : r.GetString(2))));
                }
            }

            if (rows.Count == 0)
            {
                return;
            }

            var workers = Math.Max(1, Math.Min(Environment.ProcessorCount, rows.Count / 64));
            Parallel.For(0, workers, w =>
            {
                var tokenizer = RentTokenizer();
                var scratch = new List<string>();
                try
                {
                    for (var i = rows.Count * w / workers; i < rows.Count * (w + 1) / workers; i++)
                    {
                        visit(Analysis.Of(tokenizer, rows[i].Quote, scratch), rows[i].Id, rows[i].SpeakerKey);
                    }
                }
                finally
                {
                    ReturnTokenizer(tokenizer);
                }
            });

            after = rows[^1].Id;
        }
    }

    /// <summary>A query as the oracle runs it: the same token lists the index's search gets (<see cref="SearchPostings"/>).</summary>
    private sealed record OraclePlan(List<IReadOnlyList<string>> Clauses, List<IReadOnlyList<string>> Excluded, string? Speaker)
    {
        public static OraclePlan Of(Fts5Terms terms, QuoteQuery query)
        {
            var clauses = new List<IReadOnlyList<string>>();
            foreach (var t in query.Terms)
            {
                if (terms.QueryTokens(t) is { Count: > 0 } tokens)
                {
                    clauses.Add(tokens);
                }
            }

            foreach (var p in query.Phrases)
            {
                if (p.SelectMany(terms.QueryTokens).ToList() is { Count: > 0 } tokens)
                {
                    clauses.Add(tokens);
                }
            }

            var excluded = query.Excluded.Select(e => (IReadOnlyList<string>)[e]).Concat(query.ExcludedPhrases)
                .Select(words => (IReadOnlyList<string>)words.SelectMany(terms.QueryTokens).ToList())
                .Where(tokens => tokens.Count > 0)
                .ToList();
            return new OraclePlan(clauses, excluded, query.Speaker);
        }
    }
}
