using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
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

    /// <summary>The stored form, or why this entry cannot be one (a <see cref="QuoteRules"/> reason).</summary>
    public (Quote? Quote, string? Problem) ToQuote()
    {
        QuoteStatus status;
        switch (Status?.ToLowerInvariant())
        {
            case null or "active":
                status = QuoteStatus.Active;
                break;
            case "removed":
                status = QuoteStatus.Removed;
                break;
            case "pending":
                status = QuoteStatus.Pending;
                break;
            default:
                return (null, $"the status “{Status}” is unknown (it is active, removed or pending)");
        }

        var scopeKey = string.IsNullOrWhiteSpace(Scope) ? Core.Model.Scope.Global.Key : Scope;
        if ((QuoteRules.CheckId(Id) ?? QuoteRules.CheckText(Text) ?? QuoteRules.CheckScope(scopeKey)) is { } early)
        {
            return (null, early);
        }

        var fresh = new NewQuote
        {
            Text = Text,
            Speaker = Speaker,
            Source = new QuoteSource(Outlet, Title, Url, Published),
            Context = Paragraph is null ? null : new QuoteContext(Paragraph, Before, After, Audience),
            Scope = new Scope(scopeKey),
            AddedBy = string.IsNullOrWhiteSpace(AddedBy) ? Actor.System.Id : AddedBy,
            AddedAt = AddedAt,
        };
        var quote = fresh.ToQuote(Id, status);
        return QuoteRules.Check(quote) is { } problem ? (null, problem) : (quote, null);
    }
}

/// <summary>One entry of an export file: the quote, or why it is skipped.</summary>
internal sealed record ExportItem(int Position, long Id, Quote? Quote, string? Problem)
{
    public static ExportItem From(ExportedQuote? q, int position)
    {
        if (q is null)
        {
            return new ExportItem(position, 0, null, "the entry is empty (null)");
        }

        var (quote, problem) = q.ToQuote();
        return new ExportItem(position, q.Id, quote, problem);
    }

    /// <summary>"quote #12 (entry 3)", or "entry 3" when it has no usable id.</summary>
    public string Name => Id > 0 && Id <= QuoteRules.MaxId
        ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"quote #{Id} (entry {Position})")
        : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"entry {Position}");
}

/// <summary>Where a JSON reader stopped, in words (never the parser's own text).</summary>
internal static class JsonProblem
{
    public static string Where(JsonException ex) => ex.LineNumber is { } line
        ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $" (a mistake on line {line + 1}, near character {(ex.BytePositionInLine ?? 0) + 1})")
        : string.Empty;
}

/// <summary>
/// The JSON options of <c>search --json</c>, <c>export</c> and <c>import</c>: web defaults (camelCase names, numbers
/// readable from strings, names matched without regard to case) and null fields left out. The contracts come from the
/// source-generated <see cref="QuoteJsonContext"/> only, never from reflection, so the Native AOT quotebot reads and
/// writes exactly what a JIT build does, and a type missing from the context fails in every build alike.
/// </summary>
internal static class QuoteJson
{
    public static readonly JsonSerializerOptions Options = QuoteJsonContext.Default.Options;

    public static readonly JsonSerializerOptions Indented = new(Options) { WriteIndented = true };

    /// <summary>The contract of <typeparamref name="T"/> under <paramref name="options"/> (one of the two above, or a copy).</summary>
    public static JsonTypeInfo<T> Info<T>(JsonSerializerOptions options) => (JsonTypeInfo<T>)options.GetTypeInfo(typeof(T));
}

/// <summary>Every type the CLI and the fuzz runner turn into JSON or read from it.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ExportFile))]
[JsonSerializable(typeof(IReadOnlyList<ExportedQuote>))]
[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class QuoteJsonContext : JsonSerializerContext;
