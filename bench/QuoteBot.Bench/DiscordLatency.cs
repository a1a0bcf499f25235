using System.Collections.Concurrent;
using System.CommandLine;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;
using QuoteBot.Discord;

namespace QuoteBot.Bench;

/// <summary>
/// <c>quotebot-bench discord</c>: bursts of interactions through the fake gateway into the whole bot, with the time
/// split into its parts: the fake's view (gateway send → REST receipt, both loopback hops) and the bot's own
/// (<see cref="DiscordMetrics"/>: queued, work, the REST call, gateway read → answer accepted), plus what the runtime
/// did meanwhile (collections and GC pause time, thread-pool threads and queue).
/// </summary>
internal static class DiscordLatency
{
    public static Command Create()
    {
        var db = new Option<string?>("--db") { Description = "An existing database (e.g. the 1M one quotebot bench built); default a new one seeded with --quotes." };
        var quotes = new Option<int>("--quotes") { Description = "Synthetic quotes for a new database.", DefaultValueFactory = _ => 50_000 };
        var count = new Option<int>("--interactions") { Description = "Interactions per burst.", DefaultValueFactory = _ => 500 };
        var seconds = new Option<double>("--seconds") { Description = "Seconds each burst is spread over.", DefaultValueFactory = _ => 5 };
        var bursts = new Option<int>("--bursts") { Description = "Measured bursts (after a warm-up).", DefaultValueFactory = _ => 2 };
        var concurrency = new Option<int>("--max-concurrency") { Description = "Discord__MaxConcurrency.", DefaultValueFactory = _ => 16 };
        var command = new Command("discord", "Discord latency under load: bursts through the fake gateway, p50/p99 of each part of an interaction's time.")
        {
            db, quotes, count, seconds, bursts, concurrency,
        };
        command.SetAction(async (parse, ct) =>
        {
            var given = parse.GetValue(db);
            if (given is { Length: > 0 } && !File.Exists(given))
            {
                await Console.Error.WriteLineAsync($"No database at {given}.");
                return 2;
            }

            var n = parse.GetValue(count);
            var s = parse.GetValue(seconds);
            var b = parse.GetValue(bursts);
            var q = parse.GetValue(quotes);
            var c = parse.GetValue(concurrency);
            if (n < 1 || s <= 0 || b < 1 || q < 1 || c is < 1 or > 256)
            {
                await Console.Error.WriteLineAsync("--interactions, --seconds, --bursts and --quotes must be positive; --max-concurrency 1-256.");
                return 2;
            }

            var path = ScratchDatabase.PathFor(given, "quotebot-discord");
            try
            {
                var ok = await RunAsync(path, q, n, TimeSpan.FromSeconds(s), b, c, Console.WriteLine);
                return ok ? 0 : 1;
            }
            finally
            {
                ScratchDatabase.DeleteIfScratch(given, path);
            }
        });
        return command;
    }

    public static async Task<bool> RunAsync(string dbPath, int seedQuotes, int count, TimeSpan over, int bursts, int maxConcurrency, Action<string> log)
    {
        await using var bot = await DiscordBurst.StartAsync(dbPath, seedQuotes, maxConcurrency);
        log(string.Create(CultureInfo.InvariantCulture,
            $"Discord latency: {bot.Quotes:N0} quotes in {dbPath}; {count} interactions over {over.TotalSeconds:F1} s per burst, {bursts} burst(s); Discord__MaxConcurrency {maxConcurrency}; {Environment.ProcessorCount} cores; server GC {System.Runtime.GCSettings.IsServerGC}"));
        await bot.RunAsync(50, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30)); // warm-up: JIT, connections, caches

        using var meters = new StageRecorder();
        var ok = true;
        for (var i = 1; i <= bursts; i++)
        {
            meters.Clear();
            var gen0 = GC.CollectionCount(0);
            var gen1 = GC.CollectionCount(1);
            var gen2 = GC.CollectionCount(2);
            var pause = GC.GetTotalPauseDuration();
            var load = File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
            using var self = Process.GetCurrentProcess();
            var cpu = self.TotalProcessorTime;
            var wall = Stopwatch.StartNew();
            using var pool = new PoolWatch();
            var r = await bot.RunAsync(count, over, TimeSpan.FromSeconds(30));
            pool.Stop();
            self.Refresh();
            var cpuMs = (self.TotalProcessorTime - cpu).TotalMilliseconds;
            var wallMs = wall.Elapsed.TotalMilliseconds;
            ok &= r.Unanswered == 0 && r.AnsweredTwice == 0 && r.EditedTwice == 0 && r.MaxAnswerMs < 3000;

            var text = new StringBuilder();
            text.AppendLine(CultureInfo.InvariantCulture,
                $"burst {i}: load average {load}; {r.Sent} sent in {r.SendSeconds:F2} s; answered {r.AnswerMs.Count}, unanswered {r.Unanswered}, twice {r.AnsweredTwice}, edited twice {r.EditedTwice}, deferred {r.Deferred}");
            text.AppendLine(Row("gateway send -> fake REST receipt (outside view)", r.AnswerMs));
            foreach (var (name, label) in new[]
            {
                (DiscordMetrics.Answered, "gateway read -> answer accepted (in process)"),
                (DiscordMetrics.Queued, "  queued (gateway read -> handler start)"),
                (DiscordMetrics.Work, "  work (handler start -> answer built)"),
                (DiscordMetrics.Respond, "  REST call of the answer"),
            })
            {
                text.AppendLine(Row(label, meters.Values(name)));
                if (name == DiscordMetrics.Work)
                {
                    foreach (var tagged in meters.Tagged(name))
                    {
                        text.AppendLine(Row("    /" + tagged[(name.Length + 1)..], meters.Values(tagged)));
                    }
                }
            }

            text.Append(CultureInfo.InvariantCulture,
                $"  process CPU {cpuMs:F0} ms over {wallMs / 1000:F1} s ({cpuMs / Math.Max(1, r.Sent):F1} ms per interaction, bot and fakes together; {cpuMs / wallMs * 100:F0} % of one core)\n" +
                $"  runtime: GCs gen0 {GC.CollectionCount(0) - gen0}, gen1 {GC.CollectionCount(1) - gen1}, gen2 {GC.CollectionCount(2) - gen2}, GC pause total {(GC.GetTotalPauseDuration() - pause).TotalMilliseconds:F0} ms; " +
                $"thread-pool threads {pool.MinThreads}-{pool.MaxThreads}, queued work items max {pool.MaxQueued}");
            log(text.ToString());
        }

        return ok;
    }

    private static string Row(string label, IReadOnlyList<double> values) =>
        string.Create(CultureInfo.InvariantCulture,
            $"  {label,-52} n {values.Count,5}  p50 {BurstResult.Pct(values, 50),8:F1} ms  p90 {BurstResult.Pct(values, 90),8:F1} ms  p99 {BurstResult.Pct(values, 99),8:F1} ms  max {values.DefaultIfEmpty(0).Max(),8:F1} ms");

    /// <summary>Collects the values of the <see cref="DiscordMetrics"/> histograms.</summary>
    private sealed class StageRecorder : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly ConcurrentDictionary<string, ConcurrentQueue<double>> _values = new(StringComparer.Ordinal);

        public StageRecorder()
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == DiscordMetrics.MeterName)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) =>
            {
                _values.GetOrAdd(instrument.Name, _ => new ConcurrentQueue<double>()).Enqueue(value);
                foreach (var tag in tags)
                {
                    if (tag.Key == "command")
                    {
                        _values.GetOrAdd(instrument.Name + "/" + tag.Value, _ => new ConcurrentQueue<double>()).Enqueue(value);
                    }
                }
            });
            _listener.Start();
        }

        public IReadOnlyList<double> Values(string name) => _values.TryGetValue(name, out var q) ? [.. q] : [];

        public IEnumerable<string> Tagged(string name) => _values.Keys.Where(k => k.StartsWith(name + "/", StringComparison.Ordinal)).Order(StringComparer.Ordinal);

        public void Clear() => _values.Clear();

        public void Dispose() => _listener.Dispose();
    }

    /// <summary>Samples the thread pool every 20 ms while a burst runs.</summary>
    private sealed class PoolWatch : IDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _loop;

        public PoolWatch()
        {
            MinThreads = ThreadPool.ThreadCount;
            MaxThreads = MinThreads;
            _loop = Task.Run(async () =>
            {
                while (!_stop.IsCancellationRequested)
                {
                    var threads = ThreadPool.ThreadCount;
                    MinThreads = Math.Min(MinThreads, threads);
                    MaxThreads = Math.Max(MaxThreads, threads);
                    MaxQueued = Math.Max(MaxQueued, ThreadPool.PendingWorkItemCount);
                    try
                    {
                        await Task.Delay(20, _stop.Token);
                    }
                    catch (OperationCanceledException)
                    {
                        break;
                    }
                }
            });
        }

        public int MinThreads { get; private set; }

        public int MaxThreads { get; private set; }

        public long MaxQueued { get; private set; }

        public void Stop()
        {
            _stop.Cancel();
            _loop.Wait();
        }

        public void Dispose() => _stop.Dispose();
    }
}
