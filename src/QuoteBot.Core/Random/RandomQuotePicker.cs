using System.Globalization;
using QuoteBot.Core.Model;
using QuoteBot.Core.Storage;

namespace QuoteBot.Core.Random;

/// <summary>
/// Random quotes without repeats: each bag walks a keyed permutation of the id range, so no quote comes back
/// until every quote of the pool was shown. Ids added during a round join it; the state is read from and persisted to
/// the state store on every pick, so several instances sharing one store (a webhook behind a load balancer) continue
/// the same bag instead of each replaying its own copy.
/// </summary>
public sealed class RandomQuotePicker(IQuoteStore store, IStateStore state)
{
    // The first probe fetches very few quotes (most ids are active and visible); later probes grow, so a pool that is
    // mostly removed or hidden still costs few round trips.
    private const int FirstProbe = 1;
    private const int MaxProbe = 64;

    /// <summary>The next quote of the bag <paramref name="bagKey"/>, or null when the pool is empty.</summary>
    public async Task<Quote?> NextAsync(string bagKey, Visibility visibility, Func<Quote, bool>? filter = null, CancellationToken ct = default)
    {
        var key = "bag:" + bagKey;
        var bag = Bag.Parse(await state.GetAsync(key, ct));

        var restartedOnce = false;
        var probe = FirstProbe;
        while (true)
        {
            if (bag.Position >= bag.End - bag.Start)
            {
                // The id range is only needed when a round ends (or the bag is new), not on every pick.
                var maxId = await store.MaxIdAsync(ct);
                if (maxId == 0)
                {
                    return null;
                }

                if (maxId > bag.End)
                {
                    // New quotes since this round began join it.
                    bag = new Bag(NewSeed(), bag.End, maxId, 0);
                }
                else
                {
                    if (restartedOnce)
                    {
                        return null; // a whole round found nothing: the pool is empty
                    }

                    restartedOnce = true;
                    bag = new Bag(NewSeed(), 0, maxId, 0);
                }
            }

            var size = bag.End - bag.Start;
            var count = (int)Math.Min(probe, size - bag.Position);
            probe = Math.Min(MaxProbe, probe * 4);
            var ids = new long[count];
            for (var k = 0; k < count; k++)
            {
                ids[k] = bag.Start + RandomPermutation.Map(bag.Position + k, size, bag.Seed) + 1;
            }

            var found = (await store.GetManyAsync(ids, ct)).ToDictionary(q => q.Id);
            for (var k = 0; k < count; k++)
            {
                if (found.TryGetValue(ids[k], out var q) && q.Status == QuoteStatus.Active && visibility.CanSee(q.Scope) && (filter is null || filter(q)))
                {
                    bag = bag with { Position = bag.Position + k + 1 };
                    await state.SetAsync(key, bag.ToString(), ct);
                    return q;
                }
            }

            bag = bag with { Position = bag.Position + count };
        }
    }

    /// <summary>
    /// The next quote of the bag <paramref name="bagKey"/> over a numbered list (a speaker's quotes, say), read one
    /// number at a time with <paramref name="at"/>: the list's length and the quote at that number (a negative
    /// number only counts). The bag walks a keyed permutation of the numbers, so only the list is read, however large
    /// the whole pool: one read a pick, two when a round starts (the count). Quotes added during a round join the next
    /// one; a quote leaving during a round may give its number to one already shown or not yet shown (a repeat or a
    /// skip is possible then); a number past the shrunk end starts a new round. Null when the list is empty.
    /// </summary>
    public async Task<Quote?> NextOfListAsync(string bagKey, Func<long, CancellationToken, Task<SpeakerSlot>> at, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(at);
        var key = "slots:" + bagKey;
        var bag = Bag.Parse(await state.GetAsync(key, ct));
        for (var attempt = 0; attempt < 2; attempt++)
        {
            if (bag.Position >= bag.End - bag.Start)
            {
                var count = (await at(-1, ct)).Count;
                if (count == 0)
                {
                    return null;
                }

                bag = new Bag(NewSeed(), 0, count, 0);
            }

            var slot = await at(bag.Start + RandomPermutation.Map(bag.Position, bag.End - bag.Start, bag.Seed), ct);
            if (slot.Quote is { } q)
            {
                await state.SetAsync(key, (bag with { Position = bag.Position + 1 }).ToString(), ct);
                return q;
            }

            if (slot.Count == 0)
            {
                return null;
            }

            bag = new Bag(NewSeed(), 0, slot.Count, 0); // the list got shorter: a new round over what is there now
        }

        return null;
    }

    private static ulong NewSeed() => (ulong)System.Random.Shared.NextInt64();

    private readonly record struct Bag(ulong Seed, long Start, long End, long Position)
    {
        public static Bag Parse(string? s)
        {
            var parts = s?.Split(' ');
            if (parts is { Length: 4 }
                && ulong.TryParse(parts[0], CultureInfo.InvariantCulture, out var seed)
                && long.TryParse(parts[1], CultureInfo.InvariantCulture, out var start)
                && long.TryParse(parts[2], CultureInfo.InvariantCulture, out var end)
                && long.TryParse(parts[3], CultureInfo.InvariantCulture, out var pos)
                && start >= 0 && end >= start && pos >= 0)
            {
                return new Bag(seed, start, end, pos);
            }

            return new Bag(0, 0, 0, 0); // empty: the first call starts a round
        }

        public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Seed} {Start} {End} {Position}");
    }
}
