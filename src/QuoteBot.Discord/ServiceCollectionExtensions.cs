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
        // The client options bind the same section (ShardCount as a number): check the adapter's settings first, so a typo
        // stops the host with the validator's one line naming the setting instead of a binder exception.
        services.AddOptions<DiscordClientOptions>().Configure<IOptions<DiscordOptions>>(static (_, adapter) => GC.KeepAlive(adapter.Value));
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
