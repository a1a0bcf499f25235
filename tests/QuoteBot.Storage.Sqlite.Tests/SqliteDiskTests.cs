using Microsoft.Data.Sqlite;
using QuoteBot.Core.Model;
using QuoteBot.Core.Storage;
using static QuoteBot.Storage.Sqlite.Tests.RawDb;

namespace QuoteBot.Storage.Sqlite.Tests;

/// <summary>Issue 16 (disk): the smaller dedupe index (migration 9), the shorter stored times and the free pages a bulk load gives back.</summary>
public sealed class SqliteDiskTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly Actor Alice = new("tg:1", "Alice");
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private static NewQuote Q(string text, string? speaker = null) => new() { Text = text, Speaker = speaker, AddedAt = T0 };

    private async Task<SqliteQuoteStore> OpenAsync(string path, SqliteStoreOptions? options = null)
    {
        var store = new SqliteQuoteStore(path, options);
        await store.InitializeAsync();
        return store;
    }

    private static object? Scalar(SqliteConnection c, string sql, params (string Name, object Value)[] args)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        foreach (var (name, value) in args)
        {
            cmd.Parameters.AddWithValue(name, value);
        }

        return cmd.ExecuteScalar();
    }

    private static string Plan(SqliteConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = "EXPLAIN QUERY PLAN " + sql;
        cmd.Parameters.AddWithValue("@h", 7L);
        cmd.Parameters.AddWithValue("@s", "global");
        cmd.Parameters.AddWithValue("@j", "[]");
        using var r = cmd.ExecuteReader();
        var lines = new List<string>();
        while (r.Read())
        {
            lines.Add(r.GetString(3));
        }

        return string.Join(" | ", lines);
    }

    private static List<string> Indexes(SqliteConnection c)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'quotes' AND sql IS NOT NULL ORDER BY name";
        using var r = cmd.ExecuteReader();
        var names = new List<string>();
        while (r.Read())
        {
            names.Add(r.GetString(0));
        }

        return names;
    }

    /// <summary>Makes a current file look like one of version 8: the old dedupe index back, migration 9 not applied.</summary>
    private static void BackToVersion8(string path, string extraSql = "")
    {
        using var c = Raw(path);
        Scalar(c, "CREATE INDEX quotes_dedupe ON quotes(scope, dedupe_hash); DROP INDEX quotes_dedupe_hi; " +
                  "DELETE FROM schema_version WHERE version = 9; " + extraSql);
    }

    [Fact]
    public async Task DedupeLookups_SeekTheHighBitsIndex()
    {
        var path = _dir.File();
        using var store = await OpenAsync(path);
        await store.AddManyAsync([Q("first quote", "Ann Lee"), Q("second quote", "Bo Kim")], Alice);

        using var c = Raw(path);
        Assert.Contains("quotes_dedupe_hi", Indexes(c));
        Assert.DoesNotContain("quotes_dedupe", Indexes(c));
        // The one-by-one look-up (AddOne, FindDuplicate) and the bulk path's join, as the store writes them.
        Assert.Contains("SEARCH quotes USING INDEX quotes_dedupe_hi",
            Plan(c, $"SELECT id FROM quotes WHERE {SqliteQuoteStore.DedupeSeek("@h")} AND scope = @s AND id <> 3 LIMIT 1"), StringComparison.Ordinal);
        Assert.Contains("SEARCH q USING INDEX quotes_dedupe_hi",
            Plan(c, $"SELECT q.id FROM json_each(@j) j CROSS JOIN quotes q ON {SqliteQuoteStore.DedupeSeek("j.value ->> 1", "q.")} AND q.scope = j.value ->> 0"),
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task DedupeLookups_CompareTheWholeHashAndTheScope()
    {
        var path = _dir.File();
        using var store = await OpenAsync(path);
        Assert.True((await store.AddAsync(Q("first quote", "Ann Lee"), Alice)).Added);
        Assert.True((await store.AddAsync(Q("first quote", "Ann Lee") with { Scope = Scope.Telegram(-5) }, Alice)).Added);

        var filler = (await store.AddAsync(Q("filler words", "Cy Dee"), Alice)).Quote.Id;

        // A stored row whose hash shares the next quote's high 32 bits only: not its duplicate, one-by-one or in bulk.
        var next = SqliteQuoteStore.DedupeHash(Core.Text.TextFolding.DedupeKey("other words", "Bo Kim"));
        using (var c = Raw(path))
        {
            Scalar(c, "UPDATE quotes SET dedupe_hash = @h WHERE id = @id", ("@h", next ^ 1), ("@id", filler));
        }

        Assert.Equal(1, (await store.AddManyAsync([Q("other words", "Bo Kim"), Q("first quote", "Ann Lee")], Alice)).Added);
        Assert.False((await store.AddAsync(Q("Other words!", "bo kim"), Alice)).Added);
        Assert.False((await store.AddAsync(Q("first quote", "Ann Lee") with { Scope = Scope.Telegram(-5) }, Alice)).Added);
        Assert.True((await store.AddAsync(Q("other words", "Bo Kim") with { Scope = Scope.Telegram(-5) }, Alice)).Added);
    }

    [Fact]
    public async Task Upgrade_Version8File_ReplacesTheDedupeIndexAndKeepsFindingDuplicates()
    {
        var path = _dir.File();
        using (var store = await OpenAsync(path))
        {
            await store.AddManyAsync([Q("Old words here", "Ann Lee"), Q("Other words", "Bo Kim")], Alice);
        }

        BackToVersion8(path);

        using var upgraded = await OpenAsync(path);
        using (var c = Raw(path))
        {
            Assert.Equal(["quotes_dedupe_hi", "quotes_pending", "quotes_speaker"], Indexes(c));
            Assert.Equal(1L, Scalar(c, "SELECT count(*) FROM schema_version WHERE version = 9"));
            Assert.Equal("ok", Scalar(c, "PRAGMA integrity_check"));
        }

        Assert.False((await upgraded.AddAsync(Q("old WORDS here!", "ann lee"), Alice)).Added);
        Assert.Equal(1, (await upgraded.AddManyAsync([Q("Other words.", "Bo Kim"), Q("New words", "Bo Kim")], Alice)).Added);
    }

    [Fact]
    public async Task Upgrade_FailingPartWay_LeavesVersion8WholeAndRunsAgainLater()
    {
        var path = _dir.File();
        using (var store = await OpenAsync(path))
        {
            await store.AddAsync(Q("Old words here", "Ann Lee"), Alice);
        }

        // A view under the new index's name makes CREATE INDEX fail after nothing else of migration 9 ran; its DROP must not run either.
        BackToVersion8(path, "CREATE VIEW quotes_dedupe_hi AS SELECT 1");
        using (var failing = new SqliteQuoteStore(path))
        {
            await Assert.ThrowsAnyAsync<Exception>(() => failing.InitializeAsync());
        }

        using (var c = Raw(path))
        {
            Assert.Equal(0L, Scalar(c, "SELECT count(*) FROM schema_version WHERE version = 9")); // later versions stay applied
            Assert.Equal(["quotes_dedupe", "quotes_pending", "quotes_speaker"], Indexes(c));
            Scalar(c, "DROP VIEW quotes_dedupe_hi");
        }

        using var upgraded = await OpenAsync(path);
        Assert.False((await upgraded.AddAsync(Q("old words here", "Ann Lee"), Alice)).Added);
        using (var c = Raw(path))
        {
            Assert.Equal(["quotes_dedupe_hi", "quotes_pending", "quotes_speaker"], Indexes(c));
        }
    }

    [Fact]
    public async Task Times_UtcStoredShort_OthersRoundTrip_OldFormReadsTheSame()
    {
        var path = _dir.File();
        using var store = await OpenAsync(path);
        var utc = T0.AddTicks(1_234_500);
        var local = new DateTimeOffset(2026, 3, 1, 13, 0, 0, TimeSpan.FromHours(2)).AddTicks(7);
        var a = (await store.AddAsync(Q("utc words") with { AddedAt = utc }, Alice)).Quote.Id;
        var b = (await store.AddAsync(Q("local words") with { AddedAt = local }, Alice)).Quote.Id;
        await store.AddManyAsync([Q("whole second words")], Alice);

        using (var c = Raw(path))
        {
            // A UTC time is stored as its ticks (migration 15), shown by the audit view in the short text form.
            Assert.Equal(utc.UtcTicks, Scalar(c, "SELECT added_at FROM quotes WHERE id = @id", ("@id", a)));
            Assert.Equal("2026-03-01T12:00:00.12345Z", Scalar(c, "SELECT at FROM audit WHERE quote_id = @id", ("@id", a)));
            Assert.Equal("2026-03-01T13:00:00.0000007+02:00", Scalar(c, "SELECT added_at FROM quotes WHERE id = @id", ("@id", b)));
            Assert.Equal("2026-03-01T13:00:00.0000007+02:00", Scalar(c, "SELECT at FROM audit WHERE quote_id = @id", ("@id", b)));
            Assert.Equal(T0.UtcTicks, Scalar(c, "SELECT added_at FROM quotes WHERE id = 3"));
            Assert.Equal("2026-03-01T12:00:00Z", Scalar(c, "SELECT at FROM audit WHERE quote_id = 3"));
        }

        var gotA = (await store.GetAsync(a))!.AddedAt;
        var gotB = (await store.GetAsync(b))!.AddedAt;
        Assert.Equal((utc.UtcTicks, TimeSpan.Zero), (gotA.UtcTicks, gotA.Offset));
        Assert.Equal((local.UtcTicks, local.Offset), (gotB.UtcTicks, gotB.Offset));
        Assert.Equal(utc, (await store.GetAuditAsync(a))[0].At);

        // A row written before (the full round-trip form) reads as the same instant and offset. The add event's time is
        // the quote's added_at (migration 10).
        using (var c = Raw(path))
        {
            Scalar(c, "UPDATE quotes SET added_at = @t WHERE id = @id", ("@t", utc.ToString("O", System.Globalization.CultureInfo.InvariantCulture)), ("@id", a));
        }

        var old = (await store.GetAuditAsync(a))[0].At;
        Assert.Equal((utc.UtcTicks, TimeSpan.Zero), (old.UtcTicks, old.Offset));
    }

    [Fact]
    public async Task BulkLoad_NewFile_GivesTheMergedSegmentsPagesBack()
    {
        var path = _dir.File();
        using var store = await OpenAsync(path, new SqliteStoreOptions { ImportBatchSize = 50 });
        // Many batches, each its own FTS5 segment, merged into one at the end: the old segments' pages are freed.
        var quotes = Enumerable.Range(0, 3_000).Select(i =>
            Q($"Line {i} about harbour{i % 97} and river{i % 89} with words{i % 61} and more{i % 53} of the town{i % 41}", $"Speaker {i % 40}"));
        Assert.Equal(3_000, (await store.AddManyAsync(quotes, Alice)).Added);

        using var c = Raw(path);
        Assert.Equal(2L, Scalar(c, "PRAGMA auto_vacuum"));
        Assert.Equal(0L, Scalar(c, "PRAGMA freelist_count"));
        Assert.Equal("ok", Scalar(c, "PRAGMA integrity_check"));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(40)]
    [InlineData(2_000)] // past the stack buffer: a pooled one
    public void DedupeHash_IsTheFirstEightBytesOfTheKeysSha256(int length)
    {
        // Stored in every file's rows: encoding the key into a reused buffer must not change a single hash.
        var key = string.Concat(Enumerable.Range(0, length).Select(i => "aé中ж  "[i % 6])) + "|bo kim";
        var expected = BitConverter.ToInt64(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key)).AsSpan(0, 8));
        Assert.Equal(expected, SqliteQuoteStore.DedupeHash(key));
    }
}
