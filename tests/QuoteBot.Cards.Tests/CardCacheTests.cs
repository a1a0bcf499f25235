using QuoteBot.Core.Model;

namespace QuoteBot.Cards.Tests;

public sealed class CardCacheTests
{
    private static readonly CardRenderer Renderer = new();

    [Fact]
    public void A_card_is_drawn_once_per_version_and_redrawn_after_an_edit()
    {
        var cache = new CardCache(Renderer);
        var quote = CardRendererTests.MakeQuote("Same words.");

        var first = cache.Get(quote);
        var again = cache.Get(quote);
        Assert.Same(first, again);
        Assert.Equal(1, cache.Rendered);

        var edited = cache.Get(quote with { Text = "Other words." });
        Assert.NotEqual(first.Version, edited.Version);
        Assert.NotEqual(first.Png, edited.Png);
        Assert.Equal(2, cache.Rendered);
        Assert.Equal(1, cache.Count); // the old version is dropped
    }

    [Fact]
    public void A_removed_quote_has_no_card_and_its_cached_card_is_dropped()
    {
        var cache = new CardCache(Renderer);
        var quote = CardRendererTests.MakeQuote("Soon gone.");
        cache.Get(quote);

        Assert.Throws<InvalidOperationException>(() => cache.Get(quote with { Status = QuoteStatus.Removed }));
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public void The_cache_holds_at_most_its_capacity()
    {
        var cache = new CardCache(Renderer, capacity: 2);
        for (var id = 1; id <= 4; id++)
        {
            cache.Get(CardRendererTests.MakeQuote("Words " + id, id: id));
        }

        Assert.Equal(2, cache.Count);
    }
}
