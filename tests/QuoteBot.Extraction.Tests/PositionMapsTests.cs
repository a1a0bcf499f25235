namespace QuoteBot.Extraction.Tests;

/// <summary>
/// <c>NameRunCache</c> and <c>PositionMap</c> (session 21) replace two dictionaries keyed by text position with tables
/// whose slots follow the position; a key whose window of slots is full goes to a dictionary beside the table. Each
/// must answer exactly as a Dictionary does, whatever the keys' spacing, across growth and clearing.
/// </summary>
public sealed class PositionMapsTests
{
    // Keys as the extractor makes them (start, end): spread like name runs in prose, then packed (a run of capitalised
    // one-letter words: a key every two characters, with several ends each), then at offset 0 and far out.
    private static IEnumerable<(int Start, int End)> Runs(Random rng, int count, bool packed)
    {
        var pos = rng.Next(0, 50);
        for (var i = 0; i < count; i++)
        {
            pos += packed ? rng.Next(0, 3) : rng.Next(1, 60);
            yield return (pos, pos + 1 + rng.Next(0, packed ? 40 : 25));
        }
    }

    private static long Key(int start, int end) => ((long)start << 32) | (uint)end;

    [Theory]
    [InlineData(false, 1)]
    [InlineData(true, 2)]
    [InlineData(true, 3)]
    public void NameRunCache_AnswersAsADictionary(bool packed, int seed)
    {
        var rng = new Random(seed);
        var cache = new NameRunCache();
        var reference = new Dictionary<long, NameInfo?>();
        for (var article = 0; article < 4; article++)
        {
            // A large article, then smaller ones into the grown (and then shrunk) table.
            var n = article == 0 ? 40_000 : rng.Next(10, 3_000);
            var runs = Runs(rng, n, packed).Append((Start: 0, End: 1)).Append((Start: int.MaxValue - 10, End: int.MaxValue - 1)).ToList();
            foreach (var (start, end) in runs)
            {
                var key = Key(start, end);
                Assert.Equal(reference.TryGetValue(key, out var want), cache.TryGetValue(key, out var got));
                Assert.Same(want, got);
                if (rng.Next(4) > 0)
                {
                    var info = rng.Next(3) == 0 ? null : new NameInfo { NameStart = start };
                    cache[key] = info;
                    reference[key] = info;
                }
            }

            Assert.Equal(reference.Count, cache.Count);
            foreach (var (key, info) in reference)
            {
                Assert.True(cache.TryGetValue(key, out var got));
                Assert.Same(info, got);
            }

            // Keys never stored, between and beside the stored ones.
            foreach (var (start, end) in runs)
            {
                foreach (var other in new[] { Key(start, end + 1), Key(start + 1, end), Key(start, start) })
                {
                    Assert.Equal(reference.ContainsKey(other), cache.TryGetValue(other, out _));
                }
            }

            cache.Clear();
            reference.Clear();
            Assert.Equal(0, cache.Count);
            Assert.False(cache.TryGetValue(Key(runs[0].Start, runs[0].End), out _));
        }
    }

    [Fact]
    public void NameRunCache_ReplacesAValue()
    {
        var cache = new NameRunCache();
        var first = new NameInfo();
        var second = new NameInfo();
        cache[Key(5, 9)] = first;
        cache[Key(5, 9)] = second;
        Assert.Equal(1, cache.Count);
        Assert.True(cache.TryGetValue(Key(5, 9), out var got));
        Assert.Same(second, got);
        cache[Key(5, 9)] = null;
        Assert.True(cache.TryGetValue(Key(5, 9), out got));
        Assert.Null(got);
    }

    [Theory]
    [InlineData(1, 0)]
    [InlineData(2, 1)]
    [InlineData(3, 2)]
    public void PositionMap_AnswersAsADictionary(int seed, int maxGap)
    {
        // maxGap 0: every position from 0 on (sixteen keys per slot's share of text, so most keys overflow their window).
        var rng = new Random(seed);
        var map = new PositionMap();
        var reference = new Dictionary<int, int>();
        for (var article = 0; article < 4; article++)
        {
            var n = article == 0 ? 30_000 : rng.Next(10, 2_000);
            var positions = new List<int>();
            var pos = 0;
            for (var i = 0; i < n; i++)
            {
                positions.Add(pos);
                pos += maxGap == 0 ? 1 : rng.Next(1, 40 * maxGap);
            }

            positions.Add(int.MaxValue - 1);
            foreach (var p in positions)
            {
                Assert.Equal(reference.TryGetValue(p, out var want), map.TryGetValue(p, out var got));
                Assert.Equal(want, got);
                var value = rng.Next(-1, 500);
                map[p] = value;
                reference[p] = value;
                if (rng.Next(5) == 0)
                {
                    map[p] = value + 1;
                    reference[p] = value + 1;
                }
            }

            Assert.Equal(reference.Count, map.Count);
            foreach (var (p, v) in reference)
            {
                Assert.True(map.TryGetValue(p, out var got));
                Assert.Equal(v, got);
            }

            foreach (var p in positions)
            {
                Assert.Equal(reference.ContainsKey(p + 1), map.TryGetValue(p + 1, out _));
            }

            map.Clear();
            reference.Clear();
            Assert.Equal(0, map.Count);
            Assert.False(map.TryGetValue(positions[0], out _));
        }
    }
}
