using QuoteBot.Core.Daily;

namespace QuoteBot.Core.Tests.Daily;

public class DailyTimeTests
{
    private static DateTimeOffset Utc(int y, int mo, int d, int h, int mi) => new(y, mo, d, h, mi, 0, TimeSpan.Zero);

    [Theory]
    // Ordinary days: the local time with that day's offset.
    [InlineData("Europe/Kyiv", "2026-01-15", "08:00", "2026-01-15T06:00Z")]
    [InlineData("Europe/Kyiv", "2026-07-15", "08:00", "2026-07-15T05:00Z")]
    // Spring forward: a time in the gap posts when the clocks jump (03:00 -> 04:00 in Kyiv, 02:00 -> 03:00 in New York,
    // 02:00 -> 02:30 on Lord Howe Island).
    [InlineData("Europe/Kyiv", "2026-03-29", "03:30", "2026-03-29T01:00Z")]
    [InlineData("America/New_York", "2026-03-08", "02:30", "2026-03-08T07:00Z")]
    [InlineData("Australia/Lord_Howe", "2026-10-04", "02:15", "2026-10-03T15:30Z")]
    // Fall back: a repeated time posts at its first occurrence (the summer offset).
    [InlineData("Europe/Kyiv", "2026-10-25", "03:30", "2026-10-25T00:30Z")]
    [InlineData("America/New_York", "2026-11-01", "01:30", "2026-11-01T05:30Z")]
    [InlineData("Australia/Lord_Howe", "2026-04-05", "01:45", "2026-04-04T14:45Z")]
    public void OccurrenceOn_DstEdges_GivesExpectedInstant(string zone, string date, string time, string expected)
    {
        var at = DailyTime.OccurrenceOn(DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture), TimeOnly.Parse(time, System.Globalization.CultureInfo.InvariantCulture), TimeZoneInfo.FindSystemTimeZoneById(zone));

        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), at);
    }

    [Fact]
    public void NextAfter_AtTheInstantItself_GivesTheNextDay()
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Kyiv");
        var today = Utc(2026, 1, 15, 6, 0);

        Assert.Equal(Utc(2026, 1, 15, 6, 0), DailyTime.NextAfter(today.AddTicks(-1), new TimeOnly(8, 0), zone));
        Assert.Equal(Utc(2026, 1, 16, 6, 0), DailyTime.NextAfter(today, new TimeOnly(8, 0), zone));
    }

    [Fact]
    public void NextAfter_AcrossSpringForward_FollowsTheNewOffset()
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

        // 08:00 EST on Saturday, 08:00 EDT on Sunday: 23 hours apart.
        var sat = DailyTime.NextAfter(Utc(2026, 3, 7, 0, 0), new TimeOnly(8, 0), zone);
        var sun = DailyTime.NextAfter(sat, new TimeOnly(8, 0), zone);

        Assert.Equal(Utc(2026, 3, 7, 13, 0), sat);
        Assert.Equal(Utc(2026, 3, 8, 12, 0), sun);
    }

    [Fact]
    public void LocalDate_JustAfterLocalMidnight_IsTheLocalDay()
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Australia/Lord_Howe");

        // 13:30 UTC is 00:30 the next day at +11.
        Assert.Equal(new DateOnly(2026, 1, 16), DailyTime.LocalDate(Utc(2026, 1, 15, 13, 30), zone));
    }
}
