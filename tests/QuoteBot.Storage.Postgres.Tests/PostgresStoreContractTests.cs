using QuoteBot.Tests.Shared;

namespace QuoteBot.Storage.Postgres.Tests;

/// <summary>The shared store contract, run against a real PostgreSQL server (one schema per store).</summary>
[RequiresPostgres]
public sealed class PostgresStoreContractTests : StoreContractTests, IAsyncLifetime
{
    private readonly List<TestSchema> _schemas = [];

    protected override async Task<StoreUnderTest> CreateStoreAsync()
    {
        var schema = await PostgresServer.RentMigratedSchemaAsync();
        lock (_schemas)
        {
            _schemas.Add(schema);
        }

        var store = new PostgresQuoteStore(schema.ConnectionString);
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
