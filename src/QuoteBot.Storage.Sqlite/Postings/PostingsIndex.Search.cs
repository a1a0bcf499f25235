using SQLitePCL;

namespace QuoteBot.Storage.Sqlite.Postings;

/// <summary>Counters of one search (for reports).</summary>
internal sealed class SearchStats
{
    public int Segments { get; set; }
    public int Candidates { get; set; }
    public int Scored { get; set; }
    public int BlocksDecoded { get; set; }
}

/// <summary>
/// Exact top-k BM25 over every segment and the tail, with the store's formula and statistics over live quotes
/// (<c>px_df</c>, <c>px_meta</c>): the query's clauses are ANDed (every token of every clause and the speaker filter
/// must be present; phrases then checked on positions; phrase IDF = the sum of its tokens' IDFs); ties newest first.
/// In a segment, ordinals are visited in increasing order led by the rarest list, and a range is skipped whenever the
/// sum over clauses of IDF × block bound (a phrase: its tokens' smallest) is strictly below the k-th score found so
/// far (block-max WAND for conjunctions); a one-word query scores its best blocks first, then only blocks that can
/// still reach the k-th score. Deleted quotes are skipped. The threshold carries over from segment to segment.
/// </summary>
internal sealed partial class PostingsIndex
{
    /// <summary>Bounds and scores are sums of rounded products; this keeps a bound above the score it bounds.</summary>
    private const double Slack = 1 + 1e-9;

    private readonly List<int> _posA = [];
    private readonly List<List<int>> _phraseLists = [];

    private sealed record ClauseSpec(string[] Tokens, string? Pair, double Idf);

    private sealed class Clause
    {
        public required PostingCursor[] Tokens { get; init; }
        public required double Idf { get; init; }
    }

    /// <summary>The best <paramref name="k"/> live quotes for the query, in one read snapshot.</summary>
    public List<Hit> Search(PostingsQuery query, int k, SearchStats? stats = null) => Search(query, k, accept: null, stats);

    /// <summary>The best <paramref name="k"/> live quotes for the query that <paramref name="accept"/> lets through (all when null).</summary>
    public List<Hit> Search(PostingsQuery query, int k, Func<int, bool>? accept, SearchStats? stats = null)
    {
        stats ??= new SearchStats();
        if (query.Clauses.Count == 0 || k <= 0)
        {
            return [];
        }

        var own = CurrentTransaction is null && raw.sqlite3_get_autocommit(_db) != 0;
        if (own)
        {
            raw.sqlite3_exec(_db, "BEGIN");
        }

        try
        {
            return SearchInSnapshot(query, k, accept, stats);
        }
        finally
        {
            if (own)
            {
                raw.sqlite3_exec(_db, "COMMIT");
            }
        }
    }

    private List<Hit> SearchInSnapshot(PostingsQuery query, int k, Func<int, bool>? accept, SearchStats stats)
    {
        var (docs, tokens) = Totals();
        var averageLength = Bm25.AverageLength(docs, tokens);
        var specs = new List<ClauseSpec>();
        foreach (var clause in query.Clauses)
        {
            var idf = 0.0;
            foreach (var t in clause)
            {
                var df = DocumentFrequency(t);
                if (df == 0)
                {
                    return [];
                }

                idf += Bm25.Idf(docs, df);
            }

            var pair = clause is [var a, var b] && Analysis.IsPair(PairWords, a, b, Options.PairsWithAnyWord) ? Analysis.PairTerm(a, b) : null;
            specs.Add(new ClauseSpec([.. clause], pair, idf));
        }

        List<int>? speakers = null;
        if (query.Speaker is { } speaker)
        {
            speakers = MatchingSpeakers(speaker);
            if (speakers.Count == 0)
            {
                return [];
            }
        }

        var top = new TopK(k) { Accept = accept };
        foreach (var info in Segments().Where(s => s.Live > 0).OrderByDescending(s => s.Live))
        {
            stats.Segments++;
            SearchSegment(View(info), specs, speakers, averageLength, top, stats);
        }

        SearchTail(specs, speakers, averageLength, top, stats);
        return top.ToList();
    }

    private void SearchSegment(SegmentView view, List<ClauseSpec> specs, List<int>? speakers, double averageLength, TopK top, SearchStats stats)
    {
        var cursors = new Dictionary<string, PostingCursor>(StringComparer.Ordinal);
        PostingCursor? Open(string term)
        {
            if (!cursors.TryGetValue(term, out var c) && Term(view.Id, term) is { } info)
            {
                cursors[term] = c = new PostingCursor(this, info);
            }

            return c;
        }

        try
        {
            var clauses = new List<Clause>(specs.Count);
            foreach (var spec in specs)
            {
                var names = spec.Pair is { } pair ? [pair] : spec.Tokens;
                var list = new PostingCursor[names.Length];
                for (var i = 0; i < names.Length; i++)
                {
                    if (Open(names[i]) is not { } c)
                    {
                        return;
                    }

                    list[i] = c;
                }

                clauses.Add(new Clause { Tokens = list, Idf = spec.Idf });
            }

            DocCursor? filter = null;
            var filterCount = int.MaxValue;
            if (speakers is not null)
            {
                var lists = speakers.Select(id => Term(view.Id, SpeakerTerm(id))).OfType<TermInfo>().ToList();
                if (lists.Count == 0)
                {
                    return;
                }

                if (lists.Count == 1)
                {
                    filter = new PostingCursor(this, lists[0]);
                    filterCount = lists[0].Count;
                }
                else
                {
                    var union = new List<int>();
                    foreach (var info in lists)
                    {
                        var c = new PostingCursor(this, info);
                        for (var d = c.Advance(0); d != DocCursor.End; d = c.Next())
                        {
                            union.Add(d);
                        }
                    }

                    union.Sort();
                    filter = new ArrayCursor([.. union]);
                    filterCount = union.Count;
                }
            }

            if (filter is null && clauses is [{ Tokens: [var only] } single])
            {
                OneTerm(view, only, single.Idf, averageLength, top, stats);
            }
            else
            {
                Conjunction(view, clauses, [.. cursors.Values], filter, filterCount, averageLength, top, stats);
            }
        }
        finally
        {
            stats.BlocksDecoded += cursors.Values.Sum(c => c.BlocksDecoded);
        }
    }

    /// <summary>One word: its best blocks first (by bound), then every block whose bound can still reach the k-th score.</summary>
    private static void OneTerm(SegmentView view, PostingCursor cursor, double idf, double averageLength, TopK top, SearchStats stats)
    {
        var term = cursor.Term;
        var bounds = new double[term.Blocks];
        for (var b = 0; b < bounds.Length; b++)
        {
            bounds[b] = term.Bound(b, averageLength);
        }

        const int First = 4;
        Span<int> best = stackalloc int[First];
        var n = 0;
        for (var b = 0; b < bounds.Length; b++)
        {
            if (n < First || bounds[b] > bounds[best[n - 1]])
            {
                var i = n < First ? n++ : n - 1;
                while (i > 0 && bounds[b] > bounds[best[i - 1]])
                {
                    best[i] = best[i - 1];
                    i--;
                }

                best[i] = b;
            }
        }

        for (var i = 0; i < n; i++)
        {
            ScoreBlock(view, cursor, best[i], idf, averageLength, top, stats);
        }

        for (var b = 0; b < bounds.Length; b++)
        {
            if (best[..n].Contains(b) || (top.Full && idf * bounds[b] * Slack < top.Threshold))
            {
                continue;
            }

            ScoreBlock(view, cursor, b, idf, averageLength, top, stats);
        }
    }

    private static void ScoreBlock(SegmentView view, PostingCursor cursor, int block, double idf, double averageLength, TopK top, SearchStats stats)
    {
        cursor.StartBlock(block);
        for (var i = 0; i < cursor.BlockCount; i++)
        {
            var (ord, wtf) = cursor.At(i);
            if (view.IsDead(ord))
            {
                continue;
            }

            stats.Candidates++;
            stats.Scored++;
            top.Offer(new Hit(view.QuoteIds[ord], Bm25.Term(idf, wtf, Bm25.Norm(view.Lengths[ord], averageLength))));
        }
    }

    private void Conjunction(SegmentView view, List<Clause> clauses, PostingCursor[] all, DocCursor? filter, int filterCount, double averageLength, TopK top, SearchStats stats)
    {
        // Lead with the rarest list; the others (and the filter) follow it.
        var ordered = all.OrderBy(c => c.Term.Count).ToArray();
        DocCursor lead = filter is not null && filterCount < ordered[0].Term.Count ? filter : ordered[0];
        var followers = new List<DocCursor>(ordered.Where(c => c != lead));
        if (filter is not null && filter != lead)
        {
            followers.Add(filter);
        }

        var hasPhrase = clauses.Any(c => c.Tokens.Length > 1);
        var doc = lead.Advance(0);
        while (doc != DocCursor.End)
        {
            if (top.Full)
            {
                // The bound holds up to the first end of a block among the scoring lists.
                var bound = 0.0;
                var upto = DocCursor.End;
                foreach (var c in clauses)
                {
                    var m = double.MaxValue;
                    foreach (var t in c.Tokens)
                    {
                        m = Math.Min(m, t.ShallowBound(doc, averageLength, out var last));
                        upto = Math.Min(upto, last);
                    }

                    bound += c.Idf * m;
                }

                if (bound * Slack < top.Threshold)
                {
                    doc = upto == DocCursor.End ? DocCursor.End : lead.Advance(upto + 1);
                    continue;
                }
            }

            if (view.IsDead(doc))
            {
                doc = lead.Next();
                continue;
            }

            var aligned = true;
            foreach (var f in followers)
            {
                var d = f.Advance(doc);
                if (d != doc)
                {
                    doc = d == DocCursor.End ? DocCursor.End : lead.Advance(d);
                    aligned = false;
                    break;
                }
            }

            if (!aligned)
            {
                continue;
            }

            stats.Candidates++;
            var norm = Bm25.Norm(view.Lengths[doc], averageLength);
            if (top.Full && hasPhrase)
            {
                // A phrase's weighted frequency is at most each of its tokens': bound the quote before reading positions.
                var upper = 0.0;
                foreach (var c in clauses)
                {
                    var f = int.MaxValue;
                    foreach (var t in c.Tokens)
                    {
                        f = Math.Min(f, t.Wtf);
                    }

                    upper += Bm25.Term(c.Idf, f, norm);
                }

                if (upper * Slack < top.Threshold)
                {
                    doc = lead.Next();
                    continue;
                }
            }

            var score = 0.0;
            var match = true;
            foreach (var c in clauses)
            {
                var f = c.Tokens.Length == 1 ? c.Tokens[0].Wtf : SegmentPhraseFrequency(c.Tokens);
                if (f == 0)
                {
                    match = false;
                    break;
                }

                score += Bm25.Term(c.Idf, f, norm);
            }

            if (match)
            {
                stats.Scored++;
                top.Offer(new Hit(view.QuoteIds[doc], score));
            }

            doc = lead.Next();
        }
    }

    private int SegmentPhraseFrequency(PostingCursor[] tokens)
    {
        while (_phraseLists.Count < tokens.Length)
        {
            _phraseLists.Add([]);
        }

        for (var i = 0; i < tokens.Length; i++)
        {
            tokens[i].Positions(_phraseLists[i]);
        }

        return PhraseFrequency(_phraseLists, tokens.Length, _posA);
    }

    /// <summary>Weighted hits of a phrase given each token's positions in one quote (every start, weighted by its column).</summary>
    internal static int PhraseFrequency(List<List<int>> positions, int count, List<int> scratch)
    {
        scratch.Clear();
        scratch.AddRange(positions[0]);
        for (var i = 1; i < count && scratch.Count > 0; i++)
        {
            var next = positions[i];
            // Keep the starts whose i-th following position holds token i.
            var kept = 0;
            var j = 0;
            for (var si = 0; si < scratch.Count; si++)
            {
                var s = scratch[si];
                while (j < next.Count && next[j] < s + i)
                {
                    j++;
                }

                if (j < next.Count && next[j] == s + i)
                {
                    scratch[kept++] = s;
                }
            }

            scratch.RemoveRange(kept, scratch.Count - kept);
        }

        var f = 0;
        foreach (var s in scratch)
        {
            f += PostingsTokenizer.Weights[s >> Analysis.ColumnShift];
        }

        return f;
    }

    /// <summary>The tail (at most a few thousand quotes): every quote holding all query tokens is scored in full.</summary>
    private void SearchTail(List<ClauseSpec> specs, List<int>? speakers, double averageLength, TopK top, SearchStats stats)
    {
        var postings = new Dictionary<string, Dictionary<int, (int Wtf, byte[] Positions)>>(StringComparer.Ordinal);
        foreach (var token in specs.SelectMany(s => s.Tokens).Distinct(StringComparer.Ordinal))
        {
            var rows = TailPostings(token);
            if (rows.Count == 0)
            {
                return;
            }

            postings[token] = rows.ToDictionary(r => r.Doc, r => (r.Wtf, r.Positions));
        }

        HashSet<int>? allowed = null;
        if (speakers is not null)
        {
            allowed = speakers.SelectMany(id => TailPostings(SpeakerTerm(id))).Select(r => r.Doc).ToHashSet();
        }

        var first = postings[specs[0].Tokens[0]];
        foreach (var doc in first.Keys.Order())
        {
            if ((allowed is not null && !allowed.Contains(doc)) || postings.Values.Any(p => !p.ContainsKey(doc)))
            {
                continue;
            }

            stats.Candidates++;
            var norm = Bm25.Norm(TailLength(doc), averageLength);
            var score = 0.0;
            var match = true;
            foreach (var spec in specs)
            {
                int f;
                if (spec.Tokens.Length == 1)
                {
                    f = postings[spec.Tokens[0]][doc].Wtf;
                }
                else
                {
                    while (_phraseLists.Count < spec.Tokens.Length)
                    {
                        _phraseLists.Add([]);
                    }

                    for (var i = 0; i < spec.Tokens.Length; i++)
                    {
                        PostingList.DecodePositions(postings[spec.Tokens[i]][doc].Positions, _phraseLists[i]);
                    }

                    f = PhraseFrequency(_phraseLists, spec.Tokens.Length, _posA);
                }

                if (f == 0)
                {
                    match = false;
                    break;
                }

                score += Bm25.Term(spec.Idf, f, norm);
            }

            if (match)
            {
                stats.Scored++;
                top.Offer(new Hit(doc, score));
            }
        }
    }
}
