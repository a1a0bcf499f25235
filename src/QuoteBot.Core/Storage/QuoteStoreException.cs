namespace QuoteBot.Core.Storage;

/// <summary>
/// The quote store cannot be used right now: read-only, corrupt, locked, full, unreachable. Every store engine throws
/// its own subclass (SqliteStoreException, PostgresStoreException) whose <see cref="Exception.Message"/> is one line
/// fit to log; adapters answer the user with <see cref="UserMessage"/> and keep running.
/// </summary>
public class QuoteStoreException : InvalidOperationException
{
    /// <summary>What a chat user is told when the store fails (never the technical reason).</summary>
    public const string UserMessage = "The quote store is not available right now, so nothing was changed. Please try again later.";

    public QuoteStoreException()
    {
    }

    public QuoteStoreException(string message)
        : base(message)
    {
    }

    public QuoteStoreException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
