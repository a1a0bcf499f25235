namespace QuoteBot.Extraction;

// The keep/drop filter: scare quotes, labels and titles are dropped.
internal sealed partial class ArticleScan
{
    // ---------------------------------------------------------------- keep or drop

    private static readonly HashSet<string> SmallTitleWords = new(StringComparer.Ordinal)
    {
        "of", "the", "and", "a", "an", "in", "on", "for", "to", "at", "with", "&", "or", "by", "from", "vs", "vs.",
    };

    private static readonly HashSet<string> PromoVerbs = new(StringComparer.Ordinal) { "Read", "Watch", "Listen", "See", "Explore", "Follow" };

    private static readonly HashSet<string> PromoObjects = new(StringComparer.OrdinalIgnoreCase) { "our", "more", "the", "it", "now", "full", "live", "all" };

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

        if (words == 0 || IsStageDirection(q))
        {
            return false;
        }

        // A mark opening a narrative paragraph that never closes and is not continued: a stray mark, not a quote.
        if (q.Close < 0 && !q.ContinuesNext && !q.ContinuesPrev && qt == 0 && !attr.Attached && attr.Method != "previous-paragraph")
        {
            return false;
        }

        // A single mark opened mid-paragraph that nothing closes or runs on: a sentence fragment, not a quote.
        if (q.Single && q.Close < 0 && !q.ContinuesNext && qt > 0)
        {
            return false;
        }

        // "‘What happens next?’ Read our guide to the changes": a promo's teaser, not a quote.
        if (qt == 0 && qt + 2 < t.Length && t[qt + 1].Kind == TokKind.Word && t[qt + 1].Cap && PromoVerbs.Contains(Word(t[qt + 1]))
            && t[qt + 2].Kind == TokKind.Word && PromoObjects.Contains(Word(t[qt + 2])))
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
            // "Asked whether she would resign, Alvarez said: "Absolutely not."": an answer after a cue and a colon.
            return alone || chant || q.ContinuesPrev || (colonIntro && endsPunct && attr.Method == "transcript") || (opensSentence && endsPunct && (attr.Tail || attr.Method is "previous-sentence" or "colon"))
                || (colonIntro && endsPunct && attr.Method == "head" && qt - 2 >= 0 && t[qt - 2].Cue && (qt + 1 >= t.Length || t[qt + 1].Kind != TokKind.Word));
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

    /// <summary>"(CROSSTALK)", "[APPLAUSE]", "(inaudible)": a transcript's stage direction, not speech.</summary>
    private bool IsStageDirection(QuoteSpan q)
    {
        var s = _text.AsSpan(q.TextStart, q.TextEnd - q.TextStart).Trim();
        return s.Length >= 3 && s[0] is '(' or '[' && s[^1] is ')' or ']' && s[1..^1].IndexOfAny('(', '[') < 0;
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
