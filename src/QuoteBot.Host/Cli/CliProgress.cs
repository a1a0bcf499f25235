using System.Diagnostics;
using Spectre.Console;

namespace QuoteBot.Host.Cli;

/// <summary>Where a long command stands: <see cref="Done"/> of <see cref="Total"/>, and a short text saying what.</summary>
internal readonly record struct ProgressLine(double Done, double Total, string Text);

/// <summary>
/// Progress of a long CLI command (import, migrate): a Spectre.Console progress bar on an interactive terminal, plain
/// lines when the output is redirected (at most one every two seconds, and always the last one), so logs and pipes
/// get readable text instead of redraws.
/// </summary>
internal static class CliProgress
{
    /// <summary>Whether stdout is a terminal that can redraw a bar.</summary>
    public static bool Interactive => !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;

    /// <summary>
    /// Runs <paramref name="work"/>, showing what it reports through <paramref name="describe"/>: as a bar on
    /// <paramref name="bar"/> when given, else as lines "<paramref name="title"/>: text" on <paramref name="lines"/>.
    /// </summary>
    public static async Task<TResult> RunAsync<TProgress, TResult>(
        string title,
        Func<IProgress<TProgress>, Task<TResult>> work,
        Func<TProgress, ProgressLine> describe,
        TextWriter lines,
        IAnsiConsole? bar,
        TimeSpan? every = null)
    {
        ArgumentNullException.ThrowIfNull(work);
        ArgumentNullException.ThrowIfNull(describe);
        ArgumentNullException.ThrowIfNull(lines);
        if (bar is null)
        {
            var interval = every ?? TimeSpan.FromSeconds(2);
            var clock = Stopwatch.StartNew();
            var last = TimeSpan.Zero;
            string? printed = null;
            return await work(new SyncProgress<TProgress>(p =>
            {
                var line = describe(p);
                if ((clock.Elapsed - last >= interval || line.Done >= line.Total) && line.Text != printed)
                {
                    last = clock.Elapsed;
                    printed = line.Text;
                    lines.WriteLine($"{title}: {line.Text}");
                }
            }));
        }

        TResult result = default!;
        await bar.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async ctx =>
            {
                var task = ctx.AddTask(Markup.Escape(title), maxValue: 1);
                result = await work(new SyncProgress<TProgress>(p =>
                {
                    var line = describe(p);
                    task.MaxValue = Math.Max(1, line.Total);
                    task.Value = Math.Min(line.Done, task.MaxValue);
                    task.Description = Markup.Escape($"{title}: {line.Text}");
                }));
                task.Value = task.MaxValue;
            });
        return result;
    }

    /// <summary>Reports on the calling thread (Progress&lt;T&gt; would post to the thread pool and reorder lines).</summary>
    private sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
