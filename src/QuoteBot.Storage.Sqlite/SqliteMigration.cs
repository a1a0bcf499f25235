namespace QuoteBot.Storage.Sqlite;

/// <summary>One forward schema step: applied once, in version order, inside its own transaction.</summary>
public sealed record SqliteMigration(int Version, string Name, string Sql);

/// <summary>
/// The schema history. To change the schema, append one entry with the next version number; never edit a shipped one.
/// Code elsewhere in this assembly (daily schedules, say) adds its tables the same way.
/// </summary>
internal static class SqliteSchema
{
    public static readonly IReadOnlyList<SqliteMigration> Migrations =
    [
        new(1, "quotes, speakers, full-text index, audit, state", V1),
        new(2, "daily post schedules and claims", Daily.SqliteScheduleStore.SchemaV2),
        new(3, "fetched articles and the review queue", V3),
        new(4, "followed feeds, their poll claims and audit", V4),
        new(5, "exact term statistics and heavy postings for BM25", V5),
        new(6, "speaker slots: a speaker's quotes by number, for random picks", V6),
        new(7, "dedupe key computed from the row instead of stored", V7),
        new(8, "pair postings: two-token phrases of the commonest words, best first", V8),
        new(9, "dedupe index on the hash's high 32 bits only", V9),
        new(10, "the add event kept in the quote row (actors), audit a view; update triggers on the columns they read", V10),
        new(11, "own postings index (px_*): segments, tail, exact statistics; built from the active quotes when the store opens", V11),
        new(12, "FTS5, term statistics, heavy and pair postings retired: the postings index ranks every search", V12),
        new(13, "speaker key computed from the row's speaker instead of stored", V13),
        new(14, "speaker slots held once: no second index by quote id", V14),
        new(15, "compact quote rows: outlet and adder as names ids, publication day and UTC add time as integers", V15),
        new(16, "packed quote texts (TextPacking format 1); speaker NULL where it is its speakers row's name", V16),
        new(17, "postings in a compacter encoding (frequency folded into the gap, a column change in one varint): the index is built again", V17),
        new(18, "source link's scheme and host as a names id (url_host_id), the rest in source_url", V18),
        new(19, "presence maps of common words per postings segment (px_presence), for phrases", V19),
    ];

    /// <summary>Pair-word rule 1 (sessions 8–12; now SqliteQuoteStore.ChoosePairWords): at most this many pair words.</summary>
    public const int PairWordLimit = 32;

    /// <summary>Pair-word rule 1: a token was a pair word when at least one active quote in this many held it.</summary>
    public const int PairWordShare = 10;

    /// <summary>Migration 5's heavy-posting mark (a term's weighted frequency); the table went in migration 12.</summary>
    private const string HeavyText = "20";

    private const string V1 = """
        CREATE TABLE speakers(
            id INTEGER PRIMARY KEY,
            speaker_key TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL);

        -- Name words (plain folded and transliteration-folded) and the whole folded name, for autocomplete and speaker:.
        CREATE TABLE speaker_tokens(
            token TEXT NOT NULL,
            speaker_id INTEGER NOT NULL REFERENCES speakers(id),
            PRIMARY KEY(token, speaker_id)) WITHOUT ROWID;

        -- Active quotes per speaker and scope, kept by triggers: "most quoted first".
        CREATE TABLE speaker_counts(
            speaker_id INTEGER NOT NULL REFERENCES speakers(id),
            scope TEXT NOT NULL,
            active INTEGER NOT NULL,
            PRIMARY KEY(speaker_id, scope)) WITHOUT ROWID;

        CREATE TABLE scope_counts(
            scope TEXT PRIMARY KEY,
            active INTEGER NOT NULL) WITHOUT ROWID;

        CREATE TABLE quotes(
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            text TEXT NOT NULL,
            speaker TEXT,
            speaker_key TEXT NOT NULL,
            speaker_id INTEGER REFERENCES speakers(id),
            source_outlet TEXT,
            source_title TEXT,
            source_url TEXT,
            source_published TEXT,
            ctx_paragraph TEXT,
            ctx_before TEXT,
            ctx_after TEXT,
            ctx_audience TEXT,
            scope TEXT NOT NULL,
            added_by TEXT NOT NULL,
            added_at TEXT NOT NULL,
            status INTEGER NOT NULL DEFAULT 0,
            dedupe_key TEXT NOT NULL,
            dedupe_hash INTEGER NOT NULL);

        -- Dedupe: a 64-bit hash of the key keeps this index small; the store compares the full key before inserting.
        CREATE INDEX quotes_dedupe ON quotes(scope, dedupe_hash);
        CREATE INDEX quotes_speaker ON quotes(speaker_id, id) WHERE status = 0;

        CREATE VIRTUAL TABLE quotes_fts USING fts5(
            text, speaker, speaker_key, source_title,
            content = 'quotes', content_rowid = 'id',
            tokenize = 'porter unicode61 remove_diacritics 2');
        -- Bulk imports: merge segments less eagerly and buffer more terms in memory before writing a segment.
        INSERT INTO quotes_fts(quotes_fts, rank) VALUES ('automerge', 8);
        INSERT INTO quotes_fts(quotes_fts, rank) VALUES ('hashsize', 16777216);

        -- Only active quotes are in the index: a removed quote leaves it in the same transaction. Apostrophes are
        -- dropped before indexing, as TextFolding.Fold drops them from queries: "O'Brien" is indexed as "obrien".
        CREATE TRIGGER quotes_ai AFTER INSERT ON quotes WHEN new.status = 0 BEGIN
            INSERT INTO quotes_fts(rowid, text, speaker, speaker_key, source_title)
                VALUES (new.id, replace(replace(new.text, char(39), ''), char(8217), ''), replace(replace(new.speaker, char(39), ''), char(8217), ''), new.speaker_key, replace(replace(new.source_title, char(39), ''), char(8217), ''));
            INSERT INTO scope_counts(scope, active) VALUES (new.scope, 1)
                ON CONFLICT(scope) DO UPDATE SET active = active + 1;
            INSERT INTO speaker_counts(speaker_id, scope, active) SELECT new.speaker_id, new.scope, 1 WHERE new.speaker_id IS NOT NULL
                ON CONFLICT(speaker_id, scope) DO UPDATE SET active = active + 1;
        END;

        -- One update trigger, so the old row always leaves the index before the new one enters it.
        CREATE TRIGGER quotes_au AFTER UPDATE ON quotes BEGIN
            INSERT INTO quotes_fts(quotes_fts, rowid, text, speaker, speaker_key, source_title)
                SELECT 'delete', old.id, replace(replace(old.text, char(39), ''), char(8217), ''), replace(replace(old.speaker, char(39), ''), char(8217), ''), old.speaker_key, replace(replace(old.source_title, char(39), ''), char(8217), '') WHERE old.status = 0;
            UPDATE scope_counts SET active = active - 1 WHERE old.status = 0 AND scope = old.scope;
            UPDATE speaker_counts SET active = active - 1 WHERE old.status = 0 AND speaker_id = old.speaker_id AND scope = old.scope;
            INSERT INTO quotes_fts(rowid, text, speaker, speaker_key, source_title)
                SELECT new.id, replace(replace(new.text, char(39), ''), char(8217), ''), replace(replace(new.speaker, char(39), ''), char(8217), ''), new.speaker_key, replace(replace(new.source_title, char(39), ''), char(8217), '') WHERE new.status = 0;
            INSERT INTO scope_counts(scope, active) SELECT new.scope, 1 WHERE new.status = 0
                ON CONFLICT(scope) DO UPDATE SET active = active + 1;
            INSERT INTO speaker_counts(speaker_id, scope, active) SELECT new.speaker_id, new.scope, 1
                WHERE new.status = 0 AND new.speaker_id IS NOT NULL
                ON CONFLICT(speaker_id, scope) DO UPDATE SET active = active + 1;
        END;

        CREATE TRIGGER quotes_ad AFTER DELETE ON quotes WHEN old.status = 0 BEGIN
            INSERT INTO quotes_fts(quotes_fts, rowid, text, speaker, speaker_key, source_title)
                VALUES ('delete', old.id, replace(replace(old.text, char(39), ''), char(8217), ''), replace(replace(old.speaker, char(39), ''), char(8217), ''), old.speaker_key, replace(replace(old.source_title, char(39), ''), char(8217), ''));
            UPDATE scope_counts SET active = active - 1 WHERE scope = old.scope;
            UPDATE speaker_counts SET active = active - 1 WHERE speaker_id = old.speaker_id AND scope = old.scope;
        END;

        CREATE TABLE audit(
            id INTEGER PRIMARY KEY,
            quote_id INTEGER NOT NULL,
            action TEXT NOT NULL,
            actor_id TEXT NOT NULL,
            actor_name TEXT NOT NULL,
            at TEXT NOT NULL,
            before_json TEXT,
            after_json TEXT);
        CREATE INDEX audit_quote ON audit(quote_id, id);

        CREATE TABLE state(
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL) WITHOUT ROWID;
        """;

    // Articles fetched from links and feeds, one per scope by canonical URL and by content hash; pending quotes
    // (status 2, waiting for review) are listed by scope from their own small index.
    private const string V3 = """
        CREATE TABLE articles(
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            scope TEXT NOT NULL,
            canonical_url TEXT NOT NULL,
            content_hash TEXT NOT NULL,
            title TEXT,
            feed_url TEXT,
            added_by TEXT NOT NULL,
            fetched_at TEXT NOT NULL);
        CREATE UNIQUE INDEX articles_url ON articles(scope, canonical_url);
        CREATE UNIQUE INDEX articles_hash ON articles(scope, content_hash);
        CREATE INDEX quotes_pending ON quotes(scope, id) WHERE status = 2;
        """;

    // Feeds a community follows (one row per scope and canonical feed URL) with the poller's state; times are Unix
    // milliseconds so that "due" compares as numbers. claimed_by/claimed_until_ms is the lease of the poller polling it.
    private const string V4 = """
        CREATE TABLE follows(
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            scope TEXT NOT NULL,
            feed_url TEXT NOT NULL,
            title TEXT,
            auto_approve INTEGER NOT NULL,
            added_by TEXT NOT NULL,
            added_by_name TEXT NOT NULL,
            added_at_ms INTEGER NOT NULL,
            conversation_key TEXT,
            next_due_ms INTEGER NOT NULL,
            failures INTEGER NOT NULL DEFAULT 0,
            paused INTEGER NOT NULL DEFAULT 0,
            pause_notified INTEGER NOT NULL DEFAULT 0,
            etag TEXT,
            last_modified_ms INTEGER,
            last_error TEXT,
            last_success_ms INTEGER,
            last_polled_ms INTEGER,
            claimed_by TEXT,
            claimed_until_ms INTEGER);
        CREATE UNIQUE INDEX follows_feed ON follows(scope, feed_url);
        CREATE INDEX follows_due ON follows(next_due_ms) WHERE paused = 0;

        CREATE TABLE follow_audit(
            id INTEGER PRIMARY KEY,
            follow_id INTEGER NOT NULL,
            scope TEXT NOT NULL,
            feed_url TEXT NOT NULL,
            action TEXT NOT NULL,
            actor_id TEXT NOT NULL,
            actor_name TEXT NOT NULL,
            at_ms INTEGER NOT NULL,
            auto_approve INTEGER NOT NULL);
        CREATE INDEX follow_audit_scope ON follow_audit(scope, id);
        """;

    // Exact BM25 statistics beside FTS5, kept by triggers through qb_terms (Fts5Terms: FTS5's own tokenizer):
    // term_tf counts active quotes per (term, weighted frequency), so a term's document frequency is exact; doc_lengths
    // counts active quotes per length in tokens (the average and the shortest quote); heavy_postings lists the quotes in
    // which a term has a weighted frequency of 20 or more (two hits in the text, say), ordered for ranking. See
    // docs/benchmarks.md ("Exact BM25").
    private const string Terms = "qb_terms(new.text, new.speaker, new.speaker_key, new.source_title)";
    private const string OldTerms = "qb_terms(old.text, old.speaker, old.speaker_key, old.source_title)";

    private const string V5 = $"""
        CREATE TABLE term_tf(
            term TEXT NOT NULL,
            wtf INTEGER NOT NULL,
            n INTEGER NOT NULL,
            PRIMARY KEY(term, wtf)) WITHOUT ROWID;
        CREATE TABLE doc_lengths(
            dl INTEGER PRIMARY KEY,
            n INTEGER NOT NULL);
        CREATE TABLE heavy_postings(
            term TEXT NOT NULL,
            wtf INTEGER NOT NULL,
            dl INTEGER NOT NULL,
            doc INTEGER NOT NULL,
            PRIMARY KEY(term, wtf, dl, doc DESC)) WITHOUT ROWID;

        INSERT INTO term_tf(term, wtf, n)
            SELECT j.value ->> 0, j.value ->> 1, count(*) FROM quotes q, json_each(qb_terms(q.text, q.speaker, q.speaker_key, q.source_title), '$.t') j
            WHERE q.status = 0 GROUP BY 1, 2;
        INSERT INTO heavy_postings(term, wtf, dl, doc)
            SELECT j.value ->> 0, j.value ->> 1, qb_terms(q.text, q.speaker, q.speaker_key, q.source_title) ->> '$.dl', q.id
            FROM quotes q, json_each(qb_terms(q.text, q.speaker, q.speaker_key, q.source_title), '$.t') j
            WHERE q.status = 0 AND j.value ->> 1 >= {HeavyText};
        INSERT INTO doc_lengths(dl, n)
            SELECT qb_terms(q.text, q.speaker, q.speaker_key, q.source_title) ->> '$.dl', count(*) FROM quotes q WHERE q.status = 0 GROUP BY 1;

        -- A bulk load (AddManyAsync) indexes its rows set-wise after inserting them: while qb_bulk() is 1 on the
        -- writer, an insert leaves the full-text index and the term statistics to the store (the counts stay here).
        DROP TRIGGER quotes_ai;
        CREATE TRIGGER quotes_ai AFTER INSERT ON quotes WHEN new.status = 0 BEGIN
            INSERT INTO quotes_fts(rowid, text, speaker, speaker_key, source_title)
                SELECT new.id, replace(replace(new.text, char(39), ''), char(8217), ''), replace(replace(new.speaker, char(39), ''), char(8217), ''), new.speaker_key, replace(replace(new.source_title, char(39), ''), char(8217), '')
                WHERE NOT qb_bulk();
            INSERT INTO scope_counts(scope, active) VALUES (new.scope, 1)
                ON CONFLICT(scope) DO UPDATE SET active = active + 1;
            INSERT INTO speaker_counts(speaker_id, scope, active) SELECT new.speaker_id, new.scope, 1 WHERE new.speaker_id IS NOT NULL
                ON CONFLICT(speaker_id, scope) DO UPDATE SET active = active + 1;
        END;

        CREATE TRIGGER quotes_terms_ai AFTER INSERT ON quotes WHEN new.status = 0 AND NOT qb_bulk() BEGIN
            INSERT INTO term_tf(term, wtf, n) SELECT j.value ->> 0, j.value ->> 1, 1 FROM json_each({Terms}, '$.t') j WHERE true
                ON CONFLICT(term, wtf) DO UPDATE SET n = n + 1;
            INSERT INTO heavy_postings(term, wtf, dl, doc)
                SELECT j.value ->> 0, j.value ->> 1, {Terms} ->> '$.dl', new.id FROM json_each({Terms}, '$.t') j WHERE j.value ->> 1 >= {HeavyText};
            INSERT INTO doc_lengths(dl, n) VALUES ({Terms} ->> '$.dl', 1) ON CONFLICT(dl) DO UPDATE SET n = n + 1;
        END;

        -- The old row's statistics leave before the new row's enter, whatever changed (text, status, scope).
        CREATE TRIGGER quotes_terms_au AFTER UPDATE ON quotes WHEN old.status = 0 OR new.status = 0 BEGIN
            UPDATE term_tf SET n = n - 1
                WHERE old.status = 0 AND (term, wtf) IN (SELECT j.value ->> 0, j.value ->> 1 FROM json_each({OldTerms}, '$.t') j);
            DELETE FROM term_tf WHERE old.status = 0 AND n <= 0
                AND (term, wtf) IN (SELECT j.value ->> 0, j.value ->> 1 FROM json_each({OldTerms}, '$.t') j);
            DELETE FROM heavy_postings WHERE old.status = 0 AND doc = old.id
                AND (term, wtf) IN (SELECT j.value ->> 0, j.value ->> 1 FROM json_each({OldTerms}, '$.t') j WHERE j.value ->> 1 >= {HeavyText});
            UPDATE doc_lengths SET n = n - 1 WHERE old.status = 0 AND dl = {OldTerms} ->> '$.dl';
            DELETE FROM doc_lengths WHERE old.status = 0 AND n <= 0 AND dl = {OldTerms} ->> '$.dl';
            INSERT INTO term_tf(term, wtf, n) SELECT j.value ->> 0, j.value ->> 1, 1 FROM json_each({Terms}, '$.t') j WHERE new.status = 0
                ON CONFLICT(term, wtf) DO UPDATE SET n = n + 1;
            INSERT INTO heavy_postings(term, wtf, dl, doc)
                SELECT j.value ->> 0, j.value ->> 1, {Terms} ->> '$.dl', new.id FROM json_each({Terms}, '$.t') j
                WHERE new.status = 0 AND j.value ->> 1 >= {HeavyText};
            INSERT INTO doc_lengths(dl, n) SELECT {Terms} ->> '$.dl', 1 WHERE new.status = 0
                ON CONFLICT(dl) DO UPDATE SET n = n + 1;
        END;

        CREATE TRIGGER quotes_terms_ad AFTER DELETE ON quotes WHEN old.status = 0 BEGIN
            UPDATE term_tf SET n = n - 1 WHERE (term, wtf) IN (SELECT j.value ->> 0, j.value ->> 1 FROM json_each({OldTerms}, '$.t') j);
            DELETE FROM term_tf WHERE n <= 0 AND (term, wtf) IN (SELECT j.value ->> 0, j.value ->> 1 FROM json_each({OldTerms}, '$.t') j);
            DELETE FROM heavy_postings WHERE doc = old.id
                AND (term, wtf) IN (SELECT j.value ->> 0, j.value ->> 1 FROM json_each({OldTerms}, '$.t') j WHERE j.value ->> 1 >= {HeavyText});
            UPDATE doc_lengths SET n = n - 1 WHERE dl = {OldTerms} ->> '$.dl';
            DELETE FROM doc_lengths WHERE n <= 0 AND dl = {OldTerms} ->> '$.dl';
        END;
        """;

    // A speaker's active quotes numbered 0..n-1 per (speaker, scope), kept dense by triggers: a new quote takes the
    // next number; a quote leaving its group (removed, pending, speaker or scope changed, deleted) gives its number to
    // the group's last quote. So "the k-th quote of this speaker" is one primary-key lookup whatever the speaker's or
    // the pool's size (SpeakerQuoteAtAsync). The leaving quote's row first holds -1 - slot, so its slot is free for the
    // last quote while the number is still known. Existing quotes are numbered in id order.
    private const string SlotLeave = """
            UPDATE speaker_slots SET slot = -1 - slot WHERE quote_id = old.id;
            UPDATE speaker_slots SET slot = -1 - (SELECT slot FROM speaker_slots WHERE quote_id = old.id)
                WHERE speaker_id = old.speaker_id AND scope = old.scope
                AND slot = (SELECT max(slot) FROM speaker_slots WHERE speaker_id = old.speaker_id AND scope = old.scope)
                AND slot > -1 - (SELECT slot FROM speaker_slots WHERE quote_id = old.id);
            DELETE FROM speaker_slots WHERE quote_id = old.id;
""";

    private const string SlotEnter = """
            INSERT INTO speaker_slots(speaker_id, scope, slot, quote_id)
                SELECT new.speaker_id, new.scope,
                    coalesce((SELECT max(slot) + 1 FROM speaker_slots WHERE speaker_id = new.speaker_id AND scope = new.scope), 0), new.id
                WHERE new.status = 0 AND new.speaker_id IS NOT NULL;
""";

    private const string V6 = $"""
        CREATE TABLE speaker_slots(
            speaker_id INTEGER NOT NULL,
            scope TEXT NOT NULL,
            slot INTEGER NOT NULL,
            quote_id INTEGER NOT NULL UNIQUE,
            PRIMARY KEY(speaker_id, scope, slot)) WITHOUT ROWID;

        INSERT INTO speaker_slots(speaker_id, scope, slot, quote_id)
            SELECT speaker_id, scope, row_number() OVER (PARTITION BY speaker_id, scope ORDER BY id) - 1, id
            FROM quotes WHERE status = 0 AND speaker_id IS NOT NULL;

        CREATE TRIGGER quotes_slots_ai AFTER INSERT ON quotes WHEN new.status = 0 AND new.speaker_id IS NOT NULL BEGIN
        {SlotEnter}
        END;

        CREATE TRIGGER quotes_slots_au AFTER UPDATE OF status, speaker_id, scope ON quotes
            WHEN NOT (old.status = 0 AND new.status = 0 AND old.speaker_id IS new.speaker_id AND old.scope = new.scope) BEGIN
        {SlotLeave}
        {SlotEnter}
        END;

        CREATE TRIGGER quotes_slots_ad AFTER DELETE ON quotes WHEN old.status = 0 AND old.speaker_id IS NOT NULL BEGIN
        {SlotLeave}
        END;
        """;

    // Pair postings (issue 16): a phrase of two very common words made FTS5 walk both whole doclists and their
    // positions (over 100 ms at 1M quotes). pair_words is a fixed set of the commonest tokens, chosen once by the store
    // (SqliteQuoteStore.EnsurePairWords: empty until the store holds enough quotes); pair_postings lists, for every
    // active quote and every two tokens of that set next to each other in one column, the pair's weighted frequency
    // (as qb_terms weighs terms) and the quote's length, keyed so that per frequency they come out best first. So a
    // two-word phrase of pair words is ranked exactly from a few index seeks. Kept by these triggers, by the bulk path
    // (WriteBatch in SqliteQuoteStore.Bulk.cs) and, when the set is chosen, by a backfill; qb_terms(...) ->> '$.p' lists a row's pairs.
    private const string PairRows = "JOIN pair_words a ON a.term = j.value ->> 0 JOIN pair_words b ON b.term = j.value ->> 1";

    private const string V8 = $"""
        CREATE TABLE pair_words(
            term TEXT PRIMARY KEY,
            id INTEGER NOT NULL UNIQUE) WITHOUT ROWID;
        -- One row once the set is chosen: the active quotes then. Until then pair_words is empty and stays so.
        CREATE TABLE pair_set(
            docs INTEGER NOT NULL);
        CREATE TABLE pair_postings(
            pair INTEGER NOT NULL,
            f INTEGER NOT NULL,
            dl INTEGER NOT NULL,
            doc INTEGER NOT NULL,
            PRIMARY KEY(pair, f, dl, doc DESC)) WITHOUT ROWID;

        CREATE TRIGGER quotes_pairs_ai AFTER INSERT ON quotes WHEN new.status = 0 AND NOT qb_bulk() BEGIN
            INSERT INTO pair_postings(pair, f, dl, doc)
                SELECT a.id * 64 + b.id, j.value ->> 2, {Terms} ->> '$.dl', new.id FROM json_each({Terms}, '$.p') j {PairRows};
        END;

        CREATE TRIGGER quotes_pairs_au AFTER UPDATE ON quotes WHEN old.status = 0 OR new.status = 0 BEGIN
            DELETE FROM pair_postings WHERE old.status = 0 AND (pair, f, dl, doc) IN
                (SELECT a.id * 64 + b.id, j.value ->> 2, {OldTerms} ->> '$.dl', old.id FROM json_each({OldTerms}, '$.p') j {PairRows});
            INSERT INTO pair_postings(pair, f, dl, doc)
                SELECT a.id * 64 + b.id, j.value ->> 2, {Terms} ->> '$.dl', new.id FROM json_each({Terms}, '$.p') j {PairRows}
                WHERE new.status = 0;
        END;

        CREATE TRIGGER quotes_pairs_ad AFTER DELETE ON quotes WHEN old.status = 0 BEGIN
            DELETE FROM pair_postings WHERE (pair, f, dl, doc) IN
                (SELECT a.id * 64 + b.id, j.value ->> 2, {OldTerms} ->> '$.dl', old.id FROM json_each({OldTerms}, '$.p') j {PairRows});
        END;
        """;

    // Issue 16 (disk): the dedupe index held every quote's scope text and whole 64-bit hash (about 24 bytes an entry).
    // It now holds the hash's high 32 bits (4 bytes) and the rowid: the look-up (DedupeFilter) seeks those bits, then
    // compares the whole hash, the scope and the recomputed key on the few rows found. One transaction with the
    // version row (SqliteDatabase.Migrate): a process that dies part-way leaves the old index and version 8.
    private const string V9 = """
        CREATE INDEX quotes_dedupe_hi ON quotes(dedupe_hash >> 32);
        DROP INDEX quotes_dedupe;
        """;

    // The folded dedupe key repeated the whole quote text in every row (about a third of the quotes table). It is a
    // function of text and speaker (TextFolding.DedupeKey), so the store now computes it (qb_dedupe_key on each
    // connection, for the rare rows whose 64-bit hash matches) and keeps only the hash in its index. Version 6 is
    // another branch's; versions are applied in list order, each once.
    private const string V7 = """
        ALTER TABLE quotes DROP COLUMN dedupe_key;
        """;

    // Issue 16 (disk), migration 10. Every quote had an "add" audit row (about 70 bytes with its index entry, 68 MiB at
    // 1M quotes) repeating the quote's own id and added_at. The quote row now says who added it (add_actor, an actors
    // row: one byte when every quote has the same actor); the table of the other events is audit_log, and "audit" is a
    // view that puts the add event back first (id -quote_id, before every audit_log row of that quote), so every reader
    // of "audit" sees the rows it saw before. audit_adds keeps an add event whose quote's added_at was later replaced
    // (a restore over it). Existing add rows move into their quotes when they are the quote's first audit row, have no
    // snapshots and the same time as the quote; any other stays in audit_log. Writing add_actor into every existing row
    // would re-index every quote through the update triggers, so those are recreated with the columns they read
    // (an update of other columns leaves the full-text index, the statistics and the postings alone).
    private const string FtsColumns = "text, speaker, speaker_key, source_title";
    private const string OldFts = "replace(replace(old.text, char(39), ''), char(8217), ''), replace(replace(old.speaker, char(39), ''), char(8217), ''), old.speaker_key, replace(replace(old.source_title, char(39), ''), char(8217), '')";
    private const string NewFts = "replace(replace(new.text, char(39), ''), char(8217), ''), replace(replace(new.speaker, char(39), ''), char(8217), ''), new.speaker_key, replace(replace(new.source_title, char(39), ''), char(8217), '')";
    private const string UpdateOf = "UPDATE OF id, text, speaker, speaker_key, speaker_id, source_title, scope, status";

    private const string V10 = $"""
        CREATE TABLE actors(
            id INTEGER PRIMARY KEY,
            actor_id TEXT NOT NULL,
            name TEXT NOT NULL,
            UNIQUE(actor_id, name));
        CREATE TABLE audit_adds(
            quote_id INTEGER PRIMARY KEY,
            actor INTEGER NOT NULL REFERENCES actors(id),
            at TEXT NOT NULL);
        ALTER TABLE quotes ADD COLUMN add_actor INTEGER REFERENCES actors(id);
        ALTER TABLE audit RENAME TO audit_log;

        DROP TRIGGER quotes_au;
        DROP TRIGGER quotes_terms_au;
        DROP TRIGGER quotes_pairs_au;

        INSERT INTO actors(actor_id, name)
            SELECT DISTINCT actor_id, actor_name FROM audit_log WHERE action = 'add' AND before_json IS NULL AND after_json IS NULL;
        -- Row by row through audit_quote (quote_id, id), nothing materialized: a 1M-quote file upgrades in seconds.
        UPDATE quotes SET add_actor = (
            SELECT x.id FROM audit_log a JOIN actors x ON x.actor_id = a.actor_id AND x.name = a.actor_name
            WHERE a.quote_id = quotes.id AND a.action = 'add' AND a.before_json IS NULL AND a.after_json IS NULL
            AND a.at = quotes.added_at AND a.id = (SELECT min(b.id) FROM audit_log b WHERE b.quote_id = quotes.id));
        DELETE FROM audit_log WHERE action = 'add'
            AND id = (SELECT min(b.id) FROM audit_log b WHERE b.quote_id = audit_log.quote_id)
            AND EXISTS (SELECT 1 FROM quotes q WHERE q.id = audit_log.quote_id AND q.add_actor IS NOT NULL);

        CREATE VIEW audit(id, quote_id, action, actor_id, actor_name, at, before_json, after_json) AS
            SELECT -q.id, q.id, 'add', x.actor_id, x.name, q.added_at, NULL, NULL FROM quotes q JOIN actors x ON x.id = q.add_actor
            UNION ALL
            SELECT -d.quote_id, d.quote_id, 'add', x.actor_id, x.name, d.at, NULL, NULL FROM audit_adds d JOIN actors x ON x.id = d.actor
            UNION ALL
            SELECT id, quote_id, action, actor_id, actor_name, at, before_json, after_json FROM audit_log;
        -- Writers that still insert into "audit" (scripts, older tools) land in audit_log.
        CREATE TRIGGER audit_insert INSTEAD OF INSERT ON audit BEGIN
            INSERT INTO audit_log(id, quote_id, action, actor_id, actor_name, at, before_json, after_json)
                VALUES (new.id, new.quote_id, new.action, new.actor_id, new.actor_name, new.at, new.before_json, new.after_json);
        END;

        CREATE TRIGGER quotes_au AFTER {UpdateOf} ON quotes BEGIN
            INSERT INTO quotes_fts(quotes_fts, rowid, {FtsColumns})
                SELECT 'delete', old.id, {OldFts} WHERE old.status = 0;
            UPDATE scope_counts SET active = active - 1 WHERE old.status = 0 AND scope = old.scope;
            UPDATE speaker_counts SET active = active - 1 WHERE old.status = 0 AND speaker_id = old.speaker_id AND scope = old.scope;
            INSERT INTO quotes_fts(rowid, {FtsColumns})
                SELECT new.id, {NewFts} WHERE new.status = 0;
            INSERT INTO scope_counts(scope, active) SELECT new.scope, 1 WHERE new.status = 0
                ON CONFLICT(scope) DO UPDATE SET active = active + 1;
            INSERT INTO speaker_counts(speaker_id, scope, active) SELECT new.speaker_id, new.scope, 1
                WHERE new.status = 0 AND new.speaker_id IS NOT NULL
                ON CONFLICT(speaker_id, scope) DO UPDATE SET active = active + 1;
        END;

        CREATE TRIGGER quotes_terms_au AFTER {UpdateOf} ON quotes WHEN old.status = 0 OR new.status = 0 BEGIN
            UPDATE term_tf SET n = n - 1
                WHERE old.status = 0 AND (term, wtf) IN (SELECT j.value ->> 0, j.value ->> 1 FROM json_each({OldTerms}, '$.t') j);
            DELETE FROM term_tf WHERE old.status = 0 AND n <= 0
                AND (term, wtf) IN (SELECT j.value ->> 0, j.value ->> 1 FROM json_each({OldTerms}, '$.t') j);
            DELETE FROM heavy_postings WHERE old.status = 0 AND doc = old.id
                AND (term, wtf) IN (SELECT j.value ->> 0, j.value ->> 1 FROM json_each({OldTerms}, '$.t') j WHERE j.value ->> 1 >= {HeavyText});
            UPDATE doc_lengths SET n = n - 1 WHERE old.status = 0 AND dl = {OldTerms} ->> '$.dl';
            DELETE FROM doc_lengths WHERE old.status = 0 AND n <= 0 AND dl = {OldTerms} ->> '$.dl';
            INSERT INTO term_tf(term, wtf, n) SELECT j.value ->> 0, j.value ->> 1, 1 FROM json_each({Terms}, '$.t') j WHERE new.status = 0
                ON CONFLICT(term, wtf) DO UPDATE SET n = n + 1;
            INSERT INTO heavy_postings(term, wtf, dl, doc)
                SELECT j.value ->> 0, j.value ->> 1, {Terms} ->> '$.dl', new.id FROM json_each({Terms}, '$.t') j
                WHERE new.status = 0 AND j.value ->> 1 >= {HeavyText};
            INSERT INTO doc_lengths(dl, n) SELECT {Terms} ->> '$.dl', 1 WHERE new.status = 0
                ON CONFLICT(dl) DO UPDATE SET n = n + 1;
        END;

        CREATE TRIGGER quotes_pairs_au AFTER {UpdateOf} ON quotes WHEN old.status = 0 OR new.status = 0 BEGIN
            DELETE FROM pair_postings WHERE old.status = 0 AND (pair, f, dl, doc) IN
                (SELECT a.id * 64 + b.id, j.value ->> 2, {OldTerms} ->> '$.dl', old.id FROM json_each({OldTerms}, '$.p') j {PairRows});
            INSERT INTO pair_postings(pair, f, dl, doc)
                SELECT a.id * 64 + b.id, j.value ->> 2, {Terms} ->> '$.dl', new.id FROM json_each({Terms}, '$.p') j {PairRows}
                WHERE new.status = 0;
        END;
        """;

    // The store's own postings index (Postings/PostingsIndex): its tables, empty; the store creates its settings and
    // builds it from the active quotes in batches when it opens (SqliteQuoteStore.Postings.cs). postings_state says how
    // far the build has come: the index holds exactly the active quotes with an id up to ready_upto (the largest
    // integer once built; 0: empty it and build it again). A row deleted from outside the store (the sqlite3 shell)
    // sets it back to 0, so the store rebuilds the index the next time it opens instead of ranking with stale counts.
    // epoch changes whenever the index is emptied (readers then open it again).
    private const string V11 = PostingsSchema + """

        CREATE TABLE postings_state(key TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
        INSERT INTO postings_state(key, value) VALUES
            ('ready_upto', CASE WHEN EXISTS (SELECT 1 FROM quotes) THEN 0 ELSE 9223372036854775807 END), ('epoch', 0);
        CREATE TRIGGER quotes_px_ad AFTER DELETE ON quotes WHEN old.status = 0 BEGIN
            UPDATE postings_state SET value = 0 WHERE key = 'ready_upto';
        END;
        """;

    private const string PostingsSchema = Postings.PostingsIndex.Schema;

    // Issue 16 (disk), migration 13: every quote row repeated its speaker's folded key (speaker_key, 14 bytes a row in
    // the bench, 13 MiB at 1M quotes), a function of the row's speaker (TextFolding.SpeakerKey) that nothing reads in SQL
    // since migration 12 dropped the triggers feeding FTS5 and the term statistics: the store computes it when it reads
    // a row (ReadQuote), as the postings index already did. The speakers table keeps its key (speaker look-ups). SQLite
    // rewrites the table to drop the column; one transaction with the version row, so a process that dies part-way
    // leaves version 12 whole. The freed pages leave the file when the store opens it (incremental vacuum; files made
    // before auto_vacuum was set reuse them).
    private const string V13 = """
        ALTER TABLE quotes DROP COLUMN speaker_key;
        """;

    // Issue 16 (disk), migration 14: speaker_slots (migration 6) had a unique index on quote_id beside its primary key
    // (speaker_id, scope, slot), and an index of a WITHOUT ROWID table holds the primary key too: every slot's four
    // values were stored twice (43 MiB at 1M quotes). The index served one thing, finding the slot of a quote leaving
    // its group; the triggers now seek that group in the primary key (old.speaker_id, old.scope: the group the quote
    // entered, which a quote leaves before either changes) and look for the quote among its slots. A leave then reads
    // the group's slots (about 20 bytes each: a 10,000-quote group is some 50 pages), adds and picks stay one seek. The
    // table is copied without the constraint (an autoindex cannot be dropped alone), the triggers recreated.
    private const string GroupSlot = "(SELECT slot FROM speaker_slots WHERE speaker_id = old.speaker_id AND scope = old.scope AND quote_id = old.id)";

    private const string SlotLeave14 = $"""
            UPDATE speaker_slots SET slot = -1 - slot WHERE speaker_id = old.speaker_id AND scope = old.scope AND quote_id = old.id;
            UPDATE speaker_slots SET slot = -1 - {GroupSlot}
                WHERE speaker_id = old.speaker_id AND scope = old.scope
                AND slot = (SELECT max(slot) FROM speaker_slots WHERE speaker_id = old.speaker_id AND scope = old.scope)
                AND slot > -1 - {GroupSlot};
            DELETE FROM speaker_slots WHERE speaker_id = old.speaker_id AND scope = old.scope AND quote_id = old.id;
""";

    private const string SlotTriggers14 = $"""
        CREATE TRIGGER quotes_slots_ai AFTER INSERT ON quotes WHEN new.status = 0 AND new.speaker_id IS NOT NULL BEGIN
        {SlotEnter}
        END;

        CREATE TRIGGER quotes_slots_au AFTER UPDATE OF status, speaker_id, scope ON quotes
            WHEN NOT (old.status = 0 AND new.status = 0 AND old.speaker_id IS new.speaker_id AND old.scope = new.scope) BEGIN
        {SlotLeave14}
        {SlotEnter}
        END;

        CREATE TRIGGER quotes_slots_ad AFTER DELETE ON quotes WHEN old.status = 0 AND old.speaker_id IS NOT NULL BEGIN
        {SlotLeave14}
        END;
        """;

    private const string V14 = $"""
        DROP TRIGGER quotes_slots_ai;
        DROP TRIGGER quotes_slots_au;
        DROP TRIGGER quotes_slots_ad;
        CREATE TABLE speaker_slots_14(
            speaker_id INTEGER NOT NULL,
            scope TEXT NOT NULL,
            slot INTEGER NOT NULL,
            quote_id INTEGER NOT NULL,
            PRIMARY KEY(speaker_id, scope, slot)) WITHOUT ROWID;
        INSERT INTO speaker_slots_14(speaker_id, scope, slot, quote_id)
            SELECT speaker_id, scope, slot, quote_id FROM speaker_slots ORDER BY speaker_id, scope, slot;
        DROP TABLE speaker_slots;
        ALTER TABLE speaker_slots_14 RENAME TO speaker_slots;

        {SlotTriggers14}
        """;

    // Issue 16, migration 12: the postings index (migration 11) answers every search, so FTS5 (quotes_fts), the exact
    // term statistics (term_tf, doc_lengths), the heavy postings, the pair postings and the triggers that kept them
    // (a second analysis of every written quote through qb_terms) go. The insert, update and delete triggers keep only
    // the active counts per scope and speaker (the update trigger now fires only on the columns those read). The index
    // itself is not touched here: the store completes it when it opens (SqliteQuoteStore.InitializeAsync builds from
    // the quotes table what postings_state.ready_upto does not yet cover) and a search waits for that build, so a file
    // whose index was half built, or never built, answers exactly. The store's pair words (pair_words, chosen once from
    // term_tf) are the index's own (px_pair_words) whenever the index holds anything; an index that is to be built from
    // scratch (ready_upto 0) takes them over here, and whether they were chosen is kept in postings_state.
    private const string ReadyUpto = "(SELECT value FROM postings_state WHERE key = 'ready_upto')";

    private const string CountTriggers12 = """
        CREATE TRIGGER quotes_ai AFTER INSERT ON quotes WHEN new.status = 0 BEGIN
            INSERT INTO scope_counts(scope, active) VALUES (new.scope, 1)
                ON CONFLICT(scope) DO UPDATE SET active = active + 1;
            INSERT INTO speaker_counts(speaker_id, scope, active) SELECT new.speaker_id, new.scope, 1 WHERE new.speaker_id IS NOT NULL
                ON CONFLICT(speaker_id, scope) DO UPDATE SET active = active + 1;
        END;

        CREATE TRIGGER quotes_au AFTER UPDATE OF id, speaker_id, scope, status ON quotes WHEN old.status = 0 OR new.status = 0 BEGIN
            UPDATE scope_counts SET active = active - 1 WHERE old.status = 0 AND scope = old.scope;
            UPDATE speaker_counts SET active = active - 1 WHERE old.status = 0 AND speaker_id = old.speaker_id AND scope = old.scope;
            INSERT INTO scope_counts(scope, active) SELECT new.scope, 1 WHERE new.status = 0
                ON CONFLICT(scope) DO UPDATE SET active = active + 1;
            INSERT INTO speaker_counts(speaker_id, scope, active) SELECT new.speaker_id, new.scope, 1
                WHERE new.status = 0 AND new.speaker_id IS NOT NULL
                ON CONFLICT(speaker_id, scope) DO UPDATE SET active = active + 1;
        END;

        CREATE TRIGGER quotes_ad AFTER DELETE ON quotes WHEN old.status = 0 BEGIN
            UPDATE scope_counts SET active = active - 1 WHERE scope = old.scope;
            UPDATE speaker_counts SET active = active - 1 WHERE speaker_id = old.speaker_id AND scope = old.scope;
        END;
        """;

    private const string V12 = $"""
        DROP TRIGGER IF EXISTS quotes_terms_ai;
        DROP TRIGGER IF EXISTS quotes_terms_au;
        DROP TRIGGER IF EXISTS quotes_terms_ad;
        DROP TRIGGER IF EXISTS quotes_pairs_ai;
        DROP TRIGGER IF EXISTS quotes_pairs_au;
        DROP TRIGGER IF EXISTS quotes_pairs_ad;
        DROP TRIGGER quotes_ai;
        DROP TRIGGER quotes_au;
        DROP TRIGGER quotes_ad;

        {CountTriggers12}

        DELETE FROM px_pair_words WHERE {ReadyUpto} = 0;
        INSERT INTO px_pair_words(token) SELECT term FROM pair_words WHERE {ReadyUpto} = 0;
        INSERT INTO postings_state(key, value) SELECT 'pair_words_chosen', 1 WHERE EXISTS (SELECT 1 FROM pair_set);

        DROP TABLE quotes_fts;
        DROP TABLE term_tf;
        DROP TABLE doc_lengths;
        DROP TABLE heavy_postings;
        DROP TABLE pair_postings;
        DROP TABLE pair_words;
        DROP TABLE pair_set;
        """;

    // Issue 16 (disk), migration 15: compact quote rows. The outlet and the adder (source_outlet, added_by) were the same
    // few strings in every row (20 bytes a row in the bench); they are now ids of a names row (outlet_id, added_by_id:
    // one byte or none for the first 127 names). source_published ("yyyy-MM-dd", 10 bytes) is published_day, the
    // day number (DateOnly.DayNumber, 3 bytes). added_at holds a UTC time as its ticks (8 bytes instead of 20 to 28 of
    // text); a time with another offset stays text in the round-trip form. Both new columns have no declared type, so
    // a value keeps the storage class it was written with; the store reads either (ReadQuote). The audit view and
    // audit_adds show the add time as text, formatted in SQL exactly as SqliteQuoteStore.FormatTime formats it
    // (TimeText). A value that would not read back the same (a date or time in another form) is kept as it was.
    // SQLite cannot change a column's type, so the table is copied (the row format and its indexes, triggers and view
    // are recreated as they were; AUTOINCREMENT's counter carries over). One transaction with the version row: a
    // failure part-way (a user's view or trigger naming a dropped column, say) leaves version 14 whole.
    internal const string TicksPerSecond = "10000000";

    /// <summary>Seconds from 0001-01-01 to 1970-01-01 (DateTime ticks of the Unix epoch / 10^7).</summary>
    internal const string EpochSeconds = "62135596800";

    /// <summary>SQL: the stored add time <paramref name="value"/> (an SQL expression: UTC ticks or text) as FormatTime's text.</summary>
    internal static string TimeText(string value)
    {
        var x = "(" + value + ")";
        return $"CASE WHEN typeof({x}) = 'integer' THEN strftime('%Y-%m-%dT%H:%M:%S', {x} / {TicksPerSecond} - {EpochSeconds}, 'unixepoch') || " +
        $"CASE WHEN {x} % {TicksPerSecond} = 0 THEN '' ELSE '.' || rtrim(printf('%07d', {x} % {TicksPerSecond}), '0') END || 'Z' ELSE {x} END";
    }

    // The UTC ticks of FormatTime's short UTC form ("2026-03-01T12:00:00.12345Z"); anything else gives something that
    // does not format back to the same text, and the row keeps its text.
    private const string TextTicks =
        "(CAST(strftime('%s', substr(added_at, 1, 19)) AS INTEGER) + " + EpochSeconds + ") * " + TicksPerSecond + " + " +
        "CASE WHEN substr(added_at, 20, 1) = '.' THEN CAST(substr(substr(added_at, 21, length(added_at) - 21) || '0000000', 1, 7) AS INTEGER) ELSE 0 END";

    private static string V15 => $"""
        CREATE TABLE names(
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE);
        INSERT INTO names(name)
            SELECT source_outlet FROM quotes WHERE source_outlet IS NOT NULL UNION SELECT added_by FROM quotes ORDER BY 1;

        DROP VIEW audit;
        CREATE TABLE quotes_15(
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            text TEXT NOT NULL,
            speaker TEXT,
            speaker_id INTEGER REFERENCES speakers(id),
            outlet_id INTEGER,
            source_title TEXT,
            source_url TEXT,
            published_day,
            ctx_paragraph TEXT,
            ctx_before TEXT,
            ctx_after TEXT,
            ctx_audience TEXT,
            scope TEXT NOT NULL,
            added_by_id INTEGER NOT NULL,
            added_at NOT NULL,
            status INTEGER NOT NULL DEFAULT 0,
            dedupe_hash INTEGER NOT NULL,
            add_actor INTEGER REFERENCES actors(id));
        INSERT INTO quotes_15(id, text, speaker, speaker_id, outlet_id, source_title, source_url, published_day, ctx_paragraph,
                ctx_before, ctx_after, ctx_audience, scope, added_by_id, added_at, status, dedupe_hash, add_actor)
            SELECT id, text, speaker, speaker_id, (SELECT n.id FROM names n WHERE n.name = source_outlet), source_title, source_url,
                CASE WHEN date(source_published) IS source_published
                    THEN CAST(julianday(source_published) - julianday('0001-01-01') AS INTEGER) ELSE source_published END,
                ctx_paragraph, ctx_before, ctx_after, ctx_audience, scope, (SELECT n.id FROM names n WHERE n.name = added_by),
                CASE WHEN typeof(added_at) = 'text' AND added_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z'
                    AND {TimeText(TextTicks)} = added_at THEN {TextTicks} ELSE added_at END,
                status, dedupe_hash, add_actor
            FROM quotes ORDER BY id;
        INSERT INTO sqlite_sequence(name, seq) SELECT 'quotes_15', 0
            WHERE EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'quotes') AND NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'quotes_15');
        UPDATE sqlite_sequence SET seq = max(seq, (SELECT seq FROM sqlite_sequence WHERE name = 'quotes')) WHERE name = 'quotes_15';
        DROP TABLE quotes;
        ALTER TABLE quotes_15 RENAME TO quotes;

        CREATE INDEX quotes_speaker ON quotes(speaker_id, id) WHERE status = 0;
        CREATE INDEX quotes_pending ON quotes(scope, id) WHERE status = 2;
        CREATE INDEX quotes_dedupe_hi ON quotes(dedupe_hash >> 32);

        {CountTriggers12}

        {SlotTriggers14}

        CREATE TRIGGER quotes_px_ad AFTER DELETE ON quotes WHEN old.status = 0 BEGIN
            UPDATE postings_state SET value = 0 WHERE key = 'ready_upto';
        END;

        CREATE VIEW audit(id, quote_id, action, actor_id, actor_name, at, before_json, after_json) AS
            SELECT -q.id, q.id, 'add', x.actor_id, x.name, {TimeText("q.added_at")}, NULL, NULL FROM quotes q JOIN actors x ON x.id = q.add_actor
            UNION ALL
            SELECT -d.quote_id, d.quote_id, 'add', x.actor_id, x.name, d.at, NULL, NULL FROM audit_adds d JOIN actors x ON x.id = d.actor
            UNION ALL
            SELECT id, quote_id, action, actor_id, actor_name, at, before_json, after_json FROM audit_log;
        CREATE TRIGGER audit_insert INSTEAD OF INSERT ON audit BEGIN
            INSERT INTO audit_log(id, quote_id, action, actor_id, actor_name, at, before_json, after_json)
                VALUES (new.id, new.quote_id, new.action, new.actor_id, new.actor_name, new.at, new.before_json, new.after_json);
        END;
        """;

    // Issue 16 (disk), migration 16: the long texts of a quote row (text, source_title, ctx_paragraph, ctx_before,
    // ctx_after) are packed by TextPacking (a static order-1 Huffman code: about half the bytes, a microsecond each way)
    // where that is smaller, through qb_pack (registered on the writer); a packed value is a BLOB, a text that would not
    // shrink stays TEXT, and readers take both (SqliteQuoteStore.ReadText, qb_dedupe_key). A row's speaker is NULL where
    // it is exactly its speakers row's name (speakers rows never change); readers take the name then
    // (SqliteQuoteStore.SpeakerColumn). The table is copied, as in migration 15, so the file loses the space the rows
    // gave up (an update in place would leave every page part-empty): the same columns, indexes, triggers and audit
    // view, AUTOINCREMENT's counter carried over. No trigger reads these columns and ids do not change, so the postings
    // index, counts and slots stay as they are. One transaction with the version row: a failure part-way leaves
    // version 15 with every row as it was.
    private static string V16 => $"""
        DROP VIEW audit;
        CREATE TABLE quotes_16(
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            text TEXT NOT NULL,
            speaker TEXT,
            speaker_id INTEGER REFERENCES speakers(id),
            outlet_id INTEGER,
            source_title TEXT,
            source_url TEXT,
            published_day,
            ctx_paragraph TEXT,
            ctx_before TEXT,
            ctx_after TEXT,
            ctx_audience TEXT,
            scope TEXT NOT NULL,
            added_by_id INTEGER NOT NULL,
            added_at NOT NULL,
            status INTEGER NOT NULL DEFAULT 0,
            dedupe_hash INTEGER NOT NULL,
            add_actor INTEGER REFERENCES actors(id));
        INSERT INTO quotes_16(id, text, speaker, speaker_id, outlet_id, source_title, source_url, published_day, ctx_paragraph,
                ctx_before, ctx_after, ctx_audience, scope, added_by_id, added_at, status, dedupe_hash, add_actor)
            SELECT id, qb_pack(text), CASE WHEN speaker = (SELECT s.name FROM speakers s WHERE s.id = speaker_id) THEN NULL ELSE speaker END,
                speaker_id, outlet_id, qb_pack(source_title), source_url, published_day, qb_pack(ctx_paragraph),
                qb_pack(ctx_before), qb_pack(ctx_after), ctx_audience, scope, added_by_id, added_at, status, dedupe_hash, add_actor
            FROM quotes ORDER BY id;
        INSERT INTO sqlite_sequence(name, seq) SELECT 'quotes_16', 0
            WHERE EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'quotes') AND NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'quotes_16');
        UPDATE sqlite_sequence SET seq = max(seq, (SELECT seq FROM sqlite_sequence WHERE name = 'quotes')) WHERE name = 'quotes_16';
        DROP TABLE quotes;
        ALTER TABLE quotes_16 RENAME TO quotes;

        CREATE INDEX quotes_speaker ON quotes(speaker_id, id) WHERE status = 0;
        CREATE INDEX quotes_pending ON quotes(scope, id) WHERE status = 2;
        CREATE INDEX quotes_dedupe_hi ON quotes(dedupe_hash >> 32);

        {CountTriggers12}

        {SlotTriggers14}

        CREATE TRIGGER quotes_px_ad AFTER DELETE ON quotes WHEN old.status = 0 BEGIN
            UPDATE postings_state SET value = 0 WHERE key = 'ready_upto';
        END;

        CREATE VIEW audit(id, quote_id, action, actor_id, actor_name, at, before_json, after_json) AS
            SELECT -q.id, q.id, 'add', x.actor_id, x.name, {TimeText("q.added_at")}, NULL, NULL FROM quotes q JOIN actors x ON x.id = q.add_actor
            UNION ALL
            SELECT -d.quote_id, d.quote_id, 'add', x.actor_id, x.name, d.at, NULL, NULL FROM audit_adds d JOIN actors x ON x.id = d.actor
            UNION ALL
            SELECT id, quote_id, action, actor_id, actor_name, at, before_json, after_json FROM audit_log;
        CREATE TRIGGER audit_insert INSTEAD OF INSERT ON audit BEGIN
            INSERT INTO audit_log(id, quote_id, action, actor_id, actor_name, at, before_json, after_json)
                VALUES (new.id, new.quote_id, new.action, new.actor_id, new.actor_name, new.at, new.before_json, new.after_json);
        END;
        """;

    // Issue 16 (disk), migration 17: the postings index's blocks are written in a compacter form (Postings/Varint.cs:
    // WritePosting folds the commonest weighted frequency, one hit in the text, into the ordinal gap's varint;
    // WritePositions gives a change of column one varint instead of a gap of 2^24 in four bytes), about a quarter less
    // postings payload. The index is not converted in place (the block lengths in px_terms.skip would all change): it is
    // emptied and built again from the quotes table when the store opens, as after a row deleted from outside
    // (ready_upto 0), searches waiting for the build; a file without quotes has nothing to build. Nothing else changes.
    private const string V17 = """
        UPDATE postings_state SET value = 0 WHERE key = 'ready_upto' AND EXISTS (SELECT 1 FROM quotes);
        """;

    // Issue 16 (disk), migration 18: every row held its source link whole, and the links of one site share their
    // "https://host/" (20 of the bench's 28 bytes a row, about 19 MiB at 1M quotes). That part is now the id of a names
    // row (url_host_id, the table of outlets and adders: one row a site) and source_url the rest; a link without
    // "scheme://host/" is kept whole with no id. Readers join them in SQL (SqliteQuoteStore.UrlColumn, in QuoteColumns);
    // writers split with SqliteQuoteStore.UrlHostLength, which cuts where UrlHostLength below does. The table is copied,
    // as in migration 16 (the same columns but the new one, indexes, triggers and audit view; AUTOINCREMENT's counter
    // carried over). No trigger or index reads the link and ids do not change: the postings index, counts and slots are
    // untouched. One transaction with the version row: a failure part-way leaves version 17 with every row as it was.

    /// <summary>SQL: the length of <c>source_url</c>'s "scheme://host/" (through the first slash after "://"), 0 without one.</summary>
    private const string UrlHostLength =
        "CASE WHEN instr(source_url, '://') > 1 AND instr(substr(source_url, instr(source_url, '://') + 3), '/') > 0 " +
        "THEN instr(source_url, '://') + 2 + instr(substr(source_url, instr(source_url, '://') + 3), '/') ELSE 0 END";

    private static string V18 => $"""
        DROP VIEW audit;
        CREATE TABLE quotes_18(
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            text TEXT NOT NULL,
            speaker TEXT,
            speaker_id INTEGER REFERENCES speakers(id),
            outlet_id INTEGER,
            source_title TEXT,
            url_host_id INTEGER,
            source_url TEXT,
            published_day,
            ctx_paragraph TEXT,
            ctx_before TEXT,
            ctx_after TEXT,
            ctx_audience TEXT,
            scope TEXT NOT NULL,
            added_by_id INTEGER NOT NULL,
            added_at NOT NULL,
            status INTEGER NOT NULL DEFAULT 0,
            dedupe_hash INTEGER NOT NULL,
            add_actor INTEGER REFERENCES actors(id));
        INSERT OR IGNORE INTO names(name)
            SELECT DISTINCT substr(source_url, 1, host) FROM (SELECT source_url, {UrlHostLength} AS host FROM quotes) WHERE host > 0 ORDER BY 1;
        INSERT INTO quotes_18(id, text, speaker, speaker_id, outlet_id, source_title, url_host_id, source_url, published_day, ctx_paragraph,
                ctx_before, ctx_after, ctx_audience, scope, added_by_id, added_at, status, dedupe_hash, add_actor)
            SELECT id, text, speaker, speaker_id, outlet_id, source_title,
                CASE WHEN host > 0 THEN (SELECT n.id FROM names n WHERE n.name = substr(source_url, 1, host)) END,
                CASE WHEN host > 0 THEN substr(source_url, host + 1) ELSE source_url END,
                published_day, ctx_paragraph, ctx_before, ctx_after, ctx_audience, scope, added_by_id, added_at, status, dedupe_hash, add_actor
            FROM (SELECT *, {UrlHostLength} AS host FROM quotes) ORDER BY id;
        INSERT INTO sqlite_sequence(name, seq) SELECT 'quotes_18', 0
            WHERE EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'quotes') AND NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'quotes_18');
        UPDATE sqlite_sequence SET seq = max(seq, (SELECT seq FROM sqlite_sequence WHERE name = 'quotes')) WHERE name = 'quotes_18';
        DROP TABLE quotes;
        ALTER TABLE quotes_18 RENAME TO quotes;

        CREATE INDEX quotes_speaker ON quotes(speaker_id, id) WHERE status = 0;
        CREATE INDEX quotes_pending ON quotes(scope, id) WHERE status = 2;
        CREATE INDEX quotes_dedupe_hi ON quotes(dedupe_hash >> 32);

        {CountTriggers12}

        {SlotTriggers14}

        CREATE TRIGGER quotes_px_ad AFTER DELETE ON quotes WHEN old.status = 0 BEGIN
            UPDATE postings_state SET value = 0 WHERE key = 'ready_upto';
        END;

        CREATE VIEW audit(id, quote_id, action, actor_id, actor_name, at, before_json, after_json) AS
            SELECT -q.id, q.id, 'add', x.actor_id, x.name, {TimeText("q.added_at")}, NULL, NULL FROM quotes q JOIN actors x ON x.id = q.add_actor
            UNION ALL
            SELECT -d.quote_id, d.quote_id, 'add', x.actor_id, x.name, d.at, NULL, NULL FROM audit_adds d JOIN actors x ON x.id = d.actor
            UNION ALL
            SELECT id, quote_id, action, actor_id, actor_name, at, before_json, after_json FROM audit_log;
        CREATE TRIGGER audit_insert INSTEAD OF INSERT ON audit BEGIN
            INSERT INTO audit_log(id, quote_id, action, actor_id, actor_name, at, before_json, after_json)
                VALUES (new.id, new.quote_id, new.action, new.actor_id, new.actor_name, new.at, new.before_json, new.after_json);
        END;
        """;

    // Issue 16 (search tail), migration 19: a phrase of a rare and a common word looked each candidate up in the common
    // word's postings rows. Segments now store a map of the quotes holding each of their common words (one bit a quote;
    // Postings/PresenceMaps.cs), written with the segment. The table is made empty here: the segments already written
    // have none, and a search builds their maps from their postings rows when it first needs one (a merge writes them).
    private const string V19 = """
        CREATE TABLE IF NOT EXISTS px_presence(key INTEGER PRIMARY KEY, bits BLOB NOT NULL);
        """;
}
