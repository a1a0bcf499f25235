namespace QuoteBot.Extraction;

/// <summary>
/// The article's parsed name runs by key (a run's packed start and end, already spread by a multiplication): what a
/// <c>Dictionary&lt;long, NameInfo?&gt;</c> did for the name parser, with one probe into one array of key and result
/// per ask instead of a bucket and an entry, and emptied in time proportional to what was added rather than to its capacity (a table grown by a
/// 3 MB article is emptied after every short article that follows). Keys are placed by their top bits, so they must
/// be well mixed; a null parse result is kept like any other.
/// </summary>
internal sealed class NameParseCache
{
    private const int MinBits = 6;

    private Slot[] _slots = new Slot[1 << MinBits];

    // The slots in use, in the order they were filled: emptying visits only these.
    private int[] _used = new int[1 << (MinBits - 1)];
    private int _bits = MinBits;
    private int _count;

    // Key 0 marks an empty slot, so the key 0 itself is kept aside.
    private bool _hasZero;
    private NameInfo? _zeroInfo;

    /// <summary>The number of keys held.</summary>
    public int Count => _count + (_hasZero ? 1 : 0);

    /// <summary>The parse result kept for <paramref name="key"/>, if any (which may be null).</summary>
    public bool TryGetValue(long key, out NameInfo? info)
    {
        if (key == 0)
        {
            info = _zeroInfo;
            return _hasZero;
        }

        var slots = _slots;
        var mask = slots.Length - 1;
        for (var i = Home(key); ; i = (i + 1) & mask)
        {
            ref var slot = ref slots[i];
            if (slot.Key == key)
            {
                info = slot.Info;
                return true;
            }

            if (slot.Key == 0)
            {
                info = null;
                return false;
            }
        }
    }

    /// <summary>Keeps <paramref name="value"/> for <paramref name="key"/>, replacing what was kept for it.</summary>
    public NameInfo? this[long key]
    {
        set
        {
            if (key == 0)
            {
                _hasZero = true;
                _zeroInfo = value;
                return;
            }

            var slots = _slots;
            var mask = slots.Length - 1;
            var i = Home(key);
            while (slots[i].Key != 0 && slots[i].Key != key)
            {
                i = (i + 1) & mask;
            }

            if (slots[i].Key == key)
            {
                slots[i].Info = value;
                return;
            }

            slots[i] = new Slot { Key = key, Info = value };
            _used[_count++] = i;
            if (_count == _used.Length)
            {
                Grow();
            }
        }
    }

    /// <summary>Empties the cache (keeping its capacity) and drops its references to the parse results.</summary>
    public void Clear()
    {
        for (var n = 0; n < _count; n++)
        {
            _slots[_used[n]] = default;
        }

        _count = 0;
        _hasZero = false;
        _zeroInfo = null;
    }

    private int Home(long key) => (int)((ulong)key >> (64 - _bits));

    // Twice the slots once half are in use; the keys go to their places in the bigger table in the order they came.
    private void Grow()
    {
        var old = _slots;
        var oldUsed = _used;
        _bits++;
        _slots = new Slot[1 << _bits];
        _used = new int[1 << (_bits - 1)];
        var mask = _slots.Length - 1;
        var count = _count;
        for (var n = 0; n < count; n++)
        {
            var moved = old[oldUsed[n]];
            var i = Home(moved.Key);
            while (_slots[i].Key != 0)
            {
                i = (i + 1) & mask;
            }

            _slots[i] = moved;
            _used[n] = i;
        }
    }

    private struct Slot
    {
        public long Key;
        public NameInfo? Info;
    }
}
