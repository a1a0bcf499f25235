using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using QuoteBot.Core.Commands;
using QuoteBot.Discord.Api.Json;
using QuoteBot.Discord.Api.Models;

namespace QuoteBot.Discord.Tests;

/// <summary>
/// Discord payloads come from the source-generated <see cref="DiscordJsonContext"/> (so the Native AOT quotebot can
/// send and read them). What goes to Discord must be byte for byte what the reflection-based serializer sent with the
/// options of session 10, and what Discord sends must read the same.
/// </summary>
public sealed class DiscordJsonContextTests
{
    // Session 10's options, with the reflection-based contract resolver.
    private static readonly JsonSerializerOptions Reflection = CreateReflection();

    private static JsonSerializerOptions CreateReflection()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.General)
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            DictionaryKeyPolicy = null,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            PropertyNameCaseInsensitive = false,
            NumberHandling = JsonNumberHandling.Strict,
            TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
        };
        options.Converters.Add(new SnowflakeConverter());
        options.MakeReadOnly();
        return options;
    }

    private static readonly Embed Card = new()
    {
        Title = "Lena Olsvik \u201Con ferries\u201D",
        Description = "\u201CWe will keep the ferries running all winter.\u201D <b> & \uD83D\uDEA2",
        Url = "https://example.org/a?b=1&c=2",
        Timestamp = new DateTimeOffset(2026, 12, 6, 16, 0, 0, TimeSpan.FromHours(1)),
        Author = new EmbedAuthor { Name = "Harbour Weekly", IconUrl = "https://example.org/i.png" },
        Fields = [new EmbedField { Name = "Source", Value = "Paper", Inline = true }],
    };

    private static IEnumerable<object> Bodies()
    {
        yield return DiscordCommands.Build([.. QuoteCommands.Commands, new CommandInfo("daily", "set HH:MM <zone> [query] | show | now | off", "A quote posted here every day", true)], global: true).ToList();
        yield return InteractionResponse.Message("hi");
        yield return InteractionResponse.Deferred(ephemeral: true);
        yield return InteractionResponse.Message(new InteractionCallbackData
        {
            Embeds = [Card],
            Components = [Component.ActionRow(Component.Button(ButtonStyle.Secondary, "Another", "a:ports"), Component.LinkButton("Source", "https://example.org/"))],
            AllowedMentions = AllowedMentions.None,
            Flags = MessageFlags.Ephemeral,
            Attachments = [new AttachmentRef(0, "card.png")],
        });
        yield return InteractionResponse.Autocomplete([new ApplicationCommandOptionChoice("Lena Olsvik", "lena olsvik"), new ApplicationCommandOptionChoice("two", 2), new ApplicationCommandOptionChoice("half", 0.5)]);
        yield return InteractionResponse.Modal("report:9", "Report a quote", Component.ActionRow(Component.TextInput("reason", "Reason", TextInputStyle.Short)));
        yield return new MessageCreate
        {
            Content = "Daily quote",
            Embeds = [Card],
            AllowedMentions = new AllowedMentions { Users = [ulong.MaxValue], RepliedUser = false },
            MessageReference = new MessageReference { MessageId = 1180000000000000001, FailIfNotExists = false },
        };
        yield return new MessageEdit { Content = "", Embeds = [], Components = [], Attachments = [new AttachmentRef(1, "b.png")] };
    }

    [Fact]
    public void RequestBodies_SameBytesAsTheReflectionSerializer()
    {
        foreach (var body in Bodies())
        {
            var generated = DiscordJson.SerializeObject(body);

            Assert.Equal(JsonSerializer.Serialize(body, body.GetType(), Reflection), generated);
        }
    }

    [Fact]
    public void Responses_ReadTheSame()
    {
        const string message = """
            {"id":"1180000000000000001","channel_id":"200","guild_id":"100","content":"hi","author":{"id":"300","username":"alice"},
             "timestamp":"2026-12-06T16:00:00+00:00","type":0,"flags":64,"embeds":[{"title":"T","fields":[{"name":"a","value":"b","inline":true}]}],
             "components":[{"type":1,"components":[{"type":2,"style":2,"label":"Another","custom_id":"a:ports"}]}],"webhook_id":"5","application_id":"777","extra":1}
            """;
        const string interaction = """
            {"id":"1","application_id":"777","type":3,"token":"tok","version":1,"guild_id":"100","channel_id":"200",
             "member":{"user":{"id":"300","username":"alice"},"roles":["11"],"permissions":"8224"},
             "data":{"custom_id":"a:ports","component_type":2,"resolved":{"users":{"300":{"id":"300","username":"alice"}}}},
             "message":{"id":"9","channel_id":"200","content":"x"}}
            """;

        Assert.Equal(Reread<Message>(message), DiscordJson.Serialize(DiscordJson.Deserialize<Message>(message)));
        Assert.Equal(Reread<Interaction>(interaction), DiscordJson.Serialize(DiscordJson.Deserialize<Interaction>(interaction)));
        Assert.Equal(Reread<List<Role>>("""[{"id":"11","name":"mods","permissions":"8192","position":1}]"""), DiscordJson.Serialize(DiscordJson.Deserialize<List<Role>>("""[{"id":"11","name":"mods","permissions":"8192","position":1}]""")));
    }

    [Fact]
    public void TheOptions_UseTheGeneratedContractsOnly()
    {
        Assert.IsType<DiscordJsonContext>(DiscordJson.Options.TypeInfoResolver);
        Assert.Throws<NotSupportedException>(() => DiscordJson.Serialize(new Version(1, 2)));
    }

    // Read and written again by the reflection-based serializer.
    private static string Reread<T>(string json) => JsonSerializer.Serialize(JsonSerializer.Deserialize<T>(json, Reflection), Reflection);
}
