namespace QuoteBot.Discord.Api.Models;

/// <summary>A message as returned by Discord (partial).</summary>
public sealed record Message
{
    public ulong Id { get; init; }
    public ulong ChannelId { get; init; }
    public ulong? GuildId { get; init; }
    public string Content { get; init; } = "";
    public User? Author { get; init; }
    public string? Timestamp { get; init; }
    public int Type { get; init; }
    public int? Flags { get; init; }
    public IReadOnlyList<Embed>? Embeds { get; init; }
    public IReadOnlyList<Component>? Components { get; init; }
    public ulong? WebhookId { get; init; }
    public ulong? ApplicationId { get; init; }
}

/// <summary>Message flags this client uses.</summary>
[Flags]
public enum MessageFlags
{
    None = 0,
    SuppressEmbeds = 1 << 2,
    Ephemeral = 1 << 6,
    SuppressNotifications = 1 << 12,
}

/// <summary>
/// Controls which mentions in a message ping. This client sends <see cref="None"/> whenever a caller leaves it null,
/// so nothing a user typed can ever ping anyone.
/// </summary>
public sealed record AllowedMentions
{
    /// <summary>Mention types to parse from content: "roles", "users", "everyone". Empty = none.</summary>
    public IReadOnlyList<string> Parse { get; init; } = [];
    public IReadOnlyList<ulong>? Roles { get; init; }
    public IReadOnlyList<ulong>? Users { get; init; }
    public bool? RepliedUser { get; init; }

    /// <summary><c>{"parse": []}</c>: no mention pings anybody.</summary>
    public static AllowedMentions None { get; } = new();
}

/// <summary>Common shape of every outgoing message payload; the REST client fills <see cref="AllowedMentions"/> centrally.</summary>
public interface IMessagePayload
{
    string? Content { get; }
    IReadOnlyList<Embed>? Embeds { get; }
    IReadOnlyList<Component>? Components { get; }
    AllowedMentions? AllowedMentions { get; }
}

/// <summary>Body of POST /channels/{id}/messages and of interaction follow-ups (POST /webhooks/{app}/{token}).</summary>
public sealed record MessageCreate : IMessagePayload
{
    public string? Content { get; init; }
    public IReadOnlyList<Embed>? Embeds { get; init; }
    public IReadOnlyList<Component>? Components { get; init; }
    public AllowedMentions? AllowedMentions { get; init; }
    public MessageFlags? Flags { get; init; }
    public MessageReference? MessageReference { get; init; }
}

/// <summary>Reply target for <see cref="MessageCreate"/>.</summary>
public sealed record MessageReference
{
    public ulong MessageId { get; init; }
    public ulong? ChannelId { get; init; }
    public bool? FailIfNotExists { get; init; }
}

/// <summary>Body of PATCH /webhooks/{app}/{token}/messages/@original (edit the original interaction response).</summary>
public sealed record MessageEdit : IMessagePayload
{
    public string? Content { get; init; }
    public IReadOnlyList<Embed>? Embeds { get; init; }
    public IReadOnlyList<Component>? Components { get; init; }
    public AllowedMentions? AllowedMentions { get; init; }

    /// <summary>The attachments the message keeps or gets (uploads are named by their <c>files[n]</c> index).</summary>
    public IReadOnlyList<AttachmentRef>? Attachments { get; init; }
}

/// <summary>An attachment in a message payload: <see cref="Id"/> is the index n of the uploaded <c>files[n]</c> part.</summary>
public sealed record AttachmentRef(ulong Id, string Filename);

/// <summary>A file uploaded with a message as multipart <c>files[n]</c>; an embed shows it as <c>attachment://{FileName}</c>.</summary>
public sealed record FileUpload(string FileName, byte[] Content, string ContentType = "image/png")
{
    /// <summary>The attachment references for <paramref name="files"/>, in upload order.</summary>
    public static IReadOnlyList<AttachmentRef> Refs(IReadOnlyList<FileUpload> files) =>
        [.. files.Select((f, i) => new AttachmentRef((ulong)i, f.FileName))];
}
