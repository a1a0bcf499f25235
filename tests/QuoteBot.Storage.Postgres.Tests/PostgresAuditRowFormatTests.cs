using Npgsql;
using QuoteBot.Core.Storage;
using QuoteBot.Tests.Shared;

namespace QuoteBot.Storage.Postgres.Tests;

/// <summary>The PostgreSQL audit log's jsonb: camelCase names, AddedAt as a round-trip ("O") string.</summary>
[RequiresPostgres]
public sealed class PostgresAuditRowFormatTests : AuditRowFormatContract, IAsyncLifetime
{
    private TestSchema? _schema;
    private PostgresQuoteStore? _store;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }

        if (_schema is not null)
        {
            PostgresServer.Release(_schema);
        }
    }

    protected override async Task<IQuoteStore> OpenAsync()
    {
        _schema = await PostgresServer.RentMigratedSchemaAsync();
        _store = new PostgresQuoteStore(_schema.ConnectionString);
        await _store.InitializeAsync();
        return _store;
    }

    protected override string OldRow(long id, string text, string speaker, int status)
    {
        var (speakerKey, dedupeKey) = Keys(text, speaker);
        return $$"""{"id":{{id}},"text":"{{text}}","speaker":"{{speaker}}","speakerKey":"{{speakerKey}}","url":"https://example.com/a?x=1\u0026y=2","published":"2026-02-27","paragraph":"The whole paragraph.","scope":"tg:-100123","addedBy":"tg:1","addedAt":"2026-03-01T12:00:00.0000000\u002B01:00","status":{{status}},"dedupeKey":"{{dedupeKey}}"}""";
    }

    protected override async Task<string> StoredFormAsync(string json)
    {
        await using var conn = await ConnectAsync();
        await using var cmd = new NpgsqlCommand("SELECT @j::jsonb::text", conn);
        cmd.Parameters.AddWithValue("j", json);
        return (string)(await cmd.ExecuteScalarAsync())!;
    }

    protected override async Task<(string? Before, string? After)> ReadStoredAsync(long quoteId, string action)
    {
        await using var conn = await ConnectAsync();
        await using var cmd = new NpgsqlCommand("SELECT before_json::text, after_json::text FROM audit WHERE quote_id = @q AND action = @a", conn);
        cmd.Parameters.AddWithValue("q", quoteId);
        cmd.Parameters.AddWithValue("a", action);
        await using var r = await cmd.ExecuteReaderAsync();
        Assert.True(await r.ReadAsync());
        return (r.IsDBNull(0) ? null : r.GetString(0), r.IsDBNull(1) ? null : r.GetString(1));
    }

    protected override async Task InsertRawAsync(long quoteId, string action, string actorId, DateTimeOffset at, string? before, string? after)
    {
        await using var conn = await ConnectAsync();
        await using var cmd = new NpgsqlCommand(
            "INSERT INTO audit(quote_id, action, actor_id, actor_name, at, before_json, after_json) VALUES (@q, @a, @ai, @ai, @t, @b::jsonb, @af::jsonb)", conn);
        cmd.Parameters.AddWithValue("q", quoteId);
        cmd.Parameters.AddWithValue("a", action);
        cmd.Parameters.AddWithValue("ai", actorId);
        cmd.Parameters.AddWithValue("t", at.ToUniversalTime());
        cmd.Parameters.Add(new NpgsqlParameter("b", NpgsqlTypes.NpgsqlDbType.Text) { Value = (object?)before ?? DBNull.Value });
        cmd.Parameters.Add(new NpgsqlParameter("af", NpgsqlTypes.NpgsqlDbType.Text) { Value = (object?)after ?? DBNull.Value });
        await cmd.ExecuteNonQueryAsync();
    }

    private async Task<NpgsqlConnection> ConnectAsync()
    {
        var conn = new NpgsqlConnection(_schema!.ConnectionString);
        await conn.OpenAsync();
        return conn;
    }
}
