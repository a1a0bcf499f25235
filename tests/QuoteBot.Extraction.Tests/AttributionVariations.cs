using QuoteBot.Extraction;

namespace QuoteBot.Extraction.Tests;

/// <summary>
/// One generated attribution case: a small plain-text article (a headline, then paragraphs), the start of one quote in
/// it, and the exact speaker that quote must get (null: nobody named may be given it).
/// </summary>
public sealed record VariationCase(string Class, string Id, string Text, string Quote, string? Speaker, SpeakerKind? Kind = null);

/// <summary>
/// The session-11 variation matrix (issue 12): sentences generated from each attribution shape the extractor claims
/// to handle and each pattern row of the issue, crossed with the variations news copy uses — speech verbs, tense,
/// verb before or after the name, the quote before, after or split around the attribution, quote marks, name forms,
/// appositions and party tags, pronouns, organisations, paragraph layouts — and guard cases where nobody or another
/// person is the speaker. Every text is generated here from invented names; no case is taken from an article.
/// The cases are deterministic (each dimension is rotated against the others by index instead of fully crossed, so
/// every value of every dimension is met several times at a few hundred cases per class).
/// </summary>
public static class AttributionVariations
{
    private const string Headline = "Budget talks stall at county hall";

    /// <summary>A person: given name, surname as written in later mentions, gender ('F', 'M', '?'), full form as first written.</summary>
    internal sealed record Person(string Given, string Surname, char Gender, string? FullOverride = null)
    {
        /// <summary>The name as first written (with a title when the given name alone does not tell the gender).</summary>
        public string Full => FullOverride ?? Given + " " + Surname;

        /// <summary>The speaker's name as the extractor reports it: no honorific.</summary>
        public string Name => FullOverride is { } f && (f.StartsWith("Mr. ", StringComparison.Ordinal) || f.StartsWith("Mrs. ", StringComparison.Ordinal) || f.StartsWith("Ms. ", StringComparison.Ordinal))
            ? Given + " " + Surname
            : Full;

        /// <summary>The surname as it opens a sentence ("de la Cruz" → "De la Cruz").</summary>
        public string SurnameCap => char.ToUpperInvariant(Surname[0]) + Surname[1..];

        public string Pronoun => Gender switch { 'F' => "she", 'M' => "he", _ => "they" };

        public string Honorific => Gender == 'F' ? "Ms." : "Mr.";
    }

    internal static readonly Person[] Plain =
    [
        new("Maria", "Lopez", 'F'), new("Daniel", "Okafor", 'M'), new("Elena", "Markovic", 'F'), new("Thomas", "Whitaker", 'M'),
        new("Grace", "Whitfield", 'F'), new("Victor", "Hollis", 'M'), new("Sarah", "Lindqvist", 'F'), new("Samuel", "Adeyemi", 'M'),
    ];

    /// <summary>Surnames that are also common English words (the issue's first row).</summary>
    internal static readonly Person[] CommonWord =
    [
        new("Helen", "May", 'F'), new("Daniel", "Park", 'M'), new("Ruth", "Hall", 'F'), new("Martin", "King", 'M'),
        new("Susan", "Young", 'F'), new("Edward", "Rice", 'M'), new("Carol", "Price", 'F'), new("Lena", "Page", 'F'),
        new("Walter", "Bush", 'M'), new("Nora", "Church", 'F'), new("Peter", "Green", 'M'), new("Alice", "Brown", 'F'),
        new("James", "Gates", 'M'), new("Laura", "March", 'F'), new("Owen", "Lake", 'M'), new("Mark", "Court", 'M'),
    ];

    /// <summary>Particles, hyphens, apostrophes, Mc, initials, Jr., a hyphenated given name.</summary>
    internal static readonly Person[] Special =
    [
        new("Ana", "de la Cruz", 'F'), new("Pieter", "van der Berg", 'M'), new("Sean", "O'Brien", 'M'), new("Fiona", "McAllister", 'F'),
        new("Claire", "Dupont-Moreau", 'F'), new("Robert", "Hale", 'M', "Robert Hale Jr."), new("J.R.", "Nolan", 'M'),
        new("Mary-Kate", "Dunne", 'F'), new("Omar", "al-Rashid", 'M'), new("Lucia", "di Stefano", 'F'),
    ];

    private static readonly string[] Quotes =
    [
        "We will not back down on this", "The budget has to balance this year", "Nobody in this building wanted the fight",
        "It is a good day for the families of this state", "This plan is dead on arrival", "Our members have waited long enough",
        "I have never seen numbers like these", "The vote was fair and the result stands", "Every promise in that speech has a price",
        "People are tired of waiting for the roads to be fixed", "That money belongs to the taxpayers", "We expect a decision by the spring",
    ];

    private static readonly string[] SecondQuotes =
    [
        "Then we start again", "Anything else is a distraction", "That is the whole story", "The rest is politics",
        "Nobody should be surprised", "It is not complicated",
    ];

    internal enum Marks { Straight, Curly, British, BritishInner, NestedStraight }

    private static readonly Marks[] AllMarks = Enum.GetValues<Marks>();

    /// <summary>A quote in the given marks; nested styles carry an inner quotation.</summary>
    private sealed record Q(Marks M, string Body)
    {
        public string Open => M switch { Marks.Curly => "\u201C", Marks.British or Marks.BritishInner => "\u2018", _ => "\"" };

        public string Close => M switch { Marks.Curly => "\u201D", Marks.British or Marks.BritishInner => "\u2019", _ => "\"" };

        private string Text => M switch
        {
            Marks.BritishInner => Body + ", and they called it \u201Ca fair deal\u201D",
            Marks.NestedStraight => Body + ", and they called it 'a fair deal'",
            _ => Body,
        };

        private bool British => M is Marks.British or Marks.BritishInner;

        /// <summary>A quote before its attribution: "Body," / ‘Body’,</summary>
        public string BeforeComma => British ? Open + Text + Close + "," : Open + Text + "," + Close;

        /// <summary>A whole quoted sentence: "Body."</summary>
        public string Sentence => Open + Text + "." + Close;

        /// <summary>A question: "Body?"</summary>
        public string Question => Open + Text + "?" + Close;

        /// <summary>An unclosed opening part of a quote running over paragraphs.</summary>
        public string Unclosed => Open + Text + ".";

        public string Start => string.Join(' ', Body.Split(' ').Take(3));
    }

    private static T Pick<T>(IReadOnlyList<T> list, int i) => list[((i % list.Count) + list.Count) % list.Count];

    private static string Article(params string[] paragraphs) => Headline + "\n\n" + string.Join("\n\n", paragraphs);

    private static string Lede(Person p, int i) => Pick(Ledes, i).Replace("{P}", p.Full, StringComparison.Ordinal);

    private static readonly string[] Ledes =
    [
        "{P} spoke to reporters outside the county building on Tuesday.",
        "{P} unveiled the spending plan on Monday after weeks of talks.",
        "The proposal was presented by {P} at a meeting on Wednesday night.",
        "{P}, the county's finance director, has led the talks since June.",
    ];

    /// <summary>Every case of the matrix, in a stable order.</summary>
    public static IReadOnlyList<VariationCase> All => Cases.Value;

    /// <summary>The cases by id.</summary>
    public static IReadOnlyDictionary<string, VariationCase> ById => CasesById.Value;

    // Lazy: the static arrays below must be initialised before the cases are built.
    private static readonly Lazy<List<VariationCase>> Cases = new(Build);

    private static readonly Lazy<Dictionary<string, VariationCase>> CasesById = new(() => Cases.Value.ToDictionary(c => c.Id));

    private static List<VariationCase> Build()
    {
        var cases = new List<VariationCase>();
        Verbs(cases);
        Tense(cases);
        Split(cases);
        NameForms(cases);
        Appositions(cases);
        Pronouns(cases);
        Organisations(cases);
        Layouts(cases);
        IssueRows(cases);
        Guards(cases);
        Verbs2(cases);
        Titles(cases);
        Names2(cases);
        Punctuation(cases);
        Frames(cases);
        Frames3(cases);
        Congress(cases);
        return cases;
    }

    private static void Add(List<VariationCase> cases, string cls, string text, string quote, string? speaker, SpeakerKind? kind = null)
        => cases.Add(new VariationCase(cls, $"{cls}-{cases.Count(c => c.Class == cls):D4}", text, quote, speaker, kind));

    // ---------------------------------------------------------------------------------------------------------------
    // Speech verbs × verb before/after the name × quote before/after × quote marks.

    private static readonly string[] TailVerbs =
    [
        "said", "says", "told reporters", "added", "noted", "argued", "warned", "insisted", "wrote", "tweeted", "posted",
        "recalled", "explained", "acknowledged", "stated", "declared", "told The Ledger", "said in a statement", "wrote on X",
        "said on Tuesday", "told a news conference",
    ];

    private static readonly string[] InvertedVerbs =
    [
        "said", "says", "added", "noted", "argued", "warned", "insisted", "wrote", "tweeted", "recalled", "explained",
        "acknowledged", "declared", "continued",
    ];

    private static void Verbs(List<VariationCase> cases)
    {
        const string cls = "verb";
        var i = 0;
        foreach (var verb in TailVerbs)
        {
            foreach (var m in AllMarks)
            {
                var p = Pick(Plain, i);
                var q = new Q(m, Pick(Quotes, i));
                // "…," Maria Lopez said.
                Add(cases, cls, Article(Lede(Pick(Plain, i + 3), i), $"{q.BeforeComma} {p.Full} {verb}."), q.Start, p.Full);
                // Maria Lopez said: "…"  /  Maria Lopez said, "…"
                var sep = i % 2 == 0 ? ":" : ",";
                Add(cases, cls, Article(Lede(Pick(Plain, i + 3), i), $"{p.Full} {verb}{sep} {q.Sentence}"), q.Start, p.Full);
                i++;
            }
        }

        foreach (var verb in InvertedVerbs)
        {
            foreach (var m in AllMarks)
            {
                var p = Pick(Plain, i);
                var q = new Q(m, Pick(Quotes, i));
                // "…," said Maria Lopez.
                Add(cases, cls, Article(Lede(Pick(Plain, i + 3), i), $"{q.BeforeComma} {verb} {p.Full}."), q.Start, p.Full);
                i++;
            }
        }

        // according to
        for (var k = 0; k < 10; k++)
        {
            var p = Pick(Plain, k);
            var q = new Q(Pick(AllMarks, k), Pick(Quotes, k).ToLowerInvariant());
            var body = q.Open + Pick(Quotes, k).ToLowerInvariant() + q.Close;
            Add(cases, cls, Article(Lede(Pick(Plain, k + 3), k), $"The deal was {body}, according to {p.Full}."), q.Start, p.Full);
            Add(cases, cls, Article(Lede(Pick(Plain, k + 3), k), $"According to {p.Full}, the deal was {body}."), q.Start, p.Full);
            Add(cases, cls, Article(Lede(Pick(Plain, k + 3), k), $"{q.BeforeComma} according to {p.Full}."), q.Start, p.Full);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Tense and aspect; partial quotes inside a reported clause.

    private static readonly string[] Tenses =
    [
        "has said", "had said", "would say", "was saying", "has repeatedly said", "later said", "said again", "will say",
        "has argued", "had warned", "would later write", "went on",
    ];

    private static void Tense(List<VariationCase> cases)
    {
        const string cls = "tense";
        var i = 0;
        foreach (var t in Tenses)
        {
            foreach (var form in new[] { 0, 1, 2, 3 })
            {
                var p = Pick(i % 3 == 0 ? CommonWord : Plain, i);
                var q = new Q(Pick(AllMarks, i), Pick(Quotes, i));
                var lower = q.Open + Pick(Quotes, i).ToLowerInvariant() + q.Close;
                var text = form switch
                {
                    0 => Article(Lede(Pick(Plain, i + 2), i), $"{q.BeforeComma} {p.Full} {t}."),
                    1 => Article(Lede(Pick(Plain, i + 2), i), $"{p.Full} {t}: {q.Sentence}"),
                    2 when t != "went on" => Article(Lede(p, i), $"{p.SurnameCap} {t} the plan was {lower}."),
                    2 => Article(Lede(p, i), $"{p.SurnameCap} went on: {q.Sentence}"),
                    _ => Article(Lede(p, i), $"{q.BeforeComma} {p.Pronoun} {t}."),
                };
                Add(cases, cls, text, form == 2 && t != "went on" ? q.Start.ToLowerInvariant() : q.Start, p.Full);
                i++;
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Quote split around the attribution, and a second quote right after.

    private static void Split(List<VariationCase> cases)
    {
        const string cls = "split";
        var i = 0;
        foreach (var m in AllMarks)
        {
            foreach (var shape in Enumerable.Range(0, 5))
            {
                foreach (var pool in new[] { Plain, CommonWord, Special })
                {
                    var p = Pick(pool, i);
                    var q1 = new Q(m, Pick(Quotes, i));
                    var q2 = new Q(m, Pick(SecondQuotes, i));
                    var verb = Pick(new[] { "said", "added", "told reporters", "insisted" }, i);
                    var lowerSecond = q2.Open + Pick(SecondQuotes, i).ToLowerInvariant() + "." + q2.Close;
                    var text = shape switch
                    {
                        0 => Article(Lede(Pick(Plain, i + 5), i), $"{q1.BeforeComma} {p.Full} {verb}, {lowerSecond}"),
                        1 => Article(Lede(Pick(Plain, i + 5), i), $"{q1.BeforeComma} said {p.Full}. {q2.Sentence}"),
                        2 => Article(Lede(Pick(Plain, i + 5), i), $"{q1.BeforeComma} {p.Full} {verb}. {q2.Sentence}"),
                        3 => Article(Lede(p, i), $"{q1.BeforeComma} {p.Pronoun} {verb}, {lowerSecond}"),
                        _ => Article(Lede(p, i), $"{q1.BeforeComma} {p.SurnameCap} {verb}, {lowerSecond}"),
                    };
                    Add(cases, cls, text, q1.Start, p.Full);
                    var second = shape is 1 or 2 ? q2.Start : q2.Start.ToLowerInvariant();
                    Add(cases, cls, text, second, p.Full);
                    i++;
                }
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Name forms: full name, surname after a first mention, title + surname, titles with full names, bare surnames.

    private static readonly string[] PersonTitles = ["Sen.", "Rep.", "Gov.", "President", "Prime Minister", "Dr.", "Mayor", "Councillor"];

    private static void NameForms(List<VariationCase> cases)
    {
        const string cls = "name";
        var people = Plain.Concat(CommonWord).Concat(Special).ToArray();
        var i = 0;
        foreach (var p in people)
        {
            var q = new Q(Pick(AllMarks, i), Pick(Quotes, i));
            var title = Pick(PersonTitles, i);
            var other = Pick(Plain, i + 1);
            // first mention, tail, verb after / before
            Add(cases, cls, Article(Lede(other, i), $"{q.BeforeComma} {p.Full} said."), q.Start, p.Full);
            Add(cases, cls, Article(Lede(other, i), $"{q.BeforeComma} said {p.Full}."), q.Start, p.Full);
            // first mention with a title
            Add(cases, cls, Article(Lede(other, i), $"{q.BeforeComma} {title} {p.Full} told reporters."), q.Start, p.Full);
            Add(cases, cls, Article(Lede(other, i), $"{title} {p.Full} said: {q.Sentence}"), q.Start, p.Full);
            // later mentions: surname, honorific + surname, title + surname
            Add(cases, cls, Article(Lede(p, i), $"{q.BeforeComma} {p.SurnameCap} said."), q.Start, p.Full);
            Add(cases, cls, Article(Lede(p, i), $"{q.BeforeComma} said {p.SurnameCap}."), q.Start, p.Full);
            Add(cases, cls, Article(Lede(p, i), $"{p.SurnameCap} told reporters: {q.Sentence}"), q.Start, p.Full);
            if (p.Gender != '?')
            {
                Add(cases, cls, Article(Lede(p, i), $"{q.BeforeComma} {p.Honorific} {p.SurnameCap} said."), q.Start, p.Full);
            }

            Add(cases, cls, Article($"{title} {p.Full} opened the session on Monday.", $"{q.BeforeComma} {title} {p.SurnameCap} said."), q.Start, p.Full);
            // the full name again after the surname was used with another person in between
            Add(cases, cls, Article(Lede(p, i), $"{other.Full} disagreed with the plan.", $"{q.BeforeComma} {p.SurnameCap} said."), q.Start, p.Full);
            i++;
        }

        // A bare surname with no full name earlier is the surname itself.
        foreach (var p in Plain.Concat(CommonWord.Take(8)))
        {
            var q = new Q(Pick(AllMarks, i), Pick(Quotes, i));
            Add(cases, cls, Article("Talks resumed on Tuesday after a short break.", $"{q.BeforeComma} {p.SurnameCap} told reporters."), q.Start, p.SurnameCap);
            Add(cases, cls, Article("Talks resumed on Tuesday after a short break.", $"{q.BeforeComma} {p.SurnameCap} said."), q.Start, p.SurnameCap);
            i++;
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Appositions and party tags between the name and the verb.

    private static readonly (string Mid, string End)[] Apps =
    [
        (", 54,", ", 54"),
        (", the state's attorney general,", ", the state's attorney general"),
        (", who chairs the finance committee,", ", who chairs the finance committee"),
        (" (D-Calif.)", " (D-Calif.)"),
        (", R-Ky.,", ", R-Ky."),
        (", a former chairman of the county's Republican Party,", ", a former chairman of the county's Republican Party"),
        (", 61, a retired teacher from Dunmore,", ", 61, a retired teacher from Dunmore"),
        (", a Democrat,", ", a Democrat"),
        (", who has represented the district since 2014 and sits on the budget committee,", ", who has represented the district since 2014"),
        (", the party's spokeswoman on housing,", ", the party's spokeswoman on housing"),
    ];

    private static void Appositions(List<VariationCase> cases)
    {
        const string cls = "apposition";
        var i = 0;
        foreach (var (mid, end) in Apps)
        {
            foreach (var pool in new[] { Plain, CommonWord, Special })
            {
                foreach (var shape in Enumerable.Range(0, 4))
                {
                    var p = Pick(pool, i);
                    if (mid.Contains("spokeswoman", StringComparison.Ordinal) && p.Gender != 'F')
                    {
                        p = pool.First(x => x.Gender == 'F');
                    }

                    var q = new Q(Pick(AllMarks, i), Pick(Quotes, i));
                    var titled = mid.Contains('-', StringComparison.Ordinal) ? "Rep. " + p.Full : p.Full;
                    var verb = Pick(new[] { "said", "told reporters", "warned", "added" }, i);
                    var text = shape switch
                    {
                        0 => Article(Lede(Pick(Plain, i + 3), i), $"{q.BeforeComma} {titled}{mid} {verb}."),
                        1 => Article(Lede(Pick(Plain, i + 3), i), $"{q.BeforeComma} said {titled}{end}."),
                        2 => Article(Lede(Pick(Plain, i + 3), i), $"{titled}{mid} {verb}: {q.Sentence}"),
                        _ => Article(Lede(p, i), $"{q.BeforeComma} {p.SurnameCap}{mid} {verb}."),
                    };
                    Add(cases, cls, text, q.Start, p.Full);
                    i++;
                }
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Pronouns: gender from given names and titles; the subject, not the object; two people of different genders.

    private static readonly Person[] TitledOnly =
    [
        // Given names in no list: the honorific gives the gender.
        new("Adaeze", "Nwosu", 'F', "Mrs. Adaeze Nwosu"), new("Tal", "Brenner", 'M', "Mr. Tal Brenner"),
        new("Ioana", "Vesely", 'F', "Ms. Ioana Vesely"), new("Kaito", "Morimoto", 'M', "Mr. Kaito Morimoto"),
    ];

    private static readonly string[] ObjectVerbs = ["criticised", "met", "thanked", "praised", "blamed", "called on", "attacked"];

    private static void Pronouns(List<VariationCase> cases)
    {
        const string cls = "pronoun";
        var people = Plain.Concat(CommonWord).Concat(Special.Where(p => p.Gender != '?' && p.Given != "J.R.")).Concat(TitledOnly).ToArray();
        var i = 0;
        foreach (var p in people)
        {
            var q = new Q(Pick(AllMarks, i), Pick(Quotes, i));
            var verb = Pick(new[] { "said", "added", "told reporters", "warned" }, i);
            // Next paragraph: "…," she said.
            Add(cases, cls, Article(Lede(p, i), $"{q.BeforeComma} {p.Pronoun} {verb}."), q.Start, p.Name);
            // Head: She told reporters: "…"
            Add(cases, cls, Article(Lede(p, i), $"{char.ToUpperInvariant(p.Pronoun[0])}{p.Pronoun[1..]} {verb}: {q.Sentence}"), q.Start, p.Name);
            // Subject and an object of the other gender: the pronoun is the one of its gender, subject or not.
            var other = Pick(p.Gender == 'F' ? Plain.Where(x => x.Gender == 'M').ToArray() : Plain.Where(x => x.Gender == 'F').ToArray(), i);
            var ov = Pick(ObjectVerbs, i);
            Add(cases, cls, Article($"{p.Full} {ov} {other.Full} over the budget on Tuesday.", $"{q.BeforeComma} {p.Pronoun} said."), q.Start, p.Name);
            Add(cases, cls, Article($"{other.Full} {ov} {p.Full} over the budget on Tuesday.", $"{q.BeforeComma} {p.Pronoun} said."), q.Start, p.Name);
            // Subject and object of the same gender: the subject.
            var same = Pick(Plain.Where(x => x.Gender == p.Gender && x.Surname != p.Surname).ToArray(), i);
            Add(cases, cls, Article(Lede(p, i), $"{p.SurnameCap} {ov} {same.Full} over the budget on Tuesday.", $"{q.BeforeComma} {p.Pronoun} said."), q.Start, p.Name);
            // Same sentence: Lopez criticised Okafor's plan. "…," she said.
            Add(cases, cls, Article(Lede(p, i), $"{p.SurnameCap} {ov} {other.Full} on Tuesday. {q.BeforeComma} {p.Pronoun} said."), q.Start, p.Name);
            i++;
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Organisations, outlets and groups.

    private static readonly (string Intro, string Noun, string Written, string Name)[] Bodies =
    [
        ("The Ministry of Transport said on Monday it would review the contract.", "the ministry", "the Ministry of Transport", "Ministry of Transport"),
        ("Brightwater Foods cut 200 jobs at its Dunmore plant on Monday.", "the company", "Brightwater Foods", "Brightwater Foods"),
        ("The North Coast Development Agency approved the grant in March.", "the agency", "the North Coast Development Agency", "North Coast Development Agency"),
        ("Kestrel Dynamics lost the contract to a rival bidder.", "the company", "Kestrel Dynamics", "Kestrel Dynamics"),
        ("The Harbour Workers Federation called a strike for Friday.", "the federation", "the Harbour Workers Federation", "Harbour Workers Federation"),
        ("The Department of Health published the figures on Tuesday.", "the department", "the Department of Health", "Department of Health"),
    ];

    private static void Organisations(List<VariationCase> cases)
    {
        const string cls = "organisation";
        var i = 0;
        foreach (var (intro, noun, written, name) in Bodies)
        {
            foreach (var m in AllMarks)
            {
                var q = new Q(m, Pick(Quotes, i));
                var verb = Pick(new[] { "said", "said in a statement", "added", "warned" }, i);
                Add(cases, cls, Article(intro, $"{q.BeforeComma} {noun} {verb}."), q.Start, name, SpeakerKind.Organisation);
                Add(cases, cls, Article(Lede(Pick(Plain, i), i), $"{q.BeforeComma} {written} {verb}."), q.Start, name, SpeakerKind.Organisation);
                Add(cases, cls, Article(intro, $"In a statement, {noun} said: {q.Sentence}"), q.Start, name, SpeakerKind.Organisation);
                // Guard: an unnamed spokesperson for the body is nobody named.
                Add(cases, cls, Article(intro, $"{q.BeforeComma} a spokeswoman for {noun} said."), q.Start, null);
                i++;
            }
        }

        for (var k = 0; k < 6; k++)
        {
            var q = new Q(Pick(AllMarks, k), Pick(Quotes, k));
            var lower = q.Open + Pick(Quotes, k).ToLowerInvariant() + q.Close;
            Add(cases, cls, Article(Lede(Pick(Plain, k), k), $"{q.BeforeComma} the White House said in a statement."), q.Start, "White House", SpeakerKind.Organisation);
            Add(cases, cls, Article(Lede(Pick(Plain, k), k), $"The IMF report stated that the recovery was {lower}."), q.Start.ToLowerInvariant(), "IMF", SpeakerKind.Organisation);
            Add(cases, cls, Article(Lede(Pick(Plain, k), k), $"Outside the building, protesters chanted {q.Sentence}"), q.Start, "protesters", SpeakerKind.Group);
            Add(cases, cls, Article(Lede(Pick(Plain, k), k), $"The Meridian Times reports: {q.Sentence}"), q.Start, "Meridian Times", SpeakerKind.Organisation);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Paragraph layouts.

    private static readonly string[] Narrative =
    [
        "{P} stood at the lectern for a long moment.", "{P} shook his head when the result was read out.",
        "{P} walked out of the chamber before the vote.", "{P} had heard enough by then.",
    ];

    private static void Layouts(List<VariationCase> cases)
    {
        const string cls = "layout";
        var people = Plain.Concat(CommonWord.Take(8)).Concat(Special.Take(5)).ToArray();
        var i = 0;
        foreach (var p in people)
        {
            var q = new Q(Pick(AllMarks, i), Pick(Quotes, i));
            var q2 = new Q(q.M, Pick(SecondQuotes, i));
            var other = Pick(Plain, i + 1);
            var narr = Pick(Narrative, i).Replace("{P}", p.Full, StringComparison.Ordinal);
            if (p.Gender == 'F')
            {
                narr = narr.Replace("his head", "her head", StringComparison.Ordinal);
            }

            // Speaker in the previous sentence of the paragraph.
            Add(cases, cls, Article(Lede(other, i), $"{narr} {q.Sentence}"), q.Start, p.Full);
            // Previous paragraph ends with a colon.
            Add(cases, cls, Article(Lede(other, i), $"{p.Full} told reporters on Tuesday:", q.Sentence), q.Start, p.Full);
            // A quote-only paragraph after an attributed one continues the speaker.
            Add(cases, cls, Article(Lede(other, i), $"{q.BeforeComma} {p.Full} said.", q2.Sentence), q2.Start, p.Full);
            // A quote over two paragraphs attributed in the second (after a paragraph naming nobody: after a named
            // person, real copy with a forgotten closing mark makes the first part that person's as often as not).
            Add(cases, cls, Article("Talks resumed on Tuesday after a short break.", q.Unclosed, $"{q2.BeforeComma} {p.Full} said."), q.Start, p.Full);
            // Indirect speech in one paragraph, the quote alone in the next.
            Add(cases, cls, Article(Lede(other, i), $"{p.Full} said the county had run out of money.", q.Sentence), q.Start, p.Full);
            // Guard: a new speaker's tail wins over the previous speaker.
            Add(cases, cls, Article($"{q.BeforeComma} {other.Full} said.", $"{q2.BeforeComma} {p.Full} said."), q2.Start, p.Full);
            // Guard: an unclosed paragraph does not hand its speaker to a new quote with its own tail.
            Add(cases, cls, Article($"{other.Full} said: {q.Unclosed}", $"{q2.BeforeComma} {p.Full} said."), q2.Start, p.Full);
            i++;
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // The issue's pattern rows not covered above: dash lines, transcript labels, verb-first roles, non-speech frames.

    private static readonly string[] Roles = ["MSNBC host", "9/11 widow", "county commissioner", "Skyline Air chief executive", "retired firefighter", "union steward"];

    private static void IssueRows(List<VariationCase> cases)
    {
        const string cls = "issue-row";
        var people = Plain.Concat(CommonWord).Concat(Special.Where(p => p.Given != "J.R.")).ToArray();
        var i = 0;
        foreach (var p in people)
        {
            var q = new Q(Pick(AllMarks, i), Pick(Quotes, i));
            var dash = Pick(new[] { "\u2015", "\u2014", "-" }, i);
            // Dash on the same line and on the next line (vox pop).
            Add(cases, cls, Article(Lede(Pick(Plain, i + 1), i), $"{q.Sentence} {dash} {p.Full}"), q.Start, p.Full);
            Add(cases, cls, Article(Lede(Pick(Plain, i + 1), i), $"{q.Sentence}\n{dash} {p.Full}, 71, retired teacher"), q.Start, p.Full);
            // Transcript label opening the paragraph.
            Add(cases, cls, Article($"Host {p.Full} pressed the minister on the budget.", $"{p.Surname.ToUpperInvariant()}: {q.Sentence}"), q.Start, p.Full);
            // Verb first with a role before the name; capitalized Said.
            var role = Pick(Roles, i);
            Add(cases, cls, Article(Lede(Pick(Plain, i + 1), i), $"{q.BeforeComma} said {role} {p.Full}."), q.Start, p.Full);
            Add(cases, cls, Article(Lede(p, i), $"Said {p.SurnameCap}: {q.Sentence}"), q.Start, p.Full);
            // A frame that is not a speech verb.
            var other = Pick(Plain, i + 1);
            var frame = Pick(new[] { "attacked", "defended", "mocked", "welcomed" }, i);
            var lowerQ = Pick(Quotes, i).ToLowerInvariant();
            Add(cases, cls, Article(Lede(other, i), $"{p.Full} {frame} {other.SurnameCap}'s plan, saying, {q.Sentence}"), q.Start, p.Full);
            Add(cases, cls, Article(Lede(other, i), $"{p.Full} dismissed the plan as {q.Open}{lowerQ}{q.Close}."), lowerQ.Split(' ')[0], p.Full);
            i++;
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Guards: nobody, or somebody else than the nearest name, is the speaker.

    private static void Guards(List<VariationCase> cases)
    {
        const string cls = "guard";
        var i = 0;
        foreach (var p in Plain.Concat(CommonWord.Take(8)).Concat(Special.Take(4)))
        {
            var q = new Q(Pick(AllMarks, i), Pick(Quotes, i));
            var other = Pick(Plain.Concat(CommonWord).ToArray(), i + 5);
            // The audience is not the speaker.
            Add(cases, cls, Article(Lede(Pick(Plain, i + 2), i), $"{q.BeforeComma} {p.Full} told {other.Full}."), q.Start, p.Full);
            Add(cases, cls, Article(Lede(Pick(Plain, i + 2), i), $"{p.Full} told {other.Full}: {q.Sentence}"), q.Start, p.Full);
            Add(cases, cls, Article(Lede(Pick(Plain, i + 2), i), $"{p.Full} asked {other.Full}: {q.Question}"), q.Start, p.Full);
            // The person spoken about is not the speaker.
            Add(cases, cls, Article(Lede(Pick(Plain, i + 2), i), $"{q.BeforeComma} {p.Full} said of {other.Full}."), q.Start, p.Full);
            // A person merely mentioned: an unnamed speaker gets no name.
            Add(cases, cls, Article(Lede(p, i), $"{q.BeforeComma} a spokesman for {p.SurnameCap} said."), q.Start, null);
            Add(cases, cls, Article(Lede(p, i), $"{q.BeforeComma} said a source close to {p.SurnameCap}."), q.Start, null);
            Add(cases, cls, Article(Lede(p, i), $"{q.BeforeComma} an aide to {p.Full} said."), q.Start, null);
            Add(cases, cls, Article(Lede(p, i), $"{q.BeforeComma} one resident told {p.SurnameCap}."), q.Start, null);
            // Someone else's words reported by the subject.
            var lower = Pick(Quotes, i).ToLowerInvariant();
            Add(cases, cls, Article(Lede(p, i), $"{p.SurnameCap} dismissed {other.Full}'s claim that the plan was {q.Open}{lower}.{q.Close}"), lower.Split(' ')[0], other.Full);
            i++;
        }
    }

    // ===============================================================================================================
    // Round 2 (added after the first round of fixes; its "before" was measured on main's extractor separately).

    private static readonly string[] MoreTailVerbs =
    [
        "replied", "responded", "testified", "quipped", "conceded", "cautioned", "stressed", "emphasized", "predicted",
        "pointed out", "shot back", "fired back", "joked", "complained", "admitted", "announced", "vowed", "pledged",
        "urged", "claimed", "contended", "maintained", "observed", "remarked", "reiterated", "countered", "boasted",
        "lamented", "said flatly", "later told reporters", "told reporters Tuesday", "said in an interview", "told CNN",
        "said during a news conference", "wrote in a letter to members", "said in a post on X", "also said", "said Tuesday",
        "told the committee", "said at a rally in Dunmore", "told lawmakers", "wrote in an op-ed",
    ];

    private static void Verbs2(List<VariationCase> cases)
    {
        const string cls = "verb2";
        var i = 0;
        foreach (var verb in MoreTailVerbs)
        {
            foreach (var form in Enumerable.Range(0, 3))
            {
                var p = Pick(i % 2 == 0 ? Plain : CommonWord, i);
                var q = new Q(Pick(AllMarks, i), Pick(Quotes, i));
                var text = form switch
                {
                    0 => Article(Lede(Pick(Plain, i + 3), i), $"{q.BeforeComma} {p.Full} {verb}."),
                    1 => Article(Lede(p, i), $"{q.BeforeComma} {p.Pronoun} {verb}."),
                    _ => Article(Lede(p, i), $"{p.SurnameCap} {verb}: {q.Sentence}"),
                };
                Add(cases, cls, text, q.Start, p.Full);
                i++;
            }
        }

        // Time and place between the name and the verb.
        foreach (var mid in new[] { " on Tuesday", ", speaking on Tuesday,", ", speaking to reporters in Dunmore,", " later", " again", ", in a statement,", ", in an interview with The Ledger," })
        {
            foreach (var pool in new[] { Plain, CommonWord })
            {
                var p = Pick(pool, i);
                var q = new Q(Pick(AllMarks, i), Pick(Quotes, i));
                Add(cases, cls, Article(Lede(Pick(Plain, i + 3), i), $"{q.BeforeComma} {p.Full}{mid} said."), q.Start, p.Full);
                Add(cases, cls, Article(Lede(Pick(Plain, i + 3), i), $"{p.Full}{mid} said: {q.Sentence}"), q.Start, p.Full);
                i++;
            }
        }
    }

    private static readonly string[] LongTitles =
    [
        "Secretary of State", "House Speaker", "Senate Majority Leader", "former President", "Democratic Sen.", "Republican Gov.",
        "White House press secretary", "Chief Justice", "Foreign Minister", "Defense Secretary", "state Sen.", "Attorney General",
        "former Gov.", "House Minority Leader", "Deputy Prime Minister", "Labor Secretary",
    ];

    private static void Titles(List<VariationCase> cases)
    {
        const string cls = "title";
        var i = 0;
        foreach (var title in LongTitles)
        {
            foreach (var pool in new[] { Plain, CommonWord, Special })
            {
                var p = Pick(pool, i);
                var q = new Q(Pick(AllMarks, i), Pick(Quotes, i));
                var other = Pick(Plain, i + 3);
                Add(cases, cls, Article(Lede(other, i), $"{q.BeforeComma} {title} {p.Full} said."), q.Start, p.Full);
                Add(cases, cls, Article(Lede(other, i), $"{q.BeforeComma} said {title} {p.Full}."), q.Start, p.Full);
                Add(cases, cls, Article(Lede(other, i), $"{title} {p.Full} told reporters: {q.Sentence}"), q.Start, p.Full);
                // The role as a lower-case apposition, then the surname later.
                var role = title.ToLowerInvariant().Replace("sen.", "senator", StringComparison.Ordinal).Replace("gov.", "governor", StringComparison.Ordinal);
                Add(cases, cls, Article($"{p.Full}, the {role}, arrived late on Tuesday.", $"{q.BeforeComma} {p.SurnameCap} said."), q.Start, p.Full);
                i++;
            }
        }
    }

    private static readonly Person[] MorePeople =
    [
        new("John", "Whitcombe", 'M', "John Q. Whitcombe"), new("Mary", "Ellison", 'F', "Mary T. Ellison"), new("Robert", "Vance", 'M', "Robert Vance III"),
        new("José", "Núñez", 'M'), new("Zoë", "Brontë-Hale", 'F'), new("Angelo", "D'Amato", 'M'), new("Siobhan", "O'Neill", 'F'),
        new("Kim", "Soo-jin", 'F', "Kim Soo-jin"), new("Thi", "Nguyen", 'F', "Nguyen Thi Lan"), new("Kwame", "Mensah", 'M'),
        new("Aisha", "Bello", 'F'), new("Rahul", "Mehta", 'M'), new("Björn", "Lindgren", 'M'), new("Ngozi", "Eze", 'F'),
    ];

    private static void Names2(List<VariationCase> cases)
    {
        const string cls = "name2";
        var i = 0;
        foreach (var p in MorePeople)
        {
            foreach (var m in AllMarks)
            {
                var q = new Q(m, Pick(Quotes, i));
                var other = Pick(Plain, i + 2);
                Add(cases, cls, Article(Lede(other, i), $"{q.BeforeComma} {p.Full} said."), q.Start, p.Full);
                Add(cases, cls, Article(Lede(other, i), $"{q.BeforeComma} said {p.Full}."), q.Start, p.Full);
                if (p.FullOverride is null || p.FullOverride.EndsWith(p.Surname, StringComparison.Ordinal) || p.FullOverride.EndsWith("III", StringComparison.Ordinal))
                {
                    Add(cases, cls, Article(Lede(p, i), $"{q.BeforeComma} {p.SurnameCap} told reporters."), q.Start, p.Full);
                }

                i++;
            }
        }
    }

    private static void Punctuation(List<VariationCase> cases)
    {
        const string cls = "punct";
        var i = 0;
        foreach (var p in Plain.Concat(CommonWord).Concat(Special))
        {
            var m = Pick(AllMarks, i);
            var q = new Q(m, Pick(Quotes, i));
            var british = m is Marks.British or Marks.BritishInner;
            string Ended(string end) => british ? q.Open + Pick(Quotes, i) + end + q.Close : q.Open + Pick(Quotes, i) + end + q.Close;
            Add(cases, cls, Article(Lede(p, i), $"{Ended("?")} {p.SurnameCap} asked."), q.Start, p.Full);
            Add(cases, cls, Article(Lede(p, i), $"{Ended("!")} {p.Pronoun} shouted."), q.Start, p.Full);
            Add(cases, cls, Article(Lede(Pick(Plain, i + 1), i), $"{Ended("—")} {p.Full} said, before stopping."), q.Start, p.Full);
            Add(cases, cls, Article(Lede(Pick(Plain, i + 1), i), $"{Ended("...")} {p.Full} said."), q.Start, p.Full);
            i++;
        }
    }

    private static void Frames(List<VariationCase> cases)
    {
        const string cls = "frame";
        var i = 0;
        foreach (var p in Plain.Concat(CommonWord).Concat(Special.Take(6)))
        {
            var q = new Q(Pick(AllMarks, i), Pick(Quotes, i));
            var other = Pick(Plain, i + 1);
            var lower = q.Open + Pick(Quotes, i).ToLowerInvariant() + q.Close;
            Add(cases, cls, Article(Lede(p, i), $"Asked whether the vote would be delayed, {p.SurnameCap} said: {q.Sentence}"), q.Start, p.Full);
            Add(cases, cls, Article(Lede(p, i), $"In an interview on Tuesday, {p.SurnameCap} said the plan was {lower}."), Pick(Quotes, i).ToLowerInvariant().Split(' ')[0], p.Full);
            Add(cases, cls, Article(Lede(other, i), $"{p.Full} said in a statement that the plan was {lower}."), Pick(Quotes, i).ToLowerInvariant().Split(' ')[0], p.Full);
            Add(cases, cls, Article(Lede(other, i), $"In a statement, {p.Full} called the plan {lower}."), Pick(Quotes, i).ToLowerInvariant().Split(' ')[0], p.Full);
            Add(cases, cls, Article(Lede(p, i), $"When a reporter asked about the budget, {p.Pronoun} replied: {q.Sentence}"), q.Start, p.Full);
            // Reported words of someone else inside the subject's sentence.
            Add(cases, cls, Article(Lede(p, i), $"{p.SurnameCap} said {other.Full} had told him privately, {q.Sentence}"), q.Start, other.Full);
            // Guard: a quote-only paragraph after narrative about nobody named is nobody's.
            Add(cases, cls, Article("Talks resumed on Tuesday after a short break.", q.Sentence), q.Start, null);
            i++;
        }
    }

    // ===============================================================================================================
    // Round 3 (added after the round-2 fixes; its "before" was measured on the round-2 code and on main).

    private static void Frames3(List<VariationCase> cases)
    {
        const string cls = "frame3";
        var i = 0;
        foreach (var p in Plain.Concat(CommonWord.Take(10)).Concat(Special.Take(6)).Concat(MorePeople.Take(4)))
        {
            var q = new Q(Pick(AllMarks, i), Pick(Quotes, i));
            var q2 = new Q(q.M, Pick(SecondQuotes, i));
            var other = Pick(Plain.Where(x => x.Surname != p.Surname).ToArray(), i + 1);
            var possessive = p.Gender == 'F' ? "her" : "his";
            // Back-reference after the quote.
            Add(cases, cls, Article(Lede(other, i), $"{q.Sentence} That was how {p.Full} put it."), q.Start, p.Full);
            // Participle and "adding" after the cue.
            Add(cases, cls, Article(Lede(other, i), $"{q.BeforeComma} {p.Full} said, adding that the vote would go ahead."), q.Start, p.Full);
            // "was quoted as saying"
            Add(cases, cls, Article(Lede(other, i), $"{p.Full} was quoted as saying {q.Sentence}"), q.Start, p.Full);
            // A relative clause and an audience.
            Add(cases, cls, Article(Lede(other, i), $"{q.BeforeComma} {p.Full}, who is running for governor, told supporters."), q.Start, p.Full);
            // Statement released by an office: still the person.
            Add(cases, cls, Article(Lede(other, i), $"{q.BeforeComma} {p.Full} said in a statement released by {possessive} office."), q.Start, p.Full);
            // The person's spokeswoman, named: the spokeswoman.
            var spox = Pick(Plain.Where(x => x.Gender == 'F' && x.Surname != p.Surname).ToArray(), i);
            Add(cases, cls, Article(Lede(p, i), $"{q.BeforeComma} {p.SurnameCap}'s spokeswoman, {spox.Full}, said."), q.Start, spox.Full);
            Add(cases, cls, Article(Lede(p, i), $"{q.BeforeComma} said {spox.Full}, a spokeswoman for {p.SurnameCap}."), q.Start, spox.Full);
            // Two quotes by two people in one paragraph.
            Add(cases, cls, Article(Lede(p, i), $"{q.BeforeComma} {p.SurnameCap} said. {q2.BeforeComma} {other.Full} replied."), q2.Start, other.Full);
            // Pronoun after a paragraph about two people of different gender, the speaker second.
            var diff = Pick((p.Gender == 'F' ? Plain.Where(x => x.Gender == 'M') : Plain.Where(x => x.Gender == 'F')).ToArray(), i);
            Add(cases, cls, Article($"{diff.Full} and {p.Full} met on Tuesday to discuss the budget.", $"{q.BeforeComma} {p.Pronoun} said afterwards."), q.Start, p.Full);
            // Guard: an unnamed member of the public after the named person.
            Add(cases, cls, Article(Lede(p, i), $"{q.BeforeComma} said one voter outside the hall."), q.Start, null);
            i++;
        }
    }

    // ===============================================================================================================
    // Round 4 (added after the round-3 fixes): congressional and television shapes.

    private static readonly (string Tag, string State, string Party)[] Tags =
    [
        ("D-Calif.", "California", "Democrat"), ("R-Texas", "Texas", "Republican"), ("D-N.Y.", "New York", "Democrat"), ("R-Ohio", "Ohio", "Republican"),
    ];

    private static void Congress(List<VariationCase> cases)
    {
        const string cls = "congress";
        var i = 0;
        foreach (var p in Plain.Concat(CommonWord.Take(8)).Concat(Special.Take(4)))
        {
            var q = new Q(Pick(AllMarks, i), Pick(Quotes, i));
            var (tag, state, party) = Pick(Tags, i);
            var title = i % 2 == 0 ? "Sen." : "Rep.";
            var role = i % 2 == 0 ? "senator" : "congressman";
            if (p.Gender == 'F' && role == "congressman")
            {
                role = "congresswoman";
            }

            var other = Pick(Plain.Where(x => x.Surname != p.Surname).ToArray(), i + 1);
            Add(cases, cls, Article(Lede(other, i), $"{q.BeforeComma} said {title} {p.Full}, {tag}."), q.Start, p.Full);
            Add(cases, cls, Article(Lede(other, i), $"{q.BeforeComma} {p.Full} ({tag}) said in a floor speech."), q.Start, p.Full);
            Add(cases, cls, Article(Lede(other, i), $"{title} {p.Full}, a {party} from {state}, said: {q.Sentence}"), q.Start, p.Full);
            Add(cases, cls, Article($"{title} {p.Full}, {tag}, opened the hearing on Tuesday.", $"{q.BeforeComma} the {role} said."), q.Start, p.Full);
            Add(cases, cls, Article($"{title} {p.Full}, {tag}, opened the hearing on Tuesday.", $"{q.BeforeComma} the {state} {party} said."), q.Start, p.Full);
            // A show title in quotes (American copy; British copy sets it in italics) is no quote of its own and does
            // not take the speaker away.
            var british = q.M is Marks.British or Marks.BritishInner;
            var show1 = british ? "Meet the Nation." : "\"Meet the Nation.\"";
            var show2 = british ? "Sunday Morning Live" : "\"Sunday Morning Live\"";
            Add(cases, cls, Article(Lede(other, i), $"{q.BeforeComma} {p.Full} said on {show1}"), q.Start, p.Full);
            Add(cases, cls, Article(Lede(p, i), $"{p.SurnameCap} told {show2} that the plan was {q.Open}{Pick(Quotes, i).ToLowerInvariant()}.{q.Close}"), Pick(Quotes, i).ToLowerInvariant().Split(' ')[0], p.Full);
            Add(cases, cls, Article(Lede(other, i), $"{q.BeforeComma} {p.Full} wrote in a post on X, formerly Twitter."), q.Start, p.Full);
            i++;
        }
    }
}
