using QuoteBot.Extraction;
using static QuoteBot.Extraction.Tests.PlainTextExtraction;

namespace QuoteBot.Extraction.Tests;

public sealed class ExtractorPatternTests
{
    [Fact]
    public void Extract_TailCueAfterSurname_ResolvesFullName()
    {
        var text = "Ukrainian President Volodymyr Zelenskyy spoke in Kyiv on Tuesday.\n\n\"We are not ready to concede any territory,\" Zelenskyy said.";
        var q = Single(text, "We are not ready");
        Assert.Equal("Volodymyr Zelenskyy", q.Speaker);
        Assert.Equal("said", q.Cue);
        Assert.Equal(1, q.Paragraph);
    }

    [Fact]
    public void Extract_InvertedTail_TakesNameAfterVerb()
    {
        var q = Single("The vote was close.\n\n\"This is a good day for the county,\" said Mayor Linda Ostrander.", "This is a good day");
        Assert.Equal("Linda Ostrander", q.Speaker);
    }

    [Fact]
    public void Extract_ColonIntroWithTold_KeepsAudience()
    {
        var q = Single("Sen. Paul Harwick told Newsmax: \"We will not fund this program another year.\"", "We will not fund");
        Assert.Equal("Paul Harwick", q.Speaker);
        Assert.Equal("told", q.Cue);
        Assert.Equal("Newsmax", q.Audience);
    }

    [Fact]
    public void Extract_ToldPerson_AudienceIsResolvedName()
    {
        var text = "Anchor Rob Schmitt interviewed Governor Mary Kell.\n\n\"The roads will reopen by Friday,\" Kell told Schmitt.";
        var q = Single(text, "The roads will reopen");
        Assert.Equal("Mary Kell", q.Speaker);
        Assert.Equal("Rob Schmitt", q.Audience);
    }

    [Fact]
    public void Extract_SplitQuote_BothHalvesSameSpeakerAndGroup()
    {
        var quotes = Extract("Defense Minister Aurelio Nunez spoke late.\n\n\"We're not ready,\" he said, \"to accept any ultimatums.\"");
        Assert.Equal(2, quotes.Count);
        Assert.All(quotes, q => Assert.Equal("Aurelio Nunez", q.Speaker));
        Assert.Equal(quotes[0].Group, quotes[1].Group);
        Assert.Equal("We're not ready", quotes[0].Text);
        Assert.Equal("to accept any ultimatums.", quotes[1].Text);
    }

    [Fact]
    public void Extract_QuoteOverTwoParagraphs_OneSpanPerParagraphSameGroup()
    {
        var text = "Premier Ingrid Sollen said on Monday:\n\n\u201CThe first thing we will do is open the books.\n\n\u201CThe second thing is to close the deficit within three years.\u201D";
        var quotes = Extract(text);
        Assert.Equal(2, quotes.Count);
        Assert.All(quotes, q => Assert.Equal("Ingrid Sollen", q.Speaker));
        Assert.Equal(quotes[0].Group, quotes[1].Group);
        Assert.Equal("The first thing we will do is open the books.", quotes[0].Text);
    }

    [Fact]
    public void Extract_ScareQuotesWithoutCue_AreDropped()
    {
        var text = "Senator Ada Whitcombe criticised the plan.\n\nWhitcombe denounced the ministry's \"weakness\" and said \"bad\" planning had cost the region dearly.";
        Assert.Empty(Extract(text));
    }

    [Fact]
    public void Extract_TitleCaseShowName_IsDropped()
    {
        var text = "Finance Minister Jonas Brell appeared on \"Capital Tonight,\" the late show, where he argued for the plan.";
        Assert.DoesNotContain(Extract(text), q => q.Text.StartsWith("Capital", StringComparison.Ordinal));
    }

    [Fact]
    public void Extract_PartialQuoteGovernedByCue_IsKept()
    {
        var text = "Gov. Luisa Ferrante said the flood money was \"roughly a third of what our engineers say we need\" and urged lawmakers to act.";
        var q = Single(text, "roughly a third");
        Assert.Equal("Luisa Ferrante", q.Speaker);
    }

    [Fact]
    public void Extract_SharedSurname_HonorificAndPronounPickTheWoman()
    {
        var text = "President Donald Trump and first lady Melania Trump visited the hospital on Friday.\n\n"
            + "\"The nurses here are extraordinary,\" Mrs. Trump said.\n\n"
            + "\"We will be back,\" she added.\n\n"
            + "\"We are going to fund this hospital,\" Trump said.";
        var quotes = Extract(text);
        Assert.Equal("Melania Trump", quotes.Single(q => q.Text.StartsWith("The nurses", StringComparison.Ordinal)).Speaker);
        Assert.Equal("Melania Trump", quotes.Single(q => q.Text.StartsWith("We will be back", StringComparison.Ordinal)).Speaker);
        Assert.Equal("Donald Trump", quotes.Single(q => q.Text.StartsWith("We are going", StringComparison.Ordinal)).Speaker);
    }

    [Fact]
    public void Extract_PronounAfterSubject_ResolvesToSubjectNotObject()
    {
        var text = "Chancellor Erik Malm met Prime Minister Vera Odell on Tuesday.\n\nMalm praised the agreement. \"It is a fair deal for both sides,\" he said.";
        Assert.Equal("Erik Malm", Single(text, "It is a fair deal").Speaker);
    }

    [Fact]
    public void Extract_PronounGenderLearnedFromText_PicksMatchingPerson()
    {
        var text = "Tova Rennick, the harbor commissioner, said she would resign. Bastian Oyelaran, her deputy, said he would stay.\n\n"
            + "\"I have done what I came to do,\" she said.";
        Assert.Equal("Tova Rennick", Single(text, "I have done").Speaker);
    }

    [Fact]
    public void Extract_RoleNoun_ResolvesToPersonIntroducedWithRole()
    {
        var text = "Interior Minister Mehmet Barlas flew to the valley on Wednesday.\n\n\"There are still voices under the concrete,\" the minister said.";
        Assert.Equal("Mehmet Barlas", Single(text, "There are still voices").Speaker);
    }

    [Fact]
    public void Extract_AppositionBeforeName_TakesName()
    {
        var text = "\"The figures will be revised next month,\" a spokeswoman for the ministry, Jane Okoro, said.";
        Assert.Equal("Jane Okoro", Single(text, "The figures").Speaker);
    }

    [Fact]
    public void Extract_AppositionAfterName_TakesName()
    {
        var text = "Greta Sollen, president of the Steel Federation, said the decision \"comes late, but at least it comes,\" adding that mills had cut shifts.";
        Assert.Equal("Greta Sollen", Single(text, "comes late").Speaker);
    }

    [Fact]
    public void Extract_AccordingTo_TakesFollowingName()
    {
        var text = "According to Anton Keel, head of the builders' association, the tariffs \"will add between two and four percent to the cost of a new apartment.\"";
        Assert.Equal("Anton Keel", Single(text, "will add between").Speaker);
    }

    [Fact]
    public void Extract_QuoteOnlyParagraph_TakesPreviousSpeaker()
    {
        var text = "\"We will negotiate about water,\" President Anna Varga said.\n\n\"We will not negotiate about the valley.\"";
        Assert.Equal("Anna Varga", Single(text, "We will not negotiate").Speaker);
    }

    [Fact]
    public void Extract_PreviousParagraphEndsWithColon_AttributesQuoteParagraph()
    {
        var text = "Trade Commissioner Rafael Idriss went further, telling reporters in the capital:\n\n\"We were not consulted. We were informed an hour before.\"";
        Assert.Equal("Rafael Idriss", Single(text, "We were not consulted").Speaker);
    }

    [Fact]
    public void Extract_NoSpeakerAnywhere_KeepsQuoteWithNullSpeaker()
    {
        var text = "Protesters marched through the square on Saturday.\n\nA banner on the town hall read \"No farms, no food, no future.\"";
        var q = Single(text, "No farms");
        Assert.Null(q.Speaker);
    }

    [Fact]
    public void Extract_OrganisationSpeaker_IsKeptAsOrganisation()
    {
        var text = "\"The decision is final and will not be reviewed,\" the Kestria Ministry of Defence said in a statement.";
        var q = Single(text, "The decision is final");
        Assert.Equal("Kestria Ministry of Defence", q.Speaker);
        Assert.Equal(SpeakerKind.Organisation, q.SpeakerKind);
    }

    [Fact]
    public void Extract_SaidInStatement_AttributesToPerson()
    {
        var text = "\"Our doors remain open to every worker who wants to talk,\" Mayor Tom Ekberg said in a statement on Sunday.";
        var q = Single(text, "Our doors remain open");
        Assert.Equal("Tom Ekberg", q.Speaker);
        Assert.Equal("said", q.Cue);
    }

    [Fact]
    public void Extract_WroteOnX_AttributesToPerson()
    {
        var text = "Foreign Minister Lena Kowal wrote on X: \"Territory is not on the table, today or any other day.\"";
        Assert.Equal("Lena Kowal", Single(text, "Territory is not").Speaker);
    }

    [Fact]
    public void Extract_CuriousMarks_AllRecognized()
    {
        var text = "Minister Ola Brandt said: \u201EWe will build the bridge by spring.\u201C Later Brandt added: \u00ABThe money is already there.\u00BB";
        var quotes = Extract(text);
        Assert.Contains(quotes, q => q.Text == "We will build the bridge by spring." && q.Speaker == "Ola Brandt");
        Assert.Contains(quotes, q => q.Text == "The money is already there." && q.Speaker == "Ola Brandt");
    }

    [Fact]
    public void Extract_NestedSingleQuotes_StayInsideOuterQuote()
    {
        var text = "\"If the message is, 'Give us the bank and we will let the water through,' then that is an ultimatum,\" President Anna Varga said.";
        var q = Single(text, "If the message is");
        Assert.Contains("'Give us the bank", q.Text, StringComparison.Ordinal);
        Assert.Equal("Anna Varga", q.Speaker);
    }

    [Fact]
    public void Extract_QuoteInParentheses_IsAttributed()
    {
        var text = "Mayor Ilse Brand opposed the plan (\"It will empty our schools,\" she said) and left the meeting early.";
        Assert.Equal("Ilse Brand", Single(text, "It will empty").Speaker);
    }

    [Fact]
    public void Extract_SentenceBeforeWithCue_AttributesFollowingQuote()
    {
        var text = "Harbor chief Pieter Ansel said the port would stay open. \"Ships keep coming, so we keep working.\"";
        Assert.Equal("Pieter Ansel", Single(text, "Ships keep coming").Speaker);
    }

    [Fact]
    public void Extract_AboutFooter_IsIgnored()
    {
        var text = "\"We are ready,\" Governor Pat Olsen said on Monday.\n\nAbout NEWSMAX TV:\n\n\"The fastest-growing news channel in the country,\" the network says.";
        var quotes = Extract(text);
        Assert.Single(quotes);
    }

    [Fact]
    public void Extract_CrLfText_OffsetsPointIntoOriginalString()
    {
        var text = "Headline about the budget\r\n\r\n\"We are not ready,\" Senator Mara Lind said.\r\n\"We never were,\" she added.";
        foreach (var q in Extract(text))
        {
            Assert.Equal(q.Text, text[q.Start..q.End]);
        }

        Assert.Equal(2, Extract(text).Count);
    }

    [Fact]
    public void Extract_HeadlineQuote_IsNotExtracted()
    {
        var text = "Mayor says budget is \"dead on arrival\" for the third year running\n\nMayor Lina Ortez said the budget needs work.";
        Assert.Empty(Extract(text));
    }

    [Fact]
    public void Extract_InterviewAnswerWithI_UsesTranscriptLabel()
    {
        var text = "Finance Minister Oona Rask answered questions on Monday.\n\nRask: When I took this job I told the prime minister, \"Give me two years and do not expect me to be popular.\"";
        Assert.Equal("Oona Rask", Single(text, "Give me two years").Speaker);
    }

    [Fact]
    public void Extract_CueSubjectIsPlace_FallsBackToPersonBeforeOf()
    {
        var text = "President Anneliese Varga of Kestria said Monday that the quarrel \"will not be settled at gunpoint.\"";
        Assert.Equal("Anneliese Varga", Single(text, "will not be settled").Speaker);
    }

    [Fact]
    public void Extract_UnnamedPerson_PronounIsNotPinnedOnName()
    {
        var text = "Finance Minister Oona Rask toured Hesby last month, and a woman stopped her outside the pharmacy. She said, \"I don't need a speech, I need my heating bill to go down.\"";
        Assert.Null(Single(text, "I don't need a speech").Speaker);
    }

    [Fact]
    public void Extract_PartyLabelApposition_TakesSenatorName()
    {
        var text = "Sen. Lindsey Graham, R-S.C., said the ruling was \"a gift to our rivals.\" He added, \"We cannot let a handful of judges set trade policy.\"";
        var quotes = Extract(text);
        Assert.All(quotes, q => Assert.Equal("Lindsey Graham", q.Speaker));
        Assert.Equal(2, quotes.Count);
    }

    [Fact]
    public void Extract_RoleTitleBeforeNameInTail_TakesName()
    {
        var text = "\"The tariffs were a tax on every family,\" Senate Minority Leader Chuck Schumer told reporters. \"Today the court agreed.\"";
        var quotes = Extract(text);
        Assert.All(quotes, q => Assert.Equal("Chuck Schumer", q.Speaker));
        Assert.Equal("reporters", quotes[0].Audience);
    }

    [Fact]
    public void Extract_LoneSurnameNeverIntroduced_KeptAsSpeaker()
    {
        var text = "Talks resumed on Sunday.\n\n\"We're going to get it done,\" Trump told reporters aboard the plane.";
        Assert.Equal("Trump", Single(text, "We're going to").Speaker);
    }

    [Fact]
    public void Extract_LoneNameUsedAsPlace_IsNoSpeaker()
    {
        var text = "The blockade of the second harbor in Kestria entered its third week.\n\n\"We will not be intimidated by anyone,\" Kestria said in a note to the envoys.";
        Assert.Null(Single(text, "We will not be intimidated").Speaker);
    }
}
