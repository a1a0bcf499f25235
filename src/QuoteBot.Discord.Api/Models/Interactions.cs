using System.Text.Json.Serialization;
using System.Text.Json;

namespace QuoteBot.Discord.Api.Models;

public enum InteractionType
{
    Ping = 1,
    ApplicationCommand = 2,
    MessageComponent = 3,
    ApplicationCommandAutocomplete = 4,
    ModalSubmit = 5,
}

/// <summary>An interaction received through INTERACTION_CREATE.</summary>
public sealed record Interaction
{
    public ulong Id { get; init; }
    public ulong ApplicationId { get; init; }
    public InteractionType Type { get; init; }
    public InteractionData? Data { get; init; }
    public ulong? GuildId { get; init; }
    public ulong? ChannelId { get; init; }

    /// <summary>Set in guilds (with <see cref="GuildMember.Permissions"/>); <see cref="User"/> is set in DMs instead.</summary>
    public GuildMember? Member { get; init; }
    public User? User { get; init; }

    /// <summary>Continuation token for responding; valid 15 minutes. Treat as a secret: never log it.</summary>
    public string Token { get; init; } = "";
    public int Version { get; init; }

    /// <summary>For component interactions: the message the component was on.</summary>
    public Message? Message { get; init; }

    /// <summary>Permissions the app has in the channel (decimal string).</summary>
    public string? AppPermissions { get; init; }
    public string? Locale { get; init; }
    public string? GuildLocale { get; init; }

    /// <summary>0 guild, 1 bot DM, 2 private channel.</summary>
    public int? Context { get; init; }

    /// <summary>The invoking user, in guilds or DMs.</summary>
    [JsonIgnore]
    public User? Invoker => Member?.User ?? User;
}

/// <summary>The data of an interaction: command name/options, component custom_id, or modal fields.</summary>
public sealed record InteractionData
{
    // application command
    public ulong? Id { get; init; }
    public string? Name { get; init; }
    public ApplicationCommandType? Type { get; init; }
    public ResolvedData? Resolved { get; init; }
    public IReadOnlyList<InteractionOption>? Options { get; init; }
    public ulong? GuildId { get; init; }

    /// <summary>For user/message context-menu commands: the targeted user or message id (see <see cref="Resolved"/>).</summary>
    public ulong? TargetId { get; init; }

    // component / modal
    public string? CustomId { get; init; }
    public ComponentType? ComponentType { get; init; }
    public IReadOnlyList<string>? Values { get; init; }

    /// <summary>Modal submit: the submitted rows (or labels) with their text inputs.</summary>
    public IReadOnlyList<Component>? Components { get; init; }

    /// <summary>The deepest subcommand path: e.g. ["admin", "remove"] for /quote admin remove.</summary>
    [JsonIgnore]
    public IReadOnlyList<string> SubcommandPath
    {
        get
        {
            var path = new List<string>();
            IReadOnlyList<InteractionOption>? level = Options;
            while (level is { Count: 1 } && level[0].Type is ApplicationCommandOptionType.SubCommand or ApplicationCommandOptionType.SubCommandGroup)
            {
                path.Add(level[0].Name);
                level = level[0].Options;
            }

            return path;
        }
    }

    /// <summary>The leaf options (after descending through subcommand groups/subcommands).</summary>
    [JsonIgnore]
    public IReadOnlyList<InteractionOption> LeafOptions
    {
        get
        {
            IReadOnlyList<InteractionOption>? level = Options;
            while (level is { Count: 1 } && level[0].Type is ApplicationCommandOptionType.SubCommand or ApplicationCommandOptionType.SubCommandGroup)
            {
                level = level[0].Options;
            }

            return level ?? [];
        }
    }

    /// <summary>The leaf option with this name, or null.</summary>
    public InteractionOption? GetOption(string name) => LeafOptions.FirstOrDefault(o => o.Name == name);

    /// <summary>For autocomplete: the option the user is typing in.</summary>
    [JsonIgnore]
    public InteractionOption? FocusedOption => LeafOptions.FirstOrDefault(o => o.Focused == true);

    /// <summary>Modal submit: the value of the text input with this custom_id (searches rows and labels), or null.</summary>
    public string? GetModalValue(string customId) => FindComponent(Components, customId)?.Value;

    private static Component? FindComponent(IReadOnlyList<Component>? components, string customId)
    {
        if (components is null)
        {
            return null;
        }

        foreach (Component c in components)
        {
            if (c.CustomId == customId)
            {
                return c;
            }

            Component? nested = c.Child is not null && c.Child.CustomId == customId ? c.Child : FindComponent(c.Components, customId);
            if (nested is not null)
            {
                return nested;
            }
        }

        return null;
    }
}

/// <summary>A command option value as received (nested for subcommands; <see cref="Focused"/> for autocomplete).</summary>
public sealed record InteractionOption
{
    public string Name { get; init; } = "";
    public ApplicationCommandOptionType Type { get; init; }

    /// <summary>string, integer, number or boolean; snowflakes (user/channel/role) arrive as strings.</summary>
    public JsonElement? Value { get; init; }
    public IReadOnlyList<InteractionOption>? Options { get; init; }
    public bool? Focused { get; init; }

    /// <summary>The value as text (numbers and booleans formatted invariantly), or null.</summary>
    public string? AsString() => Value switch
    {
        null => null,
        { ValueKind: JsonValueKind.String } v => v.GetString(),
        { ValueKind: JsonValueKind.Null or JsonValueKind.Undefined } => null,
        { } v => v.GetRawText(),
    };

    /// <summary>The value as a 64-bit integer, when it is one.</summary>
    public long? AsInt64() => Value is { ValueKind: JsonValueKind.Number } v && v.TryGetInt64(out long n) ? n : null;

    public double? AsDouble() => Value is { ValueKind: JsonValueKind.Number } v && v.TryGetDouble(out double d) ? d : null;

    public bool? AsBoolean() => Value switch
    {
        { ValueKind: JsonValueKind.True } => true,
        { ValueKind: JsonValueKind.False } => false,
        _ => null,
    };

    /// <summary>For USER/CHANNEL/ROLE/MENTIONABLE options: the snowflake.</summary>
    public ulong? AsSnowflake() =>
        ulong.TryParse(AsString(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out ulong id) ? id : null;
}

/// <summary>Objects referenced by the options or the context-menu target, keyed by snowflake.</summary>
public sealed record ResolvedData
{
    public IReadOnlyDictionary<ulong, User>? Users { get; init; }

    /// <summary>Partial members (no <c>user</c>; look it up in <see cref="Users"/>).</summary>
    public IReadOnlyDictionary<ulong, GuildMember>? Members { get; init; }
    public IReadOnlyDictionary<ulong, Role>? Roles { get; init; }
    public IReadOnlyDictionary<ulong, Message>? Messages { get; init; }
}

public enum InteractionCallbackType
{
    Pong = 1,
    /// <summary>Reply with a message now.</summary>
    ChannelMessageWithSource = 4,
    /// <summary>ACK now ("thinking..."); edit the original response later.</summary>
    DeferredChannelMessageWithSource = 5,
    /// <summary>Component interactions: ACK now, edit the component's message later.</summary>
    DeferredUpdateMessage = 6,
    /// <summary>Component interactions: edit the component's message now.</summary>
    UpdateMessage = 7,
    ApplicationCommandAutocompleteResult = 8,
    Modal = 9,
}

/// <summary>Body of POST /interactions/{id}/{token}/callback. Build with the static factories.</summary>
public sealed record InteractionResponse
{
    public InteractionCallbackType Type { get; init; }
    public InteractionCallbackData? Data { get; init; }

    /// <summary>True for the callback types whose data is a message (4, 5, 7).</summary>
    [JsonIgnore]
    public bool CarriesMessage => Type is InteractionCallbackType.ChannelMessageWithSource
        or InteractionCallbackType.DeferredChannelMessageWithSource or InteractionCallbackType.UpdateMessage;

    public static InteractionResponse Pong() => new() { Type = InteractionCallbackType.Pong };

    public static InteractionResponse Message(InteractionCallbackData data) =>
        new() { Type = InteractionCallbackType.ChannelMessageWithSource, Data = data };

    public static InteractionResponse Message(string content, bool ephemeral = false) =>
        Message(new InteractionCallbackData { Content = content, Flags = ephemeral ? MessageFlags.Ephemeral : null });

    /// <summary>Type 5: shows "thinking…"; follow with EditOriginalInteractionResponseAsync within 15 minutes.</summary>
    public static InteractionResponse Deferred(bool ephemeral = false) =>
        new()
        {
            Type = InteractionCallbackType.DeferredChannelMessageWithSource,
            Data = ephemeral ? new InteractionCallbackData { Flags = MessageFlags.Ephemeral } : null,
        };

    public static InteractionResponse DeferredUpdate() => new() { Type = InteractionCallbackType.DeferredUpdateMessage };

    public static InteractionResponse UpdateMessage(InteractionCallbackData data) =>
        new() { Type = InteractionCallbackType.UpdateMessage, Data = data };

    public static InteractionResponse Autocomplete(IEnumerable<ApplicationCommandOptionChoice> choices) =>
        new() { Type = InteractionCallbackType.ApplicationCommandAutocompleteResult, Data = new InteractionCallbackData { Choices = choices.ToList() } };

    public static InteractionResponse Modal(string customId, string title, params Component[] rows) =>
        new() { Type = InteractionCallbackType.Modal, Data = new InteractionCallbackData { CustomId = customId, Title = title, Components = rows } };
}

/// <summary>Callback data: message fields for types 4/5/7, choices for 8, custom_id/title/components for 9.</summary>
public sealed record InteractionCallbackData : IMessagePayload
{
    public string? Content { get; init; }
    public IReadOnlyList<Embed>? Embeds { get; init; }
    public IReadOnlyList<Component>? Components { get; init; }
    public AllowedMentions? AllowedMentions { get; init; }
    public MessageFlags? Flags { get; init; }
    public bool? Tts { get; init; }

    /// <summary>Attachments of the message (uploads are named by their <c>files[n]</c> index).</summary>
    public IReadOnlyList<AttachmentRef>? Attachments { get; init; }

    /// <summary>Autocomplete result (max 25).</summary>
    public IReadOnlyList<ApplicationCommandOptionChoice>? Choices { get; init; }

    /// <summary>Modal.</summary>
    public string? CustomId { get; init; }

    /// <summary>Modal title (max 45).</summary>
    public string? Title { get; init; }
}
