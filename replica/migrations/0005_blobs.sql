-- Attachment files on this device (issue 5), by SHA-256: the bytes are files in
-- HOME/blobs/<sha256> (a cut download is HOME/blobs/<sha256>.part until complete and
-- checked). A row exists only for a complete, checked file.
CREATE TABLE blob_files (
    sha256          TEXT PRIMARY KEY,
    size            INTEGER NOT NULL,
    -- "Lưu ngoại tuyến": kept when storage is freed.
    pinned          INTEGER NOT NULL DEFAULT 0,
    -- Attached here and not yet on the server.
    upload_pending  INTEGER NOT NULL DEFAULT 0,
    -- Why the server refused the last upload (Vietnamese).
    upload_error    TEXT,
    stored_ms       INTEGER NOT NULL
);
