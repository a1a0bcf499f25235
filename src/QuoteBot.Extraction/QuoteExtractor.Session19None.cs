namespace QuoteBot.Extraction;

// Session 19 (s19-none): quotes where a name is wanted and none was given, grouped by the mechanism that failed on the
// spent folders (HeldOut14/15 fresh). Each rule is a general shape of news writing: a document that speaks for the
// person or body that wrote it, a relative "who" after a name and its apposition, a narrative sentence opened by a
// titled name, and a participle that only describes a document ("a written statement"). One-line hooks in the older
// files; nothing here allocates per quote.
internal sealed partial class ArticleScan
{
    // Words of a paragraph that make a following quote-only paragraph possibly a crowd's or an unnamed voice's.
    private static readonly WordSet CrowdWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "crowd", "crowds", "protesters", "demonstrators", "marchers", "fans", "audience", "chant", "chants", "chanted",
        "chanting", "shouted", "shouting", "shout", "heckler", "hecklers", "someone", "somebody", "placard", "placards",
        "banner", "banners", "sign", "signs",
    };

    // Participles that name who made a document: "the memo, dated May 2, was written by X", "a letter signed by X".
    private static readonly WordSet AuthoringParticiples = new(StringComparer.OrdinalIgnoreCase)
    {
        "written", "signed", "drafted", "authored", "co-authored", "co-written", "penned", "prepared", "compiled",
        "produced", "issued", "sent", "published", "released",
    };

    /// <summary>
    /// "…," the memo states; "the report said": a definite document noun whose document was introduced earlier (this
    /// paragraph or up to eight before) with its maker, as a possessive ("The Harbour Board's annual report") or after
    /// an authoring participle ("the memo … was written by Carl Denholm"). The maker (a person or a body), else null.
    /// </summary>
    private (int Id, string Name, SpeakerKind Kind)? DocumentMaker(Para p, Token[] t, SubjectPhrase np)
    {
        if (np.Kind != SubjectKind.Role || np.Word is not { } noun || !Lexicon.DocumentNouns.Contains(noun)
            || !(Is(t[np.A], "the") || (np.A > 0 && Is(t[np.A - 1], "the"))))
        {
            return null;
        }

        return DocumentMakerBefore(p.Index, np.A, noun);
    }

    // The maker of the latest earlier mention of the document noun that names one, searching back from token `before`
    // of paragraph `para`.
    private (int Id, string Name, SpeakerKind Kind)? DocumentMakerBefore(int para, int before, string noun)
    {
        for (var i = para; i >= 0 && i >= para - 8; i--)
        {
            var pt = _paras[i].Tokens;
            for (var k = (i == para ? before : pt.Length) - 1; k >= 0; k--)
            {
                if (pt[k].Kind == TokKind.Word && !pt[k].Cap && StripPossessive(Word(pt[k])).Equals(noun, StringComparison.OrdinalIgnoreCase)
                    && MakerOfDocumentAt(_paras[i], pt, k) is { } maker)
                {
                    return maker;
                }
            }
        }

        return null;
    }

    // The maker written with the document noun at k: a capitalized possessive up to three lower-case words before it
    // ("The Harbour Board's annual report"), or "by X" after an authoring participle later in the sentence.
    private (int Id, string Name, SpeakerKind Kind)? MakerOfDocumentAt(Para para, Token[] pt, int k)
    {
        if (MakerFrom(para, pt, k) is { } from)
        {
            return from; // session 20: "a statement from the congressman"
        }

        var m = k - 1;
        while (m >= 0 && m >= k - 3 && pt[m].Kind == TokKind.Word && !pt[m].Cap && !pt[m].Possessive && Word(pt[m]) is not ("the" or "a" or "an" or "and" or "of"))
        {
            m--;
        }

        if (m >= 0 && pt[m].Kind == TokKind.Word && pt[m].Cap && pt[m].Possessive && pt[m].Sentence == pt[k].Sentence)
        {
            var a = m;
            while (a - 1 >= 0 && pt[a - 1].Kind == TokKind.Word && pt[a - 1].Cap && !pt[a - 1].Possessive && !Is(pt[a - 1], "the") && pt[a - 1].Sentence == pt[m].Sentence)
            {
                a--;
            }

            if (MakerRun(para, pt, a, m) is { } owner)
            {
                return owner;
            }
        }

        for (var j = k + 1; j + 1 < pt.Length && j <= k + 25 && pt[j].Sentence == pt[k].Sentence; j++)
        {
            if (pt[j].Kind == TokKind.Quote)
            {
                return null;
            }

            if (!Is(pt[j], "by") || pt[j - 1].Kind != TokKind.Word || !AuthoringParticiples.Contains(Word(pt[j - 1])))
            {
                continue;
            }

            var a = j + 1;
            if (Is(pt[a], "the") && a + 1 < pt.Length)
            {
                a++;
            }

            var e = a;
            while (e < pt.Length && pt[e].Kind == TokKind.Word && pt[e].Cap && !pt[e].Possessive && e + 1 < pt.Length && pt[e + 1].Kind == TokKind.Word
                && (pt[e + 1].Cap || (Word(pt[e + 1]) is "of" or "for" && e + 2 < pt.Length && pt[e + 2].Cap)))
            {
                e += pt[e + 1].Cap ? 1 : 2;
            }

            return a < pt.Length && pt[a].Kind == TokKind.Word && pt[a].Cap ? MakerRun(para, pt, a, e) : null;
        }

        return null;
    }

    // A capitalized run a..b as a maker: a person's full name (or a surname already introduced), else a body's name.
    private (int Id, string Name, SpeakerKind Kind)? MakerRun(Para para, Token[] pt, int a, int b)
    {
        var np = new SubjectPhrase { Kind = SubjectKind.Name, A = a, B = b };
        if (ParseName(pt, a, b) is { Person: true })
        {
            var (id, name) = ResolveSubject(para, pt, np, pt[a].Start);
            return id >= 0 && name is not null ? (id, name, SpeakerKind.Person) : null;
        }

        return OrganisationSpeaker(pt, np) is { } body ? (-1, body, SpeakerKind.Organisation) : null;
    }

    /// <summary>
    /// "It describes the plan as "…"" right after a sentence about a document ("The memo, dated May 2, was written by
    /// Carl Denholm …", "The memo's last paragraph …"): "it" is the document, which speaks for its maker. The previous
    /// sentence (of this paragraph, else the last of the paragraph before) must open with "The" and the document noun
    /// within four words.
    /// </summary>
    private (int Id, string Name, SpeakerKind Kind)? ItDocumentMaker(Para p, Token[] t, SubjectPhrase np)
    {
        if (np.Kind != SubjectKind.Pronoun || np.Word != "it" || !Is(t[np.A], "it") || p.SentenceStart[t[np.A].Sentence] != np.A)
        {
            return null;
        }

        var s = t[np.A].Sentence;
        Para prev;
        int lo;
        if (s > 0)
        {
            (prev, lo) = (p, p.SentenceStart[s - 1]);
        }
        else
        {
            if (p.Index == 0 || _paras[p.Index - 1].Tokens.Length == 0)
            {
                return null;
            }

            prev = _paras[p.Index - 1];
            lo = prev.SentenceStart[prev.Tokens[^1].Sentence];
        }

        var pt = prev.Tokens;
        if (!Is(pt[lo], "the"))
        {
            return null;
        }

        for (var k = lo + 1; k < pt.Length && k <= lo + 4 && pt[k].Kind == TokKind.Word && !pt[k].Cue; k++)
        {
            var w = StripPossessive(Word(pt[k]));
            if (!pt[k].Cap && Lexicon.DocumentNouns.Contains(w))
            {
                return MakerOfDocumentAt(prev, pt, k) ?? DocumentMakerBefore(prev.Index, k, _words.Lower(w));
            }
        }

        return null;
    }

    /// <summary>
    /// "X, now a legal analyst, who said he expected …": the relative pronoun's antecedent is the person's name before
    /// the apposition, not the apposition's role noun. <paramref name="j"/> is the "who" after a comma; the apposition
    /// opens with a lower-case word and holds no quote or cue. The name, else none.
    /// </summary>
    private SubjectPhrase NameBeforeWhoApposition(Token[] t, int j, int lo)
    {
        for (var c = j - 2; c > lo && c >= j - 10; c--)
        {
            if (t[c].Kind == TokKind.Quote || t[c].Cue)
            {
                return default;
            }

            if (!IsPunct(t[c], ','))
            {
                continue;
            }

            if (c + 1 >= j - 1 || t[c + 1].Kind != TokKind.Word || t[c + 1].Cap)
            {
                return default;
            }

            var named = PhraseEndingAt(t, c - 1, lo);
            return named.Kind == SubjectKind.Name && ParseName(t, named.A, named.B) is { Person: true } ? named : default;
        }

        return default;
    }

    /// <summary>
    /// A narrative sentence opened by a titled person ("Committee Chairwoman Hilde Marsh (D-Ore.) closed the hearing
    /// …", "Fire Chief Ana Pruitt walked …"): capitalized words whose last two or more are a person's name, an optional
    /// bracketed tag, then a lower-case word; or "The" and a role noun before a lower-case verb ("The president ended
    /// the address …"). No quote or cue in the sentence. The name or role, else none.
    /// </summary>
    private SubjectPhrase TitledNarrativeOpener(Token[] t, int lo, int hi)
    {
        if (hi - lo < 4 || hi > t.Length)
        {
            return default;
        }

        for (var k = lo; k < hi; k++)
        {
            if (t[k].Kind == TokKind.Quote || t[k].Cue)
            {
                return default;
            }
        }

        if (Is(t[lo], "the") && t[lo + 1].Kind == TokKind.Word && !t[lo + 1].Cap && Lexicon.RoleNouns.Contains(Word(t[lo + 1]))
            && t[lo + 2].Kind == TokKind.Word && !t[lo + 2].Cap && Word(t[lo + 2]) is not ("of" or "for" or "at" or "in" or "and" or "who" or "whose"))
        {
            // "The president ended the address, as he usually does, with …": the role, resolved like "the president said".
            return new SubjectPhrase { Kind = SubjectKind.Role, A = lo + 1, B = lo + 1, Word = _words.Lower(Word(t[lo + 1])) };
        }

        var b = lo;
        while (b + 1 < hi && b < lo + 6 && t[b].Kind == TokKind.Word && t[b].Cap && !t[b].Possessive && t[b + 1].Kind == TokKind.Word && t[b + 1].Cap)
        {
            b++;
        }

        if (b == lo || t[b].Possessive || !t[lo].Cap)
        {
            return default;
        }

        var next = b + 1;
        if (next < hi && IsPunct(t[next], '('))
        {
            while (next < hi && next <= b + 10 && !IsPunct(t[next], ')'))
            {
                next++;
            }

            next++;
        }

        if (next >= hi || t[next].Kind != TokKind.Word || t[next].Cap)
        {
            return default;
        }

        for (var a = lo; a < b; a++)
        {
            if (a > lo && !(Lexicon.Titles.Contains(Word(t[a - 1])) || Lexicon.RoleNouns.Contains(Word(t[a - 1]))))
            {
                continue; // the words before the name end in a title or role ("Committee Chairwoman", "Fire Chief")
            }

            if (IsNameToken(t, a) && ParseName(t, a, b) is { Person: true } info && info.Parts.Count >= 2)
            {
                return new SubjectPhrase { Kind = SubjectKind.Name, A = a, B = b };
            }
        }

        return default;
    }

    /// <summary>
    /// "expected the law to be challenged in court": a speech verb in the passive with no "by" agent is no frame verb.
    /// </summary>
    private bool IsAgentlessPassiveCue(Token[] t, int k) =>
        k > 0 && t[k - 1].Kind == TokKind.Word && Word(t[k - 1]) is "be" or "been" or "being" && !Lexicon.IsParticiple(Word(t[k]))
        && !(k + 1 < t.Length && Is(t[k + 1], "by")) && !(k + 2 < t.Length && Is(t[k + 2], "by"));

    /// <summary>
    /// "said in a brief written statement that …", "read from prepared remarks": a participle right before a document
    /// noun describes the document and is not the frame's verb.
    /// </summary>
    private bool IsDocumentModifierCue(Token[] t, int k) =>
        k + 1 < t.Length && t[k + 1].Kind == TokKind.Word && !t[k + 1].Cap && Lexicon.IssuedDocumentNouns.Contains(Word(t[k + 1]))
        && Word(t[k]) is "written" or "prepared" or "recorded" or "signed" or "printed" or "published" or "posted" or "emailed" or "televised";

    // Sets the attribution to a document's maker; true when there was one.
    private bool TakeMaker(Attribution attr, (int Id, string Name, SpeakerKind Kind)? maker, int pos, int para)
    {
        if (maker is not { } m)
        {
            return false;
        }

        (attr.Entity, attr.Speaker, attr.Kind) = (m.Id, m.Name, m.Kind);
        if (m.Kind == SpeakerKind.Organisation)
        {
            _orgSpeakers.Add((pos, para, m.Name));
        }

        return true;
    }

    /// <summary>
    /// 7b. A paragraph that is only a quote, after a narrative paragraph without quotes that ends a sentence and names
    /// exactly one person ("Ms Dunmore, gathering her notes, had the last word." / "The last word goes to Mr Hale, who
    /// …"), or names nobody and speaks of one person as he/she ("Her sharpest line came near the end, when she …"):
    /// that person. The older rules (an opener, a colon, the last speaker) have found nobody.
    /// </summary>
    private bool TrySolePersonOfParagraphBefore(Para p, Attribution attr)
    {
        var i = p.Index - 1;
        if (!p.OnlyQuotes || i < 0 || i < _article.HeadlineParagraphs || _paras[i].Boilerplate || _paras[i].QuoteFrom != _paras[i].QuoteTo
            || _quotes[p.QuoteFrom].Close < 0)
        {
            return false;
        }

        var prev = _paras[i];
        var t = prev.Tokens;
        if (t.Length < 6 || !(IsPunct(t[^1], '.') || IsPunct(t[^1], ':')))
        {
            return false;
        }

        foreach (var tok in t)
        {
            if (tok.Kind == TokKind.Word && CrowdWords.Contains(Word(tok)))
            {
                return false; // a crowd or an unnamed voice may be the one heard: no claim
            }
        }

        var mentions = _reg.Mentions;
        var sole = -1;
        for (var m = LowerBound(mentions, prev.Start); m < mentions.Count && mentions[m].Pos < prev.End; m++)
        {
            var e = mentions[m].Entity;
            if (!_reg[e].Anonymous)
            {
                sole = sole == -1 || sole == e ? e : -2;
            }
        }

        var id = sole;
        if (id >= 0)
        {
            attr.Entity = id;
            attr.Speaker = _reg[id].Name;
            attr.Kind = SpeakerKind.Person;
            attr.Method = "previous-paragraph";
            return true;
        }

        if (sole != -1)
        {
            return false;
        }

        // Nobody named: one gendered pronoun in the last sentence, all of one gender.
        var lo = prev.SentenceStart[t[^1].Sentence];
        var pron = -1;
        string? word = null;
        for (var k = lo; k < t.Length; k++)
        {
            if (t[k].Kind != TokKind.Word || Word(t[k]) is not ("he" or "He" or "his" or "His" or "him" or "she" or "She" or "her" or "Her"))
            {
                continue;
            }

            var w = Word(t[k]) is "he" or "He" or "his" or "His" or "him" ? "he" : "she";
            if (word is not null && word != w)
            {
                return false;
            }

            word ??= w;
            pron = pron < 0 ? k : pron;
        }

        if (pron < 0)
        {
            return false;
        }

        Fill(prev, t, -1, new SubjectPhrase { Kind = SubjectKind.Pronoun, A = pron, B = pron, Word = word }, attr, "previous-paragraph");
        return attr.Speaker is not null;
    }

    // Lower-case heads of a body's name written with a proper modifier: "the EU delegation", "the observer mission".
    private static readonly WordSet ExtraBodyHeads = new(StringComparer.OrdinalIgnoreCase)
    {
        "mission", "delegation", "secretariat", "caucus", "directorate",
    };

    /// <summary>
    /// "The EU delegation in Georgia said", "The Nordic observer mission, led by …, said", "FIFA's disciplinary
    /// committee said": a subject whose head is a lower-case body noun written after a proper modifier (a capitalized
    /// word, possibly with up to two lower-case words between) names that body, as the article writes it. An office is
    /// left alone ("the Prime Minister's Office said" speaks for nobody named). The body's name, else null.
    /// </summary>
    private string? BodyNamedInSubject(Token[] t, SubjectPhrase np)
    {
        if (np.Kind != SubjectKind.Role || np.B < 1 || np.B >= t.Length || t[np.B].Kind != TokKind.Word || t[np.B].Cap || t[np.B].Possessive)
        {
            return null;
        }

        var head = Word(t[np.B]);
        if (head is "office" or "offices" || !(Lexicon.IsOrgNoun(head) || ExtraBodyHeads.Contains(head)))
        {
            return null;
        }

        var a = -1;
        var lower = 0;
        for (var k = np.B - 1; k >= 0 && k >= np.B - 6 && t[k].Kind == TokKind.Word && t[k].Sentence == t[np.B].Sentence && !t[k].Cue; k--)
        {
            if (t[k].Cap && !Is(t[k], "the"))
            {
                a = k;
                continue;
            }

            if (a >= 0 || lower >= 2 || Word(t[k]) is "the" or "a" or "an" or "its" or "their" or "his" or "her" or "of" or "and" or "for" or "to" or "in")
            {
                break;
            }

            lower++;
        }

        // The proper word must not be a sentence's capitalized first word alone ("Local party officials said"), a
        // possessive determiner ("His party said") or a title's possessive ("the Premier's department": an office).
        if (a < 0 || (OpensSentence(t, a) && !t[a].AllCaps && !t[a].Possessive && !(a + 1 < np.B && t[a + 1].Cap))
            || Word(t[a]) is "His" or "Her" or "Its" or "Their" or "Our" or "My")
        {
            return null;
        }

        for (var k = a; k < np.B; k++)
        {
            if (t[k].Possessive && (Lexicon.Titles.Contains(StripPossessive(Word(t[k]))) || Lexicon.RoleNouns.Contains(StripPossessive(Word(t[k])))))
            {
                return null;
            }
        }

        return _text[t[a].Start..t[np.B].End];
    }
}
