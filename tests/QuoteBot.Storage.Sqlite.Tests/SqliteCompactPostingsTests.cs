using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using QuoteBot.Core.Model;
using QuoteBot.Core.Search;
using QuoteBot.Core.Storage;
using QuoteBot.Storage.Sqlite.Postings;
using static QuoteBot.Storage.Sqlite.Tests.RawDb;

namespace QuoteBot.Storage.Sqlite.Tests;

/// <summary>
/// Issue 16 (disk), session 17: the postings' compacter encoding (migration 17: the commonest frequency folded into
/// the gap, a column change in one varint; the index built again on upgrade) and source links
/// split into a names row for "scheme://host/" and the rest (migration 18). Every quote, audit entry and search answer
/// of an upgraded file is what it was; a failed upgrade leaves version 17 whole.
/// </summary>
public sealed class SqliteCompactPostingsTests : IDisposable
{
    private static readonly Scope[] Scopes = [Scope.Global, Scope.Telegram(-100)];
    private static readonly string[] Speakers = ["Zoë O'Brien", "Jean-Luc Tu", "Ada Moutel", "Pim Lunhak"];
    private static readonly string[] Words = ["the", "council", "said", "zan", "kol", "would", "mup", "tav", "budget", "river", "hak", "pim", "lun", "café"];
    private static readonly string[] Links =
    [
        "https://example.org/a/", "http://news.example.net/2026/01/02/story-", "https://example.org", "https://bücher.example/x?id=",
    ];

    private static readonly Actor Mod = new("tg:1", "Mod");
    private static readonly string[] Queries = ["zan", "kol mup", "\"zan kol\"", "\"budget would\"", "speaker:obrien zan", "speaker:tu", "hak -zan", "council", "moutel", "cafe"];
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>Quote i: a few words to some dozens, a title on half, links of several forms (a host and a path, a host alone, none).</summary>
    private static NewQuote Q(int i, QuoteStatus status = QuoteStatus.Active) => new()
    {
        Text = string.Join(' ', Enumerable.Range(0, 1 + (i * 7 % 40)).Select(k => Words[(i * 3 + k * k) % Words.Length])) + " n" + i.ToString(CultureInfo.InvariantCulture) + ".",
        Speaker = i % 7 == 6 ? null : Speakers[i % Speakers.Length],
        Source = new QuoteSource("Harbour Gazette", i % 2 == 0 ? "The council said the river budget would pass " + i.ToString(CultureInfo.InvariantCulture) : null,
            i % 5 == 4 ? null : Links[i % Links.Length] + (i % Links.Length == 2 ? "" : i.ToString(CultureInfo.InvariantCulture)), new DateOnly(2020, 1, 1 + i % 28)),
        Scope = Scopes[i % 3 == 1 ? 1 : 0],
        AddedBy = "tg:1",
        AddedAt = T0.AddMinutes(i),
        Status = status,
    };

    private static async Task<List<string>> SnapshotAsync(SqliteQuoteStore store)
    {
        var list = new List<string>();
        var ids = new List<long>();
        await foreach (var q in store.ExportAsync())
        {
            ids.Add(q.Id);
            list.Add(JsonSerializer.Serialize(q));
            list.AddRange((await store.GetAuditAsync(q.Id)).Select(a => JsonSerializer.Serialize(a)));
        }

        list.AddRange((await store.GetManyAsync(ids)).Select(q => JsonSerializer.Serialize(q)));
        list.AddRange((await store.ListPendingAsync(null, 0, 1000)).Select(q => JsonSerializer.Serialize(q)));
        return list;
    }

    /// <summary>Search pages (ids in order) of every query, for all scopes and one chat.</summary>
    private static async Task<List<string>> PagesAsync(SqliteQuoteStore store)
    {
        var pages = new List<string>();
        foreach (var q in Queries)
        {
            foreach (var v in new[] { Visibility.All, Visibility.For(Scopes[1]) })
            {
                var page = await store.SearchAsync(QueryParser.Parse(q).Query!, v, 0, 50);
                pages.Add(q + ": " + string.Join(',', page.Items.Select(x => x.Id)));
            }
        }

        return pages;
    }

    /// <summary>A file as a build of schema <paramref name="version"/> leaves it: one-by-one and bulk adds, an edit, a removal, a restore, pending quotes.</summary>
    private static async Task MakeFileAsync(string path, int version, int count)
    {
        using var old = new SqliteQuoteStore(path, new SqliteStoreOptions { SchemaLimit = version, PairIndexMinimumQuotes = 20 });
        await old.InitializeAsync();
        for (var i = 0; i < count; i++)
        {
            await old.AddAsync(Q(i, i % 9 == 4 ? QuoteStatus.Pending : QuoteStatus.Active), Mod);
        }

        await old.AddManyAsync(Enumerable.Range(count, 200).Select(i => Q(i)), Mod);
        await old.EditAsync(2, new QuoteEdit(Speaker: "Mup Speaker"), Mod);
        await old.SetStatusAsync(7, QuoteStatus.Removed, Mod);
        var restored = (await old.GetAsync(8))! with { Text = "zan restored text, and the council said so.", AddedAt = T0.AddDays(3) };
        await old.RestoreAsync([restored], Mod, RestoreMode.Replace);
    }

    [Fact]
    public void Postings_RoundTrip_AndTheCommonOnesTakeOneByte()
    {
        var rng = new Random(17);
        var buffer = new ByteBuffer();
        var written = new List<(int Gap, int Wtf)>();
        for (var i = 0; i < 5000; i++)
        {
            var gap = i % 50 == 0 ? rng.Next(0, int.MaxValue / 2) : rng.Next(0, 300);
            var wtf = i % 3 == 0 ? Varint.CommonWtf : rng.Next(0, i % 7 == 0 ? 100_000 : 64);
            written.Add((gap, wtf));
            Varint.WritePosting(buffer, gap, wtf);
        }

        var at = 0;
        foreach (var (gap, wtf) in written)
        {
            Assert.Equal(gap, Varint.ReadPosting(buffer.Span, ref at, out var read));
            Assert.Equal(wtf, read);
        }

        Assert.Equal(buffer.Count, at);

        // One hit in the text, a gap under 64: one byte (two before).
        buffer.Clear();
        Varint.WritePosting(buffer, 63, Varint.CommonWtf);
        Assert.Equal(1, buffer.Count);
    }

    [Fact]
    public void Positions_RoundTrip_SkipAsBefore_AndAColumnChangeTakesOneByte()
    {
        var rng = new Random(171);
        var buffer = new ByteBuffer();
        var lists = new List<int[]>();
        for (var i = 0; i < 3000; i++)
        {
            var set = new SortedSet<int>();
            for (var k = rng.Next(1, 12); k > 0; k--)
            {
                var column = rng.Next(0, 4);
                set.Add((column << Analysis.ColumnShift) | rng.Next(0, i % 10 == 0 ? (1 << Analysis.ColumnShift) - 1 : 400));
            }

            lists.Add([.. set]);
            Varint.WritePositions(buffer, lists[^1]);
        }

        var at = 0;
        var decoded = new List<int>();
        foreach (var list in lists)
        {
            var start = at;
            Varint.SkipPositions(buffer.Span, ref at);
            PostingList.DecodePositions(buffer.Span[start..at], decoded);
            Assert.Equal(list, decoded);
        }

        Assert.Equal(buffer.Count, at);

        // A title's third word (column 3, index 2), alone: its count and one byte (a gap of 3 << 24 took four).
        Assert.Equal(2, PostingList.EncodePositions([(3 << Analysis.ColumnShift) | 2]).Length);
        // The text's fifth and a speaker's first word: the count, one byte each.
        Assert.Equal(3, PostingList.EncodePositions([4, 1 << Analysis.ColumnShift]).Length);
    }

    [Fact]
    public async Task Upgrade_Version16File_RebuildsTheIndex_SplitsLinks_KeepsEveryQuoteAuditAndSearchAnswer()
    {
        var path = _dir.File();
        await MakeFileAsync(path, 16, 120);
        List<string> before, pagesBefore;
        using (var old = new SqliteQuoteStore(path, new SqliteStoreOptions { SchemaLimit = 16, PairIndexMinimumQuotes = 20 }))
        {
            await old.InitializeAsync();
            before = await SnapshotAsync(old);
            pagesBefore = await PagesAsync(old);
        }

        var audit = Query(path, "SELECT * FROM audit ORDER BY quote_id, id");
        var links = Query(path, "SELECT id, source_url FROM quotes ORDER BY id");
        var epoch = long.Parse(Query(path, "SELECT value FROM postings_state WHERE key = 'epoch'")[0], CultureInfo.InvariantCulture);
        // As a session-16 build left it: blocks in the older encoding, which this build cannot read (here: blocks it would
        // misread), so the upgrade must not read them but build the index again.
        Run(path, "UPDATE px_chunks SET docs = zeroblob(length(docs)); UPDATE px_positions SET pos = zeroblob(length(pos))");

        using var store = new SqliteQuoteStore(path, new SqliteStoreOptions { PairIndexMinimumQuotes = 20 });
        await store.InitializeAsync();
        await store.MaintainPostingsAsync();
        Assert.Equal([SqliteQuoteStore.SchemaVersion.ToString(CultureInfo.InvariantCulture)], Query(path, "SELECT max(version) FROM schema_version"));
        Assert.Equal(19, SqliteQuoteStore.SchemaVersion);
        Assert.Equal(before, await SnapshotAsync(store));
        Assert.Equal(pagesBefore, await PagesAsync(store));
        Assert.Equal(audit, Query(path, "SELECT * FROM audit ORDER BY quote_id, id"));
        await BruteForceSearch.AssertSamePagesAsync(store, Queries, [Visibility.All, Visibility.For(Scopes[1])], minimumHits: 20);

        // The index was built again; the links are a names row and the rest.
        Assert.True(long.Parse(Query(path, "SELECT value FROM postings_state WHERE key = 'epoch'")[0], CultureInfo.InvariantCulture) > epoch);
        Assert.Equal([long.MaxValue.ToString(CultureInfo.InvariantCulture)], Query(path, "SELECT value FROM postings_state WHERE key = 'ready_upto'"));
        Assert.Equal(links, Query(path, $"SELECT id, {SqliteQuoteStore.UrlColumn} FROM quotes ORDER BY id"));
        Assert.Equal(["http://news.example.net/", "https://bücher.example/", "https://example.org/"],
            Query(path, "SELECT DISTINCT n.name FROM quotes q JOIN names n ON n.id = q.url_host_id ORDER BY 1"));
        Assert.Equal(["https://example.org"], Query(path, "SELECT DISTINCT source_url FROM quotes WHERE url_host_id IS NULL AND source_url IS NOT NULL"));
        Assert.Equal(["0"], Query(path, "SELECT count(*) FROM quotes WHERE url_host_id IS NOT NULL AND source_url LIKE '%://%'"));
        Assert.Equal(["quotes_dedupe_hi", "quotes_pending", "quotes_speaker"], Query(path, "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'quotes' ORDER BY 1"));
        Assert.Equal(7, Query(path, "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'quotes'").Count);
        Assert.Empty(Query(path, "SELECT name FROM sqlite_master WHERE name = 'quotes_18' OR sql LIKE '%quotes_18%'"));

        // Writes after the upgrade read back as written: one-by-one and bulk adds, an edit of the link, a restore.
        var added = (await store.AddAsync(Q(1000), Mod)).Quote;
        Assert.Equal(added, await store.GetAsync(added.Id));
        Assert.False((await store.AddAsync(Q(5), Mod)).Added);
        var edited = await store.EditAsync(1, new QuoteEdit(SourceUrl: "https://other.example/now/1"), Mod);
        Assert.Equal("https://other.example/now/1", (await store.GetAsync(1))!.Source.Url);
        Assert.Equal(edited, await store.GetAsync(1));
        Assert.Equal(["now/1"], Query(path, "SELECT source_url FROM quotes WHERE id = 1"));
        var bulk = Enumerable.Range(2000, 300).Select(i => Q(i)).ToList();
        Assert.Equal(300, (await store.AddManyAsync(bulk, Mod)).Added);
        var exported = new List<Quote>();
        await foreach (var q in store.ExportAsync())
        {
            exported.Add(q);
        }

        var fromBulk = exported.Where(q => q.Id > added.Id).ToList();
        Assert.All(fromBulk.Zip(bulk), p => Assert.Equal(p.Second.ToQuote(p.First.Id), p.First));
        await store.MaintainPostingsAsync();
        await BruteForceSearch.AssertSamePagesAsync(store, [.. Queries, "restored"], [Visibility.All, Visibility.For(Scopes[1])], minimumHits: 20);
    }

    [Fact]
    public async Task Upgrade_FailingPartWay_LeavesVersion17Whole_AndSucceedsLater()
    {
        var path = _dir.File();
        await MakeFileAsync(path, 17, 30);
        var rows = Query(path, "SELECT * FROM quotes ORDER BY id");
        var names = Query(path, "SELECT * FROM names ORDER BY id");
        var schema = Query(path, "SELECT type, name, sql FROM sqlite_master ORDER BY name");
        Run(path, "CREATE VIEW my_links AS SELECT id, source_url FROM quotes"); // the rename of the copied table fails on it

        using (var failing = new SqliteQuoteStore(path))
        {
            var ex = await Assert.ThrowsAnyAsync<Exception>(() => failing.InitializeAsync());
            Assert.Contains("my_links", ex.ToString(), StringComparison.Ordinal);
        }

        Assert.Equal(["17"], Query(path, "SELECT max(version) FROM schema_version"));
        Assert.Equal(rows, Query(path, "SELECT * FROM quotes ORDER BY id"));
        Assert.Equal(names, Query(path, "SELECT * FROM names ORDER BY id"));
        Run(path, "DROP VIEW my_links");
        Assert.Equal(schema, Query(path, "SELECT type, name, sql FROM sqlite_master ORDER BY name"));

        using var store = new SqliteQuoteStore(path);
        await store.InitializeAsync();
        Assert.Equal([SqliteQuoteStore.SchemaVersion.ToString(CultureInfo.InvariantCulture)], Query(path, "SELECT max(version) FROM schema_version"));
        Assert.Equal(Q(3).Source.Url, (await store.GetAsync(4))!.Source.Url);
    }

    [Fact]
    public void UrlHostLength_CutsAfterTheHostsSlash()
    {
        Assert.Equal(20, SqliteQuoteStore.UrlHostLength("https://example.org/a/1"));
        Assert.Equal(20, SqliteQuoteStore.UrlHostLength("https://example.org/"));
        Assert.Equal(0, SqliteQuoteStore.UrlHostLength("https://example.org"));
        Assert.Equal(0, SqliteQuoteStore.UrlHostLength("://example.org/a"));
        Assert.Equal(0, SqliteQuoteStore.UrlHostLength(null));
    }
}
