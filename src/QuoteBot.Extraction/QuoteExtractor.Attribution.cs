namespace QuoteBot.Extraction;

internal sealed partial class ArticleScan
{
    private readonly Dictionary<int, Attribution> _attrByQuote = [];
    private Attribution? _lastQuoteAttr;
    private int _lastQuotePara = -1;

    // ---------------------------------------------------------------- phase 2: attribution

    private IReadOnlyList<ExtractedQuote> Attribute()
    {
        var result = new List<ExtractedQuote>();
        var group = 0;
        var groupOf = new Dictionary<int, int>();
        foreach (var p in _paras)
        {
            var t = p.Tokens;

            // Record the subjects of reporting verbs that attribute no quote (indirect speech) as speakers too.
            RecordIndirectSpeakers(p);
            if (p.Boilerplate || p.Index < _article.HeadlineParagraphs)
            {
                // Quoted words in a headline are labels, not quotes; the body repeats anything that matters.
                continue;
            }

            for (var qi = p.QuoteFrom; qi < p.QuoteTo; qi++)
            {
                var q = _quotes[qi];
                var attr = AttributeQuote(p, q);
                _attrByQuote[qi] = attr;
                if (!Keep(p, q, attr))
                {
                    continue;
                }

                if (attr.Entity >= 0)
                {
                    AddSpeaker(new Mention { Pos = q.Open, Entity = attr.Entity, Paragraph = p.Index, Speaker = true });
                }

                _lastQuoteAttr = attr;
                _lastQuotePara = p.Index;

                // Same utterance: a continuation, or the second half of a quote split by its attribution.
                int g;
                var prevIdx = qi - 1;
                if (q.ContinuesPrev && prevIdx >= 0 && groupOf.TryGetValue(prevIdx, out var pg))
                {
                    g = pg;
                }
                else if (qi > p.QuoteFrom && groupOf.TryGetValue(qi - 1, out var sg) && _attrByQuote.TryGetValue(qi - 1, out var pa)
                    && ((attr.CueTok >= 0 && attr.CueTok == pa.CueTok) || attr.Method == "previous-sentence")
                    && SameSpeaker(pa, attr))
                {
                    g = sg;
                }
                else
                {
                    g = ++group;
                }

                groupOf[qi] = g;
                result.Add(new ExtractedQuote
                {
                    Text = _text[q.TextStart..q.TextEnd],
                    Start = q.TextStart,
                    End = q.TextEnd,
                    Speaker = attr.Speaker,
                    Cue = attr.Cue,
                    Paragraph = p.Index,
                    Audience = attr.Audience,
                    Group = g,
                    Method = attr.Method,
                });
            }

            _ = t;
        }

        return result;
    }

    private static bool SameSpeaker(Attribution a, Attribution b) =>
        string.Equals(a.Speaker, b.Speaker, StringComparison.Ordinal);

    private void RecordIndirectSpeakers(Para p)
    {
        var t = p.Tokens;
        for (var i = 0; i < t.Length; i++)
        {
            if (!t[i].Cue || Span(t[i]).EndsWith("ing", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var lo = p.SentenceStart[t[i].Sentence];
            var np = BackwardSubject(t, i, lo);
            if (np.Kind != NPKind.Name)
            {
                continue;
            }

            var (id, _) = ResolveNP(p, t, np, t[i].Start);
            if (id >= 0)
            {
                AddSpeaker(new Mention { Pos = t[i].Start, Entity = id, Paragraph = p.Index, Speaker = true });
            }
        }
    }

    // Keeps the speaker list sorted by position.
    private void AddSpeaker(Mention m)
    {
        var list = _reg.Speakers;
        var i = list.Count;
        while (i > 0 && list[i - 1].Pos > m.Pos)
        {
            i--;
        }

        list.Insert(i, m);
    }

    private Attribution AttributeQuote(Para p, QuoteSpan q)
    {
        var t = p.Tokens;
        var qt = q.TokenIndex;
        var attr = new Attribution();

        // 1. Cue right after the quote: "…," Zelenskyy said / said Zelenskyy / he told Newsmax.
        if (TryTail(p, qt, attr))
        {
            return attr;
        }

        // 2. Cue before it in the same sentence: Zelenskyy told Newsmax: "…" / according to X, "…".
        if (TryHead(p, qt, attr))
        {
            return attr;
        }

        // 3. "Name: "…"" and "Trump's answer: "…"".
        if (TryColonName(p, qt, attr))
        {
            return attr;
        }

        // 4. Continuation of a quote from the previous paragraph.
        if (q.ContinuesPrev && _lastQuoteAttr is not null && _lastQuotePara == p.Index - 1)
        {
            Copy(_lastQuoteAttr, attr, "continuation");
            return attr;
        }

        // 5. A cue elsewhere in the paragraph: "Zelenskyy said Tuesday. "…"" or the next sentence.
        if (TryOtherSentence(p, qt, attr))
        {
            return attr;
        }

        // 6. A quote opening its paragraph with nothing said: the previous paragraph's colon intro or last speaker.
        if (qt == 0 || p.OnlyQuotes || FirstWordAfter(t, qt) < 0)
        {
            if (TryPreviousParagraph(p, attr))
            {
                return attr;
            }
        }

        return attr;
    }

    private static int FirstWordAfter(Token[] t, int qt)
    {
        for (var k = qt + 1; k < t.Length; k++)
        {
            if (t[k].Kind == TokKind.Word)
            {
                return k;
            }

            if (t[k].Kind == TokKind.Quote)
            {
                return -1;
            }
        }

        return -1;
    }

    private static void Copy(Attribution from, Attribution to, string method)
    {
        to.Entity = from.Entity;
        to.Speaker = from.Speaker;
        to.Cue = from.Cue;
        to.Audience = from.Audience;
        to.Method = method;
    }

    private bool TryTail(Para p, int qt, Attribution attr)
    {
        var t = p.Tokens;
        var q = _quotes[t[qt].QuoteIndex];
        var j = qt + 1;
        while (j < t.Length && t[j].Kind == TokKind.Punct && t[j].P is ',' or '\u2014' or '\u2013' or '-' or ')')
        {
            j++;
        }

        if (j >= t.Length || t[j].Kind != TokKind.Word)
        {
            return false;
        }

        var lastChar = _text[q.TextEnd - 1];
        if (lastChar == '.' && j == qt + 1 && !t[j].Cue)
        {
            // "…end." Next sentence: only an immediate "Name said" counts.
            if (!CueFollowsName(t, j))
            {
                return false;
            }
        }

        var first = t[j];
        var fw = Word(first);
        var ok = first.Cue || first.Cap || Lexicon.Pronouns.Contains(fw) || Lexicon.Determiners.Contains(fw)
            || Lexicon.RoleNouns.Contains(fw) || Lexicon.GroupNouns.Contains(fw) || Lexicon.Fillers.Contains(fw);
        if (!ok)
        {
            return false;
        }

        var cue = -1;
        for (var k = j; k < t.Length && k <= j + 16; k++)
        {
            if (t[k].Kind == TokKind.Quote || (t[k].Kind == TokKind.Punct && t[k].P is '.' or '!' or '?' or ';' or ':'))
            {
                break;
            }

            if (t[k].Cue)
            {
                cue = k;
                break;
            }
        }

        if (cue < 0)
        {
            return false;
        }

        if (cue == j && Lexicon.IsParticiple(Word(t[cue])))
        {
            // "…," telling reporters: the subject is the sentence's, found by the head rule.
            return false;
        }

        // Between the quote and a later cue there must be only a subject: "…," the former senator from Ohio said.
        NP np;
        if (cue == j)
        {
            np = ForwardSubject(t, cue, t.Length);
        }
        else
        {
            np = BackwardSubject(t, cue, j);
            if (np.Kind == NPKind.None || np.A != j && !SubjectSpansFrom(t, j, np.A))
            {
                return false;
            }
        }

        Fill(p, t, cue, np, attr, "tail");
        attr.Tail = true;
        return true;
    }

    // True when everything from j to a is part of a subject phrase (determiners, role words, names, commas).
    private bool SubjectSpansFrom(Token[] t, int j, int a)
    {
        for (var k = j; k < a; k++)
        {
            if (t[k].Kind == TokKind.Quote)
            {
                return false;
            }

            if (t[k].Kind == TokKind.Word && t[k].Cue)
            {
                return false;
            }
        }

        return a - j <= 10;
    }

    private bool TryHead(Para p, int qt, Attribution attr)
    {
        var t = p.Tokens;
        var lo = p.SentenceStart[t[qt].Sentence];
        var first = -1;
        for (var k = qt - 1; k >= lo; k--)
        {
            if (t[k].Cue)
            {
                first = k;
                break;
            }
        }

        if (first < 0)
        {
            return false;
        }

        Fill(p, t, first, FindSubject(t, first, lo, qt), attr, "head");
        return true;
    }

    /// <summary>
    /// The subject for cue <paramref name="first"/>: its own subject (before it, or after it when inverted); for a
    /// participle or a coordinated verb ("and insisted"), the subject of an earlier cue; else the sentence's first name.
    /// </summary>
    private NP FindSubject(Token[] t, int first, int lo, int hi)
    {
        for (var k = first; k >= lo; k--)
        {
            if (!t[k].Cue)
            {
                continue;
            }

            var np = BackwardSubject(t, k, lo);
            if (np.Kind == NPKind.None && !Lexicon.IsParticiple(Word(t[k])))
            {
                np = ForwardSubject(t, k, hi);
            }

            if (np.Kind != NPKind.None)
            {
                return np;
            }
        }

        return SentenceSubject(t, lo, first);
    }

    private NP SentenceSubject(Token[] t, int lo, int hi)
    {
        for (var k = lo; k < hi; k++)
        {
            if (t[k].Kind == TokKind.Word && Lexicon.Pronouns.Contains(Word(t[k])) && k <= lo + 3)
            {
                return new NP { Kind = NPKind.Pronoun, A = k, B = k, Word = Word(t[k]).ToLowerInvariant() };
            }

            if (IsNameToken(t, k) && t[k].Cap)
            {
                var b = k;
                while (b + 1 < hi && !t[b].Possessive && IsNameToken(t, b + 1))
                {
                    b++;
                }

                if (!t[b].Possessive)
                {
                    var info = ParseName(t, k, b);
                    if (info is not null && info.Person)
                    {
                        return new NP { Kind = NPKind.Name, A = k, B = b };
                    }
                }

                k = b;
            }
        }

        return default;
    }

    private bool TryColonName(Para p, int qt, Attribution attr)
    {
        var t = p.Tokens;
        if (qt < 2 || !IsPunct(t[qt - 1], ':'))
        {
            return false;
        }

        var lo = p.SentenceStart[t[qt].Sentence];
        var end = qt - 2;

        // "Trump's response:" / "His message:"
        if (t[end].Kind == TokKind.Word && !t[end].Cap && end - 1 >= lo)
        {
            var prev = t[end - 1];
            var pw = Word(prev);
            if (prev.Possessive && IsNameToken(t, end - 1))
            {
                var a = end - 1;
                while (a - 1 >= lo && IsNameToken(t, a - 1) && !t[a - 1].Possessive)
                {
                    a--;
                }

                Fill(p, t, -1, new NP { Kind = NPKind.Name, A = a, B = end - 1 }, attr, "colon");
                return true;
            }

            if (pw is "His" or "his" or "Her" or "her")
            {
                Fill(p, t, -1, new NP { Kind = NPKind.Pronoun, A = end - 1, B = end - 1, Word = pw.Equals("his", StringComparison.OrdinalIgnoreCase) ? "he" : "she" }, attr, "colon");
                return true;
            }

            return false;
        }

        // "Zelenskyy:" at the start of the sentence.
        if (IsNameToken(t, end) && t[end].Cap)
        {
            var a = end;
            while (a - 1 >= lo && IsNameToken(t, a - 1))
            {
                a--;
            }

            if (a != lo)
            {
                return false;
            }

            var info = ParseName(t, a, end);
            if (info is null || !info.Person)
            {
                return false;
            }

            Fill(p, t, -1, new NP { Kind = NPKind.Name, A = a, B = end }, attr, "colon");
            return true;
        }

        return false;
    }

    private bool TryOtherSentence(Para p, int qt, Attribution attr)
    {
        var t = p.Tokens;
        var s = t[qt].Sentence;

        // Nearest earlier sentence in the paragraph with an attributed cue.
        for (var k = p.SentenceStart[s] - 1; k >= 0; k--)
        {
            if (t[k].Kind == TokKind.Quote)
            {
                var prevQ = t[k].QuoteIndex;
                if (_attrByQuote.TryGetValue(prevQ, out var pa) && pa.Method != "none")
                {
                    Copy(pa, attr, "previous-sentence");
                    attr.CueTok = pa.CueTok;
                    return true;
                }

                continue;
            }

            if (!t[k].Cue || Lexicon.IsParticiple(Word(t[k])))
            {
                continue;
            }

            var lo = p.SentenceStart[t[k].Sentence];
            var np = BackwardSubject(t, k, lo);
            if (np.Kind == NPKind.None)
            {
                np = ForwardSubject(t, k, t.Length);
            }

            if (np.Kind == NPKind.None)
            {
                continue;
            }

            Fill(p, t, k, np, attr, "previous-sentence");
            return true;
        }

        // The quote is a sentence on its own and the next sentence names the speaker: "…" That was Trump's reply.
        if (s + 1 < p.SentenceStart.Length && OnlyQuoteInSentence(t, qt))
        {
            var from = p.SentenceStart[s + 1];
            var to = s + 2 < p.SentenceStart.Length ? p.SentenceStart[s + 2] : t.Length;
            for (var k = from; k < to; k++)
            {
                if (!t[k].Cue || Lexicon.IsParticiple(Word(t[k])))
                {
                    continue;
                }

                var np = BackwardSubject(t, k, from);
                if (np.Kind == NPKind.None)
                {
                    np = ForwardSubject(t, k, to);
                }

                if (np.Kind is NPKind.Name or NPKind.Pronoun && k - from <= 6)
                {
                    Fill(p, t, k, np, attr, "next-sentence");
                    return true;
                }

                break;
            }
        }

        return false;
    }

    private static bool OnlyQuoteInSentence(Token[] t, int qt)
    {
        var s = t[qt].Sentence;
        for (var k = 0; k < t.Length; k++)
        {
            if (k != qt && t[k].Sentence == s && t[k].Kind == TokKind.Word)
            {
                return false;
            }
        }

        return true;
    }

    private bool TryPreviousParagraph(Para p, Attribution attr)
    {
        // Nearest previous non-boilerplate paragraph.
        var i = p.Index - 1;
        if (i < _article.HeadlineParagraphs || i < 0)
        {
            return false;
        }

        var prev = _paras[i];
        if (prev.Boilerplate)
        {
            return false;
        }

        var t = prev.Tokens;

        // Ends with a colon intro: "Zelenskyy said Tuesday:".
        if (t.Length > 0 && IsPunct(t[^1], ':'))
        {
            var lo = prev.SentenceStart[t[^1].Sentence];
            for (var k = t.Length - 2; k >= lo; k--)
            {
                if (t[k].Cue)
                {
                    Fill(prev, t, k, FindSubject(t, k, lo, t.Length - 1), attr, "colon-paragraph");
                    return true;
                }
            }

            var subj = SentenceSubject(t, lo, t.Length - 1);
            if (subj.Kind != NPKind.None)
            {
                Fill(prev, t, -1, subj, attr, "colon-paragraph");
                return true;
            }
        }

        // The last quote of the previous paragraph, if it had a speaker.
        if (_lastQuoteAttr is not null && _lastQuotePara == i && _lastQuoteAttr.Speaker is not null)
        {
            Copy(_lastQuoteAttr, attr, "continuation");
            return true;
        }

        // Otherwise the last reporting verb of the previous paragraph (indirect speech), but only for a paragraph
        // that is nothing but a quote.
        if (p.OnlyQuotes)
        {
            for (var k = t.Length - 1; k >= 0; k--)
            {
                if (!t[k].Cue || Lexicon.IsParticiple(Word(t[k])))
                {
                    continue;
                }

                var lo = prev.SentenceStart[t[k].Sentence];
                var np = BackwardSubject(t, k, lo);
                if (np.Kind == NPKind.None)
                {
                    np = ForwardSubject(t, k, t.Length);
                }

                if (np.Kind is NPKind.Name or NPKind.Pronoun)
                {
                    Fill(prev, t, k, np, attr, "previous-paragraph");
                    return attr.Speaker is not null;
                }
            }
        }

        return false;
    }

    // ---------------------------------------------------------------- noun phrases

    /// <summary>The subject standing before cue <paramref name="c"/>, not reaching before token <paramref name="lo"/>.</summary>
    private NP BackwardSubject(Token[] t, int c, int lo)
    {
        var j = c - 1;
        while (j >= lo && t[j].Kind == TokKind.Word && !t[j].Cap)
        {
            var w = Span(t[j]);
            if (Lexicon.FillerLookup.Contains(w) || (w.Length > 4 && w.EndsWith("ly", StringComparison.Ordinal)))
            {
                j--;
                continue;
            }

            // "… on Tuesday said"
            if (TimeLookup.Contains(w) && j - 1 >= lo && Is(t[j - 1], "on"))
            {
                j -= 2;
                continue;
            }

            break;
        }

        // "used to tell", "went on to say"
        if (j - 1 >= lo && Is(t[j], "to") && t[j - 1].Kind == TokKind.Word && !t[j - 1].Cap)
        {
            j -= 2;
            while (j >= lo && t[j].Kind == TokKind.Word && !t[j].Cap && (Lexicon.Fillers.Contains(Word(t[j])) || Is(t[j], "on")))
            {
                j--;
            }
        }

        // "Zelenskyy on Tuesday said" with a capitalized day.
        while (j - 1 >= lo && t[j].Kind == TokKind.Word && TimeLookup.Contains(Span(t[j])) && (Is(t[j - 1], "on") || Is(t[j - 1], "last") || Is(t[j - 1], "late") || Is(t[j - 1], "early")))
        {
            j -= 2;
        }

        if (j < lo)
        {
            return default;
        }

        if (t[j].Kind == TokKind.Punct && t[j].P == ')')
        {
            var k = j - 1;
            while (k >= lo && !IsPunct(t[k], '('))
            {
                k--;
            }

            if (k <= lo)
            {
                return default;
            }

            j = k - 1;
        }

        if (t[j].Kind == TokKind.Punct && t[j].P == ',')
        {
            // Apposition: "Jane Doe, a spokeswoman for X, said" or "a spokeswoman for X, Jane Doe, said".
            var k = j - 1;
            while (k >= lo && !IsPunct(t[k], ',') && t[k].Kind != TokKind.Quote)
            {
                k--;
            }

            var segA = k + 1;
            var segB = j - 1;
            if (segB < segA)
            {
                return default;
            }

            if (IsNameRun(t, segA, segB))
            {
                var info = ParseName(t, segA, segB);
                if (info is not null && info.Person)
                {
                    if (k >= lo && IsPunct(t[k], ','))
                    {
                        LearnAppositionRole(t, lo, k, info);
                    }

                    return new NP { Kind = NPKind.Name, A = segA, B = segB };
                }
            }

            if (Is(t[segA], "who") && k >= lo && IsPunct(t[k], ','))
            {
                return NPEndingAt(t, k - 1, lo);
            }

            if (k >= lo && IsPunct(t[k], ','))
            {
                var before = NPEndingAt(t, k - 1, lo);
                if (before.Kind != NPKind.None)
                {
                    LearnRoleFromSegment(t, segA, segB, before);
                    return before;
                }
            }

            return default;
        }

        if (Is(t[j], "who") && j - 1 >= lo && IsPunct(t[j - 1], ','))
        {
            return NPEndingAt(t, j - 2, lo);
        }

        return NPEndingAt(t, j, lo);
    }

    private bool IsNameRun(Token[] t, int a, int b)
    {
        for (var k = a; k <= b; k++)
        {
            if (!IsNameToken(t, k))
            {
                return false;
            }
        }

        return t[a].Cap && !t[b].Possessive;
    }

    private NP NPEndingAt(Token[] t, int j, int lo)
    {
        if (j < lo || j < 0 || t[j].Kind != TokKind.Word)
        {
            return default;
        }

        var w = Word(t[j]);
        if (Lexicon.Pronouns.Contains(w))
        {
            return new NP { Kind = NPKind.Pronoun, A = j, B = j, Word = w.ToLowerInvariant() };
        }

        if (t[j].Cap && IsNameToken(t, j) && !t[j].Possessive)
        {
            var a = j;
            while (a - 1 >= lo && IsNameToken(t, a - 1) && !t[a - 1].Possessive)
            {
                a--;
            }

            while (a < j && !t[a].Cap)
            {
                a++;
            }

            var info = ParseName(t, a, j);
            if (info is not null && (!info.Person || (info.Parts.Count == 1 && !info.Honorific && _reg.ResolveShort(info.Parts[0], info.Gender, t[a].Start) < 0)))
            {
                // "Gov. Luisa Ferrante of the southern province of Tessaro said": the person before "of".
                var owner = OwnerBefore(t, a, lo);
                if (owner.Kind != NPKind.None)
                {
                    return owner;
                }
            }

            return new NP { Kind = NPKind.Name, A = a, B = j };
        }

        if (!t[j].Cap && (Lexicon.RoleNouns.Contains(w) || Lexicon.GroupNouns.Contains(w)
            || (j - 1 >= lo && t[j - 1].Kind == TokKind.Word && Lexicon.Determiners.Contains(Word(t[j - 1])))))
        {
            var a = j;
            while (a - 1 >= lo && t[a - 1].Kind == TokKind.Word && !Lexicon.Determiners.Contains(Word(t[a - 1])) && a > j - 5 && !t[a - 1].Cue)
            {
                a--;
            }

            return new NP { Kind = NPKind.Role, A = a, B = j, Word = w.ToLowerInvariant() };
        }

        return default;
    }

    private NP OwnerBefore(Token[] t, int a, int lo)
    {
        var k = a - 1;
        var sawOf = false;
        while (k >= lo && k >= a - 10)
        {
            var tk = t[k];
            if (tk.Kind == TokKind.Word && !tk.Cap)
            {
                var w = Word(tk);
                if (tk.Cue || w is "that" or "which" or "who" or "and" or "but")
                {
                    return default;
                }

                sawOf |= w is "of" or "from" or "for" or "in" or "at";
                k--;
                continue;
            }

            if (tk.Kind == TokKind.Word && tk.Cap && sawOf && IsNameToken(t, k) && !tk.Possessive)
            {
                var b = k;
                var s = k;
                while (s - 1 >= lo && IsNameToken(t, s - 1) && !t[s - 1].Possessive)
                {
                    s--;
                }

                var info = ParseName(t, s, b);
                if (info is not null && info.Person)
                {
                    return new NP { Kind = NPKind.Name, A = s, B = b };
                }

                k = s - 1;
                continue;
            }

            return default;
        }

        return default;
    }

    /// <summary>The subject after an inverted cue: "said Zelenskyy", "said a spokeswoman, Jane Doe", "according to X".</summary>
    private NP ForwardSubject(Token[] t, int c, int hi)
    {
        var k = c + 1;
        if (Is(t[c], "according") && k < hi && Is(t[k], "to"))
        {
            k++;
        }
        else if (k < hi && t[k].Kind == TokKind.Word && Lexicon.Particles.Contains(Word(t[k])) && Lexicon.NeedsParticleAfter(Word(t[c])))
        {
            k++;
        }

        if (k >= hi || t[k].Kind != TokKind.Word)
        {
            return default;
        }

        var w = Word(t[k]);
        if (w is "he" or "she" or "they")
        {
            return new NP { Kind = NPKind.Pronoun, A = k, B = k, Word = w };
        }

        if (t[k].Cap && IsNameToken(t, k))
        {
            var b = k;
            while (b + 1 < hi && !t[b].Possessive && IsNameToken(t, b + 1))
            {
                b++;
            }

            if (t[b].Possessive)
            {
                return default;
            }

            var info = ParseName(t, k, b);
            if (info is not null && info.Person)
            {
                return new NP { Kind = NPKind.Name, A = k, B = b };
            }

            // "said White House spokeswoman Karoline Leavitt", "said Greens co-leader Femi Oduya": role words, then the name.
            var m = b + 1;
            while (m < hi && m <= b + 3 && t[m].Kind == TokKind.Word && !t[m].Cap && !t[m].Cue && Word(t[m]) is not ("that" or "who" or "which" or "on" or "in" or "at" or "after"))
            {
                m++;
            }

            if (m > b + 1 && m < hi && t[m].Cap && IsNameToken(t, m))
            {
                var e = m;
                while (e + 1 < hi && !t[e].Possessive && IsNameToken(t, e + 1))
                {
                    e++;
                }

                return new NP { Kind = NPKind.Name, A = m, B = e };
            }

            return info is null ? default : new NP { Kind = NPKind.Name, A = k, B = b };
        }

        if (Lexicon.Determiners.Contains(w) || Lexicon.RoleNouns.Contains(w) || Lexicon.GroupNouns.Contains(w) || !t[k].Cap)
        {
            // Role phrase, possibly followed by ", Name," apposition.
            var m = k;
            var head = -1;
            while (m < hi && m <= k + 8 && t[m].Kind == TokKind.Word && !t[m].Cue)
            {
                var mw = Word(t[m]);
                if (!t[m].Cap && (Lexicon.RoleNouns.Contains(mw) || Lexicon.GroupNouns.Contains(mw)) && head < 0)
                {
                    head = m;
                }

                if (!t[m].Cap && head < 0 && !Lexicon.Determiners.Contains(mw) && !Lexicon.Titles.Contains(mw) && !Lexicon.RoleNouns.Contains(mw) && mw is not ("for" or "of" or "at" or "to" or "with") && m > k + 3)
                {
                    break;
                }

                if (t[m].Cap && head < 0 && IsNameToken(t, m) && m > k)
                {
                    // "said White House spokeswoman Karoline Leavitt" continues below.
                }

                m++;
            }

            if (m < hi && IsPunct(t[m], ',') && m + 1 < hi && t[m + 1].Cap && IsNameToken(t, m + 1))
            {
                var e = m + 1;
                while (e + 1 < hi && !t[e].Possessive && IsNameToken(t, e + 1))
                {
                    e++;
                }

                var info = ParseName(t, m + 1, e);
                if (info is not null && info.Person)
                {
                    if (head >= 0)
                    {
                        info.TitleWords.Add(Word(t[head]).ToLowerInvariant());
                    }

                    return new NP { Kind = NPKind.Name, A = m + 1, B = e };
                }
            }

            // "said White House spokeswoman Karoline Leavitt"
            for (var x = k; x < m; x++)
            {
                if (t[x].Cap && IsNameToken(t, x) && x > k && !t[x - 1].Cap)
                {
                    var e = x;
                    while (e + 1 < hi && !t[e].Possessive && IsNameToken(t, e + 1))
                    {
                        e++;
                    }

                    var info = ParseName(t, x, e);
                    if (info is not null && info.Person && info.Parts.Count >= 2)
                    {
                        return new NP { Kind = NPKind.Name, A = x, B = e };
                    }
                }
            }

            if (head >= 0)
            {
                return new NP { Kind = NPKind.Role, A = k, B = head, Word = Word(t[head]).ToLowerInvariant() };
            }
        }

        return default;
    }

    private void LearnAppositionRole(Token[] t, int lo, int k, NameInfo info)
    {
        // "a spokeswoman for X, Jane Doe, said": the role words before the name's comma.
        for (var x = k - 1; x >= lo && x >= k - 8; x--)
        {
            if (t[x].Kind == TokKind.Word && !t[x].Cap && Lexicon.RoleNouns.Contains(Word(t[x])))
            {
                info.TitleWords.Add(Word(t[x]).ToLowerInvariant());
                ApplyGenderWord(info, Word(t[x]));
                break;
            }
        }
    }

    private void LearnRoleFromSegment(Token[] t, int a, int b, NP subject)
    {
        if (subject.Kind != NPKind.Name)
        {
            return;
        }

        for (var x = a; x <= b; x++)
        {
            if (t[x].Kind == TokKind.Word && !t[x].Cap && Lexicon.RoleNouns.Contains(Word(t[x])))
            {
                var info = ParseName(t, subject.A, subject.B);
                if (info is null || !info.Person)
                {
                    return;
                }

                var id = info.Parts.Count >= 2 ? _reg.GetOrAddFull(info, t[subject.A].Start) : _reg.ResolveShort(info.Parts[0], info.Gender, t[subject.A].Start);
                if (id >= 0)
                {
                    _reg[id].Roles.Add(Word(t[x]).ToLowerInvariant());
                    var g = Lexicon.FemaleRoles.Contains(Word(t[x])) ? Gender.Female : Lexicon.MaleRoles.Contains(Word(t[x])) ? Gender.Male : Gender.Unknown;
                    if (_reg[id].Gender == Gender.Unknown)
                    {
                        _reg[id].Gender = g;
                    }
                }

                return;
            }
        }
    }

    // ---------------------------------------------------------------- resolution

    private void Fill(Para p, Token[] t, int cue, NP np, Attribution attr, string method)
    {
        if (cue >= 0 && Word(t[cue]).ToLowerInvariant() is "read" or "reads" or "reading" or "words")
        {
            // Signs, banners and graffiti have no speaker.
            np = default;
        }

        attr.Method = method;
        attr.Attached = method is "tail" or "head" or "colon";
        attr.CueTok = cue >= 0 ? t[cue].Start : -1;
        if (cue >= 0)
        {
            attr.Cue = CueText(t, cue);
            attr.Audience = Audience(p, t, cue);
        }

        var pos = cue >= 0 ? t[cue].Start : (np.Kind != NPKind.None ? t[np.A].Start : p.Start);
        var (id, name) = ResolveNP(p, t, np, pos);
        attr.Entity = id;
        attr.Speaker = name;
    }

    private string CueText(Token[] t, int cue)
    {
        var w = Word(t[cue]).ToLowerInvariant();
        if (w == "according")
        {
            return "according to";
        }

        if (Lexicon.NeedsParticleAfter(w) && cue + 1 < t.Length && t[cue + 1].Kind == TokKind.Word)
        {
            return w + " " + Word(t[cue + 1]).ToLowerInvariant();
        }

        return w;
    }

    private string? Audience(Para p, Token[] t, int cue)
    {
        var w = Word(t[cue]).ToLowerInvariant();
        var k = cue + 1;
        if (w is "told" or "tells" or "tell" or "telling" or "informed" or "assured" or "reassured" or "warned" or "urged" or "asked")
        {
            // "told Rob Schmitt", "told reporters", "told Newsmax".
        }
        else if (k < t.Length && Is(t[k], "to") && w is not "according")
        {
            k++;
        }
        else
        {
            return null;
        }

        if (k >= t.Length || t[k].Kind != TokKind.Word)
        {
            return null;
        }

        if (t[k].Cap)
        {
            var b = k;
            while (b + 1 < t.Length && !t[b].Possessive && (IsNameToken(t, b + 1) || (t[b + 1].AllCaps && t[b + 1].Kind == TokKind.Word)))
            {
                b++;
            }

            var info = ParseName(t, k, b);
            if (info is not null && info.Person)
            {
                var (id, name) = ResolveNP(p, t, new NP { Kind = NPKind.Name, A = k, B = b }, t[k].Start);
                return name ?? info.Text;
            }

            return string.Join(' ', Enumerable.Range(k, b - k + 1).Select(x => StripPossessive(Word(t[x]))));
        }

        var lw = Word(t[k]);
        if (lw is "reporters" or "journalists" or "lawmakers" or "supporters" or "the" or "a" or "an" or "an")
        {
            if (lw is "the" or "a" or "an")
            {
                if (k + 1 < t.Length && t[k + 1].Kind == TokKind.Word)
                {
                    var b = k + 1;
                    while (b + 1 < t.Length && t[b + 1].Kind == TokKind.Word && b < k + 4 && !t[b + 1].Cue && Word(t[b + 1]) is not ("in" or "on" or "at" or "that" or "during" or "after"))
                    {
                        b++;
                    }

                    return _text[t[k].Start..t[b].End];
                }

                return null;
            }

            return lw;
        }

        return null;
    }

    private (int Id, string? Name) ResolveNP(Para p, Token[] t, NP np, int pos)
    {
        switch (np.Kind)
        {
            case NPKind.Name:
                {
                    var info = ParseName(t, np.A, np.B);
                    if (info is null)
                    {
                        return (-1, null);
                    }

                    if (!info.Person)
                    {
                        // An organization or place speaking ("the Kremlin said") names no person.
                        return (-1, null);
                    }

                    if (info.Parts.Count >= 2)
                    {
                        var id = _reg.GetOrAddFull(info, t[info.NameStart].Start);
                        return (id, _reg[id].Name);
                    }

                    var at = t[info.NameStart].Start;
                    if (!_resolvedAt.TryGetValue(at, out var sid))
                    {
                        sid = _reg.ResolveShort(info.Parts[0], info.Gender, at);
                        if (sid < 0 && (info.Honorific || LooksLikeSurname(info.Parts[0])))
                        {
                            sid = _reg.AddSingle(info, at);
                        }

                        _resolvedAt[at] = sid;
                    }

                    // A lone capitalized word never introduced as a person (a country, a party) is no speaker.
                    return sid < 0 ? (-1, null) : (sid, _reg[sid].Name);
                }

            case NPKind.Pronoun:
                {
                    var w = np.Word ?? "he";
                    if (w is "i" or "we")
                    {
                        var label = InterviewLabel(p);
                        if (label.Kind == NPKind.Name)
                        {
                            return ResolveNP(p, t == p.Tokens ? t : p.Tokens, label, p.Start);
                        }

                        return (-1, w == "i" ? _article.Meta.Author : null);
                    }

                    var gender = w switch { "he" => Gender.Male, "she" => Gender.Female, _ => Gender.Unknown };
                    var id = ResolvePronoun(gender, w == "they", t[np.A].Start, p.Index);
                    return id < 0 || _reg[id].Anonymous ? (-1, null) : (id, _reg[id].Name);
                }

            case NPKind.Role:
                {
                    var role = np.Word ?? string.Empty;
                    if (Lexicon.GroupNouns.Contains(role) && !Lexicon.RoleNouns.Contains(role))
                    {
                        return (-1, null);
                    }

                    // "the spokeswoman said" is the person introduced with that role; "a spokeswoman" is someone new.
                    var det = np.A > 0 && t[np.A - 1].Kind == TokKind.Word ? Word(t[np.A - 1]) : Word(t[np.A]);
                    var definite = det.Equals("the", StringComparison.OrdinalIgnoreCase) || det is "his" or "her" or "their" or "its"
                        || Is(t[np.A], "the") || (np.A > 0 && t[np.A - 1].Possessive) || t[np.A].Possessive;
                    if (!definite)
                    {
                        return (-1, null);
                    }

                    var id = _reg.FindByRole(role, pos);
                    return id < 0 ? (-1, null) : (id, _reg[id].Name);
                }

            default:
                return (-1, null);
        }
    }

    private static readonly HashSet<string> Locatives = new(StringComparer.OrdinalIgnoreCase)
    {
        "in", "from", "into", "across", "throughout", "near", "inside", "outside", "of", "to", "toward", "towards", "against",
    };

    private readonly Dictionary<string, bool> _surnameCache = new(StringComparer.Ordinal);

    /// <summary>
    /// A lone name never introduced in full ("Trump said") is kept as the speaker unless the article also uses it as a
    /// place or body: after "in", "of", "from", "to" ... or with a possessive ("Kestria's second harbor").
    /// </summary>
    private bool LooksLikeSurname(string token)
    {
        if (_surnameCache.TryGetValue(token, out var known))
        {
            return known;
        }

        var ok = !Lexicon.NonPersonWords.Contains(token) && !Lexicon.GroupNouns.Contains(token) && !Lexicon.RoleNouns.Contains(token)
            && !Lexicon.Titles.Contains(token) && token.Length > 2;
        if (ok)
        {
            foreach (var p in _paras)
            {
                var t = p.Tokens;
                for (var i = 0; i < t.Length && ok; i++)
                {
                    if (t[i].Kind != TokKind.Word || !t[i].Cap)
                    {
                        continue;
                    }

                    var w = Span(t[i]);
                    var possessive = t[i].Possessive && w.Length > 2 && w[..^2].Equals(token, StringComparison.Ordinal);
                    if (!possessive && !w.Equals(token, StringComparison.Ordinal))
                    {
                        continue;
                    }

                    if (i > 0 && t[i - 1].Kind == TokKind.Word && Locatives.Contains(Word(t[i - 1])))
                    {
                        ok = false;
                    }
                    else if (possessive && i + 1 < t.Length && t[i + 1].Kind == TokKind.Word && !t[i + 1].Cap && Lexicon.GroupNouns.Contains(Word(t[i + 1])))
                    {
                        ok = false;
                    }
                }
            }
        }

        _surnameCache[token] = ok;
        return ok;
    }

    /// <summary>"Rask: That they are right." A transcript answer names its speaker before a colon.</summary>
    private NP InterviewLabel(Para p)
    {
        var t = p.Tokens;
        var b = 0;
        while (b < t.Length && b < 5 && IsNameToken(t, b))
        {
            b++;
        }

        if (b == 0 || b >= t.Length || !IsPunct(t[b], ':'))
        {
            return default;
        }

        var info = ParseName(t, 0, b - 1);
        return info is not null && info.Person ? new NP { Kind = NPKind.Name, A = 0, B = b - 1 } : default;
    }

    /// <summary>
    /// He/she/they: the most recent person of compatible gender who spoke or was a sentence subject within the last
    /// few paragraphs; failing that, any person mentioned.
    /// </summary>
    private int ResolvePronoun(Gender gender, bool plural, int pos, int para)
    {
        if (plural)
        {
            var th = Recent(pos, para - 2, m => (m.Speaker || m.Subject) && _reg[m.Entity].Gender == Gender.Unknown && !_reg[m.Entity].Anonymous);
            return th;
        }

        // A speaker or subject of the same gender nearby, then one of unknown gender, then any mention.
        var exact = Recent(pos, para - 3, m => (m.Speaker || m.Subject) && _reg[m.Entity].Gender == gender);
        var unknown = Recent(pos, para - 3, m => (m.Speaker || m.Subject) && _reg[m.Entity].Gender == Gender.Unknown);
        if (exact >= 0 && unknown >= 0)
        {
            // Prefer the unknown-gender candidate only when it is clearly more recent (same paragraph as the pronoun).
            return LastPos(unknown, pos) > LastPos(exact, pos) && MentionPara(unknown, pos) == para && MentionPara(exact, pos) != para ? unknown : exact;
        }

        if (exact >= 0 || unknown >= 0)
        {
            return exact >= 0 ? exact : unknown;
        }

        return Recent(pos, para - 3, m => EntityRegistry.Compatible(gender, _reg[m.Entity].Gender));
    }

    private int Recent(int pos, int minPara, Func<Mention, bool> ok)
    {
        var best = -1;
        var bestPos = -1;
        foreach (var list in new[] { _reg.Speakers, _reg.Mentions })
        {
            for (var i = list.Count - 1; i >= 0; i--)
            {
                var m = list[i];
                if (m.Pos >= pos)
                {
                    continue;
                }

                if (m.Paragraph < minPara || m.Pos <= bestPos)
                {
                    break;
                }

                if (ok(m))
                {
                    best = m.Entity;
                    bestPos = m.Pos;
                    break;
                }
            }
        }

        return best;
    }

    private int LastPos(int entity, int pos)
    {
        var best = -1;
        foreach (var list in new[] { _reg.Speakers, _reg.Mentions })
        {
            foreach (var m in list)
            {
                if (m.Entity == entity && m.Pos < pos && m.Pos > best)
                {
                    best = m.Pos;
                }
            }
        }

        return best;
    }

    private int MentionPara(int entity, int pos)
    {
        var best = -1;
        var para = -1;
        foreach (var list in new[] { _reg.Speakers, _reg.Mentions })
        {
            foreach (var m in list)
            {
                if (m.Entity == entity && m.Pos < pos && m.Pos > best)
                {
                    best = m.Pos;
                    para = m.Paragraph;
                }
            }
        }

        return para;
    }

    // ---------------------------------------------------------------- keep or drop

    private static readonly HashSet<string> SmallTitleWords = new(StringComparer.Ordinal)
    {
        "of", "the", "and", "a", "an", "in", "on", "for", "to", "at", "with", "&", "or", "by", "from", "vs", "vs.",
    };

    private bool Keep(Para p, QuoteSpan q, Attribution attr)
    {
        if (p.Boilerplate)
        {
            return false;
        }

        var t = p.Tokens;
        var qt = q.TokenIndex;
        var words = q.Words;
        var last = _text[q.TextEnd - 1];
        var endsPunct = last is '.' or ',' or '?' or '!' or '\u2026' or '\u2014' or '-' or ';' || (last is '\'' or '\u2019' && q.TextEnd - 2 > q.TextStart && _text[q.TextEnd - 2] is '.' or ',' or '?' or '!');
        var colonIntro = qt > 0 && IsPunct(t[qt - 1], ':');
        var alone = p.OnlyQuotes && p.QuoteTo - p.QuoteFrom == 1;

        if (words == 0)
        {
            return false;
        }

        var opensSentence = p.SentenceStart[t[qt].Sentence] == qt;
        var chant = attr.Attached && attr.Cue is "read" or "reads" or "reading" or "words" or "chanted" or "chanting" or "shouted" or "shouting" or "chant" or "chants";
        if (words >= 2 && words <= 10 && last is not ('!' or '?') && !(opensSentence && attr.Tail) && IsTitleCase(q) && !colonIntro && !(alone && endsPunct && words > 2) && attr.Cue is not ("read" or "reads" or "reading" or "words" or "chanted" or "chanting"))
        {
            return false;
        }

        if (words <= 2)
        {
            // "Probably," she said. / "Not once." after the speaker's previous quote. Never a label inside a sentence.
            return alone || chant || q.ContinuesPrev || (opensSentence && endsPunct && (attr.Tail || attr.Method is "previous-sentence" or "colon"));
        }

        if (words <= 4)
        {
            return attr.Attached || alone || colonIntro || q.ContinuesPrev || (endsPunct && OnlyQuoteInSentence(t, qt));
        }

        if (words < 8 && !attr.Attached && !endsPunct)
        {
            var prevWord = qt > 0 && t[qt - 1].Kind == TokKind.Word;
            var nextWord = qt + 1 < t.Length && t[qt + 1].Kind == TokKind.Word;
            if (prevWord && nextWord)
            {
                return false;
            }
        }

        return true;
    }

    private bool IsTitleCase(QuoteSpan q)
    {
        var i = q.TextStart;
        var any = false;
        while (i < q.TextEnd)
        {
            while (i < q.TextEnd && !char.IsLetterOrDigit(_text[i]))
            {
                i++;
            }

            var s = i;
            while (i < q.TextEnd && !char.IsWhiteSpace(_text[i]))
            {
                i++;
            }

            if (s >= q.TextEnd)
            {
                break;
            }

            var w = _text.AsSpan(s, i - s).TrimEnd(",.:;!?");
            if (w.Length == 0)
            {
                continue;
            }

            if (char.IsUpper(w[0]) || char.IsDigit(w[0]))
            {
                any = true;
                continue;
            }

            if (!SmallTitleWords.Contains(w.ToString()))
            {
                return false;
            }
        }

        return any;
    }
}
