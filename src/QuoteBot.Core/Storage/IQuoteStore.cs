using QuoteBot.Core.Model;

namespace QuoteBot.Core.Storage;

/// <summary>The outcome of adding one quote.</summary>
public sealed record AddResult(Quote Quote, bool Added)
{
    /// <summary>True when an equal quote (same dedupe key in the same scope) already existed; <see cref="Quote"/> is that one.</summary>
    public bool Duplicate => !Added;
}

/// <summary>What <see cref="IQuoteStore.ChangeStatusAsync"/> found: the quote as it is now, and whether the call changed it.</summary>
public sealed record StatusChange(Quote Quote, bool Changed);

/// <summary>Counts from a bulk import.</summary>
public sealed record ImportSummary(int Added, int Duplicates, int Updated = 0)
{
    public static readonly ImportSummary Zero = new(0, 0);

    /// <summary>Ids under which the store already holds a different quote, left unchanged (<see cref="RestoreMode.KeepExisting"/>).</summary>
    public IReadOnlyList<long> Conflicts { get; init; } = [];

    public ImportSummary Plus(ImportSummary other) =>
        new(Added + other.Added, Duplicates + other.Duplicates, Updated + other.Updated) { Conflicts = [.. Conflicts, .. other.Conflicts] };

    public bool Equals(ImportSummary? other) =>
        other is not null && Added == other.Added && Duplicates == other.Duplicates && Updated == other.Updated
        && Conflicts.SequenceEqual(other.Conflicts);

    public override int GetHashCode() => HashCode.Combine(Added, Duplicates, Updated, Conflicts.Count);
}

/// <summary>What <see cref="IQuoteStore.RestoreAsync"/> does with an id the store already uses.</summary>
public enum RestoreMode
{
    /// <summary>
    /// The import rule: an id holding the same quote (same dedupe key) is already there and left as it is; an id
    /// holding a different quote is a conflict, reported in <see cref="ImportSummary.Conflicts"/> and left unchanged.
    /// </summary>
    KeepExisting = 0,

    /// <summary>An id holding a different quote is overwritten (audited): <c>import --replace</c>, migrate, group moves.</summary>
    Replace = 1,
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

    /// <summary>Adds a quote unless its dedupe key already exists in its scope. Every write checks <see cref="QuoteRules"/>
    /// first and throws <see cref="InvalidQuoteException"/> (changing nothing) for a quote that breaks them.</summary>
    Task<AddResult> AddAsync(NewQuote quote, Actor actor, CancellationToken ct = default);

    /// <summary>Applies an edit; null when there is no such quote. Audited.</summary>
    Task<Quote?> EditAsync(long id, QuoteEdit edit, Actor actor, CancellationToken ct = default);

    /// <summary>Removes (soft) or restores a quote; null when there is no such quote. Audited.</summary>
    Task<Quote?> SetStatusAsync(long id, QuoteStatus status, Actor actor, CancellationToken ct = default);

    /// <summary>
    /// Moves a quote from <paramref name="from"/> to <paramref name="to"/> only if it still has status
    /// <paramref name="from"/>: the check and the write are one transaction, so when two moderators (two instances, or
    /// the bot and the CLI) decide the same quote at once, the first wins and the second changes nothing. Null when
    /// there is no such quote; otherwise the quote as it is now and whether this call changed it. Audited when it does.
    /// </summary>
    Task<StatusChange?> ChangeStatusAsync(long id, QuoteStatus from, QuoteStatus to, Actor actor, CancellationToken ct = default);

    /// <summary>Adds many quotes in batched transactions, deduplicated. A batch is all-or-nothing.</summary>
    Task<ImportSummary> AddManyAsync(IEnumerable<NewQuote> quotes, Actor actor, CancellationToken ct = default);

    /// <summary>
    /// Writes exported quotes back keeping their ids: a free id is inserted; an id in use is handled by
    /// <paramref name="mode"/>. A quote equal to one stored under another id counts as a duplicate. Idempotent.
    /// Every quote must pass <see cref="QuoteRules"/> (else <see cref="InvalidQuoteException"/> and the batch is not written).
    /// </summary>
    Task<ImportSummary> RestoreAsync(IEnumerable<Quote> quotes, Actor actor, RestoreMode mode, CancellationToken ct = default);

    /// <summary>Every quote, removed ones too, in id order.</summary>
    IAsyncEnumerable<Quote> ExportAsync(CancellationToken ct = default);

    Task<IReadOnlyList<AuditEntry>> GetAuditAsync(long quoteId, CancellationToken ct = default);

    /// <summary>Active quotes visible to <paramref name="visibility"/>.</summary>
    Task<long> CountAsync(Visibility visibility, CancellationToken ct = default);

    /// <summary>The highest id ever assigned (0 when empty). Ids of removed quotes count.</summary>
    Task<long> MaxIdAsync(CancellationToken ct = default);
}
