using Microsoft.Extensions.DependencyInjection;
using QuoteBot.Core.Commands;
using QuoteBot.Core.Model;
using QuoteBot.Telegram.Tests.Fakes;

namespace QuoteBot.Telegram.Tests;

/// <summary>The Card button and "/quote … card": the quote goes out as a photo with the card text as its caption.</summary>
public sealed class CardTests : IAsyncLifetime
{
    private const long User = 42;

    private FakeBotApi Api { get; set; } = null!;

    private TestBot Bot { get; set; } = null!;

    public async Task InitializeAsync()
    {
        Api = await FakeBotApi.StartAsync();
        Bot = await TestBot.StartAsync(Api, configureServices: s => s.AddSingleton<IQuoteCardImages, FakeCards>());
    }

    public async Task DisposeAsync()
    {
        await Bot.DisposeAsync();
        await Api.DisposeAsync();
    }

    [Fact]
    public async Task The_Card_button_sends_the_quote_as_a_photo_with_the_html_caption()
    {
        var q = await Bot.AddAsync("The <b>river</b> & the bridge", "A <i>speaker</i>");
        Api.SendText(User, User, "/quote #" + q.Id);
        var card = await Api.WaitForAsync("sendMessage");
        var data = card.CallbackData("Card");
        Assert.NotNull(data);

        Api.Press(User, User, 1, data);
        await Api.WaitForAsync("answerCallbackQuery");
        var photo = await Api.WaitForAsync("sendPhoto", anyStatus: true);

        Assert.True(200 == photo.Status, photo.Body.ToJsonString());
        var part = photo.Body["photo"]!.GetValue<string>().Replace("attach://", string.Empty, StringComparison.Ordinal);
        Assert.Equal($"quote-{q.Id}.png", photo.Body[part]!["file_name"]!.GetValue<string>());
        Assert.Equal("HTML", photo.Body["parse_mode"]!.GetValue<string>(), ignoreCase: true);
        Assert.Contains("“The <b>river</b> & the bridge”", photo.VisibleText, StringComparison.Ordinal);
        Assert.Contains("A <i>speaker</i>", photo.VisibleText, StringComparison.Ordinal);
        // The photo keeps Another and Context, but offers no second Card.
        Assert.NotNull(photo.CallbackData("Another"));
        Assert.Null(photo.CallbackData("Card"));
    }

    [Fact]
    public async Task Quote_with_a_trailing_card_word_sends_a_photo_and_a_long_quote_fits_the_caption()
    {
        await Bot.AddAsync("Harbour " + string.Join(' ', Enumerable.Repeat("words that go on and on", 80)), "Long Talker"); // 1,927 characters: within the store's 2,000, over the caption's 1,024
        Api.SendText(User, User, "/quote harbour card");
        var photo = await Api.WaitForAsync("sendPhoto");

        Assert.Equal(200, photo.Status); // the fake refuses captions over 1,024 characters, as Telegram does
        Assert.True(photo.VisibleText!.Length <= 1024);
        Assert.Contains("…", photo.VisibleText, StringComparison.Ordinal);
        Assert.Empty(Api.CallsTo("sendMessage"));
    }

    [Fact]
    public async Task A_removed_quote_has_no_card()
    {
        var q = await Bot.AddAsync("Gone soon", "A");
        await Bot.Store.SetStatusAsync(q.Id, QuoteStatus.Removed, Actor.System);
        Api.Press(User, User, 1, ActionCodec.Encode(new CardAction(q.Id)));
        var answer = await Api.WaitForAsync("answerCallbackQuery");
        Assert.Contains($"no quote #{q.Id}", answer.Body["text"]!.GetValue<string>(), StringComparison.Ordinal);
        await Task.Delay(200);
        Assert.Empty(Api.CallsTo("sendPhoto"));
    }

    /// <summary>A stand-in for the card renderer: a tiny PNG per quote.</summary>
    private sealed class FakeCards : IQuoteCardImages
    {
        public Task<ReplyImage> RenderAsync(Quote quote, CancellationToken ct = default) =>
            Task.FromResult(new ReplyImage([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0], $"quote-{quote.Id}.png", 1200, 630));
    }
}
