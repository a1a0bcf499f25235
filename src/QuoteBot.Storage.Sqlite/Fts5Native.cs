using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;

namespace QuoteBot.Storage.Sqlite;

/// <summary>The FTS5 C API of a connection, through which <see cref="Fts5Terms"/> reaches FTS5's tokenizer.</summary>
internal static unsafe class Fts5Native
{
    private const int SqliteOk = 0;
    private const int SqliteRow = 100;
    private const string Lib = "e_sqlite3";

    [StructLayout(LayoutKind.Sequential)]
    public struct Fts5Api
    {
        public int Version;
        public IntPtr CreateTokenizer;
        public IntPtr FindTokenizer;
        public IntPtr CreateFunction;
    }

    [DllImport(Lib, EntryPoint = "sqlite3_prepare_v2")]
    private static extern int Prepare(IntPtr db, byte* sql, int n, out IntPtr stmt, IntPtr tail);

    [DllImport(Lib, EntryPoint = "sqlite3_bind_pointer")]
    private static extern int BindPointer(IntPtr stmt, int index, void* p, byte* type, IntPtr destructor);

    [DllImport(Lib, EntryPoint = "sqlite3_step")]
    private static extern int Step(IntPtr stmt);

    [DllImport(Lib, EntryPoint = "sqlite3_finalize")]
    private static extern int Finalize(IntPtr stmt);

    /// <summary>The connection's <c>fts5_api</c> (version 2 or later), or null when FTS5 cannot be reached.</summary>
    public static Fts5Api* FindApi(SqliteConnection connection)
    {
        var db = connection.Handle!.DangerousGetHandle();
        Fts5Api* api = null;
        var sql = "SELECT fts5(?1)"u8;
        fixed (byte* pSql = sql)
        {
            if (Prepare(db, pSql, sql.Length, out var stmt, IntPtr.Zero) != SqliteOk)
            {
                return null;
            }

            try
            {
                fixed (byte* type = "fts5_api_ptr\0"u8)
                {
                    if (BindPointer(stmt, 1, &api, type, IntPtr.Zero) != SqliteOk || Step(stmt) != SqliteRow)
                    {
                        return null;
                    }
                }
            }
            finally
            {
                _ = Finalize(stmt);
            }
        }

        return api != null && api->Version >= 2 ? api : null;
    }
}
