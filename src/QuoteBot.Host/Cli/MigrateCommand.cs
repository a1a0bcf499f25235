using System.CommandLine;
using System.Diagnostics;
using Microsoft.Data.Sqlite;
using QuoteBot.Core.Model;
using QuoteBot.Core.Storage;
using QuoteBot.Storage.Postgres;
using QuoteBot.Storage.Sqlite;

namespace QuoteBot.Host.Cli;

/// <summary>
/// <c>quotebot migrate --from sqlite:&lt;path&gt; --to postgres:&lt;connection string&gt;</c>: copies every quote (ids
/// intact, removed ones too), the audit log and the conversation state from a SQLite file into PostgreSQL. Safe to
/// run again: quotes already there compare equal, audit rows already there are skipped, state is overwritten.
/// </summary>
internal static class MigrateCommand
{
    private const int Batch = 1000;

    public static Command Create()
    {
        var from = new Option<string>("--from") { Description = "The source: sqlite:<path to the .db file>", Required = true };
        var to = new Option<string>("--to") { Description = "The target: postgres:<Npgsql connection string> (a secret: prefer the environment, e.g. --to \"postgres:$PG\")", Required = true };
        var cmd = new Command("migrate", "Copy quotes (ids intact), audit log and state from SQLite to PostgreSQL; safe to run again") { from, to };
        cmd.SetAction(async (parse, ct) =>
        {
            var source = parse.GetValue(from) ?? "";
            var target = parse.GetValue(to) ?? "";
            if (!source.StartsWith("sqlite:", StringComparison.OrdinalIgnoreCase) || source.Length <= "sqlite:".Length)
            {
                return Fail("--from must be sqlite:<path>, like sqlite:data/quotebot.db.");
            }

            if (!target.StartsWith("postgres:", StringComparison.OrdinalIgnoreCase) || target.Length <= "postgres:".Length)
            {
                return Fail("--to must be postgres:<connection string>, like postgres:Host=db;Username=quotebot;Password=...;Database=quotebot.");
            }

            var path = Path.GetFullPath(source["sqlite:".Length..]);
            if (!File.Exists(path))
            {
                return Fail($"There is no SQLite database at {path}.");
            }

            try
            {
                return await RunAsync(path, target["postgres:".Length..], Console.Out, ct);
            }
            catch (Exception ex) when (ex is PostgresStoreException or SqliteStoreException or SqliteException or ArgumentException)
            {
                return Fail(ex.Message.ReplaceLineEndings(" "));
            }
        });
        return cmd;
    }

    /// <summary>Copies everything; progress lines go to <paramref name="output"/>. Returns the exit code.</summary>
    internal static async Task<int> RunAsync(string sqlitePath, string connectionString, TextWriter output, CancellationToken ct)
    {
        using var sqlite = new SqliteQuoteStore(sqlitePath);
        await sqlite.InitializeAsync(ct);
        await using var postgres = new PostgresQuoteStore(connectionString);
        await postgres.InitializeAsync(ct);

        var total = await sqlite.MaxIdAsync(ct);
        var actor = new Actor("migrate", "quotebot migrate");
        var sw = Stopwatch.StartNew();
        var summary = ImportSummary.Zero;
        var seen = 0L;
        var batch = new List<Quote>(Batch);
        await foreach (var q in sqlite.ExportAsync(ct))
        {
            batch.Add(q);
            if (batch.Count == Batch)
            {
                summary = summary.Plus(await postgres.RestoreAsync(batch, actor, ct));
                seen += batch.Count;
                batch.Clear();
                if (seen % 20_000 == 0)
                {
                    await output.WriteLineAsync($"quotes: {seen:N0} of about {total:N0} ({seen / Math.Max(0.001, sw.Elapsed.TotalSeconds):N0}/s)");
                }
            }
        }

        if (batch.Count > 0)
        {
            summary = summary.Plus(await postgres.RestoreAsync(batch, actor, ct));
            seen += batch.Count;
        }

        await output.WriteLineAsync($"quotes: {seen:N0} copied: {summary.Added:N0} new, {summary.Updated:N0} updated, {summary.Duplicates:N0} already there.");

        // The audit log and the state have no listing in the store contracts: their keys come from the file itself.
        var (audited, state) = ReadAuditIdsAndState(sqlitePath);
        var auditRows = 0;
        var done = 0;
        foreach (var id in audited)
        {
            auditRows += await postgres.ImportAuditAsync(id, await sqlite.GetAuditAsync(id, ct), ct);
            if (++done % 20_000 == 0)
            {
                await output.WriteLineAsync($"audit: {done:N0} of {audited.Count:N0} quotes");
            }
        }

        await output.WriteLineAsync($"audit: {auditRows:N0} rows copied for {audited.Count:N0} quotes (rows already there skipped).");
        foreach (var (key, value) in state)
        {
            await postgres.SetAsync(key, value, ct);
        }

        await output.WriteLineAsync($"state: {state.Count:N0} entries copied.");
        var check = await postgres.MaxIdAsync(ct);
        await output.WriteLineAsync(check >= total
            ? $"Done in {sw.Elapsed.TotalSeconds:F1} s. The highest id is {check:N0} in both; new quotes continue after it."
            : $"Done in {sw.Elapsed.TotalSeconds:F1} s, but PostgreSQL's highest id is {check:N0} and SQLite's {total:N0}.");
        return 0;
    }

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

    private static int Fail(string message)
    {
        Console.Error.WriteLine(message);
        return 1;
    }
}
