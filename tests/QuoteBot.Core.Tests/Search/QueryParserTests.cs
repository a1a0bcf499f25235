using QuoteBot.Core.Search;

namespace QuoteBot.Core.Tests.Search;

public class QueryParserTests
{
    [Fact]
    public void Parse_PlainWords_FoldsCaseAndAccents()
    {
        var q = QueryParser.Parse("Territory CAFÉ").Query!;
        Assert.Equal(["territory", "cafe"], q.Terms);
    }

    [Fact]
    public void Parse_QuotedPhrase_BecomesPhrase()
    {
        var q = QueryParser.Parse("\"Not Ready to concede\" war").Query!;
        Assert.Equal(["war"], q.Terms);
        Assert.Single(q.Phrases);
        Assert.Equal(["not", "ready", "to", "concede"], q.Phrases[0]);
    }

    [Fact]
    public void Parse_CurlyQuotedPhrase_BecomesPhrase()
    {
        var q = QueryParser.Parse("“diplomatic channels”").Query!;
        Assert.Equal(["diplomatic", "channels"], q.Phrases[0]);
    }

    [Theory]
    [InlineData("speaker:zelenskyy", "zelensky")]
    [InlineData("speaker:Zelensky", "zelensky")]
    [InlineData("speaker:\"Volodymyr Zelenskyy\"", "volodymyr zelensky")]
    [InlineData("speaker:“Jane Doe”", "jane doe")]
    public void Parse_Speaker_NormalizesKey(string input, string expected)
    {
        Assert.Equal(expected, QueryParser.Parse(input).Query!.Speaker);
    }

    [Fact]
    public void Parse_ExcludedWord_GoesToExcluded()
    {
        var q = QueryParser.Parse("war -peace").Query!;
        Assert.Equal(["war"], q.Terms);
        Assert.Equal(["peace"], q.Excluded);
    }

    [Fact]
    public void Parse_HashId_SetsId()
    {
        Assert.Equal(42, QueryParser.Parse("#42").Query!.Id);
    }

    [Fact]
    public void Parse_IdTooLargeForLong_NamesNoQuote()
    {
        var q = QueryParser.Parse("#99999999999999999999999999").Query!;
        Assert.Equal(-1, q.Id);
    }

    [Theory]
    [InlineData("#")]
    [InlineData("#abc")]
    [InlineData("speaker:")]
    [InlineData("speaker:\"\"")]
    public void Parse_Malformed_GivesOneLineError(string input)
    {
        var r = QueryParser.Parse(input);
        Assert.False(r.Ok);
        Assert.DoesNotContain('\n', r.Error!);
    }

    [Theory]
    [InlineData("\"")]
    [InlineData("AND")]
    [InlineData("NOT")]
    [InlineData("NEAR(a b)")]
    [InlineData("*")]
    [InlineData("(")]
    [InlineData("^start")]
    [InlineData("C++")]
    [InlineData("e-mail")]
    [InlineData("o'brien")]
    [InlineData("12:30")]
    [InlineData("😀 🇺🇦")]
    [InlineData("a\tb\u0001c\u001b[31m")]
    [InlineData("-")]
    [InlineData("--")]
    [InlineData("speaker:\"unclosed")]
    public void Parse_HostileInput_NeverThrowsAndKeepsOnlyFoldedWords(string input)
    {
        var r = QueryParser.Parse(input);
        if (r.Ok)
        {
            var q = r.Query!;
            var words = q.Terms.Concat(q.Phrases.SelectMany(p => p)).Concat(q.Excluded);
            Assert.All(words, w => Assert.True(w.All(char.IsLetterOrDigit), $"'{w}' is not folded"));
        }
    }

    [Fact]
    public void Parse_LengthCutSplitsEmoji_NoThrow()
    {
        var input = new string('a', QueryParser.MaxInputLength - 1) + "😀 tail";
        Assert.True(QueryParser.Parse(input).Ok);
    }

    [Fact]
    public void Parse_EmailWord_BecomesPhrase()
    {
        var q = QueryParser.Parse("e-mail").Query!;
        Assert.Empty(q.Terms);
        Assert.Equal(["e", "mail"], q.Phrases[0]);
    }

    [Fact]
    public void Parse_Apostrophe_JoinsWord()
    {
        Assert.Equal(["obrien"], QueryParser.Parse("o'brien").Query!.Terms);
    }

    [Fact]
    public void Parse_TenThousandCharacters_IsCappedQuickly()
    {
        var input = string.Concat(Enumerable.Repeat("word ", 2000));
        var q = QueryParser.Parse(input).Query!;
        Assert.True(q.Terms.Count + q.Phrases.Count <= QueryParser.MaxClauses);
    }

    [Fact]
    public void Parse_Empty_IsEmptyQuery()
    {
        Assert.True(QueryParser.Parse("   ").Query!.IsEmpty);
        Assert.True(QueryParser.Parse(null).Query!.IsEmpty);
    }

    [Fact]
    public void ToCanonicalString_ParsesBackToSameQuery()
    {
        var q = QueryParser.Parse("speaker:\"Jane Doe\" war \"peace talks\" -tax #7").Query!;
        var again = QueryParser.Parse(q.ToCanonicalString()).Query!;
        Assert.Equal(q.Speaker, again.Speaker);
        Assert.Equal(q.Terms, again.Terms);
        Assert.Equal(q.Excluded, again.Excluded);
        Assert.Equal(q.Id, again.Id);
        Assert.Equal(q.Phrases.Select(p => string.Join(' ', p)), again.Phrases.Select(p => string.Join(' ', p)));
    }
}
