using QuoteBot.Extraction;
using static QuoteBot.Extraction.Tests.PlainTextExtraction;

namespace QuoteBot.Extraction.Tests;

/// <summary>
/// Issue 12, session 8: the speaker errors left known after session 7 (coordinated verbs after an outlet, negated
/// cues, capitalized roles joining a name, a family firm taken for a person), each shown with a small original text.
/// </summary>
public sealed class Session8PatternTests
{
    [Theory]
    [InlineData("The Valley Courier endorses Mona Fairley, and warns that the district \"cannot afford another four years of drift.\"", "cannot afford", "Valley Courier")]
    [InlineData("The Weekly Argus backs Sen. Dora Pell but warns that the deficit \"cannot be wished away.\"", "cannot be wished", "Weekly Argus")]
    [InlineData("The Morning Clarion says the talks are stalling and warns that voters \"will punish whoever blinks first.\"", "will punish", "Morning Clarion")]
    public void Extract_CoordinatedVerbAfterAnOutlet_IsTheOutlet(string text, string quote, string speaker)
    {
        var q = Single(text, quote);
        Assert.Equal(speaker, q.Speaker);
        Assert.Equal(SpeakerKind.Organisation, q.SpeakerKind);
    }

    [Fact]
    public void Extract_OneWordOutletOpeningTheSentence_IsTheOutlet()
    {
        var text = "Voters go to the polls on Thursday.\n\nThe Clarion says the talks are stalling and warns that ministers \"will pay for every week of delay.\"";
        var q = Single(text, "will pay for");
        Assert.Equal("Clarion", q.Speaker);
        Assert.Equal(SpeakerKind.Organisation, q.SpeakerKind);
    }

    [Fact]
    public void Extract_OneWordTitleOpeningTheSentence_IsNoBody()
    {
        // "The Chancellor" is a role, not a body named Chancellor.
        var text = "The Chancellor said the budget would \"balance the books by the end of the decade.\"";
        Assert.NotEqual("Chancellor", Single(text, "balance the books").Speaker);
    }

    [Fact]
    public void Extract_PersonThenCoordinatedVerb_StaysThePerson()
    {
        var text = "Minister Edda Varn met the unions on Monday. She declined to name a date but insisted that the offer was \"final in every respect.\"";
        Assert.Equal("Edda Varn", Single(text, "final in every").Speaker);
    }

    [Theory]
    [InlineData("A spokeswoman for Governor Ian Wexley said he would not respond to \"rumours from the back benches.\"", "rumours from")]
    [InlineData("Councillor Dina Orme was asked about the leak. Orme declined to comment on \"what may or may not have been said in a private meeting.\"", "what may or")]
    [InlineData("Coach Terry Blaine didn't answer \"questions about a player who is not in my squad,\" the club said later.", "questions about")]
    public void Extract_NegatedCue_IsNotTheSubjectsWords(string text, string quote)
    {
        var q = Single(text, quote);
        Assert.DoesNotContain("Wexley", q.Speaker ?? string.Empty, StringComparison.Ordinal);
        Assert.DoesNotContain("Orme", q.Speaker ?? string.Empty, StringComparison.Ordinal);
        Assert.DoesNotContain("Blaine", q.Speaker ?? string.Empty, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Critics led by Sen. Arturo Bellamy have attacked the sale. Mayor Ruth Oakes would not respond to Bellamy's claim that she had \"sold the waterfront twice,\" telling reporters she had work to do.", "sold the waterfront", "Arturo Bellamy")]
    [InlineData("Rep. Nadia Holm has led the attacks. Speaker Paul Dorrance dismissed Holm's charge that the vote was \"rigged from the first day\" as theatre.", "rigged from", "Nadia Holm")]
    public void Extract_ClaimOfAnotherPerson_IsThatPersonsWords(string text, string quote, string speaker)
    {
        Assert.Equal(speaker, Single(text, quote).Speaker);
    }

    [Fact]
    public void Extract_QuoteBeforeANegatedCueInTheNextSentence_IsNoTail()
    {
        var text = "Sen. Arturo Bellamy spoke first. \"The port is being sold off,\" he said. He called the deal \"a giveaway to developers.\" Mayor Ruth Oakes would not respond to that.";
        Assert.Equal("Arturo Bellamy", Single(text, "a giveaway").Speaker);
    }

    [Theory]
    [InlineData("Registrar Helen Marsh said the count was on time. \"We have never missed a deadline,\" Marsh said.", "We have never", "Helen Marsh")]
    [InlineData("Coroner Bridget Hall opened the inquest. Hall said the hearing \"will take at least a week.\"", "will take at least", "Bridget Hall")]
    [InlineData("Harbourmaster Colin Reese, who has run the port for a decade, said the channel was open. \"Ships can move again,\" Reese said.", "Ships can move", "Colin Reese")]
    public void Extract_CapitalizedRoleBeforeAGivenName_IsNoPartOfTheName(string text, string quote, string speaker)
    {
        Assert.Equal(speaker, Single(text, quote).Speaker);
    }

    [Fact]
    public void Extract_CapitalizedWordBeforeAnUnlistedGivenName_StaysInTheName()
    {
        // Only a given name from the lists makes the word before it a role; an unknown first name keeps its full name.
        var text = "Tamsin Okoro Lund said the count was late. \"We will finish tonight,\" she said.";
        Assert.Equal("Tamsin Okoro Lund", Single(text, "We will finish").Speaker);
    }

    [Fact]
    public void Extract_FamilyFirmNamedAfterAPerson_IsABodyAndTheirPronounIsThePerson()
    {
        var text = "Paul Rennick, the founder of Rennick Haulage, said his drivers were ready. Rennick Haulage said in a statement that it \"will comply with the order.\" He added: \"We always have.\"";
        var firm = Single(text, "will comply");
        Assert.Equal("Rennick Haulage", firm.Speaker);
        Assert.Equal(SpeakerKind.Organisation, firm.SpeakerKind);
        Assert.Equal("Paul Rennick", Single(text, "We always have").Speaker);
    }

    [Theory]
    [InlineData("\"We are ready,\" said Commissioner of Police Daniel Ruto.", "We are ready", "Daniel Ruto")]
    [InlineData("Director of Public Works Ana Bell said the repairs would take \"most of the summer, if the weather holds.\"", "most of the summer", "Ana Bell")]
    [InlineData("Head of Research Priya Menon said the data \"speaks for itself, and loudly.\"", "speaks for itself", "Priya Menon")]
    public void Extract_RoleWithAnOfPhraseBeforeTheName_IsThePerson(string text, string quote, string speaker)
    {
        Assert.Equal(speaker, Single(text, quote).Speaker);
    }

    [Fact]
    public void Extract_RoleWordThatIsAlsoASurnameBeforeAGivenName_IsATitle()
    {
        var text = "U.S. District Judge Miriam Stone issued the order on Friday. In her ruling, Stone wrote that the county had \"no plan at all.\"";
        Assert.Equal("Miriam Stone", Single(text, "no plan at all").Speaker);
    }

    [Fact]
    public void Extract_ShortSentenceOfAPersonEndingInAColon_IsThatPersonsQuote()
    {
        var text = "Senator Gwen Hall appeared with host Ana Ruiz. Asked by Ruiz whether she would run again, Hall said: \"Not this time.\"\n\nRuiz pressed her: \"Is that a final answer?\"";
        Assert.Equal("Ana Ruiz", Single(text, "Is that a final").Speaker);
    }

    [Fact]
    public void Extract_NextSentenceCueWithAQuoteOfItsOwn_IsNoTail()
    {
        var text = "Union leader Dave Pike was at the gate.\n\nA Castellan spokeswoman, Rachel Orwell, said the firm \"regrets the timing of the news.\" Pike added that \"nobody believed a word of it.\"";
        Assert.Equal("Rachel Orwell", Single(text, "regrets the timing").Speaker);
        Assert.Equal("Dave Pike", Single(text, "nobody believed").Speaker);
    }

    [Fact]
    public void Extract_NextSentenceCueReportingItsOwnClause_IsNoTailOfAQuoteWithAHeadCue()
    {
        var text = "Martin Thorne ran the mill for thirty years.\n\nThorne Timber said in a statement that all jobs \"are protected for at least three years.\" Thorne added that the family would keep a small stake.";
        Assert.Equal("Thorne Timber", Single(text, "are protected").Speaker);
    }

    [Fact]
    public void Extract_QuoteOpeningItsParagraphThenNameSaid_KeepsTheNextSentenceSpeaker()
    {
        // No cue before the quote: the next sentence's "Lindvall said …" still names the speaker (guard).
        var text = "Manager Sofia Lindvall was pleased. \"We suffered well,\" Lindvall said.\n\n\"This club has waited a long time for a day like this.\" Lindvall said the players would have Monday off.";
        Assert.Equal("Sofia Lindvall", Single(text, "This club has").Speaker);
    }

    [Fact]
    public void Extract_OneWordOutletOpeningASentenceThenItsEditorial_IsTheOutlet()
    {
        var text = "The Argus backs the council.\n\nThe Beacon leads on the hauliers. Its editorial calls the increase \"the last straw for every small firm on the island.\"";
        var q = Single(text, "the last straw");
        Assert.Equal("Beacon", q.Speaker);
        Assert.Equal(SpeakerKind.Organisation, q.SpeakerKind);
    }

    [Fact]
    public void Extract_CommonWordSurnameOpeningASentenceBeforeAVerb_IsThePersonNamedEarlier()
    {
        var text = "Circuit Judge Helen Church issued the order. \"Cold is not a punishment,\" Church wrote.\n\n"
            + "Advocate Rosa Ferreira-Lund called the cells \"a refrigerator with bunks.\"\n\n"
            + "Church set a hearing for February 20. \"The county will report to this court in writing,\" she wrote.";
        Assert.Equal("Helen Church", Single(text, "The county will").Speaker);
    }

    [Fact]
    public void Extract_ModifierAndRoleBeforeAGivenName_AreATitle()
    {
        var text = "County Administrator Helen Ogden said the board would meet. \"We will approve the money,\" Ogden said.";
        Assert.Equal("Helen Ogden", Single(text, "We will approve").Speaker);
    }

    [Fact]
    public void Extract_OneWordUpperLabelThatIsATitle_IsThePersonWithThatSurname()
    {
        var text = "Sen. Rhona Marsh sat down with host Daniel King on Sunday.\n\nKING: \"Will you vote for the bill?\"\n\nMARSH: \"Not in its current form.\"";
        Assert.Equal("Daniel King", Single(text, "Will you vote").Speaker);
        Assert.Equal("Rhona Marsh", Single(text, "Not in its").Speaker);
    }

    [Fact]
    public void Extract_PluralPossessiveInABodysName_IsNoPerson()
    {
        var text = "The deal still needs two parliaments. Their votes are due in January.\n\n"
            + "Kestrel Farmers' Union backed the deal, and its leader said the vote was close. \"We are pleased,\" she said.";
        Assert.NotEqual("Kestrel Farmers", Single(text, "We are pleased").Speaker);
    }

    [Fact]
    public void Extract_CommonWordSurnameAfterAnIntroClause_KeepsThePronoun()
    {
        // Guard: a body with a plural possessive between the minister and her pronoun takes nothing from her.
        var text = "Trade Minister Helen May signed the deal on Friday. \"It is done,\" May said.\n\n"
            + "Olaf Strand, who leads the Norrland Growers' Union, said his members would go home.\n\n"
            + "The deal still needs two parliaments. Their votes are due in January.\n\n"
            + "Asked whether she feared a defeat, May was blunt. \"Parliaments can say no,\" she said.";
        Assert.Equal("Helen May", Single(text, "Parliaments can").Speaker);
    }
}
