using QuoteBot.Core.Search;

namespace QuoteBot.Storage.Postgres;

/// <summary>One stored block of a lexeme's postings (<see cref="Bm25Postings"/>): its key, count, last id and score
/// bounds as listed, and its postings once read.</summary>
internal sealed class Bm25Block(long term, long low, int count, long last, byte[]? bounds)
{
    public long Term { get; } = term;

    /// <summary>The block covers the ids from here to the next block's <see cref="Low"/>.</summary>
    public long Low { get; } = low;

    public int Count { get; } = count;

    public long Last { get; } = last;

    /// <summary>The block's (frequency, length) bounds (<see cref="Bm25Postings.Bounds"/>); null: not known, never skipped.</summary>
    public byte[]? Bounds { get; } = bounds;

    public TermPostings? Postings { get; set; }
}

/// <summary>
/// The exact top k of an AND of lexemes by BM25 (<see cref="Bm25Math"/>) with block-max pruning: the ids are cut into
/// ranges at every block boundary of the query's lexemes, each range has an upper bound (the sum over the clauses of
/// the best term score the covering block can give, from its bounds), and ranges are scored best bound first, their
/// blocks read in a few batches, until no range left can reach the k-th score. Within a range the shortest block
/// drives and the others are searched forward (galloping); excluded lexemes and an optional list of allowed quote ids
/// filter. The result is the top k over every match: equal scores go to the higher id (newest first).
/// </summary>
internal sealed class Bm25Ranker
{
    /// <summary>One positive clause: its blocks in id order and its IDF. Clauses are summed in the order given.</summary>
    public readonly record struct Clause(IReadOnlyList<Bm25Block> Blocks, double Idf);

    private sealed record Range(long Lo, long Hi, long MaxDoc, Bm25Block[] Blocks, Bm25Block?[] Excluded, double Bound);

    /// <summary>Ranges scored before the first and the second new reads; after those, every range that can still enter.</summary>
    private const int FirstBatch = 8, SecondBatch = 32;

    private readonly List<Range> _ranges = [];
    private readonly double[] _idfs;
    private readonly long[]? _allowed;
    private readonly double _averageLength;

    public Bm25Ranker(IReadOnlyList<Clause> clauses, IReadOnlyList<IReadOnlyList<Bm25Block>> excluded, long[]? allowed, double averageLength)
    {
        _idfs = clauses.Select(c => c.Idf).ToArray();
        _allowed = allowed;
        _averageLength = averageLength;
        if (clauses.Count == 0)
        {
            return;
        }

        var best = clauses.Select(c => c.Blocks.Select(b => BestTerm(b, c.Idf)).ToArray()).ToArray();
        var cuts = clauses.SelectMany(c => c.Blocks).Concat(excluded.SelectMany(e => e)).Select(b => b.Low).Distinct().Order().ToArray();
        var at = new int[clauses.Count];
        var exAt = new int[excluded.Count];
        for (var j = 0; j < cuts.Length; j++)
        {
            var lo = cuts[j];
            var hi = j + 1 < cuts.Length ? cuts[j + 1] : long.MaxValue;
            var maxDoc = hi - 1;
            var bound = 0.0;
            var blocks = new Bm25Block[clauses.Count];
            var ok = true;
            for (var c = 0; c < clauses.Count; c++)
            {
                var list = clauses[c].Blocks;
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
                bound += best[c][at[c]];
            }

            if (!ok)
            {
                continue;
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
    public async Task<List<(long Doc, double Score)>> TopAsync(int k, Func<IReadOnlyList<Bm25Block>, Task> read)
    {
        var result = new List<(long, double)>();
        if (_idfs.Length == 0 || k <= 0)
        {
            return result;
        }

        var heap = new PriorityQueue<long, (double Score, long Doc)>(k + 1, WorstFirst.Instance);
        var next = 0;
        for (var round = 0; next < _ranges.Count; round++)
        {
            var batch = new List<Range>();
            var size = round switch { 0 => FirstBatch, 1 => SecondBatch, _ => int.MaxValue };
            while (next < _ranges.Count && batch.Count < size)
            {
                if (!CanEnter(heap, k, _ranges[next]))
                {
                    next = _ranges.Count; // ranges come best bound first: none after this one can enter either
                    break;
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
                if (CanEnter(heap, k, range))
                {
                    Score(range, heap, k);
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

    /// <summary>Whether a quote of the range could still enter the top k: its bound beats the k-th score, or equals it
    /// with a higher id possible.</summary>
    private static bool CanEnter(PriorityQueue<long, (double Score, long Doc)> heap, int k, Range range) =>
        heap.Count < k || !heap.TryPeek(out _, out var worst) || range.Bound > worst.Score || (range.Bound == worst.Score && range.MaxDoc > worst.Doc);

    /// <summary>The best term score a block can give at today's average length (its bounds give it exactly; unknown: infinite).</summary>
    private double BestTerm(Bm25Block block, double idf)
    {
        if (block.Bounds is null)
        {
            return double.PositiveInfinity;
        }

        var best = 0.0;
        foreach (var (f, dl) in Bm25Postings.ReadBounds(block.Bounds))
        {
            best = Math.Max(best, Bm25Math.Term(idf, f, Bm25Math.Norm(dl, _averageLength)));
        }

        return best;
    }

    /// <summary>Scores every match of the range into the heap.</summary>
    private void Score(Range range, PriorityQueue<long, (double Score, long Doc)> heap, int k)
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
            for (var c = 0; c < lists.Length; c++)
            {
                score += Bm25Math.Term(_idfs[c], frequencies[c], norm);
            }

            if (heap.Count < k)
            {
                heap.Enqueue(doc, (score, doc));
            }
            else if (heap.TryPeek(out _, out var worst) && (score > worst.Score || (score == worst.Score && doc > worst.Doc)))
            {
                heap.EnqueueDequeue(doc, (score, doc));
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
