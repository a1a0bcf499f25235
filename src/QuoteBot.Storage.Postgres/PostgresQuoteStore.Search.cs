using System.Text;
using Npgsql;
using QuoteBot.Core.Model;
using QuoteBot.Core.Search;
using QuoteBot.Core.Storage;
using QuoteBot.Core.Text;

namespace QuoteBot.Storage.Postgres;

public sealed partial class PostgresQuoteStore
{
    private const string Config = PostgresSchema.TextConfig;

    /// <summary>
    /// Ranked matches. The words reach PostgreSQL only as a bound parameter of <c>to_tsquery</c>, built from the
    /// parser's folded words after checking again that each is letters and digits only. To stay fast when a word is in
    /// most quotes, only the newest <see cref="PostgresStoreOptions.RankCandidates"/> matches are ranked (ts_rank with
    /// weights text A &gt; speaker B &gt; title C, normalized by length); see docs/scale-out.md.
    /// </summary>
    public async Task<SearchPage> SearchAsync(QuoteQuery query, Visibility visibility, int offset, int limit, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(visibility);
        offset = Math.Max(0, offset);
        limit = Math.Clamp(limit, 0, 100);
        var empty = new SearchPage([], false);
        if (limit == 0)
        {
            return empty;
        }

        if (query.Id is { } id)
        {
            if (id <= 0 || offset > 0)
            {
                return empty;
            }

            var q = await GetAsync(id, ct);
            return q is { Status: QuoteStatus.Active } && visibility.CanSee(q.Scope) ? new SearchPage([q], false) : empty;
        }

        var positive = BuildPositive(query);
        if (positive is null && query.Speaker is null)
        {
            return empty; // nothing positive to match: an empty query, or only -words
        }

        return await _db.ReadAsync(async conn =>
        {
            long[]? speakers = null;
            if (query.Speaker is { } speaker)
            {
                speakers = await MatchingSpeakersAsync(conn, speaker, ct);
                if (speakers.Length == 0)
                {
                    return empty;
                }
            }

            var excluded = BuildExcluded(query);
            return positive is null
                ? await SearchBySpeakerAsync(conn, speakers!, excluded, visibility, offset, limit, ct)
                : await SearchTextAsync(conn, positive, excluded, speakers, visibility, offset, limit, ct);
        }, ct);
    }

    private async Task<SearchPage> SearchTextAsync(NpgsqlConnection conn, string positive, string? excluded, long[]? speakers,
        Visibility visibility, int offset, int limit, CancellationToken ct)
    {
        var tsquery = excluded is null ? positive : positive + " & !(" + excluded + ")";
        var where = new StringBuilder($"status = 0 AND search @@ to_tsquery('{Config}', @q)");
        if (visibility.Scope is not null)
        {
            where.Append(" AND scope IN ('global', @scope)");
        }

        if (speakers is not null)
        {
            where.Append(" AND speaker_id = ANY(@sp)");
        }

        // The inner query takes the newest matches (the planner picks a backward primary-key walk for common words
        // and the GIN index for rare ones); only those are ranked.
        var sql =
            $"SELECT {Prefixed("q")}, top.r FROM (" +
            $"SELECT c.id, ts_rank(c.search, to_tsquery('{Config}', @q), 1) AS r FROM (" +
            $"SELECT id, search FROM quotes WHERE {where} ORDER BY id DESC LIMIT @cap) c " +
            "ORDER BY r DESC, c.id DESC LIMIT @lim OFFSET @off) top " +
            "JOIN quotes q ON q.id = top.id ORDER BY top.r DESC, top.id DESC";
        await using var cmd = new NpgsqlCommand(sql, conn);
        cmd.Parameters.AddWithValue("q", tsquery);
        cmd.Parameters.AddWithValue("scope", visibility.Scope?.Key ?? "");
        cmd.Parameters.AddWithValue("sp", speakers ?? []);
        cmd.Parameters.AddWithValue("cap", _db.Options.RankCandidates);
        cmd.Parameters.AddWithValue("lim", limit + 1);
        cmd.Parameters.AddWithValue("off", offset);
        return Page(await ReadQuotesAsync(cmd, ct), limit);
    }

    /// <summary>speaker:name with no words: that speaker's quotes, newest first.</summary>
    private static async Task<SearchPage> SearchBySpeakerAsync(NpgsqlConnection conn, long[] speakers, string? excluded,
        Visibility visibility, int offset, int limit, CancellationToken ct)
    {
        var sql = new StringBuilder($"SELECT {Columns} FROM quotes WHERE status = 0 AND speaker_id = ANY(@sp)");
        if (visibility.Scope is not null)
        {
            sql.Append(" AND scope IN ('global', @scope)");
        }

        if (excluded is not null)
        {
            sql.Append($" AND NOT (search @@ to_tsquery('{Config}', @ex))");
        }

        sql.Append(" ORDER BY id DESC LIMIT @lim OFFSET @off");
        await using var cmd = new NpgsqlCommand(sql.ToString(), conn);
        cmd.Parameters.AddWithValue("sp", speakers);
        cmd.Parameters.AddWithValue("scope", visibility.Scope?.Key ?? "");
        cmd.Parameters.AddWithValue("ex", excluded ?? "");
        cmd.Parameters.AddWithValue("lim", limit + 1);
        cmd.Parameters.AddWithValue("off", offset);
        return Page(await ReadQuotesAsync(cmd, ct), limit);
    }

    private static SearchPage Page(List<Quote> rows, int limit)
    {
        var more = rows.Count > limit;
        return new SearchPage(more ? rows[..limit] : rows, more);
    }

    private static string Prefixed(string alias) =>
        string.Join(", ", Columns.Split(", ").Select(c => alias + "." + c));

    /// <summary>Speakers whose key holds every token of the query's key (TextFolding.SpeakerMatches).</summary>
    private static async Task<long[]> MatchingSpeakersAsync(NpgsqlConnection conn, string speakerQuery, CancellationToken ct)
    {
        var tokens = TextFolding.SpeakerKey(speakerQuery).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (tokens.Length == 0)
        {
            return [];
        }

        var first = tokens[0].Length > MaxTokenLength ? tokens[0][..MaxTokenLength] : tokens[0];
        await using var cmd = new NpgsqlCommand(
            "SELECT s.id, s.speaker_key FROM speaker_tokens t JOIN speakers s ON s.id = t.speaker_id WHERE t.token = @t", conn);
        cmd.Parameters.AddWithValue("t", first);
        var ids = new List<long>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            if (TextFolding.SpeakerMatches(r.GetString(1), speakerQuery))
            {
                ids.Add(r.GetInt64(0));
            }
        }

        return ids.ToArray();
    }

    /// <summary>The words and phrases that must match, as tsquery text: 'a' &amp; ('b' &lt;-&gt; 'c'); null when none.</summary>
    internal static string? BuildPositive(QuoteQuery query)
    {
        var parts = new List<string>();
        foreach (var term in query.Terms)
        {
            if (Operand(term) is { } o)
            {
                parts.Add(o);
            }
        }

        foreach (var phrase in query.Phrases)
        {
            var words = phrase.Select(Operand).OfType<string>().ToArray();
            if (words.Length == 1)
            {
                parts.Add(words[0]);
            }
            else if (words.Length > 1)
            {
                parts.Add("(" + string.Join(" <-> ", words) + ")");
            }
        }

        return parts.Count == 0 ? null : string.Join(" & ", parts);
    }

    /// <summary>The words that must not match, as 'x' | 'y'; null when none.</summary>
    internal static string? BuildExcluded(QuoteQuery query)
    {
        var words = query.Excluded.Select(Operand).OfType<string>().ToArray();
        return words.Length == 0 ? null : string.Join(" | ", words);
    }

    /// <summary>
    /// One quoted tsquery operand. The parser already folded the word to letters and digits; this checks it again and
    /// drops anything else, so no character with a meaning in tsquery syntax (quotes, :, *, !, &amp;, |, parentheses)
    /// ever reaches to_tsquery.
    /// </summary>
    internal static string? Operand(string word)
    {
        if (string.IsNullOrEmpty(word))
        {
            return null;
        }

        var sb = new StringBuilder(word.Length + 2);
        foreach (var c in word.Length > 64 ? word[..64] : word)
        {
            if (char.IsLetterOrDigit(c) && !char.IsSurrogate(c))
            {
                sb.Append(c);
            }
        }

        return sb.Length == 0 ? null : "'" + sb + "'";
    }

    public async Task<IReadOnlyList<string>> SuggestSpeakersAsync(string prefix, Visibility visibility, int limit, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(visibility);
        limit = Math.Clamp(limit, 0, 100);
        if (limit == 0)
        {
            return [];
        }

        var folded = TextFolding.Fold(Clean(prefix ?? ""));
        if (folded.Length > 64)
        {
            folded = folded[..64];
        }

        var nameFolded = folded.Contains(' ', StringComparison.Ordinal) ? folded : TextFolding.FoldNameToken(folded);
        const string Max = "\U0010FFFF";
        var sql =
            "SELECT s.name, sum(c.active) AS n FROM speakers s JOIN speaker_counts c ON c.speaker_id = s.id " +
            "WHERE s.id IN (SELECT speaker_id FROM speaker_tokens WHERE (token >= @p1 AND token < @p1e) OR (token >= @p2 AND token < @p2e)) " +
            "AND c.active > 0" + (visibility.Scope is null ? "" : " AND c.scope IN ('global', @scope)") +
            " GROUP BY s.id, s.name ORDER BY n DESC, s.name COLLATE \"C\" LIMIT @lim";
        return await _db.ReadAsync<IReadOnlyList<string>>(async conn =>
        {
            await using var cmd = new NpgsqlCommand(sql, conn);
            cmd.Parameters.AddWithValue("p1", folded);
            cmd.Parameters.AddWithValue("p1e", folded + Max);
            cmd.Parameters.AddWithValue("p2", nameFolded);
            cmd.Parameters.AddWithValue("p2e", nameFolded + Max);
            cmd.Parameters.AddWithValue("scope", visibility.Scope?.Key ?? "");
            cmd.Parameters.AddWithValue("lim", limit);
            var list = new List<string>(limit);
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                list.Add(r.GetString(0));
            }

            return list;
        }, ct);
    }
}
