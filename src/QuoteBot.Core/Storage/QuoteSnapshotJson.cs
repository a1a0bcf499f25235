using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using QuoteBot.Core.Model;

namespace QuoteBot.Core.Storage;

/// <summary>
/// How a store spells a <see cref="QuoteSnapshotJson"/> row. Both styles carry the same fields in the same order and
/// leave null fields out; they differ only in the two details below, which rows already stored keep.
/// </summary>
public enum QuoteSnapshotStyle
{
    /// <summary>
    /// PascalCase names ("Id", "AddedAt"); AddedAt as a JSON date the way System.Text.Json writes a DateTimeOffset
    /// (zero fraction digits dropped: "2024-05-01T10:00:00+02:00"). The SQLite store's audit log.
    /// </summary>
    Pascal,

    /// <summary>
    /// camelCase names ("id", "addedAt"); AddedAt as the round-trip ("O") string with all seven fraction digits
    /// ("2024-05-01T10:00:00.0000000+02:00"). The PostgreSQL store's audit log (jsonb).
    /// </summary>
    Camel,
}

/// <summary>
/// A quote as an audit row keeps it: flat and explicit, so stored rows survive model refactors. One mapping for every
/// store; each store picks the <see cref="QuoteSnapshotStyle"/> its rows were written in and must keep using it.
/// </summary>
public static class QuoteSnapshotJson
{
    private const string DateFormat = "yyyy-MM-dd";

    /// <summary>The JSON of <paramref name="quote"/> in <paramref name="style"/>; null for a null quote.</summary>
    [return: NotNullIfNotNull(nameof(quote))]
    public static string? Write(Quote? quote, QuoteSnapshotStyle style) =>
        quote is null ? null : JsonSerializer.Serialize(QuoteSnapshot.From(quote), Info(style));

    /// <summary>
    /// The quote in a row written in <paramref name="style"/>; null for a null, empty or JSON-null row. A blank or
    /// missing scope reads as the global one.
    /// </summary>
    public static Quote? Read(string? json, QuoteSnapshotStyle style) =>
        string.IsNullOrEmpty(json) ? null : JsonSerializer.Deserialize(json, Info(style))?.ToQuote();

    private static JsonTypeInfo<QuoteSnapshot> Info(QuoteSnapshotStyle style) => style switch
    {
        QuoteSnapshotStyle.Pascal => PascalSnapshotContext.Default.QuoteSnapshot,
        QuoteSnapshotStyle.Camel => CamelSnapshotContext.Default.QuoteSnapshot,
        _ => throw new ArgumentOutOfRangeException(nameof(style), style, "unknown quote snapshot style"),
    };

    internal sealed record QuoteSnapshot
    {
        public long Id { get; init; }
        public string Text { get; init; } = "";
        public string? Speaker { get; init; }
        public string SpeakerKey { get; init; } = "";
        public string? Outlet { get; init; }
        public string? Title { get; init; }
        public string? Url { get; init; }
        public string? Published { get; init; }
        public string? Paragraph { get; init; }
        public string? Before { get; init; }
        public string? After { get; init; }
        public string? Audience { get; init; }
        public string Scope { get; init; } = "global";
        public string AddedBy { get; init; } = "";
        public DateTimeOffset AddedAt { get; init; }
        public int Status { get; init; }
        public string DedupeKey { get; init; } = "";

        public static QuoteSnapshot From(Quote q) => new()
        {
            Id = q.Id,
            Text = q.Text,
            Speaker = q.Speaker,
            SpeakerKey = q.SpeakerKey,
            Outlet = q.Source.Outlet,
            Title = q.Source.Title,
            Url = q.Source.Url,
            Published = q.Source.Published?.ToString(DateFormat, CultureInfo.InvariantCulture),
            Paragraph = q.Context?.Paragraph,
            Before = q.Context?.Before,
            After = q.Context?.After,
            Audience = q.Context?.Audience,
            Scope = q.Scope.Key,
            AddedBy = q.AddedBy,
            AddedAt = q.AddedAt,
            Status = (int)q.Status,
            DedupeKey = q.DedupeKey,
        };

        public Quote ToQuote() => new()
        {
            Id = Id,
            Text = Text,
            Speaker = Speaker,
            SpeakerKey = SpeakerKey,
            Source = new QuoteSource(Outlet, Title, Url,
                Published is null ? null : DateOnly.ParseExact(Published, DateFormat, CultureInfo.InvariantCulture)),
            Context = Paragraph is null ? null : new QuoteContext(Paragraph, Before, After, Audience),
            Scope = new Scope(string.IsNullOrWhiteSpace(Scope) ? "global" : Scope),
            AddedBy = AddedBy,
            AddedAt = AddedAt,
            Status = (QuoteStatus)Status,
            DedupeKey = DedupeKey,
        };
    }

    /// <summary>AddedAt of <see cref="QuoteSnapshotStyle.Camel"/> rows: a round-trip ("O") string.</summary>
    internal sealed class RoundTripDateConverter : JsonConverter<DateTimeOffset>
    {
        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            DateTimeOffset.Parse(reader.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.ToString("O", CultureInfo.InvariantCulture));
    }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(QuoteSnapshotJson.QuoteSnapshot))]
internal sealed partial class PascalSnapshotContext : JsonSerializerContext;

[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    Converters = new[] { typeof(QuoteSnapshotJson.RoundTripDateConverter) })]
[JsonSerializable(typeof(QuoteSnapshotJson.QuoteSnapshot))]
internal sealed partial class CamelSnapshotContext : JsonSerializerContext;
