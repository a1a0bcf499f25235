using Npgsql;
using QuoteBot.Core.Model;
using QuoteBot.Core.Search;
using QuoteBot.Core.Storage;

namespace QuoteBot.Storage.Postgres.Tests;

/// <summary>What only the PostgreSQL store has to show: migrations between processes, connection errors, odd text, races.</summary>
[RequiresPostgres]
public sealed class PostgresQuoteStoreTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly Actor Alice = new("tg:1", "Alice");
    private readonly List<TestSchema> _fresh = [];
    private readonly List<TestSchema> _rented = [];
    private readonly List<IAsyncDisposable> _stores = [];

    private static NewQuote Q(string text, string? speaker = null, int minutes = 0) => new()
    {
        Text = text,
        Speaker = speaker,
        AddedBy = Alice.Id,
        AddedAt = T0.AddMinutes(minutes),
    };

    private async Task<PostgresQuoteStore> StoreAsync(PostgresStoreOptions? options = null)
    {
        var schema = await PostgresServer.RentMigratedSchemaAsync();
        _rented.Add(schema);
        return await OpenAsync(schema, options);
    }

    private async Task<PostgresQuoteStore> OpenAsync(TestSchema schema, PostgresStoreOptions? options = null)
    {
        var store = new PostgresQuoteStore(schema.ConnectionString, options);
        _stores.Add(store);
        await store.InitializeAsync();
        return store;
    }

    private async Task<TestSchema> FreshSchemaAsync()
    {
        var schema = await PostgresServer.CreateSchemaAsync();
        _fresh.Add(schema);
        return schema;
    }

    [Fact]
    public async Task InitializeAsync_TwoInstancesAtOnce_BothSucceedAndMigrateOnce()
    {
        var schema = await FreshSchemaAsync();
        var a = new PostgresQuoteStore(schema.ConnectionString);
        var b = new PostgresQuoteStore(schema.ConnectionString);
        _stores.Add(a);
        _stores.Add(b);

        await Task.WhenAll(Task.Run(() => a.InitializeAsync()), Task.Run(() => b.InitializeAsync()));

        await using var conn = new NpgsqlConnection(schema.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT string_agg(version::text, ',' ORDER BY version) FROM schema_version", conn);
        Assert.Equal(string.Join(",", Enumerable.Range(1, PostgresDatabase.SchemaVersion)), await cmd.ExecuteScalarAsync());
        Assert.True((await a.AddAsync(Q("after a race"), Alice)).Added);
        Assert.Equal(1, await b.CountAsync(Visibility.All));
    }

    [Fact]
    public async Task InitializeAsync_SchemaOfNewerBuild_RefusesWithOneLine()
    {
        var schema = await FreshSchemaAsync();
        await OpenAsync(schema);
        await using (var conn = new NpgsqlConnection(schema.ConnectionString))
        {
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand("INSERT INTO schema_version(version, name) VALUES (99, 'future')", conn);
            await cmd.ExecuteNonQueryAsync();
        }

        var later = new PostgresQuoteStore(schema.ConnectionString);
        _stores.Add(later);
        var ex = await Assert.ThrowsAsync<PostgresStoreException>(() => later.InitializeAsync());
        Assert.Contains("newer quotebot", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public async Task InitializeAsync_WrongPassword_OneLineWithoutThePassword()
    {
        var cs = new NpgsqlConnectionStringBuilder(PostgresServer.ConnectionString) { Password = "Wr0ng-S3cret-Value", Pooling = false }.ConnectionString;
        await using var store = new PostgresQuoteStore(cs);

        var ex = await Assert.ThrowsAsync<PostgresStoreException>(() => store.InitializeAsync());

        Assert.Contains("password was refused", ex.Message, StringComparison.Ordinal);
        Assert.Contains("127.0.0.1:", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Wr0ng-S3cret-Value", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public async Task InitializeAsync_NothingListening_OneLineNamingTheServer()
    {
        await using var store = new PostgresQuoteStore("Host=127.0.0.1;Port=1;Username=u;Password=Secret123;Database=d;Timeout=3");

        var ex = await Assert.ThrowsAsync<PostgresStoreException>(() => store.InitializeAsync());

        Assert.StartsWith("Cannot use the PostgreSQL quote database 127.0.0.1:1/d: ", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Secret123", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public void Constructor_BadConnectionString_OneLineWithoutValues()
    {
        var ex = Assert.Throws<PostgresStoreException>(() => new PostgresQuoteStore("Hots=x;Password=Secret123"));

        Assert.Contains("not a valid PostgreSQL connection string", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Secret123", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddAsync_NulAndLoneSurrogate_RefusedByTheQuoteRulesAndNothingStored()
    {
        var store = await StoreAsync();

        await Assert.ThrowsAsync<InvalidQuoteException>(() => store.AddAsync(Q("Null\u0000byte harbour", "Ann Lee"), Alice));
        await Assert.ThrowsAsync<InvalidQuoteException>(() => store.AddAsync(Q("half \ud800 emoji harbour", "Ann Lee"), Alice));
        await Assert.ThrowsAsync<InvalidQuoteException>(() => store.AddAsync(Q("harbour", "Ann\u0000 Lee"), Alice));

        Assert.Equal(0, await store.MaxIdAsync());
        Assert.Empty((await store.SearchAsync(QueryParser.Parse("harbour").Query!, Visibility.All, 0, 5)).Items);
    }

    [Fact]
    public async Task AddAsync_QuoteAndSpeakerAtTheLengthLimits_StoredAndDeduplicated()
    {
        var store = await StoreAsync();
        var text = string.Join(' ', Enumerable.Range(0, 1000).Select(i => "w" + i))[..QuoteRules.MaxTextLength].TrimEnd();
        var speaker = new string('z', QuoteRules.MaxSpeakerLength);

        var first = await store.AddAsync(Q(text, speaker), Alice);
        var again = await store.AddAsync(Q(text.ToUpperInvariant(), speaker), Alice);
        await Assert.ThrowsAsync<InvalidQuoteException>(() => store.AddAsync(Q(text + " and more", speaker), Alice));
        await Assert.ThrowsAsync<InvalidQuoteException>(() => store.AddAsync(Q("short", speaker + "z"), Alice));

        Assert.True(first.Added);
        Assert.True(again.Duplicate);
        Assert.Equal(first.Quote.Id, again.Quote.Id);
        Assert.Equal(text, (await store.GetAsync(first.Quote.Id))!.Text);
        Assert.Equal([first.Quote.Id], (await store.SearchAsync(QueryParser.Parse("w300").Query!, Visibility.All, 0, 5)).Items.Select(q => q.Id));
        Assert.Equal(1, await store.MaxIdAsync());
    }

    [Fact]
    public async Task AddAsync_TimeWithTicksAndOffset_RoundTripsExactly()
    {
        var store = await StoreAsync();
        var at = new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.FromMinutes(330)).AddTicks(1_234_567);

        var added = await store.AddAsync(Q("precise") with { AddedAt = at }, Alice);
        var got = await store.GetAsync(added.Quote.Id);

        Assert.Equal(at.Ticks, got!.AddedAt.Ticks);
        Assert.Equal(at.Offset, got.AddedAt.Offset);
        var again = await store.RestoreAsync([got], Alice, RestoreMode.KeepExisting);
        Assert.Equal(new ImportSummary(0, 1, 0), again);
    }

    [Fact]
    public async Task ChangeStatusAsync_TwoInstancesDecideTheSamePendingQuotesAtOnce_ExactlyOneWinsEach()
    {
        var schema = await PostgresServer.RentMigratedSchemaAsync();
        _rented.Add(schema);
        var a = await OpenAsync(schema, new PostgresStoreOptions());
        var b = await OpenAsync(schema, new PostgresStoreOptions());
        var ids = new List<long>();
        for (var i = 0; i < 20; i++)
        {
            ids.Add((await a.AddAsync(Q($"pending quote {i}") with { Status = QuoteStatus.Pending }, Alice)).Quote.Id);
        }

        // One instance approves every quote while the other rejects them, in opposite orders.
        var bob = new Actor("dc:7", "Bob");
        var results = await Task.WhenAll(
            Task.Run(async () => { var r = new List<StatusChange?>(); foreach (var id in ids) { r.Add(await a.ChangeStatusAsync(id, QuoteStatus.Pending, QuoteStatus.Active, Alice)); } return r; }),
            Task.Run(async () => { var r = new List<StatusChange?>(); foreach (var id in Enumerable.Reverse(ids)) { r.Add(await b.ChangeStatusAsync(id, QuoteStatus.Pending, QuoteStatus.Removed, bob)); } return r; }));

        foreach (var id in ids)
        {
            var approved = results[0].Single(r => r!.Quote.Id == id)!;
            var rejected = results[1].Single(r => r!.Quote.Id == id)!;
            Assert.True(approved.Changed ^ rejected.Changed, $"#{id}: exactly one decision applies");
            var now = (await a.GetAsync(id))!;
            Assert.Equal(approved.Changed ? QuoteStatus.Active : QuoteStatus.Removed, now.Status);
            Assert.Equal(2, (await a.GetAuditAsync(id)).Count);
        }
    }

    [Fact]
    public async Task AddManyAsync_TwoInstancesImportTheSameQuotesAtOnce_EachStoredOnce()
    {
        var schema = await PostgresServer.RentMigratedSchemaAsync();
        _rented.Add(schema);
        var a = await OpenAsync(schema, new PostgresStoreOptions { ImportBatchSize = 50 });
        var b = await OpenAsync(schema, new PostgresStoreOptions { ImportBatchSize = 50 });
        var quotes = Enumerable.Range(0, 400).Select(i => Q($"shared quote {i}", "Speaker " + (i % 7))).ToArray();

        var results = await Task.WhenAll(Task.Run(() => a.AddManyAsync(quotes, Alice)), Task.Run(() => b.AddManyAsync(quotes.Reverse(), Alice)));

        Assert.Equal(400, results.Sum(r => r.Added));
        Assert.Equal(400, results.Sum(r => r.Duplicates));
        Assert.Equal(400, await a.CountAsync(Visibility.All));
        var all = new List<Quote>();
        await foreach (var q in a.ExportAsync())
        {
            all.Add(q);
        }

        Assert.Equal(400, all.Select(q => q.Text).Distinct().Count());
        Assert.Equal(["Speaker 0", "Speaker 1", "Speaker 2", "Speaker 3", "Speaker 4", "Speaker 5", "Speaker 6"],
            (await a.SuggestSpeakersAsync("speaker", Visibility.All, 10)).Order());
    }

    [Fact]
    public async Task SearchAsync_CommonWordBeyondTheCandidateCap_RanksOnlyTheNewestMatches()
    {
        // The newest-first ranking phrases still get; word searches take it only with exact ranking off.
        var store = await StoreAsync(new PostgresStoreOptions { RankCandidates = 3, ExactRanking = false });
        await store.AddAsync(Q("River river river river."), Alice); // the best match, but the oldest
        for (var i = 0; i < 4; i++)
        {
            await store.AddAsync(Q($"A long sentence that mentions the river once, number {i}."), Alice);
        }

        var page = await store.SearchAsync(QueryParser.Parse("river").Query!, Visibility.All, 0, 10);

        Assert.Equal([5L, 4, 3], page.Items.Select(q => q.Id).Order().Reverse());
        Assert.False(page.HasMore);
    }

    [Fact]
    public async Task SearchAsync_StopWordsInAPhrase_AreSearchable()
    {
        var store = await StoreAsync();
        await store.AddAsync(Q("To be or not to be, that is the question."), Alice);
        await store.AddAsync(Q("Not to mention the rest."), Alice);

        Assert.Equal([1L], (await store.SearchAsync(QueryParser.Parse("\"to be or not to be\"").Query!, Visibility.All, 0, 5)).Items.Select(q => q.Id));
        Assert.Equal(2, (await store.SearchAsync(QueryParser.Parse("the").Query!, Visibility.All, 0, 5)).Items.Count);
    }

    [Fact]
    public async Task ImportAuditAsync_SameEntriesTwice_AddsThemOnce()
    {
        var store = await StoreAsync();
        var quote = (await store.AddAsync(Q("audited"), Alice)).Quote;
        var entries = new[]
        {
            new AuditEntry(quote.Id, "edit", "dc:9", "Bob", T0.AddHours(1), quote, quote with { Text = "audited!" }),
            new AuditEntry(quote.Id, "remove", "dc:9", "Bob", T0.AddHours(2), quote, quote with { Status = QuoteStatus.Removed }),
        };

        Assert.Equal(2, await store.ImportAuditAsync(quote.Id, entries));
        Assert.Equal(0, await store.ImportAuditAsync(quote.Id, entries));

        var audit = await store.GetAuditAsync(quote.Id);
        Assert.Equal(["add", "edit", "remove"], audit.Select(a => a.Action));
        Assert.Equal("audited!", audit[1].After!.Text);
        Assert.Equal(T0.AddHours(2), audit[2].At);
    }

    [Fact]
    public async Task EditAsync_ToTextOfAnotherQuote_ThrowsAndChangesNothing()
    {
        var store = await StoreAsync();
        await store.AddAsync(Q("first words", "Jane Doe"), Alice);
        var second = (await store.AddAsync(Q("second words", "Jane Doe"), Alice)).Quote;

        var ex = await Assert.ThrowsAsync<DuplicateQuoteException>(() => store.EditAsync(second.Id, new QuoteEdit(Text: "First words!"), Alice));

        Assert.Equal(1, ex.ExistingId);
        Assert.Equal(second, await store.GetAsync(second.Id));
        Assert.Single(await store.GetAuditAsync(second.Id));
    }

    [Fact]
    public async Task StateStore_ListStateAsync_ReturnsEveryEntry()
    {
        var store = await StoreAsync();
        await store.SetAsync("b", "2");
        await store.SetAsync("a", "1");

        Assert.Equal([new("a", "1"), new KeyValuePair<string, string>("b", "2")], await store.ListStateAsync());
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var s in _stores)
        {
            await s.DisposeAsync();
        }

        foreach (var s in _fresh)
        {
            await s.DisposeAsync();
        }

        foreach (var s in _rented)
        {
            PostgresServer.Release(s);
        }
    }

    private static async Task<List<long>> SpeakerNumbers(PostgresQuoteStore store, string speaker, Visibility v)
    {
        var count = (await store.SpeakerQuoteAtAsync(speaker, v, -1)).Count;
        var ids = new List<long>();
        for (var i = 0; i < count; i++)
        {
            ids.Add((await store.SpeakerQuoteAtAsync(speaker, v, i)).Quote!.Id);
        }

        return ids;
    }

    [Fact]
    public async Task InitializeAsync_SchemaBeforeSpeakerSlots_NumbersExistingQuotesAndKeepsThemNumbered()
    {
        var schema = await PostgresServer.RentMigratedSchemaAsync();
        _rented.Add(schema);
        var store = await OpenAsync(schema);
        var jane = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            jane.Add((await store.AddAsync(Q($"Harbour line {i}.", "Jane Doe", i), Alice)).Quote.Id);
            await store.AddAsync(Q($"Other line {i}.", "John Roe", i), Alice);
        }

        jane.Add((await store.AddAsync(Q("Our chat's line.", "Jane Doe") with { Scope = Scope.Telegram(-7) }, Alice)).Quote.Id);
        await store.SetStatusAsync(jane[1], QuoteStatus.Removed, Alice);
        await store.AddAsync(Q("Waiting for review.", "Jane Doe") with { Status = QuoteStatus.Pending }, Alice);

        // As a schema migrated before version 7: no slots, no slot trigger.
        await using (var conn = new NpgsqlConnection(schema.ConnectionString))
        {
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand(
                "DROP TRIGGER quotes_speaker_slots ON quotes; DROP FUNCTION quotes_speaker_slots(); DROP TABLE speaker_slots; " +
                "DELETE FROM schema_version WHERE version = 7", conn);
            await cmd.ExecuteNonQueryAsync();
        }

        var upgraded = await OpenAsync(schema);
        Assert.Equal(jane.Where(id => id != jane[1]).Order(), (await SpeakerNumbers(upgraded, "jane doe", Visibility.All)).Order());
        Assert.Equal(jane.Take(5).Where(id => id != jane[1]).Order(), (await SpeakerNumbers(upgraded, "jane doe", Visibility.For(Scope.Discord(1)))).Order());
        await upgraded.SetStatusAsync(jane[0], QuoteStatus.Removed, Alice); // the trigger keeps the backfilled numbers dense
        await upgraded.SetStatusAsync(jane[1], QuoteStatus.Active, Alice);
        Assert.Equal(jane.Skip(1).Order(), (await SpeakerNumbers(upgraded, "jane doe", Visibility.All)).Order());
    }

    [Fact]
    public async Task SpeakerQuoteAt_TwoInstancesWritingOneSpeakerAtOnce_NumbersStayDense()
    {
        var schema = await PostgresServer.RentMigratedSchemaAsync();
        _rented.Add(schema);
        var a = await OpenAsync(schema);
        var b = await OpenAsync(schema);
        var seed = new List<long>();
        for (var i = 0; i < 40; i++)
        {
            seed.Add((await a.AddAsync(Q($"Seed line {i}.", "Jane Doe", i), Alice)).Quote.Id);
        }

        // One instance removes and restores while the other adds: every write moves a number of the same group.
        var adds = Task.Run(async () =>
        {
            for (var i = 0; i < 40; i++)
            {
                await b.AddAsync(Q($"Concurrent line {i}.", "Jane Doe", 100 + i), Alice);
            }
        });
        var removals = Task.Run(async () =>
        {
            for (var i = 0; i < 40; i += 2)
            {
                await a.SetStatusAsync(seed[i], QuoteStatus.Removed, Alice);
                await a.SetStatusAsync(seed[i + 1], QuoteStatus.Removed, Alice);
                await a.SetStatusAsync(seed[i], QuoteStatus.Active, Alice);
            }
        });
        await Task.WhenAll(adds, removals);

        var numbered = await SpeakerNumbers(a, "jane doe", Visibility.All);
        Assert.Equal(60, numbered.Count);
        Assert.Equal(60, numbered.Distinct().Count());
    }
}
