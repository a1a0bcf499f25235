using System.Buffers.Binary;
using System.Collections.Concurrent;

namespace QuoteBot.Storage.Sqlite.Postings;

/// <summary>
/// A segment's rows handed from the thread that makes them (a bulk load's runs merged and encoded into blocks, skip
/// entries and presence maps) to the thread that owns the connection and inserts them (issue 16, session 22), so the
/// two run side by side on two cores where one thread did both. Rows travel in pages of about <c>pageBytes</c> (<see cref="PageBytes"/> in a bulk load),
/// at most <see cref="PagesWaiting"/> of them waiting (a few MB), in the order made: the rows, their order and so the file are
/// those the one thread wrote. <see cref="PostingsIndex.WriteSegment(int[], ushort[], Action{PostingsIndex.TermWriter}, int)"/>
/// runs both ends; a failure at either end stops the other and is thrown to its caller.
/// </summary>
internal sealed class SegmentRowPipe(int pageBytes) : IDisposable
{
    /// <summary>The page size a bulk load's pipe uses.</summary>
    internal const int PageBytes = 256 * 1024;

    /// <summary>Pages that may wait for the inserting side (the making side waits beyond).</summary>
    internal const int PagesWaiting = 4;

    public enum Kind : byte
    {
        Term,
        Chunk,
        Positions,
        Presence,
    }

    private readonly BlockingCollection<ByteBuffer> _full = new(PagesWaiting);
    private readonly ConcurrentQueue<ByteBuffer> _free = new();
    private readonly CancellationTokenSource _stop = new();
    private ByteBuffer _page = new(pageBytes + 4096);

    /// <summary>Pages handed over in all (tests).</summary>
    internal int PagesHanded { get; private set; }

    // ---- the making side ----

    /// <summary>A row of one key and one blob (a chunk's postings, its positions, a presence map).</summary>
    public void Blob(Kind kind, long key, ReadOnlySpan<byte> blob)
    {
        Span<byte> head = stackalloc byte[13];
        head[0] = (byte)kind;
        BinaryPrimitives.WriteInt64LittleEndian(head[1..], key);
        BinaryPrimitives.WriteInt32LittleEndian(head[9..], blob.Length);
        _page.AddRange(head);
        _page.AddRange(blob);
        HandWhenFull();
    }

    /// <summary>A term's dictionary row: its UTF-8 text, id, postings count, skip entries and, when pulsed, its postings.</summary>
    public void Term(ReadOnlySpan<byte> term, int id, int count, ReadOnlySpan<byte> skip, ReadOnlySpan<byte> pulsed, bool isPulsed)
    {
        Span<byte> head = stackalloc byte[13];
        head[0] = (byte)Kind.Term;
        BinaryPrimitives.WriteInt32LittleEndian(head[1..], id);
        BinaryPrimitives.WriteInt32LittleEndian(head[5..], count);
        BinaryPrimitives.WriteInt32LittleEndian(head[9..], term.Length);
        _page.AddRange(head);
        _page.AddRange(term);
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(length, skip.Length);
        _page.AddRange(length);
        _page.AddRange(skip);
        BinaryPrimitives.WriteInt32LittleEndian(length, isPulsed ? pulsed.Length : -1);
        _page.AddRange(length);
        _page.AddRange(isPulsed ? pulsed : default);
        HandWhenFull();
    }

    /// <summary>The making side is done: with <paramref name="made"/> the last page is handed over; either way no more come.</summary>
    public void Complete(bool made)
    {
        try
        {
            if (made && _page.Count > 0)
            {
                Hand();
            }
        }
        finally
        {
            _full.CompleteAdding();
        }
    }

    private void HandWhenFull()
    {
        if (_page.Count >= pageBytes)
        {
            Hand();
        }
    }

    private void Hand()
    {
        _full.Add(_page, _stop.Token); // waits while PagesWaiting pages wait; throws once the inserting side has stopped
        PagesHanded++;
        _page = _free.TryDequeue(out var page) ? page : new ByteBuffer(pageBytes + 4096);
    }

    // ---- the inserting side ----

    /// <summary>The pages in the order made, until the making side completes; give each back with <see cref="Recycle"/>.</summary>
    public IEnumerable<ByteBuffer> Pages() => _full.GetConsumingEnumerable();

    public void Recycle(ByteBuffer page)
    {
        page.Clear();
        _free.Enqueue(page);
    }

    /// <summary>The inserting side failed: the making side stops at its next page.</summary>
    public void Stop() => _stop.Cancel();

    /// <summary>Reads the row at <paramref name="at"/> of a page (moving past it).</summary>
    public static Row Read(ReadOnlySpan<byte> page, ref int at)
    {
        var kind = (Kind)page[at];
        if (kind == Kind.Term)
        {
            var id = BinaryPrimitives.ReadInt32LittleEndian(page[(at + 1)..]);
            var count = BinaryPrimitives.ReadInt32LittleEndian(page[(at + 5)..]);
            var termLength = BinaryPrimitives.ReadInt32LittleEndian(page[(at + 9)..]);
            var termAt = at + 13;
            var skipLength = BinaryPrimitives.ReadInt32LittleEndian(page[(termAt + termLength)..]);
            var skipAt = termAt + termLength + 4;
            var pulsedLength = BinaryPrimitives.ReadInt32LittleEndian(page[(skipAt + skipLength)..]);
            var pulsedAt = skipAt + skipLength + 4;
            at = pulsedAt + Math.Max(0, pulsedLength);
            return new Row(kind, id, count, termAt, termLength, skipAt, skipLength, pulsedAt, pulsedLength);
        }

        var key = BinaryPrimitives.ReadInt64LittleEndian(page[(at + 1)..]);
        var blobLength = BinaryPrimitives.ReadInt32LittleEndian(page[(at + 9)..]);
        var blobAt = at + 13;
        at = blobAt + blobLength;
        return new Row(kind, key, 0, blobAt, blobLength, 0, 0, 0, 0);
    }

    /// <summary>
    /// One row of a page, as offsets into it: a term row (Key: its id; Data: its text; Skip; Pulsed, length -1 when not
    /// pulsed) or a blob row (Key; Data: the blob).
    /// </summary>
    public readonly record struct Row(Kind Kind, long Key, int Count, int DataAt, int DataLength, int SkipAt, int SkipLength, int PulsedAt, int PulsedLength);

    public void Dispose()
    {
        _full.Dispose();
        _stop.Dispose();
    }
}
