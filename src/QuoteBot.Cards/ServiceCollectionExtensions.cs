using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using QuoteBot.Core.Commands;

namespace QuoteBot.Cards;

public static class ServiceCollectionExtensions
{
    /// <summary>One card renderer (fonts and shapers are loaded once), the card cache, and cards for chat replies.</summary>
    public static IServiceCollection AddQuoteCards(this IServiceCollection services)
    {
        services.TryAddSingleton<CardRenderer>();
        services.TryAddSingleton(sp => new CardCache(sp.GetRequiredService<CardRenderer>()));
        services.TryAddSingleton<IQuoteCardImages, CardImages>();
        return services;
    }
}
