using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using Npgsql;
using QuoteBot.Core.Follows;
using QuoteBot.Core.Model;
using QuoteBot.Core.Storage;
using QuoteBot.Core.Text;

namespace QuoteBot.Storage.Postgres;

/// <summary>
/// Quotes, full-text search and small state in PostgreSQL. Thread-safe and safe to share between processes: every
/// change is one transaction with its audit row; dedupe is a unique index; ids come from an identity sequence and are
/// never reused. Create, call <see cref="InitializeAsync"/>, share one instance.
/// </summary>
public sealed partial class PostgresQuoteStore : IQuoteStore, IQuoteSearch, IStateStore, IArticleStore, IFollowStore, IAsyncDisposable, IDisposable
{
    internal const string Columns =
        "id, text, speaker, speaker_key, source_outlet, source_title, source_url, source_published, ctx_paragraph, " +
        "ctx_before, ctx_after, ctx_audience, scope, added_by, added_at, added_at_ticks, added_at_offset, status, dedupe_key";

    /// <summary>The search vector of folded text (A), speaker (B) and title (C), given three SQL expressions.</summary>
    private static string SearchVector(string text, string speaker, string title) =>
        $"setweight(to_tsvector('{PostgresSchema.TextConfig}', {text}), 'A') || " +
        $"setweight(to_tsvector('{PostgresSchema.TextConfig}', {speaker}), 'B') || " +
        $"setweight(to_tsvector('{PostgresSchema.TextConfig}', {title}), 'C')";

    private readonly PostgresDatabase _db;
    private readonly bool _ownsDatabase;
    private readonly TimeProvider _time;
    private readonly Lexicon _lexicon = new();

    /// <summary>A store over its own connection pool.</summary>
    public PostgresQuoteStore(string connectionString, PostgresStoreOptions? options = null, TimeProvider? time = null)
        : this(new PostgresDatabase(connectionString, options), time)
    {
        _ownsDatabase = true;
    }

    /// <summary>A store over a database shared with the schedule store.</summary>
    public PostgresQuoteStore(PostgresDatabase database, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(database);
        _db = database;
        _time = time ?? TimeProvider.System;
    }

    public PostgresDatabase Database => _db;

    public Task InitializeAsync(CancellationToken ct = default) => _db.InitializeAsync(ct);

    // ---- reads -----------------------------------------------------------------------------------------------------

    public Task<Quote?> GetAsync(long id, CancellationToken ct = default) =>
        _db.ReadAsync(conn => GetQuoteAsync(conn, null, id, forUpdate: false, ct), ct);

    public async Task<IReadOnlyList<Quote>> GetManyAsync(IReadOnlyCollection<long> ids, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        if (ids.Count == 0)
        {
            return [];
        }

        var array = ids.Distinct().ToArray();
        return await _db.ReadAsync(async conn =>
        {
            await using var cmd = new NpgsqlCommand($"SELECT {Columns} FROM quotes WHERE id = ANY(@ids) ORDER BY id", conn);
            cmd.Parameters.AddWithValue("ids", array);
            return await ReadQuotesAsync(cmd, ct);
        }, ct);
    }

    public Task<long> CountAsync(Visibility visibility, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(visibility);
        return _db.ReadAsync(async conn =>
        {
            var sql = visibility.Scope is null
                ? "SELECT count(*) FROM quotes WHERE status = 0"
                : "SELECT count(*) FROM quotes WHERE status = 0 AND scope IN ('global', @scope)";
            await using var cmd = new NpgsqlCommand(sql, conn);
            cmd.Parameters.AddWithValue("scope", visibility.Scope?.Key ?? "");
            return (long)(await cmd.ExecuteScalarAsync(ct))!;
        }, ct);
    }

    public Task<long> MaxIdAsync(CancellationToken ct = default) =>
        // Quotes are never deleted, so the highest row is the highest id ever assigned.
        _db.ReadAsync(async conn =>
        {
            await using var cmd = new NpgsqlCommand("SELECT coalesce(max(id), 0) FROM quotes", conn);
            return (long)(await cmd.ExecuteScalarAsync(ct))!;
        }, ct);

    public async IAsyncEnumerable<Quote> ExportAsync([EnumeratorCancellation] CancellationToken ct = default)
    {
        const int Page = 1000;
        var after = 0L;
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            var page = await _db.ReadAsync(async conn =>
            {
                await using var cmd = new NpgsqlCommand($"SELECT {Columns} FROM quotes WHERE id > @after ORDER BY id LIMIT {Page}", conn);
                cmd.Parameters.AddWithValue("after", after);
                return await ReadQuotesAsync(cmd, ct);
            }, ct);
            foreach (var q in page)
            {
                yield return q;
            }

            if (page.Count < Page)
            {
                yield break;
            }

            after = page[^1].Id;
        }
    }

    public Task<IReadOnlyList<AuditEntry>> GetAuditAsync(long quoteId, CancellationToken ct = default) =>
        _db.ReadAsync<IReadOnlyList<AuditEntry>>(async conn =>
        {
            await using var cmd = new NpgsqlCommand(
                "SELECT quote_id, action, actor_id, actor_name, at, before_json::text, after_json::text FROM audit WHERE quote_id = @q ORDER BY id", conn);
            cmd.Parameters.AddWithValue("q", quoteId);
            await using var r = await cmd.ExecuteReaderAsync(ct);
            var list = new List<AuditEntry>();
            while (await r.ReadAsync(ct))
            {
                list.Add(new AuditEntry(
                    r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3),
                    new DateTimeOffset(r.GetFieldValue<DateTime>(4)),
                    AuditJson.Read(r.IsDBNull(5) ? null : r.GetString(5)),
                    AuditJson.Read(r.IsDBNull(6) ? null : r.GetString(6))));
            }

            return list;
        }, ct);

    /// <summary>
    /// Copies audit rows of one quote from another store (the migrate command). A row already present (same action,
    /// actor and instant to the microsecond) is skipped, so copying twice changes nothing. Returns the rows added.
    /// </summary>
    public Task<int> ImportAuditAsync(long quoteId, IReadOnlyList<AuditEntry> entries, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(entries);
        return ImportAuditAsync([.. entries.Select(e => e with { QuoteId = quoteId })], ct);
    }

    /// <summary>
    /// Copies audit rows of many quotes (each entry's <see cref="AuditEntry.QuoteId"/>) in one transaction and one
    /// round trip, skipping rows already present like the one-quote form. Returns the rows added.
    /// </summary>
    public Task<int> ImportAuditAsync(IReadOnlyList<AuditEntry> entries, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(entries);
        if (entries.Count == 0)
        {
            return Task.FromResult(0);
        }

        return _db.WriteAsync(async (conn, tx) =>
        {
            await using var batch = new NpgsqlBatch(conn, tx);
            foreach (var e in entries)
            {
                batch.BatchCommands.Add(new NpgsqlBatchCommand(
                    "INSERT INTO audit(quote_id, action, actor_id, actor_name, at, before_json, after_json) " +
                    "SELECT $1, $2, $3, $4, $5, $6::jsonb, $7::jsonb WHERE NOT EXISTS (" +
                    "SELECT 1 FROM audit WHERE quote_id = $1 AND action = $2 AND actor_id = $3 AND at = $5)")
                {
                    Parameters =
                    {
                        new() { Value = e.QuoteId },
                        new() { Value = Clean(e.Action) },
                        new() { Value = Clean(e.ActorId) },
                        new() { Value = Clean(e.ActorName) },
                        new() { Value = TimeParts.Split(e.At).Utc },
                        new() { Value = (object?)AuditJson.Write(e.Before is null ? null : CleanQuote(e.Before)) ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text },
                        new() { Value = (object?)AuditJson.Write(e.After is null ? null : CleanQuote(e.After)) ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text },
                    },
                });
            }

            return await batch.ExecuteNonQueryAsync(ct);
        }, ct);
    }

    // ---- adding ----------------------------------------------------------------------------------------------------

    public async Task<AddResult> AddAsync(NewQuote quote, Actor actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var row = Row.FromNew(quote);
        return await _db.WriteAsync(async (conn, tx) =>
        {
            var outcome = await AddBatchAsync(conn, tx, [row], actor, ct);
            if (outcome.Added.TryGetValue(0, out var stored))
            {
                return new AddResult(stored, true);
            }

            var existing = await GetQuoteAsync(conn, tx, outcome.Duplicates[0], forUpdate: false, ct);
            return new AddResult(existing!, false);
        }, ct, retryUniqueViolation: true);
    }

    public async Task<ImportSummary> AddManyAsync(IEnumerable<NewQuote> quotes, Actor actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(quotes);
        ArgumentNullException.ThrowIfNull(actor);
        var total = ImportSummary.Zero;
        var batch = new List<Row>(_db.Options.ImportBatchSize);
        foreach (var q in quotes)
        {
            batch.Add(Row.FromNew(q));
            if (batch.Count >= _db.Options.ImportBatchSize)
            {
                total = total.Plus(await AddManyBatchAsync(batch, actor, ct));
                batch.Clear();
            }
        }

        if (batch.Count > 0)
        {
            total = total.Plus(await AddManyBatchAsync(batch, actor, ct));
        }

        return total;
    }

    private Task<ImportSummary> AddManyBatchAsync(List<Row> batch, Actor actor, CancellationToken ct) =>
        _db.WriteAsync(async (conn, tx) =>
        {
            var outcome = await AddBatchAsync(conn, tx, batch, actor, ct);
            return new ImportSummary(outcome.Added.Count, outcome.Duplicates.Count);
        }, ct, retryUniqueViolation: true);

    private sealed record BatchOutcome(Dictionary<int, Quote> Added, Dictionary<int, long> Duplicates);

    /// <summary>
    /// Adds rows inside the caller's transaction: duplicates (in the table or earlier in the batch) are skipped
    /// without spending an id; the rest get ids in input order, one audit row each.
    /// </summary>
    private async Task<BatchOutcome> AddBatchAsync(NpgsqlConnection conn, NpgsqlTransaction tx, List<Row> rows, Actor actor, CancellationToken ct)
    {
        var added = new Dictionary<int, Quote>();
        var dupes = new Dictionary<int, long>();
        var existing = await FindExistingAsync(conn, tx, rows, ct);
        var firstInBatch = new Dictionary<string, int>(StringComparer.Ordinal);
        var fresh = new List<int>();
        var sameAs = new Dictionary<int, int>();
        for (var i = 0; i < rows.Count; i++)
        {
            var k = rows[i].DedupeSlot;
            if (existing.TryGetValue(k, out var id))
            {
                dupes[i] = id;
            }
            else if (firstInBatch.TryGetValue(k, out var first))
            {
                sameAs[i] = first;
            }
            else
            {
                firstInBatch[k] = i;
                fresh.Add(i);
            }
        }

        if (fresh.Count > 0)
        {
            var ids = await NextIdsAsync(conn, tx, fresh.Count, ct);
            var toInsert = new List<Row>(fresh.Count);
            for (var j = 0; j < fresh.Count; j++)
            {
                toInsert.Add(rows[fresh[j]].WithId(ids[j]));
            }

            var inserted = await InsertRowsAsync(conn, tx, toInsert, ct);
            var auditRows = new List<(long, string, Quote?, Quote?, DateTimeOffset)>();
            var lost = new List<int>();
            for (var j = 0; j < fresh.Count; j++)
            {
                if (inserted.Contains(ids[j]))
                {
                    added[fresh[j]] = toInsert[j].Quote;
                    auditRows.Add((ids[j], "add", null, toInsert[j].Quote, toInsert[j].Quote.AddedAt));
                }
                else
                {
                    lost.Add(fresh[j]); // another transaction added an equal quote meanwhile
                }
            }

            await InsertAuditAsync(conn, tx, auditRows, actor, ct);
            await IndexAsync(conn, tx, added.Values.Select(q => (q.Id, (Quote?)null, (Quote?)q)).ToList(), ct);
            if (lost.Count > 0)
            {
                var now = await FindExistingAsync(conn, tx, lost.Select(i => rows[i]).ToList(), ct);
                foreach (var i in lost)
                {
                    dupes[i] = now[rows[i].DedupeSlot];
                }
            }
        }

        foreach (var (i, first) in sameAs)
        {
            dupes[i] = added.TryGetValue(first, out var q) ? q.Id : dupes[first];
        }

        return new BatchOutcome(added, dupes);
    }

    private static async Task<long[]> NextIdsAsync(NpgsqlConnection conn, NpgsqlTransaction tx, int count, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand("SELECT nextval(pg_get_serial_sequence('quotes', 'id')) FROM generate_series(1, @n)", conn, tx);
        cmd.Parameters.AddWithValue("n", count);
        var ids = new List<long>(count);
        await using (var r = await cmd.ExecuteReaderAsync(ct))
        {
            while (await r.ReadAsync(ct))
            {
                ids.Add(r.GetInt64(0));
            }
        }

        ids.Sort();
        return ids.ToArray();
    }

    /// <summary>Ids of stored quotes with the same (scope, dedupe hash) as any of <paramref name="rows"/>, by slot.</summary>
    private static async Task<Dictionary<string, long>> FindExistingAsync(NpgsqlConnection conn, NpgsqlTransaction tx, IReadOnlyList<Row> rows, CancellationToken ct)
    {
        var found = new Dictionary<string, long>(StringComparer.Ordinal);
        if (rows.Count == 0)
        {
            return found;
        }

        await using var cmd = new NpgsqlCommand(
            "SELECT q.scope, q.dedupe_hash, q.id FROM quotes q JOIN unnest(@s::text[], @h::bytea[]) AS u(scope, hash) " +
            "ON q.scope = u.scope AND q.dedupe_hash = u.hash", conn, tx);
        cmd.Parameters.AddWithValue("s", rows.Select(r => r.Quote.Scope.Key).ToArray());
        cmd.Parameters.AddWithValue("h", rows.Select(r => r.DedupeHash).ToArray());
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            found[Row.Slot(r.GetString(0), r.GetFieldValue<byte[]>(1))] = r.GetInt64(2);
        }

        return found;
    }

    /// <summary>Inserts rows with their ids; a row whose (scope, dedupe) is taken meanwhile is skipped. Returns the ids inserted.</summary>
    private async Task<HashSet<long>> InsertRowsAsync(NpgsqlConnection conn, NpgsqlTransaction tx, List<Row> rows, CancellationToken ct)
    {
        var speakers = await EnsureSpeakersAsync(conn, tx, rows, ct);
        var pairs = await PairsAsync(conn, tx, rows, ct);
        var sql =
            "INSERT INTO quotes(id, text, speaker, speaker_key, speaker_id, source_outlet, source_title, source_url, source_published, " +
            "ctx_paragraph, ctx_before, ctx_after, ctx_audience, scope, added_by, added_at, added_at_ticks, added_at_offset, status, " +
            "dedupe_key, dedupe_hash, search, pairs) " +
            "SELECT u.id, u.text, u.speaker, u.skey, u.sid, u.outlet, u.title, u.url, u.pub, u.para, u.bef, u.aft, u.aud, u.scope, u.by, " +
            "u.at, u.tk, u.off, u.st, u.dk, u.dh, " + SearchVector("u.ft", "u.fs", "u.fti") + ", string_to_array(u.pr, ',')::integer[] " +
            "FROM unnest(@id::bigint[], @text::text[], @speaker::text[], @skey::text[], @sid::bigint[], @outlet::text[], @title::text[], " +
            "@url::text[], @pub::date[], @para::text[], @bef::text[], @aft::text[], @aud::text[], @scope::text[], @by::text[], " +
            "@at::timestamptz[], @tk::smallint[], @off::smallint[], @st::smallint[], @dk::text[], @dh::bytea[], @ft::text[], @fs::text[], @fti::text[], @pr::text[]) " +
            "AS u(id, text, speaker, skey, sid, outlet, title, url, pub, para, bef, aft, aud, scope, by, at, tk, off, st, dk, dh, ft, fs, fti, pr) " +
            "ORDER BY u.id ON CONFLICT (scope, dedupe_hash) DO NOTHING RETURNING id";
        await using var cmd = new NpgsqlCommand(sql, conn, tx);
        var p = cmd.Parameters;
        p.AddWithValue("id", rows.Select(r => r.Quote.Id).ToArray());
        p.AddWithValue("text", rows.Select(r => r.Quote.Text).ToArray());
        p.AddWithValue("speaker", rows.Select(r => r.Quote.Speaker).ToArray());
        p.AddWithValue("skey", rows.Select(r => r.Quote.SpeakerKey).ToArray());
        p.AddWithValue("sid", rows.Select(r => speakers.TryGetValue(r.Quote.SpeakerKey, out var s) && HasSpeaker(r.Quote) ? s : (long?)null).ToArray());
        p.AddWithValue("outlet", rows.Select(r => r.Quote.Source.Outlet).ToArray());
        p.AddWithValue("title", rows.Select(r => r.Quote.Source.Title).ToArray());
        p.AddWithValue("url", rows.Select(r => r.Quote.Source.Url).ToArray());
        p.AddWithValue("pub", rows.Select(r => r.Quote.Source.Published).ToArray());
        p.AddWithValue("para", rows.Select(r => r.Quote.Context?.Paragraph).ToArray());
        p.AddWithValue("bef", rows.Select(r => r.Quote.Context?.Before).ToArray());
        p.AddWithValue("aft", rows.Select(r => r.Quote.Context?.After).ToArray());
        p.AddWithValue("aud", rows.Select(r => r.Quote.Context?.Audience).ToArray());
        p.AddWithValue("scope", rows.Select(r => r.Quote.Scope.Key).ToArray());
        p.AddWithValue("by", rows.Select(r => r.Quote.AddedBy).ToArray());
        var times = rows.Select(r => TimeParts.Split(r.Quote.AddedAt)).ToArray();
        p.AddWithValue("at", times.Select(t => t.Utc).ToArray());
        p.AddWithValue("tk", times.Select(t => t.Ticks).ToArray());
        p.AddWithValue("off", times.Select(t => t.OffsetMinutes).ToArray());
        p.AddWithValue("st", rows.Select(r => (short)r.Quote.Status).ToArray());
        p.AddWithValue("dk", rows.Select(r => r.Quote.DedupeKey).ToArray());
        p.AddWithValue("dh", rows.Select(r => r.DedupeHash).ToArray());
        p.AddWithValue("ft", rows.Select(r => r.FoldedText).ToArray());
        p.AddWithValue("fs", rows.Select(r => r.FoldedSpeaker).ToArray());
        p.AddWithValue("fti", rows.Select(r => r.FoldedTitle).ToArray());
        p.AddWithValue("pr", pairs.Select(x => string.Join(',', x)).ToArray()); // arrays of arrays do not unnest by row
        var inserted = new HashSet<long>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            inserted.Add(reader.GetInt64(0));
        }

        return inserted;
    }

    private static bool HasSpeaker(Quote q) => q.SpeakerKey.Length > 0 && !string.IsNullOrWhiteSpace(q.Speaker);

    /// <summary>Speaker rows (with their autocomplete tokens) for every named speaker of <paramref name="rows"/>, by key.</summary>
    private static async Task<Dictionary<string, long>> EnsureSpeakersAsync(NpgsqlConnection conn, NpgsqlTransaction tx, IReadOnlyList<Row> rows, CancellationToken ct)
    {
        var wanted = new Dictionary<string, (byte[] Hash, string Name)>(StringComparer.Ordinal);
        foreach (var r in rows.Where(r => HasSpeaker(r.Quote)))
        {
            wanted.TryAdd(r.Quote.SpeakerKey, (Sha256(r.Quote.SpeakerKey), r.Quote.Speaker!.Trim()));
        }

        var ids = new Dictionary<string, long>(StringComparer.Ordinal);
        if (wanted.Count == 0)
        {
            return ids;
        }

        // A fixed order keeps concurrent importers from deadlocking on each other's new speakers.
        var ordered = wanted.OrderBy(w => Convert.ToHexString(w.Value.Hash), StringComparer.Ordinal).ToArray();
        var created = new List<(long Id, string Key)>();
        await using (var cmd = new NpgsqlCommand(
                         "INSERT INTO speakers(key_hash, speaker_key, name) SELECT * FROM unnest(@h::bytea[], @k::text[], @n::text[]) " +
                         "ON CONFLICT (key_hash) DO NOTHING RETURNING id, speaker_key", conn, tx))
        {
            cmd.Parameters.AddWithValue("h", ordered.Select(o => o.Value.Hash).ToArray());
            cmd.Parameters.AddWithValue("k", ordered.Select(o => o.Key).ToArray());
            cmd.Parameters.AddWithValue("n", ordered.Select(o => o.Value.Name).ToArray());
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                created.Add((r.GetInt64(0), r.GetString(1)));
            }
        }

        if (created.Count > 0)
        {
            var tokens = created.SelectMany(c => SpeakerTokens(wanted[c.Key].Name, c.Key).Select(t => (t, c.Id))).ToArray();
            await using var cmd = new NpgsqlCommand(
                "INSERT INTO speaker_tokens(token, speaker_id) SELECT * FROM unnest(@t::text[], @s::bigint[]) ON CONFLICT DO NOTHING", conn, tx);
            cmd.Parameters.AddWithValue("t", tokens.Select(t => t.t).ToArray());
            cmd.Parameters.AddWithValue("s", tokens.Select(t => t.Id).ToArray());
            await cmd.ExecuteNonQueryAsync(ct);
        }

        await using (var cmd = new NpgsqlCommand("SELECT id, speaker_key FROM speakers WHERE key_hash = ANY(@h)", conn, tx))
        {
            cmd.Parameters.AddWithValue("h", ordered.Select(o => o.Value.Hash).ToArray());
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                ids[r.GetString(1)] = r.GetInt64(0);
            }
        }

        return ids;
    }

    /// <summary>What a speaker can be found by: each folded name word, its transliteration fold, the whole name and key.</summary>
    internal static IEnumerable<string> SpeakerTokens(string speaker, string speakerKey) =>
        TextFolding.SpeakerSearchTokens(speaker, speakerKey)
            .Select(t => t.Length > MaxTokenLength ? t[..MaxTokenLength] : t)
            .Distinct(StringComparer.Ordinal);

    private const int MaxTokenLength = 200;

    private static async Task InsertAuditAsync(NpgsqlConnection conn, NpgsqlTransaction tx,
        List<(long QuoteId, string Action, Quote? Before, Quote? After, DateTimeOffset At)> rows, Actor actor, CancellationToken ct)
    {
        if (rows.Count == 0)
        {
            return;
        }

        await using var cmd = new NpgsqlCommand(
            "INSERT INTO audit(quote_id, action, actor_id, actor_name, at, before_json, after_json) " +
            "SELECT u.q, u.a, @ai, @an, u.t, u.b::jsonb, u.af::jsonb FROM unnest(@q::bigint[], @a::text[], @t::timestamptz[], @b::text[], @af::text[]) " +
            "AS u(q, a, t, b, af) ORDER BY u.q", conn, tx);
        cmd.Parameters.AddWithValue("ai", Clean(actor.Id));
        cmd.Parameters.AddWithValue("an", Clean(actor.DisplayName));
        cmd.Parameters.AddWithValue("q", rows.Select(r => r.QuoteId).ToArray());
        cmd.Parameters.AddWithValue("a", rows.Select(r => r.Action).ToArray());
        cmd.Parameters.AddWithValue("t", rows.Select(r => TimeParts.Split(r.At).Utc).ToArray());
        cmd.Parameters.AddWithValue("b", rows.Select(r => AuditJson.Write(r.Before)).ToArray());
        cmd.Parameters.AddWithValue("af", rows.Select(r => AuditJson.Write(r.After)).ToArray());
        await cmd.ExecuteNonQueryAsync(ct);
    }

    // ---- changing --------------------------------------------------------------------------------------------------

    public Task<Quote?> EditAsync(long id, QuoteEdit edit, Actor actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(edit);
        ArgumentNullException.ThrowIfNull(actor);
        QuoteRules.Ensure(edit);

        return _db.WriteAsync(async (conn, tx) =>
        {
            var before = await GetQuoteAsync(conn, tx, id, forUpdate: true, ct);
            if (before is null || edit.IsEmpty)
            {
                return before;
            }

            var text = edit.Text is null ? before.Text : Clean(edit.Text);
            var speaker = edit.Speaker is null ? before.Speaker : (string.IsNullOrWhiteSpace(edit.Speaker) ? null : Clean(edit.Speaker));
            var url = edit.SourceUrl is null ? before.Source.Url : (string.IsNullOrWhiteSpace(edit.SourceUrl) ? null : Clean(edit.SourceUrl));
            var after = before with
            {
                Text = text,
                Speaker = speaker,
                SpeakerKey = TextFolding.SpeakerKey(speaker),
                Source = before.Source with { Url = url },
                DedupeKey = TextFolding.DedupeKey(text, speaker),
            };
            var row = Row.From(after);
            var clash = await FindExistingAsync(conn, tx, [row], ct);
            if (clash.TryGetValue(row.DedupeSlot, out var other) && other != id)
            {
                throw new DuplicateQuoteException(id, other);
            }

            await UpdateRowAsync(conn, tx, row, ct);
            await InsertAuditAsync(conn, tx, [(id, "edit", before, after, _time.GetUtcNow())], actor, ct);
            await IndexAsync(conn, tx, [(id, before, after)], ct);
            return after;
        }, ct);
    }

    public async Task<Quote?> SetStatusAsync(long id, QuoteStatus status, Actor actor, CancellationToken ct = default) =>
        (await ChangeStatusAsync(id, from: null, status, actor, ct))?.Quote;

    public Task<StatusChange?> ChangeStatusAsync(long id, QuoteStatus from, QuoteStatus to, Actor actor, CancellationToken ct = default) =>
        ChangeStatusAsync(id, (QuoteStatus?)from, to, actor, ct);

    private Task<StatusChange?> ChangeStatusAsync(long id, QuoteStatus? from, QuoteStatus to, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!Enum.IsDefined(to) || (from is { } f && !Enum.IsDefined(f)))
        {
            throw new ArgumentOutOfRangeException(nameof(to));
        }

        return _db.WriteAsync<StatusChange?>(async (conn, tx) =>
        {
            // FOR UPDATE: a second instance deciding the same quote waits here, then sees the first one's status.
            var before = await GetQuoteAsync(conn, tx, id, forUpdate: true, ct);
            if (before is null)
            {
                return null;
            }

            if (before.Status == to || (from is { } expected && before.Status != expected))
            {
                return new StatusChange(before, Changed: false);
            }

            var after = before with { Status = to };
            await using (var cmd = new NpgsqlCommand("UPDATE quotes SET status = @st WHERE id = @id", conn, tx))
            {
                cmd.Parameters.AddWithValue("st", (short)to);
                cmd.Parameters.AddWithValue("id", id);
                await cmd.ExecuteNonQueryAsync(ct);
            }

            await InsertAuditAsync(conn, tx, [(id, StatusAudit.Action(before.Status, to), before, after, _time.GetUtcNow())], actor, ct);
            await IndexAsync(conn, tx, [(id, before, after)], ct);
            return new StatusChange(after, Changed: true);
        }, ct);
    }

    private async Task UpdateRowAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Row row, CancellationToken ct)
    {
        var speakers = await EnsureSpeakersAsync(conn, tx, [row], ct);
        var pairs = (await PairsAsync(conn, tx, [row], ct))[0];
        var q = row.Quote;
        var t = TimeParts.Split(q.AddedAt);
        await using var cmd = new NpgsqlCommand(
            "UPDATE quotes SET text = @text, speaker = @speaker, speaker_key = @skey, speaker_id = @sid, source_outlet = @outlet, " +
            "source_title = @title, source_url = @url, source_published = @pub, ctx_paragraph = @para, ctx_before = @bef, " +
            "ctx_after = @aft, ctx_audience = @aud, scope = @scope, added_by = @by, added_at = @at, added_at_ticks = @tk, " +
            "added_at_offset = @off, status = @st, dedupe_key = @dk, dedupe_hash = @dh, search = " +
            SearchVector("@ft", "@fs", "@fti") + ", pairs = @pairs WHERE id = @id", conn, tx);
        var p = cmd.Parameters;
        p.AddWithValue("pairs", pairs);
        p.AddWithValue("id", q.Id);
        p.AddWithValue("text", q.Text);
        p.AddWithValue("speaker", (object?)q.Speaker ?? DBNull.Value);
        p.AddWithValue("skey", q.SpeakerKey);
        p.AddWithValue("sid", HasSpeaker(q) ? speakers[q.SpeakerKey] : DBNull.Value);
        p.AddWithValue("outlet", (object?)q.Source.Outlet ?? DBNull.Value);
        p.AddWithValue("title", (object?)q.Source.Title ?? DBNull.Value);
        p.AddWithValue("url", (object?)q.Source.Url ?? DBNull.Value);
        p.AddWithValue("pub", q.Source.Published is { } d ? d : DBNull.Value);
        p.AddWithValue("para", (object?)q.Context?.Paragraph ?? DBNull.Value);
        p.AddWithValue("bef", (object?)q.Context?.Before ?? DBNull.Value);
        p.AddWithValue("aft", (object?)q.Context?.After ?? DBNull.Value);
        p.AddWithValue("aud", (object?)q.Context?.Audience ?? DBNull.Value);
        p.AddWithValue("scope", q.Scope.Key);
        p.AddWithValue("by", q.AddedBy);
        p.AddWithValue("at", t.Utc);
        p.AddWithValue("tk", t.Ticks);
        p.AddWithValue("off", t.OffsetMinutes);
        p.AddWithValue("st", (short)q.Status);
        p.AddWithValue("dk", q.DedupeKey);
        p.AddWithValue("dh", row.DedupeHash);
        p.AddWithValue("ft", row.FoldedText);
        p.AddWithValue("fs", row.FoldedSpeaker);
        p.AddWithValue("fti", row.FoldedTitle);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    public async Task<ImportSummary> RestoreAsync(IEnumerable<Quote> quotes, Actor actor, RestoreMode mode, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(quotes);
        ArgumentNullException.ThrowIfNull(actor);
        var total = ImportSummary.Zero;
        var batch = new List<Row>(_db.Options.ImportBatchSize);
        foreach (var q in quotes)
        {
            ArgumentNullException.ThrowIfNull(q);
            QuoteRules.Ensure(q);

            // Keys are recomputed: they are ours to define, not the file's.
            batch.Add(Row.From(CleanQuote(q)));
            if (batch.Count >= _db.Options.ImportBatchSize)
            {
                total = total.Plus(await RestoreBatchAsync(batch, actor, mode, ct));
                batch.Clear();
            }
        }

        if (batch.Count > 0)
        {
            total = total.Plus(await RestoreBatchAsync(batch, actor, mode, ct));
        }

        return total;
    }

    private Task<ImportSummary> RestoreBatchAsync(List<Row> batch, Actor actor, RestoreMode mode, CancellationToken ct) =>
        _db.WriteAsync(async (conn, tx) =>
        {
            // The last copy of an id in the batch wins, as if restored one after the other.
            var byId = new Dictionary<long, Row>();
            foreach (var r in batch)
            {
                byId[r.Quote.Id] = r;
            }

            var ids = byId.Keys.Order().ToArray();
            var stored = new Dictionary<long, Quote>();
            await using (var cmd = new NpgsqlCommand($"SELECT {Columns} FROM quotes WHERE id = ANY(@ids) FOR UPDATE", conn, tx))
            {
                cmd.Parameters.AddWithValue("ids", ids);
                foreach (var q in await ReadQuotesAsync(cmd, ct))
                {
                    stored[q.Id] = q;
                }
            }

            var same = batch.Count - byId.Count;
            var conflicts = new List<long>();
            var changed = new List<Row>();
            foreach (var r in ids.Select(i => byId[i]))
            {
                if (!stored.TryGetValue(r.Quote.Id, out var old))
                {
                    changed.Add(r);
                }
                else if (old == r.Quote || (mode == RestoreMode.KeepExisting && old.DedupeKey == r.Quote.DedupeKey))
                {
                    same++; // already there
                }
                else if (mode == RestoreMode.KeepExisting)
                {
                    conflicts.Add(r.Quote.Id); // a different quote has this id: never replaced silently
                }
                else
                {
                    changed.Add(r);
                }
            }

            var taken = await FindExistingAsync(conn, tx, changed, ct);
            var slots = new HashSet<string>(StringComparer.Ordinal);
            var inserts = new List<Row>();
            var updates = new List<Row>();
            foreach (var r in changed)
            {
                // An equal quote already lives under another id (or earlier in this batch): keep that one.
                if ((taken.TryGetValue(r.DedupeSlot, out var other) && other != r.Quote.Id) || !slots.Add(r.DedupeSlot))
                {
                    same++;
                    continue;
                }

                (stored.ContainsKey(r.Quote.Id) ? updates : inserts).Add(r);
            }

            // Updates go first: one of them may free a (scope, dedupe) slot an insert needs.
            var audit = new List<(long, string, Quote?, Quote?, DateTimeOffset)>();
            var now = _time.GetUtcNow();
            foreach (var r in updates)
            {
                await UpdateRowAsync(conn, tx, r, ct);
                audit.Add((r.Quote.Id, "import", stored[r.Quote.Id], r.Quote, now));
            }

            var added = 0;
            if (inserts.Count > 0)
            {
                var inserted = await InsertRowsAsync(conn, tx, inserts, ct);
                foreach (var r in inserts)
                {
                    if (inserted.Contains(r.Quote.Id))
                    {
                        added++;
                        audit.Add((r.Quote.Id, "import", null, r.Quote, now));
                    }
                    else
                    {
                        same++;
                    }
                }

                await using var bump = new NpgsqlCommand(
                    "SELECT setval(pg_get_serial_sequence('quotes', 'id'), @max) " +
                    "WHERE @max > (SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM quotes_id_seq)", conn, tx);
                bump.Parameters.AddWithValue("max", inserts.Max(r => r.Quote.Id));
                await bump.ExecuteNonQueryAsync(ct);
            }

            await InsertAuditAsync(conn, tx, audit, actor, ct);
            await IndexAsync(conn, tx, audit.Select(a => (a.Item1, a.Item3, a.Item4)).ToList(), ct);
            return new ImportSummary(added, same, updates.Count) { Conflicts = conflicts };
        }, ct, retryUniqueViolation: true);

    public ValueTask DisposeAsync() => _ownsDatabase ? _db.DisposeAsync() : ValueTask.CompletedTask;

    public void Dispose()
    {
        if (_ownsDatabase)
        {
            _db.Dispose();
        }
    }
}
