using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using QuoteBot.Core;
using QuoteBot.Core.Commands;
using QuoteBot.Core.Review;
using QuoteBot.Core.Storage;
using QuoteBot.Host.Terminal;
using QuoteBot.Ingest;
using QuoteBot.Tests.Shared.Ingest;

namespace QuoteBot.Host.Tests.Terminal;

/// <summary>/addarticle and the review words in the terminal chat, with the real fetcher against a page on 127.0.0.1.</summary>
public sealed class TerminalReviewTests
{
    private static ServiceProvider Services(InMemoryQuoteStore store, bool allowLoopback = true)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(allowLoopback ? ArticlePages.IngestSettings() : []).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IQuoteStore>(store);
        services.AddSingleton<IQuoteSearch>(store);
        services.AddSingleton<IArticleStore>(store);
        services.AddSingleton<IStateStore>(store);
        services.AddQuoteCore();
        services.AddIngest(config);
        services.AddReview();
        return services.BuildServiceProvider();
    }

    private static async Task<string> Chat(IServiceProvider services, string input)
    {
        var output = new StringWriter();
        var code = await new TerminalChat(services.GetRequiredService<QuoteCommands>(), new StringReader(input), output, interactive: false).RunAsync(CancellationToken.None);
        Assert.Equal(0, code);
        return output.ToString().ReplaceLineEndings("\n");
    }

    [Fact]
    public async Task AddArticle_PrintsFetchingThenTheCount_BeforeTheEndOfInput_ThenReviewWordsDecide()
    {
        await using var pages = await ArticlePages.StartAsync();
        var store = new InMemoryQuoteStore();
        await using var services = Services(store);
        var url = pages.Url("/pier");

        var first = await Chat(services, $"/addarticle {url}\n");
        Assert.Equal(
            $"Fetching {url}…\nFound 3 quotes in “Harbour council votes on the old pier”: 3 wait for review. /review shows them.\n",
            first);

        var second = await Chat(services, "approve\n/review\napprove\n/quote pier\nreject\napprove all\napprove\n");
        var lines = second.Split('\n');
        Assert.Equal("There is no quote to decide. Try /review first.", lines[0]);
        Assert.Contains("Waiting for review: “We cannot let the pier rot for another winter”", second, StringComparison.Ordinal);
        Assert.Contains("2 more wait for review.", second, StringComparison.Ordinal);
        Assert.Contains("Approved #1: it answers /quote now.", second, StringComparison.Ordinal);
        Assert.Contains("  — Elena Varga", second, StringComparison.Ordinal);
        Assert.Contains("Rejected #2.", second, StringComparison.Ordinal);
        Assert.Contains("Approved 1 quote from that article. Nothing waits for review here.", second, StringComparison.Ordinal);
        Assert.EndsWith("There is no quote to decide. Try /review first.\n", second, StringComparison.Ordinal);
        Assert.Equal(Core.Model.QuoteStatus.Active, (await store.GetAsync(3))!.Status);
        Assert.Equal(Core.Model.QuoteStatus.Removed, (await store.GetAsync(2))!.Status);
    }

    [Fact]
    public async Task AddArticle_LoopbackRefusedByDefault_NamesTheSetting()
    {
        await using var pages = await ArticlePages.StartAsync();
        var store = new InMemoryQuoteStore();
        await using var provider = Services(store, allowLoopback: false);

        var output = await Chat(provider, $"/addarticle {pages.Url("/pier")}\n");

        Assert.Contains("Ingest__AllowPrivateNetworks=true", output, StringComparison.Ordinal);
        Assert.EndsWith("Nothing was added.\n", output, StringComparison.Ordinal);
        Assert.Equal(0, pages.Requests);
        Assert.Equal(0, await store.MaxIdAsync());
    }
}
