using System.Text;
using QuoteBot.Storage.Sqlite.Postings;

namespace QuoteBot.Storage.Sqlite.Tests;

/// <summary>
/// The bulk load's term look-ups kept from batch to batch (session 22): the analyser's UTF-8 map (keys of up to eight
/// bytes held in the entry) agrees with a dictionary, and the term order kept from spill to spill is the full code point
/// sort of every term numbered, as terms keep coming and after the numbers are forgotten.
/// </summary>
public sealed class BulkTermLookupTests
{
    [Fact]
    public void TheUtf8MapAgreesWithADictionaryForShortLongAndNearlyEqualKeys()
    {
        var rng = new Random(22);
        var map = new Utf8TermMap();
        for (var round = 0; round < 2; round++)
        {
            var expected = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var i = 0; i < 30_000; i++)
            {
                var key = RandomKey(rng);
                var bytes = Encoding.UTF8.GetBytes(key);
                var had = map.TryGet(bytes, out var got);
                Assert.Equal(expected.TryGetValue(key, out var want), had);
                if (had)
                {
                    Assert.Equal(want, got);
                }
                else
                {
                    Assert.Equal(-1, got);
                    map.Add(bytes, i);
                    expected[key] = i;
                }
            }

            Assert.Equal(expected.Count, map.Count);
            foreach (var (key, value) in expected)
            {
                Assert.True(map.TryGet(Encoding.UTF8.GetBytes(key), out var got));
                Assert.Equal(value, got);
            }

            map.Clear();
            Assert.Equal(0, map.Count);
            Assert.False(map.TryGet("a"u8, out _));
        }
    }

    [Fact]
    public void TheUtf8MapTellsApartKeysThatShareTheirFirstEightBytesOrDifferOnlyByATrailingZero()
    {
        var map = new Utf8TermMap();
        byte[][] keys =
        [
            [], [0], [0, 0], [(byte)'a'], [(byte)'a', 0], "abcdefgh"u8.ToArray(), "abcdefgh\0"u8.ToArray(), "abcdefghi"u8.ToArray(),
            "abcdefghij"u8.ToArray(), "abcdefghik"u8.ToArray(), "abcdefghijklmnopq"u8.ToArray(), "abcdefghijklmnopr"u8.ToArray(),
            "abcdefghijklmnop"u8.ToArray(), "abcdefg"u8.ToArray(),
        ];
        for (var i = 0; i < keys.Length; i++)
        {
            Assert.False(map.TryGet(keys[i], out _));
            map.Add(keys[i], i);
        }

        for (var i = 0; i < keys.Length; i++)
        {
            Assert.True(map.TryGet(keys[i], out var got));
            Assert.Equal(i, got);
        }

        Assert.False(map.TryGet("abcdefghijklmnopqr"u8, out _));
        Assert.False(map.TryGet("abcdefgi"u8, out _));
        Assert.False(map.TryGet([0, 0, 0], out _));
    }

    [Fact]
    public void TheTermOrderIsTheCodePointSortOfEveryTermNumberedAsTermsComeAndAfterTheyAreForgotten()
    {
        var rng = new Random(7);
        var table = new BulkTerms();
        var order = new PostingsBulkLoad.TermOrder();
        for (var round = 0; round < 3; round++)
        {
            for (var spill = 0; spill < 12; spill++)
            {
                // New terms between two spills: many at first, then few (as a load's vocabulary fills), some met again.
                var fresh = spill == 0 ? 2_000 : rng.Next(0, 60);
                for (var i = 0; i < fresh; i++)
                {
                    table.IdOf(RandomKey(rng));
                }

                var names = table.Names(out var count);
                var want = Enumerable.Range(0, count).OrderBy(id => names[id], CodePointOrder.Instance).ToArray();
                Assert.Equal(want, order.Update(table).ToArray());
            }

            table.Clear();
            order.Clear();
            Assert.Equal(0, order.Update(table).Length);
        }
    }

    /// <summary>Keys from a few short stems (so many share prefixes), some past eight bytes, some outside ASCII and the BMP.</summary>
    private static string RandomKey(Random rng)
    {
        string[] stems = ["a", "ab", "abcdefg", "abcdefgh", "abcdefghij", "zz", "é", "\u00ff\u0100", "\ud83d\ude00", "\uffff", "\ue000", "x"];
        var sb = new StringBuilder(stems[rng.Next(stems.Length)]);
        var more = rng.Next(0, 4);
        for (var i = 0; i < more; i++)
        {
            sb.Append(rng.Next(4) == 0 ? stems[rng.Next(stems.Length)] : ((char)('a' + rng.Next(26))).ToString());
        }

        return sb.ToString();
    }
}
