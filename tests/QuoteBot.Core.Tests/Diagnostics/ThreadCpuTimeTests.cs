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

        // A fixed amount of work (tens of milliseconds of CPU), not a wall-clock time: on a busy machine 50 ms of wall
        // time may give this thread under a millisecond of CPU.
        var x = 1UL;
        for (var i = 0; i < 50_000_000; i++)
        {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
        }

        Assert.True(ThreadCpuTime.TryRead(out var afterWork));
        Thread.Sleep(300);
        Assert.True(ThreadCpuTime.TryRead(out var afterSleep));

        Assert.True(afterWork - start > TimeSpan.FromMilliseconds(1), $"{afterWork - start} after spinning ({x})");
        Assert.True(afterSleep - afterWork < TimeSpan.FromMilliseconds(200), $"{afterSleep - afterWork} while asleep for 300 ms");
    }
}
