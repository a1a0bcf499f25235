namespace QuoteBot.Extraction;

// Session 17 (s17-names): who speaks in passive speech frames, from general English grammar rather than any article's
// misses. In "X was quoted by the Ledger as saying" the quoted person is the subject before the auxiliary and the
// outlet is only the agent of "quoted"; in "That view was echoed by economist X: "…"" the agent after "by" is the
// speaker and the subject ("that view") is no one. Each is a small method with a one-line hook in the older files.
internal sealed partial class ArticleScan
{
    /// <summary>
    /// ""…," Mayor X was quoted by the Ledger as saying." / "… was quoted as saying by NTV": for the cue "saying" of a
    /// passive "quoted … as saying" (or "quoted" itself), the index of the auxiliary before "quoted" ("was", "has
    /// been"), so that the subject is looked for before it, not among the outlet's words; else <paramref name="cue"/>.
    /// </summary>
    private int PassiveQuotedSubjectEnd(Token[] t, int cue, int lo)
    {
        var k = cue;
        if (Is(t[k], "saying") && k - 2 > lo && Is(t[k - 1], "as"))
        {
            // Back over the agent ("by the Harbor Ledger") to "quoted".
            k -= 2;
            for (var n = 0; k > lo && n < 8 && !Is(t[k], "quoted"); n++, k--)
            {
                if (t[k].Kind != TokKind.Word)
                {
                    return cue;
                }
            }
        }

        if (k - 1 <= lo || !Is(t[k], "quoted"))
        {
            return cue;
        }

        k--;
        if (Is(t[k], "been") && k - 1 > lo)
        {
            k--;
        }

        return t[k].Kind == TokKind.Word && Word(t[k]) is "was" or "were" or "is" or "are" or "has" or "had" or "have" ? k : cue;
    }

    /// <summary>
    /// "That view was echoed by economist X: "…"", "The claim was rejected by the ministry, which said …": a reporting
    /// verb in the passive ("was"/"were"/"been"/"being" before it) with its agent after "by". The agent is the speaker;
    /// "quoted" is left out (its agent is the outlet, not the speaker), as are "told" and "asked", handled before.
    /// </summary>
    private bool IsPassiveCueBy(Token[] t, int k, int hi) =>
        k + 2 < hi && t[k].Kind == TokKind.Word && Is(t[k + 1], "by") && k > 0 && t[k - 1].Kind == TokKind.Word
        && Word(t[k - 1]) is "was" or "were" or "been" or "being" or "is" or "are"
        && Word(t[k]) is var w && w.EndsWith("ed", StringComparison.Ordinal) && w is not "quoted";

    /// <summary>
    /// "Lawyers for X said", "Aides to X told reporters", "Friends of X said", "Officials close to the talks said": a
    /// clause opened by a bare plural of a person noun, then a modifier ("for", "to", "of", "close", a comma), speaks
    /// for an unnamed group; the name inside the modifier is not the speaker. Returns the plural's index (the unnamed
    /// head, as <see cref="OpenerHead"/> does for "a"/"one"), else -1.
    /// </summary>
    private int BarePluralOpener(Token[] t, int lo, int cue)
    {
        if (lo + 2 >= cue || t[lo].Kind != TokKind.Word || t[lo].Possessive)
        {
            return -1;
        }

        var w = Word(t[lo]);
        if (w.Length < 5 || w[^1] != 's' || !(Lexicon.GroupNouns.Contains(w) || IsPersonNoun(w[..^1]) || (w.EndsWith("ies", StringComparison.Ordinal) && IsPersonNoun(w[..^3] + "y"))))
        {
            return -1;
        }

        var next = t[lo + 1];
        return IsPunct(next, ',') || (next.Kind == TokKind.Word && !next.Cap && ModifierOpeners.Contains(Word(next))) ? lo : -1;
    }

    private static bool IsPersonNoun(string w) => Lexicon.RoleNouns.Contains(w) || AnonNouns.Contains(w);

    /// <summary>
    /// "Mira Castell, the widow of former senator Paul Castell, said": a person named inside the apposition of the
    /// person who opens the clause (after a preposition of that apposition: "of", "to", "for") is not the subject when
    /// the apposition closes right before the verb; the opener is. Returns the opener, else none.
    /// </summary>
    private SubjectPhrase AppositionOwner(Token[] t, int lo, SubjectPhrase np, int cue)
    {
        if (np.Kind != SubjectKind.Name || np.A <= lo + 2 || !t[lo].Cap || np.B + 1 >= cue || !IsPunct(t[np.B + 1], ','))
        {
            return default;
        }

        for (var k = np.B + 2; k < cue; k++)
        {
            if (t[k].Kind != TokKind.Word || t[k].Cap || !(Lexicon.Fillers.Contains(Word(t[k])) || Word(t[k]).EndsWith("ly", StringComparison.Ordinal)))
            {
                return default;
            }
        }

        var opener = PersonOpener(t, lo, np.A);
        if (opener.Kind != SubjectKind.Name)
        {
            return default;
        }

        var oblique = false;
        for (var k = opener.B + 2; k < np.A; k++)
        {
            if (t[k].Kind != TokKind.Word)
            {
                // Session 18: "In Oslo, a spokesman for the ministry, Henrik Dahl, told": a comma before the name makes
                // it an apposition of its own, not a word of the opener's (and "In Oslo" is no opener).
                return default;
            }

            oblique |= !t[k].Cap && ObliquePrepositions.Contains(Word(t[k]));
        }

        return oblique ? opener : default;
    }
}
