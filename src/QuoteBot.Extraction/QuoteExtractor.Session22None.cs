namespace QuoteBot.Extraction;

// Session 22 (s22-none): a named body that opens the sentence but is kept from its reporting verb by a phrase the
// subject finder does not step over. Three shapes of wire copy: an insertion set off by commas ("The X Federation
// (XF), which represents …, said in a statement"; "The SADC mission, led by …, said"), a place after a body's
// lower-case head ("The EU delegation in Georgia said") and an indefinite body noun with the body's name in apposition
// ("A local group, Friends of X, said"); a person named before a bracketed tag and up to two insertions ("Sen. X
// (R-N.C.), a member of …, called"; "X, the attorney general of Ohio, one of the plaintiffs, said"; "X (FI) went
// further, calling"); and a quote whose own sentence names somebody unnamed or a sign inherits no speaker. All run
// only where every older rule found nobody; one-line hooks in Fill (two) and AttributeQuote's step 6.
internal sealed partial class ArticleScan
{
    // Indefinite nouns for a body that an apposition then names: "a campaign group, X,", "a local charity, X,".
    private static readonly WordSet NamedByAppositionBodies = new(StringComparer.OrdinalIgnoreCase)
    {
        "group", "organisation", "organization", "charity", "coalition", "alliance", "network", "association", "union",
        "campaign", "movement", "committee", "federation", "society",
    };

    /// <summary>
    /// The body that opens the cue's sentence behind an insertion, a place or an apposition (see the file comment),
    /// as the article writes it; else null. Only a subject the older rules could not resolve comes here.
    /// </summary>
    private string? BodyBehindInsertion(Token[] t, int cue, SubjectPhrase np)
    {
        if (cue < 2 || cue >= t.Length || t[cue].Kind != TokKind.Word)
        {
            return null;
        }

        if (IndefiniteBodyOpening(t, cue) is { Kind: SubjectKind.Role } indefinite)
        {
            return BodyNamedInApposition(t, indefinite);
        }

        int e;
        if (np.Kind == SubjectKind.Name && np.A >= 2 && np.B == cue - 1 && Word(t[np.A - 1]) is "in" or "at")
        {
            e = np.A - 2; // "The EU delegation in Georgia said": the place is no subject
        }
        else if (np.Kind == SubjectKind.Role && np.B + 2 == cue && t[np.B].Cap && t[np.B + 1].Kind == TokKind.Word && !t[np.B + 1].Cap)
        {
            e = np.B + 1; // "The Chinese delegation said": the nationality was taken for the subject, its body noun left over
        }
        else if (np.Kind == SubjectKind.None || np.A > cue)
        {
            e = SkipInsertion(t, cue - 1); // nothing before the cue, or a phrase after it ("said in a statement")
        }
        else
        {
            return null;
        }

        if (e >= 0 && t[e].Kind == TokKind.Punct && t[e].P == ')')
        {
            // "The X Federation (XF)": the short form in brackets.
            var open = e - 1;
            while (open > 0 && open >= e - 4 && !(t[open].Kind == TokKind.Punct && t[open].P == '('))
            {
                open--;
            }

            e = open > 0 && t[open].Kind == TokKind.Punct && t[open].P == '(' ? open - 1 : -1;
        }

        if (e < 1 || t[e].Kind != TokKind.Word || t[e].Sentence != t[cue].Sentence || t[e].Possessive)
        {
            return null;
        }

        return t[e].Cap ? CapitalizedBodyOpening(t, e) : LowerHeadBodyOpening(t, e);
    }

    // The token before the comma that opens ", which represents …," or ", led by …," when e is that insertion's closing
    // comma; e itself otherwise. An insertion opening with a capital (a name in apposition) is not stepped over.
    private int SkipInsertion(Token[] t, int e)
    {
        if (e < 1 || t[e].Kind != TokKind.Punct || t[e].P != ',')
        {
            return e;
        }

        for (var k = e - 1; k > 0 && k >= e - 24 && t[k].Sentence == t[e].Sentence && t[k].Kind != TokKind.Quote; k--)
        {
            if (t[k].Kind == TokKind.Punct && t[k].P == ',' && t[k].End < t[k + 1].Start) // not "6,200"
            {
                return k + 1 < e && t[k + 1].Kind == TokKind.Word && !t[k + 1].Cap ? k - 1 : -1;
            }
        }

        return -1;
    }

    // "The Federation of University Lecturers' Unions" ending at e and opening the sentence, with a body noun in it.
    private string? CapitalizedBodyOpening(Token[] t, int e)
    {
        var a = e;
        var body = t[e].AllCaps || IsBodyWord(t[e]);
        while (a - 1 >= 0 && t[a - 1].Kind == TokKind.Word && t[a - 1].Sentence == t[e].Sentence)
        {
            if (t[a - 1].Cap && !Is(t[a - 1], "the"))
            {
                a--;
            }
            else if (a - 2 >= 0 && Word(t[a - 1]) is "of" or "for" or "and" && t[a - 2].Kind == TokKind.Word && t[a - 2].Cap)
            {
                a -= 2;
            }
            else
            {
                break;
            }

            body |= IsBodyWord(t[a]);
        }

        var start = a >= 1 && Is(t[a - 1], "the") ? a - 1 : a;
        if (!body || !OpensSentence(t, start) || ParseName(t, a, e) is { Person: true })
        {
            return null;
        }

        return OrganisationSpeaker(t, new SubjectPhrase { Kind = SubjectKind.Name, A = a, B = e });
    }

    // "The SADC mission", "The EU delegation": a lower-case body head after a proper modifier, opening the sentence.
    private string? LowerHeadBodyOpening(Token[] t, int e)
    {
        var start = e;
        while (start - 1 >= 0 && start >= e - 4 && t[start - 1].Kind == TokKind.Word && t[start - 1].Sentence == t[e].Sentence)
        {
            start--;
        }

        return Is(t[start], "the") && OpensSentence(t, start)
            ? BodyNamedInSubject(t, new SubjectPhrase { Kind = SubjectKind.Role, A = start, B = e, Word = Word(t[e]) })
            : null;
    }

    // "A local group, …" opening the cue's sentence: the body noun (up to two words after "A"/"An") before a comma.
    private SubjectPhrase IndefiniteBodyOpening(Token[] t, int cue)
    {
        var det = cue - 1;
        while (det > 0 && t[det - 1].Sentence == t[cue].Sentence && t[det - 1].Kind != TokKind.Quote)
        {
            det--;
        }

        if (!(Is(t[det], "a") || Is(t[det], "an")) || !OpensSentence(t, det))
        {
            return default;
        }

        for (var k = det + 1; k <= det + 3 && k + 1 < cue; k++)
        {
            if (t[k].Kind != TokKind.Word || t[k].Cap)
            {
                return default;
            }

            if (t[k + 1].Kind == TokKind.Punct && t[k + 1].P == ',')
            {
                return NamedByAppositionBodies.Contains(Word(t[k])) ? new SubjectPhrase { Kind = SubjectKind.Role, A = det, B = k, Word = Word(t[k]) } : default;
            }
        }

        return default;
    }

    // "A local group, Friends of Kvamsund, said": the capitalized run between the commas after an indefinite body noun.
    private string? BodyNamedInApposition(Token[] t, SubjectPhrase np)
    {
        var a = np.B + 2;
        if (a >= t.Length || !(t[np.B + 1].Kind == TokKind.Punct && t[np.B + 1].P == ',') || t[a].Kind != TokKind.Word || !t[a].Cap)
        {
            return null;
        }

        var b = a;
        while (b + 1 < t.Length && t[b + 1].Kind == TokKind.Word && b - a < 6
            && (t[b + 1].Cap || (Word(t[b + 1]) is "of" or "for" or "and" && b + 2 < t.Length && t[b + 2].Kind == TokKind.Word && t[b + 2].Cap)))
        {
            b++;
        }

        if (b + 1 >= t.Length || !(t[b + 1].Kind == TokKind.Punct && t[b + 1].P == ','))
        {
            return null;
        }

        return _text[t[a].Start..t[b].End];
    }

    private bool IsBodyWord(Token k)
    {
        if (k.Kind != TokKind.Word)
        {
            return false;
        }

        var w = StripPossessive(Word(k));
        var lower = w.ToLowerInvariant();
        return Lexicon.IsOrgNoun(lower) || (lower.EndsWith('s') && Lexicon.IsOrgNoun(lower[..^1]));
    }

    /// <summary>
    /// "Somebody had chalked a final message on the pavement: "…"": the quote's own sentence, before the quote, names a
    /// crowd, an unnamed voice or a sign, so the quote is not the previous paragraph's speaker's.
    /// </summary>
    private bool CrowdOrSignBeforeQuote(Token[] t, int qt)
    {
        for (var k = qt - 1; k >= 0 && t[k].Sentence == t[qt].Sentence && t[k].Kind != TokKind.Quote; k--)
        {
            if (t[k].Kind == TokKind.Word && CrowdWords.Contains(Word(t[k])))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// "Sen. X (R-N.C.), a member of the committee, called", "X, the attorney general of Ohio, one of the plaintiffs,
    /// said", "Y shadow X (FI) went further, calling": the person named before a bracketed tag and up to two insertions
    /// that open with a lower-case word, when the subject found was nobody or lay inside them. The entity, or -1.
    /// </summary>
    private int PersonBehindInsertions(Para p, Token[] t, int cue, SubjectPhrase np, int pos)
    {
        if (cue < 2 || t != p.Tokens || t[cue].Kind != TokKind.Word || (np.Kind != SubjectKind.None && np.A < cue && np.Kind != SubjectKind.Name))
        {
            return -1;
        }

        var e = cue - 1;
        if (IsPunct(t[e], ',') && Word(t[cue]).EndsWith("ing", StringComparison.Ordinal) && TaggedNameBeforePredicate(t, e) is var tagged && tagged >= 0)
        {
            e = tagged; // "X (FI) went further, calling": the participle's subject is the tagged name
        }
        else
        {
            for (var (n, comma) = (0, e); n < 2 && IsPunct(t[comma], ',') && SkipInsertion(t, comma) is var before && before > 0; n++)
            {
                (e, comma) = (before, before + 1); // the next insertion, if any, closes at the comma that opened this one
            }
        }

        if (e >= 1 && t[e].Kind == TokKind.Punct && t[e].P == ')')
        {
            var open = e - 1;
            while (open > 0 && open >= e - 8 && !(t[open].Kind == TokKind.Punct && t[open].P == '('))
            {
                open--;
            }

            e = open > 0 && t[open].Kind == TokKind.Punct && t[open].P == '(' ? open - 1 : -1;
        }

        if (e < 1 || e == cue - 1 || t[e].Kind != TokKind.Word || !t[e].Cap || t[e].Possessive || t[e].Sentence != t[cue].Sentence)
        {
            return -1;
        }

        var a = e;
        while (a - 1 >= 0 && a > e - 3 && t[a - 1].Kind == TokKind.Word && t[a - 1].Cap && !t[a - 1].Possessive && t[a - 1].Sentence == t[e].Sentence)
        {
            a--;
        }

        // A lone capitalized word opening the sentence is no name to trust ("Another, taped to a light, said:").
        if ((np.Kind != SubjectKind.None && np.A <= e) || (a == e && OpensSentence(t, a)) || ParseName(t, a, e) is not { Person: true })
        {
            return -1;
        }

        var (id, _) = ResolveSubject(p, t, new SubjectPhrase { Kind = SubjectKind.Name, A = a, B = e }, pos);
        return id;
    }

    // In the clause before a participle's comma ("Greens shadow X (FI) went further"): the name's last word before a
    // bracketed tag that a lower-case verb follows, else -1 (the bracket's ")" is returned as found by the caller).
    private int TaggedNameBeforePredicate(Token[] t, int comma)
    {
        for (var k = comma - 1; k > 0 && k >= comma - 8 && t[k].Sentence == t[comma].Sentence && t[k].Kind != TokKind.Quote; k--)
        {
            if (t[k].Kind == TokKind.Punct && t[k].P == ')' && k + 1 < comma && t[k + 1].Kind == TokKind.Word && !t[k + 1].Cap)
            {
                return k;
            }

            if (t[k].Kind == TokKind.Punct)
            {
                return -1;
            }
        }

        return -1;
    }
}
