namespace QuoteBot.Extraction;

// Session 18 (s18-world): words of world news that describe a person without naming one (see
// WorldLexicon.PersonDescriptors): "the Swede said", "the veteran Tory told", "the Lib Dem added", "the TD said". After
// "the" they refer back to someone already introduced, like a role noun, and are never a name or a body.
internal sealed partial class ArticleScan
{
    /// <summary>
    /// The start of a descriptor run ending at <paramref name="j"/> ("Swede", "Lib Dem", "Social Democrat") with "the"
    /// before it, or one or two lower-case modifiers and then "the" ("the 52-year-old Scot", "the veteran Tory"); -1
    /// when there is none. "Democrat" alone is left to the US party rule.
    /// </summary>
    private int DescriptorRunEndingAt(Token[] t, int j, int lo)
    {
        if (t[j].Kind != TokKind.Word || !t[j].Cap || t[j].Possessive || !WorldLexicon.PersonDescriptors.Contains(Span(t[j])))
        {
            return -1;
        }

        var w = Word(t[j]);
        var a = j;
        if (WorldLexicon.IsPartyNameOpener(w) || w is "Dem" or "Democrat")
        {
            // Only the second word of a two-word party name: "Lib Dem", "Social Democrat", "Liberal Democrat".
            if (w is not ("Dem" or "Democrat") || j - 1 < lo || t[j - 1].Kind != TokKind.Word || !WorldLexicon.IsPartyNameOpener(Word(t[j - 1])))
            {
                return -1;
            }

            a = j - 1;
        }

        return ModifiedAfterThe(t, a, lo) >= 0 ? a : -1;
    }

    /// <summary>
    /// The index of "the" before the noun at <paramref name="j"/>, with up to three modifiers between: lower-case words
    /// that are no reporting verb ("the veteran", "the 52-year-old"), or capitalized titles, party words and letters
    /// ("the Labour", "the SNP", "the Swedish"); -1 when there is none.
    /// </summary>
    private int ModifiedAfterThe(Token[] t, int j, int lo)
    {
        var k = j - 1;
        for (var n = 0; n < 3 && k >= lo && t[k].Kind == TokKind.Word && !t[k].Cue && !Is(t[k], "the") && !t[k].Possessive
            && (!t[k].Cap || t[k].AllCaps || Lexicon.TitleLookup.Contains(Span(t[k])) || WorldLexicon.PersonDescriptors.Contains(Span(t[k])) || IsNationality(Word(t[k]))); n++)
        {
            k--;
        }

        return k >= lo && k < j && t[k].Kind == TokKind.Word && Is(t[k], "the") ? k : -1;
    }

    /// <summary>Whether the run <paramref name="a"/>..<paramref name="b"/> is a descriptor after "the" (no person's name).</summary>
    private bool IsDescriptorRun(Token[] t, int a, int b) => b - a <= 1 && DescriptorRunEndingAt(t, b, 0) == a;

    // Verbs before "a"/"an" that make the noun phrase a predicate, not someone introduced.
    private static readonly WordSet PredicateVerbs = new(StringComparer.OrdinalIgnoreCase)
    {
        "is", "was", "are", "were", "be", "been", "being", "became", "become", "becomes", "made", "named", "appointed",
        "elected", "as", "remains", "remained", "served", "serves", "not",
    };

    /// <summary>
    /// Whether "a"/"an"/"one" and up to three words (no determiner or possessive) before <paramref name="role"/> introduced someone unnamed
    /// with that word in this paragraph or the two before, ahead of <paramref name="pos"/>: "A senior European diplomat
    /// involved in the talks said …  "…," the diplomat said." is that diplomat, not the envoy named earlier.
    /// </summary>
    private bool IntroducedUnnamed(int para, string role, int pos)
    {
        for (var pi = Math.Max(0, para - 2); pi <= para; pi++)
        {
            var t = _paras[pi].Tokens;
            for (var k = 0; k < t.Length && t[k].Start < pos; k++)
            {
                if (t[k].Kind != TokKind.Word || !Is(t[k], role) || t[k].Cap && k > 0 && t[k - 1].Kind == TokKind.Word && !Is(t[k - 1], "the"))
                {
                    continue;
                }

                for (var d = k - 1; d >= 0 && d >= k - 4 && t[d].Kind == TokKind.Word; d--)
                {
                    if (Is(t[d], "a") || Is(t[d], "an") || Is(t[d], "one"))
                    {
                        // Not a predicate: "he was made a life peer", "she became an envoy", "served as a diplomat".
                        return d == 0 || t[d - 1].Kind != TokKind.Word || !PredicateVerbs.Contains(Word(t[d - 1]));
                    }

                    if (Lexicon.Determiners.Contains(Word(t[d])) || t[d].Possessive)
                    {
                        break;
                    }
                }
            }
        }

        return false;
    }

    /// <summary>
    /// "said SNP MP Ross Kinnaird", "said DUP MLA …": a party's letters (the all-capital token at <paramref name="k"/>)
    /// before a capitalized title and a name belong to the title words of that name run, not to a body that ends the
    /// frame. Asked by <see cref="PromoteAcronymSpeakers"/> of all-capital tokens.
    /// </summary>
    private bool PartyLettersBeforeTitle(Token[] t, int k) =>
        t[k].End - t[k].Start is >= 2 and <= 6 && k + 2 < t.Length && t[k + 1].Kind == TokKind.Word && t[k + 1].Cap
        && Lexicon.TitleLookup.Contains(Span(t[k + 1]).TrimEnd('.')) && t[k + 2].Kind == TokKind.Word && t[k + 2].Cap
        && t[k + 2].NameOk && !Lexicon.TitleLookup.Contains(Span(t[k + 2]).TrimEnd('.'));

    /// <summary>
    /// "Human Rights Watch", "Budget Watch": "Watch" (the capitalized five-letter token at <paramref name="k"/>) after a
    /// word of a name is the end of a body's name, not the "Watch:" label of a video that the stop words keep out of
    /// names. Asked by <see cref="PromoteSurnamesInNamePosition"/>.
    /// </summary>
    private bool WatchEndsName(Token[] t, int k) =>
        k > 0 && !t[k].NameOk && !t[k].Possessive && t[k - 1].Kind == TokKind.Word && t[k - 1].Cap && t[k - 1].NameOk
        && !t[k - 1].Possessive && Span(t[k]).SequenceEqual("Watch");

    // Nouns for a news outlet written right before or after its name: "state news agency Xinhua", "broadcaster NHK",
    // "the Yonhap news agency", "the daily Kommersant".
    private static readonly WordSet OutletKindNouns = new(StringComparer.OrdinalIgnoreCase)
    {
        "agency", "newspaper", "daily", "broadcaster", "network", "channel", "website", "tabloid", "magazine", "weekly",
        "outlet", "station", "paper", "broadsheet", "newswire",
    };

    /// <summary>
    /// Whether the lower-case word before <paramref name="a"/> names the kind of outlet whose name follows ("news agency
    /// Xinhua", "broadcaster NHK", "newspaper Kommersant"): then one capitalized word is a body, not a place.
    /// </summary>
    private bool OutletKindBefore(Token[] t, int a) =>
        a >= 1 && t[a - 1].Kind == TokKind.Word && !t[a - 1].Cap && OutletKindNouns.Contains(Word(t[a - 1]))
        && (!Is(t[a - 1], "agency") || (a >= 2 && (Is(t[a - 2], "news") || Is(t[a - 2], "press"))));

    /// <summary>
    /// The outlet's name inside a role phrase that ends in an outlet noun: "Yonhap news agency reported", "the
    /// state-run Tasnim news agency said", "the pro-government Sabah newspaper wrote" give "Yonhap", "Tasnim", "Sabah";
    /// null when the phrase has no capitalized name before its lower-case end.
    /// </summary>
    private string? NamedOutletInPhrase(Token[] t, SubjectPhrase np)
    {
        if (np.Word is not { } noun || !OutletKindNouns.Contains(noun) || np.A < 0 || np.B >= t.Length || np.B <= np.A)
        {
            return null;
        }

        var a = np.A;
        while (a < np.B && t[a].Kind == TokKind.Word && !t[a].Cap)
        {
            a++;
        }

        var b = a;
        while (b < np.B && t[b].Kind == TokKind.Word && t[b].Cap && !t[b].Possessive && !Lexicon.StopLookup.Contains(Span(t[b])))
        {
            b++;
        }

        if (b == a || a > np.B)
        {
            return null;
        }

        for (var k = b; k <= np.B; k++)
        {
            if (t[k].Kind != TokKind.Word || t[k].Cap)
            {
                return null;
            }
        }

        if (Is(t[np.B], "agency") && !(Is(t[np.B - 1], "news") || Is(t[np.B - 1], "press")))
        {
            return null;
        }

        return _text[t[a].Start..t[b - 1].End];
    }

    /// <summary>
    /// "the Director-General said", "the Auditor-General told": an office written as one hyphenated word (session 17's
    /// titles) standing alone after "the" is a role, resolved like one, not a name.
    /// </summary>
    private static bool IsHyphenatedOffice(string w) => w.Contains('-') && Lexicon.TitleLookup.Contains(w);

    /// <summary>
    /// "The Commission said", "the Council told", "the Ministry said": a body's noun written with a capital after "the"
    /// is the short form of a body named earlier ("the European Commission"), found like "the commission"; the nouns
    /// that speak as themselves ("the Kremlin", "the Senate", "Parliament") keep their own rule.
    /// </summary>
    private static bool IsCapitalizedBodyNoun(string w) =>
        Lexicon.GroupNouns.Contains(w) && Lexicon.IsOrgNoun(w) && !Lexicon.RoleNouns.Contains(w) && !Lexicon.SingleWordBodies.Contains(w);
}
