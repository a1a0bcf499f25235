using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using QuoteBot.Core.Daily;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;
using Telegram.Bot.Types.InlineQueryResults;
using Telegram.Bot.Types.ReplyMarkups;

namespace QuoteBot.Telegram;

/// <summary>
/// Sends, edits and answers through the <see cref="TelegramOutbox"/>, turning every failure into an outcome: a blocked
/// bot, a kicked bot, a deleted chat or a 400 is logged once with the chat id and not retried; a 429 waits retry_after
/// in that chat's lane and is retried. Replies and answers to an update are queued (the handler does not wait for
/// them; the update counts as handled once they are sent or dropped); <see cref="SendAsync"/> (daily posts) waits for
/// the outcome. Never throws except for cancellation.
/// </summary>
public sealed class TelegramSender(ITelegramBotClient bot, TelegramOutbox outbox, IOptions<TelegramOptions> options, ILogger<TelegramSender> logger, TimeProvider time)
{
    private readonly ConcurrentDictionary<long, byte> _unreachable = new();

    /// <summary>Sends a post nobody is waiting for (a daily quote), after replies and answers; completes with the outcome.</summary>
    public Task<PostOutcome> SendAsync(long chatId, TelegramMessage message, int? replyToMessageId = null, CancellationToken ct = default) =>
        outbox.EnqueueAsync(chatId, SendPriority.Bulk, "sendMessage", time.GetUtcNow() + options.Value.ReplyMaxAge, c => SendMessageAsync(chatId, message, replyToMessageId, c), ct);

    /// <summary>Queues a reply to the update being handled; it is retried until sent or <see cref="TelegramOptions.ReplyMaxAge"/> after the update came in.</summary>
    public void QueueReply(long chatId, TelegramMessage message, int? replyToMessageId, CancellationToken ct) =>
        Track(outbox.EnqueueAsync(chatId, SendPriority.Reply, "sendMessage", ReplyDeadline(), c => SendMessageAsync(chatId, message, replyToMessageId, c), Token(ct)));

    /// <summary>Queues an edit of one of the bot's messages (a page turn) for the update being handled.</summary>
    public void QueueEdit(long chatId, int messageId, TelegramMessage message, CancellationToken ct) =>
        Track(outbox.EnqueueAsync(
            chatId,
            SendPriority.Reply,
            "editMessageText",
            ReplyDeadline(),
            c => AttemptAsync(chatId, "editMessageText", c2 => bot.EditMessageText(
                chatId,
                messageId,
                message.Html,
                ParseMode.Html,
                replyMarkup: message.Keyboard,
                linkPreviewOptions: message.LinkPreview,
                cancellationToken: c2), c),
            Token(ct)));

    /// <summary>Queues the answer to a button press, ahead of every message.</summary>
    public void QueueCallbackAnswer(string callbackQueryId, string? text, CancellationToken ct) =>
        Track(outbox.EnqueueAsync(
            null,
            SendPriority.Answer,
            "answerCallbackQuery",
            AnswerDeadline(),
            c => AttemptAsync(null, "answerCallbackQuery", c2 => bot.AnswerCallbackQuery(callbackQueryId, text, cancellationToken: c2), c),
            Token(ct)));

    /// <summary>Queues the answer to an inline query, ahead of every message.</summary>
    public void QueueInlineAnswer(string inlineQueryId, IEnumerable<InlineQueryResult> results, int cacheTime, bool isPersonal, string nextOffset, CancellationToken ct) =>
        Track(outbox.EnqueueAsync(
            null,
            SendPriority.Answer,
            "answerInlineQuery",
            AnswerDeadline(),
            c => AttemptAsync(null, "answerInlineQuery", c2 => bot.AnswerInlineQuery(inlineQueryId, results, cacheTime: cacheTime, isPersonal: isPersonal, nextOffset: nextOffset, cancellationToken: c2), c),
            Token(ct)));

    /// <summary>sendMessage, or sendPhoto with the text as caption when the message carries a card image.</summary>
    private Task<SendAttempt> SendMessageAsync(long chatId, TelegramMessage message, int? replyToMessageId, CancellationToken ct) =>
        message.Photo is { } photo
            ? AttemptAsync(chatId, "sendPhoto", c => bot.SendPhoto(
                chatId,
                InputFile.FromStream(new MemoryStream(photo.Png, writable: false), photo.FileName),
                message.Html,
                ParseMode.Html,
                replyParameters: replyToMessageId is { } to ? new ReplyParameters { MessageId = to, AllowSendingWithoutReply = true } : null,
                replyMarkup: message.Keyboard,
                cancellationToken: c), ct)
            : AttemptAsync(chatId, "sendMessage", c => bot.SendMessage(
            chatId,
            message.Html,
            ParseMode.Html,
            replyParameters: replyToMessageId is { } id ? new ReplyParameters { MessageId = id, AllowSendingWithoutReply = true } : null,
            replyMarkup: message.ForceReply ? new ForceReplyMarkup { InputFieldPlaceholder = "Speaker's name" } : message.Keyboard,
            linkPreviewOptions: message.LinkPreview,
            cancellationToken: c), ct);

    private DateTimeOffset ReplyDeadline() => (UpdateDeliveries.Current?.ReceivedAt ?? time.GetUtcNow()) + options.Value.ReplyMaxAge;

    private DateTimeOffset AnswerDeadline()
    {
        var received = UpdateDeliveries.Current?.ReceivedAt ?? time.GetUtcNow();
        var age = options.Value.ReplyMaxAge < TelegramOptions.AnswerMaxAge ? options.Value.ReplyMaxAge : TelegramOptions.AnswerMaxAge;
        return received + age;
    }

    private static void Track(Task<PostOutcome> delivery) => UpdateDeliveries.Current?.Add(delivery);

    /// <summary>Replies to an update are cancelled with the update (see <see cref="UpdateDeliveries"/>), not with the handler.</summary>
    private static CancellationToken Token(CancellationToken ct) => UpdateDeliveries.Current?.Token ?? ct;

    /// <summary>Makes one call and classifies what went wrong; <paramref name="chatId"/> is null for answers.</summary>
    internal async Task<SendAttempt> AttemptAsync(long? chatId, string method, Func<CancellationToken, Task> call, CancellationToken ct)
    {
        try
        {
            await call(ct);
            if (chatId is { } sentTo)
            {
                _unreachable.TryRemove(sentTo, out _);
            }

            return SendAttempt.Sent;
        }
        catch (ApiRequestException e) when (e.ErrorCode == 429)
        {
            return SendAttempt.RateLimited(RetryAfter(e) ?? TimeSpan.FromSeconds(1));
        }
        catch (ApiRequestException e) when (e.ErrorCode == 400 && e.Message.Contains("message is not modified", StringComparison.OrdinalIgnoreCase))
        {
            return SendAttempt.Sent;
        }
        catch (ApiRequestException e) when (e.ErrorCode is 400 or 403 or 404)
        {
            // Blocked, kicked, chat deleted, an expired query, or a request Telegram refuses: retrying will not help.
            if (chatId is not { } refusedBy)
            {
                logger.LogDebug("Telegram refused {Method} ({Code}: {Description}).", method, e.ErrorCode, e.Message);
            }
            else if (_unreachable.TryAdd(refusedBy, 0))
            {
                logger.LogWarning("Telegram refused {Method} in chat {ChatId} ({Code}: {Description}); not retrying.", method, refusedBy, e.ErrorCode, e.Message);
            }
            else
            {
                logger.LogDebug("Telegram refused {Method} in chat {ChatId} again ({Code}).", method, refusedBy, e.ErrorCode);
            }

            return SendAttempt.Refused($"refused ({e.ErrorCode}: {e.Message})");
        }
        catch (ApiRequestException e)
        {
            logger.LogWarning("Telegram failed {Method} in chat {ChatId} ({Code}: {Description}).", method, chatId, e.ErrorCode, e.Message);
            return SendAttempt.Failed($"Telegram answered {e.ErrorCode}: {e.Message}");
        }
        catch (Exception e) when (!ct.IsCancellationRequested && e is RequestException or HttpRequestException or TaskCanceledException)
        {
            var problem = TelegramErrors.Describe(e);
            logger.LogWarning("Could not reach Telegram for {Method} in chat {ChatId}: {Error}.", method, chatId, problem);
            return SendAttempt.Failed("could not reach Telegram (" + problem + ")");
        }
    }

    internal static TimeSpan? RetryAfter(ApiRequestException e) =>
        e.Parameters?.RetryAfter is { } s and >= 0 ? TimeSpan.FromSeconds(s) : null;
}

/// <summary>
/// The replies and answers queued while one update is handled, and when it came in (their deadlines count from then).
/// The dispatcher sets <see cref="Current"/> around the handler and, after giving the handler's slot back, waits for
/// them (for a while) before the update counts as handled, so a restart repeats an update rather than losing its
/// reply. While it waits, cancelling the update cancels its queued replies (<see cref="Token"/>); once it stopped
/// waiting (<see cref="Detach"/>), they no longer depend on the update.
/// </summary>
internal sealed class UpdateDeliveries(DateTimeOffset receivedAt) : IDisposable
{
    private static readonly AsyncLocal<UpdateDeliveries?> CurrentSlot = new();
    private readonly Lock _gate = new();
    private readonly List<Task> _tasks = [];
    private readonly CancellationTokenSource _cts = new();
    private CancellationTokenRegistration _link;

    public static UpdateDeliveries? Current
    {
        get => CurrentSlot.Value;
        set => CurrentSlot.Value = value;
    }

    public DateTimeOffset ReceivedAt { get; } = receivedAt;

    public CancellationToken Token => _cts.Token;

    /// <summary>Cancels the queued replies when <paramref name="ct"/> is cancelled (until <see cref="Detach"/>).</summary>
    public void LinkTo(CancellationToken ct) => _link = ct.UnsafeRegister(static s => ((CancellationTokenSource)s!).Cancel(), _cts);

    /// <summary>The update no longer waits: its replies go on whatever happens to it.</summary>
    public void Detach() => _link.Dispose();

    /// <summary>Cancels the replies still queued (never those being sent).</summary>
    public void Cancel() => _cts.Cancel();

    public void Add(Task delivery)
    {
        lock (_gate)
        {
            _tasks.Add(delivery);
        }
    }

    public Task WhenAllAsync()
    {
        lock (_gate)
        {
            return _tasks.Count == 0 ? Task.CompletedTask : Task.WhenAll(_tasks.ToArray());
        }
    }

    /// <summary>Once every queued reply is done.</summary>
    public void Dispose()
    {
        _link.Dispose();
        _cts.Dispose();
    }
}

/// <summary>Short, token-free descriptions of transport errors.</summary>
internal static class TelegramErrors
{
    /// <summary>The innermost useful message. Bot API URLs contain the token, so anything that looks like one is masked.</summary>
    public static string Describe(Exception e)
    {
        var inner = e;
        while (inner.InnerException is not null && inner is RequestException or AggregateException)
        {
            inner = inner.InnerException;
        }

        var text = inner.GetType().Name + ": " + inner.Message;
        return Redact(text);
    }

    public static string Redact(string text) =>
        System.Text.RegularExpressions.Regex.Replace(text, @"bot[0-9]{1,20}:[A-Za-z0-9_-]+", "bot<token>");
}
