namespace QuoteBot.Extraction;

// Session 15 (coreference): a pronoun speaker against the people of its own paragraph. A person named as the subject
// of a speech frame ("Inspector Ana Ruiz of the traffic unit said …", "A survivor, Ana Ruiz, 27, told …") is who a
// following "she said" means, even when an unnamed person ("every driver", "a survivor") is mentioned later in that
// same sentence: the unnamed mention is an object or the name's own apposition, not a new speaker.
internal sealed partial class ArticleScan
{
    /// <summary>
    /// The person named before the speech verb of one of the two sentences of paragraph <paramref name="para"/> before
    /// text position <paramref name="pos"/>, of a gender compatible with <paramref name="gender"/>, when the unnamed
    /// person mentioned at <paramref name="anonPos"/> lies inside that same sentence; else -1.
    /// </summary>
    private int NamedFrameSubjectOver(Gender gender, int pos, int para, int anonPos)
    {
        if (para < 0 || para >= _paras.Length)
        {
            return -1;
        }

        var p = _paras[para];
        var t = p.Tokens;
        var at = 0;
        while (at < t.Length && t[at].Start < pos)
        {
            at++;
        }

        if (at >= t.Length || at == 0)
        {
            return -1;
        }

        var s0 = t[at].Sentence;
        for (var s = s0 - 1; s >= 0 && s >= s0 - 2; s--)
        {
            var lo = p.SentenceStart[s];
            var hi = s + 1 < p.SentenceStart.Length ? p.SentenceStart[s + 1] : t.Length;
            if (anonPos < t[lo].Start || (hi < t.Length && anonPos >= t[hi].Start))
            {
                continue; // the unnamed person is not in this sentence: it may be a new speaker
            }

            var cue = lo;
            while (cue < hi && !(t[cue].Cue && t[cue].Kind == TokKind.Word && !t[cue].Cap))
            {
                cue++;
            }

            if (cue >= hi)
            {
                return -1;
            }

            for (var k = lo; k < cue; k++)
            {
                if (!t[k].Cap || !IsNameToken(t, k))
                {
                    continue;
                }

                var b = k;
                while (b + 1 < cue && t[b + 1].Cap && IsNameToken(t, b + 1))
                {
                    b++;
                }

                if (ParseName(t, k, b) is { Person: true, Parts.Count: >= 2 })
                {
                    var (id, _) = ResolveSubject(p, t, new SubjectPhrase { Kind = SubjectKind.Name, A = k, B = b }, t[k].Start);
                    return id >= 0 && !_reg[id].Anonymous && EntityRegistry.Compatible(gender, _reg[id].Gender) ? id : -1;
                }

                k = b;
            }

            return -1;
        }

        return -1;
    }
}
