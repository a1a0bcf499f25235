using System.Text.Json;
using QuoteBot.Core.Commands;
using QuoteBot.Discord.Api.Json;
using QuoteBot.Discord.Api.Models;

namespace QuoteBot.Discord.Tests;

public sealed class DiscordCommandsTests
{
    private static readonly CommandInfo Daily = new("daily", "set HH:MM <zone> [query] | show | now | off", "A quote posted here every day", true);

    /// <summary>A moderator-only extra command the adapter has no special options for.</summary>
    private static readonly CommandInfo Remind = new("remind", "set <time> | off", "Remind this channel", true);

    private static IReadOnlyList<ApplicationCommand> Build(bool global = false) =>
        DiscordCommands.Build([.. QuoteCommands.Commands, Daily, Remind], global);

    [Fact]
    public void Build_AllCommands_PassDiscordValidation()
    {
        var commands = Build();

        Assert.All(commands, DiscordLimits.Validate);
        Assert.Equal(QuoteCommands.Commands.Count + 3, commands.Count);
    }

    [Fact]
    public void Build_ModeratorCommands_CarryManageMessagesDefaultPermission()
    {
        var commands = Build().ToDictionary(c => c.Name);

        foreach (var name in new[] { "addquote", "editquote", "removequote", "restorequote", "remind", DiscordCommands.SaveAsQuote })
        {
            Assert.Equal("8192", commands[name].DefaultMemberPermissions);
        }

        foreach (var name in new[] { "quote", "quotes", "context", "help", "daily" })
        {
            Assert.Null(commands[name].DefaultMemberPermissions);
        }
    }

    [Fact]
    public void Build_Quote_HasQueryAutocompletedSpeakerAndCard()
    {
        var quote = Build().Single(c => c.Name == "quote");

        Assert.Equal(["query", "speaker", "card"], quote.Options!.Select(o => o.Name));
        Assert.True(quote.Options![1].Autocomplete);
        Assert.Equal(ApplicationCommandOptionType.Boolean, quote.Options![2].Type);
        Assert.All(quote.Options!, o => Assert.NotEqual(true, o.Required));
    }

    [Fact]
    public void Build_SaveAsQuote_IsMessageContextMenu()
    {
        var save = Build().Single(c => c.Name == DiscordCommands.SaveAsQuote);

        Assert.Equal(ApplicationCommandType.Message, save.Type);
        Assert.Null(save.Description);
        Assert.Null(save.Options);
    }

    [Fact]
    public void Build_UnknownExtraCommand_GetsOneArgsOption()
    {
        var remind = Build().Single(c => c.Name == "remind");

        var option = Assert.Single(remind.Options!);
        Assert.Equal(DiscordCommands.ArgsOption, option.Name);
        Assert.Equal(ApplicationCommandOptionType.String, option.Type);
    }

    [Fact]
    public void Build_InvalidNames_AreLeftOut()
    {
        var commands = DiscordCommands.Build([new CommandInfo("Bad Name", "", "x", false), new CommandInfo("ok_1", "", "x", false)], global: false);

        Assert.Equal(["ok_1", DiscordCommands.SaveAsQuote], commands.Select(c => c.Name));
    }

    [Fact]
    public void Build_Global_SetsContextsAndGuildOnlyForModerators()
    {
        var commands = Build(global: true).ToDictionary(c => c.Name);

        Assert.Equal([InteractionContextType.Guild, InteractionContextType.BotDm], commands["quote"].Contexts);
        Assert.Equal([InteractionContextType.Guild], commands["removequote"].Contexts);
        Assert.Equal([InteractionContextType.Guild], commands["daily"].Contexts);
        Assert.Null(Build(global: false).Single(c => c.Name == "quote").Contexts);
    }

    private static InteractionData Data(string json) => DiscordJson.Deserialize<InteractionData>(json)!;

    [Fact]
    public void ToRequest_QuoteWithSpeaker_AddsQuotedSpeakerFilter()
    {
        var request = DiscordCommands.ToRequest(Data("""{"name":"quote","options":[{"name":"query","type":3,"value":"ports"},{"name":"speaker","type":3,"value":"Jane \"JD\" Doe"}]}"""));

        Assert.Equal(new CommandRequest("quote", "ports speaker:\"Jane JD Doe\""), request);
        var parsed = Core.Search.QueryParser.Parse(request.Arguments);
        Assert.True(parsed.Ok);
        Assert.Equal("jane jd doe", parsed.Query!.Speaker);
        Assert.Equal(["ports"], parsed.Query.Terms);
    }

    [Fact]
    public void ToRequest_IdOptions_BecomeNumbers()
    {
        Assert.Equal(new CommandRequest("removequote", "17"), DiscordCommands.ToRequest(Data("""{"name":"removequote","options":[{"name":"id","type":4,"value":17}]}""")));
        Assert.Equal(new CommandRequest("context", "3"), DiscordCommands.ToRequest(Data("""{"name":"context","options":[{"name":"id","type":4,"value":3}]}""")));
    }

    [Theory]
    [InlineData("He said \"no\" twice.", "Ivo Brandt", "https://example.com/x")]
    [InlineData("Only text", "", "")]
    [InlineData("", "Only Speaker", "")]
    [InlineData("", "", "https://example.com/only-source")]
    [InlineData("Dashes - inside - text", "Mara - Holt", "")]
    [InlineData("Pipes | inside | text", "Pipe Guy", "")]
    [InlineData("A \"quoted | piped\" bit - here", "", "https://example.com/p")]
    public void QuoteInputFrom_AnyParts_AreTheSamePartsTyped(string text, string speaker, string source)
    {
        var options = new List<object> { new { name = "id", type = 4, value = 5 } };
        foreach (var (name, value) in new[] { ("text", text), ("speaker", speaker), ("source", source) })
        {
            if (value.Length > 0)
            {
                options.Add(new { name, type = 3, value });
            }
        }

        var data = Data(JsonSerializer.Serialize(new { name = "editquote", type = 1, options }));
        var (input, error) = QuoteInputParser.Check(DiscordCommands.QuoteInputFrom(data), requireText: false, QuoteInputParser.EditUsage);

        Assert.Null(error);
        Assert.Equal(5, DiscordCommands.IdFrom(data));
        Assert.Equal(text.Length == 0 ? null : text, input!.Text);
        Assert.Equal(speaker.Length == 0 ? null : speaker, input.Speaker);
        Assert.Equal(source.Length == 0 ? null : source, input.SourceUrl);
    }

    [Fact]
    public void ToRequest_ExtraCommandWithSubcommand_JoinsPathAndValues()
    {
        var data = Data("""{"name":"remind","options":[{"name":"set","type":1,"options":[{"name":"time","type":3,"value":"09:00"}]}]}""");

        Assert.Equal(new CommandRequest("remind", "set 09:00"), DiscordCommands.ToRequest(data));
        Assert.Equal(new CommandRequest("remind", "off"), DiscordCommands.ToRequest(Data("""{"name":"remind","options":[{"name":"args","type":3,"value":"off"}]}""")));
    }

    [Fact]
    public void Build_Serialized_UsesDiscordFieldNames()
    {
        var json = JsonSerializer.Serialize(Build().Single(c => c.Name == "removequote"), DiscordJson.Options);

        Assert.Contains("\"default_member_permissions\":\"8192\"", json, StringComparison.Ordinal);
        Assert.Contains("\"min_value\":1", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_FollowCommands_ModeratorOnlyWithTypedOptions_AndMapBackToTheCoreArguments()
    {
        var follows = new[]
        {
            new CommandInfo("follow", "<feed link> [auto-approve]", "Fetch a news feed's new articles on their own (RSS, Atom)", true),
            new CommandInfo("unfollow", "<feed link>", "Stop fetching a followed feed", true),
            new CommandInfo("follows", string.Empty, "The feeds this chat follows and how they are doing", true),
        };
        var commands = DiscordCommands.Build([.. QuoteCommands.Commands, .. follows], global: true).ToDictionary(c => c.Name);
        Assert.All(commands.Values, DiscordLimits.Validate);

        var follow = commands["follow"];
        Assert.Equal("8192", follow.DefaultMemberPermissions);
        Assert.Equal([InteractionContextType.Guild], follow.Contexts);
        Assert.Equal(["url", "auto_approve"], follow.Options!.Select(o => o.Name));
        Assert.True(follow.Options![0].Required);
        Assert.Equal(ApplicationCommandOptionType.Boolean, follow.Options![1].Type);
        Assert.Equal(["url"], commands["unfollow"].Options!.Select(o => o.Name));
        Assert.Equal("8192", commands["unfollow"].DefaultMemberPermissions);
        Assert.Null(commands["follows"].Options);
        Assert.Equal("8192", commands["follows"].DefaultMemberPermissions);

        Assert.Equal(
            new CommandRequest("follow", "https://news.example/rss.xml auto-approve"),
            DiscordCommands.ToRequest(Data("""{"name":"follow","options":[{"name":"url","type":3,"value":" https://news.example/rss.xml "},{"name":"auto_approve","type":5,"value":true}]}""")));
        Assert.Equal(
            new CommandRequest("follow", "https://news.example/rss.xml"),
            DiscordCommands.ToRequest(Data("""{"name":"follow","options":[{"name":"url","type":3,"value":"https://news.example/rss.xml"},{"name":"auto_approve","type":5,"value":false}]}""")));
        Assert.Equal(new CommandRequest("unfollow", "https://news.example/rss.xml"), DiscordCommands.ToRequest(Data("""{"name":"unfollow","options":[{"name":"url","type":3,"value":"https://news.example/rss.xml"}]}""")));
        Assert.Equal(new CommandRequest("follows", string.Empty), DiscordCommands.ToRequest(Data("""{"name":"follows"}""")));
    }
}
