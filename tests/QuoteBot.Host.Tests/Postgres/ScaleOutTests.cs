using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using QuoteBot.Core.Daily;
using QuoteBot.Core.Model;
using QuoteBot.Core.Storage;
using QuoteBot.Storage.Postgres;
using QuoteBot.Telegram.Tests.Fakes;

namespace QuoteBot.Host.Tests.Postgres;

/// <summary>
/// Issue #7: several whole bot processes over one PostgreSQL database. Each test has its own schema; the hosts are
/// built exactly as <c>quotebot</c> builds them, with the Telegram adapter on a fake Bot API and one fake clock.
/// </summary>
// Both classes poll the fake Bot API with the same token, and the one-poller lock is a database-wide advisory lock
// on the token: run one class at a time, or one class's host cannot start polling while the other's holds it.
[Collection("telegram-poller-lock")]
[RequiresPostgres]
public sealed class ScaleOutTests : IAsyncLifetime
{
    private const long Chat = -100777;
    private const string QuoteText = "The ferry will run on time from the first of May";

    /// <summary>07:00 in Kyiv (UTC+3 in June): an hour before the daily post.</summary>
    private static readonly DateTimeOffset Seven = new(2026, 6, 10, 4, 0, 0, TimeSpan.Zero);

    private static readonly DateTimeOffset Eight = Seven.AddHours(1);

    private readonly FakeTimeProvider _time = new(Seven);
    private readonly List<PostgresBotHost> _hosts = [];
    private TestSchema _schema = null!;
    private FakeBotApi _api = null!;

    public async Task InitializeAsync()
    {
        _schema = await PostgresServer.CreateSchemaAsync(); // empty: the hosts migrate it
        _api = await FakeBotApi.StartAsync();
    }

    public async Task DisposeAsync()
    {
        foreach (var host in _hosts)
        {
            await host.DisposeAsync();
        }

        await _api.DisposeAsync();
        await _schema.DisposeAsync();
    }

    private PostgresBotHost NewHost(string instanceId)
    {
        var host = PostgresBotHost.Build(_schema.ConnectionString, _api, _time, instanceId);
        _hosts.Add(host);
        return host;
    }

    [Fact]
    [NameSkipReason] // without the server, this one is listed under the reason
    public async Task StartAsync_TwoHostsAtOnceOnEmptySchema_BothStartAndMigrateOnce()
    {
        var a = NewHost("host-a");
        var b = NewHost("host-b");

        await Task.WhenAll(a.StartAsync(), b.StartAsync());

        await using (var conn = new NpgsqlConnection(_schema.ConnectionString))
        {
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand("SELECT count(*), count(DISTINCT version), max(version) FROM schema_version", conn);
            await using var r = await cmd.ExecuteReaderAsync();
            Assert.True(await r.ReadAsync());
            Assert.Equal(PostgresDatabase.SchemaVersion, r.GetInt64(0));
            Assert.Equal(PostgresDatabase.SchemaVersion, r.GetInt64(1));
            Assert.Equal(PostgresDatabase.SchemaVersion, r.GetInt32(2));
        }

        // One database behind both: a quote added through one host is there for the other.
        var added = await a.Services.GetRequiredService<IQuoteStore>().AddAsync(Quote(), Actor.System);
        var seen = await b.Services.GetRequiredService<IQuoteStore>().GetAsync(added.Quote.Id);
        Assert.Equal(QuoteText, seen?.Text);
        Assert.Same(_time, a.Services.GetRequiredService<TimeProvider>());
        Assert.Same(_time, b.Services.GetRequiredService<TimeProvider>());
    }

    [Fact]
    public async Task DailyPost_TwoHostsOnOneDatabase_ExactlyOnePostEachDay()
    {
        var a = NewHost("host-a");
        await a.StartAsync();
        await a.Services.GetRequiredService<IQuoteStore>().AddAsync(Quote(), Actor.System);

        // A moderator sets the schedule through the chat, as in production.
        _api.SendText(Chat, PostgresBotHost.Moderator, "/daily set 08:00 Europe/Kyiv");
        await _api.WaitForAsync("sendMessage", c => c.ChatId == Chat && c.VisibleText?.Contains("Daily quote set", StringComparison.Ordinal) == true);

        // The second instance starts after the command was answered (two pollers would both get it; in production
        // several instances take updates by webhook), and finds the schedule in the shared database.
        var b = NewHost("host-b");
        await b.StartAsync();
        var schedules = b.Services.GetRequiredService<IScheduleStore>();
        var sub = await schedules.GetAsync("tg:" + Chat);
        Assert.NotNull(sub);

        // Both schedulers have read the schedule and sleep until 08:00.
        await WaitUntilAsync(() => a.Scheduler.WaitingUntil == Eight && b.Scheduler.WaitingUntil == Eight, "both schedulers to sleep until 08:00");

        for (var day = 0; day < 2; day++)
        {
            var at = Eight.AddDays(day);
            _time.SetUtcNow(at);
            // The clock's timers wake both loops; a timer made a moment after the clock moved would wait its full
            // span, so both are also woken by hand: whatever the interleaving, each host makes its pass now.
            a.Services.GetRequiredService<DailySignal>().Wake();
            b.Services.GetRequiredService<DailySignal>().Wake();

            await WaitUntilAsync(() => DailyPosts().Count == day + 1, $"the post of day {day + 1}");
            // Both passes are over once both loops sleep again, until after the post's time.
            await WaitUntilAsync(() => a.Scheduler.WaitingUntil > at && b.Scheduler.WaitingUntil > at, "both schedulers to finish their pass");

            Assert.Equal(day + 1, DailyPosts().Count);
            var claim = await b.Services.GetRequiredService<PostgresScheduleStore>().GetClaimAsync(sub!.Id, DateOnly.FromDateTime(at.ToOffset(TimeSpan.FromHours(3)).DateTime));
            Assert.NotNull(claim);
            Assert.NotNull(claim!.SentAt);
            Assert.Contains(claim.InstanceId, new[] { "host-a", "host-b" });
        }

        Assert.All(DailyPosts(), p => Assert.Contains(QuoteText, p.VisibleText, StringComparison.Ordinal));
    }

    [Fact]
    public async Task LongPolling_TwoHostsOnOneDatabase_OnePollsTheOtherStandsByAndTakesOver()
    {
        var a = NewHost("host-a");
        await a.StartAsync();
        await WaitUntilAsync(() => Telegram(a).Polling, "host A to poll");
        var b = NewHost("host-b");
        await b.StartAsync();
        await _api.WaitForAsync("deleteWebhook", skip: 1); // host B got as far as polling would start

        // B does not poll: one poller per token, or Telegram answers 409 to both.
        await Task.Delay(300);
        Assert.False(Telegram(b).Polling);
        Assert.True(Telegram(a).Polling);
        var answered = _api.SendText(Chat, PostgresBotHost.Moderator, "/help");
        await _api.WaitForAsync("sendMessage", c => c.ChatId == Chat);

        // A stops (its session, and with it the lock, ends): B takes over at its next try.
        _hosts.Remove(a);
        await a.DisposeAsync();
        await WaitUntilAsync(
            () =>
            {
                _time.Advance(TimeSpan.FromMilliseconds(100));
                return Telegram(b).Polling;
            },
            "host B to take over polling");
        _api.SendText(Chat, PostgresBotHost.Moderator, "/help");
        await _api.WaitForAsync("sendMessage", c => c.ChatId == Chat, skip: 1);
        Assert.True(answered > 0);
    }

    private static QuoteBot.Telegram.TelegramBotService Telegram(PostgresBotHost host) =>
        host.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<QuoteBot.Telegram.TelegramBotService>().Single();

    /// <summary>Quote cards sent to the chat (the answer to /daily set is not one).</summary>
    private List<ApiCall> DailyPosts() =>
        [.. _api.CallsTo("sendMessage").Where(c => c.Status == 200 && c.ChatId == Chat && c.VisibleText?.Contains(QuoteText, StringComparison.Ordinal) == true)];

    private static NewQuote Quote() => new()
    {
        Text = QuoteText,
        Speaker = "Mara Holt",
        Scope = Scope.Global,
        Source = new QuoteSource("Example Times", "Ferry timetable", "https://example.com/ferry", new DateOnly(2026, 3, 1)),
        AddedAt = Seven.AddDays(-30),
    };

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting for " + what);
            await Task.Delay(10);
        }
    }
}
