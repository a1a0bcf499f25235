using System.Runtime.CompilerServices;
using SQLitePCL;

namespace QuoteBot.Storage.Sqlite.Postings;

/// <summary>Counters of one search (for reports).</summary>
internal sealed class SearchStats
{
    public int Segments { get; set; }
    public int Candidates { get; set; }
    public int Scored { get; set; }
    public int BlocksDecoded { get; set; }

    public long PostingsDecoded { get; set; }

    public int ChunksRead { get; set; }


    public int PositionChunksRead { get; set; }

    public long PositionBytesRead { get; set; }

    /// <summary>Tiers built (lists read whole) and conjunctions whose tiers did not settle them (see PostingsIndex.TierConjunction).</summary>
    public int TiersBuilt { get; set; }

    public int TierFallbacks { get; set; }

    /// <summary>The query's tokens with their document frequencies over live quotes, in query order (for reports).</summary>
    public List<(string Token, long Df)> Frequencies { get; } = [];

    /// <summary>Postings of a conjunction's lead list passed over by its own bound without a follower moving (for reports).</summary>
    public int LeadSkipped { get; set; }

    /// <summary>Quotes dropped by a follower's real frequency before the next follower moved (for reports).</summary>
    public int FollowersSpared { get; set; }

    /// <summary>Quotes of a conjunction's lead the followers were moved to (for reports).</summary>
    public int FollowerChecks { get; set; }

    /// <summary>Ranges a conjunction passed over by the block bounds of every list before decoding any (for reports).</summary>
    public int RangesSkipped { get; set; }

    /// <summary>
    /// Phrase candidates looked up in every list (<c>checked</c>), those whose positions were read, and those whose
    /// bound reaches their segment's final k-th score (<c>needed</c>: what a check in best-bound order would look up
    /// once the top k is full; for reports).
    /// </summary>
    public int PhraseChecks { get; set; }

    public int PhrasePositionReads { get; set; }

    public int PhraseNeeded { get; set; }

    /// <summary>Phrase candidates dropped by a common word's presence map, and the maps read as stored or built from postings (for reports).</summary>
    public int PhraseAbsent { get; set; }

    public int PresenceMapsRead { get; set; }

    public int PresenceMapsBuilt { get; set; }

    /// <summary>The counters of the last search made on this thread (the bench lists them for its slowest queries).</summary>
    [ThreadStatic]
    private static SearchStats? _last;

    public static SearchStats? LastOnThisThread
    {
        get => _last;
        internal set => _last = value;
    }

    public override string ToString() =>
        (Frequencies.Count > 0 ? "df " + string.Join(" ", Frequencies.Select(f => $"{f.Token}={f.Df:N0}")) + "; " : "") +
        $"segments {Segments}, candidates {Candidates:N0}, scored {Scored:N0}, blocks {BlocksDecoded:N0} ({PostingsDecoded:N0} postings), chunks {ChunksRead:N0}, " +
        $"position chunks {PositionChunksRead:N0} ({PositionBytesRead / 1024.0:F0} KiB), lead skipped {LeadSkipped:N0}, followers spared {FollowersSpared:N0}, ranges skipped {RangesSkipped:N0}, follower checks {FollowerChecks:N0}" +
        (TiersBuilt + TierFallbacks > 0 ? $", tiers built {TiersBuilt}, walked after tiers {TierFallbacks}" : "") +
        (PhraseChecks > 0 ? $", phrase checked {PhraseChecks:N0} (positions {PhrasePositionReads:N0}, needed {PhraseNeeded:N0})" : "") +
        (PhraseAbsent + PresenceMapsRead + PresenceMapsBuilt > 0 ? $", absent by presence maps {PhraseAbsent:N0}, maps read {PresenceMapsRead}, built {PresenceMapsBuilt}" : "");
}

/// <summary>
/// Exact top-k BM25 over every segment and the tail, with the store's formula and statistics over live quotes
/// (<c>px_df</c>, <c>px_meta</c>): the query's clauses are ANDed (every token of every clause and the speaker filter
/// must be present; phrases then checked on positions; phrase IDF = the sum of its tokens' IDFs); ties newest first.
/// In a segment, ordinals are visited in increasing order led by the rarest list, and a range is skipped whenever the
/// sum over clauses of IDF × block bound (a phrase: its tokens' smallest) is strictly below the k-th score found so
/// far (block-max WAND for conjunctions); a one-word query scores its best blocks first, then only blocks that can
/// still reach the k-th score. Deleted quotes are skipped. The threshold carries over from segment to segment.
/// The methods a search spends its time in are compiled optimized at their first call (AggressiveOptimization, here and
/// in the cursors): those only some query kinds use (phrases) otherwise ran unoptimized code for hundreds of searches
/// (docs/benchmarks.md, session 17).
/// </summary>
internal sealed partial class PostingsIndex
{
    /// <summary>Bounds and scores are sums of rounded products; this keeps a bound above the score it bounds.</summary>
    private const double Slack = BoundSlack;

    /// <summary><see cref="Slack"/>, for the cursors' own pruning passes.</summary>
    internal const double BoundSlack = 1 + 1e-9;

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
        SearchStats.LastOnThisThread = stats;
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
            // Tiers are kept between searches and shared: only built from committed segments (a segment written in an
            // open transaction that rolls back leaves its id to the next one).
            _committedSnapshot = own;
            // Presence maps are shared too: built and used in a snapshot of committed state only (a reader's own
            // transaction is one).
            _sharesPresence = own || (OnReaderConnection && CurrentTransaction is null && !_inOpenTransaction);
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
                stats.Frequencies.Add((t, df));
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
        var segments = Segments();
        ForgetTermsOfDroppedSegments(segments);
        Tiers.Keep(segments);
        foreach (var info in segments.Where(s => s.Live > 0).OrderByDescending(s => s.Live))
        {
            stats.Segments++;
            SearchSegment(View(info), specs, speakers, averageLength, top, stats);
        }

        SearchTail(specs, speakers, averageLength, top, stats);
        return top.ToList();
    }

    /// <summary>Terms with at least this many blocks keep their decoded skip entries between searches.</summary>
    internal const int CachedTermBlocks = 32;

    /// <summary>At most this many blocks of skip entries are kept (about 40 bytes each).</summary>
    internal const int CachedBlocksBudget = 1 << 17;

    private readonly Dictionary<(int Segment, string Term), TermInfo> _termCache = [];
    private int _cachedBlocks;

    /// <summary>
    /// <see cref="Term"/>, with the skip entries of long lists kept: a common word's dictionary row is tens of
    /// kilobytes to decode at every search, and a segment's rows never change (segment ids are not reused).
    /// </summary>
    private TermInfo? CachedTerm(int segment, string term)
    {
        if (_termCache.TryGetValue((segment, term), out var cached))
        {
            return cached;
        }

        var info = Term(segment, term);
        if (info is { Blocks: >= CachedTermBlocks })
        {
            if (_cachedBlocks + info.Blocks > CachedBlocksBudget)
            {
                _termCache.Clear();
                _cachedBlocks = 0;
            }

            _termCache[(segment, term)] = info;
            _cachedBlocks += info.Blocks;
        }

        return info;
    }

    private void ForgetTermsOfDroppedSegments(List<SegmentInfo> segments)
    {
        foreach (var key in _termCache.Keys)
        {
            if (!segments.Exists(s => s.Id == key.Segment))
            {
                foreach (var stale in _termCache.Keys.Where(k => !segments.Exists(s => s.Id == k.Segment)).ToList())
                {
                    _cachedBlocks -= _termCache[stale].Blocks;
                    _termCache.Remove(stale);
                }

                return;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void SearchSegment(SegmentView view, List<ClauseSpec> specs, List<int>? speakers, double averageLength, TopK top, SearchStats stats)
    {
        var cursors = new Dictionary<string, PostingCursor>(StringComparer.Ordinal);
        PostingCursor? Open(string term)
        {
            if (!cursors.TryGetValue(term, out var c) && CachedTerm(view.Id, term) is { } info)
            {
                cursors[term] = c = RentCursor(info);
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
                    filter = RentCursor(lists[0]);
                    filterCount = lists[0].Count;
                }
                else
                {
                    var union = new List<int>();
                    foreach (var info in lists)
                    {
                        var c = RentCursor(info);
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
            else if (UsesTiers(clauses, [.. cursors.Values], filter))
            {
                TierConjunction(view, clauses, [.. cursors.Values], averageLength, top, stats);
            }
            else
            {
                Conjunction(view, clauses, [.. cursors.Values], filter, filterCount, averageLength, top, stats);
            }
        }
        finally
        {
            foreach (var c in cursors.Values)
            {
                stats.BlocksDecoded += c.BlocksDecoded;
                stats.PostingsDecoded += c.PostingsDecoded;
                stats.ChunksRead += c.ChunksRead;
                stats.PositionChunksRead += c.PositionChunksRead;
                stats.PositionBytesRead += c.PositionBytesRead;
            }

            ReturnCursors();
        }
    }

    /// <summary>Cursors kept between searches with their buffers (a search otherwise allocates them afresh, per term and segment).</summary>
    private readonly Stack<PostingCursor> _spareCursors = new();
    private readonly List<PostingCursor> _rentedCursors = [];

    /// <summary>At most this many spare cursors are kept.</summary>
    private const int SpareCursors = 64;

    /// <summary>A cursor on <paramref name="term"/>, reused when one is spare; given back by <see cref="ReturnCursors"/>.</summary>
    private PostingCursor RentCursor(TermInfo term)
    {
        PostingCursor c;
        if (_spareCursors.TryPop(out var spare))
        {
            spare.Reuse(term);
            c = spare;
        }
        else
        {
            c = new PostingCursor(this, term);
        }

        _rentedCursors.Add(c);
        return c;
    }

    /// <summary>Gives back every cursor rented since the last call (at the end of a segment's search).</summary>
    private void ReturnCursors()
    {
        foreach (var c in _rentedCursors)
        {
            if (_spareCursors.Count < SpareCursors)
            {
                _spareCursors.Push(c);
            }
        }

        _rentedCursors.Clear();
    }

    /// <summary>Empties the kept dictionary rows (after a rollback: a segment id is taken again).</summary>
    private void ForgetKeptTerms()
    {
        _termCache.Clear();
        _cachedBlocks = 0;
    }

    /// <summary>One word: its best blocks first (by bound), then every block whose bound can still reach the k-th score.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Conjunction(SegmentView view, List<Clause> clauses, PostingCursor[] all, DocCursor? filter, int filterCount, double averageLength, TopK top, SearchStats stats, int[]? seen = null)
    {
        // Lead with the rarest list; the others (and the filter) follow it.
        var ordered = all.OrderBy(c => c.Term.Count).ToArray();
        DocCursor lead = filter is not null && filterCount < ordered[0].Term.Count ? filter : ordered[0];
        var hasPhrase = clauses.Any(c => c.Tokens.Length > 1);

        // With a phrase, every candidate waits for its positions to be read in bound order (CheckPhrases); a list much
        // longer than the lead's is then not walked here at all: candidates are looked up in it only when read.
        var leadCount = lead is PostingCursor lp ? lp.Term.Count : filterCount;
        var followers = new List<DocCursor>();
        var deferred = new List<PostingCursor>();
        foreach (var c in ordered.Where(c => c != lead))
        {
            if (hasPhrase && (long)c.Term.Count > (long)DeferRatio * leadCount)
            {
                deferred.Add(c);
            }
            else
            {
                followers.Add(c);
            }
        }

        if (filter is not null && filter != lead)
        {
            followers.Add(filter);
        }

        // The clause holding the lead's token: its frequency in a quote is at most the lead's (a phrase's too), so the
        // lead's own posting bounds that clause before any follower moves.
        var leadClause = lead is PostingCursor lc ? clauses.FindIndex(c => Array.IndexOf(c.Tokens, lc) >= 0) : -1;
        var leadCursor = leadClause >= 0 ? (PostingCursor)lead : null;
        var clauseBounds = new double[clauses.Count];

        // Without a phrase, a follower that is a one-word clause refines the quote's own bound with its real frequency
        // as soon as it is aligned, so the next (longer) lists move only for quotes that can still enter.
        var ownParts = new double[clauses.Count];
        var followerClause = followers.Select(f => hasPhrase || f is not PostingCursor pc ? -1 : clauses.FindIndex(c => c.Tokens is [var only] && only == pc)).ToArray();
        var ownBound = double.NaN;
        _pendingDocs.Clear();
        _pendingBounds.Clear();
        var seenAt = 0;
        var bound = 0.0;
        var upto = -1;
        var doc = lead.Advance(0);
        while (doc != DocCursor.End)
        {
            if (seen is not null)
            {
                // Quotes already checked through the tiers (scored, or bounded below the k-th score, which only rises).
                while (seenAt < seen.Length && seen[seenAt] < doc)
                {
                    seenAt++;
                }

                if (seenAt < seen.Length && seen[seenAt] == doc)
                {
                    doc = lead.Next();
                    continue;
                }
            }

            if (top.Full)
            {
                // The bound holds up to the first end of a block among the scoring lists: it is worked out again only
                // past that ordinal (every list's block is the same until then, the followers' length fronts too).
                if (doc > upto)
                {
                    bound = WindowBound(clauses, doc, averageLength, clauseBounds, out upto);
                }

                if (bound * Slack < top.Threshold)
                {
                    doc = lead.Advance(NextWithinBound(clauses, upto, averageLength, top.Threshold, stats));
                    continue;
                }

                // This quote's own bound, at its length: the lead's own frequency for the lead's list (first alone, as
                // it is cheap and prunes most), then for every other list the highest frequency its block holds at
                // that length (not the block's best quote).
                var length = view.Lengths[doc];
                var ownNorm = Bm25.Norm(length, averageLength);
                if (leadCursor is not null)
                {
                    var rest = bound - clauseBounds[leadClause];
                    var leadOwn = clauses[leadClause].Idf * Bm25.Part(leadCursor.Wtf, ownNorm);
                    if ((rest + Math.Min(leadOwn, clauseBounds[leadClause])) * Slack < top.Threshold)
                    {
                        // The same test for the lead's next postings up to the first block end (where the other bounds
                        // change), in one tight pass over the decoded block: most postings of a common lead stop here.
                        var before = leadCursor.Index;
                        doc = leadCursor.NextPassing(upto, view.Lengths, averageLength, clauses[leadClause].Idf, rest, clauseBounds[leadClause], top.Threshold);
                        stats.LeadSkipped += leadCursor.Index - before;
                        if (doc == DocCursor.End)
                        {
                            doc = lead.Advance(NextWithinBound(clauses, upto, averageLength, top.Threshold, stats));
                        }

                        continue;
                    }
                }

                var own = 0.0;
                for (var ci = 0; ci < clauses.Count; ci++)
                {
                    var m = double.MaxValue;
                    foreach (var t in clauses[ci].Tokens)
                    {
                        m = Math.Min(m, ReferenceEquals(t, leadCursor) ? Bm25.Part(t.Wtf, ownNorm) : t.LengthBound(length, ownNorm));
                    }

                    ownParts[ci] = Math.Min(clauses[ci].Idf * m, clauseBounds[ci]);
                    own += ownParts[ci];
                }

                if (own * Slack < top.Threshold)
                {
                    doc = lead.Next();
                    continue;
                }

                ownBound = own;
            }
            else
            {
                ownBound = double.NaN;
            }

            if (view.IsDead(doc))
            {
                doc = lead.Next();
                continue;
            }

            stats.FollowerChecks++;
            var aligned = true;
            for (var fi = 0; fi < followers.Count; fi++)
            {
                var f = followers[fi];
                var d = f.Advance(doc);
                if (d != doc)
                {
                    doc = d == DocCursor.End ? DocCursor.End : lead.Advance(d);
                    aligned = false;
                    break;
                }

                var ci = followerClause[fi];
                if (ci >= 0 && !double.IsNaN(ownBound) && fi < followers.Count - 1)
                {
                    var real = clauses[ci].Idf * Bm25.Part(((PostingCursor)f).Wtf, Bm25.Norm(view.Lengths[doc], averageLength));
                    ownBound += Math.Min(real, ownParts[ci]) - ownParts[ci];
                    if (ownBound * Slack < top.Threshold)
                    {
                        stats.FollowersSpared++;
                        doc = lead.Next();
                        aligned = false;
                        break;
                    }
                }
            }

            if (!aligned)
            {
                continue;
            }

            stats.Candidates++;
            var norm = Bm25.Norm(view.Lengths[doc], averageLength);
            if (hasPhrase)
            {
                // A phrase's weighted frequency is at most each of its tokens': bound the quote before reading positions,
                // and read them later, best bound first, only while the bound can still enter the top k.
                var upper = 0.0;
                foreach (var c in clauses)
                {
                    var f = int.MaxValue;
                    foreach (var t in c.Tokens)
                    {
                        if (!deferred.Contains(t))
                        {
                            f = Math.Min(f, t.Wtf);
                        }
                    }

                    upper += f == int.MaxValue ? c.Idf * Bm25.Part(int.MaxValue, norm) : Bm25.Term(c.Idf, f, norm);
                }

                if (!top.Full || upper * Slack >= top.Threshold)
                {
                    _pendingDocs.Add(doc);
                    _pendingBounds.Add(upper);
                }

                doc = lead.Next();
                continue;
            }

            var score = 0.0;
            foreach (var c in clauses)
            {
                score += Bm25.Term(c.Idf, c.Tokens[0].Wtf, norm);
            }

            stats.Scored++;
            top.Offer(new Hit(view.QuoteIds[doc], score));
            doc = lead.Next();
        }

        if (hasPhrase)
        {
            CheckPhrases(view, clauses, all, averageLength, top, stats, deferred);
        }
    }

    /// <summary>
    /// The first ordinal after <paramref name="last"/> where the clauses' block bounds can reach
    /// <paramref name="threshold"/>, found from the skip entries alone (<see cref="DocCursor.End"/> when none): ranges
    /// whose summed bounds fall short are passed over without decoding a block of any list, the lead's included.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int NextWithinBound(List<Clause> clauses, int last, double averageLength, double threshold, SearchStats stats)
    {
        while (last != DocCursor.End)
        {
            var target = last + 1;
            var bound = WindowBound(clauses, target, averageLength, [], out last);

            if (!(bound * Slack < threshold))
            {
                return target;
            }

            stats.RangesSkipped++;
        }

        return DocCursor.End;
    }

    /// <summary>
    /// The summed block bounds of <paramref name="clauses"/> at <paramref name="doc"/> (each clause its tightest token's
    /// bound times its idf, written to <paramref name="clauseBounds"/> when it is not empty), and in
    /// <paramref name="upto"/> the first block end among them: the bound holds for every ordinal up to it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double WindowBound(List<Clause> clauses, int doc, double averageLength, Span<double> clauseBounds, out int upto)
    {
        var bound = 0.0;
        upto = DocCursor.End;
        for (var ci = 0; ci < clauses.Count; ci++)
        {
            var c = clauses[ci];
            var m = double.MaxValue;
            foreach (var t in c.Tokens)
            {
                m = Math.Min(m, t.ShallowBound(doc, averageLength, out var last));
                upto = Math.Min(upto, last);
            }

            var clauseBound = c.Idf * m;
            if (!clauseBounds.IsEmpty)
            {
                clauseBounds[ci] = clauseBound;
            }

            bound += clauseBound;
        }

        return bound;
    }

    private readonly List<int> _pendingDocs = [];
    private readonly List<double> _pendingBounds = [];

    /// <summary>Lists this many times longer than the lead's are not walked for a phrase query (see <see cref="Conjunction"/>).</summary>
    internal const int DeferRatio = 8;

    private readonly PriorityQueue<int, double> _pending = new();
    private readonly List<(int Doc, double Bound)> _batch = [];

    /// <summary>
    /// The candidates of a query with a phrase, in decreasing order of their bound: each is looked up in the lists
    /// not walked yet, bounded again with every token's frequency, and its positions are read, only while its bound
    /// can still reach the k-th score. They are taken in growing batches, each visited in increasing ordinal so the
    /// cursors read each chunk once per batch. A <paramref name="deferred"/> list with a presence map
    /// (<see cref="PresenceMaps"/>) is not looked up: candidates it lacks are dropped first, and the others' positions
    /// (and so their frequency) are read from its positions row alone.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void CheckPhrases(SegmentView view, List<Clause> clauses, PostingCursor[] all, double averageLength, TopK top, SearchStats stats, List<PostingCursor>? deferred = null)
    {
        var n = _pendingDocs.Count;
        if (n == 0)
        {
            return;
        }

        var maps = new PresenceMap?[all.Length];
        var mapped = false;
        for (var i = 0; deferred is not null && i < all.Length; i++)
        {
            if (deferred.Contains(all[i]) && PresenceOf(view, all[i], stats) is { } map)
            {
                maps[i] = map;
                mapped = true;
            }
        }

        if (mapped)
        {
            // Candidates a common word of the phrase is absent from are dropped without reading a row.
            var kept = 0;
            for (var j = 0; j < n; j++)
            {
                var doc = _pendingDocs[j];
                var present = true;
                for (var i = 0; i < maps.Length && present; i++)
                {
                    present = maps[i] is not { } map || map.Has(doc);
                }

                if (present)
                {
                    _pendingDocs[kept] = doc;
                    _pendingBounds[kept++] = _pendingBounds[j];
                }
            }

            stats.PhraseAbsent += n - kept;
            _pendingDocs.RemoveRange(kept, n - kept);
            _pendingBounds.RemoveRange(kept, n - kept);
            n = kept;
        }

        var slot = new int[clauses.Count][];
        for (var ci = 0; ci < clauses.Count; ci++)
        {
            slot[ci] = Array.ConvertAll(clauses[ci].Tokens, t => Array.IndexOf(all, t));
        }

        while (_slotPositions.Count < all.Length)
        {
            _slotPositions.Add([]);
        }

        var wtf = new int[all.Length];
        _pending.Clear();
        _pending.EnsureCapacity(n);
        _pending.EnqueueRange(_pendingDocs.Select((d, i) => (d, -_pendingBounds[i])));
        var batch = 16;
        while (_pending.TryPeek(out _, out var best) && !(top.Full && -best * Slack < top.Threshold))
        {
            // Until the top k is full, growing batches of the best bounds; then, in one sweep, every candidate whose
            // bound reaches the k-th score (it only rises, so what is left after the sweep cannot enter).
            _batch.Clear();
            var full = top.Full;
            while ((full || _batch.Count < batch) && _pending.TryPeek(out var d, out var b) && !(full && -b * Slack < top.Threshold))
            {
                _pending.Dequeue();
                _batch.Add((d, -b));
            }

            _batch.Sort((x, y) => x.Doc.CompareTo(y.Doc));
            foreach (var (doc, bound) in _batch)
            {
                if (top.Full && bound * Slack < top.Threshold)
                {
                    continue;
                }

                stats.PhraseChecks++;
                var present = true;
                for (var i = 0; i < all.Length && present; i++)
                {
                    if (maps[i] is null)
                    {
                        present = all[i].Seek(doc) == doc;
                        wtf[i] = present ? all[i].Wtf : 0;
                    }
                }

                if (!present)
                {
                    continue;
                }

                var norm = Bm25.Norm(view.Lengths[doc], averageLength);
                if (top.Full && mapped && PhraseBound(clauses, slot, wtf, maps, norm) * Slack < top.Threshold)
                {
                    continue; // on the frequencies of the lists looked up (those with maps are not known yet)
                }

                for (var i = 0; mapped && i < all.Length; i++)
                {
                    if (maps[i] is { } map)
                    {
                        wtf[i] = all[i].PositionsOfPresent(doc, map, _slotPositions[i]);
                    }
                }

                if (top.Full && PhraseBound(clauses, slot, wtf, null, norm) * Slack < top.Threshold)
                {
                    continue;
                }

                stats.PhrasePositionReads++;
                var score = 0.0;
                var match = true;
                for (var ci = 0; ci < clauses.Count; ci++)
                {
                    var s = slot[ci];
                    int f;
                    if (s.Length == 1)
                    {
                        f = wtf[s[0]];
                    }
                    else
                    {
                        _phraseArgs.Clear();
                        foreach (var i in s)
                        {
                            if (maps[i] is null)
                            {
                                all[i].Positions(_slotPositions[i]);
                            }

                            _phraseArgs.Add(_slotPositions[i]);
                        }

                        f = PhraseFrequency(_phraseArgs, s.Length, _posA);
                    }

                    if (f == 0)
                    {
                        match = false;
                        break;
                    }

                    score += Bm25.Term(clauses[ci].Idf, f, norm);
                }

                if (match)
                {
                    stats.Scored++;
                    top.Offer(new Hit(view.QuoteIds[doc], score));
                }
            }

            batch *= BatchGrowth;
        }

        foreach (var b in _pendingBounds)
        {
            stats.PhraseNeeded += !top.Full || !(b * Slack < top.Threshold) ? 1 : 0;
        }
    }

    /// <summary>
    /// A checked candidate's bound: each clause at the lowest frequency of its tokens (in <paramref name="wtf"/> by
    /// their place in the lists; tokens whose <paramref name="unknown"/> map is set are left out, and a clause with no
    /// known token is bounded by the tf part's limit).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double PhraseBound(List<Clause> clauses, int[][] slot, int[] wtf, PresenceMap?[]? unknown, double norm)
    {
        var upper = 0.0;
        for (var ci = 0; ci < clauses.Count; ci++)
        {
            var f = int.MaxValue;
            foreach (var i in slot[ci])
            {
                if (unknown?[i] is null)
                {
                    f = Math.Min(f, wtf[i]);
                }
            }

            upper += f == int.MaxValue ? clauses[ci].Idf * Bm25.Part(int.MaxValue, norm) : Bm25.Term(clauses[ci].Idf, f, norm);
        }

        return upper;
    }

    /// <summary>Each list's positions in the candidate being checked (by its place in the segment's lists), and a phrase's of them.</summary>
    private readonly List<List<int>> _slotPositions = [];
    private readonly List<List<int>> _phraseArgs = [];

    /// <summary>How much each batch of phrase candidates grows over the one before while the top k is not full.</summary>
    internal const int BatchGrowth = 4;

    /// <summary>Weighted hits of a phrase given each token's positions in one quote (every start, weighted by its column).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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
