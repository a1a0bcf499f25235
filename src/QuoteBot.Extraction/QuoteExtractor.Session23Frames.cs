namespace QuoteBot.Extraction;

// Session 23 (s23-frames): the speaker is a sentence's person, but a pronoun, a frame or an insertion loses it.
//
// 1. A "he"/"she" speaker after narrative sentences: walking back from the pronoun (its own sentence up to it, the
//    earlier sentences of its paragraph, then the paragraph before), a sentence whose first person reference is a
//    pronoun of the same gender continues the chain; the first sentence that names a person of a compatible gender
//    gives the referent, whether that person is the subject or the object ("I read that to Achebe. She laughed. "…,"
//    she said.", "When I put this to Koval, she laughs."). Speaker tracking alone only sees subjects of speech verbs and
//    so picks an older speaker. Of two people in that sentence the first (the subject) is taken, unless the other is the
//    person who spoke last. A role or description as subject, a reporting verb with nobody named, an unnamed person,
//    coordinated names, or a registered name that is not surely a person end the walk with no answer (the older rules
//    decide).
// 2. A pluperfect inner cue ("Yadav said the alliance had promised 10 lakh jobs and delivered "…"", "She said a driver
//    had told her: "…"") reports an earlier act inside the outer speaker's clause: when its own subject names nobody,
//    the quote is the outer speaker's (the outer-frame rule of session 17, which otherwise excludes bodies and
//    particular unnamed people).
// 3. A participle cue after the sentence's object ("She went after Sen. Paul Young, …, saying") is the subject's; so is
//    one after a participle insertion ("Helga Brandt, speaking in English, French and German, said"), a passive
//    "is quoted as telling", and "the paper quotes him as saying"; "accused Ruel of saying "…"" is Ruel's words.
// 4. "When I asked the mayor …" / "when I complained": the writer's cue in a subordinate clause is no frame; the main
//    clause's "she was honest: "…"" or "he shrugged. "…"" speaks.
// 5. "…," a remarkable thing for a veteran to say: an infinitive in a noun phrase after the quote is no tail.
internal sealed partial class ArticleScan
{
    private const int ChainContinues = -2;

    /// <summary>
    /// The person a "he"/"she" at token <paramref name="a"/> of paragraph <paramref name="p"/> refers to by the chain of
    /// sentences before it (see the file comment), else -1.
    /// </summary>
    private int PronounChainReferent(Para p, int a, Gender gender)
    {
        var para = p;
        var s = p.Tokens[a].Sentence;
        for (var walked = 0; walked < 5; walked++)
        {
            if (s < 0)
            {
                var prev = para.Index - 1;
                if (para != p || prev < _article.HeadlineParagraphs || prev < 0 || _paras[prev].Boilerplate || _paras[prev].Tokens.Length == 0)
                {
                    return -1;
                }

                para = _paras[prev];
                s = para.SentenceStart.Length - 1;
            }

            var u = para.Tokens;
            var lo = para.SentenceStart[s];
            // The pronoun's own sentence counts up to the pronoun: "Moraes, asked about it as she left, said she had …".
            var hi = walked == 0 ? a : s + 1 < para.SentenceStart.Length ? para.SentenceStart[s + 1] : u.Length;
            var r = SentenceReferent(u, lo, hi, gender);
            if (r != ChainContinues)
            {
                return r;
            }

            s--;
        }

        return -1;
    }

    /// <summary>
    /// The referent the tokens <paramref name="lo"/>..<paramref name="hi"/> (exclusive) of one sentence give a pronoun
    /// of <paramref name="gender"/>: a person's entity, -1 (no answer: stop), or
    /// <see cref="ChainContinues"/> (a pronoun of that gender comes first, or nobody is mentioned).
    /// </summary>
    private int SentenceReferent(Token[] u, int lo, int hi, Gender gender)
    {
        if (hi <= lo)
        {
            return ChainContinues;
        }

        if (SentenceSubject(u, lo, hi).Kind == SubjectKind.Role)
        {
            return -1; // "The sheriff raised it more than once.": a role may be who the pronoun means
        }

        // "Asked whether he would shake hands, Mateo Ruiz laughed.": the opening clause's pronoun points ahead.
        lo = IntroClauseEnd(u, lo, hi);
        var list = _reg.Mentions;
        var mi = LowerBound(list, u[lo].Start);
        var cue = false;
        for (var k = lo; k < hi; k++)
        {
            var tok = u[k];
            while (mi < list.Count && list[mi].Pos < tok.Start)
            {
                mi++; // mentions inside a quote, or not at a token's start
            }

            if (tok.Kind == TokKind.Quote)
            {
                if (_attrByQuote.Length > tok.QuoteIndex && _attrByQuote[tok.QuoteIndex] is { } qa && qa.Speaker is not null)
                {
                    // An attributed quote: its speaker is the reference (a person, or a body that ends the walk).
                    return qa.Entity >= 0 && !_reg[qa.Entity].Anonymous && EntityRegistry.Compatible(gender, _reg[qa.Entity].Gender) ? qa.Entity : -1;
                }

                continue;
            }

            if (tok.Kind != TokKind.Word)
            {
                continue;
            }

            cue |= tok.Cue && !Lexicon.IsParticiple(Word(tok)); // not "Speaking to reporters, she said"
            if (tok.Cue && !Lexicon.IsParticiple(Word(tok)) && BackwardSubject(u, k, lo).Kind == SubjectKind.Role)
            {
                return -1; // "The veteran full-back said he would …": a description speaks before any name
            }
            if (PronounGender(Span(tok)) is var g && g != Gender.Unknown)
            {
                if (g == gender)
                {
                    return ChainContinues;
                }

                continue;
            }

            var b = k;
            while (tok.Cap && b + 1 < hi && !u[b].Possessive && u[b + 1].Cap && IsNameToken(u, b + 1))
            {
                b++;
            }

            var id = -1;
            while (mi < list.Count && list[mi].Pos <= u[b].Start)
            {
                id = id < 0 ? list[mi].Entity : id;
                mi++;
            }

            if (id < 0)
            {
                continue;
            }

            var e = _reg[id];
            if (!EntityRegistry.Compatible(gender, e.Gender))
            {
                k = b;
                continue;
            }

            if (e.Anonymous)
            {
                return -1; // "a woman stopped me": an unnamed person may be who the pronoun means
            }

            var pre = k - 1;
            while (pre > lo && u[pre].Kind == TokKind.Word && (u[pre].Cap || Is(u[pre], "the") || ParticleLookup.Contains(Span(u[pre]))
                || (u[pre].End - u[pre].Start <= 3 && u[pre + 1].Cap && !PlaceOrAgentWord(u[pre]))))
            {
                pre--; // "in the Salle des Quatre Colonnes", "by Sen. Dennis Park"
            }

            if (u[b].Possessive || (pre >= lo && PlaceOrAgentWord(u[pre]))
                || (pre >= lo && Is(u[pre], "from") && !(e.Gender != Gender.Unknown && !e.GenderFromSpelling) && !(e.Tokens >= 2 && IsGivenName(e.First))))
            {
                // "Tierney's leaflet", "Pressed by Bellamy, he laughed", "the crowd at Gaya": no referent here.
                k = b;
                continue;
            }

            // A person by gender, given name or an earlier turn, or as the subject of a speech verb right here
            // ("Ward councillor Gift Dlamini-Tshuma said he would …").
            var speaks = b + 1 < hi && u[b + 1].Cue && !Lexicon.IsParticiple(Word(u[b + 1]));
            if (!(speaks || PersonLike(id, u[lo].Start)) || (b + 1 < hi && u[b + 1].Kind == TokKind.Word && !u[b + 1].Cap && Lexicon.RoleNouns.Contains(Word(u[b + 1]))))
            {
                // "at the Gandhi Maidan", "with the Arnholm Standard": a place or a body registered like a name; "The
                // Albion manager": a role.
                return -1;
            }

            if (b + 2 < hi && Is(u[b + 1], "and") && u[b + 2].Cap)
            {
                return -1; // "Rosa Delgado and Mayor Lena Ortiz toured the plant.": either may be meant
            }

            // "Whitley accused Gaines of …": the subject, unless the other person is the one who spoke last.
            var last = LastSpeakerBefore(u[lo].Start);
            if (last >= 0 && last != id && EntityRegistry.Compatible(gender, _reg[last].Gender) && NamedIn(u, lo, hi, last))
            {
                return -1;
            }

            return id;
        }

        return cue ? -1 : ChainContinues;
    }

    /// <summary>
    /// A registered name that is surely a person: a gender from a title or a pronoun, a known given name, or a speaker
    /// before <paramref name="pos"/> ("the Arnholm Standard", "Gandhi Maidan" are registered like names too).
    /// </summary>
    private bool PersonLike(int id, int pos)
    {
        var e = _reg[id];
        if ((e.Gender != Gender.Unknown && !e.GenderFromSpelling) || (e.Tokens >= 2 && IsGivenName(e.First)))
        {
            return true;
        }

        var list = _reg.Speakers;
        for (var i = LowerBound(list, pos) - 1; i >= 0; i--)
        {
            if (list[i].Entity == id && list[i].Speaker)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether person <paramref name="id"/> is named (by a mention or by surname) in tokens lo..hi (exclusive).</summary>
    private bool NamedIn(Token[] u, int lo, int hi, int id)
    {
        var name = _reg[id].Name.AsSpan();
        for (var k = lo; k < hi; k++)
        {
            if (u[k].Kind != TokKind.Word || !u[k].Cap || u[k].End - u[k].Start < 3)
            {
                continue;
            }

            var w = Span(u[k]);
            w = u[k].Possessive && w.Length > 2 ? w[..^2] : w;
            foreach (var part in name.Split(' '))
            {
                if (name[part].Equals(w, StringComparison.Ordinal))
                {
                    return true; // "Hall spent the night trading barbs with Park" after Thomas B. Hall Jr. spoke
                }
            }
        }

        var list = _reg.Mentions;
        var to = hi < u.Length ? u[hi].Start : u[^1].End;
        for (var i = LowerBound(list, u[lo].Start); i < list.Count && list[i].Pos < to; i++)
        {
            if (list[i].Entity == id)
            {
                return true;
            }
        }

        return false;
    }

    private static Gender PronounGender(ReadOnlySpan<char> w) =>
        w.Equals("he", StringComparison.OrdinalIgnoreCase) || w.Equals("him", StringComparison.OrdinalIgnoreCase)
        || w.Equals("himself", StringComparison.OrdinalIgnoreCase) ? Gender.Male
        : w.Equals("she", StringComparison.OrdinalIgnoreCase) || w.Equals("herself", StringComparison.OrdinalIgnoreCase) ? Gender.Female
        : Gender.Unknown; // not "his"/"her": "Her daughter, Ruth, said" opens with a possessive, not a reference

    /// <summary>The entity of the latest speaker mention before <paramref name="pos"/>, else -1.</summary>
    private int LastSpeakerBefore(int pos)
    {
        var i = LowerBound(_reg.Speakers, pos) - 1;
        return i >= 0 ? _reg.Speakers[i].Entity : -1;
    }

    /// <summary>"… said the alliance had promised …": the cue at <paramref name="inner"/> follows "had".</summary>
    private bool IsPluperfectCue(Token[] t, int inner) => inner > 0 && Is(t[inner - 1], "had");

    /// <summary>
    /// "She also went after Sen. Paul Young, an Iowa Republican, saying, "…"": the name before a participle cue
    /// <paramref name="k"/> that a lower-case verb or preposition governs is an object; the sentence's own subject (a
    /// name or "he"/"she" before that word) is the speaker. Else none.
    /// </summary>
    private SubjectPhrase SubjectOverObjectBeforeParticiple(Token[] t, SubjectPhrase np, int lo, int k)
    {
        if (InsertionSubject(t, np, lo, k) is { Kind: SubjectKind.Name } inserted)
        {
            return inserted;
        }

        if (k - 3 >= lo && Is(t[k], "saying") && Is(t[k - 1], "as") && Word(t[k - 2]) is "him" or "her" && Word(t[k - 3]) is "quotes" or "quote")
        {
            // "The paper quotes him as saying: "…"" (session 15 has "quoted him as saying").
            return new SubjectPhrase { Kind = SubjectKind.Pronoun, A = k - 2, B = k - 2, Word = Word(t[k - 2]) == "him" ? "he" : "she" };
        }

        if (k - 4 >= lo && Is(t[k - 1], "as") && Is(t[k - 2], "quoted") && Lexicon.IsParticiple(Word(t[k]))
            && t[k - 3].Kind == TokKind.Word && Word(t[k - 3]) is "is" or "was" or "were" or "are" or "been")
        {
            // "Giddings is quoted as telling the consultant, "…"": the one quoted, before the passive.
            var be = k - 3;
            while (be - 1 > lo && t[be - 1].Kind == TokKind.Word && Word(t[be - 1]) is "has" or "have" or "had" or "been")
            {
                be--;
            }

            var quoted = BackwardSubject(t, be, lo);
            return quoted.Kind == SubjectKind.Name || (quoted.Kind == SubjectKind.Pronoun && quoted.Word is "he" or "she") ? quoted : default;
        }

        if (np.Kind != SubjectKind.Name || np.A <= lo + 1 || !Lexicon.IsParticiple(Word(t[k])))
        {
            return default;
        }

        var j = np.A - 1;
        while (j > lo + 1 && t[j].Kind == TokKind.Word && t[j].Cap && Lexicon.Titles.Contains(Word(t[j]).TrimEnd('.')))
        {
            j--; // "Attorney General Dwight Kinney"
        }

        if (IsPunct(t[j], ','))
        {
            // "went after the Republican incumbent, Attorney General Dwight Kinney, accusing him": the name is the
            // apposition of an object noun phrase; the word that governs that phrase comes before its determiner.
            var d = j - 1;
            while (d > lo && d >= j - 5 && t[d].Kind == TokKind.Word && !Lexicon.Determiners.Contains(Word(t[d])) && !t[d].Cue)
            {
                d--;
            }

            if (d <= lo || !Lexicon.Determiners.Contains(Word(t[d])))
            {
                return default;
            }

            j = d - 1;
        }

        if (t[j].Kind != TokKind.Word || t[j].Cap || t[j].Cue || Word(t[j]) is "and" or "but" or "by" or "to" or "of" or "that" or "with"
            || Lexicon.RoleNouns.Contains(Word(t[j])) || Lexicon.Titles.Contains(Word(t[j])))
        {
            return default;
        }

        for (var x = lo; x < j; x++)
        {
            if (t[x].Kind == TokKind.Quote || t[x].Cue)
            {
                return default;
            }
        }

        // The clause opens the sentence or follows an opening phrase without names ("In his speech on Monday, March went
        // after …").
        var from = lo;
        for (var c = lo + 1; c < j - 1 && c <= lo + 12; c++)
        {
            if (t[c].Cap && IsNameToken(t, c))
            {
                break;
            }

            if (IsPunct(t[c], ','))
            {
                from = c + 1;
                break;
            }
        }

        var subj = SentenceSubject(t, from, j);
        return subj.Kind == SubjectKind.Pronoun && subj.Word is "he" or "she" && subj.A == from
            || subj.Kind == SubjectKind.Name && StartsSentence(t, from, subj.A) && ParseName(t, subj.A, subj.B) is { Person: true }
            ? subj
            : default;
    }

    /// <summary>
    /// "When I asked the mayor …", "as I complained": a cue whose subject is the writer ("I"/"we") inside a clause opened
    /// by a subordinator is the circumstance of the quote, not its frame.
    /// </summary>
    private bool IsFirstPersonSubordinateCue(Token[] t, int k) =>
        k >= 2 && t[k - 1].Kind == TokKind.Word && Word(t[k - 1]) is "I" or "we" or "We" && t[k - 2].Kind == TokKind.Word
        && Subordinators.Contains(Word(t[k - 2])) && t[k - 2].Sentence == t[k].Sentence;

    /// <summary>
    /// "When I asked the mayor how much …, she was honest", "Asked whether it survived, he was candid": a sentence
    /// (tokens <paramref name="lo"/>..<paramref name="hi"/>, exclusive) opened by a subordinate or "asked" clause whose
    /// main clause is "he"/"she" and a verb with no reporting verb or quote after it; that pronoun, else none.
    /// </summary>
    private SubjectPhrase MainPronounAfterOpeningClause(Token[] t, int lo, int hi)
    {
        if (hi - lo < 5 || t[lo].Kind != TokKind.Word
            || !(Word(t[lo]) is "Asked" or "Pressed" or "Questioned" or "Challenged" or "Confronted"
                || (Subordinators.Contains(Word(t[lo])) && Word(t[lo + 1]) is "I" or "we")))
        {
            return default;
        }

        for (var c = hi - 3; c > lo; c--)
        {
            if (t[c].Kind == TokKind.Quote)
            {
                return default;
            }

            if (!IsPunct(t[c], ',') || t[c + 1].Kind != TokKind.Word || Word(t[c + 1]) is not ("he" or "she")
                || t[c + 2].Kind != TokKind.Word || t[c + 2].Cap)
            {
                continue;
            }

            for (var k = c + 2; k < hi; k++)
            {
                if (t[k].Cue || t[k].Kind == TokKind.Quote)
                {
                    return default;
                }
            }

            return new SubjectPhrase { Kind = SubjectKind.Pronoun, A = c + 1, B = c + 1, Word = Word(t[c + 1]) };
        }

        return default;
    }

    /// <summary>
    /// "When I asked the mayor …, she was honest: "…"" (the colon's sentence), or the sentence right before a quote that
    /// stands alone ("When I asked him once …, he shrugged. "…""): the main clause's pronoun speaks.
    /// </summary>
    private bool TryMainPronounAfterOpeningClause(Para p, int qt, Attribution attr)
    {
        var t = p.Tokens;
        SubjectPhrase np;
        if (qt >= 6 && IsPunct(t[qt - 1], ':') && t[qt - 1].Sentence == t[qt].Sentence)
        {
            np = MainPronounAfterOpeningClause(t, p.SentenceStart[t[qt].Sentence], qt - 1);
        }
        else if (OnlyQuoteInSentence(t, qt) && t[qt].Sentence > 0 && p.SentenceStart[t[qt].Sentence] == qt)
        {
            var s = t[qt].Sentence - 1;
            np = MainPronounAfterOpeningClause(t, p.SentenceStart[s], qt);
        }
        else
        {
            return false;
        }

        if (np.Kind != SubjectKind.Pronoun)
        {
            return false;
        }

        Fill(p, t, -1, np, attr, "colon-intro");
        return attr.Speaker is not null;
    }

    // "Pressed by Bellamy", "at Gaya", "in the Salle des Quatre Colonnes": the name after it is no referent ("from" only
    // gives a person known by title, pronoun or given name: "a reply from Lord Penhallow", not "from Bodh Gaya").
    private bool PlaceOrAgentWord(Token tok) =>
        tok.Kind == TokKind.Word && !tok.Cap && Word(tok) is "by" or "at" or "in" or "near" or "outside" or "inside";

    /// <summary>
    /// "…," a remarkable thing for a 20-year veteran to say: an infinitive cue inside a noun phrase that follows the
    /// quote (opened by a determiner at <paramref name="j"/>) comments on the words; it is no tail.
    /// </summary>
    private bool IsInfinitiveInNounPhraseTail(Token[] t, int j, int cue) =>
        cue > j + 2 && Is(t[cue - 1], "to") && t[j].Kind == TokKind.Word && !t[j].Cap && Word(t[j]) is "a" or "an" or "the" or "one" or "such";

    /// <summary>
    /// "Commission President Helga Brandt, speaking in English, French and German, said …": a participle insertion set
    /// off by commas between a person's name and the finite cue <paramref name="k"/>, when the subject found before the
    /// cue (<paramref name="np"/>) lies inside the insertion or is missing; the name, else none.
    /// </summary>
    private SubjectPhrase InsertionSubject(Token[] t, SubjectPhrase np, int lo, int k)
    {
        if (k - 4 < lo || !IsPunct(t[k - 1], ',') || Lexicon.IsParticiple(Word(t[k])))
        {
            return default;
        }

        for (var x = k - 2; x > lo + 1; x--)
        {
            if (t[x].Kind == TokKind.Quote || t[x].Cue && !Lexicon.IsParticiple(Word(t[x])))
            {
                return default;
            }

            if (t[x].Kind != TokKind.Word || t[x].Cap || !Lexicon.IsParticiple(Word(t[x])) || !IsPunct(t[x - 1], ','))
            {
                continue;
            }

            if (np.Kind != SubjectKind.None && np.A < x)
            {
                return default; // the subject found is before the insertion already
            }

            var b = x - 2;
            if (!t[b].Cap || !IsNameToken(t, b) || t[b].Possessive)
            {
                return default;
            }

            var a = b;
            while (a - 1 >= lo && t[a - 1].Cap && IsNameToken(t, a - 1) && !t[a - 1].Possessive)
            {
                a--;
            }

            return ParseName(t, a, b) is { Person: true } ? new SubjectPhrase { Kind = SubjectKind.Name, A = a, B = b } : default;
        }

        return default;
    }

    /// <summary>
    /// "Marsh accused Ruel of saying "…"": cue <paramref name="first"/> is "accused" and the quote at
    /// <paramref name="qt"/> follows "of" and a speech participle; the words are the object's (a name, or
    /// "him"/"her"). Else none.
    /// </summary>
    private SubjectPhrase AccusedOfSayingObject(Token[] t, int first, int qt)
    {
        if (qt - first < 4 || Word(t[first]) is not ("accused" or "accusing" or "accuses" or "accuse") || !Is(t[qt - 2], "of")
            || Word(t[qt - 1]) is not ("saying" or "calling" or "describing" or "telling" or "writing" or "claiming"))
        {
            return default;
        }

        var a = first + 1;
        var b = qt - 3;
        if (a == b && Word(t[a]) is "him" or "her")
        {
            return new SubjectPhrase { Kind = SubjectKind.Pronoun, A = a, B = a, Word = Word(t[a]) == "him" ? "he" : "she" };
        }

        for (var k = a; k <= b; k++)
        {
            if (!t[k].Cap || !IsNameToken(t, k) || t[k].Possessive)
            {
                return default;
            }
        }

        return b >= a && ParseName(t, a, b) is { Person: true } ? new SubjectPhrase { Kind = SubjectKind.Name, A = a, B = b } : default;
    }
}
