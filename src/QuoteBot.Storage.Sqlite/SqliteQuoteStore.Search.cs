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
    // Document frequency is estimated from at most this many newest matches of a term (exact below it).
    private const int DfSample = 256;
    private const int IdfCacheLimit = 50_000;

    private readonly ConcurrentDictionary<string, (double Idf, long Docs)> _idfCache = new(StringComparer.Ordinal);

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
            : SearchText(s, query, visibility, offset, limit)));
    }

    /// <summary>speaker:name alone: that speaker's quotes, newest first.</summary>
    private static SearchPage SearchBySpeaker(SqliteSession s, string speakerQuery, Visibility visibility, int offset, int limit)
    {
        var speakerIds = MatchingSpeakers(s, speakerQuery);
        if (speakerIds.Count == 0)
        {
            return new SearchPage([], false);
        }

        var ids = "[" + string.Join(',', speakerIds.Select(i => i.ToString(CultureInfo.InvariantCulture))) + "]";
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

    /// <summary>
    /// The FTS5 MATCH expression of a query, built only from its folded words (each a double-quoted literal), and the
    /// IDF of each phrase in the order FTS5 numbers them. Null when nothing positive is left to match.
    /// </summary>
    private (string Match, List<double> Idfs)? BuildMatch(SqliteSession s, QuoteQuery query, bool withIdf)
    {
        var docs = withIdf ? ActiveCount(s) : 0;
        var idfs = new List<double>();
        var positives = new List<string>();
        foreach (var term in query.Terms)
        {
            var p = Phrase([term]);
            if (p.Length > 0)
            {
                positives.Add(p);
                idfs.Add(withIdf ? Idf(s, term, docs) : 0);
            }
        }

        foreach (var phrase in query.Phrases)
        {
            var p = Phrase(phrase);
            if (p.Length > 0)
            {
                positives.Add(p);
                idfs.Add(withIdf ? phrase.Sum(w => Idf(s, w, docs)) : 0);
            }
        }

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

        return (match.ToString(), idfs);
    }

    /// <summary>
    /// For the benchmark: the plain FTS5 query (built-in bm25 over every match, no candidate cap) on the same
    /// database, returning the top ids. Not used by the bot.
    /// </summary>
    internal IReadOnlyList<long> NaiveSearchIds(QuoteQuery query, int limit) => Read(s =>
    {
        var built = BuildMatch(s, query, withIdf: false);
        if (built is null)
        {
            return (IReadOnlyList<long>)[];
        }

        var weights = string.Create(CultureInfo.InvariantCulture,
            $"{SqliteSchema.WeightText}, {SqliteSchema.WeightSpeaker}, {SqliteSchema.WeightSpeakerKey}, {SqliteSchema.WeightTitle}");
        using var r = s.Command($"SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH @m ORDER BY bm25(quotes_fts, {weights}) LIMIT @lim",
            ("@m", built.Value.Match), ("@lim", limit)).ExecuteReader();
        var ids = new List<long>();
        while (r.Read())
        {
            ids.Add(r.GetInt64(0));
        }

        return ids;
    });

    private SearchPage SearchText(SqliteSession s, QuoteQuery query, Visibility visibility, int offset, int limit)
    {
        if (BuildMatch(s, query, withIdf: true) is not { } built)
        {
            return new SearchPage([], false);
        }

        var (match, idfs) = built;
        var args = new StringBuilder();
        var bind = new List<(string Name, object? Value)>
        {
            ("@m", match), ("@scope", visibility.Scope?.Key ?? ""), ("@cap", _db.Options.RankCandidates),
            ("@lim", limit + 1), ("@off", offset),
        };
        for (var i = 0; i < idfs.Count; i++)
        {
            var name = "@i" + i.ToString(CultureInfo.InvariantCulture);
            args.Append(", ").Append(name);
            bind.Add((name, idfs[i]));
        }

        // Only join the quotes table when some active quote is hidden from this reader.
        var filterScope = visibility.Scope is { } scope && HiddenQuotesExist(s, scope);
        var weights = string.Create(CultureInfo.InvariantCulture,
            $"{SqliteSchema.WeightText}, {SqliteSchema.WeightSpeaker}, {SqliteSchema.WeightSpeakerKey}, {SqliteSchema.WeightTitle}");
        var inner = filterScope
            ? $"SELECT f.rowid AS id, {Fts5Rank.FunctionName}(quotes_fts, {weights}{args}) AS score FROM quotes_fts f " +
              "JOIN quotes q ON q.id = f.rowid WHERE quotes_fts MATCH @m AND q.scope IN ('global', @scope) ORDER BY f.rowid DESC LIMIT @cap"
            : $"SELECT rowid AS id, {Fts5Rank.FunctionName}(quotes_fts, {weights}{args}) AS score FROM quotes_fts " +
              "WHERE quotes_fts MATCH @m AND @scope IS NOT NULL ORDER BY rowid DESC LIMIT @cap";
        var sql = $"SELECT id FROM ({inner}) ORDER BY score DESC, id DESC LIMIT @lim OFFSET @off";

        // The SQL text depends only on the number of phrases, so its prepared statement is reused.
        var ids = new List<long>(limit + 1);
        using (var r = s.Command(sql, System.Runtime.InteropServices.CollectionsMarshal.AsSpan(bind)).ExecuteReader())
        {
            while (r.Read())
            {
                ids.Add(r.GetInt64(0));
            }
        }

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

    /// <summary>An FTS5 string literal of already-folded words: double-quoted, inner quotes doubled; "" when nothing is left.</summary>
    internal static string Phrase(IReadOnlyList<string> words)
    {
        var inner = string.Join(' ', words.Select(w => w.Trim()).Where(w => w.Length > 0));
        return inner.Length == 0 ? "" : "\"" + inner.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    private static long ActiveCount(SqliteSession s) =>
        Convert.ToInt64(s.Scalar("SELECT coalesce(sum(active), 0) FROM scope_counts"), CultureInfo.InvariantCulture);

    private static bool HiddenQuotesExist(SqliteSession s, Scope scope) =>
        Convert.ToInt64(s.Scalar("SELECT EXISTS (SELECT 1 FROM scope_counts WHERE scope NOT IN ('global', @s) AND active > 0)", ("@s", scope.Key)),
            CultureInfo.InvariantCulture) != 0;

    /// <summary>
    /// BM25 inverse document frequency of one folded word, from the number of active quotes holding it. Counting a
    /// common word's matches costs a scan of its whole doclist, so the count is exact up to <see cref="DfSample"/> and
    /// above that estimated from how densely the newest matches fill the id range. Cached until the corpus grows 5%.
    /// </summary>
    private double Idf(SqliteSession s, string word, long docs)
    {
        if (_idfCache.TryGetValue(word, out var hit) && Math.Abs(hit.Docs - docs) <= Math.Max(50, docs / 20))
        {
            return hit.Idf;
        }

        var phrase = Phrase([word]);
        if (phrase.Length == 0 || docs == 0)
        {
            return 0;
        }

        double df;
        using (var r = s.Command(
                   $"SELECT count(*), min(id), max(id) FROM (SELECT rowid AS id FROM quotes_fts WHERE quotes_fts MATCH @m ORDER BY rowid DESC LIMIT {DfSample + 1})",
                   ("@m", phrase)).ExecuteReader())
        {
            r.Read();
            var count = r.GetInt64(0);
            if (count <= DfSample)
            {
                df = count;
            }
            else
            {
                var maxId = Convert.ToInt64(s.Scalar("SELECT coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'quotes'), 0)"), CultureInfo.InvariantCulture);
                var span = Math.Max(1, maxId - r.GetInt64(1) + 1);
                df = Math.Min(docs, (double)count * docs / Math.Max(span, count));
            }
        }

        var idf = Math.Log((docs - df + 0.5) / (df + 0.5));
        if (idf <= 0)
        {
            idf = 1e-6;
        }

        if (_idfCache.Count > IdfCacheLimit)
        {
            _idfCache.Clear();
        }

        _idfCache[word] = (idf, docs);
        return idf;
    }

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
