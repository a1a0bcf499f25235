using QuoteBot.Extraction;
using static QuoteBot.Extraction.Tests.PlainTextExtraction;

namespace QuoteBot.Extraction.Tests;

/// <summary>
/// Issue 12, session 9: the speaker errors left known after session 8 (a committee credited instead of its member, a
/// posted notice, the royal household, a company named before its founder, a role before an unlisted given name) and
/// documents that speak for whoever issued them ("the statement said"), each shown with a small original text.
/// </summary>
public sealed class Session9PatternTests
{
    [Theory]
    [InlineData("Rep. Curtis Vale, R-Tex., the chairman of the Transportation and Infrastructure Committee, who opposed the bill, called the rule \"a wish list dressed up as safety.\"", "a wish list", "Curtis Vale")]
    [InlineData("Rep. Mona Sterling, D-Vt., a member of the Harbor Safety Board, who voted against the plan, said it was \"a gift to the shipping lines.\"", "a gift to", "Mona Sterling")]
    [InlineData("Sen. Ada Quist, the ranking member on the Senate Ethics Committee, who asked for the inquiry, said the findings were \"worse than anyone feared.\"", "worse than", "Ada Quist")]
    public void Extract_BodyInsideARoleApposition_IsThePersonBeforeIt(string text, string quote, string speaker)
    {
        var q = Single(text, quote);
        Assert.Equal(speaker, q.Speaker);
        Assert.Equal(SpeakerKind.Person, q.SpeakerKind);
    }

    [Fact]
    public void Extract_BodyWithARelativeClause_StaysTheBody()
    {
        // Guard: a body that is itself the subject keeps speaking ("The Harbor Board, which …, said").
        var text = "The Harbor Safety Board, which oversees the port, said the plan was \"a gift to the shipping lines.\"";
        var q = Single(text, "a gift to");
        Assert.Equal("Harbor Safety Board", q.Speaker);
    }

    [Theory]
    [InlineData("Polls close at eight. Anyone in line can still vote, and Marrow County Elections reminded voters on its website: \"If you are in line, stay in line.\"", "If you are", "Marrow County Elections")]
    [InlineData("The count resumed at noon, and Pellham County Records reminded residents on its noticeboard: \"Offices reopen on Monday.\"", "Offices reopen", "Pellham County Records")]
    public void Extract_BodyPostingANotice_IsTheBody(string text, string quote, string speaker)
    {
        var q = Single(text, quote);
        Assert.Equal(speaker, q.Speaker);
        Assert.Equal(SpeakerKind.Organisation, q.SpeakerKind);
    }

    [Theory]
    [InlineData("The Evening Post leads on a planning row. The royal household said in a statement to the paper: \"The Princess has expressed no view on the plans.\"", "The Princess", "Royal household")]
    [InlineData("The royal household said it would review its guidance but would not say when. \"The review will be thorough,\" the household said.", "The review", "Royal household")]
    public void Extract_RoyalHousehold_IsABody(string text, string quote, string speaker)
    {
        var q = Single(text, quote);
        Assert.Equal(speaker, q.Speaker);
        Assert.Equal(SpeakerKind.Organisation, q.SpeakerKind);
    }

    [Fact]
    public void Extract_ThePalaceAfterANamedPalace_IsThatPalace()
    {
        var text = "Wrenmoor Palace said on Saturday that the prince would step down.\n\nIn a short statement, the palace said he had \"decided with regret to step aside from the charity.\"";
        var q = Single(text, "decided with");
        Assert.Equal("Wrenmoor Palace", q.Speaker);
    }

    [Fact]
    public void Extract_ASpokesmanForTheHousehold_IsNobodyNamed()
    {
        // Guard: an unnamed spokesman speaking for the household is not the household itself.
        var text = "A spokesman for the household said it would review its guidance. \"The review will be thorough,\" he said.";
        Assert.Null(Single(text, "The review").Speaker);
    }

    [Theory]
    [InlineData("The Dockers' Union said in a statement that it would lower its banner for a week. \"Every docker who goes home safe owes something to her,\" the statement said.", "Every docker", "Dockers' Union")]
    [InlineData("Kestrel Avionics said in a regulatory filing that the cuts would fall on its Westerly plant. \"These reductions align our costs with demand,\" the filing said.", "These reductions", "Kestrel Avionics")]
    [InlineData("The property developer Lionel Sackett said in a statement that he had paid every penny of tax.\n\n\"I will co-operate fully with the authorities,\" the statement said.", "I will co-operate", "Lionel Sackett")]
    public void Extract_TheDocumentSaid_IsWhoeverIssuedIt(string text, string quote, string speaker)
    {
        Assert.Equal(speaker, Single(text, quote).Speaker);
    }

    [Fact]
    public void Extract_TheCommitteeSaidInAReport_ThenTheReportSaid_IsTheCommittee()
    {
        var text = "The House Ways and Means Committee voted 24-19 on Tuesday. The committee said in a report released with the vote that one county bought police cars with the money. \"Nothing in the agreements forbids such purchases,\" the report said.";
        var q = Single(text, "Nothing in");
        Assert.Equal("House Ways and Means Committee", q.Speaker);
        Assert.Equal(SpeakerKind.Organisation, q.SpeakerKind);
    }

    [Fact]
    public void Extract_TheStatementSaid_WithNoStatementBefore_StaysUnnamed()
    {
        // Guard: a statement nobody was said to have issued is nobody's by that rule.
        var text = "Talks broke down on Friday night. \"We remain open to dialogue,\" the statement said.";
        Assert.Null(Single(text, "We remain").Speaker);
    }

    [Fact]
    public void Extract_CompanyNamedBeforeItsFounder_IsABody()
    {
        var text = "Thornley Timber has agreed to sell its sawmill to a rival. \"We had no choice,\" Thornley Timber said in a statement.\n\nThe company was founded by Martin Thornley in 1971. \"It breaks my heart,\" Thornley said.";
        var quotes = Extract(text);
        Assert.Equal("Thornley Timber", quotes[0].Speaker);
        Assert.Equal(SpeakerKind.Organisation, quotes[0].SpeakerKind);
        Assert.Equal("Martin Thornley", quotes[1].Speaker);
    }

    [Theory]
    [InlineData("Ruth Oakes said its budget was already spent. \"We are out of money,\" Oakes said.", "Ruth Oakes")]
    [InlineData("Mayor Dana Pell closed its offices for the day. \"Stay home,\" Pell said.", "Dana Pell")]
    public void Extract_PersonWithItsInTheReportedClause_StaysAPerson(string text, string speaker)
    {
        // Guards: "its" after a reporting verb belongs to the reported clause; a titled name is a person.
        Assert.Equal(speaker, Extract(text)[0].Speaker);
    }

    [Fact]
    public void Extract_ADocumentIssuedWithoutACue_ThenTheDocumentSaid_IsTheIssuer()
    {
        var text = "Marlow Dairies later filed a notice with the stock exchange, estimating the cost at 3 million. \"The company does not expect a material effect on its results,\" the filing said.";
        Assert.Equal("Marlow Dairies", Single(text, "The company does").Speaker);
    }

    [Fact]
    public void Extract_AMessagePostedBySomeone_ThenThePostSaid_IsThePoster()
    {
        var text = "Mayor Felicia Drummond said in a post on social media that the city would pay for the clean-up. The post said: \"We look after the people who keep us safe.\"";
        Assert.Equal("Felicia Drummond", Single(text, "We look after").Speaker);
    }

    [Fact]
    public void Extract_PassiveAskedAfterAQuote_IsNoTail()
    {
        var text = "Marlow Dairies said in a statement that the recall was \"a precaution taken out of an abundance of care.\" Parents were asked to return the jars for a refund.";
        var q = Single(text, "a precaution");
        Assert.Equal("Marlow Dairies", q.Speaker);
        Assert.Equal("head", q.Method);
    }

    [Fact]
    public void Extract_RoleThenBodyApposition_IsTheBody()
    {
        var text = "Sen. Dora Quill said the agency had lost control of costs.\n\nThe contractor, Halvard Signal Systems, said in a statement that the costs reflected \"a project that kept changing after we signed.\"";
        var q = Single(text, "a project that");
        Assert.Equal("Halvard Signal Systems", q.Speaker);
        Assert.Equal(SpeakerKind.Organisation, q.SpeakerKind);
    }

    [Fact]
    public void Extract_PartyTagBeforeARoleApposition_KeepsThePersonAsSubject()
    {
        // "Sen. Renata Obi, D-Ga., a member of …, who …, said she would …": she is the subject, so the pronoun after is hers.
        var text = "Sen. Renata Obi, D-Ga., a member of the Appropriations Committee, who also sits on the Commerce panel, said she would seek to cut the agency's budget. \"Money talks,\" she said.";
        Assert.Equal("Renata Obi", Single(text, "Money talks").Speaker);
    }

    [Fact]
    public void Extract_PressedAfterAQuote_IsATail()
    {
        var text = "Sen. Wade Kessling asked the administrator whether anyone had been disciplined. \"Two managers have left,\" Administrator Ivo Brandt replied.\n\n\"Left, or were asked to leave?\" Kessling pressed.";
        Assert.Equal("Wade Kessling", Single(text, "Left, or").Speaker);
    }

    [Theory]
    [InlineData("County Administrator Lewis Ogden said the board would meet. \"We will meet on Friday,\" Ogden said.", "We will meet", "Lewis Ogden")]
    [InlineData("Fire Marshal Tadeusz Okonjo said accelerant was found. \"Somebody wanted this building to burn,\" Okonjo said.", "Somebody wanted", "Tadeusz Okonjo")]
    [InlineData("\"Nobody sails today,\" said Harbourmaster Zoltan Brisk.", "Nobody sails", "Zoltan Brisk")]
    public void Extract_RoleBeforeAnUnlistedGivenName_IsNoPartOfTheName(string text, string quote, string speaker)
    {
        Assert.Equal(speaker, Single(text, quote).Speaker);
    }

    [Fact]
    public void Extract_ThreeWordNameWithNoRole_KeepsAllThree()
    {
        // Guard: no word of "Ngozi Okonjo Iweala" reads like a job, so nothing is cut.
        Assert.Equal("Ngozi Okonjo Iweala", Single("\"We will appeal,\" said Ngozi Okonjo Iweala, the finance minister.", "We will").Speaker);
    }

    [Theory]
    [InlineData("Dam row\n\nThe Premier has defended the dam, telling a hostile crowd that it would \"drought-proof the west for fifty years.\"\n\nSpeaking outside the town hall, Premier Gus Whitely said the dam would store enough water for every irrigator.", "drought-proof", "Gus Whitely")]
    [InlineData("Budget\n\nThe Treasurer has promised relief. \"Every measure has been tested against the weekly shop,\" the Treasurer said.\n\nTreasurer Nathan Okoro spoke for an hour.", "Every measure", "Nathan Okoro")]
    public void Extract_LedeRoleNamedInTheNextParagraph_IsThatPerson(string text, string quote, string speaker)
    {
        Assert.Equal(speaker, Single(text, quote).Speaker);
    }

    [Fact]
    public void Extract_LedeRoleWithNobodyGivenIt_TakesNoOtherPerson()
    {
        // Guard: no treasurer is ever named, so the next person named (who is no treasurer) is not taken.
        var text = "Budget\n\nThe Treasurer has promised relief. \"Every measure has been tested against the weekly shop,\" the Treasurer said.\n\nOpposition leader Ruth Doyle called the plan reckless.";
        Assert.NotEqual("Ruth Doyle", Single(text, "Every measure").Speaker);
    }

    [Fact]
    public void Extract_CueAfterAModalInAReportedClause_IsTheOuterSpeakers()
    {
        var text = "Budget night\n\nOpposition leader Marguerite Doyle spoke to reporters in the gallery. She said the Coalition would announce its own housing policy \"well before the election\" but would not give a date.";
        Assert.Equal("Marguerite Doyle", Single(text, "well before").Speaker);
    }

    [Fact]
    public void Extract_QuestionAfterAnAnswer_IsTheAskersNextQuestion()
    {
        var text = "Trial\n\nUnder questioning by prosecutor Gloria Santangelo, Bethany Quill described the shredder.\n\n\"Did you ask him why?\" Santangelo asked.\n\n\"No,\" Quill said. \"You didn't ask Walter why.\"\n\n\"Did you know that the FBI was investigating?\"\n\n\"I knew there were rumors,\" Quill said.";
        var q = Single(text, "Did you know");
        Assert.Equal("Gloria Santangelo", q.Speaker);
    }

    [Fact]
    public void Extract_QuoteOnlyStatementAfterAnAnswer_StaysWithTheLastSpeaker()
    {
        // Guard: a paragraph that asks nothing goes on with the last speaker.
        var text = "Trial\n\nUnder questioning by prosecutor Gloria Santangelo, Bethany Quill described the shredder.\n\n\"Did you ask him why?\" Santangelo asked.\n\n\"No,\" Quill said. \"You didn't ask Walter why.\"\n\n\"He was not a man you questioned.\"";
        Assert.Equal("Bethany Quill", Single(text, "He was not").Speaker);
    }
}
