using Npgsql;
using QuoteBot.Core.Model;
using QuoteBot.Core.Text;

namespace QuoteBot.Storage.Postgres.Tests;

/// <summary>The audit log's jsonb rows keep the camelCase form earlier builds wrote, both ways.</summary>
[RequiresPostgres]
public sealed class AuditRowFormatTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly Actor Alice = new("tg:1", "Alice");
    private TestSchema _schema = null!;
    private PostgresQuoteStore _store = null!;

    public async Task InitializeAsync()
    {
        _schema = await PostgresServer.RentMigratedSchemaAsync();
        _store = new PostgresQuoteStore(_schema.ConnectionString);
        await _store.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        PostgresServer.Release(_schema);
    }

    private static string Row(long id, string text, string speaker) =>
        $$"""{"id":{{id}},"text":"{{text}}","speaker":"{{speaker}}","speakerKey":"{{TextFolding.SpeakerKey(speaker)}}","url":"https://example.com/a?x=1\u0026y=2","published":"2026-02-27","paragraph":"The whole paragraph.","scope":"tg:-100123","addedBy":"tg:1","addedAt":"2026-03-01T12:00:00.0000000\u002B00:00","status":0,"dedupeKey":"{{TextFolding.DedupeKey(text, speaker)}}"}""";

    private static NewQuote Q(string text, string speaker) => new()
    {
        Text = text,
        Speaker = speaker,
        Source = new QuoteSource(null, null, "https://example.com/a?x=1&y=2", new DateOnly(2026, 2, 27)),
        Context = new QuoteContext("The whole paragraph."),
        Scope = Scope.Telegram(-100123),
        AddedBy = Alice.Id,
        AddedAt = T0,
    };

    [Fact]
    public async Task AddAsync_AuditRow_IsTheJsonEarlierBuildsWrote()
    {
        var quote = (await _store.AddAsync(Q("The harbour opens at dawn.", "Mara Holt"), Alice)).Quote;

        await using var conn = new NpgsqlConnection(_schema.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT after_json = @old::jsonb FROM audit WHERE quote_id = @q", conn);
        cmd.Parameters.AddWithValue("old", Row(quote.Id, "The harbour opens at dawn.", "Mara Holt"));
        cmd.Parameters.AddWithValue("q", quote.Id);
        Assert.Equal(true, await cmd.ExecuteScalarAsync());
    }

    [Fact]
    public async Task GetAuditAsync_RowWrittenByEarlierBuild_StillReads()
    {
        await using (var conn = new NpgsqlConnection(_schema.ConnectionString))
        {
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand(
                "INSERT INTO audit(quote_id, action, actor_id, actor_name, at, before_json, after_json) " +
                "VALUES (41, 'add', 'tg:1', 'Alice', @t, NULL, @old::jsonb)", conn);
            cmd.Parameters.AddWithValue("t", T0);
            cmd.Parameters.AddWithValue("old", Row(41, "Nets dry in the sun.", "Ivo Brandt"));
            await cmd.ExecuteNonQueryAsync();
        }

        var entry = Assert.Single(await _store.GetAuditAsync(41));

        Assert.Null(entry.Before);
        Assert.Equal(Q("Nets dry in the sun.", "Ivo Brandt").ToQuote(41), entry.After);
        Assert.Equal(TimeSpan.Zero, entry.After!.AddedAt.Offset);
    }
}
