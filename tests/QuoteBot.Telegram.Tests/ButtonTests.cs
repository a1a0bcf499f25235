using System.Text;
using QuoteBot.Core.Commands;
using QuoteBot.Core.Model;
using QuoteBot.Telegram.Tests.Fakes;

namespace QuoteBot.Telegram.Tests;

public sealed class ButtonTests : IAsyncLifetime
{
    private const long User = 42;
    private FakeBotApi _api = null!;
    private TestBot _bot = null!;

    public async Task InitializeAsync()
    {
        _api = await FakeBotApi.StartAsync();
        _bot = await TestBot.StartAsync(_api);
    }

    public async Task DisposeAsync()
    {
        await _bot.DisposeAsync();
        await _api.DisposeAsync();
    }

    [Fact]
    public async Task Another_SendsNewCardAndAnswersCallback()
    {
        await _bot.AddAsync("First river quote", "A");
        await _bot.AddAsync("Second river quote", "B");
        _api.SendText(User, User, "/quote speaker:A");
        var card = await _api.WaitForAsync("sendMessage");
        var data = card.CallbackData("Another")!;
        Assert.True(Encoding.UTF8.GetByteCount(data) <= 64);

        _api.Press(User, User, 1, data);
        var answer = await _api.WaitForAsync("answerCallbackQuery");
        Assert.Null(answer.Body["text"]);
        var second = await _api.WaitForAsync("sendMessage", skip: 1);
        Assert.Contains("river quote", second.VisibleText);
        Assert.Empty(_api.CallsTo("editMessageText"));
    }

    [Fact]
    public async Task Context_ForRemovedQuote_AnswersCallbackWithShortText()
    {
        var q = await _bot.AddAsync("Soon gone", "A");
        _api.SendText(User, User, "/quote #" + q.Id);
        var card = await _api.WaitForAsync("sendMessage");
        await _bot.Store.SetStatusAsync(q.Id, QuoteStatus.Removed, Actor.System);

        _api.Press(User, User, 1, card.CallbackData("Context")!);
        var answer = await _api.WaitForAsync("answerCallbackQuery");
        Assert.Contains($"no quote #{q.Id}", answer.Body["text"]!.GetValue<string>());
        await Task.Delay(200);
        Assert.Single(_api.CallsTo("sendMessage"));
    }

    [Fact]
    public async Task Context_Button_SendsContextCard()
    {
        var q = await _bot.AddAsync("Right here", "A", context: new QuoteContext("It was said Right here today."));
        _api.Press(User, User, 1, ActionCodec.Encode(new ContextAction(q.Id)));
        await _api.WaitForAsync("answerCallbackQuery");
        var sent = await _api.WaitForAsync("sendMessage");
        Assert.Contains("It was said Right here today.", sent.VisibleText);
    }

    [Fact]
    public async Task Callback_WithForgedData_IsAnsweredAndDoesNothing()
    {
        _api.Press(User, User, 1, "zz:garbage");
        var answer = await _api.WaitForAsync("answerCallbackQuery");
        Assert.Equal("That button no longer works.", answer.Body["text"]!.GetValue<string>());
        Assert.Empty(_api.CallsTo("sendMessage"));
    }

    [Fact]
    public async Task Quotes_Paging_EditsListMessageForwardAndBack()
    {
        for (var i = 1; i <= 12; i++)
        {
            await _bot.AddAsync($"Orange number {i} is juicy", "Fruit " + i);
        }

        _api.SendText(User, User, "/quotes orange");
        var list = await _api.WaitForAsync("sendMessage");
        Assert.Contains("Results 1–5", list.VisibleText);
        Assert.Equal(["Next"], list.Buttons.Select(b => b["text"]!.GetValue<string>()));

        _api.Press(User, User, 1, list.CallbackData("Next")!);
        var page2 = await _api.WaitForAsync("editMessageText");
        Assert.Contains("Results 6–10", page2.VisibleText);
        Assert.Equal(1, page2.Body["message_id"]!.GetValue<int>());
        Assert.Equal(["Previous", "Next"], page2.Buttons.Select(b => b["text"]!.GetValue<string>()));

        _api.Press(User, User, 1, page2.CallbackData("Previous")!);
        var back = await _api.WaitForAsync("editMessageText", skip: 1);
        Assert.Contains("Results 1–5", back.VisibleText);
        Assert.Equal(2, _api.CallsTo("answerCallbackQuery").Count);
        Assert.Single(_api.CallsTo("sendMessage"));
    }

    [Fact]
    public async Task Callback_AfterRestart_StillWorks()
    {
        var q = await _bot.AddAsync("Durable buttons", "A");
        var data = ActionCodec.Encode(new ContextAction(q.Id));
        await _bot.DisposeAsync();
        _bot = await TestBot.StartAsync(_api, _bot.Store);
        _api.Press(User, User, 1, data);
        var sent = await _api.WaitForAsync("sendMessage");
        Assert.Contains("Durable buttons", sent.VisibleText);
    }
}
