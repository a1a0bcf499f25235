using System.Globalization;
using QuoteBot.Core.Commands;
using QuoteBot.Core.Search;

namespace QuoteBot.Core.Daily;

/// <summary>
/// <c>/daily set HH:MM &lt;IANA zone&gt; [query]</c>, <c>/daily show</c>, <c>/daily now</c>, <c>/daily off</c>: one
/// daily quote per conversation. Showing is for everyone; changing and posting now are for moderators.
/// </summary>
public sealed class DailyCommand(
    IScheduleStore schedules,
    DailyPostRunner runner,
    DailySignal signal,
    TimeProvider time) : IChatCommand
{
    public const string Usage = "Usage: /daily set 08:00 Europe/Kyiv [query] · /daily show · /daily now · /daily off";
    public const string TimeError = "The time must be HH:MM on a 24-hour clock, like /daily set 08:00 Europe/Kyiv";
    public const string Refusal = "Only moderators of this chat can change the daily quote.";
    /// <summary>The answer to every /daily where no daily post can go (the terminal chat).</summary>
    public const string NotHere = "Daily quotes are posted in Telegram and Discord chats; they are not available here.";

    private const string NoneHere = "There is no daily quote here. A moderator can start one: /daily set 08:00 Europe/Kyiv";

    public CommandInfo Info { get; } = new("daily", "set HH:MM <zone> [query] | show | now | off", "A quote posted here every day", true);

    public async Task<Reply> HandleAsync(CommandRequest request, CommandContext context, CancellationToken ct)
    {
        var args = (request.Arguments ?? string.Empty).Trim();
        var space = args.IndexOfAny([' ', '\n', '\t']);
        var verb = (space < 0 ? args : args[..space]).ToLowerInvariant();
        var rest = space < 0 ? string.Empty : args[(space + 1)..].Trim();
        if (!IsAvailable(context))
        {
            // Every verb gives the same answer where nothing can be posted (the terminal chat), so none invites a
            // /daily set that would then be refused.
            return new MessageReply(NotHere, MessageKind.Info);
        }

        return verb switch
        {
            "set" => await SetAsync(rest, context, ct),
            "show" or "" => await ShowAsync(context, ct),
            "now" => await NowAsync(context, ct),
            "off" or "stop" => await OffAsync(context, ct),
            _ => new MessageReply(Usage, MessageKind.Usage),
        };
    }

    /// <summary>Daily posts need a poster for the conversation's platform (the terminal chat has none).</summary>
    public bool IsAvailable(CommandContext context) => runner.PosterFor(ConversationKeys.PlatformOf(context.ConversationKey)) is not null;

    /// <summary>Parses "8:00" or "08:00" (24-hour).</summary>
    public static bool TryParseTime(string? text, out TimeOnly value)
    {
        value = default;
        var parts = (text ?? string.Empty).Split(':');
        if (parts.Length != 2 || parts[0].Length is < 1 or > 2 || parts[1].Length != 2
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var h)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var m)
            || h > 23 || m > 59)
        {
            return false;
        }

        value = new TimeOnly(h, m);
        return true;
    }

    /// <summary>"in 5 h 12 min", "in 12 min", "in less than a minute" (whole minutes, rounded down).</summary>
    public static string FormatIn(TimeSpan span)
    {
        var minutes = (long)Math.Floor(Math.Max(0, span.TotalMinutes));
        if (minutes == 0)
        {
            return "in less than a minute";
        }

        var h = minutes / 60;
        var m = minutes % 60;
        return h == 0
            ? string.Create(CultureInfo.InvariantCulture, $"in {m} min")
            : string.Create(CultureInfo.InvariantCulture, $"in {h} h {m} min");
    }

    private async Task<Reply> SetAsync(string args, CommandContext ctx, CancellationToken ct)
    {
        if (!await ctx.CanModerate(ctx.Scope, ct))
        {
            return new MessageReply(Refusal, MessageKind.Refused);
        }

        var parts = args.Split((char[]?)null, 3, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length < 2)
        {
            return new MessageReply(parts.Length == 1 && !TryParseTime(parts[0], out _) ? TimeError : Usage, MessageKind.Usage);
        }

        if (!TryParseTime(parts[0], out var localTime))
        {
            return new MessageReply(TimeError, MessageKind.Usage);
        }

        if (!TimeZoneCatalog.TryFind(parts[1], out var zone))
        {
            return new MessageReply($"Unknown time zone “{Shorten(parts[1])}”. Use an IANA zone, like /daily set 08:00 Europe/Kyiv", MessageKind.Usage);
        }

        string? query = null;
        if (parts.Length == 3)
        {
            var parsed = QueryParser.Parse(parts[2]);
            if (!parsed.Ok)
            {
                return new MessageReply(parsed.Error!, MessageKind.Usage);
            }

            // Kept as typed (it is shown back); parsed again for every post.
            query = parsed.Query!.IsEmpty ? null : QuoteInputParser.Clean(parts[2]).Replace('\n', ' ');
            if (query is not null && query.Length > QueryParser.MaxInputLength)
            {
                query = query[..QueryParser.MaxInputLength];
            }
        }

        var platform = ConversationKeys.PlatformOf(ctx.ConversationKey);
        if (runner.PosterFor(platform) is null)
        {
            return new MessageReply(NotHere, MessageKind.Info);
        }

        var now = time.GetUtcNow();
        var sub = await schedules.UpsertAsync(
            new DailySubscriptionSpec(platform, ctx.ConversationKey, ctx.Scope, localTime, zone.Id, query, ctx.User.Id, now),
            ct);
        signal.Wake();
        return new MessageReply($"Daily quote set: {Describe(sub)}. Next {await NextAsync(sub, zone, now, ct)}.", MessageKind.Success);
    }

    private async Task<Reply> ShowAsync(CommandContext ctx, CancellationToken ct)
    {
        var sub = await schedules.GetAsync(ctx.ConversationKey, ct);
        if (sub is null)
        {
            return new MessageReply(NoneHere, MessageKind.Info);
        }

        if (!TimeZoneCatalog.TryFind(sub.ZoneId, out var zone))
        {
            return new MessageReply($"Daily quote: {Describe(sub)}, but this server does not know that time zone. A moderator can /daily set it again.", MessageKind.Info);
        }

        if (sub.Paused)
        {
            if (await ctx.CanModerate(ctx.Scope, ct))
            {
                await schedules.MarkPauseNotifiedAsync(sub.Id, ct);
            }

            return new MessageReply($"Daily quote: {Describe(sub)}. {PausedLine(sub)}", MessageKind.Info);
        }

        return new MessageReply($"Daily quote: {Describe(sub)}. Next {await NextAsync(sub, zone, time.GetUtcNow(), ct)}.", MessageKind.Info);
    }

    private async Task<Reply> NowAsync(CommandContext ctx, CancellationToken ct)
    {
        if (!await ctx.CanModerate(ctx.Scope, ct))
        {
            return new MessageReply(Refusal, MessageKind.Refused);
        }

        var sub = await schedules.GetAsync(ctx.ConversationKey, ct);
        if (sub is null)
        {
            return new MessageReply(NoneHere, MessageKind.Info);
        }

        if (!TimeZoneCatalog.TryFind(sub.ZoneId, out var zone))
        {
            return new MessageReply("This server does not know the daily quote's time zone. Set it again with /daily set.", MessageKind.Info);
        }

        var now = time.GetUtcNow();
        var today = DailyTime.LocalDate(now, zone);
        var result = await runner.PostDayAsync(sub, today, now, countFailures: false, ct);
        var extra = false;
        if (result == DailyRunResult.AlreadyClaimed)
        {
            extra = true;
            result = await runner.PostExtraAsync(sub, now, ct);
        }

        switch (result)
        {
            case DailyRunResult.Sent:
                if (sub.Paused || sub.ConsecutiveFailures > 0)
                {
                    await schedules.ResumeAsync(sub.Id, ct);
                    signal.Wake();
                }

                return new MessageReply(extra ? "Posted an extra quote; today's was already posted." : "Posted today's quote.", MessageKind.Success);
            case DailyRunResult.NoPoster:
                return new MessageReply(NotHere, MessageKind.Info);
            case DailyRunResult.NoQuote:
                return new MessageReply("No quote matches the daily filter. Change it with /daily set.", MessageKind.NotFound);
            case DailyRunResult.PermanentFailure:
                return new MessageReply("The chat refused the post: check that the bot may send messages here.", MessageKind.Info);
            default:
                return new MessageReply("The post did not go out just now. Try again in a minute.", MessageKind.Info);
        }
    }

    private async Task<Reply> OffAsync(CommandContext ctx, CancellationToken ct)
    {
        if (!await ctx.CanModerate(ctx.Scope, ct))
        {
            return new MessageReply(Refusal, MessageKind.Refused);
        }

        var removed = await schedules.RemoveAsync(ctx.ConversationKey, ct);
        signal.Wake();
        return removed
            ? new MessageReply("Daily quotes are off here.", MessageKind.Success)
            : new MessageReply("There was no daily quote here.", MessageKind.Info);
    }

    /// <summary>The line that tells moderators a subscription is paused and why.</summary>
    public static string PausedLine(DailySubscription sub) =>
        string.Create(CultureInfo.InvariantCulture, $"Paused after {sub.ConsecutiveFailures} failed posts in a row ({sub.LastFailure ?? "unknown reason"}). /daily now or /daily set starts it again.");

    private static string Describe(DailySubscription sub)
    {
        var at = sub.LocalTime.ToString("HH:mm", CultureInfo.InvariantCulture) + " " + sub.ZoneId;
        return sub.Query is null ? at + ", any quote" : at + ", filter: " + sub.Query;
    }

    /// <summary>The next scheduled post, skipping a day already taken (by /daily now before the time).</summary>
    private async Task<string> NextAsync(DailySubscription sub, TimeZoneInfo zone, DateTimeOffset now, CancellationToken ct)
    {
        var next = DailyTime.NextAfter(now, sub.LocalTime, zone);
        if (await schedules.IsClaimedAsync(sub.Id, DailyTime.LocalDate(next, zone), ct))
        {
            next = DailyTime.NextAfter(next, sub.LocalTime, zone);
        }

        var local = DailyTime.ToLocal(next, zone);
        return local.ToString("ddd d MMM HH:mm", CultureInfo.InvariantCulture) + " " + FormatIn(next - now);
    }

    private static string Shorten(string s)
    {
        var clean = new string(s.Where(c => !char.IsControl(c)).ToArray());
        return clean.Length > 40 ? clean[..40] + "…" : clean;
    }
}
