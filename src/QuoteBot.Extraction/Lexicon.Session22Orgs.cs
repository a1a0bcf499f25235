namespace QuoteBot.Extraction;

// Session 22 (s22b-orgs): organisation words news copy uses that the older lists lacked.
internal static partial class Lexicon
{
    // "the collective said", "the caucus said": more nouns that, after "the", stand for a body named earlier.
    private static readonly WordSet OtherBodyNouns = new(StringComparer.OrdinalIgnoreCase)
    {
        "collective", "syndicate", "caucus", "co-op", "forum",
    };

    // Words that make a name a place ("Allen County", "Lima City"): "the company" never stands for one.
    private static readonly WordSet PlaceKindWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "county", "city", "province", "region", "district", "borough", "township", "parish", "municipality", "prefecture",
    };

    // A body's kind told by a word of its name that differs from the noun: "the union" for "Autoworkers Local 1147",
    // "the Teamsters", "the Brotherhood of …"; "the cooperative" for "the Hill Farmers' Co-op".
    private static readonly Dictionary<string, string[]> KindWords = new(StringComparer.OrdinalIgnoreCase)
    {
        ["union"] = ["local", "lodge", "workers", "autoworkers", "teamsters", "brotherhood", "employees"],
        ["cooperative"] = ["co-op", "coop", "co-operative"],
        ["co-op"] = ["cooperative", "co-operative", "coop"],
    };

    /// <summary>Whether a word of <paramref name="words"/> tells the kind "the <paramref name="noun"/>" names (see <see cref="KindWords"/>).</summary>
    private static bool KindWordMatches(string noun, string[] words)
    {
        if (!KindWords.TryGetValue(noun, out var kinds))
        {
            return false;
        }

        foreach (var w in words)
        {
            foreach (var k in kinds)
            {
                if (w.Equals(k, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>
    /// s22c-orgs2: whether the last word of <paramref name="words"/> is the plural of <paramref name="noun"/>: a body of
    /// bodies is called by what it gathers ("the union" → "Federation of University Lecturers' Unions", "the
    /// association" → "Council of Tenants Associations").
    /// </summary>
    private static bool PluralHeadMatches(string noun, string[] words)
    {
        if (words.Length < 2 || noun.Length < 3)
        {
            return false;
        }

        var last = words[^1];
        return (last.Length == noun.Length + 1 && last.StartsWith(noun, StringComparison.OrdinalIgnoreCase) && last[^1] == 's')
            || (noun[^1] == 'y' && last.Length == noun.Length + 2 && last.EndsWith("ies", StringComparison.OrdinalIgnoreCase)
                && last.AsSpan(0, noun.Length - 1).Equals(noun.AsSpan(0, noun.Length - 1), StringComparison.OrdinalIgnoreCase));
    }
}
