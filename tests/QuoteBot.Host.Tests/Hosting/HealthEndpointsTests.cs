using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using QuoteBot.Host.Hosting;

namespace QuoteBot.Host.Tests.Hosting;

public class HealthEndpointsTests
{
    [Fact]
    public async Task MapBotEndpoints_WebHost_AnswersHealthzAndReadyz()
    {
        var plan = new RunPlan(Terminal: false, Telegram: false, Discord: false, HttpUrls: "http://127.0.0.1:0");
        var builder = BotHost.CreateWebBuilder(["--Storage:Provider=Memory", "--Corpus:LoadSampleWhenEmpty=false"], plan.HttpUrls!);
        builder.AddQuoteBot(plan);
        await using var app = builder.Build();
        app.MapBotEndpoints(plan);
        await app.StartAsync();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
            Assert.Equal("ok", await http.GetStringAsync("/healthz"));
            Assert.Equal("ready", await http.GetStringAsync("/readyz"));
        }
        finally
        {
            await app.StopAsync();
        }
    }

    [Theory]
    [InlineData(null, null, "auto", true, false)]
    [InlineData("123:abc", null, "auto", false, true)]
    [InlineData("123:abc", null, "always", true, true)]
    [InlineData(null, null, "never", false, false)]
    public void RunPlan_FromConfiguration_PicksFrontEnds(string? telegram, string? discord, string terminal, bool expectTerminal, bool expectTelegram)
    {
        var config = new Microsoft.Extensions.Configuration.ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Telegram:Token"] = telegram,
            ["Discord:Token"] = discord,
            ["Chat:Terminal"] = terminal,
        }).Build();
        var plan = RunPlan.From(config);
        Assert.Equal(expectTerminal, plan.Terminal);
        Assert.Equal(expectTelegram, plan.Telegram);
        Assert.False(plan.Web);
    }

    [Fact]
    public void RunPlan_TelegramWebhook_OpensListener()
    {
        var config = new Microsoft.Extensions.Configuration.ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Telegram:Token"] = "1:x",
            ["Telegram:WebhookUrl"] = "https://bot.example.com/telegram",
        }).Build();
        Assert.True(RunPlan.From(config).Web);
    }
}
