namespace QuoteBot.Core.Storage;

/// <summary>An edit would make a quote equal to another quote of the same scope (every store throws this).</summary>
public sealed class DuplicateQuoteException : InvalidOperationException
{
    public DuplicateQuoteException()
    {
    }

    public DuplicateQuoteException(string message)
        : base(message)
    {
    }

    public DuplicateQuoteException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public DuplicateQuoteException(long id, long existingId)
        : base($"Quote #{id} would then equal quote #{existingId}.")
    {
        Id = id;
        ExistingId = existingId;
    }

    public long Id { get; }

    public long ExistingId { get; }
}
