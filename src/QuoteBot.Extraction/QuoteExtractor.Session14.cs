namespace QuoteBot.Extraction;

// Session 14: rules found by reading the misses of HeldOut7–HeldOut9 (three writers who never saw the rules), each a
// general news-writing pattern (no name, word or sentence of those folders), each a small method with a one-line hook.
internal sealed partial class ArticleScan
{
    // Nouns that stand for a public body in general ("the regulator said"): they refer back only through an
    // apposition ("The regulator, the Office for Digital Safety, …"), never to any body named earlier.
    private static readonly WordSet GenericBodyNouns = new(StringComparer.OrdinalIgnoreCase)
    {
        "regulator", "watchdog", "body", "agency", "authority", "organisation", "organization", "group", "institution",
    };

    // Prepositions of place that put an unnamed person somewhere: "a man near the back", "a woman in the gallery".
    private static readonly WordSet PlacePrepositions = new(StringComparer.OrdinalIgnoreCase)
    {
        "near", "at", "in", "from", "behind", "outside", "inside", "on", "by", "across", "beside",
    };

    /// <summary>
    /// "A Westminster source said", "a White House official said", "a man near the back, wearing a cap, shouted": the
    /// subject phrase found next to the cue belongs to an unnamed person, so the quote has no named speaker.
    /// </summary>
    private bool IsUnnamedPersonPhrase(Token[] t, SubjectPhrase np)
    {
        if (np.Kind == SubjectKind.Name && np.A >= 1 && IsIndefinite(t[np.A - 1]) && np.B + 1 < t.Length && t[np.B + 1].Kind == TokKind.Word
            && !t[np.B + 1].Cap && AnonNouns.Contains(Word(t[np.B + 1])))
        {
            // "A Downing Street source": the capitalized words name where the person works, not the person.
            return true;
        }

        if (np.Kind != SubjectKind.Role || np.A < 3)
        {
            return false;
        }

        // "a man near the back": the role word is the object of a place phrase after an indefinite person noun.
        var k = np.A - 1;
        if (Is(t[k], "the") || Is(t[k], "a"))
        {
            k--;
        }

        return k >= 2 && t[k].Kind == TokKind.Word && !t[k].Cap && PlacePrepositions.Contains(Word(t[k]))
            && t[k - 1].Kind == TokKind.Word && !t[k - 1].Cap && AnonNouns.Contains(Word(t[k - 1])) && IsIndefinite(t[k - 2]);
    }

    private bool IsIndefinite(Token w) => Is(w, "a") || Is(w, "an") || Is(w, "one") || Is(w, "another");

    /// <summary>
    /// "― a man in Eastgate who would not give his name": a vox-pop line whose dash is followed by an indefinite
    /// description names nobody; the quote has no speaker (and does not inherit the entry before it).
    /// </summary>
    private bool DashUnnamed(Token[] t, int a) =>
        a < t.Length && t[a].Kind == TokKind.Word && !t[a].Cap && (IsIndefinite(t[a]) || Is(t[a], "someone") || Is(t[a], "anonymous"));

    /// <summary>
    /// "the bank said", "The association later said in a statement", "The regulator, the Office for Digital Safety,
    /// said", "the company said" after "The chemical's maker, Vellacorp Agrisciences,": the body such a definite noun
    /// stands for, looked for in this paragraph (before the cue) and the two before it, nearest first: the noun in
    /// apposition with a name (either order), or the noun as the last word of a capitalized name ("Harwood Savings
    /// Bank"). Null when none is found. Runs only for a definite organisation noun nothing else resolved.
    /// </summary>
    private string? BodyForDefiniteNoun(Para p, Token[] t, SubjectPhrase np, int pos)
    {
        var noun = np.Word!;

        // The apposition right after the subject: "The regulator, the Office for Digital Safety, said".
        if (AppositiveBodyAfter(t, np.B) is { } own)
        {
            return own;
        }

        // A name ending in the noun may be many paragraphs back ("the Corran Savings Bank branch" in the lede); an
        // apposition only counts in this paragraph and the two before it.
        for (var para = p.Index; para >= 0 && para >= p.Index - 12; para--)
        {
            var near = para >= p.Index - 2;
            var pt = _paras[para].Tokens;
            var k = pt.Length - 1;
            if (para == p.Index)
            {
                k = np.A - 1;
            }

            for (; k >= 1; k--)
            {
                if (pt[k].Kind != TokKind.Word)
                {
                    continue;
                }

                var w = StripPossessive(Word(pt[k])).TrimEnd('\'', '\u2019');
                if (pt[k].Cap && !GenericBodyNouns.Contains(noun) && w.Equals(noun, StringComparison.OrdinalIgnoreCase) && pt[k - 1].Kind == TokKind.Word
                    && pt[k - 1].Cap && !Is(pt[k - 1], "the") && pt[k - 1].Sentence == pt[k].Sentence)
                {
                    // "Harwood Savings Bank", "the Kelso Ratepayers' Association", "National Institute for …".
                    return BodyRunText(pt, k);
                }

                if (!near || pt[k].Cap || !IsCompatibleBodyNoun(noun, w))
                {
                    continue;
                }

                if (k + 2 < pt.Length && IsPunct(pt[k + 1], ','))
                {
                    if (AppositiveBodyAfter(pt, k) is { } named)
                    {
                        // "The chemical's maker, Vellacorp Agrisciences, disputed …".
                        return named;
                    }
                }

                if (k + 1 < pt.Length && IsPunct(pt[k + 1], ',') && NameBeforeApposition(pt, k) is { } before)
                {
                    // "The Independent Fiscal Council, the budget watchdog, …".
                    return before;
                }
            }
        }

        return null;
    }

    private static bool IsCompatibleBodyNoun(string noun, string w) =>
        w.Equals(noun, StringComparison.OrdinalIgnoreCase)
        || (Lexicon.CompanyNouns.Contains(noun) && Lexicon.CompanyNouns.Contains(w) && !GenericBodyNouns.Contains(noun));

    /// <summary>", the Office for Digital Safety," / ", Vellacorp Agrisciences," right after token <paramref name="k"/>: the body named, else null.</summary>
    private string? AppositiveBodyAfter(Token[] t, int k)
    {
        var j = k + 1;
        if (j + 1 >= t.Length || !IsPunct(t[j], ','))
        {
            return null;
        }

        j++;
        if (Is(t[j], "the") && j + 1 < t.Length)
        {
            j++;
        }

        if (t[j].Kind != TokKind.Word || !t[j].Cap || IsGivenName(Word(t[j])))
        {
            return null;
        }

        var e = j;
        while (e + 1 < t.Length && t[e + 1].Kind == TokKind.Word && (t[e + 1].Cap || (Word(t[e + 1]) is "of" or "for" or "and" && e + 2 < t.Length && t[e + 2].Cap)))
        {
            e++;
        }

        if (e + 1 >= t.Length || !IsPunct(t[e + 1], ',') || ParseName(t, j, e) is { Person: true, Honorific: true })
        {
            return null;
        }

        return _text[t[j].Start..t[e].End];
    }

    /// <summary>"The Independent Fiscal Council, the budget watchdog," with the noun at <paramref name="k"/>: the name before the apposition.</summary>
    private string? NameBeforeApposition(Token[] t, int k)
    {
        var j = k - 1;
        while (j >= 0 && j >= k - 3 && t[j].Kind == TokKind.Word && !t[j].Cap && !IsApposedDeterminer(t[j]))
        {
            j--;
        }

        if (j < 2 || !IsApposedDeterminer(t[j]) || !IsPunct(t[j - 1], ',') || t[j - 2].Kind != TokKind.Word || !t[j - 2].Cap)
        {
            return null;
        }

        var last = StripPossessive(Word(t[j - 2]));
        return Lexicon.IsOrgNoun(last) || (j - 3 >= 0 && t[j - 3].Cap && !Is(t[j - 3], "the")) ? BodyRunText(t, j - 2) : null;
    }

    /// <summary>
    /// The capitalized run that ends at <paramref name="e"/> (with "of", "for" and "and" between capitalized words,
    /// either side), as the article writes it, without a leading "the" or a trailing possessive.
    /// </summary>
    private string BodyRunText(Token[] t, int e)
    {
        var a = e;
        while (a - 1 >= 0 && t[a - 1].Kind == TokKind.Word && t[a - 1].Sentence == t[e].Sentence)
        {
            if (t[a - 1].Cap && !Is(t[a - 1], "the"))
            {
                a--;
            }
            else if (!t[a - 1].Cap && Word(t[a - 1]) is "of" or "for" && a - 2 >= 0 && t[a - 2].Kind == TokKind.Word && t[a - 2].Cap && !Is(t[a - 2], "the"))
            {
                a -= 2;
            }
            else
            {
                break;
            }
        }

        while (e + 2 < t.Length && t[e + 1].Kind == TokKind.Word && !t[e + 1].Cap && Word(t[e + 1]) is "of" or "for" && t[e + 2].Kind == TokKind.Word && t[e + 2].Cap
            && !t[e].Possessive)
        {
            e += 2;
            while (e + 1 < t.Length && t[e + 1].Kind == TokKind.Word && t[e + 1].Cap && !t[e].Possessive)
            {
                e++;
            }
        }

        var s = _text[t[a].Start..t[e].End];
        return s.EndsWith("'s", StringComparison.Ordinal) || s.EndsWith("\u2019s", StringComparison.Ordinal) ? s[..^2] : s;
    }

    /// <summary>
    /// "…, according to the National Meteorological Service, which said in a bulletin that …": the body right before
    /// ", which" is the cue's subject. Null when the words before are no body.
    /// </summary>
    private string? WhichBodyBefore(Token[] t, int cue)
    {
        var k = cue - 1;
        while (k >= 0 && t[k].Kind == TokKind.Word && !t[k].Cap && Lexicon.Fillers.Contains(Word(t[k])))
        {
            k--;
        }

        if (k < 3 || !Is(t[k], "which") || !IsPunct(t[k - 1], ',') || t[k - 2].Kind != TokKind.Word || !t[k - 2].Cap)
        {
            return null;
        }

        var e = k - 2;
        var a = e;
        while (a - 1 >= 0 && t[a - 1].Kind == TokKind.Word && t[a - 1].Cap && !Is(t[a - 1], "the"))
        {
            a--;
        }

        return OrganisationSpeaker(t, new SubjectPhrase { Kind = SubjectKind.Name, A = a, B = e })
            ?? (e > a && Lexicon.IsOrgNoun(StripPossessive(Word(t[e]))) ? BodyRunText(t, e) : null);
    }

    /// <summary>
    /// "The Independent Fiscal Council … has weighed in twice. In its April report, it said …": with no body having
    /// spoken before, "it" is the body that opens a sentence earlier in the same paragraph (its name ending in a body
    /// noun such as Council, Service or Agency).
    /// </summary>
    private string? BodyOpeningSentenceBefore(Para p, Token[] t, int pos)
    {
        for (var s = t.Length > 0 ? t[^1].Sentence : -1; s >= 0; s--)
        {
            if (s >= p.SentenceStart.Length)
            {
                continue;
            }

            var a = p.SentenceStart[s];
            if (a >= t.Length || t[a].Start >= pos)
            {
                continue;
            }

            if (Is(t[a], "the") && a + 1 < t.Length)
            {
                a++;
            }

            var e = a;
            while (e + 1 < t.Length && t[e + 1].Kind == TokKind.Word && t[e + 1].Cap && t[e + 1].Sentence == t[a].Sentence)
            {
                e++;
            }

            if (e > a && t[e].Kind == TokKind.Word && t[a].Cap && (Lexicon.IsOrgNoun(StripPossessive(Word(t[e]))) || OwnsDocumentNext(t, e)))
            {
                return BodyRunText(t, e);
            }
        }

        return null;
    }
}

internal sealed partial class ArticleScan
{
    /// <summary>
    /// "the Revenue Minister", "the Health Secretary": "the", one to three capitalized words that are no given name,
    /// then a capitalized title or role noun. The index of that last word, else -1.
    /// </summary>
    private int ModifiedTitleOnly(Token[] t, int a, int b)
    {
        if (Is(t[a], "the"))
        {
            a++;
        }
        else if (a == 0 || !Is(t[a - 1], "the"))
        {
            return -1;
        }

        if (b <= a || b - a > 3 || t[b].Kind != TokKind.Word || !t[b].Cap)
        {
            return -1;
        }

        var last = StripPossessive(Word(t[b]));
        if (!(Lexicon.Titles.Contains(last) || Lexicon.RoleNouns.Contains(last)))
        {
            return -1;
        }

        for (var k = a; k < b; k++)
        {
            if (t[k].Kind != TokKind.Word || !t[k].Cap || t[k].Possessive || IsGivenName(Word(t[k])))
            {
                return -1;
            }
        }

        return b;
    }

    /// <summary>
    /// "…," the report said, after "according to a report published on Tuesday by the National Institute for Health
    /// Evidence": a definite document noun whose document was said, in this paragraph or the two before, to come
    /// "by" or "from" a named body. The body, else null.
    /// </summary>
    private string? DocumentOwnerNamedBefore(Para p, Token[] t, SubjectPhrase np, int pos)
    {
        if (DefiniteDocumentNoun(t, np) is not { } noun)
        {
            return null;
        }

        foreach (var (pt, k) in EarlierDocumentMentions(p, np, noun, capitalisedOpening: false))
        {

            // "a report published Tuesday by the …", "a study from the …": up to five words, then by/from.
            for (var j = k + 1; j < pt.Length && j <= k + 6 && pt[j].Kind == TokKind.Word && pt[j].Sentence == pt[k].Sentence; j++)
            {
                if (Word(pt[j]) is not ("by" or "from"))
                {
                    continue;
                }

                if (ReceivedBy(pt, j))
                {
                    break; // session 20: "a memo obtained by The Courant" is no memo of the Courant's
                }

                var a = j + 1;
                if (a < pt.Length && Is(pt[a], "the"))
                {
                    a++;
                }

                if (a >= pt.Length || pt[a].Kind != TokKind.Word || !pt[a].Cap)
                {
                    break;
                }

                var e = BodyRunEnd(pt, a, stopAtPossessive: false);

                // A person's report ("a study by Dr Ines Valk") is left to the person rules.
                return IsGivenName(Word(pt[a])) || ParseName(pt, a, e) is { Honorific: true } ? null : BodyRunText(pt, e);
            }
        }

        return null;
    }

    /// <summary>The noun of a definite document subject ("the report", "The review"), else null.</summary>
    private string? DefiniteDocumentNoun(Token[] t, SubjectPhrase np) =>
        np.Kind == SubjectKind.Role && np.Word is { } noun && Lexicon.DocumentNouns.Contains(noun)
        && (Is(t[np.A], "the") || (np.A > 0 && Is(t[np.A - 1], "the")))
            ? noun
            : null;

    /// <summary>
    /// The earlier mentions of a document noun, nearest first: back from the subject through its paragraph, then the
    /// two paragraphs before. A capitalised mention counts only when <paramref name="capitalisedOpening"/> and it opens
    /// its paragraph ("The report, from …").
    /// </summary>
    private IEnumerable<(Token[] Tokens, int K)> EarlierDocumentMentions(Para p, SubjectPhrase np, string noun, bool capitalisedOpening)
    {
        for (var para = p.Index; para >= 0 && para >= p.Index - 2; para--)
        {
            var pt = _paras[para].Tokens;
            for (var k = (para == p.Index ? np.A : pt.Length) - 1; k >= 0; k--)
            {
                if (pt[k].Kind == TokKind.Word && (!pt[k].Cap || (capitalisedOpening && k == 0))
                    && Word(pt[k]).Equals(noun, StringComparison.OrdinalIgnoreCase))
                {
                    yield return (pt, k);
                }
            }
        }
    }

    /// <summary>
    /// The last token of a body's capitalised run starting at <paramref name="a"/>, over "of"/"for" before a capitalised
    /// word ("National Institute for Health Evidence"); with <paramref name="stopAtPossessive"/> a possessive ends it.
    /// </summary>
    private int BodyRunEnd(Token[] pt, int a, bool stopAtPossessive)
    {
        var e = a;
        while (e + 1 < pt.Length && pt[e + 1].Kind == TokKind.Word && !(stopAtPossessive && pt[e].Possessive)
            && (pt[e + 1].Cap || (Word(pt[e + 1]) is "of" or "for" && e + 2 < pt.Length && pt[e + 2].Cap)))
        {
            e++;
        }

        return e;
    }

    /// <summary>
    /// "Its chair, Prof. Henrik Varga, was blunter at a hearing in May: "…"": a quote right after a colon whose
    /// sentence has no reporting verb belongs to the person who is that sentence's subject (a name, possibly after an
    /// apposition), not to a speaker found in another sentence.
    /// </summary>
    private bool TryColonIntroSubject(Para p, int qt, Attribution attr)
    {
        var t = p.Tokens;
        if (qt < 3 || !IsPunct(t[qt - 1], ':'))
        {
            return false;
        }

        var lo = p.SentenceStart[t[qt - 1].Sentence];
        for (var k = lo; k < qt - 1; k++)
        {
            if (t[k].Cue || t[k].Kind == TokKind.Quote)
            {
                return false;
            }

            // "Dunne read out a message from a listener: "…"": the words are someone else's.
            if (t[k].Kind == TokKind.Word && (Word(t[k]) is "read" or "reads" or "quoted" or "quotes" || (Is(t[k], "from") && k + 1 < qt && IsIndefinite(t[k + 1]))))
            {
                return false;
            }
        }

        var np = SentenceSubject(t, lo, qt - 1);
        if (np.Kind != SubjectKind.Name || ParseName(t, np.A, np.B) is not { Person: true })
        {
            return false;
        }

        Fill(p, t, -1, np, attr, "colon-intro");
        attr.Attached = true;
        return attr.Speaker is not null;
    }
}
