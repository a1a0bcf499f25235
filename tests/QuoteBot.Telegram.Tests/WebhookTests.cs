using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using QuoteBot.Core;
using QuoteBot.Core.Storage;
using QuoteBot.Telegram.Tests.Fakes;

namespace QuoteBot.Telegram.Tests;

public sealed class WebhookTests : IAsyncLifetime
{
    private const string Secret = "s3cret_Value-1";
    private const string PublicUrl = "https://bot.example.org/tg/hook";
    private FakeBotApi _api = null!;
    private WebApplication _app = null!;
    private InMemoryQuoteStore _store = null!;
    private HttpClient _http = null!;
    private string _hook = null!;

    public async Task InitializeAsync()
    {
        _api = await FakeBotApi.StartAsync();
        _store = new InMemoryQuoteStore();
        (_app, _hook) = await StartInstanceAsync(_store);
        _http = new HttpClient();
    }

    /// <summary>
    /// Starts one bot instance in webhook mode over <paramref name="store"/>; returns it and its webhook URL. A POST
    /// returns once its replies are sent, or after Telegram:ConfirmWithin: 2 minutes here (a guard, like every other
    /// wait of these tests), so that "the reply was sent when the POST returned" holds however busy the machine is
    /// (the 10-second default is a few CPU-seconds of a cold host at load 50).
    /// </summary>
    private Task<(WebApplication App, string Hook)> StartInstanceAsync(InMemoryQuoteStore store) =>
        TestWebhook.StartAsync(_api, store, PublicUrl, Secret, confirmWithin: "00:02:00");

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        await _api.DisposeAsync();
    }

    private Task<HttpResponseMessage> PostAsync(System.Text.Json.Nodes.JsonObject update, string? secret, string? hook = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, hook ?? _hook)
        {
            Content = new StringContent(update.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        if (secret is not null)
        {
            request.Headers.Add("X-Telegram-Bot-Api-Secret-Token", secret);
        }

        return _http.SendAsync(request);
    }

    [Fact]
    public async Task Start_SetsWebhookWithSecretAndDoesNotPoll()
    {
        var call = await _api.WaitForAsync("setWebhook");
        Assert.Equal(PublicUrl, call.Body["url"]!.GetValue<string>());
        Assert.Equal(Secret, call.Body["secret_token"]!.GetValue<string>());
        Assert.Equal("100", call.Body["max_connections"]!.ToString());
        await Task.Delay(300);
        Assert.Empty(_api.CallsTo("getUpdates"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong")]
    [InlineData(Secret + "x")]
    public async Task Post_WithWrongOrMissingSecret_Returns401AndChangesNothing(string? secret)
    {
        await _api.WaitForAsync("setWebhook");
        var update = FakeBotApi.MessageUpdate(TestBot.GlobalModerator, TestBot.GlobalModerator, "/addquote \"Sneaky\" - Mallory");
        update["update_id"] = 1;
        var response = await PostAsync(update, secret);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        await Task.Delay(200);
        Assert.Empty(_api.CallsTo("sendMessage"));
        Assert.Equal(0, await _store.MaxIdAsync());
    }

    [Fact]
    public async Task Post_ValidUpdate_IsHandledOnceEvenWhenRedelivered()
    {
        await _api.WaitForAsync("setWebhook");
        var update = FakeBotApi.MessageUpdate(TestBot.GlobalModerator, TestBot.GlobalModerator, "/addquote \"Hooked\" - Captain");
        update["update_id"] = 77;
        var first = await PostAsync(update, Secret);
        var again = await PostAsync(update, Secret);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var sent = Assert.Single(_api.CallsTo("sendMessage"));
        Assert.Contains("Added as #1", sent.VisibleText);
        Assert.Equal(1, await _store.MaxIdAsync());
    }

    [Fact]
    public async Task Post_RedeliveredToAnotherInstanceSharingTheStore_IsHandledOnce()
    {
        // Two instances behind a load balancer share one store: Telegram redelivers to the other one.
        var (second, secondHook) = await StartInstanceAsync(_store);
        await using var _ = second;
        var update = FakeBotApi.MessageUpdate(TestBot.GlobalModerator, TestBot.GlobalModerator, "/addquote \"Balanced\" - Loader");
        update["update_id"] = 501;
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(update, Secret)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(update, Secret, secondHook)).StatusCode);
        Assert.Single(_api.CallsTo("sendMessage"));
        Assert.Equal(1, await _store.MaxIdAsync());
        await second.StopAsync();
    }

    [Fact]
    public async Task Post_Garbage_Returns400()
    {
        await _api.WaitForAsync("setWebhook");
        var request = new HttpRequestMessage(HttpMethod.Post, _hook) { Content = new StringContent("{not json", Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Telegram-Bot-Api-Secret-Token", Secret);
        var response = await _http.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Polling_AfterWebhookMode_DeletesWebhookAndPolls()
    {
        await _api.WaitForAsync("setWebhook");
        Assert.NotNull(_api.WebhookUrl);
        await _app.StopAsync();
        await using var polling = await TestBot.StartAsync(_api);
        await _api.WaitForAsync("deleteWebhook");
        Assert.Null(_api.WebhookUrl);
        _api.SendText(42, 42, "/help");
        await _api.WaitForAsync("sendMessage");
    }
}
