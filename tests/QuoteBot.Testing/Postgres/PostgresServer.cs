using Npgsql;
using QuoteBot.Storage.Postgres;

namespace QuoteBot.Tests.Shared.Postgres;

/// <summary>
/// The PostgreSQL server the tests use: QUOTEBOT_TEST_POSTGRES, a connection string (.ci/postgres.sh start prints
/// one). Each store under test gets its own schema in that database, dropped when the test ends.
/// </summary>
public static class PostgresServer
{
    public const string Variable = "QUOTEBOT_TEST_POSTGRES";

    public const string MissingMessage =
        "PostgreSQL not reachable: set QUOTEBOT_TEST_POSTGRES (see .ci/postgres.sh: eval \"$(.ci/postgres.sh start)\")";

    public static string? ConnectionString => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } s ? s : null;

    /// <summary>Null when the tests can run; otherwise why not. Set but unreachable is not a skip: the tests then fail.</summary>
    public static string? SkipReason => ConnectionString is null ? MissingMessage : null;

    private static readonly System.Collections.Concurrent.ConcurrentBag<TestSchema> Used = [];

    private const string AllTables = "bm25_blocks, bm25_totals, bm25_pair_words, quotes, speakers, speaker_tokens, speaker_counts, speaker_slots, audit, state, daily_claims, daily_subscriptions, articles, follows, follow_audit";

    /// <summary>
    /// An empty, already migrated schema for one store: one a finished test gave back, emptied (TRUNCATE ... RESTART
    /// IDENTITY, much cheaper than migrating a new schema), or a new one. Give it back with <see cref="Release"/>.
    /// </summary>
    public static async Task<TestSchema> RentMigratedSchemaAsync()
    {
        while (Used.TryTake(out var schema))
        {
            try
            {
                await using var conn = new Npgsql.NpgsqlConnection(schema.ConnectionString);
                await conn.OpenAsync();
                await using var cmd = new NpgsqlCommand($"TRUNCATE {AllTables} RESTART IDENTITY", conn);
                await cmd.ExecuteNonQueryAsync();
                return schema;
            }
            catch (PostgresException)
            {
                await schema.DisposeAsync(); // not migrated after all: drop it and try the next
            }
        }

        var fresh = await CreateSchemaAsync();
        await using (var db = new PostgresDatabase(fresh.ConnectionString))
        {
            await db.InitializeAsync();
        }

        return fresh;
    }

    /// <summary>Gives a schema of <see cref="RentMigratedSchemaAsync"/> back for the next test.</summary>
    public static void Release(TestSchema schema) => Used.Add(schema);

    /// <summary>Creates an empty schema (no tables) and returns a connection string whose search path is that schema.</summary>
    public static async Task<TestSchema> CreateSchemaAsync()
    {
        var cs = ConnectionString ?? throw new InvalidOperationException(MissingMessage);
        EnsureCleanupAtExit();
        var name = "t_" + Guid.NewGuid().ToString("N")[..16];
        try
        {
            await using var conn = new NpgsqlConnection(cs);
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand($"CREATE SCHEMA {name}", conn);
            await cmd.ExecuteNonQueryAsync();
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
        {
            throw new InvalidOperationException($"PostgreSQL not reachable at {Variable}: {ex.Message}", ex);
        }

        var builder = new NpgsqlConnectionStringBuilder(cs) { SearchPath = name, MaxPoolSize = 20 };
        var schema = new TestSchema(name, builder.ConnectionString, cs);
        lock (Created)
        {
            Created.Add(schema);
        }

        return schema;
    }

    private static readonly List<TestSchema> Created = [];
    private static int _cleanup;

    /// <summary>Every schema made by this test run is dropped when the process ends.</summary>
    private static void EnsureCleanupAtExit()
    {
        if (Interlocked.Exchange(ref _cleanup, 1) == 0)
        {
            AppDomain.CurrentDomain.ProcessExit += (_, _) =>
            {
                lock (Created)
                {
                    foreach (var s in Created)
                    {
                        s.DisposeAsync().AsTask().GetAwaiter().GetResult();
                    }
                }
            };
        }
    }
}

/// <summary>One test's schema; disposing drops it.</summary>
public sealed class TestSchema(string name, string connectionString, string adminConnectionString) : IAsyncDisposable
{
    public string Name { get; } = name;

    public string ConnectionString { get; } = connectionString;

    private int _dropped;

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _dropped, 1) == 1)
        {
            return;
        }

        try
        {
            await using var conn = new NpgsqlConnection(adminConnectionString);
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand($"DROP SCHEMA IF EXISTS {Name} CASCADE", conn);
            await cmd.ExecuteNonQueryAsync();
        }
        catch (NpgsqlException)
        {
            // best effort: a leftover schema in a throwaway test database harms nothing
        }
    }
}
