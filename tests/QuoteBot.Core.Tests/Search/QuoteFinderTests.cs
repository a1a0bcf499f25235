using QuoteBot.Core.Model;
using QuoteBot.Core.Search;
using QuoteBot.Core.Storage;

namespace QuoteBot.Core.Tests.Search;

public class QuoteFinderTests
{
    private static readonly Scope ChatA = Scope.Telegram(-1);
    private static readonly Scope ChatB = Scope.Telegram(-2);
    private readonly InMemoryQuoteStore _store = new();
    private readonly QuoteFinder _finder;

    public QuoteFinderTests() => _finder = QuoteFinder.Over(_store);

    private async Task<long> Add(string text, string speaker, Scope? scope = null) =>
        (await _store.AddAsync(new NewQuote { Text = text, Speaker = speaker, Scope = scope ?? Scope.Global }, Actor.System)).Quote.Id;

    private static QuoteQuery Q(string text) => QueryParser.Parse(text).Query!;

    [Fact]
    public async Task FindOne_Id_IsThatQuoteOnlyWhenVisibleAndActive()
    {
        var global = await Add("Harbours open at dawn.", "Port Chief");
        var secret = await Add("Chat A only.", "Alice", ChatA);
        var removed = await Add("Gone now.", "Bob");
        await _store.SetStatusAsync(removed, QuoteStatus.Removed, Actor.System);

        Assert.Equal(global, (await _finder.FindOneAsync(Q($"#{global}"), Visibility.For(ChatB), "bag"))!.Id);
        Assert.Equal(secret, (await _finder.FindOneAsync(Q($"#{secret}"), Visibility.For(ChatA), "bag"))!.Id);
        Assert.Null(await _finder.FindOneAsync(Q($"#{secret}"), Visibility.For(ChatB), "bag"));
        Assert.Null(await _finder.FindOneAsync(Q($"#{removed}"), Visibility.All, "bag"));
        Assert.Null(await _finder.FindOneAsync(Q("#99999999999999999999"), Visibility.All, "bag"));
        Assert.Equal(removed, (await _finder.GetAsync(removed, Visibility.All, includeRemoved: true))!.Id);
    }

    [Fact]
    public async Task FindOne_IdWithWords_TheIdWins()
    {
        var first = await Add("Harbours open at dawn.", "Port Chief");
        await Add("Bridges close at dusk.", "Bridge Keeper");

        Assert.Equal(first, (await _finder.FindOneAsync(Q($"#{first} bridges"), Visibility.All, "bag"))!.Id);
    }

    [Fact]
    public async Task FindOne_SpeakerAlone_WalksThatSpeakersQuotesWithoutRepeats()
    {
        var mine = new HashSet<long> { await Add("One.", "Jane Doe"), await Add("Two.", "Jane Doe"), await Add("Three.", "Jane Doe") };
        await Add("Other.", "John Roe");

        var seen = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            seen.Add((await _finder.FindOneAsync(Q("speaker:doe"), Visibility.All, "conv"))!.Id);
        }

        Assert.Equal(mine.Order(), seen.Order());
    }

    [Fact]
    public async Task FindOne_SpeakerAlone_ReadsOnlyThatSpeakersList_NotTheWholePool()
    {
        var store = new InMemoryQuoteStore();
        for (var i = 0; i < 2_000; i++)
        {
            await store.AddAsync(new NewQuote { Text = $"Filler line {i}.", Speaker = "John Roe" }, Actor.System);
        }

        var mine = new HashSet<long>();
        foreach (var text in new[] { "One.", "Two.", "Three." })
        {
            mine.Add((await store.AddAsync(new NewQuote { Text = text, Speaker = "Jane Doe" }, Actor.System)).Quote.Id);
        }

        var counted = new QuoteBot.Tests.Shared.Faults.FaultyStore(store);
        var finder = QuoteFinder.Over(counted);
        var round = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            round.Add((await finder.FindOneAsync(Q("speaker:doe"), Visibility.All, "conv"))!.Id);
        }

        Assert.Equal(mine.Order(), round.Order());
        // A walk over every id reads about two thousand quotes to come across three; the speaker's numbers, none by id:
        // one count when the round starts, then one lookup a pick.
        Assert.Equal(0, counted.QuotesReadById);
        Assert.Equal(4, counted.SpeakerSlotReads);
    }

    [Fact]
    public async Task FindOne_SpeakerWithALongList_PicksOnlyThatSpeaker_OneLookupAPick()
    {
        var store = new InMemoryQuoteStore();
        for (var i = 0; i < 3_000; i++)
        {
            await store.AddAsync(new NewQuote { Text = $"Mine {i}.", Speaker = "Jane Doe" }, Actor.System);
            await store.AddAsync(new NewQuote { Text = $"Other {i}.", Speaker = "John Roe" }, Actor.System);
        }

        var counted = new QuoteBot.Tests.Shared.Faults.FaultyStore(store);
        var finder = QuoteFinder.Over(counted);
        var seen = new HashSet<long>();
        for (var i = 0; i < 20; i++)
        {
            var q = (await finder.FindOneAsync(Q("speaker:doe"), Visibility.All, "conv"))!;
            Assert.Equal("Jane Doe", q.Speaker);
            Assert.True(seen.Add(q.Id));
        }

        Assert.Equal(0, counted.QuotesReadById);
        Assert.Equal(21, counted.SpeakerSlotReads);
    }

    [Fact]
    public async Task FindOne_SpeakerAlone_NewRoundAfterTheList_SeesQuotesAddedMeanwhile()
    {
        var mine = new HashSet<long> { await Add("One.", "Jane Doe"), await Add("Two.", "Jane Doe") };
        var seen = new List<long>();
        for (var i = 0; i < 2; i++)
        {
            seen.Add((await _finder.FindOneAsync(Q("speaker:doe"), Visibility.All, "conv"))!.Id);
        }

        mine.Add(await Add("Three.", "Jane Doe"));
        var next = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            next.Add((await _finder.FindOneAsync(Q("speaker:doe"), Visibility.All, "conv"))!.Id);
        }

        Assert.Equal(2, seen.Distinct().Count());
        Assert.Equal(mine.Order(), next.Order());
        Assert.Null(await _finder.FindOneAsync(Q("speaker:nobody"), Visibility.All, "conv"));
    }

    [Fact]
    public async Task FindOne_SpeakerWithExcludedWord_LeavesThoseOut()
    {
        await Add("Ports are closed.", "Jane Doe");
        var open = await Add("Ports are open.", "Jane Doe");

        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(open, (await _finder.FindOneAsync(Q("speaker:doe -closed"), Visibility.All, "conv"))!.Id);
        }
    }

    [Fact]
    public async Task FindOne_EmptyQuery_IsARandomQuoteFromTheWholePool_NullWhenEmpty()
    {
        Assert.Null(await _finder.FindOneAsync(QuoteQuery.Empty, Visibility.All, "conv"));

        var a = await Add("Alpha.", "A");
        var b = await Add("Beta.", "B");
        var round = new[]
        {
            (await _finder.FindOneAsync(QuoteQuery.Empty, Visibility.All, "conv"))!.Id,
            (await _finder.FindOneAsync(QuoteQuery.Empty, Visibility.All, "conv"))!.Id,
        };

        Assert.Equal([a, b], round.Order());
    }

    [Fact]
    public async Task FindOne_Words_IsTheBestMatch()
    {
        await Add("Wheat is mentioned once in this rather long sentence about many other things entirely.", "X");
        var strong = await Add("Wheat, wheat and more wheat.", "Y");

        Assert.Equal(strong, (await _finder.FindOneAsync(Q("wheat"), Visibility.All, "conv"))!.Id);
        Assert.Null(await _finder.FindOneAsync(Q("barley"), Visibility.All, "conv"));
    }

    [Fact]
    public async Task Find_WordsWithRank_IsThatMatch_StartsOverPastTheLast()
    {
        await Add("Harbour harbour harbour stays open.", "A");
        await Add("The harbour and the bridge.", "B");
        await Add("Bridges only.", "C");
        var ranked = (await _finder.FindPageAsync(Q("harbour"), Visibility.All, 0, 10)).Items.Select(q => q.Id).ToList();
        Assert.Equal(2, ranked.Count);

        var (best, bestRank) = await _finder.FindAsync(Q("harbour"), Visibility.All, "bag", 0);
        var (second, secondRank) = await _finder.FindAsync(Q("harbour"), Visibility.All, "bag", 1);
        var (again, againRank) = await _finder.FindAsync(Q("harbour"), Visibility.All, "bag", 2);

        Assert.Equal((ranked[0], 0), (best!.Id, bestRank));
        Assert.Equal((ranked[1], 1), (second!.Id, secondRank));
        Assert.Equal((ranked[0], 0), (again!.Id, againRank));
    }

    [Fact]
    public async Task Find_RandomPickAndId_HaveNoRank()
    {
        var id = await Add("Harbours open at dawn.", "Port Chief");

        Assert.Null((await _finder.FindAsync(Q(""), Visibility.All, "bag", 5)).Rank);
        Assert.Null((await _finder.FindAsync(Q("speaker:chief"), Visibility.All, "bag", 5)).Rank);
        Assert.Null((await _finder.FindAsync(Q($"#{id}"), Visibility.All, "bag", 5)).Rank);
    }

    [Fact]
    public async Task FindPage_IdOnFirstPageOnly_EmptyQueryFindsNothing_WordsArePaged()
    {
        var ids = new List<long>();
        for (var i = 0; i < 7; i++)
        {
            ids.Add(await Add($"Lantern number {i}.", "Keeper"));
        }

        Assert.Equal([ids[2]], (await _finder.FindPageAsync(Q($"#{ids[2]}"), Visibility.All, 0, 5)).Items.Select(q => q.Id));
        Assert.Empty((await _finder.FindPageAsync(Q($"#{ids[2]}"), Visibility.All, 5, 5)).Items);
        Assert.Empty((await _finder.FindPageAsync(QuoteQuery.Empty, Visibility.All, 0, 5)).Items);

        var first = await _finder.FindPageAsync(Q("lantern"), Visibility.All, 0, 5);
        var second = await _finder.FindPageAsync(Q("lantern"), Visibility.All, 5, 5);
        Assert.True(first.HasMore);
        Assert.False(second.HasMore);
        Assert.Equal(ids.Order(), first.Items.Concat(second.Items).Select(q => q.Id).Order());
    }

    [Fact]
    public async Task Pick_ReturnsDistinctQuotesUpToTheCount()
    {
        for (var i = 0; i < 3; i++)
        {
            await Add($"Quote {i}.", "S");
        }

        var picked = await _finder.PickAsync("inline:1", Visibility.All, 10);

        Assert.Equal(3, picked.Select(q => q.Id).Distinct().Count());
        Assert.Empty(await QuoteFinder.Over(new InMemoryQuoteStore()).PickAsync("inline:1", Visibility.All, 10));
    }

    [Theory]
    [InlineData("", false)]
    [InlineData("#4", false)]
    [InlineData("#4 words", false)]
    [InlineData("speaker:doe", false)]
    [InlineData("speaker:doe -word", false)]
    [InlineData("words", true)]
    [InlineData("speaker:doe \"a phrase\"", true)]
    public void IsSearch_OnlyWordsWithoutAnId(string text, bool expected) => Assert.Equal(expected, QuoteFinder.IsSearch(Q(text)));
}
