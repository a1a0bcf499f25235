using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using QuoteBot.Core.Model;

namespace QuoteBot.Storage.Sqlite;

/// <summary>The audit log's JSON form of a quote: flat, explicit, stable across model refactors.</summary>
internal sealed record QuoteJson
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

    public static string Serialize(Quote q) => JsonSerializer.Serialize(From(q), QuoteJsonContext.Default.QuoteJson);

    public static Quote? Deserialize(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return null;
        }

        var j = JsonSerializer.Deserialize(json, QuoteJsonContext.Default.QuoteJson);
        return j?.ToQuote();
    }

    private static QuoteJson From(Quote q) => new()
    {
        Id = q.Id,
        Text = q.Text,
        Speaker = q.Speaker,
        SpeakerKey = q.SpeakerKey,
        Outlet = q.Source.Outlet,
        Title = q.Source.Title,
        Url = q.Source.Url,
        Published = q.Source.Published?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
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

    private Quote ToQuote() => new()
    {
        Id = Id,
        Text = Text,
        Speaker = Speaker,
        SpeakerKey = SpeakerKey,
        Source = new QuoteSource(Outlet, Title, Url,
            Published is null ? null : DateOnly.ParseExact(Published, "yyyy-MM-dd", CultureInfo.InvariantCulture)),
        Context = Paragraph is null ? null : new QuoteContext(Paragraph, Before, After, Audience),
        Scope = new Scope(Scope),
        AddedBy = AddedBy,
        AddedAt = AddedAt,
        Status = (QuoteStatus)Status,
        DedupeKey = DedupeKey,
    };
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(QuoteJson))]
internal sealed partial class QuoteJsonContext : JsonSerializerContext;
