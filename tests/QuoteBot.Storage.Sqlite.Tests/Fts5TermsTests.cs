using System.Globalization;
using Microsoft.Data.Sqlite;

namespace QuoteBot.Storage.Sqlite.Tests;

/// <summary>
/// <see cref="Fts5Terms"/> keeps the strings of the tokens it made and its buffers between rows (session 9, fewer
/// allocations in a bulk load). What it returns must still be exactly what FTS5 indexes, for a fresh instance and for
/// one that has tokenized thousands of rows, and it keeps at most <see cref="Fts5Terms.KnownTokenLimit"/> strings.
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
    public void Row_CountsWhatFts5Indexes_FreshAndWarm()
    {
        using var c = Open();
        using var fresh = Fts5Terms.Open(c)!;
        using var warm = Fts5Terms.Open(c)!;
        for (var i = 0; i < 5_000; i++)
        {
            warm.Row(Word(i) + " " + Word(i + 1) + " " + Word(i % 50), null, null, null);
        }

        foreach (var text in Texts)
        {
            var expected = IndexedTerms(c, text);
            var (freshTerms, freshLength) = fresh.Row(text, null, null, null);
            var (warmTerms, warmLength) = warm.Row(text, null, null, null);

            Assert.Equal(expected, freshTerms.ToDictionary(kv => kv.Key, kv => kv.Value / Fts5Terms.Weights[0]));
            Assert.Equal(expected, warmTerms.ToDictionary(kv => kv.Key, kv => kv.Value / Fts5Terms.Weights[0]));
            Assert.Equal(expected.Values.Sum(), freshLength);
            Assert.Equal(freshLength, warmLength);
        }
    }

    [Fact]
    public void KnownTokens_StopAtTheLimit_AndLaterTokensAreStillRight()
    {
        using var c = Open();
        using var terms = Fts5Terms.Open(c)!;
        for (var i = 0; i < Fts5Terms.KnownTokenLimit + 3_000; i += 100)
        {
            terms.Row(string.Join(' ', Enumerable.Range(i, 100).Select(Word)), null, null, null);
        }

        Assert.Equal(Fts5Terms.KnownTokenLimit, terms.KnownTokens);
        var late = Word(Fts5Terms.KnownTokenLimit + 2_500) + " " + Word(7);
        Assert.Equal(IndexedTerms(c, late), terms.Row(late, null, null, null).Terms.ToDictionary(kv => kv.Key, kv => kv.Value / Fts5Terms.Weights[0]));
    }

    [Fact]
    public void Row_OnAWarmInstance_AllocatesLittlePerRow()
    {
        // A bulk load tokenizes every quote: the row's term dictionary and its pair counter are reused, not made per row
        // (a dictionary per row was a sixth of all a load allocated). Each row must still be counted from scratch.
        using var c = Open();
        using var terms = Fts5Terms.Open(c)!;
        var words = new Dictionary<string, int>(StringComparer.Ordinal) { ["w1q"] = 0, ["w2q"] = 1 };
        var pairs = new PairCounter(words);
        var rows = Enumerable.Range(0, 200).Select(i => string.Join(' ', Enumerable.Range(i, 40).Select(k => Word(k % 60)))).ToArray();
        foreach (var row in rows)
        {
            pairs.Clear();
            terms.Row(row, "Speaker One", "speaker one", "A title", pairs);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var round = 0; round < 5; round++)
        {
            foreach (var row in rows)
            {
                pairs.Clear();
                terms.Row(row, "Speaker One", "speaker one", "A title", pairs);
            }
        }

        var perRow = (GC.GetAllocatedBytesForCurrentThread() - before) / (5.0 * rows.Length);
        Assert.True(perRow < 256, $"{perRow:F0} bytes allocated per row");

        // Reused, yet each row's own counts: the last row alone, and its pairs alone.
        var (last, length) = terms.Row("w1q w2q w1q w2q", null, null, null, Cleared(pairs));
        Assert.Equal(new Dictionary<string, int> { ["w1q"] = 20, ["w2q"] = 20 }, last);
        Assert.Equal(4, length);
        Assert.Equal(new Dictionary<int, int> { [0 * 64 + 1] = 20, [1 * 64 + 0] = 10 }, pairs.Keyed);

        static PairCounter Cleared(PairCounter p)
        {
            p.Clear();
            return p;
        }
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
