//! The SQLite schema. Documented for users in ARCHITECTURE.md; bump
//! [`SCHEMA_VERSION`] on any change.

/// The version this build reads and writes.
pub const SCHEMA_VERSION: i64 = 4;

/// Versions this build can open: older ones are migrated by a writer
/// (version 1 lacks `pages` and `crawl_state`, version 2 `claims`: the
/// tables are added; documents stored before claims existed get an empty
/// hash, so the next ingest of the same input recomputes them; version 3
/// lacks the claim columns `canonical`, `kind`, `unit_family`, `partial`,
/// `converted`, `converted_unit`: they are added and every document's
/// figures and claims are recomputed from the stored text and structure,
/// in the migrating transaction, see [`crate::rebuild`]).
pub const READABLE_VERSIONS: std::ops::RangeInclusive<i64> = 1..=4;

/// Columns version 4 added to `claims`, as `ALTER TABLE` clauses.
pub const CLAIM_COLUMNS_V4: &[&str] = &[
    "canonical TEXT",
    "kind TEXT NOT NULL DEFAULT 'level'",
    "unit_family TEXT NOT NULL DEFAULT ''",
    "partial INTEGER NOT NULL DEFAULT 0",
    "converted REAL",
    "converted_unit TEXT",
];

/// Creates every table of an empty store.
pub const CREATE: &str = r#"
CREATE TABLE IF NOT EXISTS meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- One row per document: the text as decoded (offsets index into it) and
-- what the source said about it.
CREATE TABLE IF NOT EXISTS documents (
    id          TEXT PRIMARY KEY,
    title       TEXT,
    date        TEXT,            -- YYYY-MM-DD (or YYYY-MM, YYYY)
    place       TEXT,
    url         TEXT,
    text        TEXT NOT NULL,
    chars       INTEGER NOT NULL, -- code points in text
    words       INTEGER NOT NULL, -- words in text (alphanumeric runs)
    metadata    TEXT NOT NULL,    -- JSON object: other fields of the source
    hash        TEXT NOT NULL,    -- SHA-256 of id, metadata and text
    generation  INTEGER NOT NULL, -- ingest batch that wrote this version
    added_at    TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS documents_date ON documents(date);
CREATE INDEX IF NOT EXISTS documents_generation ON documents(generation);

-- Where each document came from.
CREATE TABLE IF NOT EXISTS sources (
    doc_id   TEXT PRIMARY KEY,
    path     TEXT NOT NULL,
    locator  TEXT,               -- "line 12" within a dataset
    hash     TEXT NOT NULL,
    bytes    INTEGER NOT NULL,   -- UTF-8 bytes of the text
    read_at  TEXT NOT NULL
);

-- Speaker turns. role: the role of the label, or the one the person's
-- earlier label in the document gave.
CREATE TABLE IF NOT EXISTS turns (
    doc_id      TEXT NOT NULL,
    idx         INTEGER NOT NULL,
    start       INTEGER NOT NULL,
    end         INTEGER NOT NULL,
    label_start INTEGER NOT NULL,
    label_end   INTEGER NOT NULL,
    label       TEXT NOT NULL,
    person_id   TEXT,             -- NULL for generic speakers (Question, Remark)
    name        TEXT,
    role        TEXT,
    note        TEXT,
    generic     INTEGER NOT NULL,
    words       INTEGER NOT NULL,
    PRIMARY KEY (doc_id, idx)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS turns_person ON turns(person_id);

-- Every piece of text: lead, narration, turn labels, speech, artefacts.
-- Together they hold every word of the document.
CREATE TABLE IF NOT EXISTS paragraphs (
    doc_id    TEXT NOT NULL,
    idx       INTEGER NOT NULL,
    part      TEXT NOT NULL,     -- lead | narration | label | speech | artefact
    turn_idx  INTEGER,
    start     INTEGER NOT NULL,
    end       INTEGER NOT NULL,
    words     INTEGER NOT NULL,
    PRIMARY KEY (doc_id, idx)
) WITHOUT ROWID;

-- Vocatives and whom they address.
CREATE TABLE IF NOT EXISTS addressees (
    doc_id    TEXT NOT NULL,
    turn_idx  INTEGER NOT NULL,
    start     INTEGER NOT NULL,
    end       INTEGER NOT NULL,
    text      TEXT NOT NULL,
    person_id TEXT,
    PRIMARY KEY (doc_id, start)
) WITHOUT ROWID;

-- Figures and dates (DESIGN.md's mention), relative dates resolved against
-- the document date.
CREATE TABLE IF NOT EXISTS mentions (
    doc_id          TEXT NOT NULL,
    idx             INTEGER NOT NULL,
    turn_idx        INTEGER,
    kind            TEXT NOT NULL,
    start           INTEGER NOT NULL,
    end             INTEGER NOT NULL,
    text            TEXT NOT NULL,
    value,                         -- no type: a number, or an ISO 8601 string (dates, durations)
    high,                          -- the high end of a range, the same way
    unit            TEXT,
    qualifier       TEXT,
    qualifier_start INTEGER,
    qualifier_end   INTEGER,
    bound           TEXT NOT NULL,
    offset          TEXT,
    PRIMARY KEY (doc_id, idx)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS mentions_kind ON mentions(kind);

CREATE TABLE IF NOT EXISTS omissions (
    doc_id TEXT NOT NULL,
    start  INTEGER NOT NULL,
    end    INTEGER NOT NULL,
    PRIMARY KEY (doc_id, start)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS artefacts (
    doc_id TEXT NOT NULL,
    kind   TEXT NOT NULL,
    start  INTEGER NOT NULL,
    end    INTEGER NOT NULL,
    PRIMARY KEY (doc_id, start)
) WITHOUT ROWID;

-- Numeric claims: a figure tied to the indicator it measures.
CREATE TABLE IF NOT EXISTS claims (
    doc_id          TEXT NOT NULL,
    idx             INTEGER NOT NULL,
    turn_idx        INTEGER,
    person_id       TEXT,
    name            TEXT,
    indicator       TEXT NOT NULL,     -- grouping key: canonical id, else the phrase's key (job, criminal case opened)
    indicator_text  TEXT NOT NULL,     -- as written
    indicator_start INTEGER NOT NULL,
    indicator_end   INTEGER NOT NULL,
    detail          TEXT,              -- the part: energy (trade), minimum (wage) …
    scope           TEXT NOT NULL,     -- countries, sorted, joined with '+'
    period          TEXT,              -- ISO 8601: 2019, 2019-Q1, 2012-01/2012-10, 2000/..
    value           REAL NOT NULL,
    high            REAL,
    unit            TEXT,
    qualifier       TEXT,
    bound           TEXT NOT NULL,
    change          INTEGER NOT NULL,  -- 1: a change (grew by), 0: a level
    direction       TEXT,              -- up, down
    forecast        INTEGER NOT NULL,  -- 1: a forecast, plan or target
    source          TEXT,              -- as the text attributes it
    start           INTEGER NOT NULL,  -- the value's span
    end             INTEGER NOT NULL,
    sentence_start  INTEGER NOT NULL,
    sentence_end    INTEGER NOT NULL,
    canonical       TEXT,              -- the known indicator (trade …) when the phrase maps to one
    kind            TEXT NOT NULL DEFAULT 'level', -- level | share | change | ratio
    unit_family     TEXT NOT NULL DEFAULT '',      -- currency | percent | count | physical | multiple | years | number
    partial         INTEGER NOT NULL DEFAULT 0,    -- 1: the period is part of a year
    converted       REAL,              -- the bracketed conversion's value ("[$300 million]")
    converted_unit  TEXT,
    PRIMARY KEY (doc_id, idx)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS claims_indicator ON claims(indicator, scope);

-- Every version of every page the fetcher downloaded. The bytes are in
-- pages/<sha256>.html in the data directory (content-addressed, never
-- overwritten), so every old version stays retrievable.
CREATE TABLE IF NOT EXISTS pages (
    url           TEXT NOT NULL,
    version       INTEGER NOT NULL,  -- 1, 2, … per url, one per distinct content
    event_id      TEXT,
    fetched_at    TEXT NOT NULL,     -- RFC 3339 UTC
    status        INTEGER NOT NULL,
    etag          TEXT,
    last_modified TEXT,
    sha256        TEXT NOT NULL,
    bytes         INTEGER NOT NULL,
    doc_id        TEXT,              -- the document ingested from it
    PRIMARY KEY (url, version)
) WITHOUT ROWID;

-- Named subcorpus definitions for the analyses (`speaker=putin,from=2014`).
CREATE TABLE IF NOT EXISTS subcorpora (
    name TEXT PRIMARY KEY,
    spec TEXT NOT NULL
);

-- The fetcher's resumable progress.
CREATE TABLE IF NOT EXISTS crawl_state (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- Derived from turns at the end of every ingest.
CREATE TABLE IF NOT EXISTS persons (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    turns      INTEGER NOT NULL,
    words      INTEGER NOT NULL,
    documents  INTEGER NOT NULL,
    first_date TEXT,
    last_date  TEXT
);
CREATE TABLE IF NOT EXISTS roles (
    person_id  TEXT NOT NULL,
    role       TEXT NOT NULL,
    turns      INTEGER NOT NULL,
    documents  INTEGER NOT NULL,
    first_date TEXT,
    last_date  TEXT,
    PRIMARY KEY (person_id, role)
) WITHOUT ROWID;
"#;

/// Tables holding one document's parsed structure, cleared on replacement.
pub const PER_DOCUMENT: &[&str] = &[
    "claims",
    "turns",
    "paragraphs",
    "addressees",
    "mentions",
    "omissions",
    "artefacts",
];

/// Rebuilds `persons` and `roles` from `turns`.
pub const REBUILD_PERSONS: &str = r#"
DELETE FROM persons;
DELETE FROM roles;
INSERT INTO persons (id, name, turns, words, documents, first_date, last_date)
SELECT t.person_id,
       (SELECT n.name FROM turns n WHERE n.person_id = t.person_id
         GROUP BY n.name ORDER BY count(*) DESC, n.name LIMIT 1),
       count(*), sum(t.words), count(DISTINCT t.doc_id), min(d.date), max(d.date)
FROM turns t JOIN documents d ON d.id = t.doc_id
WHERE t.person_id IS NOT NULL
GROUP BY t.person_id;
INSERT INTO roles (person_id, role, turns, documents, first_date, last_date)
SELECT t.person_id, t.role, count(*), count(DISTINCT t.doc_id), min(d.date), max(d.date)
FROM turns t JOIN documents d ON d.id = t.doc_id
WHERE t.person_id IS NOT NULL AND t.role IS NOT NULL
GROUP BY t.person_id, t.role;
UPDATE meta SET value = '0' WHERE key = 'persons_stale';
"#;
