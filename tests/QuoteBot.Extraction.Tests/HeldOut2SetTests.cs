using Xunit.Abstractions;

namespace QuoteBot.Extraction.Tests;

/// <summary>
/// The second held-out folder (session 7): ten articles written and labelled before any session-7 rule, and never
/// read for errors. This test prints only the totals (the per-quote misses are deliberately not printed, so that
/// nobody tunes on them by accident) and guards against a collapse.
/// </summary>
public sealed class HeldOut2SetTests(ITestOutputHelper output)
{
    [Fact]
    public void Extract_HeldOut2Set_ReportsFigures()
    {
        Assert.Equal(10, LabelledScorer.Pairs(LabelledScorer.HeldOut2Directory).Count());
        var f = LabelledScorer.ScoreAll(LabelledScorer.HeldOut2Directory);
        output.WriteLine($"held-out-2: gold={f.Gold} predicted={f.Predicted} matched={f.Matched} precision={f.Precision:F3} recall={f.Recall:F3} F1={f.F1:F3} speaker accuracy={f.SpeakerAccuracy:F3}");
        Assert.DoesNotContain(f.Misses, m => m.Contains("gold not in extracted text", StringComparison.Ordinal));
        Assert.True(f.F1 >= 0.80, $"held-out-2 quote F1 {f.F1:F3} < 0.80");
        Assert.True(f.SpeakerAccuracy >= 0.50, $"held-out-2 speaker accuracy {f.SpeakerAccuracy:F3} < 0.50");
    }
}
