using Microsoft.Data.Sqlite;
using QuoteBot.Storage.Sqlite.Postings;

namespace QuoteBot.Storage.Sqlite.Tests;

/// <summary>
/// Makes and fills postings indexes the way the tests need them: small blocks and chunks with the speakers registered in
/// one order (merge, scratch and streaming tests); some quotes in segments, the newest in the tail (search tests).
/// </summary>
internal static class PostingsTestIndex
{
    /// <summary>
    /// A new index in <paramref name="c"/> of <paramref name="block"/>-posting blocks and <paramref name="chunk"/>-block
    /// chunks, segments of any size kept, no tail, the given pair words, and <paramref name="speakers"/>' ids registered in
    /// that order (so every file gives them the same ids).
    /// </summary>
    public static PostingsIndex Create(SqliteConnection c, int block, int chunk, IReadOnlyCollection<string> pairWords, IEnumerable<string> speakers)
    {
        PostingsIndex.Create(c, new PostingsOptions { BlockSize = block, ChunkBlocks = chunk, SegmentMinimum = 1, TailLimit = 0, PairWords = pairWords });
        var index = PostingsIndex.Open(c);
        foreach (var s in speakers)
        {
            index.SpeakerId(s);
        }

        return index;
    }

    /// <summary>
    /// A new index in the file at <paramref name="path"/> (its own unpooled connection) of <paramref name="blockSize"/>-posting
    /// blocks and <paramref name="chunkBlocks"/>-block chunks, a tail of up to <paramref name="tail"/> quotes, segments of 16
    /// and up merged by 50, the given pair words, and <paramref name="quotes"/> written by <see cref="Write"/> (search tests).
    /// </summary>
    public static (SqliteConnection Connection, PostingsIndex Index) Build(
        string path, Dictionary<int, IndexedQuote> quotes, int segments, int tail, int blockSize, int chunkBlocks, IReadOnlyCollection<string>? pairWords = null)
    {
        var c = RawDb.Raw(path);
        PostingsIndex.Create(c, new PostingsOptions
        {
            BlockSize = blockSize, ChunkBlocks = chunkBlocks, TailLimit = tail + 1, SegmentMinimum = 16, MergeFactor = 50, PairWords = pairWords ?? [],
        });
        var index = PostingsIndex.Open(c);
        Write(index, quotes, segments, tail);
        return (c, index);
    }

    /// <summary>
    /// Writes <paramref name="quotes"/> in id order: all but the last <paramref name="tail"/> as <paramref name="segments"/>
    /// segments of about equal size (one write each), then the last ones one at a time into the tail.
    /// </summary>
    public static void Write(PostingsIndex index, Dictionary<int, IndexedQuote> quotes, int segments, int tail)
    {
        var ids = quotes.Keys.Order().ToList();
        var inSegments = ids.Count - tail;
        for (var s = 0; s < segments; s++)
        {
            var part = ids.Skip(inSegments * s / segments).Take(inSegments * (s + 1) / segments - inSegments * s / segments).ToList();
            using var w = index.BeginWrite();
            w.AddAnalyzed(part.Select(id => (id, index.Analyze(quotes[id]))).ToList());
            w.Commit();
        }

        foreach (var id in ids.Skip(inSegments))
        {
            using var w = index.BeginWrite();
            w.Add(id, quotes[id]);
            w.Commit();
        }
    }
}
