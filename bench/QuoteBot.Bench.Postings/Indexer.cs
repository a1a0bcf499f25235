using System.Diagnostics;
using QuoteBot.Core.Model;

namespace QuoteBot.Bench.Postings;

/// <summary>
/// Bulk-builds a segment from quotes in id order: batches are tokenized (and their bodies compressed) in parallel, one
/// tokenizer per thread, while the previous batch is appended to the segment on another thread.
/// </summary>
internal static class Indexer
{
    public const int BatchSize = 2048;

    public sealed record Summary(int Quotes, long PeakBufferedBytes, int Runs, double FinishSeconds);

    /// <summary>Pair words: tokens in at least this share of the first batch's quotes (the commonest <see cref="MaxPairWords"/>).</summary>
    public const double PairWordShare = 0.1;

    public const int MaxPairWords = 32;

    public static Summary Build(IEnumerable<NewQuote> quotes, string path, SegmentOptions options)
    {
        using var builder = new SegmentBuilder(path, options);
        IReadOnlySet<string>? pairWords = null;
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
                    pairWords ??= ChoosePairWords(batch);
                    pending = Next(batch, pending);
                    batch = new List<NewQuote>(BatchSize);
                }
            }

            pairWords ??= ChoosePairWords(batch);
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

        // As the store does (migration 8), but from the first batch: the tokens held by at least one quote in ten.
        IReadOnlySet<string> ChoosePairWords(List<NewQuote> first)
        {
            var (t, scratch) = tokenizers.Value;
            var df = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var q in first)
            {
                foreach (var term in Analysis.Of(t, q, scratch).Terms.Keys)
                {
                    df[term] = df.GetValueOrDefault(term) + 1;
                }
            }

            var words = df.Where(x => x.Value >= PairWordShare * first.Count && first.Count >= options.PairWordsMinQuotes)
                .OrderByDescending(x => x.Value).ThenBy(x => x.Key, StringComparer.Ordinal).Take(MaxPairWords).Select(x => x.Key).ToHashSet(StringComparer.Ordinal);
            builder.SetPairWords(words);
            return words;
        }

        Task Next(List<NewQuote> items, Task previous)
        {
            var analyses = new Analysis[items.Count];
            var bodies = new byte[items.Count][];
            Parallel.For(0, items.Count, i =>
            {
                var (t, scratch) = tokenizers.Value;
                analyses[i] = Analysis.Of(t, items[i], scratch, pairWords, options.PairsWithAnyWord);
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
