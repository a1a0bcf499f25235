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

    // Words that name a numbered branch of a body: "Autoworkers Local 1147", "Police Lodge 142", "Chapter 318".
    private static readonly WordSet BranchWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "Local", "Lodge", "Chapter", "Post", "Branch",
    };

    /// <summary>
    /// The end of a numbered branch's name that runs on from token <paramref name="b"/>: "… Local 1147", or "… of Police
    /// Lodge 142" (capitalized words after "of" up to a branch word and its number); else <paramref name="b"/>.
    /// </summary>
    private int BranchTailEnd(Token[] t, int b)
    {
        var k = b;
        if (k + 3 < t.Length && t[k].Cap && Is(t[k + 1], "of") && t[k + 2].Kind == TokKind.Word && t[k + 2].Cap)
        {
            k += 2;
            while (k + 1 < t.Length && !BranchWords.Contains(Span(t[k])) && !t[k].Possessive && t[k + 1].Kind == TokKind.Word && t[k + 1].Cap)
            {
                k++;
            }
        }

        return k + 1 < t.Length && t[k].Cap && BranchWords.Contains(Span(t[k])) && t[k + 1].Kind == TokKind.Word && t[k + 1].Sentence == t[k].Sentence
            && IsBranchNumber(t[k + 1]) ? k + 1 : b;
    }

    private bool IsBranchNumber(Token tok)
    {
        var w = _text.AsSpan(tok.Start, tok.End - tok.Start);
        if (w.Length is 0 or > 5)
        {
            return false;
        }

        foreach (var c in w)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        return true;
    }
}

// Session 22 (s22c-orgs2): a numbered branch right before the verb ("Amalgamated Autoworkers Local 1147 said"): the
// subject finder stopped at the number.
internal sealed partial class ArticleScan
{
    /// <summary>
    /// The name phrase of a numbered branch whose number is token <paramref name="j"/> ("… Local 1147", "… Lodge 62"), up
    /// to the branch word; <see cref="OrganisationSpeaker"/> adds the number back. Else none. The name before the branch
    /// word must be more than that word alone.
    /// </summary>
    private SubjectPhrase NumberedBranchPhrase(Token[] t, int j, int lo)
    {
        if (j - 2 < lo || t[j].Kind != TokKind.Word || !IsBranchNumber(t[j]) || t[j - 1].Kind != TokKind.Word || !t[j - 1].Cap
            || !BranchWords.Contains(Span(t[j - 1])) || t[j - 1].Sentence != t[j].Sentence)
        {
            return default;
        }

        var head = PhraseEndingAt(t, j - 1, lo);
        return head.Kind == SubjectKind.Name && head.A < j - 1 ? head : default;
    }

    /// <summary>
    /// The end of a body's name that runs on past a plural possessive at token <paramref name="b"/>: "Federation of
    /// University Lecturers' Unions", "Hill Farmers' Co-op" named by a run cut at "Lecturers'"; else <paramref name="b"/>.
    /// </summary>
    private int PluralPossessiveTailEnd(Token[] t, int b)
    {
        while (b + 1 < t.Length && t[b].Kind == TokKind.Word && t[b].Possessive && IsPluralPossessiveInName(t, b) && t[b + 1].Sentence == t[b].Sentence)
        {
            b++;
            while (b + 1 < t.Length && !t[b].Possessive && t[b + 1].Kind == TokKind.Word && t[b + 1].Cap && IsNameToken(t, b + 1) && t[b + 1].Sentence == t[b].Sentence)
            {
                b++;
            }
        }

        return b;
    }

    /// <summary>
    /// The cue at <paramref name="cue"/> is followed by "as" and a quote of its own ("…", an assurance the union later
    /// described as "…"): its subject speaks that next quote, not the one before the cue.
    /// </summary>
    private bool CueQuotesNextAs(Token[] t, int cue) =>
        cue + 2 < t.Length && Is(t[cue + 1], "as") && t[cue + 2].Kind == TokKind.Quote && t[cue + 2].Sentence == t[cue].Sentence;
}
