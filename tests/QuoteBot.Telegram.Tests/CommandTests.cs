using QuoteBot.Core.Model;
using QuoteBot.Telegram.Tests.Fakes;

namespace QuoteBot.Telegram.Tests;

public sealed class CommandTests : IAsyncLifetime
{
    private const long User = 42;
    private const long Group = -100777;
    private const long OtherGroup = -100888;
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
    public async Task Start_SetsCommandMenuFromAllCommands()
    {
        var call = await _api.WaitForAsync("setMyCommands");
        var names = call.Body["commands"]!.AsArray().Select(c => c!["command"]!.GetValue<string>()).ToArray();
        Assert.Equal(["quote", "quotes", "context", "addquote", "editquote", "removequote", "restorequote", "help"], names);
        await _api.WaitForAsync("deleteWebhook");
    }

    [Fact]
    public async Task StartCommand_InPrivateChat_AnswersWithHelp()
    {
        _api.SendText(User, User, "/start");
        var sent = await _api.WaitForAsync("sendMessage", c => c.ChatId == User);
        Assert.Contains("/quote [query]", sent.VisibleText);
        Assert.Contains("/addquote", sent.VisibleText);
        Assert.Equal("HTML", sent.Body["parse_mode"]!.GetValue<string>(), ignoreCase: true);
    }

    [Fact]
    public async Task Quote_InPrivateChat_SendsCardOfGlobalQuoteWithButtons()
    {
        var q = await _bot.AddAsync("Territory is not a map", "Ada Lovelace", url: "https://news.example/a", title: "On maps");
        _api.SendText(User, User, "/quote territory");
        var sent = await _api.WaitForAsync("sendMessage", c => c.ChatId == User);
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
        await _bot.AddAsync("Group wisdom here", "Bob", Scope.Telegram(Group));
        _api.SendText(Group, User, "/quote@QuoteTestBot wisdom");
        var sent = await _api.WaitForAsync("sendMessage", c => c.ChatId == Group);
        Assert.Contains("Group wisdom here", sent.VisibleText);
        Assert.Equal(500, sent.Body["reply_parameters"]!["message_id"]!.GetValue<int>());
    }

    [Fact]
    public async Task Quote_AddressedToOtherBot_IsIgnored()
    {
        await _bot.AddAsync("Some words", "Bob");
        _api.SendText(Group, User, "/quote@OtherBot words");
        _api.SendText(Group, User, "/help");
        var sent = await _api.WaitForAsync("sendMessage", c => c.ChatId == Group);
        Assert.Contains("Commands", sent.VisibleText);
        await Task.Delay(300);
        Assert.Single(_api.CallsTo("sendMessage"));
    }

    [Fact]
    public async Task UnknownCommand_InGroupIgnored_InPrivateHinted()
    {
        _api.SendText(Group, User, "/weather");
        _api.SendText(User, User, "/weather");
        var sent = await _api.WaitForAsync("sendMessage");
        Assert.Equal(User, sent.ChatId);
        Assert.Contains("Unknown command /weather", sent.VisibleText);
        await Task.Delay(300);
        Assert.DoesNotContain(_api.CallsTo("sendMessage"), c => c.ChatId == Group);
    }

    [Fact]
    public async Task Quotes_InGroup_SeesOwnAndGlobalButNotOtherGroups()
    {
        await _bot.AddAsync("Apples from the group", "Own");
        await _bot.AddAsync("Apples everywhere", "Global");
        await _bot.AddAsync("Apples elsewhere secret", "Other", Scope.Telegram(OtherGroup));
        await _bot.Store.AddAsync(TestBot.Quote("Apples in this chat", "Local", Scope.Telegram(Group)), Actor.System);
        _api.SendText(Group, User, "/quotes apples");
        var sent = await _api.WaitForAsync("sendMessage", c => c.ChatId == Group);
        Assert.Contains("Apples in this chat", sent.VisibleText);
        Assert.Contains("Apples everywhere", sent.VisibleText);
        Assert.DoesNotContain("secret", sent.VisibleText);
    }

    [Fact]
    public async Task Quote_InPrivateChat_DoesNotSeeGroupQuotes()
    {
        await _bot.AddAsync("Only the group knows", "Bob", Scope.Telegram(Group));
        _api.SendText(User, User, "/quote knows");
        var sent = await _api.WaitForAsync("sendMessage", c => c.ChatId == User);
        Assert.Contains("Nothing matched", sent.VisibleText);
    }

    [Fact]
    public async Task Quote_WithMarkupCharacters_ComesBackExactlyAsTyped()
    {
        const string nasty = "<b>&*_[]()~>#+-=|{}.! &lt; \"q\" </i>";
        var q = await _bot.AddAsync(nasty, "<Eve & \"Co\">");
        _api.SendText(User, User, "/quote #" + q.Id);
        var sent = await _api.WaitForAsync("sendMessage", c => c.ChatId == User);
        Assert.Contains("“" + nasty + "”", sent.VisibleText);
        Assert.Contains("— <Eve & \"Co\">", sent.VisibleText);
    }

    [Fact]
    public async Task Context_SendsParagraphWithNeighbours()
    {
        var q = await _bot.AddAsync("we shall see", "Mayor", url: "https://news.example/c", context: new QuoteContext("Asked about it, she said we shall see and left.", "Before text.", "After text.", "reporters"));
        _api.SendText(User, User, "/context " + q.Id);
        var sent = await _api.WaitForAsync("sendMessage", c => c.ChatId == User);
        Assert.Contains("Asked about it, she said we shall see and left.", sent.VisibleText);
        Assert.Contains("Before text.", sent.VisibleText);
        Assert.Contains("After text.", sent.VisibleText);
        Assert.Contains("reporters", sent.VisibleText);
        Assert.Contains("https://news.example/c", sent.Body["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task NonCommandText_IsIgnored()
    {
        _api.SendText(User, User, "hello there");
        _api.SendText(User, User, "/help");
        await _api.WaitForAsync("sendMessage");
        await Task.Delay(300);
        Assert.Single(_api.CallsTo("sendMessage"));
    }
}
