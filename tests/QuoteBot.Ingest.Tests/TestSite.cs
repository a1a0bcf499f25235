using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace QuoteBot.Ingest.Tests;

/// <summary>
/// An in-process web site on 127.0.0.1 (and 127.0.0.2, which tests may treat as a public address) serving good and
/// bad articles and feeds. Pages are registered per test; every request is counted by path.
/// </summary>
public sealed class TestSite : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, Func<HttpContext, Task>> _routes = new(StringComparer.Ordinal);

    public ConcurrentDictionary<string, int> Hits { get; } = new(StringComparer.Ordinal);

    private TestSite(WebApplication app, int port)
    {
        _app = app;
        Port = port;
    }

    public int Port { get; }

    /// <summary>http://127.0.0.1:port + path.</summary>
    public string Url(string path) => $"http://127.0.0.1:{Port}{path}";

    /// <summary>The same site through 127.0.0.2.</summary>
    public string AltUrl(string path) => $"http://127.0.0.2:{Port}{path}";

    public static async Task<TestSite> StartAsync()
    {
        // A free port, then the same port on both loopback addresses (127.0.0.2 plays a public host in redirect tests).
        var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, port);
            k.Listen(IPAddress.Parse("127.0.0.2"), port);
        });
        var app = builder.Build();
        var site = new TestSite(app, port);
        app.Run(async ctx =>
        {
            var path = ctx.Request.Path.Value ?? "/";
            site.Hits.AddOrUpdate(path, 1, (_, n) => n + 1);
            if (site._routes.TryGetValue(path, out var handler))
            {
                await handler(ctx);
            }
            else
            {
                ctx.Response.StatusCode = 404;
            }
        });
        await app.StartAsync();
        return site;
    }

    public void Map(string path, Func<HttpContext, Task> handler) => _routes[path] = handler;

    public void Page(string path, string body, string contentType = "text/html; charset=utf-8") =>
        Map(path, ctx =>
        {
            ctx.Response.ContentType = contentType;
            return ctx.Response.WriteAsync(body);
        });

    public void Bytes(string path, byte[] body, string contentType) =>
        Map(path, async ctx =>
        {
            ctx.Response.ContentType = contentType;
            await ctx.Response.Body.WriteAsync(body);
        });

    public void Redirect(string path, string location, int status = 302) =>
        Map(path, ctx =>
        {
            ctx.Response.StatusCode = status;
            ctx.Response.Headers.Location = location;
            return Task.CompletedTask;
        });

    public int HitsOf(string path) => Hits.TryGetValue(path, out var n) ? n : 0;

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    public static readonly Encoding Utf8 = new UTF8Encoding(false);
}
