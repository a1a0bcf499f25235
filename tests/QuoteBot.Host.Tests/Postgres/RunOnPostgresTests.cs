using Npgsql;
using QuoteBot.Host.Tests.Cli;

namespace QuoteBot.Host.Tests.Postgres;

/// <summary>Starting the bot on a PostgreSQL that cannot be used: one line on stderr, no stack trace.</summary>
[RequiresPostgres]
[Collection("console")]
public sealed class RunOnPostgresTests
{
    [Fact]
    public async Task Run_SearchPathSchemaMissing_OneLineWithoutStackTrace()
    {
        var cs = new NpgsqlConnectionStringBuilder(PostgresServer.ConnectionString) { SearchPath = "no_such_schema_" + Guid.NewGuid().ToString("N") };
        using var env = new TempEnv(("Storage__Provider", "Postgres"), ("Storage__ConnectionString", cs.ConnectionString));

        var (code, _, err) = await CliAppTests.Run();

        Assert.Equal(1, code);
        Assert.Contains("no schema has been selected", err, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", err.Replace("Cannot use the PostgreSQL quote database", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Single(err.Trim().Split('\n'));
    }
}
