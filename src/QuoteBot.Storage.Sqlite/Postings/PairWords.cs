using System.Collections;

namespace QuoteBot.Storage.Sqlite.Postings;

/// <summary>
/// Pair words with levels (issue 16, session 13): a word's level is ⌈log2(quotes / quotes holding it)⌉ when the words
/// were chosen (0 for a word in every quote, 1 down to half of them, …), and two of them next to each other get pair
/// postings only when their levels add up to at most <see cref="LevelSum"/>: the pairs whose phrase would otherwise
/// align the most candidates (about quotes × 2^-(level sum) when the words fall independently), so the commonest words
/// get pairs with many partners and the less common ones only with the commonest. Kept in <c>px_pair_words</c> (the
/// words) and <c>px_meta</c> (<c>pair_level_sum</c>, <c>pair_level:</c>word); an index without them pairs every two
/// of its pair words (the rule before session 13).
/// </summary>
internal sealed class PairWordSet : IReadOnlySet<string>
{
    /// <summary>The <c>px_meta</c> key of the level sum; each word's level is under <see cref="LevelKeyPrefix"/> + word.</summary>
    public const string LevelSumKey = "pair_level_sum";

    public const string LevelKeyPrefix = "pair_level:";

    private readonly Dictionary<string, int> _levels;

    public PairWordSet(IReadOnlyDictionary<string, int> levels, int levelSum)
    {
        if (levelSum < 0 || levels.Values.Any(l => l < 0))
        {
            throw new ArgumentException("Pair word levels and their sum must not be negative.", nameof(levels));
        }

        _levels = new Dictionary<string, int>(levels, StringComparer.Ordinal);
        LevelSum = levelSum;
    }

    /// <summary>Two pair words next to each other have pair postings when their levels add up to at most this.</summary>
    public int LevelSum { get; }

    public IReadOnlyDictionary<string, int> Levels => _levels;

    /// <summary>The level of a word for a share of quotes holding it: ⌈log2(docs / df)⌉ (0 when every quote holds it).</summary>
    public static int LevelOf(long df, long docs)
    {
        if (df <= 0 || docs <= 0 || df > docs)
        {
            throw new ArgumentOutOfRangeException(nameof(df), "A word's document frequency must be between 1 and the number of quotes.");
        }

        var level = 0;
        while ((df << level) < docs)
        {
            level++;
        }

        return level;
    }

    /// <summary>Whether the two tokens, next to each other, have pair postings under this rule.</summary>
    public bool IsPair(string first, string second) =>
        _levels.TryGetValue(first, out var a) && _levels.TryGetValue(second, out var b) && a + b <= LevelSum;

    public int Count => _levels.Count;

    public bool Contains(string item) => _levels.ContainsKey(item);

    public IEnumerator<string> GetEnumerator() => _levels.Keys.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public bool IsProperSubsetOf(IEnumerable<string> other) => _levels.Keys.ToHashSet(StringComparer.Ordinal).IsProperSubsetOf(other);

    public bool IsProperSupersetOf(IEnumerable<string> other) => _levels.Keys.ToHashSet(StringComparer.Ordinal).IsProperSupersetOf(other);

    public bool IsSubsetOf(IEnumerable<string> other) => _levels.Keys.ToHashSet(StringComparer.Ordinal).IsSubsetOf(other);

    public bool IsSupersetOf(IEnumerable<string> other) => _levels.Keys.ToHashSet(StringComparer.Ordinal).IsSupersetOf(other);

    public bool Overlaps(IEnumerable<string> other) => other.Any(Contains);

    public bool SetEquals(IEnumerable<string> other) => _levels.Keys.ToHashSet(StringComparer.Ordinal).SetEquals(other);
}
