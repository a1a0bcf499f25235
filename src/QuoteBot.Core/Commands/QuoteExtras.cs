using QuoteBot.Core.Model;

namespace QuoteBot.Core.Commands;

/// <summary>Draws a quote as a card image (implemented by QuoteBot.Cards). Optional: without it there is no Card button.</summary>
public interface IQuoteCardImages
{
    /// <summary>The card of an active quote.</summary>
    Task<ReplyImage> RenderAsync(Quote quote, CancellationToken ct = default);
}

/// <summary>Where a quote's web page is (implemented by QuoteBot.Web). Optional: without it replies carry no page link.</summary>
public interface IQuotePageLinks
{
    /// <summary>The absolute page address, or null when the quote has no public page.</summary>
    ValueTask<string?> PageUrlAsync(Quote quote, CancellationToken ct = default);
}
