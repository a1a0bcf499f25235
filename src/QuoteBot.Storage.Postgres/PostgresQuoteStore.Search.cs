using System.Data;
using System.Text;
using Npgsql;
using QuoteBot.Core.Model;
using QuoteBot.Core.Search;
using QuoteBot.Core.Storage;
using QuoteBot.Core.Text;

namespace QuoteBot.Storage.Postgres;

public sealed partial class PostgresQuoteStore
{
    private const string Config = PostgresSchema.TextConfig;

    private long _heavySearches, _scoredSearches;

    /// <summary>How the ranked text searches so far were answered (for tests and the bench): from the heavy postings
    /// alone, or by scoring every match.</summary>
    internal (long Heavy, long Scored) SearchPathCounts => (Interlocked.Read(ref _heavySearches), Interlocked.Read(ref _scoredSearches));

    /// <summary>
    /// Ranked matches: Okapi BM25 over every match (docs/benchmarks.md "Exact BM25 on PostgreSQL"), best first, equal
    /// scores newest first. The words reach PostgreSQL only as a bound parameter of <c>to_tsquery</c>, built from the
    /// parser's folded words after checking again that each is letters and digits only.
    /// </summary>
    public Task<SearchPage> SearchAsync(QuoteQuery query, Visibility visibility, int offset, int limit, CancellationToken ct = default) =>
        SearchCoreAsync(query, visibility, offset, limit, exhaustive: false, ct);

    /// <summary>The same ranking with every match scored (no heavy postings): the bench's reference.</summary>
    internal async Task<IReadOnlyList<long>> ExhaustiveSearchIdsAsync(QuoteQuery query, Visibility visibility, int limit, CancellationToken ct = default) =>
        (await SearchCoreAsync(query, visibility, 0, limit, exhaustive: true, ct)).Items.Select(q => q.Id).ToList();

    /// <summary>The share of active quotes holding <paramref name="word"/>'s first lexeme (the bench's query kinds).</summary>
    internal Task<double> WordShareAsync(string word, CancellationToken ct = default) =>
        _db.ReadAsync(async conn =>
        {
            var lexemes = (await _lexicon.LookUpAsync(conn, null, [word], ct)).GetValueOrDefault(word) ?? [];
            if (lexemes.Length == 0)
            {
                return 0.0;
            }

            var stats = await Bm25Statistics.LoadAsync(conn, [lexemes[0]], ct);
            return stats.Docs == 0 ? 0.0 : (double)stats.Term(lexemes[0]).Df / stats.Docs;
        }, ct);

    private async Task<SearchPage> SearchCoreAsync(QuoteQuery query, Visibility visibility, int offset, int limit, bool exhaustive, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(visibility);
        offset = Math.Max(0, offset);
        limit = Math.Clamp(limit, 0, 100);
        var empty = new SearchPage([], false);
        if (limit == 0)
        {
            return empty;
        }

        var positive = BuildPositive(query);
        if (positive is null && query.Speaker is null)
        {
            return empty; // nothing positive to match: an empty query, or only -words
        }

        return await _db.ReadAsync(async conn =>
        {
            // One snapshot for the statistics, the postings and the matches.
            await using var tx = await conn.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
            Speakers? speakers = null;
            if (query.Speaker is { } speaker)
            {
                speakers = await MatchingSpeakersAsync(conn, speaker, ct);
                if (speakers.Ids.Length == 0)
                {
                    return empty;
                }
            }

            var excluded = BuildExcluded(query);
            var page = positive is null
                ? await SearchBySpeakerAsync(conn, speakers!.Ids, excluded, visibility, offset, limit, ct)
                : await SearchTextAsync(conn, query, positive, excluded, speakers, visibility, offset, limit, exhaustive, ct);
            await tx.CommitAsync(ct);
            return page;
        }, ct);
    }

    /// <summary>The speakers a speaker: filter names, and how many quotes they have (active, every scope).</summary>
    private sealed record Speakers(long[] Ids, long Quotes);

    private sealed record Ranked(long Id, double Score);

    /// <summary>
    /// The exact top <paramref name="offset"/> + <paramref name="limit"/> + 1 by BM25. One word that is one lexeme (no
    /// speaker, no exclusions) first tries the heavy postings with an exact stopping rule; otherwise, or when that cannot
    /// prove its answer, every match is scored.
    /// </summary>
    private async Task<SearchPage> SearchTextAsync(NpgsqlConnection conn, QuoteQuery query, string positive, string? excluded,
        Speakers? speakers, Visibility visibility, int offset, int limit, bool exhaustive, CancellationToken ct)
    {
        var tsquery = excluded is null ? positive : positive + " & !(" + excluded + ")";
        var (singles, phrases) = SearchTerms.Split(query);
        var known = await _lexicon.LookUpAsync(conn, null, singles.Concat(phrases.SelectMany(p => p)), ct);
        string[] Lexemes(string w) => known.TryGetValue(w, out var l) ? l : [];
        var clauses = singles.Select(Lexemes).Concat(phrases.Select(p => p.SelectMany(Lexemes).ToArray())).Where(c => c.Length > 0).ToList();
        if (clauses.Count == 0)
        {
            return new SearchPage([], false);
        }

        var stats = await Bm25Statistics.LoadAsync(conn, clauses.SelectMany(c => c).Distinct(StringComparer.Ordinal).ToArray(), ct);
        var idfs = clauses.Select(c => c.Sum(l => Bm25.Idf(stats.Docs, stats.Term(l).Df))).ToArray();
        var need = offset + limit + 1;
        var scope = visibility.Scope is null ? "" : " AND q.scope IN ('global', @scope)";

        List<Ranked>? ranked = null;
        // One word, or the same word several times (its score is then the word's, summed as often): heavy postings.
        if (!exhaustive && clauses.All(c => c.Length == 1 && c[0] == clauses[0][0]) && speakers is null && excluded is null)
        {
            ranked = await HeavyTopAsync(conn, clauses[0][0], idfs, stats, scope, visibility, need, ct);
        }

        if (ranked is not null)
        {
            Interlocked.Increment(ref _heavySearches);
        }
        else
        {
            Interlocked.Increment(ref _scoredSearches);
            ranked = await ScoreEveryMatchAsync(conn, tsquery, clauses, idfs, stats, scope, speakers?.Ids, visibility, need, ct);
        }

        var ids = ranked.Skip(offset).Take(limit + 1).Select(r => r.Id).ToArray();
        return Page(await QuotesInOrderAsync(conn, ids, ct), limit);
    }

    /// <summary>
    /// One lexeme's best matches from its heavy postings: the best <paramref name="need"/> of each heavy weighted
    /// frequency (shortest, then newest), scored. Returned only when provably the exact top: the last of them scores
    /// strictly above what any lighter match could (the lexeme's highest light frequency at the shortest active length),
    /// or there are no lighter matches and every list was read to its end. Null otherwise.
    /// </summary>
    private static async Task<List<Ranked>?> HeavyTopAsync(NpgsqlConnection conn, string lexeme, double[] idfs, Bm25Statistics stats,
        string scope, Visibility visibility, int need, CancellationToken ct)
    {
        var term = stats.Term(lexeme);
        if (term.Heavy.Count == 0)
        {
            return null;
        }

        var join = scope.Length == 0 ? "" : " JOIN quotes q ON q.id = h.id";
        await using var batch = new NpgsqlBatch(conn);
        foreach (var wtf in term.Heavy)
        {
            var c = new NpgsqlBatchCommand(
                $"SELECT h.dl, h.id FROM bm25_heavy h{join} WHERE h.lexeme = @l AND h.wtf = @w{scope} ORDER BY h.dl, h.id DESC LIMIT @n");
            c.Parameters.AddWithValue("l", lexeme);
            c.Parameters.AddWithValue("w", wtf);
            c.Parameters.AddWithValue("n", need);
            c.Parameters.AddWithValue("scope", visibility.Scope?.Key ?? "");
            batch.BatchCommands.Add(c);
        }

        var rows = new List<Ranked>();
        var exhausted = true;
        await using (var r = await batch.ExecuteReaderAsync(ct))
        {
            var i = 0;
            do
            {
                var wtf = term.Heavy[i++];
                var read = 0;
                while (await r.ReadAsync(ct))
                {
                    read++;
                    rows.Add(new Ranked(r.GetInt64(1), Sum(idfs, wtf, Bm25.Norm(r.GetInt32(0), stats.AverageLength))));
                }

                exhausted &= read < need;
            }
            while (await r.NextResultAsync(ct));
        }

        rows.Sort(Best);
        if (term.MaxLight == 0)
        {
            return rows.Count >= need || exhausted ? rows.Take(need).ToList() : null;
        }

        var bound = Sum(idfs, term.MaxLight, Bm25.Norm(stats.Shortest, stats.AverageLength));
        return rows.Count >= need && rows[need - 1].Score > bound ? rows.Take(need).ToList() : null;
    }

    /// <summary>
    /// Every visible match, with its length and the positions of the query's lexemes only, scored here; the best
    /// <paramref name="need"/>. A phrase's word pairs are asked of the pairs index too, so PostgreSQL can narrow the
    /// matches before it checks positions.
    /// </summary>
    private static async Task<List<Ranked>> ScoreEveryMatchAsync(NpgsqlConnection conn, string tsquery, List<string[]> clauses, double[] idfs,
        Bm25Statistics stats, string scope, long[]? speakers, Visibility visibility, int need, CancellationToken ct)
    {
        var pairs = clauses.Where(c => c.Length > 1).SelectMany(c => Enumerable.Range(0, c.Length - 1).Select(i => Lexicon.PairKey(c[i], c[i + 1]))).Distinct().ToArray();
        var sql =
            "SELECT q.id, q.doc_length, u.lexeme, u.positions, u.weights FROM quotes q CROSS JOIN LATERAL unnest(q.search) u " +
            $"WHERE q.status = 0 AND q.search @@ to_tsquery('{Config}', @q){scope}" +
            (speakers is null ? "" : " AND q.speaker_id = ANY(@sp)") +
            (pairs.Length == 0 ? "" : " AND q.pairs @> @pairs") +
            " AND u.lexeme = ANY(@lex)";
        await using var cmd = new NpgsqlCommand(sql, conn);
        cmd.Parameters.AddWithValue("q", tsquery);
        cmd.Parameters.AddWithValue("scope", visibility.Scope?.Key ?? "");
        cmd.Parameters.AddWithValue("sp", speakers ?? []);
        cmd.Parameters.AddWithValue("pairs", pairs);
        cmd.Parameters.AddWithValue("lex", clauses.SelectMany(c => c).Distinct(StringComparer.Ordinal).ToArray());
        var docs = new Dictionary<long, (int Length, Dictionary<string, Bm25.Postings> Lexemes)>();
        await using (var r = await cmd.ExecuteReaderAsync(ct))
        {
            while (await r.ReadAsync(ct))
            {
                var id = r.GetInt64(0);
                if (!docs.TryGetValue(id, out var doc))
                {
                    doc = (r.GetInt32(1), new Dictionary<string, Bm25.Postings>(StringComparer.Ordinal));
                    docs[id] = doc;
                }

                doc.Lexemes[r.GetString(2)] = new Bm25.Postings(r.GetFieldValue<short[]>(3), r.GetFieldValue<string[]>(4));
            }
        }

        var ranked = new List<Ranked>(docs.Count);
        foreach (var (id, doc) in docs)
        {
            if (Bm25.Score(clauses, idfs, doc.Lexemes, Bm25.Norm(doc.Length, stats.AverageLength)) is { } score)
            {
                ranked.Add(new Ranked(id, score));
            }
        }

        ranked.Sort(Best);
        return ranked.Count > need ? ranked.GetRange(0, need) : ranked;
    }

    /// <summary>The score of one lexeme repeated as clauses, added in clause order as <see cref="Bm25.Score"/> adds.</summary>
    private static double Sum(double[] idfs, int frequency, double norm)
    {
        var score = 0.0;
        foreach (var idf in idfs)
        {
            score += Bm25.Term(idf, frequency, norm);
        }

        return score;
    }

    /// <summary>Higher score first; equal scores newest (highest id) first.</summary>
    private static int Best(Ranked a, Ranked b) => a.Score != b.Score ? b.Score.CompareTo(a.Score) : b.Id.CompareTo(a.Id);

    private static async Task<List<Quote>> QuotesInOrderAsync(NpgsqlConnection conn, long[] ids, CancellationToken ct)
    {
        if (ids.Length == 0)
        {
            return [];
        }

        await using var cmd = new NpgsqlCommand($"SELECT {Columns} FROM quotes WHERE id = ANY(@ids)", conn);
        cmd.Parameters.AddWithValue("ids", ids);
        var byId = (await ReadQuotesAsync(cmd, ct)).ToDictionary(q => q.Id);
        return ids.Where(byId.ContainsKey).Select(i => byId[i]).ToList();
    }

    /// <summary>Up to this many speakers get one subquery each (planned with that speaker's own statistics).</summary>
    private const int SpeakerBranches = 16;

    /// <summary>
    /// Each speaker's quotes newest first: one UNION ALL branch per speaker, each a backward walk of the
    /// (speaker_id, id) index that stops at <paramref name="perSpeaker"/> rows; many speakers share one lateral join.
    /// </summary>
    private static string PerSpeaker(int speakers, string columns, string condition, string perSpeaker)
    {
        if (speakers > SpeakerBranches)
        {
            return $"SELECT x.* FROM unnest(@sp) AS s(id) CROSS JOIN LATERAL (SELECT {columns} FROM quotes WHERE speaker_id = s.id AND status = 0{condition} ORDER BY id DESC LIMIT {perSpeaker}) x";
        }

        return string.Join(" UNION ALL ", Enumerable.Range(0, speakers).Select(i =>
            $"(SELECT {columns} FROM quotes WHERE speaker_id = @s{i} AND status = 0{condition} ORDER BY id DESC LIMIT {perSpeaker})"));
    }

    private static void AddSpeakers(NpgsqlCommand cmd, long[]? speakers)
    {
        cmd.Parameters.AddWithValue("sp", speakers ?? []);
        for (var i = 0; speakers is not null && speakers.Length <= SpeakerBranches && i < speakers.Length; i++)
        {
            cmd.Parameters.AddWithValue("s" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), speakers[i]);
        }
    }


    /// <summary>
    /// speaker:name with no words: that speaker's quotes, newest first. Each speaker's quotes are read newest first
    /// through the (speaker_id, id) index and stop at the page's end (see <see cref="PerSpeaker"/>), so a speaker with
    /// many quotes costs no more than one with few.
    /// </summary>
    private static async Task<SearchPage> SearchBySpeakerAsync(NpgsqlConnection conn, long[] speakers, string? excluded,
        Visibility visibility, int offset, int limit, CancellationToken ct)
    {
        var filter = new StringBuilder();
        if (visibility.Scope is not null)
        {
            filter.Append(" AND scope IN ('global', @scope)");
        }

        if (excluded is not null)
        {
            filter.Append($" AND NOT (search @@ to_tsquery('{Config}', @ex))");
        }

        var sql =
            $"SELECT {Prefixed("q")} FROM ({PerSpeaker(speakers.Length, Columns, filter.ToString(), "@lim + @off")}) q " +
            "ORDER BY q.id DESC LIMIT @lim OFFSET @off";
        await using var cmd = new NpgsqlCommand(sql, conn);
        AddSpeakers(cmd, speakers);
        cmd.Parameters.AddWithValue("scope", visibility.Scope?.Key ?? "");
        cmd.Parameters.AddWithValue("ex", excluded ?? "");
        cmd.Parameters.AddWithValue("lim", limit + 1);
        cmd.Parameters.AddWithValue("off", offset);
        return Page(await ReadQuotesAsync(cmd, ct), limit);
    }

    private static SearchPage Page(List<Quote> rows, int limit)
    {
        var more = rows.Count > limit;
        return new SearchPage(more ? rows[..limit] : rows, more);
    }

    private static string Prefixed(string alias) =>
        string.Join(", ", Columns.Split(", ").Select(c => alias + "." + c));

    /// <summary>Speakers whose key holds every token of the query's key (TextFolding.SpeakerMatches), with their quote counts.</summary>
    private static async Task<Speakers> MatchingSpeakersAsync(NpgsqlConnection conn, string speakerQuery, CancellationToken ct)
    {
        var tokens = TextFolding.SpeakerKey(speakerQuery).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (tokens.Length == 0)
        {
            return new Speakers([], 0);
        }

        var first = tokens[0].Length > MaxTokenLength ? tokens[0][..MaxTokenLength] : tokens[0];
        await using var cmd = new NpgsqlCommand(
            "SELECT s.id, s.speaker_key, (SELECT coalesce(sum(c.active), 0) FROM speaker_counts c WHERE c.speaker_id = s.id) " +
            "FROM speaker_tokens t JOIN speakers s ON s.id = t.speaker_id WHERE t.token = @t", conn);
        cmd.Parameters.AddWithValue("t", first);
        var ids = new List<long>();
        long quotes = 0;
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            if (TextFolding.SpeakerMatches(r.GetString(1), speakerQuery))
            {
                ids.Add(r.GetInt64(0));
                quotes += r.GetInt64(2);
            }
        }

        return new Speakers(ids.ToArray(), quotes);
    }

    /// <summary>The words and phrases that must match, as tsquery text: 'a' &amp; ('b' &lt;-&gt; 'c'); null when none.</summary>
    internal static string? BuildPositive(QuoteQuery query)
    {
        var (singles, phrases) = SearchTerms.Split(query);
        return singles.Count + phrases.Count == 0 ? null : SearchTerms.Conjunction(singles, phrases);
    }

    /// <summary>The words and phrases that must not match, as 'x' | ('open' &lt;-&gt; 'mind'); null when none.</summary>
    internal static string? BuildExcluded(QuoteQuery query)
    {
        var words = query.Excluded.Select(Operand).OfType<string>();
        var phrases = query.ExcludedPhrases
            .Select(p => p.Select(Operand).OfType<string>().ToArray())
            .Where(p => p.Length > 0)
            .Select(p => p.Length == 1 ? p[0] : "(" + string.Join(" <-> ", p) + ")");
        var all = words.Concat(phrases).ToArray();
        return all.Length == 0 ? null : string.Join(" | ", all);
    }

    /// <summary>
    /// One quoted tsquery operand. The parser already folded the word to letters and digits; this checks it again and
    /// drops anything else, so no character with a meaning in tsquery syntax (quotes, :, *, !, &amp;, |, parentheses)
    /// ever reaches to_tsquery.
    /// </summary>
    internal static string? Operand(string word)
    {
        if (string.IsNullOrEmpty(word))
        {
            return null;
        }

        var sb = new StringBuilder(word.Length + 2);
        foreach (var c in word.Length > 64 ? word[..64] : word)
        {
            if (char.IsLetterOrDigit(c) && !char.IsSurrogate(c))
            {
                sb.Append(c);
            }
        }

        return sb.Length == 0 ? null : "'" + sb + "'";
    }

    public async Task<IReadOnlyList<string>> SuggestSpeakersAsync(string prefix, Visibility visibility, int limit, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(visibility);
        limit = Math.Clamp(limit, 0, 100);
        if (limit == 0)
        {
            return [];
        }

        var folded = TextFolding.Fold(Clean(prefix ?? ""));
        if (folded.Length > 64)
        {
            folded = folded[..64];
        }

        var nameFolded = folded.Contains(' ', StringComparison.Ordinal) ? folded : TextFolding.FoldNameToken(folded);
        const string Max = "\U0010FFFF";
        var sql =
            "SELECT s.name, sum(c.active) AS n FROM speakers s JOIN speaker_counts c ON c.speaker_id = s.id " +
            "WHERE s.id IN (SELECT speaker_id FROM speaker_tokens WHERE (token >= @p1 AND token < @p1e) OR (token >= @p2 AND token < @p2e)) " +
            "AND c.active > 0" + (visibility.Scope is null ? "" : " AND c.scope IN ('global', @scope)") +
            " GROUP BY s.id, s.name ORDER BY n DESC, s.name COLLATE \"C\" LIMIT @lim";
        return await _db.ReadAsync<IReadOnlyList<string>>(async conn =>
        {
            await using var cmd = new NpgsqlCommand(sql, conn);
            cmd.Parameters.AddWithValue("p1", folded);
            cmd.Parameters.AddWithValue("p1e", folded + Max);
            cmd.Parameters.AddWithValue("p2", nameFolded);
            cmd.Parameters.AddWithValue("p2e", nameFolded + Max);
            cmd.Parameters.AddWithValue("scope", visibility.Scope?.Key ?? "");
            cmd.Parameters.AddWithValue("lim", limit);
            var list = new List<string>(limit);
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                list.Add(r.GetString(0));
            }

            return list;
        }, ct);
    }
}
