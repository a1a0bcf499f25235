using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;
using QuoteBot.Core.Text;

namespace QuoteBot.Storage.Sqlite.Postings;

internal sealed partial class PostingsIndex
{
    private readonly Dictionary<string, int> _speakerIds = new(StringComparer.Ordinal);
    private readonly List<string> _scratch = [];
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
    internal int WriteSegment(int[] quoteIds, ushort[] lengths, IEnumerable<(string Term, PostingList List)> terms)
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

        using var writer = new TermWriter(this, segment, lengths);
        var termId = 0;
        string? previous = null;
        foreach (var (term, list) in terms)
        {
            if (list.Count == 0)
            {
                continue;
            }

            if (termId > MaxTermId)
            {
                throw new InvalidOperationException($"A segment holds at most {MaxTermId + 1} terms.");
            }

            // Term ids follow the terms' code point order: a merge then reads each input's rows in key order.
            if (previous is not null && CodePointOrder.Instance.Compare(previous, term) >= 0)
            {
                throw new InvalidOperationException($"Terms must be written in increasing code point order; {term} came after {previous}.");
            }

            writer.Write(termId++, term, list);
            previous = term;
        }

        Exec("INSERT INTO px_segments(id, docs, deleted, version) VALUES ($i, $d, 0, 0)", ("$i", segment), ("$d", quoteIds.Length));
        return segment;
    }

    /// <summary>Deletes every row of a segment (after a merge has taken its live quotes).</summary>
    internal void DropSegment(int segment)
    {
        var lo = (long)segment << SegmentShift;
        var hi = lo | ((1L << SegmentShift) - 1);
        Exec("DELETE FROM px_chunks WHERE key BETWEEN $a AND $b", ("$a", lo), ("$b", hi));
        Exec("DELETE FROM px_positions WHERE key BETWEEN $a AND $b", ("$a", lo), ("$b", hi));
        Exec("DELETE FROM px_terms WHERE segment = $s", ("$s", segment));
        var plo = (long)segment << TermShift;
        var phi = plo | ((1L << TermShift) - 1);
        Exec("DELETE FROM px_seg_docs WHERE key BETWEEN $a AND $b", ("$a", plo), ("$b", phi));
        Exec("DELETE FROM px_deleted WHERE key BETWEEN $a AND $b", ("$a", plo), ("$b", phi));
        Exec("DELETE FROM px_segments WHERE id = $s", ("$s", segment));
        _views.Remove(segment);
    }

    /// <summary>
    /// Writes one term's postings in blocks: ordinal deltas and weighted frequencies as varints, positions apart; a
    /// skip entry per block (last ordinal delta, byte lengths, the block's (frequency, length) Pareto front). A term of
    /// one block is pulsed: postings and positions go in its dictionary row.
    /// </summary>
    private sealed class TermWriter : IDisposable
    {
        private readonly PostingsIndex _index;
        private readonly int _segment;
        private readonly ushort[] _lengths;
        private readonly SqliteCommand _term;
        private readonly SqliteCommand _chunk;
        private readonly SqliteCommand _pos;
        private readonly ByteBuffer _chunkDocs = new(4096);
        private readonly ByteBuffer _chunkPos = new(4096);
        private readonly ByteBuffer _skip = new(256);
        private readonly List<(int Wtf, int Length)> _pairs = [];
        private readonly List<(int Wtf, int Length)> _front = [];

        public TermWriter(PostingsIndex index, int segment, ushort[] lengths)
        {
            _index = index;
            _segment = segment;
            _lengths = lengths;
            _term = index.Command("INSERT INTO px_terms(segment, term, id, count, skip, pulsed) VALUES ($s, $t, $i, $c, $k, $p)", "$s", "$t", "$i", "$c", "$k", "$p");
            _chunk = index.Command("INSERT INTO px_chunks(key, docs) VALUES ($k, $b)", "$k", "$b");
            _pos = index.Command("INSERT INTO px_positions(key, pos) VALUES ($k, $b)", "$k", "$b");
        }

        public void Write(int termId, string term, PostingList list)
        {
            var blockSize = _index.Options.BlockSize;
            var chunkBlocks = _index.Options.ChunkBlocks;
            _skip.Clear();
            _chunkDocs.Clear();
            _chunkPos.Clear();
            var prevLast = -1;
            var chunk = 0;
            var blocks = 0;
            byte[]? pulsed = null;
            for (var start = 0; start < list.Count; start += blockSize)
            {
                var end = Math.Min(list.Count, start + blockSize);
                var docStart = _chunkDocs.Count;
                var posStart = _chunkPos.Count;
                var last = prevLast;
                _pairs.Clear();
                for (var i = start; i < end; i++)
                {
                    var ord = list.Ord(i);
                    Varint.Write(_chunkDocs, ord - last);
                    Varint.Write(_chunkDocs, list.Wtf(i));
                    _chunkPos.AddRange(list.PositionsOf(i));
                    last = ord;
                    _pairs.Add((list.Wtf(i), _lengths[ord]));
                }

                Varint.Write(_skip, last - prevLast);
                Varint.Write(_skip, _chunkDocs.Count - docStart);
                Varint.Write(_skip, _chunkPos.Count - posStart);
                WriteFront();
                prevLast = last;
                blocks++;
                if (end == list.Count && start == 0)
                {
                    // One block: pulsed into the dictionary row (postings, then positions), no chunk rows.
                    _chunkDocs.AddRange(_chunkPos.Span);
                    pulsed = _chunkDocs.ToArray();
                }
                else if (blocks % chunkBlocks == 0 || end == list.Count)
                {
                    if (chunk >= 1 << TermShift)
                    {
                        throw new InvalidOperationException($"Term {term} has more than {1 << TermShift} chunks in one segment.");
                    }

                    var key = ChunkKey(_segment, termId, chunk++);
                    _chunk.Parameters[0].Value = key;
                    _chunk.Parameters[1].Value = _chunkDocs.ToArray();
                    _chunk.ExecuteNonQuery();
                    if (list.HasPositions)
                    {
                        _pos.Parameters[0].Value = key;
                        _pos.Parameters[1].Value = _chunkPos.ToArray();
                        _pos.ExecuteNonQuery();
                    }

                    _chunkDocs.Clear();
                    _chunkPos.Clear();
                }
            }

            _term.Parameters[0].Value = _segment;
            _term.Parameters[1].Value = term;
            _term.Parameters[2].Value = termId;
            _term.Parameters[3].Value = list.Count;
            _term.Parameters[4].Value = _skip.ToArray();
            _term.Parameters[5].Value = pulsed is null ? DBNull.Value : pulsed;
            _term.ExecuteNonQuery();
        }

        /// <summary>
        /// The block's Pareto front of (frequency, length): by frequency from the highest, each pair whose length is
        /// below every length before it (ties: the shortest first), so no pair kept is beaten on both by another.
        /// </summary>
        private void WriteFront()
        {
            _pairs.Sort((x, y) => x.Wtf != y.Wtf ? y.Wtf.CompareTo(x.Wtf) : x.Length.CompareTo(y.Length));
            _front.Clear();
            var shortest = int.MaxValue;
            foreach (var (wtf, length) in _pairs)
            {
                if (length < shortest)
                {
                    _front.Add((wtf, length));
                    shortest = length;
                }
            }

            Varint.Write(_skip, _front.Count);
            foreach (var (wtf, length) in _front)
            {
                Varint.Write(_skip, wtf);
                Varint.Write(_skip, length);
            }
        }

        public void Dispose()
        {
            _term.Dispose();
            _chunk.Dispose();
            _pos.Dispose();
        }
    }
}
