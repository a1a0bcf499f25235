using System.Collections.Concurrent;
using System.Text;
using Npgsql;

namespace QuoteBot.Storage.Postgres;

/// <summary>
/// Folded words and the lexemes PostgreSQL's text search configuration makes of them, asked once per word and kept
/// (a word's lexemes never change for a configuration), so the store can write the keys of the adjacent lexeme pairs
/// of every quote (the <c>pairs</c> column, GIN-indexed) without a per-row function in the database, and phrase
/// searches can ask for the same keys.
/// </summary>
internal sealed class Lexicon
{
    /// <summary>Past this many words, new words are looked up per call and not kept.</summary>
    private const int Capacity = 200_000;

    private readonly ConcurrentDictionary<string, string[]> _lexemes = new(StringComparer.Ordinal);

    /// <summary>Makes sure every word is known; one round trip for all the unknown ones.</summary>
    public async Task<IReadOnlyDictionary<string, string[]>> LookUpAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, IEnumerable<string> words, CancellationToken ct)
    {
        var missing = new HashSet<string>(StringComparer.Ordinal);
        var known = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var word in words)
        {
            if (word.Length == 0 || known.ContainsKey(word))
            {
                continue;
            }

            if (_lexemes.TryGetValue(word, out var lexemes))
            {
                known[word] = lexemes;
            }
            else
            {
                missing.Add(word);
            }
        }

        if (missing.Count == 0)
        {
            return known;
        }

        // A word's lexemes in position order; a word of several tokens gives several.
        await using var cmd = new NpgsqlCommand(
            "SELECT u.w, coalesce((SELECT array_agg(l.lexeme ORDER BY l.pos, l.lexeme) FROM " +
            $"(SELECT lexeme, unnest(positions) AS pos FROM unnest(to_tsvector('{PostgresSchema.TextConfig}', u.w))) l), '{{}}') " +
            "FROM unnest(@w) AS u(w)", conn, tx);
        cmd.Parameters.AddWithValue("w", missing.ToArray());
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            var word = r.GetString(0);
            var lexemes = r.GetFieldValue<string[]>(1);
            known[word] = lexemes;
            if (_lexemes.Count < Capacity)
            {
                _lexemes[word] = lexemes;
            }
        }

        return known;
    }

    /// <summary>How many buckets pairs are hashed into: enough that a rare pair's bucket holds few other quotes, few
    /// enough that the index stays small (a corpus has millions of distinct pairs).</summary>
    public const int PairBuckets = 1 << 20;

    /// <summary>
    /// The distinct pair keys of the folded parts read in order (text, speaker, title: the search vector concatenates
    /// them the same way, so a phrase across their border matches there too): each adjacent pair of lexemes,
    /// "left right", hashed to one of <see cref="PairBuckets"/> buckets by <see cref="PairKey"/>.
    /// </summary>
    public static int[] PairKeys(IReadOnlyDictionary<string, string[]> lexicon, params string[] foldedParts)
    {
        var keys = new HashSet<int>();
        string? previous = null;
        foreach (var part in foldedParts)
        {
            foreach (var word in part.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                foreach (var lexeme in lexicon.TryGetValue(word, out var l) ? l : [])
                {
                    if (previous is not null)
                    {
                        keys.Add(PairKey(previous, lexeme));
                    }

                    previous = lexeme;
                }
            }
        }

        return keys.ToArray();
    }

    /// <summary>FNV-1a (32 bits) of the UTF-8 of "left right", kept to the low 20 bits; quotebot_pair_key() in the
    /// schema computes the same in SQL.</summary>
    public static int PairKey(string left, string right)
    {
        var h = 2166136261u;
        void Add(ReadOnlySpan<byte> bytes)
        {
            foreach (var b in bytes)
            {
                h = unchecked((h ^ b) * 16777619u);
            }
        }

        Add(Encoding.UTF8.GetBytes(left));
        Add(" "u8);
        Add(Encoding.UTF8.GetBytes(right));
        return (int)(h & (PairBuckets - 1));
    }

    /// <summary>Every word of the folded parts, for <see cref="LookUpAsync"/>.</summary>
    public static IEnumerable<string> Words(params string[] foldedParts) =>
        foldedParts.SelectMany(p => p.Split(' ', StringSplitOptions.RemoveEmptyEntries));
}
