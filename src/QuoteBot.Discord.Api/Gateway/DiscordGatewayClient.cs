using System.Buffers;
using System.Globalization;
using System.Net.WebSockets;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using QuoteBot.Discord.Api.Json;
using QuoteBot.Discord.Api.Models;
using QuoteBot.Discord.Api.Rest;

namespace QuoteBot.Discord.Api.Gateway;

/// <summary>
/// Discord gateway v10 client for one shard: HELLO → IDENTIFY/RESUME → dispatches, heartbeats with zombie detection,
/// RESUME after drops and op 7, fresh IDENTIFY after op 9 (false) / 4007 / 4009, capped exponential backoff through
/// outages, and a clear stop on fatal close codes (4004 bad token, 4010–4014).
/// Dispatch events go to <see cref="Events"/> (an unbounded channel: the receive loop never waits for the consumer).
/// </summary>
public sealed class DiscordGatewayClient : IDisposable, IAsyncDisposable
{
    private const int MaxMessageBytes = 64 * 1024 * 1024;
    private const int MaxResumeAttempts = 3;
    private static readonly TimeSpan CloseGrace = TimeSpan.FromSeconds(2);

    private readonly DiscordRestClient _rest;
    private readonly DiscordClientOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly IdentifyGate _identifyGate;
    private readonly Func<double> _random;
    private readonly Channel<GatewayDispatch> _events =
        Channel.CreateUnbounded<GatewayDispatch>(new UnboundedChannelOptions { SingleReader = false, SingleWriter = false });
    private readonly TaskCompletionSource<ReadyEvent> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private int _running;
    private string? _sessionId;
    private string? _resumeGatewayUrl;
    private long _sequenceValue = -1; // -1 = none; read by the heartbeat loop, written by the receive loop
    private string _gatewayUrl = "";
    private int _maxConcurrency = 1;
    private volatile GatewayState _state = GatewayState.Stopped;
    private readonly GatewayShardInfo? _preset;

    public DiscordGatewayClient(
        DiscordRestClient rest,
        IOptions<DiscordClientOptions> options,
        ILogger<DiscordGatewayClient>? logger = null,
        TimeProvider? time = null,
        IdentifyGate? identifyGate = null)
        : this(rest, options.Value, logger, time, identifyGate, null)
    {
    }

    /// <summary>
    /// A client for one shard of a sharded bot whose gateway was already resolved (by <see cref="DiscordShardManager"/>):
    /// it connects to <paramref name="shard"/>'s URL and identifies as <c>[ShardId, ShardCount]</c> without calling GET /gateway/bot.
    /// Share one <paramref name="identifyGate"/> between all shards of a process.
    /// </summary>
    public DiscordGatewayClient(
        DiscordRestClient rest,
        DiscordClientOptions options,
        GatewayShardInfo shard,
        ILogger? logger,
        TimeProvider? time,
        IdentifyGate identifyGate)
        : this(rest, options, logger, time, identifyGate, null)
    {
        ArgumentNullException.ThrowIfNull(shard);
        if (shard.ShardCount < 1 || shard.ShardId < 0 || shard.ShardId >= shard.ShardCount)
        {
            throw new ArgumentOutOfRangeException(nameof(shard), $"Shard [{shard.ShardId}, {shard.ShardCount}] is not a valid shard.");
        }

        _preset = shard;
        ShardId = shard.ShardId;
        ShardCount = shard.ShardCount;
    }

    internal DiscordGatewayClient(
        DiscordRestClient rest,
        DiscordClientOptions options,
        ILogger? logger,
        TimeProvider? time,
        IdentifyGate? identifyGate,
        Func<double>? random)
    {
        _rest = rest;
        _options = options;
        _logger = logger ?? NullLogger.Instance;
        _time = time ?? TimeProvider.System;
        _identifyGate = identifyGate ?? new IdentifyGate(_time);
        _random = random ?? Random.Shared.NextDouble;
    }

    /// <summary>Dispatch events in arrival order. Completes when <see cref="RunAsync"/> ends (with its error on a fatal stop).</summary>
    public ChannelReader<GatewayDispatch> Events => _events.Reader;

    /// <summary>Completes with the first READY (faults if the gateway stops for good before that).</summary>
    public Task<ReadyEvent> Ready => _ready.Task;

    public GatewayState State => _state;

    /// <summary>Application id from READY (the id commands and follow-ups are addressed to).</summary>
    public ulong? ApplicationId { get; private set; }

    /// <summary>The bot user from READY.</summary>
    public User? CurrentUser { get; private set; }

    /// <summary>Number of guilds in the last READY.</summary>
    public int GuildCount { get; private set; }

    public int ShardId { get; private set; }

    public int ShardCount { get; private set; } = 1;

    /// <summary>Time between the last heartbeat and its ACK.</summary>
    public TimeSpan? Latency { get; private set; }

    /// <summary>The last sequence number received (null before the first dispatch of a session).</summary>
    public int? LastSequence => _sequence;

    private int? _sequence
    {
        get
        {
            long value = Interlocked.Read(ref _sequenceValue);
            return value < 0 ? null : (int)value;
        }

        set => Interlocked.Exchange(ref _sequenceValue, value ?? -1);
    }

    internal string? SessionId => _sessionId;

    /// <summary>
    /// Connects and keeps the session alive until <paramref name="ct"/> is cancelled (then closes with 1000 and returns)
    /// or Discord refuses the bot for good (then throws <see cref="DiscordGatewayException"/>). Call once.
    /// </summary>
    public async Task RunAsync(CancellationToken ct)
    {
        if (Interlocked.Exchange(ref _running, 1) == 1)
        {
            throw new InvalidOperationException("The gateway client is already running; create one client per shard.");
        }

        try
        {
            if (string.IsNullOrWhiteSpace(_options.Token))
            {
                throw new DiscordGatewayException("The Discord bot token is not configured (set Discord:Token from the environment or user secrets).");
            }

            await ResolveGatewayAsync(ct).ConfigureAwait(false);
            int failures = 0;
            int resumeFailures = 0;
            while (!ct.IsCancellationRequested)
            {
                bool resume = CanResume;
                string url = resume ? _resumeGatewayUrl! : _gatewayUrl;
                Outcome outcome;
                try
                {
                    outcome = await RunConnectionAsync(url, resume, ct).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                    break;
                }
                catch (Exception ex) when (ex is WebSocketException or IOException or TimeoutException or OperationCanceledException
                    or JsonException or InvalidOperationException or KeyNotFoundException or FormatException)
                {
                    _logger.LogWarning("Discord gateway connection failed: {Error}", ex.Message);
                    outcome = Outcome.Retry(resume: true, healthy: false);
                }

                if (outcome.Kind == OutcomeKind.Reconnect && !outcome.Healthy && resume && ++resumeFailures >= MaxResumeAttempts)
                {
                    // The resume URL keeps failing: give up on the session and identify afresh on the main gateway URL.
                    _logger.LogWarning("Discord gateway could not resume after {Attempts} attempts; identifying afresh", resumeFailures);
                    outcome = outcome with { Resume = false };
                }

                if (outcome.Healthy || !resume)
                {
                    resumeFailures = 0;
                }

                switch (outcome.Kind)
                {
                    case OutcomeKind.Shutdown:
                        return;
                    case OutcomeKind.Fatal:
                        throw new DiscordGatewayException(outcome.Message!, outcome.CloseCode);
                }

                if (!outcome.Resume)
                {
                    ClearSession();
                }

                if (outcome.Healthy)
                {
                    failures = 0;
                }

                TimeSpan delay;
                if (outcome.Kind == OutcomeKind.InvalidSession)
                {
                    double min = _options.InvalidSessionMinDelay.TotalMilliseconds;
                    double max = Math.Max(min, _options.InvalidSessionMaxDelay.TotalMilliseconds);
                    delay = TimeSpan.FromMilliseconds(min + ((max - min) * _random()));
                }
                else if (outcome.Immediate)
                {
                    delay = TimeSpan.Zero;
                }
                else
                {
                    delay = ReconnectDelay(failures++);
                }

                _state = GatewayState.Reconnecting;
                _logger.LogInformation("Discord gateway reconnecting in {Delay} ({Mode})", delay, CanResume ? "resume" : "identify");
                if (delay > TimeSpan.Zero)
                {
                    await Task.Delay(delay, _time, ct).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // clean stop
        }
        catch (Exception ex)
        {
            _ready.TrySetException(ex);
            _events.Writer.TryComplete(ex);
            throw;
        }
        finally
        {
            _state = GatewayState.Stopped;
            _ready.TrySetCanceled(CancellationToken.None);
            _events.Writer.TryComplete();
        }
    }

    /// <summary>Completes <see cref="Events"/>; stop the gateway by cancelling the token given to <see cref="RunAsync"/>.</summary>
    public void Dispose() => _events.Writer.TryComplete();

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    private bool CanResume => _sessionId is not null && _resumeGatewayUrl is not null && _sequence is not null;

    private void ClearSession()
    {
        _sessionId = null;
        _resumeGatewayUrl = null;
        _sequence = null;
    }

    private TimeSpan ReconnectDelay(int failures) =>
        ComputeBackoff(failures, _options.ReconnectBaseDelay, _options.ReconnectMaxDelay, _random());

    /// <summary>base × 2^failures, capped at max, times 0.8–1.0 jitter so many shards don't reconnect in lockstep.</summary>
    internal static TimeSpan ComputeBackoff(int failures, TimeSpan baseDelay, TimeSpan maxDelay, double random)
    {
        double ms = Math.Min(baseDelay.TotalMilliseconds * Math.Pow(2, Math.Clamp(failures, 0, 30)), maxDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(ms * (0.8 + (0.2 * random)));
    }

    private async Task ResolveGatewayAsync(CancellationToken ct)
    {
        if (_preset is { } preset)
        {
            _gatewayUrl = preset.GatewayUrl;
            _maxConcurrency = Math.Max(1, preset.MaxConcurrency);
            return;
        }

        ShardId = _options.ShardId ?? 0;
        (_gatewayUrl, int count, _maxConcurrency) = await GatewayResolver.ResolveAsync(_rest, _options, _logger, _time, _random, ct).ConfigureAwait(false);
        ShardCount = count;
        if (ShardId < 0 || ShardId >= ShardCount)
        {
            throw new DiscordGatewayException($"Shard id {ShardId} is outside the shard count {ShardCount}.");
        }
    }

    internal static Uri BuildGatewayUri(string url)
    {
        var builder = new UriBuilder(url) { Query = "v=10&encoding=json" };
        if (string.IsNullOrEmpty(builder.Path))
        {
            builder.Path = "/";
        }

        return builder.Uri;
    }

    // ------------------------------------------------------------------ one connection

    private async Task<Outcome> RunConnectionAsync(string url, bool resume, CancellationToken ct)
    {
        _state = GatewayState.Connecting;
        using var ws = new ClientWebSocket();
        using var connCts = new CancellationTokenSource();
        var conn = new Connection(ws, connCts);

        // The connect and HELLO time limits run on the client's clock, as its heartbeats and reconnect delays do.
        using (var connectTimeout = new CancellationTokenSource(_options.HelloTimeout, _time))
        using (var connectCts = CancellationTokenSource.CreateLinkedTokenSource(ct, connectTimeout.Token))
        {
            await ws.ConnectAsync(BuildGatewayUri(url), connectCts.Token).ConfigureAwait(false);
        }

        // Cancellation of ct = clean shutdown: close with 1000 (ends the session) and let the receive loop finish.
        using CancellationTokenRegistration shutdown = ct.Register(
            () => _ = RequestCloseAsync(conn, WebSocketCloseStatus.NormalClosure, "shutting down", Outcome.ShutdownOutcome));

        Task heartbeat = Task.CompletedTask;
        try
        {
            // HELLO
            using (var helloTimeout = new CancellationTokenSource(_options.HelloTimeout, _time))
            using (var helloCts = CancellationTokenSource.CreateLinkedTokenSource(connCts.Token, helloTimeout.Token))
            {
                using JsonDocument? hello = await ReceiveAsync(conn, helloCts.Token).ConfigureAwait(false);
                if (hello is null)
                {
                    return conn.PendingOutcome ?? MapClose(ws.CloseStatus, ws.CloseStatusDescription, healthy: false);
                }

                if (Op(hello.RootElement) != GatewayOpCode.Hello)
                {
                    _logger.LogWarning("Discord gateway sent op {Op} before HELLO; reconnecting", Op(hello.RootElement));
                    await RequestCloseAsync(conn, (WebSocketCloseStatus)4000, "expected HELLO", Outcome.Retry(resume: true, healthy: false)).ConfigureAwait(false);
                    return conn.PendingOutcome!;
                }

                int interval = hello.RootElement.GetProperty("d").GetProperty("heartbeat_interval").GetInt32();
                conn.HeartbeatInterval = TimeSpan.FromMilliseconds(Math.Max(interval, 1));
            }

            heartbeat = HeartbeatLoopAsync(conn);

            if (resume)
            {
                _state = GatewayState.Resuming;
                conn.Resuming = true;
                await SendAsync(conn, w => WriteResume(w)).ConfigureAwait(false);
                _logger.LogInformation("Discord gateway resuming session at sequence {Sequence}", _sequence);
            }
            else
            {
                _state = GatewayState.Identifying;
                ClearSession();
                await _identifyGate.WaitAsync(ShardId, _maxConcurrency, _options.IdentifyInterval, ct).ConfigureAwait(false);
                await SendAsync(conn, w => WriteIdentify(w)).ConfigureAwait(false);
                _logger.LogInformation("Discord gateway identifying as shard [{Shard}, {Count}] with intents {Intents}", ShardId, ShardCount, _options.Intents);
            }

            while (true)
            {
                JsonDocument? doc;
                try
                {
                    doc = await ReceiveAsync(conn, connCts.Token).ConfigureAwait(false);
                }
                catch (Exception ex) when (conn.PendingOutcome is not null && ex is OperationCanceledException or WebSocketException)
                {
                    return conn.PendingOutcome;
                }
                catch (Exception ex) when (ex is WebSocketException or IOException)
                {
                    _logger.LogWarning("Discord gateway connection lost: {Error}", ex.Message);
                    return Outcome.Retry(resume: true, healthy: conn.Healthy);
                }

                if (doc is null)
                {
                    if (conn.PendingOutcome is { } pending)
                    {
                        return pending;
                    }

                    return MapClose(ws.CloseStatus, ws.CloseStatusDescription, conn.Healthy);
                }

                using (doc)
                {
                    try
                    {
                        await HandlePayloadAsync(conn, doc.RootElement).ConfigureAwait(false);
                    }
                    catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or IOException && !ct.IsCancellationRequested)
                    {
                        return conn.PendingOutcome ?? Outcome.Retry(resume: true, healthy: conn.Healthy);
                    }
                }
            }
        }
        finally
        {
            await connCts.CancelAsync().ConfigureAwait(false);
            try
            {
                await heartbeat.ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or ObjectDisposedException)
            {
                // the heartbeat loop ends with its connection
            }

            if (ws.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                ws.Abort();
            }
        }
    }

    private async Task HandlePayloadAsync(Connection conn, JsonElement root)
    {
        switch (Op(root))
        {
            case GatewayOpCode.Dispatch:
                HandleDispatch(conn, root);
                break;
            case GatewayOpCode.HeartbeatAck:
                conn.AckReceived = true;
                if (conn.HeartbeatSentAt is { } sent)
                {
                    Latency = _time.GetElapsedTime(sent);
                }

                break;
            case GatewayOpCode.Heartbeat:
                await SendHeartbeatAsync(conn).ConfigureAwait(false);
                break;
            case GatewayOpCode.Reconnect:
                _logger.LogInformation("Discord gateway asked to reconnect (op 7); resuming");
                await RequestCloseAsync(conn, (WebSocketCloseStatus)4000, "reconnect requested", Outcome.Retry(resume: true, healthy: true, immediate: true)).ConfigureAwait(false);
                break;
            case GatewayOpCode.InvalidSession:
                bool resumable = root.TryGetProperty("d", out JsonElement d) && d.ValueKind == JsonValueKind.True;
                _logger.LogInformation("Discord gateway invalidated the session (op 9, resumable: {Resumable})", resumable);
                await RequestCloseAsync(
                    conn,
                    resumable ? (WebSocketCloseStatus)4000 : WebSocketCloseStatus.NormalClosure,
                    "invalid session",
                    Outcome.InvalidSessionOutcome(resumable && CanResume)).ConfigureAwait(false);
                break;
            case GatewayOpCode.Hello:
                break;
            default:
                _logger.LogDebug("Discord gateway sent unhandled op {Op}", Op(root));
                break;
        }
    }

    private void HandleDispatch(Connection conn, JsonElement root)
    {
        long receivedAt = _time.GetTimestamp(); // before the sequence is taken: a caller that sees it knows the stamp
        string name = root.TryGetProperty("t", out JsonElement t) && t.ValueKind == JsonValueKind.String ? t.GetString() ?? "" : "";
        int seq = root.TryGetProperty("s", out JsonElement s) && s.ValueKind == JsonValueKind.Number ? s.GetInt32() : 0;
        if (_sequence is { } last && seq <= last && name != GatewayDispatch.Ready)
        {
            // A replay overlapping what we already delivered: never deliver an event twice.
            _logger.LogDebug("Discord gateway skipped duplicate {Event} at sequence {Sequence}", name, seq);
            return;
        }

        if (seq > 0)
        {
            _sequence = seq;
        }

        JsonElement data = root.TryGetProperty("d", out JsonElement d) ? d.Clone() : default;
        var dispatch = new GatewayDispatch(name, seq, data) { ReceivedTimestamp = receivedAt };

        if (name == GatewayDispatch.Ready)
        {
            ReadyEvent? ready = dispatch.AsReady();
            if (ready is not null)
            {
                _sessionId = ready.SessionId;
                _resumeGatewayUrl = string.IsNullOrEmpty(ready.ResumeGatewayUrl) ? _gatewayUrl : ready.ResumeGatewayUrl;
                CurrentUser = ready.User;
                ApplicationId = ready.Application?.Id ?? ready.User.Id;
                GuildCount = ready.Guilds.Count;
                _logger.LogInformation("Discord gateway READY as {User} in {Guilds} guild(s)", ready.User.Username, ready.Guilds.Count);
                _ready.TrySetResult(ready);
            }

            conn.Healthy = true;
            _state = GatewayState.Connected;
        }
        else if (name == GatewayDispatch.Resumed)
        {
            _logger.LogInformation("Discord gateway RESUMED at sequence {Sequence}", _sequence);
            conn.Healthy = true;
            _state = GatewayState.Connected;
        }

        _events.Writer.TryWrite(dispatch);
    }

    private async Task HeartbeatLoopAsync(Connection conn)
    {
        CancellationToken token = conn.Cts.Token;
        TimeSpan first = TimeSpan.FromMilliseconds(conn.HeartbeatInterval.TotalMilliseconds * _random());
        await Task.Delay(first, _time, token).ConfigureAwait(false);
        while (!token.IsCancellationRequested)
        {
            if (!conn.AckReceived)
            {
                _logger.LogWarning("Discord gateway missed a heartbeat ACK (zombie connection); reconnecting to resume");
                await RequestCloseAsync(conn, (WebSocketCloseStatus)4000, "heartbeat ACK missed", Outcome.Retry(resume: true, healthy: conn.Healthy, immediate: true)).ConfigureAwait(false);
                return;
            }

            conn.AckReceived = false;
            try
            {
                await SendHeartbeatAsync(conn).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is WebSocketException or IOException or ObjectDisposedException)
            {
                // A failed send means a dead socket the receive loop may not notice: end the connection ourselves.
                await RequestCloseAsync(conn, (WebSocketCloseStatus)4000, "heartbeat failed", Outcome.Retry(resume: true, healthy: conn.Healthy)).ConfigureAwait(false);
                return;
            }

            await Task.Delay(conn.HeartbeatInterval, _time, token).ConfigureAwait(false);
        }
    }

    private Task SendHeartbeatAsync(Connection conn)
    {
        conn.HeartbeatSentAt = _time.GetTimestamp();
        int? seq = _sequence;
        return SendAsync(conn, w =>
        {
            w.WriteNumber("op", (int)GatewayOpCode.Heartbeat);
            if (seq is { } s)
            {
                w.WriteNumber("d", s);
            }
            else
            {
                w.WriteNull("d");
            }
        });
    }

    private void WriteIdentify(Utf8JsonWriter w)
    {
        w.WriteNumber("op", (int)GatewayOpCode.Identify);
        w.WriteStartObject("d");
        w.WriteString("token", _options.Token);
        w.WriteNumber("intents", (int)_options.Intents);
        w.WriteStartObject("properties");
        w.WriteString("os", OperatingSystem.IsWindows() ? "windows" : OperatingSystem.IsMacOS() ? "macos" : "linux");
        w.WriteString("browser", "QuoteBot.Discord.Api");
        w.WriteString("device", "QuoteBot.Discord.Api");
        w.WriteEndObject();
        w.WriteStartArray("shard");
        w.WriteNumberValue(ShardId);
        w.WriteNumberValue(ShardCount);
        w.WriteEndArray();
        w.WriteBoolean("compress", false);
        w.WriteEndObject();
    }

    private void WriteResume(Utf8JsonWriter w)
    {
        w.WriteNumber("op", (int)GatewayOpCode.Resume);
        w.WriteStartObject("d");
        w.WriteString("token", _options.Token);
        w.WriteString("session_id", _sessionId);
        w.WriteNumber("seq", _sequence ?? 0);
        w.WriteEndObject();
    }

    private static async Task SendAsync(Connection conn, Action<Utf8JsonWriter> writeBody)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writeBody(writer);
            writer.WriteEndObject();
        }

        await conn.SendLock.WaitAsync(conn.Cts.Token).ConfigureAwait(false);
        try
        {
            await conn.Socket.SendAsync(buffer.WrittenMemory, WebSocketMessageType.Text, true, conn.Cts.Token).ConfigureAwait(false);
        }
        finally
        {
            conn.SendLock.Release();
        }
    }

    /// <summary>Ends a connection from our side: records why, sends the close frame, and bounds the wait for the echo.</summary>
    private async Task RequestCloseAsync(Connection conn, WebSocketCloseStatus status, string reason, Outcome outcome)
    {
        lock (conn)
        {
            if (conn.PendingOutcome is not null)
            {
                return;
            }

            conn.PendingOutcome = outcome;
        }

        try
        {
            using var timeout = new CancellationTokenSource(CloseGrace);
            await conn.SendLock.WaitAsync(timeout.Token).ConfigureAwait(false);
            try
            {
                if (conn.Socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
                {
                    await conn.Socket.CloseOutputAsync(status, reason, timeout.Token).ConfigureAwait(false);
                }
            }
            finally
            {
                conn.SendLock.Release();
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
            // the socket is already gone; the receive loop ends anyway
        }

        try
        {
            conn.Cts.CancelAfter(CloseGrace);
        }
        catch (ObjectDisposedException)
        {
            // connection already finished
        }
    }

    /// <summary>Reads one whole message; null when the peer closed.</summary>
    private static async Task<JsonDocument?> ReceiveAsync(Connection conn, CancellationToken ct)
    {
        byte[] rented = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            var buffer = new ArrayBufferWriter<byte>(16 * 1024);
            while (true)
            {
                ValueWebSocketReceiveResult result = await conn.Socket.ReceiveAsync(rented.AsMemory(), ct).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return null;
                }

                buffer.Write(rented.AsSpan(0, result.Count));
                if (buffer.WrittenCount > MaxMessageBytes)
                {
                    throw new WebSocketException("Discord gateway message exceeded the size limit.");
                }

                if (result.EndOfMessage)
                {
                    if (result.MessageType != WebSocketMessageType.Text)
                    {
                        throw new WebSocketException("Discord gateway sent a binary frame; this client uses encoding=json without compression.");
                    }

                    return JsonDocument.Parse(buffer.WrittenMemory);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static GatewayOpCode Op(JsonElement root) =>
        root.TryGetProperty("op", out JsonElement op) && op.ValueKind == JsonValueKind.Number ? (GatewayOpCode)op.GetInt32() : (GatewayOpCode)(-1);

    private Outcome MapClose(WebSocketCloseStatus? status, string? description, bool healthy)
    {
        int? code = status is null ? null : (int)status.Value;
        string detail = string.IsNullOrEmpty(description) ? "" : $" ({description})";
        _logger.LogWarning("Discord gateway closed the connection with code {Code}{Detail}", code?.ToString(CultureInfo.InvariantCulture) ?? "none", detail);
        return code switch
        {
            4004 => Outcome.Fatal("Discord rejected the bot token (4004). Check Discord:Token (Developer Portal, Bot, Reset Token); not retrying.", 4004),
            4010 => Outcome.Fatal($"Discord rejected the shard [{ShardId}, {ShardCount}] (4010 invalid shard).", 4010),
            4011 => Outcome.Fatal("Discord requires this bot to shard (4011 sharding required): set Discord:ShardCount.", 4011),
            4012 => Outcome.Fatal("Discord rejected the gateway API version (4012 invalid API version).", 4012),
            4013 => Outcome.Fatal($"Discord rejected the intents {(int)_options.Intents} (4013 invalid intents).", 4013),
            4014 => Outcome.Fatal($"Discord refused the intents {_options.Intents} (4014 disallowed intents): enable the privileged intent in the Developer Portal or remove it from Discord:Intents.", 4014),
            4007 or 4009 => Outcome.Retry(resume: false, healthy: healthy),
            _ => Outcome.Retry(resume: true, healthy: healthy),
        };
    }

    // ------------------------------------------------------------------ helpers

    private sealed class Connection(ClientWebSocket socket, CancellationTokenSource cts)
    {
        public ClientWebSocket Socket { get; } = socket;
        public CancellationTokenSource Cts { get; } = cts;
        public SemaphoreSlim SendLock { get; } = new(1, 1);
        public TimeSpan HeartbeatInterval { get; set; }
        public volatile bool AckReceived = true;
        public bool Resuming { get; set; }
        public volatile bool Healthy;
        public long? HeartbeatSentAt { get; set; }
        public Outcome? PendingOutcome { get; set; }
    }

    private enum OutcomeKind
    {
        Reconnect,
        InvalidSession,
        Fatal,
        Shutdown,
    }

    private sealed record Outcome(OutcomeKind Kind, bool Resume, bool Healthy, bool Immediate, string? Message, int? CloseCode)
    {
        public static readonly Outcome ShutdownOutcome = new(OutcomeKind.Shutdown, false, false, false, null, null);

        public static Outcome Retry(bool resume, bool healthy, bool immediate = false) => new(OutcomeKind.Reconnect, resume, healthy, immediate, null, null);

        public static Outcome InvalidSessionOutcome(bool resume) => new(OutcomeKind.InvalidSession, resume, true, false, null, null);

        public static Outcome Fatal(string message, int code) => new(OutcomeKind.Fatal, false, false, false, message, code);
    }
}
