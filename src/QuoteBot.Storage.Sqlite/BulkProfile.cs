using System.Diagnostics;
using System.Globalization;
using System.Text;
using QuoteBot.Core.Diagnostics;

namespace QuoteBot.Storage.Sqlite;

/// <summary>
/// Where a bulk load's time goes, phase by phase: CPU time of the thread doing each phase (Linux; wall time elsewhere),
/// summed over batches, so that a busy machine does not blur the figures. A parallel phase counts its calling thread's
/// share only.
/// Off unless the environment variable <c>QUOTEBOT_BULK_PROFILE</c> is <c>1</c>; then <see cref="SqliteQuoteStore.AddManyAsync"/>
/// prints one line per phase to standard error when it finishes.
/// </summary>
internal static class BulkProfile
{
    public static readonly bool Enabled = Environment.GetEnvironmentVariable("QUOTEBOT_BULK_PROFILE") == "1";

    private static readonly Dictionary<string, long> Ticks = new(StringComparer.Ordinal);
    private static readonly List<string> Order = [];

    /// <summary>The phase that ended last (null until one has, or when profiling is off): for a memory trace.</summary>
    public static volatile string? LastPhase;

    /// <summary>A timestamp to pass to <see cref="Stop"/> (0 when profiling is off).</summary>
    public static long Start() => Enabled ? Now() : 0;

    /// <summary>This thread's CPU time in stopwatch ticks (<see cref="ThreadCpuTime"/>), or the stopwatch where it cannot be read.</summary>
    private static long Now() =>
        ThreadCpuTime.TryRead(out var cpu) ? (long)(cpu.TotalSeconds * Stopwatch.Frequency) : Stopwatch.GetTimestamp();

    /// <summary>Adds the time since <paramref name="started"/> to <paramref name="phase"/> and returns a new start.</summary>
    public static long Stop(string phase, long started)
    {
        if (!Enabled)
        {
            return 0;
        }

        var now = Now();
        LastPhase = phase;
        lock (Ticks)
        {
            if (!Ticks.ContainsKey(phase))
            {
                Order.Add(phase);
            }

            Ticks[phase] = Ticks.GetValueOrDefault(phase) + (now - started);
        }

        return now;
    }

    /// <summary>Prints and clears the phases measured so far.</summary>
    public static void Report()
    {
        if (!Enabled)
        {
            return;
        }

        var sb = new StringBuilder("bulk profile (CPU seconds of the thread doing each phase, summed over batches):\n");
        lock (Ticks)
        {
            foreach (var phase in Order)
            {
                sb.Append(CultureInfo.InvariantCulture, $"  {phase,-28} {Ticks[phase] / (double)Stopwatch.Frequency,8:F2}\n");
            }

            Ticks.Clear();
            Order.Clear();
        }

        Console.Error.Write(sb.ToString());
    }
}
