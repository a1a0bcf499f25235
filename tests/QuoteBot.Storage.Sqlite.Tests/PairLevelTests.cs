using System.Globalization;
using Microsoft.Data.Sqlite;
using QuoteBot.Core.Model;
using QuoteBot.Core.Search;
using QuoteBot.Core.Storage;
using QuoteBot.Storage.Sqlite.Postings;
using static QuoteBot.Storage.Sqlite.Tests.RawDb;

namespace QuoteBot.Storage.Sqlite.Tests;

/// <summary>
/// Pair words with levels (session 13, Postings/PairWords.cs): the store chooses its pair words and their levels from
/// the index's exact document frequencies, two of them next to each other get pair postings only when their levels
/// add up to at most <see cref="SqliteQuoteStore.PairLevelSum"/>, and every phrase ranks exactly as brute force,
/// through edits, removals, restores, adds and scopes, and after a file chosen under the old rule is upgraded.
/// </summary>
public sealed class PairLevelTests : IDisposable
{
    // Stem-stable made-up words; the first seven with falling shares of quotes, the last five as fillers.
    private static readonly string[] Vocabulary = ["zan", "kol", "mup", "tav", "bir", "dok", "fup", "gul", "hak", "jom", "lun", "pim"];
    private static readonly double[] Shares = [1.0, 0.5, 0.2, 0.06, 0.025, 0.01, 0.004];
    private static readonly Scope[] Scopes = [Scope.Global, Scope.Telegram(-100), Scope.Telegram(-200)];
    private static readonly Actor Mod = new("tg:1", "Mod");
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(1000, 1000, 0)]
    [InlineData(500, 1000, 1)]
    [InlineData(501, 1000, 1)]
    [InlineData(499, 1000, 2)]
    [InlineData(250, 1000, 2)]
    [InlineData(125, 1000, 3)]
    [InlineData(124, 1000, 4)]
    [InlineData(1, 1000, 10)]
    [InlineData(1, 1024, 10)]
    [InlineData(1, 1025, 11)]
    public void LevelOf_IsTheCeilingOfLog2OfQuotesPerHolder(long df, long docs, int level) =>
        Assert.Equal(level, PairWordSet.LevelOf(df, docs));

    [Theory]
    [InlineData(0, 10)]
    [InlineData(11, 10)]
    [InlineData(-1, 10)]
    public void LevelOf_FrequencyOutsideOneToQuotes_Throws(long df, long docs) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => PairWordSet.LevelOf(df, docs));

    [Fact]
    public void IsPair_BothWordsWithLevelsAddingUpToTheSumAtMost_InEitherOrder()
    {
        var set = new PairWordSet(new Dictionary<string, int> { ["a"] = 0, ["b"] = 3, ["c"] = 5, ["d"] = 6 }, 8);
        Assert.True(set.IsPair("a", "d"));
        Assert.True(set.IsPair("d", "a"));
        Assert.True(set.IsPair("b", "c")); // 8: at the sum
        Assert.True(set.IsPair("c", "b"));
        Assert.False(set.IsPair("b", "d")); // 9
        Assert.False(set.IsPair("c", "c")); // 10
        Assert.True(set.IsPair("a", "a"));
        Assert.False(set.IsPair("a", "x")); // not a pair word
        Assert.False(set.IsPair("x", "a"));
        Assert.True(Analysis.IsPair(set, "b", "c", anyWord: false));
        Assert.False(Analysis.IsPair(set, "b", "d", anyWord: false));
        Assert.Equal(["a", "b", "c", "d"], set.Order(StringComparer.Ordinal));
        Assert.Throws<ArgumentException>(() => new PairWordSet(new Dictionary<string, int> { ["a"] = -1 }, 8));
    }

    [Fact]
    public async Task Store_ChoosesLevelsFromExactCounts_PairPostingsFollowTheRule_PhrasesExactThroughChurn()
    {
        var path = _dir.File();
        var quotes = Corpus(640, seed: 11);
        using (var before = new SqliteQuoteStore(path, new SqliteStoreOptions { PairIndexMinimumQuotes = 100_000 }))
        {
            await before.InitializeAsync();
            await before.AddManyAsync(quotes, Mod);
            Assert.Empty(Rows(path, "SELECT token FROM px_pair_words"));
        }

        // Opened with a lower minimum: the words are chosen at open from the active quotes, the index built again.
        using var store = new SqliteQuoteStore(path, new SqliteStoreOptions { PairIndexMinimumQuotes = 10, ImportBatchSize = 16 });
        await store.InitializeAsync();
        var levels = await AssertChosenFromCountsAsync(store, path);
        AssertSomePairsEachSideOfTheSum(levels, quotes.Select(q => q.Text));
        await AssertPairPostingsFollowTheRuleAsync(store, path, levels);
        await AssertEveryPhraseExactAsync(store);

        // Churn: edits that make new neighbours (rare with common words too), removals, restores, single and bulk adds.
        for (var id = 2L; id <= 640; id += 13)
        {
            await store.EditAsync(id, new QuoteEdit(Text: $"fup zan dok kol zan mup tav bir {Vocabulary[(int)(id % 12)]} e{id}"), Mod);
        }

        for (var id = 5L; id <= 640; id += 7)
        {
            await store.SetStatusAsync(id, QuoteStatus.Removed, Mod);
        }

        for (var id = 5L; id <= 640; id += 21)
        {
            await store.SetStatusAsync(id, QuoteStatus.Active, Mod);
        }

        foreach (var q in Corpus(30, seed: 12))
        {
            await store.AddAsync(q with { Text = q.Text + " single" }, Mod);
        }

        await store.AddManyAsync(Corpus(200, seed: 13).Select(q => q with { Text = q.Text + " bulk" }), Mod);
        using (var c = Raw(path))
        {
            // Chosen once: later writes do not choose again.
            Assert.Equal(levels, Levels(c));
        }

        await AssertPairPostingsFollowTheRuleAsync(store, path, levels);
        await AssertEveryPhraseExactAsync(store);
    }

    [Fact]
    public async Task Open_FileChosenUnderTheOldRule_ChoosesAgainWithLevels_BuildsTheIndexAgain_AndStaysExact()
    {
        // A file as sessions 8–12 left it: rule 1 ('pair_words_chosen' = 1), pair words without levels, every two of
        // them paired, among them a word too rare to be a pair word now.
        var path = _dir.File();
        var quotes = Corpus(640, seed: 21);
        using (var old = new SqliteQuoteStore(path, new SqliteStoreOptions { PairIndexMinimumQuotes = 100_000 }))
        {
            await old.InitializeAsync();
            await old.AddManyAsync(quotes, Mod);
            await old.AddAsync(new NewQuote { Text = "vop zan kol vop once.", AddedAt = T0 }, Mod); // (vop: in one quote)
        }

        using (var c = Raw(path))
        {
            Exec(c, "INSERT INTO px_pair_words(token) VALUES ('zan'), ('kol'), ('vop'); " +
                    "INSERT INTO postings_state(key, value) VALUES ('pair_words_chosen', 1); " +
                    "UPDATE postings_state SET value = 0 WHERE key = 'ready_upto'");
        }

        using (var old = new SqliteQuoteStore(path, new SqliteStoreOptions { PairIndexMinimumQuotes = 100_000 }))
        {
            // (Built again with the old rule; too few quotes to choose again.)
            await old.InitializeAsync();
            using (var c = Raw(path))
            {
                Assert.Empty(Levels(c));
                Assert.NotEmpty(PostingsRows.Query(c, "SELECT term FROM px_terms WHERE term = char(2) || 'vop zan' UNION SELECT term FROM px_tail WHERE term = char(2) || 'vop zan'"));
            }

            await AssertEveryPhraseExactAsync(old);
        }

        using var store = new SqliteQuoteStore(path, new SqliteStoreOptions { PairIndexMinimumQuotes = 10 });
        await store.InitializeAsync();
        var levels = await AssertChosenFromCountsAsync(store, path);
        Assert.DoesNotContain("vop", levels.Keys);
        using (var c = Raw(path))
        {
            Assert.Empty(PostingsRows.Query(c, "SELECT term FROM px_terms WHERE term LIKE char(2) || '%vop%' UNION SELECT term FROM px_tail WHERE term LIKE char(2) || '%vop%'"));
        }

        await AssertPairPostingsFollowTheRuleAsync(store, path, levels);
        await AssertEveryPhraseExactAsync(store);
        await store.EditAsync(3, new QuoteEdit(Text: "fup zan kol zan mup vop zan"), Mod);
        await store.SetStatusAsync(4, QuoteStatus.Removed, Mod);
        await AssertPairPostingsFollowTheRuleAsync(store, path, levels);
        await AssertEveryPhraseExactAsync(store);
    }

    /// <summary>Quotes of 4–11 tokens: each of the first seven words with its share, fillers, in a shuffled order; mixed scopes.</summary>
    private static List<NewQuote> Corpus(int count, int seed)
    {
        var rng = new Random(seed);
        var list = new List<NewQuote>(count);
        for (var i = 0; i < count; i++)
        {
            var words = new List<string>();
            for (var w = 0; w < Shares.Length; w++)
            {
                if (rng.NextDouble() < Shares[w])
                {
                    words.Add(Vocabulary[w]);
                }
            }

            while (words.Count < 4 + rng.Next(8))
            {
                words.Add(Vocabulary[7 + rng.Next(5)]);
            }

            if (rng.Next(4) == 0)
            {
                words.Add(words[rng.Next(words.Count)]); // a word twice
            }

            var text = string.Join(' ', words.OrderBy(_ => rng.Next())) + " n" + i.ToString(CultureInfo.InvariantCulture) + ".";
            list.Add(new NewQuote { Text = text, Scope = Scopes[rng.Next(3)], AddedAt = T0.AddMinutes(i) });
        }

        return list;
    }

    /// <summary>
    /// The rule was chosen now (version 2) from the index's counts: each pair word's level is LevelOf(df, docs) of the
    /// active quotes, and the pair words are exactly the tokens whose level plus the commonest token's is at most the sum.
    /// </summary>
    private static async Task<Dictionary<string, int>> AssertChosenFromCountsAsync(SqliteQuoteStore store, string path)
    {
        var (docs, _, df) = await BruteForceSearch.StatisticsAsync(store);
        var lowest = df.Values.Max() is var top ? PairWordSet.LevelOf(top, docs) : 0;
        var expected = df.Where(x => lowest + PairWordSet.LevelOf(x.Value, docs) <= SqliteQuoteStore.PairLevelSum)
            .ToDictionary(x => x.Key, x => PairWordSet.LevelOf(x.Value, docs));
        using var c = Raw(path);
        Assert.Equal([SqliteQuoteStore.PairRuleVersion.ToString(CultureInfo.InvariantCulture)], PostingsRows.Query(c, "SELECT value FROM postings_state WHERE key = 'pair_words_chosen'"));
        Assert.Equal([SqliteQuoteStore.PairLevelSum.ToString(CultureInfo.InvariantCulture)], PostingsRows.Query(c, $"SELECT value FROM px_meta WHERE key = '{PairWordSet.LevelSumKey}'"));
        var levels = Levels(c);
        Assert.Equal(expected.OrderBy(x => x.Key, StringComparer.Ordinal), levels.OrderBy(x => x.Key, StringComparer.Ordinal));
        Assert.Equal(levels.Keys.Order(StringComparer.Ordinal), PostingsRows.Query(c, "SELECT token FROM px_pair_words ORDER BY token"));
        return levels;
    }

    /// <summary>The corpus holds pairs of pair words on both sides of the sum: at it, and one above it.</summary>
    private static void AssertSomePairsEachSideOfTheSum(Dictionary<string, int> levels, IEnumerable<string> texts)
    {
        var sums = texts.SelectMany(Adjacent).Where(p => levels.ContainsKey(p.A) && levels.ContainsKey(p.B))
            .Select(p => levels[p.A] + levels[p.B]).ToHashSet();
        Assert.Contains(SqliteQuoteStore.PairLevelSum, sums);
        Assert.Contains(sums, s => s > SqliteQuoteStore.PairLevelSum);
    }

    /// <summary>
    /// Every pair term in the index (segments and tail) is two pair words within the level sum, and every two such
    /// words next to each other in an active quote's text have their pair term.
    /// </summary>
    private static async Task AssertPairPostingsFollowTheRuleAsync(SqliteQuoteStore store, string path, Dictionary<string, int> levels)
    {
        bool Allowed(string a, string b) => levels.TryGetValue(a, out var x) && levels.TryGetValue(b, out var y) && x + y <= SqliteQuoteStore.PairLevelSum;
        using var c = Raw(path);
        var terms = PostingsRows.Query(c, "SELECT term FROM px_terms WHERE unicode(term) = 2 UNION SELECT term FROM px_tail WHERE unicode(term) = 2").ToHashSet();
        foreach (var term in terms)
        {
            var parts = term[1..].Split(' ');
            Assert.True(parts.Length == 2 && Allowed(parts[0], parts[1]), $"pair term '{term[1..]}' is not within the rule");
        }

        var active = store.ExportAsync().ToBlockingEnumerable().Where(q => q.Status == QuoteStatus.Active).ToList();
        var expected = active.SelectMany(q => Adjacent(q.Text)).Where(p => Allowed(p.A, p.B)).Select(p => "\u0002" + p.A + " " + p.B).ToHashSet();
        Assert.NotEmpty(expected);
        Assert.Empty(expected.Except(terms));
        await Task.CompletedTask;
    }

    /// <summary>Every two-word phrase of the vocabulary (pair terms or positions), for every reader and two pages, equals brute force.</summary>
    private static Task AssertEveryPhraseExactAsync(SqliteQuoteStore store)
    {
        var queries = Vocabulary.SelectMany(a => Vocabulary.Select(b => $"\"{a} {b}\"")).Concat(["\"zan kol\" mup", "\"tav zan\" \"zan bir\"", "\"vop zan\"", "\"zan kol vop\""]);
        return BruteForceSearch.AssertSamePagesAsync(store, queries, [Visibility.All, Visibility.For(Scopes[1])], minimumHits: 200);
    }

    private static IEnumerable<(string A, string B)> Adjacent(string text)
    {
        var tokens = text.ToLowerInvariant().Split([' ', '.', ','], StringSplitOptions.RemoveEmptyEntries);
        for (var i = 1; i < tokens.Length; i++)
        {
            yield return (tokens[i - 1], tokens[i]);
        }
    }

    private static Dictionary<string, int> Levels(SqliteConnection c) =>
        PostingsRows.Query(c, $"SELECT substr(key, {PairWordSet.LevelKeyPrefix.Length + 1}) || '|' || value FROM px_meta WHERE substr(key, 1, {PairWordSet.LevelKeyPrefix.Length}) = '{PairWordSet.LevelKeyPrefix}'")
            .Select(r => r.Split('|'))
            .ToDictionary(p => p[0], p => int.Parse(p[1], CultureInfo.InvariantCulture));

    private static List<string> Rows(string path, string sql)
    {
        using var c = Raw(path);
        return PostingsRows.Query(c, sql);
    }

    private static void Exec(SqliteConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }
}
