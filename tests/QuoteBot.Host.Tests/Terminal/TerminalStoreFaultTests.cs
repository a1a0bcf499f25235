using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using QuoteBot.Core.Commands;
using QuoteBot.Core.Model;
using QuoteBot.Core.Random;
using QuoteBot.Core.Search;
using QuoteBot.Core.Storage;
using QuoteBot.Host.Terminal;
using QuoteBot.Storage.Sqlite;
using QuoteBot.Tests.Shared.Faults;

namespace QuoteBot.Host.Tests.Terminal;

/// <summary>Issue 11.3: a storage fault during the terminal chat is one calm line, one log line, and the chat goes on.</summary>
public class TerminalStoreFaultTests
{
    private static async Task<string> Chat(IQuoteStore store, IQuoteSearch search, IStateStore state, ILogger<QuoteCommands> logger, string input)
    {
        var commands = new QuoteCommands(store, new QuoteFinder(store, search, new RandomQuotePicker(store, state)), new FakeTimeProvider(), logger: logger);
        var output = new StringWriter();
        await new TerminalChat(commands, new StringReader(input), output, interactive: false).RunAsync(CancellationToken.None);
        return output.ToString();
    }

    [Fact]
    public async Task QuoteAndAddQuote_StoreThrowsSqliteStoreException_CalmLinesOneLogLineEachAndChatGoesOn()
    {
        var faulty = new FaultyStore(new InMemoryQuoteStore())
        {
            Fault = () => new SqliteStoreException("q.db", "Cannot use the quote database 'q.db': it is read-only (check the file and folder permissions).", null),
        };
        var logger = new ListLogger();

        var output = await Chat(faulty, faulty, faulty, logger, "/quote\n/addquote \"We stay open.\" - Ann Lee\n/help\n");

        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(QuoteStoreException.UserMessage, lines[0]);
        Assert.Equal(QuoteStoreException.UserMessage, lines[1]);
        Assert.Contains("/quote [query]", output, StringComparison.Ordinal); // the chat went on to answer /help
        Assert.Equal(2, logger.Lines.Count);
        Assert.All(logger.Lines, l => Assert.Contains("it is read-only", l, StringComparison.Ordinal));
        Assert.All(logger.Lines, l => Assert.DoesNotContain(" at ", l, StringComparison.Ordinal));
        Assert.Equal(0, await faulty.Inner.MaxIdAsync());
    }

    [Fact]
    public async Task QuoteAndAddQuote_PartlyCorruptDatabaseFile_CalmLinesAndChatGoesOn()
    {
        var dir = Path.Combine(Path.GetTempPath(), "quotebot-corrupt-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, "q.db");
        try
        {
            using (var healthy = new SqliteQuoteStore(path))
            {
                await healthy.InitializeAsync();
                await healthy.AddManyAsync(
                    Enumerable.Range(0, 400).Select(i => new NewQuote { Text = $"Quote number {i} about the harbour and its many ships.", Speaker = "Speaker " + (i % 20), AddedBy = "local" }),
                    Actor.Local);
            }

            // Keep the first pages (the schema), overwrite the rest with junk.
            var bytes = await File.ReadAllBytesAsync(path);
            for (var i = 4096 * 2; i < bytes.Length; i++)
            {
                bytes[i] = 0x5A;
            }

            await File.WriteAllBytesAsync(path, bytes);
            using var store = new SqliteQuoteStore(path);
            var logger = new ListLogger();

            var output = await Chat(store, store, store, logger, "/quote harbour\n/addquote \"We stay open.\" - Ann Lee\n/help\n");

            var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(QuoteStoreException.UserMessage, lines[0]);
            Assert.Equal(QuoteStoreException.UserMessage, lines[1]);
            Assert.Contains("/quote [query]", output, StringComparison.Ordinal);
            Assert.Equal(2, logger.Lines.Count);
            Assert.All(logger.Lines, l => Assert.Contains("q.db", l, StringComparison.Ordinal));
            Assert.All(logger.Lines, l => Assert.DoesNotContain(" at ", l, StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private sealed class ListLogger : ILogger<QuoteCommands>
    {
        public List<string> Lines { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Add(formatter(state, exception) + (exception is null ? string.Empty : " " + exception));
    }
}
