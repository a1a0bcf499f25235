namespace QuoteBot.Extraction;

// Session 22 (s22b-orgs): organisations as speakers. A body whose name holds an irregular plural possessive
// ("Westbay Fishermen's Cooperative", "the Women's Institute") is a body, not a person named "Westbay Fishermen";
// the matching of "the company", "the union", "the collective" to a body named earlier lives in Lexicon.Session22Orgs.
internal sealed partial class ArticleScan
{
    /// <summary>
    /// "Fishermen's Cooperative", "Children's Society": token <paramref name="b"/> is an irregular plural in the
    /// possessive ("men's", "women's", "children's", "people's") and the next capitalised word is a body noun.
    /// </summary>
    private bool IrregularPluralBodyPossessive(Token[] t, int b)
    {
        var w = _text[t[b].Start..t[b].End];
        if (w.Length < 5 || w[^1] != 's' || w[^2] is not ('\'' or '\u2019'))
        {
            return false;
        }

        var stem = w[..^2];
        return (stem.EndsWith("men", StringComparison.OrdinalIgnoreCase) || stem.EndsWith("children", StringComparison.OrdinalIgnoreCase)
                || stem.EndsWith("people", StringComparison.OrdinalIgnoreCase))
            && b + 1 < t.Length && Lexicon.IsOrgNoun(StripPossessive(Word(t[b + 1])));
    }
}
