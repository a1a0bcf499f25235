using Xunit.Abstractions;

namespace QuoteBot.Extraction.Tests;

/// <summary>
/// The third held-out folder (session 8): eleven articles written and labelled before any session-8 rule and never
/// read for errors. Like <see cref="HeldOut2SetTests"/> it prints only the totals (no per-quote misses, so nobody
/// tunes on them by accident) and guards against a collapse.
/// </summary>
public sealed class HeldOut3SetTests(ITestOutputHelper output)
{
    [Fact]
    public void Extract_HeldOut3Set_ReportsFigures()
    {
        Assert.Equal(11, LabelledScorer.Pairs(LabelledScorer.HeldOut3Directory).Count());
        var f = LabelledScorer.ScoreAll(LabelledScorer.HeldOut3Directory);
        output.WriteLine($"held-out-3: gold={f.Gold} predicted={f.Predicted} matched={f.Matched} precision={f.Precision:F3} recall={f.Recall:F3} F1={f.F1:F3} speaker accuracy={f.SpeakerAccuracy:F3}");
        Assert.DoesNotContain(f.Misses, m => m.Contains("gold not in extracted text", StringComparison.Ordinal));
        Assert.True(f.F1 >= 0.80, $"held-out-3 quote F1 {f.F1:F3} < 0.80");
        Assert.True(f.SpeakerAccuracy >= 0.50, $"held-out-3 speaker accuracy {f.SpeakerAccuracy:F3} < 0.50");
    }
}
