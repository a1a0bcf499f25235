using System.Text.Json.Serialization;

namespace QuoteBot.Discord.Api.Models;

public enum ComponentType
{
    ActionRow = 1,
    Button = 2,
    StringSelect = 3,
    TextInput = 4,
    UserSelect = 5,
    RoleSelect = 6,
    MentionableSelect = 7,
    ChannelSelect = 8,
    TextDisplay = 10,
    Label = 18,
}

public enum ButtonStyle
{
    Primary = 1,
    Secondary = 2,
    Success = 3,
    Danger = 4,
    /// <summary>Opens <see cref="Component.Url"/>; has no custom_id and sends no interaction.</summary>
    Link = 5,
}

public enum TextInputStyle
{
    Short = 1,
    Paragraph = 2,
}

/// <summary>
/// One message/modal component. Discord's component kinds share one JSON shape keyed by <see cref="Type"/>, so this is
/// a single record; use the factory methods to build valid ones.
/// </summary>
public sealed record Component
{
    public ComponentType Type { get; init; }

    /// <summary>Children of an action row.</summary>
    public IReadOnlyList<Component>? Components { get; init; }

    /// <summary>The single child of a label (modal layout).</summary>
    [JsonPropertyName("component")]
    public Component? Child { get; init; }

    /// <summary>Button style (<see cref="ButtonStyle"/>) or text input style (<see cref="TextInputStyle"/>) as a number.</summary>
    public int? Style { get; init; }
    public string? Label { get; init; }
    public string? CustomId { get; init; }
    public string? Url { get; init; }
    public bool? Disabled { get; init; }
    public string? Placeholder { get; init; }
    public int? MinLength { get; init; }
    public int? MaxLength { get; init; }
    public bool? Required { get; init; }

    /// <summary>Text input value (pre-filled when sending a modal; the user's text in a modal submit).</summary>
    public string? Value { get; init; }

    /// <summary>Selected values of a select menu in a modal submit.</summary>
    public IReadOnlyList<string>? Values { get; init; }

    public static Component ActionRow(params Component[] children) =>
        new() { Type = ComponentType.ActionRow, Components = children };

    public static Component Button(ButtonStyle style, string label, string customId, bool disabled = false)
    {
        if (style == ButtonStyle.Link)
        {
            throw new ArgumentException("Link buttons take a URL, not a custom_id; use LinkButton.", nameof(style));
        }

        return new() { Type = ComponentType.Button, Style = (int)style, Label = label, CustomId = customId, Disabled = disabled ? true : null };
    }

    public static Component LinkButton(string label, string url) =>
        new() { Type = ComponentType.Button, Style = (int)ButtonStyle.Link, Label = label, Url = url };

    public static Component TextInput(
        string customId, string label, TextInputStyle style = TextInputStyle.Short, bool required = true,
        int? minLength = null, int? maxLength = null, string? placeholder = null, string? value = null) =>
        new()
        {
            Type = ComponentType.TextInput, CustomId = customId, Label = label, Style = (int)style, Required = required,
            MinLength = minLength, MaxLength = maxLength, Placeholder = placeholder, Value = value,
        };
}
