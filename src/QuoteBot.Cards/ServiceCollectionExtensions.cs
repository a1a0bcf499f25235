using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace QuoteBot.Cards;

public static class ServiceCollectionExtensions
{
    /// <summary>One card renderer (fonts and shapers are loaded once) and the card cache.</summary>
    public static IServiceCollection AddQuoteCards(this IServiceCollection services)
    {
        services.TryAddSingleton<CardRenderer>();
        services.TryAddSingleton(sp => new CardCache(sp.GetRequiredService<CardRenderer>()));
        return services;
    }
}
