using QuoteBot.Core.Model;

namespace QuoteBot.Core.Commands;

/// <summary>
/// Who is asking and where. The adapter supplies <see cref="CanModerate"/>, since only it knows the platform's roles:
/// may this user change quotes of that scope? It is asked only when a moderator command runs.
/// </summary>
public sealed record CommandContext(
    Scope Scope,
    string ConversationKey,
    Actor User,
    Func<Scope, CancellationToken, ValueTask<bool>> CanModerate)
{
    /// <summary>The terminal: global scope, one conversation, and the local user moderates everything.</summary>
    public static CommandContext Local(string conversation = "local") =>
        new(Scope.Global, conversation, Actor.Local, (_, _) => ValueTask.FromResult(true));

    public Visibility Visibility => Visibility.For(Scope);
}

/// <summary>A command after the platform's syntax was peeled off: its name (lower case, no slash) and raw arguments.</summary>
public sealed record CommandRequest(string Name, string Arguments);

/// <summary>Reads "/quote@MyBot territory" style text.</summary>
public static class CommandText
{
    /// <summary>
    /// Splits a chat message into a command. Null when the text is not a command, or is addressed to another bot
    /// (<c>/quote@OtherBot</c>) when <paramref name="botUserName"/> is given.
    /// </summary>
    public static CommandRequest? Parse(string? text, string? botUserName = null)
    {
        if (string.IsNullOrEmpty(text) || text[0] != '/' || text.Length < 2)
        {
            return null;
        }

        var end = 1;
        while (end < text.Length && !char.IsWhiteSpace(text[end]))
        {
            end++;
        }

        var head = text[1..end];
        var at = head.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            var target = head[(at + 1)..];
            if (botUserName is not null && !string.Equals(target, botUserName, StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }

            head = head[..at];
        }

        if (head.Length == 0 || head.Length > 32 || !head.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
        {
            return null;
        }

        return new CommandRequest(head.ToLowerInvariant(), text[end..].Trim());
    }
}
