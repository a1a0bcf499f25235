using System.Globalization;
using QuoteBot.Core.Commands;
using QuoteBot.Core.Daily;

namespace QuoteBot.Telegram;

/// <summary>Posts replies (daily quotes) to Telegram chats; conversation keys look like "tg:-100123".</summary>
public sealed class TelegramChannelPoster(TelegramSender sender, TelegramRenderer renderer) : IChannelPoster
{
    public string Platform => "tg";

    public Task<PostOutcome> PostAsync(string conversationKey, Reply reply, CancellationToken ct)
    {
        var prefix = Platform + ":";
        if (conversationKey is null
            || !conversationKey.StartsWith(prefix, StringComparison.Ordinal)
            || !long.TryParse(conversationKey.AsSpan(prefix.Length), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var chatId))
        {
            return Task.FromResult(PostOutcome.PermanentFailure);
        }

        return sender.SendAsync(chatId, renderer.Render(reply), null, ct);
    }
}
