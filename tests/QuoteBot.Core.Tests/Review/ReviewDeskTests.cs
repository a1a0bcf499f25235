using System.Text;
using Microsoft.Extensions.Time.Testing;
using QuoteBot.Core.Commands;
using QuoteBot.Core.Model;
using QuoteBot.Core.Review;
using QuoteBot.Core.Search;
using QuoteBot.Core.Storage;

namespace QuoteBot.Core.Tests.Review;

public sealed class ReviewDeskTests : IDisposable
{
    private const string ArticleUrl = "https://news.example/2026/12/pier-vote";
    private const string OtherUrl = "https://news.example/2026/12/ferry";
    private static readonly Scope Group = Scope.Telegram(-100777);
    private static readonly Scope OtherGroup = Scope.Telegram(-100888);

    private readonly InMemoryQuoteStore _store = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 5, 12, 0, 0, TimeSpan.Zero));
    private readonly PortDouble _port;
    private readonly ReviewDesk _desk;
    private readonly QuoteCommands _commands;

    public ReviewDeskTests()
    {
        _port = new PortDouble(_store);
        var finder = QuoteFinder.Over(_store);
        _desk = new ReviewDesk(_store, _store, finder, _port);
        _commands = new QuoteCommands(
            _store,
            finder,
            _time,
            [new AddArticleCommand(_desk), new ReviewQueueCommand(_desk), new FixSpeakerCommand(_desk)],
            actionHandlers: [_desk]);
    }

    public void Dispose() => _desk.Dispose();

    private static CommandContext Member(Scope scope) =>
        new(scope, "tg:" + scope.Key, new Actor("tg:7", "member"), (_, _) => ValueTask.FromResult(false));

    private static CommandContext Moderator(Scope scope) =>
        new(scope, "tg:" + scope.Key, new Actor("tg:1", "mod"), (s, _) => ValueTask.FromResult(s == scope));

    private Task<Reply> Run(string text, CommandContext ctx) => _commands.HandleAsync(CommandText.Parse(text)!, ctx);

    private Task<Reply> Press(ReviewVerb verb, long id, CommandContext ctx) =>
        // Through the codec, as a platform delivers it.
        _commands.HandleActionAsync(ActionCodec.Decode(ActionCodec.Encode(new ReviewAction(verb, id)))!, ctx);

    private async Task<Quote> Pending(string text, string speaker, Scope scope, string? url = ArticleUrl) =>
        (await _store.AddAsync(
            new NewQuote
            {
                Text = text,
                Speaker = speaker,
                Scope = scope,
                Status = QuoteStatus.Pending,
                Source = new QuoteSource("Lakeside Courier", "Harbour council votes", url, new DateOnly(2026, 12, 1)),
                Context = new QuoteContext("“" + text + "”, " + speaker + " said at the meeting."),
            },
            Actor.System)).Quote;

    // ------------------------------------------------------------------ /addarticle

    [Fact]
    public async Task AddArticle_ByMember_IsRefusedAndNothingIsFetched()
    {
        var reply = Assert.IsType<MessageReply>(await Run("/addarticle " + ArticleUrl, Member(Group)));

        Assert.Equal(MessageKind.Refused, reply.Kind);
        Assert.Contains("Only moderators", reply.Text);
        Assert.Empty(_port.Calls);
        Assert.Equal(0, await _store.MaxIdAsync());
    }

    [Fact]
    public async Task AddArticle_ByModerator_AnswersFetchingAtOnce_ThenTheCount()
    {
        _port.Gate = new TaskCompletionSource();
        var reply = Assert.IsType<DeferredReply>(await Run("/addarticle " + ArticleUrl, Moderator(Group)));

        // The answer came while the fetch is still held back.
        Assert.Equal($"Fetching {ArticleUrl}…", reply.Now.Text);
        Assert.False(reply.Later.IsCompleted);

        _port.Gate.SetResult();
        var later = Assert.IsType<MessageReply>(await reply.Later.WaitAsync(TimeSpan.FromMinutes(2)));
        Assert.Equal(MessageKind.Success, later.Kind);
        Assert.Equal("Found 2 quotes in “Harbour council votes”: 2 wait for review. /review shows them.", later.Text);
        var call = Assert.Single(_port.Calls);
        Assert.Equal((ArticleUrl, Group, "tg:1"), (call.Url, call.Scope, call.Actor.Id));
        var pending = await _store.ListPendingAsync(Group, 0, 10);
        Assert.Equal(2, pending.Count);
    }

    [Theory]
    [InlineData("/addarticle", "Usage: /addarticle")]
    [InlineData("/addarticle ftp://news.example/a", "not an http(s) link")]
    [InlineData("/addarticle javascript:alert(1)", "not an http(s) link")]
    [InlineData("/addarticle https://a.example/x https://b.example/y", "Usage: /addarticle")]
    public async Task AddArticle_BadLink_IsAUsageLineAndNothingIsFetched(string text, string expected)
    {
        var reply = Assert.IsType<MessageReply>(await Run(text, Moderator(Group)));

        Assert.Equal(MessageKind.Usage, reply.Kind);
        Assert.Contains(expected, reply.Text);
        Assert.Empty(_port.Calls);
    }

    [Fact]
    public async Task AddArticle_Failure_IsOneLineWithTheReason()
    {
        _port.Report = new ArticleIngestReport(ArticleIngestStatus.Failed, Reason: "refused: 10.0.0.5 is a private address (set Ingest__AllowPrivateNetworks=true to allow them)");
        var reply = Assert.IsType<DeferredReply>(await Run("/addarticle https://intranet.example/a", Moderator(Group)));
        var later = Assert.IsType<MessageReply>(await reply.Later.WaitAsync(TimeSpan.FromMinutes(2)));

        Assert.DoesNotContain('\n', later.Text);
        Assert.StartsWith("Could not add https://intranet.example/a: refused:", later.Text);
        Assert.Contains("Ingest__AllowPrivateNetworks=true", later.Text);
        Assert.EndsWith("Nothing was added.", later.Text);
    }

    [Theory]
    [InlineData(ArticleIngestStatus.AlreadyAdded, 0, 0, 0, "was already added here; nothing changed.")]
    [InlineData(ArticleIngestStatus.Added, 0, 0, 0, "No quotes with a speaker were found in “T”; nothing waits for review.")]
    [InlineData(ArticleIngestStatus.Added, 3, 0, 3, "Found 3 quotes in “T”, all of them already stored here; nothing waits for review.")]
    [InlineData(ArticleIngestStatus.Added, 3, 1, 2, "Found 3 quotes in “T”: 1 waits for review (2 already stored). /review shows them.")]
    public void Describe_SaysWhatTheLinkGave(ArticleIngestStatus status, int found, int pending, int already, string expected)
    {
        var text = ReviewDesk.Describe(new ArticleIngestReport(status, "T", found, pending, already), ArticleUrl).Text;
        Assert.EndsWith(expected, text);
    }

    [Fact]
    public async Task AddArticle_PortThrows_IsOneCalmLine()
    {
        _port.Throw = true;
        var reply = Assert.IsType<DeferredReply>(await Run("/addarticle " + ArticleUrl, Moderator(Group)));
        var later = Assert.IsType<MessageReply>(await reply.Later.WaitAsync(TimeSpan.FromMinutes(2)));
        Assert.Equal($"Adding {ArticleUrl} failed; nothing was added.", later.Text);
    }

    [Fact]
    public async Task AddArticle_TooManyAtOnce_RefusesTheRestWithoutFetching()
    {
        _port.Gate = new TaskCompletionSource();
        var replies = new List<Reply>();
        for (var i = 0; i < ReviewDesk.MaxRunningFetches + ReviewDesk.MaxWaitingFetches + 3; i++)
        {
            replies.Add(await Run($"/addarticle https://news.example/{i}", Moderator(Group)));
        }

        Assert.Equal(ReviewDesk.MaxRunningFetches + ReviewDesk.MaxWaitingFetches, replies.Count(r => r is DeferredReply));
        Assert.Equal(3, replies.OfType<MessageReply>().Count(m => m.Text == ReviewDesk.Busy));
        _port.Gate.SetResult();
        await Task.WhenAll(replies.OfType<DeferredReply>().Select(d => d.Later)).WaitAsync(TimeSpan.FromMinutes(2));
        Assert.Equal(ReviewDesk.MaxRunningFetches + ReviewDesk.MaxWaitingFetches, _port.Calls.Count);
    }

    // ------------------------------------------------------------------ /review

    [Fact]
    public async Task Review_ByMember_IsRefused()
    {
        await Pending("The pier must not rot.", "Elena Varga", Group);
        var reply = Assert.IsType<MessageReply>(await Run("/review", Member(Group)));
        Assert.Equal(MessageKind.Refused, reply.Kind);
    }

    [Fact]
    public async Task Review_ShowsOldestPendingOfTheScope_WithCountAndButtons()
    {
        await Pending("Another community's quote.", "Someone Else", OtherGroup);
        var first = await Pending("The pier must not rot.", "Elena Varga", Group);
        await Pending("Dredge the channel first.", "Tomas Reed", Group);
        await _store.AddAsync(new NewQuote { Text = "An approved one.", Speaker = "Ana Holm", Scope = Group }, Actor.System);

        var reply = Assert.IsType<ReviewReply>(await Run("/review", Moderator(Group)));

        Assert.Equal(first.Id, reply.Quote.Id);
        Assert.Equal(1, reply.More);
        Assert.Equal("1 more waits for review.", reply.MoreText);
        var buttons = ReplyButtons.For(reply);
        Assert.Equal(["Approve", "Reject", "Fix speaker", "Approve all from this article", "Source"], buttons.Select(b => b.Label));
        Assert.Equal(new ReviewAction(ReviewVerb.ApproveArticle, first.Id), buttons[3].Action);
        Assert.Equal(ArticleUrl, buttons[4].Url);
    }

    [Fact]
    public async Task Review_NothingPending_SaysSo()
    {
        var reply = Assert.IsType<MessageReply>(await Run("/review", Moderator(Group)));
        Assert.Equal(ReviewDesk.NothingWaiting, reply.Text);
    }

    [Fact]
    public async Task Approve_MakesTheQuotePublic_AuditsIt_AndShowsTheNext()
    {
        var first = await Pending("The pier must not rot.", "Elena Varga", Group);
        var second = await Pending("Dredge the channel first.", "Tomas Reed", Group);
        Assert.IsType<MessageReply>(await Run("/quote #" + first.Id, Moderator(Group)));

        var next = Assert.IsType<ReviewReply>(await Press(ReviewVerb.Approve, first.Id, Moderator(Group)));

        Assert.Equal(second.Id, next.Quote.Id);
        Assert.Equal($"Approved #{first.Id}: it answers /quote now.", next.Note);
        Assert.Equal(QuoteStatus.Active, (await _store.GetAsync(first.Id))!.Status);
        var audit = await _store.GetAuditAsync(first.Id);
        Assert.Equal(["add", "approve"], audit.Select(a => a.Action));
        Assert.Equal("tg:1", audit[^1].ActorId);
        var card = Assert.IsType<QuoteCardReply>(await Run("/quote #" + first.Id, Member(Group)));
        Assert.Equal(first.Id, card.Quote.Id);
        // The still pending one answers nothing.
        Assert.IsType<MessageReply>(await Run("/quote #" + second.Id, Member(Group)));
        Assert.IsType<MessageReply>(await Run("/quote dredge", Member(Group)));
    }

    [Fact]
    public async Task SecondPress_OnADecidedQuote_SaysSoAndChangesNothing()
    {
        var q = await Pending("The pier must not rot.", "Elena Varga", Group);
        await Press(ReviewVerb.Approve, q.Id, Moderator(Group));

        foreach (var verb in new[] { ReviewVerb.Approve, ReviewVerb.Reject, ReviewVerb.FixSpeaker })
        {
            var again = Assert.IsType<MessageReply>(await Press(verb, q.Id, Moderator(Group)));
            Assert.Equal($"Quote #{q.Id} was already approved; nothing changed.", again.Text);
        }

        Assert.Equal(QuoteStatus.Active, (await _store.GetAsync(q.Id))!.Status);
        Assert.Equal(2, (await _store.GetAuditAsync(q.Id)).Count);
    }

    [Theory]
    [InlineData(ReviewVerb.Approve, QuoteStatus.Removed, "was already rejected or removed")]
    [InlineData(ReviewVerb.Reject, QuoteStatus.Active, "was already approved")]
    public async Task Press_WhenAnotherInstanceDecidesBetweenTheCheckAndTheWrite_TheFirstDecisionStands(
        ReviewVerb press, QuoteStatus other, string expected)
    {
        // Two bot instances share one store: the other one's decision lands after this press read the quote as
        // pending and before it writes. It must not be undone.
        var q = await Pending("The pier must not rot.", "Elena Varga", Group);
        var shared = new QuoteBot.Tests.Shared.Faults.FaultyStore(_store);
        shared.BeforeStatusWrite = async id =>
        {
            shared.BeforeStatusWrite = null;
            await _store.SetStatusAsync(id, other, new Actor("tg:2", "other mod"));
        };
        using var desk = new ReviewDesk(shared, _store, QuoteFinder.Over(shared), _port);
        var commands = new QuoteCommands(shared, QuoteFinder.Over(shared), _time, [], actionHandlers: [desk]);

        var reply = Assert.IsType<MessageReply>(await commands.HandleActionAsync(ActionCodec.Decode(ActionCodec.Encode(new ReviewAction(press, q.Id)))!, Moderator(Group)));

        Assert.Equal($"Quote #{q.Id} {expected}; nothing changed.", reply.Text);
        Assert.Equal(other, (await _store.GetAsync(q.Id))!.Status);
        Assert.Equal(2, (await _store.GetAuditAsync(q.Id)).Count);
    }

    [Fact]
    public async Task ApproveAll_DoesNotApproveAQuoteRejectedMeanwhile()
    {
        var a = await Pending("The pier must not rot.", "Elena Varga", Group);
        var b = await Pending("Dredge the channel first.", "Tomas Reed", Group);
        var shared = new QuoteBot.Tests.Shared.Faults.FaultyStore(_store);
        shared.BeforeStatusWrite = async id =>
        {
            if (id == b.Id)
            {
                await _store.SetStatusAsync(id, QuoteStatus.Removed, new Actor("tg:2", "other mod"));
            }
        };
        using var desk = new ReviewDesk(shared, _store, QuoteFinder.Over(shared), _port);
        var commands = new QuoteCommands(shared, QuoteFinder.Over(shared), _time, [], actionHandlers: [desk]);

        var reply = await commands.HandleActionAsync(ActionCodec.Decode(ActionCodec.Encode(new ReviewAction(ReviewVerb.ApproveArticle, a.Id)))!, Moderator(Group));

        Assert.Equal("Approved 1 quote from that article. Nothing waits for review here.", Assert.IsType<MessageReply>(reply).Text);
        Assert.Equal(QuoteStatus.Active, (await _store.GetAsync(a.Id))!.Status);
        Assert.Equal(QuoteStatus.Removed, (await _store.GetAsync(b.Id))!.Status);
        Assert.Equal(["add", "reject"], (await _store.GetAuditAsync(b.Id)).Select(e => e.Action));
    }

    [Fact]
    public async Task Reject_RemovesTheQuote_Audited_LastOneSaysNothingElseWaits()
    {
        var q = await Pending("The pier must not rot.", "Elena Varga", Group);

        var reply = Assert.IsType<MessageReply>(await Press(ReviewVerb.Reject, q.Id, Moderator(Group)));

        Assert.Equal(MessageKind.Success, reply.Kind);
        Assert.Equal($"Rejected #{q.Id}. Nothing waits for review here.", reply.Text);
        Assert.Equal(QuoteStatus.Removed, (await _store.GetAsync(q.Id))!.Status);
        Assert.Equal("reject", (await _store.GetAuditAsync(q.Id))[^1].Action);
        Assert.IsType<MessageReply>(await Run("/quote #" + q.Id, Moderator(Group)));
    }

    [Fact]
    public async Task Buttons_ByMember_AreRefusedAndChangeNothing()
    {
        var q = await Pending("The pier must not rot.", "Elena Varga", Group);
        foreach (var verb in Enum.GetValues<ReviewVerb>())
        {
            var reply = Assert.IsType<MessageReply>(await Press(verb, q.Id, Member(Group)));
            Assert.Equal(MessageKind.Refused, reply.Kind);
        }

        Assert.Equal(QuoteStatus.Pending, (await _store.GetAsync(q.Id))!.Status);
        Assert.Single(await _store.GetAuditAsync(q.Id));
    }

    [Fact]
    public async Task Buttons_ForAnotherCommunitysQuote_FindNothingAndChangeNothing()
    {
        var q = await Pending("Another community's quote.", "Someone Else", OtherGroup);
        var reply = Assert.IsType<MessageReply>(await Press(ReviewVerb.Approve, q.Id, Moderator(Group)));
        Assert.Equal($"There is no quote #{q.Id} here.", reply.Text);
        Assert.Equal(QuoteStatus.Pending, (await _store.GetAsync(q.Id))!.Status);
    }

    [Fact]
    public async Task ApproveAll_ApprovesEveryPendingQuoteOfThatArticleInThatScope_OneAuditEntryEach()
    {
        var a = await Pending("The pier must not rot.", "Elena Varga", Group);
        var b = await Pending("Dredge the channel first.", "Tomas Reed", Group);
        var c = await Pending("Half comes from the reserve.", "Ana Holm", Group);
        var otherArticle = await Pending("The ferry runs at dawn.", "Ivo Brandt", Group, OtherUrl);
        var otherScope = await Pending("Same article, other group.", "Elena Varga", OtherGroup);
        await Press(ReviewVerb.Reject, c.Id, Moderator(Group));

        var reply = Assert.IsType<ReviewReply>(await Press(ReviewVerb.ApproveArticle, a.Id, Moderator(Group)));

        Assert.Equal("Approved 2 quotes from that article.", reply.Note);
        Assert.Equal(otherArticle.Id, reply.Quote.Id);
        Assert.Equal(QuoteStatus.Active, (await _store.GetAsync(a.Id))!.Status);
        Assert.Equal(QuoteStatus.Active, (await _store.GetAsync(b.Id))!.Status);
        Assert.Equal(QuoteStatus.Removed, (await _store.GetAsync(c.Id))!.Status);
        Assert.Equal(QuoteStatus.Pending, (await _store.GetAsync(otherArticle.Id))!.Status);
        Assert.Equal(QuoteStatus.Pending, (await _store.GetAsync(otherScope.Id))!.Status);
        Assert.Equal(["add", "approve"], (await _store.GetAuditAsync(a.Id)).Select(e => e.Action));
        Assert.Equal(["add", "approve"], (await _store.GetAuditAsync(b.Id)).Select(e => e.Action));

        var again = Assert.IsType<MessageReply>(await Press(ReviewVerb.ApproveArticle, a.Id, Moderator(Group)));
        Assert.Equal("Nothing from that article waits for review any more; nothing changed.", again.Text);
    }

    // ------------------------------------------------------------------ fix speaker

    [Fact]
    public async Task FixSpeakerButton_AsksForTheName()
    {
        var q = await Pending("The pier must not rot.", "Elena Varga", Group);
        var prompt = Assert.IsType<FixSpeakerPrompt>(await Press(ReviewVerb.FixSpeaker, q.Id, Moderator(Group)));
        Assert.Equal(q.Id, prompt.Quote.Id);
        Assert.True(ReviewDesk.TryReadPrompt(ReviewDesk.PromptText(prompt.Quote), out var id));
        Assert.Equal(q.Id, id);
    }

    [Fact]
    public async Task FixSpeaker_ChangesTheSpeaker_Audited_AndShowsTheCardAgain()
    {
        var q = await Pending("The pier must not rot.", "Varga", Group);

        var reply = Assert.IsType<ReviewReply>(await Run($"/fixspeaker {q.Id} Elena Varga", Moderator(Group)));

        Assert.Equal("Elena Varga", reply.Quote.Speaker);
        Assert.Equal($"Speaker of #{q.Id} is now Elena Varga.", reply.Note);
        var stored = (await _store.GetAsync(q.Id))!;
        Assert.Equal(("Elena Varga", QuoteStatus.Pending), (stored.Speaker, stored.Status));
        var edit = (await _store.GetAuditAsync(q.Id))[^1];
        Assert.Equal(("edit", "tg:1", "Varga"), (edit.Action, edit.ActorId, edit.Before!.Speaker));
    }

    [Theory]
    [InlineData("Elena\u202EVarga")]
    [InlineData("Elena\u2066Varga")]
    public async Task FixSpeaker_BreakingTheRules_IsRefusedAndChangesNothing(string name)
    {
        var q = await Pending("The pier must not rot.", "Varga", Group);
        var reply = Assert.IsType<MessageReply>(await Run($"/fixspeaker {q.Id} {name}", Moderator(Group)));
        Assert.Equal(MessageKind.Usage, reply.Kind);
        Assert.Equal("Varga", (await _store.GetAsync(q.Id))!.Speaker);
        Assert.Single(await _store.GetAuditAsync(q.Id));
    }

    [Fact]
    public async Task FixSpeaker_TooLong_IsRefused()
    {
        var q = await Pending("The pier must not rot.", "Varga", Group);
        var reply = Assert.IsType<MessageReply>(await Run($"/fixspeaker {q.Id} {new string('a', QuoteRules.MaxSpeakerLength + 1)}", Moderator(Group)));
        Assert.Equal(MessageKind.Usage, reply.Kind);
        Assert.Equal("Varga", (await _store.GetAsync(q.Id))!.Speaker);
    }

    [Theory]
    [InlineData("/fixspeaker")]
    [InlineData("/fixspeaker 5")]
    [InlineData("/fixspeaker abc Elena")]
    public async Task FixSpeaker_Usage(string text)
    {
        var reply = Assert.IsType<MessageReply>(await Run(text, Moderator(Group)));
        Assert.Equal(ReviewDesk.FixSpeakerUsage, reply.Text);
    }

    [Fact]
    public async Task FixSpeaker_ByMemberOrOnAnApprovedQuote_ChangesNothing()
    {
        var q = await Pending("The pier must not rot.", "Varga", Group);
        Assert.Equal(MessageKind.Refused, Assert.IsType<MessageReply>(await Run($"/fixspeaker {q.Id} Elena Varga", Member(Group))).Kind);
        await Press(ReviewVerb.Approve, q.Id, Moderator(Group));
        var reply = Assert.IsType<MessageReply>(await Run($"/fixspeaker {q.Id} Elena Varga", Moderator(Group)));
        Assert.Contains("/editquote", reply.Text);
        Assert.Equal("Varga", (await _store.GetAsync(q.Id))!.Speaker);
    }

    // ------------------------------------------------------------------ codec, help

    [Fact]
    public void ReviewAction_RoundTripsInTelegramsLimit()
    {
        foreach (var verb in Enum.GetValues<ReviewVerb>())
        {
            var action = new ReviewAction(verb, long.MaxValue);
            var data = ActionCodec.Encode(action);
            Assert.True(Encoding.UTF8.GetByteCount(data) <= ActionCodec.TelegramMaxBytes);
            Assert.Equal(action, ActionCodec.Decode(data));
        }

        Assert.Null(ActionCodec.Decode("r:q12"));
        Assert.Null(ActionCodec.Decode("r:a"));
        Assert.Null(ActionCodec.Decode("r:a0"));
        Assert.Null(ActionCodec.Decode("r:a-5"));
    }

    [Fact]
    public void Help_ListsTheNewCommandsAsModeratorOnly()
    {
        var help = _commands.Help(Moderator(Group));
        foreach (var name in new[] { "addarticle", "review", "fixspeaker" })
        {
            Assert.True(help.Commands.Single(c => c.Name == name).ModeratorOnly);
        }
    }

    [Fact]
    public async Task WithoutAnIngestPort_AddArticleIsLeftOutOfHelpAndSaysSo()
    {
        using var desk = new ReviewDesk(_store, _store, QuoteFinder.Over(_store));
        var commands = new QuoteCommands(_store, QuoteFinder.Over(_store), _time, [new AddArticleCommand(desk)]);
        Assert.DoesNotContain(commands.Help(Moderator(Group)).Commands, c => c.Name == "addarticle");
        var reply = Assert.IsType<MessageReply>(await commands.HandleAsync(new CommandRequest("addarticle", ArticleUrl), Moderator(Group)));
        Assert.Equal(ReviewDesk.NotAvailable, reply.Text);
    }

    /// <summary>The ingest port as the Ingest project fills it: two pending quotes for any link, or a set report.</summary>
    private sealed class PortDouble(InMemoryQuoteStore store) : IArticleIngest
    {
        public List<(string Url, Scope Scope, Actor Actor)> Calls { get; } = [];

        public TaskCompletionSource? Gate { get; set; }

        public ArticleIngestReport? Report { get; set; }

        public bool Throw { get; set; }

        public async Task<ArticleIngestReport> IngestAsync(string url, Scope scope, Actor actor, CancellationToken ct = default)
        {
            lock (Calls)
            {
                Calls.Add((url, scope, actor));
            }

            if (Gate is not null)
            {
                await Gate.Task.WaitAsync(ct);
            }

            if (Throw)
            {
                throw new InvalidOperationException("boom");
            }

            if (Report is not null)
            {
                return Report;
            }

            var quotes = new[] { "The pier must not rot.", "Dredge the channel first." }
                .Select((t, i) => new NewQuote { Text = t, Speaker = "Speaker " + i, Scope = scope, Status = QuoteStatus.Pending, Source = new QuoteSource(null, "Harbour council votes", url, null) })
                .ToArray();
            var result = await store.AddArticleAsync(
                new NewArticle { Scope = scope, CanonicalUrl = url, ContentHash = url, AddedBy = actor.Id, FetchedAt = DateTimeOffset.UnixEpoch },
                quotes,
                actor,
                ct);
            return new ArticleIngestReport(ArticleIngestStatus.Added, "Harbour council votes", quotes.Length, result.Quotes.Added, result.Quotes.Duplicates);
        }
    }
}
