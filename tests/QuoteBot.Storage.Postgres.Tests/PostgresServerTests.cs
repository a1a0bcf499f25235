using Npgsql;

namespace QuoteBot.Storage.Postgres.Tests;

/// <summary>
/// The server the other tests use. Without QUOTEBOT_TEST_POSTGRES this test is skipped like the rest and is listed
/// under the skip reason itself, so the listing says why in the plain `dotnet test` listing (which prints no skip reasons).
/// </summary>
[RequiresPostgres]
public sealed class PostgresServerTests
{
    [Fact(DisplayName = "PostgreSQL server of QUOTEBOT_TEST_POSTGRES is reachable and new enough")]
    [NameSkipReason]
    public async Task Server_FromTheVariable_IsReachableAndNewEnough()
    {
        await using var conn = new NpgsqlConnection(PostgresServer.ConnectionString);
        await conn.OpenAsync();

        Assert.True(conn.PostgreSqlVersion.Major >= 13, $"PostgreSQL {conn.PostgreSqlVersion} is too old; 13 or later is needed.");
    }
}
