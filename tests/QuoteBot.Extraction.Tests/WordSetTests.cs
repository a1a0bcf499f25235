using System.Text;

namespace QuoteBot.Extraction.Tests;

/// <summary>
/// <see cref="WordSet"/> answers every ask exactly as a <c>HashSet&lt;string&gt;</c> with
/// <see cref="StringComparer.OrdinalIgnoreCase"/> over the same words: the lexicon's own lists in any case, random
/// words and near misses, characters outside ASCII at either end (including ones that equal an ASCII letter when case
/// is ignored), and after removals.
/// </summary>
public sealed class WordSetTests
{
    // Characters for random words: ASCII letters in both cases, digits and punctuation, and characters outside ASCII,
    // among them the Kelvin sign, dotless and dotted i, long s, sharp s and the Angstrom sign.
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.'-\u2019 \u00E9\u00C9\u0131\u0130\u017F\u212A\u00DF\u212B\u00E5\u00C5\u0441";

    [Fact]
    public void LexiconLists_AnswerAsAHashSetWouldForTheirWordsInAnyCase()
    {
        var rng = new Random(12);
        var lists = new[]
        {
            Lexicon.Cues, Lexicon.Titles, Lexicon.RoleNouns, Lexicon.GroupNouns, Lexicon.MaleNames, Lexicon.FemaleNames,
            Lexicon.CapitalStopWords, Lexicon.NonPersonWords, Lexicon.CompanyNouns, Lexicon.Fillers, Lexicon.Pronouns,
            Lexicon.Determiners, Lexicon.Abbreviations, Lexicon.SpeechNouns, Lexicon.DocumentNouns, Lexicon.RoleLikeNouns,
            Lexicon.ExtraTitles, Lexicon.CommonWordSurnames, Lexicon.Particles, Lexicon.IssuedDocumentNouns,
        };
        var all = lists.SelectMany(l => l).Distinct().ToList();
        foreach (var list in lists)
        {
            Assert.True(list.Count > 0);
            var model = new HashSet<string>(list, StringComparer.OrdinalIgnoreCase);
            Assert.Equal(model.Count, list.Count);
            foreach (var word in all)
            {
                foreach (var variant in Variants(word, rng))
                {
                    Assert.True(model.Contains(variant) == list.Contains(variant), $"'{variant}'");
                    Assert.True(model.Contains(variant) == list.Contains(variant.AsSpan()), $"'{variant}' as a span");
                }
            }

            foreach (var word in list)
            {
                Assert.True(list.Contains(word));
            }
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void RandomSets_RandomWords_SameAnswersAsAHashSet(int seed)
    {
        var rng = new Random(seed);
        for (var round = 0; round < 40; round++)
        {
            var words = Enumerable.Range(0, rng.Next(0, 400)).Select(_ => RandomWord(rng)).ToList();
            var set = new WordSet(words, StringComparer.OrdinalIgnoreCase);
            var model = new HashSet<string>(words, StringComparer.OrdinalIgnoreCase);
            Assert.Equal(model.Count, set.Count);

            // Remove some, then ask about the words, their case variants, and fresh random words.
            foreach (var w in words.Where(_ => rng.Next(8) == 0).ToList())
            {
                var variant = Variants(w, rng).First();
                Assert.Equal(model.Remove(variant), set.Remove(variant));
            }

            Assert.Equal(model.Count, set.Count);
            var asks = words.SelectMany(w => Variants(w, rng)).Concat(Enumerable.Range(0, 2000).Select(_ => RandomWord(rng)));
            foreach (var ask in asks)
            {
                Assert.True(model.Contains(ask) == set.Contains(ask), $"'{ask}' (seed {seed}, round {round})");
                Assert.True(model.Contains(ask) == set.Contains(ask.AsSpan()), $"'{ask}' as a span (seed {seed}, round {round})");
            }
        }
    }

    [Fact]
    public void WordsEndingOutsideAscii_AreFoundInEveryCaseThatEqualsThem()
    {
        string[] words = ["Jos\u00E9", "\u00C9lise", "\u017Fam", "Ma\u212A", "\u0130stanbul", "stra\u00DF", "\u0441\u0435\u0440\u0433\u0435\u0439"];
        var set = new WordSet(words, StringComparer.OrdinalIgnoreCase);
        var model = new HashSet<string>(words, StringComparer.OrdinalIgnoreCase);
        string[] asks =
        [
            "JOS\u00C9", "jos\u00E9", "Jose", "\u00E9lise", "ELISE", "sam", "Sam", "SAM", "\u017Fam", "mak", "MAK", "ma\u212A",
            "istanbul", "\u0131stanbul", "\u0130STANBUL", "STRA\u00DF", "strass", "\u0421\u0415\u0420\u0413\u0415\u0419", "",
        ];
        foreach (var ask in asks)
        {
            Assert.True(model.Contains(ask) == set.Contains(ask), $"'{ask}'");
            Assert.True(model.Contains(ask) == set.Contains(ask.AsSpan()), $"'{ask}' as a span");
        }

        Assert.True(set.Contains("JOS\u00C9"));
        Assert.False(set.Contains("Jose"));
    }

    [Fact]
    public void EmptyWord_CanBeAddedAndFound()
    {
        var set = new WordSet(StringComparer.OrdinalIgnoreCase);
        Assert.False(set.Contains(string.Empty));
        Assert.True(set.Add(string.Empty));
        Assert.True(set.Contains(string.Empty));
        Assert.True(set.Contains(ReadOnlySpan<char>.Empty));
        Assert.False(set.Add(string.Empty));
    }

    [Fact]
    public void OtherComparer_IsRefused()
    {
        var e = Assert.Throws<ArgumentException>(() => new WordSet(StringComparer.Ordinal));
        Assert.Contains("OrdinalIgnoreCase", e.Message, StringComparison.Ordinal);
    }

    private static IEnumerable<string> Variants(string word, Random rng)
    {
        yield return word;
        yield return word.ToUpperInvariant();
        yield return word.ToLowerInvariant();
        var mixed = new StringBuilder(word.Length);
        foreach (var c in word)
        {
            mixed.Append(rng.Next(2) == 0 ? char.ToUpperInvariant(c) : char.ToLowerInvariant(c));
        }

        yield return mixed.ToString();
        if (word.Length > 1)
        {
            // Near misses: one character changed, one dropped, one added, the ends swapped.
            var k = rng.Next(word.Length);
            yield return word[..k] + Alphabet[rng.Next(Alphabet.Length)] + word[(k + 1)..];
            yield return word.Remove(k, 1);
            yield return word.Insert(k, "e");
            yield return word[^1] + word[1..^1] + word[0];
        }
    }

    private static string RandomWord(Random rng)
    {
        var n = rng.Next(0, 12);
        var chars = new char[n];
        for (var i = 0; i < n; i++)
        {
            // Mostly ASCII letters, so that random words often share a length and end characters with set words.
            chars[i] = rng.Next(4) == 0 ? Alphabet[rng.Next(Alphabet.Length)] : (char)('a' + rng.Next(26) - (rng.Next(2) == 0 ? 32 : 0));
        }

        return new string(chars);
    }
}
