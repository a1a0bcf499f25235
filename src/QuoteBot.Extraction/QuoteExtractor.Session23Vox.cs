namespace QuoteBot.Extraction;

// Session 23 (s23-vox): quotes with no cue of their own, whose speaker is given by the page's layout or by the paragraph
// before: transcript labels that stand for a party of the interview ("HOST:", "GUEST:") or an office ("POTUS:"), and a
// quote-only paragraph after a narrative paragraph whose last clause hands the floor to someone ("X cut him off.").
internal sealed partial class ArticleScan
{
    // Labels of the one who asks in an interview transcript.
    private static readonly WordSet InterviewerLabels = new(StringComparer.OrdinalIgnoreCase)
    {
        "host", "anchor", "interviewer", "presenter",
    };

    // Upper-case shorthand for an office, standing for the person who holds it: "POTUS asked", "POTUS: "…"".
    private static string? OfficeAcronymRole(ReadOnlySpan<char> w) =>
        w.Equals("POTUS", StringComparison.Ordinal) ? "President" : null;

    /// <summary>
    /// The person first introduced with <paramref name="title"/> written as a title right before the name ("President
    /// Walter Brannock's motorcade"), not a lower-case role ("the union local's president Ray Costello"), before
    /// <paramref name="pos"/>; else -1.
    /// </summary>
    private int TitledHolder(string title, int pos)
    {
        for (var id = 0; id < _reg.Count; id++)
        {
            var e = _reg[id];
            if (e.Anonymous || e.FirstPos >= pos || !e.HasRoleWord(title))
            {
                continue;
            }

            var end = e.FirstPos;
            while (end > 0 && char.IsWhiteSpace(_text[end - 1]))
            {
                end--;
            }

            var start = end;
            while (start > 0 && char.IsLetter(_text[start - 1]))
            {
                start--;
            }

            if (_text.AsSpan(start, end - start).Equals(title, StringComparison.Ordinal)
                && !(start >= 5 && _text.AsSpan(start - 5, 5).Equals("Vice ", StringComparison.OrdinalIgnoreCase)))
            {
                return id;
            }
        }

        return -1;
    }

    // Per transcript: the paragraph that introduces it and the two parties found there (guest, host).
    private int _partiesIntro = -1;
    private int _partiesGuest = -1;
    private int _partiesHost = -1;

    /// <summary>
    /// A one-word upper-case label that names a party of the interview or an office: <c>GUEST:</c> is the person quoted
    /// last before the transcript began (the one being interviewed); <c>HOST:</c>, with nobody introduced as the host,
    /// is the other person named in the paragraph that introduces the transcript ("… when Whitfield pressed him on …
    /// Part of that exchange follows:"); <c>POTUS:</c> is the person introduced as the president. Null when the label is
    /// none of these or nobody fits (the older rules then decide).
    /// </summary>
    private (int Colon, int Entity, string? Name)? TranscriptPartyLabel(Para p, Token[] t, int colon)
    {
        var bare = Word(t[0]).TrimEnd('.');
        if (OfficeAcronymRole(bare) is { } office)
        {
            var holder = TitledHolder(office, t[0].Start);
            return holder >= 0 ? (colon, holder, _reg[holder].Name) : null;
        }

        var guest = bare.Equals("guest", StringComparison.OrdinalIgnoreCase);
        if (!guest && !InterviewerLabels.Contains(bare))
        {
            return null;
        }

        if (!guest && _reg.FindByRole(_words.Lower(bare), t[0].Start) >= 0)
        {
            return null; // "ABN host Grace Hall": the role rule names her
        }

        if (guest && _reg.ResolveShort("Guest", Gender.Unknown, t[0].Start) is var known && known >= 0)
        {
            return (colon, known, _reg[known].Name); // a person whose surname is Guest
        }

        FindInterviewParties(p);
        var id = guest ? _partiesGuest : _partiesHost;
        return id >= 0 ? (colon, id, _reg[id].Name) : guest ? (colon, -1, null) : null;
    }

    /// <summary>
    /// The paragraph that introduces the transcript this label paragraph belongs to (the nearest one before it that is
    /// not itself a labelled turn or a bracketed stage note), and in it: the guest, the person whose words were quoted
    /// last up to there, and the host, the first other person named there.
    /// </summary>
    private void FindInterviewParties(Para p)
    {
        var i = p.Index - 1;
        while (i >= 0 && i >= p.Index - 40 && (StartsWithUpperLabel(_paras[i]) || IsStageNote(_paras[i])))
        {
            i--;
        }

        if (i < _article.HeadlineParagraphs || i == _partiesIntro)
        {
            return;
        }

        _partiesIntro = i;
        _partiesGuest = -1;
        _partiesHost = -1;
        var intro = _paras[i];
        for (var qi = intro.QuoteTo - 1; qi >= 0; qi--)
        {
            if (_attrByQuote[qi] is { Entity: >= 0 } a)
            {
                _partiesGuest = a.Entity;
                break;
            }
        }

        if (_partiesGuest < 0)
        {
            return;
        }

        var mentions = _reg.Mentions;
        for (var m = 0; m < mentions.Count; m++)
        {
            var mention = mentions[m];
            if (mention.Paragraph == i && mention.Entity >= 0 && mention.Entity != _partiesGuest && !_reg[mention.Entity].Anonymous)
            {
                _partiesHost = mention.Entity;
                return;
            }
        }
    }

    private bool StartsWithUpperLabel(Para p)
    {
        var t = p.Tokens;
        var b = 0;
        while (b < t.Length && b < 5 && t[b].Kind == TokKind.Word && t[b].AllCaps)
        {
            b++;
        }

        return b > 0 && b < t.Length && IsPunct(t[b], ':');
    }

    // "(CROSSTALK)", "[LAUGHTER]": a bracketed note between the turns.
    private static bool IsStageNote(Para p) =>
        p.Tokens.Length > 0 && p.Tokens[0].Kind == TokKind.Punct && p.Tokens[0].P is '(' or '[' && p.Tokens.Length <= 6;

    /// <summary>"POTUS asked": an office acronym used as a name is the person introduced with that office, else -1.</summary>
    private int OfficeAcronymHolder(Token[] t, SubjectPhrase np, int pos) =>
        np.A == np.B && t[np.A].Kind == TokKind.Word && t[np.A].AllCaps && OfficeAcronymRole(Span(t[np.A])) is { } role
            ? TitledHolder(role, pos)
            : -1;

    /// <summary>
    /// "Kessler said the pods were old stock. Street cut him off." / "Wexler started to reply, and Price cut him off."
    /// then a paragraph that is only a quote: the person who interrupts, in the clause that ends the paragraph before,
    /// takes the floor, whoever spoke or was about to speak before. Only a named person right before the verb phrase
    /// ("cut him off", "interrupted", "cut in", "broke in", "interjected") that closes a paragraph without quotes.
    /// </summary>
    private bool TryInterrupterBefore(Para p, QuoteSpan q, Attribution attr)
    {
        var i = p.Index - 1;
        if (!p.OnlyQuotes || q.TokenIndex != 0 || i < _article.HeadlineParagraphs || i < 0)
        {
            return false;
        }

        var prev = _paras[i];
        var t = prev.Tokens;
        if (prev.Boilerplate || prev.QuoteFrom != prev.QuoteTo || t.Length < 3 || !IsPunct(t[^1], '.'))
        {
            return false;
        }

        var lo = prev.SentenceStart[t[^1].Sentence];
        var verb = InterruptionStart(t, lo, t.Length - 1);
        if (verb <= lo || !t[verb - 1].Cap || t[verb - 1].Possessive || t[verb - 1].Kind != TokKind.Word)
        {
            return false;
        }

        var a = verb - 1;
        while (a - 1 >= lo && t[a - 1].Cap && IsNameToken(t, a - 1) && !t[a - 1].Possessive)
        {
            a--;
        }

        if (!IsNameToken(t, verb - 1) || ParseName(t, a, verb - 1) is not { Person: true })
        {
            // "Street cut him off.": a surname that is also a common word, known as a person's from earlier.
            var known = a == verb - 1 ? _reg.ResolveShort(Word(t[verb - 1]), Gender.Unknown, t[verb - 1].Start) : -1;
            if (known < 0 || _reg[known].Anonymous)
            {
                return false;
            }

            attr.Entity = known;
            attr.Speaker = _reg[known].Name;
            attr.Kind = SpeakerKind.Person;
            attr.Method = "interrupter";
            return true;
        }

        var tmp = new Attribution();
        Fill(prev, t, -1, new SubjectPhrase { Kind = SubjectKind.Name, A = a, B = verb - 1 }, tmp, "interrupter");
        if (tmp.Entity < 0 || tmp.Speaker is null)
        {
            return false;
        }

        Copy(tmp, attr, "interrupter");
        return true;
    }

    /// <summary>
    /// The first token of an interruption verb phrase that runs exactly up to <paramref name="end"/> (exclusive) in the
    /// sentence from <paramref name="lo"/>: "cut him off", "interrupted (her)", "cut in", "broke in", "interjected",
    /// "jumped in"; else -1.
    /// </summary>
    private int InterruptionStart(Token[] t, int lo, int end)
    {
        for (var k = Math.Max(lo, end - 3); k < end; k++)
        {
            if (t[k].Kind != TokKind.Word || t[k].Cap)
            {
                continue;
            }

            var w = Word(t[k]);
            var n = end - k;
            var fits = w switch
            {
                "cut" => (n == 3 && IsObjectPronoun(t[k + 1]) && Is(t[k + 2], "off")) || (n == 2 && Is(t[k + 1], "in")),
                "interrupted" => n == 1 || (n == 2 && IsObjectPronoun(t[k + 1])),
                "interjected" => n == 1,
                "broke" or "jumped" => n == 2 && Is(t[k + 1], "in"),
                _ => false,
            };

            if (fits)
            {
                return k;
            }
        }

        return -1;
    }

    private bool IsObjectPronoun(Token tok) =>
        tok.Kind == TokKind.Word && Word(tok) is "him" or "her" or "them";

    /// <summary>
    /// The turns after an interruption: a run of paragraphs that are each one quote, opened by the one who interrupted
    /// ("Wexler started to reply, and Price cut him off." / "Yes or no?" / "We have lowered it —" / "Yes or no."),
    /// alternates between that person and the other person named in the paragraph before the run.
    /// </summary>
    private bool TryInterruptedExchange(Para p, QuoteSpan q, Attribution attr)
    {
        if (!p.OnlyQuotes || q.TokenIndex != 0 || p.QuoteTo - p.QuoteFrom != 1)
        {
            return false;
        }

        var j = p.Index - 1;
        while (j >= 0 && p.Index - j <= 6 && _paras[j].OnlyQuotes && _paras[j].QuoteTo - _paras[j].QuoteFrom == 1)
        {
            j--;
        }

        var turns = p.Index - j - 1;
        if (turns < 1 || j < 0 || _attrByQuote[_paras[j + 1].QuoteFrom] is not { Method: "interrupter", Entity: >= 0 } opening)
        {
            return false;
        }

        var other = -1;
        var mentions = _reg.Mentions;
        for (var m = 0; m < mentions.Count; m++)
        {
            var e = mentions[m].Entity;
            if (mentions[m].Paragraph == j && e >= 0 && e != opening.Entity && !_reg[e].Anonymous)
            {
                other = other < 0 || other == e ? e : -2; // two others: not a two-person exchange
            }
        }

        if (other < 0)
        {
            return false;
        }

        var id = turns % 2 == 0 ? opening.Entity : other;
        attr.Entity = id;
        attr.Speaker = _reg[id].Name;
        attr.Kind = SpeakerKind.Person;
        attr.Method = "exchange";
        return true;
    }

    /// <summary>
    /// A reactions page's intro line for a body, with no reporting verb: "The Harbour Tenants' Union, which brought the
    /// case:" then the quote. The capitalized name that opens the line, when it names a body and not a person, speaks.
    /// </summary>
    private bool TryColonIntroBody(Para prev, Token[] t, int lo, Attribution attr)
    {
        var a = lo < t.Length && Is(t[lo], "the") ? lo + 1 : lo;
        var b = a;
        while (b < t.Length && t[b].Kind == TokKind.Word && t[b].Cap && !t[b].Possessive)
        {
            b++;
        }

        if (b == a || b >= t.Length - 1 || !IsPunct(t[b], ',') || ParseName(t, a, b - 1) is { Person: true })
        {
            return false;
        }

        for (var k = b + 1; k < t.Length - 1; k++)
        {
            if (t[k].Kind != TokKind.Word || t[k].Cap)
            {
                // Only a lower-case relative or participle clause may follow ("which brought the case"), no other name.
                if (!(t[k].Kind == TokKind.Punct && t[k].P is ','))
                {
                    return false;
                }
            }
        }

        if (OrganisationSpeaker(t, new SubjectPhrase { Kind = SubjectKind.Name, A = a, B = b - 1 }) is not { } body)
        {
            return false;
        }

        attr.Method = "colon-paragraph";
        attr.Speaker = body;
        attr.Kind = SpeakerKind.Organisation;
        _orgSpeakers.Add((t[a].Start, prev.Index, body));
        return true;
    }

    /// <summary>
    /// "Her most direct appeal came near the end, …" closing a paragraph without quotes, then a paragraph that is only a
    /// quote: the possessive that opens the sentence names the speaker as "she" or "he" would. Default when the
    /// sentence does not open so.
    /// </summary>
    private SubjectPhrase PossessiveOpener(Token[] t, int lo) =>
        lo + 2 < t.Length && t[lo].Kind == TokKind.Word && t[lo].Cap && Span(t[lo]) is "Her" or "His"
        && t[lo + 1].Kind == TokKind.Word && !t[lo + 1].Cap
            ? new SubjectPhrase { Kind = SubjectKind.Pronoun, A = lo, B = lo, Word = Span(t[lo]) is "Her" ? "she" : "he" }
            : default;

    /// <summary>
    /// "A second email from Wexley to …": a writer named by surname alone is the person introduced with it before
    /// (never a new person), else none.
    /// </summary>
    private (int Id, string Name)? KnownWriter(NameInfo info, int pos)
    {
        var id = _reg.ResolveShort(info.Parts[0], info.Gender, pos);
        return id >= 0 && !_reg[id].Anonymous ? (id, _reg[id].Name) : null;
    }

    /// <summary>
    /// "A second email from Wexley to the director, sent a week later, read in full: "…"": a quote after a colon whose
    /// sentence is about a letter, email, note or message from a named person is that person's writing.
    /// </summary>
    private bool TryLetterWriterColon(Para p, int qt, Attribution attr)
    {
        var t = p.Tokens;
        if (qt < 4 || !IsPunct(t[qt - 1], ':'))
        {
            return false;
        }

        var lo = p.SentenceStart[t[qt].Sentence];
        for (var k = lo; k < qt - 2; k++)
        {
            if (t[k].Kind == TokKind.Quote)
            {
                return false;
            }

            if (t[k].Kind == TokKind.Word && !t[k].Cap && Lexicon.IsShortLetter(Word(t[k])) && !Is(t[k], "statement")
                && WriterAfter(t, k + 1) is { } writer)
            {
                attr.Method = "letter";
                attr.Entity = writer.Id;
                attr.Speaker = writer.Name;
                attr.Kind = SpeakerKind.Person;
                return true;
            }
        }

        return false;
    }

    // Nouns for words said or written that a demonstrative points back with: "sent that message", "wrote those words".
    private static readonly WordSet PointedWordsNouns = new(StringComparer.OrdinalIgnoreCase)
    {
        "message", "words", "email", "letter", "note", "line", "remark", "remarks", "warning", "text", "memo",
    };

    /// <summary>
    /// A quote standing alone in its paragraph, then "The aide, Jonathan Wexley, sent that message to …": the person
    /// named in full before "that message" / "those words" in the next paragraph's first sentence wrote or said it.
    /// </summary>
    private bool TryNamedBeforePointedWords(Para p, Attribution attr)
    {
        if (p.Index + 1 >= _paras.Length || _paras[p.Index + 1] is not { Boilerplate: false } next || next.QuoteFrom != next.QuoteTo)
        {
            return false;
        }

        var u = next.Tokens;
        var first = -1;
        for (var k = 0; k + 1 < u.Length && u[k].Sentence == 0; k++)
        {
            if (u[k].Kind == TokKind.Word && !u[k].Cap && Word(u[k]) is "that" or "those" or "this" or "these"
                && u[k + 1].Kind == TokKind.Word && PointedWordsNouns.Contains(Span(u[k + 1])))
            {
                if (first < 0)
                {
                    return false;
                }

                var b = first;
                while (b + 1 < k && !u[b].Possessive && u[b + 1].Cap && IsNameToken(u, b + 1))
                {
                    b++;
                }

                if (u[b].Possessive || ParseName(u, first, b) is not { Person: true } info || info.Parts.Count < 2)
                {
                    return false;
                }

                var id = _reg.GetOrAddFull(info, u[info.NameStart].Start);
                (attr.Cue, attr.CueTok, attr.Audience) = (null, -1, null);
                attr.Method = "named-after";
                attr.Entity = id;
                attr.Speaker = _reg[id].Name;
                attr.Kind = SpeakerKind.Person;
                return true;
            }

            if (first < 0 && k > 0 && u[k].Cap && IsNameToken(u, k))
            {
                first = k; // the first capitalized name after the sentence's opening word
            }
        }

        return false;
    }

    /// <summary>
    /// A "what they said" page's dash line that names a body, not a person: "― Harbour Tenants' Union, in a letter to
    /// the council". The capitalized run after the dash, ended by a comma or the line, when it is a body's name.
    /// </summary>
    private bool TryDashBody(Para p, Token[] t, int a, Attribution attr)
    {
        var b = a;
        while (b + 1 < t.Length && t[b + 1].Kind == TokKind.Word && (t[b + 1].Cap || (Is(t[b + 1], "of") && b + 2 < t.Length && t[b + 2].Cap)))
        {
            b++;
        }

        if (b == a || t[b].Possessive || (b + 1 < t.Length && !IsPunct(t[b + 1], ',')) || ParseName(t, a, b) is { Person: true })
        {
            return false;
        }

        if (OrganisationSpeaker(t, new SubjectPhrase { Kind = SubjectKind.Name, A = a, B = b }) is not { } body)
        {
            return false;
        }

        attr.Method = "dash";
        attr.Attached = true;
        attr.Speaker = body;
        attr.Kind = SpeakerKind.Organisation;
        _orgSpeakers.Add((t[a].Start, p.Index, body));
        return true;
    }

    // Nouns for a moment of a speech that a sentence can open with: "The biggest ovation came when she …".
    private static readonly WordSet SpeechMomentNouns = new(StringComparer.OrdinalIgnoreCase)
    {
        "ovation", "applause", "cheer", "cheers", "laughter", "moment", "line", "appeal", "passage", "message", "plea",
        "jab", "remark", "remarks", "reaction", "response", "warning", "promise", "pledge",
    };

    /// <summary>
    /// "The biggest ovation came when she pointed to a guest in the gallery, …" closing a paragraph without quotes, its
    /// subject a moment of the speech and no person: the "he" or "she" that opens a clause after that noun ("when she
    /// …", "as he …") is who speaks in the quote-only paragraph after. Default when there is none, or a crowd is in it.
    /// </summary>
    private SubjectPhrase ClauseOpeningPronoun(Token[] t, int lo)
    {
        var moment = false;
        for (var k = lo + 1; k + 1 < t.Length; k++)
        {
            if (t[k].Kind == TokKind.Word && CrowdWords.Contains(Word(t[k])))
            {
                return default; // "a crowd held signs and chanted as she left": the crowd's words, not hers
            }

            moment |= t[k].Kind == TokKind.Word && SpeechMomentNouns.Contains(Span(t[k]));
            if (moment && (t[k].Kind == TokKind.Word && !t[k].Cap && Word(t[k]) is "he" or "she" && t[k - 1].Kind == TokKind.Word
                && Word(t[k - 1]) is "when" or "as" or "after" or "before" or "while" or "once" or "until"
                && t[k + 1].Kind == TokKind.Word && !t[k + 1].Cap))
            {
                return new SubjectPhrase { Kind = SubjectKind.Pronoun, A = k, B = k, Word = Word(t[k]) };
            }
        }

        return default;
    }

    /// <summary>
    /// A "voters in their own words" page: a line that is only a person's full name and what describes them ("Dorothy
    /// Lane, 71, retired cook, Marietta"), then a paragraph that is only a quote. The person of the line speaks.
    /// </summary>
    private bool TryNameLineBefore(Para p, Attribution attr)
    {
        var i = p.Index - 1;
        if (i < _article.HeadlineParagraphs || i < 0 || _paras[i] is not { Boilerplate: false } prev || prev.QuoteFrom != prev.QuoteTo)
        {
            return false;
        }

        var t = prev.Tokens;
        if (t.Length < 2 || t.Length > 24 || prev.SentenceStart.Length != 1 || !t[0].Cap || !IsNameToken(t, 0))
        {
            return false;
        }

        var b = 0;
        while (b + 1 < t.Length && !t[b].Possessive && t[b + 1].Cap && IsNameToken(t, b + 1))
        {
            b++;
        }

        if ((b + 1 < t.Length && !IsPunct(t[b + 1], ',')) || ParseName(t, 0, b) is not { Person: true } info || info.Parts.Count < 2)
        {
            return false;
        }

        for (var k = b + 1; k < t.Length; k++)
        {
            if (t[k].Cue || (t[k].Kind == TokKind.Punct && t[k].P is '.' or ':' or '!' or '?' or ';'))
            {
                return false; // a sentence or a colon intro, not a name line
            }
        }

        var id = _reg.GetOrAddFull(info, t[info.NameStart].Start);
        attr.Method = "name-line";
        attr.Entity = id;
        attr.Speaker = _reg[id].Name;
        attr.Kind = SpeakerKind.Person;
        return true;
    }

    /// <summary>
    /// "A woman filling her car at the shop put it more simply. "…"": the sentence before the quote is about somebody
    /// unnamed (it opens "A …", "An …", "One …" with a lower-case word, no letter or sign), so the quote does not inherit
    /// the speaker of the paragraph before.
    /// </summary>
    private bool UnnamedOpenerBeforeQuote(Para p, int qt)
    {
        var t = p.Tokens;
        var s = t[qt].Sentence;
        var prevSentence = qt > 0 && t[qt - 1].Sentence < s ? t[qt - 1].Sentence : s;
        var lo = p.SentenceStart[prevSentence];
        if (lo + 2 >= qt || t[lo].Kind != TokKind.Word || Span(t[lo]) is not ("A" or "An" or "One")
            || t[lo + 1].Kind != TokKind.Word || t[lo + 1].Cap)
        {
            return false;
        }

        for (var k = lo + 1; k < qt && k <= lo + 4; k++)
        {
            if (t[k].Kind == TokKind.Word && (Lexicon.IsShortLetter(Word(t[k])) || SignNouns.Contains(Word(t[k]))))
            {
                return false;
            }
        }

        return true;
    }
}
