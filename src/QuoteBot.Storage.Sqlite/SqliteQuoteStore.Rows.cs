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
    private static Quote ReadQuote(SqliteDataReader r)
    {
        string? Str(int i) => r.IsDBNull(i) ? null : r.GetString(i);
        var published = Str(7);
        var paragraph = Str(8);
        var text = r.GetString(1);
        var speaker = Str(2);
        return new Quote
        {
            Id = r.GetInt64(0),
            Text = text,
            Speaker = speaker,
            SpeakerKey = r.GetString(3),
            Source = new QuoteSource(Str(4), Str(5), Str(6),
                published is null ? null : DateOnly.ParseExact(published, "yyyy-MM-dd", CultureInfo.InvariantCulture)),
            Context = paragraph is null ? null : new QuoteContext(paragraph, Str(9), Str(10), Str(11)),
            Scope = new Scope(r.GetString(12)),
            AddedBy = r.GetString(13),
            AddedAt = DateTimeOffset.Parse(r.GetString(14), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
            Status = (QuoteStatus)r.GetInt32(15),
            DedupeKey = TextFolding.DedupeKey(text, speaker), // not stored (migration 7): a function of the two
        };
    }

    /// <summary>SQL function <c>qb_dedupe_key(text, speaker)</c>: <see cref="TextFolding.DedupeKey"/>, registered on every connection.</summary>
    internal const string DedupeKeyFunction = "qb_dedupe_key";

    private static string FormatTime(DateTimeOffset t) => t.ToString("O", CultureInfo.InvariantCulture);

    private static string? FormatDate(DateOnly? d) => d?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    internal static long DedupeHash(string key)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(key), hash);
        return BitConverter.ToInt64(hash[..8]);
    }
}
