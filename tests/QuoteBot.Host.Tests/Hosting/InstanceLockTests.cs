using QuoteBot.Core.Storage;
using QuoteBot.Host.Tests.Cli;

namespace QuoteBot.Host.Tests.Hosting;

/// <summary>The lock file beside a SQLite database: one holder at a time, free again once released.</summary>
public class InstanceLockTests
{
    [Fact]
    public async Task FileInstanceLock_SecondHolder_GetsNullUntilTheFirstReleases()
    {
        using var env = new TempEnv();
        var first = new FileInstanceLock(env.Dir, "q.db");
        var second = new FileInstanceLock(env.Dir, "q.db");

        var lease = await first.TryAcquireAsync("telegram-polling-42", CancellationToken.None);
        Assert.NotNull(lease);
        Assert.Null(await second.TryAcquireAsync("telegram-polling-42", CancellationToken.None));
        await using (var other = await second.TryAcquireAsync("telegram-polling-43", CancellationToken.None))
        {
            Assert.NotNull(other); // another bot token is another lock
        }

        await lease!.DisposeAsync();
        await using var again = await second.TryAcquireAsync("telegram-polling-42", CancellationToken.None);
        Assert.NotNull(again);
    }
}

/// <summary>Storage:Password goes into the connection string through Npgsql's builder, whatever it contains.</summary>
public class StoragePasswordTests
{
    [Theory]
    [InlineData("semi;colon")]
    [InlineData("a=b;Host=evil.example;x='y\"")]
    public void PostgresConnectionString_PasswordWithSeparators_StaysOnePassword(string password)
    {
        var options = new QuoteBot.Host.Hosting.StorageOptions { ConnectionString = "Host=db;Port=5432;Username=quotebot;Database=quotebot", Password = password };

        var parsed = new Npgsql.NpgsqlConnectionStringBuilder(options.PostgresConnectionString);

        Assert.Equal(password, parsed.Password);
        Assert.Equal("db", parsed.Host);
        Assert.Equal("quotebot", parsed.Database);
    }

    [Fact]
    public void PostgresConnectionString_NoPasswordSetting_Unchanged()
    {
        var options = new QuoteBot.Host.Hosting.StorageOptions { ConnectionString = "Host=db;Password=x;Database=q" };

        Assert.Equal("Host=db;Password=x;Database=q", options.PostgresConnectionString);
    }
}
