using QuoteBot.Core.Model;
using QuoteBot.Core.Storage;

namespace QuoteBot.Core.Tests.Storage;

public class QuoteSnapshotJsonTests
{
    private static readonly Quote Full = new()
    {
        Id = 7,
        Text = "Tides <wait> & \"rise\", café",
        Speaker = "Mara Holt",
        SpeakerKey = "mara holt",
        Source = new QuoteSource("Harbor Post", "Tides", "https://example.com/t?a=1&b=2", new DateOnly(2024, 5, 1)),
        Context = new QuoteContext("The paragraph.", "Before.", "After.", "the council"),
        Scope = Scope.Telegram(-100123),
        AddedBy = "tg:5",
        AddedAt = new DateTimeOffset(2024, 5, 1, 10, 20, 30, 123, TimeSpan.FromHours(2)),
        Status = QuoteStatus.Removed,
        DedupeKey = "tides wait rise cafe",
    };

    private static readonly Quote Minimal = new()
    {
        Id = 1,
        Text = "Hi.",
        SpeakerKey = "",
        AddedBy = "system",
        AddedAt = new DateTimeOffset(2024, 5, 1, 0, 0, 0, TimeSpan.Zero),
        DedupeKey = "hi",
    };

    // Rows exactly as the SQLite store's audit log has written them (its former QuoteJson).
    private const string SqliteFull =
        """{"Id":7,"Text":"Tides \u003Cwait\u003E \u0026 \u0022rise\u0022, caf\u00E9","Speaker":"Mara Holt","SpeakerKey":"mara holt","Outlet":"Harbor Post","Title":"Tides","Url":"https://example.com/t?a=1\u0026b=2","Published":"2024-05-01","Paragraph":"The paragraph.","Before":"Before.","After":"After.","Audience":"the council","Scope":"tg:-100123","AddedBy":"tg:5","AddedAt":"2024-05-01T10:20:30.123+02:00","Status":1,"DedupeKey":"tides wait rise cafe"}""";

    private const string SqliteMinimal =
        """{"Id":1,"Text":"Hi.","SpeakerKey":"","Scope":"global","AddedBy":"system","AddedAt":"2024-05-01T00:00:00+00:00","Status":0,"DedupeKey":"hi"}""";

    // Rows exactly as the PostgreSQL store's audit log has written them (its former AuditJson).
    private const string PostgresFull =
        """{"id":7,"text":"Tides \u003Cwait\u003E \u0026 \u0022rise\u0022, caf\u00E9","speaker":"Mara Holt","speakerKey":"mara holt","outlet":"Harbor Post","title":"Tides","url":"https://example.com/t?a=1\u0026b=2","published":"2024-05-01","paragraph":"The paragraph.","before":"Before.","after":"After.","audience":"the council","scope":"tg:-100123","addedBy":"tg:5","addedAt":"2024-05-01T10:20:30.1230000\u002B02:00","status":1,"dedupeKey":"tides wait rise cafe"}""";

    private const string PostgresMinimal =
        """{"id":1,"text":"Hi.","speakerKey":"","scope":"global","addedBy":"system","addedAt":"2024-05-01T00:00:00.0000000\u002B00:00","status":0,"dedupeKey":"hi"}""";

    // The same full row as jsonb gives it back: keys reordered, spaces after separators, no escapes.
    private const string PostgresFullFromJsonb =
        """{"id": 7, "url": "https://example.com/t?a=1&b=2", "text": "Tides <wait> & \"rise\", café", "after": "After.", "scope": "tg:-100123", "title": "Tides", "before": "Before.", "outlet": "Harbor Post", "status": 1, "addedAt": "2024-05-01T10:20:30.1230000+02:00", "addedBy": "tg:5", "speaker": "Mara Holt", "audience": "the council", "dedupeKey": "tides wait rise cafe", "paragraph": "The paragraph.", "published": "2024-05-01", "speakerKey": "mara holt"}""";

    [Fact]
    public void Write_PascalStyle_MatchesRowsTheSqliteStoreHasStored()
    {
        Assert.Equal(SqliteFull, QuoteSnapshotJson.Write(Full, QuoteSnapshotStyle.Pascal));
        Assert.Equal(SqliteMinimal, QuoteSnapshotJson.Write(Minimal, QuoteSnapshotStyle.Pascal));
    }

    [Fact]
    public void Write_CamelStyle_MatchesRowsThePostgresStoreHasStored()
    {
        Assert.Equal(PostgresFull, QuoteSnapshotJson.Write(Full, QuoteSnapshotStyle.Camel));
        Assert.Equal(PostgresMinimal, QuoteSnapshotJson.Write(Minimal, QuoteSnapshotStyle.Camel));
    }

    [Theory]
    [InlineData(SqliteFull, QuoteSnapshotStyle.Pascal)]
    [InlineData(PostgresFull, QuoteSnapshotStyle.Camel)]
    [InlineData(PostgresFullFromJsonb, QuoteSnapshotStyle.Camel)]
    public void Read_StoredFullRow_RestoresEveryFieldAndTheOffset(string json, QuoteSnapshotStyle style)
    {
        var quote = QuoteSnapshotJson.Read(json, style);

        Assert.Equal(Full, quote);
        Assert.Equal(TimeSpan.FromHours(2), quote!.AddedAt.Offset);
    }

    [Theory]
    [InlineData(SqliteMinimal, QuoteSnapshotStyle.Pascal)]
    [InlineData(PostgresMinimal, QuoteSnapshotStyle.Camel)]
    public void Read_StoredMinimalRow_LeavesSourceAndContextEmpty(string json, QuoteSnapshotStyle style)
    {
        var quote = QuoteSnapshotJson.Read(json, style);

        Assert.Equal(Minimal, quote);
        Assert.Equal(QuoteSource.None, quote!.Source);
        Assert.Null(quote.Context);
    }

    [Theory]
    [InlineData(QuoteSnapshotStyle.Pascal)]
    [InlineData(QuoteSnapshotStyle.Camel)]
    public void WriteThenRead_EitherStyle_GivesTheSameQuoteBack(QuoteSnapshotStyle style)
    {
        var context = Full with { Context = new QuoteContext("Only the paragraph."), Source = Full.Source with { Published = null } };

        foreach (var quote in new[] { Full, Minimal, context })
        {
            Assert.Equal(quote, QuoteSnapshotJson.Read(QuoteSnapshotJson.Write(quote, style), style));
        }
    }

    [Theory]
    [InlineData(QuoteSnapshotStyle.Pascal)]
    [InlineData(QuoteSnapshotStyle.Camel)]
    public void Write_NullQuote_ReturnsNull(QuoteSnapshotStyle style) =>
        Assert.Null(QuoteSnapshotJson.Write(null, style));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("null")]
    public void Read_NullEmptyOrJsonNull_ReturnsNull(string? json)
    {
        Assert.Null(QuoteSnapshotJson.Read(json, QuoteSnapshotStyle.Pascal));
        Assert.Null(QuoteSnapshotJson.Read(json, QuoteSnapshotStyle.Camel));
    }

    [Theory]
    [InlineData("""{"Id":1,"Text":"Hi.","Scope":" ","AddedAt":"2024-05-01T00:00:00+00:00"}""", QuoteSnapshotStyle.Pascal)]
    [InlineData("""{"id":1,"text":"Hi.","scope":"","addedAt":"2024-05-01T00:00:00.0000000+00:00"}""", QuoteSnapshotStyle.Camel)]
    [InlineData("""{"id":1,"text":"Hi.","addedAt":"2024-05-01T00:00:00.0000000+00:00"}""", QuoteSnapshotStyle.Camel)]
    public void Read_BlankOrMissingScope_ReadsAsGlobal(string json, QuoteSnapshotStyle style) =>
        Assert.Equal(Scope.Global, QuoteSnapshotJson.Read(json, style)!.Scope);
}
