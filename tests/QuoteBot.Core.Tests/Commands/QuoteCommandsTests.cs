using Microsoft.Extensions.Time.Testing;
using QuoteBot.Core.Commands;
using QuoteBot.Core.Model;
using QuoteBot.Core.Storage;
using QuoteBot.Core.Search;

namespace QuoteBot.Core.Tests.Commands;

public class QuoteCommandsTests
{
    private readonly InMemoryQuoteStore _store = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));
    private readonly QuoteCommands _commands;

    public QuoteCommandsTests()
    {
        _commands = new QuoteCommands(_store, QuoteFinder.Over(_store), _time);
    }

    private static CommandContext Member(Scope scope) =>
        new(scope, "tg:" + scope.Key, new Actor("tg:7", "member"), (_, _) => ValueTask.FromResult(false));

    private static CommandContext Moderator(Scope scope) =>
        new(scope, "tg:" + scope.Key, new Actor("tg:1", "mod"), (s, _) => ValueTask.FromResult(s == scope));

    private Task<Reply> Run(string text, CommandContext ctx) => _commands.HandleAsync(CommandText.Parse(text)!, ctx);

    private async Task Seed()
    {
        await _store.AddAsync(new NewQuote { Text = "We are not ready to concede any of our territories.", Speaker = "Volodymyr Zelenskyy", Source = new QuoteSource("Newsmax", "Interview", "https://example.com/z", new DateOnly(2024, 5, 1)) }, Actor.System);
        await _store.AddAsync(new NewQuote { Text = "Trade is a bridge between neighbours.", Speaker = "Ana Silva" }, Actor.System);
    }

    [Fact]
    public async Task Quote_WithQuery_ReturnsBestMatchCard()
    {
        await Seed();
        var reply = Assert.IsType<QuoteCardReply>(await Run("/quote territory", CommandContext.Local()));
        Assert.Equal(1, reply.Quote.Id);
        Assert.Equal("territory", reply.Query);
    }

    [Fact]
    public async Task Quote_SpeakerVariant_FindsSamePerson()
    {
        await Seed();
        var reply = Assert.IsType<QuoteCardReply>(await Run("/quote speaker:zelensky", CommandContext.Local()));
        Assert.Equal("Volodymyr Zelenskyy", reply.Quote.Speaker);
    }

    [Fact]
    public async Task Quote_NoMatch_OneLineNotFound()
    {
        await Seed();
        var reply = Assert.IsType<MessageReply>(await Run("/quote zebra", CommandContext.Local()));
        Assert.Equal(MessageKind.NotFound, reply.Kind);
        Assert.DoesNotContain('\n', reply.Text);
    }

    [Fact]
    public async Task Quotes_Paging_HasMoreAndNextPage()
    {
        for (var i = 0; i < 7; i++)
        {
            await _store.AddAsync(new NewQuote { Text = $"budget line {i}", Speaker = "Treasurer" }, Actor.System);
        }

        var first = Assert.IsType<QuoteListReply>(await Run("/quotes budget", CommandContext.Local()));
        Assert.Equal(5, first.Items.Count);
        Assert.True(first.HasMore);
        var next = ReplyButtons.For(first).Single(b => b.Label == "Next").Action!;
        var second = Assert.IsType<QuoteListReply>(await _commands.HandleActionAsync(next, CommandContext.Local()));
        Assert.Equal(2, second.Items.Count);
        Assert.False(second.HasMore);
        Assert.Contains(ReplyButtons.For(second), b => b.Label == "Previous");
    }

    [Fact]
    public async Task Quotes_WithoutQuery_Usage()
    {
        var reply = Assert.IsType<MessageReply>(await Run("/quotes", CommandContext.Local()));
        Assert.Equal(MessageKind.Usage, reply.Kind);
    }

    [Fact]
    public async Task Context_KnownId_ReturnsContext()
    {
        await Seed();
        Assert.IsType<ContextReply>(await Run("/context #1", CommandContext.Local()));
    }

    [Theory]
    [InlineData("/context")]
    [InlineData("/context abc")]
    [InlineData("/context 99999999999999999999999")]
    public async Task Context_BadId_UsageOrNotFound(string text)
    {
        var reply = Assert.IsType<MessageReply>(await Run(text, CommandContext.Local()));
        Assert.Contains(reply.Kind, new[] { MessageKind.Usage, MessageKind.NotFound });
    }

    [Fact]
    public async Task AddQuote_Moderator_AddsToChatScopeWithAudit()
    {
        var scope = Scope.Telegram(-100);
        var reply = Assert.IsType<QuoteCardReply>(await Run("/addquote \"Hold the line.\" - Dana Whitfield", Moderator(scope)));
        Assert.Equal(scope, reply.Quote.Scope);
        Assert.Equal(_time.GetUtcNow(), reply.Quote.AddedAt);
        Assert.Single(await _store.GetAuditAsync(reply.Quote.Id));
    }

    [Fact]
    public async Task AddQuote_Twice_ReportsDuplicate()
    {
        var ctx = Moderator(Scope.Global);
        await Run("/addquote \"Hold the line.\" - Dana", ctx);
        var reply = Assert.IsType<MessageReply>(await Run("/addquote \"hold the LINE\" - Dana", ctx));
        Assert.Contains("already stored as #1", reply.Text, StringComparison.Ordinal);
        Assert.Equal(1, await _store.MaxIdAsync());
    }

    [Fact]
    public async Task AddQuote_NonModerator_RefusedAndNothingStored()
    {
        var reply = Assert.IsType<MessageReply>(await Run("/addquote \"x\" - y", Member(Scope.Telegram(1))));
        Assert.Equal(MessageKind.Refused, reply.Kind);
        Assert.Equal(0, await _store.MaxIdAsync());
    }

    [Fact]
    public async Task RemoveQuote_NonModerator_RefusedAndUnchanged()
    {
        await Seed();
        var reply = Assert.IsType<MessageReply>(await Run("/removequote 1", Member(Scope.Telegram(1))));
        Assert.Equal(MessageKind.Refused, reply.Kind);
        Assert.Equal(QuoteStatus.Active, (await _store.GetAsync(1))!.Status);
    }

    [Fact]
    public async Task RemoveRestore_Moderator_SoftRemovesAndRestoresKeepingId()
    {
        await Seed();
        var ctx = CommandContext.Local();
        await Run("/removequote 1", ctx);
        Assert.IsType<MessageReply>(await Run("/quote #1", ctx));
        Assert.Equal(QuoteStatus.Removed, (await _store.GetAsync(1))!.Status);
        await Run("/restorequote 1", ctx);
        Assert.Equal(1, Assert.IsType<QuoteCardReply>(await Run("/quote #1", ctx)).Quote.Id);
        Assert.Equal(3, (await _store.GetAuditAsync(1)).Count); // add, remove, restore
    }

    [Fact]
    public async Task RemoveQuote_WhenAnotherModeratorDecidesFirst_SaysSoAndDoesNotUndoIt()
    {
        await Seed();
        var pending = (await _store.AddAsync(new NewQuote { Text = "Dredge the channel first.", Speaker = "Tomas Reed", Status = QuoteStatus.Pending }, Actor.System)).Quote;
        var shared = new QuoteBot.Tests.Shared.Faults.FaultyStore(_store);
        var commands = new QuoteCommands(shared, QuoteFinder.Over(shared), _time);
        Task<Reply> RunShared(string text) => commands.HandleAsync(CommandText.Parse(text)!, CommandContext.Local());

        // Another instance approves the pending quote between this command's check and its write.
        shared.BeforeStatusWrite = id => _store.SetStatusAsync(id, QuoteStatus.Active, new Actor("dc:2", "other mod"));
        var meanwhile = Assert.IsType<MessageReply>(await RunShared($"/removequote {pending.Id}"));
        Assert.Equal($"Quote #{pending.Id} changed meanwhile (it is active now); nothing changed.", meanwhile.Text);
        Assert.Equal(QuoteStatus.Active, (await _store.GetAsync(pending.Id))!.Status);

        // Another moderator removes #1 first: this one is told it is already removed, and one audit row is written.
        shared.BeforeStatusWrite = id => _store.SetStatusAsync(id, QuoteStatus.Removed, new Actor("dc:2", "other mod"));
        var already = Assert.IsType<MessageReply>(await RunShared("/removequote 1"));
        Assert.Equal("Quote #1 is already removed.", already.Text);
        Assert.Equal(["add", "remove"], (await _store.GetAuditAsync(1)).Select(a => a.Action));
    }

    [Fact]
    public async Task EditQuote_ChangesSpeaker_KeepsText()
    {
        await Seed();
        var reply = Assert.IsType<QuoteCardReply>(await Run("/editquote 2 - Ana Maria Silva", CommandContext.Local()));
        Assert.Equal("Ana Maria Silva", reply.Quote.Speaker);
        Assert.Equal("Trade is a bridge between neighbours.", reply.Quote.Text);
    }

    [Fact]
    public async Task EditQuote_WouldDuplicateAnother_OneLineAndUnchanged()
    {
        await Seed();
        var reply = Assert.IsType<MessageReply>(await Run("/editquote 2 \"We are not ready to concede any of our territories.\" - Volodymyr Zelenskyy", CommandContext.Local()));
        Assert.Contains("same as #1", reply.Text, StringComparison.Ordinal);
        Assert.Equal("Ana Silva", (await _store.GetAsync(2))!.Speaker);
    }

    [Fact]
    public async Task EditQuote_GlobalQuoteFromGroupModerator_Refused()
    {
        await Seed();
        var reply = Assert.IsType<MessageReply>(await Run("/editquote 2 - Someone Else", Moderator(Scope.Telegram(5))));
        Assert.Equal(MessageKind.Refused, reply.Kind);
        Assert.Equal("Ana Silva", (await _store.GetAsync(2))!.Speaker);
    }

    [Fact]
    public async Task AddQuote_BarInsideQuotedText_StoredWholeWithItsSpeaker()
    {
        var reply = Assert.IsType<QuoteCardReply>(await Run("/addquote \"Pipe | in text\" - Pipe Guy", CommandContext.Local()));
        var stored = (await _store.GetAsync(reply.Quote.Id))!;
        Assert.Equal("Pipe | in text", stored.Text);
        Assert.Equal("Pipe Guy", stored.Speaker);
        Assert.Null(stored.Source.Url);
    }

    [Fact]
    public async Task AddQuote_NoSpeaker_SaysWhoSaidItAndStoresNothing()
    {
        var reply = Assert.IsType<MessageReply>(await Run("/addquote \"Pipe | in text\"", CommandContext.Local()));
        Assert.Equal(MessageKind.Usage, reply.Kind);
        Assert.Equal(QuoteInputParser.MissingSpeaker, reply.Text);
        Assert.Equal(0, await _store.MaxIdAsync());
    }

    [Fact]
    public async Task EditQuote_TypedTextWithBar_StoredAsGivenOtherPartsKept()
    {
        await Seed();
        var reply = Assert.IsType<QuoteCardReply>(await _commands.EditQuoteAsync(1, new QuoteInput("Left | right - centre", null, null), CommandContext.Local()));
        Assert.Equal("Left | right - centre", reply.Quote.Text);
        Assert.Equal("Volodymyr Zelenskyy", reply.Quote.Speaker);
        Assert.Equal("https://example.com/z", reply.Quote.Source.Url);
    }

    [Fact]
    public async Task EditQuote_TypedBadSourceOrNothing_UsageAndUnchanged()
    {
        await Seed();
        var bad = Assert.IsType<MessageReply>(await _commands.EditQuoteAsync(1, new QuoteInput(null, null, "javascript:alert(1)"), CommandContext.Local()));
        var nothing = Assert.IsType<MessageReply>(await _commands.EditQuoteAsync(1, new QuoteInput(" ", null, null), CommandContext.Local()));
        Assert.Equal(MessageKind.Usage, bad.Kind);
        Assert.Equal(MessageKind.Usage, nothing.Kind);
        Assert.Equal("https://example.com/z", (await _store.GetAsync(1))!.Source.Url);
        Assert.Single(await _store.GetAuditAsync(1));
    }

    [Fact]
    public async Task EditQuote_QuotedTextWithBarTyped_Kept()
    {
        await Seed();
        var reply = Assert.IsType<QuoteCardReply>(await Run("/editquote 2 \"Trade | is a bridge.\"", CommandContext.Local()));
        Assert.Equal("Trade | is a bridge.", reply.Quote.Text);
        Assert.Equal("Ana Silva", reply.Quote.Speaker);
    }

    [Fact]
    public async Task Scopes_ChatSeesOwnAndGlobal_NeverAnothers()
    {
        await Seed();
        await Run("/addquote \"Chat A secret plan.\" - Alice", Moderator(Scope.Telegram(1)));
        Assert.IsType<QuoteCardReply>(await Run("/quote secret", Member(Scope.Telegram(1))));
        Assert.IsType<MessageReply>(await Run("/quote secret", Member(Scope.Telegram(2))));
        Assert.IsType<MessageReply>(await Run("/context 3", Member(Scope.Telegram(2))));
        Assert.IsType<QuoteCardReply>(await Run("/quote territory", Member(Scope.Telegram(2))));
    }

    [Fact]
    public async Task Quote_Random_NoRepeatWithinConversation()
    {
        for (var i = 0; i < 6; i++)
        {
            await _store.AddAsync(new NewQuote { Text = $"distinct words {i}", Speaker = "S" }, Actor.System);
        }

        var ids = new List<long>();
        for (var i = 0; i < 6; i++)
        {
            ids.Add(Assert.IsType<QuoteCardReply>(await Run("/quote", CommandContext.Local())).Quote.Id);
        }

        Assert.Equal(6, ids.Distinct().Count());
    }

    [Fact]
    public async Task Help_ListsEveryCommand()
    {
        var help = Assert.IsType<HelpReply>(await Run("/help", CommandContext.Local()));
        Assert.Contains(help.Commands, c => c.Name == "addquote" && c.ModeratorOnly);
        Assert.Contains(help.Commands, c => c.Name == "quote" && !c.ModeratorOnly);
    }

    [Fact]
    public async Task ExtraCommand_IsDispatchedAndListed()
    {
        var extra = new EchoCommand();
        var commands = new QuoteCommands(_store, QuoteFinder.Over(_store), _time, [extra]);
        var reply = Assert.IsType<MessageReply>(await commands.HandleAsync(new CommandRequest("echo", "hi"), CommandContext.Local()));
        Assert.Equal("hi", reply.Text);
        Assert.Contains(commands.Help().Commands, c => c.Name == "echo");
    }

    [Fact]
    public async Task Unknown_Command_UsageHint()
    {
        var reply = Assert.IsType<MessageReply>(await Run("/frobnicate", CommandContext.Local()));
        Assert.Equal(MessageKind.Usage, reply.Kind);
    }

    private sealed class EchoCommand : IChatCommand
    {
        public CommandInfo Info { get; } = new("echo", "<text>", "Echo", false);

        public Task<Reply> HandleAsync(CommandRequest request, CommandContext context, CancellationToken ct) =>
            Task.FromResult<Reply>(new MessageReply(request.Arguments));
    }

    [Theory]
    [InlineData("/quote speaker:\"Volodymyr  Zelenskyy\"", "speaker:\"Volodymyr Zelenskyy\"")]
    [InlineData("/quote Territories", "Territories")]
    [InlineData("/quote #1", "#1")]
    public async Task Quote_Card_EchoesTheUsersWordsNotTheFoldedQuery(string command, string echoed)
    {
        await Seed();
        var reply = Assert.IsType<QuoteCardReply>(await Run(command, CommandContext.Local()));
        Assert.Equal(echoed, reply.Query);
        var another = Assert.IsType<AnotherAction>(ReplyButtons.For(reply)[0].Action);
        Assert.Equal(echoed, another.Query);
    }

    [Fact]
    public async Task Another_UnderAWordSearch_GivesTheNextMatch_ThenStartsOver()
    {
        await _store.AddAsync(new NewQuote { Text = "Harbour harbour harbour stays open.", Speaker = "A" }, Actor.System);
        await _store.AddAsync(new NewQuote { Text = "The harbour and the bridge.", Speaker = "B" }, Actor.System);
        await _store.AddAsync(new NewQuote { Text = "Bridges only.", Speaker = "C" }, Actor.System);
        var ctx = CommandContext.Local();

        var first = Assert.IsType<QuoteCardReply>(await Run("/quote harbour", ctx));
        var toSecond = Assert.IsType<AnotherAction>(ReplyButtons.For(first)[0].Action);
        var second = Assert.IsType<QuoteCardReply>(await _commands.HandleActionAsync(toSecond, ctx));
        var toThird = Assert.IsType<AnotherAction>(ReplyButtons.For(second)[0].Action);
        var third = Assert.IsType<QuoteCardReply>(await _commands.HandleActionAsync(toThird, ctx));

        Assert.Equal((0, 1), (first.Rank, toSecond.Rank));
        Assert.NotEqual(first.Quote.Id, second.Quote.Id);
        Assert.Contains("harbour", second.Quote.Text, StringComparison.OrdinalIgnoreCase);
        Assert.Equal((1, 2), (second.Rank, toThird.Rank));
        Assert.Equal(first.Quote.Id, third.Quote.Id); // only two matches: the third press starts over at the best
        Assert.Equal("harbour", toThird.Query);
    }

    [Fact]
    public async Task Another_UnderARandomPick_CarriesNoRank()
    {
        await Seed();
        var reply = Assert.IsType<QuoteCardReply>(await Run("/quote", CommandContext.Local()));

        Assert.Null(reply.Rank);
        Assert.Equal(0, Assert.IsType<AnotherAction>(ReplyButtons.For(reply)[0].Action).Rank);
    }

    [Fact]
    public async Task Quotes_List_EchoesTheUsersWordsOnEveryPage()
    {
        for (var i = 0; i < 7; i++)
        {
            await _store.AddAsync(new NewQuote { Text = $"We will keep the territory number {i}.", Speaker = "Magda Vell" }, Actor.System);
        }

        var first = Assert.IsType<QuoteListReply>(await Run("/quotes speaker:\"magda vell\" territory", CommandContext.Local()));
        Assert.Equal("speaker:\"magda vell\" territory", first.Query);
        var next = Assert.IsType<PageAction>(ReplyButtons.For(first).Single(b => b.Label == "Next").Action);
        var second = Assert.IsType<QuoteListReply>(await _commands.HandleActionAsync(next, CommandContext.Local()));
        Assert.Equal("speaker:\"magda vell\" territory", second.Query);
        Assert.Equal(2, second.Items.Count);
    }

    [Theory]
    [InlineData("/quote -territory")]
    [InlineData("/quotes -territory -the")]
    public async Task QuoteAndQuotes_OnlyExclusions_GiveTheSameClearAnswer(string command)
    {
        await Seed();
        var reply = Assert.IsType<MessageReply>(await Run(command, CommandContext.Local()));
        Assert.Equal(MessageKind.Usage, reply.Kind);
        Assert.Equal(QuoteBot.Core.Search.QueryParser.OnlyExclusions, reply.Text);
    }

    [Theory]
    [InlineData("/quote 😀")]
    [InlineData("/quotes 😀")]
    public async Task QuoteAndQuotes_EmojiOnly_SayWhatSearchFindsInsteadOfARandomQuote(string command)
    {
        await Seed();
        await _store.AddAsync(new NewQuote { Text = "Great news 😀 for everyone.", Speaker = "Ana Silva" }, Actor.System);
        var reply = Assert.IsType<MessageReply>(await Run(command, CommandContext.Local()));
        Assert.Equal(MessageKind.Usage, reply.Kind);
        Assert.Contains("words and numbers", reply.Text, StringComparison.Ordinal);
        Assert.Contains("😀", reply.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Quote_TwoSpeakers_SaysOnlyOneIsAllowed()
    {
        await Seed();
        var reply = Assert.IsType<MessageReply>(await Run("/quote speaker:silva speaker:zelenskyy", CommandContext.Local()));
        Assert.Equal(QuoteBot.Core.Search.QueryParser.OneSpeaker, reply.Text);
    }

    [Fact]
    public async Task Quote_SpeakerWithExcludedPhrase_NeverPicksAQuoteWithThePhrase()
    {
        await _store.AddAsync(new NewQuote { Text = "Keep an open mind.", Speaker = "Magda Vell" }, Actor.System);
        await _store.AddAsync(new NewQuote { Text = "An open door, a clear mind.", Speaker = "Magda Vell" }, Actor.System);
        for (var i = 0; i < 6; i++)
        {
            var reply = Assert.IsType<QuoteCardReply>(await Run("/quote speaker:vell -\"open mind\"", CommandContext.Local()));
            Assert.Equal(2, reply.Quote.Id);
        }
    }

    [Fact]
    public void Help_QuerySyntax_StatesTheRulesOfTheLanguage()
    {
        var syntax = _commands.Help().QuerySyntax;
        Assert.Contains("-\"a phrase\"", syntax, StringComparison.Ordinal);
        Assert.Contains("speaker:name (one per search)", syntax, StringComparison.Ordinal);
        Assert.Contains("leave out of a search", syntax, StringComparison.Ordinal);
    }
}
