namespace QuoteBot.Extraction;

/// <summary>
/// The distinct words the extractor has seen on this thread, each with a number, its string and facts about it
/// that depend on the word alone (looked up in the lexicon once per word, not once per occurrence). Tokens carry the
/// number, so the rules get a word's string or facts by indexing instead of a substring and a hash look-up each time;
/// a fresh substring per ask was the largest share of the extractor's allocations. Strings are immutable, so sharing
/// them between articles changes no result.
/// </summary>
internal sealed class WordTable
{
    // Bounded so that a long-running process reading many articles does not keep every word it ever saw; emptied only
    // between articles, so numbers stay valid while one article is read.
    private const int MaxEntries = 50_000;

    [ThreadStatic]
    private static WordTable? _current;

    // The numbers of the words, by a hash of their characters: open addressing with linear probing, at most half full,
    // 0 for an empty slot. Looked up by span with the words' own hashes kept by number, so that a look-up costs one
    // hash of the span and, for a hit, one comparison (a Dictionary with a span look-up went through the comparer's
    // interface twice per word; the tokenizer asks once per token).
    private int[] _slots = new int[InitialSlots];
    private int[] _hashes = new int[1024];
    private const int InitialSlots = 4096;

    private readonly Dictionary<string, string> _lower = new(StringComparer.Ordinal);
    private string[] _strings = new string[1024];
    private WordFacts[] _facts = new WordFacts[1024];
    private int _count = 1; // 0 means "no number"

    // The numbers of one-character ASCII words (punctuation, initials, digits), read without hashing: a fifth to a
    // third of all tokens. 0 until the character is first seen.
    private readonly int[] _asciiChar = new int[128];

    /// <summary>A new, empty table (the extractor uses <see cref="ForArticle"/>; tests make their own).</summary>
    internal WordTable()
    {
    }

    /// <summary>How many words have a number.</summary>
    internal int Count => _count - 1;

    /// <summary>This thread's table, emptied first when it has grown past its bound.</summary>
    public static WordTable ForArticle()
    {
        var table = _current ??= new WordTable();
        if (table._count > MaxEntries || table._lower.Count > MaxEntries)
        {
            table.Empty();
        }

        return table;
    }

    // Forgets every word (numbers start again from 1).
    internal void Empty()
    {
        _slots = new int[InitialSlots];
        _lower.Clear();
        Array.Clear(_strings);
        Array.Clear(_facts);
        Array.Clear(_hashes);
        Array.Clear(_asciiChar);
        _count = 1;
        _inTable = 0;
    }

    /// <summary>The number of <paramref name="span"/>, added if new.</summary>
    public int Id(ReadOnlySpan<char> span)
    {
        if (span.Length == 1 && span[0] < 128)
        {
            ref var known = ref _asciiChar[span[0]];
            if (known == 0)
            {
                known = Add(span, Hash(span), -1);
            }

            return known;
        }

        var h = Hash(span);
        var slots = _slots;
        var mask = slots.Length - 1;
        for (var i = h & mask; ; i = (i + 1) & mask)
        {
            var id = slots[i];
            if (id == 0)
            {
                return Add(span, h, i);
            }

            if (_hashes[id] == h && span.SequenceEqual(_strings[id]))
            {
                return id;
            }
        }
    }

    /// <summary>
    /// A hash of the characters: four at a time as one 64-bit number, each step multiplied by an odd constant, the
    /// last step's high half folded in (linear probing uses the low bits).
    /// </summary>
    internal static int Hash(ReadOnlySpan<char> span)
    {
        const ulong K = 0x9E3779B97F4A7C15;
        var h = (ulong)span.Length * K;
        var blocks = System.Runtime.InteropServices.MemoryMarshal.Cast<char, ulong>(span);
        foreach (var b in blocks)
        {
            h = (h ^ b) * K;
            h ^= h >> 31;
        }

        for (var i = blocks.Length * 4; i < span.Length; i++)
        {
            h = (h ^ span[i]) * K;
        }

        h *= K;
        return (int)(h >> 32) ^ (int)h;
    }

    // A new number for span, which must not have one yet; slot: its empty slot in the table (-1: not in the table,
    // a one-character ASCII word).
    private int Add(ReadOnlySpan<char> span, int hash, int slot)
    {
        var id = _count++;
        if (id == _strings.Length)
        {
            Array.Resize(ref _strings, id * 2);
            Array.Resize(ref _facts, id * 2);
            Array.Resize(ref _hashes, id * 2);
        }

        _strings[id] = span.ToString();
        _hashes[id] = hash;
        if (slot >= 0)
        {
            _slots[slot] = id;
            if (++_inTable * 2 > _slots.Length)
            {
                Grow();
            }
        }

        return id;
    }

    // Words in the table (not the one-character ASCII words).
    private int _inTable;

    // Twice the slots, every word placed again by its hash.
    private void Grow()
    {
        var slots = new int[_slots.Length * 2];
        var mask = slots.Length - 1;
        foreach (var id in _slots)
        {
            if (id == 0)
            {
                continue;
            }

            var i = _hashes[id] & mask;
            while (slots[i] != 0)
            {
                i = (i + 1) & mask;
            }

            slots[i] = id;
        }

        _slots = slots;
    }

    public string this[int id] => _strings[id];

    /// <summary>The string for <paramref name="span"/>, equal to <c>span.ToString()</c>.</summary>
    public string Get(ReadOnlySpan<char> span) => _strings[Id(span)];

    /// <summary>The lexicon facts of word <paramref name="id"/>, computed on first ask.</summary>
    public WordFacts Facts(int id)
    {
        var f = _facts[id];
        if (f == WordFacts.None)
        {
            f = WordFacts.Computed | Compute(_strings[id]);
            _facts[id] = f;
        }

        return f;
    }

    /// <summary><paramref name="word"/>.ToLowerInvariant(), remembered.</summary>
    public string Lower(string word)
    {
        // Most words asked about are lower-case ASCII already ("he", "said"), for which ToLowerInvariant gives the
        // same characters: answered without the dictionary's hash and look-up (session 21).
        if (System.Text.Ascii.IsValid(word) && !word.AsSpan().ContainsAnyInRange('A', 'Z'))
        {
            return word;
        }

        if (!_lower.TryGetValue(word, out var s))
        {
            s = word.ToLowerInvariant();
            _lower[word] = s;
        }

        return s;
    }

    private static WordFacts Compute(string w)
    {
        var f = WordFacts.None;
        if (w.Length >= 3 && Lexicon.Cues.Contains(w))
        {
            f |= WordFacts.CueWord;
        }

        var bare = w.EndsWith("'s", StringComparison.Ordinal) || w.EndsWith("\u2019s", StringComparison.Ordinal) ? w[..^2] : w;
        if (Lexicon.CommonWordSurnames.Contains(bare))
        {
            f |= WordFacts.CommonWordSurname;
        }

        if (w.Length > 0 && ArticleScan.NameOkFor(w, allCaps: false))
        {
            f |= WordFacts.NameOk;
        }

        if (w.Length > 0 && ArticleScan.NameOkFor(w, allCaps: true))
        {
            f |= WordFacts.NameOkAllCaps;
        }

        return f;
    }
}

/// <summary>What the lexicon says about a word by itself.</summary>
[Flags]
internal enum WordFacts : byte
{
    None = 0,

    /// <summary>The facts have been computed (so a word with no other fact is not computed again).</summary>
    Computed = 1,

    /// <summary>At least three letters and a reporting-verb form in <see cref="Lexicon.Cues"/>.</summary>
    CueWord = 2,

    /// <summary>Without a possessive 's, in <see cref="Lexicon.CommonWordSurnames"/>.</summary>
    CommonWordSurname = 4,

    /// <summary>A capitalized word that may be part of a name (<see cref="ArticleScan.NameOkFor"/>), not all capitals.</summary>
    NameOk = 8,

    /// <summary>The same for a word read as all capitals.</summary>
    NameOkAllCaps = 16,
}
