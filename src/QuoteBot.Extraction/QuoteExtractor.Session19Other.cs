namespace QuoteBot.Extraction;

// Session 19 (s19-other): wrong names. Mechanisms that gave a quote another person's name (or a name where the article
// gives none), each a general shape of news writing: a gender guessed from a given name's spelling that the article's
// own pronouns contradict.
internal sealed partial class ArticleScan
{
    /// <summary>
    /// "Indonesian President Budiman Hartawana, the host, … he said": a gender guessed only from the given name's ending
    /// (most names in -a are women's) gives way to the article's own subject pronouns for that person in the paragraph
    /// where the person is the subject, so that a later "he said" can find him again.
    /// </summary>
    private static void OverruleSpellingGender(Entity e)
    {
        if (!e.GenderFromSpelling || e.Anonymous)
        {
            return;
        }

        // Only pronouns in the very paragraph where the person is the subject: "Caballero's party, Tierra y Trabajo,
        // split. …" / next paragraph "He thanked …" is somebody else.
        if (e.Gender == Gender.Female ? e.NearVoteBalance > 0 : e.NearVoteBalance < 0)
        {
            e.Gender = e.Gender == Gender.Female ? Gender.Male : Gender.Female;
            e.GenderFromSpelling = false;
        }
    }

    /// <summary>
    /// "state Sen. Carla Weems, the Democrat who wrote the bill, who told a radio station …": when the comma at
    /// <paramref name="comma"/> (before the cue's "who") closes a description opened by "the", "a" or "an" right after
    /// another comma, the person named before that description is who the relative clause is about; else none.
    /// </summary>
    private SubjectPhrase NameBeforeDescription(Token[] t, int comma, int lo)
    {
        var k = comma - 1;
        while (k >= lo && k >= comma - 14 && !IsPunct(t[k], ',') && t[k].Kind != TokKind.Quote)
        {
            k--;
        }

        if (k <= lo || !IsPunct(t[k], ',') || k + 1 >= comma || !(Is(t[k + 1], "the") || Is(t[k + 1], "a") || Is(t[k + 1], "an")))
        {
            return default;
        }

        for (var m = k + 2; m + 1 < comma; m++)
        {
            if (t[m].Kind == TokKind.Word && t[m].Cap && IsNameToken(t, m) && IsNameToken(t, m + 1) && t[m + 1].Cap && ParseName(t, m, m + 1) is { Person: true })
            {
                return default; // "X, the aide to Sen. Ann Roe, who …": a second person inside the description
            }
        }

        var before = PhraseEndingAt(t, SkipAgeBack(t, SkipPartyTagBack(t, k, lo), lo) - 1, lo);
        return before.Kind == SubjectKind.Name && ParseName(t, before.A, before.B) is { Person: true } ? before : default;
    }

    /// <summary>
    /// "the International Organization for Migration", "the Institute for Fiscal Studies": when the capitalized run
    /// ending at <paramref name="b"/> ends in a body noun followed by "for" or "of" and more capitalized words, those
    /// words are the rest of the body's name; the index of its last word (else <paramref name="b"/>).
    /// </summary>
    private int BodyNameTailEnd(Token[] t, int b)
    {
        if (b + 2 >= t.Length || t[b].Possessive || !Lexicon.IsOrgNoun(Word(t[b])) || !(Is(t[b + 1], "for") || Is(t[b + 1], "of"))
            || t[b + 2].Kind != TokKind.Word || !t[b + 2].Cap || t[b + 1].Sentence != t[b].Sentence)
        {
            return b;
        }

        var e = b + 2;
        while (e + 1 < t.Length && !t[e].Possessive && t[e + 1].Kind == TokKind.Word && t[e + 1].Cap && t[e + 1].Sentence == t[e].Sentence)
        {
            e++;
        }

        return e;
    }

    /// <summary>
    /// True when the inner frame gave an organisation speaker <paramref name="attr"/> whose subject <paramref name="np"/>
    /// is one capitalized word or a two-letter acronym naming no person: a country, a bloc or a capital ("the EU was insisting on
    /// "…"", "Orvenia had demanded "…""). A polity has no words of its own; in a sentence a named person reports, the
    /// quoted words are that person's account (a body with a noun of its own, "the Finance Ministry", still speaks).
    /// </summary>
    private bool IsPolityName(Token[] t, SubjectPhrase np, Attribution attr)
    {
        if (np.Kind != SubjectKind.Name || np.A != np.B || t[np.A].Possessive || attr.Kind == SpeakerKind.None
            || (attr.Kind == SpeakerKind.Person && (attr.Entity < 0 || _reg[attr.Entity].Tokens >= 2 || HasTitleBefore(t, np.A))))
        {
            return false; // a person introduced by full name or title is a person, not a place
        }

        // Of acronyms only the two-letter polities ("EU", "UN", "UK", "U.S."): "the IMF", "the BBC" speak as bodies.
        var w = Word(t[np.A]);
        var letters = 0;
        foreach (var c in w)
        {
            letters += char.IsLetter(c) ? 1 : 0;
        }

        return (!t[np.A].AllCaps || letters == 2) && !Lexicon.IsOrgNoun(w) && !Lexicon.IsOutletWord(w)
            && !Lexicon.SingleWordBodies.Contains(w) && (attr.Kind == SpeakerKind.Person || ParseName(t, np.A, np.B) is not { Person: true });
    }
}
