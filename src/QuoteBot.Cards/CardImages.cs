using QuoteBot.Core.Commands;
using QuoteBot.Core.Model;

namespace QuoteBot.Cards;

/// <summary>Cards for chat replies, through the same cache as the pages.</summary>
public sealed class CardImages(CardCache cache) : IQuoteCardImages
{
    public Task<ReplyImage> RenderAsync(Quote quote, CancellationToken ct = default)
    {
        var card = cache.Get(quote);
        return Task.FromResult(new ReplyImage(card.Png, $"quote-{quote.Id}.png", CardRenderer.Width, CardRenderer.Height));
    }
}
