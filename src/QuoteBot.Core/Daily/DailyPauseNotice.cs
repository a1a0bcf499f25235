using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using QuoteBot.Core.Commands;

namespace QuoteBot.Core.Daily;

/// <summary>Tells a moderator, once, on their next command in the conversation, that its daily quote was paused.</summary>
public sealed class DailyPauseNotice(IScheduleStore schedules, ILogger<DailyPauseNotice>? logger = null) : IReplyNotice
{
    public async Task<string?> TakeAsync(CommandContext context, CancellationToken ct)
    {
        try
        {
            var sub = await schedules.GetAsync(context.ConversationKey, ct);
            if (sub is not { Paused: true, PauseNotified: false } || !await context.CanModerate(context.Scope, ct))
            {
                return null;
            }

            return await schedules.MarkPauseNotifiedAsync(sub.Id, ct) ? "Daily quote: " + DailyCommand.PausedLine(sub) : null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            (logger ?? (ILogger)NullLogger.Instance).LogWarning(ex, "Could not check the daily quote's pause notice");
            return null;
        }
    }
}
