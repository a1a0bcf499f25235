using QuoteBot.Extraction;
using Xunit.Abstractions;
using static QuoteBot.Extraction.Tests.PlainTextExtraction;

namespace QuoteBot.Extraction.Tests;

/// <summary>
/// Issue 12, session 11: the variation matrix of <see cref="AttributionVariations"/>. Each generated case must give
/// its quote the exact speaker (or none). <see cref="Matrix_PassRatePerClass"/> prints the pass rate per class.
/// </summary>
public sealed class AttributionVariationTests(ITestOutputHelper output)
{
    public static TheoryData<string> CaseIds()
    {
        var data = new TheoryData<string>();
        foreach (var c in AttributionVariations.All)
        {
            data.Add(c.Id);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(CaseIds))]
    public void Extract_GeneratedVariation_GivesTheExpectedSpeaker(string id)
    {
        var c = AttributionVariations.ById[id];
        var (ok, got) = Run(c);
        Assert.True(ok, $"{c.Id}: expected '{c.Speaker ?? "(none)"}', got {got}\n{c.Text}");
    }

    [Fact]
    public void Matrix_PassRatePerClass()
    {
        var failed = 0;
        foreach (var group in AttributionVariations.All.GroupBy(c => c.Class))
        {
            var fails = group.Select(c => (c, r: Run(c))).Where(x => !x.r.Ok).ToList();
            failed += fails.Count;
            var n = group.Count();
            output.WriteLine($"matrix {group.Key}: {n - fails.Count}/{n} = {(n - fails.Count) / (double)n:F3}");
            if (Environment.GetEnvironmentVariable("QUOTEBOT_MATRIX_FAILS") == "1")
            {
                foreach (var (c, r) in fails)
                {
                    output.WriteLine($"  FAIL {c.Id}: expected '{c.Speaker ?? "(none)"}', got {r.Got} :: {c.Text.Replace("\n", " / ", StringComparison.Ordinal)}");
                }
            }
        }

        var total = AttributionVariations.All.Count;
        output.WriteLine($"matrix total: {total - failed}/{total} = {(total - failed) / (double)total:F3}");
        Assert.True(total is >= 300 and <= 2500, $"matrix size {total} outside the default budget");
    }

    private static (bool Ok, string Got) Run(VariationCase c)
    {
        var quotes = Extract(c.Text);
        var q = quotes.FirstOrDefault(x => x.Text.StartsWith(c.Quote, StringComparison.Ordinal));
        if (q is null)
        {
            return (false, $"no quote starting '{c.Quote}' among [{string.Join(" | ", quotes.Select(x => x.Text))}]");
        }

        var got = $"'{q.Speaker ?? "(none)"}' ({q.SpeakerKind}, {q.Method})";
        var ok = string.Equals(q.Speaker, c.Speaker, StringComparison.Ordinal) && (c.Kind is null || c.Kind == q.SpeakerKind);
        return (ok, got);
    }
}
