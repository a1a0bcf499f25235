using Microsoft.Data.Sqlite;
using QuoteBot.Core.Model;
using QuoteBot.Core.Text;

namespace QuoteBot.Bench.Postings;

/// <summary>How a segment is laid out; small blocks let tests cross block and chunk borders with few quotes.</summary>
internal sealed record SegmentOptions
{
    /// <summary>Postings per block: the unit of decoding and of the block maximum.</summary>
    public int BlockSize { get; init; } = 128;

    /// <summary>Blocks per stored row (a chunk): the unit of reading from SQLite.</summary>
    public int ChunkBlocks { get; init; } = 8;

    /// <summary>How quote bodies (text, title, outlet, link, date) are stored.</summary>
    public BodyFormat Bodies { get; init; } = BodyFormat.Words;

    /// <summary>
    /// Which adjacent pairs get their own postings: false, pairs of two pair words (as the store's pair postings);
    /// true, every pair with at least one pair word in it.
    /// </summary>
    public bool PairsWithAnyWord { get; init; }

    /// <summary>SQLite page size of the new file (a chunk row of 1–3 KB leaves much of a 4 KB page empty).</summary>
    public int PageSize { get; init; } = 4096;

    /// <summary>Pair words are chosen only when the first batch holds at least this many quotes.</summary>
    public int PairWordsMinQuotes { get; init; } = 1000;

    /// <summary>Bytes of in-memory postings before they are written to the run file.</summary>
    public long RunBudgetBytes { get; init; } = 48L << 20;
}

/// <summary>
/// Builds one immutable segment in a new SQLite file from quotes given in id order (1, 2, 3, ...): postings are
/// gathered in memory per term and spilled to a temporary run file when the buffer is full; <see cref="Finish"/> then
/// writes each term's postings once, in blocks of <see cref="SegmentOptions.BlockSize"/> (doc-id deltas and weighted
/// frequencies as varints; positions apart), with a skip entry per block (its last doc, byte lengths, and the block's
/// highest BM25 tf part at the segment's average length), and the term's exact document frequency.
/// </summary>
internal sealed class SegmentBuilder : IDisposable
{
    public const string Schema = """
        CREATE TABLE meta(key TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
        CREATE TABLE terms(term TEXT PRIMARY KEY, id INTEGER NOT NULL, df INTEGER NOT NULL, skip BLOB NOT NULL) WITHOUT ROWID;
        CREATE TABLE chunks(key INTEGER PRIMARY KEY, docs BLOB NOT NULL);
        CREATE TABLE positions(key INTEGER PRIMARY KEY, pos BLOB NOT NULL);
        CREATE TABLE doc_lengths(part INTEGER PRIMARY KEY, data BLOB NOT NULL);
        CREATE TABLE speakers(id INTEGER PRIMARY KEY, name TEXT NOT NULL, key TEXT NOT NULL);
        CREATE TABLE speaker_tokens(token TEXT NOT NULL, speaker_id INTEGER NOT NULL, PRIMARY KEY (token, speaker_id)) WITHOUT ROWID;
        CREATE TABLE quotes(id INTEGER PRIMARY KEY, speaker_id INTEGER, added_at INTEGER NOT NULL, body BLOB NOT NULL);
        CREATE TABLE body_runs(id INTEGER PRIMARY KEY, run TEXT NOT NULL);
        CREATE TABLE pair_words(token TEXT PRIMARY KEY) WITHOUT ROWID;
        """;

    /// <summary>A speaker's quotes are the postings of this pseudo-term followed by the speaker id (no positions).</summary>
    public const string SpeakerTermPrefix = "\u0001";

    public const int LengthsPerRow = 65536;

    private readonly SegmentOptions _options;
    private readonly SqliteConnection _db;
    private readonly SqliteTransaction _tx;
    private readonly SqliteCommand _insertQuote;
    private readonly string _runPath;
    private readonly FileStream _runFile;
    private readonly Dictionary<string, int> _termIds = new(StringComparer.Ordinal);
    private readonly List<string> _terms = [];
    private readonly List<TermRun?> _buffers = [];
    private readonly List<RunIndex> _runs = [];
    private readonly Dictionary<string, int> _speakers = new(StringComparer.Ordinal);
    private readonly List<ushort> _lengths = [];
    private long _tokens;
    private long _buffered;
    private int _lastId;

    private sealed class TermRun
    {
        public ByteBuffer Docs { get; } = new(8);
        public ByteBuffer Pos { get; } = new(8);
        public int LastDoc { get; set; }
        public int Count { get; set; }
    }

    private sealed record RunIndex(long[] Offset, int[] DocBytes, int[] PosBytes, int[] Count);

    public SegmentBuilder(string path, SegmentOptions options)
    {
        _options = options;
        Codec = new BodyCodec(options.Bodies);
        foreach (var f in new[] { path, path + "-journal", path + "-wal" })
        {
            File.Delete(f);
        }

        _db = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        _db.Open();
        Exec($"PRAGMA page_size = {options.PageSize}; PRAGMA cache_size = -16384; PRAGMA temp_store = FILE;");
        Exec(Schema);
        // One transaction over a new file: SQLite journals no page that did not exist when it began.
        _tx = _db.BeginTransaction();
        _insertQuote = _db.CreateCommand();
        _insertQuote.Transaction = _tx;
        _insertQuote.CommandText = "INSERT INTO quotes(id, speaker_id, added_at, body) VALUES ($id, $s, $at, $b)";
        foreach (var p in new[] { "$id", "$s", "$at", "$b" })
        {
            _insertQuote.Parameters.Add(new SqliteParameter { ParameterName = p });
        }

        _runPath = path + ".runs";
        _runFile = new FileStream(_runPath, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose);
    }

    public int Quotes => _lastId;

    /// <summary>Peak bytes held by postings not yet written (the run budget bounds it).</summary>
    public long PeakBuffered { get; private set; }

    /// <summary>How many times postings were spilled to the run file.</summary>
    public int RunCount => _runs.Count;

    /// <summary>Encodes quote bodies; safe to call from several threads.</summary>
    public BodyCodec Codec { get; }

    /// <summary>Adds the next quote (id = previous + 1) with its analysis and stored body.</summary>
    public void Add(NewQuote q, Analysis a, byte[] body)
    {
        var id = ++_lastId;
        if (a.Length > ushort.MaxValue)
        {
            throw new InvalidOperationException($"Quote {id} has {a.Length} tokens; the prototype stores lengths up to {ushort.MaxValue}.");
        }

        _lengths.Add((ushort)a.Length);
        _tokens += a.Length;
        int? speakerId = null;
        if (q.Speaker is { Length: > 0 } name)
        {
            if (!_speakers.TryGetValue(name, out var sid))
            {
                sid = _speakers.Count + 1;
                _speakers[name] = sid;
            }

            speakerId = sid;
            Append(TermId(SpeakerTermPrefix + sid.ToString(System.Globalization.CultureInfo.InvariantCulture)), id, 1, null);
        }

        foreach (var (term, occ) in a.Terms)
        {
            Append(TermId(term), id, occ.Wtf, occ.Positions);
        }

        foreach (var (pair, wtf) in a.Pairs ?? [])
        {
            Append(TermId(pair), id, wtf, null);
        }

        _insertQuote.Parameters[0].Value = id;
        _insertQuote.Parameters[1].Value = (object?)speakerId ?? DBNull.Value;
        _insertQuote.Parameters[2].Value = q.AddedAt.ToUnixTimeSeconds();
        _insertQuote.Parameters[3].Value = body;
        _insertQuote.ExecuteNonQuery();
        if (_buffered > _options.RunBudgetBytes)
        {
            Spill();
        }
    }

    private int TermId(string term)
    {
        if (!_termIds.TryGetValue(term, out var id))
        {
            id = _terms.Count;
            _termIds[term] = id;
            _terms.Add(term);
            _buffers.Add(null);
        }

        return id;
    }

    private void Append(int termId, int doc, int wtf, List<int>? positions)
    {
        var run = _buffers[termId] ??= new TermRun();
        var before = run.Docs.Capacity + run.Pos.Capacity;
        Varint.Write(run.Docs, doc - run.LastDoc);
        Varint.Write(run.Docs, wtf);
        run.LastDoc = doc;
        run.Count++;
        if (positions is not null)
        {
            Varint.Write(run.Pos, positions.Count);
            var last = 0;
            foreach (var p in positions)
            {
                Varint.Write(run.Pos, p - last);
                last = p;
            }
        }

        _buffered += run.Docs.Capacity + run.Pos.Capacity - before;
        PeakBuffered = Math.Max(PeakBuffered, _buffered);
    }

    /// <summary>Writes every buffered term's postings to the run file and frees the buffers.</summary>
    private void Spill()
    {
        var n = _terms.Count;
        var index = new RunIndex(new long[n], new int[n], new int[n], new int[n]);
        for (var t = 0; t < n; t++)
        {
            if (_buffers[t] is not { Count: > 0 } run)
            {
                continue;
            }

            index.Offset[t] = _runFile.Position;
            index.DocBytes[t] = run.Docs.Count;
            index.PosBytes[t] = run.Pos.Count;
            index.Count[t] = run.Count;
            _runFile.Write(run.Docs.Span);
            _runFile.Write(run.Pos.Span);
            _buffers[t] = null;
        }

        _runFile.Flush();
        _runs.Add(index);
        _buffered = 0;
    }

    /// <summary>Records the pair words (chosen by the caller before the first quote is analysed).</summary>
    public void SetPairWords(IEnumerable<string> words)
    {
        using var cmd = Command("INSERT INTO pair_words(token) VALUES ($t)", "$t");
        foreach (var w in words)
        {
            cmd.Parameters[0].Value = w;
            cmd.ExecuteNonQuery();
        }
    }

    /// <summary>Writes the term dictionary, the blocked postings, lengths, speakers and statistics, and commits.</summary>
    public void Finish()
    {
        Spill();
        var docs = _lastId;
        var avgdl = Bm25.AverageLength(docs, _tokens);
        var norms = new double[ushort.MaxValue + 1];
        for (var i = 0; i < norms.Length; i++)
        {
            norms[i] = Bm25.Norm(i, avgdl);
        }

        using (var meta = Command("INSERT INTO meta(key, value) VALUES ($k, $v)", "$k", "$v"))
        {
            foreach (var (k, v) in new (string, long)[] { ("docs", docs), ("tokens", _tokens), ("block_size", _options.BlockSize), ("chunk_blocks", _options.ChunkBlocks), ("pairs_any", _options.PairsWithAnyWord ? 1 : 0) })
            {
                meta.Parameters[0].Value = k;
                meta.Parameters[1].Value = v;
                meta.ExecuteNonQuery();
            }
        }

        using (var len = Command("INSERT INTO doc_lengths(part, data) VALUES ($p, $d)", "$p", "$d"))
        {
            var all = _lengths.ToArray();
            for (var part = 0; part * LengthsPerRow < all.Length; part++)
            {
                var slice = all.AsSpan(part * LengthsPerRow, Math.Min(LengthsPerRow, all.Length - part * LengthsPerRow));
                len.Parameters[0].Value = part;
                len.Parameters[1].Value = System.Runtime.InteropServices.MemoryMarshal.AsBytes(slice).ToArray();
                len.ExecuteNonQuery();
            }
        }

        using (var sp = Command("INSERT INTO speakers(id, name, key) VALUES ($i, $n, $k)", "$i", "$n", "$k"))
        using (var tok = Command("INSERT OR IGNORE INTO speaker_tokens(token, speaker_id) VALUES ($t, $i)", "$t", "$i"))
        {
            foreach (var (name, id) in _speakers)
            {
                var key = TextFolding.SpeakerKey(name);
                sp.Parameters[0].Value = id;
                sp.Parameters[1].Value = name;
                sp.Parameters[2].Value = key;
                sp.ExecuteNonQuery();
                foreach (var t in key.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    tok.Parameters[0].Value = t;
                    tok.Parameters[1].Value = id;
                    tok.ExecuteNonQuery();
                }
            }
        }

        using (var runs = Command("INSERT INTO body_runs(id, run) VALUES ($i, $r)", "$i", "$r"))
        {
            for (var i = 0; i < Codec.Runs.Count; i++)
            {
                runs.Parameters[0].Value = i;
                runs.Parameters[1].Value = Codec.Runs[i];
                runs.ExecuteNonQuery();
            }
        }

        WritePostings(norms);
        _tx.Commit();
        Exec("PRAGMA optimize");
    }

    private void WritePostings(double[] norms)
    {
        using var termCmd = Command("INSERT INTO terms(term, id, df, skip) VALUES ($t, $i, $d, $s)", "$t", "$i", "$d", "$s");
        using var chunkCmd = Command("INSERT INTO chunks(key, docs) VALUES ($k, $b)", "$k", "$b");
        using var posCmd = Command("INSERT INTO positions(key, pos) VALUES ($k, $b)", "$k", "$b");
        var b = _options.BlockSize;
        var blockDocs = new int[b];
        var blockWtf = new int[b];
        var blockPos = new ByteBuffer(1024);
        var chunkDocs = new ByteBuffer(4096);
        var chunkPos = new ByteBuffer(4096);
        var skip = new ByteBuffer(256);
        var read = new byte[1 << 16];
        for (var t = 0; t < _terms.Count; t++)
        {
            skip.Clear();
            chunkDocs.Clear();
            chunkPos.Clear();
            var df = 0;
            var inBlock = 0;
            var blocks = 0;
            var prevBlockLast = 0;
            var chunk = 0;

            void FlushChunk()
            {
                var key = ((long)t << 20) | (long)chunk;
                chunkCmd.Parameters[0].Value = key;
                chunkCmd.Parameters[1].Value = chunkDocs.ToArray();
                chunkCmd.ExecuteNonQuery();
                if (chunkPos.Count > 0)
                {
                    posCmd.Parameters[0].Value = key;
                    posCmd.Parameters[1].Value = chunkPos.ToArray();
                    posCmd.ExecuteNonQuery();
                }

                chunkDocs.Clear();
                chunkPos.Clear();
                chunk++;
            }

            void FlushBlock()
            {
                var docStart = chunkDocs.Count;
                var max = 0.0;
                var last = prevBlockLast;
                for (var i = 0; i < inBlock; i++)
                {
                    Varint.Write(chunkDocs, blockDocs[i] - last);
                    Varint.Write(chunkDocs, blockWtf[i]);
                    last = blockDocs[i];
                    max = Math.Max(max, Bm25.Part(blockWtf[i], norms[_lengths[blockDocs[i] - 1]]));
                }

                chunkPos.AddRange(blockPos.Span);
                Varint.Write(skip, last - prevBlockLast);
                Varint.Write(skip, chunkDocs.Count - docStart);
                Varint.Write(skip, blockPos.Count);
                skip.AddFloat(RoundUp(max));
                prevBlockLast = last;
                blockPos.Clear();
                inBlock = 0;
                blocks++;
                if (blocks % _options.ChunkBlocks == 0)
                {
                    FlushChunk();
                }
            }

            foreach (var run in _runs)
            {
                if (t >= run.Count.Length || run.Count[t] == 0)
                {
                    continue;
                }

                var total = run.DocBytes[t] + run.PosBytes[t];
                if (read.Length < total)
                {
                    read = new byte[Math.Max(total, read.Length * 2)];
                }

                RandomAccess.Read(_runFile.SafeFileHandle, read.AsSpan(0, total), run.Offset[t]);
                var docData = read.AsSpan(0, run.DocBytes[t]);
                var posData = read.AsSpan(run.DocBytes[t], run.PosBytes[t]);
                int da = 0, pa = 0, doc = 0;
                for (var i = 0; i < run.Count[t]; i++)
                {
                    doc += Varint.Read(docData, ref da);
                    blockDocs[inBlock] = doc;
                    blockWtf[inBlock] = Varint.Read(docData, ref da);
                    if (posData.Length > 0)
                    {
                        var start = pa;
                        var count = Varint.Read(posData, ref pa);
                        for (var k = 0; k < count; k++)
                        {
                            Varint.Read(posData, ref pa);
                        }

                        blockPos.AddRange(posData[start..pa]);
                    }

                    inBlock++;
                    df++;
                    if (inBlock == b)
                    {
                        FlushBlock();
                    }
                }
            }

            if (inBlock > 0)
            {
                FlushBlock();
            }

            if (chunkDocs.Count > 0)
            {
                FlushChunk();
            }

            termCmd.Parameters[0].Value = _terms[t];
            termCmd.Parameters[1].Value = t;
            termCmd.Parameters[2].Value = df;
            termCmd.Parameters[3].Value = skip.ToArray();
            termCmd.ExecuteNonQuery();
        }
    }

    /// <summary>The smallest float not below <paramref name="v"/>: a stored block maximum never underestimates.</summary>
    private static float RoundUp(double v)
    {
        var f = (float)v;
        return f >= v ? f : MathF.BitIncrement(f);
    }

    private SqliteCommand Command(string sql, params string[] names)
    {
        var c = _db.CreateCommand();
        c.Transaction = _tx;
        c.CommandText = sql;
        foreach (var n in names)
        {
            c.Parameters.Add(new SqliteParameter { ParameterName = n });
        }

        return c;
    }

    private void Exec(string sql)
    {
        using var c = _db.CreateCommand();
        c.CommandText = sql;
        c.ExecuteNonQuery();
    }

    public void Dispose()
    {
        _insertQuote.Dispose();
        _tx.Dispose();
        _runFile.Dispose();
        _db.Dispose();
    }
}
