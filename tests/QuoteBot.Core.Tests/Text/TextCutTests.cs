using QuoteBot.Core.Text;

namespace QuoteBot.Core.Tests.Text;

public class TextCutTests
{
    [Theory]
    [InlineData("short", 10, "short")]
    [InlineData("We will keep every bridge open", 20, "We will keep every…")]
    [InlineData("We will keep, every bridge", 15, "We will keep…")]
    [InlineData("Peace (and more)", 10, "Peace…")]
    public void AtWord_LongText_EndsAtAWordWithoutPunctuationBeforeTheMark(string text, int max, string expected)
    {
        Assert.Equal(expected, TextCut.AtWord(text, max));
    }

    [Fact]
    public void AtWord_OneLongWord_IsCutInsideButNeverInsideASurrogatePair()
    {
        var cut = TextCut.AtWord("abcd😀😀😀😀", 6);
        Assert.True(cut.Length <= 6);
        Assert.EndsWith("…", cut, StringComparison.Ordinal);
        Assert.False(char.IsHighSurrogate(cut[^2]));
    }

    [Fact]
    public void AtWord_NeverLongerThanMax()
    {
        var text = string.Concat(Enumerable.Repeat("word, ", 100));
        for (var max = 1; max < 120; max++)
        {
            Assert.True(TextCut.AtWord(text, max).Length <= max, $"max {max}");
        }
    }
}
