using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using QuoteBot.Core.Commands;
using QuoteBot.Core.Storage;

namespace QuoteBot.Host.Terminal;

/// <summary>
/// The bot in a terminal (like Hubot's shell): one line in, one answer out, as the local moderator. Works with piped
/// input too: no prompt, and the process ends with exit code 0 at the end of input.
/// </summary>
public sealed class TerminalChat(QuoteCommands commands, TextReader input, TextWriter output, bool interactive)
{
    private PageState? _lastList;

    public async Task RunAsync(CancellationToken ct)
    {
        var ctx = CommandContext.Local();
        if (interactive)
        {
            await output.WriteLineAsync("QuoteBot terminal chat. Type /help for commands, /quit to leave.");
        }

        while (!ct.IsCancellationRequested)
        {
            if (interactive)
            {
                await output.WriteAsync("> ");
                await output.FlushAsync(ct);
            }

            var line = await input.ReadLineAsync(ct);
            if (line is null)
            {
                break;
            }

            line = line.Trim();
            if (line.Length == 0)
            {
                continue;
            }

            if (line is "/quit" or "/exit")
            {
                break;
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

            await output.WriteLineAsync(PlainTextRenderer.Render(reply));
            await output.FlushAsync(ct);
        }
    }

    /// <summary>Answers one line: a command, "next"/"prev" for the last list, or plain words as a /quote search.</summary>
    public async Task<Reply> AnswerAsync(string line, CommandContext ctx, CancellationToken ct)
    {
        Reply reply;
        if (line is "next" or "prev" or "/next" or "/prev")
        {
            if (_lastList is null)
            {
                return new MessageReply("There is no list to page. Try /quotes <query> first.", MessageKind.Usage);
            }

            var offset = line.EndsWith("next", StringComparison.Ordinal) ? _lastList.Offset + QuoteCommands.PageSize : Math.Max(0, _lastList.Offset - QuoteCommands.PageSize);
            reply = await commands.HandleActionAsync(new PageAction(_lastList.Query, offset), ctx, ct);
        }
        else
        {
            var request = CommandText.Parse(line) ?? new CommandRequest("quote", line);
            reply = await commands.HandleAsync(request, ctx, ct);
        }

        if (reply is QuoteListReply list)
        {
            _lastList = new PageState(list.Query, list.Offset);
        }

        return reply;
    }

    private sealed record PageState(string Query, int Offset);
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
            await chat.RunAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
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
