namespace QuoteBot.Extraction;

// Session 20 (s20-none): quotes where a name is wanted and none was given, read off the spent folders (HeldOut16/17
// fresh). General shapes of news writing only: a document's own verb ("the memo states", "the statement read"), a
// document from someone ("a statement from the congressman"), "according to a translation" after a frame that already
// names the speaker. One-line hooks in the older files; nothing here allocates per quote.
internal sealed partial class ArticleScan
{
    /// <summary>
    /// "…," the memo states; "the statement read"; "the letter reads": a bare "states" or a "read"/"reads" right after a
    /// lower-case document noun is that document's speech verb (elsewhere "states" is a noun and "read" belongs to
    /// signs). Not in the passive ("the statement read by an aide").
    /// </summary>
    private bool IsDocumentVerb(Token[] t, int i)
    {
        var len = t[i].End - t[i].Start;
        if (len is < 4 or > 6 || _text[t[i].Start] is not ('s' or 'r') || i < 2 || t[i - 1].Kind != TokKind.Word || t[i - 1].Cap || t[i - 1].Possessive
            || !(Is(t[i], "states") || Is(t[i], "read") || Is(t[i], "reads")))
        {
            return false;
        }

        return Lexicon.IssuedDocumentNouns.Contains(Word(t[i - 1])) && !(i + 1 < t.Length && Is(t[i + 1], "by"))
            && t[i - 2].Kind == TokKind.Word && Word(t[i - 2]) is "the" or "The" or "its" or "his" or "her" or "their" or "Its" or "His" or "Her" or "Their";
    }

    /// <summary>
    /// "…," Ashdown said, according to an official transcript: an "according to" after a comma, with a speech verb
    /// and a quote before it in the same sentence (nothing but words and commas between), names where the words came
    /// from, not a second speaker; the frame before it already holds the speaker.
    /// </summary>
    private static bool IsAccordingAfterFrame(Token[] t, int i)
    {
        if (i < 3 || t[i - 1].Kind != TokKind.Punct || t[i - 1].P != ',')
        {
            return false;
        }

        var cue = false;
        for (var k = i - 2; k >= 0 && k >= i - 30; k--)
        {
            if (t[k].Kind == TokKind.Quote)
            {
                return cue;
            }

            if (t[k].Kind == TokKind.Punct && t[k].P is '.' or '!' or '?' or ';' or ':')
            {
                return false;
            }

            cue |= t[k].Cue;
        }

        return false;
    }

    /// <summary>
    /// "an aide read a statement from the congressman", "a letter from Tom Birch": the person a document comes from,
    /// written right after the document noun as "from" and a name or "the" and a role. Null when there is none.
    /// </summary>
    private (int Id, string Name, SpeakerKind Kind)? MakerFrom(Para para, Token[] pt, int k)
    {
        var a = k + 2;
        if (a >= pt.Length || !Is(pt[k + 1], "from") || pt[a].Kind != TokKind.Word)
        {
            return null;
        }

        if (Is(pt[a], "the") && a + 1 < pt.Length && pt[a + 1].Kind == TokKind.Word && !pt[a + 1].Cap && Lexicon.RoleNouns.Contains(Word(pt[a + 1])))
        {
            var role = new SubjectPhrase { Kind = SubjectKind.Role, A = a + 1, B = a + 1, Word = _words.Lower(Word(pt[a + 1])) };
            var (id, name) = ResolveSubject(para, pt, role, pt[a + 1].Start);
            return id >= 0 && name is not null ? (id, name, SpeakerKind.Person) : null;
        }

        if (!pt[a].Cap || pt[a].Possessive)
        {
            return null;
        }

        var e = a;
        while (e + 1 < pt.Length && pt[e + 1].Kind == TokKind.Word && pt[e + 1].Cap && !pt[e].Possessive && e < a + 4)
        {
            e++;
        }

        // Only a person: "a letter from Harbour Council" stays with the older rules.
        return !pt[e].Possessive && ParseName(pt, a, e) is { Person: true } ? MakerRun(para, pt, a, e) : null;
    }

    /// <summary>
    /// "an internal memo obtained by The Capitol Courant", "a letter seen by reporters": the "by" at
    /// <paramref name="j"/> follows a participle of getting or seeing a document, so what comes after it is a reader
    /// of the document, not its maker.
    /// </summary>
    private bool ReceivedBy(Token[] t, int j) =>
        j > 0 && t[j - 1].Kind == TokKind.Word && Word(t[j - 1]) is "obtained" or "seen" or "reviewed" or "viewed" or "received" or "leaked" or "acquired" or "examined";

    /// <summary>
    /// "Commissioner for Digital Affairs Anneli Virtanen", "Minister of State for Ports Dara Quill": a title, "for" or
    /// "of" and a capitalized portfolio of up to four words right before the name. The title is the person's role, so a
    /// later "the commissioner said" finds her (a title written next to the name was already one).
    /// </summary>
    private void AddPortfolioTitleBefore(Token[] t, NameInfo info)
    {
        var k = info.NameStart - 1;
        var n = 0;
        while (k >= 0 && n < 4 && t[k].Kind == TokKind.Word && t[k].Cap && !t[k].Possessive)
        {
            k--;
            n++;
        }

        if (n == 0 || k < 1 || !(Is(t[k], "for") || Is(t[k], "of")) || t[k - 1].Kind != TokKind.Word || !t[k - 1].Cap)
        {
            return;
        }

        var title = Word(t[k - 1]);
        if (Lexicon.Titles.Contains(title) || Lexicon.RoleNouns.Contains(title))
        {
            info.TitleWords.Add(_words.Lower(title));
        }
    }

    /// <summary>
    /// "Lindgren, in testimony to the committee, defended the review, saying …": a participle whose comma closes a
    /// clause's predicate (the segment before it opens with a lower-case past-tense verb), not an apposition. The
    /// participle's subject is the main clause's, found by the caller; the phrase before the predicate ("the
    /// committee") is none.
    /// </summary>
    private bool ParticipleAfterPredicate(Token[] t, int cue, int segA)
    {
        if (t[cue].Kind != TokKind.Word || t[segA].Kind != TokKind.Word || t[segA].Cap || !Lexicon.IsParticiple(Word(t[cue])))
        {
            return false;
        }

        var w = Word(t[segA]);
        return w.Length > 4 && w.EndsWith("ed", StringComparison.Ordinal) && !Lexicon.RoleNouns.Contains(w)
            && segA + 1 < t.Length && t[segA + 1].Kind == TokKind.Word && !Is(t[segA + 1], "by") && !Is(t[segA + 1], "in");
    }

    /// <summary>
    /// "The alliance supported the split but said …", "The company cut its forecast and said …": a sentence opened by
    /// "The" and a lower-case body noun, then a lower-case word (its verb), and only words up to a cue coordinated with
    /// "and"/"but" (a comma may hide another subject: "The police union's president, X, declined … but said").
    /// The body noun as a role (resolved like "the alliance said"), else none.
    /// </summary>
    private SubjectPhrase OpeningDefiniteBody(Token[] t, int lo, int cue)
    {
        if (cue - lo < 4 || !Is(t[lo], "the") || t[lo + 1].Kind != TokKind.Word || t[lo + 1].Cap || t[lo + 1].Possessive
            || t[lo + 2].Kind != TokKind.Word || t[lo + 2].Cap || t[lo + 2].Cue || t[lo + 2].Possessive
            || Word(t[lo + 2]) is "of" or "for" or "in" or "at" or "and" or "who" or "which" or "that")
        {
            return default;
        }

        for (var k = lo + 3; k < cue; k++)
        {
            if (t[k].Kind != TokKind.Word)
            {
                return default; // "The police union's president, X, declined … but said": no comma or quote before the cue
            }
        }

        var noun = Word(t[lo + 1]);
        return Lexicon.IsOrgNoun(noun) || noun is "alliance" or "coalition" or "group" or "campaign" or "charity"
            ? new SubjectPhrase { Kind = SubjectKind.Role, A = lo + 1, B = lo + 1, Word = _words.Lower(noun) }
            : default;
    }
}
