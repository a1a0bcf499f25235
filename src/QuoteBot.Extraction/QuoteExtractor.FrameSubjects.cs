namespace QuoteBot.Extraction;

// Session 18 (s18-head): the subject of a speech frame before the quote, in three general shapes of news English that
// the older rules left without a name. A coordinated verb after a fronted phrase ("Asked about it, she smiled and
// said") shares the main clause's subject, not a word of the fronted phrase; a relative clause with commas inside
// ("X, who runs …, and who is, I should say, a friend, warned") is stepped over to the phrase it describes; and a
// speech word used as a noun or adjective ("on a conference call", "said continued support") is no cue; and the
// participle after a document someone issues ("issued a statement calling the bill …") is the issuer's.
internal sealed partial class ArticleScan
{
    private static readonly HashSet<string> FrontedOpeners = new(StringComparer.OrdinalIgnoreCase)
    {
        "at", "in", "on", "after", "before", "during", "when", "while", "as", "since", "once", "until", "though",
        "although", "because", "if", "the", "a", "an", "later", "earlier", "outside", "inside", "from", "with",
        "without", "within", "for", "then", "still", "back", "asked", "pressed", "questioned", "challenged", "reached",
        "interviewed", "told", "shown", "confronted", "minutes", "hours", "moments", "days",
    };

    /// <summary>
    /// "Asked about the count, she smiled and said …", "At a rally on Saturday, he stood on a bale and told …", "The last
    /// time I saw him, at a dinner in 2013, he raised his glass and said …": for cue <paramref name="cue"/> coordinated
    /// with "and"/"but", the subject of the main clause, which stands right after the last comma of a fronted phrase
    /// (a pronoun or a person's name followed by a lower-case verb); none when the sentence does not open with such a
    /// phrase (a preposition, subordinator, article or past participle) or no such subject is found.
    /// </summary>
    private SubjectPhrase MainClauseSubjectAfterOpener(Token[] t, int lo, int cue)
    {
        if (cue - lo < 5 || !(Is(t[cue - 1], "and") || Is(t[cue - 1], "but")) || t[lo].Kind != TokKind.Word
            || !FrontedOpeners.Contains(Word(t[lo])))
        {
            return default;
        }

        SubjectPhrase found = default;
        for (var c = lo + 1; c + 2 < cue; c++)
        {
            if (t[c].Kind == TokKind.Quote)
            {
                return default;
            }

            if (!IsPunct(t[c], ','))
            {
                continue;
            }

            var s = c + 1;
            if (t[s].Kind != TokKind.Word)
            {
                continue;
            }

            if (Word(t[s]) is "he" or "she" or "they" or "we" or "I" or "He" or "She" or "They" or "We")
            {
                if (t[s + 1].Kind == TokKind.Word && !t[s + 1].Cap && !t[s + 1].Cue)
                {
                    found = new SubjectPhrase { Kind = SubjectKind.Pronoun, A = s, B = s, Word = _words.Lower(Word(t[s])) };
                }

                continue;
            }

            if (t[s].Cap && IsNameToken(t, s))
            {
                var b = s;
                while (b + 1 < cue && !t[b].Possessive && t[b + 1].Cap && IsNameToken(t, b + 1))
                {
                    b++;
                }

                if (b + 1 < cue && !t[b].Possessive && t[b + 1].Kind == TokKind.Word && !t[b + 1].Cap && !t[b + 1].Cue
                    && !Is(t[b + 1], "and") && !Is(t[b + 1], "of") && ParseName(t, s, b) is { Person: true })
                {
                    found = new SubjectPhrase { Kind = SubjectKind.Name, A = s, B = b };
                }
            }
        }

        return found;
    }

    /// <summary>
    /// "Minister X, who ran the port for a decade and who is, I should add, an old friend, warned …", "The Tenants Union,
    /// which represents about 4,000 households, said …": when the comma right before the cue (token <paramref name="j"/>)
    /// closes a relative clause opened by ", who"/", which"/", whose" in the same sentence, the subject the clause
    /// describes (a cue inside the clause is the clause's own: "who said last week …"); none across a quote.
    /// </summary>
    private SubjectPhrase SubjectBeforeRelativeClause(Token[] t, int j, int lo)
    {
        for (var r = j - 1; r > lo + 1; r--)
        {
            if (t[r].Kind == TokKind.Quote)
            {
                return default;
            }

            if (t[r].Kind == TokKind.Word && Word(t[r]) is "who" or "which" or "whose" && IsPunct(t[r - 1], ','))
            {
                // The earliest ", who" of a chain ("…, who …, and who …,") is the one that follows the subject.
                var first = r;
                for (var q = r - 2; q > lo + 1; q--)
                {
                    if (t[q].Kind == TokKind.Quote)
                    {
                        break;
                    }

                    if (t[q].Kind == TokKind.Word && Word(t[q]) is "who" or "which" or "whose" && IsPunct(t[q - 1], ','))
                    {
                        first = q;
                    }
                }

                var np = BackwardSubject(t, first, lo);
                if (np.Kind == SubjectKind.None && t[first - 2].Cap)
                {
                    np = PhraseEndingAt(t, first - 2, lo);
                }

                return np;
            }
        }

        return default;
    }

    /// <summary>
    /// "told reporters on a conference call that …", "said continued U.S. support depended on …": a word that is a verb
    /// or a noun ("call", "reply", "answer", "continued") after an article, a possessive or a noun that makes it a
    /// compound ("conference call", "phone call"), a past participle after a document ("a statement posted online", "a
    /// letter sent to members"), or any speech word right after a finite speech verb, is a noun or a modifier here, not
    /// the verb that frames the quote ("the words "…"" stays a cue: signs have no speaker).
    /// </summary>
    private bool IsNominalCue(Token[] t, int k, int lo)
    {
        if (k - 1 < lo || t[k - 1].Kind != TokKind.Word)
        {
            return false;
        }

        var prev = Word(t[k - 1]);
        if (Word(t[k]) is "call" or "calls" or "continued" or "continuing" or "reply" or "replies" or "answer"
            && prev is "a" or "an" or "the" or "A" or "An" or "The" or "his" or "her" or "its" or "their" or "our" or "my"
                or "conference" or "phone" or "video" or "telephone" or "radio" or "roll" or "campaign")
        {
            return true;
        }

        if (Lexicon.IssuedDocumentNouns.Contains(prev) && Word(t[k]).EndsWith("ed", StringComparison.Ordinal) && k + 1 < t.Length
            && t[k + 1].Kind == TokKind.Word && !t[k + 1].Cap && Word(t[k + 1]) is "online" or "on" or "to" or "by" or "late" or "earlier" or "overnight")
        {
            return true; // "said in a statement posted online that …": the document's modifier, not the frame's verb
        }

        return t[k - 1].Cue && prev is "said" or "says" or "told" or "tells" && k + 1 < t.Length && t[k + 1].Kind == TokKind.Word;
    }

    private static readonly HashSet<string> IssuingVerbs = new(StringComparer.OrdinalIgnoreCase)
    {
        "issued", "issues", "released", "releases", "posted", "posts", "sent", "sends", "published", "publishes", "put",
        "puts", "circulated", "distributed", "tweeted", "shared", "filed", "signed",
    };

    /// <summary>
    /// "X issued a statement calling the bill "…"", "The group posted a short message saying …": cue
    /// <paramref name="k"/> is a participle right after a document that the sentence's subject issues (an issuing verb,
    /// "a"/"an", at most one word, the document noun), so its subject is the issuer, not the document.
    /// </summary>
    private bool IsIssuedDocumentParticiple(Token[] t, int k, int lo)
    {
        if (k - 3 < lo || !Lexicon.IsParticiple(Word(t[k])) || t[k - 1].Kind != TokKind.Word || !Lexicon.IssuedDocumentNouns.Contains(Word(t[k - 1])))
        {
            return false;
        }

        var d = k - 2;
        if (!(Is(t[d], "a") || Is(t[d], "an")) && d - 1 >= lo && t[d].Kind == TokKind.Word && !t[d].Cap)
        {
            d--; // "a short statement", "a joint statement"
        }

        var v = d - 1;
        if (v >= lo && Is(t[v], "out"))
        {
            v--; // "put out a statement"
        }

        return v >= lo && (Is(t[d], "a") || Is(t[d], "an")) && t[v].Kind == TokKind.Word && IssuingVerbs.Contains(Word(t[v]));
    }
}
