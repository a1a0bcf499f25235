using FsCheck;
using FsCheck.Fluent;
using Npgsql;
using QuoteBot.Core.Model;
using QuoteBot.Core.Search;
using QuoteBot.Core.Storage;
using QuoteBot.Core.Text;

namespace QuoteBot.Storage.Postgres.Tests;

/// <summary>
/// The PostgreSQL store's ranking against a brute-force Okapi BM25 written here from the formula in docs/benchmarks.md,
/// over the tokens PostgreSQL indexes (each quote's search vector: lexemes, positions, weights): every match scored, top
/// k by score then newest. Random histories of adds (some pending), edits, removals, restores and approvals in three
/// scopes; then every kind of query for every reader. After each history the statistics tables must equal a fresh
/// count over the quotes.
/// </summary>
[RequiresPostgres]
public sealed class PostgresExactBm25Tests : IAsyncLifetime
{
    // Made-up words (the English stemmer may still cut some: the brute force asks PostgreSQL for each word's lexemes).
    private static readonly string[] Vocabulary = ["zan", "kol", "mup", "tav", "bir", "dok", "fup", "gul", "hak", "jom", "lun", "pim"];
    private static readonly string[] Speakers = ["Zan Rok", "Tav Mul", "Bir Kol", "Pim Sot"];
    private static readonly Scope[] Scopes = [Scope.Global, Scope.Telegram(-100), Scope.Telegram(-200)];
    private static readonly Actor Mod = new("tg:1", "Mod");
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly List<TestSchema> _schemas = [];

    /// <summary>One step of a history: add (Kind 0–5, pending when Kind is 5), edit (6), remove (7), restore (8), approve (9).</summary>
    public sealed record Op(int Kind, int[] Words, int[] Title, int Speaker, int Scope, int Target, int Tag = -1);

    private static Gen<int> Word() =>
        Gen.Frequency((6, Gen.Choose(0, 2)), (3, Gen.Choose(3, 6)), (1, Gen.Choose(7, Vocabulary.Length - 1)));

    private static Gen<Op> OpGen() =>
        from kind in Gen.Choose(0, 9)
        from n in Gen.Choose(1, 9)
        from words in Gen.ArrayOf(Word(), n)
        from tn in Gen.Choose(0, 3)
        from title in Gen.ArrayOf(Word(), tn)
        from speaker in Gen.Choose(-1, Speakers.Length - 1)
        from scope in Gen.Frequency((3, Gen.Constant(0)), (1, Gen.Constant(1)), (1, Gen.Constant(2)))
        from target in Gen.Choose(1, 60)
        select new Op(kind, words, title, speaker, scope, target);

    [Fact]
    public void SearchAsync_RandomHistories_TopKEqualsBruteForceBm25()
    {
        var histories = Gen.ListOf(OpGen()).Select(l => l.ToArray()).Where(a => a.Length > 0);
        Prop.ForAll(Arb.From(histories), ops => Check(ops)).Check(Config.QuickThrowOnFailure.WithMaxTest(30));
    }

    [Fact]
    public void SearchAsync_RandomHistoriesWalkedShortestFirst_TopKEqualsBruteForceBm25()
    {
        // Every text search without a phrase takes the shortest-first walk with the heavy lists, two quotes per step at first.
        var histories = Gen.ListOf(OpGen()).Select(l => l.ToArray()).Where(a => a.Length > 0);
        Prop.ForAll(Arb.From(histories), ops => Check(ops, walk: true)).Check(Config.QuickThrowOnFailure.WithMaxTest(30));
    }

    [Fact]
    public void SearchAsync_OldestQuoteBestAmongHundredsWalked_FoundAtEveryOffset()
    {
        var ops = new List<Op> { new(0, [8, 8, 8, 1], [], -1, 0, 0) };
        ops.AddRange(Enumerable.Range(0, 500).Select(i => new Op(0, [i % 5 < 4 ? 8 : 7, 1 + i % 4, 2 + i % 5, 9 + i % 3], [i % 3], i % 4, i % 3, 0, i)));
        ops.AddRange(Enumerable.Range(0, 40).Select(i => new Op(0, [8, 8, 1 + i % 3, 8, 2 + i % 4, 9, 10, 11, 1], [8], i % 4, i % 3, 0, 1000 + i)));
        Assert.True(Check([.. ops], walk: true));
    }

    [Fact]
    public void SearchAsync_OldestQuoteBestAmongHundreds_FoundAtEveryOffset()
    {
        // Beyond the old 200-newest cap: "hak" is in 400 of 501 quotes (each made unique by a number), and its best
        // match is the first quote (three times in its text: a heavy posting).
        var ops = new List<Op> { new(0, [8, 8, 8, 1], [], -1, 0, 0) };
        ops.AddRange(Enumerable.Range(0, 500).Select(i => new Op(0, [i % 5 < 4 ? 8 : 7, 1 + i % 4, 2 + i % 5, 9 + i % 3], [i % 3], i % 4, i % 3, 0, i)));
        Assert.True(Check([.. ops]));
    }

    [Fact]
    public async Task AddManyAsync_BulkLoad_LeavesTheSameStatisticsAsOneByOneAdds()
    {
        var quotes = Enumerable.Range(0, 300).Select(i => new NewQuote
        {
            Text = $"{Vocabulary[i % 12]} {Vocabulary[i % 5]} {Vocabulary[i % 5]} O'Brien’s {Vocabulary[i % 7]} {i}.",
            Speaker = i % 4 == 0 ? null : Speakers[i % Speakers.Length],
            Source = new QuoteSource(null, i % 3 == 0 ? null : $"{Vocabulary[i % 9]} {Vocabulary[i % 9]} title", null, null),
            Scope = Scopes[i % 3],
            AddedAt = T0.AddMinutes(i),
            Status = i % 10 == 9 ? QuoteStatus.Pending : QuoteStatus.Active,
        }).ToList();
        quotes.Add(quotes[5]); // a duplicate within the load

        var bulkSchema = await RentAsync();
        var singleSchema = await RentAsync();
        await using var bulk = new PostgresQuoteStore(bulkSchema.ConnectionString, new PostgresStoreOptions { ImportBatchSize = 64 });
        await using var single = new PostgresQuoteStore(singleSchema.ConnectionString);
        var summary = await bulk.AddManyAsync(quotes, Mod);
        foreach (var q in quotes)
        {
            await single.AddAsync(q, Mod);
        }

        Assert.Equal(300, summary.Added);
        Assert.Equal(1, summary.Duplicates);
        foreach (var sql in StatisticsQueries)
        {
            Assert.Equal(await DumpAsync(singleSchema, sql), await DumpAsync(bulkSchema, sql));
        }

        Assert.NotEmpty(await DumpAsync(bulkSchema, "SELECT * FROM bm25_heavy"));
        await AssertStatisticsRecountAsync(bulkSchema);
    }

    [Fact]
    public async Task InitializeAsync_DatabaseOfSchema6WithQuotes_FillsTheStatisticsAndRanksExactly()
    {
        // A database as the previous build left it: migrations up to 6 and quotes written by hand as that store did.
        var schema = await PostgresServer.CreateSchemaAsync();
        try
        {
            await using (var conn = new NpgsqlConnection(schema.ConnectionString))
            {
                await conn.OpenAsync();
                await using var tx = await conn.BeginTransactionAsync();
                await using (var cmd = new NpgsqlCommand("CREATE TABLE schema_version(version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())", conn, tx))
                {
                    await cmd.ExecuteNonQueryAsync();
                }

                foreach (var m in PostgresSchema.Migrations.Where(m => m.Version <= 6))
                {
                    await using var cmd = new NpgsqlCommand(m.Sql + $"; INSERT INTO schema_version(version, name) VALUES ({m.Version}, 'old')", conn, tx);
                    await cmd.ExecuteNonQueryAsync();
                }

                await using (var cmd = new NpgsqlCommand(
                                 "INSERT INTO quotes(text, speaker_key, scope, added_by, added_at, status, dedupe_key, dedupe_hash, search) " +
                                 "SELECT t, '', 'global', 'x', now(), CASE WHEN i % 7 = 0 THEN 1 ELSE 0 END, t, sha256(convert_to(t, 'UTF8')), " +
                                 "setweight(to_tsvector('quotebot_english', t), 'A') || setweight(to_tsvector('quotebot_english', CASE WHEN i % 3 = 0 THEN 'zan zan kol' ELSE '' END), 'C') " +
                                 "FROM (SELECT i, (ARRAY['zan kol zan', 'kol mup', 'zan', 'mup mup mup tav'])[1 + i % 4] || ' ' || i AS t FROM generate_series(1, 200) i) s; " +
                                 "UPDATE quotes SET pairs = quotebot_pairs(search)", conn, tx))
                {
                    await cmd.ExecuteNonQueryAsync();
                }

                await tx.CommitAsync();
            }

            await using var store = new PostgresQuoteStore(schema.ConnectionString);
            await store.InitializeAsync();

            await AssertStatisticsRecountAsync(schema);
            Assert.NotEmpty(await DumpAsync(schema, "SELECT * FROM bm25_heavy"));
            Assert.Equal(["172"], await DumpAsync(schema, "SELECT sum(n) FROM bm25_lengths"));
            var docs = await IndexedAsync(schema);
            foreach (var text in new[] { "zan", "mup", "kol zan", "\"mup tav\"" })
            {
                var query = QueryParser.Parse(text).Query!;
                var want = BruteForce(docs, query, await LexemesAsync(schema, query), Visibility.All).Take(5).Select(e => e.Id);
                Assert.Equal(want, (await store.SearchAsync(query, Visibility.All, 0, 5)).Items.Select(q => q.Id));
            }
        }
        finally
        {
            await schema.DisposeAsync();
        }
    }

    private static readonly string[] StatisticsQueries =
    [
        "SELECT lexeme, wtf, n FROM bm25_terms WHERE n <> 0 ORDER BY 1, 2",
        "SELECT dl, n FROM bm25_lengths WHERE n <> 0 ORDER BY 1",
        "SELECT lexeme, wtf, dl, id FROM bm25_heavy ORDER BY 1, 2, 3, 4",
    ];

    /// <summary>The statistics tables equal a count made afresh from the active quotes' search vectors.</summary>
    private static async Task AssertStatisticsRecountAsync(TestSchema schema)
    {
        string[] recount =
        [
            "SELECT t.lexeme, t.wtf, count(*) FROM quotes q, quotebot_terms(q.search) t WHERE q.status = 0 GROUP BY 1, 2 ORDER BY 1, 2",
            "SELECT doc_length, count(*) FROM quotes WHERE status = 0 GROUP BY 1 ORDER BY 1",
            "SELECT t.lexeme, t.wtf, q.doc_length, q.id FROM quotes q, quotebot_terms(q.search) t WHERE q.status = 0 AND t.wtf >= " + PostgresSchema.HeavyFrequency + " ORDER BY 1, 2, 3, 4",
        ];
        for (var i = 0; i < recount.Length; i++)
        {
            Assert.Equal(await DumpAsync(schema, recount[i]), await DumpAsync(schema, StatisticsQueries[i]));
        }
    }

    private async Task<TestSchema> RentAsync()
    {
        var schema = await PostgresServer.RentMigratedSchemaAsync();
        lock (_schemas)
        {
            _schemas.Add(schema);
        }

        return schema;
    }

    private static async Task<List<string>> DumpAsync(TestSchema schema, string sql)
    {
        await using var conn = new NpgsqlConnection(schema.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        await using var r = await cmd.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await r.ReadAsync())
        {
            rows.Add(string.Join("|", Enumerable.Range(0, r.FieldCount).Select(i => Convert.ToString(r.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))));
        }

        return rows;
    }

    private bool Check(Op[] ops, bool walk = false) => CheckAsync(ops, walk).GetAwaiter().GetResult();

    private async Task<bool> CheckAsync(Op[] ops, bool walk)
    {
        var schema = await RentAsync();
        await using var store = new PostgresQuoteStore(schema.ConnectionString);
        if (walk)
        {
            store.WalkFromMatches = 0;
            store.WalkFirstRows = 2;
        }

        await store.InitializeAsync();
        var added = 0;
        foreach (var op in ops)
        {
            added += await ApplyAsync(store, op, added);
        }

        await AssertStatisticsRecountAsync(schema);
        var docs = await IndexedAsync(schema);
        foreach (var query in Queries())
        {
            var parsed = QueryParser.Parse(query).Query!;
            var lexemes = await LexemesAsync(schema, parsed);
            foreach (var scope in new[] { Visibility.All, Visibility.For(Scopes[1]), Visibility.For(Scopes[2]) })
            {
                var scoredBefore = store.SearchPathCounts.Scored;
                var expected = BruteForce(docs, parsed, lexemes, scope);
                var scores = expected.ToDictionary(e => e.Id, e => e.Score);
                foreach (var (offset, limit) in new[] { (0, 5), (3, 4), (0, 1) })
                {
                    var page = await store.SearchAsync(parsed, scope, offset, limit);
                    var want = expected.Skip(offset).Take(limit).ToList();
                    var got = page.Items.Select(q => q.Id).ToList();
                    if (got.Count != want.Count || page.HasMore != expected.Count > offset + limit)
                    {
                        throw new InvalidOperationException($"'{query}' ({scope.Scope?.Key ?? "all"}, offset {offset}): got [{string.Join(", ", got)}], want [{string.Join(", ", want.Select(w => w.Id))}]");
                    }

                    if (walk && !query.Contains('"', StringComparison.Ordinal) && store.SearchPathCounts.Scored != scoredBefore)
                    {
                        throw new InvalidOperationException($"'{query}' scored every match instead of walking");
                    }

                    for (var i = 0; i < got.Count; i++)
                    {
                        // Same id, or a different quote with the same score to rounding (sums may add in other orders).
                        if (got[i] != want[i].Id && !(scores.TryGetValue(got[i], out var s) && Math.Abs(s - want[i].Score) <= 1e-9 * Math.Max(1, Math.Abs(s))))
                        {
                            throw new InvalidOperationException($"'{query}' ({scope.Scope?.Key ?? "all"}, offset {offset}) #{i}: got [{string.Join(", ", got)}], want [{string.Join(", ", want.Select(w => $"{w.Id}:{w.Score:F6}"))}]");
                        }
                    }
                }
            }
        }

        return true;
    }

    /// <summary>Applies one step; returns 1 when it added a quote.</summary>
    private static async Task<int> ApplyAsync(PostgresQuoteStore store, Op op, int added)
    {
        string Words(int[] w) => string.Join(' ', w.Select(i => Vocabulary[i]));
        switch (op.Kind)
        {
            case <= 5:
                var text = Words(op.Words);
                await store.AddAsync(new NewQuote
                {
                    Text = char.ToUpperInvariant(text[0]) + text[1..] + (op.Tag >= 0 ? " " + op.Tag.ToString(System.Globalization.CultureInfo.InvariantCulture) : "") + ".",
                    Speaker = op.Speaker < 0 ? null : Speakers[op.Speaker],
                    Source = new QuoteSource(null, op.Title.Length == 0 ? null : Words(op.Title), null, null),
                    Scope = Scopes[op.Scope],
                    AddedAt = T0.AddMinutes(added),
                    Status = op.Kind == 5 ? QuoteStatus.Pending : QuoteStatus.Active,
                }, Mod);
                return 1;
            case 6:
                try
                {
                    await store.EditAsync(op.Target, new QuoteEdit(Text: Words(op.Words) + " " + Words(op.Title), Speaker: op.Speaker < 0 ? "" : Speakers[op.Speaker]), Mod);
                }
                catch (DuplicateQuoteException)
                {
                    // the edit would make it equal to another quote: refused, nothing changed
                }

                return 0;
            case 7:
                await store.SetStatusAsync(op.Target, QuoteStatus.Removed, Mod);
                return 0;
            default:
                await store.SetStatusAsync(op.Target, QuoteStatus.Active, Mod);
                return 0;
        }
    }

    private static IEnumerable<string> Queries()
    {
        foreach (var w in Vocabulary)
        {
            yield return w;
        }

        yield return "zan kol";
        yield return "zan zan";
        yield return "mup zan tav";
        yield return "\"zan zan\"";
        yield return "\"kol mup\" zan";
        yield return "zan -kol";
        yield return "kol -\"zan mup\"";
        yield return "speaker:rok zan";
        yield return "speaker:kol mup";
        yield return "hak lun pim";
    }

    /// <summary>One quote as PostgreSQL indexes it: each token's lexeme, position and weight.</summary>
    private sealed record Doc(long Id, QuoteStatus Status, Scope Scope, string SpeakerKey, bool HasSpeaker, List<(string Lexeme, int Position, char Weight)> Tokens);

    private static async Task<List<Doc>> IndexedAsync(TestSchema schema)
    {
        await using var conn = new NpgsqlConnection(schema.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(
            "SELECT q.id, q.status, q.scope, q.speaker_key, q.speaker_id IS NOT NULL, u.lexeme, p.pos, p.w " +
            "FROM quotes q LEFT JOIN LATERAL unnest(q.search) u ON true LEFT JOIN LATERAL unnest(u.positions, u.weights) p(pos, w) ON true ORDER BY q.id", conn);
        var docs = new Dictionary<long, Doc>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync())
        {
            var id = r.GetInt64(0);
            if (!docs.TryGetValue(id, out var doc))
            {
                doc = new Doc(id, (QuoteStatus)r.GetInt16(1), new Scope(r.GetString(2)), r.GetString(3), r.GetBoolean(4), []);
                docs[id] = doc;
            }

            if (!r.IsDBNull(5))
            {
                doc.Tokens.Add((r.GetString(5), r.GetInt16(6), r.GetString(7)[0]));
            }
        }

        return [.. docs.Values];
    }

    /// <summary>Each word of the query, as PostgreSQL's text search configuration makes lexemes of it.</summary>
    private static async Task<Dictionary<string, string[]>> LexemesAsync(TestSchema schema, QuoteQuery query)
    {
        var words = query.Terms.Concat(query.Phrases.SelectMany(p => p)).Concat(query.Excluded).Concat(query.ExcludedPhrases.SelectMany(p => p)).Distinct().ToArray();
        await using var conn = new NpgsqlConnection(schema.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(
            "SELECT w, coalesce((SELECT array_agg(lexeme ORDER BY pos) FROM (SELECT lexeme, unnest(positions) AS pos FROM unnest(to_tsvector('quotebot_english', w))) l), '{}') FROM unnest(@w) w", conn);
        cmd.Parameters.AddWithValue("w", words);
        var map = new Dictionary<string, string[]>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync())
        {
            map[r.GetString(0)] = r.GetFieldValue<string[]>(1);
        }

        return map;
    }

    /// <summary>Every visible active match of <paramref name="query"/>, scored, best first and newest first among equal scores.</summary>
    private static List<(long Id, double Score)> BruteForce(List<Doc> all, QuoteQuery query, Dictionary<string, string[]> lexemes, Visibility visibility)
    {
        const double K1 = 1.2, B = 0.75;
        static int Weight(char w) => w == 'A' ? 10 : w == 'B' ? 3 : 1;
        var active = all.Where(d => d.Status == QuoteStatus.Active).ToList();
        var docs = active.Count;
        if (docs == 0)
        {
            return [];
        }

        var avg = Math.Max(1.0, active.Sum(d => d.Tokens.Count) / (double)docs);

        double Idf(string lexeme)
        {
            var df = active.Count(d => d.Tokens.Any(t => t.Lexeme == lexeme));
            var idf = Math.Log((docs - df + 0.5) / (df + 0.5));
            return idf <= 0 ? 1e-6 : idf;
        }

        static int Hits(Doc d, string[] phrase)
        {
            var at = d.Tokens.ToLookup(t => t.Position, t => t.Lexeme);
            return d.Tokens.Where(t => t.Lexeme == phrase[0] && phrase.Select((l, k) => at[t.Position + k].Contains(l)).All(x => x)).Sum(t => Weight(t.Weight));
        }

        string[] Clause(IEnumerable<string> words) => words.SelectMany(w => lexemes[w]).ToArray();
        var clauses = query.Terms.Select(t => Clause([t])).Concat(query.Phrases.Select(Clause)).ToList();
        var excluded = query.Excluded.Select(t => Clause([t])).Concat(query.ExcludedPhrases.Select(Clause)).ToList();
        var idfs = clauses.Select(c => c.Sum(Idf)).ToList();
        var results = new List<(long, double)>();
        foreach (var d in active)
        {
            if (!visibility.CanSee(d.Scope)
                || (query.Speaker is { } sp && !(d.HasSpeaker && TextFolding.SpeakerMatches(d.SpeakerKey, sp)))
                || excluded.Any(e => Hits(d, e) > 0))
            {
                continue;
            }

            var freqs = clauses.Select(c => Hits(d, c)).ToList();
            if (freqs.Any(f => f == 0))
            {
                continue;
            }

            var norm = K1 * (1 - B + B * d.Tokens.Count / avg);
            var score = 0.0;
            for (var i = 0; i < clauses.Count; i++)
            {
                score += idfs[i] * (freqs[i] * (K1 + 1)) / (freqs[i] + norm);
            }

            results.Add((d.Id, score));
        }

        return results.OrderByDescending(r => r.Item2).ThenByDescending(r => r.Item1).ToList();
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        foreach (var s in _schemas)
        {
            PostgresServer.Release(s);
        }

        return Task.CompletedTask;
    }
}
