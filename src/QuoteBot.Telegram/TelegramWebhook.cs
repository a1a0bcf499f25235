using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Types;

namespace QuoteBot.Telegram;

public static class TelegramWebhookEndpoint
{
    /// <summary>
    /// Maps POST Telegram:WebhookPath (default: the path of Telegram:WebhookUrl) for webhook mode. The
    /// X-Telegram-Bot-Api-Secret-Token header must equal Telegram:WebhookSecret, else 401 and nothing happens.
    /// Each update is handled before the 200 is returned; a redelivered update_id is acknowledged without handling.
    /// </summary>
    public static IEndpointConventionBuilder MapTelegramWebhook(this IEndpointRouteBuilder endpoints)
    {
        var options = endpoints.ServiceProvider.GetRequiredService<IOptions<TelegramOptions>>().Value;
        return endpoints.MapPost(options.EffectiveWebhookPath, (Delegate)HandleAsync);
    }

    private static async Task<IResult> HandleAsync(HttpContext http, IOptions<TelegramOptions> options, UpdateDispatcher dispatcher, ILoggerFactory loggers)
    {
        var o = options.Value;
        if (!o.UseWebhook || string.IsNullOrEmpty(o.WebhookSecret))
        {
            return Results.NotFound();
        }

        var given = http.Request.Headers["X-Telegram-Bot-Api-Secret-Token"].ToString();
        if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(o.WebhookSecret)))
        {
            return Results.Unauthorized();
        }

        Update? update;
        try
        {
            update = await JsonSerializer.DeserializeAsync<Update>(http.Request.Body, JsonBotAPI.Options, http.RequestAborted);
        }
        catch (JsonException)
        {
            return Results.BadRequest();
        }

        if (update is null)
        {
            return Results.BadRequest();
        }

        var handled = await dispatcher.HandleOnceAsync(update, http.RequestAborted);
        if (!handled)
        {
            loggers.CreateLogger(typeof(TelegramWebhookEndpoint)).LogDebug("Skipped redelivered Telegram update {UpdateId}.", update.Id);
        }

        return Results.Ok();
    }
}
