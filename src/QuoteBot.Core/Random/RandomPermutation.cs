namespace QuoteBot.Core.Random;

/// <summary>
/// A keyed pseudo-random permutation of [0, n): a small Feistel network with cycle-walking.
/// It lets a shuffle bag over a million ids live in three numbers (seed, size, position).
/// </summary>
public static class RandomPermutation
{
    private const int Rounds = 4;

    public static long Map(long index, long n, ulong seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(n);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, n);
        if (n == 1)
        {
            return 0;
        }

        var bits = 64 - ulong.LeadingZeroCount((ulong)(n - 1));
        if (bits % 2 == 1)
        {
            bits++;
        }

        var half = (int)(bits / 2);
        var mask = (1UL << half) - 1;
        var x = (ulong)index;
        do
        {
            x = Encrypt(x, half, mask, seed);
        }
        while (x >= (ulong)n);

        return (long)x;
    }

    private static ulong Encrypt(ulong x, int half, ulong mask, ulong seed)
    {
        var left = x >> half;
        var right = x & mask;
        for (var r = 0; r < Rounds; r++)
        {
            var f = Mix(right ^ (seed + (ulong)r * 0x9E3779B97F4A7C15UL)) & mask;
            (left, right) = (right, left ^ f);
        }

        return (left << half) | right;
    }

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
