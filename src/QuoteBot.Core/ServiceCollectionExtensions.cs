using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using QuoteBot.Core.Commands;
using QuoteBot.Core.Random;
using QuoteBot.Core.Search;

namespace QuoteBot.Core;

public static class ServiceCollectionExtensions
{
    /// <summary>The command layer and its helpers. A store (AddSqliteStore, AddPostgresStore) must be added too.</summary>
    public static IServiceCollection AddQuoteCore(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<RandomQuotePicker>();
        services.TryAddSingleton<QuoteFinder>();
        services.TryAddSingleton<QuoteCommands>();
        return services;
    }
}
