namespace QuoteBot.Extraction;

// Session 23 (s23-orgs): organisation words news copy uses that the older lists lacked.
internal static partial class Lexicon
{
    // "the directorate said", "the inspectorate said": more nouns that, after "the", stand for a body named earlier.
    private static readonly WordSet Session23BodyNouns = new(StringComparer.OrdinalIgnoreCase)
    {
        "directorate", "inspectorate", "secretariat", "consulate",
    };

    /// <summary>s23-orgs: a body noun added in session 23 (see <see cref="IsOrgNoun"/>).</summary>
    private static bool IsSession23BodyNoun(string noun) => Session23BodyNouns.Contains(noun);

    // Officers whose "Office" is an institution that speaks in its own name ("the Attorney General's Office said",
    // "the Saguaro County Sheriff's Office said"), unlike the office of a head of government, which speaks for a person
    // the article does not name ("the Prime Minister's Office said" is null). Last word, or last two words, of the officer.
    private static readonly WordSet InstitutionalOfficers = new(StringComparer.OrdinalIgnoreCase)
    {
        "sheriff", "coroner", "prosecutor", "comptroller", "auditor", "assessor", "marshal", "ombudsman", "recorder",
        "attorney general", "district attorney", "inspector general", "solicitor general", "public defender",
        "medical examiner", "auditor general", "attorney-general", "auditor-general", "fire marshal",
    };

    /// <summary>s23-orgs: whether "<paramref name="officer"/>'s Office" is an institution (lower case, one or two words).</summary>
    public static bool IsInstitutionalOfficer(string officer) => InstitutionalOfficers.Contains(officer);

    // Words of a body's name that make it no company: "the company" never stands for "the FDA's Center for Tobacco
    // Products" or "the Institute for Public Finance" (s23-orgs).
    private static readonly WordSet NonCompanyBodyWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "center", "centre", "institute", "university", "college", "school", "hospital", "foundation", "association",
        "society", "federation", "museum", "library", "church", "charity",
    };

    /// <summary>s23-orgs: whether <paramref name="w"/>, a word of a body's name, makes it no company (see <see cref="NonCompanyBodyWords"/>).</summary>
    private static bool IsNonCompanyBodyWord(string w) => NonCompanyBodyWords.Contains(w);
}
