using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using QuoteBot.Core.Commands;
using QuoteBot.Core.Random;
using QuoteBot.Core.Search;

namespace QuoteBot.Core.Daily;

public static class DailyServiceCollectionExtensions
{
    /// <summary>
    /// Daily quote posts: the /daily command, the pause notice, the scheduler (a hosted service) and the "Daily"
    /// options, validated at start. The schedule store defaults to <see cref="InMemoryScheduleStore"/>;
    /// AddSqliteStore (or AddPostgresStore) replaces it, in either order. Each chat adapter registers its
    /// <see cref="IChannelPoster"/>; subscriptions of platforms without one are left alone by this process.
    /// Needs IQuoteStore, IQuoteSearch and IStateStore (a quote store) like <see cref="ServiceCollectionExtensions.AddQuoteCore"/>.
    /// </summary>
    public static IServiceCollection AddDailyPosts(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(DailyOptions.Section);
        services.AddOptions<DailyOptions>().Configure(o => Bind(section, o)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DailyOptions>, DailyOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<RandomQuotePicker>();
        services.TryAddSingleton<QuoteFinder>();
        services.TryAddSingleton<IScheduleStore, InMemoryScheduleStore>();
        services.TryAddSingleton<DailySignal>();
        services.TryAddSingleton<DailyQuoteSource>();
        services.TryAddSingleton<DailyPostRunner>();
        services.TryAddSingleton<DailyPostScheduler>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, DailyPostScheduler>(sp => sp.GetRequiredService<DailyPostScheduler>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IChatCommand, DailyCommand>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IReplyNotice, DailyPauseNotice>());
        return services;
    }

    private static void Bind(IConfigurationSection section, DailyOptions o)
    {
        o.Enabled = ReadBool(section, nameof(DailyOptions.Enabled), o.Enabled, o);
        o.GracePeriod = ReadSpan(section, nameof(DailyOptions.GracePeriod), o.GracePeriod, o);
        o.SendInterval = ReadSpan(section, nameof(DailyOptions.SendInterval), o.SendInterval, o);
        o.MaxConcurrentPosts = ReadInt(section, nameof(DailyOptions.MaxConcurrentPosts), o.MaxConcurrentPosts, o);
        o.RetryDelay = ReadSpan(section, nameof(DailyOptions.RetryDelay), o.RetryDelay, o);
        o.PollInterval = ReadSpan(section, nameof(DailyOptions.PollInterval), o.PollInterval, o);
        o.PauseAfterFailures = ReadInt(section, nameof(DailyOptions.PauseAfterFailures), o.PauseAfterFailures, o);
        o.FilterPoolCap = ReadInt(section, nameof(DailyOptions.FilterPoolCap), o.FilterPoolCap, o);
        if (section[nameof(DailyOptions.InstanceId)] is { Length: > 0 } id)
        {
            o.InstanceId = id;
        }
    }

    private static TimeSpan ReadSpan(IConfigurationSection section, string key, TimeSpan fallback, DailyOptions o)
    {
        var text = section[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        if (TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        o.ConfigErrors.Add($"Daily:{key} must be a time span like 02:00:00.");
        return fallback;
    }

    private static int ReadInt(IConfigurationSection section, string key, int fallback, DailyOptions o)
    {
        var text = section[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        o.ConfigErrors.Add($"Daily:{key} must be a whole number.");
        return fallback;
    }

    private static bool ReadBool(IConfigurationSection section, string key, bool fallback, DailyOptions o)
    {
        var text = section[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        if (bool.TryParse(text, out var value))
        {
            return value;
        }

        o.ConfigErrors.Add($"Daily:{key} must be true or false.");
        return fallback;
    }
}
