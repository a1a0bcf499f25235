using Xunit.Abstractions;

namespace QuoteBot.Extraction.Tests;

/// <summary>
/// The held-out folder was written before the issue-12 rules and is never tuned on: this test reports its figures
/// (see docs/extraction.md) and guards only against a collapse, so a rule that breaks unseen articles shows here.
/// </summary>
public sealed class HeldOutSetTests(ITestOutputHelper output)
{
    [Fact]
    public void Extract_HeldOutSet_ReportsFigures()
    {
        Assert.NotEmpty(LabelledScorer.Pairs(LabelledScorer.HeldOutDirectory));
        var f = LabelledScorer.ScoreAll(LabelledScorer.HeldOutDirectory);
        foreach (var m in f.Misses)
        {
            output.WriteLine(m);
        }

        output.WriteLine($"held-out: gold={f.Gold} predicted={f.Predicted} matched={f.Matched} precision={f.Precision:F3} recall={f.Recall:F3} F1={f.F1:F3} speaker accuracy={f.SpeakerAccuracy:F3}");
        Assert.DoesNotContain(f.Misses, m => m.Contains("gold not in extracted text", StringComparison.Ordinal));
        Assert.True(f.F1 >= 0.80, $"held-out quote F1 {f.F1:F3} < 0.80");
        Assert.True(f.SpeakerAccuracy >= 0.50, $"held-out speaker accuracy {f.SpeakerAccuracy:F3} < 0.50");
    }
}
