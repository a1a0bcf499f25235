using System.Globalization;
using Microsoft.Extensions.Options;
using QuoteBot.Core.Model;
using QuoteBot.Core.Search;
using QuoteBot.Core.Storage;

namespace QuoteBot.Core.Daily;

/// <summary>
/// Picks each day's quote so none repeats before the subscription's whole pool was posted. An id, the unfiltered pool
/// and speaker-only filters go through <see cref="QuoteFinder.FindOneAsync"/> and its persisted bags
/// ("daily:&lt;conversation&gt;"); a text filter collects the matching ids through <see cref="QuoteFinder"/> (capped)
/// and keeps the ids posted in the current round in <see cref="IStateStore"/>. New matching quotes join the running
/// round.
/// </summary>
public sealed class DailyQuoteSource(
    QuoteFinder finder,
    IStateStore state,
    IOptions<DailyOptions> options)
{
    private const int SearchPage = 200;

    /// <summary>The bag key of a conversation's unfiltered pool.</summary>
    public static string BagKey(string conversationKey) => "daily:" + conversationKey;

    /// <summary>The next quote for <paramref name="sub"/>, or null when its pool is empty.</summary>
    public async Task<Quote?> NextAsync(DailySubscription sub, CancellationToken ct = default)
    {
        var visibility = Visibility.For(sub.Scope);
        var parsed = QueryParser.Parse(sub.Query);
        var query = parsed.Ok ? parsed.Query! : QuoteQuery.Empty;
        if (!QuoteFinder.IsSearch(query))
        {
            // An id, the whole pool or a speaker: the finder's bags ("daily:<conversation>", one per filter).
            return await finder.FindOneAsync(query, visibility, BagKey(sub.ConversationKey), ct);
        }

        var canonical = query.ToCanonicalString();
        var candidates = await CollectAsync(query, visibility, ct);
        if (candidates.Count == 0)
        {
            return null;
        }

        var key = "daily-round:" + sub.ConversationKey + "|" + canonical;
        var posted = Parse(await state.GetAsync(key, ct));
        posted.IntersectWith(candidates.Keys); // forget ids that left the pool
        var remaining = candidates.Keys.Where(i => !posted.Contains(i)).ToArray();
        if (remaining.Length == 0)
        {
            posted.Clear(); // every match was posted: a new round
            remaining = [.. candidates.Keys];
        }

        var pick = remaining[System.Random.Shared.Next(remaining.Length)];
        posted.Add(pick);
        await state.SetAsync(key, string.Join(',', posted.Order().Select(i => i.ToString(CultureInfo.InvariantCulture))), ct);
        return candidates[pick];
    }

    private async Task<Dictionary<long, Quote>> CollectAsync(QuoteQuery query, Visibility visibility, CancellationToken ct)
    {
        var cap = options.Value.FilterPoolCap;
        var found = new Dictionary<long, Quote>();
        for (var offset = 0; found.Count < cap; offset += SearchPage)
        {
            var page = await finder.FindPageAsync(query, visibility, offset, Math.Min(SearchPage, cap - found.Count), ct);
            foreach (var q in page.Items)
            {
                found.TryAdd(q.Id, q);
            }

            if (!page.HasMore || page.Items.Count == 0)
            {
                break;
            }
        }

        return found;
    }

    private static HashSet<long> Parse(string? s)
    {
        var set = new HashSet<long>();
        foreach (var part in (s ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            if (long.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                set.Add(id);
            }
        }

        return set;
    }
}
