using System.Runtime.InteropServices;

namespace QuoteBot.Storage.Sqlite.Postings;

/// <summary>
/// The bulk path for a stream of new quotes (an import): their postings are gathered in memory, compactly encoded,
/// across many <c>Add</c> calls, and written as one large segment whenever the buffer reaches its memory
/// budget (a <em>spill</em>: one write transaction with the segment and its statistics) instead of a small segment per
/// batch merged again and again. <see cref="Complete"/> spills the rest and merges the load's segments into one (a
/// streaming merge). Every id must be above every id the index has seen and increase from call to call, so no id needs
/// looking up. Quotes become searchable, and count in the statistics, at the spill that writes them; the index stays
/// consistent at every commit. One instance per index; no other write may run on it while a call is in progress.
/// </summary>
internal sealed class PostingsBulkLoad
{
    /// <summary>Bytes counted for a term's buffer beyond its data (dictionary entry, string, objects).</summary>
    private const int TermOverhead = 128;

    private readonly PostingsIndex _index;
    private readonly long _budget;
    private readonly Dictionary<string, TermBuffer> _terms = new(StringComparer.Ordinal);
    private readonly List<int> _ids = [];
    private readonly List<ushort> _lengths = [];
    private readonly List<int> _segments = [];
    private long _tokens;
    private long _bytes;
    private int _last;
    private bool _completed;
    private bool _failed;

    internal PostingsBulkLoad(PostingsIndex index, long memoryBudget)
    {
        if (memoryBudget < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(memoryBudget), "A bulk load's memory budget must be positive.");
        }

        _index = index;
        _budget = memoryBudget;
        _last = (int)index.Meta("max_doc");
    }

    /// <summary>The index this load writes to.</summary>
    internal PostingsIndex Index => _index;

    /// <summary>Quotes buffered and not yet written.</summary>
    public int Pending => _ids.Count;

    /// <summary>Estimated bytes the buffer holds now.</summary>
    public long BufferedBytes => _bytes;

    /// <summary>Segments this load has written (spills and the final merge), in order.</summary>
    public IReadOnlyList<int> Segments => _segments;

    /// <summary>
    /// Buffers quotes (ids increasing, above every id seen); spills when the buffer reaches the budget. In the same
    /// write transaction as their speakers are registered, <paramref name="alongside"/> may write the caller's own
    /// rows (through <see cref="PostingsIndex.CurrentTransaction"/>).
    /// </summary>
    public void Add(IReadOnlyList<(int Id, Analysis Analysis)> quotes, Action? alongside = null)
    {
        CheckUsable();
        var last = CheckIds(quotes);
        using var write = _index.BeginWrite();
        // From here a failure (the caller's rows, a spill) rolls the transaction back with the buffer half changed.
        _failed = true;
        Buffer(write, quotes, last);
        alongside?.Invoke();
        if (_bytes >= _budget)
        {
            Spill(write);
        }

        write.Commit();
        _failed = false;
    }

    /// <summary>
    /// As <see cref="Add(IReadOnlyList{ValueTuple{int, Analysis}}, Action?)"/>, inside a write the caller began (in a
    /// transaction it opened, e.g. with <see cref="PostingsIndex.BeginWriteInOpenTransaction"/>): a spill goes into
    /// <paramref name="write"/>, and its statistics with it at the caller's <see cref="PostingsWrite.Commit"/>. The
    /// caller commits only after <see cref="Flush(PostingsWrite)"/> (else buffered quotes would be committed without
    /// their postings), and drops the load if the transaction rolls back.
    /// </summary>
    public void Add(PostingsWrite write, IReadOnlyList<(int Id, Analysis Analysis)> quotes)
    {
        ArgumentNullException.ThrowIfNull(write);
        CheckUsable();
        var last = CheckIds(quotes);
        _failed = true;
        Buffer(write, quotes, last);
        if (_bytes >= _budget)
        {
            Spill(write);
        }

        _failed = false;
    }

    /// <summary>Writes whatever is buffered as one segment into the caller's <paramref name="write"/>.</summary>
    public void Flush(PostingsWrite write)
    {
        ArgumentNullException.ThrowIfNull(write);
        CheckUsable();
        _failed = true;
        Spill(write);
        _failed = false;
    }

    private int CheckIds(IReadOnlyList<(int Id, Analysis Analysis)> quotes)
    {
        var last = _last;
        foreach (var (id, a) in quotes)
        {
            if (id <= last)
            {
                throw new ArgumentException($"A bulk load takes new ids in increasing order; quote {id} comes after {last}.", nameof(quotes));
            }

            if (a.Length > ushort.MaxValue)
            {
                throw new ArgumentException($"Quote {id} has {a.Length} tokens; the index keeps lengths up to {ushort.MaxValue}.", nameof(quotes));
            }

            last = id;
        }

        return last;
    }

    private void Buffer(PostingsWrite write, IReadOnlyList<(int Id, Analysis Analysis)> quotes, int last)
    {
        foreach (var (id, a) in quotes)
        {
            var ord = _ids.Count;
            _ids.Add(id);
            _lengths.Add((ushort)a.Length);
            _tokens += a.Length;
            foreach (var (term, o) in a.Terms)
            {
                Post(term, ord, o.Wtf, o.Positions, isToken: true);
            }

            foreach (var (pair, wtf) in a.Pairs ?? [])
            {
                Post(pair, ord, wtf, null, isToken: false);
            }

            if (a.Speaker is { Length: > 0 } name)
            {
                Post(write.SpeakerTerm(name), ord, 1, null, isToken: false);
            }
        }

        _bytes += quotes.Count * 6L;
        _last = last;
    }

    /// <summary>Appends one posting to its term's buffer (the postings <see cref="PostingsWrite.Terms"/> gives, without its iterator).</summary>
    private void Post(string term, int ord, int wtf, ArraySegment<int>? positions, bool isToken)
    {
        ref var buffer = ref CollectionsMarshal.GetValueRefOrAddDefault(_terms, term, out var found);
        if (!found)
        {
            buffer = new TermBuffer(positions is not null, isToken);
            _bytes += TermOverhead + buffer.Data.Capacity;
        }

        var before = buffer!.Data.Capacity;
        buffer.Add(ord, wtf, positions);
        _bytes += buffer.Data.Capacity - before;
    }

    /// <summary>Writes whatever is buffered as one segment, in its own write transaction.</summary>
    public void Flush()
    {
        CheckUsable();
        if (_ids.Count == 0)
        {
            return;
        }

        using var write = _index.BeginWrite();
        _failed = true;
        Spill(write);
        write.Commit();
        _failed = false;
    }

    private void CheckUsable()
    {
        ObjectDisposedException.ThrowIf(_completed, this);
        if (_failed)
        {
            throw new InvalidOperationException("An earlier call of this bulk load failed and its buffered quotes are lost; what it spilled before stays. Start a new load for the rest.");
        }
    }

    /// <summary>
    /// Writes the rest and, when the load wrote several segments, merges them into one; returns the segment holding the
    /// load (0 when it added nothing). The load takes no more quotes.
    /// </summary>
    public int Complete(bool mergeSegments = true)
    {
        Flush();
        _completed = true;
        if (mergeSegments)
        {
            // A segment of the load merged away meanwhile (another writer's merge) is no longer the load's to merge.
            var present = _index.Segments().Select(x => x.Id).ToHashSet();
            _segments.RemoveAll(id => !present.Contains(id));
        }

        if (mergeSegments && _segments.Count > 1)
        {
            var merged = _index.Merge(_segments);
            _segments.Clear();
            if (merged > 0)
            {
                _segments.Add(merged);
            }
        }

        return _segments.Count > 0 ? _segments[^1] : 0;
    }

    private void Spill(PostingsWrite write)
    {
        if (_ids.Count == 0)
        {
            return;
        }

        var terms = _terms.Keys.ToArray();
        Array.Sort(terms, CodePointOrder.Instance);
        var df = new List<(string, long)>();
        foreach (var term in terms)
        {
            if (_terms[term].IsToken)
            {
                df.Add((term, _terms[term].Count));
            }
        }

        var segment = write.AddSegment([.. _ids], [.. _lengths], w => WriteTerms(terms, w), df, _tokens, _last);
        _segments.Add(segment);
        _terms.Clear();
        _terms.TrimExcess();
        _ids.Clear();
        _lengths.Clear();
        _tokens = 0;
        _bytes = 0;
    }

    /// <summary>The buffered terms streamed into the segment one at a time, each buffer dropped once written.</summary>
    private void WriteTerms(string[] terms, PostingsIndex.TermWriter writer)
    {
        foreach (var term in terms)
        {
            var buffer = _terms[term];
            writer.Begin(term, buffer.HasPositions);
            buffer.WriteTo(writer);
            writer.End();
            _terms[term] = TermBuffer.Empty;
        }
    }

    /// <summary>
    /// One term's buffered postings: per posting the ordinal's delta and the weighted frequency as varints, then (for
    /// tokens) the encoded positions.
    /// </summary>
    private sealed class TermBuffer(bool positions, bool isToken)
    {
        public static readonly TermBuffer Empty = new(false, false);

        public ByteBuffer Data { get; } = new(16);

        public bool HasPositions { get; } = positions;

        /// <summary>A real token (counted in document frequencies), not a pair or speaker pseudo-term.</summary>
        public bool IsToken { get; } = isToken;

        public int Count { get; private set; }

        private int _lastOrd = -1;

        public void Add(int ord, int wtf, ArraySegment<int>? positionList)
        {
            Varint.Write(Data, ord - _lastOrd);
            Varint.Write(Data, wtf);
            _lastOrd = ord;
            Count++;
            if (HasPositions)
            {
                Varint.WritePositions(Data, positionList ?? throw new ArgumentException("This term's postings carry positions.", nameof(positionList)));
            }
        }

        public void WriteTo(PostingsIndex.TermWriter writer)
        {
            var data = Data.Span;
            int at = 0, ord = -1;
            for (var i = 0; i < Count; i++)
            {
                ord += Varint.Read(data, ref at);
                var wtf = Varint.Read(data, ref at);
                var start = at;
                if (HasPositions)
                {
                    Varint.SkipPositions(data, ref at);
                }

                writer.Add(ord, wtf, data[start..at]);
            }
        }
    }
}
