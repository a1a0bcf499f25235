using Npgsql;
using QuoteBot.Core.Model;
using QuoteBot.Core.Search;
using QuoteBot.Core.Storage;

namespace QuoteBot.Storage.Postgres.Tests;

/// <summary>
/// The three ways a text search finds its matches (walk, index, planner) give the same answers, and Auto picks by
/// PostgreSQL's statistics: a common word walks, a phrase of two common words that rarely meet asks the pair index.
/// </summary>
[RequiresPostgres]
public sealed class PostgresSearchPlanTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly Actor Alice = new("tg:1", "Alice");
    private const int Quotes = 300;
    private readonly List<TestSchema> _schemas = [];
    private readonly List<IAsyncDisposable> _stores = [];

    /// <summary>Every quote has "alpha" and "beta"; only every 50th has them side by side. Words are English-looking so
    /// the stemmer keeps them apart.</summary>
    private static IEnumerable<NewQuote> Corpus()
    {
        for (var i = 0; i < Quotes; i++)
        {
            var text = i % 50 == 7
                ? $"The alpha beta pair came together in case {i}."
                : $"Alpha went north while beta went south in case {i}.";
            if (i == 123)
            {
                text += " A zebra was seen.";
            }

            yield return new NewQuote { Text = text, Speaker = i % 2 == 0 ? "Ada Lovelace" : "Alan Turing", AddedBy = Alice.Id, AddedAt = T0.AddMinutes(i) };
        }
    }

    /// <summary>A store on a schema of its own, with nothing in it.</summary>
    private async Task<(PostgresQuoteStore Store, TestSchema Schema)> EmptyStoreAsync(PostgresStoreOptions? options = null)
    {
        // The plans are those of searches not ranked from the BM25 postings (phrases; words when exact ranking is off).
        options = (options ?? new PostgresStoreOptions()) with { ExactRanking = false };
        var schema = await PostgresServer.RentMigratedSchemaAsync();
        _schemas.Add(schema);
        var store = new PostgresQuoteStore(schema.ConnectionString, options);
        _stores.Add(store);
        await store.InitializeAsync();
        return (store, schema);
    }

    /// <summary>A store holding <see cref="Corpus"/>, analyzed, its statistics read afresh.</summary>
    private async Task<(PostgresQuoteStore Store, TestSchema Schema)> StoreAsync(PostgresStoreOptions options)
    {
        var (store, schema) = await EmptyStoreAsync(options);
        await store.AddManyAsync(Corpus(), Alice);
        await using var conn = new NpgsqlConnection(schema.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("ANALYZE quotes", conn);
        await cmd.ExecuteNonQueryAsync();
        store.RefreshSearchStatistics();
        return (store, schema);
    }

    private static async Task<List<string>> Texts(PostgresQuoteStore store, string query, int limit = 100)
    {
        var page = await store.SearchAsync(QueryParser.Parse(query).Query!, Visibility.All, 0, limit);
        return page.Items.Select(q => q.Text).Order(StringComparer.Ordinal).ToList();
    }

    public static TheoryData<SearchPlan> Plans => new() { SearchPlan.Auto, SearchPlan.Planner, SearchPlan.Walk, SearchPlan.Index };

    [Theory]
    [MemberData(nameof(Plans))]
    public async Task SearchAsync_PhraseOfCommonWords_FindsExactlyTheAdjacentOnes(SearchPlan plan)
    {
        var (store, _) = await StoreAsync(new PostgresStoreOptions { SearchPlan = plan, WalkRows = 20 });

        var found = await Texts(store, "\"alpha beta\"");

        var expected = Corpus().Select(q => q.Text).Where(t => t.Contains("alpha beta", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(6, expected.Count);
        Assert.Equal(expected, found);
    }

    [Theory]
    [MemberData(nameof(Plans))]
    public async Task SearchAsync_CommonWordsAndRareWord_SameAnswersInEveryPlan(SearchPlan plan)
    {
        var (store, _) = await StoreAsync(new PostgresStoreOptions { SearchPlan = plan, WalkRows = 20, RankCandidates = 1000 });

        var all = await store.SearchAsync(QueryParser.Parse("alpha beta").Query!, Visibility.All, 0, 100);
        Assert.Equal(100, all.Items.Count);
        Assert.True(all.HasMore);
        Assert.Equal(["Alpha went north while beta went south in case 123. A zebra was seen."], await Texts(store, "zebra"));
        Assert.Equal(["Alpha went north while beta went south in case 123. A zebra was seen."], await Texts(store, "\"zebra was\" south"));
        Assert.Empty(await Texts(store, "\"beta alpha\""));
        Assert.Equal(6, (await Texts(store, "alpha -north")).Count);
        Assert.Empty(await Texts(store, "\"alpha beta\" speaker:lovelace")); // the adjacent ones are all odd: Turing's
        Assert.Equal(6, (await Texts(store, "\"alpha beta\" speaker:turing")).Count);
    }

    [Fact]
    public async Task SearchAsync_AutoWithStatistics_WalksForCommonWordsAndAsksIndexForRarePhrases()
    {
        // 50 candidates from a walk of at most 60 rows: a word in (nearly) every quote is walked; a word in half of
        // them (alpha with speaker:lovelace, 150 of 300) would need 100 rows, so that one walks the speaker's quotes.
        var (store, _) = await StoreAsync(new PostgresStoreOptions { RankCandidates = 50, WalkRows = 60 });

        await Texts(store, "alpha");
        Assert.Equal((1, 0, 0, 0, 0), store.SearchShapeCounts);

        await Texts(store, "\"alpha beta\"");
        await Texts(store, "zebra");
        Assert.Equal((1, 0, 2, 0, 0), store.SearchShapeCounts);

        // With speaker:, the speaker's 150 quotes against the word's estimated matches.
        Assert.Equal(50, (await Texts(store, "alpha speaker:lovelace")).Count);
        Assert.Equal((1, 0, 2, 1, 0), store.SearchShapeCounts);
        Assert.Single(await Texts(store, "zebra speaker:turing"));
        Assert.Equal((1, 0, 3, 1, 0), store.SearchShapeCounts);
    }

    [Fact]
    public async Task SearchAsync_WithoutStatistics_LeavesThePlanToPostgres()
    {
        var (store, _) = await EmptyStoreAsync();
        await store.AddAsync(new NewQuote { Text = "Never analyzed alpha.", AddedBy = Alice.Id, AddedAt = T0 }, Alice);

        Assert.Single(await Texts(store, "alpha"));
        Assert.Equal((0, 0, 0, 0, 1), store.SearchShapeCounts);
    }

    [Fact]
    public async Task SearchAsync_WalkWindowTooSmall_FallsBackToTheIndex()
    {
        var (store, _) = await StoreAsync(new PostgresStoreOptions { SearchPlan = SearchPlan.Walk, WalkRows = 60, RankCandidates = 50 });

        Assert.Equal(6, (await Texts(store, "\"alpha beta\"")).Count); // the 60 newest rows hold one of the 6
        Assert.Equal(50, (await store.SearchAsync(QueryParser.Parse("alpha").Query!, Visibility.All, 0, 100)).Items.Count);

        Assert.Equal((1, 1, 1, 0, 0), store.SearchShapeCounts);
    }

    [Theory]
    [InlineData(3)] // one subquery per speaker
    [InlineData(20)] // past 16 speakers: one lateral join
    public async Task SearchAsync_SpeakerSharedByManyPeople_NewestFirstAcrossAllOfThem(int people)
    {
        var (store, _) = await EmptyStoreAsync(new PostgresStoreOptions { SearchPlan = SearchPlan.Walk });
        var quotes = Enumerable.Range(0, people * 3).Select(i => new NewQuote
        {
            Text = $"Statement number {i} on {(i % 3 == 0 ? "harbours" : "tariffs")}.",
            Speaker = $"Person{i % people} Smith",
            AddedBy = Alice.Id,
            AddedAt = T0.AddMinutes(i),
        }).ToList();
        await store.AddManyAsync(quotes, Alice);

        var all = await store.SearchAsync(QueryParser.Parse("speaker:smith").Query!, Visibility.All, 0, 100);
        var first = await store.SearchAsync(QueryParser.Parse("speaker:smith").Query!, Visibility.All, 0, 4);
        var second = await store.SearchAsync(QueryParser.Parse("speaker:smith").Query!, Visibility.All, 4, 4);
        var harbours = await Texts(store, "harbours speaker:smith");

        Assert.Equal(quotes.Select(q => q.Text).Reverse(), all.Items.Select(q => q.Text));
        Assert.Equal(all.Items.Take(8).Select(q => q.Id), first.Items.Concat(second.Items).Select(q => q.Id));
        Assert.True(second.HasMore);
        Assert.Equal(people, harbours.Count);
    }

    [Fact]
    public async Task AddAndEdit_OddTexts_StorePairsEqualToThoseOfTheSearchVector()
    {
        var (store, schema) = await EmptyStoreAsync();
        string[] texts =
        [
            "Naïve café owners said 3.5% of 2026's crowd — “wow”!",
            "Слава Україні, сказав він у Києві.",
            "中文字符测试 mixed with English words",
            "abc123 x1y2 1e5 12:30 o'brien don't 0x1F",
            "Hyphen-ated, well-known, state-of-the-art running runners ran.",
            "🙂 great 👍🏽 news about the the the repeated words",
            new string('a', 300) + " tail words here",
        ];
        await store.AddManyAsync(texts.Select((t, i) => new NewQuote
        {
            Text = t,
            Speaker = i % 2 == 0 ? "Zoë O'Neil-Smith" : null,
            Source = new QuoteSource("Outlet", i % 3 == 0 ? "A Title: With Words" : null, null, null),
            AddedBy = Alice.Id,
            AddedAt = T0.AddMinutes(i),
        }), Alice);
        var edited = await store.EditAsync(await store.MaxIdAsync(), new QuoteEdit(Text: "Edited text, now with different words: résumé 42."), Alice);
        Assert.NotNull(edited);

        await using var conn = new NpgsqlConnection(schema.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(
            "SELECT count(*) FILTER (WHERE cardinality(pairs) > 0), count(*) FILTER (WHERE " +
            "(SELECT array_agg(x ORDER BY x) FROM unnest(pairs) x) IS DISTINCT FROM " +
            "(SELECT array_agg(x ORDER BY x) FROM unnest(quotebot_pairs(search)) x)) FROM quotes", conn);
        await using var r = await cmd.ExecuteReaderAsync();
        Assert.True(await r.ReadAsync());
        Assert.Equal(texts.Length, r.GetInt64(0));
        Assert.Equal(0, r.GetInt64(1));
    }

    [Fact]
    public async Task QuotebotPairs_Vector_GivesKeysOfAdjacentLexemePairsAsTheStoreComputes()
    {
        var schema = await PostgresServer.RentMigratedSchemaAsync();
        _schemas.Add(schema);
        await using var conn = new NpgsqlConnection(schema.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(
            "SELECT quotebot_pairs(setweight(to_tsvector('quotebot_english', 'Cats chase cats'), 'A') || setweight(to_tsvector('quotebot_english', 'Ada'), 'B'))", conn);

        var keys = ((int[])(await cmd.ExecuteScalarAsync())!).Order().ToArray();

        int[] expected = [Lexicon.PairKey("cat", "ada"), Lexicon.PairKey("cat", "chase"), Lexicon.PairKey("chase", "cat")];
        Assert.Equal(expected.Distinct().Order().ToArray(), keys);
        Assert.All(keys, k => Assert.InRange(k, 0, Lexicon.PairBuckets - 1));
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
