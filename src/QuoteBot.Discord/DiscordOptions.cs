using System.Globalization;
using Microsoft.Extensions.Options;
using QuoteBot.Discord.Api.Gateway;

namespace QuoteBot.Discord;

/// <summary>
/// Settings of the Discord adapter ("Discord" section; env Discord__Token, Discord__GuildId, Discord__ModeratorRoleIds).
/// </summary>
public sealed class DiscordOptions
{
    public const string Section = "Discord";

    /// <summary>The bot token from the developer portal. A secret: environment or user secrets only, never logged.</summary>
    public string? Token { get; set; }

    /// <summary>REST base address (tests point it at a fake).</summary>
    public string ApiBaseUrl { get; set; } = "https://discord.com/api/v10";

    /// <summary>When set, commands are registered to this guild only (instant updates); otherwise globally.</summary>
    public string? GuildId { get; set; }

    /// <summary>Role ids (comma or space separated) whose members moderate quotes besides those with Manage Messages.</summary>
    public string? ModeratorRoleIds { get; set; }

    /// <summary>How long a handler may run before the interaction is deferred (Discord wants an answer within 3 s).</summary>
    public TimeSpan AnswerWithin { get; set; } = TimeSpan.FromMilliseconds(1500);

    /// <summary>How long autocomplete may look for speakers before it answers with what it has (nothing).</summary>
    public TimeSpan AutocompleteWithin { get; set; } = TimeSpan.FromMilliseconds(2000);

    /// <summary>How many interactions this process answers at once, across its shards (Discord__MaxConcurrency); more wait in line.</summary>
    public int MaxConcurrency { get; set; } = 16;

    /// <summary>The shards this instance runs: "0,1", "2-3"; empty = all shards (Discord__ShardIds).</summary>
    public string? ShardIds { get; set; }

    /// <summary>Total shard count; empty = the count GET /gateway/bot recommends (Discord__ShardCount). Text so a typo gets a clear line.</summary>
    public string? ShardCount { get; set; }

    /// <summary>
    /// Whether this instance bulk-overwrites the commands after READY (Discord__RegisterCommands). Empty = only when it
    /// runs shard 0, so several instances don't all overwrite at start.
    /// </summary>
    public bool? RegisterCommands { get; set; }

    /// <summary>The parsed <see cref="GuildId"/>, or null.</summary>
    public ulong? ParsedGuildId => TryParseId(GuildId, out var id) ? id : null;

    /// <summary>The parsed <see cref="ModeratorRoleIds"/>; malformed entries are left out (the validator rejects them at start).</summary>
    public IReadOnlySet<ulong> ParsedModeratorRoleIds =>
        SplitIds(ModeratorRoleIds).Select(s => TryParseId(s, out var id) ? id : 0).Where(id => id != 0).ToHashSet();

    internal static IEnumerable<string> SplitIds(string? list) =>
        (list ?? string.Empty).Split([',', ' ', ';', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    internal static bool TryParseId(string? s, out ulong id) =>
        ulong.TryParse(s?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out id) && id > 0;
}

/// <summary>Checks <see cref="DiscordOptions"/> at start, with one clear line per problem and never the token itself.</summary>
internal sealed partial class DiscordOptionsValidator : IValidateOptions<DiscordOptions>
{
    [System.Text.RegularExpressions.GeneratedRegex(@"^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$")]
    private static partial System.Text.RegularExpressions.Regex TokenShape();

    public ValidateOptionsResult Validate(string? name, DiscordOptions o)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(o.Token))
        {
            errors.Add("Discord__Token is required to run on Discord (the bot token from the developer portal; keep it in the environment or user secrets).");
        }
        else if (o.Token.Trim().Any(char.IsWhiteSpace) || o.Token.StartsWith("Bot ", StringComparison.OrdinalIgnoreCase))
        {
            errors.Add("Discord__Token looks malformed: give the bare token, without a \"Bot \" prefix or spaces.");
        }
        else if (!TokenShape().IsMatch(o.Token.Trim()))
        {
            // A bot token is three base64url parts joined by dots (user id, time, signature); anything else cannot log in,
            // and finding that out from Discord would look like an outage when Discord is unreachable.
            errors.Add("Discord__Token does not look like a bot token (three parts of letters, digits, - and _ joined by dots): copy it again from the Developer Portal (Bot, Reset Token).");
        }

        if (!Uri.TryCreate(o.ApiBaseUrl, UriKind.Absolute, out var api) || (api.Scheme != Uri.UriSchemeHttps && api.Scheme != Uri.UriSchemeHttp))
        {
            errors.Add($"Discord__ApiBaseUrl must be an absolute http(s) address (it is '{o.ApiBaseUrl}').");
        }

        if (!string.IsNullOrWhiteSpace(o.GuildId) && !DiscordOptions.TryParseId(o.GuildId, out _))
        {
            errors.Add($"Discord__GuildId must be a numeric guild id (it is '{o.GuildId}').");
        }

        var badRoles = DiscordOptions.SplitIds(o.ModeratorRoleIds).Where(s => !DiscordOptions.TryParseId(s, out _)).ToArray();
        if (badRoles.Length > 0)
        {
            errors.Add($"Discord__ModeratorRoleIds must be numeric role ids separated by commas (not: {string.Join(", ", badRoles)}).");
        }

        ValidateShards(o, errors);

        if (o.MaxConcurrency is < 1 or > 256)
        {
            errors.Add($"Discord__MaxConcurrency must be between 1 and 256 (it is {o.MaxConcurrency}).");
        }

        if (o.AnswerWithin <= TimeSpan.Zero || o.AnswerWithin > TimeSpan.FromMilliseconds(2500))
        {
            errors.Add("Discord__AnswerWithin must be between 0 and 2.5 seconds (Discord drops interactions not answered within 3 seconds).");
        }

        if (o.AutocompleteWithin <= TimeSpan.Zero || o.AutocompleteWithin > TimeSpan.FromMilliseconds(2500))
        {
            errors.Add("Discord__AutocompleteWithin must be between 0 and 2.5 seconds.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void ValidateShards(DiscordOptions o, List<string> errors)
    {
        int? count = null;
        if (!string.IsNullOrWhiteSpace(o.ShardCount))
        {
            if (int.TryParse(o.ShardCount.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n >= 1 && n <= ShardIdList.MaxShardId + 1)
            {
                count = n;
            }
            else
            {
                errors.Add($"Discord__ShardCount must be a whole number of shards, at least 1, or empty for Discord's recommendation (it is '{o.ShardCount}').");
            }
        }

        if (!ShardIdList.TryParse(o.ShardIds, out var ids, out var error))
        {
            errors.Add($"Discord__ShardIds must list shard ids like \"0,1\" or \"2-3\" (empty = all shards): {error}.");
        }
        else if (count is { } c && ShardIdList.CheckAgainstCount(ids, c) is { } problem)
        {
            errors.Add($"Discord__ShardIds: {problem} (Discord__ShardCount).");
        }
    }
}
