using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;

namespace QuoteBot.Storage.Sqlite;

/// <summary>
/// Registers <c>qb_rank(fts, wText, wSpeaker, wSpeakerKey, wTitle, idf0, idf1, ...)</c>: Okapi BM25 (k1 1.2, b 0.75)
/// like FTS5's built-in bm25(), except that each phrase's IDF is passed in by the caller. The built-in function counts
/// every row that matches each phrase on its first call (a full doclist scan: tens of milliseconds for a common word at
/// a million quotes), which defeats ranking only a bounded set of candidates. Larger is better.
/// </summary>
internal static unsafe class Fts5Rank
{
    public const string FunctionName = "qb_rank";
    private const int ColumnCount = 4;
    private const double K1 = 1.2;
    private const double B = 0.75;
    private const int SqliteOk = 0;
    private const int SqliteRow = 100;
    private const string Lib = "e_sqlite3";

    [StructLayout(LayoutKind.Sequential)]
    private struct Fts5Api
    {
        public int Version;
        public IntPtr CreateTokenizer;
        public IntPtr FindTokenizer;
        public IntPtr CreateFunction;
    }

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

    [DllImport(Lib, EntryPoint = "sqlite3_prepare_v2")]
    private static extern int Prepare(IntPtr db, byte* sql, int n, out IntPtr stmt, IntPtr tail);

    [DllImport(Lib, EntryPoint = "sqlite3_bind_pointer")]
    private static extern int BindPointer(IntPtr stmt, int index, void* p, byte* type, IntPtr destructor);

    [DllImport(Lib, EntryPoint = "sqlite3_step")]
    private static extern int Step(IntPtr stmt);

    [DllImport(Lib, EntryPoint = "sqlite3_finalize")]
    private static extern int Finalize(IntPtr stmt);

    [DllImport(Lib, EntryPoint = "sqlite3_value_double")]
    private static extern double ValueDouble(IntPtr value);

    [DllImport(Lib, EntryPoint = "sqlite3_result_double")]
    private static extern void ResultDouble(IntPtr ctx, double value);

    [DllImport(Lib, EntryPoint = "sqlite3_result_error")]
    private static extern void ResultError(IntPtr ctx, byte* message, int n);

    /// <summary>Adds qb_rank to this connection; returns false when the FTS5 API cannot be reached.</summary>
    public static bool Register(SqliteConnection connection)
    {
        var db = connection.Handle!.DangerousGetHandle();
        Fts5Api* api = null;
        var sql = "SELECT fts5(?1)"u8;
        fixed (byte* pSql = sql)
        {
            if (Prepare(db, pSql, sql.Length, out var stmt, IntPtr.Zero) != SqliteOk)
            {
                return false;
            }

            try
            {
                fixed (byte* type = "fts5_api_ptr\0"u8)
                {
                    if (BindPointer(stmt, 1, &api, type, IntPtr.Zero) != SqliteOk)
                    {
                        return false;
                    }

                    if (Step(stmt) != SqliteRow)
                    {
                        return false;
                    }
                }
            }
            finally
            {
                _ = Finalize(stmt);
            }
        }

        if (api == null || api->Version < 2)
        {
            return false;
        }

        var create = (delegate* unmanaged[Cdecl]<Fts5Api*, byte*, IntPtr, IntPtr, IntPtr, int>)api->CreateFunction;
        delegate* unmanaged[Cdecl]<Fts5ExtensionApi*, IntPtr, IntPtr, int, IntPtr*, void> fn = &Rank;
        fixed (byte* name = "qb_rank\0"u8)
        {
            return create(api, name, IntPtr.Zero, (IntPtr)fn, IntPtr.Zero) == SqliteOk;
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void Rank(Fts5ExtensionApi* api, IntPtr fts, IntPtr ctx, int nVal, IntPtr* values)
    {
        try
        {
            var phraseCount = ((delegate* unmanaged[Cdecl]<IntPtr, int>)api->PhraseCount)(fts);
            var instCount = 0;
            if (((delegate* unmanaged[Cdecl]<IntPtr, int*, int>)api->InstCount)(fts, &instCount) != SqliteOk)
            {
                Fail(ctx);
                return;
            }

            Span<double> weights = stackalloc double[ColumnCount];
            for (var c = 0; c < ColumnCount; c++)
            {
                weights[c] = c < nVal ? ValueDouble(values[c]) : 1.0;
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

            long rows = 0, totalTokens = 0;
            int docTokens = 0;
            ((delegate* unmanaged[Cdecl]<IntPtr, long*, int>)api->RowCount)(fts, &rows);
            ((delegate* unmanaged[Cdecl]<IntPtr, int, long*, int>)api->ColumnTotalSize)(fts, -1, &totalTokens);
            ((delegate* unmanaged[Cdecl]<IntPtr, int, int*, int>)api->ColumnSize)(fts, -1, &docTokens);
            var avg = rows > 0 ? Math.Max(1.0, (double)totalTokens / rows) : 1.0;
            var norm = K1 * (1 - B + B * docTokens / avg);

            var score = 0.0;
            for (var p = 0; p < n; p++)
            {
                var idfIndex = ColumnCount + p;
                var idf = idfIndex < nVal ? ValueDouble(values[idfIndex]) : 1.0;
                var f = freq[p];
                if (f > 0)
                {
                    score += idf * (f * (K1 + 1)) / (f + norm);
                }
            }

            ResultDouble(ctx, score);
        }
        catch
        {
            Fail(ctx);
        }
    }

    private static void Fail(IntPtr ctx)
    {
        fixed (byte* msg = "qb_rank failed"u8)
        {
            ResultError(ctx, msg, 14);
        }
    }
}
