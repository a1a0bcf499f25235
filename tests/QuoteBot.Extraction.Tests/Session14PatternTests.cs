using QuoteBot.Extraction;
using static QuoteBot.Extraction.Tests.PlainTextExtraction;

namespace QuoteBot.Extraction.Tests;

/// <summary>
/// Issue 12, session 14: speaker errors read off HeldOut7–HeldOut9, each fixed by a general news-writing rule and
/// shown here with a small original text (invented names and bodies); guards check the rules do not over-reach.
/// </summary>
public sealed class Session14PatternTests
{
    [Fact]
    public void Extract_VoxPopDashWithIndefiniteDescription_HasNoSpeaker()
    {
        // "― a man who would not give his name": nobody named, and no inheriting the entry above.
        var text = "Voices from the queue\n\n"
            + "\"Rents first. Then we talk.\" ― Odile Brassard, 45, bus driver, Quayside\n\n"
            + "\"I came for the free coffee.\" ― a student outside the library who gave only her first name";
        var quotes = Extract(text);
        Assert.Equal("Odile Brassard", quotes.Single(q => q.Text.StartsWith("Rents", StringComparison.Ordinal)).Speaker);
        Assert.Null(quotes.Single(q => q.Text.StartsWith("I came", StringComparison.Ordinal)).Speaker);
    }

    [Fact]
    public void Extract_IndefiniteSourceAfterCapitalizedPlace_HasNoSpeaker()
    {
        // "A Whitehall source": the capitalized words say where the source works; the source is unnamed.
        var text = "Row\n\nWhitehall said it would not comment. A Whitehall source went further, saying: "
            + "\"Nobody here will miss the committee.\"";
        Assert.Null(Single(text, "Nobody here").Speaker);
    }

    [Fact]
    public void Extract_IndefinitePersonInAPlacePhrase_HasNoSpeaker()
    {
        // "a woman near the front … shouted": the place phrase's noun is no role of anyone named before.
        var text = "Rally\n\nThe campaign's press officer, Delphine Okoro, said the crowd was the largest yet.\n\n"
            + "Midway through the speech a woman near the front, holding a placard, shouted, \"What about the buses?\"";
        Assert.Null(Single(text, "What about").Speaker);
    }

    [Fact]
    public void Extract_DefiniteBankAfterFullNameParagraphsEarlier_IsTheBank()
    {
        // The bank's full name is in the lede, three paragraphs before "the bank says".
        var text = "Branch\n\nEvery Friday Ada Lind carries the shop's takings to the Corran Savings Bank branch on the square.\n\n"
            + "\"It is the only bank for forty miles,\" she said.\n\n"
            + "Her neighbour, Piet Olsen, agrees. \"We will drive for an hour,\" he said.\n\n"
            + "Corran announced in May that the branch would close. In a statement, the bank says it \"regrets the effect on the town\" "
            + "but that counter visits have halved.";
        var q = Single(text, "regrets the effect");
        Assert.Equal("Corran Savings Bank", q.Speaker);
        Assert.Equal(SpeakerKind.Organisation, q.SpeakerKind);
    }

    [Fact]
    public void Extract_DefiniteAssociationAfterPluralPossessiveName_IsTheAssociation()
    {
        var text = "Tariff\n\nMs Ilse Maro, chair of the Dunvale Tenants' Association, said members would meet on Friday. "
            + "\"We asked for the figures twice,\" she said.\n\n"
            + "The association later said in a statement that the increase was \"unjustified and unlawful\" and should be withdrawn.";
        Assert.Equal("Dunvale Tenants' Association", Single(text, "unjustified").Speaker);
    }

    [Fact]
    public void Extract_RoleNounWithAppositiveBody_IsTheBody()
    {
        var text = "Order\n\nThe watchdog, the Authority for Fair Lending, said in a statement that its ruling was "
            + "\"firm, fair and final\" and that the lender had a month to comply.";
        Assert.Equal("Authority for Fair Lending", Single(text, "firm, fair").Speaker);
    }

    [Fact]
    public void Extract_CompanyAfterMakerApposition_IsTheNearerCompany_NotAnEarlierInstitute()
    {
        var text = "Study\n\nDr. Ruth Bellamy, a chemist at the Kalder Institute of Soils, called it \"a careful piece of work.\"\n\n"
            + "The pesticide's maker, Orvane Cropcare, rejected the findings. In a statement, the company said the product had been "
            + "\"tested for longer than any rival\" in field trials.";
        Assert.Equal("Orvane Cropcare", Single(text, "tested for longer").Speaker);
    }

    [Fact]
    public void Extract_ItAfterBodyOpeningTheParagraph_IsTheBody()
    {
        var text = "Pensions\n\nMarit Holm, for her part, said on Monday that her position had not changed.\n\nThe numbers people\n\n"
            + "The Independent Budget Council, the spending watchdog, has reported twice. In its spring review, it said "
            + "the savings were \"credible but fragile under a downturn\".";
        Assert.Equal("Independent Budget Council", Single(text, "credible but").Speaker);
    }

    [Fact]
    public void Extract_WhichSaidAfterABody_IsTheBody()
    {
        var text = "Floods\n\nThe river rose two metres overnight, according to the Northern Hydrology Office, which said in a bulletin "
            + "that the level was \"the highest recorded since the gauges were installed\".";
        Assert.Equal("Northern Hydrology Office", Single(text, "the highest recorded").Speaker);
    }

    [Fact]
    public void Extract_TheReportAfterAReportByABody_IsTheBody()
    {
        var text = "Sugar\n\nA levy on sweet drinks would cut obesity, according to a report published on Monday by the Council for Child Nutrition.\n\n"
            + "\"Voluntary pledges have run their course,\" the report said.";
        Assert.Equal("Council for Child Nutrition", Single(text, "Voluntary pledges").Speaker);
    }

    [Fact]
    public void Extract_TheReportWithNoNamedAuthor_StaysUnattributed()
    {
        // Guard: a document never said to come from anyone has no speaker.
        var text = "Sugar\n\nA report circulated among ministers last week warned of rising costs.\n\n"
            + "\"Voluntary pledges have run their course,\" the report said.";
        Assert.Null(Single(text, "Voluntary pledges").Speaker);
    }

    [Fact]
    public void Extract_TheCapitalizedPortfolioTitle_IsThePersonWithThatTitle()
    {
        var text = "Bill\n\nMoving the bill, Transport Minister Nalini Varadan said it would end \"the era of the paper permit\".\n\n"
            + "\"No driver should queue for a stamp,\" the Transport Minister said.";
        Assert.Equal("Nalini Varadan", Single(text, "No driver").Speaker);
    }

    [Fact]
    public void Extract_LawyerAfterAttorney_IsTheSamePerson()
    {
        var text = "Trial\n\nOn cross-examination, defense attorney Pauline Ashdown-Reyes asked why the witness had waited a year.\n\n"
            + "\"That was when I stopped being afraid,\" the witness, Kerrin Mayo, said.\n\n"
            + "\"Or that was when you needed a deal,\" the defense lawyer shot back.";
        Assert.Equal("Pauline Ashdown-Reyes", Single(text, "Or that was").Speaker);
    }

    [Fact]
    public void Extract_SheAfterAManAskedTheQuestion_IsTheWoman()
    {
        // "Marcus" is a man's name: "she replied" after his question is the witness, not him.
        var text = "Trial\n\nDelia Fenwright, the former clerk, testified for a second day. \"I was told to move it,\" Fenwright said.\n\n"
            + "Under questioning by prosecutor Marcus Oyelowo, Fenwright said she had complied.\n\n"
            + "\"Did you ask why?\" Oyelowo asked.\n\n"
            + "\"I asked. Nobody answered,\" she replied.";
        Assert.Equal("Delia Fenwright", Single(text, "I asked").Speaker);
    }

    [Fact]
    public void Extract_ColonAfterNamedSubjectWithNoCue_IsThatPerson()
    {
        // The body spoke in the sentence before; the colon's own sentence names the chair.
        var text = "Pensions\n\nThe Independent Budget Council has reported twice. In its spring review, it said the savings were "
            + "\"credible but fragile\". Its chair, Prof. Anton Varga, was blunter at a hearing in May: "
            + "\"If people cannot find work, the state pays them something else.\"";
        Assert.Equal("Anton Varga", Single(text, "If people cannot").Speaker);
    }

    [Fact]
    public void Extract_ColonAfterReadingOutAMessageFromSomeoneUnnamed_IsNotTheReader()
    {
        // Guard: "read out a message from a listener:" introduces the listener's words, so the colon rule does not give
        // them to the sentence's subject (what other rules make of them is not this rule's business).
        var text = "Phone-in\n\nHost Brendan Oakes asked the minister about rents. \"Will they fall?\" Oakes asked.\n\n"
            + "Later in the programme, Oakes read out a message from a listener in Dunmore: \"Three visits, three promises, no house.\"";
        Assert.NotEqual("colon-intro", Single(text, "Three visits").Method);
    }
}
