using Microsoft.Extensions.Time.Testing;
using QuoteBot.Core.Commands;
using QuoteBot.Core.Model;
using QuoteBot.Core.Storage;
using QuoteBot.Host.Terminal;
using QuoteBot.Core.Search;

namespace QuoteBot.Host.Tests.Terminal;

public class TerminalChatTests
{
    private static (QuoteCommands Commands, InMemoryQuoteStore Store) Bot()
    {
        var store = new InMemoryQuoteStore();
        return (new QuoteCommands(store, QuoteFinder.Over(store), new FakeTimeProvider()), store);
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

    private static async Task<string> Interactive(QuoteCommands commands, string input)
    {
        var output = new StringWriter();
        var code = await new TerminalChat(commands, new StringReader(input), output, interactive: true).RunAsync(CancellationToken.None);
        Assert.Equal(0, code);
        return output.ToString();
    }

    private static async Task AddBudgetQuotes(InMemoryQuoteStore store, int count)
    {
        for (var i = 0; i < count; i++)
        {
            await store.AddAsync(new NewQuote { Text = $"budget item {i}", Speaker = "Treasurer" }, Actor.System);
        }
    }

    [Fact]
    public async Task RunAsync_WordSearchCard_HintsTheListBecauseAskingAgainGivesTheSameBestMatch()
    {
        var (commands, store) = Bot();
        await store.AddAsync(new NewQuote { Text = "The territory is ours.", Speaker = "Magda Vell" }, Actor.System);
        await store.AddAsync(new NewQuote { Text = "No territory was lost.", Speaker = "Magda Vell" }, Actor.System);

        var output = await Chat(commands, "/quote territory\n/quote territory\n");

        Assert.Contains("(more: /quotes territory · /context ", output, StringComparison.Ordinal);
        Assert.DoesNotContain("(more: /quote territory", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_SpeakerCard_EchoesTheSpeakerAsTypedAndHintsAnotherRandomPick()
    {
        var (commands, store) = Bot();
        await store.AddAsync(new NewQuote { Text = "Hold the line.", Speaker = "Magda Vell" }, Actor.System);

        var output = await Chat(commands, "/quote speaker:\"Magda Vell\"\n");

        Assert.Contains("(more: /quote speaker:\"Magda Vell\" · /context 1)", output, StringComparison.Ordinal);
        Assert.DoesNotContain("magda vel\"", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_IdCard_HintsOnlyTheContext()
    {
        var (commands, store) = Bot();
        await store.AddAsync(new NewQuote { Text = "Hold the line.", Speaker = "Magda Vell" }, Actor.System);

        var output = await Chat(commands, "/quote #1\n");

        Assert.Contains("(more: /context 1)", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_ListHeader_EchoesTheQueryAsTyped()
    {
        var (commands, store) = Bot();
        await store.AddAsync(new NewQuote { Text = "We will win.", Speaker = "Volodymyr Zelenskyy" }, Actor.System);

        var output = await Chat(commands, "/quotes speaker:Zelenskyy\n");

        Assert.Contains("Results for speaker:Zelenskyy:", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Next")]
    [InlineData("NEXT")]
    [InlineData("/Next")]
    public async Task RunAsync_NextInAnyCase_PagesInsteadOfSearching(string next)
    {
        var (commands, store) = Bot();
        await AddBudgetQuotes(store, 7);

        var output = await Chat(commands, $"/quotes budget\n{next}\n");

        Assert.Contains("  6. #", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Nothing matched", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_QuitInAnyCase_StopsReading()
    {
        var (commands, _) = Bot();
        var output = await Chat(commands, "/QUIT\n/help\n");
        Assert.DoesNotContain("Commands:", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_PrevOnFirstPage_SaysSoInsteadOfRepeatingIt()
    {
        var (commands, store) = Bot();
        await AddBudgetQuotes(store, 7);

        var output = await Chat(commands, "/quotes budget\nprev\nnext\nPrev\n");

        Assert.Contains("You are on the first page already.", output, StringComparison.Ordinal);
        Assert.Equal(2, output.Split("  1. #").Length - 1); // page 1 shown twice: at first, and by the second prev
    }

    [Fact]
    public async Task RunAsync_NextOnLastPage_SaysSo()
    {
        var (commands, store) = Bot();
        await AddBudgetQuotes(store, 3);

        var output = await Chat(commands, "/quotes budget\nnext\n");

        Assert.Contains("That was the last page.", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_Help_ListsTheTerminalWordsAndFitsEightyColumns()
    {
        var (commands, _) = Bot();
        var output = await Chat(commands, "/help\n");

        Assert.Contains("next, prev", output, StringComparison.Ordinal);
        Assert.Contains("/quit", output, StringComparison.Ordinal);
        Assert.Contains("/editquote <id>", output, StringComparison.Ordinal);
        Assert.Contains("Search: Try words", output, StringComparison.Ordinal);
        var tooWide = output.Split('\n').Where(l => l.TrimEnd().Length > PlainTextRenderer.HelpWidth).ToList();
        Assert.Empty(tooWide);
    }

    [Fact]
    public async Task RunAsync_EndOfInputAtThePrompt_EndsTheLine()
    {
        var (commands, _) = Bot();
        var eof = await Interactive(commands, string.Empty);
        Assert.EndsWith("> " + Environment.NewLine, eof, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_Interrupted_EndsTheLineSaysSoAndReturns130()
    {
        var (commands, _) = Bot();
        var output = new StringWriter();
        using var cts = new CancellationTokenSource();
        var chat = new TerminalChat(commands, new NeverEndingReader(), output, interactive: true);

        var run = chat.RunAsync(cts.Token);
        await Task.Delay(50);
        await cts.CancelAsync();
        var code = await run.WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Equal(130, code);
        Assert.EndsWith("> " + Environment.NewLine + "Interrupted. Bye." + Environment.NewLine, output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_LongQuoteInList_IsCutAtAWordBoundary()
    {
        var (commands, store) = Bot();
        var text = "Budget " + string.Concat(Enumerable.Repeat("negotiations continue tomorrow, ", 8)) + "and beyond.";
        await store.AddAsync(new NewQuote { Text = text, Speaker = "Treasurer" }, Actor.System);

        var output = await Chat(commands, "/quotes budget\n");

        var entry = output.Split('\n').Single(l => l.Contains("#1 “", StringComparison.Ordinal));
        var shown = entry[(entry.IndexOf('“', StringComparison.Ordinal) + 1)..entry.IndexOf('”', StringComparison.Ordinal)];
        Assert.EndsWith("…", shown, StringComparison.Ordinal);
        var kept = shown[..^1];
        Assert.StartsWith(kept, text, StringComparison.Ordinal);
        Assert.False(char.IsLetterOrDigit(text[kept.Length]), "cut inside a word");
        Assert.False(kept.EndsWith(',') || kept.EndsWith(' '));
    }

    /// <summary>A console that never answers (as a terminal waiting for a key): reads end only by cancellation.</summary>
    private sealed class NeverEndingReader : TextReader
    {
        public override ValueTask<string?> ReadLineAsync(CancellationToken cancellationToken) =>
            new(Task.Delay(Timeout.Infinite, CancellationToken.None).ContinueWith(_ => (string?)null, TaskScheduler.Default));
    }
}
