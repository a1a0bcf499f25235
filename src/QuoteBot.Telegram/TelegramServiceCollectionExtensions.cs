using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using QuoteBot.Core.Daily;
using Telegram.Bot;

namespace QuoteBot.Telegram;

public static class TelegramServiceCollectionExtensions
{
    /// <summary>Name of the HttpClient the bot client uses; its request logging is removed (Bot API URLs contain the token).</summary>
    public const string HttpClientName = "QuoteBot.Telegram";

    /// <summary>
    /// Registers the Telegram adapter: options from section "Telegram" (validated at start), the bot client on a typed
    /// HttpClient without logging handlers, the update handler and dispatcher, the hosted service (polling or webhook),
    /// the chat migration hook and the daily-post <see cref="IChannelPoster"/> for platform "tg". Core (AddQuoteCore)
    /// and a store (IQuoteStore, IQuoteSearch, IStateStore) must be registered too. In webhook mode the host also calls
    /// <see cref="TelegramWebhookEndpoint.MapTelegramWebhook"/>.
    /// </summary>
    public static IServiceCollection AddTelegramAdapter(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TelegramOptions>()
            .Bind(configuration.GetSection(TelegramOptions.SectionName))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TelegramOptions>, TelegramOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);

        // The typed client is held by singletons (the sender, the hosted service), so the factory never recycles its
        // handler: the pooled connections are renewed instead, so DNS changes of api.telegram.org are picked up.
        services.AddHttpClient(HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
            .RemoveAllLoggers()
            .ConfigureHttpClient(c => c.Timeout = TimeSpan.FromSeconds(100))
            .AddTypedClient<ITelegramBotClient>((http, sp) =>
            {
                var o = sp.GetRequiredService<IOptions<TelegramOptions>>().Value;
                var clientOptions = new TelegramBotClientOptions(o.Token!.Trim(), string.IsNullOrWhiteSpace(o.ApiBaseUrl) ? null : o.ApiBaseUrl.TrimEnd('/'))
                {
                    // 429s are handled by this adapter (polling backoff, the outbox for sends), not silently inside the client.
                    RetryThreshold = 0,
                    RetryCount = 0,
                };
                return new TelegramBotClient(clientOptions, http);
            });

        services.TryAddSingleton<TelegramRenderer>();
        services.TryAddSingleton<TelegramOutbox>();
        services.TryAddSingleton<TelegramSender>();
        services.TryAddSingleton<ChatModeration>();
        services.TryAddSingleton<BotIdentity>();
        services.TryAddSingleton<UpdateDispatcher>();
        services.TryAddScoped<TelegramUpdateHandler>();
        services.TryAddEnumerable(ServiceDescriptor.Scoped<ITelegramChatMigration, QuoteScopeMigration>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IChannelPoster, TelegramChannelPoster>());
        services.AddHostedService<TelegramBotService>();
        return services;
    }
}
