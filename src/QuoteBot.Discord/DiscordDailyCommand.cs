using System.Text;
using QuoteBot.Core.Daily;
using QuoteBot.Discord.Api.Models;

namespace QuoteBot.Discord;

/// <summary>
/// <c>/daily</c> as one application command with the subcommands <c>set</c>, <c>show</c>, <c>now</c> and <c>off</c>,
/// the mapping of a received <c>/daily</c> back to <see cref="DailyCommand"/>'s text arguments, and the time zone
/// suggestions for the <c>zone</c> option.
/// </summary>
public static class DiscordDailyCommand
{
    public const string Name = "daily";
    public const string Set = "set";
    public const string Show = "show";
    public const string Now = "now";
    public const string Off = "off";
    public const string TimeOption = "time";
    public const string ZoneOption = "zone";
    public const string QueryOption = "query";

    /// <summary>Longest text accepted for the time ("08:00"), the zone (ids are at most 64) and the filter.</summary>
    public const int TimeMaxLength = 5;
    public const int ZoneMaxLength = 64;
    public const int QueryMaxLength = 200;

    /// <summary>The four subcommands (option type 1), with <c>set</c>'s own options.</summary>
    public static List<ApplicationCommandOption> Options() =>
    [
        new()
        {
            Type = ApplicationCommandOptionType.SubCommand,
            Name = Set,
            Description = "Post a quote here every day at a time (moderators)",
            Options =
            [
                new() { Type = ApplicationCommandOptionType.String, Name = TimeOption, Description = "HH:MM on a 24-hour clock, like 08:00", Required = true, MinLength = 3, MaxLength = TimeMaxLength },
                new() { Type = ApplicationCommandOptionType.String, Name = ZoneOption, Description = "Time zone, like Europe/Kyiv (suggested as you type)", Required = true, Autocomplete = true, MaxLength = ZoneMaxLength },
                new() { Type = ApplicationCommandOptionType.String, Name = QueryOption, Description = "Only quotes matching this search, like speaker:name or words", MaxLength = QueryMaxLength },
            ],
        },
        new() { Type = ApplicationCommandOptionType.SubCommand, Name = Show, Description = "Show this channel's daily quote setting" },
        new() { Type = ApplicationCommandOptionType.SubCommand, Name = Now, Description = "Post the daily quote now (moderators)" },
        new() { Type = ApplicationCommandOptionType.SubCommand, Name = Off, Description = "Stop the daily quote in this channel (moderators)" },
    ];

    /// <summary>
    /// The text <see cref="DailyCommand"/> parses: <c>set 08:00 Europe/Kyiv speaker:x</c>, <c>show</c>, <c>now</c>,
    /// <c>off</c>. Time and zone are single words there, so whitespace inside them is removed (zone: turned into '_',
    /// as in "America/New_York"); an unknown subcommand is passed on for Core to answer with its usage line.
    /// </summary>
    public static string ToArguments(InteractionData data)
    {
        var path = data.SubcommandPath;
        var sub = path.Count > 0 ? path[^1].ToLowerInvariant() : string.Empty;
        if (sub != Set)
        {
            return sub;
        }

        string S(string option) => data.GetOption(option)?.AsString()?.Trim() ?? string.Empty;
        var time = OneWord(S(TimeOption), string.Empty);
        var zone = OneWord(S(ZoneOption), "_");
        var query = S(QueryOption).ReplaceLineEndings(" ");
        var sb = new StringBuilder(Set);
        foreach (var part in new[] { time, zone, query })
        {
            if (part.Length > 0)
            {
                sb.Append(' ').Append(part);
            }
        }

        return sb.ToString();
    }

    /// <summary>Zone suggestions for what is typed in <c>zone</c>: ids that fit a choice's name and value (≤ 100 chars).</summary>
    public static IEnumerable<ApplicationCommandOptionChoice> ZoneChoices(string? typed) =>
        TimeZoneCatalog.Suggest(typed, DiscordLimits.AutocompleteChoices)
            .Where(id => id.Length is > 0 and <= DiscordLimits.ChoiceName)
            .Select(id => new ApplicationCommandOptionChoice(id, id));

    /// <summary>True when an autocomplete interaction is typing in <c>/daily set zone</c>.</summary>
    public static bool IsZoneAutocomplete(InteractionData data) =>
        string.Equals(data.Name, Name, StringComparison.Ordinal) && data.FocusedOption?.Name == ZoneOption;

    private static string OneWord(string s, string join) =>
        string.Join(join, s.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
