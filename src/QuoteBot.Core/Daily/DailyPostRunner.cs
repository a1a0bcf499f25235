using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using QuoteBot.Core.Commands;
using QuoteBot.Core.Search;

namespace QuoteBot.Core.Daily;

/// <summary>How one attempt at a daily post ended.</summary>
public enum DailyRunResult
{
    Sent,

    /// <summary>Someone (another scheduler, a restart, /daily now) already has that day's claim: nothing sent.</summary>
    AlreadyClaimed,

    /// <summary>No adapter for the subscription's platform runs in this process.</summary>
    NoPoster,

    /// <summary>The pool is empty (no quote matches the filter).</summary>
    NoQuote,

    /// <summary>Sending failed for now; the claim was released.</summary>
    TransientFailure,

    /// <summary>The chat refused the post; counted towards pausing.</summary>
    PermanentFailure,
}

/// <summary>
/// One daily post from claim to send: claims the local date, picks the quote, sends it through the platform's
/// <see cref="IChannelPoster"/>, and records the outcome. Shared by the scheduler and <c>/daily now</c>.
/// </summary>
public sealed class DailyPostRunner
{
    public const string NoQuoteReason = "no quote matches the filter";
    public const string RefusedReason = "the chat refused the post (the bot may be blocked, removed or lack permission)";

    private readonly IScheduleStore _schedules;
    private readonly DailyQuoteSource _source;
    private readonly IReadOnlyList<IChannelPoster> _posters;
    private readonly DailyOptions _options;
    private readonly ILogger _logger;

    public DailyPostRunner(
        IScheduleStore schedules,
        DailyQuoteSource source,
        IEnumerable<IChannelPoster> posters,
        IOptions<DailyOptions> options,
        ILogger<DailyPostRunner>? logger = null)
    {
        _schedules = schedules;
        _source = source;
        _posters = posters.ToArray();
        _options = options.Value;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        InstanceId = string.IsNullOrWhiteSpace(_options.InstanceId) ? Guid.NewGuid().ToString("N") : _options.InstanceId;
    }

    /// <summary>This process's claim owner id.</summary>
    public string InstanceId { get; }

    public IChannelPoster? PosterFor(string platform) =>
        _posters.FirstOrDefault(p => string.Equals(p.Platform, platform, StringComparison.Ordinal));

    /// <summary>
    /// The post of <paramref name="localDate"/>: sent only when this call wins the day's claim. A permanent failure or
    /// an empty pool counts towards pausing when <paramref name="countFailures"/>; otherwise the claim is released.
    /// </summary>
    public async Task<DailyRunResult> PostDayAsync(DailySubscription sub, DateOnly localDate, DateTimeOffset now, bool countFailures, CancellationToken ct)
    {
        var poster = PosterFor(sub.Platform);
        if (poster is null)
        {
            return DailyRunResult.NoPoster;
        }

        if (!await _schedules.TryClaimAsync(sub.Id, localDate, InstanceId, now, ct))
        {
            return DailyRunResult.AlreadyClaimed;
        }

        return await SendAsync(sub, poster, localDate, now, countFailures, ct);
    }

    /// <summary>An extra post outside the schedule (today's was already posted); claims nothing.</summary>
    public async Task<DailyRunResult> PostExtraAsync(DailySubscription sub, DateTimeOffset now, CancellationToken ct)
    {
        var poster = PosterFor(sub.Platform);
        return poster is null ? DailyRunResult.NoPoster : await SendAsync(sub, poster, null, now, countFailures: false, ct);
    }

    private async Task<DailyRunResult> SendAsync(DailySubscription sub, IChannelPoster poster, DateOnly? claimed, DateTimeOffset now, bool countFailures, CancellationToken ct)
    {
        Model.Quote? quote;
        try
        {
            quote = await _source.NextAsync(sub, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _logger.LogWarning(ex, "Daily post {Subscription}: picking a quote failed", sub.Id);
            await ReleaseAsync(sub, claimed);
            return DailyRunResult.TransientFailure;
        }
        catch (OperationCanceledException)
        {
            await ReleaseAsync(sub, claimed);
            throw;
        }

        if (quote is null)
        {
            if (claimed is not null && countFailures)
            {
                await _schedules.RecordFailureAsync(sub.Id, NoQuoteReason, _options.PauseAfterFailures, ct);
            }
            else
            {
                await ReleaseAsync(sub, claimed);
            }

            _logger.LogInformation("Daily post {Subscription}: no quote in its pool", sub.Id);
            return DailyRunResult.NoQuote;
        }

        var query = QueryParser.Parse(sub.Query);
        var canonical = query.Ok ? query.Query!.ToCanonicalString() : string.Empty;
        PostOutcome outcome;
        try
        {
            outcome = await poster.PostAsync(sub.ConversationKey, new QuoteCardReply(quote, canonical, "Quote of the day"), ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Shutting down mid-send: the request was most likely aborted, so leave the day to the next start.
            await ReleaseAsync(sub, claimed);
            throw;
        }
        catch (Exception ex)
        {
            _logger.LogWarning(ex, "Daily post {Subscription}: the poster threw; treated as transient", sub.Id);
            outcome = PostOutcome.TransientFailure;
        }

        switch (outcome)
        {
            case PostOutcome.Sent:
                if (claimed is { } date)
                {
                    try
                    {
                        await _schedules.MarkSentAsync(sub.Id, date, quote.Id, now, CancellationToken.None);
                    }
                    catch (Exception ex)
                    {
                        // The claim stays, so nobody posts this day again.
                        _logger.LogWarning(ex, "Daily post {Subscription}: sent, but recording it failed", sub.Id);
                    }
                }

                return DailyRunResult.Sent;

            case PostOutcome.PermanentFailure:
                if (claimed is not null && countFailures)
                {
                    var count = await _schedules.RecordFailureAsync(sub.Id, RefusedReason, _options.PauseAfterFailures, CancellationToken.None);
                    _logger.LogWarning("Daily post {Subscription}: refused by the chat ({Count} in a row)", sub.Id, count);
                }
                else
                {
                    await ReleaseAsync(sub, claimed);
                }

                return DailyRunResult.PermanentFailure;

            default:
                await ReleaseAsync(sub, claimed);
                return DailyRunResult.TransientFailure;
        }
    }

    private async Task ReleaseAsync(DailySubscription sub, DateOnly? claimed)
    {
        if (claimed is not { } date)
        {
            return;
        }

        try
        {
            await _schedules.ReleaseAsync(sub.Id, date, InstanceId, CancellationToken.None);
        }
        catch (Exception ex)
        {
            _logger.LogWarning(ex, "Daily post {Subscription}: releasing the claim of {Date} failed", sub.Id, date);
        }
    }
}
