using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace QuoteBot.Storage.Sqlite.Postings;

/// <summary>
/// Writing inside a transaction someone else opened (the quote store's writer): the index's rows then change in the
/// same transaction as the quote rows, and commit or roll back with them.
/// </summary>
internal sealed partial class PostingsIndex
{
    private bool _inOpenTransaction;

    /// <summary>
    /// Starts a write inside a transaction the caller already opened on this connection (with SQL, e.g. BEGIN
    /// IMMEDIATE): <see cref="PostingsWrite.Commit"/> writes the statistics (and a full tail as a segment) but leaves
    /// committing to the caller; disposing without it forgets this instance's caches and leaves the rows written so far
    /// for the caller to roll back. A caller that rolls back after <see cref="PostingsWrite.Commit"/> calls
    /// <see cref="Forget"/>.
    /// </summary>
    public PostingsWrite BeginWriteInOpenTransaction()
    {
        if (CurrentTransaction is not null || _inOpenTransaction)
        {
            throw new InvalidOperationException("A write is already in progress on this postings index.");
        }

        if (raw.sqlite3_get_autocommit(_db) != 0)
        {
            throw new InvalidOperationException("No transaction is open on this connection.");
        }

        _inOpenTransaction = true;
        return new PostingsWrite(this);
    }

    /// <summary>Ends a write begun by <see cref="BeginWriteInOpenTransaction"/>; false when the write has its own transaction.</summary>
    private bool EndWriteInOpenTransaction(bool commit)
    {
        if (!_inOpenTransaction)
        {
            return false;
        }

        _inOpenTransaction = false;
        if (!commit)
        {
            Forget();
        }

        return true;
    }

    /// <summary>Drops what this instance cached from the database (segment views, speaker ids): after a rollback.</summary>
    public void Forget()
    {
        _views.Clear();
        _speakerIds.Clear();
        ForgetKeptTerms(); // a rolled-back segment's id is taken again by the next one
    }

    /// <summary>Segments whose ids, lengths and deleted bits this instance holds in memory.</summary>
    internal int CachedSegments => _views.Count;

    /// <summary>
    /// Drops the cached views of segments that are gone (merged away since they were read); a long-lived instance
    /// otherwise keeps every segment it ever searched. Call in a read transaction.
    /// </summary>
    public void ForgetDroppedSegments()
    {
        var live = Segments().Select(s => s.Id).ToHashSet();
        foreach (var id in _views.Keys.Where(id => !live.Contains(id)).ToList())
        {
            _views.Remove(id);
        }
    }

    /// <summary>
    /// Empties the index in the caller's open transaction (every segment, the tail, the statistics, the speakers) and
    /// gives it new pair words; its other options stay, and segment ids are not reused. Instances opened before must
    /// be opened again (their pair words and caches are stale).
    /// </summary>
    public static void Clear(SqliteConnection connection, IReadOnlyCollection<string> pairWords)
    {
        var tables = new List<string>();
        using (var c = connection.CreateCommand())
        {
            c.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'px\\_%' ESCAPE '\\' AND name <> 'px_meta'";
            using var r = c.ExecuteReader();
            while (r.Read())
            {
                tables.Add(r.GetString(0));
            }
        }

        foreach (var t in tables.Where(t => t.StartsWith("px_", StringComparison.Ordinal) && t.All(ch => char.IsAsciiLetterOrDigit(ch) || ch == '_')))
        {
            Exec(connection, null, $"DELETE FROM {t}");
        }

        Exec(connection, null, "UPDATE px_meta SET value = 0 WHERE key IN ('docs', 'tokens', 'max_doc')");
        foreach (var w in pairWords)
        {
            Exec(connection, null, "INSERT INTO px_pair_words(token) VALUES ($t)", ("$t", w));
        }
    }
}
