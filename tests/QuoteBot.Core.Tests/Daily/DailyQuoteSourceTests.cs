using QuoteBot.Core.Daily;
using QuoteBot.Core.Model;

namespace QuoteBot.Core.Tests.Daily;

public class DailyQuoteSourceTests
{
    private static readonly DateTimeOffset Start = DailyTestKit.At("Europe/Kyiv", 2026, 6, 10, 7, 0);

    [Fact]
    public async Task Next_UnfilteredPool_NoRepeatUntilEveryQuoteWasPosted()
    {
        var kit = new DailyTestKit(Start, quotes: 10);
        var sub = await kit.SubscribeAsync("tg:1", "08:00", "Europe/Kyiv");
        var source = kit.NewSource();

        var round1 = new List<long>();
        var round2 = new List<long>();
        for (var i = 0; i < 10; i++)
        {
            round1.Add((await source.NextAsync(sub))!.Id);
        }

        for (var i = 0; i < 10; i++)
        {
            round2.Add((await source.NextAsync(sub))!.Id);
        }

        Assert.Equal(Enumerable.Range(1, 10).Select(i => (long)i), round1.Order());
        Assert.Equal(Enumerable.Range(1, 10).Select(i => (long)i), round2.Order());
    }

    [Fact]
    public async Task Next_TextFilter_DrawsOnlyMatchesWithoutRepeatsAndNewOnesJoinTheRound()
    {
        var kit = new DailyTestKit(Start, quotes: 30);
        var matching = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            matching.Add(kit.AddQuote($"Freedom is a habit, part {i}", "Speaker F").Id);
        }

        var sub = await kit.SubscribeAsync("tg:1", "08:00", "Europe/Kyiv", query: "freedom");
        var source = kit.NewSource();
        var drawn = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            drawn.Add((await source.NextAsync(sub))!.Id);
        }

        matching.Add(kit.AddQuote("Freedom again, a late addition", "Speaker G").Id);
        for (var i = 0; i < 3; i++)
        {
            drawn.Add((await source.NextAsync(sub))!.Id);
        }

        Assert.Equal(matching.Order(), drawn.Order());
        var next = (await source.NextAsync(sub))!.Id; // a new round
        Assert.Contains(next, matching);
    }

    [Fact]
    public async Task Next_PersistedState_NewSourceInstanceContinuesTheRound()
    {
        var kit = new DailyTestKit(Start, quotes: 0);
        var ids = Enumerable.Range(0, 6).Select(i => kit.AddQuote($"Freedom thought {i}", "F").Id).ToArray();
        var sub = await kit.SubscribeAsync("tg:1", "08:00", "Europe/Kyiv", query: "freedom");

        var drawn = new List<long>();
        for (var i = 0; i < 6; i++)
        {
            drawn.Add((await kit.NewSource().NextAsync(sub))!.Id); // a restart before every pick
        }

        Assert.Equal(ids, drawn.Order());
    }

    [Fact]
    public async Task Next_SpeakerFilter_OnlyThatSpeakerWithoutRepeats()
    {
        var kit = new DailyTestKit(Start, quotes: 30);
        var sub = await kit.SubscribeAsync("tg:1", "08:00", "Europe/Kyiv", query: "speaker:\"speaker b\"");
        var source = kit.NewSource();

        var drawn = new List<Quote>();
        for (var i = 0; i < 10; i++)
        {
            drawn.Add((await source.NextAsync(sub))!);
        }

        Assert.All(drawn, q => Assert.Equal("Speaker B", q.Speaker));
        Assert.Equal(10, drawn.Select(q => q.Id).Distinct().Count());
    }

    [Fact]
    public async Task Next_OtherCommunitiesQuotes_AreNeverPosted()
    {
        var kit = new DailyTestKit(Start, quotes: 0);
        kit.AddQuote("Ours", "A", new Scope("tg:1"));
        kit.AddQuote("Theirs", "B", new Scope("tg:2"));
        kit.AddQuote("Everyone's", "C");
        var sub = await kit.SubscribeAsync("tg:1", "08:00", "Europe/Kyiv");
        var source = kit.NewSource();

        var texts = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            texts.Add((await source.NextAsync(sub))!.Text);
        }

        Assert.DoesNotContain("Theirs", texts);
        Assert.Equal(3, texts.Count(t => t == "Ours"));
    }

    [Fact]
    public async Task Next_FilterPoolCap_LimitsTheCandidates()
    {
        var kit = new DailyTestKit(Start, quotes: 0, options: new DailyOptions { FilterPoolCap = 3, SendInterval = TimeSpan.Zero });
        for (var i = 0; i < 10; i++)
        {
            kit.AddQuote($"Freedom number {i}", "F");
        }

        var sub = await kit.SubscribeAsync("tg:1", "08:00", "Europe/Kyiv", query: "freedom");
        var source = kit.NewSource();
        var drawn = new HashSet<long>();
        for (var i = 0; i < 9; i++)
        {
            drawn.Add((await source.NextAsync(sub))!.Id);
        }

        Assert.Equal(3, drawn.Count);
    }
}
