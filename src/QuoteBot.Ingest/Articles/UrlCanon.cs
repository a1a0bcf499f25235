namespace QuoteBot.Ingest.Articles;

/// <summary>
/// The key an article is stored under: the page's own canonical link when it declares an http(s) one, else the URL it
/// was fetched from, normalized: lower-case scheme and host, no default port, no fragment, no tracking parameters
/// (utm_*, fbclid, gclid, ...), no trailing "?".
/// </summary>
public static class UrlCanon
{
    private static readonly string[] TrackingPrefixes = ["utm_"];

    private static readonly HashSet<string> TrackingNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "yclid", "igshid", "ref_src", "_ga",
    };

    public static string Canonical(Uri fetched, string? declared)
    {
        ArgumentNullException.ThrowIfNull(fetched);
        if (!string.IsNullOrWhiteSpace(declared)
            && Uri.TryCreate(fetched, declared.Trim(), out var link)
            && (link.Scheme == Uri.UriSchemeHttp || link.Scheme == Uri.UriSchemeHttps)
            && !string.IsNullOrEmpty(link.Host)
            && string.IsNullOrEmpty(link.UserInfo))
        {
            return Normalize(link);
        }

        return Normalize(fetched);
    }

    public static string Normalize(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        var query = url.Query.TrimStart('?');
        var kept = query.Length == 0
            ? []
            : query.Split('&', StringSplitOptions.RemoveEmptyEntries).Where(p => !IsTracking(p)).ToArray();
        var builder = new UriBuilder(url)
        {
            Scheme = url.Scheme.ToLowerInvariant(),
            Host = url.IdnHost.ToLowerInvariant(),
            Fragment = string.Empty,
            Query = kept.Length == 0 ? string.Empty : string.Join('&', kept),
        };
        if (url.IsDefaultPort)
        {
            builder.Port = -1;
        }

        return builder.Uri.AbsoluteUri;
    }

    private static bool IsTracking(string pair)
    {
        var eq = pair.IndexOf('=', StringComparison.Ordinal);
        var name = Uri.UnescapeDataString(eq < 0 ? pair : pair[..eq]);
        return TrackingNames.Contains(name) || TrackingPrefixes.Any(p => name.StartsWith(p, StringComparison.OrdinalIgnoreCase));
    }
}
