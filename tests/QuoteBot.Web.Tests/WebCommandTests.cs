using Microsoft.Extensions.Options;
using QuoteBot.Core.Commands;
using QuoteBot.Core.Model;
using QuoteBot.Core.Storage;

namespace QuoteBot.Web.Tests;

public sealed class WebCommandTests
{
    private static readonly Scope Group = new("tg:-100777");
    private readonly InMemoryQuoteStore _store = new();
    private readonly CommunityPages _pages;
    private readonly WebCommand _command;
    private readonly QuotePageLinks _links;

    public WebCommandTests()
    {
        _pages = new CommunityPages(_store);
        var options = Options.Create(new WebOptions { PublicUrl = "https://quotes.example.org/" });
        _command = new WebCommand(_pages, options);
        _links = new QuotePageLinks(options, _pages);
    }

    private static CommandContext In(Scope scope, bool moderator) =>
        new(scope, "c", new Actor("tg:1", "someone"), (s, _) => ValueTask.FromResult(moderator && s == scope));

    private Task<Reply> Web(string args, CommandContext ctx) => _command.HandleAsync(new CommandRequest("web", args), ctx, CancellationToken.None);

    [Fact]
    public async Task A_moderator_turns_pages_on_and_off_and_the_link_changes_each_time()
    {
        var on = Assert.IsType<MessageReply>(await Web("on", In(Group, moderator: true)));
        Assert.Equal(MessageKind.Success, on.Kind);
        var token = await _pages.TokenOfAsync(Group);
        Assert.Contains($"https://quotes.example.org/c/{token}/", on.Text, StringComparison.Ordinal);

        var status = Assert.IsType<MessageReply>(await Web("", In(Group, moderator: false)));
        Assert.Contains(token!, status.Text, StringComparison.Ordinal);

        var off = Assert.IsType<MessageReply>(await Web("off", In(Group, moderator: true)));
        Assert.Equal(MessageKind.Success, off.Kind);
        Assert.Null(await _pages.TokenOfAsync(Group));
        Assert.Null(await _pages.ResolveAsync(token!));

        await Web("on", In(Group, moderator: true));
        Assert.NotEqual(token, await _pages.TokenOfAsync(Group));
    }

    [Fact]
    public async Task A_member_cannot_change_it_and_bad_input_says_how()
    {
        Assert.Equal(MessageKind.Refused, Assert.IsType<MessageReply>(await Web("on", In(Group, moderator: false))).Kind);
        Assert.Null(await _pages.TokenOfAsync(Group));
        Assert.Equal(MessageKind.Usage, Assert.IsType<MessageReply>(await Web("maybe", In(Group, moderator: true))).Kind);
        Assert.Contains("https://quotes.example.org/", Assert.IsType<MessageReply>(await Web("on", In(Scope.Global, moderator: true))).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Page_links_exist_for_global_quotes_and_for_a_community_only_while_its_pages_are_on()
    {
        var global = (await _store.AddAsync(new NewQuote { Text = "Public words.", Speaker = "A" }, Actor.System)).Quote;
        var own = (await _store.AddAsync(new NewQuote { Text = "Own words.", Speaker = "B", Scope = Group }, Actor.System)).Quote;

        Assert.Equal($"https://quotes.example.org/q/{global.Id}", await _links.PageUrlAsync(global));
        Assert.Null(await _links.PageUrlAsync(own));
        var token = await _pages.EnableAsync(Group);
        Assert.Equal($"https://quotes.example.org/c/{token}/q/{own.Id}", await _links.PageUrlAsync(own));
        Assert.Null(await _links.PageUrlAsync(global with { Status = QuoteStatus.Removed }));
    }
}
