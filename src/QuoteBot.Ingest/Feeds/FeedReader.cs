using System.ServiceModel.Syndication;
using System.Xml;

namespace QuoteBot.Ingest.Feeds;

/// <summary>One item of a feed: the article link and the id that says whether it was seen before.</summary>
public sealed record FeedItem(string Id, string Link, string? Title, DateTimeOffset? Published);

/// <summary>A parsed feed, or why it could not be read (one line).</summary>
public sealed record FeedParseResult(string? Title, IReadOnlyList<FeedItem> Items, string? Error)
{
    public bool Ok => Error is null;
}

/// <summary>
/// Reads RSS 2.0 and Atom 1.0 through System.ServiceModel.Syndication. No DTDs, no external entities, at most
/// <see cref="MaxItems"/> items; items without an http(s) link are skipped. Never throws for a bad feed.
/// </summary>
public static class FeedReader
{
    public const int MaxItems = 200;

    public static FeedParseResult Parse(string xml, Uri baseUrl)
    {
        ArgumentNullException.ThrowIfNull(xml);
        ArgumentNullException.ThrowIfNull(baseUrl);
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersFromEntities = 1024,
            IgnoreComments = true,
        };
        SyndicationFeed feed;
        try
        {
            using var text = new StringReader(xml);
            using var reader = XmlReader.Create(text, settings);
            feed = SyndicationFeed.Load(reader);
        }
        catch (Exception ex) when (ex is XmlException or InvalidOperationException or FormatException or ArgumentException)
        {
            return new FeedParseResult(null, [], "not a readable RSS or Atom feed: " + ex.Message.ReplaceLineEndings(" "));
        }

        var items = new List<FeedItem>();
        foreach (var item in feed.Items)
        {
            if (items.Count >= MaxItems)
            {
                break;
            }

            var link = item.Links.FirstOrDefault(l => l.RelationshipType is null or "alternate")?.Uri ?? item.Links.FirstOrDefault()?.Uri;
            if (link is null && Uri.TryCreate(item.Id, UriKind.Absolute, out var idLink))
            {
                link = idLink;
            }

            if (link is null || !Uri.TryCreate(baseUrl, link, out var absolute)
                || (absolute.Scheme != Uri.UriSchemeHttp && absolute.Scheme != Uri.UriSchemeHttps))
            {
                continue;
            }

            var published = item.PublishDate != default ? item.PublishDate : item.LastUpdatedTime != default ? item.LastUpdatedTime : (DateTimeOffset?)null;
            items.Add(new FeedItem(string.IsNullOrWhiteSpace(item.Id) ? absolute.AbsoluteUri : item.Id.Trim(), absolute.AbsoluteUri, item.Title?.Text, published));
        }

        return new FeedParseResult(feed.Title?.Text, items, null);
    }
}
