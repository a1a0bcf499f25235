namespace QuoteBot.Bench.Postings;

/// <summary>A doc-id iterator in increasing id order; <see cref="Doc"/> is <see cref="End"/> once exhausted.</summary>
internal abstract class DocCursor
{
    public const int End = int.MaxValue;

    public int Doc { get; protected set; } = -1;

    /// <summary>Moves to the first doc at or after <paramref name="target"/> (never backwards).</summary>
    public abstract int Advance(int target);

    public int Next() => Advance(Doc + 1);
}

/// <summary>A sorted doc list held in memory (the union of several speakers' quotes).</summary>
internal sealed class ArrayCursor(int[] docs) : DocCursor
{
    private int _at = -1;

    public override int Advance(int target)
    {
        if (Doc >= target)
        {
            return Doc;
        }

        var i = Math.Max(0, _at);
        while (i < docs.Length && docs[i] < target)
        {
            i++;
        }

        _at = i;
        return Doc = i < docs.Length ? docs[i] : End;
    }
}

/// <summary>
/// A term's postings in a segment: skips whole blocks by their last doc without decoding them, decodes a block's doc
/// ids and weighted frequencies only when a doc in it is wanted, and reads positions (a separate stored stream) only
/// when asked for. <see cref="ShallowMax"/> gives a block's stored maximum without moving the cursor.
/// </summary>
internal sealed class PostingCursor : DocCursor
{
    private readonly Segment _segment;
    private readonly int[] _docs;
    private readonly int[] _wtf;
    private byte[] _chunkData = new byte[4096];
    private byte[] _posData = new byte[4096];
    private int _chunk = -1;
    private int _posChunk = -1;
    private int _block = -1;
    private int _count;
    private int _index;
    private int _shallow;
    private int _posIndex;
    private int _posAt;

    public PostingCursor(Segment segment, TermInfo term)
    {
        _segment = segment;
        Term = term;
        _docs = new int[segment.BlockSize];
        _wtf = new int[segment.BlockSize];
    }

    public TermInfo Term { get; }

    /// <summary>Blocks decoded so far (for the report).</summary>
    public int BlocksDecoded { get; private set; }

    public int Wtf => _wtf[_index];

    public override int Advance(int target)
    {
        if (Doc >= target)
        {
            return Doc;
        }

        if (_block < 0 || target > Term.LastDoc[_block])
        {
            var b = FindBlock(Math.Max(_block + 1, 0), target);
            if (b < 0)
            {
                return Doc = End;
            }

            Decode(b);
        }

        while (_docs[_index] < target)
        {
            _index++;
        }

        return Doc = _docs[_index];
    }

    /// <summary>The stored maximum tf part of the block holding <paramref name="target"/> and that block's last doc; 0 and <see cref="DocCursor.End"/> past the end.</summary>
    public float ShallowMax(int target, out int blockLast)
    {
        if (_shallow < 0 || _shallow >= Term.Blocks || Term.LastDoc[_shallow] < target)
        {
            _shallow = FindBlock(Math.Max(_shallow, 0), target);
        }

        if (_shallow < 0)
        {
            _shallow = Term.Blocks;
            blockLast = End;
            return 0;
        }

        blockLast = Term.LastDoc[_shallow];
        return Term.Max[_shallow];
    }

    /// <summary>Decodes block <paramref name="b"/> and stands on its first doc (for block-at-a-time scoring).</summary>
    public int StartBlock(int b)
    {
        Decode(b);
        return Doc = _docs[0];
    }

    /// <summary>Docs in the current block.</summary>
    public int BlockCount => _count;

    /// <summary>Doc and weighted frequency of the <paramref name="i"/>-th posting of the current block.</summary>
    public (int Doc, int Wtf) At(int i) => (_docs[i], _wtf[i]);

    private int FindBlock(int from, int target)
    {
        var last = Term.LastDoc;
        if (from >= last.Length || last[^1] < target)
        {
            return -1;
        }

        // Gallop, then binary search: cursors mostly move a little at a time.
        var step = 1;
        var lo = from;
        var hi = from;
        while (hi < last.Length && last[hi] < target)
        {
            lo = hi + 1;
            hi += step;
            step <<= 1;
        }

        hi = Math.Min(hi, last.Length - 1);
        while (lo < hi)
        {
            var mid = (lo + hi) >> 1;
            if (last[mid] < target)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    private void Decode(int b)
    {
        var chunk = b / _segment.ChunkBlocks;
        if (chunk != _chunk)
        {
            _segment.ReadChunk(Term.Id, chunk, positions: false, ref _chunkData);
            _chunk = chunk;
        }

        _count = b == Term.Blocks - 1 ? Term.Df - b * _segment.BlockSize : _segment.BlockSize;
        var at = Term.DocOffset[b];
        var doc = b == 0 ? 0 : Term.LastDoc[b - 1];
        ReadOnlySpan<byte> data = _chunkData;
        for (var i = 0; i < _count; i++)
        {
            doc += Varint.Read(data, ref at);
            _docs[i] = doc;
            _wtf[i] = Varint.Read(data, ref at);
        }

        _block = b;
        _index = 0;
        _posIndex = -1;
        BlocksDecoded++;
    }

    /// <summary>Positions of the current posting (column &lt;&lt; 24 | index), in increasing order.</summary>
    public void Positions(List<int> into) => PositionsAt(_index, into);

    /// <summary>Positions of the <paramref name="i"/>-th posting of the current block.</summary>
    public void PositionsAt(int i, List<int> into)
    {
        into.Clear();
        var chunk = _block / _segment.ChunkBlocks;
        if (chunk != _posChunk)
        {
            _segment.ReadChunk(Term.Id, chunk, positions: true, ref _posData);
            _posChunk = chunk;
        }

        ReadOnlySpan<byte> data = _posData;
        if (_posIndex < 0 || _posIndex > i)
        {
            _posIndex = 0;
            _posAt = Term.PosOffset[_block];
        }

        while (_posIndex < i)
        {
            var skip = Varint.Read(data, ref _posAt);
            for (var k = 0; k < skip; k++)
            {
                Varint.Read(data, ref _posAt);
            }

            _posIndex++;
        }

        var at = _posAt;
        var n = Varint.Read(data, ref at);
        var p = 0;
        for (var k = 0; k < n; k++)
        {
            p += Varint.Read(data, ref at);
            into.Add(p);
        }
    }
}
