using System.Runtime.CompilerServices;

namespace QuoteBot.Storage.Sqlite.Postings;

/// <summary>An ordinal iterator in increasing order; <see cref="Doc"/> is <see cref="End"/> once exhausted.</summary>
internal abstract class DocCursor
{
    public const int End = int.MaxValue;

    public int Doc { get; protected set; } = -1;

    /// <summary>Moves to the first ordinal at or after <paramref name="target"/> (never backwards).</summary>
    public abstract int Advance(int target);

    public int Next() => Advance(Doc + 1);
}

/// <summary>A sorted ordinal list held in memory (the union of several speakers' quotes).</summary>
internal sealed class ArrayCursor(int[] docs) : DocCursor
{
    private int _at;

    public int Count => docs.Length;

    public override int Advance(int target)
    {
        if (Doc >= target)
        {
            return Doc;
        }

        while (_at < docs.Length && docs[_at] < target)
        {
            _at++;
        }

        return Doc = _at < docs.Length ? docs[_at] : End;
    }
}

/// <summary>
/// A term's postings in one segment: skips whole blocks by their last ordinal without decoding them, decodes a
/// block's ordinals and weighted frequencies only when an ordinal in it is wanted, and reads positions (a separate
/// stored stream) only when asked for. <see cref="ShallowBound"/> gives a block's bound without moving the cursor.
/// </summary>
internal sealed class PostingCursor : DocCursor
{
    private readonly PostingsIndex _owner;
    private readonly int _blockSize;
    private readonly int _chunkBlocks;
    private readonly int[] _docs;
    private readonly int[] _wtf;
    private byte[] _chunkBuffer = new byte[4096];
    private byte[] _posBuffer = new byte[4096];
    private byte[] _chunkData = [];
    private byte[] _posData = [];
    private int _posBase;
    private int _chunk = -1;
    private int _posChunk = -1;
    private int _block = -1;
    private int _count;
    private int _decoded;
    private int _decodeAt;
    private int _index;
    private int _shallow;
    private int _posIndex;
    private int _posAt;
    private double[] _bounds = [];
    private double _boundsAverage = double.NaN;
    private TermInfo? _boundsTerm;

    public PostingCursor(PostingsIndex index, TermInfo term)
    {
        _owner = index;
        Term = term;
        _blockSize = index.Options.BlockSize;
        _chunkBlocks = index.Options.ChunkBlocks;
        _docs = new int[_blockSize];
        _wtf = new int[_blockSize];
    }

    public TermInfo Term { get; private set; }

    /// <summary>Starts over on another term's postings, keeping this cursor's buffers (a merge visits every term).</summary>
    public void Reset(TermInfo term)
    {
        Term = term;
        Doc = -1;
        _chunk = -1;
        _posChunk = -1;
        _block = -1;
        _count = 0;
        _decoded = 0;
        _index = 0;
        _shallow = 0;
        _posIndex = -1;
        _boundsAverage = double.NaN;
        _boundsTerm = null;
    }

    /// <summary><see cref="Reset"/> for a new search (a rented cursor): its counters start from zero too.</summary>
    public void Reuse(TermInfo term)
    {
        Reset(term);
        BlocksDecoded = 0;
        PostingsDecoded = 0;
        ChunksRead = 0;
        PositionChunksRead = 0;
        PositionBytesRead = 0;
    }

    /// <summary>Blocks started so far, and postings decoded in them (a block is decoded only as far as it is read; for reports).</summary>
    public int BlocksDecoded { get; private set; }

    public int PostingsDecoded { get; private set; }

    /// <summary>Rows of postings and of positions read so far, and the bytes of the positions rows (for reports).</summary>
    public int ChunksRead { get; private set; }

    public int PositionChunksRead { get; private set; }

    public long PositionBytesRead { get; private set; }

    public int Wtf
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => _wtf[_index];
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override int Advance(int target)
    {
        if (Doc >= target)
        {
            return Doc;
        }

        if (_block < 0 || target > Term.LastOrd[_block])
        {
            var b = FindBlock(Math.Max(_block + 1, 0), target);
            if (b < 0)
            {
                return Doc = End;
            }

            Decode(b);
        }

        return Doc = Find(target);
    }

    /// <summary>Index of the current posting in the decoded block.</summary>
    public int Index => _index;

    /// <summary>
    /// Moves to the first later posting of the current block, at or before <paramref name="last"/>, that passes a
    /// conjunction's test of the lead's own bound: not (<paramref name="rest"/> + min(<paramref name="idf"/> × tf part
    /// at the quote's length, <paramref name="cap"/>)) × slack below <paramref name="threshold"/> — the test
    /// <see cref="PostingsIndex"/>'s conjunction makes at each candidate, made here without leaving the block. Returns
    /// <see cref="DocCursor.End"/> when none does (the cursor then rests on the last posting it tested).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int NextPassing(int last, ushort[] lengths, double averageLength, double idf, double rest, double cap, double threshold)
    {
        DecodeThrough(_count - 1);
        var docs = _docs;
        var wtf = _wtf;
        for (var i = _index + 1; i < _count; i++)
        {
            var d = docs[i];
            if (d > last)
            {
                _index = i - 1;
                return End;
            }

            var own = idf * Bm25.Part(wtf[i], Bm25.Norm(lengths[d], averageLength));
            if (!((rest + Math.Min(own, cap)) * PostingsIndex.BoundSlack < threshold))
            {
                _index = i;
                return Doc = d;
            }
        }

        _index = _count - 1;
        return End;
    }

    /// <summary>The bound of the block holding <paramref name="target"/> and that block's last ordinal; 0 and <see cref="DocCursor.End"/> past the end.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public double ShallowBound(int target, double averageLength, out int blockLast)
    {
        if (_shallow >= Term.Blocks || Term.LastOrd[_shallow] < target)
        {
            var b = FindBlock(_shallow, target);
            _shallow = b < 0 ? Term.Blocks : b;
        }

        if (_shallow >= Term.Blocks)
        {
            blockLast = End;
            return 0;
        }

        blockLast = Term.LastOrd[_shallow];
        return BlockBound(_shallow, averageLength);
    }

    /// <summary>
    /// At a quote of <paramref name="length"/> tokens (<paramref name="norm"/> its length norm), the highest tf part a
    /// posting of that quote can have in the block <see cref="ShallowBound"/> found last: the frequency of the first
    /// entry of the block's front (frequencies falling, lengths falling) no longer than the quote, which is at least
    /// that of every posting of that length in the block. A block's shortest quote does not lift the bound of a long one.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public double LengthBound(int length, double norm)
    {
        if (_shallow >= Term.Blocks)
        {
            return 0; // past the list: the quote is not in it
        }

        var t = Term;
        for (var i = t.FrontStart[_shallow]; i < t.FrontStart[_shallow + 1]; i++)
        {
            if (t.FrontLength[i] <= length)
            {
                return Bm25.Part(t.FrontWtf[i], norm);
            }
        }

        return 0; // every posting of the block is shorter: the quote is not in it
    }

    /// <summary>
    /// <see cref="TermInfo.Bound"/> of block <paramref name="b"/>, computed once per block and search (a conjunction
    /// asks for the same block's bound at every candidate in it).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public double BlockBound(int b, double averageLength)
    {
        if (!(averageLength == _boundsAverage) || !ReferenceEquals(_boundsTerm, Term))
        {
            // The array is kept when the cursor is reused for another term (PostingsIndex rents cursors out per search).
            if (_bounds.Length < Term.Blocks)
            {
                _bounds = new double[Math.Max(Term.Blocks, _bounds.Length * 2)];
            }

            _bounds.AsSpan(0, Term.Blocks).Fill(double.NaN);
            _boundsAverage = averageLength;
            _boundsTerm = Term;
        }

        var v = _bounds[b];
        if (double.IsNaN(v))
        {
            _bounds[b] = v = Term.Bound(b, averageLength);
        }

        return v;
    }

    /// <summary>
    /// Moves to <paramref name="target"/>, backwards too (for checking candidates out of order): the block holding
    /// it is found by its skip entry and decoded unless it is the current one. Returns the ordinal reached: the first
    /// at or after the target in that block, or <see cref="DocCursor.End"/> past the list.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int Seek(int target)
    {
        if (_block >= 0 && target <= Term.LastOrd[_block] && (_block == 0 || target > Term.LastOrd[_block - 1]))
        {
            if (_docs[_index] > target)
            {
                _index = 0;
            }
        }
        else
        {
            var b = FindBlock(0, target);
            if (b < 0)
            {
                return Doc = End;
            }

            Decode(b);
        }

        return Doc = Find(target);
    }

    /// <summary>Decodes block <paramref name="b"/> (for block-at-a-time scoring).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void StartBlock(int b)
    {
        Decode(b);
        DecodeThrough(_count - 1);
        Doc = _docs[0];
    }

    /// <summary>Postings in the current block.</summary>
    public int BlockCount => _count;

    /// <summary>Ordinal and weighted frequency of the <paramref name="i"/>-th posting of the current block.</summary>
    public (int Doc, int Wtf) At(int i) => (_docs[i], _wtf[i]);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int FindBlock(int from, int target)
    {
        var last = Term.LastOrd;
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

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Decode(int b)
    {
        var chunk = b / _chunkBlocks;
        if (chunk != _chunk)
        {
            if (Term.Inline is { } inline)
            {
                _chunkData = inline;
            }
            else
            {
                _owner.ReadChunk(Term.Segment, Term.Id, chunk, positions: false, ref _chunkBuffer);
                ChunksRead++;

                _chunkData = _chunkBuffer;
            }

            _chunk = chunk;
        }

        _count = b == Term.Blocks - 1 ? Term.Count - b * _blockSize : _blockSize;
        _decodeAt = Term.DocOffset[b];
        _decoded = 0;
        _block = b;
        _index = 0;
        _posIndex = -1;
        BlocksDecoded++;
    }

    /// <summary>
    /// From the current posting on, the first posting of the current block at or after <paramref name="target"/>
    /// (which is at most the block's last ordinal), decoding the block only as far as that.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int Find(int target)
    {
        var docs = _docs;
        for (var i = _index; i < _decoded; i++)
        {
            if (docs[i] >= target)
            {
                _index = i;
                return docs[i];
            }
        }

        // Decode on only until a posting reaches the target, in one loop (a follower's lookup stops there).
        var at = _decodeAt;
        var k = _decoded;
        var doc = k > 0 ? docs[k - 1] : _block == 0 ? -1 : Term.LastOrd[_block - 1];
        ReadOnlySpan<byte> data = _chunkData;
        var wtf = _wtf;
        while (k < _count)
        {
            doc += Varint.ReadPosting(data, ref at, out wtf[k]);
            docs[k++] = doc;
            if (doc >= target)
            {
                break;
            }
        }

        PostingsDecoded += k - _decoded;
        _decoded = k;
        _decodeAt = at;
        _index = k - 1;
        return doc;
    }

    /// <summary>Makes sure the current block's postings up to the <paramref name="i"/>-th are decoded.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void DecodeThrough(int i)
    {
        if (i < _decoded)
        {
            return;
        }

        // Sixteen postings at least at a time: a walk reads on, a lookup mostly stops in the first part.
        var end = Math.Min(_count, Math.Max(i + 1, _decoded + 16));
        var at = _decodeAt;
        var doc = _decoded > 0 ? _docs[_decoded - 1] : _block == 0 ? -1 : Term.LastOrd[_block - 1];
        ReadOnlySpan<byte> data = _chunkData;
        for (var k = _decoded; k < end; k++)
        {
            doc += Varint.ReadPosting(data, ref at, out _wtf[k]);
            _docs[k] = doc;
        }

        PostingsDecoded += end - _decoded;
        _decoded = end;
        _decodeAt = at;
    }

    /// <summary>Positions of the current posting (column &lt;&lt; 24 | index), in increasing order.</summary>
    public void Positions(List<int> into) => PositionsAt(_index, into);

    /// <summary>Encoded positions of the <paramref name="i"/>-th posting of the current block (valid until the next read).</summary>
    public ReadOnlySpan<byte> EncodedPositionsAt(int i)
    {
        var start = SeekPositions(i);
        var at = start;
        var n = Varint.Read(_posData, ref at);
        for (var k = 0; k < n; k++)
        {
            Varint.Read(_posData, ref at);
        }

        return _posData.AsSpan(start, at - start);
    }

    /// <summary>Positions of the <paramref name="i"/>-th posting of the current block.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void PositionsAt(int i, List<int> into)
    {
        // Seek first: reading another chunk may replace the buffer.
        var start = SeekPositions(i);
        PostingList.DecodePositions(_posData.AsSpan(start), into);
    }

    /// <summary>
    /// The positions of <paramref name="doc"/>, which <paramref name="presence"/> (this list's quotes of the segment, one
    /// bit each: <see cref="PresenceMaps"/>) says is in the list, read from the positions row alone: its place in its
    /// block is the number of the block's quotes before it in the map, so the postings row is not read. Returns the
    /// posting's weighted frequency (its positions' column weights, as stored). Leaves the cursor's own place as it was.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int PositionsOfPresent(int doc, PresenceMap presence, List<int> into)
    {
        var b = FindBlock(0, doc);
        var rank = presence.Count(b == 0 ? 0 : Term.LastOrd[b - 1] + 1, doc);
        LoadPositions(b / _chunkBlocks);
        _posIndex = -1; // the walk below leaves the current block's place in the row
        ReadOnlySpan<byte> data = _posData;
        var at = _posBase + Term.PosOffset[b];
        for (var k = 0; k < rank; k++)
        {
            var skip = Varint.Read(data, ref at);
            at = SkipVarints(data, at, skip);
        }

        PostingList.DecodePositions(data[at..], into);
        var wtf = 0;
        foreach (var p in into)
        {
            wtf += PostingsTokenizer.Weights[p >> Analysis.ColumnShift];
        }

        return wtf;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int SeekPositions(int i)
    {
        LoadPositions(_block / _chunkBlocks);
        ReadOnlySpan<byte> data = _posData;
        if (_posIndex < 0 || _posIndex > i)
        {
            _posIndex = 0;
            _posAt = _posBase + Term.PosOffset[_block];
        }

        while (_posIndex < i)
        {
            var skip = Varint.Read(data, ref _posAt);
            _posAt = SkipVarints(data, _posAt, skip);
            _posIndex++;
        }

        return _posAt;
    }

    /// <summary>Makes the positions row of <paramref name="chunk"/> the current one (read unless it already is).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void LoadPositions(int chunk)
    {
        if (chunk != _posChunk)
        {
            _posIndex = -1;
            if (Term.Inline is { } inline)
            {
                // A pulsed term's positions follow its postings in the same row.
                _posData = inline;
                _posBase = Term.InlineDocBytes;
            }
            else
            {
                var length = _owner.ReadChunk(Term.Segment, Term.Id, chunk, positions: true, ref _posBuffer);
                PositionBytesRead += length;
                PositionChunksRead++;

                _posData = _posBuffer;
                _posBase = 0;
            }

            _posChunk = chunk;
        }
    }

    /// <summary>The offset just past <paramref name="n"/> varints starting at <paramref name="at"/> (each ends with a byte below 0x80).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static int SkipVarints(ReadOnlySpan<byte> data, int at, int n)
    {
        // Eight bytes at a time: count the bytes that end a varint (high bit clear) until the n-th is in the word.
        while (n > 0 && at + 8 <= data.Length)
        {
            var word = System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(data[at..]);
            var ends = System.Numerics.BitOperations.PopCount(~word & 0x8080808080808080UL);
            if (ends >= n)
            {
                break;
            }

            n -= ends;
            at += 8;
        }

        while (n > 0)
        {
            if (data[at++] < 0x80)
            {
                n--;
            }
        }

        return at;
    }
}
