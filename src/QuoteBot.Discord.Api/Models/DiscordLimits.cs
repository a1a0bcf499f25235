namespace QuoteBot.Discord.Api.Models;

/// <summary>
/// Discord's documented size limits, checked before a request leaves so a caller gets a clear
/// <see cref="ArgumentException"/> instead of a 400 "Invalid Form Body".
/// </summary>
public static class DiscordLimits
{
    public const int MessageContent = 2000;
    public const int EmbedsPerMessage = 10;
    public const int EmbedTitle = 256;
    public const int EmbedDescription = 4096;
    public const int EmbedFields = 25;
    public const int EmbedFieldName = 256;
    public const int EmbedFieldValue = 1024;
    public const int EmbedFooterText = 2048;
    public const int EmbedAuthorName = 256;
    public const int EmbedTotal = 6000;
    public const int CustomId = 100;
    public const int ButtonLabel = 80;
    public const int ActionRowsPerMessage = 5;
    public const int ComponentsPerActionRow = 5;
    public const int ModalTitle = 45;
    public const int TextInputLabel = 45;
    public const int AutocompleteChoices = 25;
    public const int ChoiceName = 100;
    public const int CommandName = 32;
    public const int CommandDescription = 100;
    public const int CommandOptions = 25;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first limit the payload breaks.</summary>
    public static void Validate(IMessagePayload payload)
    {
        if (payload.Content is { Length: > MessageContent } content)
        {
            Fail($"message content is {content.Length} characters; Discord allows {MessageContent}");
        }

        if (payload.Embeds is { } embeds)
        {
            if (embeds.Count > EmbedsPerMessage)
            {
                Fail($"{embeds.Count} embeds; Discord allows {EmbedsPerMessage} per message");
            }

            int total = 0;
            foreach (Embed embed in embeds)
            {
                Validate(embed);
                total += embed.TotalLength;
            }

            if (total > EmbedTotal)
            {
                Fail($"embeds total {total} characters; Discord allows {EmbedTotal}");
            }
        }

        if (payload.Components is { } rows)
        {
            ValidateComponents(rows, isModal: false);
        }
    }

    public static void Validate(Embed embed)
    {
        Check(embed.Title, EmbedTitle, "embed title");
        Check(embed.Description, EmbedDescription, "embed description");
        Check(embed.Footer?.Text, EmbedFooterText, "embed footer text");
        Check(embed.Author?.Name, EmbedAuthorName, "embed author name");
        if (embed.Fields is { } fields)
        {
            if (fields.Count > EmbedFields)
            {
                Fail($"{fields.Count} embed fields; Discord allows {EmbedFields}");
            }

            foreach (EmbedField f in fields)
            {
                Check(f.Name, EmbedFieldName, "embed field name");
                Check(f.Value, EmbedFieldValue, "embed field value");
            }
        }

        if (embed.TotalLength > EmbedTotal)
        {
            Fail($"embed totals {embed.TotalLength} characters; Discord allows {EmbedTotal}");
        }
    }

    public static void Validate(InteractionResponse response)
    {
        InteractionCallbackData? data = response.Data;
        switch (response.Type)
        {
            case InteractionCallbackType.ChannelMessageWithSource or InteractionCallbackType.UpdateMessage:
                if (data is null)
                {
                    Fail($"callback type {(int)response.Type} needs message data");
                }

                Validate(data!);
                break;
            case InteractionCallbackType.DeferredChannelMessageWithSource when data is not null:
                Validate(data);
                break;
            case InteractionCallbackType.ApplicationCommandAutocompleteResult:
                if (data?.Choices is not { } choices)
                {
                    Fail("an autocomplete result needs choices (may be empty)");
                    return;
                }

                if (choices.Count > AutocompleteChoices)
                {
                    Fail($"{choices.Count} autocomplete choices; Discord allows {AutocompleteChoices}");
                }

                foreach (ApplicationCommandOptionChoice c in choices)
                {
                    if (c.Name.Length is 0 or > ChoiceName)
                    {
                        Fail($"choice name must be 1–{ChoiceName} characters");
                    }
                }

                break;
            case InteractionCallbackType.Modal:
                if (data is null || string.IsNullOrEmpty(data.CustomId) || string.IsNullOrEmpty(data.Title) || data.Components is not { Count: > 0 })
                {
                    Fail("a modal needs custom_id, title and at least one component");
                    return;
                }

                Check(data.CustomId, CustomId, "modal custom_id");
                Check(data.Title, ModalTitle, "modal title");
                ValidateComponents(data.Components, isModal: true);
                break;
        }
    }

    public static void Validate(ApplicationCommand command)
    {
        if (command.Name.Length is 0 or > CommandName)
        {
            Fail($"command name '{command.Name}' must be 1–{CommandName} characters");
        }

        bool chatInput = command.Type is null or ApplicationCommandType.ChatInput;
        if (chatInput)
        {
            if (command.Description is not { Length: > 0 and <= CommandDescription })
            {
                Fail($"command '{command.Name}' needs a description of 1–{CommandDescription} characters");
            }

            if (command.Name.Any(char.IsUpper))
            {
                Fail($"slash command name '{command.Name}' must be lowercase");
            }
        }
        else if (!string.IsNullOrEmpty(command.Description) || command.Options is { Count: > 0 })
        {
            Fail($"context-menu command '{command.Name}' must have an empty description and no options");
        }

        ValidateOptions(command.Options, command.Name);
    }

    private static void ValidateOptions(IReadOnlyList<ApplicationCommandOption>? options, string owner)
    {
        if (options is null)
        {
            return;
        }

        if (options.Count > CommandOptions)
        {
            Fail($"'{owner}' has {options.Count} options; Discord allows {CommandOptions}");
        }

        bool seenOptional = false;
        foreach (ApplicationCommandOption o in options)
        {
            if (o.Name.Length is 0 or > CommandName || o.Description.Length is 0 or > CommandDescription)
            {
                Fail($"option '{o.Name}' of '{owner}' needs a 1–{CommandName} char name and 1–{CommandDescription} char description");
            }

            if (o.Required == true && seenOptional)
            {
                Fail($"required option '{o.Name}' of '{owner}' must come before optional ones");
            }

            seenOptional |= o.Required != true;
            if (o.Autocomplete == true && o.Choices is { Count: > 0 })
            {
                Fail($"option '{o.Name}' of '{owner}' cannot have both choices and autocomplete");
            }

            if (o.Choices is { Count: > AutocompleteChoices })
            {
                Fail($"option '{o.Name}' of '{owner}' has more than {AutocompleteChoices} choices");
            }

            ValidateOptions(o.Options, o.Name);
        }
    }

    private static void ValidateComponents(IReadOnlyList<Component> rows, bool isModal)
    {
        if (rows.Count > ActionRowsPerMessage)
        {
            Fail($"{rows.Count} component rows; Discord allows {ActionRowsPerMessage}");
        }

        foreach (Component row in rows)
        {
            ValidateComponent(row, isModal);
            if (row.Components is { Count: > ComponentsPerActionRow })
            {
                Fail($"an action row has {row.Components.Count} components; Discord allows {ComponentsPerActionRow}");
            }

            foreach (Component child in row.Components ?? [])
            {
                ValidateComponent(child, isModal);
            }

            if (row.Child is { } labelled)
            {
                ValidateComponent(labelled, isModal);
            }
        }
    }

    private static void ValidateComponent(Component c, bool isModal)
    {
        Check(c.CustomId, CustomId, "custom_id");
        if (c.Type == ComponentType.Button)
        {
            Check(c.Label, ButtonLabel, "button label");
            if (c.Style == (int)ButtonStyle.Link)
            {
                if (string.IsNullOrEmpty(c.Url) || c.CustomId is not null)
                {
                    Fail("a link button needs a url and no custom_id");
                }
            }
            else if (string.IsNullOrEmpty(c.CustomId) || c.Url is not null)
            {
                Fail("a non-link button needs a custom_id and no url");
            }
        }

        if (c.Type == ComponentType.TextInput)
        {
            if (!isModal)
            {
                Fail("text inputs are only allowed in modals");
            }

            if (string.IsNullOrEmpty(c.CustomId))
            {
                Fail("a text input needs a custom_id");
            }

            Check(c.Label, TextInputLabel, "text input label");
        }
    }

    private static void Check(string? value, int max, string what)
    {
        if (value is { } v && v.Length > max)
        {
            Fail($"{what} is {v.Length} characters; Discord allows {max}");
        }
    }

    private static void Fail(string message) => throw new ArgumentException("Invalid Discord payload: " + message + ".");
}
