using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using QuoteBot.Core.Storage;
using QuoteBot.Ingest.Fetching;

namespace QuoteBot.Ingest.Tests;

/// <summary>Builds the fetcher the way the host does (AddIngest), with test settings.</summary>
public static class FetchKit
{
    /// <summary>
    /// Test defaults: private networks allowed (the site is on 127.0.0.1), no politeness wait, quick retries, and a time
    /// limit of a minute so that only the tests of the limit (which set their own) meet it, however busy the machine.
    /// </summary>
    public static Dictionary<string, string?> Settings(params (string Key, string? Value)[] overrides)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Ingest:AllowPrivateNetworks"] = "true",
            ["Ingest:PerHostInterval"] = "00:00:00",
            ["Ingest:Retries"] = "1",
            ["Ingest:RetryDelay"] = "00:00:00.010",
            ["Ingest:TimeLimit"] = "00:01:00",
        };
        foreach (var (key, value) in overrides)
        {
            settings["Ingest:" + key] = value;
        }

        return settings;
    }

    public static ServiceProvider Services(Dictionary<string, string?> settings, Func<IPAddress, string?>? policy = null, Action<IServiceCollection>? more = null)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddIngest(config);
        if (policy is not null)
        {
            services.AddHttpClient(PageFetcher.ClientName)
                .ConfigurePrimaryHttpMessageHandler(sp => SafeConnect.CreateHandler(sp.GetRequiredService<IOptions<IngestOptions>>().Value, policy));
        }

        services.AddSingleton<InMemoryQuoteStore>();
        services.AddSingleton<IArticleStore>(sp => sp.GetRequiredService<InMemoryQuoteStore>());
        more?.Invoke(services);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }

    public static PageFetcher Fetcher(ServiceProvider sp) => sp.GetRequiredService<PageFetcher>();

    /// <summary>The real rule, except that 127.0.0.2 counts as a public address (it plays "a news site").</summary>
    public static string? AltIsPublic(IPAddress address) =>
        address.Equals(IPAddress.Parse("127.0.0.2")) ? null : AddressPolicy.WhyRefused(address);
}
