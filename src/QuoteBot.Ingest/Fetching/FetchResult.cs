namespace QuoteBot.Ingest.Fetching;

/// <summary>Why a fetch failed; the CLI groups its failures by this.</summary>
public enum FetchFailure
{
    None = 0,
    InvalidUrl,
    Blocked,
    TooManyRedirects,
    TooLarge,
    Timeout,
    WrongContentType,
    HttpStatus,
    Network,
    HostFailing,
}

/// <summary>Validators of an earlier response, sent back as If-None-Match / If-Modified-Since.</summary>
public sealed record ConditionalGet(string? ETag, DateTimeOffset? LastModified)
{
    public bool IsEmpty => ETag is null && LastModified is null;
}

/// <summary>The outcome of one fetch: the decoded body, "not modified", or a failure with a one-line message.</summary>
public sealed record FetchResult
{
    public FetchFailure Failure { get; init; }

    /// <summary>One line for a user: what went wrong (empty on success).</summary>
    public string Message { get; init; } = string.Empty;

    /// <summary>The URL after redirects.</summary>
    public Uri? FinalUrl { get; init; }

    /// <summary>The media type without parameters ("text/html").</summary>
    public string? MediaType { get; init; }

    public string? Text { get; init; }

    public int StatusCode { get; init; }

    /// <summary>The server answered 304 to a conditional GET: nothing changed.</summary>
    public bool NotModified { get; init; }

    /// <summary>Validators to send next time (feeds).</summary>
    public ConditionalGet Validators { get; init; } = new(null, null);

    public bool Ok => Failure == FetchFailure.None;

    /// <summary>True for XML media types (feeds); false for HTML.</summary>
    public bool IsXml => MediaType is not null && MediaType.Contains("xml", StringComparison.OrdinalIgnoreCase) && MediaType != "application/xhtml+xml";

    public static FetchResult Fail(FetchFailure failure, string message, Uri? url = null, int status = 0) =>
        new() { Failure = failure, Message = message, FinalUrl = url, StatusCode = status };
}
