using QuoteBot.Discord.Api.Models;

namespace QuoteBot.Discord;

/// <summary>
/// A rendered answer, ready for any of Discord's send paths. Every payload it builds carries
/// <c>allowed_mentions: {"parse": []}</c>, so nothing in a quote can ping anyone.
/// </summary>
public sealed record DiscordMessage(string? Content, IReadOnlyList<Embed> Embeds, IReadOnlyList<Component> Components, bool Ephemeral)
{
    /// <summary>Files uploaded with the message (a quote card), shown by an embed as <c>attachment://name</c>.</summary>
    public IReadOnlyList<FileUpload> Files { get; init; } = [];

    /// <summary>A plain one-line answer.</summary>
    public static DiscordMessage Text(string content, bool ephemeral) => new(content, [], [], ephemeral);

    /// <summary>For interaction responses of type 4 (a new message) or 7 (<paramref name="update"/>: replace the message).</summary>
    public InteractionCallbackData ToCallbackData(bool update = false) => new()
    {
        // An update replaces the whole message: empty content and lists clear what the old one had.
        Content = update ? Content ?? string.Empty : Content,
        Embeds = Embeds,
        Components = Components,
        Flags = !update && Ephemeral ? MessageFlags.Ephemeral : null,
        AllowedMentions = AllowedMentions.None,
        Attachments = Files.Count > 0 ? FileUpload.Refs(Files) : update ? [] : null,
    };

    /// <summary>For channel messages (daily posts) and follow-ups; <paramref name="ephemeral"/> only matters for follow-ups.</summary>
    public MessageCreate ToMessageCreate(bool ephemeral = false) => new()
    {
        Content = Content,
        Embeds = Embeds,
        Components = Components,
        Flags = ephemeral ? MessageFlags.Ephemeral : null,
        AllowedMentions = AllowedMentions.None,
    };

    /// <summary>For editing the original response after a deferral: every part is set, so nothing stale survives.</summary>
    public MessageEdit ToMessageEdit() => new()
    {
        Content = Content ?? string.Empty,
        Embeds = Embeds,
        Components = Components,
        AllowedMentions = AllowedMentions.None,
        Attachments = FileUpload.Refs(Files),
    };
}
