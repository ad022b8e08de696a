-- Files on tasks and progress reports (issue 14) name blobs too: the index that finds
-- the rows naming a hash covers both kinds of file row.
DROP INDEX IF EXISTS rows_blob;
CREATE INDEX rows_blob ON rows ((state::jsonb #>> '{fields,sha256,value}'))
    WHERE entity IN ('attachment', 'task_file');
