using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using QuoteBot.Core.Daily;
using QuoteBot.Telegram.Tests.Fakes;

namespace QuoteBot.Telegram.Tests;

/// <summary>The outbox on a fake clock, with calls that answer whatever the test says (no HTTP).</summary>
public sealed class OutboxTests : IAsyncDisposable
{
    private const long ChatA = 101;
    private const long ChatB = 102;
    private const long Group = -100200;

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero));
    private readonly CapturingLoggerProvider _logs = new();
    private readonly ConcurrentQueue<(string Name, DateTimeOffset At)> _started = new();
    private TelegramOutbox? _outbox;

    private TelegramOutbox Outbox(Action<TelegramOptions>? configure = null)
    {
        var options = new TelegramOptions { Token = FakeBotApi.Token };
        configure?.Invoke(options);
        using var factory = LoggerFactory.Create(b => b.AddProvider(_logs).SetMinimumLevel(LogLevel.Debug));
        _outbox = new TelegramOutbox(Options.Create(options), _time, factory.CreateLogger<TelegramOutbox>());
        return _outbox;
    }

    public async ValueTask DisposeAsync()
    {
        if (_outbox is not null)
        {
            await _outbox.DisposeAsync();
        }
    }

    /// <summary>A call that records when it started and answers the given attempts in turn (the last one from then on).</summary>
    private Func<CancellationToken, Task<SendAttempt>> Call(string name, params SendAttempt[] answers)
    {
        var turn = 0;
        return _ =>
        {
            _started.Enqueue((name, _time.GetUtcNow()));
            var answer = answers[Math.Min(turn, answers.Length - 1)];
            turn++;
            return Task.FromResult(answer);
        };
    }

    private DateTimeOffset In(double seconds) => _time.GetUtcNow() + TimeSpan.FromSeconds(seconds);

    private string[] Started => [.. _started.Select(s => s.Name)];

    /// <summary>
    /// Waits (on the real clock) until the condition holds and no call is being made, so the clock may move. The wait is
    /// long (2 minutes) because a busy machine can hold the pump's thread-pool work for seconds; it ends as soon as it holds.
    /// </summary>
    private async Task Eventually(Func<bool> condition, string what)
    {
        bool Done() => condition() && _outbox!.InFlight == 0;
        for (var i = 0; i < 12_000 && !Done(); i++)
        {
            await Task.Delay(10);
        }

        Assert.True(Done(), what);
    }

    /// <summary>Gives the pump a moment to act on a real clock, for asserting that something did not happen.</summary>
    private static Task Settle() => Task.Delay(150);

    [Fact]
    public async Task RateLimitedReply_IsRetriedAfterRetryAfter_AndSentOnce()
    {
        var outbox = Outbox();
        var done = outbox.EnqueueAsync(ChatA, SendPriority.Reply, "sendMessage", In(60), Call("a", SendAttempt.RateLimited(TimeSpan.FromSeconds(3)), SendAttempt.Sent), default);
        await Eventually(() => _started.Count == 1, "first attempt");

        _time.Advance(TimeSpan.FromSeconds(2.9));
        await Settle();
        Assert.Single(_started);
        Assert.False(done.IsCompleted);

        _time.Advance(TimeSpan.FromSeconds(0.1));
        Assert.Equal(PostOutcome.Sent, await done.WaitAsync(TimeSpan.FromMinutes(2)));
        Assert.Equal(2, _started.Count);
        Assert.Equal(1, outbox.RateLimitedCount);
        Assert.Equal(0, outbox.DroppedCount);
    }

    [Fact]
    public async Task OneChatsRateLimit_DoesNotDelayAnotherChat()
    {
        var outbox = Outbox();
        var a = outbox.EnqueueAsync(ChatA, SendPriority.Reply, "sendMessage", In(60), Call("a", SendAttempt.RateLimited(TimeSpan.FromSeconds(30)), SendAttempt.Sent), default);
        await Eventually(() => outbox.RateLimitedCount == 1, "chat A limited");
        await Eventually(() => true, "chat A requeued");
        var a2 = outbox.EnqueueAsync(ChatA, SendPriority.Reply, "sendMessage", In(60), Call("a2", SendAttempt.Sent), default);

        // Chat B goes out at once, on the same (unmoved) clock, while chat A waits its 30 s.
        var b = outbox.EnqueueAsync(ChatB, SendPriority.Reply, "sendMessage", In(60), Call("b", SendAttempt.Sent), default);
        Assert.Equal(PostOutcome.Sent, await b.WaitAsync(TimeSpan.FromMinutes(2)));
        Assert.False(a.IsCompleted);
        Assert.False(a2.IsCompleted);

        _time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(PostOutcome.Sent, await a.WaitAsync(TimeSpan.FromMinutes(2)));
        await Eventually(() => true, "chat A sent");
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(PostOutcome.Sent, await a2.WaitAsync(TimeSpan.FromMinutes(2)));
        Assert.Equal(["a", "b", "a", "a2"], Started);
    }

    [Fact]
    public async Task ReplyOlderThanItsDeadline_IsDroppedAndLoggedOnce()
    {
        var outbox = Outbox();
        var done = outbox.EnqueueAsync(ChatA, SendPriority.Reply, "sendMessage", In(12), Call("a", SendAttempt.RateLimited(TimeSpan.FromSeconds(5))), default);
        for (var i = 0; i < 4 && !done.IsCompleted; i++)
        {
            await Eventually(() => _started.Count == i + 1 || done.IsCompleted, $"attempt {i + 1}");
            _time.Advance(TimeSpan.FromSeconds(5));
        }

        Assert.Equal(PostOutcome.TransientFailure, await done.WaitAsync(TimeSpan.FromMinutes(2)));
        Assert.Equal(3, _started.Count); // at 0, 5 and 10 s; the 15 s retry is past the 12 s deadline
        Assert.Equal(1, outbox.DroppedCount);
        var dropped = _logs.Messages(LogLevel.Warning).Where(m => m.StartsWith("Dropped", StringComparison.Ordinal)).ToArray();
        var line = Assert.Single(dropped);
        Assert.Contains("chat 101", line);
        Assert.Contains("rate-limited (429)", line);

        _time.Advance(TimeSpan.FromMinutes(1));
        await Settle();
        Assert.Single(_logs.Messages(LogLevel.Warning), m => m.StartsWith("Dropped", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Answers_GoBeforeReplies_AndRepliesBeforeBulkPosts()
    {
        var outbox = Outbox(o => o.MessagesPerSecond = 1);
        var first = outbox.EnqueueAsync(ChatA, SendPriority.Reply, "sendMessage", In(60), Call("first", SendAttempt.Sent), default);
        await first.WaitAsync(TimeSpan.FromMinutes(2)); // uses up this second's budget
        await Eventually(() => true, "first done");

        var tasks = new[]
        {
            outbox.EnqueueAsync(-1, SendPriority.Bulk, "sendMessage", In(60), Call("bulk", SendAttempt.Sent), default),
            outbox.EnqueueAsync(ChatB, SendPriority.Reply, "sendMessage", In(60), Call("reply", SendAttempt.Sent), default),
            outbox.EnqueueAsync(null, SendPriority.Answer, "answerCallbackQuery", In(10), Call("answer", SendAttempt.Sent), default),
        };
        await Settle();
        Assert.Equal(["first"], Started);

        for (var i = 0; i < 3; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            await Eventually(() => _started.Count == i + 2, $"send {i + 2}");
        }

        await Task.WhenAll(tasks).WaitAsync(TimeSpan.FromMinutes(2));
        Assert.Equal(["first", "answer", "reply", "bulk"], Started);
    }

    [Fact]
    public async Task Group_GetsAtMostItsMessagesPerMinute_AndAChatOneMessagePerInterval()
    {
        var outbox = Outbox(o => o.GroupMessagesPerMinute = 3);
        var group = Enumerable.Range(0, 5).Select(i => outbox.EnqueueAsync(Group, SendPriority.Reply, "sendMessage", In(300), Call("g" + i, SendAttempt.Sent), default)).ToArray();
        var chat = Enumerable.Range(0, 3).Select(i => outbox.EnqueueAsync(ChatA, SendPriority.Reply, "sendMessage", In(300), Call("a" + i, SendAttempt.Sent), default)).ToArray();
        var start = _time.GetUtcNow();
        int Count(char prefix) => _started.Count(x => x.Name[0] == prefix);
        foreach (var (advance, groupSent, chatSent) in new[] { (0, 1, 1), (1, 2, 2), (1, 3, 3), (57, 3, 3), (1, 4, 3), (1, 5, 3) })
        {
            _time.Advance(TimeSpan.FromSeconds(advance));
            await Eventually(() => Count('g') == groupSent && Count('a') == chatSent, $"at {(_time.GetUtcNow() - start).TotalSeconds} s: {groupSent} group, {chatSent} chat");
            await Settle();
            Assert.Equal(groupSent, Count('g'));
        }

        await Task.WhenAll([.. group, .. chat]).WaitAsync(TimeSpan.FromMinutes(2));
        var groupTimes = _started.Where(x => x.Name[0] == 'g').Select(x => (x.At - start).TotalSeconds).ToArray();
        var chatTimes = _started.Where(x => x.Name[0] == 'a').Select(x => (x.At - start).TotalSeconds).ToArray();
        Assert.Equal([0, 1, 2], chatTimes);
        Assert.Equal([0, 1, 2, 60, 61], groupTimes);
        Assert.Equal(["g0", "g1", "g2", "g3", "g4"], _started.Where(x => x.Name[0] == 'g').Select(x => x.Name));
    }

    [Fact]
    public async Task FailedReply_IsRetriedWithBackoff_ButFailedBulkPostGoesBackToItsCaller()
    {
        var outbox = Outbox();
        var reply = outbox.EnqueueAsync(ChatA, SendPriority.Reply, "sendMessage", In(60), Call("r", SendAttempt.Failed("502"), SendAttempt.Sent), default);
        var bulk = outbox.EnqueueAsync(ChatB, SendPriority.Bulk, "sendMessage", In(60), Call("b", SendAttempt.Failed("502"), SendAttempt.Sent), default);
        Assert.Equal(PostOutcome.TransientFailure, await bulk.WaitAsync(TimeSpan.FromMinutes(2)));
        await Eventually(() => _started.Count == 2, "both tried");
        await Settle();
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(PostOutcome.Sent, await reply.WaitAsync(TimeSpan.FromMinutes(2)));
        Assert.Equal(3, _started.Count);
    }

    [Fact]
    public async Task RefusedReply_IsNotRetried_AndCancelledOneLeavesTheQueue()
    {
        var outbox = Outbox();
        var refused = outbox.EnqueueAsync(ChatA, SendPriority.Reply, "sendMessage", In(60), Call("r", SendAttempt.Refused("403")), default);
        Assert.Equal(PostOutcome.PermanentFailure, await refused.WaitAsync(TimeSpan.FromMinutes(2)));

        using var cts = new CancellationTokenSource();
        var queued = outbox.EnqueueAsync(ChatA, SendPriority.Reply, "sendMessage", In(60), Call("c", SendAttempt.Sent), cts.Token);
        await Settle();
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => queued.WaitAsync(TimeSpan.FromMinutes(2)));
        _time.Advance(TimeSpan.FromSeconds(5));
        await Settle();
        Assert.Equal(["r"], Started);
        Assert.Equal(0, outbox.Pending);
    }
}
