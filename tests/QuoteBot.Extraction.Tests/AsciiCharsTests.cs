using QuoteBot.Extraction;

namespace QuoteBot.Extraction.Tests;

/// <summary>The tokenizer's ASCII table must answer exactly as <see cref="char"/> does, for every character.</summary>
public sealed class AsciiCharsTests
{
    [Fact]
    public void AllAsciiCharacters_SameAnswersAsChar()
    {
        for (var c = '\0'; c < 128; c++)
        {
            Assert.True(char.IsLetterOrDigit(c) == AsciiChars.IsLetterOrDigit(c), $"IsLetterOrDigit U+{(int)c:X4}");
            Assert.True(char.IsWhiteSpace(c) == AsciiChars.IsWhiteSpace(c), $"IsWhiteSpace U+{(int)c:X4}");
            Assert.True(char.IsUpper(c) == AsciiChars.IsUpper(c), $"IsUpper U+{(int)c:X4}");
            Assert.True(char.IsLower(c) == AsciiChars.IsLower(c), $"IsLower U+{(int)c:X4}");
        }
    }

    [Theory]
    [InlineData('\u00A0')] // no-break space
    [InlineData('\u0085')] // next line
    [InlineData('\u2003')] // em space
    [InlineData('\u00C9')] // É
    [InlineData('\u00E9')] // é
    [InlineData('\u0416')] // Ж
    [InlineData('\u0661')] // Arabic-Indic one
    [InlineData('\u201C')] // “
    [InlineData('\u00AD')] // soft hyphen
    public void OtherCharacters_PassedOnToChar(char c)
    {
        Assert.Equal(char.IsLetterOrDigit(c), AsciiChars.IsLetterOrDigit(c));
        Assert.Equal(char.IsWhiteSpace(c), AsciiChars.IsWhiteSpace(c));
        Assert.Equal(char.IsUpper(c), AsciiChars.IsUpper(c));
        Assert.Equal(char.IsLower(c), AsciiChars.IsLower(c));
    }
}
