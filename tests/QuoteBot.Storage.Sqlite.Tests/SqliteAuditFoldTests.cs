using System.Globalization;
using Microsoft.Data.Sqlite;
using QuoteBot.Core.Model;
using QuoteBot.Core.Search;
using QuoteBot.Core.Storage;
using QuoteBot.Core.Text;
using static QuoteBot.Storage.Sqlite.Tests.RawDb;

namespace QuoteBot.Storage.Sqlite.Tests;

/// <summary>
/// Issue 16 (disk), migration 10: a quote's "add" audit event lives in its row (add_actor), the audit table is
/// audit_log and "audit" a view that shows the add event first again. Upgrading a version-9 file, restores over an
/// added quote, bulk loads.
/// </summary>
public sealed class SqliteAuditFoldTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly Actor Alice = new("tg:1", "Alice");
    private static readonly Actor Bob = new("dc:2", "Bob");
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private static NewQuote Q(string text, string? speaker, int minute = 0, Scope? scope = null, QuoteStatus status = QuoteStatus.Active) =>
        new() { Text = text, Speaker = speaker, AddedAt = T0.AddMinutes(minute), AddedBy = "someone", Scope = scope ?? Scope.Global, Status = status,
                Source = new QuoteSource("Harbour Gazette", "Bridge works " + minute, "https://news.example/" + minute, null) };

    private static object? Scalar(SqliteConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        return cmd.ExecuteScalar();
    }

    private static List<string> Dump(SqliteConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        using var r = cmd.ExecuteReader();
        var rows = new List<string>();
        while (r.Read())
        {
            rows.Add(string.Join("|", Enumerable.Range(0, r.FieldCount).Select(i => r.IsDBNull(i) ? "null" : Convert.ToString(r.GetValue(i), CultureInfo.InvariantCulture))));
        }

        return rows;
    }

    // ---- a version-9 file, written as the version-9 store wrote it ---------------------------------------------------

    /// <summary>AddOne of schema 9: the quote row, its speaker, and an "add" audit row (at = the quote's time unless given).</summary>
    private static long V9Add(SqliteSession s, NewQuote nq, Actor actor, string? auditAt = null, long? restoredId = null)
    {
        var q = nq.ToQuote(restoredId ?? 0);
        var sid = Convert.ToInt64(s.Scalar(
            "INSERT INTO speakers(speaker_key, name) VALUES (@k, @n) ON CONFLICT(speaker_key) DO UPDATE SET name = name RETURNING id",
            ("@k", q.SpeakerKey), ("@n", q.Speaker)), CultureInfo.InvariantCulture);
        foreach (var token in TextFolding.SpeakerSearchTokens(q.Speaker!, q.SpeakerKey))
        {
            s.Execute("INSERT OR IGNORE INTO speaker_tokens(token, speaker_id) VALUES (@t, @id)", ("@t", token), ("@id", sid));
        }

        var id = Convert.ToInt64(s.Scalar(
            "INSERT INTO quotes(id, text, speaker, speaker_key, speaker_id, source_outlet, source_title, source_url, scope, added_by, added_at, status, dedupe_hash) " +
            "VALUES (@id, @text, @speaker, @skey, @sid, @outlet, @title, @url, @scope, @by, @at, @st, @dh) RETURNING id",
            ("@id", restoredId), ("@text", q.Text), ("@speaker", q.Speaker), ("@skey", q.SpeakerKey), ("@sid", sid), ("@outlet", q.Source.Outlet),
            ("@title", q.Source.Title), ("@url", q.Source.Url), ("@scope", q.Scope.Key), ("@by", q.AddedBy),
            ("@at", SqliteQuoteStore.FormatTime(q.AddedAt)), ("@st", (int)q.Status), ("@dh", SqliteQuoteStore.DedupeHash(q.DedupeKey))), CultureInfo.InvariantCulture);
        if (restoredId is null)
        {
            V9Audit(s, id, "add", actor, auditAt ?? SqliteQuoteStore.FormatTime(q.AddedAt), null, null);
        }
        else
        {
            V9Audit(s, id, "import", actor, "2026-03-02T10:00:00Z", null, q); // RestoreBatch of a new id
        }

        return id;
    }

    private static void V9Audit(SqliteSession s, long id, string action, Actor actor, string at, Quote? before, Quote? after) =>
        s.Execute("INSERT INTO audit(quote_id, action, actor_id, actor_name, at, before_json, after_json) VALUES (@q, @a, @ai, @an, @t, @b, @af)",
            ("@q", id), ("@a", action), ("@ai", actor.Id), ("@an", actor.DisplayName), ("@t", at),
            ("@b", QuoteSnapshotJson.Write(before, QuoteSnapshotStyle.Pascal)), ("@af", QuoteSnapshotJson.Write(after, QuoteSnapshotStyle.Pascal)));

    private sealed record Seen(List<List<AuditEntry>> Audits, List<string> AuditRows, List<Quote?> Quotes, List<List<long>> Hits);

    private static readonly string[] Queries = ["harbour", "ferry winter", "\"harbour bridge\"", "speaker:\"mara velin\" bridge", "gazette", "speaker:\"ben ode\""];

    /// <summary>
    /// What the store shows: audits, quotes, rows, and the hits of <see cref="Queries"/>; a file below migration 11 has
    /// no search index any more, so there the hits are the brute-force pages (the exact ranking the index must give).
    /// </summary>
    private static async Task<Seen> SeeAsync(SqliteQuoteStore store, string path, long maxId, bool bruteForce = false)
    {
        var audits = new List<List<AuditEntry>>();
        var quotes = new List<Quote?>();
        for (var id = 1; id <= maxId; id++)
        {
            audits.Add([.. await store.GetAuditAsync(id)]);
            quotes.Add(await store.GetAsync(id));
        }

        var hits = new List<List<long>>();
        foreach (var q in Queries)
        {
            var query = QueryParser.Parse(q).Query!;
            hits.Add(bruteForce
                ? (await BruteForceSearch.PageAsync(store, query, Visibility.All, 0, 10)).Ids
                : [.. (await store.SearchAsync(query, Visibility.All, 0, 10)).Items.Select(i => i.Id)]);
        }

        using var c = Raw(path);
        var rows = Dump(c, "SELECT quote_id, action, actor_id, actor_name, at, before_json, after_json FROM audit ORDER BY quote_id, id");
        return new Seen(audits, rows, quotes, hits);
    }

    private static void AssertSame(Seen before, Seen after)
    {
        Assert.Equal(before.AuditRows, after.AuditRows);
        Assert.Equal(before.Quotes, after.Quotes);
        Assert.Equal(before.Hits, after.Hits);
        Assert.Equal(before.Audits.Count, after.Audits.Count);
        for (var i = 0; i < before.Audits.Count; i++)
        {
            Assert.Equal(before.Audits[i], after.Audits[i]);
        }
    }

    /// <summary>
    /// A version-9 file with adds by two actors, an edit, a removal, a pending quote, an add row whose time is not the
    /// quote's (kept in audit_log) and a restored quote without an add row; returns what the store showed at version 9.
    /// </summary>
    private async Task<(string Path, Seen Seen, long MaxId)> Version9FileAsync()
    {
        var path = _dir.File("v9.db");
        using var db = new SqliteDatabase(path, new SqliteStoreOptions { SchemaLimit = 9 });
        using var store = new SqliteQuoteStore(db);
        await store.InitializeAsync();
        var a = await db.WriteAsync(s => V9Add(s, Q("The harbour bridge opens in spring.", "Mara Velin"), Alice), true, CancellationToken.None);
        var b = await db.WriteAsync(s => V9Add(s, Q("We keep the ferry running.", "Ben Ode", 1), Bob), true, CancellationToken.None);
        await db.WriteAsync(s => V9Add(s, Q("The harbour bridge opens in spring.", "Mara Velin", 2, Scope.Telegram(-5)), Alice), true, CancellationToken.None);
        await db.WriteAsync(s => V9Add(s, Q("A harbour with another clock.", "Mara Velin", 3), Bob, auditAt: "2026-03-02T08:00:00Z"), true, CancellationToken.None);
        await db.WriteAsync(s => V9Add(s, Q("Pending words about the bridge.", "Ben Ode", 4, status: QuoteStatus.Pending), Alice), true, CancellationToken.None);
        await db.WriteAsync(s => V9Add(s, Q("Restored harbour quote.", "Ben Ode", 5), Bob, restoredId: 6), true, CancellationToken.None);

        var beforeEdit = (await store.GetAsync(b))!;
        var edited = beforeEdit with { Text = "We keep the ferry running all winter.", DedupeKey = TextFolding.DedupeKey("We keep the ferry running all winter.", "Ben Ode") };
        await db.WriteAsync(s =>
        {
            s.Execute("UPDATE quotes SET text = @t, dedupe_hash = @h WHERE id = @id", ("@t", edited.Text), ("@h", SqliteQuoteStore.DedupeHash(edited.DedupeKey)), ("@id", b));
            V9Audit(s, b, "edit", Alice, "2026-03-03T09:00:00Z", beforeEdit, edited);
            return 0;
        }, true, CancellationToken.None);
        var beforeRemove = (await store.GetAsync(a))!;
        await db.WriteAsync(s =>
        {
            s.Execute("UPDATE quotes SET status = 1 WHERE id = @id", ("@id", a));
            V9Audit(s, a, "remove", Bob, "2026-03-04T09:00:00Z", beforeRemove, beforeRemove with { Status = QuoteStatus.Removed });
            return 0;
        }, true, CancellationToken.None);

        using (var c = Raw(path))
        {
            Assert.Equal(9L, Scalar(c, "SELECT max(version) FROM schema_version"));
            Assert.Equal("table", Scalar(c, "SELECT type FROM sqlite_schema WHERE name = 'audit'"));
            Assert.Equal(8L, Scalar(c, "SELECT count(*) FROM audit"));
        }

        return (path, await SeeAsync(store, path, 6, bruteForce: true), 6);
    }

    [Fact]
    public async Task Upgrade_Version9File_FoldsTheAddRowsAndShowsTheSameHistory()
    {
        var (path, atVersion9, maxId) = await Version9FileAsync();

        using var store = new SqliteQuoteStore(path);
        await store.InitializeAsync();
        AssertSame(atVersion9, await SeeAsync(store, path, maxId));
        using (var c = Raw(path))
        {
            Assert.Equal((long)SqliteQuoteStore.SchemaVersion, Scalar(c, "SELECT max(version) FROM schema_version"));
            Assert.Equal("view", Scalar(c, "SELECT type FROM sqlite_schema WHERE name = 'audit'"));
            // Four add rows folded (quotes 1, 2, 3, 5); the add row with another time, the restore, the edit and the removal stay.
            Assert.Equal(["1|tg:1|Alice", "2|dc:2|Bob", "3|tg:1|Alice", "5|tg:1|Alice"],
                Dump(c, "SELECT q.id, x.actor_id, x.name FROM quotes q JOIN actors x ON x.id = q.add_actor ORDER BY q.id"));
            Assert.Equal(["1|remove", "2|edit", "4|add", "6|import"], Dump(c, "SELECT quote_id, action FROM audit_log ORDER BY quote_id"));
            Assert.Equal("ok", Scalar(c, "PRAGMA integrity_check"));
            Assert.Empty(Dump(c, "PRAGMA foreign_key_check"));
            Assert.Empty(Dump(c, "SELECT name FROM sqlite_schema WHERE name LIKE 'quotes_fts%'")); // (migration 12)
        }

        // Duplicates are still found, new adds and edits extend the same history.
        Assert.False((await store.AddAsync(Q("the harbour BRIDGE opens in spring", "mara velin", 9, Scope.Telegram(-5)), Bob)).Added);
        var added = (await store.AddAsync(Q("A new line on the bridge.", "Mara Velin", 9), Bob)).Quote;
        await store.EditAsync(2, new QuoteEdit(Text: "We keep the ferry running every winter."), Bob);
        var history = await store.GetAuditAsync(2);
        Assert.Equal(["add", "edit", "edit"], history.Select(e => e.Action));
        Assert.Equal(atVersion9.Audits[1], history.Take(2));
        Assert.Equal([("add", "dc:2", "Bob", T0.AddMinutes(9))], (await store.GetAuditAsync(added.Id)).Select(e => (e.Action, e.ActorId, e.ActorName, e.At)));
    }

    [Fact]
    public async Task Upgrade_FailingPartWay_LeavesVersion9WholeAndRunsAgainLater()
    {
        var (path, atVersion9, maxId) = await Version9FileAsync();
        using (var c = Raw(path))
        {
            Scalar(c, "CREATE VIEW audit_log AS SELECT 1"); // the rename of audit fails after actors, audit_adds and the new column
        }

        using (var failing = new SqliteQuoteStore(path))
        {
            await Assert.ThrowsAnyAsync<Exception>(() => failing.InitializeAsync());
        }

        using (var c = Raw(path))
        {
            Assert.Equal(9L, Scalar(c, "SELECT max(version) FROM schema_version"));
            Assert.Equal(8L, Scalar(c, "SELECT count(*) FROM audit"));
            Assert.Equal(0L, Scalar(c, "SELECT count(*) FROM sqlite_schema WHERE name IN ('actors', 'audit_adds')"));
            Assert.Equal(0L, Scalar(c, "SELECT count(*) FROM pragma_table_info('quotes') WHERE name = 'add_actor'"));
            Scalar(c, "DROP VIEW audit_log");
        }

        using var store = new SqliteQuoteStore(path);
        await store.InitializeAsync();
        AssertSame(atVersion9, await SeeAsync(store, path, maxId));
    }

    [Fact]
    public async Task Restore_OverAnAddedQuoteWithAnotherTime_KeepsTheAddEventAsItWas()
    {
        var path = _dir.File();
        using var store = new SqliteQuoteStore(path);
        await store.InitializeAsync();
        var q = (await store.AddAsync(Q("The harbour bridge opens in spring.", "Mara Velin"), Alice)).Quote;
        var same = (await store.AddAsync(Q("We keep the ferry running.", "Ben Ode", 1), Alice)).Quote;

        var replaced = q with { AddedAt = T0.AddDays(3), Text = "The harbour bridge opens in summer.", DedupeKey = TextFolding.DedupeKey("The harbour bridge opens in summer.", "Mara Velin") };
        Assert.Equal(1, (await store.RestoreAsync([replaced, same], Bob, RestoreMode.Replace)).Updated);

        var history = await store.GetAuditAsync(q.Id);
        Assert.Equal([("add", "tg:1", T0), ("import", "dc:2", history[1].At)], history.Select(e => (e.Action, e.ActorId, e.At)));
        Assert.Equal(q, history[0].After); // what was added: the import's "before"
        Assert.Equal(replaced, history[1].After);
        Assert.Equal(T0.AddDays(3), (await store.GetAsync(q.Id))!.AddedAt);

        // A second restore leaves the first add event alone.
        await store.RestoreAsync([replaced with { AddedAt = T0.AddDays(4) }], Bob, RestoreMode.Replace);
        Assert.Equal([("add", T0), ("import", history[1].At)], (await store.GetAuditAsync(q.Id)).Take(2).Select(e => (e.Action, e.At)));
        using var c = Raw(path);
        Assert.Equal(["1|1|2026-03-01T12:00:00Z"], Dump(c, "SELECT quote_id, actor, at FROM audit_adds"));
        Assert.Equal(["1|null", "2|1"], Dump(c, "SELECT id, add_actor FROM quotes ORDER BY id"));
    }

    [Fact]
    public async Task BulkLoad_WritesNoAuditRows_TheViewShowsEveryAdd()
    {
        var path = _dir.File();
        using var store = new SqliteQuoteStore(path, new SqliteStoreOptions { ImportBatchSize = 7 });
        await store.InitializeAsync();
        var quotes = Enumerable.Range(0, 40).Select(i => Q($"Line number {i} about the harbour.", "Speaker " + (i % 3), i)).ToList();
        Assert.Equal(40, (await store.AddManyAsync(quotes, Alice)).Added);
        await store.AddManyAsync([Q("One more line.", "Ben Ode", 50)], Bob);

        using var c = Raw(path);
        Assert.Equal(0L, Scalar(c, "SELECT count(*) FROM audit_log"));
        Assert.Equal(["1|tg:1|Alice", "2|dc:2|Bob"], Dump(c, "SELECT id, actor_id, name FROM actors ORDER BY id"));
        Assert.Equal(41L, Scalar(c, "SELECT count(*) FROM audit WHERE action = 'add'"));
        var entry = Assert.Single(await store.GetAuditAsync(41));
        Assert.Equal(("add", "dc:2", "Bob", T0.AddMinutes(50)), (entry.Action, entry.ActorId, entry.ActorName, entry.At));
        Assert.Equal(await store.GetAsync(41), entry.After);
    }

    [Fact]
    public async Task AuditView_TakesInsertsAndUpdatesOfOtherColumnsLeaveTheIndexAlone()
    {
        var path = _dir.File();
        using var store = new SqliteQuoteStore(path);
        await store.InitializeAsync();
        var q = (await store.AddAsync(Q("The harbour bridge opens in spring.", "Mara Velin"), Alice)).Quote;

        using var c = Raw(path);
        Scalar(c, "INSERT INTO audit(quote_id, action, actor_id, actor_name, at) VALUES (1, 'note', 'x', 'X', '2026-03-05T00:00:00Z')");
        Assert.Equal(["-1|add", "1|note"], Dump(c, "SELECT id, action FROM audit ORDER BY id"));
        Assert.Equal(["add", "note"], (await store.GetAuditAsync(q.Id)).Select(e => e.Action));

        // The update triggers name their columns: an update of another column does not touch the full-text index.
        Assert.Equal(0L, Scalar(c, "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' AND name LIKE 'quotes_%au' AND sql NOT LIKE '%UPDATE OF %'"));
        var changes = Scalar(c, "SELECT total_changes()");
        Scalar(c, "UPDATE quotes SET added_by_id = 7, ctx_paragraph = 'p' WHERE id = 1");
        Assert.Equal(Convert.ToInt64(changes, CultureInfo.InvariantCulture) + 1, Scalar(c, "SELECT total_changes()"));
    }

    [Fact]
    public async Task AuditHistory_OfOneQuote_SeeksEveryPartOfTheView()
    {
        var path = _dir.File();
        using var store = new SqliteQuoteStore(path);
        await store.InitializeAsync();
        await store.AddAsync(Q("The harbour bridge opens in spring.", "Mara Velin"), Alice);

        // The history read (GetAuditAsync) must not scan the quotes or the audit log.
        using var c = Raw(path);
        var plan = Dump(c, "EXPLAIN QUERY PLAN SELECT quote_id, action FROM audit WHERE quote_id = 1 ORDER BY id");
        var text = string.Join(" | ", plan);
        Assert.Contains("SEARCH q USING INTEGER PRIMARY KEY", text, StringComparison.Ordinal);
        Assert.Contains("SEARCH d USING INTEGER PRIMARY KEY", text, StringComparison.Ordinal);
        Assert.Contains("SEARCH audit_log USING INDEX audit_quote", text, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"SCAN (q|d|audit_log)\b", text);
    }

    [Fact]
    public async Task AfterMigrating_TheWriterKeepsItsTemporaryStorageOnFile()
    {
        // Migrations and bulk loads run with temp_store=FILE (migration 10's statement journal at 1M quotes: 517 MB in
        // memory); readers keep theirs in memory.
        var (path, _, _) = await Version9FileAsync();
        using var db = new SqliteDatabase(path);
        db.EnsureInitialized();
        Assert.Equal(1L, await db.WriteAsync(s => s.Scalar("PRAGMA temp_store"), false, CancellationToken.None));
        Assert.Equal((long)SqliteQuoteStore.SchemaVersion, await db.WriteAsync(s => s.Scalar("SELECT max(version) FROM schema_version"), false, CancellationToken.None));
    }
}
