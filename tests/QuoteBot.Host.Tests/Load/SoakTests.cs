using System.Globalization;
using QuoteBot.Bench;
using Xunit.Abstractions;

namespace QuoteBot.Host.Tests.Load;

/// <summary>
/// The soak as a test (opt-in, not in CI: <c>dotnet test tests/QuoteBot.Host.Tests -s tests/load.runsettings
/// --filter FullyQualifiedName~Soak</c>); the same run as <c>quotebot-bench soak</c> (bench/QuoteBot.Bench, see
/// docs/benchmarks.md): one bot process running Telegram (polling the fake Bot API) and Discord (the fake gateway) on
/// SQLite, fed random commands on both for QUOTEBOT_SOAK_MINUTES (default 60). Every Discord interaction must be
/// answered exactly once, every Telegram update answered once, and open file descriptors must not climb.
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
            var result = await Soak.RunAsync(db, 20_000, TimeSpan.FromMinutes(minutes), TimeSpan.FromMinutes(Math.Min(5, minutes / 2)), output.WriteLine);

            Assert.True(result.DiscordSent > 0 && result.TelegramSent > 0);
            Assert.Equal(0, result.DiscordUnanswered);
            Assert.Equal(0, result.DiscordDuplicated);
            Assert.Equal(0, result.TelegramLost);
            Assert.Equal(0, result.TelegramDuplicated);
            var (start, end) = (result.Samples[0], result.Samples[^1]);
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
}
