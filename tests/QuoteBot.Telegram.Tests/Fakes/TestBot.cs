using System.Collections.Concurrent;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using QuoteBot.Core;
using QuoteBot.Core.Model;
using QuoteBot.Core.Storage;

namespace QuoteBot.Telegram.Tests.Fakes;

/// <summary>The real adapter in a generic host, talking to a <see cref="FakeBotApi"/>, on an in-memory store.</summary>
public sealed class TestBot : IAsyncDisposable
{
    public const long GlobalModerator = 900;

    private TestBot(IHost host, InMemoryQuoteStore store, CapturingLoggerProvider logs)
    {
        Host = host;
        Store = store;
        Logs = logs;
    }

    public IHost Host { get; }

    public InMemoryQuoteStore Store { get; }

    public CapturingLoggerProvider Logs { get; }

    public static Dictionary<string, string?> Settings(FakeBotApi api) => new()
    {
        ["Telegram:Token"] = FakeBotApi.Token,
        ["Telegram:ApiBaseUrl"] = api.BaseUrl,
        ["Telegram:Moderators:0"] = GlobalModerator.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Telegram:PollingTimeoutSeconds"] = "1",
        ["Telegram:InitialBackoff"] = "00:00:00.050",
        ["Telegram:MaxBackoff"] = "00:00:00.200",
        ["Telegram:ShutdownGrace"] = "00:00:01",
        ["Telegram:InlinePageSize"] = "3",
    };

    public static async Task<TestBot> StartAsync(FakeBotApi api, InMemoryQuoteStore? store = null, Action<Dictionary<string, string?>>? configure = null, bool start = true, Action<IServiceCollection>? configureServices = null)
    {
        store ??= new InMemoryQuoteStore();
        var settings = Settings(api);
        configure?.Invoke(settings);
        var logs = new CapturingLoggerProvider();
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Debug);
        builder.Logging.AddProvider(logs);
        builder.Services.AddSingleton(store);
        builder.Services.AddSingleton<IQuoteStore>(store);
        builder.Services.AddSingleton<IQuoteSearch>(store);
        builder.Services.AddSingleton<IStateStore>(store);
        builder.Services.AddQuoteCore();
        builder.Services.AddTelegramAdapter(builder.Configuration);
        configureServices?.Invoke(builder.Services);
        var host = builder.Build();
        if (start)
        {
            await Task.Run(() => host.StartAsync());
        }

        return new TestBot(host, store, logs);
    }

    public async Task StopAsync() => await Host.StopAsync();

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Task.Run(() => Host.StopAsync());
        }
        catch (ObjectDisposedException)
        {
        }

        Host.Dispose();
    }

    public static NewQuote Quote(string text, string speaker, Scope? scope = null, string? url = null, string? title = null, QuoteContext? context = null) => new()
    {
        Text = text,
        Speaker = speaker,
        Scope = scope ?? Scope.Global,
        Source = new QuoteSource(url is null ? null : "Example Times", title, url, url is null ? null : new DateOnly(2024, 3, 1)),
        Context = context,
        AddedAt = new DateTimeOffset(2024, 3, 2, 0, 0, 0, TimeSpan.Zero),
    };

    public async Task<Quote> AddAsync(string text, string speaker, Scope? scope = null, string? url = null, string? title = null, QuoteContext? context = null) =>
        (await Store.AddAsync(Quote(text, speaker, scope, url, title, context), Actor.System)).Quote;
}

/// <summary>Keeps every formatted log line, to check what was (and was not) logged.</summary>
public sealed class CapturingLoggerProvider : ILoggerProvider
{
    public ConcurrentQueue<(LogLevel Level, string Category, string Message)> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    public IEnumerable<string> Messages(LogLevel atLeast = LogLevel.Trace) => Entries.Where(e => e.Level >= atLeast).Select(e => e.Message);

    private sealed class Logger(CapturingLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner.Entries.Enqueue((logLevel, category, formatter(state, exception) + (exception is null ? string.Empty : " " + exception)));
    }
}
