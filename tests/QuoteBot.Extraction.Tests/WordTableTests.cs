using System.Text;

namespace QuoteBot.Extraction.Tests;

/// <summary>
/// <see cref="WordTable"/> numbers words by its own hash table: the numbers are those a dictionary handing out numbers
/// in first-seen order gives, for spans anywhere in a text, across the table's growth and after it is emptied.
/// </summary>
public sealed class WordTableTests
{
    private const string Letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'-.\u00E9\u00FC\u0107\u2019\u00AD";

    [Theory]
    [InlineData(1, 2_000)]
    [InlineData(2, 30_000)]
    [InlineData(3, 120_000)]
    public void Id_SameAsADictionaryInFirstSeenOrder(int seed, int asks)
    {
        var rng = new Random(seed);
        var text = RandomText(rng, asks);
        var table = new WordTable();
        var expected = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (start, length) in Words(rng, text, asks))
        {
            var span = text.AsSpan(start, length);
            var word = span.ToString();
            if (!expected.TryGetValue(word, out var id))
            {
                id = expected.Count + 1;
                expected[word] = id;
            }

            Assert.Equal(id, table.Id(span));
            Assert.Equal(word, table[id]);
        }

        Assert.Equal(expected.Count, table.Count);

        // Asked again in another order, every word keeps its number.
        foreach (var (word, id) in expected.OrderBy(_ => rng.Next()))
        {
            Assert.Equal(id, table.Id(word));
            Assert.Same(table[id], table.Get(word));
        }
    }

    [Fact]
    public void Id_OneCharacterWords_AsciiAndNot()
    {
        var table = new WordTable();
        var a = table.Id(".");
        var e = table.Id("\u00E9");
        Assert.NotEqual(a, e);
        Assert.Equal(a, table.Id("x.".AsSpan(1, 1)));
        Assert.Equal(e, table.Id("\u00E9"));
        Assert.Equal("\u00E9", table[e]);
        Assert.Equal(a + 1, e);
    }

    [Fact]
    public void Id_WordsWhoseCharactersDifferOnlyInOrderOrLength_AreDifferent()
    {
        var table = new WordTable();
        string[] words = ["ab", "ba", "abcd", "dcba", "abcde", "abcdabcd", "abcdabce", "", "a\0", "\0a", "said", "Said", "SAID"];
        var ids = words.Select(w => table.Id(w)).ToArray();
        Assert.Equal(words.Length, ids.Distinct().Count());
        for (var i = 0; i < words.Length; i++)
        {
            Assert.Equal(words[i], table[ids[i]]);
            Assert.Equal(ids[i], table.Id(words[i]));
        }
    }

    [Fact]
    public void Empty_ForgetsEveryWord_AndNumbersStartAgain()
    {
        var table = new WordTable();
        for (var i = 0; i < 10_000; i++)
        {
            table.Id("w" + i);
        }

        table.Id("!");
        table.Empty();
        Assert.Equal(0, table.Count);
        Assert.Equal(1, table.Id("w9999"));
        Assert.Equal(2, table.Id("!"));
        Assert.Equal(3, table.Id("w0"));
        Assert.Equal(1, table.Id("w9999"));
    }

    // Text with runs of repeated words, so that most asks are hits, as in articles.
    private static string RandomText(Random rng, int asks)
    {
        var vocabulary = Enumerable.Range(0, Math.Max(50, asks / 8)).Select(_ =>
        {
            var sb = new StringBuilder();
            var n = rng.Next(10) == 0 ? rng.Next(9, 30) : rng.Next(1, 9);
            for (var k = 0; k < n; k++)
            {
                sb.Append(Letters[rng.Next(Letters.Length)]);
            }

            return sb.ToString();
        }).ToArray();
        var text = new StringBuilder();
        for (var i = 0; i < asks; i++)
        {
            text.Append(vocabulary[rng.Next(vocabulary.Length)]).Append(' ');
        }

        return text.ToString();
    }

    // Spans that are whole words of the text, and now and then any stretch of it (not on word boundaries).
    private static IEnumerable<(int Start, int Length)> Words(Random rng, string text, int asks)
    {
        var starts = new List<int> { 0 };
        for (var i = 0; i < text.Length - 1; i++)
        {
            if (text[i] == ' ')
            {
                starts.Add(i + 1);
            }
        }

        for (var n = 0; n < asks; n++)
        {
            if (rng.Next(20) == 0)
            {
                var s = rng.Next(text.Length - 40);
                yield return (s, rng.Next(0, 40));
                continue;
            }

            var start = starts[rng.Next(starts.Count - 1)];
            var end = text.IndexOf(' ', start);
            yield return (start, end - start);
        }
    }
}
