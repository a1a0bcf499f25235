using QuoteBot.Extraction;
using static QuoteBot.Extraction.Tests.PlainTextExtraction;

namespace QuoteBot.Extraction.Tests;

/// <summary>
/// Issue 12, session 22 (s22c-orgs2): organisations as speakers, part 2. A numbered branch right before the verb
/// ("… Local 1147 said") is the subject with its number; a body's name runs back over a plural possessive that ends in
/// a plain apostrophe ("the Federation of University Lecturers' Unions said"). Invented names and texts.
/// </summary>
public sealed class Session22Orgs2Tests
{
    [Fact]
    public void Extract_NumberedLocalRightBeforeVerb_IsTheLocalWithItsNumber()
    {
        var text = "Plant\n\nThe gearbox line will close in March.\n\n"
            + "Amalgamated Autoworkers Local 1147 said the closure was \"a betrayal of every family on the line.\"";
        var q = Single(text, "a betrayal of every family");
        Assert.Equal("Amalgamated Autoworkers Local 1147", q.Speaker);
        Assert.Equal(SpeakerKind.Organisation, q.SpeakerKind);
    }

    [Fact]
    public void Extract_NumberedLodgeRightBeforeVerbAfterQuote_IsTheLodge()
    {
        var text = "Jail\n\nThe sheriff's budget was cut by a fifth.\n\n"
            + "\"Nobody can run a jail on these numbers,\" Fraternal Order of Wardens Lodge 62 said in a statement.";
        var q = Single(text, "Nobody can run a jail");
        Assert.Equal("Fraternal Order of Wardens Lodge 62", q.Speaker);
        Assert.Equal(SpeakerKind.Organisation, q.SpeakerKind);
    }

    [Fact]
    public void Extract_BodyNameWithPluralPossessiveBeforeVerb_IsTheWholeBody()
    {
        var text = "Pay\n\nPay talks broke down on Friday.\n\n"
            + "The Federation of University Lecturers' Unions said the offer was \"an insult to every lecturer.\"";
        var q = Single(text, "an insult to every lecturer");
        Assert.Equal("Federation of University Lecturers' Unions", q.Speaker);
        Assert.Equal(SpeakerKind.Organisation, q.SpeakerKind);
    }

    [Fact]
    public void Extract_PersonWithAgeBeforeVerb_StaysAPerson()
    {
        var text = "Floods\n\nThe river rose overnight.\n\n"
            + "Marta Post, 41, said the water \"came up through the floor in minutes.\"";
        var q = Single(text, "came up through the floor");
        Assert.Equal("Marta Post", q.Speaker);
        Assert.Equal(SpeakerKind.Person, q.SpeakerKind);
    }
}
