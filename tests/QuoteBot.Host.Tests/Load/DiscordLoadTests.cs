using System.Globalization;
using QuoteBot.Bench;
using Xunit.Abstractions;

namespace QuoteBot.Host.Tests.Load;

/// <summary>A small burst in the default run: every interaction is answered, exactly once.</summary>
public sealed class DiscordBurstTests : IDisposable
{
    private readonly string _db = Path.Combine(Path.GetTempPath(), $"quotebot-burst-{Guid.NewGuid():N}.db");

    [Fact]
    public async Task Burst_FiftyInteractionsThroughTheGateway_EachAnsweredExactlyOnce()
    {
        await using var bot = await DiscordBurst.StartAsync(_db, seedQuotes: 2_000);

        // The wait is a failure guard (it ends as soon as every answer is in): a whole bot on 2 busy cores may need far
        // more than the seconds it takes alone.
        var result = await bot.RunAsync(50, TimeSpan.FromSeconds(1), wait: TimeSpan.FromMinutes(2));

        Assert.Equal(50, result.AnswerMs.Count);
        Assert.Equal(0, result.Unanswered);
        Assert.Equal(0, result.AnsweredTwice);
        Assert.Equal(0, result.EditedTwice);
    }

    public void Dispose()
    {
        foreach (var f in new[] { _db, _db + "-wal", _db + "-shm" })
        {
            File.Delete(f);
        }
    }
}

/// <summary>
/// Discord under load (opt-in: <c>dotnet test tests/QuoteBot.Host.Tests --filter Category=Load</c>; the default run
/// leaves it out, see docs/benchmarks.md). 500 interactions in 5 s through the fake's gateway into a whole bot on
/// SQLite; every one answered within Discord's 3 s, none twice, and the managed heap back where it was after a second
/// burst. Settings from the environment: QUOTEBOT_LOAD_DB (an existing database, e.g. the one <c>quotebot bench</c>
/// built; default a new one with QUOTEBOT_LOAD_QUOTES synthetic quotes, 50,000), QUOTEBOT_LOAD_INTERACTIONS (500),
/// QUOTEBOT_LOAD_SECONDS (5).
/// </summary>
[Trait("Category", "Load")]
public sealed class DiscordLoadTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Load_500InteractionsIn5Seconds_AllAnsweredWithin3sOnceAndMemoryFlat()
    {
        Func<string, string?> env = Environment.GetEnvironmentVariable;
        var count = int.TryParse(env("QUOTEBOT_LOAD_INTERACTIONS"), CultureInfo.InvariantCulture, out var c) ? c : 500;
        var seconds = double.TryParse(env("QUOTEBOT_LOAD_SECONDS"), CultureInfo.InvariantCulture, out var s) ? s : 5;
        var seed = int.TryParse(env("QUOTEBOT_LOAD_QUOTES"), CultureInfo.InvariantCulture, out var q) ? q : 50_000;
        var givenDb = env("QUOTEBOT_LOAD_DB");
        var db = givenDb is { Length: > 0 } ? givenDb : Path.Combine(Path.GetTempPath(), $"quotebot-load-{Guid.NewGuid():N}.db");
        try
        {
            await using var bot = await DiscordBurst.StartAsync(db, seed);
            await bot.RunAsync(50, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30)); // warm-up: JIT, connections, caches
            var before = DiscordBurst.Memory();

            var first = await bot.RunAsync(count, TimeSpan.FromSeconds(seconds), TimeSpan.FromSeconds(30));
            var afterFirst = DiscordBurst.Memory();
            var second = await bot.RunAsync(count, TimeSpan.FromSeconds(seconds), TimeSpan.FromSeconds(30));
            var afterSecond = DiscordBurst.Memory();

            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Quotes in the store: {bot.Quotes:N0}; Discord__MaxConcurrency 16; load average {File.ReadAllText("/proc/loadavg").Trim()}"));
            foreach (var (name, r) in new[] { ("burst 1", first), ("burst 2", second) })
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{name}: {r.Sent} sent in {r.SendSeconds:F2} s; answered {r.AnswerMs.Count}, unanswered {r.Unanswered}, answered twice {r.AnsweredTwice}, edited twice {r.EditedTwice}, deferred {r.Deferred}; " +
                    $"first answer p50 {BurstResult.Pct(r.AnswerMs, 50):F1} ms, p99 {BurstResult.Pct(r.AnswerMs, 99):F1} ms, max {r.MaxAnswerMs:F1} ms; final answer p99 {BurstResult.Pct(r.FinalMs, 99):F1} ms"));
            }

            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"managed heap after warm-up {before.HeapMb:F1} MB, after burst 1 {afterFirst.HeapMb:F1} MB, after burst 2 {afterSecond.HeapMb:F1} MB; RSS {before.RssMb:F0} / {afterFirst.RssMb:F0} / {afterSecond.RssMb:F0} MB; fds {before.Handles} / {afterFirst.Handles} / {afterSecond.Handles}"));

            foreach (var r in new[] { first, second })
            {
                Assert.Equal(0, r.Unanswered);
                Assert.Equal(0, r.AnsweredTwice);
                Assert.Equal(0, r.EditedTwice);
                Assert.True(r.MaxAnswerMs < 3000, $"an interaction waited {r.MaxAnswerMs:F0} ms for its answer");
            }

            // Flat: a second burst leaves the heap where the first did (the fake's own request log grows a little).
            Assert.True(afterSecond.HeapMb - afterFirst.HeapMb < 16, $"heap grew {afterSecond.HeapMb - afterFirst.HeapMb:F1} MB over a burst");
        }
        finally
        {
            if (givenDb is not { Length: > 0 })
            {
                foreach (var f in new[] { db, db + "-wal", db + "-shm" })
                {
                    File.Delete(f);
                }
            }
        }
    }
}
