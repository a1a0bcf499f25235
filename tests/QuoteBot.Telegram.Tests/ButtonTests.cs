using System.Text;
using QuoteBot.Core.Commands;
using QuoteBot.Core.Model;
using QuoteBot.Telegram.Tests.Fakes;

namespace QuoteBot.Telegram.Tests;

public sealed class ButtonTests : RunningBotTests
{
    private const long User = 42;

    [Fact]
    public async Task Another_SendsNewCardAndAnswersCallback()
    {
        await Bot.AddAsync("First river quote", "A");
        await Bot.AddAsync("Second river quote", "B");
        Api.SendText(User, User, "/quote speaker:A");
        var card = await Api.WaitForAsync("sendMessage");
        var data = card.CallbackData("Another")!;
        Assert.True(Encoding.UTF8.GetByteCount(data) <= 64);

        Api.Press(User, User, 1, data);
        var answer = await Api.WaitForAsync("answerCallbackQuery");
        Assert.Null(answer.Body["text"]);
        var second = await Api.WaitForAsync("sendMessage", skip: 1);
        Assert.Contains("river quote", second.VisibleText);
        Assert.Empty(Api.CallsTo("editMessageText"));
    }

    [Fact]
    public async Task Another_UnderAWordSearch_SendsTheNextMatch()
    {
        await Bot.AddAsync("Harbour harbour harbour stays open.", "A");
        await Bot.AddAsync("The harbour and the bridge.", "B");
        await Bot.AddAsync("Bridges only.", "C");
        Api.SendText(User, User, "/quote harbour");
        var card = await Api.WaitForAsync("sendMessage");
        var data = card.CallbackData("Another")!;
        Assert.Equal(new AnotherAction("harbour", 1), ActionCodec.Decode(data));

        Api.Press(User, User, 1, data);
        var second = await Api.WaitForAsync("sendMessage", skip: 1);

        Assert.Contains("harbour", second.VisibleText, StringComparison.OrdinalIgnoreCase);
        Assert.NotEqual(card.VisibleText, second.VisibleText);
        Assert.Equal(new AnotherAction("harbour", 2), ActionCodec.Decode(second.CallbackData("Another")));
    }

    [Fact]
    public async Task Context_ForRemovedQuote_AnswersCallbackWithShortText()
    {
        var q = await Bot.AddAsync("Soon gone", "A");
        Api.SendText(User, User, "/quote #" + q.Id);
        var card = await Api.WaitForAsync("sendMessage");
        await Bot.Store.SetStatusAsync(q.Id, QuoteStatus.Removed, Actor.System);

        Api.Press(User, User, 1, card.CallbackData("Context")!);
        var answer = await Api.WaitForAsync("answerCallbackQuery");
        Assert.Contains($"no quote #{q.Id}", answer.Body["text"]!.GetValue<string>());
        await Task.Delay(200);
        Assert.Single(Api.CallsTo("sendMessage"));
    }

    [Fact]
    public async Task Context_Button_SendsContextCard()
    {
        var q = await Bot.AddAsync("Right here", "A", context: new QuoteContext("It was said Right here today."));
        Api.Press(User, User, 1, ActionCodec.Encode(new ContextAction(q.Id)));
        await Api.WaitForAsync("answerCallbackQuery");
        var sent = await Api.WaitForAsync("sendMessage");
        Assert.Contains("It was said Right here today.", sent.VisibleText);
    }

    [Fact]
    public async Task Callback_WithForgedData_IsAnsweredAndDoesNothing()
    {
        Api.Press(User, User, 1, "zz:garbage");
        var answer = await Api.WaitForAsync("answerCallbackQuery");
        Assert.Equal("That button no longer works.", answer.Body["text"]!.GetValue<string>());
        Assert.Empty(Api.CallsTo("sendMessage"));
    }

    [Fact]
    public async Task Quotes_Paging_EditsListMessageForwardAndBack()
    {
        for (var i = 1; i <= 12; i++)
        {
            await Bot.AddAsync($"Orange number {i} is juicy", "Fruit " + i);
        }

        Api.SendText(User, User, "/quotes orange");
        var list = await Api.WaitForAsync("sendMessage");
        Assert.Contains("Results 1–5", list.VisibleText);
        Assert.Equal(["Next"], list.Buttons.Select(b => b["text"]!.GetValue<string>()));

        Api.Press(User, User, 1, list.CallbackData("Next")!);
        var page2 = await Api.WaitForAsync("editMessageText");
        Assert.Contains("Results 6–10", page2.VisibleText);
        Assert.Equal(1, page2.Body["message_id"]!.GetValue<int>());
        Assert.Equal(["Previous", "Next"], page2.Buttons.Select(b => b["text"]!.GetValue<string>()));

        Api.Press(User, User, 1, page2.CallbackData("Previous")!);
        var back = await Api.WaitForAsync("editMessageText", skip: 1);
        Assert.Contains("Results 1–5", back.VisibleText);
        Assert.Equal(2, Api.CallsTo("answerCallbackQuery").Count);
        Assert.Single(Api.CallsTo("sendMessage"));
    }

    [Fact]
    public async Task Callback_AfterRestart_StillWorks()
    {
        var q = await Bot.AddAsync("Durable buttons", "A");
        var data = ActionCodec.Encode(new ContextAction(q.Id));
        await Bot.DisposeAsync();
        Bot = await TestBot.StartAsync(Api, Bot.Store);
        Api.Press(User, User, 1, data);
        var sent = await Api.WaitForAsync("sendMessage");
        Assert.Contains("Durable buttons", sent.VisibleText);
    }
}
