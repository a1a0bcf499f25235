using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using QuoteBot.Core.Commands;
using QuoteBot.Core.Model;
using QuoteBot.Core.Review;
using QuoteBot.Core.Search;
using QuoteBot.Core.Storage;
using Telegram.Bot;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;
using Telegram.Bot.Types.InlineQueryResults;

namespace QuoteBot.Telegram;

/// <summary>
/// Handles one update (resolved in its own DI scope): commands in private chats and groups, button presses,
/// inline queries and group migrations. Private chats read the global corpus; groups read theirs plus the global one.
/// </summary>
public sealed class TelegramUpdateHandler(
    QuoteCommands commands,
    QuoteFinder finder,
    TelegramRenderer renderer,
    TelegramSender sender,
    ChatModeration moderation,
    BotIdentity identity,
    IEnumerable<ITelegramChatMigration> migrations,
    IOptions<TelegramOptions> options,
    ILogger<TelegramUpdateHandler> logger)
{
    private const string StaleButton = "That button no longer works.";

    public static string ConversationKey(long chatId) => "tg:" + chatId.ToString(CultureInfo.InvariantCulture);

    public async Task HandleAsync(Update update, CancellationToken ct)
    {
        if (update.Message is { } message)
        {
            await OnMessageAsync(message, ct);
        }
        else if (update.CallbackQuery is { } callback)
        {
            await OnCallbackAsync(callback, ct);
        }
        else if (update.InlineQuery is { } inline)
        {
            await OnInlineAsync(inline, ct);
        }
    }

    private async Task OnMessageAsync(Message m, CancellationToken ct)
    {
        if (m.MigrateToChatId is { } to)
        {
            await MigrateAsync(m.Chat.Id, to, ct);
            return;
        }

        if (m.MigrateFromChatId is { } from)
        {
            await MigrateAsync(from, m.Chat.Id, ct);
            return;
        }

        if (m.Chat.Type == ChatType.Channel || string.IsNullOrEmpty(m.Text))
        {
            return;
        }

        if (m.Text[0] != '/')
        {
            await OnReplyToPromptAsync(m, ct);
            return;
        }

        var me = await identity.GetAsync(ct);
        var request = CommandText.Parse(m.Text, me.Username);
        if (request is null)
        {
            return; // not a command, or addressed to another bot
        }

        var isPrivate = m.Chat.Type == ChatType.Private;
        if (!IsKnown(request.Name) && !isPrivate)
        {
            return; // other bots' commands in groups are none of our business
        }

        var ctx = Context(m.Chat, m.From, m.SenderChat);
        var reply = request.Name == "addquote" && m.ReplyToMessage is { } replied && !StartsWithQuoteMark(request.Arguments)
            ? await AddFromReplyAsync(replied, request.Arguments, ctx, ct)
            : await commands.HandleAsync(request, ctx, ct);
        Send(m.Chat.Id, reply, isPrivate ? null : m.MessageId, ct);
    }

    /// <summary>Queues a reply; a deferred one (/addarticle) goes out now and its result as a second message when ready.</summary>
    private void Send(long chatId, Reply reply, int? replyTo, CancellationToken ct)
    {
        sender.QueueReply(chatId, renderer.Render(reply), replyTo, ct);
        if (reply is DeferredReply deferred)
        {
            _ = FollowUpAsync(chatId, deferred.Later, replyTo);
        }
    }

    /// <summary>
    /// Sends the result of slow work when it is done. It is not part of the update (which counts as handled long
    /// before), so it leaves the update's deliveries and is cancelled only by the outbox stopping.
    /// </summary>
    private async Task FollowUpAsync(long chatId, Task<Reply> later, int? replyTo)
    {
        UpdateDeliveries.Current = null;
        try
        {
            var reply = await later.ConfigureAwait(false);
            sender.QueueReply(chatId, renderer.Render(reply), replyTo, CancellationToken.None);
        }
        catch (Exception ex) when (ex is ObjectDisposedException or InvalidOperationException or OperationCanceledException)
        {
            // The bot is stopping: the result has nowhere to go. (The article itself is stored or not, as it says.)
            logger.LogWarning("Could not send a fetch result to chat {ChatId}: {Error}", chatId, ex.Message);
        }
        catch (Exception ex)
        {
            // Nobody awaits this task: log anything unforeseen instead of leaving it unobserved.
            logger.LogError(ex, "Sending a fetch result to chat {ChatId} failed", chatId);
        }
    }

    /// <summary>
    /// A reply to the bot's fix-speaker prompt ("Fix speaker of #42 …") is the right name for that quote: it goes
    /// through /fixspeaker, so the moderator check and the validation are the same. Other text is ignored.
    /// </summary>
    private async Task OnReplyToPromptAsync(Message m, CancellationToken ct)
    {
        if (m.ReplyToMessage is not { } prompt || !ReviewDesk.TryReadPrompt(prompt.Text, out var id))
        {
            return;
        }

        var me = await identity.GetAsync(ct);
        if (prompt.From?.Id != me.Id)
        {
            return; // only the bot's own prompt names a quote
        }

        var ctx = Context(m.Chat, m.From, m.SenderChat);
        var reply = await commands.HandleAsync(new CommandRequest("fixspeaker", id.ToString(CultureInfo.InvariantCulture) + " " + m.Text), ctx, ct);
        Send(m.Chat.Id, reply, m.Chat.Type == ChatType.Private ? null : m.MessageId, ct);
    }

    private bool IsKnown(string name) =>
        name is "start" or "search" || commands.AllCommands.Any(c => c.Name == name);

    private static bool StartsWithQuoteMark(string args) =>
        args.TrimStart() is { Length: > 0 } s && s[0] is '"' or '\u201C' or '\u201E' or '\u00AB';

    /// <summary>"/addquote [Speaker]" in reply to a message: that message's text is the quote, its author the default speaker.</summary>
    private Task<Reply> AddFromReplyAsync(Message replied, string args, CommandContext ctx, CancellationToken ct)
    {
        var text = replied.Text ?? replied.Caption;
        if (string.IsNullOrWhiteSpace(text))
        {
            return Task.FromResult<Reply>(new MessageReply("Reply with /addquote to a text message to save it as a quote.", MessageKind.Usage));
        }

        var speaker = args.Trim().TrimStart('-', '\u2014', '\u2013').Trim();
        if (speaker.Length == 0)
        {
            speaker = AuthorName(replied);
        }

        return commands.AddQuoteAsync(new QuoteInput(text, speaker, null), ctx, ct);
    }

    private static string AuthorName(Message m)
    {
        if (m.ForwardOrigin is global::Telegram.Bot.Types.MessageOriginUser u)
        {
            return FullName(u.SenderUser);
        }

        if (m.ForwardOrigin is global::Telegram.Bot.Types.MessageOriginHiddenUser h)
        {
            return h.SenderUserName;
        }

        if (m.SenderChat is { } chat)
        {
            return chat.Title ?? chat.Username ?? "Unknown";
        }

        return m.From is { } from ? FullName(from) : "Unknown";
    }

    private static string FullName(User u) =>
        string.IsNullOrWhiteSpace(u.LastName) ? u.FirstName : u.FirstName + " " + u.LastName;

    private CommandContext Context(Chat chat, User? from, Chat? senderChat)
    {
        var scope = chat.Type == ChatType.Private ? Scope.Global : Scope.Telegram(chat.Id);
        var actor = from is not null
            ? new Actor("tg:" + from.Id.ToString(CultureInfo.InvariantCulture), FullName(from))
            : new Actor("tg:chat:" + (senderChat?.Id ?? chat.Id).ToString(CultureInfo.InvariantCulture), senderChat?.Title ?? chat.Title ?? "anonymous");
        return new CommandContext(scope, ConversationKey(chat.Id), actor, (s, c) => moderation.CanModerateAsync(chat, from, senderChat, s, c));
    }

    private async Task OnCallbackAsync(CallbackQuery q, CancellationToken ct)
    {
        var answered = false;
        try
        {
            var action = ActionCodec.Decode(q.Data);
            var chat = q.Message?.Chat;
            if (action is null || chat is null)
            {
                // Forged or old data, or a button on an inline message (those carry only links).
                answered = true;
                await AnswerAsync(q, StaleButton, ct);
                return;
            }

            var reply = await commands.HandleActionAsync(action, Context(chat, q.From, null), ct);
            if (action is ReviewAction)
            {
                answered = true;
                ReviewAnswer(q, chat.Id, reply, ct);
                return;
            }

            if (reply is MessageReply message)
            {
                answered = true;
                await AnswerAsync(q, TelegramRenderer.CallbackText(message), ct);
                return;
            }

            answered = true;
            await AnswerAsync(q, null, ct);
            if (action is PageAction && reply is QuoteListReply)
            {
                sender.QueueEdit(chat.Id, q.Message!.MessageId, renderer.Render(reply), ct);
            }
            else
            {
                sender.QueueReply(chat.Id, renderer.Render(reply), null, ct);
            }
        }
        finally
        {
            if (!answered)
            {
                // Something failed before the answer: still stop the button's spinner.
                await AnswerAsync(q, "Sorry, that did not work.", CancellationToken.None);
            }
        }
    }

    /// <summary>
    /// A review button: the card turns into the next pending quote (or the last decision) in place; a prompt for the
    /// right speaker is a new message; a refusal or "already decided" is only the short answer, and the card stays.
    /// </summary>
    private void ReviewAnswer(CallbackQuery q, long chatId, Reply reply, CancellationToken ct)
    {
        switch (reply)
        {
            case ReviewReply review:
                sender.QueueCallbackAnswer(q.Id, review.Note is null ? null : TelegramHtml.Shorten(review.Note, TelegramRenderer.MaxCallbackAnswerLength), ct);
                sender.QueueEdit(chatId, q.Message!.MessageId, renderer.Render(reply), ct);
                break;
            case MessageReply { Kind: MessageKind.Success } done:
                sender.QueueCallbackAnswer(q.Id, TelegramRenderer.CallbackText(done), ct);
                sender.QueueEdit(chatId, q.Message!.MessageId, renderer.Render(reply), ct);
                break;
            case MessageReply message:
                sender.QueueCallbackAnswer(q.Id, TelegramRenderer.CallbackText(message), ct);
                break;
            default:
                sender.QueueCallbackAnswer(q.Id, null, ct);
                sender.QueueReply(chatId, renderer.Render(reply), null, ct);
                break;
        }
    }

    /// <summary>Queues the answer (ahead of every message); old queries (over a few seconds) are refused by Telegram and dropped.</summary>
    private Task AnswerAsync(CallbackQuery q, string? text, CancellationToken ct)
    {
        sender.QueueCallbackAnswer(q.Id, text, ct);
        return Task.CompletedTask;
    }

    private async Task OnInlineAsync(InlineQuery iq, CancellationToken ct)
    {
        IReadOnlyList<Quote> quotes;
        string nextOffset;
        bool personal;
        try
        {
            (quotes, nextOffset, personal) = await InlineResultsAsync(iq, ct);
        }
        catch (QuoteStoreException e)
        {
            // One line, no stack trace; the user sees no results rather than a spinner.
            logger.LogError("The quote store failed while answering an inline query: {Error}", e.Message.ReplaceLineEndings(" "));
            (quotes, nextOffset, personal) = ([], string.Empty, true);
        }

        InlineQueryResult[] results = [.. quotes.Select(renderer.InlineResult)];
        sender.QueueInlineAnswer(iq.Id, results, personal ? 0 : 30, personal, nextOffset, ct);
    }

    private async Task<(IReadOnlyList<Quote> Quotes, string NextOffset, bool Personal)> InlineResultsAsync(InlineQuery iq, CancellationToken ct)
    {
        var pageSize = options.Value.InlinePageSize;
        var visibility = Visibility.For(Scope.Global);
        var offset = int.TryParse(iq.Offset, NumberStyles.None, CultureInfo.InvariantCulture, out var o) && o is >= 0 and <= 10_000 ? o : 0;
        IReadOnlyList<Quote> quotes = [];
        var nextOffset = string.Empty;
        var personal = false;
        if (string.IsNullOrWhiteSpace(iq.Query))
        {
            // A selection of random quotes, different for each user and each time.
            personal = true;
            quotes = await finder.PickAsync("tg-inline:" + iq.From.Id.ToString(CultureInfo.InvariantCulture), visibility, pageSize, ct);
        }
        else
        {
            var parsed = QueryParser.Parse(iq.Query);
            if (parsed.Ok)
            {
                var page = await finder.FindPageAsync(parsed.Query!, visibility, offset, pageSize, ct);
                quotes = page.Items;
                nextOffset = page.HasMore ? (offset + pageSize).ToString(CultureInfo.InvariantCulture) : string.Empty;
            }
        }

        return (quotes, nextOffset, personal);
    }

    private async Task MigrateAsync(long fromChatId, long toChatId, CancellationToken ct)
    {
        if (fromChatId == toChatId)
        {
            return;
        }

        logger.LogInformation("Telegram group {From} became supergroup {To}; moving its quotes and settings.", fromChatId, toChatId);
        moderation.Forget(fromChatId);
        foreach (var migration in migrations)
        {
            try
            {
                await migration.MigrateAsync(fromChatId, toChatId, ct);
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                logger.LogError(e, "Moving chat {From} to {To} failed in {Migration}.", fromChatId, toChatId, migration.GetType().Name);
            }
        }
    }
}
