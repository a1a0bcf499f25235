using QuoteBot.Core.Model;
using QuoteBot.Core.Storage;
using QuoteBot.Core.Text;

namespace QuoteBot.Tests.Shared;

/// <summary>
/// The quote JSON in a store's audit rows keeps the spelling earlier builds of that store wrote, both ways: what the
/// store writes now is that spelling, and a row an earlier build stored still reads. A store project derives from this
/// class and supplies its spelling (<see cref="OldRow"/>) and raw access to its audit table.
/// </summary>
public abstract class AuditRowFormatContract
{
    private static readonly Actor Alice = new("tg:1", "Alice");

    /// <summary>When the sample quotes were added: a non-zero offset, which every spelling must keep.</summary>
    protected static readonly DateTimeOffset AddedAt = new(2026, 3, 1, 12, 0, 0, TimeSpan.FromHours(1));

    /// <summary>An initialized, empty store; the derived class disposes of it after the test.</summary>
    protected abstract Task<IQuoteStore> OpenAsync();

    /// <summary>
    /// The JSON an earlier build stored for a quote of <see cref="Sample"/> with this id, text, speaker and status
    /// (written out literally, not by the code under test).
    /// </summary>
    protected abstract string OldRow(long id, string text, string speaker, int status);

    /// <summary>The before and after JSON of the quote's audit row for <paramref name="action"/>, as stored.</summary>
    protected abstract Task<(string? Before, string? After)> ReadStoredAsync(long quoteId, string action);

    /// <summary>Stores an audit row as an earlier build would have.</summary>
    protected abstract Task InsertRawAsync(long quoteId, string action, string actorId, DateTimeOffset at, string? before, string? after);

    /// <summary>How the engine gives <paramref name="json"/> back once stored (jsonb reorders and respaces it).</summary>
    protected virtual Task<string> StoredFormAsync(string json) => Task.FromResult(json);

    /// <summary>A quote that fills every optional field but the outlet, title, before, after and audience.</summary>
    protected static NewQuote Sample(string text, string speaker) => new()
    {
        Text = text,
        Speaker = speaker,
        Source = new QuoteSource(null, null, "https://example.com/a?x=1&y=2", new DateOnly(2026, 2, 27)),
        Context = new QuoteContext("The whole paragraph."),
        Scope = Scope.Telegram(-100123),
        AddedBy = Alice.Id,
        AddedAt = AddedAt,
    };

    /// <summary>The speaker key and dedupe key of a sample quote, as the old rows hold them.</summary>
    protected static (string SpeakerKey, string DedupeKey) Keys(string text, string speaker) =>
        (TextFolding.SpeakerKey(speaker), TextFolding.DedupeKey(text, speaker));

    [Fact]
    public async Task SetStatusAsync_AuditRow_IsTheJsonEarlierBuildsWrote()
    {
        var store = await OpenAsync();
        var id = (await store.AddAsync(Sample("The harbour opens at dawn.", "Mara Holt"), Alice)).Quote.Id;

        await store.SetStatusAsync(id, QuoteStatus.Removed, Alice);

        var (before, after) = await ReadStoredAsync(id, "remove");
        Assert.Equal(await StoredFormAsync(OldRow(id, "The harbour opens at dawn.", "Mara Holt", 0)), before);
        Assert.Equal(await StoredFormAsync(OldRow(id, "The harbour opens at dawn.", "Mara Holt", 1)), after);
    }

    [Fact]
    public async Task GetAuditAsync_RowWrittenByEarlierBuild_StillReads()
    {
        var store = await OpenAsync();
        await InsertRawAsync(41, "remove", Alice.Id, AddedAt.AddDays(1),
            OldRow(41, "Nets dry in the sun.", "Ivo Brandt", 0), OldRow(41, "Nets dry in the sun.", "Ivo Brandt", 1));

        var entry = Assert.Single(await store.GetAuditAsync(41));

        var quote = Sample("Nets dry in the sun.", "Ivo Brandt").ToQuote(41);
        Assert.Equal(quote, entry.Before);
        Assert.Equal(quote with { Status = QuoteStatus.Removed }, entry.After);
        Assert.Equal(AddedAt.Offset, entry.After!.AddedAt.Offset);
    }
}
