using System.Buffers;

namespace QuoteBot.Extraction;

/// <summary>
/// Quote marks in an article that quotes with single marks (British house style: ‘…’ for quotes, "…" for a quote
/// within a quote; sometimes straight '…'). Which marks an article uses is decided once per article by
/// <see cref="Detect"/>; <see cref="Find"/> then pairs single and double marks in one paragraph. An apostrophe
/// (don’t, O’Neill, the 1990s’, Jones’ car, ’til, rock ’n’ roll, ‘90s) never opens or closes a quote.
/// </summary>
internal static class SingleQuotes
{
    private static readonly SearchValues<char> AllMarks = SearchValues.Create("\"\u201C\u201D\u201E\u201F\u00AB\u00BB\u2018\u2019'");

    // Words that an apostrophe shortens at their front: "’til", "’em", "rock ’n’ roll", "’cause".
    private static readonly HashSet<string> Elisions = new(StringComparer.Ordinal)
    {
        "til", "em", "cause", "cos", "coz", "tis", "twas", "n", "bout", "nuff", "kay", "ello", "im", "er",
    };

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> ElisionLookup = Elisions.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>The quoted spans of one paragraph, single marks included (the rest as <see cref="Tokenizer.FindQuotes(string,int,int,int,bool,List{QuoteSpan},out bool)"/>).</summary>
    public static void Find(string text, int ps, int pe, int paragraph, bool continuesPrev, List<QuoteSpan> output, out bool endsInside, SingleMarks singles, bool nextOpensSingle)
    {
        endsInside = false;
        var inside = false;
        var opener = '\0';
        var depth = 0;
        QuoteSpan? cur = null;
        var startCount = output.Count;
        var possessive = -1;
        for (var i = ps; i < pe; i++)
        {
            var skip = text.AsSpan(i, pe - i).IndexOfAny(AllMarks);
            if (skip < 0)
            {
                break;
            }

            i += skip;
            var c = text[i];
            var prev = i > ps ? text[i - 1] : ' ';
            var next = i + 1 < pe ? text[i + 1] : ' ';
            var prevSpace = char.IsWhiteSpace(prev) || prev is '(' or '[' or '\u2014' or '\u2013' or '-' or '/' or ':' or '\'' or '\u2018';
            var nextSpace = char.IsWhiteSpace(next) || (i + 1 >= pe);
            if (!inside)
            {
                var single = c is '\u2018' or '\'';
                var open = c switch
                {
                    '"' => !nextSpace || prevSpace,
                    '\u201C' or '\u201E' or '\u201F' or '\u00AB' => true,
                    '\u201D' => prevSpace && !nextSpace,
                    '\u00BB' => prevSpace && !nextSpace && char.IsLetterOrDigit(next),
                    '\u2018' => (singles & SingleMarks.Curly) != 0 && Opens(text, ps, pe, i),
                    '\'' => (singles & SingleMarks.Straight) != 0 && Opens(text, ps, pe, i),
                    _ => false,
                };
                if (!open)
                {
                    continue;
                }

                // A single mark that nothing closes in its paragraph opens a quote only at the paragraph's start or
                // when the next paragraph runs the quote on; otherwise it is an apostrophe or a stray mark.
                var first = IsFirstNonSpace(text, ps, i);
                if (single && !first && !nextOpensSingle && NextClose(text, ps, pe, i + 1) < 0)
                {
                    continue;
                }

                inside = true;
                opener = c;
                depth = 0;
                cur = new QuoteSpan { Open = i, Paragraph = paragraph, Single = single, ContinuesPrev = continuesPrev && output.Count == startCount && first };
                continue;
            }

            if (cur!.Single)
            {
                if (c is '\u2018')
                {
                    continue;
                }

                if (c is not ('\u2019' or '\''))
                {
                    // A double mark inside a single quote: a quote within the quote ("…" inside ‘…’).
                    if (depth == 0)
                    {
                        if (c is '\u201C' or '\u201E' or '\u201F' or '\u00AB' || (c == '"' && !nextSpace))
                        {
                            depth = 1;
                        }
                    }
                    else if (c is '"' or '\u201D' or '\u00BB' or '\u201C')
                    {
                        depth = 0;
                    }

                    continue;
                }

                if (!Closes(text, ps, pe, i))
                {
                    continue;
                }

                // Inside the nested double quote a single mark is an apostrophe, unless it closes both (”’).
                if (depth > 0 && prev is not ('"' or '\u201D'))
                {
                    continue;
                }

                // "the players’ union": a plural possessive before a lower-case word that is no function word ("the
                // drivers’ depot is …" vs "‘… the bosses’ and left", "‘… our members’ he said").
                if (prev is 's' && next == ' ' && i + 2 < pe && char.IsLower(text[i + 2]) && !FunctionWordAt(text, pe, i + 2))
                {
                    possessive = i;
                    continue;
                }

                cur.Close = i;
                Tokenizer.Finish(text, cur, output);
                cur = null;
                inside = false;
                continue;
            }

            // Inside a double quote single marks are its text; double marks pair as in the double-only scan.
            var closes = opener switch
            {
                '\u00AB' => c == '\u00BB',
                '\u00BB' => c == '\u00AB',
                _ => c is '"' or '\u201D' or '\u201C',
            };
            if (!closes)
            {
                continue;
            }

            if (prevSpace && !nextSpace && char.IsLetterOrDigit(next) && c != '\u201D')
            {
                depth++;
                continue;
            }

            if (depth > 0)
            {
                depth--;
                continue;
            }

            cur.Close = i;
            Tokenizer.Finish(text, cur, output);
            cur = null;
            inside = false;
        }

        if (inside && cur is not null)
        {
            if (cur.Single && possessive > cur.Open && !nextOpensSingle && !IsFirstNonSpace(text, ps, cur.Open))
            {
                // Nothing runs the quote on: the mark read as a possessive closed it after all ("‘… of nurses’ last week").
                cur.Close = possessive;
                Tokenizer.Finish(text, cur, output);
                return;
            }

            cur.Close = -1;
            endsInside = true;
            Tokenizer.Finish(text, cur, output, pe);
        }
    }

    /// <summary>A single mark at <paramref name="i"/> can open a quote: at a word's start, not an elision.</summary>
    public static bool Opens(string text, int ps, int pe, int i)
    {
        var prev = i > ps ? text[i - 1] : ' ';
        if (!(char.IsWhiteSpace(prev) || prev is '(' or '[' or '\u2014' or '\u2013' or '/' or '"' or '\u201C'))
        {
            return false;
        }

        if (i + 1 >= pe || char.IsWhiteSpace(text[i + 1]))
        {
            return false;
        }

        // ‘90s, in '97, since ’21: a year or decade shortened at its front. A quote may open with a number
        // ("‘20 years ago…’"), but not right after "in", "since" or "of", nor with punctuation after the digits.
        if (i + 2 < pe && char.IsDigit(text[i + 1]) && char.IsDigit(text[i + 2]) && (i + 3 >= pe || !char.IsLetterOrDigit(text[i + 3]) || text[i + 3] == 's'))
        {
            return i + 3 < pe && text[i + 3] == ' ' && !YearWordBefore(text, ps, i);
        }

        var e = i + 1;
        while (e < pe && char.IsLetter(text[e]))
        {
            e++;
        }

        return e == i + 1 || !ElisionLookup.Contains(text.AsSpan(i + 1, e - i - 1)) || (e < pe && char.IsLetter(text[e]));
    }

    // Words that follow a closing mark rather than a possessive's noun: "called it ‘a gift to the bosses’ and left".
    private static readonly HashSet<string> FunctionWords = new(StringComparer.Ordinal)
    {
        "and", "but", "or", "nor", "as", "to", "in", "on", "at", "for", "with", "from", "by", "of", "into", "than",
        "that", "which", "who", "when", "while", "after", "before", "because", "since", "until", "unless", "if",
        "is", "was", "were", "are", "has", "had", "have", "he", "she", "they", "it", "we", "i", "not", "said", "says",
        "told", "added", "so", "yet", "over", "about", "amid", "despite", "last", "next", "this", "yesterday", "today",
        "tonight", "earlier", "again", "too", "then", "now", "instead", "anyway",
    };

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> FunctionWordLookup = FunctionWords.GetAlternateLookup<ReadOnlySpan<char>>();

    private static bool FunctionWordAt(string text, int pe, int s)
    {
        var e = s;
        while (e < pe && char.IsLetter(text[e]))
        {
            e++;
        }

        return e > s && FunctionWordLookup.Contains(text.AsSpan(s, e - s));
    }

    private static readonly HashSet<string> YearWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "in", "since", "of", "from", "until", "till", "by", "before", "after", "and", "to", "the", "class", "summer",
        "winter", "spring", "autumn", "early", "late", "mid",
    };

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> YearWordLookup = YearWords.GetAlternateLookup<ReadOnlySpan<char>>();

    private static bool YearWordBefore(string text, int ps, int i)
    {
        var e = i;
        while (e > ps && char.IsWhiteSpace(text[e - 1]))
        {
            e--;
        }

        var s = e;
        while (s > ps && char.IsLetter(text[s - 1]))
        {
            s--;
        }

        return s < e && YearWordLookup.Contains(text.AsSpan(s, e - s));
    }

    /// <summary>A single mark at <paramref name="i"/> can close a quote: after a word or punctuation, before no letter.</summary>
    public static bool Closes(string text, int ps, int pe, int i)
    {
        if (i <= ps || char.IsWhiteSpace(text[i - 1]) || text[i - 1] is '\u2018')
        {
            return false;
        }

        if (i + 1 < pe && char.IsLetterOrDigit(text[i + 1]))
        {
            return false;
        }

        // rock ’n’ roll
        return !(text[i - 1] is 'n' or 'N' && i - 2 >= ps && text[i - 2] is '\u2019' or '\u2018' or '\'');
    }

    /// <summary>The first mark at or after <paramref name="from"/> that can close a single quote, or -1.</summary>
    public static int NextClose(string text, int ps, int pe, int from)
    {
        for (var i = from; i < pe; i++)
        {
            var k = text.AsSpan(i, pe - i).IndexOfAny('\u2019', '\'');
            if (k < 0)
            {
                return -1;
            }

            i += k;
            if (Closes(text, ps, pe, i))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The paragraph's first non-space character is a single mark that can open a quote.</summary>
    public static bool StartsWithOpen(string text, int ps, int pe, SingleMarks singles)
    {
        var i = ps;
        while (i < pe && char.IsWhiteSpace(text[i]))
        {
            i++;
        }

        if (i >= pe)
        {
            return false;
        }

        var c = text[i];
        return ((c == '\u2018' && (singles & SingleMarks.Curly) != 0) || (c == '\'' && (singles & SingleMarks.Straight) != 0)) && Opens(text, ps, pe, i);
    }

    private static bool IsFirstNonSpace(string text, int ps, int i)
    {
        for (var k = ps; k < i; k++)
        {
            if (!char.IsWhiteSpace(text[k]))
            {
                return false;
            }
        }

        return true;
    }

    // ---------------------------------------------------------------- which marks the article quotes with

    /// <summary>The text holds a single mark that might open a quote (a cheap first look): a ‘, or a ' at a word's start.</summary>
    public static SingleMarks Candidates(ReadOnlySpan<char> p)
    {
        var r = p.Contains('\u2018') ? SingleMarks.Curly : SingleMarks.None;
        if (p.Length > 1 && p[0] == '\'' && char.IsLetterOrDigit(p[1]))
        {
            return r | SingleMarks.Straight;
        }

        return StraightAfterSpace(p) ? r | SingleMarks.Straight : r;
    }

    // A ' after a space, tab or line feed and before a letter or digit. One search for the mark (most text has few)
    // instead of one search for each of the three pairs " '", "\n'" and "\t'".
    private static bool StraightAfterSpace(ReadOnlySpan<char> p)
    {
        var from = 1;
        while (from < p.Length)
        {
            var k = p[from..].IndexOf('\'');
            if (k < 0)
            {
                return false;
            }

            var i = from + k;
            if (p[i - 1] is ' ' or '\n' or '\t' && i + 1 < p.Length && char.IsLetterOrDigit(p[i + 1]))
            {
                return true;
            }

            from = i + 1;
        }

        return false;
    }

    /// <summary>
    /// Decides which single marks the article quotes with: ‘…’ (or '…') spans outside any double quote that look
    /// like speech (a speech frame after or before them, a colon before, a whole paragraph) must outnumber the
    /// double-quoted spans that do; straight marks need two such spans. <paramref name="skip"/> leaves out the
    /// headline, boilerplate and footer.
    /// </summary>
    public static SingleMarks Detect(string text, IReadOnlyList<TextSpan> paragraphs, IReadOnlyList<int> candidates, Func<int, bool> skip)
    {
        var scratch = new List<QuoteSpan>();
        var isCandidate = new bool[paragraphs.Count];
        int curly = 0, straight = 0, dbl = 0;
        foreach (var i in candidates)
        {
            isCandidate[i] = true;
            if (skip(i))
            {
                continue;
            }

            scratch.Clear();
            var p = paragraphs[i];
            var nextOpens = i + 1 < paragraphs.Count && StartsWithOpen(text, paragraphs[i + 1].Start, paragraphs[i + 1].End, SingleMarks.Curly | SingleMarks.Straight);
            Find(text, p.Start, p.End, i, false, scratch, out _, SingleMarks.Curly | SingleMarks.Straight, nextOpens);
            foreach (var q in scratch)
            {
                if (!LooksLikeSpeech(text, p.Start, p.End, q))
                {
                    continue;
                }

                // A double-quoted span here is outside every single quote ("…" inside ‘…’ is a quote within it).
                if (!q.Single)
                {
                    dbl++;
                }
                else if (text[q.Open] == '\'')
                {
                    straight++;
                }
                else
                {
                    curly++;
                }
            }
        }

        if (curly == 0 && straight < 2)
        {
            return SingleMarks.None;
        }

        // Double-quoted speech in the other paragraphs, counted only as far as it matters.
        var need = Math.Max(curly, straight);
        for (var i = 0; i < paragraphs.Count && dbl < need; i++)
        {
            if (isCandidate[i] || skip(i))
            {
                continue;
            }

            scratch.Clear();
            var p = paragraphs[i];
            Tokenizer.FindQuotes(text, p.Start, p.End, i, false, scratch, out _);
            foreach (var q in scratch)
            {
                if (LooksLikeSpeech(text, p.Start, p.End, q))
                {
                    dbl++;
                }
            }
        }

        var r = SingleMarks.None;
        if (curly > dbl && (curly >= 2 || dbl == 0))
        {
            r |= SingleMarks.Curly;
        }

        if (straight >= 2 && straight > dbl)
        {
            r |= SingleMarks.Straight;
        }

        return r;
    }

    /// <summary>A quoted span that reads as speech rather than a scare quote or a title.</summary>
    public static bool LooksLikeSpeech(string text, int ps, int pe, QuoteSpan q)
    {
        if (q.Words == 0)
        {
            return false;
        }

        var last = text[q.TextEnd - 1];
        var punct = last is ',' or '.' or '?' or '!' or '\u2026' or '\u2014';

        // Before: a colon, or a reporting verb within a few words ("she said: ‘…’", "told MPs ‘…’").
        var b = q.Open - 1;
        while (b >= ps && char.IsWhiteSpace(text[b]))
        {
            b--;
        }

        if (b < ps)
        {
            if (q.Close < 0 || (q.Close + 1 >= pe - 1 && punct && q.Words >= 4))
            {
                // A paragraph that is one quote, or a quote running on into the next paragraph.
                return q.Words >= 3;
            }
        }
        else if (text[b] == ':' && q.Words >= 3)
        {
            return true;
        }
        else if (text[b] is '.' or '!' or '?' && q.Close >= 0 && q.Close + 1 >= pe - 1 && punct && q.Words >= 4)
        {
            // "Susan Young stood at the lectern. ‘We will not back down.’": a quoted sentence of its own closing the
            // paragraph after a narrative sentence (session 11).
            return true;
        }
        else if (q.Words >= 3 && CueNear(text, ps, b + 1, before: true))
        {
            return true;
        }

        if (q.Close < 0)
        {
            return false;
        }

        // After: ",’ she said", "’ said Mr Smith", "’, he added".
        var a = q.Close + 1;
        if (a < pe && text[a] is ',' or '.')
        {
            punct |= text[a] == ',';
            a++;
        }

        return (punct && CueNear(text, a, pe, before: false)) || DashName(text, a, pe);
    }

    // Session 11: "’, Ms. Markovic said" — a full stop after a short capitalized word (a title, an initial, a state
    // abbreviation in a party tag) or before a comma or bracket ends no sentence.
    private static bool AbbreviationPeriod(string text, int from, int to, int i)
    {
        if (i + 1 < to && (text[i + 1] is ',' or ')' || (char.IsUpper(text[i + 1]) && i > from && char.IsUpper(text[i - 1]))))
        {
            // "D-N.Y.": the full stop inside an initialism.
            return true;
        }

        var s = i;
        while (s > from && char.IsLetter(text[s - 1]))
        {
            s--;
        }

        // "Robert Hale Jr. said": a generation suffix, whatever follows.
        return i - s is >= 1 and <= 5 && char.IsUpper(text[s]) && i + 2 < to && text[i + 1] == ' '
            && (char.IsUpper(text[i + 2]) || text.AsSpan(s, i - s) is "Jr" or "Sr");
    }

    // The first word after the quote is capitalized: a name (or a title) opens the attribution.
    private static bool NameOpens(string text, int from, int to)
    {
        var i = from;
        while (i < to && !char.IsLetter(text[i]))
        {
            i++;
        }

        return i < to && char.IsUpper(text[i]);
    }

    // Session 11: "‘…’ ― Maria Lopez", "‘…’\n— Daniel King, 71": a vox-pop line naming the speaker after a dash.
    private static bool DashName(string text, int a, int pe)
    {
        while (a < pe && char.IsWhiteSpace(text[a]))
        {
            a++;
        }

        if (a >= pe || text[a] is not ('\u2015' or '\u2014' or '\u2013' or '-'))
        {
            return false;
        }

        a++;
        while (a < pe && char.IsWhiteSpace(text[a]))
        {
            a++;
        }

        return a + 1 < pe && char.IsUpper(text[a]) && char.IsLetter(text[a + 1]);
    }

    // A reporting verb within six words after (four before) the position.
    private static bool CueNear(string text, int from, int to, bool before)
    {
        var n = 0;
        if (before)
        {
            var e = to;
            // Eight words back (session 11; was four): "said in a statement that the plan was ‘…’".
            while (n < 8 && e > from)
            {
                while (e > from && !char.IsLetter(text[e - 1]))
                {
                    if (text[e - 1] is '.' or '!' or '?' or '"' or '\u201D' or '\u2019' or '\'')
                    {
                        return false;
                    }

                    e--;
                }

                var s = e;
                while (s > from && (char.IsLetter(text[s - 1]) || text[s - 1] is '-'))
                {
                    s--;
                }

                if (s < e && Lexicon.CueLookup.Contains(text.AsSpan(s, e - s)))
                {
                    return true;
                }

                e = s;
                n++;
            }

            return false;
        }

        var i = from;
        // A capitalized word first (a name or title) may run a little longer: "’, White House press secretary Elena
        // Markovic said" (session 11).
        var limit = NameOpens(text, from, to) ? 9 : 6;
        while (n < limit && i < to)
        {
            while (i < to && !char.IsLetter(text[i]))
            {
                if (text[i] == '.' && AbbreviationPeriod(text, from, to, i))
                {
                    // "’, Ms. Markovic said", "’, Rep. Maria Lopez (D-Calif.) said" (session 11).
                    i++;
                    continue;
                }

                if (text[i] is '.' or '!' or '?' or '"' or '\u201C' or '\u201D' or '\u2018' or '\u2019' or '\'')
                {
                    return false;
                }

                if (text[i] is ',' or '(' && n >= 1 && n <= 5 && NameOpens(text, from, to))
                {
                    // "’, Grace Whitfield, the state’s attorney general, said": an apposition after the name.
                    limit = 26;
                }

                i++;
            }

            var s = i;
            while (i < to && (char.IsLetter(text[i]) || text[i] is '-' || (text[i] is '\u2019' or '\'' && i > s && i + 1 < to && char.IsLetter(text[i + 1]))))
            {
                i++;
            }

            if (i > s && Lexicon.CueLookup.Contains(text.AsSpan(s, i - s)))
            {
                return true;
            }

            n++;
        }

        return false;
    }
}
