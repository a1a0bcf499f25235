using QuoteBot.Extraction;
using static QuoteBot.Extraction.Tests.PlainTextExtraction;

namespace QuoteBot.Extraction.Tests;

/// <summary>
/// Issue 12, session 18 (s18-world): general knowledge of how world political news refers to people and bodies, not
/// rules read off any article's misses: words that describe a person without naming one (demonyms, party members, seat
/// letters, Irish offices), broad job words standing for particular titles, seats, peers, clergy and world honorifics
/// before a name, and outlets named with the kind of outlet they are. Each text is invented; each assertion failed
/// before the change it covers, except those marked as guards.
/// </summary>
public sealed class Session18WorldTests
{
    [Theory]
    [InlineData("Ingrid Berg, the Swede, crossed the line first.", "the Swede said", "Ingrid Berg")]
    [InlineData("Tomas Kral, the Czech, crossed the line first.", "the Czech said", "Tomas Kral")]
    [InlineData("Pierre Lemaire, the Frenchman, won the stage.", "the Frenchman said", "Pierre Lemaire")]
    [InlineData("Siobhan Walsh, the Dubliner, topped the poll.", "the Dubliner said", "Siobhan Walsh")]
    [InlineData("Wade Colter, the Texas governor, signed the bill.", "the Texan said", "Wade Colter")]
    [InlineData("Hamish Baird, who chairs the committee, questioned the minister.", "the 58-year-old Scot said", "Hamish Baird")]
    [InlineData("Graham Tulley, the Conservative MP for Wexcombe, voted against the bill.", "the Tory said", "Graham Tulley")]
    [InlineData("Zara Ahmed, the Liberal Democrat health spokeswoman, criticised the plan.", "the Lib Dem said", "Zara Ahmed")]
    [InlineData("Seán Ó Briain TD raised the issue in the chamber.", "the TD said", "Seán Ó Briain")]
    [InlineData("The Taoiseach, Maeve Cullinane, spoke in the Dáil on Tuesday.", "the Taoiseach said", "Maeve Cullinane")]
    [InlineData("Lucia Ferrante, an Italian MEP, led the delegation to the hearing.", "the MEP said", "Lucia Ferrante")]
    public void Extract_PersonDescribedNotNamed_IsThePersonIntroduced(string intro, string frame, string speaker)
    {
        var text = "Story\n\n" + intro + "\n\n\"It was the hardest week of my working life by far,\" " + frame + ".";
        Assert.Equal(speaker, Single(text, "It was the hardest").Speaker);
    }

    [Fact]
    public void Extract_DescriptorWordAsAGivenName_StaysAName()
    {
        // Guard: only after "the" is a descriptor a role; "Dane" is also a given name.
        var text = "Story\n\nDane Whitaker chairs the harbour board.\n\n\"We will publish every invoice,\" Dane said.";
        Assert.Equal("Dane Whitaker", Single(text, "We will publish").Speaker);
    }

    [Theory]
    [InlineData("Sen. Grace Mutua opposed the bill on Tuesday. Kofi Brandt, a farmer from the district, also spoke.", "the legislator said", "Grace Mutua")]
    [InlineData("Fianna Fáil TD Aidan Foley called for the minister to resign. Mary Burke, a nurse, joined the protest.", "the deputy said", "Aidan Foley")]
    [InlineData("Det Supt Ruth Calloway led the inquiry with Dr Ian Moss.", "the detective said", "Ruth Calloway")]
    public void Extract_BroadJobWord_IsTheHolderOfTheParticularTitle(string intro, string frame, string speaker)
    {
        var text = "Story\n\n" + intro + "\n\n\"The figures speak for themselves this time,\" " + frame + ".";
        Assert.Equal(speaker, Single(text, "The figures speak").Speaker);
    }

    [Fact]
    public void Extract_BroadJobWordAfterAnUnnamedOne_IsNobody()
    {
        // Guard: "a senior diplomat … the diplomat said" is the unnamed diplomat, not the envoy named earlier.
        var text = "Story\n\nThe UN envoy for the region, Hakon Lindqvist, said the talks would go on.\n\n"
            + "A senior European diplomat involved in the talks said money was the sticking point. "
            + "\"Everyone wants the monitors. Nobody wants the invoice,\" the diplomat said.";
        Assert.Null(Single(text, "Everyone wants").Speaker);
    }

    [Theory]
    [InlineData("said MK Yael Ben-Ami.", "Yael Ben-Ami")]
    [InlineData("said Labour MLA Moira Kane.", "Moira Kane")]
    [InlineData("said Labour MSP Ross Kinnaird.", "Ross Kinnaird")]
    [InlineData("said DCI Ruth Calloway.", "Ruth Calloway")]
    [InlineData("said Baroness Hartwell.", "Hartwell")]
    [InlineData("said Sheikha Maryam Al-Qasimi.", "Maryam Al-Qasimi")]
    public void Extract_SeatPeerOrHonorificBeforeTheName_IsNoPartOfIt(string frame, string speaker)
    {
        var text = "Story\n\n\"We will not be lectured on this by anyone,\" " + frame;
        Assert.Equal(speaker, Single(text, "We will not be lectured").Speaker);
    }

    [Theory]
    [InlineData("Yonhap news agency reported.", "Yonhap")]
    [InlineData("the pro-government Sabah newspaper wrote.", "Sabah")]
    [InlineData("Human Rights Watch said.", "Human Rights Watch")]
    public void Extract_OutletOrBodyNamedWithItsKind_IsTheOrganisation(string frame, string speaker)
    {
        var text = "Story\n\n\"The talks lasted more than four hours in total,\" " + frame;
        Assert.Equal(speaker, Single(text, "The talks lasted").Speaker);
    }

    [Theory]
    [InlineData("Ross Kinnaird, the Labour MSP, raised the closure at Holyrood.", "the Labour MSP said", "Ross Kinnaird")]
    [InlineData("Mara Pell spoke at the rally on Saturday.", "the veteran campaigner said", "Mara Pell")]
    [InlineData("Hans Vogel gave evidence to the committee on Tuesday.", "the central banker said", "Hans Vogel")]
    [InlineData("Bettina Wolff, the Greens' candidate for chancellor, toured the flood zone.", "the Green politician said", "Bettina Wolff")]
    public void Extract_PersonNounWithModifiersAfterThe_IsThePersonIntroduced(string intro, string frame, string speaker)
    {
        var text = "Story\n\n" + intro + "\n\n\"We are not going anywhere, not now and not ever,\" " + frame + ".";
        Assert.Equal(speaker, Single(text, "We are not going").Speaker);
    }

    [Fact]
    public void Extract_PersonNounAfterAnUnnamedOne_IsNobody()
    {
        // Guard: "a local politician … the politician said" is the unnamed one, not the rally's named speaker.
        var text = "Story\n\nMara Pell spoke at the rally on Saturday. A local politician also addressed the crowd.\n\n"
            + "\"We are not going anywhere, not now and not ever,\" the politician said.";
        Assert.Null(Single(text, "We are not going").Speaker);
    }

    [Theory]
    [InlineData("said SNP MP Ross Kinnaird.", "Ross Kinnaird")]
    [InlineData("said DUP MLA Sam Wilson.", "Sam Wilson")]
    public void Extract_PartyLettersBeforeATitle_AreNoBody(string frame, string speaker)
    {
        var text = "Story\n\n\"Northern towns are being left behind again,\" " + frame;
        Assert.Equal(speaker, Single(text, "Northern towns").Speaker);
    }

    [Theory]
    [InlineData("The return hubs were proposed by the European Commission in March.", "the Commission said", "European Commission")]
    [InlineData("Harbour Regional Council voted to close the depot.", "the Council said", "Harbour Regional Council")]
    [InlineData("Ngozi Eze, the Director-General of the agency, presented the report.", "the Director-General said", "Ngozi Eze")]
    public void Extract_CapitalizedBodyNounOrHyphenatedOffice_IsWhoWasNamedWithIt(string intro, string frame, string speaker)
    {
        var text = "Story\n\n" + intro + "\n\n\"The plan is the missing piece and always was,\" " + frame + ".";
        Assert.Equal(speaker, Single(text, "The plan is").Speaker);
    }

    [Fact]
    public void Extract_NameOpeningWithTheGlottalStop_IsCapitalized()
    {
        // Tongan, Hawaiian and Samoan names may open with the ʻokina (U+02BB), a letter before the capital.
        var text = "Story\n\n\"The kingdom will not be rushed into this,\" said \u02BBAkilisi P\u014Dhiva.";
        Assert.Equal("\u02BBAkilisi P\u014Dhiva", Single(text, "The kingdom").Speaker);
    }
}
