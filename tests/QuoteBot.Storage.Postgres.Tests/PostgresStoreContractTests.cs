using QuoteBot.Tests.Shared;

namespace QuoteBot.Storage.Postgres.Tests;

/// <summary>The shared store contract, run against a real PostgreSQL server (one schema per store).</summary>
[RequiresPostgres]
public class PostgresStoreContractTests : StoreContractTests, IAsyncLifetime
{
    private readonly List<TestSchema> _schemas = [];

    /// <summary>The store's settings; subclasses run the same contract with each search plan forced.</summary>
    protected virtual PostgresStoreOptions Options => new();

    protected override async Task<StoreUnderTest> CreateStoreAsync()
    {
        var schema = await PostgresServer.RentMigratedSchemaAsync();
        lock (_schemas)
        {
            _schemas.Add(schema);
        }

        var store = new PostgresQuoteStore(schema.ConnectionString, Options);
        await store.InitializeAsync();
        return StoreUnderTest.Of(store);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var s in _schemas)
        {
            PostgresServer.Release(s);
        }

        await Task.CompletedTask;
    }
}

/// <summary>The contract with every text search walking the newest rows; a window of 2 rows makes most searches fall
/// back to the index, so both the walk and its fallback are held to the contract.</summary>
[RequiresPostgres]
public sealed class PostgresStoreContractWalkTests : PostgresStoreContractTests
{
    protected override PostgresStoreOptions Options => new() { SearchPlan = SearchPlan.Walk, WalkRows = 2 };
}

/// <summary>The contract with every text search answered from the GIN indexes (word pairs for phrases).</summary>
[RequiresPostgres]
public sealed class PostgresStoreContractIndexTests : PostgresStoreContractTests
{
    protected override PostgresStoreOptions Options => new() { SearchPlan = SearchPlan.Index };
}
