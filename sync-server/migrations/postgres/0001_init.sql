-- The same tables as the SQLite backend (migrations/sqlite/0001 + 0002), in one file
-- because the PostgreSQL backend started from that state.
--
-- Paths compare byte-wise (COLLATE "C"): a subtree is the range
-- `org_path > prefix AND org_path < upper_bound(prefix)` (see tree::OrgPath).
CREATE TABLE rows (
    row_id          TEXT PRIMARY KEY,
    entity          TEXT NOT NULL,
    org_id          TEXT NOT NULL,
    org_path        TEXT COLLATE "C" NOT NULL,
    -- The member the row is about (member rows: itself; positions: the holder).
    subject_member  TEXT,
    card_no         TEXT,
    tombstoned      BOOLEAN NOT NULL DEFAULT FALSE,
    seq             BIGINT NOT NULL UNIQUE,
    state           TEXT NOT NULL
);
CREATE INDEX rows_path_seq ON rows (entity, org_path, seq);
CREATE INDEX rows_org_seq ON rows (entity, org_id, seq);
CREATE INDEX rows_subject ON rows (subject_member) WHERE subject_member IS NOT NULL;
CREATE INDEX rows_card ON rows (card_no) WHERE card_no IS NOT NULL;

-- The last sequence number handed out. A push takes this row's lock first
-- (`SELECT … FOR UPDATE`) and keeps it to commit, so pushes from every server process
-- run one at a time and commit in sequence order: a pull never sees seq n+1 before n.
CREATE TABLE seq_counter (
    only_row  BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (only_row),
    v         BIGINT NOT NULL
);
INSERT INTO seq_counter (only_row, v) VALUES (TRUE, 0);

-- Every pushed change and its outcome: idempotent retries and the audit log.
CREATE TABLE changes (
    change_id     TEXT PRIMARY KEY,
    device_id     TEXT NOT NULL,
    row_id        TEXT NOT NULL,
    content_hash  TEXT NOT NULL,
    seq           BIGINT,
    reject        TEXT,
    received_ms   BIGINT NOT NULL,
    content       TEXT NOT NULL
);
CREATE INDEX changes_row ON changes (row_id);

CREATE TABLE devices (
    device_id    TEXT PRIMARY KEY,
    member_id    TEXT NOT NULL,
    name         TEXT NOT NULL,
    secret_hash  TEXT NOT NULL,
    created_ms   BIGINT NOT NULL,
    revoked_ms   BIGINT
);
CREATE INDEX devices_member ON devices (member_id);

CREATE TABLE enroll_codes (
    code_hash   TEXT PRIMARY KEY,
    member_id   TEXT NOT NULL,
    created_ms  BIGINT NOT NULL,
    expires_ms  BIGINT NOT NULL,
    used_ms     BIGINT,
    device_id   TEXT
);

-- Rows that left an organisation: same column names as `rows`, so the scope query
-- applies to both.
CREATE TABLE departures (
    seq             BIGINT NOT NULL,
    row_id          TEXT NOT NULL,
    entity          TEXT NOT NULL,
    org_id          TEXT NOT NULL,
    org_path        TEXT COLLATE "C" NOT NULL,
    subject_member  TEXT,
    PRIMARY KEY (seq, row_id)
);
CREATE INDEX departures_path_seq ON departures (entity, org_path, seq);
CREATE INDEX departures_org_seq ON departures (entity, org_id, seq);
