using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;
using SQLitePCL;
using QuoteBot.Core.Text;

namespace QuoteBot.Storage.Sqlite.Postings;

internal sealed partial class PostingsIndex
{
    private readonly Dictionary<string, int> _speakerIds = new(StringComparer.Ordinal);
    private readonly List<string> _scratch = [];
    private readonly Dictionary<int, string> _speakerTerms = [];
    private PostingsTokenizer? _tokenizer;

    /// <summary>The tokenizer this index analyses quotes with (made on first use, on this thread).</summary>
    public PostingsTokenizer Tokenizer => _tokenizer ??= new PostingsTokenizer();

    /// <summary>A quote's analysis with this index's pair words.</summary>
    public Analysis Analyze(IndexedQuote q, PostingsTokenizer? tokenizer = null, List<string>? scratch = null) =>
        Analysis.Of(tokenizer ?? Tokenizer, q, scratch ?? _scratch, PairWords, Options.PairsWithAnyWord);

    /// <summary>Starts a write transaction; the changes and their statistics become visible together at <see cref="PostingsWrite.Commit"/>.</summary>
    public PostingsWrite BeginWrite()
    {
        if (CurrentTransaction is not null || _inOpenTransaction)
        {
            throw new InvalidOperationException("A write is already in progress on this postings index.");
        }

        CurrentTransaction = _connection.BeginTransaction();
        return new PostingsWrite(this);
    }

    /// <summary>Starts a bulk load of new quotes that buffers up to <paramref name="memoryBudget"/> bytes of postings between spills.</summary>
    public PostingsBulkLoad BeginBulkLoad(long memoryBudget = 64L << 20) => new(this, memoryBudget);

    internal void EndWrite(bool commit)
    {
        if (EndWriteInOpenTransaction(commit))
        {
            return;
        }

        var tx = CurrentTransaction!;
        CurrentTransaction = null;
        if (commit)
        {
            tx.Commit();
        }
        else
        {
            tx.Rollback();
            Forget();
        }

        tx.Dispose();
    }

    internal object? Exec(string sql, params (string Name, object? Value)[] args) => Exec(_connection, CurrentTransaction, sql, args);

    internal SqliteCommand Command(string sql, params string[] names)
    {
        var c = _connection.CreateCommand();
        c.Transaction = CurrentTransaction;
        c.CommandText = sql;
        foreach (var n in names)
        {
            c.Parameters.Add(new SqliteParameter { ParameterName = n });
        }

        return c;
    }

    internal long Meta(string key) => (long)Exec("SELECT value FROM px_meta WHERE key = $k", ("$k", key))!;

    internal void SetMeta(string key, long value) => Exec("UPDATE px_meta SET value = $v WHERE key = $k", ("$k", key), ("$v", value));

    /// <summary>The pseudo-term of a speaker's quotes (<see cref="SpeakerTerm"/>), made once per speaker id.</summary>
    internal string SpeakerTermOf(string name)
    {
        var id = SpeakerId(name);
        if (!_speakerTerms.TryGetValue(id, out var term))
        {
            _speakerTerms[id] = term = SpeakerTerm(id);
        }

        return term;
    }

    /// <summary>The speaker's id, added with its key tokens when new.</summary>
    internal int SpeakerId(string name)
    {
        if (_speakerIds.TryGetValue(name, out var id))
        {
            return id;
        }

        if (Exec("SELECT id FROM px_speakers WHERE name = $n", ("$n", name)) is long found)
        {
            return _speakerIds[name] = (int)found;
        }

        var key = TextFolding.SpeakerKey(name);
        id = Convert.ToInt32(Exec("INSERT INTO px_speakers(name, key) VALUES ($n, $k) RETURNING id", ("$n", name), ("$k", key)), System.Globalization.CultureInfo.InvariantCulture);
        foreach (var t in key.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            Exec("INSERT OR IGNORE INTO px_speaker_tokens(token, speaker_id) VALUES ($t, $i)", ("$t", t), ("$i", id));
        }

        return _speakerIds[name] = id;
    }

    /// <summary>Where a quote id is live: in the tail, in a segment at an ordinal, or nowhere.</summary>
    internal (bool Tail, SegmentView? Segment, int Ord) Locate(int id, List<SegmentInfo> segments)
    {
        if (TailLength(id) >= 0)
        {
            return (true, null, -1);
        }

        foreach (var info in segments)
        {
            var view = View(info);
            var ord = view.Find(id);
            if (ord >= 0 && !view.IsDead(ord))
            {
                return (false, view, ord);
            }
        }

        return (false, null, -1);
    }

    /// <summary>Marks one ordinal of a segment deleted (one bitmap row rewritten) and bumps the segment's version.</summary>
    internal void MarkDeleted(SegmentView view, int ord)
    {
        var part = ord / DeletedPerPart;
        var key = ((long)view.Id << TermShift) | (long)part;
        view.Dead[ord >> 6] |= 1UL << (ord & 63);
        var words = Math.Min(DeletedPerPart / 64, view.Dead.Length - part * (DeletedPerPart / 64));
        var bits = MemoryMarshal.AsBytes(view.Dead.AsSpan(part * (DeletedPerPart / 64), words)).ToArray();
        Exec("INSERT OR REPLACE INTO px_deleted(key, bits) VALUES ($k, $b)", ("$k", key), ("$b", bits));
        view.Version = Convert.ToInt64(Exec("UPDATE px_segments SET deleted = deleted + 1, version = version + 1 WHERE id = $i RETURNING version", ("$i", view.Id)), System.Globalization.CultureInfo.InvariantCulture);
        view.Deleted++;
    }

    /// <summary>
    /// Writes a new segment from postings by term (ordinals index <paramref name="quoteIds"/>, increasing; terms in
    /// increasing <see cref="CodePointOrder"/>) and records it in <c>px_segments</c>; returns its id. A list may be
    /// reused by the caller once the next term is asked for.
    /// </summary>
    internal int WriteSegment(int[] quoteIds, ushort[] lengths, IEnumerable<(string Term, PostingList List)> terms) =>
        WriteSegment(quoteIds, lengths, writer =>
        {
            foreach (var (term, list) in terms)
            {
                writer.Begin(term, list.HasPositions);
                for (var i = 0; i < list.Count; i++)
                {
                    writer.Add(list.Ord(i), list.Wtf(i), list.PositionsOf(i));
                }

                writer.End();
            }
        });

    /// <summary>
    /// Writes a new segment whose terms <paramref name="writeTerms"/> streams into a <see cref="TermWriter"/> (terms in
    /// increasing <see cref="CodePointOrder"/>, each term's postings by increasing ordinal), holding at most one chunk
    /// of a term's postings at a time; records it in <c>px_segments</c> and returns its id.
    /// </summary>
    /// <remarks>
    /// With <paramref name="pipePageBytes"/> above 0 the terms are made on another thread and their rows handed to this
    /// one in pages of that size, which it inserts meanwhile (<see cref="SegmentRowPipe"/>): only for a
    /// <paramref name="writeTerms"/> that does not touch the connection (a bulk load's runs in its scratch file).
    /// </remarks>
    internal int WriteSegment(int[] quoteIds, ushort[] lengths, Action<TermWriter> writeTerms, int pipePageBytes = 0)
    {
        var segment = (int)Meta("next_segment");
        if (segment > MaxSegmentId)
        {
            throw new InvalidOperationException($"The postings index has used all {MaxSegmentId} segment ids; rebuild it.");
        }

        SetMeta("next_segment", segment + 1);
        using (var docs = Command("INSERT INTO px_seg_docs(key, ids, lengths) VALUES ($k, $i, $l)", "$k", "$i", "$l"))
        {
            var idBytes = new ByteBuffer(4096);
            for (var part = 0; part * DocsPerPart < quoteIds.Length; part++)
            {
                var start = part * DocsPerPart;
                var n = Math.Min(DocsPerPart, quoteIds.Length - start);
                idBytes.Clear();
                var last = 0;
                for (var i = start; i < start + n; i++)
                {
                    Varint.Write(idBytes, quoteIds[i] - last);
                    last = quoteIds[i];
                }

                docs.Parameters[0].Value = ((long)segment << TermShift) | (long)part;
                docs.Parameters[1].Value = idBytes.ToArray();
                docs.Parameters[2].Value = MemoryMarshal.AsBytes(lengths.AsSpan(start, n)).ToArray();
                docs.ExecuteNonQuery();
            }
        }

        using (var writer = new TermWriter(this, segment, lengths, pipePageBytes))
        {
            if (writer.Pipe is { } pipe)
            {
                WritePiped(writer, pipe, writeTerms);
            }
            else
            {
                writeTerms(writer);
                writer.Finish();
            }
        }

        Exec("INSERT INTO px_segments(id, docs, deleted, version) VALUES ($i, $d, 0, 0)", ("$i", segment), ("$d", quoteIds.Length));
        return segment;
    }

    /// <summary>
    /// <paramref name="writeTerms"/> run on another thread into <paramref name="writer"/>, whose rows this thread inserts
    /// as they come; the first failure of either side stops the other and is thrown here once both have stopped.
    /// </summary>
    private static void WritePiped(TermWriter writer, SegmentRowPipe pipe, Action<TermWriter> writeTerms)
    {
        var making = Task.Run(() =>
        {
            var t = BulkProfile.Start(); // (this thread's CPU)
            var made = false;
            try
            {
                writeTerms(writer);
                writer.Finish();
                made = true;
            }
            finally
            {
                pipe.Complete(made);
                BulkProfile.Stop("postings: segment terms made (beside their rows)", t);
            }
        });
        try
        {
            writer.InsertPiped();
        }
        catch
        {
            pipe.Stop();
            try
            {
                making.Wait();
            }
            catch (AggregateException)
            {
                // (the making side stopped because this side failed: this side's error is the one thrown)
            }

            throw;
        }

        making.GetAwaiter().GetResult();
    }

    /// <summary>Deletes every row of a segment (after a merge has taken its live quotes).</summary>
    internal void DropSegment(int segment)
    {
        var lo = (long)segment << SegmentShift;
        var hi = lo | ((1L << SegmentShift) - 1);
        Exec("DELETE FROM px_chunks WHERE key BETWEEN $a AND $b", ("$a", lo), ("$b", hi));
        Exec("DELETE FROM px_positions WHERE key BETWEEN $a AND $b", ("$a", lo), ("$b", hi));
        Exec("DELETE FROM px_presence WHERE key BETWEEN $a AND $b", ("$a", lo), ("$b", hi));
        Exec("DELETE FROM px_terms WHERE segment = $s", ("$s", segment));
        var plo = (long)segment << TermShift;
        var phi = plo | ((1L << TermShift) - 1);
        Exec("DELETE FROM px_seg_docs WHERE key BETWEEN $a AND $b", ("$a", plo), ("$b", phi));
        Exec("DELETE FROM px_deleted WHERE key BETWEEN $a AND $b", ("$a", plo), ("$b", phi));
        Exec("DELETE FROM px_segments WHERE id = $s", ("$s", segment));
        _views.Remove(segment);
    }

    /// <summary>
    /// Writes a segment's terms, each streamed posting by posting (<see cref="Begin(string, bool)"/>, <see cref="Add"/>,
    /// <see cref="End"/>) in blocks: ordinal deltas and weighted frequencies (<see cref="Varint.WritePosting"/>), positions apart; a skip entry
    /// per block (last ordinal delta, byte lengths, the block's (frequency, length) Pareto front). A chunk row is
    /// written once its blocks are full and the next posting comes, so at most one chunk of postings is held however
    /// long the list; a term of one block is pulsed: postings and positions go in its dictionary row. Terms without
    /// postings are left out.
    /// </summary>
    internal sealed class TermWriter : IDisposable
    {
        private readonly PostingsIndex _index;
        private readonly int _segment;
        private readonly ushort[] _lengths;
        private readonly int _blockSize;
        private readonly int _chunkBlocks;
        // Prepared once per segment and bound from the buffers directly (no array per row).
        private readonly sqlite3_stmt _term;
        private readonly sqlite3_stmt _chunk;
        private readonly sqlite3_stmt _pos;
        private readonly ByteBuffer _chunkDocs = new(4096);
        private readonly ByteBuffer _chunkPos = new(4096);
        private readonly ByteBuffer _skip = new(256);
        private long[] _pairs = new long[128]; // the block's (frequency, length) pairs as sort keys (see WriteFront)
        private int _pairCount;
        private readonly List<(int Wtf, int Length)> _front = [];
        private byte[] _current = new byte[64]; // the term begun, UTF-8
        private int _currentLength = -1; // -1: no term begun
        private byte[] _previous = new byte[64]; // the last term written, UTF-8
        private int _previousLength = -1; // -1: none yet
        private bool _positions;
        private int _termId;
        private int _count;
        private int _inBlock;
        private int _blocks;
        private int _chunkBlocksHeld;
        private int _chunkNo;
        private int _last;
        private int _prevLast;
        private int _docStart;
        private int _posStart;

        public TermWriter(PostingsIndex index, int segment, ushort[] lengths, int pipePageBytes = 0)
        {
            Pipe = pipePageBytes > 0 ? new SegmentRowPipe(pipePageBytes) : null;
            _index = index;
            _segment = segment;
            _lengths = lengths;
            _blockSize = index.Options.BlockSize;
            _chunkBlocks = index.Options.ChunkBlocks;
            _term = index.Prepare("INSERT INTO px_terms(segment, term, id, count, skip, pulsed) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
            _chunk = index.Prepare("INSERT INTO px_chunks(key, docs) VALUES (?1, ?2)");
            _pos = index.Prepare("INSERT INTO px_positions(key, pos) VALUES (?1, ?2)");
            _presence = new PresenceWriter(index, lengths.Length);
        }

        private readonly PresenceWriter _presence;

        /// <summary>Where the rows go when another thread inserts them (null: inserted at once).</summary>
        public SegmentRowPipe? Pipe { get; }

        /// <summary>The most postings this writer has held at once (those of the chunk being filled).</summary>
        public int MaxHeldPostings { get; private set; }

        /// <summary>Starts a term (after the previous one in code point order).</summary>
        public void Begin(string term, bool hasPositions)
        {
            var bytes = System.Text.Encoding.UTF8.GetByteCount(term);
            if (_encoded.Length < bytes)
            {
                _encoded = new byte[Math.Max(bytes, _encoded.Length * 2)];
            }

            Begin(_encoded.AsSpan(0, System.Text.Encoding.UTF8.GetBytes(term, _encoded)), hasPositions);
        }

        private byte[] _encoded = new byte[64];

        /// <summary>
        /// Starts a term given as its UTF-8 bytes (after the previous one: UTF-8's byte order is code point order, the
        /// order SQLite's BINARY collation keeps them in).
        /// </summary>
        public void Begin(ReadOnlySpan<byte> term, bool hasPositions)
        {
            if (_currentLength >= 0)
            {
                throw new InvalidOperationException($"Term {Text(_current, _currentLength)} was begun and not ended.");
            }

            // Term ids follow the terms' code point order: a merge then reads each input's rows in key order.
            if (_previousLength >= 0 && _previous.AsSpan(0, _previousLength).SequenceCompareTo(term) >= 0)
            {
                throw new InvalidOperationException($"Terms must be written in increasing code point order; {System.Text.Encoding.UTF8.GetString(term)} came after {Text(_previous, _previousLength)}.");
            }

            if (_termId > MaxTermId)
            {
                throw new InvalidOperationException($"A segment holds at most {MaxTermId + 1} terms.");
            }

            if (_current.Length < term.Length)
            {
                _current = new byte[Math.Max(term.Length, _current.Length * 2)];
            }

            term.CopyTo(_current);
            _currentLength = term.Length;
            _positions = hasPositions;
            _skip.Clear();
            _chunkDocs.Clear();
            _chunkPos.Clear();
            _count = _inBlock = _blocks = _chunkBlocksHeld = _chunkNo = 0;
            _last = _prevLast = -1;
            _docStart = _posStart = 0;
            _pairCount = 0;
        }

        private static string Text(byte[] utf8, int length) => System.Text.Encoding.UTF8.GetString(utf8, 0, length);

        /// <summary>The term begun, as text (for messages).</summary>
        private string CurrentText => Text(_current, Math.Max(0, _currentLength));

        /// <summary>Adds the term's next posting (ordinals increasing); <paramref name="positions"/> encoded, empty for pseudo-terms.</summary>
        public void Add(int ord, int wtf, ReadOnlySpan<byte> positions)
        {
            if (_inBlock == _blockSize)
            {
                CloseBlock();
            }

            if (_chunkBlocksHeld == _chunkBlocks)
            {
                WriteChunk();
            }

            if (ord <= _last || ord >= _lengths.Length)
            {
                throw new InvalidOperationException($"Term {CurrentText} has ordinal {ord} after {_last} (of {_lengths.Length}).");
            }

            Varint.WritePosting(_chunkDocs, ord - _last, wtf);
            if (_positions)
            {
                _chunkPos.AddRange(positions);
                _presence.Add(ord);
            }

            _last = ord;
            if (_pairCount == _pairs.Length)
            {
                Array.Resize(ref _pairs, _pairCount * 2);
            }

            _pairs[_pairCount++] = PairKey(wtf, _lengths[ord]);
            _inBlock++;
            _count++;
            MaxHeldPostings = Math.Max(MaxHeldPostings, _chunkBlocksHeld * _blockSize + _inBlock);
        }

        /// <summary>Ends the term: its last block and chunk, and its dictionary row (none when it had no postings).</summary>
        public void End()
        {
            if (_currentLength < 0)
            {
                throw new InvalidOperationException("No term was begun.");
            }

            var length = _currentLength;
            _currentLength = -1;
            if (_count == 0)
            {
                return;
            }

            CloseBlock();
            var pulsed = _blocks == 1;
            if (pulsed)
            {
                // One block: pulsed into the dictionary row (postings, then positions), no chunk rows.
                _chunkDocs.AddRange(_chunkPos.Span);
            }
            else
            {
                WriteChunk();
            }

            if (Pipe is null)
            {
                InsertTerm(_current.AsSpan(0, length), _termId, _count, _skip.Span, _chunkDocs.Span, pulsed);
            }
            else
            {
                Pipe.Term(_current.AsSpan(0, length), _termId, _count, _skip.Span, _chunkDocs.Span, pulsed);
            }

            if (_positions)
            {
                _presence.End(ChunkKey(_segment, _termId, 0), _count, _blocks, _index._db, Pipe);
            }

            _termId++;
            (_previous, _current) = (_current, _previous); // the term written becomes the previous one (its bytes kept)
            _previousLength = length;
        }

        /// <summary>Checks that no term was left open.</summary>
        public void Finish()
        {
            if (_currentLength >= 0)
            {
                throw new InvalidOperationException($"Term {CurrentText} was begun and not ended.");
            }
        }

        private void CloseBlock()
        {
            Varint.Write(_skip, _last - _prevLast);
            Varint.Write(_skip, _chunkDocs.Count - _docStart);
            Varint.Write(_skip, _chunkPos.Count - _posStart);
            WriteFront();
            _prevLast = _last;
            _docStart = _chunkDocs.Count;
            _posStart = _chunkPos.Count;
            _inBlock = 0;
            _blocks++;
            _chunkBlocksHeld++;
            _pairCount = 0;
        }

        private void WriteChunk()
        {
            if (_chunkNo >= 1 << TermShift)
            {
                throw new InvalidOperationException($"Term {CurrentText} has more than {1 << TermShift} chunks in one segment.");
            }

            var key = ChunkKey(_segment, _termId, _chunkNo++);
            Row(SegmentRowPipe.Kind.Chunk, key, _chunkDocs.Span);
            if (_positions)
            {
                Row(SegmentRowPipe.Kind.Positions, key, _chunkPos.Span);
            }

            _chunkDocs.Clear();
            _chunkPos.Clear();
            _docStart = _posStart = 0;
            _chunkBlocksHeld = 0;
        }

        /// <summary>
        /// The block's Pareto front of (frequency, length): by frequency from the highest, each pair whose length is
        /// below every length before it (ties: the shortest first), so no pair kept is beaten on both by another. When
        /// every frequency is below <see cref="SmallFrequencies"/> (nearly always) this needs no sort: the shortest
        /// length of each frequency, then the frequencies from the highest down; else the pairs are sorted.
        /// </summary>
        private void WriteFront()
        {
            var pairs = _pairs.AsSpan(0, _pairCount);
            _front.Clear();
            var top = 0;
            foreach (var key in pairs)
            {
                var wtf = int.MaxValue - (int)(key >> 32);
                if ((uint)wtf >= SmallFrequencies)
                {
                    top = -1;
                    break;
                }

                top = Math.Max(top, wtf);
            }

            var shortest = int.MaxValue;
            if (top >= 0)
            {
                var least = _leastLength.AsSpan(0, top + 1);
                least.Fill(int.MaxValue);
                foreach (var key in pairs)
                {
                    ref var l = ref least[int.MaxValue - (int)(key >> 32)];
                    l = Math.Min(l, (int)(uint)key);
                }

                for (var wtf = top; wtf >= 0; wtf--)
                {
                    if (least[wtf] < shortest)
                    {
                        _front.Add((wtf, least[wtf]));
                        shortest = least[wtf];
                    }
                }
            }
            else
            {
                pairs.Sort(); // by frequency from the highest, then by length from the shortest (PairKey)
                foreach (var key in pairs)
                {
                    var wtf = int.MaxValue - (int)(key >> 32);
                    var length = (int)(uint)key;
                    if (length < shortest)
                    {
                        _front.Add((wtf, length));
                        shortest = length;
                    }
                }
            }

            Varint.Write(_skip, _front.Count);
            foreach (var (wtf, length) in _front)
            {
                Varint.Write(_skip, wtf);
                Varint.Write(_skip, length);
            }
        }

        /// <summary>Frequencies below this take <see cref="WriteFront"/>'s path without a sort.</summary>
        internal const int SmallFrequencies = 256;

        private readonly int[] _leastLength = new int[SmallFrequencies]; // per frequency, the block's shortest length

        /// <summary>A (frequency, length) pair as one number whose increasing order is decreasing frequency, then increasing length.</summary>
        private static long PairKey(int wtf, int length) => ((long)(int.MaxValue - wtf) << 32) | (uint)length;

        /// <summary>A chunk's postings or positions: inserted, or handed to the pipe.</summary>
        private void Row(SegmentRowPipe.Kind kind, long key, ReadOnlySpan<byte> blob)
        {
            if (Pipe is null)
            {
                InsertBlob(kind == SegmentRowPipe.Kind.Chunk ? _chunk : _pos, key, blob);
            }
            else
            {
                Pipe.Blob(kind, key, blob);
            }
        }

        private void InsertTerm(ReadOnlySpan<byte> term, int id, int count, ReadOnlySpan<byte> skip, ReadOnlySpan<byte> postings, bool pulsed)
        {
            raw.sqlite3_bind_int64(_term, 1, _segment);
            raw.sqlite3_bind_text(_term, 2, term);
            raw.sqlite3_bind_int64(_term, 3, id);
            raw.sqlite3_bind_int64(_term, 4, count);
            raw.sqlite3_bind_blob(_term, 5, skip);
            if (pulsed)
            {
                raw.sqlite3_bind_blob(_term, 6, postings);
            }
            else
            {
                raw.sqlite3_bind_null(_term, 6);
            }

            Step(_term);
        }

        private void InsertBlob(sqlite3_stmt stmt, long key, ReadOnlySpan<byte> blob)
        {
            raw.sqlite3_bind_int64(stmt, 1, key);
            raw.sqlite3_bind_blob(stmt, 2, blob);
            Step(stmt);
        }

        /// <summary>Inserts the rows the pipe brings, in order, until the making side completes (on the connection's thread).</summary>
        public void InsertPiped()
        {
            var pipe = Pipe ?? throw new InvalidOperationException("This term writer inserts its rows itself.");
            foreach (var page in pipe.Pages())
            {
                var data = page.Span;
                var at = 0;
                while (at < data.Length)
                {
                    var row = SegmentRowPipe.Read(data, ref at);
                    switch (row.Kind)
                    {
                        case SegmentRowPipe.Kind.Term:
                            InsertTerm(data.Slice(row.DataAt, row.DataLength), (int)row.Key, row.Count, data.Slice(row.SkipAt, row.SkipLength),
                                row.PulsedLength < 0 ? default : data.Slice(row.PulsedAt, row.PulsedLength), row.PulsedLength >= 0);
                            break;
                        case SegmentRowPipe.Kind.Chunk:
                            InsertBlob(_chunk, row.Key, data.Slice(row.DataAt, row.DataLength));
                            break;
                        case SegmentRowPipe.Kind.Positions:
                            InsertBlob(_pos, row.Key, data.Slice(row.DataAt, row.DataLength));
                            break;
                        default:
                            _presence.Insert(row.Key, data.Slice(row.DataAt, row.DataLength), _index._db);
                            break;
                    }
                }

                pipe.Recycle(page);
            }
        }

        private void Step(sqlite3_stmt stmt)
        {
            var rc = raw.sqlite3_step(stmt);
            raw.sqlite3_reset(stmt);
            if (rc != raw.SQLITE_DONE)
            {
                SqliteException.ThrowExceptionForRC(rc, _index._db);
            }
        }

        public void Dispose()
        {
            _term.Dispose();
            _chunk.Dispose();
            _pos.Dispose();
            _presence.Dispose();
            Pipe?.Dispose();
        }
    }
}
