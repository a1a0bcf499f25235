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

    private readonly SearchStatisticsCache _statistics = new();
    private long _walkSearches, _walkFallbacks, _indexSearches, _speakerSearches, _plannerSearches;

    /// <summary>How the text searches so far were answered (for tests and the bench): walks that were enough, walks
    /// that fell back to the index, index searches (fallbacks included), speaker walks, planner searches.</summary>
    internal (long Walk, long WalkFallback, long Index, long Speaker, long Planner) SearchShapeCounts =>
        (Interlocked.Read(ref _walkSearches), Interlocked.Read(ref _walkFallbacks), Interlocked.Read(ref _indexSearches),
            Interlocked.Read(ref _speakerSearches), Interlocked.Read(ref _plannerSearches));

    /// <summary>Reads PostgreSQL's statistics again on the next search (they are otherwise cached for minutes).</summary>
    internal void RefreshSearchStatistics() => _statistics.Invalidate();

    /// <summary>
    /// Ranked matches. The words reach PostgreSQL only as a bound parameter of <c>to_tsquery</c>, built from the
    /// parser's folded words after checking again that each is letters and digits only. To stay fast when a word is in
    /// most quotes, only the newest <see cref="PostgresStoreOptions.RankCandidates"/> matches are ranked (ts_rank with
    /// weights text A &gt; speaker B &gt; title C, normalized by length); see docs/scale-out.md.
    /// </summary>
    public async Task<SearchPage> SearchAsync(QuoteQuery query, Visibility visibility, int offset, int limit, CancellationToken ct = default)
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
            return positive is null
                ? await SearchBySpeakerAsync(conn, speakers!.Ids, excluded, visibility, offset, limit, ct)
                : await SearchTextAsync(conn, query, positive, excluded, speakers, visibility, offset, limit, ct);
        }, ct);
    }

    /// <summary>The speakers a speaker: filter names, and how many quotes they have (active, every scope).</summary>
    internal sealed record Speakers(long[] Ids, long Quotes);

    private enum Shape
    {
        Planner,
        Walk,
        Index,
        Speaker,
    }

    private async Task<SearchPage> SearchTextAsync(NpgsqlConnection conn, QuoteQuery query, string positive, string? excluded,
        Speakers? speakers, Visibility visibility, int offset, int limit, CancellationToken ct)
    {
        if (_db.Options.ExactRanking && await RankExactlyAsync(conn, query, positive, excluded, speakers, visibility, offset, limit, ct) is { } exact)
        {
            return exact;
        }

        var tsquery = excluded is null ? positive : positive + " & !(" + excluded + ")";
        var plan = _db.Options.SearchPlan;
        var shape = (plan, speakers) switch
        {
            (SearchPlan.Planner, _) => Shape.Planner,
            (SearchPlan.Walk, null) => Shape.Walk,
            (SearchPlan.Walk, _) => Shape.Speaker,
            (SearchPlan.Index, _) => Shape.Index,
            _ => Shape.Planner,
        };

        SearchTerms? terms = null;
        SearchStatistics? stats = null;
        long window = 0;
        if (plan == SearchPlan.Auto)
        {
            terms = await SearchTerms.ResolveAsync(conn, query, _lexicon, ct);
            stats = await _statistics.GetAsync(conn, ct);
            if (stats is not null)
            {
                // What each way would cost, counted in rows walked (see the cost constants below).
                var matches = Math.Max(1, stats.EstimateMatches(terms));
                var cap = (double)_db.Options.RankCandidates;
                if (speakers is not null)
                {
                    // The indexes: the word and speaker indexes meet in a bitmap, then only rows with both are read.
                    // Each speaker's walk (rows at random) stops at the candidates or at the end of that speaker's
                    // quotes. The table walk reads newest rows until enough match both.
                    var both = matches * speakers.Quotes / Math.Max(1, stats.Rows);
                    var bitmap = IndexEntryCost * (matches + speakers.Quotes) + both * RandomRowCost;
                    var speakerWalk = RandomRowCost * Math.Min(speakers.Quotes, speakers.Ids.Length * cap * stats.Rows / matches);
                    var tableWalk = cap * stats.Rows / Math.Max(both, 1e-9);
                    shape = tableWalk <= Math.Min(speakerWalk, bitmap) && tableWalk <= _db.Options.WalkRows ? Shape.Walk
                        : speakerWalk <= bitmap ? Shape.Speaker
                        : Shape.Index;
                }
                else
                {
                    // Walk: newest rows until the candidates are in (only within WalkRows). Window: the GIN index
                    // and the block-range index's newest ids expected to hold twice the candidates meet in a bitmap,
                    // so only matching rows in that range are read (too few there, and the whole index is asked).
                    // Index: every match is read.
                    var walkRows = cap * stats.Rows / matches;
                    var windowRows = 2 * cap * stats.Rows / matches;
                    var walk = walkRows <= _db.Options.WalkRows ? walkRows : double.MaxValue;
                    var windowed = windowRows * KeyRangeEntryCost + matches * IndexEntryCost + 2 * cap * RandomRowCost;
                    var index = matches * (IndexEntryCost + RandomRowCost);
                    if (walk <= Math.Min(windowed, index))
                    {
                        shape = Shape.Walk;
                    }
                    else
                    {
                        shape = Shape.Index;
                        window = windowed < index ? (long)Math.Ceiling(windowRows) : 0;
                    }
                }
            }
        }

        if (shape == Shape.Walk)
        {
            // At most WalkRows of the newest rows (ids are handed out in order, so they are the highest ids). If the
            // window held fewer matches than are ranked, the words were rarer together than their statistics said:
            // the index finds them instead.
            var lowest = (stats?.MaxId ?? await MaxIdAsync(conn, ct)) - _db.Options.WalkRows;
            var (page, candidates) = await RunTextAsync(conn, Shape.Walk, tsquery, null, speakers?.Ids, visibility, offset, limit, Math.Max(0, lowest), ct);
            if (candidates >= _db.Options.RankCandidates || lowest <= 0)
            {
                Interlocked.Increment(ref _walkSearches);
                return page;
            }

            Interlocked.Increment(ref _walkFallbacks);
            shape = Shape.Index;
        }

        if (shape == Shape.Index && window > 0 && stats is not null)
        {
            terms ??= await SearchTerms.ResolveAsync(conn, query, _lexicon, ct);
            var lowest = stats.MaxId - window;
            var (page, candidates) = await RunTextAsync(conn, Shape.Index, tsquery, terms, speakers?.Ids, visibility, offset, limit, lowest, ct);
            if (candidates >= _db.Options.RankCandidates || lowest <= 0)
            {
                Interlocked.Increment(ref _indexSearches);
                return page;
            }
        }

        switch (shape)
        {
            case Shape.Index:
                Interlocked.Increment(ref _indexSearches);
                terms ??= await SearchTerms.ResolveAsync(conn, query, _lexicon, ct);
                break;
            case Shape.Speaker:
                Interlocked.Increment(ref _speakerSearches);
                break;
            default:
                Interlocked.Increment(ref _plannerSearches);
                break;
        }

        return (await RunTextAsync(conn, shape, tsquery, terms, speakers?.Ids, visibility, offset, limit, 0, ct)).Page;
    }

    // Costs against one row walked through the primary key (about 2.7 µs warm on the 2-core bench machine), seen
    // there with 1M quotes: a row read at random through a bitmap about 7 µs, a GIN entry about 0.3 µs; the id window
    // comes from the block-range index (quotes_id_range), whose bitmap costs next to nothing per row it covers. Rough
    // ratios: they only have to rank the ways.
    private const double RandomRowCost = 2.5;
    private const double KeyRangeEntryCost = 0.005;
    private const double IndexEntryCost = 0.1;

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
    /// One ranked text search in the given shape. Every shape ranks the newest <see cref="PostgresStoreOptions.RankCandidates"/>
    /// matches by ts_rank (weights text A &gt; speaker B &gt; title C, normalized by length); they differ only in how
    /// the matches are found. Planner: PostgreSQL decides. Walk: the primary key backwards, above
    /// <paramref name="lowest"/>. Index: the GIN indexes (words; word pairs for phrases), with the speaker index when
    /// speaker: is given and the ids above <paramref name="lowest"/>, behind an <c>OFFSET 0</c> fence, so the planner
    /// combines bitmaps and cannot turn it into a walk of the whole table. Speaker: each speaker's quotes newest first
    /// through the (speaker_id, id) index.
    /// </summary>
    private async Task<(SearchPage Page, long Candidates)> RunTextAsync(NpgsqlConnection conn, Shape shape, string tsquery,
        SearchTerms? terms, long[]? speakers, Visibility visibility, int offset, int limit, long lowest, CancellationToken ct)
    {
        var scope = visibility.Scope is null ? "" : " AND scope IN ('global', @scope)";
        var match = $"search @@ to_tsquery('{Config}', @q)";
        var bySpeaker = speakers is null ? "" : " AND speaker_id = ANY(@sp)";
        var matches = shape switch
        {
            Shape.Index =>
                $"SELECT id, search FROM (SELECT id, search, scope FROM quotes WHERE status = 0 AND {IndexProbe(terms!)}{bySpeaker} AND id > @lowest OFFSET 0) m " +
                $"WHERE {match}{scope} ORDER BY id DESC LIMIT @cap",
            Shape.Speaker =>
                $"SELECT u.id, u.search FROM ({PerSpeaker(speakers!.Length, "id, search", $" AND {match}{scope}", "@cap")}) u ORDER BY u.id DESC LIMIT @cap",
            Shape.Walk =>
                $"SELECT id, search FROM quotes WHERE status = 0 AND {match} AND id > @lowest{scope}{bySpeaker} ORDER BY id DESC LIMIT @cap",
            _ =>
                $"SELECT id, search FROM quotes WHERE status = 0 AND {match}{scope}{bySpeaker} ORDER BY id DESC LIMIT @cap",
        };

        var sql =
            $"SELECT {Prefixed("q")}, top.r, top.n FROM (" +
            $"SELECT c.id, ts_rank(c.search, to_tsquery('{Config}', @q), 1) AS r, count(*) OVER () AS n FROM ({matches}) c " +
            "ORDER BY r DESC, c.id DESC LIMIT @lim OFFSET @off) top " +
            "JOIN quotes q ON q.id = top.id ORDER BY top.r DESC, top.id DESC";
        await using var cmd = new NpgsqlCommand(sql, conn);
        cmd.Parameters.AddWithValue("q", tsquery);
        cmd.Parameters.AddWithValue("scope", visibility.Scope?.Key ?? "");
        AddSpeakers(cmd, speakers);
        cmd.Parameters.AddWithValue("cap", _db.Options.RankCandidates);
        cmd.Parameters.AddWithValue("lim", limit + 1);
        cmd.Parameters.AddWithValue("off", offset);
        cmd.Parameters.AddWithValue("lowest", lowest);
        cmd.Parameters.AddWithValue("pairs", terms?.Pairs.ToArray() ?? Array.Empty<int>());
        cmd.Parameters.AddWithValue("probe", terms?.Probe ?? "");
        var rows = new List<Quote>();
        long candidates = 0;
        await using (var r = await cmd.ExecuteReaderAsync(ct))
        {
            while (await r.ReadAsync(ct))
            {
                rows.Add(ReadQuote(r));
                candidates = r.GetInt64(r.FieldCount - 1);
            }
        }

        return (Page(rows, limit), candidates);
    }

    /// <summary>What the GIN indexes are asked: the phrases' word pairs and the single words (parameters only).</summary>
    private static string IndexProbe(SearchTerms terms)
    {
        var probe = new List<string>(2);
        if (terms.Pairs.Count > 0)
        {
            probe.Add("pairs @> @pairs");
        }

        if (terms.Probe is not null)
        {
            probe.Add($"search @@ to_tsquery('{Config}', @probe)");
        }

        return string.Join(" AND ", probe);
    }

    private static async Task<long> MaxIdAsync(NpgsqlConnection conn, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand("SELECT coalesce(max(id), 0) FROM quotes", conn);
        return (long)(await cmd.ExecuteScalarAsync(ct))!;
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
    internal static async Task<Speakers> MatchingSpeakersAsync(NpgsqlConnection conn, string speakerQuery, CancellationToken ct)
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
