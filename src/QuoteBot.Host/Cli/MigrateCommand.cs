using System.CommandLine;
using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Npgsql;
using QuoteBot.Core.Daily;
using QuoteBot.Core.Model;
using QuoteBot.Core.Storage;
using QuoteBot.Storage.Postgres;
using QuoteBot.Storage.Sqlite;
using QuoteBot.Storage.Sqlite.Daily;
using Spectre.Console;

namespace QuoteBot.Host.Cli;

/// <summary>
/// <c>quotebot migrate --from sqlite:&lt;path&gt; --to postgres:&lt;connection string&gt;</c>: copies every quote (ids
/// intact, removed ones too), the audit log, the conversation state and the daily-post subscriptions from a SQLite
/// file into PostgreSQL. Safe to run again: quotes already there compare equal, audit rows already there are skipped,
/// state equal to the copy is left, a subscription already there is kept unless the SQLite one was set later.
/// </summary>
/// <remarks>
/// Subscriptions are matched by conversation key (PostgreSQL gives them its own ids; nothing else refers to a
/// subscription id: shuffle bags and rounds are keyed by conversation). Their failure count, last failure and pause
/// are carried over. Of the claims (one row per subscription and posted day) only those of the days that can still be
/// due (UTC dates from two days ago to tomorrow) are copied, sent or not: a post the SQLite bot sent or was
/// sending that day is then not sent again by a PostgreSQL bot started the same day. Older history is left behind.
/// </remarks>
internal static class MigrateCommand
{
    private const int Batch = 1000;
    private const string SqlitePrefix = "sqlite:";
    private const string PostgresPrefix = "postgres:";

    /// <summary>The actor of the "import" audit row each copied quote gets in PostgreSQL.</summary>
    public static readonly Actor Actor = new("migrate", "quotebot migrate");

    public static Command Create()
    {
        var from = new Option<string>("--from") { Description = "The source: sqlite:<path to the .db file>", Required = true };
        var to = new Option<string>("--to") { Description = "The target: postgres:<Npgsql connection string> (a secret: prefer the environment, e.g. --to \"postgres:$PG\")", Required = true };
        var cmd = new Command("migrate", "Copy quotes (ids intact), audit log, state and daily posts from SQLite to PostgreSQL; safe to run again") { from, to };
        cmd.SetAction((parse, ct) => CliApp.Guard(async () =>
        {
            if (Parse(parse.GetValue(from) ?? "", parse.GetValue(to) ?? "") is not { } args)
            {
                return 1;
            }

            return await RunAsync(args.Path, args.ConnectionString, Console.Out, CliProgress.Interactive ? AnsiConsole.Console : null, TimeProvider.System, ct);
        }));
        return cmd;
    }

    /// <summary>The SQLite file and the connection string, or null after printing one line on stderr.</summary>
    private static (string Path, string ConnectionString)? Parse(string source, string target)
    {
        if (!source.StartsWith(SqlitePrefix, StringComparison.OrdinalIgnoreCase) || string.IsNullOrWhiteSpace(source[SqlitePrefix.Length..]))
        {
            CliApp.Fail("--from must be sqlite:<path>, like sqlite:data/quotebot.db.");
            return null;
        }

        if (!target.StartsWith(PostgresPrefix, StringComparison.OrdinalIgnoreCase) || string.IsNullOrWhiteSpace(target[PostgresPrefix.Length..]))
        {
            CliApp.Fail("--to must be postgres:<connection string>, like postgres:Host=db;Username=quotebot;Password=...;Database=quotebot.");
            return null;
        }

        var cs = target[PostgresPrefix.Length..];
        try
        {
            _ = new NpgsqlConnectionStringBuilder(cs);
        }
        catch (ArgumentException ex)
        {
            // Npgsql names the bad keyword, never a value.
            CliApp.Fail("--to is not a valid PostgreSQL connection string: " + ex.Message.ReplaceLineEndings(" "));
            return null;
        }

        var path = Path.GetFullPath(source[SqlitePrefix.Length..]);
        if (!File.Exists(path))
        {
            CliApp.Fail($"There is no SQLite database at {path}.");
            return null;
        }

        return (path, cs);
    }

    /// <summary>
    /// Copies everything: progress as a bar on <paramref name="bar"/> when given, else as lines on
    /// <paramref name="output"/>; the summary lines always go to <paramref name="output"/>. Returns the exit code.
    /// </summary>
    internal static async Task<int> RunAsync(string sqlitePath, string connectionString, TextWriter output, IAnsiConsole? bar, TimeProvider time, CancellationToken ct)
    {
        var sw = Stopwatch.StartNew();
        using var sqlite = new SqliteQuoteStore(sqlitePath);
        await sqlite.InitializeAsync(ct);
        using var sqliteSchedules = new SqliteScheduleStore(sqlitePath);
        await sqliteSchedules.InitializeAsync(ct);
        await using var db = new PostgresDatabase(connectionString);
        await db.InitializeAsync(ct);
        var postgres = new PostgresQuoteStore(db, time);
        var postgresSchedules = new PostgresScheduleStore(db);

        var total = await sqlite.MaxIdAsync(ct);
        var invalid = new List<string>();
        var (quotes, seen) = await CliProgress.RunAsync<long, (ImportSummary, long)>(
            "quotes",
            progress => CopyQuotesAsync(sqlite, postgres, invalid, progress, ct),
            n => new ProgressLine(n, Math.Max(n, total), $"{n:N0} of about {total:N0}"),
            output,
            bar);
        foreach (var line in invalid)
        {
            await output.WriteLineAsync(line);
        }

        await output.WriteLineAsync(
            $"quotes: {seen:N0} copied: {quotes.Added:N0} new, {quotes.Updated:N0} updated, {quotes.Duplicates:N0} already there" +
            (invalid.Count > 0 ? $", {invalid.Count:N0} not copied because they break the quote rules." : "."));

        // The audit log and the state have no listing in the store contracts: their keys come from the file itself.
        var (audited, state) = ReadAuditIdsAndState(sqlitePath);
        var auditRows = await CliProgress.RunAsync<int, int>(
            "audit",
            progress => CopyAuditAsync(sqlite, postgres, audited, progress, ct),
            done => new ProgressLine(done, audited.Count, $"{done:N0} of {audited.Count:N0} quotes"),
            output,
            bar);
        await output.WriteLineAsync($"audit: {auditRows:N0} rows copied for {audited.Count:N0} quotes (rows already there skipped).");

        var there = (await postgres.ListStateAsync(ct)).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
        var stateCopied = 0;
        foreach (var (key, value) in state)
        {
            if (!there.TryGetValue(key, out var old) || old != value)
            {
                await postgres.SetAsync(key, value, ct);
                stateCopied++;
            }
        }

        await output.WriteLineAsync($"state: {stateCopied:N0} entries copied, {state.Count - stateCopied:N0} already there.");

        var daily = await CopySchedulesAsync(sqliteSchedules, postgresSchedules, time.GetUtcNow(), ct);
        await output.WriteLineAsync(
            $"daily posts: {daily.Copied:N0} subscriptions copied, {daily.Unchanged:N0} already there, {daily.KeptNewer:N0} set later in PostgreSQL kept; " +
            $"{daily.Claims:N0} recent days' claims copied.");

        var check = await postgres.MaxIdAsync(ct);
        var changed = quotes.Added + quotes.Updated + auditRows + stateCopied + daily.Copied + daily.Claims;
        await output.WriteLineAsync(check >= total
            ? $"Done in {sw.Elapsed.TotalSeconds:F1} s{(changed == 0 ? "; nothing changed: PostgreSQL already had everything" : "")}. The highest id is {check:N0} in both; new quotes continue after it."
            : $"Done in {sw.Elapsed.TotalSeconds:F1} s, but PostgreSQL's highest id is {check:N0} and SQLite's {total:N0}.");
        return 0;
    }

    /// <summary>
    /// Copies every quote that passes <see cref="QuoteRules"/> (the SQLite file may predate them); each one that does not
    /// is left behind with a line in <paramref name="invalid"/>. The SQLite file is the source: a quote PostgreSQL
    /// holds under the same id is overwritten (audited), so a second run after more changes in SQLite carries them over.
    /// </summary>
    private static async Task<(ImportSummary Summary, long Seen)> CopyQuotesAsync(SqliteQuoteStore sqlite, PostgresQuoteStore postgres, List<string> invalid, IProgress<long> progress, CancellationToken ct)
    {
        var summary = ImportSummary.Zero;
        var seen = 0L;
        var batch = new List<Quote>(Batch);
        await foreach (var q in sqlite.ExportAsync(ct))
        {
            if (QuoteRules.Check(q) is { } problem)
            {
                invalid.Add($"quote #{q.Id} not copied: {problem}.");
                continue;
            }

            batch.Add(q);
            if (batch.Count == Batch)
            {
                summary = summary.Plus(await postgres.RestoreAsync(batch, Actor, RestoreMode.Replace, ct));
                seen += batch.Count;
                batch.Clear();
                progress.Report(seen);
            }
        }

        if (batch.Count > 0)
        {
            summary = summary.Plus(await postgres.RestoreAsync(batch, Actor, RestoreMode.Replace, ct));
            seen += batch.Count;
        }

        progress.Report(seen);
        return (summary, seen);
    }

    /// <summary>Audit rows of up to <see cref="Batch"/> quotes at a time, each batch one PostgreSQL transaction.</summary>
    private static async Task<int> CopyAuditAsync(SqliteQuoteStore sqlite, PostgresQuoteStore postgres, List<long> ids, IProgress<int> progress, CancellationToken ct)
    {
        var added = 0;
        var rows = new List<AuditEntry>();
        for (var start = 0; start < ids.Count; start += Batch)
        {
            rows.Clear();
            var end = Math.Min(ids.Count, start + Batch);
            for (var i = start; i < end; i++)
            {
                rows.AddRange(await sqlite.GetAuditAsync(ids[i], ct));
            }

            added += await postgres.ImportAuditAsync(rows, ct);
            progress.Report(end);
        }

        progress.Report(ids.Count);
        return added;
    }

    private readonly record struct DailyCopy(int Copied, int Unchanged, int KeptNewer, int Claims);

    /// <summary>
    /// Each subscription by conversation key: created, or replaced when the SQLite one was set later; then its
    /// failure state and the claims of the days that can still be due. See the remarks on <see cref="MigrateCommand"/>.
    /// </summary>
    private static async Task<DailyCopy> CopySchedulesAsync(SqliteScheduleStore sqlite, PostgresScheduleStore postgres, DateTimeOffset now, CancellationToken ct)
    {
        var result = new DailyCopy();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        foreach (var sub in await sqlite.ListAsync(ct))
        {
            var target = await postgres.GetAsync(sub.ConversationKey, ct);
            var copy = target is null || target.ActiveSince < sub.ActiveSince;
            if (copy)
            {
                target = await postgres.UpsertAsync(
                    new DailySubscriptionSpec(sub.Platform, sub.ConversationKey, sub.Scope, sub.LocalTime, sub.ZoneId, sub.Query, sub.SetBy, sub.ActiveSince), ct);
                result = result with { Copied = result.Copied + 1 };
            }
            else
            {
                result = SameSettings(target!, sub) ? result with { Unchanged = result.Unchanged + 1 } : result with { KeptNewer = result.KeptNewer + 1 };
            }

            // Any zone's "today" and "yesterday" lie within UTC's yesterday - 1 and tomorrow.
            for (var date = today.AddDays(-2); date <= today.AddDays(1); date = date.AddDays(1))
            {
                if (await sqlite.GetClaimAsync(sub.Id, date, ct) is not { } claim)
                {
                    continue;
                }

                if (await postgres.TryClaimAsync(target!.Id, date, claim.InstanceId, claim.ClaimedAt, ct))
                {
                    result = result with { Claims = result.Claims + 1 };
                    if (claim.SentAt is { } sentAt)
                    {
                        await postgres.MarkSentAsync(target.Id, date, claim.QuoteId, sentAt, ct);
                    }
                }
            }

            if (copy)
            {
                await CopyFailuresAsync(sub, target!.Id, postgres, ct); // after the claims: marking one sent clears the count
            }
        }

        return result;
    }

    /// <summary>Replays the failure count, last failure and pause of <paramref name="sub"/> onto a fresh copy.</summary>
    private static async Task CopyFailuresAsync(DailySubscription sub, long id, PostgresScheduleStore postgres, CancellationToken ct)
    {
        if (await postgres.GetAsync(sub.ConversationKey, ct) is { } now
            && now.ConsecutiveFailures == sub.ConsecutiveFailures && now.Paused == sub.Paused && now.LastFailure == sub.LastFailure
            && now.PauseNotified == sub.PauseNotified)
        {
            return;
        }

        await postgres.ResumeAsync(id, ct); // clears the count and any pause: start from zero
        var times = Math.Max(sub.ConsecutiveFailures, sub.Paused ? 1 : 0);
        for (var i = 1; i <= times; i++)
        {
            await postgres.RecordFailureAsync(id, sub.LastFailure ?? "failed before the migration", sub.Paused ? times : int.MaxValue, ct);
        }

        if (sub.PauseNotified)
        {
            await postgres.MarkPauseNotifiedAsync(id, ct);
        }
    }

    private static bool SameSettings(DailySubscription a, DailySubscription b) =>
        a.Platform == b.Platform && a.Scope == b.Scope && a.LocalTime == b.LocalTime && a.ZoneId == b.ZoneId && a.Query == b.Query
        && a.SetBy == b.SetBy && a.ActiveSince == b.ActiveSince;

    private static (List<long> AuditedIds, List<(string Key, string Value)> State) ReadAuditIdsAndState(string path)
    {
        var cs = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString();
        using var conn = new SqliteConnection(cs);
        conn.Open();
        var ids = new List<long>();
        using (var cmd = conn.CreateCommand())
        {
            cmd.CommandText = "SELECT DISTINCT quote_id FROM audit ORDER BY quote_id";
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                ids.Add(r.GetInt64(0));
            }
        }

        var state = new List<(string, string)>();
        using (var cmd = conn.CreateCommand())
        {
            cmd.CommandText = "SELECT key, value FROM state ORDER BY key";
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                state.Add((r.GetString(0), r.GetString(1)));
            }
        }

        return (ids, state);
    }
}
