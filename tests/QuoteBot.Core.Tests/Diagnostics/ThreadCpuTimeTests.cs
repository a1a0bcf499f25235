using System.Diagnostics;
using QuoteBot.Core.Diagnostics;

namespace QuoteBot.Core.Tests.Diagnostics;

public class ThreadCpuTimeTests
{
    [Fact]
    public void TryRead_OnLinux_GrowsWhileTheThreadWorksAndNotWhileItSleeps()
    {
        Assert.Equal(OperatingSystem.IsLinux(), ThreadCpuTime.TryRead(out var start));
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var spin = Stopwatch.StartNew();
        var x = 0L;
        while (spin.ElapsedMilliseconds < 50)
        {
            x += spin.ElapsedTicks & 1;
        }

        Assert.True(ThreadCpuTime.TryRead(out var afterWork));
        Thread.Sleep(300);
        Assert.True(ThreadCpuTime.TryRead(out var afterSleep));

        Assert.True(afterWork - start > TimeSpan.FromMilliseconds(1), $"{afterWork - start} after spinning ({x})");
        Assert.True(afterSleep - afterWork < TimeSpan.FromMilliseconds(200), $"{afterSleep - afterWork} while asleep for 300 ms");
    }
}
