using QuoteBot.Storage.Sqlite.Postings;

namespace QuoteBot.Storage.Sqlite.Tests;

/// <summary>The bulk analyser's map of pair term numbers by word numbers agrees with a dictionary as it grows and after a clear.</summary>
public sealed class PairIdMapTests
{
    [Fact]
    public void TheMapAgreesWithADictionaryThroughGrowthAndClear()
    {
        var rng = new Random(9);
        var map = new PairIdMap();
        for (var round = 0; round < 2; round++)
        {
            var expected = new Dictionary<(int, int), int>();
            for (var i = 0; i < 20_000; i++)
            {
                // Word numbers from a small range (many repeats), some large, and the order of the two words matters.
                var a = rng.Next(3) == 0 ? rng.Next(int.MaxValue) : rng.Next(300);
                var b = rng.Next(3) == 0 ? rng.Next(int.MaxValue) : rng.Next(300);
                var had = map.TryGet(a, b, out var got);
                Assert.Equal(expected.TryGetValue((a, b), out var want), had);
                if (had)
                {
                    Assert.Equal(want, got);
                }
                else
                {
                    Assert.Equal(-1, got);
                    map.Add(a, b, i);
                    expected[(a, b)] = i;
                }
            }

            Assert.Equal(expected.Count, map.Count);
            Assert.True(map.TryGet(5, 7, out _) == expected.ContainsKey((5, 7)));
            Assert.True(map.TryGet(7, 5, out _) == expected.ContainsKey((7, 5)));
            map.Clear();
            Assert.Equal(0, map.Count);
            Assert.False(map.TryGet(1, 2, out _));
        }
    }
}
