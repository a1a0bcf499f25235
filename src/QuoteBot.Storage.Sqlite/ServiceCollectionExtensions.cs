using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using QuoteBot.Core.Storage;

namespace QuoteBot.Storage.Sqlite;

public static class SqliteServiceCollectionExtensions
{
    /// <summary>
    /// Registers one <see cref="SqliteQuoteStore"/> over <paramref name="path"/> as IQuoteStore, IQuoteSearch,
    /// IStateStore and IArticleStore. The host still calls <see cref="IQuoteStore.InitializeAsync"/> once at start (it creates or
    /// upgrades the schema and throws <see cref="SqliteStoreException"/> with a printable message for a bad file).
    /// </summary>
    public static IServiceCollection AddSqliteStore(this IServiceCollection services, string path, SqliteStoreOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new SqliteQuoteStore(path, options, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IQuoteStore>(sp => sp.GetRequiredService<SqliteQuoteStore>());
        services.AddSingleton<IQuoteSearch>(sp => sp.GetRequiredService<SqliteQuoteStore>());
        services.AddSingleton<IStateStore>(sp => sp.GetRequiredService<SqliteQuoteStore>());
        services.AddSingleton<IArticleStore>(sp => sp.GetRequiredService<SqliteQuoteStore>());
        return services;
    }
}
