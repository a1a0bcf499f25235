using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Reflection;
using Microsoft.Extensions.Configuration;
using QuoteBot.Core.Daily;
using QuoteBot.Discord;
using QuoteBot.Discord.Api;
using QuoteBot.Telegram;
using QuoteBot.Ingest;

namespace QuoteBot.Host.Hosting;

/// <summary>A string setting that takes one of a few words (compared without regard to case).</summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class ChoicesAttribute(params string[] values) : Attribute
{
    public IReadOnlyList<string> Values { get; } = values;
}

/// <summary>
/// The one place where configuration values are checked against the type of the setting they bind to, before any
/// options are bound: a value the binder could not convert (<c>Corpus__LoadSampleWhenEmpty=maybe</c>,
/// <c>Telegram__Moderators__0=abc</c>), a word that is not one of a setting's choices (<c>Chat__Terminal=sometimes</c>),
/// a malformed listening address, or a key that is no setting at all (a typo) becomes one sentence naming the setting
/// and what is wrong with the value. Rules that need several values at once (ranges, "required with") stay in each
/// options validator. The settings are the public settable properties of the options classes, so a new property is
/// checked without further code.
/// </summary>
public static class SettingsCheck
{
    private static readonly (string Section, PropertyInfo[] Properties)[] Sections =
    [
        (StorageOptions.Section, Settings<StorageOptions>()),
        (CorpusOptions.Section, Settings<CorpusOptions>()),
        (ChatOptions.Section, Settings<ChatOptions>()),
        (HttpOptions.Section, Settings<HttpOptions>()),
        (TelegramOptions.SectionName, Settings<TelegramOptions>()),
        (DiscordOptions.Section, [.. Settings<DiscordOptions>(), .. Settings<DiscordClientOptions>()]),
        (DailyOptions.Section, Settings<DailyOptions>()),
        (QuoteBot.Web.WebOptions.Section, Settings<QuoteBot.Web.WebOptions>()),
        (IngestOptions.Section, Settings<IngestOptions>()),
        (QuoteBot.Ingest.Feeds.FeedPollerOptions.Section, Settings<QuoteBot.Ingest.Feeds.FeedPollerOptions>()),
    ];

    /// <summary>
    /// The settings of an options class: its public properties with a public setter. The annotation keeps them (and
    /// their attributes) in a trimmed, Native AOT build.
    /// </summary>
    private static PropertyInfo[] Settings<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)] T>() =>
        typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod is { IsPublic: true }).ToArray();

    /// <summary>Every setting QuoteBot reads: its section and the property it binds to.</summary>
    internal static IEnumerable<(string Section, PropertyInfo Property)> Known() =>
        Sections.SelectMany(s => s.Properties.Select(p => (s.Section, p)));

    /// <summary>
    /// Settings that no longer mean anything but may still be in an operator's configuration: the check lets them
    /// pass, and <see cref="StoreInitializer"/> logs each one set as a warning at start. Storage:PostingsIndex chose
    /// between FTS5 and the postings index until the SQLite store's schema 12 retired FTS5.
    /// </summary>
    public static readonly IReadOnlyList<(string Key, string Why)> Retired =
    [
        ("Storage:PostingsIndex", "the SQLite store always searches through its own postings index since schema 12 (FTS5 is gone)"),
    ];

    /// <summary>Every problem found, one sentence each; empty when the configuration is usable.</summary>
    public static IReadOnlyList<string> Check(IConfiguration config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var errors = new List<string>();
        foreach (var (sectionName, properties) in Sections)
        {
            var settings = properties
                .GroupBy(p => p.Name, StringComparer.OrdinalIgnoreCase)
                .ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.OrdinalIgnoreCase);
            var section = config.GetSection(sectionName);
            if (section.Value is { Length: > 0 })
            {
                errors.Add($"{sectionName} is a group of settings, not a value: set {sectionName}__<name> instead.");
            }

            foreach (var child in section.GetChildren())
            {
                if (!settings.TryGetValue(child.Key, out var bound))
                {
                    if (IsRetired(sectionName, child.Key))
                    {
                        continue;
                    }

                    errors.Add(Unknown(sectionName, child.Key, settings.Keys));
                    continue;
                }

                var name = $"{sectionName}:{bound[0].Name}";
                foreach (var property in bound)
                {
                    if (Problem(name, property, child) is { } problem)
                    {
                        errors.Add(problem);
                        break;
                    }
                }
            }
        }

        if (errors.Count == 0 && HttpOptions.Problem(config.GetSection(HttpOptions.Section)[nameof(HttpOptions.Urls)]) is { } http)
        {
            errors.Add(http);
        }

        return errors;
    }

    /// <summary>Throws a <see cref="SettingsException"/> carrying every problem on one line when there is any.</summary>
    public static void ThrowIfInvalid(IConfiguration config)
    {
        var errors = Check(config);
        if (errors.Count > 0)
        {
            throw new SettingsException(errors);
        }
    }

    private static string? Problem(string name, PropertyInfo property, IConfigurationSection section)
    {
        var type = property.PropertyType;
        if (ElementType(type) is { } element)
        {
            if (section.Value is { Length: > 0 })
            {
                return $"{name} is a list: set {name.Replace(":", "__", StringComparison.Ordinal)}__0, …__1 and so on, one item each.";
            }

            foreach (var item in section.GetChildren())
            {
                if (ValueProblem(element, item.Value, item.GetChildren().Any()) is { } p)
                {
                    return $"{name}:{item.Key} {p}{Shown(item.Value)}.";
                }
            }

            return null;
        }

        var problem = ValueProblem(type, section.Value, section.GetChildren().Any());
        if (problem is null && property.GetCustomAttribute<ChoicesAttribute>() is { } choices && !string.IsNullOrWhiteSpace(section.Value)
            && !choices.Values.Contains(section.Value.Trim(), StringComparer.OrdinalIgnoreCase))
        {
            problem = $"must be {Either(choices.Values)}";
        }

        return problem is null ? null : $"{name} {problem}{Shown(section.Value)}.";
    }

    /// <summary>Why <paramref name="value"/> cannot become a <paramref name="type"/>, or null when it can.</summary>
    private static string? ValueProblem(Type type, string? value, bool hasChildren)
    {
        var nullable = Nullable.GetUnderlyingType(type);
        var target = nullable ?? type;
        if (hasChildren && value is null)
        {
            return target.IsClass && target != typeof(string) ? null : "must be a single value, not a group";
        }

        if (target == typeof(string) || value is null)
        {
            return null;
        }

        if (value.Trim().Length == 0)
        {
            // An empty value clears a text or optional setting ("Telegram__WebhookUrl=" in an env file); the binder
            // cannot turn it into a number, a switch or a duration.
            return nullable is not null || target.IsClass ? null : "is empty: give a value or leave the setting out for its default";
        }

        var v = value.Trim();
        if (target == typeof(bool))
        {
            return bool.TryParse(v, out _) ? null : "must be true or false";
        }

        if (target.IsEnum)
        {
            var names = Enum.GetNames(target);
            return names.Contains(v, StringComparer.OrdinalIgnoreCase)
                || (target.GetCustomAttribute<FlagsAttribute>() is not null && v.Split(',').All(part => names.Contains(part.Trim(), StringComparer.OrdinalIgnoreCase)))
                ? null
                : $"must be {Either(names)}";
        }

        if (target == typeof(TimeSpan))
        {
            return TimeSpan.TryParse(v, CultureInfo.InvariantCulture, out _) ? null : "must be a duration like 00:00:05 (hours:minutes:seconds)";
        }

        if (target == typeof(int) || target == typeof(long) || target == typeof(short) || target == typeof(uint) || target == typeof(ulong))
        {
            if (!decimal.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
            {
                return "must be a whole number";
            }

            return Converts(target, v) ? null : "is out of range";
        }

        return Converts(target, v) ? null : $"is not a valid {target.Name}";
    }

    /// <summary>
    /// Whether <paramref name="value"/> (trimmed, already known to be digits with an optional sign for the whole-number
    /// types) parses as a <paramref name="type"/> the way the configuration binder reads it: invariant culture, and
    /// in range. Types without a rule here are not checked (the binder reports them when options are bound).
    /// </summary>
    private static bool Converts(Type type, string value)
    {
        const NumberStyles whole = NumberStyles.Integer;
        const NumberStyles real = NumberStyles.Float | NumberStyles.AllowThousands;
        var c = CultureInfo.InvariantCulture;
        return type switch
        {
            _ when type == typeof(int) => int.TryParse(value, whole, c, out _),
            _ when type == typeof(long) => long.TryParse(value, whole, c, out _),
            _ when type == typeof(short) => short.TryParse(value, whole, c, out _),
            _ when type == typeof(uint) => uint.TryParse(value, whole, c, out _),
            _ when type == typeof(ulong) => ulong.TryParse(value, whole, c, out _),
            _ when type == typeof(double) => double.TryParse(value, real, c, out _),
            _ when type == typeof(decimal) => decimal.TryParse(value, real, c, out _),
            _ when type == typeof(Uri) => Uri.TryCreate(value, UriKind.RelativeOrAbsolute, out _),
            _ => true,
        };
    }

    private static Type? ElementType(Type type)
    {
        if (type.IsArray)
        {
            return type.GetElementType();
        }

        return type.IsGenericType && type != typeof(string) && type.GetGenericTypeDefinition() is var d
               && (d == typeof(List<>) || d == typeof(IList<>) || d == typeof(IReadOnlyList<>) || d == typeof(IEnumerable<>) || d == typeof(ICollection<>) || d == typeof(IReadOnlyCollection<>))
            ? type.GetGenericArguments()[0]
            : null;
    }

    /// <summary>The bad value in quotes, shortened and without control characters (only non-text values ever fail, so no secret is shown).</summary>
    private static string Shown(string? value)
    {
        if (value is null)
        {
            return string.Empty;
        }

        var clean = new string(value.Select(c => char.IsControl(c) ? '?' : c).ToArray());
        return clean.Trim().Length == 0 ? string.Empty : $" (it is '{(clean.Length > 40 ? clean[..40] + "…" : clean)}')";
    }

    private static string Either(IReadOnlyList<string> words) => words.Count switch
    {
        1 => words[0],
        2 => $"{words[0]} or {words[1]}",
        _ => string.Join(", ", words.Take(words.Count - 1)) + " or " + words[^1],
    };

    private static bool IsRetired(string section, string key) =>
        Retired.Any(r => string.Equals(r.Key, $"{section}:{key}", StringComparison.OrdinalIgnoreCase));

    private static string Unknown(string section, string key, IEnumerable<string> known)
    {
        var near = known.Select(k => (Key: k, Distance: Distance(k.ToLowerInvariant(), key.ToLowerInvariant())))
            .Where(k => k.Distance <= 2)
            .OrderBy(k => k.Distance)
            .Select(k => k.Key)
            .FirstOrDefault();
        return near is null
            ? $"{section}:{key} is not a QuoteBot setting (every setting is listed in config/appsettings.json)."
            : $"{section}:{key} is not a QuoteBot setting; did you mean {section}:{near}?";
    }

    private static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }

            previous = current;
        }

        return previous[b.Length];
    }
}

/// <summary>Settings that cannot be used; its message is one line naming each setting and what is wrong.</summary>
public sealed class SettingsException(IReadOnlyList<string> problems) : Exception(string.Join(" ", problems))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}
