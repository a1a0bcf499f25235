namespace QuoteBot.Extraction;

// Subject-phrase parsing: the phrase before or after a reporting cue that names who spoke.
internal sealed partial class ArticleScan
{
    // ---------------------------------------------------------------- subject phrases

    /// <summary>The subject standing before cue <paramref name="c"/>, not reaching before token <paramref name="lo"/>.</summary>
    private SubjectPhrase BackwardSubject(Token[] t, int c, int lo)
    {
        var j = c - 1;
        while (j >= lo && t[j].Kind == TokKind.Word && !t[j].Cap)
        {
            var w = Span(t[j]);
            if (Lexicon.FillerLookup.Contains(w) || (w.Length > 4 && w.EndsWith("ly", StringComparison.Ordinal)))
            {
                j--;
                continue;
            }

            // "… on Tuesday said"
            if (TimeLookup.Contains(w) && j - 1 >= lo && Is(t[j - 1], "on"))
            {
                j -= 2;
                continue;
            }

            break;
        }

        // "used to tell", "went on to say"
        if (j - 1 >= lo && Is(t[j], "to") && t[j - 1].Kind == TokKind.Word && !t[j - 1].Cap)
        {
            j -= 2;
            while (j >= lo && t[j].Kind == TokKind.Word && !t[j].Cap && (Lexicon.Fillers.Contains(Word(t[j])) || Is(t[j], "on")))
            {
                j--;
            }
        }

        // "Zelenskyy on Tuesday said" with a capitalized day.
        while (j - 1 >= lo && t[j].Kind == TokKind.Word && TimeLookup.Contains(Span(t[j])) && (Is(t[j - 1], "on") || Is(t[j - 1], "last") || Is(t[j - 1], "late") || Is(t[j - 1], "early")))
        {
            j -= 2;
        }

        if (j < lo)
        {
            return default;
        }

        if (t[j].Kind == TokKind.Punct && t[j].P == ')')
        {
            var k = j - 1;
            while (k >= lo && !IsPunct(t[k], '('))
            {
                k--;
            }

            if (k <= lo)
            {
                return default;
            }

            j = k - 1;
        }

        if (t[j].Kind == TokKind.Punct && t[j].P == ',')
        {
            // Apposition: "Jane Doe, a spokeswoman for X, said" or "a spokeswoman for X, Jane Doe, said".
            var k = j - 1;
            while (k >= lo && !IsPunct(t[k], ',') && t[k].Kind != TokKind.Quote)
            {
                k--;
            }

            var segA = k + 1;
            var segB = j - 1;
            if (segB < segA || ParticipleAfterParenthetical(t, c, segA) || ParticipleAfterPredicate(t, c, segA)) // session 20: ", defended the review, saying"
            {
                return default; // session 15: "…, without naming her, mocking "…"": the sentence's subject
            }

            if (PersonOfBodyBefore(t, j, segA - 1) is { Kind: SubjectKind.Name } personOf)
            {
                return personOf; // session 15: "The opposition leader, X of the Labour-Green alliance, said"
            }

            if (RoleWordsThenName(t, segA, segB) is { Kind: SubjectKind.Name } roleName)
            {
                return roleName; // session 15: "Its rapporteur on the file, Dutch lawmaker X, said"
            }

            if (IsNameRun(t, segA, segB))
            {
                var info = ParseName(t, segA, segB);
                if (info is not null && info.Person)
                {
                    if (k >= lo && IsPunct(t[k], ','))
                    {
                        LearnAppositionRole(t, lo, k, info);
                    }

                    return new SubjectPhrase { Kind = SubjectKind.Name, A = segA, B = segB };
                }

                var named = new SubjectPhrase { Kind = SubjectKind.Name, A = segA, B = segB };
                if (segB > segA && k > lo && IsPunct(t[k], ',') && (PhraseEndingAt(t, k - 1, lo).Kind == SubjectKind.Role || IsCommonNounSubject(t, lo, k - 1))
                    && OrganisationSpeaker(t, named) is not null)
                {
                    // "The contractor, Halvorsen Signal Systems, said": the body named in the apposition, not whoever
                    // "the contractor" would stand for.
                    return named;
                }
            }

            if (segB > segA + 1 && k > lo && IsPunct(t[k], ',') && IsConnectedCapRun(t, segA, segB) && IsCommonNounSubject(t, lo, k - 1)
                && (Lexicon.IsOrgNoun(Word(t[k - 1])) || Word(t[k - 1]) is "coalition" or "campaign" or "charity" or "alliance" or "organisation" or "organization")
                && OrganisationSpeaker(t, new SubjectPhrase { Kind = SubjectKind.Name, A = segA, B = segB }) is not null)
            {
                // "Their coalition, Homes for Neighbors, said": a body whose name has "for"/"of" inside (session 11).
                return new SubjectPhrase { Kind = SubjectKind.Name, A = segA, B = segB };
            }

            if (segB - segA >= 3 && segB - segA <= 5 && k >= lo && IsPunct(t[k], ',') && JointNamesEnd(t, segA, segB) is { Kind: SubjectKind.Name } joint)
            {
                // "His parents, Alan and Judith Redfearn, said": the couple named in the apposition (the full name
                // after "and"), not the role before it (session 10).
                return joint;
            }

            if (Is(t[segA], "who") && k >= lo && IsPunct(t[k], ','))
            {
                var r = PhraseEndingAt(t, k - 1, lo);
                var body = r.Kind == SubjectKind.Name && IsAfterRolePreposition(t, r, lo);
                if ((r.Kind != SubjectKind.Name || body) && k - 1 > lo)
                {
                    // "Gates, the port authority's chief executive, who took the job in January, said": the name
                    // before the role apposition that the relative clause follows.
                    var r2 = BackwardSubject(t, k + 1, lo);
                    if (r2.Kind == SubjectKind.Name && (!body || ParseName(t, r2.A, r2.B) is { Person: true }))
                    {
                        return r2;
                    }
                }

                // "Rep. Curtis Hall, R-Tex., the chairman of the Transportation Committee, who …, called": not the
                // committee (the sentence's person is found by the caller).
                return body ? default : r;
            }

            if (k >= lo && IsPunct(t[k], ','))
            {
                var before = PhraseEndingAt(t, SkipAgeBack(t, SkipPartyTagBack(t, k, lo), lo) - 1, lo);
                if (before.Kind != SubjectKind.None)
                {
                    if (PersonBeforeBodyApposition(t, before, k, segA, lo) is { Kind: SubjectKind.Name } person)
                    {
                        return person; // session 15: "X, president of the Y Project, a watchdog, called"
                    }

                    LearnRoleFromSegment(t, segA, segB, before);
                    return before;
                }
            }

            return SubjectBeforeRelativeClause(t, j, lo); // session 18: "X, who …, and who is, I should say, …, warned"
        }

        if (Is(t[j], "who") && j - 1 >= lo && IsPunct(t[j - 1], ','))
        {
            var antecedent = PhraseEndingAt(t, j - 2, lo);
            if (antecedent.Kind != SubjectKind.Name && NameBeforeDescription(t, j - 1, lo) is { Kind: SubjectKind.Name } described)
            {
                return described; // session 19: "Sen. X, the Democrat who wrote the bill, who told …"
            }

            if (antecedent.Kind == SubjectKind.None || (antecedent.Kind == SubjectKind.Role && antecedent.Word is { } thing
                && !Lexicon.RoleNouns.Contains(thing) && !Lexicon.GroupNouns.Contains(thing) && !_reg.AnyWithRole(thing)))
            {
                // "according to two people familiar with the talks, who said …": unnamed people, no speaker (session 10).
                for (var k = j - 2; k >= lo && k >= j - 8 && t[k].Kind == TokKind.Word && !t[k].Cap; k--)
                {
                    if (Lexicon.GroupNouns.Contains(Word(t[k])) && !Lexicon.IsOrgNoun(Word(t[k])))
                    {
                        return new SubjectPhrase { Kind = SubjectKind.Role, A = k, B = k, Word = _words.Lower(Word(t[k])) };
                    }
                }
            }

            return antecedent.Kind == SubjectKind.Role && NameBeforeWhoApposition(t, j, lo) is { Kind: SubjectKind.Name } named ? named : antecedent; // session 19
        }

        var unnamed = IndefinitePersonEndingAt(t, j, lo);
        if (unnamed.Kind != SubjectKind.None)
        {
            return unnamed;
        }

        if (DefiniteOfficeTitleEndingAt(t, j, lo) is { Kind: SubjectKind.Role } office)
        {
            return office; // s23-titles: "the Minister for Housing said": the title's holder
        }

        var phrase = PhraseEndingAt(t, j, lo);
        if (phrase.Kind == SubjectKind.Name && ParseName(t, phrase.A, phrase.B) is not { Person: true } && PersonOfBodyBefore(t, phrase.A, lo) is { Kind: SubjectKind.Name } personOfBody)
        {
            return personOfBody; // session 15: "X of the Brussels-based group Refugee Rights Europe called"
        }

        return phrase.Kind == SubjectKind.None && t[j].Kind == TokKind.Word && !t[j].Cap ? PersonBeforeOf(t, j, lo) : phrase;
    }

    private static readonly HashSet<string> Demonyms = new(StringComparer.OrdinalIgnoreCase)
    {
        "Pole", "Swede", "Dane", "Finn", "Spaniard", "Briton", "Scot", "Swiss", "Czech", "Slovak", "Serb", "Croat", "Greek",
        "Turk", "Thai", "Welshman", "Kiwi", "Aussie", "Brit", "Argentine", "Dutchman", "Dutchwoman", "Frenchman", "Frenchwoman",
    };

    /// <summary>
    /// "The 22-year-old Frenchwoman saved …", "the Pole served …", "the veteran full-back said": a description opening the
    /// sentence at <paramref name="lo"/> (before <paramref name="hi"/>), ending in a demonym or a role, before a lower-case
    /// verb; the phrase's last word is its role (session 10).
    /// </summary>
    private SubjectPhrase OpeningDescription(Token[] t, int lo, int hi)
    {
        if (lo >= hi || !Is(t[lo], "the"))
        {
            return default;
        }

        for (var k = lo + 1; k < hi && k <= lo + 8; k++)
        {
            if (IsPunct(t[k], '-') || (t[k].Kind != TokKind.Quote && char.IsDigit(_text[t[k].Start])))
            {
                // "the 22-year-old Frenchwoman"
                continue;
            }

            if (t[k].Kind != TokKind.Word || t[k].Possessive)
            {
                return default;
            }

            var w = Word(t[k]);
            var demonym = t[k].Cap && (Demonyms.Contains(w) || w.EndsWith("woman", StringComparison.Ordinal) || (w.EndsWith("man", StringComparison.Ordinal) && w.Length > 5)
                || (IsNationality(w) && !Lexicon.IsOrgNoun(w) && !IsNameToken(t, k + 1)));
            if (t[k].Cap && !demonym)
            {
                return default;
            }

            if (demonym && k + 2 < hi && t[k + 1].Kind == TokKind.Word && !t[k + 1].Cap && Lexicon.RoleNouns.Contains(Word(t[k + 1])))
            {
                // "the Ukrainian leader said": the role noun after the demonym.
                continue;
            }

            if (k + 1 < hi && t[k + 1].Kind == TokKind.Word && !t[k + 1].Cap && (demonym || Lexicon.RoleNouns.Contains(w) || _reg.AnyWithRole(_words.Lower(w))))
            {
                return new SubjectPhrase { Kind = SubjectKind.Role, A = lo, B = k, Word = _words.Lower(w) };
            }
        }

        return default;
    }

    /// <summary>"Alan and Judith Redfearn" (tokens a..b): the full name after "and", when both sides are names.</summary>
    private SubjectPhrase JointNamesEnd(Token[] t, int a, int b)
    {
        for (var m = a + 1; m < b; m++)
        {
            if (!Is(t[m], "and"))
            {
                continue;
            }

            if (!IsNameRun(t, a, m - 1) || !IsNameRun(t, m + 1, b) || b - m < 2)
            {
                return default;
            }

            return ParseName(t, m + 1, b) is { Person: true } info && info.Parts.Count >= 2
                ? new SubjectPhrase { Kind = SubjectKind.Name, A = m + 1, B = b }
                : default;
        }

        return default;
    }

    /// <summary>
    /// "Colin Ashby of Lowbridge police's economic crime unit said": a person named right before "of", "from" or "at"
    /// whose phrase (a body, a unit) runs up to the verb (session 10).
    /// </summary>
    private SubjectPhrase PersonBeforeOf(Token[] t, int j, int lo)
    {
        for (var k = j - 1; k > lo && k >= j - 9; k--)
        {
            if (t[k].Kind != TokKind.Word || t[k].Cue)
            {
                return default;
            }

            var w = Word(t[k]);
            if (!t[k].Cap && w is "that" or "which" or "who" or "and" or "but" or "to")
            {
                return default;
            }

            if (!t[k].Cap && w is "of" or "from" or "at" && t[k - 1].Kind == TokKind.Word && t[k - 1].Cap && !t[k - 1].Possessive && IsNameToken(t, k - 1))
            {
                var s = k - 1;
                while (s - 1 >= lo && IsNameToken(t, s - 1) && !t[s - 1].Possessive)
                {
                    s--;
                }

                return ParseName(t, s, k - 1) is { Person: true } info && info.Parts.Count >= 2
                    ? new SubjectPhrase { Kind = SubjectKind.Name, A = s, B = k - 1 }
                    : default;
            }
        }

        return default;
    }

    /// <summary>
    /// "a man near the back shouted", "one woman in the front row yelled": an unnamed person with a place phrase
    /// before the cue. The phrase is indefinite, so it resolves to nobody (not to the last speaker).
    /// </summary>
    private SubjectPhrase IndefinitePersonEndingAt(Token[] t, int j, int lo)
    {
        for (var d = j - 1; d >= lo && d >= j - 8; d--)
        {
            if (t[d].Kind != TokKind.Word)
            {
                return default;
            }

            if (!(Is(t[d], "a") || Is(t[d], "an") || Is(t[d], "one") || Is(t[d], "another")))
            {
                continue;
            }

            for (var n = d + 1; n < j && n <= d + 3; n++)
            {
                if (t[n].Kind == TokKind.Word && !t[n].Cap && AnonLookup.Contains(Span(t[n])) && n + 1 <= j && t[n + 1].Kind == TokKind.Word
                    && Word(t[n + 1]) is "near" or "at" or "in" or "on" or "from" or "outside" or "inside" or "behind" or "among" or "across" or "by")
                {
                    return new SubjectPhrase { Kind = SubjectKind.Role, A = d, B = n, Word = _words.Lower(Word(t[n])) };
                }
            }

            return default;
        }

        return default;
    }

    // "Premier", "Speaker", or a job-like word someone in the article holds as a title ("Treasurer Nathan Okoro"); not an
    // outlet ("The Observer").
    private bool IsCapitalizedRole(string w) =>
        Lexicon.RoleNouns.Contains(w) || (LooksLikeRoleWord(w) && !Lexicon.IsOutletWord(w) && _reg.AnyWithRole(_words.Lower(w)))
        || IsHyphenatedOffice(w) || IsCapitalizedBodyNoun(w);

    /// <summary>
    /// "the chairman of the Transportation Committee", "a member of the Harbor Board": a body's name governed by a
    /// preposition inside a role apposition, so the person before the apposition is the subject (session 9).
    /// </summary>
    /// <summary>
    /// "The ferry operator", "Their coalition": "the" or a possessive pronoun opening the sentence and one to three
    /// lower-case words up to <paramref name="b"/> (session 11).
    /// </summary>
    private bool IsCommonNounSubject(Token[] t, int lo, int b)
    {
        if (b - lo < 1 || b - lo > 3 || t[lo].Kind != TokKind.Word || !(Is(t[lo], "the") || Word(t[lo]) is "Their" or "Its"))
        {
            return false;
        }

        for (var k = lo + 1; k <= b; k++)
        {
            if (t[k].Kind != TokKind.Word || t[k].Cap || t[k].Cue)
            {
                return false;
            }
        }

        return true;
    }

    // "Homes for Neighbors", "Friends of the Earth": capitalized words joined by "for", "of" or "the" (and maybe "and"),
    // first and last capitalized (session 11).
    private bool IsConnectedCapRun(Token[] t, int a, int b)
    {
        if (!t[a].Cap || !t[b].Cap)
        {
            return false;
        }

        var joined = false;
        for (var k = a; k <= b; k++)
        {
            if (t[k].Kind != TokKind.Word || (!t[k].Cap && Word(t[k]) is not ("for" or "of" or "and" or "the")))
            {
                return false;
            }

            // Only "and" would be two people ("Alan and Judith Redfearn").
            joined |= !t[k].Cap && Word(t[k]) is "for" or "of" or "the";
        }

        return joined;
    }

    /// <summary>
    /// "the attorney general of Nebraska", "a spokeswoman for Marchbanks": the name <paramref name="r"/> is the object of
    /// a role's preposition, whether it reads as a body, a place or a person (session 11).
    /// </summary>
    private bool IsAfterRolePreposition(Token[] t, SubjectPhrase r, int lo)
    {
        var k = r.A - 1;
        while (k - 1 >= lo && t[k].Kind == TokKind.Word && Word(t[k]) is "and" or "of" && t[k - 1].Kind == TokKind.Word && t[k - 1].Cap)
        {
            // "the Transportation and Infrastructure Committee": the whole name.
            k--;
            while (k - 1 >= lo && t[k - 1].Kind == TokKind.Word && t[k - 1].Cap && !Is(t[k - 1], "the"))
            {
                k--;
            }

            k--;
        }

        if (k >= lo && Is(t[k], "the"))
        {
            k--;
        }

        return k - 1 >= lo && t[k].Kind == TokKind.Word && Word(t[k]) is "of" or "on" or "for" or "at"
            && t[k - 1].Kind == TokKind.Word && !t[k - 1].Cap && (Lexicon.RoleNouns.Contains(Word(t[k - 1])) || Lexicon.RoleLikeNouns.Contains(Word(t[k - 1])) || Word(t[k - 1]) is "member" or "head" or "chair" or "general");
    }

    /// <summary>
    /// The comma before a party tag that ends at comma <paramref name="k"/> ("Sen. Renata Obi, D-Ga., a member of …":
    /// the comma after "Obi"), else <paramref name="k"/> itself.
    /// </summary>
    private int SkipPartyTagBack(Token[] t, int k, int lo)
    {
        var e = k - 1;
        if (e >= lo && IsPunct(t[e], '.'))
        {
            e--;
        }

        if (e - 1 >= lo && t[e].Kind == TokKind.Word && IsPunct(t[e - 1], ','))
        {
            var w = Span(t[e]);
            if (w.Length >= 3 && w[0] is 'R' or 'D' or 'I' && w[1] == '-' && char.IsUpper(w[2]))
            {
                return e - 1;
            }
        }

        return k;
    }

    // "the Portmoor Dockworkers' Union": a capitalized plural possessive before another capitalized word of a body's name.
    private bool IsPluralPossessiveInName(Token[] t, int k) =>
        t[k].Cap && k + 1 < t.Length && t[k + 1].Kind == TokKind.Word && t[k + 1].Cap && t[k].End - t[k].Start >= 3
        && ((_text[t[k].End - 1] is '\'' or '\u2019' && _text[t[k].End - 2] == 's') || IrregularPluralBodyPossessive(t, k));

    private bool IsNameRun(Token[] t, int a, int b)
    {
        for (var k = a; k <= b; k++)
        {
            if (!IsNameToken(t, k))
            {
                return false;
            }
        }

        return t[a].Cap && !t[b].Possessive;
    }

    private SubjectPhrase PhraseEndingAt(Token[] t, int j, int lo)
    {
        if (j < lo || j < 0 || t[j].Kind != TokKind.Word)
        {
            return default;
        }

        if (NumberedBranchPhrase(t, j, lo) is { Kind: SubjectKind.Name } branch)
        {
            return branch; // s22c-orgs2: "Amalgamated Autoworkers Local 1147 said"
        }

        var w = Word(t[j]);
        if (Lexicon.Pronouns.Contains(w))
        {
            return new SubjectPhrase { Kind = SubjectKind.Pronoun, A = j, B = j, Word = _words.Lower(w) };
        }

        if (w is "it" or "It" && j + 1 < t.Length && t[j + 1].Cue)
        {
            // "…," it said in a statement: the organisation that spoke last.
            return new SubjectPhrase { Kind = SubjectKind.Pronoun, A = j, B = j, Word = "it" };
        }

        if (t[j].Cap && DescriptorRunEndingAt(t, j, lo) is var da && da >= 0)
        {
            // "the Swede said", "the veteran Tory told", "the Lib Dem added": a person described, not named (session 18).
            return new SubjectPhrase { Kind = SubjectKind.Role, A = ModifiedAfterThe(t, da, lo) + 1, B = j, Word = _words.Lower(w) };
        }

        if (t[j].Cap && j - 1 >= lo && Is(t[j - 1], "the") && !t[j].Possessive && IsCapitalizedRole(w))
        {
            // "the Premier said", "The Treasurer told …": a capitalized role word alone is the role (session 9).
            return new SubjectPhrase { Kind = SubjectKind.Role, A = j, B = j, Word = _words.Lower(w) };
        }

        if (t[j].Cap && IsNameToken(t, j) && !t[j].Possessive)
        {
            var a = j;
            while (a - 1 >= lo && IsNameToken(t, a - 1) && (!t[a - 1].Possessive || IsPluralPossessiveInName(t, a - 1)))
            {
                a--;
            }

            while (a < j && !t[a].Cap)
            {
                a++;
            }

            if (a - 3 >= lo && Word(t[a - 1]) is "from" or "of" && t[a - 2].Kind == TokKind.Word && !t[a - 2].Cap && Lexicon.RoleNouns.Contains(Word(t[a - 2]))
                && Is(t[a - 3], "the") && ParseName(t, a, j) is { } place && (!place.Person || Lexicon.IsPlaceName(place.Text)))
            {
                // "The senator from California added": the senator, not the state.
                return new SubjectPhrase { Kind = SubjectKind.Role, A = a - 2, B = a - 2, Word = _words.Lower(Word(t[a - 2])) };
            }

            if (IndefiniteRoleFor(t, a, lo) is { Kind: SubjectKind.Role } unnamed)
            {
                // "a spokesperson for Governor Ruth Kimani said", "an aide to Sen. Paul Brandt said": someone unnamed
                // speaks for the person named.
                return unnamed;
            }

            var info = ParseName(t, a, j);
            if (info is not null && (!info.Person || (info.Parts.Count == 1 && !info.Honorific && _reg.ResolveShort(info.Parts[0], info.Gender, t[a].Start) < 0)
                || (BodyNameTail(t, a) && !(info.NameStart > a && OfficeHeadBefore(t, a, out _) >= 0)))) // s23-titles
            {
                // "Gov. Luisa Ferrante of the southern province of Tessaro said": the person before "of".
                var owner = OwnerBefore(t, a, lo);
                if (owner.Kind != SubjectKind.None)
                {
                    return owner;
                }
            }

            return new SubjectPhrase { Kind = SubjectKind.Name, A = a, B = j };
        }

        if (!t[j].Cap && (Lexicon.RoleNouns.Contains(w) || Lexicon.GroupNouns.Contains(w)
            || (j - 1 >= lo && t[j - 1].Kind == TokKind.Word && Lexicon.Determiners.Contains(Word(t[j - 1])))
            || (j - 2 >= lo && Is(t[j - 2], "the") && !t[j - 1].Cap && _reg.AnyWithRole(_words.Lower(w)))
            || (w is "household" or "palace" && j - 2 >= lo && Is(t[j - 2], "the"))
            || (WorldLexicon.PersonNouns.Contains(w) && ModifiedAfterThe(t, j, lo) >= 0)))
        {
            var a = j;
            while (a - 1 >= lo && t[a - 1].Kind == TokKind.Word && !Lexicon.Determiners.Contains(Word(t[a - 1])) && a > j - 5 && !t[a - 1].Cue)
            {
                a--;
            }

            if (t[a].Cap && IsNameToken(t, a) && a - 2 >= lo && (Is(t[a - 1], "the") || Is(t[a - 1], "of")) && OwnerBefore(t, a, lo) is { Kind: SubjectKind.Name } owner)
            {
                // "Detective Inspector Hollis Marrow of the Tanebridge Police major investigations team told",
                // "Detective Sergeant Colin Ashby of Lowbridge police's economic crime unit said": the person before
                // "of (the) <body> … unit", not the unit (session 10).
                return owner;
            }

            if (IndefiniteRoleForNoun(t, a, lo) is { Kind: SubjectKind.Role } unnamedFor)
            {
                return unnamedFor;
            }

            return new SubjectPhrase { Kind = SubjectKind.Role, A = a, B = j, Word = _words.Lower(w) };
        }

        return default;
    }

    /// <summary>"a spokesperson for", "an aide to", "two officials at" right before the name run starting at <paramref name="a"/>.</summary>
    private SubjectPhrase IndefiniteRoleFor(Token[] t, int a, int lo)
    {
        var k = a - 1;
        while (k - 1 > lo && t[k].Kind == TokKind.Word && !t[k].Cap && Word(t[k]) is "of" or "and" && t[k - 1].Cap && IsNameToken(t, k - 1))
        {
            // "the Association of Secondary Heads": the body's name runs back over "of" and "and".
            a = k - 1;
            while (a - 1 > lo && t[a - 1].Cap && IsNameToken(t, a - 1) && !t[a - 1].Possessive)
            {
                a--;
            }

            k = a - 1;
        }

        if (k - 2 >= lo && Is(t[k], "the") && t[a].Cap)
        {
            // "A spokesperson for the Association of Secondary Heads said": someone unnamed speaks for the body
            // (session 10).
            k--;
        }

        return IndefiniteHeadBefore(t, k, lo);
    }

    /// <summary>"a spokesperson" / "two officials" before the preposition at <paramref name="k"/> ("for", "to", "at", "with").</summary>
    private SubjectPhrase IndefiniteHeadBefore(Token[] t, int k, int lo)
    {
        if (k - 1 < lo || t[k].Kind != TokKind.Word || t[k].Cap || Word(t[k]) is not ("for" or "to" or "at" or "with"))
        {
            return default;
        }

        var head = k - 1;
        if (t[head].Kind != TokKind.Word || t[head].Cap || !(Lexicon.RoleNouns.Contains(Word(t[head])) || Lexicon.GroupNouns.Contains(Word(t[head]))))
        {
            return default;
        }

        var d = head - 1;
        while (d >= lo && d >= head - 2 && t[d].Kind == TokKind.Word && !t[d].Cap && !Lexicon.Determiners.Contains(Word(t[d])) && !t[d].Cue)
        {
            // "a senior aide to", "a campaign spokeswoman for".
            d--;
        }

        var plural = Lexicon.GroupNouns.Contains(Word(t[head])) && !Lexicon.RoleNouns.Contains(Word(t[head]));
        var indefinite = d >= lo && t[d].Kind == TokKind.Word && Word(t[d]) is "a" or "an" or "A" or "An" or "one" or "One" or "two" or "Two" or "three" or "several" or "Several";
        return indefinite || (plural && (d < lo || !Is(t[d], "the")))
            ? new SubjectPhrase { Kind = SubjectKind.Role, A = head, B = head, Word = _words.Lower(Word(t[head])) }
            : default;
    }

    private SubjectPhrase OwnerBefore(Token[] t, int a, int lo)
    {
        var k = a - 1;
        var sawOf = false;
        while (k >= lo && k >= a - 10)
        {
            var tk = t[k];
            if (tk.Kind == TokKind.Word && !tk.Cap)
            {
                var w = Word(tk);
                if (tk.Cue || w is "that" or "which" or "who" or "and" or "but")
                {
                    return default;
                }

                sawOf |= w is "of" or "from" or "for" or "in" or "at";
                k--;
                continue;
            }

            if (tk.Kind == TokKind.Word && tk.Cap && sawOf && IsNameToken(t, k) && !tk.Possessive)
            {
                var b = k;
                var s = k;
                while (s - 1 >= lo && IsNameToken(t, s - 1) && !t[s - 1].Possessive)
                {
                    s--;
                }

                var info = ParseName(t, s, b);
                if (info is not null && info.Person && !BodyNameTail(t, s))
                {
                    return new SubjectPhrase { Kind = SubjectKind.Name, A = s, B = b };
                }

                k = s - 1;
                continue;
            }

            return default;
        }

        return default;
    }

    /// <summary>The subject after an inverted cue: "said Zelenskyy", "said a spokeswoman, Jane Doe", "according to X".</summary>
    private SubjectPhrase ForwardSubject(Token[] t, int c, int hi)
    {
        var k = c + 1;
        if (Is(t[c], "according") && k < hi && Is(t[k], "to"))
        {
            k++;
        }
        else if (k < hi && t[k].Kind == TokKind.Word && Lexicon.Particles.Contains(Word(t[k])) && Lexicon.NeedsParticleAfter(Word(t[c])))
        {
            k++;
        }

        if (k >= hi || t[k].Kind != TokKind.Word)
        {
            return default;
        }

        var w = Word(t[k]);
        if (w is "he" or "she" or "they")
        {
            return new SubjectPhrase { Kind = SubjectKind.Pronoun, A = k, B = k, Word = w };
        }

        // "said MSNBC host Ana Ruiz", "said 9/11 widow Ana Ruiz", "said Skyline Air chief executive Robert Brown":
        // a short modifier, role words, then the name.
        var roleFirst = RoleThenName(t, k, hi);
        if (roleFirst.Kind != SubjectKind.None)
        {
            return roleFirst;
        }

        var office = OfficeTitleThenName(t, k, hi); // s23-titles: "said Minister of State for Planning Aoife Kerr"
        if (office.Kind != SubjectKind.None)
        {
            return office;
        }

        if (t[k].Cap && k + 2 < hi && Is(t[k + 1], "of") && t[k + 2].Cap && IsNameToken(t, k + 2))
        {
            // "said Commissioner of Police Daniel Ruto": the name after the role's "of" phrase.
            var e = k + 2;
            while (e + 1 < hi && !t[e].Possessive && IsNameToken(t, e + 1))
            {
                e++;
            }

            if (ParseName(t, k + 2, e) is { Person: true } named && named.NameStart > k + 2)
            {
                return new SubjectPhrase { Kind = SubjectKind.Name, A = k + 2, B = e };
            }
        }

        if (t[k].Cap && IsNameToken(t, k))
        {
            var b = k;
            while (b + 1 < hi && !t[b].Possessive && IsNameToken(t, b + 1))
            {
                b++;
            }

            if (t[b].Possessive)
            {
                // "said Hartman's spokeswoman, Keisha Lamont," / "said Brightwater's chief executive Alan Birch".
                var r = b + 1;
                while (r < hi && r <= b + 3 && t[r].Kind == TokKind.Word && !t[r].Cap && !t[r].Cue)
                {
                    r++;
                }

                if (r > b + 1 && r < hi && IsPunct(t[r], ','))
                {
                    r++;
                }

                if (r > b + 1 && r < hi && t[r].Cap && IsNameToken(t, r))
                {
                    var e = r;
                    while (e + 1 < hi && !t[e].Possessive && IsNameToken(t, e + 1))
                    {
                        e++;
                    }

                    var named = ParseName(t, r, e);
                    if (named is { Person: true } && !t[e].Possessive)
                    {
                        return new SubjectPhrase { Kind = SubjectKind.Name, A = r, B = e };
                    }
                }

                return default;
            }

            var info = ParseName(t, k, b);
            if (info is not null && info.Person)
            {
                return new SubjectPhrase { Kind = SubjectKind.Name, A = k, B = b };
            }

            // "said White House spokeswoman Karoline Leavitt", "said Greens co-leader Femi Oduya": role words, then the name.
            var m = b + 1;
            while (m < hi && m <= b + 3 && t[m].Kind == TokKind.Word && !t[m].Cap && !t[m].Cue && Word(t[m]) is not ("that" or "who" or "which" or "on" or "in" or "at" or "after"))
            {
                m++;
            }

            if (m > b + 1 && m < hi && t[m].Cap && IsNameToken(t, m))
            {
                var e = m;
                while (e + 1 < hi && !t[e].Possessive && IsNameToken(t, e + 1))
                {
                    e++;
                }

                return new SubjectPhrase { Kind = SubjectKind.Name, A = m, B = e };
            }

            return info is null ? default : new SubjectPhrase { Kind = SubjectKind.Name, A = k, B = b };
        }

        if (Lexicon.Determiners.Contains(w) || Lexicon.RoleNouns.Contains(w) || Lexicon.GroupNouns.Contains(w) || !t[k].Cap)
        {
            // Role phrase, possibly followed by ", Name," apposition.
            var m = k;
            var head = -1;
            while (m < hi && m <= k + 8 && t[m].Kind == TokKind.Word && !t[m].Cue)
            {
                var mw = Word(t[m]);
                if (!t[m].Cap && (Lexicon.RoleNouns.Contains(mw) || Lexicon.GroupNouns.Contains(mw)) && head < 0)
                {
                    head = m;
                }

                if (!t[m].Cap && head < 0 && !Lexicon.Determiners.Contains(mw) && !Lexicon.Titles.Contains(mw) && !Lexicon.RoleNouns.Contains(mw) && mw is not ("for" or "of" or "at" or "to" or "with") && m > k + 3)
                {
                    break;
                }

                if (t[m].Cap && head < 0 && IsNameToken(t, m) && m > k)
                {
                    // "said White House spokeswoman Karoline Leavitt" continues below.
                }

                m++;
            }

            if (m < hi && IsPunct(t[m], ',') && m + 1 < hi && t[m + 1].Cap && IsNameToken(t, m + 1))
            {
                var e = m + 1;
                while (e + 1 < hi && !t[e].Possessive && IsNameToken(t, e + 1))
                {
                    e++;
                }

                var info = ParseName(t, m + 1, e);
                if (info is not null && info.Person)
                {
                    if (head >= 0)
                    {
                        info.TitleWords.Add(_words.Lower(Word(t[head])));
                    }

                    return new SubjectPhrase { Kind = SubjectKind.Name, A = m + 1, B = e };
                }
            }

            // "said White House spokeswoman Karoline Leavitt"
            for (var x = k; x < m; x++)
            {
                if (t[x].Cap && IsNameToken(t, x) && x > k && !t[x - 1].Cap
                    && !(head >= 0 && head < x && Word(t[x - 1]) is "for" or "to" or "at" or "with" && Word(t[k]) is "a" or "an" or "one"))
                {
                    // Not "said an aide to Sen. Paul Brandt": the name after the preposition is whom the aide serves.
                    var e = x;
                    while (e + 1 < hi && !t[e].Possessive && IsNameToken(t, e + 1))
                    {
                        e++;
                    }

                    var info = ParseName(t, x, e);
                    if (info is not null && info.Person && info.Parts.Count >= 2)
                    {
                        return new SubjectPhrase { Kind = SubjectKind.Name, A = x, B = e };
                    }
                }
            }

            if (head >= 0)
            {
                return new SubjectPhrase { Kind = SubjectKind.Role, A = k, B = head, Word = _words.Lower(Word(t[head])) };
            }

            // "said the 22-year-old.", "said the defender": a definite description ending the clause.
            if (Is(t[k], "the") && m > k + 1 && m - k <= 3 && !t[m - 1].Cap && (m >= hi || t[m].Kind != TokKind.Word))
            {
                return new SubjectPhrase { Kind = SubjectKind.Role, A = k, B = m - 1, Word = _words.Lower(Word(t[m - 1])) };
            }
        }

        return default;
    }

    /// <summary>
    /// After a cue: up to four modifier tokens (an outlet, a number like 9/11, capitalized words) then lowercase role
    /// words (a title or role noun such as host, widow, executive) then a person's name.
    /// </summary>
    private SubjectPhrase RoleThenName(Token[] t, int k, int hi)
    {
        var m = k;
        while (m < hi && m <= k + 4 && t[m].Kind != TokKind.Quote && !(t[m].Kind == TokKind.Word && ((!t[m].Cap && !char.IsDigit(_text[t[m].Start])) || t[m].Cue))
            && !(t[m].Kind == TokKind.Punct && t[m].P is ',' or '.' or ';' or ':' or '!' or '?' or '(' or ')'))
        {
            m++;
        }

        // Lower-case role words; the last one must be a role noun, the ones before it may be any modifier ("chief
        // economics editor", "senior foreign affairs correspondent").
        var roleStart = m;
        while (m < hi && m <= roleStart + 3 && t[m].Kind == TokKind.Word && !t[m].Cap && !t[m].Cue
            && Word(t[m]) is not ("that" or "who" or "which" or "on" or "in" or "at" or "after" or "the" or "a" or "an" or "of" or "to" or "for" or "and" or "with" or "by" or "from" or "as" or "when" or "while"))
        {
            m++;
        }

        if (m == roleStart || m >= hi || !t[m].Cap || !IsNameToken(t, m) || !IsRoleWord(Word(t[m - 1])))
        {
            return default;
        }

        var e = m;
        while (e + 1 < hi && !t[e].Possessive && IsNameToken(t, e + 1))
        {
            e++;
        }

        var info = ParseName(t, m, e);
        if (info is null || !info.Person || t[e].Possessive)
        {
            return default;
        }

        info.TitleWords.Add(_words.Lower(Word(t[m - 1])));
        return new SubjectPhrase { Kind = SubjectKind.Name, A = m, B = e };
    }

    private static bool IsRoleWord(string w) =>
        Lexicon.RoleNouns.Contains(w) || Lexicon.Titles.Contains(w) || Lexicon.GroupNouns.Contains(w) || Lexicon.RoleLikeNouns.Contains(w);

    private void LearnAppositionRole(Token[] t, int lo, int k, NameInfo info)
    {
        // "a spokeswoman for X, Jane Doe, said": the role words before the name's comma.
        for (var x = k - 1; x >= lo && x >= k - 8; x--)
        {
            if (t[x].Kind == TokKind.Word && !t[x].Cap && Lexicon.RoleNouns.Contains(Word(t[x])))
            {
                info.TitleWords.Add(_words.Lower(Word(t[x])));
                ApplyGenderWord(info, Word(t[x]));
                break;
            }
        }
    }

    private void LearnRoleFromSegment(Token[] t, int a, int b, SubjectPhrase subject)
    {
        if (subject.Kind != SubjectKind.Name)
        {
            return;
        }

        for (var x = a; x <= b; x++)
        {
            if (t[x].Kind == TokKind.Word && !t[x].Cap && Lexicon.RoleNouns.Contains(Word(t[x])))
            {
                var info = ParseName(t, subject.A, subject.B);
                if (info is null || !info.Person)
                {
                    return;
                }

                var id = info.Parts.Count >= 2 ? _reg.GetOrAddFull(info, t[subject.A].Start) : _reg.ResolveShort(info.Parts[0], info.Gender, t[subject.A].Start);
                if (id >= 0)
                {
                    _reg.AddRole(_reg[id], _words.Lower(Word(t[x])));
                    var g = Lexicon.FemaleRoles.Contains(Word(t[x])) ? Gender.Female : Lexicon.MaleRoles.Contains(Word(t[x])) ? Gender.Male : Gender.Unknown;
                    if (_reg[id].Gender == Gender.Unknown)
                    {
                        _reg[id].Gender = g;
                    }
                }

                return;
            }
        }
    }
}
