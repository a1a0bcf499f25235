namespace QuoteBot.Extraction;

/// <summary>
/// The strings of the words the extractor looks at, made once per thread and reused: the rules ask for the same
/// words ("said", "the", a speaker's name) thousands of times per article, and a fresh substring for each ask was the
/// largest share of the extractor's allocations. Strings are immutable, so sharing them changes no result.
/// </summary>
internal static class WordCache
{
    // Bounded so that a long-running process reading many articles does not keep every word it ever saw.
    private const int MaxEntries = 50_000;

    [ThreadStatic]
    private static Dictionary<string, string>? _words;

    [ThreadStatic]
    private static Dictionary<string, string>? _lower;

    /// <summary>The string for <paramref name="span"/>, equal to <c>span.ToString()</c>.</summary>
    public static string Get(ReadOnlySpan<char> span)
    {
        var words = _words ??= new Dictionary<string, string>(StringComparer.Ordinal);
        var lookup = words.GetAlternateLookup<ReadOnlySpan<char>>();
        if (lookup.TryGetValue(span, out var s))
        {
            return s;
        }

        if (words.Count >= MaxEntries)
        {
            words.Clear();
        }

        s = span.ToString();
        words[s] = s;
        return s;
    }

    /// <summary><paramref name="word"/>.ToLowerInvariant(), remembered.</summary>
    public static string Lower(string word)
    {
        var lower = _lower ??= new Dictionary<string, string>(StringComparer.Ordinal);
        if (lower.TryGetValue(word, out var s))
        {
            return s;
        }

        if (lower.Count >= MaxEntries)
        {
            lower.Clear();
        }

        s = word.ToLowerInvariant();
        lower[word] = s;
        return s;
    }
}
