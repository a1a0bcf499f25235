namespace QuoteBot.Ingest.Tests;

/// <summary>Articles and feeds written for these tests (fictional places and people).</summary>
public static class Samples
{
    public static string Article(string title = "Harbour town votes to rebuild its old pier", string? canonical = null, string extra = "") => $$"""
        <!doctype html>
        <html lang="en"><head>
        <meta charset="utf-8">
        <title>{{title}} | The Brackwater Gazette</title>
        <meta property="og:site_name" content="The Brackwater Gazette">
        <meta property="article:published_time" content="2026-11-30T08:00:00Z">
        {{(canonical is null ? "" : $"<link rel=\"canonical\" href=\"{canonical}\">")}}
        </head><body>
        <nav><a href="/">Home</a> <a href="/news">News</a></nav>
        <article>
        <h1>{{title}}</h1>
        <p>The council of Brackwater voted on Tuesday to rebuild the town's old wooden pier, closed since a storm two winters ago.</p>
        <p>"This pier is where half of this town learned to fish, and we are not going to let it rot," said Mayor Ilse Varnaby after the vote.</p>
        <p>The plan costs about four million crowns and will be paid over six years from the harbour fund.</p>
        <p>"We asked for a cheaper repair and were told it would last five years at most," said councillor Tobias Fenn, who voted against it.</p>
        <p>Work is due to start in the spring.{{extra}}</p>
        </article>
        <footer>Copyright The Brackwater Gazette</footer>
        </body></html>
        """;

    /// <summary>A page in Russian, to be served in windows-1251.</summary>
    public const string CyrillicArticle = """
        <html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1251">
        <title>Мост через Лесную реку откроют весной</title></head>
        <body><article>
        <h1>Мост через Лесную реку откроют весной</h1>
        <p>Строители закончили опоры нового моста через Лесную реку.</p>
        <p>«Мы успеем до паводка», — сказал главный инженер Пётр Захарьин.</p>
        </article></body></html>
        """;

    public static string Rss(params (string Title, string Link, string Guid)[] items) =>
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<rss version=\"2.0\"><channel><title>Brackwater Gazette</title><link>http://example.invalid/</link><description>Local news</description>\n"
        + string.Concat(items.Select(i => $"<item><title>{i.Title}</title><link>{i.Link}</link><guid>{i.Guid}</guid><pubDate>Mon, 30 Nov 2026 08:00:00 GMT</pubDate></item>\n"))
        + "</channel></rss>";

    public static string Atom(params (string Title, string Link, string Id)[] entries) =>
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>Brackwater Gazette</title><id>urn:brackwater</id><updated>2026-11-30T08:00:00Z</updated>\n"
        + string.Concat(entries.Select(e => $"<entry><title>{e.Title}</title><id>{e.Id}</id><link href=\"{e.Link}\"/><updated>2026-11-30T08:00:00Z</updated></entry>\n"))
        + "</feed>";
}
