using QuoteBot.Extraction;
using static QuoteBot.Extraction.Tests.PlainTextExtraction;

namespace QuoteBot.Extraction.Tests;

/// <summary>
/// Issue 12, session 17 (s17-names): wrong names and names given where none is wanted, fixed through general knowledge
/// of names and English speech frames rather than any article's misses: how long names of other naming cultures are
/// shortened later, the Malay "Dato'", passive frames, hyphenated offices, unnamed plural subjects, gendered given
/// names of world news copy, and a person named inside another person's apposition. Each text is invented; each
/// assertion failed before the change it covers, except those marked as guards.
/// </summary>
public sealed class Session17NamesTests
{
    [Theory]
    [InlineData("Interior Minister Alejandro Ruiz Carvajal defended the border plan on Tuesday.", "Ruiz said.", "Alejandro Ruiz Carvajal")]
    [InlineData("Treasury chief Maria Fernanda Olmedo Quiroga said the peso would hold.", "said Olmedo.", "Maria Fernanda Olmedo Quiroga")]
    [InlineData("The opposition leader, Nurul Izzah binti Kamal, spoke outside parliament.", "Nurul Izzah said.", "Nurul Izzah binti Kamal")]
    [InlineData("Former president Mohamed Nasheed Ibrahim addressed supporters.", "Nasheed said.", "Mohamed Nasheed Ibrahim")]
    [InlineData("Luiz Carlos da Silva Mendes, the mayor, toured the flooded streets.", "said da Silva Mendes.", "Luiz Carlos da Silva Mendes")]
    public void Extract_LaterShortFormOfALongName_IsThatPerson(string intro, string frame, string speaker)
    {
        var text = "Story\n\n" + intro + "\n\n\"We acted within the law at every step,\" " + frame;
        Assert.Equal(speaker, Single(text, "We acted").Speaker);
    }

    [Fact]
    public void Extract_HeadlineRunStartingWithAName_DoesNotSwallowThePerson()
    {
        // Guard: only a run that ends a longer name, or its given names before "binti"/"bin", is a short form of it.
        var text = "Mayor Dalia Ferro Opens Budget Talks\n\n\"Nobody will lose a bus route this year,\" Dalia Ferro said on Monday.";
        Assert.Equal("Dalia Ferro", Single(text, "Nobody will").Speaker);
    }

    [Fact]
    public void Extract_DatoWithItsApostrophe_IsAnHonorific()
    {
        var inverted = "Story\n\n\"We need more teachers in every district,\" said Dato' Rahim Osman, the state education chief.";
        Assert.Equal("Rahim Osman", Single(inverted, "We need").Speaker);

        var later = "Story\n\nFormer finance minister Dato' Sri Hamzah Osman rejected the audit report.\n\n"
            + "\"The figures were audited twice,\" Hamzah said.";
        Assert.Equal("Hamzah Osman", Single(later, "The figures").Speaker);
    }

    [Theory]
    [InlineData("Mayor Tovin Rask was quoted by the Harbor Ledger as saying.", "Tovin Rask")]
    [InlineData("Finance Minister Leif Ostby was quoted as saying by state broadcaster NTV.", "Leif Ostby")]
    [InlineData("Rask has been quoted as saying.", "Rask")]
    public void Extract_QuotedAsSayingInThePassive_IsTheQuotedPerson(string frame, string speaker)
    {
        var q = Single("Story\n\n\"The bridge will reopen in June, whatever the cost,\" " + frame, "The bridge");
        Assert.Equal(speaker, q.Speaker);
    }

    [Theory]
    [InlineData("That view was echoed by economist Rana Haddad of the Levant Institute:", "Rana Haddad")]
    [InlineData("The figures were disputed by economist Jalen Prewitt:", "Jalen Prewitt")]
    public void Extract_PassiveReportingVerbWithAgent_IsTheAgent(string frame, string speaker)
    {
        var q = Single("Story\n\n" + frame + " \"Growth is stalling and the rents are rising.\"", "Growth is");
        Assert.Equal(speaker, q.Speaker);
    }

    [Theory]
    [InlineData("Story\n\n\"Controls were weak and nobody checked,\" the Auditor-General said.", null)]
    [InlineData("Story\n\nThe Secretary-General told the council: \"Controls were weak and nobody checked.\"", null)]
    [InlineData("Story\n\nThe Vice-Chancellor said: \"Controls were weak and nobody checked.\"", null)]
    [InlineData("Story\n\n\"Controls were weak and nobody checked,\" said Auditor-General Kate Lim.", "Kate Lim")]
    public void Extract_HyphenatedOffice_IsATitleNotAName(string text, string? speaker)
    {
        Assert.Equal(speaker, Single(text, "Controls were").Speaker);
    }

    [Theory]
    [InlineData("Lawyers for Marco Villa said in a court filing:", null)]
    [InlineData("Aides to Marco Villa told reporters:", null)]
    [InlineData("Friends of Marco Villa said:", null)]
    [InlineData("Senator Marco Villa, speaking for the lawyers, said:", "Marco Villa")] // guard
    public void Extract_BarePluralSubjectBeforeAName_IsAnUnnamedGroup(string frame, string? speaker)
    {
        var q = Single("Story\n\n" + frame + " \"Our client is innocent of every charge.\"", "Our client");
        Assert.Equal(speaker, q.Speaker);
    }

    [Theory]
    [InlineData("Premier Iris Vale accused Opposition Leader Dario Fenn of lying.", "she", "Iris Vale")]
    [InlineData("Opposition Leader Dario Fenn accused Premier Iris Vale of lying.", "he", "Dario Fenn")]
    [InlineData("Colm Reidy met Ciara Moss at the count centre.", "she", "Ciara Moss")]
    public void Extract_PronounAfterTwoNames_FollowsTheGivenNamesGender(string intro, string pronoun, string speaker)
    {
        var text = "Story\n\n" + intro + " \"There is no plan and there never was one,\" " + pronoun + " said.";
        Assert.Equal(speaker, Single(text, "There is no plan").Speaker);
    }

    [Theory]
    [InlineData("Mira Castell, the widow of former senator Paul Castell, said:", "Mira Castell")]
    [InlineData("Lia Vasko, a daughter of the late judge Oren Vasko, told the court:", "Lia Vasko")]
    [InlineData("The widow of former senator Paul Castell, Mira Castell, said:", "Mira Castell")] // guard
    public void Extract_PersonInsideAnotherPersonsApposition_IsNotTheSpeaker(string frame, string speaker)
    {
        var q = Single("Story\n\n" + frame + " \"He would have hated every line of this bill.\"", "He would");
        Assert.Equal(speaker, q.Speaker);
    }

    [Fact]
    public void Extract_SurnameWithTwoParticlesAfterTheQuote_IsThePerson()
    {
        var text = "Story\n\nCommission President Ursula von der Leyen spoke in Strasbourg.\n\n"
            + "\"We will not be intimidated by anyone,\" von der Leyen said.";
        Assert.Equal("Ursula von der Leyen", Single(text, "We will not").Speaker);
    }
}
