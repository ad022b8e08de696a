-- The device's copy of synced rows. `state` is the merged RowState (server's rows plus
-- this device's pending edits) as JSON with a stamp per field; the other columns are
-- extracted from it for queries and rewritten whenever `state` is.
CREATE TABLE rows (
    row_id    TEXT PRIMARY KEY,
    entity    TEXT NOT NULL,
    org_id    TEXT NOT NULL,
    state     TEXT NOT NULL,
    tombstone INTEGER NOT NULL DEFAULT 0,
    parent_id TEXT,
    full_name TEXT,
    member_id TEXT
);
CREATE INDEX rows_entity_org ON rows (entity, org_id);
CREATE INDEX rows_parent ON rows (parent_id) WHERE parent_id IS NOT NULL;
CREATE INDEX rows_member ON rows (member_id) WHERE member_id IS NOT NULL;

-- Local changes not yet acknowledged by the server, pushed in `seq` order.
CREATE TABLE outbox (
    seq       INTEGER PRIMARY KEY AUTOINCREMENT,
    change_id TEXT NOT NULL UNIQUE,
    row_id    TEXT NOT NULL,
    change    TEXT NOT NULL
);
CREATE INDEX outbox_row ON outbox (row_id);

-- Changes the server refused, kept until the user dismisses them.
CREATE TABLE rejected (
    change_id TEXT PRIMARY KEY,
    entity    TEXT NOT NULL,
    row_id    TEXT NOT NULL,
    reason    TEXT NOT NULL,
    message   TEXT NOT NULL,
    at_ms     INTEGER NOT NULL
);

-- Small settings: identity, credential, server, cursor, clock high-water mark, sync state.
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
