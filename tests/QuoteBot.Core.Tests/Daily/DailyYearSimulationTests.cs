using QuoteBot.Core.Daily;

namespace QuoteBot.Core.Tests.Daily;

public class DailyYearSimulationTests
{
    private static readonly (string Key, string Zone, string Time)[] Schedules =
    [
        ("tg:1", "Europe/Kyiv", "08:00"),
        ("tg:2", "Europe/Kyiv", "03:30"), // in the March gap and repeated in October
        ("tg:3", "America/New_York", "08:00"),
        ("tg:4", "America/New_York", "02:30"), // in the March gap
        ("tg:5", "America/New_York", "01:30"), // repeated in November
        ("tg:6", "Australia/Lord_Howe", "08:00"),
        ("tg:7", "Australia/Lord_Howe", "02:15"), // in the 30-minute October gap
        ("tg:8", "Australia/Lord_Howe", "01:45"), // repeated in April
    ];

    [Fact]
    public async Task RunDue_SimulatedYear_OnePostPerLocalDayAtTheRightLocalTime()
    {
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var end = start.AddYears(1);
        var kit = new DailyTestKit(start, quotes: 400);
        foreach (var (key, zone, time) in Schedules)
        {
            await kit.SubscribeAsync(key, time, zone);
        }

        var scheduler = kit.NewScheduler();
        await kit.RunUntilAsync(scheduler, end);

        foreach (var (key, zoneId, timeText) in Schedules)
        {
            var zone = DailyTestKit.Zone(zoneId);
            var time = TimeOnly.Parse(timeText, System.Globalization.CultureInfo.InvariantCulture);
            var posts = kit.Poster.To(key);
            var byDate = posts.GroupBy(p => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(p.At, zone).DateTime)).ToArray();

            // Exactly one post for every local date whose time falls inside the simulated year.
            Assert.All(byDate, g => Assert.Single(g));
            var first = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(start, zone).DateTime);
            var expectedDates = Enumerable.Range(-1, 368).Select(first.AddDays)
                .Where(d => Expected(d, time, zone) is var at && at >= start && at < end)
                .ToArray();
            Assert.Equal(expectedDates, byDate.Select(g => g.Key).Order().ToArray());

            var gapDays = 0;
            var repeatedDays = 0;
            foreach (var (_, _, at) in posts)
            {
                var local = TimeZoneInfo.ConvertTime(at, zone);
                var wanted = DateOnly.FromDateTime(local.DateTime).ToDateTime(time);
                if (zone.IsInvalidTime(wanted))
                {
                    // The first minute the clock shows after the gap.
                    gapDays++;
                    Assert.True(local.DateTime > wanted);
                    Assert.False(zone.IsInvalidTime(local.DateTime));
                    Assert.True(zone.IsInvalidTime(local.DateTime.AddMinutes(-1)));
                }
                else
                {
                    Assert.Equal(wanted, local.DateTime);
                    if (zone.IsAmbiguousTime(wanted))
                    {
                        // The first of the two: still on summer time.
                        repeatedDays++;
                        Assert.Equal(zone.GetAmbiguousTimeOffsets(wanted).Max(), local.Offset);
                    }
                }
            }

            var expectGap = key is "tg:2" or "tg:4" or "tg:7" ? 1 : 0;
            var expectRepeat = key is "tg:2" or "tg:5" or "tg:8" ? 1 : 0;
            Assert.Equal(expectGap, gapDays);
            Assert.Equal(expectRepeat, repeatedDays);

            // 365 posts from a pool of 400: none repeats.
            Assert.Equal(posts.Count, posts.Select(p => p.Reply.Quote.Id).Distinct().Count());
        }
    }

    /// <summary>An independent statement of when a day's post belongs, for the expected date list.</summary>
    private static DateTimeOffset Expected(DateOnly date, TimeOnly time, TimeZoneInfo zone)
    {
        var local = date.ToDateTime(time);
        while (zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(1);
        }

        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset);
    }
}
