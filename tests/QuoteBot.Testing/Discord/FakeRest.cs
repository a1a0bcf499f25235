using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace QuoteBot.Discord.Api.Tests.Fakes;

public sealed record RecordedRequest(string Method, string Path, string Body, string? Authorization, string? UserAgent, DateTimeOffset At)
{
    public JsonNode? Json => string.IsNullOrEmpty(Body) ? null : JsonNode.Parse(Body);
}

public sealed record FakeResponse(int Status, string? Body = null, IReadOnlyDictionary<string, string>? Headers = null);

/// <summary>The fake's REST side: records every request, answers scripted responses first, then sensible defaults.</summary>
public sealed class FakeRest
{
    private readonly FakeDiscord _owner;
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private readonly List<(string Method, string Path, FakeResponse Response)> _script = [];
    private readonly object _lock = new();
    private long _nextId = 5000;

    internal FakeRest(FakeDiscord owner) => _owner = owner;

    public IReadOnlyList<RecordedRequest> Requests => _requests.ToArray();

    /// <summary>Shard count GET /gateway/bot recommends.</summary>
    public int RecommendedShards { get; set; } = 1;

    public int MaxConcurrency { get; set; } = 1;

    /// <summary>Headers added to every default (unscripted) response.</summary>
    public Dictionary<string, string> DefaultHeaders { get; } = [];

    /// <summary>Queues a response for the next request with this method and exact path (relative to /api/v10).</summary>
    public void Enqueue(string method, string path, int status, string? body = null, IReadOnlyDictionary<string, string>? headers = null)
    {
        lock (_lock)
        {
            _script.Add((method, path, new FakeResponse(status, body, headers)));
        }
    }

    public IReadOnlyList<RecordedRequest> RequestsTo(string method, string path) =>
        Requests.Where(r => r.Method == method && r.Path == path).ToList();

    internal async Task HandleAsync(HttpContext ctx)
    {
        string path = "/" + (ctx.Request.RouteValues["path"] as string ?? "");
        using var reader = new StreamReader(ctx.Request.Body, Encoding.UTF8);
        string body = await reader.ReadToEndAsync();
        _requests.Enqueue(new RecordedRequest(
            ctx.Request.Method, path, body, ctx.Request.Headers.Authorization.ToString(), ctx.Request.Headers.UserAgent.ToString(), DateTimeOffset.UtcNow));

        FakeResponse? scripted = null;
        lock (_lock)
        {
            int index = _script.FindIndex(s => s.Method == ctx.Request.Method && s.Path == path);
            if (index >= 0)
            {
                scripted = _script[index].Response;
                _script.RemoveAt(index);
            }
        }

        FakeResponse response = scripted ?? Default(ctx.Request.Method, path, body);
        ctx.Response.StatusCode = response.Status;
        IReadOnlyDictionary<string, string> headers = response.Headers ?? (scripted is null ? DefaultHeaders : new Dictionary<string, string>());
        foreach ((string name, string value) in headers)
        {
            ctx.Response.Headers[name] = value;
        }

        if (response.Body is not null)
        {
            ctx.Response.ContentType = "application/json";
            await ctx.Response.WriteAsync(response.Body);
        }
    }

    private FakeResponse Default(string method, string path, string body)
    {
        string[] parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        switch (method)
        {
            case "GET" when path == "/gateway/bot":
                return Json(200, new JsonObject
                {
                    ["url"] = _owner.GatewayUrl,
                    ["shards"] = RecommendedShards,
                    ["session_start_limit"] = new JsonObject { ["total"] = 1000, ["remaining"] = 999, ["reset_after"] = 1000, ["max_concurrency"] = MaxConcurrency },
                });
            case "GET" when path == "/applications/@me":
                return Json(200, new JsonObject { ["id"] = "777", ["name"] = "Test App", ["bot_public"] = false });
            case "PUT" when path.EndsWith("/commands", StringComparison.Ordinal):
                {
                    var array = JsonNode.Parse(body)!.AsArray();
                    foreach (JsonNode? c in array)
                    {
                        c!["id"] = Interlocked.Increment(ref _nextId).ToString(System.Globalization.CultureInfo.InvariantCulture);
                        c["application_id"] = parts[1];
                        c["version"] = "1";
                    }

                    return new FakeResponse(200, array.ToJsonString());
                }

            case "POST" when parts is ["interactions", _, _, "callback"]:
            case "DELETE" when parts is ["webhooks", _, _, "messages", "@original"]:
                return new FakeResponse(204);
            case "PATCH" when parts is ["webhooks", _, _, "messages", "@original"]:
            case "POST" when parts is ["webhooks", _, _]:
            case "POST" when parts is ["channels", _, "messages"]:
                {
                    JsonNode sent = JsonNode.Parse(body)!;
                    return Json(200, new JsonObject
                    {
                        ["id"] = Interlocked.Increment(ref _nextId).ToString(System.Globalization.CultureInfo.InvariantCulture),
                        ["channel_id"] = parts[0] == "channels" ? parts[1] : "42",
                        ["content"] = sent["content"]?.GetValue<string>() ?? "",
                        ["author"] = new JsonObject { ["id"] = "999", ["username"] = "QuoteBot", ["bot"] = true },
                        ["type"] = 0,
                    });
                }

            case "GET" when parts is ["guilds", _, "members", _]:
                return Json(200, new JsonObject
                {
                    ["user"] = new JsonObject { ["id"] = parts[3], ["username"] = "member" },
                    ["roles"] = new JsonArray("11", "12"),
                    ["joined_at"] = "2024-01-01T00:00:00+00:00",
                });
            case "GET" when parts is ["guilds", _, "roles"]:
                return Json(200, new JsonArray(
                    new JsonObject { ["id"] = "11", ["name"] = "Mods", ["permissions"] = "8192", ["position"] = 2, ["managed"] = false },
                    new JsonObject { ["id"] = "12", ["name"] = "Admins", ["permissions"] = "8", ["position"] = 3, ["managed"] = false }));
            default:
                return Json(404, new JsonObject { ["message"] = "404: Not Found", ["code"] = 0 });
        }
    }

    private static FakeResponse Json(int status, JsonNode node) => new(status, node.ToJsonString());

    public static string RateLimitBody(double retryAfter, bool global = false) =>
        JsonSerializer.Serialize(new { message = "You are being rate limited.", retry_after = retryAfter, global });
}
