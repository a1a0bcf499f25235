using Xunit.Abstractions;

namespace QuoteBot.Extraction.Tests;

/// <summary>
/// Held-out folders whose "before" figures are recorded in docs/extraction.md and whose misses were read and tuned on
/// from session 12 on (HeldOut2–HeldOut6), HeldOut7–HeldOut9 (untouched until session 14, which read and tuned on
/// them), HeldOut10–HeldOut11 (untouched until session 15), HeldOut12–HeldOut13 (untouched until session 18),
/// HeldOut14–HeldOut15 (untouched until session 19), HeldOut16–HeldOut17 (untouched until session 20),
/// HeldOut18–HeldOut19 (untouched until session 21), HeldOut20–HeldOut21 (untouched until session 22) and
/// HeldOut22–HeldOut23 (untouched until session 23): they are no longer untouched checks. Like <see cref="HeldOutSetTests"/>, this prints every miss and the totals, and fails only
/// on a collapse.
/// </summary>
public sealed class ReadHeldOutSetTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("HeldOut2", "held-out-2", 10)]
    [InlineData("HeldOut3", "held-out-3", 11)]
    [InlineData("HeldOut4", "held-out-4", 12)]
    [InlineData("HeldOut5", "held-out-5", 12)]
    [InlineData("HeldOut6", "held-out-6", 12)]
    [InlineData("HeldOut7", "held-out-7", 12)]
    [InlineData("HeldOut8", "held-out-8", 14)]
    [InlineData("HeldOut9", "held-out-9", 14)]
    [InlineData("HeldOut10", "held-out-10", 14)]
    [InlineData("HeldOut11", "held-out-11", 14)]
    [InlineData("HeldOut12", "held-out-12", 14)]
    [InlineData("HeldOut13", "held-out-13", 14)]
    [InlineData("HeldOut14", "held-out-14", 14)]
    [InlineData("HeldOut15", "held-out-15", 14)]
    [InlineData("HeldOut16", "held-out-16", 14)]
    [InlineData("HeldOut17", "held-out-17", 14)]
    [InlineData("HeldOut18", "held-out-18", 14)]
    [InlineData("HeldOut19", "held-out-19", 14)]
    [InlineData("HeldOut20", "held-out-20", 14)]
    [InlineData("HeldOut21", "held-out-21", 14)]
    [InlineData("HeldOut22", "held-out-22", 14)]
    [InlineData("HeldOut23", "held-out-23", 14)]
    public void Extract_ReadHeldOutSet_PrintsMisses(string folder, string label, int articles)
    {
        var dir = LabelledScorer.Folder(folder);
        Assert.Equal(articles, LabelledScorer.Pairs(dir).Count());
        var f = LabelledScorer.ScoreAll(dir);
        foreach (var m in f.Misses)
        {
            output.WriteLine($"{label} {m}");
        }

        output.WriteLine($"{label}: gold={f.Gold} predicted={f.Predicted} matched={f.Matched} precision={f.Precision:F3} recall={f.Recall:F3} F1={f.F1:F3} speaker accuracy={f.SpeakerAccuracy:F3}");
        Assert.DoesNotContain(f.Misses, m => m.Contains("gold not in extracted text", StringComparison.Ordinal));
        Assert.True(f.F1 >= 0.80, $"{label} quote F1 {f.F1:F3} < 0.80");
        Assert.True(f.SpeakerAccuracy >= 0.50, $"{label} speaker accuracy {f.SpeakerAccuracy:F3} < 0.50");
    }
}
