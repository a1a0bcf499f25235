using System.Text;
using System.Text.Json;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using QuoteBot.Core.Text;

namespace QuoteBot.Extraction;

/// <summary>
/// Finds the article body in an HTML page and turns it into paragraphs: navigation, scripts, captions, share bars,
/// "related" lists and footers are dropped. The article text is the paragraphs joined by blank lines.
/// </summary>
internal static class HtmlArticleReader
{
    private static readonly HtmlParser Parser = new(new HtmlParserOptions { IsScripting = false });

    private static readonly HashSet<string> DroppedTags = new(StringComparer.OrdinalIgnoreCase)
    {
        "script", "style", "noscript", "nav", "header", "footer", "aside", "figure", "figcaption", "form", "button",
        "iframe", "svg", "select", "option", "template", "object", "embed", "video", "audio", "canvas", "menu", "dialog",
        "input", "textarea", "label",
    };

    private static readonly string[] NoiseMarkers =
    [
        "share", "social", "related", "promo", "newsletter", "subscribe", "signup", "sign-up", "advert", "sponsor",
        "caption", "footer", "nav", "menu", "breadcrumb", "comment", "recommend", "more-stories", "read-more", "readmore",
        "outbrain", "taboola", "sidebar", "widget", "popup", "modal", "cookie", "banner", "byline", "author-bio", "tags",
        "trending", "most-popular", "toolbar", "skip", "paywall", "inline-ad", "ad-container", "ad-slot", "ad-wrapper",
    ];

    private static readonly HashSet<string> BlockTags = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "li", "pre", "dd", "dt", "td",
    };

    public static Article? Read(string source, string html, ArticleMeta meta, out string reason)
    {
        reason = string.Empty;
        IDocument doc;
        try
        {
            doc = Parser.ParseDocument(html);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            reason = "broken HTML: " + ex.Message;
            return null;
        }

        using (doc)
        {
            meta = FillMeta(doc, meta);
            var body = doc.Body;
            if (body is null)
            {
                reason = "broken HTML: no body";
                return null;
            }

            foreach (var el in body.QuerySelectorAll("*").ToList())
            {
                if (DroppedTags.Contains(el.LocalName) || IsNoise(el))
                {
                    el.Remove();
                }
            }

            var root = FindArticleRoot(body);
            var paragraphs = new List<string>();
            Collect(root, paragraphs);
            if (paragraphs.Count == 0)
            {
                var text = Normalize(root.TextContent);
                if (text.Length > 0)
                {
                    paragraphs.Add(text);
                }
            }

            paragraphs = DropTitleRepeat(paragraphs, meta.Title);
            if (paragraphs.Count == 0)
            {
                reason = "no article text found in HTML";
                return null;
            }

            var sb = new StringBuilder();
            var spans = new TextSpanList(paragraphs.Count);
            foreach (var p in paragraphs)
            {
                if (sb.Length > 0)
                {
                    sb.Append("\n\n");
                }

                spans.Add(new TextSpan(sb.Length, sb.Length + p.Length));
                sb.Append(p);
            }

            return new Article(source, sb.ToString(), spans, meta);
        }
    }

    private static List<string> DropTitleRepeat(List<string> paragraphs, string? title)
    {
        if (title is not null && paragraphs.Count > 1 && string.Equals(paragraphs[0], title.Trim(), StringComparison.OrdinalIgnoreCase))
        {
            paragraphs.RemoveAt(0);
        }

        return paragraphs;
    }

    private static bool IsNoise(IElement el)
    {
        if (el.GetAttribute("aria-hidden") == "true" || el.HasAttribute("hidden"))
        {
            return true;
        }

        var role = el.GetAttribute("role");
        if (role is "navigation" or "banner" or "contentinfo" or "complementary")
        {
            return true;
        }

        var marker = (el.GetAttribute("class") + " " + el.Id).ToLowerInvariant();
        if (marker.Length <= 1)
        {
            return false;
        }

        if (el.LocalName is "article" or "main" or "body")
        {
            return false;
        }

        foreach (var m in NoiseMarkers)
        {
            var i = marker.IndexOf(m, StringComparison.Ordinal);
            while (i >= 0)
            {
                // Match whole words or word starts, so "shared-content" or "navbar" count but "canvas" does not.
                var before = i == 0 || !char.IsLetter(marker[i - 1]);
                if (before)
                {
                    return true;
                }

                i = marker.IndexOf(m, i + 1, StringComparison.Ordinal);
            }
        }

        return false;
    }

    private static IElement FindArticleRoot(IElement body)
    {
        var candidates = body.QuerySelectorAll("[itemprop=articleBody], article, main, [role=main]").ToList();
        IElement? best = null;
        var bestLen = 0;
        foreach (var c in candidates)
        {
            var len = ParagraphTextLength(c);
            if (len > bestLen)
            {
                best = c;
                bestLen = len;
            }
        }

        if (best is not null && bestLen > 0)
        {
            return best;
        }

        // Otherwise the element whose own <p> children hold the most text.
        foreach (var p in body.QuerySelectorAll("p"))
        {
            var parent = p.ParentElement;
            if (parent is null)
            {
                continue;
            }

            var len = parent.Children.Where(ch => ch.LocalName == "p").Sum(ch => ch.TextContent.Length);
            if (len > bestLen)
            {
                best = parent;
                bestLen = len;
            }
        }

        return best ?? body;
    }

    private static int ParagraphTextLength(IElement el) => el.QuerySelectorAll("p").Sum(p => p.TextContent.Length);

    private static void Collect(IElement el, List<string> output)
    {
        foreach (var child in el.Children)
        {
            if (BlockTags.Contains(child.LocalName) && !child.Children.Any(c => BlockTags.Contains(c.LocalName) && c.LocalName != "li"))
            {
                var text = Normalize(child.TextContent);
                if (text.Length > 0)
                {
                    output.Add(text);
                }
            }
            else if (child.LocalName == "br")
            {
                continue;
            }
            else
            {
                var before = output.Count;
                Collect(child, output);
                if (before == output.Count && child.LocalName is "div" or "section" or "span" && child.Children.Length == 0)
                {
                    var text = Normalize(child.TextContent);
                    if (text.Length > 40)
                    {
                        output.Add(text);
                    }
                }
            }
        }
    }

    private static string Normalize(string s) => Spaces.Collapse(s);

    private static ArticleMeta FillMeta(IDocument doc, ArticleMeta meta)
    {
        string? Meta(string key) =>
            NullIfEmpty(doc.QuerySelector($"meta[property='{key}']")?.GetAttribute("content")
                ?? doc.QuerySelector($"meta[name='{key}']")?.GetAttribute("content"));

        var ld = ReadJsonLd(doc);
        var (titleText, titleSuffix) = SplitTitle(NullIfEmpty(doc.Title));
        var title = meta.Title
            ?? Meta("og:title")
            ?? ld.Headline
            ?? NullIfEmpty(doc.QuerySelector("h1")?.TextContent)
            ?? titleText;
        var outlet = meta.Outlet ?? Meta("og:site_name") ?? ld.Publisher ?? Meta("application-name") ?? titleSuffix;
        var url = meta.Url ?? doc.QuerySelector("link[rel=canonical]")?.GetAttribute("href") ?? Meta("og:url") ?? ld.Url;
        var published = meta.Published
            ?? ArticleLoader.ParseDate(Meta("article:published_time") ?? ld.Published ?? Meta("pubdate") ?? Meta("date")
                ?? doc.QuerySelector("time[datetime]")?.GetAttribute("datetime"));
        var author = meta.Author ?? Meta("author") ?? PersonName(Meta("article:author")) ?? ld.Author ?? Byline(doc);
        return new ArticleMeta(title is null ? null : Normalize(title), outlet is null ? null : Normalize(outlet), url, published, author is null ? null : Normalize(author));
    }

    private sealed record LdArticle(string? Headline, string? Publisher, string? Published, string? Author, string? Url);

    private static readonly HashSet<string> ArticleTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        "NewsArticle", "Article", "ReportageNewsArticle", "AnalysisNewsArticle", "OpinionNewsArticle", "BlogPosting", "LiveBlogPosting",
    };

    /// <summary>The first schema.org <c>NewsArticle</c> (or Article) in the page's JSON-LD, searched through arrays and <c>@graph</c>.</summary>
    private static LdArticle ReadJsonLd(IDocument doc)
    {
        foreach (var script in doc.QuerySelectorAll("script[type='application/ld+json']"))
        {
            try
            {
                using var json = JsonDocument.Parse(script.TextContent, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip, MaxDepth = 32 });
                if (FindArticle(json.RootElement, 0) is { } a)
                {
                    return new LdArticle(
                        LdString(a, "headline") ?? LdString(a, "name"),
                        a.TryGetProperty("publisher", out var pub) ? LdName(pub) : null,
                        LdString(a, "datePublished"),
                        a.TryGetProperty("author", out var au) ? LdName(au) : null,
                        LdString(a, "url"));
                }
            }
            catch (JsonException)
            {
                // Broken JSON-LD is common; the other sources of metadata still apply.
            }
        }

        return new LdArticle(null, null, null, null, null);
    }

    private static JsonElement? FindArticle(JsonElement e, int depth)
    {
        if (depth > 4)
        {
            return null;
        }

        if (e.ValueKind == JsonValueKind.Array)
        {
            foreach (var x in e.EnumerateArray())
            {
                if (FindArticle(x, depth + 1) is { } found)
                {
                    return found;
                }
            }

            return null;
        }

        if (e.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        if (e.TryGetProperty("@type", out var type)
            && ((type.ValueKind == JsonValueKind.String && ArticleTypes.Contains(type.GetString()!))
                || (type.ValueKind == JsonValueKind.Array && type.EnumerateArray().Any(x => x.ValueKind == JsonValueKind.String && ArticleTypes.Contains(x.GetString()!)))))
        {
            return e;
        }

        return e.TryGetProperty("@graph", out var graph) ? FindArticle(graph, depth + 1) : null;
    }

    private static string? LdString(JsonElement e, string key) =>
        e.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String ? NullIfEmpty(v.GetString()) : null;

    /// <summary>A name from a string, an object with <c>name</c>, or the first of an array of either.</summary>
    private static string? LdName(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => NullIfEmpty(e.GetString()),
        JsonValueKind.Object => LdString(e, "name"),
        JsonValueKind.Array => e.EnumerateArray().Select(LdName).FirstOrDefault(n => n is not null),
        _ => null,
    };

    private static readonly string[] TitleSeparators = [" | ", " - ", " \u2013 ", " \u2014 ", " :: ", " \u00B7 "];

    /// <summary>"Menard claims victory | The Harbor Ledger" → ("Menard claims victory", "The Harbor Ledger").</summary>
    private static (string? Title, string? Outlet) SplitTitle(string? title)
    {
        if (title is null)
        {
            return (null, null);
        }

        var best = -1;
        var sepLength = 0;
        foreach (var sep in TitleSeparators)
        {
            var i = title.LastIndexOf(sep, StringComparison.Ordinal);
            if (i > best)
            {
                best = i;
                sepLength = sep.Length;
            }
        }

        if (best <= 0)
        {
            return (title, null);
        }

        var outlet = title[(best + sepLength)..].Trim();
        var words = outlet.Split(' ', StringSplitOptions.RemoveEmptyEntries);

        // An outlet name is short and capitalized: "Continental Press", "The Harbor Ledger", "BBC News".
        return words.Length is >= 1 and <= 5 && words.All(w => char.IsUpper(w[0]) || w is "of" or "the" or "and")
            ? (title[..best].Trim(), outlet)
            : (title, null);
    }

    /// <summary>The byline ("By Celia Brandt, Political Correspondent") as a name.</summary>
    private static string? Byline(IDocument doc)
    {
        var el = doc.QuerySelector("[rel=author], [itemprop=author] [itemprop=name], [itemprop=author], .byline, .author, [class*=byline]");
        return PersonName(el?.TextContent);
    }

    private static string? PersonName(string? text)
    {
        if (NullIfEmpty(text) is not { } t)
        {
            return null;
        }

        t = Normalize(t);
        if (t.StartsWith("By ", StringComparison.OrdinalIgnoreCase))
        {
            t = t[3..];
        }

        var cut = t.IndexOfAny([',', '|', '\n']);
        if (cut > 0)
        {
            t = t[..cut];
        }

        t = t.Trim();

        // A URL (article:author often holds a profile link) is not a name.
        return t.Length is 0 or > 80 || t.Contains("://", StringComparison.Ordinal) ? null : t;
    }

    private static string? NullIfEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
