-- Blobs (issue 5). With PostgreSQL several stateless server processes share one
-- database and no disk, so the bytes live here, one row per SHA-256. STORAGE EXTERNAL
-- keeps them uncompressed out of line, so `substring` reads only the range a resumed
-- download asks for instead of the whole value.
CREATE TABLE blobs (
    sha256  TEXT PRIMARY KEY,
    size    BIGINT NOT NULL,
    data    BYTEA NOT NULL
);
ALTER TABLE blobs ALTER COLUMN data SET STORAGE EXTERNAL;
-- The attachment rows naming a hash decide who may download it.
CREATE INDEX rows_blob ON rows ((state::jsonb #>> '{fields,sha256,value}'))
    WHERE entity = 'attachment';
