using QuoteBot.Core.Commands;
using QuoteBot.Core.Daily;
using QuoteBot.Core.Search;

namespace QuoteBot.Core.Tests.Daily;

public class DailyCommandTests
{
    private const string Kyiv = "Europe/Kyiv";

    // 05:47:30 in Kyiv (UTC+3 in summer), a Wednesday.
    private static readonly DateTimeOffset Morning = new(2026, 6, 10, 2, 47, 30, TimeSpan.Zero);

    private static async Task<MessageReply> Run(DailyTestKit kit, string args, bool moderator = true, string key = "tg:1") =>
        Assert.IsType<MessageReply>(await kit.NewCommand().HandleAsync(new CommandRequest("daily", args), DailyTestKit.Context(key, moderator), default));

    [Fact]
    public async Task Set_TimeZoneAndQuery_StoresTheSubscription()
    {
        var kit = new DailyTestKit(Morning);

        var reply = await Run(kit, "set 08:00 Europe/Kyiv speaker:zelenskyy");

        Assert.Equal(MessageKind.Success, reply.Kind);
        Assert.Equal("Daily quote set: 08:00 Europe/Kyiv, filter: speaker:zelenskyy. Next Wed 10 Jun 08:00 in 2 h 12 min.", reply.Text);
        var sub = await kit.Schedules.GetAsync("tg:1");
        Assert.Equal(new TimeOnly(8, 0), sub!.LocalTime);
        Assert.Equal(Kyiv, sub.ZoneId);
        Assert.Equal("speaker:zelenskyy", sub.Query);
        Assert.Equal("tg", sub.Platform);
        Assert.Equal("tg:1", sub.Scope.Key);
        Assert.Equal("tg:42", sub.SetBy);
        Assert.Equal(Morning, sub.ActiveSince);
    }

    [Fact]
    public async Task Set_LowerCaseZoneAndShortHour_AreAccepted()
    {
        var kit = new DailyTestKit(Morning);

        await Run(kit, "set 8:05 europe/kyiv");

        var sub = await kit.Schedules.GetAsync("tg:1");
        Assert.Equal(new TimeOnly(8, 5), sub!.LocalTime);
        Assert.Equal(Kyiv, sub.ZoneId);
        Assert.Null(sub.Query);
    }

    [Theory]
    [InlineData("set 08:00 Mars/Base")]
    [InlineData("set 08:00 Europe/Atlantis")]
    [InlineData("set 08:00 ../../etc/passwd")]
    [InlineData("set 08:00 Eastern Time")]
    public async Task Set_UnknownZone_OneLineErrorWithExampleAndNothingChanges(string args)
    {
        var kit = new DailyTestKit(Morning);
        await Run(kit, "set 07:00 Europe/Kyiv");

        var reply = await Run(kit, args);

        Assert.Equal(MessageKind.Usage, reply.Kind);
        Assert.StartsWith("Unknown time zone", reply.Text, StringComparison.Ordinal);
        Assert.Contains("/daily set 08:00 Europe/Kyiv", reply.Text, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', reply.Text);
        Assert.Equal(new TimeOnly(7, 0), (await kit.Schedules.GetAsync("tg:1"))!.LocalTime);
    }

    [Theory]
    [InlineData("set 25:00 Europe/Kyiv")]
    [InlineData("set 08:60 Europe/Kyiv")]
    [InlineData("set 8am Europe/Kyiv")]
    [InlineData("set 0800 Europe/Kyiv")]
    [InlineData("set -1:00 Europe/Kyiv")]
    [InlineData("set 08:00:00 Europe/Kyiv")]
    [InlineData("set tomorrow")]
    public async Task Set_BadTime_OneLineErrorAndNothingStored(string args)
    {
        var kit = new DailyTestKit(Morning);

        var reply = await Run(kit, args);

        Assert.Equal(DailyCommand.TimeError, reply.Text);
        Assert.Null(await kit.Schedules.GetAsync("tg:1"));
    }

    [Theory]
    [InlineData("set")]
    [InlineData("set 08:00")]
    [InlineData("sometimes")]
    public async Task Set_MissingParts_ShowsUsage(string args)
    {
        var kit = new DailyTestKit(Morning);

        var reply = await Run(kit, args);

        Assert.Equal(MessageKind.Usage, reply.Kind);
        Assert.Equal(DailyCommand.Usage, reply.Text);
    }

    [Theory]
    [InlineData("set 08:00 Europe/Kyiv")]
    [InlineData("now")]
    [InlineData("off")]
    public async Task ChangingCommands_NonModerator_RefusedAndNothingChanges(string args)
    {
        var kit = new DailyTestKit(Morning);
        await kit.SubscribeAsync("tg:1", "07:00", Kyiv);

        var reply = await Run(kit, args, moderator: false);

        Assert.Equal(MessageKind.Refused, reply.Kind);
        Assert.Equal(DailyCommand.Refusal, reply.Text);
        Assert.Equal(new TimeOnly(7, 0), (await kit.Schedules.GetAsync("tg:1"))!.LocalTime);
        Assert.Empty(kit.Poster.Sent);
    }

    [Fact]
    public async Task Show_NonModerator_SeesTheScheduleWithTimeLeft()
    {
        var kit = new DailyTestKit(Morning);
        await Run(kit, "set 11:00 Europe/Kyiv");

        var reply = await Run(kit, "show", moderator: false);

        Assert.Equal("Daily quote: 11:00 Europe/Kyiv, any quote. Next Wed 10 Jun 11:00 in 5 h 12 min.", reply.Text);
    }

    [Fact]
    public async Task Show_AfterTodaysTime_ShowsTomorrow()
    {
        var kit = new DailyTestKit(Morning);
        await Run(kit, "set 05:30 Europe/Kyiv \"hard work\"");

        var reply = await Run(kit, "show");

        Assert.Equal("Daily quote: 05:30 Europe/Kyiv, filter: \"hard work\". Next Thu 11 Jun 05:30 in 23 h 42 min.", reply.Text);
    }

    [Fact]
    public async Task Show_NothingSet_SaysHowToStart()
    {
        var kit = new DailyTestKit(Morning);

        var reply = await Run(kit, "show");

        Assert.Contains("/daily set 08:00 Europe/Kyiv", reply.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Now_BeforeTodaysTime_PostsAndCountsAsToday()
    {
        var kit = new DailyTestKit(Morning);
        await Run(kit, "set 08:00 Europe/Kyiv");
        var scheduler = kit.NewScheduler();

        var reply = await Run(kit, "now");
        var show = await Run(kit, "show");
        await kit.RunUntilAsync(scheduler, Morning.AddDays(1).AddHours(3));

        Assert.Equal("Posted today's quote.", reply.Text);
        Assert.Equal("Daily quote: 08:00 Europe/Kyiv, any quote. Next Thu 11 Jun 08:00 in 26 h 12 min.", show.Text);
        var at = kit.Poster.Sent.Select(s => s.At).ToArray();
        Assert.Equal([Morning, DailyTestKit.At(Kyiv, 2026, 6, 11, 8, 0)], at); // no second post at 08:00 today
    }

    [Fact]
    public async Task Now_TodaysAlreadyPosted_PostsAnExtra()
    {
        var kit = new DailyTestKit(Morning);
        await Run(kit, "set 05:00 Europe/Kyiv");
        await kit.SubscribeAsync("tg:1", "05:00", Kyiv, setAt: Morning.AddDays(-1));
        await kit.NewScheduler().RunDueAsync(Morning);

        var reply = await Run(kit, "now");

        Assert.Equal("Posted an extra quote; today's was already posted.", reply.Text);
        Assert.Equal(2, kit.Poster.Sent.Count);
    }

    [Fact]
    public async Task Now_TransientFailure_SaysTryAgainAndKeepsTheDayOpen()
    {
        var kit = new DailyTestKit(Morning);
        await Run(kit, "set 08:00 Europe/Kyiv");
        kit.Poster.Script(PostOutcome.TransientFailure);

        var reply = await Run(kit, "now");
        await kit.RunUntilAsync(kit.NewScheduler(), DailyTestKit.At(Kyiv, 2026, 6, 10, 8, 1));

        Assert.Contains("Try again", reply.Text, StringComparison.Ordinal);
        Assert.Single(kit.Poster.Sent); // the scheduled post still went out at 08:00
    }

    [Fact]
    public async Task Off_RemovesTheSchedule()
    {
        var kit = new DailyTestKit(Morning);
        await Run(kit, "set 08:00 Europe/Kyiv");

        var reply = await Run(kit, "off");
        await kit.RunUntilAsync(kit.NewScheduler(), Morning.AddDays(2));

        Assert.Equal(MessageKind.Success, reply.Kind);
        Assert.Null(await kit.Schedules.GetAsync("tg:1"));
        Assert.Empty(kit.Poster.Sent);
        Assert.Equal("There was no daily quote here.", (await Run(kit, "off")).Text);
    }

    [Fact]
    public async Task Set_PlatformWithoutPoster_SaysNotAvailable()
    {
        var kit = new DailyTestKit(Morning);

        var reply = await Run(kit, "set 08:00 Europe/Kyiv", key: "xx:5");

        Assert.Equal(DailyCommand.NotHere, reply.Text);
        Assert.Null(await kit.Schedules.GetAsync("xx:5"));
    }

    [Theory]
    [InlineData("show")]
    [InlineData("")]
    [InlineData("now")]
    [InlineData("off")]
    [InlineData("nonsense")]
    public async Task EveryVerb_PlatformWithoutPoster_AgreesWithSet(string verb)
    {
        var kit = new DailyTestKit(Morning);

        var reply = await Run(kit, verb, key: "local");

        Assert.Equal(DailyCommand.NotHere, reply.Text);
        Assert.DoesNotContain("/daily set", reply.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task QuoteCommands_DailyRegistered_DispatchesAndListsInHelp()
    {
        var kit = new DailyTestKit(Morning);
        var commands = new QuoteCommands(kit.Quotes, QuoteFinder.Over(kit.Quotes), kit.Time, [kit.NewCommand()]);

        var reply = await commands.HandleAsync(CommandText.Parse("/daily set 08:00 Europe/Kyiv")!, DailyTestKit.Context("tg:1"));

        Assert.Equal(MessageKind.Success, Assert.IsType<MessageReply>(reply).Kind);
        Assert.Contains(commands.Help().Commands, c => c.Name == "daily" && c.ModeratorOnly);
    }

    [Fact]
    public async Task QuoteCommands_Help_ListsDailyOnlyWhereItCanPost()
    {
        var kit = new DailyTestKit(Morning);
        var commands = new QuoteCommands(kit.Quotes, QuoteFinder.Over(kit.Quotes), kit.Time, [kit.NewCommand()]);

        var here = Assert.IsType<HelpReply>(await commands.HandleAsync(CommandText.Parse("/help")!, DailyTestKit.Context("tg:1")));
        var terminal = Assert.IsType<HelpReply>(await commands.HandleAsync(CommandText.Parse("/help")!, DailyTestKit.Context("local")));

        Assert.Contains(here.Commands, c => c.Name == "daily");
        Assert.DoesNotContain(terminal.Commands, c => c.Name == "daily");
        Assert.Contains(terminal.Commands, c => c.Name == "quote");
    }

    [Theory]
    [InlineData(0, "in less than a minute")]
    [InlineData(59, "in less than a minute")]
    [InlineData(60, "in 1 min")]
    [InlineData(3599, "in 59 min")]
    [InlineData(3600, "in 1 h 0 min")]
    [InlineData(18_750, "in 5 h 12 min")]
    public void FormatIn_Durations_ReadNaturally(int seconds, string expected)
    {
        Assert.Equal(expected, DailyCommand.FormatIn(TimeSpan.FromSeconds(seconds)));
    }
}
