using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using QuoteBot.Core.Model;
using QuoteBot.Core.Storage;

namespace QuoteBot.Host.Hosting;

/// <summary>
/// Opens (migrates) the store at start and, on the very first start of a trial (the terminal chat alone: Corpus:LoadSampleWhenEmpty
/// <c>auto</c>), imports the bundled sample corpus so a newcomer has something to search; a deployment starts empty and
/// logs how to import. Runs before the chat front ends, which are registered after it. Says once that a retired
/// setting still in the configuration is ignored (<see cref="SettingsCheck.Retired"/>).
/// </summary>
public sealed class StoreInitializer(
    IQuoteStore store,
    IOptions<CorpusOptions> corpus,
    TimeProvider time,
    ILogger<StoreInitializer> logger,
    IConfiguration? configuration = null) : IHostedService
{
    private int _done;

    public Task StartAsync(CancellationToken cancellationToken) => InitializeAsync(hintWhenEmpty: true, cancellationToken);

    /// <summary>Migrates the store and loads the sample when due; <paramref name="hintWhenEmpty"/> logs how to import into an empty store.</summary>
    public async Task InitializeAsync(bool hintWhenEmpty, CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _done, 1) == 1)
        {
            return;
        }

        foreach (var (key, why) in SettingsCheck.Retired)
        {
            if (configuration?[key] is { } value)
            {
                logger.LogWarning("The setting {Setting} = {Value} is ignored: {Why}; remove it from the configuration ({Variable}).",
                    key, value, why, key.Replace(":", "__", StringComparison.Ordinal));
            }
        }

        await store.InitializeAsync(cancellationToken);
        if (await store.MaxIdAsync(cancellationToken) != 0)
        {
            return;
        }

        if (!corpus.Value.LoadsSample)
        {
            if (hintWhenEmpty)
            {
                logger.LogWarning("The store has no quotes yet: import articles or an export with `quotebot import <file or folder>` (see `quotebot import --help`), or add one with `quotebot add`");
            }

            return;
        }

        var report = await SampleCorpus.LoadAsync(store, corpus.Value.FullSamplePath, time.GetUtcNow(), cancellationToken);
        if (report is null)
        {
            logger.LogWarning("The sample corpus folder {Path} is missing; starting with no quotes", corpus.Value.FullSamplePath);
            return;
        }

        foreach (var skipped in report.Skipped)
        {
            logger.LogWarning("Sample corpus: skipped {Item}", skipped.ToString());
        }

        logger.LogInformation("Loaded {Count} sample quotes from {Articles} articles (the invented demo corpus; Corpus:LoadSampleWhenEmpty)", report.QuotesAdded, report.Articles);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
