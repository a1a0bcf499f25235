using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace QuoteBot.Discord.Api.Tests.Fakes;

/// <summary>A file part (<c>files[n]</c>) of a multipart request.</summary>
public sealed record RecordedFile(string Field, string FileName, string ContentType, byte[] Content)
{
    public bool IsPng => Content.Length > 8 && Content[0] == 0x89 && Content[1] == (byte)'P' && Content[2] == (byte)'N' && Content[3] == (byte)'G';
}

/// <summary>One request; for a multipart one, <see cref="Body"/> is its <c>payload_json</c> and the files are in <see cref="Files"/>.</summary>
public sealed record RecordedRequest(string Method, string Path, string Body, string? Authorization, string? UserAgent, DateTimeOffset At, IReadOnlyList<RecordedFile>? Files = null)
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

    /// <summary>Removes and returns the requests recorded so far (a long run reads its log in pieces so it stays small).</summary>
    public IReadOnlyList<RecordedRequest> TakeRequests()
    {
        var taken = new List<RecordedRequest>();
        while (_requests.TryDequeue(out var request))
        {
            taken.Add(request);
        }

        return taken;
    }

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
        string body;
        List<RecordedFile>? files = null;
        if (ctx.Request.HasFormContentType)
        {
            // Uploads, as Discord takes them: JSON in "payload_json", files in "files[n]".
            IFormCollection form = await ctx.Request.ReadFormAsync();
            body = form["payload_json"].ToString();
            files = [];
            foreach (IFormFile file in form.Files)
            {
                using var stream = new MemoryStream();
                await file.CopyToAsync(stream);
                files.Add(new RecordedFile(file.Name, file.FileName, file.ContentType, stream.ToArray()));
            }
        }
        else
        {
            using var reader = new StreamReader(ctx.Request.Body, Encoding.UTF8);
            body = await reader.ReadToEndAsync();
        }

        _requests.Enqueue(new RecordedRequest(
            ctx.Request.Method, path, body, ctx.Request.Headers.Authorization.ToString(), ctx.Request.Headers.UserAgent.ToString(), DateTimeOffset.UtcNow, files));
        if (UploadError(body, files) is { } uploadError)
        {
            ctx.Response.StatusCode = 400;
            ctx.Response.ContentType = "application/json";
            await ctx.Response.WriteAsync(new JsonObject { ["message"] = uploadError, ["code"] = 50035 }.ToJsonString());
            return;
        }

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

    /// <summary>
    /// What Discord refuses about uploads: an attachment id without its <c>files[id]</c> part, or an embed image
    /// <c>attachment://name</c> that names no uploaded file.
    /// </summary>
    private static string? UploadError(string body, List<RecordedFile>? files)
    {
        if (string.IsNullOrEmpty(body) || (body[0] != '{'))
        {
            return null;
        }

        JsonNode payload = JsonNode.Parse(body)!;
        JsonNode data = payload["data"] ?? payload; // interaction callbacks wrap the message in "data"
        var uploaded = files ?? [];
        foreach (JsonNode? a in data["attachments"]?.AsArray() ?? [])
        {
            string id = a!["id"]!.ToString();
            if (!uploaded.Any(f => f.Field == $"files[{id}]" && f.FileName == a["filename"]?.GetValue<string>()))
            {
                return $"Invalid Form Body: attachments[{id}] has no matching files[{id}] upload";
            }
        }

        foreach (JsonNode? e in data["embeds"]?.AsArray() ?? [])
        {
            if (e?["image"]?["url"]?.GetValue<string>() is { } url && url.StartsWith("attachment://", StringComparison.Ordinal)
                && !uploaded.Any(f => f.FileName == url["attachment://".Length..]))
            {
                return "Invalid Form Body: embeds.image.url names an attachment that was not uploaded";
            }
        }

        return null;
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
