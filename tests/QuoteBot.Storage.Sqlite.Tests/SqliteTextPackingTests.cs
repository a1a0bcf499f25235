using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using QuoteBot.Core.Model;
using QuoteBot.Core.Search;
using QuoteBot.Core.Storage;
using static QuoteBot.Storage.Sqlite.Tests.RawDb;

namespace QuoteBot.Storage.Sqlite.Tests;

/// <summary>
/// Issue 16 (disk), session 16: packed texts (TextPacking, migration 16) and a speaker left NULL where it is its
/// speakers row's name; every read path gives what it gave before, an upgrade keeps every quote, audit entry and
/// search answer, and a failed upgrade leaves version 15 whole.
/// </summary>
public sealed class SqliteTextPackingTests : IDisposable
{
    private static readonly Scope[] Scopes = [Scope.Global, Scope.Telegram(-100)];

    // "Zoe O'Brien" folds to the key of "Zoë O'Brien": one speakers row, named after whichever came first.
    private static readonly string[] Speakers = ["Zoë O'Brien", "Jean-Luc Tu", "Ada Moutel", "Zoe O'Brien", "Pim Lunhak"];
    private static readonly string[] Words = ["the", "council", "said", "zan", "kol", "would", "mup", "tav", "budget", "river", "hak", "pim", "lun", "Україна", "café"];
    private static readonly Actor Mod = new("tg:1", "Mod");
    private static readonly string[] Queries = ["zan", "kol mup", "\"zan kol\"", "speaker:obrien zan", "speaker:tu", "hak -zan", "council", "україна", "cafe"];
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>Quote i: texts from a few words to a few hundred bytes (some too short to pack), titles, some with context, a few without speaker.</summary>
    private static NewQuote Q(int i, QuoteStatus status = QuoteStatus.Active) => new()
    {
        Text = string.Join(' ', Enumerable.Range(0, 1 + (i * 7 % 40)).Select(k => Words[(i * 3 + k * k) % Words.Length])) + " n" + i.ToString(CultureInfo.InvariantCulture) + ".",
        Speaker = i % 7 == 6 ? null : Speakers[i % Speakers.Length],
        Source = new QuoteSource("Harbour Gazette", i % 2 == 0 ? "The council said the river budget would pass " + i.ToString(CultureInfo.InvariantCulture) : null,
            i % 3 == 0 ? "https://example.org/a/" + i.ToString(CultureInfo.InvariantCulture) : null, new DateOnly(2020, 1, 1 + i % 28)),
        Context = i % 5 == 2
            ? new QuoteContext("A paragraph around quote " + i.ToString(CultureInfo.InvariantCulture) + ", where the council said what it would do about the river.", i % 2 == 0 ? "The paragraph before it." : null, "After.", "council")
            : null,
        Scope = Scopes[i % 3 == 1 ? 1 : 0],
        AddedBy = "tg:1",
        AddedAt = T0.AddMinutes(i),
        Status = status,
    };

    /// <summary>Every quote as the store gives it (export, Get, GetMany, the review queue) and every audit entry, as JSON.</summary>
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
        list.AddRange((await store.ListPendingAsync(null, 0, 1000)).Select(q => JsonSerializer.Serialize(q)));
        return list;
    }

    /// <summary>A file as a version-15 build leaves it: one-by-one and bulk adds, an edit, a removal, a restore over a quote, pending quotes.</summary>
    private static async Task MakeVersion15FileAsync(string path, int count)
    {
        using var old = new SqliteQuoteStore(path, new SqliteStoreOptions { SchemaLimit = 15, PairIndexMinimumQuotes = 20 });
        await old.InitializeAsync();
        for (var i = 0; i < count; i++)
        {
            await old.AddAsync(Q(i, i % 9 == 4 ? QuoteStatus.Pending : QuoteStatus.Active), Mod);
        }

        await old.AddManyAsync(Enumerable.Range(count, 40).Select(i => Q(i)), Mod);
        await old.EditAsync(2, new QuoteEdit(Speaker: "Mup Speaker"), Mod);
        await old.SetStatusAsync(7, QuoteStatus.Removed, Mod);
        var restored = (await old.GetAsync(8))! with { Text = "zan restored text, and the council said so.", AddedAt = T0.AddDays(3) };
        await old.RestoreAsync([restored], Mod, RestoreMode.Replace);
    }

    [Fact]
    public void Pack_RoundTripsAnyText_AndIsSmallerOrNull()
    {
        var rng = new Random(16);
        var alphabet = "abcdefghijklmnopqrstuvwxyz ABCXYZ0123456789.,;:!?'\"()-–—’“”éüßçøÅ€Україна中文😀\t".EnumerateRunes().ToArray();
        var texts = new List<string> { "", "a", "1234567", "12345678", "The council said it would vote.", new string('z', 2000), string.Concat(Enumerable.Repeat("😀", 500)) };
        for (var i = 0; i < 2000; i++)
        {
            var sb = new StringBuilder();
            var n = rng.Next(0, i % 10 == 0 ? 2000 : 300);
            for (var k = 0; k < n; k++)
            {
                sb.Append(alphabet[rng.Next(i % 3 == 0 ? 27 : alphabet.Length)].ToString());
            }

            texts.Add(sb.ToString());
        }

        var packedAny = 0;
        foreach (var text in texts)
        {
            var bytes = Encoding.UTF8.GetByteCount(text);
            if (TextPacking.Pack(text) is { } packed)
            {
                packedAny++;
                Assert.True(packed.Length < bytes, text);
                Assert.True(bytes >= TextPacking.MinBytes);
                Assert.Equal(text, TextPacking.Unpack(packed));
            }
        }

        Assert.True(packedAny > 300, $"{packedAny} packed");
        Assert.Null(TextPacking.Pack("1234567"));
    }

    [Fact]
    public void Pack_EnglishText_KeepsAboutHalf()
    {
        // Invented sentences (not from the articles the model was counted on).
        const string Text = "We are not going to let a budget shortfall close the last clinic on the east side of the river, " +
                            "the mayor told reporters on Tuesday, adding that the council would meet again next week to find the money.";
        var packed = TextPacking.Pack(Text)!;
        Assert.Equal(Text, TextPacking.Unpack(packed));
        Assert.InRange(packed.Length / (double)Encoding.UTF8.GetByteCount(Text), 0.40, 0.60);
    }

    [Fact]
    public void Unpack_RefusesWhatIsNotAPackedText()
    {
        Assert.Throws<InvalidDataException>(() => TextPacking.Unpack([]));
        Assert.Throws<InvalidDataException>(() => TextPacking.Unpack([0x10, 1, 2])); // format 2 does not exist
        Assert.Throws<InvalidDataException>(() => TextPacking.Unpack([0x00, 1, 2])); // nor does format 0
    }

    [Fact]
    public async Task Upgrade_Version15File_PacksTheRows_KeepsEveryQuoteAuditAndSearchAnswer()
    {
        var path = _dir.File();
        await MakeVersion15FileAsync(path, 60);
        List<string> before;
        using (var old = new SqliteQuoteStore(path, new SqliteStoreOptions { SchemaLimit = 15 }))
        {
            before = await SnapshotAsync(old);
        }

        Assert.Equal(["text"], Query(path, "SELECT DISTINCT typeof(text) FROM quotes"));
        var audit = Query(path, "SELECT * FROM audit ORDER BY quote_id, id");
        List<string> postings;
        using (var c = Raw(path))
        {
            postings = PostingsRows.Of(c);
        }

        using var store = new SqliteQuoteStore(path, new SqliteStoreOptions { SchemaLimit = 16, PairIndexMinimumQuotes = 20 }); // (17 builds the index again)
        await store.InitializeAsync();
        Assert.Equal(["16"], Query(path, "SELECT max(version) FROM schema_version"));
        Assert.Equal(before, await SnapshotAsync(store));
        Assert.Equal(audit, Query(path, "SELECT * FROM audit ORDER BY quote_id, id"));
        using (var c = Raw(path))
        {
            Assert.Equal(postings, PostingsRows.Of(c)); // the index was not rebuilt
        }

        await BruteForceSearch.AssertSamePagesAsync(store, Queries, [Visibility.All, Visibility.For(Scopes[1])], minimumHits: 20);

        // Stored forms: long texts, titles and paragraphs are BLOBs now, short ones TEXT; speakers NULL where they are
        // their row's name, kept where they are spelt otherwise ("Zoe O'Brien" beside the row "Zoë O'Brien").
        Assert.Equal(["blob", "text"], Query(path, "SELECT DISTINCT typeof(text) FROM quotes ORDER BY 1"));
        Assert.Equal(["blob"], Query(path, "SELECT DISTINCT typeof(source_title) FROM quotes WHERE source_title IS NOT NULL"));
        Assert.Equal(["blob"], Query(path, "SELECT DISTINCT typeof(ctx_paragraph) FROM quotes WHERE ctx_paragraph IS NOT NULL"));
        Assert.Equal(["0"], Query(path, "SELECT count(*) FROM quotes q JOIN speakers s ON s.id = q.speaker_id WHERE q.speaker = s.name"));
        Assert.Equal(["Zoe O'Brien"], Query(path, "SELECT DISTINCT speaker FROM quotes WHERE speaker IS NOT NULL"));
        Assert.Equal(["0"], Query(path, "SELECT count(*) FROM quotes WHERE speaker IS NULL AND speaker_id IS NULL AND id % 7 <> 0"));
        Assert.Equal(["quotes_dedupe_hi", "quotes_pending", "quotes_speaker"], Query(path, "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'quotes' ORDER BY 1"));
        Assert.Equal(7, Query(path, "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'quotes'").Count);
        Assert.Empty(Query(path, "SELECT name FROM sqlite_master WHERE name = 'quotes_16' OR sql LIKE '%quotes_16%'"));

        // Writes after the upgrade read back as written: adds (a duplicate refused), an edit to another spelling, a
        // restore, a removal and a bulk load; counts and search follow.
        var added = (await store.AddAsync(Q(1000), Mod)).Quote;
        Assert.Equal(added, await store.GetAsync(added.Id));
        Assert.False((await store.AddAsync(Q(1000), Mod)).Added);
        Assert.False((await store.AddAsync(Q(5), Mod)).Added); // an upgraded row: its packed text and NULL speaker dedupe as before
        var edited = await store.EditAsync(1, new QuoteEdit(Text: "kol mup edited, said the council.", Speaker: "Zoe O'Brien"), Mod);
        Assert.Equal(edited, await store.GetAsync(1));
        Assert.Equal("Zoe O'Brien", (await store.GetAsync(1))!.Speaker);
        var back = (await store.GetAsync(10))! with { Text = "tav again restored by the council.", Speaker = "Ada Moutel" };
        await store.RestoreAsync([back], Mod, RestoreMode.Replace);
        Assert.Equal(back with { DedupeKey = (await store.GetAsync(10))!.DedupeKey, SpeakerKey = (await store.GetAsync(10))!.SpeakerKey }, await store.GetAsync(10));
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
        // Stored already, all but those changed since (quotes 1, 2, 8 and 10):
        Assert.Equal(0, (await store.AddManyAsync(Enumerable.Range(0, 30).Where(i => i is not (0 or 1 or 7 or 9)).Select(i => Q(i)), Mod)).Added);
        Assert.Equal(4, (await store.AddManyAsync(Enumerable.Range(0, 30).Select(i => Q(i)), Mod)).Added);
        await BruteForceSearch.AssertSamePagesAsync(store, [.. Queries, "edited", "restored"], [Visibility.All, Visibility.For(Scopes[1])], minimumHits: 20);
    }

    [Fact]
    public async Task Upgrade_FailingPartWay_LeavesVersion15Whole_AndSucceedsLater()
    {
        var path = _dir.File();
        await MakeVersion15FileAsync(path, 30);
        var rows = Query(path, "SELECT * FROM quotes ORDER BY id");
        var schema = Query(path, "SELECT type, name, sql FROM sqlite_master ORDER BY name");
        // Something of the user's that reads the quotes table: the rename of the copied table fails on it.
        Run(path, "CREATE VIEW my_texts AS SELECT id, text FROM quotes");

        using (var failing = new SqliteQuoteStore(path))
        {
            var ex = await Assert.ThrowsAnyAsync<Exception>(() => failing.InitializeAsync());
            Assert.Contains("my_texts", ex.ToString(), StringComparison.Ordinal);
        }

        Assert.Equal(["15"], Query(path, "SELECT max(version) FROM schema_version"));
        Assert.Equal(rows, Query(path, "SELECT * FROM quotes ORDER BY id"));
        Assert.Equal(["text"], Query(path, "SELECT DISTINCT typeof(text) FROM quotes"));
        Run(path, "DROP VIEW my_texts");
        Assert.Equal(schema, Query(path, "SELECT type, name, sql FROM sqlite_master ORDER BY name"));

        using var store = new SqliteQuoteStore(path, new SqliteStoreOptions { SchemaLimit = 16 });
        await store.InitializeAsync();
        Assert.Equal(["16"], Query(path, "SELECT max(version) FROM schema_version"));
        Assert.Equal(Q(3).Text, (await store.GetAsync(4))!.Text);
    }

    [Fact]
    public async Task PackedRows_TakeFewerPages_ThanVersion15Rows()
    {
        async Task<long> PagesAsync(int? limit)
        {
            var path = _dir.File();
            using (var store = new SqliteQuoteStore(path, new SqliteStoreOptions { SchemaLimit = limit }))
            {
                await store.InitializeAsync();
                await store.AddManyAsync(Enumerable.Range(0, 3000).Select(i => Q(i)), Mod);
            }

            Run(path, "VACUUM");
            return long.Parse(Query(path, "PRAGMA page_count")[0], CultureInfo.InvariantCulture);
        }

        var old = await PagesAsync(15);
        var packed = await PagesAsync(null);
        // Text (about 100 bytes here), title (45) and some paragraphs at about half: some 60 bytes a row fewer.
        Assert.True((old - packed) * 4096.0 / 3000 >= 40, $"{old} pages before, {packed} after");
    }
}
