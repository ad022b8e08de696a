-- The audit log (DESIGN §5), as migrations/sqlite/0003_audit.sql: one entry per judged
-- change, written in the push's transaction, never updated or deleted. Ids grow in
-- commit order because pushes hold the seq_counter lock (see 0001).
CREATE TABLE audit (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at_ms       BIGINT NOT NULL,
    -- NULL for changes the server made itself (seeding, administration).
    member_id   TEXT,
    device_id   TEXT NOT NULL,
    change_id   TEXT NOT NULL,
    entity      TEXT NOT NULL,
    row_id      TEXT NOT NULL,
    org_id      TEXT NOT NULL,
    -- The row's organisation path ('' when the change named no existing place).
    org_path    TEXT COLLATE "C" NOT NULL,
    action      TEXT NOT NULL CHECK (action IN ('create', 'edit', 'delete')),
    accepted    BOOLEAN NOT NULL,
    -- The refusal as JSON (RejectReason), NULL when accepted.
    reason      TEXT
);
CREATE INDEX audit_path ON audit (org_path, id);

CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit is append-only';
END;
$$;
CREATE TRIGGER audit_no_update BEFORE UPDATE OR DELETE ON audit
    FOR EACH ROW EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit
    FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();
