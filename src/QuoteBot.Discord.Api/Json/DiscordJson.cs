using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using QuoteBot.Discord.Api.Gateway;
using QuoteBot.Discord.Api.Models;

namespace QuoteBot.Discord.Api.Json;

/// <summary>
/// The one set of serializer options used for every Discord payload: snake_case names, nulls omitted, snowflakes as
/// strings. The contracts come from the source-generated <see cref="DiscordJsonContext"/> only (no reflection), so the
/// Native AOT quotebot reads and writes payloads exactly as a JIT build does; a type missing from the context fails
/// with <see cref="NotSupportedException"/> in every build, tests included.
/// </summary>
public static class DiscordJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = DiscordJsonContext.Default.Options;
        options.MakeReadOnly();
        return options;
    }

    /// <summary>The contract of <typeparamref name="T"/> under <see cref="Options"/>.</summary>
    public static JsonTypeInfo<T> Info<T>() => (JsonTypeInfo<T>)Options.GetTypeInfo(typeof(T));

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Info<T>());

    /// <summary>JSON of <paramref name="value"/> by its run-time type (a request body handed over as an object).</summary>
    public static string SerializeObject(object value) => JsonSerializer.Serialize(value, Options.GetTypeInfo(value.GetType()));

    public static T? Deserialize<T>(string json) => JsonSerializer.Deserialize(json, Info<T>());

    public static T? Deserialize<T>(JsonElement element) => element.Deserialize(Info<T>());
}

/// <summary>
/// Every Discord type this client sends or reads (the types they hold follow), plus the run-time types of
/// <see cref="ApplicationCommandOptionChoice.Value"/>.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.Strict,
    Converters = [typeof(SnowflakeConverter)])]
[JsonSerializable(typeof(GatewayBotInfo))]
[JsonSerializable(typeof(Application))]
[JsonSerializable(typeof(List<ApplicationCommand>))]
[JsonSerializable(typeof(ApplicationCommand))]
[JsonSerializable(typeof(JsonElement?))]
[JsonSerializable(typeof(Message))]
[JsonSerializable(typeof(GuildMember))]
[JsonSerializable(typeof(List<Role>))]
[JsonSerializable(typeof(InteractionResponse))]
[JsonSerializable(typeof(MessageEdit))]
[JsonSerializable(typeof(MessageCreate))]
[JsonSerializable(typeof(Interaction))]
[JsonSerializable(typeof(InteractionData))]
[JsonSerializable(typeof(ReadyEvent))]
[JsonSerializable(typeof(User))]
[JsonSerializable(typeof(Embed))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(int))]
[JsonSerializable(typeof(long))]
[JsonSerializable(typeof(double))]
public sealed partial class DiscordJsonContext : JsonSerializerContext;
