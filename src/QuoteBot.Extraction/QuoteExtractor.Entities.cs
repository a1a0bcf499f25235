namespace QuoteBot.Extraction;

// Session 16 (coreference, s16-coref): article-level links from a later mention to a person named earlier, used only
// where the older rules leave a quote without a speaker and the evidence is specific.
//
// 1. Salience within a sentence: an unnamed person mentioned after the named subject (or speaker) of the same sentence
//    ("Sir X smiled the smile of a man who …", "The chair, X, who has the air of a man who …, reached for his bell",
//    "She had, she said, spoken to a woman in …") is an object or a relative clause's noun, not the person a following
//    "he said"/"she said" means: that is the sentence's subject.
// 2. Role acronyms: "the CFO said" is the person the article introduced as chief financial officer (CEO, COO, CTO …).
internal sealed partial class ArticleScan
{
    /// <summary>
    /// The named, non-anonymous subject or speaker of the sentence of paragraph <paramref name="para"/> that holds the
    /// unnamed mention at <paramref name="anonPos"/>, mentioned before it and of a gender compatible with
    /// <paramref name="gender"/>, when that sentence is one of the two before the pronoun at <paramref name="pos"/>; else -1.
    /// </summary>
    private int SubjectOverUnnamed(Gender gender, int pos, int para, int anonPos)
    {
        if (para < 0 || para >= _paras.Length || gender == Gender.Unknown)
        {
            return -1;
        }

        var p = _paras[para];
        var t = p.Tokens;
        var at = TokenAt(t, pos);
        var an = TokenAt(t, anonPos);
        if (at <= 0 || at >= t.Length || an < 0 || an >= t.Length)
        {
            return -1;
        }

        var s = t[an].Sentence;
        if (s >= t[at].Sentence || s < t[at].Sentence - 2)
        {
            return -1; // the unnamed person is in the pronoun's own sentence, or too far back
        }

        var lo = t[p.SentenceStart[s]].Start;

        // The unnamed person must not be a subject or speaker itself ("a woman stood up"): then it is who speaks.
        if (MentionAt(anonPos, subjectOnly: true) >= 0)
        {
            return -1;
        }

        var best = -1;
        for (var l = 0; l < 2; l++)
        {
            var list = l == 0 ? _reg.Speakers : _reg.Mentions;
            for (var i = LowerBound(list, anonPos) - 1; i >= 0 && list[i].Pos >= lo; i--)
            {
                var m = list[i];
                if (m.Paragraph != para || !(m.Subject || m.Speaker))
                {
                    continue;
                }

                var e = _reg[m.Entity];
                if (e.Anonymous || !EntityRegistry.Compatible(gender, e.Gender))
                {
                    return -1; // the nearest subject before the unnamed one is no match: no claim
                }

                if (best >= 0 && best != m.Entity)
                {
                    return -1; // two people as subjects in the sentence: not specific
                }

                best = m.Entity;
                break;
            }
        }

        return best;
    }

    /// <summary>The entity of a subject or speaker mention at exactly <paramref name="pos"/>, else -1.</summary>
    private int MentionAt(int pos, bool subjectOnly)
    {
        for (var l = 0; l < 2; l++)
        {
            var list = l == 0 ? _reg.Speakers : _reg.Mentions;
            var i = LowerBound(list, pos);
            for (; i < list.Count && list[i].Pos == pos; i++)
            {
                if (!subjectOnly || list[i].Subject || list[i].Speaker)
                {
                    return list[i].Entity;
                }
            }
        }

        return -1;
    }

    /// <summary>The index of the token that holds text position <paramref name="pos"/> (or the last one before it).</summary>
    private static int TokenAt(Token[] t, int pos)
    {
        int lo = 0, hi = t.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (t[mid].Start <= pos)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo - 1;
    }
}
