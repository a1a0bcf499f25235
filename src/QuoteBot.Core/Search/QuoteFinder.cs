using QuoteBot.Core.Model;
using QuoteBot.Core.Random;
using QuoteBot.Core.Storage;
using QuoteBot.Core.Text;

namespace QuoteBot.Core.Search;

/// <summary>
/// The one path from a parsed query to quotes, used by every caller (chat commands, daily posts, Telegram inline
/// queries, the CLI): <c>#id</c> is that quote; a query without words to match (empty, <c>speaker:name</c>,
/// <c>-word</c>) is a random pick without repeats from its bag; anything else is a ranked search. The stores only
/// answer text and speaker searches (<see cref="IQuoteSearch"/>); they never see an id or a random pick.
/// </summary>
public sealed class QuoteFinder(IQuoteStore store, IQuoteSearch search, RandomQuotePicker picker)
{
    /// <summary>A finder over one object that is all three store contracts (the in-memory store, or a real store in tests).</summary>
    public static QuoteFinder Over<T>(T store) where T : IQuoteStore, IQuoteSearch, IStateStore =>
        new(store, store, new RandomQuotePicker(store, store));

    /// <summary>True when <paramref name="query"/> is answered by a ranked search (it has words and no id).</summary>
    public static bool IsSearch(QuoteQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return query.Id is null && query.HasText;
    }

    /// <summary>
    /// The quote <paramref name="id"/> when <paramref name="visibility"/> may see it and it is active (or removed too,
    /// with <paramref name="includeRemoved"/>); otherwise null.
    /// </summary>
    public async Task<Quote?> GetAsync(long id, Visibility visibility, bool includeRemoved = false, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(visibility);
        if (id <= 0)
        {
            return null;
        }

        var q = await store.GetAsync(id, ct);
        return q is not null && visibility.CanSee(q.Scope) && (includeRemoved || q.Status == QuoteStatus.Active) ? q : null;
    }

    /// <summary>
    /// One quote for <paramref name="query"/>: the quote with its id; a random one from the bag
    /// <paramref name="bagKey"/> (one bag per filter, so <c>speaker:x</c> walks its own round) when the query has no
    /// words; otherwise the best match. Null when nothing fits.
    /// </summary>
    public async Task<Quote?> FindOneAsync(QuoteQuery query, Visibility visibility, string bagKey, CancellationToken ct = default) =>
        (await FindAsync(query, visibility, bagKey, 0, ct)).Quote;

    /// <summary>
    /// As <see cref="FindOneAsync"/>, but a search answers its match of rank <paramref name="rank"/> (0 = best), and
    /// starts over at the best when there are fewer matches; the rank shown comes back with it (null when the quote
    /// is not a search result: an id or a random pick), so "Another" can ask for the next one.
    /// </summary>
    public async Task<(Quote? Quote, int? Rank)> FindAsync(QuoteQuery query, Visibility visibility, string bagKey, int rank, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(visibility);
        if (query.Id is { } id)
        {
            return (await GetAsync(id, visibility, ct: ct), null);
        }

        if (query.IsEmpty)
        {
            return (await picker.NextAsync(bagKey, visibility, null, ct), null);
        }

        if (!query.HasText && !query.HasExclusions && query.Speaker is { } alone)
        {
            // A speaker alone: walk the numbers of that speaker's own quotes (the store's slot index), one lookup a
            // pick. A walk over every id needs about pool/n reads to come across one of n quotes: seconds at a million.
            return (await picker.NextOfListAsync(
                bagKey + "|" + query.ToCanonicalString(),
                (position, c) => search.SpeakerQuoteAtAsync(alone, visibility, position, c),
                ct), null);
        }

        if (!query.HasText)
        {
            var speaker = query.Speaker;
            return (await picker.NextAsync(
                bagKey + "|" + query.ToCanonicalString(),
                visibility,
                q => (speaker is null || TextFolding.SpeakerMatches(q.SpeakerKey, speaker)) && !query.LeavesOut(q.Text),
                ct), null);
        }

        rank = Math.Max(0, rank);
        var page = await search.SearchAsync(query, visibility, rank, 1, ct);
        if (page.Items.Count == 0 && rank > 0)
        {
            // Past the last match: start over at the best one.
            rank = 0;
            page = await search.SearchAsync(query, visibility, 0, 1, ct);
        }

        return page.Items.Count == 0 ? (null, null) : (page.Items[0], rank);
    }

    /// <summary>
    /// A page of quotes for <paramref name="query"/>: the quote with its id (on the first page only), nothing for an
    /// empty query, otherwise ranked matches (a speaker alone: that speaker's quotes, newest first).
    /// </summary>
    public async Task<SearchPage> FindPageAsync(QuoteQuery query, Visibility visibility, int offset, int limit, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(visibility);
        var empty = new SearchPage([], false);
        if (query.Id is { } id)
        {
            var one = offset <= 0 && limit > 0 ? await GetAsync(id, visibility, ct: ct) : null;
            return one is null ? empty : new SearchPage([one], false);
        }

        if (query.IsEmpty)
        {
            return empty;
        }

        return await search.SearchAsync(query, visibility, Math.Max(0, offset), limit, ct);
    }

    /// <summary>Up to <paramref name="count"/> different random quotes from the bag <paramref name="bagKey"/>.</summary>
    public async Task<IReadOnlyList<Quote>> PickAsync(string bagKey, Visibility visibility, int count, CancellationToken ct = default)
    {
        var picked = new List<Quote>(Math.Max(0, count));
        var seen = new HashSet<long>();
        for (var i = 0; i < count; i++)
        {
            var q = await picker.NextAsync(bagKey, visibility, null, ct);
            if (q is null || !seen.Add(q.Id))
            {
                break;
            }

            picked.Add(q);
        }

        return picked;
    }

    /// <summary>Speaker names for autocomplete (see <see cref="IQuoteSearch.SuggestSpeakersAsync"/>).</summary>
    public Task<IReadOnlyList<string>> SuggestSpeakersAsync(string prefix, Visibility visibility, int limit, CancellationToken ct = default) =>
        search.SuggestSpeakersAsync(prefix, visibility, limit, ct);
}
