using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using Npgsql;
using QuoteBot.Core.Model;
using QuoteBot.Core.Storage;
using QuoteBot.Core.Text;

namespace QuoteBot.Storage.Postgres;

/// <summary>Small per-conversation state and claims (<see cref="IStateStore"/>) in the quote database.</summary>
public sealed partial class PostgresQuoteStore
{
    public Task<string?> GetAsync(string key, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        return _db.ReadAsync(async conn =>
        {
            await using var cmd = new NpgsqlCommand("SELECT value FROM state WHERE key = @k", conn);
            cmd.Parameters.AddWithValue("k", Clean(key));
            return await cmd.ExecuteScalarAsync(ct) as string;
        }, ct);
    }

    public Task SetAsync(string key, string value, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        return _db.WriteAsync(async (conn, tx) =>
        {
            await using var cmd = new NpgsqlCommand(
                "INSERT INTO state(key, value) VALUES (@k, @v) ON CONFLICT (key) DO UPDATE SET value = excluded.value", conn, tx);
            cmd.Parameters.AddWithValue("k", Clean(key));
            cmd.Parameters.AddWithValue("v", Clean(value));
            return await cmd.ExecuteNonQueryAsync(ct);
        }, ct);
    }

    // Claims live in the state table under "claim:<key>" with their expiry (unix ms) as the value. The upsert only
    // overwrites an expired claim, in one statement, so two instances cannot both win.
    public Task<bool> TryClaimAsync(string key, DateTimeOffset now, TimeSpan ttl, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        return _db.WriteAsync(async (conn, tx) =>
        {
            var nowMs = now.ToUnixTimeMilliseconds();
            await using (var prune = new NpgsqlCommand(
                "DELETE FROM state WHERE key IN (SELECT key FROM state WHERE key >= 'claim:' AND key < 'claim;' AND value::bigint <= @now LIMIT 16)", conn, tx))
            {
                prune.Parameters.AddWithValue("now", nowMs);
                await prune.ExecuteNonQueryAsync(ct);
            }

            await using var cmd = new NpgsqlCommand(
                "INSERT INTO state(key, value) VALUES (@k, @until) ON CONFLICT (key) DO UPDATE SET value = excluded.value WHERE state.value::bigint <= @now",
                conn, tx);
            cmd.Parameters.AddWithValue("k", "claim:" + Clean(key));
            cmd.Parameters.AddWithValue("until", (now + ttl).ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
            cmd.Parameters.AddWithValue("now", nowMs);
            return await cmd.ExecuteNonQueryAsync(ct) == 1;
        }, ct);
    }

    public Task ReleaseClaimAsync(string key, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        return _db.WriteAsync(async (conn, tx) =>
        {
            await using var cmd = new NpgsqlCommand("DELETE FROM state WHERE key = @k", conn, tx);
            cmd.Parameters.AddWithValue("k", "claim:" + Clean(key));
            return await cmd.ExecuteNonQueryAsync(ct);
        }, ct);
    }

    /// <summary>Every state entry (the migrate command copies them).</summary>
    public Task<IReadOnlyList<KeyValuePair<string, string>>> ListStateAsync(CancellationToken ct = default) =>
        _db.ReadAsync<IReadOnlyList<KeyValuePair<string, string>>>(async conn =>
        {
            await using var cmd = new NpgsqlCommand("SELECT key, value FROM state ORDER BY key", conn);
            await using var r = await cmd.ExecuteReaderAsync(ct);
            var list = new List<KeyValuePair<string, string>>();
            while (await r.ReadAsync(ct))
            {
                list.Add(new(r.GetString(0), r.GetString(1)));
            }

            return list;
        }, ct);
}
