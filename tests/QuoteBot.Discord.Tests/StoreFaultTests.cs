using System.Text.Json.Nodes;
using QuoteBot.Core.Commands;
using QuoteBot.Core.Storage;
using QuoteBot.Storage.Postgres;
using QuoteBot.Tests.Shared.Faults;
using static QuoteBot.Discord.Tests.Harness;

namespace QuoteBot.Discord.Tests;

/// <summary>Issue 11.3: a storage fault is one calm line to the user and one log line, and the bot keeps running.</summary>
public sealed class StoreFaultTests
{
    private static PostgresStoreException Down() =>
        new("Cannot use the PostgreSQL quote database db:5432/quotebot: cannot connect (Connection refused).");

    private static string Shown(JsonNode? node) => DiscordRendererTests.Unescape(node!.GetValue<string>());

    public static TheoryData<string> Interactions => new() { "quote", "quotes", "addquote", "removequote", "another-button", "autocomplete" };

    private static JsonObject Make(string kind)
    {
        switch (kind)
        {
            case "quote":
                return Interaction(2, Slash("quote", ("query", "harbour")));
            case "quotes":
                return Interaction(2, Slash("quotes", ("query", "harbour")));
            case "addquote":
                return Interaction(2, Slash("addquote", ("text", "We stay open."), ("speaker", "Ann Lee")), permissions: ManageMessages);
            case "removequote":
                return Interaction(2, Slash("removequote", ("id", 1)), permissions: ManageMessages);
            case "another-button":
                return Interaction(3, Button(ActionCodec.Encode(new AnotherAction("harbour"))));
            default:
                var data = Slash("quote");
                data["options"] = new JsonArray(new JsonObject { ["name"] = "speaker", ["type"] = 3, ["value"] = "mar", ["focused"] = true });
                return Interaction(4, data);
        }
    }

    [Theory]
    [MemberData(nameof(Interactions))]
    public async Task Interaction_StoreThrowsItsOwnException_AnswersCalmlyLogsOneLineAndKeepsRunning(string kind)
    {
        var faults = new FaultyStore(new InMemoryQuoteStore());
        await using var h = await StartAsync(seed: s => Add(s, "The harbour will reopen in spring.", "Mara Holt"), faults: faults);
        faults.Fault = Down;

        var callback = await h.SendAsync(Make(kind));

        Assert.True(faults.Failures > 0);
        if (kind == "autocomplete")
        {
            Assert.Empty(callback["data"]!["choices"]!.AsArray());
        }
        else
        {
            Assert.Equal(QuoteStoreException.UserMessage, Shown(callback["data"]!["content"]));
            Assert.Equal(64, (callback["data"]!["flags"]?.GetValue<int>() ?? 0) & 64); // only the user who asked sees it
        }

        var errors = h.Logs.Lines.Where(l => l.StartsWith("Error", StringComparison.Ordinal) || l.StartsWith("Critical", StringComparison.Ordinal)).ToList();
        var line = Assert.Single(errors);
        Assert.Contains("cannot connect (Connection refused)", line, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", line, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", line.TrimEnd(), StringComparison.Ordinal);

        faults.Fault = null;
        var next = await h.SendAsync(Interaction(2, Slash("quote", ("query", "harbour"))));
        Assert.Contains("The harbour will reopen in spring.", next["data"]!["embeds"]![0]!["description"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(1, await faults.Inner.MaxIdAsync());
    }
}
