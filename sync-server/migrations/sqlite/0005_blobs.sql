-- Blobs (issue 5): the bytes are files under the data directory (`blobs/ab/abcd…`,
-- named by their SHA-256); the database only finds the attachment rows naming a hash,
-- which decide who may download it.
CREATE INDEX rows_blob ON rows (json_extract(state, '$.fields.sha256.value'))
    WHERE entity = 'attachment';
