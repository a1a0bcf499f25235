using Microsoft.Extensions.Time.Testing;
using QuoteBot.Core.Commands;
using QuoteBot.Core.Daily;
using QuoteBot.Core.Follows;
using QuoteBot.Core.Model;
using QuoteBot.Core.Search;
using QuoteBot.Core.Storage;

namespace QuoteBot.Core.Tests.Follows;

/// <summary>A feed check that knows a few links, and counts what it was asked.</summary>
internal sealed class FakeFeedCheck : IFeedCheck
{
    public Dictionary<string, FeedCheckResult> Answers { get; } = new(StringComparer.Ordinal);

    public List<string> Checked { get; } = [];

    public bool TryCanonical(string? text, out string canonical, out string error)
    {
        canonical = string.Empty;
        error = string.Empty;
        if (!QuoteRules.IsHttpUrl(text))
        {
            error = "not a web link (expected http://… or https://…)";
            return false;
        }

        canonical = new Uri(text!).GetLeftPart(UriPartial.Query).Replace("HTTPS://", "https://", StringComparison.OrdinalIgnoreCase);
        return true;
    }

    public Task<FeedCheckResult> CheckAsync(string canonicalUrl, CancellationToken ct = default)
    {
        Checked.Add(canonicalUrl);
        return Task.FromResult(Answers.TryGetValue(canonicalUrl, out var a) ? a : FeedCheckResult.Fail("the server answered HTTP 404 Not Found"));
    }
}

/// <summary>A poster that keeps what it was asked to post.</summary>
internal sealed class RecordingPoster(string platform, PostOutcome outcome = PostOutcome.Sent) : IChannelPoster
{
    public List<(string Conversation, Reply Reply)> Posts { get; } = [];

    public string Platform => platform;

    public Task<PostOutcome> PostAsync(string conversationKey, Reply reply, CancellationToken ct)
    {
        Posts.Add((conversationKey, reply));
        return Task.FromResult(outcome);
    }
}

public class FollowCommandTests
{
    private const string Feed = "https://news.example/rss.xml";
    private static readonly Scope Group = Scope.Telegram(-100555);
    private readonly InMemoryQuoteStore _store = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 5, 12, 0, 0, TimeSpan.Zero));
    private readonly FakeFeedCheck _check = new();
    private readonly QuoteCommands _commands;

    public FollowCommandTests()
    {
        _check.Answers[Feed] = FeedCheckResult.Feed("Brackwater Gazette");
        var service = new FollowService(_store, _check, _time);
        _commands = new QuoteCommands(
            _store, QuoteFinder.Over(_store), _time,
            [new FollowCommand(service), new UnfollowCommand(service), new FollowsCommand(service)],
            [new FollowPauseNotice(_store)]);
    }

    private static CommandContext Member => new(Group, "tg:-100555", new Actor("tg:7", "member"), (_, _) => ValueTask.FromResult(false));

    private static CommandContext Moderator => new(Group, "tg:-100555", new Actor("tg:1", "mod"), (s, _) => ValueTask.FromResult(s == Group));

    private Task<Reply> Run(string text, CommandContext ctx) => _commands.HandleAsync(CommandText.Parse(text)!, ctx);

    [Theory]
    [InlineData("/follow " + Feed)]
    [InlineData("/follow " + Feed + " auto-approve")]
    [InlineData("/unfollow " + Feed)]
    [InlineData("/follows")]
    public async Task NonModerator_IsRefused_NothingFetchedOrChanged(string command)
    {
        await _store.AddFollowAsync(new NewFollow { Scope = Group, FeedUrl = "https://other.example/feed", At = _time.GetUtcNow() }, Actor.System);
        var before = await _store.ListFollowsAsync(null);

        var reply = Assert.IsType<MessageReply>(await Run(command, Member));

        Assert.Equal(MessageKind.Refused, reply.Kind);
        Assert.StartsWith("Only moderators", reply.Text, StringComparison.Ordinal);
        Assert.Empty(_check.Checked);
        Assert.Equal(before, await _store.ListFollowsAsync(null));
        Assert.Single(await _store.GetFollowAuditAsync(null));
    }

    [Fact]
    public async Task Moderator_Follow_ChecksTheFeedOnce_StoresItWithWhoAndWhere_Audited()
    {
        var reply = Assert.IsType<MessageReply>(await Run("/follow " + Feed, Moderator));

        Assert.Equal(MessageKind.Success, reply.Kind);
        Assert.Equal($"Following “Brackwater Gazette” ({Feed}). New articles are fetched on their own; their quotes wait for a moderator's review.", reply.Text);
        Assert.Equal([Feed], _check.Checked);
        var f = Assert.Single(await _store.ListFollowsAsync(Group));
        Assert.Equal(Feed, f.FeedUrl);
        Assert.False(f.AutoApprove);
        Assert.Equal("tg:1", f.AddedBy);
        Assert.Equal("tg:-100555", f.ConversationKey);
        Assert.Equal("Brackwater Gazette", f.Title);
        Assert.Equal(_time.GetUtcNow(), f.NextDueAt);
        Assert.Equal(FollowActions.Follow, Assert.Single(await _store.GetFollowAuditAsync(Group)).Action);
    }

    [Fact]
    public async Task Moderator_FollowAutoApprove_ThenAgainWithoutIt_ChangesTheFlagWithoutFetching()
    {
        var on = Assert.IsType<MessageReply>(await Run("/follow " + Feed + " auto-approve", Moderator));
        Assert.Contains("their quotes go public at once (auto-approve)", on.Text, StringComparison.Ordinal);
        Assert.True((await _store.GetFollowAsync(Group, Feed))!.AutoApprove);

        var off = Assert.IsType<MessageReply>(await Run("/follow " + Feed, Moderator));
        Assert.StartsWith("Still following", off.Text, StringComparison.Ordinal);
        Assert.False((await _store.GetFollowAsync(Group, Feed))!.AutoApprove);
        Assert.Single(_check.Checked);

        var same = Assert.IsType<MessageReply>(await Run("/follow " + Feed, Moderator));
        Assert.StartsWith("This chat already follows", same.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/follow", "Usage: /follow")]
    [InlineData("/follow " + Feed + " maybe", "Usage: /follow")]
    [InlineData("/follow ftp://news.example/rss", "Not followed: Not a web link")]
    [InlineData("/follow https://news.example/missing.xml", "Not followed: The server answered HTTP 404 Not Found.")]
    [InlineData("/unfollow", "Usage: /unfollow")]
    [InlineData("/unfollow javascript:alert(1)", "Not unfollowed: Not a web link")]
    public async Task Moderator_BadInput_OneClearLine_NothingStored(string command, string start)
    {
        var reply = Assert.IsType<MessageReply>(await Run(command, Moderator));
        Assert.StartsWith(start, reply.Text, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', reply.Text);
        Assert.NotEqual(MessageKind.Success, reply.Kind);
        Assert.Empty(await _store.ListFollowsAsync(null));
    }

    [Fact]
    public async Task Moderator_Unfollow_RemovesIt_AndSaysWhenThereWasNone()
    {
        await Run("/follow " + Feed, Moderator);
        var gone = Assert.IsType<MessageReply>(await Run("/unfollow " + Feed, Moderator));
        Assert.Equal($"Stopped following {Feed}. Quotes it already brought stay.", gone.Text);
        Assert.Empty(await _store.ListFollowsAsync(Group));

        var none = Assert.IsType<MessageReply>(await Run("/unfollow " + Feed, Moderator));
        Assert.Equal(MessageKind.NotFound, none.Kind);
        Assert.StartsWith($"This chat does not follow {Feed}.", none.Text, StringComparison.Ordinal);
        Assert.Equal([FollowActions.Follow, FollowActions.Unfollow], (await _store.GetFollowAuditAsync(Group)).Select(a => a.Action));
    }

    [Fact]
    public async Task Follows_ListsStateAndLastSuccess_AndAPausedFeedIsResumedByFollowingAgain()
    {
        Assert.StartsWith("This chat follows no feeds", ((MessageReply)await Run("/follows", Moderator)).Text, StringComparison.Ordinal);
        await Run("/follow " + Feed, Moderator);
        var id = (await _store.GetFollowAsync(Group, Feed))!.Id;
        var t = _time.GetUtcNow();
        await _store.ClaimDueFollowsAsync(t, "p", TimeSpan.FromMinutes(5), 10);
        await _store.RecordFollowPollAsync(id, "p", new FollowPollResult { At = t, NextDueAt = t.AddMinutes(30) }, 2);
        for (var i = 1; i <= 2; i++)
        {
            await _store.ClaimDueFollowsAsync(t.AddHours(i), "p", TimeSpan.FromMinutes(5), 10);
            await _store.RecordFollowPollAsync(id, "p", new FollowPollResult { At = t.AddHours(i), NextDueAt = t.AddHours(i + 1), Error = "the server answered HTTP 503" }, 2);
        }

        var list = Assert.IsType<MessageReply>(await Run("/follows", Moderator));
        Assert.Equal(
            $"This chat follows 1 feed:\n1. {Feed} (Brackwater Gazette) · paused · quotes wait for review · last success 5 Dec 12:00 UTC · last error: the server answered HTTP 503",
            list.Text.Split("\nFeed paused:")[0]);

        var again = Assert.IsType<MessageReply>(await Run("/follow " + Feed, Moderator));
        Assert.StartsWith("Following “Brackwater Gazette” (" + Feed + ") again", again.Text, StringComparison.Ordinal);
        var f = (await _store.GetFollowAsync(Group, Feed))!;
        Assert.Equal(FollowState.Ok, f.State);
        Assert.Equal(FollowActions.Resume, (await _store.GetFollowAuditAsync(Group))[^1].Action);
    }

    [Fact]
    public async Task PauseNotice_ToldOnceToAModerator_NeverToAMember()
    {
        await Run("/follow " + Feed, Moderator);
        var id = (await _store.GetFollowAsync(Group, Feed))!.Id;
        var t = _time.GetUtcNow();
        await _store.ClaimDueFollowsAsync(t, "p", TimeSpan.FromMinutes(5), 10);
        await _store.RecordFollowPollAsync(id, "p", new FollowPollResult { At = t, NextDueAt = t, Error = "dead" }, 1);

        var member = Assert.IsType<MessageReply>(await Run("/quote", Member));
        Assert.DoesNotContain("Feed paused", member.Text, StringComparison.Ordinal);
        var first = Assert.IsType<MessageReply>(await Run("/quote", Moderator));
        Assert.Contains($"Feed paused: {Feed} failed 1 check in a row (last: dead).", first.Text, StringComparison.Ordinal);
        var second = Assert.IsType<MessageReply>(await Run("/quote", Moderator));
        Assert.DoesNotContain("Feed paused", second.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Notifier_PostsToTheConversationWhereItWasFollowed_Once_AndLeavesItUntoldWhenThePostFails()
    {
        await Run("/follow " + Feed, Moderator);
        var id = (await _store.GetFollowAsync(Group, Feed))!.Id;
        var t = _time.GetUtcNow();
        await _store.ClaimDueFollowsAsync(t, "p", TimeSpan.FromMinutes(5), 10);
        var paused = (await _store.RecordFollowPollAsync(id, "p", new FollowPollResult { At = t, NextDueAt = t, Error = "dead" }, 1))!;

        var failing = new RecordingPoster("tg", PostOutcome.TransientFailure);
        Assert.False(await new FollowPauseNotifier(_store, [failing]).NotifyAsync(paused));
        Assert.Single(failing.Posts);
        Assert.False((await _store.GetFollowAsync(Group, Feed))!.PauseNotified);

        var poster = new RecordingPoster("tg");
        var notifier = new FollowPauseNotifier(_store, [poster]);
        Assert.True(await notifier.NotifyAsync(paused));
        Assert.False(await notifier.NotifyAsync(paused));
        var (conversation, reply) = Assert.Single(poster.Posts);
        Assert.Equal("tg:-100555", conversation);
        Assert.StartsWith("Feed paused: " + Feed, ((MessageReply)reply).Text, StringComparison.Ordinal);
        Assert.True((await _store.GetFollowAsync(Group, Feed))!.PauseNotified);
    }

    [Fact]
    public void Help_ListsTheFollowCommandsAsModeratorOnly()
    {
        var names = _commands.AllCommands.Where(c => c.Name is "follow" or "unfollow" or "follows").ToArray();
        Assert.Equal(3, names.Length);
        Assert.All(names, c => Assert.True(c.ModeratorOnly));
    }
}
