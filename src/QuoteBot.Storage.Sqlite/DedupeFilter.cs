namespace QuoteBot.Storage.Sqlite;

/// <summary>
/// The (scope, dedupe hash) pairs a bulk load's transaction group has inserted, as a Bloom filter (issue 16, session 17):
/// a group that began on an empty store can hold no stored duplicate of a new row other than a row it inserted itself,
/// so a row whose pair the filter has never seen needs no look-up, and only the few the filter may hold (its own
/// earlier rows, or a false positive) are checked against the quotes table as before. A filter never misses a pair it
/// was given; with its default 2^23 bits (1 MiB) and three probes about 3 % of new rows are false positives after a
/// million pairs.
/// </summary>
internal sealed class DedupeFilter
{
    private readonly ulong[] _bits;
    private readonly ulong _mask;

    public DedupeFilter(int log2Bits = 23)
    {
        if (log2Bits is < 6 or > 30)
        {
            throw new ArgumentOutOfRangeException(nameof(log2Bits), "A dedupe filter has 2^6 to 2^30 bits.");
        }

        _bits = new ulong[1 << (log2Bits - 6)];
        _mask = (1UL << log2Bits) - 1;
    }

    /// <summary>Notes a pair as inserted.</summary>
    public void Add(string scope, long hash)
    {
        var h = Mix(scope, hash);
        for (var k = 0UL; k < 3; k++)
        {
            var bit = Probe(h, k);
            _bits[bit >> 6] |= 1UL << (int)(bit & 63);
        }
    }

    /// <summary>False when the pair was certainly never added; true when it may have been.</summary>
    public bool MayContain(string scope, long hash)
    {
        var h = Mix(scope, hash);
        for (var k = 0UL; k < 3; k++)
        {
            var bit = Probe(h, k);
            if ((_bits[bit >> 6] & (1UL << (int)(bit & 63))) == 0)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The k-th bit of a pair: its mixed number's low half plus k times its (odd) high half.</summary>
    private ulong Probe(ulong h, ulong k) => ((h & 0xFFFFFFFFUL) + k * ((h >> 32) | 1)) & _mask;

    /// <summary>One well-mixed 64-bit number of the pair (the scope's string hash is per process, as the filter is).</summary>
    private static ulong Mix(string scope, long hash)
    {
        var h = (ulong)hash ^ ((ulong)(uint)StringComparer.Ordinal.GetHashCode(scope) * 0x9E3779B97F4A7C15UL);
        h ^= h >> 33;
        h *= 0xFF51AFD7ED558CCDUL;
        h ^= h >> 33;
        h *= 0xC4CEB9FE1A85EC53UL;
        h ^= h >> 33;
        return h;
    }
}
