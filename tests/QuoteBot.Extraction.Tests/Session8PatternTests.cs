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
}
