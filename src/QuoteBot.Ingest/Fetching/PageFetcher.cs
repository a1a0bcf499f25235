using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace QuoteBot.Ingest.Fetching;

/// <summary>
/// Fetches one article page or feed for chat, CLI and the feed poller alike. http and https only, at most
/// <see cref="IngestOptions.MaxRedirects"/> redirects (followed here, so each hop goes through the address check),
/// HTML and XML only, the body and time limits enforced while reading, the charset from the header or the document.
/// Never throws for a bad link or a bad server: the result says what went wrong in one line.
/// </summary>
public sealed class PageFetcher
{
    /// <summary>The name of the <see cref="IHttpClientFactory"/> client (resilience, politeness, address check).</summary>
    public const string ClientName = "QuoteBot.Ingest";

    private static readonly HashSet<string> AllowedTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        "text/html", "application/xhtml+xml", "text/xml", "application/xml", "application/rss+xml",
        "application/atom+xml", "application/rdf+xml",
    };

    private readonly IHttpClientFactory _factory;
    private readonly IngestOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<PageFetcher> _log;

    public PageFetcher(IHttpClientFactory factory, IOptions<IngestOptions> options, TimeProvider time, ILogger<PageFetcher> log)
    {
        ArgumentNullException.ThrowIfNull(options);
        _factory = factory;
        _options = options.Value;
        _time = time;
        _log = log;
    }

    /// <summary>Checks the form of a link: absolute, http or https, a host, no user name or password.</summary>
    public static bool TryParseUrl(string? text, out Uri url, out string error)
    {
        url = null!;
        error = string.Empty;
        text = text?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            error = "no link given";
            return false;
        }

        if (text.Length > 2048)
        {
            error = "the link is longer than 2048 characters";
            return false;
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var parsed) || string.IsNullOrEmpty(parsed.Host))
        {
            error = "not a web link (expected http://… or https://…)";
            return false;
        }

        if (parsed.Scheme != Uri.UriSchemeHttp && parsed.Scheme != Uri.UriSchemeHttps)
        {
            error = $"only http and https links can be fetched, not {parsed.Scheme}:";
            return false;
        }

        if (!string.IsNullOrEmpty(parsed.UserInfo))
        {
            error = "links with a user name or password are not fetched";
            return false;
        }

        url = parsed;
        return true;
    }

    public async Task<FetchResult> FetchAsync(string url, ConditionalGet? conditional = null, CancellationToken ct = default)
    {
        if (!TryParseUrl(url, out var uri, out var error))
        {
            return FetchResult.Fail(FetchFailure.InvalidUrl, error);
        }

        using var limit = new CancellationTokenSource(_options.TimeLimit, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, limit.Token);
        var current = uri;
        try
        {
            var client = _factory.CreateClient(ClientName);
            for (var hop = 0; ; hop++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, current);
                request.Headers.TryAddWithoutValidation("User-Agent", _options.UserAgent);
                request.Headers.TryAddWithoutValidation("Accept", "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,application/xml;q=0.9,text/xml;q=0.9");
                if (conditional is { } c)
                {
                    if (c.ETag is { } etag && EntityTagHeaderValue.TryParse(etag, out var tag))
                    {
                        request.Headers.IfNoneMatch.Add(tag);
                    }

                    if (c.LastModified is { } since)
                    {
                        request.Headers.IfModifiedSince = since;
                    }
                }

                using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
                var status = (int)response.StatusCode;
                if (status is 301 or 302 or 303 or 307 or 308)
                {
                    if (hop >= _options.MaxRedirects)
                    {
                        return FetchResult.Fail(FetchFailure.TooManyRedirects, $"more than {_options.MaxRedirects} redirects", current, status);
                    }

                    if (response.Headers.Location is not { } location)
                    {
                        return FetchResult.Fail(FetchFailure.HttpStatus, $"HTTP {status} redirect without a Location", current, status);
                    }

                    var next = location.IsAbsoluteUri ? location : new Uri(current, location);
                    if (!TryParseUrl(next.AbsoluteUri, out var checkedNext, out var why))
                    {
                        return FetchResult.Fail(FetchFailure.InvalidUrl, "redirected to a link that cannot be fetched: " + why, current, status);
                    }

                    current = checkedNext;
                    continue;
                }

                if (response.StatusCode == HttpStatusCode.NotModified && conditional is not null)
                {
                    return new FetchResult { FinalUrl = current, StatusCode = status, NotModified = true, Validators = ValidatorsOf(response, conditional) };
                }

                if (!response.IsSuccessStatusCode)
                {
                    return FetchResult.Fail(FetchFailure.HttpStatus, $"the server answered HTTP {status} {response.ReasonPhrase}".TrimEnd(), current, status);
                }

                var mediaType = response.Content.Headers.ContentType?.MediaType;
                if (mediaType is null || !AllowedTypes.Contains(mediaType))
                {
                    return FetchResult.Fail(FetchFailure.WrongContentType, $"not a web page or feed (content type {mediaType ?? "missing"}; HTML and XML only)", current, status);
                }

                if (response.Content.Headers.ContentLength is { } length && length > _options.MaxBodyBytes)
                {
                    return TooLarge(current, status);
                }

                var body = await ReadLimitedAsync(response.Content, linked.Token).ConfigureAwait(false);
                if (body is null)
                {
                    return TooLarge(current, status);
                }

                var text = Charset.Decode(body, response.Content.Headers.ContentType?.CharSet);
                return new FetchResult
                {
                    FinalUrl = current,
                    MediaType = mediaType.ToLowerInvariant(),
                    Text = text,
                    StatusCode = status,
                    Validators = ValidatorsOf(response, null),
                };
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return FetchResult.Fail(FetchFailure.Timeout, $"no complete answer within {_options.TimeLimit.TotalSeconds:0.#} s", current);
        }
        catch (TimeoutRejectedException)
        {
            return FetchResult.Fail(FetchFailure.Timeout, $"no answer within {_options.TimeLimit.TotalSeconds:0.#} s", current);
        }
        catch (BrokenCircuitException)
        {
            return FetchResult.Fail(FetchFailure.HostFailing, $"{current.Host} failed repeatedly; not asked again for a while", current);
        }
        catch (HttpRequestException ex) when (Find<BlockedAddressException>(ex) is { } blocked)
        {
            _log.LogInformation("Refused {Url}: {Reason}", current, blocked.Message);
            return FetchResult.Fail(FetchFailure.Blocked, "refused: " + blocked.Message, current);
        }
        catch (HttpRequestException ex)
        {
            return FetchResult.Fail(FetchFailure.Network, "could not reach " + current.Host + ": " + OneLine(ex), current);
        }
        catch (IOException ex)
        {
            return FetchResult.Fail(FetchFailure.Network, "the connection to " + current.Host + " broke: " + OneLine(ex), current);
        }
    }

    private FetchResult TooLarge(Uri url, int status) =>
        FetchResult.Fail(FetchFailure.TooLarge, $"larger than the {_options.MaxBodyBytes / 1024.0 / 1024.0:0.#} MB limit", url, status);

    /// <summary>Reads at most <see cref="IngestOptions.MaxBodyBytes"/>; null as soon as the body is longer.</summary>
    private async Task<byte[]?> ReadLimitedAsync(HttpContent content, CancellationToken ct)
    {
        await using var stream = await content.ReadAsStreamAsync(ct).ConfigureAwait(false);
        var max = _options.MaxBodyBytes;
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        while (true)
        {
            var read = await stream.ReadAsync(chunk, ct).ConfigureAwait(false);
            if (read == 0)
            {
                return buffer.ToArray();
            }

            if (buffer.Length + read > max)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }
    }

    private static ConditionalGet ValidatorsOf(HttpResponseMessage response, ConditionalGet? previous) => new(
        response.Headers.ETag?.ToString() ?? previous?.ETag,
        response.Content.Headers.LastModified ?? previous?.LastModified);

    private static T? Find<T>(Exception ex)
        where T : Exception
    {
        for (Exception? e = ex; e is not null; e = e.InnerException)
        {
            if (e is T found)
            {
                return found;
            }
        }

        return null;
    }

    private static string OneLine(Exception ex)
    {
        var inner = ex;
        while (inner.InnerException is not null)
        {
            inner = inner.InnerException;
        }

        return inner.Message.ReplaceLineEndings(" ");
    }
}
