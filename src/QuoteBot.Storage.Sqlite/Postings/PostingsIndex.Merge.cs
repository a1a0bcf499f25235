using SQLitePCL;

namespace QuoteBot.Storage.Sqlite.Postings;

internal sealed partial class PostingsIndex
{
    /// <summary>
    /// Merges segments into one in its own write transaction: their live quotes in increasing id order (deleted ones
    /// dropped), each term's postings joined and renumbered term by term, every input read as a stream in term order
    /// (only one term's postings in memory), the
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
        var live = new List<(int QuoteId, int Input, int Ord)>();
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

        live.Sort((a, b) => a.QuoteId.CompareTo(b.QuoteId));
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

        var newId = 0;
        if (live.Count > 0)
        {
            var streams = new List<MergeInput>(inputs.Count);
            try
            {
                for (var s = 0; s < inputs.Count; s++)
                {
                    streams.Add(new MergeInput(this, inputs[s], remap[s]));
                }

                newId = WriteSegment(ids, lengths, MergedTerms(streams));
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

    /// <summary>
    /// The inputs' terms joined in code point order (each input read as a stream of dictionary rows by term and of
    /// chunk rows by key, which is the same order): for each term, the postings of every input holding it, renumbered,
    /// deleted ones dropped. One list is reused from term to term.
    /// </summary>
    private static IEnumerable<(string Term, PostingList List)> MergedTerms(List<MergeInput> inputs)
    {
        var merged = new PostingList(true);
        foreach (var input in inputs)
        {
            input.MoveNext();
        }

        while (true)
        {
            string? term = null;
            foreach (var input in inputs)
            {
                if (input.Term is { } t && (term is null || CodePointOrder.Instance.Compare(t, term) < 0))
                {
                    term = t;
                }
            }

            if (term is null)
            {
                yield break;
            }

            merged.Reset(PostingList.TermHasPositions(term));
            var last = -1;
            var sorted = true;
            foreach (var input in inputs)
            {
                if (string.Equals(input.Term, term, StringComparison.Ordinal))
                {
                    input.ReadPostings(merged, ref last, ref sorted);
                    input.MoveNext();
                }
            }

            yield return (term, sorted ? merged : merged.Sorted());
        }
    }

    /// <summary>
    /// One merge input read front to back: its dictionary rows in term order and its chunk and positions rows in key
    /// order (term ids follow term order, so the next chunk row read is always the next one needed; pulsed terms have
    /// none). Nothing but the current term is held.
    /// </summary>
    private sealed class MergeInput : IDisposable
    {
        private readonly PostingsIndex _index;
        private readonly SegmentView _view;
        private readonly int[] _remap;
        private readonly sqlite3_stmt _terms;
        private readonly sqlite3_stmt _chunks;
        private readonly sqlite3_stmt _positions;
        private TermInfo? _info;

        public MergeInput(PostingsIndex index, SegmentView view, int[] remap)
        {
            _index = index;
            _view = view;
            _remap = remap;
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

        /// <summary>The current term, or null once every term has been read.</summary>
        public string? Term { get; private set; }

        public void MoveNext()
        {
            if (raw.sqlite3_step(_terms) != raw.SQLITE_ROW)
            {
                Term = null;
                _info = null;
                return;
            }

            var term = raw.sqlite3_column_text(_terms, 0).utf8_to_string();
            if (Term is not null && CodePointOrder.Instance.Compare(Term, term) >= 0)
            {
                throw new InvalidDataException($"Segment {_view.Id} lists term {term} after {Term}.");
            }

            Term = term;
            _info = TermInfo.Decode(_view.Id, raw.sqlite3_column_int(_terms, 1), raw.sqlite3_column_int(_terms, 2), raw.sqlite3_column_blob(_terms, 3),
                raw.sqlite3_column_type(_terms, 4) == raw.SQLITE_NULL ? null : raw.sqlite3_column_blob(_terms, 4).ToArray(), _index.Options);
        }

        /// <summary>Appends the current term's live postings, renumbered, to <paramref name="merged"/>.</summary>
        public void ReadPostings(PostingList merged, ref int last, ref bool sorted)
        {
            var info = _info!;
            if (info.Inline is { } inline)
            {
                Blocks(info, 0, 1, inline.AsSpan(0, info.InlineDocBytes), inline.AsSpan(info.InlineDocBytes), merged, ref last, ref sorted);
                return;
            }

            var chunkBlocks = _index.Options.ChunkBlocks;
            for (var first = 0; first < info.Blocks; first += chunkBlocks)
            {
                var key = ChunkKey(_view.Id, info.Id, first / chunkBlocks);
                var docs = Next(_chunks, key, "chunk");
                var pos = merged.HasPositions ? Next(_positions, key, "positions") : default;
                Blocks(info, first, Math.Min(info.Blocks, first + chunkBlocks), docs, pos, merged, ref last, ref sorted);
            }
        }

        private ReadOnlySpan<byte> Next(sqlite3_stmt stmt, long key, string what)
        {
            if (raw.sqlite3_step(stmt) != raw.SQLITE_ROW || raw.sqlite3_column_int64(stmt, 0) != key)
            {
                throw new InvalidDataException($"Segment {_view.Id} lacks {what} row {key} where a merge reads it (rows out of term order?).");
            }

            return raw.sqlite3_column_blob(stmt, 1);
        }

        private void Blocks(TermInfo info, int from, int to, ReadOnlySpan<byte> docs, ReadOnlySpan<byte> pos, PostingList merged, ref int last, ref bool sorted)
        {
            var blockSize = _index.Options.BlockSize;
            var hasPositions = merged.HasPositions;
            var p = hasPositions ? info.PosOffset[from] : 0;
            for (var b = from; b < to; b++)
            {
                var at = info.DocOffset[b];
                var doc = b == 0 ? -1 : info.LastOrd[b - 1];
                var n = b == info.Blocks - 1 ? info.Count - b * blockSize : blockSize;
                for (var i = 0; i < n; i++)
                {
                    doc += Varint.Read(docs, ref at);
                    var wtf = Varint.Read(docs, ref at);
                    var start = p;
                    if (hasPositions)
                    {
                        Varint.SkipPositions(pos, ref p);
                    }

                    var ord = _remap[doc];
                    if (ord < 0)
                    {
                        continue;
                    }

                    merged.AddEncoded(ord, wtf, hasPositions ? pos[start..p] : []);
                    sorted &= ord > last;
                    last = ord;
                }
            }
        }

        public void Dispose()
        {
            _terms.Dispose();
            _chunks.Dispose();
            _positions.Dispose();
        }
    }
}
