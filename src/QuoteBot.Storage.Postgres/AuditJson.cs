using QuoteBot.Core.Model;
using QuoteBot.Core.Storage;

namespace QuoteBot.Storage.Postgres;

/// <summary>
/// A quote as this store's audit log keeps it (jsonb): the shared <see cref="QuoteSnapshotJson"/> in the
/// <see cref="QuoteSnapshotStyle.Camel"/> style its rows have always been written in.
/// </summary>
internal static class AuditJson
{
    public static string? Write(Quote? q) => QuoteSnapshotJson.Write(q, QuoteSnapshotStyle.Camel);

    public static Quote? Read(string? json) => QuoteSnapshotJson.Read(json, QuoteSnapshotStyle.Camel);
}
