using QuoteBot.Storage.Sqlite.Postings;

namespace QuoteBot.Storage.Sqlite.Tests;

/// <summary>Fills a postings index the way the search tests need it: some quotes in segments, the newest in the tail.</summary>
internal static class PostingsTestIndex
{
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
