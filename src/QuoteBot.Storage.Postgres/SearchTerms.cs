using QuoteBot.Core.Search;

namespace QuoteBot.Storage.Postgres;

/// <summary>The positive words of a query as the tsquery and the BM25 clauses see them.</summary>
internal static class SearchTerms
{
    /// <summary>
    /// The query's positive words as the index sees them: single words (one-word phrases included) and phrases of two
    /// or more words, each word as <see cref="PostgresQuoteStore.Operand"/> keeps it (letters and digits only), unquoted.
    /// </summary>
    public static (List<string> Singles, List<string[]> Phrases) Split(QuoteQuery query)
    {
        var singles = new List<string>();
        var phrases = new List<string[]>();
        foreach (var term in query.Terms)
        {
            if (Clean(term) is { } w)
            {
                singles.Add(w);
            }
        }

        foreach (var phrase in query.Phrases)
        {
            var words = phrase.Select(Clean).OfType<string>().ToArray();
            if (words.Length == 1)
            {
                singles.Add(words[0]);
            }
            else if (words.Length > 1)
            {
                phrases.Add(words);
            }
        }

        return (singles, phrases);
    }

    /// <summary>'a' &amp; 'b' for words, ('a' &lt;-&gt; 'b') for a phrase; the words are letters and digits only.</summary>
    public static string Conjunction(IEnumerable<string> singles, IEnumerable<string[]> phrases) =>
        string.Join(" & ", singles.Select(Quote).Concat(phrases.Select(p => "(" + string.Join(" <-> ", p.Select(Quote)) + ")")));

    private static string Quote(string word) => "'" + word + "'";

    /// <summary>The word as PostgresQuoteStore.Operand keeps it, without the quotes; null when nothing is left.</summary>
    private static string? Clean(string word) => PostgresQuoteStore.Operand(word) is { } o ? o[1..^1] : null;
}
