using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace QuoteBot.Core.Daily;

/// <summary>
/// IANA zone ids: a fixed list for autocomplete (<see cref="Suggest"/>), and a careful lookup of what a user typed
/// (<see cref="TryFind"/>).
/// </summary>
public static partial class TimeZoneCatalog
{
    // Zones found so far by exact id: the tz database is finite, so this stays small.
    private static readonly ConcurrentDictionary<string, TimeZoneInfo> Found = new(StringComparer.Ordinal);

    /// <summary>Every id of the list, sorted.</summary>
    public static IReadOnlyList<string> All => Ids;

    /// <summary>
    /// Up to <paramref name="limit"/> ids for a typed prefix, case-insensitive: ids starting with it first
    /// ("europe/k" → Europe/Kaliningrad, Europe/Kirov, Europe/Kyiv), then ids whose city starts with it ("kyiv", "new y").
    /// An empty prefix gives the start of the list.
    /// </summary>
    public static IReadOnlyList<string> Suggest(string? prefix, int limit = 25)
    {
        if (limit <= 0)
        {
            return [];
        }

        var p = (prefix ?? string.Empty).Trim().Replace(' ', '_');
        if (p.Length == 0)
        {
            return Ids.Take(limit).ToArray();
        }

        var whole = Ids.Where(id => id.StartsWith(p, StringComparison.OrdinalIgnoreCase));
        var city = Ids.Where(id => !id.StartsWith(p, StringComparison.OrdinalIgnoreCase)
            && id.Split('/').Skip(1).Any(part => part.StartsWith(p, StringComparison.OrdinalIgnoreCase)));
        return whole.Concat(city).Take(limit).ToArray();
    }

    /// <summary>
    /// Resolves a zone a user typed ("Europe/Kyiv", "europe/kyiv", "UTC"). Only id-shaped input reaches the system
    /// lookup; false for anything unknown.
    /// </summary>
    public static bool TryFind(string? input, out TimeZoneInfo zone)
    {
        zone = TimeZoneInfo.Utc;
        if (input is not null && Found.TryGetValue(input, out var known))
        {
            zone = known;
            return true;
        }

        var text = (input ?? string.Empty).Trim();
        if (text.Length is 0 or > 64 || !IdShape().IsMatch(text))
        {
            return false;
        }

        var listed = Ids.FirstOrDefault(id => string.Equals(id, text, StringComparison.OrdinalIgnoreCase));
        try
        {
            zone = TimeZoneInfo.FindSystemTimeZoneById(listed ?? text);
            if (zone.Id == text)
            {
                Found.TryAdd(text, zone);
            }

            return true;
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException or ArgumentException or IOException or UnauthorizedAccessException or System.Security.SecurityException)
        {
            return false;
        }
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_+-]*(/[A-Za-z0-9][A-Za-z0-9_+-]*){0,2}$", RegexOptions.CultureInvariant)]
    private static partial Regex IdShape();
}
