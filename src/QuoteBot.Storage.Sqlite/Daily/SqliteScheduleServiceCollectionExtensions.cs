using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using QuoteBot.Core.Daily;

namespace QuoteBot.Storage.Sqlite.Daily;

public static class SqliteScheduleServiceCollectionExtensions
{
    /// <summary>
    /// Keeps daily-post schedules in the quote database file <paramref name="path"/> (the same path given to
    /// AddSqliteStore). Replaces the in-memory schedule store of AddDailyPosts, whichever is called first.
    /// </summary>
    public static IServiceCollection AddSqliteScheduleStore(this IServiceCollection services, string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        services.Replace(ServiceDescriptor.Singleton<IScheduleStore>(_ => new SqliteScheduleStore(path)));
        return services;
    }
}
