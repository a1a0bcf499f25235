using QuoteBot.Extraction;
using static QuoteBot.Extraction.Tests.PlainTextExtraction;

namespace QuoteBot.Extraction.Tests;

/// <summary>
/// Issue 12, session 20 (none-given, s20-none): quotes where a name is wanted and none was given. A document's own verb
/// ("the memo states", "the statement read", "the letter reads") makes the document speak for whoever wrote it or sent
/// it ("was written by X", "a statement from the senator"); a memo a newspaper obtained is not the newspaper's; "X said,
/// according to a transcript" keeps X for the quote after it; a title with a portfolio ("Commissioner for Energy X")
/// is the person's role; "X, in testimony …, defended the cuts, saying" is X's; "The alliance supported the plan but said" is the alliance named before. Invented names and texts.
/// </summary>
public sealed class Session20NoneTests
{
    [Fact]
    public void Extract_TheMemoStatesAfterMemoWrittenBy_IsTheWriter()
    {
        var text = "Barrier\n\nThe memo on the flood barrier was written by Marta Kolvik, the city's chief engineer, and circulated to council members last week.\n\n"
            + "\"The barrier will not hold a hundred-year surge,\" the memo states.";
        var q = Single(text, "The barrier will not");
        Assert.Equal("Marta Kolvik", q.Speaker);
        Assert.Equal(SpeakerKind.Person, q.SpeakerKind);
    }

    [Fact]
    public void Extract_TheStatementReadAfterStatementFromTheSenator_IsTheSenator()
    {
        var text = "Depot\n\nSen. Tom Birch sent a letter to the minister opposing the closure. At the hearing, an aide to Birch read a statement from the senator.\n\n"
            + "\"Small towns were never asked,\" the statement read. \"They should be asked now.\"";
        Assert.Equal("Tom Birch", Single(text, "Small towns").Speaker);
        Assert.Equal("Tom Birch", Single(text, "They should be asked").Speaker);
    }

    [Fact]
    public void Extract_TheLetterReadsAfterLetterFromAPerson_IsTheSender()
    {
        var text = "School\n\nParents at Dunmore Primary received a letter from Ilse Marr, the head teacher, on Friday.\n\n"
            + "\"We cannot keep the library open after March,\" the letter reads.";
        Assert.Equal("Ilse Marr", Single(text, "We cannot keep").Speaker);
    }

    [Fact]
    public void Extract_MemoObtainedByNewspaper_IsNotTheNewspapers()
    {
        var text = "Screeners\n\nOfficials planned to move 900 screeners to the coast, according to an internal memo obtained by The Harbour Ledger.\n\n"
            + "The memo, dated June 3, was written by Osric Pell, the agency's deputy director.\n\n"
            + "\"This carries risk at the smaller airports,\" the memo states.";
        var q = Single(text, "This carries risk");
        Assert.Equal("Osric Pell", q.Speaker);
    }

    [Fact]
    public void Extract_SignRead_StaysUnattributed()
    {
        var text = "Pier\n\nMayor Lena Dorrit walked past the closed pier on Sunday.\n\n\"Keep out, unsafe structure,\" the sign read.";
        Assert.Null(Single(text, "Keep out").Speaker);
    }

    [Fact]
    public void Extract_SaidAccordingToTranscript_KeepsSpeakerForTheNextSentence()
    {
        var text = "Cabinet\n\nPremier Colin Ashdown named six new ministers on Monday.\n\n"
            + "\"We chose people who deliver,\" Ashdown said, according to an official transcript. \"The voters are watching us closely.\"";
        Assert.Equal("Colin Ashdown", Single(text, "We chose people").Speaker);
        Assert.Equal("Colin Ashdown", Single(text, "The voters are watching").Speaker);
    }

    [Fact]
    public void Extract_SaidEllipsisAccordingToTranslationAfterApposition_KeepsSpeaker()
    {
        var text = "Blockade\n\nFarmers kept the roads closed on Thursday.\n\n"
            + "\"We voted for him,\" said Rosa Quispe, a leader of a dairy federation, speaking by telephone, according to a translation provided by an aid group. "
            + "\"He should come here and explain himself.\"";
        Assert.Equal("Rosa Quispe", Single(text, "He should come here").Speaker);
    }

    [Fact]
    public void Extract_PortfolioTitleBeforeName_IsTheRoleForLaterDescription()
    {
        var text = "Vote\n\nCommissioner for Energy Helga Lindqvist told the chamber the Commission welcomed the vote.\n\n"
            + "\"Clean power is cheap power,\" the Danish commissioner said.";
        Assert.Equal("Helga Lindqvist", Single(text, "Clean power").Speaker);
    }

    [Fact]
    public void Extract_ParticipleAfterPredicateAndParenthetical_IsTheMainSubject()
    {
        var text = "Budget\n\nDorian Vale, in testimony to the budget committee, defended the cuts, saying the city had to spend its money "
            + "\"where people live now, not where they lived in 1990.\"";
        Assert.Equal("Dorian Vale", Single(text, "where people live now").Speaker);
    }

    [Fact]
    public void Extract_ParticipleAfterPassiveApposition_KeepsTheNamedSubject()
    {
        var text = "Port\n\nThe harbour master, Colm Reddy, appointed in May, walked the quay on Monday, saying the cranes were \"older than most of the crews.\"";
        Assert.Equal("Colm Reddy", Single(text, "older than most").Speaker);
    }

    [Fact]
    public void Extract_DefiniteBodyWithCoordinatedVerb_IsTheBodyNamedBefore()
    {
        var text = "Rules\n\nThat view was shared by the Lakeside Growers Alliance, which speaks for small farms. "
            + "The alliance supported the plan but said in its filing that it \"will fail if prices keep falling.\"";
        var q = Single(text, "will fail if prices");
        Assert.Equal("Lakeside Growers Alliance", q.Speaker);
        Assert.Equal(SpeakerKind.Organisation, q.SpeakerKind);
    }

    [Fact]
    public void Extract_BodysOfficerWithApposition_IsNotTheBody()
    {
        var text = "Budget\n\nThe dock union's treasurer, Nell Harrow, declined to discuss the audit, but said the members had worked \"the hardest season in years.\"";
        Assert.Equal("Nell Harrow", Single(text, "the hardest season").Speaker);
    }
}
