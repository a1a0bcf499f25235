using Microsoft.Extensions.Time.Testing;
using QuoteBot.Core.Commands;
using QuoteBot.Core.Model;
using QuoteBot.Core.Random;
using QuoteBot.Core.Search;
using QuoteBot.Core.Storage;

namespace QuoteBot.Core.Tests.Model;

/// <summary>Issue 11.4: the one validation every way into the store goes through.</summary>
public class QuoteRulesTests
{
    private static NewQuote Ok() => new()
    {
        Text = "A perfectly fine quote.",
        Speaker = "Ana Silva",
        Source = new QuoteSource("The Ledger", "A title", "https://example.com/a", new DateOnly(2026, 1, 2)),
        Context = new QuoteContext("The paragraph.\nWith a second line.", "Before.", "After.", "the council"),
        Scope = Scope.Telegram(-100123),
        AddedBy = "tg:1",
    };

    [Fact]
    public void Check_FineQuote_HasNoProblem()
    {
        Assert.Null(QuoteRules.Check(Ok()));
        Assert.Null(QuoteRules.Check(Ok().ToQuote(QuoteRules.MaxId)));
        Assert.Null(QuoteRules.Check(Ok() with { Text = "Кирилиця, עברית and 中文 are fine 😀", Speaker = null, Source = QuoteSource.None, Context = null }));
    }

    [Theory]
    [InlineData("text-empty", "the text is empty")]
    [InlineData("text-emoji-only", "the text has no letters or digits")]
    [InlineData("text-long", "the text is too long (2,001 characters; at most 2,000)")]
    [InlineData("text-bel", "the text contains a control character (U+0007)")]
    [InlineData("text-esc", "the text contains a control character (U+001B)")]
    [InlineData("text-rlo", "the text contains an invisible text-direction control (U+202E)")]
    [InlineData("text-isolate", "the text contains an invisible text-direction control (U+2066)")]
    [InlineData("text-surrogate", "the text contains broken Unicode (a lone surrogate)")]
    [InlineData("speaker-long", "the speaker is too long (101 characters; at most 100)")]
    [InlineData("speaker-newline", "the speaker must be one line")]
    [InlineData("speaker-blank", "the speaker is empty")]
    [InlineData("url-javascript", "the source link must be a http(s) link, like https://example.com/article")]
    [InlineData("url-ftp", "the source link must be a http(s) link, like https://example.com/article")]
    [InlineData("url-relative", "the source link must be a http(s) link, like https://example.com/article")]
    [InlineData("url-space", "the source link must be a http(s) link, like https://example.com/article")]
    [InlineData("title-long", "the title is too long (501 characters; at most 500)")]
    [InlineData("outlet-nul", "the outlet contains a control character (U+0000)")]
    [InlineData("paragraph-rlo", "the context paragraph contains an invisible text-direction control (U+202E)")]
    [InlineData("scope-abc", "the scope “tg:abc” is not global, tg:<chat id> or dc:<guild id>")]
    [InlineData("scope-negative-guild", "the scope “dc:-5” is not global, tg:<chat id> or dc:<guild id>")]
    [InlineData("scope-padded", "the scope “tg:+12” is not global, tg:<chat id> or dc:<guild id>")]
    [InlineData("addedby-empty", "the quote has no “added by”")]
    public void Check_BrokenRule_NamesItInPlainWords(string kind, string expected)
    {
        var q = Ok();
        var bad = kind switch
        {
            "text-empty" => q with { Text = " \n " },
            "text-emoji-only" => q with { Text = "😀😀" },
            "text-long" => q with { Text = new string('a', 2001) },
            "text-bel" => q with { Text = "ring \u0007 bell" },
            "text-esc" => q with { Text = "red \u001b[31m" },
            "text-rlo" => q with { Text = "evil \u202Etxt.exe" },
            "text-isolate" => q with { Text = "isolated \u2066 words" },
            "text-surrogate" => q with { Text = "half \uD83D emoji" },
            "speaker-long" => q with { Speaker = new string('s', 101) },
            "speaker-newline" => q with { Speaker = "Ana\nSilva" },
            "speaker-blank" => q with { Speaker = "  " },
            "url-javascript" => q with { Source = q.Source with { Url = "javascript:alert(1)" } },
            "url-ftp" => q with { Source = q.Source with { Url = "ftp://x" } },
            "url-relative" => q with { Source = q.Source with { Url = "/article/1" } },
            "url-space" => q with { Source = q.Source with { Url = "https://exa mple.com/" } },
            "title-long" => q with { Source = q.Source with { Title = new string('t', 501) } },
            "outlet-nul" => q with { Source = q.Source with { Outlet = "Led\0ger" } },
            "paragraph-rlo" => q with { Context = q.Context! with { Paragraph = "x \u202E y" } },
            "scope-abc" => q with { Scope = new Scope("tg:abc") },
            "scope-negative-guild" => q with { Scope = new Scope("dc:-5") },
            "scope-padded" => q with { Scope = new Scope("tg:+12") },
            "addedby-empty" => q with { AddedBy = " " },
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };

        Assert.Equal(expected, QuoteRules.Check(bad));
        Assert.Equal(QuoteRules.Sentence(expected), Assert.Throws<InvalidQuoteException>(() => QuoteRules.Ensure(bad)).Message);
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(-1L)]
    [InlineData(QuoteRules.MaxId + 1)]
    [InlineData(long.MaxValue)]
    public void CheckId_OutsideTheSaneRange_IsRefused(long id)
    {
        Assert.StartsWith($"the id {id} is out of range", QuoteRules.Check(Ok().ToQuote(id)), StringComparison.Ordinal);
    }

    [Fact]
    public void Check_Edit_ChecksOnlyWhatChangesAndEmptyClears()
    {
        Assert.Null(QuoteRules.Check(new QuoteEdit(Speaker: "", SourceUrl: "")));
        Assert.Equal("the source link must be a http(s) link, like https://example.com/article", QuoteRules.Check(new QuoteEdit(SourceUrl: "javascript:alert(1)")));
        Assert.Equal("the text is empty", QuoteRules.Check(new QuoteEdit(Text: "   ")));
    }

    private static CommandContext Moderator() =>
        new(Scope.Global, "t", new Actor("tg:1", "mod"), (_, _) => ValueTask.FromResult(true));

    [Theory]
    [InlineData("/addquote \"Fine words\" - Ana | javascript:alert(1)")]
    [InlineData("/addquote \"Evil \u202E words\" - Ana")]
    [InlineData("/addquote \"Fine words\" - Ana \u202E Silva")]
    public async Task ChatAdd_BreaksARule_OneLineAndNothingStored(string command)
    {
        var store = new InMemoryQuoteStore();
        var commands = new QuoteCommands(store, QuoteFinder.Over(store), new FakeTimeProvider());

        var reply = Assert.IsType<MessageReply>(await commands.HandleAsync(CommandText.Parse(command)!, Moderator()));

        Assert.Equal(MessageKind.Usage, reply.Kind);
        Assert.DoesNotContain('\n', reply.Text);
        Assert.Equal(0, await store.MaxIdAsync());
    }

    [Fact]
    public async Task AddQuoteAsync_SourceFromAnAdapter_IsCheckedToo()
    {
        var store = new InMemoryQuoteStore();
        var commands = new QuoteCommands(store, QuoteFinder.Over(store), new FakeTimeProvider());

        var reply = Assert.IsType<MessageReply>(await commands.AddQuoteAsync(new QuoteInput("Fine words", "Ana", "javascript:alert(1)"), Moderator()));

        Assert.Equal("The source must be a http(s) link, like https://example.com/article", reply.Text);
        Assert.Equal(0, await store.MaxIdAsync());
    }

    [Fact]
    public async Task ChatEdit_BidiOverrideInSpeaker_RefusedAndQuoteUnchanged()
    {
        var store = new InMemoryQuoteStore();
        var commands = new QuoteCommands(store, QuoteFinder.Over(store), new FakeTimeProvider());
        var added = await store.AddAsync(new NewQuote { Text = "Fine words", Speaker = "Ana" }, Actor.System);

        var reply = Assert.IsType<MessageReply>(await commands.HandleAsync(CommandText.Parse("/editquote 1 - Evil \u202E Name")!, Moderator()));

        Assert.Equal("The speaker contains an invisible text-direction control (U+202E). Nothing was changed.", reply.Text);
        Assert.Equal(added.Quote, await store.GetAsync(1));
        Assert.Single(await store.GetAuditAsync(1));
    }
}
