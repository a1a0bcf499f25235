using System.Text.Json;

namespace QuoteBot.Host.Tests.Hosting;

/// <summary>
/// Issue 16 (memory): the built quotebot.runtimeconfig.json caps the managed heap, which also bounds the GC's
/// generation-0 budget (otherwise sized from the CPU's largest cache: 300 MiB on the shared build machine).
/// </summary>
public class RuntimeConfigTests
{
    [Fact]
    public void BuiltRuntimeConfig_CapsTheManagedHeapAt256MiB()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "quotebot.runtimeconfig.json");
        Assert.True(File.Exists(path), path + " was not copied next to the tests");

        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var properties = doc.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");

        Assert.Equal(256L * 1024 * 1024, properties.GetProperty("System.GC.HeapHardLimit").GetInt64());
        // Server GC would size its own budgets per heap; the cap was measured with the workstation collector.
        Assert.False(properties.TryGetProperty("System.GC.Server", out var server) && server.GetBoolean());
    }
}
