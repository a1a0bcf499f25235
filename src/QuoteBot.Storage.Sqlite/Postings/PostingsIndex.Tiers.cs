namespace QuoteBot.Storage.Sqlite.Postings;

/// <summary>
/// The top tier of one long list in one segment: its highest-impact postings (short quotes, high frequencies) in
/// ordinal order, and the front of the rest (for every length, the highest weighted frequency a posting outside the
/// tier that is no longer than that has). Which postings are in the tier is only a choice; the rest's front keeps
/// every bound exact whatever the average length is when it is asked.
/// </summary>
internal sealed class TermTier
{
    public required int[] Docs { get; init; }
    public required int[] Wtf { get; init; }

    /// <summary>The rest's front: lengths increasing, and for each the highest frequency of a rest posting at most that long (increasing too).</summary>
    public required int[] RestLength { get; init; }

    public required int[] RestWtf { get; init; }

    public int Count => Docs.Length;

    /// <summary>The highest weighted frequency of a posting outside the tier no longer than <paramref name="length"/>; 0 when there is none.</summary>
    public int RestWtfAt(int length)
    {
        var lo = 0;
        var hi = RestLength.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >> 1;
            if (RestLength[mid] <= length)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo == 0 ? 0 : RestWtf[lo - 1];
    }

    /// <summary>
    /// The tier of a list given all its postings (ordinals increasing) and the segment's quote lengths: the
    /// <paramref name="size"/> (about; whole impact steps) postings with the highest tf part at <paramref name="averageLength"/>.
    /// </summary>
    public static TermTier Choose(ReadOnlySpan<int> docs, ReadOnlySpan<int> wtf, ushort[] lengths, double averageLength, int size)
    {
        const int Steps = 4096;
        var n = docs.Length;
        var parts = new double[n];
        var max = 0.0;
        for (var i = 0; i < n; i++)
        {
            parts[i] = Bm25.Part(wtf[i], Bm25.Norm(lengths[docs[i]], averageLength));
            max = Math.Max(max, parts[i]);
        }

        // The lowest impact step whose postings and all above fit in the size (at least the top step).
        var counts = new int[Steps];
        var step = new short[n];
        for (var i = 0; i < n; i++)
        {
            step[i] = (short)Math.Min(Steps - 1, (int)(parts[i] / max * Steps));
            counts[step[i]]++;
        }

        var cut = Steps - 1;
        var taken = counts[cut];
        while (cut > 0 && taken + counts[cut - 1] <= size)
        {
            cut--;
            taken += counts[cut];
        }

        var tierDocs = new int[taken];
        var tierWtf = new int[taken];
        var longest = 0;
        for (var i = 0; i < n; i++)
        {
            longest = Math.Max(longest, (int)lengths[docs[i]]);
        }

        var restByLength = new int[longest + 1];
        var t = 0;
        for (var i = 0; i < n; i++)
        {
            if (step[i] >= cut)
            {
                tierDocs[t] = docs[i];
                tierWtf[t++] = wtf[i];
            }
            else
            {
                ref var w = ref restByLength[lengths[docs[i]]];
                w = Math.Max(w, wtf[i]);
            }
        }

        var frontLength = new List<int>();
        var frontWtf = new List<int>();
        for (var length = 0; length <= longest; length++)
        {
            var w = restByLength[length];
            if (w > 0 && (frontWtf.Count == 0 || w > frontWtf[^1]))
            {
                frontLength.Add(length);
                frontWtf.Add(w);
            }
        }

        return new TermTier { Docs = tierDocs, Wtf = tierWtf, RestLength = [.. frontLength], RestWtf = [.. frontWtf] };
    }
}

/// <summary>
/// Conjunctions of long lists through their top tiers: every quote in a tier is bounded with the frequencies its tiers
/// give (and the rest's front for the lists whose tier it is not in; none of them no longer than the quote = not a
/// match) and checked best bound first; quotes in no tier are bounded together by the fronts of the rests. Only when that
/// bound still reaches the k-th score is the whole conjunction walked (skipping the quotes already seen).
/// </summary>
internal sealed partial class PostingsIndex
{
    /// <summary>A conjunction goes through tiers only when every list of it in the segment has at least this many postings.</summary>
    internal int TierMinimumPostings { get; set; } = 8192;

    /// <summary>A tier holds about this fraction (1 / n) of its list.</summary>
    internal int TierDivisor { get; set; } = 8;

    /// <summary>
    /// Tiers built so far, shared by every connection of one store to one index (a store hands the same cache to each
    /// connection's index until the index is emptied; segments are never changed and their ids never reused).
    /// </summary>
    internal TierCache Tiers { get; set; } = new();

    /// <summary>Conjunctions that ended in their tiers / that had to walk the lists after them (for tests and reports).</summary>
    internal int TierSearches { get; private set; }

    internal int TierFallbacks { get; private set; }

    private TermTier TierOf(SegmentView view, PostingCursor cursor, double averageLength, SearchStats stats)
    {
        var term = cursor.Term;
        if (Tiers.Get(term.Segment, term.Id) is { } tier)
        {
            return tier;
        }

        var reader = RentCursor(term);
        var docs = new int[term.Count];
        var wtf = new int[term.Count];
        var n = 0;
        for (var b = 0; b < term.Blocks; b++)
        {
            reader.StartBlock(b);
            for (var i = 0; i < reader.BlockCount; i++)
            {
                (docs[n], wtf[n]) = reader.At(i);
                n++;
            }
        }

        stats.BlocksDecoded += reader.BlocksDecoded;
        stats.ChunksRead += reader.ChunksRead;
        stats.TiersBuilt++;
        tier = TermTier.Choose(docs.AsSpan(0, n), wtf.AsSpan(0, n), view.Lengths, averageLength, Math.Max(1, term.Count / TierDivisor));
        Tiers.Put(term.Segment, term.Id, tier);
        return tier;
    }

    /// <summary>Whether a conjunction over these lists goes through their tiers (see <see cref="TierConjunction"/>).</summary>
    private bool _committedSnapshot;

    private bool UsesTiers(List<Clause> clauses, PostingCursor[] all, DocCursor? filter) =>
        _committedSnapshot && filter is null && all.Length >= 2 && all.Length <= TierMaximumLists && clauses.All(c => c.Tokens.Length == 1 || TierPhrases)
        && all.All(c => c.Term.Count >= TierMinimumPostings);

    /// <summary>
    /// Conjunctions of more lists than this walk them as before: the more lists, the fewer quotes hold them all and the
    /// lower the k-th score, so the tiers rarely settle them (measured in docs/benchmarks.md, session 14).
    /// </summary>
    internal int TierMaximumLists { get; set; } = 2;

    /// <summary>Whether queries with a phrase go through tiers too (off by default: a phrase's candidates are rarely in both tiers).</summary>
    internal bool TierPhrases { get; set; }

    private readonly List<int> _tierSeen = [];

    private void TierConjunction(SegmentView view, List<Clause> clauses, PostingCursor[] all, double averageLength, TopK top, SearchStats stats)
    {
        var tiers = new TermTier[all.Length];
        for (var t = 0; t < all.Length; t++)
        {
            tiers[t] = TierOf(view, all[t], averageLength, stats);
        }

        var hasPhrase = clauses.Any(c => c.Tokens.Length > 1);
        var slot = clauses.Select(c => c.Tokens.Select(x => Array.IndexOf(all, x)).ToArray()).ToArray();
        var at = new int[all.Length];
        var known = new int[all.Length];
        _pendingDocs.Clear();
        _pendingBounds.Clear();
        _tierSeen.Clear();
        while (true)
        {
            var doc = DocCursor.End;
            for (var t = 0; t < tiers.Length; t++)
            {
                if (at[t] < tiers[t].Count)
                {
                    doc = Math.Min(doc, tiers[t].Docs[at[t]]);
                }
            }

            if (doc == DocCursor.End)
            {
                break;
            }

            for (var t = 0; t < tiers.Length; t++)
            {
                known[t] = at[t] < tiers[t].Count && tiers[t].Docs[at[t]] == doc ? tiers[t].Wtf[at[t]++] : 0;
            }

            _tierSeen.Add(doc);
            if (view.IsDead(doc))
            {
                continue;
            }

            if (!hasPhrase && Array.IndexOf(known, 0) < 0)
            {
                // In every tier: its frequencies are all known, so it is scored at once (and raises the k-th score).
                var score = 0.0;
                var exactNorm = Bm25.Norm(view.Lengths[doc], averageLength);
                for (var ci = 0; ci < clauses.Count; ci++)
                {
                    score += Bm25.Term(clauses[ci].Idf, known[slot[ci][0]], exactNorm);
                }

                stats.Candidates++;
                stats.Scored++;
                top.Offer(new Hit(view.QuoteIds[doc], score));
                continue;
            }

            int length = view.Lengths[doc];
            var norm = Bm25.Norm(length, averageLength);
            var bound = 0.0;
            var possible = true;
            for (var ci = 0; ci < clauses.Count && possible; ci++)
            {
                var f = int.MaxValue;
                foreach (var t in slot[ci])
                {
                    f = Math.Min(f, known[t] > 0 ? known[t] : tiers[t].RestWtfAt(length));
                }

                possible = f > 0;
                bound += Bm25.Term(clauses[ci].Idf, f, norm);
            }

            if (possible && (!top.Full || bound * Slack >= top.Threshold))
            {
                stats.Candidates++;
                _pendingDocs.Add(doc);
                _pendingBounds.Add(bound);
            }
        }

        CheckPhrases(view, clauses, all, averageLength, top, stats);

        // Every quote left holds each list's token outside its tier: bounded by the rests' fronts, at each length where one steps.
        if (top.Full && RestBound(tiers, slot, clauses, averageLength) * Slack < top.Threshold)
        {
            TierSearches++;
            return;
        }

        TierFallbacks++;
        stats.TierFallbacks++;
        foreach (var c in all)
        {
            c.Reset(c.Term);
        }

        var seen = _tierSeen.ToArray();
        Conjunction(view, clauses, all, null, int.MaxValue, averageLength, top, stats, seen);
    }

    private static double RestBound(TermTier[] tiers, int[][] slot, List<Clause> clauses, double averageLength)
    {
        var best = 0.0;
        foreach (var tier in tiers)
        {
            foreach (var length in tier.RestLength)
            {
                var norm = Bm25.Norm(length, averageLength);
                var sum = 0.0;
                foreach (var (c, ci) in clauses.Select((c, i) => (c, i)))
                {
                    var f = int.MaxValue;
                    foreach (var t in slot[ci])
                    {
                        f = Math.Min(f, tiers[t].RestWtfAt(length));
                    }

                    if (f == 0)
                    {
                        sum = 0;
                        break;
                    }

                    sum += Bm25.Term(c.Idf, f, norm);
                }

                best = Math.Max(best, sum);
            }
        }

        return best;
    }
}

/// <summary>Tiers by segment and term id, at most <see cref="Budget"/> postings in all (dropped all at once past it); thread-safe.</summary>
internal sealed class TierCache
{
    /// <summary>Tier postings kept (8 bytes each).</summary>
    public const int Budget = 1 << 21;

    private readonly Dictionary<(int Segment, int Term), TermTier> _tiers = [];
    private int _postings;

    /// <summary>The presence maps of common words, kept and shared the same way (see <see cref="PresenceMaps"/>).</summary>
    public PresenceMaps Presence { get; } = new();

    public TermTier? Get(int segment, int term)
    {
        lock (_tiers)
        {
            return _tiers.GetValueOrDefault((segment, term));
        }
    }

    public void Put(int segment, int term, TermTier tier)
    {
        lock (_tiers)
        {
            if (_postings + tier.Count > Budget)
            {
                _tiers.Clear();
                _postings = 0;
            }

            if (_tiers.TryAdd((segment, term), tier))
            {
                _postings += tier.Count;
            }
        }
    }

    /// <summary>Drops the tiers of segments no longer in the index (merged away).</summary>
    public void Keep(List<SegmentInfo> segments)
    {
        Presence.Keep(segments);
        lock (_tiers)
        {
            foreach (var stale in _tiers.Keys.Where(k => !segments.Exists(s => s.Id == k.Segment)).ToList())
            {
                _postings -= _tiers[stale].Count;
                _tiers.Remove(stale);
            }
        }
    }
}
