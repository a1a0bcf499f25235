using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Data.Sqlite;

namespace QuoteBot.Storage.Sqlite;

/// <summary>
/// FTS5's tokenizer (<c>porter unicode61 remove_diacritics 2</c>, reached through <c>fts5_api.xFindTokenizer</c>): the
/// postings index (Postings/Analysis.cs) tokenizes quotes and query words with it, so its terms are the stems FTS5
/// would make. No FTS5 table is involved (migration 12 dropped the store's). Column weights for the weighted
/// frequency: 10 × hits in the text + 3 × in the speaker + 3 × in the speaker key + 1 × in the source title.
/// </summary>
internal sealed unsafe class Fts5Terms : IDisposable
{
    private const int SqliteOk = 0;
    private const int TokenizeDocument = 0x0004;
    private const int TokenizeQuery = 0x0001;

    /// <summary>Column weights, in FTS column order (text, speaker, speaker key, source title); integers, so weighted frequencies are too.</summary>
    public static readonly int[] Weights = [10, 3, 3, 1];

    [StructLayout(LayoutKind.Sequential)]
    private struct Fts5Tokenizer
    {
        public IntPtr Create;
        public IntPtr Delete;
        public IntPtr Tokenize;
    }

    private Fts5Tokenizer _tokenizer;
    private IntPtr _instance;

    // Reused across calls (an instance is used by one caller at a time): the text as UTF-8 and the token strings
    // already made. A bulk load tokenizes a million rows of mostly the same few thousand words; making each token's
    // string once keeps the garbage, and the collections, down.
    private byte[] _utf8 = new byte[1024];
    private List<string>? _into;
    private readonly HashSet<string> _known = new(StringComparer.Ordinal);
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _knownBySpan;

    /// <summary>At most this many token strings are kept per instance (the commonest words come first in any text).</summary>
    internal const int KnownTokenLimit = 16_384;

    private Fts5Terms(Fts5Tokenizer tokenizer, IntPtr instance)
    {
        _tokenizer = tokenizer;
        _instance = instance;
        _knownBySpan = _known.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>How many token strings this instance keeps for reuse (tests).</summary>
    internal int KnownTokens => _known.Count;

    /// <summary>The tokenizer of this connection's FTS5, or null when FTS5 cannot be reached.</summary>
    public static Fts5Terms? Open(SqliteConnection connection)
    {
        var api = Fts5Native.FindApi(connection);
        if (api == null)
        {
            return null;
        }

        Fts5Tokenizer tok;
        IntPtr user;
        var find = (delegate* unmanaged[Cdecl]<Fts5Native.Fts5Api*, byte*, IntPtr*, Fts5Tokenizer*, int>)api->FindTokenizer;
        fixed (byte* name = "porter\0"u8)
        {
            if (find(api, name, &user, &tok) != SqliteOk)
            {
                return null;
            }
        }

        // porter over unicode61 with remove_diacritics 2: the index's tokenize= argument.
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
                return null;
            }

            return new Fts5Terms(tok, instance);
        }
    }

    /// <summary>The tokens FTS5 makes of <paramref name="text"/> as a query (a folded search word: usually one stem).</summary>
    public List<string> QueryTokens(string text)
    {
        var list = new List<string>();
        Tokenize(text, TokenizeQuery, list);
        return list;
    }

    /// <summary>The tokens of one column in order, as FTS5 indexes a document (<paramref name="into"/> is cleared first).</summary>
    internal void DocumentTokens(string text, List<string> into)
    {
        into.Clear();
        Tokenize(text, TokenizeDocument, into);
    }

    /// <summary>
    /// As <see cref="DocumentTokens(string, List{string})"/>, each token handed to <paramref name="sink"/> as FTS5's UTF-8
    /// bytes (valid only during the call), without making its string.
    /// </summary>
    internal void DocumentTokens(string text, IUtf8TokenSink sink)
    {
        _sink = sink;
        try
        {
            Tokenize(text, TokenizeDocument, null);
        }
        finally
        {
            _sink = null;
        }
    }

    private IUtf8TokenSink? _sink;

    private void Tokenize(string text, int flags, List<string>? into)
    {
        ObjectDisposedException.ThrowIf(_instance == IntPtr.Zero, this);

        var max = Encoding.UTF8.GetMaxByteCount(text.Length);
        if (_utf8.Length < max)
        {
            _utf8 = new byte[Math.Max(max, _utf8.Length * 2)];
        }

        var length = Encoding.UTF8.GetBytes(text, _utf8);
        _into = into;
        var handle = GCHandle.Alloc(this);
        try
        {
            var tokenize = (delegate* unmanaged[Cdecl]<IntPtr, IntPtr, int, byte*, int, delegate* unmanaged[Cdecl]<IntPtr, int, byte*, int, int, int, int>, int>)_tokenizer.Tokenize;
            fixed (byte* p = _utf8)
            {
                var rc = tokenize(_instance, GCHandle.ToIntPtr(handle), flags, p, length, &OnToken);
                if (rc != SqliteOk)
                {
                    throw new InvalidOperationException("The FTS5 tokenizer failed (code " + rc.ToString(CultureInfo.InvariantCulture) + ").");
                }
            }
        }
        finally
        {
            handle.Free();
            _into = null;
        }
    }

    /// <summary>The string of one token (UTF-8 from FTS5), made once per distinct token while fewer than <see cref="KnownTokenLimit"/> are kept.</summary>
    private string TokenString(ReadOnlySpan<byte> utf8)
    {
        Span<char> chars = utf8.Length <= 256 ? stackalloc char[utf8.Length] : new char[utf8.Length]; // UTF-8 never has fewer bytes than UTF-16 chars
        var n = Encoding.UTF8.GetChars(utf8, chars); // invalid bytes become U+FFFD, as Encoding.UTF8.GetString makes them
        if (_knownBySpan.TryGetValue(chars[..n], out var known))
        {
            return known;
        }

        var made = new string(chars[..n]);
        if (_known.Count < KnownTokenLimit)
        {
            _known.Add(made);
        }

        return made;
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int OnToken(IntPtr ctx, int flags, byte* token, int n, int start, int end)
    {
        try
        {
            var self = (Fts5Terms)GCHandle.FromIntPtr(ctx).Target!;
            if (self._sink is { } sink)
            {
                sink.Token(new ReadOnlySpan<byte>(token, n));
            }
            else
            {
                self._into!.Add(self.TokenString(new ReadOnlySpan<byte>(token, n)));
            }

            return SqliteOk;
        }
        catch
        {
            return 1; // SQLITE_ERROR
        }
    }

    public void Dispose()
    {
        if (_instance != IntPtr.Zero)
        {
            ((delegate* unmanaged[Cdecl]<IntPtr, void>)_tokenizer.Delete)(_instance);
            _instance = IntPtr.Zero;
        }
    }
}

/// <summary>Takes a document's tokens one by one, as FTS5's UTF-8 bytes (<see cref="Fts5Terms.DocumentTokens(string, IUtf8TokenSink)"/>).</summary>
internal interface IUtf8TokenSink
{
    void Token(ReadOnlySpan<byte> utf8);
}
