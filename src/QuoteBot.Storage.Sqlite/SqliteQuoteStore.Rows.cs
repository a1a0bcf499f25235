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
        var paragraph = ReadText(r, 7);
        var text = ReadText(r, 1)!;
        var speaker = Str(2);
        return new Quote
        {
            Id = r.GetInt64(0),
            Text = text,
            Speaker = speaker,
            SpeakerKey = TextFolding.SpeakerKey(speaker),
            Source = new QuoteSource(Str(3), ReadText(r, 4), Str(5), ReadDate(r, 6)),
            Context = paragraph is null ? null : new QuoteContext(paragraph, ReadText(r, 8), ReadText(r, 9), Str(10)),
            Scope = new Scope(r.GetString(11)),
            AddedBy = r.GetString(12),
            AddedAt = ReadTime(r, 13),
            Status = (QuoteStatus)r.GetInt32(14),
            DedupeKey = TextFolding.DedupeKey(text, speaker),
        };
    }

    /// <summary>
    /// A text column as stored: TEXT, or since migration 16 a BLOB packed by <see cref="TextPacking"/> (the quote's
    /// text, source title, context paragraph, before and after); null for NULL.
    /// </summary>
    internal static string? ReadText(SqliteDataReader r, int i) => r.IsDBNull(i) ? null
        : r.GetFieldType(i) == typeof(byte[]) ? TextPacking.Unpack(r.GetFieldValue<byte[]>(i))
        : r.GetString(i);

    /// <summary>A stored text value (TEXT or a packed BLOB, from SQL) as its text.</summary>
    internal static string? StoredTextValue(object? value) => value switch
    {
        null or DBNull => null,
        byte[] packed => TextPacking.Unpack(packed),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture),
    };

    /// <summary>
    /// Whether rows are written in migration 16's form: long texts packed (<see cref="TextPacking"/>) and the speaker
    /// left NULL when it is its speakers row's name. Every file but one a test holds below 16.
    /// </summary>
    private bool RowsPacked => _db.Options.SchemaLimit is not < 16;

    /// <summary>A text as a row stores it: packed when that is smaller (migration 16), else the text; null for null.</summary>
    private object? StoredText(string? text) => text is null ? null : RowsPacked && TextPacking.Pack(text) is { } packed ? packed : text;

    /// <summary>
    /// The speaker as a row stores it (migration 16): NULL when it is exactly the name of its speakers row, which the
    /// readers take instead (<see cref="SpeakerOf"/>), else the speaker as given.
    /// </summary>
    private string? StoredSpeaker(SqliteSession s, string? speaker, long? speakerId) =>
        RowsPacked && speakerId is { } id && speaker is not null && string.Equals(SpeakerName(s, id), speaker, StringComparison.Ordinal) ? null : speaker;

    /// <summary>
    /// SQL: a quote row's speaker, from the row or, where it holds NULL beside a speakers row (migration 16), that row's
    /// name. <paramref name="table"/> is the quotes table's name or alias with its dot, or empty.
    /// </summary>
    internal static string SpeakerOf(string table) =>
        $"coalesce({table}speaker, (SELECT name FROM speakers WHERE speakers.id = {table}speaker_id))";

    /// <summary><see cref="SpeakerOf"/> for <c>FROM quotes</c>.</summary>
    internal const string SpeakerColumn = "coalesce(quotes.speaker, (SELECT name FROM speakers WHERE speakers.id = quotes.speaker_id))";

    /// <summary>The name of a speakers row (never changed once written), cached like the ids.</summary>
    private string SpeakerName(SqliteSession s, long id)
    {
        if (_speakerNames.TryGetValue(id, out var known) || _pendingSpeakerNames.TryGetValue(id, out known))
        {
            return known;
        }

        var name = (string)s.Scalar("SELECT name FROM speakers WHERE id = @id", ("@id", id))!;
        _pendingSpeakerNames[id] = name;
        return name;
    }

    /// <summary>
    /// Whether rows keep a source link's scheme and host ("https://example.org/") as a names id (url_host_id) and
    /// source_url the rest (migration 18): every file but one a test holds below 18.
    /// </summary>
    private bool RowsSplitUrl => _db.Options.SchemaLimit is not < 18;

    /// <summary>The url_host_id part of the insert and update statements (with its comma) while <see cref="RowsSplitUrl"/>, else empty.</summary>
    private string UrlHostColumn => RowsSplitUrl ? "url_host_id, " : "";

    /// <summary>The parameter of <see cref="UrlHostColumn"/> (with its comma), or empty.</summary>
    private string UrlHostValue => RowsSplitUrl ? "@host, " : "";

    /// <summary>
    /// A source link as a row stores it (migration 18): the names id of its scheme and host up to the first slash after
    /// "://" (created on first use, like an outlet's), and the rest; a link without that form (or none) is kept whole.
    /// </summary>
    private (long? Host, string? Path) StoredUrl(SqliteSession s, string? url)
    {
        var n = UrlHostLength(url);
        return RowsSplitUrl && n > 0 ? (NameId(s, url![..n]), url[n..]) : (null, url);
    }

    /// <summary>
    /// <see cref="StoredUrl"/> bound to a bulk insert: the host's names id to <paramref name="hostIndex"/>, the rest (or
    /// the whole link) to <paramref name="pathIndex"/>, without a string made for either part once the host has its id.
    /// </summary>
    private void BindUrl(SqliteSession s, BulkStatement insert, int hostIndex, int pathIndex, string? url)
    {
        var n = RowsSplitUrl ? UrlHostLength(url) : 0;
        if (n == 0)
        {
            insert.BindStored(hostIndex, null).Bind(pathIndex, url);
            return;
        }

        var host = url.AsSpan(0, n);
        var id = _nameIds.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(host, out var known)
                 || _pendingNameIds.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(host, out known)
            ? known
            : NameId(s, host.ToString())!.Value;
        insert.Bind(hostIndex, id).Bind(pathIndex, url.AsSpan(n));
    }

    /// <summary>
    /// The length of a link's "scheme://host/" (through the first slash after "://"), 0 when it has none; the SQL of
    /// migration 18 (SqliteSchema.UrlHostLength) cuts existing links at the same place.
    /// </summary>
    internal static int UrlHostLength(string? url)
    {
        var scheme = url is null ? -1 : url.IndexOf("://", StringComparison.Ordinal);
        var slash = scheme > 0 ? url!.IndexOf('/', scheme + 3) : -1;
        return slash + 1;
    }

    /// <summary>A publication date as stored: the day number (migration 15) or, in an older row, "yyyy-MM-dd".</summary>
    private static DateOnly? ReadDate(SqliteDataReader r, int i) => r.IsDBNull(i) ? null
        : r.GetFieldType(i) == typeof(long) ? DateOnly.FromDayNumber(checked((int)r.GetInt64(i)))
        : DateOnly.ParseExact(r.GetString(i), "yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>An add time as stored: UTC ticks (migration 15) or the text of <see cref="FormatTime"/> (other offsets, older rows).</summary>
    private static DateTimeOffset ReadTime(SqliteDataReader r, int i) =>
        r.GetFieldType(i) == typeof(long) ? new DateTimeOffset(r.GetInt64(i), TimeSpan.Zero) : ParseTime(r.GetString(i));

    /// <summary>
    /// Whether quote rows have migration 15's compact columns (outlet_id, published_day, added_by_id, UTC ticks in
    /// added_at): every file but one a test holds below 15 (<see cref="SqliteStoreOptions.SchemaLimit"/>).
    /// </summary>
    private bool RowsCompact => _db.Options.SchemaLimit is not < 15;

    private string OutletColumn => RowsCompact ? "outlet_id" : "source_outlet";

    private string PublishedColumn => RowsCompact ? "published_day" : "source_published";

    private string AddedByColumn => RowsCompact ? "added_by_id" : "added_by";

    /// <summary>The outlet as the row stores it: its names id, or the text before migration 15.</summary>
    private object? OutletValue(SqliteSession s, Quote q) => RowsCompact ? NameId(s, q.Source.Outlet) : (object?)q.Source.Outlet;

    private object? AddedByValue(SqliteSession s, Quote q) => RowsCompact ? NameId(s, q.AddedBy) : (object?)q.AddedBy;

    private object? PublishedValue(Quote q) => RowsCompact ? q.Source.Published?.DayNumber : (object?)FormatDate(q.Source.Published);

    private object AddedAtValue(DateTimeOffset t) => RowsCompact ? StoredTime(t) : FormatTime(t);

    /// <summary>An add time as migration 15 stores it: a UTC time as its ticks (8 bytes), any other as <see cref="FormatTime"/>'s text.</summary>
    internal static object StoredTime(DateTimeOffset t) => t.Offset == TimeSpan.Zero ? t.UtcTicks : FormatTime(t);

    /// <summary>
    /// The names row of a string (an outlet, an adder), created on first use; null for null. Ids are cached once their
    /// rows are committed (as speaker ids are): a rolled-back row's id may be given to another name.
    /// </summary>
    private long? NameId(SqliteSession s, string? name)
    {
        if (name is null)
        {
            return null;
        }

        if (_nameIds.TryGetValue(name, out var known) || _pendingNameIds.TryGetValue(name, out known))
        {
            return known;
        }

        var id = Convert.ToInt64(s.Scalar("SELECT id FROM names WHERE name = @n", ("@n", name))
            ?? s.Scalar("INSERT INTO names(name) VALUES (@n) RETURNING id", ("@n", name)), CultureInfo.InvariantCulture);
        _pendingNameIds[name] = id;
        return id;
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
