using QuoteBot.Extraction;
using static QuoteBot.Extraction.Tests.PlainTextExtraction;

namespace QuoteBot.Extraction.Tests;

/// <summary>
/// Issue 12, session 16 (wrong names): the subject of a speech frame is the head of its clause, not the nearest noun.
/// A noun inside the subject's own modifiers, the object after the verb, a clause behind a colon or a name in a
/// subordinate clause never speaks; an unnamed subject gives no name; the quote's own subject ends the previous
/// speaker's turn; an answer after a question is not the questioner's. Invented names and texts.
/// </summary>
public sealed class Session16WrongNameTests
{
    private static string? SpeakerOf(IReadOnlyList<ExtractedQuote> quotes, string start) =>
        quotes.Single(q => q.Text.StartsWith(start, StringComparison.Ordinal)).Speaker;

    [Fact]
    public void Extract_IndefiniteSubjectWithRelativeClause_GivesNoName()
    {
        var text = "Vote\n\nSen. Marcus Ellery, a Republican from Wexlow, backed the bill. \"It is a fair deal for the farmers,\" he said.\n\n"
            + "One Democratic senator who opposed the measure, speaking on condition of anonymity, said party leaders had \"leaned on everyone in the room\" before the vote.";
        var quotes = Extract(text);
        Assert.Equal("Marcus Ellery", SpeakerOf(quotes, "It is a fair"));
        Assert.Null(SpeakerOf(quotes, "leaned on"));
    }

    [Fact]
    public void Extract_OneAfterAColon_IsNotTheObject()
    {
        var text = "Profile\n\nSen. Marcus Ellery has run the committee for a decade.\n\n"
            + "Two of Ellery's former aides were less kind: one described Ellery as \"a salesman with a pension plan.\"";
        Assert.Null(SpeakerOf(Extract(text), "a salesman"));
    }

    [Fact]
    public void Extract_OneWordRoleAfterIndefiniteDeterminer_IsNoName()
    {
        var text = "Resignation\n\nThe party leader, Wilma Sandqvist, resigned on Friday.\n\n"
            + "Not everyone in the Union was sorry to see Sandqvist leave. One MP who served under her, speaking privately, said she had "
            + "\"shut the door on everyone years ago.\"";
        Assert.Null(SpeakerOf(Extract(text), "shut the door"));
    }

    [Fact]
    public void Extract_BodyInsideThePersonsApposition_IsNotTheSubject()
    {
        var text = "Quotas\n\nPia Landberg-Moss, the chief executive of the Coastal Fishers Union, which represents 300 boats and runs the "
            + "auction halls in Saltby and two smaller harbours, said the quota had been cut \"without a word to anyone on the quay.\"";
        Assert.Equal("Pia Landberg-Moss", SpeakerOf(Extract(text), "without a word"));
    }

    [Fact]
    public void Extract_NameAfterSubordinatorBehindInvertedChant_IsTheGroupNotTheName()
    {
        var text = "Rally\n\n\"Fix the road! Fix the road!\" chanted several hundred supporters as Gov. Helen Markey stepped onto the stage.";
        Assert.Equal("supporters", SpeakerOf(Extract(text), "Fix the road"));
    }

    [Fact]
    public void Extract_DocumentOpeningTheQuotesOwnSentence_EndsInheritance()
    {
        var text = "Port deal\n\n\"The terminal will open on time,\" said Harriet Voss, the port authority's director.\n\n"
            + "The contract, signed in 2024, states that \"no berth may be leased for more than twenty years without a public tender.\"";
        var quotes = Extract(text);
        Assert.Equal("Harriet Voss", SpeakerOf(quotes, "The terminal"));
        Assert.Null(SpeakerOf(quotes, "no berth"));
    }

    [Fact]
    public void Extract_AnswerAfterQuestion_IsTheEarlierAnswerer()
    {
        var text = "Trial\n\n\"He told me, 'Sign it today,'\" Nadia Ferro told jurors.\n\n"
            + "\"Did you ask him why?\" prosecutor Luke Danvers asked.\n\n"
            + "\"I asked. He said it was not my business,\" she replied.\n\n"
            + "\"And was it?\"\n\n"
            + "\"No. It was exactly my business. I signed it anyway.\"";
        var quotes = Extract(text);
        Assert.Equal("Luke Danvers", SpeakerOf(quotes, "And was it"));
        Assert.Equal("Nadia Ferro", SpeakerOf(quotes, "No. It was"));
    }

    [Fact]
    public void Extract_CueInSubordinateClause_FramesNoOtherQuote()
    {
        var text = "Fares\n\nThe mayor, Ruben Castell, wants free buses.\n\n"
            + "The city's transport chief, Olga Brandt, argues that cheaper fares bring riders. \"Riders are the case,\" she said when I asked "
            + "Castell's office about it on Monday. \"More riders win the money for more buses.\"";
        var quotes = Extract(text);
        Assert.Equal("Olga Brandt", SpeakerOf(quotes, "Riders are"));
        Assert.Equal("Olga Brandt", SpeakerOf(quotes, "More riders"));
    }

    [Fact]
    public void Extract_NamedAppositionAndWhoAntecedent_StillSpeak()
    {
        // Guards: a person's name in apposition to an indefinite subject, or before the cue's "who", is the speaker.
        var text = "Vote\n\nThe bill passed 30 to 28. Three members of the governing bloc voted against it, among them Sen. Lorna Quist, "
            + "who argued that the plan \"pays for today with tomorrow's money.\"\n\n"
            + "A spokeswoman for the Harlow Interior Ministry, Beatrix Olsen, later said in a statement that the rebels had "
            + "\"left the talks for good,\" a claim the rebels denied.";
        var quotes = Extract(text);
        Assert.Equal("Lorna Quist", SpeakerOf(quotes, "pays for today"));
        Assert.Equal("Beatrix Olsen", SpeakerOf(quotes, "left the talks"));
    }
}
