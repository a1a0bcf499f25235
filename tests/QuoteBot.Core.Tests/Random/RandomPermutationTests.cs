using QuoteBot.Core.Random;

namespace QuoteBot.Core.Tests.Random;

public class RandomPermutationTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(7)]
    [InlineData(100)]
    [InlineData(1000)]
    [InlineData(4097)]
    public void Map_IsABijectionOnTheRange(long n)
    {
        var seen = new HashSet<long>();
        for (long i = 0; i < n; i++)
        {
            var v = RandomPermutation.Map(i, n, 12345);
            Assert.InRange(v, 0, n - 1);
            Assert.True(seen.Add(v));
        }
    }

    [Fact]
    public void Map_DifferentSeeds_DifferentOrders()
    {
        var a = Enumerable.Range(0, 50).Select(i => RandomPermutation.Map(i, 50, 1)).ToArray();
        var b = Enumerable.Range(0, 50).Select(i => RandomPermutation.Map(i, 50, 2)).ToArray();
        Assert.NotEqual(a, b);
        Assert.NotEqual(Enumerable.Range(0, 50).Select(i => (long)i), a);
    }
}
