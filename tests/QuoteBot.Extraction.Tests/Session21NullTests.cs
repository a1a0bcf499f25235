using QuoteBot.Extraction;
using static QuoteBot.Extraction.Tests.PlainTextExtraction;

namespace QuoteBot.Extraction.Tests;

/// <summary>
/// Issue 12, session 21 (s21-null): quotes the older rules left without a speaker. A definite office at the cue ("the
/// mayor said", "said the former senator") that nobody in the article was given is the named person who just spoke or
/// opened a sentence; a paragraph that is only a quote, after a sentence about speech that names someone, is that
/// person's; the turns of an exchange written as quote-only paragraphs alternate between the two people of the sentence
/// that opens it. Unnamed people, a qualified office, an office in the story before the person, an office's bodies,
/// signs and crowds stay null. Invented names and texts.
/// </summary>
public sealed class Session21NullTests
{
    [Fact]
    public void Extract_TheMayorSaidAfterMayorOfTownAppositionWithName_IsThatPerson()
    {
        var text = "Phrase\n\nFinally, the Kelderby Courier reports that the mayor of Kelderby, Rosalind Ashgrove-Lane, has banned the phrase \"world class\" from council papers. Ashgrove-Lane, who was elected in May, said the phrase meant nothing.\n\n"
            + "\"Tell me what you will build. Do not tell me it is world class,\" the mayor said.";
        var q = Single(text, "Tell me what you will build");
        Assert.Equal("Rosalind Ashgrove-Lane", q.Speaker);
        Assert.Equal(SpeakerKind.Person, q.SpeakerKind);
    }

    [Fact]
    public void Extract_TheFormerSenatorSaidAfterNamedSubject_IsThatPerson()
    {
        var text = "Tribunal\n\nSpeaking to reporters after the hearing, Musa Idris Tanko said he had full confidence in the tribunal and urged calm.\n\n"
            + "\"Whatever the judges decide, we will follow the law,\" the former senator said.";
        Assert.Equal("Musa Idris Tanko", Single(text, "Whatever the judges").Speaker);
    }

    [Fact]
    public void Extract_ThePrimeMinisterSaidAfterSubjectParagraph_IsThatPerson()
    {
        var text = "Vote\n\nHelen Marchbank won the vote by eleven. Mrs Marchbank, who spent the day calling her own MPs, told them a delay was the only way forward.\n\n"
            + "\"I have heard the House, and I have heard it clearly,\" the prime minister said.";
        Assert.Equal("Helen Marchbank", Single(text, "I have heard the House").Speaker);
    }

    [Fact]
    public void Extract_SaidTheGovernorAfterNamedSpeaker_IsThatPerson()
    {
        var text = "Levee\n\nSpeaking at the levee on Friday, Harold Breck Osei said the state would rebuild it before spring.\n\n"
            + "\"Nobody sleeps in a gym this winter,\" said the governor.";
        Assert.Equal("Harold Breck Osei", Single(text, "Nobody sleeps").Speaker);
    }

    [Fact]
    public void Extract_ExchangeOpenedByAsked_AlternatesBetweenTheTwo()
    {
        var text = "Ferries\n\nTransport Minister Colm Arden faced the committee for two hours.\n\n"
            + "Near the end, Deputy Niamh Sorley asked Arden about the delayed hulls.\n\n"
            + "\"Minister, when will the first ship sail?\"\n\n"
            + "\"Deputy, I will not give a date I cannot keep.\"\n\n"
            + "\"Then give us a year.\"";
        Assert.Equal("Niamh Sorley", Single(text, "Minister, when").Speaker);
        Assert.Equal("Colm Arden", Single(text, "Deputy, I will not").Speaker);
        Assert.Equal("Niamh Sorley", Single(text, "Then give us").Speaker);
    }

    [Fact]
    public void Extract_QuoteParagraphAfterTestimonyFromNamedPerson_IsThatPerson()
    {
        var text = "Hearing\n\nCommittee chair Lionel Barrow opened the session at ten.\n\n"
            + "The most moving testimony came from Grace Omondi, whose brother, firefighter Daniel Omondi, died in 2019.\n\n"
            + "\"He never talked about the smoke. He talked about the quiet.\"\n\n"
            + "\"Not to me, not to the children. Only at the end.\"";
        Assert.Equal("Grace Omondi", Single(text, "He never talked").Speaker);
        Assert.Equal("Grace Omondi", Single(text, "Not to me").Speaker);
    }

    [Fact]
    public void Extract_ExchangeOfQuoteParagraphs_AlternatesBetweenTheTwo()
    {
        var text = "Reserve\n\nEnergy Secretary Lydia Prentiss defended the sales for four hours.\n\n"
            + "The sharpest exchange came late, when Rep. Aaron Fitch pressed Prentiss on whether she had discussed the sales with political staff.\n\n"
            + "\"Yes or no, Madam Secretary. Did anyone call you?\"\n\n"
            + "\"Congressman, I speak to many people, and I—\"\n\n"
            + "\"Yes or no.\"\n\n"
            + "\"I am trying to give you an accurate answer.\"";
        Assert.Equal("Aaron Fitch", Single(text, "Yes or no, Madam").Speaker);
        Assert.Equal("Lydia Prentiss", Single(text, "Congressman, I speak").Speaker);
        Assert.Equal("Aaron Fitch", Single(text, "Yes or no.").Speaker);
        Assert.Equal("Lydia Prentiss", Single(text, "I am trying").Speaker);
    }

    [Fact]
    public void Extract_SheSaidWithNobodyOfHersNearby_IsTheLatestWomanWhoSpoke()
    {
        var text = "Radio\n\nHealth Minister Abigail Torrance-Mbeki went on the morning programme to defend the waiting times.\n\n"
            + "\"We have more paramedics than ever,\" she said.\n\n"
            + "The host, Rupert Gale, read out figures from the ambulance trust.\n\n"
            + "He then read out the number of ambulances queuing at the county hospital on Monday night.\n\n"
            + "The trust's figures show queues outside every hospital in the region.\n\n"
            + "The interview closed with Gale asking what one thing would change.\n\n"
            + "\"Beds,\" she said, without a pause.";
        Assert.Equal("Abigail Torrance-Mbeki", Single(text, "Beds").Speaker);
    }

    [Fact]
    public void Extract_SheSaidAfterAnUnnamedWoman_StaysNull()
    {
        var text = "Toll\n\nCouncillor Maria Fenwick voted for the higher toll in March.\n\n"
            + "At the bridge this week, a woman waiting for the bus was less forgiving. \"I don't eat lunch any more,\" she said.";
        Assert.Null(Single(text, "I don't eat lunch").Speaker);
    }

    /// <summary>"the official", "the minister for local transport", an office introduced as "a senior minister", and "the Treasurer" written before the person came in: no one named.</summary>
    [Fact]
    public void Extract_UnnamedOrQualifiedOrEarlierOffice_StaysNull()
    {
        var text = "Talks\n\nCarlo Venn, the envoy, said the talks would resume. An official with knowledge of the talks said the first day went well.\n\n"
            + "\"Both sides want a deal,\" the official said.";
        Assert.Null(Single(text, "Both sides want").Speaker);

        text = "Buses\n\nDrivers walked out on Monday. Union leader Petra Holm said the strike would last a week.\n\n"
            + "The minister for local transport, asked about the dispute, said it was \"a matter for the company and the union.\"";
        Assert.Null(Single(text, "a matter for the company").Speaker);

        text = "Cabinet\n\nHenrik Salo said the cabinet was united. A senior minister, who asked not to be named, disagreed.\n\n"
            + "\"It is not united, it is quiet,\" the minister said.";
        Assert.Null(Single(text, "It is not united").Speaker);

        text = "Budget\n\nThe budget will return to surplus, the Treasurer said on Tuesday.\n\n"
            + "Economist Harriet Osgood of the Lakes Institute said the forecast relied on high prices.\n\n"
            + "Asked about the warning, the Treasurer said the forecasts were \"conservative by any standard.\"";
        Assert.Null(Single(text, "conservative by any standard").Speaker);
    }

    /// <summary>"the prime minister's office" (a body), "the mayor" after a senator (another office), and a quote paragraph after signs and a crowd.</summary>
    [Fact]
    public void Extract_BodyOtherOfficeOrCrowd_StaysNull()
    {
        var text = "Deal\n\nForeign Minister Anton Reil said the deal was close.\n\n"
            + "\"We will not be bound by any agreement,\" the prime minister's office said.";
        Assert.Null(Single(text, "We will not be bound").Speaker);

        text = "Bridge\n\nSen. Owen Threlkeld said the state would pay for half of the bridge.\n\n"
            + "\"We will find the other half,\" the mayor said.";
        Assert.Null(Single(text, "We will find the other half").Speaker);

        text = "Rally\n\nMayor Ines Carrow spoke for twenty minutes. Outside, a crowd held signs and chanted as she left.\n\n"
            + "\"Fix the roads first!\"";
        Assert.Null(Single(text, "Fix the roads first").Speaker);
    }

    /// <summary>
    /// "…," he said after "the president acknowledged …" with no named man near: the unnamed president may be the
    /// speaker, so the far look-up names no one (the bench's dense article had the object of an earlier sentence).
    /// </summary>
    [Fact]
    public void Extract_HeSaidAfterADefiniteRoleSubject_NamesNoFarOffMan()
    {
        // An opening paragraph naming someone, three paragraphs naming no one, the role sentence, then the quote.
        static string Port(string opening, string roleSentence, string pronoun) =>
            $"Port\n\n{opening}\n\n"
            + "The port handles most of the country's grain exports.\n\n"
            + "Ships queued outside the harbour for a week in March.\n\n"
            + "Insurers have since raised their rates twice.\n\n"
            + $"{roleSentence}\n\n"
            + $"\"The port will stay open as long as the ships keep coming,\" {pronoun} said.";

        const string keller = "Rob Keller opened the committee's hearing on the grain corridor on Monday.";
        var text = Port(keller, "Asked about the corridor, the president acknowledged that the talks had stalled.", "he");
        Assert.Null(Single(text, "The port will stay open").Speaker);

        text = Port(keller, "The Ukrainian leader, who has met envoys from Washington this month, insisted that the talks go on.", "he");
        Assert.Null(Single(text, "The port will stay open").Speaker);

        // The role near is the far person's own: she is named.
        text = Port("Transport Minister Ana Lind opened the grain corridor hearing on Monday.",
            "Asked about the corridor, the minister acknowledged that the talks had stalled.", "she");
        Assert.Equal("Ana Lind", Single(text, "The port will stay open").Speaker);
    }

    /// <summary>
    /// "Asked about the crews, the port director acknowledged …" then "…," he said: the unnamed director, subject of
    /// the sentence before, is nearer than the mayor named earlier (whose gender the text never gave), so no name; when
    /// the role subject is the mayor's own, she is named.
    /// </summary>
    [Fact]
    public void Extract_PronounAfterAnUnnamedRoleSubject_IsNotTheEarlierPersonOfUnknownGender()
    {
        var text = "Harbour tolls go up\n\nMayor Elin Sattler said on Tuesday that the harbour tolls would rise from April.\n\n"
            + "\"We cannot run a harbour on goodwill,\" the mayor said.\n\n"
            + "Asked about the crews, the port director acknowledged that their letter had arrived late.\n\n"
            + "\"It is on my desk, and it will be answered this week,\" he said.";
        Assert.Equal("Elin Sattler", Single(text, "We cannot run a harbour").Speaker);
        Assert.Null(Single(text, "It is on my desk").Speaker);

        text = "Harbour tolls go up\n\nMayor Elin Sattler said on Tuesday that the harbour tolls would rise from April.\n\n"
            + "Asked about the crews, the mayor acknowledged that their letter had arrived late.\n\n"
            + "\"It is on my desk, and it will be answered this week,\" she said.";
        Assert.Equal("Elin Sattler", Single(text, "It is on my desk").Speaker);
    }
}
