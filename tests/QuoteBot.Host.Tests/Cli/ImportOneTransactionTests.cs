using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using QuoteBot.Host.Hosting;
using QuoteBot.Storage.Sqlite;

namespace QuoteBot.Host.Tests.Cli;

/// <summary>
/// A first import into an empty SQLite file in one transaction is faster but holds the write lock until it ends: only
/// when the operator asks for it (<c>quotebot import --one-transaction</c>), never for the bot itself.
/// </summary>
[Collection("console")]
public class ImportOneTransactionTests
{
    private static bool OneTransaction(params (string Key, string? Value)[] settings) => StoreOptions(settings).ImportEmptyStoreInOneTransaction;

    private static SqliteStoreOptions StoreOptions(params (string Key, string? Value)[] settings)
    {
        using var env = new TempEnv();
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, s.Value)).Append(KeyValuePair.Create<string, string?>("Storage:Path", Path.Combine(env.Dir, "q.db"))));
        builder.Services.AddQuoteBotCore(builder.Configuration);
        using var host = builder.Build();
        return host.Services.GetRequiredService<SqliteDatabase>().Options;
    }

    [Fact]
    public void Store_WriterCacheSetting_ReachesTheSqliteStore()
    {
        // What a bulk import's memory peak depends on most (the writer's page cache): settable for a small host.
        Assert.Equal(32, StoreOptions().WriterCacheMegabytes);
        Assert.Equal(12, StoreOptions(("Storage:WriterCacheMb", "12")).WriterCacheMegabytes);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4096)]
    public void Validator_WriterCacheOutOfRange_FailsInOneLine(int mb)
    {
        var result = new StorageOptionsValidator().Validate(null, new StorageOptions { WriterCacheMb = mb });
        Assert.True(result.Failed);
        Assert.Equal($"Storage__WriterCacheMb must be between 2 and 1024 (MiB; it is {mb}).", result.FailureMessage);
    }

    [Fact]
    public void Store_ByDefault_ImportsInTransactionsOfAFewThousandQuotes() => Assert.False(OneTransaction());

    [Fact]
    public void Store_ImportOneTransactionSetting_ReachesTheSqliteStore() => Assert.True(OneTransaction(("Storage:ImportOneTransaction", "true")));

    [Fact]
    public async Task Import_OneTransaction_ImportsAndIsExplainedInHelp()
    {
        using var env = new TempEnv();
        var article = Path.Combine(env.Dir, "a.txt");
        File.WriteAllText(article, "Harbour plan approved\n\n\"We will dredge the channel before the spring tides,\" said Tomas Reed, the harbour master.\n");

        var (code, output, err) = await CliAppTests.Run("import", "--one-transaction", article);
        var help = await CliAppTests.Run("import", "--help");

        Assert.True(code == 0, err);
        Assert.Contains("1 quotes added", output, StringComparison.Ordinal);
        Assert.Contains("--one-transaction", help.Out, StringComparison.Ordinal);
        Assert.Contains("empty database", help.Out, StringComparison.Ordinal);
    }
}
