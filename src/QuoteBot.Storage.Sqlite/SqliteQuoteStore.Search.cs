using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using QuoteBot.Core.Model;
using QuoteBot.Core.Search;
using QuoteBot.Core.Storage;
using QuoteBot.Core.Text;

namespace QuoteBot.Storage.Sqlite;

public sealed partial class SqliteQuoteStore
{
    public Task<SearchPage> SearchAsync(QuoteQuery query, Visibility visibility, int offset, int limit, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(visibility);
        offset = Math.Max(0, offset);
        limit = Math.Clamp(limit, 0, 100);
        var empty = new SearchPage([], false);
        if (limit == 0)
        {
            return Task.FromResult(empty);
        }

        if (!query.HasText && query.Speaker is null)
        {
            return Task.FromResult(empty); // nothing positive to match (an empty query, or only -words)
        }

        return Task.FromResult(Read(s => !query.HasText && !query.HasExclusions
            ? SearchBySpeaker(s, query.Speaker!, visibility, offset, limit)
            : InOneSnapshot(s, () => SearchPostings(s, query, visibility, offset, limit) ?? SearchText(s, query, visibility, offset, limit))));
    }

    /// <summary>
    /// Runs a search's statements in one read transaction: the statistics, the heavy postings and the full-text
    /// matches then all come from the same committed state, whatever a writer commits meanwhile (WAL snapshots).
    /// </summary>
    private static T InOneSnapshot<T>(SqliteSession s, Func<T> work)
    {
        s.Execute("BEGIN");
        T result;
        try
        {
            result = work();
        }
        catch
        {
            // End the read so the pooled connection holds no old snapshot; SQLite may already have ended it, and
            // the search's own error is the one to report.
            try
            {
                s.Execute("ROLLBACK");
            }
            catch (Microsoft.Data.Sqlite.SqliteException)
            {
            }

            throw;
        }

        s.Execute("COMMIT");
        return result;
    }

    /// <summary>speaker:name alone: that speaker's quotes, newest first.</summary>
    private static SearchPage SearchBySpeaker(SqliteSession s, string speakerQuery, Visibility visibility, int offset, int limit)
    {
        var speakerIds = MatchingSpeakers(s, speakerQuery);
        if (speakerIds.Count == 0)
        {
            return new SearchPage([], false);
        }

        var ids = JsonIds(speakerIds);
        var sql = $"SELECT {QuoteColumns} FROM quotes WHERE speaker_id IN (SELECT value FROM json_each(@ids)) AND status = 0 " +
                  "AND (@all OR scope IN ('global', @scope)) ORDER BY id DESC LIMIT @lim OFFSET @off";
        using var r = s.Command(sql, ("@ids", ids), ("@all", visibility.Scope is null), ("@scope", visibility.Scope?.Key ?? ""),
            ("@lim", limit + 1), ("@off", offset)).ExecuteReader();
        var list = new List<Quote>(limit + 1);
        while (r.Read())
        {
            list.Add(ReadQuote(r));
        }

        var more = list.Count > limit;
        return new SearchPage(more ? list[..limit] : list, more);
    }

    /// <summary>Speakers whose key holds every token of the query's speaker key (TextFolding.SpeakerMatches).</summary>
    private static List<long> MatchingSpeakers(SqliteSession s, string speakerQuery)
    {
        var tokens = TextFolding.SpeakerKey(speakerQuery).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (tokens.Length == 0)
        {
            return [];
        }

        var candidates = new List<(long Id, string Key)>();
        using (var r = s.Command(
                   "SELECT s.id, s.speaker_key FROM speaker_tokens t JOIN speakers s ON s.id = t.speaker_id WHERE t.token = @t",
                   ("@t", tokens[0])).ExecuteReader())
        {
            while (r.Read())
            {
                candidates.Add((r.GetInt64(0), r.GetString(1)));
            }
        }

        return candidates.Where(c => TextFolding.SpeakerMatches(c.Key, speakerQuery)).Select(c => c.Id).ToList();
    }

    /// <summary>Exact corpus statistics from doc_lengths: active quotes, their average and shortest length in tokens.</summary>
    internal readonly record struct Corpus(long Docs, double AverageLength, int Shortest);

    /// <summary>A query's FTS5 MATCH expression and the IDF of each phrase in the order FTS5 numbers them.</summary>
    private sealed record MatchPlan(string Match, List<double> Idfs, SingleTerm? Single, PairPhrase? Pair = null);

    /// <summary>A query of one word that is one token: its weighted frequencies, for the heavy-postings path.</summary>
    private sealed record SingleTerm(string Token, double Idf, int MaxLight, List<int> Heavy);

    internal static Corpus CorpusStats(SqliteSession s)
    {
        long docs = 0, tokens = 0;
        var shortest = long.MaxValue;
        using var r = s.Command("SELECT dl, n FROM doc_lengths WHERE n > 0").ExecuteReader();
        while (r.Read())
        {
            var dl = r.GetInt64(0);
            var n = r.GetInt64(1);
            docs += n;
            tokens += dl * n;
            shortest = Math.Min(shortest, dl);
        }

        return new Corpus(docs, docs > 0 ? Math.Max(1.0, (double)tokens / docs) : 1.0, docs > 0 ? (int)shortest : 0);
    }

    /// <summary>BM25 inverse document frequency as FTS5's bm25() computes it: ln((N − n + 0.5) / (n + 0.5)), at least 1e-6.</summary>
    internal static double Idf(long docs, long df)
    {
        var idf = Math.Log((docs - df + 0.5) / (df + 0.5));
        return idf <= 0 ? 1e-6 : idf;
    }

    /// <summary>The weighted frequencies of one token among active quotes (term_tf): document frequency, highest below the heavy mark, heavy ones.</summary>
    private static (long Df, int MaxLight, List<int> Heavy) TermStats(SqliteSession s, string token)
    {
        long df = 0;
        var maxLight = 0;
        var heavy = new List<int>();
        using var r = s.Command("SELECT wtf, n FROM term_tf WHERE term = @t AND n > 0", ("@t", token)).ExecuteReader();
        while (r.Read())
        {
            var w = r.GetInt32(0);
            df += r.GetInt64(1);
            if (w >= SqliteSchema.HeavyFrequency)
            {
                heavy.Add(w);
            }
            else
            {
                maxLight = Math.Max(maxLight, w);
            }
        }

        return (df, maxLight, heavy);
    }

    /// <summary>
    /// The FTS5 MATCH expression of a query, built only from its folded words (each a double-quoted literal), and the
    /// IDF of each phrase: the sum of the IDFs of its tokens (FTS5's own tokens, so a word's stem), from exact counts.
    /// Null when nothing positive is left to match. Without <paramref name="corpus"/> every IDF is 0.
    /// </summary>
    private static MatchPlan? BuildMatch(SqliteSession s, QuoteQuery query, Corpus? corpus)
    {
        var idfs = new List<double>();
        var positives = new List<string>();
        SingleTerm? single = null;
        List<string>? phraseTokens = null;

        double ClauseIdf(IEnumerable<string> words, bool term)
        {
            if (corpus is not { } c)
            {
                return 0;
            }

            var tokens = words.SelectMany(w => s.Terms!.QueryTokens(w)).ToList();
            phraseTokens = term ? phraseTokens : tokens;
            var idf = 0.0;
            foreach (var t in tokens)
            {
                var (df, maxLight, heavy) = TermStats(s, t);
                idf += Idf(c.Docs, df);
                if (term && tokens.Count == 1)
                {
                    single = new SingleTerm(t, idf, maxLight, heavy);
                }
            }

            return idf;
        }

        foreach (var term in query.Terms)
        {
            var p = Phrase([term]);
            if (p.Length > 0)
            {
                positives.Add(p);
                idfs.Add(ClauseIdf([term], term: true));
            }
        }

        foreach (var phrase in query.Phrases)
        {
            var p = Phrase(phrase);
            if (p.Length > 0)
            {
                positives.Add(p);
                idfs.Add(ClauseIdf(phrase, term: false));
            }
        }

        var onlyOneTerm = positives.Count == 1 && query.Terms.Count == 1;
        if (query.Speaker is { } speaker)
        {
            foreach (var token in speaker.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var p = Phrase([token]);
                if (p.Length > 0)
                {
                    positives.Add("speaker_key : " + p);
                    idfs.Add(0); // a filter, not a ranking signal
                }
            }
        }

        if (positives.Count == 0)
        {
            return null;
        }

        var match = new StringBuilder();
        match.Append('(').AppendJoin(" AND ", positives).Append(')');
        foreach (var ex in query.Excluded.Select(e => (IReadOnlyList<string>)[e]).Concat(query.ExcludedPhrases))
        {
            // -word and -"a phrase": a phrase literal is the words next to each other, as for positive phrases.
            var p = Phrase(ex);
            if (p.Length > 0)
            {
                match.Append(" NOT ").Append(p);
                idfs.Add(0);
            }
        }

        var plain = query.Speaker is null && !query.HasExclusions;
        var fast = onlyOneTerm && plain ? single : null;
        var pair = plain && positives.Count == 1 && query.Terms.Count == 0 && phraseTokens is [var first, var second]
            ? new PairPhrase(first, second, idfs[0])
            : null;
        return new MatchPlan(match.ToString(), idfs, fast, pair);
    }

    private static readonly string Weights = string.Create(CultureInfo.InvariantCulture,
        $"{SqliteSchema.WeightText}, {SqliteSchema.WeightSpeaker}, {SqliteSchema.WeightSpeakerKey}, {SqliteSchema.WeightTitle}");

    /// <summary>
    /// For the benchmark: the plain FTS5 query (built-in bm25 over every match) on the same database, returning the
    /// top ids. Not used by the bot.
    /// </summary>
    internal IReadOnlyList<long> NaiveSearchIds(QuoteQuery query, int limit) => Read(s =>
    {
        if (BuildMatch(s, query, corpus: null) is not { } plan)
        {
            return (IReadOnlyList<long>)[];
        }

        using var r = s.Command($"SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH @m ORDER BY bm25(quotes_fts, {Weights}) LIMIT @lim",
            ("@m", plan.Match), ("@lim", limit)).ExecuteReader();
        var ids = new List<long>();
        while (r.Read())
        {
            ids.Add(r.GetInt64(0));
        }

        return ids;
    });

    /// <summary>
    /// For the benchmark: the same BM25 with every match scored (no heavy postings, no pruning), best first, ties newest
    /// first, for all readers. Not used by the bot.
    /// </summary>
    internal IReadOnlyList<long> ExhaustiveSearchIds(QuoteQuery query, int limit) => Read(s =>
    {
        var corpus = CorpusStats(s);
        if (corpus.Docs == 0 || BuildMatch(s, query, corpus) is not { } plan)
        {
            return (IReadOnlyList<long>)[];
        }

        return RankAll(s, plan, corpus, null, 0, limit, pruning: null);
    });

    /// <summary>For the benchmark: the share of active quotes that hold <paramref name="word"/> (exact, from term_tf).</summary>
    internal double WordShare(string word) => Read(s =>
    {
        var corpus = CorpusStats(s);
        var tokens = s.Terms!.QueryTokens(word);
        return corpus.Docs == 0 || tokens.Count != 1 ? 0 : (double)TermStats(s, tokens[0]).Df / corpus.Docs;
    });

    /// <summary>For the benchmark: bytes on disk per table and index (dbstat), largest first; empty when dbstat is missing.</summary>
    internal IReadOnlyList<(string Name, long Bytes)> StorageSizes() => Read(s =>
    {
        var list = new List<(string, long)>();
        try
        {
            using var r = s.Command("SELECT name, sum(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC").ExecuteReader();
            while (r.Read())
            {
                list.Add((r.GetString(0), r.GetInt64(1)));
            }
        }
        catch (Microsoft.Data.Sqlite.SqliteException)
        {
            // this SQLite build has no dbstat table
        }

        return (IReadOnlyList<(string, long)>)list;
    });

    private SearchPage SearchText(SqliteSession s, QuoteQuery query, Visibility visibility, int offset, int limit)
    {
        var corpus = CorpusStats(s);
        if (corpus.Docs == 0 || BuildMatch(s, query, corpus) is not { } plan)
        {
            return new SearchPage([], false);
        }

        // Only filter by scope when some active quote is hidden from this reader.
        var scope = visibility.Scope is { } sc && HiddenQuotesExist(s, sc) ? sc.Key : null;
        var need = offset + limit + 1;
        List<long>? ids = null;
        var pruning = new Fts5Rank.Pruning(need, Fts5Rank.Norm(corpus.Shortest, corpus.AverageLength));
        if (plan.Pair is { } phrase && PairKey(s, phrase) is { } pair)
        {
            ids = PairTop(s, pair, phrase.Idf, corpus, scope, need).Skip(offset).Take(limit + 1).Select(x => x.Id).ToList();
        }
        else if (plan.Single is { } single)
        {
            var (rows, exact) = HeavyTop(s, single, corpus, scope, need);
            if (exact)
            {
                ids = rows.Skip(offset).Take(limit + 1).Select(x => x.Id).ToList();
            }
            else
            {
                foreach (var (id, score) in rows)
                {
                    pruning.Seed(id, score); // real matches with their exact scores: the scan starts with a threshold
                }
            }
        }

        ids ??= RankAll(s, plan, corpus, scope, offset, limit + 1, pruning);
        var more = ids.Count > limit;
        if (more)
        {
            ids.RemoveAt(ids.Count - 1);
        }

        var byId = GetQuotes(s, ids).ToDictionary(q => q.Id);
        var items = ids.Select(i => byId.GetValueOrDefault(i))
            .Where(q => q is not null && q.Status == QuoteStatus.Active && visibility.CanSee(q.Scope)
                        && (query.Speaker is null || TextFolding.SpeakerMatches(q.SpeakerKey, query.Speaker)))
            .Select(q => q!)
            .ToList();
        return new SearchPage(items, more);
    }

    /// <summary>
    /// One word's best matches from its heavy postings (weighted frequency 20 or more), exactly scored: per frequency,
    /// the postings are read shortest quote first and newest first, which is best first. Exact for the whole query when
    /// the <paramref name="need"/>-th of them scores above what any other match of the word can reach (its highest
    /// lighter frequency at the shortest length of any active quote), or when the word has no lighter matches.
    /// </summary>
    private static (List<(long Id, double Score)> Rows, bool Exact) HeavyTop(SqliteSession s, SingleTerm term, Corpus corpus, string? scope, int need)
    {
        var rows = new List<(long Id, double Score)>();
        foreach (var w in term.Heavy)
        {
            using var r = scope is null
                ? s.Command("SELECT dl, doc FROM heavy_postings WHERE term = @t AND wtf = @w ORDER BY dl, doc DESC LIMIT @n",
                    ("@t", term.Token), ("@w", w), ("@n", need)).ExecuteReader()
                : s.Command("SELECT h.dl, h.doc FROM heavy_postings h JOIN quotes q ON q.id = h.doc WHERE h.term = @t AND h.wtf = @w " +
                            "AND q.scope IN ('global', @scope) ORDER BY h.dl, h.doc DESC LIMIT @n",
                    ("@t", term.Token), ("@w", w), ("@scope", scope), ("@n", need)).ExecuteReader();
            while (r.Read())
            {
                rows.Add((r.GetInt64(1), Fts5Rank.Term(term.Idf, w, Fts5Rank.Norm(r.GetInt64(0), corpus.AverageLength))));
            }
        }

        rows.Sort(static (a, b) => a.Score != b.Score ? b.Score.CompareTo(a.Score) : b.Id.CompareTo(a.Id));
        if (rows.Count > need)
        {
            rows.RemoveRange(need, rows.Count - need);
        }

        var lightBound = term.MaxLight > 0
            ? Fts5Rank.Term(term.Idf, term.MaxLight, Fts5Rank.Norm(corpus.Shortest, corpus.AverageLength))
            : double.NegativeInfinity;
        var exact = term.MaxLight == 0 || (rows.Count >= need && rows[need - 1].Score > lightBound);
        return (rows, exact);
    }

    /// <summary>
    /// Every match of the query scored by qb_rank (exact BM25), best first and newest first among equals; with
    /// <paramref name="pruning"/>, rows that cannot reach the top are skipped before their length is read.
    /// </summary>
    private static List<long> RankAll(SqliteSession s, MatchPlan plan, Corpus corpus, string? scope, int offset, int take, Fts5Rank.Pruning? pruning)
    {
        var args = new StringBuilder();
        var bind = new List<(string Name, object? Value)> { ("@m", plan.Match), ("@avg", corpus.AverageLength) };
        if (scope is not null)
        {
            bind.Add(("@scope", scope));
        }

        bind.Add(("@lim", take));
        bind.Add(("@off", offset));
        for (var i = 0; i < plan.Idfs.Count; i++)
        {
            var name = "@i" + i.ToString(CultureInfo.InvariantCulture);
            args.Append(", ").Append(name);
            bind.Add((name, plan.Idfs[i]));
        }

        var rank = $"{Fts5Rank.FunctionName}(quotes_fts, @avg, {Weights}{args})";
        var sql = scope is not null
            ? $"SELECT f.rowid AS id, {rank} AS score FROM quotes_fts f JOIN quotes q ON q.id = f.rowid " +
              "WHERE quotes_fts MATCH @m AND q.scope IN ('global', @scope) ORDER BY score DESC, id DESC LIMIT @lim OFFSET @off"
            : $"SELECT rowid AS id, {rank} AS score FROM quotes_fts WHERE quotes_fts MATCH @m ORDER BY score DESC, id DESC LIMIT @lim OFFSET @off";

        // The SQL text depends only on the number of phrases, so its prepared statement is reused.
        var ids = new List<long>(take);
        using var prune = pruning is null ? default : Fts5Rank.Prune(pruning);
        using var r = s.Command(sql, System.Runtime.InteropServices.CollectionsMarshal.AsSpan(bind)).ExecuteReader();
        while (r.Read())
        {
            ids.Add(r.GetInt64(0));
        }

        return ids;
    }

    /// <summary>An FTS5 string literal of already-folded words: double-quoted, inner quotes doubled; "" when nothing is left.</summary>
    internal static string Phrase(IReadOnlyList<string> words)
    {
        var inner = string.Join(' ', words.Select(w => w.Trim()).Where(w => w.Length > 0));
        return inner.Length == 0 ? "" : "\"" + inner.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    private static bool HiddenQuotesExist(SqliteSession s, Scope scope) =>
        Convert.ToInt64(s.Scalar("SELECT EXISTS (SELECT 1 FROM scope_counts WHERE scope NOT IN ('global', @s) AND active > 0)", ("@s", scope.Key)),
            CultureInfo.InvariantCulture) != 0;

    public Task<IReadOnlyList<string>> SuggestSpeakersAsync(string prefix, Visibility visibility, int limit, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(visibility);
        limit = Math.Clamp(limit, 0, 100);
        if (limit == 0)
        {
            return Task.FromResult<IReadOnlyList<string>>([]);
        }

        var folded = TextFolding.Fold(prefix);
        if (folded.Length > 64)
        {
            folded = folded[..64];
        }

        var nameFolded = folded.Contains(' ', StringComparison.Ordinal) ? folded : TextFolding.FoldNameToken(folded);
        const string Max = "\U0010FFFF";
        return Task.FromResult<IReadOnlyList<string>>(Read(s =>
        {
            using var r = s.Command(
                "SELECT s.name, sum(c.active) AS n FROM speakers s JOIN speaker_counts c ON c.speaker_id = s.id " +
                "WHERE s.id IN (SELECT speaker_id FROM speaker_tokens WHERE (token >= @p1 AND token < @p1e) OR (token >= @p2 AND token < @p2e)) " +
                "AND c.active > 0 AND (@all OR c.scope IN ('global', @scope)) " +
                "GROUP BY s.id ORDER BY n DESC, s.name LIMIT @lim",
                ("@p1", folded), ("@p1e", folded + Max), ("@p2", nameFolded), ("@p2e", nameFolded + Max),
                ("@all", visibility.Scope is null), ("@scope", visibility.Scope?.Key ?? ""), ("@lim", limit)).ExecuteReader();
            var list = new List<string>(limit);
            while (r.Read())
            {
                list.Add(r.GetString(0));
            }

            return list;
        }));
    }
}
