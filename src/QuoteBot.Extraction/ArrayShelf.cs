namespace QuoteBot.Extraction;

/// <summary>
/// Exact-length arrays of a struct type, lent one by one while an article is read and all taken back when it is done
/// (<see cref="TakeBackAll"/>), so that the next article on the thread fills the same arrays instead of allocating its
/// own. The extractor keeps each paragraph's tokens in an array of exactly their count (the rules read
/// <c>Length</c>), a third of what a quote-dense article allocated. Lengths up to <see cref="MaxLength"/> are kept,
/// and at most <see cref="MaxKeptItems"/> items in all; anything beyond is a plain new array that is not kept.
/// Taken-back arrays still hold the last article's values until they are overwritten, so the element type must hold no
/// references (tokens are numbers) and every lent array is filled completely by <see cref="Copy(ValueList{T})"/>.
/// </summary>
internal sealed class ArrayShelf<T>
    where T : struct
{
    private readonly T[]?[]?[] _byLength;
    private readonly int[] _lent;
    private readonly long _maxKept;
    private long _kept;
    private int _highest;

    /// <param name="maxLength">The longest array kept for reuse.</param>
    /// <param name="maxKeptItems">At most this many items in all the kept arrays together.</param>
    public ArrayShelf(int maxLength, long maxKeptItems)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxLength);
        ArgumentOutOfRangeException.ThrowIfNegative(maxKeptItems);
        _byLength = new T[]?[]?[maxLength + 1];
        _lent = new int[maxLength + 1];
        _maxKept = maxKeptItems;
    }

    public int MaxLength => _lent.Length - 1;

    public long MaxKeptItems => _maxKept;

    /// <summary>Items in the arrays the shelf keeps (lent or not).</summary>
    public long KeptItems => _kept;

    /// <summary>An array of exactly <paramref name="items"/>.Count elements holding the items in order.</summary>
    public T[] Copy(ValueList<T> items)
    {
        var a = Lend(items.Count);
        items.CopyTo(a);
        return a;
    }

    /// <summary>Takes back every array lent since the last call; they are lent again, in the same order, by length.</summary>
    public void TakeBackAll()
    {
        Array.Clear(_lent, 0, _highest + 1);
        _highest = 0;
    }

    // An array of exactly n elements that no one else holds until TakeBackAll; its contents are the caller's to fill.
    private T[] Lend(int n)
    {
        if (n >= _byLength.Length)
        {
            return new T[n];
        }

        var shelf = _byLength[n];
        var i = _lent[n];
        if (shelf is not null && i < shelf.Length && shelf[i] is { } kept)
        {
            _lent[n] = i + 1;
            _highest = Math.Max(_highest, n);
            return kept;
        }

        var a = new T[n];
        if (_kept + n > _maxKept)
        {
            return a; // over the bound: used once, not kept
        }

        if (shelf is null || i == shelf.Length)
        {
            var bigger = new T[]?[Math.Max(4, i * 2)];
            if (shelf is not null)
            {
                Array.Copy(shelf, bigger, shelf.Length);
            }

            _byLength[n] = shelf = bigger;
        }

        shelf[i] = a;
        _kept += n;
        _lent[n] = i + 1;
        _highest = Math.Max(_highest, n);
        return a;
    }
}
