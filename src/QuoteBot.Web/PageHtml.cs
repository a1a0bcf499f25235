using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using QuoteBot.Core.Commands;
using QuoteBot.Core.Model;

namespace QuoteBot.Web;

/// <summary>Where a page lives: the absolute base for meta tags and the path prefix of its corpus ("" or "/c/{token}").</summary>
internal sealed record PageBase(string Absolute, string Prefix)
{
    public string Path(string path) => Prefix + path;

    public string Url(string path) => Absolute + Prefix + path;
}

/// <summary>One search result page for <see cref="PageHtml.Search"/>.</summary>
internal sealed record SearchView(string Query, IReadOnlyList<Quote> Items, int Page, bool HasMore, string? Message);

/// <summary>
/// Every HTML page, server-rendered. The one place that writes markup: every piece of text goes through
/// <see cref="Text"/> or <see cref="Attr"/> (HTML-encoded), links only through <see cref="SafeLink"/>. No script at all.
/// </summary>
internal static class PageHtml
{
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    public const string ContentSecurityPolicy =
        "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    public static string Text(string? s) => Encoder.Encode(s ?? string.Empty);

    public static string Attr(string? s) => Encoder.Encode(s ?? string.Empty);

    public static string Quote(Quote q, PageBase at)
    {
        var id = q.Id.ToString(CultureInfo.InvariantCulture);
        var speaker = string.IsNullOrWhiteSpace(q.Speaker) ? "Unknown speaker" : q.Speaker;
        var title = $"“{Shorten(q.Text, 90)}” — {speaker}";
        var description = Shorten(q.Text, 240);
        var image = at.Url($"/q/{id}.png");
        var meta = new StringBuilder();
        Meta(meta, "property", "og:type", "article");
        Meta(meta, "property", "og:site_name", "QuoteBot");
        Meta(meta, "property", "og:title", title);
        Meta(meta, "property", "og:description", description);
        Meta(meta, "property", "og:url", at.Url($"/q/{id}"));
        Meta(meta, "property", "og:image", image);
        Meta(meta, "property", "og:image:type", "image/png");
        Meta(meta, "property", "og:image:width", "1200");
        Meta(meta, "property", "og:image:height", "630");
        Meta(meta, "property", "og:image:alt", $"Quote card: {Shorten(q.Text, 200)} — {speaker}");
        Meta(meta, "name", "twitter:card", "summary_large_image");
        Meta(meta, "name", "twitter:title", title);
        Meta(meta, "name", "twitter:description", description);
        Meta(meta, "name", "twitter:image", image);
        Meta(meta, "name", "description", description);
        meta.Append("<link rel=\"canonical\" href=\"").Append(Attr(at.Url($"/q/{id}"))).Append("\">\n");

        var body = new StringBuilder();
        body.Append("<article class=\"quote\">\n");
        body.Append("<blockquote dir=\"auto\"><p id=\"quote-text\">").Append(Text(q.Text)).Append("</p></blockquote>\n");
        body.Append("<p class=\"speaker\" id=\"speaker\">— ").Append(Text(speaker)).Append("</p>\n");
        body.Append("<p class=\"source\" id=\"source\">");
        var parts = new List<string>();
        if (!string.IsNullOrWhiteSpace(q.Source.Outlet))
        {
            parts.Add(Text(q.Source.Outlet));
        }

        if (q.Source.Published is { } date)
        {
            parts.Add($"<time datetime=\"{date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}\">{Text(date.ToString("d MMMM yyyy", CultureInfo.InvariantCulture))}</time>");
        }

        var linkText = string.IsNullOrWhiteSpace(q.Source.Title) ? "Source" : q.Source.Title;
        parts.Add(SafeLink(q.Source.Url, linkText) ?? (string.IsNullOrWhiteSpace(q.Source.Title) ? string.Empty : $"<cite>{Text(q.Source.Title)}</cite>"));
        body.AppendJoin(" · ", parts.Where(p => p.Length > 0)).Append("</p>\n");

        if (q.Context is { } ctx)
        {
            body.Append("<section class=\"context\" id=\"context\"><h2>Context</h2>\n");
            if (!string.IsNullOrWhiteSpace(ctx.Audience))
            {
                body.Append("<p class=\"audience\">Said to ").Append(Text(ctx.Audience)).Append("</p>\n");
            }

            foreach (var (paragraph, cls) in new[] { (ctx.Before, "around"), (ctx.Paragraph, "paragraph"), (ctx.After, "around") })
            {
                if (!string.IsNullOrWhiteSpace(paragraph))
                {
                    body.Append("<p dir=\"auto\" class=\"").Append(cls).Append("\">").Append(Text(paragraph)).Append("</p>\n");
                }
            }

            body.Append("</section>\n");
        }

        body.Append("<figure class=\"card\"><a href=\"").Append(Attr(at.Path($"/q/{id}.png"))).Append("\"><img src=\"")
            .Append(Attr(at.Path($"/q/{id}.png"))).Append("\" width=\"600\" height=\"315\" alt=\"The quote as a card image\"></a>")
            .Append("<figcaption>Quote #").Append(id).Append(" · share the link of this page, or the card image.</figcaption></figure>\n");
        body.Append("</article>\n");
        return Layout(title, meta.ToString(), at, string.Empty, body.ToString());
    }

    public static string Search(SearchView view, PageBase at)
    {
        var body = new StringBuilder();
        if (view.Query.Length == 0)
        {
            body.Append("<section class=\"intro\"><h1>Search quotes</h1>\n<p>Type words, <code>\"an exact phrase\"</code>, ")
                .Append("<code>speaker:name</code>, <code>-word</code> to leave a word out, or <code>#42</code> for one quote.</p></section>\n");
        }
        else if (view.Message is not null)
        {
            body.Append("<p class=\"message\" id=\"message\">").Append(Text(view.Message)).Append("</p>\n");
        }
        else
        {
            body.Append("<h1>Results for <q>").Append(Text(view.Query)).Append("</q></h1>\n<ol class=\"results\" id=\"results\">\n");
            foreach (var q in view.Items)
            {
                var href = at.Path($"/q/{q.Id.ToString(CultureInfo.InvariantCulture)}");
                body.Append("<li><a href=\"").Append(Attr(href)).Append("\"><span dir=\"auto\">“").Append(Text(Shorten(q.Text, 300))).Append("”</span></a>")
                    .Append(" <span class=\"who\">— ").Append(Text(string.IsNullOrWhiteSpace(q.Speaker) ? "Unknown speaker" : q.Speaker)).Append("</span>");
                var meta = string.Join(" · ", new[] { q.Source.Outlet, q.Source.Published?.ToString("d MMM yyyy", CultureInfo.InvariantCulture) }.Where(s => !string.IsNullOrWhiteSpace(s)));
                if (meta.Length > 0)
                {
                    body.Append(" <span class=\"meta\">").Append(Text(meta)).Append("</span>");
                }

                body.Append("</li>\n");
            }

            body.Append("</ol>\n<nav class=\"pages\">");
            if (view.Page > 1)
            {
                body.Append("<a rel=\"prev\" href=\"").Append(Attr(SearchHref(at, view.Query, view.Page - 1))).Append("\">← Previous</a> ");
            }

            if (view.HasMore)
            {
                body.Append("<a rel=\"next\" href=\"").Append(Attr(SearchHref(at, view.Query, view.Page + 1))).Append("\">Next →</a>");
            }

            body.Append("</nav>\n");
        }

        var title = view.Query.Length == 0 ? "QuoteBot: search quotes" : $"{view.Query} · QuoteBot";
        return Layout(title, string.Empty, at, view.Query, body.ToString());
    }

    public static string Error(int status, string message, PageBase at)
    {
        var body = $"<section class=\"error\"><h1>{status.ToString(CultureInfo.InvariantCulture)}</h1><p id=\"message\">{Text(message)}</p>" +
                   $"<p><a href=\"{Attr(at.Path("/"))}\">Search quotes</a></p></section>\n";
        return Layout($"{status.ToString(CultureInfo.InvariantCulture)} · QuoteBot", "<meta name=\"robots\" content=\"noindex\">\n", at, string.Empty, body);
    }

    /// <summary>An anchor to an absolute http(s) address, or null for anything else (javascript:, data:, relative).</summary>
    public static string? SafeLink(string? url, string text) =>
        ReplyButtons.IsHttpUrl(url)
            ? $"<a href=\"{Attr(new Uri(url!).AbsoluteUri)}\" rel=\"noopener nofollow ugc\">{Text(text)}</a>"
            : null;

    private static string SearchHref(PageBase at, string query, int page) =>
        at.Path("/") + "?q=" + Uri.EscapeDataString(query) + (page > 1 ? "&page=" + page.ToString(CultureInfo.InvariantCulture) : string.Empty);

    private static void Meta(StringBuilder sb, string attribute, string name, string content) =>
        sb.Append("<meta ").Append(attribute).Append("=\"").Append(Attr(name)).Append("\" content=\"").Append(Attr(content)).Append("\">\n");

    private static string Shorten(string text, int max)
    {
        var flat = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        if (flat.Length <= max)
        {
            return flat;
        }

        var cut = flat.LastIndexOf(' ', max - 1);
        var end = cut > max / 2 ? cut : max - 1;
        if (char.IsHighSurrogate(flat[end - 1]))
        {
            end--;
        }

        return flat[..end].TrimEnd() + "…";
    }

    private static string Layout(string title, string head, PageBase at, string query, string main) =>
        $"""
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{Text(title)}</title>
        <link rel="stylesheet" href="/site.css">
        {head}</head>
        <body>
        <header class="top"><a class="brand" href="{Attr(at.Path("/"))}">QuoteBot</a>
        <form method="get" action="{Attr(at.Path("/"))}" role="search" id="search"><input type="search" name="q" id="q" value="{Attr(query)}" maxlength="300" aria-label="Search quotes" placeholder="words, &quot;a phrase&quot;, speaker:name"> <button type="submit">Search</button></form></header>
        <main>
        {main}</main>
        <footer><p>Quotes from news articles, with their source and context. Served by QuoteBot.</p></footer>
        </body>
        </html>

        """;

    public const string Stylesheet = """
        :root { color-scheme: light dark; --bg: #f7f5f0; --ink: #1b1f2a; --muted: #5b6170; --accent: #b86e00; --card: #fff; }
        @media (prefers-color-scheme: dark) { :root { --bg: #11151f; --ink: #eceae4; --muted: #a3a8b5; --accent: #fca311; --card: #1a2030; } }
        * { box-sizing: border-box; }
        body { margin: 0; background: var(--bg); color: var(--ink); font: 18px/1.55 "Noto Sans", "DejaVu Sans", system-ui, sans-serif; }
        header.top { display: flex; flex-wrap: wrap; gap: 1rem; align-items: center; padding: 1rem 1.5rem; border-bottom: 1px solid color-mix(in srgb, var(--muted) 30%, transparent); }
        .brand { font-weight: 700; color: var(--accent); text-decoration: none; font-size: 1.2rem; }
        form#search { display: flex; gap: .5rem; flex: 1; max-width: 40rem; }
        form#search input { flex: 1; padding: .45rem .7rem; font: inherit; border: 1px solid var(--muted); border-radius: .4rem; background: var(--card); color: var(--ink); }
        form#search button { padding: .45rem 1rem; font: inherit; border: 0; border-radius: .4rem; background: var(--accent); color: #111; cursor: pointer; }
        main { max-width: 46rem; margin: 2rem auto; padding: 0 1.5rem; }
        blockquote { margin: 0; font: 1.7rem/1.4 "Noto Serif", "DejaVu Serif", Georgia, serif; border-left: .3rem solid var(--accent); padding-left: 1.2rem; overflow-wrap: anywhere; }
        blockquote p { margin: 0; }
        .speaker { font-weight: 700; color: var(--accent); margin: 1rem 0 .2rem; }
        .source, .meta, figcaption, footer { color: var(--muted); font-size: .9rem; }
        .source a, .results a { color: inherit; }
        .context { margin-top: 2rem; padding: 1rem 1.2rem; background: var(--card); border-radius: .5rem; overflow-wrap: anywhere; }
        .context h2 { font-size: 1rem; margin: 0 0 .5rem; color: var(--muted); }
        .context .around { color: var(--muted); }
        .context .paragraph { font-weight: 500; }
        figure.card { margin: 2rem 0 0; }
        figure.card img { max-width: 100%; height: auto; border-radius: .4rem; }
        ol.results { padding-left: 1.2rem; }
        ol.results li { margin-bottom: 1rem; overflow-wrap: anywhere; }
        ol.results .who { font-weight: 600; }
        nav.pages a { margin-right: 1rem; }
        footer { max-width: 46rem; margin: 3rem auto 2rem; padding: 0 1.5rem; }
        code { background: var(--card); padding: 0 .25rem; border-radius: .2rem; }
        """;
}
