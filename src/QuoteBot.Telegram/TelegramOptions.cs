using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace QuoteBot.Telegram;

/// <summary>Settings of the Telegram adapter, bound from the configuration section "Telegram".</summary>
public sealed class TelegramOptions
{
    public const string SectionName = "Telegram";

    /// <summary>The bot token from @BotFather. A secret: set it through user secrets or the environment (Telegram__Token).</summary>
    public string? Token { get; set; }

    /// <summary>Another Bot API server (a local telegram-bot-api, or a test server), like http://localhost:8081. Default: Telegram's.</summary>
    public string? ApiBaseUrl { get; set; }

    /// <summary>When set, updates come by webhook to this public https URL instead of long polling.</summary>
    public string? WebhookUrl { get; set; }

    /// <summary>The secret Telegram sends in X-Telegram-Bot-Api-Secret-Token; required with <see cref="WebhookUrl"/>.</summary>
    public string? WebhookSecret { get; set; }

    /// <summary>The local path the webhook endpoint listens on; default: the path of <see cref="WebhookUrl"/>.</summary>
    public string? WebhookPath { get; set; }

    /// <summary>Telegram user ids who moderate the global corpus (from any chat).</summary>
    public long[] Moderators { get; set; } = [];

    /// <summary>How long one getUpdates call waits for news (0-50 seconds).</summary>
    public int PollingTimeoutSeconds { get; set; } = 30;

    /// <summary>The first wait after a failed call; doubles on each further failure up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How many updates are handled at the same time.</summary>
    public int MaxConcurrency { get; set; } = 8;

    /// <summary>How long a group's administrator list is trusted before it is fetched again.</summary>
    public TimeSpan AdminCacheDuration { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Inline results per page (1-50).</summary>
    public int InlinePageSize { get; set; } = 20;

    /// <summary>How long a handler may finish its work after shutdown was requested.</summary>
    public TimeSpan ShutdownGrace { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often an instance that found another one polling checks whether it can take over.</summary>
    public TimeSpan PollingLockRetry { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// How long the bot keeps trying to send a reply (through 429s and network trouble) after its update came in;
    /// after that the reply is dropped and logged once. Answers to buttons and inline queries give up after
    /// <see cref="AnswerMaxAge"/> at most, since Telegram expires them.
    /// </summary>
    public TimeSpan ReplyMaxAge { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// An update is confirmed to Telegram (polling offset, webhook 200) once its replies were sent, so that a restart
    /// repeats it rather than losing its reply; but at most this long after its handler finished, so that a chat held
    /// back by a flood limit does not keep Telegram from sending the updates of other chats.
    /// </summary>
    public TimeSpan ConfirmWithin { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The least time between two messages to the same chat (Telegram: about one a second).</summary>
    public TimeSpan ChatInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Most messages a minute to one group (Telegram: 20).</summary>
    public int GroupMessagesPerMinute { get; set; } = 20;

    /// <summary>Most calls a second over all chats (Telegram: about 30).</summary>
    public int MessagesPerSecond { get; set; } = 30;

    /// <summary>How long an answer to a button press or an inline query is worth sending (Telegram expires them).</summary>
    internal static readonly TimeSpan AnswerMaxAge = TimeSpan.FromSeconds(10);

    internal bool UseWebhook => !string.IsNullOrWhiteSpace(WebhookUrl);

    internal string EffectiveWebhookPath =>
        !string.IsNullOrWhiteSpace(WebhookPath) ? WebhookPath
        : Uri.TryCreate(WebhookUrl, UriKind.Absolute, out var u) && u.AbsolutePath.Length > 1 ? u.AbsolutePath
        : "/telegram/webhook";

    /// <summary>The numeric bot id, the public part of the token before the colon.</summary>
    internal string BotId => Token is { } t && t.IndexOf(':', StringComparison.Ordinal) is var i and > 0 ? t[..i] : "bot";
}

/// <summary>Checks the settings at start; each failure is one line naming the setting (never the token's value).</summary>
internal sealed partial class TelegramOptionsValidator : IValidateOptions<TelegramOptions>
{
    [GeneratedRegex(@"^[0-9]{1,20}:[A-Za-z0-9_-]{10,200}$")]
    private static partial Regex TokenShape();

    [GeneratedRegex(@"^[A-Za-z0-9_-]{1,256}$")]
    private static partial Regex SecretShape();

    public ValidateOptionsResult Validate(string? name, TelegramOptions o)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(o.Token))
        {
            errors.Add("Telegram:Token is missing: get one from @BotFather and set it with user secrets or the Telegram__Token environment variable.");
        }
        else if (!TokenShape().IsMatch(o.Token.Trim()))
        {
            errors.Add("Telegram:Token does not look like a bot token (digits, a colon, then letters): check for stray spaces or quotes.");
        }

        if (!string.IsNullOrWhiteSpace(o.ApiBaseUrl) && !IsHttp(o.ApiBaseUrl))
        {
            errors.Add("Telegram:ApiBaseUrl must be an absolute http(s) URL, like http://localhost:8081.");
        }

        if (o.UseWebhook)
        {
            if (!IsHttp(o.WebhookUrl))
            {
                errors.Add("Telegram:WebhookUrl must be an absolute https URL, like https://bot.example.com/telegram/webhook.");
            }

            if (string.IsNullOrEmpty(o.WebhookSecret) || !SecretShape().IsMatch(o.WebhookSecret))
            {
                errors.Add("Telegram:WebhookSecret is required with Telegram:WebhookUrl: 1-256 characters of A-Z, a-z, 0-9, _ and -.");
            }
        }

        if (!string.IsNullOrWhiteSpace(o.WebhookPath) && !o.WebhookPath.StartsWith('/'))
        {
            errors.Add("Telegram:WebhookPath must start with '/'.");
        }

        if (o.PollingTimeoutSeconds is < 0 or > 50)
        {
            errors.Add("Telegram:PollingTimeoutSeconds must be between 0 and 50.");
        }

        if (o.InitialBackoff <= TimeSpan.Zero || o.MaxBackoff < o.InitialBackoff)
        {
            errors.Add("Telegram:InitialBackoff must be positive and Telegram:MaxBackoff at least as long.");
        }

        if (o.MaxConcurrency is < 1 or > 256)
        {
            errors.Add("Telegram:MaxConcurrency must be between 1 and 256.");
        }

        if (o.PollingLockRetry < TimeSpan.FromMilliseconds(10) || o.PollingLockRetry > TimeSpan.FromHours(1))
        {
            errors.Add("Telegram:PollingLockRetry must be between 00:00:00.010 and 01:00:00.");
        }

        if (o.AdminCacheDuration < TimeSpan.Zero)
        {
            errors.Add("Telegram:AdminCacheDuration must not be negative.");
        }

        if (o.InlinePageSize is < 1 or > 50)
        {
            errors.Add("Telegram:InlinePageSize must be between 1 and 50.");
        }

        if (o.ReplyMaxAge < TimeSpan.FromSeconds(1) || o.ReplyMaxAge > TimeSpan.FromHours(1))
        {
            errors.Add("Telegram:ReplyMaxAge must be between 00:00:01 and 01:00:00.");
        }

        if (o.ConfirmWithin < TimeSpan.Zero || o.ConfirmWithin > TimeSpan.FromMinutes(10))
        {
            errors.Add("Telegram:ConfirmWithin must be between 00:00:00 and 00:10:00.");
        }

        if (o.ChatInterval < TimeSpan.Zero || o.ChatInterval > TimeSpan.FromMinutes(1))
        {
            errors.Add("Telegram:ChatInterval must be between 00:00:00 and 00:01:00.");
        }

        if (o.GroupMessagesPerMinute is < 1 or > 1000)
        {
            errors.Add("Telegram:GroupMessagesPerMinute must be between 1 and 1000.");
        }

        if (o.MessagesPerSecond is < 1 or > 1000)
        {
            errors.Add("Telegram:MessagesPerSecond must be between 1 and 1000.");
        }

        if (o.Moderators.Any(id => id <= 0))
        {
            errors.Add("Telegram:Moderators must list positive Telegram user ids.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static bool IsHttp(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttp || u.Scheme == Uri.UriSchemeHttps);
}
