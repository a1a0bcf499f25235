using System.Runtime.CompilerServices;
using QuoteBot.Core.Model;
using QuoteBot.Core.Search;
using QuoteBot.Core.Storage;

namespace QuoteBot.Tests.Shared.Faults;

/// <summary>
/// A store over <see cref="InMemoryQuoteStore"/> that, while <see cref="Fault"/> is set, throws it from every quote
/// read and write (as a read-only or corrupt database file makes the real stores throw their own exception type).
/// </summary>
public sealed class FaultyStore(InMemoryQuoteStore inner) : IQuoteStore, IQuoteSearch, IStateStore
{
    public InMemoryQuoteStore Inner { get; } = inner;

    /// <summary>Makes the exception each failing call throws; null: calls pass through.</summary>
    public Func<Exception>? Fault { get; set; }

    /// <summary>How many calls failed.</summary>
    public int Failures { get; private set; }

    /// <summary>
    /// Runs just before a status write reaches the store: what another moderator or instance does between a caller's
    /// check and its write.
    /// </summary>
    public Func<long, Task>? BeforeStatusWrite { get; set; }

    /// <summary>How many quotes were read by id (GetAsync, GetManyAsync), to see what a path costs.</summary>
    public int QuotesReadById { get; private set; }

    private void Check()
    {
        if (Fault is { } fault)
        {
            Failures++;
            throw fault();
        }
    }

    public Task InitializeAsync(CancellationToken ct = default) => Inner.InitializeAsync(ct);

    public Task<Quote?> GetAsync(long id, CancellationToken ct = default)
    {
        Check();
        QuotesReadById++;
        return Inner.GetAsync(id, ct);
    }

    public Task<IReadOnlyList<Quote>> GetManyAsync(IReadOnlyCollection<long> ids, CancellationToken ct = default)
    {
        Check();
        QuotesReadById += ids.Count;
        return Inner.GetManyAsync(ids, ct);
    }

    public Task<AddResult> AddAsync(NewQuote quote, Actor actor, CancellationToken ct = default)
    {
        Check();
        return Inner.AddAsync(quote, actor, ct);
    }

    public Task<Quote?> EditAsync(long id, QuoteEdit edit, Actor actor, CancellationToken ct = default)
    {
        Check();
        return Inner.EditAsync(id, edit, actor, ct);
    }

    public async Task<Quote?> SetStatusAsync(long id, QuoteStatus status, Actor actor, CancellationToken ct = default)
    {
        Check();
        await (BeforeStatusWrite?.Invoke(id) ?? Task.CompletedTask);
        return await Inner.SetStatusAsync(id, status, actor, ct);
    }

    public async Task<StatusChange?> ChangeStatusAsync(long id, QuoteStatus from, QuoteStatus to, Actor actor, CancellationToken ct = default)
    {
        Check();
        await (BeforeStatusWrite?.Invoke(id) ?? Task.CompletedTask);
        return await Inner.ChangeStatusAsync(id, from, to, actor, ct);
    }

    public Task<ImportSummary> AddManyAsync(IEnumerable<NewQuote> quotes, Actor actor, CancellationToken ct = default)
    {
        Check();
        return Inner.AddManyAsync(quotes, actor, ct);
    }

    public Task<ImportSummary> RestoreAsync(IEnumerable<Quote> quotes, Actor actor, RestoreMode mode, CancellationToken ct = default)
    {
        Check();
        return Inner.RestoreAsync(quotes, actor, mode, ct);
    }

    public async IAsyncEnumerable<Quote> ExportAsync([EnumeratorCancellation] CancellationToken ct = default)
    {
        Check();
        await foreach (var q in Inner.ExportAsync(ct))
        {
            yield return q;
        }
    }

    public Task<IReadOnlyList<AuditEntry>> GetAuditAsync(long quoteId, CancellationToken ct = default)
    {
        Check();
        return Inner.GetAuditAsync(quoteId, ct);
    }

    public Task<long> CountAsync(Visibility visibility, CancellationToken ct = default)
    {
        Check();
        return Inner.CountAsync(visibility, ct);
    }

    public Task<long> MaxIdAsync(CancellationToken ct = default)
    {
        Check();
        return Inner.MaxIdAsync(ct);
    }

    public Task<SearchPage> SearchAsync(QuoteQuery query, Visibility visibility, int offset, int limit, CancellationToken ct = default)
    {
        Check();
        return Inner.SearchAsync(query, visibility, offset, limit, ct);
    }

    public Task<SpeakerSlot> SpeakerQuoteAtAsync(string speaker, Visibility visibility, long position, CancellationToken ct = default)
    {
        Check();
        SpeakerSlotReads++;
        return Inner.SpeakerQuoteAtAsync(speaker, visibility, position, ct);
    }

    /// <summary>How many times <see cref="SpeakerQuoteAtAsync"/> was called.</summary>
    public int SpeakerSlotReads { get; private set; }

    public Task<IReadOnlyList<string>> SuggestSpeakersAsync(string prefix, Visibility visibility, int limit, CancellationToken ct = default)
    {
        Check();
        return Inner.SuggestSpeakersAsync(prefix, visibility, limit, ct);
    }

    // Conversation state (random-pick bags, cursors) keeps working: the fault is in the quote data.
    Task<string?> IStateStore.GetAsync(string key, CancellationToken ct) => Inner.GetAsync(key, ct);

    public Task SetAsync(string key, string value, CancellationToken ct = default) => Inner.SetAsync(key, value, ct);

    public Task<bool> TryClaimAsync(string key, DateTimeOffset now, TimeSpan ttl, CancellationToken ct = default) => Inner.TryClaimAsync(key, now, ttl, ct);

    public Task ReleaseClaimAsync(string key, CancellationToken ct = default) => Inner.ReleaseClaimAsync(key, ct);
}
