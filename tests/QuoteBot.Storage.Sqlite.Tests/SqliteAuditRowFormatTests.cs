using Microsoft.Data.Sqlite;
using QuoteBot.Core.Storage;
using QuoteBot.Tests.Shared;

namespace QuoteBot.Storage.Sqlite.Tests;

/// <summary>The SQLite audit log's JSON: PascalCase names, AddedAt as System.Text.Json writes a date; byte for byte.</summary>
public sealed class SqliteAuditRowFormatTests : AuditRowFormatContract, IDisposable
{
    private readonly TempDir _dir = new();
    private SqliteQuoteStore? _store;

    public void Dispose()
    {
        _store?.Dispose();
        _dir.Dispose();
    }

    protected override async Task<IQuoteStore> OpenAsync()
    {
        _store = new SqliteQuoteStore(_dir.File());
        await _store.InitializeAsync();
        return _store;
    }

    protected override string OldRow(long id, string text, string speaker, int status)
    {
        var (speakerKey, dedupeKey) = Keys(text, speaker);
        return $$"""{"Id":{{id}},"Text":"{{text}}","Speaker":"{{speaker}}","SpeakerKey":"{{speakerKey}}","Url":"https://example.com/a?x=1\u0026y=2","Published":"2026-02-27","Paragraph":"The whole paragraph.","Scope":"tg:-100123","AddedBy":"tg:1","AddedAt":"2026-03-01T12:00:00+01:00","Status":{{status}},"DedupeKey":"{{dedupeKey}}"}""";
    }

    protected override Task<(string? Before, string? After)> ReadStoredAsync(long quoteId, string action)
    {
        using var c = Raw();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT before_json, after_json FROM audit WHERE quote_id = $q AND action = $a";
        cmd.Parameters.AddWithValue("$q", quoteId);
        cmd.Parameters.AddWithValue("$a", action);
        using var r = cmd.ExecuteReader();
        Assert.True(r.Read());
        return Task.FromResult((r.IsDBNull(0) ? null : r.GetString(0), r.IsDBNull(1) ? null : r.GetString(1)));
    }

    protected override Task InsertRawAsync(long quoteId, string action, string actorId, DateTimeOffset at, string? before, string? after)
    {
        using var c = Raw();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "INSERT INTO audit(quote_id, action, actor_id, actor_name, at, before_json, after_json) VALUES ($q, $a, $ai, $ai, $t, $b, $af)";
        cmd.Parameters.AddWithValue("$q", quoteId);
        cmd.Parameters.AddWithValue("$a", action);
        cmd.Parameters.AddWithValue("$ai", actorId);
        cmd.Parameters.AddWithValue("$t", at.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        cmd.Parameters.AddWithValue("$b", (object?)before ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$af", (object?)after ?? DBNull.Value);
        cmd.ExecuteNonQuery();
        return Task.CompletedTask;
    }

    private SqliteConnection Raw()
    {
        var c = new SqliteConnection($"Data Source={_dir.File()};Pooling=False");
        c.Open();
        return c;
    }
}
