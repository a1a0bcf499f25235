using Microsoft.Extensions.Time.Testing;
using QuoteBot.Discord.Api.Gateway;

namespace QuoteBot.Discord.Api.Tests;

public sealed class IdentifyGateTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task WaitAsync_SecondIdentifyInSameBucket_WaitsInterval()
    {
        var time = new FakeTimeProvider();
        var gate = new IdentifyGate(time);

        await gate.WaitAsync(0, 1, Interval, CancellationToken.None);
        Task second = gate.WaitAsync(0, 1, Interval, CancellationToken.None);

        Assert.False(second.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(4.9));
        Assert.False(second.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(0.1));
        await second;
    }

    [Fact]
    public async Task WaitAsync_ShardsInDifferentBuckets_DoNotWait()
    {
        var time = new FakeTimeProvider();
        var gate = new IdentifyGate(time);

        // max_concurrency 16: shards 0..15 are 16 buckets and may identify together
        for (int shard = 0; shard < 16; shard++)
        {
            Task t = gate.WaitAsync(shard, 16, Interval, CancellationToken.None);
            Assert.True(t.IsCompleted);
            await t;
        }

        Task shard16 = gate.WaitAsync(16, 16, Interval, CancellationToken.None); // same bucket as shard 0
        Assert.False(shard16.IsCompleted);
        time.Advance(Interval);
        await shard16;
    }

    [Fact]
    public async Task WaitAsync_ThreeInARow_QueuesInOrder()
    {
        var time = new FakeTimeProvider();
        var gate = new IdentifyGate(time);

        await gate.WaitAsync(0, 1, Interval, CancellationToken.None);
        Task second = gate.WaitAsync(0, 1, Interval, CancellationToken.None);
        Task third = gate.WaitAsync(0, 1, Interval, CancellationToken.None);

        time.Advance(Interval);
        await second;
        Assert.False(third.IsCompleted);
        time.Advance(Interval);
        await third;
    }
}
