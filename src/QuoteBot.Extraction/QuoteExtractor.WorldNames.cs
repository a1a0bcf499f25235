namespace QuoteBot.Extraction;

// Session 16 (s16-names): the name model's reading of world press, from general knowledge of how English-language
// news outside the US writes names (see WorldLexicon): two-word Malaysian honorifics, letters after a name, and
// lower-case "al-"/"el-" surnames standing alone. Each is a small method with a one-line hook in the older files.
internal sealed partial class ArticleScan
{
    /// <summary>
    /// "Tan Sri Lim Kok Seng", "Datuk Sri Anwar Hashim": the name start moved past a two-word honorific whose first
    /// word alone is no title (<see cref="WorldLexicon.IsHonorificPair"/>), so that the pair goes to the title words.
    /// </summary>
    private int SkipHonorificPair(Token[] t, int a, int start, int b)
    {
        if (start > a && b - start >= 1 && WorldLexicon.IsHonorificPair(Word(t[start - 1]), Word(t[start])))
        {
            return start + 1;
        }

        if (start == a && b - start >= 2 && WorldLexicon.IsHonorificPair(Word(t[start]), Word(t[start + 1])))
        {
            return start + 2;
        }

        return start;
    }

    /// <summary>"Harriet Dunmore MP", "Padraig Nolan TD", "Ruth Abara KC": letters after the name are no part of it.</summary>
    private static void DropPostNominal(NameInfo info)
    {
        if (info.Parts.Count >= 2 && WorldLexicon.IsPostNominal(info.Parts[^1]))
        {
            info.Parts.RemoveAt(info.Parts.Count - 1);
        }
    }

    /// <summary>
    /// "…," al-Haddad said: a lower-case particle joined by a hyphen to a capitalized surname ("al-Haddad", "el-Amin",
    /// "bin-Talal"), standing alone after a quote, a comma or at a sentence start, is a name word (AP style writes the
    /// particle in lower case inside a sentence). Not after a determiner ("the al-Aqsa compound").
    /// </summary>
    /// <summary>
    /// "…," UNHCR said. / "…," the IMF said in a statement. / said KCNA: an upper-case acronym of two to seven letters
    /// right before a reporting verb (or right after one, ending the clause) is a body speaking, so it may be a name
    /// word (all-caps words are otherwise kept out of names as transcript labels or shouting). Dotted initials,
    /// words already allowed and job acronyms ("the CFO said") are left alone.
    /// </summary>
    private void PromoteAcronymSpeakers(Token[] t)
    {
        for (var k = 0; k < t.Length; k++)
        {
            ref var tok = ref t[k];
            if (tok.AllCaps && !tok.NameOk && !tok.Possessive && PartyLettersBeforeTitle(t, k))
            {
                tok.NameOk = true; // session 18: "said SNP MP Ross Kinnaird"
                continue;
            }

            if (!tok.AllCaps || tok.NameOk || tok.Possessive || tok.End - tok.Start > 7 || !IsAcronym(Span(tok))
                || WorldLexicon.IsRoleAcronym(Span(tok)))
            {
                continue;
            }

            var cueAfter = k + 1 < t.Length && t[k + 1].Kind == TokKind.Word && t[k + 1].Cue;
            var cueBefore = k > 0 && t[k - 1].Kind == TokKind.Word && t[k - 1].Cue && !Lexicon.IsParticiple(Word(t[k - 1]))
                && (k + 1 >= t.Length || t[k + 1].Kind != TokKind.Word);
            if (cueAfter || cueBefore)
            {
                tok.NameOk = true;
            }
        }
    }

    /// <summary>Two to seven upper-case ASCII letters ("IMF", "UNHCR", "KCNA").</summary>
    internal static bool IsAcronym(ReadOnlySpan<char> w)
    {
        if (w.Length < 2 || w.Length > 7)
        {
            return false;
        }

        foreach (var c in w)
        {
            if (c is < 'A' or > 'Z')
            {
                return false;
            }
        }

        return true;
    }

    private static bool LoneHyphenSurnameAllowed(Token[] t, int k) =>
        k == 0 || t[k - 1].Kind != TokKind.Word;

    /// <summary>
    /// ""…," von der Leyen said": two or three lower-case particles ("von der", "van den", "de la") after a quote or a
    /// comma, then a capitalized surname and a reporting verb within two words; the surname's index, else -1 (one
    /// particle is handled by the session 11 rule).
    /// </summary>
    private int ParticleChainSurname(Token[] t, int j)
    {
        var k = j;
        while (k < t.Length && k < j + 3 && t[k].Kind == TokKind.Word && !t[k].Cap && ParticleLookup.Contains(Span(t[k])))
        {
            k++;
        }

        return k > j + 1 && k + 1 < t.Length && t[k].Cap && IsNameToken(t, k) && (t[k + 1].Cue || (k + 2 < t.Length && t[k + 2].Cue)) ? k : -1;
    }
}
