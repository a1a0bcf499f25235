namespace QuoteBot.Extraction;

// Session 11 (variation matrix): surnames with particles — "Ana de la Cruz", "Pieter van der Berg", "Chris Van Hollen",
// "Omar al-Rashid" — are one surname, so that a later "De la Cruz said" or "Al-Rashid told reporters" is the same person.
internal sealed partial class ArticleScan
{
    // Lower-case particles joined to a surname by a hyphen: "al-Rashid", "el-Amin", "bin-Talal", "abu-Saleh".
    private static readonly HashSet<string> HyphenParticles = new(StringComparer.Ordinal)
    {
        "al", "el", "bin", "ibn", "abu", "ben", "bint", "ul", "ad", "ar", "as", "ash", "az", "ould",
    };

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> HyphenParticleLookup = HyphenParticles.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>
    /// A lower-case particle in a chain of particles between a capitalized word and a capitalized surname ("de" and
    /// "la" in "Ana de la Cruz"; at most three particles).
    /// </summary>
    private bool IsParticleInName(Token[] t, int i)
    {
        // Cheap rejections first (this runs for every lower-case word a name scan looks at): particles are short and
        // sit between words.
        if (t[i].End - t[i].Start > 5 || i == 0 || i + 1 >= t.Length || t[i - 1].Kind != TokKind.Word || t[i + 1].Kind != TokKind.Word
            || !(t[i - 1].Cap || t[i - 1].End - t[i - 1].Start <= 4) || !(t[i + 1].Cap || t[i + 1].End - t[i + 1].Start <= 4)
            || !IsLowerParticle(t, i))
        {
            return false;
        }

        var before = i - 1;
        while (before >= 0 && before >= i - 2 && IsLowerParticle(t, before))
        {
            before--;
        }

        var after = i + 1;
        while (after < t.Length && after <= i + 2 && IsLowerParticle(t, after))
        {
            after++;
        }

        return before >= 0 && t[before].Kind == TokKind.Word && t[before].Cap && !t[before].Possessive
            && after < t.Length && t[after].Kind == TokKind.Word && t[after].Cap && after - before <= 4;
    }

    private bool IsLowerParticle(Token[] t, int i) =>
        t[i].Kind == TokKind.Word && !t[i].Cap && ParticleLookup.Contains(Span(t[i]));

    /// <summary>
    /// "Omar al-Rashid": a lower-case particle joined by a hyphen to a capitalized surname, right after a capitalized
    /// name word, counts as a capitalized name word (the run of the name goes on through it).
    /// </summary>
    private void PromoteHyphenParticleSurnames(Token[] t)
    {
        for (var k = 0; k < t.Length; k++)
        {
            ref var tok = ref t[k];
            if (tok.Cap || tok.Kind != TokKind.Word || tok.End - tok.Start < 5 || !((k > 0 && t[k - 1].Cap) || LoneHyphenSurnameAllowed(t, k)))
            {
                continue;
            }

            var w = _text.AsSpan(tok.Start, tok.End - tok.Start);
            var h = w[2] == '-' ? 2 : w[3] == '-' ? 3 : w[4] == '-' ? 4 : -1;
            if (h < 0 || h + 2 >= w.Length || !char.IsUpper(w[h + 1]) || !HyphenParticleLookup.Contains(w[..h]))
            {
                continue;
            }

            if (LoneHyphenSurnameAllowed(t, k))
            {
                tok.Cap = true;
                tok.NameOk = true;
                continue;
            }

            var prev = t[k - 1];
            if (prev.Kind == TokKind.Word && prev.Cap && prev.NameOk && !prev.Possessive && !prev.AllCaps)
            {
                tok.Cap = true;
                tok.NameOk = true;
            }
        }
    }

    /// <summary>
    /// Joins the particles before the surname to it: ["Ana", "de", "la", "Cruz"] → ["Ana", "de la Cruz"], ["Van",
    /// "der", "Berg"] → ["Van der Berg"] (a surname alone), ["Chris", "Van", "Hollen"] → ["Chris", "Van Hollen"]. A
    /// first part that is a given name ("Al Gore", "Ben Carson") is no particle; a suffix ("Jr.") stays its own part.
    /// </summary>
    private static void MergeSurnameParticles(NameInfo info)
    {
        var p = info.Parts;
        if (!info.Person || p.Count < 2)
        {
            return;
        }

        var end = p.Count - 1;
        if (IsSuffixWord(p[end]))
        {
            end--;
        }

        if (end < 1 || !ParticleLookup.Contains(p[end - 1]))
        {
            // Most names: no particle before the surname.
            return;
        }

        var j = end;
        while (j >= 1 && ParticleLookup.Contains(p[j - 1]) && !p[j - 1].EndsWith('.'))
        {
            j--;
        }

        if (j == end || end < 1 || (j == 0 && IsGivenName(p[0])))
        {
            return;
        }

        var surname = string.Join(' ', p.GetRange(j, end - j + 1));
        p.RemoveRange(j, end - j + 1);
        p.Insert(j, surname);
    }

    /// <summary>
    /// "MAY:", "MARCH:" after "host Helen May" was named: a one-word label that is a common word (a month, a modal)
    /// is still the person named earlier with that surname (session 11); -1 when nobody has it.
    /// </summary>
    private int KnownSurnameLabel(NameInfo info, string surname, int pos) =>
        info.Parts.Count == 1 && (Lexicon.CapitalStopWords.Contains(surname) || Lexicon.NonPersonWords.Contains(surname))
            ? _reg.ResolveShort(surname, info.Gender, pos)
            : -1;

    /// <summary>
    /// "a spokeswoman for the company said", "an aide to the minister told reporters": someone unnamed speaks for
    /// the body or person the definite noun stands for, so the quote has no named speaker (session 11; the named
    /// forms are in <see cref="IndefiniteRoleFor"/>).
    /// </summary>
    private SubjectPhrase IndefiniteRoleForNoun(Token[] t, int a, int lo)
    {
        var k = a - 1;
        if (k - 2 < lo || t[k].Kind != TokKind.Word || Word(t[k]) is not ("the" or "its" or "his" or "her" or "their"))
        {
            return default;
        }

        return IndefiniteHeadBefore(t, k - 1, lo);
    }

    /// <summary>
    /// "the Ministry of Transport", "the Department of Health": one capitalized word after "&lt;Body&gt; of" is the
    /// rest of the body's name (session 11), unless it is a known given name or a person's known surname.
    /// </summary>
    private bool OneWordAfterBodyOf(Token[] t, int a) =>
        !t[a].Possessive && !IsGivenName(Word(t[a])) && !_reg.IsKnownLastName(Word(t[a]))
        && (a + 1 >= t.Length || t[a + 1].Kind != TokKind.Word || !t[a + 1].Cap);

    /// <summary>
    /// "Hollis met Sarah Lindqvist on Tuesday." / "‘…,’ she said.": when a sentence subject of unknown gender was
    /// named in the paragraph that introduces the person, before that person, the newcomer is the object, and the
    /// introduction rule of <see cref="ResolvePronoun"/> does not pick them (session 11).
    /// </summary>
    private bool SubjectBeforeIntro(int unknownSubject, int intro, int pos)
    {
        if (unknownSubject < 0 || unknownSubject == intro)
        {
            return false;
        }

        var s = LastMention(unknownSubject, pos);
        var i = _reg[intro].FirstPos;
        return s.Para == LastMention(intro, pos).Para && s.Pos < i;
    }

    /// <summary>"Mary-Kate", "Jean-Pierre", "Anna-Lena": a hyphenated given name has the gender of its first listed part.</summary>
    private static Gender HyphenGivenNameGender(string given)
    {
        var h = given.IndexOf('-');
        if (h <= 0 || h + 1 >= given.Length || !char.IsUpper(given[h + 1]))
        {
            return Gender.Unknown;
        }

        var first = given[..h];
        return Lexicon.FemaleNames.Contains(first) ? Gender.Female : Lexicon.MaleNames.Contains(first) ? Gender.Male : Gender.Unknown;
    }

    /// <summary>
    /// "Talks resumed on Tuesday." / "“We will not back down.": one capitalized word opening a narrative sentence that
    /// names nobody known (no full name, no honorific, no earlier single-name person) is no speaker for the quote-only
    /// paragraph after it (session 11).
    /// </summary>
    private bool UnknownOneWordSubject(Token[] t, SubjectPhrase np)
    {
        if (np.B != np.A || t[np.A].Surname)
        {
            return false;
        }

        var info = ParseName(t, np.A, np.B);
        return info is null || (info.Parts.Count == 1 && !info.Honorific && _reg.ResolveShort(info.Parts[0], info.Gender, t[np.A].Start) < 0
            && _reg.FindSingle(info.Parts[0], info.Gender) < 0);
    }

    /// <summary>
    /// "James Gates, 61, a retired teacher from Dunmore, said": the comma before an age between the name and a role
    /// apposition (session 11); <paramref name="k"/> itself when there is none.
    /// </summary>
    private int SkipAgeBack(Token[] t, int k, int lo)
    {
        if (k - 2 >= lo && IsPunct(t[k], ',') && IsPunct(t[k - 2], ',') && t[k - 1].Kind != TokKind.Quote
            && t[k - 1].End - t[k - 1].Start is >= 1 and <= 3 && char.IsDigit(_text[t[k - 1].Start]) && char.IsDigit(_text[t[k - 1].End - 1]))
        {
            return k - 2;
        }

        return k;
    }

    /// <summary>"Robert Vance III": a Roman-numeral generation suffix is part of a name although it is all capitals.</summary>
    internal static bool IsRomanSuffix(ReadOnlySpan<char> w) => w is "II" or "III" or "IV";

    private static readonly HashSet<string> AdverbsBeforeCue = new(StringComparer.Ordinal)
    {
        "later", "also", "again", "then", "previously", "earlier", "once", "often", "repeatedly", "herself", "himself", "first", "finally",
    };

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> AdverbBeforeCueLookup = AdverbsBeforeCue.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>"Church later told reporters", "Park also said": one adverb between a surname and its reporting verb (session 11).</summary>
    private bool AdverbThenCue(Token[] t, int k) =>
        k + 2 < t.Length && !t[k].Possessive && t[k + 1].Kind == TokKind.Word && !t[k + 1].Cap && AdverbBeforeCueLookup.Contains(Span(t[k + 1]))
        && t[k + 2].Kind == TokKind.Word && t[k + 2].Cue && !Lexicon.IsParticiple(Word(t[k + 2]));

    // "Jr.", "Sr", "III" (any case, with or without a full stop), without allocating.
    private static bool IsSuffixWord(string w)
    {
        var span = w.AsSpan().TrimEnd('.');
        return span.Equals("jr", StringComparison.OrdinalIgnoreCase) || span.Equals("sr", StringComparison.OrdinalIgnoreCase)
            || span.Equals("ii", StringComparison.OrdinalIgnoreCase) || span.Equals("iii", StringComparison.OrdinalIgnoreCase)
            || span.Equals("iv", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// "the New York Democrat", "the North Carolina Republican": a capitalized word between "the" and the phrase
    /// (the first word of a two-word state) belongs to the descriptor (session 11).
    /// </summary>
    private int TwoWordStateStart(Token[] t, int a, int b) =>
        a >= 2 && b > a && t[a - 1].Kind == TokKind.Word && t[a - 1].Cap && !t[a - 1].Possessive && Is(t[a - 2], "the") ? a - 1 : a;
}
