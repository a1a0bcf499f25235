using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using QuoteBot.Core.Model;
using QuoteBot.Core.Random;
using QuoteBot.Core.Search;
using QuoteBot.Core.Storage;
using static QuoteBot.Storage.Sqlite.Tests.RawDb;

namespace QuoteBot.Storage.Sqlite.Tests;

public sealed class SqliteQuoteStoreTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly Actor Alice = new("tg:1", "Alice");
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private static NewQuote Q(string text, string? speaker = null) => new() { Text = text, Speaker = speaker, AddedAt = T0 };

    private async Task<SqliteQuoteStore> OpenAsync(string? path = null, SqliteStoreOptions? options = null, TimeProvider? time = null)
    {
        var store = new SqliteQuoteStore(path ?? _dir.File(), options, time);
        await store.InitializeAsync();
        return store;
    }

    private static object? Scalar(SqliteConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        return cmd.ExecuteScalar();
    }

    [Fact]
    public async Task InitializeAsync_NewFile_AppliesEveryMigrationOnceWithWal()
    {
        using (var store = await OpenAsync())
        {
            await store.InitializeAsync();
        }

        using (var again = await OpenAsync())
        {
            await again.InitializeAsync();
        }

        using var c = Raw(_dir.File());
        Assert.Equal((long)SqliteQuoteStore.SchemaVersion, Scalar(c, "SELECT max(version) FROM schema_version"));
        Assert.Equal(1L, Scalar(c, "SELECT count(*) FROM schema_version WHERE version = 1"));
        Assert.Equal("wal", Scalar(c, "PRAGMA journal_mode"));
    }

    [Fact]
    public async Task InitializeAsync_JunkFile_ThrowsOneLineErrorNamingPath()
    {
        var path = _dir.File("junk.db");
        await File.WriteAllBytesAsync(path, Enumerable.Range(0, 8192).Select(i => (byte)(i * 7 + 3)).ToArray());
        using var store = new SqliteQuoteStore(path);

        var ex = await Assert.ThrowsAsync<SqliteStoreException>(() => store.InitializeAsync());

        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
        Assert.Contains("not a valid quote database", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
        Assert.Equal(path, ex.Path);
        Assert.IsAssignableFrom<InvalidOperationException>(ex);
    }

    [Fact]
    public async Task InitializeAsync_MissingFolder_ThrowsOneLineErrorNamingPath()
    {
        var path = Path.Combine(_dir.Path, "no", "such", "dir", "q.db");
        using var store = new SqliteQuoteStore(path);

        var ex = await Assert.ThrowsAsync<SqliteStoreException>(() => store.InitializeAsync());

        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public async Task AddAsync_DatabaseLockedByAnotherWriter_ThrowsLockedError()
    {
        using var store = await OpenAsync(options: new SqliteStoreOptions { BusyTimeout = TimeSpan.FromMilliseconds(100) });
        using var other = Raw(_dir.File());
        using (var cmd = other.CreateCommand())
        {
            cmd.CommandText = "BEGIN EXCLUSIVE";
            cmd.ExecuteNonQuery();
        }

        var ex = await Assert.ThrowsAsync<SqliteStoreException>(() => store.AddAsync(Q("blocked"), Alice));

        Assert.Contains("locked", ex.Message, StringComparison.Ordinal);
        Assert.Contains(_dir.File(), ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reopen_AfterClose_KeepsQuotesSearchAuditAndState()
    {
        using (var store = await OpenAsync())
        {
            await store.AddAsync(Q("The lighthouse stays lit.", "Keeper Jones"), Alice);
            await store.SetAsync("k", "v");
        }

        using var reopened = await OpenAsync();
        Assert.Equal("The lighthouse stays lit.", (await reopened.GetAsync(1L))!.Text);
        Assert.Single((await reopened.SearchAsync(QueryParser.Parse("lighthouse").Query!, Visibility.All, 0, 5)).Items);
        Assert.Single(await reopened.GetAuditAsync(1));
        Assert.Equal("v", await reopened.GetAsync("k"));
        Assert.Equal(["Keeper Jones"], await reopened.SuggestSpeakersAsync("kee", Visibility.All, 5));
    }

    [Fact]
    public async Task AddAsync_AfterHighestRowHardDeleted_StillNeverReusesId()
    {
        using (var store = await OpenAsync())
        {
            await store.AddManyAsync([Q("one"), Q("two"), Q("three")], Alice);
        }

        // A hand-made delete (the triggers keep only counts: no function of the store is needed).
        using (var c = Raw(_dir.File()))
        using (var cmd = c.CreateCommand())
        {
            cmd.CommandText = "DELETE FROM quotes WHERE id = 3";
            cmd.ExecuteNonQuery();
        }

        using var reopened = await OpenAsync();
        Assert.Equal(3, await reopened.MaxIdAsync());
        Assert.Equal(4, (await reopened.AddAsync(Q("four"), Alice)).Quote.Id);
    }

    [Fact]
    public async Task SearchIndex_AfterManyWrites_HoldsExactlyTheActiveQuotes()
    {
        using (var store = await OpenAsync())
        {
            await store.AddManyAsync(Enumerable.Range(0, 50).Select(i => Q($"word{i} common text", $"Speaker {i % 5}")), Alice);
            await store.EditAsync(3, new QuoteEdit(Text: "changed text"), Alice);
            await store.SetStatusAsync(4, QuoteStatus.Removed, Alice);
            await store.SetStatusAsync(5, QuoteStatus.Removed, Alice);
            await store.SetStatusAsync(5, QuoteStatus.Active, Alice);
            await store.EditAsync(4, new QuoteEdit(Speaker: "New Person"), Alice);
        }

        using (var c = Raw(_dir.File()))
        {
            Assert.Equal(long.MaxValue, Scalar(c, "SELECT value FROM postings_state WHERE key = 'ready_upto'"));
            Assert.Equal(49L, Scalar(c, "SELECT value FROM px_meta WHERE key = 'docs'"));
            Assert.Equal(49L, Scalar(c, "SELECT sum(active) FROM scope_counts"));
            Assert.Equal(49L, Scalar(c, "SELECT sum(active) FROM speaker_counts"));
        }

        using var store2 = await OpenAsync();
        for (var i = 0; i < 50; i++)
        {
            var hits = (await store2.SearchAsync(QueryParser.Parse($"word{i}").Query!, Visibility.All, 0, 5)).Items;
            Assert.Equal(i is 2 or 3 ? 0 : 1, hits.Count); // #3 was edited away, #4 is removed
        }

        Assert.Equal(49, (await store2.SearchAsync(QueryParser.Parse("text").Query!, Visibility.All, 0, 100)).Items.Count);
        Assert.Single((await store2.SearchAsync(QueryParser.Parse("changed").Query!, Visibility.All, 0, 100)).Items);
        Assert.Empty((await store2.SearchAsync(QueryParser.Parse("speaker:\"new person\"").Query!, Visibility.All, 0, 100)).Items);
    }

    /// <summary>Quotes "row 0", "row 1", … from a source that throws when it reaches row <paramref name="failAt"/>.</summary>
    private static IEnumerable<NewQuote> RowsFailingAt(int failAt)
    {
        for (var i = 0; ; i++)
        {
            if (i == failAt)
            {
                throw new InvalidDataException("bad row");
            }

            yield return Q($"row {i}");
        }
    }

    /// <summary>
    /// Session 19: the bulk insert binds links as a host id and the rest without strings, texts through one reused UTF-8
    /// buffer, and migration 15's integers unboxed. Every column of every row is stored as one-by-one adds store it:
    /// a link ending at its host (empty rest, not NULL), one without a path (kept whole), non-ASCII hosts, paths and
    /// names, adds at another offset (kept as text), empty and missing fields.
    /// </summary>
    [Fact]
    public async Task AddManyAsync_StoresEveryColumnAsOneByOneAdds()
    {
        string?[] links = ["https://example.org/a/1", "https://example.org/", "https://example.org", "http://bücher.example/ä/ö?q=ü", null, "https://news.example.net/x"];
        string[] speakers = ["Zoë Ångström", "Bea Tu", "Dr. Cid Moutel"];
        string[] outlets = ["Harbour Gazette", "Ökonom Zeitung"];
        var quotes = Enumerable.Range(0, 30).Select(i => new NewQuote
        {
            Text = $"Zoë said the ferry tolls {i} would rise",
            Speaker = i % 5 == 4 ? null : speakers[i % 3],
            Source = new QuoteSource(i % 4 == 3 ? null : outlets[i % 2], i % 3 == 0 ? null : $"Tolls {i}",
                links[i % links.Length], i % 2 == 0 ? null : new DateOnly(2021, 2, 1).AddDays(i)),
            Context = i % 3 == 1 ? new QuoteContext($"The paragraph {i}.", i % 2 == 0 ? "" : "Before.", null, i % 2 == 0 ? "council" : null) : null,
            Scope = i % 4 == 1 ? Scope.Telegram(-1001) : Scope.Global,
            AddedBy = i % 2 == 0 ? "tg:1" : "dc:7",
            AddedAt = i % 6 == 5 ? T0.ToOffset(TimeSpan.FromHours(2)).AddSeconds(i) : T0.AddMinutes(i),
        }).ToList();
        using (var one = await OpenAsync(_dir.File("one.db")))
        {
            foreach (var q in quotes)
            {
                await one.AddAsync(q, Alice);
            }
        }

        using (var bulk = await OpenAsync(_dir.File("bulk.db"), new SqliteStoreOptions { ImportBatchSize = 4 }))
        {
            Assert.Equal(quotes.Count, (await bulk.AddManyAsync(quotes, Alice)).Added);
        }

        var columns = Query(_dir.File("one.db"), "SELECT name FROM pragma_table_info('quotes') ORDER BY cid");
        Assert.Contains("url_host_id", columns);
        var rows = $"SELECT {string.Join(" || '|' || ", columns.Select(c => $"typeof({c}) || ':' || quote({c})"))} FROM quotes ORDER BY id";
        var expected = Query(_dir.File("one.db"), rows);
        Assert.Equal(quotes.Count, expected.Count);
        Assert.Contains(expected, r => r.Contains("text:''", StringComparison.Ordinal)); // the link ending at its host
        Assert.Equal(expected, Query(_dir.File("bulk.db"), rows));
        Assert.Equal(Query(_dir.File("one.db"), "SELECT * FROM names ORDER BY id"), Query(_dir.File("bulk.db"), "SELECT * FROM names ORDER BY id"));
    }

    [Fact]
    public async Task AddManyAsync_SourceFailsMidBatch_KeepsEarlierBatchesOnly()
    {
        using var store = await OpenAsync(options: new SqliteStoreOptions { ImportBatchSize = 10 });

        await Assert.ThrowsAsync<InvalidDataException>(() => store.AddManyAsync(RowsFailingAt(15), Alice));
        Assert.Equal(10, await store.CountAsync(Visibility.All));
    }

    [Fact]
    public async Task EditAsync_IntoDuplicateOfAnother_ThrowsAndChangesNothing()
    {
        using var store = await OpenAsync();
        await store.AddManyAsync([Q("first", "A"), Q("second", "A")], Alice);

        await Assert.ThrowsAsync<DuplicateQuoteException>(() => store.EditAsync(2, new QuoteEdit(Text: "FIRST"), Alice));

        Assert.Equal("second", (await store.GetAsync(2L))!.Text);
        Assert.Single(await store.GetAuditAsync(2));
    }

    [Fact]
    public async Task EditAsync_UsesTimeProviderForAuditTime()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2030, 1, 2, 3, 4, 5, TimeSpan.Zero));
        using var store = await OpenAsync(time: time);
        await store.AddAsync(Q("text"), Alice);

        await store.SetStatusAsync(1, QuoteStatus.Removed, Alice);

        var audit = await store.GetAuditAsync(1);
        Assert.Equal(T0, audit[0].At);
        Assert.Equal(time.GetUtcNow(), audit[1].At);
    }

    [Fact]
    public async Task RandomQuotePicker_BagSurvivesReopening_NoRepeatAcrossRestart()
    {
        var seen = new List<long>();
        using (var store = await OpenAsync())
        {
            await store.AddManyAsync(Enumerable.Range(0, 30).Select(i => Q($"pick {i}")), Alice);
            var picker = new RandomQuotePicker(store, store);
            for (var i = 0; i < 15; i++)
            {
                seen.Add((await picker.NextAsync("chat", Visibility.All))!.Id);
            }
        }

        using (var store = await OpenAsync())
        {
            var picker = new RandomQuotePicker(store, store);
            for (var i = 0; i < 15; i++)
            {
                seen.Add((await picker.NextAsync("chat", Visibility.All))!.Id);
            }
        }

        Assert.Equal(Enumerable.Range(1, 30).Select(i => (long)i), seen.Order());
    }

    [Fact]
    public async Task AddSqliteStore_ResolvesOneInstanceForAllThreeContracts()
    {
        var services = new ServiceCollection().AddSqliteStore(_dir.File("di.db")).BuildServiceProvider();
        await using (services)
        {
            var store = services.GetRequiredService<IQuoteStore>();
            Assert.Same(store, services.GetRequiredService<IQuoteSearch>());
            Assert.Same(store, services.GetRequiredService<IStateStore>());
            await store.InitializeAsync();
            Assert.Equal(0, await store.MaxIdAsync());
        }
    }

    [Fact]
    public async Task SearchAsync_BestMatchIsTheOldest_RanksAllMatchesNotOnlyTheNewest()
    {
        // The old store ranked only the newest 300 matches: the oldest quote, the best match, was never looked at.
        using var store = await OpenAsync();
        await store.AddAsync(Q("river river"), Alice);
        await store.AddManyAsync(Enumerable.Range(0, 400).Select(i => Q($"river {i} " + string.Join(' ', Enumerable.Repeat("filler", i % 7)))), Alice);

        var page = await store.SearchAsync(QueryParser.Parse("river").Query!, Visibility.All, 0, 5);

        Assert.True(page.HasMore);
        // Then the shortest (no filler words, i = 399 - 399 % 7 down by 7), newest first among equal scores.
        Assert.Equal([1L, 401, 394, 387, 380], page.Items.Select(q => q.Id));
    }

    [Fact]
    public async Task Upgrade_DatabaseWithStoredDedupeKey_DropsTheColumnAndStillFindsDuplicates()
    {
        var path = _dir.File();
        using (var store = await OpenAsync(path))
        {
            await store.AddManyAsync([Q("Old words here", "Ann Lee"), Q("Other words", "Bo Kim")], Alice);
        }

        // Make the file look like one written before migration 7: the stored key column back, version 7 not applied.
        using (var c = Raw(path))
        using (var cmd = c.CreateCommand())
        {
            cmd.CommandText = "ALTER TABLE quotes ADD COLUMN dedupe_key TEXT NOT NULL DEFAULT 'x'; DELETE FROM schema_version WHERE version = 7";
            cmd.ExecuteNonQuery();
        }

        using var upgraded = await OpenAsync(path);
        using (var c = Raw(path))
        {
            Assert.Equal(0L, Scalar(c, "SELECT count(*) FROM pragma_table_info('quotes') WHERE name = 'dedupe_key'"));
            Assert.Equal(1L, Scalar(c, "SELECT count(*) FROM schema_version WHERE version = 7"));
        }

        var again = await upgraded.AddAsync(Q("old WORDS here!", "ann lee"), Alice);
        Assert.False(again.Added);
        Assert.Equal(1, again.Quote.Id);
        Assert.Equal(Core.Text.TextFolding.DedupeKey("Old words here", "Ann Lee"), (await upgraded.GetAsync(1))!.DedupeKey);
        Assert.Equal(1, (await upgraded.AddManyAsync([Q("Other words", "Bo Kim"), Q("New words", "Bo Kim")], Alice)).Added);
    }

    [Fact]
    public async Task AddAsync_SameDedupeHashButDifferentKey_IsNotADuplicate()
    {
        var path = _dir.File();
        using var store = await OpenAsync(path);
        await store.AddAsync(Q("first quote", "Ann Lee"), Alice);

        // Give the stored row the hash of the next quote's key: only the full key (computed from text and speaker) tells them apart.
        var collision = SqliteQuoteStore.DedupeHash(Core.Text.TextFolding.DedupeKey("second quote", "Ann Lee"));
        using (var c = Raw(path))
        using (var cmd = c.CreateCommand())
        {
            cmd.CommandText = $"UPDATE quotes SET dedupe_hash = {collision} WHERE id = 1";
            cmd.ExecuteNonQuery();
        }

        Assert.True((await store.AddAsync(Q("second quote", "Ann Lee"), Alice)).Added);
        Assert.False((await store.AddAsync(Q("second QUOTE", "ann lee"), Alice)).Added);
        Assert.Equal(1, (await store.AddManyAsync([Q("second quote.", "Ann Lee"), Q("third quote", "Ann Lee")], Alice)).Added);
    }

    [Fact]
    public async Task AddManyAsync_BatchFailsInsideTheDatabase_RollsItBackWithTheInsertTriggersKept()
    {
        // A bulk batch drops the insert triggers for its insert and recreates them in the same transaction: a batch
        // that fails there must leave the earlier batches, no row of its own, and the triggers for single adds.
        var path = _dir.File();
        using var store = await OpenAsync(path, new SqliteStoreOptions { ImportBatchSize = 10, ImportTransactionQuotes = 10, ImportEmptyStoreInOneTransaction = false, ImportLateBatchWait = TimeSpan.FromMinutes(1) });
        using (var c = Raw(path))
        {
            Scalar(c, "CREATE TRIGGER test_poison BEFORE INSERT ON quotes WHEN qb_text(new.text) = 'row 15 poison' BEGIN SELECT RAISE(ABORT, 'poison row'); END");
        }

        await Assert.ThrowsAsync<SqliteStoreException>(() => store.AddManyAsync(
            Enumerable.Range(0, 25).Select(i => Q(i == 15 ? "row 15 poison" : $"row {i} lantern", $"Speaker {i % 2}")), Alice));
        Assert.Equal(10, await store.CountAsync(Visibility.All));

        await store.AddAsync(Q("single lantern after", "Speaker 0"), Alice);
        Assert.Equal(11, (await store.SearchAsync(QueryParser.Parse("lantern").Query!, Visibility.All, 0, 100)).Items.Count);
        Assert.Equal(6, (await store.SpeakerQuoteAtAsync("speaker 0", Visibility.All, -1)).Count);
        using (var c = Raw(path))
        {
            Assert.Equal(2L, Scalar(c, "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' AND name IN ('quotes_ai', 'quotes_slots_ai')"));
            Assert.Equal(11L, Scalar(c, "SELECT df FROM px_df WHERE term = 'lantern'"));
            Assert.Equal(11L, Scalar(c, "SELECT count(*) FROM audit"));
        }
    }

    [Theory]
    [InlineData(15, 0)] // the first transaction (batches 1 and 2) fails: nothing is kept
    [InlineData(25, 20)] // the second fails: the first two batches, committed together, are kept
    [InlineData(45, 40)]
    public async Task AddManyAsync_BatchesShareATransaction_AFailureRollsBackTheOpenTransactionOnly(int poisoned, int kept)
    {
        var path = _dir.File();
        using var store = await OpenAsync(path, new SqliteStoreOptions { ImportBatchSize = 10, ImportTransactionQuotes = 20, ImportEmptyStoreInOneTransaction = false, ImportLateBatchWait = TimeSpan.FromMinutes(1) });
        using (var c = Raw(path))
        {
            Scalar(c, $"CREATE TRIGGER test_poison BEFORE INSERT ON quotes WHEN qb_text(new.text) = 'row {poisoned} lantern' BEGIN SELECT RAISE(ABORT, 'poison row'); END");
        }

        await Assert.ThrowsAsync<SqliteStoreException>(() => store.AddManyAsync(
            Enumerable.Range(0, 50).Select(i => Q($"row {i} lantern", $"Speaker {i % 2}")), Alice));
        Assert.Equal(kept, await store.CountAsync(Visibility.All));
        Assert.Equal(kept, (await store.SearchAsync(QueryParser.Parse("lantern").Query!, Visibility.All, 0, 100)).Items.Count);
        using (var c = Raw(path))
        {
            Assert.Equal(kept, Convert.ToInt32(Scalar(c, "SELECT value FROM px_meta WHERE key = 'docs'"), CultureInfo.InvariantCulture));
            Assert.Equal(kept, Convert.ToInt32(Scalar(c, "SELECT count(*) FROM speaker_slots"), CultureInfo.InvariantCulture));
            Assert.Equal(kept, Convert.ToInt32(Scalar(c, "SELECT count(*) FROM audit"), CultureInfo.InvariantCulture));
        }

        // The load after it starts where the kept rows end and adds the rest once.
        var again = await store.AddManyAsync(Enumerable.Range(0, 50).Where(i => i != poisoned).Select(i => Q($"row {i} lantern", $"Speaker {i % 2}")), Alice);
        Assert.Equal(49 - kept, again.Added);
        Assert.Equal(49, (await store.SearchAsync(QueryParser.Parse("lantern").Query!, Visibility.All, 0, 100)).Items.Count);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)] // the load into the empty store is one transaction: still committed up to the error
    public async Task AddManyAsync_SourceFailsInsideAnOpenTransaction_CommitsTheBatchesHandedOver(bool emptyStoreInOneTransaction)
    {
        // Batches of 10 in transactions of 100: the source fails in the fourth batch; the three before it were handed
        // to the writer and are committed whole before the error reaches the caller.
        using var store = await OpenAsync(options: new SqliteStoreOptions { ImportBatchSize = 10, ImportTransactionQuotes = 100, ImportEmptyStoreInOneTransaction = emptyStoreInOneTransaction, ImportLateBatchWait = TimeSpan.FromMinutes(1) });

        await Assert.ThrowsAsync<InvalidDataException>(() => store.AddManyAsync(RowsFailingAt(35), Alice));
        Assert.Equal(30, await store.CountAsync(Visibility.All));
    }

    [Theory]
    [InlineData("px_df", "new.term = 'poison'")]
    [InlineData("speaker_slots", "new.quote_id = 16")]
    public async Task AddManyAsync_BatchFailsWritingItsStatistics_RollsItBackAndReportsOneLine(string table, string when)
    {
        // The index's postings and statistics and the slots of a batch are written through prepared statements after
        // its rows: a failure there must surface as the store's one-line error and take the whole batch back with it.
        var path = _dir.File();
        using var store = await OpenAsync(path, new SqliteStoreOptions { ImportBatchSize = 10, ImportTransactionQuotes = 10, ImportEmptyStoreInOneTransaction = false, ImportLateBatchWait = TimeSpan.FromMinutes(1) });
        using (var c = Raw(path))
        {
            Scalar(c, $"CREATE TRIGGER test_poison BEFORE INSERT ON {table} WHEN {when} BEGIN SELECT RAISE(ABORT, 'poisoned {table}'); END");
        }

        var ex = await Assert.ThrowsAsync<SqliteStoreException>(() => store.AddManyAsync(
            Enumerable.Range(0, 25).Select(i => Q(i == 15 ? "row 15 poison poison lantern" : $"row {i} lantern", $"Speaker {i % 2}")), Alice));
        Assert.Contains($"poisoned {table}", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
        Assert.Equal(10, await store.CountAsync(Visibility.All));

        await store.AddAsync(Q("single lantern after", "Speaker 0"), Alice);
        Assert.Equal(11, (await store.SearchAsync(QueryParser.Parse("lantern").Query!, Visibility.All, 0, 100)).Items.Count);
        Assert.Equal(6, (await store.SpeakerQuoteAtAsync("speaker 0", Visibility.All, -1)).Count);
        using (var c = Raw(path))
        {
            Assert.Equal(11L, Scalar(c, "SELECT df FROM px_df WHERE term = 'lantern'"));
            Assert.Equal(0L, Scalar(c, "SELECT count(*) FROM px_df WHERE term = 'poison'"));
            Assert.Equal(11L, Scalar(c, "SELECT count(*) FROM speaker_slots"));
            Assert.Equal(11L, Scalar(c, "SELECT value FROM px_meta WHERE key = 'docs'"));
            Assert.Equal(11L, Scalar(c, "SELECT count(*) FROM audit"));
            Assert.Equal(2L, Scalar(c, "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' AND name IN ('quotes_ai', 'quotes_slots_ai')"));
        }
    }

    [Theory]
    [InlineData("px_df", "new.term = 'poison'")] // fails while the buffered postings are written at the end
    [InlineData("speaker_slots", "new.quote_id = 16")]
    [InlineData("quotes", "qb_text(new.text) LIKE 'row 24 %'")] // the last batch
    public async Task AddManyAsync_LoadIntoAnEmptyStoreFails_LeavesItEmptyAndTheLoadCanBeRunAgain(string table, string when)
    {
        // A load into an empty store is one transaction, its postings buffered and written as a segment at the end: a
        // failure anywhere, the segment included, leaves no row and no statistics; the same load then completes exactly.
        var path = _dir.File();
        using var store = await OpenAsync(path, new SqliteStoreOptions { ImportBatchSize = 10, ImportTransactionQuotes = 10, PairIndexMinimumQuotes = 5, ImportEmptyStoreInOneTransaction = true, ImportLateBatchWait = TimeSpan.FromMinutes(1) });
        using (var c = Raw(path))
        {
            Scalar(c, $"CREATE TRIGGER test_poison BEFORE INSERT ON {table} WHEN {when} BEGIN SELECT RAISE(ABORT, 'poisoned {table}'); END");
        }

        NewQuote Row(int i) => Q(i == 15 ? "row 15 poison poison lantern wick" : $"row {i} lantern wick lantern wick", $"Speaker {i % 2}");
        var ex = await Assert.ThrowsAsync<SqliteStoreException>(() => store.AddManyAsync(Enumerable.Range(0, 25).Select(Row), Alice));
        Assert.Contains($"poisoned {table}", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
        Assert.Equal(0, await store.CountAsync(Visibility.All));
        using (var c = Raw(path))
        {
            foreach (var t in new[] { "quotes", "px_df", "px_segments", "px_tail_docs", "px_pair_words", "speaker_slots", "speaker_counts", "audit" })
            {
                Assert.Equal(0L, Scalar(c, $"SELECT count(*) FROM {t}"));
            }

            Assert.Equal(0L, Scalar(c, "SELECT value FROM px_meta WHERE key = 'docs'"));
            Assert.Equal(0L, Scalar(c, "SELECT count(*) FROM postings_state WHERE key = 'pair_words_chosen'"));

            Scalar(c, "DROP TRIGGER test_poison");
        }

        Assert.Equal(25, (await store.AddManyAsync(Enumerable.Range(0, 25).Select(Row), Alice)).Added);
        Assert.Equal(25, (await store.SearchAsync(QueryParser.Parse("lantern").Query!, Visibility.All, 0, 100)).Items.Count);
        Assert.Equal(25, (await store.SearchAsync(QueryParser.Parse("\"lantern wick\"").Query!, Visibility.All, 0, 100)).Items.Count);
        using (var c = Raw(path))
        {
            Assert.Equal(25L, Scalar(c, "SELECT df FROM px_df WHERE term = 'lantern'"));
            Assert.Equal(1L, Scalar(c, "SELECT df FROM px_df WHERE term = 'poison'"));
            Assert.Equal(25L, Scalar(c, "SELECT value FROM px_meta WHERE key = 'docs'"));
            Assert.Equal(2L, Scalar(c, "SELECT count(*) FROM px_pair_words WHERE token IN ('lantern', 'wick')"));
            Assert.Equal(25L, Scalar(c, "SELECT count(*) FROM speaker_slots"));
        }
    }

    /// <summary>
    /// Quotes "row i lantern" for i in [from, from + count), noting in <paramref name="seen"/> how many quotes the store
    /// has committed at the start of each batch of 10.
    /// </summary>
    private static IEnumerable<NewQuote> RowsNotingCommitted(SqliteQuoteStore store, List<long> seen, int from, int count)
    {
        for (var i = from; i < from + count; i++)
        {
            if (i % 10 == 0)
            {
                seen.Add(store.CountAsync(Visibility.All).GetAwaiter().GetResult());
            }

            yield return Q($"row {i} lantern", $"Speaker {i % 2}");
        }
    }

    [Fact]
    public async Task AddManyAsync_DefaultOptions_LoadIntoAnEmptyStoreCommitsAsItGoes()
    {
        // Off by default: a first import must not hold the write lock for its whole length (a bot on the same file
        // would fail every write meanwhile), so its batches are committed every ImportTransactionQuotes.
        using var store = await OpenAsync(_dir.File(), new SqliteStoreOptions { ImportBatchSize = 10, ImportTransactionQuotes = 10, ImportLateBatchWait = TimeSpan.FromMinutes(1) });
        var seen = new List<long>();

        Assert.False(new SqliteStoreOptions().ImportEmptyStoreInOneTransaction);
        Assert.Equal(50, (await store.AddManyAsync(RowsNotingCommitted(store, seen, 0, 50), Alice)).Added);
        Assert.Contains(seen, n => n > 0);
    }

    [Fact]
    public async Task AddManyAsync_LoadIntoAnEmptyStore_IsOneTransactionAndALaterLoadUsesTheTransactionSize()
    {
        // Into an empty store: one transaction whatever ImportTransactionQuotes says (a reader sees nothing until the
        // end). Into a store holding quotes: transactions of ImportTransactionQuotes, as before.
        var path = _dir.File();
        using var store = await OpenAsync(path, new SqliteStoreOptions { ImportBatchSize = 10, ImportTransactionQuotes = 10, ImportEmptyStoreInOneTransaction = true, ImportLateBatchWait = TimeSpan.FromMinutes(1) });
        var seen = new List<long>();

        Assert.Equal(50, (await store.AddManyAsync(RowsNotingCommitted(store, seen, 0, 50), Alice)).Added);
        Assert.All(seen, n => Assert.Equal(0L, n));
        seen.Clear();
        Assert.Equal(50, (await store.AddManyAsync(RowsNotingCommitted(store, seen, 50, 50), Alice)).Added);
        Assert.Contains(seen, n => n > 50); // batches of the second load were committed before it ended
        using var c = Raw(path);
        Assert.Equal(100L, Scalar(c, "SELECT df FROM px_df WHERE term = 'lantern'"));
    }

    [Fact]
    public async Task AddManyAsync_LoadIntoAnEmptyStore_SkipsDuplicatesOfItsOwnEarlierBatches()
    {
        // In one transaction on an empty store the re-check looks up only rows its filter of inserted pairs may hold:
        // a quote equal to one of an earlier batch (same scope, text and speaker) is still skipped, one in another
        // scope or by another speaker is not.
        var path = _dir.File();
        using var store = await OpenAsync(path, new SqliteStoreOptions { ImportBatchSize = 10, ImportEmptyStoreInOneTransaction = true, ImportLateBatchWait = TimeSpan.FromMinutes(1) });
        var scope = Scope.Telegram(-1001);
        NewQuote Row(int i) => i < 40
            ? Q($"row {i} lantern wick", $"Speaker {i % 3}")
            : i < 55
                ? Q($"row {i - 40} lantern wick", $"Speaker {(i - 40) % 3}") // the same as an earlier batch's row
                : i < 60 ? Q($"row {i - 55} lantern wick", "Speaker 9") : Q($"row {i - 60} lantern wick", $"Speaker {(i - 60) % 3}") with { Scope = scope };
        var summary = await store.AddManyAsync(Enumerable.Range(0, 65).Select(Row), Alice);
        Assert.Equal(50, summary.Added);
        Assert.Equal(15, summary.Duplicates);
        Assert.Equal(50, await store.CountAsync(Visibility.All));
    }

    [Fact]
    public async Task AddManyAsync_LargeLoad_LeavesOneIndexSegmentAnEmptyLogAndAnAuditRowPerQuote()
    {
        var path = _dir.File();
        using var store = await OpenAsync(path, new SqliteStoreOptions { ImportBatchSize = 20 });
        var summary = await store.AddManyAsync(Enumerable.Range(0, 100).Select(i => Q($"load {i} words", $"Speaker {i % 3}")), Alice);
        Assert.Equal(100, summary.Added);

        using (var c = Raw(path))
        {
            // The load's batches went through one postings buffer: one segment.
            Assert.Equal(1L, Scalar(c, "SELECT count(*) FROM px_segments"));
            Assert.Equal(100L, Scalar(c, "SELECT value FROM px_meta WHERE key = 'docs'"));
            Assert.Equal(100L, Scalar(c, "SELECT count(*) FROM audit WHERE action = 'add' AND actor_id = 'tg:1' AND actor_name = 'Alice'"));
            Assert.Equal(100L, Scalar(c, "SELECT count(DISTINCT quote_id) FROM audit"));
        }

        Assert.Equal(0, new FileInfo(path + "-wal").Length); // copied back and truncated while the store is open
        var audit = await store.GetAuditAsync(42);
        Assert.Equal("add", Assert.Single(audit).Action);
        Assert.Equal(T0, audit[0].At);
        Assert.Equal("load 41 words", audit[0].After!.Text);

        // A small load into a large store: indexed too.
        await store.AddManyAsync([Q("one more"), Q("and another")], Alice);
        using (var c = Raw(path))
        {
            Assert.Equal(102L, Scalar(c, "SELECT value FROM px_meta WHERE key = 'docs'"));
        }

        Assert.Single((await store.SearchAsync(QueryParser.Parse("another").Query!, Visibility.All, 0, 5)).Items);
    }

    [Fact]
    public async Task InitializeAsync_DatabaseBeforeSpeakerSlots_NumbersExistingQuotesAndKeepsThemNumbered()
    {
        var path = _dir.File("old.db");
        var jane = new List<long>();
        using (var store = await OpenAsync(path))
        {
            for (var i = 0; i < 5; i++)
            {
                jane.Add((await store.AddAsync(Q($"Harbour line {i}.", "Jane Doe"), Alice)).Quote.Id);
                await store.AddAsync(Q($"Other line {i}.", "John Roe"), Alice);
            }

            jane.Add((await store.AddAsync(Q("Our chat's line.", "Jane Doe") with { Scope = Scope.Telegram(-7) }, Alice)).Quote.Id);
            await store.SetStatusAsync(jane[1], QuoteStatus.Removed, Alice);
            await store.AddAsync(Q("Waiting for review.", "Jane Doe") with { Status = QuoteStatus.Pending }, Alice);
        }

        // As a database written before migration 6: no slots, no slot triggers.
        using (var c = Raw(path))
        {
            Scalar(c, "DROP TRIGGER quotes_slots_ai; DROP TRIGGER quotes_slots_au; DROP TRIGGER quotes_slots_ad; DROP TABLE speaker_slots; " +
                      "DELETE FROM schema_version WHERE version = 6");
        }

        using var upgraded = await OpenAsync(path);
        async Task<List<long>> Numbered(Visibility v)
        {
            var count = (await upgraded.SpeakerQuoteAtAsync("jane doe", v, -1)).Count;
            var ids = new List<long>();
            for (var i = 0; i < count; i++)
            {
                ids.Add((await upgraded.SpeakerQuoteAtAsync("jane doe", v, i)).Quote!.Id);
            }

            return ids;
        }

        Assert.Equal(jane.Where(id => id != jane[1]).Order(), (await Numbered(Visibility.All)).Order());
        Assert.Equal(jane.Take(5).Where(id => id != jane[1]).Order(), (await Numbered(Visibility.For(Scope.Discord(1)))).Order());
        await upgraded.SetStatusAsync(jane[0], QuoteStatus.Removed, Alice); // the triggers keep the backfilled numbers dense
        await upgraded.SetStatusAsync(jane[1], QuoteStatus.Active, Alice);
        Assert.Equal(jane.Skip(1).Order(), (await Numbered(Visibility.All)).Order());
    }
}
