using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using QuoteBot.Core.Commands;
using QuoteBot.Core.Model;
using QuoteBot.Core.Review;
using QuoteBot.Core.Storage;
using QuoteBot.Ingest;
using QuoteBot.Telegram.Tests.Fakes;
using QuoteBot.Tests.Shared.Ingest;

namespace QuoteBot.Telegram.Tests;

/// <summary>/addarticle and /review on the fake Bot API: the real adapter, the real fetcher (pages on 127.0.0.1).</summary>
public sealed class ReviewTests : IAsyncLifetime
{
    private const long Group = -100555;
    private const long Admin = 11;
    private const long Member = 12;
    private const string Article = "https://news.example/2026/12/pier-vote";
    private static readonly Scope GroupScope = Scope.Telegram(Group);

    private FakeBotApi _api = null!;
    private ArticlePages _pages = null!;
    private TestBot _bot = null!;
    private readonly InMemoryQuoteStore _store = new();

    public async Task InitializeAsync()
    {
        _api = await FakeBotApi.StartAsync();
        _api.SetAdmins(Group, 10, Admin);
        _pages = await ArticlePages.StartAsync();
        _bot = await StartBotAsync();
    }

    public async Task DisposeAsync()
    {
        await _bot.DisposeAsync();
        await _pages.DisposeAsync();
        await _api.DisposeAsync();
    }

    /// <summary>A bot on the shared store, with the review commands and the Ingest port as the host wires them.</summary>
    private Task<TestBot> StartBotAsync() => TestBot.StartAsync(_api, _store, configureServices: services =>
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(ArticlePages.IngestSettings()).Build();
        services.AddSingleton<IArticleStore>(_store);
        services.AddIngest(config);
        services.AddReview();
    });

    private async Task RestartAsync()
    {
        await _bot.DisposeAsync();
        _bot = await StartBotAsync();
    }

    private async Task<Quote> PendingAsync(string text, string speaker, string url = Article) =>
        (await _store.AddAsync(
            new NewQuote
            {
                Text = text,
                Speaker = speaker,
                Scope = GroupScope,
                Status = QuoteStatus.Pending,
                Source = new QuoteSource("Lakeside Courier", "Harbour <council> & pier", url, null),
                Context = new QuoteContext($"“{text}” said {speaker} <b>at</b> the meeting."),
            },
            Actor.System)).Quote;

    [Fact]
    public async Task AddArticle_ByNonModerator_IsRefusedAndFetchesAndStoresNothing()
    {
        _api.SendText(Group, Member, "/addarticle " + _pages.Url("/pier"));

        var sent = await _api.WaitForAsync("sendMessage", c => c.ChatId == Group);
        Assert.Equal(ReviewDesk.AddArticleRefusal, sent.VisibleText);
        await Task.Delay(300);
        Assert.Single(_api.CallsTo("sendMessage"));
        Assert.Equal(0, _pages.Requests);
        Assert.Equal(0, await _store.MaxIdAsync());
    }

    [Fact]
    public async Task AddArticle_ByGroupAdmin_AnswersFetchingThenTheCount_AndStoresPendingQuotes()
    {
        var url = _pages.Url("/pier");
        _api.SendText(Group, Admin, "/addarticle " + url);

        var first = await _api.WaitForAsync("sendMessage", c => c.ChatId == Group);
        Assert.Equal($"Fetching {url}…", first.VisibleText);
        var second = await _api.WaitForAsync("sendMessage", c => c.ChatId == Group, skip: 1);
        Assert.Equal("Found 3 quotes in “Harbour council votes on the old pier”: 3 wait for review. /review shows them.", second.VisibleText);
        Assert.Equal(500, second.Body["reply_parameters"]!["message_id"]!.GetValue<int>());

        var pending = await _store.ListPendingAsync(GroupScope, 0, 10);
        Assert.Equal(["Elena Varga", "Tomas Reed", "Ana Holm"], pending.Select(q => q.Speaker));
        Assert.All(pending, q => Assert.Equal("tg:" + Admin, q.AddedBy));
        Assert.Equal(1, _pages.Requests);

        // Pending quotes answer nothing public.
        _api.SendText(Group, Member, "/quote pier");
        var search = await _api.WaitForAsync("sendMessage", c => c.ChatId == Group, skip: 2);
        Assert.StartsWith("Nothing matched", search.VisibleText);

        // The same link again adds nothing.
        _api.SendText(Group, Admin, "/addarticle " + url);
        var again = await _api.WaitForAsync("sendMessage", c => c.VisibleText!.Contains("already added", StringComparison.Ordinal));
        Assert.Equal($"{url} was already added here; nothing changed.", again.VisibleText);
        Assert.Equal(3, (await _store.ListPendingAsync(GroupScope, 0, 10)).Count);
    }

    [Fact]
    public async Task AddArticle_NotAPage_SaysWhyInOneLine()
    {
        var url = _pages.Url("/data.json");
        _api.SendText(Group, Admin, "/addarticle " + url);

        var result = await _api.WaitForAsync("sendMessage", c => c.ChatId == Group, skip: 1);
        Assert.StartsWith($"Could not add {url}: not a web page or feed", result.VisibleText);
        Assert.Equal(0, await _store.MaxIdAsync());
    }

    [Fact]
    public async Task ReviewButtons_WorkAfterARestart_ApproveThenRejectThenApproveAll()
    {
        var a = await PendingAsync("We cannot let the pier rot.", "Elena Varga");
        var b = await PendingAsync("Dredge the channel instead.", "Tomas Reed", "https://news.example/other");
        var c = await PendingAsync("Half must come from the region.", "Ana Holm");
        var d = await PendingAsync("The ferry stays.", "Ivo Brandt");

        _api.SendText(Group, Admin, "/review");
        var card = await _api.WaitForAsync("sendMessage", x => x.ChatId == Group);
        Assert.Contains("We cannot let the pier rot.", card.VisibleText);
        Assert.Contains("Elena Varga", card.VisibleText);
        Assert.Contains("said Elena Varga <b>at</b> the meeting.", card.VisibleText); // escaped, shown as typed
        Assert.Contains("Harbour <council> & pier", card.VisibleText);
        Assert.Contains("3 more wait for review.", card.VisibleText);
        Assert.Equal(["Approve", "Reject", "Fix speaker", "Approve all from this article", "Source"], card.Buttons.Select(x => x["text"]!.GetValue<string>()));
        var approve = card.CallbackData("Approve")!;

        await RestartAsync();
        _api.Press(Group, Admin, 77, approve);
        var next = await _api.WaitForAsync("editMessageText");
        Assert.Equal(77, next.Body["message_id"]!.GetValue<int>());
        Assert.Contains($"Approved #{a.Id}", next.VisibleText);
        Assert.Contains("Dredge the channel instead.", next.VisibleText);
        Assert.Equal(QuoteStatus.Active, (await _store.GetAsync(a.Id))!.Status);

        // A second press on the decided quote says so and changes nothing.
        _api.Press(Group, Admin, 77, approve);
        var repeat = await _api.WaitForAsync("answerCallbackQuery", x => x.Body["text"] is not null && x.Body["text"]!.GetValue<string>().Contains("already", StringComparison.Ordinal));
        Assert.Equal($"Quote #{a.Id} was already approved; nothing changed.", repeat.Body["text"]!.GetValue<string>());
        Assert.Equal(2, (await _store.GetAuditAsync(a.Id)).Count);

        _api.Press(Group, Admin, 77, next.CallbackData("Reject")!);
        var third = await _api.WaitForAsync("editMessageText", skip: 1);
        Assert.Contains($"Rejected #{b.Id}", third.VisibleText);
        Assert.Equal(QuoteStatus.Removed, (await _store.GetAsync(b.Id))!.Status);

        _api.Press(Group, Admin, 77, third.CallbackData("Approve all from this article")!);
        var last = await _api.WaitForAsync("editMessageText", skip: 2);
        Assert.Equal("Approved 2 quotes from that article. Nothing waits for review here.", last.VisibleText);
        Assert.Empty(last.Buttons);
        Assert.Equal(QuoteStatus.Active, (await _store.GetAsync(c.Id))!.Status);
        Assert.Equal(QuoteStatus.Active, (await _store.GetAsync(d.Id))!.Status);

        // Approved quotes answer /quote for everyone; the rejected one does not.
        _api.SendText(Group, Member, "/quote #" + a.Id);
        var shown = await _api.WaitForAsync("sendMessage", x => x.ChatId == Group, skip: 1);
        Assert.Contains("We cannot let the pier rot.", shown.VisibleText);
        _api.SendText(Group, Member, "/quote #" + b.Id);
        var gone = await _api.WaitForAsync("sendMessage", x => x.ChatId == Group, skip: 2);
        Assert.Equal($"There is no quote #{b.Id} here.", gone.VisibleText);
    }

    [Fact]
    public async Task ReviewButtons_ByNonModerator_AreRefusedAndChangeNothing()
    {
        var a = await PendingAsync("We cannot let the pier rot.", "Elena Varga");
        _api.SendText(Group, Member, "/review");
        var refused = await _api.WaitForAsync("sendMessage", x => x.ChatId == Group);
        Assert.Equal(ReviewDesk.ReviewRefusal, refused.VisibleText);

        foreach (var verb in Enum.GetValues<ReviewVerb>())
        {
            _api.Press(Group, Member, 77, ActionCodec.Encode(new ReviewAction(verb, a.Id)));
        }

        await WaitUntilAsync(() => _api.CallsTo("answerCallbackQuery").Count == 4);
        Assert.All(_api.CallsTo("answerCallbackQuery"), x => Assert.Equal(ReviewDesk.ReviewRefusal, x.Body["text"]!.GetValue<string>()));
        Assert.Empty(_api.CallsTo("editMessageText"));
        Assert.Single(_api.CallsTo("sendMessage"));
        Assert.Equal(QuoteStatus.Pending, (await _store.GetAsync(a.Id))!.Status);
        Assert.Single(await _store.GetAuditAsync(a.Id));
    }

    [Fact]
    public async Task FixSpeaker_PromptAndReply_ChangesTheSpeaker_EvenAfterARestart()
    {
        var a = await PendingAsync("We cannot let the pier rot.", "Varga");
        _api.Press(Group, Admin, 77, ActionCodec.Encode(new ReviewAction(ReviewVerb.FixSpeaker, a.Id)));
        var prompt = await _api.WaitForAsync("sendMessage", x => x.ChatId == Group);
        Assert.Equal($"Fix speaker of #{a.Id} (now: Varga). Reply to this message with the right name.", prompt.VisibleText);
        Assert.True(prompt.Body["reply_markup"]!["force_reply"]!.GetValue<bool>());

        await RestartAsync();
        // A member's reply is refused; the admin's reply fixes it.
        _api.SendText(Group, Member, "Someone Else", replyTo: FakeBotApi.MessageJson(Group, FakeBotApi.BotId, prompt.VisibleText, messageId: 88));
        var refused = await _api.WaitForAsync("sendMessage", x => x.ChatId == Group, skip: 1);
        Assert.Equal(ReviewDesk.ReviewRefusal, refused.VisibleText);
        _api.SendText(Group, Admin, "Elena <Varga>", replyTo: FakeBotApi.MessageJson(Group, FakeBotApi.BotId, prompt.VisibleText, messageId: 88));
        var card = await _api.WaitForAsync("sendMessage", x => x.ChatId == Group, skip: 2);
        Assert.Contains($"Speaker of #{a.Id} is now Elena <Varga>.", card.VisibleText);
        Assert.Contains("Approve", card.Buttons.Select(x => x["text"]!.GetValue<string>()));
        Assert.Equal("Elena <Varga>", (await _store.GetAsync(a.Id))!.Speaker);
        Assert.Equal("edit", (await _store.GetAuditAsync(a.Id))[^1].Action);

        // The same words in reply to a user's message (not the bot's prompt) are ignored.
        _api.SendText(Group, Admin, "Not A Name", replyTo: FakeBotApi.MessageJson(Group, Member, prompt.VisibleText, messageId: 89));
        await Task.Delay(300);
        Assert.Equal(3, _api.CallsTo("sendMessage").Count);
        Assert.Equal("Elena <Varga>", (await _store.GetAsync(a.Id))!.Speaker);
    }

    [Fact]
    public async Task FixSpeaker_Command_WorksToo()
    {
        var a = await PendingAsync("We cannot let the pier rot.", "Varga");
        _api.SendText(Group, Admin, $"/fixspeaker {a.Id} Elena Varga");
        var card = await _api.WaitForAsync("sendMessage", x => x.ChatId == Group);
        Assert.Contains("Waiting for review", card.VisibleText);
        Assert.Equal("Elena Varga", (await _store.GetAsync(a.Id))!.Speaker);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out");
            await Task.Delay(10);
        }
    }
}
