using QuoteBot.Host.Bench;

namespace QuoteBot.Host.Tests.Bench;

/// <summary>
/// Issue 11, reliability: random and adversarial input at every way into the store (chat commands, adapter and CLI
/// adds, the query parser, txt/HTML/JSON Lines/export imports) with a fixed seed and a bounded count; after each batch
/// the store's invariants hold. The long run is <c>quotebot bench fuzz --count N</c> (docs/benchmarks.md).
/// </summary>
public class FuzzTests
{
    [Theory]
    [InlineData(11)]
    [InlineData(2026)]
    public async Task RandomAndAdversarialInput_FixedSeed_NoExceptionAndNoInvariantViolation(int seed)
    {
        using var runner = new FuzzRunner(seed);

        var report = await runner.RunAsync(500);

        Assert.Equal(500, report.Inputs);
        Assert.True(report.Exceptions == 0 && report.Violations == 0, string.Join("\n", report.Examples));
        Assert.Equal(5, report.Batches);
        Assert.All(new[] { "chat command", "adapter add", "cli add", "query", "import txt", "import html", "import jsonl", "import export json" }, p => Assert.True(report.InputsByPath.GetValueOrDefault(p) > 0, p));
        Assert.True(report.QuotesAtEnd > 0, "nothing was ever stored: the fuzz would check nothing");
        Assert.True(report.AuditRowsAtEnd >= report.QuotesAtEnd);
    }
}
