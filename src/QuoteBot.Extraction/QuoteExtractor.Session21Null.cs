namespace QuoteBot.Extraction;

// Session 21 (s21-null): narrow fallbacks for quotes the older rules leave without a speaker, set from a measurement of
// every null outcome on the spent folders (see docs/extraction.md). Four shapes only: a definite office at the cue that
// nobody in the article was given ("…," the mayor said); a paragraph that is only a quote after a speech sentence naming
// someone; the turns of an exchange of such paragraphs; "he"/"she" with nobody compatible in four paragraphs. Unnamed
// people ("the official", "a spokesman", "a woman …, she said"), qualified offices ("the minister for local transport"),
// bodies ("the prime minister's office"), signs and crowds stay null. One-line hooks in Fill and AttributeQuote.
internal sealed partial class ArticleScan
{
    // Offices held by one named person in a story, whose definite form points back to that person. Deliberately not
    // the unnamed-source nouns (official, diplomat, aide, spokesman, source, reporter, delegate, staffer, adviser).
    private static readonly WordSet OfficeNouns = new(StringComparer.OrdinalIgnoreCase)
    {
        "mayor", "president", "premier", "minister", "senator", "governor", "secretary", "commissioner", "chancellor",
        "sheriff", "judge", "chairman", "chairwoman", "taoiseach", "congressman", "congresswoman", "treasurer",
        "rapporteur", "superintendent", "mayor-elect", "president-elect", "governor-elect", "premier-elect",
    };

    // Offices and their written titles that mark a person as holding some office (a "Sen." is no mayor).
    private static readonly string[] OfficeList =
    [
        .. OfficeNouns, "sen", "rep", "gov", "cllr", "councillor", "councilor", "councilman", "councilwoman", "representative",
        "ambassador", "justice", "mp", "mep", "mla", "msp", "td", "pm",
    ];

    /// <summary>
    /// The person a definite office subject at the cue stands for when the office was given to no one (see the file
    /// comment), or -1.
    /// </summary>
    private int OfficeHolderFallback(Para p, Token[] t, SubjectPhrase np, int cue, int pos)
    {
        if (np.Kind != SubjectKind.Role || np.Word is not { } role || cue < 0 || !OfficeNouns.Contains(role) || t != p.Tokens
            || !(np.A > 0 && Is(t[np.A - 1], "the") || Is(t[np.A], "the")) || t[np.B].Possessive)
        {
            return -1;
        }

        // The office phrase touches the cue: "the mayor said", "said the former senator", not "the minister for
        // local transport, asked about …, said" (a qualified office names someone new).
        var a = Is(t[np.A], "the") ? np.A : np.A - 1;
        if (!(np.B + 1 == cue || a == cue + 1) || (a == cue + 1 && !EndsInvertedSubject(t, np.B)))
        {
            return -1;
        }

        if (_reg.FindByRole(role, _text.Length) >= 0 || IntroducedUnnamed(p.Index, role, pos))
        {
            return -1; // someone holds the office (the older rules' case), or it was introduced as "a minister"
        }

        var id = Recent(pos, p.Index - 1, RecentFilter.NamedSpeakerOrSubjectOfCompatibleGender, RoleGender(role));
        if (id < 0 || _reg[id].Anonymous || _reg[id].Tokens < 2)
        {
            return -1;
        }

        // A person known by another office ("Sen. Ward", "Mayor Quint") is not this office's holder.
        if (OfficeNamedBeforeParagraphOf(_reg[id].FirstPos, role))
        {
            return -1; // "the Treasurer said" in the lede, long before this person came in: an unnamed office-holder
        }

        if (!EntityRegistry.HasRole(_reg[id], role))
        {
            foreach (var other in OfficeList)
            {
                if (_reg[id].HasRoleWord(other))
                {
                    return -1;
                }
            }
        }

        return id;
    }

    /// <summary>
    /// Whether the office word was written in a body paragraph before the one where the text position
    /// <paramref name="firstPos"/> (a person's first mention) lies: the office was in the story before that person.
    /// </summary>
    private bool OfficeNamedBeforeParagraphOf(int firstPos, string role)
    {
        for (var pi = _article.HeadlineParagraphs; pi < _paras.Length && _paras[pi].End <= firstPos; pi++)
        {
            var t = _paras[pi].Tokens;
            for (var k = 0; k < t.Length; k++)
            {
                if (t[k].Kind == TokKind.Word && Is(t[k], role))
                {
                    return true;
                }
            }
        }

        return false;
    }

    // Words of an exchange or a hearing that announce who is heard next: "The most wrenching testimony came from X".
    private static readonly WordSet ExchangeNouns = new(StringComparer.OrdinalIgnoreCase)
    {
        "testimony", "exchange", "exchanges", "question", "questioning", "answer", "reply", "appeal", "plea",
        "statement", "speech", "remarks", "account",
    };

    /// <summary>
    /// A paragraph that is only a quote, left without a speaker, after a paragraph with no quote whose last sentence
    /// is about speech (a reporting verb or "testimony", "exchange" …) and names someone in full: "The most heated
    /// exchange came when Rep. Brandon Voight pressed Sandoval on …" / "“Yes or no …?”". The first person named in
    /// that sentence speaks. A crowd, a sign or a heading before it names no one (the quote stays null).
    /// </summary>
    private bool TryFirstNamedOfSpeechSentenceBefore(Para p, QuoteSpan q, Attribution attr)
    {
        var i = p.Index - 1;
        if (!p.OnlyQuotes || q.TokenIndex != 0 || i < _article.HeadlineParagraphs || _paras[i].Boilerplate || _paras[i].QuoteFrom != _paras[i].QuoteTo
            || q.Close < 0)
        {
            return false;
        }

        var prev = _paras[i];
        var t = prev.Tokens;
        if (t.Length < 6 || !IsPunct(t[^1], '.'))
        {
            return false;
        }

        var lo = prev.SentenceStart[t[^1].Sentence];
        var speech = false;
        for (var k = lo; k < t.Length; k++)
        {
            if (t[k].Kind != TokKind.Word)
            {
                continue;
            }

            if (CrowdWords.Contains(Word(t[k])))
            {
                return false; // a crowd or a sign may be what is heard
            }

            speech |= t[k].Cue || ExchangeNouns.Contains(Word(t[k]));
        }

        if (!speech)
        {
            return false;
        }

        var from = t[lo].Start;
        var mentions = _reg.Mentions;
        for (var m = LowerBound(mentions, from); m < mentions.Count && mentions[m].Pos < prev.End; m++)
        {
            var e = _reg[mentions[m].Entity];
            if (!e.Anonymous)
            {
                if (e.Tokens < 2)
                {
                    return false;
                }

                attr.Entity = e.Id;
                attr.Speaker = e.Name;
                attr.Kind = SpeakerKind.Person;
                attr.Method = "previous-paragraph";
                return true;
            }
        }

        return false;
    }

    // "X pressed Y on …": verbs of questioning someone (not all are reporting cues on their own).
    private static readonly WordSet QuestioningVerbs = new(StringComparer.OrdinalIgnoreCase)
    {
        "pressed", "asked", "questioned", "grilled", "challenged", "confronted", "quizzed", "interrupted", "cross-examined",
    };

    /// <summary>
    /// Turns of an exchange written as paragraphs that are only a quote: "… when Rep. Brandon Voight pressed Sandoval on
    /// …" / "“Yes or no …?”" (Voight) / "“Congressman, I …”" (Sandoval) / "“Yes or no.”" (Voight). The paragraph before
    /// the run has no quote and its last sentence names exactly two people, one before its reporting verb and one after;
    /// the run's first quote went to the first of them, and the turns alternate (at most six).
    /// </summary>
    private bool TryExchangeTurn(Para p, QuoteSpan q, Attribution attr)
    {
        if (!p.OnlyQuotes || q.TokenIndex != 0 || p.QuoteTo - p.QuoteFrom != 1 || q.Close < 0)
        {
            return false;
        }

        var j = p.Index - 1;
        while (j >= 0 && p.Index - j <= 6 && _paras[j].OnlyQuotes && _paras[j].QuoteTo - _paras[j].QuoteFrom == 1)
        {
            j--;
        }

        var turns = p.Index - j - 1;
        if (turns < 1 || j < _article.HeadlineParagraphs || _paras[j].Boilerplate || _paras[j].QuoteFrom != _paras[j].QuoteTo
            || _paras[j].Tokens is not { Length: >= 6 } t || !IsPunct(t[^1], '.'))
        {
            return false;
        }

        var lo = _paras[j].SentenceStart[t[^1].Sentence];
        var cue = -1;
        for (var k = lo; k < t.Length && cue < 0; k++)
        {
            cue = t[k].Cue || (t[k].Kind == TokKind.Word && QuestioningVerbs.Contains(Word(t[k]))) ? t[k].Start : -1;
        }

        int first = -1, second = -1;
        var mentions = _reg.Mentions;
        for (var m = LowerBound(mentions, t[lo].Start); cue >= 0 && m < mentions.Count && mentions[m].Pos < _paras[j].End; m++)
        {
            var e = mentions[m].Entity;
            if (_reg[e].Anonymous || e == first || e == second)
            {
                continue;
            }

            if (mentions[m].Pos < cue && first < 0 && second < 0)
            {
                first = e;
            }
            else if (mentions[m].Pos > cue && first >= 0 && second < 0)
            {
                second = e;
            }
            else
            {
                return false; // a third person, or the order is not "X pressed Y"
            }
        }

        if (first < 0 || second < 0 || _attrByQuote[_paras[j + 1].QuoteFrom] is not { } opening || opening.Entity != first)
        {
            return false;
        }

        var id = turns % 2 == 0 ? first : second;
        attr.Entity = id;
        attr.Speaker = _reg[id].Name;
        attr.Kind = SpeakerKind.Person;
        attr.Method = "exchange";
        return true;
    }

    // How many paragraphs back PronounBeyondWindow looks (a bound, so a long article costs no whole-list scans).
    private const int FarWindow = 10;

    /// <summary>
    /// "…," she said, where nobody who could be "she" (named or not) was mentioned in this paragraph or the three
    /// before: the older look-up stops there and names no one. The latest speaker or sentence subject known to be of
    /// that gender in the ten paragraphs before ("Beds," she said, after a long exchange about the minister). -1 when there
    /// is none, or when someone compatible is near (the older rules' case, an unnamed woman included).
    /// </summary>
    private int PronounBeyondWindow(Para p, SubjectPhrase np, int pos)
    {
        if (np.Kind != SubjectKind.Pronoun || np.Word is not ("he" or "she"))
        {
            return -1;
        }

        var gender = np.Word == "he" ? Gender.Male : Gender.Female;
        if (Recent(pos, p.Index - 3, RecentFilter.CompatibleGender, gender) >= 0)
        {
            return -1;
        }

        var id = Recent(pos, p.Index - FarWindow, RecentFilter.SpeakerOrSubjectOfGender, gender);
        return id >= 0 && !_reg[id].Anonymous && !OtherRoleNear(p.Index - 3, pos, id) ? id : -1;
    }

    /// <summary>
    /// Whether someone is referred to by a definite role between paragraph <paramref name="fromPara"/> and
    /// <paramref name="pos"/> ("the president acknowledged …", "The Ukrainian leader … insisted") that person
    /// <paramref name="id"/> was never given: someone the pronoun may well mean, so the far look-up must not name
    /// <paramref name="id"/> ("the minister" is fine when it is the minister the look-up found).
    /// </summary>
    private bool OtherRoleNear(int fromPara, int pos, int id)
    {
        for (var i = Math.Max(_article.HeadlineParagraphs, fromPara); i < _paras.Length && _paras[i].Start < pos; i++)
        {
            var t = _paras[i].Tokens;
            for (var k = 0; k + 1 < t.Length && t[k].Start < pos; k++)
            {
                // Not followed by the holder's name ("The host, Rupert Gale," and "the President Ana Ruiz" are mentions).
                if (DefiniteRole(t, k, pos) is var j and >= 0
                    && (j + 1 < t.Length && t[j + 1].Kind == TokKind.Punct && _text[t[j + 1].Start] == ',' ? j + 2 : j + 1) is var next
                    && (next >= t.Length || !t[next].Cap) && !EntityRegistry.HasRole(_reg[id], Word(t[j])))
                {
                    return true;
                }
            }
        }

        return false;
    }

    // Words after a role noun that show it is not the subject of a verb ("the minister for transport", "the president and").
    private static readonly WordSet NotVerbsAfterRole = new(StringComparer.OrdinalIgnoreCase)
    {
        "of", "for", "in", "at", "on", "and", "or", "to", "with", "from", "by", "who", "whose", "whom", "that", "as", "than",
    };

    /// <summary>
    /// "Asked about the crews, the harbour master acknowledged …" then "…," he said: a definite role that opens a
    /// sentence (or follows its opening clause's comma) as the subject of a verb, after the pronoun's candidate
    /// <paramref name="id"/> was last mentioned (from <paramref name="from"/>) and in this paragraph or the one before,
    /// and never given to <paramref name="id"/>: the unnamed role holder is nearer, so a person of unknown gender named
    /// earlier is not taken for the pronoun.
    /// </summary>
    private bool RoleSubjectSince(int from, int pos, int id, int para)
    {
        for (var i = Math.Max(_article.HeadlineParagraphs, para - 1); i <= para && i < _paras.Length; i++)
        {
            var t = _paras[i].Tokens;
            for (var k = 0; k + 2 < t.Length && t[k].Start < pos; k++)
            {
                var opens = k == _paras[i].SentenceStart[t[k].Sentence] || (k > 0 && t[k - 1].Kind == TokKind.Punct && _text[t[k - 1].Start] == ',');
                if (t[k].Start > from && opens && OpensRoleSubject(t, k, pos, id))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>
    /// The role noun of a definite phrase that "the" opens at token <paramref name="k"/>, within three words and before
    /// <paramref name="pos"/> ("the president", "the former president", "the Ukrainian leader"), or -1.
    /// </summary>
    private int DefiniteRole(Token[] t, int k, int pos)
    {
        if (t[k].Kind != TokKind.Word || Word(t[k]) is not ("the" or "The"))
        {
            return -1;
        }

        for (var j = k + 1; j < t.Length && j <= k + 3 && t[j].Kind == TokKind.Word && t[j].Start < pos; j++)
        {
            if (Lexicon.RoleNouns.Contains(Word(t[j])))
            {
                return j;
            }
        }

        return -1;
    }
}
