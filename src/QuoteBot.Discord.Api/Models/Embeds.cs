using System.Text.Json.Serialization;
namespace QuoteBot.Discord.Api.Models;

/// <summary>A rich embed. See <see cref="DiscordLimits"/> for the length limits Discord enforces.</summary>
public sealed record Embed
{
    public string? Title { get; init; }
    public string? Description { get; init; }
    public string? Url { get; init; }

    /// <summary>ISO 8601 timestamp.</summary>
    public DateTimeOffset? Timestamp { get; init; }
    public int? Color { get; init; }
    public EmbedFooter? Footer { get; init; }
    public EmbedAuthor? Author { get; init; }
    public IReadOnlyList<EmbedField>? Fields { get; init; }

    /// <summary>The large image; <c>attachment://name.png</c> shows a file uploaded with the same message.</summary>
    public EmbedImage? Image { get; init; }

    /// <summary>Characters counted towards Discord's 6000-character total per message.</summary>
    [JsonIgnore]
    public int TotalLength =>
        (Title?.Length ?? 0) + (Description?.Length ?? 0) + (Footer?.Text.Length ?? 0) + (Author?.Name.Length ?? 0)
        + (Fields?.Sum(f => f.Name.Length + f.Value.Length) ?? 0);
}

public sealed record EmbedImage
{
    public string Url { get; init; } = "";
}

public sealed record EmbedFooter
{
    public string Text { get; init; } = "";
    public string? IconUrl { get; init; }
}

public sealed record EmbedAuthor
{
    public string Name { get; init; } = "";
    public string? Url { get; init; }
    public string? IconUrl { get; init; }
}

public sealed record EmbedField
{
    public string Name { get; init; } = "";
    public string Value { get; init; } = "";
    public bool? Inline { get; init; }
}
