using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using QuoteBot.Core.Commands;

namespace QuoteBot.Core.Follows;

public static class FollowServiceCollectionExtensions
{
    /// <summary>
    /// Followed feeds in chat: <c>/follow</c>, <c>/unfollow</c>, <c>/follows</c>, the pause notice and the notifier.
    /// Needs an <see cref="IFollowStore"/> (every quote store is one) and an <see cref="IFeedCheck"/> (AddFeedPolling of
    /// QuoteBot.Ingest registers it, with the poller).
    /// </summary>
    public static IServiceCollection AddFollows(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<FollowSignal>();
        services.TryAddSingleton<FollowService>();
        services.TryAddSingleton<FollowPauseNotifier>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IChatCommand, FollowCommand>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IChatCommand, UnfollowCommand>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IChatCommand, FollowsCommand>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IReplyNotice, FollowPauseNotice>());
        return services;
    }
}
