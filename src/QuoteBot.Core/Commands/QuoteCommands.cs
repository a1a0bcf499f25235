using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using QuoteBot.Core.Model;
using QuoteBot.Core.Search;
using QuoteBot.Core.Storage;

namespace QuoteBot.Core.Commands;

/// <summary>
/// The platform-neutral command layer: every adapter turns its input into a <see cref="CommandRequest"/> or a
/// <see cref="ReplyAction"/> and renders the <see cref="Reply"/> that comes back. Never throws for bad input.
/// </summary>
public sealed class QuoteCommands(
    IQuoteStore store,
    QuoteFinder finder,
    TimeProvider time,
    IEnumerable<IChatCommand>? extraCommands = null,
    IEnumerable<IReplyNotice>? notices = null,
    ILogger<QuoteCommands>? logger = null,
    IQuoteCardImages? cards = null,
    IQuotePageLinks? pageLinks = null,
    IEnumerable<IReplyActionHandler>? actionHandlers = null)
{
    private readonly IReadOnlyList<IReplyActionHandler> _actionHandlers = (actionHandlers ?? []).ToArray();
    private readonly ILogger _logger = logger ?? NullLogger<QuoteCommands>.Instance;
    private readonly IReadOnlyList<IChatCommand> _extra = (extraCommands ?? []).ToArray();
    private readonly IReadOnlyList<IReplyNotice> _notices = (notices ?? []).ToArray();

    public const int PageSize = 5;

    /// <summary>The quote commands; features add more through <see cref="IChatCommand"/> (see <see cref="AllCommands"/>).</summary>
    public static readonly IReadOnlyList<CommandInfo> Commands =
    [
        new("quote", "[query]", "The best matching quote, or a random one", false),
        new("quotes", "<query>", "The top 5 matches with their ids", false),
        new("context", "<id>", "Where and when a quote was said, with the paragraph around it", false),
        new("addquote", "\"text\" - Speaker [| https://source]", "Add a quote to this chat", true),
        new("editquote", "<id> [\"text\"] [- Speaker] [| https://source]", "Change a quote", true),
        new("removequote", "<id>", "Remove a quote (it can be restored)", true),
        new("restorequote", "<id>", "Bring back a removed quote", true),
        new("help", string.Empty, "This list", false),
    ];

    public async Task<Reply> HandleAsync(CommandRequest request, CommandContext ctx, CancellationToken ct = default)
    {
        try
        {
            return await HandleCoreAsync(request, ctx, ct);
        }
        catch (QuoteStoreException ex)
        {
            return StoreFailed("/" + request.Name, ex);
        }
    }

    /// <summary>
    /// A store fault (read-only or corrupt file, database down) is not the user's fault and not a bug: one calm line to
    /// the user, one line (no stack trace) to the log, and the adapter keeps running.
    /// </summary>
    private MessageReply StoreFailed(string what, QuoteStoreException ex)
    {
        _logger.LogError("The quote store failed while answering {Command}: {Error}", what, ex.Message.ReplaceLineEndings(" "));
        return new MessageReply(QuoteStoreException.UserMessage, MessageKind.Unavailable);
    }

    private async Task<Reply> HandleCoreAsync(CommandRequest request, CommandContext ctx, CancellationToken ct)
    {
        var args = request.Arguments ?? string.Empty;
        var reply = request.Name switch
        {
            "quote" when cards is not null && WantsCard(args, out var query) => await AsCardAsync(await QuoteAsync(query, ctx, ct), ct),
            "quote" => await QuoteAsync(args, ctx, ct),
            "quotes" or "search" => await ListAsync(args, 0, ctx, ct),
            "context" => await ContextAsync(args, ctx, ct),
            "addquote" => await AddAsync(args, ctx, ct),
            "editquote" => await EditAsync(args, ctx, ct),
            "removequote" => await SetStatusAsync(args, QuoteStatus.Removed, ctx, ct),
            "restorequote" => await SetStatusAsync(args, QuoteStatus.Active, ctx, ct),
            "help" or "start" => Help(ctx),
            _ when _extra.FirstOrDefault(c => c.Info.Name == request.Name) is { } extra => await extra.HandleAsync(request, ctx, ct),
            _ => new MessageReply($"Unknown command /{request.Name}. Try /help.", MessageKind.Usage),
        };
        return await WithLinksAsync(await WithNoticeAsync(reply, ctx, ct), ct);
    }

    /// <summary>"/quote [query] card": the last word "card" asks for the quote as an image.</summary>
    private static bool WantsCard(string args, out string query)
    {
        var trimmed = args.TrimEnd();
        var isCard = trimmed.Equals("card", StringComparison.OrdinalIgnoreCase) || trimmed.EndsWith(" card", StringComparison.OrdinalIgnoreCase);
        query = isCard ? trimmed[..^4].TrimEnd() : args;
        return isCard;
    }

    /// <summary>Draws the quote of a card reply; other replies (nothing found, usage) pass through.</summary>
    private async Task<Reply> AsCardAsync(Reply reply, CancellationToken ct) =>
        reply is QuoteCardReply card && cards is not null
            ? card with { Image = await cards.RenderAsync(card.Quote, ct) }
            : reply;

    /// <summary>The Card button and the page link on replies that show one quote.</summary>
    private async Task<Reply> WithLinksAsync(Reply reply, CancellationToken ct) => reply switch
    {
        QuoteCardReply card => card with
        {
            OffersCard = cards is not null && card.Image is null,
            PageUrl = pageLinks is null ? null : await pageLinks.PageUrlAsync(card.Quote, ct),
        },
        ContextReply context when pageLinks is not null => context with { PageUrl = await pageLinks.PageUrlAsync(context.Quote, ct) },
        _ => reply,
    };

    /// <summary>Adds a pending <see cref="IReplyNotice"/> line to a reply that has room for one.</summary>
    private async Task<Reply> WithNoticeAsync(Reply reply, CommandContext ctx, CancellationToken ct)
    {
        if (_notices.Count == 0 || reply is not (MessageReply or QuoteCardReply))
        {
            return reply;
        }

        foreach (var source in _notices)
        {
            if (await source.TakeAsync(ctx, ct) is { Length: > 0 } notice)
            {
                return reply switch
                {
                    MessageReply m => m with { Text = m.Text + "\n" + notice },
                    QuoteCardReply c => c with { Note = c.Note is null ? notice : c.Note + "\n" + notice },
                    _ => reply,
                };
            }
        }

        return reply;
    }

    /// <summary>Runs what a button asked for.</summary>
    public async Task<Reply> HandleActionAsync(ReplyAction action, CommandContext ctx, CancellationToken ct = default)
    {
        try
        {
            return await WithLinksAsync(action switch
            {
                AnotherAction a => await QuoteAsync(a.Query, ctx, ct, a.Rank),
                ContextAction c => await ContextAsync(c.QuoteId.ToString(CultureInfo.InvariantCulture), ctx, ct),
                PageAction p => await ListAsync(p.Query, p.Offset, ctx, ct),
                CardAction k when cards is not null => await CardAsync(k.QuoteId, ctx, ct),
                _ when _actionHandlers.FirstOrDefault(h => h.Handles(action)) is { } handler => await handler.HandleAsync(action, ctx, ct),
                _ => new MessageReply("That button no longer works.", MessageKind.Usage),
            }, ct);
        }
        catch (QuoteStoreException ex)
        {
            return StoreFailed("a button", ex);
        }
    }

    private async Task<Reply> CardAsync(long id, CommandContext ctx, CancellationToken ct)
    {
        var quote = await GetVisibleAsync(id, ctx, ct);
        return quote is null ? NoSuchQuote(id) : await AsCardAsync(new QuoteCardReply(quote), ct);
    }

    /// <summary>Every command this bot answers, for help and for platform command menus.</summary>
    public IReadOnlyList<CommandInfo> AllCommands => [.. Commands.Take(Commands.Count - 1), .. _extra.Select(e => e.Info), Commands[^1]];

    public HelpReply Help() => new(AllCommands, QueryParser.Usage);

    /// <summary>The commands that can do something in this conversation (an unavailable feature is left out).</summary>
    public HelpReply Help(CommandContext ctx)
    {
        var unavailable = _extra.Where(e => !e.IsAvailable(ctx)).Select(e => e.Info.Name).ToHashSet(StringComparer.Ordinal);
        return new(AllCommands.Where(c => !unavailable.Contains(c.Name)).ToArray(), QueryParser.Usage);
    }

    /// <summary>/quote: for a search, the match of rank <paramref name="rank"/> (0 = best; "Another" asks for the next).</summary>
    private async Task<Reply> QuoteAsync(string args, CommandContext ctx, CancellationToken ct, int rank = 0)
    {
        var parsed = QueryParser.Parse(args);
        if (!parsed.Ok)
        {
            return new MessageReply(parsed.Error!, MessageKind.Usage);
        }

        var query = parsed.Query!;
        var (quote, shown) = await finder.FindAsync(query, ctx.Visibility, ctx.ConversationKey, rank, ct);
        if (quote is not null)
        {
            // Replies show (and buttons repeat) the query in the user's own words; it parses to the same query.
            return new QuoteCardReply(quote, QueryParser.Echo(args)) { Rank = shown };
        }

        return query switch
        {
            { Id: { } id } => NoSuchQuote(id),
            { IsEmpty: true } => new MessageReply("There are no quotes yet. A moderator can add one with /addquote.", MessageKind.NotFound),
            _ => NothingMatched(args),
        };
    }

    private async Task<Reply> ListAsync(string args, int offset, CommandContext ctx, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(args))
        {
            return new MessageReply("Usage: /quotes <query>. " + QueryParser.Usage, MessageKind.Usage);
        }

        var parsed = QueryParser.Parse(args);
        if (!parsed.Ok)
        {
            return new MessageReply(parsed.Error!, MessageKind.Usage);
        }

        var query = parsed.Query!;
        offset = query.Id is null ? Math.Max(0, offset) : 0;
        var page = await finder.FindPageAsync(query, ctx.Visibility, offset, PageSize, ct);
        if (page.Items.Count == 0)
        {
            return query.Id is { } id ? NoSuchQuote(id)
                : offset > 0 ? new MessageReply("No more results.", MessageKind.NotFound)
                : NothingMatched(args);
        }

        return new QuoteListReply(QueryParser.Echo(args), page.Items, offset, page.HasMore);
    }

    private async Task<Reply> ContextAsync(string args, CommandContext ctx, CancellationToken ct)
    {
        if (!TryParseId(args, out var id))
        {
            return new MessageReply("Usage: /context <id>, like /context 42", MessageKind.Usage);
        }

        var quote = await GetVisibleAsync(id, ctx, ct);
        return quote is null ? NoSuchQuote(id) : new ContextReply(quote);
    }

    private async Task<Reply> AddAsync(string args, CommandContext ctx, CancellationToken ct)
    {
        if (!await ctx.CanModerate(ctx.Scope, ct))
        {
            return Refused();
        }

        var (input, error) = QuoteInputParser.Parse(args, requireText: true, QuoteInputParser.AddUsage);
        if (input is null)
        {
            return new MessageReply(error!, MessageKind.Usage);
        }

        return await AddQuoteAsync(input, ctx, ct);
    }

    /// <summary>
    /// Stores a quote a moderator gave as typed parts (the parsed /addquote, "reply with /addquote", a form, slash
    /// command options, "Save as quote", the CLI); the parts are checked here whatever their way in, against
    /// <see cref="QuoteRules"/> too, before anything is written. A store fault is one calm line (see StoreFailed).
    /// </summary>
    public async Task<Reply> AddQuoteAsync(QuoteInput input, CommandContext ctx, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(ctx);
        try
        {
            return await AddQuoteCoreAsync(input, ctx, ct);
        }
        catch (QuoteStoreException ex)
        {
            return StoreFailed("/addquote", ex);
        }
    }

    /// <summary>The quote <paramref name="input"/> would store, or why it cannot be stored (one sentence). Writes nothing.</summary>
    public static (NewQuote? Quote, string? Problem) Prepare(QuoteInput input, Scope scope, Actor user, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(user);
        var text = QuoteInputParser.Clean(input.Text ?? string.Empty);
        var speaker = QuoteInputParser.Clean(input.Speaker ?? string.Empty);
        var url = string.IsNullOrWhiteSpace(input.SourceUrl) ? null : input.SourceUrl.Trim();
        var quote = new NewQuote
        {
            Text = text,
            Speaker = speaker.Length == 0 ? null : speaker,
            Source = new QuoteSource(null, null, url, null),
            Scope = scope,
            AddedBy = user.Id,
            AddedAt = now,
        };
        var problem = QuoteRules.CheckText(text)
            ?? (speaker.Length == 0 ? "the speaker is missing" : null)
            ?? QuoteRules.Check(quote);
        return problem is null ? (quote, null) : (null, QuoteRules.Sentence(problem));
    }

    private async Task<Reply> AddQuoteCoreAsync(QuoteInput input, CommandContext ctx, CancellationToken ct)
    {
        if (!await ctx.CanModerate(ctx.Scope, ct))
        {
            return Refused();
        }

        var (checkedInput, error) = QuoteInputParser.Check(input, requireText: true, QuoteInputParser.AddUsage);
        if (checkedInput is null)
        {
            return new MessageReply(error!, MessageKind.Usage);
        }

        if (Text.TextFolding.Fold(checkedInput.Text!).Length == 0)
        {
            return new MessageReply(QuoteInputParser.AddUsage, MessageKind.Usage);
        }

        var (quote, problem) = Prepare(checkedInput, ctx.Scope, ctx.User, time.GetUtcNow());
        if (quote is null)
        {
            return new MessageReply(problem! + " Nothing was added.", MessageKind.Usage);
        }

        var result = await store.AddAsync(quote, ctx.User, ct);
        return result.Added
            ? new QuoteCardReply(result.Quote, Note: $"Added as #{result.Quote.Id}.")
            : new MessageReply($"That quote is already stored as #{result.Quote.Id}.", MessageKind.Info);
    }

    private async Task<Reply> EditAsync(string args, CommandContext ctx, CancellationToken ct)
    {
        var trimmed = args.Trim();
        var space = trimmed.IndexOfAny([' ', '\n']);
        var idPart = space < 0 ? trimmed : trimmed[..space];
        if (!TryParseId(idPart, out var id))
        {
            return new MessageReply(QuoteInputParser.EditUsage, MessageKind.Usage);
        }

        var (input, error) = QuoteInputParser.Parse(space < 0 ? string.Empty : trimmed[space..], requireText: false, QuoteInputParser.EditUsage);
        if (input is null)
        {
            return new MessageReply(error!, MessageKind.Usage);
        }

        return await EditQuoteAsync(id, input, ctx, ct);
    }

    /// <summary>
    /// Changes the parts of quote <paramref name="id"/> that <paramref name="input"/> gives (the others stay), as typed
    /// values: adapters with separate fields pass them here instead of writing command text to be parsed again.
    /// </summary>
    public async Task<Reply> EditQuoteAsync(long id, QuoteInput input, CommandContext ctx, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(ctx);
        try
        {
            return await EditQuoteCoreAsync(id, input, ctx, ct);
        }
        catch (QuoteStoreException ex)
        {
            return StoreFailed("/editquote", ex);
        }
    }

    private async Task<Reply> EditQuoteCoreAsync(long id, QuoteInput input, CommandContext ctx, CancellationToken ct)
    {
        var (checkedInput, error) = QuoteInputParser.Check(input, requireText: false, QuoteInputParser.EditUsage);
        if (checkedInput is null)
        {
            return new MessageReply(error!, MessageKind.Usage);
        }

        var quote = await GetVisibleAsync(id, ctx, ct, includeRemoved: true);
        if (quote is null)
        {
            return NoSuchQuote(id);
        }

        if (!await ctx.CanModerate(quote.Scope, ct))
        {
            return Refused();
        }

        var change = new QuoteEdit(checkedInput.Text, checkedInput.Speaker, checkedInput.SourceUrl);
        if (QuoteRules.Check(change) is { } problem)
        {
            return new MessageReply(QuoteRules.Sentence(problem) + " Nothing was changed.", MessageKind.Usage);
        }

        Quote? edited;
        try
        {
            edited = await store.EditAsync(id, change, ctx.User, ct);
        }
        catch (DuplicateQuoteException dup)
        {
            return new MessageReply($"That edit would make quote #{id} the same as #{dup.ExistingId}; nothing was changed.", MessageKind.Usage);
        }

        return edited is null ? NoSuchQuote(id) : new QuoteCardReply(edited, Note: $"Quote #{id} updated.");
    }

    private async Task<Reply> SetStatusAsync(string args, QuoteStatus status, CommandContext ctx, CancellationToken ct)
    {
        var verb = status == QuoteStatus.Removed ? "removequote" : "restorequote";
        if (!TryParseId(args, out var id))
        {
            return new MessageReply($"Usage: /{verb} <id>, like /{verb} 42", MessageKind.Usage);
        }

        var quote = await GetVisibleAsync(id, ctx, ct, includeRemoved: true);
        if (quote is null)
        {
            return NoSuchQuote(id);
        }

        if (!await ctx.CanModerate(quote.Scope, ct))
        {
            return Refused();
        }

        if (quote.Status == QuoteStatus.Pending && status == QuoteStatus.Active)
        {
            return new MessageReply($"Quote #{id} is waiting for review: /review approves it.", MessageKind.Info);
        }

        if (quote.Status == status)
        {
            return AlreadyThere(id, status);
        }

        // Changed only from the status just shown to this moderator: a review decision or another moderator's
        // command in between wins, and this one says so instead of undoing it.
        var change = await store.ChangeStatusAsync(id, quote.Status, status, ctx.User, ct);
        if (change is null)
        {
            return NoSuchQuote(id);
        }

        if (!change.Changed)
        {
            return change.Quote.Status == status
                ? AlreadyThere(id, status)
                : new MessageReply($"Quote #{id} changed meanwhile (it is {change.Quote.Status.ToString().ToLowerInvariant()} now); nothing changed.", MessageKind.Info);
        }

        return status == QuoteStatus.Removed
            ? new MessageReply($"Removed quote #{id}. /restorequote {id} brings it back.", MessageKind.Success)
            : new MessageReply($"Restored quote #{id}.", MessageKind.Success);
    }

    private static MessageReply AlreadyThere(long id, QuoteStatus status) =>
        new(status == QuoteStatus.Removed ? $"Quote #{id} is already removed." : $"Quote #{id} is not removed.", MessageKind.Info);

    private Task<Quote?> GetVisibleAsync(long id, CommandContext ctx, CancellationToken ct, bool includeRemoved = false) =>
        finder.GetAsync(id, ctx.Visibility, includeRemoved, ct);

    /// <summary>Accepts "42" and "#42"; anything else (or too large) is not an id.</summary>
    public static bool TryParseId(string? text, out long id)
    {
        var s = (text ?? string.Empty).Trim().TrimStart('#');
        return long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out id) && id > 0;
    }

    private static MessageReply NoSuchQuote(long id) =>
        new(id > 0 ? $"There is no quote #{id} here." : "There is no such quote here.", MessageKind.NotFound);

    private static MessageReply NothingMatched(string args)
    {
        var shown = QueryParser.Echo(args);
        if (shown.Length > 60)
        {
            shown = shown[..(char.IsHighSurrogate(shown[59]) ? 59 : 60)] + "…";
        }

        return new MessageReply($"Nothing matched “{shown}”. Try fewer words, or speaker:name.", MessageKind.NotFound);
    }

    private static MessageReply Refused() =>
        new("Only moderators of this chat can change quotes.", MessageKind.Refused);
}
