using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using QuoteBot.Core.Daily;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace QuoteBot.Telegram;

/// <summary>
/// Sends and edits messages, turning every failure into an outcome: a blocked bot, a kicked bot, a deleted chat or a
/// 400 is logged once with the chat id and not retried; a 429 is retried once after retry_after when that is short.
/// Never throws except for cancellation.
/// </summary>
public sealed class TelegramSender(ITelegramBotClient bot, ILogger<TelegramSender> logger, TimeProvider time)
{
    private static readonly TimeSpan MaxInlineRetryWait = TimeSpan.FromSeconds(30);
    private readonly ConcurrentDictionary<long, byte> _unreachable = new();

    public Task<PostOutcome> SendAsync(long chatId, TelegramMessage message, int? replyToMessageId = null, CancellationToken ct = default) =>
        message.Photo is { } photo
            ? RunAsync(chatId, "sendPhoto", c => bot.SendPhoto(
                chatId,
                InputFile.FromStream(new MemoryStream(photo.Png, writable: false), photo.FileName),
                message.Html,
                ParseMode.Html,
                replyParameters: replyToMessageId is { } to ? new ReplyParameters { MessageId = to, AllowSendingWithoutReply = true } : null,
                replyMarkup: message.Keyboard,
                cancellationToken: c), ct)
            : RunAsync(chatId, "sendMessage", c => bot.SendMessage(
            chatId,
            message.Html,
            ParseMode.Html,
            replyParameters: replyToMessageId is { } id ? new ReplyParameters { MessageId = id, AllowSendingWithoutReply = true } : null,
            replyMarkup: message.Keyboard,
            linkPreviewOptions: message.LinkPreview,
            cancellationToken: c), ct);

    public Task<PostOutcome> EditAsync(long chatId, int messageId, TelegramMessage message, CancellationToken ct = default) =>
        RunAsync(chatId, "editMessageText", c => bot.EditMessageText(
            chatId,
            messageId,
            message.Html,
            ParseMode.Html,
            replyMarkup: message.Keyboard,
            linkPreviewOptions: message.LinkPreview,
            cancellationToken: c), ct);

    /// <summary>Runs one call for a chat and classifies what went wrong.</summary>
    public async Task<PostOutcome> RunAsync(long chatId, string method, Func<CancellationToken, Task> call, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await call(ct);
                _unreachable.TryRemove(chatId, out _);
                return PostOutcome.Sent;
            }
            catch (ApiRequestException e) when (e.ErrorCode == 429 && attempt == 0 && RetryAfter(e) is { } wait && wait <= MaxInlineRetryWait)
            {
                logger.LogInformation("Telegram rate-limited {Method} in chat {ChatId}; retrying in {Seconds}s.", method, chatId, wait.TotalSeconds);
                await Task.Delay(wait, time, ct);
            }
            catch (ApiRequestException e) when (e.ErrorCode == 400 && e.Message.Contains("message is not modified", StringComparison.OrdinalIgnoreCase))
            {
                return PostOutcome.Sent;
            }
            catch (ApiRequestException e) when (e.ErrorCode is 400 or 403 or 404)
            {
                // Blocked, kicked, chat deleted, or a request Telegram refuses: retrying will not help.
                if (_unreachable.TryAdd(chatId, 0))
                {
                    logger.LogWarning("Telegram refused {Method} in chat {ChatId} ({Code}: {Description}); not retrying.", method, chatId, e.ErrorCode, e.Message);
                }
                else
                {
                    logger.LogDebug("Telegram refused {Method} in chat {ChatId} again ({Code}).", method, chatId, e.ErrorCode);
                }

                return PostOutcome.PermanentFailure;
            }
            catch (ApiRequestException e)
            {
                logger.LogWarning("Telegram failed {Method} in chat {ChatId} ({Code}: {Description}).", method, chatId, e.ErrorCode, e.Message);
                return PostOutcome.TransientFailure;
            }
            catch (Exception e) when (!ct.IsCancellationRequested && e is RequestException or HttpRequestException or TaskCanceledException)
            {
                logger.LogWarning("Could not reach Telegram for {Method} in chat {ChatId}: {Error}.", method, chatId, TelegramErrors.Describe(e));
                return PostOutcome.TransientFailure;
            }
        }
    }

    internal static TimeSpan? RetryAfter(ApiRequestException e) =>
        e.Parameters?.RetryAfter is { } s and >= 0 ? TimeSpan.FromSeconds(s) : null;
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
