using QuoteBot.Core.Model;
using QuoteBot.Telegram.Tests.Fakes;

namespace QuoteBot.Telegram.Tests;

public sealed class CommandTests : RunningBotTests
{
    private const long User = 42;
    private const long Group = -100777;
    private const long OtherGroup = -100888;

    [Fact]
    public async Task Start_SetsCommandMenuFromAllCommands()
    {
        var call = await Api.WaitForAsync("setMyCommands");
        var names = call.Body["commands"]!.AsArray().Select(c => c!["command"]!.GetValue<string>()).ToArray();
        Assert.Equal(["quote", "quotes", "context", "addquote", "editquote", "removequote", "restorequote", "help"], names);
        await Api.WaitForAsync("deleteWebhook");
    }

    [Fact]
    public async Task StartCommand_InPrivateChat_AnswersWithHelp()
    {
        Api.SendText(User, User, "/start");
        var sent = await Api.WaitForAsync("sendMessage", c => c.ChatId == User);
        Assert.Contains("/quote [query]", sent.VisibleText);
        Assert.Contains("/addquote", sent.VisibleText);
        Assert.Equal("HTML", sent.Body["parse_mode"]!.GetValue<string>(), ignoreCase: true);
    }

    [Fact]
    public async Task Quote_InPrivateChat_SendsCardOfGlobalQuoteWithButtons()
    {
        var q = await Bot.AddAsync("Territory is not a map", "Ada Lovelace", url: "https://news.example/a", title: "On maps");
        Api.SendText(User, User, "/quote territory");
        var sent = await Api.WaitForAsync("sendMessage", c => c.ChatId == User);
        Assert.Contains("Territory is not a map", sent.VisibleText);
        Assert.Contains("— Ada Lovelace", sent.VisibleText);
        Assert.Contains("#" + q.Id, sent.VisibleText);
        Assert.Equal(["Another", "Context", "Source"], sent.Buttons.Select(b => b["text"]!.GetValue<string>()));
        Assert.Equal("https://news.example/a", sent.Buttons[2]["url"]!.GetValue<string>());
        Assert.Equal("https://news.example/a", sent.Body["link_preview_options"]!["url"]!.GetValue<string>());
    }

    [Fact]
    public async Task Quote_AddressedToThisBotInGroup_IsAnsweredAsReply()
    {
        await Bot.AddAsync("Group wisdom here", "Bob", Scope.Telegram(Group));
        Api.SendText(Group, User, "/quote@QuoteTestBot wisdom");
        var sent = await Api.WaitForAsync("sendMessage", c => c.ChatId == Group);
        Assert.Contains("Group wisdom here", sent.VisibleText);
        Assert.Equal(500, sent.Body["reply_parameters"]!["message_id"]!.GetValue<int>());
    }

    [Fact]
    public async Task Quote_AddressedToOtherBot_IsIgnored()
    {
        await Bot.AddAsync("Some words", "Bob");
        Api.SendText(Group, User, "/quote@OtherBot words");
        Api.SendText(Group, User, "/help");
        var sent = await Api.WaitForAsync("sendMessage", c => c.ChatId == Group);
        Assert.Contains("Commands", sent.VisibleText);
        await Task.Delay(300);
        Assert.Single(Api.CallsTo("sendMessage"));
    }

    [Fact]
    public async Task UnknownCommand_InGroupIgnored_InPrivateHinted()
    {
        Api.SendText(Group, User, "/weather");
        Api.SendText(User, User, "/weather");
        var sent = await Api.WaitForAsync("sendMessage");
        Assert.Equal(User, sent.ChatId);
        Assert.Contains("Unknown command /weather", sent.VisibleText);
        await Task.Delay(300);
        Assert.DoesNotContain(Api.CallsTo("sendMessage"), c => c.ChatId == Group);
    }

    [Fact]
    public async Task Quotes_InGroup_SeesOwnAndGlobalButNotOtherGroups()
    {
        await Bot.AddAsync("Apples from the group", "Own");
        await Bot.AddAsync("Apples everywhere", "Global");
        await Bot.AddAsync("Apples elsewhere secret", "Other", Scope.Telegram(OtherGroup));
        await Bot.Store.AddAsync(TestBot.Quote("Apples in this chat", "Local", Scope.Telegram(Group)), Actor.System);
        Api.SendText(Group, User, "/quotes apples");
        var sent = await Api.WaitForAsync("sendMessage", c => c.ChatId == Group);
        Assert.Contains("Apples in this chat", sent.VisibleText);
        Assert.Contains("Apples everywhere", sent.VisibleText);
        Assert.DoesNotContain("secret", sent.VisibleText);
    }

    [Fact]
    public async Task Quote_InPrivateChat_DoesNotSeeGroupQuotes()
    {
        await Bot.AddAsync("Only the group knows", "Bob", Scope.Telegram(Group));
        Api.SendText(User, User, "/quote knows");
        var sent = await Api.WaitForAsync("sendMessage", c => c.ChatId == User);
        Assert.Contains("Nothing matched", sent.VisibleText);
    }

    [Fact]
    public async Task Quote_WithMarkupCharacters_ComesBackExactlyAsTyped()
    {
        const string nasty = "<b>&*_[]()~>#+-=|{}.! &lt; \"q\" </i>";
        var q = await Bot.AddAsync(nasty, "<Eve & \"Co\">");
        Api.SendText(User, User, "/quote #" + q.Id);
        var sent = await Api.WaitForAsync("sendMessage", c => c.ChatId == User);
        Assert.Contains("“" + nasty + "”", sent.VisibleText);
        Assert.Contains("— <Eve & \"Co\">", sent.VisibleText);
    }

    [Fact]
    public async Task Context_SendsParagraphWithNeighbours()
    {
        var q = await Bot.AddAsync("we shall see", "Mayor", url: "https://news.example/c", context: new QuoteContext("Asked about it, she said we shall see and left.", "Before text.", "After text.", "reporters"));
        Api.SendText(User, User, "/context " + q.Id);
        var sent = await Api.WaitForAsync("sendMessage", c => c.ChatId == User);
        Assert.Contains("Asked about it, she said we shall see and left.", sent.VisibleText);
        Assert.Contains("Before text.", sent.VisibleText);
        Assert.Contains("After text.", sent.VisibleText);
        Assert.Contains("reporters", sent.VisibleText);
        Assert.Contains("https://news.example/c", sent.Body["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task NonCommandText_IsIgnored()
    {
        Api.SendText(User, User, "hello there");
        Api.SendText(User, User, "/help");
        await Api.WaitForAsync("sendMessage");
        await Task.Delay(300);
        Assert.Single(Api.CallsTo("sendMessage"));
    }
}
