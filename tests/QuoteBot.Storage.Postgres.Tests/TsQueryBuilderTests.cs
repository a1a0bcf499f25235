using QuoteBot.Core.Search;

namespace QuoteBot.Storage.Postgres.Tests;

/// <summary>The tsquery text built from parsed queries: only quoted letters and digits, and our own operators.</summary>
public sealed class TsQueryBuilderTests
{
    [Fact]
    public void BuildPositive_TermsAndPhrase_JoinsWithAndAndFollowedBy()
    {
        var q = QueryParser.Parse("bridge \"grain deal\" 12:30 -geneva").Query!;

        Assert.Equal("'bridge' & ('grain' <-> 'deal') & ('12' <-> '30')", PostgresQuoteStore.BuildPositive(q));
        Assert.Equal("'geneva'", PostgresQuoteStore.BuildExcluded(q));
    }

    [Fact]
    public void BuildPositive_OnlyExcludedWords_IsNull()
    {
        // The parser refuses a query of only -words; a store given one still builds no positive part.
        var q = new QuoteQuery { Excluded = ["a", "b"] };

        Assert.Null(PostgresQuoteStore.BuildPositive(q));
        Assert.Equal("'a' | 'b'", PostgresQuoteStore.BuildExcluded(q));
    }

    [Fact]
    public void BuildExcluded_Phrase_IsFollowedByNotEachWord()
    {
        var q = QueryParser.Parse("talks -\"open mind\" -tax").Query!;

        Assert.Equal("'tax' | ('open' <-> 'mind')", PostgresQuoteStore.BuildExcluded(q));
    }

    [Theory]
    [InlineData("it's")]
    [InlineData("a'b")]
    [InlineData("x:*")]
    [InlineData("a&b|!c")]
    [InlineData("(x)")]
    [InlineData("<-> x")]
    [InlineData("\\'y")]
    [InlineData("a\u0000b")]
    public void Operand_WordWithSyntaxCharacters_KeepsOnlyLettersAndDigits(string word)
    {
        // The parser never produces these; the store checks again anyway.
        var operand = PostgresQuoteStore.Operand(word);

        Assert.NotNull(operand);
        var inner = operand[1..^1];
        Assert.Equal('\'', operand[0]);
        Assert.Equal('\'', operand[^1]);
        Assert.All(inner, c => Assert.True(char.IsLetterOrDigit(c), $"'{c}' in {operand}"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("'")]
    [InlineData(":*&|!()<>")]
    [InlineData("<->")]
    [InlineData("\\'")]
    [InlineData("\ud83d\ude00")]
    public void Operand_NothingLeft_IsNull(string word) => Assert.Null(PostgresQuoteStore.Operand(word));

    [Fact]
    public void Clean_NulAndLoneSurrogates_AreRemovedOrReplaced()
    {
        Assert.Equal("ab", PostgresQuoteStore.Clean("a\u0000b"));
        Assert.Equal("a\uFFFDb", PostgresQuoteStore.Clean("a\ud800b"));
        Assert.Equal("\ud83d\ude00", PostgresQuoteStore.Clean("\ud83d\ude00"));
        Assert.Equal("\uFFFD", PostgresQuoteStore.Clean("\ude00"));
    }

    [Theory]
    [InlineData("a", "b", 260594)]
    [InlineData("b", "a", 605530)]
    [InlineData("кіт", "ада", 113409)] // UTF-8 bytes, as quotebot_pair_key() hashes them
    public void PairKey_Pair_IsLow20BitsOfFnv1aOfLeftSpaceRight(string left, string right, int expected)
    {
        Assert.Equal(expected, Lexicon.PairKey(left, right));
    }

    [Fact]
    public void PairKeys_PartsInOrder_PairAcrossWordsAndParts()
    {
        var lexicon = new Dictionary<string, string[]> { ["cats"] = ["cat"], ["sat"] = ["sat"], ["ada"] = ["ada"], ["x1"] = ["x", "1"] };

        var keys = Lexicon.PairKeys(lexicon, "cats sat", "ada x1").Order().ToArray();

        int[] expected = [Lexicon.PairKey("cat", "sat"), Lexicon.PairKey("sat", "ada"), Lexicon.PairKey("ada", "x"), Lexicon.PairKey("x", "1")];
        Assert.Equal(expected.Distinct().Order().ToArray(), keys);
    }
}
