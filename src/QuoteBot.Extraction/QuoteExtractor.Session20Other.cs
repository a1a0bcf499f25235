namespace QuoteBot.Extraction;

// Session 20 (s20-other): wrong names on text by writers who never saw the rules. Each mechanism is a general shape of
// news writing that gave a quote another name: a gender guessed from a name's spelling that the text's pronoun
// contradicts.
internal sealed partial class ArticleScan
{
    /// <summary>
    /// "The leader of the opposition, Nino Beridze, addressed the crowd. / "…," she shouted.": when no speaker or
    /// subject of the pronoun's gender is near, a person whose opposite gender was only guessed from a name's spelling
    /// ("Nino" looks male) and who spoke or was a subject more recently than any person of unknown gender is who the
    /// pronoun stands for, rather than a capitalized phrase of unknown gender further back or nobody.
    /// </summary>
    private int SpelledOtherwise(Gender gender, int pos, int para, int unknown)
    {
        if (gender == Gender.Unknown)
        {
            return -1;
        }

        // Only from this paragraph or the one before, and only a name of capitalized words ("Tierra y Trabajo", a party
        // whose first word looks female, is no woman).
        var (spelled, at) = RecentAt(pos, para - 1, new SpeakerOrSubjectSpelled(this, gender == Gender.Male ? Gender.Female : Gender.Male));
        return spelled >= 0 && (unknown < 0 || at > RecentAt(pos, para - 3, new ByFilter(this, RecentFilter.SpeakerOrSubjectOfGender, Gender.Unknown)).Pos)
            && AllPartsCapitalized(_reg[spelled].Name) ? spelled : -1;
    }

    // A speaker or sentence subject, not anonymous, whose gender was only guessed from spelling as the given one.
    private readonly struct SpeakerOrSubjectSpelled(ArticleScan scan, Gender gender) : IMentionTest
    {
        public bool Accepts(Mention m) =>
            (m.Speaker || m.Subject) && scan._reg[m.Entity] is { Anonymous: false, GenderFromSpelling: true } e && e.Gender == gender
            && (gender == Gender.Male ? e.MaleVotes : e.FemaleVotes) == 0; // no pronoun of the text confirmed the guess
    }

    /// <summary>
    /// True when the quote token <paramref name="q"/> is followed by "and that" (or ", and that") before
    /// <paramref name="inner"/>: the next clause is reported by the same verb as the one the quote sits in.
    /// </summary>
    private bool AndThatAfter(Token[] t, int q, int inner)
    {
        var k = q + 1;
        if (k < inner && IsPunct(t[k], ','))
        {
            k++;
        }

        return k + 1 < inner && Is(t[k], "and") && Is(t[k + 1], "that");
    }

    // True when every space-separated part of the name starts with an upper-case letter.
    private static bool AllPartsCapitalized(string name)
    {
        for (var i = 0; i < name.Length; i++)
        {
            if ((i == 0 || name[i - 1] == ' ') && !char.IsUpper(name[i]))
            {
                return false;
            }
        }

        return name.Length > 0;
    }

    // As Recent, with the position of the mention found (compared as subjects or speakers, not as any later mention).
    private (int Entity, int Pos) RecentAt<TTest>(int pos, int minPara, TTest test)
        where TTest : struct, IMentionTest
    {
        var best = -1;
        var bestPos = -1;
        for (var l = 0; l < 2; l++)
        {
            var list = l == 0 ? _reg.Speakers : _reg.Mentions;
            for (var i = LowerBound(list, pos) - 1; i >= 0 && list[i].Paragraph >= minPara && list[i].Pos > bestPos; i--)
            {
                if (test.Accepts(list[i]))
                {
                    best = list[i].Entity;
                    bestPos = list[i].Pos;
                    break;
                }
            }
        }

        return (best, bestPos);
    }

    /// <summary>
    /// "Justice Harold Street", "Veteran Wendell Street stood up": a listed given name before a surname that is also a
    /// place word ("Street") is a person when a title stands before it or when no preposition or number does ("on Harold
    /// Street", "14 Harold Street" are addresses).
    /// </summary>
    private bool PersonNamedLikeStreet(Token[] t, int a, int b, NameInfo info)
    {
        if (info.Parts.Count < 2 || !Lexicon.CommonWordSurnames.Contains(info.Parts[^1]))
        {
            return false;
        }

        if (info.NameStart > a || HasTitleBefore(t, a))
        {
            return true; // a title inside the run or right before it
        }

        if (info.Parts.Count != 2 || !IsGivenName(info.Parts[0]))
        {
            return false;
        }

        if (a == 0)
        {
            return true;
        }

        var before = t[a - 1];
        return before.Kind != TokKind.Word ? !(before.Kind == TokKind.Punct && char.IsDigit(_text[before.Start]))
            : !char.IsDigit(_text[before.Start]) && !AddressPrepositions.Contains(Word(before));
    }

    // Words before a street's name in an address ("on Harold Street", "off Mill Road").
    private static readonly WordSet AddressPrepositions = new(StringComparer.OrdinalIgnoreCase)
    {
        "on", "at", "in", "along", "off", "near", "from", "to", "onto", "into", "down", "up", "across", "via", "of", "past",
        "toward", "towards", "by", "through", "around", "the",
    };
}
