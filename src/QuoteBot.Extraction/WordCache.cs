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

    private readonly Dictionary<string, int> _ids;

    // Made once: getting an alternate lookup checks the dictionary's comparer each time (a type test per token).
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _idsBySpan;
    private readonly Dictionary<string, string> _lower = new(StringComparer.Ordinal);
    private string[] _strings = new string[1024];
    private WordFacts[] _facts = new WordFacts[1024];
    private int _count = 1; // 0 means "no number"

    // The numbers of one-character ASCII words (punctuation, initials, digits), read without hashing: a fifth to a
    // third of all tokens. 0 until the character is first seen.
    private readonly int[] _asciiChar = new int[128];

    private WordTable()
    {
        _ids = new Dictionary<string, int>(StringComparer.Ordinal);
        _idsBySpan = _ids.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>This thread's table, emptied first when it has grown past its bound.</summary>
    public static WordTable ForArticle()
    {
        var table = _current ??= new WordTable();
        if (table._count > MaxEntries || table._lower.Count > MaxEntries)
        {
            table._ids.Clear();
            table._lower.Clear();
            Array.Clear(table._strings);
            Array.Clear(table._facts);
            Array.Clear(table._asciiChar);
            table._count = 1;
        }

        return table;
    }

    /// <summary>The number of <paramref name="span"/>, added if new.</summary>
    public int Id(ReadOnlySpan<char> span)
    {
        if (span.Length == 1 && span[0] < 128)
        {
            ref var known = ref _asciiChar[span[0]];
            if (known == 0)
            {
                known = Add(span);
            }

            return known;
        }

        if (_idsBySpan.TryGetValue(span, out var id))
        {
            return id;
        }

        return Add(span);
    }

    // A new number for span, which must not have one yet.
    private int Add(ReadOnlySpan<char> span)
    {
        var id = _count++;
        if (id == _strings.Length)
        {
            Array.Resize(ref _strings, id * 2);
            Array.Resize(ref _facts, id * 2);
        }

        var s = span.ToString();
        _strings[id] = s;
        _ids[s] = id;
        return id;
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
