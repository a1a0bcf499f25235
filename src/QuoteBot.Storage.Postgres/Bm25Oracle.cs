using Npgsql;
using NpgsqlTypes;
using QuoteBot.Core.Search;

namespace QuoteBot.Storage.Postgres;

/// <summary>
/// Exhaustive BM25 for the bench and the tests, computed without the store's postings: every active quote's search
/// vector (the weights A, B, C of its positions give the weighted frequencies 10, 3, 1; its positions its length) is
/// read twice, once for the statistics and once to score every query on it. A word is its lexeme; a phrase (or a
/// word PostgreSQL splits into several lexemes) counts its hits as runs of adjacent positions of one weight, and its
/// IDF is the sum of its lexemes' IDFs. Equal scores go to the higher id.
/// </summary>
internal static class Bm25Oracle
{
    /// <summary>One query as lexemes: the positive clauses (one lexeme: a word; more: a phrase), the excluded ones, and
    /// the speaker ids it is limited to (null: any).</summary>
    public sealed record Query(IReadOnlyList<string[]> Clauses, IReadOnlyList<string[]> Excluded, long[]? Speakers);

    /// <summary>The parsed query in lexemes, as PostgreSQL's text search configuration stems its words.</summary>
    public static async Task<Query> ResolveAsync(NpgsqlConnection conn, QuoteQuery query, long[]? speakers, CancellationToken ct)
    {
        var (singles, phrases) = SearchTerms.Split(query);
        var excludedWords = query.Excluded.Select(PostgresQuoteStore.Operand).OfType<string>().Select(o => o[1..^1]).ToList();
        var excludedPhrases = query.ExcludedPhrases
            .Select(p => p.Select(PostgresQuoteStore.Operand).OfType<string>().Select(o => o[1..^1]).ToArray()).Where(p => p.Length > 0).ToList();
        var all = singles.Concat(phrases.SelectMany(p => p)).Concat(excludedWords).Concat(excludedPhrases.SelectMany(p => p));
        var known = await new Lexicon().LookUpAsync(conn, null, all, ct);
        string[] Lexemes(IEnumerable<string> words) => words.SelectMany(w => known.TryGetValue(w, out var l) ? l : []).ToArray();
        var clauses = singles.Select(w => Lexemes([w])).Concat(phrases.Select(p => Lexemes(p)))
            .Where(c => c.Length > 0)
            .DistinctBy(c => string.Join(' ', c))
            .OrderBy(c => c.Length).ThenBy(c => Bm25Postings.TermKey(c[0]))
            .ToList();
        var excluded = excludedWords.Select(w => Lexemes([w])).Concat(excludedPhrases.Select(p => Lexemes(p))).Where(c => c.Length > 0).ToList();
        return new Query(clauses, excluded, speakers);
    }

    /// <summary>The ids of each query's exact top <paramref name="k"/> among the quotes visible in <paramref name="scope"/>
    /// (global and that scope; null: every scope), best first.</summary>
    public static async Task<List<long>[]> TopAsync(NpgsqlConnection conn, IReadOnlyList<Query> queries, string? scope, int k, CancellationToken ct)
    {
        var wanted = queries.SelectMany(q => q.Clauses.SelectMany(c => c)).ToHashSet(StringComparer.Ordinal);
        var df = wanted.ToDictionary(l => l, _ => 0L, StringComparer.Ordinal);
        long docs = 0, length = 0;
        const string Sql = "SELECT id, speaker_id, scope, search FROM quotes WHERE status = 0";
        await using (var cmd = new NpgsqlCommand(Sql, conn) { CommandTimeout = 0 })
        await using (var r = await cmd.ExecuteReaderAsync(ct))
        {
            while (await r.ReadAsync(ct))
            {
                docs++;
                foreach (var lexeme in r.GetFieldValue<NpgsqlTsVector>(3))
                {
                    length += lexeme.Count;
                    if (df.TryGetValue(lexeme.Text, out var n))
                    {
                        df[lexeme.Text] = n + 1;
                    }
                }
            }
        }

        var byLexeme = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var i = 0; i < queries.Count; i++)
        {
            foreach (var lexeme in queries[i].Clauses.SelectMany(c => c).Distinct())
            {
                (byLexeme.TryGetValue(lexeme, out var l) ? l : byLexeme[lexeme] = []).Add(i);
            }
        }

        var idfs = queries.Select(q => q.Clauses.Select(c => c.Sum(l => Bm25Math.Idf(docs, df[l]))).ToArray()).ToArray();
        var speakerSets = queries.Select(q => q.Speakers?.ToHashSet()).ToArray();
        var heaps = queries.Select(_ => new PriorityQueue<long, (double, long)>()).ToArray();
        var average = docs == 0 ? 1 : (double)length / docs;
        await using (var cmd = new NpgsqlCommand(Sql, conn) { CommandTimeout = 0 })
        await using (var r = await cmd.ExecuteReaderAsync(ct))
        {
            var touched = new HashSet<int>();
            while (await r.ReadAsync(ct))
            {
                var id = r.GetInt64(0);
                var vector = r.GetFieldValue<NpgsqlTsVector>(3);
                touched.Clear();
                var positions = new Dictionary<string, NpgsqlTsVector.Lexeme>(StringComparer.Ordinal);
                var dl = 0;
                foreach (var lexeme in vector)
                {
                    dl += lexeme.Count;
                    positions[lexeme.Text] = lexeme;
                    if (byLexeme.TryGetValue(lexeme.Text, out var qs))
                    {
                        touched.UnionWith(qs);
                    }
                }

                if (touched.Count == 0 || (scope is not null && r.GetString(2) != "global" && r.GetString(2) != scope))
                {
                    continue;
                }

                var speaker = r.IsDBNull(1) ? -1 : r.GetInt64(1);
                var norm = Bm25Math.Norm(dl, average);
                foreach (var qi in touched)
                {
                    var q = queries[qi];
                    if (speakerSets[qi] is { } allowed && !allowed.Contains(speaker))
                    {
                        continue;
                    }

                    var score = 0.0;
                    var ok = true;
                    for (var c = 0; c < q.Clauses.Count && ok; c++)
                    {
                        var f = Hits(positions, q.Clauses[c], sameWeight: true);
                        ok = f > 0;
                        score += Bm25Math.Term(idfs[qi][c], f, norm);
                    }

                    if (!ok || q.Excluded.Any(e => Hits(positions, e, sameWeight: false) > 0))
                    {
                        continue;
                    }

                    var heap = heaps[qi];
                    if (heap.Count < k)
                    {
                        heap.Enqueue(id, (score, id));
                    }
                    else if (heap.TryPeek(out _, out var worst) && (score > worst.Item1 || (score == worst.Item1 && id > worst.Item2)))
                    {
                        heap.EnqueueDequeue(id, (score, id));
                    }
                }
            }
        }

        return heaps.Select(h =>
        {
            var list = new List<long>();
            while (h.TryDequeue(out var id, out _))
            {
                list.Add(id);
            }

            list.Reverse();
            return list;
        }).ToArray();
    }

    /// <summary>The weighted hits of a run of lexemes: each start position whose run continues at the next positions
    /// (with one weight throughout when <paramref name="sameWeight"/>), weighted by its first position's weight.</summary>
    internal static int Hits(Dictionary<string, NpgsqlTsVector.Lexeme> positions, string[] run, bool sameWeight)
    {
        if (!positions.TryGetValue(run[0], out var first))
        {
            return 0;
        }

        var rest = new NpgsqlTsVector.Lexeme[run.Length - 1];
        for (var i = 1; i < run.Length; i++)
        {
            if (!positions.TryGetValue(run[i], out rest[i - 1]))
            {
                return 0;
            }
        }

        var hits = 0;
        for (var p = 0; p < first.Count; p++)
        {
            var start = first[p];
            var ok = true;
            for (var i = 0; i < rest.Length && ok; i++)
            {
                ok = false;
                for (var j = 0; j < rest[i].Count; j++)
                {
                    var next = rest[i][j];
                    if (next.Pos == start.Pos + i + 1 && (!sameWeight || next.Weight == start.Weight))
                    {
                        ok = true;
                        break;
                    }
                }
            }

            if (ok)
            {
                hits += start.Weight switch
                {
                    NpgsqlTsVector.Lexeme.Weight.A => Bm25Postings.TextWeight,
                    NpgsqlTsVector.Lexeme.Weight.B => Bm25Postings.SpeakerWeight,
                    NpgsqlTsVector.Lexeme.Weight.C => Bm25Postings.TitleWeight,
                    _ => 0,
                };
            }
        }

        return hits;
    }
}
