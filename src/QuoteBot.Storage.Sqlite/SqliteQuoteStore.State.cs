using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;
using QuoteBot.Core.Model;
using QuoteBot.Core.Storage;

namespace QuoteBot.Storage.Sqlite;

/// <summary>Small per-conversation state and claims (<see cref="IStateStore"/>) in the same file as the quotes.</summary>
public sealed partial class SqliteQuoteStore
{
    public Task<string?> GetAsync(string key, CancellationToken ct = default) =>
        Task.FromResult(Read(s => s.Scalar("SELECT value FROM state WHERE key = @k", ("@k", key)) as string));

    public Task SetAsync(string key, string value, CancellationToken ct = default) =>
        WriteAsync(s => s.Execute(
            "INSERT INTO state(key, value) VALUES (@k, @v) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            ("@k", key), ("@v", value)), transaction: false, ct);

    // Claims live in the state table under "claim:<key>" with their expiry (unix ms) as the value, so no schema change
    // was needed. The upsert only overwrites an expired claim; one statement, so two processes cannot both win.
    public Task<bool> TryClaimAsync(string key, DateTimeOffset now, TimeSpan ttl, CancellationToken ct = default) =>
        WriteAsync(
            s =>
            {
                var nowMs = now.ToUnixTimeMilliseconds();
                s.Execute(
                    "DELETE FROM state WHERE key IN (SELECT key FROM state WHERE key >= 'claim:' AND key < 'claim;' AND CAST(value AS INTEGER) <= @now LIMIT 16)",
                    ("@now", nowMs));
                return s.Execute(
                    "INSERT INTO state(key, value) VALUES (@k, @until) ON CONFLICT(key) DO UPDATE SET value = excluded.value WHERE CAST(state.value AS INTEGER) <= @now",
                    ("@k", "claim:" + key), ("@until", (now + ttl).ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)), ("@now", nowMs)) == 1;
            },
            transaction: true,
            ct);

    public Task ReleaseClaimAsync(string key, CancellationToken ct = default) =>
        WriteAsync(s => s.Execute("DELETE FROM state WHERE key = @k", ("@k", "claim:" + key)), transaction: false, ct);
}
