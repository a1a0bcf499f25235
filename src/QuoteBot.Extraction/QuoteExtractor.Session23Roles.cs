namespace QuoteBot.Extraction;

// Session 23 (s23-roles): a described person speaks ("the former Kansas governor told …", "the Minnesota Democrat
// said …"). The description stands for the person the lede is about; these rules let the existing description
// fallbacks (ResolveSubject's role case, PartyRole's partyless subject) find that person:
//
// 1. A dateline opens the lede: "ORANGE CITY, Iowa — Annette Rice climbed …", "Cedar Rapids, Iowa (UBN) -- Sen. Ana
//    Ruiz spent …". The name right after the dateline's dash is the sentence's subject, as it is after "12:10 a.m. —".
internal sealed partial class ArticleScan
{
    /// <summary>
    /// True when the dash at <paramref name="d"/> closes a dateline opening the paragraph: up to eight tokens before
    /// it, all capitalized words (a town, a state, an agency), commas, dots or parentheses, with a comma or a
    /// parenthesis among them ("TORONTO —" alone: an all-capitals word).
    /// </summary>
    private bool DatelineDash(Token[] t, int d)
    {
        if (d < 1 || d > 9 || !IsDash(t[d]) || t[0].Sentence != t[d].Sentence || t[0].Kind != TokKind.Word || !t[0].Cap)
        {
            return false;
        }

        var k = d - 1;
        while (k > 0 && IsDash(t[k]))
        {
            k--; // "--" is two tokens
        }

        var comma = false;
        for (var i = 0; i <= k; i++)
        {
            if (t[i].Kind == TokKind.Word)
            {
                if (!t[i].Cap || t[i].Cue)
                {
                    return false;
                }
            }
            else if (t[i].Kind == TokKind.Punct && t[i].P is ',' or '(' or ')' or '.')
            {
                comma |= t[i].P is ',' or '(';
            }
            else
            {
                return false;
            }
        }

        return comma || (k == 0 && t[0].AllCaps && t[0].End - t[0].Start >= 3);
    }
}
