using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;
using QuoteBot.Core.Model;
using QuoteBot.Core.Storage;
using QuoteBot.Core.Text;

namespace QuoteBot.Storage.Sqlite;

/// <summary>Row mapping: a quotes row to a <see cref="Quote"/>, and the text forms stored for times, dates and keys.</summary>
public sealed partial class SqliteQuoteStore
{
    /// <summary>
    /// A quote from a row read with <c>QuoteColumns</c>. The speaker key and the dedupe key are not stored (migrations
    /// 13 and 7): both are functions of the row's speaker and text, computed here as every writer computes them.
    /// </summary>
    private static Quote ReadQuote(SqliteDataReader r)
    {
        string? Str(int i) => r.IsDBNull(i) ? null : r.GetString(i);
        var published = Str(6);
        var paragraph = Str(7);
        var text = r.GetString(1);
        var speaker = Str(2);
        return new Quote
        {
            Id = r.GetInt64(0),
            Text = text,
            Speaker = speaker,
            SpeakerKey = TextFolding.SpeakerKey(speaker),
            Source = new QuoteSource(Str(3), Str(4), Str(5),
                published is null ? null : DateOnly.ParseExact(published, "yyyy-MM-dd", CultureInfo.InvariantCulture)),
            Context = paragraph is null ? null : new QuoteContext(paragraph, Str(8), Str(9), Str(10)),
            Scope = new Scope(r.GetString(11)),
            AddedBy = r.GetString(12),
            AddedAt = ParseTime(r.GetString(13)),
            Status = (QuoteStatus)r.GetInt32(14),
            DedupeKey = TextFolding.DedupeKey(text, speaker),
        };
    }

    /// <summary>
    /// Whether quote rows still have the speaker_key column: only a file a test holds below migration 13
    /// (<see cref="SqliteStoreOptions.SchemaLimit"/>), whose old triggers may read it. Writers then fill it.
    /// </summary>
    private bool RowsHoldSpeakerKey => _db.Options.SchemaLimit is < 13;

    /// <summary>The insert column list's speaker_key part (with its comma) while <see cref="RowsHoldSpeakerKey"/>, else empty.</summary>
    private string SpeakerKeyColumn => RowsHoldSpeakerKey ? "speaker_key, " : "";

    /// <summary>The parameter of <see cref="SpeakerKeyColumn"/> (with its comma), or empty.</summary>
    private string SpeakerKeyValue => RowsHoldSpeakerKey ? "@skey, " : "";

    /// <summary>SQL function <c>qb_dedupe_key(text, speaker)</c>: <see cref="TextFolding.DedupeKey"/>, registered on every connection.</summary>
    internal const string DedupeKeyFunction = "qb_dedupe_key";

    /// <summary>
    /// SQL that finds the quotes whose 64-bit dedupe hash equals <paramref name="hash"/> (an expression) through the
    /// dedupe index, which keys the high 32 bits only (migration 9). The unary plus keeps SQLite's constant propagation
    /// from putting the hash's value into the indexed expression, which hides the index from the planner (the sqlite3
    /// 3.40 shell then scans the table; SqliteDiskTests checks the plans on the bundled SQLite).
    /// </summary>
    internal static string DedupeSeek(string hash, string table = "") =>
        $"({table}dedupe_hash >> 32) = (({hash}) >> 32) AND +{table}dedupe_hash = {hash}";

    /// <summary>
    /// A time as stored (quotes.added_at, audit.at, articles.fetched_at): the round-trip form, shortened for UTC times
    /// to "Z" and the significant digits of the fraction ("2026-03-01T12:00:00Z" instead of
    /// "2026-03-01T12:00:00.0000000+00:00", 13 bytes less); <see cref="ParseTime"/> reads both forms to the same tick
    /// and offset.
    /// </summary>
    internal static string FormatTime(DateTimeOffset t) => t.Offset == TimeSpan.Zero
        ? t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture)
        : t.ToString("O", CultureInfo.InvariantCulture);

    internal static DateTimeOffset ParseTime(string s) => DateTimeOffset.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);

    private static string? FormatDate(DateOnly? d) => d?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    internal static long DedupeHash(string key)
    {
        // The first 8 bytes of the SHA-256 of the key's UTF-8, encoded into a stack or pooled buffer (not a new array per quote).
        Span<byte> hash = stackalloc byte[32];
        var max = Encoding.UTF8.GetMaxByteCount(key.Length);
        byte[]? rented = null;
        var utf8 = max <= 1024 ? stackalloc byte[1024] : (rented = ArrayPool<byte>.Shared.Rent(max));
        try
        {
            SHA256.HashData(utf8[..Encoding.UTF8.GetBytes(key, utf8)], hash);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }

        return BitConverter.ToInt64(hash[..8]);
    }
}
