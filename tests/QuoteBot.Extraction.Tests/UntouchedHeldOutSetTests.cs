using Xunit.Abstractions;

namespace QuoteBot.Extraction.Tests;

/// <summary>
/// The held-out folders written and labelled before a tuning round and never read for errors: HeldOut7 (session 12,
/// twelve articles by a writer who never read the rules), HeldOut8 and HeldOut9 (session 13, fourteen articles each,
/// likewise) and HeldOut10 and HeldOut11 (session 14, fourteen articles each imitating US, and UK, European and
/// international political news, likewise). Only the totals are printed (the per-quote misses are deliberately not,
/// so that nobody tunes on them by accident); the test fails only on a collapse. HeldOut2–HeldOut6 were untouched
/// until session 12, when their misses were read and tuned on: see <see cref="ReadHeldOutSetTests"/>.
/// </summary>
public sealed class UntouchedHeldOutSetTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("HeldOut7", "held-out-7", 12)]
    [InlineData("HeldOut8", "held-out-8", 14)]
    [InlineData("HeldOut9", "held-out-9", 14)]
    [InlineData("HeldOut10", "held-out-10", 14)]
    [InlineData("HeldOut11", "held-out-11", 14)]
    public void Extract_UntouchedHeldOutSet_ReportsTotalsOnly(string folder, string label, int articles)
    {
        var dir = LabelledScorer.Folder(folder);
        Assert.Equal(articles, LabelledScorer.Pairs(dir).Count());
        var f = LabelledScorer.ScoreAll(dir);
        output.WriteLine($"{label}: gold={f.Gold} predicted={f.Predicted} matched={f.Matched} precision={f.Precision:F3} recall={f.Recall:F3} F1={f.F1:F3} speaker accuracy={f.SpeakerAccuracy:F3}");
        Assert.DoesNotContain(f.Misses, m => m.Contains("gold not in extracted text", StringComparison.Ordinal));
        Assert.True(f.F1 >= 0.80, $"{label} quote F1 {f.F1:F3} < 0.80");
        Assert.True(f.SpeakerAccuracy >= 0.50, $"{label} speaker accuracy {f.SpeakerAccuracy:F3} < 0.50");
    }
}
