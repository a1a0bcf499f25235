using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace QuoteBot.Discord.Api.Tests.Fakes;

/// <summary>
/// The fake's gateway: HELLO, IDENTIFY → READY, heartbeat ACKs (switchable), RESUME with replay of missed events then
/// RESUMED, op 7 / op 9 / close codes on demand, and dispatches to the current session.
/// </summary>
public sealed class FakeGateway
{
    private readonly FakeDiscord _owner;
    private readonly List<FakeGatewayConnection> _connections = [];
    private readonly Dictionary<string, FakeSession> _sessions = [];
    private readonly List<FakeIdentify> _identifies = [];
    private readonly object _lock = new();
    private int _sessionCounter;

    internal FakeGateway(FakeDiscord owner) => _owner = owner;

    public int HeartbeatIntervalMs { get; set; } = 2500;

    private volatile bool _ackHeartbeats = true;

    public bool AckHeartbeats
    {
        get => _ackHeartbeats;
        set => _ackHeartbeats = value;
    }

    /// <summary>When set, the gateway closes with this code right after IDENTIFY instead of sending READY.</summary>
    public int? CloseOnIdentifyCode { get; set; }

    /// <summary>How many upcoming WebSocket upgrade requests get HTTP 503 (simulates an outage).</summary>
    public int RejectConnections { get; set; }

    public int RejectedConnections { get; private set; }

    /// <summary>How many upcoming connections are accepted but never get HELLO (a silent, half-dead gateway).</summary>
    public int SilentConnections { get; set; }

    internal bool TakeSilent()
    {
        lock (_lock)
        {
            if (SilentConnections <= 0)
            {
                return false;
            }

            SilentConnections--;
            return true;
        }
    }

    /// <summary>When true, every connection to the resume URL gets HTTP 503 (a dead resume host).</summary>
    public bool RejectResumeUrl { get; set; }

    /// <summary>When true, a RESUME replays from the client's sequence inclusive (an overlap the client must de-duplicate).</summary>
    public bool ReplayInclusive { get; set; }

    public ulong ApplicationId { get; set; } = 777;

    /// <summary>
    /// How many recent events each session keeps for a RESUME to replay (null: all). A long run sets it so the fake's
    /// own log does not grow for hours (Discord, too, replays only a recent window).
    /// </summary>
    public int? ReplayWindow { get; set; }

    public IReadOnlyList<FakeGatewayConnection> Connections
    {
        get
        {
            lock (_lock)
            {
                return _connections.ToList();
            }
        }
    }

    public FakeGatewayConnection this[int index] => Connections[index];

    /// <summary>The most recently created session (from the latest IDENTIFY).</summary>
    public FakeSession? CurrentSession { get; private set; }

    public IReadOnlyList<FakeSession> Sessions
    {
        get
        {
            lock (_lock)
            {
                return _sessions.Values.ToList();
            }
        }
    }

    /// <summary>Every IDENTIFY's <c>shard</c> field, in arrival order, with the time it arrived.</summary>
    public IReadOnlyList<FakeIdentify> Identifies
    {
        get
        {
            lock (_lock)
            {
                return _identifies.ToList();
            }
        }
    }

    /// <summary>Dispatches an event to the latest session identified as shard <paramref name="shardId"/>.</summary>
    public Task<int> DispatchToShardAsync(int shardId, string type, JsonNode data)
    {
        FakeSession session;
        lock (_lock)
        {
            session = _sessions.Values.LastOrDefault(s => s.ShardId == shardId)
                ?? throw new InvalidOperationException($"no session for shard {shardId}");
        }

        return session.DispatchAsync(type, data);
    }

    /// <summary>Dispatches an event to the current session: sent live when a connection is attached, else only logged for replay.</summary>
    public Task<int> DispatchAsync(string type, JsonNode data)
    {
        FakeSession session = CurrentSession ?? throw new InvalidOperationException("no session yet");
        return session.DispatchAsync(type, data);
    }

    public static JsonObject InteractionJson(string id, string token, string commandName = "quote") => new()
    {
        ["id"] = id,
        ["application_id"] = "777",
        ["type"] = 2,
        ["token"] = token,
        ["version"] = 1,
        ["guild_id"] = "100",
        ["channel_id"] = "200",
        ["member"] = new JsonObject
        {
            ["user"] = new JsonObject { ["id"] = "300", ["username"] = "alice" },
            ["roles"] = new JsonArray(),
            ["permissions"] = "2147483648",
        },
        ["data"] = new JsonObject { ["id"] = "400", ["name"] = commandName, ["type"] = 1 },
    };

    internal void AbortAll()
    {
        foreach (FakeGatewayConnection c in Connections)
        {
            c.Abort();
        }
    }

    internal async Task HandleAsync(HttpContext ctx, string path)
    {
        if (!ctx.WebSockets.IsWebSocketRequest)
        {
            ctx.Response.StatusCode = 400;
            return;
        }

        lock (_lock)
        {
            if (RejectResumeUrl && path == "/resume")
            {
                RejectedConnections++;
                ctx.Response.StatusCode = 503;
                return;
            }

            if (RejectConnections > 0)
            {
                RejectConnections--;
                RejectedConnections++;
                ctx.Response.StatusCode = 503;
                return;
            }
        }

        using WebSocket socket = await ctx.WebSockets.AcceptWebSocketAsync();
        var conn = new FakeGatewayConnection(this, socket, path, ctx.Request.QueryString.Value ?? "");
        lock (_lock)
        {
            _connections.Add(conn);
        }

        await conn.RunAsync(ctx.RequestAborted);
    }

    internal async Task OnIdentifyAsync(FakeGatewayConnection conn, JsonNode payload)
    {
        JsonArray shard = payload["d"]?["shard"]?.DeepClone().AsArray() ?? new JsonArray(0, 1);
        int shardId = shard.Count > 0 ? shard[0]!.GetValue<int>() : 0;
        int shardCount = shard.Count > 1 ? shard[1]!.GetValue<int>() : 1;
        lock (_lock)
        {
            _identifies.Add(new FakeIdentify(shardId, shardCount, DateTimeOffset.UtcNow));
        }

        if (CloseOnIdentifyCode is { } code)
        {
            await conn.CloseAsync(code, "identify rejected");
            return;
        }

        FakeSession session;
        lock (_lock)
        {
            session = new FakeSession($"session-{++_sessionCounter}") { ShardId = shardId, ReplayWindow = ReplayWindow };
            _sessions[session.Id] = session;
            CurrentSession = session;
        }

        await session.AttachAsync(conn, afterSequence: null, inclusive: false);
        await session.DispatchAsync("READY", new JsonObject
        {
            ["v"] = 10,
            ["user"] = new JsonObject { ["id"] = "999", ["username"] = "QuoteBot", ["bot"] = true },
            ["guilds"] = new JsonArray(new JsonObject { ["id"] = "100", ["unavailable"] = true }, new JsonObject { ["id"] = "101", ["unavailable"] = true }),
            ["session_id"] = session.Id,
            ["resume_gateway_url"] = _owner.ResumeGatewayUrl,
            ["shard"] = shard,
            ["application"] = new JsonObject { ["id"] = ApplicationId.ToString(System.Globalization.CultureInfo.InvariantCulture), ["flags"] = 0 },
        });
    }

    internal async Task OnResumeAsync(FakeGatewayConnection conn, JsonNode payload)
    {
        string? sessionId = payload["d"]?["session_id"]?.GetValue<string>();
        int seq = payload["d"]?["seq"]?.GetValue<int>() ?? 0;
        FakeSession? session;
        lock (_lock)
        {
            _sessions.TryGetValue(sessionId ?? "", out session);
        }

        if (session is null || session.Invalidated)
        {
            await conn.SendAsync(new JsonObject { ["op"] = 9, ["d"] = false });
            return;
        }

        await session.AttachAsync(conn, seq, ReplayInclusive);
        await session.DispatchAsync("RESUMED", new JsonObject());
    }
}

/// <summary>One IDENTIFY as the fake saw it: its <c>shard</c> field and arrival time.</summary>
public sealed record FakeIdentify(int ShardId, int ShardCount, DateTimeOffset At);

/// <summary>A session's event log, so a RESUME can replay what the client missed.</summary>
public sealed class FakeSession(string id)
{
    private readonly List<(int Seq, string Type, JsonNode Data)> _log = [];
    private readonly SemaphoreSlim _lock = new(1, 1);
    private FakeGatewayConnection? _attached;
    private int _seq;

    public string Id { get; } = id;

    public bool Invalidated { get; set; }

    /// <summary>How many recent events this session keeps for a replay (null: all).</summary>
    public int? ReplayWindow { get; init; }

    /// <summary>The shard id the session identified as.</summary>
    public int ShardId { get; init; }

    public int LastSequence => _seq;

    public void Detach() => _attached = null;

    internal async Task AttachAsync(FakeGatewayConnection conn, int? afterSequence, bool inclusive)
    {
        await _lock.WaitAsync();
        try
        {
            _attached = conn;
            conn.Session = this;
            if (afterSequence is { } after)
            {
                foreach ((int seq, string type, JsonNode data) in _log.Where(e => inclusive ? e.Seq >= after : e.Seq > after).ToList())
                {
                    await conn.SendAsync(Dispatch(seq, type, data));
                }
            }
        }
        finally
        {
            _lock.Release();
        }
    }

    internal async Task<int> DispatchAsync(string type, JsonNode data)
    {
        await _lock.WaitAsync();
        try
        {
            int seq = ++_seq;
            _log.Add((seq, type, data.DeepClone()));
            if (ReplayWindow is { } window && _log.Count > window * 2)
            {
                _log.RemoveRange(0, _log.Count - window);
            }
            if (_attached is { IsOpen: true } conn)
            {
                await conn.SendAsync(Dispatch(seq, type, data));
            }

            return seq;
        }
        finally
        {
            _lock.Release();
        }
    }

    private static JsonObject Dispatch(int seq, string type, JsonNode data) =>
        new() { ["op"] = 0, ["s"] = seq, ["t"] = type, ["d"] = data.DeepClone() };
}

/// <summary>One client connection as the fake saw it.</summary>
public sealed class FakeGatewayConnection
{
    private readonly FakeGateway _gateway;
    private readonly WebSocket _socket;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly List<JsonNode> _received = [];
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal FakeGatewayConnection(FakeGateway gateway, WebSocket socket, string path, string query)
    {
        _gateway = gateway;
        _socket = socket;
        Path = path;
        Query = query;
    }

    public string Path { get; }

    public string Query { get; }

    public FakeSession? Session { get; internal set; }

    /// <summary>The close code the client sent, when it closed the connection.</summary>
    public int? ClientCloseCode { get; private set; }

    public bool IsOpen => _socket.State == WebSocketState.Open && !_closed.Task.IsCompleted;

    public Task Closed => _closed.Task;

    public IReadOnlyList<JsonNode> Received
    {
        get
        {
            lock (_received)
            {
                return _received.ToList();
            }
        }
    }

    public IReadOnlyList<JsonNode> ReceivedOp(int op) => Received.Where(p => p["op"]?.GetValue<int>() == op).ToList();

    public Task SendReconnectAsync()
    {
        // From now on the fake treats the client as gone: later dispatches are only logged and replayed on RESUME.
        Session?.Detach();
        return SendAsync(new JsonObject { ["op"] = 7, ["d"] = null });
    }

    public Task SendInvalidSessionAsync(bool resumable)
    {
        if (!resumable && Session is { } s)
        {
            s.Invalidated = true;
        }

        Session?.Detach();
        return SendAsync(new JsonObject { ["op"] = 9, ["d"] = resumable });
    }

    public Task RequestHeartbeatAsync() => SendAsync(new JsonObject { ["op"] = 1, ["d"] = null });

    public async Task CloseAsync(int code, string reason)
    {
        Session?.Detach();
        await _sendLock.WaitAsync();
        try
        {
            if (_socket.State == WebSocketState.Open)
            {
                await _socket.CloseOutputAsync((WebSocketCloseStatus)code, reason, CancellationToken.None);
            }
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Drops the TCP connection without a close frame.</summary>
    public void Abort()
    {
        Session?.Detach();
        _socket.Abort();
        _closed.TrySetResult();
    }

    public async Task SendAsync(JsonNode payload)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(payload.ToJsonString());
        await _sendLock.WaitAsync();
        try
        {
            if (_socket.State == WebSocketState.Open)
            {
                await _socket.SendAsync(bytes, WebSocketMessageType.Text, true, CancellationToken.None);
            }
        }
        catch (WebSocketException)
        {
            // client went away
        }
        finally
        {
            _sendLock.Release();
        }
    }

    internal async Task RunAsync(CancellationToken aborted)
    {
        try
        {
            if (!_gateway.TakeSilent())
            {
                await SendAsync(new JsonObject { ["op"] = 10, ["d"] = new JsonObject { ["heartbeat_interval"] = _gateway.HeartbeatIntervalMs } });
            }
            var buffer = new byte[64 * 1024];
            while (true)
            {
                using var message = new MemoryStream();
                WebSocketReceiveResult result;
                do
                {
                    result = await _socket.ReceiveAsync(buffer, aborted);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        ClientCloseCode = (int?)result.CloseStatus;
                        Session?.Detach();
                        if (_socket.State == WebSocketState.CloseReceived)
                        {
                            await _sendLock.WaitAsync(aborted);
                            try
                            {
                                await _socket.CloseOutputAsync(result.CloseStatus ?? WebSocketCloseStatus.NormalClosure, "bye", aborted);
                            }
                            finally
                            {
                                _sendLock.Release();
                            }
                        }

                        return;
                    }

                    message.Write(buffer, 0, result.Count);
                }
                while (!result.EndOfMessage);

                JsonNode payload = JsonNode.Parse(message.ToArray())!;
                lock (_received)
                {
                    _received.Add(payload);
                }

                switch (payload["op"]?.GetValue<int>())
                {
                    case 1 when _gateway.AckHeartbeats:
                        await SendAsync(new JsonObject { ["op"] = 11 });
                        break;
                    case 2:
                        await _gateway.OnIdentifyAsync(this, payload);
                        break;
                    case 6:
                        await _gateway.OnResumeAsync(this, payload);
                        break;
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException)
        {
            // connection dropped
        }
        finally
        {
            Session?.Detach();
            _closed.TrySetResult();
        }
    }
}
