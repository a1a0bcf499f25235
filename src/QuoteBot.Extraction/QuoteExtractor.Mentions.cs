namespace QuoteBot.Extraction;

// Mention resolution: a subject phrase (name, pronoun, role) to an entity and a display name.
internal sealed partial class ArticleScan
{
    // ---------------------------------------------------------------- resolution

    private void Fill(Para p, Token[] t, int cue, SubjectPhrase np, Attribution attr, string method)
    {
        if (cue >= 0 && _words.Lower(Word(t[cue])) is "read" or "reads" or "reading" or "words" && !IsDocumentVerb(t, cue))
        {
            // Signs, banners and graffiti have no speaker.
            np = default;
        }

        if (cue >= 0 && cue + 1 < t.Length && Is(t[cue + 1], "of") && _words.Lower(Word(t[cue])) is "chants" or "chant" or "cries" or "shouts" or "cheers" or "calls")
        {
            // "prompting chants of "USA! USA!"": the crowd's words, not the sentence subject's (session 11).
            np = default;
        }

        np = FrameSubject(t, cue, np); // session 16: a noun in the subject's modifiers is not the subject
        np = DescribedRolePhrase(t, np); // s23-roles: "The Albion manager …, calling" is no team speaking
        attr.Method = method;
        attr.Attached = method is "tail" or "head" or "colon";
        attr.CueTok = cue >= 0 ? t[cue].Start : -1;
        if (cue >= 0)
        {
            attr.Cue = CueText(t, cue);
            attr.Audience = Audience(p, t, cue);
        }

        var pos = cue >= 0 ? t[cue].Start : (np.Kind != SubjectKind.None ? t[np.A].Start : p.Start);

        // "protesters chanted", "the crowd shouted": the group is the speaker.
        if (cue > 0 && Lexicon.ChantVerbs.Contains(Word(t[cue])) && (GroupBefore(t, cue) ?? GroupAfterChant(t, cue)) is { } group)
        {
            attr.Speaker = group;
            attr.Kind = SpeakerKind.Group;
            return;
        }

        if (IsUnnamedPersonPhrase(t, np) || IsLawText(t, np))
        {
            np = default; // session 14: "A Downing Street source said", "a man near the back … shouted"
        }

        if (TakeAmpersandBody(p, t, np, attr, pos) || TakeForBody(p, t, np, attr, pos))
        {
            return; // s23-orgs: "Coastal Power & Light said", "Grieving Parents for Truth said"
        }

        if (cue > 0 && WhichBodyBefore(t, cue) is { } which)
        {
            // Session 14: "according to the National Meteorological Service, which said in a bulletin …": the relative
            // pronoun right before the verb is its subject, whatever phrase the sentence opens with.
            attr.Speaker = which;
            attr.Kind = SpeakerKind.Organisation;
            _orgSpeakers.Add((pos, p.Index, which));
            return;
        }

        if (np.Kind == SubjectKind.Pronoun && np.Word == "it")
        {
            // "it said": the organisation that last spoke, in this paragraph or the two before it (session 14: else
            // the body that opens an earlier sentence of this paragraph).
            attr.Speaker = RecentOrganisation(pos, p.Index) ?? BodyOpeningSentenceBefore(p, t, pos) ?? RecentOrganisation(pos, p.Index - 2);
            attr.Kind = attr.Speaker is null ? SpeakerKind.None : SpeakerKind.Organisation;
            _ = attr.Speaker is null && TakeMaker(attr, ItDocumentMaker(p, t, np), pos, p.Index); // session 19: "It describes …" after a memo
            return;
        }

        if ((cue < 0 || np.A < cue || EndsInvertedSubject(t, np.B)) && (DocumentIssuerNamedBefore(p, t, np) ?? PartyNamedInSubject(t, np)) is { } issuer)
        {
            // s23-orgs: "the review said" after "a review the Veterans Health Administration released": the body named
            // as the document's issuer, before anyone who spoke since; "His Democratic People's Congress party said".
            attr.Speaker = issuer;
            attr.Kind = SpeakerKind.Organisation;
            _orgSpeakers.Add((pos, p.Index, issuer));
            return;
        }

        if (np.Kind == SubjectKind.Role && (cue < 0 || np.A < cue || EndsInvertedSubject(t, np.B)) && RecentDocumentSpeaker(t, np, pos, p.Index) is { } doc)
        {
            // "…," the statement said: whoever said something "in a statement" (or issued one) just before.
            attr.Entity = doc.Entity;
            attr.Speaker = doc.Speaker;
            attr.Kind = doc.Kind;
            return;
        }

        var (id, name) = ResolveSubject(p, t, PronounOpener(p, t, np), pos);
        if (id < 0 && name is null && LinkedMention(p, t, np, cue, pos) is var linked && linked >= 0)
        {
            (id, name) = (linked, _reg[linked].Name); // session 16: "the CFO said", "Bill says" after "Bill Okafor"
        }

        if (id < 0 && name is null && OfficeHolderFallback(p, t, np, cue, pos) is var holder && holder >= 0)
        {
            (id, name) = (holder, _reg[holder].Name); // session 21: "…," the mayor said, the office given to no one
        }

        if (id < 0 && name is null && DescribedHolder(p, t, np, cue, pos) is var described && described >= 0)
        {
            (id, name) = (described, _reg[described].Name); // s23-roles: "…," the Albion manager said
        }

        if (id < 0 && name is null && PronounBeyondWindow(p, np, pos) is var far && far >= 0)
        {
            (id, name) = (far, _reg[far].Name); // session 21: "…," she said, with nobody of hers in the last paragraphs
        }

        if (id < 0 && name is null && PersonBehindInsertions(p, t, cue, np, pos) is var behind && behind >= 0)
        {
            (id, name) = (behind, _reg[behind].Name); // session 22: "X (R-N.C.), a member of …, called", "X (FI) went further, calling"
        }

        if (name is null && id < 0 && np.Kind == SubjectKind.Role && np.Word is { } bodyNoun && (Lexicon.IsOrgNoun(bodyNoun) || GenericBodyNouns.Contains(bodyNoun))
            && IsDefiniteRole(t, np) && (cue < 0 || np.A < cue || EndsInvertedSubject(t, np.B)) && BodyForDefiniteNoun(p, t, np, pos) is { } body)
        {
            // Session 14: "the bank said" after "Harwood Savings Bank", "The regulator, the Office for …, said".
            attr.Speaker = body;
            attr.Kind = SpeakerKind.Organisation;
            _orgSpeakers.Add((pos, p.Index, body));
            return;
        }

        if (name is null && np.Kind == SubjectKind.Role && np.Word is { } orgNoun && Lexicon.IsOrgNoun(orgNoun) && IsDefiniteRole(t, np)
            && (cue < 0 || np.A < cue || EndsInvertedSubject(t, np.B)) && (RecentOrganisationFor(orgNoun, pos) ?? RecentOrganisationSpeakerFor(orgNoun, pos, p.Index - 2)) is { } named)
        {
            // "the company said", "the ministry said", "the agency said in a statement": the organisation named
            // earlier that such a noun can stand for.
            attr.Speaker = named;
            attr.Kind = SpeakerKind.Organisation;
            _orgSpeakers.Add((pos, p.Index, named));
            return;
        }

        if (name is null && id < 0 && np.Kind == SubjectKind.Role && (cue < 0 || np.A < cue || EndsInvertedSubject(t, np.B)) && NamedOutletInPhrase(t, np) is { } outlet)
        {
            // "Yonhap news agency reported", "the pro-government Sabah newspaper wrote": the outlet named (session 18).
            attr.Speaker = outlet;
            attr.Kind = SpeakerKind.Organisation;
            _orgSpeakers.Add((pos, p.Index, outlet));
            return;
        }

        if (name is null && (cue < 0 || np.A < cue || EndsInvertedSubject(t, np.B)) && RoyalBody(t, np) is { } royal)
        {
            // "the royal household said" with no palace named before: the household itself, like "the Kremlin".
            attr.Speaker = royal;
            attr.Kind = SpeakerKind.Organisation;
            _orgSpeakers.Add((pos, p.Index, attr.Speaker));
            return;
        }

        attr.Entity = id;
        attr.Speaker = name;
        if (id < 0 && name is null)
        {
            // An organisation, outlet or document speaking: "The Times reports:", "the IMF report stated".
            attr.Speaker = InstitutionalOfficeSpeaker(t, np) // s23-orgs: "the Attorney General's Office said"
                ?? (np.Kind == SubjectKind.Name && np.B > np.A && TitleWordsOnly(t, np.A, np.B) ? null : OrganisationSpeaker(t, np) ?? CompanyByFirstWord(t, np, pos))
                ?? (cue > 0 ? DocumentOwnerBefore(p, t, cue) ?? DocumentAuthorOpening(p, t, cue) : null) ?? ItsDocumentOwner(p, t, np, pos) ?? DocumentOwnerNamedBefore(p, t, np, pos);
            if (attr.Speaker is null && TakeMaker(attr, DocumentMaker(p, t, np), pos, p.Index))
            {
                return; // session 19: "the memo states" after "the memo … was written by X"
            }

            attr.Speaker ??= BodyNamedInSubject(t, np); // session 19: "The EU delegation in Georgia said"
            attr.Speaker ??= BodyBehindInsertion(t, cue, np); // session 22: "The X Federation (XF), which …, said"

            if (attr.Speaker is { Length: >= 2 and <= 6 } acronym && IsAcronym(acronym))
            {
                // "the CMF report stated" after "The Continental Monetary Fund cut …": the body's full name.
                attr.Speaker = ExpandAcronym(acronym, pos) ?? acronym;
            }

            attr.Kind = attr.Speaker is null ? SpeakerKind.None : SpeakerKind.Organisation;
            if (attr.Speaker is not null)
            {
                _orgSpeakers.Add((pos, p.Index, attr.Speaker));
            }
        }
        else if (name is not null)
        {
            attr.Kind = SpeakerKind.Person;
        }
    }

    // Cues followed by "in a statement", "in a filing" (or opening "In a statement, …"), in text order (session 9).
    private readonly List<(int Pos, int Para, string Noun, int Entity, string Speaker, SpeakerKind Kind)> _docSpeakers = [];

    private void NoteDocumentCue(Para p, Attribution attr)
    {
        if (attr.CueTok < 0 || attr.Speaker is null)
        {
            return;
        }

        var t = p.Tokens;
        for (var k = 0; k < t.Length; k++)
        {
            if (t[k].Start == attr.CueTok)
            {
                NoteDocumentCue(p, t, k, attr.Entity, attr.Speaker, attr.Kind == SpeakerKind.None ? SpeakerKind.Person : attr.Kind);
                return;
            }
        }
    }

    private void NoteDocumentCue(Para p, Token[] t, int cue, int entity, string? speaker, SpeakerKind kind)
    {
        if (speaker is not null && t[cue].Kind == TokKind.Word && (DocumentNounNear(p, t, cue) ?? (t[cue].Cue ? null : DocumentNounAfter(t, cue + 1))) is { } noun)
        {
            _docSpeakers.Add((t[cue].Start, p.Index, noun, entity, speaker, kind));
        }
    }

    /// <summary>
    /// "said in a statement", "said on Friday in a brief statement", "In a statement posted online, the palace said":
    /// the document noun the cue's words came in, else null.
    /// </summary>
    private string? DocumentNounNear(Para p, Token[] t, int cue)
    {
        for (var k = cue + 1; k < t.Length && k <= cue + 5; k++)
        {
            if (t[k].Kind != TokKind.Word)
            {
                break;
            }

            if (Is(t[k], "in"))
            {
                return DocumentNounAfter(t, k + 1);
            }
        }

        var lo = p.SentenceStart[t[cue].Sentence];
        return Is(t[lo], "in") && lo + 1 < cue ? DocumentNounAfter(t, lo + 1) : null;
    }

    // "a statement", "a brief written statement", "its filing": the document noun, else null.
    private string? DocumentNounAfter(Token[] t, int k)
    {
        if (k >= t.Length || t[k].Kind != TokKind.Word || Word(t[k]) is not ("a" or "an" or "its" or "his" or "her" or "their" or "the"))
        {
            return null;
        }

        for (var n = k + 1; n < t.Length && n <= k + 3; n++)
        {
            if (t[n].Kind != TokKind.Word || t[n].Cap)
            {
                return null;
            }

            if (Lexicon.IssuedDocumentNouns.Contains(Word(t[n])))
            {
                return _words.Lower(Word(t[n]));
            }
        }

        return null;
    }

    // Short notices a body or person puts out, one standing for another ("filed a notice …" / "the filing said");
    // a report, study or review is only itself.
    private static bool IsShortNotice(string noun) => noun is "statement" or "release" or "notice" or "filing" or "letter" or "post" or "message" or "tweet";

    /// <summary>"…," the statement said: the speaker of the latest cue "in a statement" in this paragraph or the one before.</summary>
    private (int Entity, string Speaker, SpeakerKind Kind)? RecentDocumentSpeaker(Token[] t, SubjectPhrase np, int pos, int para)
    {
        if (_docSpeakers.Count == 0 || np.Kind != SubjectKind.Role || np.Word is not { } noun || !Lexicon.IssuedDocumentNouns.Contains(noun)
            || !((np.B == np.A + 1 && Is(t[np.A], "the")) || (np.B == np.A && np.A > 0 && Is(t[np.A - 1], "the"))))
        {
            return null;
        }

        for (var i = _docSpeakers.Count - 1; i >= 0; i--)
        {
            var d = _docSpeakers[i];
            if (d.Pos >= pos)
            {
                continue;
            }

            if (d.Para < para - 1)
            {
                return null;
            }

            if (d.Noun == noun || (IsShortNotice(d.Noun) && IsShortNotice(noun)))
            {
                return (d.Entity, d.Speaker, d.Kind);
            }
        }

        return null;
    }

    // Capitalized runs naming an organisation (not a person, not a place), in text order: paragraph and token range.
    private readonly List<(int Pos, int Para, int A, int B)> _orgMentions = [];
    private readonly Dictionary<int, string?> _orgNames = [];

    // Capitalized names followed by ", which" ("Redrock Copper, which holds the permit"): bodies, not people.
    private readonly HashSet<string> _whichBodies = new(StringComparer.Ordinal);

    private string? OrgMentionName(int i)
    {
        var (pos, para, a, b) = _orgMentions[i];
        if (!_orgNames.TryGetValue(pos, out var name))
        {
            name = OrganisationSpeaker(_paras[para].Tokens, new SubjectPhrase { Kind = SubjectKind.Name, A = a, B = b });
            _orgNames[pos] = name;
        }

        return name;
    }

    /// <summary>"Its editorial said", "its report stated": the body named last, in this paragraph or the one before.</summary>
    private string? ItsDocumentOwner(Para p, Token[] t, SubjectPhrase np, int pos)
    {
        if (np.Kind != SubjectKind.Role || np.Word is not { } noun || !Lexicon.DocumentNouns.Contains(noun)
            || !(Is(t[np.A], "its") || (np.A > 0 && Is(t[np.A - 1], "its"))))
        {
            return null;
        }

        for (var i = _orgMentions.Count - 1; i >= 0; i--)
        {
            var m = _orgMentions[i];
            if (m.Pos >= pos)
            {
                continue;
            }

            return m.Para >= p.Index - 1 ? OrgMentionName(i) : null;
        }

        return null;
    }

    private static bool IsAcronym(string w)
    {
        foreach (var c in w)
        {
            if (c is < 'A' or > 'Z')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The body named in full before <paramref name="pos"/> whose capitalized words' initials spell <paramref name="acronym"/>.</summary>
    private string? ExpandAcronym(string acronym, int pos)
    {
        for (var i = _orgMentions.Count - 1; i >= 0; i--)
        {
            if (_orgMentions[i].Pos >= pos || OrgMentionName(i) is not { } name)
            {
                continue;
            }

            var n = 0;
            var ok = true;
            foreach (var w in name.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                if (!char.IsUpper(w[0]))
                {
                    continue;
                }

                if (n >= acronym.Length || w[0] != acronym[n])
                {
                    ok = false;
                    break;
                }

                n++;
            }

            if (ok && n == acronym.Length)
            {
                return name;
            }
        }

        return null;
    }

    /// <summary>The latest organisation named before <paramref name="pos"/> that "the <paramref name="noun"/>" can stand for.</summary>
    private string? RecentOrganisationFor(string noun, int pos)
    {
        var seen = 0;
        for (var i = _orgMentions.Count - 1; i >= 0 && seen < 60; i--)
        {
            if (_orgMentions[i].Pos >= pos)
            {
                continue;
            }

            seen++;
            if (OrgMentionName(i) is { } name && Lexicon.OrgMatches(noun, name))
            {
                return name;
            }
        }

        return null;
    }

    // "said the company." / "said the company in a statement", but not "said the group wanted …" (a clause's subject).
    private bool EndsInvertedSubject(Token[] t, int b) =>
        b + 1 >= t.Length || t[b + 1].Kind != TokKind.Word
        || Word(t[b + 1]) is "in" or "on" or "at" or "after" or "before" or "late" or "early" or "earlier" or "this" or "last" or "today" or "yesterday" or "tonight" or "when" or "as" or "while";

    // "the company", "its insurer", "Brightwater's lender": a definite role phrase.
    private bool IsDefiniteRole(Token[] t, SubjectPhrase np)
    {
        if (Is(t[np.A], "the") || Is(t[np.A], "its") || t[np.A].Possessive)
        {
            return true;
        }

        return np.A > 0 && t[np.A - 1].Kind == TokKind.Word && (Is(t[np.A - 1], "the") || Is(t[np.A - 1], "its") || t[np.A - 1].Possessive);
    }

    // Organisations that spoke (directly or in indirect speech), in text order: for "it said".
    private readonly List<(int Pos, int Para, string Name)> _orgSpeakers = [];

    /// <summary>"the household said" after "The royal household said …": a body that spoke (not named as a run) whose name has the noun.</summary>
    private string? RecentOrganisationSpeakerFor(string noun, int pos, int minPara)
    {
        for (var i = _orgSpeakers.Count - 1; i >= 0; i--)
        {
            var (p0, para, name) = _orgSpeakers[i];
            if (p0 < pos && para >= minPara && name.EndsWith(noun, StringComparison.OrdinalIgnoreCase) && name.Length > noun.Length && name[^(noun.Length + 1)] == ' ')
            {
                return name;
            }
        }

        return null;
    }

    /// <summary>"the royal household", "the royal palace" (no palace named): the body that speaks for a royal family.</summary>
    private string? RoyalBody(Token[] t, SubjectPhrase np) =>
        np.Kind == SubjectKind.Role && np.Word is "household" or "palace" && np.B > np.A && Is(t[np.B - 1], "royal")
            ? (np.Word == "household" ? "Royal household" : "Royal palace")
            : null;

    private string? RecentOrganisation(int pos, int minPara)
    {
        for (var i = _orgSpeakers.Count - 1; i >= 0; i--)
        {
            var (p0, para, name) = _orgSpeakers[i];
            if (p0 < pos && para >= minPara)
            {
                return name;
            }
        }

        return null;
    }

    private string? GroupBefore(Token[] t, int cue)
    {
        var k = cue - 1;
        while (k >= 0 && t[k].Kind == TokKind.Word && !t[k].Cap && Lexicon.Fillers.Contains(Word(t[k])))
        {
            k--;
        }

        // "Fishermen outside the county offices chanted": the group is the noun before the place phrase (only right
        // before the verb: in "members on the benches began shouting, and one voice …" the voice is nobody named).
        var phaseVerb = k >= 0 && t[k].Kind == TokKind.Word && Word(t[k]) is "began" or "begin" or "begins" or "started" or "start" or "starts" or "kept" or "continued" or "broke";
        for (var j = k - 1; k == cue - 1 && !phaseVerb && j >= 1 && j >= k - 5 && t[j].Kind == TokKind.Word; j--)
        {
            if (!t[j].Cap && Word(t[j]) is "outside" or "near" or "inside" or "at" or "in" or "on" or "along" or "around" or "behind" or "across" or "from")
            {
                k = j - 1;
                break;
            }
        }

        // "protesters chanted", or "Protesters chanted" opening the sentence.
        if (k < 0 || t[k].Kind != TokKind.Word || (t[k].Cap && k > 0 && t[k - 1].Kind == TokKind.Word))
        {
            return null;
        }

        var w = Word(t[k]);
        return w.EndsWith('s') || w.EndsWith("men", StringComparison.Ordinal) || w is "crowd" or "audience"
            ? (k > 0 && Is(t[k - 1], "the") ? "the " + w : w)
            : null;
    }

    /// <summary>"An International Monetary Fund report published last week stated": the document's owner.</summary>
    private string? DocumentOwnerBefore(Para p, Token[] t, int cue)
    {
        var lo = p.SentenceStart[t[cue].Sentence];
        for (var k = lo + 1; k < cue && k <= lo + 8; k++)
        {
            if (t[k].Kind != TokKind.Word || t[k].Cap || !Lexicon.DocumentNouns.Contains(Word(t[k])))
            {
                continue;
            }

            var b = k - 1;
            if (b > lo && t[b].Kind == TokKind.Word && !t[b].Cap && Word(t[b]) is "leader" or "editorial" or "opinion")
            {
                // "The Ledger's leader column", "the Herald's editorial page".
                b--;
            }

            if (t[b].Kind != TokKind.Word || !t[b].Cap)
            {
                return null;
            }

            var a = b;
            while (a - 1 >= lo && t[a - 1].Kind == TokKind.Word && t[a - 1].Cap && !Is(t[a - 1], "the") && !Is(t[a - 1], "an") && !Is(t[a - 1], "a"))
            {
                a--;
            }

            if (a == b && t[b].Possessive && a - 1 >= lo && Is(t[a - 1], "the"))
            {
                // "The Herald's editorial board wrote": one word with "the" and a document of its own is a body.
                var owner = StripPossessive(Word(t[b]));
                return Lexicon.IsPlaceName(owner) || Lexicon.StopLookup.Contains(owner) ? null : owner;
            }

            return OrganisationSpeaker(t, new SubjectPhrase { Kind = SubjectKind.Name, A = a, B = b });
        }

        return null;
    }

    /// <summary>
    /// The organisation named by a subject phrase that is no person: a capitalized name that is not a place
    /// ("the Kremlin", "The Meridian Times", "the Finance Ministry"), or a document's owner ("the IMF report").
    /// </summary>
    private string? OrganisationSpeaker(Token[] t, SubjectPhrase np)
    {
        int a, b;
        if (np.Kind == SubjectKind.Name)
        {
            (a, b) = (np.A, np.B);
        }
        else if (np.Kind == SubjectKind.Role && np.Word is { } role && Lexicon.DocumentNouns.Contains(role))
        {
            // "The IMF report", "the ministry's statement": the capitalized words before the document noun.
            b = np.B - 1;
            while (b >= np.A && !(t[b].Kind == TokKind.Word && t[b].Cap))
            {
                b--;
            }

            if (b < np.A)
            {
                // "a statement from Brightwater Seafoods", "a report by the Coastal Agency": the owner after the noun.
                var k = np.B + 1;
                if (k + 1 < t.Length && t[k].Kind == TokKind.Word && Word(t[k]) is "from" or "by" or "of")
                {
                    k++;
                    if (Is(t[k], "the") && k + 1 < t.Length)
                    {
                        k++;
                    }

                    var e = k;
                    while (e + 1 < t.Length && t[e].Kind == TokKind.Word && t[e].Cap && !t[e].Possessive && t[e + 1].Kind == TokKind.Word && t[e + 1].Cap)
                    {
                        e++;
                    }

                    if (t[k].Kind == TokKind.Word && t[k].Cap)
                    {
                        var after = ParseName(t, k, e);
                        return after is { Person: true } ? null : OrganisationSpeaker(t, new SubjectPhrase { Kind = SubjectKind.Name, A = k, B = e });
                    }
                }

                return null;
            }

            a = b;
            while (a - 1 >= np.A && t[a - 1].Kind == TokKind.Word && t[a - 1].Cap && !Is(t[a - 1], "the"))
            {
                a--;
            }
        }
        else
        {
            return null;
        }

        b = AmpersandNameEnd(t, BranchTailEnd(t, BodyNameTailEnd(t, PluralPossessiveTailEnd(t, b)))); // s23-orgs: "Coastal Power & Light"
        a = AmpersandNameStart(t, a); // session 19: "the International Organization for Migration"; s22b-orgs: "… Local 1147"; s22c-orgs2: "… Lecturers' Unions"

        // "the Kestria Ministry of Defence said": the phrase before "of" belongs to the name.
        while (a >= 2 && t[a - 1].Kind == TokKind.Word && !t[a - 1].Cap && Word(t[a - 1]) is "of" or "for" or "and" && t[a - 2].Kind == TokKind.Word && t[a - 2].Cap && !IsNotBodyHeadBeforeOf(t, a - 2)) // s23-orgs: not "Shares of …"
        {
            a -= 2;
            while (a - 1 >= 0 && t[a - 1].Kind == TokKind.Word && t[a - 1].Cap && !Is(t[a - 1], "the"))
            {
                a--;
            }
        }

        while (a <= b && (Is(t[a], "the") || Lexicon.StopLookup.Contains(Span(t[a]))))
        {
            a++;
        }

        // One word speaks as an organisation only when it is an acronym or a known body ("IMF", "the Kremlin");
        // "Kestria said" after "in Kestria" is a place.
        if (a == b && !(t[a].AllCaps && t[a].End - t[a].Start >= 2) && !Lexicon.SingleWordBodies.Contains(StripPossessive(Word(t[a])))
            && !(a >= 1 && Is(t[a - 1], "the") && Lexicon.IsOutletWord(StripPossessive(Word(t[a])))) && !OutletKindBefore(t, a)
            && !IsTheOneWordBodySubject(t, a, anyVerb: true))
        {
            return null;
        }

        if (a > b || !t[a].Cap)
        {
            return null;
        }

        if (Word(t[b]) is "Democrat" or "Republican" or "Independent" or "Democrat's" or "Republican's" || IsDescriptorRun(t, a, b))
        {
            // "the Ohio Republican" is a party member, not a body.
            return null;
        }

        while (b > a && Lexicon.IsCorporateSuffix(Word(t[b])))
        {
            // "Brightwater Seafoods Ltd." speaks as "Brightwater Seafoods".
            b--;
        }

        if (AmpersandNameText(t, a, b) is { } withAmpersand)
        {
            return withAmpersand; // s23-orgs
        }

        var parts = new List<string>(b - a + 1);
        for (var k = a; k <= b; k++)
        {
            if (t[k].Kind != TokKind.Word)
            {
                return null;
            }

            parts.Add(k == b ? StripPossessive(Word(t[k])) : Word(t[k]));
        }

        var name = string.Join(' ', parts);
        return Lexicon.IsPlaceName(name) && !IsLocalGovernmentName(name) ? null : FullBodyName(name);
    }

    /// <summary>
    /// "The Clarion says …", "The Argus warned …": a sentence that opens with "The" and one capitalized word that is no
    /// title, role, given name, surname or party, right before its reporting verb (with <paramref name="anyVerb"/>,
    /// any lower-case word: "The Beacon leads on …"), names a body (an outlet whose name has no outlet word).
    /// </summary>
    private bool IsTheOneWordBodySubject(Token[] t, int a, bool anyVerb = false)
    {
        if (a < 1 || a + 1 >= t.Length || !(t[a + 1].Cue || (anyVerb && t[a + 1].Kind == TokKind.Word && !t[a + 1].Cap)) || !t[a].Cap || t[a].Kind != TokKind.Word || t[a - 1].Kind != TokKind.Word
            || !t[a - 1].Cap || !Is(t[a - 1], "the") || !(a == 1 || t[a - 2].Kind == TokKind.Quote || (t[a - 2].Kind == TokKind.Punct && t[a - 2].P is '.' or '!' or '?')))
        {
            return false;
        }

        var w = StripPossessive(Word(t[a]));
        return !(Lexicon.Titles.Contains(w) || Lexicon.RoleNouns.Contains(w) || Lexicon.RoleLikeNouns.Contains(w) || Lexicon.ExtraTitles.Contains(w)
            || Lexicon.GroupNouns.Contains(w) || Lexicon.MaleNames.Contains(w) || Lexicon.FemaleNames.Contains(w)
            || Lexicon.CommonWordSurnames.Contains(w) || IsNationality(w) || Lexicon.IsPlaceName(w)
            || w is "Democrat" or "Republican" or "Independent" || Lexicon.IsOrgNoun(w) || _reg.IsKnownLastName(w));
    }

    private string CueText(Token[] t, int cue)
    {
        var w = _words.Lower(Word(t[cue]));
        if (w == "according")
        {
            return "according to";
        }

        if (Lexicon.NeedsParticleAfter(w) && cue + 1 < t.Length && t[cue + 1].Kind == TokKind.Word)
        {
            return w + " " + _words.Lower(Word(t[cue + 1]));
        }

        return w;
    }

    private string? Audience(Para p, Token[] t, int cue)
    {
        var w = _words.Lower(Word(t[cue]));
        var k = cue + 1;
        if (w is "told" or "tells" or "tell" or "telling" or "informed" or "assured" or "reassured" or "warned" or "urged" or "asked")
        {
            // "told Rob Schmitt", "told reporters", "told Newsmax".
        }
        else if (k < t.Length && Is(t[k], "to") && w is not "according")
        {
            k++;
        }
        else
        {
            return null;
        }

        if (k >= t.Length || t[k].Kind != TokKind.Word)
        {
            return null;
        }

        if (t[k].Cap)
        {
            var b = k;
            while (b + 1 < t.Length && !t[b].Possessive && (IsNameToken(t, b + 1) || (t[b + 1].AllCaps && t[b + 1].Kind == TokKind.Word)))
            {
                b++;
            }

            var info = ParseName(t, k, b);
            if (info is not null && info.Person)
            {
                var (id, name) = ResolveSubject(p, t, new SubjectPhrase { Kind = SubjectKind.Name, A = k, B = b }, t[k].Start);
                return name ?? info.Text;
            }

            // A loop, not a lambda over t: a closure would be allocated on every call of this method, used or not.
            var words = new string[b - k + 1];
            for (var x = k; x <= b; x++)
            {
                words[x - k] = StripPossessive(Word(t[x]));
            }

            return string.Join(' ', words);
        }

        var lw = Word(t[k]);
        if (lw is "reporters" or "journalists" or "lawmakers" or "supporters" or "the" or "a" or "an" or "an")
        {
            if (lw is "the" or "a" or "an")
            {
                if (k + 1 < t.Length && t[k + 1].Kind == TokKind.Word)
                {
                    var b = k + 1;
                    while (b + 1 < t.Length && t[b + 1].Kind == TokKind.Word && b < k + 4 && !t[b + 1].Cue && Word(t[b + 1]) is not ("in" or "on" or "at" or "that" or "during" or "after"))
                    {
                        b++;
                    }

                    return _text[t[k].Start..t[b].End];
                }

                return null;
            }

            return lw;
        }

        return null;
    }

    private (int Id, string? Name) ResolveSubject(Para p, Token[] t, SubjectPhrase np, int pos)
    {
        switch (np.Kind)
        {
            case SubjectKind.Name:
                {
                    if (_nicknames is not null && NicknameHolder(_nicknames, t, np) is var nick && nick >= 0)
                    {
                        // "Bobby T says" after "Regulars call its owner Bobby T." (session 11).
                        return (nick, _reg[nick].Name);
                    }

                    if (OfficeAcronymHolder(t, np, pos) is var office && office >= 0)
                    {
                        return (office, _reg[office].Name); // session 23: "POTUS asked" is the president introduced
                    }

                    if (_whichBodies.Count > 0 && _whichBodies.Contains(_text[t[np.A].Start..t[np.B].End]))
                    {
                        // "Redrock Copper, which holds the permit, …": named as a thing, so never a person.
                        return (-1, null);
                    }

                    var party = PartyRole(p, t, np.A, np.B, pos);
                    if (party != -1)
                    {
                        // A party descriptor names nobody when no one of that party (and state) was introduced.
                        if (party == -2)
                        {
                            party = PartylessSubject(p.Index, pos); // session 17: the person the paragraph is about
                            if (party < 0)
                            {
                                party = LaterOfParty(p, t, np.A, np.B, pos); // s23-roles: the one named later
                            }
                        }

                        return party >= 0 ? (party, _reg[party].Name) : (-1, null);
                    }

                    if (np.B > np.A && TitleWordsOnly(t, np.A, np.B))
                    {
                        // "The Prime Minister said", "the Attorney General told …": title words alone are a role, never
                        // a person called "Prime Minister" (session 11).
                        var ra = Is(t[np.A], "the") ? np.A + 1 : np.A;
                        return ResolveSubject(p, t, new SubjectPhrase { Kind = SubjectKind.Role, A = ra, B = np.B, Word = _words.Lower(StripPossessive(Word(t[np.B]))) }, pos);
                    }

                    if (np.B > np.A && ModifiedTitleOnly(t, np.A, np.B) is var last && last >= 0)
                    {
                        // Session 14: "the Revenue Minister said", "the Health Secretary told …": a title with a
                        // capitalized portfolio is the person given that title, never a person called so.
                        return ResolveSubject(p, t, new SubjectPhrase { Kind = SubjectKind.Role, A = Is(t[np.A], "the") ? np.A + 1 : np.A, B = last, Word = _words.Lower(StripPossessive(Word(t[last]))) }, pos);
                    }

                    var info = ParseName(t, np.A, np.B);
                    if (np.A == np.B && np.A > 0 && Is(t[np.A - 1], "the") && (info is null || !info.Person) && t[np.A].Kind == TokKind.Word
                        && Lexicon.RoleNouns.Contains(Word(t[np.A])))
                    {
                        // "The Premier said", "the Treasurer told …": a capitalized role word alone is the role.
                        return ResolveSubject(p, t, new SubjectPhrase { Kind = SubjectKind.Role, A = np.A, B = np.B, Word = _words.Lower(Word(t[np.A])) }, pos);
                    }

                    if (info is null)
                    {
                        return (-1, null);
                    }

                    if (!info.Person)
                    {
                        // An organization or place speaking ("the Kremlin said") names no person.
                        return (-1, null);
                    }

                    if (info.Parts.Count == 2 && IsNameSuffix(info.Parts[1]))
                    {
                        // "King Jr. added": the surname with its suffix is the person introduced as Anthony King Jr.
                        var kid = _reg.ResolveShort(info.Parts[0], info.Gender, t[info.NameStart].Start);
                        if (kid >= 0)
                        {
                            return (kid, _reg[kid].Name);
                        }
                    }

                    if (info.Parts.Count >= 2)
                    {
                        var id = _reg.GetOrAddFull(info, t[info.NameStart].Start);
                        return (id, _reg[id].Name);
                    }

                    if (!info.Honorific && IsTheOneWordBodySubject(t, info.NameStart))
                    {
                        // "The Clarion says": a body, not a person called Clarion.
                        return (-1, null);
                    }

                    var at = t[info.NameStart].Start;
                    if (!_resolvedAt.TryGetValue(at, out var sid))
                    {
                        sid = _reg.ResolveShort(info.Parts[0], info.Gender, at);
                        if (sid < 0)
                        {
                            sid = _reg.FindSingle(info.Parts[0], info.Gender);
                        }

                        // A common-word surname in name position ("Park told reporters") is a name even though the
                        // word alone is also a place or a colour.
                        if (sid < 0 && (info.Honorific || LooksLikeSurname(info.Parts[0]) || (t[info.NameStart].Surname && info.Parts[0].Length > 2)))
                        {
                            sid = _reg.AddSingle(info, at);
                        }

                        _resolvedAt[at] = sid;
                    }

                    // A lone capitalized word never introduced as a person (a country, a party) is no speaker.
                    return sid < 0 ? (-1, null) : (sid, _reg[sid].Name);
                }

            case SubjectKind.Pronoun:
                {
                    var w = np.Word ?? "he";
                    if (w is "i" or "we")
                    {
                        var label = InterviewLabel(p);
                        if (label.Kind == SubjectKind.Name)
                        {
                            return ResolveSubject(p, t == p.Tokens ? t : p.Tokens, label, p.Start);
                        }

                        if (_label.Entity >= 0)
                        {
                            // "PENCE: … I said …": the upper-case transcript label of this paragraph.
                            return (_label.Entity, _label.Name);
                        }

                        return (-1, w == "i" ? _article.Meta.Author : null);
                    }

                    var gender = w switch { "he" => Gender.Male, "she" => Gender.Female, _ => Gender.Unknown };
                    if (gender != Gender.Unknown && t == p.Tokens && p.SentenceStart[t[np.A].Sentence] is var lo && np.A > lo + 2
                        && OpeningDescription(t, IntroClauseEnd(t, lo, np.A), np.A) is { Kind: SubjectKind.Role } desc
                        && ResolveSubject(p, t, desc, pos) is { Id: >= 0 } opener && EntityRegistry.Compatible(gender, _reg[opener.Id].Gender))
                    {
                        // "The 22-year-old Frenchwoman saved two match points, … that she later described as "…"": the
                        // pronoun inside the sentence is the description that opens it (session 10).
                        return opener;
                    }

                    if (RoleHolderOfSentenceBefore(p, t, np, gender) is var holder and >= 0)
                    {
                        return (holder, _reg[holder].Name); // session 22: "The Taoiseach tried …. '…,' he said."
                    }

                    if (gender != Gender.Unknown && t == p.Tokens && PronounChainReferent(p, np.A, gender) is var chained and >= 0)
                    {
                        // s23-frames: "I read that to Achebe. She laughed. "…," she said."
                        if (_reg[chained].Gender == Gender.Unknown)
                        {
                            _reg[chained].Gender = gender;
                        }

                        return (chained, _reg[chained].Name);
                    }

                    var id = ResolvePronoun(gender, w == "they", t[np.A].Start, p.Index);
                    if (id >= 0 && gender != Gender.Unknown && _reg[id].Gender == Gender.Unknown && !_reg[id].Anonymous
                        && RoleSubjectSince(LastPos(id, t[np.A].Start), t[np.A].Start, id, p.Index))
                    {
                        id = -1; // session 21
                    }

                    if (id >= 0 && gender != Gender.Unknown && _reg[id].Gender == Gender.Unknown && !_reg[id].Anonymous)
                    {
                        // ""…?" she asked." makes a person of unknown gender a woman, so that a later "he said" does
                        // not go back to her (session 11).
                        _reg[id].Gender = gender;
                    }

                    return id < 0 || _reg[id].Anonymous ? (-1, null) : (id, _reg[id].Name);
                }

            case SubjectKind.Role:
                {
                    var role = np.Word ?? string.Empty;
                    if (Lexicon.GroupNouns.Contains(role) && !Lexicon.RoleNouns.Contains(role))
                    {
                        return (-1, null);
                    }

                    // "the spokeswoman said" is the person introduced with that role; "a spokeswoman" is someone new.
                    var det = np.A > 0 && t[np.A - 1].Kind == TokKind.Word ? Word(t[np.A - 1]) : Word(t[np.A]);
                    var definite = det.Equals("the", StringComparison.OrdinalIgnoreCase) || det is "his" or "her" or "their" or "its"
                        || Is(t[np.A], "the") || (np.A > 0 && t[np.A - 1].Possessive) || t[np.A].Possessive;
                    if (!definite)
                    {
                        // "A federal judge … calling it "…"" in the lede, "U.S. District Judge Maria Ortiz wrote …" next:
                        // the person the next paragraph gives that title (session 11).
                        return p.Index <= 2 && NamedWithTitleNext(p.Index, role) is var next && next >= 0 ? (next, _reg[next].Name) : (-1, null);
                    }

                    if ((EntityRegistry.IsBroadRole(role) || WorldLexicon.PersonNouns.Contains(role)) && IntroducedUnnamed(p.Index, role, pos))
                    {
                        // "A senior diplomat … said …. "…," the diplomat said": the unnamed person (session 18).
                        return (-1, null);
                    }

                    // The person with that role who is the subject of this paragraph or the one before ("Calloway was
                    // asked … "…," the senator said"), else the latest one introduced with it.
                    var id = RecentWithRole(pos, p.Index - 1, role);
                    if (id < 0)
                    {
                        id = _reg.FindByRole(role, pos);
                    }

                    if (id < 0 && np.B > np.A && LaterHolderOfPhrase(p, t, np, pos) is var holder && holder >= 0)
                    {
                        // "its finance chief warned that …" in a lede, "The finance chief, Henrietta Voss, said" three
                        // paragraphs on: the person the same role phrase introduces later (session 10).
                        id = holder;
                    }

                    if (id < 0 && (Is(t[np.A], "the") || (np.A > 0 && Is(t[np.A - 1], "the"))))
                    {
                        // "The Premier has defended the dam, telling …": a lede's role before anyone has it is the first
                        // person given that role in this paragraph or the next two (session 9).
                        id = _reg.FindByRoleAfter(role, pos, _paras[Math.Min(p.Index + 2, _paras.Length - 1)].End);
                        if (id >= 0 && !FitsCapitalModifiers(id, t, Is(t[np.A], "the") ? np.A + 1 : np.A, np.B))
                        {
                            id = -1; // s23-roles: "Harbour boss Niall Tobin" named next is not "the Rovers manager"
                        }
                    }

                    if (id < 0 && role.EndsWith("-elect", StringComparison.Ordinal))
                    {
                        // "the mayor-elect" is who won ("X unseated Mayor Y": X, never the outgoing mayor, session 11),
                        // else whoever was introduced as the governor (or the candidate).
                        id = ElectionWinnerBefore(p.Index, pos);
                        if (id < 0)
                        {
                            id = _reg.FindByRole(role[..^6], pos);
                        }
                    }

                    if (id < 0 && (!Lexicon.RoleNouns.Contains(role) || role.EndsWith("-elect", StringComparison.Ordinal) || Lexicon.IsSituationalRole(role)) && !Lexicon.IsOrgNoun(role)
                        && !IsUnnamedPlural(role))
                    {
                        // "the 22-year-old", "the defender said": a description, not a job introduced earlier, stands
                        // for the person this paragraph (or the one before) is about.
                        id = RecentSubject(p.Index, pos, RoleGender(role));
                    }

                    return id < 0 ? (-1, null) : (id, _reg[id].Name);
                }

            default:
                return (-1, null);
        }
    }

    /// <summary>
    /// The person whom the same role phrase (at least two words, e.g. "finance chief") introduces later, in this
    /// paragraph or the next four: "The finance chief, Henrietta Voss, said" or "finance chief Henrietta Voss"; -1 when
    /// none does.
    /// </summary>
    private int LaterHolderOfPhrase(Para p, Token[] t, SubjectPhrase np, int pos)
    {
        var a = np.A;
        while (a <= np.B && (t[a].Kind != TokKind.Word || Lexicon.Determiners.Contains(Word(t[a])) || Word(t[a]) is "its" or "his" or "her" or "their" || t[a].Possessive))
        {
            a++;
        }

        var n = np.B - a + 1;
        if (n < 2 || n > 4)
        {
            return -1;
        }

        var last = Math.Min(p.Index + 4, _paras.Length - 1);
        for (var pi = p.Index; pi <= last; pi++)
        {
            var u = _paras[pi].Tokens;
            for (var k = 0; k + n < u.Length; k++)
            {
                if (u[k].Start <= pos || u[k].Start == t[a].Start)
                {
                    continue;
                }

                var same = true;
                for (var x = 0; x < n && same; x++)
                {
                    same = u[k + x].Kind == TokKind.Word && Span(u[k + x]).Equals(Span(t[a + x]), StringComparison.OrdinalIgnoreCase);
                }

                if (!same)
                {
                    continue;
                }

                var b = k + n;
                if (b < u.Length && IsPunct(u[b], ','))
                {
                    b++;
                }

                if (b >= u.Length || !u[b].Cap || !IsNameToken(u, b))
                {
                    if (HolderBeforePhrase(u, k) is var before && before >= 0)
                    {
                        return before;
                    }

                    continue;
                }

                var e = b;
                while (e + 1 < u.Length && !u[e].Possessive && u[e + 1].Cap && IsNameToken(u, e + 1))
                {
                    e++;
                }

                if (ParseName(u, b, e) is { Person: true } info && info.Parts.Count >= 2)
                {
                    return _reg.GetOrAddFull(info, u[info.NameStart].Start);
                }
            }
        }

        return -1;
    }

    /// <summary>
    /// The person named as the subject of "unseated", "defeated", "beat", "ousted" or "won" latest before
    /// <paramref name="pos"/> (paragraphs up to <paramref name="para"/>); -1 when none (session 11).
    /// </summary>
    private int ElectionWinnerBefore(int para, int pos)
    {
        var best = -1;
        for (var pi = 0; pi <= para && pi < _paras.Length; pi++)
        {
            var p = _paras[pi];
            var t = p.Tokens;
            for (var k = 1; k < t.Length && t[k].Start < pos; k++)
            {
                if (t[k].Kind != TokKind.Word || t[k].Cap || Word(t[k]) is not ("unseated" or "defeated" or "beat" or "ousted" or "won"))
                {
                    continue;
                }

                var np = BackwardSubject(t, k, p.SentenceStart[t[k].Sentence]);
                if (np.Kind == SubjectKind.Name && ParseName(t, np.A, np.B) is { Person: true } info && info.Parts.Count >= 2)
                {
                    best = _reg.GetOrAddFull(info, t[info.NameStart].Start);
                }
            }
        }

        return best;
    }

    /// <summary>
    /// The first person in the paragraph after <paramref name="para"/> whose name follows the title word
    /// <paramref name="role"/> ("Judge Maria Ortiz" for "judge"); -1 when none (session 11).
    /// </summary>
    private int NamedWithTitleNext(int para, string role)
    {
        if (para + 1 >= _paras.Length)
        {
            return -1;
        }

        var u = _paras[para + 1].Tokens;
        for (var k = 0; k + 2 < u.Length; k++)
        {
            if (u[k].Kind != TokKind.Word || !u[k].Cap || !Span(u[k]).Equals(role, StringComparison.OrdinalIgnoreCase) || !u[k + 1].Cap || !IsNameToken(u, k + 1))
            {
                continue;
            }

            var e = k + 1;
            while (e + 1 < u.Length && !u[e].Possessive && u[e + 1].Cap && IsNameToken(u, e + 1))
            {
                e++;
            }

            return ParseName(u, k + 1, e) is { Person: true } info && info.Parts.Count >= 2 ? _reg.GetOrAddFull(info, u[info.NameStart].Start) : -1;
        }

        return -1;
    }

    // "Prime Minister", "Attorney General": capitalized words that are all titles or role words (session 11).
    private bool TitleWordsOnly(Token[] t, int a, int b)
    {
        if (Is(t[a], "the"))
        {
            a++;
        }
        else if (a == 0 || !Is(t[a - 1], "the"))
        {
            return false;
        }

        if (b <= a)
        {
            return false;
        }

        for (var k = a; k <= b; k++)
        {
            if (t[k].Kind != TokKind.Word || !t[k].Cap || !(Lexicon.Titles.Contains(StripPossessive(Word(t[k]))) || Lexicon.RoleNouns.Contains(StripPossessive(Word(t[k])))))
            {
                return false;
            }
        }

        // The last word is a person's job ("Minister", "General"), not a body ("the White House", "the Supreme Court").
        var last = StripPossessive(Word(t[b]));
        return Lexicon.RoleNouns.Contains(last) || last.ToLowerInvariant() is "general" or "minister" or "secretary" or "speaker" or "president" or "leader"
            or "justice" or "judge" or "governor" or "mayor" or "chancellor" or "premier" or "whip";
    }

    // Nicknames given to someone already named ("Regulars call its owner Bobby T."): where, and in which paragraph.
    // Made on first use: most articles give no nickname.
    private Dictionary<string, (int Pos, int Para)>? _nicknames;

    /// <summary>
    /// The person a nickname subject stands for: the latest named person before the sentence that gave the nickname,
    /// in that paragraph or the two before it; else -1 (session 11).
    /// </summary>
    private int NicknameHolder(Dictionary<string, (int Pos, int Para)> nicknames, Token[] t, SubjectPhrase np)
    {
        if (!nicknames.TryGetValue(_text[t[np.A].Start..t[np.B].End].TrimEnd('.'), out var at) || at.Pos >= t[np.A].Start)
        {
            return -1;
        }

        return Recent(at.Pos, at.Para - 2, new NamedInFull(this));
    }

    /// <summary>
    /// "the authors call it …", "the researchers describe it as …": a plural noun that is no known role stands for
    /// several unnamed people, never for the one person the paragraph is about (session 11).
    /// </summary>
    private static bool IsUnnamedPlural(string role) =>
        role.Length > 4 && role.EndsWith('s') && !role.EndsWith("ss", StringComparison.Ordinal) && !role.EndsWith("'s", StringComparison.Ordinal)
        && !Lexicon.RoleNouns.Contains(role);

    /// <summary>
    /// "Harriet Quennell, Northline's chief executive since 2022, said": the person named right before a role phrase
    /// starting at <paramref name="k"/> in apposition ("X, the/its/Org's phrase"), else -1 (session 11).
    /// </summary>
    private int HolderBeforePhrase(Token[] u, int k)
    {
        var c = k - 1;
        if (c >= 0 && u[c].Kind == TokKind.Word && (u[c].Possessive || Word(u[c]) is "the" or "its"))
        {
            c--;
        }

        if (c < 1 || !IsPunct(u[c], ','))
        {
            return -1;
        }

        var e = c - 1;
        var a = e;
        while (a - 1 >= 0 && u[a - 1].Cap && IsNameToken(u, a - 1) && !u[a - 1].Possessive)
        {
            a--;
        }

        return e > a && u[e].Cap && IsNameToken(u, e) && ParseName(u, a, e) is { Person: true } info && info.Parts.Count >= 2
            ? _reg.GetOrAddFull(info, u[info.NameStart].Start)
            : -1;
    }

    /// <summary>
    /// "the California Democrat said", "the Kentucky Republican told reporters", "the Republican added": the latest
    /// person of that party (and state, when the tag gave one) who spoke or was named; -2 for such a descriptor with
    /// nobody to match, -1 when the phrase is no party descriptor.
    /// </summary>
    private int PartyRole(Para p, Token[] t, int a, int b, int pos)
    {
        a = TwoWordStateStart(t, a, b);
        if (a == 0 || !(Is(t[a - 1], "the") || DescribedPartyPrefix(t, a)) || b - a > 3) // s23-roles: "the state's top Democrat"
        {
            return -1;
        }

        var last = StripPossessive(Word(t[b]));
        var party = last switch { "Democrat" => 'D', "Republican" => 'R', "Independent" => 'I', _ => '\0' };
        if (party == '\0')
        {
            return -1;
        }

        var state = b > a ? _text[t[a].Start..t[b - 1].End] : null;
        return RecentOfParty(pos, p.Index - 12, party, state);
    }

    // PartyRole's look-up.
    private int RecentOfParty(int pos, int minPara, char party, string? state)
    {
        var strict = Recent(pos, minPara, new OfParty(this, party, state, stateless: false));
        var found = strict >= 0 || state is null
            ? strict
            : Recent(pos, minPara, new OfParty(this, party, null, stateless: true));
        return found >= 0 ? found : -2;
    }

    // ResolveSubject's look-up for "the spokeswoman said".
    private int RecentWithRole(int pos, int minPara, string role) => Recent(pos, minPara, new WithRole(this, role));

    private static Gender RoleGender(string role) =>
        Lexicon.FemaleRoles.Contains(role) || role.EndsWith("woman", StringComparison.Ordinal) ? Gender.Female
        : Lexicon.MaleRoles.Contains(role) || (role.EndsWith("man", StringComparison.Ordinal) && role.Length > 5) ? Gender.Male : Gender.Unknown;

    /// <summary>The latest named person who was a sentence subject or speaker in this paragraph or the one before.</summary>
    private int RecentSubject(int para, int pos, Gender gender)
    {
        var id = Recent(pos, para - 1, RecentFilter.NamedSpeakerOrSubjectOfCompatibleGender, gender);
        return id >= 0 && _reg[id].Anonymous ? -1 : id;
    }

    private static readonly HashSet<string> Locatives = new(StringComparer.OrdinalIgnoreCase)
    {
        "in", "from", "into", "across", "throughout", "near", "inside", "outside", "of", "to", "toward", "towards", "against",
    };

    private readonly Dictionary<string, bool> _surnameCache = new(StringComparer.Ordinal);

    /// <summary>
    /// A lone name never introduced in full ("Trump said") is kept as the speaker unless the article also uses it as a
    /// place or body: after "in", "of", "from", "to" ... or with a possessive ("Kestria's second harbor").
    /// </summary>
    private bool LooksLikeSurname(string token)
    {
        if (_surnameCache.TryGetValue(token, out var known))
        {
            return known;
        }

        var ok = !Lexicon.NonPersonWords.Contains(token) && !Lexicon.GroupNouns.Contains(token) && !Lexicon.RoleNouns.Contains(token)
            && !Lexicon.Titles.Contains(token) && token.Length > 2;
        if (ok)
        {
            foreach (var p in _paras)
            {
                var t = p.Tokens;
                for (var i = 0; i < t.Length && ok; i++)
                {
                    if (t[i].Kind != TokKind.Word || !t[i].Cap)
                    {
                        continue;
                    }

                    var w = Span(t[i]);
                    var possessive = t[i].Possessive && w.Length > 2 && w[..^2].Equals(token, StringComparison.Ordinal);
                    if (!possessive && !w.Equals(token, StringComparison.Ordinal))
                    {
                        continue;
                    }

                    if (i > 0 && t[i - 1].Kind == TokKind.Word && Locatives.Contains(Word(t[i - 1])))
                    {
                        ok = false;
                    }
                    else if (possessive && i + 1 < t.Length && t[i + 1].Kind == TokKind.Word && !t[i + 1].Cap && Lexicon.GroupNouns.Contains(Word(t[i + 1])))
                    {
                        ok = false;
                    }
                }
            }
        }

        _surnameCache[token] = ok;
        return ok;
    }

    /// <summary>"Rask: That they are right." A transcript answer names its speaker before a colon.</summary>
    private SubjectPhrase InterviewLabel(Para p)
    {
        var t = p.Tokens;
        var b = 0;
        while (b < t.Length && b < 5 && IsNameToken(t, b))
        {
            b++;
        }

        if (b == 0 || b >= t.Length || !IsPunct(t[b], ':'))
        {
            return default;
        }

        var info = ParseName(t, 0, b - 1);
        return info is not null && info.Person ? new SubjectPhrase { Kind = SubjectKind.Name, A = 0, B = b - 1 } : default;
    }

    /// <summary>
    /// He/she/they: the most recent person of compatible gender who spoke or was a sentence subject within the last
    /// few paragraphs; failing that, any person mentioned.
    /// </summary>
    private int ResolvePronoun(Gender gender, bool plural, int pos, int para)
    {
        if (plural)
        {
            var th = Recent(pos, para - 2, RecentFilter.NamedSpeakerOrSubjectOfUnknownGender, Gender.Unknown);
            return th;
        }

        // "I spoke to a tenant who asked me not to print her name. "…," she said.": an unnamed person introduced in
        // this paragraph, with nobody named in it before the pronoun, is who the pronoun stands for (no name).
        var anon = Recent(pos, para, RecentFilter.CompatibleGender, gender);
        if (anon >= 0 && _reg[anon].Anonymous)
        {
            // Session 15: unless a person named before the speech verb of the sentence the unnamed one is in.
            var named = gender == Gender.Unknown ? -1 : NamedFrameSubjectOver(gender, pos, para, LastPos(anon, pos));
            named = named >= 0 ? named : SubjectOverUnnamed(gender, pos, para, LastPos(anon, pos)); // session 16
            return named >= 0 ? named : anon;
        }

        // A speaker or subject of the same gender nearby, then one of unknown gender, then any mention.
        var exact = Recent(pos, para - 3, RecentFilter.SpeakerOrSubjectOfGender, gender);
        var unknown = Recent(pos, para - 3, RecentFilter.SpeakerOrSubjectOfGender, Gender.Unknown);
        // "One of them, retired postman Alan Fairbank, stood to speak." / "‘…,’ he told councillors.": a person of the
        // pronoun's gender introduced (first named) in this paragraph or the one before, after the latest speaker or
        // subject of that gender was last named (in an earlier paragraph), and the latest person named at all, is the
        // one the pronoun picks up.
        if (gender != Gender.Unknown)
        {
            var intro = Recent(pos, para - 1, RecentFilter.IntroducedOfGender, gender);
            if (intro >= 0 && intro != exact && (exact < 0 || MentionPara(exact, pos) < MentionPara(intro, pos))
                && intro == Recent(pos, para - 1, RecentFilter.CompatibleGender, gender) && !SubjectBeforeIntro(unknown, intro, pos))
            {
                return intro;
            }
        }

        if (gender != Gender.Unknown)
        {
            // "Among those turned away was Yesenia Torres Maldonado, 27, who … "…," she said.": a person of unknown
            // gender first named in this paragraph, and the latest person named in it, rather than a speaker of the
            // pronoun's gender from an earlier paragraph (session 10).
            var fresh = Recent(pos, para, RecentFilter.IntroducedOfGender, Gender.Unknown);
            if (fresh >= 0 && fresh == Recent(pos, para, RecentFilter.CompatibleGender, gender) && (exact < 0 || MentionPara(exact, pos) < para)
                && !AfterThe(_reg[fresh].FirstPos))
            {
                return fresh;
            }
        }

        if (exact < 0 && SpelledOtherwise(gender, pos, para, unknown) is var spelled and >= 0)
        {
            return spelled; // session 20
        }

        if (exact >= 0 && unknown >= 0)
        {
            // Prefer the unknown-gender candidate only when it is clearly more recent (same paragraph as the pronoun).
            return LastPos(unknown, pos) > LastPos(exact, pos) && MentionPara(unknown, pos) == para && MentionPara(exact, pos) != para ? unknown : exact;
        }

        if (exact >= 0 || unknown >= 0)
        {
            return exact >= 0 ? exact : unknown;
        }

        return Recent(pos, para - 3, RecentFilter.CompatibleGender, gender);
    }

    // True when the word before text position pos is "the" ("with the Arnholm Standard": a body, not a person).
    private bool AfterThe(int pos)
    {
        var k = pos - 1;
        while (k >= 0 && char.IsWhiteSpace(_text[k]))
        {
            k--;
        }

        return k >= 2 && (_text[k] is 'e' or 'E') && (_text[k - 1] is 'h' or 'H') && (_text[k - 2] is 't' or 'T') && (k < 3 || !char.IsLetter(_text[k - 3]));
    }

    /// <summary>Which mentions <see cref="Recent(int, int, RecentFilter, Gender)"/> accepts (an enum, not a delegate: no closure per pronoun).</summary>
    private enum RecentFilter
    {
        /// <summary>A speaker or sentence subject of unknown gender who is not anonymous.</summary>
        NamedSpeakerOrSubjectOfUnknownGender,

        /// <summary>A speaker or sentence subject of exactly the given gender.</summary>
        SpeakerOrSubjectOfGender,

        /// <summary>Any mention whose gender is compatible with the given one.</summary>
        CompatibleGender,

        /// <summary>The first mention of a named person of exactly the given gender.</summary>
        IntroducedOfGender,

        /// <summary>A speaker or sentence subject who is not anonymous and whose gender is compatible with the given one.</summary>
        NamedSpeakerOrSubjectOfCompatibleGender,
    }

    private bool Accepts(Mention m, RecentFilter filter, Gender gender) => filter switch
    {
        RecentFilter.NamedSpeakerOrSubjectOfUnknownGender => (m.Speaker || m.Subject) && _reg[m.Entity].Gender == Gender.Unknown && !_reg[m.Entity].Anonymous,
        RecentFilter.SpeakerOrSubjectOfGender => (m.Speaker || m.Subject) && _reg[m.Entity].Gender == gender,
        RecentFilter.IntroducedOfGender => m.Pos == _reg[m.Entity].FirstPos && _reg[m.Entity].Gender == gender && !_reg[m.Entity].Anonymous,
        RecentFilter.NamedSpeakerOrSubjectOfCompatibleGender => (m.Subject || m.Speaker) && !_reg[m.Entity].Anonymous && EntityRegistry.Compatible(gender, _reg[m.Entity].Gender),
        _ => EntityRegistry.Compatible(gender, _reg[m.Entity].Gender),
    };

    /// <summary>The index of the first mention at or after <paramref name="pos"/> (the lists are sorted by position).</summary>
    private static int LowerBound(ValueList<Mention> list, int pos)
    {
        int lo = 0, hi = list.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (list[mid].Pos < pos)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    private int Recent(int pos, int minPara, RecentFilter filter, Gender gender) => Recent(pos, minPara, new ByFilter(this, filter, gender));

    /// <summary>Which mentions a <see cref="Recent{TTest}"/> look-up accepts: a struct per kind of test, so that a look-up allocates no closure.</summary>
    private interface IMentionTest
    {
        bool Accepts(Mention m);
    }

    private readonly struct ByFilter(ArticleScan scan, RecentFilter filter, Gender gender) : IMentionTest
    {
        public bool Accepts(Mention m) => scan.Accepts(m, filter, gender);
    }

    // A named person of at least two name tokens (the holder of a nickname).
    private readonly struct NamedInFull(ArticleScan scan) : IMentionTest
    {
        public bool Accepts(Mention m) => !scan._reg[m.Entity].Anonymous && scan._reg[m.Entity].Tokens >= 2;
    }

    // A named person of the party (and of the state, when one is given; with stateless, only one with no state).
    private readonly struct OfParty(ArticleScan scan, char party, string? state, bool stateless) : IMentionTest
    {
        public bool Accepts(Mention m)
        {
            var e = scan._reg[m.Entity];
            return !e.Anonymous && e.Party == party
                && (stateless ? e.State is null : state is null || (e.State is { } s && StateMatches(s, state)));
        }
    }

    // A speaker or sentence subject, not anonymous, who was given the role (or a synonym of it).
    private readonly struct WithRole(ArticleScan scan, string role) : IMentionTest
    {
        public bool Accepts(Mention m) => (m.Subject || m.Speaker) && !scan._reg[m.Entity].Anonymous && EntityRegistry.HasRole(scan._reg[m.Entity], role);
    }

    private int Recent<TTest>(int pos, int minPara, TTest test)
        where TTest : struct, IMentionTest
    {
        var best = -1;
        var bestPos = -1;
        for (var l = 0; l < 2; l++)
        {
            var list = l == 0 ? _reg.Speakers : _reg.Mentions;
            for (var i = LowerBound(list, pos) - 1; i >= 0; i--)
            {
                var m = list[i];
                if (m.Paragraph < minPara || m.Pos <= bestPos)
                {
                    break;
                }

                if (test.Accepts(m))
                {
                    best = m.Entity;
                    bestPos = m.Pos;
                    break;
                }
            }
        }

        return best;
    }

    /// <summary>The latest mention of <paramref name="entity"/> before <paramref name="pos"/> in either list.</summary>
    private (int Pos, int Para) LastMention(int entity, int pos)
    {
        var best = -1;
        var para = -1;
        for (var l = 0; l < 2; l++)
        {
            var list = l == 0 ? _reg.Speakers : _reg.Mentions;
            for (var i = LowerBound(list, pos) - 1; i >= 0 && list[i].Pos > best; i--)
            {
                if (list[i].Entity == entity)
                {
                    best = list[i].Pos;
                    para = list[i].Paragraph;
                    break;
                }
            }
        }

        return (best, para);
    }

    private int LastPos(int entity, int pos) => LastMention(entity, pos).Pos;

    private int MentionPara(int entity, int pos) => LastMention(entity, pos).Para;
}
