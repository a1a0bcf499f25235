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
}
