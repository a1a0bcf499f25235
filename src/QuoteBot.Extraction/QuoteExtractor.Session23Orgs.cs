namespace QuoteBot.Extraction;

// Session 23 (s23-orgs): organisations as speakers (issue 12). Name shapes the entity finder cut short and subjects
// that hid the body:
// - an institution's "Office" after its officer's possessive ("the Attorney General's Office said", "the Saguaro County
//   Sheriff's Office said"), while the office of a head of government stays unnamed (InstitutionalOfficeSpeaker; hook
//   at the top of the organisation chain in Fill);
// - "&" inside a body's name ("Coastal Power & Light", "Halden & Voss"): one body, not "Light" (AmpersandNameEnd /
//   AmpersandNameStart; hooks in RegisterNames and OrganisationSpeaker; TakeAmpersandBody in Fill);
// - "The Chinese Embassy in Washington said … and urged …": the name after "in" is no subject of its own
//   (BodyBeforeInPlace; hook in FindSubject);
// - a document's named issuer ("The report, from the Office of …,", "a review the X released"):
//   DocumentIssuerNamedBefore, and "His X party said": PartyNamedInSubject (one hook in Fill, before the document-speaker rules);
// - "A for B" bodies and campaign committees ("Grieving Parents for Truth said", "Dana Holt for America said"):
//   ForBodySubject / TakeForBody in Fill;
// - "Halvorsen said" after "Halvorsen Dynamics": CompanyByFirstWord, after OrganisationSpeaker in Fill's chain;
// - "Shares of X" is no part of X's name (NotBodyHeadsBeforeOf; hook in OrganisationSpeaker).
internal sealed partial class ArticleScan
{
    /// <summary>
    /// "the Attorney General's Office", "the Saguaro County Sheriff's Office": a subject that is the capitalized word
    /// "Office" right after a capitalized possessive whose last one or two words name an institutional officer
    /// (<see cref="Lexicon.IsInstitutionalOfficer"/>). The office as the article writes it, with the words before the
    /// officer ("Saguaro County"), else null.
    /// </summary>
    private string? InstitutionalOfficeSpeaker(Token[] t, SubjectPhrase np)
    {
        if (np.Kind != SubjectKind.Name || np.B < 1 || t[np.B].Kind != TokKind.Word || !t[np.B].Cap || !Is(t[np.B], "Office") || t[np.B].Possessive)
        {
            return null;
        }

        var o = np.B - 1;
        if (t[o].Kind != TokKind.Word || !t[o].Cap || !t[o].Possessive || t[o].Sentence != t[np.B].Sentence)
        {
            return null;
        }

        var last = StripPossessive(Word(t[o])).ToLowerInvariant();
        var two = o >= 1 && t[o - 1].Kind == TokKind.Word && t[o - 1].Cap && !t[o - 1].Possessive ? _words.Lower(Word(t[o - 1])) + " " + last : null;
        if (!(Lexicon.IsInstitutionalOfficer(last) || (two is not null && Lexicon.IsInstitutionalOfficer(two))))
        {
            return null;
        }

        var a = o;
        while (a - 1 >= 0 && t[a - 1].Kind == TokKind.Word && t[a - 1].Cap && !t[a - 1].Possessive && !Is(t[a - 1], "the") && t[a - 1].Sentence == t[o].Sentence
            && !IsGivenName(Word(t[a - 1])))
        {
            a--;
        }

        return _text[t[a].Start..t[np.B].End];
    }

    /// <summary>
    /// "Coastal Power &amp; Light": the last token of a body's name that runs on from token <paramref name="b"/> over
    /// "&amp;" and capitalized words; else <paramref name="b"/>.
    /// </summary>
    private int AmpersandNameEnd(Token[] t, int b)
    {
        while (b + 2 < t.Length && t[b].Kind == TokKind.Word && t[b].Cap && !t[b].Possessive && IsPunct(t[b + 1], '&') && t[b + 2].Kind == TokKind.Word && t[b + 2].Cap
            && t[b + 2].Sentence == t[b].Sentence)
        {
            b += 2;
            while (b + 1 < t.Length && !t[b].Possessive && t[b + 1].Kind == TokKind.Word && t[b + 1].Cap && !t[b + 1].Cue && IsNameToken(t, b + 1) && t[b + 1].Sentence == t[b].Sentence)
            {
                b++;
            }
        }

        return b;
    }

    /// <summary>"… Power &amp; Light said": the first token of a body's name that runs back from token <paramref name="a"/> over "&amp;"; else <paramref name="a"/>.</summary>
    private int AmpersandNameStart(Token[] t, int a)
    {
        while (a >= 2 && IsPunct(t[a - 1], '&') && t[a - 2].Kind == TokKind.Word && t[a - 2].Cap && !t[a - 2].Possessive && t[a - 2].Sentence == t[a].Sentence)
        {
            a -= 2;
            while (a - 1 >= 0 && t[a - 1].Kind == TokKind.Word && t[a - 1].Cap && !t[a - 1].Possessive && !Is(t[a - 1], "the") && !t[a - 1].Cue && t[a - 1].Sentence == t[a].Sentence)
            {
                a--;
            }
        }

        return a;
    }

    /// <summary>The words of tokens <paramref name="a"/>..<paramref name="b"/> with "&amp;" kept ("Coastal Power &amp; Light"), else null.</summary>
    private string? AmpersandNameText(Token[] t, int a, int b)
    {
        var any = false;
        for (var k = a; k <= b; k++)
        {
            if (IsPunct(t[k], '&'))
            {
                any = true;
            }
            else if (t[k].Kind != TokKind.Word)
            {
                return null;
            }
        }

        if (!any)
        {
            return null;
        }

        var s = _text[t[a].Start..t[b].End];
        return s.EndsWith("'s", StringComparison.Ordinal) || s.EndsWith("\u2019s", StringComparison.Ordinal) ? s[..^2] : s;
    }

    /// <summary>
    /// "The Chinese Embassy in Washington said": a subject phrase right after "in" that is a place, a one-word name or no
    /// person, itself right after a body's name, stands for that body (the place only says where it sits); a name after
    /// "&amp;" runs back over it (<see cref="AmpersandSubject"/>). Else <paramref name="np"/>.
    /// </summary>
    private SubjectPhrase BodyBeforeInPlace(Token[] t, SubjectPhrase np, int lo)
    {
        if (np.Kind != SubjectKind.Name || np.A - 2 < lo || !Is(t[np.A - 1], "in") || t[np.A - 2].Kind != TokKind.Word || !t[np.A - 2].Cap || t[np.A - 2].Possessive
            || !(Lexicon.IsPlaceName(_text[t[np.A].Start..t[np.B].End]) || np.A == np.B || ParseName(t, np.A, np.B) is not { Person: true }))
        {
            return AmpersandSubject(t, np, lo);
        }

        var e = np.A - 2;
        var a = e;
        while (a - 1 >= lo && t[a - 1].Kind == TokKind.Word && t[a - 1].Cap && !t[a - 1].Possessive && !Is(t[a - 1], "the"))
        {
            a--;
        }

        var body = new SubjectPhrase { Kind = SubjectKind.Name, A = a, B = e };
        return ParseName(t, a, e) is not { Person: true } && OrganisationSpeaker(t, body) is not null ? body : np;
    }

    /// <summary>"Coastal Power &amp; Light said": a name phrase right after "&amp;" runs back over it to the body's whole name.</summary>
    private SubjectPhrase AmpersandSubject(Token[] t, SubjectPhrase np, int lo)
    {
        if (np.Kind != SubjectKind.Name || np.A < 2)
        {
            return np;
        }

        var a = AmpersandNameStart(t, np.A);
        return a < np.A && a >= lo ? new SubjectPhrase { Kind = SubjectKind.Name, A = a, B = np.B } : np;
    }

    // Plural nouns that open a sentence before "of" and a body's name without being part of it ("Shares of
    // Brightmarket Stores fell"): OrganisationSpeaker does not run the name back over them.
    private static readonly WordSet NotBodyHeadsBeforeOf = new(StringComparer.OrdinalIgnoreCase)
    {
        "shares", "stock", "officials", "members", "supporters", "employees", "executives", "customers", "staff", "lawyers",
    };

    /// <summary>s23-orgs: whether the word at <paramref name="k"/> before "of" is one of <see cref="NotBodyHeadsBeforeOf"/>.</summary>
    private bool IsNotBodyHeadBeforeOf(Token[] t, int k) => NotBodyHeadsBeforeOf.Contains(Span(t[k]));

    /// <summary>A name subject holding "&amp;" ("Coastal Power &amp; Light said") is a body: fills <paramref name="attr"/> and says so.</summary>
    private bool TakeAmpersandBody(Para p, Token[] t, SubjectPhrase np, Attribution attr, int pos)
    {
        if (np.Kind != SubjectKind.Name)
        {
            return false;
        }

        np = new SubjectPhrase { Kind = SubjectKind.Name, A = AmpersandNameStart(t, np.A), B = AmpersandNameEnd(t, np.B) }; // "said Coastal Power & Light"
        if (AmpersandNameText(t, np.A, np.B) is null || OrganisationSpeaker(t, np) is not { } body)
        {
            return false;
        }

        attr.Speaker = body;
        attr.Kind = SpeakerKind.Organisation;
        _orgSpeakers.Add((pos, p.Index, body));
        return true;
    }

    // Verbs of an object relative clause that say who put a document out: "a review the Veterans Health
    // Administration released in September".
    private static readonly WordSet IssuerVerbs = new(StringComparer.OrdinalIgnoreCase)
    {
        "released", "published", "issued", "produced", "commissioned", "filed", "submitted",
    };

    /// <summary>
    /// "…," the report stated, after "The report, from the Office of Inspector General, found …" or "in a review the
    /// Veterans Health Administration released in September": a definite document noun whose document was said, in
    /// this paragraph or the two before, to come ", from" (", by") a body, or to have been put out by a body named right
    /// after the noun. The body, else null (a person's document is left to the person rules).
    /// </summary>
    private string? DocumentIssuerNamedBefore(Para p, Token[] t, SubjectPhrase np)
    {
        if (DefiniteDocumentNoun(t, np) is not { } noun)
        {
            return null;
        }

        foreach (var (pt, k) in EarlierDocumentMentions(p, np, noun, capitalisedOpening: true))
        {
            if (k + 3 >= pt.Length)
            {
                continue;
            }

            var a = k + 1;
            var apposed = IsPunct(pt[a], ',') && Word(pt[a + 1]) is "from" or "by";
            a += apposed ? 2 : 0;
            if (a < pt.Length && Is(pt[a], "the"))
            {
                a++;
            }

            if (a >= pt.Length || pt[a].Kind != TokKind.Word || !pt[a].Cap || pt[a].Sentence != pt[k].Sentence || IsGivenName(Word(pt[a])))
            {
                continue;
            }

            var e = BodyRunEnd(pt, a, stopAtPossessive: true);

            if (!apposed && !(e + 1 < pt.Length && pt[e + 1].Kind == TokKind.Word && IssuerVerbs.Contains(Span(pt[e + 1]))))
            {
                continue;
            }

            if (ParseName(pt, a, e) is { Person: true } person && (person.Honorific || a == e || OrganisationSpeaker(pt, new SubjectPhrase { Kind = SubjectKind.Name, A = a, B = e }) is null))
            {
                return null;
            }

            return BodyRunText(pt, e);
        }

        return null;
    }

    // Offices a campaign committee is named for ("Peter Bank for America", "Holt for Senate").
    private static readonly WordSet CampaignTargets = new(StringComparer.OrdinalIgnoreCase)
    {
        "America", "Congress", "Senate", "Governor", "President", "Mayor", "Council", "Assembly",
    };

    /// <summary>
    /// "Grieving Parents for Truth said", "Covid Families for Answers, which …, said", "Peter Bank for America said": a
    /// name subject right before "for" and a capitalized run that ends the subject (before the verb, a comma, the end
    /// of the sentence, or after the verb "in a statement") is one body, "A for B", unless a title or role word makes it an office ("Minister for Housing",
    /// "MP for Castlebridge"). A person before "for" makes a body only as a campaign committee ("for America", "for
    /// Senate", "for Ohio"). Else <paramref name="np"/>.
    /// </summary>
    private SubjectPhrase ForBodySubject(Token[] t, SubjectPhrase np)
    {
        if (np.Kind != SubjectKind.Name || np.B + 2 >= t.Length || !Is(t[np.B + 1], "for") || t[np.B].Possessive || t[np.B + 2].Kind != TokKind.Word || !t[np.B + 2].Cap
            || t[np.B + 2].Sentence != t[np.B].Sentence)
        {
            return np;
        }

        for (var k = np.A; k <= np.B; k++)
        {
            var w = StripPossessive(Word(t[k]));
            if (t[k].Kind != TokKind.Word || Lexicon.Titles.Contains(w) || Lexicon.ExtraTitles.Contains(w)
                || (!w.EndsWith('s') && (Lexicon.RoleNouns.Contains(w) || Lexicon.RoleLikeNouns.Contains(w)))) // plural "Parents" names members, not an office
            {
                return np;
            }
        }

        var c = np.B + 2;
        var e = c;
        while (e + 1 < t.Length && t[e + 1].Kind == TokKind.Word && t[e + 1].Cap && !t[e].Possessive && !t[e + 1].Cue && t[e + 1].Sentence == t[c].Sentence && e - c < 3)
        {
            e++;
        }

        if (t[e].Possessive || (e + 1 < t.Length && t[e + 1].Sentence == t[e].Sentence && !(t[e + 1].Cue || IsPunct(t[e + 1], ',') || (t[e + 1].Kind == TokKind.Word && !t[e + 1].Cap
            && Lexicon.Fillers.Contains(Word(t[e + 1]))) || (np.A > 0 && t[np.A - 1].Cue && EndsInvertedSubject(t, e)))))
        {
            return np;
        }

        if (ParseName(t, c, e) is { Person: true } after && after.Parts.Count >= 2)
        {
            return np; // "… for Jane Holt": a person after "for" is no body's name
        }

        if (ParseName(t, np.A, np.B) is { Person: true } before && before.Parts.Count >= 2 && (IsGivenName(before.Parts[0]) || before.Honorific)
            && !(c == e && (CampaignTargets.Contains(Span(t[c])) || Lexicon.IsPlaceName(Word(t[c])))))
        {
            return np;
        }

        return new SubjectPhrase { Kind = SubjectKind.Name, A = np.A, B = e };
    }

    /// <summary>A name subject that <see cref="ForBodySubject"/> runs on over "for" is a body: fills <paramref name="attr"/> and says so.</summary>
    private bool TakeForBody(Para p, Token[] t, SubjectPhrase np, Attribution attr, int pos)
    {
        var body = ForBodySubject(t, np);
        if (body.B == np.B)
        {
            return false;
        }

        // A committee named for a person ("Dana Holt for Senate") is no body OrganisationSpeaker knows: its words as written.
        var name = OrganisationSpeaker(t, body) ?? _text[t[body.A].Start..t[body.B].End];

        attr.Speaker = name;
        attr.Kind = SpeakerKind.Organisation;
        _orgSpeakers.Add((pos, p.Index, name));
        return true;
    }

    /// <summary>
    /// "Halvorsen said in a statement" after "Halvorsen Dynamics said …": a one-word name subject nobody else holds that is
    /// the first word of a company named earlier (a name with no public-body, outlet or place word, which "the company"
    /// could stand for) is that company. Else null; a place's ministry is left alone ("Kestria said" after "Kestria
    /// Ministry of Defence").
    /// </summary>
    private string? CompanyByFirstWord(Token[] t, SubjectPhrase np, int pos)
    {
        if (np.Kind != SubjectKind.Name || np.A != np.B || t[np.A].Kind != TokKind.Word || !t[np.A].Cap || t[np.A].AllCaps || (np.A > 0 && Is(t[np.A - 1], "the")))
        {
            return null;
        }

        var w = StripPossessive(Word(t[np.A]));
        if (Lexicon.IsPlaceName(w) || IsGivenName(w) || _reg.IsKnownLastName(w))
        {
            return null;
        }

        var seen = 0;
        for (var i = _orgMentions.Count - 1; i >= 0 && seen < 60; i--)
        {
            if (_orgMentions[i].Pos >= pos)
            {
                continue;
            }

            seen++;
            if (OrgMentionName(i) is { } name && name.Length > w.Length + 1 && name.StartsWith(w, StringComparison.Ordinal) && name[w.Length] == ' '
                && Lexicon.OrgMatches("company", name))
            {
                return name;
            }
        }

        return null;
    }

    /// <summary>
    /// "His Democratic People's Congress party said", "The Harvest Union party said": a subject whose head is the
    /// lower-case word "party" right after a capitalized name (after "the", "his", "her", "their" or at the sentence
    /// start) is that party, named as the article names it, without the word "party". Else null.
    /// </summary>
    private string? PartyNamedInSubject(Token[] t, SubjectPhrase np)
    {
        if (np.Kind != SubjectKind.Role || np.B < 1 || np.B >= t.Length || !Is(t[np.B], "party") || t[np.B].Cap || t[np.B].Possessive)
        {
            return null;
        }

        var e = np.B - 1;
        if (t[e].Kind != TokKind.Word || !t[e].Cap || t[e].Possessive || t[e].Sentence != t[np.B].Sentence)
        {
            return null;
        }

        var a = e;
        while (a - 1 >= 0 && t[a - 1].Kind == TokKind.Word && t[a - 1].Cap && !Is(t[a - 1], "the") && !Is(t[a - 1], "his") && !Is(t[a - 1], "her")
            && !Is(t[a - 1], "their") && t[a - 1].Sentence == t[e].Sentence && (!t[a - 1].Possessive || IrregularPluralBodyPossessive(t, a - 1)))
        {
            a--;
        }

        if (a - 1 >= 0 && t[a - 1].Sentence == t[a].Sentence && !(t[a - 1].Kind == TokKind.Word && Word(t[a - 1]).ToLowerInvariant() is "the" or "his" or "her" or "their"))
        {
            return null;
        }

        if (ParseName(t, a, e) is { Person: true } person && person.Parts.Count >= 2 && IsGivenName(person.Parts[0]))
        {
            return null; // "the Dana Holt party" is no party's name
        }

        return _text[t[a].Start..t[e].End];
    }
}
