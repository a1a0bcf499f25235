using System.Runtime.CompilerServices;

namespace QuoteBot.Core.Search;

/// <summary>
/// The BM25 arithmetic every store ranks by (Okapi BM25, k1 1.2, b 0.75, with FTS5 bm25()'s IDF floor), in one place
/// so that the SQLite and PostgreSQL stores, their tests and the benches' exhaustive oracles compute the same numbers to
/// the bit. A quote's score is the sum over the query's clauses of <see cref="Term"/>(clause IDF, weighted frequency,
/// <see cref="Norm"/>(length)). The weighted frequency counts a hit in the quote text 10, in the speaker 3 (the
/// speaker's name and its folded key each), in the source title 1 (docs/benchmarks.md, "Exact BM25 on SQLite").
/// </summary>
public static class Bm25Math
{
    private const double K1 = 1.2;
    private const double B = 0.75;

    /// <summary>Inverse document frequency: ln((N − n + 0.5) / (n + 0.5)), at least 1e-6 (as FTS5's bm25() floors it).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Idf(long docs, long df)
    {
        var idf = Math.Log((docs - df + 0.5) / (df + 0.5));
        return idf <= 0 ? 1e-6 : idf;
    }

    /// <summary>The length normalization of a quote of <paramref name="length"/> tokens: k1 (1 − b + b·|d| / avgdl).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Norm(double length, double averageLength) => K1 * (1 - B + B * length / averageLength);

    /// <summary>One clause's BM25 term: idf · f (k1 + 1) / (f + norm).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Term(double idf, double frequency, double norm) => idf * (frequency * (K1 + 1)) / (frequency + norm);
}
