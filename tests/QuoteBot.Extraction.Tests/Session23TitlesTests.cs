using QuoteBot.Extraction;
using static QuoteBot.Extraction.Tests.PlainTextExtraction;

namespace QuoteBot.Extraction.Tests;

/// <summary>
/// Issue 12, session 23 (s23-titles): office titles with an "of"/"for"/"to"/"at" complement around a name. The
/// complement ("for Housing", "of State for Planning", "of the Central Bank") belongs to the title, never to the name:
/// "Minister for Housing Dana Holt said", "said Minister of State for Planning Aoife Kerr", "Governor of the Central
/// Bank Ruth Marsh: "…"". Guards: bodies with "of"/"for" stay bodies, a title with no holder names nobody, and the
/// apposition frames keep their speakers. Invented names and texts.
/// </summary>
public sealed class Session23TitlesTests
{
    [Fact]
    public void Extract_TheMinisterForXNameSaid_NameWithoutComplement()
    {
        var text = "Homes\n\nThe Minister for Housing Dana Holt said the scheme would \"put a roof over every family on the list by spring.\"";
        Assert.Equal("Dana Holt", Single(text, "put a roof over every family").Speaker);
    }

    [Fact]
    public void Extract_SaidMinisterOfStateForXName_FindsTheHolder()
    {
        var text = "Planning\n\n\"We are not going to be lectured by the opposition on zoning,\" said Minister of State for Planning Aoife Kerr.";
        Assert.Equal("Aoife Kerr", Single(text, "We are not going to be lectured").Speaker);
    }

    [Fact]
    public void Extract_SecretaryOfStateForTwoWordPlaceNameSaid_NameWithoutComplement()
    {
        var text = "Talks\n\nSecretary of State for Northern Ireland Ruth Brannock said: \"The parties are closer than they have been in a decade.\"";
        Assert.Equal("Ruth Brannock", Single(text, "The parties are closer").Speaker);
    }

    [Fact]
    public void Extract_GovernorOfTheCentralBankNameTold_NameWithoutComplement()
    {
        var text = "Rates\n\nGovernor of the Central Bank Oskar Lindqvist told reporters that \"inflation will fall back below target by the autumn.\"";
        Assert.Equal("Oskar Lindqvist", Single(text, "inflation will fall back").Speaker);
    }

    [Fact]
    public void Extract_MinisterOfXAndYNameAdded_NameWithoutComplement()
    {
        var text = "Exports\n\n\"Every port on the coast will feel the difference within a year,\" Minister of Trade and Industry Sunita Rao added.";
        Assert.Equal("Sunita Rao", Single(text, "Every port on the coast").Speaker);
    }

    [Fact]
    public void Extract_HeadColonTitleWithComplementName_IsTheHolder()
    {
        var text = "Clinics\n\nDeputy Minister for Health Colm Geraghty: \"No clinic in the county will close while I hold this office.\"";
        Assert.Equal("Colm Geraghty", Single(text, "No clinic in the county").Speaker);
    }

    [Fact]
    public void Extract_ChiefMinisterOfPlaceUnlistedGivenName_LastTwoWordsAreTheName()
    {
        var text = "Floods\n\nChief Minister of Sabah Mairead Kessler said: \"The relief boats will reach every village before nightfall.\"";
        Assert.Equal("Mairead Kessler", Single(text, "The relief boats will reach").Speaker);
    }

    [Fact]
    public void Extract_TheMinisterForXSaidAfterHolderIntroduced_IsTheHolder()
    {
        var text = "Homes\n\nMinister for Housing Dana Holt visited the estate on Monday.\n\n"
            + "\"Every family on the list will have a key by spring,\" the Minister for Housing said.";
        Assert.Equal("Dana Holt", Single(text, "Every family on the list").Speaker);
    }

    [Fact]
    public void Extract_MinisterOfStateAtTheDepartmentOfXName_IsNoBody()
    {
        var text = "Wards\n\nMinister of State at the Department of Health Ingrid Solberg said: \"Two new wards will open in the spring.\"";
        Assert.Equal("Ingrid Solberg", Single(text, "Two new wards will open").Speaker);
    }

    [Fact]
    public void Extract_PresidentOfTheEuropeanCommissionName_NationalityWordIsPartOfTheTitle()
    {
        var text = "Tariffs\n\n\"We will answer every tariff with one of our own,\" said President of the European Commission Ingrid Solberg.";
        Assert.Equal("Ingrid Solberg", Single(text, "We will answer every tariff").Speaker);
    }

    [Fact]
    public void Extract_TheSecretaryOfStateForXSaidAfterHolderIntroduced_IsTheHolder()
    {
        var text = "Wards\n\nSecretary of State for Health Ruth Brannock visited the hospital on Monday.\n\n"
            + "\"Every ward in the county will be open again by the spring,\" the Secretary of State for Health said.";
        Assert.Equal("Ruth Brannock", Single(text, "Every ward in the county").Speaker);
    }

    [Fact]
    public void Extract_MinisterForForeignAffairsName_NameWithoutComplement()
    {
        var text = "Talks\n\nMinister for Foreign Affairs Oskar Lindqvist said: \"The embassy will reopen as soon as it is safe.\"";
        Assert.Equal("Oskar Lindqvist", Single(text, "The embassy will reopen").Speaker);
    }

    // Guards: what must not change.

    [Fact]
    public void Extract_DepartmentForEducationSaid_StaysABody()
    {
        var text = "Schools\n\nThe Department for Education said it would \"review the funding formula before the next school year.\"";
        var q = Single(text, "review the funding formula");
        Assert.NotNull(q.Speaker);
        Assert.Contains("Department for Education", q.Speaker);
    }

    [Fact]
    public void Extract_TitleWithNoHolder_NamesNobody()
    {
        var text = "Homes\n\nThe Minister for Housing said the scheme would \"put a roof over every family on the list by spring.\"";
        var q = Single(text, "put a roof over every family");
        Assert.DoesNotContain("Housing", q.Speaker ?? string.Empty);
    }

    [Fact]
    public void Extract_NameCommaTheTitleComma_KeepsTheName()
    {
        var text = "Talks\n\nRuth Brannock, the Secretary of State for Northern Ireland, said: \"The parties are closer than they have been in a decade.\"";
        Assert.Equal("Ruth Brannock", Single(text, "The parties are closer").Speaker);
    }

    [Fact]
    public void Extract_ChairOfACommitteeSaidWithNoName_IsNoPersonNamedFromTheComplement()
    {
        var text = "Audit\n\nThe Chair of the Public Accounts Committee said the report was \"a damning account of waste at every level.\"";
        var q = Single(text, "a damning account of waste");
        Assert.NotEqual("Accounts Committee", q.Speaker);
    }
}
