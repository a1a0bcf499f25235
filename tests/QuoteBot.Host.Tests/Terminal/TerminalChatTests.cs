using Microsoft.Extensions.Time.Testing;
using QuoteBot.Core.Commands;
using QuoteBot.Core.Model;
using QuoteBot.Core.Random;
using QuoteBot.Core.Storage;
using QuoteBot.Host.Terminal;

namespace QuoteBot.Host.Tests.Terminal;

public class TerminalChatTests
{
    private static (QuoteCommands Commands, InMemoryQuoteStore Store) Bot()
    {
        var store = new InMemoryQuoteStore();
        return (new QuoteCommands(store, store, new RandomQuotePicker(store, store), new FakeTimeProvider()), store);
    }

    private static async Task<string> Chat(QuoteCommands commands, string input)
    {
        var output = new StringWriter();
        await new TerminalChat(commands, new StringReader(input), output, interactive: false).RunAsync(CancellationToken.None);
        return output.ToString();
    }

    [Fact]
    public async Task RunAsync_PipedInput_AnswersEachLineAndEndsAtEof()
    {
        var (commands, _) = Bot();
        var output = await Chat(commands, "/help\n/addquote \"Hold the line.\" - Dana Whitfield\n/quote hold\n");
        Assert.Contains("/quote [query]", output, StringComparison.Ordinal);
        Assert.Contains("Added as #1.", output, StringComparison.Ordinal);
        Assert.Contains("“Hold the line.”", output, StringComparison.Ordinal);
        Assert.False(output.StartsWith("QuoteBot terminal chat", StringComparison.Ordinal) || output.StartsWith("> ", StringComparison.Ordinal)); // no banner or prompt when piped
    }

    [Fact]
    public async Task RunAsync_PlainWords_SearchLikeQuote()
    {
        var (commands, store) = Bot();
        await store.AddAsync(new NewQuote { Text = "Trade is a bridge.", Speaker = "Ana Silva" }, Actor.System);
        var output = await Chat(commands, "bridge\n");
        Assert.Contains("Ana Silva", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_NextAfterList_ShowsNextPage()
    {
        var (commands, store) = Bot();
        for (var i = 0; i < 7; i++)
        {
            await store.AddAsync(new NewQuote { Text = $"budget item {i}", Speaker = "Treasurer" }, Actor.System);
        }

        var output = await Chat(commands, "/quotes budget\nnext\n");
        Assert.Contains("  6. #", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_ControlCharactersInQuote_NeverReachTerminal()
    {
        // The quote rules keep control characters out of the store; a quote stored before them is still rendered safely.
        var (_, store) = Bot();
        var bad = new NewQuote { Text = "red \u001b[31malert\u0007", Speaker = "X", AddedBy = "local" };
        await Assert.ThrowsAsync<InvalidQuoteException>(() => store.AddAsync(bad, Actor.System));
        var output = PlainTextRenderer.Render(new QuoteCardReply(bad.ToQuote(1)));
        Assert.Contains("alert", output, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', output);
        Assert.DoesNotContain('\u0007', output);
    }

    [Fact]
    public async Task RunAsync_QuitCommand_StopsReading()
    {
        var (commands, _) = Bot();
        var output = await Chat(commands, "/quit\n/help\n");
        Assert.DoesNotContain("Commands:", output, StringComparison.Ordinal);
    }
}
