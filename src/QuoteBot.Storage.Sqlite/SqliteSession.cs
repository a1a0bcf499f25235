using Microsoft.Data.Sqlite;

namespace QuoteBot.Storage.Sqlite;

/// <summary>One open connection with its prepared statements, used by one caller at a time.</summary>
internal sealed class SqliteSession : IDisposable
{
    private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);

    public SqliteSession(SqliteConnection connection) => Connection = connection;

    public SqliteConnection Connection { get; }

    /// <summary>This connection's FTS5 tokenizer (query words into index terms); set when the connection is opened.</summary>
    public Fts5Terms? Terms { get; set; }

    /// <summary>The postings index opened on this connection (SqliteQuoteStore.Postings.cs), and the index epoch it was opened at.</summary>
    public Postings.PostingsIndex? Postings { get; set; }

    public long PostingsEpoch { get; set; }

    /// <summary>A pooled reader's connection (SqliteDatabase.Read): it never writes, so its transactions see committed state only.</summary>
    public bool IsReader { get; set; }

    /// <summary>
    /// Tests only: a file held below migration 15 (SqliteStoreOptions.SchemaLimit) has the old quote columns. Every SQL
    /// text naming <c>From</c> (the store's quote column list) names <c>To</c> instead when it is prepared.
    /// </summary>
    public (string From, string To)? ColumnMap { get; set; }

    /// <summary>Searches this connection ran through its postings index.</summary>
    public long PostingsSearches { get; set; }

    /// <summary>
    /// A prepared command for <paramref name="sql"/> with its parameters bound in order. One SQL text must always be
    /// called with the same parameter names in the same order.
    /// </summary>
    public SqliteCommand Command(string sql, params ReadOnlySpan<(string Name, object? Value)> args)
    {
        if (!_commands.TryGetValue(sql, out var cmd))
        {
            cmd = Connection.CreateCommand();
            cmd.CommandText = ColumnMap is { } map ? sql.Replace(map.From, map.To, StringComparison.Ordinal) : sql;
            foreach (var (name, value) in args)
            {
                cmd.Parameters.AddWithValue(name, value ?? DBNull.Value);
            }

            _commands[sql] = cmd;
            return cmd;
        }

        for (var i = 0; i < args.Length; i++)
        {
            cmd.Parameters[i].Value = args[i].Value ?? DBNull.Value;
        }

        return cmd;
    }

    public int Execute(string sql, params ReadOnlySpan<(string Name, object? Value)> args) => Command(sql, args).ExecuteNonQuery();

    public object? Scalar(string sql, params ReadOnlySpan<(string Name, object? Value)> args) => Command(sql, args).ExecuteScalar();

    /// <summary>Runs one-off SQL (DDL, pragmas, BEGIN/COMMIT) without keeping a prepared statement.</summary>
    public void Run(string sql)
    {
        using var cmd = Connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    public void Dispose()
    {
        foreach (var cmd in _commands.Values)
        {
            cmd.Dispose();
        }

        _commands.Clear();
        Postings?.Dispose();
        Postings = null;
        Connection.Dispose();
        Terms?.Dispose();
    }
}
