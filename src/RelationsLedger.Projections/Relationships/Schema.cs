using Microsoft.Data.Sqlite;

namespace RelationsLedger.Projections.Relationships;

/// <summary>
/// The tables of the relationships read model. Days are <see cref="DateOnly.DayNumber"/>;
/// times are UTC ticks; "forever" and "not superseded" are the integer maxima, so that every
/// bitemporal question is two range conditions on an index.
/// </summary>
internal static class Schema
{
    public const long NotSuperseded = long.MaxValue;

    /// <summary>The latest kinds (engagements, statements) have codes from here on: the partial index of their rows covers them.</summary>
    public const int FirstLatestCode = 10;

    public const string Create = """
        CREATE TABLE IF NOT EXISTS relationships (
            id               INTEGER PRIMARY KEY,
            key              TEXT    NOT NULL UNIQUE,   -- canonical 'A~B'
            first_party      TEXT    NOT NULL,
            second_party     TEXT    NOT NULL,
            events           INTEGER NOT NULL,
            last_position    TEXT    NOT NULL,
            last_recorded_at INTEGER NOT NULL
        );

        -- The temporal index of the folded state: one row per version of one item (a designation,
        -- a mission at a level, ...). Engagements and statements: one row per fact (ordinal: its sort
        -- key after the first day, (last day << 32) | revision); the state's latest ten as of a day
        -- are picked from them at query time. The row is the item as the state shows it for every "as of" day
        -- in [valid_from, valid_to), as known from recorded_from until superseded_at. The rows with
        -- superseded_at = max are the current state of every relationship (all it was ever told).
        CREATE TABLE IF NOT EXISTS item_versions (
            id            INTEGER PRIMARY KEY,
            rel_id        INTEGER NOT NULL,
            kind          INTEGER NOT NULL,
            ordinal       INTEGER NOT NULL,
            actor         TEXT,
            counterpart   TEXT,
            level         INTEGER,
            valid_from    INTEGER NOT NULL,
            valid_to      INTEGER NOT NULL,
            recorded_from INTEGER NOT NULL,
            superseded_at INTEGER NOT NULL,
            payload       BLOB    NOT NULL              -- the item in its binary form (ItemCodec), with the event that put it there and its end
        );

        -- The temporal index of facts: each fact of a relationship's resolved timeline (mends applied)
        -- with its effective interval and when the ledger held it in that form.
        CREATE TABLE IF NOT EXISTS facts (
            id            INTEGER PRIMARY KEY,
            rel_id        INTEGER NOT NULL,
            event_id      BLOB    NOT NULL,             -- the UUID's 16 bytes, most significant first (FactEventId)
            revision      INTEGER NOT NULL,
            type          INTEGER NOT NULL,             -- the event type's code in fact_types (FactTypes)
            start_day     INTEGER NOT NULL,             -- the partial date as given (or as corrected): its first and last day,
            end_day       INTEGER NOT NULL,             -- from which the date is read back (a day, a month or a year)
            recorded_at   INTEGER NOT NULL,             -- when the original event was recorded
            recorded_from INTEGER NOT NULL,             -- when this form of it was (the event, or the mend)
            superseded_at INTEGER NOT NULL
        );

        -- The names of facts' types, each given a code the first time a fact of it is written (FactTypes).
        CREATE TABLE IF NOT EXISTS fact_types (
            code INTEGER PRIMARY KEY,
            name TEXT    NOT NULL UNIQUE
        );

        -- What the projection could not take of relationships' streams: events that are not the ledger's (another client
        -- of the store appended them, or they were changed since), passed over rather than stop every question (kind
        -- 'altered', version 3); a stream whose first event in the log is above revision 0, the ones before removed from
        -- the log (kind 'removed', version 4). A question about the relationship is refused naming the first, and answers
        -- across relationships name them.
        CREATE TABLE IF NOT EXISTS passed_over (
            commit_position  INTEGER NOT NULL,
            prepare_position INTEGER NOT NULL,
            kind             TEXT    NOT NULL,          -- 'altered' (an event passed over) or 'removed' (events missing before it)
            position         TEXT    NOT NULL,          -- as the feed and verify write it
            stream           TEXT    NOT NULL,
            revision         INTEGER NOT NULL,
            event_id         TEXT    NOT NULL,
            type             TEXT    NOT NULL,
            first_party      TEXT    NOT NULL,          -- the relationship the stream names
            second_party     TEXT    NOT NULL,
            unreadable       TEXT    NOT NULL,          -- why it is not the ledger's, or what is missing, in verify's words
            PRIMARY KEY (commit_position, prepare_position, kind)
        ) WITHOUT ROWID;

        -- Made anew with the tables: a rebuild, or a read model made again for another ledger or another history, draws another
        -- token. An answer kept in memory (CurrentRows) is used only while the token and its relationship's counters are unchanged.
        CREATE TABLE IF NOT EXISTS generation (
            id    INTEGER PRIMARY KEY CHECK (id = 1),
            token INTEGER NOT NULL                      -- random()
        );
        INSERT OR IGNORE INTO generation (id, token) VALUES (1, random());

        CREATE VIEW IF NOT EXISTS current_items AS
            SELECT r.key AS relationship, i.* FROM item_versions i JOIN relationships r ON r.id = i.rel_id
            WHERE i.superseded_at = 9223372036854775807;
        """;

    /// <summary>
    /// Indexes led by <c>rel_id</c>, kept during a bulk load. It writes its rows relationship by relationship, in the order the
    /// relationships were given their ids, so each row's entry lands at the end of these indexes, in pages the cache holds:
    /// kept during the load they cost less than made after it, each by a scan of its whole table and a sort
    /// (docs/performance.md, round 49). Their pages are left ~88 % full (an entry inserted is not a sorted build's), which
    /// <see cref="AfterBulkLoad"/>'s first index, the largest led by <c>rel_id</c>, would add most to (round 62).
    /// </summary>
    public const string ByRelationship = """
        CREATE INDEX IF NOT EXISTS ix_item_versions_current ON item_versions (rel_id, kind, valid_to, valid_from) WHERE superseded_at = 9223372036854775807; -- NotSuperseded
        CREATE INDEX IF NOT EXISTS ix_item_versions_latest ON item_versions (rel_id, kind, valid_from, ordinal) WHERE kind >= 10; -- FirstLatestCode
        CREATE INDEX IF NOT EXISTS ix_facts_rel ON facts (rel_id, superseded_at);

        """;

    /// <summary>
    /// The indexes a bulk load makes at its end, each by a scan of its table and a sort, which fills its pages: those led by
    /// something else than the relationship (a party, a day), whose entries arrive in no order; and <c>ix_item_versions_rel</c>,
    /// whose pages kept during the load were ~88 % full — 148 of a 100k read model's 9,855 pages (403.7 bytes an event against
    /// goal 5's 400; 397.6 made at the end). Its sort costs the finish ~0.07 s of processor time at 100k and ~2.6 s at 1M, which
    /// the load no longer spends on its entries (docs/performance.md, round 62).
    /// </summary>
    public static readonly string AfterBulkLoad = $"""
        CREATE INDEX IF NOT EXISTS ix_item_versions_rel ON item_versions (rel_id, kind, valid_from, valid_to, superseded_at, recorded_from);
        {PartyIndex.ByActor.Create}
        {PartyIndex.ByCounterpart.Create}
        CREATE INDEX IF NOT EXISTS ix_facts_effective ON facts (start_day, end_day, superseded_at, recorded_from, rel_id, revision, event_id, type, recorded_at);
        CREATE INDEX IF NOT EXISTS ix_passed_over_stream ON passed_over (stream, commit_position);
        CREATE INDEX IF NOT EXISTS ix_passed_over_first ON passed_over (first_party);
        CREATE INDEX IF NOT EXISTS ix_passed_over_second ON passed_over (second_party);
        """;

    /// <summary>
    /// The secondary indexes: created with the tables; in a bulk load (a rebuild), <see cref="ByRelationship"/> with the tables
    /// and <see cref="AfterBulkLoad"/> after the rows.
    /// <c>ix_item_versions_rel</c> serves the state of one relationship, kind by kind, and covers the
    /// bitemporal conditions, so rows that do not hold on the day are skipped without reading them;
    /// <c>ix_item_versions_current</c> holds only the rows never superseded — what a question without "as known at" reads — by
    /// the day they stop holding: as of a late day, the rows still holding are a few of a long relationship's versions, where
    /// <c>ix_item_versions_rel</c> would scan every version that started before the day (30,000 index entries for RU~US at 1M;
    /// the planner picks it for a query that states <c>superseded_at = max</c> as a literal, and falls back when it is missing).
    /// <c>ix_item_versions_latest</c> gives the latest engagements and statements as of a day
    /// (scanned backwards from the day: about ten rows). <c>ix_item_versions_actor</c> and <c>_counterpart</c> find a party's
    /// rows for the questions across relationships (<see cref="PartyIndex"/>), and hold only the kinds those ask about.
    /// <c>ix_facts_effective</c> covers the changed-between question, so a window's facts are read in order from the index alone.
    /// </summary>
    public static readonly string Indexes = ByRelationship + AfterBulkLoad; // after its parts: static fields are set in the file's order

    public const string Drop = """
        DROP VIEW IF EXISTS current_items;
        DROP TABLE IF EXISTS item_versions;
        DROP TABLE IF EXISTS facts;
        DROP TABLE IF EXISTS fact_types;
        DROP TABLE IF EXISTS relationships;
        DROP TABLE IF EXISTS passed_over;
        DROP TABLE IF EXISTS generation;
        """;

    public static void Execute(SqliteConnection c, SqliteTransaction tx, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }
}
