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

    /// <summary>A quote's positions in a term's list: their count, then each as the gap from the one before.</summary>
    public static void WritePositions(ByteBuffer into, ReadOnlySpan<int> positions)
    {
        Write(into, positions.Length);
        var last = 0;
        foreach (var p in positions)
        {
            Write(into, p - last);
            last = p;
        }
    }

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
