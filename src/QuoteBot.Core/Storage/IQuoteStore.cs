using QuoteBot.Core.Model;

namespace QuoteBot.Core.Storage;

/// <summary>The outcome of adding one quote.</summary>
public sealed record AddResult(Quote Quote, bool Added)
{
    /// <summary>True when an equal quote (same dedupe key in the same scope) already existed; <see cref="Quote"/> is that one.</summary>
    public bool Duplicate => !Added;
}

/// <summary>Counts from a bulk import.</summary>
public sealed record ImportSummary(int Added, int Duplicates, int Updated = 0)
{
    public static readonly ImportSummary Zero = new(0, 0);

    public ImportSummary Plus(ImportSummary other) => new(Added + other.Added, Duplicates + other.Duplicates, Updated + other.Updated);
}

/// <summary>One audited change to a quote: who, what, when, and the quote before and after.</summary>
public sealed record AuditEntry(long QuoteId, string Action, string ActorId, string ActorName, DateTimeOffset At, Quote? Before, Quote? After);

/// <summary>
/// Durable storage of quotes. Ids are assigned by the store, start at 1, are never reused or shifted.
/// Every mutating call is one transaction that also writes its audit row.
/// </summary>
public interface IQuoteStore
{
    /// <summary>Creates or upgrades the schema. Idempotent; called once at start.</summary>
    Task InitializeAsync(CancellationToken ct = default);

    Task<Quote?> GetAsync(long id, CancellationToken ct = default);

    /// <summary>Fetches several quotes by id in one round trip; missing ids are simply absent from the result.</summary>
    Task<IReadOnlyList<Quote>> GetManyAsync(IReadOnlyCollection<long> ids, CancellationToken ct = default);

    /// <summary>Adds a quote unless its dedupe key already exists in its scope.</summary>
    Task<AddResult> AddAsync(NewQuote quote, Actor actor, CancellationToken ct = default);

    /// <summary>Applies an edit; null when there is no such quote. Audited.</summary>
    Task<Quote?> EditAsync(long id, QuoteEdit edit, Actor actor, CancellationToken ct = default);

    /// <summary>Removes (soft) or restores a quote; null when there is no such quote. Audited.</summary>
    Task<Quote?> SetStatusAsync(long id, QuoteStatus status, Actor actor, CancellationToken ct = default);

    /// <summary>Adds many quotes in batched transactions, deduplicated. A batch is all-or-nothing.</summary>
    Task<ImportSummary> AddManyAsync(IEnumerable<NewQuote> quotes, Actor actor, CancellationToken ct = default);

    /// <summary>Writes exported quotes back keeping their ids (insert or update by id). Idempotent.</summary>
    Task<ImportSummary> RestoreAsync(IEnumerable<Quote> quotes, Actor actor, CancellationToken ct = default);

    /// <summary>Every quote, removed ones too, in id order.</summary>
    IAsyncEnumerable<Quote> ExportAsync(CancellationToken ct = default);

    Task<IReadOnlyList<AuditEntry>> GetAuditAsync(long quoteId, CancellationToken ct = default);

    /// <summary>Active quotes visible to <paramref name="visibility"/>.</summary>
    Task<long> CountAsync(Visibility visibility, CancellationToken ct = default);

    /// <summary>The highest id ever assigned (0 when empty). Ids of removed quotes count.</summary>
    Task<long> MaxIdAsync(CancellationToken ct = default);
}
