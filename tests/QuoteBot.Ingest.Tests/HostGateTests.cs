using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using QuoteBot.Ingest.Fetching;

namespace QuoteBot.Ingest.Tests;

public sealed class HostGateTests
{
    [Fact]
    public async Task A_second_request_to_one_host_waits_a_second_and_other_hosts_do_not()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));
        var gate = new HostGate(Options.Create(new IngestOptions()), time);
        await gate.WaitAsync("news.example", CancellationToken.None);

        var second = gate.WaitAsync("news.example", CancellationToken.None);
        var other = gate.WaitAsync("other.example", CancellationToken.None);
        Assert.True(other.IsCompleted);
        Assert.False(second.IsCompleted);

        time.Advance(TimeSpan.FromMilliseconds(999));
        Assert.False(second.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(1));
        await second.WaitAsync(TimeSpan.FromMinutes(2));

        // A third one queues behind the second.
        var third = gate.WaitAsync("NEWS.example", CancellationToken.None);
        Assert.False(third.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(1));
        await third.WaitAsync(TimeSpan.FromMinutes(2));
    }

    [Fact]
    public async Task Every_fetch_passes_the_gate()
    {
        await using var site = await TestSite.StartAsync();
        site.Page("/pier", Samples.Article());
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var sp = FetchKit.Services(
            FetchKit.Settings(("PerHostInterval", "00:00:01")),
            more: s => s.AddSingleton<TimeProvider>(time));
        var fetcher = FetchKit.Fetcher(sp);
        var first = await fetcher.FetchAsync(site.Url("/pier"));
        Assert.True(first.Ok, first.Message);

        var second = fetcher.FetchAsync(site.Url("/pier"));
        await Task.Delay(200);
        Assert.False(second.IsCompleted);
        Assert.Equal(1, site.HitsOf("/pier"));
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.True((await second.WaitAsync(TimeSpan.FromMinutes(2))).Ok);
        Assert.Equal(2, site.HitsOf("/pier"));
    }
}
