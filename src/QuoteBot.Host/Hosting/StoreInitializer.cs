using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using QuoteBot.Core.Model;
using QuoteBot.Core.Storage;

namespace QuoteBot.Host.Hosting;

/// <summary>
/// Opens (migrates) the store at start and, on the very first start, imports the bundled sample corpus so a newcomer
/// has something to search. Runs before the chat front ends, which are registered after it.
/// </summary>
public sealed class StoreInitializer(
    IQuoteStore store,
    IOptions<CorpusOptions> corpus,
    TimeProvider time,
    ILogger<StoreInitializer> logger) : IHostedService
{
    private int _done;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _done, 1) == 1)
        {
            return;
        }

        await store.InitializeAsync(cancellationToken);
        if (corpus.Value.LoadSampleWhenEmpty && await store.MaxIdAsync(cancellationToken) == 0)
        {
            var report = await SampleCorpus.LoadAsync(store, corpus.Value.FullSamplePath, time.GetUtcNow(), cancellationToken);
            if (report is null)
            {
                logger.LogWarning("The sample corpus folder {Path} is missing; starting with no quotes", corpus.Value.FullSamplePath);
            }
            else
            {
                foreach (var skipped in report.Skipped)
                {
                    logger.LogWarning("Sample corpus: skipped {Item}", skipped.ToString());
                }

                logger.LogInformation("Loaded {Count} sample quotes from {Articles} articles", report.QuotesAdded, report.Articles);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
