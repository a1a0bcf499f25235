using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using QuoteBot.Core.Storage;
using QuoteBot.Telegram;
using QuoteBot.Web;

namespace QuoteBot.Host.Hosting;

/// <summary>The HTTP endpoints of a host that listens: health, readiness, the quote pages, and the chat webhooks.</summary>
public static class HealthEndpoints
{
    public static WebApplication MapBotEndpoints(this WebApplication app, RunPlan plan)
    {
        app.UseQuotePages();
        app.MapHealth();
        app.MapQuotePages();
        if (plan.Telegram)
        {
            app.MapTelegramWebhook();
        }

        return app;
    }

    /// <summary>/healthz: the process answers. /readyz: the store answers too (503 otherwise).</summary>
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/healthz", () => Results.Text("ok"));
        endpoints.MapGet("/readyz", async (HttpContext http) =>
        {
            var store = http.RequestServices.GetRequiredService<IQuoteStore>();
            try
            {
                using var cts = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
                cts.CancelAfter(TimeSpan.FromSeconds(2));
                await store.MaxIdAsync(cts.Token);
                return Results.Text("ready");
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !http.RequestAborted.IsCancellationRequested)
            {
                return Results.Text("store unavailable", statusCode: StatusCodes.Status503ServiceUnavailable);
            }
        });
        return endpoints;
    }
}
