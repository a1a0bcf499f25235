using QuoteBot.Core.Model;
using QuoteBot.Core.Search;
using QuoteBot.Core.Storage;

namespace QuoteBot.Core.Tests.Storage;

/// <summary>The in-memory store answers the query language as the database stores do (see the store contract suite).</summary>
public class InMemorySearchLanguageTests
{
    private readonly InMemoryQuoteStore _store = new();

    private async Task<List<long>> Ids(string query) =>
        (await _store.SearchAsync(QueryParser.Parse(query).Query!, Visibility.All, 0, 20)).Items.Select(q => q.Id).Order().ToList();

    private Task Add(string text, string speaker = "Ana Varga", string? title = null) =>
        _store.AddAsync(new NewQuote { Text = text, Speaker = speaker, Source = new QuoteSource("Outlet", title, null, null) }, Actor.System);

    [Fact]
    public async Task SearchAsync_OnlyExclusions_MatchesNothingLikeTheDatabaseStores()
    {
        await Add("Peace talks in Geneva.");
        await Add("Peace talks in Vienna.");

        Assert.Empty((await _store.SearchAsync(new QuoteQuery { Excluded = ["geneva"] }, Visibility.All, 0, 5)).Items);
    }

    [Fact]
    public async Task SearchAsync_ExcludedPhrase_LeavesOutThePhraseOnly()
    {
        await Add("Keep an open mind about the talks.");
        await Add("The talks have an open door and a clear mind.");
        await Add("The talks will mind the open questions.");

        Assert.Equal([2L, 3L], await Ids("talks -\"open mind\""));
    }

    [Fact]
    public async Task SearchAsync_ExcludedWordInSpeakerOrTitle_LeavesTheQuoteOut()
    {
        await Add("Harvest news from the fields.", "Ana Varga", "Geneva harvest");
        await Add("Harvest news from the valley.", "Magda Vell", "Valley harvest");

        Assert.Equal([2L], await Ids("harvest -geneva"));
        Assert.Equal([2L], await Ids("harvest -varga"));
    }
}
