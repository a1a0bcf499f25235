namespace QuoteBot.Extraction;

// Session 16 (wrong names): one consistent choice of a speech frame's subject. The phrase-level searches find the
// nearest name or noun next to a cue; this file checks that phrase against the clause it sits in, so that a noun inside
// the subject's own modifiers (a relative clause, a prepositional phrase, an earlier clause behind a colon) or a name
// in a subordinate clause after an inverted verb is never taken for the speaker. An unnamed subject ("one", "a party
// official close to the talks") gives no name rather than the nearest one.
internal sealed partial class ArticleScan
{
    // Words that open a modifier after a subject's head noun: a relative clause, a participle or a preposition.
    private static readonly WordSet ModifierOpeners = new(StringComparer.OrdinalIgnoreCase)
    {
        "who", "that", "which", "whose", "close", "involved", "familiar", "with", "at", "in", "of", "from", "on", "for",
        "to", "under", "near", "inside", "within", "among", "speaking", "briefed", "based", "working", "serving",
    };

    // Determiners and number words that make a subject unnamed: "a", "one", "two of", "several".
    private static readonly WordSet IndefiniteOpeners = new(StringComparer.OrdinalIgnoreCase)
    {
        "a", "an", "one", "two", "three", "four", "five", "several", "some", "another", "many", "few",
    };

    // Conjunctions that open a subordinate clause after an inverted cue: "chanted the crowd as Gov. X walked in".
    private static readonly WordSet Subordinators = new(StringComparer.OrdinalIgnoreCase)
    {
        "as", "while", "when", "after", "before", "because", "since", "until", "though", "although", "whereas", "once",
    };

    // Prepositions whose object is never the subject of the verb after it.
    private static readonly WordSet ObliquePrepositions = new(StringComparer.OrdinalIgnoreCase)
    {
        "of", "for", "at", "with", "from", "to", "in", "on", "by", "under", "near", "inside", "within", "among",
    };

    /// <summary>
    /// The subject phrase <paramref name="np"/> found for cue <paramref name="cue"/>, checked against its clause
    /// (session 16). Returns the phrase unchanged, the person who opens the clause when <paramref name="np"/> sits in
    /// that person's modifiers, or none when the clause's real subject is unnamed.
    /// </summary>
    private SubjectPhrase FrameSubject(Token[] t, int cue, SubjectPhrase np)
    {
        if (cue < 0 || np.Kind == SubjectKind.None)
        {
            return np;
        }

        // "one described Ellery as "…"", "another called it …": the pronoun "one" right before the verb is the subject.
        var before = cue - 1;
        while (before >= 0 && t[before].Kind == TokKind.Word && !t[before].Cap && Lexicon.Fillers.Contains(Word(t[before])))
        {
            before--;
        }

        if (before >= 0 && t[before].Sentence == t[cue].Sentence && t[before].Kind == TokKind.Word && Word(t[before]) is "one" or "One" or "another" or "Another" or "someone" or "Someone" or "somebody")
        {
            return default;
        }

        var s = t[cue].Sentence;
        var lo = 0;
        while (lo < cue && t[lo].Sentence != s)
        {
            lo++;
        }

        lo = IntroClauseEnd(t, lo, cue);
        for (var k = cue - 1; k > lo; k--)
        {
            if (t[k].Kind == TokKind.Quote)
            {
                // "A spokeswoman, X, said the firm "…" Pike added that …": the clause starts after the last quote.
                lo = k + 1;
                break;
            }
        }

        var unnamedOpener = t[lo].Kind == TokKind.Word && IndefiniteOpeners.Contains(Word(t[lo])) ? OpenerHead(t, lo + 1, cue)
            : BarePluralOpener(t, lo, cue); // session 17: "Lawyers for X said"
        if (np.A > cue)
        {
            // "A party official involved in them described the sessions as "…"": with an unnamed subject before the
            // verb, a phrase after it is the object.
            if (unnamedOpener >= 0)
            {
                return default;
            }

            // Inverted: "chanted several hundred supporters as Gov. X stepped onto the stage". A name after a
            // subordinating conjunction belongs to the subordinate clause.
            for (var k = cue + 1; k < np.A; k++)
            {
                if (t[k].Kind == TokKind.Word && !t[k].Cap && Subordinators.Contains(Word(t[k])))
                {
                    return default;
                }
            }

            return np;
        }

        if (np.B >= cue || t[np.A].Sentence != s)
        {
            return np;
        }

        // "Two of Ellery's aides were less kind: one described …": a colon or semicolon between the phrase and the
        // verb ends the phrase's clause.
        for (var k = np.B + 1; k < cue; k++)
        {
            if (IsPunct(t[k], ':') || IsPunct(t[k], ';'))
            {
                return default;
            }
        }

        if (lo >= np.A || t[lo].Kind != TokKind.Word)
        {
            return np;
        }

        // "One Democratic senator who opposed the measure, speaking …, said": the noun in the modifiers ("measure") is
        // not the subject; the subject is the unnamed senator.
        if (unnamedOpener >= 0 && np.A > unnamedOpener && !IsAppositiveName(t, np, cue))
        {
            return default;
        }

        // "One MP who served in her cabinet said": the one-word noun right after the determiner is the unnamed head.
        if (IndefiniteOpeners.Contains(Word(t[lo])) && np.Kind == SubjectKind.Name && np.A == lo + 1 && np.B == np.A
            && Word(t[np.A]) is var only && (Lexicon.RoleNouns.Contains(only) || (only.Length is >= 2 and <= 4 && only.All(char.IsUpper))))
        {
            return default;
        }

        // "Pia Moss, the chief executive of the Coastal Fishers Union, which represents …, said": a body named inside
        // the opening person's apposition is the object of its preposition, not the subject.
        if (np.Kind == SubjectKind.Name && np.A > lo && t[lo].Cap && IsObliquePhrase(t, np.A, lo)
            && ParseName(t, np.A, np.B) is not { Person: true } && PersonOpener(t, lo, np.A) is { Kind: SubjectKind.Name } opener)
        {
            return opener;
        }

        if (AppositionOwner(t, lo, np, cue) is { Kind: SubjectKind.Name } owner)
        {
            return owner; // session 17: "Mira Castell, the widow of former senator Paul Castell, said"
        }

        return np;
    }

    /// <summary>
    /// The head noun of an indefinite subject starting at <paramref name="from"/> (right after its determiner): up to
    /// five words, ending before a modifier, a comma or the cue; -1 unless the head is a person or group noun or an
    /// acronym ("MP").
    /// </summary>
    private int OpenerHead(Token[] t, int from, int cue)
    {
        var head = -1;
        for (var k = from; k < cue && k < from + 5; k++)
        {
            if (t[k].Kind != TokKind.Word || t[k].Cue || (!t[k].Cap && ModifierOpeners.Contains(Word(t[k]))) || t[k].Possessive)
            {
                break;
            }

            head = k;
        }

        if (head < 0 || head + 1 >= cue)
        {
            return -1;
        }

        var w = Word(t[head]);
        var acronym = w.Length is >= 2 and <= 4 && w.All(char.IsUpper);
        var next = t[head + 1];
        var modified = IsPunct(next, ',') || (next.Kind == TokKind.Word && !next.Cap && ModifierOpeners.Contains(Word(next)));
        return modified && (acronym || Lexicon.RoleNouns.Contains(w) || AnonNouns.Contains(w) || Lexicon.GroupNouns.Contains(w)) ? head : -1;
    }

    /// <summary>
    /// A person's name that is the subject's apposition or the antecedent of the cue's "who": "a spokeswoman for the
    /// union, Jane Doe, (later) said", "two members …, among them Sen. Jane Doe, who argued".
    /// </summary>
    private bool IsAppositiveName(Token[] t, SubjectPhrase np, int cue)
    {
        if (np.Kind != SubjectKind.Name || np.A == 0 || ParseName(t, np.A, np.B) is not { Person: true })
        {
            return false;
        }

        var k = np.B + 1;
        var comma = k < cue && IsPunct(t[k], ',');
        if (comma)
        {
            k++;
        }

        if (k < cue && Is(t[k], "who"))
        {
            k++;
        }
        else if (!IsPunct(t[np.A - 1], ','))
        {
            return false;
        }

        while (k < cue && t[k].Kind == TokKind.Word && !t[k].Cap && (Lexicon.Fillers.Contains(Word(t[k])) || Word(t[k]).EndsWith("ly", StringComparison.Ordinal)))
        {
            k++;
        }

        return k == cue;
    }

    // The phrase at a follows a preposition (with "the" or "a" between): "of the Coastal Fishers Union".
    private bool IsObliquePhrase(Token[] t, int a, int lo)
    {
        var k = a - 1;
        if (k > lo && t[k].Kind == TokKind.Word && Word(t[k]) is "the" or "a" or "an")
        {
            k--;
        }

        return k > lo && t[k].Kind == TokKind.Word && !t[k].Cap && ObliquePrepositions.Contains(Word(t[k]));
    }

    /// <summary>A person's name opening the clause at <paramref name="lo"/>, followed by a comma; else none.</summary>
    private SubjectPhrase PersonOpener(Token[] t, int lo, int limit)
    {
        var b = lo;
        while (b + 1 < limit && t[b + 1].Kind == TokKind.Word && t[b + 1].Cap && !t[b].Possessive && IsNameToken(t, b + 1))
        {
            b++;
        }

        if (t[b].Possessive || b + 1 >= limit || !IsPunct(t[b + 1], ',') || ParseName(t, lo, b) is not { Person: true } info || info.Parts.Count < 2)
        {
            return default;
        }

        return new SubjectPhrase { Kind = SubjectKind.Name, A = lo, B = b };
    }

    /// <summary>
    /// ""Fix the road!" chanted several hundred supporters as …": the group right after an inverted chant verb
    /// (numbers and quantity words before a plural noun, or "the crowd"); else null.
    /// </summary>
    private string? GroupAfterChant(Token[] t, int cue)
    {
        var k = cue + 1;
        var the = k < t.Length && Is(t[k], "the");
        if (the)
        {
            k++;
        }

        while (k + 1 < t.Length && t[k].Kind != TokKind.Quote && !t[k].Cap
            && (char.IsDigit(_text[t[k].Start]) || Word(t[k]) is "several" or "hundred" or "hundreds" or "thousand" or "thousands" or "dozen" or "dozens" or "of" or "some" or "many" or "about" or "nearly" or "more" or "than"))
        {
            k++;
        }

        if (k >= t.Length || t[k].Kind != TokKind.Word || t[k].Cap || t[k].Cue)
        {
            return null;
        }

        var w = Word(t[k]);
        if (!(w is "crowd" or "audience" || (w.Length > 3 && w.EndsWith('s') && (Lexicon.GroupNouns.Contains(w) || AnonNouns.Contains(w[..^1])))))
        {
            return null;
        }

        return the ? "the " + w : w;
    }

    /// <summary>
    /// A quote that closes its paragraph after text of its own, where the paragraph before ended on another speaker's
    /// quote: when the quote's clause (or the sentence right before a quote that opens its sentence) has a subject of
    /// its own that is not that speaker, the speaker has changed and nothing is inherited. A person or role subject
    /// speaks; a thing ("The law, passed in 2023, states that "…"") gives no speaker. Pronoun subjects are left to the
    /// usual rules (session 16).
    /// </summary>
    private bool TryOwnSubjectOverInherited(Para p, int qt, Attribution attr)
    {
        if (_lastQuoteAttr is not { Speaker: not null } last || _lastQuotePara != p.Index - 1)
        {
            return false;
        }

        var t = p.Tokens;
        var s = t[qt].Sentence;
        var lo = p.SentenceStart[s];
        if (lo == qt)
        {
            if (s == 0)
            {
                return false;
            }

            lo = p.SentenceStart[s - 1];
        }

        for (var k = lo; k < qt; k++)
        {
            if (t[k].Kind == TokKind.Quote)
            {
                return false;
            }
        }

        lo = IntroClauseEnd(t, SkipTimestamp(t, lo), qt);
        if (lo + 1 >= qt || t[lo].Kind != TokKind.Word || Lexicon.Pronouns.Contains(Word(t[lo])) || Word(t[lo]) is "His" or "Her" or "Their" or "Its" or "My" or "Our" or "Your")
        {
            return false;
        }

        var np = SentenceSubject(t, lo, qt);
        if (np.Kind is SubjectKind.Name or SubjectKind.Role && np.A <= lo + 6)
        {
            var (id, name) = ResolveSubject(p, t, np, t[np.A].Start);
            if (name is null || (id >= 0 && id == last.Entity) || string.Equals(name, last.Speaker, StringComparison.Ordinal))
            {
                return false;
            }

            Fill(p, t, -1, np, attr, "own-subject");
            return true;
        }

        // "The law, passed in 2023, states that": a definite thing opens the clause.
        if (Word(t[lo]) is "The" or "This" && t[lo + 1].Kind == TokKind.Word && !t[lo + 1].Cap && !Lexicon.RoleNouns.Contains(Word(t[lo + 1]))
            && !AnonNouns.Contains(Word(t[lo + 1])) && !Lexicon.GroupNouns.Contains(Word(t[lo + 1])))
        {
            attr.Method = "own-subject";
            return true;
        }

        return false;
    }

    /// <summary>
    /// An exchange of quote-only paragraphs: a quote that answers (it is no question) right after a paragraph that is
    /// only a question is the answer of the person who spoke before that question, not the questioner's
    /// (""I asked. He said it was above my pay grade," she replied." / ""And was it?"" / ""No. It was …""), session 16.
    /// </summary>
    private bool TryAnswerAfterQuestion(Para p, QuoteSpan q, Attribution attr)
    {
        if (EndsWithQuestion(q) || q.TokenIndex != 0 || p.Index < 2 || _lastQuotePara != p.Index - 1 || _lastQuoteAttr?.Speaker is not { } asker)
        {
            return false;
        }

        var question = _paras[p.Index - 1];
        var before = _paras[p.Index - 2];
        if (!question.OnlyQuotes || question.QuoteTo - question.QuoteFrom != 1 || !EndsWithQuestion(_quotes[question.QuoteFrom])
            || before.QuoteTo <= before.QuoteFrom)
        {
            return false;
        }

        var qi = before.QuoteTo - 1;
        if (_attrByQuote[qi] is not { Speaker: { } answerer } answererAttr || answerer == asker || EndsWithQuestion(_quotes[qi]))
        {
            return false;
        }

        Copy(answererAttr, attr, "answer");
        return true;
    }

    /// <summary>
    /// A cue in a subordinate clause ("she said when I asked her about it") frames no other quote: a conjunction and a
    /// pronoun or a name stand right before it (session 16).
    /// </summary>
    private bool IsSubordinateCue(Token[] t, int k)
    {
        var j = k - 1;
        while (j >= 0 && j >= k - 3 && t[j].Kind == TokKind.Word && (t[j].Cap || Lexicon.Pronouns.Contains(Word(t[j]))) && t[j].Sentence == t[k].Sentence)
        {
            j--;
        }

        return j < k - 1 && j >= 0 && t[j].Kind == TokKind.Word && !t[j].Cap && Subordinators.Contains(Word(t[j])) && t[j].Sentence == t[k].Sentence;
    }
}
