using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using QuoteBot.Core.Daily;
using QuoteBot.Core.Follows;
using QuoteBot.Core.Storage;
using QuoteBot.Storage.Sqlite.Daily;

namespace QuoteBot.Storage.Sqlite;

public static class SqliteServiceCollectionExtensions
{
    /// <summary>
    /// Registers everything the SQLite file <paramref name="path"/> provides, as AddPostgresStore does for
    /// PostgreSQL: one <see cref="SqliteDatabase"/>, one <see cref="SqliteQuoteStore"/> over it as IQuoteStore,
    /// IQuoteSearch, IStateStore and IArticleStore, and a <see cref="SqliteScheduleStore"/> over the same database as IScheduleStore
    /// (replacing the in-memory default of AddDailyPosts, in either order). The host still calls
    /// <see cref="IQuoteStore.InitializeAsync"/> once at start: it creates or upgrades the whole file's schema and
    /// throws <see cref="SqliteStoreException"/> with a printable message for a bad file.
    /// </summary>
    public static IServiceCollection AddSqliteStore(this IServiceCollection services, string path, SqliteStoreOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(_ => new SqliteDatabase(path, options));
        services.AddSingleton(sp => new SqliteQuoteStore(sp.GetRequiredService<SqliteDatabase>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IQuoteStore>(sp => sp.GetRequiredService<SqliteQuoteStore>());
        services.AddSingleton<IQuoteSearch>(sp => sp.GetRequiredService<SqliteQuoteStore>());
        services.AddSingleton<IStateStore>(sp => sp.GetRequiredService<SqliteQuoteStore>());
        services.AddSingleton<IArticleStore>(sp => sp.GetRequiredService<SqliteQuoteStore>());
        services.AddSingleton<IFollowStore>(sp => sp.GetRequiredService<SqliteQuoteStore>());
        services.AddSingleton(sp => new SqliteScheduleStore(sp.GetRequiredService<SqliteDatabase>()));
        services.RemoveAll<IScheduleStore>();
        services.AddSingleton<IScheduleStore>(sp => sp.GetRequiredService<SqliteScheduleStore>());
        return services;
    }
}
