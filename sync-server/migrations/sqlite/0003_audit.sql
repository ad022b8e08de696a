-- The audit log (DESIGN §5): one entry per judged change, written in the push's
-- transaction, never updated or deleted (the triggers refuse it).
CREATE TABLE audit (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    at_ms       INTEGER NOT NULL,
    -- NULL for changes the server made itself (seeding, administration).
    member_id   TEXT,
    device_id   TEXT NOT NULL,
    change_id   TEXT NOT NULL,
    entity      TEXT NOT NULL,
    row_id      TEXT NOT NULL,
    org_id      TEXT NOT NULL,
    -- The row's organisation path ('' when the change named no existing place).
    org_path    TEXT NOT NULL,
    action      TEXT NOT NULL CHECK (action IN ('create', 'edit', 'delete')),
    accepted    INTEGER NOT NULL CHECK (accepted IN (0, 1)),
    -- The refusal as JSON (RejectReason), NULL when accepted.
    reason      TEXT
) STRICT;
CREATE INDEX audit_path ON audit (org_path, id);

CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN
    SELECT RAISE(ABORT, 'audit is append-only');
END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN
    SELECT RAISE(ABORT, 'audit is append-only');
END;
