using System.Buffers.Binary;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace QuoteBot.Storage.Sqlite.Postings;

/// <summary>
/// A bulk load's spills inside one open write transaction (issue 16, session 16): each spill is a <em>run</em> appended
/// to a scratch file, its terms in code point order, each with its postings exactly as the load's term buffer holds them
/// (ordinal gaps, weighted frequencies, encoded positions); no SQLite row is written for it. Before the transaction
/// commits, <see cref="WriteTerms"/> joins the runs term by term (a heap by the terms' UTF-8 bytes; a term's runs one
/// after another, as their ordinals are) straight into the segment's <see cref="PostingsIndex.TermWriter"/>, so each
/// posting is encoded into the index once, where spilled segments were written, read back, merged and written again.
/// The file is unlinked as soon as it is open (Unix; deleted on close elsewhere), so a killed process leaves none behind;
/// it is emptied after each segment.
/// </summary>
internal sealed class ScratchRuns : IDisposable
{
    private readonly FileStream _file;
    private readonly List<(long Start, long Length)> _runs = [];
    private readonly ByteBuffer _header = new(64);
    private long _runStart = -1;

    public ScratchRuns(string directory)
    {
        var path = Path.Combine(directory, $".quotebot-bulk-{Environment.ProcessId}-{Guid.NewGuid():N}.tmp");
        var unix = !OperatingSystem.IsWindows();
        _file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, unix ? FileOptions.None : FileOptions.DeleteOnClose);
        if (unix)
        {
            File.Delete(path); // the open handle keeps the file until it is closed
        }
    }

    /// <summary>Runs written since the file was last emptied.</summary>
    public int Count => _runs.Count;

    /// <summary>Bytes the runs take in the file.</summary>
    public long Bytes => _file.Length;

    public void BeginRun()
    {
        _runStart = _file.Position;
    }

    /// <summary>Starts a term of the run (after the previous one in code point order); its postings' bytes follow through <see cref="Data"/>.</summary>
    public void Term(ReadOnlySpan<byte> utf8, bool hasPositions, bool isToken, int count, int dataLength)
    {
        _header.Clear();
        Varint.Write(_header, utf8.Length);
        _header.AddRange(utf8);
        _header.Add((byte)((hasPositions ? 1 : 0) | (isToken ? 2 : 0)));
        Varint.Write(_header, count);
        Varint.Write(_header, dataLength);
        _file.Write(_header.Span);
    }

    public void Data(ReadOnlySpan<byte> bytes) => _file.Write(bytes);

    public void EndRun()
    {
        _runs.Add((_runStart, _file.Position - _runStart));
        _runStart = -1;
    }

    /// <summary>
    /// Every run's terms joined in code point order into <paramref name="writer"/>; the document frequency of each real
    /// token (not a pair or speaker pseudo-term) is added to <paramref name="df"/>. Ordinals are the segment's: a run's
    /// come after every ordinal of the runs before it.
    /// </summary>
    public void WriteTerms(PostingsIndex.TermWriter writer, List<(string Term, long Df)> df)
    {
        _file.Flush();
        var heap = new List<RunReader>(_runs.Count);
        for (var i = 0; i < _runs.Count; i++)
        {
            var reader = new RunReader(_file.SafeFileHandle, _runs[i].Start, _runs[i].Length, i);
            if (reader.NextTerm())
            {
                Push(heap, reader);
            }
        }

        var had = new List<RunReader>(_runs.Count);
        while (heap.Count > 0)
        {
            had.Clear();
            had.Add(Pop(heap));
            while (heap.Count > 0 && SameTerm(heap[0], had[0]))
            {
                had.Add(Pop(heap)); // (in run order: the heap breaks ties by run)
            }

            var first = had[0];
            writer.Begin(first.Term, first.HasPositions);
            long count = 0;
            foreach (var run in had)
            {
                if (run.HasPositions != first.HasPositions)
                {
                    throw new InvalidDataException($"Term {Encoding.UTF8.GetString(first.Term)} has positions in some runs only.");
                }

                while (run.NextPosting())
                {
                    writer.Add(run.Ord, run.Wtf, run.Positions);
                }

                count += run.Count;
            }

            writer.End();
            if (first.IsToken)
            {
                df.Add((Encoding.UTF8.GetString(first.Term), count));
            }

            foreach (var run in had)
            {
                if (run.NextTerm())
                {
                    Push(heap, run);
                }
            }
        }
    }

    /// <summary>Forgets every run and empties the file (after their segment is written).</summary>
    public void Clear()
    {
        _runs.Clear();
        _file.SetLength(0);
        _file.Position = 0;
    }

    public void Dispose() => _file.Dispose();

    /// <summary>Term order, then run order: by the terms' first eight bytes as one number, their bytes only past those.</summary>
    private static bool Less(RunReader a, RunReader b)
    {
        int c;
        if (a.Head != b.Head)
        {
            return a.Head < b.Head;
        }

        if (a.TermLength <= 8 && b.TermLength <= 8)
        {
            c = a.TermLength.CompareTo(b.TermLength); // (same first bytes: the shorter is a prefix of the longer)
        }
        else
        {
            c = a.Term.SequenceCompareTo(b.Term);
        }

        return c < 0 || (c == 0 && a.Order < b.Order);
    }

    private static bool SameTerm(RunReader a, RunReader b) =>
        a.Head == b.Head && a.TermLength == b.TermLength && (a.TermLength <= 8 || a.Term.SequenceEqual(b.Term));

    private static void Push(List<RunReader> heap, RunReader item)
    {
        heap.Add(item);
        var i = heap.Count - 1;
        while (i > 0)
        {
            var parent = (i - 1) / 2;
            if (Less(heap[parent], item))
            {
                break;
            }

            heap[i] = heap[parent];
            i = parent;
        }

        heap[i] = item;
    }

    private static RunReader Pop(List<RunReader> heap)
    {
        var top = heap[0];
        var last = heap[^1];
        heap.RemoveAt(heap.Count - 1);
        if (heap.Count > 0)
        {
            var i = 0;
            while (true)
            {
                var child = 2 * i + 1;
                if (child >= heap.Count)
                {
                    break;
                }

                if (child + 1 < heap.Count && Less(heap[child + 1], heap[child]))
                {
                    child++;
                }

                if (Less(last, heap[child]))
                {
                    break;
                }

                heap[i] = heap[child];
                i = child;
            }

            heap[i] = last;
        }

        return top;
    }

    /// <summary>One run read front to back through a small buffer: its terms in order, each term's postings in order.</summary>
    private sealed class RunReader(SafeFileHandle file, long start, long length, int order)
    {
        private readonly long _stop = start + length;
        private long _next = start; // file offset of the byte after the buffer's last
        private byte[] _buffer = new byte[16 * 1024];
        private int _at; // next byte to parse
        private int _end; // bytes read into the buffer
        private byte[] _term = new byte[64];
        private int _termLength;
        private int _left; // postings of the current term not read yet
        private int _dataLeft; // their bytes
        private int _ord;
        private int _positionsStart;
        private int _positionsEnd;

        /// <summary>This run's place among the runs (its ordinals come after the runs' before it).</summary>
        public int Order { get; } = order;

        public ReadOnlySpan<byte> Term => _term.AsSpan(0, _termLength);

        public int TermLength => _termLength;

        /// <summary>The term's first eight bytes as a big-endian number (zero-padded): their byte order is its order.</summary>
        public ulong Head { get; private set; }

        public bool HasPositions { get; private set; }

        public bool IsToken { get; private set; }

        /// <summary>The current term's postings in this run.</summary>
        public int Count { get; private set; }

        public int Ord => _ord;

        public int Wtf { get; private set; }

        /// <summary>The current posting's encoded positions (valid until the next call).</summary>
        public ReadOnlySpan<byte> Positions => _buffer.AsSpan(_positionsStart, _positionsEnd - _positionsStart);

        /// <summary>Moves to the run's next term; false at its end.</summary>
        public bool NextTerm()
        {
            if (_left > 0 || _dataLeft > 0)
            {
                throw new InvalidOperationException("A term's postings were not all read.");
            }

            if (_at == _end && _next == _stop)
            {
                return false;
            }

            while (true)
            {
                var data = _buffer.AsSpan(_at, _end - _at);
                var at = 0;
                if (TryRead(data, ref at, out var termLength) && at + termLength + 1 <= data.Length)
                {
                    var term = data.Slice(at, termLength);
                    var flags = data[at + termLength];
                    at += termLength + 1;
                    if (TryRead(data, ref at, out var count) && TryRead(data, ref at, out var dataLength))
                    {
                        if (_term.Length < termLength)
                        {
                            _term = new byte[Math.Max(termLength, _term.Length * 2)];
                        }

                        term.CopyTo(_term);
                        _termLength = termLength;
                        Head = HeadOf(term);
                        HasPositions = (flags & 1) != 0;
                        IsToken = (flags & 2) != 0;
                        Count = _left = count;
                        _dataLeft = dataLength;
                        _ord = -1;
                        _at += at;
                        return true;
                    }
                }

                More();
            }
        }

        private static ulong HeadOf(ReadOnlySpan<byte> term)
        {
            if (term.Length >= 8)
            {
                return BinaryPrimitives.ReadUInt64BigEndian(term);
            }

            ulong head = 0;
            for (var i = 0; i < 8; i++)
            {
                head = (head << 8) | (i < term.Length ? term[i] : 0UL);
            }

            return head;
        }

        /// <summary>Moves to the current term's next posting; false when none is left.</summary>
        public bool NextPosting()
        {
            if (_left == 0)
            {
                if (_dataLeft != 0)
                {
                    throw new InvalidDataException($"A scratch run's term {Encoding.UTF8.GetString(Term)} has {_dataLeft} bytes after its last posting.");
                }

                return false;
            }

            while (true)
            {
                var data = _buffer.AsSpan(_at, _end - _at);
                var at = 0;
                if (TryRead(data, ref at, out var gap) && TryRead(data, ref at, out var wtf))
                {
                    var positionsStart = at;
                    var whole = true;
                    if (HasPositions)
                    {
                        whole = TryRead(data, ref at, out var n);
                        for (; whole && n > 0; n--)
                        {
                            whole = TryRead(data, ref at, out _);
                        }
                    }

                    if (whole)
                    {
                        _ord += gap;
                        Wtf = wtf;
                        _positionsStart = _at + positionsStart;
                        _positionsEnd = _at + at;
                        _at += at;
                        _dataLeft -= at;
                        _left--;
                        return true;
                    }
                }

                More();
            }
        }

        /// <summary>Reads more of the run after the bytes not parsed yet (a larger buffer when they fill it).</summary>
        private void More()
        {
            if (_next == _stop)
            {
                throw new InvalidDataException("A scratch run ends inside a term.");
            }

            var have = _end - _at;
            if (have == _buffer.Length)
            {
                var bigger = new byte[_buffer.Length * 2];
                _buffer.AsSpan(_at, have).CopyTo(bigger);
                _buffer = bigger;
            }
            else
            {
                _buffer.AsSpan(_at, have).CopyTo(_buffer);
            }

            _at = 0;
            _end = have;
            while (_end < _buffer.Length && _next < _stop)
            {
                var n = RandomAccess.Read(file, _buffer.AsSpan(_end, (int)Math.Min(_buffer.Length - _end, _stop - _next)), _next);
                if (n <= 0)
                {
                    throw new InvalidDataException("The scratch file ended before its runs did.");
                }

                _end += n;
                _next += n;
            }
        }

        /// <summary>A varint from <paramref name="data"/> at <paramref name="at"/>, or false when it runs past the bytes there.</summary>
        private static bool TryRead(ReadOnlySpan<byte> data, ref int at, out int value)
        {
            value = 0;
            var p = at;
            for (var shift = 0; p < data.Length && shift < 35; shift += 7)
            {
                int b = data[p++];
                value |= (b & 0x7F) << shift;
                if (b < 0x80)
                {
                    at = p;
                    return true;
                }
            }

            if (p < data.Length)
            {
                throw new InvalidDataException("A scratch run holds a varint longer than five bytes.");
            }

            return false;
        }
    }
}
