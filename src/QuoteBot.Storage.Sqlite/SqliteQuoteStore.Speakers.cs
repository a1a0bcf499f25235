using System.Globalization;
using QuoteBot.Core.Model;
using QuoteBot.Core.Storage;

namespace QuoteBot.Storage.Sqlite;

public sealed partial class SqliteQuoteStore
{
    /// <summary>
    /// A speaker's quotes by number (see <see cref="IQuoteSearch.SpeakerQuoteAtAsync"/>): the matching speakers'
    /// (speaker, scope) groups in id and scope order, each group's size from the top of its speaker_slots range, and
    /// the quote from one primary-key lookup; all in one read snapshot.
    /// </summary>
    public Task<SpeakerSlot> SpeakerQuoteAtAsync(string speaker, Visibility visibility, long position, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(speaker);
        ArgumentNullException.ThrowIfNull(visibility);
        return Task.FromResult(Read(s => InOneSnapshot(s, () => SpeakerSlotAt(s, speaker, visibility, position))));
    }

    private static SpeakerSlot SpeakerSlotAt(SqliteSession s, string speaker, Visibility visibility, long position)
    {
        var speakerIds = MatchingSpeakers(s, speaker);
        if (speakerIds.Count == 0)
        {
            return SpeakerSlot.None;
        }

        // speaker_counts has a row for every (speaker, scope) that ever had an active quote; the slots give the size.
        var groups = new List<(long Speaker, string Scope, long Size)>();
        using (var r = s.Command(
                   "SELECT c.speaker_id, c.scope, (SELECT max(x.slot) + 1 FROM speaker_slots x WHERE x.speaker_id = c.speaker_id AND x.scope = c.scope) " +
                   "FROM speaker_counts c WHERE c.speaker_id IN (SELECT value FROM json_each(@ids)) AND (@all OR c.scope IN ('global', @scope)) " +
                   "ORDER BY c.speaker_id, c.scope",
                   ("@ids", JsonIds(speakerIds)),
                   ("@all", visibility.Scope is null), ("@scope", visibility.Scope?.Key ?? "")).ExecuteReader())
        {
            while (r.Read())
            {
                if (!r.IsDBNull(2))
                {
                    groups.Add((r.GetInt64(0), r.GetString(1), r.GetInt64(2)));
                }
            }
        }

        var count = groups.Sum(g => g.Size);
        var rest = position;
        foreach (var g in position >= 0 ? groups : [])
        {
            if (rest >= g.Size)
            {
                rest -= g.Size;
                continue;
            }

            using var r = s.Command(
                $"SELECT {QuoteColumns} FROM quotes WHERE id = (SELECT quote_id FROM speaker_slots WHERE speaker_id = @sp AND scope = @sc AND slot = @slot) AND status = 0",
                ("@sp", g.Speaker), ("@sc", g.Scope), ("@slot", rest)).ExecuteReader();
            return new SpeakerSlot(count, r.Read() ? ReadQuote(r) : null);
        }

        return new SpeakerSlot(count, null);
    }
}
