using Microsoft.Extensions.DependencyInjection;
using QuoteBot.Core.Follows;
using QuoteBot.Core.Model;
using QuoteBot.Telegram.Tests.Fakes;

namespace QuoteBot.Telegram.Tests;

/// <summary>/follow, /unfollow and /follows through the real adapter and the fake Bot API.</summary>
public sealed class FollowTests : IAsyncLifetime
{
    private const long Group = -100555;
    private const long Admin = 11;
    private const long Member = 12;
    private const string Feed = "https://news.example/rss.xml";

    private readonly CountingFeedCheck _check = new();
    private FakeBotApi _api = null!;
    private TestBot _bot = null!;

    private sealed class CountingFeedCheck : IFeedCheck
    {
        public int Checks;

        public bool TryCanonical(string? text, out string canonical, out string error)
        {
            canonical = text ?? string.Empty;
            error = "not a web link (expected http://… or https://…)";
            return QuoteRules.IsHttpUrl(text);
        }

        public Task<FeedCheckResult> CheckAsync(string canonicalUrl, CancellationToken ct = default)
        {
            Interlocked.Increment(ref Checks);
            return Task.FromResult(FeedCheckResult.Feed("Brackwater <Gazette> & Co"));
        }
    }

    public async Task InitializeAsync()
    {
        _api = await FakeBotApi.StartAsync();
        _api.SetAdmins(Group, 10, Admin);
        _bot = await TestBot.StartAsync(_api, configureServices: s =>
        {
            s.AddSingleton<IFollowStore>(sp => sp.GetRequiredService<Core.Storage.InMemoryQuoteStore>());
            s.AddSingleton<IFeedCheck>(_check);
            s.AddFollows();
        });
    }

    public async Task DisposeAsync()
    {
        await _bot.DisposeAsync();
        await _api.DisposeAsync();
    }

    [Fact]
    public async Task Follow_ByAMember_IsRefused_NothingFetchedOrStored()
    {
        _api.SendText(Group, Member, "/follow " + Feed + " auto-approve");
        var sent = await _api.WaitForAsync("sendMessage", c => c.ChatId == Group);
        Assert.Equal("Only moderators of this chat can follow or unfollow feeds.", sent.VisibleText);
        Assert.Equal(0, _check.Checks);
        Assert.Empty(await _bot.Store.ListFollowsAsync(null));
        Assert.Empty(await _bot.Store.GetFollowAuditAsync(null));
    }

    [Fact]
    public async Task Follow_ByTheGroupAdmin_StoresItForTheGroup_AndFollowsListsItEscaped()
    {
        _api.SendText(Group, Admin, "/follow " + Feed);
        var sent = await _api.WaitForAsync("sendMessage", c => c.ChatId == Group);
        Assert.StartsWith("Following “Brackwater <Gazette> & Co” (" + Feed + ")", sent.VisibleText, StringComparison.Ordinal);
        var f = Assert.Single(await _bot.Store.ListFollowsAsync(Scope.Telegram(Group)));
        Assert.Equal("tg:" + Admin, f.AddedBy);
        Assert.Equal("tg:" + Group, f.ConversationKey);

        _api.SendText(Group, Admin, "/follows");
        var list = await _api.WaitForAsync("sendMessage", c => c.ChatId == Group && c.VisibleText!.StartsWith("This chat follows", StringComparison.Ordinal));
        Assert.Contains("1. " + Feed + " (Brackwater <Gazette> & Co) · ok · quotes wait for review · last success never", list.VisibleText, StringComparison.Ordinal);

        _api.SendText(Group, Member, "/unfollow " + Feed);
        var refused = await _api.WaitForAsync("sendMessage", c => c.ChatId == Group && c.VisibleText!.StartsWith("Only moderators", StringComparison.Ordinal));
        Assert.NotNull(refused);
        Assert.Single(await _bot.Store.ListFollowsAsync(null));
    }
}
