using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using QuoteBot.Core.Model;
using QuoteBot.Telegram.Tests.Fakes;
using Telegram.Bot;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace QuoteBot.Telegram.Tests;

public sealed class ModerationTests : RunningBotTests
{
    private const long Group = -100555;
    private const long Admin = 11;
    private const long Member = 12;
    protected override void ConfigureFake(FakeBotApi api) => api.SetAdmins(Group, 10, Admin);

    [Fact]
    public async Task AddQuote_ByGroupAdmin_AddsToGroupScope()
    {
        Api.SendText(Group, Admin, "/addquote \"Cats rule the house\" - Tom");
        var sent = await Api.WaitForAsync("sendMessage", c => c.ChatId == Group);
        Assert.Contains("Added as #1", sent.VisibleText);
        var stored = await Bot.Store.GetAsync(1);
        Assert.Equal(Scope.Telegram(Group), stored!.Scope);
        Assert.Equal("tg:" + Admin, stored.AddedBy);
    }

    [Fact]
    public async Task AddQuote_ByNonAdminInGroup_IsRefusedAndStoresNothing()
    {
        Api.SendText(Group, Member, "/addquote \"Cats rule the house\" - Tom");
        var sent = await Api.WaitForAsync("sendMessage", c => c.ChatId == Group);
        Assert.Contains("Only moderators", sent.VisibleText);
        Assert.Equal(0, await Bot.Store.MaxIdAsync());
    }

    [Fact]
    public async Task RemoveQuote_ByNonAdmin_IsRefusedAndQuoteStays()
    {
        var q = await Bot.AddAsync("Keep me", "Tom", Scope.Telegram(Group));
        Api.SendText(Group, Member, "/removequote " + q.Id);
        var sent = await Api.WaitForAsync("sendMessage", c => c.ChatId == Group);
        Assert.Contains("Only moderators", sent.VisibleText);
        Assert.Equal(QuoteStatus.Active, (await Bot.Store.GetAsync(q.Id))!.Status);
    }

    [Fact]
    public async Task EditQuote_ByNonAdmin_IsRefusedAndTextStays()
    {
        var q = await Bot.AddAsync("Keep me", "Tom", Scope.Telegram(Group));
        Api.SendText(Group, Member, $"/editquote {q.Id} \"Changed\"");
        var sent = await Api.WaitForAsync("sendMessage", c => c.ChatId == Group);
        Assert.Contains("Only moderators", sent.VisibleText);
        Assert.Equal("Keep me", (await Bot.Store.GetAsync(q.Id))!.Text);
    }

    [Fact]
    public async Task RemoveQuote_ByGroupAdmin_RemovesOwnButNotGlobal()
    {
        var own = await Bot.AddAsync("Mine", "Tom", Scope.Telegram(Group));
        var global = await Bot.AddAsync("Everyone's", "Tom");
        Api.SendText(Group, Admin, "/removequote " + own.Id);
        await Api.WaitForAsync("sendMessage", c => c.VisibleText!.Contains("Removed quote"));
        Api.SendText(Group, Admin, "/removequote " + global.Id);
        await Api.WaitForAsync("sendMessage", c => c.VisibleText!.Contains("Only moderators"));
        Assert.Equal(QuoteStatus.Removed, (await Bot.Store.GetAsync(own.Id))!.Status);
        Assert.Equal(QuoteStatus.Active, (await Bot.Store.GetAsync(global.Id))!.Status);
    }

    [Fact]
    public async Task RemoveQuote_ByGlobalModeratorInGroup_RemovesGlobalQuote()
    {
        var global = await Bot.AddAsync("Everyone's", "Tom");
        Api.SendText(Group, TestBot.GlobalModerator, "/removequote " + global.Id);
        await Api.WaitForAsync("sendMessage", c => c.VisibleText!.Contains("Removed quote"));
        Assert.Equal(QuoteStatus.Removed, (await Bot.Store.GetAsync(global.Id))!.Status);
    }

    [Fact]
    public async Task AddQuote_InPrivateChat_GlobalModeratorAddsToGlobalOthersRefused()
    {
        Api.SendText(Member, Member, "/addquote \"Not allowed\" - X");
        var refused = await Api.WaitForAsync("sendMessage", c => c.ChatId == Member);
        Assert.Contains("Only moderators", refused.VisibleText);

        Api.SendText(TestBot.GlobalModerator, TestBot.GlobalModerator, "/addquote \"Allowed here\" - Y");
        var added = await Api.WaitForAsync("sendMessage", c => c.ChatId == TestBot.GlobalModerator);
        Assert.Contains("Added as #1", added.VisibleText);
        Assert.True((await Bot.Store.GetAsync(1))!.Scope.IsGlobal);
    }

    [Fact]
    public async Task AddQuote_ReplyingToMessage_StoresRepliedTextWithAuthorAsSpeaker()
    {
        var replied = FakeBotApi.MessageJson(Group, 77, "The meeting could have been an email", firstName: "Grace", messageId: 400);
        Api.SendText(Group, Admin, "/addquote", replyTo: replied);
        var sent = await Api.WaitForAsync("sendMessage", c => c.ChatId == Group);
        Assert.Contains("Added as #1", sent.VisibleText);
        var q = await Bot.Store.GetAsync(1);
        Assert.Equal("The meeting could have been an email", q!.Text);
        Assert.Equal("Grace", q.Speaker);
        Assert.Equal(Scope.Telegram(Group), q.Scope);
    }

    [Fact]
    public async Task AddQuote_ReplyingWithSpeaker_UsesGivenSpeaker()
    {
        var replied = FakeBotApi.MessageJson(Group, 77, "Ship it on Friday", firstName: "Grace", messageId: 401);
        Api.SendText(Group, Admin, "/addquote - Linus T.", replyTo: replied);
        await Api.WaitForAsync("sendMessage", c => c.ChatId == Group);
        Assert.Equal("Linus T.", (await Bot.Store.GetAsync(1))!.Speaker);
    }

    [Fact]
    public async Task CanModerate_AdminListIsCachedThenRefetched()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var options = Options.Create(new TelegramOptions { Token = FakeBotApi.Token, AdminCacheDuration = TimeSpan.FromMinutes(2) });
        using var http = new HttpClient();
        var client = new TelegramBotClient(new TelegramBotClientOptions(FakeBotApi.Token, Api.BaseUrl), http);
        var moderation = new ChatModeration(client, options, time, NullLogger<ChatModeration>.Instance);
        var chat = new Chat { Id = Group, Type = ChatType.Supergroup };
        var newAdmin = new User { Id = 13, FirstName = "New" };

        Assert.True(await moderation.CanModerateAsync(chat, new User { Id = Admin, FirstName = "A" }, null, Scope.Telegram(Group), default));
        Assert.False(await moderation.CanModerateAsync(chat, newAdmin, null, Scope.Telegram(Group), default));
        Api.SetAdmins(Group, 10, Admin, 13);
        time.Advance(TimeSpan.FromSeconds(60));
        Assert.False(await moderation.CanModerateAsync(chat, newAdmin, null, Scope.Telegram(Group), default));
        Assert.Single(Api.CallsTo("getChatAdministrators"));
        time.Advance(TimeSpan.FromSeconds(61));
        Assert.True(await moderation.CanModerateAsync(chat, newAdmin, null, Scope.Telegram(Group), default));
        Assert.Equal(2, Api.CallsTo("getChatAdministrators").Count);
        Assert.False(await moderation.CanModerateAsync(chat, newAdmin, null, Scope.Telegram(-100999), default));
        Assert.False(await moderation.CanModerateAsync(chat, newAdmin, null, Scope.Global, default));
    }

    [Fact]
    public async Task CanModerate_AnonymousAdminPostingAsGroup_IsModerator()
    {
        var options = Options.Create(new TelegramOptions { Token = FakeBotApi.Token });
        using var http = new HttpClient();
        var client = new TelegramBotClient(new TelegramBotClientOptions(FakeBotApi.Token, Api.BaseUrl), http);
        var moderation = new ChatModeration(client, options, TimeProvider.System, NullLogger<ChatModeration>.Instance);
        var chat = new Chat { Id = Group, Type = ChatType.Supergroup };
        var anonymousBot = new User { Id = 1087968824, FirstName = "Group", IsBot = true };
        Assert.True(await moderation.CanModerateAsync(chat, anonymousBot, chat, Scope.Telegram(Group), default));
        Assert.False(await moderation.CanModerateAsync(chat, anonymousBot, new Chat { Id = -100123, Type = ChatType.Channel }, Scope.Telegram(Group), default));
    }
}
