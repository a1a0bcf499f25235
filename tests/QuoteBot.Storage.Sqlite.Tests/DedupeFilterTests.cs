namespace QuoteBot.Storage.Sqlite.Tests;

/// <summary>The bulk load's filter of inserted (scope, dedupe hash) pairs: never misses a pair it was given, and rarely claims one it was not.</summary>
public sealed class DedupeFilterTests
{
    [Fact]
    public void TheFilterHoldsEveryPairAddedAndFewOthers()
    {
        var rng = new Random(17);
        var filter = new DedupeFilter(log2Bits: 20); // 1 Mibit: 100,000 pairs fill it as a million fill the default
        var added = new HashSet<(string, long)>();
        for (var i = 0; i < 100_000; i++)
        {
            var pair = (i % 7 == 0 ? "telegram:-1001" : "global", rng.NextInt64());
            added.Add(pair);
            filter.Add(pair.Item1, pair.Item2);
        }

        Assert.All(added, p => Assert.True(filter.MayContain(p.Item1, p.Item2)));

        var falsePositives = 0;
        for (var i = 0; i < 100_000; i++)
        {
            var pair = ("global", rng.NextInt64());
            falsePositives += !added.Contains(pair) && filter.MayContain(pair.Item1, pair.Item2) ? 1 : 0;
        }

        Assert.InRange(falsePositives, 0, 6_000); // ~3 % expected at this fill
    }

    [Fact]
    public void TheSameHashInAnotherScopeIsNotHeld()
    {
        var filter = new DedupeFilter();
        var rng = new Random(3);
        var hashes = Enumerable.Range(0, 1_000).Select(_ => rng.NextInt64()).ToList();
        foreach (var h in hashes)
        {
            filter.Add("global", h);
        }

        Assert.True(hashes.Count(h => filter.MayContain("telegram:-1001", h)) < 5);
        Assert.Throws<ArgumentOutOfRangeException>(() => new DedupeFilter(log2Bits: 40));
    }
}
