using System.Diagnostics;
using System.Globalization;
using QuoteBot.Telegram.Tests.Fakes;
using Xunit.Abstractions;

namespace QuoteBot.Host.Tests.Load;

/// <summary>
/// A soak (opt-in, not in CI: <c>dotnet test tests/QuoteBot.Host.Tests -s tests/QuoteBot.Host.Tests/load.runsettings
/// --filter FullyQualifiedName~Soak</c>): one bot process running Telegram (polling the fake Bot API) and Discord (the
/// fake gateway) on SQLite, fed random commands on both for QUOTEBOT_SOAK_MINUTES (default 60): searches, random
/// picks, paging, context, help, inline queries, and moderator adds. Every Discord interaction must be answered exactly
/// once and every Telegram message answered; RSS, managed heap, open file descriptors and threads are printed at the
/// start, every minute and at the end.
/// </summary>
[Trait("Category", "Load")]
public sealed class SoakTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Soak_RandomCommandsOnBothFakes_AllAnsweredAndResourcesFlat()
    {
        var minutes = double.TryParse(Environment.GetEnvironmentVariable("QUOTEBOT_SOAK_MINUTES"), CultureInfo.InvariantCulture, out var m) ? m : 60;
        var db = Path.Combine(Path.GetTempPath(), $"quotebot-soak-{Guid.NewGuid():N}.db");
        try
        {
            await using var telegram = await FakeBotApi.StartAsync();
            await using var bot = await DiscordBurst.StartAsync(db, seedQuotes: 20_000, telegram: telegram);
            var rng = new System.Random(60);
            await bot.RunAsync(25, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30)); // warm-up
            var start = Sample("start");
            var samples = new List<string> { start.Line };
            var clock = Stopwatch.StartNew();
            var nextSample = TimeSpan.FromMinutes(1);
            long chat = 1_000_000;
            var telegramSent = new List<long>();
            int discordSent = 0, discordUnanswered = 0, discordTwice = 0, adds = 0, inline = 0;
            var discordMaxMs = 0.0;
            while (clock.Elapsed < TimeSpan.FromMinutes(minutes))
            {
                // One 5-second round: 25 Discord interactions and 25 Telegram updates, interleaved.
                var telegramRound = Task.Run(async () =>
                {
                    for (var i = 0; i < 25; i++)
                    {
                        var word = bot.RandomWord();
                        switch (rng.Next(12))
                        {
                            case 0:
                                telegram.InlineQuery(4242, word);
                                inline++;
                                break;
                            case 1:
                                telegram.SendText(DiscordBurst.TelegramModerator, DiscordBurst.TelegramModerator,
                                    $"/addquote \"Soak line {adds} about {word}\" - {bot.RandomSpeaker()}");
                                adds++;
                                break;
                            default:
                                var text = rng.Next(6) switch
                                {
                                    0 => "/quote",
                                    1 or 2 => "/quote " + word,
                                    3 => "/quotes " + word,
                                    4 => "/context " + (1 + rng.Next(20_000)).ToString(CultureInfo.InvariantCulture),
                                    _ => "/help",
                                };
                                var id = Interlocked.Increment(ref chat);
                                lock (telegramSent)
                                {
                                    telegramSent.Add(id);
                                }

                                telegram.SendText(id, id, text);
                                break;
                        }

                        await Task.Delay(200);
                    }
                });
                var round = await bot.RunAsync(25, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30));
                await telegramRound;
                discordSent += round.Sent;
                discordUnanswered += round.Unanswered;
                discordTwice += round.AnsweredTwice + round.EditedTwice;
                discordMaxMs = Math.Max(discordMaxMs, round.MaxAnswerMs);
                if (clock.Elapsed >= nextSample)
                {
                    samples.Add(Sample($"{clock.Elapsed.TotalMinutes:F0} min").Line);
                    nextSample += TimeSpan.FromMinutes(1);
                }
            }

            // Let the last Telegram updates be answered.
            var answeredChats = new HashSet<long>();
            for (var wait = 0; wait < 100; wait++)
            {
                answeredChats = telegram.CallsTo("sendMessage").Where(c => c.Status == 200 && c.ChatId is not null).Select(c => c.ChatId!.Value).ToHashSet();
                if (telegramSent.All(answeredChats.Contains))
                {
                    break;
                }

                await Task.Delay(100);
            }

            var end = Sample("end");
            samples.Add(end.Line);
            var telegramUnanswered = telegramSent.Count(c => !answeredChats.Contains(c));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Soak: {clock.Elapsed.TotalMinutes:F1} min; Discord {discordSent} interactions (unanswered {discordUnanswered}, answered twice {discordTwice}, slowest first answer {discordMaxMs:F0} ms); " +
                $"Telegram {telegramSent.Count} chat commands (unanswered {telegramUnanswered}), {adds} moderator adds, {inline} inline queries; load average {File.ReadAllText("/proc/loadavg").Trim()}"));
            foreach (var line in samples)
            {
                output.WriteLine(line);
            }

            Assert.Equal(0, discordUnanswered);
            Assert.Equal(0, discordTwice);
            Assert.Equal(0, telegramUnanswered);
            Assert.True(end.Fds - start.Fds < 50, $"open file descriptors went from {start.Fds} to {end.Fds}");
        }
        finally
        {
            foreach (var f in new[] { db, db + "-wal", db + "-shm" })
            {
                File.Delete(f);
            }
        }
    }

    private static (string Line, int Fds) Sample(string label)
    {
        var (heap, rss, fds) = DiscordBurst.Memory();
        using var self = Process.GetCurrentProcess();
        return (string.Create(CultureInfo.InvariantCulture, $"{label}: RSS {rss:F0} MB, managed heap {heap:F1} MB, open fds {fds}, threads {self.Threads.Count}"), fds);
    }
}
