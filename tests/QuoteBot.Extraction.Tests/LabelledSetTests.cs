using Xunit.Abstractions;

namespace QuoteBot.Extraction.Tests;

public sealed class LabelledSetTests(ITestOutputHelper output)
{
    [Fact]
    public void Extract_LabelledSet_MeetsQualityGoals()
    {
        Assert.NotEmpty(LabelledScorer.Pairs());
        var f = LabelledScorer.ScoreAll();
        foreach (var m in f.Misses)
        {
            output.WriteLine(m);
        }

        output.WriteLine($"labelled: gold={f.Gold} predicted={f.Predicted} matched={f.Matched} precision={f.Precision:F3} recall={f.Recall:F3} F1={f.F1:F3} speaker accuracy={f.SpeakerAccuracy:F3}");
        Assert.True(f.F1 >= 0.95, $"quote F1 {f.F1:F3} < 0.95");
        Assert.True(f.SpeakerAccuracy >= 0.92, $"speaker accuracy {f.SpeakerAccuracy:F3} < 0.92");
    }
}
