using System.Globalization;
using System.Text;
using QuoteBot.Core.Commands;
using QuoteBot.Core.Model;

namespace QuoteBot.Core.Follows;

/// <summary>Wording shared by the follow commands, the pause notice and the CLI.</summary>
public static class FollowText
{
    public const string Refusal = "Only moderators of this chat can follow or unfollow feeds.";
    public const string FollowUsage = "Usage: /follow <feed link> [auto-approve], like /follow https://news.example/rss.xml";
    public const string UnfollowUsage = "Usage: /unfollow <feed link>, like /unfollow https://news.example/rss.xml";

    /// <summary>At most this many follows are listed in chat (the CLI lists all).</summary>
    public const int ChatListLimit = 20;

    /// <summary>"auto-approve", "autoapprove", "approve", "auto": the optional second word of /follow.</summary>
    public static bool IsAutoApproveWord(string word) =>
        word.ToLowerInvariant() is "auto-approve" or "autoapprove" or "auto_approve" or "approve" or "auto" or "--approve";

    /// <summary>"5 Dec 21:30 UTC".</summary>
    public static string When(DateTimeOffset? t) =>
        t is { } v ? v.UtcDateTime.ToString("d MMM HH:mm", CultureInfo.InvariantCulture) + " UTC" : "never";

    /// <summary>One line per follow: link, title, state, approval, last success, last error.</summary>
    public static string Line(Follow f)
    {
        var sb = new StringBuilder(f.FeedUrl);
        if (!string.IsNullOrWhiteSpace(f.Title))
        {
            sb.Append(" (").Append(f.Title).Append(')');
        }

        sb.Append(" · ").Append(f.StateText);
        sb.Append(f.AutoApprove ? " · auto-approve" : " · quotes wait for review");
        sb.Append(" · last success ").Append(When(f.LastSuccessAt));
        if (f.State != FollowState.Ok && f.LastError is { } error)
        {
            sb.Append(" · last error: ").Append(error);
        }

        return sb.ToString();
    }

    public static string PausedNotice(Follow f) => string.Create(
        CultureInfo.InvariantCulture,
        $"Feed paused: {f.FeedUrl} failed {f.ConsecutiveFailures} {(f.ConsecutiveFailures == 1 ? "check" : "checks")} in a row (last: {f.LastError ?? "unknown error"}). No new articles come from it until a moderator follows it again with /follow {f.FeedUrl} (or /unfollow it).");
}

/// <summary>Splits "/follow &lt;link&gt; [auto-approve]".</summary>
internal static class FollowArgs
{
    public static (string? Link, bool AutoApprove, bool Ok) Parse(string? args)
    {
        var parts = (args ?? string.Empty).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        return parts.Length switch
        {
            0 => (null, false, false),
            1 => (parts[0], false, true),
            2 when FollowText.IsAutoApproveWord(parts[1]) => (parts[0], true, true),
            _ => (null, false, false),
        };
    }
}

/// <summary><c>/follow &lt;feed link&gt; [auto-approve]</c>: moderators subscribe this community to a news feed.</summary>
public sealed class FollowCommand(FollowService follows) : IChatCommand
{
    public CommandInfo Info { get; } = new("follow", "<feed link> [auto-approve]", "Fetch a news feed's new articles on their own (RSS, Atom)", true);

    public async Task<Reply> HandleAsync(CommandRequest request, CommandContext context, CancellationToken ct)
    {
        if (!await context.CanModerate(context.Scope, ct))
        {
            return new MessageReply(FollowText.Refusal, MessageKind.Refused);
        }

        var (link, autoApprove, ok) = FollowArgs.Parse(request.Arguments);
        if (!ok)
        {
            return new MessageReply(FollowText.FollowUsage, MessageKind.Usage);
        }

        var outcome = await follows.FollowAsync(context.Scope, link, autoApprove, context.User, context.ConversationKey, ct);
        if (outcome.Result is not { } result)
        {
            return new MessageReply("Not followed: " + outcome.Error, MessageKind.Usage);
        }

        var f = result.Follow;
        var approval = f.AutoApprove
            ? "their quotes go public at once (auto-approve)"
            : "their quotes wait for a moderator's review";
        var name = string.IsNullOrWhiteSpace(f.Title) ? f.FeedUrl : $"“{f.Title}” ({f.FeedUrl})";
        return result.Outcome switch
        {
            FollowAddOutcome.Added => new MessageReply($"Following {name}. New articles are fetched on their own; {approval}.", MessageKind.Success),
            FollowAddOutcome.Resumed => new MessageReply($"Following {name} again: it was paused, it is checked again now; {approval}.", MessageKind.Success),
            FollowAddOutcome.Updated => new MessageReply($"Still following {name}; now {approval}.", MessageKind.Success),
            _ => new MessageReply($"This chat already follows {name}: {f.StateText}; {approval}.", MessageKind.Info),
        };
    }
}

/// <summary><c>/unfollow &lt;feed link&gt;</c>: moderators stop a feed; quotes it brought stay.</summary>
public sealed class UnfollowCommand(FollowService follows) : IChatCommand
{
    public CommandInfo Info { get; } = new("unfollow", "<feed link>", "Stop fetching a followed feed", true);

    public async Task<Reply> HandleAsync(CommandRequest request, CommandContext context, CancellationToken ct)
    {
        if (!await context.CanModerate(context.Scope, ct))
        {
            return new MessageReply(FollowText.Refusal, MessageKind.Refused);
        }

        var parts = (request.Arguments ?? string.Empty).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 1)
        {
            return new MessageReply(FollowText.UnfollowUsage, MessageKind.Usage);
        }

        var result = await follows.UnfollowAsync(context.Scope, parts[0], context.User, ct);
        if (result.Error is { } error)
        {
            return new MessageReply("Not unfollowed: " + error, MessageKind.Usage);
        }

        return result.Removed is { } removed
            ? new MessageReply($"Stopped following {removed.FeedUrl}. Quotes it already brought stay.", MessageKind.Success)
            : new MessageReply($"This chat does not follow {result.CanonicalUrl}. /follows lists the feeds it follows.", MessageKind.NotFound);
    }
}

/// <summary><c>/follows</c>: the community's followed feeds with their state, for moderators.</summary>
public sealed class FollowsCommand(FollowService follows) : IChatCommand
{
    public CommandInfo Info { get; } = new("follows", string.Empty, "The feeds this chat follows and how they are doing", true);

    public async Task<Reply> HandleAsync(CommandRequest request, CommandContext context, CancellationToken ct)
    {
        if (!await context.CanModerate(context.Scope, ct))
        {
            return new MessageReply("Only moderators of this chat can see its followed feeds.", MessageKind.Refused);
        }

        var list = await follows.ListAsync(context.Scope, ct);
        if (list.Count == 0)
        {
            return new MessageReply("This chat follows no feeds. A moderator can start with /follow <feed link>.", MessageKind.Info);
        }

        var sb = new StringBuilder(list.Count == 1 ? "This chat follows 1 feed:" : $"This chat follows {list.Count} feeds:");
        var n = 0;
        foreach (var f in list.Take(FollowText.ChatListLimit))
        {
            sb.Append('\n').Append(++n).Append(". ").Append(FollowText.Line(f));
        }

        if (list.Count > FollowText.ChatListLimit)
        {
            sb.Append('\n').Append(CultureInfo.InvariantCulture, $"…and {list.Count - FollowText.ChatListLimit} more (quotebot follow list on the server shows all).");
        }

        return new MessageReply(sb.ToString(), MessageKind.Info);
    }
}
