namespace QuoteBot.Extraction;

// Session 23 (s23-roles): a described person speaks ("the former Kansas governor told …", "the Minnesota Democrat
// said …"). The description stands for the person the lede is about; these rules let the existing description
// fallbacks (ResolveSubject's role case, PartyRole's partyless subject) find that person:
//
// 1. A dateline opens the lede: "ORANGE CITY, Iowa — Annette Rice climbed …", "Cedar Rapids, Iowa (UBN) -- Sen. Ana
//    Ruiz spent …". The name right after the dateline's dash is the sentence's subject, as it is after "12:10 a.m. —".
// 2. A described holder: "the Albion manager said", "the Labour MP said", "the veteran lawmaker told" — a definite
//    position noun (leader, manager, MP, lawmaker, candidate, …) with a modifier (a capitalized team, party, place or
//    nationality word, a possessive, or former/veteran/outgoing/…) touching the cue, when nobody in the article was
//    given that position: the one named person who is the subject or speaker of this paragraph or the one before. Not
//    when a second named person is a subject there too, nor when the person holds some office already, nor for the
//    unnamed-source nouns (official, spokesman, aide, …: not in the list), nor a possessive ("the leader's office").
//    Someone given the position elsewhere blocks this only when that person fits the capitalized modifiers ("Marlow
//    boss Sean Price" does not fit "the Albion manager"). "The Albion manager …, calling" read as the name "Albion"
//    is the whole description (DescribedRolePhrase), so the team is not given the words; and a description opening
//    the sentence of a participle cue counts as touching it.
// 3. Party descriptions with modifiers: "the state's top Democrat", "the Senate's senior Republican" are party
//    descriptors like "the Democrat" (PartyRole); and when nobody of that party was named before, the one person of
//    that party (and state) named in this paragraph or the next two is who a lede's "the Kansas Republican said" means.
internal sealed partial class ArticleScan
{
    /// <summary>
    /// True when the dash at <paramref name="d"/> closes a dateline opening the paragraph: up to eight tokens before
    /// it, all capitalized words (a town, a state, an agency), commas, dots or parentheses, with a comma or a
    /// parenthesis among them ("TORONTO —" alone: an all-capitals word).
    /// </summary>
    private bool DatelineDash(Token[] t, int d)
    {
        if (d < 1 || d > 9 || !IsDash(t[d]) || t[0].Sentence != t[d].Sentence || t[0].Kind != TokKind.Word || !t[0].Cap)
        {
            return false;
        }

        var k = d - 1;
        while (k > 0 && IsDash(t[k]))
        {
            k--; // "--" is two tokens
        }

        var comma = false;
        for (var i = 0; i <= k; i++)
        {
            if (t[i].Kind == TokKind.Word)
            {
                if (!t[i].Cap || t[i].Cue)
                {
                    return false;
                }
            }
            else if (t[i].Kind == TokKind.Punct && t[i].P is ',' or '(' or ')' or '.')
            {
                comma |= t[i].P is ',' or '(';
            }
            else
            {
                return false;
            }
        }

        return comma || (k == 0 && t[0].AllCaps && t[0].End - t[0].Start >= 3);
    }

    // Positions a described person holds in a story (rule 2). Unnamed-source nouns are deliberately absent, and so are
    // the offices of OfficeNouns ("the former governor"), which OfficeHolderFallback answers with its own guards.
    private static readonly WordSet DescribedPositionNouns = new(StringComparer.OrdinalIgnoreCase)
    {
        "leader", "manager", "coach", "boss", "mp", "mep", "msp", "lawmaker", "legislator", "representative", "whip",
        "candidate", "nominee", "incumbent", "challenger", "frontrunner", "front-runner", "chair", "chairperson",
        "founder", "co-founder", "skipper", "captain", "councillor", "councilor", "councilman", "councilwoman",
        "assemblyman", "assemblywoman",
    };

    // Lower-case words that make a description specific (rule 2 and 3): "the former governor", "the state's top Democrat".
    private static readonly WordSet DescriptionModifiers = new(StringComparer.OrdinalIgnoreCase)
    {
        "former", "outgoing", "incoming", "acting", "interim", "veteran", "longtime", "long-time", "long-serving",
        "longest-serving", "embattled", "newly", "elected", "re-elected", "first-term", "second-term", "two-term",
        "three-term", "four-term", "freshman", "retiring", "top", "senior", "junior", "ranking", "highest-ranking",
        "leading", "lone", "only", "most", "defeated", "victorious", "beleaguered",
    };

    /// <summary>Rule 2 (see the file comment): the holder a described position stands for, or -1.</summary>
    private int DescribedHolder(Para p, Token[] t, SubjectPhrase np, int cue, int pos)
    {
        if (np.Kind == SubjectKind.Name && np.B > np.A && t[np.B].Kind == TokKind.Word && DescribedPositionNouns.Contains(Word(t[np.B])))
        {
            np = np with { Kind = SubjectKind.Role, Word = _words.Lower(Word(t[np.B])) }; // "the Labour MP": capitalized, read as a name
        }

        if (np.Kind != SubjectKind.Role || np.Word is not { } role || cue < 0 || t != p.Tokens || !(DescribedPositionNouns.Contains(role) || OfficeNouns.Contains(role))
            || t[np.B].Possessive || np.B + 1 < t.Length && t[np.B + 1].Kind == TokKind.Word && Is(t[np.B + 1], "of"))
        {
            return -1;
        }

        var a = Is(t[np.A], "the") ? np.A : np.A > 0 && Is(t[np.A - 1], "the") ? np.A - 1 : -1;
        // The description touches the cue ("the Albion manager said", "said the Labour MP"), or opens the sentence whose
        // participle is the cue ("The Albion manager criticised the decision, calling it …").
        // An office (OfficeNouns) is OfficeHolderFallback's when it touches the cue; here only when it opens the sentence
        // whose later verb is the cue ("The former foreign secretary, who …, repeated … and accused his rival of …").
        var opens = a >= 0 && a == p.SentenceStart[t[a].Sentence] && cue > np.B + 1
            && ((Lexicon.IsParticiple(Word(t[cue])) && IsPunct(t[cue - 1], ',')) || (Is(t[cue - 1], "and") && !Lexicon.IsParticiple(Word(t[cue]))));
        var touches = a >= 0 && (np.B + 1 == cue || a == cue + 1);
        if (a < 0 || !(touches || opens) || (touches && OfficeNouns.Contains(role)) || (a == cue + 1 && !EndsInvertedSubject(t, np.B)) || !DescribedBetween(t, a + 1, np.B))
        {
            return -1;
        }

        var given = _reg.FindByRole(role, _text.Length);
        if ((given >= 0 && FitsCapitalModifiers(given, t, a + 1, np.B)) || IntroducedUnnamed(p.Index, role, pos))
        {
            return -1; // someone was given the position (the older rules' case), or it was introduced as "a leader"
        }

        var gender = RoleGender(role);
        if (gender == Gender.Unknown)
        {
            gender = PossessiveAfterCue(t, cue); // "the far-right leader accused her opponent": the leader is a woman
        }

        var id = Recent(pos, p.Index - 1, RecentFilter.NamedSpeakerOrSubjectOfCompatibleGender, gender);
        if (id < 0 && gender != Gender.Unknown)
        {
            // "rivals Ana Ruiz and Tomas Vell clashed …. The far-right leader accused her opponent": no subject named, but
            // only one person of that gender in this paragraph and the one before.
            id = OnlyNamedOfGender(p.Index - 1, pos, gender);
            if (id >= 0)
            {
                return FitsOffices(id, t, np.B) && !RoleWrittenBeforeParagraphOf(_reg[id].FirstPos, role) ? id : -1;
            }
        }

        if (id < 0 || id == given || _reg[id].Anonymous || _reg[id].Tokens < 2 || Recent(pos, p.Index - 1, new OtherNamedSubject(this, id, gender)) >= 0
            || RoleWrittenBeforeParagraphOf(_reg[id].FirstPos, role))
        {
            return -1; // (the position was in the story before this person came in: someone unnamed holds it)
        }

        return FitsOffices(id, t, np.B) ? id : -1;
    }

    // "Sen. Ward" is no team manager: a person given another office does not fit the description's position at b.
    private bool FitsOffices(int id, Token[] t, int b)
    {
        foreach (var other in OfficeList)
        {
            if (!Is(t[b], other) && _reg[id].HasRoleWord(other))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The one named person (two name tokens or more) of a gender compatible with <paramref name="gender"/> and known
    /// (not unknown) mentioned from paragraph <paramref name="minPara"/> up to <paramref name="pos"/>; -1 when none or several.
    /// </summary>
    private int OnlyNamedOfGender(int minPara, int pos, Gender gender)
    {
        var found = -1;
        var mentions = _reg.Mentions;
        for (var i = LowerBound(mentions, pos) - 1; i >= 0 && mentions[i].Paragraph >= minPara; i--)
        {
            var e = _reg[mentions[i].Entity];
            if (e.Anonymous || e.Tokens < 2 || e.Id == found)
            {
                continue;
            }

            if (e.Gender == Gender.Unknown || (e.Gender == gender && found >= 0))
            {
                return -1; // a person of unknown gender may be the one; or two fit
            }

            if (e.Gender == gender)
            {
                found = e.Id;
            }
        }

        return found;
    }

    /// <summary>
    /// "The Albion manager was less happy …, calling": a subject read as the capitalized name before a lower-case position
    /// noun is the whole description (the team is not the speaker); other phrases unchanged.
    /// </summary>
    private SubjectPhrase DescribedRolePhrase(Token[] t, SubjectPhrase np) =>
        np.Kind == SubjectKind.Name && np.B + 1 < t.Length && t[np.B + 1].Kind == TokKind.Word && !t[np.B + 1].Cap && !t[np.B].Possessive
        && np.A > 0 && Is(t[np.A - 1], "the") && DescribedPositionNouns.Contains(Word(t[np.B + 1]))
            ? new SubjectPhrase { Kind = SubjectKind.Role, A = np.A, B = np.B + 1, Word = _words.Lower(Word(t[np.B + 1])) }
            : np;

    /// <summary>
    /// Whether the person <paramref name="id"/>, given the position, fits the description's capitalized modifiers
    /// (<paramref name="a"/> to before <paramref name="b"/>): false only when the person was introduced with another
    /// capitalized word right before the title ("Marlow boss Sean Price" for "the Albion manager"). A description
    /// without a capitalized modifier, or an introduction without one ("Chancellor Ana Ruiz"), fits.
    /// </summary>
    private bool FitsCapitalModifiers(int id, Token[] t, int a, int b)
    {
        var any = false;
        for (var k = a; k < b && !any; k++)
        {
            any = t[k].Kind == TokKind.Word && t[k].Cap;
        }

        if (!any)
        {
            return true;
        }

        var first = _reg[id].FirstPos;
        var words = RawWordsBefore(first, 60);
        var i = words.Length - 1;
        while (i >= 0 && (Lexicon.Titles.Contains(words[i].TrimEnd('.', ',')) || Lexicon.RoleNouns.Contains(words[i].TrimEnd(',')) || DescribedPositionNouns.Contains(words[i]))
            && !words[i].Equals("the", StringComparison.OrdinalIgnoreCase))
        {
            i--;
        }

        if (i < 0 || i == words.Length - 1 || words[i].Length == 0 || !char.IsUpper(words[i][0]) || words[i].Equals("the", StringComparison.OrdinalIgnoreCase) || words[i].EndsWith(',') || words[i].EndsWith('.'))
        {
            return true;
        }

        var before = words[i].EndsWith("'s", StringComparison.Ordinal) ? words[i][..^2] : words[i];
        for (var k = a; k < b; k++)
        {
            if (t[k].Kind == TokKind.Word && t[k].Cap && StripPossessive(Word(t[k])).Equals(before, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The whitespace-separated words of the article text in the <paramref name="chars"/> characters before <paramref name="pos"/>.</summary>
    private string[] RawWordsBefore(int pos, int chars) =>
        _text[Math.Max(0, pos - chars)..pos].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);

    /// <summary>
    /// Whether the title words right before the name at <paramref name="first"/> begin with <paramref name="body"/>
    /// ("Senate Minority Leader Vernon Rice" for "Senate").
    /// </summary>
    private bool TitledBy(int first, string body)
    {
        var words = RawWordsBefore(first, 50);
        var i = words.Length - 1;
        while (i >= 0 && !words[i].Equals(body, StringComparison.Ordinal) && (Lexicon.Titles.Contains(words[i].TrimEnd('.')) || Lexicon.RoleNouns.Contains(words[i])))
        {
            i--;
        }

        return i >= 0 && i < words.Length - 1 && words[i].Equals(body, StringComparison.Ordinal);
    }

    /// <summary>Whether the words from <paramref name="a"/> to before <paramref name="b"/> are a description's modifiers (at least one).</summary>
    private bool DescribedBetween(Token[] t, int a, int b)
    {
        if (a >= b)
        {
            return false;
        }

        var modifier = false;
        for (var k = a; k < b; k++)
        {
            // "far-right", "centre-left", "pro-European": a hyphenated political adjective describes the person too.
            if (t[k].Kind == TokKind.Word && (t[k].Cap || t[k].Possessive || DescriptionModifiers.Contains(Word(t[k])) || Word(t[k]).EndsWith("-year-old", StringComparison.Ordinal)
                || IsPoliticalHyphenWord(Word(t[k]))))
            {
                modifier = true;
            }
            else if (!(k > a && t[k].Kind == TokKind.Word && !t[k].Cap && Lexicon.Titles.Contains(Word(t[k])) && !Is(t[k], "the")))
            {
                return false; // (a lower-case portfolio word after a modifier belongs to the title: "the former foreign secretary")
            }
        }

        return modifier;
    }

    private static bool IsPolitical(string w) => w is "left" or "right" or "centre" or "center" or "wing" or "european" or "eu" or "brexit" or "independence" or "government" or "opposition" or "establishment" or "business" or "immigration" or "reform";

    private static bool IsPoliticalHyphenWord(string w)
    {
        var dash = w.IndexOf('-');
        return dash > 0 && dash < w.Length - 1 && !char.IsUpper(w[0]) && IsPolitical(w[(dash + 1)..].ToLowerInvariant())
            && w[..dash] is "far" or "centre" or "center" or "hard" or "pro" or "anti" or "right" or "left" or "ultra";
    }

    /// <summary>
    /// The gender of "his" or "her" right after the cue ("accused her opponent", "repeated his promise") when the
    /// sentence has no quote or other name before it; unknown otherwise. In such a predicate the possessive is the subject's.
    /// </summary>
    private Gender PossessiveAfterCue(Token[] t, int cue)
    {
        for (var k = cue + 1; k < t.Length && k <= cue + 2 && t[k].Sentence == t[cue].Sentence; k++)
        {
            if (t[k].Kind != TokKind.Word)
            {
                return Gender.Unknown;
            }

            if (Is(t[k], "his"))
            {
                return Gender.Male;
            }

            if (Is(t[k], "her"))
            {
                return Gender.Female;
            }
        }

        return Gender.Unknown;
    }

    // A named subject or speaker other than the one found (rule 2's "exactly one").
    private readonly struct OtherNamedSubject(ArticleScan scan, int id, Gender gender) : IMentionTest
    {
        public bool Accepts(Mention m) => m.Entity != id && (m.Subject || m.Speaker) && !scan._reg[m.Entity].Anonymous
            && scan._reg[m.Entity].Tokens >= 2 && EntityRegistry.Compatible(gender, scan._reg[m.Entity].Gender);
    }

    /// <summary>
    /// Rule 3: "the state's top Democrat", "the Senate's senior Republican": lower-case modifiers (and one possessive)
    /// between "the" and the party word at <paramref name="a"/>.
    /// </summary>
    private bool DescribedPartyPrefix(Token[] t, int a)
    {
        var k = a - 1;
        var mods = 0;
        while (k >= 0 && t[k].Kind == TokKind.Word && !t[k].Cap && DescriptionModifiers.Contains(Word(t[k])))
        {
            k--;
            mods++;
        }

        if (k >= 0 && t[k].Kind == TokKind.Word && t[k].Possessive)
        {
            k--;
            mods++;
        }

        return mods > 0 && k >= 0 && Is(t[k], "the");
    }

    /// <summary>
    /// Rule 3, cataphora: the one person of the party (and state) the descriptor <paramref name="a"/>..<paramref name="b"/>
    /// gives who is named after <paramref name="pos"/> in this paragraph or the next two; -1 when none or several.
    /// </summary>
    private int LaterOfParty(Para p, Token[] t, int a, int b, int pos)
    {
        var party = StripPossessive(Word(t[b])) switch { "Democrat" => 'D', "Republican" => 'R', "Independent" => 'I', _ => '\0' };
        if (party == '\0')
        {
            return -1;
        }

        // "The Senate's top Democrat": the body whose title a person of unknown party may carry ("Senate Minority Leader").
        var k0 = a - 1;
        while (k0 >= 0 && t[k0].Kind == TokKind.Word && !t[k0].Cap && DescriptionModifiers.Contains(Word(t[k0])))
        {
            k0--;
        }

        var body = k0 >= 0 && k0 < a - 1 && t[k0].Kind == TokKind.Word && t[k0].Cap && t[k0].Possessive ? StripPossessive(Word(t[k0])) : null;
        a = TwoWordStateStart(t, a, b);
        var state = b > a ? _text[t[a].Start..t[b - 1].End] : null;
        var found = -1;
        var mentions = _reg.Mentions;
        for (var i = LowerBound(mentions, pos); i < mentions.Count && mentions[i].Paragraph <= p.Index + 2; i++)
        {
            var e = _reg[mentions[i].Entity];
            var titled = e.Party == 0 && body is not null && e.FirstPos == mentions[i].Pos && TitledBy(e.FirstPos, body);
            if (e.Anonymous || e.Tokens < 2 || (e.Party != party && !titled) || (state is not null && !(e.State is { } s && StateMatches(s, state))))
            {
                continue;
            }

            if (found >= 0 && found != e.Id)
            {
                return -1; // two of that party: the description fits both
            }

            found = e.Id;
        }

        return found;
    }

    // The first body paragraph where each role word is written (made on first use; -1 for none): a look-up instead of a
    // scan of the article for every described holder.
    private Dictionary<string, int>? _roleFirstPara;

    /// <summary>As OfficeNamedBeforeParagraphOf: whether the role word was written in a body paragraph before the one of <paramref name="firstPos"/>.</summary>
    private bool RoleWrittenBeforeParagraphOf(int firstPos, string role)
    {
        _roleFirstPara ??= new(StringComparer.OrdinalIgnoreCase);
        if (!_roleFirstPara.TryGetValue(role, out var first))
        {
            first = -1;
            for (var pi = _article.HeadlineParagraphs; pi < _paras.Length && first < 0; pi++)
            {
                var t = _paras[pi].Tokens;
                for (var k = 0; k < t.Length; k++)
                {
                    if (t[k].Kind == TokKind.Word && Is(t[k], role))
                    {
                        first = pi;
                        break;
                    }
                }
            }

            _roleFirstPara[role] = first;
        }

        return first >= 0 && _paras[first].End <= firstPos;
    }
}
