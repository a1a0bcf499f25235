using System.Net;

namespace QuoteBot.Discord.Api.Rest;

/// <summary>A Discord REST call failed: carries the HTTP status and Discord's JSON error <c>code</c> and <c>message</c>.</summary>
public sealed class DiscordApiException : Exception
{
    public DiscordApiException(HttpStatusCode statusCode, int? code, string discordMessage, string route, string? errorsJson = null)
        : base(BuildMessage(statusCode, code, discordMessage, route))
    {
        StatusCode = statusCode;
        Code = code;
        DiscordMessage = discordMessage;
        Route = route;
        ErrorsJson = errorsJson;
    }

    public DiscordApiException()
        : this(0, null, "unknown error", "")
    {
    }

    public DiscordApiException(string message)
        : base(message)
    {
        DiscordMessage = message;
        Route = "";
    }

    public DiscordApiException(string message, Exception innerException)
        : base(message, innerException)
    {
        DiscordMessage = message;
        Route = "";
    }

    public HttpStatusCode StatusCode { get; }

    /// <summary>Discord's JSON error code (e.g. 10062 Unknown interaction, 50035 Invalid Form Body), when given.</summary>
    public int? Code { get; }

    /// <summary>Discord's human-readable <c>message</c>.</summary>
    public string DiscordMessage { get; }

    /// <summary>The route template (e.g. <c>POST /channels/{channel_id}/messages</c>); never contains tokens.</summary>
    public string Route { get; }

    /// <summary>The raw <c>errors</c> object of a 400 Invalid Form Body, for diagnostics.</summary>
    public string? ErrorsJson { get; }

    private static string BuildMessage(HttpStatusCode status, int? code, string message, string route)
    {
        string codePart = code is { } c ? $" code {c}" : "";
        return $"Discord API {route} failed with HTTP {(int)status}{codePart}: {message}";
    }
}
