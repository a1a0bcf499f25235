using System.Runtime.CompilerServices;
namespace QuoteBot.Storage.Sqlite.Postings;

/// <summary>Unsigned LEB128 varints.</summary>
internal static class Varint
{
    public static int Read(ReadOnlySpan<byte> data, ref int at)
    {
        int b = data[at++];
        if (b < 0x80)
        {
            return b;
        }

        var v = b & 0x7F;
        var shift = 7;
        do
        {
            b = data[at++];
            v |= (b & 0x7F) << shift;
            shift += 7;
        }
        while (b >= 0x80);
        return v;
    }

    public static void Write(ByteBuffer into, int value)
    {
        var v = (uint)value;
        if (v < 0x80)
        {
            into.Add((byte)v); // (most: ordinal gaps, frequencies)
            return;
        }

        while (v >= 0x80)
        {
            into.Add((byte)(v | 0x80));
            v >>= 7;
        }

        into.Add((byte)v);
    }

    /// <summary>
    /// The weighted frequency of one hit in a quote's text, three postings in four: <see cref="WritePosting"/> folds
    /// it into the ordinal gap's varint.
    /// </summary>
    public const int CommonWtf = 10;

    /// <summary>
    /// One posting of a block (migration 17): its ordinal gap and weighted frequency as <c>gap &lt;&lt; 1 | 1</c> when
    /// the frequency is <see cref="CommonWtf"/>, else <c>gap &lt;&lt; 1</c> and then the frequency (a byte less for most
    /// postings than the two varints before; docs/benchmarks.md, "Session 17: size on disk").
    /// </summary>
    public static void WritePosting(ByteBuffer into, int gap, int wtf)
    {
        if (wtf == CommonWtf)
        {
            Write(into, (int)(((uint)gap << 1) | 1));
        }
        else
        {
            Write(into, (int)((uint)gap << 1));
            Write(into, wtf);
        }
    }

    /// <summary>Reads what <see cref="WritePosting"/> wrote: the ordinal gap, and the frequency in <paramref name="wtf"/>.</summary>
    /// <remarks>Inlined where postings are decoded, with the one-byte varints (most gaps and frequencies) read in place.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int ReadPosting(ReadOnlySpan<byte> data, ref int at, out int wtf)
    {
        uint v = data[at];
        if (v < 0x80)
        {
            at++;
        }
        else
        {
            v = (uint)Read(data, ref at);
        }

        if ((v & 1) != 0)
        {
            wtf = CommonWtf;
        }
        else
        {
            int f = data[at];
            if (f < 0x80)
            {
                at++;
                wtf = f;
            }
            else
            {
                wtf = Read(data, ref at);
            }
        }

        return (int)(v >> 1);
    }

    /// <summary>
    /// A quote's positions in a term's list (<c>column &lt;&lt; 24 | index</c>, increasing): their count, then one varint
    /// each (migration 17): within the column of the position before (the text's, 0, for the first) the gap shifted
    /// left by one; in another column <c>(index &lt;&lt; 3 | column) &lt;&lt; 1 | 1</c>, one byte for a title's or a
    /// speaker's first words where the plain gap took four. Still a count and that many varints, which is all a reader
    /// that skips positions relies on (<see cref="SkipPositions"/>, the cursors).
    /// </summary>
    public static void WritePositions(ByteBuffer into, ReadOnlySpan<int> positions)
    {
        Write(into, positions.Length);
        var last = 0;
        foreach (var p in positions)
        {
            Write(into, (p >> Analysis.ColumnShift) == (last >> Analysis.ColumnShift)
                ? (p - last) << 1
                : ((((p & IndexMask) << 3) | (p >> Analysis.ColumnShift)) << 1) | 1);
            last = p;
        }
    }

    /// <summary>Reads one position after <paramref name="last"/> (0 before the first), as <see cref="WritePositions"/> wrote it.</summary>
    public static int ReadPosition(ReadOnlySpan<byte> data, ref int at, int last)
    {
        var v = Read(data, ref at);
        return (v & 1) == 0 ? last + (v >> 1) : (((v >> 1) & 7) << Analysis.ColumnShift) | (v >> 4);
    }

    private const int IndexMask = (1 << Analysis.ColumnShift) - 1;

    /// <summary>Steps over what <see cref="WritePositions"/> wrote.</summary>
    public static void SkipPositions(ReadOnlySpan<byte> data, ref int at)
    {
        for (var k = Read(data, ref at); k > 0; k--)
        {
            Read(data, ref at);
        }
    }
}

/// <summary>A growable byte array (List&lt;byte&gt; without the per-item overhead of its API).</summary>
internal sealed class ByteBuffer(int capacity = 16)
{
    private byte[] _data = new byte[Math.Max(1, capacity)];

    public int Count { get; private set; }

    public int Capacity => _data.Length;

    public ReadOnlySpan<byte> Span => _data.AsSpan(0, Count);

    public void Add(byte b)
    {
        if (Count == _data.Length)
        {
            Array.Resize(ref _data, _data.Length * 2);
        }

        _data[Count++] = b;
    }

    public void AddRange(ReadOnlySpan<byte> bytes)
    {
        if (Count + bytes.Length > _data.Length)
        {
            Array.Resize(ref _data, Math.Max(_data.Length * 2, Count + bytes.Length));
        }

        bytes.CopyTo(_data.AsSpan(Count));
        Count += bytes.Length;
    }

    public void AddFloat(float f)
    {
        Span<byte> b = stackalloc byte[4];
        BitConverter.TryWriteBytes(b, f);
        AddRange(b);
    }

    public void Clear() => Count = 0;

    /// <summary>Drops the buffer's memory (after a flush).</summary>
    public void Release(int capacity = 16)
    {
        _data = new byte[capacity];
        Count = 0;
    }

    public byte[] ToArray() => Span.ToArray();
}
