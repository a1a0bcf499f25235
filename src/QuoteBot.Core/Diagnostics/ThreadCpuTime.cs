using System.Runtime.InteropServices;

namespace QuoteBot.Core.Diagnostics;

/// <summary>
/// The CPU time the calling thread has used (Linux <c>CLOCK_THREAD_CPUTIME_ID</c>), for benchmarks and profiles that
/// must not count time spent waiting for a core on a busy machine.
/// </summary>
public static class ThreadCpuTime
{
    private const int ClockThreadCpuTimeId = 3;

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out Timespec ts);

    /// <summary>The calling thread's CPU time so far; false where the clock is not available (not Linux).</summary>
    public static bool TryRead(out TimeSpan cpu)
    {
        cpu = TimeSpan.Zero;
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        Timespec ts;
        try
        {
            if (ClockGetTime(ClockThreadCpuTimeId, out ts) != 0)
            {
                return false;
            }
        }
        catch (DllNotFoundException)
        {
            return false;
        }
        catch (EntryPointNotFoundException)
        {
            return false;
        }

        cpu = TimeSpan.FromTicks(ts.Seconds * TimeSpan.TicksPerSecond + ts.Nanoseconds / 100);
        return true;
    }
}
