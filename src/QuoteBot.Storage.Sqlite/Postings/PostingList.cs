namespace QuoteBot.Storage.Sqlite.Postings;

/// <summary>
/// One term's postings in memory, in increasing segment ordinal: the ordinal, the weighted frequency and (for real
/// tokens) the encoded positions of each posting (<see cref="Varint.WritePositions"/>: a varint count, then a varint per position of <c>column &lt;&lt; 24 | index</c>).
/// </summary>
internal sealed class PostingList(bool positions)
{
    private readonly List<int> _ords = [];
    private readonly List<int> _wtf = [];
    private readonly List<int> _posEnd = [];

    public bool HasPositions { get; private set; } = positions;

    /// <summary>Every posting's encoded positions, one after the other.</summary>
    public ByteBuffer Positions { get; } = new(positions ? 64 : 1);

    public int Count => _ords.Count;

    public int Ord(int i) => _ords[i];

    public int Wtf(int i) => _wtf[i];

    public ReadOnlySpan<byte> PositionsOf(int i) =>
        HasPositions ? Positions.Span[(i == 0 ? 0 : _posEnd[i - 1]).._posEnd[i]] : [];

    /// <summary>Empties the list (keeping its memory) for another term's postings.</summary>
    public void Reset(bool positions)
    {
        HasPositions = positions;
        _ords.Clear();
        _wtf.Clear();
        _posEnd.Clear();
        Positions.Clear();
    }

    /// <summary>Appends a posting whose positions are given decoded (increasing).</summary>
    public void Add(int ord, int wtf, ArraySegment<int>? positionList)
    {
        _ords.Add(ord);
        _wtf.Add(wtf);
        if (HasPositions)
        {
            Varint.WritePositions(Positions, positionList ?? throw new ArgumentException("This term's postings carry positions.", nameof(positionList)));

            _posEnd.Add(Positions.Count);
        }
    }

    /// <summary>Appends a posting whose positions are already encoded.</summary>
    public void AddEncoded(int ord, int wtf, ReadOnlySpan<byte> encoded)
    {
        _ords.Add(ord);
        _wtf.Add(wtf);
        if (HasPositions)
        {
            Positions.AddRange(encoded);
            _posEnd.Add(Positions.Count);
        }
    }

    /// <summary>A copy with the postings in increasing ordinal (ordinals are unique).</summary>
    public PostingList Sorted()
    {
        var order = Enumerable.Range(0, Count).ToArray();
        var keys = _ords.ToArray();
        Array.Sort(keys, order);
        var sorted = new PostingList(HasPositions);
        foreach (var i in order)
        {
            sorted.AddEncoded(_ords[i], _wtf[i], PositionsOf(i));
        }

        return sorted;
    }

    /// <summary>Whether the ordinals already increase.</summary>
    public bool IsSorted()
    {
        for (var i = 1; i < _ords.Count; i++)
        {
            if (_ords[i] <= _ords[i - 1])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Pseudo-terms (speakers <c>\u0001</c>, pairs <c>\u0002</c>) carry no positions; tokens do.</summary>
    public static bool TermHasPositions(string term) => term.Length == 0 || term[0] > '\u0002';

    /// <summary>One posting's positions encoded (<see cref="Varint.WritePositions"/>).</summary>
    public static byte[] EncodePositions(ReadOnlySpan<int> positions)
    {
        var b = new ByteBuffer(positions.Length * 2 + 1);
        Varint.WritePositions(b, positions);
        return b.ToArray();
    }

    /// <summary>Decodes one posting's positions from its encoded form.</summary>
    public static void DecodePositions(ReadOnlySpan<byte> data, List<int> into)
    {
        into.Clear();
        var at = 0;
        var n = Varint.Read(data, ref at);
        var p = 0;
        for (var k = 0; k < n; k++)
        {
            p = Varint.ReadPosition(data, ref at, p);
            into.Add(p);
        }
    }
}
