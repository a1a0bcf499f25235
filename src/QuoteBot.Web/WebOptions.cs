using Microsoft.Extensions.Options;

namespace QuoteBot.Web;

/// <summary>Quote pages ("Web" section; env Web__PublicUrl, Web__SearchPerMinute, Web__CardsPerMinute).</summary>
public sealed class WebOptions
{
    public const string Section = "Web";

    /// <summary>
    /// The absolute base of links to pages (https://quotes.example.org): used in OpenGraph tags and in the bot's replies.
    /// Unset: pages use the address they were asked on, and bot replies carry no page link.
    /// </summary>
    public string? PublicUrl { get; set; }

    /// <summary>Searches one client address may run per minute.</summary>
    public int SearchPerMinute { get; set; } = 60;

    /// <summary>Card images one client address may fetch per minute.</summary>
    public int CardsPerMinute { get; set; } = 60;

    /// <summary>The public base without a trailing slash, or null.</summary>
    public string? BaseUrl => string.IsNullOrWhiteSpace(PublicUrl) ? null : PublicUrl.Trim().TrimEnd('/');
}

internal sealed class WebOptionsValidator : IValidateOptions<WebOptions>
{
    public ValidateOptionsResult Validate(string? name, WebOptions o)
    {
        if (o.BaseUrl is { } url
            && (!Uri.TryCreate(url, UriKind.Absolute, out var u) || (u.Scheme != Uri.UriSchemeHttp && u.Scheme != Uri.UriSchemeHttps)
                || !string.IsNullOrEmpty(u.Query) || !string.IsNullOrEmpty(u.Fragment) || !string.IsNullOrEmpty(u.UserInfo)))
        {
            return ValidateOptionsResult.Fail($"Web__PublicUrl must be an absolute http(s) address without query, like https://quotes.example.org (it is '{url}').");
        }

        if (o.SearchPerMinute is < 1 or > 100_000 || o.CardsPerMinute is < 1 or > 100_000)
        {
            return ValidateOptionsResult.Fail("Web__SearchPerMinute and Web__CardsPerMinute must be between 1 and 100000.");
        }

        return ValidateOptionsResult.Success;
    }
}
