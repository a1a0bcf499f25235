using System.Runtime.CompilerServices;
using QuoteBot.Core.Search;

namespace QuoteBot.Storage.Sqlite;

/// <summary>
/// The store's BM25 arithmetic: <see cref="Bm25Math"/> in QuoteBot.Core, shared with the PostgreSQL store so both rank by
/// the same numbers to the bit. A quote's score is the sum over the query's clauses of <see cref="Term"/>(clause IDF,
/// weighted frequency, <see cref="Norm"/>(length)).
/// </summary>
internal static class Bm25Formula
{
    /// <summary>Inverse document frequency: ln((N − n + 0.5) / (n + 0.5)), at least 1e-6 (as FTS5's bm25() floors it).</summary>
    public static double Idf(long docs, long df) => Bm25Math.Idf(docs, df);

    /// <summary>The length normalization of a quote of <paramref name="length"/> tokens: k1 (1 − b + b·|d| / avgdl).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Norm(double length, double averageLength) => Bm25Math.Norm(length, averageLength);

    /// <summary>One clause's BM25 term: idf · f (k1 + 1) / (f + norm).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Term(double idf, double frequency, double norm) => Bm25Math.Term(idf, frequency, norm);
}
