using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using QuoteBot.Core.Follows;
using QuoteBot.Core.Review;
using QuoteBot.Ingest.Articles;
using QuoteBot.Ingest.Feeds;
using QuoteBot.Ingest.Fetching;

namespace QuoteBot.Ingest;

public static class IngestServiceCollectionExtensions
{
    /// <summary>
    /// The fetcher and its HTTP client: resilience per host (bounded retries with backoff, a per-attempt timeout, a
    /// circuit breaker), politeness per host, and the address check on every connection. "Ingest" options are
    /// validated at start.
    /// </summary>
    public static IServiceCollection AddIngest(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(IngestOptions.Section);
        services.AddOptions<IngestOptions>().Configure(o => IngestOptions.Bind(section, o)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<IngestOptions>, IngestOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<HostGate>();
        services.TryAddTransient<PolitenessHandler>();
        services.TryAddSingleton<PageFetcher>();
        services.TryAddSingleton<ArticleIngestor>();
        services.TryAddSingleton<IngestRunner>();
        // The port the chat's /addarticle uses (QuoteBot.Core.Review knows only the interface).
        services.TryAddSingleton<IArticleIngest, ChatArticleIngest>();

        services.AddHttpClient(PageFetcher.ClientName, c => c.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(sp => SafeConnect.CreateHandler(sp.GetRequiredService<IOptions<IngestOptions>>().Value))
            .AddResilienceHandler("ingest", (builder, context) =>
            {
                var o = context.ServiceProvider.GetRequiredService<IOptions<IngestOptions>>().Value;

                // Outermost: the whole exchange up to the response headers, retries included. (The body is read
                // after the pipeline, under the fetcher's own time limit.)
                builder.AddTimeout(o.TimeLimit);
                if (o.Retries > 0)
                {
                    builder.AddRetry(new HttpRetryStrategyOptions
                    {
                        MaxRetryAttempts = o.Retries,
                        Delay = o.RetryDelay,
                        BackoffType = DelayBackoffType.Exponential,
                        UseJitter = true,
                        ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome)),
                    });
                }

                builder.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
                {
                    FailureRatio = 0.8,
                    MinimumThroughput = 5,
                    SamplingDuration = TimeSpan.FromMinutes(1),
                    BreakDuration = TimeSpan.FromSeconds(30),
                    ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome)),
                });
            })
            .SelectPipelineByAuthority();

        // Inside the resilience handler: every attempt waits its turn at the host.
        services.AddHttpClient(PageFetcher.ClientName).AddHttpMessageHandler<PolitenessHandler>();
        return services;
    }

    /// <summary>
    /// Followed feeds: the chat commands and notices (<see cref="FollowServiceCollectionExtensions.AddFollows"/>), the
    /// feed check behind /follow (<see cref="FeedCheck"/>) and the <see cref="FeedPoller"/> with its "Feeds" options,
    /// validated at start. <see cref="AddFeedPolling"/> runs the poller as a hosted service (the bot, not a CLI
    /// command). Needs <see cref="AddIngest"/> and a quote store (every one is an <see cref="IFollowStore"/>).
    /// </summary>
    public static IServiceCollection AddFeedFollowing(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(FeedPollerOptions.Section);
        services.AddOptions<FeedPollerOptions>().Configure(o => FeedPollerOptions.Bind(section, o)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<FeedPollerOptions>, FeedPollerOptionsValidator>());
        services.AddFollows();
        services.TryAddSingleton<IFeedCheck, FeedCheck>();
        services.TryAddSingleton<FeedPoller>();
        return services;
    }

    /// <summary>Runs the <see cref="FeedPoller"/> of <see cref="AddFeedFollowing"/> as a hosted service.</summary>
    public static IServiceCollection AddFeedPolling(this IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, FeedPoller>(sp => sp.GetRequiredService<FeedPoller>()));
        return services;
    }

    /// <summary>Transient failures, except a refused address: that answer does not change by asking again.</summary>
    private static bool IsTransient(Outcome<HttpResponseMessage> outcome)
    {
        for (var e = outcome.Exception; e is not null; e = e.InnerException)
        {
            if (e is BlockedAddressException)
            {
                return false;
            }
        }

        return HttpClientResiliencePredicates.IsTransient(outcome);
    }
}
