namespace QuoteBot.Extraction;

// Two open-addressing tables for the article-wide look-ups by text position that every name run and every short name
// goes through (session 21). On a quote-dense article each holds tens of thousands of entries, and a Dictionary
// scatters them by hash, so nearly every look-up missed the cache (bucket, then entry). Here the slot is the text
// position itself divided by sixteen (modulo the table size), so the look-ups of one paragraph fall on a few
// neighbouring cache lines; the key and value share a slot; linear probing; at most half full. Text dense with keys
// (a long run of capitalised words) could fill a stretch of slots and make probe runs long, so a key looks at most
// MaxProbe slots: one that finds them all taken goes to a Dictionary beside the table (the table is rebuilt with it
// when it grows, and nothing is ever removed, so a key with a free slot in its window was never sent there). Neither
// table is enumerated, so the order of entries cannot change any result.

/// <summary>Parsed name runs (<see cref="NameInfo"/> or null for "not a name") by their start and end offsets.</summary>
internal sealed class NameRunCache
{
    private const int InitialSlots = 64;

    // Slots a key may take, from its own on.
    internal const int MaxProbe = 16;

    // The key's complement (0 marks an empty slot; a key's start is never negative) and the value.
    private (long NotKey, NameInfo? Info)[] _slots = new (long, NameInfo?)[InitialSlots];
    private int _count;

    // Keys whose MaxProbe slots were all taken when they were stored.
    private Dictionary<long, NameInfo?>? _overflow;

    /// <summary>How many keys are stored.</summary>
    public int Count => _count + (_overflow?.Count ?? 0);

    /// <summary>The stored value of <paramref name="key"/>: a run's start offset in the high half, its end in the low half.</summary>
    public bool TryGetValue(long key, out NameInfo? info)
    {
        var slots = _slots;
        var mask = slots.Length - 1;
        var i = Slot(key, mask);
        for (var n = 0; n < MaxProbe; n++)
        {
            ref var s = ref slots[i];
            if (s.NotKey == ~key)
            {
                info = s.Info;
                return true;
            }

            if (s.NotKey == 0)
            {
                info = null;
                return false;
            }

            i = (i + 1) & mask;
        }

        info = null;
        return _overflow is not null && _overflow.TryGetValue(key, out info);
    }

    /// <summary>Stores a value for <paramref name="key"/> (replacing an earlier one).</summary>
    public NameInfo? this[long key]
    {
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(key);
            switch (Place(_slots, key, value))
            {
                case Placed.New:
                    _count++;
                    if (_count * 2 > _slots.Length)
                    {
                        Resize(_slots.Length * 2);
                    }

                    break;
                case Placed.Full:
                    (_overflow ??= [])[key] = value;
                    break;
            }
        }
    }

    /// <summary>Forgets every key; a table far larger than its last use is made small again.</summary>
    public void Clear()
    {
        _overflow?.Clear();
        if (_count == 0)
        {
            return;
        }

        if (_slots.Length > InitialSlots && _count * 8 < _slots.Length)
        {
            _slots = new (long, NameInfo?)[InitialSlots];
        }
        else
        {
            Array.Clear(_slots);
        }

        _count = 0;
    }

    // Runs that start near each other get slots near each other (one per sixteen characters of start, then one per
    // four characters of length, so runs from one start with other ends spread over the next slots).
    private static int Slot(long key, int mask) => (int)(((uint)(key >> 32) >> 4) + ((uint)((int)key - (int)(key >> 32)) >> 2)) & mask;

    // Puts the pair in the first free or matching slot of its window.
    private static Placed Place((long NotKey, NameInfo? Info)[] slots, long key, NameInfo? info)
    {
        var mask = slots.Length - 1;
        var i = Slot(key, mask);
        for (var n = 0; n < MaxProbe; n++)
        {
            ref var s = ref slots[i];
            if (s.NotKey == ~key)
            {
                s.Info = info;
                return Placed.Replaced;
            }

            if (s.NotKey == 0)
            {
                s = (~key, info);
                return Placed.New;
            }

            i = (i + 1) & mask;
        }

        return Placed.Full;
    }

    private void Resize(int size)
    {
        var slots = new (long, NameInfo?)[size];
        var count = 0;
        Dictionary<long, NameInfo?>? overflow = null;
        foreach (var (notKey, info) in _slots)
        {
            if (notKey != 0)
            {
                Keep(~notKey, info);
            }
        }

        if (_overflow is not null)
        {
            foreach (var (key, info) in _overflow)
            {
                Keep(key, info);
            }
        }

        _slots = slots;
        _count = count;
        _overflow = overflow;

        void Keep(long key, NameInfo? info)
        {
            if (Place(slots, key, info) == Placed.New)
            {
                count++;
            }
            else
            {
                (overflow ??= [])[key] = info;
            }
        }
    }
}

/// <summary>A map from non-negative text positions to numbers.</summary>
internal sealed class PositionMap
{
    private const int InitialSlots = 64;

    // Key + 1 (0 marks an empty slot) and the value.
    private (int KeyPlusOne, int Value)[] _slots = new (int, int)[InitialSlots];
    private int _count;

    // Positions whose NameRunCache.MaxProbe slots were all taken when they were stored.
    private Dictionary<int, int>? _overflow;

    /// <summary>How many positions are stored.</summary>
    public int Count => _count + (_overflow?.Count ?? 0);

    /// <summary>The value stored for <paramref name="position"/>.</summary>
    public bool TryGetValue(int position, out int value)
    {
        var k = position + 1;
        var slots = _slots;
        var mask = slots.Length - 1;
        var i = Slot(k, mask);
        for (var n = 0; n < NameRunCache.MaxProbe; n++)
        {
            ref var s = ref slots[i];
            if (s.KeyPlusOne == k)
            {
                value = s.Value;
                return true;
            }

            if (s.KeyPlusOne == 0)
            {
                value = 0;
                return false;
            }

            i = (i + 1) & mask;
        }

        value = 0;
        return _overflow is not null && _overflow.TryGetValue(position, out value);
    }

    /// <summary>Stores a value for <paramref name="position"/> (replacing an earlier one).</summary>
    public int this[int position]
    {
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(position);
            switch (Place(_slots, position + 1, value))
            {
                case Placed.New:
                    _count++;
                    if (_count * 2 > _slots.Length)
                    {
                        Resize(_slots.Length * 2);
                    }

                    break;
                case Placed.Full:
                    (_overflow ??= [])[position] = value;
                    break;
            }
        }
    }

    /// <summary>Forgets every position; a table far larger than its last use is made small again.</summary>
    public void Clear()
    {
        _overflow?.Clear();
        if (_count == 0)
        {
            return;
        }

        if (_slots.Length > InitialSlots && _count * 8 < _slots.Length)
        {
            _slots = new (int, int)[InitialSlots];
        }
        else
        {
            Array.Clear(_slots);
        }

        _count = 0;
    }

    // One slot per sixteen characters of text.
    private static int Slot(int keyPlusOne, int mask) => (int)((uint)keyPlusOne >> 4) & mask;

    private static Placed Place((int KeyPlusOne, int Value)[] slots, int keyPlusOne, int value)
    {
        var mask = slots.Length - 1;
        var i = Slot(keyPlusOne, mask);
        for (var n = 0; n < NameRunCache.MaxProbe; n++)
        {
            ref var s = ref slots[i];
            if (s.KeyPlusOne == keyPlusOne)
            {
                s.Value = value;
                return Placed.Replaced;
            }

            if (s.KeyPlusOne == 0)
            {
                s = (keyPlusOne, value);
                return Placed.New;
            }

            i = (i + 1) & mask;
        }

        return Placed.Full;
    }

    private void Resize(int size)
    {
        var slots = new (int, int)[size];
        var count = 0;
        Dictionary<int, int>? overflow = null;
        foreach (var (k, v) in _slots)
        {
            if (k != 0)
            {
                Keep(k - 1, v);
            }
        }

        if (_overflow is not null)
        {
            foreach (var (position, v) in _overflow)
            {
                Keep(position, v);
            }
        }

        _slots = slots;
        _count = count;
        _overflow = overflow;

        void Keep(int position, int value)
        {
            if (Place(slots, position + 1, value) == Placed.New)
            {
                count++;
            }
            else
            {
                (overflow ??= [])[position] = value;
            }
        }
    }
}

/// <summary>What storing a key in its window did.</summary>
internal enum Placed
{
    New,
    Replaced,
    Full,
}
