using QuoteBot.Core.Text;

namespace QuoteBot.Core.Model;

/// <summary>
/// Whether a quote is shown. Removal is soft: a removed quote keeps its id and can be restored. A pending quote (found
/// in a fetched article) waits for a moderator: only review and operator tools see it, never search, random, inline or
/// daily posts (the stores index and count active quotes only).
/// </summary>
public enum QuoteStatus
{
    Active = 0,
    Removed = 1,
    Pending = 2,
}

/// <summary>Where an article or quote came from.</summary>
public sealed record QuoteSource(string? Outlet, string? Title, string? Url, DateOnly? Published)
{
    public static readonly QuoteSource None = new(null, null, null, null);
}

/// <summary>The paragraph a quote was found in, with its neighbours and whom the speaker addressed.</summary>
public sealed record QuoteContext(string Paragraph, string? Before = null, string? After = null, string? Audience = null);

/// <summary>Who did something: a platform-qualified user id ("tg:123", "dc:456", "local") and a display name.</summary>
public sealed record Actor(string Id, string DisplayName)
{
    public static readonly Actor System = new("system", "system");
    public static readonly Actor Local = new("local", "local user");
}

/// <summary>A quote as stored. <see cref="Id"/> is stable and never reused.</summary>
public sealed record Quote
{
    public required long Id { get; init; }
    public required string Text { get; init; }
    public string? Speaker { get; init; }
    public required string SpeakerKey { get; init; }
    public QuoteSource Source { get; init; } = QuoteSource.None;
    public QuoteContext? Context { get; init; }
    public Scope Scope { get; init; } = Scope.Global;
    public required string AddedBy { get; init; }
    public required DateTimeOffset AddedAt { get; init; }
    public QuoteStatus Status { get; init; } = QuoteStatus.Active;
    public required string DedupeKey { get; init; }
}

/// <summary>A quote about to be stored: everything but the id, which the store assigns.</summary>
public sealed record NewQuote
{
    public required string Text { get; init; }
    public string? Speaker { get; init; }
    public QuoteSource Source { get; init; } = QuoteSource.None;
    public QuoteContext? Context { get; init; }
    public Scope Scope { get; init; } = Scope.Global;
    public string AddedBy { get; init; } = Actor.System.Id;
    public DateTimeOffset AddedAt { get; init; }

    /// <summary>Active, or pending review (quotes extracted from fetched articles).</summary>
    public QuoteStatus Status { get; init; } = QuoteStatus.Active;

    /// <summary>Builds the stored form with the normalized keys filled in; <paramref name="status"/> overrides <see cref="Status"/>.</summary>
    public Quote ToQuote(long id, QuoteStatus? status = null)
    {
        var speakerKey = TextFolding.SpeakerKey(Speaker);
        return new()
        {
            Id = id,
            Text = Text,
            Speaker = Speaker,
            SpeakerKey = speakerKey,
            Source = Source,
            Context = Context,
            Scope = Scope,
            AddedBy = AddedBy,
            AddedAt = AddedAt,
            Status = status ?? Status,
            DedupeKey = TextFolding.DedupeKeyOf(Text, speakerKey), // the key once, not again inside DedupeKey
        };
    }

}

/// <summary>Changes to an existing quote; a null member is left as it is.</summary>
public sealed record QuoteEdit(string? Text = null, string? Speaker = null, string? SourceUrl = null)
{
    public bool IsEmpty => Text is null && Speaker is null && SourceUrl is null;
}
