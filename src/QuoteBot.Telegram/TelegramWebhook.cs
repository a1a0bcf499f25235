using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
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
    /// The contract of an update under Telegram.Bot's own options (its converters and its source-generated context),
    /// asked for once: no reflection-based serializer, so the Native AOT quotebot reads updates as a JIT build does.
    /// </summary>
    private static readonly JsonTypeInfo<Update> UpdateInfo = (JsonTypeInfo<Update>)JsonBotAPI.Options.GetTypeInfo(typeof(Update));

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
            update = await JsonSerializer.DeserializeAsync(http.Request.Body, UpdateInfo, http.RequestAborted);
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
