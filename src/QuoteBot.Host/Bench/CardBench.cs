using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using QuoteBot.Cards;
using QuoteBot.Core.Model;

namespace QuoteBot.Host.Bench;

/// <summary>
/// <c>quotebot bench card [--cards N] [--out docs/benchmarks.md]</c>: time to draw and PNG-encode one quote card
/// (no cache), over a mix of short, long, mixed-script and worst-case quotes.
/// </summary>
internal static class CardBench
{
    private const string SectionStart = "<!-- bench:card:start -->";
    private const string SectionEnd = "<!-- bench:card:end -->";

    public static Command Create()
    {
        var cards = new Option<int>("--cards") { Description = "Cards to render (default 500)", DefaultValueFactory = _ => 500 };
        var output = new Option<string?>("--out") { Description = "Markdown file whose card section is replaced (e.g. docs/benchmarks.md)" };
        var command = new Command("card", "Measure quote card rendering (draw + PNG encode) per card") { cards, output };
        command.SetAction(parse =>
        {
            var n = parse.GetValue(cards);
            if (n is < 10 or > 100_000)
            {
                Console.Error.WriteLine("--cards must be between 10 and 100000.");
                return 1;
            }

            var report = Run(n);
            Console.WriteLine(report);
            if (parse.GetValue(output) is { Length: > 0 } path)
            {
                WriteSection(path, report);
                Console.WriteLine($"Wrote {path}.");
            }

            return 0;
        });
        return command;
    }

    internal static IReadOnlyList<(string Kind, Quote Quote)> Samples()
    {
        static Quote Q(long id, string text, string speaker) => new()
        {
            Id = id,
            Text = text,
            Speaker = speaker,
            SpeakerKey = speaker.ToLowerInvariant(),
            Source = new QuoteSource("Harbour Ledger", "Bench", "https://example.org/bench", new DateOnly(2026, 12, 5)),
            AddedBy = "system",
            AddedAt = DateTimeOffset.UnixEpoch,
            DedupeKey = text,
        };

        var sentence = "We will keep the northern harbour open through the winter, whatever the cost to the city. ";
        return
        [
            ("short Latin (60 chars)", Q(1, "We will keep the northern harbour open through the winter.", "Mara Velin")),
            ("medium Latin (360 chars)", Q(2, string.Concat(Enumerable.Repeat(sentence, 4)), "Mara Velin")),
            ("mixed scripts (230 chars)", Q(3, "The minister said „Мы откроем мост“, then Θα ανοίξουμε, 我们将开放这座桥, سنفتح الجسر and נפתח את הגשר 🌉🎉 before the snow.", "Ivo Renn")),
            ("worst case (4,000 chars, 300-char word)", Q(4, ("Start " + new string('x', 300) + " " + string.Concat(Enumerable.Repeat("Мир κόσμος 世界 مرحبا שלום 🎉 words ", 160)))[..4000], "Ivo Renn")),
        ];
    }

    internal static string Run(int count)
    {
        var renderer = new CardRenderer();
        var samples = Samples();
        foreach (var (_, quote) in samples)
        {
            renderer.RenderPng(quote); // warm up: JIT, font fallback and shaper caches
        }

        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.AppendLine("## Quote cards");
        sb.AppendLine();
        sb.AppendLine(inv, $"Measured {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC on {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}, fonts {string.Join(", ", renderer.PrimaryFamilies.Distinct())} with system fallback; `quotebot bench card --cards {count}` (one thread, no cache: every card drawn, shaped and PNG-encoded, 1200×630).");
        sb.AppendLine();
        sb.AppendLine("| quote | p50 | p95 | max | CPU p50 | PNG size | goal |");
        sb.AppendLine("| --- | --- | --- | --- | --- | --- | --- |");
        var per = Math.Max(1, count / samples.Count);
        foreach (var (kind, quote) in samples)
        {
            var wall = new List<double>(per);
            var cpu = new List<double>(per);
            var size = 0;
            for (var i = 0; i < per; i++)
            {
                var c = BenchCommand.ThreadCpuMs();
                var sw = Stopwatch.StartNew();
                size = renderer.RenderPng(quote).Length;
                wall.Add(sw.Elapsed.TotalMilliseconds);
                cpu.Add(BenchCommand.ThreadCpuMs() - c);
            }

            sb.AppendLine(inv, $"| {kind} | {BenchCommand.Pct(wall, 50):F1} ms | {BenchCommand.Pct(wall, 95):F1} ms | {wall.Max():F1} ms | {BenchCommand.Pct(cpu, 50):F1} ms | {size / 1024} KiB | ≤ 30 ms |");
        }

        sb.AppendLine();
        sb.AppendLine(inv, $"Load average when the run ended: {BenchCommand.LoadAverage()}.");
        return sb.ToString();
    }

    private static void WriteSection(string path, string report)
    {
        var section = SectionStart + "\n" + report.TrimEnd() + "\n" + SectionEnd;
        var text = File.Exists(path) ? File.ReadAllText(path) : string.Empty;
        var start = text.IndexOf(SectionStart, StringComparison.Ordinal);
        var end = text.IndexOf(SectionEnd, StringComparison.Ordinal);
        text = start >= 0 && end > start
            ? string.Concat(text.AsSpan(0, start), section, text.AsSpan(end + SectionEnd.Length))
            : text.TrimEnd() + "\n\n" + section + "\n";
        File.WriteAllText(path, text);
    }
}
