using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using QuoteBot.Core.Model;
using QuoteBot.Core.Search;
using QuoteBot.Core.Storage;
using static QuoteBot.Storage.Sqlite.Tests.RawDb;

namespace QuoteBot.Storage.Sqlite.Tests;

/// <summary>
/// Issue 16 (disk), session 15: compact quote rows (migration 15): outlet and adder as ids of a names row, the
/// publication date as a day number, a UTC add time as its ticks; every read path gives what it gave before.
/// </summary>
public sealed class SqliteCompactRowTests : IDisposable
{
    private static readonly Scope[] Scopes = [Scope.Global, Scope.Telegram(-100)];
    private static readonly string[] Speakers = ["Zoë O'Brien", "Jean-Luc Tu", "Ada Moutel", "Pim Lunhak"];
    private static readonly string?[] Outlets = ["Harbour Gazette", null, "Valley Post", "Harbour Gazette", "Ünïcode Wöchentlich"];
    private static readonly string[] Adders = ["tg:1", "local", "dc:77", "tg:1"];
    private static readonly string[] Words = ["zan", "kol", "mup", "tav", "hak", "pim", "lun"];
    private static readonly Actor Mod = new("tg:1", "Mod");
    private static readonly string[] Queries = ["zan", "kol mup", "\"zan kol\"", "speaker:obrien zan", "speaker:tu", "hak -zan"];
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>Quote i: outlets (one null), dates (some null), adders, UTC times with and without a fraction, some with an offset, some with context.</summary>
    private static NewQuote Q(int i, QuoteStatus status = QuoteStatus.Active) => new()
    {
        Text = string.Join(' ', Enumerable.Range(0, 3 + i % 5).Select(k => Words[(i * 3 + k * k) % Words.Length])) + " n" + i.ToString(CultureInfo.InvariantCulture) + ".",
        Speaker = i % 7 == 6 ? null : Speakers[i % Speakers.Length],
        Source = new QuoteSource(Outlets[i % Outlets.Length], i % 2 == 0 ? "kol title " + i.ToString(CultureInfo.InvariantCulture) : null,
            i % 3 == 0 ? "https://example.org/a/" + i.ToString(CultureInfo.InvariantCulture) : null,
            i % 4 == 3 ? null : new DateOnly(1999 + i % 30, 1 + i % 12, 1 + i % 28)),
        Context = i % 5 == 2 ? new QuoteContext("A paragraph around quote " + i.ToString(CultureInfo.InvariantCulture) + ".", "Before.", null, "council") : null,
        Scope = Scopes[i % 3 == 1 ? 1 : 0],
        AddedBy = Adders[i % Adders.Length],
        AddedAt = (i % 6) switch
        {
            0 => T0.AddMinutes(i),
            1 => T0.AddTicks(i * 1_234_567L + 1),
            2 => new DateTimeOffset(2026, 2, 3, 4, 5, 6, TimeSpan.FromHours(2)).AddTicks(i),
            3 => T0.AddMilliseconds(i * 10.5),
            4 => new DateTimeOffset(1, 1, 1, 0, 0, 0, TimeSpan.Zero).AddTicks(i),
            _ => new DateTimeOffset(9999, 12, 31, 23, 59, 59, TimeSpan.Zero).AddTicks(9_999_999 - i),
        },
        Status = status,
    };

    /// <summary>Every quote as the store gives it (export, Get, GetMany) and every audit entry, as JSON.</summary>
    private static async Task<List<string>> SnapshotAsync(SqliteQuoteStore store)
    {
        var list = new List<string>();
        var ids = new List<long>();
        await foreach (var q in store.ExportAsync())
        {
            ids.Add(q.Id);
            list.Add(JsonSerializer.Serialize(q));
            list.Add(JsonSerializer.Serialize(await store.GetAsync(q.Id)));
            list.AddRange((await store.GetAuditAsync(q.Id)).Select(a => JsonSerializer.Serialize(a)));
        }

        list.AddRange((await store.GetManyAsync(ids)).Select(q => JsonSerializer.Serialize(q)));
        return list;
    }

    /// <summary>A file as a version-14 build leaves it: one-by-one and bulk adds, edits, a removal, a restore over a quote, pending quotes, a deleted newest quote.</summary>
    private static async Task<long> MakeVersion14FileAsync(string path, int count)
    {
        using var old = new SqliteQuoteStore(path, new SqliteStoreOptions { SchemaLimit = 14, PairIndexMinimumQuotes = 20 });
        await old.InitializeAsync();
        for (var i = 0; i < count; i++)
        {
            await old.AddAsync(Q(i, i % 9 == 4 ? QuoteStatus.Pending : QuoteStatus.Active), Mod);
        }

        await old.AddManyAsync(Enumerable.Range(count, 40).Select(i => Q(i)), Mod);
        await old.EditAsync(2, new QuoteEdit(Speaker: "Mup Speaker"), Mod);
        await old.SetStatusAsync(7, QuoteStatus.Removed, Mod);
        var restored = (await old.GetAsync(8))! with { Text = "zan restored text.", AddedAt = T0.AddDays(3).AddTicks(5) };
        await old.RestoreAsync([restored], Mod, RestoreMode.Replace);
        var last = (await old.AddAsync(Q(900), Mod)).Quote.Id;
        using var c = Raw(path);
        using var cmd = c.CreateCommand();
        cmd.CommandText = "DELETE FROM quotes WHERE id = " + last.ToString(CultureInfo.InvariantCulture); // AUTOINCREMENT: this id is never given again
        cmd.ExecuteNonQuery();
        return last;
    }

    [Fact]
    public async Task Upgrade_Version14File_CompactsTheRows_KeepsEveryQuoteAuditAndSearchAnswer()
    {
        var path = _dir.File();
        var deleted = await MakeVersion14FileAsync(path, 60);
        List<string> before;
        using (var old = new SqliteQuoteStore(path, new SqliteStoreOptions { SchemaLimit = 14 }))
        {
            before = await SnapshotAsync(old);
        }

        Assert.Contains("source_outlet", Query(path, "SELECT name FROM pragma_table_info('quotes')"));
        var audit = Query(path, "SELECT * FROM audit ORDER BY quote_id, id");

        using var store = new SqliteQuoteStore(path, new SqliteStoreOptions { PairIndexMinimumQuotes = 20 });
        await store.InitializeAsync();
        var columns = Query(path, "SELECT name FROM pragma_table_info('quotes')");
        Assert.DoesNotContain("source_outlet", columns);
        Assert.DoesNotContain("added_by", columns);
        Assert.DoesNotContain("source_published", columns);
        Assert.Contains("outlet_id", columns);
        Assert.Equal([SqliteQuoteStore.SchemaVersion.ToString(CultureInfo.InvariantCulture)], Query(path, "SELECT max(version) FROM schema_version"));

        Assert.Equal(before, await SnapshotAsync(store));
        Assert.Equal(audit, Query(path, "SELECT * FROM audit ORDER BY quote_id, id")); // the view's text times, byte for byte
        await BruteForceSearch.AssertSamePagesAsync(store, Queries, [Visibility.All, Visibility.For(Scopes[1])], minimumHits: 20);

        // Stored forms: names once each, day numbers, UTC ticks; a time with an offset stays text.
        // (and, since migration 18, the links' scheme and host)
        Assert.Equal(["Harbour Gazette", "Valley Post", "dc:77", "https://example.org/", "local", "tg:1", "Ünïcode Wöchentlich"], Query(path, "SELECT name FROM names ORDER BY name"));
        Assert.Equal(["1|integer", "2|integer", "3|text", "4|integer", "5|integer", "6|integer"], Query(path, "SELECT id, typeof(added_at) FROM quotes WHERE id <= 6 ORDER BY id"));
        Assert.Equal(["integer", "null"], Query(path, "SELECT DISTINCT typeof(published_day) FROM quotes ORDER BY 1"));
        Assert.Equal(["0", "0", "0"], Query(path,
            "SELECT count(*) FROM quotes WHERE typeof(outlet_id) NOT IN ('integer', 'null') UNION ALL " +
            "SELECT count(*) FROM quotes WHERE typeof(added_by_id) <> 'integer' UNION ALL " +
            "SELECT count(*) FROM sqlite_master WHERE name IN ('quotes_15') OR sql LIKE '%quotes_15%'"));
        Assert.Equal(["quotes_dedupe_hi", "quotes_pending", "quotes_speaker"], Query(path, "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'quotes' ORDER BY 1"));
        Assert.Equal(7, Query(path, "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'quotes'").Count);

        // Writes after the upgrade: the deleted newest id is not given again; adds, edits, a restore with a new time,
        // a removal and a bulk load read back as written, counts and search follow.
        var added = (await store.AddAsync(Q(1000) with { Source = new QuoteSource("Brand New Outlet", "t", null, new DateOnly(2030, 5, 6)) }, Mod)).Quote;
        Assert.True(added.Id > deleted);
        Assert.Equal(added, await store.GetAsync(added.Id));
        Assert.Equal("Brand New Outlet", (await store.GetAsync(added.Id))!.Source.Outlet);
        var edited = await store.EditAsync(1, new QuoteEdit(Text: "kol mup edited.", Speaker: "Kol New"), Mod);
        Assert.Equal(edited, await store.GetAsync(1));
        var back = (await store.GetAsync(10))! with { Text = "tav again restored.", AddedAt = T0.AddYears(1).AddTicks(3), AddedBy = "someone new" };
        await store.RestoreAsync([back], Mod, RestoreMode.Replace);
        Assert.Equal(back with { DedupeKey = (await store.GetAsync(10))!.DedupeKey }, await store.GetAsync(10));
        Assert.Equal(Q(9).AddedAt, (await store.GetAuditAsync(10))[0].At); // the add event kept its old time (audit_adds)
        await store.SetStatusAsync(11, QuoteStatus.Removed, Mod);
        var bulk = Enumerable.Range(2000, 60).Select(i => Q(i)).ToList();
        Assert.Equal(60, (await store.AddManyAsync(bulk, Mod)).Added);
        var exported = new List<Quote>();
        await foreach (var q in store.ExportAsync())
        {
            exported.Add(q);
        }

        var fromBulk = exported.Where(q => q.Id > added.Id).ToList();
        Assert.Equal(60, fromBulk.Count);
        Assert.All(fromBulk.Zip(bulk), p => Assert.Equal(p.Second.ToQuote(p.First.Id), p.First));
        Assert.Equal(exported.Count(q => q.Status == QuoteStatus.Active), await store.CountAsync(Visibility.All));
        await BruteForceSearch.AssertSamePagesAsync(store, [.. Queries, "speaker:new kol", "edited"], [Visibility.All, Visibility.For(Scopes[1])], minimumHits: 20);
    }

    [Fact]
    public async Task Upgrade_FailingPartWay_LeavesVersion14Whole_AndSucceedsLater()
    {
        var path = _dir.File();
        await MakeVersion14FileAsync(path, 30);
        var rows = Query(path, "SELECT * FROM quotes ORDER BY id");
        using (var c = Raw(path))
        using (var cmd = c.CreateCommand())
        {
            // Something of the user's that reads an old column: the rename of the copied table fails on it.
            cmd.CommandText = "CREATE VIEW my_outlets AS SELECT id, source_outlet FROM quotes";
            cmd.ExecuteNonQuery();
        }

        using (var failing = new SqliteQuoteStore(path))
        {
            var ex = await Assert.ThrowsAnyAsync<Exception>(() => failing.InitializeAsync());
            Assert.Contains("my_outlets", ex.ToString(), StringComparison.Ordinal);
        }

        Assert.Equal(["14"], Query(path, "SELECT max(version) FROM schema_version"));
        Assert.Equal(rows, Query(path, "SELECT * FROM quotes ORDER BY id"));
        Assert.Empty(Query(path, "SELECT name FROM sqlite_master WHERE name IN ('names', 'quotes_15')"));
        using (var c = Raw(path))
        using (var cmd = c.CreateCommand())
        {
            cmd.CommandText = "DROP VIEW my_outlets";
            cmd.ExecuteNonQuery();
        }

        using var store = new SqliteQuoteStore(path);
        await store.InitializeAsync();
        Assert.Equal([SqliteQuoteStore.SchemaVersion.ToString(CultureInfo.InvariantCulture)], Query(path, "SELECT max(version) FROM schema_version"));
        Assert.Equal("Valley Post", (await store.GetAsync(3))!.Source.Outlet);
    }

    [Fact]
    public void TimeText_FormatsTicksAsFormatTime_AndLeavesTextAlone()
    {
        var rng = new Random(15);
        var times = new List<DateTimeOffset>
        {
            DateTimeOffset.MinValue, new(DateTimeOffset.MaxValue.UtcTicks, TimeSpan.Zero), T0, T0.AddTicks(1), T0.AddTicks(1_000_000), T0.AddTicks(9_999_999),
            new(1969, 12, 31, 23, 59, 59, TimeSpan.Zero), new(1970, 1, 1, 0, 0, 0, TimeSpan.Zero),
        };
        for (var i = 0; i < 300; i++)
        {
            times.Add(new DateTimeOffset(rng.NextInt64(DateTimeOffset.MaxValue.UtcTicks), TimeSpan.Zero));
        }

        using var c = new SqliteConnection("Data Source=:memory:");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT " + SqliteSchema.TimeText("@t");
        var p = cmd.Parameters.AddWithValue("@t", 0L);
        foreach (var t in times)
        {
            p.Value = SqliteQuoteStore.StoredTime(t);
            Assert.Equal(SqliteQuoteStore.FormatTime(t), cmd.ExecuteScalar());
        }

        p.Value = "2026-03-01T13:00:00.0000007+02:00";
        Assert.Equal("2026-03-01T13:00:00.0000007+02:00", cmd.ExecuteScalar());
        Assert.Equal("2026-03-01T13:00:00.0000007+02:00", SqliteQuoteStore.StoredTime(new DateTimeOffset(2026, 3, 1, 13, 0, 0, TimeSpan.FromHours(2)).AddTicks(7)));
    }

    [Fact]
    public async Task CompactRows_TakeFewerPages_ThanVersion14Rows()
    {
        async Task<long> PagesAsync(int? limit)
        {
            var path = _dir.File();
            using (var store = new SqliteQuoteStore(path, new SqliteStoreOptions { SchemaLimit = limit }))
            {
                await store.InitializeAsync();
                await store.AddManyAsync(Enumerable.Range(0, 3000).Select(i => Q(i) with { AddedAt = T0.AddTicks(i * 7_777_777L + 1) }), Mod);
            }

            using var c = Raw(path);
            using var cmd = c.CreateCommand();
            cmd.CommandText = "VACUUM";
            cmd.ExecuteNonQuery();
            cmd.CommandText = "PRAGMA page_count";
            return (long)cmd.ExecuteScalar()!;
        }

        var old = await PagesAsync(14);
        var compact = await PagesAsync(null);
        // Outlet (~14 bytes), adder (~4), date (10 -> 3) and time (27 -> 8): some 45 bytes a row fewer.
        Assert.True((old - compact) * 4096.0 / 3000 >= 25, $"{old} pages before, {compact} after");
    }
}
