using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace QuoteBot.Telegram.Tests.Fakes;

/// <summary>One request the fake server received, with the visible text of a sent/edited message when it had one.</summary>
public sealed record ApiCall(string Method, JsonObject Body, int Status, string? VisibleText, DateTime At)
{
    public int? Offset => Body["offset"] is { } o ? int.Parse(o.ToString(), CultureInfo.InvariantCulture) : null;

    public long? ChatId => Body["chat_id"] is { } c ? long.Parse(c.ToString(), CultureInfo.InvariantCulture) : null;

    public string? Text => Body["text"]?.GetValue<string>();

    /// <summary>The inline keyboard's buttons, row-major.</summary>
    public IReadOnlyList<JsonObject> Buttons =>
        Body["reply_markup"]?["inline_keyboard"] is JsonArray rows
            ? [.. rows.OfType<JsonArray>().SelectMany(r => r.OfType<JsonObject>())]
            : [];

    public string? CallbackData(string label) =>
        Buttons.FirstOrDefault(b => b["text"]?.GetValue<string>() == label)?["callback_data"]?.GetValue<string>();
}

/// <summary>
/// Telegram's published flood limits, enforced by <see cref="FakeBotApi.Flood"/>: at most one message per
/// <paramref name="ChatInterval"/> in a chat, <paramref name="GroupPerMinute"/> a minute in a group (negative chat id),
/// <paramref name="GlobalPerSecond"/> a second over all chats. Counted are sendMessage and editMessageText that the fake
/// accepted, at the moment each arrived.
/// </summary>
public sealed record FloodLimits(TimeSpan ChatInterval, int GroupPerMinute, int GlobalPerSecond)
{
    public static FloodLimits Telegram { get; } = new(TimeSpan.FromSeconds(1), 20, 30);
}

/// <summary>
/// An in-process Bot API server on 127.0.0.1: /bot&lt;token&gt;/&lt;method&gt; with JSON or form bodies. It serves
/// queued updates to getUpdates (long-polling briefly, dropping confirmed ones like Telegram), checks HTML entities,
/// text length and callback data as strictly as Telegram, keeps chat administrators and a webhook, and can be told to
/// fail the next calls of a method (429 with retry_after, 5xx, 409, 403). With <see cref="Flood"/> set it answers
/// 429 with retry_after, as Telegram does, to messages over the flood limits.
/// </summary>
public sealed partial class FakeBotApi : IAsyncDisposable
{
    public const string Token = "123456789:TEST-fake_token_value";
    public const long BotId = 123456789;
    public const string BotUserName = "QuoteTestBot";

    private readonly WebApplication _app;
    private readonly Lock _gate = new();
    private readonly List<JsonObject> _pending = [];
    private readonly List<ApiCall> _calls = [];
    private readonly Dictionary<string, Queue<(int Code, string Description, int? RetryAfter)>> _failures = new(StringComparer.Ordinal);
    private readonly Dictionary<long, List<(long UserId, string Status)>> _admins = [];
    private readonly SemaphoreSlim _newUpdate = new(0);
    private readonly Dictionary<long, long> _chatLastSent = [];
    private readonly Dictionary<long, Queue<long>> _groupSent = [];
    private readonly Queue<long> _globalSent = new();
    private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();
    private int _floodRejections;
    private int _nextUpdateId = 1000;
    private int _nextMessageId = 1;

    private FakeBotApi(WebApplication app) => _app = app;

    public string BaseUrl { get; private set; } = string.Empty;

    /// <summary>When true, getUpdates' offset does not drop anything: as if Telegram never got the confirmation.</summary>
    public bool IgnoreConfirmations { get; set; }

    public HashSet<long> BlockedChats { get; } = [];

    public string? WebhookUrl { get; private set; }

    public string? WebhookSecret { get; private set; }

    /// <summary>Awaited before a call is answered (to make a method slow for one chat, say).</summary>
    public Func<string, JsonObject, CancellationToken, Task>? BeforeCall { get; set; }

    /// <summary>When set, messages over these limits are answered with 429 and retry_after (the flood-limit mode).</summary>
    public FloodLimits? Flood { get; set; }

    /// <summary>How many messages the flood-limit mode answered with 429.</summary>
    public int FloodRejections => Volatile.Read(ref _floodRejections);

    /// <summary>How many of the next calls (any method) have their connection dropped without an answer.</summary>
    public int AbortNextCalls { get; set; }

    public static async Task<FakeBotApi> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var fake = new FakeBotApi(app);
        app.Run(fake.HandleAsync);
        await Task.Run(() => app.StartAsync());
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        fake.BaseUrl = address.TrimEnd('/');
        return fake;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    public IReadOnlyList<ApiCall> Calls
    {
        get
        {
            lock (_gate)
            {
                return [.. _calls];
            }
        }
    }

    /// <summary>Removes and returns the calls recorded so far (a long run reads its log in pieces so it stays small).</summary>
    public IReadOnlyList<ApiCall> TakeCalls()
    {
        lock (_gate)
        {
            var taken = _calls.ToList();
            _calls.Clear();
            return taken;
        }
    }

    public IReadOnlyList<ApiCall> CallsTo(string method) => [.. Calls.Where(c => c.Method == method)];

    /// <summary>Waits until a call matching <paramref name="match"/> arrives (and succeeded, unless <paramref name="anyStatus"/>).</summary>
    public async Task<ApiCall> WaitForAsync(string method, Func<ApiCall, bool>? match = null, int skip = 0, bool anyStatus = false, double seconds = 120)
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        while (DateTime.UtcNow < until)
        {
            var found = Calls.Where(c => c.Method == method && (anyStatus || c.Status == 200) && (match?.Invoke(c) ?? true)).Skip(skip).FirstOrDefault();
            if (found is not null)
            {
                return found;
            }

            await Task.Delay(20);
        }

        throw new TimeoutException($"no {method} call matched within {seconds}s; calls: {string.Join(", ", Calls.Select(c => c.Method + ":" + c.Status))}");
    }

    /// <summary>Makes the next <paramref name="times"/> calls of <paramref name="method"/> fail.</summary>
    public void FailNext(string method, int code, string description, int? retryAfter = null, int times = 1)
    {
        lock (_gate)
        {
            if (!_failures.TryGetValue(method, out var q))
            {
                _failures[method] = q = new Queue<(int, string, int?)>();
            }

            for (var i = 0; i < times; i++)
            {
                q.Enqueue((code, description, retryAfter));
            }
        }
    }

    public void SetAdmins(long chatId, long creatorId, params long[] adminIds)
    {
        lock (_gate)
        {
            _admins[chatId] = [(creatorId, "creator"), .. adminIds.Select(a => (a, "administrator"))];
        }
    }

    // ---- updates ----

    public int Enqueue(JsonObject updateBody)
    {
        lock (_gate)
        {
            var id = _nextUpdateId++;
            updateBody["update_id"] = id;
            _pending.Add(updateBody);
            _newUpdate.Release();
            return id;
        }
    }

    /// <summary>Builds an update body without queuing it (for webhook posts).</summary>
    public static JsonObject MessageUpdate(long chatId, long fromId, string text, string? chatType = null, JsonObject? replyTo = null, string firstName = "Ann", int messageId = 500)
    {
        var message = MessageJson(chatId, fromId, text, chatType, firstName, messageId);
        if (replyTo is not null)
        {
            message["reply_to_message"] = replyTo;
        }

        return new JsonObject { ["message"] = message };
    }

    public static JsonObject MessageJson(long chatId, long fromId, string? text, string? chatType = null, string firstName = "Ann", int messageId = 500)
    {
        var type = chatType ?? (chatId > 0 ? "private" : "supergroup");
        var chat = new JsonObject { ["id"] = chatId, ["type"] = type };
        if (type != "private")
        {
            chat["title"] = "Test group";
        }

        var message = new JsonObject
        {
            ["message_id"] = messageId,
            ["date"] = 1_700_000_000,
            ["chat"] = chat,
            ["from"] = new JsonObject { ["id"] = fromId, ["is_bot"] = false, ["first_name"] = firstName },
        };
        if (text is not null)
        {
            message["text"] = text;
        }

        return message;
    }

    public int SendText(long chatId, long fromId, string text, string? chatType = null, JsonObject? replyTo = null, string firstName = "Ann") =>
        Enqueue(MessageUpdate(chatId, fromId, text, chatType, replyTo, firstName));

    public int Press(long chatId, long fromId, int messageId, string data) =>
        Enqueue(new JsonObject
        {
            ["callback_query"] = new JsonObject
            {
                ["id"] = "cb" + Guid.NewGuid().ToString("N"),
                ["from"] = new JsonObject { ["id"] = fromId, ["is_bot"] = false, ["first_name"] = "Ann" },
                ["message"] = MessageJson(chatId, BotId, "card", messageId: messageId),
                ["chat_instance"] = "ci1",
                ["data"] = data,
            },
        });

    public int InlineQuery(long fromId, string query, string offset = "") =>
        Enqueue(new JsonObject
        {
            ["inline_query"] = new JsonObject
            {
                ["id"] = "iq" + Guid.NewGuid().ToString("N"),
                ["from"] = new JsonObject { ["id"] = fromId, ["is_bot"] = false, ["first_name"] = "Ann" },
                ["query"] = query,
                ["offset"] = offset,
            },
        });

    public int Migrate(long oldChatId, long newChatId)
    {
        var message = MessageJson(oldChatId, 1, null, "group");
        message["migrate_to_chat_id"] = newChatId;
        return Enqueue(new JsonObject { ["message"] = message });
    }

    // ---- server ----

    private async Task HandleAsync(HttpContext http)
    {
        var match = PathShape().Match(http.Request.Path.Value ?? string.Empty);
        if (!match.Success)
        {
            await Reply(http, 404, Error(404, "Not Found"));
            return;
        }

        if (match.Groups[1].Value != Token)
        {
            await Reply(http, 401, Error(401, "Unauthorized"));
            return;
        }

        var method = match.Groups[2].Value;
        var body = await ReadBodyAsync(http.Request);
        if (BeforeCall is { } hook)
        {
            await hook(method, body, http.RequestAborted);
        }

        bool abort;
        lock (_gate)
        {
            abort = AbortNextCalls > 0;
            if (abort)
            {
                AbortNextCalls--;
            }
        }

        if (abort)
        {
            Record(method, body, 0, null);
            http.Abort();
            return;
        }

        (int Code, string Description, int? RetryAfter)? failure = null;
        lock (_gate)
        {
            if (_failures.TryGetValue(method, out var q) && q.Count > 0)
            {
                failure = q.Dequeue();
            }
        }

        if (failure is { } f)
        {
            Record(method, body, f.Code, null);
            var err = Error(f.Code, f.Description);
            if (f.RetryAfter is { } ra)
            {
                err["parameters"] = new JsonObject { ["retry_after"] = ra };
            }

            await Reply(http, f.Code, err);
            return;
        }

        if (method is "sendMessage" or "editMessageText" && FloodCheck(body) is { } retryAfter)
        {
            Record(method, body, 429, null);
            var err = Error(429, "Too Many Requests: retry after " + retryAfter.ToString(CultureInfo.InvariantCulture));
            err["parameters"] = new JsonObject { ["retry_after"] = retryAfter };
            await Reply(http, 429, err);
            return;
        }

        var (status, result, visible) = await DispatchAsync(method, body, http.RequestAborted);
        Record(method, body, status, visible);
        await Reply(http, status, result);
    }

    /// <summary>Null when the message is within the limits (and counts it), else the seconds to wait.</summary>
    private int? FloodCheck(JsonObject body)
    {
        if (Flood is not { } limits || body["chat_id"] is not { } chat || !long.TryParse(chat.ToString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var chatId))
        {
            return null;
        }

        var second = System.Diagnostics.Stopwatch.Frequency;
        lock (_gate)
        {
            var now = _clock.ElapsedTicks;
            var interval = (long)(limits.ChatInterval.TotalSeconds * second);
            var waits = new List<long>();
            if (_chatLastSent.TryGetValue(chatId, out var last) && now - last < interval)
            {
                waits.Add(last + interval - now);
            }

            if (chatId < 0)
            {
                if (!_groupSent.TryGetValue(chatId, out var window))
                {
                    _groupSent[chatId] = window = new Queue<long>();
                }

                while (window.Count > 0 && window.Peek() <= now - (60 * second))
                {
                    window.Dequeue();
                }

                if (window.Count >= limits.GroupPerMinute)
                {
                    waits.Add(window.Peek() + (60 * second) - now);
                }
            }

            while (_globalSent.Count > 0 && _globalSent.Peek() <= now - second)
            {
                _globalSent.Dequeue();
            }

            if (_globalSent.Count >= limits.GlobalPerSecond)
            {
                waits.Add(_globalSent.Peek() + second - now);
            }

            if (waits.Count > 0)
            {
                _floodRejections++;
                return (int)Math.Max(1, Math.Ceiling((double)waits.Max() / second));
            }

            _chatLastSent[chatId] = now;
            if (chatId < 0)
            {
                _groupSent[chatId].Enqueue(now);
            }

            _globalSent.Enqueue(now);
            return null;
        }
    }

    private void Record(string method, JsonObject body, int status, string? visible)
    {
        lock (_gate)
        {
            _calls.Add(new ApiCall(method, body, status, visible, DateTime.UtcNow));
        }
    }

    private async Task<(int Status, JsonObject Body, string? Visible)> DispatchAsync(string method, JsonObject body, CancellationToken ct)
    {
        switch (method)
        {
            case "getMe":
                return Ok(new JsonObject { ["id"] = BotId, ["is_bot"] = true, ["first_name"] = "Quote Bot", ["username"] = BotUserName, ["supports_inline_queries"] = true });
            case "getUpdates":
                if (WebhookUrl is not null)
                {
                    return Fail(409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first");
                }

                return Ok(await GetUpdatesAsync(body, ct));
            case "setWebhook":
                WebhookUrl = body["url"]?.ToString();
                WebhookSecret = body["secret_token"]?.ToString();
                return Ok(true);
            case "deleteWebhook":
                WebhookUrl = null;
                WebhookSecret = null;
                return Ok(true);
            case "setMyCommands":
                return Ok(true);
            case "answerCallbackQuery":
                if (body["callback_query_id"] is null)
                {
                    return Fail(400, "Bad Request: query id is empty");
                }

                if (body["text"]?.ToString() is { Length: > 200 })
                {
                    return Fail(400, "Bad Request: text is too long");
                }

                return Ok(true);
            case "getChatAdministrators":
                return GetAdmins(body);
            case "sendMessage":
            case "editMessageText":
                return SendOrEdit(method, body);
            case "sendPhoto":
                return SendPhoto(body);
            case "answerInlineQuery":
                return AnswerInline(body);
            default:
                return Fail(404, "Not Found: method not found");
        }
    }

    private async Task<JsonArray> GetUpdatesAsync(JsonObject body, CancellationToken ct)
    {
        var offset = body["offset"] is { } o ? int.Parse(o.ToString(), CultureInfo.InvariantCulture) : 0;
        var limit = body["limit"] is { } l ? int.Parse(l.ToString(), CultureInfo.InvariantCulture) : 100;
        var timeout = body["timeout"] is { } t ? int.Parse(t.ToString(), CultureInfo.InvariantCulture) : 0;
        var until = DateTime.UtcNow.AddSeconds(Math.Min(timeout, 0.3));
        while (true)
        {
            lock (_gate)
            {
                if (!IgnoreConfirmations && offset > 0)
                {
                    _pending.RemoveAll(u => u["update_id"]!.GetValue<int>() < offset);
                }

                var ready = _pending.Where(u => u["update_id"]!.GetValue<int>() >= offset).Take(limit).ToList();
                if (ready.Count > 0 || DateTime.UtcNow >= until)
                {
                    return [.. ready.Select(u => u.DeepClone())];
                }
            }

            var left = until - DateTime.UtcNow;
            if (left > TimeSpan.Zero)
            {
                await _newUpdate.WaitAsync(left, ct);
            }
        }
    }

    private (int, JsonObject, string?) GetAdmins(JsonObject body)
    {
        var chatId = long.Parse(body["chat_id"]!.ToString(), CultureInfo.InvariantCulture);
        lock (_gate)
        {
            if (!_admins.TryGetValue(chatId, out var list))
            {
                return Fail(400, "Bad Request: chat not found");
            }

            var array = new JsonArray();
            foreach (var (userId, status) in list)
            {
                array.Add(new JsonObject
                {
                    ["status"] = status,
                    ["user"] = new JsonObject { ["id"] = userId, ["is_bot"] = false, ["first_name"] = "Admin" },
                    ["is_anonymous"] = false,
                    ["can_be_edited"] = false,
                    ["can_manage_chat"] = true,
                    ["can_delete_messages"] = true,
                    ["can_manage_video_chats"] = false,
                    ["can_restrict_members"] = true,
                    ["can_promote_members"] = false,
                    ["can_change_info"] = true,
                    ["can_invite_users"] = true,
                    ["can_post_stories"] = false,
                    ["can_edit_stories"] = false,
                    ["can_delete_stories"] = false,
                });
            }

            var (code, result, _) = Ok(array);
            return (code, result, null);
        }
    }

    private (int, JsonObject, string?) SendOrEdit(string method, JsonObject body)
    {
        if (body["chat_id"] is null)
        {
            return Fail(400, "Bad Request: chat_id is empty");
        }

        var chatId = long.Parse(body["chat_id"]!.ToString(), CultureInfo.InvariantCulture);
        if (BlockedChats.Contains(chatId))
        {
            return Fail(403, "Forbidden: bot was blocked by the user");
        }

        var (visible, error) = CheckText(body["text"]?.ToString(), body["parse_mode"]?.ToString());
        if (error is not null)
        {
            return Fail(400, error);
        }

        if (CheckMarkup(body["reply_markup"]) is { } markupError)
        {
            return Fail(400, markupError);
        }

        int messageId;
        lock (_gate)
        {
            messageId = method == "editMessageText" ? int.Parse(body["message_id"]!.ToString(), CultureInfo.InvariantCulture) : _nextMessageId++;
        }

        var message = MessageJson(chatId, BotId, visible, messageId: messageId);
        message["from"] = new JsonObject { ["id"] = BotId, ["is_bot"] = true, ["first_name"] = "Quote Bot", ["username"] = BotUserName };
        var (code, result, _) = Ok(message);
        return (code, result, visible);
    }

    /// <summary>sendPhoto as multipart: the photo must be an uploaded PNG, the caption valid HTML of ≤ 1,024 characters.</summary>
    private (int, JsonObject, string?) SendPhoto(JsonObject body)
    {
        if (body["chat_id"] is null)
        {
            return Fail(400, "Bad Request: chat_id is empty");
        }

        // The upload is a multipart part, named by the field itself or through "attach://<part name>".
        var photo = body["photo"] is JsonValue v && v.ToString().StartsWith("attach://", StringComparison.Ordinal)
            ? body[v.ToString()["attach://".Length..]]
            : body["photo"];
        if (photo is not JsonObject file || file["png"]?.GetValue<bool>() != true)
        {
            return Fail(400, "Bad Request: wrong file identifier/HTTP URL specified");
        }

        var (visible, error) = CheckText(body["caption"]?.ToString(), body["parse_mode"]?.ToString());
        if (error is not null)
        {
            return Fail(400, error);
        }

        if (visible!.Length > 1024)
        {
            return Fail(400, "Bad Request: message caption is too long");
        }

        if (CheckMarkup(body["reply_markup"]) is { } markupError)
        {
            return Fail(400, markupError);
        }

        var chatId = long.Parse(body["chat_id"]!.ToString(), CultureInfo.InvariantCulture);
        int messageId;
        lock (_gate)
        {
            messageId = _nextMessageId++;
        }

        var message = MessageJson(chatId, BotId, null, messageId: messageId);
        message["caption"] = visible;
        message["photo"] = new JsonArray(new JsonObject { ["file_id"] = "photo" + messageId, ["file_unique_id"] = "u" + messageId, ["width"] = 1200, ["height"] = 630 });
        message["from"] = new JsonObject { ["id"] = BotId, ["is_bot"] = true, ["first_name"] = "Quote Bot", ["username"] = BotUserName };
        var (code, result, _) = Ok(message);
        return (code, result, visible);
    }

    private (int, JsonObject, string?) AnswerInline(JsonObject body)
    {
        if (body["results"] is not JsonArray results || results.Count > 50)
        {
            return Fail(400, "Bad Request: RESULTS_TOO_MUCH");
        }

        var ids = new HashSet<string>();
        foreach (var r in results.OfType<JsonObject>())
        {
            var id = r["id"]?.ToString() ?? string.Empty;
            if (id.Length == 0 || Encoding.UTF8.GetByteCount(id) > 64 || !ids.Add(id))
            {
                return Fail(400, "Bad Request: RESULT_ID_INVALID");
            }

            if (r["type"]?.ToString() != "article" || string.IsNullOrEmpty(r["title"]?.ToString()))
            {
                return Fail(400, "Bad Request: RESULT_TYPE_INVALID");
            }

            var content = r["input_message_content"];
            var (_, error) = CheckText(content?["message_text"]?.ToString(), content?["parse_mode"]?.ToString());
            if (error is not null)
            {
                return Fail(400, error);
            }

            if (CheckMarkup(r["reply_markup"]) is { } markupError)
            {
                return Fail(400, markupError);
            }
        }

        if (body["next_offset"]?.ToString() is { } next && Encoding.UTF8.GetByteCount(next) > 64)
        {
            return Fail(400, "Bad Request: NEXT_OFFSET_INVALID");
        }

        return Ok(true);
    }

    /// <summary>The visible text or Telegram's error for a message text with its parse mode.</summary>
    public static (string? Visible, string? Error) CheckText(string? text, string? parseMode)
    {
        if (string.IsNullOrEmpty(text))
        {
            return (null, "Bad Request: message text is empty");
        }

        var visible = text;
        if (string.Equals(parseMode, "HTML", StringComparison.OrdinalIgnoreCase))
        {
            var parsed = TelegramHtmlChecker.Parse(text);
            if (parsed.Error is not null)
            {
                return (null, parsed.Error);
            }

            visible = parsed.Text!;
        }
        else if (parseMode is not null)
        {
            return (null, "Bad Request: unsupported parse_mode");
        }

        if (visible.Trim().Length == 0)
        {
            return (null, "Bad Request: message text is empty");
        }

        if (visible.Length > 4096)
        {
            return (null, "Bad Request: message is too long");
        }

        return (visible, null);
    }

    private static string? CheckMarkup(JsonNode? markup)
    {
        if (markup is null)
        {
            return null;
        }

        if (markup["force_reply"] is { } force)
        {
            // ForceReply: force_reply must be true; the placeholder is 1-64 characters.
            var placeholder = markup["input_field_placeholder"]?.ToString();
            return force.GetValueKind() == System.Text.Json.JsonValueKind.True && (placeholder is null || placeholder.Length is >= 1 and <= 64)
                ? null
                : "Bad Request: can't parse reply keyboard markup JSON object";
        }

        if (markup["inline_keyboard"] is not JsonArray rows)
        {
            return "Bad Request: can't parse reply keyboard markup JSON object";
        }

        foreach (var button in rows.OfType<JsonArray>().SelectMany(r => r.OfType<JsonObject>()))
        {
            if (string.IsNullOrEmpty(button["text"]?.ToString()))
            {
                return "Bad Request: text buttons are unallowed in the inline keyboard";
            }

            if (button["callback_data"]?.ToString() is { } data)
            {
                var bytes = Encoding.UTF8.GetByteCount(data);
                if (bytes is 0 or > 64)
                {
                    return "Bad Request: BUTTON_DATA_INVALID";
                }
            }
            else if (button["url"]?.ToString() is { } url)
            {
                if (!Uri.TryCreate(url, UriKind.Absolute, out var u) || u.Scheme is not ("http" or "https" or "tg"))
                {
                    return "Bad Request: BUTTON_URL_INVALID";
                }
            }
            else
            {
                return "Bad Request: inline keyboard button needs an action";
            }
        }

        return null;
    }

    private static async Task<JsonObject> ReadBodyAsync(HttpRequest request)
    {
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync();
            var obj = new JsonObject();
            foreach (var (key, value) in form)
            {
                var s = value.ToString();
                obj[key] = s.Length > 0 && s[0] is '{' or '[' ? JsonNode.Parse(s) : JsonValue.Create(s);
            }

            foreach (var file in form.Files)
            {
                using var stream = new MemoryStream();
                await file.CopyToAsync(stream);
                var bytes = stream.ToArray();
                obj[file.Name] = new JsonObject
                {
                    ["file_name"] = file.FileName,
                    ["size"] = bytes.Length,
                    ["png"] = bytes.Length > 8 && bytes[0] == 0x89 && bytes[1] == (byte)'P' && bytes[2] == (byte)'N' && bytes[3] == (byte)'G',
                };
            }

            return obj;
        }

        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var text = await reader.ReadToEndAsync();
        if (string.IsNullOrWhiteSpace(text))
        {
            return [];
        }

        return JsonNode.Parse(text) as JsonObject ?? [];
    }

    private static (int, JsonObject, string?) Ok(JsonNode result) => (200, new JsonObject { ["ok"] = true, ["result"] = result }, null);

    private static (int, JsonObject, string?) Fail(int code, string description) => (code, Error(code, description), null);

    private static JsonObject Error(int code, string description) =>
        new() { ["ok"] = false, ["error_code"] = code, ["description"] = description };

    private static async Task Reply(HttpContext http, int status, JsonObject body)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync(body.ToJsonString());
    }

    [GeneratedRegex(@"^/bot([^/]+)/([A-Za-z]+)$")]
    private static partial Regex PathShape();
}
