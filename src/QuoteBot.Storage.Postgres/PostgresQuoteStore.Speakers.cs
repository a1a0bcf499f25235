using Npgsql;
using QuoteBot.Core.Model;
using QuoteBot.Core.Storage;

namespace QuoteBot.Storage.Postgres;

public sealed partial class PostgresQuoteStore
{
    /// <summary>
    /// A speaker's quotes by number (see <see cref="IQuoteSearch.SpeakerQuoteAtAsync"/>): the matching speakers'
    /// (speaker, scope) groups in id and scope order, each group's size from the top of its speaker_slots range, and
    /// the quote from one primary-key lookup, in one statement (one snapshot).
    /// </summary>
    public async Task<SpeakerSlot> SpeakerQuoteAtAsync(string speaker, Visibility visibility, long position, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(speaker);
        ArgumentNullException.ThrowIfNull(visibility);
        return await _db.ReadAsync(async conn =>
        {
            var speakers = await MatchingSpeakersAsync(conn, speaker, ct);
            if (speakers.Ids.Length == 0)
            {
                return SpeakerSlot.None;
            }

            // speaker_counts has a row for every (speaker, scope) that ever had an active quote; the slots give the size.
            await using var cmd = new NpgsqlCommand(
                "WITH g AS (SELECT c.speaker_id, c.scope, " +
                "(SELECT max(x.slot) + 1 FROM speaker_slots x WHERE x.speaker_id = c.speaker_id AND x.scope = c.scope) AS n " +
                "FROM speaker_counts c WHERE c.speaker_id = ANY(@sp) AND (@all OR c.scope IN ('global', @scope))), " +
                "p AS (SELECT speaker_id, scope, n, sum(n) OVER (ORDER BY speaker_id, scope COLLATE \"C\") - n AS start FROM g WHERE n IS NOT NULL), " +
                "t AS (SELECT coalesce(sum(n), 0)::bigint AS total FROM p) " +
                $"SELECT {Prefixed("q")}, t.total FROM t " +
                "LEFT JOIN p ON @pos >= p.start AND @pos < p.start + p.n " +
                "LEFT JOIN speaker_slots s ON s.speaker_id = p.speaker_id AND s.scope = p.scope AND s.slot = @pos - p.start " +
                "LEFT JOIN quotes q ON q.id = s.quote_id AND q.status = 0",
                conn);
            cmd.Parameters.AddWithValue("sp", speakers.Ids);
            cmd.Parameters.AddWithValue("all", visibility.Scope is null);
            cmd.Parameters.AddWithValue("scope", visibility.Scope?.Key ?? "");
            cmd.Parameters.AddWithValue("pos", position);
            await using var r = await cmd.ExecuteReaderAsync(ct);
            if (!await r.ReadAsync(ct))
            {
                return SpeakerSlot.None;
            }

            var count = r.GetInt64(r.FieldCount - 1);
            return new SpeakerSlot(count, r.IsDBNull(0) ? null : ReadQuote(r));
        }, ct);
    }
}
