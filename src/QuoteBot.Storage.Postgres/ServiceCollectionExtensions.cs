using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using QuoteBot.Core.Daily;
using QuoteBot.Core.Follows;
using QuoteBot.Core.Storage;

namespace QuoteBot.Storage.Postgres;

public static class PostgresServiceCollectionExtensions
{
    /// <summary>
    /// Registers one <see cref="PostgresQuoteStore"/> as IQuoteStore, IQuoteSearch and IStateStore, and a
    /// <see cref="PostgresScheduleStore"/> as IScheduleStore (replacing the in-memory default of AddDailyPosts, in
    /// either order), both over one connection pool, and a <see cref="PostgresInstanceLock"/> as IInstanceLock. The host still calls InitializeAsync once at start: it creates
    /// or upgrades the schema under an advisory lock and throws <see cref="PostgresStoreException"/> with a printable
    /// one-line message when the server cannot be used.
    /// </summary>
    public static IServiceCollection AddPostgresStore(this IServiceCollection services, string connectionString, PostgresStoreOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(_ => new PostgresDatabase(connectionString, options));
        services.AddSingleton(sp => new PostgresQuoteStore(sp.GetRequiredService<PostgresDatabase>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IQuoteStore>(sp => sp.GetRequiredService<PostgresQuoteStore>());
        services.AddSingleton<IQuoteSearch>(sp => sp.GetRequiredService<PostgresQuoteStore>());
        services.AddSingleton<IStateStore>(sp => sp.GetRequiredService<PostgresQuoteStore>());
        services.AddSingleton<IArticleStore>(sp => sp.GetRequiredService<PostgresQuoteStore>());
        services.AddSingleton<IFollowStore>(sp => sp.GetRequiredService<PostgresQuoteStore>());
        services.AddSingleton(sp => new PostgresScheduleStore(sp.GetRequiredService<PostgresDatabase>()));
        services.RemoveAll<IScheduleStore>();
        services.RemoveAll<IInstanceLock>();
        services.AddSingleton<IInstanceLock>(sp => new PostgresInstanceLock(sp.GetRequiredService<PostgresDatabase>()));
        services.AddSingleton<IScheduleStore>(sp => sp.GetRequiredService<PostgresScheduleStore>());
        return services;
    }
}
