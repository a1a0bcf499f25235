using QuoteBot.Core.Daily;
using QuoteBot.Core.Tests.Daily;

namespace QuoteBot.Storage.Postgres.Tests;

/// <summary>The shared schedule store contract on PostgreSQL: every OpenAsync is a separate pool (like a separate process) on one schema.</summary>
[RequiresPostgres]
public sealed class PostgresScheduleStoreContractTests : ScheduleStoreContractTests, IAsyncLifetime
{
    private readonly List<PostgresDatabase> _open = [];
    private readonly SemaphoreSlim _gate = new(1, 1);
    private TestSchema? _schema;

    protected override async Task<IScheduleStore> OpenAsync()
    {
        PostgresDatabase db;
        await _gate.WaitAsync();
        try
        {
            _schema ??= await PostgresServer.RentMigratedSchemaAsync();
            db = new PostgresDatabase(_schema.ConnectionString);
            _open.Add(db);
        }
        finally
        {
            _gate.Release();
        }

        var store = new PostgresScheduleStore(db);
        await store.InitializeAsync();
        return store;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var db in _open)
        {
            await db.DisposeAsync();
        }

        if (_schema is not null)
        {
            PostgresServer.Release(_schema);
        }
    }
}
