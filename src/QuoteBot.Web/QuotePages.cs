using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using QuoteBot.Cards;
using QuoteBot.Core;
using QuoteBot.Core.Commands;
using QuoteBot.Core.Model;
using QuoteBot.Core.Search;
using QuoteBot.Core.Storage;

namespace QuoteBot.Web;

/// <summary>
/// The public quote pages: <c>/q/{id}</c>, the card <c>/q/{id}.png</c>, and the search page <c>/</c>, for the global
/// corpus; the same under <c>/c/{token}/</c> for a community that turned its pages on. Only active quotes are shown:
/// a removed one answers 410, anything not visible (another community's, unknown, pending) 404, the same way.
/// </summary>
public static class QuotePages
{
    public const int PageSize = 10;
    internal const string SearchPolicy = "search";
    internal const string CardPolicy = "card";

    /// <summary>
    /// What a bot needs to point at pages: the options, community page state, page links in replies and /web. Any
    /// instance whose pages have a public address registers these, whether or not it serves the pages itself.
    /// </summary>
    public static IServiceCollection AddQuotePageLinks(this IServiceCollection services, IConfiguration configuration)
    {
        if (services.Any(d => d.ServiceType == typeof(QuotePageLinks)))
        {
            return services;
        }

        services.AddOptions<WebOptions>().Bind(configuration.GetSection(WebOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WebOptions>, WebOptionsValidator>());
        services.TryAddSingleton<CommunityPages>();
        services.TryAddSingleton<QuotePageLinks>();
        services.TryAddSingleton<IQuotePageLinks>(sp => sp.GetRequiredService<QuotePageLinks>());
        services.AddSingleton<IChatCommand, WebCommand>();
        return services;
    }

    /// <summary>The pages themselves (with <see cref="AddQuotePageLinks"/>), cards and the rate limiter.</summary>
    public static IServiceCollection AddQuotePages(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddQuotePageLinks(configuration);
        services.AddQuoteCore(); // the one query path (QuoteFinder) the search page uses
        services.AddRouting();
        services.AddQuoteCards();
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(SearchPolicy, http => PerClient(http, http.RequestServices.GetRequiredService<IOptions<WebOptions>>().Value.SearchPerMinute));
            o.AddPolicy(CardPolicy, http => PerClient(http, http.RequestServices.GetRequiredService<IOptions<WebOptions>>().Value.CardsPerMinute));
            o.OnRejected = async (ctx, ct) =>
            {
                ctx.HttpContext.Response.Headers.RetryAfter = "60";
                await WriteHtml(ctx.HttpContext, StatusCodes.Status429TooManyRequests, PageHtml.Error(429, "Too many requests from your address. Wait a minute and try again.", Base(ctx.HttpContext, null)));
            };
        });
        return services;
    }

    private static RateLimitPartition<string> PerClient(HttpContext http, int perMinute) =>
        RateLimitPartition.GetFixedWindowLimiter(http.Connection.RemoteIpAddress?.ToString() ?? "unknown", _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = perMinute,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        });

    /// <summary>Error pages without stack traces, security headers (strict CSP) and rate limiting. After routing.</summary>
    public static IApplicationBuilder UseQuotePages(this IApplicationBuilder app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            ExceptionHandler = http =>
            {
                var error = http.Features.Get<IExceptionHandlerFeature>()?.Error;
                http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("QuoteBot.Web")
                    .LogError("Page {Path} failed: {Error}", http.Request.Path.Value, error?.GetType().Name + ": " + error?.Message);
                return WriteHtml(http, StatusCodes.Status500InternalServerError, PageHtml.Error(500, "Something went wrong on our side. Try again in a moment.", Base(http, null)));
            },
        });
        app.Use(async (http, next) =>
        {
            var headers = http.Response.Headers;
            headers.ContentSecurityPolicy = PageHtml.ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
            await next(http);
        });
        app.UseStatusCodePages(async ctx =>
        {
            var http = ctx.HttpContext;
            if (http.Response.ContentLength is null or 0 && !http.Response.HasStarted && http.Response.ContentType is null)
            {
                await WriteHtml(http, http.Response.StatusCode, PageHtml.Error(http.Response.StatusCode, "That did not work.", Base(http, null)));
            }
        });
        app.UseRateLimiter();
        return app;
    }

    /// <summary>The page endpoints; needs <see cref="UseQuotePages"/> in the pipeline.</summary>
    public static IEndpointRouteBuilder MapQuotePages(this IEndpointRouteBuilder app)
    {
        app.MapGet("/site.css", (HttpContext http) =>
        {
            http.Response.Headers.CacheControl = "public, max-age=3600";
            return Results.Text(PageHtml.Stylesheet, "text/css; charset=utf-8");
        });
        app.MapGet("/", (HttpContext http, string? q, string? page) => SearchAsync(http, null, q, page)).RequireRateLimiting(SearchPolicy);
        app.MapGet("/q/{id:long}", (HttpContext http, long id) => QuoteAsync(http, null, id));
        app.MapGet("/q/{id:long}.png", (HttpContext http, long id) => CardAsync(http, null, id)).RequireRateLimiting(CardPolicy);
        app.MapGet("/c/{token}/", (HttpContext http, string token, string? q, string? page) => WithCommunity(http, token, scope => SearchAsync(http, scope, q, page))).RequireRateLimiting(SearchPolicy);
        app.MapGet("/c/{token}/q/{id:long}", (HttpContext http, string token, long id) => WithCommunity(http, token, scope => QuoteAsync(http, scope, id))).RequireRateLimiting(SearchPolicy);
        app.MapGet("/c/{token}/q/{id:long}.png", (HttpContext http, string token, long id) => WithCommunity(http, token, scope => CardAsync(http, scope, id))).RequireRateLimiting(CardPolicy);
        app.MapFallback((HttpContext http) => WriteHtml(http, StatusCodes.Status404NotFound, PageHtml.Error(404, "There is no such page.", Base(http, null))));
        return app;
    }

    private static async Task WithCommunity(HttpContext http, string token, Func<Scope, Task> page)
    {
        var scope = await http.RequestServices.GetRequiredService<CommunityPages>().ResolveAsync(token, http.RequestAborted);
        if (scope is null)
        {
            NoStore(http);
            await WriteHtml(http, StatusCodes.Status404NotFound, PageHtml.Error(404, "There is no such page.", Base(http, null)));
            return;
        }

        http.Response.Headers["X-Robots-Tag"] = "noindex";
        await page(scope.Value);
    }

    /// <summary>The quote if a reader of this corpus may see it, with the status code to answer when not.</summary>
    private static async Task<(Quote? Quote, int Status)> FindAsync(HttpContext http, Scope? community, long id)
    {
        var quote = id > 0 ? await http.RequestServices.GetRequiredService<IQuoteStore>().GetAsync(id, http.RequestAborted) : null;
        var visibility = Visibility.For(community ?? Scope.Global);
        if (quote is null || !visibility.CanSee(quote.Scope))
        {
            return (null, StatusCodes.Status404NotFound);
        }

        return quote.Status switch
        {
            QuoteStatus.Active => (quote, StatusCodes.Status200OK),
            QuoteStatus.Removed => (null, StatusCodes.Status410Gone),
            _ => (null, StatusCodes.Status404NotFound),
        };
    }

    private static async Task QuoteAsync(HttpContext http, Scope? community, long id)
    {
        var at = Base(http, community);
        var (quote, status) = await FindAsync(http, community, id);
        if (quote is null)
        {
            await NotShown(http, status, at);
            return;
        }

        http.Response.Headers.CacheControl = community is null ? "public, max-age=60" : "private, max-age=60";
        await WriteHtml(http, StatusCodes.Status200OK, PageHtml.Quote(quote, at));
    }

    private static async Task CardAsync(HttpContext http, Scope? community, long id)
    {
        var (quote, status) = await FindAsync(http, community, id);
        if (quote is null)
        {
            http.RequestServices.GetRequiredService<CardCache>().Forget(id);
            await NotShown(http, status, Base(http, community));
            return;
        }

        var etag = "\"" + CardRenderer.VersionOf(quote) + "\"";
        http.Response.Headers.CacheControl = community is null ? "public, max-age=300" : "private, max-age=300";
        http.Response.Headers.ETag = etag;
        if (http.Request.Headers.IfNoneMatch.Any(v => v is not null && v.Split(',').Any(t => t.Trim() == etag || t.Trim() == "*")))
        {
            http.Response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        var card = http.RequestServices.GetRequiredService<CardCache>().Get(quote);
        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = "image/png";
        http.Response.ContentLength = card.Png.Length;
        await http.Response.Body.WriteAsync(card.Png, http.RequestAborted);
    }

    private static async Task SearchAsync(HttpContext http, Scope? community, string? q, string? pageText)
    {
        var at = Base(http, community);
        var text = (q ?? string.Empty).Trim();
        if (text.Length > 300)
        {
            text = text[..300];
        }

        var page = int.TryParse(pageText, NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p is >= 1 and <= 100 ? p : 1;
        http.Response.Headers.CacheControl = "no-cache";
        if (text.Length == 0)
        {
            await WriteHtml(http, StatusCodes.Status200OK, PageHtml.Search(new SearchView(string.Empty, [], 1, false, null), at));
            return;
        }

        var parsed = QueryParser.Parse(text);
        if (!parsed.Ok || parsed.Query!.IsEmpty)
        {
            await WriteHtml(http, StatusCodes.Status200OK, PageHtml.Search(new SearchView(text, [], 1, false, parsed.Error ?? QueryParser.Usage), at));
            return;
        }

        // The one query path (QuoteFinder): #id, else a search; the page lists, it never picks at random.
        var visibility = Visibility.For(community ?? Scope.Global);
        var found = await http.RequestServices.GetRequiredService<QuoteFinder>().FindPageAsync(parsed.Query, visibility, (page - 1) * PageSize, PageSize, http.RequestAborted);
        // The finder keeps to active quotes the reader may see; checked again so no store slip reaches a page.
        IReadOnlyList<Quote> items = found.Items.Where(x => x.Status == QuoteStatus.Active && visibility.CanSee(x.Scope)).ToArray();
        var hasMore = found.HasMore;

        var message = items.Count == 0 ? (page > 1 ? "No more results." : "Nothing matched. Try fewer or other words.") : null;
        await WriteHtml(http, StatusCodes.Status200OK, PageHtml.Search(new SearchView(text, items, page, hasMore, message), at));
    }

    private static Task NotShown(HttpContext http, int status, PageBase at)
    {
        NoStore(http);
        var message = status == StatusCodes.Status410Gone ? "This quote was removed." : "There is no such quote.";
        return WriteHtml(http, status, PageHtml.Error(status, message, at));
    }

    private static void NoStore(HttpContext http) => http.Response.Headers.CacheControl = "no-store";

    internal static PageBase Base(HttpContext http, Scope? community)
    {
        var configured = http.RequestServices.GetService<IOptions<WebOptions>>()?.Value.BaseUrl;
        var absolute = configured ?? $"{http.Request.Scheme}://{http.Request.Host.Value}{http.Request.PathBase.Value}";
        var prefix = string.Empty;
        if (community is not null && http.Request.RouteValues.TryGetValue("token", out var token) && token is string t)
        {
            prefix = "/c/" + t;
        }

        return new PageBase(absolute, prefix);
    }

    private static async Task WriteHtml(HttpContext http, int status, string html)
    {
        if (http.Response.HasStarted)
        {
            return;
        }

        http.Response.StatusCode = status;
        http.Response.ContentType = "text/html; charset=utf-8";
        await http.Response.WriteAsync(html, http.RequestAborted);
    }
}
