using System.Buffers;
using System.Globalization;
using System.IO.Compression;
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
        var text = ReadText(r, 1);
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
            AddedAt = ParseTime(r.GetString(14)),
            Status = (QuoteStatus)r.GetInt32(15),
            DedupeKey = TextFolding.DedupeKey(text, speaker), // not stored (migration 7): a function of the two
        };
    }

    /// <summary>SQL function <c>qb_dedupe_key(text, speaker)</c>: <see cref="TextFolding.DedupeKey"/> of the stored text (packed or not), registered on every connection.</summary>
    internal const string DedupeKeyFunction = "qb_dedupe_key";

    /// <summary>SQL function <c>qb_text(text)</c>: a quotes.text value as text (<see cref="UnpackText(object?)"/>), registered on every connection.</summary>
    internal const string TextFunction = "qb_text";

    /// <summary>SQL function <c>qb_pack(text)</c>: the stored form of a text (<see cref="StoredText"/>), registered on every connection (migration 13).</summary>
    internal const string PackFunction = "qb_pack";

    /// <summary>The first byte of a packed text: a Brotli stream of the text's UTF-8 follows (quality <see cref="PackQuality"/>, window 2^<see cref="PackWindow"/>).</summary>
    internal const byte PackedBrotli = 1;

    /// <summary>
    /// Brotli quality 3 with the smallest window: measured on 10,000 bench quotes (made-up words, 251 bytes) and 1,773
    /// English paragraphs of the test articles (203 bytes), it keeps 63 % and 71 % of the bytes for 11–13 µs of CPU a
    /// row, where Deflate keeps 62 % and 71 % for 14–20 µs (its state is larger to set up for a short text) and Brotli
    /// quality 2 keeps 69 % and 79 % for 5–6 µs. Unpacking costs about 5 µs a row either way.
    /// </summary>
    internal const int PackQuality = 3;

    internal const int PackWindow = 10;

    /// <summary>Texts shorter than this many characters are stored as they are (a few words rarely get smaller).</summary>
    internal const int PackMinimumLength = 48;

    /// <summary>
    /// The stored form of a quote's text (issue 16, migration 13): a BLOB of <see cref="PackedBrotli"/> and the Brotli
    /// stream of its UTF-8 when that is smaller than the UTF-8 itself, otherwise null (the text is stored as it is).
    /// A quote's text is most of its row (252 of 435 bytes in the bench corpus). Every reader of quotes.text goes
    /// through <see cref="ReadText"/>, <see cref="UnpackText(object?)"/> or the SQL functions <c>qb_text</c> and
    /// <c>qb_dedupe_key</c>, which take both forms.
    /// </summary>
    internal static byte[]? PackText(string text)
    {
        if (text.Length < PackMinimumLength)
        {
            return null;
        }

        var max = Encoding.UTF8.GetMaxByteCount(text.Length);
        var rented = ArrayPool<byte>.Shared.Rent(2 * max);
        try
        {
            var utf8 = rented.AsSpan(0, max);
            var n = Encoding.UTF8.GetBytes(text, utf8);
            var packed = rented.AsSpan(max, max);
            if (!BrotliEncoder.TryCompress(utf8[..n], packed, out var written, PackQuality, PackWindow) || written + 1 >= n)
            {
                return null; // no smaller
            }

            var stored = new byte[written + 1];
            stored[0] = PackedBrotli;
            packed[..written].CopyTo(stored.AsSpan(1));
            return stored;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>What quotes.text is given for <paramref name="text"/>: the packed BLOB, or the text when packing saves nothing.</summary>
    internal static object StoredText(string text) => (object?)PackText(text) ?? text;

    /// <summary>A quotes.text value as text: a TEXT as it is, a packed BLOB unpacked; null stays null.</summary>
    internal static string? UnpackText(object? stored) => stored switch
    {
        null or DBNull => null,
        string s => s,
        byte[] b => UnpackText(b),
        _ => throw new InvalidDataException($"A quote's text is stored as {stored.GetType().Name}, neither text nor a packed text."),
    };

    /// <summary>The text of a packed BLOB (<see cref="PackText"/>); <see cref="InvalidDataException"/> for anything else.</summary>
    internal static string UnpackText(byte[] packed)
    {
        if (packed.Length < 2 || packed[0] != PackedBrotli)
        {
            throw new InvalidDataException($"A quote's packed text has an unknown format ({packed.Length} bytes{(packed.Length == 0 ? "" : ", first " + packed[0].ToString(CultureInfo.InvariantCulture))}).");
        }

        // A text is at most QuoteRules.MaxTextLength characters (6,000 UTF-8 bytes); the buffer grows for anything longer.
        for (var size = 8192; size <= 1 << 20; size *= 4)
        {
            var buffer = ArrayPool<byte>.Shared.Rent(size);
            try
            {
                if (BrotliDecoder.TryDecompress(packed.AsSpan(1), buffer, out var n))
                {
                    return Encoding.UTF8.GetString(buffer, 0, n);
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        throw new InvalidDataException($"A quote's packed text ({packed.Length} bytes) does not unpack.");
    }

    /// <summary>Column <paramref name="i"/> of <paramref name="r"/>, a quotes.text value (packed or not), as text.</summary>
    internal static string ReadText(SqliteDataReader r, int i) =>
        r.GetFieldType(i) == typeof(byte[]) ? UnpackText(r.GetFieldValue<byte[]>(i)) : r.GetString(i);

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
