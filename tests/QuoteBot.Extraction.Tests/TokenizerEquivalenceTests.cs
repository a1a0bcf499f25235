namespace QuoteBot.Extraction.Tests;

/// <summary>
/// The tokenizer's character tests (<c>CharKinds</c>), its word counting and tokenizing loops and the single-mark
/// candidate scan were rewritten for speed; they must answer exactly as before. <see cref="Reference"/> is the scanner as it was (main at d7da04e, with
/// the framework's <c>char</c> methods), and random text made from the characters the loops branch on must give the
/// same word counts and the same tokens.
/// </summary>
public sealed class TokenizerEquivalenceTests
{
    // Letters (ASCII, accented, Greek, capitals), digits, every kind of space the framework knows, the joiners a word
    // may hold, quote marks of all kinds, soft hyphen, and punctuation.
    private const string Alphabet =
        "aeiouxsSTMRZ0719 \t\n\r\u000B\u000C\u00A0\u2003\u2028\u0085'\u2019-.&\\u00AD\"\u201C\u201D\u201E\u201F\u00AB\u00BB,;:!?()[]/\u2014\u00E9\u00C9\u00DF\u03A9\u03C9\u0130\u0131\u2160\u00B2\u0660_@#";

    [Fact]
    public void CharKinds_AgreeWithChar_ForEveryCharacter()
    {
        for (var i = 0; i <= char.MaxValue; i++)
        {
            var c = (char)i;
            Assert.True(char.IsLetterOrDigit(c) == CharKinds.IsLetterOrDigit(c), $"IsLetterOrDigit U+{i:X4}");
            Assert.True(char.IsWhiteSpace(c) == CharKinds.IsWhiteSpace(c), $"IsWhiteSpace U+{i:X4}");
            Assert.True(char.IsUpper(c) == CharKinds.IsUpper(c), $"IsUpper U+{i:X4}");
            Assert.True(char.IsLower(c) == CharKinds.IsLower(c), $"IsLower U+{i:X4}");
            Assert.True(char.IsLetter(c) == CharKinds.IsLetter(c), $"IsLetter U+{i:X4}");
            Assert.True(char.IsAsciiLetter(c) == CharKinds.IsAsciiLetter(c), $"IsAsciiLetter U+{i:X4}");
            Assert.True(char.IsAsciiDigit(c) == CharKinds.IsAsciiDigit(c), $"IsAsciiDigit U+{i:X4}");
            Assert.True((c < 128 && char.IsWhiteSpace(c)) == CharKinds.IsAsciiWhiteSpace(c), $"IsAsciiWhiteSpace U+{i:X4}");
        }
    }

    [Fact]
    public void CountWords_RandomText_SameAsBefore()
    {
        var rng = new Random(20261206);
        for (var n = 0; n < 20_000; n++)
        {
            var text = RandomText(rng, rng.Next(0, 60));
            var s = rng.Next(0, text.Length + 1);
            var e = rng.Next(s, text.Length + 1);
            Assert.True(Reference.CountWords(text, s, e) == Tokenizer.CountWords(text, s, e), $"\"{Escape(text)}\" [{s}..{e})");
        }
    }

    private const string Common = " .,-'\"abcXYZ019\t\n";

    [Fact]
    public void CountWords_LongMostlyAsciiText_SameAsBefore()
    {
        // CountWords takes sixteen ASCII characters at a time: long runs of every ASCII character (all 128, so every
        // class), with a character from the alphabet above (most outside ASCII) now and then, and ranges starting and
        // ending anywhere, so that blocks start at every offset, mix with non-ASCII blocks and carry a word across.
        var rng = new Random(20261207);
        var chars = new char[400];
        for (var n = 0; n < 20_000; n++)
        {
            var length = rng.Next(0, chars.Length + 1);
            var rare = rng.Next(4) switch { 0 => 0, 1 => 3, 2 => 40, _ => 200 };
            for (var i = 0; i < length; i++)
            {
                chars[i] = rare > 0 && rng.Next(rare) == 0 ? Alphabet[rng.Next(Alphabet.Length)]
                    : rng.Next(3) == 0 ? Common[rng.Next(Common.Length)] : (char)rng.Next(128);
            }

            var text = new string(chars, 0, length);
            var s = rng.Next(0, Math.Min(length, 40) + 1);
            var e = rng.Next(s, length + 1);
            Assert.True(Reference.CountWords(text, s, e) == Tokenizer.CountWords(text, s, e), $"\"{Escape(text)}\" [{s}..{e})");
        }
    }

    [Fact]
    public void CountWords_EmptyOrBackwardsRange_IsZero()
    {
        Assert.Equal(0, Tokenizer.CountWords("two words", 4, 4));
        Assert.Equal(0, Tokenizer.CountWords("two words", 5, 2));
        Assert.Equal(2, Tokenizer.CountWords("two words", 0, 9));
        const string mixed = "\u201C(caf\u00E9) -- \u0660\u2003x\u201D";
        Assert.Equal(3, Tokenizer.CountWords(mixed, 0, mixed.Length)); // "(café)", Arabic-Indic zero, "x"; "--" is no word
    }

    [Fact]
    public void Tokenize_RandomParagraphs_SameTokensAsBefore()
    {
        var rng = new Random(612);
        for (var n = 0; n < 20_000; n++)
        {
            var text = RandomText(rng, rng.Next(0, 80));
            AssertSameTokens(text, (expected, actual) => $"\"{Escape(text)}\": {expected} vs {actual}");
        }
    }

    /// <summary>The reference and the tokenizer split <paramref name="text"/> (its quotes found first) into the same tokens.</summary>
    private static void AssertSameTokens(string text, Func<string, string, string> message)
    {
        var quotes = new List<QuoteSpan>();
        Tokenizer.FindQuotes(text, 0, text.Length, 0, false, quotes, out _);
        var expected = new ValueList<Token>();
        var actual = new ValueList<Token>();
        Reference.Tokenize(text, 0, text.Length, quotes, 0, expected);
        Tokenizer.Tokenize(text, 0, text.Length, quotes, 0, actual);
        var (e, g) = (Describe(expected), Describe(actual));
        Assert.True(e == g, message(e, g));
    }

    [Fact]
    public void CountWordsAndTokenize_EveryCharacter_SameAsBefore()
    {
        // The word loops read a class table for the characters below U+2080 and ask CharKinds above it: every character
        // alone, between letters, after a space and before a space must count and split as the reference does.
        for (var i = 0; i <= char.MaxValue; i++)
        {
            var c = (char)i;
            foreach (var text in new[] { c.ToString(), "a" + c + "b", " " + c + "1", "x" + c + " ", "\u00E9" + c + c + "Z" })
            {
                Assert.True(Reference.CountWords(text, 0, text.Length) == Tokenizer.CountWords(text, 0, text.Length), $"count U+{i:X4} in \"{Escape(text)}\"");
                AssertSameTokens(text, (_, _) => $"tokens U+{i:X4} in \"{Escape(text)}\"");
            }
        }
    }

    [Fact]
    public void Tokenize_QuotesAfterTheFirst_BecomeOneTokenEach()
    {
        const string text = "He said \u201Cyes\u201D and \u201Cno\u201D, Dr. O\u2019Neill\u2019s aide said.";
        var quotes = new List<QuoteSpan>();
        Tokenizer.FindQuotes(text, 0, text.Length, 0, false, quotes, out _);
        var tokens = new ValueList<Token>();
        Tokenizer.Tokenize(text, 0, text.Length, quotes, 0, tokens);
        var kinds = string.Concat(Enumerable.Range(0, tokens.Count).Select(i => tokens[i].Kind switch { TokKind.Quote => 'Q', TokKind.Word => 'W', _ => 'P' }));
        Assert.Equal("WWQWQPWWWWP", kinds);
        Assert.Equal(2, quotes.Count);
        Assert.Equal(2, quotes[0].TokenIndex);
        Assert.Equal(4, quotes[1].TokenIndex);
        Assert.True(tokens[6].Abbrev); // "Dr."
        Assert.True(tokens[7].Possessive); // "O'Neill's"
    }

    [Fact]
    public void SingleQuoteCandidates_RandomText_SameAsBefore()
    {
        var rng = new Random(1206);
        const string marks = "ab Z9 \t\n\r'\u2018\u2019\u00E9\u0660.,\"";
        for (var n = 0; n < 20_000; n++)
        {
            var chars = new char[rng.Next(0, 40)];
            for (var i = 0; i < chars.Length; i++)
            {
                chars[i] = marks[rng.Next(marks.Length)];
            }

            var text = new string(chars);
            Assert.True(Reference.Candidates(text) == SingleQuotes.Candidates(text), $"\"{Escape(text)}\"");
        }
    }

    [Fact]
    public void WordTable_OneCharacterWords_KeepOneNumberEach()
    {
        var words = WordTable.ForArticle();
        var comma = words.Id(",");
        var a = words.Id("a");
        var ab = words.Id("ab");
        Assert.NotEqual(comma, a);
        Assert.NotEqual(a, ab);
        Assert.Equal(comma, words.Id(",".AsSpan()));
        Assert.Equal(a, words.Id("xa".AsSpan(1)));
        Assert.Equal(",", words[comma]);
        Assert.Same(words[a], words.Get("a"));
        var eAcute = words.Id("\u00E9");
        Assert.Equal(eAcute, words.Id("\u00E9"));
        Assert.Equal("\u00E9", words[eAcute]);
    }

    private static string RandomText(Random rng, int length)
    {
        var chars = new char[length];
        for (var i = 0; i < length; i++)
        {
            chars[i] = Alphabet[rng.Next(Alphabet.Length)];
        }

        return new string(chars);
    }

    private static string Describe(ValueList<Token> tokens)
    {
        var sb = new System.Text.StringBuilder();
        for (var i = 0; i < tokens.Count; i++)
        {
            var t = tokens[i];
            sb.Append($"{t.Start}-{t.End}:{t.Kind}:{(int)t.P}:{t.QuoteIndex}:{t.Cap}{t.AllCaps}{t.Possessive}{t.Abbrev};");
        }

        return sb.ToString();
    }

    private static string Escape(string s) => string.Concat(s.Select(c => c is >= ' ' and < '\u007F' ? c.ToString() : $"\\u{(int)c:X4}"));

    /// <summary>The single-mark candidate scan, word counting and tokenizing of main at d7da04e, unchanged: the reference the new loops must match.</summary>
    private static class Reference
    {
        public static SingleMarks Candidates(ReadOnlySpan<char> p)
        {
            var r = p.Contains('\u2018') ? SingleMarks.Curly : SingleMarks.None;
            if (p.Length > 1 && p[0] == '\'' && char.IsLetterOrDigit(p[1]))
            {
                return r | SingleMarks.Straight;
            }

            return StraightAfter(p, " '") || StraightAfter(p, "\n'") || StraightAfter(p, "\t'") ? r | SingleMarks.Straight : r;
        }

        private static bool StraightAfter(ReadOnlySpan<char> p, string pair)
        {
            var from = 0;
            while (from < p.Length)
            {
                var k = p[from..].IndexOf(pair, StringComparison.Ordinal);
                if (k < 0)
                {
                    return false;
                }

                var i = from + k + 2;
                if (i < p.Length && char.IsLetterOrDigit(p[i]))
                {
                    return true;
                }

                from = i;
            }

            return false;
        }

        public static int CountWords(string text, int s, int e)
        {
            var n = 0;
            var inWord = false;
            for (var i = s; i < e; i++)
            {
                var w = char.IsLetterOrDigit(text[i]);
                if (w && !inWord)
                {
                    n++;
                }

                if (char.IsWhiteSpace(text[i]))
                {
                    inWord = false;
                }
                else if (w)
                {
                    inWord = true;
                }
            }

            return n;
        }

        /// <summary>Tokenizes one paragraph; quoted spans become single <see cref="TokKind.Quote"/> tokens.</summary>
        public static void Tokenize(string text, int ps, int pe, List<QuoteSpan> quotes, int firstQuote, ValueList<Token> output)
        {
            var qi = firstQuote;
            var i = ps;
            while (i < pe)
            {
                if (qi < quotes.Count && i >= quotes[qi].Open)
                {
                    var q = quotes[qi];
                    var end = q.Close >= 0 ? q.Close + 1 : pe;
                    q.TokenIndex = output.Count;
                    output.Add(new Token { Start = q.Open, End = end, Kind = TokKind.Quote, QuoteIndex = qi });
                    qi++;
                    i = end;
                    continue;
                }

                var c = text[i];
                if (char.IsWhiteSpace(c))
                {
                    i++;
                    continue;
                }

                if (char.IsLetterOrDigit(c))
                {
                    var s = i;
                    i++;
                    while (i < pe)
                    {
                        var d = text[i];
                        if (char.IsLetterOrDigit(d) || d == '\u00AD')
                        {
                            i++;
                        }
                        else if ((d is '\'' or '\u2019' or '-' or '.' or '&') && i + 1 < pe && char.IsLetterOrDigit(text[i + 1])
                            && (d != '.' || (i - s <= 3 && char.IsLetter(text[i + 1]))))
                        {
                            i += 2;
                        }
                        else
                        {
                            break;
                        }
                    }

                    var t = new Token { Start = s, End = i, Kind = TokKind.Word };
                    t.Cap = char.IsUpper(text[s]);
                    t.AllCaps = t.Cap && i - s > 1 && IsAllCaps(text, s, i);
                    if (i - s > 2 && (text[i - 2] is '\'' or '\u2019') && text[i - 1] is 's' or 'S')
                    {
                        t.Possessive = true;
                    }
                    else if (i < pe && text[i] is '\'' or '\u2019' && text[i - 1] == 's' && (i + 1 >= pe || !char.IsLetter(text[i + 1])) && t.Cap)
                    {
                        t.Possessive = true;
                        i++;
                        t.End = i;
                    }

                    if (i < pe && text[i] == '.' && IsAbbreviation(text, s, i))
                    {
                        i++;
                        t.End = i;
                        t.Abbrev = true;
                    }

                    output.Add(t);
                    continue;
                }

                output.Add(new Token { Start = i, End = i + 1, Kind = TokKind.Punct, P = c });
                i++;
            }
        }

        private static bool IsAllCaps(string text, int s, int e)
        {
            for (var i = s; i < e; i++)
            {
                if (char.IsLower(text[i]))
                {
                    return false;
                }
            }

            return true;
        }

        private static bool IsAbbreviation(string text, int s, int e)
        {
            var len = e - s;
            if (len == 1)
            {
                return char.IsUpper(text[s]);
            }

            if (text.AsSpan(s, len).Contains('.'))
            {
                return true;
            }

            return len <= 5 && Lexicon.AbbreviationLookup.Contains(text.AsSpan(s, len));
        }
    }
}
