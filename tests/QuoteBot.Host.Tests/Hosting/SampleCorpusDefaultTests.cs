using System.Collections.Concurrent;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using QuoteBot.Core.Storage;
using QuoteBot.Host.Hosting;

namespace QuoteBot.Host.Tests.Hosting;

/// <summary>The invented sample corpus is for trying the bot: a deployment (a chat token) starts empty and says how to import.</summary>
public class SampleCorpusDefaultTests
{
    private static async Task<(long MaxId, IReadOnlyList<string> Log)> StartAsync(params (string Key, string? Value)[] settings)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"));
        builder.Configuration.AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, s.Value)).Append(KeyValuePair.Create<string, string?>("Storage:Provider", "Memory")));
        var log = new ListLogger();
        builder.Logging.AddProvider(log);
        builder.Services.AddQuoteBotCore(builder.Configuration);
        builder.Services.ConfigureSampleCorpus(RunPlan.From(builder.Configuration));
        using var host = builder.Build();
        var initializer = host.Services.GetRequiredService<StoreInitializer>();
        await initializer.StartAsync(CancellationToken.None);
        return (await host.Services.GetRequiredService<IQuoteStore>().MaxIdAsync(CancellationToken.None), log.Lines.ToArray());
    }

    [Theory]
    [InlineData("Telegram:Token")]
    [InlineData("Discord:Token")]
    public async Task Default_WithChatToken_StartsEmptyAndSaysHowToImport(string tokenSetting)
    {
        var (maxId, log) = await StartAsync((tokenSetting, "123456:a-token-for-the-test"));

        Assert.Equal(0, maxId);
        Assert.DoesNotContain(log, l => l.Contains("sample quotes", StringComparison.Ordinal));
        Assert.Contains(log, l => l.Contains("quotebot import", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Default_TerminalAlwaysBesideAChatToken_StartsEmpty()
    {
        var (maxId, _) = await StartAsync(("Discord:Token", "a.b.c"), ("Chat:Terminal", "always"));

        Assert.Equal(0, maxId);
    }

    [Theory]
    [InlineData("false")]
    [InlineData("true")]
    public async Task RetiredPostingsIndexSetting_IsIgnoredWithOneWarning(string value)
    {
        // Storage:PostingsIndex chose FTS5 or the postings index until schema 12: still set, it starts and says so once.
        var (maxId, log) = await StartAsync(("Storage:PostingsIndex", value), ("Telegram:Token", "123456:a-token-for-the-test"));

        Assert.Equal(0, maxId);
        var warning = Assert.Single(log, l => l.Contains("PostingsIndex", StringComparison.Ordinal));
        Assert.Contains($"Storage:PostingsIndex = {value} is ignored", warning, StringComparison.Ordinal);
        Assert.Contains("Storage__PostingsIndex", warning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoRetiredSetting_NoWarningAboutIt()
    {
        var (_, log) = await StartAsync(("Telegram:Token", "123456:a-token-for-the-test"));

        Assert.DoesNotContain(log, l => l.Contains("PostingsIndex", StringComparison.Ordinal) || l.Contains("is ignored", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Default_WithoutChatToken_LoadsTheSampleForTheDemo()
    {
        var (maxId, log) = await StartAsync();

        Assert.True(maxId > 0);
        Assert.Contains(log, l => l.Contains("sample quotes", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("true", 1)]
    [InlineData("false", 0)]
    public async Task ExplicitSetting_WinsOverTheToken(string value, int expectLoaded)
    {
        var (maxId, _) = await StartAsync(("Telegram:Token", "123456:a-token-for-the-test"), ("Corpus:LoadSampleWhenEmpty", value));

        Assert.Equal(expectLoaded == 1, maxId > 0);
    }

    private sealed class ListLogger : ILoggerProvider, ILogger
    {
        public ConcurrentQueue<string> Lines { get; } = new();

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Enqueue(formatter(state, exception));

        public void Dispose()
        {
        }
    }
}
