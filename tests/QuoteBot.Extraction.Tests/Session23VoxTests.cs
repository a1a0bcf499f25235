using QuoteBot.Extraction;
using static QuoteBot.Extraction.Tests.PlainTextExtraction;

namespace QuoteBot.Extraction.Tests;

/// <summary>
/// Issue 12, session 23 (s23-vox): quotes with no cue of their own, whose speaker comes from the page's layout or the
/// paragraph before. Transcript labels that stand for a party of the interview ("GUEST:", "HOST:" with no host named as
/// such) or an office ("POTUS:"); a quote-only paragraph after "X cut him off." and the turns after it; a reactions
/// page's intro line or dash line that names a body; "Her … appeal came …" before a quote-only paragraph; an email from
/// a known person quoted after a colon; "X sent that message" after a lone quote. Guards keep persons on dash and colon
/// lines, unknown writers and a lower-case "president" as they were. Invented names and texts.
/// </summary>
public sealed class Session23VoxTests
{
    private const string Interview =
        "Ferry minister rules out subsidy\n\n"
        + "\"We will not pay the operator to run empty boats,\" Minister Corin Talbridge told TVR's Mara Quenby in an interview on Sunday.\n\n"
        + "Talbridge grew impatient when Quenby asked him about the winter timetable. Part of that exchange follows:\n\n"
        + "HOST: \"Minister, the islands lose their morning boat in November. Is that acceptable?\"\n\n"
        + "GUEST: \"It is a timetable, not a sentence. We will look at it again in March.\"\n\n"
        + "HOST: \"March is after the winter.\"\n\n"
        + "GUEST: \"Then we will look at it in February.\"";

    [Fact]
    public void Extract_GuestLabel_IsThePersonQuotedBeforeTheTranscript()
    {
        Assert.Equal("Corin Talbridge", Single(Interview, "It is a timetable").Speaker);
        Assert.Equal("Corin Talbridge", Single(Interview, "Then we will look").Speaker);
    }

    [Fact]
    public void Extract_HostLabelWithNoHostNamedAsSuch_IsTheOtherPersonOfTheIntro()
    {
        Assert.Equal("Mara Quenby", Single(Interview, "Minister, the islands").Speaker);
        Assert.Equal("Mara Quenby", Single(Interview, "March is after").Speaker);
    }

    [Fact]
    public void Extract_GuestLabelWithNobodyQuotedBefore_IsNobodyNamedGuest()
    {
        var text = "Late show\n\nThe programme went out after midnight. Part of it follows:\n\n"
            + "HOST: \"Welcome back.\"\n\n"
            + "GUEST: \"Thank you for having me on so late.\"";
        Assert.Null(Single(text, "Thank you for having me").Speaker);
    }

    private const string Pool =
        "Pool report #2: plant visit\n\n"
        + "President Odile Varnell's motorcade reached the turbine works at 10:05 a.m. Plant union president Kasper Lune met her at the gate.\n\n"
        + "At the assembly line POTUS stopped to ask about shifts. \"How many of you came from the old mill?\" POTUS asked.\n\n"
        + "As she left, the pool shouted questions.\n\n"
        + "Q: \"Will you sign the grid bill this week?\"\n\n"
        + "POTUS: \"When it reaches my desk, and not a day later.\"";

    [Fact]
    public void Extract_PotusLabel_IsThePersonIntroducedAsPresident()
    {
        Assert.Equal("Odile Varnell", Single(Pool, "When it reaches my desk").Speaker);
    }

    [Fact]
    public void Extract_PotusAsSubjectOfCue_IsThePersonIntroducedAsPresident()
    {
        Assert.Equal("Odile Varnell", Single(Pool, "How many of you").Speaker);
    }

    [Fact]
    public void Extract_PotusWithOnlyALowerCasePresident_IsNotThatPerson()
    {
        // Guard: a union local's president is not the President.
        var text = "Pool report #3\n\nPlant union president Kasper Lune met the pool at the gate.\n\n"
            + "\"Where is the canteen?\" POTUS asked.";
        Assert.NotEqual("Kasper Lune", Single(text, "Where is the canteen").Speaker);
    }

    private const string Hearing =
        "Grid hearing\n\n"
        + "Rep. Imelda Sorrow questioned the utility's chief executive, Bastian Krell, about the outages.\n\n"
        + "\"You promised the lines would be buried by now,\" Sorrow said.\n\n"
        + "Krell started to answer, and Sorrow cut him off.\n\n"
        + "\"How many miles?\"\n\n"
        + "\"We have buried a great deal of—\"\n\n"
        + "\"How many miles?\"\n\n"
        + "\"Forty.\"";

    [Fact]
    public void Extract_QuoteAloneAfterNameCutHimOff_IsTheOneWhoInterrupts()
    {
        Assert.Equal("Imelda Sorrow", Extract(Hearing).First(q => q.Text.StartsWith("How many miles", StringComparison.Ordinal)).Speaker);
    }

    [Fact]
    public void Extract_TurnsAfterAnInterruption_AlternateBetweenTheTwo()
    {
        var quotes = Extract(Hearing);
        Assert.Equal("Bastian Krell", quotes.Single(q => q.Text.StartsWith("We have buried", StringComparison.Ordinal)).Speaker);
        Assert.Equal("Imelda Sorrow", quotes.Where(q => q.Text.StartsWith("How many miles", StringComparison.Ordinal)).Last().Speaker);
        Assert.Equal("Bastian Krell", quotes.Single(q => q.Text.StartsWith("Forty", StringComparison.Ordinal)).Speaker);
    }

    [Fact]
    public void Extract_QuoteAloneAfterSaidThenCommonWordSurnameCutHimOff_IsTheInterrupter()
    {
        var text = "Pods\n\nRep. Alma Field pressed the company's founder, Tobin Haskell, on sales.\n\n"
            + "\"So which is it?\" Field said.\n\n"
            + "Haskell said the pods were old stock. Field cut him off.\n\n"
            + "\"Then pull them.\"";
        Assert.Equal("Alma Field", Single(text, "Then pull them").Speaker);
    }

    [Fact]
    public void Extract_ReactionsPageIntroLineNamingABody_IsThatBody()
    {
        var text = "Reactions to the ruling\n\nHere is how people reacted.\n\n"
            + "Senator Hallam Brisk, speaking on the courthouse steps:\n\n"
            + "\"A fair day for every tenant in this state.\"\n\n"
            + "The Coastal Tenants Union, which brought the case:\n\n"
            + "\"The court has said what we said from the start: a lease is a promise.\"";
        var q = Single(text, "The court has said what we said");
        Assert.Equal("Coastal Tenants Union", q.Speaker);
        Assert.Equal(SpeakerKind.Organisation, q.SpeakerKind);
        Assert.Equal("Hallam Brisk", Single(text, "A fair day for every tenant").Speaker); // guard: a person's intro line
    }

    [Fact]
    public void Extract_DashLineNamingABody_IsThatBody()
    {
        var text = "What they said this week\n\nTHE PORT BILL\n\n"
            + "\"Nobody who wrote this bill has ever unloaded a ship at four in the morning.\"\n— Harbour Workers Alliance, in a letter to the transport committee\n\n"
            + "\"It is a good bill and it will pass.\"\n— Sen. Odran Fitch, the bill's sponsor";
        var q = Single(text, "Nobody who wrote this bill");
        Assert.Equal("Harbour Workers Alliance", q.Speaker);
        Assert.Equal(SpeakerKind.Organisation, q.SpeakerKind);
        Assert.Equal("Odran Fitch", Single(text, "It is a good bill").Speaker); // guard: a person's dash line
    }

    [Fact]
    public void Extract_QuoteAloneAfterHerAppealCameSentence_IsHerAndItsContinuation()
    {
        var text = "Speech\n\nPrime Minister Ilse Varga addressed the assembly on Wednesday.\n\n"
            + "\u201CSome say we are too small to matter,\u201D she said.\n\n"
            + "Her last appeal came at the end, when she turned to the members who say the union must change before it admits anyone.\n\n"
            + "\u201CI understand that you must fix your own house first. But do not lock the door while you do it.\n\n"
            + "\u201CEvery year we wait is a year our neighbours use against us.\u201D";
        Assert.Equal("Ilse Varga", Single(text, "I understand that you must").Speaker);
        Assert.Equal("Ilse Varga", Single(text, "Every year we wait").Speaker);
    }

    [Fact]
    public void Extract_EmailFromAKnownSurnameReadInFull_IsThatWriter()
    {
        var text = "Contract emails\n\nThe adviser, Rowan Tillery, wrote to the procurement office the day the contract was awarded.\n\n"
            + "The office did not reply.\n\n"
            + "A second email from Tillery to the office, sent a week later, read in full: \"Any news? The boss is asking.\"";
        Assert.Equal("Rowan Tillery", Single(text, "Any news?").Speaker);
    }

    [Fact]
    public void Extract_EmailFromAnUnknownWord_NamesNobody()
    {
        // Guard: "letters from Islanders" names no writer.
        var text = "Letters\n\nThe council read out its post on Monday.\n\n"
            + "A letter from Islanders to the council, sent in May, read in full: \"Keep the ferry.\"";
        Assert.Null(Single(text, "Keep the ferry").Speaker);
    }

    [Fact]
    public void Extract_LoneQuoteThenNamedPersonSentThatMessage_IsThatPerson()
    {
        var text = "Hospital contract\n\n\"The minister wants this looked at again. Please find a way.\"\n\n"
            + "The aide, Rowan Tillery, sent that message to the head of procurement on March 3, hours after the contract was awarded.";
        Assert.Equal("Rowan Tillery", Single(text, "The minister wants this").Speaker);
    }

    private const string OwnWords =
        "Voters in their own words\n\nOur reporters spoke to voters in line at three polling places. Answers were edited for length.\n\n"
        + "Opal Brightwater, 68, retired bus driver, Dunmore\n\n"
        + "\"I have voted in every election since 1976. I am not stopping for a bit of rain.\n\n"
        + "\"My grandson drove me, so he is voting too.\"\n\n"
        + "Hector Salcombe, 23, warehouse picker, Linwood\n\n"
        + "\"First time. It took ten minutes. I thought it would be harder.\"";

    [Fact]
    public void Extract_QuoteAloneAfterANameLine_IsThatPersonAndTheRunOn()
    {
        Assert.Equal("Opal Brightwater", Single(OwnWords, "I have voted in every election").Speaker);
        Assert.Equal("Opal Brightwater", Single(OwnWords, "My grandson drove me").Speaker);
        Assert.Equal("Hector Salcombe", Single(OwnWords, "First time.").Speaker);
    }

    [Fact]
    public void Extract_QuoteAloneAfterASentenceNamingAPersonWithAVerb_IsNotANameLine()
    {
        // Guard: a sentence that merely opens with a name and a comma is no name line; the older rules decide.
        var text = "Budget\n\n\"We will balance it,\" Treasurer Wilmot Sand said.\n\n"
            + "Ines Corvo, the opposition leader, said the budget was late.\n\n"
            + "\"Late and short.\"";
        Assert.NotEqual("name-line", Single(text, "Late and short").Method);
    }

    [Fact]
    public void Extract_QuoteAloneAfterOvationCameWhenSheSentence_IsHer()
    {
        var text = "State of the state\n\n\"This is a state that fixes its roads,\" the governor told a joint session.\n\n"
            + "Gov. Henrietta Boll, a former mayor who won by three points, spoke for forty minutes. Most of the opposition stayed seated.\n\n"
            + "The loudest applause came when she pointed to a nurse in the gallery, Della Prout, who drives ninety miles to work.\n\n"
            + "\"Della should not have to drive ninety miles.\n\n"
            + "\"Nobody should.\"";
        Assert.Equal("Henrietta Boll", Single(text, "Della should not have to").Speaker);
    }

    [Fact]
    public void Extract_QuoteAfterSentenceAboutAnUnnamedWoman_DoesNotInheritThePreviousSpeaker()
    {
        var text = "Border\n\nFarmer Colm Ready has lived by the bridge all his life.\n\n"
            + "\"They will not put a post here again,\" Ready said.\n\n"
            + "A woman buying bread at the corner shop put it more simply. \"Nobody wants to go back.\"";
        Assert.Null(Single(text, "Nobody wants to go back").Speaker);
    }

    [Fact]
    public void Extract_QuoteAfterSentenceOpenedByANamedPerson_StillInheritsOrNamesThatPerson()
    {
        // Guard: only an indefinite opener ("A woman …") blocks; a named opener keeps its speaker.
        var text = "Border\n\nFarmer Colm Ready has lived by the bridge all his life.\n\n"
            + "\"They will not put a post here again,\" Ready said.\n\n"
            + "Ready shrugged at the question. \"Nobody wants to go back.\"";
        Assert.Equal("Colm Ready", Single(text, "Nobody wants to go back").Speaker);
    }
}
