using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using QuoteBot.Core.Daily;
using QuoteBot.Core.Model;
using QuoteBot.Core.Storage;
using QuoteBot.Core.Tests.Daily;
using QuoteBot.Storage.Sqlite.Daily;

namespace QuoteBot.Storage.Sqlite.Tests.Daily;

/// <summary>The schedule store contract on SQLite: every OpenAsync is a separate store instance (its own connection) on one file.</summary>
public sealed class SqliteScheduleStoreContractTests : ScheduleStoreContractTests, IDisposable
{
    private readonly TempDir _dir = new();
    private readonly List<SqliteScheduleStore> _open = [];

    protected override async Task<IScheduleStore> OpenAsync()
    {
        var store = new SqliteScheduleStore(_dir.File());
        _open.Add(store);
        await store.InitializeAsync();
        return store;
    }

    public void Dispose()
    {
        foreach (var s in _open)
        {
            s.Dispose();
        }

        SqliteConnection.ClearAllPools();
        _dir.Dispose();
    }
}

public sealed class SqliteScheduleStoreTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 6, 10, 5, 0, 0, TimeSpan.Zero);
    private readonly TempDir _dir = new();

    [Fact]
    public async Task Initialize_FreshFile_AppliesTheDailyMigrationNextToTheQuoteSchema()
    {
        using var schedules = new SqliteScheduleStore(_dir.File());
        await schedules.InitializeAsync();

        using var quotes = new SqliteQuoteStore(_dir.File());
        await quotes.InitializeAsync(); // a second run of the migrations changes nothing

        await using var c = new SqliteConnection("Data Source=" + _dir.File());
        await c.OpenAsync();
        await using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT group_concat(version) FROM (SELECT version FROM schema_version ORDER BY version)";
        Assert.Equal(string.Join(",", SqliteSchema.Migrations.Select(m => m.Version)), await cmd.ExecuteScalarAsync());
        cmd.CommandText = "SELECT count(*) FROM sqlite_schema WHERE name IN ('daily_subscriptions', 'daily_posts', 'quotes')";
        Assert.Equal(3L, await cmd.ExecuteScalarAsync());
    }

    [Fact]
    public async Task MarkSent_Claimed_RecordsWhenAndWhichQuote()
    {
        using var store = new SqliteScheduleStore(_dir.File());
        await store.InitializeAsync();
        var sub = await store.UpsertAsync(new DailySubscriptionSpec("tg", "tg:1", new Scope("tg:1"), new TimeOnly(8, 0), "Europe/Kyiv", null, "tg:42", T0));
        var day = new DateOnly(2026, 6, 10);
        await store.TryClaimAsync(sub.Id, day, "me", T0);

        await store.MarkSentAsync(sub.Id, day, 42, T0.AddSeconds(3));

        var claim = await store.GetClaimAsync(sub.Id, day);
        Assert.Equal(("me", T0, (DateTimeOffset?)T0.AddSeconds(3), (long?)42), claim);
    }

    [Fact]
    public async Task Upsert_HostileText_IsStoredAsData()
    {
        using var store = new SqliteScheduleStore(_dir.File());
        await store.InitializeAsync();
        var query = "'); DROP TABLE daily_posts; --";

        await store.UpsertAsync(new DailySubscriptionSpec("tg", "tg:'1", new Scope("tg:'1"), new TimeOnly(8, 0), "UTC", query, "tg:42", T0));

        Assert.Equal(query, (await store.GetAsync("tg:'1"))!.Query);
        Assert.True(await store.TryClaimAsync((await store.GetAsync("tg:'1"))!.Id, new DateOnly(2026, 6, 10), "me", T0));
    }

    [Fact]
    public async Task Initialize_FolderMissing_FailsWithOneLineMessage()
    {
        using var store = new SqliteScheduleStore(Path.Combine(_dir.Path, "no-such-folder", "q.db"));

        var ex = await Assert.ThrowsAsync<SqliteStoreException>(() => store.InitializeAsync());

        Assert.DoesNotContain('\n', ex.Message);
        Assert.Contains("does not exist", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddSqliteStore_EitherOrder_ReplacesTheInMemoryScheduleStore()
    {
        var config = new ConfigurationBuilder().Build();
        var before = new ServiceCollection().AddDailyPosts(config).AddSqliteStore(_dir.File());
        var after = new ServiceCollection().AddSqliteStore(_dir.File()).AddDailyPosts(config);

        foreach (var services in new[] { before, after })
        {
            using var sp = services.BuildServiceProvider();
            Assert.IsType<SqliteScheduleStore>(sp.GetRequiredService<IScheduleStore>());
        }
    }

    [Fact]
    public async Task AddSqliteStore_OneDatabaseForQuotesAndSchedules_OneInitializeMigratesBoth()
    {
        var path = _dir.File();
        await using (var sp = new ServiceCollection().AddSqliteStore(path).BuildServiceProvider())
        {
            await sp.GetRequiredService<IQuoteStore>().InitializeAsync();
            var schedules = sp.GetRequiredService<IScheduleStore>();
            await schedules.UpsertAsync(new DailySubscriptionSpec("tg", "tg:5", Scope.Telegram(5), new TimeOnly(8, 0), "UTC", null, "tg:1", DateTimeOffset.UnixEpoch));
            var quote = await sp.GetRequiredService<IQuoteStore>().AddAsync(new NewQuote { Text = "Both in one file.", Speaker = "S" }, Actor.System);
            Assert.True(quote.Added);
        }

        using var reopened = new SqliteScheduleStore(path);
        Assert.NotNull(await reopened.GetAsync("tg:5"));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _dir.Dispose();
    }
}
