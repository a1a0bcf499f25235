using System.Runtime.CompilerServices;

namespace QuoteBot.Storage.Sqlite.Postings;

/// <summary>
/// Stored chunks (postings or positions rows) of long lists kept between searches, so a common word that many queries
/// read is not fetched from SQLite row by row every time (a phrase with a common word reads hundreds of its rows).
/// The bytes sit in one ring of fixed size, filled in order and overwritten oldest first: no allocation per chunk, and
/// memory bounded by the ring. A segment's rows never change, so a kept chunk stays right; the index clears the cache
/// when a segment it holds goes away and when a write is rolled back (the next segment then takes the same id).
/// </summary>
internal sealed class ChunkCache(int capacity)
{
    private readonly Dictionary<long, (long At, int Length)> _entries = [];
    private byte[] _ring = [];
    private long _head;

    /// <summary>Ring size in bytes (allocated at the first put).</summary>
    public int Capacity => capacity;

    /// <summary>Lookups answered from the ring and puts, since the cache was made (for reports and tests).</summary>
    public long Hits { get; private set; }

    public long Puts { get; private set; }

    /// <summary>The key of a term's chunk: <see cref="PostingsIndex.ChunkKey"/>, the top bit set for positions.</summary>
    public static long Key(long chunkKey, bool positions) => positions ? chunkKey | long.MinValue : chunkKey;

    /// <summary>Copies the kept bytes of <paramref name="key"/> into <paramref name="buffer"/> (grown when short); false when not kept.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool TryCopy(long key, ref byte[] buffer, out int length)
    {
        length = 0;
        if (!_entries.TryGetValue(key, out var e))
        {
            return false;
        }

        if (_head - e.At > capacity)
        {
            _entries.Remove(key); // overwritten since
            return false;
        }

        if (buffer.Length < e.Length)
        {
            buffer = new byte[Math.Max(e.Length, buffer.Length * 2)];
        }

        _ring.AsSpan((int)(e.At % capacity), e.Length).CopyTo(buffer);
        length = e.Length;
        Hits++;
        return true;
    }

    /// <summary>Keeps <paramref name="data"/> under <paramref name="key"/> (a row larger than a quarter of the ring is not kept).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Put(long key, ReadOnlySpan<byte> data)
    {
        if (data.Length > capacity / 4)
        {
            _entries.Remove(key);
            return;
        }

        if (_ring.Length == 0)
        {
            _ring = new byte[capacity];
        }

        var offset = (int)(_head % capacity);
        if (offset + data.Length > capacity)
        {
            // No room before the ring's end: start the next lap (the rest of this one counts as written over).
            _head += capacity - offset;
            offset = 0;
            Sweep();
        }

        data.CopyTo(_ring.AsSpan(offset));
        _entries[key] = (_head, data.Length);
        _head += data.Length;
        Puts++;
    }

    /// <summary>Forgets everything kept.</summary>
    public void Clear()
    {
        _entries.Clear();
        _head = 0;
    }

    /// <summary>Drops the entries written over already (keeps the dictionary at about two rings' worth).</summary>
    private void Sweep()
    {
        foreach (var (key, e) in _entries)
        {
            if (_head - e.At > capacity)
            {
                _entries.Remove(key);
            }
        }
    }
}
