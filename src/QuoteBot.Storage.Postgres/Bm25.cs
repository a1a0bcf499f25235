using Npgsql;

namespace QuoteBot.Storage.Postgres;

/// <summary>
/// Okapi BM25 as the PostgreSQL store scores it (docs/benchmarks.md "Exact BM25 on PostgreSQL"): k1 1.2, b 0.75,
/// weighted frequencies (text 10, speaker and speaker key 3, title 1), IDF ln((N − n + 0.5) / (n + 0.5)) at least 1e-6.
/// The same arithmetic as the SQLite store's, so both rank alike.
/// </summary>
internal static class Bm25
{
    public const double K1 = 1.2;
    public const double B = 0.75;

    /// <summary>The positions of one lexeme in one quote's search vector and each position's weight (A, B, C or D).</summary>
    public readonly record struct Postings(short[] Positions, string[] Weights);

    public static double Idf(long docs, long df)
    {
        var idf = Math.Log((docs - df + 0.5) / (df + 0.5));
        return idf <= 0 ? 1e-6 : idf;
    }

    /// <summary>k1 (1 − b + b·|d| / avgdl).</summary>
    public static double Norm(double length, double averageLength) => K1 * (1 - B + B * length / averageLength);

    /// <summary>idf · f (k1 + 1) / (f + norm).</summary>
    public static double Term(double idf, double frequency, double norm) => idf * (frequency * (K1 + 1)) / (frequency + norm);

    /// <summary>A position's weight: 10 for A (text), 3 for B (speaker and its key), 1 for C (title) and D.</summary>
    public static int Weight(string w) => w switch
    {
        "A" => 10,
        "B" => 3,
        _ => 1,
    };

    /// <summary>
    /// Weighted hits of a clause (lexemes in a row) in one quote: each position of its first lexeme followed by the
    /// others at the next positions counts that position's weight.
    /// </summary>
    public static int Frequency(string[] clause, IReadOnlyDictionary<string, Postings> doc)
    {
        if (!doc.TryGetValue(clause[0], out var first))
        {
            return 0;
        }

        var f = 0;
        for (var i = 0; i < first.Positions.Length; i++)
        {
            var ok = true;
            for (var k = 1; k < clause.Length && ok; k++)
            {
                ok = doc.TryGetValue(clause[k], out var next) && Array.BinarySearch(next.Positions, (short)(first.Positions[i] + k)) >= 0;
            }

            if (ok)
            {
                f += Weight(first.Weights[i]);
            }
        }

        return f;
    }

    /// <summary>The quote's score; null when a clause does not occur (not a match).</summary>
    public static double? Score(List<string[]> clauses, double[] idfs, IReadOnlyDictionary<string, Postings> doc, double norm)
    {
        var score = 0.0;
        for (var i = 0; i < clauses.Count; i++)
        {
            var f = Frequency(clauses[i], doc);
            if (f == 0)
            {
                return null;
            }

            score += Term(idfs[i], f, norm);
        }

        return score;
    }
}

/// <summary>The corpus and lexeme statistics of one search, read from bm25_lengths and bm25_terms in its snapshot.</summary>
internal sealed class Bm25Statistics
{
    /// <summary>A lexeme's document frequency, its highest weighted frequency below the heavy mark, and its heavy ones.</summary>
    public sealed record TermStats(long Df, int MaxLight, List<int> Heavy);

    private static readonly TermStats None = new(0, 0, []);

    private readonly Dictionary<string, TermStats> _terms = new(StringComparer.Ordinal);

    /// <summary>Active quotes (every scope).</summary>
    public long Docs { get; private set; }

    /// <summary>Tokens per active quote, at least 1.</summary>
    public double AverageLength { get; private set; } = 1;

    /// <summary>The shortest active quote's length.</summary>
    public int Shortest { get; private set; }

    public TermStats Term(string lexeme) => _terms.TryGetValue(lexeme, out var t) ? t : None;

    public static async Task<Bm25Statistics> LoadAsync(NpgsqlConnection conn, string[] lexemes, CancellationToken ct)
    {
        var stats = new Bm25Statistics();
        await using var batch = new NpgsqlBatch(conn)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand("SELECT dl, n FROM bm25_lengths WHERE n > 0"),
                new NpgsqlBatchCommand("SELECT lexeme, wtf, n FROM bm25_terms WHERE lexeme = ANY(@l) AND n > 0 ORDER BY lexeme, wtf") { Parameters = { new("l", lexemes) } },
            },
        };
        await using var r = await batch.ExecuteReaderAsync(ct);
        long tokens = 0;
        var shortest = int.MaxValue;
        while (await r.ReadAsync(ct))
        {
            var dl = r.GetInt32(0);
            var n = r.GetInt64(1);
            stats.Docs += n;
            tokens += dl * n;
            shortest = Math.Min(shortest, dl);
        }

        stats.AverageLength = stats.Docs > 0 ? Math.Max(1.0, (double)tokens / stats.Docs) : 1.0;
        stats.Shortest = stats.Docs > 0 ? shortest : 0;
        await r.NextResultAsync(ct);
        var building = new Dictionary<string, (long Df, int MaxLight, List<int> Heavy)>(StringComparer.Ordinal);
        while (await r.ReadAsync(ct))
        {
            var lexeme = r.GetString(0);
            var wtf = r.GetInt32(1);
            var n = r.GetInt64(2);
            var t = building.TryGetValue(lexeme, out var b) ? b : (0, 0, new List<int>());
            t.Df += n;
            if (wtf >= PostgresSchema.HeavyFrequency)
            {
                t.Heavy.Add(wtf);
            }
            else
            {
                t.MaxLight = Math.Max(t.MaxLight, wtf);
            }

            building[lexeme] = t;
        }

        foreach (var (lexeme, t) in building)
        {
            stats._terms[lexeme] = new TermStats(t.Df, t.MaxLight, t.Heavy);
        }

        return stats;
    }
}
