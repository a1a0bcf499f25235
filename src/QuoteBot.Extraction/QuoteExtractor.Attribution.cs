namespace QuoteBot.Extraction;

internal sealed partial class ArticleScan
{
    // Per quote index: its attribution once attributed (arrays, not dictionaries: every quote has an index).
    private Attribution?[] _attrByQuote = [];
    private Attribution? _lastQuoteAttr;
    private int _lastQuotePara = -1;

    // ---------------------------------------------------------------- phase 2: attribution

    private IReadOnlyList<ExtractedQuote> Attribute()
    {
        var result = new List<ExtractedQuote>(_quotes.Count);
        var group = 0;
        _attrByQuote = _buffers.AttrByQuote(_quotes.Count);
        var groupOf = _buffers.GroupOf(_quotes.Count); // 0: no group (the quote was not kept)
        foreach (var p in _paras)
        {
            var t = p.Tokens;

            // Record the subjects of reporting verbs that attribute no quote (indirect speech) as speakers too.
            _label = (-1, -1, null);
            RecordIndirectSpeakers(p);
            if (p.Boilerplate || p.Index < _article.HeadlineParagraphs)
            {
                // Quoted words in a headline are labels, not quotes; the body repeats anything that matters.
                continue;
            }

            // "PENCE: …" opening a transcript paragraph: that person speaks here, so "he said" in it is him.
            _label = UpperLabel(p);
            if (_label.Entity >= 0)
            {
                AddSpeaker(new Mention { Pos = p.Start, Entity = _label.Entity, Paragraph = p.Index, Speaker = true });
            }

            for (var qi = p.QuoteFrom; qi < p.QuoteTo; qi++)
            {
                var q = _quotes[qi];
                var attr = AttributeQuote(p, q);
                _attrByQuote[qi] = attr;
                NoteDocumentCue(p, attr);
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
                if (q.ContinuesPrev && prevIdx >= 0 && groupOf[prevIdx] is var pg && pg != 0)
                {
                    g = pg;
                }
                else if (qi > p.QuoteFrom && groupOf[qi - 1] is var sg && sg != 0 && _attrByQuote[qi - 1] is { } pa
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

                // "…keeps the lights on," said X: the comma belongs to the sentence around the quote.
                var end = q.TextEnd;
                while (end > q.TextStart + 1 && (_text[end - 1] is ',' || char.IsWhiteSpace(_text[end - 1])))
                {
                    end--;
                }

                result.Add(new ExtractedQuote
                {
                    Text = _text[q.TextStart..end],
                    Start = q.TextStart,
                    End = end,
                    Speaker = attr.Speaker,
                    SpeakerKind = attr.Speaker is null ? SpeakerKind.None : attr.Kind == SpeakerKind.None ? SpeakerKind.Person : attr.Kind,
                    Cue = attr.Cue,
                    Paragraph = p.Index,
                    Audience = attr.Audience,
                    Group = g,
                    Method = attr.Method,
                });
            }

            _ = t;
        }

        // A quote running over several paragraphs whose attribution comes only in a later paragraph
        // ("“We waited eleven years. / “Now it is done,” she said."): its earlier, unattributed parts are that speaker's.
        for (var i = result.Count - 2; i >= 0; i--)
        {
            var next = result[i + 1];
            if (result[i].Speaker is null && next.Speaker is not null && next.Group == result[i].Group
                && next.Paragraph == result[i].Paragraph + 1 && next.Method is "tail" or "head" or "continuation")
            {
                result[i] = result[i] with { Speaker = next.Speaker, SpeakerKind = next.SpeakerKind, Cue = next.Cue, Method = "continuation" };
            }
        }

        return result;
    }

    private static bool SameSpeaker(Attribution a, Attribution b) =>
        string.Equals(a.Speaker, b.Speaker, StringComparison.Ordinal);

    private void RecordIndirectSpeakers(Para p)
    {
        var t = p.Tokens;
        for (var s = 0; s < p.SentenceStart.Length; s++)
        {
            // "The 22-year-old Frenchwoman saved two match points": a description opening a sentence is the person this
            // paragraph (or the one before) is about; she keeps it, so a later "the Frenchwoman smiled" is her too, and
            // she is the sentence's subject for a pronoun after it (session 10).
            var lo = p.SentenceStart[s];
            var hi = s + 1 < p.SentenceStart.Length ? p.SentenceStart[s + 1] : t.Length;
            if (hi - lo > 3 && IntroClauseEnd(t, lo, hi) is var open && Is(t[open], "the")
                && OpeningDescription(t, open, hi) is { Kind: SubjectKind.Role, Word: { } role } desc
                && !Lexicon.RoleNouns.Contains(role) && ResolveSubject(p, t, desc, t[desc.A].Start) is { Id: >= 0 } who)
            {
                _reg.AddRole(_reg[who.Id], role);
                AddSpeaker(new Mention { Pos = t[desc.A].Start, Entity = who.Id, Paragraph = p.Index, Subject = true });
            }
        }

        for (var i = 0; i < t.Length; i++)
        {
            if (!t[i].Cap && t[i].Kind == TokKind.Word && i > 0 && i + 2 < t.Length && Lexicon.IsShortLetter(Word(t[i]))
                && Lexicon.Determiners.Contains(Word(t[i - 1])) && WriterAfter(t, i + 1) is { } writer)
            {
                // "a letter from Doreen Pettigrew", "A letter signed by the hospital's chief surgeon, Dr. Pavel
                // Kostrin, …": a later "the letter said" is the writer's (session 10).
                _docSpeakers.Add((t[i].Start, p.Index, _words.Lower(Word(t[i])), writer.Id, writer.Name, SpeakerKind.Person));
            }

            if (t[i].Kind == TokKind.Word && !t[i].Cap && Word(t[i]) is "asked" or "pressed" or "reached" or "contacted" && AskedPersonAfter(t, i) is { Kind: SubjectKind.Name } asked
                && ResolveSubject(p, t, asked, t[asked.A].Start) is { Id: >= 0 } who)
            {
                // "The Herald asked Kerrigan for a response. "…," he said.": the one asked answers next (session 10).
                AddSpeaker(new Mention { Pos = t[asked.A].Start, Entity = who.Id, Paragraph = p.Index, Speaker = true });
            }

            var issued = !t[i].Cue && t[i].Kind == TokKind.Word && !t[i].Cap && t[i].End - t[i].Start >= 5 && Word(t[i]) is "released" or "published" or "issued" or "filed"
                && DocumentNounAfter(t, i + 1) is not null;
            if ((!t[i].Cue && !issued) || Span(t[i]).EndsWith("ing", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var lo = p.SentenceStart[t[i].Sentence];
            var np = BackwardSubject(t, i, lo);
            if (np.Kind == SubjectKind.Role && np.Word is { } noun && Lexicon.IsOrgNoun(noun) && IsDefiniteRole(t, np)
                && (issued || DocumentNounNear(p, t, i) is not null) && RecentOrganisationFor(noun, t[i].Start) is { } body)
            {
                // "The committee said in a report that …": a later "the report said" is the committee's.
                NoteDocumentCue(p, t, i, -1, body, SpeakerKind.Organisation);
                continue;
            }

            if (RoyalBody(t, np) is { } royal)
            {
                // "The royal household said it would …": a later "the household said" is this body.
                _orgSpeakers.Add((t[i].Start, p.Index, royal));
                NoteDocumentCue(p, t, i, -1, royal, SpeakerKind.Organisation);
                continue;
            }

            if (np.Kind == SubjectKind.Role && np.Word is { } job && (Lexicon.RoleNouns.Contains(job) || _reg.AnyWithRole(job)) && !Lexicon.IsOrgNoun(job)
                && IsDefiniteRole(t, np) && (StartsSentence(t, lo, np.A) || OpensCoordinateClause(t, lo, np.A)))
            {
                // "The detective inspector said anyone … should come forward. "…," he said.": the person the role
                // stands for is who "he" means next (session 10).
                var (rid, _) = ResolveSubject(p, t, np, t[i].Start);
                if (rid >= 0 && !(_reg.Speakers.Count > 0 && _reg.Speakers[^1].Entity == rid && _reg.Speakers[^1].Paragraph >= p.Index - 1))
                {
                    // (Not again when that person is already the latest speaker: nothing changes for "he".)
                    AddSpeaker(new Mention { Pos = t[i].Start, Entity = rid, Paragraph = p.Index, Speaker = true });
                }

                continue;
            }

            if (np.Kind != SubjectKind.Name)
            {
                continue;
            }

            var (id, name) = ResolveSubject(p, t, np, t[i].Start);
            if (issued)
            {
                // "Ferrand Foods filed a notice with the exchange": only a later "the notice said" takes it.
                NoteDocumentCue(p, t, i, id, name ?? OrganisationSpeaker(t, np), id >= 0 ? SpeakerKind.Person : SpeakerKind.Organisation);
            }
            else if (id >= 0)
            {
                AddSpeaker(new Mention { Pos = t[i].Start, Entity = id, Paragraph = p.Index, Speaker = true });
                NoteDocumentCue(p, t, i, id, name, SpeakerKind.Person);
            }
            else if (OrganisationSpeaker(t, np) is { } org)
            {
                // "The Finance Ministry said on Monday that …": an "it said" later may be this body.
                _orgSpeakers.Add((t[i].Start, p.Index, org));
                NoteDocumentCue(p, t, i, -1, org, SpeakerKind.Organisation);
            }
        }
    }

    /// <summary>"asked Kerrigan for a response", "reached Ms. Ode about the claim": the person asked, else none.</summary>
    // "Northline Air will drop seven routes, and its chief executive said …": the role phrase at a opens the clause after
    // ", and" / ", but" (session 11).
    private bool OpensCoordinateClause(Token[] t, int lo, int a)
    {
        if (a - 1 >= lo && t[a - 1].Kind == TokKind.Word && Word(t[a - 1]) is "the" or "its" or "his" or "her" or "their")
        {
            // The phrase may start after its determiner.
            a--;
        }

        return a - 2 >= lo && (Is(t[a - 1], "and") || Is(t[a - 1], "but")) && IsPunct(t[a - 2], ',');
    }

    private SubjectPhrase AskedPersonAfter(Token[] t, int i)
    {
        var a = i + 1;
        if (a >= t.Length || !t[a].Cap || !IsNameToken(t, a))
        {
            return default;
        }

        var b = a;
        while (b + 1 < t.Length && !t[b].Possessive && t[b + 1].Cap && IsNameToken(t, b + 1))
        {
            b++;
        }

        return !t[b].Possessive && b + 1 < t.Length && t[b + 1].Kind == TokKind.Word && Word(t[b + 1]) is "for" or "about" or "whether" or "if"
            && ParseName(t, a, b) is { Person: true }
            ? new SubjectPhrase { Kind = SubjectKind.Name, A = a, B = b }
            : default;
    }

    /// <summary>
    /// The person after "from", "by", "signed by", "written by" or "sent by" at <paramref name="k"/> (a role and commas
    /// may come first: "by the hospital's chief surgeon, Dr. Pavel Kostrin"), when named in full; else null.
    /// </summary>
    private (int Id, string Name)? WriterAfter(Token[] t, int k)
    {
        if (t[k].Kind == TokKind.Word && Word(t[k]) is "signed" or "written" or "sent" && k + 1 < t.Length && Is(t[k + 1], "by"))
        {
            k++;
        }
        else if (t[k].Kind != TokKind.Word || Word(t[k]) is not ("from" or "by"))
        {
            return null;
        }

        for (var a = k + 1; a < t.Length && a <= k + 9; a++)
        {
            if (t[a].Kind == TokKind.Quote || (t[a].Kind == TokKind.Punct && t[a].P is '.' or ';' or ':') || t[a].Cue)
            {
                return null;
            }

            if (!t[a].Cap || !IsNameToken(t, a))
            {
                continue;
            }

            var b = a;
            while (b + 1 < t.Length && !t[b].Possessive && t[b + 1].Cap && IsNameToken(t, b + 1))
            {
                b++;
            }

            if (t[b].Possessive)
            {
                // "from the hospital's director": the owner, not the writer.
                a = b;
                continue;
            }

            if (ParseName(t, a, b) is { Person: true, Parts.Count: 1 } single)
            {
                return KnownWriter(single, t[single.NameStart].Start); // session 23: "an email from Wexley"
            }

            if (ParseName(t, a, b) is not { Person: true } info || info.Parts.Count < 2)
            {
                return null;
            }

            var id = _reg.GetOrAddFull(info, t[info.NameStart].Start);
            return (id, _reg[id].Name);
        }

        return null;
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

        // 0. A transcript label opening the quoted text: "WALLACE: …".
        if (TryTranscriptLabel(p, q, attr))
        {
            return attr;
        }

        // 0b. A quote right after an upper-case transcript label: WALLACE: "…" / JUDY WOODRUFF: "…".
        if (_label.Colon >= 0 && qt == _label.Colon + 1)
        {
            attr.Method = "transcript";
            attr.Attached = true;
            attr.Entity = _label.Entity;
            attr.Speaker = _label.Name;
            return attr;
        }

        // 1. Cue right after the quote: "…," Zelenskyy said / said Zelenskyy / he told Newsmax.
        if (TryTail(p, qt, attr))
        {
            return attr;
        }

        // 1b. The speaker after a dash, on the same line or the next: "…" ― Maria Lopez, 71, retired teacher.
        if (TryDashName(p, qt, attr))
        {
            return attr;
        }

        // 2. Cue before it in the same sentence: Zelenskyy told Newsmax: "…" / according to X, "…".
        if (TryHead(p, qt, attr))
        {
            return attr;
        }

        // 2b. ""…?" the reporter followed up.": a subject and an unlisted past-tense verb after the quote (session 15).
        if (TryUnlistedTailVerb(p, qt, attr))
        {
            return attr;
        }

        // 2c. "An email from X to Y, sent …, read in full: "…"" (session 23).
        if (TryLetterWriterColon(p, qt, attr))
        {
            return attr;
        }

        // 3. "Name: "…"" and "Trump's answer: "…"".
        if (TryColonName(p, qt, attr))
        {
            return attr;
        }

        // 3b. "In Ruiz's words, "…"" / "in the words of Maria Ruiz, "…"".
        if (TryInWords(p, qt, attr))
        {
            return attr;
        }

        // 3c. A turn of an exchange of paragraphs that are only quotes (session 21).
        if (TryExchangeTurn(p, q, attr))
        {
            return attr;
        }

        // 3d. A turn after an interruption (session 23).
        if (TryInterruptedExchange(p, q, attr))
        {
            return attr;
        }

        // 4. Continuation of a quote from the previous paragraph.
        if (q.ContinuesPrev && _lastQuoteAttr is not null && _lastQuotePara == p.Index - 1)
        {
            Copy(_lastQuoteAttr, attr, "continuation");
            return attr;
        }

        // 4b. "X, the chair, was blunter at a hearing: "…"": the subject of the colon's sentence (session 14).
        if (TryColonIntroSubject(p, qt, attr) || TryMainPronounAfterOpeningClause(p, qt, attr)) // s23-frames: "When I asked …, she was honest: "…""
        {
            return attr;
        }

        // 5. A cue elsewhere in the paragraph: "Zelenskyy said Tuesday. "…"" or the next sentence.
        if (TryOtherSentence(p, qt, attr))
        {
            return attr;
        }

        // 5b. "Whitcomb was not persuaded. "…"": a short sentence before the quote, opened by a person and holding no
        // reporting verb, names who speaks in the rest of the paragraph.
        if (qt > 0 && FirstWordAfter(t, qt) < 0 && TrySubjectOfSentenceBefore(p, qt, attr))
        {
            return attr;
        }

        // 5c. "Ferrier's closing was shorter. "…"": the owner of the answer named in the sentence before (session 11).
        if (qt > 0 && FirstWordAfter(t, qt) < 0 && TryPossessorOfSentenceBefore(p, qt, attr))
        {
            return attr;
        }

        // 5d. "Oliver Brown, the Leader of the Opposition, rose first and … "…"": a longer sentence's named subject (session 12).
        if (qt > 0 && FirstWordAfter(t, qt) < 0 && TryNamedSubjectOfLongerSentenceBefore(p, qt, attr))
        {
            return attr;
        }

        // 5e. "She began, as she often does, with her grandfather. "…"" (session 16).
        if (qt > 0 && FirstWordAfter(t, qt) < 0 && TryNarrativeOpenerBefore(p, qt, attr))
        {
            return attr;
        }

        // 6. A quote opening its paragraph with nothing said: the previous paragraph's colon intro or last speaker.
        if (qt == 0 || p.OnlyQuotes || FirstWordAfter(t, qt) < 0)
        {
            if (p.OnlyQuotes && (TryQuestionAfterAnswer(p, q, attr) || TryAnswerAfterQuestion(p, q, attr)))
            {
                return attr;
            }

            if (qt == 0 && p.OnlyQuotes && TryNameLineBefore(p, attr))
            {
                return attr; // session 23: "Dorothy Lane, 71, retired cook, Marietta" then the quote
            }

            if (qt == 0 && TryInterrupterBefore(p, q, attr))
            {
                return attr; // session 23: "… Street cut him off." then "…" alone: the one who interrupts
            }

            if (qt > 0 && TryOwnSubjectOverInherited(p, qt, attr))
            {
                return attr; // session 16: the quote's own subject ends the previous speaker's turn
            }

            if (!CrowdOrSignBeforeQuote(t, qt) && !OwnColonIntro(p, qt) && !(qt > 0 && UnnamedOpenerBeforeQuote(p, qt)) // session 23: "A woman … put it more simply."
                && (TryPreviousParagraph(p, attr) || TryNarrativeOpenerOfParagraphBefore(p, attr)))
            {
                return attr; // session 22: not "Somebody had chalked a message: "…"" after another speaker's paragraph
            }
        }

        // 7. A quote standing alone at the start of its paragraph that the next sentence points back to ("That was the
        // verdict of …", "Those words, written in a memo …", "The sentence got the loudest applause … The speaker was
        // X"): the first person named from there to the end of the next paragraph (session 10).
        if (qt == 0 && attr.Speaker is null && OnlyQuoteInSentence(t, qt))
        {
            _ = TryNamedAfterBackReference(p, qt, attr) || (p.OnlyQuotes && TryNamedBeforePointedWords(p, attr)); // session 23: "X sent that message"
        }

        if (qt == 0 && attr.Speaker is null && p.OnlyQuotes)
        {
            TrySolePersonOfParagraphBefore(p, attr); // session 19
        }

        _ = attr.Speaker is null && attr.Method == "none" && TryFirstNamedOfSpeechSentenceBefore(p, q, attr); // session 21

        return attr;
    }

    // Words that open a sentence pointing back to the quote before it: "That was …", "Those words …", "The remark …".
    private static bool IsBackReference(string first, string? second) =>
        first is "That" or "Those" or "These" or "Such"
        || (first == "The" && second is "words" or "sentence" or "line" or "remark" or "remarks" or "comment" or "comments" or "warning"
            or "verdict" or "message" or "speaker" or "plea" or "complaint" or "question" or "answer" or "quip" or "vow" or "promise");

    private bool TryNamedAfterBackReference(Para p, int qt, Attribution attr)
    {
        // The sentence after the quote: in this paragraph, or the next paragraph's first when the quote is all there is.
        var t = p.Tokens;
        var s = t[qt].Sentence;
        Para where;
        int from;
        if (s + 1 < p.SentenceStart.Length)
        {
            where = p;
            from = p.SentenceStart[s + 1];
        }
        else if (p.Index + 1 < _paras.Length && !_paras[p.Index + 1].Boilerplate && _paras[p.Index + 1].Tokens.Length > 2)
        {
            where = _paras[p.Index + 1];
            from = 0;
        }
        else
        {
            return false;
        }

        var u = where.Tokens;
        if (from + 1 >= u.Length || u[from].Kind != TokKind.Word || !IsBackReference(Word(u[from]), u[from + 1].Kind == TokKind.Word ? Word(u[from + 1]) : null))
        {
            return false;
        }

        var last = Math.Min(where.Index + 1, _paras.Length - 1);
        for (var pi = where.Index; pi <= last; pi++)
        {
            var v = _paras[pi].Tokens;
            for (var k = pi == where.Index ? from : 0; k < v.Length; k++)
            {
                if (v[k].Kind == TokKind.Quote)
                {
                    // Someone else's quote comes first: not this rule.
                    return false;
                }

                if (!v[k].Cap || !IsNameToken(v, k) || (k > 0 && v[k - 1].Cap && IsNameToken(v, k - 1)))
                {
                    continue;
                }

                var b = k;
                while (b + 1 < v.Length && !v[b].Possessive && v[b + 1].Cap && IsNameToken(v, b + 1))
                {
                    b++;
                }

                if (v[b].Possessive || ParseName(v, k, b) is not { Person: true } info || info.Parts.Count < 2)
                {
                    k = b;
                    continue;
                }

                var id = _reg.GetOrAddFull(info, v[info.NameStart].Start);
                attr.Method = "named-after";
                attr.Entity = id;
                attr.Speaker = _reg[id].Name;
                attr.Kind = SpeakerKind.Person;
                for (var d = from; d < u.Length && u[d].Sentence == u[from].Sentence; d++)
                {
                    if (u[d].Kind == TokKind.Word && !u[d].Cap && Lexicon.IsShortLetter(Word(u[d])))
                    {
                        // "Those words, written in a memo …": a later "the memo warned" is this person's too.
                        _docSpeakers.Add((u[d].Start, pi, _words.Lower(Word(u[d])), id, attr.Speaker, SpeakerKind.Person));
                        break;
                    }
                }

                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Questions and answers in quotes (a trial, a briefing): a quote-only paragraph asking a question, after an answer
    /// by one person to a question asked by another in the paragraph before, is the asker's next question
    /// ("Did you ask him why?" Santangelo asked. / "No," Quill said. / "Did you know …?") (session 9).
    /// </summary>
    private bool TryQuestionAfterAnswer(Para p, QuoteSpan q, Attribution attr)
    {
        if (!EndsWithQuestion(q) || p.Index < 2 || _lastQuotePara != p.Index - 1 || _lastQuoteAttr?.Speaker is not { } answerer)
        {
            return false;
        }

        var answer = _paras[p.Index - 1];
        var asked = _paras[p.Index - 2];
        if (answer.QuoteTo <= answer.QuoteFrom || EndsWithQuestion(_quotes[answer.QuoteTo - 1]) || asked.QuoteTo <= asked.QuoteFrom)
        {
            return false;
        }

        var qi = asked.QuoteTo - 1;
        if (_attrByQuote[qi] is not { Speaker: { } asker } askerAttr || asker == answerer || !EndsWithQuestion(_quotes[qi]))
        {
            return false;
        }

        Copy(askerAttr, attr, "question");
        return true;
    }

    private bool EndsWithQuestion(QuoteSpan q)
    {
        var e = q.TextEnd - 1;
        while (e > q.TextStart && (char.IsWhiteSpace(_text[e]) || _text[e] is ','))
        {
            e--;
        }

        return e >= q.TextStart && _text[e] == '?';
    }

    /// <summary>
    /// A quote whose text opens with an upper-case label and a colon (<c>"WALLACE: Will you…</c>) is a transcript
    /// line: the label names the speaker (resolved to the person with that surname) and is cut from the text.
    /// </summary>
    private bool TryTranscriptLabel(Para p, QuoteSpan q, Attribution attr)
    {
        var i = q.TextStart;
        var end = Math.Min(q.TextEnd, i + 40);
        var letters = 0;
        while (i < end && (char.IsUpper(_text[i]) || (letters > 0 && _text[i] is ' ' or '-' or '.' or '\'' or '\u2019')))
        {
            letters += char.IsUpper(_text[i]) ? 1 : 0;
            i++;
        }

        if (letters < 2 || i >= end || _text[i] != ':' || !char.IsUpper(_text[i - 1]))
        {
            return false;
        }

        var label = _text[q.TextStart..i].Trim();
        var words = label.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var last = words[^1];
        var surname = char.ToUpperInvariant(last[0]) + last[1..].ToLowerInvariant();
        if (Lexicon.CapitalStopWords.Contains(surname) || Lexicon.NonPersonWords.Contains(surname) && !Lexicon.CommonWordSurnames.Contains(surname))
        {
            return false;
        }

        var id = _reg.ResolveShort(surname, Gender.Unknown, q.Open);
        attr.Method = "transcript";
        attr.Attached = true;
        attr.Entity = id;
        attr.Speaker = id >= 0 ? _reg[id].Name : surname;
        var start = i + 1;
        while (start < q.TextEnd && char.IsWhiteSpace(_text[start]))
        {
            start++;
        }

        if (start < q.TextEnd)
        {
            q.TextStart = start;
        }

        _ = p;
        return true;
    }

    // The upper-case transcript label of the paragraph being attributed (Colon = -1: none).
    private (int Colon, int Entity, string? Name) _label = (-1, -1, null);

    // Upper-case words before a colon that are headings or unnamed voices, not a person's label.
    private static readonly HashSet<string> NotLabels = new(StringComparer.OrdinalIgnoreCase)
    {
        "update", "updated", "breaking", "watch", "read", "note", "editor's", "correction", "clarification", "live",
        "video", "photos", "related", "more", "opinion", "analysis", "exclusive", "unidentified", "male", "female",
        "announcer", "crowd", "audience", "narrator", "caller", "question", "answer", "voice", "voices", "graphic",
        "advertisement", "end", "begin", "transcript", "warning", "alert", "developing", "source", "sources", "credit",
        "moderator", "host", "interviewer", "reporter", "anchor", "panelist", "member", "man", "woman", "protester",
    };

    /// <summary>
    /// A paragraph opening with an upper-case label and a colon (<c>WALLACE: …</c>, <c>SEN. JOHN DOE: …</c>,
    /// <c>JUDY WOODRUFF: "…"</c>) is a transcript turn: the label resolves to the person with that surname, or is
    /// registered as a person of its own.
    /// </summary>
    private (int Colon, int Entity, string? Name) UpperLabel(Para p)
    {
        var t = p.Tokens;
        var b = 0;
        while (b < t.Length && b < 5 && t[b].Kind == TokKind.Word && t[b].AllCaps)
        {
            b++;
        }

        var colon = b;
        if (b > 0 && b < t.Length && t[b].Kind == TokKind.Punct && t[b].P is '(' or ',')
        {
            // A party/state tag between the name and the colon: "SEN. JOHN DOE (D-WIS.):", "REP. ANNA PRICE, R-KY.:".
            colon = b + 1;
            while (colon < t.Length && colon <= b + 6 && !IsPunct(t[colon], ':') && t[colon].Kind != TokKind.Quote)
            {
                colon++;
            }

            var tag = _text.AsSpan(t[b].End, Math.Max(0, (colon < t.Length ? t[colon].Start : t[b].End) - t[b].End)).Trim();
            if (colon - b > 6 || tag.Length < 2 || tag.Length > 12 || tag[0] is not ('D' or 'R' or 'I'))
            {
                return (-1, -1, null);
            }
        }

        if (b == 0 || colon >= t.Length || !IsPunct(t[colon], ':'))
        {
            return (-1, -1, null);
        }

        if (b == 1)
        {
            // "KING:", "JUDGE:" after "host Daniel King" was named: a one-word label that is also a title or role is
            // the person with that surname when there is one.
            var bare1 = Word(t[0]).TrimEnd('.');
            if (bare1.Length > 1 && (Lexicon.Titles.Contains(bare1) || Lexicon.RoleNouns.Contains(bare1)) && !NotLabels.Contains(bare1))
            {
                var known = _reg.ResolveShort(char.ToUpperInvariant(bare1[0]) + bare1[1..].ToLowerInvariant(), Gender.Unknown, t[0].Start);
                if (known >= 0)
                {
                    return (colon, known, _reg[known].Name);
                }
            }
        }

        if (b == 1 && TranscriptPartyLabel(p, t, colon) is { } partyLabel)
        {
            return partyLabel; // session 23: "GUEST:" the one interviewed, "HOST:" the other named, "POTUS:" the president
        }

        if (b == 1 && RoleOrVoiceLabel(t, colon) is { } roleLabel)
        {
            return roleLabel; // session 15: "HOST:" is the host named earlier; "QUESTION:" nobody named
        }

        var info = new NameInfo { Person = true, NameStart = 0 };
        for (var k = 0; k < b; k++)
        {
            var w = Word(t[k]);
            var bare = w.TrimEnd('.');
            if (NotLabels.Contains(bare))
            {
                return (-1, -1, null);
            }

            if (Lexicon.Titles.Contains(bare) || Lexicon.Titles.Contains(w))
            {
                if (info.Parts.Count == 0)
                {
                    ApplyGenderWord(info, _words.Lower(bare));
                    continue;
                }

                return (-1, -1, null);
            }

            info.Parts.Add(char.ToUpperInvariant(bare[0]) + bare[1..].ToLowerInvariant());
        }

        if (info.Parts.Count == 0 || info.Parts.Count > 3)
        {
            return (-1, -1, null);
        }

        MergeSurnameParticles(info);
        var surname = info.Parts[^1];
        if (KnownSurnameLabel(info, surname, t[0].Start) is var knownLabel && knownLabel >= 0)
        {
            return (colon, knownLabel, _reg[knownLabel].Name);
        }

        if (Lexicon.CapitalStopWords.Contains(surname) || Lexicon.NonPersonWords.Contains(surname) && !Lexicon.CommonWordSurnames.Contains(surname)
            || Lexicon.RoleNouns.Contains(surname) || Lexicon.GroupNouns.Contains(surname))
        {
            return (-1, -1, null);
        }

        var pos = t[0].Start;
        var id = info.Parts.Count >= 2 ? _reg.GetOrAddFull(info, pos) : _reg.ResolveShort(surname, info.Gender, pos);
        if (id < 0)
        {
            id = _reg.AddSingle(info, pos);
        }

        return (colon, id, id >= 0 ? _reg[id].Name : surname);
    }

    private static bool IsDash(Token tok) => tok.Kind == TokKind.Punct && tok.P is '\u2015' or '\u2014' or '\u2013' or '-' or '~';

    private bool TryDashName(Para p, int qt, Attribution attr)
    {
        var t = p.Tokens;
        var j = qt + 1;
        if (j < t.Length)
        {
            return IsDash(t[j]) && !QuoteInsideSentence(t, qt) && DashName(p, t, j, attr);
        }

        // The quote ends its paragraph (a vox-pop entry): the next paragraph may be the "― Name, …" line.
        if (qt == 0 && p.Index + 1 < _paras.Length)
        {
            var n = _paras[p.Index + 1];
            return n.Tokens.Length > 1 && IsDash(n.Tokens[0]) && !n.Boilerplate && DashName(n, n.Tokens, 0, attr);
        }

        return false;
    }

    private bool DashName(Para p, Token[] t, int dash, Attribution attr)
    {
        var a = dash;
        while (a < t.Length && IsDash(t[a]))
        {
            a++;
        }

        if (DashUnnamed(t, a))
        {
            // Session 14: "― a mother of three, who declined to give her name": nobody named.
            Fill(p, t, -1, default, attr, "dash");
            attr.Attached = true;
            return true;
        }

        if (a < t.Length && t[a].Cap && t[a].Kind == TokKind.Word && TryDashBody(p, t, a, attr))
        {
            return true; // session 23: "― Harbour Tenants' Union, in a letter to the council"
        }

        if (a >= t.Length || !t[a].Cap || !IsNameToken(t, a))
        {
            return false;
        }

        var b = a;
        while (b + 1 < t.Length && !t[b].Possessive && IsNameToken(t, b + 1))
        {
            b++;
        }

        // The name ends the line or is followed by an apposition: ", 71, retired teacher", ", who sells cheese".
        if (b + 1 < t.Length && !(t[b + 1].Kind == TokKind.Punct && t[b + 1].P is ',' or '.' or '(' or ';'))
        {
            return false;
        }

        var info = ParseName(t, a, b);
        if (info is null || !info.Person)
        {
            return false;
        }

        if (FirstNameOnlyWithAge(t, a, b))
        {
            Fill(p, t, -1, default, attr, "dash"); // s22b-nowant: "― Moussa, 17": a first name only names nobody
            attr.Attached = true;
            return true;
        }

        Fill(p, t, -1, new SubjectPhrase { Kind = SubjectKind.Name, A = a, B = b }, attr, "dash");
        attr.Attached = true;
        return true;
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
        to.Kind = from.Kind;
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

            // … and, when the quote already has a cue before it in its own sentence, only when the next cue reports
            // nothing of its own: "Thorne added that the family …" / "Ogden said the board would meet" open new
            // reported speech, not a tail of the finished quote.
            var headCue = false;
            for (var h = qt - 1; h >= 0 && t[h].Sentence == t[qt].Sentence && !headCue; h--)
            {
                headCue = t[h].Cue;
            }

            if (headCue && HeadCueHasPersonSubject(p, qt))
            {
                // "Ferrier accused Whitmore of having "…." Whitmore laughed it off.": the quote finished a sentence
                // whose own speaker is named before it; the next sentence is a new one (session 11).
                return false;
            }

            var cueAt = j;
            while (cueAt < t.Length && !t[cueAt].Cue)
            {
                cueAt++;
            }

            for (var d = cueAt + 1; headCue && d < t.Length && t[d].Sentence == t[cueAt].Sentence; d++)
            {
                if (t[d].Kind == TokKind.Quote || (t[d].Kind == TokKind.Word && !t[d].Cap && ReportedClauseWordLookup.Contains(Span(t[d]))))
                {
                    return false;
                }
            }

            // "Rice said, "It should be." Church said, "It will be."": a cue that opens the next quote with a comma
            // or colon is that quote's, not a tail of this finished sentence.
            for (var c = j + 1; c < t.Length && c <= j + 4; c++)
            {
                if (t[c].Cue)
                {
                    if (c + 2 < t.Length && t[c + 1].Kind == TokKind.Punct && t[c + 1].P is ',' or ':' && t[c + 2].Kind == TokKind.Quote)
                    {
                        return false;
                    }

                    // "…." Hall added that "every worker will be paid.": the cue has a quote of its own.
                    for (var d = c + 1; d < t.Length && d <= c + 12 && t[d].Sentence == t[c].Sentence; d++)
                    {
                        if (t[d].Kind == TokKind.Quote)
                        {
                            return false;
                        }
                    }

                    break;
                }
            }
        }

        if (IsRemarkApposition(t, qt, j))
        {
            return false;
        }

        var first = t[j];
        var fw = Word(first);
        var ok = first.Cue || first.Cap || Lexicon.Pronouns.Contains(fw) || (fw == "it" && j + 1 < t.Length && t[j + 1].Cue) || Lexicon.Determiners.Contains(fw)
            || Lexicon.RoleNouns.Contains(fw) || Lexicon.GroupNouns.Contains(fw) || Lexicon.Fillers.Contains(fw);
        if (!ok && !first.Cap)
        {
            // "…," operations chief Lena Olsvik said / "…," fire brigade spokesman Tomas Lind said: lower-case words
            // ending in a role or title right before the name.
            for (var k = j; k < t.Length && k <= j + 3 && t[k].Kind == TokKind.Word && !t[k].Cap && !t[k].Cue; k++)
            {
                var w = Word(t[k]);
                if ((Lexicon.RoleNouns.Contains(w) || Lexicon.Titles.Contains(w)) && k + 1 < t.Length && t[k + 1].Cap && IsNameToken(t, k + 1))
                {
                    ok = true;
                    break;
                }
            }
        }

        if (!ok && j + 2 < t.Length && ParticleLookup.Contains(Span(first)) && t[j + 1].Cap && IsNameToken(t, j + 1) && (t[j + 2].Cue || (j + 3 < t.Length && t[j + 3].Cue)))
        {
            // "…," de Groot told her: a surname with a lower-case particle (session 11); the particle is part of the
            // surname ("Wilhelmina de Groot" has the surname "de Groot"), so the name starts at it.
            ok = true;
        }

        ok = ok || ParticleChainSurname(t, j) > 0; // session 17: "…," von der Leyen said

        if (!ok)
        {
            return false;
        }

        // A name set off by a comma may carry a long apposition before its verb: "…," Maria Lake, who represents a
        // rural district and sits on the farm committee, said.
        var reach = 16;
        for (var k = j; k < t.Length && k <= j + 4 && IsNameToken(t, k); k++)
        {
            if (k + 1 < t.Length && IsPunct(t[k + 1], ','))
            {
                reach = 34;
                break;
            }
        }

        var cue = -1;
        for (var k = j; k < t.Length && k <= j + reach; k++)
        {
            if (IsPunct(t[k], '('))
            {
                // A party/state tag: "Rep. Jane Doe (D-Wis.) said".
                var close = k + 1;
                while (close < t.Length && close <= k + 8 && !IsPunct(t[close], ')') && t[close].Kind != TokKind.Quote)
                {
                    close++;
                }

                if (close < t.Length && IsPunct(t[close], ')'))
                {
                    k = close;
                    continue;
                }
            }

            if (IsPunct(t[k], '.') && k + 1 < t.Length && t[k + 1].Kind == TokKind.Punct && t[k + 1].P is ',' or ')')
            {
                // The period of a state tag: "…," Green, D-Ore., told reporters.
                continue;
            }

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

        if (cue < 0 || IsInfinitiveInNounPhraseTail(t, j, cue)) // s23-frames: "…," a remarkable thing for X to say
        {
            return false;
        }

        if (IsNegatedCue(t, cue))
        {
            // "…." Mayor Ruth Oakes would not respond to …: no tail.
            return false;
        }

        if (cue > j && IsPassiveTold(t, cue))
        {
            // "…." Parents were asked to return the jars: the ones asked are no speaker of the quote.
            return false;
        }

        if (cue > j && CueQuotesNextAs(t, cue))
        {
            return false; // s22c-orgs2: "…", an assurance the union later described as "…": the cue is the next quote's
        }

        if (cue == j && Lexicon.IsParticiple(Word(t[cue])))
        {
            // "…," telling reporters: the subject is the sentence's, found by the head rule.
            return false;
        }

        // Between the quote and a later cue there must be only a subject: "…," the former senator from Ohio said.
        SubjectPhrase np;
        if (cue == j)
        {
            np = ForwardSubject(t, cue, t.Length);
        }
        else
        {
            np = BackwardSubject(t, PassiveQuotedSubjectEnd(t, cue, j), j); // session 17: "X was quoted by … as saying"
            if (np.Kind == SubjectKind.None || np.A != j && !SubjectSpansFrom(t, j, np.A))
            {
                return false;
            }

            if (np.Kind == SubjectKind.Name && ((np.A == j + 1 && IsLowerParticle(t, j)) || (np.A > j + 1 && ParticleChainSurname(t, j) == np.A)))
            {
                // "…," de Groot told her: the particle belongs to the surname.
                np.A = j;
            }
        }

        if (np.Kind == SubjectKind.Pronoun && qt == 0 && np.Word is "he" or "she" && CataphoricName(t, cue, np.Word) is { Kind: SubjectKind.Name } named)
        {
            // ""…," she said. Ana Ruiz, a nurse from Dayton, …": the person introduced right after the quote.
            np = named;
        }

        Fill(p, t, cue, np, attr, "tail");
        attr.Tail = true;
        return true;
    }

    /// <summary>
    /// The sentence holding the quote at <paramref name="qt"/> reports it with an active cue before it whose subject is a
    /// person's name or a pronoun: "Ferrier accused Whitmore of having "…"", "She told the panel it was "…"" (session 11).
    /// </summary>
    private bool HeadCueHasPersonSubject(Para p, int qt)
    {
        var t = p.Tokens;
        var lo = p.SentenceStart[t[qt].Sentence];
        for (var k = qt - 1; k > lo; k--)
        {
            if (t[k].Kind == TokKind.Quote)
            {
                return false;
            }

            if (t[k].Cue && !IsPassiveTold(t, k))
            {
                var np = BackwardSubject(t, k, lo);
                return np.Kind == SubjectKind.Pronoun && np.Word is "he" or "she" || np.Kind == SubjectKind.Name && ParseName(t, np.A, np.B) is { Person: true };
            }
        }

        return false;
    }

    /// <summary>
    /// "…," a remark critics said understated …: a noun phrase after the quote's comma that describes the quote (a speech
    /// noun after "a"/"an"/"the") is an apposition of the quote, and a cue inside it is somebody's view of the remark, not
    /// the quote's speaker (session 11).
    /// </summary>
    private bool IsRemarkApposition(Token[] t, int qt, int j)
    {
        var comma = _text[_quotes[t[qt].QuoteIndex].TextEnd - 1] == ',' ? j == qt + 1 : j == qt + 2 && IsPunct(t[qt + 1], ',');
        if (!comma || j + 1 >= t.Length || t[j + 1].Kind != TokKind.Word)
        {
            return false;
        }

        var w = Word(t[j]);
        return w is "a" or "an" && Lexicon.SpeechNouns.Contains(Word(t[j + 1]))
            || w is "a" or "an" && j + 2 < t.Length && t[j + 2].Kind == TokKind.Word && !t[j + 1].Cap && Lexicon.SpeechNouns.Contains(Word(t[j + 2]));
    }

    // Words that show a cue reports a clause of its own ("said that …", "said the board would meet").
    private static readonly HashSet<string> ReportedClauseWord = new(StringComparer.Ordinal)
    {
        "that", "would", "will", "had", "has", "have", "was", "were", "is", "are", "could", "should", "must", "can", "did",
        "might",
    };

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> ReportedClauseWordLookup = ReportedClauseWord.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>
    /// The person named for the first time at the start of the sentence after cue <paramref name="cue"/>, with a full
    /// name whose gender fits the pronoun: the speaker of a quote that opens its paragraph with "she said".
    /// </summary>
    private SubjectPhrase CataphoricName(Token[] t, int cue, string pronoun)
    {
        var k = cue + 1;
        while (k < t.Length && t[k].Sentence == t[cue].Sentence)
        {
            if (t[k].Kind == TokKind.Quote)
            {
                return default;
            }

            k++;
        }

        if (k >= t.Length || !t[k].Cap || !IsNameToken(t, k))
        {
            return default;
        }

        var b = k;
        while (b + 1 < t.Length && !t[b].Possessive && IsNameToken(t, b + 1))
        {
            b++;
        }

        if (t[b].Possessive || b + 1 >= t.Length || !(IsPunct(t[b + 1], ',') || (t[b + 1].Kind == TokKind.Word && !t[b + 1].Cap)))
        {
            return default;
        }

        var info = ParseName(t, k, b);
        if (info is null || !info.Person || info.Parts.Count < 2)
        {
            return default;
        }

        var id = _reg.GetOrAddFull(info, t[info.NameStart].Start);
        var e = _reg[id];
        var want = pronoun == "he" ? Gender.Male : Gender.Female;
        return e.FirstPos == t[info.NameStart].Start && EntityRegistry.Compatible(want, e.Gender)
            ? new SubjectPhrase { Kind = SubjectKind.Name, A = info.NameStart, B = b }
            : default;
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
        if (NoteWriterBefore(t, lo, qt) is { Kind: not SubjectKind.None } writer)
        {
            // "Kerr wrote that she had rejected his play with a one-line letter: "…"": the letter's writer (session 11).
            Fill(p, t, -1, writer, attr, "head");
            return attr.Speaker is not null;
        }
        var first = -1;
        for (var k = qt - 1; k >= lo; k--)
        {
            if (t[k].Cue && !IsNominalCue(t, k, lo) && !IsDocumentModifierCue(t, k) && !IsAgentlessPassiveCue(t, k) // session 18, 19: "on a conference call", "said continued support"
                && !IsFirstPersonSubordinateCue(t, k)) // s23-frames: "She used to say, when I complained …: "…""
            {
                if (first < 0 || IsModalCue(t, first, lo))
                {
                    first = k;
                }

                if (!IsModalCue(t, k, lo))
                {
                    break;
                }
            }
        }

        if (first < 0)
        {
            // "Orme declined to comment on "…"", "he would not answer "…"": a declined verb that counts as a cue only
            // in its -ed/-ing forms; the quote is not the subject's words.
            for (var k = qt - 1; k > lo; k--)
            {
                if (t[k].Kind == TokKind.Word && Word(t[k]) is "comment" or "answer" or "discuss" or "address" or "confirm" or "elaborate" or "speculate"
                    && IsNegatedCue(t, k))
                {
                    Fill(p, t, k, default, attr, "head");
                    return true;
                }
            }

            return false;
        }

        // "rejected Raman's claim that he was "…"": the words are the claim's owner's, not the cue's subject.
        var owner = ClaimOwnerBefore(t, first, qt);
        owner = owner.Kind == SubjectKind.None ? AccusedOfSayingObject(t, first, qt) : owner; // s23-frames: "accused Ruel of saying "…""
        if (owner.Kind != SubjectKind.None)
        {
            Fill(p, t, first, owner, attr, "head");
            return true;
        }

        // "would not respond to "…"", "declined to comment on "…"": the quote is nobody's words by this cue.
        Fill(p, t, first, IsNegatedCue(t, first) ? default : FindSubject(t, first, lo, qt), attr, "head");
        _ = TryOuterFrame(p, t, first, lo, qt, attr) // session 17: "He added that drivers had reported …, "…""
            || TryOuterFrame(p, t, first, lo, qt, attr, overPolity: true); // session 19
        return true;
    }

    /// <summary>
    /// "She said the Coalition would announce its policy "…"": a cue right after a modal is something that may happen,
    /// not the act that reports the quote, so an earlier cue in the sentence is taken when there is one (session 9).
    /// The same for a passive cue ("said the pause had been agreed "…"", session 10): nobody's act of speaking (but
    /// "had been told by …" names its hearer and agent, so it stays the cue).
    /// </summary>
    private bool IsModalCue(Token[] t, int k, int lo) =>
        k - 1 >= lo && t[k - 1].Kind == TokKind.Word && Word(t[k - 1]) is "would" or "will" or "could" or "might" or "may" or "should" or "must" or "can" or "shall"
            || (k - 1 >= lo && Word(t[k - 1]) is "been" or "being"
                && (Word(t[k]) is not ("told" or "asked" or "warned" or "assured" or "reminded" or "promised" or "advised" or "informed") || PassiveWithoutAgent(t, k)));

    /// <summary>
    /// True when cue <paramref name="k"/> is negated or declined: "would not respond", "didn't say", "never said",
    /// "declined to comment", "refused to answer".
    /// </summary>
    private bool IsNegatedCue(Token[] t, int k)
    {
        if (k < 1 || t[k - 1].Kind != TokKind.Word)
        {
            return false;
        }

        var w = Span(t[k - 1]);
        if (w.Equals("not", StringComparison.OrdinalIgnoreCase) || w.Equals("never", StringComparison.OrdinalIgnoreCase)
            || w.EndsWith("n't", StringComparison.OrdinalIgnoreCase) || w.EndsWith("n\u2019t", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return k >= 2 && w.Equals("to", StringComparison.Ordinal) && t[k - 2].Kind == TokKind.Word
            && Word(t[k - 2]) is "declined" or "declines" or "declining" or "refused" or "refuses" or "refusing";
    }

    /// <summary>
    /// A person named with a possessive before a speech noun between cue <paramref name="cue"/> and the quote:
    /// "dismissed Raman's claim that he was "…"", "would not respond to Frost's charge of "…"".
    /// </summary>
    private SubjectPhrase ClaimOwnerBefore(Token[] t, int cue, int qt)
    {
        for (var k = cue + 1; k + 1 < qt; k++)
        {
            if (!t[k].Possessive || !t[k].Cap || t[k + 1].Kind != TokKind.Word || !Lexicon.SpeechNouns.Contains(Word(t[k + 1])))
            {
                continue;
            }

            var a = k;
            while (a - 1 > cue && !t[a - 1].Possessive && t[a - 1].Cap && IsNameToken(t, a - 1))
            {
                a--;
            }

            var info = ParseName(t, a, k);
            return info is { Person: true } ? new SubjectPhrase { Kind = SubjectKind.Name, A = a, B = k } : default;
        }

        return default;
    }

    /// <summary>
    /// "… wrote that she had rejected his first play with a one-line letter: "…"": a quote right after "letter:" (or
    /// note, message, email, text, card) whose clause opens with "that" and a pronoun or name; that subject wrote it,
    /// else none (session 11).
    /// </summary>
    private SubjectPhrase NoteWriterBefore(Token[] t, int lo, int qt)
    {
        if (qt - lo < 6 || !IsPunct(t[qt - 1], ':') || t[qt - 2].Kind != TokKind.Word
            || Word(t[qt - 2]) is not ("letter" or "note" or "message" or "email" or "e-mail" or "text" or "card" or "postcard" or "telegram"))
        {
            return default;
        }

        for (var k = qt - 3; k > lo && k >= qt - 16; k--)
        {
            if (t[k].Kind != TokKind.Word || t[k].Cue)
            {
                return default;
            }

            if (Is(t[k], "that") && k + 1 < qt - 2)
            {
                var s = k + 1;
                if (Word(t[s]) is "he" or "she")
                {
                    return new SubjectPhrase { Kind = SubjectKind.Pronoun, A = s, B = s, Word = Word(t[s]) };
                }

                var e = s;
                while (e + 1 < qt && t[e + 1].Cap && IsNameToken(t, e + 1) && !t[e].Possessive)
                {
                    e++;
                }

                return t[s].Cap && IsNameToken(t, s) && ParseName(t, s, e) is { Person: true } ? new SubjectPhrase { Kind = SubjectKind.Name, A = s, B = e } : default;
            }
        }

        return default;
    }

    /// <summary>
    /// "A neighbor who witnessed part of the stop said …": a sentence opened by "a"/"an" and an unnamed-person noun with
    /// a "who" clause running up to <paramref name="cue"/>; the noun as a role (indefinite, so nobody named), else none
    /// (session 11).
    /// </summary>
    private SubjectPhrase IndefiniteWhoOpener(Token[] t, int lo, int cue)
    {
        if (cue - lo < 4 || !(Is(t[lo], "a") || Is(t[lo], "an")))
        {
            return default;
        }

        for (var k = lo + 1; k < cue - 1 && k <= lo + 4; k++)
        {
            if (t[k].Kind != TokKind.Word || t[k].Cap || t[k].Cue)
            {
                return default;
            }

            if (AnonLookup.Contains(Span(t[k])))
            {
                if (!Is(t[k + 1], "who"))
                {
                    return default;
                }

                for (var x = k + 2; x < cue; x++)
                {
                    if (t[x].Kind == TokKind.Quote || (t[x].Cap && IsNameToken(t, x)))
                    {
                        // A quote or a name inside the clause: leave it to the usual rules.
                        return default;
                    }
                }

                return new SubjectPhrase { Kind = SubjectKind.Role, A = k, B = k, Word = _words.Lower(Word(t[k])) };
            }
        }

        return default;
    }

    // A pronoun right after a cue and followed by a lower-case word ("said she heard") is the subject of the reported
    // clause, not an inverted subject ("said she."), session 11.
    private static bool IsClauseSubjectPronoun(Token[] t, SubjectPhrase np, int hi) =>
        np.Kind == SubjectKind.Pronoun && np.B + 1 < hi && t[np.B + 1].Kind == TokKind.Word && !t[np.B + 1].Cap;

    /// <summary>
    /// The subject for cue <paramref name="first"/>: its own subject (before it, or after it when inverted); for a
    /// participle or a coordinated verb ("and insisted"), the subject of an earlier cue; else the sentence's first name.
    /// </summary>
    private SubjectPhrase FindSubject(Token[] t, int first, int lo, int hi)
    {
        if (first > lo + 2 && (Is(t[lo], "and") || Is(t[lo], "but")) && t[lo + 1].Kind == TokKind.Word && !t[lo + 1].Cap)
        {
            lo++; // session 22: "And in the week after Election Day, she … told them": the sentence as if "And" were not there
        }

        if (IndefiniteWhoOpener(t, lo, first) is { Kind: SubjectKind.Role } someone)
        {
            // "A neighbor who witnessed part of the stop said she heard "…"": an unnamed person (session 11).
            return someone;
        }

        if (MainClauseSubjectAfterOpener(t, lo, first) is { Kind: not SubjectKind.None } main)
        {
            return main; // session 18: "Asked about it, she smiled and said …"
        }

        for (var k = first; k >= lo; k--)
        {
            if (!t[k].Cue)
            {
                continue;
            }

            // "she had been told by council officers that …": the hearer is the subject; the speaker is the agent
            // after "by", else nobody named.
            if (k > lo && (IsPassiveTold(t, k) || IsPassiveCueBy(t, k, hi))) // session 17: "was echoed by X"
            {
                return k + 2 < hi && Is(t[k + 1], "by") ? ForwardSubject(t, k + 1, hi) : default;
            }

            if (IsIssuedDocumentParticiple(t, k, lo))
            {
                // Session 18: "The Tenants Fund issued a statement calling …": the issuer opening the sentence.
                if ((Is(t[lo], "the") || !FrontedOpeners.Contains(Word(t[lo]))) && OpeningSubject(t, lo, k) is { Kind: SubjectKind.Name } issuer)
                {
                    return issuer;
                }

                continue;
            }

            if (QuotedAsSaying(t, k, lo) is { Kind: not SubjectKind.None } quotedPerson)
            {
                return quotedPerson; // session 15: "state media quoted him as saying"
            }

            if (k > lo && Is(t[k - 1], "to") && k - 1 > lo && !HabitualBeforeTo(t, k - 1))
            {
                // An infinitive ("he had written to the prime minister to say the rebels were …") has no subject of
                // its own: an earlier cue's is used.
                continue;
            }

            var np = BodyBeforeInPlace(t, BackwardSubject(t, k, lo), lo); // s23-orgs: "The Chinese Embassy in Washington said"
            if (SubjectOverObjectBeforeParticiple(t, np, lo, k) is { Kind: not SubjectKind.None } own)
            {
                return own; // s23-frames: "She went after Sen. Paul Young, …, saying"
            }

            if (np.Kind == SubjectKind.None && !Lexicon.IsParticiple(Word(t[k]))
                && !(k > lo && t[k - 1].Kind == TokKind.Word && Word(t[k - 1]) is "and" or "but"))
            {
                // Inverted ("said the minister"), but a coordinated verb ("… and warns that voters …") has no subject
                // after it.
                np = ForwardSubject(t, k, hi);
                if (IsClauseSubjectPronoun(t, np, hi))
                {
                    // "A neighbor who … said she heard "…"": the pronoun opens the reported clause (session 11).
                    np = default;
                }
                else if (IsReportedClauseSubject(t, np, k, lo, hi))
                {
                    // Session 15: "The council, an industry group …, said Whitfield-Ames had "…"".
                    np = SubjectBeforeReportedClause(t, lo, k);
                }
            }

            if (np.Kind != SubjectKind.None)
            {
                return np;
            }
        }

        if (OpensWithPartOfGroup(t, lo, first))
        {
            return default; // session 15: "One of the consultants leaned back and said"
        }

        if (first - 1 > lo && (Is(t[first - 1], "and") || Is(t[first - 1], "but")) && OpeningSubject(t, lo, first) is { Kind: SubjectKind.Name } opening)
        {
            // "The Valley Courier endorses Mona Fairley, and warns that …": a coordinated verb shares the subject
            // that opens the sentence (a person or a body), not the first person named, who may be the object.
            return opening;
        }

        if (first - 1 > lo && (Is(t[first - 1], "and") || Is(t[first - 1], "but")) && OpeningDefiniteBody(t, lo, first) is { Kind: SubjectKind.Role } bodyNoun)
        {
            return bodyNoun; // session 20: "The alliance supported the split but said …"
        }

        if (OpeningIndefiniteRole(t, lo, first) is { Kind: SubjectKind.Role } unnamed)
        {
            // "A federal judge on Friday blocked Ohio's voter ID law, calling it "…"": the unnamed judge, not a
            // capitalized word later in the sentence (session 11).
            return unnamed;
        }

        return SentenceSubject(t, lo, first);
    }

    /// <summary>
    /// "A federal judge on Friday blocked …": "a"/"an" opening the sentence, up to three lower-case words and a role
    /// noun, then a lower-case word (a verb or "on"), all before <paramref name="cue"/>; the role, else none (session 11).
    /// </summary>
    private SubjectPhrase OpeningIndefiniteRole(Token[] t, int lo, int cue)
    {
        if (cue - lo < 3 || !(Is(t[lo], "a") || Is(t[lo], "an")))
        {
            return default;
        }

        for (var k = lo + 1; k < cue - 1 && k <= lo + 4; k++)
        {
            if (t[k].Kind != TokKind.Word || t[k].Cap || t[k].Cue)
            {
                return default;
            }

            if (Lexicon.RoleNouns.Contains(Word(t[k])))
            {
                return t[k + 1].Kind == TokKind.Word && !t[k + 1].Cap && !Lexicon.RoleNouns.Contains(Word(t[k + 1]))
                    ? new SubjectPhrase { Kind = SubjectKind.Role, A = k, B = k, Word = _words.Lower(Word(t[k])) }
                    : default;
            }
        }

        return default;
    }

    /// <summary>
    /// The capitalized run that opens the sentence at <paramref name="lo"/> (after "The") and is followed by a
    /// lower-case word, when it is a person or a body; else none.
    /// </summary>
    private SubjectPhrase OpeningSubject(Token[] t, int lo, int hi)
    {
        var a = lo;
        if (a < hi && Is(t[a], "the"))
        {
            a++;
        }

        var b = a;
        while (b < hi && t[b].Kind == TokKind.Word && t[b].Cap && !t[b].Possessive && !t[b].Cue)
        {
            b++;
        }

        b--;
        if (b < a || b + 1 >= hi || t[b + 1].Kind != TokKind.Word || t[b + 1].Cap || (a == b && Lexicon.Pronouns.Contains(Word(t[a])))
            || (a == b && Word(t[a]) is "His" or "Her" or "Its" or "Their" or "Our" or "My"))
        {
            // Session 18: "Her coalition partner, X, … congratulated her and promised …": a possessive determiner is
            // not a name.
            // "He declined to say … but insisted …": a pronoun is the sentence subject's business.
            return default;
        }

        var np = new SubjectPhrase { Kind = SubjectKind.Name, A = a, B = b };
        return ParseName(t, a, b) is { Person: true } || OrganisationSpeaker(t, np) is not null ? np : default;
    }

    private bool IsPassiveTold(Token[] t, int k) =>
        (Is(t[k], "told") || Is(t[k], "asked")) && t[k - 1].Kind == TokKind.Word && Word(t[k - 1]) is "been" or "was" or "were" or "being" or "is" or "are" or "be";

    private SubjectPhrase SentenceSubject(Token[] t, int lo, int hi)
    {
        if (OpeningDescription(t, lo, hi) is { Kind: SubjectKind.Role } desc && t[desc.B].Cap)
        {
            // "The Frenchwoman smiled": a demonym is no name (session 10).
            return desc;
        }

        for (var k = lo; k < hi; k++)
        {
            if (t[k].Kind == TokKind.Word && Lexicon.Pronouns.Contains(Word(t[k])) && k <= lo + 3)
            {
                return new SubjectPhrase { Kind = SubjectKind.Pronoun, A = k, B = k, Word = _words.Lower(Word(t[k])) };
            }

            if (k == lo + 1 && Is(t[lo], "the") && t[k].Kind == TokKind.Word && t[k].Cap && !t[k].Possessive && k + 1 < hi && t[k + 1].Kind == TokKind.Word && !t[k + 1].Cap
                && IsCapitalizedRole(Word(t[k])))
            {
                // "The Premier has defended the dam, telling a crowd that it would …": the role opening the sentence.
                return new SubjectPhrase { Kind = SubjectKind.Role, A = k, B = k, Word = _words.Lower(Word(t[k])) };
            }

            if (IsParticipleOpener(t, k, lo, hi))
            {
                continue; // session 15: "GAYA: Promising jobs …, leader X launched …"
            }

            if (IsNameToken(t, k) && t[k].Cap)
            {
                var b = k;
                while (b + 1 < hi && !t[b].Possessive && IsNameToken(t, b + 1))
                {
                    b++;
                }

                if (PersonAfterRoleWords(t, b, hi) is { Kind: SubjectKind.Name } named)
                {
                    return named; // session 22: "Meridian host Lena Castellano opened the show, accusing …"
                }

                if (!t[b].Possessive && !AcronymInParensAfter(t, b, hi))
                {
                    var info = ParseName(t, k, b);
                    if (info is not null && info.Person)
                    {
                        return new SubjectPhrase { Kind = SubjectKind.Name, A = k, B = b };
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

                Fill(p, t, -1, new SubjectPhrase { Kind = SubjectKind.Name, A = a, B = end - 1 }, attr, "colon");
                return true;
            }

            if (pw is "His" or "his" or "Her" or "her")
            {
                Fill(p, t, -1, new SubjectPhrase { Kind = SubjectKind.Pronoun, A = end - 1, B = end - 1, Word = pw.Equals("his", StringComparison.OrdinalIgnoreCase) ? "he" : "she" }, attr, "colon");
                return true;
            }

            // "Ruiz was blunt:" / "The Evening Courier was blunter:": a short sentence of its subject, "was" and an
            // adjective, introducing the quote.
            var s0 = lo < end && Is(t[lo], "the") ? lo + 1 : lo;
            if (s0 < end && IsNameToken(t, s0) && t[s0].Cap)
            {
                var b = s0;
                while (b + 1 < end && !t[b].Possessive && IsNameToken(t, b + 1))
                {
                    b++;
                }

                var copula = b + 1;
                var ok = !t[b].Possessive && copula < end && Word(t[copula]) is "was" or "is" or "were" or "are" && end - copula <= 3;
                for (var k = copula + 1; ok && k <= end; k++)
                {
                    ok = t[k].Kind == TokKind.Word && !t[k].Cap && !t[k].Cue;
                }

                if (ok)
                {
                    Fill(p, t, -1, new SubjectPhrase { Kind = SubjectKind.Name, A = s0, B = b }, attr, "colon");
                    return attr.Speaker is not null;
                }

                // "Ruiz pressed her:", "Hall had a warning for critics:": a short sentence of a person and lower-case
                // words (no reporting verb, no document or sign) introducing the quote.
                if (s0 == lo && !t[b].Possessive && b + 1 < end && end - b <= 6 && LowerWordsOnly(t, b + 1, end) && ParseName(t, s0, b) is { Person: true })
                {
                    Fill(p, t, -1, new SubjectPhrase { Kind = SubjectKind.Name, A = s0, B = b }, attr, "colon");
                    return attr.Speaker is not null;
                }
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

            if (a != lo && !(OfficeHeadBefore(t, a, out var officeStart) >= 0 && officeStart == lo && ParseName(t, a, end) is { Person: true } held && held.NameStart > a))
            {
                // s23-titles: "Governor of the Central Bank Ruth Marsh:" opens its sentence with the title.
                return false;
            }

            var info = ParseName(t, a, end);
            if (info is null || !info.Person)
            {
                return false;
            }

            Fill(p, t, -1, new SubjectPhrase { Kind = SubjectKind.Name, A = a, B = end }, attr, "colon");
            return true;
        }

        return false;
    }

    // True when tokens a..b are lower-case words that are no cue, document or sign noun.
    private bool LowerWordsOnly(Token[] t, int a, int b)
    {
        for (var k = a; k <= b; k++)
        {
            if (t[k].Kind != TokKind.Word || t[k].Cap || t[k].Cue || Lexicon.DocumentNouns.Contains(Word(t[k])) || SignNouns.Contains(Word(t[k])))
            {
                return false;
            }
        }

        return true;
    }

    private bool TryInWords(Para p, int qt, Attribution attr)
    {
        var t = p.Tokens;
        var lo = p.SentenceStart[t[qt].Sentence];
        for (var k = qt - 1; k > lo && k >= qt - 8; k--)
        {
            if (!Is(t[k], "words"))
            {
                continue;
            }

            if (InPronounWords(t, k, lo) is { Kind: SubjectKind.Pronoun } own)
            {
                Fill(p, t, -1, own, attr, "head"); // session 17: "In her words, …"
                return attr.Speaker is not null;
            }

            if (t[k - 1].Possessive && IsNameToken(t, k - 1))
            {
                var a = k - 1;
                while (a - 1 >= lo && IsNameToken(t, a - 1) && !t[a - 1].Possessive)
                {
                    a--;
                }

                Fill(p, t, -1, new SubjectPhrase { Kind = SubjectKind.Name, A = a, B = k - 1 }, attr, "head");
                return attr.Speaker is not null;
            }

            if (k + 2 < qt && Is(t[k + 1], "of") && t[k + 2].Cap && IsNameToken(t, k + 2))
            {
                var b = k + 2;
                while (b + 1 < qt && IsNameToken(t, b + 1) && !t[b].Possessive)
                {
                    b++;
                }

                Fill(p, t, -1, new SubjectPhrase { Kind = SubjectKind.Name, A = k + 2, B = b }, attr, "head");
                return attr.Speaker is not null;
            }
        }

        return false;
    }

    private bool TryOtherSentence(Para p, int qt, Attribution attr)
    {
        var t = p.Tokens;
        var s = t[qt].Sentence;

        // "Asked if he would debate again, Doe shrugged. "Sure. Why not?"": a quote that is a sentence of its own after
        // a narrative sentence (no reporting verb, no quote) that opens with a person: that person.
        if (s > 0 && OnlyQuoteInSentence(t, qt))
        {
            var from = p.SentenceStart[s - 1];
            var to = p.SentenceStart[s];
            var plain = true;
            // "Asked about that remark, the Frenchwoman smiled.": the opening clause's "Asked" reports nothing (session 10).
            var start = IntroClauseEnd(t, from, to);
            for (var k = from; k < to && plain; k++)
            {
                plain = t[k].Kind != TokKind.Quote && (!t[k].Cue || (k < start && Is(t[from], "asked")));
            }

            if (plain)
            {
                var np = SentenceSubject(t, start, to);
                if (np.Kind == SubjectKind.Name && StartsSentence(t, start, np.A)
                    && np.B + 1 < to && t[np.B + 1].Kind == TokKind.Word && !t[np.B + 1].Cap)
                {
                    Fill(p, t, -1, np, attr, "previous-sentence");
                    if (attr.Speaker is not null)
                    {
                        return true;
                    }
                }

                if (OpeningDescription(t, start, to) is { Kind: SubjectKind.Role } desc
                    && ResolveSubject(p, t, desc, t[desc.A].Start) is { Id: >= 0 })
                {
                    // "Asked about that remark, the Frenchwoman smiled. "…"" (session 10).
                    Fill(p, t, -1, desc, attr, "previous-sentence");
                    if (attr.Speaker is not null)
                    {
                        return true;
                    }
                }
            }
        }

        // Nearest earlier sentence in the paragraph with an attributed cue.
        for (var k = p.SentenceStart[s] - 1; k >= 0; k--)
        {
            if (t[k].Kind == TokKind.Quote)
            {
                var prevQ = t[k].QuoteIndex;
                if (_attrByQuote[prevQ] is { } pa && pa.Method != "none")
                {
                    Copy(pa, attr, "previous-sentence");
                    attr.CueTok = pa.CueTok;
                    return true;
                }

                continue;
            }

            if (!t[k].Cue || Lexicon.IsParticiple(Word(t[k])) || IsSubordinateCue(t, k) || IsFirstPersonSubordinateCue(t, k)) // session 16: "when I asked her"
            {
                continue;
            }

            var lo = p.SentenceStart[t[k].Sentence];
            var np = BackwardSubject(t, k, lo);
            if (np.Kind == SubjectKind.None)
            {
                np = ForwardSubject(t, k, t.Length);
            }

            if (np.Kind == SubjectKind.None)
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
                if (np.Kind == SubjectKind.None)
                {
                    np = ForwardSubject(t, k, to);
                }

                // "…" That was how the harbor master, Ines Moreau, put it.
                if (np.Kind is SubjectKind.Name or SubjectKind.Pronoun && (k - from <= 6 || (np.Kind == SubjectKind.Name && np.A - from <= 7 && k - from <= 14)))
                {
                    Fill(p, t, k, np, attr, "next-sentence");
                    return true;
                }

                break;
            }
        }

        return false;
    }

    /// <summary>
    /// The first token of the sentence before the one <paramref name="qt"/> opens, when that sentence is short (at most
    /// ten tokens); else -1.
    /// </summary>
    private static int ShortSentenceBefore(Para p, int qt)
    {
        var s = p.Tokens[qt].Sentence;
        if (p.SentenceStart[s] != qt || s == 0)
        {
            return -1;
        }

        var lo = p.SentenceStart[s - 1];
        return qt - lo > 10 ? -1 : lo;
    }

    private bool TrySubjectOfSentenceBefore(Para p, int qt, Attribution attr)
    {
        var t = p.Tokens;
        var lo = ShortSentenceBefore(p, qt);
        if (lo < 0)
        {
            return false;
        }

        for (var k = lo; k < qt; k++)
        {
            if (t[k].Kind == TokKind.Quote || t[k].Cue)
            {
                return false;
            }
        }

        var np = SentenceSubject(t, lo, qt);
        if (np.Kind != SubjectKind.Name || !StartsSentence(t, lo, np.A) || np.B + 1 >= qt || t[np.B + 1].Kind != TokKind.Word || t[np.B + 1].Cap)
        {
            return false;
        }

        Fill(p, t, -1, np, attr, "sentence-before");
        return attr.Speaker is not null;
    }

    // What a person says, as the noun of "Ferrier's closing was shorter" (session 11).
    private static readonly HashSet<string> AnswerNouns = new(Lexicon.SpeechNouns.Concat(
    [
        "closing", "opening", "answer", "reply", "response", "reaction", "retort", "explanation", "pitch", "argument",
        "advice", "verdict", "message", "speech", "defence", "defense", "account", "view", "take", "tone", "rebuttal",
    ]), StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// "Ferrier's closing was shorter. "…"": a short sentence right before a quote that stands alone, opened by a
    /// person's possessive and a noun for what they say, gives that person (session 11).
    /// </summary>
    private bool TryPossessorOfSentenceBefore(Para p, int qt, Attribution attr)
    {
        var t = p.Tokens;
        var lo = ShortSentenceBefore(p, qt);
        if (lo < 0)
        {
            return false;
        }

        var b = lo;
        while (b < qt && !t[b].Possessive && IsNameToken(t, b) && t[b].Cap)
        {
            b++;
        }

        if (b >= qt - 1 || !t[b].Possessive || !t[b].Cap || !IsNameToken(t, b) || t[b + 1].Kind != TokKind.Word || !AnswerNouns.Contains(Word(t[b + 1])))
        {
            return false;
        }

        for (var k = b + 2; k < qt; k++)
        {
            if (t[k].Kind == TokKind.Quote || t[k].Cue)
            {
                return false;
            }
        }

        if (ParseName(t, lo, b) is not { Person: true })
        {
            return false;
        }

        Fill(p, t, -1, new SubjectPhrase { Kind = SubjectKind.Name, A = lo, B = b }, attr, "possessor-before");
        return attr.Speaker is not null;
    }

    private static bool OnlyQuoteInSentence(Token[] t, int qt)
    {
        // Sentences are contiguous token runs: look only at this one.
        var s = t[qt].Sentence;
        for (var k = qt - 1; k >= 0 && t[k].Sentence == s; k--)
        {
            if (t[k].Kind == TokKind.Word)
            {
                return false;
            }
        }

        for (var k = qt + 1; k < t.Length && t[k].Sentence == s; k++)
        {
            if (t[k].Kind == TokKind.Word)
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
            if (subj.Kind != SubjectKind.None)
            {
                Fill(prev, t, -1, subj, attr, "colon-paragraph");
                return true;
            }

            if (p.OnlyQuotes && TryColonIntroBody(prev, t, lo, attr))
            {
                return true; // session 23: "The Harbour Tenants' Union, which brought the case:"
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
                if (np.Kind == SubjectKind.None)
                {
                    np = ForwardSubject(t, k, t.Length);
                }

                if (np.Kind is SubjectKind.Name or SubjectKind.Pronoun)
                {
                    Fill(prev, t, k, np, attr, "previous-paragraph");
                    if (attr.Speaker is null && np.Kind == SubjectKind.Pronoun && np.Word == "it")
                    {
                        (attr.Cue, attr.CueTok, attr.Audience, attr.Method) = (null, -1, null, "none");
                        break; // session 23: "… before it admits anyone else.": no body speaks; the sentence's opener may
                    }

                    return attr.Speaker is not null;
                }
            }

            // "Senator Lena Holt opened the hearing." then a paragraph that is only a quote: the person who opens the
            // last sentence of a paragraph without quotes and without a reporting verb.
            // A paragraph whose only mark never closes is more likely a stray mark on narrative text: not this rule.
            if (prev.QuoteFrom == prev.QuoteTo && t.Length > 3
                && (_quotes[p.QuoteFrom].Close >= 0 || (p.QuoteFrom + 1 < _quotes.Count && _quotes[p.QuoteFrom + 1].ContinuesPrev)))
            {
                var lo = prev.SentenceStart[t[^1].Sentence];
                var np = SentenceSubject(t, lo, t.Length);
                if (np.Kind == SubjectKind.None && PossessiveOpener(t, lo) is { Kind: SubjectKind.Pronoun } owner)
                {
                    np = owner; // session 23: "Her most direct appeal came near the end."
                }

                var clause = np.Kind == SubjectKind.None || (np.Kind == SubjectKind.Name && !StartsSentence(t, lo, np.A))
                    ? ClauseOpeningPronoun(t, lo) : default;
                clause = clause.Kind == SubjectKind.Pronoun && (np.Kind == SubjectKind.None || clause.A < np.A) ? clause : default;
                if (clause.Kind == SubjectKind.Pronoun)
                {
                    Fill(prev, t, -1, clause, attr, "previous-paragraph"); // session 23: "The ovation came when she …"
                    return attr.Speaker is not null;
                }

                // Also a "he"/"she" opening that sentence ("… took the microphone. She spoke without notes.").
                var pronoun = np.Kind == SubjectKind.Pronoun && np.A == lo && np.Word is "he" or "she";
                if ((pronoun || (np.Kind == SubjectKind.Name && StartsSentence(t, lo, np.A) && !UnknownOneWordSubject(t, np))) && np.B + 1 < t.Length && t[np.B + 1].Kind == TokKind.Word && !t[np.B + 1].Cap)
                {
                    Fill(prev, t, -1, np, attr, "previous-paragraph");
                    return attr.Speaker is not null;
                }
            }
        }

        return false;
    }

    // "Asked if he would debate again, Doe …": an opening participle clause up to a comma right before the name.
    private int IntroClauseEnd(Token[] t, int lo, int hi)
    {
        if (lo >= hi || t[lo].Kind != TokKind.Word || Span(t[lo]) is not ("Asked" or "Pressed" or "Questioned" or "Later" or "Afterward" or "Afterwards" or "Still" or "Minutes" or "Moments"))
        {
            return lo;
        }

        for (var k = lo + 1; k < hi && k <= lo + 14; k++)
        {
            if (IsPunct(t[k], ','))
            {
                return k + 1;
            }
        }

        return lo;
    }

    // Only titles (capitalized or lower-case role words) stand between the sentence start and the name.
    private bool StartsSentence(Token[] t, int lo, int a)
    {
        for (var k = SkipTimestamp(t, lo); k < a; k++)
        {
            if (t[k].Kind != TokKind.Word || !(t[k].Cap || Lexicon.RoleNouns.Contains(Word(t[k])) || Lexicon.Titles.Contains(Word(t[k]))))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A live-blog entry's time stamp before its text: "9:40 p.m. —", "10:15 ET -", "12:10 a.m. —".</summary>
    private int SkipTimestamp(Token[] t, int lo)
    {
        var k = lo;
        if (k >= t.Length || !char.IsDigit(_text[t[k].Start]))
        {
            return lo;
        }

        while (k < t.Length && k < lo + 6 && (char.IsDigit(_text[t[k].Start]) || IsPunct(t[k], ':') || IsPunct(t[k], '.')
            || (t[k].Kind == TokKind.Word && Span(t[k]) is "a.m." or "p.m." or "a.m" or "p.m" or "am" or "pm" or "ET" or "GMT" or "BST" or "CET" or "UTC" or "local")))
        {
            k++;
        }

        return k < t.Length && IsDash(t[k]) ? k + 1 : lo;
    }
}
