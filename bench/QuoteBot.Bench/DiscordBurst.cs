using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using QuoteBot.Core.Model;
using QuoteBot.Core.Storage;
using QuoteBot.Discord;
using QuoteBot.Discord.Api.Tests.Fakes;
using QuoteBot.Host.Bench;
using QuoteBot.Host.Hosting;
using QuoteBot.Telegram.Tests.Fakes;

namespace QuoteBot.Bench;

/// <summary>What one burst of interactions did: per interaction, when it was sent and how it was answered.</summary>
internal sealed record BurstResult(
    int Sent,
    IReadOnlyList<double> AnswerMs,
    IReadOnlyList<double> FinalMs,
    int Unanswered,
    int AnsweredTwice,
    int EditedTwice,
    int Deferred,
    double SendSeconds,
    double MaxAnswerMs,
    int LateOrRepeated = 0)
{
    public static double Pct(IReadOnlyList<double> values, double p)
    {
        if (values.Count == 0)
        {
            return 0;
        }

        var sorted = values.Order().ToArray();
        var rank = (int)Math.Ceiling(p / 100 * sorted.Length) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Length - 1)];
    }
}

/// <summary>
/// A whole bot process as <c>quotebot</c> builds it (<see cref="BotHost.AddQuoteBot"/>), on a SQLite file, with the
/// Discord adapter connected to the in-process fake Discord; interactions arrive through the fake's gateway as Discord
/// sends them, and their answers are read from the fake's REST log.
/// </summary>
internal sealed class DiscordBurst : IAsyncDisposable
{
    private const string BotToken = "FAKE.LOAD.TOKEN-not-real";
    private const ulong Guild = 100;

    /// <summary>The Telegram user id the bot takes for a moderator (when Telegram is on).</summary>
    public const long TelegramModerator = 900;
    private static long _nextId = 50_000;

    private readonly SyntheticCorpus _corpus = new();
    private readonly System.Random _rng = new(15);

    /// <summary>Answers read from the fake's log so far and not yet counted, by interaction token.</summary>
    private readonly Dictionary<string, List<RecordedRequest>> _answers = new(StringComparer.Ordinal);

    private DiscordBurst(FakeDiscord fake, IHost host, long quotes)
    {
        Fake = fake;
        Host = host;
        Quotes = quotes;
    }

    public FakeDiscord Fake { get; }

    public IHost Host { get; }

    public long Quotes { get; }

    /// <summary>
    /// Starts the bot on <paramref name="dbPath"/>; when the file has no quotes, <paramref name="seedQuotes"/> synthetic
    /// ones are imported first. Returns once the commands are registered (the gateway session is READY).
    /// </summary>
    public static async Task<DiscordBurst> StartAsync(string dbPath, int seedQuotes, int maxConcurrency = 16, FakeBotApi? telegram = null)
    {
        var fake = await FakeDiscord.StartAsync();
        fake.Gateway.ReplayWindow = 1_000; // a long run must not measure the fake's own replay log
        var builder = BotHost.CreateBuilder([]);
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "Sqlite",
            ["Storage:Path"] = dbPath,
            ["Corpus:LoadSampleWhenEmpty"] = "false",
            ["Chat:Terminal"] = "never",
            ["Telegram:Token"] = telegram is null ? "" : FakeBotApi.Token,
            ["Telegram:ApiBaseUrl"] = telegram?.BaseUrl,
            ["Telegram:Moderators:0"] = TelegramModerator.ToString(CultureInfo.InvariantCulture),
            ["Telegram:PollingTimeoutSeconds"] = "1",
            ["Telegram:InitialBackoff"] = "00:00:00.050",
            ["Telegram:MaxBackoff"] = "00:00:00.200",
            ["Telegram:ShutdownGrace"] = "00:00:01",
            ["Http:Urls"] = "",
            ["Daily:Enabled"] = "false",
            ["Discord:Token"] = BotToken,
            ["Discord:ApiBaseUrl"] = fake.ApiBaseUrl,
            ["Discord:GuildId"] = Guild.ToString(CultureInfo.InvariantCulture),
            ["Discord:MaxConcurrency"] = maxConcurrency.ToString(CultureInfo.InvariantCulture),
        });
        builder.AddQuoteBot(RunPlan.From(builder.Configuration));
        var host = builder.Build();
        BotHost.ValidateOptions(host.Services);

        var store = host.Services.GetRequiredService<IQuoteStore>();
        await store.InitializeAsync();
        var count = await store.MaxIdAsync();
        if (count == 0 && seedQuotes > 0)
        {
            await store.AddManyAsync(new SyntheticCorpus().Quotes(seedQuotes), Actor.System);
            count = await store.MaxIdAsync();
        }

        await host.StartAsync();
        await host.Services.GetRequiredService<DiscordBotService>().Registered.WaitAsync(TimeSpan.FromMinutes(2)); // a failure guard
        return new DiscordBurst(fake, host, count);
    }

    /// <summary>
    /// Sends <paramref name="count"/> slash commands evenly over <paramref name="over"/> (a mix of /quote, /quote words,
    /// /quote speaker, /quotes, /context and /help) and waits up to <paramref name="wait"/> for every answer.
    /// </summary>
    public async Task<BurstResult> RunAsync(int count, TimeSpan over, TimeSpan wait)
    {
        var sent = new (JsonObject Interaction, DateTimeOffset At)[count];
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            var due = TimeSpan.FromTicks(over.Ticks * i / Math.Max(1, count));
            if (due > clock.Elapsed)
            {
                await Task.Delay(due - clock.Elapsed);
            }

            var interaction = Interaction(NextCommand());
            sent[i] = (interaction, DateTimeOffset.UtcNow);
            await Fake.Gateway.DispatchAsync("INTERACTION_CREATE", interaction);
        }

        var sendSeconds = clock.Elapsed.TotalSeconds;
        var deadline = DateTimeOffset.UtcNow + wait;
        while (true)
        {
            ReadAnswers();
            var done = sent.All(s => _answers.TryGetValue(Token(s.Interaction), out var rs) && IsComplete(rs));
            if (done || DateTimeOffset.UtcNow > deadline)
            {
                break;
            }

            await Task.Delay(50);
        }

        // Give a late duplicate the chance to show up before counting.
        await Task.Delay(500);
        ReadAnswers();
        var tokens = sent.Select(s => Token(s.Interaction)).ToHashSet(StringComparer.Ordinal);

        // Anything else in the log answers an interaction of an earlier round, already counted: late or a repeat.
        var lateOrRepeated = _answers.Keys.Count(k => !tokens.Contains(k));
        var byToken = new Dictionary<string, List<RecordedRequest>>(StringComparer.Ordinal);
        foreach (var token in _answers.Keys.ToList())
        {
            if (tokens.Contains(token))
            {
                byToken[token] = _answers[token];
            }

            _answers.Remove(token);
        }

        var answer = new List<double>(count);
        var final = new List<double>(count);
        int unanswered = 0, twice = 0, editedTwice = 0, deferred = 0;
        foreach (var (interaction, at) in sent)
        {
            if (!byToken.TryGetValue(Token(interaction), out var requests))
            {
                unanswered++;
                continue;
            }

            var callbacks = requests.Where(r => r.Method == "POST" && r.Path.EndsWith("/callback", StringComparison.Ordinal)).ToList();
            var edits = requests.Where(r => r.Method == "PATCH").ToList();
            if (callbacks.Count == 0)
            {
                unanswered++;
                continue;
            }

            twice += callbacks.Count > 1 ? 1 : 0;
            editedTwice += edits.Count > 1 ? 1 : 0;
            answer.Add((callbacks[0].At - at).TotalMilliseconds);
            var isDeferred = callbacks[0].Json?["type"]?.GetValue<int>() == 5;
            deferred += isDeferred ? 1 : 0;
            final.Add(((isDeferred && edits.Count > 0 ? edits[0].At : callbacks[0].At) - at).TotalMilliseconds);
        }

        return new BurstResult(count, answer, final, unanswered, twice, editedTwice, deferred, sendSeconds, answer.DefaultIfEmpty(0).Max(), lateOrRepeated);
    }

    /// <summary>Managed heap after a full collection, and the process's resident set, in MB.</summary>
    public static (double HeapMb, double RssMb, int Handles) Memory()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var self = Process.GetCurrentProcess();
        self.Refresh();
        var handles = OperatingSystem.IsLinux() && Directory.Exists("/proc/self/fd") ? Directory.GetFiles("/proc/self/fd").Length : self.HandleCount;
        return (GC.GetTotalMemory(true) / 1048576.0, self.WorkingSet64 / 1048576.0, handles);
    }

    public async ValueTask DisposeAsync()
    {
        await Host.StopAsync(TimeSpan.FromSeconds(5));
        Host.Dispose();
        await Fake.DisposeAsync();
    }

    private static bool IsComplete(List<RecordedRequest> requests)
    {
        var callback = requests.FirstOrDefault(r => r.Method == "POST" && r.Path.EndsWith("/callback", StringComparison.Ordinal));
        return callback is not null && (callback.Json?["type"]?.GetValue<int>() != 5 || requests.Any(r => r.Method == "PATCH"));
    }

    private static string Token(JsonObject interaction) => interaction["token"]!.GetValue<string>();

    /// <summary>
    /// Moves the fake's request log into <see cref="_answers"/>: requests answering an interaction, keyed by its token
    /// (callbacks carry it, and so do webhook edits). The fake's log is emptied, so a long run does not grow it.
    /// </summary>
    private void ReadAnswers()
    {
        foreach (var r in Fake.Rest.TakeRequests())
        {
            var parts = r.Path.Split('/', StringSplitOptions.RemoveEmptyEntries);
            var token = parts switch
            {
                ["interactions", _, var t, "callback"] => t,
                ["webhooks", _, var t, "messages", "@original"] => t,
                _ => null,
            };
            if (token is not null)
            {
                if (!_answers.TryGetValue(token, out var list))
                {
                    _answers[token] = list = [];
                }

                list.Add(r);
            }
        }
    }

    /// <summary>A word of the synthetic corpus that many quotes hold.</summary>
    public string RandomWord() => _corpus.Word(_rng.Next(20, 3000));

    public string RandomSpeaker() => _corpus.SampleSpeaker(_rng);

    private JsonObject NextCommand()
    {
        var word = _corpus.Word(_rng.Next(20, 3000));
        return _rng.Next(10) switch
        {
            0 or 1 => Slash("quote"),
            2 or 3 or 4 => Slash("quote", ("query", word)),
            5 => Slash("quote", ("speaker", _corpus.SampleSpeaker(_rng))),
            6 or 7 => Slash("quotes", ("query", word)),
            8 => Slash("context", ("id", 1 + _rng.NextInt64(Math.Max(1, Quotes)))),
            _ => Slash("help"),
        };
    }

    private static JsonObject Slash(string name, params (string Name, JsonNode Value)[] options)
    {
        var array = new JsonArray();
        foreach (var (n, v) in options)
        {
            array.Add(new JsonObject { ["name"] = n, ["type"] = v.GetValueKind() == System.Text.Json.JsonValueKind.Number ? 4 : 3, ["value"] = v });
        }

        return new JsonObject { ["id"] = "400", ["name"] = name, ["type"] = 1, ["options"] = array };
    }

    private static JsonObject Interaction(JsonObject data)
    {
        var id = Interlocked.Increment(ref _nextId).ToString(CultureInfo.InvariantCulture);
        return new JsonObject
        {
            ["id"] = id,
            ["application_id"] = "777",
            ["type"] = 2,
            ["token"] = "load-token-" + id,
            ["version"] = 1,
            ["channel_id"] = "200",
            ["guild_id"] = Guild.ToString(CultureInfo.InvariantCulture),
            ["member"] = new JsonObject
            {
                ["user"] = new JsonObject { ["id"] = "300", ["username"] = "loader", ["global_name"] = "Loader" },
                ["roles"] = new JsonArray(),
                ["permissions"] = "2147483648",
                ["nick"] = "Loader",
            },
            ["data"] = data,
        };
    }
}
