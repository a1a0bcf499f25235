using Microsoft.Data.Sqlite;
using QuoteBot.Core.Model;
using QuoteBot.Core.Search;
using QuoteBot.Core.Storage;

namespace QuoteBot.Storage.Sqlite.Tests;

/// <summary>Issue 16 (session 14): what a bulk load does to keep its memory down, seen from the store.</summary>
public sealed class BulkLoadMemoryTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly Actor Alice = new("tg:1", "Alice");
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task BulkLoad_GivesTheMergedSegmentsPagesBackInSteps_AsMuchAsInOneStatement()
    {
        // Every batch is a transaction and so a segment; the final merge frees their pages. Three pages a statement takes
        // many statements; the file ends as small as with one statement for them all.
        var (stepped, freeStepped, steps) = await LoadAsync(_dir.File("stepped.db"), 3);
        var (whole, freeWhole, _) = await LoadAsync(_dir.File("whole.db"), int.MaxValue);
        Assert.Equal(0L, freeStepped);
        Assert.Equal(0L, freeWhole);
        Assert.Equal(whole, stepped);
        Assert.True(steps.Count > 3, $"{steps.Count} steps");
        Assert.All(steps, cache => Assert.Equal(-SqliteQuoteStore.VacuumCacheKib, cache)); // a small cache while pages move
    }

    [Fact]
    public async Task BulkLoad_SetsTheWritersCacheBackAfterGivingPagesBack()
    {
        var seen = new List<long>();
        using var again = new SqliteQuoteStore(_dir.File("again.db"), new SqliteStoreOptions
        {
            ImportBatchSize = 100, ImportTransactionQuotes = 100, PostingsBulkMegabytes = 0, VacuumStepPages = 3, WriterCacheMegabytes = 5, VacuumStepSeen = seen.Add,
        });
        await again.InitializeAsync();
        await again.AddManyAsync(Quotes(1_000), Alice);
        Assert.NotEmpty(seen);
        Assert.Equal(-5L * 1024, await again.WriterScalarForTestsAsync("PRAGMA cache_size"));
    }

    private static IEnumerable<NewQuote> Quotes(int n) => Enumerable.Range(0, n).Select(i => new NewQuote
    {
        Text = $"Line {i} about harbour{i % 97} and river{i % 89} with words{i % 61} and more{i % 53} of the town{i % 41}",
        Speaker = $"Speaker {i % 40}",
        AddedAt = T0,
    });

    private static async Task<(long Pages, long Free, List<long> Steps)> LoadAsync(string path, int step)
    {
        var steps = new List<long>();
        using (var store = new SqliteQuoteStore(path, new SqliteStoreOptions { ImportBatchSize = 100, ImportTransactionQuotes = 100, PostingsBulkMegabytes = 0, VacuumStepPages = step, VacuumStepSeen = steps.Add }))
        {
            await store.InitializeAsync();
            Assert.Equal(2_000, (await store.AddManyAsync(Quotes(2_000), Alice)).Added);
            Assert.Equal(5, (await store.SearchAsync(QueryParser.Parse("harbour5").Query!, Visibility.All, 0, 5)).Items.Count);
        }

        using var c = new SqliteConnection($"Data Source={path};Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "PRAGMA integrity_check";
        Assert.Equal("ok", cmd.ExecuteScalar());
        cmd.CommandText = "PRAGMA page_count";
        var pages = (long)cmd.ExecuteScalar()!;
        cmd.CommandText = "PRAGMA freelist_count";
        return (pages, (long)cmd.ExecuteScalar()!, steps);
    }
}
