namespace QuoteBot.Discord.Api.Models;

public enum ApplicationCommandType
{
    /// <summary>Slash command.</summary>
    ChatInput = 1,
    /// <summary>Context menu on a user.</summary>
    User = 2,
    /// <summary>Context menu on a message ("Apps → ...").</summary>
    Message = 3,
}

public enum ApplicationCommandOptionType
{
    SubCommand = 1,
    SubCommandGroup = 2,
    String = 3,
    Integer = 4,
    Boolean = 5,
    User = 6,
    Channel = 7,
    Role = 8,
    Mentionable = 9,
    Number = 10,
    Attachment = 11,
}

/// <summary>Where a command can be used (<c>contexts</c>).</summary>
public enum InteractionContextType
{
    Guild = 0,
    BotDm = 1,
    PrivateChannel = 2,
}

/// <summary>How the app must be installed for the command to show (<c>integration_types</c>).</summary>
public enum ApplicationIntegrationType
{
    GuildInstall = 0,
    UserInstall = 1,
}

/// <summary>
/// An application command: what you send to the bulk-overwrite endpoints (leave Id/ApplicationId/Version null) and
/// what Discord returns.
/// </summary>
public sealed record ApplicationCommand
{
    public ulong? Id { get; init; }
    public ulong? ApplicationId { get; init; }
    public ulong? GuildId { get; init; }
    public ulong? Version { get; init; }

    /// <summary>Defaults to CHAT_INPUT when null.</summary>
    public ApplicationCommandType? Type { get; init; }

    /// <summary>1–32 chars; for chat-input commands lowercase <c>^[-_\p{L}\p{N}]{1,32}$</c>.</summary>
    public string Name { get; init; } = "";

    /// <summary>1–100 chars for chat-input commands; must be empty for context-menu commands.</summary>
    public string? Description { get; init; }
    public IReadOnlyList<ApplicationCommandOption>? Options { get; init; }

    /// <summary>Permission bit set (decimal string) a member needs by default; "0" = admins only. Use <see cref="PermissionSet.Format"/>.</summary>
    public string? DefaultMemberPermissions { get; init; }

    /// <summary>Deprecated in favour of <see cref="Contexts"/>, still honoured for global commands.</summary>
    public bool? DmPermission { get; init; }
    public IReadOnlyList<InteractionContextType>? Contexts { get; init; }
    public IReadOnlyList<ApplicationIntegrationType>? IntegrationTypes { get; init; }
    public bool? Nsfw { get; init; }
}

public sealed record ApplicationCommandOption
{
    public ApplicationCommandOptionType Type { get; init; }
    public string Name { get; init; } = "";
    public string Description { get; init; } = "";
    public bool? Required { get; init; }

    /// <summary>Fixed choices (max 25); mutually exclusive with <see cref="Autocomplete"/>.</summary>
    public IReadOnlyList<ApplicationCommandOptionChoice>? Choices { get; init; }

    /// <summary>Nested options of a subcommand or subcommand group.</summary>
    public IReadOnlyList<ApplicationCommandOption>? Options { get; init; }
    public bool? Autocomplete { get; init; }
    public double? MinValue { get; init; }
    public double? MaxValue { get; init; }
    public int? MinLength { get; init; }
    public int? MaxLength { get; init; }
    public IReadOnlyList<int>? ChannelTypes { get; init; }
}

/// <summary>A choice: value is a string, an integer or a double (received values are JsonElements).</summary>
public sealed record ApplicationCommandOptionChoice
{
    public ApplicationCommandOptionChoice()
    {
    }

    public ApplicationCommandOptionChoice(string name, object value)
    {
        Name = name;
        Value = value;
    }

    public string Name { get; init; } = "";
    public object Value { get; init; } = "";
}

/// <summary>GET /applications/@me (partial).</summary>
public sealed record Application
{
    public ulong Id { get; init; }
    public string Name { get; init; } = "";
    public bool? BotPublic { get; init; }
}

/// <summary>GET /gateway/bot.</summary>
public sealed record GatewayBotInfo
{
    public string Url { get; init; } = "";
    public int Shards { get; init; } = 1;
    public SessionStartLimit SessionStartLimit { get; init; } = new();
}

public sealed record SessionStartLimit
{
    public int Total { get; init; }
    public int Remaining { get; init; }

    /// <summary>Milliseconds until the limit resets.</summary>
    public long ResetAfter { get; init; }
    public int MaxConcurrency { get; init; } = 1;
}
