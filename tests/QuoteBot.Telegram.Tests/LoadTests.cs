using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using QuoteBot.Core;
using QuoteBot.Core.Daily;
using QuoteBot.Core.Model;
using QuoteBot.Core.Storage;
using QuoteBot.Telegram.Tests.Fakes;
using Xunit.Abstractions;

namespace QuoteBot.Telegram.Tests;

/// <summary>
/// A load test (it takes minutes), left out of the default run by tests/default.runsettings: the load figures in
/// docs/benchmarks.md. <c>dotnet test tests/QuoteBot.Telegram.Tests -s tests/load.runsettings --logger "console;verbosity=detailed"</c>
/// </summary>
public sealed class LoadFactAttribute : FactAttribute
{
}

/// <summary>Load proofs against the fake Bot API: every update answered exactly once, with latency and 429 counts.</summary>
[Trait("Category", "Load")]
public sealed class LoadTests(ITestOutputHelper output) : FakeApiTests
{
    private static int EnvInt(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : fallback;

    private static string? Env(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } v ? v : null;

    private void Report(string line)
    {
        output.WriteLine(line);
        if (Env("QUOTEBOT_LOAD_OUT") is { } path)
        {
            File.AppendAllText(path, line + Environment.NewLine);
        }
    }

    private static async Task SeedAsync(InMemoryQuoteStore store, int count)
    {
        var quotes = Enumerable.Range(1, count).Select(i => TestBot.Quote($"Sample line number {i} about the weather.", $"Speaker {i % 17}"));
        await store.AddManyAsync(quotes, Actor.System);
    }

    private static int? RepliedTo(ApiCall c) =>
        c.Body["reply_parameters"]?["message_id"] is { } id ? int.Parse(id.ToString(), CultureInfo.InvariantCulture) : null;

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

    /// <summary>
    /// Issue 17: 2,000 /quote messages from 200 users in 20 group chats over 20 s, against the fake's flood limits.
    /// QUOTEBOT_LOAD_MAXAGE sets Telegram:ReplyMaxAge (default: the shipped 60 s); QUOTEBOT_LOAD_INJECT=20 makes the first 20 sendMessage calls answer 429 instead
    /// of enforcing the flood limits (the issue's original scenario).
    /// </summary>
    [LoadFact]
    public async Task Flood_2000MessagesIn20Chats_EveryOneAnsweredOnceOrDroppedOnce()
    {
        var messages = EnvInt("QUOTEBOT_LOAD_MESSAGES", 2000);
        var chats = 20;
        var seconds = 20.0;
        var inject = EnvInt("QUOTEBOT_LOAD_INJECT", 0);
        if (inject > 0)
        {
            Api.FailNext("sendMessage", 429, "Too Many Requests: retry after 1", retryAfter: 1, times: inject);
        }
        else
        {
            Api.Flood = FloodLimits.Telegram;
        }

        var store = new InMemoryQuoteStore();
        await SeedAsync(store, 500);
        Bot = await TestBot.StartAsync(Api, store, s =>
        {
            s["Telegram:PollingTimeoutSeconds"] = "1";
            if (Env("QUOTEBOT_LOAD_MAXAGE") is { } age)
            {
                s["Telegram:ReplyMaxAge"] = age;
            }
        });
        await Api.WaitForAsync("getUpdates");

        var sentAt = new ConcurrentDictionary<int, DateTime>();
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < messages; i++)
        {
            var due = TimeSpan.FromSeconds(seconds * i / messages);
            if (clock.Elapsed < due)
            {
                await Task.Delay(due - clock.Elapsed);
            }

            var chat = -1000 - (i % chats);
            var user = 5000 + ((i % chats) * 10) + ((i / chats) % 10);
            var messageId = 10_000 + i;
            var update = FakeBotApi.MessageUpdate(chat, user, "/quote", "supergroup", messageId: messageId);
            sentAt[messageId] = DateTime.UtcNow;
            Api.Enqueue(update);
        }

        int Answered() => Api.CallsTo("sendMessage").Count(c => c.Status == 200);
        int Dropped() => Bot.Logs.Messages(LogLevel.Warning).Count(m => m.StartsWith("Dropped sendMessage", StringComparison.Ordinal));
        var limit = TimeSpan.FromMinutes(15);
        while (Answered() + Dropped() < messages && clock.Elapsed < limit)
        {
            await Task.Delay(250);
        }

        var replies = Api.CallsTo("sendMessage").Where(c => c.Status == 200).ToList();
        var perMessage = replies.GroupBy(RepliedTo).ToDictionary(g => g.Key ?? -1, g => g.ToList());
        var twice = perMessage.Count(kv => kv.Value.Count > 1);
        var latencies = perMessage.Where(kv => sentAt.ContainsKey(kv.Key)).Select(kv => (kv.Value[0].At - sentAt[kv.Key]).TotalMilliseconds).Order().ToList();
        var rejected = Api.CallsTo("sendMessage").Count(c => c.Status == 429);
        var maxAge = Env("QUOTEBOT_LOAD_MAXAGE") ?? "00:01:00 (default)";
        Report($"flood: {messages} /quote in {chats} group chats over {seconds} s, {(inject > 0 ? $"first {inject} sendMessage answered 429" : "flood limits on")}, ReplyMaxAge {maxAge}");
        Report($"  answered {replies.Count} (distinct {perMessage.Count}), answered twice {twice}, dropped as too old {Dropped()}, neither {messages - perMessage.Count - Dropped()}");
        Report($"  latency p50 {Percentile(latencies, 0.5):0} ms, p95 {Percentile(latencies, 0.95):0} ms, p99 {Percentile(latencies, 0.99):0} ms, max {Percentile(latencies, 1):0} ms");
        Report($"  429s received {rejected}; last reply {(replies.Count > 0 ? (replies.Max(r => r.At) - sentAt.Values.Min()).TotalSeconds : 0):0.0} s after the first message");
        Assert.Equal(0, twice);
        Assert.Equal(messages, perMessage.Count + Dropped());
    }

    /// <summary>Issue 17: 1,000 daily posts due at the same minute, through the outbox, against the fake's flood limits.</summary>
    [LoadFact]
    public async Task Daily_1000PostsDueAtOnce_AllSentOnceWithout429Storm()
    {
        var chats = EnvInt("QUOTEBOT_LOAD_CHATS", 1000);
        Api.Flood = FloodLimits.Telegram;
        var store = new InMemoryQuoteStore();
        await SeedAsync(store, 2000);
        var daily = new Dictionary<string, string?> { ["Daily:Enabled"] = "false" }; // the pass is run here, once, at a known instant
        if (Env("QUOTEBOT_LOAD_SENDINTERVAL") is { } interval)
        {
            daily["Daily:SendInterval"] = interval;
        }

        Bot = await TestBot.StartAsync(Api, store, configureServices: services => services.AddDailyPosts(new ConfigurationBuilder().AddInMemoryCollection(daily).Build()));
        var schedules = Bot.Host.Services.GetRequiredService<IScheduleStore>();
        var scheduler = Bot.Host.Services.GetRequiredService<DailyPostScheduler>();
        var now = DateTimeOffset.UtcNow;
        var at = new TimeOnly(now.Hour, now.Minute);
        for (var i = 0; i < chats; i++)
        {
            var chat = i % 2 == 0 ? -2_000_000 - i : 2_000_000 + i;
            await schedules.UpsertAsync(new DailySubscriptionSpec("tg", "tg:" + chat.ToString(CultureInfo.InvariantCulture), Scope.Global, at, "UTC", null, "tg:1", now.AddHours(-1)));
        }

        // Users keep talking while the posts go out: their replies must not wait behind the posts.
        var clock = Stopwatch.StartNew();
        var pass = Task.Run(() => scheduler.RunDueAsync(now));
        var asked = new List<(int MessageId, DateTime At)>();
        while (!pass.IsCompleted)
        {
            var id = 50_000 + asked.Count;
            asked.Add((id, DateTime.UtcNow));
            Api.Enqueue(FakeBotApi.MessageUpdate(-7000 - asked.Count, 7000 + asked.Count, "/quote", "supergroup", messageId: id));
            await Task.WhenAny(pass, Task.Delay(500));
        }

        var sent = await pass;
        var passTime = clock.Elapsed;
        var again = await scheduler.RunDueAsync(DateTimeOffset.UtcNow);
        await Task.Delay(2000);
        var posts = Api.CallsTo("sendMessage").Where(c => c.Status == 200 && c.ChatId is >= 2_000_000 or <= -2_000_000).ToList();
        var duplicates = posts.GroupBy(c => c.ChatId).Count(g => g.Count() > 1);
        var rejected = Api.CallsTo("sendMessage").Count(c => c.Status == 429);
        var replyLatency = asked.Select(a => Api.CallsTo("sendMessage").FirstOrDefault(c => c.Status == 200 && RepliedTo(c) == a.MessageId) is { } r ? (r.At - a.At).TotalMilliseconds : double.NaN)
            .Where(d => !double.IsNaN(d)).Order().ToList();
        Report($"daily: {chats} posts due at {at:HH:mm} UTC (half groups, half private), Daily:SendInterval {Bot.Host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<DailyOptions>>().Value.SendInterval}, flood limits on");
        Report($"  sent {posts.Count} (scheduler counted {sent}), duplicates {duplicates}, second pass sent {again}, 429s {rejected} (chats: {string.Join(" ", Api.CallsTo("sendMessage").Where(c => c.Status == 429).Select(c => c.ChatId).Take(10))})");
        Report($"  last post {(posts.Count > 0 ? (posts.Max(p => p.At) - posts.Min(p => p.At)).TotalSeconds : 0):0.0} s after the first; the pass took {passTime.TotalSeconds:0.0} s");
        Report($"  meanwhile {asked.Count} user /quote, {replyLatency.Count} answered: p50 {Percentile(replyLatency, 0.5):0} ms, max {Percentile(replyLatency, 1):0} ms");
        Assert.Equal(chats, posts.Count);
        Assert.Equal(0, duplicates);
        Assert.Equal(0, again);
    }

    /// <summary>
    /// Issue 15: 2,000 updates in 200 groups by long polling at the fake's pace, with the bot restarted in the
    /// middle: every update answered exactly once.
    /// </summary>
    [LoadFact]
    public async Task Polling_2000Updates_WithARestartInTheMiddle_EachAnsweredOnce()
    {
        const int updates = 2000;
        var store = new InMemoryQuoteStore();
        await SeedAsync(store, 500);
        Bot = await TestBot.StartAsync(Api, store);
        await Api.WaitForAsync("getUpdates");
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < updates; i++)
        {
            var chat = -3000 - (i % 200);
            Api.Enqueue(FakeBotApi.MessageUpdate(chat, 3000 + i, "/quote", "supergroup", messageId: 20_000 + i));
        }

        int Answered() => Api.CallsTo("sendMessage").Count(c => c.Status == 200);
        while (Answered() < updates / 2)
        {
            await Task.Delay(50);
        }

        var atRestart = Answered();
        await Bot.DisposeAsync();
        var restartAnswered = Answered();
        Bot = await TestBot.StartAsync(Api, store);
        var limit = TimeSpan.FromMinutes(10);
        while (Api.CallsTo("sendMessage").Where(c => c.Status == 200).Select(RepliedTo).Distinct().Count() < updates && clock.Elapsed < limit)
        {
            await Task.Delay(250);
        }

        await Task.Delay(3000); // anything sent twice would show up now
        var replies = Api.CallsTo("sendMessage").Where(c => c.Status == 200).ToList();
        var perUpdate = replies.GroupBy(RepliedTo).ToList();
        var twice = perUpdate.Count(g => g.Count() > 1);
        Report($"polling: {updates} /quote in 200 groups, restart after {atRestart} answers ({restartAnswered} when stopped)");
        Report($"  answered {perUpdate.Count} distinct, {replies.Count} replies in all, answered twice {twice}, 429s {Api.CallsTo("sendMessage").Count(c => c.Status == 429)}, all done in {clock.Elapsed.TotalSeconds:0.0} s");
        Assert.Equal(updates, perUpdate.Count);
        Assert.Equal(0, twice);
    }

    /// <summary>
    /// Issue 15: 2,000 updates through the webhook, delivered as Telegram does (as many at once as the bot asks for, each retried until it
    /// gets a 200), with the instance replaced by a new one in the middle: every update answered exactly once.
    /// </summary>
    [LoadFact]
    public async Task Webhook_2000Updates_WithARestartInTheMiddle_EachAnsweredOnce()
    {
        const int updates = 2000;
        const string secret = "load_Secret-1";
        var store = new InMemoryQuoteStore();
        await SeedAsync(store, 500);
        var current = await StartWebhookAsync(store, secret);
        using var http = new HttpClient();
        var queue = new ConcurrentQueue<JsonObject>();
        for (var i = 0; i < updates; i++)
        {
            var chat = -4000 - (i % 200);
            var update = FakeBotApi.MessageUpdate(chat, 4000 + i, "/quote", "supergroup", messageId: 30_000 + i);
            update["update_id"] = 900_000 + i;
            queue.Enqueue(update);
        }

        var redelivered = 0;
        var clock = Stopwatch.StartNew();

        async Task DeliverAsync()
        {
            while (queue.TryDequeue(out var update))
            {
                while (true)
                {
                    try
                    {
                        using var request = new HttpRequestMessage(HttpMethod.Post, Volatile.Read(ref current).Hook)
                        {
                            Content = new StringContent(update.ToJsonString(), Encoding.UTF8, "application/json"),
                        };
                        request.Headers.Add("X-Telegram-Bot-Api-Secret-Token", secret);
                        using var response = await http.SendAsync(request);
                        if (response.StatusCode == HttpStatusCode.OK)
                        {
                            break;
                        }
                    }
                    catch (HttpRequestException)
                    {
                    }

                    Interlocked.Increment(ref redelivered);
                    await Task.Delay(200);
                }
            }
        }

        var senders = Enumerable.Range(0, TelegramBotService.WebhookConnections).Select(_ => Task.Run(DeliverAsync)).ToArray();
        while (Api.CallsTo("sendMessage").Count(c => c.Status == 200) < updates / 2)
        {
            await Task.Delay(50);
        }

        var atRestart = Api.CallsTo("sendMessage").Count(c => c.Status == 200);
        var old = current;
        var next = await StartWebhookAsync(store, secret);
        Volatile.Write(ref current, next); // new requests go to the new instance, like a rolling restart
        await old.App.StopAsync();
        await old.App.DisposeAsync();
        await Task.WhenAll(senders).WaitAsync(TimeSpan.FromMinutes(10));
        await Task.Delay(3000);
        var replies = Api.CallsTo("sendMessage").Where(c => c.Status == 200).ToList();
        var perUpdate = replies.GroupBy(RepliedTo).ToList();
        var twice = perUpdate.Count(g => g.Count() > 1);
        Report($"webhook: {updates} /quote in 200 groups, {TelegramBotService.WebhookConnections} connections, new instance after {atRestart} answers");
        Report($"  answered {perUpdate.Count} distinct, {replies.Count} replies in all, answered twice {twice}, redeliveries {redelivered}, 429s {Api.CallsTo("sendMessage").Count(c => c.Status == 429)}, all done in {clock.Elapsed.TotalSeconds:0.0} s");
        await current.App.StopAsync();
        await current.App.DisposeAsync();
        Assert.Equal(updates, perUpdate.Count);
        Assert.Equal(0, twice);
    }

    private sealed record WebhookInstance(WebApplication App, string Hook);

    private async Task<WebhookInstance> StartWebhookAsync(InMemoryQuoteStore store, string secret)
    {
        var (app, hook) = await TestWebhook.StartAsync(Api, store, "https://bot.example.org/tg/hook", secret);
        return new WebhookInstance(app, hook);
    }
}
