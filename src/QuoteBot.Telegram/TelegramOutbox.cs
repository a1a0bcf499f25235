using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using QuoteBot.Core.Daily;

namespace QuoteBot.Telegram;

/// <summary>Which queue a call waits in: answers to button presses and inline queries first, replies next, bulk posts last.</summary>
public enum SendPriority
{
    /// <summary>answerCallbackQuery and answerInlineQuery: Telegram expires these after a few seconds.</summary>
    Answer = 0,

    /// <summary>A reply (or an edit) to something a user just did.</summary>
    Reply = 1,

    /// <summary>Posts nobody is waiting for right now: daily quotes, announcements.</summary>
    Bulk = 2,
}

/// <summary>How one call to Telegram went, as far as the outbox needs to know.</summary>
public readonly record struct SendAttempt(SendAttempt.Result Kind, TimeSpan RetryAfter = default, string? Problem = null)
{
    public enum Result
    {
        Sent,

        /// <summary>Telegram refused it for good (blocked, kicked, chat gone, bad request): not retried.</summary>
        Refused,

        /// <summary>429: try again after <see cref="RetryAfter"/>.</summary>
        RateLimited,

        /// <summary>Network trouble or a 5xx: may work later.</summary>
        Failed,
    }

    public static SendAttempt Sent => new(Result.Sent);

    public static SendAttempt Refused(string problem) => new(Result.Refused, default, problem);

    public static SendAttempt RateLimited(TimeSpan retryAfter) => new(Result.RateLimited, retryAfter, "rate-limited (429)");

    public static SendAttempt Failed(string problem) => new(Result.Failed, default, problem);
}

/// <summary>
/// Every message, edit and answer the bot sends to Telegram goes through here, so that the bot stays within Telegram's
/// flood limits instead of running into them. Calls wait in one lane per chat: at most one call in flight per chat,
/// <see cref="TelegramOptions.ChatInterval"/> between two of them, and at most
/// <see cref="TelegramOptions.GroupMessagesPerMinute"/> a minute in a group; over all chats at most
/// <see cref="TelegramOptions.MessagesPerSecond"/> calls a second (counting the calls in flight and those that ended in
/// the last second, so that network delays cannot bunch more than that into one of Telegram's seconds). When Telegram still answers 429, only that
/// chat's lane waits retry_after; the others go on. A call is retried (429 always; network trouble and 5xx unless it is
/// a bulk post, whose caller retries itself) until it is sent or its deadline passes; then it is dropped and logged
/// once with the chat and the reason. Answers go before replies, replies before bulk posts. Nothing here holds a
/// handler: callers enqueue and get a task that completes when the call is done.
/// </summary>
public sealed class TelegramOutbox : IAsyncDisposable, IDisposable
{
    private static readonly TimeSpan MaxFailureBackoff = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan GroupWindow = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan GlobalWindow = TimeSpan.FromSeconds(1);

    private readonly TimeProvider _time;
    private readonly ILogger<TelegramOutbox> _logger;
    private readonly TelegramOptions _options;
    private readonly Lock _gate = new();
    private readonly Dictionary<long, Lane> _lanes = [];
    private readonly List<Item> _answers = [];
    /// <summary>When the calls of the last second finished. Calls count from their end (and while in flight), so that
    /// however late a call reaches Telegram, no second at Telegram's end holds more than the global rate.</summary>
    private readonly Queue<DateTimeOffset> _recentDone = new();
    private readonly CancellationTokenSource _stop = new();
    private Task? _pump;
    private TaskCompletionSource _signal = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _seq;
    private long _rateLimited;
    private long _dropped;
    private int _inFlight;
    private int _globalBacklog;

    public TelegramOutbox(IOptions<TelegramOptions> options, TimeProvider time, ILogger<TelegramOutbox> logger)
    {
        _options = options.Value;
        _time = time;
        _logger = logger;
    }

    /// <summary>How many 429 answers the outbox has met.</summary>
    public long RateLimitedCount => Interlocked.Read(ref _rateLimited);

    /// <summary>How many calls were given up because their deadline passed.</summary>
    public long DroppedCount => Interlocked.Read(ref _dropped);

    /// <summary>
    /// More calls are ready than the global rate lets out within a second: the polling loop waits before it takes more
    /// updates from Telegram, which then keeps them (safe across a restart) instead of this process.
    /// </summary>
    public bool Backlogged => Volatile.Read(ref _globalBacklog) >= _options.MessagesPerSecond;

    /// <summary>Calls being made right now.</summary>
    internal int InFlight
    {
        get
        {
            lock (_gate)
            {
                return _inFlight;
            }
        }
    }

    /// <summary>Calls waiting or in flight.</summary>
    public int Pending
    {
        get
        {
            lock (_gate)
            {
                return _answers.Count + _lanes.Values.Sum(l => l.Items.Count) + _inFlight;
            }
        }
    }

    /// <summary>
    /// Queues a call. <paramref name="chatId"/> is the chat it posts to (null for answers, which belong to no chat).
    /// The task completes with Sent, PermanentFailure (refused), or TransientFailure (a bulk post that failed, or any
    /// call whose <paramref name="deadline"/> passed); it is cancelled when <paramref name="ct"/> is.
    /// </summary>
    public Task<PostOutcome> EnqueueAsync(long? chatId, SendPriority priority, string method, DateTimeOffset deadline, Func<CancellationToken, Task<SendAttempt>> call, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(call);
        if (ct.IsCancellationRequested)
        {
            return Task.FromCanceled<PostOutcome>(ct);
        }

        var item = new Item(chatId, priority, method, deadline, call, ct, _time.GetUtcNow());
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_stop.IsCancellationRequested, this);
            item.Seq = ++_seq;
            if (chatId is { } id)
            {
                if (!_lanes.TryGetValue(id, out var lane))
                {
                    _lanes[id] = lane = new Lane(id);
                }

                lane.Items.Add(item);
            }
            else
            {
                _answers.Add(item);
            }

            _pump ??= Task.Run(PumpAsync, CancellationToken.None); // the pump outlives any one caller
        }

        if (ct.CanBeCanceled)
        {
            item.Registration = ct.UnsafeRegister(static s => ((TelegramOutbox)s!).Wake(), this);
        }

        Wake();
        return item.Done.Task;
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    public async ValueTask DisposeAsync()
    {
        Task? pump;
        List<Item> left;
        lock (_gate)
        {
            if (_stop.IsCancellationRequested)
            {
                return;
            }

            _stop.Cancel();
            pump = _pump;
            left = [.. _answers, .. _lanes.Values.SelectMany(l => l.Items)];
            _answers.Clear();
            _lanes.Clear();
        }

        var now = _time.GetUtcNow();
        foreach (var item in left)
        {
            if (item.Cancel.IsCancellationRequested)
            {
                item.Registration.Dispose();
                item.Done.TrySetCanceled();
            }
            else
            {
                // Its update was confirmed already (see ConfirmWithin): nobody will ask again, so say what was lost.
                item.Problem = "the bot stopped before it could be sent";
                Drop(item, null, now);
            }
        }

        if (pump is not null)
        {
            try
            {
                await pump.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    private void Wake() => Volatile.Read(ref _signal).TrySetResult();

    private async Task PumpAsync()
    {
        var stop = _stop.Token;
        while (!stop.IsCancellationRequested)
        {
            DateTimeOffset? wakeAt;
            TaskCompletionSource signal;

            // The clock is read outside the lock: a fake clock may call back into the outbox while holding its own.
            var now = _time.GetUtcNow();
            lock (_gate)
            {
                // A fresh signal before looking: whatever changes after this look sets it.
                signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                Volatile.Write(ref _signal, signal);
                try
                {
                    wakeAt = DispatchReady(now);
                }
                catch (Exception e)
                {
                    // Never let the pump die: whatever went wrong, look again shortly.
                    _logger.LogError(e, "The Telegram outbox failed to dispatch; retrying.");
                    wakeAt = now + TimeSpan.FromSeconds(1);
                }
            }

            ITimer? timer = null;
            if (wakeAt is { } at)
            {
                var wait = at - _time.GetUtcNow();
                timer = _time.CreateTimer(static s => ((TaskCompletionSource)s!).TrySetResult(), signal, wait < TimeSpan.Zero ? TimeSpan.Zero : wait, Timeout.InfiniteTimeSpan);
            }

            try
            {
                await signal.Task.WaitAsync(stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            finally
            {
                if (timer is not null)
                {
                    await timer.DisposeAsync().ConfigureAwait(false);
                }
            }
        }
    }

    /// <summary>Starts every call that may go now; returns when something may change without a signal.</summary>
    private DateTimeOffset? DispatchReady(DateTimeOffset now)
    {
        DateTimeOffset? next = null;
        void Consider(DateTimeOffset at) => next = next is null || at < next ? at : next;

        // Cancelled and expired calls leave first, whatever else happens.
        Sweep(_answers, null, now, Consider);
        foreach (var lane in _lanes.Values.ToArray())
        {
            Sweep(lane.Items, lane, now, Consider);
            lane.TrimWindow(now);
            if (lane.Items.Count == 0 && !lane.Busy && lane.ReadyAt <= now && lane.Window.Count == 0)
            {
                _lanes.Remove(lane.ChatId);
            }
        }

        while (_recentDone.Count > 0 && _recentDone.Peek() <= now - GlobalWindow)
        {
            _recentDone.Dequeue();
        }

        // Candidates: answers whose backoff ended, and the best call of each free lane, in (priority, arrival) order.
        var ready = new List<(Item Item, Lane? Lane)>();
        foreach (var a in _answers)
        {
            if (a.NotBefore <= now)
            {
                ready.Add((a, null));
            }
            else
            {
                Consider(a.NotBefore);
            }
        }

        foreach (var lane in _lanes.Values)
        {
            if (lane.Busy || lane.Items.Count == 0)
            {
                continue;
            }

            var head = lane.Head();
            var at = lane.ReadyAt;
            if (lane.IsGroup && lane.Window.Count >= _options.GroupMessagesPerMinute)
            {
                var free = lane.Window.Peek() + GroupWindow;
                at = free > at ? free : at;
            }

            if (head.NotBefore > at)
            {
                at = head.NotBefore;
            }

            if (at <= now)
            {
                ready.Add((head, lane));
            }
            else
            {
                Consider(at);
            }
        }

        ready.Sort(static (x, y) => x.Item.Priority != y.Item.Priority ? x.Item.Priority.CompareTo(y.Item.Priority) : x.Item.Seq.CompareTo(y.Item.Seq));
        var started = 0;
        foreach (var (item, lane) in ready)
        {
            if (_recentDone.Count + _inFlight >= _options.MessagesPerSecond)
            {
                if (_recentDone.Count > 0)
                {
                    Consider(_recentDone.Peek() + GlobalWindow);
                }

                break; // else a call in flight signals when it ends
            }

            started++;

            if (lane is null)
            {
                _answers.Remove(item);
            }
            else
            {
                lane.Items.Remove(item);
                lane.Busy = true;
            }

            _inFlight++;
            _ = Task.Run(() => RunAsync(item, lane), CancellationToken.None);
        }

        Volatile.Write(ref _globalBacklog, ready.Count - started);
        return next;
    }

    private void Sweep(List<Item> items, Lane? lane, DateTimeOffset now, Action<DateTimeOffset> consider)
    {
        for (var i = items.Count - 1; i >= 0; i--)
        {
            var item = items[i];
            if (item.Cancel.IsCancellationRequested)
            {
                items.RemoveAt(i);
                item.Registration.Dispose();
                item.Done.TrySetCanceled(item.Cancel);
            }
            else if (item.Deadline <= now)
            {
                items.RemoveAt(i);
                Drop(item, lane, now);
            }
            else
            {
                consider(item.Deadline);
            }
        }
    }

    private void Drop(Item item, Lane? lane, DateTimeOffset now)
    {
        Interlocked.Increment(ref _dropped);
        item.Registration.Dispose();
        var reason = item.Problem
            ?? (lane is not null && lane.BlockedUntil > now ? "rate-limited (429)" : "the queue was too long to send it in time");
        if (item.ChatId is { } chatId)
        {
            _logger.LogWarning(
                "Dropped {Method} to chat {ChatId} after {Seconds:0.#} s: {Reason}.",
                item.Method,
                chatId,
                (now - item.EnqueuedAt).TotalSeconds,
                reason);
        }
        else
        {
            _logger.LogWarning("Dropped {Method} after {Seconds:0.#} s: {Reason}.", item.Method, (now - item.EnqueuedAt).TotalSeconds, reason);
        }

        item.Done.TrySetResult(PostOutcome.TransientFailure);
    }

    private async Task RunAsync(Item item, Lane? lane)
    {
        SendAttempt attempt;
        var cancelled = false;
        try
        {
            // Once started, a call is not cut short by its caller (only by the outbox's own end): a reply that reached
            // Telegram is then known as sent, so an update is not confirmed-less (and answered again) after a restart.
            attempt = await item.Call(_stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            attempt = default;
            cancelled = true;
        }
        catch (Exception e)
        {
            attempt = SendAttempt.Failed(TelegramErrors.Redact(e.GetType().Name + ": " + e.Message));
        }

        var now = _time.GetUtcNow();
        lock (_gate)
        {
            _inFlight--;
            _recentDone.Enqueue(now);
            if (lane is not null)
            {
                lane.Busy = false;
                var after = now + _options.ChatInterval;
                lane.NextAllowed = after > lane.NextAllowed ? after : lane.NextAllowed;
                if (lane.IsGroup && attempt.Kind == SendAttempt.Result.Sent && !cancelled)
                {
                    lane.Window.Enqueue(now);
                }
            }

            if (cancelled)
            {
                item.Registration.Dispose();
                item.Done.TrySetCanceled();
            }
            else
            {
                Complete(item, lane, attempt, now);
            }
        }

        Wake();
    }

    private void Complete(Item item, Lane? lane, SendAttempt attempt, DateTimeOffset now)
    {
        switch (attempt.Kind)
        {
            case SendAttempt.Result.Sent:
                item.Registration.Dispose();
                item.Done.TrySetResult(PostOutcome.Sent);
                return;

            case SendAttempt.Result.Refused:
                item.Registration.Dispose();
                item.Done.TrySetResult(PostOutcome.PermanentFailure);
                return;

            case SendAttempt.Result.RateLimited:
                Interlocked.Increment(ref _rateLimited);
                var wait = attempt.RetryAfter > TimeSpan.Zero ? attempt.RetryAfter : TimeSpan.FromSeconds(1);
                item.Problem = attempt.Problem;
                if (lane is not null)
                {
                    var until = now + wait;
                    lane.BlockedUntil = until > lane.BlockedUntil ? until : lane.BlockedUntil;
                    _logger.LogInformation("Telegram rate-limited {Method} in chat {ChatId}: that chat waits {Seconds} s, the others go on.", item.Method, lane.ChatId, wait.TotalSeconds);
                }
                else
                {
                    item.NotBefore = now + wait;
                    _logger.LogInformation("Telegram rate-limited {Method}: retrying in {Seconds} s.", item.Method, wait.TotalSeconds);
                }

                Requeue(item, lane, now);
                return;

            default:
                item.Problem = attempt.Problem ?? "sending failed";
                if (item.Priority == SendPriority.Bulk)
                {
                    // The caller (the daily scheduler) has its own retry with claims; hand the failure back.
                    item.Registration.Dispose();
                    item.Done.TrySetResult(PostOutcome.TransientFailure);
                    return;
                }

                item.Failures++;
                var backoff = TimeSpan.FromTicks(Math.Min(MaxFailureBackoff.Ticks, TimeSpan.FromSeconds(1).Ticks << Math.Min(item.Failures - 1, 10)));
                item.NotBefore = now + backoff;
                Requeue(item, lane, now);
                return;
        }
    }

    private void Requeue(Item item, Lane? lane, DateTimeOffset now)
    {
        if (_stop.IsCancellationRequested)
        {
            item.Registration.Dispose();
            item.Done.TrySetCanceled();
            return;
        }

        if (item.Deadline <= now)
        {
            Drop(item, lane, now);
            return;
        }

        if (lane is null)
        {
            _answers.Add(item);
        }
        else
        {
            if (!_lanes.ContainsKey(lane.ChatId))
            {
                _lanes[lane.ChatId] = lane;
            }

            lane.Items.Add(item);
        }
    }

    private sealed class Item(long? chatId, SendPriority priority, string method, DateTimeOffset deadline, Func<CancellationToken, Task<SendAttempt>> call, CancellationToken cancel, DateTimeOffset enqueuedAt)
    {
        public long? ChatId { get; } = chatId;

        public SendPriority Priority { get; } = priority;

        public string Method { get; } = method;

        public DateTimeOffset Deadline { get; } = deadline;

        public Func<CancellationToken, Task<SendAttempt>> Call { get; } = call;

        public CancellationToken Cancel { get; } = cancel;

        public DateTimeOffset EnqueuedAt { get; } = enqueuedAt;

        public TaskCompletionSource<PostOutcome> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public CancellationTokenRegistration Registration { get; set; }

        public long Seq { get; set; }

        public DateTimeOffset NotBefore { get; set; } = DateTimeOffset.MinValue;

        public int Failures { get; set; }

        public string? Problem { get; set; }
    }

    private sealed class Lane(long chatId)
    {
        public long ChatId { get; } = chatId;

        /// <summary>Groups, supergroups and channels have negative ids; users positive.</summary>
        public bool IsGroup => ChatId < 0;

        public List<Item> Items { get; } = [];

        public bool Busy { get; set; }

        public DateTimeOffset NextAllowed { get; set; } = DateTimeOffset.MinValue;

        public DateTimeOffset BlockedUntil { get; set; } = DateTimeOffset.MinValue;

        public DateTimeOffset ReadyAt => NextAllowed > BlockedUntil ? NextAllowed : BlockedUntil;

        /// <summary>When this group's recent messages were sent (the last minute).</summary>
        public Queue<DateTimeOffset> Window { get; } = new();

        public void TrimWindow(DateTimeOffset now)
        {
            while (Window.Count > 0 && Window.Peek() <= now - GroupWindow)
            {
                Window.Dequeue();
            }
        }

        /// <summary>The call to send next: the most urgent, then the oldest.</summary>
        public Item Head()
        {
            var best = Items[0];
            for (var i = 1; i < Items.Count; i++)
            {
                var it = Items[i];
                if (it.Priority < best.Priority || (it.Priority == best.Priority && it.Seq < best.Seq))
                {
                    best = it;
                }
            }

            return best;
        }
    }
}
