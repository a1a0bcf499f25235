using System.Collections.Concurrent;
using System.Globalization;
using QuoteBot.Core.Model;
using QuoteBot.Core.Search;
using QuoteBot.Core.Storage;
using QuoteBot.Core.Text;

namespace QuoteBot.Storage.Sqlite;

public sealed partial class SqliteQuoteStore
{
    public Task<SearchPage> SearchAsync(QuoteQuery query, Visibility visibility, int offset, int limit, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(visibility);
        offset = Math.Max(0, offset);
        limit = Math.Clamp(limit, 0, 100);
        var empty = new SearchPage([], false);
        if (limit == 0)
        {
            return Task.FromResult(empty);
        }

        if (!query.HasText && query.Speaker is null)
        {
            return Task.FromResult(empty); // nothing positive to match (an empty query, or only -words)
        }

        if (!query.HasText && !query.HasExclusions)
        {
            return Task.FromResult(Read(s => SearchBySpeaker(s, query.Speaker!, visibility, offset, limit)));
        }

        // The postings index answers every text search once it holds every active quote (the usual case: it is kept in
        // the writers' transactions). While it is being built (a file upgraded from before migration 11, a rebuild after
        // the pair words were chosen or after a row was deleted from outside), the search waits for the build.
        return Read(s => InOneSnapshot(s, () => SearchPostings(s, query, visibility, offset, limit))) is { } page
            ? Task.FromResult(page)
            : SearchAfterBuildAsync(query, visibility, offset, limit, ct);
    }

    private async Task<SearchPage> SearchAfterBuildAsync(QuoteQuery query, Visibility visibility, int offset, int limit, CancellationToken ct)
    {
        while (true)
        {
            await BuildPostingsAsync(ct);
            if (Read(s => InOneSnapshot(s, () => SearchPostings(s, query, visibility, offset, limit))) is { } page)
            {
                return page;
            }
        }
    }

    /// <summary>
    /// Runs a search's statements in one read transaction: the index's state, statistics, postings and the quote rows
    /// then all come from the same committed state, whatever a writer commits meanwhile (WAL snapshots).
    /// </summary>
    private static T InOneSnapshot<T>(SqliteSession s, Func<T> work)
    {
        s.Execute("BEGIN");
        T result;
        try
        {
            result = work();
        }
        catch
        {
            // End the read so the pooled connection holds no old snapshot; SQLite may already have ended it, and
            // the search's own error is the one to report.
            try
            {
                s.Execute("ROLLBACK");
            }
            catch (Microsoft.Data.Sqlite.SqliteException)
            {
            }

            throw;
        }

        s.Execute("COMMIT");
        return result;
    }

    /// <summary>speaker:name alone: that speaker's quotes, newest first.</summary>
    private static SearchPage SearchBySpeaker(SqliteSession s, string speakerQuery, Visibility visibility, int offset, int limit)
    {
        var speakerIds = MatchingSpeakers(s, speakerQuery);
        if (speakerIds.Count == 0)
        {
            return new SearchPage([], false);
        }

        var ids = JsonIds(speakerIds);
        var sql = $"SELECT {QuoteColumns} FROM quotes WHERE speaker_id IN (SELECT value FROM json_each(@ids)) AND status = 0 " +
                  "AND (@all OR scope IN ('global', @scope)) ORDER BY id DESC LIMIT @lim OFFSET @off";
        using var r = s.Command(sql, ("@ids", ids), ("@all", visibility.Scope is null), ("@scope", visibility.Scope?.Key ?? ""),
            ("@lim", limit + 1), ("@off", offset)).ExecuteReader();
        var list = new List<Quote>(limit + 1);
        while (r.Read())
        {
            list.Add(ReadQuote(r));
        }

        var more = list.Count > limit;
        return new SearchPage(more ? list[..limit] : list, more);
    }

    /// <summary>Speakers whose key holds every token of the query's speaker key (TextFolding.SpeakerMatches).</summary>
    private static List<long> MatchingSpeakers(SqliteSession s, string speakerQuery)
    {
        var tokens = TextFolding.SpeakerKey(speakerQuery).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (tokens.Length == 0)
        {
            return [];
        }

        var candidates = new List<(long Id, string Key)>();
        using (var r = s.Command(
                   "SELECT s.id, s.speaker_key FROM speaker_tokens t JOIN speakers s ON s.id = t.speaker_id WHERE t.token = @t",
                   ("@t", tokens[0])).ExecuteReader())
        {
            while (r.Read())
            {
                candidates.Add((r.GetInt64(0), r.GetString(1)));
            }
        }

        return candidates.Where(c => TextFolding.SpeakerMatches(c.Key, speakerQuery)).Select(c => c.Id).ToList();
    }

    /// <summary>For the benchmark: the share of active quotes that hold <paramref name="word"/> (the index's exact counts).</summary>
    internal double WordShare(string word) => Read(s =>
    {
        var tokens = s.Terms!.QueryTokens(word);
        var index = SessionIndex(s, PostingsEpoch(s));
        var (docs, _) = index.Totals();
        return docs == 0 || tokens.Count != 1 ? 0 : (double)index.DocumentFrequency(tokens[0]) / docs;
    });

    /// <summary>For the benchmark: bytes on disk per table and index (dbstat), largest first; empty when dbstat is missing.</summary>
    internal IReadOnlyList<(string Name, long Bytes)> StorageSizes() => Read(s =>
    {
        var list = new List<(string, long)>();
        try
        {
            using var r = s.Command("SELECT name, sum(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC").ExecuteReader();
            while (r.Read())
            {
                list.Add((r.GetString(0), r.GetInt64(1)));
            }
        }
        catch (Microsoft.Data.Sqlite.SqliteException)
        {
            // this SQLite build has no dbstat table
        }

        return (IReadOnlyList<(string, long)>)list;
    });

    private static bool HiddenQuotesExist(SqliteSession s, Scope scope) =>
        Convert.ToInt64(s.Scalar("SELECT EXISTS (SELECT 1 FROM scope_counts WHERE scope NOT IN ('global', @s) AND active > 0)", ("@s", scope.Key)),
            CultureInfo.InvariantCulture) != 0;

    public Task<IReadOnlyList<string>> SuggestSpeakersAsync(string prefix, Visibility visibility, int limit, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(visibility);
        limit = Math.Clamp(limit, 0, 100);
        if (limit == 0)
        {
            return Task.FromResult<IReadOnlyList<string>>([]);
        }

        var folded = TextFolding.Fold(prefix);
        if (folded.Length > 64)
        {
            folded = folded[..64];
        }

        var nameFolded = folded.Contains(' ', StringComparison.Ordinal) ? folded : TextFolding.FoldNameToken(folded);
        const string Max = "\U0010FFFF";
        return Task.FromResult<IReadOnlyList<string>>(Read(s =>
        {
            using var r = s.Command(
                "SELECT s.name, sum(c.active) AS n FROM speakers s JOIN speaker_counts c ON c.speaker_id = s.id " +
                "WHERE s.id IN (SELECT speaker_id FROM speaker_tokens WHERE (token >= @p1 AND token < @p1e) OR (token >= @p2 AND token < @p2e)) " +
                "AND c.active > 0 AND (@all OR c.scope IN ('global', @scope)) " +
                "GROUP BY s.id ORDER BY n DESC, s.name LIMIT @lim",
                ("@p1", folded), ("@p1e", folded + Max), ("@p2", nameFolded), ("@p2e", nameFolded + Max),
                ("@all", visibility.Scope is null), ("@scope", visibility.Scope?.Key ?? ""), ("@lim", limit)).ExecuteReader();
            var list = new List<string>(limit);
            while (r.Read())
            {
                list.Add(r.GetString(0));
            }

            return list;
        }));
    }
}
