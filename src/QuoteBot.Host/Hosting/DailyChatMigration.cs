using System.Globalization;
using QuoteBot.Core.Daily;
using QuoteBot.Telegram;

namespace QuoteBot.Host.Hosting;

/// <summary>A Telegram group that becomes a supergroup keeps its daily schedule (Host is the one place that knows both).</summary>
internal sealed class DailyChatMigration(IScheduleStore schedules) : ITelegramChatMigration
{
    public Task MigrateAsync(long fromChatId, long toChatId, CancellationToken ct) =>
        schedules.MoveConversationAsync(
            "tg:" + fromChatId.ToString(CultureInfo.InvariantCulture),
            "tg:" + toChatId.ToString(CultureInfo.InvariantCulture),
            ct);
}
