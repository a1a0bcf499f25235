using Microsoft.Data.Sqlite;

namespace QuoteBot.Storage.Sqlite.Tests;

/// <summary>
/// A test's own raw view of a database file, beside the store: an unpooled connection (so the file is closed when it
/// is disposed), rows of a query as strings, and a statement run as it is (to damage or age a file on purpose).
/// </summary>
internal static class RawDb
{
    public static SqliteConnection Raw(string path)
    {
        var c = new SqliteConnection($"Data Source={path};Pooling=False");
        c.Open();
        return c;
    }

    public static List<string> Query(string path, string sql)
    {
        using var c = Raw(path);
        return PostingsRows.Query(c, sql);
    }

    public static void Run(string path, string sql)
    {
        using var c = Raw(path);
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }
}
