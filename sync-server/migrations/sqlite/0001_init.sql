-- Rows: the merged state of every synced row, with its server sequence and the
-- materialised path of its owning organisation (subtree = one range on org_path).
CREATE TABLE rows (
    row_id          TEXT PRIMARY KEY,
    entity          TEXT NOT NULL,
    org_id          TEXT NOT NULL,
    org_path        TEXT NOT NULL,
    -- The member the row is about (member rows: itself; positions: the holder).
    subject_member  TEXT,
    card_no         TEXT,
    tombstoned      INTEGER NOT NULL DEFAULT 0,
    seq             INTEGER NOT NULL UNIQUE,
    state           TEXT NOT NULL
) STRICT;
CREATE INDEX rows_path_seq ON rows (entity, org_path, seq);
CREATE INDEX rows_org_seq ON rows (entity, org_id, seq);
CREATE INDEX rows_subject ON rows (subject_member) WHERE subject_member IS NOT NULL;
CREATE INDEX rows_card ON rows (card_no) WHERE card_no IS NOT NULL;

-- Every pushed change and its outcome: idempotent retries, and the audit log of who
-- changed what from which device. Append-only.
CREATE TABLE changes (
    change_id     TEXT PRIMARY KEY,
    device_id     TEXT NOT NULL,
    row_id        TEXT NOT NULL,
    content_hash  TEXT NOT NULL,
    -- Accepted: the sequence; rejected: the reason as JSON.
    seq           INTEGER,
    reject        TEXT,
    received_ms   INTEGER NOT NULL,
    content       TEXT NOT NULL
) STRICT;
CREATE INDEX changes_row ON changes (row_id);

CREATE TABLE devices (
    device_id    TEXT PRIMARY KEY,
    member_id    TEXT NOT NULL,
    name         TEXT NOT NULL,
    secret_hash  TEXT NOT NULL,
    created_ms   INTEGER NOT NULL,
    revoked_ms   INTEGER
) STRICT;
CREATE INDEX devices_member ON devices (member_id);

CREATE TABLE enroll_codes (
    code_hash   TEXT PRIMARY KEY,
    member_id   TEXT NOT NULL,
    created_ms  INTEGER NOT NULL,
    expires_ms  INTEGER NOT NULL,
    used_ms     INTEGER,
    device_id   TEXT
) STRICT;
