using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Data.Sqlite;
using QuoteBot.Storage.Sqlite;

namespace QuoteBot.Bench.Postings;

/// <summary>
/// The store's tokenizer: FTS5's <c>porter unicode61 remove_diacritics 2</c>, found through the connection's
/// <c>fts5_api</c> (the store's <see cref="Fts5Native.FindApi"/>) exactly as <c>Fts5Terms</c> finds it, but returning
/// every token in order (positions) instead of summed frequencies. One instance per thread: FTS5 tokenizer instances
/// are not shared. Columns are indexed as the store's triggers index them: apostrophes dropped from every column but
/// the speaker key.
/// </summary>
internal sealed unsafe class Tokenizer : IDisposable
{
    /// <summary>Column weights, in the store's FTS column order: text, speaker, speaker key, source title.</summary>
    public static readonly int[] Weights = [10, 3, 3, 1];

    private const int SqliteOk = 0;
    private const int TokenizeDocument = 0x0004;
    private const int TokenizeQuery = 0x0001;

    [StructLayout(LayoutKind.Sequential)]
    private struct Fts5TokenizerApi
    {
        public IntPtr Create;
        public IntPtr Delete;
        public IntPtr Tokenize;
    }

    private readonly SqliteConnection _connection;
    private readonly Fts5TokenizerApi _api;
    private IntPtr _instance;

    public Tokenizer()
    {
        _connection = new SqliteConnection("Data Source=:memory:");
        _connection.Open();
        var api = Fts5Native.FindApi(_connection);
        if (api == null)
        {
            throw new InvalidOperationException("FTS5 is not available in this SQLite build.");
        }

        Fts5TokenizerApi tok;
        IntPtr user;
        var find = (delegate* unmanaged[Cdecl]<Fts5Native.Fts5Api*, byte*, IntPtr*, Fts5TokenizerApi*, int>)api->FindTokenizer;
        fixed (byte* name = "porter\0"u8)
        {
            if (find(api, name, &user, &tok) != SqliteOk)
            {
                throw new InvalidOperationException("FTS5 has no porter tokenizer.");
            }
        }

        fixed (byte* a0 = "unicode61\0"u8)
        fixed (byte* a1 = "remove_diacritics\0"u8)
        fixed (byte* a2 = "2\0"u8)
        {
            var args = stackalloc byte*[3];
            args[0] = a0;
            args[1] = a1;
            args[2] = a2;
            IntPtr instance;
            var create = (delegate* unmanaged[Cdecl]<IntPtr, byte**, int, IntPtr*, int>)tok.Create;
            if (create(user, args, 3, &instance) != SqliteOk)
            {
                throw new InvalidOperationException("Could not create the porter tokenizer.");
            }

            _instance = instance;
        }

        _api = tok;
    }

    /// <summary>The four indexed columns of a quote, as the store's triggers pass them to FTS5.</summary>
    public static string?[] Columns(string? text, string? speaker, string? speakerKey, string? title) =>
    [
        Indexed(text), Indexed(speaker), speakerKey, Indexed(title),
    ];

    private static string? Indexed(string? value) =>
        value?.Replace("'", "", StringComparison.Ordinal).Replace("\u2019", "", StringComparison.Ordinal);

    /// <summary>The tokens of one column, in order, as FTS5 indexes a document.</summary>
    public void Document(string? text, List<string> into)
    {
        into.Clear();
        if (!string.IsNullOrEmpty(text))
        {
            Run(text, TokenizeDocument, into);
        }
    }

    /// <summary>The tokens FTS5 makes of a folded query word (usually one stem).</summary>
    public List<string> Query(string word)
    {
        var list = new List<string>();
        Run(word, TokenizeQuery, list);
        return list;
    }

    private void Run(string text, int flags, List<string> into)
    {
        ObjectDisposedException.ThrowIf(_instance == IntPtr.Zero, this);
        var bytes = Encoding.UTF8.GetBytes(text);
        var handle = GCHandle.Alloc(into);
        try
        {
            var tokenize = (delegate* unmanaged[Cdecl]<IntPtr, IntPtr, int, byte*, int, delegate* unmanaged[Cdecl]<IntPtr, int, byte*, int, int, int, int>, int>)_api.Tokenize;
            fixed (byte* p = bytes)
            {
                var rc = tokenize(_instance, GCHandle.ToIntPtr(handle), flags, p, bytes.Length, &OnToken);
                if (rc != SqliteOk)
                {
                    throw new InvalidOperationException($"The FTS5 tokenizer failed (code {rc}).");
                }
            }
        }
        finally
        {
            handle.Free();
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int OnToken(IntPtr ctx, int flags, byte* token, int n, int start, int end)
    {
        try
        {
            ((List<string>)GCHandle.FromIntPtr(ctx).Target!).Add(Encoding.UTF8.GetString(token, n));
            return SqliteOk;
        }
        catch
        {
            return 1;
        }
    }

    public void Dispose()
    {
        if (_instance != IntPtr.Zero)
        {
            ((delegate* unmanaged[Cdecl]<IntPtr, void>)_api.Delete)(_instance);
            _instance = IntPtr.Zero;
        }

        _connection.Dispose();
    }
}
