-- Blobs in chunks (issue 12): one `blob_chunks` row per MiB, so an upload is written
-- and a download read a chunk at a time, and neither the server nor PostgreSQL holds a
-- whole file in memory. `blobs` keeps one row per SHA-256 with its size, inserted in
-- the same transaction as the chunks, so a blob is visible only when complete.
CREATE TABLE blob_chunks (
    sha256  TEXT    NOT NULL,
    n       INTEGER NOT NULL,
    data    BYTEA   NOT NULL,
    PRIMARY KEY (sha256, n)
);
ALTER TABLE blob_chunks ALTER COLUMN data SET STORAGE EXTERNAL;
INSERT INTO blob_chunks (sha256, n, data)
    SELECT b.sha256, g.n, substring(b.data FROM g.n * 1048576 + 1 FOR 1048576)
    FROM blobs b, generate_series(0, ((b.size - 1) / 1048576)::integer) AS g(n)
    WHERE b.size > 0;
ALTER TABLE blobs DROP COLUMN data;
