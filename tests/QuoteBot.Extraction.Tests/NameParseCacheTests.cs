namespace QuoteBot.Extraction.Tests;

/// <summary>
/// <see cref="NameParseCache"/> keeps and answers exactly what a <c>Dictionary&lt;long, NameInfo?&gt;</c> would, through
/// growth, overwrites, null results, the key 0, keys that share their top bits (so they queue for the same slot), and
/// emptying between articles, after which it holds no parse result.
/// </summary>
public sealed class NameParseCacheTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void RandomUse_SameAnswersAsADictionary(int seed)
    {
        var rng = new Random(seed);
        var cache = new NameParseCache();
        var model = new Dictionary<long, NameInfo?>();
        var infos = Enumerable.Range(0, 50).Select(i => i % 7 == 0 ? null : new NameInfo { NameStart = i }).ToArray();
        var keys = new List<long>();
        for (var article = 0; article < 30; article++)
        {
            // Articles of very different sizes, so that the table grows several times and is emptied while big.
            var ops = rng.Next(4) == 0 ? rng.Next(5_000, 40_000) : rng.Next(0, 300);
            keys.Clear();
            for (var op = 0; op < ops; op++)
            {
                long key;
                if (keys.Count > 0 && rng.Next(3) == 0)
                {
                    key = keys[rng.Next(keys.Count)];
                }
                else
                {
                    // Packed runs spread by the parser's constant; some share their top bits; now and then the key 0.
                    var start = rng.Next(0, 3_000_000);
                    var packed = ((long)start << 32) | (uint)(start + rng.Next(1, 60));
                    key = rng.Next(50) switch
                    {
                        0 => 0,
                        1 or 2 => (keys.Count > 0 ? keys[rng.Next(keys.Count)] : 1) ^ rng.Next(1, 1 << 20),
                        _ => packed * unchecked((long)0x9E3779B97F4A7C15),
                    };
                    keys.Add(key);
                }

                if (rng.Next(2) == 0)
                {
                    var info = infos[rng.Next(infos.Length)];
                    cache[key] = info;
                    model[key] = info;
                }
                else
                {
                    var found = cache.TryGetValue(key, out var got);
                    Assert.Equal(model.TryGetValue(key, out var want), found);
                    Assert.Same(want, got);
                }

                Assert.Equal(model.Count, cache.Count);
            }

            foreach (var (key, want) in model)
            {
                Assert.True(cache.TryGetValue(key, out var got));
                Assert.Same(want, got);
            }

            cache.Clear();
            model.Clear();
            Assert.Equal(0, cache.Count);
            foreach (var key in keys)
            {
                Assert.False(cache.TryGetValue(key, out var none));
                Assert.Null(none);
            }
        }
    }

    [Fact]
    public void Clear_DropsEveryParseResult()
    {
        var cache = new NameParseCache();
        var weak = Fill(cache);
        cache.Clear();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        Assert.All(weak, w => Assert.False(w.TryGetTarget(out _)));
    }

    // Kept out of line, so that no local of the caller still holds a result.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static List<WeakReference<NameInfo>> Fill(NameParseCache cache)
    {
        var weak = new List<WeakReference<NameInfo>>();
        for (var i = 0; i < 1000; i++)
        {
            var info = new NameInfo { NameStart = i };
            weak.Add(new WeakReference<NameInfo>(info));
            cache[i * unchecked((long)0x9E3779B97F4A7C15)] = info;
        }

        return weak;
    }
}
