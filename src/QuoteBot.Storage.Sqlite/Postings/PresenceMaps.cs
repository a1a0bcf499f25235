using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using SQLitePCL;

namespace QuoteBot.Storage.Sqlite.Postings;

/// <summary>
/// Presence maps of common words: for one term in one segment, one bit per ordinal, set where the term's list holds
/// the quote (deleted quotes too: the map mirrors the stored list). A phrase's candidate is then tested against a
/// common word without reading that word's postings row, and when present its positions are found in the positions row
/// by counting the map's bits in its block (<see cref="PostingCursor.PositionsOfPresent"/>). Every segment written
/// (single adds' flushed tail, bulk loads, merges: all through <see cref="PostingsIndex.TermWriter"/>) stores the maps of
/// its words in at least one quote in <see cref="StoredShare"/> (<c>px_presence</c>, <see cref="PresenceWriter"/>); a
/// segment written before them has its maps built from its postings rows when a search first needs one. Maps in use are
/// kept in memory up to <see cref="BudgetBytes"/> in all (dropped all at once past it) and shared like the tiers
/// (<see cref="TierCache.Presence"/>): segments never change and their ids are never reused, so a map stays right until
/// its segment is merged away. Thread-safe.
/// </summary>
internal sealed class PresenceMaps
{
    /// <summary>Bytes of maps kept (one bit per quote of the segment each).</summary>
    public const long BudgetBytes = 16L << 20;

    /// <summary>
    /// A segment stores the map of a word (with more than one block) held by at least one quote in this many: at most
    /// this many bits a posting, about 4 MiB at 1M quotes (68 maps of the bench's corpus; docs/benchmarks.md, session 21).
    /// </summary>
    public const int StoredShare = 10;

    /// <summary>
    /// Searches use the map of a list held by at least one quote in this many of its segment: those not stored (rarer
    /// than <see cref="StoredShare"/>, or of a segment written before maps were) are built from the postings rows, in one
    /// range scan, the first time a search needs one.
    /// </summary>
    public const int UsedShare = 32;

    private readonly Dictionary<(int Segment, int Term), PresenceMap> _maps = [];
    private long _bytes;

    public PresenceMap? Get(int segment, int term)
    {
        lock (_maps)
        {
            return _maps.GetValueOrDefault((segment, term));
        }
    }

    public void Put(int segment, int term, PresenceMap map)
    {
        lock (_maps)
        {
            if (_bytes + map.Bytes > BudgetBytes)
            {
                _maps.Clear();
                _bytes = 0;
            }

            if (_maps.TryAdd((segment, term), map))
            {
                _bytes += map.Bytes;
            }
        }
    }

    /// <summary>Drops the maps of segments no longer in the index (merged away).</summary>
    public void Keep(List<SegmentInfo> segments)
    {
        lock (_maps)
        {
            foreach (var stale in _maps.Keys.Where(k => !segments.Exists(s => s.Id == k.Segment)).ToList())
            {
                _bytes -= _maps[stale].Bytes;
                _maps.Remove(stale);
            }
        }
    }

    /// <summary>Maps kept now (for tests).</summary>
    public int Kept
    {
        get
        {
            lock (_maps)
            {
                return _maps.Count;
            }
        }
    }
}

/// <summary>
/// One presence map in memory: one bit per ordinal of a segment, in pages of <see cref="PageWords"/> 64-bit words, so no
/// array is on the large-object heap (a 1M-quote map in one array of 122 KiB was, and its allocations set off full
/// collections in the middle of other searches: docs/benchmarks.md, session 21).
/// </summary>
internal sealed class PresenceMap
{
    /// <summary>Words a page (32 KiB: below the large-object threshold of 85,000 bytes).</summary>
    public const int PageWords = 4096;

    private const int PageShift = 12;

    private readonly ulong[][] _pages;

    /// <summary>An empty map of <paramref name="docs"/> ordinals.</summary>
    public PresenceMap(int docs)
    {
        Words = (docs + 63) >> 6;
        _pages = new ulong[(Words + PageWords - 1) / PageWords][];
        for (var p = 0; p < _pages.Length; p++)
        {
            _pages[p] = new ulong[Math.Min(PageWords, Words - p * PageWords)];
        }
    }

    /// <summary>64-bit words in all (the stored form's length is 8 bytes each).</summary>
    public int Words { get; }

    public long Bytes => Words * 8L;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Has(int ord) => ((Word(ord >> 6) >> (ord & 63)) & 1) != 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Set(int ord) => _pages[ord >> (6 + PageShift)][(ord >> 6) & (PageWords - 1)] |= 1UL << (ord & 63);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ulong Word(int w) => _pages[w >> PageShift][w & (PageWords - 1)];

    /// <summary>Bits set from ordinal <paramref name="from"/> up to, not including, <paramref name="to"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int Count(int from, int to)
    {
        if (from >= to)
        {
            return 0;
        }

        var first = from >> 6;
        var last = (to - 1) >> 6;
        var lowMask = ~0UL << (from & 63);
        var highMask = ~0UL >> (63 - ((to - 1) & 63));
        if (first == last)
        {
            return BitOperations.PopCount(Word(first) & lowMask & highMask);
        }

        var n = BitOperations.PopCount(Word(first) & lowMask);
        for (var w = first + 1; w < last; w++)
        {
            n += BitOperations.PopCount(Word(w));
        }

        return n + BitOperations.PopCount(Word(last) & highMask);
    }

    /// <summary>The map from its stored form (little-endian 64-bit words, <see cref="Bytes"/> long).</summary>
    public void Load(ReadOnlySpan<byte> stored)
    {
        foreach (var page in _pages)
        {
            var bytes = page.Length * 8;
            stored[..bytes].CopyTo(MemoryMarshal.AsBytes(page.AsSpan()));
            stored = stored[bytes..];
        }
    }
}

/// <summary>Presence maps in searches (see <see cref="PresenceMaps"/>).</summary>
internal sealed partial class PostingsIndex
{
    /// <summary>
    /// A list gets a presence map when it holds at least one quote in this many of its segment
    /// (<see cref="PresenceMaps.UsedShare"/>; tests change it, 0: no maps are used).
    /// </summary>
    internal int PresenceShare { get; set; } = PresenceMaps.UsedShare;

    /// <summary>
    /// Set by the store on a pooled reader's connection, which never writes: a search in a transaction it opened there
    /// sees committed state only, so it may build and use the shared maps (elsewhere only a search in its own snapshot may).
    /// </summary>
    internal bool OnReaderConnection { get; set; }

    private bool _sharesPresence;

    /// <summary>
    /// The presence map of a list a phrase's candidates are looked up in, built from the list now if none is kept; null
    /// when the list is too short for one, or the search is not in a committed snapshot (maps are shared, like tiers).
    /// </summary>
    private PresenceMap? PresenceOf(SegmentView view, PostingCursor cursor, SearchStats stats)
    {
        var term = cursor.Term;
        if (!_sharesPresence || PresenceShare <= 0 || (long)term.Count * PresenceShare < view.Docs)
        {
            return null;
        }

        var presence = Tiers.Presence;
        if (presence.Get(term.Segment, term.Id) is { } kept)
        {
            return kept;
        }

        if (StoredPresence(term, view.Docs) is { } stored)
        {
            stats.PresenceMapsRead++;
            presence.Put(term.Segment, term.Id, stored);
            return stored;
        }

        var map = new PresenceMap(view.Docs);
        if (term.Inline is { } inline)
        {
            Mark(map, term, 0, inline);
        }
        else
        {
            // The term's postings rows in one range scan (a common word's hundreds of rows, next to each other).
            _chunkRange ??= Prepare("SELECT key, docs FROM px_chunks WHERE key BETWEEN ?1 AND ?2");
            raw.sqlite3_reset(_chunkRange);
            raw.sqlite3_bind_int64(_chunkRange, 1, ChunkKey(term.Segment, term.Id, 0));
            raw.sqlite3_bind_int64(_chunkRange, 2, ChunkKey(term.Segment, term.Id, (1 << TermShift) - 1));
            try
            {
                while (raw.sqlite3_step(_chunkRange) == raw.SQLITE_ROW)
                {
                    var chunk = (int)(raw.sqlite3_column_int64(_chunkRange, 0) & ((1 << TermShift) - 1));
                    Mark(map, term, chunk, raw.sqlite3_column_blob(_chunkRange, 1));
                    stats.ChunksRead++;
                }
            }
            finally
            {
                raw.sqlite3_reset(_chunkRange);
            }
        }

        stats.PresenceMapsBuilt++;
        presence.Put(term.Segment, term.Id, map);
        return map;
    }

    private sqlite3_stmt? _chunkRange;
    private sqlite3_stmt? _presenceRow;

    /// <summary>The map <c>px_presence</c> holds for the term, or null (none stored, or not one of a segment of <paramref name="docs"/> quotes).</summary>
    private PresenceMap? StoredPresence(TermInfo term, int docs)
    {
        _presenceRow ??= Prepare("SELECT bits FROM px_presence WHERE key = ?1");
        raw.sqlite3_reset(_presenceRow);
        raw.sqlite3_bind_int64(_presenceRow, 1, ChunkKey(term.Segment, term.Id, 0));
        try
        {
            if (raw.sqlite3_step(_presenceRow) != raw.SQLITE_ROW)
            {
                return null;
            }

            var bytes = raw.sqlite3_column_blob(_presenceRow, 0);
            var map = new PresenceMap(docs);
            if (bytes.Length != map.Bytes)
            {
                throw new InvalidDataException($"Segment {term.Segment} has a presence map of {bytes.Length} bytes for term {term.Id}, not {map.Bytes}.");
            }

            map.Load(bytes);
            return map;
        }
        finally
        {
            raw.sqlite3_reset(_presenceRow);
        }
    }

    /// <summary>Sets the bits of the postings of chunk <paramref name="chunk"/> of <paramref name="term"/>, given its stored bytes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Mark(PresenceMap map, TermInfo term, int chunk, ReadOnlySpan<byte> data)
    {
        var blockSize = Options.BlockSize;
        var first = chunk * Options.ChunkBlocks;
        var end = Math.Min(term.Blocks, first + Options.ChunkBlocks);
        for (var b = first; b < end; b++)
        {
            var count = b == term.Blocks - 1 ? term.Count - b * blockSize : blockSize;
            var doc = b == 0 ? -1 : term.LastOrd[b - 1];
            var at = term.DocOffset[b];
            for (var i = 0; i < count; i++)
            {
                doc += Varint.ReadPosting(data, ref at, out _);
                map.Set(doc);
            }
        }
    }
}

/// <summary>
/// Collects, while a segment's term is written, the ordinals of its postings, and stores them as the term's presence map
/// (<c>px_presence</c>, keyed as the term's first chunk, the bits in little-endian 64-bit words) when the term is common
/// enough (<see cref="PresenceMaps.StoredShare"/>). Only the words touched are cleared between terms.
/// </summary>
internal sealed class PresenceWriter : IDisposable
{
    private readonly ulong[] _bits;
    private readonly List<int> _touched = [];
    private readonly sqlite3_stmt _insert;
    private readonly int _docs;

    public PresenceWriter(PostingsIndex index, int docs)
    {
        _docs = docs;
        _bits = new ulong[(docs + 63) >> 6];
        _insert = index.Prepare("INSERT INTO px_presence(key, bits) VALUES (?1, ?2)");
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(int ord)
    {
        ref var word = ref _bits[ord >> 6];
        if (word == 0)
        {
            _touched.Add(ord >> 6);
        }

        word |= 1UL << (ord & 63);
    }

    /// <summary>Ends a term of <paramref name="count"/> postings in <paramref name="blocks"/> blocks: its map stored when common enough; the bits cleared.</summary>
    /// <remarks>With <paramref name="pipe"/> the map is handed to it, for the connection's thread to <see cref="Insert"/>.</remarks>
    public void End(long key, int count, int blocks, sqlite3 db, SegmentRowPipe? pipe = null)
    {
        if (blocks > 1 && (long)count * PresenceMaps.StoredShare >= _docs)
        {
            var bits = MemoryMarshal.AsBytes(_bits.AsSpan());
            if (pipe is null)
            {
                Insert(key, bits, db);
            }
            else
            {
                pipe.Blob(SegmentRowPipe.Kind.Presence, key, bits);
            }
        }

        foreach (var w in _touched)
        {
            _bits[w] = 0;
        }

        _touched.Clear();
    }

    /// <summary>Inserts a term's presence map row.</summary>
    public void Insert(long key, ReadOnlySpan<byte> bits, sqlite3 db)
    {
        raw.sqlite3_bind_int64(_insert, 1, key);
        raw.sqlite3_bind_blob(_insert, 2, bits);
        var rc = raw.sqlite3_step(_insert);
        raw.sqlite3_reset(_insert);
        if (rc != raw.SQLITE_DONE)
        {
            Microsoft.Data.Sqlite.SqliteException.ThrowExceptionForRC(rc, db);
        }
    }

    public void Dispose() => _insert.Dispose();
}
