using Microsoft.Data.Sqlite;
using QuoteBot.Core.Model;
using QuoteBot.Core.Text;

namespace QuoteBot.Storage.Sqlite.Tests;

/// <summary>The audit log's rows keep the PascalCase JSON earlier builds wrote, byte for byte, both ways.</summary>
public sealed class AuditRowFormatTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.FromHours(1));
    private static readonly Actor Alice = new("tg:1", "Alice");
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private static string Row(long id, string text, string speaker, int status = 0) =>
        $$"""{"Id":{{id}},"Text":"{{text}}","Speaker":"{{speaker}}","SpeakerKey":"{{TextFolding.SpeakerKey(speaker)}}","Url":"https://example.com/a?x=1\u0026y=2","Published":"2026-02-27","Paragraph":"The whole paragraph.","Scope":"tg:-100123","AddedBy":"tg:1","AddedAt":"2026-03-01T12:00:00+01:00","Status":{{status}},"DedupeKey":"{{TextFolding.DedupeKey(text, speaker)}}"}""";

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

    private SqliteConnection Raw()
    {
        var c = new SqliteConnection($"Data Source={_dir.File()};Pooling=False");
        c.Open();
        return c;
    }

    [Fact]
    public async Task AddAsync_AuditRow_IsTheJsonEarlierBuildsWrote()
    {
        long id;
        using (var store = new SqliteQuoteStore(_dir.File()))
        {
            await store.InitializeAsync();
            id = (await store.AddAsync(Q("The harbour opens at dawn.", "Mara Holt"), Alice)).Quote.Id;
            await store.SetStatusAsync(id, QuoteStatus.Removed, Alice);
        }

        using var c = Raw();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT before_json, after_json FROM audit WHERE quote_id = $q AND action = 'remove'";
        cmd.Parameters.AddWithValue("$q", id);
        using var r = cmd.ExecuteReader();
        Assert.True(r.Read());
        Assert.Equal(Row(id, "The harbour opens at dawn.", "Mara Holt"), r.GetString(0));
        Assert.Equal(Row(id, "The harbour opens at dawn.", "Mara Holt", status: 1), r.GetString(1));
    }

    [Fact]
    public async Task GetAuditAsync_RowWrittenByEarlierBuild_StillReads()
    {
        using var store = new SqliteQuoteStore(_dir.File());
        await store.InitializeAsync();
        using (var c = Raw())
        {
            using var cmd = c.CreateCommand();
            cmd.CommandText = "INSERT INTO audit(quote_id, action, actor_id, actor_name, at, before_json, after_json) " +
                "VALUES (41, 'add', 'tg:1', 'Alice', '2026-03-01T12:00:00.0000000+01:00', NULL, $old)";
            cmd.Parameters.AddWithValue("$old", Row(41, "Nets dry in the sun.", "Ivo Brandt"));
            cmd.ExecuteNonQuery();
        }

        var entry = Assert.Single(await store.GetAuditAsync(41));

        Assert.Null(entry.Before);
        Assert.Equal(Q("Nets dry in the sun.", "Ivo Brandt").ToQuote(41), entry.After);
        Assert.Equal(TimeSpan.FromHours(1), entry.After!.AddedAt.Offset);
    }
}
