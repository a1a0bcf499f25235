namespace QuoteBot.Extraction;

// Session 12: rules found by reading the misses of the earlier held-out folders (HeldOut2–HeldOut6), each general
// (no name, no article), each a small method with a one-line hook where it is used.
internal sealed partial class ArticleScan
{
    /// <summary>
    /// The indefinite phrase at <paramref name="i"/> ("a former nurse") is an apposition describing the person just
    /// named, after a party tag or an age ("Rep. Gloria Threlkeld, R-Tenn., a former nurse,", "Lyle, 61, a retired
    /// teacher,") or as the second half of a coordinated apposition ("Dr X, a Labour MP and a former doctor,"): it
    /// is no new, unnamed person.
    /// </summary>
    private bool ContinuesNameApposition(Token[] t, int i)
    {
        var j = i - 1;
        if (j >= 1 && t[j].Kind == TokKind.Word && Word(t[j]) is "and" or "or")
        {
            var k = j - 1;
            while (k >= 0 && k >= j - 10 && t[k].Kind == TokKind.Word && !t[k].Cue && t[k].Sentence == t[i].Sentence)
            {
                k--;
            }

            if (k < 1 || !IsPunct(t[k], ',') || !(Is(t[k + 1], "a") || Is(t[k + 1], "an")))
            {
                return false;
            }

            j = k;
        }

        if (j < 1 || !IsPunct(t[j], ','))
        {
            return false;
        }

        var b = SkipPartyTagBack(t, j, 0) - 1;
        if (b >= 2 && t[b].Kind == TokKind.Word && char.IsAsciiDigit(_text[t[b].Start]) && t[b].End - t[b].Start <= 3 && IsPunct(t[b - 1], ','))
        {
            b -= 2;
        }

        return b >= 0 && ((t[b].Kind == TokKind.Word && t[b].Cap) || IsPunct(t[b], ')'));
    }

    /// <summary>
    /// "He said workers had been told "…"": a passive hearer verb with no "by" agent before the quote reports nobody's
    /// act of speaking, so an earlier cue of the sentence ("He said") is the one that attributes it.
    /// </summary>
    private bool PassiveWithoutAgent(Token[] t, int k)
    {
        for (var j = k + 1; j < t.Length && j <= k + 6 && t[j].Kind != TokKind.Quote && t[j].Sentence == t[k].Sentence; j++)
        {
            if (Is(t[j], "by"))
            {
                return false;
            }
        }

        return true;
    }

    // Nouns for unnamed people that are also adjectives or noun modifiers ("a local radio station", "an official
    // statement", "a youth club", "a student loan").
    private static readonly HashSet<string> ModifierAnonNouns = new(StringComparer.OrdinalIgnoreCase)
    {
        "local", "official", "youth", "student", "member", "source", "patient", "volunteer", "worker", "teacher", "veteran",
        "driver", "customer", "fan", "reader", "viewer", "parent", "resident", "farmer", "witness",
    };

    // Words after an unnamed-person noun that show it is the head of its phrase ("a local who …", "a local said").
    private static readonly HashSet<string> AfterPersonNoun = new(StringComparer.OrdinalIgnoreCase)
    {
        "who", "whose", "whom", "that", "with", "from", "in", "at", "on", "of", "for", "and", "or", "but", "was", "is",
        "were", "had", "has", "have", "named", "called", "to", "near", "outside", "inside", "by", "there", "here", "then",
        "later", "also", "once", "now", "still", "just",
    };

    /// <summary>
    /// True when the unnamed-person noun at <paramref name="k"/> only modifies the next word ("a local radio station"):
    /// the phrase names a thing, not a person.
    /// </summary>
    private bool AnonNounModifiesNext(Token[] t, int k)
    {
        if (k + 1 >= t.Length || t[k + 1].Kind != TokKind.Word || t[k + 1].Cap || t[k + 1].Cue || !ModifierAnonNouns.Contains(Word(t[k])))
        {
            return false;
        }

        var next = Word(t[k + 1]);
        return !AfterPersonNoun.Contains(next) && !next.EndsWith("ed", StringComparison.Ordinal) && !AnonNouns.Contains(next);
    }

    // Given names ending in -a or -o whose gender is the other one, or either.
    private static readonly HashSet<string> EndingGenderExceptions = new(StringComparer.OrdinalIgnoreCase)
    {
        "luca", "nikita", "mustafa", "musa", "isa", "ezra", "elisha", "joshua", "jonah", "noah", "akira", "sasha",
        "misha", "ilya", "kolya", "dima", "yura", "vanya", "andrea", "garcia", "costa", "silva", "souza", "sousa", "da",
        "la", "santa", "rocha", "moura", "cunha", "nakamura", "tanaka", "okada", "ueda", "honda", "ota", "oda", "inoue",
        "kaka", "jenna", "oba", "baba", "aba", "raja", "krishna", "rama", "shiva", "aliya", "yehuda", "jehuda", "barra",
        "koda", "dakota", "sierra", "carmelo", "margo", "cleo", "juno", "shiloh", "aiko", "yoko", "keiko", "naoko",
        "haruko", "akiko", "michiko", "mariko", "sachiko", "tomoko", "kyoko", "reiko", "yuko", "eiko", "kiko", "miyo",
    };

    /// <summary>
    /// The likely gender of a given name missing from the name lists, from its ending: most given names ending in -a
    /// after a consonant or -i- are women's (Katarina, Rukhsana, Ilaria), most ending in -o men's (Bruno, Paolo),
    /// outside a list of exceptions. Unknown for anything else, short names and names ending in a vowel pair ("Noa").
    /// </summary>
    private static Gender GivenNameEndingGender(string given)
    {
        if (given.Length < 4 || !char.IsUpper(given[0]) || given.Contains('.') || EndingGenderExceptions.Contains(given))
        {
            return Gender.Unknown;
        }

        var last = char.ToLowerInvariant(given[^1]);
        var before = char.ToLowerInvariant(given[^2]);
        var vowelBefore = before is 'a' or 'e' or 'o' or 'u';
        return last == 'a' && !vowelBefore ? Gender.Female : last == 'o' && !vowelBefore && before != 'i' ? Gender.Male : Gender.Unknown;
    }

    /// <summary>
    /// "According to Velikova, the draft …": the name after "according to" at a sentence's start is whose account the
    /// sentence gives, so a pronoun after it ("…," she said) may stand for that person as for a subject.
    /// </summary>
    private bool AfterAccordingTo(Token[] t, int a) =>
        a >= 2 && Is(t[a - 1], "to") && Is(t[a - 2], "according") && (a == 2 || t[a - 3].Sentence != t[a - 2].Sentence);

    // Head nouns of an apposition that describes a company ("the family-owned maker of packaged bread", "one of the
    // country's largest drug wholesalers"); nouns that may also describe a person (owner, developer, publisher) are not.
    private static readonly HashSet<string> CompanyHeads = new(StringComparer.OrdinalIgnoreCase)
    {
        "company", "firm", "group", "maker", "manufacturer", "carrier", "airline", "retailer", "lender", "insurer", "chain",
        "supplier", "conglomerate", "startup", "business", "processor", "cannery", "bank", "distributor", "utility",
        "wholesaler", "exporter", "importer", "chipmaker", "automaker", "carmaker", "bakery", "refiner", "shipper",
        "shipbuilder", "broadcaster", "grocer", "supermarket", "provider",
    };

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> CompanyHeadLookup = CompanyHeads.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>
    /// "Castellan Bakers, the family-owned maker of packaged bread, said", "Cardinal Ridge Distribution, one of the
    /// country's largest drug wholesalers,": a name followed by an apposition whose head is a company noun is a company,
    /// not a person.
    /// </summary>
    private bool CompanyAppositionAfter(Token[] t, int b)
    {
        var k = b + 1;

        if (k + 1 >= t.Length || !IsPunct(t[k], ',') || !(Is(t[k + 1], "the") || Is(t[k + 1], "a") || Is(t[k + 1], "an") || Is(t[k + 1], "one")))
        {
            return false;
        }

        for (var j = k + 2; j < t.Length && j <= k + 10 && t[j].Sentence == t[k].Sentence; j++)
        {
            if (t[j].Kind != TokKind.Word || Word(t[j]) is "of" or "in" or "that" or "which" or "with" or "for" or "based")
            {
                // The head is the word before the first preposition, comma or clause word (skipping "one of the").
                if (Is(t[j], "of") && Is(t[j - 1], "one"))
                {
                    continue;
                }

                var head = Word(t[j - 1]);
                if (t[j - 1].Kind != TokKind.Word || t[j - 1].Cap)
                {
                    return false;
                }

                return CompanyHeads.Contains(head) || (head.Length > 3 && head[^1] == 's' && CompanyHeadLookup.Contains(head.AsSpan(0, head.Length - 1)));
            }
        }

        return false;
    }

    /// <summary>
    /// "Cardinal Ridge said" after "Cardinal Ridge Distribution" was named as a body: the first words of a body's name
    /// are that body, not a person (a title-like first word such as "Cardinal" notwithstanding).
    /// </summary>
    private bool ShortFormOfBodyNamed(Token[] t, int a, int b)
    {
        if (_orgMentions.Count == 0 || IsGivenName(Word(t[a])))
        {
            return false;
        }

        var run = _text.AsSpan(t[a].Start, t[b].End - t[a].Start);
        for (var i = _orgMentions.Count - 1; i >= 0; i--)
        {
            // The body's text must start with the run (after "the") before its name is built: no allocation per name.
            var mention = _text.AsSpan(_orgMentions[i].Pos);
            if (mention.StartsWith("the ", StringComparison.OrdinalIgnoreCase))
            {
                mention = mention[4..];
            }

            if (_orgMentions[i].Pos >= t[a].Start || mention.Length <= run.Length + 1 || !mention.StartsWith(run, StringComparison.Ordinal) || mention[run.Length] != ' ')
            {
                continue;
            }

            if (OrgMentionName(i) is { } name && name.Length > run.Length + 1
                && name.AsSpan().StartsWith(run, StringComparison.Ordinal) && name[run.Length] == ' ')
            {
                (_bodyShortForms ??= new(StringComparer.Ordinal))[run.ToString()] = name;
                return true;
            }
        }

        return false;
    }

    /// <summary>"Harlow County said it was reviewing the order": a county or city named as a speaker is its government.</summary>
    private static bool IsLocalGovernmentName(string name) =>
        name.Contains(' ') && (name.EndsWith(" County", StringComparison.Ordinal) || name.EndsWith(" City", StringComparison.Ordinal));

    // Short forms of bodies' names seen in this article ("Cardinal Ridge" → "Cardinal Ridge Distribution"); made on first use.
    private Dictionary<string, string>? _bodyShortForms;

    /// <summary>The full name of a body whose short form <paramref name="name"/> is, else the name itself.</summary>
    private string FullBodyName(string name) =>
        _bodyShortForms is not null && _bodyShortForms.TryGetValue(name, out var full) ? full : name;

    /// <summary>
    /// "The mayor likes to say, "…"", "she used to tell", "he went on to say": the infinitive at "to" (index
    /// <paramref name="to"/>) after a verb of habit or sequence reports what the sentence's subject says.
    /// </summary>
    private bool HabitualBeforeTo(Token[] t, int to)
    {
        var v = to - 1;
        if (v >= 1 && Is(t[v], "on") && Word(t[v - 1]) is "went" or "goes" or "go")
        {
            return true;
        }

        return v >= 0 && t[v].Kind == TokKind.Word && Word(t[v]) is "likes" or "like" or "liked" or "loves" or "love" or "loved"
            or "used" or "tends" or "tend" or "tended";
    }

    /// <summary>
    /// "Ferreira-Walsh, 58, became health secretary in January", "X was appointed finance minister": the role a
    /// sentence gives the person named at <paramref name="a"/>..<paramref name="b"/> as its subject, so that "the health
    /// secretary said" later is that person.
    /// </summary>
    private void LearnBecameRole(Token[] t, int a, int b, NameInfo info)
    {
        var k = b + 1;
        if (k + 2 < t.Length && IsPunct(t[k], ',') && t[k + 1].Kind == TokKind.Word && char.IsAsciiDigit(_text[t[k + 1].Start]) && IsPunct(t[k + 2], ','))
        {
            k += 3; // ", 58,"
        }

        if (k >= t.Length || t[k].Kind != TokKind.Word)
        {
            return;
        }

        if (Is(t[k], "became") || Is(t[k], "becomes"))
        {
            k++;
        }
        else if (k + 1 < t.Length && Word(t[k]) is "was" or "is" or "has" && Word(t[k + 1]) is "named" or "appointed" or "elected" or "made")
        {
            k += 2;
        }
        else
        {
            return;
        }

        if (k < t.Length && (Is(t[k], "the") || Is(t[k], "a") || Is(t[k], "an")))
        {
            k++;
        }

        var last = -1;
        for (var j = k; j < t.Length && j < k + 3 && t[j].Kind == TokKind.Word && !t[j].Cap && !t[j].Cue; j++)
        {
            var w = Word(t[j]);
            if (w is "in" or "on" or "at" or "of" or "for" or "after" or "before" or "last" or "this" or "and" or "when" or "with")
            {
                break;
            }

            last = j;
        }

        if (last >= 0 && Word(t[last]) is var head && head.Length >= 3 && (Lexicon.RoleNouns.Contains(head) || Lexicon.RoleLikeNouns.Contains(head)))
        {
            info.TitleWords.Add(_words.Lower(head));
            ApplyGenderWord(info, head);
            if (info.Parts.Count == 1)
            {
                // A surname alone ("Ferreira-Walsh, 58, became …") is resolved later: keep the role for it.
                (_becameRoles ??= [])[t[info.NameStart].Start] = _words.Lower(head);
            }
        }
    }

    // Roles learned for surnames alone, by the name's text position (see LearnBecameRole); made on first use.
    private Dictionary<int, string>? _becameRoles;

    /// <summary>Gives the person a lone surname at <paramref name="pos"/> resolved to the role its sentence gave it.</summary>
    private void ApplyBecameRole(int pos, int id)
    {
        if (_becameRoles is not null && _becameRoles.TryGetValue(pos, out var role))
        {
            _reg.AddRole(_reg[id], role);
        }
    }

    /// <summary>
    /// "When my grandfather ran the co-op, he used to say, "…"": "my"/"our" before a relative (at most one word between)
    /// is an unnamed person, so the pronoun after it is nobody named.
    /// </summary>
    private bool FirstPersonKin(Token[] t, int i)
    {
        if (!(Is(t[i], "my") || Is(t[i], "our")))
        {
            return false;
        }

        var k = i + 1;
        if (k < t.Length && Is(t[k], "late"))
        {
            k++;
        }

        return k < t.Length && t[k].Kind == TokKind.Word && Word(t[k]) is "grandfather" or "grandmother" or "father" or "mother" or "dad"
            or "mom" or "mum" or "uncle" or "aunt" or "brother" or "sister" or "husband" or "wife" or "son" or "daughter"
            && (k + 1 >= t.Length || t[k + 1].Kind != TokKind.Word || !t[k + 1].Cap);
    }

    /// <summary>
    /// "Sen. Patrice Lowden (R-Okla.), the chairwoman, pressed him on a base in her state. "…"", "Oliver Brown, the
    /// Leader of the Opposition, rose first and went straight for waiting lists. "…"": a quote that ends its paragraph
    /// right after a sentence (up to 40 tokens, no quote, no reporting verb) whose subject is a named person opening
    /// it is that person's. Like <see cref="TrySubjectOfSentenceBefore"/>, for longer sentences with appositions.
    /// </summary>
    private bool TryNamedSubjectOfLongerSentenceBefore(Para p, int qt, Attribution attr)
    {
        var t = p.Tokens;
        var s = t[qt].Sentence;
        if (s == 0 || p.SentenceStart[s] != qt)
        {
            return false;
        }

        var lo = p.SentenceStart[s - 1];
        if (qt - lo > 40)
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
        if (np.Kind != SubjectKind.Name || !StartsSentence(t, lo, np.A) || np.B + 1 >= qt)
        {
            return false;
        }

        var n = t[np.B + 1];
        if (!((n.Kind == TokKind.Word && !n.Cap) || IsPunct(n, ',') || IsPunct(n, '(')))
        {
            return false;
        }

        Fill(p, t, -1, np, attr, "sentence-before");
        return attr.Speaker is not null;
    }

    /// <summary>
    /// "Gulls manager Teresa Albrecht-Kaye defended …", "Hawks coach Dean Ashcombe said …": lower-case role words (at
    /// most two) after one to three capitalized words of a team or body opening the sentence stand before the name,
    /// so the name at <paramref name="a"/> opens the sentence as its subject.
    /// </summary>
    private bool AfterBodyRoleAtSentenceStart(Token[] t, int a)
    {
        var k = a - 1;
        var roles = 0;
        while (k >= 0 && roles < 2 && t[k].Kind == TokKind.Word && !t[k].Cap && t[k].Sentence == t[a].Sentence
            && (Lexicon.RoleNouns.Contains(Word(t[k])) || Lexicon.RoleLikeNouns.Contains(Word(t[k]))))
        {
            k--;
            roles++;
        }

        if (roles == 0)
        {
            return false;
        }

        var caps = 0;
        while (k >= 0 && caps < 3 && t[k].Kind == TokKind.Word && t[k].Cap && t[k].Sentence == t[a].Sentence && !Is(t[k], "the"))
        {
            k--;
            caps++;
        }

        return caps > 0 && (k < 0 || t[k].Sentence != t[a].Sentence || (Is(t[k], "the") && (k == 0 || t[k - 1].Sentence != t[a].Sentence)));
    }
}
