using QuoteBot.Core.Commands;

namespace QuoteBot.Core.Tests.Commands;

public class CommandTextTests
{
    [Fact]
    public void Parse_CommandWithArgs_SplitsNameAndArgs()
    {
        var r = CommandText.Parse("/Quote  territory now")!;
        Assert.Equal("quote", r.Name);
        Assert.Equal("territory now", r.Arguments);
    }

    [Fact]
    public void Parse_AddressedToThisBot_Accepted()
    {
        Assert.Equal("quote", CommandText.Parse("/quote@QuoteBot x", "quotebot")!.Name);
    }

    [Fact]
    public void Parse_AddressedToOtherBot_Ignored()
    {
        Assert.Null(CommandText.Parse("/quote@OtherBot x", "QuoteBot"));
    }

    [Theory]
    [InlineData("hello")]
    [InlineData("/")]
    [InlineData("/ quote")]
    [InlineData("/qu<ote")]
    public void Parse_NotACommand_ReturnsNull(string text)
    {
        Assert.Null(CommandText.Parse(text));
    }
}
