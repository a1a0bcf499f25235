using SQLitePCL;

namespace QuoteBot.Storage.Sqlite.Postings;

internal sealed partial class PostingsIndex
{
    /// <summary>
    /// Merges segments into one in its own write transaction: their live quotes in increasing id order (deleted ones
    /// dropped), each term's postings joined and renumbered term by term, every input read as a stream in term order
    /// and each term's postings streamed chunk by chunk into the new segment (no whole list is held: at most a chunk of
    /// postings per input and the chunk being written), the
    /// new segment recorded and the old ones' rows deleted in the same transaction. Statistics do not change. Returns
    /// the new segment's id, or 0 when nothing in them was live.
    /// </summary>
    public int Merge(IReadOnlyCollection<int> segmentIds)
    {
        using var write = BeginWrite();
        var id = MergeSegments(segmentIds);
        write.Commit();
        return id;
    }

    /// <summary>
    /// Tiered merging: while some size tier (live quotes, by powers of <see cref="PostingsOptions.MergeFactor"/>) holds
    /// that many segments, its smallest ones are merged; a segment with more deleted quotes than live ones is rewritten.
    /// Each merge is its own transaction. Returns how many merges were made.
    /// </summary>
    public int MergeAsNeeded()
    {
        var factor = Options.MergeFactor;
        var merges = 0;
        while (true)
        {
            var segments = Segments();
            var pick = segments.Where(s => s.Live > 0)
                .GroupBy(s => (int)Math.Floor(Math.Log(s.Live, factor)))
                .Where(g => g.Count() >= factor)
                .OrderBy(g => g.Key)
                .Select(g => g.OrderBy(s => s.Live).Take(factor).Select(s => s.Id).ToList())
                .FirstOrDefault();
            if (pick is null && segments.FirstOrDefault(s => s.Deleted * 2 > s.Docs) is { Docs: > 0 } sparse)
            {
                pick = [sparse.Id];
            }

            if (pick is null)
            {
                return merges;
            }

            Merge(pick);
            merges++;
        }
    }

    private int MergeSegments(IReadOnlyCollection<int> segmentIds)
    {
        var all = Segments().ToDictionary(s => s.Id);
        var inputs = new List<SegmentView>();
        foreach (var id in segmentIds.Distinct())
        {
            if (!all.TryGetValue(id, out var info))
            {
                throw new ArgumentException($"There is no segment {id} to merge.", nameof(segmentIds));
            }

            inputs.Add(View(info));
        }

        // Inputs by their first quote id: segments over separate id ranges then join by plain concatenation.
        inputs.Sort((a, b) => (a.Docs > 0 ? a.QuoteIds[0] : 0).CompareTo(b.Docs > 0 ? b.QuoteIds[0] : 0));

        // The merged segment's quotes: every live quote of the inputs, by increasing id; remap[input][ord] = new ordinal.
        var live = new List<(int QuoteId, int Input, int Ord)>(inputs.Sum(v => v.Docs)); // (sized once: no list copies dropped)
        for (var s = 0; s < inputs.Count; s++)
        {
            for (var ord = 0; ord < inputs[s].Docs; ord++)
            {
                if (!inputs[s].IsDead(ord))
                {
                    live.Add((inputs[s].QuoteIds[ord], s, ord));
                }
            }
        }

        if (!IsSortedById(live))
        {
            live.Sort((a, b) => a.QuoteId.CompareTo(b.QuoteId));
        }

        var remap = inputs.Select(v => Enumerable.Repeat(-1, v.Docs).ToArray()).ToArray();
        var ids = new int[live.Count];
        var lengths = new ushort[live.Count];
        for (var i = 0; i < live.Count; i++)
        {
            var (quoteId, input, ord) = live[i];
            if (i > 0 && live[i - 1].QuoteId == quoteId)
            {
                throw new InvalidDataException($"Quote {quoteId} is live in two segments.");
            }

            remap[input][ord] = i;
            ids[i] = quoteId;
            lengths[i] = inputs[input].Lengths[ord];
        }

        // Ordered: each input's live quotes come after every live quote of the inputs before it (a load's spills).
        var ordered = true;
        for (var i = 1; i < live.Count && ordered; i++)
        {
            ordered = live[i].Input >= live[i - 1].Input;
        }

        LastMergeOrdered = ordered;
        var newId = 0;
        if (live.Count > 0)
        {
            var streams = new List<MergeInput>(inputs.Count);
            try
            {
                for (var s = 0; s < inputs.Count; s++)
                {
                    streams.Add(new MergeInput(this, inputs[s], remap[s], s));
                }

                newId = WriteSegment(ids, lengths, writer =>
                {
                    WriteMergedTerms(streams, writer, ordered);
                    LastMergeHeldPostings = writer.MaxHeldPostings + streams.Sum(x => x.MaxHeldPostings);
                });
            }
            finally
            {
                streams.ForEach(x => x.Dispose());
            }
        }

        foreach (var v in inputs)
        {
            DropSegment(v.Id);
        }

        return newId;
    }

    private static bool IsSortedById(List<(int QuoteId, int Input, int Ord)> live)
    {
        for (var i = 1; i < live.Count; i++)
        {
            if (live[i].QuoteId < live[i - 1].QuoteId)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether the last merge on this index joined its inputs' lists one after another (their live quotes in separate ranges).</summary>
    internal bool LastMergeOrdered { get; private set; }

    /// <summary>
    /// The most postings the last merge on this index held in memory at once, summed over its inputs' cursors and its
    /// writer (each at most a chunk, <see cref="PostingsOptions.ChunkBlocks"/> × <see cref="PostingsOptions.BlockSize"/>).
    /// </summary>
    internal int LastMergeHeldPostings { get; private set; }

    /// <summary>
    /// The inputs' terms joined in code point order (each input read as a stream of dictionary rows by term and of
    /// chunk rows by key, which is the same order): for each term, the postings of every input holding it, renumbered,
    /// deleted ones dropped, written as they come. The inputs wait in a heap by their current term, compared as the
    /// UTF-8 bytes SQLite keeps (whose byte order is code point order): a term costs a few comparisons whatever the
    /// number of inputs, and no input's term is made a string. Each input's postings of a term increase in the new
    /// ordinals (the renumbering keeps an input's order); when the inputs' live quotes lie in separate ranges one after
    /// another (<paramref name="ordered"/>: a bulk load's spills), a term's postings are its inputs' lists one after
    /// another, else the inputs holding it are joined by always taking the smallest ordinal among their current postings.
    /// </summary>
    private static void WriteMergedTerms(List<MergeInput> inputs, TermWriter writer, bool ordered)
    {
        var heap = new MergeHeap(inputs.Count);
        var holding = new List<MergeInput>(inputs.Count);
        var had = new List<MergeInput>(inputs.Count);
        foreach (var input in inputs)
        {
            if (input.MoveNext())
            {
                heap.Push(input);
            }
        }

        while (heap.Count > 0)
        {
            // Every input holding the smallest term, in input order (the heap breaks ties by input).
            had.Clear();
            had.Add(heap.Pop());
            while (heap.Count > 0 && heap.Peek().Term.SequenceEqual(had[0].Term))
            {
                had.Add(heap.Pop());
            }

            var term = had[0].Term;
            var positions = term.Length == 0 || term[0] > 2; // (PostingList.TermHasPositions: pseudo-terms begin with U+0001/U+0002)
            writer.Begin(term, positions);
            holding.Clear();
            foreach (var input in had)
            {
                input.StartPostings(positions);
                if (input.NextPosting())
                {
                    holding.Add(input);
                }
            }

            if (ordered)
            {
                foreach (var h in holding)
                {
                    do
                    {
                        writer.Add(h.Ord, h.Wtf, h.Positions);
                    }
                    while (h.NextPosting());
                }
            }
            else
            {
                JoinByOrdinal(holding, writer);
            }

            writer.End();
            foreach (var input in had)
            {
                if (input.MoveNext())
                {
                    heap.Push(input);
                }
            }
        }
    }

    /// <summary>One term's postings from inputs whose ordinals interleave, by increasing ordinal (every posting read).</summary>
    private static void JoinByOrdinal(List<MergeInput> holding, TermWriter writer)
    {
        while (holding.Count > 1)
        {
            var k = 0;
            for (var i = 1; i < holding.Count; i++)
            {
                if (holding[i].Ord < holding[k].Ord)
                {
                    k = i;
                }
            }

            // The input with the smallest ordinal gives every posting below the others' smallest in one run (the
            // others only move up): the inputs are scanned once per run, not once per posting.
            var bound = int.MaxValue;
            for (var i = 0; i < holding.Count; i++)
            {
                if (i != k && holding[i].Ord < bound)
                {
                    bound = holding[i].Ord;
                }
            }

            var h = holding[k];
            bool more;
            do
            {
                writer.Add(h.Ord, h.Wtf, h.Positions);
                more = h.NextPosting();
            }
            while (more && h.Ord < bound);

            if (!more)
            {
                holding.RemoveAt(k);
            }
        }

        if (holding.Count == 1)
        {
            var h = holding[0];
            do
            {
                writer.Add(h.Ord, h.Wtf, h.Positions);
            }
            while (h.NextPosting());
        }
    }

    /// <summary>Merge inputs by their current term's UTF-8 bytes, then by their place among the inputs (a binary min-heap).</summary>
    private sealed class MergeHeap(int capacity)
    {
        private readonly MergeInput[] _items = new MergeInput[capacity];

        public int Count { get; private set; }

        public MergeInput Peek() => _items[0];

        public void Push(MergeInput input)
        {
            var i = Count++;
            while (i > 0)
            {
                var parent = (i - 1) / 2;
                if (Less(_items[parent], input))
                {
                    break;
                }

                _items[i] = _items[parent];
                i = parent;
            }

            _items[i] = input;
        }

        public MergeInput Pop()
        {
            var top = _items[0];
            var last = _items[--Count];
            _items[Count] = null!;
            if (Count > 0)
            {
                var i = 0;
                while (true)
                {
                    var child = 2 * i + 1;
                    if (child >= Count)
                    {
                        break;
                    }

                    if (child + 1 < Count && Less(_items[child + 1], _items[child]))
                    {
                        child++;
                    }

                    if (Less(last, _items[child]))
                    {
                        break;
                    }

                    _items[i] = _items[child];
                    i = child;
                }

                _items[i] = last;
            }

            return top;
        }

        private static bool Less(MergeInput a, MergeInput b)
        {
            var c = a.Term.SequenceCompareTo(b.Term);
            return c < 0 || (c == 0 && a.Order < b.Order);
        }
    }

    /// <summary>
    /// One merge input read front to back: its dictionary rows in term order and its chunk and positions rows in key
    /// order (term ids follow term order, so the next chunk row read is always the next one needed; pulsed terms have
    /// none). It holds the current term's skip entries and one chunk of its postings, decoded a posting at a time.
    /// </summary>
    private sealed class MergeInput : IDisposable
    {
        private readonly SegmentView _view;
        private readonly int[] _remap;
        private readonly int _blockSize;
        private readonly int _chunkBlocks;
        private readonly sqlite3_stmt _terms;
        private readonly sqlite3_stmt _chunks;
        private readonly sqlite3_stmt _positions;
        private byte[] _skip = new byte[256];
        private byte[] _docs = new byte[4096];
        private byte[] _pos = new byte[4096];
        private int _termId;
        private int _count;
        private int _blocks;
        private bool _pulsed;
        private int _pulsedDocBytes;
        private bool _hasPositions;
        private int _skipAt;
        private int _block;
        private int _left;
        private int _doc;
        private int _docsAt;
        private int _posAt;
        private int _posStart;
        private int _blockDocEnd;
        private int _blockPosEnd;
        private int _blockLast;

        public MergeInput(PostingsIndex index, SegmentView view, int[] remap, int order)
        {
            _view = view;
            Order = order;
            _remap = remap;
            _blockSize = index.Options.BlockSize;
            _chunkBlocks = index.Options.ChunkBlocks;
            _terms = index.Prepare("SELECT term, id, count, skip, pulsed FROM px_terms WHERE segment = ?1 ORDER BY term");
            raw.sqlite3_bind_int64(_terms, 1, view.Id);
            var lo = (long)view.Id << SegmentShift;
            var hi = lo | ((1L << SegmentShift) - 1);
            _chunks = index.Prepare("SELECT key, docs FROM px_chunks WHERE key BETWEEN ?1 AND ?2 ORDER BY key");
            _positions = index.Prepare("SELECT key, pos FROM px_positions WHERE key BETWEEN ?1 AND ?2 ORDER BY key");
            foreach (var stmt in new[] { _chunks, _positions })
            {
                raw.sqlite3_bind_int64(stmt, 1, lo);
                raw.sqlite3_bind_int64(stmt, 2, hi);
            }
        }

        /// <summary>This input's place among the merge's inputs (by first quote id).</summary>
        public int Order { get; }

        private byte[] _term = new byte[64];
        private int _termLength = -1; // -1: before the first term

        /// <summary>The current term's UTF-8 bytes (as stored; valid until the next <see cref="MoveNext"/>).</summary>
        public ReadOnlySpan<byte> Term => _term.AsSpan(0, Math.Max(0, _termLength));

        /// <summary>The current term as text (for messages).</summary>
        private string TermText => System.Text.Encoding.UTF8.GetString(Term);

        /// <summary>The current posting: its new ordinal, its weighted frequency and its encoded positions.</summary>
        public int Ord { get; private set; }

        public int Wtf { get; private set; }

        public ReadOnlySpan<byte> Positions => _hasPositions ? _pos.AsSpan(_posStart, _posAt - _posStart) : [];

        /// <summary>The most postings this input has held decoded or buffered at once (one chunk's).</summary>
        public int MaxHeldPostings { get; private set; }

        /// <summary>Moves to the next term; false once every term has been read.</summary>
        public bool MoveNext()
        {
            if (raw.sqlite3_step(_terms) != raw.SQLITE_ROW)
            {
                _termLength = 0;
                return false;
            }

            var term = raw.sqlite3_column_blob(_terms, 0); // (a TEXT column's UTF-8 bytes)
            if (_termLength >= 0 && Term.SequenceCompareTo(term) >= 0)
            {
                throw new InvalidDataException($"Segment {_view.Id} lists term {System.Text.Encoding.UTF8.GetString(term)} after {TermText}.");
            }

            Copy(term, ref _term);
            _termLength = term.Length;
            _termId = raw.sqlite3_column_int(_terms, 1);
            _count = raw.sqlite3_column_int(_terms, 2);
            _blocks = (_count + _blockSize - 1) / _blockSize;
            Copy(raw.sqlite3_column_blob(_terms, 3), ref _skip);
            _pulsed = raw.sqlite3_column_type(_terms, 4) != raw.SQLITE_NULL;
            if (_pulsed)
            {
                var inline = raw.sqlite3_column_blob(_terms, 4);
                // Postings, then positions: the split is the block's postings byte length in the skip entry.
                var at = 0;
                Varint.Read(_skip, ref at);
                _pulsedDocBytes = Varint.Read(_skip, ref at);
                if (_blocks != 1 || _pulsedDocBytes > inline.Length)
                {
                    throw new InvalidDataException($"Term {TermText} of segment {_view.Id} has a pulsed row that does not match its skip entries.");
                }

                Copy(inline[.._pulsedDocBytes], ref _docs);
                Copy(inline[_pulsedDocBytes..], ref _pos);
            }

            return true;
        }

        /// <summary>Starts reading the current term's postings (all of them must then be read, so its rows are passed).</summary>
        public void StartPostings(bool positions)
        {
            _hasPositions = positions;
            _skipAt = 0;
            _block = -1;
            _left = 0;
            _blockLast = -1;
            _docsAt = _posAt = _posStart = 0;
            _blockDocEnd = _blockPosEnd = 0;
        }

        /// <summary>Moves to the term's next live posting; false when there is none left.</summary>
        public bool NextPosting()
        {
            while (true)
            {
                if (_left == 0)
                {
                    if (_block >= 0 && (_docsAt != _blockDocEnd || (_hasPositions && _posAt != _blockPosEnd)))
                    {
                        throw new InvalidDataException($"Term {TermText} of segment {_view.Id}: block {_block} does not match its skip entry.");
                    }

                    if (++_block >= _blocks)
                    {
                        return false;
                    }

                    if (_block % _chunkBlocks == 0 && !_pulsed)
                    {
                        var key = ChunkKey(_view.Id, _termId, _block / _chunkBlocks);
                        Copy(Next(_chunks, key, "chunk"), ref _docs);
                        if (_hasPositions)
                        {
                            Copy(Next(_positions, key, "positions"), ref _pos);
                        }

                        _docsAt = _posAt = 0;
                        _blockDocEnd = _blockPosEnd = 0;
                        MaxHeldPostings = Math.Max(MaxHeldPostings, Math.Min(_count - _block * _blockSize, _chunkBlocks * _blockSize));
                    }
                    else if (_pulsed)
                    {
                        MaxHeldPostings = Math.Max(MaxHeldPostings, _count);
                    }

                    _doc = _blockLast;
                    _blockLast += Varint.Read(_skip, ref _skipAt);
                    _blockDocEnd += Varint.Read(_skip, ref _skipAt);
                    _blockPosEnd += Varint.Read(_skip, ref _skipAt);
                    for (var n = Varint.Read(_skip, ref _skipAt); n > 0; n--)
                    {
                        Varint.Read(_skip, ref _skipAt);
                        Varint.Read(_skip, ref _skipAt);
                    }

                    _left = _block == _blocks - 1 ? _count - _block * _blockSize : _blockSize;
                }

                _left--;
                _doc += Varint.ReadPosting(_docs, ref _docsAt, out var wtf);
                Wtf = wtf;
                _posStart = _posAt;
                if (_hasPositions)
                {
                    Varint.SkipPositions(_pos, ref _posAt);
                }

                var ord = _remap[_doc];
                if (ord >= 0)
                {
                    Ord = ord;
                    return true;
                }
            }
        }

        private static void Copy(ReadOnlySpan<byte> data, ref byte[] into)
        {
            if (into.Length < data.Length)
            {
                into = new byte[Math.Max(data.Length, into.Length * 2)];
            }

            data.CopyTo(into);
        }

        private ReadOnlySpan<byte> Next(sqlite3_stmt stmt, long key, string what)
        {
            if (raw.sqlite3_step(stmt) != raw.SQLITE_ROW || raw.sqlite3_column_int64(stmt, 0) != key)
            {
                throw new InvalidDataException($"Segment {_view.Id} lacks {what} row {key} where a merge reads it (rows out of term order?).");
            }

            return raw.sqlite3_column_blob(stmt, 1);
        }

        public void Dispose()
        {
            _terms.Dispose();
            _chunks.Dispose();
            _positions.Dispose();
        }
    }
}
