using Xunit.Abstractions;

namespace QuoteBot.Extraction.Tests;

/// <summary>
/// The held-out folders written and labelled before a tuning round and never read for errors: HeldOut2 (session 7,
/// ten articles), HeldOut3 (session 8, eleven articles), HeldOut4 (session 9, twelve articles), HeldOut5
/// (session 10, twelve articles) and HeldOut6 (session 11, twelve articles). Only the totals are printed (the
/// per-quote misses are deliberately not, so that nobody tunes on them by accident); the test fails only on a collapse.
/// </summary>
public sealed class UntouchedHeldOutSetTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("HeldOut2", "held-out-2", 10)]
    [InlineData("HeldOut3", "held-out-3", 11)]
    [InlineData("HeldOut4", "held-out-4", 12)]
    [InlineData("HeldOut5", "held-out-5", 12)]
    [InlineData("HeldOut6", "held-out-6", 12)]
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
