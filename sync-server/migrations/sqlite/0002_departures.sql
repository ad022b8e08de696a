-- Rows that left an organisation (a member moved to another cell): devices that could
-- read the old place but not the new one are told the row is gone from their scope.
-- Same column names as `rows`, so the scope query applies to both.
CREATE TABLE departures (
    seq             INTEGER NOT NULL,
    row_id          TEXT NOT NULL,
    entity          TEXT NOT NULL,
    org_id          TEXT NOT NULL,
    org_path        TEXT NOT NULL,
    subject_member  TEXT,
    PRIMARY KEY (seq, row_id)
) STRICT;
CREATE INDEX departures_path_seq ON departures (entity, org_path, seq);
CREATE INDEX departures_org_seq ON departures (entity, org_id, seq);
