using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using QuoteBot.Core.Commands;
using QuoteBot.Core.Model;
using QuoteBot.Core.Search;
using QuoteBot.Core.Storage;
using QuoteBot.Core.Text;

namespace QuoteBot.Core.Review;

/// <summary>
/// The chat side of the review queue: <c>/addarticle &lt;link&gt;</c> (fetched in the background through
/// <see cref="IArticleIngest"/>), <c>/review</c> (the next pending quote of the conversation's scope with its buttons),
/// <c>/fixspeaker &lt;id&gt; &lt;name&gt;</c>, and the review buttons. Everything is for moderators of the scope, checked
/// again on every press; every change goes through the store's audited writes. Buttons carry only a verb and a quote
/// id, so they work after a restart, and a second press on a decided quote changes nothing.
/// </summary>
public sealed class ReviewDesk(
    IQuoteStore store,
    IArticleStore articles,
    QuoteFinder finder,
    IArticleIngest? ingest = null,
    ILogger<ReviewDesk>? logger = null) : IReplyActionHandler, IDisposable
{
    public const string AddArticleUsage = "Usage: /addarticle <link>, like /addarticle https://news.example/2026/12/pier-vote";
    public const string FixSpeakerUsage = "Usage: /fixspeaker <id> <right speaker>, like /fixspeaker 42 Jane Doe";
    public const string AddArticleRefusal = "Only moderators of this chat can add articles.";
    public const string ReviewRefusal = "Only moderators of this chat can review quotes.";
    public const string NotAvailable = "Adding articles is not set up here.";
    public const string Busy = "Too many articles are being fetched right now; nothing was started. Try again in a minute.";
    public const string NothingWaiting = "Nothing waits for review here.";
    public const string FixSpeakerPromptPrefix = "Fix speaker of #";

    /// <summary>The longest link shown back in an answer.</summary>
    private const int ShownLinkLength = 120;

    /// <summary>Approve all: pending quotes are read in pages of this many.</summary>
    private const int PageSize = 200;

    private readonly ILogger _logger = logger ?? NullLogger<ReviewDesk>.Instance;
    private readonly FetchRunner _fetches = new(logger ?? (ILogger)NullLogger<ReviewDesk>.Instance);

    public static readonly CommandInfo AddArticleInfo = new("addarticle", "<link>", "Fetch a news article; its quotes wait for review", true);
    public static readonly CommandInfo ReviewInfo = new("review", string.Empty, "The next quote waiting for review, with Approve and Reject", true);
    public static readonly CommandInfo FixSpeakerInfo = new("fixspeaker", "<id> <name>", "Set the right speaker of a quote waiting for review", true);

    /// <summary>Fetches that may run at once; <see cref="MaxWaitingFetches"/> more may wait, the rest are refused (<see cref="Busy"/>).</summary>
    public const int MaxRunningFetches = FetchRunner.MaxRunning;

    public const int MaxWaitingFetches = FetchRunner.MaxWaiting;

    public bool CanFetch => ingest is not null;

    // ------------------------------------------------------------------ /addarticle

    public async Task<Reply> AddArticleAsync(string args, CommandContext ctx, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        if (!await ctx.CanModerate(ctx.Scope, ct))
        {
            return new MessageReply(AddArticleRefusal, MessageKind.Refused);
        }

        if (ingest is null)
        {
            return new MessageReply(NotAvailable, MessageKind.Info);
        }

        var url = (args ?? string.Empty).Trim().Trim('<', '>');
        if (url.Length == 0 || url.Any(char.IsWhiteSpace))
        {
            return new MessageReply(AddArticleUsage, MessageKind.Usage);
        }

        if (!QuoteRules.IsHttpUrl(url))
        {
            return new MessageReply("That is not an http(s) link. " + AddArticleUsage, MessageKind.Usage);
        }

        var scope = ctx.Scope;
        var user = ctx.User;
        var later = _fetches.TryStart(
            async token => Describe(await ingest.IngestAsync(url, scope, user, token), url),
            _ => new MessageReply($"Adding {Shown(url)} failed; nothing was added.", MessageKind.Unavailable));
        if (later is null)
        {
            return new MessageReply(Busy, MessageKind.Info);
        }

        return new DeferredReply(new MessageReply($"Fetching {Shown(url)}…", MessageKind.Info), later);
    }

    /// <summary>The one line that tells a moderator what a link gave.</summary>
    public static MessageReply Describe(ArticleIngestReport report, string url)
    {
        ArgumentNullException.ThrowIfNull(report);
        var what = string.IsNullOrWhiteSpace(report.Title) ? Shown(url) : "“" + Cut(Spaces.Collapse(report.Title), 100) + "”";
        switch (report.Status)
        {
            case ArticleIngestStatus.AlreadyAdded:
                return new MessageReply($"{Shown(url)} was already added here; nothing changed.", MessageKind.Info);
            case ArticleIngestStatus.Failed:
                return new MessageReply($"Could not add {Shown(url)}: {Cut(Spaces.Collapse(report.Reason ?? "it could not be read"), 300)}. Nothing was added.", MessageKind.Usage);
        }

        if (report.QuotesFound == 0)
        {
            return new MessageReply($"No quotes with a speaker were found in {what}; nothing waits for review.", MessageKind.Info);
        }

        var found = Count(report.QuotesFound, "quote", "quotes");
        if (report.QuotesPending == 0)
        {
            return new MessageReply($"Found {found} in {what}, all of them already stored here; nothing waits for review.", MessageKind.Info);
        }

        var already = report.QuotesAlreadyStored > 0 ? $" ({report.QuotesAlreadyStored.ToString(CultureInfo.InvariantCulture)} already stored)" : string.Empty;
        var pending = report.QuotesPending == 1 ? "1 waits" : report.QuotesPending.ToString(CultureInfo.InvariantCulture) + " wait";
        return new MessageReply($"Found {found} in {what}: {pending} for review{already}. /review shows them.", MessageKind.Success);
    }

    // ------------------------------------------------------------------ /review

    public async Task<Reply> ReviewAsync(CommandContext ctx, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        if (!await ctx.CanModerate(ctx.Scope, ct))
        {
            return new MessageReply(ReviewRefusal, MessageKind.Refused);
        }

        return (Reply?)await NextAsync(ctx.Scope, null, ct) ?? new MessageReply(NothingWaiting, MessageKind.Info);
    }

    /// <summary>The first pending quote of <paramref name="scope"/> as a review card, or null when none waits.</summary>
    private async Task<ReviewReply?> NextAsync(Scope scope, string? note, CancellationToken ct)
    {
        var waiting = await articles.ListPendingAsync(scope, 0, ReviewReply.MoreCap + 1, ct);
        return waiting.Count == 0 ? null : new ReviewReply(waiting[0], waiting.Count - 1, note);
    }

    /// <summary>The review card of one quote (after its speaker was fixed), with how many others wait.</summary>
    private async Task<ReviewReply> CardOfAsync(Quote quote, string? note, CancellationToken ct)
    {
        var waiting = await articles.ListPendingAsync(quote.Scope, 0, ReviewReply.MoreCap + 1, ct);
        return new ReviewReply(quote, waiting.Count(q => q.Id != quote.Id), note);
    }

    // ------------------------------------------------------------------ buttons

    public bool Handles(ReplyAction action) => action is ReviewAction;

    public async Task<Reply> HandleAsync(ReplyAction action, CommandContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (action is not ReviewAction review)
        {
            return new MessageReply("That button no longer works.", MessageKind.Usage);
        }

        var (quote, problem) = await PendingForModeratorAsync(review.QuoteId, context, review.Verb != ReviewVerb.ApproveArticle, ct);
        if (quote is null)
        {
            return problem!;
        }

        return review.Verb switch
        {
            ReviewVerb.Approve => await DecideAsync(quote, QuoteStatus.Active, context, ct),
            ReviewVerb.Reject => await DecideAsync(quote, QuoteStatus.Removed, context, ct),
            ReviewVerb.FixSpeaker => new FixSpeakerPrompt(quote),
            ReviewVerb.ApproveArticle => await ApproveArticleAsync(quote, context, ct),
            _ => new MessageReply("That button no longer works.", MessageKind.Usage),
        };
    }

    /// <summary>
    /// The quote behind a button, when this user moderates its scope and (if <paramref name="mustBePending"/>) it still
    /// waits for review; otherwise the answer that says why, and nothing changes.
    /// </summary>
    private async Task<(Quote? Quote, MessageReply? Problem)> PendingForModeratorAsync(long id, CommandContext ctx, bool mustBePending, CancellationToken ct)
    {
        var quote = await finder.GetAsync(id, ctx.Visibility, includeRemoved: true, ct);
        if (quote is null)
        {
            return (null, new MessageReply($"There is no quote #{Id(id)} here.", MessageKind.NotFound));
        }

        if (!await ctx.CanModerate(quote.Scope, ct))
        {
            return (null, new MessageReply(ReviewRefusal, MessageKind.Refused));
        }

        if (mustBePending && quote.Status != QuoteStatus.Pending)
        {
            return (null, new MessageReply(AlreadyDecided(quote), MessageKind.Info));
        }

        return (quote, null);
    }

    private static string AlreadyDecided(Quote q) => q.Status switch
    {
        QuoteStatus.Active => $"Quote #{Id(q.Id)} was already approved; nothing changed.",
        QuoteStatus.Removed => $"Quote #{Id(q.Id)} was already rejected or removed; nothing changed.",
        _ => $"Quote #{Id(q.Id)} is waiting for review.",
    };

    private async Task<Reply> DecideAsync(Quote quote, QuoteStatus status, CommandContext ctx, CancellationToken ct)
    {
        // Only a quote that still waits is decided, in one store transaction: another press, another instance or the
        // CLI may have decided it since the button was drawn.
        var change = await store.ChangeStatusAsync(quote.Id, QuoteStatus.Pending, status, ctx.User, ct);
        if (change is not { Changed: true })
        {
            return new MessageReply(change is null ? $"There is no quote #{Id(quote.Id)} here." : AlreadyDecided(change.Quote), MessageKind.Info);
        }

        var done = status == QuoteStatus.Active
            ? $"Approved #{Id(quote.Id)}: it answers /quote now."
            : $"Rejected #{Id(quote.Id)}.";
        return (Reply?)await NextAsync(quote.Scope, done, ct) ?? new MessageReply(done + " " + NothingWaiting, MessageKind.Success);
    }

    private async Task<Reply> ApproveArticleAsync(Quote quote, CommandContext ctx, CancellationToken ct)
    {
        var url = quote.Source.Url;
        if (!QuoteRules.IsHttpUrl(url))
        {
            return new MessageReply($"Quote #{Id(quote.Id)} has no article link; approve it on its own.", MessageKind.Usage);
        }

        // Each quote changes only while it still waits (ChangeStatusAsync), so presses here and on other instances
        // never approve a quote twice or undo a rejection.
        var approved = 0;
        var after = 0L;
        while (true)
        {
            var page = await articles.ListPendingAsync(quote.Scope, after, PageSize, ct);
            foreach (var q in page.Where(q => string.Equals(q.Source.Url, url, StringComparison.Ordinal)))
            {
                // One audited status change per quote, as a single approve would write.
                if (await store.ChangeStatusAsync(q.Id, QuoteStatus.Pending, QuoteStatus.Active, ctx.User, ct) is { Changed: true })
                {
                    approved++;
                }
            }

            if (page.Count < PageSize)
            {
                break;
            }

            after = page[^1].Id;
        }

        if (approved == 0)
        {
            return new MessageReply("Nothing from that article waits for review any more; nothing changed.", MessageKind.Info);
        }

        var done = $"Approved {Count(approved, "quote", "quotes")} from that article.";
        return (Reply?)await NextAsync(quote.Scope, done, ct) ?? new MessageReply(done + " " + NothingWaiting, MessageKind.Success);
    }

    // ------------------------------------------------------------------ /fixspeaker

    public async Task<Reply> FixSpeakerAsync(string args, CommandContext ctx, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        var trimmed = (args ?? string.Empty).Trim();
        var space = trimmed.IndexOfAny([' ', '\n', '\t']);
        if (space < 0 || !QuoteCommands.TryParseId(trimmed[..space], out var id))
        {
            return new MessageReply(FixSpeakerUsage, MessageKind.Usage);
        }

        var name = QuoteInputParser.Clean(trimmed[(space + 1)..]);
        var (quote, problem) = await PendingForModeratorAsync(id, ctx, mustBePending: false, ct);
        if (quote is null)
        {
            return problem!;
        }

        if (quote.Status != QuoteStatus.Pending)
        {
            return new MessageReply($"Quote #{Id(id)} is not waiting for review; /editquote changes it.", MessageKind.Info);
        }

        if (name.Length == 0)
        {
            return new MessageReply(FixSpeakerUsage, MessageKind.Usage);
        }

        // The same checks as every edit: QuoteRules on the new speaker, before anything is written.
        var (input, error) = QuoteInputParser.Check(new QuoteInput(null, name, null), requireText: false, FixSpeakerUsage);
        if (input is null)
        {
            return new MessageReply(error!, MessageKind.Usage);
        }

        var change = new QuoteEdit(Speaker: input.Speaker);
        if (QuoteRules.Check(change) is { } rule)
        {
            return new MessageReply(QuoteRules.Sentence(rule) + " Nothing was changed.", MessageKind.Usage);
        }

        Quote? edited;
        try
        {
            edited = await store.EditAsync(id, change, ctx.User, ct);
        }
        catch (DuplicateQuoteException dup)
        {
            return new MessageReply($"With that speaker quote #{Id(id)} would be the same as #{Id(dup.ExistingId)}; nothing was changed.", MessageKind.Usage);
        }

        if (edited is null)
        {
            return new MessageReply($"There is no quote #{Id(id)} here.", MessageKind.NotFound);
        }

        _logger.LogDebug("Speaker of pending quote {Id} fixed by {User}", id, ctx.User.Id);
        return await CardOfAsync(edited, $"Speaker of #{Id(id)} is now {Cut(Spaces.Collapse(edited.Speaker ?? string.Empty), 100)}.", ct);
    }

    /// <summary>Reads the quote id of a fix-speaker prompt ("Fix speaker of #42: ..."), the bot's own message.</summary>
    public static bool TryReadPrompt(string? promptText, out long id)
    {
        id = 0;
        if (promptText is null || !promptText.StartsWith(FixSpeakerPromptPrefix, StringComparison.Ordinal))
        {
            return false;
        }

        var rest = promptText.AsSpan(FixSpeakerPromptPrefix.Length);
        var end = 0;
        while (end < rest.Length && char.IsAsciiDigit(rest[end]))
        {
            end++;
        }

        return long.TryParse(rest[..end], NumberStyles.None, CultureInfo.InvariantCulture, out id) && id > 0;
    }

    /// <summary>The text of a fix-speaker prompt for quote <paramref name="q"/>; <see cref="TryReadPrompt"/> reads its id back.</summary>
    public static string PromptText(Quote q)
    {
        ArgumentNullException.ThrowIfNull(q);
        var now = string.IsNullOrWhiteSpace(q.Speaker) ? "none" : Cut(Spaces.Collapse(q.Speaker), 100);
        return $"{FixSpeakerPromptPrefix}{Id(q.Id)} (now: {now}). Reply to this message with the right name.";
    }

    /// <summary>Cancels fetches still running (the host is stopping). Safe to call twice (DI knows the desk under two types).</summary>
    public void Dispose() => _fetches.Dispose();

    private static string Count(int n, string one, string many) => n == 1 ? "1 " + one : n.ToString(CultureInfo.InvariantCulture) + " " + many;

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    private static string Shown(string url) => Cut(url, ShownLinkLength);

    private static string Cut(string s, int max) =>
        s.Length <= max ? s : s[..(char.IsHighSurrogate(s[max - 2]) ? max - 2 : max - 1)] + "…";
}

/// <summary><c>/addarticle &lt;link&gt;</c>: see <see cref="ReviewDesk"/>.</summary>
public sealed class AddArticleCommand(ReviewDesk desk) : IChatCommand
{
    public CommandInfo Info => ReviewDesk.AddArticleInfo;

    public Task<Reply> HandleAsync(CommandRequest request, CommandContext context, CancellationToken ct) =>
        desk.AddArticleAsync(request?.Arguments ?? string.Empty, context, ct);

    public bool IsAvailable(CommandContext context) => desk.CanFetch;
}

/// <summary><c>/review</c>: see <see cref="ReviewDesk"/>.</summary>
public sealed class ReviewQueueCommand(ReviewDesk desk) : IChatCommand
{
    public CommandInfo Info => ReviewDesk.ReviewInfo;

    public Task<Reply> HandleAsync(CommandRequest request, CommandContext context, CancellationToken ct) => desk.ReviewAsync(context, ct);
}

/// <summary><c>/fixspeaker &lt;id&gt; &lt;name&gt;</c>: see <see cref="ReviewDesk"/>.</summary>
public sealed class FixSpeakerCommand(ReviewDesk desk) : IChatCommand
{
    public CommandInfo Info => ReviewDesk.FixSpeakerInfo;

    public Task<Reply> HandleAsync(CommandRequest request, CommandContext context, CancellationToken ct) =>
        desk.FixSpeakerAsync(request?.Arguments ?? string.Empty, context, ct);
}
