using System.Text.Json.Serialization;
using System.Globalization;

namespace QuoteBot.Discord.Api.Models;

/// <summary>A Discord user (partial: the fields this client uses).</summary>
public sealed record User
{
    public ulong Id { get; init; }
    public string Username { get; init; } = "";
    public string? GlobalName { get; init; }
    public string? Discriminator { get; init; }
    public string? Avatar { get; init; }
    public bool? Bot { get; init; }

    /// <summary>Display name: global name when set, else username.</summary>
    [JsonIgnore]
    public string DisplayName => string.IsNullOrEmpty(GlobalName) ? Username : GlobalName;
}

/// <summary>A guild member. In interactions <see cref="Permissions"/> holds the member's computed channel permissions.</summary>
public sealed record GuildMember
{
    public User? User { get; init; }
    public string? Nick { get; init; }
    public IReadOnlyList<ulong> Roles { get; init; } = [];
    public string? JoinedAt { get; init; }

    /// <summary>Permission bit set as a decimal string (present on interaction members).</summary>
    public string? Permissions { get; init; }

    /// <summary>True when <see cref="Permissions"/> contains every bit of <paramref name="required"/> (Administrator implies all).</summary>
    public bool HasPermission(DiscordPermissions required) => PermissionSet.Has(Permissions, required);
}

/// <summary>A guild role.</summary>
public sealed record Role
{
    public ulong Id { get; init; }
    public string Name { get; init; } = "";
    public string Permissions { get; init; } = "0";
    public int Position { get; init; }
    public bool Managed { get; init; }
}

/// <summary>The subset of permission bits a bot typically checks. Discord sends permission sets as decimal strings.</summary>
[Flags]
#pragma warning disable CA1028 // Discord permission bits exceed 32 bits
public enum DiscordPermissions : ulong
#pragma warning restore CA1028
{
    None = 0,
    CreateInstantInvite = 1UL << 0,
    KickMembers = 1UL << 1,
    BanMembers = 1UL << 2,
    Administrator = 1UL << 3,
    ManageChannels = 1UL << 4,
    ManageGuild = 1UL << 5,
    AddReactions = 1UL << 6,
    ViewChannel = 1UL << 10,
    SendMessages = 1UL << 11,
    ManageMessages = 1UL << 13,
    EmbedLinks = 1UL << 14,
    ReadMessageHistory = 1UL << 16,
    MentionEveryone = 1UL << 17,
    ManageRoles = 1UL << 28,
    ManageWebhooks = 1UL << 29,
    UseApplicationCommands = 1UL << 31,
    ModerateMembers = 1UL << 40,
}

/// <summary>Helpers for Discord's string-encoded permission sets.</summary>
public static class PermissionSet
{
    /// <summary>Parses a decimal permission string; null or malformed gives <see cref="DiscordPermissions.None"/>.</summary>
    public static DiscordPermissions Parse(string? value)
        => ulong.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out ulong bits)
            ? (DiscordPermissions)bits
            : DiscordPermissions.None;

    /// <summary>Formats a permission set the way Discord expects it (decimal string), e.g. for default_member_permissions.</summary>
    public static string Format(DiscordPermissions value) => ((ulong)value).ToString(CultureInfo.InvariantCulture);

    public static bool Has(string? permissions, DiscordPermissions required)
    {
        DiscordPermissions actual = Parse(permissions);
        return (actual & DiscordPermissions.Administrator) != 0 || (actual & required) == required;
    }
}
