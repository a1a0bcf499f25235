using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using QuoteBot.Core.Model;
using QuoteBot.Core.Storage;
using QuoteBot.Host.Hosting;

namespace QuoteBot.Host.Tests.Hosting;

public sealed class WebOnlyTests
{
    [Fact]
    public void RunPlan_ListenerWithoutChatToken_IsAWebOnlyInstance()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Http:Urls"] = "http://127.0.0.1:8080",
        }).Build();
        var plan = RunPlan.From(config);

        Assert.True(plan.Web);
        Assert.False(plan.Terminal);
        Assert.False(plan.Nothing);
    }

    [Fact]
    public async Task WebHost_ServesQuotePagesAndCardsBesideHealth()
    {
        var plan = new RunPlan(Terminal: false, Telegram: false, Discord: false, HttpUrls: "http://127.0.0.1:0");
        var builder = BotHost.CreateWebBuilder(["--Storage:Provider=Memory", "--Corpus:LoadSampleWhenEmpty=false", "--Web:PublicUrl=https://quotes.example.org"], plan.HttpUrls!);
        builder.AddQuoteBot(plan);
        await using var app = builder.Build();
        BotHost.ValidateOptions(app.Services);
        app.MapBotEndpoints(plan);
        await app.StartAsync();
        try
        {
            var store = app.Services.GetRequiredService<IQuoteStore>();
            var id = (await store.AddAsync(new NewQuote { Text = "The ferry runs again on Monday.", Speaker = "Ada Korr" }, Actor.System)).Quote.Id;
            using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };

            var page = await http.GetStringAsync($"/q/{id}");
            Assert.Contains("The ferry runs again on Monday.", page, StringComparison.Ordinal);
            Assert.Contains($"content=\"https://quotes.example.org/q/{id}.png\"", page, StringComparison.Ordinal);
            var card = await http.GetAsync($"/q/{id}.png");
            Assert.Equal("image/png", card.Content.Headers.ContentType?.MediaType);
            Assert.Contains($"/q/{id}", await http.GetStringAsync("/?q=ferry"), StringComparison.Ordinal);
            Assert.Equal("ok", await http.GetStringAsync("/healthz"));
        }
        finally
        {
            await app.StopAsync();
        }
    }
}
