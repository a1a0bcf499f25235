namespace QuoteBot.Extraction;

/// <summary>
/// Session 23 (titles): office titles with an "of"/"for"/"to"/"at" complement around a name: "Minister for Housing
/// Dana Holt said", "said Minister of State for Planning Aoife Kerr", "Governor of the Central Bank Ruth Marsh:".
/// The complement's capitalized words ("Housing", "State for Planning", "the Central Bank") belong to the title,
/// never to the name.
/// </summary>
internal sealed partial class ArticleScan
{
    /// <summary>
    /// When the capitalized run starting at <paramref name="a"/> follows an office title and its complement
    /// ("Minister for", "Secretary of State for", "Governor of the", "Minister of Trade and"), the index of the title's
    /// head word ("Minister", "Secretary", "Governor"); otherwise -1. <paramref name="chainStart"/> is the first token
    /// of the title's own capitalized run ("Shadow" in "Shadow Secretary of State for …").
    /// </summary>
    private int OfficeHeadBefore(Token[] t, int a, out int chainStart)
    {
        chainStart = -1;
        var head = -1;
        var k = a - 1;
        var lastConnective = "";
        for (var guard = 0; guard < 6 && k >= 1; guard++)
        {
            // The connective group before the run: "of", "for", "to", "at", "and", each perhaps with "the".
            var c = k;
            if (Is(t[c], "the"))
            {
                c--;
            }

            if (c < 1 || t[c].Kind != TokKind.Word || t[c].Cap || Word(t[c]) is not ("of" or "for" or "to" or "at" or "and"))
            {
                break;
            }

            lastConnective = Word(t[c]);
            var h = c - 1;
            if (t[h].Kind != TokKind.Word || !t[h].Cap || t[h].Possessive)
            {
                break;
            }

            var s = h;
            while (s - 1 >= 0 && s > h - 3 && t[s - 1].Kind == TokKind.Word && t[s - 1].Cap && !t[s - 1].Possessive)
            {
                s--;
            }

            if (lastConnective != "and" && IsOfficeWord(t, h))
            {
                head = h;
                chainStart = s;
            }

            k = s - 1;
        }

        return head;
    }

    /// <summary>A capitalized office word that takes a complement: Minister, Secretary, Director, Governor, Leader …</summary>
    private bool IsOfficeWord(Token[] t, int k)
    {
        var w = Word(t[k]);
        return !Lexicon.IsOrgNoun(w) && !IsGivenName(w) && !t[k].Surname
            && (IsRoleLikeToken(t, k) || Lexicon.RoleLikeNouns.Contains(w) || Lexicon.ExtraTitles.Contains(w)
                || w is "Chair" or "Head" or "Premier" or "Speaker" or "Mayor" or "General" or "Attorney");
    }

    /// <summary>
    /// The first token of the person's name in the run a..b that follows an office title's complement: the first
    /// given name in the run, else (with no listed given name) the last two words, when they are no body or role words.
    /// -1 when the run names no one after the complement.
    /// </summary>
    private int NameAfterOfficeComplement(Token[] t, int a, int b)
    {
        if (b - a < 1 || OfficeHeadBefore(t, a, out _) < 0)
        {
            return -1;
        }

        for (var g = a + 1; g < b && g <= a + 4; g++)
        {
            if (IsGivenName(Word(t[g])))
            {
                return g;
            }
        }

        if (b - a >= 2 && !Lexicon.IsOrgNoun(Word(t[b])) && !Lexicon.IsOrgNoun(Word(t[b - 1])) && !IsRoleLikeToken(t, b - 1)
            && !Lexicon.NonPersonWords.Contains(Word(t[b])) && !Lexicon.NonPersonWords.Contains(Word(t[b - 1])))
        {
            return b - 1;
        }

        return -1;
    }

    /// <summary>
    /// "said Minister of State for Planning Aoife Kerr", "said Governor of the Central Bank Ruth Marsh": after the cue,
    /// an office title, its complement, then the name. Default when the cue is not followed by such a title.
    /// </summary>
    private SubjectPhrase OfficeTitleThenName(Token[] t, int k, int hi)
    {
        if (!t[k].Cap || t[k].Kind != TokKind.Word)
        {
            return default;
        }

        // The last capitalized run of the chain "Title of/for/to/at [the] Words [and Words] …".
        var r = k;
        while (r + 1 < hi && r < k + 14)
        {
            var e = r;
            while (e + 1 < hi && t[e + 1].Kind == TokKind.Word && t[e + 1].Cap && !t[e].Possessive)
            {
                e++;
            }

            var c = e + 1;
            if (c < hi && t[c].Kind == TokKind.Word && !t[c].Cap && Word(t[c]) is "of" or "for" or "to" or "at" or "and")
            {
                c++;
                if (c < hi && Is(t[c], "the"))
                {
                    c++;
                }

                if (c < hi && t[c].Kind == TokKind.Word && t[c].Cap)
                {
                    r = c;
                    continue;
                }
            }

            if (r == k)
            {
                return default;
            }

            var info = ParseName(t, r, e);
            if (info is { Person: true } && info.NameStart > r && !t[e].Possessive)
            {
                return new SubjectPhrase { Kind = SubjectKind.Name, A = r, B = e };
            }

            return default;
        }

        return default;
    }

    /// <summary>
    /// "the Minister for Housing said", "the Secretary of State for Health told": a definite office title with its
    /// complement and no name after it ends at <paramref name="j"/>; it stands for the title's holder, so the phrase is the
    /// role of its head word ("minister", "secretary"). Default when the words before the cue are no such title.
    /// </summary>
    private SubjectPhrase DefiniteOfficeTitleEndingAt(Token[] t, int j, int lo)
    {
        if (j < lo + 3 || t[j].Kind != TokKind.Word || !t[j].Cap || t[j].Possessive)
        {
            return default;
        }

        var a = j;
        while (a - 1 >= lo && t[a - 1].Kind == TokKind.Word && t[a - 1].Cap && !t[a - 1].Possessive)
        {
            a--;
        }

        var head = OfficeHeadBefore(t, a, out var chainStart);
        if (head < 0 || chainStart - 1 < lo || !Is(t[chainStart - 1], "the") || (ParseName(t, a, j) is { Person: true } named && named.NameStart > a))
        {
            return default;
        }

        return new SubjectPhrase { Kind = SubjectKind.Role, A = chainStart - 1, B = j, Word = _words.Lower(Word(t[head])) };
    }
}
