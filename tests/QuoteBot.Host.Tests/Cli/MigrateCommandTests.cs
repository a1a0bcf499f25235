using Microsoft.Extensions.Time.Testing;
using Npgsql;
using QuoteBot.Core.Daily;
using QuoteBot.Core.Model;
using QuoteBot.Core.Storage;
using QuoteBot.Host.Cli;
using QuoteBot.Storage.Postgres;
using QuoteBot.Storage.Sqlite;
using QuoteBot.Storage.Sqlite.Daily;
using Spectre.Console;

namespace QuoteBot.Host.Tests.Cli;

/// <summary><c>quotebot migrate</c> from a SQLite file into a PostgreSQL schema of its own.</summary>
[RequiresPostgres]
[Collection("console")]
public sealed class MigrateCommandTests : IAsyncLifetime
{
    private const string Group = "tg:-100555";
    private const string Blocked = "tg:-100666";
    private const string Kyiv = "Europe/Kyiv";

    /// <summary>10:00 in Kyiv on the day of the migration: that day's 08:00 post was already sent by the SQLite bot.</summary>
    private static readonly DateTimeOffset Now = new(2026, 6, 10, 7, 0, 0, TimeSpan.Zero);

    private static readonly DateOnly Today = new(2026, 6, 10);

    private readonly FakeTimeProvider _time = new(Now.AddDays(-2)); // the SQLite bot's edits; set to Now before migrating
    private TestSchema _schema = null!;
    private string _dir = null!;
    private string _db = null!;

    public async Task InitializeAsync()
    {
        _schema = await PostgresServer.CreateSchemaAsync(); // empty: migrate creates the tables
        _dir = Path.Combine(Path.GetTempPath(), "quotebot-migrate-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
        _db = Path.Combine(_dir, "q.db");
    }

    public async Task DisposeAsync()
    {
        await _schema.DisposeAsync();
        SqliteStoreCleanup();
    }

    private void SqliteStoreCleanup()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static NewQuote Quote(string text, string speaker, int day) => new()
    {
        Text = text,
        Speaker = speaker,
        Source = new QuoteSource("Example Times", "Harbour notes", "https://example.com/harbour/" + day, new DateOnly(2026, 5, day)),
        Context = new QuoteContext("The council met on " + day + " May.", Audience: "reporters"),
        AddedBy = "tg:42",
        AddedAt = new DateTimeOffset(2026, 5, day, 9, 30, 15, TimeSpan.FromHours(2)).AddTicks(1234567),
    };

    /// <summary>
    /// A SQLite file with history: three quotes (the second edited, the third removed), a state entry, and two daily
    /// subscriptions (one paused after failures) whose ids differ from those PostgreSQL will give, with claims for
    /// today (sent) and for ten days ago.
    /// </summary>
    private async Task<(long GroupId, long BlockedId)> SeedAsync()
    {
        using (var store = new SqliteQuoteStore(_db, time: _time))
        {
            await store.InitializeAsync();
            var moderator = new Actor("tg:7", "Mod Erator");
            await store.AddAsync(Quote("The harbour will reopen before the summer", "Ana Silva", 1), Actor.System);
            var second = (await store.AddAsync(Quote("We will build the new pier in two years", "Ben Ode", 2), Actor.System)).Quote;
            var third = (await store.AddAsync(Quote("Nobody asked the fishermen about the plan", "Cy Marsh", 3), Actor.System)).Quote;
            _time.Advance(TimeSpan.FromMinutes(3));
            await store.EditAsync(second.Id, new QuoteEdit(Text: "We will build the new pier in three years"), moderator);
            _time.Advance(TimeSpan.FromMinutes(3));
            await store.SetStatusAsync(third.Id, QuoteStatus.Removed, moderator);
            await store.SetAsync("bag:tg:-100555", "3,1,2");
            _time.SetUtcNow(Now);
        }

        using var schedules = new SqliteScheduleStore(_db);
        await schedules.InitializeAsync();
        var spec = (string key, string time) => new DailySubscriptionSpec(
            "tg", key, new Scope(key), TimeOnly.Parse(time, System.Globalization.CultureInfo.InvariantCulture), Kyiv, "speaker:silva", "tg:7",
            new DateTimeOffset(2026, 6, 1, 12, 0, 0, TimeSpan.Zero).AddTicks(42));
        var gone = await schedules.UpsertAsync(spec("tg:-100111", "07:00"));
        await schedules.RemoveAsync(gone.ConversationKey); // ids in SQLite now start at 2
        var group = await schedules.UpsertAsync(spec(Group, "08:00"));
        Assert.True(await schedules.TryClaimAsync(group.Id, Today, "old-bot", Now.AddHours(-2)));
        await schedules.MarkSentAsync(group.Id, Today, 2, Now.AddHours(-2).AddSeconds(1));
        Assert.True(await schedules.TryClaimAsync(group.Id, Today.AddDays(-10), "old-bot", Now.AddDays(-10)));
        var blocked = await schedules.UpsertAsync(spec(Blocked, "09:30") with { Query = null });
        for (var i = 0; i < 3; i++)
        {
            await schedules.RecordFailureAsync(blocked.Id, "Forbidden: bot was kicked", pauseAfter: 3);
        }

        Assert.True(await schedules.MarkPauseNotifiedAsync(blocked.Id));
        return (group.Id, blocked.Id);
    }

    private async Task<(int Code, string Output)> MigrateAsync()
    {
        var output = new StringWriter();
        var code = await MigrateCommand.RunAsync(_db, _schema.ConnectionString, output, bar: null, _time, CancellationToken.None);
        return (code, output.ToString());
    }

    [Fact]
    public async Task RunAsync_SqliteWithHistory_CopiesQuotesAuditStateAndSchedules()
    {
        var (sqliteGroupId, _) = await SeedAsync();

        var (code, output) = await MigrateAsync();

        Assert.Equal(0, code);
        Assert.Contains("quotes: 3 copied: 3 new, 0 updated, 0 already there.", output, StringComparison.Ordinal);
        Assert.Contains("daily posts: 2 subscriptions copied, 0 already there", output, StringComparison.Ordinal);
        Assert.Contains("1 recent days' claims copied", output, StringComparison.Ordinal);

        using var sqlite = new SqliteQuoteStore(_db);
        using var sqliteSchedules = new SqliteScheduleStore(_db);
        await using var db = new PostgresDatabase(_schema.ConnectionString);
        var postgres = new PostgresQuoteStore(db);
        var schedules = new PostgresScheduleStore(db);

        // Quotes: the same, with the same ids, the removed one too; new ones continue after them.
        var expected = await sqlite.ExportAsync().ToListAsync();
        Assert.Equal([1L, 2L, 3L], expected.Select(q => q.Id));
        Assert.Equal(expected, await postgres.ExportAsync().ToListAsync());
        Assert.Equal("We will build the new pier in three years", (await postgres.GetAsync(2))!.Text);
        Assert.Equal(QuoteStatus.Removed, (await postgres.GetAsync(3))!.Status);
        Assert.Equal(4, (await postgres.AddAsync(Quote("A fourth quote after the move", "Dee Park", 4), Actor.System)).Quote.Id);

        // Audit: every SQLite row, plus the one "import" row of the migration per quote.
        for (var id = 1L; id <= 3; id++)
        {
            var copied = await postgres.GetAuditAsync(id);
            Assert.Equal(Comparable(await sqlite.GetAuditAsync(id)), Comparable(copied.Where(e => e.ActorId != MigrateCommand.Actor.Id)));
            Assert.Single(copied, e => e.ActorId == MigrateCommand.Actor.Id);
        }

        Assert.Contains((await postgres.GetAuditAsync(2)).Select(e => e.Action), a => a == "edit");

        // State.
        Assert.Equal("3,1,2", await postgres.GetAsync("bag:tg:-100555"));

        // Schedules, matched by conversation key, with failure state and the claim of today's sent post.
        var source = await sqliteSchedules.ListAsync();
        var target = await schedules.ListAsync();
        Assert.Equal(2, target.Count);
        foreach (var s in source)
        {
            var t = Assert.Single(target, x => x.ConversationKey == s.ConversationKey);
            Assert.Equal(s with { Id = t.Id }, t);
        }

        var group = Assert.Single(target, x => x.ConversationKey == Group);
        Assert.NotEqual(sqliteGroupId, group.Id);
        var blocked = Assert.Single(target, x => x.ConversationKey == Blocked);
        Assert.True(blocked.Paused);
        Assert.True(blocked.PauseNotified);
        Assert.Equal(3, blocked.ConsecutiveFailures);

        var claim = await schedules.GetClaimAsync(group.Id, Today);
        Assert.NotNull(claim);
        Assert.Equal("old-bot", claim!.InstanceId);
        Assert.Equal(Now.AddHours(-2).AddSeconds(1), claim.SentAt);
        Assert.Equal(2, claim.QuoteId);
        Assert.Null(await schedules.GetClaimAsync(group.Id, Today.AddDays(-10)));
    }

    [Fact]
    public async Task RunAsync_Again_ChangesNothingAndSaysSo()
    {
        await SeedAsync();
        Assert.Equal(0, (await MigrateAsync()).Code);
        var before = await SnapshotAsync();

        var (code, output) = await MigrateAsync();

        Assert.Equal(0, code);
        Assert.Contains("quotes: 3 copied: 0 new, 0 updated, 3 already there.", output, StringComparison.Ordinal);
        Assert.Contains("audit: 0 rows copied for 3 quotes", output, StringComparison.Ordinal);
        Assert.Contains("state: 0 entries copied, 1 already there.", output, StringComparison.Ordinal);
        Assert.Contains("daily posts: 0 subscriptions copied, 2 already there, 0 set later in PostgreSQL kept; 0 recent days' claims copied.", output, StringComparison.Ordinal);
        Assert.Contains("nothing changed", output, StringComparison.Ordinal);
        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task RunAsync_ScheduleChangedInPostgresLater_KeepsThePostgresOne()
    {
        await SeedAsync();
        Assert.Equal(0, (await MigrateAsync()).Code);
        await using (var db = new PostgresDatabase(_schema.ConnectionString))
        {
            var reset = new DailySubscriptionSpec("tg", Group, new Scope(Group), new TimeOnly(18, 0), Kyiv, null, "tg:8", Now.AddMinutes(5));
            await new PostgresScheduleStore(db).UpsertAsync(reset);
        }

        var (_, output) = await MigrateAsync();

        Assert.Contains("daily posts: 0 subscriptions copied, 1 already there, 1 set later in PostgreSQL kept", output, StringComparison.Ordinal);
        await using var check = new PostgresDatabase(_schema.ConnectionString);
        var kept = await new PostgresScheduleStore(check).GetAsync(Group);
        Assert.Equal(new TimeOnly(18, 0), kept!.LocalTime);
        Assert.Equal("tg:8", kept.SetBy);
    }

    [Fact]
    public async Task Cli_WrongPassword_OneLineWithoutThePassword()
    {
        using (var store = new SqliteQuoteStore(_db))
        {
            await store.InitializeAsync();
        }

        const string Wrong = "not-the-password-31337";
        var real = new NpgsqlConnectionStringBuilder(PostgresServer.ConnectionString).Password;
        var cs = new NpgsqlConnectionStringBuilder(_schema.ConnectionString) { Password = Wrong }.ConnectionString;

        var (code, stdout, err) = await CliAppTests.Run("migrate", "--from", "sqlite:" + _db, "--to", "postgres:" + cs);

        Assert.Equal(1, code);
        var line = Assert.Single(err.Trim().Split('\n'));
        Assert.Contains("password was refused", line, StringComparison.Ordinal);
        Assert.Contains("127.0.0.1", line, StringComparison.Ordinal);
        Assert.DoesNotContain(Wrong, err + stdout, StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(real));
        Assert.DoesNotContain(real!, err + stdout, StringComparison.Ordinal);
    }

    /// <summary>Audit rows as compared across engines: PostgreSQL keeps instants to the microsecond.</summary>
    private static List<AuditEntry> Comparable(IEnumerable<AuditEntry> rows) =>
        [.. rows.Select(e => e with { At = new DateTimeOffset(e.At.UtcTicks - (e.At.UtcTicks % 10), TimeSpan.Zero) })];

    /// <summary>Everything migrate writes, as text: for "nothing changed" checks.</summary>
    private async Task<string> SnapshotAsync()
    {
        await using var conn = new NpgsqlConnection(_schema.ConnectionString);
        await conn.OpenAsync();
        var parts = new List<string>();
        foreach (var sql in new[]
                 {
                     "SELECT string_agg(q::text, '|' ORDER BY id) FROM quotes q",
                     "SELECT string_agg(a::text, '|' ORDER BY id) FROM audit a",
                     "SELECT string_agg(s::text, '|' ORDER BY key) FROM state s",
                     "SELECT string_agg(d::text, '|' ORDER BY id) FROM daily_subscriptions d",
                     "SELECT string_agg(c::text, '|' ORDER BY subscription_id, local_date) FROM daily_claims c",
                 })
        {
            await using var cmd = new NpgsqlCommand(sql, conn);
            parts.Add(await cmd.ExecuteScalarAsync() as string ?? "");
        }

        return string.Join("\n", parts);
    }
}

/// <summary>Argument errors of <c>quotebot migrate</c>: one line and exit code 1, before any database is touched.</summary>
[Collection("console")]
public sealed class MigrateArgumentTests
{
    [Theory]
    [InlineData("mysql:q.db", "postgres:Host=localhost", "--from must be sqlite:<path>")]
    [InlineData("sqlite:", "postgres:Host=localhost", "--from must be sqlite:<path>")]
    [InlineData("sqlite:{dir}/q.db", "Host=localhost;Password=hunter2", "--to must be postgres:<connection string>")]
    [InlineData("sqlite:{dir}/q.db", "postgres:", "--to must be postgres:<connection string>")]
    [InlineData("sqlite:{dir}/q.db", "postgres:Host=localhost;Colour=blue;Password=hunter2", "--to is not a valid PostgreSQL connection string")]
    [InlineData("sqlite:{dir}/does-not-exist.db", "postgres:Host=localhost;Password=hunter2", "There is no SQLite database at")]
    public async Task Cli_BadFromOrTo_OneLineAndExitOne(string from, string to, string expected)
    {
        using var env = new TempEnv();
        await File.WriteAllTextAsync(Path.Combine(env.Dir, "q.db"), "");

        var (code, stdout, err) = await CliAppTests.Run("migrate", "--from", from.Replace("{dir}", env.Dir, StringComparison.Ordinal), "--to", to);

        Assert.Equal(1, code);
        var line = Assert.Single(err.Trim().Split('\n'));
        Assert.StartsWith(expected, line, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", err + stdout, StringComparison.Ordinal);
        Assert.Equal("", stdout);
    }
}

/// <summary>The progress display shared by import and migrate.</summary>
public sealed class CliProgressTests
{
    private static async Task<int> CountTo(IProgress<int> progress, int n)
    {
        for (var i = 1; i <= n; i++)
        {
            progress.Report(i);
            await Task.Yield();
        }

        return n;
    }

    [Fact]
    public async Task RunAsync_Redirected_PrintsOnlyTheLastLineWithinTheInterval()
    {
        var lines = new StringWriter();

        var result = await CliProgress.RunAsync<int, int>("copy", p => CountTo(p, 50), i => new ProgressLine(i, 50, $"{i} of 50"), lines, bar: null);

        Assert.Equal(50, result);
        Assert.Equal(["copy: 50 of 50"], lines.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    [Fact]
    public async Task RunAsync_RedirectedWithNoInterval_PrintsEveryStep()
    {
        var lines = new StringWriter();

        await CliProgress.RunAsync<int, int>("copy", p => CountTo(p, 3), i => new ProgressLine(i, 3, $"{i} of 3"), lines, bar: null, every: TimeSpan.Zero);

        Assert.Equal(["copy: 1 of 3", "copy: 2 of 3", "copy: 3 of 3"], lines.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    [Fact]
    public async Task RunAsync_InteractiveTerminal_DrawsABarAndNoLines()
    {
        var screen = new StringWriter();
        var terminal = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.Yes,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.Yes,
            Out = new AnsiConsoleOutput(screen),
        });
        var lines = new StringWriter();

        var result = await CliProgress.RunAsync<int, int>("copy", p => CountTo(p, 20), i => new ProgressLine(i, 20, $"{i} of 20"), lines, terminal);

        Assert.Equal(20, result);
        Assert.Equal("", lines.ToString());
        var drawn = screen.ToString();
        Assert.Contains("copy: 20 of 20", drawn, StringComparison.Ordinal);
        Assert.Contains("100%", drawn, StringComparison.Ordinal);
        Assert.Contains("━", drawn, StringComparison.Ordinal);
    }
}
