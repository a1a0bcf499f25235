using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using QuoteBot.Telegram.Tests.Fakes;

namespace QuoteBot.Bench;

/// <summary>One resource sample of the running process.</summary>
internal sealed record ProcessSample(string Label, double RssMb, double HeapMb, int Fds, int Threads, string LoadAverage)
{
    public string Line => string.Create(CultureInfo.InvariantCulture,
        $"{Label}: RSS {RssMb:F0} MB, GC heap {HeapMb:F1} MB (after a full collection), open fds {Fds}, threads {Threads}; load average {LoadAverage}");

    /// <summary>Takes a sample after a full collection: RSS, managed heap, /proc/self/fd entries and OS threads.</summary>
    public static ProcessSample Take(string label)
    {
        var (heap, rss, fds) = DiscordBurst.Memory();
        using var self = Process.GetCurrentProcess();
        var threads = Directory.Exists("/proc/self/task") ? Directory.GetDirectories("/proc/self/task").Length : self.Threads.Count;
        var load = File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
        return new ProcessSample(label, rss, heap, fds, threads, load);
    }
}

/// <summary>What a soak did: counts on both platforms and the resource samples.</summary>
internal sealed record SoakResult(
    TimeSpan Elapsed,
    int DiscordSent,
    int DiscordAnswered,
    int DiscordUnanswered,
    int DiscordDuplicated,
    int DiscordLate,
    double DiscordSlowestMs,
    int TelegramSent,
    int TelegramAnswered,
    int TelegramLost,
    int TelegramDuplicated,
    IReadOnlyList<ProcessSample> Samples)
{
    public string Summary => string.Create(CultureInfo.InvariantCulture,
        $"Soak {Elapsed.TotalMinutes:F1} min. Discord: {DiscordSent} interactions sent, {DiscordAnswered} answered, {DiscordUnanswered} lost (unanswered), " +
        $"{DiscordDuplicated} duplicated, {DiscordLate} late answers, slowest first answer {DiscordSlowestMs:F0} ms. " +
        $"Telegram: {TelegramSent} updates sent (messages, moderator adds, inline queries), {TelegramAnswered} answered, {TelegramLost} lost, {TelegramDuplicated} duplicated.");
}

/// <summary>
/// The soak: one bot process as <c>quotebot</c> builds it, on SQLite, with the real Discord adapter on the fake Discord
/// gateway/REST and the real Telegram adapter polling the fake Bot API; random commands on both at a steady pace (by
/// default 5 Discord interactions and 5 Telegram updates a second), resource samples at the start, every
/// <c>sampleEvery</c> and at the end. The fakes' request logs are drained as they are read, so what grows is the bot.
/// </summary>
internal static class Soak
{
    private const int PerRound = 25;
    private static readonly TimeSpan Round = TimeSpan.FromSeconds(5);

    public static async Task<SoakResult> RunAsync(string dbPath, int seedQuotes, TimeSpan duration, TimeSpan sampleEvery, Action<string> log, CancellationToken ct = default)
    {
        await using var telegram = await FakeBotApi.StartAsync();
        await using var bot = await DiscordBurst.StartAsync(dbPath, seedQuotes, telegram: telegram);

        // Ctrl+C / SIGTERM reach the bot's host (its console lifetime), which then waits to be stopped: end the run
        // there too, so it prints its end sample and summary and stops the host.
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(ct, bot.Host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping);
        ct = stopping.Token;
        var rng = new System.Random(60);
        log(string.Create(CultureInfo.InvariantCulture, $"Soak on {dbPath}: {bot.Quotes:N0} quotes; {PerRound} Discord interactions and {PerRound} Telegram updates every {Round.TotalSeconds:F0} s for {duration.TotalMinutes:0.#} min."));
        await bot.RunAsync(PerRound, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30)); // warm-up: JIT, connections, caches
        telegram.TakeCalls();

        var samples = new List<ProcessSample> { ProcessSample.Take("start") };
        log(samples[0].Line);
        var clock = Stopwatch.StartNew();
        var nextSample = sampleEvery;
        var tg = new TelegramTally();
        long chat = 1_000_000;
        int discordSent = 0, discordAnswered = 0, discordUnanswered = 0, discordTwice = 0, discordLate = 0;
        var discordMaxMs = 0.0;
        while (clock.Elapsed < duration && !ct.IsCancellationRequested)
        {
            var telegramRound = Task.Run(async () =>
            {
                var roundClock = Stopwatch.StartNew();
                for (var i = 0; i < PerRound; i++)
                {
                    var due = Round * i / PerRound;
                    if (due > roundClock.Elapsed)
                    {
                        try
                        {
                            await Task.Delay(due - roundClock.Elapsed, ct);
                        }
                        catch (OperationCanceledException)
                        {
                            return;
                        }
                    }

                    var word = bot.RandomWord();
                    var id = Interlocked.Increment(ref chat);
                    switch (rng.Next(12))
                    {
                        case 0:
                            var queryId = "soak-iq-" + id.ToString(CultureInfo.InvariantCulture);
                            tg.Sent(queryId);
                            telegram.Enqueue(new JsonObject
                            {
                                ["inline_query"] = new JsonObject
                                {
                                    ["id"] = queryId,
                                    ["from"] = new JsonObject { ["id"] = 4242, ["is_bot"] = false, ["first_name"] = "Ann" },
                                    ["query"] = word,
                                    ["offset"] = "",
                                },
                            });
                            break;
                        case 1:
                            tg.Sent(ChatKey(id));
                            telegram.SendText(id, DiscordBurst.TelegramModerator, $"/addquote \"Soak line {id} about {word}\" - {bot.RandomSpeaker()}");
                            break;
                        default:
                            var text = rng.Next(6) switch
                            {
                                0 => "/quote",
                                1 or 2 => "/quote " + word,
                                3 => "/quotes " + word,
                                4 => "/context " + (1 + rng.NextInt64(Math.Max(1, bot.Quotes))).ToString(CultureInfo.InvariantCulture),
                                _ => "/help",
                            };
                            tg.Sent(ChatKey(id));
                            telegram.SendText(id, id, text);
                            break;
                    }
                }
            }, CancellationToken.None);
            var round = await bot.RunAsync(PerRound, Round, TimeSpan.FromSeconds(30));
            await telegramRound;
            tg.Read(telegram.TakeCalls(), DateTime.UtcNow);
            discordSent += round.Sent;
            discordAnswered += round.AnswerMs.Count;
            discordUnanswered += round.Unanswered;
            discordTwice += round.AnsweredTwice + round.EditedTwice;
            discordLate += round.LateOrRepeated;
            discordMaxMs = Math.Max(discordMaxMs, round.MaxAnswerMs);
            if (clock.Elapsed >= nextSample)
            {
                var sample = ProcessSample.Take(string.Create(CultureInfo.InvariantCulture, $"{clock.Elapsed.TotalMinutes:0.#} min"));
                samples.Add(sample);
                log(sample.Line + string.Create(CultureInfo.InvariantCulture,
                    $"; so far Discord {discordSent} sent / {discordUnanswered} lost / {discordTwice} duplicated, Telegram {tg.SentCount} sent / {tg.AnsweredCount} answered / {tg.Duplicated} duplicated"));
                nextSample += sampleEvery;
            }
        }

        // Let the last Telegram updates be answered (replies may wait up to the outbox's limits).
        for (var wait = 0; wait < 300 && tg.Waiting > 0; wait++)
        {
            await Task.Delay(100, CancellationToken.None);
            tg.Read(telegram.TakeCalls(), DateTime.UtcNow);
        }

        var end = ProcessSample.Take("end");
        samples.Add(end);
        log(end.Line);
        var result = new SoakResult(clock.Elapsed, discordSent, discordAnswered, discordUnanswered, discordTwice, discordLate, discordMaxMs,
            tg.SentCount, tg.AnsweredCount, tg.Waiting, tg.Duplicated, samples);
        log(result.Summary);
        return result;
    }

    private static string ChatKey(long chatId) => "chat-" + chatId.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// Telegram bookkeeping: each update sent (a message in its own chat, or an inline query with its own id) waits
    /// for its answer (sendMessage to that chat, answerInlineQuery with that id). Answered keys are kept for two minutes
    /// to catch a repeat, then forgotten, so the tally does not grow over an hour.
    /// </summary>
    private sealed class TelegramTally
    {
        private readonly Lock _gate = new();
        private readonly HashSet<string> _waiting = new(StringComparer.Ordinal);
        private readonly Dictionary<string, DateTime> _answered = new(StringComparer.Ordinal);

        public int SentCount { get; private set; }

        public int AnsweredCount { get; private set; }

        public int Duplicated { get; private set; }

        public int Waiting
        {
            get
            {
                lock (_gate)
                {
                    return _waiting.Count;
                }
            }
        }

        public void Sent(string key)
        {
            lock (_gate)
            {
                _waiting.Add(key);
                SentCount++;
            }
        }

        public void Read(IReadOnlyList<ApiCall> calls, DateTime now)
        {
            lock (_gate)
            {
                foreach (var call in calls.Where(c => c.Status == 200))
                {
                    var key = call.Method switch
                    {
                        "sendMessage" when call.ChatId is { } c => ChatKey(c),
                        "answerInlineQuery" => call.Body["inline_query_id"]?.ToString(),
                        _ => null,
                    };
                    if (key is null)
                    {
                        continue;
                    }

                    if (_waiting.Remove(key))
                    {
                        AnsweredCount++;
                        _answered[key] = now;
                    }
                    else if (_answered.ContainsKey(key))
                    {
                        Duplicated++;
                    }
                }

                foreach (var old in _answered.Where(a => now - a.Value > TimeSpan.FromMinutes(2)).Select(a => a.Key).ToList())
                {
                    _answered.Remove(old);
                }
            }
        }
    }
}
