namespace QuoteBot.Storage.Sqlite.Postings;

/// <summary>
/// The bulk path for a stream of new quotes (an import): their postings are gathered in memory, compactly encoded,
/// across many <c>Add</c> calls, and written as one large segment whenever the buffer reaches its memory
/// budget (a <em>spill</em>: one write transaction with the segment and its statistics) instead of a small segment per
/// batch merged again and again. <see cref="Complete"/> spills the rest and merges the load's segments into one (a
/// streaming merge). Every id must be above every id the index has seen and increase from call to call, so no id needs
/// looking up. Quotes become searchable, and count in the statistics, at the spill that writes them; the index stays
/// consistent at every commit. One instance per index; no other write may run on it while a call is in progress.
/// With <see cref="SpillToScratch"/> (a caller that flushes before every commit) a spill goes to a scratch file instead
/// and the flush writes one segment from all of them.
/// </summary>
internal sealed class PostingsBulkLoad : IDisposable
{
    /// <summary>Bytes counted for a term's buffer beyond its data (dictionary entry, string, objects).</summary>
    private const int TermOverhead = 128;

    /// <summary>After a spill, the load's term numbers are forgotten when it has numbered more terms than this (memory).</summary>
    internal int TermNumberLimit { get; init; } = 1 << 18;

    /// <summary>
    /// Called each time the load has buffered another <see cref="CompactAfterBytes"/> (after the call that crossed
    /// the mark, and its spill if any) and before the final merge, once what the load no longer needs is dropped: by
    /// default <see cref="CompactHeap"/>. A load allocates little per quote, so the runtime rarely compacts on its own:
    /// without this the old generation filled with the garbage of earlier batches (quotes handed between the loading
    /// and the writing thread live long enough to get there) and the process stood at twice the live heap.
    /// </summary>
    internal Action Compact { get; init; } = CompactHeap;

    /// <summary>Postings bytes buffered between two calls of <see cref="Compact"/> (tens of times in a 1M-quote import).</summary>
    internal long CompactAfterBytes { get; init; } = 12L << 20;

    private long _sinceCompact; // bytes buffered since the last Compact

    /// <summary>
    /// Spills within the caller's open transaction go to a scratch file (<see cref="ScratchRuns"/>: no SQLite write), and
    /// <see cref="Flush(PostingsWrite)"/> writes everything pending, spilled or buffered, as one segment (each posting
    /// encoded into the index once, no final merge of spills). Only for a caller that flushes before every commit
    /// (<see cref="SqliteQuoteStore"/>'s bulk path): a spill commits nothing by itself, so <see cref="Pending"/> counts
    /// spilled quotes until the flush.
    /// </summary>
    internal bool SpillToScratch { get; init; }

    /// <summary>The folder of the scratch file (by default the database's, or the temporary folder for one in memory).</summary>
    internal string? ScratchDirectory { get; init; }

    /// <summary>
    /// The segment from the scratch file's runs is made (runs merged, blocks encoded) on another thread while this one
    /// inserts its rows (<see cref="SegmentRowPipe"/>), in pages of this many bytes; 0: one thread does both (tests
    /// compare the two).
    /// </summary>
    internal int PipePageBytes { get; init; } = SegmentRowPipe.PageBytes;

    private ScratchRuns? _runs;
    private string? _scratchFolder; // ScratchDirectory, or the database's folder once read

    /// <summary>Spills written to the scratch file since the last segment (tests).</summary>
    internal int ScratchRunCount => _runs?.Count ?? 0;

    /// <summary>Term buffer objects made over the whole load, the others reused (tests).</summary>
    internal int TermBuffersMade { get; private set; }

    /// <summary>Spills written to the scratch file over the whole load (tests).</summary>
    internal int ScratchRunsWritten { get; private set; }

    /// <summary>
    /// A full, blocking, compacting collection, the large-object heap included, that also gives the memory it frees back
    /// to the system (<see cref="GCCollectionMode.Aggressive"/>; a plain compacting collection kept it committed).
    /// </summary>
    internal static void CompactHeap() => GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);

    private readonly PostingsIndex _index;
    private readonly long _budget;
    private readonly BulkTerms _table = new();
    private TermBuffer?[] _buffers = new TermBuffer?[1024]; // by term number
    private int _buffered; // terms with a buffer
    private BulkAnalyzer[] _analyzers = [];
    private IdList _ids = new();
    private readonly List<ushort> _lengths = [];
    private readonly List<int> _segments = [];
    private long _tokens;
    private long _bytes;
    private int _last;
    private bool _completed;
    private volatile bool _failed;

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

    /// <summary>Quotes buffered (or spilled to the scratch file) and not yet written as a segment.</summary>
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
        Drain(); // (batches enqueued before: buffered first, their error thrown here)
        CheckUsable();
        var last = CheckIds(quotes);
        using var write = _index.BeginWrite();
        // From here a failure (the caller's rows, a spill) rolls the transaction back with the buffer half changed.
        _failed = true;
        var before = _bytes;
        Buffer(write, quotes, last);
        _sinceCompact += _bytes - before;
        alongside?.Invoke();
        if (_bytes >= _budget)
        {
            Spill(write);
        }

        write.Commit();
        _failed = false;
        CompactWhenDue();
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
        Drain(); // (batches enqueued before: buffered first, their error thrown here)
        CheckUsable();
        var last = CheckIds(quotes);
        _failed = true;
        var before = _bytes;
        Buffer(write, quotes, last);
        _sinceCompact += _bytes - before;
        if (_bytes >= _budget)
        {
            Spill(write);
        }

        _failed = false;
        CompactWhenDue();
    }

    private void CompactWhenDue()
    {
        if (_sinceCompact >= CompactAfterBytes)
        {
            _sinceCompact = 0;
            Compact();
        }
    }

    /// <summary>Writes whatever is buffered as one segment into the caller's <paramref name="write"/>.</summary>
    public void Flush(PostingsWrite write)
    {
        ArgumentNullException.ThrowIfNull(write);
        Drain(); // (batches enqueued before: buffered first, their error thrown here)
        CheckUsable();
        _failed = true;
        WriteSegment(write);
        _failed = false;
    }

    private int CheckIds(IReadOnlyList<(int Id, Analysis Analysis)> quotes)
    {
        var last = CheckIds(quotes.Count, i => quotes[i].Id, nameof(quotes));
        foreach (var (id, a) in quotes)
        {
            CheckLength(id, a.Length, nameof(quotes));
        }

        return last;
    }

    private int CheckIds(int count, Func<int, int> idAt, string paramName)
    {
        var last = Math.Max(Volatile.Read(ref _last), _queuedLast); // (batches enqueued may not be buffered yet)
        for (var i = 0; i < count; i++)
        {
            var id = idAt(i);
            if (id <= last)
            {
                throw new ArgumentException($"A bulk load takes new ids in increasing order; quote {id} comes after {last}.", paramName);
            }

            last = id;
        }

        return last;
    }

    private static void CheckLength(int id, int length, string paramName)
    {
        if (length > ushort.MaxValue)
        {
            throw new ArgumentException($"Quote {id} has {length} tokens; the index keeps lengths up to {ushort.MaxValue}.", paramName);
        }
    }

    /// <summary>
    /// As <see cref="Add(PostingsWrite, IReadOnlyList{ValueTuple{int, Analysis}})"/>, for quotes not analysed yet:
    /// they are analysed here, in parallel (one <see cref="BulkAnalyzer"/> per thread, each with a tokenizer from
    /// <paramref name="rent"/>, given back to <paramref name="giveBack"/>), with the index's pair words, straight into
    /// the load's term numbers, then buffered in order. Nothing is buffered when a quote fails its checks.
    /// </summary>
    public void Add(PostingsWrite write, IReadOnlyList<(int Id, IndexedQuote Quote)> quotes, Func<PostingsTokenizer> rent, Action<PostingsTokenizer> giveBack)
    {
        ArgumentNullException.ThrowIfNull(write);
        ArgumentNullException.ThrowIfNull(quotes);
        Add(quotes, SpeakerTermsOf(write, quotes), rent, giveBack, write);
    }

    /// <summary>
    /// What <see cref="AddOffConnection"/> needs from the database, read on the caller's connection: the speaker terms of
    /// <paramref name="quotes"/> (new speakers registered in <paramref name="write"/>) and the scratch file's folder.
    /// </summary>
    internal Dictionary<string, string> PrepareOffConnection(PostingsWrite write, IReadOnlyList<(int Id, IndexedQuote Quote)> quotes)
    {
        ArgumentNullException.ThrowIfNull(write);
        ArgumentNullException.ThrowIfNull(quotes);
        _scratchFolder ??= ScratchDirectory ?? DatabaseDirectory();
        return SpeakerTermsOf(write, quotes);
    }

    /// <summary>
    /// As <see cref="Add(PostingsWrite, IReadOnlyList{ValueTuple{int, IndexedQuote}}, Func{PostingsTokenizer}, Action{PostingsTokenizer})"/>
    /// without touching the database (analysis, buffering, spills to the scratch file, compactions), so that it can run
    /// on another thread while the caller writes the same quotes' rows on the connection: with
    /// <see cref="SpillToScratch"/> only, and <paramref name="speakerTerms"/> from <see cref="PrepareOffConnection"/>.
    /// Nothing else may use this load until it returns.
    /// </summary>
    internal void AddOffConnection(IReadOnlyList<(int Id, IndexedQuote Quote)> quotes, IReadOnlyDictionary<string, string> speakerTerms, Func<PostingsTokenizer> rent, Action<PostingsTokenizer> giveBack)
    {
        if (!SpillToScratch || _scratchFolder is null)
        {
            throw new InvalidOperationException("A load adds off the connection only when it spills to a scratch file whose folder is known (PrepareOffConnection).");
        }

        Add(quotes, speakerTerms, rent, giveBack, write: null);
    }

    private static Dictionary<string, string> SpeakerTermsOf(PostingsWrite write, IReadOnlyList<(int Id, IndexedQuote Quote)> quotes)
    {
        var terms = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (_, q) in quotes)
        {
            if (q.Speaker is { Length: > 0 } name && !terms.ContainsKey(name))
            {
                terms[name] = write.SpeakerTerm(name);
            }
        }

        return terms;
    }

    /// <summary>The analysis and buffering of both Adds of new quotes; a spill goes to <paramref name="write"/> or, when null, to the scratch file.</summary>
    private void Add(IReadOnlyList<(int Id, IndexedQuote Quote)> quotes, IReadOnlyDictionary<string, string> speakerTerms, Func<PostingsTokenizer> rent, Action<PostingsTokenizer> giveBack, PostingsWrite? write)
    {
        Drain(); // (a load fed through Enqueue first: its batches are buffered before these)
        CheckUsable();
        var last = CheckIds(quotes.Count, i => quotes[i].Id, nameof(quotes));
        _queuedLast = last;
        if (quotes.Count == 0)
        {
            return;
        }

        var generation = Analyse(quotes, _outputs[0], rent, giveBack);
        BufferAnalysed(quotes, _outputs[0], generation, speakerTerms, rent, giveBack, last, write);
    }

    // The pipeline (Enqueue): batch N is buffered (and spilled, compacted) while batch N+1 is analysed. Its analyses
    // run one after another, as do its buffer stages, in batch order; at most two batches are in it at once, one
    // output set each.
    private readonly AnalyzedQuotes[][] _outputs = [OutputSet(), OutputSet()]; // per set, one per analyser
    private int _nextOutput;
    private Task<int> _analysed = Task.FromResult(0); // the last batch's analysis (its term-number generation)
    private Task _bufferedLast = Task.CompletedTask; // the last batch's buffer stage
    private Task _bufferedBefore = Task.CompletedTask; // the one before: its output set is free once this is done
    private int _queuedLast; // the last id handed to the load (the buffer stage's _last may lag behind)
    private int _inFlight; // batches enqueued and not yet buffered
    private readonly object _analysisGate = new(); // held by an analysis; a spill forgetting the term numbers takes it
    private int _generation; // term numbering: increased each time the numbers are forgotten

    /// <summary>Called by the buffer stage with each batch's last id once it is buffered (tests: a failure there, or the order).</summary>
    internal Action<int>? Buffered { get; init; }

    /// <summary>Most batches that were in the pipeline at once (tests: never more than two).</summary>
    internal int InFlightPeak { get; private set; }

    /// <summary>
    /// As <see cref="AddOffConnection"/>, but returns at once: the batch is analysed as soon as the batch before has
    /// been analysed, and buffered (spilled, compacted) after the batch before has been buffered, on other threads. The
    /// caller goes on writing rows on the connection meanwhile. A call waits only for the batch before last to be
    /// buffered (so at most two batches, and two analysis outputs, are in the load at once). The first failure of a
    /// stage fails every batch after it and is thrown by <see cref="Drain"/> (or the next call of this): call Drain
    /// before anything else reads or writes the load, and before the caller's transaction commits.
    /// </summary>
    internal void Enqueue(IReadOnlyList<(int Id, IndexedQuote Quote)> quotes, IReadOnlyDictionary<string, string> speakerTerms, Func<PostingsTokenizer> rent, Action<PostingsTokenizer> giveBack)
    {
        ArgumentNullException.ThrowIfNull(quotes);
        if (!SpillToScratch || _scratchFolder is null)
        {
            throw new InvalidOperationException("A load adds off the connection only when it spills to a scratch file whose folder is known (PrepareOffConnection).");
        }

        if (_bufferedLast.IsFaulted)
        {
            _bufferedLast.GetAwaiter().GetResult(); // the pipeline's first error, rather than CheckUsable's
        }

        if (_bufferedLast.IsCompleted)
        {
            CheckUsable(); // (while a buffer stage runs, _failed is its own state: its failure faults its task)
        }

        ObjectDisposedException.ThrowIf(_completed, this);
        _bufferedBefore.GetAwaiter().GetResult(); // its output set is the one this batch takes; its error, if any, is thrown here
        var last = CheckIds(quotes.Count, i => quotes[i].Id, nameof(quotes));
        if (quotes.Count == 0)
        {
            return;
        }

        _queuedLast = last;
        var set = _outputs[_nextOutput];
        _nextOutput ^= 1;
        InFlightPeak = Math.Max(InFlightPeak, Interlocked.Increment(ref _inFlight));
        var analysed = _analysed.ContinueWith(_ => Analyse(quotes, set, rent, giveBack), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        var before = _bufferedLast;
        var buffered = Task.WhenAll(before, analysed).ContinueWith(t =>
        {
            try
            {
                t.GetAwaiter().GetResult(); // the batch before failed, or this one's analysis: this batch fails with it
                BufferAnalysed(quotes, set, analysed.Result, speakerTerms, rent, giveBack, last, write: null);
            }
            finally
            {
                Interlocked.Decrement(ref _inFlight);
            }
        }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        _analysed = analysed;
        _bufferedBefore = before;
        _bufferedLast = buffered;
    }

    /// <summary>Waits until every batch enqueued is buffered; throws the first failure of the pipeline, if any.</summary>
    internal void Drain()
    {
        _bufferedBefore.GetAwaiter().GetResult();
        _bufferedLast.GetAwaiter().GetResult();
    }

    /// <summary>Waits until nothing of the pipeline runs any more, its failures dropped (the caller is failing already).</summary>
    internal void DrainQuietly()
    {
        try
        {
            Task.WaitAll(_bufferedBefore, _bufferedLast, _analysed);
        }
        catch (AggregateException)
        {
        }
    }

    /// <summary>
    /// Analyses <paramref name="quotes"/> in parallel chunks, one analyser each, into <paramref name="set"/>; returns the
    /// generation of the term numbers used. Analyses never overlap each other or a spill forgetting the numbers.
    /// </summary>
    private int Analyse(IReadOnlyList<(int Id, IndexedQuote Quote)> quotes, AnalyzedQuotes[] set, Func<PostingsTokenizer> rent, Action<PostingsTokenizer> giveBack)
    {
        lock (_analysisGate)
        {
            var workers = Workers(quotes.Count);
            if (_analyzers.Length < workers)
            {
                var more = _analyzers.Length;
                Array.Resize(ref _analyzers, workers);
                for (var w = more; w < workers; w++)
                {
                    _analyzers[w] = new BulkAnalyzer(_table);
                }
            }

            var pairWords = _index.PairWords;
            var anyWord = _index.Options.PairsWithAnyWord;
            Parallel.For(0, workers, w =>
            {
                var t = BulkProfile.Start(); // (each worker its own thread's CPU)
                var analyzer = _analyzers[w];
                analyzer.Output = set[w];
                analyzer.Begin(pairWords, anyWord);
                var tokenizer = rent();
                try
                {
                    for (var i = quotes.Count * w / workers; i < quotes.Count * (w + 1) / workers; i++)
                    {
                        analyzer.Analyze(tokenizer, quotes[i].Quote);
                    }
                }
                finally
                {
                    giveBack(tokenizer);
                    BulkProfile.Stop("postings: analysis (all threads)", t);
                }
            });

            return _generation;
        }
    }

    private static int Workers(int quotes) => Math.Max(1, Math.Min(Environment.ProcessorCount, quotes / 32));

    private static AnalyzedQuotes[] OutputSet() => [.. Enumerable.Range(0, Environment.ProcessorCount).Select(_ => new AnalyzedQuotes())];

    /// <summary>
    /// The analysed <paramref name="quotes"/> into the term buffers, in order, then a spill when the buffer is full and
    /// a compaction when due. Analysed under term numbers since forgotten (a spill in between), they are analysed again first.
    /// </summary>
    private void BufferAnalysed(IReadOnlyList<(int Id, IndexedQuote Quote)> quotes, AnalyzedQuotes[] set, int generation, IReadOnlyDictionary<string, string> speakerTerms,
        Func<PostingsTokenizer> rent, Action<PostingsTokenizer> giveBack, int last, PostingsWrite? write)
    {
        if (generation != Volatile.Read(ref _generation))
        {
            generation = Analyse(quotes, set, rent, giveBack);
        }

        var buffering = BulkProfile.Start();
        var workers = Workers(quotes.Count);
        for (var w = 0; w < workers; w++)
        {
            var from = quotes.Count * w / workers;
            for (var i = 0; i < set[w].Count; i++)
            {
                CheckLength(quotes[from + i].Id, set[w].Lengths[i], nameof(quotes));
            }
        }

        _failed = true;
        var before = _bytes;
        for (var w = 0; w < workers; w++)
        {
            Buffer(quotes, quotes.Count * w / workers, set[w], speakerTerms);
            set[w].Clear();
        }

        _bytes += quotes.Count * 6L;
        _sinceCompact += _bytes - before;
        _last = last;
        Buffered?.Invoke(last);
        BulkProfile.Stop("postings: buffer", buffering);
        if (_bytes >= _budget)
        {
            if (write is null)
            {
                SpillRun();
            }
            else
            {
                Spill(write);
            }
        }

        _failed = false;
        var compacting = BulkProfile.Start();
        CompactWhenDue();
        BulkProfile.Stop("postings: compactions", compacting);
    }

    /// <summary>One analyser's quotes (those of <paramref name="quotes"/> from <paramref name="from"/> on) into the term buffers.</summary>
    private void Buffer(IReadOnlyList<(int Id, IndexedQuote Quote)> quotes, int from, AnalyzedQuotes analyzed, IReadOnlyDictionary<string, string> speakerTerms)
    {
        var data = analyzed.Data;
        var positions = analyzed.Positions.Span;
        var at = 0;
        for (var i = 0; i < analyzed.Count; i++)
        {
            var ord = _ids.Count;
            _ids.Add(quotes[from + i].Id);
            var length = analyzed.Lengths[i];
            _lengths.Add((ushort)length);
            _tokens += length;
            var n = data[at++];
            for (var k = 0; k < n; k++, at += 4)
            {
                var term = data[at];
                var wtf = data[at + 1];
                var positionLength = data[at + 3];
                if (positionLength < 0)
                {
                    Post(term, ord, wtf, false, false, default);
                }
                else
                {
                    Post(term, ord, wtf, true, true, positions.Slice(data[at + 2], positionLength));
                }
            }

            if (analyzed.Speakers[i] is { Length: > 0 } name)
            {
                Post(_table.IdOf(speakerTerms[name]), ord, 1, false, false, default);
            }
        }
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
                _scratch.Clear();
                Varint.WritePositions(_scratch, o.Positions);
                Post(_table.IdOf(term), ord, o.Wtf, true, true, _scratch.Span);
            }

            foreach (var (pair, wtf) in a.Pairs ?? [])
            {
                Post(_table.IdOf(pair), ord, wtf, false, false, default);
            }

            if (a.Speaker is { Length: > 0 } name)
            {
                Post(_table.IdOf(write.SpeakerTerm(name)), ord, 1, false, false, default);
            }
        }

        _bytes += quotes.Count * 6L;
        _last = last;
    }

    private readonly ByteBuffer _scratch = new(256);

    /// <summary>
    /// Appends one posting to its term's buffer (the postings <see cref="PostingsWrite.Terms"/> gives, without its
    /// iterator); <paramref name="positions"/> encoded (<see cref="Varint.WritePositions"/>) for tokens.
    /// </summary>
    private void Post(int term, int ord, int wtf, bool hasPositions, bool isToken, ReadOnlySpan<byte> positions)
    {
        if (term >= _buffers.Length)
        {
            Array.Resize(ref _buffers, Math.Max(term + 1, _buffers.Length * 2));
        }

        ref var buffer = ref _buffers[term];
        if (buffer is null)
        {
            if (_spare.TryPop(out var spare))
            {
                buffer = spare.Reuse(hasPositions, isToken);
            }
            else
            {
                buffer = new TermBuffer(hasPositions, isToken);
                TermBuffersMade++;
            }

            _bytes += TermOverhead + buffer.Capacity;
            _buffered++;
        }

        var before = buffer.Capacity;
        buffer.Add(ord, wtf, positions, Pool);
        _bytes += buffer.Capacity - before;
    }

    /// <summary>Writes whatever is buffered as one segment, in its own write transaction.</summary>
    public void Flush()
    {
        Drain(); // (batches enqueued before: buffered first, their error thrown here)
        CheckUsable();
        if (_ids.Count == 0)
        {
            return;
        }

        using var write = _index.BeginWrite();
        _failed = true;
        WriteSegment(write);
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
        // What only buffering needs (blocks kept for reuse, term numbers, analysers, the scratch file) is let go before the merge.
        Dispose();
        _pool = null;
        DropSpares();
        _analyzers = [];
        _buffers = [];
        _table.Clear();
        _order.Clear();
        if (mergeSegments && _segments.Count > 1)
        {
            Compact();
        }

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

        if (ScratchRunsWritten > 0)
        {
            // A load large enough to spill: what it and its last segment write left (the transaction's term counts,
            // the runs' readers) is given back before the store goes on with searches and other writes.
            Compact();
        }

        return _segments.Count > 0 ? _segments[^1] : 0;
    }

    /// <summary>The buffer has reached its budget: a run in the scratch file (<see cref="SpillToScratch"/>), else a segment.</summary>
    private void Spill(PostingsWrite write)
    {
        if (SpillToScratch)
        {
            SpillRun();
        }
        else
        {
            WriteSegment(write);
        }
    }

    /// <summary>Everything pending as one segment: the buffer's terms, or the scratch file's runs with the buffer as the last.</summary>
    private void WriteSegment(PostingsWrite write)
    {
        if (_ids.Count == 0)
        {
            return;
        }

        int segment;
        if (_runs is { Count: > 0 } runs)
        {
            SpillRun();
            var t = BulkProfile.Start();
            // Everything is in the runs now: the buffer's blocks and the growing id and length lists are let go, and
            // the heap compacted, before the segment is written (at 1M quotes the lists alone held ~12 MB with their
            // doubled arrays, and the pool up to the budget), so the write's peak starts from the live heap only.
            _pool = null;
            DropSpares();
            var ids = _ids.ToArray();
            var lengths = _lengths.ToArray();
            _ids = new IdList();
            _lengths.Clear();
            _lengths.TrimExcess();
            Compact();
            var df = new List<(string, long)>();
            segment = write.AddSegment(ids, lengths, w => runs.WriteTerms(w, df), df, _tokens, _last, PipePageBytes);
            runs.Clear();
            BulkProfile.Stop("postings: segment from runs", t);
        }
        else
        {
            var (terms, numbers) = SortedTerms();
            var df = new List<(string, long)>();
            for (var i = 0; i < terms.Length; i++)
            {
                if (_buffers[numbers[i]]!.IsToken)
                {
                    df.Add((terms[i], _buffers[numbers[i]]!.Count));
                }
            }

            segment = write.AddSegment(_ids.ToArray(), [.. _lengths], w => WriteTerms(terms, numbers, w), df, _tokens, _last);
            AfterSpill();
        }

        _segments.Add(segment);
        _ids.Clear();
        _lengths.Clear();
        _tokens = 0;
        _bytes = 0;
    }

    /// <summary>The buffered terms appended to the scratch file as one run (in code point order); the quotes stay pending.</summary>
    private void SpillRun()
    {
        if (_buffered == 0)
        {
            return;
        }

        var t = BulkProfile.Start();
        var (terms, numbers) = SortedTerms();
        _runs ??= new ScratchRuns(_scratchFolder ??= ScratchDirectory ?? DatabaseDirectory());
        _runs.BeginRun();
        var utf8 = new byte[256];
        for (var i = 0; i < terms.Length; i++)
        {
            var buffer = _buffers[numbers[i]]!;
            var n = System.Text.Encoding.UTF8.GetByteCount(terms[i]);
            if (utf8.Length < n)
            {
                utf8 = new byte[Math.Max(n, utf8.Length * 2)];
            }

            System.Text.Encoding.UTF8.GetBytes(terms[i], utf8);
            _runs.Term(utf8.AsSpan(0, n), buffer.HasPositions, buffer.IsToken, buffer.Count, buffer.DataLength);
            buffer.CopyTo(_runs, Pool);
            _spare.Push(buffer);
            _buffers[numbers[i]] = TermBuffer.Empty;
        }

        _runs.EndRun();
        ScratchRunsWritten++;
        _bytes = 0;
        AfterSpill();
        BulkProfile.Stop("postings: spill to scratch", t);
    }

    /// <summary>The folder of the index's database file, or the temporary folder when it has none (in memory).</summary>
    private string DatabaseDirectory() =>
        _index.Exec("SELECT file FROM pragma_database_list WHERE name = 'main'") is string { Length: > 0 } file && Path.GetDirectoryName(file) is { Length: > 0 } dir
            ? dir
            : Path.GetTempPath();

    /// <summary>
    /// The buffered terms' numbers and strings, in code point order: read off <see cref="TermOrder"/>, which keeps
    /// every term numbered so far in that order, so a spill sorts only the terms met since the last one (a load's
    /// vocabulary is nearly all met by its first spills) instead of every buffered term again.
    /// </summary>
    private (string[] Terms, int[] Numbers) SortedTerms()
    {
        var order = _order.Update(_table);
        var names = _table.Names(out _);
        var numbers = new int[_buffered];
        var terms = new string[_buffered];
        var n = 0;
        foreach (var id in order)
        {
            if (id < _buffers.Length && _buffers[id] is not null)
            {
                if (n == numbers.Length)
                {
                    throw new InvalidOperationException("The bulk load holds more term buffers than it counted.");
                }

                numbers[n] = id;
                terms[n++] = names[id];
            }
        }

        if (n != numbers.Length)
        {
            throw new InvalidOperationException($"The bulk load's term order holds {n} of its {numbers.Length} buffered terms.");
        }

        return (terms, numbers);
    }

    private readonly TermOrder _order = new();

    /// <summary>After the buffer was written out: it is empty, and a load of many distinct terms forgets their numbers.</summary>
    private void AfterSpill()
    {
        Array.Clear(_buffers);
        _buffered = 0;
        if (_table.Count > TermNumberLimit)
        {
            // A load of many distinct terms (names, numbers, typos) starts numbering again rather than keep them all.
            // (Not while a batch is analysed: one analysed before is analysed again before it is buffered.)
            lock (_analysisGate)
            {
                _table.Clear();
                _order.Clear();
                _buffers = new TermBuffer?[1024];
                foreach (var analyzer in _analyzers)
                {
                    analyzer.Forget();
                }

                Volatile.Write(ref _generation, _generation + 1);
            }
        }
    }

    /// <summary>Closes the scratch file, if any (what it held is lost: call after the last flush, or when the load is dropped).</summary>
    public void Dispose()
    {
        DrainQuietly(); // (nothing of the pipeline writes to the scratch file once it is closed)
        _runs?.Dispose();
        _runs = null;
    }

    /// <summary>The buffered terms streamed into the segment one at a time, each buffer dropped once written.</summary>
    private void WriteTerms(string[] terms, int[] numbers, PostingsIndex.TermWriter writer)
    {
        for (var i = 0; i < terms.Length; i++)
        {
            var buffer = _buffers[numbers[i]]!;
            writer.Begin(terms[i], buffer.HasPositions);
            buffer.WriteTo(writer, Pool);
            writer.End();
            _spare.Push(buffer);
            _buffers[numbers[i]] = TermBuffer.Empty;
        }
    }

    /// <summary>
    /// Every term a load's <see cref="BulkTerms"/> has numbered, by number, in code point order (<see cref="CodePointOrder"/>),
    /// kept from spill to spill: <see cref="Update"/> sorts the terms numbered since its last call and merges them in.
    /// Cleared with the terms' numbers.
    /// </summary>
    internal sealed class TermOrder
    {
        private int[] _order = [];
        private int[] _spare = [];
        private int _count; // terms numbered when last updated: numbers 0 .. _count - 1 are in _order

        /// <summary>Every term numbered now, in code point order.</summary>
        public ReadOnlySpan<int> Update(BulkTerms table)
        {
            var names = table.Names(out var count);
            if (count < _count)
            {
                throw new InvalidOperationException("The load's terms were numbered again without the term order being cleared.");
            }

            if (count == _count)
            {
                return _order.AsSpan(0, _count);
            }

            var fresh = new int[count - _count];
            var freshNames = new string[fresh.Length];
            for (var i = 0; i < fresh.Length; i++)
            {
                fresh[i] = _count + i;
                freshNames[i] = names[_count + i];
            }

            Array.Sort(freshNames, fresh, CodePointOrder.Instance);
            if (_spare.Length < count)
            {
                _spare = new int[Math.Max(count, _order.Length * 2)];
            }

            // The kept order and the fresh terms merged (all distinct: no ties).
            int a = 0, b = 0, to = 0;
            while (a < _count && b < fresh.Length)
            {
                _spare[to++] = CodePointOrder.Instance.Compare(names[_order[a]], freshNames[b]) < 0 ? _order[a++] : fresh[b++];
            }

            while (a < _count)
            {
                _spare[to++] = _order[a++];
            }

            while (b < fresh.Length)
            {
                _spare[to++] = fresh[b++];
            }

            (_order, _spare) = (_spare, _order);
            _count = count;
            return _order.AsSpan(0, _count);
        }

        /// <summary>Forgets the order (the terms' numbers were forgotten).</summary>
        public void Clear()
        {
            _order = [];
            _spare = [];
            _count = 0;
        }
    }

    /// <summary>
    /// The pending quotes' ids (increasing) as varint gaps: a byte or two a quote where a list of ints held four, and
    /// doubled its array as it grew (a one-transaction load of 1M quotes keeps them all until its one segment).
    /// </summary>
    private sealed class IdList
    {
        private readonly ByteBuffer _gaps = new(4096);
        private int _last;

        public int Count { get; private set; }

        public void Add(int id)
        {
            Varint.Write(_gaps, id - _last);
            _last = id;
            Count++;
        }

        public int[] ToArray()
        {
            var ids = new int[Count];
            var gaps = _gaps.Span;
            var at = 0;
            var id = 0;
            for (var i = 0; i < ids.Length; i++)
            {
                id += Varint.Read(gaps, ref at);
                ids[i] = id;
            }

            return ids;
        }

        public void Clear()
        {
            _gaps.Clear();
            _last = 0;
            Count = 0;
        }
    }

    /// <summary>
    /// Blocks of <see cref="TermBuffer.BlockSize"/> bytes kept by the load for its term buffers, reused from spill to
    /// spill: a long list grows by blocks taken from here instead of by doubling one array, so no large array is made
    /// and dropped again and again (the runtime frees those only in full collections).
    /// </summary>
    private sealed class BlockPool(int limit)
    {
        private readonly Stack<byte[]> _free = new();

        public byte[] Take() => _free.TryPop(out var block) ? block : new byte[TermBuffer.BlockSize];

        /// <summary>Gives a block back (any other array is left to the collector).</summary>
        public void Give(byte[] block)
        {
            if (block.Length == TermBuffer.BlockSize && _free.Count < limit)
            {
                _free.Push(block);
            }
        }
    }

    private BlockPool? _pool;

    /// <summary>
    /// Term buffers written out by a spill, each given to a term met after it (<see cref="TermBuffer.Reuse"/>): a load
    /// meets about as many terms between two spills as before, so it stops making a buffer object (and a first array)
    /// per term and spill. At most as many as one spill wrote; dropped with the block pool.
    /// </summary>
    private readonly Stack<TermBuffer> _spare = new();

    private void DropSpares()
    {
        _spare.Clear();
        _spare.TrimExcess();
    }

    private BlockPool Pool => _pool ??= new BlockPool((int)Math.Min(4096, _budget / TermBuffer.BlockSize + 16));

    /// <summary>
    /// One term's buffered postings: per posting the ordinal's delta and the weighted frequency as varints, then (for
    /// tokens) the encoded positions. Held in one array that doubles up to <see cref="BlockSize"/> bytes, then in
    /// blocks of that size from the load's <see cref="BlockPool"/>; a posting never spans two blocks.
    /// </summary>
    private sealed class TermBuffer(bool positions, bool isToken)
    {
        public const int BlockSize = 32 * 1024;

        /// <summary>A new buffer's first array; a buffer written out keeps an array of this size for its next term.</summary>
        private const int FirstSize = 16;

        public static readonly TermBuffer Empty = new(false, false);

        private byte[] _current = new byte[FirstSize];
        private int _used;
        private List<(byte[] Block, int Used)>? _full; // earlier blocks, in order

        /// <summary>Bytes this buffer holds (its arrays' lengths).</summary>
        public long Capacity { get; private set; } = FirstSize;

        public bool HasPositions { get; private set; } = positions;

        /// <summary>A real token (counted in document frequencies), not a pair or speaker pseudo-term.</summary>
        public bool IsToken { get; private set; } = isToken;

        public int Count { get; private set; }

        private int _lastOrd = -1;

        /// <summary>This buffer, written out (<see cref="CopyTo"/>, <see cref="WriteTo"/>), made empty for another term.</summary>
        public TermBuffer Reuse(bool positions, bool isToken)
        {
            HasPositions = positions;
            IsToken = isToken;
            Count = 0;
            _lastOrd = -1;
            _used = 0;
            _full = null;
            if (_current.Length != FirstSize)
            {
                _current = new byte[FirstSize];
            }

            Capacity = FirstSize;
            return this;
        }

        /// <summary>After the postings were written out: the blocks given back, a first-size array kept for <see cref="Reuse"/>.</summary>
        private void Release(BlockPool pool)
        {
            pool.Give(_current);
            _full = null;
            _current = _current.Length == FirstSize ? _current : [];
            _used = 0;
        }

        public void Add(int ord, int wtf, ReadOnlySpan<byte> encodedPositions, BlockPool pool)
        {
            var need = 10 + (HasPositions ? encodedPositions.Length : 0); // two varints of at most 5 bytes each
            if (_used + need > _current.Length)
            {
                Grow(need, pool);
            }

            _used = Put(_current, _used, ord - _lastOrd);
            _used = Put(_current, _used, wtf);
            _lastOrd = ord;
            Count++;
            if (HasPositions)
            {
                encodedPositions.CopyTo(_current.AsSpan(_used));
                _used += encodedPositions.Length;
            }
        }

        private void Grow(int need, BlockPool pool)
        {
            if (_used + need <= BlockSize && _full is null)
            {
                var bigger = new byte[Math.Min(BlockSize, Math.Max(_current.Length * 2, _used + need))];
                _current.AsSpan(0, _used).CopyTo(bigger);
                Capacity += bigger.Length - _current.Length;
                _current = bigger;
                return;
            }

            (_full ??= []).Add((_current, _used));
            _current = need <= BlockSize ? pool.Take() : new byte[need]; // (a posting longer than a block gets its own)
            _used = 0;
            Capacity += _current.Length;
        }

        private static int Put(byte[] into, int at, int value)
        {
            var v = (uint)value;
            while (v >= 0x80)
            {
                into[at++] = (byte)(v | 0x80);
                v >>= 7;
            }

            into[at++] = (byte)v;
            return at;
        }

        /// <summary>Bytes of the postings held.</summary>
        public int DataLength
        {
            get
            {
                var n = _used;
                if (_full is not null)
                {
                    foreach (var (_, used) in _full)
                    {
                        n += used;
                    }
                }

                return n;
            }
        }

        /// <summary>Appends the postings' bytes, as held, to a scratch run, then gives the blocks back to <paramref name="pool"/>.</summary>
        public void CopyTo(ScratchRuns runs, BlockPool pool)
        {
            if (_full is not null)
            {
                foreach (var (block, used) in _full)
                {
                    runs.Data(block.AsSpan(0, used));
                    pool.Give(block);
                }
            }

            runs.Data(_current.AsSpan(0, _used));
            Release(pool);
        }

        /// <summary>Streams the postings into <paramref name="writer"/>, then gives the blocks back to <paramref name="pool"/>.</summary>
        public void WriteTo(PostingsIndex.TermWriter writer, BlockPool pool)
        {
            var ord = -1;
            if (_full is not null)
            {
                foreach (var (block, used) in _full)
                {
                    ord = WriteBlock(writer, block.AsSpan(0, used), ord);
                    pool.Give(block);
                }
            }

            WriteBlock(writer, _current.AsSpan(0, _used), ord);
            Release(pool);
        }

        private int WriteBlock(PostingsIndex.TermWriter writer, ReadOnlySpan<byte> data, int ord)
        {
            var at = 0;
            while (at < data.Length)
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

            return ord;
        }
    }
}
