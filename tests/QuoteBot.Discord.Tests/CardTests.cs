using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using QuoteBot.Core.Commands;
using QuoteBot.Core.Model;
using static QuoteBot.Discord.Tests.Harness;

namespace QuoteBot.Discord.Tests;

/// <summary>The Card button and the <c>card</c> option: the card is uploaded as <c>files[0]</c> and shown in the embed.</summary>
public sealed class CardTests
{
    private static void UseCards(IServiceCollection s) => s.AddSingleton<IQuoteCardImages, FakeCards>();

    private static JsonObject QuoteWithCard(string query) => new()
    {
        ["id"] = "400",
        ["name"] = "quote",
        ["type"] = 1,
        ["options"] = new JsonArray(
            new JsonObject { ["name"] = "query", ["type"] = 3, ["value"] = query },
            new JsonObject { ["name"] = "card", ["type"] = 5, ["value"] = true }),
    };

    [Fact]
    public async Task The_card_option_uploads_the_image_and_the_embed_shows_it()
    {
        Quote q = null!;
        await using var h = await StartAsync(seed: s => q = Add(s, "The harbour will reopen in spring.", "Mara Holt"), services: UseCards);

        var interaction = Interaction(2, QuoteWithCard("harbour"));
        var callback = await h.SendAsync(interaction);

        var request = h.Fake.Rest.RequestsTo("POST", $"/interactions/{interaction["id"]}/{interaction["token"]}/callback").Single();
        var file = Assert.Single(request.Files!);
        Assert.Equal("files[0]", file.Field);
        Assert.Equal($"quote-{q.Id}.png", file.FileName);
        Assert.Equal("image/png", file.ContentType);
        Assert.True(file.IsPng);

        var data = callback["data"]!;
        Assert.Equal($"attachment://quote-{q.Id}.png", data["embeds"]![0]!["image"]!["url"]!.GetValue<string>());
        Assert.Equal($"quote-{q.Id}.png", data["attachments"]![0]!["filename"]!.GetValue<string>());
        Assert.Contains("The harbour will reopen in spring.", data["embeds"]![0]!["description"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(data["allowed_mentions"]!["parse"]!.AsArray());
    }

    [Fact]
    public async Task The_Card_button_answers_with_the_card_and_a_plain_quote_offers_it()
    {
        Quote q = null!;
        await using var h = await StartAsync(seed: s => q = Add(s, "The harbour will reopen in spring.", "Mara Holt"), services: UseCards);

        var plain = await h.SendAsync(Interaction(2, Slash("quote", ("query", "harbour"))));
        var buttons = plain["data"]!["components"]![0]!["components"]!.AsArray();
        var card = buttons.Single(b => b!["label"]!.GetValue<string>() == "Card");
        Assert.Equal(new CardAction(q.Id), ActionCodec.Decode(card!["custom_id"]!.GetValue<string>()));
        Assert.Null(plain["data"]!["embeds"]![0]!["image"]);

        var press = Interaction(3, Button(card["custom_id"]!.GetValue<string>()));
        var pressed = await h.SendAsync(press);
        var request = h.Fake.Rest.RequestsTo("POST", $"/interactions/{press["id"]}/{press["token"]}/callback").Single();
        Assert.True(Assert.Single(request.Files!).IsPng);
        Assert.Equal($"attachment://quote-{q.Id}.png", pressed["data"]!["embeds"]![0]!["image"]!["url"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_card_of_a_quote_that_is_not_there_is_a_one_line_answer_without_upload()
    {
        await using var h = await StartAsync(services: UseCards);
        var press = Interaction(3, Button(ActionCodec.Encode(new CardAction(999), ActionCodec.DiscordMaxChars)));
        var callback = await h.SendAsync(press);
        Assert.Contains("no quote \\#999", callback["data"]!["content"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Null(h.Fake.Rest.RequestsTo("POST", $"/interactions/{press["id"]}/{press["token"]}/callback").Single().Files);
    }

    private sealed class FakeCards : IQuoteCardImages
    {
        public Task<ReplyImage> RenderAsync(Quote quote, CancellationToken ct = default) =>
            Task.FromResult(new ReplyImage([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 1, 2], $"quote-{quote.Id}.png", 1200, 630));
    }
}
