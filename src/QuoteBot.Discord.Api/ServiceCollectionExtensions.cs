using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using QuoteBot.Discord.Api.Gateway;
using QuoteBot.Discord.Api.Rest;

namespace QuoteBot.Discord.Api;

public static class ServiceCollectionExtensions
{
    /// <summary>Name of the HttpClient the REST client uses (its request/response loggers are removed: URLs carry interaction tokens).</summary>
    public const string HttpClientName = "QuoteBot.Discord.Api";

    /// <summary>Registers <see cref="DiscordRestClient"/>, <see cref="DiscordGatewayClient"/> (one shard), <see cref="DiscordShardManager"/> (this process's shards) and <see cref="IdentifyGate"/> as singletons, binding options from <paramref name="section"/> (e.g. the "Discord" section).</summary>
    public static IServiceCollection AddDiscordApiClient(this IServiceCollection services, IConfiguration section)
    {
        services.AddOptions<DiscordClientOptions>().Bind(section);
        return AddCore(services);
    }

    /// <summary>Registers the Discord clients, configuring options in code.</summary>
    public static IServiceCollection AddDiscordApiClient(this IServiceCollection services, Action<DiscordClientOptions> configure)
    {
        services.AddOptions<DiscordClientOptions>().Configure(configure);
        return AddCore(services);
    }

    private static IServiceCollection AddCore(IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddHttpClient(HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
            .RemoveAllLoggers();
        services.TryAddSingleton(sp => new IdentifyGate(sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => new DiscordRestClient(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName),
            sp.GetRequiredService<IOptions<DiscordClientOptions>>(),
            sp.GetService<ILogger<DiscordRestClient>>(),
            sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => new DiscordGatewayClient(
            sp.GetRequiredService<DiscordRestClient>(),
            sp.GetRequiredService<IOptions<DiscordClientOptions>>(),
            sp.GetService<ILogger<DiscordGatewayClient>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IdentifyGate>()));
        services.TryAddSingleton(sp => new DiscordShardManager(
            sp.GetRequiredService<DiscordRestClient>(),
            sp.GetRequiredService<IOptions<DiscordClientOptions>>(),
            sp.GetService<ILoggerFactory>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IdentifyGate>()));
        return services;
    }
}
