using System.Security.Cryptography;
using QuoteBot.Core.Model;
using QuoteBot.Core.Storage;

namespace QuoteBot.Web;

/// <summary>
/// Which communities publish their own quotes on the web, and under which unguessable path (<c>/c/{token}/…</c>).
/// Kept in the shared state store, so every instance (bots and web-only ones) agrees. Turning pages off forgets the
/// token; turning them on again makes a new one, so links handed out before stop working for good.
/// </summary>
public sealed class CommunityPages(IStateStore state)
{
    private const string ScopeKey = "web:scope:";
    private const string TokenKey = "web:token:";
    private const int TokenLength = 22; // 16 random bytes, base64url

    /// <summary>The community's token, or null while its pages are off.</summary>
    public async Task<string?> TokenOfAsync(Scope scope, CancellationToken ct = default)
    {
        var token = await state.GetAsync(ScopeKey + scope.Key, ct);
        return string.IsNullOrEmpty(token) ? null : token;
    }

    /// <summary>Turns pages on (keeping the token when they already were) and returns the token.</summary>
    public async Task<string> EnableAsync(Scope scope, CancellationToken ct = default)
    {
        if (scope.IsGlobal)
        {
            throw new ArgumentException("The global corpus always has pages.", nameof(scope));
        }

        if (await TokenOfAsync(scope, ct) is { } existing)
        {
            return existing;
        }

        var token = Base64UrlToken();
        await state.SetAsync(TokenKey + token, scope.Key, ct);
        await state.SetAsync(ScopeKey + scope.Key, token, ct);
        return token;
    }

    /// <summary>Turns pages off; true when they were on.</summary>
    public async Task<bool> DisableAsync(Scope scope, CancellationToken ct = default)
    {
        var token = await TokenOfAsync(scope, ct);
        if (token is null)
        {
            return false;
        }

        await state.SetAsync(ScopeKey + scope.Key, string.Empty, ct);
        await state.SetAsync(TokenKey + token, string.Empty, ct);
        return true;
    }

    /// <summary>The community a token stands for, or null (unknown, malformed, or turned off).</summary>
    public async Task<Scope?> ResolveAsync(string token, CancellationToken ct = default)
    {
        if (!IsWellFormed(token))
        {
            return null;
        }

        var key = await state.GetAsync(TokenKey + token, ct);
        if (string.IsNullOrEmpty(key))
        {
            return null;
        }

        // Both directions must agree: a token from before an off/on cycle resolves to nothing.
        var scope = new Scope(key);
        return await TokenOfAsync(scope, ct) == token ? scope : null;
    }

    public static bool IsWellFormed(string? token) =>
        token is { Length: TokenLength } && token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    private static string Base64UrlToken() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
