using static QuoteBot.Extraction.Tests.PlainTextExtraction;

namespace QuoteBot.Extraction.Tests;

/// <summary>
/// Issue 12, session 23 (s23-roles): a described person speaks. A name right after a dateline's dash is the lede's
/// subject, so "the former Kansas governor told …" and "the Minnesota Democrat said …" find that person; a position
/// with a modifier ("the Rovers manager", "the Labour MP", "the veteran lawmaker") that nobody was given is the one
/// person the paragraph before is about; "the state's top Democrat" is a party descriptor; a lede's "the Kansas
/// Republican said" is the one Kansas Republican named in the next two paragraphs. Guards keep unnamed people, bodies
/// and descriptions that fit two people without a name. Invented names and texts.
/// </summary>
public sealed class Session23RolesTests
{
    [Fact]
    public void Extract_FormerGovernorToldAfterADatelineLede_IsThePersonNamedAfterTheDash()
    {
        var text = "On the trail\n\nMILLBROOK, Iowa — Dora Vantreese climbed onto a hay wagon outside the co-op on Saturday and waved off the microphone.\n\n"
            + "\"I will not promise you a miracle in Washington,\" the former Kansas governor told about 200 people.";
        Assert.Equal("Dora Vantreese", Single(text, "I will not promise you").Speaker);
    }

    [Fact]
    public void Extract_PartyDescriptionAfterADatelineWithAgencyAndDoubleHyphen_IsThePersonNamedAfterTheDash()
    {
        var text = "Town hall takeaways\n\nBy Ivo Stenberg, Wire Politics\n\n"
            + "Ames, Iowa (Wire) -- Sen. Pernille Oakhurst spent an hour on a stage in Ames on Tuesday fielding questions about farm debt.\n\n"
            + "\"I am not running to be the loudest voice in the room,\" the Vermont Democrat said near the end of the event, moderated by anchor Dale Fenn.";
        Assert.Equal("Pernille Oakhurst", Single(text, "I am not running").Speaker);
    }

    [Fact]
    public void Extract_QuoteAfterADatelineWithNoNameAfterTheDash_StaysWithoutASpeaker()
    {
        // Guard: the dateline alone names nobody.
        var text = "Pool vote\n\nPELL HARBOR, Maine — The council voted 5-2 on Tuesday to close the town pool for the summer.\n\n"
            + "\"It is a sad day for the kids,\" the former mayor said.";
        Assert.Null(Single(text, "It is a sad day").Speaker);
    }

    [Fact]
    public void Extract_TeamManagerSaidWithTheManagerNamedWithoutTheRole_IsThatPerson()
    {
        var text = "Cup report\n\nColm Ferriter said he had never been prouder of a Dunleary Rovers side.\n\n"
            + "\"I have been in this game thirty years,\" Ferriter said.\n\n"
            + "The Rovers manager said the second yellow card was \"as soft as they come.\"";
        Assert.Equal("Colm Ferriter", Single(text, "as soft as they come").Speaker);
    }

    [Fact]
    public void Extract_TeamManagerOpeningAParticipleFrame_IsThePersonNotTheTeam()
    {
        // "Rovers" alone must not be read as the speaker, and the other club's boss does not fit "the Rovers manager".
        var text = "Cup report\n\nColm Ferriter said he had never been prouder of a Dunleary Rovers side.\n\n"
            + "\"I have been in this game thirty years,\" Ferriter said.\n\n"
            + "The Rovers manager criticised the sending-off, calling the second yellow card \"as soft as they come.\"\n\n"
            + "Harbour boss Niall Tobin refused to blame his goalkeeper.";
        Assert.Equal("Colm Ferriter", Single(text, "as soft as they come").Speaker);
    }

    [Fact]
    public void Extract_PartyMpSaidWithTheMpNamedWithoutTheTitle_IsThatPerson()
    {
        var text = "Rail fares\n\nHarriet Vosgrove has spent the week touring stations in Leeds.\n\n"
            + "\"We will hold the line on fares,\" the Labour MP said.";
        Assert.Equal("Harriet Vosgrove", Single(text, "We will hold the line").Speaker);
    }

    [Fact]
    public void Extract_VeteranLawmakerSaid_IsThePersonThePreviousParagraphIsAbout()
    {
        var text = "Budget\n\nDana Pellworth spent the week in Topeka meeting county clerks.\n\n"
            + "\"We will not sign a blank check,\" the veteran lawmaker said.";
        Assert.Equal("Dana Pellworth", Single(text, "We will not sign").Speaker);
    }

    [Fact]
    public void Extract_VeteranLawmakerSaidAfterTwoNamedSubjects_StaysWithoutASpeaker()
    {
        // Guard: the description fits either of two people.
        var text = "Budget\n\nDana Pellworth spent the week in Topeka. Corin Maddox spent it in Wichita.\n\n"
            + "\"We will not sign a blank check,\" the veteran lawmaker said.";
        Assert.Null(Single(text, "We will not sign").Speaker);
    }

    [Fact]
    public void Extract_ASeniorDemocratSaid_StaysWithoutASpeaker()
    {
        // Guard: an unnamed person.
        var text = "Budget\n\nSen. Dana Pellworth spent the week in Topeka meeting county clerks.\n\n"
            + "\"We will not sign a blank check,\" a senior Democrat said.";
        Assert.Null(Single(text, "We will not sign").Speaker);
    }

    [Fact]
    public void Extract_PrimeMinistersOfficeSaid_IsNotThePrimeMinister()
    {
        // Guard: a body, not the office-holder.
        var text = "Election\n\nPrime Minister Ada Larkholm called the vote on Monday. Mrs Larkholm has led the party since 2019.\n\n"
            + "\"We expect to win,\" the prime minister's office said.";
        Assert.NotEqual("Ada Larkholm", Single(text, "We expect to win").Speaker);
    }

    [Fact]
    public void Extract_StatesTopDemocratSays_IsTheLeaderNamedBefore()
    {
        var text = "Budget\n\nSenate Minority Leader Tomas Reyburn has spent the week in Topeka.\n\n"
            + "The state's top Democrat says his party will not \"sign a blank check for the governor.\"";
        Assert.Equal("Tomas Reyburn", Single(text, "sign a blank check").Speaker);
    }

    [Fact]
    public void Extract_LedeKansasRepublicanSaid_IsTheKansasRepublicanNamedNext()
    {
        var text = "Farm bill\n\nThe Kansas Republican said the plan was \"dead on arrival\" on Monday.\n\n"
            + "Rep. Carl Westmark, R-Kan., has opposed the bill since March.";
        Assert.Equal("Carl Westmark", Single(text, "dead on arrival").Speaker);
    }

    [Fact]
    public void Extract_LedeKansasRepublicanSaidWithTwoNamedNext_StaysWithoutASpeaker()
    {
        // Guard: two Kansas Republicans fit.
        var text = "Farm bill\n\nThe Kansas Republican said the plan was \"dead on arrival\" on Monday.\n\n"
            + "Rep. Carl Westmark, R-Kan., has opposed the bill since March. Rep. Ann Blyford, R-Kan., agreed.";
        Assert.Null(Single(text, "dead on arrival").Speaker);
    }

    [Fact]
    public void Extract_LedeKansasRepublicanSaidWithOnlyADemocratNamedNext_StaysWithoutASpeaker()
    {
        // Guard: the person named next is of the other party.
        var text = "Farm bill\n\nThe Kansas Republican said the plan was \"dead on arrival\" on Monday.\n\n"
            + "Rep. Carl Westmark, D-Kan., has opposed the bill since March.";
        Assert.Null(Single(text, "dead on arrival").Speaker);
    }

    [Fact]
    public void Extract_FarRightLeaderAccusedHerOpponent_IsTheOneWomanNamedBefore()
    {
        // Neither rival is a sentence subject; "her" leaves only one person who fits.
        var text = "Final debate\n\nLyon (Wire) - Presidential rivals Pierre Lasalle and Marie Dunmoor clashed in a televised debate on Wednesday night.\n\n"
            + "In two hours of chaotic exchanges, the far-right leader accused her opponent of being \"the candidate of the banks\".";
        Assert.Equal("Marie Dunmoor", Single(text, "the candidate of the banks").Speaker);
    }

    [Fact]
    public void Extract_DescriptionWithTheirAfterTheCueAndTwoRivals_StaysWithoutASpeaker()
    {
        // Guard: no pronoun tells which of the two rivals the description is.
        var text = "Final debate\n\nLyon (Wire) - Presidential rivals Pierre Lasalle and Marie Dunmoor clashed in a televised debate on Wednesday night.\n\n"
            + "In two hours of chaotic exchanges, the far-right leader accused the other side of being \"the candidate of the banks\".";
        Assert.Null(Single(text, "the candidate of the banks").Speaker);
    }

    [Fact]
    public void Extract_FormerForeignSecretaryOpeningTheSentenceAndAccusedHisRival_IsTheManNamedBefore()
    {
        var text = "Hustings\n\nJulian Marwood and Harriet Oakley traded blows in the leadership contest last night at a hustings in Exeter.\n\n"
            + "The former foreign secretary, who is the favourite among members, repeated his promise to leave by October and accused his rival of having \"already given up\".";
        Assert.Equal("Julian Marwood", Single(text, "already given up").Speaker);
    }

    [Fact]
    public void Extract_SenatesTopDemocratSaysInALede_IsTheSenateLeaderNamedNext()
    {
        var text = "The latest\n\n7:45 p.m.\n\nThe Senate's top Democrat says his party will not \"negotiate with a gun to our heads\" over the wall.\n\n"
            + "Senate Minority Leader Vernon Ashdale of Delaware told reporters that his party had offered a three-week bill.";
        Assert.Equal("Vernon Ashdale", Single(text, "negotiate with a gun").Speaker);
    }

    [Fact]
    public void Extract_SenatesTopDemocratSaysWithOnlyAHouseLeaderNamedNext_StaysWithoutASpeaker()
    {
        // Guard: the person named next carries another body's title.
        var text = "The latest\n\n7:45 p.m.\n\nThe Senate's top Democrat says his party will not \"negotiate with a gun to our heads\" over the wall.\n\n"
            + "House Minority Leader Vernon Ashdale of Delaware told reporters that his party had offered a three-week bill.";
        Assert.Null(Single(text, "negotiate with a gun").Speaker);
    }
}
