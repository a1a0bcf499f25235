using QuoteBot.Extraction;
using static QuoteBot.Extraction.Tests.PlainTextExtraction;

namespace QuoteBot.Extraction.Tests;

/// <summary>
/// Issue 12, session 22 (s22-none): a named body that opens the sentence but is kept from its reporting verb by an
/// insertion (", which represents …,", ", led by …,"), a place ("in Moldova") or an apposition that names it ("A local
/// charity, Friends of X,") is the speaker; a quote introduced by a sentence about somebody unnamed or a sign does not
/// inherit the previous paragraph's speaker. People with an insertion, unnamed spokesmen and signs stay as they were.
/// Invented names and texts.
/// </summary>
public sealed class Session22NoneTests
{
    [Fact]
    public void Extract_BodyWithShortFormAndRelativeClauseSaidInStatement_IsThatBody()
    {
        var text = "Pilots\n\nTalks at the port authority broke down on Friday.\n\n"
            + "The Harbour Pilots' Federation (HPF), which represents about 4,100 pilots, said in a statement issued after the meeting that the offer was \"a pay cut with a ribbon on it\".";
        var q = Single(text, "a pay cut with a ribbon");
        Assert.Equal("Harbour Pilots' Federation", q.Speaker);
        Assert.Equal(SpeakerKind.Organisation, q.SpeakerKind);
    }

    [Fact]
    public void Extract_AcronymMissionWithParticipleInsertion_IsThatMission()
    {
        var text = "Count\n\nThe count in the northern districts ran two days late.\n\n"
            + "The OSCE mission, led by a retired Danish diplomat, said in its interim report that the vote had been \"calm but badly counted,\" a phrase the ruling party rejected.";
        var q = Single(text, "calm but badly counted");
        Assert.Equal("OSCE mission", q.Speaker);
        Assert.Equal(SpeakerKind.Organisation, q.SpeakerKind);
    }

    [Fact]
    public void Extract_DelegationInPlaceSaid_IsTheDelegationNotThePlace()
    {
        var text = "Decree\n\nThe decree was signed late on Sunday.\n\n"
            + "The UN delegation in Moldova said the decree was \"a step away from the rule of law\" and asked for it to be withdrawn.";
        var q = Single(text, "a step away from the rule");
        Assert.Equal("UN delegation", q.Speaker);
        Assert.Equal(SpeakerKind.Organisation, q.SpeakerKind);
    }

    [Fact]
    public void Extract_IndefiniteCharityNamedInApposition_IsTheNamedBody()
    {
        var text = "Quarry\n\nThe county approved the quarry extension on Thursday.\n\n"
            + "A local charity, Friends of Marrow Fen, said in a statement on Friday that it would appeal, and called the approval \"a licence to empty the fen\".";
        var q = Single(text, "a licence to empty the fen");
        Assert.Equal("Friends of Marrow Fen", q.Speaker);
        Assert.Equal(SpeakerKind.Organisation, q.SpeakerKind);
    }

    [Fact]
    public void Extract_SomebodyChalkedAMessageAfterNamedSpeaker_StaysUnattributed()
    {
        var text = "Vigil\n\nTomasz Wierzbicki, one of the organisers, said the group would come back \"every night until they listen\".\n\n"
            + "By midnight only a few dozen people were left by the fountain. Somebody had chalked a last message on the stones: \"Same time tomorrow.\"";
        var q = Single(text, "Same time tomorrow");
        Assert.Null(q.Speaker);
    }

    [Fact]
    public void Extract_PersonWithRelativeClauseSaidInStatement_StaysThePerson()
    {
        var text = "Board\n\nThe board met on Monday.\n\n"
            + "Orla Brennick-Shaw, who chairs the board, said in a statement that the review was \"overdue by about a decade\".";
        Assert.Equal("Orla Brennick-Shaw", Single(text, "overdue by about").Speaker);
    }

    [Fact]
    public void Extract_UnnamedSpokesmanWithInsertionSaidInStatement_StaysUnnamed()
    {
        var text = "Mine\n\nThe mine closed its gates on Tuesday.\n\n"
            + "A spokesman, who asked not to be named, said in a statement that the closure was \"temporary and regrettable\".";
        Assert.Null(Single(text, "temporary and regrettable").Speaker);
    }

    [Fact]
    public void Extract_SenatorWithPartyTagAndAppositionCalled_IsThatSenator()
    {
        var text = "Nominee\n\nThe nomination drew quick reactions on Saturday.\n\n"
            + "Sen. Harriet Quellmann (R-Neb.), a member of the Banking Committee, called the nominee \"a steady hand for an unsteady time\" in a statement.";
        var q = Single(text, "a steady hand for");
        Assert.Equal("Harriet Quellmann", q.Speaker);
        Assert.Equal(SpeakerKind.Person, q.SpeakerKind);
    }

    [Fact]
    public void Extract_NameWithTwoAppositionsSaidInStatement_IsThatPerson()
    {
        var text = "Grants\n\nA federal judge paused the order on Tuesday.\n\n"
            + "Tobias Ferreira-Lund, the attorney general of New Mexico, one of the states that sued, said in a statement that the ruling \"keeps the lights on in every shelter\".";
        Assert.Equal("Tobias Ferreira-Lund", Single(text, "keeps the lights on").Speaker);
    }

    [Fact]
    public void Extract_TaggedNameWentFurtherCalling_IsThatName()
    {
        var text = "Committee\n\nThe committee heard the commissioner for three hours.\n\n"
            + "Green MEP Maarit Kallinen (FI) went further, calling the clause \"a loophole with a flag on it\".";
        Assert.Equal("Maarit Kallinen", Single(text, "a loophole with a flag").Speaker);
    }

    [Fact]
    public void Extract_PlacardWithInsertionSaidColon_StaysUnattributed()
    {
        var text = "March\n\nPlacards bobbed above the marchers. Another, taped to a lamp post, said simply: \"Our votes are not for sale.\"";
        Assert.Null(Single(text, "Our votes are not for sale").Speaker);
    }

    [Fact]
    public void Extract_NationalityDelegationSaid_IsThatDelegation()
    {
        var text = "Mandate\n\nThe council renewed the mission's mandate for a year.\n\n"
            + "The Brazilian delegation said it backed the renewal but wanted \"a clear timetable for the drawdown\".";
        var q = Single(text, "a clear timetable");
        Assert.Equal("Brazilian delegation", q.Speaker);
        Assert.Equal(SpeakerKind.Organisation, q.SpeakerKind);
    }
}
