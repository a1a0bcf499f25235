using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;

namespace QuoteBot.Storage.Sqlite;

/// <summary>
/// Registers <c>qb_rank(fts, avgdl, wText, wSpeaker, wSpeakerKey, wTitle, idf0, idf1, ...)</c>: Okapi BM25
/// (k1 1.2, b 0.75) like FTS5's built-in bm25(), except that each phrase's IDF and the average quote length come from
/// the caller (the store's exact term statistics: the built-in function counts every row that matches each phrase on
/// its first call, a full doclist scan), and it can prune rows that cannot reach the top k (<see cref="Pruning"/>).
/// Larger is better; see docs/benchmarks.md for the formula.
/// </summary>
internal static unsafe class Fts5Rank
{
    public const string FunctionName = "qb_rank";
    private const int ColumnCount = 4;
    private const double K1 = 1.2;
    private const double B = 0.75;
    private const int SqliteOk = 0;
    private const string Lib = "e_sqlite3";

    [StructLayout(LayoutKind.Sequential)]
    private struct Fts5ExtensionApi
    {
        public int Version;
        public IntPtr UserData;
        public IntPtr ColumnCount;
        public IntPtr RowCount;
        public IntPtr ColumnTotalSize;
        public IntPtr Tokenize;
        public IntPtr PhraseCount;
        public IntPtr PhraseSize;
        public IntPtr InstCount;
        public IntPtr Inst;
        public IntPtr Rowid;
        public IntPtr ColumnText;
        public IntPtr ColumnSize;
    }

    [DllImport(Lib, EntryPoint = "sqlite3_value_double")]
    private static extern double ValueDouble(IntPtr value);

    [DllImport(Lib, EntryPoint = "sqlite3_result_double")]
    private static extern void ResultDouble(IntPtr ctx, double value);

    [DllImport(Lib, EntryPoint = "sqlite3_result_error")]
    private static extern void ResultError(IntPtr ctx, byte* message, int n);

    /// <summary>Adds qb_rank to this connection; returns false when the FTS5 API cannot be reached.</summary>
    public static bool Register(SqliteConnection connection)
    {
        var api = Fts5Native.FindApi(connection);
        if (api == null)
        {
            return false;
        }

        var create = (delegate* unmanaged[Cdecl]<Fts5Native.Fts5Api*, byte*, IntPtr, IntPtr, IntPtr, int>)api->CreateFunction;
        delegate* unmanaged[Cdecl]<Fts5ExtensionApi*, IntPtr, IntPtr, int, IntPtr*, void> fn = &Rank;
        fixed (byte* name = "qb_rank\0"u8)
        {
            return create(api, name, IntPtr.Zero, (IntPtr)fn, IntPtr.Zero) == SqliteOk;
        }
    }

    /// <summary>The length normalization of a quote of <paramref name="length"/> tokens: k1 (1 − b + b·|d| / avgdl).</summary>
    public static double Norm(double length, double averageLength) => K1 * (1 - B + B * length / averageLength);

    /// <summary>One phrase's BM25 term: idf · f (k1 + 1) / (f + norm). Both search paths call this, so they agree to the bit.</summary>
    public static double Term(double idf, double frequency, double norm) => idf * (frequency * (K1 + 1)) / (frequency + norm);

    /// <summary>
    /// Top-k pruning for the query running on this thread (null: none). While set, qb_rank keeps the best
    /// <see cref="Pruning.Need"/> scores it has computed, and a row whose score cannot reach the lowest of them even at
    /// the shortest length any active quote has returns -1 without reading its length: such a row can never be among
    /// the results, whatever its id. Rows the caller already scored (the heavy postings) are passed as seeds.
    /// </summary>
    [ThreadStatic]
    private static Pruning? _pruning;

    internal sealed class Pruning(int need, double shortestNorm)
    {
        private readonly PriorityQueue<double, double> _best = new();

        public int Need { get; } = need;

        public double ShortestNorm { get; } = shortestNorm;

        public HashSet<long> Seeded { get; } = [];

        /// <summary>Rows that skipped scoring (for tests and the benchmark).</summary>
        public long Pruned { get; set; }

        public long Scored { get; set; }

        /// <summary>The score a row must reach to possibly be kept; -infinity until Need scores are known.</summary>
        public double Threshold => _best.Count >= Need ? _best.Peek() : double.NegativeInfinity;

        public void Offer(double score)
        {
            if (_best.Count < Need)
            {
                _best.Enqueue(score, score);
            }
            else if (score > _best.Peek())
            {
                _best.DequeueEnqueue(score, score);
            }
        }

        /// <summary>A score already computed for row <paramref name="id"/> (it will not be offered again).</summary>
        public void Seed(long id, double score)
        {
            if (Seeded.Add(id))
            {
                Offer(score);
            }
        }
    }

    /// <summary>Turns pruning on for queries run on this thread until the returned scope is disposed.</summary>
    public static PruningScope Prune(Pruning pruning)
    {
        _pruning = pruning;
        return default;
    }

    internal readonly struct PruningScope : IDisposable
    {
        public void Dispose() => _pruning = null;
    }

    // Arguments: fts, avgdl, four column weights, then one IDF per phrase.
    private const int FirstWeight = 1;
    private const int FirstIdf = FirstWeight + ColumnCount;

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void Rank(Fts5ExtensionApi* api, IntPtr fts, IntPtr ctx, int nVal, IntPtr* values)
    {
        try
        {
            var phraseCount = ((delegate* unmanaged[Cdecl]<IntPtr, int>)api->PhraseCount)(fts);
            var instCount = 0;
            if (nVal < FirstIdf || ((delegate* unmanaged[Cdecl]<IntPtr, int*, int>)api->InstCount)(fts, &instCount) != SqliteOk)
            {
                Fail(ctx);
                return;
            }

            var avg = ValueDouble(values[0]);
            Span<double> weights = stackalloc double[ColumnCount];
            for (var c = 0; c < ColumnCount; c++)
            {
                weights[c] = ValueDouble(values[FirstWeight + c]);
            }

            // Weighted term frequency per phrase (at most 64 phrases: the parser keeps 16 clauses).
            var n = Math.Min(phraseCount, 64);
            Span<double> freq = stackalloc double[n];
            freq.Clear();
            var inst = (delegate* unmanaged[Cdecl]<IntPtr, int, int*, int*, int*, int>)api->Inst;
            for (var i = 0; i < instCount; i++)
            {
                int phrase, col, off;
                if (inst(fts, i, &phrase, &col, &off) != SqliteOk)
                {
                    Fail(ctx);
                    return;
                }

                if (phrase < n && col >= 0 && col < ColumnCount)
                {
                    freq[phrase] += weights[col];
                }
            }

            var pruning = _pruning;
            long rowid = 0;
            if (pruning is not null)
            {
                rowid = ((delegate* unmanaged[Cdecl]<IntPtr, long>)api->Rowid)(fts);
                if (!pruning.Seeded.Contains(rowid))
                {
                    // An upper bound: the same sum at the shortest length of any active quote.
                    var bound = Sum(freq, values, nVal, pruning.ShortestNorm);
                    if (bound < pruning.Threshold)
                    {
                        pruning.Pruned++;
                        ResultDouble(ctx, -1);
                        return;
                    }
                }
            }

            int docTokens = 0;
            ((delegate* unmanaged[Cdecl]<IntPtr, int, int*, int>)api->ColumnSize)(fts, -1, &docTokens);
            var score = Sum(freq, values, nVal, Norm(docTokens, avg));
            if (pruning is not null && !pruning.Seeded.Contains(rowid))
            {
                pruning.Scored++;
                pruning.Offer(score);
            }

            ResultDouble(ctx, score);
        }
        catch
        {
            Fail(ctx);
        }
    }

    private static double Sum(Span<double> freq, IntPtr* values, int nVal, double norm)
    {
        var score = 0.0;
        for (var p = 0; p < freq.Length; p++)
        {
            var idfIndex = FirstIdf + p;
            var idf = idfIndex < nVal ? ValueDouble(values[idfIndex]) : 0.0;
            var f = freq[p];
            if (f > 0)
            {
                score += Term(idf, f, norm);
            }
        }

        return score;
    }

    private static void Fail(IntPtr ctx)
    {
        fixed (byte* msg = "qb_rank failed"u8)
        {
            ResultError(ctx, msg, 14);
        }
    }
}
