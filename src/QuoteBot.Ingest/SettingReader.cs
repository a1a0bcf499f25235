using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace QuoteBot.Ingest;

/// <summary>
/// Reads one options section leniently: an empty value keeps the default, an unreadable one keeps it too and adds one
/// line ("Section:Key must be …") to <paramref name="errors"/>, which the options validator reports at start.
/// </summary>
internal sealed class SettingReader(IConfiguration section, string sectionName, List<string> errors)
{
    public delegate bool TryParse<T>(string text, out T value);

    public bool Bool(string key, bool fallback) => Read(key, fallback, bool.TryParse, "true or false");

    public int Int(string key, int fallback) =>
        Read(key, fallback, (string s, out int v) => int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out v), "a whole number");

    public TimeSpan Span(string key, TimeSpan fallback, string example) =>
        Read(key, fallback, (string s, out TimeSpan v) => TimeSpan.TryParse(s, CultureInfo.InvariantCulture, out v), "a time span like " + example);

    public T Read<T>(string key, T fallback, TryParse<T> parse, string what)
    {
        var text = section[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        if (parse(text.Trim(), out var value))
        {
            return value;
        }

        errors.Add($"{sectionName}:{key} must be {what}.");
        return fallback;
    }
}
