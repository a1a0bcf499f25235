using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using QuoteBot.Core.Commands;
using QuoteBot.Core.Storage;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace QuoteBot.Telegram;

/// <summary>
/// Connects the bot: getMe, setMyCommands, then either setWebhook (webhook mode; the endpoint from
/// <c>MapTelegramWebhook</c> receives updates) or deleteWebhook and long polling. Polling survives network errors and
/// 5xx with exponential backoff, honours 429 retry_after, reports 409 conflicts in plain words, confirms an update
/// (advances the offset) only after it was handled, and stops cleanly.
/// </summary>
public sealed class TelegramBotService(
    ITelegramBotClient bot,
    QuoteCommands commands,
    UpdateDispatcher dispatcher,
    TelegramOutbox outbox,
    BotIdentity identity,
    IStateStore state,
    IOptions<TelegramOptions> options,
    TimeProvider time,
    ILogger<TelegramBotService> logger,
    IInstanceLock? instanceLock = null) : BackgroundService
{
    internal static readonly UpdateType[] AllowedUpdates = [UpdateType.Message, UpdateType.CallbackQuery, UpdateType.InlineQuery];

    /// <summary>Telegram's most webhook calls at once: more than the updates that may wait for their replies (<see cref="UpdateDispatcher.MaxHeld"/>).</summary>
    internal const int WebhookConnections = 100;

    private readonly TelegramOptions _options = options.Value;

    // Run on the thread pool, whatever synchronization context started the host.
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.Run(() => RunAsync(stoppingToken), CancellationToken.None);

    private async Task RunAsync(CancellationToken stoppingToken)
    {
        try
        {
            var me = await RetryAsync("getMe", ct => bot.GetMe(ct), stoppingToken);
            identity.Set(me);
            logger.LogInformation("Connected to Telegram as @{UserName} ({Mode}).", me.Username, _options.UseWebhook ? "webhook" : "long polling");

            await TryOnceAsync("setMyCommands", ct => bot.SetMyCommands(BotCommands(commands.AllCommands), cancellationToken: ct), stoppingToken);

            if (_options.UseWebhook)
            {
                await RetryAsync(
                    "setWebhook",
                    async ct =>
                    {
                        await bot.SetWebhook(_options.WebhookUrl!, maxConnections: WebhookConnections, secretToken: _options.WebhookSecret, allowedUpdates: AllowedUpdates, cancellationToken: ct);
                        return true;
                    },
                    stoppingToken);
                logger.LogInformation("Telegram webhook set; updates arrive at {Path}.", _options.EffectiveWebhookPath);
                return;
            }

            // A webhook left over from an earlier run would make getUpdates fail with 409.
            await TryOnceAsync("deleteWebhook", ct => bot.DeleteWebhook(false, ct), stoppingToken);
            await PollWhileHoldingLockAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // shutting down
        }
    }

    internal static BotCommand[] BotCommands(IEnumerable<CommandInfo> all) =>
        [.. all
            .Where(c => c.Name.Length is > 0 and <= 32)
            .Select(c => new BotCommand { Command = c.Name, Description = TelegramHtml.Shorten(c.Description.Length >= 3 ? c.Description : c.Name + " command", 256) })];

    /// <summary>Whether this instance is the one long-polling Telegram right now.</summary>
    public bool Polling { get; private set; }

    /// <summary>The <see cref="IInstanceLock"/> name of this bot's long polling: one poller per token among instances.</summary>
    internal string PollingLockName => "telegram-polling-" + _options.BotId;

    /// <summary>
    /// Telegram allows one long poller per token; a second one gets 409 forever. With a store shared by several
    /// instances, the poller holds a lock in it: an instance that finds the lock taken says so once, does not poll
    /// (everything else it runs keeps running) and takes over when the holder stops.
    /// </summary>
    private async Task PollWhileHoldingLockAsync(CancellationToken stoppingToken)
    {
        if (instanceLock is null)
        {
            Polling = true;
            await PollAsync(stoppingToken);
            return;
        }

        var standby = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            IInstanceLease? lease;
            try
            {
                lease = await instanceLock.TryAcquireAsync(PollingLockName, stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning("Could not check whether another instance polls Telegram ({Error}); trying again in {Seconds}s.", e.Message, _options.PollingLockRetry.TotalSeconds);
                await Task.Delay(_options.PollingLockRetry, time, stoppingToken);
                continue;
            }

            if (lease is null)
            {
                if (!standby)
                {
                    logger.LogWarning(
                        "Another QuoteBot instance on this database is already long-polling Telegram for this bot, and Telegram allows only one: this instance does not poll and takes over if that one stops. To share Telegram updates between instances, use webhook mode (Telegram:WebhookUrl).");
                    standby = true;
                }

                await Task.Delay(_options.PollingLockRetry, time, stoppingToken);
                continue;
            }

            await using (lease)
            {
                if (standby)
                {
                    logger.LogInformation("Took over Telegram long polling from an instance that stopped.");
                    standby = false;
                }

                using var both = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, lease.Lost);
                Polling = true;
                try
                {
                    await PollAsync(both.Token);
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    logger.LogWarning("Telegram polling stopped ({Error}).", e.Message);
                }
                finally
                {
                    Polling = false;
                }

                if (!stoppingToken.IsCancellationRequested)
                {
                    logger.LogWarning("Lost the Telegram polling lock (the database connection dropped); polling resumes when it is taken again.");
                    standby = true;
                }
            }
        }
    }

    private async Task PollAsync(CancellationToken stoppingToken)
    {
        var key = PollingCursor.StateKey(_options);
        var cursor = await PollingCursor.LoadAsync(state, key, stoppingToken);
        var inflight = new Dictionary<int, Task>();
        using var handlerCts = new CancellationTokenSource();
        var failures = 0;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await CollectFinishedAsync(cursor, inflight, key, stoppingToken);
                if (outbox.Backlogged)
                {
                    // More replies wait than Telegram lets out in a second: leave new updates with Telegram for now.
                    await Task.Delay(TimeSpan.FromMilliseconds(200), time, stoppingToken);
                    continue;
                }

                Update[] updates;
                try
                {
                    updates = await bot.GetUpdates(cursor.Offset, 100, _options.PollingTimeoutSeconds, AllowedUpdates, stoppingToken);
                    failures = 0;
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    failures++;
                    await Task.Delay(DelayAfter("getUpdates", e, failures), time, stoppingToken);
                    continue;
                }

                var started = 0;
                foreach (var update in updates.OrderBy(u => u.Id))
                {
                    if (cursor.IsKnown(update.Id) || !dispatcher.TryClaim(update.Id))
                    {
                        continue;
                    }

                    cursor.Started(update.Id);
                    inflight[update.Id] = await dispatcher.StartAsync(update, stoppingToken, handlerCts.Token);
                    started++;
                }

                if (started == 0 && inflight.Count > 0)
                {
                    // Telegram keeps re-sending the updates still being handled: wait for one to finish instead of spinning.
                    await Task.WhenAny(Task.WhenAny(inflight.Values), Task.Delay(TimeSpan.FromSeconds(1), time, stoppingToken));
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // fall through to the drain
        }

        // Let running handlers finish (within the grace period), record them, then cancel the rest: those were not
        // confirmed and come back after the restart.
        var all = Task.WhenAll(inflight.Values);
        await Task.WhenAny(all, Task.Delay(_options.ShutdownGrace, time, CancellationToken.None));
        await handlerCts.CancelAsync();
        try
        {
            await all.WaitAsync(TimeSpan.FromSeconds(2), time, CancellationToken.None);
        }
        catch (Exception)
        {
            // cancelled handlers
        }

        await CollectFinishedAsync(cursor, inflight, key, CancellationToken.None);
    }

    private async Task CollectFinishedAsync(PollingCursor cursor, Dictionary<int, Task> inflight, string key, CancellationToken ct)
    {
        var finished = inflight.Where(kv => kv.Value.IsCompleted).ToArray();
        if (finished.Length == 0)
        {
            return;
        }

        foreach (var (id, task) in finished)
        {
            inflight.Remove(id);
            if (task.IsCanceled)
            {
                continue; // cut short by shutdown: stays unconfirmed and is handled after the restart
            }

            cursor.Finished(id);
        }

        try
        {
            await state.SetAsync(key, cursor.Serialize(), ct);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            logger.LogWarning("Could not save the Telegram polling position: {Error}.", e.Message);
        }
    }

    /// <summary>How long to wait after a failed getUpdates, and the one log line saying why.</summary>
    private TimeSpan DelayAfter(string method, Exception e, int failures)
    {
        var backoff = Backoff(failures);
        switch (e)
        {
            case ApiRequestException { ErrorCode: 429 } rate:
                var wait = TelegramSender.RetryAfter(rate) ?? backoff;
                logger.LogWarning("Telegram asks to slow down (429); polling again in {Seconds}s.", wait.TotalSeconds);
                return wait;
            case ApiRequestException { ErrorCode: 409 }:
                logger.LogWarning(
                    "Telegram reports a conflict (409): another instance is polling this bot token, or a webhook is set. Retrying in {Seconds}s; stop the other instance or unset Telegram:WebhookUrl there.",
                    backoff.TotalSeconds);
                return backoff;
            case ApiRequestException { ErrorCode: 401 or 404 }:
                logger.LogError("Telegram rejected Telegram:Token (401 Unauthorized); check the token with @BotFather. Retrying in {Seconds}s.", _options.MaxBackoff.TotalSeconds);
                return _options.MaxBackoff;
            case ApiRequestException api:
                logger.LogWarning("Telegram {Method} failed ({Code}: {Description}); retrying in {Seconds}s.", method, api.ErrorCode, api.Message, backoff.TotalSeconds);
                return backoff;
            default:
                logger.LogWarning("Could not reach Telegram for {Method} ({Error}); retrying in {Seconds}s.", method, TelegramErrors.Describe(e), backoff.TotalSeconds);
                return backoff;
        }
    }

    private TimeSpan Backoff(int failures)
    {
        var factor = Math.Pow(2, Math.Min(failures - 1, 20));
        var ms = Math.Min(_options.InitialBackoff.TotalMilliseconds * factor, _options.MaxBackoff.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(ms);
    }

    /// <summary>Retries a startup call until it works (or shutdown), with the same backoff rules as polling.</summary>
    private async Task<T> RetryAsync<T>(string method, Func<CancellationToken, Task<T>> call, CancellationToken ct)
    {
        for (var failures = 1; ; failures++)
        {
            try
            {
                return await call(ct);
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                await Task.Delay(DelayAfter(method, e, failures), time, ct);
            }
        }
    }

    private async Task TryOnceAsync(string method, Func<CancellationToken, Task> call, CancellationToken ct)
    {
        try
        {
            await call(ct);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            logger.LogWarning("Telegram {Method} failed: {Error}.", method, TelegramErrors.Describe(e));
        }
    }
}
