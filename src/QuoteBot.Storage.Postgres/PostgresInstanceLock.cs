using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Npgsql;
using QuoteBot.Core.Storage;

namespace QuoteBot.Storage.Postgres;

/// <summary>
/// <see cref="IInstanceLock"/> as a PostgreSQL session advisory lock (<c>pg_try_advisory_lock</c>) on a connection of
/// its own, outside the pool, so the lock lives exactly as long as that session: released on dispose, and by the server
/// when the process dies. The connection is checked every <see cref="CheckInterval"/>; when it fails the lease reports
/// <see cref="IInstanceLease.Lost"/>, because another instance may take the lock from then on.
/// </summary>
public sealed class PostgresInstanceLock(PostgresDatabase database) : IInstanceLock
{
    public static TimeSpan CheckInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The 64-bit advisory lock key of a name (stable across processes and versions).</summary>
    public static long Key(string name) =>
        BinaryPrimitives.ReadInt64BigEndian(SHA256.HashData(Encoding.UTF8.GetBytes("quotebot:" + name)));

    public async Task<IInstanceLease?> TryAcquireAsync(string name, CancellationToken ct)
    {
        var key = Key(name);
        var connection = database.CreateDedicatedConnection();
        try
        {
            await connection.OpenAsync(ct);
            await using var cmd = new NpgsqlCommand("SELECT pg_try_advisory_lock($1)", connection) { Parameters = { new() { Value = key } } };
            if (await cmd.ExecuteScalarAsync(ct) is true)
            {
                return new Lease(connection, key);
            }
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }

        await connection.DisposeAsync();
        return null;
    }

    private sealed class Lease : IInstanceLease
    {
        private readonly NpgsqlConnection _connection;
        private readonly long _key;
        private readonly CancellationTokenSource _lost = new();
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _watch;

        public Lease(NpgsqlConnection connection, long key)
        {
            _connection = connection;
            _key = key;
            _watch = Task.Run(WatchAsync);
        }

        public CancellationToken Lost => _lost.Token;

        private async Task WatchAsync()
        {
            try
            {
                while (true)
                {
                    await Task.Delay(CheckInterval, _stop.Token);
                    await using var cmd = new NpgsqlCommand("SELECT 1", _connection) { CommandTimeout = 5 };
                    await cmd.ExecuteScalarAsync(_stop.Token);
                }
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
            }
            catch (Exception)
            {
                // The session (and with it the lock) is gone or unusable.
                await _lost.CancelAsync();
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _watch;
            if (!_lost.IsCancellationRequested)
            {
                try
                {
                    await using var cmd = new NpgsqlCommand("SELECT pg_advisory_unlock($1)", _connection) { Parameters = { new() { Value = _key } }, CommandTimeout = 5 };
                    await cmd.ExecuteScalarAsync();
                }
                catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or TimeoutException)
                {
                    // Closing the session below releases it anyway.
                }
            }

            await _connection.DisposeAsync();
            _lost.Dispose();
            _stop.Dispose();
        }
    }
}
