using QuoteBot.Core.Text;

namespace QuoteBot.Core.Tests.Text;

public class TextFoldingTests
{
    [Theory]
    [InlineData("Zelenskyy")]
    [InlineData("Zelensky")]
    [InlineData("Zelenskiy")]
    [InlineData("ZELENSKYY")]
    public void FoldNameToken_TransliterationVariants_Meet(string name)
    {
        Assert.Equal("zelensky", TextFolding.FoldNameToken(name));
    }

    [Fact]
    public void SpeakerKey_StripsTitles()
    {
        Assert.Equal("volodymyr zelensky", TextFolding.SpeakerKey("President Volodymyr Zelenskyy"));
        Assert.Equal("jane doe", TextFolding.SpeakerKey("Mrs. Jane Doe"));
    }

    [Theory]
    [InlineData("Volodymyr Zelenskyy", "zelensky")]
    [InlineData("Zelensky", "Zelenskyy")]
    [InlineData("Volodymyr Zelenskyy", "volodymyr zelenskiy")]
    public void SpeakerMatches_SamePerson_True(string speaker, string query)
    {
        Assert.True(TextFolding.SpeakerMatches(TextFolding.SpeakerKey(speaker), query));
    }

    [Fact]
    public void SpeakerMatches_OtherPerson_False()
    {
        Assert.False(TextFolding.SpeakerMatches(TextFolding.SpeakerKey("Melania Trump"), "donald trump"));
    }

    [Fact]
    public void DedupeKey_IgnoresCasePunctuationAndSpacing()
    {
        Assert.Equal(
            TextFolding.DedupeKey("We're not ready!", "Zelenskyy"),
            TextFolding.DedupeKey("  were NOT ready ", "Volodymyr Zelensky".Split(' ')[1]));
    }

    [Fact]
    public void Fold_RemovesDiacriticsAndPunctuation()
    {
        Assert.Equal("sao paulo e mail", TextFolding.Fold("São  Paulo, e-mail!"));
    }

    [Fact]
    public void Fold_LoneSurrogate_DroppedInsteadOfThrowing()
    {
        Assert.Equal("war", TextFolding.Fold("war \uD83D"));
        Assert.Equal("a b", TextFolding.Fold("a \uDE00 b"));
    }

    [Fact]
    public void SpeakerSearchTokens_Name_WordsFoldsWholeNameAndKey()
    {
        var tokens = TextFolding.SpeakerSearchTokens("Volodymyr Zelenskyy", TextFolding.SpeakerKey("Volodymyr Zelenskyy"));
        Assert.Contains("zelenskyy", tokens);
        Assert.Contains("zelensky", tokens);
        Assert.Contains("volodymyr zelenskyy", tokens);
        Assert.Contains("volodymyr zelensky", tokens);
        Assert.DoesNotContain(string.Empty, tokens);
    }
}
