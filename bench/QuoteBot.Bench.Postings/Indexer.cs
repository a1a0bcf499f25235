using System.Diagnostics;
using QuoteBot.Core.Model;

namespace QuoteBot.Bench.Postings;

/// <summary>
/// Bulk-builds a segment from quotes in id order: batches are tokenized (and their bodies compressed) in parallel, one
/// tokenizer per thread, while the previous batch is appended to the segment on another thread.
/// </summary>
internal static class Indexer
{
    public const int BatchSize = 4096;

    public sealed record Summary(int Quotes, long PeakBufferedBytes, int Runs, double FinishSeconds);

    public static Summary Build(IEnumerable<NewQuote> quotes, string path, SegmentOptions options)
    {
        using var builder = new SegmentBuilder(path, options);
        using var tokenizers = new ThreadLocal<(Tokenizer Tokenizer, List<string> Scratch)>(() => (new Tokenizer(), []), trackAllValues: true);
        Task pending = Task.CompletedTask;
        var batch = new List<NewQuote>(BatchSize);
        try
        {
            foreach (var q in quotes)
            {
                batch.Add(q);
                if (batch.Count == BatchSize)
                {
                    pending = Next(batch, pending);
                    batch = new List<NewQuote>(BatchSize);
                }
            }

            pending = Next(batch, pending);
            pending.GetAwaiter().GetResult();
            var sw = Stopwatch.StartNew();
            builder.Finish();
            return new Summary(builder.Quotes, builder.PeakBuffered, builder.RunCount, sw.Elapsed.TotalSeconds);
        }
        finally
        {
            foreach (var (t, _) in tokenizers.Values)
            {
                t.Dispose();
            }
        }

        Task Next(List<NewQuote> items, Task previous)
        {
            var analyses = new Analysis[items.Count];
            var bodies = new byte[items.Count][];
            Parallel.For(0, items.Count, i =>
            {
                var (t, scratch) = tokenizers.Value;
                analyses[i] = Analysis.Of(t, items[i], scratch);
                bodies[i] = builder.Codec.Encode(items[i]);
            });
            previous.GetAwaiter().GetResult();
            return Task.Run(() =>
            {
                for (var i = 0; i < items.Count; i++)
                {
                    builder.Add(items[i], analyses[i], bodies[i]);
                }
            });
        }
    }
}
