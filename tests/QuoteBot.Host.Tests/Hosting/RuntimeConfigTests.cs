using System.Diagnostics;
using System.Text.Json;

namespace QuoteBot.Host.Tests.Hosting;

/// <summary>
/// quotebot caps the GC's young-generation budget in its runtimeconfig.json (session 9): without it the runtime sized
/// the budget from the CPU's largest cache and a 1M-quote import peaked far above its 200 MB goal.
/// </summary>
public class RuntimeConfigTests
{
    private static readonly string HostDirectory = Path.GetDirectoryName(typeof(QuoteBot.Host.Bench.SyntheticCorpus).Assembly.Location)!;

    [Fact]
    public void QuotebotRuntimeConfig_CapsTheGen0Budget()
    {
        Assert.InRange(ConfiguredCap(), 4L << 20, 32L << 20);
    }

    [Fact]
    public async Task Quotebot_StartedByHand_RunsWithTheCap()
    {
        // As the bench is run (`dotnet quotebot.dll …`, no environment variable): the extraction bench reports the
        // cap the runtime says it runs with.
        var psi = new ProcessStartInfo("dotnet", [Path.Combine(HostDirectory, "quotebot.dll"), "bench", "extract", "--mb", "1"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        psi.Environment.Remove("DOTNET_GCgen0size");
        psi.Environment.Remove("DOTNET_GCGen0MaxBudget");
        using var p = Process.Start(psi)!;
        var output = await p.StandardOutput.ReadToEndAsync();
        await p.WaitForExitAsync();

        Assert.Equal(0, p.ExitCode);
        Assert.Contains($"generation-0 budget cap {ConfiguredCap() >> 20} MiB", output, StringComparison.Ordinal);
    }

    private static long ConfiguredCap()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(HostDirectory, "quotebot.runtimeconfig.json")));
        return doc.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties").GetProperty("System.GC.Gen0MaxBudget").GetInt64();
    }
}
