using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace QuoteBot.Tests.Shared.Ingest;

/// <summary>
/// News pages for the chat tests of /addarticle: Kestrel on 127.0.0.1 (a free port), serving invented articles. The
/// bot may fetch them only with Ingest__AllowPrivateNetworks=true. Counts the requests, so a test can show that a
/// refused command fetched nothing.
/// </summary>
public sealed class ArticlePages : IAsyncDisposable
{
    /// <summary>An invented article with three attributed quotes (Elena Varga, Tomas Reed, Ana Holm).</summary>
    public const string PierArticle = """
        <!doctype html>
        <html><head><meta charset="utf-8"><title>Harbour council votes on the old pier</title>
        <meta property="og:site_name" content="Lakeside Courier"></head>
        <body><article>
        <h1>Harbour council votes on the old pier</h1>
        <p>The harbour council met on Tuesday evening to decide the future of the old wooden pier, which has been closed since the spring storms.</p>
        <p>"We cannot let the pier rot for another winter," said Mayor Elena Varga, who chaired the meeting. She added that repairs would start in March if the budget allowed it.</p>
        <p>Local fisherman Tomas Reed disagreed with the plan. "The money would be better spent on dredging the channel," Reed said after the vote.</p>
        <p>Council treasurer Ana Holm told reporters that the reserve fund could cover half of the cost. "The other half has to come from the region," Holm said.</p>
        <p>The council will meet again in January to approve the final budget.</p>
        </article></body></html>
        """;

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, int> _hits = new(StringComparer.Ordinal);

    private ArticlePages(WebApplication app, int port)
    {
        _app = app;
        Port = port;
    }

    public int Port { get; }

    /// <summary>Requests so far, all paths.</summary>
    public int Requests => _hits.Values.Sum();

    public string Url(string path) => $"http://127.0.0.1:{Port}{path}";

    /// <summary>Serves <see cref="PierArticle"/> at /pier and a JSON file (not a page) at /data.json.</summary>
    public static async Task<ArticlePages> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        ArticlePages? pages = null;
        app.Run(async ctx =>
        {
            var path = ctx.Request.Path.Value ?? "/";
            pages!._hits.AddOrUpdate(path, 1, (_, n) => n + 1);
            switch (path)
            {
                case "/pier":
                    ctx.Response.ContentType = "text/html; charset=utf-8";
                    await ctx.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(PierArticle));
                    break;
                case "/data.json":
                    ctx.Response.ContentType = "application/json";
                    await ctx.Response.WriteAsync("{\"quote\": \"not a page\"}");
                    break;
                default:
                    ctx.Response.StatusCode = 404;
                    break;
            }
        });
        await app.StartAsync();
        var address = app.Urls.First();
        pages = new ArticlePages(app, new Uri(address).Port);
        return pages;
    }

    /// <summary>Ingest settings for a test: loopback allowed (these pages), no politeness wait, no retries.</summary>
    public static Dictionary<string, string?> IngestSettings() => new()
    {
        ["Ingest:AllowPrivateNetworks"] = "true",
        ["Ingest:PerHostInterval"] = "00:00:00",
        ["Ingest:Retries"] = "0",
        ["Ingest:TimeLimit"] = "00:01:00", // a guard: a busy machine may take seconds over a page of this site
    };

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
