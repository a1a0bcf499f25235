using QuoteBot.Extraction;
using static QuoteBot.Extraction.Tests.PlainTextExtraction;

namespace QuoteBot.Extraction.Tests;

/// <summary>
/// Issue 12, session 22 (s22b-orgs): organisations as speakers. A body whose name holds an irregular plural possessive
/// ("Fishermen's") is that body; "the company" never stands for a county or city named in between; "the union" stands
/// for a body whose name says it is one ("… Transit Workers"); "the collective", "the caucus", "the forum" stand for the
/// body named earlier. Invented names and texts.
/// </summary>
public sealed class Session22OrgsTests
{
    [Fact]
    public void Extract_BodyWithIrregularPluralPossessiveAndRelativeClause_IsThatBody()
    {
        var text = "Boats\n\nThe fuel duty rose again on Monday.\n\n"
            + "The Westbay Fishermen's Cooperative, which represents about ninety boats, said in a statement that the rise would \"push small crews off the water.\"";
        var q = Single(text, "push small crews");
        Assert.Equal("Westbay Fishermen's Cooperative", q.Speaker);
        Assert.Equal(SpeakerKind.Organisation, q.SpeakerKind);
    }

    [Fact]
    public void Extract_CompanySaidAfterCountyNamed_IsTheCompanyNotTheCounty()
    {
        var text = "Plant\n\nHARLOW -- Dettmer Automotive will close its gearbox plant in Kent County, the company announced on Tuesday.\n\n"
            + "\"We have made the difficult decision to move production,\" the company said.";
        var q = Single(text, "We have made the difficult");
        Assert.Equal("Dettmer Automotive", q.Speaker);
        Assert.Equal(SpeakerKind.Organisation, q.SpeakerKind);
    }

    [Fact]
    public void Extract_UnionSaidAfterWorkersBodyNamed_IsThatBody()
    {
        var text = "Depot\n\nDrivers were told of the cuts on Monday, according to the Northfield Transit Workers, which represents about 900 drivers.\n\n"
            + "\"They cut the routes and kept the bonuses,\" the union said.";
        var q = Single(text, "They cut the routes");
        Assert.Equal("Northfield Transit Workers", q.Speaker);
        Assert.Equal(SpeakerKind.Organisation, q.SpeakerKind);
    }

    [Fact]
    public void Extract_CollectiveAddedAfterCollectiveNamed_IsThatCollective()
    {
        var text = "Fares\n\nFares rise in May.\n\n"
            + "The Norland Rail Passengers Collective said the rise was \"a tax on the night shift.\" Later the collective added: \"Nobody was asked.\"";
        var q = Single(text, "Nobody was asked");
        Assert.Equal("Norland Rail Passengers Collective", q.Speaker);
        Assert.Equal(SpeakerKind.Organisation, q.SpeakerKind);
    }

    [Fact]
    public void Extract_ForumSaidAfterForumNamed_IsThatForum()
    {
        var text = "Tax\n\nThe payroll tax rose on Friday. The Brenmark Enterprise Forum, which speaks for 4,000 small firms, called the rise a mistake.\n\n"
            + "\"Firms were promised a quiet year,\" the forum said.";
        var q = Single(text, "Firms were promised");
        Assert.Equal("Brenmark Enterprise Forum", q.Speaker);
        Assert.Equal(SpeakerKind.Organisation, q.SpeakerKind);
    }

    [Fact]
    public void Extract_UnionSaidAfterNumberedLocalNamed_IsTheLocalWithItsNumber()
    {
        var text = "Mill\n\nStaff heard the news at a shift meeting, according to United Millworkers Local 508, which represents about 300 of them. The union issued a statement.\n\n"
            + "\"They took the grants and walked away,\" the union said.";
        var q = Single(text, "They took the grants");
        Assert.Equal("United Millworkers Local 508", q.Speaker);
        Assert.Equal(SpeakerKind.Organisation, q.SpeakerKind);
    }

    [Fact]
    public void Extract_NumberedLodgeAfterOf_IsTheWholeBodyNotAPerson()
    {
        var text = "Jail\n\nThe two candidates met on Monday.\n\n"
            + "In a statement, the Benevolent Order of Wardens Lodge 77 said the county needed \"a warden who answers the phone.\"";
        var q = Single(text, "a warden who answers");
        Assert.Equal("Benevolent Order of Wardens Lodge 77", q.Speaker);
        Assert.Equal(SpeakerKind.Organisation, q.SpeakerKind);
    }
}
