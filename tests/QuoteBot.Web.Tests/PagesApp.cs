using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using QuoteBot.Core.Model;
using QuoteBot.Core.Storage;

namespace QuoteBot.Web.Tests;

/// <summary>The quotes every page test starts with: plain, hostile, removed, and one of a community.</summary>
internal sealed class Corpus
{
    public const string HostileText = "<script>alert('x')</script> \"><img src=x onerror=alert(2)> & more";
    public const string Community = "tg:-100777";

    public InMemoryQuoteStore Store { get; } = new();

    public long Plain { get; private set; }

    public long Hostile { get; private set; }

    public long Removed { get; private set; }

    public long Private { get; private set; }

    public static async Task<Corpus> CreateAsync()
    {
        var c = new Corpus();
        c.Plain = await c.AddAsync(new NewQuote
        {
            Text = "We will keep the northern harbour open through the winter.",
            Speaker = "Mara Velin",
            Source = new QuoteSource("Harbour Ledger", "Harbour stays open", "https://news.example.org/harbour?x=1&y=2", new DateOnly(2026, 3, 14)),
            Context = new QuoteContext("The mayor spoke at the quay. \"We will keep the northern harbour open through the winter,\" she said.", "Ice came early this year.", "Fishers welcomed the news.", "reporters"),
        });
        c.Hostile = await c.AddAsync(new NewQuote
        {
            Text = HostileText,
            Speaker = "<b>Mallory</b>",
            // The store refuses a javascript: link (QuoteRules); a hostile but http(s) link is what can reach a page.
            Source = new QuoteSource("\"><script>alert(3)</script>", "click me", "https://example.org/\"><script>alert(4)</script>", null),
            Context = new QuoteContext("<iframe src=\"https://evil.example\"></iframe> harbour"),
        });
        c.Removed = await c.AddAsync(new NewQuote { Text = "This harbour quote was taken back.", Speaker = "Ivo Renn" });
        await c.Store.SetStatusAsync(c.Removed, QuoteStatus.Removed, Actor.System);
        c.Private = await c.AddAsync(new NewQuote { Text = "Our club keeps its harbour secrets.", Speaker = "Club Member", Scope = new Scope(Community) });
        for (var i = 1; i <= 12; i++)
        {
            await c.AddAsync(new NewQuote { Text = $"Lighthouse number {i} stays lit all night.", Speaker = "Keeper " + i });
        }

        return c;
    }

    private async Task<long> AddAsync(NewQuote quote) =>
        (await Store.AddAsync(quote with { AddedAt = DateTimeOffset.UnixEpoch }, Actor.System)).Quote.Id;
}

/// <summary>Services and pipeline of the pages, as the host composes them, over an in-memory store.</summary>
internal static class PagesApp
{
    public static void Services(IServiceCollection services, Corpus corpus, IDictionary<string, string?>? settings = null)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(settings ?? new Dictionary<string, string?>()).Build();
        services.AddSingleton<IQuoteStore>(corpus.Store);
        services.AddSingleton<IQuoteSearch>(corpus.Store);
        services.AddSingleton<IStateStore>(corpus.Store);
        services.AddSingleton(TimeProvider.System);
        services.AddQuotePages(config);
    }

    /// <summary>A real Kestrel listener on 127.0.0.1 (a free port), for the browser.</summary>
    public static async Task<WebApplication> StartKestrelAsync(Corpus corpus, IDictionary<string, string?>? settings = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        Services(builder.Services, corpus, settings);
        var app = builder.Build();
        app.UseQuotePages();
        app.MapQuotePages();
        await app.StartAsync();
        return app;
    }
}

/// <summary>The pages in a test server (WebApplicationFactory), composed like the host composes them.</summary>
public sealed class PagesFactory : WebApplicationFactory<PagesFactory>
{
    private readonly Corpus _corpus;
    private readonly IDictionary<string, string?> _settings;
    private readonly Action<IServiceCollection>? _override;

    internal PagesFactory(Corpus corpus, IDictionary<string, string?>? settings = null, Action<IServiceCollection>? overrideServices = null)
    {
        _corpus = corpus;
        _settings = settings ?? new Dictionary<string, string?> { ["Web:PublicUrl"] = "https://quotes.example.org" };
        _override = overrideServices;
    }

    // The factory would look for a content root beside the solution; the pages serve no files, so the output folder does.
    protected override void ConfigureWebHost(IWebHostBuilder builder) => builder.UseContentRoot(AppContext.BaseDirectory);

    protected override IHostBuilder CreateHostBuilder() =>
        Host.CreateDefaultBuilder()
            .UseEnvironment(Environments.Production)
            .ConfigureLogging(l => l.ClearProviders())
            .ConfigureWebHost(web => web
                .UseContentRoot(AppContext.BaseDirectory)
                .ConfigureServices(services =>
                {
                    PagesApp.Services(services, _corpus, _settings);
                    _override?.Invoke(services);
                })
                .Configure(app =>
                {
                    app.UseRouting();
                    app.UseQuotePages();
                    app.UseEndpoints(e => e.MapQuotePages());
                }));
}
