using System.Globalization;
using Microsoft.Data.Sqlite;
using QuoteBot.Storage.Sqlite.Postings;

namespace QuoteBot.Storage.Sqlite.Tests;

/// <summary>Every row of a postings index's segment tables as text, segment ids masked out of keys, in key order: two
/// indexes that hold the same postings in differently numbered segments give equal lists.</summary>
internal static class PostingsRows
{
    /// <param name="c">An open connection to the database holding the index.</param>
    /// <param name="withTotals">Also the index's totals (<c>px_meta</c>: docs, tokens, max_doc).</param>
    public static List<string> Of(SqliteConnection c, bool withTotals = false)
    {
        var queries = new List<string>
        {
            "SELECT 'terms', term, id, count, hex(skip), hex(pulsed) FROM px_terms ORDER BY term",
            $"SELECT 'chunks', key & {(1L << PostingsIndex.SegmentShift) - 1}, hex(docs) FROM px_chunks ORDER BY key",
            $"SELECT 'positions', key & {(1L << PostingsIndex.SegmentShift) - 1}, hex(pos) FROM px_positions ORDER BY key",
            $"SELECT 'docs', key & {(1L << PostingsIndex.TermShift) - 1}, hex(ids), hex(lengths) FROM px_seg_docs ORDER BY key",
            "SELECT 'df', term, df FROM px_df ORDER BY term",
        };
        if (withTotals)
        {
            queries.Add("SELECT 'meta', key, value FROM px_meta WHERE key IN ('docs', 'tokens', 'max_doc') ORDER BY key");
        }

        return queries.SelectMany(sql => Query(c, sql)).ToList();
    }

    /// <summary>The rows a query gives, each as its columns joined by '|' (invariant culture).</summary>
    public static List<string> Query(SqliteConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        using var r = cmd.ExecuteReader();
        var rows = new List<string>();
        while (r.Read())
        {
            rows.Add(string.Join('|', Enumerable.Range(0, r.FieldCount).Select(i => Convert.ToString(r.GetValue(i), CultureInfo.InvariantCulture))));
        }

        return rows;
    }
}
