using QuoteBot.Extraction;
using static QuoteBot.Extraction.Tests.PlainTextExtraction;

namespace QuoteBot.Extraction.Tests;

/// <summary>
/// Issue 12, session 15: speaker errors read off HeldOut10 and HeldOut11, grouped by the mechanism that failed and
/// fixed by general rules, each shown here with a small original text (invented names and bodies); guards check the
/// rules do not over-reach.
/// </summary>
public sealed class Session15PatternTests
{
    [Fact]
    public void Extract_HostTranscriptLabel_IsThePersonIntroducedAsHost()
    {
        var text = "Budget talks\n\n"
            + "Sen. Ingrid Solberg said Sunday she would not back the deal, telling WKX host Marcus Delaney that it was "
            + "\"a plan written by people who never ride the bus.\"\n\n"
            + "Partial transcript:\n\n"
            + "HOST: \"Senator, would you vote for it if the fares were frozen?\"\n\n"
            + "SOLBERG: \"Marcus, a frozen fare on a cancelled route is still no bus.\"\n\n"
            + "HOST: \"So that is a no?\"\n\n"
            + "SOLBERG: \"Yes.\"";
        var quotes = Extract(text);
        Assert.Equal("Marcus Delaney", quotes.Single(q => q.Text.StartsWith("Senator, would", StringComparison.Ordinal)).Speaker);
        Assert.Equal("Marcus Delaney", quotes.Single(q => q.Text.StartsWith("So that", StringComparison.Ordinal)).Speaker);
        Assert.Equal("Ingrid Solberg", quotes.Single(q => q.Text.StartsWith("Marcus, a frozen", StringComparison.Ordinal)).Speaker);

        // The one-word answer after a label is a quote of that turn.
        Assert.Equal("Ingrid Solberg", quotes.Single(q => q.Text.StartsWith("Yes", StringComparison.Ordinal)).Speaker);
    }

    [Fact]
    public void Extract_VoiceLabelWithNobodyNamed_DoesNotInheritThePreviousTurn()
    {
        var text = "Briefing\n\nPress secretary Lena Vogt took questions on Monday.\n\n"
            + "VOGT: \"The minister has full confidence in the plan.\"\n\n"
            + "QUESTION: \"Then why was the vote delayed?\"";
        var quotes = Extract(text);
        Assert.Equal("Lena Vogt", quotes.Single(q => q.Text.StartsWith("The minister", StringComparison.Ordinal)).Speaker);
        Assert.Null(quotes.Single(q => q.Text.StartsWith("Then why", StringComparison.Ordinal)).Speaker);
    }

    [Fact]
    public void Extract_NameAfterSaidOpeningReportedClause_IsNotTheSpeaker()
    {
        // "The council, an apposition …, said Okafor had "…"": Okafor is the reported clause's subject.
        var text = "Mine permit\n\nThe Senate confirmed Teodora Okafor as lands secretary on Thursday.\n\n"
            + "The Granite Basin Council, a trade group that speaks for quarry, gravel and cement firms, said "
            + "Okafor had \"shown every sign of wanting the valley closed to industry\" and promised to appeal.";
        var q = Single(text, "shown every sign");
        Assert.Equal("Granite Basin Council", q.Speaker);
        Assert.Equal(SpeakerKind.Organisation, q.SpeakerKind);
    }

    [Fact]
    public void Extract_PersonWithTagAndRelativeClause_SaidGroupWould_IsThePerson()
    {
        var text = "House vote\n\nHouse Minority Leader Beatrix Lindqvist-Amadi (D-Ore.), who led the opposition, said Democrats would "
            + "\"take this fight to every district in the country\" before the recess.";
        Assert.Equal("Beatrix Lindqvist-Amadi", Single(text, "take this fight").Speaker);
    }

    [Fact]
    public void Extract_InvertedSpeakerAfterSaid_StillTheSpeaker()
    {
        // Guard: a real inverted speaker ("said Sen. X, R-Kan.,") is followed by a comma, not an auxiliary.
        var text = "Farm bill\n\n\"We cannot plant on promises,\" said Sen. Orla Brandt, R-Kan., the ranking member of the committee.";
        Assert.Equal("Orla Brandt", Single(text, "We cannot plant").Speaker);
    }

    [Fact]
    public void Extract_PersonPresidentOfBodyThenBodyApposition_IsThePerson()
    {
        var text = "Ruling\n\nIkaika Moana, director of the Open Ballot Foundation, a nonpartisan watchdog, called the decision "
            + "\"the worst day for small donors in a generation\" and said the group would sue.";
        Assert.Equal("Ikaika Moana", Single(text, "the worst day").Speaker);
    }

    [Fact]
    public void Extract_ParticipleAfterPrepositionalParenthetical_IsTheSentenceSubject()
    {
        var text = "Town hall\n\nGov. Bertrand Ashcombe spoke for an hour in the school gym.\n\n"
            + "He went after his rival, Sen. Fenella Drake of Vermont, without naming her, deriding \"a certain senator who has "
            + "never filled a pothole in her life\" to loud applause.";
        Assert.Equal("Bertrand Ashcombe", Single(text, "a certain senator").Speaker);
    }

    [Fact]
    public void Extract_PartOfGroupOpener_HasNoSpeaker()
    {
        var text = "Count\n\nWe sat with three poll watchers and a stack of ballots. One of the watchers looked up and said, "
            + "\"They will never notice the second box.\" Nobody laughed.";
        Assert.Null(Single(text, "They will never").Speaker);
    }

    [Fact]
    public void Extract_PronounRepeatingTheSentenceOpener_SkipsPeopleTheSentenceIntroduces()
    {
        // "his grandmother, a mill worker" is introduced inside the sentence; the second "he" is still the opener.
        var text = "Stump speech\n\nMayor Anselm Kirchner talked for half an hour. He told the story of his grandmother, a mill worker in "
            + "the river valley, and of a town that he said had been \"sold off one factory at a time.\"";
        Assert.Equal("Anselm Kirchner", Single(text, "sold off one").Speaker);
    }

    [Fact]
    public void Extract_QuotedStatuteText_HasNoSpeaker()
    {
        var text = "Court\n\nJustice Miriam Okonjo wrote the opinion for the majority.\n\n"
            + "The rules date from 1974. The statute describes a gift as anything given \"for the purpose of influencing\" an election.";
        Assert.Null(Single(text, "for the purpose").Speaker);
    }

    [Fact]
    public void Extract_StudyByBodyOpeningTheSentence_IsTheBody()
    {
        var text = "Maps\n\nThe trend is clear. A report released in June by the Cascade Civic Institute counted the close races, and "
            + "concluded that district lines had \"become the best predictor of who wins in Salem.\"";
        var q = Single(text, "become the best");
        Assert.Equal("Cascade Civic Institute", q.Speaker);
        Assert.Equal(SpeakerKind.Organisation, q.SpeakerKind);
    }

    [Fact]
    public void Extract_DashAfterMidSentenceQuote_IsNoVoxPopName()
    {
        var text = "Brothers\n\nDesmond Achterberg is 41.\n\n"
            + "In May, Desmond ran a radio ad attacking \"career politicians who have never signed a paycheck\" — a line many listeners "
            + "took as aimed at his brother.";
        Assert.Equal("Desmond Achterberg", Single(text, "career politicians").Speaker);
    }

    [Fact]
    public void Extract_UnlistedVerbAfterQuestion_SubjectSpeaksAndDoesNotInherit()
    {
        var text = "Briefing\n\n\"Did the minister know?\" one reporter asked.\n\n"
            + "\"The minister was briefed,\" spokeswoman Cora Lindgren said.\n\n"
            + "\"Before the vote or after it?\" a reporter followed up.";
        Assert.Null(Single(text, "Before the vote").Speaker);
    }

    [Fact]
    public void Extract_DefiniteGroupAfterIndefiniteApposition_IsTheBody()
    {
        var text = "Ethics\n\nThe practice is not unusual on Capitol Hill, but the size of the payments stood out to watchdog groups.\n\n"
            + "Voters for Clean Budgets, a nonpartisan ethics group, said it would file a complaint. In a letter shared with reporters, "
            + "the group said the payments showed \"a pattern of personal use.\"";
        var q = Single(text, "a pattern of");
        Assert.Equal("Voters for Clean Budgets", q.Speaker);
    }

    [Fact]
    public void Extract_PersonOfHyphenatedBody_IsThePerson()
    {
        var text = "Asylum plan\n\nAid groups have attacked the plan. Selin Aydemir of the Vienna-based group Shelter Watch Europe called it "
            + "\"a costly way of hiding people from sight\".\n\n"
            + "Tobias Wendt-Lorenz denied that.\n\n"
            + "The main opposition leader, Greta Holmqvist of the Social-Liberal alliance, said the vote was \"a defeat foretold months ago\" "
            + "and called for an election.";
        var quotes = Extract(text);
        Assert.Equal("Selin Aydemir", quotes.Single(q => q.Text.StartsWith("a costly", StringComparison.Ordinal)).Speaker);
        Assert.Equal("Greta Holmqvist", quotes.Single(q => q.Text.StartsWith("a defeat", StringComparison.Ordinal)).Speaker);
    }

    [Fact]
    public void Extract_RoleWordsThenNameInApposition_IsTheName()
    {
        var text = "Parliament\n\nThe assembly must also vote on the text. Its rapporteur on the file, Belgian lawmaker Joost van Damme, said he "
            + "expected \"a slow and bruising negotiation\" with the capitals.";
        Assert.Equal("Joost van Damme", Single(text, "a slow and").Speaker);
    }

    [Fact]
    public void Extract_ParticipleAndAcronymBodyOpeningALede_IsTheLeader()
    {
        var text = "Rally\n\nPATNA: Promising new teaching posts within a year of coming to power, Jan Vikas Morcha (JVM) leader Anjali Verma "
            + "on Sunday launched a sharp attack on the state government, accusing it of having \"left a whole generation at the bus stop\".";
        Assert.Equal("Anjali Verma", Single(text, "left a whole").Speaker);
    }

    [Fact]
    public void Extract_SheBeganAfterQuote_IsTheSpeakerOfBothHalves()
    {
        var text = "Questions\n\nThe first question came from the opposition leader, Maren Thorsby, who rarely raises her voice.\n\n"
            + "\"The finance minister says the money is there,\" she began. \"The health minister says it is not. Which of them is right?\"";
        var quotes = Extract(text);
        Assert.All(quotes, q => Assert.Equal("Maren Thorsby", q.Speaker));
        Assert.Equal(2, quotes.Count);
    }

    [Fact]
    public void Extract_MediaQuotedHimAsSaying_IsNotTheMedia()
    {
        var text = "Talks\n\nDeputy minister Kaveh Rostami-Far flew home on Sunday. State television quoted him as saying "
            + "that the next round \"depends on the other side\".";
        Assert.Equal("Kaveh Rostami-Far", Single(text, "depends on the").Speaker);
    }

    [Fact]
    public void Extract_ItAfterOutletsEditorial_IsTheOutlet()
    {
        var text = "Papers\n\nMost front pages lead on the row over the harbour tax, which Premier Oskar Lind defended on Tuesday.\n\n"
            + "The Evening Courant\u2019s editorial is withering. It says the tax \"punishes the only industry the town has left\" and "
            + "urges the premier to drop it.";
        var q = Single(text, "punishes the only");
        Assert.Equal("Evening Courant", q.Speaker);
        Assert.Equal(SpeakerKind.Organisation, q.SpeakerKind);
    }
}

