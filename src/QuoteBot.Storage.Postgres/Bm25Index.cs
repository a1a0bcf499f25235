using System.Buffers;
using Npgsql;
using QuoteBot.Core.Text;

namespace QuoteBot.Storage.Postgres;

/// <summary>One quote's entry in the BM25 index before and after a change (null: not active then).</summary>
internal readonly record struct PostingsChange(long Doc, DocTerms? Before, DocTerms? After);

/// <summary>
/// Reads and writes the BM25 index of schema 8 (<see cref="Bm25Postings"/>): <c>bm25_blocks</c> and the exact totals
/// in <c>bm25_totals</c> (active quotes and their summed lengths; a lexeme's document frequency is the sum of its
/// blocks' counts). Every write runs inside the transaction that changes the quotes, after its rows are written, and
/// holds one transaction-scoped advisory lock per schema while it does: writers of postings take turns (they already
/// did at the totals row), readers never wait and see the index of one committed state, as they see the quotes.
/// </summary>
internal static class Bm25Index
{
    private const string LockSql = "SELECT pg_advisory_xact_lock(hashtextextended('quotebot:bm25:' || coalesce(current_schema(), ''), 0))";

    /// <summary>Takes the index's lock for the rest of the transaction (writers of postings take turns).</summary>
    public static async Task LockAsync(NpgsqlConnection conn, NpgsqlTransaction tx, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(LockSql, conn, tx);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Applies the changes of one transaction to the index and the totals (not the totals when
    /// <paramref name="counted"/> is false: pair postings added to quotes already counted); new blocks take up to
    /// <paramref name="capacity"/> postings.</summary>
    public static async Task ApplyAsync(NpgsqlConnection conn, NpgsqlTransaction tx, IReadOnlyList<PostingsChange> changes, int capacity, CancellationToken ct,
        bool counted = true)
    {
        long dDocs = 0, dLength = 0;
        var adds = new Dictionary<long, List<(long Doc, int F, int Dl)>>();
        var removes = new Dictionary<long, List<long>>();
        foreach (var c in changes)
        {
            if (c.Before is { } b)
            {
                dDocs -= counted ? 1 : 0;
                dLength -= counted ? b.Length : 0;
                foreach (var term in b.Frequencies.Keys)
                {
                    (removes.TryGetValue(term, out var l) ? l : removes[term] = []).Add(c.Doc);
                }
            }

            if (c.After is { } a)
            {
                dDocs += counted ? 1 : 0;
                dLength += counted ? a.Length : 0;
                foreach (var (term, f) in a.Frequencies)
                {
                    (adds.TryGetValue(term, out var l) ? l : adds[term] = []).Add((c.Doc, f, a.Length));
                }
            }
        }

        if (dDocs == 0 && dLength == 0 && adds.Count == 0 && removes.Count == 0)
        {
            return;
        }

        await LockAsync(conn, tx, ct);
        await using (var cmd = new NpgsqlCommand(
                         "INSERT INTO bm25_totals(id, docs, length) VALUES (0, @d, @l) ON CONFLICT (id) DO UPDATE " +
                         "SET docs = bm25_totals.docs + excluded.docs, length = bm25_totals.length + excluded.length", conn, tx))
        {
            cmd.Parameters.AddWithValue("d", dDocs);
            cmd.Parameters.AddWithValue("l", dLength);
            await cmd.ExecuteNonQueryAsync(ct);
        }

        var terms = adds.Keys.Union(removes.Keys).Order().ToArray();
        var tails = new Dictionary<long, (long Low, int N, long Last, byte[]? Bounds, byte[]? Skips)>();
        await using (var cmd = new NpgsqlCommand(
                         "SELECT u.term, b.low, b.n, b.last_doc, b.bounds, b.skips FROM unnest(@t::bigint[]) AS u(term) " +
                         "CROSS JOIN LATERAL (SELECT low, n, last_doc, bounds, skips FROM bm25_blocks x WHERE x.term = u.term ORDER BY x.low DESC LIMIT 1) b", conn, tx))
        {
            cmd.Parameters.AddWithValue("t", terms);
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                tails[r.GetInt64(0)] = (r.GetInt64(1), r.GetInt32(2), r.GetInt64(3), r.IsDBNull(4) ? null : r.GetFieldValue<byte[]>(4),
                    r.IsDBNull(5) ? null : r.GetFieldValue<byte[]>(5));
            }
        }

        // A term only gaining quotes above its last posting is appended to; any other change rewrites its blocks.
        var general = new List<long>();
        var appends = new List<(long Term, List<(long Doc, int F, int Dl)> Postings)>();
        foreach (var term in terms)
        {
            var added = adds.GetValueOrDefault(term);
            added?.Sort((x, y) => x.Doc.CompareTo(y.Doc));
            var hasTail = tails.TryGetValue(term, out var tail);
            // (A tail emptied by removals keeps its low key and has last id 0: a quote below that key is not its.)
            if (removes.ContainsKey(term) || (hasTail && added is { Count: > 0 } && (added[0].Doc <= tail.Last || added[0].Doc < tail.Low)))
            {
                general.Add(term);
            }
            else if (added is { Count: > 0 })
            {
                appends.Add((term, added));
            }
        }

        var segment = Bm25Postings.SegmentSizeFor(capacity);
        var upserts = new Blocks(segment);
        var tailAppends = new Blocks(segment);
        var buffer = new ArrayBufferWriter<byte>(4096);
        foreach (var (term, postings) in appends)
        {
            var i = 0;
            if (tails.TryGetValue(term, out var tail) && tail.N < capacity)
            {
                var take = Math.Min(postings.Count, capacity - tail.N);
                buffer.Clear();
                var prev = tail.Last;
                for (; i < take; i++)
                {
                    Bm25Postings.Write(buffer, ref prev, postings[i].Doc, postings[i].F, postings[i].Dl);
                }

                // The tail's bounds and the new postings' give the appended block's bounds (a block without bounds,
                // which schema 9 never leaves, has its postings read back instead).
                var old = tail.Bounds is { } b ? Bm25Postings.ReadBounds(b) : await BlockPairsAsync(conn, tx, term, tail.Low, ct);
                var bounds = Bm25Postings.Bounds(old.Concat(postings.Take(take).Select(p => (p.F, p.Dl))));
                // The skip table goes on from the tail's (a block without one, which schema 11 never leaves, is read back).
                var appended = buffer.WrittenSpan.ToArray();
                var skips = tail.Skips is { } k
                    ? Bm25Postings.Segments(appended, segment, k)
                    : Bm25Postings.Segments([.. await BlockDataAsync(conn, tx, term, tail.Low, ct), .. appended], segment);
                tailAppends.Add(term, tail.Low, take, prev, appended, bounds, skips);
            }

            var first = !tails.ContainsKey(term);
            while (i < postings.Count)
            {
                var take = Math.Min(postings.Count - i, capacity);
                var low = first ? 0 : postings[i].Doc;
                first = false;
                buffer.Clear();
                long prev = 0;
                for (var j = 0; j < take; j++, i++)
                {
                    Bm25Postings.Write(buffer, ref prev, postings[i].Doc, postings[i].F, postings[i].Dl);
                }

                upserts.Add(term, low, take, prev, buffer.WrittenSpan.ToArray(), Bm25Postings.Bounds(postings.Skip(i - take).Take(take).Select(p => (p.F, p.Dl))));
            }
        }

        if (general.Count > 0)
        {
            await RewriteAsync(conn, tx, general, adds, removes, upserts, buffer, ct);
        }

        if (tailAppends.Count > 0)
        {
            // An insert that always conflicts: each row goes through the primary key, whatever the planner thinks of a join.
            await using var cmd = new NpgsqlCommand(
                "INSERT INTO bm25_blocks(term, low, n, last_doc, data, bounds, skips) " +
                "SELECT * FROM unnest(@t::bigint[], @lo::bigint[], @n::integer[], @last::bigint[], @d::bytea[], @b::bytea[], @s::bytea[]) " +
                "ON CONFLICT (term, low) DO UPDATE SET data = bm25_blocks.data || excluded.data, n = bm25_blocks.n + excluded.n, " +
                "last_doc = excluded.last_doc, bounds = excluded.bounds, skips = excluded.skips", conn, tx);
            tailAppends.Bind(cmd);
            await cmd.ExecuteNonQueryAsync(ct);
        }

        if (upserts.Count > 0)
        {
            await using var cmd = new NpgsqlCommand(
                "INSERT INTO bm25_blocks(term, low, n, last_doc, data, bounds, skips) " +
                "SELECT * FROM unnest(@t::bigint[], @lo::bigint[], @n::integer[], @last::bigint[], @d::bytea[], @b::bytea[], @s::bytea[]) " +
                "ON CONFLICT (term, low) DO UPDATE SET n = excluded.n, last_doc = excluded.last_doc, data = excluded.data, bounds = excluded.bounds, skips = excluded.skips", conn, tx);
            upserts.Bind(cmd);
            await cmd.ExecuteNonQueryAsync(ct);
        }
    }

    /// <summary>
    /// Rewrites the blocks that hold the changed quotes of <paramref name="terms"/>: each block is decoded, the quote's
    /// posting dropped or replaced, and written back whole (a block may grow past its capacity this way; only edits,
    /// restores and imports of old ids land below a term's last posting). Blocks are never deleted, so every term's
    /// first block keeps its low key 0 and every id has a block to go to.
    /// </summary>
    private static async Task RewriteAsync(NpgsqlConnection conn, NpgsqlTransaction tx, List<long> terms,
        Dictionary<long, List<(long Doc, int F, int Dl)>> adds, Dictionary<long, List<long>> removes, Blocks upserts,
        ArrayBufferWriter<byte> buffer, CancellationToken ct)
    {
        var opTerms = new List<long>();
        var opDocs = new List<long>();
        foreach (var term in terms)
        {
            foreach (var doc in removes.GetValueOrDefault(term) ?? [])
            {
                opTerms.Add(term);
                opDocs.Add(doc);
            }

            foreach (var p in adds.GetValueOrDefault(term) ?? [])
            {
                opTerms.Add(term);
                opDocs.Add(p.Doc);
            }
        }

        // term -> its touched blocks, by low key
        var blocks = new Dictionary<long, SortedDictionary<long, Dictionary<long, (int F, int Dl)>>>();
        await using (var cmd = new NpgsqlCommand(
                         "SELECT DISTINCT b.term, b.low, b.n, b.data FROM unnest(@t::bigint[], @d::bigint[]) AS u(term, doc) " +
                         "CROSS JOIN LATERAL (SELECT term, low, n, data FROM bm25_blocks x WHERE x.term = u.term AND x.low <= u.doc ORDER BY x.low DESC LIMIT 1) b",
                         conn, tx))
        {
            cmd.Parameters.AddWithValue("t", opTerms.ToArray());
            cmd.Parameters.AddWithValue("d", opDocs.ToArray());
            await using var r = await cmd.ExecuteReaderAsync(ct);
            var decoded = new TermPostings();
            while (await r.ReadAsync(ct))
            {
                var term = r.GetInt64(0);
                decoded.Count = 0;
                Bm25Postings.Decode(r.GetFieldValue<byte[]>(3), r.GetInt32(2), decoded);
                var postings = new Dictionary<long, (int, int)>(decoded.Count);
                for (var i = 0; i < decoded.Count; i++)
                {
                    postings[decoded.Docs[i]] = (decoded.Frequencies[i], decoded.Lengths[i]);
                }

                (blocks.TryGetValue(term, out var byLow) ? byLow : blocks[term] = new())[r.GetInt64(1)] = postings;
            }
        }

        foreach (var term in terms)
        {
            if (!blocks.TryGetValue(term, out var byLow))
            {
                byLow = blocks[term] = new() { [0] = new() }; // a new term whose first quote is not its highest
            }

            Dictionary<long, (int F, int Dl)> BlockOf(long doc) => byLow.Last(kv => kv.Key <= doc).Value;
            foreach (var doc in removes.GetValueOrDefault(term) ?? [])
            {
                BlockOf(doc).Remove(doc);
            }

            foreach (var p in adds.GetValueOrDefault(term) ?? [])
            {
                BlockOf(p.Doc)[p.Doc] = (p.F, p.Dl);
            }

            foreach (var (low, postings) in byLow)
            {
                buffer.Clear();
                long prev = 0;
                foreach (var doc in postings.Keys.Order())
                {
                    var (f, dl) = postings[doc];
                    Bm25Postings.Write(buffer, ref prev, doc, f, dl);
                }

                upserts.Add(term, low, postings.Count, prev, buffer.WrittenSpan.ToArray(), Bm25Postings.Bounds(postings.Values));
            }
        }
    }

    /// <summary>Block rows to write, as parallel arrays for one unnest statement; a whole block's skip table is
    /// computed from its data (segments of <paramref name="segment"/> postings), an append's is given.</summary>
    private sealed class Blocks(int segment)
    {
        private readonly List<long> _terms = [], _lows = [], _lasts = [];
        private readonly List<int> _counts = [];
        private readonly List<byte[]> _data = [], _bounds = [], _skips = [];

        public int Count => _terms.Count;

        public void Add(long term, long low, int n, long last, byte[] data, byte[] bounds, byte[]? skips = null)
        {
            _bounds.Add(bounds);
            _skips.Add(skips ?? Bm25Postings.Segments(data, segment));
            _terms.Add(term);
            _lows.Add(low);
            _counts.Add(n);
            _lasts.Add(last);
            _data.Add(data);
        }

        public void Bind(NpgsqlCommand cmd)
        {
            cmd.Parameters.AddWithValue("t", _terms.ToArray());
            cmd.Parameters.AddWithValue("lo", _lows.ToArray());
            cmd.Parameters.AddWithValue("n", _counts.ToArray());
            cmd.Parameters.AddWithValue("last", _lasts.ToArray());
            cmd.Parameters.AddWithValue("d", _data.ToArray());
            cmd.Parameters.AddWithValue("b", _bounds.ToArray());
            cmd.Parameters.AddWithValue("s", _skips.ToArray());
        }
    }

    /// <summary>The folded parts of a stored quote's search vector: text, speaker with its key, title.</summary>
    public static (string Text, string Speaker, string Title) Folded(string text, string? speaker, string speakerKey, string? title) =>
        (TextFolding.Fold(text), (TextFolding.Fold(speaker) + " " + speakerKey).Trim(), TextFolding.Fold(title));

    /// <summary>
    /// Builds the index for the quotes already stored (schema 8's migration, inside its transaction): active quotes in
    /// id order, 5,000 at a time, appended as new quotes are. With <paramref name="pairs"/>, only their pair postings
    /// are written (the totals and word postings are there already), 50,000 quotes at a time: each step rewrites every
    /// pair's last block, and fewer, larger steps leave fewer dead copies of it behind.
    /// </summary>
    public static async Task FillAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Bm25Pairs? pairs, int capacity, CancellationToken ct)
    {
        var lexicon = new Lexicon();
        long after = 0;
        while (true)
        {
            var rows = new List<(long Id, (string, string, string) Parts)>();
            await using (var cmd = new NpgsqlCommand(
                             "SELECT id, text, speaker, speaker_key, source_title FROM quotes WHERE status = 0 AND id > @after ORDER BY id LIMIT @n", conn, tx))
            {
                cmd.Parameters.AddWithValue("after", after);
                cmd.Parameters.AddWithValue("n", pairs is null ? 5_000 : 50_000);
                await using var r = await cmd.ExecuteReaderAsync(ct);
                while (await r.ReadAsync(ct))
                {
                    rows.Add((r.GetInt64(0), Folded(r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2), r.GetString(3), r.IsDBNull(4) ? null : r.GetString(4))));
                }
            }

            if (rows.Count == 0)
            {
                return;
            }

            var known = await lexicon.LookUpAsync(conn, tx, rows.SelectMany(x => Lexicon.Words(x.Parts.Item1, x.Parts.Item2, x.Parts.Item3)), ct);
            var changes = rows.Select(x => new PostingsChange(x.Id, null,
                Bm25Postings.Analyze(known, x.Parts.Item1, x.Parts.Item2, x.Parts.Item3, pairs, words: pairs is null))).ToList();
            await ApplyAsync(conn, tx, changes, capacity, ct, counted: pairs is null);
            after = rows[^1].Id;
        }
    }

    /// <summary>
    /// Schema 10's step, and the end of every write of postings until the pair words are chosen: a store holding at
    /// least <see cref="PostgresStoreOptions.PairWordsMinimumQuotes"/> active quotes and no pair words yet chooses them
    /// and writes every active quote's pair postings (<see cref="Bm25Pairs.ChooseAsync"/>), in this transaction.
    /// </summary>
    public static async Task ChoosePairWordsAsync(NpgsqlConnection conn, NpgsqlTransaction tx, PostgresStoreOptions options, CancellationToken ct)
    {
        await LockAsync(conn, tx, ct);
        await using (var cmd = new NpgsqlCommand("SELECT docs >= @min AND pair_level_sum IS NULL FROM bm25_totals WHERE id = 0", conn, tx))
        {
            cmd.Parameters.AddWithValue("min", (long)Math.Max(1, options.PairWordsMinimumQuotes));
            if (await cmd.ExecuteScalarAsync(ct) is not true)
            {
                return;
            }
        }

        await Bm25Pairs.ChooseAsync(conn, tx, options.PairLevelSum, options.Bm25BlockCapacity, ct);
    }

    /// <summary>One stored block's data.</summary>
    private static async Task<byte[]> BlockDataAsync(NpgsqlConnection conn, NpgsqlTransaction tx, long term, long low, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand("SELECT data FROM bm25_blocks WHERE term = @t AND low = @lo", conn, tx);
        cmd.Parameters.AddWithValue("t", term);
        cmd.Parameters.AddWithValue("lo", low);
        return await cmd.ExecuteScalarAsync(ct) as byte[] ?? [];
    }

    /// <summary>The (frequency, length) pairs of one stored block's postings.</summary>
    private static async Task<List<(int F, int Dl)>> BlockPairsAsync(NpgsqlConnection conn, NpgsqlTransaction tx, long term, long low, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand("SELECT n, data FROM bm25_blocks WHERE term = @t AND low = @lo", conn, tx);
        cmd.Parameters.AddWithValue("t", term);
        cmd.Parameters.AddWithValue("lo", low);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        var decoded = new TermPostings();
        if (await r.ReadAsync(ct))
        {
            Bm25Postings.Decode(r.GetFieldValue<byte[]>(1), r.GetInt32(0), decoded);
        }

        return Enumerable.Range(0, decoded.Count).Select(i => (decoded.Frequencies[i], decoded.Lengths[i])).ToList();
    }

    /// <summary>
    /// Schema 9's step: every stored block gets its bounds from its postings, 2,000 blocks at a time. A store whose
    /// index was never written (no totals row: schema 8 was just created in this transaction) has it built by schema
    /// 11's step (<see cref="SkipsAsync"/>), once the blocks have every column the writes fill.
    /// </summary>
    public static async Task UpgradeAsync(NpgsqlConnection conn, NpgsqlTransaction tx, CancellationToken ct)
    {
        if (!await BuiltAsync(conn, tx, ct))
        {
            return;
        }

        var decoded = new TermPostings();
        await RewriteBlocksAsync(conn, tx, "bounds", onlyMissing: false, (n, data) =>
        {
            decoded.Count = 0;
            Bm25Postings.Decode(data, n, decoded);
            return Bm25Postings.Bounds(Enumerable.Range(0, decoded.Count).Select(i => (decoded.Frequencies[i], decoded.Lengths[i])));
        }, ct);
    }

    /// <summary>Whether the index was ever written (it has its totals row).</summary>
    private static async Task<bool> BuiltAsync(NpgsqlConnection conn, NpgsqlTransaction tx, CancellationToken ct)
    {
        await using var any = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM bm25_totals)", conn, tx);
        return (bool)(await any.ExecuteScalarAsync(ct))!;
    }

    /// <summary>
    /// Schema 11's step: a store whose index was never written (coming from schema 7) has it built for the quotes
    /// already stored (<see cref="FillAsync"/>, which writes bounds and skip tables as it goes) and its pair words
    /// chosen (schema 10's step found no index to choose them from); otherwise every stored block without a skip table
    /// gets one from its data (segments of <see cref="Bm25Postings.SegmentSizeFor"/> the options' block capacity),
    /// 2,000 blocks at a time. Only the small column is written: the data's out-of-line value is not copied.
    /// </summary>
    public static async Task SkipsAsync(NpgsqlConnection conn, NpgsqlTransaction tx, PostgresStoreOptions options, CancellationToken ct)
    {
        if (!await BuiltAsync(conn, tx, ct))
        {
            await FillAsync(conn, tx, null, options.Bm25BlockCapacity, ct);
            await ChoosePairWordsAsync(conn, tx, options, ct);
            return;
        }

        var segment = Bm25Postings.SegmentSizeFor(options.Bm25BlockCapacity);
        await RewriteBlocksAsync(conn, tx, "skips", onlyMissing: true, (_, data) => Bm25Postings.Segments(data, segment), ct);
    }

    /// <summary>
    /// A migration step's walk over the stored blocks, 2,000 at a time in term and id order: <paramref name="column"/>
    /// (a column name of this schema, never input) is set to <paramref name="compute"/> of each block's count and data,
    /// for every block or only those where it is still null. Only that column is written: the data's out-of-line value
    /// is not copied.
    /// </summary>
    private static async Task RewriteBlocksAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string column, bool onlyMissing,
        Func<int, byte[], byte[]> compute, CancellationToken ct)
    {
        var missing = onlyMissing ? $" AND {column} IS NULL" : "";
        (long Term, long Low) after = (long.MinValue, long.MinValue);
        while (true)
        {
            var terms = new List<long>();
            var lows = new List<long>();
            var values = new List<byte[]>();
            await using (var cmd = new NpgsqlCommand(
                             $"SELECT term, low, n, data FROM bm25_blocks WHERE (term, low) > (@t, @lo){missing} ORDER BY term, low LIMIT 2000", conn, tx) { CommandTimeout = 0 })
            {
                cmd.Parameters.AddWithValue("t", after.Term);
                cmd.Parameters.AddWithValue("lo", after.Low);
                await using var r = await cmd.ExecuteReaderAsync(ct);
                while (await r.ReadAsync(ct))
                {
                    terms.Add(r.GetInt64(0));
                    lows.Add(r.GetInt64(1));
                    values.Add(compute(r.GetInt32(2), r.GetFieldValue<byte[]>(3)));
                }
            }

            if (terms.Count == 0)
            {
                return;
            }

            await using (var cmd = new NpgsqlCommand(
                             $"UPDATE bm25_blocks b SET {column} = u.v FROM unnest(@t::bigint[], @lo::bigint[], @v::bytea[]) AS u(term, low, v) " +
                             "WHERE b.term = u.term AND b.low = u.low", conn, tx) { CommandTimeout = 0 })
            {
                cmd.Parameters.AddWithValue("t", terms.ToArray());
                cmd.Parameters.AddWithValue("lo", lows.ToArray());
                cmd.Parameters.AddWithValue("v", values.ToArray());
                await cmd.ExecuteNonQueryAsync(ct);
            }

            after = (terms[^1], lows[^1]);
        }
    }

    /// <summary>
    /// The index's totals and the blocks of <paramref name="terms"/> that hold postings, without their postings (id
    /// range, count, bounds), in term and id order, and the document frequencies of <paramref name="counted"/> (terms
    /// whose blocks are not needed), in one round trip. Terms without postings are missing from the results.
    /// </summary>
    public static async Task<(long Docs, long Length, Dictionary<long, List<Bm25Block>> Blocks, Dictionary<long, long> Counts)> ReadBlocksAsync(NpgsqlConnection conn,
        NpgsqlTransaction tx, long[] terms, long[] counted, CancellationToken ct)
    {
        long docs = 0, length = 0;
        var blocks = new Dictionary<long, List<Bm25Block>>();
        var counts = new Dictionary<long, long>();
        await using var cmd = new NpgsqlCommand(
            "SELECT coalesce((SELECT docs FROM bm25_totals WHERE id = 0), 0), coalesce((SELECT length FROM bm25_totals WHERE id = 0), 0), " +
            "b.term, b.low, b.n, b.last_doc, b.bounds, b.skips FROM bm25_blocks b WHERE b.term = ANY(@t) AND b.n > 0 ORDER BY b.term, b.low;" +
            "SELECT term, sum(n)::bigint FROM bm25_blocks WHERE term = ANY(@c) GROUP BY term HAVING sum(n) > 0", conn, tx);
        cmd.Parameters.AddWithValue("t", terms);
        cmd.Parameters.AddWithValue("c", counted);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            docs = r.GetInt64(0);
            length = r.GetInt64(1);
            var term = r.GetInt64(2);
            if (!blocks.TryGetValue(term, out var list))
            {
                blocks[term] = list = [];
            }

            list.Add(new Bm25Block(term, r.GetInt64(3), r.GetInt32(4), r.GetInt64(5), r.IsDBNull(6) ? null : r.GetFieldValue<byte[]>(6),
                r.IsDBNull(7) ? null : r.GetFieldValue<byte[]>(7)));
        }

        await r.NextResultAsync(ct);
        while (await r.ReadAsync(ct))
        {
            counts[r.GetInt64(0)] = r.GetInt64(1);
        }

        return (docs, length, blocks, counts);
    }

    /// <summary>Reads and decodes the postings of <paramref name="blocks"/> (one statement, each block through the key;
    /// segments as one substring of their block's data per run of adjacent ones, so only the storage chunks holding
    /// them are read).</summary>
    public static async Task FetchAsync(NpgsqlConnection conn, NpgsqlTransaction tx, IReadOnlyList<Bm25Block> blocks, CancellationToken ct)
    {
        if (blocks.Count == 0)
        {
            return;
        }

        // Runs: a whole block (length -1), or segments of one block following each other in its data.
        var runs = new List<(long Term, long Low, int Offset, int Length, List<Bm25Block> Parts)>();
        foreach (var b in blocks.Where(b => b.Slice is null))
        {
            runs.Add((b.Term, b.Low, 0, -1, [b]));
        }

        foreach (var group in blocks.Where(b => b.Slice is not null).GroupBy(b => (b.Term, b.Slice!.Value.BlockLow)))
        {
            List<Bm25Block>? run = null;
            int offset = 0, end = 0;
            foreach (var b in group.OrderBy(b => b.Slice!.Value.Offset))
            {
                var slice = b.Slice!.Value;
                if (run is not null && slice.Offset == end)
                {
                    run.Add(b);
                    end += slice.Length;
                    continue;
                }

                if (run is not null)
                {
                    runs.Add((group.Key.Term, group.Key.BlockLow, offset, end - offset, run));
                }

                run = [b];
                offset = slice.Offset;
                end = slice.Offset + slice.Length;
            }

            runs.Add((group.Key.Term, group.Key.BlockLow, offset, end - offset, run!));
        }

        await using var cmd = new NpgsqlCommand(
            "SELECT u.i, CASE WHEN u.len < 0 THEN b.data ELSE substring(b.data FROM u.off + 1 FOR u.len) END " +
            "FROM unnest(@t::bigint[], @lo::bigint[], @off::integer[], @len::integer[]) WITH ORDINALITY AS u(term, low, off, len, i) " +
            "CROSS JOIN LATERAL (SELECT data FROM bm25_blocks x WHERE x.term = u.term AND x.low = u.low) b", conn, tx);
        cmd.Parameters.AddWithValue("t", runs.Select(r => r.Term).ToArray());
        cmd.Parameters.AddWithValue("lo", runs.Select(r => r.Low).ToArray());
        cmd.Parameters.AddWithValue("off", runs.Select(r => r.Offset).ToArray());
        cmd.Parameters.AddWithValue("len", runs.Select(r => r.Length).ToArray());
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            var run = runs[(int)r.GetInt64(0) - 1];
            var data = r.GetFieldValue<byte[]>(1);
            foreach (var block in run.Parts)
            {
                var postings = new TermPostings();
                if (block.Slice is { } slice)
                {
                    Bm25Postings.Decode(data.AsSpan(slice.Offset - run.Offset, slice.Length), block.Count, postings, slice.Start);
                }
                else
                {
                    Bm25Postings.Decode(data, block.Count, postings);
                }

                block.Postings = postings;
            }
        }
    }
}
