using QuoteBot.Extraction;
using static QuoteBot.Extraction.Tests.PlainTextExtraction;

namespace QuoteBot.Extraction.Tests;

/// <summary>
/// Articles that quote with single marks (British house style: ‘…’, sometimes straight '…', with "…" for a quote
/// within a quote), and the quote-detection items of issue 12 around them. Original short texts; names invented.
/// </summary>
public sealed class SingleQuoteTests
{
    private static string[] Texts(string text) => [.. Extract(text).Select(q => q.Text)];

    [Fact]
    public void Extract_CurlySingleQuotes_AreQuotesWithTheirSpeakers()
    {
        var text = "The transport secretary, Helen Crane, spoke on Monday.\n\n"
            + "‘We have made a fair offer and it is still on the table,’ Ms Crane told the BBC. ‘The union knows that.’\n\n"
            + "‘It is an insult,’ said Owen Pryce, the union’s general secretary.";
        var quotes = Extract(text);
        Assert.Equal(["We have made a fair offer and it is still on the table", "The union knows that.", "It is an insult"], quotes.Select(q => q.Text));
        Assert.Equal(["Helen Crane", "Helen Crane", "Owen Pryce"], quotes.Select(q => q.Speaker));
    }

    [Fact]
    public void Extract_Apostrophes_NeverOpenOrCloseAQuote()
    {
        var text = "‘I don’t think Dawn O’Neill ever missed a shift in the 1990s’ strikes,’ said Ruth Abara.\n\n"
            + "‘Jones’ car sat outside ’til midnight. It was rock ’n’ roll in the ‘90s, all of it,’ Ms Abara added.\n\n"
            + "She said the town’s rates were ‘the highest since ’09’.";
        Assert.Equal(
            ["I don’t think Dawn O’Neill ever missed a shift in the 1990s’ strikes", "Jones’ car sat outside ’til midnight. It was rock ’n’ roll in the ‘90s, all of it", "the highest since ’09"],
            Texts(text));
    }

    [Fact]
    public void Extract_QuoteWithinAQuote_StaysInTheOuterQuote()
    {
        // British style: "…" inside ‘…’; US style: ‘…’ or '…' inside "…". The inner words are never a quote of their own.
        (string Text, string Outer)[] cases =
        [
            ("‘When the minister says \"fair\", she means cheap,’ said Owen Pryce. ‘Ask anyone.’", "When the minister says \"fair\", she means cheap"),
            ("\"When the minister says ‘fair,’ she means cheap,\" said Owen Pryce. \"Ask anyone.\"", "When the minister says ‘fair,’ she means cheap"),
            ("\"When the minister says 'fair,' she means cheap,\" said Owen Pryce. \"Ask anyone.\"", "When the minister says 'fair,' she means cheap"),
        ];
        foreach (var (text, outer) in cases)
        {
            var quotes = Extract(text);
            Assert.Equal([outer, "Ask anyone."], quotes.Select(q => q.Text));
            Assert.All(quotes, q => Assert.Equal("Owen Pryce", q.Speaker));
        }
    }

    [Fact]
    public void Extract_PluralPossessiveOrClosingMark_ByTheWordAfter()
    {
        var text = "Nurses’ pay row\n\n"
            + "‘We love the members’ he said, ‘and the members’ union loves us back.’ The minister had called the offer ‘a betrayal of nurses’ last week.\n\n"
            + "‘It was a gift to the bosses’ and nothing else, said Ruth Abara, who speaks for the nurses’ union.\n\n"
            + "The union’s council called the offer ‘an insult to nurses’ everywhere in the county.";
        Assert.Equal(
            ["We love the members", "and the members’ union loves us back.", "a betrayal of nurses", "It was a gift to the bosses", "an insult to nurses"],
            Texts(text));
    }

    [Fact]
    public void Extract_SingleQuoteOverParagraphs_OpensEachParagraphAndClosesOnlyAtTheLast()
    {
        var text = "Dr Martin Yeo, a GP in the town, warned the council about vermin.\n\n"
            + "‘I am not trying to frighten anyone. The drivers’ depot is next to the flats.\n\n"
            + "‘But I have seen what rats do to a street in a hot summer.\n\n"
            + "‘Please look again at the flats,’ said Dr Yeo.";
        var quotes = Extract(text);
        Assert.Equal(
            ["I am not trying to frighten anyone. The drivers’ depot is next to the flats.", "But I have seen what rats do to a street in a hot summer.", "Please look again at the flats"],
            quotes.Select(q => q.Text));
        Assert.All(quotes, q => Assert.Equal("Martin Yeo", q.Speaker));
        Assert.Single(quotes.Select(q => q.Group).Distinct());
    }

    [Theory]
    [InlineData("Shirley Patel started the petition.\n\n‘We do not have room for a bigger bin,’ said Mrs Patel.", "Shirley Patel")]
    [InlineData("Martin Yeo is a GP.\n\n‘Look again at the flats,’ said Dr Yeo.", "Martin Yeo")]
    [InlineData("Imran Siddiqui runs the waste service.\n\n‘Nobody will wake up to a surprise,’ Mr Siddiqui said.", "Imran Siddiqui")]
    public void Extract_TitlesWithoutDots_BritishStyle(string text, string speaker)
    {
        Assert.Equal(speaker, Assert.Single(Extract(text)).Speaker);
    }

    [Fact]
    public void Extract_CouncillorTitle_IsNotPartOfTheName()
    {
        Assert.Equal("Rachel Benbow", Assert.Single(Extract("\"We are not doing this lightly,\" said Cllr Rachel Benbow.")).Speaker);
    }

    [Fact]
    public void Extract_StraightSingleQuotes_OnlyWhenTheArticleUsesThem()
    {
        var text = "Fenwick: 'We owe the fans a performance'\n\n"
            + "Stuart Fenwick, the Kingsmoor Rovers manager, spoke on Friday. 'I'm not daft, I can read a table,' he said. 'We're 17th and we've lost four of six.'\n\n"
            + "The Rovers boss, who played here in the '90s and won at Wearbridge in '97, said the derby was 'the one game the fans never forget'.\n\n"
            + "'It's rock 'n' roll football at times, but the lads' heads are right,' said Fenwick.";
        Assert.Equal(
            ["I'm not daft, I can read a table", "We're 17th and we've lost four of six.", "the one game the fans never forget", "It's rock 'n' roll football at times, but the lads' heads are right"],
            Texts(text));
        Assert.All(Extract(text), q => Assert.Equal("Stuart Fenwick", q.Speaker));

        // A double-quoted article: one '…' span is not enough to read straight singles as quote marks.
        var other = "Brook stands firm\n\n\"We will not move,\" said Ada Brook. \"Not an inch.\"\n\n"
            + "Her critics call it 'the Brook doctrine,' a phrase she dislikes.\n\n"
            + "\"It is a slogan,\" she said.";
        Assert.Equal(["We will not move", "Not an inch.", "It is a slogan"], Texts(other));
    }

    [Fact]
    public void Extract_SingleQuoteStyle_HeadlineScareQuotesAndEmbeddedPostsAreNoQuotes()
    {
        var text = "‘We will not be bullied’: Hartwell faces down rebels\n\n"
            + "Ministers said the ‘so-called’ grey belt review would follow. Critics call the plan ‘Operation Bulldozer’.\n\n"
            + "‘Nobody on these benches is against homes,’ said Sir Geoffrey Allard.\n\n"
            + "My constituents’ meadows flood every winter. ‘Build here’ is not a plan. I’ll vote against it. pic.twitter.com/Qe7hWm2LsT — Penny Ashdown (@PennyAshdownMP) 9 March 2026\n\n"
            + "Follow Lucy Brandreth on Twitter: @lucybrandreth";
        var q = Assert.Single(Extract(text));
        Assert.Equal("Nobody on these benches is against homes", q.Text);
        Assert.Equal("Geoffrey Allard", q.Speaker);
    }

    [Fact]
    public void Extract_PromoLineWithAQuotedTeaser_IsNoQuote()
    {
        var text = "\"If it is not working, we will change it,\" said Rachel Benbow.\n\n\"What happens next?\" Read our guide to the changes";
        Assert.Equal(["If it is not working, we will change it"], Texts(text));
    }

    [Fact]
    public void Extract_StraySingleMarks_StoreNoFragment()
    {
        // An opening mark that nothing closes in the middle of a paragraph, and a narrative paragraph opening with a
        // stray straight mark, give no sentence fragments.
        var text = "Bins row\n\n‘We are not doing this lightly,’ said Rachel Benbow. ‘Every council did it years ago.’\n\n"
            + "The scheme, known at the town hall as the ‘green week plan, was first proposed in 2019 and dropped.\n\n"
            + "\"The cabinet voted five to two in favour after a debate that lasted almost three hours.\n\n"
            + "‘If it isn’t working, we will say so,’ she said.";
        Assert.Equal(["We are not doing this lightly", "Every council did it years ago.", "If it isn’t working, we will say so"], Texts(text));
    }

    [Fact]
    public void Extract_PassiveTold_TheHearerIsNotTheSpeaker()
    {
        var text = "Shirley Patel, who started the petition, said she had been told by council officers that residents could simply \"use a bigger bin\".";
        Assert.Null(Assert.Single(Extract(text)).Speaker);
    }

    [Fact]
    public void Extract_InfinitiveCue_TakesTheEarlierSubject()
    {
        var text = "Sir Geoffrey Allard leads the rebels.\n\nHe added that he had written to the prime minister to say the rebels were \"not going away\".";
        Assert.Equal("Geoffrey Allard", Assert.Single(Extract(text)).Speaker);
    }

    [Fact]
    public void Extract_ShortSentenceBeforeQuote_NamesTheSpeaker()
    {
        var text = "\"The schedule we gave you was the schedule we believed,\" said Adm. Peter Kessler.\n\n"
            + "Sen. Laura Whitcomb was not persuaded. \"The email says the opposite. Who decided to hide it?\"";
        Assert.Equal("Laura Whitcomb", Single(text, "The email says").Speaker);
    }

    [Fact]
    public void Extract_BossAfterManager_IsTheManager()
    {
        var text = "Kingsmoor Rovers manager Stuart Fenwick spoke on Friday.\n\nThe Rovers boss said the derby was \"the one game the supporters never forget\".";
        Assert.Equal("Stuart Fenwick", Assert.Single(Extract(text)).Speaker);
    }
}
