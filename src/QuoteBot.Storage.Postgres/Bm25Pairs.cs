using Npgsql;

namespace QuoteBot.Storage.Postgres;

/// <summary>
/// The pair words of the BM25 index (schema 10, table <c>bm25_pair_words</c>): the commonest lexemes with a level,
/// ⌈log2(quotes / quotes holding it)⌉ when they were chosen. Two of them next to each other in one part of a quote (the
/// text, the speaker part or the title: one weight) whose levels add up to at most <see cref="LevelSum"/> get postings
/// of their own, under the key of the lexemes "left right" (<see cref="Key"/>; a lexeme holds no space), with the pair's
/// weighted hits as its frequency and the quote's length, exactly as the phrase's hits are counted
/// (<see cref="Bm25Oracle.Hits"/>). So a two-word phrase of such words is ranked as a word is, from its own postings,
/// where its candidates (quotes holding both words, about quotes × 2^-(level sum)) would be too many to check one by
/// one. The set is chosen once, when the store first holds <see cref="PostgresStoreOptions.PairWordsMinimumQuotes"/>
/// active quotes, in that write's transaction, and every active quote's pair postings are written then; it never
/// changes afterwards (new common words just take the candidate path).
/// </summary>
internal sealed class Bm25Pairs
{
    /// <summary>Two pair words next to each other get pair postings when their levels add up to at most this, as the
    /// SQLite store's rule (≈ quotes / 2^8 candidates for the rarest pair listed).</summary>
    public const int DefaultLevelSum = 8;

    /// <summary>At most this many pair words (the commonest first).</summary>
    public const int WordCap = 512;

    private readonly Dictionary<string, int> _levels;

    public Bm25Pairs(IReadOnlyDictionary<string, int> levels, int levelSum)
    {
        _levels = new Dictionary<string, int>(levels, StringComparer.Ordinal);
        LevelSum = levelSum;
    }

    public int LevelSum { get; }

    public IReadOnlyDictionary<string, int> Levels => _levels;

    /// <summary>Whether the two lexemes, next to each other, have pair postings.</summary>
    public bool IsPair(string left, string right) =>
        _levels.TryGetValue(left, out var a) && _levels.TryGetValue(right, out var b) && a + b <= LevelSum;

    /// <summary>The postings key of the pair "left right".</summary>
    public static long Key(string left, string right) => Bm25Postings.TermKey(left + " " + right);

    /// <summary>The level of a lexeme held by <paramref name="df"/> of <paramref name="docs"/> quotes.</summary>
    public static int LevelOf(long df, long docs)
    {
        var level = 0;
        while ((Math.Max(1, df) << level) < docs)
        {
            level++;
        }

        return level;
    }

    /// <summary>The chosen set as committed (or as this transaction chose it); null when none is chosen yet.</summary>
    public static async Task<Bm25Pairs?> ReadAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, CancellationToken ct)
    {
        int levelSum;
        await using (var cmd = new NpgsqlCommand("SELECT pair_level_sum FROM bm25_totals WHERE id = 0", conn, tx))
        {
            if (await cmd.ExecuteScalarAsync(ct) is not int sum)
            {
                return null;
            }

            levelSum = sum;
        }

        var levels = new Dictionary<string, int>(StringComparer.Ordinal);
        await using (var cmd = new NpgsqlCommand("SELECT lexeme, level FROM bm25_pair_words", conn, tx))
        await using (var r = await cmd.ExecuteReaderAsync(ct))
        {
            while (await r.ReadAsync(ct))
            {
                levels[r.GetString(0)] = r.GetInt32(1);
            }
        }

        return new Bm25Pairs(levels, levelSum);
    }

    /// <summary>
    /// Chooses the pair words from the active quotes' exact document frequencies (the commonest lexemes, at most
    /// <see cref="WordCap"/>, whose level plus the commonest one's is at most <paramref name="levelSum"/>) and writes
    /// every active quote's pair postings, in the caller's transaction (which holds the index's lock). Returns the set.
    /// </summary>
    public static async Task<Bm25Pairs> ChooseAsync(NpgsqlConnection conn, NpgsqlTransaction tx, int levelSum, int capacity, CancellationToken ct)
    {
        long docs;
        await using (var cmd = new NpgsqlCommand("SELECT docs FROM bm25_totals WHERE id = 0", conn, tx))
        {
            docs = (long)(await cmd.ExecuteScalarAsync(ct))!;
        }

        var levels = new Dictionary<string, int>(StringComparer.Ordinal);
        await using (var cmd = new NpgsqlCommand(
                         "SELECT word, ndoc FROM ts_stat('SELECT search FROM quotes WHERE status = 0') ORDER BY ndoc DESC, word COLLATE \"C\" LIMIT @cap", conn, tx) { CommandTimeout = 0 })
        {
            cmd.Parameters.AddWithValue("cap", WordCap);
            await using var r = await cmd.ExecuteReaderAsync(ct);
            var lowest = -1;
            while (await r.ReadAsync(ct))
            {
                var level = LevelOf(Math.Min(r.GetInt32(1), docs), docs);
                lowest = lowest < 0 ? level : lowest;
                if (lowest + level > levelSum)
                {
                    break; // by decreasing frequency: no later lexeme qualifies either
                }

                levels[r.GetString(0)] = level;
            }
        }

        await using (var cmd = new NpgsqlCommand(
                         "INSERT INTO bm25_pair_words(lexeme, level) SELECT * FROM unnest(@l::text[], @v::integer[]); " +
                         "UPDATE bm25_totals SET pair_level_sum = @s WHERE id = 0", conn, tx))
        {
            cmd.Parameters.AddWithValue("l", levels.Keys.ToArray());
            cmd.Parameters.AddWithValue("v", levels.Values.ToArray());
            cmd.Parameters.AddWithValue("s", levelSum);
            await cmd.ExecuteNonQueryAsync(ct);
        }

        var pairs = new Bm25Pairs(levels, levelSum);
        if (levels.Count > 0)
        {
            await Bm25Index.FillAsync(conn, tx, pairs, capacity, ct);
        }

        return pairs;
    }
}
