using QuoteBot.Extraction;
using static QuoteBot.Extraction.Tests.PlainTextExtraction;

namespace QuoteBot.Extraction.Tests;

/// <summary>
/// Issue 12, session 20 (wrong names, s20-other): mechanisms that gave a quote another name on text by writers who never
/// saw the rules. A "she"/"he" whose only nearby candidate has the other gender guessed from a name's spelling ("Nino",
/// a surname "Barroso" in a short form) is that person, not a capitalized phrase further back or nobody; a second
/// quoted clause joined by "and that" is reported by the same speaker as the first, even when its own verb has a
/// country or capital as subject. Guards keep a guess the text confirmed and a party with a lower-case word. Invented
/// names and texts.
/// </summary>
public sealed class Session20OtherTests
{
    [Fact]
    public void Extract_PronounAfterPersonWithSpellingGuessedOtherwise_IsThatPersonNotAParty()
    {
        var text = "Rally\n\nThe ruling party, Moldovan Way, says the law is about transparency. The leader of the main opposition bloc, "
            + "Nino Gelashvili, spoke to the crowd from a flatbed truck.\n\n"
            + "\"They want to pass this in the dark. Look around you,\" she shouted.";
        Assert.Equal("Nino Gelashvili", Single(text, "They want to pass").Speaker);
    }

    [Fact]
    public void Extract_PronounAfterShortFormWhoseSurnameLooksMale_IsThatPerson()
    {
        var text = "Liability\n\nThe report, written by Portuguese MEP Inês Barroso Quintela of the centre-left group, was adopted on Tuesday.\n\n"
            + "Opening the debate, Barroso Quintela said the law would give citizens \"a simple way to get justice.\"\n\n"
            + "\"Today a machine can refuse you a loan and you must prove how it works,\" she told the chamber.";
        Assert.Equal("Inês Barroso Quintela", Single(text, "Today a machine").Speaker);
    }

    [Fact]
    public void Extract_PronounWhenTheGuessWasConfirmedByTheText_DoesNotTakeThatPerson()
    {
        // Guard: "Mr Mwangi … He then turned …" confirms the guess, so a later "she" is somebody else (here: unresolved).
        var text = "Hearing\n\nHealth Secretary Dr Wanjiru Kamau appeared before the committee on Tuesday.\n\nThe committee met for four hours.\n\n"
            + "The lease deal was signed in 2021.\n\nThe auditor flagged the deal last year.\n\n"
            + "Nairobi West MP Otieno Mwangi, a member of the committee, tabled a letter. \"These machines are in a store,\" Mr Mwangi told the committee.\n\n"
            + "He then turned to the secretary and asked whether she had visited the hospitals.\n\n"
            + "\"I did not sign those papers, Honourable,\" she said.";
        Assert.NotEqual("Otieno Mwangi", Single(text, "I did not sign").Speaker);
    }

    [Fact]
    public void Extract_PronounWithPartyNameLookingFemale_StaysWithThePresident()
    {
        // Guard: a party whose first word ends in -a is no woman for a "he" to skip past, nor a man to take the quote.
        var text = "Vote\n\nLIMA — President Aurelio Caballero Ríos survived a vote in Congress on Thursday.\n\n"
            + "Caballero's own party, Tierra y Trabajo, split in two last year. Its remaining lawmakers voted against the motion.\n\n"
            + "On the balcony, the president did not mention the investigation. He thanked the people of the south.\n\n"
            + "\"Wait for it like everyone else,\" he said, to cheers from the plaza.";
        Assert.Equal("Aurelio Caballero Ríos", Single(text, "Wait for it").Speaker);
    }

    [Fact]
    public void Extract_CapitalInSecondReportedClauseJoinedByAndThat_IsTheSpeaker()
    {
        var text = "Talks\n\nIts spokesman, Dr Amir Sadek, said at a weekly briefing that the mediation was \"complementary to every other effort\" "
            + "and that Doha shared information with Muscat \"on a regular basis.\"";
        Assert.Equal("Amir Sadek", Single(text, "complementary").Speaker);
        Assert.Equal("Amir Sadek", Single(text, "on a regular basis").Speaker);
    }

    [Fact]
    public void Extract_TitledPersonWithSurnameStreet_IsAPerson()
    {
        var text = "Court\n\nJustice Martin Street, often a skeptic of new privacy claims, seemed unpersuaded.\n\n"
            + "\"That sounds like the work of a legislature,\" Street said.";
        Assert.Equal("Martin Street", Single(text, "That sounds like").Speaker);
    }

    [Fact]
    public void Extract_GivenNameWithSurnameStreetInApposition_IsAPerson()
    {
        var text = "Clinic\n\nHis son, Dennis Street, an Army veteran, stood up at the back of the hall, leaning on a cane.\n\n"
            + "\"I can't drive that road in winter,\" Street said.";
        Assert.Equal("Dennis Street", Single(text, "I can't drive").Speaker);
    }

    [Fact]
    public void Extract_StreetAfterPreposition_StaysAnAddress()
    {
        // Guard: "on Martin Street" is a place; the quote that names it is the owner's.
        var text = "Fire\n\nA fire broke out on Martin Street on Monday. The owner, Paula Grieve, lost her shop.\n\n"
            + "\"Martin Street has burned before,\" Grieve said.";
        Assert.Equal("Paula Grieve", Single(text, "Martin Street has burned").Speaker);
    }
}
