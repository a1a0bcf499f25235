using Microsoft.Data.Sqlite;
using QuoteBot.Core.Storage;

namespace QuoteBot.Storage.Sqlite;

/// <summary>
/// The quote database cannot be used: locked, read-only, corrupt, full or unopenable.
/// <see cref="Exception.Message"/> is one line naming the file, fit to print as it is.
/// </summary>
public sealed class SqliteStoreException : QuoteStoreException
{
    public SqliteStoreException()
    {
        Path = string.Empty;
    }

    public SqliteStoreException(string message)
        : base(message)
    {
        Path = string.Empty;
    }

    public SqliteStoreException(string message, Exception innerException)
        : base(message, innerException)
    {
        Path = string.Empty;
    }

    public SqliteStoreException(string path, string message, Exception? innerException)
        : base(message, innerException)
    {
        Path = path;
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    internal static SqliteStoreException From(string path, Exception ex)
    {
        var reason = ex switch
        {
            SqliteException s => (s.SqliteErrorCode & 0xFF) switch
            {
                5 or 6 => "it is locked by another process (is another quotebot running?)",
                8 => "it is read-only (check the file and folder permissions)",
                10 => "a disk I/O error occurred",
                11 or 26 => "it is not a valid quote database (corrupt, or some other file)",
                13 => "the disk is full",
                14 => "it cannot be opened (does the folder exist, and may we write there?)",
                23 => "access was denied",
                _ => "SQLite error " + s.SqliteErrorCode + ": " + OneLine(s.Message),
            },
            UnauthorizedAccessException => "access was denied",
            IOException io => OneLine(io.Message),
            _ => OneLine(ex.Message),
        };
        return new SqliteStoreException(path, $"Cannot use the quote database '{path}': {reason}.", ex);
    }

    private static string OneLine(string s) => s.ReplaceLineEndings(" ").Trim().TrimEnd('.');
}
