using System.Globalization;
using Microsoft.Data.Sqlite;
using QuoteBot.Storage.Sqlite.Postings;

namespace QuoteBot.Storage.Sqlite.Tests;

/// <summary>
/// Issue 16 (session 22): the segment a bulk load writes from its scratch runs is made on one thread while the
/// connection's thread inserts its rows (<see cref="SegmentRowPipe"/>). The rows must be those one thread writes, in
/// pages of any size; a failure on either side must reach the caller (no hang, nothing committed).
/// </summary>
public sealed class SegmentRowPipeTests : IDisposable
{
    private static readonly string[] Words = ["tu", "moutel", "bou", "gea", "chézu", "東京", "\uE000pu", "𝒜da", "zou", "vai"];
    private static readonly string[] Speakers = ["Ada Moutel", "Bea Tu"];

    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(64)] // a page per row or two: the making side waits for the inserting side again and again
    [InlineData(SegmentRowPipe.PageBytes)]
    public void APipedSegmentHoldsTheRowsOfOneWrittenByOneThread(int pageBytes)
    {
        var piped = Load("piped.db", pageBytes);
        var direct = Load("direct.db", 0);
        Assert.Contains(direct, r => r.StartsWith("presence|", StringComparison.Ordinal)); // presence maps made and compared too
        Assert.Contains(direct, r => r.StartsWith("chunks|", StringComparison.Ordinal));
        Assert.Equal(direct, piped);
    }

    [Fact]
    public void AFailureWhileMakingTheTermsIsThrownAndNothingIsCommitted()
    {
        using var c = RawDb.Raw(_dir.File("make.db"));
        using var index = PostingsTestIndex.Create(c, 2, 1, [], Speakers);
        var (ids, lengths) = Docs(400);
        using (index.BeginWrite())
        {
            var error = Assert.Throws<InvalidDataException>(() => index.WriteSegment(ids, lengths, w =>
            {
                WriteTerms(w, 50, ids.Length);
                throw new InvalidDataException("run broken");
            }, pipePageBytes: 64));
            Assert.Equal("run broken", error.Message);
        }

        Assert.Empty(index.Segments());
        Assert.Equal(["0"], PostingsRows.Query(c, "SELECT count(*) FROM px_chunks"));
    }

    [Fact]
    public void AFailureWhileInsertingTheRowsStopsTheMakingSideAndIsThrown()
    {
        using var c = RawDb.Raw(_dir.File("insert.db"));
        using var index = PostingsTestIndex.Create(c, 2, 1, [], Speakers);
        var (ids, lengths) = Docs(400);
        var next = (int)index.Meta("next_segment");
        var madeTerms = 0;
        using (index.BeginWrite())
        {
            // A row already holding the key of the segment's first chunk: its insert fails at once, while the making side
            // has far more pages to hand than may wait.
            using (var cmd = c.CreateCommand())
            {
                cmd.CommandText = "INSERT INTO px_chunks(key, docs) VALUES ($k, x'00')";
                cmd.Parameters.AddWithValue("$k", PostingsIndex.ChunkKey(next, 0, 0));
                cmd.ExecuteNonQuery();
            }

            var error = Assert.Throws<SqliteException>(() => index.WriteSegment(ids, lengths, w =>
            {
                madeTerms = WriteTerms(w, 2_000, ids.Length);
            }, pipePageBytes: 64));
            Assert.Contains("UNIQUE", error.Message, StringComparison.Ordinal);
        }

        Assert.Equal(0, madeTerms); // the making side stopped before writing every term
        Assert.Empty(index.Segments());
        Assert.Equal(["0"], PostingsRows.Query(c, "SELECT count(*) FROM px_chunks"));
    }

    /// <summary>A load of 900 quotes spilled to scratch runs (a run every 60), flushed as one segment piped in pages of <paramref name="pageBytes"/> (0: not piped); its rows.</summary>
    private List<string> Load(string name, int pageBytes)
    {
        using var c = RawDb.Raw(_dir.File(name));
        using var index = PostingsTestIndex.Create(c, 2, 2, ["tu", "bou"], Speakers);
        var rng = new Random(5);
        using var tokenizer = new PostingsTokenizer();
        var load = new PostingsBulkLoad(index, 1) { SpillToScratch = true, PipePageBytes = pageBytes };
        using (var w = index.BeginWrite())
        {
            foreach (var batch in Enumerable.Range(1, 900).Chunk(60))
            {
                load.Add(w, batch.Select(i => (i, Quote(rng, i))).ToList(), () => tokenizer, _ => { });
            }

            load.Flush(w);
            w.Commit();
        }

        load.Complete();
        var rows = PostingsRows.Of(c, withTotals: true);
        rows.AddRange(PostingsRows.Query(c, $"SELECT 'presence', key & {(1L << PostingsIndex.SegmentShift) - 1}, hex(bits) FROM px_presence ORDER BY key"));
        return rows;
    }

    private static IndexedQuote Quote(Random rng, int id) =>
        new(string.Join(' ', Enumerable.Range(0, rng.Next(2, 14)).Select(_ => Words[(int)(Words.Length * Math.Pow(rng.NextDouble(), 1.7))])) + " w" + (id % 23).ToString(CultureInfo.InvariantCulture),
            rng.Next(3) == 0 ? null : Speakers[rng.Next(Speakers.Length)], null);

    private static (int[] Ids, ushort[] Lengths) Docs(int n) =>
        (Enumerable.Range(1, n).ToArray(), Enumerable.Repeat((ushort)5, n).ToArray());

    /// <summary>Terms t0000, t0001, ... each with a posting in every other quote; returns how many were written.</summary>
    private static int WriteTerms(PostingsIndex.TermWriter w, int terms, int docs)
    {
        for (var t = 0; t < terms; t++)
        {
            w.Begin("t" + t.ToString("D4", CultureInfo.InvariantCulture), hasPositions: false);
            for (var ord = t % 2; ord < docs; ord += 2)
            {
                w.Add(ord, 1, default);
            }

            w.End();
        }

        return terms;
    }
}
