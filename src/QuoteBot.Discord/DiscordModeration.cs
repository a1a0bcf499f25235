using System.Globalization;
using QuoteBot.Core.Commands;
using QuoteBot.Core.Model;
using QuoteBot.Discord.Api.Models;

namespace QuoteBot.Discord;

/// <summary>
/// Who may change quotes, and which quotes an interaction sees. A guild is its own scope (it sees its quotes plus the
/// global corpus); a DM uses the global scope and moderates nothing.
/// </summary>
public static class DiscordModeration
{
    /// <summary>The scope of the place the interaction came from.</summary>
    public static Scope ScopeOf(Interaction interaction) =>
        interaction.GuildId is { } guild ? Scope.Discord(guild) : Scope.Global;

    /// <summary>
    /// True when the member may change quotes of <paramref name="scope"/>: the scope must be this guild's, and the member
    /// must have Manage Messages (or Administrator) here, or one of <paramref name="moderatorRoles"/>. Never in DMs.
    /// </summary>
    public static bool CanModerate(Interaction interaction, Scope scope, IReadOnlySet<ulong> moderatorRoles)
    {
        if (interaction.GuildId is not { } guild || scope != Scope.Discord(guild) || interaction.Member is not { } member)
        {
            return false;
        }

        return member.HasPermission(DiscordPermissions.ManageMessages) || member.Roles.Any(moderatorRoles.Contains);
    }

    /// <summary>The name to show for the invoking user: server nickname, then global display name, then username.</summary>
    public static string DisplayName(Interaction interaction)
    {
        var user = interaction.Invoker;
        var name = interaction.Member?.Nick;
        if (string.IsNullOrWhiteSpace(name))
        {
            name = user?.DisplayName;
        }

        return string.IsNullOrWhiteSpace(name) ? "unknown user" : name.Trim();
    }

    /// <summary>The command layer's view of an interaction: scope, per-channel conversation key, actor and moderation.</summary>
    public static CommandContext ContextFor(Interaction interaction, IReadOnlySet<ulong> moderatorRoles)
    {
        var userId = interaction.Invoker?.Id ?? 0;
        var conversation = interaction.ChannelId is { } channel
            ? "dc:" + channel.ToString(CultureInfo.InvariantCulture)
            : "dc:user:" + userId.ToString(CultureInfo.InvariantCulture);
        return new CommandContext(
            ScopeOf(interaction),
            conversation,
            new Actor("dc:" + userId.ToString(CultureInfo.InvariantCulture), DisplayName(interaction)),
            (scope, _) => ValueTask.FromResult(CanModerate(interaction, scope, moderatorRoles)));
    }
}
