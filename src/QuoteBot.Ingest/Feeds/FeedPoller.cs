using System.Globalization;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using QuoteBot.Core.Follows;
using QuoteBot.Core.Model;
using QuoteBot.Ingest.Articles;
using QuoteBot.Ingest.Fetching;

namespace QuoteBot.Ingest.Feeds;

/// <summary>What one check of one feed did.</summary>
public sealed record FeedPollReport(long FollowId, string FeedUrl, bool Ok, bool NotModified, int ArticlesAdded, int QuotesAdded, int ItemsFailed, string? Error, Follow? After);

/// <summary>
/// Checks followed feeds. Each pass claims the follows that are due (a lease in the store, so several processes on
/// one database never check one feed at once), checks up to <see cref="FeedPollerOptions.MaxConcurrentFeeds"/> at a
/// time, each on its own under <see cref="FeedPollerOptions.FeedTimeout"/> so a dead, slow, huge or broken feed never
/// holds up the others, and books the outcome: a feed that worked is due again after the poll interval (± jitter); one
/// that failed after an exponential backoff; after <see cref="FeedPollerOptions.PauseAfterFailures"/> failures in a row
/// it is paused and its community's moderators are told once. New items go through the article ingestor (conditional
/// GET for the feed, each article once per community by URL and text), as pending quotes or approved ones when the
/// follow auto-approves.
/// </summary>
public sealed class FeedPoller : BackgroundService
{
    /// <summary>The shortest sleep between passes when a due feed is held by another instance.</summary>
    private static readonly TimeSpan MinWait = TimeSpan.FromSeconds(5);

    private readonly IFollowStore _follows;
    private readonly PageFetcher _fetcher;
    private readonly ArticleIngestor _ingestor;
    private readonly FollowPauseNotifier _notifier;
    private readonly FollowSignal _signal;
    private readonly TimeProvider _time;
    private readonly FeedPollerOptions _options;
    private readonly ILogger _logger;
    private readonly Random _random;

    public FeedPoller(
        IFollowStore follows,
        PageFetcher fetcher,
        ArticleIngestor ingestor,
        FollowPauseNotifier notifier,
        FollowSignal signal,
        TimeProvider time,
        IOptions<FeedPollerOptions> options,
        ILogger<FeedPoller>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _follows = follows;
        _fetcher = fetcher;
        _ingestor = ingestor;
        _notifier = notifier;
        _signal = signal;
        _time = time;
        _options = options.Value;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        InstanceId = string.IsNullOrWhiteSpace(_options.InstanceId) ? Guid.NewGuid().ToString("N") : _options.InstanceId;
        _random = new Random();
    }

    /// <summary>This process's claim owner id.</summary>
    public string InstanceId { get; }

    /// <summary>When the running loop will next wake (null while it works): lets tests drive a fake clock.</summary>
    public DateTimeOffset? WaitingUntil { get; private set; }

    /// <summary>Passes finished by the loop (for tests).</summary>
    public int Passes { get; private set; }

    /// <summary>Claims and checks every follow due at <paramref name="now"/>. Never throws for a feed's fault.</summary>
    public async Task<IReadOnlyList<FeedPollReport>> RunDueAsync(DateTimeOffset now, CancellationToken ct = default)
    {
        var reports = new List<FeedPollReport>();
        while (!ct.IsCancellationRequested)
        {
            // Claim only as many as are checked at once, so no claimed feed waits in line while its lease runs out
            // (another instance could then take it and check it at the same time).
            var batch = _options.MaxConcurrentFeeds;
            var claimed = await _follows.ClaimDueFollowsAsync(now, InstanceId, _options.ClaimLease, batch, ct);
            if (claimed.Count == 0)
            {
                break;
            }

            reports.AddRange(await Task.WhenAll(claimed.Select(f => PollOneAsync(f, ct))));
            if (claimed.Count < batch)
            {
                break;
            }
        }

        return reports;
    }

    /// <summary>One feed, isolated: whatever it does, the outcome is booked and its claim released.</summary>
    private async Task<FeedPollReport> PollOneAsync(Follow follow, CancellationToken ct)
    {
        int articles = 0, quotes = 0, itemFailures = 0;
        string? error = null;
        var notModified = false;
        ConditionalGet validators = new(follow.ETag, follow.LastModified);
        using (var limit = new CancellationTokenSource(_options.FeedTimeout, _time))
        using (var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, limit.Token))
        {
            try
            {
                var fetched = await _fetcher.FetchAsync(follow.FeedUrl, validators, linked.Token);
                if (fetched.NotModified)
                {
                    notModified = true;
                }
                else if (!fetched.Ok)
                {
                    error = fetched.Message;
                }
                else if (!fetched.IsXml)
                {
                    error = $"not a feed any more: the link answers with a web page ({fetched.MediaType})";
                }
                else
                {
                    var parsed = FeedReader.Parse(fetched.Text!, fetched.FinalUrl!);
                    if (!parsed.Ok)
                    {
                        error = parsed.Error;
                    }
                    else
                    {
                        var actor = new Actor("feed:" + follow.Id.ToString(CultureInfo.InvariantCulture), "feed " + follow.FeedUrl);
                        if (actor.DisplayName.Length > QuoteRules.MaxActorLength)
                        {
                            actor = actor with { DisplayName = actor.DisplayName[..QuoteRules.MaxActorLength] };
                        }

                        // The newest items, oldest first, so quote ids follow the feed's order.
                        foreach (var item in parsed.Items.Take(_options.MaxItemsPerCheck).Reverse())
                        {
                            linked.Token.ThrowIfCancellationRequested();
                            var one = await _ingestor.IngestAsync(item.Link, follow.Scope, actor, follow.AutoApprove, follow.FeedUrl, linked.Token);
                            switch (one.Outcome)
                            {
                                case IngestOutcome.Added:
                                    articles++;
                                    quotes += one.QuotesAdded;
                                    break;
                                case IngestOutcome.Failed:
                                    itemFailures++;
                                    _logger.LogInformation("Feed {Feed}: item {Item} not added: {Reason}", follow.FeedUrl, item.Link, one.Message);
                                    break;
                            }
                        }

                        // Keep the old validators while an item failed, so the next check reads the feed again and
                        // retries it instead of getting "not modified".
                        if (itemFailures == 0)
                        {
                            validators = fetched.Validators;
                        }
                    }
                }
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                error = "the feed took longer than " + _options.FeedTimeout.ToString("c", CultureInfo.InvariantCulture) + " to check";
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The store or anything unforeseen: this feed fails this time, the others go on.
                error = "checking failed: " + ex.Message;
                _logger.LogWarning("Feed {Feed}: check failed: {Error}", follow.FeedUrl, ex.Message.ReplaceLineEndings(" "));
            }
        }

        var at = _time.GetUtcNow();
        var result = new FollowPollResult
        {
            At = at,
            NextDueAt = at + NextDelay(error is null ? 0 : follow.ConsecutiveFailures + 1),
            Error = error is null ? null : FollowRules.OneLine(error),
            ETag = validators.ETag is { Length: <= FollowRules.MaxETagLength } etag && !etag.Any(char.IsControl) ? etag : null,
            LastModified = validators.LastModified,
        };

        Follow? after = null;
        try
        {
            after = await _follows.RecordFollowPollAsync(follow.Id, InstanceId, result, _options.PauseAfterFailures, CancellationToken.None);
            if (after is { Paused: true } && !follow.Paused)
            {
                _logger.LogWarning("Feed {Feed} of {Scope} paused after {Count} failed checks: {Error}", follow.FeedUrl, follow.Scope.Key, after.ConsecutiveFailures, after.LastError);
                await _notifier.NotifyAsync(after, CancellationToken.None);
            }
            else if (error is not null)
            {
                _logger.LogInformation("Feed {Feed}: check failed ({Count} in a row), next at {Next}: {Error}", follow.FeedUrl, follow.ConsecutiveFailures + 1, result.NextDueAt, result.Error);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The lease runs out and the feed is due again; nothing else to do here.
            _logger.LogWarning("Feed {Feed}: booking the check failed: {Error}", follow.FeedUrl, ex.Message.ReplaceLineEndings(" "));
        }

        return new FeedPollReport(follow.Id, follow.FeedUrl, error is null, notModified, articles, quotes, itemFailures, result.Error, after);
    }

    /// <summary>
    /// The wait before the next check: the poll interval after a success (<paramref name="failures"/> 0), else
    /// <see cref="FeedPollerOptions.RetryDelay"/> doubled for each earlier failure in a row, at most
    /// <see cref="FeedPollerOptions.MaxBackoff"/>; both moved by up to <see cref="FeedPollerOptions.Jitter"/> either way.
    /// </summary>
    public TimeSpan NextDelay(int failures)
    {
        var baseDelay = failures <= 0
            ? _options.PollInterval
            : TimeSpan.FromTicks((long)Math.Min(_options.MaxBackoff.Ticks, _options.RetryDelay.Ticks * Math.Pow(2, Math.Min(failures - 1, 60))));
        double unit;
        lock (_random)
        {
            unit = (_random.NextDouble() * 2) - 1;
        }

        var delay = baseDelay + TimeSpan.FromTicks((long)(_options.Jitter.Ticks * unit));
        return delay < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : delay;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.Enabled)
        {
            _logger.LogInformation("Feed polling is disabled in this process (Feeds:Enabled=false)");
            return;
        }

        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            var delay = _options.CheckInterval;
            var now = _time.GetUtcNow();
            try
            {
                await RunDueAsync(now, stoppingToken);
                now = _time.GetUtcNow();
                var next = (await _follows.ListFollowsAsync(null, stoppingToken)).Where(f => !f.Paused).Select(f => (DateTimeOffset?)f.NextDueAt).Min();
                if (next is { } due && due - now < delay)
                {
                    // A feed still due now is held by another instance's lease: look again a little later.
                    delay = due > now ? due - now : MinWait;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                _logger.LogError("Feed polling pass failed; trying again in {Delay}: {Error}", delay, ex.Message.ReplaceLineEndings(" "));
            }

            Passes++;
            if (delay < TimeSpan.Zero)
            {
                delay = TimeSpan.Zero;
            }

            WaitingUntil = now + delay;
            try
            {
                await _signal.WaitAsync(delay, _time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            finally
            {
                WaitingUntil = null;
            }
        }
    }
}
