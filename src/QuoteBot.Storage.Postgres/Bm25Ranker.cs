using QuoteBot.Core.Search;

namespace QuoteBot.Storage.Postgres;

/// <summary>One stored block of a lexeme's postings (<see cref="Bm25Postings"/>), or one segment of it (schema 11's
/// skip table, <see cref="Bm25Postings.Segments"/>): its key, count, last id and score bounds as listed, and its
/// postings once read.</summary>
internal sealed class Bm25Block(long term, long low, int count, long last, byte[]? bounds, byte[]? skips = null)
{
    public long Term { get; } = term;

    /// <summary>The block (or segment) covers the ids from here to the next one's <see cref="Low"/>.</summary>
    public long Low { get; } = low;

    public int Count { get; } = count;

    public long Last { get; } = last;

    /// <summary>The block's (frequency, length) bounds (<see cref="Bm25Postings.Bounds"/>); null: not known, never skipped.</summary>
    public byte[]? Bounds { get; } = bounds;

    /// <summary>A segment's place in its stored block: the block's low key, the segment's bytes in the block's data and
    /// the id its first posting's gap counts from; null for a whole block.</summary>
    public (long BlockLow, int Offset, int Length, long Start)? Slice { get; private init; }

    public TermPostings? Postings { get; set; }

    private (int F, int Dl)[]? _pairs;

    /// <summary>The decoded <see cref="Bounds"/> (null when not known).</summary>
    public (int F, int Dl)[]? Pairs => _pairs ?? (Bounds is null ? null : _pairs = [.. Bm25Postings.ReadBounds(Bounds)]);

    private (double Idf, double Best) _best = (double.NaN, 0);

    /// <summary>The best term score of a lexeme of IDF <paramref name="idf"/> in the block: over its bounds, each
    /// scored at its own length (kept for the last IDF asked).</summary>
    public double Best(double idf, double averageLength)
    {
        if (_best.Idf == idf)
        {
            return _best.Best;
        }

        var best = double.NegativeInfinity;
        foreach (var (f, dl) in Pairs!)
        {
            best = Math.Max(best, Bm25Math.Term(idf, f, Bm25Math.Norm(dl, averageLength)));
        }

        _best = (idf, best);
        return best;
    }

    /// <summary>The block's skip table as listed (<see cref="Bm25Postings.Segments"/>; null: none).</summary>
    public byte[]? Skips { get; } = skips;

    /// <summary>The segments of listed blocks, from their skip tables (a block without one, or of one segment: itself).</summary>
    public static List<Bm25Block> Segmented(IReadOnlyList<Bm25Block> blocks)
    {
        var list = new List<Bm25Block>(blocks.Count * 16);
        foreach (var b in blocks)
        {
            var segments = b.Skips is null || b.Slice is not null ? [] : Bm25Postings.ReadSegments(b.Skips);
            if (segments.Count <= 1)
            {
                list.Add(b);
                continue;
            }

            long start = 0;
            for (var i = 0; i < segments.Count; i++)
            {
                var s = segments[i];
                list.Add(new Bm25Block(b.Term, i == 0 ? b.Low : s.First, s.Count, s.Last, null)
                {
                    Slice = (b.Low, s.Offset, s.Length, start),
                    _pairs = [.. s.Pairs],
                });
                start = s.Last;
            }
        }

        return list;
    }
}

/// <summary>
/// The exact top k of an AND of clauses by BM25 (<see cref="Bm25Math"/>) with block-max pruning. A clause is a word
/// (one lexeme) or a phrase (several lexemes, whose IDF is the sum of theirs). The ids are cut into ranges at every
/// block boundary of the query's lexemes; each range has an upper bound (per clause, the best term score the covering
/// block can give, from its bounds; for a phrase, the least of its lexemes' bests), and ranges are scored best bound
/// first, their blocks read in a few batches, until no range left can reach the k-th score. Within a range the
/// shortest block drives and the others are searched forward (galloping); excluded lexemes and an optional list of
/// allowed quote ids filter. A word's score comes from the postings; a phrase's frequency can only be at most its
/// rarest lexeme's, so a quote matching every lexeme of a phrase query is a candidate with that upper bound, and
/// candidates are scored exactly (their phrase hits counted by the caller) best bound first, until none left can
/// enter. The result is the top k over every match: equal scores go to the higher id (newest first).
/// </summary>
internal sealed class Bm25Ranker
{
    /// <summary>One positive clause: the indexes of its lexemes (one: a word; more: a phrase, in order) in the lexeme
    /// list given, and its IDF. Clauses are summed in the order given.</summary>
    public readonly record struct Clause(int[] Lexemes, double Idf);

    /// <summary>Exact scores of candidate quotes (those not matching every clause are left out).</summary>
    public delegate Task<Dictionary<long, double>> Verify(long[] docs);

    private sealed record Range(long Lo, long Hi, long MaxDoc, Bm25Block[] Blocks, Bm25Block?[] Excluded, double Bound);

    /// <summary>Ranges scored before the first and the second new reads; after those, every range that can still enter.</summary>
    private const int FirstBatch = 8, SecondBatch = 32;

    /// <summary>Candidates of a phrase query scored exactly per call of the verifier: first this many, then four times more each time.</summary>
    private const int FirstVerify = 16;

    private readonly List<Range> _ranges = [];
    private readonly IReadOnlyList<IReadOnlyList<Bm25Block>> _lexemes = [], _excluded = [];
    private readonly bool _driven;
    private readonly Clause[] _clauses;
    private readonly bool _phrases;
    private readonly long[]? _allowed;
    private readonly double _averageLength;

    public Bm25Ranker(IReadOnlyList<IReadOnlyList<Bm25Block>> lexemes, IReadOnlyList<Clause> clauses, IReadOnlyList<IReadOnlyList<Bm25Block>> excluded,
        long[]? allowed, double averageLength)
    {
        _clauses = [.. clauses];
        _phrases = clauses.Any(c => c.Lexemes.Length > 1);
        _allowed = allowed;
        _averageLength = averageLength;
        if (clauses.Count == 0 || lexemes.Count == 0)
        {
            return;
        }

        // Several words, the rarest with fewer postings than the others have blocks (segments): driven by it
        // (DrivenTopAsync), so only the others' segments that hold its quotes are read.
        var df = lexemes.Select(l => l.Sum(b => (long)b.Count)).ToArray();
        var rarest = Array.IndexOf(df, df.Min());
        _driven = !_phrases && lexemes.Count > 1 && df[rarest] < lexemes.Where((_, l) => l != rarest).Sum(l => (long)l.Count);
        if (_driven)
        {
            _lexemes = lexemes;
            _excluded = excluded;
            return;
        }

        var cuts = lexemes.SelectMany(l => l).Concat(excluded.SelectMany(e => e)).Select(b => b.Low).Distinct().Order().ToArray();
        var at = new int[lexemes.Count];
        var exAt = new int[excluded.Count];
        for (var j = 0; j < cuts.Length; j++)
        {
            var lo = cuts[j];
            var hi = j + 1 < cuts.Length ? cuts[j + 1] : long.MaxValue;
            var maxDoc = hi - 1;
            var blocks = new Bm25Block[lexemes.Count];
            var ok = true;
            for (var c = 0; c < lexemes.Count; c++)
            {
                var list = lexemes[c];
                while (at[c] + 1 < list.Count && list[at[c] + 1].Low <= lo)
                {
                    at[c]++;
                }

                var b = list[at[c]];
                if (b.Low > lo || b.Last < lo)
                {
                    ok = false; // the lexeme has no posting in this range
                    continue;
                }

                blocks[c] = b;
                maxDoc = Math.Min(maxDoc, b.Last);
            }

            if (!ok || (allowed is not null && !AllowedWithin(lo, maxDoc)))
            {
                continue; // a lexeme has no posting here, or no allowed quote (a speaker's) lies in the range
            }

            var bound = RangeBound(blocks);
            if (double.IsNegativeInfinity(bound))
            {
                continue; // no quote length is covered by every lexeme's bounds: no quote holds them all here
            }

            var ex = new Bm25Block?[excluded.Count];
            for (var e = 0; e < excluded.Count; e++)
            {
                var list = excluded[e];
                while (exAt[e] + 1 < list.Count && list[exAt[e] + 1].Low <= lo)
                {
                    exAt[e]++;
                }

                ex[e] = list.Count > 0 && list[exAt[e]].Low <= lo ? list[exAt[e]] : null;
            }

            _ranges.Add(new Range(lo, hi, maxDoc, blocks, ex, bound));
        }

        _ranges.Sort((x, y) => x.Bound != y.Bound ? y.Bound.CompareTo(x.Bound) : y.MaxDoc.CompareTo(x.MaxDoc));
    }

    /// <summary>Ranges of ids the query's blocks cut the index into, where every positive lexeme has postings.</summary>
    public int Ranges => _ranges.Count;

    /// <summary>
    /// The top <paramref name="k"/>, best first. <paramref name="read"/> is given the blocks not read yet that the next
    /// ranges need and must set their postings; blocks read stay read for a later call with a larger k.
    /// </summary>
    public async Task<List<(long Doc, double Score)>> TopAsync(int k, Func<IReadOnlyList<Bm25Block>, Task> read, Verify? verify = null)
    {
        var result = new List<(long, double)>();
        if (_clauses.Length == 0 || k <= 0)
        {
            return result;
        }

        if (_driven)
        {
            return await DrivenTopAsync(k, read);
        }

        if (_phrases && verify is null)
        {
            throw new ArgumentNullException(nameof(verify), "A phrase query needs its candidates verified.");
        }

        var heap = new PriorityQueue<long, (double Score, long Doc)>(k + 1, WorstFirst.Instance);
        // Phrase queries: candidates by upper bound, best first (the heap's order reversed).
        var candidates = new PriorityQueue<long, (double Score, long Doc)>(BestFirst.Instance);
        var next = 0;
        var verifySize = FirstVerify;
        for (var round = 0; ; )
        {
            var rangeOpen = next < _ranges.Count && CanEnter(heap, k, _ranges[next].Bound, _ranges[next].MaxDoc);
            var candidateOpen = candidates.TryPeek(out _, out var top) && CanEnter(heap, k, top.Score, top.Doc);
            if (!rangeOpen && !candidateOpen)
            {
                break;
            }

            if (candidateOpen && (!rangeOpen || top.Score > _ranges[next].Bound))
            {
                var docs = new List<long>();
                while (docs.Count < verifySize && candidates.TryPeek(out _, out var c) && CanEnter(heap, k, c.Score, c.Doc))
                {
                    docs.Add(candidates.Dequeue());
                }

                verifySize *= 4;
                foreach (var (doc, score) in await verify!([.. docs]))
                {
                    Offer(heap, k, doc, score);
                }

                continue;
            }

            var batch = new List<Range>();
            var size = round++ switch { 0 => FirstBatch, 1 => SecondBatch, _ => int.MaxValue };
            while (next < _ranges.Count && batch.Count < size)
            {
                if (!CanEnter(heap, k, _ranges[next].Bound, _ranges[next].MaxDoc) || (candidates.TryPeek(out _, out var c) && c.Score > _ranges[next].Bound))
                {
                    break; // ranges come best bound first: none after this one can enter before the candidates are scored
                }

                batch.Add(_ranges[next++]);
            }

            var unread = batch.SelectMany(r => r.Blocks.Concat(r.Excluded.OfType<Bm25Block>())).Where(b => b.Postings is null).Distinct().ToList();
            if (unread.Count > 0)
            {
                await read(unread);
            }

            foreach (var range in batch)
            {
                if (CanEnter(heap, k, range.Bound, range.MaxDoc))
                {
                    Score(range, heap, candidates, k);
                }
            }
        }

        while (heap.TryDequeue(out var doc, out var key))
        {
            result.Add((doc, key.Score));
        }

        result.Reverse();
        return result;
    }

    /// <summary>
    /// The top k of a conjunction of words driven by its rarest lexeme (within the allowed quotes, if any):
    /// the driver's blocks are read best bound first, where a block's bound is, over its (frequency, length) bounds,
    /// the driver's term plus each other lexeme's best term for a quote at least that long in the blocks overlapping it
    /// (a quote has one length in every lexeme's postings). Each driver posting (in the allowed quotes) becomes a candidate
    /// bounded by its exact driver term and the other lexemes' best terms at its length in the blocks covering it;
    /// the candidates that can still enter are scored, reading only the other lexemes' (and the excluded ones') blocks
    /// that cover them, until neither a candidate nor an unread driver block can enter.
    /// </summary>
    private async Task<List<(long Doc, double Score)>> DrivenTopAsync(int k, Func<IReadOnlyList<Bm25Block>, Task> read)
    {
        var n = _lexemes.Count;
        var driver = 0;
        var df = _lexemes.Select(l => l.Sum(b => (long)b.Count)).ToArray();
        for (var l = 1; l < n; l++)
        {
            if (df[l] < df[driver])
            {
                driver = l;
            }
        }

        var blocks = new List<(Bm25Block Block, double Bound)>();
        foreach (var b in _lexemes[driver])
        {
            if (_allowed is not null && !AllowedWithin(b.Low, b.Last))
            {
                continue;
            }

            var bound = DriverBlockBound(b, driver);
            if (!double.IsNegativeInfinity(bound))
            {
                blocks.Add((b, bound));
            }
        }

        blocks.Sort((x, y) => x.Bound != y.Bound ? y.Bound.CompareTo(x.Bound) : y.Block.Last.CompareTo(x.Block.Last));
        var heap = new PriorityQueue<long, (double Score, long Doc)>(k + 1, WorstFirst.Instance);
        var candidates = new PriorityQueue<(long Doc, int F, int Dl), (double Score, long Doc)>(BestFirst.Instance);
        var next = 0;
        var blockRound = 0;
        while (true)
        {
            var blockOpen = next < blocks.Count && CanEnter(heap, k, blocks[next].Bound, blocks[next].Block.Last);
            var candidateOpen = candidates.TryPeek(out _, out var best) && CanEnter(heap, k, best.Score, best.Doc);
            if (!blockOpen && !candidateOpen)
            {
                break;
            }

            if (blockOpen && (!candidateOpen || blocks[next].Bound >= best.Score))
            {
                // Read the next driver blocks and turn their postings into candidates.
                var size = blockRound++ switch { 0 => FirstBatch, 1 => SecondBatch, _ => int.MaxValue };
                var batch = new List<Bm25Block>();
                while (next < blocks.Count && batch.Count < size && CanEnter(heap, k, blocks[next].Bound, blocks[next].Block.Last))
                {
                    batch.Add(blocks[next++].Block);
                }

                var unread = batch.Where(b => b.Postings is null).ToList();
                if (unread.Count > 0)
                {
                    await read(unread);
                }

                foreach (var b in batch)
                {
                    var p = b.Postings!;
                    for (var i = 0; i < p.Count; i++)
                    {
                        var doc = p.Docs[i];
                        if (_allowed is not null && Array.BinarySearch(_allowed, doc) < 0)
                        {
                            continue;
                        }

                        var bound = DocBound(doc, p.Frequencies[i], p.Lengths[i], driver);
                        if (CanEnter(heap, k, bound, doc))
                        {
                            candidates.Enqueue((doc, p.Frequencies[i], p.Lengths[i]), (bound, doc));
                        }
                    }
                }

                continue;
            }

            // Score every candidate that can still enter, reading the blocks of the other lexemes that cover them (in
            // one statement: under load a round trip costs more than a few blocks).
            var taken = new List<(long Doc, int F, int Dl)>();
            while (candidates.TryPeek(out _, out var c) && CanEnter(heap, k, c.Score, c.Doc))
            {
                taken.Add(candidates.Dequeue());
            }

            var needed = new HashSet<Bm25Block>();
            foreach (var (doc, _, _) in taken)
            {
                for (var l = 0; l < n; l++)
                {
                    if (l != driver && Covering(_lexemes[l], doc) is { Postings: null } b)
                    {
                        needed.Add(b);
                    }
                }

                foreach (var e in _excluded)
                {
                    if (Covering(e, doc) is { Postings: null } b)
                    {
                        needed.Add(b);
                    }
                }
            }

            if (needed.Count > 0)
            {
                await read([.. needed]);
            }

            var frequencies = new int[n];
            foreach (var (doc, f, dl) in taken)
            {
                if (!Matches(doc, driver, f, frequencies))
                {
                    continue;
                }

                var norm = Bm25Math.Norm(dl, _averageLength);
                var score = 0.0;
                foreach (var clause in _clauses)
                {
                    score += Bm25Math.Term(clause.Idf, frequencies[clause.Lexemes[0]], norm);
                }

                Offer(heap, k, doc, score);
            }
        }

        var result = new List<(long, double)>(heap.Count);
        while (heap.TryDequeue(out var doc, out var key))
        {
            result.Add((doc, key.Score));
        }

        result.Reverse();
        return result;
    }

    /// <summary>Whether <paramref name="doc"/> has a posting in every lexeme (their frequencies into
    /// <paramref name="frequencies"/>) and in no excluded one; the blocks covering it are read.</summary>
    private bool Matches(long doc, int driver, int f, int[] frequencies)
    {
        for (var l = 0; l < _lexemes.Count; l++)
        {
            if (l == driver)
            {
                frequencies[l] = f;
                continue;
            }

            if (Covering(_lexemes[l], doc) is not { } b || b.Postings!.Find(doc) is not { } at)
            {
                return false;
            }

            frequencies[l] = b.Postings.Frequencies[at];
        }

        foreach (var e in _excluded)
        {
            if (Covering(e, doc) is { } b && b.Postings!.Find(doc) is not null)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The block of a lexeme whose id range holds <paramref name="doc"/> (the last with a low key at or below
    /// it), or null when none does or its postings end before it.</summary>
    private static Bm25Block? Covering(IReadOnlyList<Bm25Block> list, long doc)
    {
        int lo = 0, hi = list.Count - 1, found = -1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            if (list[mid].Low <= doc)
            {
                found = mid;
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return found >= 0 && list[found].Last >= doc ? list[found] : null;
    }

    /// <summary>
    /// The best score a quote of a range can have, over the blocks covering it: a quote has one length dl in every
    /// lexeme's postings, so per length the clauses' best terms at that length are summed (a lexeme's best at dl is
    /// the best of its bounds of length dl or shorter, scored at dl: <see cref="BestAt"/>; a phrase's, the least of its
    /// lexemes'), and the bound is the best over the lengths. Between two lengths of the bounds no bound becomes
    /// eligible and every term falls, so the lengths of the bounds are the only ones to try. Tighter than summing each
    /// block's best, which may come from quotes of different lengths; negative infinity when no length is covered by
    /// every lexeme (no quote holds them all), positive when a block's bounds are unknown.
    /// </summary>
    private double RangeBound(Bm25Block[] blocks)
    {
        foreach (var b in blocks)
        {
            if (b.Pairs is null)
            {
                return double.PositiveInfinity;
            }
        }

        if (blocks.Any(b => b.Slice is not null))
        {
            // Segments: the sum of each clause's best in its segment, whatever the length (looser, but a segment's
            // few bounds are computed once, not at every length of every range's segments: thousands of ranges).
            var sum = 0.0;
            foreach (var clause in _clauses)
            {
                var term = double.PositiveInfinity;
                foreach (var l in clause.Lexemes)
                {
                    term = Math.Min(term, blocks[l].Best(clause.Idf, _averageLength));
                }

                sum += term;
            }

            return sum;
        }

        var best = double.NegativeInfinity;
        foreach (var (_, dl) in blocks.SelectMany(b => b.Pairs!))
        {
            var norm = Bm25Math.Norm(dl, _averageLength);
            var bound = 0.0;
            foreach (var clause in _clauses)
            {
                var term = double.PositiveInfinity;
                foreach (var l in clause.Lexemes)
                {
                    term = Math.Min(term, BestAt(blocks[l], clause.Idf, dl, norm));
                }

                bound += term;
            }

            best = Math.Max(best, bound);
        }

        return best;
    }

    /// <summary>Whether an allowed quote lies in [<paramref name="low"/>, <paramref name="last"/>].</summary>
    private bool AllowedWithin(long low, long last)
    {
        var at = Array.BinarySearch(_allowed!, low);
        at = at >= 0 ? at : ~at;
        return at < _allowed!.Length && _allowed[at] <= last;
    }

    /// <summary>A lexeme's best term score in <paramref name="block"/> for a quote of length <paramref name="dl"/>:
    /// the best of the bounds of that length or shorter (a posting is covered by a bound with a frequency at least its
    /// own and a length at most its own); negative infinity when none is that short (the quote is not in the block),
    /// positive when the bounds are unknown.</summary>
    private double BestAt(Bm25Block block, double idf, int dl, double norm)
    {
        if (block.Pairs is not { } pairs)
        {
            return double.PositiveInfinity;
        }

        // A term grows with the frequency at a given length: the best is the highest frequency of those bounds.
        var most = -1;
        foreach (var (f, l) in pairs)
        {
            if (l <= dl && f > most)
            {
                most = f;
            }
        }

        return most < 0 ? double.NegativeInfinity : Bm25Math.Term(idf, most, norm);
    }

    /// <summary>The best score a quote with the driver posting (<paramref name="f"/>, <paramref name="dl"/>) can have:
    /// its exact driver term, and each other lexeme's best at its length in the block covering it (negative infinity
    /// when a lexeme has no block that can hold it). Summed in the clauses' order, as the scores are.</summary>
    private double DocBound(long doc, int f, int dl, int driver)
    {
        var norm = Bm25Math.Norm(dl, _averageLength);
        var bound = 0.0;
        foreach (var clause in _clauses)
        {
            var l = clause.Lexemes[0];
            if (l == driver)
            {
                bound += Bm25Math.Term(clause.Idf, f, norm);
                continue;
            }

            if (Covering(_lexemes[l], doc) is not { } b)
            {
                return double.NegativeInfinity;
            }

            bound += BestAt(b, clause.Idf, dl, norm);
        }

        return bound;
    }

    /// <summary>The best score a quote of a driver block can have: over the block's bounds (f, dl), the driver's term
    /// at length dl plus each other lexeme's best in its blocks overlapping the driver block's ids for a quote at least
    /// dl long (negative infinity when a lexeme has no block there; positive when bounds are unknown).</summary>
    private double DriverBlockBound(Bm25Block block, int driver)
    {
        var overlapping = new List<Bm25Block>[_lexemes.Count];
        for (var l = 0; l < _lexemes.Count; l++)
        {
            if (l == driver)
            {
                continue;
            }

            overlapping[l] = _lexemes[l].Where(b => b.Low <= block.Last && b.Last >= block.Low).ToList();
            if (overlapping[l].Count == 0)
            {
                return double.NegativeInfinity;
            }
        }

        if (block.Pairs is not { } pairs)
        {
            return double.PositiveInfinity;
        }

        var best = double.NegativeInfinity;
        foreach (var (f, dl) in pairs)
        {
            var norm = Bm25Math.Norm(dl, _averageLength);
            var bound = 0.0;
            foreach (var clause in _clauses)
            {
                var l = clause.Lexemes[0];
                if (l == driver)
                {
                    bound += Bm25Math.Term(clause.Idf, f, norm);
                    continue;
                }

                // A quote of the driver block is at least dl long, and at least as long as the bound covering its
                // posting here.
                var other = double.NegativeInfinity;
                foreach (var b in overlapping[l])
                {
                    if (b.Pairs is not { } others)
                    {
                        return double.PositiveInfinity;
                    }

                    foreach (var (of, odl) in others)
                    {
                        other = Math.Max(other, Bm25Math.Term(clause.Idf, of, Bm25Math.Norm(Math.Max(dl, odl), _averageLength)));
                    }
                }

                bound += other;
            }

            best = Math.Max(best, bound);
        }

        return best;
    }

    /// <summary>Whether a quote of the range could still enter the top k: its bound beats the k-th score, or equals it
    /// with a higher id possible.</summary>
    private static bool CanEnter(PriorityQueue<long, (double Score, long Doc)> heap, int k, double bound, long maxDoc) =>
        heap.Count < k || !heap.TryPeek(out _, out var worst) || bound > worst.Score || (bound == worst.Score && maxDoc > worst.Doc);

    private static void Offer(PriorityQueue<long, (double Score, long Doc)> heap, int k, long doc, double score)
    {
        if (heap.Count < k)
        {
            heap.Enqueue(doc, (score, doc));
        }
        else if (heap.TryPeek(out _, out var worst) && (score > worst.Score || (score == worst.Score && doc > worst.Doc)))
        {
            heap.EnqueueDequeue(doc, (score, doc));
        }
    }

    /// <summary>Scores every match of the range into the heap (a phrase query: into the candidates, with its upper bound).</summary>
    private void Score(Range range, PriorityQueue<long, (double Score, long Doc)> heap, PriorityQueue<long, (double Score, long Doc)> candidates, int k)
    {
        var lists = range.Blocks.Select(b => b.Postings!).ToArray();
        var driver = 0;
        for (var i = 1; i < lists.Length; i++)
        {
            if (lists[i].Count < lists[driver].Count)
            {
                driver = i;
            }
        }

        var cursors = lists.Select(l => Seek(l.Docs, l.Count, 0, range.Lo)).ToArray();
        var exLists = range.Excluded.Select(b => b?.Postings).ToArray();
        var exCursors = exLists.Select(l => l is null ? 0 : Seek(l.Docs, l.Count, 0, range.Lo)).ToArray();
        var allowedCursor = _allowed is null ? 0 : Seek(_allowed, _allowed.Length, 0, range.Lo);
        var frequencies = new int[lists.Length];
        var lead = lists[driver];
        for (var p = cursors[driver]; p < lead.Count && lead.Docs[p] < range.Hi; p++)
        {
            var doc = lead.Docs[p];
            var ok = true;
            for (var c = 0; c < lists.Length && ok; c++)
            {
                if (c == driver)
                {
                    frequencies[c] = lead.Frequencies[p];
                    continue;
                }

                var list = lists[c];
                var at = Seek(list.Docs, list.Count, cursors[c], doc);
                cursors[c] = at;
                if (at < list.Count && list.Docs[at] == doc)
                {
                    frequencies[c] = list.Frequencies[at];
                }
                else
                {
                    ok = false;
                }
            }

            for (var e = 0; e < exLists.Length && ok; e++)
            {
                if (exLists[e] is not { } list)
                {
                    continue;
                }

                var at = Seek(list.Docs, list.Count, exCursors[e], doc);
                exCursors[e] = at;
                ok = at >= list.Count || list.Docs[at] != doc;
            }

            if (ok && _allowed is not null)
            {
                allowedCursor = Seek(_allowed, _allowed.Length, allowedCursor, doc);
                ok = allowedCursor < _allowed.Length && _allowed[allowedCursor] == doc;
            }

            if (!ok)
            {
                continue;
            }

            var norm = Bm25Math.Norm(lead.Lengths[p], _averageLength);
            var score = 0.0;
            foreach (var clause in _clauses)
            {
                var f = int.MaxValue;
                foreach (var l in clause.Lexemes)
                {
                    f = Math.Min(f, frequencies[l]);
                }

                score += Bm25Math.Term(clause.Idf, f, norm);
            }

            if (!_phrases)
            {
                Offer(heap, k, doc, score);
            }
            else if (CanEnter(heap, k, score, doc))
            {
                candidates.Enqueue(doc, (score, doc));
            }
        }
    }

    /// <summary>The first index at or after <paramref name="from"/> whose id is at least <paramref name="doc"/>:
    /// doubling steps, then a binary search in the last step.</summary>
    private static int Seek(long[] docs, int count, int from, long doc)
    {
        if (from >= count || docs[from] >= doc)
        {
            return from;
        }

        var step = 1;
        var lo = from;
        var hi = from + 1;
        while (hi < count && docs[hi] < doc)
        {
            lo = hi;
            step <<= 1;
            hi = from + step;
        }

        hi = Math.Min(hi, count);
        // docs[lo] < doc; answer in (lo, hi]
        var idx = Array.BinarySearch(docs, lo + 1, hi - lo - 1, doc);
        return idx >= 0 ? idx : ~idx;
    }

    /// <summary>Orders candidates so the root is the strongest: higher bound, then higher id.</summary>
    private sealed class BestFirst : IComparer<(double Score, long Doc)>
    {
        public static readonly BestFirst Instance = new();

        public int Compare((double Score, long Doc) x, (double Score, long Doc) y) => WorstFirst.Instance.Compare(y, x);
    }

    /// <summary>Orders the heap so its root is the weakest: lower score, then lower id.</summary>
    private sealed class WorstFirst : IComparer<(double Score, long Doc)>
    {
        public static readonly WorstFirst Instance = new();

        public int Compare((double Score, long Doc) x, (double Score, long Doc) y)
        {
            var c = x.Score.CompareTo(y.Score);
            return c != 0 ? c : x.Doc.CompareTo(y.Doc);
        }
    }
}
