using System.Globalization;
using QuoteBot.Core.Model;

namespace QuoteBot.Storage.Sqlite;

/// <summary>
/// Pair postings (migration 8): the two-token phrases of the commonest tokens, with their weighted frequency and the
/// quote's length, best first, so that such a phrase is ranked exactly without FTS5 walking two huge doclists.
/// </summary>
public sealed partial class SqliteQuoteStore
{
    /// <summary>
    /// The pair words and their ids once chosen and committed (they never change afterwards); null until then. Read
    /// off the write lock by batch preparation, so it holds only what the file holds.
    /// </summary>
    private volatile Dictionary<string, int>? _pairWords;

    /// <summary>
    /// Under the write lock: the pair words the open write transaction sees (chosen or read in it). They become
    /// <see cref="_pairWords"/> only when that transaction commits; a rollback forgets them.
    /// </summary>
    private volatile Dictionary<string, int>? _pendingPairWords;

    /// <summary>A query that is one phrase of exactly two tokens: what the pair postings can answer.</summary>
    private sealed record PairPhrase(string First, string Second, double Idf);

    /// <summary>The chosen pair words (term → id) as the writer's transaction sees them, or null while they are not chosen.</summary>
    private Dictionary<string, int>? PairWords(SqliteSession s)
    {
        if ((_pairWords ?? _pendingPairWords) is { } cached)
        {
            return cached;
        }

        var words = StoredPairWords(s);
        _pendingPairWords = words; // published when the transaction commits (WriteAsync)
        return words;
    }

    /// <summary>The pair words as <paramref name="s"/> sees them in the file, or null while none are chosen.</summary>
    private static Dictionary<string, int>? StoredPairWords(SqliteSession s)
    {
        if (s.Scalar("SELECT 1 FROM pair_set LIMIT 1") is null)
        {
            return null;
        }

        var words = new Dictionary<string, int>(StringComparer.Ordinal);
        using (var r = s.Command("SELECT term, id FROM pair_words").ExecuteReader())
        {
            while (r.Read())
            {
                words[r.GetString(0)] = r.GetInt32(1);
            }
        }

        return words;
    }

    /// <summary>
    /// In a write transaction: once the store holds <see cref="SqliteStoreOptions.PairIndexMinimumQuotes"/> active
    /// quotes, chooses the pair words for good (the tokens held by at least one active quote in
    /// <see cref="SqliteSchema.PairWordShare"/>, the <see cref="SqliteSchema.PairWordLimit"/> commonest, from term_tf)
    /// and writes the pair postings of every active quote. From then on the triggers and the bulk path keep them.
    /// </summary>
    private void EnsurePairWords(SqliteSession s)
    {
        if (PairWords(s) is not null)
        {
            return;
        }

        var docs = Convert.ToInt64(s.Scalar("SELECT coalesce(sum(n), 0) FROM doc_lengths"), CultureInfo.InvariantCulture);
        if (docs < Math.Max(1, _db.Options.PairIndexMinimumQuotes))
        {
            return;
        }

        s.Execute(
            "INSERT INTO pair_words(term, id) SELECT term, row_number() OVER (ORDER BY df DESC, term) - 1 FROM " +
            "(SELECT term, sum(n) AS df FROM term_tf GROUP BY term HAVING sum(n) * @share >= @docs ORDER BY df DESC, term LIMIT @lim)",
            ("@share", SqliteSchema.PairWordShare), ("@docs", docs), ("@lim", SqliteSchema.PairWordLimit));
        s.Execute("INSERT INTO pair_set(docs) VALUES (@docs)", ("@docs", docs));
        var words = PairWords(s)!;
        if (words.Count == 0)
        {
            return;
        }

        RestartPostings(s); // the postings index keeps pair postings for these words too: built again with them

        // Every active quote's pairs, in chunks by id (no reader stays open while the postings are written).
        long last = 0;
        var rows = new List<(long Id, string Text, string? Speaker, string Key, string? Title)>(2_000);
        var postings = new List<(int Pair, int F, int Length, long Doc)>();
        while (true)
        {
            rows.Clear();
            using (var r = s.Command("SELECT id, text, speaker, speaker_key, source_title FROM quotes WHERE status = 0 AND id > @last ORDER BY id LIMIT 2000",
                       ("@last", last)).ExecuteReader())
            {
                while (r.Read())
                {
                    rows.Add((r.GetInt64(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2), r.GetString(3), r.IsDBNull(4) ? null : r.GetString(4)));
                }
            }

            if (rows.Count == 0)
            {
                break;
            }

            postings.Clear();
            foreach (var (id, text, speaker, key, title) in rows)
            {
                var pairs = new PairCounter(words);
                var (_, length) = s.Terms!.Row(text, speaker, key, title, pairs);
                foreach (var (pair, f) in pairs.Keyed!)
                {
                    postings.Add((pair, f, length, id));
                }
            }

            WritePairPostings(s, postings);
            last = rows[^1].Id;
        }
    }

    /// <summary>
    /// The bulk path's share (<see cref="WriteBatch"/>): what quotes_pairs_ai adds for each row of the batch that was
    /// inserted active, from the pairs counted while preparing it (counted again when the pair words were chosen since).
    /// With a <paramref name="stage"/>, they are staged for the end of the transaction instead of written now.
    /// </summary>
    private void AddPairPostings(SqliteSession s, BulkBatch batch, long[] ids, PostingStage? stage = null)
    {
        if (PairWords(s) is not { Count: > 0 } words)
        {
            return;
        }

        var postings = new List<(int Pair, int F, int Length, long Doc)>();
        for (var i = 0; i < batch.Rows.Length; i++)
        {
            var q = batch.Rows[i].Quote;
            if (batch.Duplicate[i] || q.Status != QuoteStatus.Active)
            {
                continue;
            }

            if (batch.PairWords == words && batch.PairCount[i] >= 0)
            {
                var list = batch.PairParts[batch.PairPart[i]]!;
                for (var k = batch.PairFrom[i]; k < batch.PairFrom[i] + batch.PairCount[i]; k++)
                {
                    Add((int)(list[k] >> 32), (int)list[k], batch.Lengths[i], ids[i]);
                }
            }
            else
            {
                var (pairs, length) = Pairs(s.Terms!, q, words);
                foreach (var (pair, f) in pairs)
                {
                    Add(pair, f, length, ids[i]);
                }
            }
        }

        WritePairPostings(s, postings);

        void Add(int pair, int f, int length, long doc)
        {
            if (stage is null)
            {
                postings.Add((pair, f, length, doc));
            }
            else
            {
                stage.Pair(pair, f, length, doc);
            }
        }
    }

    /// <summary>One quote's pair postings and length, tokenized by <paramref name="terms"/>.</summary>
    private static (Dictionary<int, int> Pairs, int Length) Pairs(Fts5Terms terms, Quote q, Dictionary<string, int> words)
    {
        var pairs = new PairCounter(words);
        var (_, length) = terms.Row(q.Text, q.Speaker, q.SpeakerKey, q.Source.Title, pairs);
        return (pairs.Keyed!, length);
    }

    /// <summary>Inserts postings in key order through one prepared statement.</summary>
    private static void WritePairPostings(SqliteSession s, List<(int Pair, int F, int Length, long Doc)> postings)
    {
        if (postings.Count == 0)
        {
            return;
        }

        postings.Sort(static (x, y) => x.Pair != y.Pair ? x.Pair.CompareTo(y.Pair)
            : x.F != y.F ? x.F.CompareTo(y.F)
            : x.Length != y.Length ? x.Length.CompareTo(y.Length)
            : y.Doc.CompareTo(x.Doc));
        using var insert = new BulkStatement(s, "INSERT INTO pair_postings(pair, f, dl, doc) VALUES (?1, ?2, ?3, ?4)");
        foreach (var (pair, f, length, doc) in postings)
        {
            insert.Bind(1, pair).Bind(2, f).Bind(3, length).Bind(4, doc).Run();
        }
    }

    /// <summary>The pair key of a two-token phrase when both tokens are pair words in this snapshot, else null.</summary>
    private static int? PairKey(SqliteSession s, PairPhrase phrase)
    {
        var a = s.Scalar("SELECT id FROM pair_words WHERE term = @t", ("@t", phrase.First));
        if (a is null)
        {
            return null;
        }

        var b = s.Scalar("SELECT id FROM pair_words WHERE term = @t", ("@t", phrase.Second));
        return b is null ? null : Convert.ToInt32(a, CultureInfo.InvariantCulture) * 64 + Convert.ToInt32(b, CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// A two-token phrase's exact top <paramref name="need"/> from its pair postings: every matching quote is listed,
    /// per weighted frequency shortest first and newest first (best first), so the best <paramref name="need"/> of each
    /// frequency are read, highest frequency first, until a frequency's best possible score (at the shortest length of
    /// any active quote) is below the need-th score found.
    /// </summary>
    private static List<(long Id, double Score)> PairTop(SqliteSession s, int pair, double idf, Corpus corpus, string? scope, int need)
    {
        var rows = new List<(long Id, double Score)>();
        var shortest = Fts5Rank.Norm(corpus.Shortest, corpus.AverageLength);
        long f = long.MaxValue;
        while (s.Scalar("SELECT f FROM pair_postings WHERE pair = @p AND f < @f ORDER BY f DESC LIMIT 1", ("@p", pair), ("@f", f)) is { } next)
        {
            f = Convert.ToInt64(next, CultureInfo.InvariantCulture);
            if (rows.Count >= need && Fts5Rank.Term(idf, f, shortest) < rows[need - 1].Score)
            {
                break; // no quote of this or any lower frequency can reach the top
            }

            using (var r = scope is null
                       ? s.Command("SELECT dl, doc FROM pair_postings WHERE pair = @p AND f = @f ORDER BY dl, doc DESC LIMIT @n",
                           ("@p", pair), ("@f", f), ("@n", need)).ExecuteReader()
                       : s.Command("SELECT p.dl, p.doc FROM pair_postings p JOIN quotes q ON q.id = p.doc WHERE p.pair = @p AND p.f = @f " +
                                   "AND q.scope IN ('global', @scope) ORDER BY p.dl, p.doc DESC LIMIT @n",
                           ("@p", pair), ("@f", f), ("@scope", scope), ("@n", need)).ExecuteReader())
            {
                while (r.Read())
                {
                    rows.Add((r.GetInt64(1), Fts5Rank.Term(idf, f, Fts5Rank.Norm(r.GetInt64(0), corpus.AverageLength))));
                }
            }

            rows.Sort(static (a, b) => a.Score != b.Score ? b.Score.CompareTo(a.Score) : b.Id.CompareTo(a.Id));
            if (rows.Count > need)
            {
                rows.RemoveRange(need, rows.Count - need);
            }
        }

        return rows;
    }
}
