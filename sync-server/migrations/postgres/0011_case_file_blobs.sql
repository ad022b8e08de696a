-- A case's documents (issue 17) name blobs too: the index that finds the rows naming
-- a hash covers every kind of file row.
DROP INDEX IF EXISTS rows_blob;
CREATE INDEX rows_blob ON rows ((state::jsonb #>> '{fields,sha256,value}'))
    WHERE entity IN ('attachment', 'task_file', 'case_file');
