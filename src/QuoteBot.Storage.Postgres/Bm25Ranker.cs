using QuoteBot.Core.Search;

namespace QuoteBot.Storage.Postgres;

/// <summary>
/// The exact top k of an AND of lexemes by BM25 (<see cref="Bm25Math"/>), from decoded postings: the shortest list drives,
/// the others are searched forward from where they stopped (galloping), excluded lexemes and an optional list of
/// allowed quote ids filter. Every match is scored; equal scores go to the higher id (newest first).
/// </summary>
internal static class Bm25Ranker
{
    /// <summary>One positive clause: its postings and IDF. Clauses are summed in the order given.</summary>
    public readonly record struct Clause(TermPostings Postings, double Idf);

    public static List<(long Doc, double Score)> Top(IReadOnlyList<Clause> clauses, IReadOnlyList<TermPostings> excluded,
        long[]? allowed, double averageLength, int k)
    {
        var result = new List<(long, double)>();
        if (clauses.Count == 0 || k <= 0)
        {
            return result;
        }

        var driver = 0;
        for (var i = 1; i < clauses.Count; i++)
        {
            if (clauses[i].Postings.Count < clauses[driver].Postings.Count)
            {
                driver = i;
            }
        }

        var cursors = new int[clauses.Count];
        var exCursors = new int[excluded.Count];
        var allowedCursor = 0;
        var frequencies = new int[clauses.Count];
        var heap = new PriorityQueue<long, (double Score, long Doc)>(k + 1, WorstFirst.Instance);
        var lead = clauses[driver].Postings;
        for (var p = 0; p < lead.Count; p++)
        {
            var doc = lead.Docs[p];
            var ok = true;
            for (var c = 0; c < clauses.Count && ok; c++)
            {
                if (c == driver)
                {
                    frequencies[c] = lead.Frequencies[p];
                    continue;
                }

                var list = clauses[c].Postings;
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

            if (!ok)
            {
                continue;
            }

            for (var e = 0; e < excluded.Count && ok; e++)
            {
                var list = excluded[e];
                var at = Seek(list.Docs, list.Count, exCursors[e], doc);
                exCursors[e] = at;
                ok = at >= list.Count || list.Docs[at] != doc;
            }

            if (ok && allowed is not null)
            {
                allowedCursor = Seek(allowed, allowed.Length, allowedCursor, doc);
                ok = allowedCursor < allowed.Length && allowed[allowedCursor] == doc;
            }

            if (!ok)
            {
                continue;
            }

            var norm = Bm25Math.Norm(lead.Lengths[p], averageLength);
            var score = 0.0;
            for (var c = 0; c < clauses.Count; c++)
            {
                score += Bm25Math.Term(clauses[c].Idf, frequencies[c], norm);
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

        while (heap.TryDequeue(out var doc, out var key))
        {
            result.Add((doc, key.Score));
        }

        result.Reverse();
        return result;
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
