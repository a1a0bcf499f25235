using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using QuoteBot.Core.Commands;
using QuoteBot.Core.Storage;

namespace QuoteBot.Host.Terminal;

/// <summary>
/// The bot in a terminal (like Hubot's shell): one line in, one answer out, as the local moderator. Works with piped
/// input too: no prompt, and the process ends with exit code 0 at the end of input. Its own words (next, prev, /quit)
/// and every command are read in any case.
/// </summary>
public sealed class TerminalChat(QuoteCommands commands, TextReader input, TextWriter output, bool interactive)
{
    /// <summary>The exit code after an interrupt (Ctrl+C), as shells report 128 + SIGINT.</summary>
    public const int InterruptedExitCode = 130;

    /// <summary>The rows /help adds here: words that are not chat commands.</summary>
    public static readonly IReadOnlyList<(string Usage, string Description)> TerminalHelpRows =
    [
        ("next, prev", "The next or previous page of the last /quotes list"),
        ("approve, reject, approve all", "Decide the quote /review showed last (approve all: every quote of its article)"),
        ("/quit", "Leave the chat (Ctrl+D too)"),
    ];

    private PageState? _lastList;
    private long? _lastReviewed;
    private readonly Lock _writing = new();
    private readonly List<Task> _followUps = [];

    /// <summary>Runs until the end of input or /quit (0), or until <paramref name="ct"/> is cancelled (Ctrl+C: 130).</summary>
    public async Task<int> RunAsync(CancellationToken ct)
    {
        var ctx = CommandContext.Local();
        if (interactive)
        {
            await output.WriteLineAsync("QuoteBot terminal chat. Type /help for commands, /quit to leave.");
        }

        try
        {
            while (true)
            {
                if (interactive)
                {
                    await output.WriteAsync("> ");
                    await output.FlushAsync(ct);
                }

                // A console read blocks its thread and does not notice the token (Console.In reads synchronously even
                // in ReadLineAsync), so it runs on its own thread and the wait for it notices Ctrl+C instead.
                var line = await Task.Run(() => input.ReadLineAsync(ct).AsTask(), CancellationToken.None).WaitAsync(ct);
                if (line is null)
                {
                    if (interactive)
                    {
                        await output.WriteLineAsync(); // Ctrl+D: the shell's prompt starts on a line of its own
                        await output.FlushAsync(CancellationToken.None);
                    }

                    await WaitForFollowUpsAsync(ct);
                    return 0;
                }

                line = line.Trim();
                if (line.Length == 0)
                {
                    continue;
                }

                if (line.Equals("/quit", StringComparison.OrdinalIgnoreCase) || line.Equals("/exit", StringComparison.OrdinalIgnoreCase))
                {
                    await WaitForFollowUpsAsync(ct);
                    return 0;
                }

                Reply reply;
                try
                {
                    reply = await AnswerAsync(line, ctx, ct);
                }
                catch (QuoteStoreException)
                {
                    // The command layer logs and answers store faults itself; this only keeps the chat alive.
                    reply = new MessageReply(QuoteStoreException.UserMessage, MessageKind.Unavailable);
                }

                await WriteAsync(reply is HelpReply help ? PlainTextRenderer.Help(help, TerminalHelpRows) : PlainTextRenderer.Render(reply), ct);
                if (reply is DeferredReply deferred)
                {
                    // The fetch goes on in the background: the chat keeps answering, and its result is a line of its own.
                    _followUps.Add(FollowUpAsync(deferred, ct));
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            if (interactive)
            {
                await output.WriteLineAsync();
                await output.WriteLineAsync("Interrupted. Bye.");
                await output.FlushAsync(CancellationToken.None);
            }

            return InterruptedExitCode;
        }
    }

    /// <summary>One answer, whole: a background result never lands in the middle of another answer.</summary>
    private Task WriteAsync(string text, CancellationToken ct, bool prompt = false)
    {
        ct.ThrowIfCancellationRequested();
        lock (_writing)
        {
            output.WriteLine(text);
            if (prompt)
            {
                output.Write("> ");
            }

            output.Flush();
        }

        return Task.CompletedTask;
    }

    private async Task FollowUpAsync(DeferredReply deferred, CancellationToken ct)
    {
        var later = await deferred.Later.WaitAsync(ct);
        await WriteAsync(PlainTextRenderer.Render(later), ct, prompt: interactive);
    }

    /// <summary>At the end of input the answers still being fetched are waited for, so piped input gets them all.</summary>
    private async Task WaitForFollowUpsAsync(CancellationToken ct)
    {
        _followUps.RemoveAll(t => t.IsCompleted);
        await Task.WhenAll(_followUps).WaitAsync(ct);
    }

    /// <summary>Answers one line: a command, "next"/"prev" for the last list, or plain words as a /quote search.</summary>
    public async Task<Reply> AnswerAsync(string line, CommandContext ctx, CancellationToken ct)
    {
        Reply reply;
        var word = line.TrimStart('/');
        var next = word.Equals("next", StringComparison.OrdinalIgnoreCase);
        if (next || word.Equals("prev", StringComparison.OrdinalIgnoreCase))
        {
            if (_lastList is null)
            {
                return new MessageReply("There is no list to page. Try /quotes <query> first.", MessageKind.Usage);
            }

            if (!next && _lastList.Offset == 0)
            {
                return new MessageReply("You are on the first page already.", MessageKind.Info);
            }

            if (next && !_lastList.HasMore)
            {
                return new MessageReply("That was the last page.", MessageKind.Info);
            }

            var offset = next ? _lastList.Offset + QuoteCommands.PageSize : Math.Max(0, _lastList.Offset - QuoteCommands.PageSize);
            reply = await commands.HandleActionAsync(new PageAction(_lastList.Query, offset), ctx, ct);
        }
        else if (ReviewWord(word) is { } verb)
        {
            if (_lastReviewed is not { } id)
            {
                return new MessageReply("There is no quote to decide. Try /review first.", MessageKind.Usage);
            }

            reply = await commands.HandleActionAsync(new ReviewAction(verb, id), ctx, ct);
        }
        else
        {
            var request = CommandText.Parse(line) ?? new CommandRequest("quote", line);
            reply = await commands.HandleAsync(request, ctx, ct);
        }

        if (reply is QuoteListReply list)
        {
            _lastList = new PageState(list.Query, list.Offset, list.HasMore);
        }

        if (reply is ReviewReply review)
        {
            _lastReviewed = review.Quote.Id;
        }
        else if (reply is MessageReply { Kind: MessageKind.Success } && _lastReviewed is not null && ReviewWord(word) is not null)
        {
            _lastReviewed = null; // the last one was decided and nothing else waits
        }

        return reply;
    }

    /// <summary>The terminal's review words: approve, reject, approve all (any case).</summary>
    private static ReviewVerb? ReviewWord(string word) => string.Join(' ', word.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToLowerInvariant() switch
    {
        "approve" => ReviewVerb.Approve,
        "reject" => ReviewVerb.Reject,
        "approve all" => ReviewVerb.ApproveArticle,
        _ => null,
    };

    private sealed record PageState(string Query, int Offset, bool HasMore);
}

/// <summary>Runs <see cref="TerminalChat"/> over the process's console and stops the host at the end of input.</summary>
public sealed class TerminalChatService(
    QuoteCommands commands,
    IHostApplicationLifetime lifetime,
    ILogger<TerminalChatService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        try
        {
            var chat = new TerminalChat(commands, Console.In, Console.Out, interactive: !Console.IsInputRedirected);
            var code = await chat.RunAsync(stoppingToken);
            if (code != 0 && Environment.ExitCode == 0)
            {
                Environment.ExitCode = code; // interrupted; an error code set elsewhere wins
            }
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "The terminal chat stopped");
            Environment.ExitCode = 1;
        }
        finally
        {
            lifetime.StopApplication();
        }
    }
}

public static class TerminalChatServiceCollectionExtensions
{
    public static IServiceCollection AddTerminalChat(this IServiceCollection services) =>
        services.AddHostedService<TerminalChatService>();
}
