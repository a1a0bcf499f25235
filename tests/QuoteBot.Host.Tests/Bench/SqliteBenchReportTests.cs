using QuoteBot.Host.Tests.Cli;

namespace QuoteBot.Host.Tests.Bench;

/// <summary>
/// `quotebot bench` end to end on a small corpus: the report gives the store's own peak memory (import, searches, picks,
/// autocomplete) apart from the peak after the bench's agreement check, which reads and analyses every quote without
/// the index and is not work the bot does.
/// </summary>
[Collection("console")]
public sealed class SqliteBenchReportTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("quotebot-bench-report-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Bench_WithAgreementCheck_ReportsTheStorePeakBeforeTheCheckAndTheCheckApart()
    {
        var (code, output, err) = await CliAppTests.Run(
            "bench", "--quotes", "3000", "--queries", "80", "--check-queries", "20", "--db", Path.Combine(_dir, "b.db"));

        Assert.True(code == 0, err);
        var store = Mb(output, "| Peak RSS (VmHWM): import, searches, picks, autocomplete | ");
        var check = Mb(output, "| Peak RSS after the agreement check (bench only: every quote read and analysed without the index) | ");
        Assert.InRange(store, 1, check);
        Assert.Contains("Top-5 agreement on the first 20 text queries", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bench_WithoutAgreementCheck_HasNoCheckPeakLine()
    {
        var (code, output, err) = await CliAppTests.Run(
            "bench", "--quotes", "2000", "--queries", "60", "--check-queries", "0", "--db", Path.Combine(_dir, "b.db"));

        Assert.True(code == 0, err);
        Assert.True(Mb(output, "| Peak RSS (VmHWM): import, searches, picks, autocomplete | ") > 0);
        Assert.DoesNotContain("after the agreement check", output, StringComparison.Ordinal);
    }

    private static double Mb(string output, string prefix)
    {
        var line = output.Split('\n').Single(l => l.StartsWith(prefix, StringComparison.Ordinal));
        var number = line[prefix.Length..].Split(' ')[0].Replace(",", "", StringComparison.Ordinal);
        return double.Parse(number, System.Globalization.CultureInfo.InvariantCulture);
    }
}
