namespace QuoteBot.Core.Storage;

/// <summary>
/// A named lock that at most one process among those sharing a store holds: PostgreSQL takes a session advisory lock,
/// a SQLite file a lock file beside it. Used for work only one instance may do, like Telegram long polling.
/// </summary>
public interface IInstanceLock
{
    /// <summary>Takes the lock <paramref name="name"/>, or returns null at once when another holder has it.</summary>
    Task<IInstanceLease?> TryAcquireAsync(string name, CancellationToken ct);
}

/// <summary>A held <see cref="IInstanceLock"/>; disposing releases it.</summary>
public interface IInstanceLease : IAsyncDisposable
{
    /// <summary>Cancelled when the lock is lost without being released (the database connection dropped).</summary>
    CancellationToken Lost { get; }
}

/// <summary>
/// <see cref="IInstanceLock"/> over lock files in one folder (beside a SQLite database): the operating system holds an
/// exclusive lock for as long as the file is open, and drops it when the process ends, however it ends.
/// </summary>
public sealed class FileInstanceLock(string folder, string prefix) : IInstanceLock
{
    public Task<IInstanceLease?> TryAcquireAsync(string name, CancellationToken ct)
    {
        var safe = new string(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_').ToArray());
        var path = Path.Combine(folder, $"{prefix}.{safe}.lock");
        try
        {
            var file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
            return Task.FromResult<IInstanceLease?>(new Lease(file));
        }
        catch (IOException)
        {
            return Task.FromResult<IInstanceLease?>(null); // another process (or another host in this one) holds it
        }
    }

    private sealed class Lease(FileStream file) : IInstanceLease
    {
        public CancellationToken Lost => CancellationToken.None;

        public ValueTask DisposeAsync() => file.DisposeAsync();
    }
}
