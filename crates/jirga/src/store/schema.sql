-- One schema for SQLite and PostgreSQL: BLOB is rewritten to BYTEA for PostgreSQL, integers are
-- BIGINT everywhere so both decode as i64. The log tables are the truth; the rest is projection.

CREATE TABLE IF NOT EXISTS entries (
    idx BIGINT PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    party TEXT NOT NULL,
    author TEXT NOT NULL,
    visibility TEXT NOT NULL,
    logged_at BIGINT NOT NULL,
    incident TEXT,
    leaf BLOB NOT NULL,
    entry BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS bodies (
    id TEXT PRIMARY KEY,
    body BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS checkpoints (
    size BIGINT PRIMARY KEY,
    note TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE IF NOT EXISTS cosignatures (
    size BIGINT NOT NULL,
    witness TEXT NOT NULL,
    line TEXT NOT NULL,
    PRIMARY KEY (size, witness)
);

CREATE TABLE IF NOT EXISTS meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- projection
CREATE TABLE IF NOT EXISTS members (
    key TEXT PRIMARY KEY,
    party TEXT NOT NULL,
    name TEXT NOT NULL,
    roles TEXT NOT NULL,
    enrolled_at BIGINT NOT NULL,
    revoked_at BIGINT
);
CREATE TABLE IF NOT EXISTS incidents (
    id TEXT PRIMARY KEY,
    idx BIGINT NOT NULL,
    latest TEXT NOT NULL,
    versions BIGINT NOT NULL,
    reporter TEXT NOT NULL,
    party TEXT NOT NULL,
    accused TEXT,
    category TEXT NOT NULL,
    sector TEXT NOT NULL,
    place TEXT,
    lat DOUBLE PRECISION NOT NULL,
    lon DOUBLE PRECISION NOT NULL,
    precision_m BIGINT NOT NULL,
    occurred_start BIGINT NOT NULL,
    occurred_end BIGINT,
    logged_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    visibility TEXT NOT NULL,
    title TEXT NOT NULL,
    title_lang TEXT NOT NULL,
    killed BIGINT NOT NULL,
    wounded BIGINT NOT NULL,
    responses BIGINT NOT NULL,
    state TEXT NOT NULL,
    deadline BIGINT NOT NULL
);
-- The list walks an index in (occurred_start, idx) order and stops at a page; the trailing
-- columns let it test a bounding box and the viewer's visibility on the index entry, without
-- reading the row, so a narrow box or a sealed majority costs index entries, not table pages.
DROP INDEX IF EXISTS incidents_by_time;
CREATE INDEX IF NOT EXISTS incidents_by_time_geo ON incidents (occurred_start, idx, lon, lat, visibility, party);
DROP INDEX IF EXISTS incidents_by_sector;
CREATE INDEX IF NOT EXISTS incidents_by_sector_geo ON incidents (sector, occurred_start, idx, category, lon, lat, visibility, party);
DROP INDEX IF EXISTS incidents_by_category;
CREATE INDEX IF NOT EXISTS incidents_by_category_geo ON incidents (category, occurred_start, idx, sector, lon, lat, visibility, party);
-- No index leads with the reporting party: with two parties it halves nothing, and the time
-- index carries the party. (An index on it only tempts the planner away from a better one.)
DROP INDEX IF EXISTS incidents_by_party;
-- By status in time order: "unanswered" is state 'reported' with the deadline passed, so the
-- deadline rides along to be tested on the index entry.
DROP INDEX IF EXISTS incidents_by_state;
CREATE INDEX IF NOT EXISTS incidents_by_state_time ON incidents (state, occurred_start, idx, deadline, visibility, party);
CREATE TABLE IF NOT EXISTS incident_versions (
    incident TEXT NOT NULL,
    version BIGINT NOT NULL,
    statement TEXT NOT NULL,
    idx BIGINT NOT NULL,
    PRIMARY KEY (incident, version)
);
CREATE TABLE IF NOT EXISTS responses (
    statement TEXT PRIMARY KEY,
    incident TEXT NOT NULL,
    idx BIGINT NOT NULL,
    party TEXT NOT NULL,
    position TEXT NOT NULL,
    visibility TEXT NOT NULL,
    logged_at BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS responses_by_incident ON responses (incident, idx);
CREATE TABLE IF NOT EXISTS crossings (
    crossing TEXT NOT NULL,
    party TEXT NOT NULL,
    status TEXT NOT NULL,
    since BIGINT NOT NULL,
    statement TEXT NOT NULL,
    idx BIGINT NOT NULL,
    visibility TEXT NOT NULL,
    PRIMARY KEY (crossing, party)
);
CREATE TABLE IF NOT EXISTS crossing_changes (
    statement TEXT PRIMARY KEY,
    crossing TEXT NOT NULL,
    party TEXT NOT NULL,
    status TEXT NOT NULL,
    since BIGINT NOT NULL,
    idx BIGINT NOT NULL,
    visibility TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS public_statements (
    statement TEXT PRIMARY KEY,
    party TEXT NOT NULL,
    speaker TEXT NOT NULL,
    published BIGINT NOT NULL,
    idx BIGINT NOT NULL
);
CREATE TABLE IF NOT EXISTS statement_links (
    statement TEXT NOT NULL,
    incident TEXT NOT NULL,
    PRIMARY KEY (statement, incident)
);
CREATE INDEX IF NOT EXISTS statement_links_by_incident ON statement_links (incident);
