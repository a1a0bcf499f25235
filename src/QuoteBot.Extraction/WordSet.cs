using System.Collections;
using System.Runtime.CompilerServices;

namespace QuoteBot.Extraction;

/// <summary>
/// A set of words compared ignoring case (<see cref="StringComparer.OrdinalIgnoreCase"/>), as the lexicon's word lists
/// are: the same answers as a <c>HashSet&lt;string&gt;</c> with that comparer, but most words that are not in the set
/// are turned away without hashing them. The rules ask a dozen lists about almost every word they look at, and most
/// of those asks are misses; a miss here reads the word's length and its first and last characters and tests one
/// bit (a table of 4,096 bits per list, set for every word added), where the hash set would hash every character
/// (folding its case) first. A word whose first or last character is outside ASCII is always looked up in full.
/// </summary>
internal sealed class WordSet : IEnumerable<string>
{
    private const int FilterBits = 4096;

    private readonly HashSet<string> _words = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _bySpan;
    private readonly ulong[] _filter = new ulong[FilterBits / 64];

    // True once a word was added whose first or last character is outside ASCII but equals an ASCII character when case
    // is ignored: the filter cannot speak for it, so every ask is looked up in full.
    private bool _unfiltered;

    /// <summary>An empty set; <paramref name="comparer"/> must be <see cref="StringComparer.OrdinalIgnoreCase"/>.</summary>
    public WordSet(IEqualityComparer<string> comparer)
    {
        if (!ReferenceEquals(comparer, StringComparer.OrdinalIgnoreCase))
        {
            throw new ArgumentException("a word set compares with StringComparer.OrdinalIgnoreCase only", nameof(comparer));
        }

        _bySpan = _words.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>A set of <paramref name="words"/>; <paramref name="comparer"/> must be <see cref="StringComparer.OrdinalIgnoreCase"/>.</summary>
    public WordSet(IEnumerable<string> words, IEqualityComparer<string> comparer)
        : this(comparer)
    {
        foreach (var w in words)
        {
            Add(w);
        }
    }

    public int Count => _words.Count;

    /// <summary>Adds <paramref name="word"/>; false when it (in any case) was there already.</summary>
    public bool Add(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        if (word.Length > 0)
        {
            char first = word[0], last = word[^1];
            if (first < 128 && last < 128)
            {
                var h = Slot(word.Length, first, last);
                _filter[h >> 6] |= 1UL << h;
            }
            else if ((first >= 128 && EqualsSomeAsciiIgnoringCase(first)) || (last >= 128 && EqualsSomeAsciiIgnoringCase(last)))
            {
                _unfiltered = true;
            }

            // Otherwise no word with ASCII at both ends can equal this one, and every other word is looked up in full.
        }

        return _words.Add(word);
    }

    /// <summary>Removes <paramref name="word"/> (in any case). Its filter bit stays: the filter only ever lets too much through.</summary>
    public bool Remove(string word) => _words.Remove(word);

    /// <summary>Whether the set holds <paramref name="word"/>, ignoring case.</summary>
    public bool Contains(string word) => MayContain(word) && _words.Contains(word);

    /// <summary>Whether the set holds <paramref name="word"/>, ignoring case.</summary>
    public bool Contains(ReadOnlySpan<char> word) => MayContain(word) && _bySpan.Contains(word);

    public IEnumerator<string> GetEnumerator() => _words.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    // False only when the word cannot be in the set.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool MayContain(ReadOnlySpan<char> word)
    {
        if (word.Length == 0 || _unfiltered)
        {
            return true;
        }

        char first = word[0], last = word[^1];
        if ((first | last) >= 128)
        {
            return true;
        }

        var h = Slot(word.Length, first, last);
        return (_filter[h >> 6] & (1UL << h)) != 0;
    }

    // The filter bit for a word of this length and these (ASCII) end characters, the same for any case of them.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Slot(int length, char first, char last)
    {
        var key = (uint)((Fold(first) << 16) | (Fold(last) << 8)) ^ (uint)length;
        return (int)((key * 0x9E3779B1u) >> 20);
    }

    // ASCII letters to upper case, other ASCII characters as they are: what OrdinalIgnoreCase does to ASCII.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Fold(char c) => (uint)(c - 'a') <= 'z' - 'a' ? c - 32 : c;

    private static bool EqualsSomeAsciiIgnoringCase(char c)
    {
        Span<char> one = [c];
        Span<char> ascii = [' '];
        for (var a = 0; a < 128; a++)
        {
            ascii[0] = (char)a;
            if (MemoryExtensions.Equals(one, ascii, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
