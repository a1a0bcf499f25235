using System.Globalization;
using Microsoft.Data.Sqlite;
using QuoteBot.Core.Search;
using QuoteBot.Storage.Sqlite.Postings;

namespace QuoteBot.Storage.Sqlite.Tests;

/// <summary>
/// The final merge of a bulk load's many spills (inputs in a heap by term bytes, lists joined one after another) and
/// the block fronts written without a sort: checked against the same quotes written as one segment from whole lists
/// (every row byte for byte) and against the fronts computed by sorting, with terms whose UTF-8 byte order and UTF-16
/// order differ (letters beyond U+FFFF against U+E000..U+FFFF).
/// </summary>
public sealed class PostingsMergeTests : IDisposable
{
    // Plain words, diacritics, CJK, fullwidth letters (U+FF41..), private use (U+E000), letters beyond the BMP
    // (surrogate pairs in UTF-16, which sort below U+E000 there but above it in code point order).
    private static readonly string[] Words =
    [
        "tu", "moutel", "bou", "gea", "fa", "chézu", "lai", "stou", "東京", "ｆｕｌｌ", "\uE000pu", "𝒜da", "𝔟ou", "zou", "vai",
        "ｚｅｎ", "\uE001ka", "𐐀lo",
    ];

    private static readonly string[] Speakers = ["Ada Moutel", "Bea Tu", "Cid 東京"];

    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private SqliteConnection Connect(string name) => RawDb.Raw(_dir.File(name));

    private static PostingsIndex Create(SqliteConnection c, int block, int chunk) =>
        PostingsTestIndex.Create(c, block, chunk, ["tu", "bou", "東京"], Speakers);

    private static IndexedQuote Quote(Random rng, int id)
    {
        // A word only some spills hold (by id), so inputs run out of terms at different places.
        var words = new List<string> { "tu", "w" + (id / 37).ToString(CultureInfo.InvariantCulture) };
        words.AddRange(Enumerable.Range(0, rng.Next(1, 9)).Select(_ => Words[(int)(Words.Length * Math.Pow(rng.NextDouble(), 1.5))]));
        return new IndexedQuote(string.Join(' ', words.OrderBy(_ => rng.Next())) + ".", rng.Next(4) == 0 ? null : Speakers[rng.Next(Speakers.Length)],
            rng.Next(2) == 0 ? null : Words[rng.Next(Words.Length)]);
    }

    [Theory]
    [InlineData(2, 1, 7)]
    [InlineData(3, 2, 13)]
    [InlineData(128, 15, 25)]
    public void ALoadOfManySpillsMergesToTheRowsOfOneSegmentWrittenWhole(int block, int chunk, int perSpill)
    {
        var rng = new Random(block * 7 + perSpill);
        var quotes = Enumerable.Range(1, 900).ToDictionary(i => i, i => Quote(rng, i));
        using var bc = Connect("bulk.db");
        using var bulk = Create(bc, block, chunk);
        var load = bulk.BeginBulkLoad(1); // a spill at every call
        for (var first = 1; first <= quotes.Count; first += perSpill)
        {
            load.Add(Enumerable.Range(first, Math.Min(perSpill, quotes.Count - first + 1)).Select(i => (i, bulk.Analyze(quotes[i]))).ToList());
        }

        var spills = load.Segments.Count;
        Assert.True(spills >= 36, $"{spills} spills");
        Assert.NotEqual(0, load.Complete());
        Assert.Single(bulk.Segments());
        Assert.True(bulk.LastMergeOrdered);

        using var oc = Connect("whole.db");
        using var whole = Create(oc, block, chunk);
        using (var w = whole.BeginWrite())
        {
            w.AddAnalyzed(quotes.Select(x => (x.Key, whole.Analyze(x.Value))).ToList());
            w.Commit();
        }

        Assert.Equal(PostingsRows.Of(oc), PostingsRows.Of(bc));
        // Terms the two orders disagree on were there to merge.
        var terms = PostingsRows.Query(bc, "SELECT term FROM px_terms");
        Assert.Contains(terms, t => t.Any(char.IsSurrogate));
        Assert.Contains(terms, t => t.Any(ch => ch >= '\uE000' && !char.IsSurrogate(ch)));

        using var tokenizer = new PostingsTokenizer();
        foreach (var text in new[] { "tu", "東京", "ｆｕｌｌ", "𝒜da", "\"tu bou\"", "speaker:moutel zou", "w3 tu" })
        {
            var q = PostingsQuery.From(QueryParser.Parse(text).Query!, tokenizer);
            Assert.Equal(whole.Search(q, 30), bulk.Search(q, 30));
        }
    }

    [Fact]
    public void SegmentsWhoseQuotesInterleaveAreJoinedByOrdinal()
    {
        // Two loads' worth of segments over alternating id ranges, merged together: not one range after another.
        var rng = new Random(5);
        var quotes = Enumerable.Range(1, 200).ToDictionary(i => i, i => Quote(rng, i));
        using var hc = Connect("history.db");
        using var history = Create(hc, 2, 1);
        foreach (var parity in new[] { 0, 1 })
        {
            using var w = history.BeginWrite();
            w.AddAnalyzed(quotes.Where(x => x.Key % 2 == parity).Select(x => (x.Key, history.Analyze(x.Value))).ToList());
            w.Commit();
        }

        Assert.Equal(2, history.Segments().Count);
        history.Merge(history.Segments().Select(s => s.Id).ToList());
        Assert.False(history.LastMergeOrdered);

        using var oc = Connect("whole.db");
        using var whole = Create(oc, 2, 1);
        using (var w = whole.BeginWrite())
        {
            w.AddAnalyzed(quotes.Select(x => (x.Key, whole.Analyze(x.Value))).ToList());
            w.Commit();
        }

        Assert.Equal(PostingsRows.Of(oc), PostingsRows.Of(hc));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(8)]
    [InlineData(128)]
    public void BlockFrontsEqualTheFrontsFoundBySorting(int block)
    {
        // Frequencies mostly small, some at and over the no-sort path's limit (256), lengths with ties.
        var rng = new Random(block);
        var n = 3000;
        var lengths = Enumerable.Range(0, n).Select(_ => (ushort)rng.Next(1, 40)).ToArray();
        var wtfs = Enumerable.Range(0, n).Select(_ => rng.Next(10) switch
        {
            0 => rng.Next(250, 300),
            1 => rng.Next(0, 4),
            _ => rng.Next(1, 6),
        }).ToArray();
        using var c = Connect("front.db");
        using var index = Create(c, block, 3);
        using (var w = index.BeginWrite())
        {
            index.WriteSegment(Enumerable.Range(1, n).ToArray(), lengths, writer =>
            {
                writer.Begin("\u0001pair", false); // (a pseudo-term: no positions)
                for (var ord = 0; ord < n; ord++)
                {
                    writer.Add(ord, wtfs[ord], []);
                }

                writer.End();
            });
            w.Commit();
        }

        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT skip FROM px_terms";
        var skip = (byte[])cmd.ExecuteScalar()!;
        var at = 0;
        for (var start = 0; start < n; start += block)
        {
            Varint.Read(skip, ref at); // last ordinal's delta
            Varint.Read(skip, ref at); // postings bytes
            Varint.Read(skip, ref at); // positions bytes
            var front = new List<(int, int)>();
            for (var k = Varint.Read(skip, ref at); k > 0; k--)
            {
                front.Add((Varint.Read(skip, ref at), Varint.Read(skip, ref at)));
            }

            Assert.Equal(SortedFront(Enumerable.Range(start, Math.Min(block, n - start)).Select(i => (wtfs[i], (int)lengths[i]))), front);
        }

        Assert.Equal(skip.Length, at);
    }

    [Fact]
    public void CodePointOrderIsTheOrderOfUtf8Bytes()
    {
        var rng = new Random(3);
        var alphabet = new[] { "a", "b", "é", "東", "\uE000", "\uFFFD", "ｆ", "𝒜", "𐐀", "\u0001", "\u0002", "" };
        var terms = Enumerable.Range(0, 400).Select(_ => string.Concat(Enumerable.Range(0, rng.Next(0, 5)).Select(_ => alphabet[rng.Next(alphabet.Length)]))).ToList();
        var byCodePoint = terms.Order(CodePointOrder.Instance).ToList();
        var byBytes = terms.OrderBy(t => System.Text.Encoding.UTF8.GetBytes(t), Comparer<byte[]>.Create((x, y) => x.AsSpan().SequenceCompareTo(y))).ToList();
        Assert.Equal(byBytes, byCodePoint);
        Assert.True(CodePointOrder.Instance.Compare("\uFFFD", "𝒜") < 0);
        Assert.True(CodePointOrder.Instance.Compare("ab", "abc") < 0);
        Assert.Equal(0, CodePointOrder.Instance.Compare("東京", "東京"));
    }

    /// <summary>The front as it was found before (sorted by frequency from the highest, then length from the shortest).</summary>
    private static List<(int, int)> SortedFront(IEnumerable<(int Wtf, int Length)> pairs)
    {
        var front = new List<(int, int)>();
        var shortest = int.MaxValue;
        foreach (var (wtf, length) in pairs.OrderByDescending(p => p.Wtf).ThenBy(p => p.Length))
        {
            if (length < shortest)
            {
                front.Add((wtf, length));
                shortest = length;
            }
        }

        return front;
    }
}
