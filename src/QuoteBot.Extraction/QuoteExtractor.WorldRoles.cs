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

        var k = a - 1;
        for (var n = 0; n < 2 && k >= lo && t[k].Kind == TokKind.Word && !t[k].Cap && !t[k].Cue && !Is(t[k], "the"); n++)
        {
            k--;
        }

        return k >= lo && Is(t[k], "the") ? a : -1;
    }

    /// <summary>Whether the run <paramref name="a"/>..<paramref name="b"/> is a descriptor after "the" (no person's name).</summary>
    private bool IsDescriptorRun(Token[] t, int a, int b) => b - a <= 1 && DescriptorRunEndingAt(t, b, 0) == a;

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
                        return true;
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
}
