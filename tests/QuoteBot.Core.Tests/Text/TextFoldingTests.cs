using System.Globalization;
using System.Text;
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

    [Theory]
    [InlineData("plain words", true)]
    [InlineData("!!! 7 ???", true)]
    [InlineData("🔥🔥 !!!", false)]
    [InlineData("\u0301\u0308 — …", false)] // combining marks and punctuation only
    [InlineData("é", true)] // a letter outside ASCII: decided by folding
    [InlineData("٣", true)] // an Arabic-Indic digit
    [InlineData("", false)]
    [InlineData(null, false)]
    public void HasFoldedContent_IsWhetherTheFoldKeepsAnything(string? text, bool expected)
    {
        Assert.Equal(expected, TextFolding.HasFoldedContent(text));
        Assert.Equal(TextFolding.Fold(text).Length > 0, TextFolding.HasFoldedContent(text));
    }

    [Fact]
    public void HasFoldedContent_RandomTexts_AgreeWithTheFold()
    {
        // Mostly characters that are not letters or digits, so both the quick ASCII answer and the folding path run.
        char[] alphabet = ['a', 'Z', '5', ' ', '.', '\'', '\u2019', '\u0301', '\u00e9', '\u00c5', '\u0665', '\u4e2d', '\u2014', '!', '\ud83d', '\ude00', '\u00a0', '\u0332'];
        var rng = new System.Random(16);
        var withContent = 0;
        for (var i = 0; i < 20_000; i++)
        {
            var chars = new char[rng.Next(0, 6)];
            for (var k = 0; k < chars.Length; k++)
            {
                chars[k] = rng.Next(3) == 0 ? alphabet[rng.Next(alphabet.Length)] : alphabet[rng.Next(8, alphabet.Length)];
            }

            var text = new string(chars);
            var expected = TextFolding.Fold(text).Length > 0;
            Assert.True(expected == TextFolding.HasFoldedContent(text), $"\"{text}\" ({string.Join(' ', text.Select(c => ((int)c).ToString("X4")))})");
            withContent += expected ? 1 : 0;
        }

        Assert.InRange(withContent, 2_000, 18_000); // both answers were checked many times
    }

    [Fact]
    public void Fold_RandomTexts_SameAsTheStringBuilderFold()
    {
        // Fold writes into a stack or pooled buffer, with a quick path for ASCII; it must give what the fold gave
        // before (ReferenceFold, the earlier code kept here) for every kind of character and every length.
        char[] alphabet = ['a', 'Q', 'z', 'A', '0', '9', ' ', ' ', '.', ',', '-', '_', '\'', '\u2019', '\u0301', '\u00e9', '\u00c5', '\u0130', '\u0665', '\u4e2d', '\u2014', '\u00df', '\u0416', '\ud83d', '\ude00', '\u00a0', '\u0332', '\t', '\n', '\u007f'];
        var rng = new System.Random(1016);
        for (var i = 0; i < 20_000; i++)
        {
            var chars = new char[i % 500 == 0 ? rng.Next(500, 3_000) : rng.Next(0, 40)]; // some past the stack buffer
            for (var k = 0; k < chars.Length; k++)
            {
                chars[k] = alphabet[rng.Next(alphabet.Length)];
            }

            var text = new string(chars);
            var speaker = rng.Next(4) == 0 ? null : new string(chars.AsSpan(0, Math.Min(chars.Length, 12)));
            Assert.Equal(ReferenceFold(text), TextFolding.Fold(text));
            Assert.Equal($"{ReferenceFold(text)}|{TextFolding.SpeakerKey(speaker)}", TextFolding.DedupeKey(text, speaker));
            Assert.Equal(TextFolding.DedupeKey(text, speaker), TextFolding.DedupeKeyOf(text, TextFolding.SpeakerKey(speaker)));
        }

        Assert.Equal("|", TextFolding.DedupeKey("", null));
    }

    [Fact]
    public void SpeakerKey_AskedAgainAndPastTheMemoLimit_GivesTheSameKeys()
    {
        // Keys are remembered for the first names asked (a bulk load asks for the same speakers again and again); names
        // past the limit are still keyed, just not remembered.
        var names = Enumerable.Range(0, TextFolding.SpeakerKeyMemoLimit + 500).Select(i => $"Dr. Zelenskyy-{i} O'Brien").ToArray();
        var first = names.Select(TextFolding.SpeakerKey).ToArray();
        for (var i = 0; i < names.Length; i += 97)
        {
            Assert.Equal($"zelensky {i} obrien", first[i]);
            Assert.Equal(first[i], TextFolding.SpeakerKey(names[i]));
            Assert.Equal(first[i], TextFolding.SpeakerKey(new string(names[i]))); // by value, not by reference
        }
    }

    /// <summary>The fold as it was written before it used a buffer (session 10): the oracle for the test above.</summary>
    private static string ReferenceFold(string text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var clean = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                clean.Append(text[i]).Append(text[i + 1]);
                i++;
            }
            else if (!char.IsSurrogate(text[i]))
            {
                clean.Append(text[i]);
            }
        }

        var decomposed = clean.ToString().Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(decomposed.Length);
        var pendingSpace = false;
        foreach (var ch in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(ch) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            if (char.IsLetterOrDigit(ch))
            {
                if (pendingSpace && sb.Length > 0)
                {
                    sb.Append(' ');
                }

                pendingSpace = false;
                sb.Append(char.ToLowerInvariant(ch));
            }
            else if (ch is not ('\'' or '\u2019'))
            {
                pendingSpace = true;
            }
        }

        return sb.ToString();
    }
}
