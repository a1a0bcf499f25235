using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using QuoteBot.Core;
using QuoteBot.Core.Daily;
using QuoteBot.Discord.Api;

namespace QuoteBot.Discord;

public static class DiscordServiceCollectionExtensions
{
    /// <summary>
    /// The Discord adapter: validated <see cref="DiscordOptions"/> (section "Discord"), our Discord API client, the
    /// renderer, the interaction handler (scoped), the <see cref="IChannelPoster"/> for "dc" and the hosted service
    /// that runs the gateway. Needs a store and AddQuoteCore (added here when missing).
    /// </summary>
    public static IServiceCollection AddDiscordAdapter(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(DiscordOptions.Section);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DiscordOptions>, DiscordOptionsValidator>());
        services.AddOptions<DiscordOptions>().Bind(section).ValidateOnStart();
        services.AddDiscordApiClient(section);
        services.AddQuoteCore();
        services.TryAddSingleton<DiscordRenderer>();
        services.TryAddScoped<DiscordInteractionHandler>();
        services.TryAddSingleton<DiscordChannelPoster>();
        services.AddSingleton<IChannelPoster>(sp => sp.GetRequiredService<DiscordChannelPoster>());
        services.TryAddSingleton<DiscordBotService>();
        services.AddHostedService(sp => sp.GetRequiredService<DiscordBotService>());
        return services;
    }
}
