using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using QuoteBot.Core.Commands;
using QuoteBot.Core.Daily;

namespace QuoteBot.Core.Follows;

/// <summary>
/// Tells a community's moderators, once, that one of its feeds was paused: posted through the chat adapter's
/// <see cref="IChannelPoster"/> (the notice port daily posts use) to the conversation where the feed was followed, else
/// to the community's Telegram chat or its daily-quote channel. When none can be reached, or the post fails, the pause
/// stays untold and <see cref="FollowPauseNotice"/> tells the next moderator who sends a command in that community.
/// </summary>
public sealed class FollowPauseNotifier(
    IFollowStore store,
    IEnumerable<IChannelPoster> posters,
    IScheduleStore? schedules = null,
    ILogger<FollowPauseNotifier>? logger = null)
{
    private readonly IReadOnlyList<IChannelPoster> _posters = posters.ToArray();
    private readonly ILogger _logger = logger ?? (ILogger)NullLogger.Instance;

    /// <summary>Posts the notice of a paused follow. True when it went out now (and is marked told).</summary>
    public async Task<bool> NotifyAsync(Follow paused, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(paused);
        if (!paused.Paused || paused.PauseNotified)
        {
            return false;
        }

        var (poster, conversation) = await TargetAsync(paused, ct);
        if (poster is null || conversation is null)
        {
            _logger.LogInformation("Feed {Feed} of {Scope} paused; no channel to tell, the next moderator command there will", paused.FeedUrl, paused.Scope.Key);
            return false;
        }

        // Marked first, so two paths (this and a moderator's next command) never both tell.
        if (!await store.SetFollowPauseNotifiedAsync(paused.Id, true, ct))
        {
            return false;
        }

        PostOutcome outcome;
        try
        {
            outcome = await poster.PostAsync(conversation, new MessageReply(FollowText.PausedNotice(paused), MessageKind.Info), ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _logger.LogWarning("Telling {Conversation} that feed {Feed} paused failed: {Error}", conversation, paused.FeedUrl, ex.Message);
            outcome = PostOutcome.TransientFailure;
        }

        if (outcome == PostOutcome.Sent)
        {
            return true;
        }

        await store.SetFollowPauseNotifiedAsync(paused.Id, false, CancellationToken.None);
        return false;
    }

    private async Task<(IChannelPoster? Poster, string? Conversation)> TargetAsync(Follow f, CancellationToken ct)
    {
        if (f.ConversationKey is { } key && PosterFor(key) is { } p)
        {
            return (p, key);
        }

        // A Telegram community is its chat.
        if (f.Scope.Key.StartsWith("tg:", StringComparison.Ordinal) && PosterFor(f.Scope.Key) is { } tg)
        {
            return (tg, f.Scope.Key);
        }

        if (schedules is not null)
        {
            foreach (var sub in await schedules.ListAsync(ct))
            {
                if (sub.Scope == f.Scope && PosterFor(sub.ConversationKey) is { } daily)
                {
                    return (daily, sub.ConversationKey);
                }
            }
        }

        return (null, null);
    }

    private IChannelPoster? PosterFor(string conversationKey)
    {
        var platform = ConversationKeys.PlatformOf(conversationKey);
        return _posters.FirstOrDefault(p => string.Equals(p.Platform, platform, StringComparison.Ordinal));
    }
}

/// <summary>The pause of a feed not yet told, added once to the next reply a moderator of that community gets.</summary>
public sealed class FollowPauseNotice(IFollowStore store, ILogger<FollowPauseNotice>? logger = null) : IReplyNotice
{
    public async Task<string?> TakeAsync(CommandContext context, CancellationToken ct)
    {
        try
        {
            var untold = (await store.ListFollowsAsync(context.Scope, ct)).FirstOrDefault(f => f is { Paused: true, PauseNotified: false });
            if (untold is null || !await context.CanModerate(context.Scope, ct))
            {
                return null;
            }

            return await store.SetFollowPauseNotifiedAsync(untold.Id, true, ct) ? FollowText.PausedNotice(untold) : null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            (logger ?? (ILogger)NullLogger.Instance).LogWarning(ex, "Could not check the followed feeds' pause notice");
            return null;
        }
    }
}
