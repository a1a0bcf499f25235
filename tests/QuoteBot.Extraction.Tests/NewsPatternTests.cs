using QuoteBot.Extraction;
using static QuoteBot.Extraction.Tests.PlainTextExtraction;

namespace QuoteBot.Extraction.Tests;

/// <summary>The news-writing patterns of issue 12, one small original text each.</summary>
public sealed class NewsPatternTests
{
    [Theory]
    [InlineData("Prime Minister Theresa Lindgren-May spoke first. \"Order is order,\" May said.", "Order is order")]
    [InlineData("\"Order is order,\" May said.", "Order is order")]
    public void Extract_CommonWordSurnameBeforeVerb_IsTheSpeaker(string text, string quote)
    {
        Assert.EndsWith("May", Single(text, quote).Speaker);
    }

    [Fact]
    public void Extract_CommonWordSurname_AllFormsAreOneSpeaker()
    {
        var text = "Prime Minister Theresa May opened the debate.\n\n\"We will deliver,\" May said.\n\n\"We will deliver on time,\" Mrs. May told MPs.\n\n\"No turning back,\" said Theresa May.";
        var quotes = Extract(text);
        Assert.Equal(3, quotes.Count);
        Assert.All(quotes, q => Assert.Equal("Theresa May", q.Speaker));
        Assert.All(quotes, q => Assert.Equal(SpeakerKind.Person, q.SpeakerKind));
    }

    [Fact]
    public void Extract_CommonWordSurnameAsSubject_TellsReporters()
    {
        var text = "Negotiator Daniel Park arrived late.\n\nPark told reporters the gap was \"about four billion and some pride.\"";
        Assert.Equal("Daniel Park", Single(text, "about four billion").Speaker);
    }

    [Theory]
    [InlineData("\"The tanks will burn until Saturday,\" fire operations chief Lena Olsvik said.", "Lena Olsvik")]
    [InlineData("\"I took the cat and ran,\" retired bus driver Hanne Vesterby said.", "Hanne Vesterby")]
    [InlineData("\"Nothing is ruled out,\" river police inspector Jonas Aaberg told reporters.", "Jonas Aaberg")]
    public void Extract_LowerCaseRolePhraseBeforeNameInTail_IsTheSpeaker(string text, string speaker)
    {
        Assert.Equal(speaker, Assert.Single(Extract(text)).Speaker);
    }

    [Fact]
    public void Extract_LowerCaseWordsBeforeCueWithoutAName_NoSpeaker()
    {
        // Lower-case words and no name after them: nobody named speaks.
        Assert.Null(Assert.Single(Extract("\"We will keep every shelter open through the weekend,\" city health officials said on Friday.")).Speaker);
    }

    [Fact]
    public void Extract_MonthIsNotASurname()
    {
        var text = "\"We start in May,\" the mayor said.";
        Assert.Null(Single(text, "We start in May").Speaker);
    }

    [Fact]
    public void Extract_SpeakerOnDashLineAfterQuote_VoxPop()
    {
        var text = "We asked shoppers what they thought.\n\n\"It's too expensive now.\"\n― Agnes Moor, 71, retired teacher\n\n\"It's fine by me.\"\n— Tom Reyes";
        Assert.Equal("Agnes Moor", Single(text, "It's too expensive").Speaker);
        Assert.Equal("Tom Reyes", Single(text, "It's fine by me").Speaker);
    }

    [Fact]
    public void Extract_SpeakerAfterDashOnSameLine()
    {
        Assert.Equal("Maria Lopez", Single("\"We will rebuild.\" ― Maria Lopez", "We will rebuild").Speaker);
    }

    [Fact]
    public void Extract_TranscriptLabels_NameTheSpeakerAndCrosstalkIsNoQuote()
    {
        var text = "Host Frank Tolliver spoke to Grace Adeyemi. Partial transcript as follows:\n\n\"TOLLIVER: Will you raise the tax?\n\n\"ADEYEMI: No. No new sales tax.\"\n\n\"(CROSSTALK)\"";
        var quotes = Extract(text);
        Assert.Equal(2, quotes.Count);
        Assert.Equal("Will you raise the tax?", quotes[0].Text);
        Assert.Equal("Frank Tolliver", quotes[0].Speaker);
        Assert.Equal("Grace Adeyemi", quotes[1].Speaker);
        Assert.DoesNotContain(quotes, q => q.Speaker == "Partial");
    }

    [Theory]
    [InlineData("\"Costs will rise,\" Rep. Jane Doering (D-Wis.) said.")]
    [InlineData("Rep. Jane Doering, R-Ky., said the bill was flawed. \"Costs will rise,\" Doering said.")]
    [InlineData("\"Costs will rise,\" Jane Doering, the attorney general of Ohio, said.")]
    [InlineData("\"Costs will rise,\" said Fox host Jane Doering.")]
    [InlineData("Jane Doering has fought the bill for years. Said Doering: \"Costs will rise.\"")]
    [InlineData("Del. Jane Doering (D-Guam) asked why. \"Costs will rise,\" Doering said.")]
    public void Extract_TagsAppositionsAndVerbFirstRoles_FindTheName(string text)
    {
        Assert.Equal("Jane Doering", Single(text, "Costs will rise").Speaker);
    }

    [Fact]
    public void Extract_OutletReportsBlockQuote_OutletIsSpeaker()
    {
        var text = "The Meridian Times reports:\n\n\"Three of the fund's investments lost a quarter of their value.\"";
        var q = Single(text, "Three of the fund's");
        Assert.Equal("Meridian Times", q.Speaker);
        Assert.Equal(SpeakerKind.Organisation, q.SpeakerKind);
    }

    [Fact]
    public void Extract_DocumentOwnerAndChantingGroup_AreSpeakers()
    {
        var text = "The IMF report released in April stated that exposure was \"well above that of its peers.\" Outside, pensioners chanted \"Our money, our say\" for an hour.";
        Assert.Equal("IMF", Single(text, "well above").Speaker);
        var chant = Single(text, "Our money");
        Assert.Equal("pensioners", chant.Speaker);
        Assert.Equal(SpeakerKind.Group, chant.SpeakerKind);
    }

    [Fact]
    public void Extract_PronounAfterObject_IsTheSubject()
    {
        var text = "Mayor Rosa Delgado criticised finance chief Irene Walsh on Tuesday. \"Every estimate has been wrong by a third,\" she said.";
        Assert.Equal("Rosa Delgado", Single(text, "Every estimate").Speaker);
    }

    [Fact]
    public void Extract_AttackedSayingFrame_TakesTheSubject()
    {
        var text = "Rosa Delgado attacked Irene Walsh's figures, saying, \"You cannot run a city on numbers that change.\"";
        Assert.Equal("Rosa Delgado", Single(text, "You cannot run").Speaker);
    }

    [Fact]
    public void Extract_UnclosedParagraphThenNewQuote_DoesNotInherit()
    {
        var text = "Judge Lorena Vance wrote that the agency had failed.\n\n\"The agency treated consultation as a box to be ticked.\n\n\"We are grateful,\" said tribal chairman Joseph Redcloud.";
        Assert.Equal("Joseph Redcloud", Single(text, "We are grateful").Speaker);
    }

    [Fact]
    public void Extract_HeadlineWordIsNotPartOfTheName()
    {
        var text = "Hoffman Sees Opening on Trade\n\nPresident Leon Hoffman spoke on Tuesday.\n\n\"We have never been closer,\" Mr. Hoffman said.";
        Assert.Equal("Leon Hoffman", Single(text, "We have never").Speaker);
    }

    [Fact]
    public void Extract_BareSurnameNeverIntroduced_GivesTheSurname()
    {
        var text = "Board member Holloway voted against. \"We had the numbers for weeks,\" Holloway said.";
        Assert.Equal("Holloway", Single(text, "We had the numbers").Speaker);
    }

    [Fact]
    public void Extract_StrayMarkEmbeddedPostAndFollowFooter_AreNoQuotes()
    {
        var text = "Senator Mara Lind spoke.\n\n\"Lind has voted with her party on every bill this year, and her defection hurts.\n\nHart was unmoved.\n\nBorder fences fail. \"Hire the judges,\" I said. — Mara Lind (@SenLind) March 3, 2026\n\nFollow Dan Webb on Twitter at @dwebb.";
        Assert.Empty(Extract(text));
    }

    [Fact]
    public void Extract_LabelledCrowdChantedInTitleCase_Kept()
    {
        var q = Single("Protesters chanted \"Sink the deal\" all morning.", "Sink the deal");
        Assert.Equal("Protesters", q.Speaker);
    }

    [Theory]
    [InlineData("WALLACE: \"Will you run again?\"", "Wallace")]
    [InlineData("JUDY WOODRUFF: \"Senator, thank you for joining us.\"", "Judy Woodruff")]
    [InlineData("Senator Helen Ortiz joined later.\n\nSEN. HELEN ORTIZ: \"If the secretary asks, he will have my vote.\"", "Helen Ortiz")]
    public void Extract_UpperCaseTranscriptLabelBeforeQuote_IsTheSpeaker(string text, string speaker)
    {
        Assert.Equal(speaker, Assert.Single(Extract(text)).Speaker);
    }

    [Fact]
    public void Extract_UpperCaseLabelOpensParagraph_PronounIsTheLabelledPerson()
    {
        var text = "Chris Wallace interviewed Vice President Mike Pence on Sunday.\n\nWALLACE: Will you run again?\n\nPENCE: \"I have no plans to run,\" he said, \"and that is final.\"";
        var quotes = Extract(text);
        Assert.Equal(2, quotes.Count);
        Assert.All(quotes, q => Assert.Equal("Mike Pence", q.Speaker));
    }

    [Fact]
    public void Extract_HeadingLabelIsNoSpeaker()
    {
        Assert.Null(Assert.Single(Extract("UPDATE: \"We are reviewing the footage,\" police said in a post.")).Speaker);
    }

    [Theory]
    [InlineData("Park, who chairs the committee, said the bill was \"dead on arrival.\"", "Park")]
    [InlineData("King, speaking at a rally in Dover, said the tax \"would hurt every family in the state.\"", "King")]
    [InlineData("Green, D-Ore., told reporters that the vote \"was never in doubt once the members signed on.\"", "Green")]
    [InlineData("\"It was never in doubt,\" Green, D-Ore., told reporters.", "Green")]
    [InlineData("\"It's over,\" Park told reporters.", "Park")]
    [InlineData("Hall, a former chairman of the grain board who has sat on the panel since 2011, voted for the bill but warned that the Senate would \"cut it in half.\"", "Hall")]
    public void Extract_BareCommonWordSurnameOpeningItsSentence_IsTheSpeaker(string text, string speaker)
    {
        Assert.Equal(speaker, Assert.Single(Extract(text)).Speaker);
    }

    [Fact]
    public void Extract_CommonWordAfterPlaceWordIsStillNoSpeaker()
    {
        // "Park" after "in" is a place, and "Green" after "the" a colour or party: no name position.
        Assert.Null(Assert.Single(Extract("Residents in Park, a suburb of the capital, said the water was \"brown for a week.\"")).Speaker);
    }

    [Theory]
    [InlineData("\"This is the moment,\" Maria Lake, who represents a rural district in the north of the state and sits on the farm committee, said on Tuesday.", "This is the moment", "Maria Lake")]
    [InlineData("Gates, the port authority's chief executive, who took the job in January after twenty years at a shipping firm, said the authority would \"match whatever the government can find.\"", "match whatever", "Gates")]
    public void Extract_LongAppositionBetweenNameAndVerb_IsTheSpeaker(string text, string quote, string speaker)
    {
        Assert.Equal(speaker, Single(text, quote).Speaker);
    }

    [Theory]
    [InlineData("\"It's a mess,\" Del. Harmon said.", "Harmon")]
    [InlineData("\"It's a mess,\" said Del. Eleanor Harmon of the Virgin Islands.", "Eleanor Harmon")]
    public void Extract_DelegateTitle_DoesNotEndTheSentence(string text, string speaker)
    {
        Assert.Equal(speaker, Assert.Single(Extract(text)).Speaker);
    }

    [Fact]
    public void Extract_TitleCaseSubhead_AddsNoWordsToAName()
    {
        var text = "Talks resume in Geneva\n\nObama Sees Progress in Talks\n\nPresident Obama said the talks were \"moving in the right direction after months.\"";
        Assert.Equal("Obama", Assert.Single(Extract(text)).Speaker);
    }

    [Theory]
    [InlineData("Ana Ruiz slammed the plan as \"a disaster for renters and a gift to landlords.\"")]
    [InlineData("Ana Ruiz dismissed the plan as \"a disaster for renters and a gift to landlords.\"")]
    public void Extract_EvaluativeVerbWithAs_IsAFrame(string text)
    {
        Assert.Equal("Ana Ruiz", Assert.Single(Extract(text)).Speaker);
    }

    [Fact]
    public void Extract_SurnameBeforeJr_IsNotTheTitleKing()
    {
        var text = "\"I think it is over,\" said Dr. Anthony King Jr., the city's health officer. King Jr. added: \"We got lucky.\"";
        var quotes = Extract(text);
        Assert.Equal(2, quotes.Count);
        Assert.All(quotes, q => Assert.Equal("Anthony King Jr.", q.Speaker));
    }

    [Fact]
    public void Extract_QuoteOnlyParagraphAfterNarrativeSentence_IsThatPersons()
    {
        var text = "Union leader Anthony Varga walked the picket line on Monday afternoon.\n\n\"We stay out until the offer changes. Not one day less.\"";
        Assert.Equal("Anthony Varga", Assert.Single(Extract(text)).Speaker);
    }

    [Theory]
    [InlineData("SEN. JOHN DOE (D-WIS.): \"We will not vote for this bill.\"", "John Doe")]
    [InlineData("REP. ANNA PRICE, R-KY.: \"Not in its current form.\"", "Anna Price")]
    public void Extract_UpperCaseLabelWithPartyTag_IsTheSpeaker(string text, string speaker)
    {
        Assert.Equal(speaker, Assert.Single(Extract(text)).Speaker);
    }

    [Fact]
    public void Extract_UnnamedRoleLabel_NoSpeaker()
    {
        Assert.Null(Assert.Single(Extract("MODERATOR: \"Minister, the first question is from the back.\"")).Speaker);
    }

    [Theory]
    [InlineData("The Herald's editorial board wrote that the plan was \"cynical, late and unfunded.\"", "Herald")]
    [InlineData("The Ledger's leader column called the plan \"a tax on staying put.\"", "Ledger")]
    [InlineData("The Evening Courier was blunter: \"The minister should go.\"", "Evening Courier")]
    public void Extract_OutletWithItsDocumentOrVerdict_IsAnOrganisationSpeaker(string text, string speaker)
    {
        var q = Assert.Single(Extract(text));
        Assert.Equal(speaker, q.Speaker);
        Assert.Equal(SpeakerKind.Organisation, q.SpeakerKind);
    }

    [Fact]
    public void Extract_CountryReport_NoSpeaker()
    {
        Assert.Null(Assert.Single(Extract("Kestria's report said the border was \"closed until further notice.\"")).Speaker);
    }

    [Fact]
    public void Extract_PersonWasBluntColon_IsTheSpeaker()
    {
        Assert.Equal("Ruiz", Assert.Single(Extract("Ruiz was blunt: \"We lost, and we deserved to.\"")).Speaker);
    }

    [Fact]
    public void Extract_MultiParagraphQuoteAttributedInItsLastParagraph_AllPartsAreTheSpeakers()
    {
        var text = "The town meeting ran late.\n\n\u201CWe have waited eleven years for this road. Eleven years.\n\n\u201CMy grandchildren have grown up with the potholes,\" said retired teacher Edna Oakes.";
        var quotes = Extract(text);
        Assert.Equal(2, quotes.Count);
        Assert.All(quotes, q => Assert.Equal("Edna Oakes", q.Speaker));
    }

    [Fact]
    public void Extract_ItSaidAfterAnOrganisationSpoke_IsThatOrganisation()
    {
        var q = Single("The Finance Ministry said on Monday that growth had slowed. \"The outlook remains uncertain,\" it said.", "The outlook");
        Assert.Equal("Finance Ministry", q.Speaker);
        Assert.Equal(SpeakerKind.Organisation, q.SpeakerKind);
    }

    [Fact]
    public void Extract_ItSaidWithNoOrganisation_NoSpeaker()
    {
        Assert.Null(Single("Nobody expected the vote. \"The outlook remains uncertain for everyone here,\" it said.", "The outlook").Speaker);
    }
}
