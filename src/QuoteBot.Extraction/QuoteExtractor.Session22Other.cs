namespace QuoteBot.Extraction;

// Session 22 (s22-other): wrong names on news text (see docs/extraction.md). The office words are lexicon additions
// (Lexicon.RoleNouns, ExtraTitles, place and street words); the rules here, each behind a one-line hook:
// - InferGenders / RoleSubjectSince: a definite role subject ("The harbour master acknowledged …", "the chief of staff
//   insisted …") stands between a person named earlier and a later "he"/"she": no gender vote, no far pronoun.
// - RegisterNames: a street named in another language ("Rua da Misericórdia") or a dateline's town ("Cedar Falls, Iowa
//   (UBN) --") is no person.
// - PhraseEndingAt / OwnerBefore: "X of the Institute for Coastal Research said" is X, not the words after "for".
// - SentenceSubject: "Meridian host Lena Castellano opened the show, accusing …" is the host, not the outlet.
// - ResolveSubject: "the Taoiseach tried …. '…,' he said" is the Taoiseach's holder, not the last man named.
// - IsSubjectPosition: "Among the crowd was Sunita Devi, who said …" makes her the sentence's subject.
// - FindSubject: "And in the week after Election Day, she … told them" is read without "And".
internal sealed partial class ArticleScan
{
    /// <summary>
    /// Whether a definite role phrase that "the" opens at token <paramref name="k"/> is the subject of a verb before
    /// <paramref name="pos"/>: "the harbour master acknowledged", "the chief of staff insisted", "the head of the port
    /// authority conceded". The role word must not be the person <paramref name="id"/>'s own (when id ≥ 0). An "of"
    /// phrase after the role is skipped when one of its next five words is a verb in the past tense or a reporting cue.
    /// </summary>
    private bool OpensRoleSubject(Token[] t, int k, int pos, int id)
    {
        var j = DefiniteRole(t, k, pos);
        if (j < 0 || j + 1 >= t.Length || (id >= 0 && EntityRegistry.HasRole(_reg[id], Word(t[j]))))
        {
            return false;
        }

        var n = j + 1;
        if (Is(t[n], "of"))
        {
            var verb = -1;
            for (var m = n + 1; m < t.Length && m <= n + 5 && t[m].Kind == TokKind.Word && t[m].Start < pos && verb < 0; m++)
            {
                verb = !t[m].Cap && (t[m].Cue || Word(t[m]).EndsWith("ed", StringComparison.Ordinal)) && m > n + 1 ? m : -1;
            }

            return verb >= 0;
        }

        var next = t[n];
        return next.Start < pos && next.Kind == TokKind.Word && !next.Cap && !NotVerbsAfterRole.Contains(Word(next));
    }

    /// <summary>
    /// For the gender vote: whether token <paramref name="k"/> of paragraph <paramref name="p"/> opens a sentence (or
    /// follows its opening clause's comma) with a definite role subject that is not person <paramref name="id"/>'s
    /// ("Kamsi Tarvel spoke to the crews. The harbour master acknowledged the delay. "…," he said.": the "he" is no vote
    /// for Tarvel).
    /// </summary>
    private bool RoleSubjectOpensAt(Para p, int k, int id)
    {
        var t = p.Tokens;
        if (id < 0 || t[k].Kind != TokKind.Word || (_text[t[k].Start] | 0x20) != 't' || k + 2 >= t.Length)
        {
            return false;
        }

        var opens = k == p.SentenceStart[t[k].Sentence] || (k > 0 && IsPunct(t[k - 1], ','));
        return opens && OpensRoleSubject(t, k, t[^1].End, id);
    }

    /// <summary>
    /// "on the Rua da Misericórdia", "a flat on Calle Mayor": a run of two or more words opened by a street word of
    /// another language is an address, so it is never registered as a person whom a later "he" could mean.
    /// </summary>
    private bool StreetOpensRun(Token[] t, int a, int b) =>
        b > a && !t[a].Possessive && Lexicon.IsStreetOpener(Word(t[a])) && !(a > 0 && t[a - 1].Kind == TokKind.Word && t[a - 1].Cap);

    /// <summary>
    /// Whether the capitalized run at <paramref name="a"/> is the rest of a body's name after "of"/"for" ("the Institute
    /// for Coastal Research", "the Bank of Norvia"): never a person, so "X of the Institute for Coastal Research said"
    /// is X speaking (the run is skipped, and the person before it found).
    /// </summary>
    private bool BodyNameTail(Token[] t, int a) =>
        a >= 2 && t[a - 1].Kind == TokKind.Word && !t[a - 1].Cap && Word(t[a - 1]) is "of" or "for"
        && t[a - 2].Kind == TokKind.Word && t[a - 2].Cap && !t[a - 2].Possessive && Lexicon.IsOrgNoun(Word(t[a - 2]));

    /// <summary>
    /// "Meridian host Lena Castellano opened the show, accusing …", "Ardent Bank chief executive Lena Castellano": a
    /// capitalized run ending at <paramref name="b"/> (an outlet, a company, a team, a person) followed by one or two
    /// lower-case role words and a person's full name: that person is the sentence's subject, not the run before the
    /// role. None when the words after the run are not a role and a full name.
    /// </summary>
    private SubjectPhrase PersonAfterRoleWords(Token[] t, int b, int hi)
    {
        var r = b + 1;
        if (r >= hi || t[r].Kind != TokKind.Word || t[r].Cap || t[b].Possessive)
        {
            return default;
        }

        if (r + 1 < hi && t[r + 1].Kind == TokKind.Word && !t[r + 1].Cap)
        {
            r++; // "chief executive", "political editor"
        }

        var role = Word(t[r]);
        if (!(Lexicon.RoleNouns.Contains(role) || Lexicon.RoleLikeNouns.Contains(role) || WorldLexicon.PersonNouns.Contains(role))
            || Lexicon.GroupNouns.Contains(role) || r + 2 >= hi || !t[r + 1].Cap || !IsNameToken(t, r + 1))
        {
            return default;
        }

        var e = r + 1;
        while (e + 1 < hi && !t[e].Possessive && IsNameToken(t, e + 1))
        {
            e++;
        }

        return !t[e].Possessive && ParseName(t, r + 1, e) is { Person: true } info && info.Parts.Count >= 2
            ? new SubjectPhrase { Kind = SubjectKind.Name, A = r + 1, B = e }
            : default;
    }

    /// <summary>
    /// "Back in the chamber, the Taoiseach tried a change of register, recalling …. '…,' he said.": a "he"/"she" right
    /// after a quote whose sentence before (in this paragraph) opens with a definite role as its subject is the person
    /// who holds that role in the article (introduced as "Taoiseach Fergal Duignan"), when that person's gender fits and
    /// nobody is named between the role and the pronoun. -1 otherwise (the older look-up decides).
    /// </summary>
    private int RoleHolderOfSentenceBefore(Para p, Token[] t, SubjectPhrase np, Gender gender)
    {
        if (t != p.Tokens || gender == Gender.Unknown || np.A < 4)
        {
            return -1;
        }

        // The quote just before the pronoun (one token), and the sentence that ends right before it.
        var open = np.A - 1;
        while (open >= 0 && t[open].Kind != TokKind.Quote && np.A - open <= 3)
        {
            open--;
        }

        if (open < 1 || t[open].Kind != TokKind.Quote || !IsPunct(t[open - 1], '.'))
        {
            return -1;
        }

        var pos = t[np.A].Start;
        var lo = p.SentenceStart[t[open - 1].Sentence];
        for (var k = lo; k < open - 2; k++)
        {
            if (!(k == lo || IsPunct(t[k - 1], ',')) || !Is(t[k], "the"))
            {
                continue;
            }

            for (var j = k + 1; j <= k + 3 && j < open - 1 && t[j].Kind == TokKind.Word && !t[j].Cue; j++)
            {
                var w = Word(t[j]);
                if (!(Lexicon.RoleNouns.Contains(w) || _reg.AnyWithRole(_words.Lower(w))) || t[j].Possessive || t[j + 1].Kind != TokKind.Word || t[j + 1].Cap || NotVerbsAfterRole.Contains(Word(t[j + 1])))
                {
                    continue;
                }

                var id = _reg.FindByRole(_words.Lower(w), pos);
                if (id < 0 || _reg[id].Anonymous || !EntityRegistry.Compatible(gender, _reg[id].Gender) || NamedBetween(t[j].End, pos))
                {
                    return -1;
                }

                return id;
            }

            return -1;
        }

        return -1;
    }

    /// <summary>Whether any named person is mentioned between text positions <paramref name="from"/> and <paramref name="to"/>.</summary>
    private bool NamedBetween(int from, int to)
    {
        var mentions = _reg.Mentions;
        for (var m = LowerBound(mentions, from); m < mentions.Count && mentions[m].Pos < to; m++)
        {
            if (!_reg[mentions[m].Entity].Anonymous)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// "Among the survivors at the school was Marta Hovanec, 58, who said …": the name after "was"/"were" in a sentence
    /// that opens with "Among" (within twelve words) is the sentence's subject, so a later "she said" can mean her.
    /// </summary>
    private bool AfterAmongWas(Token[] t, int a)
    {
        if (a < 3 || !(Is(t[a - 1], "was") || Is(t[a - 1], "were")))
        {
            return false;
        }

        var k = a - 2;
        while (k > 0 && a - k <= 12 && t[k - 1].Sentence == t[a].Sentence)
        {
            k--;
        }

        return (k == 0 || t[k - 1].Sentence != t[a].Sentence) && Word(t[k]) == "Among";
    }

    /// <summary>
    /// "Cedar Falls, Iowa (UBN) -- Sen. …": the capitalized run that opens a paragraph, followed by a comma, a US state
    /// (or its abbreviation) and then a parenthesis or a dash, is a dateline's town, never a person.
    /// </summary>
    private bool DatelineTown(Token[] t, int a, int b)
    {
        if (_datelineTowns is not null && b > a && _datelineTowns.Contains(_text[t[a].Start..t[b].End]))
        {
            return true; // the town again later: "a stage in Cedar Falls on Tuesday"
        }

        if (a != 0 || b + 3 >= t.Length || !IsPunct(t[b + 1], ',') || t[b + 2].Kind != TokKind.Word || !Lexicon.IsUsStateWord(Word(t[b + 2])))
        {
            return false;
        }

        var k = b + 3;
        if (t[k].Kind == TokKind.Word && t[k].Cap && k + 1 < t.Length)
        {
            k++; // "New Hampshire", "North Carolina"
        }

        if (t[k].Kind == TokKind.Punct && t[k].P == '.' && k + 1 < t.Length)
        {
            k++; // "Ky."
        }

        if (!(t[k].Kind == TokKind.Punct && (t[k].P == '(' || IsDash(t[k]))))
        {
            return false;
        }

        (_datelineTowns ??= new(StringComparer.Ordinal)).Add(_text[t[a].Start..t[b].End]);
        return true;
    }

    // Towns of this article's dateline (null until one is seen).
    private HashSet<string>? _datelineTowns;
}
