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

    // Role acronyms and the phrases an article introduces the same job with, longest first.
    private static readonly Dictionary<string, string[][]> RoleAcronyms = new(StringComparer.OrdinalIgnoreCase)
    {
        ["CEO"] = [["chief", "executive", "officer"], ["chief", "executive"]],
        ["CFO"] = [["chief", "financial", "officer"], ["chief", "finance", "officer"], ["finance", "chief"], ["finance", "director"]],
        ["COO"] = [["chief", "operating", "officer"], ["chief", "operations", "officer"]],
        ["CTO"] = [["chief", "technology", "officer"], ["chief", "technical", "officer"]],
        ["CIO"] = [["chief", "information", "officer"], ["chief", "investment", "officer"]],
        ["CMO"] = [["chief", "marketing", "officer"], ["chief", "medical", "officer"]],
    };

    /// <summary>
    /// "The CFO said": the person the article introduced before <paramref name="pos"/> with that job, written out
    /// ("Chief Financial Officer Anselm Krogh", "Ida Marsh, the company's chief financial officer,") or as the acronym
    /// before the name ("CFO Anselm Krogh"); the latest such introduction wins. -1 when the phrase is no definite role
    /// acronym or nobody was so introduced.
    /// </summary>
    private int RoleAcronymHolder(Para p, Token[] t, SubjectPhrase np, int pos)
    {
        if (np.Kind is not (SubjectKind.Name or SubjectKind.Role) || np.B < 0 || np.B >= t.Length || t[np.B].Kind != TokKind.Word)
        {
            return -1;
        }

        var w = Span(t[np.B]);
        if (w.EndsWith("'s", StringComparison.Ordinal) || w.EndsWith("\u2019s", StringComparison.Ordinal))
        {
            w = w[..^2];
        }

        if (w.Length != 3 || !RoleAcronyms.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(w, out var phrases))
        {
            return -1;
        }

        // Definite: "the CFO", "its CFO", "Halbrook's CFO"; one word after the determiner.
        var d = np.B - 1;
        if (d < 0 || t[d].Kind != TokKind.Word || !(Is(t[d], "the") || Is(t[d], "its") || t[d].Possessive) || (np.A < d))
        {
            return -1;
        }

        var acronym = Word(t[np.B]);
        var best = -1;
        var bestPos = -1;
        for (var pi = p.Index; pi >= 0 && best < 0; pi--)
        {
            var u = _paras[pi].Tokens;
            for (var k = 0; k < u.Length && u[k].Start < pos; k++)
            {
                if (u[k].Kind != TokKind.Word || u[k].Start <= bestPos)
                {
                    continue;
                }

                var n = 0;
                if (Span(u[k]).Equals(acronym, StringComparison.OrdinalIgnoreCase))
                {
                    n = 1;
                }
                else
                {
                    foreach (var ph in phrases)
                    {
                        if (PhraseAt(u, k, ph))
                        {
                            n = ph.Length;
                            break;
                        }
                    }
                }

                if (n == 0 || k == np.B && ReferenceEquals(u, t))
                {
                    continue;
                }

                var holder = NameAfterRole(u, k + n);
                if (holder < 0)
                {
                    holder = HolderBeforePhrase(u, k);
                }

                if (holder >= 0 && !_reg[holder].Anonymous)
                {
                    best = holder;
                    bestPos = u[k].Start;
                }
            }
        }

        return best;
    }

    // Whether the words of phrase stand at token k (any case).
    private bool PhraseAt(Token[] u, int k, string[] phrase)
    {
        if (k + phrase.Length > u.Length)
        {
            return false;
        }

        for (var x = 0; x < phrase.Length; x++)
        {
            if (u[k + x].Kind != TokKind.Word || !Span(u[k + x]).Equals(phrase[x], StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }

        return true;
    }

    // The person named in full right after a role phrase ending before token b ("… Officer Anselm Krogh", "…, Ida Marsh,"); else -1.
    private int NameAfterRole(Token[] u, int b)
    {
        if (b < u.Length && IsPunct(u[b], ','))
        {
            b++;
        }

        if (b >= u.Length || !u[b].Cap || !IsNameToken(u, b))
        {
            return -1;
        }

        var e = b;
        while (e + 1 < u.Length && !u[e].Possessive && u[e + 1].Cap && IsNameToken(u, e + 1))
        {
            e++;
        }

        return ParseName(u, b, e) is { Person: true } info && info.Parts.Count >= 2 ? _reg.GetOrAddFull(info, u[info.NameStart].Start) : -1;
    }

    // Words that open a participle or time clause before a sentence's subject: "Asked whether …, Doe grinned."
    private static readonly WordSet IntroClauseOpeners = new(StringComparer.OrdinalIgnoreCase)
    {
        "asked", "pressed", "questioned", "told", "reminded", "challenged", "later", "afterward", "afterwards", "still", "minutes", "moments",
    };

    /// <summary>
    /// The subject that the narrative sentence <paramref name="lo"/>..<paramref name="hi"/> (no quote, no reporting verb)
    /// is about, as written at its start: "She began, as she often does, with …", "Asked whether …, Okonkwo grinned.".
    /// A he/she opening the sentence, or a person's name opening it or right after an opening clause of up to 24 tokens,
    /// followed by a lower-case word; else none.
    /// </summary>
    private SubjectPhrase NarrativeOpener(Token[] t, int lo, int hi)
    {
        if (hi - lo < 3 || hi > t.Length)
        {
            return default;
        }

        for (var k = lo; k < hi; k++)
        {
            if (t[k].Kind == TokKind.Quote || (t[k].Cue && !(k == lo && IntroClauseOpeners.Contains(Word(t[k])))))
            {
                return default;
            }
        }

        var a = lo;
        if (t[lo].Kind == TokKind.Word && IntroClauseOpeners.Contains(Word(t[lo])))
        {
            a = -1;
            for (var k = lo + 1; k < hi && k <= lo + 24; k++)
            {
                if (IsPunct(t[k], ','))
                {
                    a = k + 1;
                    break;
                }
            }

            if (a < 0)
            {
                return default;
            }
        }

        if (a + 1 >= hi || t[a + 1].Kind != TokKind.Word || t[a + 1].Cap)
        {
            if (a + 1 >= hi || !IsNameToken(t, a))
            {
                return default;
            }
        }

        if (t[a].Kind == TokKind.Word && Word(t[a]) is "He" or "She" or "he" or "she")
        {
            return t[a + 1].Kind == TokKind.Word && !t[a + 1].Cap
                ? new SubjectPhrase { Kind = SubjectKind.Pronoun, A = a, B = a, Word = _words.Lower(Word(t[a])) }
                : default;
        }

        if (!t[a].Cap || !IsNameToken(t, a))
        {
            return default;
        }

        var b = a;
        while (b + 1 < hi && !t[b].Possessive && t[b + 1].Cap && IsNameToken(t, b + 1))
        {
            b++;
        }

        if (t[b].Possessive || b + 1 >= hi || t[b + 1].Kind != TokKind.Word || t[b + 1].Cap || ParseName(t, a, b) is not { Person: true })
        {
            return default;
        }

        var np = new SubjectPhrase { Kind = SubjectKind.Name, A = a, B = b };
        return UnknownOneWordSubject(t, np) ? default : np;
    }

    /// <summary>
    /// 5e. A quote that is the last sentence of its paragraph, right after a narrative sentence opened by he/she or by a
    /// person after an opening clause ("She began, as she often does, with her grandfather. "…""): that person.
    /// </summary>
    private bool TryNarrativeOpenerBefore(Para p, int qt, Attribution attr)
    {
        var t = p.Tokens;
        var s = t[qt].Sentence;
        if (s == 0 || p.SentenceStart[s] != qt)
        {
            return false;
        }

        var np = NarrativeOpener(t, p.SentenceStart[s - 1], qt) is { Kind: not SubjectKind.None } opener ? opener : TitledNarrativeOpener(t, p.SentenceStart[s - 1], qt);
        if (np.Kind == SubjectKind.None)
        {
            return false;
        }

        Fill(p, t, -1, np, attr, "sentence-before");
        return attr.Speaker is not null;
    }

    /// <summary>
    /// 6b. A paragraph that is only a quote, after a paragraph without quotes whose last sentence is about a person
    /// opened after a clause ("Asked whether she could win, Okonkwo grinned.") or by he/she: that person.
    /// </summary>
    private bool TryNarrativeOpenerOfParagraphBefore(Para p, Attribution attr)
    {
        var i = p.Index - 1;
        if (!p.OnlyQuotes || i < _article.HeadlineParagraphs || i < 0 || _paras[i].Boilerplate || _paras[i].QuoteFrom != _paras[i].QuoteTo
            || _quotes[p.QuoteFrom].Close < 0)
        {
            return false;
        }

        var prev = _paras[i];
        var t = prev.Tokens;
        if (t.Length < 4)
        {
            return false;
        }

        var np = NarrativeOpener(t, prev.SentenceStart[t[^1].Sentence], t.Length) is { Kind: not SubjectKind.None } opener ? opener : TitledNarrativeOpener(t, prev.SentenceStart[t[^1].Sentence], t.Length);
        if (np.Kind == SubjectKind.None)
        {
            return false;
        }

        Fill(prev, t, -1, np, attr, "previous-paragraph");
        return attr.Speaker is not null;
    }

    /// <summary>
    /// A subject phrase the older rules resolve to nobody, linked to a person named earlier: a role acronym ("the CFO
    /// said", <see cref="RoleAcronymHolder"/>) or one capitalized word right next to the reporting verb that is the first
    /// or last name of exactly one person named in full before it, even when the word is also a common noun ("…," Bill
    /// says after "Bill Okafor", "Fox said" after "Bernadette Fox"). -1 when neither.
    /// </summary>
    private int LinkedMention(Para p, Token[] t, SubjectPhrase np, int cue, int pos)
    {
        var acr = RoleAcronymHolder(p, t, np, pos);
        if (acr >= 0 || cue < 0)
        {
            return acr;
        }

        int k;
        if (np.Kind == SubjectKind.Name && np.A == np.B)
        {
            k = np.A;
        }
        else if (np.Kind == SubjectKind.None && cue > 0 && t[cue - 1].Kind == TokKind.Word && t[cue - 1].Cap)
        {
            k = cue - 1;
        }
        else
        {
            return -1;
        }

        if (k < 0 || !(k + 1 == cue || k == cue + 1) || !t[k].Cap || t[k].Possessive || t[k].AllCaps || (k > 0 && Is(t[k - 1], "the")))
        {
            return -1;
        }

        // Name position: the word opens its sentence or follows the quote (""…," Bill says"), or follows the verb at
        // the sentence's end ("said Bill.").
        var opens = k == p.SentenceStart[t[k].Sentence] || (k > 0 && t[k - 1].Kind == TokKind.Quote);
        var closes = k == cue + 1 && (k + 1 >= t.Length || IsPunct(t[k + 1], '.') || IsPunct(t[k + 1], ','));
        if (!opens && !closes)
        {
            return -1;
        }

        var id = _reg.ResolveShort(Word(t[k]), Gender.Unknown, t[k].Start);
        if (id < 0 || _reg[id].Tokens < 2 || _reg[id].Anonymous || _reg[id].FirstPos >= t[k].Start)
        {
            return -1;
        }

        // Only one person named in full may carry the word as a first or last name.
        var again = _reg.ResolveShort(Word(t[k]), _reg[id].Gender == Gender.Male ? Gender.Female : _reg[id].Gender == Gender.Female ? Gender.Male : Gender.Unknown, t[k].Start);
        return again >= 0 && again != id ? -1 : id;
    }
}
