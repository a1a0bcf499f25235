using QuoteBot.Extraction;
using static QuoteBot.Extraction.Tests.PlainTextExtraction;

namespace QuoteBot.Extraction.Tests;

/// <summary>
/// Issue 12, session 18 (frame subjects, s18-head): the subject of a speech frame before the quote in general shapes of
/// news English. A coordinated verb after a fronted phrase ("Asked about it, she smiled and said") shares the main
/// clause's subject; a relative clause with commas inside is stepped over to the subject it describes; a participle
/// after a document someone issues ("issued a statement calling …") is the issuer's; "on a conference call" and "said
/// continued support" hold no speech verb; a comma-set name is not a word of an opening place phrase's apposition.
/// Guards keep a sign's words, a cited report and an opening person's apposition as they were. Invented names and texts.
/// </summary>
public sealed class Session18HeadTests
{
    [Fact]
    public void Extract_AskedOpenerThenCoordinatedCue_IsTheMainClausePronoun()
    {
        var text = "Count\n\nSenator Ada Marlow spoke for an hour on Tuesday.\n\n"
            + "Asked about the vote count, she smiled and said it was \"a matter of arithmetic, not hope.\"";
        Assert.Equal("Ada Marlow", Single(text, "a matter of arithmetic").Speaker);
    }

    [Fact]
    public void Extract_PlaceOpenerThenCoordinatedCue_IsTheMainClausePronoun()
    {
        var text = "Rally\n\nDario Quent, 58, runs a hardware store in Fenwick.\n\n"
            + "At a rally in Fenwick last Saturday, he stood on a hay bale and told the crowd that the county had \"sold the river to the highest bidder.\"";
        Assert.Equal("Dario Quent", Single(text, "sold the river").Speaker);
    }

    [Fact]
    public void Extract_SubordinateClauseWithFirstPersonBeforeMainClause_IsTheMainClauseSubject()
    {
        var text = "Toast\n\nBy Ilona Sarv\n\nI first met Boris Kalnin in 2009, when he ran the gas company.\n\n"
            + "The last time I saw him, at a reception in 2013, he raised his glass and said, loudly enough for everyone to hear, \"To the brave Finns!\"";
        Assert.Equal("Boris Kalnin", Single(text, "To the brave Finns").Speaker);
    }

    [Fact]
    public void Extract_NameAfterFrontedPhraseThenCoordinatedCue_IsThatName()
    {
        var text = "Deal\n\nThe envoy Tamsin Orrell met Pavel Ruiz on Monday.\n\n"
            + "Asked about the deal, Ruiz laughed and said it was \"not finished, not by a long way.\"";
        Assert.Equal("Pavel Ruiz", Single(text, "not finished").Speaker);
    }

    [Fact]
    public void Extract_RelativeClauseWithAsideBeforeCue_IsTheSubjectItDescribes()
    {
        var text = "Harbour\n\nMinister Oskar Lindqvist, who ran the port authority for a decade and who is, I should add, an old friend, "
            + "warned that the city \"cannot keep borrowing against the harbour.\"";
        Assert.Equal("Oskar Lindqvist", Single(text, "cannot keep borrowing").Speaker);
    }

    [Fact]
    public void Extract_OrganisationWithRelativeClauseAndNumber_IsTheOrganisation()
    {
        var text = "Rents\n\nThe Riverside Tenants Union, which represents about 4,000 households, said in a statement that the plan "
            + "\"puts landlords first and families last.\"";
        Assert.Equal("Riverside Tenants Union", Single(text, "puts landlords first").Speaker);
    }

    [Fact]
    public void Extract_ParticipleAfterIssuedStatement_IsTheIssuer()
    {
        var text = "Bill\n\nHollis Brandt, the chairman of the Rural Caucus, a bloc of about 30 members, issued a statement calling the bill "
            + "\"a gift to the wrong people.\"";
        Assert.Equal("Hollis Brandt", Single(text, "a gift to the wrong").Speaker);
    }

    [Fact]
    public void Extract_ParticipleAfterIssuedStatementByBody_IsTheBody()
    {
        var text = "Memo\n\nThe Heartland Farm Fund issued a short statement calling the memo \"wishful thinking from the city.\"";
        Assert.Equal("Heartland Farm Fund", Single(text, "wishful thinking").Speaker);
    }

    [Fact]
    public void Extract_ParticipleAfterIssuedStatementBehindTimePhrase_IsTheSentencesPerson()
    {
        var text = "Bill\n\nWithin an hour of the vote, Representative Hollis Brandt issued a statement calling the bill "
            + "\"a gift to the wrong people.\"";
        Assert.Equal("Hollis Brandt", Single(text, "a gift to the wrong").Speaker);
    }

    [Fact]
    public void Extract_ConferenceCallIsNoCue_TheToldFrameGivesTheName()
    {
        var text = "Fjords\n\nIn Oslo, a spokesman for the ministry, Henrik Dahl, told reporters on a conference call that the deal was "
            + "\"a good day for the fjords.\"";
        Assert.Equal("Henrik Dahl", Single(text, "a good day for").Speaker);
    }

    [Fact]
    public void Extract_SaidContinuedAdjective_IsTheSaidSubject()
    {
        var text = "Aid\n\nSecretary of State Laurence Vane met the envoy on Friday.\n\n"
            + "Vane said continued U.S. security cooperation with Ruritania depended on \"the preservation of democratic order.\"";
        Assert.Equal("Laurence Vane", Single(text, "the preservation of").Speaker);
    }

    [Fact]
    public void Extract_PossessiveOpenerWithNamedApposition_IsTheNameNotHer()
    {
        var text = "Coalition\n\nGiulia Ferraro won the election on Sunday.\n\n"
            + "Her running mate, Tomas Reyes, whose party lost ground, congratulated her in a short post on social media and promised that his party "
            + "would be \"a loyal partner in government.\"";
        Assert.Equal("Tomas Reyes", Single(text, "a loyal partner").Speaker);
    }

    [Fact]
    public void Extract_WordsOnASign_StayUnattributed()
    {
        // Guard: "the words" is a noun cue on purpose (signs have no speaker), not a verb-or-noun word after an article.
        var text = "Fuel\n\nTaxi drivers filled the square. Some carried cans painted with the words \"Empty tank, empty plate.\"";
        Assert.Null(Single(text, "Empty tank").Speaker);
    }

    [Fact]
    public void Extract_CitedReportParticiple_IsNotTheCiter()
    {
        // Guard: "cited a report saying" is not an issuing verb; the report speaks, not the person citing it.
        var text = "Crime\n\nGreta Moss cited a report saying crime was \"up sharply in every ward.\"";
        Assert.NotEqual("Greta Moss", Single(text, "up sharply").Speaker);
    }

    [Fact]
    public void Extract_OpenerWithWidowApposition_StaysTheOpener()
    {
        // Guard: session 17's apposition owner still holds when no comma stands before the inner name.
        var text = "Ruling\n\nMira Castell, the widow of former senator Paul Castell, said the ruling was \"a long time coming.\"";
        Assert.Equal("Mira Castell", Single(text, "a long time coming").Speaker);
    }

    [Fact]
    public void Extract_NameOfPlaceWithCommaRelativeClauseOpeningParagraph_IsThatName()
    {
        // A relative clause with an aside inside, stepped over back to a "Name of Place" subject at the paragraph's very
        // start: the look-back must stop at the first token (this shape threw IndexOutOfRangeException once).
        var text = "Harlow\n\nThe town voted on Sunday.\n\n"
            + "Edwina Dunn of Harlow, who is, by all accounts, the most popular mayor in the county, said the plan was \"a bridge too far for a small town.\"";
        Assert.Equal("Edwina Dunn", Single(text, "a bridge too far").Speaker);
    }

    [Fact]
    public void Extract_StatementPostedOnlineIsNoCue_TheSaidFrameGivesTheBody()
    {
        var text = "Coup\n\nSoldiers held the capital on Thursday.\n\n"
            + "Ortega's party, the Civic Renewal Party, said in a statement posted online that the president was \"in good health and in good spirits.\"";
        Assert.Equal("Civic Renewal Party", Single(text, "in good health").Speaker);
    }
}
