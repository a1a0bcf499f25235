using System.Collections;

namespace QuoteBot.Extraction;

/// <summary>
/// The paragraphs of an article as the loaders build them: a growable list of <see cref="TextSpan"/>. It does what
/// <c>List&lt;TextSpan&gt;</c> did, but as a type of this assembly its code is precompiled in a ReadyToRun quotebot,
/// where the framework's list over this assembly's struct was compiled by the JIT in every run (docs/extraction.md,
/// Speed).
/// </summary>
internal sealed class TextSpanList(int capacity = 8) : IReadOnlyList<TextSpan>
{
    private TextSpan[] _items = new TextSpan[Math.Max(capacity, 1)];
    private int _count;

    public int Count => _count;

    public TextSpan this[int index] => (uint)index < (uint)_count ? _items[index] : throw new ArgumentOutOfRangeException(nameof(index));

    public void Add(TextSpan span)
    {
        if (_count == _items.Length)
        {
            var bigger = new TextSpan[_items.Length * 2];
            Array.Copy(_items, bigger, _count);
            _items = bigger;
        }

        _items[_count++] = span;
    }

    public IEnumerator<TextSpan> GetEnumerator()
    {
        for (var i = 0; i < _count; i++)
        {
            yield return _items[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
