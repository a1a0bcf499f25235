using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using QuoteBot.Core.Model;

namespace QuoteBot.Storage.Postgres;

/// <summary>A quote as the audit log keeps it (jsonb): flat and explicit, so it survives model refactors.</summary>
internal sealed record AuditJson
{
    [JsonPropertyName("id")] public long Id { get; init; }
    [JsonPropertyName("text")] public string Text { get; init; } = "";
    [JsonPropertyName("speaker")] public string? Speaker { get; init; }
    [JsonPropertyName("speakerKey")] public string SpeakerKey { get; init; } = "";
    [JsonPropertyName("outlet")] public string? Outlet { get; init; }
    [JsonPropertyName("title")] public string? Title { get; init; }
    [JsonPropertyName("url")] public string? Url { get; init; }
    [JsonPropertyName("published")] public string? Published { get; init; }
    [JsonPropertyName("paragraph")] public string? Paragraph { get; init; }
    [JsonPropertyName("before")] public string? Before { get; init; }
    [JsonPropertyName("after")] public string? After { get; init; }
    [JsonPropertyName("audience")] public string? Audience { get; init; }
    [JsonPropertyName("scope")] public string Scope { get; init; } = "global";
    [JsonPropertyName("addedBy")] public string AddedBy { get; init; } = "";
    [JsonPropertyName("addedAt")] public string AddedAt { get; init; } = "";
    [JsonPropertyName("status")] public int Status { get; init; }
    [JsonPropertyName("dedupeKey")] public string DedupeKey { get; init; } = "";

    public static string? Write(Quote? q) => q is null ? null : JsonSerializer.Serialize(new AuditJson
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
        AddedAt = q.AddedAt.ToString("O", CultureInfo.InvariantCulture),
        Status = (int)q.Status,
        DedupeKey = q.DedupeKey,
    }, AuditJsonContext.Default.AuditJson);

    public static Quote? Read(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return null;
        }

        var j = JsonSerializer.Deserialize(json, AuditJsonContext.Default.AuditJson);
        if (j is null)
        {
            return null;
        }

        return new Quote
        {
            Id = j.Id,
            Text = j.Text,
            Speaker = j.Speaker,
            SpeakerKey = j.SpeakerKey,
            Source = new QuoteSource(j.Outlet, j.Title, j.Url,
                j.Published is null ? null : DateOnly.ParseExact(j.Published, "yyyy-MM-dd", CultureInfo.InvariantCulture)),
            Context = j.Paragraph is null ? null : new QuoteContext(j.Paragraph, j.Before, j.After, j.Audience),
            Scope = new Scope(string.IsNullOrWhiteSpace(j.Scope) ? "global" : j.Scope),
            AddedBy = j.AddedBy,
            AddedAt = DateTimeOffset.Parse(j.AddedAt, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
            Status = (QuoteStatus)j.Status,
            DedupeKey = j.DedupeKey,
        };
    }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(AuditJson))]
internal sealed partial class AuditJsonContext : JsonSerializerContext;
