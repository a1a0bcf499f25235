using Npgsql;
using QuoteBot.Core.Model;
using QuoteBot.Core.Search;
using QuoteBot.Core.Storage;

namespace QuoteBot.Storage.Postgres.Tests;

/// <summary>
/// Searches of words and phrases are ranked by exact BM25 over every match (schema 8's postings, schema 9's block
/// bounds; a phrase's hits counted from the search vectors of its candidates): after random histories of adds,
/// pending adds and approvals, bulk adds, edits, removals, restores and restored ids below the newest, in three scopes,
/// every page equals the one an exhaustive BM25 over the search vectors gives (<see cref="Bm25Oracle"/>, which never
/// reads the postings); and schema 8's migration builds, for quotes stored before it, exactly the index the writes keep.
/// </summary>
[RequiresPostgres]
public sealed class PostgresExactBm25Tests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly Actor Mod = new("tg:1", "Mod");
    private static readonly string[] Words = ["river", "castle", "orange", "window", "silver", "garden", "planet", "rocket", "pencil", "marble", "forest", "candle"];
    private static readonly string[] Speakers = ["Ada Lovelace", "Alan Turing", "Grace Hopper", "Ada Byron"];
    private static readonly Scope[] Scopes = [Scope.Global, Scope.Global, Scope.Telegram(1), Scope.Telegram(2)];
    private readonly List<TestSchema> _schemas = [];
    private readonly List<PostgresQuoteStore> _stores = [];

    private async Task<(PostgresQuoteStore Store, TestSchema Schema)> StoreAsync(int blockCapacity = 2048, Func<PostgresStoreOptions, PostgresStoreOptions>? with = null)
    {
        var schema = await PostgresServer.RentMigratedSchemaAsync();
        _schemas.Add(schema);
        var options = new PostgresStoreOptions { Bm25BlockCapacity = blockCapacity, PhraseCheckBudget = int.MaxValue };
        var store = new PostgresQuoteStore(schema.ConnectionString, with is null ? options : with(options));
        _stores.Add(store);
        await store.InitializeAsync();
        return (store, schema);
    }

    private static NewQuote RandomQuote(Random rng, int i, QuoteStatus status = QuoteStatus.Active) => new()
    {
        Text = RandomText(rng) + " case " + i.ToString(System.Globalization.CultureInfo.InvariantCulture),
        Speaker = Speakers[rng.Next(Speakers.Length)],
        Source = new QuoteSource("Daily Planet", rng.Next(3) == 0 ? Words[rng.Next(Words.Length)] + " news" : null, null, null),
        Scope = Scopes[rng.Next(Scopes.Length)],
        AddedBy = Mod.Id,
        AddedAt = T0.AddMinutes(i),
        Status = status,
    };

    private static string RandomText(Random rng) =>
        string.Join(' ', Enumerable.Range(0, 2 + rng.Next(12)).Select(_ => Words[Math.Min(rng.Next(Words.Length), rng.Next(Words.Length))]));

    /// <summary>A random history through every write path the store has.</summary>
    private static async Task HistoryAsync(PostgresQuoteStore store, Random rng, int steps)
    {
        var n = 0;
        var ids = new List<long>();
        for (var s = 0; s < steps; s++)
        {
            var op = rng.Next(100);
            if (op < 30 || ids.Count < 5)
            {
                var added = await store.AddAsync(RandomQuote(rng, n++, rng.Next(6) == 0 ? QuoteStatus.Pending : QuoteStatus.Active), Mod);
                ids.Add(added.Quote.Id);
            }
            else if (op < 40)
            {
                var batch = Enumerable.Range(0, 1 + rng.Next(20)).Select(_ => RandomQuote(rng, n++)).ToList();
                await store.AddManyAsync(batch, Mod);
                ids.AddRange((await store.ExportAsync().ToListAsync()).Select(q => q.Id).Except(ids));
            }
            else if (op < 55)
            {
                await store.EditAsync(ids[rng.Next(ids.Count)], new QuoteEdit(
                    Text: rng.Next(3) > 0 ? RandomText(rng) + " edit " + s.ToString(System.Globalization.CultureInfo.InvariantCulture) : null,
                    Speaker: rng.Next(3) == 0 ? Speakers[rng.Next(Speakers.Length)] : null), Mod);
            }
            else if (op < 70)
            {
                await store.SetStatusAsync(ids[rng.Next(ids.Count)], QuoteStatus.Removed, Mod);
            }
            else if (op < 85)
            {
                await store.SetStatusAsync(ids[rng.Next(ids.Count)], QuoteStatus.Active, Mod); // restore or approve
            }
            else if (op < 92)
            {
                // Replace a stored quote by a restored one under its id.
                var id = ids[rng.Next(ids.Count)];
                var q = RandomQuote(rng, n++).ToQuote(id);
                await store.RestoreAsync([q], Mod, RestoreMode.Replace);
            }
            else
            {
                // An id past the newest leaves a gap; a later restore into it lands below other postings.
                var max = ids.Max();
                var id = rng.Next(2) == 0 ? max + 3 : Enumerable.Range(1, (int)max).Select(i => (long)i).FirstOrDefault(i => !ids.Contains(i));
                if (id > 0)
                {
                    await store.RestoreAsync([RandomQuote(rng, n++).ToQuote(id)], Mod, RestoreMode.KeepExisting);
                    ids.Add(id);
                }
            }
        }
    }

    private static IEnumerable<string> Queries()
    {
        foreach (var w in Words)
        {
            yield return w;
        }

        yield return "river castle";
        yield return "orange window silver";
        yield return "garden -planet";
        yield return "rocket pencil -marble -forest";
        yield return "candle -\"river castle\"";
        yield return "speaker:lovelace river";
        yield return "speaker:ada castle orange";
        yield return "speaker:turing forest -garden";
        yield return "\"river castle\"";
        yield return "\"orange window\" silver";
        yield return "\"castle river castle\" -garden";
        yield return "speaker:ada \"castle orange\"";
        yield return "\"planet news\"";
        yield return "\"alan turing\" forest";
        yield return "news";
        yield return "casing";
        yield return "nothinglikeit";
    }

    /// <summary>Pages 1–3 of five for each query and reader, as the store gives them and as the oracle does.</summary>
    private static async Task AssertExactAsync(PostgresQuoteStore store, TestSchema schema, string history)
    {
        await using var conn = new NpgsqlConnection(schema.ConnectionString);
        await conn.OpenAsync();
        foreach (var text in Queries())
        {
            var query = QueryParser.Parse(text).Query!;
            long[]? speakers = query.Speaker is { } s ? (await PostgresQuoteStore.MatchingSpeakersAsync(conn, s, default)).Ids : null;
            var oracleQuery = await Bm25Oracle.ResolveAsync(conn, query, speakers, default);
            foreach (var reader in new[] { Visibility.All, Visibility.For(Scope.Telegram(1)) })
            {
                var expected = (await Bm25Oracle.TopAsync(conn, [oracleQuery], reader.Scope?.Key, 16, default))[0];
                for (var page = 0; page < 3; page++)
                {
                    var got = await store.SearchAsync(query, reader, page * 5, 5);
                    var want = expected.Skip(page * 5).Take(5).ToList();
                    Assert.True(want.SequenceEqual(got.Items.Select(q => q.Id)),
                        $"{history}: '{text}' for {reader.Scope?.Key ?? "all"} page {page}: store [{string.Join(", ", got.Items.Select(q => q.Id))}], exact BM25 [{string.Join(", ", want)}]");
                    Assert.Equal(expected.Count > (page + 1) * 5, got.HasMore);
                }
            }
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public async Task Pages_of_word_searches_are_the_exact_bm25_pages_after_random_histories(int seed)
    {
        var (store, schema) = await StoreAsync();
        await HistoryAsync(store, new Random(seed), 90);
        Assert.Equal(0, store.ExactSearches);
        await AssertExactAsync(store, schema, $"seed {seed}");
        Assert.True(store.ExactSearches > 0);
    }

    [Theory]
    [InlineData(5)]
    [InlineData(6)]
    public async Task Pages_are_exact_when_every_word_spans_many_small_blocks(int seed)
    {
        // Blocks of 3 postings: every query cuts the ids into many ranges, skipped or read by their bounds, with tails
        // appended to, blocks rewritten by edits and removals, and ids restored below others.
        var (store, schema) = await StoreAsync(blockCapacity: 3);
        await HistoryAsync(store, new Random(seed), 90);
        await AssertExactAsync(store, schema, $"seed {seed}, blocks of 3");
        var (listed, read) = store.Bm25BlockCounts;
        Assert.True(read < listed, $"read {read} of {listed} blocks");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(8)]
    public async Task Pages_are_exact_when_a_speakers_quotes_are_scored_from_their_search_vectors(int seed)
    {
        var (store, schema) = await StoreAsync(blockCapacity: 3, with: o => o with { SpeakerScanLimit = int.MaxValue, SpeakerScanPostingsPerQuote = 0 });
        await HistoryAsync(store, new Random(seed), 90);
        await AssertExactAsync(store, schema, $"seed {seed}, speakers scanned");
        Assert.True(store.SpeakerScans > 0);
    }

    [Theory]
    [InlineData(2, 2048)]
    [InlineData(9, 3)]
    public async Task Pages_are_exact_when_speakers_are_filtered_through_the_postings_of_their_names(int seed, int blockCapacity)
    {
        // Every speaker: filter of a search of words is required through the lexemes of its words, its quotes not listed.
        var (store, schema) = await StoreAsync(blockCapacity, o => o with { SpeakerIdsLimit = 0 });
        await HistoryAsync(store, new Random(seed), 90);
        await AssertExactAsync(store, schema, $"seed {seed}, speakers through their names' postings");
    }

    [Fact]
    public async Task A_speaker_filtered_through_the_postings_of_its_name_keeps_only_that_speakers_quotes()
    {
        // Grace Hopper's quotes name Turing in their text, best of all for "harbor"; "speaker:turing harbor" must skip
        // them, however many of the top they fill.
        var (store, schema) = await StoreAsync(blockCapacity: 8, with: o => o with { SpeakerIdsLimit = 0 });
        var quotes = Enumerable.Range(0, 120).Select(i => new NewQuote
        {
            Text = (i % 3 == 0 ? "harbor turing harbor" : "the harbor at dawn was calm and grey again") + " case " + i.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Speaker = i % 3 == 0 ? "Grace Hopper" : "Alan Turing",
            AddedBy = Mod.Id,
            AddedAt = T0.AddMinutes(i),
        }).ToList();
        await store.AddManyAsync(quotes, Mod);
        var query = QueryParser.Parse("speaker:turing harbor").Query!;
        await using var conn = new NpgsqlConnection(schema.ConnectionString);
        await conn.OpenAsync();
        var speakers = (await PostgresQuoteStore.MatchingSpeakersAsync(conn, "turing", default)).Ids;
        var oracle = await Bm25Oracle.ResolveAsync(conn, query, speakers, default);
        var expected = (await Bm25Oracle.TopAsync(conn, [oracle], null, 15, default))[0];
        Assert.Equal(15, expected.Count);
        for (var page = 0; page < 3; page++)
        {
            var got = await store.SearchAsync(query, Visibility.All, page * 5, 5);
            Assert.Equal(expected.Skip(page * 5).Take(5), got.Items.Select(q => q.Id));
            Assert.All(got.Items, q => Assert.Equal("Alan Turing", q.Speaker));
        }
    }

    [Fact]
    public async Task A_conjunction_reads_only_the_common_words_blocks_that_hold_the_rare_one()
    {
        // "harbor" in all 400 quotes (50 blocks of 8), "lantern" in three of them; Grace Hopper quoted in three others.
        var (store, schema) = await StoreAsync(blockCapacity: 8);
        var quotes = Enumerable.Range(0, 400).Select(i => new NewQuote
        {
            Text = (i is 50 or 210 or 390 ? "the harbor lantern at dawn" : i % 50 == 7 ? "harbor harbor lights" : "the harbor at dawn was calm and grey again") +
                   " case " + i.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Speaker = i is 20 or 230 or 370 ? "Grace Hopper" : "Alan Turing",
            AddedBy = Mod.Id,
            AddedAt = T0.AddMinutes(i),
        }).ToList();
        await store.AddManyAsync(quotes, Mod);
        await using var conn = new NpgsqlConnection(schema.ConnectionString);
        await conn.OpenAsync();
        foreach (var text in new[] { "harbor lantern", "lantern harbor -hopper", "speaker:turing harbor lantern" })
        {
            var readBefore = store.Bm25PostingsRead;
            var query = QueryParser.Parse(text).Query!;
            var page = await store.SearchAsync(query, Visibility.All, 0, 5);
            // At most the rare word's one block, and the three blocks of "harbor" (and of "hopper") that hold its quotes.
            var read = store.Bm25PostingsRead - readBefore;
            Assert.True(read <= 8 * (4 + (text.Contains("-hopper", StringComparison.Ordinal) ? 1 : 0)), $"'{text}': decoded {read} postings");
            long[]? speakers = query.Speaker is { } s ? (await PostgresQuoteStore.MatchingSpeakersAsync(conn, s, default)).Ids : null;
            var oracle = await Bm25Oracle.ResolveAsync(conn, query, speakers, default);
            var expected = (await Bm25Oracle.TopAsync(conn, [oracle], null, 5, default))[0];
            Assert.Equal(3, expected.Count);
            Assert.Equal(expected, page.Items.Select(q => q.Id).ToList());
        }
    }

    /// <summary>
    /// 400 quotes that all hold "harbor": quote 123 three times, every fiftieth from the 7th twice, the rest once in a
    /// longer text.
    /// </summary>
    private static List<NewQuote> HarborQuotes() => Enumerable.Range(0, 400).Select(i => new NewQuote
    {
        Text = (i == 123 ? "harbor harbor harbor" : i % 50 == 7 ? "harbor harbor lights" : "the harbor at dawn was calm and grey again") +
               " case " + i.ToString(System.Globalization.CultureInfo.InvariantCulture),
        Speaker = "Alan Turing",
        AddedBy = Mod.Id,
        AddedAt = T0.AddMinutes(i),
    }).ToList();

    [Fact]
    public async Task A_common_word_reads_only_the_blocks_that_can_reach_the_top()
    {
        var (store, schema) = await StoreAsync(blockCapacity: 8);
        await store.AddManyAsync(HarborQuotes(), Mod);

        var page = await store.SearchAsync(QueryParser.Parse("harbor").Query!, Visibility.All, 0, 5);
        var (listed, _) = store.Bm25BlockCounts;
        Assert.Equal(50, listed); // 50 blocks of 8, read by segments of 2 (schema 11)
        // The top 6 asked (a page of 5 and one more): the best quote and the five newest with the word twice; their
        // segments and a few whose bounds tie the 6th are read.
        var read = store.Bm25PostingsRead;
        Assert.True(read <= 16 * 8, $"decoded {read} of 400 postings");
        await using var conn = new NpgsqlConnection(schema.ConnectionString);
        await conn.OpenAsync();
        var oracle = await Bm25Oracle.ResolveAsync(conn, QueryParser.Parse("harbor").Query!, null, default);
        var expected = (await Bm25Oracle.TopAsync(conn, [oracle], null, 5, default))[0];
        Assert.Equal(124, expected[0]);
        Assert.Equal(expected, page.Items.Select(q => q.Id).ToList());
    }

    [Fact]
    public async Task Schema_9_gives_stored_blocks_the_bounds_the_writes_keep()
    {
        var (store, schema) = await StoreAsync(blockCapacity: 3);
        await HistoryAsync(store, new Random(11), 80);
        var kept = await BoundsAsync(schema);
        Assert.NotEmpty(kept);
        Assert.All(kept, b => Assert.NotNull(b.Bounds));
        await AssertExactAsync(store, schema, "before the upgrade");

        await using (var conn = new NpgsqlConnection(schema.ConnectionString))
        {
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand("ALTER TABLE bm25_blocks DROP COLUMN bounds; DELETE FROM schema_version WHERE version = 9", conn);
            await cmd.ExecuteNonQueryAsync();
        }

        await using var upgraded = new PostgresQuoteStore(schema.ConnectionString, new PostgresStoreOptions { PhraseCheckBudget = int.MaxValue });
        await upgraded.InitializeAsync();
        Assert.Equal(kept, await BoundsAsync(schema));
        await AssertExactAsync(upgraded, schema, "schema 9 upgrade");
    }

    [Theory]
    [InlineData(31, 3)]
    [InlineData(32, 40)]
    [InlineData(33, 40)]
    public async Task Stored_skip_tables_are_the_segments_of_each_blocks_postings_after_random_histories(int seed, int blockCapacity)
    {
        // Blocks of 3 (segments of 2) and of 40 (segments of 2, twenty to a full block): tails appended to segment by
        // segment, blocks rewritten by edits and removals, ids restored below others.
        var (store, schema) = await StoreAsync(blockCapacity);
        await HistoryAsync(store, new Random(seed), 120);
        var blocks = await SkipsAsync(schema);
        Assert.Contains(blocks, b => Bm25Postings.ReadSegments(b.Skips!).Count > 1);
        foreach (var b in blocks)
        {
            Assert.NotNull(b.Skips);
            Assert.Equal(Convert.ToHexString(Bm25Postings.Segments(b.Data, Bm25Postings.SegmentSizeFor(blockCapacity))), Convert.ToHexString(b.Skips));
            var segments = Bm25Postings.ReadSegments(b.Skips);
            Assert.Equal(b.N, segments.Sum(x => x.Count));
            Assert.Equal(b.Data.Length, segments.Sum(x => x.Length));
        }

        await AssertExactAsync(store, schema, $"seed {seed}, blocks of {blockCapacity}");
    }

    [Fact]
    public async Task A_common_word_reads_only_the_segments_that_can_reach_the_top()
    {
        // "harbor" in all 400 quotes (7 blocks of 64, each cut into segments of 4); the best quote and the eight with
        // the word twice lie in six of the blocks, so those blocks' bounds all reach the top 6 the store scores, but
        // only the segments holding them can.
        var (store, schema) = await StoreAsync(blockCapacity: 64);
        await store.AddManyAsync(HarborQuotes(), Mod);
        var query = QueryParser.Parse("harbor").Query!;
        var page = await store.SearchAsync(query, Visibility.All, 0, 5);
        var read = store.Bm25PostingsRead;
        // Whole blocks would read 6 of the 7 (384 postings).
        Assert.True(read <= 64, $"decoded {read} of 400 postings");
        await using var conn = new NpgsqlConnection(schema.ConnectionString);
        await conn.OpenAsync();
        var oracle = await Bm25Oracle.ResolveAsync(conn, query, null, default);
        var expected = (await Bm25Oracle.TopAsync(conn, [oracle], null, 5, default))[0];
        Assert.Equal(124, expected[0]);
        Assert.Equal(expected, page.Items.Select(q => q.Id).ToList());
    }

    [Fact]
    public async Task Schema_11_gives_stored_blocks_the_skip_tables_the_writes_keep()
    {
        var (store, schema) = await StoreAsync(blockCapacity: 3);
        await HistoryAsync(store, new Random(13), 80);
        var kept = (await SkipsAsync(schema)).Select(b => (b.Term, b.Low, Convert.ToHexString(b.Skips!))).ToList();
        Assert.NotEmpty(kept);
        var postings = await IndexContentAsync(schema);
        await using (var conn = new NpgsqlConnection(schema.ConnectionString))
        {
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand("ALTER TABLE bm25_blocks DROP COLUMN skips; DELETE FROM schema_version WHERE version = 11", conn);
            await cmd.ExecuteNonQueryAsync();
        }

        await using var upgraded = new PostgresQuoteStore(schema.ConnectionString, new PostgresStoreOptions { PhraseCheckBudget = int.MaxValue, Bm25BlockCapacity = 3 });
        await upgraded.InitializeAsync();
        Assert.Equal(kept, (await SkipsAsync(schema)).Select(b => (b.Term, b.Low, Convert.ToHexString(b.Skips!))).ToList());
        var after = await IndexContentAsync(schema);
        Assert.Equal(postings.Totals, after.Totals);
        Assert.Equal(postings.Postings, after.Postings);
        await AssertExactAsync(upgraded, schema, "schema 11 upgrade");
        await HistoryAsync(upgraded, new Random(14), 40);
        await AssertExactAsync(upgraded, schema, "writes after the schema 11 upgrade");
    }

    /// <summary>Every block's key, count, data and skip table.</summary>
    private static async Task<List<(long Term, long Low, int N, byte[] Data, byte[]? Skips)>> SkipsAsync(TestSchema schema)
    {
        await using var conn = new NpgsqlConnection(schema.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT term, low, n, data, skips FROM bm25_blocks ORDER BY term, low", conn);
        await using var r = await cmd.ExecuteReaderAsync();
        var rows = new List<(long, long, int, byte[], byte[]?)>();
        while (await r.ReadAsync())
        {
            rows.Add((r.GetInt64(0), r.GetInt64(1), r.GetInt32(2), r.GetFieldValue<byte[]>(3), r.IsDBNull(4) ? null : r.GetFieldValue<byte[]>(4)));
        }

        return rows;
    }

    [Theory]
    [InlineData(21, 2048)]
    [InlineData(22, 3)]
    [InlineData(23, 3)]
    public async Task Phrases_of_pair_words_are_ranked_from_their_pair_postings_exactly_after_random_histories(int seed, int blockCapacity)
    {
        // Pair words chosen at the fourth active quote, then a history through every write path: the pair postings
        // must stay exactly every active quote's adjacent pair-word hits, and phrases of two of them are ranked from
        // them (no search vector read) to the exact BM25 pages.
        var (store, schema) = await StoreAsync(blockCapacity, o => o with { PairWordsMinimumQuotes = 4 });
        await HistoryAsync(store, new Random(seed), 90);
        var (stored, expected) = await PairPostingsAsync(schema);
        Assert.NotEmpty(expected);
        Assert.True(expected.SequenceEqual(stored), $"extra {string.Join(" ", stored.Except(expected).Take(8))} missing {string.Join(" ", expected.Except(stored).Take(8))}");
        await AssertExactAsync(store, schema, $"seed {seed}, pair postings");
        await AssertPairPhrasesAsync(store, schema);
    }

    /// <summary>Each phrase of <see cref="PairPhrases"/> is ranked exactly, and without a search vector read when its
    /// two lexemes are pair words of the chosen set (some may not be: the set is chosen from the first quotes).</summary>
    private static async Task AssertPairPhrasesAsync(PostgresQuoteStore store, TestSchema schema)
    {
        await using var conn = new NpgsqlConnection(schema.ConnectionString);
        await conn.OpenAsync();
        var pairs = (await Bm25Pairs.ReadAsync(conn, null, default))!;
        var covered = 0;
        foreach (var text in PairPhrases())
        {
            var query = QueryParser.Parse(text).Query!;
            var clauses = (await Bm25Oracle.ResolveAsync(conn, query, null, default)).Clauses;
            var checks = store.PhraseChecks;
            await AssertPhraseExactAsync(store, schema, text);
            if (clauses.Where(c => c.Length > 1).All(c => c.Length == 2 && pairs.IsPair(c[0], c[1])))
            {
                covered++;
                Assert.True(checks == store.PhraseChecks, $"'{text}' counted {store.PhraseChecks - checks} phrase hits from vectors");
            }
        }

        Assert.True(covered >= 3, $"{covered} phrases of pair words");
    }

    private static IEnumerable<string> PairPhrases() =>
        ["\"river castle\"", "\"castle castle\"", "\"orange window\" -silver", "\"garden planet\" rocket", "speaker:ada \"pencil marble\"", "\"forest candle\" \"river river\""];

    /// <summary>Pages 1–3 of five of a query over every chat's quotes, as the store and as the oracle rank them.</summary>
    private static async Task AssertPhraseExactAsync(PostgresQuoteStore store, TestSchema schema, string text)
    {
        await using var conn = new NpgsqlConnection(schema.ConnectionString);
        await conn.OpenAsync();
        var query = QueryParser.Parse(text).Query!;
        long[]? speakers = query.Speaker is { } s ? (await PostgresQuoteStore.MatchingSpeakersAsync(conn, s, default)).Ids : null;
        var oracle = await Bm25Oracle.ResolveAsync(conn, query, speakers, default);
        var expected = (await Bm25Oracle.TopAsync(conn, [oracle], null, 15, default))[0];
        for (var page = 0; page < 3; page++)
        {
            var got = (await store.SearchAsync(query, Visibility.All, page * 5, 5)).Items.Select(q => q.Id).ToList();
            var want = expected.Skip(page * 5).Take(5).ToList();
            Assert.True(want.SequenceEqual(got), $"'{text}' page {page}: store [{string.Join(", ", got)}], exact BM25 [{string.Join(", ", want)}]");
        }
    }

    [Fact]
    public async Task A_store_of_a_thousand_quotes_ranks_phrases_of_common_words_exactly_by_default()
    {
        // Default options: the pair words are chosen at the 1,000th active quote; every quote holds "river" and
        // "castle", a few hundred next to each other, some twice or in the title too.
        var schema = await PostgresServer.RentMigratedSchemaAsync();
        _schemas.Add(schema);
        var store = new PostgresQuoteStore(schema.ConnectionString);
        _stores.Add(store);
        await store.InitializeAsync();
        var rng = new Random(31);
        await store.AddManyAsync(Enumerable.Range(0, 1_200).Select(i => new NewQuote
        {
            Text = (rng.Next(4) switch
            {
                0 => "river castle " + RandomText(rng),
                1 => RandomText(rng) + " river castle river castle",
                _ => "castle " + RandomText(rng) + " river",
            }) + " case " + i.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Speaker = Speakers[rng.Next(Speakers.Length)],
            Source = new QuoteSource("Daily Planet", rng.Next(5) == 0 ? "river castle news" : null, null, null),
            AddedBy = Mod.Id,
            AddedAt = T0.AddMinutes(i),
        }).ToList(), Mod);

        foreach (var text in new[] { "\"river castle\"", "\"castle river\"", "\"river castle\" -planet", "\"castle news\"" })
        {
            await AssertPhraseExactAsync(store, schema, text);
        }

        Assert.Equal(0, store.PhraseChecks); // two pair words: ranked from their pair postings
        Assert.Equal(0, store.PhraseFallbacks);
        await AssertPhraseExactAsync(store, schema, "\"castle river castle\"");
        Assert.True(store.PhraseChecks > 0); // three lexemes: candidates counted from their vectors
    }

    [Fact]
    public async Task A_phrase_outside_the_pair_postings_reads_only_the_quotes_holding_its_pair()
    {
        // No pair words (too few quotes): "harbor" and "lantern" are in all 400 quotes, next to each other in three.
        var (store, schema) = await StoreAsync();
        await store.AddManyAsync(Enumerable.Range(0, 400).Select(i => new NewQuote
        {
            Text = (i is 40 or 200 or 333 ? "the old harbor lantern" : "a lantern by the harbor") + " case " + i.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Speaker = "Alan Turing",
            AddedBy = Mod.Id,
            AddedAt = T0.AddMinutes(i),
        }).ToList(), Mod);

        await AssertPhraseExactAsync(store, schema, "\"harbor lantern\"");
        await AssertPhraseExactAsync(store, schema, "speaker:turing \"harbor lantern\" case");
        // Each search read only the three quotes holding the pair (checking each of the 400 candidates' vectors, or
        // rounds of them best bound first, would read far more).
        Assert.True(store.PhraseChecks <= 2 * 3 * 3, $"{store.PhraseChecks} vectors read");
    }

    [Fact]
    public async Task Schema_10_chooses_the_pair_words_of_a_stored_index_and_writes_their_postings()
    {
        var (store, schema) = await StoreAsync(blockCapacity: 3, with: o => o with { PairWordsMinimumQuotes = 1_000_000 });
        await HistoryAsync(store, new Random(12), 80);
        var before = await IndexContentAsync(schema);
        await using (var conn = new NpgsqlConnection(schema.ConnectionString))
        {
            await conn.OpenAsync();
            Assert.Null(await Bm25Pairs.ReadAsync(conn, null, default));
            await using var cmd = new NpgsqlCommand("DROP TABLE bm25_pair_words; ALTER TABLE bm25_totals DROP COLUMN pair_level_sum; DELETE FROM schema_version WHERE version = 10", conn);
            await cmd.ExecuteNonQueryAsync();
        }

        await using var upgraded = new PostgresQuoteStore(schema.ConnectionString, new PostgresStoreOptions { PairWordsMinimumQuotes = 4, Bm25BlockCapacity = 3 });
        await upgraded.InitializeAsync();
        var (stored, expected) = await PairPostingsAsync(schema);
        Assert.NotEmpty(expected);
        Assert.Equal(expected, stored);
        var after = await IndexContentAsync(schema);
        Assert.Equal(before.Totals, after.Totals);
        var pairKeys = expected.Select(e => e.Term).ToHashSet();
        Assert.Equal(before.Postings, after.Postings.Where(p => !pairKeys.Contains(p.Item1)).ToList());
        await AssertExactAsync(upgraded, schema, "schema 10 upgrade");
        await AssertPairPhrasesAsync(upgraded, schema);
        await HistoryAsync(upgraded, new Random(13), 40);
        (stored, expected) = await PairPostingsAsync(schema);
        Assert.Equal(expected, stored);
    }

    /// <summary>
    /// The pair postings stored (every block of every pair key of the chosen pair words, as (term, id, frequency,
    /// length)) and the ones a brute force over every active quote's search vector gives: for each position whose
    /// next position has the same weight and a lexeme pairing with it, the pair's hit, weighted 10 / 3 / 1.
    /// </summary>
    private static async Task<(List<(long Term, long Doc, int F, int Dl)> Stored, List<(long Term, long Doc, int F, int Dl)> Expected)> PairPostingsAsync(TestSchema schema)
    {
        await using var conn = new NpgsqlConnection(schema.ConnectionString);
        await conn.OpenAsync();
        var pairs = await Bm25Pairs.ReadAsync(conn, null, default);
        Assert.NotNull(pairs);
        var expected = new SortedDictionary<(long Term, long Doc), (int F, int Dl)>();
        await using (var cmd = new NpgsqlCommand("SELECT id, search FROM quotes WHERE status = 0", conn))
        await using (var r = await cmd.ExecuteReaderAsync())
        {
            while (await r.ReadAsync())
            {
                var id = r.GetInt64(0);
                var at = new Dictionary<int, List<(string Lexeme, NpgsqlTypes.NpgsqlTsVector.Lexeme.Weight Weight)>>();
                var dl = 0;
                foreach (var lexeme in r.GetFieldValue<NpgsqlTypes.NpgsqlTsVector>(1))
                {
                    for (var i = 0; i < lexeme.Count; i++)
                    {
                        dl++;
                        (at.TryGetValue(lexeme[i].Pos, out var l) ? l : at[lexeme[i].Pos] = []).Add((lexeme.Text, lexeme[i].Weight));
                    }
                }

                foreach (var (pos, here) in at)
                {
                    foreach (var (left, weight) in here)
                    {
                        foreach (var (right, nextWeight) in at.GetValueOrDefault(pos + 1) ?? [])
                        {
                            if (nextWeight == weight && pairs.IsPair(left, right))
                            {
                                var key = (Bm25Pairs.Key(left, right), id);
                                var f = weight switch
                                {
                                    NpgsqlTypes.NpgsqlTsVector.Lexeme.Weight.A => 10,
                                    NpgsqlTypes.NpgsqlTsVector.Lexeme.Weight.B => 3,
                                    _ => 1,
                                };
                                expected[key] = (expected.GetValueOrDefault(key).F + f, 0);
                            }
                        }
                    }
                }

                foreach (var key in expected.Keys.Where(k => k.Doc == id).ToList())
                {
                    expected[key] = (expected[key].F, dl);
                }
            }
        }

        var keys = pairs.Levels.Keys.SelectMany(a => pairs.Levels.Keys.Where(b => pairs.IsPair(a, b)).Select(b => Bm25Pairs.Key(a, b))).ToHashSet();
        var stored = (await IndexContentAsync(schema)).Postings.Where(p => keys.Contains(p.Item1)).ToList();
        return (stored, expected.Select(e => (e.Key.Term, e.Key.Doc, e.Value.F, e.Value.Dl)).OrderBy(e => e.Term).ThenBy(e => e.Doc).ToList());
    }

    /// <summary>Every block's key and bounds, as hex.</summary>
    private static async Task<List<(long Term, long Low, string? Bounds)>> BoundsAsync(TestSchema schema)
    {
        await using var conn = new NpgsqlConnection(schema.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT term, low, bounds FROM bm25_blocks ORDER BY term, low", conn);
        await using var r = await cmd.ExecuteReaderAsync();
        var rows = new List<(long, long, string?)>();
        while (await r.ReadAsync())
        {
            rows.Add((r.GetInt64(0), r.GetInt64(1), r.IsDBNull(2) ? null : Convert.ToHexString(r.GetFieldValue<byte[]>(2))));
        }

        return rows;
    }

    [Fact]
    public async Task A_phrase_past_the_check_budget_ranks_the_newest_matches_instead()
    {
        var schema = await PostgresServer.RentMigratedSchemaAsync();
        _schemas.Add(schema);
        var store = new PostgresQuoteStore(schema.ConnectionString, new PostgresStoreOptions { PhraseCheckBudget = 3 });
        _stores.Add(store);
        await store.AddManyAsync(Enumerable.Range(0, 30).Select(i => new NewQuote
        {
            Text = (i % 3 == 0 ? "river castle" : "castle by the river") + " case " + i.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Speaker = "Grace Hopper",
            AddedBy = Mod.Id,
            AddedAt = T0.AddMinutes(i),
        }).ToList(), Mod);

        var page = await store.SearchAsync(QueryParser.Parse("\"river castle\"").Query!, Visibility.All, 0, 20);
        Assert.Equal(10, page.Items.Count);
        Assert.All(page.Items, q => Assert.StartsWith("river castle", q.Text, StringComparison.Ordinal));
        Assert.Equal(1, store.PhraseFallbacks);
        Assert.Equal(0, (await store.SearchAsync(QueryParser.Parse("river castle").Query!, Visibility.All, 0, 5)).Items.Count - 5);
        Assert.Equal(1, store.PhraseFallbacks); // words alone never count phrase hits
    }

    [Fact]
    public async Task The_best_match_is_found_when_it_is_the_oldest_of_many()
    {
        var (store, _) = await StoreAsync();
        await store.AddAsync(new NewQuote { Text = "Harbor harbor harbor.", Speaker = "Ada Lovelace", AddedAt = T0 }, Mod);
        await store.AddManyAsync(Enumerable.Range(0, 400).Select(i => new NewQuote
        {
            Text = $"The old harbor and the long road of the town number {i} in the north of the country today.",
            Speaker = "Alan Turing",
            AddedAt = T0.AddMinutes(i + 1),
        }), Mod);
        var page = await store.SearchAsync(QueryParser.Parse("harbor").Query!, Visibility.All, 0, 5);
        Assert.Equal(1, page.Items[0].Id);
    }

    [Fact]
    public async Task Schema_8_builds_the_index_of_quotes_stored_before_it_as_the_writes_keep_it()
    {
        var (store, schema) = await StoreAsync();
        await HistoryAsync(store, new Random(7), 80);
        var kept = await IndexContentAsync(schema);
        Assert.NotEmpty(kept.Postings);

        await using (var conn = new NpgsqlConnection(schema.ConnectionString))
        {
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand("DROP TABLE bm25_blocks, bm25_totals, bm25_pair_words; DELETE FROM schema_version WHERE version IN (8, 9, 10, 11)", conn);
            await cmd.ExecuteNonQueryAsync();
        }

        await using var upgraded = new PostgresQuoteStore(schema.ConnectionString, new PostgresStoreOptions { PhraseCheckBudget = int.MaxValue });
        await upgraded.InitializeAsync();
        var built = await IndexContentAsync(schema);
        Assert.Equal(kept.Totals, built.Totals);
        Assert.Equal(kept.Postings, built.Postings);
        Assert.All(await SkipsAsync(schema), b => Assert.Equal(Convert.ToHexString(Bm25Postings.Segments(b.Data, Bm25Postings.SegmentSize)), Convert.ToHexString(b.Skips!)));
        await AssertExactAsync(upgraded, schema, "upgraded");
    }

    /// <summary>The totals and every (term, id, frequency, length) posting of the index, in order.</summary>
    private static async Task<((long, long) Totals, List<(long, long, int, int)> Postings)> IndexContentAsync(TestSchema schema)
    {
        await using var conn = new NpgsqlConnection(schema.ConnectionString);
        await conn.OpenAsync();
        (long, long) totals;
        await using (var cmd = new NpgsqlCommand("SELECT docs, length FROM bm25_totals", conn))
        await using (var r = await cmd.ExecuteReaderAsync())
        {
            Assert.True(await r.ReadAsync());
            totals = (r.GetInt64(0), r.GetInt64(1));
        }

        var postings = new List<(long, long, int, int)>();
        await using (var cmd = new NpgsqlCommand("SELECT term, n, data FROM bm25_blocks ORDER BY term, low", conn))
        await using (var r = await cmd.ExecuteReaderAsync())
        {
            while (await r.ReadAsync())
            {
                var list = new TermPostings();
                Bm25Postings.Decode(r.GetFieldValue<byte[]>(2), r.GetInt32(1), list);
                Assert.Equal(r.GetInt32(1), list.Count);
                for (var i = 0; i < list.Count; i++)
                {
                    postings.Add((r.GetInt64(0), list.Docs[i], list.Frequencies[i], list.Lengths[i]));
                }
            }
        }

        return (totals, postings);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var s in _stores)
        {
            await s.DisposeAsync();
        }

        foreach (var s in _schemas)
        {
            PostgresServer.Release(s);
        }
    }
}
