using System.Data;
using Npgsql;
using QuoteBot.Core.Model;
using QuoteBot.Core.Search;
using QuoteBot.Core.Storage;

namespace QuoteBot.Storage.Postgres;

public sealed partial class PostgresQuoteStore
{
    private long _exactSearches;

    /// <summary>Text searches ranked exactly from the BM25 postings so far (for tests and the bench).</summary>
    internal long ExactSearches => Interlocked.Read(ref _exactSearches);

    private long _blocksListed, _blocksRead, _phraseChecks, _phraseFallbacks, _speakerScans;

    /// <summary>Exact searches of words with a speaker: filter that scored the speaker's quotes from their search
    /// vectors instead of reading postings (for tests and the bench).</summary>
    internal long SpeakerScans => Interlocked.Read(ref _speakerScans);

    /// <summary>Exact searches with a phrase given up for the newest-matches ranking (more candidates than
    /// <see cref="PostgresStoreOptions.PhraseCheckBudget"/>).</summary>
    internal long PhraseFallbacks => Interlocked.Read(ref _phraseFallbacks);

    private sealed class PhraseBudgetExceeded : Exception;

    /// <summary>Quotes whose phrase hits exact searches counted from their search vectors (for the bench).</summary>
    internal long PhraseChecks => Interlocked.Read(ref _phraseChecks);

    /// <summary>Postings blocks of the query lexemes listed by exact searches so far, and how many of them were read
    /// (the rest were pruned by their bounds; for the bench).</summary>
    internal (long Listed, long Read) Bm25BlockCounts => (Interlocked.Read(ref _blocksListed), Interlocked.Read(ref _blocksRead));

    private long _postingsRead;

    /// <summary>Postings decoded by exact searches so far (blocks and segments read; for tests and the bench).</summary>
    internal long Bm25PostingsRead => Interlocked.Read(ref _postingsRead);

    /// <summary>
    /// Keeps the BM25 index (<see cref="Bm25Index"/>) in step with quote rows changed in this transaction: each
    /// quote's entry as it was (when it was active) goes, as it is now (when active) comes. Called once per
    /// transaction, after its rows are written.
    /// </summary>
    private async Task IndexAsync(NpgsqlConnection conn, NpgsqlTransaction tx, IReadOnlyList<(long Id, Quote? Before, Quote? After)> changes, CancellationToken ct)
    {
        static (string, string, string)? Parts(Quote? q) =>
            q is { Status: QuoteStatus.Active } ? Bm25Index.Folded(q.Text, q.Speaker, q.SpeakerKey, q.Source.Title) : null;

        var parts = changes.Select(c => (c.Id, Before: Parts(c.Before), After: Parts(c.After))).Where(c => c.Before is not null || c.After is not null).ToList();
        if (parts.Count == 0)
        {
            return;
        }

        var known = await _lexicon.LookUpAsync(conn, tx, parts.SelectMany(c =>
            new[] { c.Before, c.After }.OfType<(string, string, string)>().SelectMany(p => Lexicon.Words(p.Item1, p.Item2, p.Item3))), ct);
        // Under the index's lock, so the pair words seen are the ones every writer uses until this one commits.
        await Bm25Index.LockAsync(conn, tx, ct);
        var pairs = await PairWordsAsync(conn, tx, ct);
        DocTerms? Analyze((string, string, string)? p) => p is { } x ? Bm25Postings.Analyze(known, x.Item1, x.Item2, x.Item3, pairs) : null;
        await Bm25Index.ApplyAsync(conn, tx, parts.Select(c => new PostingsChange(c.Id, Analyze(c.Before), Analyze(c.After))).ToList(), _db.Options.Bm25BlockCapacity, ct);
        if (pairs is null)
        {
            await Bm25Index.ChoosePairWordsAsync(conn, tx, _db.Options, ct);
        }
    }

    /// <summary>The pair words (null: not chosen yet), read in the caller's transaction; kept once a committed state held
    /// them (they never change afterwards). A set this transaction chose is not kept, as the transaction may roll back.</summary>
    private async Task<Bm25Pairs?> PairWordsAsync(NpgsqlConnection conn, NpgsqlTransaction tx, CancellationToken ct)
    {
        if (_pairWords is { } kept)
        {
            return kept;
        }

        var pairs = await Bm25Pairs.ReadAsync(conn, tx, ct);
        if (pairs is not null)
        {
            _pairWords = pairs; // chosen by a transaction committed before this one's snapshot or lock
        }

        return pairs;
    }

    private volatile Bm25Pairs? _pairWords;

    /// <summary>
    /// Ranks every match by BM25 from the postings (words and phrases, with a speaker: filter and exclusions): the
    /// totals and the list of the query's blocks (with their score bounds) come in one statement, the exact top k is
    /// scored here (<see cref="Bm25Ranker"/>), reading only the blocks that can still reach it, and one more statement
    /// reads those quotes, keeping the ones the reader may see that no excluded phrase holds; all in one repeatable-read
    /// snapshot. A phrase of two pair words is ranked from its pair postings (<see cref="Bm25Pairs"/>) as a word is;
    /// a query with any other phrase scores every match from its search vector, the matches found through the
    /// <c>pairs</c> index (past <see cref="PostgresStoreOptions.PhraseCheckBudget"/> of them it returns null). When too
    /// few of the top k are left for the reader, the next larger top k is scored. Returns null for a query it cannot
    /// rank (a word without a lexeme).
    /// </summary>
    private async Task<SearchPage?> RankExactlyAsync(NpgsqlConnection conn, QuoteQuery query, string positiveQuery, string? excluded, Speakers? speakers,
        Visibility visibility, int offset, int limit, CancellationToken ct)
    {
        var (singles, phrases) = SearchTerms.Split(query);
        if (singles.Count == 0 && phrases.Count == 0)
        {
            return null;
        }

        var excludedWords = query.Excluded.Select(Operand).OfType<string>().Select(o => o[1..^1]).ToList();
        var known = await _lexicon.LookUpAsync(conn, null, singles.Concat(phrases.SelectMany(p => p)).Concat(excludedWords), ct);
        // The clauses as Bm25Oracle orders them (their scores are summed in this order): words, then phrases, by
        // length, then by the key of the first lexeme. A word of several lexemes is a phrase.
        string[] Lexemes(IEnumerable<string> words) => words.SelectMany(w => known.TryGetValue(w, out var l) ? l : []).ToArray();
        var runs = singles.Select(w => Lexemes([w])).Concat(phrases.Select(p => Lexemes(p))).ToList();
        if (runs.Any(r => r.Length == 0))
        {
            return null;
        }

        runs = runs.DistinctBy(r => string.Join(' ', r)).OrderBy(r => r.Length).ThenBy(r => Bm25Postings.TermKey(r[0])).ToList();
        Interlocked.Increment(ref _exactSearches);
        // One snapshot for the pair words, the block list, the blocks read later and the quote rows.
        await using var tx = await conn.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
        // What each clause is ranked from: a word, its lexeme; a phrase of two pair words, the pair's postings (its exact
        // hits: ranked as a word); any other phrase, its lexemes (candidates whose hits are counted from their vectors).
        var pairs = await PairWordsAsync(conn, tx, ct);
        var ranked = runs.Select(r => r.Length == 2 && pairs is not null && pairs.IsPair(r[0], r[1]) ? [r[0] + " " + r[1]] : r).ToList();
        if (_db.Options.PhraseCheckBudget <= 0 && ranked.Any(r => r.Length > 1))
        {
            await tx.RollbackAsync(ct);
            return null; // phrases outside the pair postings are not ranked exactly: the newest matches are
        }

        var terms = ranked.SelectMany(r => r).Distinct(StringComparer.Ordinal).ToList();
        var positive = terms.Select(Bm25Postings.TermKey).ToArray();
        // A speaker with many quotes, in a search ranked from postings alone: its quotes are not listed; the lexemes of
        // the filter's words are required instead (unscored), and the quotes read for the page are checked.
        var speakerTerms = speakers is not null && speakers.Quotes > _db.Options.SpeakerIdsLimit && ranked.All(r => r.Length == 1)
            ? await SpeakerLexemesAsync(conn, query.Speaker!, ct)
            : null;
        var required = speakerTerms?.Select(Bm25Postings.TermKey).Where(t => !positive.Contains(t)).Distinct().ToArray() ?? [];
        var lexemes = runs.SelectMany(r => r).Distinct(StringComparer.Ordinal).ToList();
        var lexemeKeys = lexemes.Select(Bm25Postings.TermKey).ToArray();
        var negative = excludedWords
            .Select(w => known.TryGetValue(w, out var l) && l.Length == 1 ? Bm25Postings.TermKey(l[0]) : (long?)null)
            .OfType<long>().Where(t => !positive.Contains(t)).Distinct().ToArray();
        var (docs, length, blocks, counts) = await Bm25Index.ReadBlocksAsync(conn, tx, [.. positive, .. required, .. negative],
            lexemeKeys.Where(t => !positive.Contains(t)).ToArray(), ct);
        if (positive.Concat(required).Any(t => !blocks.ContainsKey(t)) || lexemeKeys.Any(t => !blocks.ContainsKey(t) && !counts.ContainsKey(t)) || docs <= 0)
        {
            return new SearchPage([], false);
        }

        // Each clause's IDF is the sum of its lexemes' (in order), whatever it is ranked from.
        var df = lexemeKeys.Select(t => blocks.TryGetValue(t, out var b) ? b.Sum(x => (long)x.Count) : counts[t]).ToArray();
        var clauses = runs.Select((r, c) => new Bm25Ranker.Clause(
            ranked[c].Select(t => terms.IndexOf(t)).ToArray(),
            r.Sum(l => Bm25Math.Idf(docs, df[lexemes.IndexOf(l)])))).ToList();
        var averageLength = (double)length / docs;
        var needed = offset + limit + 1;
        // Exactly the page (and one more, for "more"): a larger top would lower the score to beat and read more
        // segments; quotes the reader may not see make the loop below score a larger top.
        var k = needed;
        var checkedRows = new Dictionary<long, Quote?>();
        Func<int, Task<List<(long Doc, double Score)>>> topOf;
        if (speakers is not null && runs.All(r => r.Length == 1) && speakers.Quotes <= _db.Options.SpeakerScanLimit
            && speakers.Quotes * _db.Options.SpeakerScanPostingsPerQuote <= df.Sum())
        {
            // A speaker with fewer quotes than the words have postings: that speaker's matching quotes are scored
            // from their search vectors, and no postings are read.
            Interlocked.Increment(ref _speakerScans);
            var all = await ScanScoresAsync(conn, tx, speakers.Ids, null, positiveQuery, excluded, runs, clauses, averageLength, ct);
            topOf = top => Task.FromResult(all.Take(top).ToList());
        }
        else if (ranked.Any(r => r.Length > 1))
        {
            // A phrase outside the pair postings (a word that is not a pair word, or three lexemes and more): its matches
            // are few (its words are rarely together, let alone adjacent), and are found whole through the pairs index
            // of schema 3 (every quote holding each adjacent lexeme pair of the phrase, in one of 2^20 buckets), then
            // scored exactly from their vectors.
            var keys = ranked.Where(r => r.Length > 1).SelectMany(r => r.Skip(1).Select((l, i) => Lexicon.PairKey(r[i], l))).Distinct().ToArray();
            var all = await ScanScoresAsync(conn, tx, speakers?.Ids, keys, positiveQuery, excluded, runs, clauses, averageLength, ct);
            Interlocked.Add(ref _phraseChecks, all.Scanned);
            if (all.Scanned > _db.Options.PhraseCheckBudget)
            {
                Interlocked.Increment(ref _phraseFallbacks);
                await tx.RollbackAsync(ct);
                return null;
            }

            topOf = top => Task.FromResult(all.Take(top).ToList());
        }
        else
        {
            long[]? allowed = null;
            if (speakers is not null && speakerTerms is null)
            {
                await using var cmd = new NpgsqlCommand("SELECT id FROM quotes WHERE speaker_id = ANY(@sp) AND status = 0 ORDER BY id", conn, tx);
                cmd.Parameters.AddWithValue("sp", speakers.Ids);
                var ids = new List<long>();
                await using var r = await cmd.ExecuteReaderAsync(ct);
                while (await r.ReadAsync(ct))
                {
                    ids.Add(r.GetInt64(0));
                }

                allowed = ids.ToArray();
            }

            // The required lexemes come after the clauses' (no clause scores them). Blocks are cut into their segments
            // (schema 11) where that pays: one lexeme, whose top lies in a few of its best segments, and an AND its
            // rarest word drives (Bm25Ranker), which reads the others' segments covering its quotes. An AND of common
            // words keeps whole blocks: its finer ranges cost more than they skipped at 1M (docs/benchmarks.md, session 22).
            var lists = positive.Concat(required).Select(t => blocks[t]).ToList();
            var postings = lists.Select(l => l.Sum(b => (long)b.Count)).ToList();
            var rarest = postings.IndexOf(postings.Min());
            var segmented = lists.Count == 1 || postings[rarest] < lists.Where((_, i) => i != rarest)
                .Sum(l => l.Sum(b => (b.Count + Bm25Postings.SegmentSize - 1) / (long)Bm25Postings.SegmentSize));
            IReadOnlyList<Bm25Block> Cut(List<Bm25Block> l) => segmented ? Bm25Block.Segmented(l) : l;
            var excludedBlocks = negative.Where(blocks.ContainsKey).Select(t => Cut(blocks[t])).ToList();
            var ranker = new Bm25Ranker(lists.Select(Cut).ToList(), clauses, excludedBlocks, allowed, averageLength);
            var phraseChecks = 0;
            async Task<Dictionary<long, double>> Verify(long[] ids)
            {
                phraseChecks += ids.Length;
                if (phraseChecks > _db.Options.PhraseCheckBudget)
                {
                    throw new PhraseBudgetExceeded();
                }

                return await PhraseScoresAsync(conn, tx, ids, runs, clauses, averageLength, ct);
            }

            topOf = top => ranker.TopAsync(top, async unread =>
            {
                Interlocked.Add(ref _blocksRead, unread.Count);
                Interlocked.Add(ref _postingsRead, unread.Sum(b => (long)b.Count));
                await Bm25Index.FetchAsync(conn, tx, unread, ct);
            }, Verify);
        }

        while (true)
        {
            List<(long Doc, double Score)> top;
            try
            {
                top = await topOf(k);
            }
            catch (PhraseBudgetExceeded)
            {
                // A phrase of words common together but rarely adjacent: too many candidates to count; the newest
                // matches are ranked instead (the path of ExactRanking = false).
                Interlocked.Increment(ref _phraseFallbacks);
                await tx.RollbackAsync(ct);
                return null;
            }

            var fresh = top.Select(t => t.Doc).Where(d => !checkedRows.ContainsKey(d)).ToArray();
            if (fresh.Length > 0)
            {
                var visible = await VisibleRowsAsync(conn, fresh, excluded, visibility, speakerTerms is null ? null : speakers!.Ids, ct);
                foreach (var d in fresh)
                {
                    checkedRows[d] = visible.GetValueOrDefault(d);
                }
            }

            var rows = top.Select(t => checkedRows[t.Doc]).OfType<Quote>().ToList();
            if (rows.Count >= needed || top.Count < k)
            {
                Interlocked.Add(ref _blocksListed, blocks.Values.Sum(l => l.Count));
                await tx.CommitAsync(ct);
                return Page(rows.Skip(offset).ToList(), limit);
            }

            k *= 4;
        }
    }

    /// <summary>
    /// Exact scores of the quotes <paramref name="ids"/> for a query with phrases, from their search vectors as
    /// <see cref="Bm25Oracle"/> counts them: a phrase's hits are runs of its lexemes at adjacent positions of one
    /// weight (the text, the speaker or the title), weighted as a word's; a quote without a hit of every clause is
    /// left out.
    /// </summary>
    private async Task<Dictionary<long, double>> PhraseScoresAsync(NpgsqlConnection conn, NpgsqlTransaction tx, long[] ids, List<string[]> runs,
        List<Bm25Ranker.Clause> clauses, double averageLength, CancellationToken ct)
    {
        Interlocked.Add(ref _phraseChecks, ids.Length);
        var scores = new Dictionary<long, double>();
        await using var cmd = new NpgsqlCommand("SELECT id, search FROM quotes WHERE id = ANY(@ids) AND status = 0", conn, tx);
        cmd.Parameters.AddWithValue("ids", ids);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            if (VectorScore(r.GetFieldValue<NpgsqlTypes.NpgsqlTsVector>(1), runs, clauses, averageLength) is { } score)
            {
                scores[r.GetInt64(0)] = score;
            }
        }

        return scores;
    }

    /// <summary>A quote's exact score from its search vector, as <see cref="Bm25Oracle"/> counts it (a phrase's hits
    /// are runs of its lexemes at adjacent positions of one weight, weighted as a word's), or null when a clause has
    /// no hit.</summary>
    private static double? VectorScore(NpgsqlTypes.NpgsqlTsVector vector, List<string[]> runs, List<Bm25Ranker.Clause> clauses, double averageLength)
    {
        var positions = new Dictionary<string, NpgsqlTypes.NpgsqlTsVector.Lexeme>(StringComparer.Ordinal);
        var dl = 0;
        foreach (var lexeme in vector)
        {
            dl += lexeme.Count;
            positions[lexeme.Text] = lexeme;
        }

        var norm = Bm25Math.Norm(dl, averageLength);
        var score = 0.0;
        for (var c = 0; c < runs.Count; c++)
        {
            var f = Bm25Oracle.Hits(positions, runs[c], sameWeight: true);
            if (f == 0)
            {
                return null;
            }

            score += Bm25Math.Term(clauses[c].Idf, f, norm);
        }

        return score;
    }

    /// <summary>Scored matches, best first, and how many quotes were read and scored to find them.</summary>
    private sealed class ScanResult(List<(long Doc, double Score)> scores, int scanned) : List<(long Doc, double Score)>(scores)
    {
        public int Scanned { get; } = scanned;
    }

    /// <summary>
    /// Every active quote that matches the query (and no excluded word or phrase), within the speakers
    /// <paramref name="speakerIds"/> (null: any) and, when <paramref name="pairKeys"/> are given, among the quotes holding
    /// all those pair keys (the <c>pairs</c> index), scored exactly from its search vector (<see cref="VectorScore"/>),
    /// best first (equal scores: newest first).
    /// </summary>
    private static async Task<ScanResult> ScanScoresAsync(NpgsqlConnection conn, NpgsqlTransaction tx, long[]? speakerIds, int[]? pairKeys, string positiveQuery,
        string? excluded, List<string[]> runs, List<Bm25Ranker.Clause> clauses, double averageLength, CancellationToken ct)
    {
        // The pairs probe behind an OFFSET 0 fence: the pairs index finds the few rows, then their vectors are checked.
        var speaker = speakerIds is null ? "" : " AND speaker_id = ANY(@sp)";
        var from = pairKeys is null ? $"quotes WHERE status = 0{speaker} AND" : $"(SELECT id, search FROM quotes WHERE status = 0{speaker} AND pairs @> @pairs OFFSET 0) m WHERE";
        var sql = $"SELECT id, search FROM {from} search @@ to_tsquery('{Config}', @q)" +
                  (excluded is null ? "" : $" AND NOT (search @@ to_tsquery('{Config}', @ex))");
        await using var cmd = new NpgsqlCommand(sql, conn, tx);
        cmd.Parameters.AddWithValue("sp", speakerIds ?? []);
        cmd.Parameters.AddWithValue("pairs", pairKeys ?? []);
        cmd.Parameters.AddWithValue("q", positiveQuery);
        cmd.Parameters.AddWithValue("ex", excluded ?? "");
        var scores = new List<(long Doc, double Score)>();
        var scanned = 0;
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            scanned++;
            if (VectorScore(r.GetFieldValue<NpgsqlTypes.NpgsqlTsVector>(1), runs, clauses, averageLength) is { } score)
            {
                scores.Add((r.GetInt64(0), score));
            }
        }

        scores.Sort((x, y) => x.Score != y.Score ? y.Score.CompareTo(x.Score) : y.Doc.CompareTo(x.Doc));
        return new ScanResult(scores, scanned);
    }

    /// <summary>The lexemes of a speaker: filter's words (the tokens of its key, each a word of every matching speaker's
    /// key, which the index holds in the quote's speaker part), or null when a token has no single lexeme.</summary>
    private async Task<string[]?> SpeakerLexemesAsync(NpgsqlConnection conn, string speakerQuery, CancellationToken ct)
    {
        var tokens = QuoteBot.Core.Text.TextFolding.SpeakerKey(speakerQuery).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var known = await _lexicon.LookUpAsync(conn, null, tokens, ct);
        var lexemes = tokens.Select(t => known.TryGetValue(t, out var l) && l.Length == 1 ? l[0] : null).ToArray();
        return tokens.Length == 0 || lexemes.Any(l => l is null) ? null : lexemes.OfType<string>().Distinct(StringComparer.Ordinal).ToArray();
    }

    /// <summary>The quotes of <paramref name="ids"/> that are active, visible to the reader, hold no excluded word or
    /// phrase and, when <paramref name="speakerIds"/> are given, are theirs.</summary>
    private static async Task<Dictionary<long, Quote>> VisibleRowsAsync(NpgsqlConnection conn, long[] ids, string? excluded, Visibility visibility,
        long[]? speakerIds, CancellationToken ct)
    {
        var sql = $"SELECT {Columns} FROM quotes WHERE id = ANY(@ids) AND status = 0" +
                  (speakerIds is null ? "" : " AND speaker_id = ANY(@sp)") +
                  (visibility.Scope is null ? "" : " AND scope IN ('global', @scope)") +
                  (excluded is null ? "" : $" AND NOT (search @@ to_tsquery('{Config}', @ex))");
        await using var cmd = new NpgsqlCommand(sql, conn);
        cmd.Parameters.AddWithValue("ids", ids);
        cmd.Parameters.AddWithValue("sp", speakerIds ?? []);
        cmd.Parameters.AddWithValue("scope", visibility.Scope?.Key ?? "");
        cmd.Parameters.AddWithValue("ex", excluded ?? "");
        return (await ReadQuotesAsync(cmd, ct)).ToDictionary(q => q.Id);
    }
}
