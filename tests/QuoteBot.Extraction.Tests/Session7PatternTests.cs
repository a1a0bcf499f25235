using QuoteBot.Extraction;
using static QuoteBot.Extraction.Tests.PlainTextExtraction;

namespace QuoteBot.Extraction.Tests;

/// <summary>
/// Issue 12, session 7: classes of speaker error read off the first held-out folder, each shown with a small original
/// text (no held-out sentence is reused).
/// </summary>
public sealed class Session7PatternTests
{
    [Theory]
    [InlineData("Finance Minister Helen May took questions for an hour.\n\nSaid May: \"Nobody in this building is pretending the hole is small.\"", "Nobody in this", "Helen May")]
    [InlineData("The talks collapsed on Friday. Labour director Alicia Church blamed the senator.\n\nSaid Church: \"The door is open and he knows it.\"", "The door is open", "Alicia Church")]
    public void Extract_SaidCommonWordSurnameColon_IsThatPerson(string text, string quote, string speaker)
    {
        Assert.Equal(speaker, Single(text, quote).Speaker);
    }

    [Fact]
    public void Extract_PronounAfterASecondPersonNamed_DoesNotTakeTheFirstPersonsGender()
    {
        // "he was ready" follows Ostrander (the subject) but Quill is named in between: no vote makes Ostrander male,
        // so "he said" is Quill, not the woman who criticized him.
        var text = "Abel Quill, a rancher, is challenging Sen. Beatrice Ostrander.\n\n"
            + "Ostrander attacked Quill's grazing bill at a forum, and when a reporter asked him about it, he was ready. \"She has never fixed a fence in January,\" he said.";
        Assert.Equal("Abel Quill", Single(text, "She has never").Speaker);
    }

    [Theory]
    [InlineData("Sen. Paul Orrin defended the vote. \"It was the right call,\" Orrin said.\n\nI met a tenant in Northgate who asked me not to use her name. \"The heating has been off since October,\" she said.", "The heating")]
    [InlineData("Governor Ruth Tamsworth spoke first. \"We will build,\" Tamsworth said.\n\nAt the school gate, one mother told me she had waited years for a crossing. \"My daughter crosses four lanes,\" she said.", "My daughter")]
    public void Extract_PronounAfterAnUnnamedPersonInItsParagraph_IsNobodyNamed(string text, string quote)
    {
        Assert.Null(Single(text, quote).Speaker);
    }

    [Fact]
    public void Extract_PronounAfterAPersonFirstNamedInThePreviousParagraph_IsThatPerson()
    {
        var text = "Councillor Peter Rowntree defended the contract. \"It is the best deal we could get,\" he said.\n\n"
            + "Residents were unconvinced. One of them, retired bus driver Alan Pettigrew, was cheered when he stood up.\n\n"
            + "\"I have not had a collection in five weeks,\" he told the meeting.";
        Assert.Equal("Alan Pettigrew", Single(text, "I have not had").Speaker);
    }

    [Fact]
    public void Extract_ObjectNamedAfterTheSubjectInTheSameParagraph_DoesNotTakeThePronoun()
    {
        // The newly named person is the object; the subject of the paragraph keeps "she".
        var text = "Mayor Rosa Quintal criticised treasurer Irene Walsh on Tuesday. \"Every forecast has been wrong,\" she said.";
        Assert.Equal("Rosa Quintal", Single(text, "Every forecast").Speaker);
    }

    [Fact]
    public void Extract_AppositionAfterAName_IsNoUnnamedPerson()
    {
        var text = "Hanne Lorvik, a member of the opposition, joined the march. She told the crowd she had been \"a reporter for twenty years before politics\" and urged a review.";
        Assert.Equal("Hanne Lorvik", Single(text, "a reporter for").Speaker);
    }

    [Theory]
    [InlineData("The Guild of River Pilots said it would strike. \"Our members have run out of patience,\" the guild said on Tuesday.", "Our members", "Guild of River Pilots")]
    [InlineData("The Confederation of Norland Trade Unions said it would not accept a delay. \"Workers have waited six years,\" the confederation said.", "Workers have waited", "Confederation of Norland Trade Unions")]
    [InlineData("The Royal College of Nursing Practice backed the board.\n\n\"Shortages are a symptom of underinvestment,\" the college said in a statement.", "Shortages are", "Royal College of Nursing Practice")]
    [InlineData("Greywater Nickel, which owns the smelter, said it would appeal. \"We are confident the licence was lawful,\" the company said.", "We are confident", "Greywater Nickel")]
    public void Extract_BodyNounAfterTheBodyWasNamed_IsThatBody(string text, string quote, string speaker)
    {
        var q = Single(text, quote);
        Assert.Equal(speaker, q.Speaker);
        Assert.Equal(SpeakerKind.Organisation, q.SpeakerKind);
    }

    [Fact]
    public void Extract_AcronymOfABodyNamedInFull_IsTheFullName()
    {
        var text = "The Northern Development Bank cut its forecast on Monday. \"The plan is not paid for,\" the NDB report stated.";
        Assert.Equal("Northern Development Bank", Single(text, "The plan is").Speaker);
    }

    [Theory]
    [InlineData("Dock workers outside the harbour gates chanted, \"Not one more cut!\" as the minister arrived.", "Not one more", "Dock workers")]
    [InlineData("Protesters outside the ministry chanted \"Hands off our ferries\" all morning.", "Hands off", "Protesters")]
    public void Extract_CrowdBeforeAPlacePhrase_IsTheCrowd(string text, string quote, string speaker)
    {
        var q = Single(text, quote);
        Assert.EndsWith(speaker.Split(' ')[^1], q.Speaker ?? "null", StringComparison.Ordinal);
        Assert.Equal(SpeakerKind.Group, q.SpeakerKind);
    }

    [Fact]
    public void Extract_VerbFirstRoleWithModifiers_IsThePerson()
    {
        var text = "The report dominated the evening news. \"This is the worst review in a decade,\" said NRK senior politics editor Sigrid Hallan on the late bulletin.";
        Assert.Equal("Sigrid Hallan", Single(text, "This is the worst").Speaker);
    }

    [Fact]
    public void Extract_UnnamedHecklerWithAPlacePhrase_IsNobodyNamed()
    {
        var text = "Plant manager Harold Quist spoke first. \"We looked at every option,\" Quist said.\n\n"
            + "He was heckled. When he said the firm would pay for retraining, a man near the back shouted, \"Retraining for what?\" and the hall erupted.";
        Assert.Null(Single(text, "Retraining for").Speaker);
    }

    [Fact]
    public void Extract_AlternatingSaidComma_GivesEachQuoteItsOwnSpeaker()
    {
        var text = "Host Nora Page asked whether the government would reopen. Senator Howard Rice and director Alicia Church both answered.\n\n"
            + "Rice said, \"It ought to.\" Church said, \"It will, if he lets it.\"";
        Assert.Equal("Howard Rice", Single(text, "It ought to").Speaker);
        Assert.Equal("Alicia Church", Single(text, "It will, if").Speaker);
    }

    [Theory]
    [InlineData("The Sentinel takes a different line. \"No one in the cabinet saw this coming,\" the newspaper said.", "No one in the", "Sentinel")]
    [InlineData("The Gazette leads on the reshuffle. In its leader, the paper says the shake-up is \"the last chance to look like there is a plan.\"", "the last chance", "Gazette")]
    [InlineData("The Evening Standard-Mercury is less sure. Its editorial said the evidence was \"thin, second-hand and well timed.\"", "thin, second-hand", "Evening Standard-Mercury")]
    public void Extract_OneWordOutletThenThePaperOrItsEditorial_IsTheOutlet(string text, string quote, string speaker)
    {
        var q = Single(text, quote);
        Assert.Equal(speaker, q.Speaker);
        Assert.Equal(SpeakerKind.Organisation, q.SpeakerKind);
    }

    [Fact]
    public void Extract_QuoteOnlyParagraphsAfterAPronounSentence_AreThatPersonsWords()
    {
        var text = "Depot manager Harold Quist spoke first. \"We looked at every option,\" Quist said.\n\n"
            + "Shop steward Carol Wendt, who has driven buses here for twenty years, stood up when Quist sat down. She spoke without notes.\n\n"
            + "\"Mr. Quist says he looked at every option. He did not look at us.\n\n"
            + "\"We want the books opened.\"";
        Assert.Equal("Carol Wendt", Single(text, "Mr. Quist says").Speaker);
        Assert.Equal("Carol Wendt", Single(text, "We want the books").Speaker);
    }
}
