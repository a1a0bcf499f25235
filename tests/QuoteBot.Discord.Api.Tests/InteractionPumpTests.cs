using System.Collections.Concurrent;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;
using QuoteBot.Discord.Api.Gateway;
using QuoteBot.Discord.Api.Models;
using QuoteBot.Discord.Api.Tests.Fakes;

namespace QuoteBot.Discord.Api.Tests;

public sealed class InteractionPumpTests
{
    private static GatewayDispatch InteractionEvent(string id, int seq) =>
        new(GatewayDispatch.InteractionCreate, seq, JsonDocument.Parse(FakeGateway.InteractionJson(id, "tok-" + id).ToJsonString()).RootElement.Clone());

    private static GatewayDispatch OtherEvent(int seq) =>
        new(GatewayDispatch.GuildCreate, seq, JsonDocument.Parse("""{"id":"1"}""").RootElement.Clone());

    [Fact]
    public async Task RunAsync_SlowHandler_DoesNotDelayNextInteraction()
    {
        var events = Channel.CreateUnbounded<GatewayDispatch>();
        var releaseFirst = new TaskCompletionSource();
        var secondHandled = new TaskCompletionSource();
        var seen = new List<ulong>();
        Task pump = InteractionPump.RunAsync(events.Reader, async (interaction, ct) =>
        {
            lock (seen)
            {
                seen.Add(interaction.Id);
            }

            if (interaction.Id == 1)
            {
                await releaseFirst.Task;
            }
            else
            {
                secondHandled.TrySetResult();
            }
        });

        events.Writer.TryWrite(InteractionEvent("1", 1));
        events.Writer.TryWrite(OtherEvent(2));
        events.Writer.TryWrite(InteractionEvent("2", 3));

        await secondHandled.Task.WithTimeout();
        Assert.False(pump.IsCompleted);
        releaseFirst.SetResult();
        events.Writer.TryComplete();
        await pump.WithTimeout();
        Assert.Equal([1UL, 2UL], seen.Order());
    }

    [Fact]
    public async Task RunAsync_HandlerThrows_KeepsPumping()
    {
        var events = Channel.CreateUnbounded<GatewayDispatch>();
        var handled = new List<ulong>();
        events.Writer.TryWrite(InteractionEvent("1", 1));
        events.Writer.TryWrite(InteractionEvent("2", 2));
        events.Writer.TryComplete();

        await InteractionPump.RunAsync(events.Reader, (interaction, ct) =>
        {
            lock (handled)
            {
                handled.Add(interaction.Id);
            }

            return interaction.Id == 1 ? throw new InvalidOperationException("boom") : Task.CompletedTask;
        }).WithTimeout();

        Assert.Equal([1UL, 2UL], handled.Order());
    }

    [Fact]
    public async Task RunAsync_GatewayStoppedWithError_Rethrows()
    {
        var events = Channel.CreateUnbounded<GatewayDispatch>();
        events.Writer.TryComplete(new DiscordGatewayException("Discord rejected the bot token (4004)", 4004));

        await Assert.ThrowsAsync<DiscordGatewayException>(() => InteractionPump.RunAsync(events.Reader, (_, _) => Task.CompletedTask));
    }

    [Fact]
    public async Task RunAsync_MaxConcurrencyOne_RunsSequentially()
    {
        var events = Channel.CreateUnbounded<GatewayDispatch>();
        int active = 0;
        int maxActive = 0;
        for (int i = 1; i <= 5; i++)
        {
            events.Writer.TryWrite(InteractionEvent(i.ToString(System.Globalization.CultureInfo.InvariantCulture), i));
        }

        events.Writer.TryComplete();

        await InteractionPump.RunAsync(events.Reader, async (Interaction _, CancellationToken ct) =>
        {
            int now = Interlocked.Increment(ref active);
            maxActive = Math.Max(maxActive, now);
            await Task.Delay(10, ct);
            Interlocked.Decrement(ref active);
        }, maxConcurrency: 1).WithTimeout();

        Assert.Equal(1, maxActive);
    }

    [Fact]
    public async Task RunAsync_ShardEvents_CapsInteractionsAcrossShardsAndPassesOtherDispatchesInOrder()
    {
        var events = Channel.CreateUnbounded<ShardDispatch>();
        int active = 0;
        int maxActive = 0;
        var others = new List<(int Shard, string Name)>();
        for (int i = 1; i <= 12; i++)
        {
            if (i % 4 == 0)
            {
                events.Writer.TryWrite(new ShardDispatch(i % 2, 2, OtherEvent(i)));
            }

            events.Writer.TryWrite(new ShardDispatch(i % 2, 2, InteractionEvent(i.ToString(System.Globalization.CultureInfo.InvariantCulture), i)));
        }

        events.Writer.TryComplete();
        var handled = 0;
        var longestWait = TimeSpan.Zero;
        await InteractionPump.RunAsync(
            events.Reader,
            async (_, waited, ct) =>
            {
                lock (others)
                {
                    longestWait = waited > longestWait ? waited : longestWait;
                }

                int now = Interlocked.Increment(ref active);
                InterlockedMax(ref maxActive, now);
                await Task.Delay(20, ct);
                Interlocked.Decrement(ref active);
                Interlocked.Increment(ref handled);
            },
            e => others.Add((e.ShardId, e.Dispatch.Name)),
            maxConcurrency: 3).WithTimeout();

        Assert.Equal(12, handled);
        Assert.InRange(maxActive, 2, 3);
        Assert.True(longestWait >= TimeSpan.FromMilliseconds(20), $"the last interactions waited for a slot, reported {longestWait}");
        Assert.Equal([(0, GatewayDispatch.GuildCreate), (0, GatewayDispatch.GuildCreate), (0, GatewayDispatch.GuildCreate)], others);
    }

    [Fact]
    public async Task RunAsync_ShardEvents_WaitIsMeasuredOnTheGivenClock()
    {
        // Only the given clock (the shards' TimeProvider) decides how long an interaction waited: real time spent
        // before the pump gets to it, as on a busy machine, does not count; time on that clock does.
        var time = new FakeTimeProvider();
        var events = Channel.CreateUnbounded<ShardDispatch>();
        events.Writer.TryWrite(new ShardDispatch(0, 1, InteractionEvent("1", 1) with { ReceivedTimestamp = time.GetTimestamp() }));
        time.Advance(TimeSpan.FromSeconds(2));
        events.Writer.TryWrite(new ShardDispatch(0, 1, InteractionEvent("2", 2) with { ReceivedTimestamp = time.GetTimestamp() }));
        events.Writer.TryComplete();
        await Task.Delay(300);

        var waits = new ConcurrentDictionary<ulong, TimeSpan>();
        await InteractionPump.RunAsync(
            events.Reader,
            (interaction, waited, _) =>
            {
                waits[interaction.Id] = waited;
                return Task.CompletedTask;
            },
            null,
            time: time).WithTimeout();

        Assert.Equal(TimeSpan.FromSeconds(2), waits[1]);
        Assert.Equal(TimeSpan.Zero, waits[2]);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}
