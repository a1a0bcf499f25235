using QuoteBot.Core.Model;
using QuoteBot.Core.Search;

namespace QuoteBot.Core.Storage;

/// <summary>One page of ranked results and whether more follow.</summary>
public sealed record SearchPage(IReadOnlyList<Quote> Items, bool HasMore);

/// <summary>Full-text search over active quotes.</summary>
public interface IQuoteSearch
{
    /// <summary>
    /// Ranked matches of <paramref name="query"/> among active quotes visible to <paramref name="visibility"/>:
    /// BM25 with the quote text weighted above the speaker, the speaker above the source title.
    /// An empty query matches nothing (random picks go through <see cref="QuoteBot.Core.Random.RandomQuotePicker"/>).
    /// </summary>
    Task<SearchPage> SearchAsync(QuoteQuery query, Visibility visibility, int offset, int limit, CancellationToken ct = default);

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
