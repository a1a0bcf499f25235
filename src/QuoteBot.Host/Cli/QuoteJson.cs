using System.Text.Json;
using System.Text.Json.Serialization;
using QuoteBot.Core.Model;

namespace QuoteBot.Host.Cli;

/// <summary>The export file: every quote with its id, so an import restores them exactly (and again changes nothing).</summary>
public sealed record ExportFile(string Format, int Version, DateTimeOffset ExportedAt, IReadOnlyList<ExportedQuote> Quotes)
{
    public const string FormatName = "quotebot-export";
}

/// <summary>A quote as JSON: flat, stable field names.</summary>
public sealed record ExportedQuote(
    long Id,
    string Text,
    string? Speaker,
    string Scope,
    string Status,
    string? Outlet,
    string? Title,
    string? Url,
    DateOnly? Published,
    string? Paragraph,
    string? Before,
    string? After,
    string? Audience,
    string AddedBy,
    DateTimeOffset AddedAt)
{
    public static ExportedQuote From(Quote q) => new(
        q.Id, q.Text, q.Speaker, q.Scope.Key, q.Status switch { QuoteStatus.Removed => "removed", QuoteStatus.Pending => "pending", _ => "active" },
        q.Source.Outlet, q.Source.Title, q.Source.Url, q.Source.Published,
        q.Context?.Paragraph, q.Context?.Before, q.Context?.After, q.Context?.Audience,
        q.AddedBy, q.AddedAt);

    public Quote ToQuote()
    {
        if (Id <= 0 || string.IsNullOrWhiteSpace(Text))
        {
            throw new FormatException($"quote {Id} has no id or no text");
        }

        var status = Status?.ToLowerInvariant() switch
        {
            null or "active" => QuoteStatus.Active,
            "removed" => QuoteStatus.Removed,
            "pending" => QuoteStatus.Pending,
            _ => throw new FormatException($"quote {Id} has an unknown status '{Status}'"),
        };
        var fresh = new NewQuote
        {
            Text = Text,
            Speaker = Speaker,
            Source = new QuoteSource(Outlet, Title, Url, Published),
            Context = Paragraph is null ? null : new QuoteContext(Paragraph, Before, After, Audience),
            Scope = string.IsNullOrWhiteSpace(Scope) ? Core.Model.Scope.Global : new Scope(Scope),
            AddedBy = string.IsNullOrWhiteSpace(AddedBy) ? Actor.System.Id : AddedBy,
            AddedAt = AddedAt,
        };
        return fresh.ToQuote(Id, status);
    }
}

internal static class QuoteJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = false,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static readonly JsonSerializerOptions Indented = new(Options) { WriteIndented = true };
}
