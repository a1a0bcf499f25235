using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using QuoteBot.Core.Daily;
using QuoteBot.Host.Hosting;
using QuoteBot.Telegram.Tests.Fakes;

namespace QuoteBot.Host.Tests.Postgres;

/// <summary>
/// One whole bot process as <c>quotebot</c> builds it (<see cref="BotHost.CreateBuilder"/> and
/// <see cref="BotHost.AddQuoteBot"/>), on PostgreSQL, with the Telegram adapter talking to a <see cref="FakeBotApi"/>
/// and the clock replaced by a test's <see cref="TimeProvider"/>. Several of them over one schema are several
/// instances of a scaled-out deployment.
/// </summary>
internal sealed class PostgresBotHost : IAsyncDisposable
{
    public const long Moderator = 900;

    private PostgresBotHost(IHost host, string instanceId)
    {
        Host = host;
        InstanceId = instanceId;
    }

    public IHost Host { get; }

    public string InstanceId { get; }

    public IServiceProvider Services => Host.Services;

    public DailyPostScheduler Scheduler => Services.GetRequiredService<DailyPostScheduler>();

    /// <summary>Builds (does not start) a host; its configuration is what an operator would set in the environment.</summary>
    public static PostgresBotHost Build(string connectionString, FakeBotApi api, TimeProvider time, string instanceId, IReadOnlyDictionary<string, string?>? extra = null)
    {
        var builder = BotHost.CreateBuilder([]);
        // The console logger writes to the process's stderr, which the CLI tests running alongside capture.
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "Postgres",
            ["Storage:ConnectionString"] = connectionString,
            ["Corpus:LoadSampleWhenEmpty"] = "false",
            ["Chat:Terminal"] = "never",
            ["Discord:Token"] = "",
            ["Http:Urls"] = "",
            ["Telegram:Token"] = FakeBotApi.Token,
            ["Telegram:ApiBaseUrl"] = api.BaseUrl,
            ["Telegram:Moderators:0"] = Moderator.ToString(CultureInfo.InvariantCulture),
            ["Telegram:PollingTimeoutSeconds"] = "1",
            ["Telegram:InitialBackoff"] = "00:00:00.050",
            ["Telegram:MaxBackoff"] = "00:00:00.200",
            ["Telegram:ShutdownGrace"] = "00:00:01",
            ["Telegram:PollingLockRetry"] = "00:00:00.100",
            ["Daily:InstanceId"] = instanceId,
            ["Daily:SendInterval"] = "00:00:00",
            ["Daily:PollInterval"] = "01:00:00",
        });
        if (extra is not null)
        {
            builder.Configuration.AddInMemoryCollection(extra);
        }

        // Registered before the composition: every TryAddSingleton(TimeProvider.System) of it then leaves this one.
        builder.Services.AddSingleton(time);
        var plan = RunPlan.From(builder.Configuration);
        builder.AddQuoteBot(plan);
        var host = builder.Build();
        BotHost.ValidateOptions(host.Services);
        return new PostgresBotHost(host, instanceId);
    }

    public Task StartAsync() => Task.Run(() => Host.StartAsync());

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
}
