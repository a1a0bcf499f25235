using System.Globalization;
using Microsoft.Data.Sqlite;

namespace QuoteBot.Storage.Sqlite.Tests;

/// <summary>
/// <see cref="Fts5Terms"/> (FTS5's tokenizer, which the postings index analyses quotes with) keeps the strings of the
/// tokens it made and its buffers between calls (session 9, fewer allocations in a bulk load). What it returns must
/// still be exactly what FTS5 indexes, for a fresh instance and for one that has tokenized thousands of rows, and it
/// keeps at most <see cref="Fts5Terms.KnownTokenLimit"/> strings.
/// </summary>
public class Fts5TermsTests
{
    private static readonly string[] Texts =
    [
        "The cats were running, and the cat RAN again.",
        "Ça m'étonne: Straße, Größe, naïve café — déjà vu.",
        "Москва не сразу строилась; Москва!",
        "Emoji 🔥 between words 🔥 and numbers 12 345 6.7",
        "Don't stop the O\u2019Brien's quotes",
        new string('x', 300) + " " + string.Concat(Enumerable.Repeat("ü", 200)) + " short", // tokens past the stack buffer
        "",
    ];

    [Fact]
    public void DocumentTokens_AreWhatFts5Indexes_FreshAndWarm()
    {
        using var c = Open();
        using var fresh = Fts5Terms.Open(c)!;
        using var warm = Fts5Terms.Open(c)!;
        var scratch = new List<string>();
        for (var i = 0; i < 5_000; i++)
        {
            warm.DocumentTokens(Word(i) + " " + Word(i + 1) + " " + Word(i % 50), scratch);
        }

        foreach (var text in Texts)
        {
            var expected = IndexedTerms(c, text);
            Assert.Equal(expected, Counts(fresh, text));
            Assert.Equal(expected, Counts(warm, text));
        }
    }

    [Fact]
    public void KnownTokens_StopAtTheLimit_AndLaterTokensAreStillRight()
    {
        using var c = Open();
        using var terms = Fts5Terms.Open(c)!;
        var scratch = new List<string>();
        for (var i = 0; i < Fts5Terms.KnownTokenLimit + 3_000; i += 100)
        {
            terms.DocumentTokens(string.Join(' ', Enumerable.Range(i, 100).Select(Word)), scratch);
        }

        Assert.Equal(Fts5Terms.KnownTokenLimit, terms.KnownTokens);
        var late = Word(Fts5Terms.KnownTokenLimit + 2_500) + " " + Word(7);
        Assert.Equal(IndexedTerms(c, late), Counts(terms, late));
    }

    [Fact]
    public void DocumentTokens_OnAWarmInstance_AllocatesLittlePerRow()
    {
        // A bulk load tokenizes every quote: the UTF-8 buffer and the token strings are reused, not made per row.
        using var c = Open();
        using var terms = Fts5Terms.Open(c)!;
        var into = new List<string>(64);
        var rows = Enumerable.Range(0, 200).Select(i => string.Join(' ', Enumerable.Range(i, 40).Select(k => Word(k % 60)))).ToArray();
        foreach (var row in rows)
        {
            terms.DocumentTokens(row, into);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var round = 0; round < 5; round++)
        {
            foreach (var row in rows)
            {
                terms.DocumentTokens(row, into);
            }
        }

        var perRow = (GC.GetAllocatedBytesForCurrentThread() - before) / (5.0 * rows.Length);
        Assert.True(perRow < 256, $"{perRow:F0} bytes allocated per row");

        // Reused, yet each call's own tokens: the last text alone, in order.
        terms.DocumentTokens("w1q w2q w1q", into);
        Assert.Equal(["w1q", "w2q", "w1q"], into);
    }

    /// <summary>A text's tokens counted, apostrophes dropped first as the index does (PostingsTokenizer.Columns).</summary>
    private static Dictionary<string, int> Counts(Fts5Terms terms, string text)
    {
        var tokens = new List<string>();
        terms.DocumentTokens(text.Replace("'", "", StringComparison.Ordinal).Replace("\u2019", "", StringComparison.Ordinal), tokens);
        return tokens.GroupBy(t => t, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
    }

    private static string Word(int i) => "w" + i.ToString("x", CultureInfo.InvariantCulture) + "q";

    private static SqliteConnection Open()
    {
        var c = new SqliteConnection("Data Source=:memory:");
        c.Open();
        return c;
    }

    /// <summary>FTS5's own index of <paramref name="text"/> (apostrophes dropped first, as the store does): term → hits.</summary>
    private static Dictionary<string, int> IndexedTerms(SqliteConnection c, string text)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText =
            "DROP TABLE IF EXISTS t; DROP TABLE IF EXISTS v;" +
            "CREATE VIRTUAL TABLE t USING fts5(x, tokenize = 'porter unicode61 remove_diacritics 2');" +
            "CREATE VIRTUAL TABLE v USING fts5vocab(t, 'row');" +
            "INSERT INTO t(x) VALUES (replace(replace(@x, char(39), ''), char(8217), ''));";
        cmd.Parameters.AddWithValue("@x", text);
        cmd.ExecuteNonQuery();
        cmd.CommandText = "SELECT term, cnt FROM v";
        var result = new Dictionary<string, int>(StringComparer.Ordinal);
        using var r = cmd.ExecuteReader();
        while (r.Read())
        {
            result[r.GetString(0)] = r.GetInt32(1);
        }

        return result;
    }
}
