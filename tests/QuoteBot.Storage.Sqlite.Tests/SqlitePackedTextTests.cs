using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using QuoteBot.Core.Model;
using QuoteBot.Core.Search;
using QuoteBot.Core.Storage;

namespace QuoteBot.Storage.Sqlite.Tests;

/// <summary>
/// Issue 16 (disk), migration 13: quote texts stored packed (Brotli) where that is smaller, read back exactly by every
/// reader (quotes, exports, audit, dedupe, search, the index build), and a file of migration 12 upgraded in place.
/// </summary>
public sealed class SqlitePackedTextTests : IDisposable
{
    private static readonly Actor Mod = new("tg:1", "Mod");
    private static readonly string[] Words =
        ["harbour", "council", "budget", "winter", "ferry", "bridge", "school", "river", "tax", "rail", "night", "market", "plan", "vote", "stone"];

    private static readonly string[] Speakers = ["Mara Holt", "Ivo Senn", "Lea Dorn"];
    private static readonly Scope[] Scopes = [Scope.Global, Scope.Telegram(-100)];
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>A made-up sentence of 6–40 words (short ones stay plain text, long ones are packed).</summary>
    private static string Sentence(int i)
    {
        var n = 6 + i * 7 % 35;
        var sb = new StringBuilder();
        for (var k = 0; k < n; k++)
        {
            sb.Append(k == 0 ? "The" : Words[(i * 31 + k * k * 7 + k) % Words.Length]).Append(k == n - 1 ? "." : " ");
        }

        return sb.Append(" n").Append(i.ToString(CultureInfo.InvariantCulture)).ToString();
    }

    private static NewQuote Q(int i, QuoteStatus status = QuoteStatus.Active) => new()
    {
        Text = Sentence(i),
        Speaker = i % 6 == 0 ? null : Speakers[i % 3],
        Source = new QuoteSource("The Harbour Ledger", "Council " + Words[i % Words.Length], "https://example.org/a/" + i.ToString(CultureInfo.InvariantCulture), new DateOnly(2026, 1, 1 + i % 28)),
        Context = i % 4 == 0 ? new QuoteContext("Paragraph around quote " + i.ToString(CultureInfo.InvariantCulture) + ": " + Sentence(i + 1), null, null, null) : null,
        Scope = Scopes[i % 5 == 1 ? 1 : 0],
        AddedAt = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(i),
        Status = status,
    };

    private static readonly string[] Queries =
        ["harbour", "ferry bridge", "\"winter budget\"", "rail -tax", "speaker:holt market", "speaker:senn", "stone vote plan", "nothinghere"];

    private static SqliteConnection Raw(string path)
    {
        var c = new SqliteConnection($"Data Source={path};Pooling=False");
        c.Open();
        return c;
    }

    private static List<string> Rows(SqliteConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        using var r = cmd.ExecuteReader();
        var list = new List<string>();
        while (r.Read())
        {
            list.Add(string.Join('|', Enumerable.Range(0, r.FieldCount).Select(i => Convert.ToString(r.GetValue(i), CultureInfo.InvariantCulture))));
        }

        return list;
    }

    private static long Count(string path, string sql)
    {
        using var c = Raw(path);
        return long.Parse(Rows(c, sql)[0], CultureInfo.InvariantCulture);
    }

    /// <summary>What an export and the audit say, as text: every quote's JSON snapshot and every audit entry of it.</summary>
    private static async Task<List<string>> ExportAndAuditAsync(SqliteQuoteStore store)
    {
        var lines = new List<string>();
        await foreach (var q in store.ExportAsync())
        {
            lines.Add(QuoteSnapshotJson.Write(q, QuoteSnapshotStyle.Pascal)!);
            foreach (var a in await store.GetAuditAsync(q.Id))
            {
                lines.Add(string.Join('|', a.QuoteId, a.Action, a.ActorId, a.ActorName, a.At.ToString("O", CultureInfo.InvariantCulture),
                    QuoteSnapshotJson.Write(a.Before, QuoteSnapshotStyle.Pascal), QuoteSnapshotJson.Write(a.After, QuoteSnapshotStyle.Pascal)));
            }
        }

        return lines;
    }

    /// <summary>Each query's first two pages for every reader, as ids.</summary>
    private static async Task<List<string>> AnswersAsync(SqliteQuoteStore store)
    {
        var answers = new List<string>();
        foreach (var text in Queries)
        {
            var query = QueryParser.Parse(text).Query!;
            foreach (var v in new[] { Visibility.All, Visibility.For(Scopes[1]) })
            {
                for (var offset = 0; offset <= 5; offset += 5)
                {
                    var page = await store.SearchAsync(query, v, offset, 5);
                    answers.Add(text + " @" + offset.ToString(CultureInfo.InvariantCulture) + ": " + string.Join(',', page.Items.Select(q => q.Id)) + (page.HasMore ? " +" : ""));
                }
            }
        }

        return answers;
    }

    /// <summary>Adds one by one, in bulk, edits, removals, a restore over a quote (its add event moves) and pending quotes.</summary>
    private static async Task FillAsync(SqliteQuoteStore store, int from, int count)
    {
        for (var i = from; i < from + count / 2; i++)
        {
            await store.AddAsync(Q(i, i % 9 == 2 ? QuoteStatus.Pending : QuoteStatus.Active), Mod);
        }

        await store.AddManyAsync(Enumerable.Range(from + count / 2, count - count / 2).Select(i => Q(i)), Mod);
        var max = await store.MaxIdAsync();
        for (var id = from + 1L; id <= max; id += 7)
        {
            await store.EditAsync(id, new QuoteEdit(Text: Sentence((int)id + 500) + " edited"), Mod);
        }

        for (var id = from + 3L; id <= max; id += 10)
        {
            await store.SetStatusAsync(id, QuoteStatus.Removed, Mod);
        }

        var restored = (await store.GetAsync(from + 2L))!;
        await store.RestoreAsync([restored with { Text = Sentence(900 + from), AddedAt = restored.AddedAt.AddDays(3) }], Mod, RestoreMode.Replace);
    }

    [Fact]
    public async Task LongTexts_AreStoredPackedAndSmaller_ShortOnesAsText_AndReadBackExactly()
    {
        var path = _dir.File();
        using var store = new SqliteQuoteStore(path);
        await store.InitializeAsync();
        var texts = new[]
        {
            "Short and plain.",
            Sentence(4) + " " + Sentence(5),
            "Zeilen\nmit Umlauten äöü, emoji 🙂🚢 and “curly quotes” — " + Sentence(11) + "\n" + Sentence(12),
            string.Concat(Enumerable.Repeat("ab", QuoteRules.MaxTextLength / 2)),
        };
        var ids = new List<long>();
        foreach (var t in texts)
        {
            ids.Add((await store.AddAsync(new NewQuote { Text = t, Speaker = "Mara Holt", AddedAt = DateTimeOffset.UnixEpoch }, Mod)).Quote.Id);
        }

        using (var c = Raw(path))
        {
            Assert.Equal(["text", "blob", "blob", "blob"], ids.Select(id => Rows(c, "SELECT typeof(text) FROM quotes WHERE id = " + id)[0]));
            for (var i = 1; i < texts.Length; i++)
            {
                var stored = long.Parse(Rows(c, "SELECT length(text) FROM quotes WHERE id = " + ids[i])[0], CultureInfo.InvariantCulture);
                Assert.True(stored < Encoding.UTF8.GetByteCount(texts[i]), $"{stored} bytes stored for {Encoding.UTF8.GetByteCount(texts[i])}");
            }
        }

        Assert.Equal(texts, (await store.GetManyAsync(ids)).OrderBy(q => q.Id).Select(q => q.Text));
        var exported = new List<string>();
        await foreach (var q in store.ExportAsync())
        {
            exported.Add(q.Text);
        }

        Assert.Equal(texts, exported);

        // Duplicates of a packed text are still found, one by one and in bulk (the dedupe key is computed from the unpacked text).
        Assert.False((await store.AddAsync(new NewQuote { Text = texts[2], Speaker = "Mara Holt", AddedAt = DateTimeOffset.UnixEpoch }, Mod)).Added);
        var summary = await store.AddManyAsync([new NewQuote { Text = texts[1], Speaker = "mara holt", AddedAt = DateTimeOffset.UnixEpoch }], Mod);
        Assert.Equal(0, summary.Added);

        // And searched: the index is built from the unpacked text.
        var page = await store.SearchAsync(QueryParser.Parse("umlauten").Query!, Visibility.All, 0, 5);
        Assert.Equal([ids[2]], page.Items.Select(q => q.Id));
    }

    [Fact]
    public async Task BulkLoad_StoresThePackedFormOfOneByOneAdds()
    {
        var one = _dir.File("one.db");
        var bulk = _dir.File("bulk.db");
        using (var a = new SqliteQuoteStore(one))
        {
            await a.InitializeAsync();
            for (var i = 0; i < 60; i++)
            {
                await a.AddAsync(Q(i), Mod);
            }
        }

        using (var b = new SqliteQuoteStore(bulk))
        {
            await b.InitializeAsync();
            await b.AddManyAsync(Enumerable.Range(0, 60).Select(i => Q(i)), Mod);
        }

        using var ca = Raw(one);
        using var cb = Raw(bulk);
        const string Stored = "SELECT id, typeof(text), hex(text) FROM quotes ORDER BY id";
        Assert.Equal(Rows(ca, Stored), Rows(cb, Stored));
        Assert.True(long.Parse(Rows(ca, "SELECT count(*) FROM quotes WHERE typeof(text) = 'blob'")[0], CultureInfo.InvariantCulture) > 30);
    }

    [Fact]
    public async Task Upgrade_Migration12File_PacksItsTexts_KeepsEveryRowAuditAndAnswer()
    {
        var path = _dir.File();
        List<string> before, answers;
        using (var old = new SqliteQuoteStore(path, new SqliteStoreOptions { SchemaLimit = 12, PairIndexMinimumQuotes = 20 }))
        {
            await old.InitializeAsync();
            await FillAsync(old, 0, 160);
            before = await ExportAndAuditAsync(old);
            answers = await AnswersAsync(old);
        }

        Assert.Equal(0, Count(path, "SELECT count(*) FROM quotes WHERE typeof(text) <> 'text'"));
        var plainBytes = Count(path, "SELECT sum(length(CAST(text AS BLOB))) FROM quotes");

        using var store = new SqliteQuoteStore(path, new SqliteStoreOptions { PairIndexMinimumQuotes = 20 });
        await store.InitializeAsync();
        Assert.Equal(SqliteDatabase.SchemaVersion, Count(path, "SELECT max(version) FROM schema_version"));
        Assert.True(Count(path, "SELECT count(*) FROM quotes WHERE typeof(text) = 'blob'") > 60);
        Assert.True(Count(path, "SELECT sum(length(text)) FROM quotes") < plainBytes * 9 / 10);
        Assert.Equal(before, await ExportAndAuditAsync(store));
        Assert.Equal(answers, await AnswersAsync(store));

        // The index rebuilt from the packed rows answers as the old one did, and later writes keep answering exactly.
        using (var c = Raw(path))
        using (var cmd = c.CreateCommand())
        {
            cmd.CommandText = "UPDATE postings_state SET value = 0 WHERE key = 'ready_upto'";
            cmd.ExecuteNonQuery();
        }

        using (var rebuilt = new SqliteQuoteStore(path, new SqliteStoreOptions { PairIndexMinimumQuotes = 20 }))
        {
            await rebuilt.InitializeAsync();
            Assert.Equal(answers, await AnswersAsync(rebuilt));
            await FillAsync(rebuilt, 200, 60);
            await BruteForceSearch.AssertSamePagesAsync(rebuilt, Queries, [Visibility.All, Visibility.For(Scopes[1])], minimumHits: 10);
        }
    }

    [Fact]
    public async Task Upgrade_FailingPartWay_LeavesMigration12Whole()
    {
        var path = _dir.File();
        using (var old = new SqliteQuoteStore(path, new SqliteStoreOptions { SchemaLimit = 12 }))
        {
            await old.InitializeAsync();
            await old.AddManyAsync(Enumerable.Range(0, 40).Select(i => Q(i)), Mod);
        }

        Exec(path, "CREATE TRIGGER stop_at_30 BEFORE UPDATE OF text ON quotes WHEN old.id = 30 BEGIN SELECT RAISE(ABORT, 'stopped at 30'); END");
        var failed = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            using var store = new SqliteQuoteStore(path);
            await store.InitializeAsync();
        });
        Assert.Contains("stopped at 30", failed.ToString(), StringComparison.Ordinal);
        Assert.Equal(12, Count(path, "SELECT max(version) FROM schema_version"));
        Assert.Equal(0, Count(path, "SELECT count(*) FROM quotes WHERE typeof(text) <> 'text'")); // rows 1–29 packed, then rolled back

        Exec(path, "DROP TRIGGER stop_at_30");
        using (var store = new SqliteQuoteStore(path))
        {
            await store.InitializeAsync();
            Assert.Equal(40, (await store.GetManyAsync(Enumerable.Range(1, 40).Select(i => (long)i).ToList())).Count(q => q.Text == Sentence((int)q.Id - 1)));
        }

        Assert.Equal(SqliteDatabase.SchemaVersion, Count(path, "SELECT max(version) FROM schema_version"));
        Assert.True(Count(path, "SELECT count(*) FROM quotes WHERE typeof(text) = 'blob'") > 15);
    }

    private static void Exec(string path, string sql)
    {
        using var c = Raw(path);
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    [Fact]
    public void UnpackText_RejectsWhatItDidNotPack_WithAOneLineMessage()
    {
        var ex = Assert.Throws<InvalidDataException>(() => SqliteQuoteStore.UnpackText([9, 1, 2]));
        Assert.Equal("A quote's packed text has an unknown format (3 bytes, first 9).", ex.Message);
        Assert.Throws<InvalidDataException>(() => SqliteQuoteStore.UnpackText([SqliteQuoteStore.PackedBrotli, 0xFF, 0xFF, 0xFF]));
        Assert.Null(SqliteQuoteStore.PackText("Too short to pack."));
        var text = Sentence(33);
        Assert.Equal(text, SqliteQuoteStore.UnpackText(SqliteQuoteStore.PackText(text)!));
    }
}
