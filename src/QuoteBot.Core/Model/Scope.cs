namespace QuoteBot.Core.Model;

/// <summary>
/// Who owns a quote: the global corpus, or one community (a Telegram chat, a Discord guild).
/// Stored as a short string key: "global", "tg:-100123", "dc:81234".
/// </summary>
public readonly record struct Scope
{
    public static readonly Scope Global = new("global");

    private readonly string? _key;

    public Scope(string key)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        _key = key;
    }

    public string Key => _key ?? "global";

    public bool IsGlobal => Key == "global";

    public static Scope Telegram(long chatId) => new($"tg:{chatId.ToString(System.Globalization.CultureInfo.InvariantCulture)}");

    public static Scope Discord(ulong guildId) => new($"dc:{guildId.ToString(System.Globalization.CultureInfo.InvariantCulture)}");

    public override string ToString() => Key;
}

/// <summary>Which quotes a reader may see: the global corpus plus one scope's own, or everything (operator tools).</summary>
public sealed record Visibility
{
    private Visibility(Scope? scope) => Scope = scope;

    /// <summary>Null means every scope (CLI, export).</summary>
    public Scope? Scope { get; }

    public static readonly Visibility All = new((Scope?)null);

    /// <summary>The global corpus plus <paramref name="scope"/>'s own quotes.</summary>
    public static Visibility For(Scope scope) => new(scope);

    public bool CanSee(Scope quoteScope) =>
        Scope is null || quoteScope.IsGlobal || quoteScope == Scope.Value;
}
