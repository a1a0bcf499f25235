using Microsoft.Extensions.Time.Testing;
using QuoteBot.Core.Commands;
using QuoteBot.Core.Model;
using QuoteBot.Core.Search;
using QuoteBot.Core.Storage;

namespace QuoteBot.Core.Tests.Commands;

/// <summary>The image part of a reply (Card button, "/quote … card") and the page link, platform-neutral.</summary>
public sealed class CardAndPageLinkTests
{
    private readonly InMemoryQuoteStore _store = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 5, 12, 0, 0, TimeSpan.Zero));
    private readonly CountingCards _cards = new();

    private QuoteCommands Commands(bool cards = true, bool links = true) =>
        new(_store, QuoteFinder.Over(_store), _time, cards: cards ? _cards : null, pageLinks: links ? new Links() : null);

    private async Task<Quote> AddAsync(string text, Scope? scope = null) =>
        (await _store.AddAsync(new NewQuote { Text = text, Speaker = "Ana Silva", Scope = scope ?? Scope.Global }, Actor.System)).Quote;

    [Fact]
    public async Task A_quote_card_offers_a_Card_button_and_its_page_link()
    {
        var q = await AddAsync("Trade is a bridge between neighbours.");
        var reply = Assert.IsType<QuoteCardReply>(await Commands().HandleAsync(new CommandRequest("quote", "bridge"), CommandContext.Local()));

        Assert.Null(reply.Image);
        var buttons = ReplyButtons.For(reply);
        Assert.Equal(["Another", "Context", "Card", "Page"], buttons.Select(b => b.Label));
        Assert.Equal(new CardAction(q.Id), buttons[2].Action);
        Assert.Equal($"https://quotes.example.org/q/{q.Id}", buttons[3].Url);
        Assert.Equal(new CardAction(q.Id), ActionCodec.Decode(ActionCodec.Encode(buttons[2].Action!)));
    }

    [Fact]
    public async Task Without_cards_or_pages_there_is_neither_button()
    {
        await AddAsync("Trade is a bridge between neighbours.");
        var reply = await Commands(cards: false, links: false).HandleAsync(new CommandRequest("quote", "bridge"), CommandContext.Local());
        Assert.Equal(["Another", "Context"], ReplyButtons.For(reply).Select(b => b.Label));
        Assert.Equal(0, _cards.Drawn);
    }

    [Fact]
    public async Task The_Card_action_and_a_trailing_card_word_answer_with_the_image()
    {
        var q = await AddAsync("Trade is a bridge between neighbours.");
        var pressed = Assert.IsType<QuoteCardReply>(await Commands().HandleActionAsync(new CardAction(q.Id), CommandContext.Local()));
        Assert.Equal($"quote-{q.Id}.png", pressed.Image!.FileName);
        Assert.DoesNotContain("Card", ReplyButtons.For(pressed).Select(b => b.Label));

        var typed = Assert.IsType<QuoteCardReply>(await Commands().HandleAsync(new CommandRequest("quote", "bridge CARD"), CommandContext.Local()));
        Assert.Equal(q.Id, typed.Quote.Id);
        Assert.NotNull(typed.Image);
        Assert.Equal("bridge", typed.Query);

        var random = Assert.IsType<QuoteCardReply>(await Commands().HandleAsync(new CommandRequest("quote", "card"), CommandContext.Local()));
        Assert.NotNull(random.Image);
    }

    [Fact]
    public async Task Nothing_found_or_not_visible_draws_nothing()
    {
        var other = await AddAsync("A secret of another chat.", new Scope("tg:-5"));
        var removed = await AddAsync("Gone.");
        await _store.SetStatusAsync(removed.Id, QuoteStatus.Removed, Actor.System);
        var here = CommandContext.Local() with { Scope = new Scope("tg:-6") };

        Assert.IsType<MessageReply>(await Commands().HandleAsync(new CommandRequest("quote", "zebra card"), here));
        Assert.IsType<MessageReply>(await Commands().HandleActionAsync(new CardAction(other.Id), here));
        Assert.IsType<MessageReply>(await Commands().HandleActionAsync(new CardAction(removed.Id), here));
        Assert.Equal(0, _cards.Drawn);
    }

    [Fact]
    public async Task A_context_reply_carries_the_page_link()
    {
        var q = await AddAsync("Trade is a bridge between neighbours.");
        var reply = Assert.IsType<ContextReply>(await Commands().HandleAsync(new CommandRequest("context", q.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)), CommandContext.Local()));
        Assert.Equal($"https://quotes.example.org/q/{q.Id}", reply.PageUrl);
        Assert.Contains("Page", ReplyButtons.For(reply).Select(b => b.Label));
    }

    private sealed class CountingCards : IQuoteCardImages
    {
        public int Drawn { get; private set; }

        public Task<ReplyImage> RenderAsync(Quote quote, CancellationToken ct = default)
        {
            Drawn++;
            return Task.FromResult(new ReplyImage([1, 2, 3], $"quote-{quote.Id}.png", 1200, 630));
        }
    }

    /// <summary>Global quotes have pages; community quotes none (their pages are off).</summary>
    private sealed class Links : IQuotePageLinks
    {
        public ValueTask<string?> PageUrlAsync(Quote quote, CancellationToken ct = default) =>
            ValueTask.FromResult(quote.Scope.IsGlobal ? $"https://quotes.example.org/q/{quote.Id}" : null);
    }
}
