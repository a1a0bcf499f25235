using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using QuoteBot.Core;
using QuoteBot.Core.Storage;

namespace QuoteBot.Telegram.Tests.Fakes;

/// <summary>One bot instance in webhook mode on Kestrel (127.0.0.1, a free port) over an in-memory store.</summary>
internal static class TestWebhook
{
    /// <summary>
    /// Starts the instance; returns it and the local address Telegram would call. <paramref name="confirmWithin"/>
    /// (Telegram:ConfirmWithin, the longest a POST waits for its replies) is left at its default unless given.
    /// </summary>
    public static async Task<(WebApplication App, string Hook)> StartAsync(FakeBotApi api, InMemoryQuoteStore store, string publicUrl, string secret, string? confirmWithin = null)
    {
        var settings = TestBot.Settings(api);
        settings["Telegram:WebhookUrl"] = publicUrl;
        settings["Telegram:WebhookSecret"] = secret;
        if (confirmWithin is not null)
        {
            settings["Telegram:ConfirmWithin"] = confirmWithin;
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Services.AddSingleton<IQuoteStore>(store);
        builder.Services.AddSingleton<IQuoteSearch>(store);
        builder.Services.AddSingleton<IStateStore>(store);
        builder.Services.AddQuoteCore();
        builder.Services.AddTelegramAdapter(builder.Configuration);
        var app = builder.Build();
        app.MapTelegramWebhook();
        await Task.Run(() => app.StartAsync());
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        return (app, address + new Uri(publicUrl).AbsolutePath);
    }
}
