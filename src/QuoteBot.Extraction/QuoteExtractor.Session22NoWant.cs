namespace QuoteBot.Extraction;

// Session 22 (s22b-nowant): a person the article names only by what they chose to give ("a woman who gave her name only
// as Whaea Rangi", "a neighbour who gave only his first name, Viktor", "a soldier who asked to be identified only by his
// call sign, Bison") is not identified: the gold wants no speaker for their words. A single given name is already no
// full name; a two-word one ("Whaea Rangi") was a full name and took the "she said" that follows. An unnamed person is
// added just after such a name, so a pronoun in the paragraph stands for them (no name). One-line hook in the Names pass.
internal sealed partial class ArticleScan
{
    /// <summary>Adds an unnamed person at the end of each name given "only as" (see the file comment).</summary>
    private void AddNamesGivenOnly()
    {
        foreach (var p in _paras)
        {
            if (p.Boilerplate)
            {
                continue;
            }

            var t = p.Tokens;
            for (var j = 2; j + 2 < t.Length; j++)
            {
                if (!Is(t[j], "only") || NameGivenOnlyAt(t, j, out var gender) is not (>= 0 and var k))
                {
                    continue;
                }

                var end = k;
                while (end + 1 < t.Length && end < k + 3 && t[end + 1].Kind == TokKind.Word && t[end + 1].Cap
                    && t[end + 1].Sentence == t[k].Sentence)
                {
                    end++;
                }

                // The unnamed person is a sentence subject where the name was ("…, Rosie Lark, was handing out tea").
                var subject = false;
                for (var m = 0; m < _reg.Mentions.Count; m++)
                {
                    subject |= _reg.Mentions[m].Pos == t[k].Start && _reg.Mentions[m].Subject;
                }

                var id = _reg.AddAnonymous(gender, t[end].End);
                _reg.Mentions.Add(new Mention { Pos = t[end].End, Entity = id, Paragraph = p.Index, Subject = subject });
            }
        }
    }

    // The capitalised name after "gave her name only as", "gave only his first name,", "identified only as" or
    // "identified only by his call sign," with "only" at j: its first token, else -1; the gender its pronoun gives.
    private int NameGivenOnlyAt(Token[] t, int j, out Gender gender)
    {
        gender = Gender.Unknown;
        int k;
        int pronoun;
        if (Is(t[j - 1], "name") && IsGive(t[j - 3]) && Is(t[j + 1], "as"))
        {
            pronoun = j - 2; // "gave her name only as X"
            k = j + 2;
        }
        else if (IsGive(t[j - 1]) || (Is(t[j - 1], "identified") && Is(t[j + 1], "by")))
        {
            // "gave only his first name, X", "identified only by his call sign, X"
            pronoun = Is(t[j + 1], "by") ? j + 2 : j + 1;
            k = pronoun + 1;
            while (k < t.Length && k <= pronoun + 3 && t[k].Kind == TokKind.Word && !t[k].Cap)
            {
                k++;
            }

            if (k >= t.Length || !IsPunct(t[k], ','))
            {
                return -1;
            }

            k++;
        }
        else if (Is(t[j - 1], "identified") && Is(t[j + 1], "as"))
        {
            pronoun = -1; // "a man identified only as X"
            k = j + 2;
        }
        else
        {
            return -1;
        }

        if (pronoun >= 0 && !(Is(t[pronoun], "his") || Is(t[pronoun], "her") || Is(t[pronoun], "their")))
        {
            return -1;
        }

        gender = pronoun < 0 ? Gender.Unknown : Is(t[pronoun], "his") ? Gender.Male : Is(t[pronoun], "her") ? Gender.Female : Gender.Unknown;
        return k < t.Length && t[k].Kind == TokKind.Word && t[k].Cap && t[k].Sentence == t[j].Sentence ? k : -1;
    }

    private bool IsGive(Token w) => Is(w, "gave") || Is(w, "give") || Is(w, "gives") || Is(w, "giving") || Is(w, "given");
}

// Session 22 (s22b-nowant), second shape: a quote marked as the previous paragraph's continuation whose own paragraph
// introduces it with a sentence ending in a colon ("Birch's message to the House, delivered on Monday: "…"", "The GOP
// view, from a staffer who was not authorized to speak: "…"", "My message to my colleagues is simple: "…"") is not the
// previous speaker's: the intro names its own source. The cascade goes on past the previous paragraph step (the colon rules
// then name that source or nobody). Hook in AttributeQuote's step 6.
internal sealed partial class ArticleScan
{
    /// <summary>
    /// True when the quote at <paramref name="qt"/> follows a colon that ends an intro of three or more words in its own
    /// sentence ("Then: "…"" is too short to name anybody and stays a continuation).
    /// </summary>
    private bool OwnColonIntro(Para p, int qt)
    {
        var t = p.Tokens;
        if (qt < 4 || !IsPunct(t[qt - 1], ':'))
        {
            return false;
        }

        var words = 0;
        for (var k = p.SentenceStart[t[qt - 1].Sentence]; k < qt - 1; k++)
        {
            if (t[k].Kind == TokKind.Quote)
            {
                return false;
            }

            words += t[k].Kind == TokKind.Word ? 1 : 0;
        }

        return words >= 3;
    }
}

// Session 22 (s22b-nowant), third shape: a vox-pop sign-off that gives one name word and an age ("― Moussa, 17",
// "― Hawa, 35, travelling with three children") where that word is nobody named in full in the article: a first name
// only, which identifies nobody (as "gave his name only as Ernesto"). Hook in DashName.
internal sealed partial class ArticleScan
{
    /// <summary>True when the dash name t[a..b] is one word, resolved to no full name, followed by ", &lt;age&gt;".</summary>
    private bool FirstNameOnlyWithAge(Token[] t, int a, int b) =>
        a == b && b + 2 < t.Length && IsPunct(t[b + 1], ',') && t[b + 2].Kind == TokKind.Word
        && Span(t[b + 2]) is { Length: > 0 and <= 3 } age && char.IsAsciiDigit(age[0]) && char.IsAsciiDigit(age[^1])
        && !_resolvedAt.TryGetValue(t[a].Start, out _);
}
