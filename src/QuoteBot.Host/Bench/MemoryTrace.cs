using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace QuoteBot.Host.Bench;

/// <summary>
/// <c>bench --memory-trace</c>: while the import runs, one line to standard error every half second with the process's
/// resident memory (all of it, and its anonymous part: heaps, not mapped files), the managed heap (live bytes as the
/// last collection left them, and what the GC has committed), what SQLite has allocated, the collections of each
/// generation so far, the process's CPU seconds and the bulk-load phase that last ended (with
/// <c>QUOTEBOT_BULK_PROFILE=1</c>). It shows which part of the process makes the peak and when.
/// </summary>
internal sealed class MemoryTrace : IDisposable
{
    private readonly Timer _timer;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly TextWriter _out;

    public MemoryTrace(TextWriter output, TimeSpan every)
    {
        _out = output;
        _out.WriteLine(Header);
        _timer = new Timer(_ => _out.WriteLine(Sample(_clock.Elapsed)), null, TimeSpan.Zero, every);
    }

    public const string Header = "trace: s cpu-s rss-mb anon-mb gc-heap-mb gc-committed-mb (gen0/gen1/gen2/large after the last collection) sqlite-mb collections-gen0 gen1 gen2 phase";

    /// <summary>One trace line, in the columns of <see cref="Header"/> (MiB).</summary>
    internal static string Sample(TimeSpan elapsed)
    {
        var (rss, anon) = StatusKb();
        var gc = GC.GetGCMemoryInfo();
        var inv = CultureInfo.InvariantCulture;
        return new StringBuilder("trace: ")
            .Append(inv, $"{elapsed.TotalSeconds:F1} {Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds:F1} ")
            .Append(inv, $"{rss / 1024.0:F0} {anon / 1024.0:F0} ")
            .Append(inv, $"{gc.HeapSizeBytes / 1048576.0:F0} {gc.TotalCommittedBytes / 1048576.0:F0} ")
            .Append(inv, $"({Gen(gc, 0)}/{Gen(gc, 1)}/{Gen(gc, 2)}/{Gen(gc, 3)}) ")
            .Append(inv, $"{SQLitePCL.raw.sqlite3_memory_used() / 1048576.0:F0} ")
            .Append(inv, $"{GC.CollectionCount(0)} {GC.CollectionCount(1)} {GC.CollectionCount(2)} ")
            .Append(Storage.Sqlite.BulkProfile.LastPhase ?? "-")
            .ToString();
    }

    private static string Gen(GCMemoryInfo gc, int generation) =>
        generation < gc.GenerationInfo.Length
            ? (gc.GenerationInfo[generation].SizeAfterBytes / 1048576.0).ToString("F0", CultureInfo.InvariantCulture)
            : "?";

    /// <summary>VmRSS and RssAnon of this process in KiB (Linux; 0 elsewhere).</summary>
    private static (long Rss, long Anon) StatusKb()
    {
        long rss = 0, anon = 0;
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    rss = Kb(line);
                }
                else if (line.StartsWith("RssAnon:", StringComparison.Ordinal))
                {
                    anon = Kb(line);
                }
            }
        }
        catch (IOException)
        {
        }

        return (rss, anon);

        static long Kb(string line) =>
            long.Parse(line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
    }

    public void Dispose()
    {
        using var done = new ManualResetEvent(false);
        _timer.Dispose(done);
        done.WaitOne();
        _out.WriteLine(Sample(_clock.Elapsed));
    }
}

/// <summary>
/// Samples the runtime's allocation ticks (one event per about 100 KB allocated, naming the type of the object that
/// crossed the mark) and sums them by type: which objects a run allocates most, without an external profiler.
/// </summary>
internal sealed class AllocationSampler : System.Diagnostics.Tracing.EventListener
{
    private readonly Dictionary<string, long> _bytes = new(StringComparer.Ordinal);

    protected override void OnEventSourceCreated(System.Diagnostics.Tracing.EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(source, System.Diagnostics.Tracing.EventLevel.Verbose, (System.Diagnostics.Tracing.EventKeywords)0x1); // GC
        }
    }

    protected override void OnEventWritten(System.Diagnostics.Tracing.EventWrittenEventArgs e)
    {
        if (e.EventName is not { } name || !name.StartsWith("GCAllocationTick", StringComparison.Ordinal) || e.Payload is null || e.PayloadNames is null)
        {
            return;
        }

        var type = e.PayloadNames.IndexOf("TypeName") is >= 0 and var ti ? e.Payload[ti] as string ?? "?" : "?";
        var amount = e.PayloadNames.IndexOf("AllocationAmount64") is >= 0 and var ai ? Convert.ToInt64(e.Payload[ai], CultureInfo.InvariantCulture) : 0;
        lock (_bytes)
        {
            _bytes[type] = _bytes.GetValueOrDefault(type) + amount;
        }
    }

    /// <summary>The types with the most sampled bytes, largest first.</summary>
    public string Report(int top)
    {
        lock (_bytes)
        {
            var total = _bytes.Values.Sum();
            var sb = new StringBuilder().Append(CultureInfo.InvariantCulture, $"allocations (sampled): {total / 1048576.0:F0} MiB\n");
            foreach (var (type, bytes) in _bytes.OrderByDescending(x => x.Value).Take(top))
            {
                sb.Append(CultureInfo.InvariantCulture, $"  {bytes / 1048576.0,8:F1} MiB  {type}\n");
            }

            return sb.ToString();
        }
    }
}
