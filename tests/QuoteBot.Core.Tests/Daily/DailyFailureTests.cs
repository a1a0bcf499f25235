using QuoteBot.Core.Commands;
using QuoteBot.Core.Daily;
using QuoteBot.Core.Search;

namespace QuoteBot.Core.Tests.Daily;

public class DailyFailureTests
{
    private const string Kyiv = "Europe/Kyiv";
    private static readonly DateTimeOffset Eight = DailyTestKit.At(Kyiv, 2026, 6, 10, 8, 0);

    [Fact]
    public async Task RunDue_ThreePermanentFailuresInARow_PausesTheSubscription()
    {
        var kit = new DailyTestKit(Eight.AddMinutes(-1));
        await kit.SubscribeAsync("tg:1", "08:00", Kyiv);
        kit.Poster.Default = PostOutcome.PermanentFailure;
        var scheduler = kit.NewScheduler();

        await kit.RunUntilAsync(scheduler, Eight.AddDays(5));

        var sub = await kit.Schedules.GetAsync("tg:1");
        Assert.Equal(3, kit.Poster.Attempts); // one attempt a day (no same-day retry), none after the pause
        Assert.True(sub!.Paused);
        Assert.Equal(3, sub.ConsecutiveFailures);
        Assert.Equal(DailyPostRunner.RefusedReason, sub.LastFailure);
        Assert.Null(await scheduler.NextDueAsync(kit.Time.GetUtcNow()));
    }

    [Fact]
    public async Task RunDue_SuccessBetweenFailures_ResetsTheCount()
    {
        var kit = new DailyTestKit(Eight.AddMinutes(-1));
        await kit.SubscribeAsync("tg:1", "08:00", Kyiv);
        kit.Poster.Script(PostOutcome.PermanentFailure, PostOutcome.PermanentFailure, PostOutcome.Sent, PostOutcome.PermanentFailure, PostOutcome.PermanentFailure);

        await kit.RunUntilAsync(kit.NewScheduler(), Eight.AddDays(4).AddMinutes(1));

        var sub = await kit.Schedules.GetAsync("tg:1");
        Assert.False(sub!.Paused);
        Assert.Equal(2, sub.ConsecutiveFailures);
    }

    [Fact]
    public async Task RunDue_EmptyFilteredPool_CountsAsFailureWithoutPosting()
    {
        var kit = new DailyTestKit(Eight.AddMinutes(-1));
        await kit.SubscribeAsync("tg:1", "08:00", Kyiv, query: "unicorns");

        await kit.RunUntilAsync(kit.NewScheduler(), Eight.AddDays(3));

        var sub = await kit.Schedules.GetAsync("tg:1");
        Assert.Equal(0, kit.Poster.Attempts);
        Assert.True(sub!.Paused);
        Assert.Equal(DailyPostRunner.NoQuoteReason, sub.LastFailure);
    }

    [Fact]
    public async Task Paused_ModeratorsNextCommand_CarriesOneNoticeOnce()
    {
        var kit = await PausedKitAsync();
        var commands = new QuoteCommands(kit.Quotes, QuoteFinder.Over(kit.Quotes), kit.Time, [kit.NewCommand()], [new DailyPauseNotice(kit.Schedules)]);

        var member = await commands.HandleAsync(new CommandRequest("quote", string.Empty), DailyTestKit.Context("tg:1", moderator: false));
        var first = await commands.HandleAsync(new CommandRequest("quote", string.Empty), DailyTestKit.Context("tg:1"));
        var second = await commands.HandleAsync(new CommandRequest("quote", string.Empty), DailyTestKit.Context("tg:1"));

        Assert.Null(Assert.IsType<QuoteCardReply>(member).Note);
        Assert.Contains("Paused after 3 failed posts", Assert.IsType<QuoteCardReply>(first).Note, StringComparison.Ordinal);
        Assert.Null(Assert.IsType<QuoteCardReply>(second).Note);
    }

    [Fact]
    public async Task Paused_MessageReply_GetsTheNoticeOnANewLine()
    {
        var kit = await PausedKitAsync();
        var commands = new QuoteCommands(kit.Quotes, QuoteFinder.Over(kit.Quotes), kit.Time, [], [new DailyPauseNotice(kit.Schedules)]);

        var reply = await commands.HandleAsync(new CommandRequest("context", "abc"), DailyTestKit.Context("tg:1"));

        var lines = Assert.IsType<MessageReply>(reply).Text.Split('\n');
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("Daily quote: Paused", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Paused_DailyShow_SaysPausedAndWhy()
    {
        var kit = await PausedKitAsync();

        var reply = await kit.NewCommand().HandleAsync(new CommandRequest("daily", "show"), DailyTestKit.Context("tg:1"), default);

        var text = Assert.IsType<MessageReply>(reply).Text;
        Assert.Contains("Paused after 3 failed posts in a row", text, StringComparison.Ordinal);
        Assert.Contains("refused", text, StringComparison.Ordinal);
        Assert.True((await kit.Schedules.GetAsync("tg:1"))!.PauseNotified);
    }

    [Fact]
    public async Task Paused_DailySet_ResumesPosting()
    {
        var kit = await PausedKitAsync();
        var scheduler = kit.NewScheduler();

        var reply = await kit.NewCommand().HandleAsync(new CommandRequest("daily", "set 09:00 Europe/Kyiv"), DailyTestKit.Context("tg:1"), default);
        await kit.RunUntilAsync(scheduler, kit.Time.GetUtcNow().AddDays(1));

        Assert.Equal(MessageKind.Success, Assert.IsType<MessageReply>(reply).Kind);
        Assert.False((await kit.Schedules.GetAsync("tg:1"))!.Paused);
        Assert.Single(kit.Poster.Sent);
    }

    [Fact]
    public async Task Paused_DailyNowSucceeds_Resumes()
    {
        var kit = await PausedKitAsync();

        var reply = await kit.NewCommand().HandleAsync(new CommandRequest("daily", "now"), DailyTestKit.Context("tg:1"), default);

        Assert.Equal(MessageKind.Success, Assert.IsType<MessageReply>(reply).Kind);
        Assert.Single(kit.Poster.Sent);
        var sub = await kit.Schedules.GetAsync("tg:1");
        Assert.False(sub!.Paused);
        Assert.Equal(0, sub.ConsecutiveFailures);
    }

    [Fact]
    public async Task MoveConversation_GroupBecameSupergroup_KeepsScheduleAndTodaysClaim()
    {
        var kit = new DailyTestKit(Eight);
        var before = await kit.SubscribeAsync("tg:-123", "08:00", Kyiv);
        var scheduler = kit.NewScheduler();
        Assert.Equal(1, await scheduler.RunDueAsync(Eight));

        Assert.True(await kit.Schedules.MoveConversationAsync("tg:-123", "tg:-100123"));
        Assert.Equal(0, await kit.NewScheduler().RunDueAsync(Eight.AddMinutes(1)));
        await kit.RunUntilAsync(scheduler, Eight.AddDays(1).AddMinutes(1));

        var after = await kit.Schedules.GetAsync("tg:-100123");
        Assert.Null(await kit.Schedules.GetAsync("tg:-123"));
        Assert.Equal(before.Id, after!.Id);
        Assert.Equal("tg:-100123", after.Scope.Key);
        Assert.Equal(["tg:-123", "tg:-100123"], kit.Poster.Sent.Select(s => s.Key).ToArray());
    }

    private static async Task<DailyTestKit> PausedKitAsync()
    {
        var kit = new DailyTestKit(Eight.AddMinutes(-1));
        await kit.SubscribeAsync("tg:1", "08:00", Kyiv);
        kit.Poster.Default = PostOutcome.PermanentFailure;
        await kit.RunUntilAsync(kit.NewScheduler(), Eight.AddDays(3));
        Assert.True((await kit.Schedules.GetAsync("tg:1"))!.Paused);
        kit.Poster.Default = PostOutcome.Sent;
        return kit;
    }
}
