using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Data.Sqlite;

namespace QuoteBot.Storage.Sqlite;

/// <summary>
/// The full-text index's own tokenizer (FTS5 <c>porter unicode61 remove_diacritics 2</c>, reached through
/// <c>fts5_api.xFindTokenizer</c>), so that the term statistics the store keeps beside FTS5 count exactly the tokens
/// FTS5 indexes. Registers <c>qb_terms(text, speaker, speaker_key, source_title)</c> on a connection: a JSON object
/// <c>{"dl": tokens in the row, "t": [[term, weighted frequency], ...]}</c> of one quote as the index sees it
/// (apostrophes dropped first, as the triggers do), where the weighted frequency is
/// 10 × hits in the text + 3 × in the speaker + 3 × in the speaker key + 1 × in the source title.
/// </summary>
internal sealed unsafe class Fts5Terms : IDisposable
{
    public const string FunctionName = "qb_terms";

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
    private string? _lastKey;
    private string? _lastJson;
    private string? _prevKey;
    private string? _prevJson;

    // Reused across calls (an instance is used by one caller at a time): the text as UTF-8, the tokens of the column
    // being tokenized, and the token strings already made. A bulk load tokenizes a million rows of mostly the same
    // few thousand words; making each token's string once keeps the garbage, and the collections, down.
    private byte[] _utf8 = new byte[1024];
    private List<string>? _into;
    private readonly List<string> _rowTokens = [];
    private readonly Dictionary<string, int> _rowTerms = new(64, StringComparer.Ordinal);
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

    /// <summary>Adds qb_terms to <paramref name="connection"/>, tokenizing with this instance.</summary>
    public void Register(SqliteConnection connection) =>
        connection.CreateFunction<string?, string?, string?, string?, string>(FunctionName, Json, isDeterministic: true);

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
    /// Weighted term frequencies and the token count of one row as FTS5 indexes it; with <paramref name="pairs"/>, also
    /// each pair of tokens next to each other in one column (a two-token phrase) with its weighted frequency, counted as
    /// FTS5 counts phrase hits (every start position, overlapping ones too).
    /// </summary>
    /// <remarks>
    /// The dictionary returned is this instance's own, reused: it holds this row's terms until the next call to
    /// <see cref="Row"/> on the same instance (a bulk load tokenizes a million rows; one dictionary per row was a
    /// sixth of everything the load allocated).
    /// </remarks>
    public (Dictionary<string, int> Terms, int Length) Row(string? text, string? speaker, string? speakerKey, string? title,
        PairCounter? pairs = null)
    {
        var terms = _rowTerms;
        terms.Clear();
        var length = 0;
        var tokens = _rowTokens;
        ReadOnlySpan<string?> columns = [text, speaker, speakerKey, title];
        for (var c = 0; c < columns.Length; c++)
        {
            if (columns[c] is not { Length: > 0 } value)
            {
                continue;
            }

            tokens.Clear();
            // The triggers drop apostrophes before indexing (TextFolding.Fold drops them from queries).
            var indexed = c == 2 ? value : value.Replace("'", "", StringComparison.Ordinal).Replace("\u2019", "", StringComparison.Ordinal);
            Tokenize(indexed, TokenizeDocument, tokens);
            length += tokens.Count;
            foreach (var t in tokens)
            {
                ref var w = ref CollectionsMarshal.GetValueRefOrAddDefault(terms, t, out _);
                w += Weights[c];
            }

            if (pairs is not null)
            {
                for (var i = 0; i + 1 < tokens.Count; i++)
                {
                    pairs.Add(tokens[i], tokens[i + 1], Weights[c]);
                }
            }
        }

        return (terms, length);
    }

    private string Json(string? text, string? speaker, string? speakerKey, string? title)
    {
        // The triggers ask several times for the same row, alternating between the old and the new one on an update:
        // answer from the last two calls.
        var key = string.Concat(text, "\u0001", speaker, "\u0001", speakerKey, "\u0001", title);
        if (_lastKey == key)
        {
            return _lastJson!;
        }

        if (_prevKey == key)
        {
            (_prevKey, _prevJson, _lastKey, _lastJson) = (_lastKey, _lastJson, _prevKey, _prevJson);
            return _lastJson!;
        }

        var counter = new PairCounter(null);
        var (terms, length) = Row(text, speaker, speakerKey, title, counter);
        var pairs = counter.All!;
        var sb = new StringBuilder(32 + (terms.Count + pairs.Count) * 16);
        sb.Append("{\"dl\":").Append(length.ToString(CultureInfo.InvariantCulture)).Append(",\"t\":[");
        var first = true;
        foreach (var (term, w) in terms)
        {
            sb.Append(first ? "[" : ",[");
            first = false;
            AppendString(sb, term);
            sb.Append(',').Append(w.ToString(CultureInfo.InvariantCulture)).Append(']');
        }

        // "p": [[first, second, weighted frequency], ...], the row's two-token phrases (migration 8's pair postings).
        sb.Append("],\"p\":[");
        first = true;
        foreach (var ((a, b), w) in pairs)
        {
            sb.Append(first ? "[" : ",[");
            first = false;
            AppendString(sb, a);
            sb.Append(',');
            AppendString(sb, b);
            sb.Append(',').Append(w.ToString(CultureInfo.InvariantCulture)).Append(']');
        }

        sb.Append("]}");
        (_prevKey, _prevJson) = (_lastKey, _lastJson);
        _lastKey = key;
        _lastJson = sb.ToString();
        return _lastJson;
    }

    /// <summary>Appends <paramref name="value"/> as a JSON string.</summary>
    private static void AppendString(StringBuilder sb, string value)
    {
        sb.Append('"');
        foreach (var ch in value)
        {
            if (ch is '"' or '\\')
            {
                sb.Append('\\').Append(ch);
            }
            else if (ch < ' ')
            {
                sb.Append("\\u").Append(((int)ch).ToString("x4", CultureInfo.InvariantCulture));
            }
            else
            {
                sb.Append(ch);
            }
        }

        sb.Append('"');
    }

    private void Tokenize(string text, int flags, List<string> into)
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
            self._into!.Add(self.TokenString(new ReadOnlySpan<byte>(token, n)));
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

/// <summary>
/// A row's two-token phrases, collected while <see cref="Fts5Terms.Row"/> tokenizes it: every pair by its tokens
/// (<see cref="All"/>, for qb_terms), or with the pair words only the pairs of two of them, by pair key
/// (<see cref="Keyed"/>: first id × 64 + second id, for the bulk path and the backfill).
/// </summary>
internal sealed class PairCounter(Dictionary<string, int>? words)
{
    public Dictionary<(string First, string Second), int>? All { get; } = words is null ? new() : null;

    public Dictionary<int, int>? Keyed { get; } = words is null ? null : new();

    /// <summary>Forgets the pairs counted so far (one counter serves row after row).</summary>
    public void Clear()
    {
        All?.Clear();
        Keyed?.Clear();
    }

    public void Add(string first, string second, int weight)
    {
        if (words is null)
        {
            CollectionsMarshal.GetValueRefOrAddDefault(All!, (first, second), out _) += weight;
        }
        else if (words.TryGetValue(first, out var a) && words.TryGetValue(second, out var b))
        {
            CollectionsMarshal.GetValueRefOrAddDefault(Keyed!, a * 64 + b, out _) += weight;
        }
    }
}
