using QuoteBot.Extraction;
using static QuoteBot.Extraction.Tests.PlainTextExtraction;

namespace QuoteBot.Extraction.Tests;

/// <summary>
/// Issue 12, session 15 (coreference): a "he said"/"she said" after a sentence whose speech frame has a named subject
/// stands for that person, even when an unnamed person is mentioned in the same sentence (the name's own apposition
/// "A survivor, …", or an object "every driver"). Invented names and texts.
/// </summary>
public sealed class Session15CorefTests
{
    [Fact]
    public void Extract_PronounAfterIndefiniteRoleWithNameApposition_IsThatName()
    {
        var text = "Flood\n\n"
            + "A survivor, Ysolde Brannagh, 27, told the broadcaster that she had been asleep on a bench. "
            + "\"By two in the morning the water was at the counter. We carried what we could,\" she said.";
        var quotes = Extract(text);
        Assert.Equal("Ysolde Brannagh", quotes.Single(q => q.Text.StartsWith("By two", StringComparison.Ordinal)).Speaker);
    }

    [Fact]
    public void Extract_PronounAfterNamedSubjectWithUnnamedObject_IsThatName()
    {
        var text = "Verdict\n\nThe driver, Colm Raftery, was jailed for six years on Tuesday.\n\n"
            + "Outside the courthouse, Inspector Dorian Feltwell of the regional traffic unit said the sentence should be a warning to every driver. "
            + "\"Every shortcut on that road has a cost, and this family paid it,\" he said.";
        var quotes = Extract(text);
        Assert.Equal("Dorian Feltwell", quotes.Single(q => q.Text.StartsWith("Every shortcut", StringComparison.Ordinal)).Speaker);
    }

    [Fact]
    public void Extract_UnnamedPersonInALaterSentence_StillTakesThePronoun()
    {
        // Guard: the unnamed person is introduced after the named one's sentence, so the pronoun is hers (no name).
        var text = "Verdict\n\nThe driver was jailed for six years on Tuesday.\n\n"
            + "Inspector Dorian Feltwell said the sentence was fair. A woman in the public gallery stood up as he left. "
            + "\"Six years is nothing,\" she said.";
        var quotes = Extract(text);
        Assert.Null(quotes.Single(q => q.Text.StartsWith("Six years", StringComparison.Ordinal)).Speaker);
    }

    [Fact]
    public void Extract_PronounWithNoNamedSubjectBefore_StaysUnnamed()
    {
        // Guard: an unnamed person introduced in the paragraph keeps the pronoun unnamed.
        var text = "Rents\n\nCouncillor Petra Ulven opened the meeting.\n\n"
            + "I spoke to a tenant who asked me not to print her name. \"We pay more every year for less,\" she said.";
        var quotes = Extract(text);
        Assert.Null(quotes.Single(q => q.Text.StartsWith("We pay", StringComparison.Ordinal)).Speaker);
    }
}
