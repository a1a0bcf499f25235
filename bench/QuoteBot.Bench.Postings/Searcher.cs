namespace QuoteBot.Bench.Postings;

/// <summary>The best k hits seen so far, best first (score, then newest); any order of offers gives the same result.</summary>
internal sealed class TopK(int k)
{
    private readonly Hit[] _hits = new Hit[k];

    public int Count { get; private set; }

    public bool Full => Count == k;

    /// <summary>The k-th score; a candidate whose bound is strictly below it cannot enter (equal scores can, by id).</summary>
    public double Threshold => Full ? _hits[k - 1].Score : double.NegativeInfinity;

    public void Offer(Hit h)
    {
        if (k == 0 || (Full && Hit.Compare(h, _hits[k - 1]) >= 0))
        {
            return;
        }

        var i = Full ? k - 1 : Count++;
        while (i > 0 && Hit.Compare(h, _hits[i - 1]) < 0)
        {
            _hits[i] = _hits[i - 1];
            i--;
        }

        _hits[i] = h;
    }

    public List<Hit> ToList() => _hits.Take(Count).ToList();
}

/// <summary>Counters of one search, for the report.</summary>
internal sealed class SearchStats
{
    public int Candidates { get; set; }
    public int Scored { get; set; }
    public int BlocksDecoded { get; set; }
}

/// <summary>
/// Exact top-k BM25 over a segment: the query's clauses are ANDed (every token of every clause, and the speaker filter,
/// must be present; phrases then checked on positions), docs are visited in id order led by the rarest list, and a
/// range of docs is skipped whenever the sum over clauses of IDF × the block maximum of the clause's lists (a phrase
/// counts the smallest of its tokens' maxima: its weighted frequency is at most each token's) is strictly below the
/// k-th score found (block-max WAND for conjunctions). A one-word query scores its blocks with the highest maxima
/// first and then only the blocks that can still reach the k-th score.
/// </summary>
internal sealed class Searcher(Segment segment)
{
    /// <summary>Bounds are sums of products of rounded-up floats; this keeps them above the double-precision score.</summary>
    private const double Slack = 1 + 1e-9;

    private readonly List<int> _posA = [];
    private readonly List<int> _posB = [];

    public SearchStats? LastStats { get; private set; }

    private sealed class Clause
    {
        public required PostingCursor[] Tokens { get; init; }
        public required double Idf { get; init; }
    }

    public List<Hit> Search(Plan plan, int k)
    {
        var stats = new SearchStats();
        LastStats = stats;
        var top = new TopK(k);
        if (plan.Clauses.Count == 0 || k <= 0)
        {
            return [];
        }

        var cursors = new Dictionary<string, PostingCursor>(StringComparer.Ordinal);
        var clauses = new List<Clause>(plan.Clauses.Count);
        foreach (var tokens in plan.Clauses)
        {
            PostingCursor? Open(string term)
            {
                if (!cursors.TryGetValue(term, out var c) && segment.Term(term) is { } info)
                {
                    cursors[term] = c = new PostingCursor(segment, info);
                }

                return c;
            }

            var list = new PostingCursor[tokens.Count];
            var idf = 0.0;
            for (var i = 0; i < tokens.Count; i++)
            {
                if (Open(tokens[i]) is not { } c)
                {
                    return [];
                }

                list[i] = c;
                idf += Bm25.Idf(segment.Docs, c.Term.Df);
            }

            // A phrase of two pair words (or with one, see PairsWithAnyWord) has its own postings, whose frequencies are the phrase's (its IDF stays the sum).
            if (tokens is [var a, var b] && Analysis.IsPair(segment.PairWords, a, b, segment.PairsWithAnyWord))
            {
                if (Open(Analysis.PairTerm(a, b)) is not { } pair)
                {
                    return [];
                }

                list = [pair];
            }

            clauses.Add(new Clause { Tokens = list, Idf = idf });
        }

        DocCursor? filter = null;
        var filterDf = int.MaxValue;
        if (plan.Speaker is { } speaker)
        {
            var ids = segment.MatchingSpeakers(speaker);
            var lists = ids.Select(id => segment.Term(SegmentBuilder.SpeakerTermPrefix + id.ToString(System.Globalization.CultureInfo.InvariantCulture)))
                .OfType<TermInfo>().ToList();
            if (lists.Count == 0)
            {
                return [];
            }

            if (lists.Count == 1)
            {
                filter = new PostingCursor(segment, lists[0]);
                filterDf = lists[0].Df;
            }
            else
            {
                var union = new List<int>();
                foreach (var info in lists)
                {
                    var c = new PostingCursor(segment, info);
                    for (var d = c.Advance(0); d != DocCursor.End; d = c.Next())
                    {
                        union.Add(d);
                    }
                }

                union.Sort();
                filter = new ArrayCursor(union.ToArray());
                filterDf = union.Count;
            }
        }

        if (filter is null && clauses.Count == 1 && clauses[0].Tokens.Length == 1)
        {
            OneTerm(clauses[0].Tokens[0], clauses[0].Idf, top, stats);
        }
        else
        {
            Conjunction(clauses, clauses.SelectMany(c => c.Tokens).Distinct().ToArray(), filter, filterDf, top, stats);
        }

        stats.BlocksDecoded = cursors.Values.Sum(c => c.BlocksDecoded);
        return top.ToList();
    }

    /// <summary>One word: its best blocks first (by stored maximum), then every block whose maximum can still reach the k-th score.</summary>
    private void OneTerm(PostingCursor cursor, double idf, TopK top, SearchStats stats)
    {
        var max = cursor.Term.Max;
        const int First = 4;
        Span<int> best = stackalloc int[First];
        var n = 0;
        for (var b = 0; b < max.Length; b++)
        {
            if (n < First || max[b] > max[best[n - 1]])
            {
                var i = n < First ? n++ : n - 1;
                while (i > 0 && max[b] > max[best[i - 1]])
                {
                    best[i] = best[i - 1];
                    i--;
                }

                best[i] = b;
            }
        }

        for (var i = 0; i < n; i++)
        {
            ScoreBlock(cursor, best[i], idf, top, stats);
        }

        for (var b = 0; b < max.Length; b++)
        {
            if (best[..n].Contains(b) || (top.Full && idf * max[b] * Slack < top.Threshold))
            {
                continue;
            }

            ScoreBlock(cursor, b, idf, top, stats);
        }
    }

    private void ScoreBlock(PostingCursor cursor, int block, double idf, TopK top, SearchStats stats)
    {
        cursor.StartBlock(block);
        var lengths = segment.Lengths;
        var norms = segment.Norms;
        for (var i = 0; i < cursor.BlockCount; i++)
        {
            var (doc, wtf) = cursor.At(i);
            top.Offer(new Hit(doc, Bm25.Term(idf, wtf, norms[lengths[doc]])));
        }

        stats.Candidates += cursor.BlockCount;
        stats.Scored += cursor.BlockCount;
    }

    private void Conjunction(List<Clause> clauses, PostingCursor[] all, DocCursor? filter, int filterDf, TopK top, SearchStats stats)
    {
        // Lead with the rarest list; the others (and the filter) follow it.
        var ordered = all.OrderBy(c => c.Term.Df).ToArray();
        DocCursor lead = filter is not null && filterDf < ordered[0].Term.Df ? filter : ordered[0];
        var followers = new List<DocCursor>(ordered.Where(c => c != lead));
        if (filter is not null && filter != lead)
        {
            followers.Add(filter);
        }

        var lengths = segment.Lengths;
        var norms = segment.Norms;
        var hasPhrase = clauses.Any(c => c.Tokens.Length > 1);
        var doc = lead.Advance(1);
        while (doc != DocCursor.End)
        {
            if (top.Full)
            {
                // The bound holds up to the first end of a block among the scoring lists.
                var bound = 0.0;
                var upto = DocCursor.End;
                foreach (var c in clauses)
                {
                    var m = float.MaxValue;
                    foreach (var t in c.Tokens)
                    {
                        m = Math.Min(m, t.ShallowMax(doc, out var last));
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
            var norm = norms[lengths[doc]];
            if (top.Full && hasPhrase)
            {
                // A phrase's weighted frequency is at most each of its tokens': bound the doc before reading positions.
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
                var f = c.Tokens.Length == 1 ? c.Tokens[0].Wtf : PhraseFrequency(c.Tokens);
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
                top.Offer(new Hit(doc, score));
            }

            doc = lead.Next();
        }
    }

    /// <summary>Weighted hits of a phrase in the doc all its cursors stand on (every start, weighted by its column).</summary>
    private int PhraseFrequency(PostingCursor[] tokens)
    {
        tokens[0].Positions(_posA);
        var starts = _posA;
        var next = _posB;
        for (var i = 1; i < tokens.Length && starts.Count > 0; i++)
        {
            tokens[i].Positions(next);
            // Keep the starts whose i-th following position holds token i.
            var kept = 0;
            var j = 0;
            for (var si = 0; si < starts.Count; si++)
            {
                var s = starts[si];
                while (j < next.Count && next[j] < s + i)
                {
                    j++;
                }

                if (j < next.Count && next[j] == s + i)
                {
                    starts[kept++] = s;
                }
            }

            starts.RemoveRange(kept, starts.Count - kept);
        }

        var f = 0;
        foreach (var s in starts)
        {
            f += Tokenizer.Weights[s >> Analysis.ColumnShift];
        }

        return f;
    }
}
