using QuoteBot.Extraction;
using static QuoteBot.Extraction.Tests.PlainTextExtraction;

namespace QuoteBot.Extraction.Tests;

/// <summary>
/// Issue 12, session 22 (s22b-nowant): no name where the article names nobody. A person who "gave her name only as"
/// two words is not identified, so "she said" after them gets no name; a paragraph whose quote is introduced by its own
/// colon sentence does not take the previous paragraph's speaker. Guards: a fully named person and a bare "Then:" keep
/// their speakers. A vox-pop sign-off with a first name and an age only ("― Tariq, 24") names nobody. Invented names and texts.
/// </summary>
public sealed class Session22NoWantTests
{
    [Fact]
    public void Extract_TwoWordNameGivenOnlyAs_ThenSheSaid_HasNoSpeaker()
    {
        var text = "Hearing\n\nThe committee heard from Minister Corin Ashdale, who defended the bill. \"We listened,\" Ashdale said.\n\n"
            + "One elder, who gave her name only as Aunty Merepeka, rose at the back of the hall after the formal submissions. "
            + "\"Our grandchildren will read what we decided today,\" she said, before sitting down.";
        var q = Single(text, "Our grandchildren will read");
        Assert.Null(q.Speaker);
    }

    [Fact]
    public void Extract_IdentifiedOnlyByNickname_ThenSheSaid_HasNoSpeaker()
    {
        var text = "Picket\n\nUnion organiser Declan Shaw said the strike would run \"as long as it takes\".\n\n"
            + "A picket, who asked to be identified only by her nickname, Rosie Lark, was handing out tea by the gate. "
            + "\"Nobody here wanted to be out in the cold,\" she said.";
        var q = Single(text, "Nobody here wanted to be out");
        Assert.Null(q.Speaker);
    }

    [Fact]
    public void Extract_NamedWomanThenSheSaid_KeepsHerName()
    {
        var text = "Hearing\n\nThe committee heard from Minister Corin Ashdale, who defended the bill.\n\n"
            + "One elder, Merepeka Tanirau, rose at the back of the hall after the formal submissions. "
            + "\"Our grandchildren will read what we decided today,\" she said, before sitting down.";
        var q = Single(text, "Our grandchildren will read");
        Assert.Equal("Merepeka Tanirau", q.Speaker);
    }

    [Fact]
    public void Extract_PossessiveColonIntroAfterOtherSpeakersParagraph_IsNotThePreviousSpeaker()
    {
        var text = "Stopgap\n\nRep. Walter Denholm was unmoved. Asked about the draft, Denholm said: \"A short bill is a short surrender. We will be back here in a month.\"\n\n"
            + "IN THE SENATE -- Majority Leader Helena Marsh has set a vote for Thursday. Marsh's message to the House, delivered on the floor: "
            + "\"We will do our part. We will do it on time.\"";
        var q = Single(text, "We will do our part");
        Assert.NotEqual("Walter Denholm", q.Speaker);
        Assert.Null(q.Speaker);
    }

    [Fact]
    public void Extract_StafferColonIntroAfterNamedSpeaker_HasNoSpeaker()
    {
        var text = "Budget\n\nAssemblywoman Carla Brook says she will vote no. Said Brook: \"I am not voting for this one.\" Brook says she has \"at least a dozen colleagues\" with her.\n\n"
            + "-- The Senate view, from a Republican staffer who was not authorized to speak on the record: \"She has a dozen until the leader calls. Then she has four.\"";
        var q = Single(text, "She has a dozen until");
        Assert.Null(q.Speaker);
    }

    [Fact]
    public void Extract_QuoteAloneAfterNamedSpeakersParagraph_KeepsThatSpeaker()
    {
        var text = "Budget\n\nAssemblywoman Carla Brook says she will vote no. \"I am not voting for this one,\" Brook said.\n\n"
            + "\"Not this year, and not with my name on it.\"";
        var q = Single(text, "Not this year");
        Assert.Equal("Carla Brook", q.Speaker);
    }

    [Fact]
    public void Extract_ThenColonAfterNamedSpeakersParagraph_KeepsThatSpeaker()
    {
        var text = "Shop\n\nGareth Harlan said the water reached the counter. \"We lost the lot,\" Harlan said.\n\n"
            + "He looked at the empty shelves for a while. Then: \"We open again on Monday.\"";
        var q = Single(text, "We open again on Monday");
        Assert.Equal("Gareth Harlan", q.Speaker);
    }

    [Fact]
    public void Extract_DashSignOffWithFirstNameAndAgeOnly_HasNoSpeaker()
    {
        var text = "Harbour\n\nA nurse from Accra, Efua Mensah, helps at the clinic. \"We see forty people a day,\" Mensah says.\n\n"
            + "Others would give only their first names.\n\n"
            + "\u201cThe sea took my cousin. I took the next boat anyway.\u201d \u2014 Tariq, 24, from Gambia";
        var q = Single(text, "The sea took my cousin");
        Assert.Null(q.Speaker);
    }

    [Fact]
    public void Extract_DashSignOffWithFullNameAndAge_KeepsTheName()
    {
        var text = "Harbour\n\nA nurse from Accra, Efua Mensah, helps at the clinic. \"We see forty people a day,\" Mensah says.\n\n"
            + "\u201cThe sea took my cousin. I took the next boat anyway.\u201d \u2014 Tariq Sowe, 24, from Gambia";
        var q = Single(text, "The sea took my cousin");
        Assert.Equal("Tariq Sowe", q.Speaker);
    }

    [Fact]
    public void Extract_DashSignOffWithSurnameOfPersonNamedEarlier_KeepsThatPerson()
    {
        var text = "Harbour\n\nA nurse from Accra, Efua Mensah, helps at the clinic every morning.\n\n"
            + "\u201cWe see forty people a day. Some days more.\u201d \u2014 Mensah, 41";
        var q = Single(text, "We see forty people a day");
        Assert.Equal("Efua Mensah", q.Speaker);
    }
}
