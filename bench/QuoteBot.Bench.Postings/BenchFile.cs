using Microsoft.Data.Sqlite;
using QuoteBot.Storage.Sqlite.Postings;
using SQLitePCL;

namespace QuoteBot.Bench.Postings;

/// <summary>A stored quote as the search returns it.</summary>
internal sealed record StoredQuote(int Id, string Text, string? Speaker, string? Title, string? Url, DateTimeOffset AddedAt);

/// <summary>
/// The bench's file: the store's postings index (<see cref="PostingsIndex"/>, tables <c>px_*</c>) and, beside it,
/// the bench's own quote rows (<c>quotes</c>, bodies through <see cref="BodyCodec"/>, speakers by the index's
/// speaker ids). One instance per thread.
/// </summary>
internal sealed class BenchFile : IDisposable
{
    public const string QuotesSchema = """
        CREATE TABLE IF NOT EXISTS quotes(id INTEGER PRIMARY KEY, speaker_id INTEGER, added_at INTEGER NOT NULL, body BLOB NOT NULL);
        CREATE TABLE IF NOT EXISTS body_runs(id INTEGER PRIMARY KEY, run TEXT NOT NULL);
        """;

    private readonly sqlite3_stmt _quote;
    private readonly BodyCodec _codec;

    public BenchFile(string path, int cacheMegabytes = 8)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"No bench file at {path}.", path);
        }

        Connection = Open(path, cacheMegabytes);
        Index = PostingsIndex.Open(Connection);
        var runs = new List<string>();
        using (var c = Connection.CreateCommand())
        {
            c.CommandText = "SELECT run FROM body_runs ORDER BY id";
            using var r = c.ExecuteReader();
            while (r.Read())
            {
                runs.Add(r.GetString(0));
            }
        }

        _codec = new BodyCodec(BodyFormat.Words, runs);
        var db = Connection.Handle!;
        if (raw.sqlite3_prepare_v2(db, "SELECT q.added_at, q.body, s.name FROM quotes q LEFT JOIN px_speakers s ON s.id = q.speaker_id WHERE q.id = ?1", out _quote) != raw.SQLITE_OK)
        {
            throw new InvalidOperationException(raw.sqlite3_errmsg(db).utf8_to_string());
        }
    }

    public SqliteConnection Connection { get; }

    public PostingsIndex Index { get; }

    public static SqliteConnection Open(string path, int cacheMegabytes)
    {
        var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = $"PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA cache_size = -{cacheMegabytes * 1024}; PRAGMA mmap_size = 0;";
        cmd.ExecuteNonQuery();
        return c;
    }

    /// <summary>One quote row, its body decoded.</summary>
    public StoredQuote? Quote(int id)
    {
        raw.sqlite3_reset(_quote);
        raw.sqlite3_bind_int64(_quote, 1, id);
        try
        {
            if (raw.sqlite3_step(_quote) != raw.SQLITE_ROW)
            {
                return null;
            }

            var at = raw.sqlite3_column_int64(_quote, 0);
            var body = raw.sqlite3_column_blob(_quote, 1);
            var speaker = raw.sqlite3_column_type(_quote, 2) == raw.SQLITE_NULL ? null : raw.sqlite3_column_text(_quote, 2).utf8_to_string();
            var (text, title, _, url, _) = _codec.Decode(body);
            return new StoredQuote(id, text, speaker, title.Length > 0 ? title : null, url.Length > 0 ? url : null,
                DateTimeOffset.FromUnixTimeSeconds(at));
        }
        finally
        {
            raw.sqlite3_reset(_quote);
        }
    }

    public void Dispose()
    {
        _quote.Dispose();
        Index.Dispose();
        Connection.Dispose();
    }
}
