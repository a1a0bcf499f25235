using QuoteBot.Core.Commands;

namespace QuoteBot.Core.Tests.Commands;

public class QuoteInputParserTests
{
    [Fact]
    public void Parse_QuotedTextSpeakerAndSource_AllParts()
    {
        var (input, error) = QuoteInputParser.Parse("\"Stay - calm, and \"carry\" on\" - Jane Doe | https://example.com/a", true, "usage");
        Assert.Null(error);
        Assert.Equal("Stay - calm, and \"carry\" on", input!.Text);
        Assert.Equal("Jane Doe", input.Speaker);
        Assert.Equal("https://example.com/a", input.SourceUrl);
    }

    [Fact]
    public void Parse_CurlyQuotesAndEmDash_Accepted()
    {
        var (input, _) = QuoteInputParser.Parse("“We will rebuild.” — Ana Silva", true, "usage");
        Assert.Equal("We will rebuild.", input!.Text);
        Assert.Equal("Ana Silva", input.Speaker);
    }

    [Fact]
    public void Parse_UnquotedTextWithDash_SplitsOnLastDash()
    {
        var (input, _) = QuoteInputParser.Parse("Time is money - Benjamin Franklin", true, "usage");
        Assert.Equal("Time is money", input!.Text);
        Assert.Equal("Benjamin Franklin", input.Speaker);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\"no speaker\"")]
    [InlineData("\"unclosed - Jane")]
    public void Parse_MissingParts_Usage(string args)
    {
        var (input, error) = QuoteInputParser.Parse(args, true, "usage");
        Assert.Null(input);
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Fact]
    public void Parse_NonHttpSource_Refused()
    {
        var (input, error) = QuoteInputParser.Parse("\"x\" - y | javascript:alert(1)", true, "usage");
        Assert.Null(input);
        Assert.Contains("http", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_EditSpeakerOnly_OnlySpeaker()
    {
        var (input, _) = QuoteInputParser.Parse("- New Name", false, "usage");
        Assert.Null(input!.Text);
        Assert.Equal("New Name", input.Speaker);
    }

    [Fact]
    public void Parse_TooLong_Refused()
    {
        var (input, error) = QuoteInputParser.Parse("\"" + new string('a', 2500) + "\" - X", true, "usage");
        Assert.Null(input);
        Assert.Contains("too long", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_BarInsideQuotedText_StaysText()
    {
        var (input, error) = QuoteInputParser.Parse("\"Pipe | in text\" - Pipe Guy", true, "usage");
        Assert.Null(error);
        Assert.Equal("Pipe | in text", input!.Text);
        Assert.Equal("Pipe Guy", input.Speaker);
        Assert.Null(input.SourceUrl);
    }

    [Fact]
    public void Parse_BarInsideQuotedTextWithSource_SourceIsWhatFollowsTheSpeaker()
    {
        var (input, error) = QuoteInputParser.Parse("\"a | b - c\" - Pipe Guy | https://example.com/p", true, "usage");
        Assert.Null(error);
        Assert.Equal("a | b - c", input!.Text);
        Assert.Equal("Pipe Guy", input.Speaker);
        Assert.Equal("https://example.com/p", input.SourceUrl);
    }

    [Fact]
    public void Parse_EditQuotedTextAndSourceOnly_NoSpeaker()
    {
        var (input, error) = QuoteInputParser.Parse("\"x | y\" | https://example.com/p", false, "usage");
        Assert.Null(error);
        Assert.Equal("x | y", input!.Text);
        Assert.Null(input.Speaker);
        Assert.Equal("https://example.com/p", input.SourceUrl);
    }

    [Theory]
    [InlineData("\"no speaker\"")]
    [InlineData("\"Pipe | in text\"")]
    [InlineData("Time is money")]
    [InlineData("\"no speaker\" | https://example.com/a")]
    public void Parse_AddWithoutSpeaker_SaysWhoSaidIt(string args)
    {
        var (input, error) = QuoteInputParser.Parse(args, true, "usage");
        Assert.Null(input);
        Assert.Equal(QuoteInputParser.MissingSpeaker, error);
    }

    [Fact]
    public void Parse_AddWithoutText_SaysWhatWasSaid()
    {
        var (input, error) = QuoteInputParser.Parse("- Jane Doe", true, "usage");
        Assert.Null(input);
        Assert.Equal(QuoteInputParser.MissingText, error);
    }

    [Fact]
    public void Check_TypedParts_AreCleanedAndChecked()
    {
        var (input, error) = QuoteInputParser.Check(new QuoteInput("  a | b \u0007 ", " ", "https://example.com/x "), false, "usage");
        Assert.Null(error);
        Assert.Equal("a | b", input!.Text);
        Assert.Null(input.Speaker);
        Assert.Equal("https://example.com/x", input.SourceUrl);

        Assert.Equal("usage", QuoteInputParser.Check(new QuoteInput(" ", null, ""), false, "usage").Error);
        Assert.Contains("http", QuoteInputParser.Check(new QuoteInput("x", "y", "ftp://x"), true, "usage").Error, StringComparison.Ordinal);
        Assert.Contains("too long", QuoteInputParser.Check(new QuoteInput("x", new string('s', 101), null), true, "usage").Error, StringComparison.Ordinal);
    }
}
