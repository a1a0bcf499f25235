using System.Runtime.CompilerServices;
using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace QuoteBot.Storage.Sqlite.Postings;

/// <summary>How the index lays out its postings and when it moves work around; fixed when the index is created.</summary>
internal sealed record PostingsOptions
{
    /// <summary>Postings per block: the unit of decoding and of the block bound.</summary>
    public int BlockSize { get; init; } = 128;

    /// <summary>
    /// Blocks per stored row (a chunk): the unit of reading from SQLite. 15 (issue 16, disk): a dense chunk (2 bytes a
    /// posting, 3,840 bytes) fills one 4 KiB table leaf by itself (at most 4,061 bytes of a row stay in the leaf), where
    /// 8 blocks (2,048 bytes) took a page each with half of it unused, two never fitting beside each other; sparser
    /// chunks and positions, larger than a leaf holds, go on to overflow pages, which SQLite fills whole.
    /// docs/benchmarks.md, "Session 14: size on disk", has the page counts of 4 to 16 blocks. Since migration 17's
    /// encoding (about one byte a dense posting) 30 blocks would save a further 10 % of these two tables, but searches
    /// measured slower at p50 with them ("Session 17: size on disk"), so 15 stays. An index keeps the number it was
    /// created with (px_meta).
    /// </summary>
    public int ChunkBlocks { get; init; } = 15;

    /// <summary>Tokens whose adjacent pairs get postings of their own (a phrase's weighted frequency, no positions).</summary>
    public IReadOnlyCollection<string> PairWords { get; init; } = [];

    /// <summary>Pair postings for every pair with one pair word in it (else only for pairs of two pair words).</summary>
    public bool PairsWithAnyWord { get; init; }

    /// <summary>
    /// With levels (<see cref="PairWordSet"/>): the pair words are these keys, and two of them next to each other have
    /// pair postings only when their levels add up to at most <see cref="PairLevelSum"/>; without, every two pair words do.
    /// </summary>
    public IReadOnlyDictionary<string, int>? PairLevels { get; init; }

    /// <summary>See <see cref="PairLevels"/>.</summary>
    public int PairLevelSum { get; init; }

    /// <summary>Quotes kept in the tail b-tree; at commit a larger tail is written out as a segment.</summary>
    public int TailLimit { get; init; } = 1000;

    /// <summary>Writes of at least this many new quotes go straight to a segment instead of the tail.</summary>
    public int SegmentMinimum { get; init; } = 256;

    /// <summary>Segments of one size tier that are merged into one (tiered merging).</summary>
    public int MergeFactor { get; init; } = 10;
}

/// <summary>
/// An incremental, segmented postings index inside one SQLite database (tables <c>px_*</c>), searched with exact
/// BM25 top-k by block-max pruning. Quotes are added in immutable <em>segments</em> (bulk batches, a flushed tail,
/// merges) plus a small <em>tail</em> b-tree for single adds; a removal sets a bit in its segment's deleted bitmap (or
/// deletes its tail rows); an edit is a removal plus an add of the new version under the same quote id; document
/// frequencies and totals over live quotes are kept exact in <c>px_df</c> and <c>px_meta</c>, in the same transaction.
/// Postings hold segment ordinals (a segment's quotes in increasing id order), so one quote id may appear in several
/// segments, live in at most one. One instance per connection and thread; it caches each segment's ids, lengths and
/// deleted bitmap (reloaded when the segment's version changes).
/// </summary>
internal sealed partial class PostingsIndex : IDisposable
{
    public const string Schema = """
        CREATE TABLE IF NOT EXISTS px_meta(key TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS px_segments(id INTEGER PRIMARY KEY, docs INTEGER NOT NULL, deleted INTEGER NOT NULL, version INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS px_seg_docs(key INTEGER PRIMARY KEY, ids BLOB NOT NULL, lengths BLOB NOT NULL);
        CREATE TABLE IF NOT EXISTS px_deleted(key INTEGER PRIMARY KEY, bits BLOB NOT NULL);
        CREATE TABLE IF NOT EXISTS px_terms(segment INTEGER NOT NULL, term TEXT NOT NULL, id INTEGER NOT NULL, count INTEGER NOT NULL, skip BLOB NOT NULL, pulsed BLOB, PRIMARY KEY (segment, term)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS px_chunks(key INTEGER PRIMARY KEY, docs BLOB NOT NULL);
        CREATE TABLE IF NOT EXISTS px_positions(key INTEGER PRIMARY KEY, pos BLOB NOT NULL);
        CREATE TABLE IF NOT EXISTS px_presence(key INTEGER PRIMARY KEY, bits BLOB NOT NULL);
        CREATE TABLE IF NOT EXISTS px_df(term TEXT PRIMARY KEY, df INTEGER NOT NULL) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS px_speakers(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, key TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS px_speaker_tokens(token TEXT NOT NULL, speaker_id INTEGER NOT NULL, PRIMARY KEY (token, speaker_id)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS px_pair_words(token TEXT PRIMARY KEY) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS px_tail_docs(doc INTEGER PRIMARY KEY, length INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS px_tail(term TEXT NOT NULL, doc INTEGER NOT NULL, wtf INTEGER NOT NULL, positions BLOB NOT NULL, PRIMARY KEY (term, doc)) WITHOUT ROWID;
        """;

    /// <summary>A speaker's quotes are the postings of this pseudo-term followed by the speaker id (no positions).</summary>
    public const string SpeakerTermPrefix = "\u0001";

    /// <summary>Row keys of chunks and positions: segment &lt;&lt; 44 | term &lt;&lt; 20 | chunk.</summary>
    public const int SegmentShift = 44;
    public const int TermShift = 20;
    public const int MaxSegmentId = (1 << 19) - 1;
    public const int MaxTermId = (1 << 24) - 1;

    /// <summary>Quotes per stored row of a segment's ids and lengths; per row of its deleted bitmap.</summary>
    public const int DocsPerPart = 65536;
    public const int DeletedPerPart = 16384;

    private readonly SqliteConnection _connection;
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _term;
    private readonly sqlite3_stmt _chunk;
    private readonly sqlite3_stmt _pos;
    private readonly sqlite3_stmt _df;
    private readonly sqlite3_stmt _tailTerm;
    private readonly sqlite3_stmt _tailLength;
    private readonly sqlite3_stmt _speakerKey;
    private readonly sqlite3_stmt _speakerTokens;
    private readonly Dictionary<int, SegmentView> _views = [];

    private PostingsIndex(SqliteConnection connection, PostingsOptions options)
    {
        _connection = connection;
        Options = options;
        _db = connection.Handle!;
        _term = Prepare("SELECT id, count, skip, pulsed FROM px_terms WHERE segment = ?1 AND term = ?2");
        _chunk = Prepare("SELECT docs FROM px_chunks WHERE key = ?1");
        _pos = Prepare("SELECT pos FROM px_positions WHERE key = ?1");
        _df = Prepare("SELECT df FROM px_df WHERE term = ?1");
        _tailTerm = Prepare("SELECT doc, wtf, positions FROM px_tail WHERE term = ?1 ORDER BY doc");
        _tailLength = Prepare("SELECT length FROM px_tail_docs WHERE doc = ?1");
        _speakerKey = Prepare("SELECT key FROM px_speakers WHERE id = ?1");
        _speakerTokens = Prepare("SELECT speaker_id FROM px_speaker_tokens WHERE token = ?1");
        PairWords = options.PairLevels is { } levels
            ? new PairWordSet(levels, options.PairLevelSum)
            : new HashSet<string>(options.PairWords, StringComparer.Ordinal);
    }

    public PostingsOptions Options { get; }

    /// <summary>Tokens whose adjacent pairs have their own postings.</summary>
    public IReadOnlySet<string> PairWords { get; }

    /// <summary>Creates the index's tables with these options in an empty database (or one without them).</summary>
    public static void Create(SqliteConnection connection, PostingsOptions options)
    {
        if (options.BlockSize < 1 || options.ChunkBlocks < 1 || options.TailLimit < 0 || options.SegmentMinimum < 1 || options.MergeFactor < 2)
        {
            throw new ArgumentException("Block size, chunk blocks and segment minimum must be positive, the tail limit not negative, the merge factor at least 2.", nameof(options));
        }

        using var tx = connection.BeginTransaction();
        Exec(connection, tx, Schema);
        if (Exec(connection, tx, "SELECT count(*) FROM px_meta") is long n && n > 0)
        {
            throw new InvalidOperationException("This database already holds a postings index.");
        }

        foreach (var (k, v) in new (string, long)[]
        {
            ("block_size", options.BlockSize), ("chunk_blocks", options.ChunkBlocks), ("pairs_any", options.PairsWithAnyWord ? 1 : 0),
            ("tail_limit", options.TailLimit), ("segment_minimum", options.SegmentMinimum), ("merge_factor", options.MergeFactor),
            ("docs", 0), ("tokens", 0), ("next_segment", 1), ("max_doc", 0),
        })
        {
            Exec(connection, tx, "INSERT INTO px_meta(key, value) VALUES ($k, $v)", ("$k", k), ("$v", v));
        }

        foreach (var w in options.PairLevels?.Keys ?? options.PairWords)
        {
            Exec(connection, tx, "INSERT INTO px_pair_words(token) VALUES ($t)", ("$t", w));
        }

        WritePairLevels(connection, tx, options.PairLevels, options.PairLevelSum);
        tx.Commit();
    }

    /// <summary>Opens the index kept in this connection's database (created by <see cref="Create"/>).</summary>
    public static PostingsIndex Open(SqliteConnection connection)
    {
        var meta = new Dictionary<string, long>(StringComparer.Ordinal);
        var words = new List<string>();
        using (var c = connection.CreateCommand())
        {
            c.CommandText = "SELECT name FROM sqlite_master WHERE name = 'px_meta'";
            if (c.ExecuteScalar() is null)
            {
                throw new InvalidOperationException("This database holds no postings index (no px_meta table).");
            }

            c.CommandText = "SELECT key, value FROM px_meta";
            using (var r = c.ExecuteReader())
            {
                while (r.Read())
                {
                    meta[r.GetString(0)] = r.GetInt64(1);
                }
            }

            c.CommandText = "SELECT token FROM px_pair_words";
            using (var r = c.ExecuteReader())
            {
                while (r.Read())
                {
                    words.Add(r.GetString(0));
                }
            }
        }

        Dictionary<string, int>? levels = null;
        if (meta.TryGetValue(PairWordSet.LevelSumKey, out _))
        {
            levels = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var w in words)
            {
                levels[w] = meta.TryGetValue(PairWordSet.LevelKeyPrefix + w, out var level)
                    ? (int)level
                    : throw new InvalidOperationException($"The postings index has no level for its pair word '{w}'.");
            }
        }

        return new PostingsIndex(connection, new PostingsOptions
        {
            BlockSize = (int)meta["block_size"], ChunkBlocks = (int)meta["chunk_blocks"], PairsWithAnyWord = meta["pairs_any"] != 0,
            TailLimit = (int)meta["tail_limit"], SegmentMinimum = (int)meta["segment_minimum"], MergeFactor = (int)meta["merge_factor"],
            PairWords = words, PairLevels = levels, PairLevelSum = levels is null ? 0 : (int)meta[PairWordSet.LevelSumKey],
        });
    }

    /// <summary>
    /// Replaces the pair words' levels kept in <c>px_meta</c> (none: every two pair words pair, the rule before levels).
    /// The words themselves are the rows of <c>px_pair_words</c>, written by the caller.
    /// </summary>
    public static void WritePairLevels(SqliteConnection connection, SqliteTransaction? tx, IReadOnlyDictionary<string, int>? levels, int levelSum)
    {
        Exec(connection, tx, "DELETE FROM px_meta WHERE key = $s OR substr(key, 1, length($p)) = $p", ("$s", PairWordSet.LevelSumKey), ("$p", PairWordSet.LevelKeyPrefix));
        if (levels is null)
        {
            return;
        }

        Exec(connection, tx, "INSERT INTO px_meta(key, value) VALUES ($k, $v)", ("$k", PairWordSet.LevelSumKey), ("$v", (long)levelSum));
        foreach (var (w, level) in levels)
        {
            Exec(connection, tx, "INSERT INTO px_meta(key, value) VALUES ($k, $v)", ("$k", PairWordSet.LevelKeyPrefix + w), ("$v", (long)level));
        }
    }

    /// <summary>Live quotes and their tokens (the statistics BM25 uses), as stored.</summary>
    public (long Docs, long Tokens) Totals()
    {
        using var c = _connection.CreateCommand();
        c.Transaction = CurrentTransaction;
        c.CommandText = "SELECT (SELECT value FROM px_meta WHERE key = 'docs'), (SELECT value FROM px_meta WHERE key = 'tokens')";
        using var r = c.ExecuteReader();
        r.Read();
        return (r.GetInt64(0), r.GetInt64(1));
    }

    /// <summary>The stored document frequency of a token over live quotes (0 when none holds it).</summary>
    public long DocumentFrequency(string term)
    {
        raw.sqlite3_reset(_df);
        raw.sqlite3_bind_text(_df, 1, term);
        var df = raw.sqlite3_step(_df) == raw.SQLITE_ROW ? raw.sqlite3_column_int64(_df, 0) : 0;
        raw.sqlite3_reset(_df);
        return df;
    }

    /// <summary>Every stored document frequency (for checks).</summary>
    public Dictionary<string, long> AllDocumentFrequencies()
    {
        using var c = _connection.CreateCommand();
        c.Transaction = CurrentTransaction;
        c.CommandText = "SELECT term, df FROM px_df";
        using var r = c.ExecuteReader();
        var all = new Dictionary<string, long>(StringComparer.Ordinal);
        while (r.Read())
        {
            all[r.GetString(0)] = r.GetInt64(1);
        }

        return all;
    }

    /// <summary>The current segments (id, quotes stored, quotes deleted), from the database.</summary>
    public List<SegmentInfo> Segments()
    {
        using var c = _connection.CreateCommand();
        c.Transaction = CurrentTransaction;
        c.CommandText = "SELECT id, docs, deleted, version FROM px_segments ORDER BY id";
        using var r = c.ExecuteReader();
        var list = new List<SegmentInfo>();
        while (r.Read())
        {
            list.Add(new SegmentInfo(r.GetInt32(0), r.GetInt32(1), r.GetInt32(2), r.GetInt64(3)));
        }

        return list;
    }

    /// <summary>Quotes in the tail b-tree.</summary>
    public int TailCount()
    {
        using var c = _connection.CreateCommand();
        c.Transaction = CurrentTransaction;
        c.CommandText = "SELECT count(*) FROM px_tail_docs";
        return Convert.ToInt32(c.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    /// <summary>A segment's ids, lengths and deleted bitmap, from the cache when its version is unchanged.</summary>
    internal SegmentView View(SegmentInfo info)
    {
        if (_views.TryGetValue(info.Id, out var cached) && cached.Docs == info.Docs)
        {
            if (cached.Version != info.Version)
            {
                cached.Dead = LoadDeleted(info.Id, info.Docs);
                cached.Version = info.Version;
                cached.Deleted = info.Deleted;
            }

            return cached;
        }

        var ids = new int[info.Docs];
        var lengths = new ushort[info.Docs];
        using (var c = _connection.CreateCommand())
        {
            c.Transaction = CurrentTransaction;
            c.CommandText = "SELECT key, ids, lengths FROM px_seg_docs WHERE key BETWEEN $a AND $b ORDER BY key";
            c.Parameters.AddWithValue("$a", (long)info.Id << TermShift);
            c.Parameters.AddWithValue("$b", ((long)info.Id << TermShift) | ((1L << TermShift) - 1));
            using var r = c.ExecuteReader();
            while (r.Read())
            {
                var start = (int)(r.GetInt64(0) & ((1L << TermShift) - 1)) * DocsPerPart;
                var idData = (byte[])r.GetValue(1);
                var lengthData = MemoryMarshal.Cast<byte, ushort>(((byte[])r.GetValue(2)).AsSpan());
                lengthData.CopyTo(lengths.AsSpan(start));
                int at = 0, id = 0;
                for (var i = 0; i < lengthData.Length; i++)
                {
                    id += Varint.Read(idData, ref at);
                    ids[start + i] = id;
                }
            }
        }

        var view = new SegmentView(info.Id, ids, lengths) { Dead = LoadDeleted(info.Id, info.Docs), Version = info.Version, Deleted = info.Deleted };
        _views[info.Id] = view;
        return view;
    }

    private ulong[] LoadDeleted(int segment, int docs)
    {
        var dead = new ulong[(docs + 63) / 64];
        using var c = _connection.CreateCommand();
        c.Transaction = CurrentTransaction;
        c.CommandText = "SELECT key, bits FROM px_deleted WHERE key BETWEEN $a AND $b";
        c.Parameters.AddWithValue("$a", (long)segment << TermShift);
        c.Parameters.AddWithValue("$b", ((long)segment << TermShift) | ((1L << TermShift) - 1));
        using var r = c.ExecuteReader();
        while (r.Read())
        {
            var part = (int)(r.GetInt64(0) & ((1L << TermShift) - 1));
            var bits = MemoryMarshal.Cast<byte, ulong>(((byte[])r.GetValue(1)).AsSpan());
            var start = part * (DeletedPerPart / 64);
            bits[..Math.Min(bits.Length, dead.Length - start)].CopyTo(dead.AsSpan(start));
        }

        return dead;
    }

    /// <summary>A term of one segment with its skip entries, or null when none of the segment's quotes holds it.</summary>
    internal TermInfo? Term(int segment, string term)
    {
        raw.sqlite3_reset(_term);
        raw.sqlite3_bind_int64(_term, 1, segment);
        raw.sqlite3_bind_text(_term, 2, term);
        try
        {
            return raw.sqlite3_step(_term) == raw.SQLITE_ROW
                ? TermInfo.Decode(segment, raw.sqlite3_column_int(_term, 0), raw.sqlite3_column_int(_term, 1), raw.sqlite3_column_blob(_term, 2),
                    raw.sqlite3_column_type(_term, 3) == raw.SQLITE_NULL ? null : raw.sqlite3_column_blob(_term, 3).ToArray(), Options)
                : null;
        }
        finally
        {
            raw.sqlite3_reset(_term);
        }
    }

    internal static long ChunkKey(int segment, int termId, int chunk) =>
        ((long)segment << SegmentShift) | ((long)termId << TermShift) | (long)chunk;

    /// <summary>Copies one stored chunk (postings or positions) of a term into <paramref name="buffer"/>; its length.</summary>
    internal int ReadChunk(int segment, int termId, int chunk, bool positions, ref byte[] buffer)
    {
        var stmt = positions ? _pos : _chunk;
        raw.sqlite3_reset(stmt);
        raw.sqlite3_bind_int64(stmt, 1, ChunkKey(segment, termId, chunk));
        try
        {
            if (raw.sqlite3_step(stmt) != raw.SQLITE_ROW)
            {
                throw new InvalidDataException($"Segment {segment} lacks {(positions ? "positions" : "chunk")} {chunk} of term {termId}.");
            }

            var data = raw.sqlite3_column_blob(stmt, 0);
            if (buffer.Length < data.Length)
            {
                buffer = new byte[Math.Max(data.Length, buffer.Length * 2)];
            }

            data.CopyTo(buffer);
            return data.Length;
        }
        finally
        {
            raw.sqlite3_reset(stmt);
        }
    }

    /// <summary>Ids of the speakers whose key holds every token of the query's speaker key (the store's rule).</summary>
    internal List<int> MatchingSpeakers(string speakerQuery)
    {
        var tokens = QuoteBot.Core.Text.TextFolding.SpeakerKey(speakerQuery).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var result = new List<int>();
        if (tokens.Length == 0)
        {
            return result;
        }

        var candidates = new List<int>();
        raw.sqlite3_reset(_speakerTokens);
        raw.sqlite3_bind_text(_speakerTokens, 1, tokens[0]);
        while (raw.sqlite3_step(_speakerTokens) == raw.SQLITE_ROW)
        {
            candidates.Add(raw.sqlite3_column_int(_speakerTokens, 0));
        }

        raw.sqlite3_reset(_speakerTokens);
        foreach (var id in candidates)
        {
            raw.sqlite3_reset(_speakerKey);
            raw.sqlite3_bind_int64(_speakerKey, 1, id);
            if (raw.sqlite3_step(_speakerKey) == raw.SQLITE_ROW
                && QuoteBot.Core.Text.TextFolding.SpeakerMatches(raw.sqlite3_column_text(_speakerKey, 0).utf8_to_string(), speakerQuery))
            {
                result.Add(id);
            }

            raw.sqlite3_reset(_speakerKey);
        }

        return result;
    }

    public static string SpeakerTerm(int speakerId) => SpeakerTermPrefix + speakerId.ToString(CultureInfo.InvariantCulture);

    /// <summary>The tail's postings of a term: quote id, weighted frequency, encoded positions, by increasing id.</summary>
    internal List<(int Doc, int Wtf, byte[] Positions)> TailPostings(string term)
    {
        var list = new List<(int, int, byte[])>();
        raw.sqlite3_reset(_tailTerm);
        raw.sqlite3_bind_text(_tailTerm, 1, term);
        while (raw.sqlite3_step(_tailTerm) == raw.SQLITE_ROW)
        {
            list.Add((raw.sqlite3_column_int(_tailTerm, 0), raw.sqlite3_column_int(_tailTerm, 1), raw.sqlite3_column_blob(_tailTerm, 2).ToArray()));
        }

        raw.sqlite3_reset(_tailTerm);
        return list;
    }

    internal int TailLength(int doc)
    {
        raw.sqlite3_reset(_tailLength);
        raw.sqlite3_bind_int64(_tailLength, 1, doc);
        var length = raw.sqlite3_step(_tailLength) == raw.SQLITE_ROW ? raw.sqlite3_column_int(_tailLength, 0) : -1;
        raw.sqlite3_reset(_tailLength);
        return length;
    }

    internal sqlite3_stmt Prepare(string sql)
    {
        if (raw.sqlite3_prepare_v2(_db, sql, out var stmt) != raw.SQLITE_OK)
        {
            throw new InvalidOperationException($"Cannot prepare {sql}: {raw.sqlite3_errmsg(_db).utf8_to_string()}");
        }

        return stmt;
    }

    /// <summary>The write transaction in progress on this index, if any (commands on the connection must name it).</summary>
    internal SqliteTransaction? CurrentTransaction { get; set; }

    internal static object? Exec(SqliteConnection connection, SqliteTransaction? tx, string sql, params (string Name, object? Value)[] args)
    {
        using var c = connection.CreateCommand();
        c.Transaction = tx;
        c.CommandText = sql;
        foreach (var (name, value) in args)
        {
            c.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return c.ExecuteScalar();
    }

    public void Dispose()
    {
        foreach (var s in new[] { _term, _chunk, _pos, _df, _tailTerm, _tailLength, _speakerKey, _speakerTokens })
        {
            s.Dispose();
        }

        _chunkRange?.Dispose();
        _presenceRow?.Dispose();
        _tokenizer?.Dispose();
        _tokenizer = null;
    }
}

/// <summary>One row of <c>px_segments</c>.</summary>
internal readonly record struct SegmentInfo(int Id, int Docs, int Deleted, long Version)
{
    public int Live => Docs - Deleted;
}

/// <summary>A segment in memory: quote id and length by ordinal, and which ordinals are deleted.</summary>
internal sealed class SegmentView(int id, int[] quoteIds, ushort[] lengths)
{
    public int Id { get; } = id;

    public int[] QuoteIds { get; } = quoteIds;

    public ushort[] Lengths { get; } = lengths;

    public int Docs => QuoteIds.Length;

    public required ulong[] Dead { get; set; }

    public long Version { get; set; }

    public int Deleted { get; set; }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool IsDead(int ord) => ((Dead[ord >> 6] >> (ord & 63)) & 1) != 0;

    /// <summary>The ordinal of a quote id in this segment, or -1.</summary>
    public int Find(int quoteId)
    {
        var i = Array.BinarySearch(QuoteIds, quoteId);
        return i >= 0 ? i : -1;
    }
}

/// <summary>
/// A term of one segment: its postings count and decoded skip entries, one per block: the block's last ordinal, where
/// its postings and positions start in their chunk, and the Pareto front of its (weighted frequency, quote length)
/// pairs — the postings no other posting of the block beats on both (higher frequency and shorter quote). The tf part
/// grows with the frequency and shrinks with the length, so its maximum over the block is reached on that front: a
/// block's bound is computed from the front at search time (at that moment's average length) and is the block's exact
/// maximum, an upper bound however the corpus statistics move; deleted quotes only lower the true maximum.
/// A term with a single block is <em>pulsed</em>: its postings and positions are stored inline in its dictionary row
/// (<see cref="Inline"/>) instead of in a chunk row and a positions row.
/// </summary>
internal sealed class TermInfo
{
    public required int Segment { get; init; }

    /// <summary>A pulsed term's only block: its postings bytes followed by its positions bytes; null when in chunks.</summary>
    public byte[]? Inline { get; init; }

    /// <summary>Bytes of a pulsed term's postings at the start of <see cref="Inline"/> (its positions follow).</summary>
    public int InlineDocBytes { get; init; }

    public required int Id { get; init; }
    public required int Count { get; init; }
    public required int[] LastOrd { get; init; }
    public required int[] DocOffset { get; init; }
    public required int[] PosOffset { get; init; }

    /// <summary>Block b's front is entries FrontStart[b] to FrontStart[b + 1] - 1 of FrontWtf and FrontLength.</summary>
    public required int[] FrontStart { get; init; }
    public required int[] FrontWtf { get; init; }
    public required int[] FrontLength { get; init; }

    public int Blocks => LastOrd.Length;

    /// <summary>The highest tf part any posting of block <paramref name="b"/> has at this average length.</summary>
    public double Bound(int b, double averageLength)
    {
        var max = 0.0;
        for (var i = FrontStart[b]; i < FrontStart[b + 1]; i++)
        {
            max = Math.Max(max, Bm25.Part(FrontWtf[i], Bm25.Norm(FrontLength[i], averageLength)));
        }

        return max;
    }

    public static TermInfo Decode(int segment, int id, int count, ReadOnlySpan<byte> skip, byte[]? inline, PostingsOptions options)
    {
        var blocks = (count + options.BlockSize - 1) / options.BlockSize;
        var lastOrd = new int[blocks];
        var docOff = new int[blocks];
        var posOff = new int[blocks];
        var frontStart = new int[blocks + 1];
        var frontWtf = new List<int>(blocks);
        var frontLength = new List<int>(blocks);
        int at = 0, last = -1, d = 0, p = 0;
        for (var b = 0; b < blocks; b++)
        {
            if (b % options.ChunkBlocks == 0)
            {
                d = 0;
                p = 0;
            }

            last += Varint.Read(skip, ref at);
            lastOrd[b] = last;
            docOff[b] = d;
            posOff[b] = p;
            d += Varint.Read(skip, ref at);
            p += Varint.Read(skip, ref at);
            frontStart[b] = frontWtf.Count;
            for (var n = Varint.Read(skip, ref at); n > 0; n--)
            {
                frontWtf.Add(Varint.Read(skip, ref at));
                frontLength.Add(Varint.Read(skip, ref at));
            }
        }

        frontStart[blocks] = frontWtf.Count;
        if (inline is not null && (blocks != 1 || d + p != inline.Length))
        {
            throw new InvalidDataException($"Term {id} of segment {segment} has a pulsed row that does not match its skip entries.");
        }

        return new TermInfo
        {
            Segment = segment, Id = id, Count = count, LastOrd = lastOrd, DocOffset = docOff, PosOffset = posOff,
            Inline = inline, InlineDocBytes = inline is null ? 0 : d,
            FrontStart = frontStart, FrontWtf = [.. frontWtf], FrontLength = [.. frontLength],
        };
    }
}

/// <summary>
/// Strings in Unicode code point order, the order of their UTF-8 bytes and so SQLite's BINARY collation (ordinal
/// UTF-16 order differs once surrogates meet characters from U+E000 up). Segments number their terms in this order, so
/// a term's chunk keys increase with the term and a merge streams every input by term.
/// </summary>
internal sealed class CodePointOrder : IComparer<string>
{
    public static readonly CodePointOrder Instance = new();

    public int Compare(string? x, string? y)
    {
        if (x is null || y is null)
        {
            return x is null ? (y is null ? 0 : -1) : 1;
        }

        var i = x.AsSpan().CommonPrefixLength(y); // (vectorised: the first unequal char, if any)
        return i < x.Length && i < y.Length ? Fix(x[i]).CompareTo(Fix(y[i])) : x.Length.CompareTo(y.Length);
    }

    /// <summary>Moves surrogates above U+E000..U+FFFF, as the code points they encode are.</summary>
    private static int Fix(char c) => c >= 0xD800 ? (c <= 0xDFFF ? c + 0x2000 : c - 0x800) : c;
}
