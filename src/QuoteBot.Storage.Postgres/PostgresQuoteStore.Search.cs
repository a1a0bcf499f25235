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

    private long _heavySearches, _walkedSearches, _scoredSearches;

    /// <summary>How the ranked text searches so far were answered (for tests and the bench): from the heavy postings
    /// alone, by the shortest-first walk, or by scoring every match.</summary>
    internal (long Heavy, long Walked, long Scored) SearchPathCounts =>
        (Interlocked.Read(ref _heavySearches), Interlocked.Read(ref _walkedSearches), Interlocked.Read(ref _scoredSearches));

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
        else if (!exhaustive && clauses.All(c => c.Length == 1) && ExpectedMatches(clauses, stats, speakers) is var expected && expected >= WalkFromMatches
                 && await WalkTopAsync(conn, tsquery, clauses, idfs, stats, scope, speakers?.Ids, visibility, need,
                     Math.Max(WalkRowsFloor, WalkRowsPerMatch * expected), WalkFirstRows, ct) is { } walked)
        {
            Interlocked.Increment(ref _walkedSearches);
            ranked = walked;
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
        var ranked = await ScoreMatchesAsync(conn, tsquery, clauses, idfs, stats, scope, speakers, null, visibility, ct);
        ranked.Sort(Best);
        return ranked.Count > need ? ranked.GetRange(0, need) : ranked;
    }

    /// <summary>
    /// The visible matches (of those with the given <paramref name="ids"/>, when given), scored, in no order.
    /// </summary>
    private static async Task<List<Ranked>> ScoreMatchesAsync(NpgsqlConnection conn, string tsquery, List<string[]> clauses, double[] idfs,
        Bm25Statistics stats, string scope, long[]? speakers, long[]? ids, Visibility visibility, CancellationToken ct)
    {
        if (ids is { Length: 0 })
        {
            return [];
        }

        var pairs = ids is not null ? [] : clauses.Where(c => c.Length > 1).SelectMany(c => Enumerable.Range(0, c.Length - 1).Select(i => Lexicon.PairKey(c[i], c[i + 1]))).Distinct().ToArray();
        var sql =
            "SELECT q.id, q.doc_length, u.lexeme, u.positions, u.weights FROM quotes q CROSS JOIN LATERAL unnest(q.search) u " +
            $"WHERE q.status = 0 AND q.search @@ to_tsquery('{Config}', @q){scope}" +
            (ids is null ? "" : " AND q.id = ANY(@ids)") +
            (speakers is null ? "" : " AND q.speaker_id = ANY(@sp)") +
            (pairs.Length == 0 ? "" : " AND q.pairs @> @pairs") +
            " AND u.lexeme = ANY(@lex)";
        await using var cmd = new NpgsqlCommand(sql, conn);
        cmd.Parameters.AddWithValue("q", tsquery);
        cmd.Parameters.AddWithValue("scope", visibility.Scope?.Key ?? "");
        cmd.Parameters.AddWithValue("ids", ids ?? []);
        cmd.Parameters.AddWithValue("sp", speakers ?? []);
        cmd.Parameters.AddWithValue("pairs", pairs);
        cmd.Parameters.AddWithValue("lex", clauses.SelectMany(c => c).Distinct(StringComparer.Ordinal).ToArray());
        var docs = await ReadPostingsAsync(cmd, ct);
        var ranked = new List<Ranked>(docs.Count);
        foreach (var (id, doc) in docs)
        {
            if (Bm25.Score(clauses, idfs, doc.Lexemes, Bm25.Norm(doc.Length, stats.AverageLength)) is { } score)
            {
                ranked.Add(new Ranked(id, score));
            }
        }

        return ranked;
    }

    /// <summary>
    /// Rows of (id, length, lexeme, positions, weights) grouped by quote; a row with no lexeme (a walked quote that
    /// does not match) gives the quote with no postings.
    /// </summary>
    private static async Task<Dictionary<long, (int Length, Dictionary<string, Bm25.Postings> Lexemes)>> ReadPostingsAsync(NpgsqlCommand cmd, CancellationToken ct)
    {
        var docs = new Dictionary<long, (int Length, Dictionary<string, Bm25.Postings> Lexemes)>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            var id = r.GetInt64(0);
            if (!docs.TryGetValue(id, out var doc))
            {
                doc = (r.GetInt32(1), new Dictionary<string, Bm25.Postings>(StringComparer.Ordinal));
                docs[id] = doc;
            }

            if (!r.IsDBNull(2))
            {
                doc.Lexemes[r.GetString(2)] = new Bm25.Postings(r.GetFieldValue<short[]>(3), r.GetFieldValue<string[]>(4));
            }
        }

        return docs;
    }

    /// <summary>
    /// Word searches (no phrase) whose matches are expected (clauses independent) to be at least this many walk the
    /// quotes shortest first (<see cref="WalkTopAsync"/>) instead of scoring every match. Off by default: on the bench
    /// corpus a walked quote (a random heap read) costs about what a scored match costs, and the walk reads far more
    /// quotes than there are matches, so it measured slower (docs/benchmarks.md, "Exact BM25 on PostgreSQL").
    /// <c>quotebot bench postgres --walk-from N</c> sets it; tests set 0 to walk every word search.
    /// </summary>
    internal long WalkFromMatches { get; set; } = long.MaxValue;

    /// <summary>A walk that has read this many quotes (times the expected matches, at least <see cref="WalkRowsFloor"/>)
    /// without a proof gives up and every match is scored: the result is the same, only the cost differs.</summary>
    internal double WalkRowsPerMatch { get; set; } = 1.0;

    internal double WalkRowsFloor { get; set; } = 20_000;

    /// <summary>Quotes read by the walk's first step; each next step reads twice as many, up to 4,096. Tests set 2.</summary>
    internal int WalkFirstRows { get; set; } = 256;

    /// <summary>The expected matches of the clauses if their words occurred independently (the rarest lexeme of each).</summary>
    private static double ExpectedMatches(List<string[]> clauses, Bm25Statistics stats, Speakers? speakers)
    {
        if (stats.Docs == 0)
        {
            return 0;
        }

        var expected = speakers is null ? stats.Docs : (double)Math.Min(speakers.Quotes, stats.Docs);
        foreach (var c in clauses)
        {
            expected *= c.Min(l => stats.Term(l).Df) / (double)stats.Docs;
        }

        return expected;
    }

    /// <summary>What a quote must satisfy to match, and how it is scored.</summary>
    private sealed record MatchFilter(string Tsquery, List<string[]> Clauses, double[] Idfs, Bm25Statistics Stats, string Scope,
        long[]? Speakers, Visibility Visibility);

    /// <summary>One heavy list: the postings of a clause's first lexeme at one heavy weighted frequency, read best first
    /// (shortest, then newest) from a cursor.</summary>
    private sealed class HeavyList(string lexeme, int wtf)
    {
        public string Lexeme { get; } = lexeme;
        public int Wtf { get; } = wtf;
        public int Dl { get; set; }
        public long Id { get; set; } = long.MaxValue;
        public bool Done { get; set; }
    }

    /// <summary>The best scores so far: the top <c>need</c> in a heap (worst on top), each quote once.</summary>
    private sealed class TopK(int need)
    {
        private readonly PriorityQueue<Ranked, Ranked> _heap = new(Comparer<Ranked>.Create((a, b) => Best(b, a)));
        private readonly HashSet<long> _seen = [];

        public bool Full => _heap.Count >= need;

        /// <summary>The score a quote must beat (strictly) once full.</summary>
        public double Kth => _heap.Peek().Score;

        public bool Seen(long id) => _seen.Contains(id);

        public void Add(long id, double? score)
        {
            if (!_seen.Add(id) || score is not { } s)
            {
                return;
            }

            var r = new Ranked(id, s);
            if (_heap.Count < need)
            {
                _heap.Enqueue(r, r);
            }
            else if (Best(r, _heap.Peek()) < 0)
            {
                _heap.EnqueueDequeue(r, r);
            }
        }

        /// <summary>True when a quote scoring at most <paramref name="bound"/> cannot enter the top.</summary>
        public bool Excludes(double bound) => Full && bound < Kth;

        public List<Ranked> Sorted()
        {
            var list = _heap.UnorderedItems.Select(x => x.Element).ToList();
            list.Sort(Best);
            return list;
        }
    }

    /// <summary>
    /// The exact top without scoring every match. Two kinds of source are read shortest first: the walk over the
    /// visible quotes in (length, id) order (index on active quotes' (doc_length, id)), which meets every match, and
    /// for each clause's first lexeme its heavy lists (bm25_heavy, one per weighted frequency of 11 or more). A
    /// clause's frequency in a quote is at most its first lexeme's; a quote not yet met is at least as long as the
    /// walk's position and as the position of every heavy list it is in, and is light (at most
    /// <see cref="Bm25Statistics.TermStats.MaxLight"/>) in each clause where it is in no list. The score falls as the
    /// length grows, so no unseen quote can score above
    /// <c>max over lengths D of Σ clause max(frequency of a source whose position ≤ D) → Term(idf, f, norm(D))</c>,
    /// taken over the sources' positions (summed in clause order as Bm25.Score sums, so rounding cannot exceed it).
    /// Reading stops once that bound is below the k-th score (strictly: an equal score of a newer quote would rank
    /// above it). Null when more than <paramref name="maxRows"/> quotes and postings were read without that proof.
    /// </summary>
    private static async Task<List<Ranked>?> WalkTopAsync(NpgsqlConnection conn, string tsquery, List<string[]> clauses, double[] idfs,
        Bm25Statistics stats, string scope, long[]? speakers, Visibility visibility, int need, double maxRows, int firstRows, CancellationToken ct)
    {
        var lexemes = clauses.SelectMany(c => c).Distinct(StringComparer.Ordinal).ToArray();
        var firsts = clauses.Select(c => stats.Term(c[0])).ToArray();
        var walking = firsts.All(t => t.MaxLight > 0); // else every match is in some heavy list
        var top = new TopK(need);
        var lists = clauses.Select(c => c[0]).Distinct(StringComparer.Ordinal)
            .SelectMany(l => stats.Term(l).Heavy.Select(w => new HeavyList(l, w))).ToList();
        var match = new MatchFilter(tsquery, clauses, idfs, stats, scope, speakers, visibility);
        var (walkDl, walkId) = (stats.Shortest, 0L);
        var rows = firstRows;
        var postings = need;
        double read = 0;

        // The highest score a quote not met yet could have, and the length at which it is reached.
        (double Bound, int Length) Unseen()
        {
            var best = (double.NegativeInfinity, walkDl);
            foreach (var d in lists.Where(l => !l.Done).Select(l => Math.Max(l.Dl, walkDl)).Append(walkDl).Distinct())
            {
                var norm = Bm25.Norm(d, stats.AverageLength);
                var s = 0.0;
                for (var i = 0; i < clauses.Count && !double.IsNegativeInfinity(s); i++)
                {
                    var f = firsts[i].MaxLight; // light here; when heavy in another clause, it is in that clause's lists
                    foreach (var l in lists)
                    {
                        if (!l.Done && l.Lexeme == clauses[i][0] && Math.Max(l.Dl, walkDl) <= d && l.Wtf > f)
                        {
                            f = l.Wtf;
                        }
                    }

                    s = f == 0 ? double.NegativeInfinity : s + Bm25.Term(idfs[i], f, norm);
                }

                if (s > best.Item1)
                {
                    best = (s, d);
                }
            }

            return best;
        }

        // First the best of every heavy list (they usually lead), then walk and read the lists that hold the bound up.
        var advance = lists;
        while (true)
        {
            if (advance.Count > 0)
            {
                read += await ReadListsAsync(conn, advance, top, match, postings, ct);
                postings = Math.Min(postings * 2, 4096);
            }

            var (bound, at) = Unseen();
            if (top.Excludes(bound) || double.IsNegativeInfinity(bound))
            {
                return top.Sorted();
            }

            if (read > maxRows)
            {
                return null;
            }

            if (walking)
            {
                var (n, lastDl, lastId) = await WalkBatchAsync(conn, top, match, lexemes, walkDl, walkId, rows, ct);
                read += n;
                if (n < rows)
                {
                    return top.Sorted(); // the walk met every match
                }

                (walkDl, walkId) = (lastDl, lastId);
                rows = Math.Min(rows * 2, 4096);
                foreach (var l in lists.Where(l => !l.Done && l.Dl < walkDl))
                {
                    (l.Dl, l.Id) = (walkDl, long.MaxValue); // the walk met every shorter quote
                }
            }

            advance = lists.Where(l => !l.Done && Math.Max(l.Dl, walkDl) <= at).ToList();
            if (!walking && advance.Count == 0)
            {
                return null; // cannot happen: the bound at that length comes from some open list
            }
        }
    }

    /// <summary>
    /// Reads the next <paramref name="n"/> postings of each list (shortest, then newest, after its position), scores
    /// those quotes not met yet that match, and moves each list's position. Returns the postings read.
    /// </summary>
    private static async Task<int> ReadListsAsync(NpgsqlConnection conn, List<HeavyList> open, TopK top, MatchFilter match, int n, CancellationToken ct)
    {
        await using var batch = new NpgsqlBatch(conn);
        foreach (var list in open)
        {
            var c = new NpgsqlBatchCommand(
                "SELECT h.dl, h.id FROM bm25_heavy h WHERE h.lexeme = @l AND h.wtf = @w AND h.dl >= @dl AND (h.dl > @dl OR h.id < @id) " +
                "ORDER BY h.dl, h.id DESC LIMIT @n");
            c.Parameters.AddWithValue("l", list.Lexeme);
            c.Parameters.AddWithValue("w", list.Wtf);
            c.Parameters.AddWithValue("dl", list.Dl);
            c.Parameters.AddWithValue("id", list.Id);
            c.Parameters.AddWithValue("n", n);
            batch.BatchCommands.Add(c);
        }

        var ids = new HashSet<long>();
        var total = 0;
        await using (var r = await batch.ExecuteReaderAsync(ct))
        {
            var i = 0;
            do
            {
                var list = open[i++];
                var read = 0;
                while (await r.ReadAsync(ct))
                {
                    read++;
                    (list.Dl, list.Id) = (r.GetInt32(0), r.GetInt64(1));
                    if (!top.Seen(list.Id))
                    {
                        ids.Add(list.Id);
                    }
                }

                list.Done = read < n;
                total += read;
            }
            while (await r.NextResultAsync(ct));
        }

        var scored = (await ScoreMatchesAsync(conn, match.Tsquery, match.Clauses, match.Idfs, match.Stats, match.Scope, match.Speakers,
            ids.ToArray(), match.Visibility, ct)).ToDictionary(x => x.Id, x => x.Score);
        foreach (var id in ids)
        {
            top.Add(id, scored.TryGetValue(id, out var s) ? s : null);
        }

        return total;
    }

    /// <summary>
    /// Reads the next <paramref name="rows"/> active quotes after (<paramref name="dl"/>, <paramref name="id"/>) in
    /// (length, id) order and scores those that match (visible, every clause, no excluded word). Returns how many
    /// quotes it read and the last one's key.
    /// </summary>
    private static async Task<(int Read, int Dl, long Id)> WalkBatchAsync(NpgsqlConnection conn, TopK top, MatchFilter match, string[] lexemes,
        int dl, long id, int rows, CancellationToken ct)
    {
        var speaker = match.Speakers is null ? "" : " AND q.speaker_id = ANY(@sp)";
        var sql =
            "SELECT w.id, w.doc_length, u.lexeme, u.positions, u.weights FROM (" +
            $"SELECT q.id, q.doc_length, q.search, (q.search @@ to_tsquery('{Config}', @q){match.Scope}{speaker}) AS m FROM quotes q " +
            "WHERE q.status = 0 AND (q.doc_length, q.id) > (@dl, @id) ORDER BY q.doc_length, q.id LIMIT @rows) w " +
            "LEFT JOIN LATERAL (SELECT u.lexeme, u.positions, u.weights FROM unnest(w.search) u WHERE w.m AND u.lexeme = ANY(@lex)) u ON true";
        await using var cmd = new NpgsqlCommand(sql, conn);
        cmd.Parameters.AddWithValue("q", match.Tsquery);
        cmd.Parameters.AddWithValue("scope", match.Visibility.Scope?.Key ?? "");
        cmd.Parameters.AddWithValue("sp", match.Speakers ?? []);
        cmd.Parameters.AddWithValue("dl", dl);
        cmd.Parameters.AddWithValue("id", id);
        cmd.Parameters.AddWithValue("rows", rows);
        cmd.Parameters.AddWithValue("lex", lexemes);
        var docs = await ReadPostingsAsync(cmd, ct);
        var (lastDl, lastId) = (dl, id);
        foreach (var (docId, doc) in docs)
        {
            if ((doc.Length, docId).CompareTo((lastDl, lastId)) > 0)
            {
                (lastDl, lastId) = (doc.Length, docId);
            }

            if (doc.Lexemes.Count > 0)
            {
                top.Add(docId, Bm25.Score(match.Clauses, match.Idfs, doc.Lexemes, Bm25.Norm(doc.Length, match.Stats.AverageLength)));
            }
        }

        return (docs.Count, lastDl, lastId);
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
