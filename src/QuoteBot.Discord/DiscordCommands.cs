using System.Globalization;
using System.Text.RegularExpressions;
using QuoteBot.Core.Commands;
using QuoteBot.Discord.Api.Models;

namespace QuoteBot.Discord;

/// <summary>
/// The application commands this bot registers, built from <see cref="QuoteCommands.AllCommands"/>, and the mapping of
/// a received slash command's options to the command layer: query and id options as its text arguments, a quote's
/// text, speaker and source as typed values.
/// </summary>
public static partial class DiscordCommands
{
    /// <summary>The message context-menu command (type 3).</summary>
    public const string SaveAsQuote = "Save as quote";

    /// <summary>The option of commands the adapter knows nothing about (features added through IChatCommand).</summary>
    public const string ArgsOption = "args";

    /// <summary>custom_id of the /addquote form.</summary>
    public const string AddQuoteModalId = "m:addquote";

    /// <summary>custom_id prefix of the fix-speaker form: "m:fix:42" is for quote 42 (stateless, like the buttons).</summary>
    public const string FixSpeakerModalPrefix = "m:fix:";

    public const string ModalText = "text";
    public const string ModalSpeaker = "speaker";
    public const string ModalSource = "source";

    /// <summary>/follow, /unfollow (a feed link option, and for /follow an auto-approve flag) and /follows (none).</summary>
    public const string FollowCommand = "follow";
    public const string UnfollowCommand = "unfollow";
    public const string FollowsCommand = "follows";
    public const string UrlOption = "url";
    public const string AutoApproveOption = "auto_approve";

    /// <summary>Manage Messages: the default permission of moderator commands (Discord hides them from other members).</summary>
    public static readonly string ModeratorPermission = PermissionSet.Format(DiscordPermissions.ManageMessages);

    /// <summary>
    /// The full set for ONE bulk overwrite: a slash command per <paramref name="commands"/> entry plus "Save as quote".
    /// <paramref name="global"/> adds where the commands may be used (guilds, and DMs for the read-only ones).
    /// Commands whose names Discord would refuse are left out.
    /// </summary>
    public static IReadOnlyList<ApplicationCommand> Build(IEnumerable<CommandInfo> commands, bool global)
    {
        var list = new List<ApplicationCommand>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var info in commands)
        {
            if (!IsValidName(info.Name) || !seen.Add(info.Name))
            {
                continue;
            }

            // /daily mixes a subcommand for everyone (show) with moderator ones: it stays visible to all, DailyCommand
            // checks each use, and it lives in server channels only (daily posts go to a channel).
            var daily = info.Name == DiscordDailyCommand.Name;
            list.Add(new ApplicationCommand
            {
                Type = ApplicationCommandType.ChatInput,
                Name = info.Name,
                Description = DiscordRenderer.Fit(string.IsNullOrWhiteSpace(info.Description) ? info.Name : info.Description, DiscordLimits.CommandDescription),
                Options = OptionsFor(info),
                DefaultMemberPermissions = info.ModeratorOnly && !daily ? ModeratorPermission : null,
                Contexts = global ? (info.ModeratorOnly || daily ? [InteractionContextType.Guild] : [InteractionContextType.Guild, InteractionContextType.BotDm]) : null,
                IntegrationTypes = global ? [ApplicationIntegrationType.GuildInstall] : null,
            });
        }

        list.Add(new ApplicationCommand
        {
            Type = ApplicationCommandType.Message,
            Name = SaveAsQuote,
            DefaultMemberPermissions = ModeratorPermission,
            Contexts = global ? [InteractionContextType.Guild] : null,
            IntegrationTypes = global ? [ApplicationIntegrationType.GuildInstall] : null,
        });
        return list;
    }

    private static List<ApplicationCommandOption>? OptionsFor(CommandInfo info) => info.Name switch
    {
        "quote" =>
        [
            Text("query", "Words, \"a phrase\", -word to leave out, or #id", required: false, maxLength: 200),
            new ApplicationCommandOption { Type = ApplicationCommandOptionType.String, Name = "speaker", Description = "Only quotes of this speaker", Autocomplete = true, MaxLength = 100 },
            new ApplicationCommandOption { Type = ApplicationCommandOptionType.Boolean, Name = "card", Description = "Send the quote as a card image" },
        ],
        "quotes" => [Text("query", "Words, \"a phrase\", speaker:name, -word to leave out", required: true, maxLength: 200)],
        "context" => [IdOption("The quote's number")],
        "removequote" => [IdOption("The number of the quote to remove")],
        "restorequote" => [IdOption("The number of the quote to bring back")],
        "addquote" =>
        [
            Text(ModalText, "What was said (leave every option empty to get a form)", required: false, maxLength: QuoteInputParser.MaxTextLength),
            Text(ModalSpeaker, "Who said it", required: false, maxLength: QuoteInputParser.MaxSpeakerLength),
            Text(ModalSource, "A link to where it was said (http or https)", required: false, maxLength: DiscordRenderer.MaxLinkUrl),
        ],
        "editquote" =>
        [
            IdOption("The number of the quote to change"),
            Text(ModalText, "New text", required: false, maxLength: QuoteInputParser.MaxTextLength),
            Text(ModalSpeaker, "New speaker", required: false, maxLength: QuoteInputParser.MaxSpeakerLength),
            Text(ModalSource, "New source link (http or https)", required: false, maxLength: DiscordRenderer.MaxLinkUrl),
        ],
        "help" => null,
        FollowCommand => [Text(UrlOption, "The feed's link (RSS or Atom), http or https", required: true, maxLength: DiscordRenderer.MaxLinkUrl), Flag(AutoApproveOption, "Its quotes go public at once, without review")],
        UnfollowCommand => [Text(UrlOption, "The followed feed's link", required: true, maxLength: DiscordRenderer.MaxLinkUrl)],
        FollowsCommand => null,
        "addarticle" => [Text("url", "A link to a news article (http or https)", required: true, maxLength: 2000)],
        "review" => null,
        "fixspeaker" =>
        [
            IdOption("The number of the quote waiting for review"),
            Text(ModalSpeaker, "The right speaker", required: true, maxLength: QuoteInputParser.MaxSpeakerLength),
        ],
        DiscordDailyCommand.Name => DiscordDailyCommand.Options(),
        _ => [Text(ArgsOption, DiscordRenderer.Fit(string.IsNullOrWhiteSpace(info.Arguments) ? "Arguments" : info.Arguments, DiscordLimits.CommandDescription), required: false, maxLength: 1000)],
    };

    private static ApplicationCommandOption Text(string name, string description, bool required, int maxLength) => new()
    {
        Type = ApplicationCommandOptionType.String,
        Name = name,
        Description = description,
        Required = required ? true : null,
        MaxLength = maxLength,
    };

    private static ApplicationCommandOption Flag(string name, string description) => new()
    {
        Type = ApplicationCommandOptionType.Boolean,
        Name = name,
        Description = description,
    };

    private static ApplicationCommandOption IdOption(string description) => new()
    {
        Type = ApplicationCommandOptionType.Integer,
        Name = "id",
        Description = description,
        Required = true,
        MinValue = 1,
    };

    /// <summary>Discord's rule for slash command names: 1–32 lower-case letters, digits, '-' or '_'.</summary>
    public static bool IsValidName(string name) => NameRule().IsMatch(name);

    [GeneratedRegex(@"^[-_\p{Ll}\p{Lo}\p{N}]{1,32}$")]
    private static partial Regex NameRule();

    /// <summary>
    /// Turns a slash command's options into the text arguments the command layer parses (the same syntax as typed
    /// commands elsewhere). Unknown commands get their subcommand path and option values in order.
    /// </summary>
    public static CommandRequest ToRequest(InteractionData data)
    {
        var name = (data.Name ?? string.Empty).ToLowerInvariant();
        string S(string option) => data.GetOption(option)?.AsString()?.Trim() ?? string.Empty;
        string IdText() => data.GetOption("id") is { } o ? o.AsInt64()?.ToString(CultureInfo.InvariantCulture) ?? o.AsString() ?? string.Empty : string.Empty;

        var args = name switch
        {
            "quote" => (JoinQuery(S("query"), S("speaker")) + (data.GetOption("card")?.AsBoolean() == true ? " card" : string.Empty)).Trim(),
            "quotes" => S("query"),
            "context" or "removequote" or "restorequote" => IdText(),
            // Their text, speaker and source go to the command layer as typed values (QuoteInputFrom), never as text.
            "editquote" => IdText(),
            "addquote" => string.Empty,
            "help" => string.Empty,
            "addarticle" => S("url"),
            "review" => string.Empty,
            "fixspeaker" => (IdText() + " " + S(ModalSpeaker)).Trim(),
            DiscordDailyCommand.Name => DiscordDailyCommand.ToArguments(data),
            FollowCommand => S(UrlOption) + (data.GetOption(AutoApproveOption)?.AsBoolean() == true ? " auto-approve" : string.Empty),
            UnfollowCommand => S(UrlOption),
            FollowsCommand => string.Empty,
            _ => string.Join(' ', data.SubcommandPath.Concat(data.LeafOptions.Select(o => o.AsString() ?? string.Empty)).Where(s => s.Length > 0)),
        };
        return new CommandRequest(name, args);
    }

    /// <summary>The query with <c>speaker:"name"</c> added when a speaker was picked.</summary>
    public static string JoinQuery(string query, string speaker)
    {
        var name = new string(speaker.Where(c => c is not ('"' or '“' or '”' or '„' or '«' or '»') && !char.IsControl(c)).ToArray()).Trim();
        if (name.Length == 0)
        {
            return query.Trim();
        }

        var filter = $"speaker:\"{name}\"";
        return query.Trim().Length == 0 ? filter : query.Trim() + " " + filter;
    }

    /// <summary>
    /// The text, speaker and source options of /addquote or /editquote as typed values (blank ones are null), passed to
    /// <see cref="QuoteCommands.AddQuoteAsync"/> or <see cref="QuoteCommands.EditQuoteAsync"/> as they are: a " | " or
    /// " - " inside the text stays text.
    /// </summary>
    public static QuoteInput QuoteInputFrom(InteractionData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        string? S(string option) => data.GetOption(option)?.AsString() is { } v && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;
        return new QuoteInput(S(ModalText), S(ModalSpeaker), S(ModalSource));
    }

    /// <summary>The quote id of a fix-speaker form's custom_id, or 0.</summary>
    public static long FixSpeakerIdFrom(string? customId) =>
        customId is not null && customId.StartsWith(FixSpeakerModalPrefix, StringComparison.Ordinal)
        && QuoteCommands.TryParseId(customId[FixSpeakerModalPrefix.Length..], out var id) ? id : 0;

    /// <summary>The id option of a command (0 when it is missing or not a number, which names no quote).</summary>
    public static long IdFrom(InteractionData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var option = data.GetOption("id");
        if (option?.AsInt64() is { } n)
        {
            return n;
        }

        return QuoteCommands.TryParseId(option?.AsString(), out var id) ? id : 0;
    }
}
