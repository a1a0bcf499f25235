using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using QuoteBot.Discord.Api.Gateway;
using QuoteBot.Discord.Api.Rest;
using QuoteBot.Discord.Api.Tests.Fakes;

namespace QuoteBot.Discord.Api.Tests;

internal static class TestSupport
{
    public const string BotToken = "BOT.TOKEN.secret-value-123";

    public static DiscordClientOptions Options(FakeDiscord fake, Action<DiscordClientOptions>? configure = null)
    {
        var options = new DiscordClientOptions
        {
            Token = BotToken,
            ApiBaseUrl = fake.ApiBaseUrl,
            RestRetryBaseDelay = TimeSpan.FromMilliseconds(10),
            RestRetryMaxDelay = TimeSpan.FromMilliseconds(40),
            ReconnectBaseDelay = TimeSpan.FromMilliseconds(30),
            ReconnectMaxDelay = TimeSpan.FromMilliseconds(200),
            InvalidSessionMinDelay = TimeSpan.FromMilliseconds(20),
            InvalidSessionMaxDelay = TimeSpan.FromMilliseconds(60),
            IdentifyInterval = TimeSpan.FromMilliseconds(50),
            HelloTimeout = TimeSpan.FromSeconds(30), // a guard only (a busy machine may take seconds to connect); NoHello tests the timeout
        };
        configure?.Invoke(options);
        return options;
    }

    public static DiscordRestClient CreateRest(DiscordClientOptions options, ILogger<DiscordRestClient>? logger = null) =>
        new(new HttpClient(), Microsoft.Extensions.Options.Options.Create(options), logger);

    public static DiscordGatewayClient CreateGateway(DiscordClientOptions options, ListLogger? logger = null, Func<double>? random = null, TimeProvider? time = null) =>
        new(CreateRest(options), options, logger, time ?? TimeProvider.System, new IdentifyGate(), random);

    /// <summary>Polls until <paramref name="condition"/> holds; fails the test after <paramref name="timeoutMs"/>.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition, string what, int timeoutMs = 120_000)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail("Timed out waiting for: " + what);
            }

            await Task.Delay(10);
        }
    }

    public static async Task<T> WithTimeout<T>(this Task<T> task, int timeoutMs = 120_000)
    {
        Task winner = await Task.WhenAny(task, Task.Delay(timeoutMs));
        Assert.True(winner == task, "operation timed out");
        return await task;
    }

    public static async Task WithTimeout(this Task task, int timeoutMs = 120_000)
    {
        Task winner = await Task.WhenAny(task, Task.Delay(timeoutMs));
        Assert.True(winner == task, "operation timed out");
        await task;
    }
}

/// <summary>Captures formatted log lines (to prove secrets never reach logs).</summary>
public sealed class ListLogger : ILogger<DiscordRestClient>, ILogger<DiscordGatewayClient>
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyList<string> Lines => _lines.ToArray();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        => _lines.Enqueue($"{logLevel}: {formatter(state, exception)} {exception}");
}

/// <summary>Captures every log line written through a DI logger factory.</summary>
public sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyList<string> Lines => _lines.ToArray();

    public ILogger CreateLogger(string categoryName) => new CategoryLogger(categoryName, _lines);

    public void Dispose()
    {
    }

    private sealed class CategoryLogger(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            => lines.Enqueue($"{category} {logLevel}: {formatter(state, exception)} {exception}");
    }
}
