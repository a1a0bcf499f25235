namespace QuoteBot.Storage.Sqlite;

/// <summary>
/// The store's BM25 arithmetic (Okapi BM25, k1 1.2, b 0.75, with FTS5 bm25()'s IDF floor), in one place so that the
/// postings index, its tests and the bench's exhaustive oracle compute the same numbers to the bit. A quote's score is
/// the sum over the query's clauses of <see cref="Term"/>(clause IDF, weighted frequency, <see cref="Norm"/>(length)).
/// </summary>
internal static class Bm25Formula
{
    private const double K1 = 1.2;
    private const double B = 0.75;

    /// <summary>Inverse document frequency: ln((N − n + 0.5) / (n + 0.5)), at least 1e-6 (as FTS5's bm25() floors it).</summary>
    public static double Idf(long docs, long df)
    {
        var idf = Math.Log((docs - df + 0.5) / (df + 0.5));
        return idf <= 0 ? 1e-6 : idf;
    }

    /// <summary>The length normalization of a quote of <paramref name="length"/> tokens: k1 (1 − b + b·|d| / avgdl).</summary>
    public static double Norm(double length, double averageLength) => K1 * (1 - B + B * length / averageLength);

    /// <summary>One clause's BM25 term: idf · f (k1 + 1) / (f + norm).</summary>
    public static double Term(double idf, double frequency, double norm) => idf * (frequency * (K1 + 1)) / (frequency + norm);
}
