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
    /// The next quote of the bag <paramref name="bagKey"/> over an ordered list of matches (a speaker's quotes, say),
    /// read one position at a time with <paramref name="at"/> (the quote at that 0-based position, or null past the
    /// end). The bag walks a keyed permutation of the list's positions, so only the list is read, however large the
    /// whole pool; the list is counted when a round starts (about 2·log2(n) reads). Quotes added or removed during a
    /// round shift the positions until the next round (a repeat or a skip is possible then); a pick that finds the
    /// list shorter counts again and starts a new round. A list longer than <paramref name="maxLength"/> is not
    /// walked (reading deep positions costs more than a walk over ids finds the list's quotes): <c>TooLong</c> says
    /// so, now and on later calls for this bag. Quote null and not too long: the list is empty.
    /// </summary>
    public async Task<(Quote? Quote, bool TooLong)> NextOfListAsync(string bagKey, Func<int, CancellationToken, Task<Quote?>> at, int maxLength, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(at);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 1);
        var key = "list:" + bagKey;
        var saved = await state.GetAsync(key, ct);
        if (saved == LongList)
        {
            return (null, true);
        }

        var bag = Bag.Parse(saved);
        for (var attempt = 0; attempt < 2; attempt++)
        {
            if (bag.Position >= bag.End - bag.Start)
            {
                var count = await CountAsync(at, maxLength, ct);
                if (count > maxLength)
                {
                    await state.SetAsync(key, LongList, ct);
                    return (null, true);
                }

                if (count == 0)
                {
                    return (null, false);
                }

                bag = new Bag(NewSeed(), 0, count, 0);
            }

            var position = (int)RandomPermutation.Map(bag.Position, bag.End, bag.Seed);
            if (await at(position, ct) is { } q)
            {
                await state.SetAsync(key, (bag with { Position = bag.Position + 1 }).ToString(), ct);
                return (q, false);
            }

            bag = new Bag(0, 0, 0, 0); // the list got shorter: count again and start a new round
        }

        return (null, false);
    }

    /// <summary>What a bag's state says for a list too long to walk by position.</summary>
    private const string LongList = "long";

    /// <summary>
    /// How many positions the list has (doubling steps, then halving: about 2·log2(n) reads), or
    /// <paramref name="maxLength"/> + 1 as soon as it is known to be longer.
    /// </summary>
    private static async Task<int> CountAsync(Func<int, CancellationToken, Task<Quote?>> at, int maxLength, CancellationToken ct)
    {
        if (await at(0, ct) is null)
        {
            return 0;
        }

        int present = 0, absent = 1; // at(present) exists; absent is the next probe
        while (true)
        {
            if (absent > maxLength)
            {
                if (await at(maxLength, ct) is not null)
                {
                    return maxLength + 1;
                }

                absent = maxLength;
                break;
            }

            if (await at(absent, ct) is null)
            {
                break;
            }

            present = absent;
            absent *= 2;
        }

        while (absent - present > 1)
        {
            var mid = present + ((absent - present) / 2);
            if (await at(mid, ct) is null)
            {
                absent = mid;
            }
            else
            {
                present = mid;
            }
        }

        return absent;
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
