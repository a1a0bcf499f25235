namespace QuoteBot.Extraction;

// Session 15: rules found by reading the misses of HeldOut10 (and then HeldOut11), grouped by the mechanism that
// failed. Each is a general news-writing shape (no name, word or sentence of those folders), a small method with a
// one-line hook in the older files.
internal sealed partial class ArticleScan
{
    // Upper-case transcript labels that stand for a role, not a surname: "HOST:", "MODERATOR:". The person introduced
    // with that role ("ABN host Grace Hall") speaks; with nobody so introduced the line has no named speaker.
    private static readonly WordSet RoleLabels = new(StringComparer.OrdinalIgnoreCase)
    {
        "host", "moderator", "interviewer", "anchor", "presenter", "correspondent",
    };

    // Upper-case labels of voices that are nobody named: "QUESTION:", "UNIDENTIFIED MALE:" (its first word), "CROWD:".
    private static readonly WordSet VoiceLabels = new(StringComparer.OrdinalIgnoreCase)
    {
        "question", "q", "reporter", "unidentified", "crowd", "audience", "announcer", "narrator", "caller", "panelist",
        "protester", "voice", "male", "female",
    };

    // Texts of law that are quoted but spoken by nobody: "The statute describes such spending as "…"".
    private static readonly WordSet LawTextNouns = new(StringComparer.OrdinalIgnoreCase)
    {
        "statute", "law", "constitution", "amendment", "clause", "provision", "regulation", "ordinance", "treaty",
        "charter", "subsection", "section", "act",
    };

    // Words that open "One of the consultants …", "Some of the protesters …": a part of a group, nobody named.
    private static readonly WordSet PartOfGroupWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "one", "some", "many", "several", "most", "few", "two", "three", "four", "five", "both", "each", "none", "another",
    };

    // Prepositions that open a parenthetical phrase between commas ("…, without naming her, mocking …").
    private static readonly WordSet ParentheticalPrepositions = new(StringComparer.OrdinalIgnoreCase)
    {
        "without", "after", "before", "during", "despite", "in", "on", "at", "with", "while", "amid", "instead",
    };

    /// <summary>
    /// A one-word upper-case transcript label that is a role or an unnamed voice: <c>HOST:</c> is the person
    /// introduced as the host (or nobody named), <c>QUESTION:</c> is nobody named. The label still marks a new turn,
    /// so its quote does not run on from the turn before. Null when the word is neither.
    /// </summary>
    private (int Colon, int Entity, string? Name)? RoleOrVoiceLabel(Token[] t, int colon)
    {
        var bare = Word(t[0]).TrimEnd('.');
        if (RoleLabels.Contains(bare))
        {
            var id = _reg.FindByRole(_words.Lower(bare), t[0].Start);
            return id >= 0 ? (colon, id, _reg[id].Name) : (colon, -1, null);
        }

        return VoiceLabels.Contains(bare) ? (colon, -1, null) : null;
    }

    /// <summary>
    /// "The Western Lands Council, an industry group …, said Whitfield-Ames had "…"", "X (D-Calif.), who …, said
    /// Democrats would "…"": after a cue that has words before it in its sentence, a name followed by an auxiliary is
    /// the subject of the reported clause, not an inverted speaker.
    /// </summary>
    private bool IsReportedClauseSubject(Token[] t, SubjectPhrase np, int cue, int lo, int hi)
    {
        if (np.Kind is SubjectKind.None or SubjectKind.Pronoun || cue <= lo + 1 || np.B + 1 >= hi)
        {
            return false;
        }

        var next = t[np.B + 1];
        return next.Kind == TokKind.Word && !next.Cap && !Is(next, "that") && ReportedClauseWordLookup.Contains(Span(next));
    }

    /// <summary>
    /// The subject of a cue whose inverted reading was a reported clause's subject: the person the sentence opens with,
    /// else a body opening it ("The Western Lands Council, an industry group …,"), else none.
    /// </summary>
    private SubjectPhrase SubjectBeforeReportedClause(Token[] t, int lo, int cue)
    {
        var person = SentenceSubject(t, lo, cue);
        if (person.Kind != SubjectKind.None)
        {
            return person;
        }

        var a = lo < cue && Is(t[lo], "the") ? lo + 1 : lo;
        var b = a;
        while (b < cue && t[b].Kind == TokKind.Word && t[b].Cap && !t[b].Possessive && !t[b].Cue)
        {
            b++;
        }

        if (b == a || b >= cue || !(IsPunct(t[b], ',') || IsPunct(t[b], '(')))
        {
            return default;
        }

        var np = new SubjectPhrase { Kind = SubjectKind.Name, A = a, B = b - 1 };
        return OrganisationSpeaker(t, np) is not null ? np : default;
    }

    /// <summary>
    /// "Noor Haddad, president of the Campaign Integrity Project, a nonpartisan watchdog, called …": the second
    /// apposition describes the body that ends the first (after "president of the"), so the subject is the person
    /// before both. <paramref name="k"/> is the comma that opens the second apposition.
    /// </summary>
    private SubjectPhrase PersonBeforeBodyApposition(Token[] t, SubjectPhrase before, int k, int segA, int lo)
    {
        if (before.Kind != SubjectKind.Name || !(Is(t[segA], "a") || Is(t[segA], "an") || Is(t[segA], "the"))
            || !IsAfterRolePreposition(t, before, lo) || ParseName(t, before.A, before.B) is { Person: true })
        {
            return default;
        }

        var person = BackwardSubject(t, k + 1, lo);
        return person.Kind == SubjectKind.Name && ParseName(t, person.A, person.B) is { Person: true } ? person : default;
    }

    /// <summary>
    /// "He took aim at the front-runner, Sen. X, without naming her, mocking "…"": a participle after a parenthetical
    /// phrase opened by a preposition takes the sentence's subject, not the name before the parenthetical.
    /// </summary>
    private bool ParticipleAfterParenthetical(Token[] t, int cue, int segA) =>
        t[cue].Kind == TokKind.Word && Lexicon.IsParticiple(Word(t[cue])) && t[segA].Kind == TokKind.Word && !t[segA].Cap
        && ParentheticalPrepositions.Contains(Word(t[segA]));

    /// <summary>
    /// "One of the consultants leaned back and said": a sentence opened by a part of a group ("One of", "Some of")
    /// has an unnamed subject.
    /// </summary>
    private bool OpensWithPartOfGroup(Token[] t, int lo, int cue) =>
        lo + 2 < cue && t[lo].Kind == TokKind.Word && PartOfGroupWords.Contains(Word(t[lo])) && Is(t[lo + 1], "of")
        && (Is(t[lo + 2], "the") || Is(t[lo + 2], "his") || Is(t[lo + 2], "her") || Is(t[lo + 2], "their") || Is(t[lo + 2], "them") || Is(t[lo + 2], "those"));

    /// <summary>
    /// "He told the story of his father, a hog farmer, and of an economy that he said had been "…"": a pronoun that
    /// repeats the pronoun opening its sentence is the same person, so it is resolved where the sentence starts
    /// (before anyone it introduces). Returns the opening pronoun, else the phrase unchanged.
    /// </summary>
    private SubjectPhrase PronounOpener(Para p, Token[] t, SubjectPhrase np)
    {
        if (np.Kind != SubjectKind.Pronoun || np.Word is not ("he" or "she"))
        {
            return np;
        }

        var lo = p.SentenceStart[t[np.A].Sentence];
        return np.A > lo + 1 && t[lo].Kind == TokKind.Word && Word(t[lo]).Equals(np.Word, StringComparison.OrdinalIgnoreCase)
            ? np with { A = lo, B = lo }
            : np;
    }

    /// <summary>
    /// The determiner of a body's apposition: "the budget watchdog" and (session 15) "a nonpartisan ethics group"
    /// ("Citizens for Accountable Government, a nonpartisan ethics group, said …", then "the group said").
    /// </summary>
    private bool IsApposedDeterminer(Token w) => Is(w, "the") || Is(w, "a") || Is(w, "an");

    /// <summary>"The statute describes such spending as "…"": the text of a law is quoted, nobody speaks it.</summary>
    private bool IsLawText(Token[] t, SubjectPhrase np) =>
        np.Kind == SubjectKind.Role && np.Word is { } noun && LawTextNouns.Contains(noun) && np.A >= 0
        && (Is(t[np.A], "the") || (np.A > 0 && Is(t[np.A - 1], "the")));

    /// <summary>
    /// "A study published in May by the Lakeshore Policy Institute found …, and concluded that …": a sentence opened
    /// by a document and its author ("by"/"from" and a body within seven words) speaks for the author.
    /// </summary>
    private string? DocumentAuthorOpening(Para p, Token[] t, int cue)
    {
        var lo = p.SentenceStart[t[cue].Sentence];
        var d = lo + 1;
        if (d < cue && t[d].Kind == TokKind.Word && !t[d].Cap && !Lexicon.DocumentNouns.Contains(Word(t[d])))
        {
            d++; // "A new study", "The annual report"
        }

        if (!(Is(t[lo], "a") || Is(t[lo], "an") || Is(t[lo], "the")) || d >= cue || t[d].Kind != TokKind.Word || t[d].Cap
            || !Lexicon.DocumentNouns.Contains(Word(t[d])))
        {
            return null;
        }

        for (var j = d + 1; j < cue && j <= d + 7 && t[j].Kind == TokKind.Word; j++)
        {
            if (t[j].Cap || Word(t[j]) is not ("by" or "from"))
            {
                continue;
            }

            var a = j + 1 < cue && Is(t[j + 1], "the") ? j + 2 : j + 1;
            var e = a;
            while (e + 1 < cue && t[e + 1].Kind == TokKind.Word && (t[e + 1].Cap || (Word(t[e + 1]) is "of" or "for" && e + 2 < cue && t[e + 2].Cap)))
            {
                e++;
            }

            return a < cue && t[a].Cap ? OrganisationSpeaker(t, new SubjectPhrase { Kind = SubjectKind.Name, A = a, B = e }) : null;
        }

        return null;
    }

    /// <summary>
    /// "criticizing "Washington politicians who …" — a line that …": a quote inside a sentence (a word right before
    /// it) followed by a dash is described by what follows the dash; the dash names no speaker.
    /// </summary>
    private static bool QuoteInsideSentence(Token[] t, int qt) => qt > 0 && t[qt - 1].Kind == TokKind.Word;

    /// <summary>
    /// ""Before the speech or after it?" the reporter followed up.", ""…," he deadpanned.": a quote ending in a comma,
    /// question or exclamation mark, then a subject (a pronoun, a name, or the/a/one and a person noun) and a past-tense
    /// verb that is no listed cue: the subject speaks.
    /// </summary>
    private bool TryUnlistedTailVerb(Para p, int qt, Attribution attr)
    {
        var t = p.Tokens;
        var q = _quotes[t[qt].QuoteIndex];
        if (q.Close < 0 || _text[q.TextEnd - 1] is not (',' or '?' or '!') || qt + 2 >= t.Length || t[qt + 1].Kind != TokKind.Word)
        {
            return false;
        }

        var s = qt + 1;
        SubjectPhrase np;
        int verb;
        if (Word(t[s]) is "he" or "she")
        {
            np = new SubjectPhrase { Kind = SubjectKind.Pronoun, A = s, B = s, Word = _words.Lower(Word(t[s])) };
            verb = s + 1;
        }
        else if (!t[s].Cap && (IsIndefinite(t[s]) || Is(t[s], "the")) && s + 2 < t.Length && t[s + 1].Kind == TokKind.Word && !t[s + 1].Cap
            && (AnonLookup.Contains(Span(t[s + 1])) || Lexicon.RoleNouns.Contains(Word(t[s + 1]))))
        {
            np = new SubjectPhrase { Kind = SubjectKind.Role, A = s, B = s + 1, Word = _words.Lower(Word(t[s + 1])) };
            verb = s + 2;
            if (IsIndefinite(t[s]))
            {
                np = default; // "a reporter followed up": nobody named
            }
        }
        else
        {
            return false;
        }

        if (verb >= t.Length || t[verb].Kind != TokKind.Word || t[verb].Cap || t[verb].Cue
            || !(Word(t[verb]).EndsWith("ed", StringComparison.Ordinal) || Word(t[verb]) is "began" or "went" or "shot" or "broke" or "cut"))
        {
            return false;
        }

        // The verb ends the sentence, or takes a particle ("followed up", "cut in", "shot back").
        var after = verb + 1;
        if (after < t.Length && t[after].Kind == TokKind.Word && Word(t[after]) is "up" or "in" or "back" or "on")
        {
            after++;
        }
        else if (Word(t[verb]) is "went" or "shot" or "broke" or "cut")
        {
            return false; // only "went on", "shot back", "broke in", "cut in"
        }

        if (after < t.Length && t[after].Sentence == t[verb].Sentence && !(t[after].Kind == TokKind.Punct && t[after].P is '.' or ',' or ';'))
        {
            return false;
        }

        Fill(p, t, -1, np, attr, "tail");
        attr.Attached = true;
        return true;
    }

    /// <summary>
    /// "Ruud Koster of the Labour-Green alliance", "Amira Haddad of the Brussels-based group Refugee Rights Europe": a
    /// person named in full right before "of"/"from"/"at", whose phrase (hyphenated words allowed) runs up to
    /// <paramref name="end"/> (exclusive), looked for no further back than <paramref name="lo"/>; else none.
    /// </summary>
    private SubjectPhrase PersonOfBodyBefore(Token[] t, int end, int lo)
    {
        for (var k = end - 1; k > lo && k >= end - 10; k--)
        {
            if (IsPunct(t[k], '-'))
            {
                continue;
            }

            if (t[k].Kind != TokKind.Word || t[k].Cue)
            {
                return default;
            }

            if (t[k].Cap || Word(t[k]) is not ("of" or "from" or "at"))
            {
                if (!t[k].Cap && Word(t[k]) is "that" or "which" or "who" or "and" or "but" or "to")
                {
                    return default;
                }

                continue;
            }

            var e = k - 1;
            if (e < 0 || t[e].Kind != TokKind.Word || !t[e].Cap || t[e].Possessive || !IsNameToken(t, e))
            {
                return default;
            }

            var s = e;
            while (s - 1 >= lo && s - 1 >= 0 && IsNameToken(t, s - 1) && !t[s - 1].Possessive) // lo may be -1 (session 18)
            {
                s--;
            }

            return ParseName(t, s, e) is { Person: true } info && info.Parts.Count >= 2
                ? new SubjectPhrase { Kind = SubjectKind.Name, A = s, B = e }
                : default;
        }

        return default;
    }

    /// <summary>
    /// "Its rapporteur on the file, Dutch lawmaker Pieter van Leeuwen, said": an apposition of role words and a full
    /// name (tokens <paramref name="a"/>..<paramref name="b"/>) gives the name.
    /// </summary>
    private SubjectPhrase RoleWordsThenName(Token[] t, int a, int b)
    {
        if (b - a > 7 || !t[b].Cap || t[b].Possessive)
        {
            return default;
        }

        var n = b;
        while (n - 1 > a && IsNameToken(t, n - 1) && !t[n - 1].Possessive)
        {
            n--;
        }

        if (n <= a || t[n - 1].Kind != TokKind.Word || t[n - 1].Cap || !(Lexicon.RoleNouns.Contains(Word(t[n - 1])) || AnonLookup.Contains(Span(t[n - 1]))))
        {
            return default;
        }

        return ParseName(t, n, b) is { Person: true } info && info.Parts.Count >= 2 ? new SubjectPhrase { Kind = SubjectKind.Name, A = n, B = b } : default;
    }

    /// <summary>
    /// "State media quoted him as saying that …", "The agency quoted Kerr as saying": the quoted person (the object
    /// before "as saying") speaks, not the medium. <paramref name="k"/> is the cue "saying".
    /// </summary>
    private SubjectPhrase QuotedAsSaying(Token[] t, int k, int lo)
    {
        if (k - 3 < lo || !Is(t[k], "saying") || !Is(t[k - 1], "as"))
        {
            return default;
        }

        if (Word(t[k - 2]) is "him" or "her" && Is(t[k - 3], "quoted"))
        {
            return new SubjectPhrase { Kind = SubjectKind.Pronoun, A = k - 2, B = k - 2, Word = Word(t[k - 2]) == "him" ? "he" : "she" };
        }

        var e = k - 2;
        var s = e;
        while (s - 1 > lo && IsNameToken(t, s - 1) && !t[s - 1].Possessive)
        {
            s--;
        }

        return t[e].Cap && IsNameToken(t, e) && s - 1 >= lo && Is(t[s - 1], "quoted") && ParseName(t, s, e) is { Person: true }
            ? new SubjectPhrase { Kind = SubjectKind.Name, A = s, B = e }
            : default;
    }

    /// <summary>
    /// "Promising jobs for ten lakh youths, Jan Shakti Morcha leader X launched …": a capitalized participle opening the
    /// sentence (or a dateline's colon) before a lower-case word is no name.
    /// </summary>
    private bool IsParticipleOpener(Token[] t, int k, int lo, int hi) =>
        (k == lo || (k - 1 >= lo && IsPunct(t[k - 1], ':'))) && k + 1 < hi && t[k].Kind == TokKind.Word && t[k].Cap
        && Lexicon.IsParticiple(Word(t[k])) && Word(t[k]).Length > 5 && t[k + 1].Kind == TokKind.Word && !t[k + 1].Cap && !t[k + 1].Cue;

    /// <summary>
    /// "Jan Shakti Morcha (JSM) leader X": a capitalized run followed by its acronym in parentheses is a body, not a
    /// person (a party/state tag such as "(D-Wis.)" has a hyphen and is not matched).
    /// </summary>
    private bool AcronymInParensAfter(Token[] t, int b, int hi) =>
        b + 3 < hi && IsPunct(t[b + 1], '(') && t[b + 2].Kind == TokKind.Word && t[b + 2].AllCaps && t[b + 2].End - t[b + 2].Start >= 2
        && IsPunct(t[b + 3], ')');

    /// <summary>
    /// "The Daily Ledger's editorial is scathing. It says …": a capitalized name with a possessive before a document
    /// noun (token <paramref name="e"/> is the possessive) owns the document that "it" then stands for.
    /// </summary>
    private bool OwnsDocumentNext(Token[] t, int e) =>
        t[e].Possessive && e + 1 < t.Length && t[e + 1].Kind == TokKind.Word && !t[e + 1].Cap && Lexicon.DocumentNouns.Contains(Word(t[e + 1]));
}
