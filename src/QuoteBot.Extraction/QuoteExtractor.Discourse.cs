namespace QuoteBot.Extraction;

// Session 17 (s17-coref): discourse fallbacks for a speech frame whose subject the older rules leave without a name.
// Each runs only after the cascade has given a frame and no speaker, and claims a name only on specific evidence.
//
// 1. The outer frame governs: in "He added that drivers had reported 212 faults, "…"" or "She said voters had told her
//    the bill was "…"", the cue nearest the quote belongs to a clause the sentence's own speaker is reporting. When that
//    inner cue's subject names nobody (a group, an unnamed person, a plural), the quote is the words of the named
//    subject of the earlier speech verb of the same sentence.
// 2. "In her words, the bill is "…"" / "in his own words": the possessive pronoun is the speaker, resolved like "she
//    said" (the name form, "In Velde's words", was step 3b already).
// 3. Party descriptions: "Mara Velde, a Republican, …" gives her party like "Republican Mara Velde" does; and "the
//    Republican said" when nobody of that party was introduced is the person this paragraph (or the one before) is
//    about, provided no party is known for that person (a news description of the subject, like "the 61-year-old").
internal sealed partial class ArticleScan
{
    /// <summary>
    /// After a head frame at cue <paramref name="inner"/> gave no speaker: the named person who is the subject of an
    /// earlier, non-negated speech verb of the same sentence (between <paramref name="lo"/> and the inner cue, with no
    /// quote between it and the quote token <paramref name="qt"/>), written into <paramref name="attr"/>; true when found.
    /// </summary>
    private bool TryOuterFrame(Para p, Token[] t, int inner, int lo, int qt, Attribution attr, bool overPolity = false)
    {
        if ((attr.Speaker is not null) != overPolity || inner <= lo || IsNegatedCue(t, inner) || IsPassiveTold(t, inner) || Is(t[inner - 1], "been")
            || (inner + 1 < qt && Is(t[inner + 1], "by")))
        {
            return false;
        }

        // The inner cue's subject must be people in general ("drivers", "critics", "voters"), a pronoun nobody
        // resolves, or missing: a body or a particular unnamed person ("the union called", "a man shouted") speaks
        // for itself.
        var own = FindSubject(t, inner, lo, qt);
        if (overPolity ? !IsPolityName(t, own, attr) : (own.Kind == SubjectKind.Name || (own.Kind == SubjectKind.Role && !IsBarePlural(t, own, lo))) && !IsPluperfectCue(t, inner)) // s23-frames
        {
            return false; // session 19: "X said that the EU was insisting on "…"": X's words, as for a group
        }

        for (var k = inner - 1; k >= lo; k--)
        {
            if (t[k].Kind == TokKind.Quote)
            {
                if (overPolity && AndThatAfter(t, k, inner))
                {
                    continue; // session 20: "X said that A was "…" and that Doha shared "…"": both clauses are X's
                }

                return false; // an earlier quote in the sentence has its own frame
            }

            if (!t[k].Cue || IsNominalCue(t, k, lo))
            {
                continue;
            }

            // The outer verb is a finite speech verb with its subject right before it: "He added that", "Velde said on
            // Tuesday that"; not a participle, a passive, a modal or an infinitive.
            if (IsNegatedCue(t, k) || IsModalCue(t, k, lo) || Lexicon.IsParticiple(Word(t[k])) || k == lo
                || (t[k - 1].Kind != TokKind.Word && !(overPolity && IsPunct(t[k - 1], ','))) || Word(t[k - 1]) is "to" or "was" or "were" or "is" or "are" or "be" or "been" or "being")
            {
                return false;
            }

            var np = BackwardSubject(t, k, lo);
            if (np.Kind is not (SubjectKind.Name or SubjectKind.Pronoun) || np.B < k - (overPolity && IsPunct(t[k - 1], ',') ? 2 : 1) || IsUnnamedPersonPhrase(t, np))
            {
                return false;
            }

            var (id, name) = ResolveSubject(p, t, PronounOpener(p, t, np), t[k].Start);
            if (id < 0 || name is null || _reg[id].Anonymous || !name.Contains(' ', StringComparison.Ordinal))
            {
                return false;
            }

            attr.Entity = id;
            attr.Speaker = name;
            attr.Kind = SpeakerKind.Person;
            attr.Cue = CueText(t, k);
            attr.CueTok = t[k].Start;
            return true;
        }

        return false;
    }

    /// <summary>
    /// A role phrase that is one plural noun with no determiner before it ("drivers", "Critics" opening the sentence
    /// at <paramref name="lo"/>).
    /// </summary>
    private bool IsBarePlural(Token[] t, SubjectPhrase np, int lo)
    {
        if (np.A != np.B || t[np.A].Kind != TokKind.Word || (t[np.A].Cap && np.A != lo))
        {
            return false;
        }

        var w = Word(t[np.A]);
        var before = np.A > 0 && t[np.A - 1].Kind == TokKind.Word ? Word(t[np.A - 1]) : string.Empty;
        return w.Length > 3 && w.EndsWith('s') && !w.EndsWith("ss", StringComparison.Ordinal) && !t[np.A].Possessive
            && (before == "that" || !Lexicon.Determiners.Contains(before)) && before is not ("his" or "her" or "its" or "their" or "our" or "my" or "your")
            && (np.A == 0 || !t[np.A - 1].Possessive);
    }

    /// <summary>"in his words" / "In her own words" ending at the token "words" <paramref name="k"/>: the pronoun as a subject phrase.</summary>
    private SubjectPhrase InPronounWords(Token[] t, int k, int lo)
    {
        var j = k - 1;
        if (j > lo && Is(t[j], "own"))
        {
            j--;
        }

        if (j <= lo - 1 || j - 1 < lo || !Is(t[j - 1], "in") || t[j].Kind != TokKind.Word)
        {
            return default;
        }

        var w = _words.Lower(Word(t[j]));
        return w is "his" or "her"
            ? new SubjectPhrase { Kind = SubjectKind.Pronoun, A = j, B = j, Word = w == "his" ? "he" : "she" }
            : default;
    }

    /// <summary>'D' or 'R' for an apposition "Name, a Democrat(,| from …)" / "Name, a Republican …" after name end <paramref name="b"/>, else '\0'.</summary>
    private char AppositionParty(Token[] t, int b)
    {
        if (b + 3 >= t.Length || !IsPunct(t[b + 1], ',') || !(Is(t[b + 2], "a") || Is(t[b + 2], "the")) || t[b + 3].Kind != TokKind.Word || !t[b + 3].Cap)
        {
            return '\0';
        }

        return StripPossessive(Word(t[b + 3])) switch { "Democrat" => 'D', "Republican" => 'R', _ => '\0' };
    }

    /// <summary>
    /// The latest named person who is a subject or speaker in paragraph <paramref name="para"/> or the one before and
    /// has no known party, for "the Democrat said" when nobody was introduced with that party; else -1.
    /// </summary>
    private int PartylessSubject(int para, int pos)
    {
        var id = RecentSubject(para, pos, Gender.Unknown);
        return id >= 0 && _reg[id].Party == 0 ? id : -1;
    }
}
