using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using QuoteBot.Core.Daily;
using static QuoteBot.Discord.Tests.Harness;

namespace QuoteBot.Discord.Tests;

/// <summary>/daily through the real host, the fake Discord and Core's daily feature (in-memory schedule store).</summary>
public sealed class DailyEndToEndTests
{
    private static readonly string ChannelKey = "dc:" + Channel.ToString(CultureInfo.InvariantCulture);

    private static int Flags(JsonNode data) => data["flags"]?.GetValue<int>() ?? 0;

    private static JsonObject Daily(string sub, params (string Name, string Value)[] options)
    {
        var array = new JsonArray();
        foreach (var (n, v) in options)
        {
            array.Add(new JsonObject { ["name"] = n, ["type"] = 3, ["value"] = v });
        }

        return new JsonObject
        {
            ["id"] = "401",
            ["name"] = "daily",
            ["type"] = 1,
            ["options"] = new JsonArray(new JsonObject { ["name"] = sub, ["type"] = 1, ["options"] = array }),
        };
    }

    private static IScheduleStore Schedules(Harness h) => h.Host.Services.GetRequiredService<IScheduleStore>();

    /// <summary>A time six hours from now in UTC: the scheduler will not post it during the test.</summary>
    private static string FarTime() => DateTime.UtcNow.AddHours(6).ToString("HH:mm", CultureInfo.InvariantCulture);

    [Fact]
    public async Task Ready_WithDaily_RegistersOneDailyCommandWithFourSubcommands()
    {
        await using var h = await StartAsync(daily: true);

        var put = Assert.Single(h.Fake.Rest.Requests, r => r.Method == "PUT");
        var commands = put.Json!.AsArray();
        var daily = Assert.Single(commands, c => c!["name"]!.GetValue<string>() == "daily")!;
        Assert.Null(daily["default_member_permissions"]);
        var subs = daily["options"]!.AsArray();
        Assert.Equal(["set", "show", "now", "off"], subs.Select(s => s!["name"]!.GetValue<string>()));
        Assert.All(subs, s => Assert.Equal(1, s!["type"]!.GetValue<int>()));
        var set = subs[0]!["options"]!.AsArray();
        Assert.Equal(["time", "zone", "query"], set.Select(o => o!["name"]!.GetValue<string>()));
        Assert.All(set, o => Assert.Equal(3, o!["type"]!.GetValue<int>()));
        Assert.True(set[1]!["autocomplete"]!.GetValue<bool>());
        Assert.Null(set[0]!["autocomplete"]);
        Assert.DoesNotContain(commands, c => c!["name"]!.GetValue<string>() == "daily" && c["options"]!.AsArray().Any(o => o!["name"]!.GetValue<string>() == DiscordCommands.ArgsOption));
    }

    [Fact]
    public async Task DailySet_ByModerator_ReachesCoreAndConfirms()
    {
        await using var h = await StartAsync(daily: true);

        var callback = await h.SendAsync(Interaction(2, Daily("set", ("time", "08:00"), ("zone", "Europe/Kyiv"), ("query", "speaker:holt")), permissions: ManageMessages));

        Assert.Equal(4, callback["type"]!.GetValue<int>());
        var content = callback["data"]!["content"]!.GetValue<string>();
        Assert.Contains("Daily quote set", content, StringComparison.Ordinal);
        Assert.Contains("Europe/Kyiv", content, StringComparison.Ordinal);
        Assert.Empty(callback["data"]!["allowed_mentions"]!["parse"]!.AsArray());
        var sub = await Schedules(h).GetAsync(ChannelKey, CancellationToken.None);
        Assert.NotNull(sub);
        Assert.Equal(new TimeOnly(8, 0), sub!.LocalTime);
        Assert.Equal("Europe/Kyiv", sub.ZoneId);
        Assert.Equal("speaker:holt", sub.Query);
        Assert.Equal("dc", sub.Platform);
    }

    [Fact]
    public async Task DailySet_ByNonModerator_IsRefusedEphemerallyAndStoresNothing()
    {
        await using var h = await StartAsync(daily: true);

        var callback = await h.SendAsync(Interaction(2, Daily("set", ("time", "08:00"), ("zone", "Europe/Kyiv"))));

        var data = callback["data"]!;
        Assert.Equal(64, Flags(data) & 64);
        Assert.Equal(DailyCommand.Refusal, DiscordRendererTests.Unescape(data["content"]!.GetValue<string>()));
        Assert.Null(await Schedules(h).GetAsync(ChannelKey, CancellationToken.None));
    }

    [Fact]
    public async Task DailyShow_ByNonModerator_IsAnswered()
    {
        await using var h = await StartAsync(daily: true);

        var callback = await h.SendAsync(Interaction(2, Daily("show")));

        Assert.Contains("There is no daily quote here", callback["data"]!["content"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DailySet_UnknownZone_AnswersOneLineErrorEphemerally()
    {
        await using var h = await StartAsync(daily: true);

        var callback = await h.SendAsync(Interaction(2, Daily("set", ("time", "08:00"), ("zone", "Mars/Olympus")), permissions: ManageMessages));

        var data = callback["data"]!;
        Assert.Equal(64, Flags(data) & 64);
        var content = DiscordRendererTests.Unescape(data["content"]!.GetValue<string>());
        Assert.StartsWith("Unknown time zone “Mars/Olympus”", content, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', content);
        Assert.Null(await Schedules(h).GetAsync(ChannelKey, CancellationToken.None));
    }

    [Fact]
    public async Task Autocomplete_DailyZone_SuggestsKyivWithinLimit()
    {
        await using var h = await StartAsync(daily: true);
        var data = Daily("set");
        data["options"]![0]!["options"] = new JsonArray(
            new JsonObject { ["name"] = "time", ["type"] = 3, ["value"] = "08:00" },
            new JsonObject { ["name"] = "zone", ["type"] = 3, ["value"] = "Europe/K", ["focused"] = true });

        var callback = await h.SendAsync(Interaction(4, data));

        Assert.Equal(8, callback["type"]!.GetValue<int>());
        var choices = callback["data"]!["choices"]!.AsArray();
        Assert.InRange(choices.Count, 1, 25);
        Assert.Contains(choices, c => c!["value"]!.GetValue<string>() == "Europe/Kyiv");
        Assert.All(choices, c => Assert.Equal(c!["name"]!.GetValue<string>(), c["value"]!.GetValue<string>()));
        Assert.All(choices, c => Assert.StartsWith("Europe/K", c!["value"]!.GetValue<string>(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task DailyNow_AfterSet_PostsCardToChannelWithoutPings()
    {
        await using var h = await StartAsync(daily: true, seed: s => Add(s, "@everyone the ferry leaves at nine <@123>", "Mara Holt"));
        var set = await h.SendAsync(Interaction(2, Daily("set", ("time", FarTime()), ("zone", "UTC")), permissions: ManageMessages));
        Assert.Contains("Daily quote set", set["data"]!["content"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(h.Fake.Rest.RequestsTo("POST", $"/channels/{Channel}/messages"));

        var callback = await h.SendAsync(Interaction(2, Daily("now"), permissions: ManageMessages));

        Assert.Equal("Posted today's quote.", DiscordRendererTests.Unescape(callback["data"]!["content"]!.GetValue<string>()));
        var post = Assert.Single(h.Fake.Rest.RequestsTo("POST", $"/channels/{Channel}/messages")).Json!;
        Assert.Contains("the ferry leaves at nine", post["embeds"]![0]!["description"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("Mara Holt", post["embeds"]![0]!["author"]!["name"]!.GetValue<string>());
        Assert.Empty(post["allowed_mentions"]!["parse"]!.AsArray());
        Assert.Null(post["allowed_mentions"]!["users"]);
    }

    [Fact]
    public async Task DailyOff_ByModerator_RemovesSubscription()
    {
        await using var h = await StartAsync(daily: true);
        await h.SendAsync(Interaction(2, Daily("set", ("time", FarTime()), ("zone", "UTC")), permissions: ManageMessages));

        var callback = await h.SendAsync(Interaction(2, Daily("off"), roles: [ModRole]));

        Assert.Equal("Daily quotes are off here.", DiscordRendererTests.Unescape(callback["data"]!["content"]!.GetValue<string>()));
        Assert.Null(await Schedules(h).GetAsync(ChannelKey, CancellationToken.None));
    }
}
