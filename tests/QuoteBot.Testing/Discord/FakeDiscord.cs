using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace QuoteBot.Discord.Api.Tests.Fakes;

/// <summary>An in-process fake of Discord: REST routes under /api/v10 and a gateway WebSocket, on 127.0.0.1 with a free port.</summary>
public sealed class FakeDiscord : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeDiscord(WebApplication app, int port)
    {
        _app = app;
        Port = port;
        Rest = new FakeRest(this);
        Gateway = new FakeGateway(this);
    }

    public int Port { get; }

    public string ApiBaseUrl => $"http://127.0.0.1:{Port}/api/v10";

    public string GatewayUrl => $"ws://127.0.0.1:{Port}/gateway";

    public string ResumeGatewayUrl => $"ws://127.0.0.1:{Port}/resume";

    public FakeRest Rest { get; private set; } = null!;

    public FakeGateway Gateway { get; private set; } = null!;

    public static async Task<FakeDiscord> StartAsync()
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        WebApplication app = builder.Build();
        FakeDiscord? fake = null;
        app.UseWebSockets();
        app.Map("/api/v10/{**path}", (HttpContext ctx) => fake!.Rest.HandleAsync(ctx));
        app.Map("/gateway", (HttpContext ctx) => fake!.Gateway.HandleAsync(ctx, "/gateway"));
        app.Map("/resume", (HttpContext ctx) => fake!.Gateway.HandleAsync(ctx, "/resume"));
        await app.StartAsync();
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        fake = new FakeDiscord(app, new Uri(address).Port);
        return fake;
    }

    public async ValueTask DisposeAsync()
    {
        Gateway.AbortAll();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        await _app.StopAsync(cts.Token);
        await _app.DisposeAsync();
    }
}
