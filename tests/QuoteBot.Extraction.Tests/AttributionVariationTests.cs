using QuoteBot.Extraction;
using Xunit.Abstractions;
using static QuoteBot.Extraction.Tests.PlainTextExtraction;

namespace QuoteBot.Extraction.Tests;

/// <summary>
/// Issue 12, session 11: the variation matrix of <see cref="AttributionVariations"/> (3,261 generated cases). Every
/// third case runs as its own test (readable failures); <see cref="Matrix_EveryCase_PassesExceptTheKnownGaps"/> runs
/// them all in one test and prints the pass rate per class.
/// </summary>
public sealed class AttributionVariationTests(ITestOutputHelper output)
{
    /// <summary>
    /// Cases that still fail, all of one class: a British ‘…’ that is the article's only quote and reads like no
    /// speech (after a noun such as "claim", or with the verb seven words after it), so the article is not read as
    /// quoting with single marks at all. A fixed gap fails <see cref="Matrix_EveryCase_PassesExceptTheKnownGaps"/>
    /// until it is taken off this list.
    /// </summary>
    private static readonly HashSet<string> KnownGaps = new(StringComparer.Ordinal)
    {
        "guard-0026", "guard-0035", "guard-0071", "guard-0080", "guard-0116", "guard-0125", "guard-0157", "guard-0159", "guard-0161", "guard-0170",
    };

    public static TheoryData<string> SampledCaseIds()
    {
        var data = new TheoryData<string>();
        var all = AttributionVariations.All;
        for (var i = 0; i < all.Count; i += 3)
        {
            if (!KnownGaps.Contains(all[i].Id))
            {
                data.Add(all[i].Id);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(SampledCaseIds))]
    public void Extract_GeneratedVariation_GivesTheExpectedSpeaker(string id)
    {
        var c = AttributionVariations.ById[id];
        var (ok, got) = Run(c);
        Assert.True(ok, $"{c.Id}: expected '{c.Speaker ?? "(none)"}', got {got}\n{c.Text}");
    }

    [Fact]
    public void Matrix_EveryCase_PassesExceptTheKnownGaps()
    {
        var all = AttributionVariations.All;
        Assert.InRange(all.Count, 2000, 3500);
        Assert.Equal(all.Count, AttributionVariations.ById.Count);
        var failed = new List<string>();
        foreach (var group in all.GroupBy(c => c.Class))
        {
            var fails = group.Select(c => (c, r: Run(c))).Where(x => !x.r.Ok).ToList();
            var n = group.Count();
            output.WriteLine($"matrix {group.Key}: {n - fails.Count}/{n} = {(n - fails.Count) / (double)n:F3}");
            foreach (var (c, r) in fails)
            {
                failed.Add(c.Id);
                if (Environment.GetEnvironmentVariable("QUOTEBOT_MATRIX_FAILS") == "1")
                {
                    output.WriteLine($"  FAIL {c.Id}: expected '{c.Speaker ?? "(none)"}', got {r.Got} :: {c.Text.Replace("\n", " / ", StringComparison.Ordinal)}");
                }
            }
        }

        output.WriteLine($"matrix total: {all.Count - failed.Count}/{all.Count} = {(all.Count - failed.Count) / (double)all.Count:F3} ({all.Count(c => c.Speaker is null)} cases with no speaker)");
        var unexpected = failed.Where(id => !KnownGaps.Contains(id)).ToList();
        Assert.True(unexpected.Count == 0, $"{unexpected.Count} cases fail that are no known gap: {string.Join(", ", unexpected.Take(20))}");
        var fixedGaps = KnownGaps.Where(id => !failed.Contains(id)).ToList();
        Assert.True(fixedGaps.Count == 0, $"known gaps that pass now (take them off the list): {string.Join(", ", fixedGaps)}");
    }

    [Fact]
    public void Matrix_HasGuardCasesWithNoSpeakerAndWithAnotherPerson()
    {
        // The matrix checks over-reach too: cases where nobody, or someone other than the nearest name, is right.
        var all = AttributionVariations.All;
        Assert.True(all.Count(c => c.Speaker is null) >= 100, "too few no-speaker cases");
        Assert.True(all.Count(c => c.Class == "guard") >= 150, "too few guard cases");
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
