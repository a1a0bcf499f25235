using QuoteBot.Tests.Shared;

namespace QuoteBot.Storage.Sqlite.Tests;

/// <summary>The shared store contract, run against real SQLite files.</summary>
public sealed class SqliteStoreContractTests : StoreContractTests, IDisposable
{
    private readonly TempDir _dir = new();
    private int _n;

    protected override async Task<StoreUnderTest> CreateStoreAsync()
    {
        var store = new SqliteQuoteStore(_dir.File($"contract{Interlocked.Increment(ref _n)}.db"));
        await store.InitializeAsync();
        return StoreUnderTest.Of(store);
    }

    public void Dispose() => _dir.Dispose();
}
