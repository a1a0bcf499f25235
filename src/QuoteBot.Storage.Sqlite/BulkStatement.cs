using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace QuoteBot.Storage.Sqlite;

/// <summary>
/// One prepared statement of the bulk path, bound and stepped through SQLite's own API: for the thousands of rows a
/// batch writes this costs far less than a <see cref="SqliteCommand"/> per row (no parameter objects, no value boxing)
/// or than one statement over a JSON array (no JSON written here and parsed again by SQLite). Parameters are numbered
/// from 1 in the order they appear in the SQL. Lives for one batch, on the writer's connection.
/// </summary>
internal sealed class BulkStatement : IDisposable
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _stmt;
    private byte[] _utf8 = new byte[256]; // a text's UTF-8, reused from bind to bind (SQLite copies it)

    public BulkStatement(SqliteSession session, string sql)
    {
        _db = session.Connection.Handle ?? throw new InvalidOperationException("The writer connection is not open.");
        Check(raw.sqlite3_prepare_v2(_db, sql, out _stmt));
    }

    public BulkStatement Bind(int index, string? value) => value is null ? BindNull(index) : Bind(index, value.AsSpan());

    /// <summary>A text (as its UTF-8, encoded into a buffer the statement reuses: no array per value).</summary>
    public BulkStatement Bind(int index, ReadOnlySpan<char> value)
    {
        if (value.IsEmpty)
        {
            Check(raw.sqlite3_bind_text(_stmt, index, string.Empty)); // (an empty span would bind NULL)
            return this;
        }

        var max = System.Text.Encoding.UTF8.GetMaxByteCount(value.Length);
        if (_utf8.Length < max)
        {
            _utf8 = new byte[Math.Max(max, _utf8.Length * 2)];
        }

        var n = System.Text.Encoding.UTF8.GetBytes(value, _utf8);
        Check(raw.sqlite3_bind_text(_stmt, index, _utf8.AsSpan(0, n)));
        return this;
    }

    private BulkStatement BindNull(int index)
    {
        Check(raw.sqlite3_bind_null(_stmt, index));
        return this;
    }

    public BulkStatement Bind(int index, long value)
    {
        Check(raw.sqlite3_bind_int64(_stmt, index, value));
        return this;
    }

    public BulkStatement Bind(int index, long? value) => value is { } v ? Bind(index, v) : BindNull(index);

    /// <summary>
    /// A value in a stored form that is an integer, a text or a BLOB (SqliteQuoteStore.Rows.cs: names ids, days, times,
    /// packed texts), or null.
    /// </summary>
    public BulkStatement BindStored(int index, object? value) => value switch
    {
        null => BindNull(index),
        long l => Bind(index, l),
        int n => Bind(index, n),
        string t => Bind(index, t),
        byte[] b => Bind(index, b),
        _ => throw new ArgumentException($"A stored value is an integer, a text or a BLOB, not {value.GetType().Name}.", nameof(value)),
    };

    public BulkStatement Bind(int index, byte[] value)
    {
        Check(raw.sqlite3_bind_blob(_stmt, index, value));
        return this;
    }

    /// <summary>Runs the statement to its end and resets it for the next row; throws what SQLite reported.</summary>
    public void Run()
    {
        int rc;
        while ((rc = raw.sqlite3_step(_stmt)) == raw.SQLITE_ROW)
        {
        }

        raw.sqlite3_reset(_stmt);
        if (rc != raw.SQLITE_DONE)
        {
            throw new SqliteException(raw.sqlite3_errmsg(_db).utf8_to_string(), rc, raw.sqlite3_extended_errcode(_db));
        }
    }

    /// <summary>Runs a statement that returns one integer (or NULL: null) in its first row, and resets it.</summary>
    public long? Long()
    {
        try
        {
            var rc = raw.sqlite3_step(_stmt);
            if (rc == raw.SQLITE_ROW)
            {
                return raw.sqlite3_column_type(_stmt, 0) == raw.SQLITE_NULL ? null : raw.sqlite3_column_int64(_stmt, 0);
            }

            if (rc != raw.SQLITE_DONE)
            {
                throw new SqliteException(raw.sqlite3_errmsg(_db).utf8_to_string(), rc, raw.sqlite3_extended_errcode(_db));
            }

            return null;
        }
        finally
        {
            raw.sqlite3_reset(_stmt);
        }
    }

    public void Dispose() => _stmt.Dispose();

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK)
        {
            throw new SqliteException(raw.sqlite3_errmsg(_db).utf8_to_string(), rc, raw.sqlite3_extended_errcode(_db));
        }
    }
}
