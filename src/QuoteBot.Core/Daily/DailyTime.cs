namespace QuoteBot.Core.Daily;

/// <summary>
/// Turns "08:00 in Europe/Kyiv on a given local date" into an instant, every time afresh, so DST changes and tz
/// database updates are always honoured. A time that does not exist that day (spring forward) becomes the first
/// instant after it, when the clocks jump; a time that happens twice (fall back) means its first occurrence.
/// </summary>
public static class DailyTime
{
    /// <summary>The instant (UTC) of <paramref name="time"/> on the local date <paramref name="date"/>.</summary>
    public static DateTimeOffset OccurrenceOn(DateOnly date, TimeOnly time, TimeZoneInfo zone)
    {
        var local = date.ToDateTime(time, DateTimeKind.Unspecified);
        if (zone.IsAmbiguousTime(local))
        {
            // Fall back: the larger offset is the earlier of the two instants.
            var offset = zone.GetAmbiguousTimeOffsets(local).Max();
            return new DateTimeOffset(local, offset).ToUniversalTime();
        }

        if (zone.IsInvalidTime(local))
        {
            return GapEnd(local, zone);
        }

        return new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
    }

    /// <summary>The first occurrence strictly after <paramref name="after"/>.</summary>
    public static DateTimeOffset NextAfter(DateTimeOffset after, TimeOnly time, TimeZoneInfo zone)
    {
        var today = LocalDate(after, zone);
        for (var d = today.AddDays(-1); ; d = d.AddDays(1))
        {
            var at = OccurrenceOn(d, time, zone);
            if (at > after)
            {
                return at;
            }
        }
    }

    /// <summary>The calendar date in <paramref name="zone"/> at <paramref name="instant"/>.</summary>
    public static DateOnly LocalDate(DateTimeOffset instant, TimeZoneInfo zone) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, zone).DateTime);

    /// <summary>The local wall-clock time at <paramref name="instant"/>.</summary>
    public static DateTimeOffset ToLocal(DateTimeOffset instant, TimeZoneInfo zone) => TimeZoneInfo.ConvertTime(instant, zone);

    /// <summary>
    /// The instant the clocks jump over <paramref name="local"/> (which lies in a gap): the smallest instant whose
    /// wall-clock reading is at or after it. The reading only grows near a gap, so a binary search over seconds works.
    /// </summary>
    private static DateTimeOffset GapEnd(DateTime local, TimeZoneInfo zone)
    {
        var before = zone.GetUtcOffset(local.AddDays(-1));
        var after = zone.GetUtcOffset(local.AddDays(1));
        var small = before < after ? before : after;
        var big = before < after ? after : before;
        if (small == big)
        {
            small -= TimeSpan.FromHours(3);
            big += TimeSpan.FromHours(3);
        }

        var localTicks = local.Ticks;
        var lo = (localTicks - big.Ticks) / TimeSpan.TicksPerSecond - 1; // reading < local
        var hi = (localTicks - small.Ticks) / TimeSpan.TicksPerSecond + 1; // reading >= local
        while (hi - lo > 1)
        {
            var mid = lo + ((hi - lo) / 2);
            if (Reading(mid, zone) >= localTicks)
            {
                hi = mid;
            }
            else
            {
                lo = mid;
            }
        }

        return new DateTimeOffset(hi * TimeSpan.TicksPerSecond, TimeSpan.Zero);
    }

    private static long Reading(long utcSeconds, TimeZoneInfo zone)
    {
        var instant = new DateTimeOffset(utcSeconds * TimeSpan.TicksPerSecond, TimeSpan.Zero);
        return instant.Ticks + zone.GetUtcOffset(instant).Ticks;
    }
}
