using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using QuoteBot.Core.Commands;
using QuoteBot.Core.Daily;
using QuoteBot.Core.Model;
using QuoteBot.Core.Storage;
using QuoteBot.Core.Search;

namespace QuoteBot.Core.Tests.Daily;

/// <summary>A poster that records what it was asked to send, and answers with scripted outcomes.</summary>
public sealed class RecordingPoster(TimeProvider time, string platform = "tg") : IChannelPoster
{
    private readonly ConcurrentQueue<PostOutcome> _script = new();

    public string Platform { get; } = platform;

    public ConcurrentQueue<(string Key, QuoteCardReply Reply, DateTimeOffset At)> Sent { get; } = new();

    private int _attempts;

    public int Attempts => Volatile.Read(ref _attempts);

    /// <summary>Used once the script is empty.</summary>
    public PostOutcome Default { get; set; } = PostOutcome.Sent;

    /// <summary>Real delay inside PostAsync, to let concurrent schedulers overlap.</summary>
    public TimeSpan RealDelay { get; set; }

    /// <summary>Runs inside every PostAsync (a slow send can move a fake clock here).</summary>
    public Action? DuringPost { get; set; }

    /// <summary>Awaited inside PostAsync for each key (a chat that has to wait for a rate limit, say).</summary>
    public Func<string, Task>? Hold { get; set; }

    public void Script(params PostOutcome[] outcomes)
    {
        foreach (var o in outcomes)
        {
            _script.Enqueue(o);
        }
    }

    public async Task<PostOutcome> PostAsync(string conversationKey, Reply reply, CancellationToken ct)
    {
        Interlocked.Increment(ref _attempts);
        if (RealDelay > TimeSpan.Zero)
        {
            await Task.Delay(RealDelay, ct);
        }

        if (Hold is { } hold)
        {
            await hold(conversationKey);
        }

        DuringPost?.Invoke();
        var outcome = _script.TryDequeue(out var o) ? o : Default;
        if (outcome == PostOutcome.Sent)
        {
            Sent.Enqueue((conversationKey, (QuoteCardReply)reply, time.GetUtcNow()));
        }

        return outcome;
    }

    public IReadOnlyList<(string Key, QuoteCardReply Reply, DateTimeOffset At)> To(string key) => Sent.Where(s => s.Key == key).ToArray();
}

/// <summary>Quotes, stores, a fake clock and a poster wired like the host does it.</summary>
public sealed class DailyTestKit
{
    public DailyTestKit(DateTimeOffset start, int quotes = 50, DailyOptions? options = null, IScheduleStore? schedules = null)
    {
        Time = new FakeTimeProvider(start);
        Options = options ?? new DailyOptions { SendInterval = TimeSpan.Zero };
        Schedules = schedules ?? new InMemoryScheduleStore();
        Poster = new RecordingPoster(Time);
        for (var i = 1; i <= quotes; i++)
        {
            AddQuote($"Quote number {i} about things", "Speaker " + (char)('A' + (i % 3)));
        }
    }

    public FakeTimeProvider Time { get; }

    public DailyOptions Options { get; }

    public InMemoryQuoteStore Quotes { get; } = new();

    public IScheduleStore Schedules { get; }

    public RecordingPoster Poster { get; }

    public DailySignal Signal { get; } = new();

    public Quote AddQuote(string text, string speaker, Scope? scope = null) =>
        Quotes.AddAsync(new NewQuote { Text = text, Speaker = speaker, Scope = scope ?? Scope.Global, AddedAt = Time.GetUtcNow() }, Actor.System).Result.Quote;

    /// <summary>A new runner: a fresh process with its own instance id, sharing the stores.</summary>
    public DailyPostRunner NewRunner(IScheduleStore? schedules = null) =>
        new(schedules ?? Schedules, NewSource(), [Poster], Microsoft.Extensions.Options.Options.Create(Options));

    public DailyQuoteSource NewSource() =>
        new(QuoteFinder.Over(Quotes), Quotes, Microsoft.Extensions.Options.Options.Create(Options));

    public DailyPostScheduler NewScheduler(IScheduleStore? schedules = null) =>
        new(schedules ?? Schedules, NewRunner(schedules), Signal, Time, Microsoft.Extensions.Options.Options.Create(Options));

    public DailyCommand NewCommand(DailyPostRunner? runner = null) => new(Schedules, runner ?? NewRunner(), Signal, Time);

    public Task<DailySubscription> SubscribeAsync(string key, string time, string zone, string? query = null, DateTimeOffset? setAt = null)
    {
        var platform = ConversationKeys.PlatformOf(key);
        return Schedules.UpsertAsync(new DailySubscriptionSpec(platform, key, new Scope(key), TimeOnly.Parse(time, System.Globalization.CultureInfo.InvariantCulture), zone, query, "tg:1", setAt ?? Time.GetUtcNow().AddDays(-1)));
    }

    /// <summary>Drives <paramref name="scheduler"/> from now to <paramref name="until"/>, jumping straight to each due instant.</summary>
    public async Task RunUntilAsync(DailyPostScheduler scheduler, DateTimeOffset until)
    {
        var now = Time.GetUtcNow();
        await scheduler.RunDueAsync(now);
        while (await scheduler.NextDueAsync(now) is { } next && next < until)
        {
            Time.SetUtcNow(next);
            now = next;
            await scheduler.RunDueAsync(now);
        }

        if (Time.GetUtcNow() < until)
        {
            Time.SetUtcNow(until);
        }
    }

    public static CommandContext Context(string key, bool moderator = true) =>
        new(new Scope(key), key, new Actor("tg:42", "someone"), (_, _) => ValueTask.FromResult(moderator));

    public static TimeZoneInfo Zone(string id) => TimeZoneInfo.FindSystemTimeZoneById(id);

    /// <summary>The UTC instant of a wall-clock time in a zone (the time must exist and be unambiguous).</summary>
    public static DateTimeOffset At(string zone, int y, int mo, int d, int h, int mi, int s = 0)
    {
        var local = new DateTime(y, mo, d, h, mi, s, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, Zone(zone).GetUtcOffset(local)).ToUniversalTime();
    }
}
