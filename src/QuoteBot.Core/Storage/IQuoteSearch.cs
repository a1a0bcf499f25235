using QuoteBot.Core.Model;
using QuoteBot.Core.Search;

namespace QuoteBot.Core.Storage;

/// <summary>One page of ranked results and whether more follow.</summary>
public sealed record SearchPage(IReadOnlyList<Quote> Items, bool HasMore);

/// <summary>How many quotes a speaker has (see <see cref="IQuoteSearch.SpeakerQuoteAtAsync"/>) and the one asked for.</summary>
public sealed record SpeakerSlot(long Count, Quote? Quote)
{
    public static readonly SpeakerSlot None = new(0, null);
}

/// <summary>
/// Text and speaker search over active quotes: the part of a query a store answers. Callers go through
/// <see cref="QuoteFinder"/>, which answers <c>#id</c> and random picks itself and asks here for the rest.
/// </summary>
public interface IQuoteSearch
{
    /// <summary>
    /// Matches of <paramref name="query"/>'s words and speaker among active quotes visible to
    /// <paramref name="visibility"/>, best first, with the quote text weighted above the speaker and the speaker above
    /// the source title. How "best" is scored is the store's own. SQLite: the exact Okapi BM25 top results over every
    /// match, from its own postings index (exact document frequencies; block-max pruning; ties newest first).
    /// PostgreSQL: <c>ts_rank</c> with those weights, normalized by length: term frequency with no IDF, so not BM25,
    /// and only over the newest <c>RankCandidates</c> matches. The in-memory store (tests and the terminal demo) adds fixed points per stemmed
    /// word found in the text or the speaker. A speaker alone lists that speaker's quotes, newest first.
    /// <see cref="QuoteQuery.Id"/> is not looked at, and a query with nothing positive (empty, or only -words)
    /// matches nothing.
    /// </summary>
    Task<SearchPage> SearchAsync(QuoteQuery query, Visibility visibility, int offset, int limit, CancellationToken ct = default);

    /// <summary>
    /// A speaker's quotes by number, for random picks: the active quotes visible to <paramref name="visibility"/>
    /// whose speaker matches <paramref name="speaker"/> (as <c>speaker:</c> does) are numbered 0 to
    /// <see cref="SpeakerSlot.Count"/> − 1, and <see cref="SpeakerSlot.Quote"/> is the one numbered
    /// <paramref name="position"/> (null for a negative position or one past the end: a count alone). Both come from
    /// the same state of the store. The numbering is the store's own, dense and stable except that a new quote takes
    /// the next number of its speaker and scope, and a quote that leaves (removed, pending, speaker or scope changed)
    /// gives its number to the last quote of its speaker and scope. Each call costs a few index lookups
    /// (O(log n)) however many quotes the speaker or the pool has: every store keeps a per-speaker and scope slot index.
    /// </summary>
    Task<SpeakerSlot> SpeakerQuoteAtAsync(string speaker, Visibility visibility, long position, CancellationToken ct = default);

    /// <summary>Distinct speakers whose name starts with (or has a word starting with) <paramref name="prefix"/>, most quoted first.</summary>
    Task<IReadOnlyList<string>> SuggestSpeakersAsync(string prefix, Visibility visibility, int limit, CancellationToken ct = default);
}

/// <summary>Small per-conversation state that must survive a restart (shuffle bags).</summary>
public interface IStateStore
{
    Task<string?> GetAsync(string key, CancellationToken ct = default);

    Task SetAsync(string key, string value, CancellationToken ct = default);

    /// <summary>
    /// Claims <paramref name="key"/> until <paramref name="now"/> + <paramref name="ttl"/>, atomically across every
    /// process sharing the store: true for the one caller that got it, false while someone else's claim is unexpired.
    /// Used so that several instances handle a redelivered chat update only once.
    /// </summary>
    Task<bool> TryClaimAsync(string key, DateTimeOffset now, TimeSpan ttl, CancellationToken ct = default);

    /// <summary>Gives a claim back (the work failed and may be retried by anyone).</summary>
    Task ReleaseClaimAsync(string key, CancellationToken ct = default);
}
