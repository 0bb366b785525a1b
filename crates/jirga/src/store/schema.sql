-- One schema for SQLite and PostgreSQL: BLOB is rewritten to BYTEA for PostgreSQL, integers are
-- BIGINT everywhere so both decode as i64. The log tables are the truth; the rest is projection.

-- The log is keyed by its index and grows at the right edge: an append touches the last pages of
-- its tables and indexes, however long the log, but for one: the ids' (32 bytes each).
-- (INTEGER PRIMARY KEY is SQLite's row id; PostgreSQL gets BIGINT.)
CREATE TABLE IF NOT EXISTS entries (
    idx INTEGER PRIMARY KEY,
    id BLOB NOT NULL,
    kind TEXT NOT NULL,
    party TEXT NOT NULL,
    author TEXT NOT NULL,
    visibility TEXT NOT NULL,
    logged_at BIGINT NOT NULL,
    incident BLOB,
    leaf BLOB NOT NULL,
    entry BLOB NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS entries_by_id ON entries (id);
-- The leaf hashes alone (40 bytes an entry, appended at the right edge): a start reads them
-- without reading the entries.
CREATE INDEX IF NOT EXISTS entries_leaves ON entries (idx, leaf);
-- The few statements that decide what later ones may do, read at every start: an index of
-- them alone, so a start reads them without walking the whole log.
CREATE INDEX IF NOT EXISTS entries_deciding ON entries (idx) WHERE kind IN ('genesis', 'member.enrol',
    'member.revoke', 'investigation.open', 'investigation.close', 'finding', 'finding.sign', 'hotline.message',
    'hotline.ack', 'crossing.exception', 'crossing.passage', 'window.request', 'window.ack', 'window.signal',
    'duty.roster', 'event.link', 'incident.duplicate', 'violation.report', 'violation.endorse', 'violation.reply',
    'violation.decision', 'violation.follow_up', 'actor.register', 'performance.report', 'verification.visit',
    'verification.access', 'deliverable.outcome', 'deliverable.sign');
-- A mirror holds only the bodies its party may read.
CREATE TABLE IF NOT EXISTS bodies (
    idx INTEGER PRIMARY KEY,
    body BLOB NOT NULL
);
-- The log's hash tiles (C2SP tlog-tiles): each full tile written once, with the batch that
-- completes it. A start reads them instead of every leaf; /tile/ serves them as they are.
CREATE TABLE IF NOT EXISTS tiles (
    level BIGINT NOT NULL,
    idx BIGINT NOT NULL,
    data BLOB NOT NULL,
    PRIMARY KEY (level, idx)
);
CREATE TABLE IF NOT EXISTS checkpoints (
    size BIGINT PRIMARY KEY,
    note TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

-- Which server writes the log (store/lease.rs): its term rises with every takeover.
CREATE TABLE IF NOT EXISTS leases (
    name TEXT PRIMARY KEY,
    holder TEXT NOT NULL,
    term BIGINT NOT NULL,
    expires_ms BIGINT NOT NULL,
    url TEXT
);

-- Sign-in challenges used and tokens ended, shared by the servers of a log (store/sessions.rs).
CREATE TABLE IF NOT EXISTS spent (
    token TEXT PRIMARY KEY,
    expires_ms BIGINT NOT NULL
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
    -- metres to the boundary line (Natural Earth 1:10m)
    line_m DOUBLE PRECISION NOT NULL,
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
    deadline BIGINT NOT NULL,
    -- The answers' verdict (reported, answered, disputed) and the verification's stage
    -- (under_investigation, finding_final, closed); state is the stage when there is one.
    answer TEXT NOT NULL DEFAULT 'reported',
    stage TEXT,
    -- The event a mediator linked this claim into (the link's id), and how many claims it has.
    event TEXT,
    claims BIGINT NOT NULL DEFAULT 1,
    -- The party's own earlier report this one repeats.
    duplicate_of TEXT,
    -- The actor of the register alleged to have acted, and the territory alleged launched from.
    actor TEXT,
    launched_from TEXT
);
CREATE INDEX IF NOT EXISTS incidents_by_event ON incidents (event);
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
-- The amendments of an incident (version 2 on); version 1 is the report itself (incidents.id and
-- idx), so a new report adds no row to a table keyed by its random id here.
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
-- Every status change of a side's gate; the board and the reports take the state at a moment
-- from these (model::crossing), by `since`, not by when the change was logged.
CREATE TABLE IF NOT EXISTS crossing_changes (
    statement TEXT PRIMARY KEY,
    crossing TEXT NOT NULL,
    party TEXT NOT NULL,
    class TEXT NOT NULL,
    only_into TEXT NOT NULL,
    status TEXT NOT NULL,
    since BIGINT NOT NULL,
    reason TEXT NOT NULL,
    notices TEXT NOT NULL,
    idx BIGINT NOT NULL,
    visibility TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS crossing_exceptions (
    statement TEXT PRIMARY KEY,
    crossing TEXT NOT NULL,
    party TEXT NOT NULL,
    class TEXT NOT NULL,
    only_into TEXT NOT NULL,
    unit TEXT NOT NULL,
    phases TEXT NOT NULL,
    purpose TEXT NOT NULL,
    notices TEXT NOT NULL,
    idx BIGINT NOT NULL,
    visibility TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS crossing_passages (
    statement TEXT PRIMARY KEY,
    exception TEXT NOT NULL,
    party TEXT NOT NULL,
    phase BIGINT NOT NULL,
    count BIGINT NOT NULL,
    at BIGINT NOT NULL,
    idx BIGINT NOT NULL,
    visibility TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS crossing_figures (
    statement TEXT PRIMARY KEY,
    crossing TEXT NOT NULL,
    party TEXT NOT NULL,
    measure TEXT NOT NULL,
    value BIGINT NOT NULL,
    as_of BIGINT NOT NULL,
    source TEXT NOT NULL,
    url TEXT NOT NULL,
    idx BIGINT NOT NULL,
    visibility TEXT NOT NULL
);
-- A window of silence: the request as signed (JSON), who has agreed, and the server's marks.
CREATE TABLE IF NOT EXISTS windows (
    statement TEXT PRIMARY KEY,
    party TEXT NOT NULL,
    sector TEXT NOT NULL,
    start_ms BIGINT NOT NULL,
    end_ms BIGINT NOT NULL,
    purpose TEXT NOT NULL,
    request TEXT NOT NULL,
    agreed TEXT NOT NULL,
    in_force_at BIGINT,
    started_at BIGINT,
    ended_at BIGINT,
    idx BIGINT NOT NULL,
    visibility TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS window_acks (
    statement TEXT PRIMARY KEY,
    window_id TEXT NOT NULL,
    party TEXT NOT NULL,
    member TEXT NOT NULL,
    idx BIGINT NOT NULL,
    logged_at BIGINT NOT NULL
);
CREATE TABLE IF NOT EXISTS window_signals (
    statement TEXT PRIMARY KEY,
    window_id TEXT NOT NULL,
    phase TEXT NOT NULL,
    idx BIGINT NOT NULL,
    logged_at BIGINT NOT NULL
);
CREATE TABLE IF NOT EXISTS window_violations (
    window_id TEXT NOT NULL,
    incident TEXT NOT NULL,
    PRIMARY KEY (window_id, incident)
);
CREATE INDEX IF NOT EXISTS window_violations_by_incident ON window_violations (incident);
-- A mediator's link of claims into one event.
CREATE TABLE IF NOT EXISTS events (
    statement TEXT PRIMARY KEY,
    party TEXT NOT NULL,
    claims TEXT NOT NULL,
    note TEXT NOT NULL,
    idx BIGINT NOT NULL,
    logged_at BIGINT NOT NULL,
    visibility TEXT NOT NULL
);
-- A violation carried from a final finding to a consequence: the report, then each step.
CREATE TABLE IF NOT EXISTS violations (
    statement TEXT PRIMARY KEY,
    finding TEXT NOT NULL,
    incident TEXT NOT NULL,
    clause TEXT NOT NULL,
    responsible TEXT NOT NULL,
    party TEXT NOT NULL,
    idx BIGINT NOT NULL,
    logged_at BIGINT NOT NULL,
    visibility TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS violation_steps (
    statement TEXT PRIMARY KEY,
    violation TEXT NOT NULL,
    kind TEXT NOT NULL,
    party TEXT NOT NULL,
    body TEXT NOT NULL,
    idx BIGINT NOT NULL,
    logged_at BIGINT NOT NULL,
    visibility TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS violation_steps_by_violation ON violation_steps (violation, idx);
-- Each step of an obligation's verification, with the deliverable it is about
-- ("agreement/clause/obligation/deliverable") and the step it answers or signs.
-- Signed translations, and the disputes against them.
CREATE TABLE IF NOT EXISTS translations (
    statement TEXT PRIMARY KEY,
    original TEXT NOT NULL,
    lang TEXT NOT NULL,
    party TEXT NOT NULL,
    author TEXT NOT NULL,
    texts TEXT NOT NULL,
    idx BIGINT NOT NULL,
    logged_at BIGINT NOT NULL,
    visibility TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS translations_by_original ON translations (original, lang, idx);
CREATE TABLE IF NOT EXISTS translation_disputes (
    statement TEXT PRIMARY KEY,
    translation TEXT NOT NULL,
    party TEXT NOT NULL,
    reason TEXT NOT NULL,
    lang TEXT NOT NULL,
    idx BIGINT NOT NULL,
    visibility TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS translation_disputes_by_translation ON translation_disputes (translation, idx);
CREATE TABLE IF NOT EXISTS obligation_steps (
    statement TEXT PRIMARY KEY,
    deliverable TEXT NOT NULL,
    kind TEXT NOT NULL,
    party TEXT NOT NULL,
    refers_to TEXT,
    body TEXT NOT NULL,
    idx BIGINT NOT NULL,
    logged_at BIGINT NOT NULL,
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

-- Evidence and joint verification. A file is registered by its SHA-256; the same file may be
-- registered more than once (by each party, for several incidents).
CREATE TABLE IF NOT EXISTS evidence (
    statement TEXT PRIMARY KEY,
    sha256 TEXT NOT NULL,
    size BIGINT NOT NULL,
    media_type TEXT NOT NULL,
    name TEXT,
    party TEXT NOT NULL,
    author TEXT NOT NULL,
    visibility TEXT NOT NULL,
    idx BIGINT NOT NULL,
    logged_at BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS evidence_by_sha256 ON evidence (sha256);
CREATE TABLE IF NOT EXISTS custody (
    statement TEXT PRIMARY KEY,
    registration TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    action TEXT NOT NULL,
    member TEXT NOT NULL,
    party TEXT NOT NULL,
    recipient TEXT,
    byte_range TEXT,
    idx BIGINT NOT NULL,
    logged_at BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS custody_by_sha256 ON custody (sha256, idx);
CREATE TABLE IF NOT EXISTS investigations (
    id TEXT PRIMARY KEY,
    incident TEXT NOT NULL,
    title TEXT NOT NULL,
    opened_by TEXT NOT NULL,
    team TEXT NOT NULL,
    due BIGINT NOT NULL,
    -- open, finding_final or closed
    state TEXT NOT NULL,
    idx BIGINT NOT NULL,
    logged_at BIGINT NOT NULL,
    closed_at BIGINT
);
CREATE INDEX IF NOT EXISTS investigations_by_incident ON investigations (incident, idx);
CREATE TABLE IF NOT EXISTS investigation_notes (
    statement TEXT PRIMARY KEY,
    investigation TEXT NOT NULL,
    author TEXT NOT NULL,
    party TEXT NOT NULL,
    obstruction TEXT,
    visibility TEXT NOT NULL,
    idx BIGINT NOT NULL,
    logged_at BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS notes_by_investigation ON investigation_notes (investigation, idx);
CREATE TABLE IF NOT EXISTS findings (
    statement TEXT PRIMARY KEY,
    investigation TEXT NOT NULL,
    incident TEXT NOT NULL,
    conclusion TEXT NOT NULL,
    attribution TEXT,
    author TEXT NOT NULL,
    visibility TEXT NOT NULL,
    idx BIGINT NOT NULL,
    logged_at BIGINT NOT NULL,
    signatures_due BIGINT NOT NULL,
    -- the log index of the signature that made it final
    final_at BIGINT
);
CREATE INDEX IF NOT EXISTS findings_by_investigation ON findings (investigation, idx);
CREATE TABLE IF NOT EXISTS finding_signatures (
    statement TEXT PRIMARY KEY,
    finding TEXT NOT NULL,
    member TEXT NOT NULL,
    party TEXT NOT NULL,
    stance TEXT NOT NULL,
    idx BIGINT NOT NULL,
    logged_at BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS signatures_by_finding ON finding_signatures (finding, idx);
-- A finding's word on alleged breaches, applied to `breaches` when the finding is final.
CREATE TABLE IF NOT EXISTS finding_breaches (
    finding TEXT NOT NULL,
    clause TEXT NOT NULL,
    party TEXT NOT NULL,
    verdict TEXT NOT NULL,
    PRIMARY KEY (finding, clause, party)
);
-- Per incident, clause and party: alleged (by the report), verified or rejected (by a final finding).
CREATE TABLE IF NOT EXISTS breaches (
    incident TEXT NOT NULL,
    clause TEXT NOT NULL,
    party TEXT NOT NULL,
    state TEXT NOT NULL,
    source TEXT NOT NULL,
    PRIMARY KEY (incident, clause, party)
);
-- What each version of an incident alleged (by its log index), for the record as of a moment.
CREATE TABLE IF NOT EXISTS allegations (
    incident TEXT NOT NULL,
    idx BIGINT NOT NULL,
    clause TEXT NOT NULL,
    party TEXT NOT NULL,
    PRIMARY KEY (incident, idx, clause, party)
);
CREATE TABLE IF NOT EXISTS escalations (
    statement TEXT PRIMARY KEY,
    subject TEXT NOT NULL,
    overdue TEXT NOT NULL,
    due BIGINT NOT NULL,
    -- For an unacknowledged hotline message: backup, then mediators.
    step TEXT,
    idx BIGINT NOT NULL,
    logged_at BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS escalations_by_subject ON escalations (subject, overdue);

-- The hotline: messages (with the parties addressed, comma-separated), acknowledgements, rosters.
CREATE TABLE IF NOT EXISTS hotline_messages (
    statement TEXT PRIMARY KEY,
    party TEXT NOT NULL,
    author TEXT NOT NULL,
    addressed TEXT NOT NULL,
    type TEXT NOT NULL,
    sector TEXT NOT NULL,
    priority TEXT NOT NULL,
    idx BIGINT NOT NULL,
    logged_at BIGINT NOT NULL,
    ack_due BIGINT NOT NULL,
    acked_at BIGINT,
    acked_by TEXT
);
CREATE INDEX IF NOT EXISTS hotline_by_idx ON hotline_messages (idx);
CREATE INDEX IF NOT EXISTS hotline_unacknowledged ON hotline_messages (acked_at, ack_due);
CREATE TABLE IF NOT EXISTS hotline_acks (
    statement TEXT PRIMARY KEY,
    message TEXT NOT NULL,
    member TEXT NOT NULL,
    party TEXT NOT NULL,
    idx BIGINT NOT NULL,
    logged_at BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS acks_by_message ON hotline_acks (message, idx);
CREATE TABLE IF NOT EXISTS duty_rosters (
    statement TEXT PRIMARY KEY,
    party TEXT NOT NULL,
    sector TEXT NOT NULL,
    from_ms BIGINT NOT NULL,
    officers TEXT NOT NULL,
    hq TEXT NOT NULL,
    idx BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS rosters_by_party ON duty_rosters (party, sector, from_ms);
-- Reference events: external data sets (UCDP GED, ACLED), imported by an operator. Not the
-- parties' statements and not in the log: kept apart, each row labelled with its source and
-- licence, and left alone when the projection is rebuilt.
CREATE TABLE IF NOT EXISTS reference_events (
    source TEXT NOT NULL,
    source_id TEXT NOT NULL,
    licence TEXT NOT NULL,
    date_start TEXT NOT NULL,
    date_end TEXT NOT NULL,
    day_ms BIGINT NOT NULL,
    lat DOUBLE PRECISION NOT NULL,
    lon DOUBLE PRECISION NOT NULL,
    geo_precision BIGINT,
    country TEXT NOT NULL,
    admin1 TEXT NOT NULL,
    location TEXT NOT NULL,
    event_type TEXT NOT NULL,
    sub_event_type TEXT NOT NULL,
    actor1 TEXT NOT NULL,
    actor2 TEXT NOT NULL,
    fatalities BIGINT NOT NULL,
    fatalities_low BIGINT,
    fatalities_high BIGINT,
    notes TEXT NOT NULL,
    -- metres to the boundary line, and PK, AF, border or beyond
    line_m DOUBLE PRECISION NOT NULL,
    side TEXT NOT NULL,
    PRIMARY KEY (source, source_id)
);
CREATE INDEX IF NOT EXISTS reference_by_day ON reference_events (day_ms);

-- Reaching people (not part of the log, and not rebuilt from it): where each member asked to be
-- told of hotline messages, and every delivery with its attempts.
CREATE TABLE IF NOT EXISTS contact_channels (
    member TEXT PRIMARY KEY,
    channels TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE TABLE IF NOT EXISTS deliveries (
    id TEXT PRIMARY KEY,
    event_idx BIGINT NOT NULL,
    event TEXT NOT NULL,
    message TEXT NOT NULL,
    member TEXT NOT NULL,
    member_name TEXT NOT NULL,
    party TEXT NOT NULL,
    channel TEXT NOT NULL,
    address TEXT NOT NULL,
    lang TEXT NOT NULL,
    status TEXT NOT NULL,
    attempts BIGINT NOT NULL,
    next_at BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    delivered_at BIGINT,
    last_error TEXT,
    UNIQUE (event_idx, member, channel)
);
CREATE INDEX IF NOT EXISTS deliveries_due ON deliveries (status, next_at);
CREATE INDEX IF NOT EXISTS deliveries_by_message ON deliveries (message, event_idx);
CREATE TABLE IF NOT EXISTS delivery_attempts (
    delivery TEXT NOT NULL,
    attempt BIGINT NOT NULL,
    at BIGINT NOT NULL,
    outcome TEXT NOT NULL,
    detail TEXT,
    PRIMARY KEY (delivery, attempt)
);
