using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using QuoteBot.Core.Text;

namespace QuoteBot.Storage.Sqlite.Postings;

/// <summary>
/// The terms a bulk load has met, by number (0, 1, 2, ... in the order first met): the load's analysers and its buffer
/// work with these numbers, and a term's string is made once, when it is first met. Numbers are handed out under a
/// lock (analysers run in parallel); names are read when no analyser runs.
/// </summary>
internal sealed class BulkTerms
{
    private readonly object _gate = new();
    private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);
    private string[] _names = new string[1024];
    private int _count;

    /// <summary>Terms numbered so far.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _count;
            }
        }
    }

    /// <summary>The number of <paramref name="term"/>, given it now if it has none.</summary>
    public int IdOf(string term)
    {
        lock (_gate)
        {
            ref var id = ref CollectionsMarshal.GetValueRefOrAddDefault(_ids, term, out var found);
            if (!found)
            {
                id = _count;
                if (_count == _names.Length)
                {
                    Array.Resize(ref _names, _count * 2);
                }

                _names[_count++] = term;
            }

            return id;
        }
    }

    /// <summary>The term numbered <paramref name="id"/>.</summary>
    public string Name(int id)
    {
        lock (_gate)
        {
            return _names[id];
        }
    }

    /// <summary>
    /// The names of the terms numbered so far, by number (<paramref name="count"/> of them; the array may be longer and
    /// gain names after this returns, but a name given never changes), read without a lock per name.
    /// </summary>
    public string[] Names(out int count)
    {
        lock (_gate)
        {
            count = _count;
            return _names;
        }
    }

    /// <summary>Forgets every term (numbers start again from 0).</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _ids.Clear();
            _ids.TrimExcess();
            _names = new string[1024];
            _count = 0;
        }
    }
}

/// <summary>
/// A map from UTF-8 byte strings to numbers: one analyser's view of the load's term numbers, so a token FTS5 hands over
/// is looked up without decoding it. Open addressing over one array of entries, each holding its key's first eight
/// bytes, its length and its hash: a key of up to eight bytes (nearly every token) is found by reading one entry,
/// longer keys compare their rest in one byte array (no string per key).
/// </summary>
internal sealed class Utf8TermMap
{
    private Entry[] _entries = new Entry[1024]; // at most half full
    private byte[] _rest = new byte[4096]; // bytes after the first eight of the longer keys
    private int _used;
    private int _count;

    private struct Entry
    {
        public ulong Head; // the key's first eight bytes (little-endian), zero-padded
        public uint Tag; // the hash with the top bit set; 0: empty
        public int Length;
        public int Rest; // where the key's bytes after the first eight start in _rest
        public int Value;
    }

    public int Count => _count;

    public bool TryGet(ReadOnlySpan<byte> key, out int value)
    {
        var head = Head(key);
        var tag = Tag(key, head);
        var entries = _entries;
        var mask = entries.Length - 1;
        for (var b = (int)tag & mask; ; b = (b + 1) & mask)
        {
            ref var e = ref entries[b];
            if (e.Tag == 0)
            {
                value = -1;
                return false;
            }

            if (e.Tag == tag && e.Head == head && e.Length == key.Length
                && (key.Length <= 8 || key[8..].SequenceEqual(_rest.AsSpan(e.Rest, key.Length - 8))))
            {
                value = e.Value;
                return true;
            }
        }
    }

    /// <summary>Adds a key that is not in the map.</summary>
    public void Add(ReadOnlySpan<byte> key, int value)
    {
        if ((_count + 1) * 2 > _entries.Length)
        {
            Grow();
        }

        var rest = 0;
        if (key.Length > 8)
        {
            if (_used + key.Length - 8 > _rest.Length)
            {
                Array.Resize(ref _rest, Math.Max(_rest.Length * 2, _used + key.Length - 8));
            }

            key[8..].CopyTo(_rest.AsSpan(_used));
            rest = _used;
            _used += key.Length - 8;
        }

        var head = Head(key);
        Place(_entries, new Entry { Head = head, Tag = Tag(key, head), Length = key.Length, Rest = rest, Value = value });
        _count++;
    }

    public void Clear()
    {
        _entries = new Entry[1024];
        _rest = new byte[4096];
        _used = 0;
        _count = 0;
    }

    private void Grow()
    {
        var bigger = new Entry[_entries.Length * 2];
        foreach (var e in _entries)
        {
            if (e.Tag != 0)
            {
                Place(bigger, e);
            }
        }

        _entries = bigger;
    }

    private static void Place(Entry[] entries, Entry entry)
    {
        var mask = entries.Length - 1;
        var b = (int)entry.Tag & mask;
        while (entries[b].Tag != 0)
        {
            b = (b + 1) & mask;
        }

        entries[b] = entry;
    }

    /// <summary>The key's first eight bytes as a number (little-endian; zero-padded when shorter).</summary>
    private static ulong Head(ReadOnlySpan<byte> key)
    {
        if (key.Length >= 8)
        {
            return BinaryPrimitives.ReadUInt64LittleEndian(key);
        }

        ulong head = 0;
        for (var i = key.Length - 1; i >= 0; i--)
        {
            head = (head << 8) | key[i];
        }

        return head;
    }

    /// <summary>A hash of the key (its head, its length, and eight bytes at a time of the rest), top bit set.</summary>
    private static uint Tag(ReadOnlySpan<byte> key, ulong head)
    {
        const ulong Mul = 0x9E3779B97F4A7C15UL;
        var h = (head ^ (ulong)key.Length) * Mul;
        for (var i = 8; i < key.Length; i += 8)
        {
            var part = key.Length - i >= 8 ? BinaryPrimitives.ReadUInt64LittleEndian(key[i..]) : Head(key[i..]);
            h = ((h ^ (h >> 29)) ^ part) * Mul;
        }

        h ^= h >> 32;
        return (uint)h | 0x80000000u;
    }
}

/// <summary>
/// Quotes analysed by one <see cref="BulkAnalyzer"/>, compactly, in the order given: per quote its length, its speaker
/// and its postings (term number, weighted frequency, and for tokens the positions already encoded as a term's list
/// keeps them, <see cref="Varint.WritePositions"/>). Reused from batch to batch: nothing per quote is allocated.
/// </summary>
internal sealed class AnalyzedQuotes
{
    private int[] _data = new int[4096];
    private int _used;

    /// <summary>Encoded positions of every token posting, in order.</summary>
    public ByteBuffer Positions { get; } = new(4096);

    /// <summary>Each quote's speaker name (null or empty: none).</summary>
    public List<string?> Speakers { get; } = [];

    /// <summary>Each quote's length (tokens over its four columns).</summary>
    public List<int> Lengths { get; } = [];

    /// <summary>Per quote: how many postings, then per posting: term, weighted frequency, positions start and length (-1: none).</summary>
    public ReadOnlySpan<int> Data => _data.AsSpan(0, _used);

    public int Count => Lengths.Count;

    public void Clear()
    {
        _used = 0;
        Positions.Clear();
        Speakers.Clear();
        Lengths.Clear();
    }

    /// <summary>Room for <paramref name="n"/> more ints; returns where they start.</summary>
    internal int Reserve(int n)
    {
        if (_used + n > _data.Length)
        {
            Array.Resize(ref _data, Math.Max(_data.Length * 2, _used + n));
        }

        var at = _used;
        _used += n;
        return at;
    }

    internal Span<int> At(int start, int n) => _data.AsSpan(start, n);
}

/// <summary>
/// One thread's analyser of a bulk load: the same postings as <see cref="Analysis.Of"/> (tokens of the four columns
/// with weighted frequencies and positions, pair terms of neighbouring pair words, the quote's length), with terms
/// as the load's numbers (<see cref="BulkTerms"/>) looked up straight from FTS5's UTF-8 bytes and gathered per quote
/// in arrays indexed by term number, into an <see cref="AnalyzedQuotes"/>: no strings, dictionaries or objects per
/// quote. Tokens of speaker names and keys are kept per speaker (a load meets each speaker many times).
/// </summary>
internal sealed class BulkAnalyzer : IUtf8TokenSink
{
    /// <summary>At most this many speakers' tokens are kept; names longer than <see cref="PostingsTokenizer.RepeatedColumnMaxLength"/> are not kept.</summary>
    internal const int SpeakerLimit = 4096;

    private readonly BulkTerms _terms;
    private readonly Utf8TermMap _local = new();
    private readonly PairIdMap _pairIds = new();
    private readonly Dictionary<string, (int[] Name, int[] Key)> _speakers = new(StringComparer.Ordinal);
    private IReadOnlySet<string>? _pairWords;
    private bool _anyWord;
    private bool _pairs;
    private int _levelSum;

    // By term number: the quote that last met it, its slot in that quote, and 0 for a word that is no pair word, else
    // its pair level + 1 (Analysis.IsPair's rule: with levels, two pair words pair when their levels add up to at most
    // the level sum; without, every two pair words pair).
    private int[] _stamp = new int[1024];
    private int[] _slotOf = new int[1024];
    private byte[] _pairWord = new byte[1024];
    private int _quote;

    // The quote being analysed: its slots (one per distinct term, in order met) and its token hits.
    private int[] _slotTerm = new int[64];
    private int[] _slotWtf = new int[64];
    private int[] _slotCount = new int[64];
    private bool[] _slotIsPair = new bool[64];
    private int _slots;
    private int[] _hitSlot = new int[256];
    private int[] _hitPosition = new int[256];
    private int _hits;
    private int[] _arena = new int[256];
    private int[] _offsets = new int[64];

    // The column being tokenized.
    private int[] _tokens = new int[256];
    private int _tokenCount;
    private char[] _chars = new char[256];

    public BulkAnalyzer(BulkTerms terms)
    {
        _terms = terms;
    }

    /// <summary>Where <see cref="Analyze"/> writes (a pipelined load gives each analyser two, used in turn).</summary>
    public AnalyzedQuotes Output { get; set; } = new();

    /// <summary>Prepares for a batch with the index's pair words (what was kept of another pair word set is dropped).</summary>
    public void Begin(IReadOnlySet<string>? pairWords, bool anyWord)
    {
        if (!ReferenceEquals(pairWords, _pairWords) || anyWord != _anyWord)
        {
            Forget();
            _pairWords = pairWords;
            _anyWord = anyWord;
        }

        _pairs = pairWords is { Count: > 0 };
        _levelSum = pairWords is PairWordSet leveled ? leveled.LevelSum : int.MaxValue / 2;
        Output.Clear();
    }

    /// <summary>Drops every term number kept (the load's <see cref="BulkTerms"/> were cleared).</summary>
    public void Forget()
    {
        _local.Clear();
        _pairIds.Clear();
        _speakers.Clear();
        _stamp = new int[1024];
        _slotOf = new int[1024];
        _pairWord = new byte[1024];
        _quote = 0;
    }

    /// <summary>Analyses one quote into <see cref="Output"/>.</summary>
    public void Analyze(PostingsTokenizer tokenizer, IndexedQuote q)
    {
        _quote++;
        _slots = 0;
        _hits = 0;
        var length = 0;

        length += Column(0, Tokens(tokenizer, Strip(q.Text)));
        var (name, key) = SpeakerTokens(tokenizer, q.Speaker);
        length += Column(1, name);
        length += Column(2, key);
        length += Column(3, Tokens(tokenizer, Strip(q.Title)));

        // Every token's positions grouped by slot, in the order met (so increasing), then encoded per token.
        var offsets = Fit(ref _offsets, _slots + 1);
        var start = 0;
        for (var s = 0; s < _slots; s++)
        {
            offsets[s] = start;
            start += _slotIsPair[s] ? 0 : _slotCount[s];
        }

        var arena = Fit(ref _arena, _hits);
        for (var h = 0; h < _hits; h++)
        {
            arena[offsets[_hitSlot[h]]++] = _hitPosition[h];
        }

        var output = Output;
        var at = output.Reserve(1 + 4 * _slots);
        var data = output.At(at, 1 + 4 * _slots);
        data[0] = _slots;
        var end = 0;
        for (var s = 0; s < _slots; s++)
        {
            var d = data.Slice(1 + 4 * s, 4);
            d[0] = _slotTerm[s];
            d[1] = _slotWtf[s];
            if (_slotIsPair[s])
            {
                d[2] = 0;
                d[3] = -1;
                continue;
            }

            var from = output.Positions.Count;
            Varint.WritePositions(output.Positions, arena.AsSpan(end, _slotCount[s]));
            end += _slotCount[s];
            d[2] = from;
            d[3] = output.Positions.Count - from;
        }

        output.Speakers.Add(q.Speaker);
        output.Lengths.Add(length);
    }

    /// <summary>Takes one token of the column being tokenized (called by FTS5's tokenizer).</summary>
    public void Token(ReadOnlySpan<byte> utf8)
    {
        if (!_local.TryGet(utf8, out var id))
        {
            if (_chars.Length < utf8.Length)
            {
                _chars = new char[Math.Max(utf8.Length, _chars.Length * 2)];
            }

            var n = Encoding.UTF8.GetChars(utf8, _chars); // invalid bytes become U+FFFD, as Analysis's token strings have them
            var term = new string(_chars, 0, n);
            id = _terms.IdOf(term);
            Ensure(id);
            _pairWord[id] = PairMark(term);
            _local.Add(utf8, id);
        }

        if (_tokenCount == _tokens.Length)
        {
            Array.Resize(ref _tokens, _tokens.Length * 2);
        }

        _tokens[_tokenCount++] = id;
    }

    private static string? Strip(string? value) =>
        value?.Replace("'", "", StringComparison.Ordinal).Replace("\u2019", "", StringComparison.Ordinal);

    /// <summary>The tokens of one column, as term numbers (valid until the next call).</summary>
    private ReadOnlySpan<int> Tokens(PostingsTokenizer tokenizer, string? text)
    {
        _tokenCount = 0;
        tokenizer.Document(text, this);
        return _tokens.AsSpan(0, _tokenCount);
    }

    /// <summary>The tokens of a speaker's name (apostrophes dropped) and of its key, kept per name.</summary>
    private (int[] Name, int[] Key) SpeakerTokens(PostingsTokenizer tokenizer, string? speaker)
    {
        if (string.IsNullOrEmpty(speaker))
        {
            return ([], []);
        }

        if (_speakers.TryGetValue(speaker, out var kept))
        {
            return kept;
        }

        var name = Tokens(tokenizer, Strip(speaker)).ToArray();
        var key = Tokens(tokenizer, TextFolding.SpeakerKey(speaker)).ToArray();
        if (_speakers.Count < SpeakerLimit && speaker.Length <= PostingsTokenizer.RepeatedColumnMaxLength)
        {
            _speakers[speaker] = (name, key);
        }

        return (name, key);
    }

    /// <summary>One column's tokens into the quote's slots and hits; returns how many there were.</summary>
    private int Column(int column, ReadOnlySpan<int> tokens)
    {
        var weight = PostingsTokenizer.Weights[column];
        for (var i = 0; i < tokens.Length; i++)
        {
            var id = tokens[i];
            var s = Slot(id, isPair: false);
            _slotWtf[s] += weight;
            _slotCount[s]++;
            if (_hits == _hitSlot.Length)
            {
                Array.Resize(ref _hitSlot, _hits * 2);
                Array.Resize(ref _hitPosition, _hits * 2);
            }

            _hitSlot[_hits] = s;
            _hitPosition[_hits++] = (column << Analysis.ColumnShift) | i;
            if (_pairs && i > 0 && IsPair(tokens[i - 1], id))
            {
                var pair = Slot(PairId(tokens[i - 1], id), isPair: true); // (may grow the slot arrays: taken before indexing them)
                _slotWtf[pair] += weight;
            }
        }

        return tokens.Length;
    }

    private bool IsPair(int first, int second)
    {
        int a = _pairWord[first], b = _pairWord[second];
        return _anyWord ? (a | b) != 0 : a != 0 && b != 0 && (a - 1) + (b - 1) <= _levelSum;
    }

    private byte PairMark(string term) =>
        _pairWords switch
        {
            PairWordSet leveled => leveled.Levels.TryGetValue(term, out var level) ? (byte)Math.Min(level + 1, byte.MaxValue) : (byte)0,
            { } plain => plain.Contains(term) ? (byte)1 : (byte)0,
            null => 0,
        };

    /// <summary>The term number of the pair term of two neighbouring tokens (<see cref="Analysis.PairTerm"/>).</summary>
    private int PairId(int first, int second)
    {
        if (!_pairIds.TryGet(first, second, out var id))
        {
            id = _terms.IdOf(Analysis.PairTerm(_terms.Name(first), _terms.Name(second)));
            Ensure(id);
            _pairWord[id] = 0;
            _pairIds.Add(first, second, id);
        }

        return id;
    }

    /// <summary>The quote's slot of a term, made when the quote meets it first.</summary>
    private int Slot(int id, bool isPair)
    {
        if (_stamp[id] == _quote)
        {
            return _slotOf[id];
        }

        if (_slots == _slotTerm.Length)
        {
            var n = _slots * 2;
            Array.Resize(ref _slotTerm, n);
            Array.Resize(ref _slotWtf, n);
            Array.Resize(ref _slotCount, n);
            Array.Resize(ref _slotIsPair, n);
        }

        var s = _slots++;
        _stamp[id] = _quote;
        _slotOf[id] = s;
        _slotTerm[s] = id;
        _slotWtf[s] = 0;
        _slotCount[s] = 0;
        _slotIsPair[s] = isPair;
        return s;
    }

    /// <summary>Room in the by-number arrays for term <paramref name="id"/>.</summary>
    private void Ensure(int id)
    {
        if (id < _stamp.Length)
        {
            return;
        }

        var n = Math.Max(id + 1, _stamp.Length * 2);
        Array.Resize(ref _stamp, n);
        Array.Resize(ref _slotOf, n);
        Array.Resize(ref _pairWord, n);
    }

    private static int[] Fit(ref int[] array, int n)
    {
        if (array.Length < n)
        {
            array = new int[Math.Max(n, array.Length * 2)];
        }

        return array;
    }
}

/// <summary>
/// Term numbers of pair terms by the numbers of their two words (open addressing, keys never removed): the analyser
/// looks one up for every pair of neighbouring pair words, so this is a hot path.
/// </summary>
internal sealed class PairIdMap
{
    private long[] _keys = new long[1024];
    private int[] _values = new int[1024];
    private bool[] _used = new bool[1024];
    private int _count;

    public int Count => _count;

    public bool TryGet(int first, int second, out int value)
    {
        var key = Key(first, second);
        var mask = _keys.Length - 1;
        for (var i = Hash(key) & mask; _used[i]; i = (i + 1) & mask)
        {
            if (_keys[i] == key)
            {
                value = _values[i];
                return true;
            }
        }

        value = -1;
        return false;
    }

    /// <summary>Adds a pair that is not in the map.</summary>
    public void Add(int first, int second, int value)
    {
        if ((_count + 1) * 2 > _keys.Length)
        {
            Grow();
        }

        var key = Key(first, second);
        var mask = _keys.Length - 1;
        var i = Hash(key) & mask;
        while (_used[i])
        {
            i = (i + 1) & mask;
        }

        _used[i] = true;
        _keys[i] = key;
        _values[i] = value;
        _count++;
    }

    private static long Key(int first, int second) => ((long)first << 32) | (uint)second;

    public void Clear()
    {
        _keys = new long[1024];
        _values = new int[1024];
        _used = new bool[1024];
        _count = 0;
    }

    private void Grow()
    {
        var (keys, values, used) = (_keys, _values, _used);
        _keys = new long[keys.Length * 2];
        _values = new int[keys.Length * 2];
        _used = new bool[keys.Length * 2];
        var mask = _keys.Length - 1;
        for (var j = 0; j < keys.Length; j++)
        {
            if (used[j])
            {
                var i = Hash(keys[j]) & mask;
                while (_used[i])
                {
                    i = (i + 1) & mask;
                }

                _used[i] = true;
                _keys[i] = keys[j];
                _values[i] = values[j];
            }
        }
    }

    private static int Hash(long key)
    {
        var h = (ulong)key * 0x9E3779B97F4A7C15UL;
        return (int)(h >> 33);
    }
}
