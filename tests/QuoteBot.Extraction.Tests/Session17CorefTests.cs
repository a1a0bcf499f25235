using QuoteBot.Extraction;
using static QuoteBot.Extraction.Tests.PlainTextExtraction;

namespace QuoteBot.Extraction.Tests;

/// <summary>
/// Issue 12, session 17 (frame subjects, s17-coref): a speech frame whose subject the older rules left without a name.
/// The outer speech verb of a sentence governs a partial quote that sits in the clause it reports ("He added that
/// drivers had reported …, "…""); "in her words" is the pronoun's; "Name, a Republican," gives the party and "the
/// Democrat said" with nobody of that party introduced is the person the paragraph is about. Guards keep unnamed and
/// particular subjects of the inner verb as they were. Invented names and texts.
/// </summary>
public sealed class Session17CorefTests
{
    [Fact]
    public void Extract_PartialQuoteAfterInnerCueWithPluralSubject_IsTheOuterSpeaker()
    {
        var text = "Ferries\n\nThe union's leader, Idris Penhallow, met the board on Monday.\n\n"
            + "He added that deckhands had reported nine engine fires since June, \"and each of them could have sunk a boat full of schoolchildren.\"";
        Assert.Equal("Idris Penhallow", Single(text, "and each of them").Speaker);
    }

    [Fact]
    public void Extract_PartialQuoteAfterDescribedClause_IsTheOuterSpeaker()
    {
        var text = "Clinic\n\nDr. Solveig Anand-Marr runs the clinic at Brackwater.\n\n"
            + "She noted that patients had described the waiting room as \"like a bus shelter in a storm, only colder.\"";
        Assert.Equal("Solveig Anand-Marr", Single(text, "like a bus shelter").Speaker);
    }

    [Fact]
    public void Extract_InnerCueWithParticularUnnamedSubject_StaysUnnamed()
    {
        // Guard: a body that speaks for itself inside the clause ("a plan the ferrymen's guild called …") is not the
        // outer subject's words.
        var text = "Harbour\n\nHarbourmaster Keziah Ormsby has run the port for a decade.\n\n"
            + "Last month she proposed closing the north quay, a plan the ferrymen's guild called \"the end of an honest trade on this coast.\"";
        Assert.Null(Single(text, "the end of an honest").Speaker);
    }

    [Fact]
    public void Extract_InnerPassiveCueWithAgent_StaysUnnamed()
    {
        // Guard: "had been told by council clerks that …" names its speakers (unnamed), not the person told.
        var text = "Bins\n\nResidents packed the hall. Wilhelmina Crabtree, 71, who organised the letter, said she had been told by council clerks "
            + "that residents could just \"put the extra rubbish in the garage.\"";
        Assert.Null(Single(text, "put the extra").Speaker);
    }

    [Fact]
    public void Extract_InHerWords_IsThePronounsPerson()
    {
        var text = "Panel\n\nSenator Marisol Tenjaka chairs the water panel.\n\n"
            + "In her words, the canal scheme is \"a solution looking very hard for a problem.\"";
        Assert.Equal("Marisol Tenjaka", Single(text, "a solution looking").Speaker);
    }

    [Fact]
    public void Extract_PartyNounAfterPartyApposition_IsThatPerson()
    {
        var text = "Panel\n\nAugustin Pelletier-Roe, a Republican, chairs the water panel. Ines Barrow, who runs the canal trust, spoke first.\n\n"
            + "The Republican called the canal scheme \"a solution looking very hard for a problem.\"";
        Assert.Equal("Augustin Pelletier-Roe", Single(text, "a solution looking").Speaker);
    }

    [Fact]
    public void Extract_PartyNounWithNobodyOfThatParty_IsTheParagraphsSubject()
    {
        var text = "Veto\n\nGovernor Thaddeus Kilbride signed the renters' bill on Friday in Marlow.\n\n"
            + "The Democrat said the law would \"protect every tenant from Marlow to the mountains.\"";
        Assert.Equal("Thaddeus Kilbride", Single(text, "protect every tenant").Speaker);
    }

    [Fact]
    public void Extract_PartyNounWhenTheSubjectHasAnotherParty_StaysUnnamed()
    {
        // Guard: the person the paragraph is about is a known Republican, so "the Democrat" is somebody else.
        var text = "Veto\n\nRepublican Thaddeus Kilbride signed the renters' bill on Friday in Marlow.\n\n"
            + "The Democrat said the law would \"protect every tenant from Marlow to the mountains.\"";
        Assert.Null(Single(text, "protect every tenant").Speaker);
    }
}
