using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using QuoteBot.Core.Model;
using QuoteBot.Core.Search;
using QuoteBot.Core.Storage;
using QuoteBot.Core.Text;
using QuoteBot.Storage.Sqlite.Postings;
using static QuoteBot.Storage.Sqlite.Tests.RawDb;

namespace QuoteBot.Storage.Sqlite.Tests;

/// <summary>
/// Issue 16 (disk), session 14: quote rows without the stored speaker key (migration 13) and postings chunks sized to
/// fill SQLite's 4 KiB pages (<see cref="PostingsOptions.ChunkBlocks"/>).
/// </summary>
public sealed class SqliteRowLayoutTests : IDisposable
{
    private static readonly Scope[] Scopes = [Scope.Global, Scope.Telegram(-100)];
    private static readonly string[] Speakers = ["Zoë O'Brien", "  Dr. Fay   Brea ", "ZOË O’BRIEN", "Jean-Luc Tu", "Ada Moutel"];
    private static readonly string[] Words = ["zan", "kol", "mup", "tav", "hak", "pim", "lun"];
    private static readonly Actor Mod = new("tg:1", "Mod");
    private static readonly string[] Queries =
    [
        "zan", "kol mup", "\"zan kol\"", "speaker:obrien zan", "speaker:brea", "speaker:tu -kol", "speaker:zoe", "hak -zan",
    ];

    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private static NewQuote Q(int i, QuoteStatus status = QuoteStatus.Active) => new()
    {
        Text = string.Join(' ', Enumerable.Range(0, 3 + i % 5).Select(k => Words[(i * 3 + k * k) % Words.Length])) + " n" + i.ToString(CultureInfo.InvariantCulture) + ".",
        Speaker = i % 6 == 5 ? null : Speakers[i % Speakers.Length],
        Source = new QuoteSource("Outlet", i % 2 == 0 ? "kol title" : null, null, null),
        Scope = Scopes[i % 3 == 1 ? 1 : 0],
        AddedAt = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(i),
        Status = status,
    };

    private static List<string> Columns(string path)
    {
        using var c = Raw(path);
        return PostingsRows.Query(c, "SELECT name FROM pragma_table_info('quotes') ORDER BY cid");
    }

    /// <summary>Every quote as the store gives it (export, then one by one) and every audit entry, as JSON.</summary>
    private static async Task<List<string>> SnapshotAsync(SqliteQuoteStore store)
    {
        var list = new List<string>();
        await foreach (var q in store.ExportAsync())
        {
            list.Add(JsonSerializer.Serialize(q));
            list.Add(JsonSerializer.Serialize(await store.GetAsync(q.Id)));
            list.AddRange((await store.GetAuditAsync(q.Id)).Select(a => JsonSerializer.Serialize(a)));
        }

        return list;
    }

    /// <summary>A file as an older build left it (schema 12 or 13): one-by-one adds, edits (a speaker changed), removals, a restore, pending quotes.</summary>
    private static async Task MakeOldFileAsync(string path, int count, int schema = 12)
    {
        using var old = new SqliteQuoteStore(path, new SqliteStoreOptions { SchemaLimit = schema, PairIndexMinimumQuotes = 20 });
        await old.InitializeAsync();
        for (var i = 0; i < count; i++)
        {
            await old.AddAsync(Q(i, i % 9 == 4 ? QuoteStatus.Pending : QuoteStatus.Active), Mod);
        }

        await old.EditAsync(2, new QuoteEdit(Speaker: "Mup Speaker"), Mod);
        await old.EditAsync(3, new QuoteEdit(Speaker: ""), Mod);
        await old.SetStatusAsync(7, QuoteStatus.Removed, Mod);
        await old.RestoreAsync([(await old.GetAsync(8))! with { Speaker = "Restored O'Neil", Text = "zan restored text." }], Mod, RestoreMode.Replace);
    }

    [Fact]
    public async Task Upgrade_Version12File_DropsTheStoredSpeakerKey_KeepsEveryQuoteAuditAndSearchAnswer()
    {
        var path = _dir.File();
        await MakeOldFileAsync(path, 60);
        Assert.Contains("speaker_key", Columns(path));
        List<string> before;
        using (var old = new SqliteQuoteStore(path, new SqliteStoreOptions { SchemaLimit = 12 }))
        {
            before = await SnapshotAsync(old);
        }

        using (var c = Raw(path))
        {
            // What was stored is what the store now computes from the speaker.
            var rows = PostingsRows.Query(c, "SELECT speaker, speaker_key FROM quotes ORDER BY id");
            Assert.All(rows, r => Assert.Equal(TextFolding.SpeakerKey(r.Split('|')[0]), r.Split('|')[1]));
            Assert.Contains(rows, r => r.StartsWith("Zoë O'Brien|", StringComparison.Ordinal));
        }

        using var store = new SqliteQuoteStore(path, new SqliteStoreOptions { PairIndexMinimumQuotes = 20 });
        await store.InitializeAsync();
        Assert.DoesNotContain("speaker_key", Columns(path));
        using (var c = Raw(path))
        {
            Assert.Equal(["1"], PostingsRows.Query(c, "SELECT count(*) FROM schema_version WHERE version = 13"));
        }

        Assert.Equal(before, await SnapshotAsync(store));
        Assert.Equal("zoe obrien", (await store.GetAsync(1))!.SpeakerKey);
        await BruteForceSearch.AssertSamePagesAsync(store, Queries, [Visibility.All, Visibility.For(Scopes[1])], minimumHits: 20);

        // Writes after the upgrade: one by one, edits of the speaker, a bulk load; read back with their keys.
        var added = await store.AddAsync(Q(100) with { Speaker = "Élodie D'Arc" }, Mod);
        Assert.Equal("elodie darc", (await store.GetAsync(added.Quote.Id))!.SpeakerKey);
        Assert.Equal("kol new", (await store.EditAsync(1, new QuoteEdit(Speaker: "Kol New"), Mod))!.SpeakerKey);
        Assert.Equal("kol new", (await store.GetAsync(1))!.SpeakerKey);
        await store.AddManyAsync(Enumerable.Range(200, 80).Select(i => Q(i)), Mod);
        Assert.Equal(TextFolding.SpeakerKey(Speakers[201 % Speakers.Length]), (await store.GetManyAsync([added.Quote.Id + 2]))[0].SpeakerKey);
        await BruteForceSearch.AssertSamePagesAsync(store, [.. Queries, "speaker:darc", "speaker:new kol"], [Visibility.All, Visibility.For(Scopes[1])], minimumHits: 20);
    }

    [Fact]
    public async Task Upgrade_FailingPartWay_LeavesVersion12WithItsSpeakerKeys_AndSucceedsLater()
    {
        var path = _dir.File();
        await MakeOldFileAsync(path, 30);
        using (var c = Raw(path))
        using (var cmd = c.CreateCommand())
        {
            // Something of the user's that reads the column: SQLite refuses to drop it while the view is there.
            cmd.CommandText = "CREATE VIEW my_keys AS SELECT id, speaker_key FROM quotes";
            cmd.ExecuteNonQuery();
        }

        using (var failing = new SqliteQuoteStore(path))
        {
            var ex = await Assert.ThrowsAnyAsync<Exception>(() => failing.InitializeAsync());
            Assert.Contains("speaker_key", ex.ToString(), StringComparison.Ordinal);
        }

        Assert.Contains("speaker_key", Columns(path));
        using (var c = Raw(path))
        using (var cmd = c.CreateCommand())
        {
            Assert.Equal(["12"], PostingsRows.Query(c, "SELECT max(version) FROM schema_version"));
            Assert.Equal(30, PostingsRows.Query(c, "SELECT speaker_key FROM quotes").Count);
            cmd.CommandText = "DROP VIEW my_keys";
            cmd.ExecuteNonQuery();
        }

        using var store = new SqliteQuoteStore(path);
        await store.InitializeAsync();
        Assert.DoesNotContain("speaker_key", Columns(path));
        Assert.Equal("zoe obrien", (await store.GetAsync(1))!.SpeakerKey);
    }

    /// <summary>Every group's slots are 0..n-1 and hold exactly the group's active quotes.</summary>
    private static void AssertSlotsDense(string path)
    {
        using var c = Raw(path);
        Assert.Equal(
            PostingsRows.Query(c, "SELECT speaker_id, scope, id FROM quotes WHERE status = 0 AND speaker_id IS NOT NULL ORDER BY id"),
            PostingsRows.Query(c, "SELECT speaker_id, scope, quote_id FROM speaker_slots ORDER BY quote_id"));
        Assert.Empty(PostingsRows.Query(c, "SELECT speaker_id, scope FROM speaker_slots GROUP BY 1, 2 HAVING max(slot) <> count(*) - 1 OR min(slot) <> 0"));
    }

    [Fact]
    public async Task Upgrade_Version13File_KeepsEverySlotOnce_AndTheGroupsStayDenseUnderLaterWrites()
    {
        var path = _dir.File();
        await MakeOldFileAsync(path, 90, schema: 13);
        List<string> slots;
        using (var c = Raw(path))
        {
            Assert.Equal(["sqlite_autoindex_speaker_slots_1"], PostingsRows.Query(c, "SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'speaker_slots'"));
            slots = PostingsRows.Query(c, "SELECT * FROM speaker_slots ORDER BY 1, 2, 3");
        }

        AssertSlotsDense(path);
        using var store = new SqliteQuoteStore(path);
        await store.InitializeAsync();
        using (var c = Raw(path))
        {
            Assert.Equal(["1"], PostingsRows.Query(c, "SELECT count(*) FROM schema_version WHERE version = 14"));
            Assert.Equal(slots, PostingsRows.Query(c, "SELECT * FROM speaker_slots ORDER BY 1, 2, 3"));
            Assert.Empty(PostingsRows.Query(c, "SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'speaker_slots'"));

            // A leaving quote's slot is found in its group's part of the primary key, not by reading the whole table.
            using var cmd = c.CreateCommand();
            cmd.CommandText = "EXPLAIN QUERY PLAN SELECT slot FROM speaker_slots WHERE speaker_id = 1 AND scope = 'global' AND quote_id = 3";
            using var r = cmd.ExecuteReader();
            Assert.True(r.Read());
            Assert.Contains("PRIMARY KEY (speaker_id=? AND scope=?)", r.GetString(3), StringComparison.Ordinal);
        }

        var before = await store.SpeakerQuoteAtAsync("obrien", Visibility.All, -1);
        Assert.True(before.Count > 10);

        // Leaves from the middle and the end of groups, speaker and scope changes, approvals, deletes from outside, adds.
        for (var id = 1L; id <= 90; id += 7)
        {
            await store.SetStatusAsync(id, QuoteStatus.Removed, Mod);
        }

        await store.EditAsync(10, new QuoteEdit(Speaker: "Ada Moutel"), Mod);
        await store.EditAsync(11, new QuoteEdit(Speaker: null), Mod);
        await store.SetStatusAsync(13, QuoteStatus.Active, Mod); // pending before
        await store.RestoreAsync([(await store.GetAsync(12))! with { Scope = Scopes[1] }], Mod, RestoreMode.Replace);
        await store.SetStatusAsync(15, QuoteStatus.Active, Mod); // removed above: back, at its group's end
        using (var c = Raw(path))
        using (var cmd = c.CreateCommand())
        {
            cmd.CommandText = "DELETE FROM quotes WHERE id IN (20, 21)";
            cmd.ExecuteNonQuery();
        }

        await store.AddManyAsync(Enumerable.Range(300, 40).Select(i => Q(i)), Mod);
        await store.AddAsync(Q(400), Mod);
        AssertSlotsDense(path);
        var after = await store.SpeakerQuoteAtAsync("obrien", Visibility.All, -1);
        var seen = new HashSet<long>();
        for (var i = 0; i < after.Count; i++)
        {
            var q = (await store.SpeakerQuoteAtAsync("obrien", Visibility.All, i)).Quote!;
            Assert.Equal(QuoteStatus.Active, q.Status);
            Assert.Equal("zoe obrien", q.SpeakerKey);
            Assert.True(seen.Add(q.Id));
        }
    }

    /// <summary>
    /// The pages a table's rows take when written in key order into a file of their own, as the index writes them
    /// (SQLite fills a leaf until the next row does not fit).
    /// </summary>
    private static long PagesOf(SqliteConnection c, string table, string file)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = $"ATTACH '{file}' AS x; CREATE TABLE x.t(key INTEGER PRIMARY KEY, data BLOB NOT NULL); " +
                          $"INSERT INTO x.t SELECT * FROM {table} ORDER BY key;";
        cmd.ExecuteNonQuery();
        cmd.CommandText = "PRAGMA x.page_count";
        var pages = Convert.ToInt64(cmd.ExecuteScalar(), CultureInfo.InvariantCulture);
        cmd.CommandText = "DETACH x";
        cmd.ExecuteNonQuery();
        return pages;
    }

    [Fact]
    public void DefaultChunks_OfADenseList_FillTheirPages()
    {
        // 46,080 quotes that all hold one word: a dense list, 1 byte a posting (gap 1 and frequency 10 in one varint,
        // migration 17; 2 bytes before).
        var pages = new Dictionary<int, long>();
        foreach (var chunkBlocks in new[] { new PostingsOptions().ChunkBlocks, 8 })
        {
            using var c = Raw(_dir.File($"dense{chunkBlocks}.db"));
            PostingsIndex.Create(c, new PostingsOptions { ChunkBlocks = chunkBlocks });
            using var index = PostingsIndex.Open(c);
            var analysis = index.Analyze(new IndexedQuote("Tu.", null, null));
            using (var w = index.BeginWrite())
            {
                w.AddAnalyzed(Enumerable.Range(1, 46_080).Select(id => (id, analysis)).ToList());
                w.Commit();
            }

            using (var cmd = c.CreateCommand())
            {
                cmd.CommandText = "SELECT count(*) FROM px_chunks WHERE length(docs) = @n";
                cmd.Parameters.AddWithValue("@n", chunkBlocks * 128);
                Assert.True(Convert.ToInt64(cmd.ExecuteScalar(), CultureInfo.InvariantCulture) >= 46_080 / (chunkBlocks * 128) - 1, "full dense chunks");
            }

            pages[chunkBlocks] = PagesOf(c, "px_chunks", _dir.File($"pages{chunkBlocks}.db"));
        }

        // 8 blocks (1,024 bytes) fit three to a page, a quarter of it unused; the default (15 blocks, 1,920 bytes) two.
        var defaultBlocks = new PostingsOptions().ChunkBlocks;
        Assert.True(pages[defaultBlocks] <= 0.85 * pages[8], $"{pages[defaultBlocks]} pages at {defaultBlocks} blocks, {pages[8]} at 8");

        // And the searches read them back.
        using (var c = Raw(_dir.File($"dense{defaultBlocks}.db")))
        using (var tokenizer = new PostingsTokenizer())
        using (var index = PostingsIndex.Open(c))
        {
            var hits = index.Search(PostingsQuery.From(QueryParser.Parse("tu").Query!, tokenizer), 46_100);
            Assert.Equal(46_080, hits.Count);
        }
    }
}
