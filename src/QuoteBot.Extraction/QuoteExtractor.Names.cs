namespace QuoteBot.Extraction;

// Phase 1: registering the people named in the article, their genders and roles.
internal sealed partial class ArticleScan
{
    // ---------------------------------------------------------------- phase 1: names

    /// <summary>A one-word name left for after the full names are known (RegisterNames).</summary>
    internal readonly record struct PendingName(NameInfo Info, int Pos, int Para, bool Subject, int Tok);

    private void RegisterNames()
    {
        var pending = _buffers.Pending;
        foreach (var p in _paras)
        {
            if (p.Boilerplate || p.Index < _article.HeadlineParagraphs || LooksLikeHeadline(p))
            {
                // "Obama Sees Progress in Talks": title-case words after a name are not more name.
                continue;
            }

            var t = p.Tokens;
            var i = 0;
            while (i < t.Length)
            {
                if (!IsNameToken(t, i) || t[i].Kind != TokKind.Word || !t[i].Cap)
                {
                    i++;
                    continue;
                }

                var a = i;
                var b = i;
                while (b + 1 < t.Length && !t[b].Possessive && IsNameToken(t, b + 1))
                {
                    b++;
                }

                if (b + 2 < t.Length && !t[b].Possessive && IsQuotedNickname(t, b + 1) && t[b + 2].Cap && IsNameToken(t, b + 2))
                {
                    // "Robert "Bobby" Tanaka-Reyes": the quoted nickname sits inside the name; the person is the name
                    // around it (session 10).
                    var e = b + 2;
                    while (e + 1 < t.Length && !t[e].Possessive && IsNameToken(t, e + 1))
                    {
                        e++;
                    }

                    var joined = new Token[b - a + 1 + e - (b + 2) + 1];
                    Array.Copy(t, a, joined, 0, b - a + 1);
                    Array.Copy(t, b + 2, joined, b - a + 1, e - (b + 2) + 1);
                    if (ParseName(joined, 0, joined.Length - 1) is { Person: true } around && around.Parts.Count >= 2)
                    {
                        var nid = _reg.GetOrAddFull(around, t[a].Start);
                        _reg.Mentions.Add(new Mention { Pos = t[a].Start, Entity = nid, Paragraph = p.Index, Subject = IsSubjectPosition(p, b + 2, e) });
                        i = e + 1;
                        continue;
                    }
                }

                // Trailing particles are not part of a name.
                while (b > a && !t[b].Cap)
                {
                    b--;
                }

                i = b + 1;
                if (AmpersandNameEnd(t, b) is var ampEnd && ampEnd > b && !IsGivenName(Word(t[a])))
                {
                    // s23-orgs: "Coastal Power & Light" is one body, not "Coastal Power" and a person "Light".
                    _orgMentions.Add((t[a].Start, p.Index, a, ampEnd));
                    i = ampEnd + 1;
                    continue;
                }

                var info = ParseName(t, a, b);
                // "the Guild of Ferry Pilots", "the College of Midwifery Practice": the words after "<Body> of" are
                // the rest of the body's name, not a person.
                var whichBody = info is not null && info.Person
                    && ((b > a && b + 2 < t.Length && IsPunct(t[b + 1], ',') && Is(t[b + 2], "which"))
                        || (a >= 2 && (Is(t[a - 1], "of") || Is(t[a - 1], "for")) && t[a - 2].Kind == TokKind.Word && t[a - 2].Cap && Lexicon.IsOrgNoun(Word(t[a - 2]))
                            && (b > a || OneWordAfterBodyOf(t, a))
                            && !(info.NameStart > a && OfficeHeadBefore(t, a, out _) >= 0)) // s23-titles: not "Minister of State at the Department of Health Ingrid Kerr"
                        || BranchTailEnd(t, b) > b); // s22b-orgs: "Autoworkers Local 1147", "Fraternal Order of Police Lodge 142"
                if (whichBody)
                {
                    // "Redrock Copper, which holds the permit, said it would appeal": a person takes "who".
                    _whichBodies.Add(_text[t[a].Start..t[b].End]);
                }

                // "Paul Rennick … Rennick Haulage": a person's surname named earlier, then a word that is no given name,
                // is a family firm, not a second person.
                if (!whichBody && info is { Person: true, Honorific: false } && b > a && t[b].Possessive && b + 1 < t.Length
                    && t[b + 1].Kind == TokKind.Word && t[b + 1].Cap && ((_text[t[b].End - 1] is '\'' or '\u2019' && _text[t[b].End - 2] == 's') || IrregularPluralBodyPossessive(t, b)))
                {
                    // "the Lindqvist Farmers' Union", "Harbour Workers' Association": a plural possessive inside a
                    // body's name, not a person.
                    whichBody = true;
                    _whichBodies.Add(_text[t[a].Start..t[b].End]);
                }

                if (info is { Person: true } && IsNicknameSlot(t, a))
                {
                    // "Regulars call its owner Bobby T.", "known as Big Ed": another name for someone already named,
                    // not a new person (session 10); a later "Bobby T says" is that person (session 11).
                    (_nicknames ??= new(StringComparer.Ordinal))[_text[t[a].Start..t[b].End].TrimEnd('.')] = (t[a].Start, p.Index);
                    continue;
                }

                if (!whichBody && info is { Person: true } && ((t[b].Possessive && b + 1 < t.Length && t[b + 1].Kind == TokKind.Word && t[b + 1].Cap
                    && Lexicon.IsInstitutionWord(Word(t[b + 1]))) || (b > a && !t[b].Possessive && Lexicon.IsPlaceEndWord(Word(t[b])) && !PersonNamedLikeStreet(t, a, b, info))
                    || StreetOpensRun(t, a, b) || DatelineTown(t, a, b)))
                {
                    // "St. Columba's Hospital", "the Lamplight Diner on Canal Street": a named institution or street,
                    // not a person (session 10).
                    whichBody = true;
                }

                if (!whichBody && info is { Person: true, Honorific: false } && b == a + 1 && info.Parts.Count == 2 && info.NameStart == a && !t[b].Surname
                    && !IsGivenName(info.Parts[0]) && !IsGivenName(info.Parts[1]) && !IsNameSuffix(info.Parts[1])
                    && _reg.IsKnownLastName(info.Parts[0]) && !_reg.IsKnownLastName(info.Parts[1]))
                {
                    whichBody = true;
                    _whichBodies.Add(_text[t[a].Start..t[b].End]);
                }

                if (!whichBody && info is { Person: true } && b > a && ((CompanyAppositionAfter(t, b) && !IsGivenName(Word(t[a]))) || ShortFormOfBodyNamed(t, a, b)))
                {
                    whichBody = true; // session 12: "Castellan Bakers, the family-owned maker of …," / "Cardinal Ridge" after "Cardinal Ridge Distribution"
                    _whichBodies.Add(_text[t[a].Start..t[b].End]);
                }

                // "Thorne Timber has agreed to sell its sawmill", "Halvard County Elections reminded voters on its
                // website": a subject whose own clause says "its" is a body (a person takes "his" or "her").
                if (!whichBody && info is { Person: true, Honorific: false } && b > a && !HasTitleBefore(t, a) && ItsFollows(t, b))
                {
                    whichBody = true;
                    _whichBodies.Add(_text[t[a].Start..t[b].End]);
                }

                // "The Herald leads on …": one outlet word after "the" is a newspaper, not a person; so is one unknown
                // word after a sentence-opening "The" ("The Beacon leads on …").
                whichBody = whichBody || (info is not null && (Is(t[a], "the") || (a >= 1 && Is(t[a - 1], "the")))
                    && Lexicon.IsOutletWord(StripPossessive(Word(t[b])).Split('-')[^1]))
                    || (info is not null && a == b && IsTheOneWordBodySubject(t, a, anyVerb: true));
                if (info is null || !info.Person || whichBody)
                {
                    if (info is not null && (b > a || whichBody || t[a].AllCaps || Lexicon.SingleWordBodies.Contains(Word(t[a]))
                        || (a >= 2 && t[a - 1].Kind == TokKind.Word && !t[a - 1].Cap && Word(t[a - 1]) is "of" or "for" && t[a - 2].Cap)))
                    {
                        // A body named here may speak later as "the company" or "the ministry".
                        _orgMentions.Add((t[a].Start, p.Index, a, b));
                    }

                    continue;
                }

                AddRoleWordsBefore(t, a, info);
                AddPortfolioTitleBefore(t, info); // session 20: "Commissioner for Digital Affairs Anneli Virtanen"
                AddAppositionRoles(p, a, b, info);
                LearnBecameRole(t, a, b, info); // session 12
                var subject = IsSubjectPosition(p, a, b);
                var pos = t[info.NameStart].Start;
                if (info.Parts.Count >= 2)
                {
                    var id = _reg.GetOrAddFull(info, pos);
                    LearnParty(t, b, info, _reg[id]);
                    _reg.Mentions.Add(new Mention { Pos = pos, Entity = id, Paragraph = p.Index, Subject = subject });
                    if (GaveNameAsRole(t, a) is { } asRole)
                    {
                        // "asked the farmer, who gave his name as Gerrit Van Zandt": "the farmer" is him (session 11).
                        _reg.AddRole(_reg[id], asRole);
                    }
                }
                else
                {
                    // "Gareth and Ruth Harlan": the first name shares the surname that follows.
                    if (b + 2 < t.Length && Is(t[b + 1], "and") && t[b + 2].Cap && IsNameToken(t, b + 2))
                    {
                        var e2 = b + 2;
                        while (e2 + 1 < t.Length && !t[e2].Possessive && IsNameToken(t, e2 + 1))
                        {
                            e2++;
                        }

                        var other = ParseName(t, b + 2, e2);
                        if (other is not null && other.Person && other.Parts.Count == 2 && !info.Honorific)
                        {
                            var joined = new NameInfo { Person = true, NameStart = info.NameStart };
                            joined.Parts.Add(info.Parts[0]);
                            joined.Parts.Add(other.Parts[^1]);
                            var jid = _reg.GetOrAddFull(joined, pos);
                            _reg.Mentions.Add(new Mention { Pos = pos, Entity = jid, Paragraph = p.Index, Subject = subject });
                            continue;
                        }
                    }

                    pending.Add(new PendingName(info, pos, p.Index, subject, a));
                }
            }
        }

        for (var pi = 0; pi < pending.Count; pi++)
        {
            var (info, pos, para, subject, _) = pending[pi];
            var id = _reg.ResolveShort(info.Parts[0], info.Gender, pos);
            if (id < 0)
            {
                // "Mr. Okafor" earlier: a bare "Okafor" later is the same man.
                id = _reg.FindSingle(info.Parts[0], info.Gender);
            }

            if (id < 0 && info.Honorific)
            {
                id = _reg.AddSingle(info, pos);
            }

            if (id < 0)
            {
                continue;
            }

            _resolvedAt[pos] = id;
            ApplyBecameRole(pos, id); // session 12
            _reg.Mentions.Add(new Mention { Pos = pos, Entity = id, Paragraph = para, Subject = subject });
        }

        // Unnamed people ("a woman stopped me", "one man"), so that "she said" after them is not pinned on a name.
        foreach (var p in _paras)
        {
            if (p.Boilerplate)
            {
                continue;
            }

            var t = p.Tokens;
            for (var i = 0; i + 1 < t.Length; i++)
            {
                if (t[i].Kind != TokKind.Word || !(Is(t[i], "a") || Is(t[i], "an") || Is(t[i], "one") || Is(t[i], "another") || FirstPersonKin(t, i)))
                {
                    continue;
                }

                var k = i + 1;
                while (k < t.Length && k <= i + 3 && t[k].Kind == TokKind.Word && !t[k].Cap && !AnonLookup.Contains(Span(t[k])) && !t[k].Cue)
                {
                    k++;
                }

                if ((k >= t.Length || t[k].Kind != TokKind.Word || t[k].Cap || !AnonLookup.Contains(Span(t[k]))) && (k = AgeNounEnd(t, i)) < 0)
                {
                    continue;
                }

                if (i >= 2 && IsPunct(t[i - 1], ',') && ((t[i - 2].Kind == TokKind.Word && t[i - 2].Cap) || IsPunct(t[i - 2], ')')))
                {
                    // "Hélène Corvisart, a member of the opposition": an apposition describes the person just named.
                    continue;
                }

                if (ContinuesNameApposition(t, i) || AnonNounModifiesNext(t, k))
                {
                    continue; // session 12: "R-Tenn., a former nurse", "a Labour MP and a former doctor", "a local radio station"
                }

                var noun = Word(t[k]);
                var g = Lexicon.FemaleRoles.Contains(noun) ? Gender.Female : Lexicon.MaleRoles.Contains(noun) ? Gender.Male : Gender.Unknown;
                var prev = i > 0 ? t[i - 1] : default;
                var subject = i == 0 || t[i - 1].Sentence != t[i].Sentence
                    || (prev.Kind == TokKind.Word && Word(prev) is "and" or "but" or "when" or "after" or "as" or "was" or "is");
                var id = _reg.AddAnonymous(g, t[i].Start);
                _reg.Mentions.Add(new Mention { Pos = t[i].Start, Entity = id, Paragraph = p.Index, Subject = subject });
            }
        }

        AddNamesGivenOnly(); // session 22 (s22b-nowant)
        _reg.Mentions.Sort((x, y) => x.Pos.CompareTo(y.Pos));
        InferGenders();
    }

    /// <summary>
    /// "a 15-year-old who was fined", "a 15-year-old, he said": an age used as the noun after "a" at <paramref name="i"/>
    /// (not "a 15-year-old boy"): the index of the age word, else -1 (session 11).
    /// </summary>
    private int AgeNounEnd(Token[] t, int i)
    {
        var k = i + 1;
        if (k >= t.Length || t[k].Kind != TokKind.Word || t[k].Cap || !_text.AsSpan(t[k].Start, t[k].End - t[k].Start).EndsWith("-year-old", StringComparison.Ordinal))
        {
            return -1;
        }

        var n = k + 1;
        return n >= t.Length || t[n].Kind != TokKind.Word || Word(t[n]) is "who" or "was" or "is" or "had" or "has" or "from" or "in" or "at" or "with" or "and"
            ? k
            : -1;
    }

    private static readonly HashSet<string> AnonNouns = new(StringComparer.OrdinalIgnoreCase)
    {
        "man", "woman", "person", "boy", "girl", "voter", "resident", "farmer", "shopkeeper", "driver", "nurse", "retiree",
        "pensioner", "survivor", "passenger", "teenager", "student", "worker", "protester", "mother", "father", "widow",
        "veteran", "soldier", "official", "lawmaker", "senator", "diplomat", "witness", "neighbor", "neighbour", "customer",
        "supporter", "critic", "spokesperson", "spokesman", "spokeswoman", "aide", "source", "officer", "doctor",
        "tenant", "parent", "mom", "dad", "commuter", "shopper", "teacher", "employee", "member", "rider", "owner",
        "bystander", "onlooker", "heckler", "attendee", "delegate", "activist", "demonstrator", "caller", "patient",
        "relative", "constituent", "villager", "homeowner", "fan", "spectator", "local", "volunteer", "miner", "fisherman",
        "fisherwoman", "grandmother", "grandfather", "wife", "husband", "daughter", "son", "youth", "reader", "viewer",
        // session 12
        "firefighter", "rescuer", "paramedic", "cleaner", "mourner", "listener", "cyclist", "motorist", "pedestrian",
        "vendor", "clerk", "cashier", "janitor", "waiter", "waitress", "bartender", "marcher", "churchgoer", "parishioner",
    };

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> AnonLookup = AnonNouns.GetAlternateLookup<ReadOnlySpan<char>>();

    // Pronouns after a person who is the subject vote for that person's gender.
    private void InferGenders()
    {
        var mentions = _reg.Mentions;
        var mi = 0;
        var lastSubject = -1;
        var lastAny = -1;
        var lastPara = -1;
        foreach (var p in _paras)
        {
            if (p.Boilerplate)
            {
                continue;
            }

            for (var k = 0; k < p.Tokens.Length; k++)
            {
                var tok = p.Tokens[k];
                while (mi < mentions.Count && mentions[mi].Pos <= tok.Start)
                {
                    if (mentions[mi].Subject)
                    {
                        lastSubject = mentions[mi].Entity;
                        lastPara = mentions[mi].Paragraph;
                    }

                    lastAny = mentions[mi].Entity;
                    mi++;
                }

                if (lastSubject >= 0 && RoleSubjectOpensAt(p, k, lastSubject))
                {
                    lastSubject = -1; // session 22: "The harbour master acknowledged …" — a later "he" is no vote
                }

                // "Lowell criticized King's plan, and when asked, he …": another person named after the subject makes
                // the pronoun ambiguous, so it casts no vote.
                if (tok.Kind != TokKind.Word || lastSubject < 0 || p.Index - lastPara > 1 || lastAny != lastSubject)
                {
                    continue;
                }

                var sp = Span(tok);
                if (sp.Length > 7 || (sp[0] | 0x20) is not ('h' or 's'))
                {
                    continue;
                }

                var w = _words.Lower(Word(tok));
                var e = _reg[lastSubject];
                // Only subject pronouns: "her deputy" after a woman's name is about someone else.
                if (w is "he" or "himself")
                {
                    e.MaleVotes++;
                    e.NearVoteBalance += p.Index == lastPara ? 1 : 0;
                }
                else if (w is "she" or "herself")
                {
                    e.FemaleVotes++;
                    e.NearVoteBalance -= p.Index == lastPara ? 1 : 0;
                }
            }
        }

        for (var i = 0; i < _reg.Count; i++)
        {
            var e = _reg[i];
            if (e.Gender == Gender.Unknown && e.MaleVotes != e.FemaleVotes)
            {
                e.Gender = e.MaleVotes > e.FemaleVotes ? Gender.Male : Gender.Female;
            }

            OverruleSpellingGender(e); // session 19
        }
    }

    // "Ana Orsini, the provincial governor," / "The provincial governor, Ana Orsini,": the role belongs to the name.
    private void AddAppositionRoles(Para p, int a, int b, NameInfo info)
    {
        var t = p.Tokens;
        if (b + 2 < t.Length && IsPunct(t[b + 1], ','))
        {
            var k = b + 2;
            var owned = t[k].Kind == TokKind.Word && t[k].Cap && t[k].Possessive;
            if (t[k].Kind == TokKind.Word && (owned || Lexicon.Determiners.Contains(Word(t[k])) || (!t[k].Cap && Lexicon.RoleNouns.Contains(Word(t[k])))))
            {
                var plain = true;
                for (; k < t.Length && k <= b + 10 && t[k].Kind == TokKind.Word && !t[k].Cue; k++)
                {
                    var w = Word(t[k]);
                    if (w is "of" or "for" or "at" or "in" or "with" or "who" or "to") // session 19: "an adviser to the president"
                    {
                        plain = false;
                        break;
                    }

                    // "X, the Prime Minister, …": a capitalized role word after the apposition's determiner counts too
                    // (session 11).
                    if ((!t[k].Cap || (k > b + 2 && Is(t[b + 2], "the"))) && Lexicon.RoleNouns.Contains(w))
                    {
                        info.TitleWords.Add(_words.Lower(w));
                        ApplyGenderWord(info, w);
                    }
                }

                // "Sean Brennan, Carrigmore's 31-year-old full-back, has played": a short apposition's last noun is a
                // description a later "the veteran full-back" can use, even when it is no listed role (session 10).
                if (plain && k < t.Length && k - (b + 2) <= 5 && IsPunct(t[k], ',') && t[k - 1] is { Kind: TokKind.Word, Cap: false } last
                    && !last.Cue && Word(last) is var lw && lw.Length >= 4 && !Lexicon.RoleNouns.Contains(lw) && !Lexicon.GroupNouns.Contains(lw)
                    && !Lexicon.Determiners.Contains(lw) && !char.IsDigit(lw[0]))
                {
                    info.TitleWords.Add(_words.Lower(lw));
                }
            }
        }

        if (a >= 2 && IsPunct(t[a - 1], ','))
        {
            var s = a - 2;
            while (s - 1 >= 0 && t[s - 1].Kind == TokKind.Word && t[s - 1].Sentence == t[a].Sentence && a - s < 10)
            {
                s--;
            }

            if (t[s].Kind == TokKind.Word && (Is(t[s], "the") || Is(t[s], "a") || Is(t[s], "an") || Is(t[s], "its") || t[s].Possessive))
            {
                for (var k = a - 2; k >= s; k--)
                {
                    var w = Word(t[k]);
                    // "the shadow chancellor, Tom Rice," and "the Chancellor, Harriet Church,".
                    if ((!t[k].Cap || k > s) && Lexicon.RoleNouns.Contains(w))
                    {
                        info.TitleWords.Add(_words.Lower(w));
                        ApplyGenderWord(info, w);
                        break;
                    }
                }
            }
        }
    }

    /// <summary>"Rep. Jim Hardesty, R-Ky.," / "Sen. Ruben Calloway (D-Calif.)" / "Democrat Julia Hartman": party and state.</summary>
    private void LearnParty(Token[] t, int b, NameInfo info, Entity e)
    {
        if (b + 2 < t.Length && t[b + 1].Kind == TokKind.Punct && t[b + 1].P is ',' or '(' && t[b + 2].Kind == TokKind.Word)
        {
            var w = Span(t[b + 2]);
            if (w.Length >= 3 && w[0] is 'D' or 'R' or 'I' && w[1] == '-' && char.IsUpper(w[2]))
            {
                e.Party = w[0];
                e.State = w[2..].TrimEnd('.').ToString();
                return;
            }
        }

        if (e.Party == 0 && AppositionParty(t, b) is var ap && ap != '\0')
        {
            e.Party = ap; // session 17: "Mara Velde, a Republican, …"
        }

        if (e.Party == 0)
        {
            foreach (var tw in info.TitleWords)
            {
                if (tw is "democrat" or "democratic")
                {
                    e.Party = 'D';
                }
                else if (tw is "republican" or "gop")
                {
                    e.Party = 'R';
                }
            }
        }
    }

    /// <summary>Whether a tag's state ("Calif", "N.Y", "Ky", "Ohio") can be the state named in full ("California").</summary>
    internal static bool StateMatches(string tag, string name)
    {
        var a = tag.Replace(".", string.Empty, StringComparison.Ordinal).Replace(" ", string.Empty, StringComparison.Ordinal).ToLowerInvariant();
        var n = name.Replace(" ", string.Empty, StringComparison.Ordinal).ToLowerInvariant();
        if (a.Length == 0 || n.Length == 0 || a[0] != n[0])
        {
            return false;
        }

        var k = 0;
        foreach (var c in n)
        {
            if (k < a.Length && c == a[k])
            {
                k++;
            }
        }

        return k == a.Length;
    }

    private bool IsSubjectPosition(Para p, int a, int b)
    {
        var t = p.Tokens;
        if (t[b].Possessive)
        {
            // "Kell's memoir, published in 2004, ..." makes Kell the topic of the sentence.
            return a == 0 || t[a - 1].Sentence != t[a].Sentence;
        }

        var atStart = a == 0 || t[a - 1].Sentence != t[a].Sentence
            || (t[a - 1].Kind == TokKind.Punct && t[a - 1].P == ',')
            || t[a - 1].Kind == TokKind.Quote
            || AfterAccordingTo(t, a) // session 12
            || AfterBodyRoleAtSentenceStart(t, a) // session 12
            || AfterAmongWas(t, a) // session 22: "Among the survivors at the school was Marta Hovanec, 58, who said …"
            || (IsDash(t[a - 1]) && (a == 1 || char.IsDigit(_text[t[0].Start]) || DatelineDash(t, a - 1))); // "12:10 a.m. — Hartman takes the stage."; s23-roles: "ORANGE CITY, Iowa — Rice climbed"
        if (!atStart)
        {
            return false;
        }

        if (b + 1 >= t.Length)
        {
            return false;
        }

        var n = t[b + 1];
        if (n.Kind == TokKind.Word)
        {
            var w = Word(n);
            return !n.Cap && w is not ("and" or "or" or "of" or "in" or "on" or "at" or "for" or "to" or "with" or "from" or "by");
        }

        return n.Kind == TokKind.Punct && n.P is ',' or '(';
    }

    // A quote token whose text is one capitalized word ("Bobby"): a nickname inside a name.
    private bool IsQuotedNickname(Token[] t, int k)
    {
        if (t[k].Kind != TokKind.Quote)
        {
            return false;
        }

        var q = _quotes[t[k].QuoteIndex];
        var text = _text.AsSpan(q.TextStart, q.TextEnd - q.TextStart);
        return text.Length is >= 2 and <= 15 && char.IsUpper(text[0]) && !text.ContainsAny(' ', ',', '.');
    }

    /// <summary>
    /// "the farmer, who gave his name as X", "a woman who identified herself as X": the noun before "who" when the name
    /// at <paramref name="a"/> follows "name as" / "identified himself/herself as", else null (session 11).
    /// </summary>
    private string? GaveNameAsRole(Token[] t, int a)
    {
        if (a < 4 || !Is(t[a - 1], "as") || !(Is(t[a - 2], "name") || Is(t[a - 2], "himself") || Is(t[a - 2], "herself")))
        {
            return null;
        }

        for (var k = a - 3; k >= 1 && k >= a - 8; k--)
        {
            if (Is(t[k], "who"))
            {
                var n = IsPunct(t[k - 1], ',') ? k - 2 : k - 1;
                return n >= 0 && t[n].Kind == TokKind.Word && !t[n].Cap && AnonLookup.Contains(Span(t[n])) || n >= 0 && Lexicon.RoleNouns.Contains(Word(t[n]))
                    ? _words.Lower(Word(t[n]))
                    : null;
            }
        }

        return null;
    }

    /// <summary>
    /// True when the name at <paramref name="a"/> follows "nicknamed", "dubbed", "known as", or a form of "call" with an
    /// object between ("call its owner Bobby T.", "calls her Connie").
    /// </summary>
    private bool IsNicknameSlot(Token[] t, int a)
    {
        if (a >= 1 && t[a - 1].Kind == TokKind.Word && Word(t[a - 1]) is "nicknamed" or "dubbed")
        {
            return true;
        }

        if (a >= 2 && Is(t[a - 1], "as") && Is(t[a - 2], "known"))
        {
            return true;
        }

        for (var k = a - 2; k >= 0 && k >= a - 4; k--)
        {
            if (t[k].Kind != TokKind.Word || t[k].Cap)
            {
                return false;
            }

            if (Word(t[k]) is "call" or "calls" or "called" or "calling")
            {
                return Word(t[k + 1]) is "him" or "her" or "its" or "their" or "the" or "his";
            }
        }

        return false;
    }

    private void AddRoleWordsBefore(Token[] t, int a, NameInfo info)
    {
        var k = a - 1;
        var n = 0;
        while (k >= 0 && n < 3 && t[k].Kind == TokKind.Word && !t[k].Cap)
        {
            var w = Word(t[k]);
            if (!Lexicon.RoleNouns.Contains(w) && !Lexicon.Titles.Contains(w))
            {
                break;
            }

            info.TitleWords.Add(_words.Lower(w));
            ApplyGenderWord(info, w);
            if (w.Equals("lady", StringComparison.OrdinalIgnoreCase))
            {
                info.Gender = Gender.Female;
            }

            k--;
            n++;
        }
    }

    private static void ApplyGenderWord(NameInfo info, string w)
    {
        if (info.Gender != Gender.Unknown)
        {
            return;
        }

        if (Lexicon.FemaleRoles.Contains(w))
        {
            info.Gender = Gender.Female;
        }
        else if (Lexicon.MaleRoles.Contains(w))
        {
            info.Gender = Gender.Male;
        }
    }

    private static readonly WordSet NameParticles = new(WorldLexicon.NameParticles, StringComparer.OrdinalIgnoreCase)
    {
        "de", "van", "von", "der", "den", "al", "bin", "la", "le", "da", "di", "du", "del", "dos", "ibn", "ben", "bint", "el", "st.", "ter", "zu",
    };

    private bool IsNameToken(Token[] t, int i)
    {
        if (i >= t.Length || t[i].Kind != TokKind.Word)
        {
            return false;
        }

        var tok = t[i];
        if (!tok.Cap)
        {
            // Particles only between capitalized words: "Charles de Gaulle", "Ana de la Cruz" (session 11: a chain).
            return IsParticleInName(t, i);
        }

        return tok.NameOk;
    }

    /// <summary>
    /// A word that is also a common word ("May", "Park", "Hall") is a name when it stands in name position: after a
    /// given name or a title (<c>Theresa May</c>, <c>Mrs. May</c>), or right next to a reporting verb
    /// (<c>May said</c>, <c>said May.</c>, <c>Said May:</c>).
    /// </summary>
    private void PromoteSurnamesInNamePosition(Token[] t)
    {
        PromoteHyphenParticleSurnames(t);
        PromoteAcronymSpeakers(t);
        for (var k = 0; k < t.Length; k++)
        {
            if (t[k].Kind != TokKind.Word || !t[k].Cap || t[k].AllCaps)
            {
                continue;
            }

            if ((_words.Facts(t[k].WordId) & WordFacts.CommonWordSurname) == 0)
            {
                if (t[k].End - t[k].Start == 5 && WatchEndsName(t, k))
                {
                    t[k].NameOk = true; // session 18: "Human Rights Watch"
                }

                continue;
            }

            if (InNamePosition(t, k) || SurnameOpensSentenceBeforeVerb(t, k))
            {
                t[k].NameOk = true;
                t[k].Surname = true;
                _namedSurnames.Add(t[k].WordId);
            }
        }
    }

    // Common-word surnames already seen in name position in this article (by word id).
    private readonly HashSet<int> _namedSurnames = [];

    /// <summary>
    /// "Church set a hearing for February 20.", "Asked whether …, May was blunt.": a common-word surname already used as
    /// a name earlier in the article, opening its sentence or clause right before a verb (a past tense or an auxiliary).
    /// </summary>
    private bool SurnameOpensSentenceBeforeVerb(Token[] t, int k)
    {
        if (_namedSurnames.Count == 0 || k + 1 >= t.Length || t[k].Possessive || t[k + 1].Kind != TokKind.Word || t[k + 1].Cap
            || !_namedSurnames.Contains(t[k].WordId) || !(OpensSentence(t, k) || IsPunct(t[k - 1], ',')))
        {
            return false;
        }

        var w = Span(t[k + 1]);
        return (w.Length > 3 && w.EndsWith("ed", StringComparison.Ordinal)) || VerbAfterSurnameLookup.Contains(w);
    }

    private static readonly HashSet<string> VerbAfterSurname = new(StringComparer.Ordinal)
    {
        "was", "is", "has", "had", "set", "took", "made", "gave", "sat", "stood", "kept", "left", "put", "did", "will",
        "would", "could", "can", "shook", "won", "lost", "ran", "spent", "came", "went", "got", "knew", "felt", "met",
    };

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> VerbAfterSurnameLookup = VerbAfterSurname.GetAlternateLookup<ReadOnlySpan<char>>();

    private bool InNamePosition(Token[] t, int k)
    {
        if (k > 0 && t[k - 1].Kind == TokKind.Word && t[k - 1].Cap && !t[k - 1].Possessive && !(t[k - 1].Cue && OpensSentence(t, k - 1)))
        {
            // (A capitalized reporting verb opening the sentence, "Said May:", is handled below like "said May.")
            var prev = Span(t[k - 1]);
            var bare = prev.TrimEnd('.');
            if (Lexicon.TitleLookup.Contains(prev) || Lexicon.TitleLookup.Contains(bare))
            {
                // "Mrs. May", "Governor May", but not "the House" or "Supreme Court".
                return !Lexicon.NonPersonLookup.Contains(bare) && !Lexicon.StopLookup.Contains(bare);
            }

            if (Lexicon.MaleNameLookup.Contains(prev) || Lexicon.FemaleNameLookup.Contains(prev)
                || (t[k - 1].NameOk && !Lexicon.NonPersonLookup.Contains(prev) && !Lexicon.CommonWordSurnameLookup.Contains(prev)))
            {
                // "Theresa May", "Helen May": a given name (or an unknown capitalized word that is not a place).
                return k < 2 || !(t[k - 2].Kind == TokKind.Word && (Is(t[k - 2], "the") || t[k - 2].Possessive));
            }

            return false;
        }

        var prevIsArticle = k > 0 && t[k - 1].Kind == TokKind.Word && (Is(t[k - 1], "the") || Is(t[k - 1], "a") || Is(t[k - 1], "in") || Is(t[k - 1], "of") || Is(t[k - 1], "since") || Is(t[k - 1], "last") || Is(t[k - 1], "next") || Is(t[k - 1], "until") || Is(t[k - 1], "by") || Is(t[k - 1], "on") || Is(t[k - 1], "at"));
        if (prevIsArticle)
        {
            return false;
        }

        // "May said", "Park told reporters", "May, speaking at a news conference, said".
        if (k + 1 < t.Length && t[k + 1].Kind == TokKind.Word && t[k + 1].Cue && !t[k].Possessive)
        {
            return true;
        }

        if (AdverbThenCue(t, k))
        {
            return true;
        }

        // "Park, who chairs the committee, said" / "King, speaking at a rally, said" / "Hall (R-Ky.) said": a surname
        // opening its sentence, set off by a comma or a tag that closes right before the sentence's reporting verb.
        if (k + 1 < t.Length && t[k + 1].Kind == TokKind.Punct && t[k + 1].P is ',' or '(' && !t[k].Possessive && OpensSentence(t, k))
        {
            for (var j = k + 2; j < t.Length && j <= k + 40; j++)
            {
                if (t[j].Kind == TokKind.Quote || (t[j].Kind == TokKind.Punct && t[j].P is ';' or ':' or '!' or '?')
                    || (IsPunct(t[j], '.') && !(j + 1 < t.Length && t[j + 1].Kind == TokKind.Punct && t[j + 1].P is ',' or ')')))
                {
                    // A sentence end; the period of a state tag ("D-Ore.,") is not one.
                    break;
                }

                var c0 = j - 1;
                while (c0 > k + 1 && t[c0].Kind == TokKind.Word && !t[c0].Cap && Lexicon.FillerLookup.Contains(Span(t[c0])))
                {
                    c0--;
                }

                if (t[j].Kind != TokKind.Word || t[j].Cap || !(t[c0].Kind == TokKind.Punct && t[c0].P is ',' or ')'))
                {
                    continue;
                }

                // The word after the apposition's closing comma is the sentence's verb: a reporting verb ("said"),
                // or another past-tense verb followed later by one ("voted for the bill but warned that …").
                var w = Word(t[j]);
                if (t[j].Cue && !Lexicon.IsParticiple(w))
                {
                    return true;
                }

                if (w.Length > 4 && w.EndsWith("ed", StringComparison.Ordinal) && !Lexicon.FillerLookup.Contains(w))
                {
                    for (var c = j + 1; c < t.Length && c <= j + 16 && t[c].Kind != TokKind.Quote; c++)
                    {
                        if (t[c].Kind == TokKind.Word && t[c].Cue && !Lexicon.IsParticiple(Word(t[c])))
                        {
                            return true;
                        }
                    }
                }
            }
        }

        // "said May." / "Said May:" / "…," said May, "…"
        if (k > 0 && t[k - 1].Kind == TokKind.Word && t[k - 1].Cue && !Lexicon.IsParticiple(Word(t[k - 1])))
        {
            return k + 1 >= t.Length || t[k + 1].Kind != TokKind.Word;
        }

        return false;
    }

    private static bool IsNameSuffix(string w) => NameInfo.IsSuffix(w.TrimEnd('.', ',').ToLowerInvariant());

    /// <summary>
    /// A title-case line without sentence punctuation (a headline or subhead inside the body): four to fourteen words,
    /// every word of four or more letters capitalized, no quote, no comma, not ending in <c>.</c>, <c>!</c> or <c>?</c>.
    /// </summary>
    private bool LooksLikeHeadline(Para p)
    {
        var t = p.Tokens;
        if (t.Length < 4 || t.Length > 16 || t[^1].Kind == TokKind.Punct && t[^1].P is '.' or '!' or '?' or ':' or '\u2026')
        {
            return false;
        }

        var words = 0;
        foreach (var tok in t)
        {
            if (tok.Kind == TokKind.Quote || (tok.Kind == TokKind.Punct && tok.P is ',' or '.' or ';'))
            {
                return false;
            }

            if (tok.Kind != TokKind.Word)
            {
                continue;
            }

            words++;
            if (!tok.Cap && tok.End - tok.Start >= 4)
            {
                return false;
            }
        }

        return words >= 4;
    }

    // The first word of a sentence: at the paragraph start, after a sentence end, or after a quote and its comma.
    private static bool OpensSentence(Token[] t, int k)
    {
        if (k == 0)
        {
            return true;
        }

        var prev = t[k - 1];
        if (prev.Kind == TokKind.Quote || (prev.Kind == TokKind.Punct && prev.P is '.' or '!' or '?'))
        {
            return true;
        }

        return k >= 2 && prev.Kind == TokKind.Punct && prev.P == ',' && t[k - 2].Kind == TokKind.Quote;
    }

    private static readonly WordSet ParticleLookup = NameParticles;

    private ReadOnlySpan<char> Span(Token t) => _text.AsSpan(t.Start, t.End - t.Start);

    /// <summary>Whether a capitalized word can be part of a name (per word, with its all-caps reading).</summary>
    internal static bool NameOkFor(ReadOnlySpan<char> w, bool allCaps)
    {
        if (allCaps && w.Length > 2 && !w.Contains('.') && !IsRomanSuffix(w) && !(w.Length <= 4 && Lexicon.TitleLookup.Contains(w)))
        {
            // Session 18: a seat or rank in capitals ("MSP", "MLA", "DCI") stays a title word that opens a name run.
            return false;
        }

        if (char.IsDigit(w[0]))
        {
            return false;
        }

        // Party labels: "R-S.C.", "D-N.Y.", "R-Ohio".
        if (w.Length >= 3 && w[0] is 'R' or 'D' or 'I' && w[1] == '-' && char.IsUpper(w[2]))
        {
            return false;
        }

        var bare = w.TrimEnd('.');
        if (Lexicon.TitleLookup.Contains(bare) || Lexicon.TitleLookup.Contains(w))
        {
            return !Lexicon.StopLookup.Contains(bare) || bare.Equals("first", StringComparison.OrdinalIgnoreCase);
        }

        if (bare.EndsWith("'s", StringComparison.OrdinalIgnoreCase) || bare.EndsWith("\u2019s", StringComparison.OrdinalIgnoreCase))
        {
            bare = bare[..^2];
        }

        return !Lexicon.StopLookup.Contains(bare);
    }

    // Parsed runs by their text span (start in the high half of a long, end in the low half), for the whole article.
    private readonly NameRunCache _nameCache;

    // The rules parse the same run several times in a row (is it a name run, whose name, resolve it): a small
    // direct-mapped memo in front of the article-wide cache answers those without a dictionary look-up.
    private readonly (long Key, NameInfo? Info)[] _recentNames;

    private NameInfo? ParseName(Token[] t, int a, int b)
    {
        var key = ((long)t[a].Start << 32) | (uint)t[b].End;
        ref var slot = ref _recentNames[(int)((uint)(t[a].Start * 31 + t[b].End) & 63)];
        if (slot.Key == key && key != 0)
        {
            return slot.Info;
        }

        if (!_nameCache.TryGetValue(key, out var info))
        {
            info = ParseNameUncached(t, a, b);
            _nameCache[key] = info;
        }

        slot = (key, info);
        return info;
    }

    /// <summary>Splits a run of capitalized tokens into titles and name, and judges whether it names a person.</summary>
    private NameInfo? ParseNameUncached(Token[] t, int a, int b)
    {
        var info = new NameInfo { Possessive = t[b].Possessive };
        var r = -1;
        for (var k = b - 1; k >= a; k--)
        {
            var w = Word(t[k]);
            if (t[k].Surname || (k == b - 1 && IsNameSuffix(Word(t[b]))))
            {
                // "Anthony King Jr.": a surname in name position (or before a suffix) is not the title "King".
                continue;
            }

            if (Lexicon.Titles.Contains(w) || Lexicon.Titles.Contains(w.TrimEnd('.'))
                || (Lexicon.RoleLikeNouns.Contains(w) && !Lexicon.MaleNames.Contains(w) && !Lexicon.FemaleNames.Contains(w))
                || Lexicon.ExtraTitles.Contains(w))
            {
                r = k;
                break;
            }
        }

        var start = SkipHonorificPair(t, a, r + 1 > a ? r + 1 : a, b);
        for (var k = a; k < start; k++)
        {
            var w = Word(t[k]);
            var bare = _words.Lower(w.TrimEnd('.'));
            info.TitleWords.Add(bare);
            if (Lexicon.IsHonorificFemale(bare))
            {
                info.Gender = Gender.Female;
                info.Honorific = true;
            }
            else if (Lexicon.IsHonorificMale(bare))
            {
                info.Gender = Gender.Male;
                info.Honorific = true;
            }
            else
            {
                ApplyGenderWord(info, bare);
                if (bare is "sen" or "rep" or "gov" or "dr" or "president" or "senator" or "governor" or "mayor" or "minister" or "secretary" or "judge" or "justice" or "gen" or "general" or "chancellor" or "premier" or "ambassador" or "speaker" or "prof" or "professor" or "rev" or "pope")
                {
                    info.Honorific = true;
                }
            }
        }

        // s23-titles: "Minister for Housing Dana Holt", "Secretary of State for Northern Ireland Ruth Marsh": the run
        // after an office title's complement starts with the complement's words ("European Commission" too, before the
        // nationality rule below takes "European" for an adjective); the title's head is the role.
        // The complement may hold listed title words ("Health", "Trade", "Foreign", "House"): the run's own title rule
        // above then strips only up to them; the name still starts no earlier than the office's holder.
        if (b - a >= 1 && NameAfterOfficeComplement(t, a, b) is var officeName and > 0 && officeName >= start)
        {
            var head = OfficeHeadBefore(t, a, out _);
            var headWord = _words.Lower(Word(t[head]));
            info.TitleWords.Add(headWord);
            ApplyGenderWord(info, headWord);
            info.Honorific = true;
            for (; start < officeName; start++)
            {
                info.TitleWords.Add(_words.Lower(Word(t[start])));
            }
        }

        // Leading nationality adjectives and other non-name capitals: "Russian Vladimir Putin".
        while (b - start >= 2 && Word(t[start]).Length > 4 && IsNationality(Word(t[start])) && !Lexicon.MaleNames.Contains(Word(t[start])) && !Lexicon.FemaleNames.Contains(Word(t[start]))
            && !(t[start + 1].Kind == TokKind.Word && !t[start + 1].Cap && ParticleLookup.Contains(Word(t[start]))))
        {
            start++;
        }

        // "Treasurer Helen Marsh", "Coroner Bridget Hall": an unlisted capitalized word that reads like a job (-er, -or,
        // -ar, -ist, -man …) and is no given name, before a given name and a surname, is a title, not part of the name.
        // Likewise the rest of a role with "of" before the run: "Director of Public Works Ana Bell", "Head of Research
        // Priya Menon" (the words between "of" and the given name belong to the role).
        if (b - start >= 2)
        {
            var g = start;
            while (g < b && !IsGivenName(Word(t[g])))
            {
                g++;
            }

            if (g < b && g > start
                && ((g <= start + 3 && (LooksLikeRoleWord(Word(t[g - 1])) || Lexicon.RoleNouns.Contains(Word(t[g - 1]))))
                    || (start == a && g - start <= 3 && a >= 2 && t[a - 1].Kind == TokKind.Word && Word(t[a - 1]) == "of" && t[a - 2].Kind == TokKind.Word && t[a - 2].Cap)))
            {
                for (; start < g; start++)
                {
                    var bare = _words.Lower(Word(t[start]));
                    info.TitleWords.Add(bare);
                    ApplyGenderWord(info, bare);
                }
            }
            else if (g == b && b - start <= 4 && IsRoleLikeToken(t, b - 2) && !IsRoleLikeToken(t, b - 1) && !IsGivenName(Word(t[start])) && !t[b - 1].Surname)
            {
                // "County Administrator Lewis Ogden", "Fire Marshal Tadeusz Okonjo" (session 9): with no listed given
                // name, a job-like word two before the end still ends the role; the last two words are the name.
                for (; start < b - 1; start++)
                {
                    var bare = _words.Lower(Word(t[start]));
                    info.TitleWords.Add(bare);
                    ApplyGenderWord(info, bare);
                }
            }
        }

        info.NameStart = start;
        info.Parts.EnsureCapacity(Math.Max(b - start + 1, 0)); // one array of the run's length, not 4 then 8
        for (var k = start; k <= b; k++)
        {
            var w = Word(t[k]);
            if (k == b)
            {
                w = StripPossessive(w);
            }

            info.Parts.Add(w);
        }

        DropPostNominal(info);
        if (info.Parts.Count == 0)
        {
            return null;
        }

        var firstIsName = Lexicon.MaleNames.Contains(info.Parts[0]) || Lexicon.FemaleNames.Contains(info.Parts[0]);
        if (info.Parts.Count >= 2 && info.Gender == Gender.Unknown)
        {
            if (Lexicon.FemaleNames.Contains(info.Parts[0]))
            {
                info.Gender = Gender.Female;
            }
            else if (Lexicon.MaleNames.Contains(info.Parts[0]))
            {
                info.Gender = Gender.Male;
            }
            else
            {
                info.Gender = HyphenGivenNameGender(info.Parts[0]);
                if (info.Gender == Gender.Unknown)
                {
                    info.Gender = GivenNameEndingGender(info.Parts[0]); // session 12: "Katarina", "Rukhsana", "Bruno"
                    info.GenderFromSpelling = info.Gender != Gender.Unknown;
                }
            }
        }

        var nonPerson = false;
        var surnameInPosition = false;
        for (var k = 0; k < info.Parts.Count; k++)
        {
            if (t[start + k].Surname)
            {
                surnameInPosition = true;
                continue;
            }

            if ((Lexicon.NonPersonWords.Contains(info.Parts[k]) || (info.Parts.Count == 1 && t[start].AllCaps && IsAcronym(info.Parts[0]))) && !(k == info.Parts.Count - 1 && k > 0 && Lexicon.CommonWordSurnames.Contains(info.Parts[k]) && firstIsName))
            {
                nonPerson = true;
                break;
            }
        }

        nonPerson |= IsDescriptorRun(t, a, b); // session 18: "the Swede", "the Lib Dem"
        if (surnameInPosition && !nonPerson)
        {
            info.Person = info.Parts.Count <= 5;
            MergeSurnameParticles(info);
            return info;
        }

        info.Person = info.Parts.Count <= 5 && (!nonPerson || (firstIsName && info.Parts.Count >= 2) || (info.Honorific && info.Parts.Count >= 1 && !Lexicon.NonPersonWords.Contains(info.Parts[^1])));
        MergeSurnameParticles(info);
        return info;
    }

    // A title or role word inside the run or right before it ("Mayor Ruth Oakes closed its offices" is the mayor).
    private bool HasTitleBefore(Token[] t, int a) =>
        IsTitleOrRole(t, a) || (a > 0 && IsTitleOrRole(t, a - 1));

    private bool IsTitleOrRole(Token[] t, int k) =>
        t[k].Kind == TokKind.Word && (Lexicon.TitleLookup.Contains(Span(t[k]).TrimEnd('.')) || Lexicon.RoleNouns.Contains(Word(t[k])));

    /// <summary>
    /// True when the name run ending at <paramref name="b"/> is followed, in its own clause, by "its" after a verb or a
    /// preposition: "… has agreed to sell its sawmill", "… reminded voters on its website", "… closed its doors"; not
    /// after a reporting verb ("Oakes said its budget …": the reported clause's) and not across a determiner, relative
    /// word or comma, which would start another noun phrase.
    /// </summary>
    private bool ItsFollows(Token[] t, int b)
    {
        for (var k = b + 1; k < t.Length && k <= b + 6; k++)
        {
            if (t[k].Kind != TokKind.Word || t[k].Cap)
            {
                return false;
            }

            var w = Word(t[k]);
            if (w == "its")
            {
                return k > b + 1 && !t[k - 1].Cue && Word(t[k - 1]) is not ("that" or "and");
            }

            if (w is "the" or "a" or "an" or "that" or "which" or "who" or "and" or "but" or "his" or "her" or "their" or "he" or "she" or "they" or "it")
            {
                return false;
            }
        }

        return false;
    }

    private static bool IsGivenName(string w) => Lexicon.MaleNames.Contains(w) || Lexicon.FemaleNames.Contains(w);

    private bool IsRoleLikeToken(Token[] t, int k)
    {
        if (t[k].Kind != TokKind.Word)
        {
            return false;
        }

        var w = Word(t[k]);
        return LooksLikeRoleWord(w) || Lexicon.RoleNouns.Contains(w) || Lexicon.TitleLookup.Contains(w.AsSpan().TrimEnd('.'))
            || w is "Marshal" or "Constable" or "Clerk" or "Warden" or "Steward" or "Coach" or "Captain" or "Principal" or "Dean" or "Provost" or "Chief";
    }

    private static bool LooksLikeRoleWord(string w) =>
        w.Length >= 5 && !w.Contains('.') && (w.EndsWith("er", StringComparison.Ordinal) || w.EndsWith("or", StringComparison.Ordinal)
            || w.EndsWith("ar", StringComparison.Ordinal) || w.EndsWith("ist", StringComparison.Ordinal) || w.EndsWith("man", StringComparison.Ordinal)
            || w.EndsWith("ian", StringComparison.Ordinal) || w.EndsWith("ant", StringComparison.Ordinal) || w.EndsWith("ent", StringComparison.Ordinal)
            || w.EndsWith("eer", StringComparison.Ordinal) || w.EndsWith("ary", StringComparison.Ordinal) || w.EndsWith("iff", StringComparison.Ordinal));

    private static bool IsNationality(string w) =>
        w.EndsWith("an", StringComparison.Ordinal) || w.EndsWith("ese", StringComparison.Ordinal) || w.EndsWith("ish", StringComparison.Ordinal)
        || w.EndsWith("ian", StringComparison.Ordinal) || (w.EndsWith('i') && w.Length > 4) || Lexicon.NonPersonWords.Contains(w) && w.EndsWith("ch", StringComparison.Ordinal);

    private static string StripPossessive(string w)
    {
        if (w.EndsWith("'s", StringComparison.OrdinalIgnoreCase) || w.EndsWith("\u2019s", StringComparison.OrdinalIgnoreCase))
        {
            return w[..^2];
        }

        if (w.EndsWith('\'') || w.EndsWith('\u2019'))
        {
            return w[..^1];
        }

        return w;
    }
}
