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

    [Fact]
    public void Parse_ExcludedQuotedPhrase_ExcludesThePhraseNotEachWord()
    {
        var q = QueryParser.Parse("mind -\"open mind\"").Query!;
        Assert.Equal(["mind"], q.Terms);
        Assert.Empty(q.Excluded);
        Assert.Equal(["open", "mind"], Assert.Single(q.ExcludedPhrases));
        Assert.Equal("mind -\"open mind\"", q.ToCanonicalString());
    }

    [Fact]
    public void Parse_ExcludedHyphenatedWord_ExcludesItAsAPhraseLikeTheSearchFindsIt()
    {
        var q = QueryParser.Parse("news -e-mail").Query!;
        Assert.Equal(["e", "mail"], Assert.Single(q.ExcludedPhrases));
        Assert.Empty(q.Excluded);
    }

    [Fact]
    public void Parse_TwoDifferentSpeakers_IsRefusedPlainlyInsteadOfDroppingOne()
    {
        var r = QueryParser.Parse("speaker:varga speaker:vell");
        Assert.False(r.Ok);
        Assert.Equal(QueryParser.OneSpeaker, r.Error);
    }

    [Fact]
    public void Parse_SameSpeakerTwice_IsOneSpeaker()
    {
        Assert.Equal("varga", QueryParser.Parse("speaker:Varga speaker:varga").Query!.Speaker);
    }

    [Theory]
    [InlineData("-territory")]
    [InlineData("-territory -the")]
    [InlineData("-\"open mind\"")]
    public void Parse_OnlyExclusions_IsRefusedTheSameWayForEveryCaller(string input)
    {
        var r = QueryParser.Parse(input);
        Assert.False(r.Ok);
        Assert.Equal(QueryParser.OnlyExclusions, r.Error);
    }

    [Theory]
    [InlineData("speaker:varga -war")]
    [InlineData("#4 -war")]
    [InlineData("peace -war")]
    public void Parse_ExclusionsWithSomethingPositive_AreAccepted(string input)
    {
        Assert.True(QueryParser.Parse(input).Ok);
    }

    [Theory]
    [InlineData("😀")]
    [InlineData("😀 🇺🇦")]
    [InlineData("?!")]
    [InlineData("-")]
    public void Parse_NothingSearchable_SaysSoInsteadOfAnEmptyQuery(string input)
    {
        var r = QueryParser.Parse(input);
        Assert.False(r.Ok);
        Assert.StartsWith("Search finds words and numbers", r.Error, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', r.Error!);
    }

    [Fact]
    public void Parse_OnlyControlCharacters_IsEmpty()
    {
        Assert.True(QueryParser.Parse("\u0001\u0007").Query!.IsEmpty);
    }

    [Theory]
    [InlineData("speaker:\"magda vell\"", "speaker:\"magda vell\"")]
    [InlineData("  Zelenskyy \t  war\n", "Zelenskyy war")]
    [InlineData("red\u001b[31m", "red [31m")]
    public void Echo_KeepsTheUsersWordsWithTidySpaces(string input, string expected)
    {
        Assert.Equal(expected, QueryParser.Echo(input));
    }

    [Fact]
    public void Echo_ParsesToTheSameQueryAsTheInput()
    {
        const string input = "speaker:\"Magda  Vell\"  \"open mind\" -tax";
        var a = QueryParser.Parse(input).Query!;
        var b = QueryParser.Parse(QueryParser.Echo(input)).Query!;
        Assert.Equal(a.ToCanonicalString(), b.ToCanonicalString());
    }

    [Fact]
    public void LeavesOut_MatchesExcludedWordsAndPhrasesAsFoldedWords()
    {
        var q = QueryParser.Parse("speaker:x -tax -\"open mind\"").Query!;
        Assert.True(q.LeavesOut("No new TAXES? No, no new tax."));
        Assert.True(q.LeavesOut("Keep an open  mind, they said."));
        Assert.False(q.LeavesOut("An open door and a clear mind."));
    }
}
