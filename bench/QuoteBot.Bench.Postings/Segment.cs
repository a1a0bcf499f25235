using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace QuoteBot.Bench.Postings;

/// <summary>A term of the segment: its exact document frequency and its decoded skip entries (one per block).</summary>
internal sealed class TermInfo
{
    public required int Id { get; init; }
    public required int Df { get; init; }
    public required int[] LastDoc { get; init; }
    public required int[] DocOffset { get; init; }
    public required int[] PosOffset { get; init; }
    public required float[] Max { get; init; }

    public int Blocks => LastDoc.Length;
}

/// <summary>A stored quote as the search returns it.</summary>
internal sealed record StoredQuote(int Id, string Text, string? Speaker, string? Title, string? Url, DateTimeOffset AddedAt);

/// <summary>
/// A read-only view of a segment file: statistics and quote lengths in memory (2 bytes a quote), everything else read
/// through SQLite with prepared statements. One instance per thread (its statements and buffers are not shared).
/// </summary>
internal sealed class Segment : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _term;
    private readonly sqlite3_stmt _chunk;
    private readonly sqlite3_stmt _pos;
    private readonly sqlite3_stmt _quote;
    private readonly sqlite3_stmt _speaker;
    private readonly sqlite3_stmt _speakerTokens;
    private readonly BodyCodec _codec;

    public Segment(string path, int cacheMegabytes = 8)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"No segment file at {path}.", path);
        }

        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        _connection.Open();
        using (var c = _connection.CreateCommand())
        {
            c.CommandText = $"PRAGMA cache_size = -{cacheMegabytes * 1024}; PRAGMA mmap_size = 0;";
            c.ExecuteNonQuery();
        }

        _db = _connection.Handle!;
        var meta = new Dictionary<string, long>(StringComparer.Ordinal);
        using (var c = _connection.CreateCommand())
        {
            c.CommandText = "SELECT key, value FROM meta";
            using var r = c.ExecuteReader();
            while (r.Read())
            {
                meta[r.GetString(0)] = r.GetInt64(1);
            }
        }

        Docs = (int)meta["docs"];
        Tokens = meta["tokens"];
        BlockSize = (int)meta["block_size"];
        ChunkBlocks = (int)meta["chunk_blocks"];
        PairsWithAnyWord = meta.GetValueOrDefault("pairs_any") != 0;
        AverageLength = Bm25.AverageLength(Docs, Tokens);
        Lengths = new ushort[Docs + 1];
        var shortest = int.MaxValue;
        using (var c = _connection.CreateCommand())
        {
            c.CommandText = "SELECT part, data FROM doc_lengths ORDER BY part";
            using var r = c.ExecuteReader();
            while (r.Read())
            {
                var part = r.GetInt32(0);
                var data = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, ushort>(((byte[])r.GetValue(1)).AsSpan());
                data.CopyTo(Lengths.AsSpan(1 + part * SegmentBuilder.LengthsPerRow));
                foreach (var l in data)
                {
                    shortest = Math.Min(shortest, l);
                }
            }
        }

        Shortest = Docs > 0 ? shortest : 0;
        Norms = new double[ushort.MaxValue + 1];
        for (var i = 0; i < Norms.Length; i++)
        {
            Norms[i] = Bm25.Norm(i, AverageLength);
        }

        var runs = new List<string>();
        using (var c = _connection.CreateCommand())
        {
            c.CommandText = "SELECT run FROM body_runs ORDER BY id";
            using var r = c.ExecuteReader();
            while (r.Read())
            {
                runs.Add(r.GetString(0));
            }
        }

        _codec = new BodyCodec(BodyFormat.Words, runs);
        using (var c = _connection.CreateCommand())
        {
            c.CommandText = "SELECT token FROM pair_words";
            using var r = c.ExecuteReader();
            while (r.Read())
            {
                PairWords.Add(r.GetString(0));
            }
        }

        _term = Prepare("SELECT id, df, skip FROM terms WHERE term = ?1");
        _chunk = Prepare("SELECT docs FROM chunks WHERE key = ?1");
        _pos = Prepare("SELECT pos FROM positions WHERE key = ?1");
        _quote = Prepare("SELECT q.speaker_id, q.added_at, q.body, s.name FROM quotes q LEFT JOIN speakers s ON s.id = q.speaker_id WHERE q.id = ?1");
        _speaker = Prepare("SELECT key FROM speakers WHERE id = ?1");
        _speakerTokens = Prepare("SELECT speaker_id FROM speaker_tokens WHERE token = ?1");
    }

    /// <summary>Tokens whose adjacent pairs have their own postings (phrase frequency as the weighted frequency).</summary>
    public HashSet<string> PairWords { get; } = new(StringComparer.Ordinal);

    /// <summary>Pair postings cover every pair with one pair word (else only pairs of two).</summary>
    public bool PairsWithAnyWord { get; }

    public int Docs { get; }
    public long Tokens { get; }
    public int BlockSize { get; }
    public int ChunkBlocks { get; }
    public double AverageLength { get; }
    public int Shortest { get; }

    /// <summary>Quote lengths in tokens, by id (index 0 unused).</summary>
    public ushort[] Lengths { get; }

    /// <summary>BM25 length normalisation by length, precomputed for this segment's average length.</summary>
    public double[] Norms { get; }

    private sqlite3_stmt Prepare(string sql)
    {
        if (raw.sqlite3_prepare_v2(_db, sql, out var stmt) != raw.SQLITE_OK)
        {
            throw new InvalidOperationException($"Cannot prepare {sql}: {raw.sqlite3_errmsg(_db).utf8_to_string()}");
        }

        return stmt;
    }

    /// <summary>A term's statistics and skip entries, or null when no quote holds it.</summary>
    public TermInfo? Term(string term)
    {
        raw.sqlite3_reset(_term);
        raw.sqlite3_bind_text(_term, 1, term);
        if (raw.sqlite3_step(_term) != raw.SQLITE_ROW)
        {
            return null;
        }

        var id = raw.sqlite3_column_int(_term, 0);
        var df = raw.sqlite3_column_int(_term, 1);
        var skip = raw.sqlite3_column_blob(_term, 2);
        var blocks = (df + BlockSize - 1) / BlockSize;
        var lastDoc = new int[blocks];
        var docOff = new int[blocks];
        var posOff = new int[blocks];
        var max = new float[blocks];
        int at = 0, last = 0, d = 0, p = 0;
        for (var b = 0; b < blocks; b++)
        {
            if (b % ChunkBlocks == 0)
            {
                d = 0;
                p = 0;
            }

            last += Varint.Read(skip, ref at);
            lastDoc[b] = last;
            docOff[b] = d;
            posOff[b] = p;
            d += Varint.Read(skip, ref at);
            p += Varint.Read(skip, ref at);
            max[b] = BitConverter.ToSingle(skip.Slice(at, 4));
            at += 4;
        }

        raw.sqlite3_reset(_term);
        return new TermInfo { Id = id, Df = df, LastDoc = lastDoc, DocOffset = docOff, PosOffset = posOff, Max = max };
    }

    /// <summary>Copies one stored chunk (postings or positions) of a term into <paramref name="buffer"/>; its length.</summary>
    public int ReadChunk(int termId, int chunk, bool positions, ref byte[] buffer)
    {
        var stmt = positions ? _pos : _chunk;
        raw.sqlite3_reset(stmt);
        raw.sqlite3_bind_int64(stmt, 1, ((long)termId << 20) | (long)chunk);
        if (raw.sqlite3_step(stmt) != raw.SQLITE_ROW)
        {
            raw.sqlite3_reset(stmt);
            throw new InvalidDataException($"The segment lacks chunk {chunk} of term {termId}.");
        }

        var data = raw.sqlite3_column_blob(stmt, 0);
        if (buffer.Length < data.Length)
        {
            buffer = new byte[Math.Max(data.Length, buffer.Length * 2)];
        }

        data.CopyTo(buffer);
        raw.sqlite3_reset(stmt);
        return data.Length;
    }

    /// <summary>Ids of the speakers whose key holds every token of the query's speaker key (the store's rule).</summary>
    public List<int> MatchingSpeakers(string speakerQuery)
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
            raw.sqlite3_reset(_speaker);
            raw.sqlite3_bind_int64(_speaker, 1, id);
            if (raw.sqlite3_step(_speaker) == raw.SQLITE_ROW
                && QuoteBot.Core.Text.TextFolding.SpeakerMatches(raw.sqlite3_column_text(_speaker, 0).utf8_to_string(), speakerQuery))
            {
                result.Add(id);
            }

            raw.sqlite3_reset(_speaker);
        }

        return result;
    }

    /// <summary>One quote row, its body decompressed.</summary>
    public StoredQuote? Quote(int id)
    {
        raw.sqlite3_reset(_quote);
        raw.sqlite3_bind_int64(_quote, 1, id);
        try
        {
            if (raw.sqlite3_step(_quote) != raw.SQLITE_ROW)
            {
                return null;
            }

            var at = raw.sqlite3_column_int64(_quote, 1);
            var body = raw.sqlite3_column_blob(_quote, 2);
            var speaker = raw.sqlite3_column_type(_quote, 3) == raw.SQLITE_NULL ? null : raw.sqlite3_column_text(_quote, 3).utf8_to_string();
            var (text, title, _, url, _) = _codec.Decode(body);
            return new StoredQuote(id, text, speaker, title.Length > 0 ? title : null, url.Length > 0 ? url : null,
                DateTimeOffset.FromUnixTimeSeconds(at));
        }
        finally
        {
            raw.sqlite3_reset(_quote);
        }
    }

    public void Dispose()
    {
        foreach (var s in new[] { _term, _chunk, _pos, _quote, _speaker, _speakerTokens })
        {
            s.Dispose();
        }

        _connection.Dispose();
    }
}
