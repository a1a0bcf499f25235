using System.Text.Json;
using System.Text.Json.Nodes;
using QuoteBot.Discord.Api.Json;
using QuoteBot.Discord.Api.Models;

namespace QuoteBot.Discord.Api.Tests;

public sealed class ModelJsonTests
{
    private const string SlashCommandJson = """
        {
          "id": "1180000000000000001", "application_id": "777", "type": 2, "token": "tok", "version": 1,
          "guild_id": "100", "channel_id": "200", "locale": "en-US", "app_permissions": "2048",
          "member": {
            "user": { "id": "300", "username": "alice", "global_name": "Alice A." },
            "roles": ["11", "12"], "permissions": "8224", "joined_at": "2024-01-01T00:00:00+00:00"
          },
          "data": {
            "id": "400", "name": "quote", "type": 1,
            "options": [
              { "name": "admin", "type": 2, "options": [
                { "name": "remove", "type": 1, "options": [
                  { "name": "id", "type": 4, "value": 42 },
                  { "name": "reason", "type": 3, "value": "dup" },
                  { "name": "silent", "type": 5, "value": true },
                  { "name": "who", "type": 6, "value": "18446744073709551615" }
                ] }
              ] }
            ]
          }
        }
        """;

    [Fact]
    public void Interaction_NestedSubcommandGroup_ExposesPathAndLeafOptions()
    {
        Interaction interaction = DiscordJson.Deserialize<Interaction>(SlashCommandJson)!;

        Assert.Equal(1180000000000000001UL, interaction.Id);
        Assert.Equal(InteractionType.ApplicationCommand, interaction.Type);
        Assert.Equal(100UL, interaction.GuildId);
        Assert.Equal(["admin", "remove"], interaction.Data!.SubcommandPath);
        Assert.Equal(42L, interaction.Data.GetOption("id")!.AsInt64());
        Assert.Equal("dup", interaction.Data.GetOption("reason")!.AsString());
        Assert.True(interaction.Data.GetOption("silent")!.AsBoolean());
        Assert.Equal(ulong.MaxValue, interaction.Data.GetOption("who")!.AsSnowflake());
        Assert.Null(interaction.Data.GetOption("missing"));
        Assert.Equal("Alice A.", interaction.Invoker!.DisplayName);
        Assert.Equal([11UL, 12UL], interaction.Member!.Roles);
    }

    [Fact]
    public void GuildMember_PermissionsString_ChecksBits()
    {
        GuildMember member = DiscordJson.Deserialize<Interaction>(SlashCommandJson)!.Member!;

        Assert.True(member.HasPermission(DiscordPermissions.ManageGuild)); // 8224 = 8192 + 32
        Assert.True(member.HasPermission(DiscordPermissions.ManageMessages));
        Assert.False(member.HasPermission(DiscordPermissions.BanMembers));
        Assert.True(new GuildMember { Permissions = "8" }.HasPermission(DiscordPermissions.ManageGuild)); // administrator
        Assert.False(new GuildMember { Permissions = "not-a-number" }.HasPermission(DiscordPermissions.ManageGuild));
        Assert.False(new GuildMember().HasPermission(DiscordPermissions.ManageGuild));
    }

    [Fact]
    public void Interaction_Autocomplete_FindsFocusedOption()
    {
        const string json = """
            { "id": "1", "application_id": "777", "type": 4, "token": "t", "version": 1,
              "user": { "id": "5", "username": "dm-user" },
              "data": { "id": "400", "name": "quote", "type": 1, "options": [
                { "name": "search", "type": 1, "options": [
                  { "name": "author", "type": 3, "value": "ein", "focused": true },
                  { "name": "limit", "type": 4, "value": 3 }
                ] } ] } }
            """;

        Interaction interaction = DiscordJson.Deserialize<Interaction>(json)!;

        Assert.Equal(InteractionType.ApplicationCommandAutocomplete, interaction.Type);
        Assert.Equal("author", interaction.Data!.FocusedOption!.Name);
        Assert.Equal("ein", interaction.Data.FocusedOption.AsString());
        Assert.Equal(5UL, interaction.Invoker!.Id); // DM: user instead of member
        Assert.Null(interaction.GuildId);
    }

    [Fact]
    public void Interaction_MessageContextMenu_ResolvesTargetMessage()
    {
        const string json = """
            { "id": "1", "application_id": "777", "type": 2, "token": "t", "version": 1, "guild_id": "100",
              "data": { "id": "401", "name": "Find quotes", "type": 3, "target_id": "900",
                "resolved": {
                  "messages": { "900": { "id": "900", "channel_id": "200", "content": "He said \"hello\"",
                                          "author": { "id": "301", "username": "bob" }, "timestamp": "2024-05-01T10:00:00+00:00", "type": 0 } },
                  "users": { "301": { "id": "301", "username": "bob" } },
                  "members": { "301": { "roles": [], "nick": "Bobby" } }
                } } }
            """;

        InteractionData data = DiscordJson.Deserialize<Interaction>(json)!.Data!;

        Assert.Equal(ApplicationCommandType.Message, data.Type);
        Message target = data.Resolved!.Messages![data.TargetId!.Value];
        Assert.Equal("He said \"hello\"", target.Content);
        Assert.Equal("bob", target.Author!.Username);
        Assert.Equal("Bobby", data.Resolved.Members![301].Nick);
        Assert.Equal("bob", data.Resolved.Users![301].Username);
    }

    [Fact]
    public void Interaction_ButtonClick_HasCustomIdAndMessage()
    {
        const string json = """
            { "id": "1", "application_id": "777", "type": 3, "token": "t", "version": 1, "channel_id": "200",
              "message": { "id": "55", "channel_id": "200", "content": "old", "author": { "id": "999", "username": "QuoteBot", "bot": true } },
              "data": { "custom_id": "again:42", "component_type": 2 } }
            """;

        Interaction interaction = DiscordJson.Deserialize<Interaction>(json)!;

        Assert.Equal(InteractionType.MessageComponent, interaction.Type);
        Assert.Equal("again:42", interaction.Data!.CustomId);
        Assert.Equal(ComponentType.Button, interaction.Data.ComponentType);
        Assert.Equal(55UL, interaction.Message!.Id);
        Assert.True(interaction.Message.Author!.Bot);
    }

    [Fact]
    public void Interaction_ModalSubmit_ReadsValuesFromRowsAndLabels()
    {
        const string json = """
            { "id": "1", "application_id": "777", "type": 5, "token": "t", "version": 1,
              "data": { "custom_id": "report:9", "components": [
                { "type": 1, "components": [ { "type": 4, "custom_id": "reason", "value": "wrong author" } ] },
                { "type": 18, "id": 3, "component": { "type": 4, "custom_id": "details", "value": "see source" } }
              ] } }
            """;

        InteractionData data = DiscordJson.Deserialize<Interaction>(json)!.Data!;

        Assert.Equal("report:9", data.CustomId);
        Assert.Equal("wrong author", data.GetModalValue("reason"));
        Assert.Equal("see source", data.GetModalValue("details"));
        Assert.Null(data.GetModalValue("absent"));
    }

    [Fact]
    public void Snowflake_Serialize_WritesStringAndReadsStringOrNumber()
    {
        string json = DiscordJson.Serialize(new User { Id = ulong.MaxValue, Username = "x" });
        JsonNode node = JsonNode.Parse(json)!;

        Assert.Equal("18446744073709551615", node["id"]!.GetValue<string>());
        Assert.Equal(123UL, DiscordJson.Deserialize<User>("""{"id": 123, "username": "n"}""")!.Id);
        Assert.Equal(123UL, DiscordJson.Deserialize<User>("""{"id": "123", "username": "n"}""")!.Id);
        Assert.Throws<JsonException>(() => DiscordJson.Deserialize<User>("""{"id": "12a", "username": "n"}"""));
    }

    [Fact]
    public void Embed_Serialize_UsesSnakeCaseOmitsNullsAndComputedProperties()
    {
        var embed = new Embed
        {
            Title = "T",
            Url = "https://example.org/",
            Timestamp = new DateTimeOffset(2024, 5, 1, 10, 0, 0, TimeSpan.Zero),
            Author = new EmbedAuthor { Name = "Ada", IconUrl = "https://example.org/i.png" },
            Fields = [new EmbedField { Name = "Source", Value = "Paper", Inline = true }],
        };

        JsonNode node = JsonNode.Parse(DiscordJson.Serialize(embed))!;

        Assert.Equal("2024-05-01T10:00:00+00:00", node["timestamp"]!.GetValue<string>());
        Assert.Equal("https://example.org/i.png", node["author"]!["icon_url"]!.GetValue<string>());
        Assert.True(node["fields"]![0]!["inline"]!.GetValue<bool>());
        Assert.Null(node["description"]);
        Assert.Null(node["total_length"]);
        Assert.Equal(1 + 3 + 6 + 5, embed.TotalLength);
    }

    [Fact]
    public void InteractionResponse_Serialize_HasNoComputedFields()
    {
        string json = DiscordJson.Serialize(InteractionResponse.Message("hi"));

        Assert.Equal("""{"type":4,"data":{"content":"hi"}}""", json);
    }

    [Fact]
    public void PermissionSet_Format_IsDecimalString()
    {
        Assert.Equal("8224", PermissionSet.Format(DiscordPermissions.ManageGuild | DiscordPermissions.ManageMessages));
        Assert.Equal(DiscordPermissions.ModerateMembers, PermissionSet.Parse("1099511627776"));
    }

    [Fact]
    public void Component_ButtonFactory_LinkStyleRejected()
    {
        Assert.Throws<ArgumentException>(() => Component.Button(ButtonStyle.Link, "x", "id"));
        Component link = Component.LinkButton("Open", "https://example.org");

        Assert.Equal((int)ButtonStyle.Link, link.Style);
        Assert.Null(link.CustomId);
    }

    [Fact]
    public void Snowflake_CreatedAt_DecodesTimestamp()
    {
        // 175928847299117063 is the example id in Discord's docs: 2016-04-30 11:18:25.796 UTC
        Assert.Equal(new DateTimeOffset(2016, 4, 30, 11, 18, 25, 796, TimeSpan.Zero), Snowflake.CreatedAt(175928847299117063UL));
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(Snowflake.DiscordEpochMilliseconds), Snowflake.CreatedAt(0));
    }
}
