using System.Text.Json;
using System.Text.Json.Nodes;
using QuoteBot.Core.Commands;
using QuoteBot.Core.Daily;
using QuoteBot.Discord.Api.Json;
using QuoteBot.Discord.Api.Models;

namespace QuoteBot.Discord.Tests;

public sealed class DiscordDailyCommandTests
{
    private static readonly CommandInfo Daily = new("daily", "set HH:MM <zone> [query] | show | now | off", "A quote posted here every day", true);

    private static InteractionData Data(string json) => DiscordJson.Deserialize<InteractionData>(json)!;

    /// <summary>A received /daily with one subcommand and its string options, in the order given.</summary>
    private static InteractionData Sub(string sub, params (string Name, string Value)[] options)
    {
        var array = new JsonArray();
        foreach (var (n, v) in options)
        {
            array.Add(new JsonObject { ["name"] = n, ["type"] = 3, ["value"] = v });
        }

        var json = new JsonObject
        {
            ["name"] = "daily",
            ["type"] = 1,
            ["options"] = new JsonArray(new JsonObject { ["name"] = sub, ["type"] = 1, ["options"] = array }),
        };
        return Data(json.ToJsonString());
    }

    [Fact]
    public void Build_Daily_IsOneCommandWithFourSubcommandsAndNoDefaultPermission()
    {
        var daily = Assert.Single(DiscordCommands.Build([Daily], global: false), c => c.Name == "daily");

        Assert.Null(daily.DefaultMemberPermissions);
        Assert.Equal(["set", "show", "now", "off"], daily.Options!.Select(o => o.Name));
        Assert.All(daily.Options!, o => Assert.Equal(ApplicationCommandOptionType.SubCommand, o.Type));
        var set = daily.Options![0];
        Assert.Equal(["time", "zone", "query"], set.Options!.Select(o => o.Name));
        Assert.All(set.Options!, o => Assert.Equal(ApplicationCommandOptionType.String, o.Type));
        Assert.Equal([true, true, null], set.Options!.Select(o => o.Required));
        Assert.Equal([null, true, null], set.Options!.Select(o => o.Autocomplete));
        Assert.All(daily.Options!.Skip(1), o => Assert.Null(o.Options));
        DiscordLimits.Validate(daily);
    }

    [Fact]
    public void Build_DailySerialized_HasSubcommandTypeAndAutocompleteFlag()
    {
        var json = JsonNode.Parse(JsonSerializer.Serialize(DiscordCommands.Build([Daily], global: true)[0], DiscordJson.Options))!;

        Assert.Null(json["default_member_permissions"]);
        Assert.Equal([0], json["contexts"]!.AsArray().Select(x => x!.GetValue<int>()));
        Assert.All(json["options"]!.AsArray(), o => Assert.Equal(1, o!["type"]!.GetValue<int>()));
        var zone = json["options"]![0]!["options"]![1]!;
        Assert.Equal("zone", zone["name"]!.GetValue<string>());
        Assert.True(zone["autocomplete"]!.GetValue<bool>());
        Assert.True(zone["required"]!.GetValue<bool>());
    }

    [Fact]
    public void ToRequest_SetWithAllOptions_BecomesCoreText()
    {
        var request = DiscordCommands.ToRequest(Sub("set", ("time", "08:00"), ("zone", "Europe/Kyiv"), ("query", "speaker:x")));

        Assert.Equal(new CommandRequest("daily", "set 08:00 Europe/Kyiv speaker:x"), request);
    }

    [Fact]
    public void ToRequest_SetOptionsOutOfOrder_KeepsCoreOrder()
    {
        var request = DiscordCommands.ToRequest(Sub("set", ("query", "ports \"open sea\""), ("zone", "UTC"), ("time", "7:05")));

        Assert.Equal(new CommandRequest("daily", "set 7:05 UTC ports \"open sea\""), request);
    }

    [Fact]
    public void ToRequest_SetWithoutQuery_HasTimeAndZoneOnly()
    {
        Assert.Equal("set 21:30 America/New_York", DiscordDailyCommand.ToArguments(Sub("set", ("time", " 21:30 "), ("zone", "America/New_York"))));
    }

    [Fact]
    public void ToRequest_SpacesInsideTimeOrZone_StayOneWordEach()
    {
        var args = DiscordDailyCommand.ToArguments(Sub("set", ("time", "08 :00"), ("zone", "America/New York"), ("query", "a\nb")));

        Assert.Equal("set 08:00 America/New_York a b", args);
    }

    [Theory]
    [InlineData("show")]
    [InlineData("now")]
    [InlineData("off")]
    public void ToRequest_OtherSubcommands_AreTheVerbAlone(string sub)
    {
        Assert.Equal(new CommandRequest("daily", sub), DiscordCommands.ToRequest(Sub(sub)));
    }

    [Fact]
    public void ToRequest_NoSubcommand_IsEmptyWhichCoreShows()
    {
        Assert.Equal(new CommandRequest("daily", string.Empty), DiscordCommands.ToRequest(Data("""{"name":"daily","type":1}""")));
    }

    [Fact]
    public void ZoneChoices_EuropeK_AtMost25IncludingKyivWithNameEqualValue()
    {
        var choices = DiscordDailyCommand.ZoneChoices("Europe/K").ToList();

        Assert.InRange(choices.Count, 1, 25);
        Assert.Contains(choices, c => c.Name == "Europe/Kyiv");
        Assert.All(choices, c => Assert.Equal(c.Name, c.Value));
        Assert.All(choices, c => Assert.InRange(c.Name.Length, 1, 100));
    }

    [Fact]
    public void ZoneChoices_Empty_GivesExactly25()
    {
        Assert.Equal(25, DiscordDailyCommand.ZoneChoices(string.Empty).Count());
        Assert.True(TimeZoneCatalog.All.Count > 25);
    }

    [Fact]
    public void IsZoneAutocomplete_OnlyForFocusedZoneOfDaily()
    {
        Assert.True(DiscordDailyCommand.IsZoneAutocomplete(Data("""{"name":"daily","options":[{"name":"set","type":1,"options":[{"name":"time","type":3,"value":"08:00"},{"name":"zone","type":3,"value":"Eu","focused":true}]}]}""")));
        Assert.False(DiscordDailyCommand.IsZoneAutocomplete(Data("""{"name":"daily","options":[{"name":"set","type":1,"options":[{"name":"query","type":3,"value":"x","focused":true}]}]}""")));
        Assert.False(DiscordDailyCommand.IsZoneAutocomplete(Data("""{"name":"quote","options":[{"name":"zone","type":3,"value":"Eu","focused":true}]}""")));
    }
}
