namespace QuoteBot.Extraction;

/// <summary>
/// A growable list of structs for the extractor's own value types (tokens, mentions, lines). It does what
/// <see cref="List{T}"/> does for them, but as a generic type of this assembly: a published (ReadyToRun) quotebot
/// carries its code precompiled, where <c>List&lt;Token&gt;</c> and the like have to be compiled by the JIT at start
/// (a framework generic over a type of another assembly). See docs/extraction.md, Speed.
/// </summary>
internal sealed class ValueList<T>
    where T : struct
{
    private T[] _items;
    private int _count;

    public ValueList(int capacity = 4) => _items = new T[Math.Max(capacity, 1)];

    public int Count => _count;

    /// <summary>How many items fit before the list grows.</summary>
    public int Capacity => _items.Length;

    public T this[int index]
    {
        get
        {
            if ((uint)index >= (uint)_count)
            {
                throw new ArgumentOutOfRangeException(nameof(index));
            }

            return _items[index];
        }
    }

    public void Add(T item)
    {
        if (_count == _items.Length)
        {
            Grow();
        }

        _items[_count++] = item;
    }

    /// <summary>Inserts <paramref name="item"/> before position <paramref name="index"/> (0..Count).</summary>
    public void Insert(int index, T item)
    {
        if ((uint)index > (uint)_count)
        {
            throw new ArgumentOutOfRangeException(nameof(index));
        }

        if (_count == _items.Length)
        {
            Grow();
        }

        Array.Copy(_items, index, _items, index + 1, _count - index);
        _items[index] = item;
        _count++;
    }

    /// <summary>Empties the list; the slots used are cleared too, so that a kept list holds no references.</summary>
    public void Clear()
    {
        Array.Clear(_items, 0, _count);
        _count = 0;
    }

    /// <summary>The items as an array of exactly <see cref="Count"/> elements.</summary>
    public T[] ToArray()
    {
        // new T[] and the non-generic Array.Copy rather than Span<T>.ToArray or Array.Resize<T>: generic framework
        // methods over this assembly's structs would again need the JIT.
        var copy = new T[_count];
        Array.Copy(_items, copy, _count);
        return copy;
    }

    /// <summary>Copies the items to the start of <paramref name="destination"/>, which must hold at least <see cref="Count"/>.</summary>
    public void CopyTo(T[] destination) => Array.Copy(_items, destination, _count);

    private void Grow()
    {
        var bigger = new T[_items.Length * 2];
        Array.Copy(_items, bigger, _count);
        _items = bigger;
    }

    /// <summary>Sorts in place with the same algorithm as <see cref="List{T}.Sort(Comparison{T})"/> (so equal items end
    /// up in the same order as they would there).</summary>
    public void Sort(Comparison<T> comparison) => _items.AsSpan(0, _count).Sort(comparison);
}
